#!/usr/bin/env python3
"""Builds the benchmark corpora under bench/corpus/ (generated, never committed).

  base.txt          German prose: the fortunes of fortunes-de and the German manpages of
                    manpages-de rendered to plain UTF-8 text (groff), cleaned
  prose-10mb.txt    ~10 MB (10,000,000 bytes) of that prose, paragraphs shuffled
  prose-100mb.txt   ~100 MB (100,000,000 bytes)
  drafts/NN/*.txt   10,000 drafts of ~2 KB, made from tests/corpus/drafts with other
                    names, numbers, dates and paragraph mixes (100 folders of 100)
  draft-2kb.txt     one of them, for the per-draft latency

Everything is deterministic (fixed seed) and rebuilt only when missing.
Usage: make_corpus.py [--force]
"""
import glob
import gzip
import os
import random
import re
import subprocess
import sys
import unicodedata

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
CORPUS = os.path.join(BENCH, "corpus")
DRAFT_SOURCES = os.path.join(ROOT, "tests", "corpus", "drafts")
FORTUNES = "/usr/share/games/fortunes/de"
MANPAGES = "/usr/share/man/de"
SEED = 20260312

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean(text):
    """Valid UTF-8 prose: no control characters but newline and tab, no runs of blank lines."""
    text = CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text


def fortunes():
    parts = []
    for path in sorted(glob.glob(os.path.join(FORTUNES, "*"))):
        if path.endswith((".dat", ".u8")) or os.path.islink(path) or not os.path.isfile(path):
            continue
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="ignore")
        # fortunes are separated by lines holding a single %
        parts.extend(p.strip("\n") for p in re.split(r"\n%\n", text) if p.strip())
    return parts


