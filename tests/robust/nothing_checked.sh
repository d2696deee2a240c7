#!/usr/bin/env bash
# A CI gate must not pass when it checked nothing: a folder without text
# files (also one of .json libraries, also with --preset), an --include that
# matches nothing, a --field that selects nothing and a preset that does not
# fit the file each end in exit 2 with a message that says why, in every
# output format.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
mkdir leer bibliotheken
printf '{"antwort": "Da sind Sie bei mir verkehrt."}\n' >bibliotheken/makros.json
for format in text json sarif github junit checkstyle; do
  run "$tonfall" check --format $format leer
  expect_status 2 "$format: an empty folder"
  expect_stderr_has "leer: no files to check in this folder"
  run "$tonfall" check --format $format bibliotheken
  expect_status 2 "$format: a folder of libraries"
  expect_stderr_has "--include '*.json'"
  run "$tonfall" check --format $format --preset zendesk bibliotheken
  expect_status 2 "$format: a folder of libraries with --preset"
  run "$tonfall" check --format $format --include '*.xyz' bibliotheken
  expect_status 2 "$format: an --include that matches nothing"
  expect_stderr_has "no file in this folder matches --include"
  run "$tonfall" check --format $format --field /fehlt bibliotheken/makros.json
  expect_status 2 "$format: a --field that selects nothing"
  expect_stderr_has "no text in this file at the fields asked for (/fehlt)"
  run "$tonfall" check --format $format --preset zendesk bibliotheken/makros.json
  expect_status 2 "$format: a preset that does not fit"
done
# The JSON report names the folder and counts it.
run "$tonfall" check --format json leer
expect_stdout_has '{"path":"leer","error":"leer: no files to check in this folder'
expect_stdout_has '"files_with_errors":1'
# Named or included, the library is checked.
run "$tonfall" check --include '*.json' bibliotheken
expect_status 1 "the library, included"
expect_stdout_has "bibliotheken/makros.json:1:"
finish
