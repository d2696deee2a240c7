#!/usr/bin/env bash
# A single line of 200 MB (size: $TONFALL_ROBUST_HUGE_MB, default 200),
# generated at test time: tonfall must finish, report the finding inside it,
# and stay within a memory bound that does not grow with the file: a large
# text is checked piece by piece. The peak RSS (/usr/bin/time -f %M) is
# printed; the bound is $TONFALL_ROBUST_HUGE_RSS_MB (default 100; a release
# build needs about 20 MB). Under ASan the preset allows 512 MB: its
# quarantine of freed memory (256 MB) and shadow memory come on top of the
# program's own, and the 8 MB RE2 budget per pattern is padded by redzones.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
mb=${TONFALL_ROBUST_HUGE_MB:-200}
limit_mb=${TONFALL_ROBUST_HUGE_RSS_MB:-100}
python3 - "$mb" <<'PY'
import sys
size = int(sys.argv[1]) * 1024 * 1024
chunk = ("Wir prüfen Ihr Anliegen gern und melden uns bald bei Ihnen. " * 1000).encode()
with open("lang.txt", "wb") as out:
    out.write(b"Da sind Sie bei mir verkehrt. ")
    written = 30
    while written + len(chunk) < size:
        out.write(chunk)
        written += len(chunk)
    out.write(b"x" * (size - written))
PY
write_good_file gut.txt
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time is missing (apt-get install time)"; exit 77; }
start=$(date +%s)
/usr/bin/time -f %M -o rss "$tonfall" check --format json --jobs 1 lang.txt gut.txt >out.json 2>err.txt
status=$?
seconds=$(( $(date +%s) - start ))
rss_kb=$(tail -n 1 rss)
echo "huge_line: ${mb} MB single line: exit $status, peak RSS $((rss_kb / 1024)) MB, ${seconds} s"
[ "$status" = 1 ] || fail "exit status $status, expected 1; stderr: $(head -c 2000 err.txt)"
grep -qF '"path":"lang.txt","findings":[{"rule":"abweisung.' out.json || fail "no finding at the start of lang.txt"
grep -qF '"path":"gut.txt","findings":[{' out.json || fail "gut.txt not checked"
limit_kb=$((limit_mb * 1024))
[ "$rss_kb" -le "$limit_kb" ] || fail "peak RSS $((rss_kb / 1024)) MB exceeds $((limit_kb / 1024)) MB"
finish
