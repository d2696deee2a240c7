#!/usr/bin/env bash
# A large text (read twice: validated, then checked piece by piece) that
# another program changes while it is checked: appended to, or cut short.
# tonfall says so and exits 2 instead of reporting findings at wrong places
# or a part of the file as if it were all. An unchanged file passes.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
# About 6 MB: far more than is checked in the moment before the change.
python3 - <<'PY'
line = "Da sind Sie bei mir verkehrt. Das ist nicht möglich, Sie müssen warten.\n"
open("gross.txt", "w").write(line * 85000)
PY
cp gross.txt original.txt
run "$tonfall" check --format json gross.txt
expect_status 1 "the unchanged file"
grep -q 'changed while' <<<"$err" && fail "an unchanged file was reported as changed"

for change in append truncate; do
  cp original.txt gross.txt
  "$tonfall" check --format json gross.txt >"$scratch/.out" 2>"$scratch/.err" </dev/null &
  pid=$!
  # Change it once the check has the file open: a slow start (the pack
  # loaded under ASan on a busy machine) must not let the change come first.
  for _ in $(seq 200); do
    ls -l "/proc/$pid/fd" 2>/dev/null | grep -q 'gross.txt' && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  if ! kill -0 "$pid" 2>/dev/null; then
    wait "$pid"
    echo "note: $change: the check ended before the change; the race was not tested"
    continue
  fi
  if [ $change = append ]; then
    printf 'Eine Zeile, die ein anderes Programm anhängt.\n' >>gross.txt
  else
    truncate -s 500000 gross.txt
  fi
  wait "$pid"
  status=$?
  err=$(cat "$scratch/.err")
  expect_status 2 "$change during the check"
  expect_stderr_has "gross.txt: changed while it was being checked"
done
finish
