#!/usr/bin/env python3
"""Puts tonfall's rewrites in place, for a German editor to rate.

    tests/eval/rewrites.py build/tonfall SET.tsv [SET.tsv …] > sheet.tsv

For every flagged snippet of the sets (the `tonfall eval` format) it writes:
- one `first` row per finding that has a suggestion: the snippet with the first
  suggestion put in place of the span (seams as `tonfall fix` fits them);
- one `fix` row per snippet that `tonfall fix` changes: the text it writes.

Each row carries mechanical checks that need no reader (columns `checks`): a
du/Sie mix the rewrite created, a placeholder the snippet did not have, a
number that got lost, a doubled blank, a blank before a comma or full stop,
„:,“, a lower-case sentence start. An editor then rates G (grammatical and
natural where it stands), M (the facts kept, or openly asked for) and P
(friendlier than before). The summary on stderr gives the counts an editor
does not have to make: how many findings have a suggestion, how many snippets
`fix` changes, how many rows fail a mechanical check.
"""
import csv
import json
import re
import subprocess
import sys

SIE = re.compile(r"\b(?:Sie|Ihnen|Ihre?[mnrs]?)\b")
DU = re.compile(r"\b(?:du|dich|dir|dein\w*|euch|euer|eure\w*)\b", re.IGNORECASE)
PLACEHOLDER = re.compile(r"\{\{[^}]*\}\}|\[[A-ZÄÖÜ][^\]]*\]|%s")
NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
# A line that opens with a salutation and its comma, as `tonfall fix` knows it
# (src/rewrite.cpp: after_salutation_comma, goes_on_in_lower_case).
SALUTATION = re.compile(r"(?:^|\n)[^.!?,\n]*, *$")
LOWER_AFTER_SALUTATION = {
    "Der", "Die", "Das", "Den", "Dem", "Des", "Ein", "Eine", "Einen", "Einem", "Einer", "Wir", "Ich",
    "Bitte", "Dein", "Deine", "Deinen", "Deinem", "Deiner", "Es", "Er", "Man", "Hier", "Da", "Dort",
    "Gern", "Gerne", "Heute", "Morgen", "Jetzt", "Gleich", "Sobald", "Danke", "Vielen", "Unser",
    "Unsere", "Unseren", "Unserem", "Mein", "Meine", "Schon", "Leider", "Natürlich", "Dann", "So",
    "Wenn", "Falls", "Damit", "Ab", "Am", "Im", "In", "Zur", "Zum", "Bei", "Mit", "Nach", "Für",
    "Auf", "Diese", "Dieser", "Dieses", "Du", "Dir", "Dich", "Können", "Kannst", "Könnten", "Würden"}


def read_sets(paths):
    rows = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["label"] == "flag":
                    rows.append(row)
    return rows


def in_place(text, offset, length, suggestion):
    """The text with `suggestion` in place of the span, seams as fix fits them."""
    data = text.encode()
    before, span, after = data[:offset], data[offset : offset + length], data[offset + length :]
    suggestion = " ".join(suggestion.split()).encode()
    marks = (b".", b"!", b"?")
    if not suggestion:
        if not before.strip() or before.rstrip()[-1:] in marks:
            # a sentence start: the next word leads and takes the capital
            after = after.lstrip(b" ").decode()
            after = (after[:1].upper() + after[1:]).encode()
            if not after.strip():
                before = before.rstrip(b" ")
        elif SALUTATION.search(before.decode()) and span.rstrip()[-1:] in marks + (b":",):
            # after a salutation's comma the next sentence goes on in lower case
            after = after.lstrip(b" ").decode()
            word = after.split(" ", 1)[0].rstrip(",.!?")
            if word in LOWER_AFTER_SALUTATION:
                after = after[:1].lower() + after[1:]
            after = after.encode()
        elif before.endswith(b" "):
            before = before[:-1]
        elif after.startswith(b" "):
            after = after[1:]
    elif suggestion[-1:] in marks and after[:1] in marks:
        if suggestion[-1:] == b"?" or b"?" in after[: len(after) - len(after.lstrip(b".!?"))]:
            after = after.lstrip(b".!?")
        else:
            suggestion = suggestion[:-1]
    return (before + suggestion + after).decode()


def address(text):
    return (bool(SIE.search(text)), bool(DU.search(text)))


def checks(original, rewritten):
    failed = []
    sie_before, du_before = address(original)
    sie_after, du_after = address(rewritten)
    if sie_after and du_after and not (sie_before and du_before):
        failed.append("du/Sie-Mix")
    new = set(PLACEHOLDER.findall(rewritten)) - set(PLACEHOLDER.findall(original))
    if new:
        failed.append("Platzhalter " + " ".join(sorted(new)))
    lost = [n for n in NUMBER.findall(original) if n not in rewritten]
    if lost:
        failed.append("Zahl fehlt " + " ".join(lost))
    for mark, name in (("  ", "doppeltes Leerzeichen"), (" ,", "Leerzeichen vor Komma"),
                       (" .", "Leerzeichen vor Punkt"), (":,", ":,"), (",,", ",,"), (", .", ", .")):
        if mark in rewritten and mark not in original:
            failed.append(name)
    lower_start = re.compile(r"[.!?] [a-zäöüß]")
    if lower_start.search(rewritten) and not lower_start.search(original):
        failed.append("klein nach Satzende")
    return failed


def run(tonfall, args, stdin):
    return subprocess.run([tonfall, *args], input=stdin, capture_output=True, text=True).stdout


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    tonfall, paths = sys.argv[1], sys.argv[2:]
    rows = read_sets(paths)
    requests = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in rows)
    results = [json.loads(line) for line in run(tonfall, ["check", "--input-format", "jsonl", "-"], requests).splitlines()]
    by_id = {r["id"]: r for r in rows}
    out = csv.writer(sys.stdout, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
    out.writerow(["item", "id", "kind", "rule", "original", "rewritten", "checks"])
    findings = with_suggestion = changed = mechanical = items = 0
    for result in results:
        text = by_id[result["id"]]["text"]
        for n, finding in enumerate(result.get("findings", [])):
            findings += 1
            if not finding["suggestions"]:
                continue
            with_suggestion += 1
            rewritten = in_place(text, finding["offset"], finding["length"], finding["suggestions"][0])
            failed = checks(text, rewritten)
            mechanical += bool(failed)
            items += 1
            out.writerow([f"{result['id']}.{n}", result["id"], "first", finding["rule"], text, rewritten, "; ".join(failed)])
        fixed = json.loads(run(tonfall, ["fix", "--format", "json", "-"], text).splitlines()[0])
        if fixed["text"] != text:
            changed += 1
            failed = checks(text, fixed["text"])
            mechanical += bool(failed)
            items += 1
            rules = ",".join(edit["rule"] for edit in fixed["applied"])
            out.writerow([f"{result['id']}.fix", result["id"], "fix", rules, text, fixed["text"], "; ".join(failed)])
    print(
        f"{len(rows)} flagged snippets, {findings} findings, {with_suggestion} with a suggestion "
        f"({with_suggestion / max(findings, 1):.0%}); fix changes {changed} snippets "
        f"({changed / max(len(rows), 1):.0%}); {mechanical} of {items} rows fail a mechanical check",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
