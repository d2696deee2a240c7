#!/usr/bin/env bash
# `fix -` on a large text (size: $TONFALL_ROBUST_FIX_MB, default 8) with a
# fix and a finding in every paragraph: the text is fixed and written piece
# by piece, so memory holds one piece's findings, not the whole text's
# (30 MB once took 800 MB). The output must be the input with every fix
# applied, the report must give each change its line in the whole text, and
# the peak RSS (/usr/bin/time -f %M, printed) must stay within
# $TONFALL_ROBUST_FIX_RSS_MB (default 100; a release build needs about 45 MB).
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
mb=${TONFALL_ROBUST_FIX_MB:-8}
limit_mb=${TONFALL_ROBUST_FIX_RSS_MB:-100}
python3 - "$mb" <<'PY'
import sys
paragraph = ("Wir haben Ihre Nachricht erhalten und melden uns zeitnah bei Ihnen. "
             "Eine Lieferung am Sonntag ist leider nicht möglich.\n\n")
count = int(sys.argv[1]) * 1024 * 1024 // len(paragraph.encode())
text = paragraph * count + "Schicken Sie uns das Formular.\n"
open("gross.txt", "w").write(text)
fixed = text.replace(" zeitnah ", " bald ").replace("Schicken Sie", "Bitte schicken Sie")
open("erwartet.txt", "w").write(fixed)
open("zeilen", "w").write(f"{count} {text.count(chr(10))}\n")
PY
read -r paragraphs last_line <zeilen
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time is missing (apt-get install time)"; exit 77; }
start=$(date +%s)
/usr/bin/time -f %M -o rss "$tonfall" fix - <gross.txt >out.txt 2>err.txt
status=$?
seconds=$(( $(date +%s) - start ))
rss_kb=$(tail -n 1 rss)
echo "large_fix: ${mb} MB through fix -: exit $status, peak RSS $((rss_kb / 1024)) MB, ${seconds} s"
[ "$status" = 1 ] || fail "exit status $status, expected 1 (warnings remain); stderr: $(head -c 2000 err.txt)"
cmp -s out.txt erwartet.txt || fail "the fixed text differs from the expected one at $(cmp out.txt erwartet.txt | head -1)"
[ "$(grep -c ': geändert: „zeitnah“ → „bald“' err.txt)" = "$paragraphs" ] || fail "not every „zeitnah“ was reported as changed"
grep -qF -- "-:$last_line:1: geändert: „Schicken Sie“ → „Bitte schicken Sie“" err.txt ||
  fail "the last change is not reported at line $last_line: $(grep 'Schicken' err.txt | head -c 500)"
grep -qF -- "-:$((last_line - 2)):71: warning:" err.txt || fail "the remaining finding of the last paragraph is not at its line"
tail -n 1 err.txt | grep -qF "$((paragraphs + 1)) Änderungen angewandt. $paragraphs Warnungen in 1 von 1 Datei." ||
  fail "the summary does not count the whole text: $(tail -n 1 err.txt)"
limit_kb=$((limit_mb * 1024))
[ "$rss_kb" -le "$limit_kb" ] || fail "peak RSS $((rss_kb / 1024)) MB exceeds $((limit_kb / 1024)) MB"
finish
