#!/usr/bin/env python3
"""Every output format says the same about the same inputs.

Checks one set of inputs (plain text, a sentence only the learnt signal
reports, NFD, emoji, Markdown with a code
block, HTML with an entity, e-mails in quoted-printable and base64, a Zendesk
export and a missing file) once per format, reads each report back and
compares it with the JSON report: the same findings (file, rule, severity,
line, column, end where the format has one), the same files that could not be
checked, and the same counts. A finding in a decoded e-mail part has no file
position; each format must then mark the file as a whole and name the line
and column in the decoded part in words.

Usage: formats_agree.py TONFALL PACK
"""

import base64
from collections import Counter
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
import xml.etree.ElementTree as ET

SEVERITY = {"error": "error", "warning": "warning", "info": "info"}  # json, text, junit, checkstyle
SARIF_LEVEL = {"error": "error", "warning": "warning", "note": "info"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "notice": "info"}
DECODED = re.compile(r"dort Zeile (\d+) Spalte (\d+)")


def write_inputs(folder):
    def put(name, text):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as out:
            out.write(text)
    put("plain.txt", "Hallo Frau Berg,\nda sind Sie bei mir verkehrt!\n")
    put("signal.txt", "Gern. Man kann es ja mal versuchen.\n")  # a sentence the learnt signal reports
    put("nfd.txt", unicodedata.normalize("NFD", "Schöne Grüße: Das ist leider nicht möglich.\n"))
    put("emoji.txt", "😀😀 Hallo! Das ist leider nicht möglich.\n")
    put("notes.md", "# Antwort\n\n```\nDa sind Sie bei mir verkehrt!\n```\n\nDas ist *leider* nicht möglich.\n")
    put("page.html", "<p>Tom &amp; Jerry: Da sind Sie bei mir <b>verkehrt</b>!</p>\n")
    header = ("From: a@example.org\nTo: b@example.org\nSubject: Re\nMIME-Version: 1.0\n"
              "Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: ")
    put("qp.eml", header + "quoted-printable\n\nSch=C3=B6n, aber das ist leider nicht m=C3=B6glich.\n")
    body = base64.encodebytes("Grüß Gott,\nda sind Sie bei mir verkehrt!\n".encode()).decode()
    put("b64.eml", header + "base64\n\n" + body)
    put("zendesk.json", json.dumps({"macros": [{"title": "Absage", "actions": [
        {"field": "comment_value", "value": "Hallo,\nDas ist leider nicht möglich."}]}]}, ensure_ascii=False))


def finding(path, rule, severity, line, column, end=None, decoded=False):
    """A finding as the reports are compared: `decoded` when it has no file
    position and names its line and column in a decoded part instead.
    `severity` is already one of error, warning and info."""
    position = (int(line), int(column)) + ((int(end[0]), int(end[1])) if end else ())
    return (path, rule, SEVERITY[severity], decoded) + position


def in_decoded_part(path, rule, severity, message):
    match = DECODED.search(message)
    if not match:
        raise AssertionError(f"a finding without a file position does not name its decoded position: {message[:80]}")
    return finding(path, rule, severity, *match.groups(), decoded=True)


def from_json(report, with_end):
    findings, failed = [], set()
    for f in report["files"]:
        if f.get("error"):
            failed.add(f["path"])
        for x in f.get("findings", []):
            decoded = x.get("in_decoded_text", False)
            end = (x["end_line"], x["end_column"]) if with_end and not decoded else None
            findings.append(finding(f["path"], x["rule"], x["severity"], x["line"], x["column"], end, decoded))
    return findings, failed


def from_text(out, err):
    findings = []
    lines = out.splitlines()
    head = re.compile(r"^(/\S+?)(?::(\d+):(\d+))?: (error|warning|info): .* \[([\w.-]+)\]")
    for k, line in enumerate(lines):
        match = head.match(line)
        if not match:
            continue
        path, line_no, column, severity, rule = match.groups()
        if line_no is None:
            findings.append(in_decoded_part(path, rule, severity, lines[k + 1]))
        else:
            findings.append(finding(path, rule, severity, line_no, column))
    failed = {line.split(": ")[0] for line in err.splitlines() if line.startswith("/")}
    return findings, failed


def from_github(out):
    findings, failed = [], set()
    command = re.compile(r"^::(error|warning|notice) file=([^,:]+)((?:,\w+=\d+)*),title=([^:]+)::(.*)$")
    for line in out.splitlines():
        match = command.match(line)
        if not match:
            continue
        severity, path, position, title, message = match.groups()
        if title == "tonfall":
            failed.add(path)
            continue
        fields = dict(item.split("=") for item in position.split(",") if item)
        severity = GITHUB_LEVEL[severity]
        if fields:
            findings.append(finding(path, title, severity, fields["line"], fields["col"],
                                    (fields["endLine"], fields["endColumn"])))
        else:
            findings.append(in_decoded_part(path, title, severity, message))
    return findings, failed


