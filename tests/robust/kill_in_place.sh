#!/usr/bin/env bash
# `fix --in-place` killed with SIGKILL at random moments, 50 times
# ($TONFALL_ROBUST_KILLS), on a copy of a largish draft: afterwards the file
# is always either wholly the old text or wholly the new one. Temporary files
# a killed run leaves beside it are counted and reported (nothing can remove
# them after SIGKILL).
# Usage: kill_in_place.sh TONFALL PACK CORPUS_DIR
tonfall=$1
pack=$2
corpus=$3
. "$(dirname "$0")/lib.sh"
cd "$scratch"
kills=${TONFALL_ROBUST_KILLS:-50}
# About 4 MB: the corpus drafts again and again.
for _ in $(seq 1 120); do cat "$corpus"/*.txt; done >old.txt
"$tonfall" fix --pack "$pack" --fail-on never - <old.txt >new.txt 2>/dev/null ||
  fail "fix to standard output failed"
cmp -s old.txt new.txt && fail "the fix pack changes nothing in the test file"
mkdir work
cp old.txt work/entwurf.txt
start=$(date +%s%N)
"$tonfall" fix --in-place --pack "$pack" --fail-on never work/entwurf.txt 2>/dev/null ||
  fail "an undisturbed fix --in-place failed"
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cmp -s work/entwurf.txt new.txt || fail "an undisturbed fix --in-place wrote something else"
old_seen=0 new_seen=0
RANDOM=6
for i in $(seq 1 "$kills"); do
  cp old.txt work/entwurf.txt
  delay_ms=$(( RANDOM % (full_ms * 6 / 5 + 1) ))
  "$tonfall" fix --in-place --pack "$pack" --fail-on never work/entwurf.txt 2>/dev/null &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if cmp -s work/entwurf.txt old.txt; then
    old_seen=$((old_seen + 1))
  elif cmp -s work/entwurf.txt new.txt; then
    new_seen=$((new_seen + 1))
  else
    fail "kill $i after ${delay_ms} ms left a file that is neither old nor new ($(stat -c %s work/entwurf.txt 2>&1) bytes)"
  fi
done
leftovers=$(find work -type f ! -name entwurf.txt | wc -l)
echo "kill_in_place: $kills kills (a full run takes ${full_ms} ms): $old_seen left the old file, $new_seen the new one; $leftovers temporary file(s) left behind"
finish
