#!/usr/bin/env python3
"""`tonfall fix -i` through a pseudo-terminal: pick a suggestion, skip one,
type an own wording, and check the previews, the file that is written and
the exit status (1: a new placeholder and a finding remain, as with `fix`).

Usage: interactive.py TONFALL PACK
"""
import os
import pty
import select
import sys
import tempfile
import time


def read_until(fd, marker, seen, timeout=10.0):
    deadline = time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise AssertionError(f"no {marker!r} on the screen; it shows:\n{seen.decode(errors='replace')}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            chunk = b""
        if not chunk:
            raise AssertionError(f"tonfall ended before {marker!r}:\n{seen.decode(errors='replace')}")
        seen += chunk
    return seen[seen.index(marker) + len(marker):], seen


def main():
    tonfall, pack = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "vorlage.txt")
        with open(path, "w", encoding="utf-8") as draft:
            draft.write("Da sind Sie bei mir verkehrt! Das Problem ist bekannt.\nDas sollte eigentlich gehen.\n")
        pid, fd = pty.fork()
        if pid == 0:
            os.execv(tonfall, [tonfall, "fix", "-i", "--color", "never", "--pack", pack, path])
        rest, screen = b"", b""
        # Each suggestion is shown in its sentence.
        rest, screen = read_until(fd, "→ Da kann Ihnen {{kollege}} weiterhelfen.".encode(), rest)
        for answer in (b"1", b"s", b"e"):
            rest, screen = read_until(fd, "Ihre Wahl: ".encode(), rest)
            os.write(fd, answer + b"\n")
        rest, screen = read_until(fd, "Ihre Formulierung: ".encode(), rest)
        os.write(fd, "ganz sicher\n".encode())
        rest, screen = read_until(fd, "→ Das sollte ganz sicher gehen.".encode(), rest)
        rest, screen = read_until(fd, b"geschrieben", rest)
        rest, screen = read_until(fd, "Offen: 2".encode(), rest)
        _, status = os.waitpid(pid, 0)
        written = open(path, encoding="utf-8").read()
    expected = "Da kann Ihnen {{kollege}} weiterhelfen. Das Problem ist bekannt.\nDas sollte ganz sicher gehen.\n"
    ok = os.waitstatus_to_exitcode(status) == 1 and written == expected
    if not ok:
        print(f"exit {os.waitstatus_to_exitcode(status)}; written:\n{written}")
    print(f"{int(ok)} passed, {int(not ok)} failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
