#!/usr/bin/env bash
# A pipe without a writer or an endless device named as a draft or a pack
# used to hang or fill the memory: it is refused with a message, exit 2, and
# the other files are still checked. A process substitution, <(…), and
# /dev/stdin work.
# A JSON Lines request nested 100,000 deep used to crash the long-lived
# process: it gets an error answer and the stream goes on.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
mkfifo rohr.txt
write_good_file gut.txt
run timeout 20 "$tonfall" check rohr.txt gut.txt
[ "$status" != 124 ] || fail "a pipe without a writer stalled the check"
expect_status 2 "a pipe as a draft"
expect_stderr_has "rohr.txt: not a regular file"
expect_stdout_has "gut.txt:1:1:"
run timeout 20 "$tonfall" check /dev/zero
[ "$status" != 124 ] || fail "/dev/zero was read without end"
expect_status 2 "/dev/zero as a draft"
expect_stderr_has "/dev/zero: not a regular file"
run timeout 20 "$tonfall" fix /dev/zero
expect_status 2 "/dev/zero to fix"
run timeout 20 "$tonfall" check --pack rohr.txt gut.txt
[ "$status" != 124 ] || fail "a pipe as a pack stalled the run"
expect_status 2 "a pipe as a pack"
expect_stderr_has "rohr.txt: not a regular file"
out=$("$tonfall" check <(printf 'Da sind Sie bei mir verkehrt.\n') 2>&1)
grep -q ':1:1: error' <<<"$out" || fail "a process substitution was not checked: $out"
out=$(printf 'Da sind Sie bei mir verkehrt.\n' | "$tonfall" check /dev/stdin 2>&1)
grep -q '^/dev/stdin:1:1: error' <<<"$out" || fail "/dev/stdin was not checked: $out"
python3 -c "print('{\"id\":' + '[' * 100000 + ']' * 100000 + ',\"text\":\"Hallo\"}'); print('{\"id\":2,\"text\":\"Da sind Sie bei mir verkehrt.\"}')" >tief.jsonl
"$tonfall" check --input-format jsonl - <tief.jsonl >"$scratch/.out" 2>/dev/null
status=$?
out=$(cat "$scratch/.out")
[ "$status" -lt 128 ] || fail "killed by signal $((status - 128))"
expect_stdout_has '{"schema":"tonfall/1","error":"line 1: nested more than 64 levels deep"}'
expect_stdout_has '{"schema":"tonfall/1","id":2,"findings":[{'
finish
