#!/usr/bin/env python3
"""Validates tonfall's SARIF output against the official SARIF 2.1.0 schema.

Runs `tonfall check --format sarif` over the development corpus, the examples
and inputs of the whole-process tests (NFD, BOM, CRLF, emoji, invalid UTF-8, a
missing file, standard input, a path with spaces, umlauts, & and '), and checks
each document:

- against sarif-schema-2.1.0.json (JSON Schema draft 4), including the "uri"
  and "uri-reference" formats, which python3-jsonschema does not check itself;
- for what the schema cannot say: every ruleIndex names the rule with the
  result's ruleId, every rule is used, levels match the rules (a quoted
  finding is a note), each region's
  byteOffset/byteLength cut exactly the snippet out of the checked file, and
  its lines and columns (Unicode code points of the line in NFC, as
  run.columnKind promises) agree with the bytes; executionSuccessful is false
  exactly when an error notification is present.

Before that it makes sure the validator rejects broken documents, so a schema
that accepts everything cannot pass the test.

Usage: validate_sarif.py TONFALL             run tonfall and validate its output
       validate_sarif.py --document FILE...  validate SARIF files (schema and
                                             internal consistency only)
Needs python3-jsonschema (Debian); call /usr/bin/python3 when another python3
comes first on PATH.
"""
import copy
import json
import os
import re
import subprocess
import sys
import unicodedata
import urllib.parse

import jsonschema

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.dirname(HERE)
SOURCE_ROOT = os.path.dirname(TESTS)
SCHEMA = os.path.join(HERE, "sarif-schema-2.1.0.json")
TEST_PACK = "../_pack/test.yaml"

# (working directory, arguments after `check --format sarif`, standard input)
RUNS = [
    (os.path.join(TESTS, "corpus"), ["drafts"], None),
    (SOURCE_ROOT, ["examples"], None),
    (os.path.join(TESTS, "cli", "text_output"), ["--pack", TEST_PACK, "brief.txt"], None),
    (os.path.join(TESTS, "cli", "json_nfd_nfc"), ["--pack", TEST_PACK, "nfc.txt", "nfd.txt"], None),
    (os.path.join(TESTS, "cli", "invalid_utf8"),
     ["--pack", TEST_PACK, "latin1.txt", "binary.txt", "gut.txt", "fehlt.txt"], None),
    (os.path.join(TESTS, "cli", "format_sarif"),
     ["--pack", TEST_PACK, "--pack", "zeichen.yaml", "brief.txt", "Müller & Söhne's, Entwurf.txt",
      "gut.txt", "latin1.txt", "fehlt.txt"], None),
    (os.path.join(TESTS, "cli", "stdin_json"), ["--pack", TEST_PACK, "-"], "stdin"),
]

# RFC 3986, loosely: allowed characters and well-formed percent-encodings.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def is_uri_reference(value):
    if not isinstance(value, str):
        return True
    if not URI_CHARS.match(value):
        return False
    # A colon before the first '/', '?' or '#' makes the first part a scheme.
    head = re.split(r"[/?#]", value, maxsplit=1)[0]
    return ":" not in head or bool(SCHEME.match(value))


def is_uri(value):
    return not isinstance(value, str) or (is_uri_reference(value) and bool(SCHEME.match(value)))


def make_validator():
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    checker = jsonschema.FormatChecker()
    checker.checks("uri")(is_uri)
    checker.checks("uri-reference")(is_uri_reference)
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=checker)


