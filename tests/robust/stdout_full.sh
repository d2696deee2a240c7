#!/usr/bin/env bash
# Standard output that cannot be written (a full disk, /dev/full) is an error:
# exit 2 with a message, never a cut report or rewrite behind exit 0 or 1. A
# fix whose report on standard error is lost exits 2 too.
tonfall=$1
. "$(dirname "$0")/lib.sh"
[ -w /dev/full ] || { echo "no /dev/full here"; exit 77; }
cd "$scratch"
write_good_file gut.txt
printf 'Guten Tag, Ihr Paket ist unterwegs.\n' >sauber.txt
for args in "check gut.txt" "check sauber.txt" "check --format sarif gut.txt" "check --format json sauber.txt" \
            "fix gut.txt" "explain abweisung.bei-mir-verkehrt" "rules list"; do
  # shellcheck disable=SC2086
  "$tonfall" $args >/dev/full 2>"$scratch/.err" </dev/null
  status=$?
  err=$(cat "$scratch/.err")
  expect_status 2 "$args > /dev/full"
  expect_stderr_has "cannot write to standard output"
done
# The fix report goes to standard error: lost there, the exit status says so.
printf 'Hallo Frau Berg,\nkein Problem, das machen wir zeitnah.\n' >fixbar.txt
"$tonfall" fix fixbar.txt >/dev/null 2>/dev/full </dev/null
status=$?
expect_status 2 "fix with standard error on a full disk"
"$tonfall" fix fixbar.txt >/dev/null 2>/dev/null </dev/null
status=$?
expect_status 0 "fix with standard error writable"
finish