def render_manpages():
    """All German manpages through one groff run per half (a groff start per page is slow)."""
    pages = sorted(glob.glob(os.path.join(MANPAGES, "man*", "*.gz")))
    halves = [pages[0::2], pages[1::2]]
    procs = []
    for half in halves:
        proc = subprocess.Popen(
            ["groff", "-k", "-Tutf8", "-man", "-P-cbou", "-rLL=78n"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        procs.append(proc)

    # feed both groffs from threads so neither blocks on a full pipe
    import threading

    def feed(proc, half):
        for page in half:
            try:
                with gzip.open(page, "rb") as f:
                    data = f.read()
            except OSError:
                continue
            if data.lstrip().startswith(b".so "):  # a redirect to another page
                continue
            proc.stdin.write(data + b"\n")
        proc.stdin.close()

    threads = [threading.Thread(target=feed, args=(p, h)) for p, h in zip(procs, halves)]
    for t in threads:
        t.start()
    outputs = [p.stdout.read() for p in procs]
    for t in threads:
        t.join()
    for p in procs:
        p.wait()
    text = b"".join(outputs).decode("utf-8", errors="ignore")
    # paragraphs: blocks separated by blank lines; drop running headers/footers
    paragraphs = []
    for block in re.split(r"\n\s*\n", text):
        lines = [l for l in block.split("\n") if l.strip()]
        if not lines:
            continue
        if len(lines) == 1 and re.search(r"\(\d\w*\)\s*$", lines[0]):
            continue  # "LS(1)   Dienstprogramme   LS(1)" and page footers
        paragraphs.append("\n".join(lines))
    return paragraphs, len(pages)


def build_base(force):
    path = os.path.join(CORPUS, "base.txt")
    if os.path.exists(path) and not force:
        return path
    if not os.path.isdir(MANPAGES) or not os.path.isdir(FORTUNES):
        sys.exit("make_corpus: install manpages-de and fortunes-de (apt-get install manpages-de fortunes-de)")
    man, pages = render_manpages()
    fort = fortunes()
    text = clean("\n\n".join(fort + man) + "\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"make_corpus: base.txt {len(text.encode()) / 1e6:.1f} MB from {pages} manpages "
          f"({len(man)} paragraphs) and {len(fort)} fortunes")
    return path


def build_prose(base, name, size, force):
    path = os.path.join(CORPUS, name)
    if os.path.exists(path) and not force:
        return path
    with open(base, encoding="utf-8") as f:
        paragraphs = f.read().split("\n\n")
    rng = random.Random(f"{SEED}-{name}")
    written = 0
    with open(path, "w", encoding="utf-8") as out:
        while written < size:
            order = paragraphs[:]
            rng.shuffle(order)  # each round in another order, so it is not one text repeated
            for p in order:
                chunk = (p + "\n\n").encode("utf-8")
                if written + len(chunk) > size:
                    # fill up to the exact size with whole characters of the paragraph
                    rest = chunk[: size - written].decode("utf-8", errors="ignore").encode("utf-8")
                    out.write(rest.decode("utf-8"))
                    written += len(rest)
                    break
                out.write(p + "\n\n")
                written += len(chunk)
            else:
                continue
            break
    print(f"make_corpus: {name} {os.path.getsize(path) / 1e6:.1f} MB")
    return path


SURNAMES = ["Köhler", "Schmidt", "Müller", "Weiß", "Öztürk", "Bäcker", "Jäger", "Krüger",
            "Lange", "Schäfer", "Nowak", "Yılmaz", "Hoffmann", "Groß", "Fuchs", "Kühn", "Abel",
            "Becker", "Dąbrowski", "Nguyen", "Papadopoulos", "Brandt", "Vogel", "Zimmermann"]
FIRSTNAMES = ["Sabine", "Jürgen", "Anna", "Mehmet", "Lena", "Björn", "Zoë", "Ingrid",
              "Tobias", "Ayşe", "René", "Maja", "Jörg", "Fatma", "Luca", "Grete"]
TEAMS = ["Ihr Support-Team", "Ihr Kundenservice", "Das Service-Team", "Ihre Kundenbetreuung"]


def split_draft(text):
    """Greeting, body paragraphs, and the rest (closing, signature, quoted history)."""
    paragraphs = text.strip("\n").split("\n\n")
    closing_at = len(paragraphs)
    for i, p in enumerate(paragraphs):
        if re.match(r"(Mit freundlichen|Freundliche|Viele Grüße|Beste Grüße|Herzliche|Liebe Grüße|Am .* schrieb|-- ?$|>)", p):
            closing_at = i
            break
    return paragraphs[0], paragraphs[1:closing_at], paragraphs[closing_at:]


def vary(text, rng):
    text = re.sub(r"\b(Frau|Herr|Herrn) [A-ZÄÖÜ]\w+", lambda m: f"{m.group(1)} {rng.choice(SURNAMES)}", text)
    text = re.sub(r"\d", lambda m: str(rng.randrange(10)), text)  # order numbers, dates, amounts
    text = re.sub(r"^(Hallo|Liebe|Lieber) [A-ZÄÖÜ]\w+", lambda m: f"{m.group(1)} {rng.choice(FIRSTNAMES)}",
                  text, flags=re.M)
    text = re.sub(r"^Ihr Support-Team$", lambda m: rng.choice(TEAMS), text, flags=re.M)
    return text


def build_drafts(force, count=10000, target=2000):
    root = os.path.join(CORPUS, "drafts")
    marker = os.path.join(root, ".complete")
    single = os.path.join(CORPUS, "draft-2kb.txt")
    if os.path.exists(marker) and os.path.exists(single) and not force:
        return root
    sources = []
    for path in sorted(glob.glob(os.path.join(DRAFT_SOURCES, "*.txt"))):
        with open(path, encoding="utf-8") as f:
            name = os.path.basename(path)[4:-4]  # "lieferverzug-schlecht"
            sources.append((name, split_draft(f.read())))
    if not sources:
        sys.exit(f"make_corpus: no drafts in {DRAFT_SOURCES}")
    all_bodies = [p for _, (_, body, _) in sources for p in body]
    rng = random.Random(SEED)
    prefixes = ["antwort", "entwurf", "vorlage", "mail", "ticket", "reply"]
    total = 0
    for i in range(count):
        name, (greeting, body, rest) = sources[i % len(sources)]
        body = body[:]
        size = len("\n\n".join([greeting] + body + rest).encode())
        while size < target - 150:
            extra = rng.choice(all_bodies)
            body.insert(rng.randrange(len(body) + 1), extra)
            size += len(extra.encode()) + 2
        text = vary("\n\n".join([greeting] + body + rest) + "\n", rng)
        if rng.random() < 0.1:
            text = text.replace("\n", "\r\n")  # some drafts from Windows mail clients
        folder = os.path.join(root, f"{i // 100:02d}")
        os.makedirs(folder, exist_ok=True)
        path = os.path.join(folder, f"{rng.choice(prefixes)}-{i:05d}-{name}.txt")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        total += len(text.encode())
        if i == 0:
            with open(single, "w", encoding="utf-8", newline="") as f:
                f.write(text)
    with open(marker, "w") as f:
        f.write(f"{count} drafts, {total} bytes\n")
    print(f"make_corpus: {count} drafts, {total / count:.0f} bytes on average, {total / 1e6:.1f} MB")
    return root


def main():
    force = "--force" in sys.argv
    os.makedirs(CORPUS, exist_ok=True)
    base = build_base(force)
    build_prose(base, "prose-10mb.txt", 10_000_000, force)
    build_prose(base, "prose-100mb.txt", 100_000_000, force)
    build_drafts(force)


if __name__ == "__main__":
    main()