def from_sarif(report):
    run = report["runs"][0]
    assert run["columnKind"] == "unicodeCodePoints", run["columnKind"]
    findings, failed = [], set()
    for result in run["results"]:
        location = result["locations"][0]["physicalLocation"]
        path = location["artifactLocation"]["uri"].removeprefix("file://")
        region = location.get("region")
        level = SARIF_LEVEL[result["level"]]
        if region:
            findings.append(finding(path, result["ruleId"], level, region["startLine"], region["startColumn"],
                                    (region["endLine"], region["endColumn"])))
        else:
            findings.append(in_decoded_part(path, result["ruleId"], level, result["message"]["text"]))
    for invocation in run.get("invocations", []):
        for note in invocation.get("toolExecutionNotifications", []):
            failed.add(note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].removeprefix("file://"))
    return findings, failed


def from_checkstyle(out):
    findings, failed = [], set()
    for file in ET.fromstring(out).iter("file"):
        for error in file.iter("error"):
            if error.get("source") == "tonfall":
                failed.add(file.get("name"))
            elif error.get("line"):
                findings.append(finding(file.get("name"), error.get("source"), error.get("severity"),
                                     error.get("line"), error.get("column")))
            else:
                findings.append(in_decoded_part(file.get("name"), error.get("source"), error.get("severity"),
                                             error.get("message")))
    return findings, failed


def from_junit(out):
    findings, failed = [], set()
    root = ET.fromstring(out)
    body = re.compile(r"^(/\S+?)(?::(\d+):(\d+))?: .* \[([\w.-]+)\]")
    for case in root.iter("testcase"):
        for error in case.iter("error"):
            failed.add(case.get("name"))
        for failure in case.iter("failure"):
            path, line, column, rule = body.match(failure.text).groups()
            assert path == case.get("name"), (path, case.get("name"))
            if line is None:
                findings.append(in_decoded_part(path, rule, failure.get("type"), failure.get("message")))
            else:
                findings.append(finding(path, rule, failure.get("type"), line, column))
    return findings, failed, root


def main():
    tonfall, pack = sys.argv[1], sys.argv[2]
    failures = []
    with tempfile.TemporaryDirectory() as folder:
        write_inputs(folder)
        inputs = [folder, os.path.join(folder, "zendesk.json"), os.path.join(folder, "missing.txt")]

        def run(fmt):
            done = subprocess.run([tonfall, "check", "--pack", pack, "--fail-on", "never", "--color", "never",
                                   "--format", fmt, *inputs], capture_output=True, text=True)
            if done.returncode != 2:  # a file could not be checked
                failures.append(f"{fmt}: exit {done.returncode}, expected 2")
            return done.stdout, done.stderr

        report = json.loads(run("json")[0])
        summary = report["summary"]
        if not (summary["findings"] >= 8 and summary["files_with_errors"] == 1):
            failures.append(f"json: unexpected summary {summary}")
        with_end, failed = from_json(report, with_end=True)
        plain = [f[:6] for f in with_end]
        decoded = [f for f in plain if f[3]]
        if not decoded:
            failures.append("json: no finding in the base64 part")

        def compare(name, got, reference):
            # As multisets: a finding said twice or left out counts.
            findings, expected, got_failed = Counter(got[0]), Counter(reference), got[1]
            if findings != expected:
                failures.append(f"{name}: findings differ from json\n  only {name}: {sorted(findings - expected)}"
                                f"\n  only json: {sorted(expected - findings)}")
            if sum(findings.values()) != summary["findings"]:
                failures.append(f"{name}: {sum(findings.values())} findings, the json summary counts {summary['findings']}")
            if got_failed != failed:
                failures.append(f"{name}: files not checked {sorted(got_failed)}, json says {sorted(failed)}")

        compare("text", from_text(*run("text")), plain)
        compare("github", from_github(run("github")[0]), with_end)
        compare("sarif", from_sarif(json.loads(run("sarif")[0])), with_end)
        compare("checkstyle", from_checkstyle(run("checkstyle")[0]), plain)
        junit = from_junit(run("junit")[0])
        compare("junit", junit, plain)
        suite = junit[2].find("testsuite")
        if int(suite.get("errors")) != summary["files_with_errors"] or int(suite.get("tests")) != summary["files"]:
            failures.append(f"junit: counts {suite.attrib} differ from json {summary}")
        print(f"{len(plain)} findings ({len(decoded)} in a decoded part) and {len(failed)} file not checked: "
              f"text, github, sarif, checkstyle and junit agree with json" if not failures else "")
    for failure in failures:
        print("FAIL", failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
