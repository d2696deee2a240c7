#!/usr/bin/env bash
# An empty file is a valid text with nothing in it: no finding, exit 0 (a
# pre-commit hook must not fail on one), the other files checked as ever;
# `fix --in-place` leaves it as it is. Empty standard input is the same.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
: >leer.txt
write_good_file gut.txt
run "$tonfall" check leer.txt
expect_status 0 "an empty file alone"
expect_stdout_has "Keine Befunde in 1 Datei."
run "$tonfall" check --format json leer.txt gut.txt
expect_status 1 "an empty file beside a bad one"
expect_stdout_has '{"path":"leer.txt","findings":[]}'
expect_stdout_has '"path":"gut.txt","findings":[{'
run "$tonfall" fix --in-place leer.txt
expect_status 0 "fix --in-place"
[ -f leer.txt ] && [ ! -s leer.txt ] || fail "fix --in-place changed the empty file"
mkdir walk && cp leer.txt walk/ && printf 'Guten Tag.\n' >walk/sauber.txt
run "$tonfall" check walk
expect_status 0 "walk"
expect_stdout_has "Keine Befunde in 2 Dateien."
"$tonfall" check - </dev/null >/dev/null 2>"$scratch/.err"; status=$?; err=$(cat "$scratch/.err")
expect_status 0 "empty standard input"
finish
