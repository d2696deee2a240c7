#!/usr/bin/env bash
# Directory symlink loops (a link to its own folder, to the parent, a cycle of
# two links) and a dangling link: the walk ends, each real file is checked
# exactly once, the links are not followed.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
mkdir -p baum/a/b
write_good_file baum/a/b/gut.txt
ln -s . baum/a/selbst
ln -s .. baum/a/b/hoch
ln -s ../b baum/a/b/zyklus1
ln -s zyklus1 baum/a/b/zyklus2
ln -s fehlt.txt baum/a/kaputt.txt
run timeout 60 "$tonfall" check --format json baum
[ "$status" != 124 ] || fail "the walk did not end within 60 s"
expect_status 1 "one finding"
count=$(grep -o '"path":"[^"]*"' <<<"$out" | sort | uniq -c)
[ "$(grep -c '"path"' <<<"$count")" = 1 ] || fail "expected exactly one file, got: $count"
grep -q '^ *1 "path":"baum/a/b/gut.txt"' <<<"$count" || fail "gut.txt not checked once: $count"
# A loop named on the command line (a symlink to a folder is a folder).
run timeout 60 "$tonfall" check baum/a/selbst
[ "$status" != 124 ] || fail "the walk of a named link did not end"
expect_status 1 "named link"
finish
