#!/usr/bin/env python3
"""The invariants of `tonfall fix`, over every given draft.

1. Bytes outside the replaced spans are unchanged.
2. Placeholders are never inside a replaced span, and all of them survive.
3. Fixing is idempotent: fixing the output changes nothing.

Usage: invariants.py TONFALL PACK FILE...
"""
import json
import re
import subprocess
import sys

PLACEHOLDER = re.compile(rb"\{\{[^{}\n]*\}\}|\{[A-Za-z_][\w.\-]*\}|%[sd]|\[[A-Z][\w .\-]*\]")


def fix(tonfall, pack, data):
    run = subprocess.run([tonfall, "fix", "--pack", pack, "--format", "json", "--fail-on", "never", "-"],
                         input=data, capture_output=True, check=False)
    if run.returncode != 0:
        raise AssertionError(f"exit {run.returncode}: {run.stderr.decode(errors='replace')}")
    return json.loads(run.stdout)


def check(tonfall, pack, path):
    original = open(path, "rb").read()
    result = fix(tonfall, pack, original)
    text = result["text"].encode("utf-8")
    problems = []

    # 1. Rebuild the output from the untouched original pieces and the replacements.
    rebuilt, at = b"", 0
    for edit in result["applied"]:
        if edit["offset"] < at:
            problems.append(f"overlapping edits at byte {edit['offset']}")
        rebuilt += original[at:edit["offset"]] + edit["after"].encode("utf-8")
        if original[edit["offset"]:edit["offset"] + edit["length"]] != edit["before"].encode("utf-8"):
            problems.append(f"'before' is not the original at byte {edit['offset']}")
        at = edit["offset"] + edit["length"]
    rebuilt += original[at:]
    if rebuilt != text:
        problems.append("bytes outside the replaced spans changed")

    # 2. Placeholders stay out of spans and survive.
    for match in PLACEHOLDER.finditer(original):
        for edit in result["applied"]:
            if match.start() < edit["offset"] + edit["length"] and edit["offset"] < match.end():
                problems.append(f"placeholder {match.group().decode()} inside an edit")
        if match.group() not in text:
            problems.append(f"placeholder {match.group().decode()} lost")

    # 3. Idempotent.
    again = fix(tonfall, pack, text)
    if again["applied"] or again["text"].encode("utf-8") != text:
        problems.append(f"not idempotent: second run applied {[e['rule'] for e in again['applied']]}")
    return len(result["applied"]), problems


def main():
    tonfall, pack, paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    failed, edits = 0, 0
    for path in paths:
        count, problems = check(tonfall, pack, path)
        edits += count
        for problem in problems:
            print(f"{path}: {problem}")
        failed += bool(problems)
    print(f"{len(paths)} drafts, {edits} fixes applied")
    print(f"{len(paths) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
