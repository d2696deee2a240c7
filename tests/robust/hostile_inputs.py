#!/usr/bin/env python3
"""Writes the inputs whose cost once grew with the square of their size into
DIR, at SCALE times the sizes of tests/robust/linear_inputs.sh (default 1).
Used by that test and by the benchmark (bench/measure.py), which runs them at
two sizes to show that the time grows with the input, not faster.

Usage: hostile_inputs.py DIR [SCALE]"""
import json
import os
import sys

# name -> (what it is, the arguments tonfall check needs besides the file)
INPUTS = {
    "bibliothek.json": ("JSON library on one line, text report", []),
    "bibliothek.csv": ("CSV library", ["--format", "json"]),
    "zeichen.html": ("HTML of '&'", ["--format", "json"]),
    "satz.txt": ("text without a sentence end", ["--format", "json"]),
    "striche.txt": ("'--' lines", ["--format", "json"]),
    "feld.csv": ("one CSV field with many findings", ["--format", "json"]),
    "anfrage.jsonl": ("one long JSON Lines request", ["--input-format", "jsonl"]),
    "teile.eml": ("e-mail of many MIME parts", ["--format", "json"]),
    "direktiven.txt": ("unused disable directives", ["--format", "json"]),
}


def write(directory, scale=1.0):
    def n(count):
        return max(1, int(count * scale))

    entry = "Vielen Dank für Ihre Nachricht. Da sind Sie bei mir verkehrt."
    path = lambda name: os.path.join(directory, name)
    with open(path("bibliothek.json"), "w", encoding="utf-8") as f:
        json.dump({"macros": [{"title": f"M{i}", "text": entry} for i in range(n(40000))]}, f, ensure_ascii=False)
    with open(path("bibliothek.csv"), "w", encoding="utf-8") as f:
        f.write("id,text\n" + "".join(f'{i},"{entry}"\n' for i in range(n(40000))))
    with open(path("zeichen.html"), "w", encoding="utf-8") as f:
        f.write("<p>" + "&" * n(3200000) + "</p>\n")
    with open(path("satz.txt"), "w", encoding="utf-8") as f:
        f.write("Sie müssen das sofort machen und wir können nicht helfen " * n(2300) + "\n")
    with open(path("striche.txt"), "w", encoding="utf-8") as f:
        f.write("Hallo,\n" + "--\nText\n" * n(250000))
    finding = "Das ist nicht möglich. Sie müssen warten. "
    with open(path("feld.csv"), "w", encoding="utf-8") as f:
        f.write('id,text\n1,"' + finding * n(25000) + '"\n')
    with open(path("anfrage.jsonl"), "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": 1, "text": finding * n(6000)}, ensure_ascii=False) + "\n")
    with open(path("teile.eml"), "w", encoding="utf-8") as f:
        f.write("From: a@example.org\nSubject: Teile\nMIME-Version: 1.0\n"
                "Content-Type: multipart/mixed; boundary=grenze\n\n")
        for i in range(n(100000)):
            f.write(f"--grenze\nContent-Type: text/plain; charset=utf-8\n\nTeil {i}. {entry}\n")
        f.write("--grenze--\n")
    with open(path("direktiven.txt"), "w", encoding="utf-8") as f:
        f.write("<!-- tonfall-disable-next-line negativ-wort.kein-problem -->\nHallo.\n" * n(40000))


if __name__ == "__main__":
    write(sys.argv[1], float(sys.argv[2]) if len(sys.argv) > 2 else 1.0)
