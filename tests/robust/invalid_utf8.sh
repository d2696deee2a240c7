#!/usr/bin/env bash
# Invalid UTF-8 (Latin-1, a lone continuation byte, a truncated sequence, an
# overlong encoding, a surrogate): each file is named with the byte offset,
# exit status 2, and the good file beside them is still checked.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
printf 'Gr\xfc\xdfe\n' >latin1.txt
printf 'ab\x80cd\n' >continuation.txt
printf 'abc\xc3' >truncated.txt
printf 'a\xc0\xafb\n' >overlong.txt
printf 'a\xed\xa0\x80b\n' >surrogate.txt
write_good_file gut.txt
run "$tonfall" check latin1.txt continuation.txt truncated.txt overlong.txt surrogate.txt gut.txt
expect_status 2
expect_stderr_has "latin1.txt: invalid UTF-8 at byte 2"
expect_stderr_has "continuation.txt: invalid UTF-8 at byte 2"
expect_stderr_has "truncated.txt: invalid UTF-8 at byte 3"
expect_stderr_has "overlong.txt: invalid UTF-8 at byte 1"
expect_stderr_has "surrogate.txt: invalid UTF-8 at byte 1"
expect_stdout_has "gut.txt:1:1:"
# The same through fix and through a folder walk.
run "$tonfall" fix --with-placeholders --diff latin1.txt gut.txt
expect_status 2 "fix"
expect_stderr_has "latin1.txt: invalid UTF-8 at byte 2"
expect_stdout_has "+++ gut.txt"
mkdir walk && cp latin1.txt gut.txt walk/
run "$tonfall" check --format json walk
expect_status 2 "walk"
expect_stdout_has '"error":"walk/latin1.txt: invalid UTF-8 at byte 2"'
expect_stdout_has '"path":"walk/gut.txt","findings":[{'
finish
