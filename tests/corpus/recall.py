#!/usr/bin/env python3
"""Precision and recall of a pack on the development corpus.

Recall: the share of the rows of expected.tsv that a finding hits (same file and
line, the finding's span overlapping the quote, both compared in NFC).
Precision proxy: the clean drafts (*-gut.txt) must give no finding at warning
or error level.

Usage: recall.py TONFALL CORPUS_DIR [MIN_RECALL]   (MIN_RECALL default 0.90)
"""
import csv
import glob
import json
import os
import subprocess
import sys
import unicodedata


def nfc(text):
    return unicodedata.normalize("NFC", text)


def check(tonfall, paths):
    run = subprocess.run([tonfall, "check", "--format", "json", "--fail-on", "never", *paths],
                         capture_output=True, text=True, check=False)
    if run.returncode != 0:
        raise SystemExit(f"tonfall failed ({run.returncode}): {run.stderr}")
    return {os.path.basename(f["path"]): f["findings"] for f in json.loads(run.stdout)["files"]}


def lines_of(path):
    text = open(path, encoding="utf-8").read().lstrip("\ufeff")
    return [line.rstrip("\r") for line in text.split("\n")]


def main():
    tonfall, corpus = sys.argv[1], sys.argv[2]
    min_recall = float(sys.argv[3]) if len(sys.argv) > 3 else 0.90
    drafts = os.path.join(corpus, "drafts")
    bad = sorted(glob.glob(os.path.join(drafts, "*-schlecht.txt")))
    good = sorted(glob.glob(os.path.join(drafts, "*-gut.txt")))
    findings = check(tonfall, bad)

    rows = list(csv.DictReader(open(os.path.join(corpus, "expected.tsv"), encoding="utf-8"), delimiter="\t"))
    hits, misses = 0, []
    for row in rows:
        line_no = int(row["line"])
        line = nfc(lines_of(os.path.join(drafts, row["file"]))[line_no - 1])
        quote = nfc(row["quote"])
        start = line.find(quote) + 1  # columns are 1-based NFC code points
        end = start + len(quote)
        hit = any(f["line"] <= line_no <= f["end_line"]
                  and (f["line"] < line_no or f["column"] < end)
                  and (f["end_line"] > line_no or f["end_column"] > start)
                  for f in findings.get(row["file"], []))
        if hit:
            hits += 1
        else:
            misses.append(f'{row["file"]}:{line_no}: [{row["category"]}] {row["quote"]}')

    clean = check(tonfall, good)
    noisy = [f'{name}:{f["line"]}:{f["column"]}: {f["severity"]} [{f["rule"]}] {f["text"]}'
             for name, found in sorted(clean.items()) for f in found
             if f["severity"] in ("warning", "error")]

    recall = hits / len(rows)
    for miss in misses:
        print(f"missed  {miss}")
    for noise in noisy:
        print(f"clean draft flagged  {noise}")
    print(f"recall: {hits}/{len(rows)} rows = {recall:.1%} (minimum {min_recall:.0%})")
    print(f"clean drafts: {len(good)} checked, {len(noisy)} warnings or errors")
    ok = recall >= min_recall and not noisy
    print(f"{int(ok)} passed, {int(not ok)} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