def position(data, offset):
    """1-based line and column (code points of the line in NFC) of a byte offset."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    if line_start == 0 and data.startswith(b"\xef\xbb\xbf"):
        line_start = 3
    prefix = data[line_start:offset].decode("utf-8")
    return data.count(b"\n", 0, offset) + 1, len(unicodedata.normalize("NFC", prefix)) + 1


def artifact_bytes(uri, cwd, stdin):
    if uri == "-":
        return stdin
    path = urllib.parse.unquote_to_bytes(uri[len("file://"):] if uri.startswith("file://") else uri)
    with open(os.path.join(os.fsencode(cwd), path), "rb") as f:
        return f.read()


def problems(validator, log, cwd=None, stdin=None):
    """Everything wrong with `log`; artifacts are read relative to `cwd` if given."""
    found = [f"schema: {'/'.join(map(str, e.absolute_path))}: {e.message}"
             for e in validator.iter_errors(log)]
    if found:
        return found
    try:
        return consistency_problems(log, cwd, stdin)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, OSError) as error:
        # Only a schema that lets a broken document through gets here.
        return [f"malformed: {error!r}"]


def consistency_problems(log, cwd, stdin):
    """What the schema cannot say about a schema-valid `log`."""
    found = []
    if log.get("version") != "2.1.0" or len(log["runs"]) != 1:
        return ["want version 2.1.0 and exactly one run"]
    run = log["runs"][0]
    if run.get("columnKind") != "unicodeCodePoints":
        found.append("columnKind is not unicodeCodePoints")
    driver = run["tool"]["driver"]
    if driver.get("name") != "tonfall":
        found.append("tool.driver.name is not tonfall")
    rules = driver.get("rules", [])
    used = set()
    for i, result in enumerate(run.get("results", [])):
        where = f"results/{i}"
        index = result.get("ruleIndex", -1)
        if not 0 <= index < len(rules) or rules[index]["id"] != result.get("ruleId"):
            found.append(f"{where}: ruleIndex {index} does not name rule {result.get('ruleId')}")
            continue
        used.add(index)
        quoted = result.get("properties", {}).get("quoted") is True
        expected_level = "note" if quoted else rules[index]["defaultConfiguration"]["level"]
        if result.get("level") != expected_level:
            found.append(f"{where}: level differs from the rule's" + (" (quoted: note)" if quoted else ""))
        if not result["message"].get("text"):
            found.append(f"{where}: empty message")
        physical = result["locations"][0]["physicalLocation"]
        region = physical["region"]
        if cwd is None:
            continue
        data = artifact_bytes(physical["artifactLocation"]["uri"], cwd, stdin)
        begin, length = region["byteOffset"], region["byteLength"]
        span = data[begin:begin + length]
        if span.decode("utf-8", "replace") != region["snippet"]["text"]:
            found.append(f"{where}: bytes {begin}+{length} are {span!r}, not the snippet")
        start = (region["startLine"], region["startColumn"])
        end = (region["endLine"], region["endColumn"])
        if position(data, begin) != start or position(data, begin + length) != end:
            found.append(f"{where}: region {start}-{end} is not where the bytes are: "
                         f"{position(data, begin)}-{position(data, begin + length)}")
    if len(used) != len(rules):
        found.append("rules lists rules without results")
    invocation = run["invocations"][0]
    failed = any(n.get("level") == "error" for n in invocation.get("toolExecutionNotifications", []))
    if invocation["executionSuccessful"] == failed:
        found.append("executionSuccessful does not match the error notifications")
    return found


def must_reject(validator, good, cwd, stdin):
    """Broken variants of a good document; each must give a problem."""
    def result(log):
        return log["runs"][0]["results"][0]

    def region(log):
        return result(log)["locations"][0]["physicalLocation"]["region"]

    breakages = {
        "no version": lambda log: log.pop("version"),
        "version 2.0.0": lambda log: log.update(version="2.0.0"),
        "level fatal": lambda log: result(log).update(level="fatal"),
        "startLine 0": lambda log: region(log).update(startLine=0),
        "column as text": lambda log: region(log).update(startColumn="1"),
        "unknown property": lambda log: result(log).update(severity="error"),
        "uri with a blank": lambda log: result(log)["locations"][0]["physicalLocation"]
        ["artifactLocation"].update(uri="a b.txt"),
        "message without text": lambda log: result(log).update(message={}),
        "wrong ruleIndex": lambda log: result(log).update(ruleIndex=len(
            log["runs"][0]["tool"]["driver"]["rules"])),
        "byteOffset off by one": lambda log: region(log).update(byteOffset=region(log)["byteOffset"] + 1),
        "column off by one": lambda log: region(log).update(startColumn=region(log)["startColumn"] + 1),
    }
    accepted = []
    for name, breakage in breakages.items():
        log = copy.deepcopy(good)
        breakage(log)
        if not problems(validator, log, cwd, stdin):
            accepted.append(name)
    return accepted


def run_tonfall(tonfall):
    failures = 0
    validator = make_validator()
    checked_negative = False
    for cwd, args, stdin_name in RUNS:
        stdin = None
        if stdin_name:
            with open(os.path.join(cwd, stdin_name), "rb") as f:
                stdin = f.read()
        command = [tonfall, "check", "--format", "sarif", *args]
        done = subprocess.run(command, cwd=cwd, input=stdin or b"", capture_output=True)
        name = f"{os.path.relpath(cwd, SOURCE_ROOT)}: {' '.join(args)}"
        if done.returncode not in (0, 1, 2):
            print(f"FAIL {name}: exit status {done.returncode}\n{done.stderr.decode()}")
            failures += 1
            continue
        try:
            log = json.loads(done.stdout.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            print(f"FAIL {name}: not JSON: {error}")
            failures += 1
            continue
        found = problems(validator, log, cwd, stdin)
        results = len(log["runs"][0].get("results", [])) if not found else 0
        print(f"{'FAIL' if found else 'ok  '} {name} ({results} results)")
        for problem in found[:20]:
            print(f"     {problem}")
        failures += bool(found)
        if not found and results and not checked_negative:
            accepted = must_reject(validator, log, cwd, stdin)
            checked_negative = True
            if accepted:
                print(f"FAIL the validator accepts broken documents: {', '.join(accepted)}")
                failures += 1
    if not checked_negative:
        print("FAIL no document with results to check the validator against")
        failures += 1
    return 1 if failures else 0


def validate_documents(paths):
    validator = make_validator()
    failures = 0
    for path in paths:
        with open(path, encoding="utf-8") as f:
            found = problems(validator, json.load(f))
        print(f"{'FAIL' if found else 'ok  '} {path}")
        for problem in found[:20]:
            print(f"     {problem}")
        failures += bool(found)
    return 1 if failures else 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "--document":
        return validate_documents(argv[2:])
    if len(argv) == 2 and not argv[1].startswith("-"):
        return run_tonfall(os.path.abspath(argv[1]))
    print("usage: validate_sarif.py TONFALL | validate_sarif.py --document FILE...", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
