#!/usr/bin/env python3
"""tonfall serve over HTTP: LanguageTool's API v2 as its clients call it
(form bodies, fields in the query string, annotated text, the parameters
LTeX+ and Obsidian send), offsets in UTF-16 after an emoji and an NFD
umlaut, tonfall's own /v1 JSON, the errors, and the limits that keep the
server alive: a body over the limit, a client that sends a byte at a time,
200 connections at once, bad input of every kind; then SIGTERM.

Usage: api.py TONFALL"""
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
import unicodedata
import urllib.parse

failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def utf16(text):
    return len(text.encode("utf-16-le")) // 2


class Server:
    def __init__(self, tonfall, *args):
        self.process = subprocess.Popen([tonfall, "serve", "--port", "0", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        line = self.process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not found:
            raise RuntimeError("no port in: " + line + self.process.stderr.read()[:2000])
        self.port = int(found.group(1))

    def raw(self, data, timeout=30):
        """Sends `data` (bytes) and returns the whole answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as s:
            s.sendall(data)
            chunks = []
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        return b"".join(chunks)

    def request(self, method, path, body=b"", content_type="application/x-www-form-urlencoded", headers=None):
        if isinstance(body, str):
            body = body.encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if body or method == "POST":
            head += f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        for key, value in (headers or {}).items():
            head += f"{key}: {value}\r\n"
        answer = self.raw(head.encode() + b"\r\n" + body)
        head, _, payload = answer.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {}
        for line in lines[1:]:
            key, _, value = line.partition(":")
            fields[key.strip().lower()] = value.strip()
        return status, fields, payload.decode("utf-8", "replace")

    def check_text(self, fields, query=""):
        status, _, payload = self.request("POST", "/v2/check" + query, urllib.parse.urlencode(fields))
        return status, (json.loads(payload) if status == 200 else payload)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)


REFUSAL = "Da sind Sie bei mir verkehrt"


def match_of(answer, text_before):
    """The match that starts where REFUSAL does after `text_before`."""
    for match in answer["matches"]:
        if match["offset"] == utf16(text_before):
            return match
    return None


def languagetool_api(server):
    # Plain text: LanguageTool's shape.
    status, answer = server.check_text({"text": f"Hallo Frau Berg,\n\n{REFUSAL}! Viele Grüße", "language": "de-DE"})
    check(status == 200, f"POST /v2/check: {status} {answer}")
    for key in ("software", "warnings", "language", "matches", "sentenceRanges"):
        check(key in answer, f"the answer has {key}")
    check(answer["language"]["code"] == "de-DE" and "detectedLanguage" in answer["language"], f"language: {answer['language']}")
    match = match_of(answer, "Hallo Frau Berg,\n\n")
    check(match is not None, f"a match at the refusal: {answer['matches']}")
    if match:
        check(match["length"] == utf16(REFUSAL) or match["length"] >= utf16(REFUSAL) - 2, f"its length: {match['length']}")
        for key in ("message", "shortMessage", "replacements", "context", "sentence", "type", "rule"):
            check(key in match, f"a match has {key}")
        check(all(set(r) == {"value"} for r in match["replacements"]), f"replacements are {{value}}: {match['replacements']}")
        check(match["rule"]["issueType"] == "style" and {"id", "name"} <= set(match["rule"]["category"]),
              f"rule: {match['rule']}")
        context = match["context"]
        check(context["text"][context["offset"]:context["offset"] + context["length"]].startswith("Da sind Sie"),
              f"context points at the span: {context}")
        check(match["sentence"].startswith(REFUSAL), f"sentence: {match['sentence']!r}")
    check(all(len(r) == 2 and r[0] < r[1] for r in answer["sentenceRanges"]), f"sentenceRanges: {answer['sentenceRanges']}")

    # An emoji and an NFD umlaut before the span: offsets in UTF-16 units.
    before = "Grüße 😀 " + unicodedata.normalize("NFD", "Ärger über Öl: ")
    status, answer = server.check_text({"text": before + REFUSAL + ".", "language": "auto"})
    check(status == 200 and match_of(answer, before) is not None,
          f"UTF-16 offset {utf16(before)} after an emoji and NFD: {[(m['offset'], m['length']) for m in answer['matches']]}")
    check(answer["language"]["code"] == "de-DE", "language=auto is answered as de-DE")

    # Annotated text (Markdown as the VS Code and Obsidian clients send it):
    # offsets count text and markup.
    annotation = [{"markup": "# "}, {"text": "Antwort"}, {"markup": "\n\n", "interpretAs": "\n\n"},
                  {"text": "😀 Hallo, "}, {"markup": "**"}, {"text": REFUSAL}, {"markup": "**"}, {"text": "."},
                  {"markup": "<!-- Notiz -->", "extra": 1}]
    original = "".join(item.get("text", item.get("markup", "")) for item in annotation)
    status, answer = server.check_text({"data": json.dumps({"annotation": annotation}), "language": "de-DE",
                                        "enabledOnly": "false"})
    before = original[:original.index(REFUSAL)]
    check(status == 200 and match_of(answer, before) is not None,
          f"annotated: a match at UTF-16 {utf16(before)}: {answer if status != 200 else [(m['offset'], m['length']) for m in answer['matches']]}")

    # Everything in the query string of the POST, as one client sends it.
    query = "?" + urllib.parse.urlencode({"text": REFUSAL + ".", "language": "de-DE"})
    status, answer = server.check_text({}, query)
    check(status == 200 and len(answer["matches"]) >= 1, f"fields in the query string: {status}")

    # What LTeX+ sends: both category lists, level=picky, motherTongue, and
    # LanguageTool's own rule ids, which tonfall does not know.
    text = f"{REFUSAL}. Wir bitten um Ihr Verständnis. Bitte zeitnah melden."
    fields = {"text": text, "language": "de-DE", "level": "picky", "motherTongue": "de-DE",
              "disabledRules": "WHITESPACE_RULE,UPPERCASE_SENTENCE_START", "enabledRules": "",
              "disabledCategories": "TYPOS", "enabledCategories": "", "enabledOnly": "false"}
    status, picky = server.check_text(fields)
    check(status == 200 and len(picky["matches"]) >= 1, f"LTeX+ fields: {status} {picky}")
    fields["level"] = "default"
    status, default = server.check_text(fields)
    check(len(picky["matches"]) >= len(default["matches"]), "level=picky shows at least what the default shows")
    check(all(m["type"]["typeName"] != "Hint" for m in default["matches"]), "the default level leaves hints out")
    if picky["matches"]:
        first = picky["matches"][0]["rule"]
        fields["level"] = "picky"
        fields["disabledRules"] = first["id"]
        status, answer = server.check_text(fields)
        check(all(m["rule"]["id"] != first["id"] for m in answer["matches"]), f"disabledRules={first['id']}")
        fields["disabledRules"] = ""
        fields["disabledCategories"] = first["category"]["id"].upper()
        status, answer = server.check_text(fields)
        check(all(m["rule"]["category"]["id"] != first["category"]["id"] for m in answer["matches"]),
              "disabledCategories (any case)")
        fields["disabledCategories"] = ""
        fields["enabledOnly"] = "true"
        fields["enabledCategories"] = first["category"]["id"]
        status, answer = server.check_text(fields)
        check(status == 200 and answer["matches"] and
              all(m["rule"]["category"]["id"] == first["category"]["id"] for m in answer["matches"]),
              f"enabledOnly with enabledCategories: {answer}")

    # What the Obsidian plugin sends: language=auto, annotated data.
    status, answer = server.check_text({"data": json.dumps({"annotation": [{"text": REFUSAL + "."}]}),
                                        "language": "auto", "level": "default"})
    check(status == 200 and answer["matches"], "Obsidian-style request")

    # GET with the fields in the query string, as LanguageTool takes it too;
    # "de" is answered as "de".
    status, _, payload = server.request("GET", "/v2/check?" + urllib.parse.urlencode({"text": REFUSAL + ".", "language": "de"}))
    answer = json.loads(payload) if status == 200 else {}
    check(status == 200 and answer["matches"] and answer["language"]["code"] == "de", f"GET /v2/check: {status} {payload[:200]}")

    # Two requests in one packet on a kept-alive connection: both answered.
    one = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
    answer = server.raw(one + b"GET /v2/languages HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", timeout=10)
    check(answer.count(b"HTTP/1.1 200") == 2, f"pipelined requests: {answer[:300]!r}")

    status, _, payload = server.request("GET", "/v2/languages")
    languages = json.loads(payload)
    check(status == 200 and any(l["longCode"] == "de-DE" for l in languages), f"/v2/languages: {payload}")
    status, _, payload = server.request("GET", "/v2/info")
    check(status == 200 and json.loads(payload)["software"]["name"] == "tonfall", f"/v2/info: {payload}")


def errors(server):
    def expect(status_wanted, fields, what, raw=None, query=""):
        body = raw if raw is not None else urllib.parse.urlencode(fields)
        status, _, payload = server.request("POST", "/v2/check" + query, body)
        check(status == status_wanted and payload.startswith("Error: "), f"{what}: {status} {payload[:200]!r}")

    expect(400, {"language": "de-DE"}, "no text")
    expect(400, {"text": "Hallo"}, "no language")
    expect(400, {"text": "Hallo", "language": "en-US"}, "a language tonfall does not check")
    expect(400, None, "a bad percent escape", raw="text=%ZZ&language=de-DE")
    expect(400, None, "invalid UTF-8 in a field", raw="text=%FF%FE&language=de-DE")
    expect(400, {"data": "{not json", "language": "de-DE"}, "invalid JSON in data")
    expect(400, {"data": json.dumps({"annotation": [{"foo": 1}]}), "language": "de-DE"}, "an item with neither text nor markup")
    expect(400, {"data": json.dumps({"annotation": "x"}), "language": "de-DE"}, "annotation not an array")
    expect(400, {"data": "[" * 100000, "language": "de-DE"}, "data nested 100,000 deep")
    expect(400, {"text": "x", "language": "de-DE", "enabledOnly": "true"}, "enabledOnly without rules")
    status, _, payload = server.request("POST", "/v2/check", b"--x\r\n", content_type="multipart/form-data; boundary=x")
    check(status == 400, f"multipart: {status}")
    # A body where none is read, or a compressed one: refused before it is read.
    status, _, payload = server.request("POST", "/health", b"x" * 100)
    check(status == 413 and payload.startswith("Error: "), f"a body to an endpoint without one: {status} {payload!r}")
    status, _, payload = server.request("POST", "/v2/check", b"\x1f\x8b" + b"\0" * 20,
                                        headers={"Content-Encoding": "gzip"})
    check(status == 415, f"a gzip body: {status} {payload!r}")
    # After an error the connection ends: what follows the bad request in the
    # same packet is not taken for a request of its own.
    bad = b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 60\r\n\r\n"
    answer = server.raw(bad + b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" + b"x" * 27, timeout=10)
    check(answer.startswith(b"HTTP/1.1 400") and answer.count(b"HTTP/1.1") == 1, f"no request smuggled after an error: {answer[:300]!r}")
    status, _, payload = server.request("GET", "/no/such/path")
    check(status == 404 and payload.startswith("Error: "), f"404: {status} {payload!r}")
    # Garbage instead of HTTP is answered 400, and the server goes on.
    answer = server.raw(b"\x00\xff\xfe garbage\r\n\r\n")
    check(answer.startswith(b"HTTP/1.1 400"), f"garbage: {answer[:60]!r}")


def own_json(server):
    status, _, payload = server.request("POST", "/v1/check", json.dumps({"text": REFUSAL + "!"}),
                                        content_type="application/json")
    answer = json.loads(payload) if status == 200 else {}
    check(status == 200 and answer.get("schema") == "tonfall/1" and answer["files"][0]["findings"],
          f"/v1/check: {status} {payload[:300]}")
    status, _, payload = server.request("POST", "/v1/fix",
                                        json.dumps({"text": "Das ist leider nicht möglich. Bitte haben Sie Verständnis.",
                                                    "address": "Sie"}), content_type="application/json")
    answer = json.loads(payload) if status == 200 else {}
    check(status == 200 and {"text", "applied", "remaining"} <= set(answer), f"/v1/fix: {status} {payload[:300]}")
    for body, what in ((b"[1", "invalid JSON"), (b'{"text": 3}', "text not a string"),
                       (b'{"text": "x", "format": "jsonl"}', "an unknown format"),
                       (b'{"text": "x", "address": "ihr"}', "an unknown address")):
        status, _, payload = server.request("POST", "/v1/check", body, content_type="application/json")
        check(status == 400 and payload.startswith("Error: "), f"/v1/check with {what}: {status} {payload!r}")
    status, _, payload = server.request("GET", "/health")
    check(status == 200 and json.loads(payload)["status"] == "ok", f"/health: {payload}")
    status, _, payload = server.request("GET", "/v1/categories")
    check(status == 200 and json.loads(payload).get("schuldzuweisung") == "Schuldzuweisung", f"/v1/categories: {payload[:200]}")
    status, fields, payload = server.request("GET", "/")
    check(status == 200 and "text/html" in fields.get("content-type", "") and "tonfall" in payload, "GET / serves the page")
    check("default-src 'none'" in fields.get("content-security-policy", ""), "the page has a content security policy")
    status, fields, _ = server.request("GET", "/tonfall.js")
    check(status == 200 and "javascript" in fields.get("content-type", ""), "the page's script")
    # No cross-origin reads unless asked for.
    _, fields, _ = server.request("GET", "/health", headers={"Origin": "http://example.org"})
    check("access-control-allow-origin" not in fields, "no CORS header without --allow-origin")


def limits(tonfall):
    server = Server(tonfall, "--max-body", "2000", "--timeout", "2", "--threads", "2",
                    "--allow-origin", "http://example.org")
    try:
        status, _, payload = server.request("POST", "/v2/check", urllib.parse.urlencode({"text": "x" * 5000, "language": "de"}))
        check(status == 413 and payload.startswith("Error: "), f"a body over --max-body: {status} {payload!r}")
        # Chunked, without a length: the limit holds too.
        body = urllib.parse.urlencode({"text": "y" * 5000, "language": "de"}).encode()
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 1000]), body[i:i + 1000]) for i in range(0, len(body), 1000))
        answer = server.raw(b"POST /v2/check HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                            b"Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n" + chunked + b"0\r\n\r\n")
        check(answer.startswith(b"HTTP/1.1 413"), f"a chunked body over the limit: {answer[:40]!r}")

        # CORS for the allowed origin, with its preflight.
        status, fields, _ = server.request("OPTIONS", "/v2/check", headers={
            "Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
        check(status == 204 and fields.get("access-control-allow-origin") == "http://example.org", f"preflight: {status} {fields}")
        _, fields, _ = server.request("GET", "/health", headers={"Origin": "http://evil.example"})
        check("access-control-allow-origin" not in fields, "no CORS header for another origin")

        # A client that sends a byte at a time gets 408 when its time is up,
        # and meanwhile the others are served.
        slow_answer = []

        def slow():
            with socket.create_connection(("127.0.0.1", server.port), timeout=20) as s:
                request = b"POST /v2/check HTTP/1.1\r\nHost: x\r\nContent-Length: 30\r\n\r\ntext=Hallo"
                try:
                    for byte in request:
                        # Stop sending once the server has answered.
                        if select.select([s], [], [], 0)[0]:
                            break
                        s.send(bytes([byte]))
                        time.sleep(0.1)
                    slow_answer.append(s.recv(1000))
                except OSError as e:
                    slow_answer.append(str(e).encode())

        thread = threading.Thread(target=slow)
        thread.start()
        time.sleep(0.5)
        status, _, _ = server.request("GET", "/health")
        check(status == 200, "served while a slow client sends")
        thread.join()
        check(slow_answer and slow_answer[0].startswith(b"HTTP/1.1 408"), f"the slow client: {slow_answer[:1]}")

        # 16 clients that keep their connections alive, as editors do, with
        # two workers: each request is answered; while others wait, an
        # answer says that its connection ends.
        import http.client
        kept = []

        def keep_alive_client():
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
            for _ in range(15):
                connection.request("POST", "/v2/check", urllib.parse.urlencode({"text": REFUSAL, "language": "de"}),
                                   {"Content-Type": "application/x-www-form-urlencoded"})
                response = connection.getresponse()
                response.read()
                with lock:
                    kept.append(response.status)
            connection.close()

        lock = threading.Lock()
        started = time.time()
        threads = [threading.Thread(target=keep_alive_client) for _ in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        check(len(kept) == 240 and set(kept) == {200}, f"16 kept-alive clients: {len(kept)} answers, {set(kept)}, "
                                                       f"{time.time() - started:.1f} s")

        # 200 connections at once: each gets an answer (200, or 503 when no
        # worker and no place in the queue is free), none is dropped.
        statuses = []
        lock = threading.Lock()
        body = urllib.parse.urlencode({"text": f"Hallo, {REFUSAL}. " * 20, "language": "de"}).encode()

        def one():
            try:
                answer = server.raw(b"POST /v2/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                    b"Content-Type: application/x-www-form-urlencoded\r\n"
                                    b"Content-Length: %d\r\n\r\n%s" % (len(body), body), timeout=60)
                status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1 ") else answer[:40]
            except OSError as e:
                status = str(e)
            with lock:
                statuses.append(status)

        threads = [threading.Thread(target=one) for _ in range(200)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        counts = {str(s): statuses.count(s) for s in set(statuses)}
        check(all(s in (200, 503) for s in statuses), f"200 connections at once: {counts}")
        check(statuses.count(200) >= 2, f"some of them served: {counts}")
        status, _, _ = server.request("GET", "/health")
        check(status == 200, "the server still serves after the rush")
        print(f"200 connections at once: {counts}")
    finally:
        code = server.stop()
        check(code == 0, f"exit status after SIGTERM: {code}")


def graceful_stop(tonfall):
    """SIGTERM while a request is in flight: it is answered, then the server exits 0."""
    server = Server(tonfall)
    text = (f"Hallo, {REFUSAL}. Das ist leider nicht möglich. " * 2500)
    body = urllib.parse.urlencode({"text": text, "language": "de-DE"}).encode()
    answer = []

    def request():
        answer.append(server.raw(b"POST /v2/check HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                 b"Content-Type: application/x-www-form-urlencoded\r\n"
                                 b"Content-Length: %d\r\n\r\n%s" % (len(body), body), timeout=60))

    thread = threading.Thread(target=request)
    thread.start()
    time.sleep(0.3)
    code = server.stop()
    thread.join()
    check(answer and answer[0].startswith(b"HTTP/1.1 200"), f"the request in flight is answered: {answer[0][:60] if answer else None}")
    check(code == 0, f"exit status: {code}")


def early_stop(tonfall):
    """SIGTERM right after the start line: the server still stops, with 0."""
    server = Server(tonfall)
    code = server.stop()
    check(code == 0, f"exit status after an early SIGTERM: {code}")


def main(tonfall):
    server = Server(tonfall)
    try:
        languagetool_api(server)
        errors(server)
        own_json(server)
    finally:
        code = server.stop()
        check(code == 0, f"exit status after SIGTERM: {code}")
    limits(tonfall)
    graceful_stop(tonfall)
    early_stop(tonfall)
    print(f"{0 if failures else 1} passed, {1 if failures else 0} failed ({len(failures)} failed checks)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
