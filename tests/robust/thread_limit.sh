#!/usr/bin/env bash
# `check -j 1024` under a process limit that allows only a few threads: the
# files are checked by the threads that could start (before: an uncaught
# std::system_error, exit 134). Root ignores the limit, so as root the test
# runs tonfall as the user nobody (setpriv); without setpriv it is skipped.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
mkdir drafts
for i in $(seq 1 40); do write_good_file "drafts/entwurf-$i.txt"; done
as_nobody "root ignores the process limit"
run "${as_user[@]}" bash -c 'ulimit -u 6 && exec "$0" check -j 1024 --format json drafts' "$tonfall"
expect_status 1 "40 drafts with one finding each"
[ "$(grep -c '"path"' <<<"$out")" = 40 ] || fail "not every draft was checked: $(grep -c '"path"' <<<"$out") of 40"
finish
