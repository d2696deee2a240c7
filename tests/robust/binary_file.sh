#!/usr/bin/env bash
# A binary file (an executable, every byte value) named on the command line
# and one found by a folder walk: a clear message, exit 2, the rest checked.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
head -c 65536 "$tonfall" >programm.txt
python3 -c 'import sys; sys.stdout.buffer.write(bytes(range(256)) * 64)' >bytes.txt
printf 'PK\x03\x04\x14\x00\x00\x00' >archiv.md
write_good_file gut.txt
run "$tonfall" check programm.txt bytes.txt archiv.md gut.txt
expect_status 2
expect_stderr_has "programm.txt: NUL byte at byte"
expect_stderr_has "bytes.txt: NUL byte at byte 0"
expect_stderr_has "archiv.md: NUL byte at byte 5"
expect_stdout_has "gut.txt:1:1:"
mkdir walk && cp bytes.txt gut.txt walk/
run "$tonfall" check walk
expect_status 2 "walk"
expect_stderr_has "walk/bytes.txt: NUL byte at byte 0"
expect_stdout_has "walk/gut.txt:1:1:"
finish
