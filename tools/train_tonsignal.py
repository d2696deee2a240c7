#!/usr/bin/env python3
"""Trains rules/de/tonsignal.model: which sentences of a reply carry a tone
problem, learnt from the labelled snippet sets that may be read.

A logistic regression over the sentence's words, word pairs and word triples
(lower case, and only "!" and "?" of the marks, on the engine's match view: ß as ss), each hashed into
2^20 buckets with FNV-1a; src/tone_model.cpp computes the same features. A
flagged row teaches its span's sentence as a problem, a clean row each of its
sentences as none (the sets of tests/eval, and the even ids of the shared
development set ../shared/corpus/sentences.tsv where it exists). The sets
nobody has read (tests/eval/README.md) stay out,
so that they can measure what the model learnt; five read sets stay out of
training too and set the threshold: the score that at most a tenth of their
clean rows reach.

Deterministic (fixed seed, sorted inputs). Usage: train_tonsignal.py [OUT]
"""

import csv
import math
import os
import random
import re
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNREAD = {"blind-12", "blind-15", "blind-18", "blind-21", "blind-28", "blind-29", "blind-31", "blind-32", "blind-33", "blind-34", "blind-35", "blind-36", "blind-37", "blind-38", "blind-39", "blind-40", "blind-41", "blind-42", "blind-48", "guides-6"}
THRESHOLD_SETS = {"blind-22", "blind-24", "blind-25", "blind-26", "blind-27"}
CLEAN_SHARE_OVER_THRESHOLD = 0.10
BUCKETS = 1 << 20
EPOCHS, RATE, DECAY = 15, 0.2, 1e-4
WEIGHT_KEPT = 0.1  # smaller weights change no score that matters (measured: same recall, same hints)
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# What the engine's match view does to a text before the model sees it
# (normalize.h, mask.cpp): NFC, no soft hyphens or zero-width characters,
# ß as ss, placeholders blanked.
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
PLACEHOLDER = re.compile(r"\{\{[^{}\n]*\}\}|\{%[^\n]*?%\}|\$?\{[^\W\d][\w.\-]*\}"
                         r"|%(?:\d+\$)?[-+0#]*\d*(?:\.\d+)?[sdifuxXeEgGc@]|%\([^\W\d]\w*\)[sdif]"
                         r"|%[A-Z][A-Z0-9_]*%|\[[^\W\d_][\w .\-]*\]")


def view(text):
    text = unicodedata.normalize("NFC", text).translate(INVISIBLE).replace("ß", "ss").replace("ẞ", "SS")
    return PLACEHOLDER.sub(lambda m: "\x1a" * len(m.group()), text)


def lower(c):
    # One character for one, as ICU's simple case mapping gives it (İ stays).
    lowered = c.lower()
    return lowered if len(lowered) == 1 else c


def tokens(view_text):
    """Runs of letters and ASCII digits, lower case, and each "!" and "?"
    (src/tone_model.cpp reads the same)."""
    out, word = [], []
    for c in view_text:
        if c.isalpha() or "0" <= c <= "9":
            word.append(lower(c))
            continue
        if word:
            out.append("".join(word))
            word = []
        if c in "!?":
            out.append(c)
    if word:
        out.append("".join(word))
    return out


def fnv1a(text):
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h % BUCKETS


def features(sentence):
    w = tokens(view(sentence))
    names = ["u:" + a for a in w] + ["b:" + a + " " + b for a, b in zip(w, w[1:])]
    names += ["t:" + a + " " + b + " " + c for a, b, c in zip(w, w[1:], w[2:])]
    return sorted({fnv1a(n) for n in names})


def sentences(text):
    return [s for s in SENTENCE_END.split(text) if s.strip()]


def rows(path, half=None):
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if half is None or int(row["id"].split("-")[-1]) % 2 == half:
                yield row


def examples(rows_):
    out = []
    for row in rows_:
        if row["label"] == "flag":
            out.append((features(next((s for s in sentences(row["text"]) if row["span"] in s), row["text"])), 1))
        else:
            out.extend((features(s), 0) for s in sentences(row["text"]))
    return out


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "rules", "de", "tonsignal.model")
    train, held = [], []
    eval_dir = os.path.join(ROOT, "tests", "eval")
    for name in sorted(os.listdir(eval_dir)):
        stem = name.removesuffix(".tsv")
        if not name.endswith(".tsv") or stem in UNREAD:
            continue
        (held if stem in THRESHOLD_SETS else train).extend(rows(os.path.join(eval_dir, name)))
    # The even ids of the shared development set, where it lies beside the checkout.
    shared = os.path.join(ROOT, "..", "shared", "corpus", "sentences.tsv")
    if os.path.exists(shared):
        train.extend(rows(shared, half=0))
    data = examples(train)
    positives = sum(y for _, y in data)
    balance = positives / (len(data) - positives)
    weights = [0.0] * BUCKETS
    bias = 0.0
    rng = random.Random(20261206)
    for _ in range(EPOCHS):
        rng.shuffle(data)
        for f, y in data:
            z = max(-30.0, min(30.0, bias + sum(weights[k] for k in f)))
            g = (1 / (1 + math.exp(-z)) - y) * (1.0 if y else balance)
            for k in f:
                weights[k] -= RATE * (g + DECAY * weights[k])
            bias -= RATE * g

    # As written below, so that the check logits are those of the file.
    weights = [round(w, 5) if abs(w) >= WEIGHT_KEPT else 0.0 for w in weights]
    bias = round(bias, 6)

    def logit(sentence):
        return max(-30.0, min(30.0, bias + sum(weights[k] for k in features(sentence))))

    def score(sentence):
        return 1 / (1 + math.exp(-logit(sentence)))

    clean = sorted(max(score(s) for s in sentences(r["text"])) for r in held if r["label"] == "clean")
    threshold = clean[int((1 - CLEAN_SHARE_OVER_THRESHOLD) * len(clean))]
    # Sentences for every path of the tokenizer (marks, digits, capitals,
    # umlauts, ß), in the view's spelling, with their logits.
    checks = [view(s) for s in ("Da sind Sie bei mir verkehrt!", "Vielen Dank für Ihre Geduld, das Paket ist unterwegs.",
                                "Na super, das haben Sie ja wieder toll hinbekommen.",
                                "ÜBER 80 m² für 2,50 € – wirklich?! Grüße aus der Straße_7.")]
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# tonsignal: which sentences carry a tone problem, learnt by tools/train_tonsignal.py.\n")
        out.write(f"# {len(train)} rows of the read sets; threshold from {len(clean)} clean rows of "
                  f"{', '.join(sorted(THRESHOLD_SETS))}.\n")
        out.write(f"buckets {BUCKETS}\nbias {bias:.6f}\nthreshold {threshold:.6f}\n")
        for sentence in checks:
            out.write(f"check {logit(sentence):.6f} {sentence}\n")
        for k, w in enumerate(weights):
            if abs(w) >= WEIGHT_KEPT:
                out.write(f"w {k} {w:.5f}\n")
    print(f"{len(data)} sentences, threshold {threshold:.4f}, written to {out_path}")


if __name__ == "__main__":
    main()
