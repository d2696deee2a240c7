#!/usr/bin/env bash
# A plain-text file larger than two pieces is checked piece by piece, its
# pieces on several threads: its findings (positions, texts, suggestions,
# summary) are exactly those of the same text read whole from standard input,
# in JSON, the CI formats and with one thread or more; the text output shows each finding's line; invalid UTF-8 near
# its end is an error at the right byte with no findings, and the other files
# still count.
tonfall=$1
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cd "$scratch"
drafts="$here/../corpus/drafts"
# About 1.5 MB (six pieces; $TONFALL_ROBUST_LARGE_KB sets another size, the
# sanitizer preset takes less): the drafts over and over, one line without any
# line end in the middle, and NFD text, so that pieces are cut at blank lines,
# sentence ends and blanks.
kb=${TONFALL_ROBUST_LARGE_KB:-1500}
python3 - "$drafts" "$kb" <<'PY'
import glob, sys, unicodedata
texts = [open(p, encoding="utf-8").read() for p in sorted(glob.glob(sys.argv[1] + "/*.txt"))]
with open("gross.txt", "w", encoding="utf-8") as out:
    size = 0
    i = 0
    while size < int(sys.argv[2]) * 1000:
        t = texts[i % len(texts)]
        if i % 7 == 3:
            t = unicodedata.normalize("NFD", t)
        if i % 50 == 25:
            t = t.replace("\n", " ") * 40
        out.write(t + "\n\n")
        size += len(t.encode()) + 2
        i += 1
PY
write_good_file gut.txt
# Its pieces are checked on as many threads as --jobs allows, and delivered
# in order: the output is that of one thread.
run "$tonfall" check --format json --fail-on never --jobs 3 gross.txt
threads=$out
run "$tonfall" check --format json --fail-on never --jobs 1 gross.txt
[ "$threads" = "$out" ] || fail "pieces on three threads differ from one: $(diff <(tr '{' '\n' <<<"$out") <(tr '{' '\n' <<<"$threads") | head -10)"
whole=$("$tonfall" check --format json --fail-on never - <gross.txt | sed 's/"path":"-"/"path":"gross.txt"/')
[ "$out" = "$whole" ] || fail "pieces differ from the whole: $(diff <(tr '{' '\n' <<<"$out") <(tr '{' '\n' <<<"$whole") | head -10)"
# The CI formats see the pieces as one file too.
for format in sarif github junit checkstyle; do
  pieces=$("$tonfall" check --format "$format" --fail-on never gross.txt)
  whole=$("$tonfall" check --format "$format" --fail-on never - <gross.txt |
    sed 's/"-"/"gross.txt"/g; s/name="-"/name="gross.txt"/g; s/>-:/>gross.txt:/g; s/file=-,/file=gross.txt,/g')
  [ "$pieces" = "$whole" ] || fail "$format: pieces differ from the whole: $(diff <(echo "$pieces") <(echo "$whole") | head -6)"
done
count=$(grep -o '"rule":' <<<"$out" | wc -l)
[ "$count" -gt $((kb * 2 / 3)) ] || fail "only $count findings in the large file"
run "$tonfall" check --format json --fail-on never --jobs 2 gut.txt gross.txt gut.txt
two=$out
run "$tonfall" check --format json --fail-on never --jobs 1 gut.txt gross.txt gut.txt
[ "$two" = "$out" ] || fail "two threads give other output than one"
grep -q '"files":3,' <<<"$out" || fail "the summary does not count three files: $(tail -c 300 <<<"$out")"

run "$tonfall" check --format text --color never gross.txt
expect_status 1 "text output"
grep -qE '^ +[0-9]+ \| .{10,}' <<<"$out" || fail "the text output shows no source lines"
longest=$(awk '{ if (length($0) > max) max = length($0) } END { print max }' <<<"$out")
[ "$longest" -le 400 ] || fail "a shown line is $longest characters long; long lines should be cut around the span"

# No blank, line end or sentence end for 600 KB: pieces are cut between
# characters, never inside the three bytes of a "€".
python3 -c 'import sys; sys.stdout.write("€" * 100000 + " Da sind Sie bei mir verkehrt " + "€" * 100000)' >euro.txt
run "$tonfall" check --format json euro.txt
expect_status 1 "a long line without breaks"
grep -qF '"rule":"abweisung.' <<<"$out" || fail "no finding in the line without breaks: $(head -c 300 <<<"$out")"

# Standard input is checked in pieces too, with the same findings.
run "$tonfall" check --format json --fail-on never gross.txt
from_file=$(sed 's/"path":"gross.txt"/"path":"-"/' <<<"$out")
"$tonfall" check --format json --fail-on never - <gross.txt >"$scratch/.out" 2>/dev/null
[ "$(cat "$scratch/.out")" = "$from_file" ] || fail "standard input gives other findings than the file"

cp gross.txt kaputt.txt
size=$(stat -c %s kaputt.txt)
printf 'Da sind Sie bei mir verkehrt. \377\n' >>kaputt.txt
run "$tonfall" check --format json kaputt.txt gut.txt
expect_status 2 "invalid UTF-8 near the end"
grep -qF "\"error\":\"kaputt.txt: invalid UTF-8 at byte $((size + 30))\"" <<<"$out" || fail "no error at byte $((size + 30)): $(head -c 300 <<<"$out")"
grep -qF '"path":"kaputt.txt","error":"kaputt.txt: invalid UTF-8 at byte '"$((size + 30))"'","findings":[]' <<<"$out" || fail "findings reported for the invalid file"
finish
