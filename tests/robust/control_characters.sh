#!/usr/bin/env bash
# Escape sequences in a draft or a file name (set the title, clear the screen,
# write the clipboard, ring the bell) never reach the terminal through a text
# report: they are shown as their pictures („␛“), and the underline stays under
# the finding.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
esc=$(printf '\033')
name="brief${esc}]0;titel$(printf '\007').txt"
printf 'Da sind Sie bei mir verkehrt. \033]52;c;Y2xpcA==\007\033[2J\n' >"$name"
printf 'x\377\n' >"kaputt${esc}[2J.txt"
"$tonfall" check --color never -- "$name" "kaputt${esc}[2J.txt" >"$scratch/.out" 2>"$scratch/.err" </dev/null
if grep -q "$esc\|$(printf '\007')" "$scratch/.out" "$scratch/.err"; then
  fail "a control character reached the report"
fi
run "$tonfall" check --color never -- "$name"
expect_stdout_has "brief␛]0;titel␇.txt:1:1:"
expect_stdout_has "verkehrt. ␛]52;c;Y2xpcA==␇␛[2J"
expect_stdout_has " | ^~~~~~~~~~~~~~~~~~~~~~~~~~~~"
run "$tonfall" check --color never -- "kaputt${esc}[2J.txt"
expect_stderr_has "kaputt␛[2J.txt: invalid UTF-8"
finish
