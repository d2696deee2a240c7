#!/usr/bin/env bash
# Standard output that cannot be written (a full disk, /dev/full) is an error:
# exit 2 with a message, never a cut report or rewrite behind exit 0 or 1.
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
finish
