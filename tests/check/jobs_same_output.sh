#!/usr/bin/env bash
# Checking on several threads gives byte for byte the output of one thread.
# Usage: jobs_same_output.sh TONFALL DIR...
set -u
tonfall=$1; shift
one=$("$tonfall" check -j 1 --format json --fail-on never "$@")
four=$("$tonfall" check -j 4 --format json --fail-on never "$@")
if [ "$one" != "$four" ]; then
  diff <(echo "$one") <(echo "$four") | head -20
  echo "0 passed, 1 failed"
  exit 1
fi
echo "1 passed, 0 failed"
