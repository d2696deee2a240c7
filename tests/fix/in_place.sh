#!/usr/bin/env bash
# `fix --in-place`: rewrites atomically, keeps the mode, follows symlinks,
# leaves a file it cannot write as it was. Usage: in_place.sh TONFALL PACK
set -u
tonfall=$1 pack=$2
dir=$(mktemp -d)
trap 'chmod -R u+w "$dir"; rm -rf "$dir"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

printf 'Da sind Sie bei mir verkehrt!\r\nDanke.\r\n' >"$dir/brief.txt"
chmod 640 "$dir/brief.txt"
ln -s brief.txt "$dir/link.txt"
"$tonfall" fix --pack "$pack" --with-placeholders --in-place --fail-on never "$dir/link.txt" 2>/dev/null
[ "$(cat "$dir/brief.txt")" = "$(printf 'Da kann Ihnen {{kollege}} weiterhelfen.\r\nDanke.\r')" ] || fail "content: $(cat -A "$dir/brief.txt")"
[ "$(stat -c %a "$dir/brief.txt")" = 640 ] || fail "mode not kept: $(stat -c %a "$dir/brief.txt")"
[ -L "$dir/link.txt" ] || fail "the symlink was replaced"
[ -z "$(find "$dir" -name '.*tonfall-*')" ] || fail "temporary file left behind"

# A file in a directory that cannot be written: reported, unchanged, exit 2.
mkdir "$dir/locked"
printf 'Da sind Sie bei uns falsch.\n' >"$dir/locked/brief.txt"
chmod 555 "$dir/locked"
if [ "$(id -u)" -ne 0 ]; then
  "$tonfall" fix --pack "$pack" --in-place "$dir/locked/brief.txt" 2>"$dir/err"
  status=$?
  [ "$status" = 2 ] || fail "unwritable: exit $status"
  grep -q "the file is unchanged" "$dir/err" || fail "unwritable: message $(cat "$dir/err")"
  [ "$(cat "$dir/locked/brief.txt")" = "Da sind Sie bei uns falsch." ] || fail "unwritable file changed"
fi
# As root, a directory made immutable stands in: chattr is not everywhere, so
# the check above runs for ordinary users only.

# Several files at once, one of them invalid: the others are still fixed.
printf 'Da sind Sie bei uns falsch.\n' >"$dir/a.txt"
printf 'Gr\xfc\xdfe\n' >"$dir/b.txt"
"$tonfall" fix --pack "$pack" --with-placeholders --in-place --fail-on never "$dir/a.txt" "$dir/b.txt" 2>"$dir/err"
status=$?
[ "$status" = 2 ] || fail "invalid input among files: exit $status"
grep -q "b.txt: invalid UTF-8 at byte 2" "$dir/err" || fail "no message for b.txt"
[ "$(cat "$dir/a.txt")" = "Da kann Ihnen {{kollege}} weiterhelfen." ] || fail "a.txt not fixed"

echo "$((failures == 0 ? 1 : 0)) passed, $((failures == 0 ? 0 : 1)) failed"
[ "$failures" -eq 0 ]
