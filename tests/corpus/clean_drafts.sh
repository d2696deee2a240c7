#!/usr/bin/env bash
# The drafts that are already positive must give no finding at warning or
# error level. Usage: clean_drafts.sh TONFALL DRAFTS_DIR
set -u
tonfall=$1 drafts=$2
"$tonfall" check --fail-on warning --color never "$drafts"/*-gut.txt
status=$?
if [ "$status" -ne 0 ]; then
  echo "clean drafts gave findings (exit $status)" >&2
  exit 1
fi
