#!/usr/bin/env bash
# tonfall serve with real clients: LanguageTool's npm client (clients.mjs)
# and the page in headless Chromium (page.mjs, screenshots in ARTIFACTS).
# Usage: clients.sh TONFALL ARTIFACTS
set -uo pipefail
tonfall=$1
artifacts=$2
here=$(cd "$(dirname "$0")" && pwd)
log=$(mktemp)
"$tonfall" serve --port 0 2>"$log" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 100); do
  port=$(grep -oE 'http://127\.0\.0\.1:[0-9]+/' "$log" | head -1 | grep -oE '[0-9]+/$' | tr -d /)
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "the server did not start: $(cat "$log")"; echo "0 passed, 1 failed"; exit 1; }
url=http://127.0.0.1:$port
status=0
node "$here/clients.mjs" "$url" || status=1
chromium=${TONFALL_CHROMIUM:-/usr/bin/chromium}
node "$here/page.mjs" "$url" "$artifacts" "$chromium" || status=1
kill -TERM $server
wait $server
code=$?
[ $code -eq 0 ] || { echo "tonfall serve exited with $code after SIGTERM"; status=1; }
trap 'rm -f "$log"' EXIT
exit $status
