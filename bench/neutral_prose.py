#!/usr/bin/env python3
"""How often the bundled pack fires on neutral German prose.

Takes the fortunes of Debian's fortunes-de (each fortune one text, so that
document rules do not see unrelated texts together), checks them, and reports
warnings and errors per 10,000 words and the rules that fire most.

Usage: neutral_prose.py TONFALL [FORTUNES_DIR]
"""
import collections
import glob
import json
import os
import subprocess
import sys
import tempfile


def main():
    tonfall = sys.argv[1]
    source = sys.argv[2] if len(sys.argv) > 2 else "/usr/share/games/fortunes/de"
    files = [f for f in glob.glob(os.path.join(source, "*")) if not f.endswith(".dat") and os.path.isfile(f)]
    if not files:
        sys.exit(f"no fortunes in {source}: apt-get install fortunes-de")
    words = 0
    with tempfile.TemporaryDirectory() as directory:
        count = 0
        for path in sorted(files):
            text = open(path, "rb").read().decode("utf-8", errors="ignore").replace("\0", "")
            for fortune in text.split("\n%\n"):
                if not fortune.strip():
                    continue
                words += len(fortune.split())
                with open(os.path.join(directory, f"{count:06d}.txt"), "w", encoding="utf-8") as out:
                    out.write(fortune)
                count += 1
        run = subprocess.run([tonfall, "check", "--format", "json", "--fail-on", "never", directory],
                             capture_output=True, text=True, check=False)
    report = json.loads(run.stdout)
    by_rule = collections.Counter()
    by_severity = collections.Counter()
    for entry in report["files"]:
        for finding in entry["findings"]:
            by_severity[finding["severity"]] += 1
            if finding["severity"] in ("warning", "error"):
                by_rule[finding["rule"]] += 1
    loud = by_severity["warning"] + by_severity["error"]
    print(f"{count} fortunes, {words} words")
    print(f"errors: {by_severity['error']}, warnings: {by_severity['warning']}, info: {by_severity['info']}")
    print(f"warnings and errors per 10,000 words: {loud * 10000 / words:.2f}")
    print(f"info per 10,000 words: {by_severity['info'] * 10000 / words:.2f}")
    print("most frequent (warning and error):")
    for rule, n in by_rule.most_common(5):
        print(f"  {n:5d}  {rule}")


if __name__ == "__main__":
    main()
