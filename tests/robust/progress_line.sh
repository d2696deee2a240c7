#!/usr/bin/env bash
# One large file checked on a terminal shows how far it has come ("… (gross.txt:
# 1,3 MB), N Befunde"), on standard error only; piped, nothing is shown. The
# terminal comes from script(1) (util-linux); without it the test is skipped.
tonfall=$1
. "$(dirname "$0")/lib.sh"
command -v script >/dev/null || { echo "SKIP: script(1) is missing"; exit 77; }
cd "$scratch"
python3 -c 'open("gross.txt", "w").write("Da sind Sie bei mir verkehrt. Das ist nicht möglich, Sie müssen warten.\n" * 85000)'
script -qec "\"$tonfall\" check --format json gross.txt >bericht.json" terminal.log >/dev/null </dev/null
grep -aqE 'gross\.txt: [0-9]+,[0-9] MB\), [0-9]+ Befunde' terminal.log ||
  fail "no progress line for the large file: $(tr '\r' '\n' <terminal.log | head -c 300)"
grep -q 'MB)' bericht.json && fail "the progress line went into the report"
run "$tonfall" check --format json gross.txt
grep -q 'MB)' <<<"$err" && fail "a progress line was shown without a terminal"
finish
