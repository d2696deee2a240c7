#!/usr/bin/env bash
# Runs one whole-process test case: a folder with
#   args             the arguments of tonfall, as shell words (required)
#   stdin            fed to standard input (optional; else /dev/null)
#   expected.txt     the exact standard output (optional)
#   expected.json    the exact standard output, for JSON cases (optional)
#   expected_lines   lines that must each appear in standard output (optional)
#   expected_stderr  the exact standard error (optional)
#   expected_exit    the exit status (optional; default 0)
# The case runs inside its folder, so paths in the output are relative.
# Usage: run_case.sh TONFALL CASE_DIR
set -u
tonfall=$1
case_dir=$2
cd "$case_dir" || exit 2

input=/dev/null
[ -f stdin ] && input=stdin
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
eval "set -- $(cat args)"
NO_COLOR= "$tonfall" "$@" <"$input" >"$out" 2>"$err"
status=$?

failed=0
expected_exit=0
[ -f expected_exit ] && expected_exit=$(cat expected_exit)
if [ "$status" != "$expected_exit" ]; then
  echo "exit status $status, expected $expected_exit"
  failed=1
fi
for expected in expected.txt expected.json; do
  if [ -f "$expected" ] && ! diff -u "$expected" "$out"; then
    echo "standard output differs from $expected"
    failed=1
  fi
done
if [ -f expected_stderr ] && ! diff -u expected_stderr "$err"; then
  echo "standard error differs from expected_stderr"
  failed=1
fi
if [ -f expected_lines ]; then
  while IFS= read -r line; do
    if ! grep -qF -- "$line" "$out"; then
      echo "missing in standard output: $line"
      failed=1
    fi
  done <expected_lines
fi
if [ "$failed" -ne 0 ]; then
  echo "--- standard output:"; cat "$out"
  echo "--- standard error:"; cat "$err"
fi
exit "$failed"
