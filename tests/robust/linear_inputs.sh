#!/usr/bin/env bash
# Inputs whose cost once grew with the square of their size, generated at
# test time: each must be checked within a bound ($TONFALL_ROBUST_LINEAR_S,
# default 120 s; 240 s under ASan, where the e-mail of many parts alone
# takes about 100 s on a 2-core machine beside other tests) that a linear
# run keeps, while the square took minutes (times then, on a 2-core
# machine: the JSON library over 120 s, the CSV library 65 s, the '&'s
# 52 s, the sentence 27 s). The seconds of each are printed.
#  - a JSON library of 40,000 entries on one line, in the text report (each
#    finding re-indexed the file and printed the whole line);
#  - a CSV library of 40,000 rows;
#  - 3.2 MB of '&' in HTML (each '&' searched the rest for a ';');
#  - 130 KB without a sentence end (each hit searched its sentence again);
#  - 2 MB of "--" lines (each counted the lines after it);
#  - one CSV field of 1 MB, one JSON Lines request of 250 KB, an e-mail of
#    100,000 MIME parts, 40,000 unused disable directives.
tonfall=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cd "$scratch"
bound=${TONFALL_ROBUST_LINEAR_S:-120}
python3 "$here/hostile_inputs.py" .
measure() {  # measure NAME EXPECTED-STATUS ARGS...
  local name=$1 expected=$2
  shift 2
  local start=$(date +%s)
  run timeout "$bound" "$tonfall" check "$@"
  echo "linear_inputs: $name: exit $status, $(($(date +%s) - start)) s"
  [ "$status" != 124 ] || fail "$name: not done within $bound s"
  expect_status "$expected" "$name"
}
measure "JSON library, text report" 1 bibliothek.json
[ "$(grep -c '^bibliothek.json:1:' <<<"$out")" = 40000 ] || fail "not every entry of the JSON library was reported"
measure "CSV library" 1 --format json bibliothek.csv
measure "HTML of '&'" 0 --format json zeichen.html
measure "no sentence end" 1 --format json satz.txt
measure "'--' lines" 0 --format json striche.txt
measure "one CSV field with many findings" 1 --format json feld.csv
measure "one long JSON Lines request" 1 --input-format jsonl anfrage.jsonl
measure "e-mail of many MIME parts" 1 --format json teile.eml
measure "unused disable directives" 0 --format json direktiven.txt
finish
