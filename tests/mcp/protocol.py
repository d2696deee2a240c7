#!/usr/bin/env python3
"""tonfall mcp at the protocol level, for what the real clients do not
exercise: errors, batches, notifications, cancellation, both eras' edges,
and a long session ($TONFALL_MCP_CALLS calls, default 10,000) whose memory
must stay bounded.

Usage: protocol.py TONFALL"""
import json
import os
import subprocess
import sys

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def server_environment():
    """Under AddressSanitizer, freed memory waits in a quarantine of up to 256 MB and stays resident;
    a small quarantine lets the resident size follow what the server really holds."""
    env = dict(os.environ)
    if "ASAN_OPTIONS" in env:
        env["ASAN_OPTIONS"] += ":quarantine_size_mb=1:thread_local_quarantine_size_kb=64"
    return env


class Server:
    def __init__(self, tonfall):
        self.process = subprocess.Popen([tonfall, "mcp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                        env=server_environment())

    def send(self, *lines):
        self.process.stdin.write("".join(line if isinstance(line, str) else json.dumps(line) + "\n"
                                         for line in lines))
        self.process.stdin.flush()

    def reply(self):
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError("the server closed its output; stderr: " + self.process.stderr.read()[:2000])
        return json.loads(line)

    def ask(self, message):
        self.send(message)
        return self.reply()

    def rss_kb(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def close(self):
        self.process.stdin.close()
        code = self.process.wait(timeout=60)
        return code


MODERN = {"io.modelcontextprotocol/protocolVersion": "2026-07-28",
          "io.modelcontextprotocol/clientCapabilities": {}}


def call(id, tool, arguments, meta=None):
    params = {"name": tool, "arguments": arguments}
    if meta:
        params["_meta"] = meta
    return {"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": params}


def main(tonfall):
    server = Server(tonfall)
    # The handshake era: a version the server does not know is answered with its newest.
    r = server.ask({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                    "params": {"protocolVersion": "2024-01-01", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}})
    check(r["result"]["protocolVersion"] == "2025-11-25", "initialize answers an unknown version with 2025-11-25")
    check("resultType" not in r["result"], "handshake results carry no resultType")
    # Notifications get no answer: the next line out is the ping's.
    server.send({"jsonrpc": "2.0", "method": "notifications/initialized"},
                {"jsonrpc": "2.0", "method": "notifications/unknown"},
                {"jsonrpc": "2.0", "id": "p", "method": "ping"})
    r = server.reply()
    check(r == {"jsonrpc": "2.0", "id": "p", "result": {}}, f"ping: {r}")
    # JSON-RPC errors, and the server goes on after each.
    server.send("this is not json\n")
    r = server.reply()
    check(r["id"] is None and r["error"]["code"] == -32700, f"parse error: {r}")
    r = server.ask(42)
    check(r["error"]["code"] == -32600, f"a number is no request: {r}")
    r = server.ask({"id": 3, "method": "ping"})
    check(r["error"]["code"] == -32600, f"no jsonrpc member: {r}")
    r = server.ask({"jsonrpc": "2.0", "id": 4, "method": "resources/list"})
    check(r["id"] == 4 and r["error"]["code"] == -32601, f"unknown method: {r}")
    r = server.ask(call(5, "no_such_tool", {}))
    check(r["error"]["code"] == -32602 and "no_such_tool" in r["error"]["message"], f"unknown tool: {r}")
    r = server.ask(call(6, "check_text", {}))
    check(r["error"]["code"] == -32602, f"missing text: {r}")
    r = server.ask(call(7, "check_text", {"text": 17}))
    check(r["error"]["code"] == -32602, f"text of the wrong type: {r}")
    server.send('{"jsonrpc":"2.0","id":8,"method":"ping","params":' + "[" * 100000 + "]" * 100000 + "}\n")
    r = server.reply()
    check(r["error"]["code"] == -32600, f"deep nesting: {r['error']}")
    # Members of the wrong type are errors, never a crash.
    for message, code in [({"jsonrpc": 2, "id": 50, "method": "ping"}, -32600),
                          ({"jsonrpc": "2.0", "id": [1], "method": "ping"}, -32600),
                          ({"jsonrpc": "2.0", "id": 51, "method": 7}, -32600),
                          ({"jsonrpc": "2.0", "id": 52, "method": "ping", "params": [1]}, -32602),
                          ({"jsonrpc": "2.0", "id": 53, "method": "tools/call", "params": {"name": "check_text",
                            "arguments": {"text": "x", "enable": "floskel"}}}, -32602),
                          ({"jsonrpc": "2.0", "id": 54, "method": "tools/call", "params": {"name": "check_text",
                            "arguments": "text"}}, -32602),
                          ({"jsonrpc": "2.0", "id": 55, "method": "tools/list", "params": {"_meta": {
                            "io.modelcontextprotocol/protocolVersion": 2026}}}, -32602)]:
        server.send({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": {"a": [1]}}})
        r = server.ask(message)
        check(r.get("error", {}).get("code") == code, f"{message}: {r}")
    r = server.ask({"jsonrpc": "2.0", "id": 56, "method": "initialize", "params": {"protocolVersion": 5}})
    check(r["result"]["protocolVersion"] == "2025-11-25", f"initialize with a number for a version: {r}")
    # Bad input inside a valid call: a tool result with isError.
    r = server.ask(call(9, "check_text", {"text": " \n "}))
    check(r["result"]["isError"] and "empty" in r["result"]["content"][0]["text"], f"empty text: {r}")
    server.send('{"jsonrpc":"2.0","id":10,"method":"tools/call","params":{"name":"check_text","arguments":{"text":"Hallo \\ud800 Welt"}}}\n')
    r = server.reply()
    check(r.get("result", {}).get("isError") is True, f"a lone surrogate escaped into the text: {r}")
    r = server.ask(call(11, "check_text", {"text": "Das geht nicht.", "disable": ["gibt.es.nicht"]}))
    check(r["result"]["isError"] and "gibt.es.nicht" in r["result"]["content"][0]["text"], f"unknown rule id: {r}")
    r = server.ask(call(12, "check_text", {"text": "Das geht nicht.", "format": "pdf"}))
    check(r["result"]["isError"], f"unknown format: {r}")
    r = server.ask(call(13, "explain_rule", {"rule": "floskel.nein"}))
    check(r["result"]["isError"], f"unknown rule to explain: {r}")
    # Positions in bytes, code points and UTF-16 of a text with an emoji.
    r = server.ask(call(14, "check_text", {"text": "🙂 Da sind Sie bei mir verkehrt."}))
    finding = r["result"]["structuredContent"]["findings"][0]
    check((finding["offset"], finding["codepoint_offset"], finding["utf16_offset"]) == (5, 2, 3),
          f"positions after an emoji: {finding}")
    # A batch: one array of answers, none for its notification.
    server.send([{"jsonrpc": "2.0", "id": 20, "method": "ping"},
                 {"jsonrpc": "2.0", "method": "notifications/initialized"},
                 call(21, "check_text", {"text": "Das ist nicht unser Problem."})])
    r = server.reply()
    check(isinstance(r, list) and [x["id"] for x in r] == [20, 21], f"batch: {r}")
    server.send([])
    r = server.reply()
    check(r["error"]["code"] == -32600, f"empty batch: {r}")
    # A request cancelled while it waits behind a long one gets no answer.
    long_text = "Das ist leider nicht möglich. Sie müssen warten. " * 20000
    server.send(call(30, "check_text", {"text": long_text}), call(31, "check_text", {"text": "Nein."}),
                {"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 31, "reason": "x"}},
                {"jsonrpc": "2.0", "id": 32, "method": "ping"})
    ids = [server.reply()["id"], server.reply()["id"]]
    check(ids == [30, 32], f"the cancelled request was answered: {ids}")
    # A cancel for a request answered long ago does not swallow a later
    # request that reuses the id.
    server.ask({"jsonrpc": "2.0", "id": 33, "method": "ping"})
    server.send({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 33}})
    r = server.ask({"jsonrpc": "2.0", "id": 33, "method": "ping"})
    check(r.get("id") == 33, f"a reused id after a late cancel: {r}")
    # A cancel naming a deeply nested id is ignored, and the server goes on.
    server.send('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":' + "[" * 200000 +
                "]" * 200000 + "}}\n")
    r = server.reply()
    check(r["error"]["code"] == -32600, f"a deeply nested cancel: {r}")
    r = server.ask({"jsonrpc": "2.0", "id": 34, "method": "ping"})
    check(r.get("id") == 34, f"ping after a deeply nested cancel: {r}")
    # The stateless era: the version in each request's _meta.
    r = server.ask({"jsonrpc": "2.0", "id": 40, "method": "server/discover", "params": {"_meta": MODERN}})
    check(r["result"]["resultType"] == "complete" and "2026-07-28" in r["result"]["supportedVersions"],
          f"server/discover: {r}")
    r = server.ask(call(41, "check_text", {"text": "Da sind Sie bei mir verkehrt."}, MODERN))
    check(r["result"]["resultType"] == "complete" and r["result"]["structuredContent"]["findings"],
          f"a modern call: {r}")
    r = server.ask(call(42, "check_text", {"text": "x"}, {"io.modelcontextprotocol/protocolVersion": "2030-01-01",
                                                           "io.modelcontextprotocol/clientCapabilities": {}}))
    check(r["error"]["code"] == -32022 and r["error"]["data"]["requested"] == "2030-01-01"
          and "2026-07-28" in r["error"]["data"]["supported"], f"unsupported version: {r}")
    r = server.ask(call(43, "check_text", {"text": "x"}, {"io.modelcontextprotocol/protocolVersion": "2026-07-28"}))
    check(r["error"]["code"] == -32602, f"missing client capabilities: {r}")
    r = server.ask({"jsonrpc": "2.0", "id": 44, "method": "server/discover", "params": {}})
    check(r["error"]["code"] == -32602, f"server/discover without a version: {r}")

    # A long session: memory stays bounded.
    calls = int(os.environ.get("TONFALL_MCP_CALLS", "10000"))
    draft = "Hallo Frau Berg,\n\nda sind Sie bei mir verkehrt. Wir melden uns zeitnah.\n\nViele Grüße"
    baseline = None
    for k in range(calls):
        server.send(call(1000 + k, "check_text" if k % 2 else "fix_text", {"text": draft + f" ({k})"}))
        r = server.reply()
        if "result" not in r:
            check(False, f"call {k}: {r}")
            break
        if k == calls // 10:
            baseline = server.rss_kb()
    grown = server.rss_kb() - (baseline or 0)
    print(f"protocol: {calls} calls, RSS grew by {grown} kB after the first tenth")
    check(grown < 16 * 1024, f"memory grew by {grown} kB over {calls} calls")
    code = server.close()
    check(code == 0, f"exit status {code} when standard input closes")
    print("ok" if not failures else f"{len(failures)} check(s) failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
