#!/usr/bin/env bash
# NUL bytes in otherwise valid text, at the start, inside and at the end.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
printf '\x00Hallo\n' >first.txt
printf 'Hallo\x00Welt\n' >middle.txt
printf 'Hallo\n\x00' >last.txt
write_good_file gut.txt
run "$tonfall" check first.txt middle.txt gut.txt last.txt
expect_status 2
expect_stderr_has "first.txt: NUL byte at byte 0"
expect_stderr_has "middle.txt: NUL byte at byte 5"
expect_stderr_has "last.txt: NUL byte at byte 6"
expect_stdout_has "gut.txt:1:1:"
# Standard input too.
"$tonfall" check - <middle.txt >/dev/null 2>"$scratch/.err"; status=$?; err=$(cat "$scratch/.err")
expect_status 2 "stdin"
expect_stderr_has "-: NUL byte at byte 5"
finish
