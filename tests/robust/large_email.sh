#!/usr/bin/env bash
# An e-mail whose base64 body decodes to many megabytes of text with
# findings (size of the .eml: $TONFALL_ROBUST_EMAIL_MB, default 12),
# generated at test time: its memory must stay a small multiple of the input.
# The body was once turned into a vector of its characters, 100 bytes each:
# 50 MB took 3.3 GB. The peak RSS (/usr/bin/time -f %M) is printed; the bound
# is $TONFALL_ROBUST_EMAIL_RSS_MB (default 200; a release build needs about
# 100 MB for 12 MB). The ASan preset, whose shadow memory and quarantine come
# on top, checks a smaller e-mail against a larger bound.
tonfall=$1
. "$(dirname "$0")/lib.sh"
cd "$scratch"
mb=${TONFALL_ROBUST_EMAIL_MB:-12}
limit_mb=${TONFALL_ROBUST_EMAIL_RSS_MB:-200}
python3 - "$mb" <<'PY'
import base64, sys
size = int(sys.argv[1]) * 1024 * 1024 * 3 // 4
paragraph = ("Das ist ein ruhiger Absatz über das Wetter und die Stadt.\n\n" * 20 +
             "Leider ist das nicht möglich. Sie hätten das früher sagen müssen.\n\n")
body = (paragraph * (size // len(paragraph.encode()) + 1)).encode()[:size]
body = body[: body.rfind(b"\n") + 1]
with open("gross.eml", "w") as out:
    out.write("From: a@example.org\nSubject: Test\nMIME-Version: 1.0\n"
              "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n")
    out.write(base64.encodebytes(body).decode())
PY
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time is missing (apt-get install time)"; exit 77; }
start=$(date +%s)
/usr/bin/time -f %M -o rss "$tonfall" check --format json --fail-on never gross.eml >out.json 2>err.txt
status=$?
seconds=$(( $(date +%s) - start ))
rss_kb=$(tail -n 1 rss)
echo "large_email: ${mb} MB e-mail: exit $status, peak RSS $((rss_kb / 1024)) MB, ${seconds} s"
[ "$status" = 0 ] || fail "exit status $status, expected 0; stderr: $(head -c 2000 err.txt)"
python3 - <<'PY' || fail "the findings of the decoded body are missing"
import json
files = json.load(open("out.json"))["files"]
findings = files[0]["findings"]
assert len(findings) > 1000 and all(f["in_decoded_text"] for f in findings), len(findings)
PY
limit_kb=$((limit_mb * 1024))
[ "$rss_kb" -le "$limit_kb" ] || fail "peak RSS $((rss_kb / 1024)) MB exceeds $((limit_kb / 1024)) MB"
finish
