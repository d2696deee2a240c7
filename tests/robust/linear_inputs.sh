#!/usr/bin/env bash
# Inputs whose cost once grew with the square of their size, generated at
# test time: each must be checked within a bound ($TONFALL_ROBUST_LINEAR_S,
# default 120 s) that a linear run keeps even under ASan, while the square
# took minutes (times then, on a 2-core machine: the JSON library over
# 120 s, the CSV library 65 s, the '&'s 52 s, the sentence 27 s). The
# seconds of each are printed.
#  - a JSON library of 40,000 entries on one line, in the text report (each
#    finding re-indexed the file and printed the whole line);
#  - a CSV library of 40,000 rows;
#  - 3.2 MB of '&' in HTML (each '&' searched the rest for a ';');
#  - 130 KB without a sentence end (each hit searched its sentence again);
#  - 2 MB of "--" lines (each counted the lines after it).
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
bound=${TONFALL_ROBUST_LINEAR_S:-120}
python3 - <<'PY'
import json
entry = "Vielen Dank für Ihre Nachricht. Da sind Sie bei mir verkehrt."
json.dump({"macros": [{"title": f"M{i}", "text": entry} for i in range(40000)]},
          open("bibliothek.json", "w", encoding="utf-8"), ensure_ascii=False)
open("bibliothek.csv", "w").write("id,text\n" + "".join(f'{i},"{entry}"\n' for i in range(40000)))
open("zeichen.html", "w").write("<p>" + "&" * 3200000 + "</p>\n")
open("satz.txt", "w").write("Sie müssen das sofort machen und wir können nicht helfen " * 2300 + "\n")
open("striche.txt", "w").write("Hallo,\n" + "--\nText\n" * 250000)
PY
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
measure "HTML of '&'" 0 zeichen.html
measure "no sentence end" 1 --format json satz.txt
measure "'--' lines" 0 striche.txt
finish
