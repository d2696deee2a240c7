#!/usr/bin/env bash
# A JSON library of many megabytes on one line, with dense findings (size
# $TONFALL_ROBUST_LIBRARY_MB, default 12), generated at test time: its
# findings are reported in batches of entries, so memory stays a small
# multiple of the input (bound $TONFALL_ROBUST_LIBRARY_RSS_MB, default 250;
# all findings held at once took 241 MB for 20 MB and 714 MB for 50 MB), and
# the findings of its first entries are exactly those of a small library of
# just those entries, checked whole; the text report shows each finding's line
# cut around it; a suppression in a YAML library still covers the entries
# after it, and an unused one is still reported.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
mb=${TONFALL_ROBUST_LIBRARY_MB:-12}
limit_mb=${TONFALL_ROBUST_LIBRARY_RSS_MB:-250}
drafts="$(dirname "$0")/../corpus/drafts"
python3 - "$drafts" "$mb" <<'PY'
import glob, json, sys
texts = [" ".join(open(p, encoding="utf-8").read().split()) for p in sorted(glob.glob(sys.argv[1] + "/*.txt"))]
entries, size = [], 0
while size < int(sys.argv[2]) * 1_000_000:
    k = len(entries)
    body = texts[k % len(texts)] * 4
    entries.append({"id": f"v{k}", "title": f"Vorlage {k}", "body": body})
    size += len(body.encode()) + 40
# The large library, and a small one of its first entries, written the same
# way: the same bytes up to the end of those entries.
json.dump(entries, open("gross.json", "w"), ensure_ascii=False)
json.dump(entries[:30], open("klein.json", "w"), ensure_ascii=False)
with open("gross.yaml", "w") as out:
    out.write("# tonfall-disable abweisung\n# tonfall-disable-next-line befehlston\n")
    for e in entries[:400]:
        out.write(f"- id: {e['id']}\n  body: {json.dumps(e['body'], ensure_ascii=False)}\n")
PY
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time is missing (apt-get install time)"; exit 77; }
start=$(date +%s)
/usr/bin/time -f %M -o rss "$tonfall" check --format json --fail-on never gross.json >gross.out 2>err.txt
status=$?
rss_kb=$(tail -n 1 rss)
echo "large_library: $(($(stat -c %s gross.json) / 1000000)) MB library: exit $status, peak RSS $((rss_kb / 1024)) MB, $(( $(date +%s) - start )) s"
[ "$status" = 0 ] || fail "exit status $status, expected 0; stderr: $(head -c 2000 err.txt)"
[ "$rss_kb" -le $((limit_mb * 1024)) ] || fail "peak RSS $((rss_kb / 1024)) MB exceeds $limit_mb MB"
run "$tonfall" check --format json --fail-on never klein.json
printf '%s' "$out" >klein.out
python3 - <<'PY' || fail "the first entries' findings differ from those of the small library"
import json
big = json.load(open("gross.out"))
small = json.load(open("klein.out"))
assert len(big["files"]) == 1 and big["summary"]["files"] == 1, big["summary"]
first = {f"v{k}" for k in range(30)} | {f"Vorlage {k}" for k in range(30)}
from_big = [f for f in big["files"][0]["findings"] if f.get("entry") in first]
from_small = small["files"][0]["findings"]
assert len(from_small) > 100, len(from_small)
assert from_big == from_small, (len(from_big), len(from_small))
assert big["summary"]["findings"] == len(big["files"][0]["findings"]) > 100 * len(from_small) // 30
PY
run "$tonfall" check --color never --fail-on never gross.json
longest=$(awk '{ if (length($0) > max) max = length($0) } END { print max }' <<<"$out")
[ "$longest" -le 400 ] || fail "a shown line is $longest characters long; the one-line library should be cut around each span"
grep -qE '^ +1 \| .{20,}' <<<"$out" || fail "the text report shows no source lines"
"$tonfall" check --format json --fail-on never gross.yaml >yaml.out 2>err.txt || fail "gross.yaml: exit $?: $(head -c 2000 err.txt)"
python3 - <<'PY' || fail "suppressions in the large YAML library"
import json
findings = json.load(open("yaml.out"))["files"][0]["findings"]
assert findings and not any(f["category"] == "abweisung" for f in findings), "abweisung not suppressed"
unused = [f for f in findings if f["rule"] == "tonfall.unbenutzte-unterdrueckung"]
assert len(unused) == 1 and unused[0]["line"] == 2, unused
PY
finish
