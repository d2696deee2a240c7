#!/usr/bin/env bash
# An empty file is a bad input: "PATH: empty file", exit 2, the
# other files still checked. Empty standard input stays a clean draft: a
# pipe that delivers nothing is not a file someone forgot to fill.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
: >leer.txt
write_good_file gut.txt
run "$tonfall" check leer.txt gut.txt
expect_status 2
expect_stderr_has "leer.txt: empty file"
expect_stdout_has "gut.txt:1:1:"
run "$tonfall" fix --in-place leer.txt
expect_status 2 "fix --in-place"
expect_stderr_has "leer.txt: empty file"
[ -f leer.txt ] && [ ! -s leer.txt ] || fail "fix --in-place changed the empty file"
mkdir walk && cp leer.txt walk/ && printf 'Guten Tag.\n' >walk/sauber.txt
run "$tonfall" check walk
expect_status 2 "walk"
expect_stderr_has "walk/leer.txt: empty file"
"$tonfall" check - </dev/null >/dev/null 2>"$scratch/.err"; status=$?; err=$(cat "$scratch/.err")
expect_status 0 "empty standard input"
finish
