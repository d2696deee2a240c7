#!/usr/bin/env bash
# `fix --in-place` replaces a file only when that loses nothing: not a
# read-only file, not one of several hard links, not a file that changed
# while it was fixed; it keeps owner and group; it removes temporaries a
# killed run left behind (only stale ones); a folder walk does not leave the
# folder through a link. `fix --diff` refuses a file name that would break
# the diff's header lines.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
draft() { printf 'Hallo Frau Berg,\nkein Problem, das machen wir zeitnah.\nViele Grüße\n' >"$1"; }
fixed='gern, das machen wir bald.'

# A plain file is rewritten (the fix pack of the default rules works here).
draft plain.txt
run "$tonfall" fix --in-place plain.txt
expect_status 0 "plain file"
grep -qF "$fixed" plain.txt || fail "plain.txt was not rewritten: $(cat plain.txt)"

# Read-only: refused, also for root.
draft readonly.txt
chmod 0444 readonly.txt
run "$tonfall" fix --in-place readonly.txt
expect_status 2 "read-only file"
expect_stderr_has "readonly.txt: is read-only; the file is unchanged"
grep -qF "$fixed" readonly.txt && fail "a read-only file was rewritten"
[ "$(stat -c %a readonly.txt)" = 444 ] || fail "the read-only file's mode changed"

# Hard links: refused, both names keep the one file.
draft linked.txt
ln linked.txt second-name.txt
run "$tonfall" fix --in-place linked.txt
expect_status 2 "hard link"
expect_stderr_has "linked.txt: has 2 hard links"
[ "$(stat -c %i linked.txt)" = "$(stat -c %i second-name.txt)" ] || fail "the hard link was split"
grep -qF "$fixed" linked.txt && fail "a hard-linked file was rewritten"

# Owner and group stay (only root can give a file to someone else).
if [ "$(id -u)" = 0 ]; then
  draft owned.txt
  chown 65534:65534 owned.txt
  run "$tonfall" fix --in-place owned.txt
  expect_status 0 "a file of another user, fixed by root"
  grep -qF "$fixed" owned.txt || fail "owned.txt was not rewritten"
  [ "$(stat -c %u:%g owned.txt)" = 65534:65534 ] || fail "owner and group became $(stat -c %u:%g owned.txt)"
else
  echo "note: not root, the owner check is left out"
fi

# A line appended while the file is fixed: the file is left alone, with the
# line. The draft is large enough (~6 MB) that fixing it takes far longer
# than reading it.
for _ in $(seq 1 40000); do printf 'kein Problem, das machen wir zeitnah.\n\n'; done >racing.txt
"$tonfall" fix --in-place racing.txt >"$scratch/.out" 2>"$scratch/.err" </dev/null &
pid=$!
sleep 0.3
printf 'Eine Zeile, die ein anderes Programm anhängt.\n' >>racing.txt
wait "$pid"
status=$?
err=$(cat "$scratch/.err")
if [ "$status" = 0 ]; then
  echo "note: the fix ended before the line was appended; the race was not tested"
  grep -qF 'anderes Programm' racing.txt || fail "the appended line is lost"
else
  expect_status 2 "a file changed during the fix"
  expect_stderr_has "racing.txt: changed while it was being fixed"
  tail -1 racing.txt | grep -qF 'anderes Programm' || fail "the appended line is lost"
  grep -qF 'zeitnah' racing.txt || fail "the changed file was rewritten"
fi

# Temporaries of a killed run: a stale one is removed, a fresh one (a run
# still going) stays, another user's or another file's are not touched.
draft temp.txt
touch -d '1 hour ago' .temp.txt.tonfall-AAAAAA
touch .temp.txt.tonfall-BBBBBB
touch -d '1 hour ago' .other.txt.tonfall-CCCCCC
run "$tonfall" fix --in-place temp.txt
expect_status 0 "temporaries"
[ -e .temp.txt.tonfall-AAAAAA ] && fail "a stale temporary was left"
[ -e .temp.txt.tonfall-BBBBBB ] || fail "a fresh temporary was removed"
[ -e .other.txt.tonfall-CCCCCC ] || fail "another file's temporary was removed"

# A folder walk stays in the folder: a link to a file outside is skipped, a
# link inside is followed.
mkdir -p repo/sub outside
draft outside/foreign.txt
draft repo/sub/own.txt
ln -s ../outside/foreign.txt repo/out.txt
ln -s sub/own.txt repo/in.txt
run "$tonfall" fix --in-place repo
grep -qF "$fixed" outside/foreign.txt && fail "a walk rewrote a file outside the folder"
grep -qF "$fixed" repo/sub/own.txt || fail "the file inside the folder was not rewritten"

# --diff and a file name with a line break: no hunk of its own, exit 2.
name=$'evil.txt\n+++ plain.txt'
draft "$name"
run "$tonfall" fix --diff "$name"
expect_status 2 "a name with a line break"
expect_stderr_has "cannot stand in a diff"
[ -z "$out" ] || fail "a diff was printed for the name with a line break: $out"
finish
