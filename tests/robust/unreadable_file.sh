#!/usr/bin/env bash
# A file that cannot be read (chmod 000): a clear message, exit 2, the other
# files still checked. Root reads any file, so as root the test runs tonfall
# as the user nobody (setpriv); without setpriv it is skipped (exit 77).
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
printf 'Hallo.\n' >gesperrt.txt
chmod 000 gesperrt.txt
mkdir ordner && write_good_file ordner/gut.txt && mkdir ordner/zu && write_good_file ordner/zu/innen.txt
chmod 000 ordner/zu
write_good_file gut.txt
chmod -R a+rX "$scratch" 2>/dev/null; chmod 000 gesperrt.txt ordner/zu
as_nobody "root can read a chmod 000 file"
run "${as_user[@]}" "$tonfall" check gesperrt.txt gut.txt
expect_status 2
expect_stderr_has "gesperrt.txt: cannot open: Permission denied"
expect_stdout_has "gut.txt:1:1:"
run "${as_user[@]}" "$tonfall" check ordner
expect_status 2 "unreadable folder in a walk"
expect_stderr_has "ordner/zu"
expect_stdout_has "ordner/gut.txt:1:1:"
run "${as_user[@]}" "$tonfall" fix --in-place gesperrt.txt
expect_status 2 "fix --in-place"
expect_stderr_has "gesperrt.txt: cannot open: Permission denied"
finish
