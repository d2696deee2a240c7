#!/usr/bin/env python3
"""Runs tonfall and its peers on the same inputs and writes bench/RESULTS.md.

Called by bench/run.sh after the corpora exist (make_corpus.py) and the peers are
installed. Every measurement is a fresh process, started through /usr/bin/time: wall
time from the parent (including time's own fork, about a millisecond), CPU time from
wait4(), peak RSS as time -f %M reports it (wait4() on a child of this script would also
count the Python interpreter it was forked from).

Each run has a time cap so that the whole benchmark stays within ~15 minutes on a
2-core machine. A run that hits its cap is killed and reported as a bound ("> N s");
where a bigger input could not be measured in time, the rate of the smaller input is
given as a projection, clearly marked.

Environment (all optional):
  BENCH_CAP_10MB      seconds per tool on the 10 MB corpus         (default 150)
  BENCH_CAP_100MB     seconds per tool on the 100 MB corpus        (default 150)
  BENCH_CAP_DIR       seconds per tool on the draft directory      (default 45)
  BENCH_CAP_TEXTLINT  seconds for textlint on prose                (default 60)
  BENCH_RUNS          fresh-process runs for the per-draft latency (default 21)
  BENCH_CAP_LATENCY   seconds per tool for them; past it, a slow tool stops after 5 runs (60)
  BENCH_TEXTLINT_RUNS the same for textlint, which takes seconds   (default 5)
  BENCH_NO_PROFILE=1  skip callgrind and perf
  BENCH_TONFALL       the tonfall binary to measure (default: build/tonfall)
"""
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
CORPUS = os.path.join(BENCH, "corpus")
OUT = os.path.join(BENCH, "out")
RESULTS = os.path.join(BENCH, "RESULTS.md")
TEXTLINT = os.path.join(BENCH, "node_modules", ".bin", "textlint")

CAP_10 = float(os.environ.get("BENCH_CAP_10MB", 150))
CAP_100 = float(os.environ.get("BENCH_CAP_100MB", 150))
CAP_DIR = float(os.environ.get("BENCH_CAP_DIR", 45))
CAP_TEXTLINT = float(os.environ.get("BENCH_CAP_TEXTLINT", 60))
RUNS = int(os.environ.get("BENCH_RUNS", 21))
CAP_LATENCY = float(os.environ.get("BENCH_CAP_LATENCY", 60))
TEXTLINT_RUNS = int(os.environ.get("BENCH_TEXTLINT_RUNS", 5))
PROFILE = os.environ.get("BENCH_NO_PROFILE") != "1"
TEXTLINT_SAMPLE = 30_000  # bytes of prose for textlint, which manages about a kilobyte per second

DEVNULL = subprocess.DEVNULL


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- running and measuring ----------------------------------------------------------

class Run:
    """One or more processes run one after the other, as one measurement."""

    def __init__(self):
        self.wall = 0.0
        self.cpu = 0.0
        self.rss_kb = 0
        self.timed_out = False
        self.status = []  # exit statuses
        self.stdout = b""

    @property
    def ok(self):
        return not self.timed_out and all(s in (0, 1) for s in self.status)


TIME = "/usr/bin/time"


def measured_rss(rss_file, fallback_kb):
    """The peak RSS /usr/bin/time wrote to `rss_file` (kB), else `fallback_kb`."""
    if not rss_file:
        return fallback_kb
    try:
        with open(rss_file) as f:
            return int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        return fallback_kb  # killed at its cap: time wrote nothing
    finally:
        os.unlink(rss_file)


def run(commands, cap=None, env=None, capture=False, stdin_path=None):
    """Runs `commands` (a list of argv lists) in sequence within `cap` seconds in all."""
    result = Run()
    deadline = None if cap is None else time.monotonic() + cap
    outputs = []
    for argv in commands:
        remaining = None if deadline is None else deadline - time.monotonic()
        if remaining is not None and remaining <= 0:
            result.timed_out = True
            break
        stdin = open(stdin_path, "rb") if stdin_path else DEVNULL
        # Peak RSS through /usr/bin/time: wait4() on our own child would count the
        # forked Python interpreter's memory before exec as the tool's.
        rss_file = None
        if os.access(TIME, os.X_OK):
            fd, rss_file = tempfile.mkstemp(prefix="rss-", dir=OUT)
            os.close(fd)
            argv = [TIME, "-f", "%M", "-o", rss_file, *argv]
        # Always a pipe, never /dev/null: GNU grep stops at the first match when its
        # output is /dev/null, as if it were -q.
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=DEVNULL, env=env,
                                start_new_session=True)
        killed = threading.Event()

        def kill(p=proc, timed=rss_file is not None):
            killed.set()
            # Kill the tool, not /usr/bin/time, which then reaps it and reports
            # its CPU time and memory up to the cap.
            children = []
            if timed:
                try:
                    with open(f"/proc/{p.pid}/task/{p.pid}/children") as f:
                        children = [int(pid) for pid in f.read().split()]
                except OSError:
                    pass
            try:
                for child in children:
                    os.kill(child, signal.SIGKILL)
                if not children:
                    os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(remaining, kill) if remaining is not None else None
        if timer:
            timer.start()
        chunks = []

        def drain(p=proc, keep=capture):
            while True:
                block = p.stdout.read(1 << 16)
                if not block:
                    break
                if keep:
                    chunks.append(block)

        reader = threading.Thread(target=drain)
        reader.start()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if killed.is_set():
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # whatever the tool started
            except ProcessLookupError:
                pass
        elapsed = time.perf_counter() - start
        reader.join()
        proc.stdout.close()
        if capture:
            outputs.append(b"".join(chunks))
        if timer:
            timer.cancel()
        if stdin_path:
            stdin.close()
        result.wall += elapsed
        result.cpu += usage.ru_utime + usage.ru_stime
        result.rss_kb = max(result.rss_kb, measured_rss(rss_file, usage.ru_maxrss))
        result.status.append(proc.returncode)
        if killed.is_set():
            result.timed_out = True
            break
    result.stdout = b"".join(outputs)
    return result


def repeat(commands, times, env=None, stdin_path=None, budget=None, at_least=5):
    """`times` runs, or fewer (but `at_least`) when they take longer than `budget` seconds."""
    runs, spent = [], 0.0
    for _ in range(times):
        r = run(commands, env=env, stdin_path=stdin_path)
        runs.append(r)
        spent += r.wall
        if budget is not None and spent > budget and len(runs) >= at_least:
            break
    return runs


def median(values):
    return statistics.median(values) if values else float("nan")


def sh(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


# --- the tools ----------------------------------------------------------------------

class Tools:
    def __init__(self):
        os.makedirs(OUT, exist_ok=True)
        # Snapshot binary and pack: other people rebuild and edit while this runs.
        self.pack = os.path.join(OUT, "pack")
        shutil.rmtree(self.pack, ignore_errors=True)
        shutil.copytree(os.path.join(ROOT, "rules", "de"), self.pack)
        self.tonfall = os.path.join(OUT, "tonfall")
        shutil.copy2(os.environ.get("BENCH_TONFALL") or os.path.join(ROOT, "build", "tonfall"), self.tonfall)
        self.env = dict(os.environ, TONFALL_RULES_DIR=self.pack, LC_ALL="C.UTF-8")
        self.help = sh([self.tonfall, "check", "--help"], env=self.env).stdout
        self.has_jobs = bool(re.search(r"(^|\s)(-j|--jobs)\b", self.help))
        self.has_mcp = sh([self.tonfall, "mcp", "--help"], env=self.env).returncode == 0
        self.has_serve = sh([self.tonfall, "serve", "--help"], env=self.env).returncode == 0
        # The pack's rules, without the built-in tonfall.unbenutzte-unterdrueckung.
        self.rule_count = sh([self.tonfall, "rules", "list", "--disable", "tonfall"],
                             env=self.env).stdout.strip().splitlines()[-1]

        def export(dialect, name):
            path = os.path.join(OUT, name)
            done = sh([self.tonfall, "rules", "export", "--patterns", "--dialect", dialect], env=self.env)
            with open(path, "w", encoding="utf-8") as f:
                f.write(done.stdout)
            if done.returncode != 0:
                log(f"export --dialect {dialect}: {done.stderr.strip()}")
            return path, done.stderr.strip()

        self.grep_patterns, self.grep_export_notes = export("grep", "grep.pat")
        self.rg_patterns, _ = export("rg", "rg.pat")
        self.prh_dict, self.prh_export_notes = export("prh", "prh.yml")
        with open(self.rg_patterns, encoding="utf-8") as f:
            self.pattern_count = sum(1 for line in f if line.strip())
        self.textlintrc = os.path.join(OUT, "textlintrc.json")
        with open(self.textlintrc, "w") as f:
            json.dump({"rules": {"prh": {"rulePaths": [self.prh_dict]}}}, f)
        self.grep_chunks, self.grep_dropped = self._chunk_grep()

    def _chunk_grep(self):
        """GNU grep -P takes ONE pattern per run and PCRE2 (as Debian builds it) compiles at
        most 64 KiB: join the exported patterns with | into as few runs as compile."""
        probe = os.path.join(CORPUS, "draft-2kb.txt")  # grep compiles only when it reads text
        with open(self.grep_patterns, encoding="utf-8") as f:
            patterns = [line.rstrip("\n")[len("(*UCP)"):] for line in f if line.strip()]

        def compiles(group):
            if not group:
                return True
            try:
                done = subprocess.run(["grep", "-c", "-P", "--", "(*UCP)" + "|".join(group), probe],
                                      stdout=DEVNULL, stderr=DEVNULL, env=self.env)
            except OSError:  # E2BIG: one argument is limited to 128 KiB
                return False
            return done.returncode in (0, 1)

        chunks, dropped, i = [], [], 0
        while i < len(patterns):
            if not compiles([patterns[i]]):
                dropped.append(patterns[i])
                i += 1
                continue
            # grow the chunk by doubling, then bisect the largest size that compiles
            good, step = 1, 1
            while i + good + step <= len(patterns) and compiles(patterns[i:i + good + step]):
                good += step
                step *= 2
            low, high = good, min(len(patterns) - i, good + step)
            while low < high:
                mid = (low + high + 1) // 2
                if compiles(patterns[i:i + mid]):
                    low = mid
                else:
                    high = mid - 1
            chunks.append("(*UCP)" + "|".join(patterns[i:i + low]))
            i += low
        path = os.path.join(OUT, "grep-runs.pat")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(chunks) + "\n")
        return chunks, dropped

    # argv lists per tool; each returns a list of commands run in sequence
    def tonfall_cmd(self, paths, jobs=None):
        argv = [self.tonfall, "check", "--format", "json", "--fail-on", "never"]
        if jobs and self.has_jobs:
            argv += ["-j", str(jobs)]
        return [argv + paths]

    def grep_cmd(self, paths, recursive=False):
        flags = ["-c", "-P"] + (["-r"] if recursive else [])
        return [["grep"] + flags + ["--", chunk] + paths for chunk in self.grep_chunks]

    def rg_cmd(self, paths, threads=1):
        # The exported pack compiles to more than ripgrep's default limits (100 MB of
        # regex, 10 MB of DFA): give it room rather than an error.
        return [["rg", "-c", "--no-config", "--regex-size-limit", "2G", "--dfa-size-limit", "2G",
                 "-j", str(threads), "-f", self.rg_patterns] + paths]

    def textlint_cmd(self, paths):
        return [[TEXTLINT, "--no-color", "--format", "json", "--rules-base-directory",
                 os.path.join(BENCH, "node_modules"), "--config", self.textlintrc] + paths]


# --- counting what each tool found ----------------------------------------------------

def tonfall_findings(stdout):
    try:
        return json.loads(stdout)["summary"]["findings"]
    except (ValueError, KeyError):
        return None


def count_lines(stdout):
    """Sum of grep/rg -c output ("N" or "path:N" per line)."""
    total = 0
    for line in stdout.decode("utf-8", errors="replace").splitlines():
        tail = line.rsplit(":", 1)[-1]
        if tail.isdigit():
            total += int(tail)
    return total


def textlint_findings(stdout):
    try:
        return sum(len(f["messages"]) for f in json.loads(stdout))
    except ValueError:
        return None


# --- the measurements -----------------------------------------------------------------

def mb(path):
    return os.path.getsize(path) / 1e6


def measure_prose(tools, results):
    small = os.path.join(CORPUS, "prose-10mb.txt")
    large = os.path.join(CORPUS, "prose-100mb.txt")
    one_mb = os.path.join(OUT, "prose-1mb.txt")
    with open(small, "rb") as f:
        data = f.read(1_000_000)
    with open(one_mb, "wb") as f:
        f.write(data[: data.rfind(b"\n\n") + 2])
    sizes = {"1": mb(one_mb), "10": mb(small), "100": mb(large)}
    peers = [
        ("tonfall", lambda p: tools.tonfall_cmd([p]), tonfall_findings, tools.env),
        ("grep", lambda p: tools.grep_cmd([p]), count_lines, tools.env),
        ("rg", lambda p: tools.rg_cmd([p]), count_lines, tools.env),
    ]
    prose = results.setdefault("prose", {})
    for name, cmd, counter, env in peers:
        rate_so_far = None  # MB per second of the largest input finished
        for size in ("1", "10"):
            log(f"{name} on the {'first 1 MB' if size == '1' else '10 MB corpus'} (cap {CAP_10:.0f} s)")
            r = run(cmd({"1": one_mb, "10": small}[size]), cap=CAP_10, env=env, capture=True)
            prose[(name, size)] = dict(run=r, hits=None if r.timed_out else counter(r.stdout), mb=sizes[size])
            if not r.timed_out:
                rate_so_far = sizes[size] / r.wall
        projected_100 = None if rate_so_far is None else sizes["100"] / rate_so_far
        if projected_100 is None or projected_100 > CAP_100:
            # Long enough that the bound decides the targets (tonfall at most
            # 0.25x the peer's time), short enough not to wait for the whole run.
            t100 = prose.get(("tonfall", "100"))
            decisive = 5 * t100["run"].wall if t100 and not t100["run"].timed_out else 0
            cap = min(CAP_100, max(30, decisive))
            log(f"  {name}: 100 MB would take "
                f"{'longer than the cap' if projected_100 is None else f'~{projected_100:.0f} s'}; "
                f"run for {cap:.0f} s for its memory and a bound")
        else:
            cap = CAP_100
        log(f"{name} on the 100 MB corpus (cap {cap:.0f} s)")
        r100 = run(cmd(large), cap=cap, env=env, capture=False)
        prose[(name, "100")] = dict(run=r100, hits=None, mb=sizes["100"],
                                    projected=projected_100 if r100.timed_out else None)
    # textlint on a prose sample of some ten kilobytes: it manages only kilobytes per second
    sample = os.path.join(OUT, "prose-sample.txt")
    with open(small, "rb") as f:
        data = f.read(TEXTLINT_SAMPLE)
    data = data[: data.rfind(b"\n\n") + 2].decode("utf-8", errors="ignore")
    with open(sample, "w", encoding="utf-8") as f:
        f.write(data)
    log(f"textlint on a {mb(sample) * 1000:.0f} kB prose sample (cap {CAP_TEXTLINT:.0f} s)")
    r = run(tools.textlint_cmd([sample]), cap=CAP_TEXTLINT, capture=True)
    prose[("textlint", "sample")] = dict(run=r, hits=None if r.timed_out else textlint_findings(r.stdout),
                                         mb=mb(sample))
    if r.timed_out:
        # a smaller sample, so that there is a number at all
        sample2 = os.path.join(OUT, "prose-sample-small.txt")
        with open(sample2, "w", encoding="utf-8") as f:
            f.write(data[: len(data) // 8])
        log(f"textlint on a {mb(sample2) * 1000:.0f} kB prose sample (cap {CAP_TEXTLINT:.0f} s)")
        r = run(tools.textlint_cmd([sample2]), cap=CAP_TEXTLINT, capture=True)
        prose[("textlint", "sample")] = dict(run=r, hits=textlint_findings(r.stdout), mb=mb(sample2))


def measure_draft(tools, results):
    draft = os.path.join(CORPUS, "draft-2kb.txt")
    size = os.path.getsize(draft)
    one_line = os.path.join(OUT, "one-line.txt")
    with open(one_line, "w", encoding="utf-8") as f:
        f.write("Vielen Dank für Ihre Nachricht.\n")
    peers = [
        ("tonfall", tools.tonfall_cmd([draft]), tools.env, RUNS),
        ("tonfall (stdin)", [tools.tonfall_cmd(["-"])[0]], tools.env, RUNS),
        # The first run after a pack changes, or with the cache off: YAML and
        # every pattern compiled once to check it.
        ("tonfall (no pack cache)", tools.tonfall_cmd([draft]), dict(tools.env, TONFALL_CACHE_DIR=""), 5),
        # The floor under the draft: what a fresh process costs here at all,
        # what tonfall's start costs, and its start with the packs and the
        # engine set up but next to nothing to check.
        ("/bin/true (no work)", [["/bin/true"]], tools.env, RUNS),
        ("tonfall --version (start only)", [[tools.tonfall, "--version"]], tools.env, RUNS),
        ("tonfall (a one-line text)", tools.tonfall_cmd([one_line]), tools.env, RUNS),
        ("grep", tools.grep_cmd([draft]), tools.env, RUNS),
        ("rg", tools.rg_cmd([draft]), tools.env, RUNS),
        ("textlint", tools.textlint_cmd([draft]), None, TEXTLINT_RUNS),
    ]
    out = results.setdefault("draft", {})
    for name, cmd, env, times in peers:
        log(f"{name}: one {size}-byte draft, fresh process, {times} runs")
        stdin = draft if name.endswith("(stdin)") else None
        runs = repeat(cmd, times, env=env, stdin_path=stdin, budget=CAP_LATENCY)
        out[name] = dict(runs=runs, size=size)


def measure_warm(tools, name, argv, request, answered):
    """Latency of one long-lived process that answers draft after draft:
    `request(k, text)` is the k-th request line, `answered(line)` tells a good
    answer; each answer is read before the next request goes out."""
    with open(os.path.join(CORPUS, "draft-2kb.txt"), encoding="utf-8") as f:
        text = f.read()
    log(f"{name}: {RUNS * 10} requests through one process")
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=tools.env,
                            text=True, encoding="utf-8")
    times = []
    for k in range(RUNS * 10):
        # Each request a little different, as drafts are.
        line = request(k, text.replace("Herr", f"Herr {k}", 1))
        started = time.perf_counter()
        proc.stdin.write(line + "\n")
        proc.stdin.flush()
        answer = proc.stdout.readline()
        times.append(time.perf_counter() - started)
        if not answered(answer):
            log(f"{name}: unexpected answer {answer[:200]!r}")
            break
    proc.stdin.close()
    proc.wait()
    return dict(first=times[0], rest=times[1:])


def measure_jsonl(tools, results):
    """The agents' paths: one long-lived `tonfall check --input-format jsonl`, and
    `check_text` calls to one `tonfall mcp` server."""
    results["jsonl"] = measure_warm(
        tools, "tonfall --input-format jsonl", [tools.tonfall, "check", "--input-format", "jsonl", "--fail-on", "never"],
        lambda k, text: json.dumps({"id": k, "text": text}, ensure_ascii=False), lambda answer: '"findings"' in answer)
    if not tools.has_mcp:
        return
    call = lambda k, text: json.dumps({"jsonrpc": "2.0", "id": k, "method": "tools/call",
                                       "params": {"name": "check_text", "arguments": {"text": text}}},
                                      ensure_ascii=False)
    results["mcp"] = measure_warm(tools, "tonfall mcp, check_text", [tools.tonfall, "mcp"], call,
                                  lambda answer: '"structuredContent"' in answer)


def measure_serve(tools, results):
    """tonfall serve: the 2 KB draft as LanguageTool's clients send it (POST
    /v2/check, form-encoded), over kept-alive connections, from one client and
    from 16 at once; each client sends its next request when the answer is in."""
    if not tools.has_serve:
        return
    import socket
    import urllib.parse
    with open(os.path.join(CORPUS, "draft-2kb.txt"), encoding="utf-8") as f:
        text = f.read()
    proc = subprocess.Popen([tools.tonfall, "serve", "--port", "0"], stderr=subprocess.PIPE, env=tools.env, text=True)
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stderr.readline())
    if not found:
        log("tonfall serve did not start")
        proc.kill()
        return
    port = int(found.group(1))

    def client(count, times, errors):
        connection = None
        for k in range(count):
            body = urllib.parse.urlencode({"text": text.replace("Herr", f"Herr {k}", 1), "language": "de-DE"}).encode()
            request = (b"POST /v2/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                       b"Content-Length: %d\r\n\r\n" % len(body)) + body
            started = time.perf_counter()
            if connection is None:
                connection = socket.create_connection(("127.0.0.1", port), timeout=60)
                reader = connection.makefile("rb")
            connection.sendall(request)
            status = reader.readline()
            length, close = 0, not status
            for line in iter(reader.readline, b"\r\n"):
                if not line:  # the server closed the connection
                    close = True
                    break
                key, _, value = line.decode("latin-1").partition(":")
                if key.lower() == "content-length":
                    length = int(value)
                elif key.lower() == "connection" and "close" in value.lower():
                    close = True
            answer = reader.read(length)
            times.append(time.perf_counter() - started)
            if not status.startswith(b"HTTP/1.1 200") or b'"matches"' not in answer:
                errors.append(status.decode("latin-1").strip())
            if close:
                reader.close()
                connection.close()
                connection = None
        if connection is not None:
            connection.close()

    out = {}
    client(20, [], [])  # warm: packs, patterns compiled
    for clients, each in ((1, RUNS * 20), (16, RUNS * 3)):
        log(f"tonfall serve: {clients * each} requests from {clients} client{'s' if clients > 1 else ''}")
        times, errors = [], []
        threads = [threading.Thread(target=client, args=(each, times, errors)) for _ in range(clients)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        times.sort()
        out[clients] = dict(requests=len(times), wall=wall, median=median(times),
                            p99=times[min(len(times) - 1, int(len(times) * 0.99))], errors=len(errors))
    with open(f"/proc/{proc.pid}/status") as status:
        out["rss_kb"] = next((int(line.split()[1]) for line in status if line.startswith("VmHWM:")), 0)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=60)
    results["serve"] = out


def measure_hostile(tools, results):
    """The inputs whose cost once grew with the square of their size
    (tests/robust/hostile_inputs.py), at a quarter of the test's size and at
    the test's size: four times the input should take about four times as long."""
    sys.path.insert(0, os.path.join(ROOT, "tests", "robust"))
    import hostile_inputs
    out = results.setdefault("hostile", {})
    for scale in (0.25, 1.0):
        directory = os.path.join(OUT, f"hostile-{scale}")
        os.makedirs(directory, exist_ok=True)
        hostile_inputs.write(directory, scale)
        for name, (what, args) in hostile_inputs.INPUTS.items():
            path = os.path.join(directory, name)
            log(f"tonfall: {what}, {os.path.getsize(path)} bytes")
            r = run([[tools.tonfall, "check", "--fail-on", "never", *args, path]], cap=CAP_10, env=tools.env)
            out.setdefault(name, dict(what=what))[scale] = dict(run=r, size=os.path.getsize(path))


def measure_directory(tools, results):
    root = os.path.join(CORPUS, "drafts")
    folders = sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d)))
    files_per_folder = len(os.listdir(os.path.join(root, folders[0])))
    total_files = sum(len(os.listdir(os.path.join(root, d))) for d in folders)
    out = results.setdefault("dir", {"total_files": total_files, "per_folder": files_per_folder})

    def measured(name, make_cmd, env, cap, count=None):
        """All folders if they fit into `cap`, else as many whole folders as fit (or `count`).
        Two probes (1 and 4 folders) separate the start-up from the cost per folder."""
        folder = lambda k: [os.path.join(root, d) for d in folders[:k]]
        p1 = run(make_cmd(folder(1)), cap=cap, env=env)
        if p1.timed_out:
            out[name] = dict(run=p1, files=files_per_folder)
            return None
        marginal, fixed = p1.wall, 0.0
        if p1.wall < cap / 8 and len(folders) >= 4:
            p4 = run(make_cmd(folder(4)), cap=cap, env=env)
            if not p4.timed_out:
                marginal = max((p4.wall - p1.wall) / 3, 1e-3)
                fixed = max(p1.wall - marginal, 0.0)
        fit = count or max(1, int((cap - fixed) / marginal))
        if fit >= len(folders):
            log(f"  {name}: all {total_files} drafts")
            r = run(make_cmd([root]), cap=cap * 2, env=env)
            out[name] = dict(run=r, files=total_files, marginal=marginal)
        else:
            log(f"  {name}: {fit * files_per_folder} of {total_files} drafts"
                + ("" if count else f" fit into {cap:.0f} s"))
            r = run(make_cmd(folder(fit)), cap=cap * 2, env=env)
            out[name] = dict(run=r, files=fit * files_per_folder, marginal=marginal)
        return fit

    jobs = [1, 2] if tools.has_jobs else [None]
    fit = None
    for j in jobs:
        label = "tonfall" if j is None else f"tonfall -j {j}"
        log(f"{label}: the draft directory (cap {CAP_DIR:.0f} s)")
        # -j 2 on the same drafts as -j 1, so that the two compare directly
        got = measured(label, lambda paths, j=j: tools.tonfall_cmd(paths, jobs=j), tools.env, CAP_DIR,
                       count=fit)
        fit = fit or got
    log(f"grep -r: the draft directory (cap {CAP_DIR:.0f} s)")
    measured("grep", lambda paths: tools.grep_cmd(paths, recursive=True), tools.env, CAP_DIR)
    for threads in (1, 2):
        log(f"rg -j {threads}: the draft directory (cap {CAP_DIR:.0f} s)")
        measured(f"rg -j {threads}", lambda paths, t=threads: tools.rg_cmd(paths, threads=t), tools.env, CAP_DIR)
    log(f"textlint: a few drafts of the directory (cap {CAP_DIR:.0f} s)")
    # textlint needs about a second per draft: one draft, then six, give start-up and cost per draft
    first = os.path.join(root, folders[0])
    names = [os.path.join(first, n) for n in sorted(os.listdir(first))]
    one = run(tools.textlint_cmd(names[:1]), cap=CAP_DIR)
    six = run(tools.textlint_cmd(names[:6]), cap=CAP_DIR)
    per_file = None if six.timed_out or one.timed_out else max((six.wall - one.wall) / 5, 1e-3)
    out["textlint"] = dict(run=six, files=6,
                           marginal=None if per_file is None else per_file * files_per_folder)


def measure_correctness(tools, results):
    """What each tool flags: German word boundaries, and the development drafts."""
    lines = [
        ("Gemäß Ihrem Vertrag ist das so.", "gemäß as a word: should be flagged"),
        ("Wir bieten gemäßigte Preise.", "gemäß inside gemäßigt: should not"),
    ]
    probe = os.path.join(OUT, "boundaries.txt")
    with open(probe, "w", encoding="utf-8") as f:
        f.write("\n".join(l for l, _ in lines) + "\n")
    rows = []
    for i, (text, meaning) in enumerate(lines):
        one = os.path.join(OUT, f"boundary-{i}.txt")
        with open(one, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        t = run(tools.tonfall_cmd([one]), env=tools.env, capture=True)
        g = run(tools.grep_cmd([one]), env=tools.env, capture=True)
        r = run(tools.rg_cmd([one]), env=tools.env, capture=True)
        rows.append((text, meaning, tonfall_findings(t.stdout), count_lines(g.stdout), count_lines(r.stdout)))
    results["boundaries"] = rows
    drafts = os.path.join(ROOT, "tests", "corpus", "drafts")
    files = sorted(os.path.join(drafts, f) for f in os.listdir(drafts) if f.endswith(".txt"))
    t = run(tools.tonfall_cmd(files), env=tools.env, capture=True)
    try:
        flagged_t = sum(1 for f in json.loads(t.stdout)["files"] if f.get("findings"))
    except ValueError:
        flagged_t = None

    def flagged_by(cmd):
        hit = set()
        for argv in cmd:
            done = subprocess.run(argv[:1] + ["-l"] + [a for a in argv[1:] if a != "-c"],
                                  capture_output=True, env=tools.env)
            hit.update(done.stdout.decode().split())
        return len(hit)

    log("the rules' own examples through each export (fidelity.mjs)")
    done = subprocess.run(["node", os.path.join(BENCH, "fidelity.mjs"), tools.pack, tools.grep_patterns,
                           tools.rg_patterns, tools.prh_dict], capture_output=True, text=True,
                          env=dict(tools.env, NODE_PATH=os.path.join(BENCH, "node_modules")))
    try:
        results["fidelity"] = json.loads(done.stdout)
    except ValueError:
        log(f"fidelity.mjs failed: {done.stderr.strip()[:300]}")
    results["dev_drafts"] = dict(files=len(files), tonfall=flagged_t,
                                 grep=flagged_by(tools.grep_cmd(files)),
                                 rg=flagged_by(tools.rg_cmd(files)),
                                 bad=sum(1 for f in files if "schlecht" in f))


# --- profiles -------------------------------------------------------------------------

BUCKETS = [
    ("dynamic linking (ld.so)", r"^_dl_start$|_dl_start_user"),
    ("pack loading (cache or YAML)", r"tonfall::load_packs_cached\b"),
    ("  of it YAML parse and rule checks (cache miss)", r"tonfall::load_packs\b"),
    ("engine setup (literal conditions, scanner)", r"tonfall::Engine::compile\b"),
    ("checking the text (check_source)", r"tonfall::check_source\b|check_text_file_in_pieces"),
    ("  normalization (UTF-8, NFC, folding)", r"tonfall::normalize\("),
    ("  masking", r"tonfall::find_masked_regions\b"),
    ("  engine run", r"tonfall::Engine::run\b"),
    ("    RE2 compiles of the patterns a text needs", r"re2::RE2::RE2\("),
    ("    rule regexes (find_next / RE2::Match)", r"find_next\b"),
    ("    sentence segmentation (ICU)", r"tonfall::SentenceIndex::"),
    ("report (JSON)", r"tonfall::.*(write_json|report)|nlohmann::"),
]


def bucket(rows):
    """rows: (percent, symbol) inclusive. The largest share per bucket."""
    table = []
    for label, pattern in BUCKETS:
        share = max((p for p, s in rows if re.search(pattern, s)), default=None)
        if share is not None:
            table.append((label, share))
    return table


def callgrind(tools, path):
    out = os.path.join(OUT, "callgrind.out")
    argv = [tools.tonfall, "check", "--format", "json", "--fail-on", "never", path]
    # Warm the pack cache, so that the profile shows an ordinary start.
    subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *argv],
                   stdout=DEVNULL, stderr=DEVNULL, env=tools.env)
    done = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                           tools.tonfall, "check", "--format", "json", "--fail-on", "never", path],
                          stdout=DEVNULL, stderr=subprocess.PIPE, env=tools.env, text=True)
    total = re.search(r"refs:\s+([\d,]+)", done.stderr)
    ann = sh(["callgrind_annotate", "--inclusive=yes", "--auto=no", out]).stdout
    rows = []
    for line in ann.splitlines():
        m = re.match(r"\s*([\d,]+) \(\s*([\d.]+)%\)\s+(.+)$", line)
        if m:
            symbol = re.sub(r" \[[^\]]*\]$", "", m.group(3))
            symbol = re.sub(r"^(?:\?\?\?|[^\s:]*/[^\s:]*|[^\s:]*\.(?:cpp|cc|c|h|hpp|tcc)):(?!:)", "", symbol)
            rows.append((float(m.group(2)), symbol))
    return dict(total=total.group(1) if total else "?", rows=rows)


def perf(tools, path):
    data = os.path.join(OUT, "perf.data")
    rec = subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", "999", "--call-graph", "dwarf",
                          "-o", data, "--", tools.tonfall, "check", "--format", "json", "--fail-on",
                          "never", path], stdout=DEVNULL, stderr=DEVNULL, env=tools.env)
    if rec.returncode not in (0, 1):
        return None
    rep = sh(["perf", "report", "-i", data, "--children", "--stdio", "-g", "none",
              "--sort", "symbol", "--percent-limit", "0.5"])
    rows = []
    for line in rep.stdout.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+([\d.]+)%\s+\[[.k]\]\s+(.+?)\s*$", line)
        if m:
            rows.append((float(m.group(1)), m.group(3)))
    samples = re.search(r"^# Samples: (\S+)", rep.stdout, re.M)
    return dict(rows=rows, samples=samples.group(1) if samples else "?")


def measure_profiles(tools, results):
    if not PROFILE:
        return
    draft = os.path.join(CORPUS, "draft-2kb.txt")
    if shutil.which("valgrind"):
        log("callgrind: tonfall on one draft")
        results["callgrind"] = callgrind(tools, draft)
    if shutil.which("perf"):
        sample = os.path.join(OUT, "perf-sample.txt")
        with open(os.path.join(CORPUS, "prose-10mb.txt"), "rb") as f:
            data = f.read(100_000)
        with open(sample, "wb") as f:
            f.write(data[: data.rfind(b"\n\n") + 2])
        log(f"perf: tonfall on {mb(sample) * 1000:.0f} kB of prose")
        results["perf"] = perf(tools, sample)
        results["perf_size"] = mb(sample)


# --- the report -----------------------------------------------------------------------

def first_line(argv):
    try:
        return sh(argv).stdout.strip().splitlines()[0]
    except (IndexError, OSError):
        return "?"


def machine():
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) / 1024 / 1024
    return dict(nproc=os.cpu_count(), cpu=cpu, ram=f"{mem:.1f} GiB",
                kernel=platform.release(), load=os.getloadavg())


def dpkg_version(package):
    done = sh(["dpkg-query", "-W", "-f", "${Version}", package])
    return done.stdout.strip() or "?"


def fmt_s(seconds):
    if seconds != seconds:
        return "–"
    if seconds < 0.01:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.1f} s"


def fmt_mb(kb):
    return f"{kb / 1024:.0f} MB"


def rate(entry):
    r = entry["run"]
    if r.timed_out:
        return None
    return entry["mb"] / r.wall


def fmt_rate(value, bound=False):
    if value is None:
        return "–"
    text = f"{value:.2g}" if value < 0.1 else (f"{value:.2f}" if value < 10 else f"{value:.0f}")
    return ("< " if bound else "") + text + " MB/s"


def failed(r):
    """A note for a run whose process failed (not merely stopped at its cap)."""
    bad = [s for s in r.status if s not in (0, 1)]
    return "" if r.timed_out or not bad else f" ⚠ exit {bad[0]}"


def verdict(ok):
    return "**met**" if ok else "**not met**"


def ratio(a, b):
    if not a or not b:
        return None
    return a / b


def fmt_ratio(x):
    if x is None:
        return "–"
    return f"{x:.2f}x" if 0.1 <= x < 10 else (f"{x:.0f}x" if x >= 10 else f"{x:.2g}x")


def files_per_folder_of(d):
    return d.get("per_folder", 100)


def write_report(tools, results, started, finished, load_before):
    m = machine()
    versions = [
        ("tonfall", first_line([tools.tonfall, "--version"]) + f" ({tools.rule_count}, {tools.pattern_count} patterns; RE2 {dpkg_version('libre2-9')}, ICU {dpkg_version('libicu72')})"),
        ("GNU grep", first_line(["grep", "--version"]) + f" (PCRE2 {dpkg_version('libpcre2-8-0')})"),
        ("ripgrep", first_line(["rg", "--version"])),
        ("textlint", first_line([TEXTLINT, "--version"]) + f" + textlint-rule-prh {json.load(open(os.path.join(BENCH, 'node_modules', 'textlint-rule-prh', 'package.json')))['version']} (prh {json.load(open(os.path.join(BENCH, 'node_modules', 'prh', 'package.json')))['version']}), Node.js {first_line(['node', '--version'])}"),
    ]
    L = []
    w = L.append
    w("# tonfall benchmark results")
    w("")
    w(f"Generated by `bench/run.sh` on {time.strftime('%Y-%m-%d %H:%M', time.localtime(started))} "
      f"in {(finished - started) / 60:.1f} minutes. Do not edit by hand; run it again.")
    w("")
    w("## Machine and versions")
    w("")
    w(f"- machine: {m['nproc']} cores, {m['cpu']}, {m['ram']} RAM, Linux {m['kernel']}")
    w(f"- load average before / after the run: {load_before[0]:.2f} / {m['load'][0]:.2f} "
      "(above 0 means other work shared the cores; CPU seconds are less disturbed than wall time)")
    for name, version in versions:
        w(f"- {name}: {version}")
    w(f"- rules: {tools.rule_count} in the default pack (`tonfall rules list --disable tonfall | tail -1`), "
      f"{tools.pattern_count} patterns exported")
    w("")

    # --- prose
    prose = results.get("prose", {})
    w("## Throughput: German prose, one process")
    w("")
    w("Corpora from manpages-de and fortunes-de (`bench/corpus/`). MB = 10^6 bytes. "
      "Wall time from the parent; CPU = user + system; RSS = peak resident set (`/usr/bin/time -f %M`).")
    w("")
    w("| tool | input | wall | MB/s | CPU | MB per CPU s | peak RSS | hits |")
    w("|---|---|---|---|---|---|---|---|")
    for (name, size), e in sorted(prose.items(), key=lambda kv: (["tonfall", "grep", "rg", "textlint"].index(kv[0][0]), {"1": 0, "10": 1, "100": 2}.get(kv[0][1], 3))):
        r = e["run"]
        label = {"1": "first 1 MB", "10": "10 MB", "100": "100 MB",
                 "sample": f"{e['mb'] * 1000:.0f} kB sample"}[size]
        if r.timed_out:
            wall = f"> {r.wall:.0f} s (stopped)"
            speed = fmt_rate(e["mb"] / r.wall, bound=True)
            if e.get("projected"):
                speed += f"; ~{fmt_rate(e['mb'] / e['projected'])} at the rate of the smaller input"
            rss = "≥ " + fmt_mb(r.rss_kb)
        else:
            wall, speed, rss = fmt_s(r.wall), fmt_rate(rate(e)), fmt_mb(r.rss_kb)
        hits = e.get("hits")
        kind = {"tonfall": "findings", "grep": "matching lines (sum over runs)", "rg": "matching lines",
                "textlint": "findings"}[name]
        wall += failed(r)
        per_cpu = fmt_rate(e["mb"] / r.cpu if r.cpu else None, bound=r.timed_out).replace(" MB/s", "")
        w(f"| {name} | {label} | {wall} | {speed} | {r.cpu:.1f} s | {per_cpu} | {rss} | "
          f"{'–' if hits is None else f'{hits} {kind}'} |")
    w("")

    # --- per draft
    draft = results.get("draft", {})
    w("## One draft through a fresh process")
    w("")
    size = next(iter(draft.values()))["size"] if draft else 0
    w(f"`bench/corpus/draft-2kb.txt` ({size} bytes): start, load, check, output. Median of the runs (min–max).")
    w("")
    w("| tool | runs | median wall | min–max | median CPU | peak RSS |")
    w("|---|---|---|---|---|---|")
    for name, e in draft.items():
        runs = e["runs"]
        walls = [r.wall for r in runs]
        w(f"| {name} | {len(runs)} | {fmt_s(median(walls))}{failed(runs[0])} | {fmt_s(min(walls))}–{fmt_s(max(walls))} | "
          f"{fmt_s(median([r.cpu for r in runs]))} | {fmt_mb(max(r.rss_kb for r in runs))} |")
    w("")

    jl = results.get("jsonl")
    if jl and jl["rest"]:
        w(f"The same draft as a request to one long-lived `tonfall check --input-format jsonl` (the way "
          f"for agents that check draft after draft): {len(jl['rest']) + 1} requests, each answer read "
          f"before the next request; the first took {fmt_s(jl['first'])} (start, packs, and the patterns "
          f"it needs compiled), the others {fmt_s(median(jl['rest']))} median "
          f"({fmt_s(min(jl['rest']))}–{fmt_s(max(jl['rest']))}).")
        w("")
    mc = results.get("mcp")
    if mc and mc["rest"]:
        w(f"The same draft as a `check_text` call to one warm `tonfall mcp` server (JSON-RPC on stdio, "
          f"the tool result with `structuredContent`): {len(mc['rest']) + 1} calls; the first took "
          f"{fmt_s(mc['first'])}, the others {fmt_s(median(mc['rest']))} median "
          f"({fmt_s(min(mc['rest']))}–{fmt_s(max(mc['rest']))}).")
        w("")

    sv = results.get("serve")
    if sv:
        w("`tonfall serve`: the same draft as `POST /v2/check` (form-encoded, as LanguageTool's clients send it) "
          "over kept-alive connections; each client sends its next request when the answer is in.")
        w("")
        w("| clients | requests | requests/s | median latency | p99 latency | failed |")
        w("|---|---|---|---|---|---|")
        for clients in (1, 16):
            e = sv[clients]
            w(f"| {clients} | {e['requests']} | {e['requests'] / e['wall']:.0f} | {fmt_s(e['median'])} | "
              f"{fmt_s(e['p99'])} | {e['errors']} |")
        w("")
        w(f"Peak RSS of the server: {fmt_mb(sv['rss_kb'])}. LanguageTool itself could not be measured beside it: "
          "it is in neither Debian's nor npm's registry, the only ones this machine reaches.")
        w("")

    # --- directory
    d = results.get("dir", {})
    total = d.get("total_files", 10000)
    w(f"## A directory of {total} drafts (~2 KB each)")
    w("")
    w("Where a tool cannot check all drafts within the cap, it runs on the first folders (100 drafts each) "
      "that fit, and the time for all drafts (marked ~) adds the cost per folder measured by two probe "
      "runs (1 and 4 folders) for the rest. `tonfall -j 2` runs on the same drafts as `-j 1`.")
    w("")
    w("| tool | drafts run | wall | per draft | all drafts | CPU | peak RSS |")
    w("|---|---|---|---|---|---|---|")
    dir_full = {}
    for name, e in d.items():
        if name in ("total_files", "per_folder"):
            continue
        r = e["run"]
        per = r.wall / e["files"]
        if e.get("marginal") and e["files"] < total:
            # the measured run plus the cost per folder of the probes for the rest
            full = r.wall + (total - e["files"]) / files_per_folder_of(d) * e["marginal"]
        else:
            full = r.wall * total / e["files"]
        dir_full[name] = None if r.timed_out else full
        full_text = ("> " if r.timed_out else ("" if e["files"] == total else "~")) + fmt_s(full)
        w(f"| {name} | {e['files']} | {('> ' if r.timed_out else '') + fmt_s(r.wall)}{failed(r)} | {fmt_s(per)} | "
          f"{full_text} | {r.cpu:.1f} s | {fmt_mb(r.rss_kb)} |")
    w("")
    tj1 = d.get("tonfall -j 1") or d.get("tonfall")
    t1 = prose.get(("tonfall", "1"))
    if tj1 and not tj1["run"].timed_out and t1 and not t1["run"].timed_out:
        draft_bytes = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in
                          os.walk(os.path.join(CORPUS, "drafts")) for f in fs if f.endswith(".txt"))
        share = draft_bytes * tj1["files"] / total / 1e6
        w(f"On one core tonfall checks the {share:.0f} MB of drafts at {share / tj1['run'].wall:.2f} MB/s, "
          f"but prose at {rate(t1):.2f} MB/s: the drafts repeat the same phrases, the prose does not.")
        w("")
    if not tools.has_jobs:
        w("`tonfall check` has no `-j`/`--jobs` option in this build: it checks the files one after the other "
          "on one core, so the 2-thread measurement could not be made.")
        w("")

    # --- ratios and targets
    def wall_of(key):
        e = prose.get(key)
        return None if not e or e["run"].timed_out else e["run"].wall

    def median_wall(name):
        e = draft.get(name)
        return median([r.wall for r in e["runs"]]) if e else None

    def cpu_of(key):
        e = prose.get(key)
        return None if not e or e["run"].timed_out else e["run"].cpu

    def median_cpu(name):
        e = draft.get(name)
        return median([r.cpu for r in e["runs"]]) if e else None

    def both(a_wall, b_wall, a_cpu, b_cpu):
        return f"{fmt_ratio(ratio(a_wall, b_wall))} ({fmt_ratio(ratio(a_cpu, b_cpu))})"

    def prose_ratio(size, peer):
        """tonfall / peer on one input, as (wall, cpu, bound): bound is ">" when only tonfall
        was stopped at its cap (so the ratio is at least that), "<" when only the peer was,
        None when both finished; (None, None, None) when it says nothing."""
        a, b = prose.get(("tonfall", size)), prose.get((peer, size))
        if not a or not b or (a["run"].timed_out and b["run"].timed_out):
            return None, None, None
        bound = ">" if a["run"].timed_out else ("<" if b["run"].timed_out else None)
        return a["run"].wall / b["run"].wall, a["run"].cpu / b["run"].cpu, bound

    def fmt_prose_ratio(size, peer):
        wall, cpu, bound = prose_ratio(size, peer)
        if wall is None:
            return "–"
        mark = f"{bound} " if bound else ""
        return f"{mark}{fmt_ratio(wall)} ({mark}{fmt_ratio(cpu)})"

    w("## Ratios: tonfall's time / the peer's time, wall (CPU)")
    w("")
    w("Below 1 means tonfall is faster. For textlint on prose the ratio of throughputs is given instead "
      "(textlint runs on its own sample).")
    w("")
    w("| measure | vs grep -P | vs rg (ASCII \\b) | vs textlint+prh |")
    w("|---|---|---|---|")
    for size, label in (("1", "first 1 MB of prose"), ("10", "10 MB prose"), ("100", "100 MB prose")):
        if ("tonfall", size) not in prose or (prose_ratio(size, "grep")[0] is None
                                               and prose_ratio(size, "rg")[0] is None):
            continue
        w(f"| {label} | {fmt_prose_ratio(size, 'grep')} | {fmt_prose_ratio(size, 'rg')} | – |")
    t_rate = next((rate(prose[("tonfall", s)]) for s in ("100", "10", "1")
                   if ("tonfall", s) in prose and rate(prose[("tonfall", s)])), None)
    tl = prose.get(("textlint", "sample"))
    tl_rate = rate(tl) if tl else None
    w(f"| prose: textlint MB/s / tonfall MB/s | – | – | {fmt_ratio(ratio(tl_rate, t_rate))} |")
    t_draft = median_wall("tonfall")
    t_draft_cpu = median_cpu("tonfall")
    w(f"| one draft, median | {both(t_draft, median_wall('grep'), t_draft_cpu, median_cpu('grep'))} | "
      f"{both(t_draft, median_wall('rg'), t_draft_cpu, median_cpu('rg'))} | "
      f"{both(t_draft, median_wall('textlint'), t_draft_cpu, median_cpu('textlint'))} |")
    t_dir = dir_full.get("tonfall -j 2") or dir_full.get("tonfall") or dir_full.get("tonfall -j 1")
    w(f"| {total} drafts, wall (tonfall -j 2, rg -j 2) | {fmt_ratio(ratio(t_dir, dir_full.get('grep')))} | "
      f"{fmt_ratio(ratio(t_dir, dir_full.get('rg -j 2')))} | {fmt_ratio(ratio(t_dir, dir_full.get('textlint')))} |")
    w("")

    hostile = results.get("hostile")
    if hostile:
        w("## Inputs that once took time growing with the square of their size")
        w("")
        w("Generated by `tests/robust/hostile_inputs.py` at a quarter of the size `tests/robust/linear_inputs.sh` "
          "uses and at that size; one run each, wall time. Growth: the time ratio over the size ratio "
          "(1 is linear, 4 would be the square).")
        w("")
        w("| input | size | wall | at 4x the size | wall | growth |")
        w("|---|---|---|---|---|---|")
        for name, entry in hostile.items():
            small, large = entry.get(0.25), entry.get(1.0)
            if not small or not large:
                continue
            def wall(r):
                return fmt_s(r.wall) + (" ⚠ stopped at the cap" if r.timed_out else failed(r))

            growth = (large["run"].wall / small["run"].wall) / (large["size"] / small["size"])
            w(f"| {entry['what']} | {small['size'] / 1e6:.2f} MB | {wall(small['run'])} | "
              f"{large['size'] / 1e6:.2f} MB | {wall(large['run'])} | {growth:.2f} |")
        w("")

    w("## The targets")
    w("")
    w("| target | measured | verdict |")
    w("|---|---|---|")
    for peer, label, limit in (("rg", "ripgrep (ASCII \\b)", 1.5), ("grep", "GNU grep", 0.25)):
        # the largest input on which the comparison says something
        for size in ("100", "10", "1"):
            wall, cpu, bound = prose_ratio(size, peer)
            if wall is not None:
                break
        if wall is None:
            w(f"| 100 MB single thread: ≤ {limit}x {label} | – | not measured |")
            continue
        where = {"100": "100 MB", "10": "10 MB corpus", "1": "first 1 MB"}[size]
        mark = f"{bound} " if bound else ""
        text = f"{mark}{fmt_ratio(wall)} wall, {mark}{fmt_ratio(cpu)} CPU on the {where}"
        if bound == ">":
            text += " (tonfall stopped at its cap, so at least that)"
        elif bound == "<":
            text += f" ({peer} stopped at its cap, so at most that)"
        if bound == ">" and wall <= limit:
            result = "open (bound only)"
        elif bound == "<" and wall > limit:
            result = "open (bound only)"
        else:
            result = verdict(wall <= limit)
        if size != "100":
            text += "; the 100 MB runs did not finish within their caps"
        w(f"| 100 MB single thread: ≤ {limit}x {label} | {text} | {result} |")
    j1, j2 = dir_full.get("tonfall -j 1"), dir_full.get("tonfall -j 2")
    if j1 and j2:
        busy = max(load_before[0], m["load"][0])
        caveat = (f" (load average up to {busy:.1f} on {m['nproc']} cores: the second core was busy "
                  "with other work, so this says little about the scaling)") if busy > 1.0 else ""
        w(f"| {total} drafts: ≥ 1.7x faster with 2 threads than with 1 | {j1 / j2:.2f}x{caveat} | "
          f"{verdict(j1 / j2 >= 1.7)} |")
    else:
        w(f"| {total} drafts: ≥ 1.7x faster with 2 threads than with 1 | no `-j` in this build | **not met** (not measurable) |")
    x = ratio(dir_full.get("textlint"), t_dir)
    w(f"| {total} drafts: ≥ 100x faster than textlint+prh | {fmt_ratio(x)} faster | "
      f"{verdict(x is not None and x >= 100) if x is not None else 'not measured'} |")
    floors = [(label, median_wall(name)) for label, name in
              (("/bin/true", "/bin/true (no work)"), ("tonfall --version", "tonfall --version (start only)"),
               ("a one-line text", "tonfall (a one-line text)"))]
    floor = "; ".join(f"{label} {fmt_s(t)}" for label, t in floors if t is not None)
    w(f"| one ~2 KB draft, fresh process: ≤ 5 ms median wall | {fmt_s(t_draft) if t_draft else '–'}"
      f"{f' (on this machine: {floor})' if floor else ''} | {verdict(t_draft is not None and t_draft <= 0.005)} |")
    e100 = prose.get(("tonfall", "100"))
    if e100:
        rss = e100["run"].rss_kb / 1024
        bound = "≥ " if e100["run"].timed_out else ""
        w(f"| peak RSS ≤ 50 MB on the 100 MB corpus | {bound}{rss:.0f} MB | {verdict(rss <= 50)} |")
    if "tonfall" in draft:
        rss = max(r.rss_kb for r in draft["tonfall"]["runs"]) / 1024
        w(f"| peak RSS ≤ 20 MB for one draft | {rss:.0f} MB | {verdict(rss <= 20)} |")
    w("")

    # --- correctness
    w("## What the peers match")
    w("")
    w("The peers run the same patterns, exported by `tonfall rules export --patterns --dialect grep|rg|prh`, "
      "but without tonfall's exceptions (`unless`), document rules, normalization (NFC, typographic quotes), "
      "masking (placeholders, quoted history, signatures) and across-line matching (grep and rg match "
      "line by line); grep and rg count matching lines, tonfall and textlint findings. So the peers do less "
      "work than tonfall, and their hit counts are not comparable one to one.")
    w("")
    if "boundaries" in results:
        w("| line | expected | tonfall findings | grep -P lines | rg lines |")
        w("|---|---|---|---|---|")
        for text, meaning, t, g, r in results["boundaries"]:
            w(f"| {text} | {meaning} | {t} | {g} | {r} |")
        w("")
    fi = results.get("fidelity")
    if fi:
        w(f"Every rule's own examples (`examples.bad` must be flagged, `examples.good` must not; "
          f"`tonfall rules test` passes all of them) through each export, rule by rule:")
        w("")
        w("| export | bad examples flagged | good examples flagged | not run |")
        w("|---|---|---|---|")
        for tool, label in (("grep", "grep -P (`--dialect grep`)"), ("rg", "rg (`--dialect rg`)"),
                            ("prh", "prh (`--dialect prh`, Node.js RegExp)")):
            t = fi["tally"][tool]
            pct = lambda a, b: f"{a} of {b} ({100 * a / b:.0f}%)" if b else "–"
            w(f"| {label} | {pct(t['badHit'], t['bad'])} | {pct(t['goodHit'], t['good'])} | "
              f"{t['failed'] or '–'}{' (pattern too large for PCRE2)' if t['failed'] and tool == 'grep' else ''} |")
        w("")
        by = fi["tally"]["prh"].get("goodBy")
        if by:
            w(f"Of the good examples prh flags, {by['unless']} belong to rules with exceptions (`unless`), "
              f"{by['document']} to document rules (du/Sie mixing) and {by['other']} to other rules: "
              "what the exports cannot carry. The bad examples the peers miss:")
        else:
            w("The bad examples the peers miss:")
        w("")
        for tool in ("grep", "rg", "prh"):
            for miss in fi["tally"][tool]["missed"][:12]:
                w(f"- {tool}: {miss}")
        w("")
        w("(A miss with „typographic quotes“ is normalization, which tonfall does before matching; "
          "rg's misses next to ä, ö, ü and ß are its ASCII `\\b`.)")
        w("")
    dd = results.get("dev_drafts")
    if dd:
        w(f"Of the {dd['files']} development drafts (`tests/corpus/drafts`, {dd['bad']} of them bad), files "
          f"with at least one hit: tonfall {dd['tonfall']}, grep {dd['grep']}, rg {dd['rg']}.")
        w("")
    w("How each peer is run:")
    w("")
    w(f"- **GNU grep**: `grep -c -P` with the `--dialect grep` export, whose `(*UCP)` makes `\\b`, `\\w`, `\\s` "
      f"Unicode-aware, so grep gets German word boundaries right. `grep -E` cannot express the patterns "
      f"(lazy quantifiers, `(?-i:…)`, `\\d`), and `grep -P` takes a single pattern per run while PCRE2 "
      f"(built with 2-byte links) compiles at most 64 KiB: the {tools.pattern_count} patterns are joined with `|` "
      f"into the fewest runs that compile — **{len(tools.grep_chunks)} grep runs** over each input "
      f"(`bench/out/grep-runs.pat`)." + (f" {len(tools.grep_dropped)} single patterns are too large for PCRE2 "
      "even alone (counted repetitions such as `{0,60}` are compiled as copies) and are left out." if tools.grep_dropped else ""))
    w("- **ripgrep**: `rg -c -j1 -f` with the `--dialect rg` export: every `\\b` as `(?-u:\\b)`, an ASCII "
      "boundary — the speed reference, wrong next to umlauts and ß (see the table above).")
    w("- **textlint**: textlint-rule-prh with the `--dialect prh` dictionary (JavaScript regexes with "
      "lookaround-built Unicode boundaries and explicit case classes, since JavaScript has no inline `(?i)`); "
      "one prh rule per pattern. It manages only kilobytes per second, so it runs on a prose sample "
      "and on a few drafts, and the rest is extrapolated.")
    w("")

    # --- profile
    w("## Where tonfall's time goes")
    w("")
    cg = results.get("callgrind")
    if cg:
        w(f"`valgrind --tool=callgrind` on one draft ({cg['total']} instructions in all); inclusive share of "
          "the whole run (nested items are part of the item above them):")
        w("")
        w("| part | inclusive |")
        w("|---|---|")
        for label, share in bucket(cg["rows"]):
            w(f"| {label} | {share:.1f}% |")
        w("")
    pf = results.get("perf")
    if pf:
        w(f"`perf record --call-graph dwarf` (cpu-clock) on {results['perf_size'] * 1000:.0f} kB of prose "
          f"({pf['samples']} samples); inclusive share of samples:")
        w("")
        w("| part | inclusive |")
        w("|---|---|")
        for label, share in bucket(pf["rows"]):
            w(f"| {label} | {share:.1f}% |")
        w("")
    if not cg and not pf:
        w("Not profiled (BENCH_NO_PROFILE=1, or neither valgrind nor perf installed).")
        w("")
    with open(RESULTS, "w", encoding="utf-8") as f:
        f.write("\n".join(L))
    return "\n".join(L)


def main():
    saved = os.path.join(OUT, "results.pickle")
    if "--report-only" in sys.argv:  # rewrite RESULTS.md from the last run's measurements
        import pickle
        with open(saved, "rb") as f:
            tools, results, started, finished, load_before = pickle.load(f)
        print(write_report(tools, results, started, finished, load_before))
        return
    started = time.time()
    load_before = os.getloadavg()
    tools = Tools()
    log(f"{tools.rule_count}, {tools.pattern_count} patterns; grep needs {len(tools.grep_chunks)} runs"
        f"{f', {len(tools.grep_dropped)} patterns too large for grep' if tools.grep_dropped else ''}")
    results = {}
    measure_correctness(tools, results)
    measure_draft(tools, results)
    measure_jsonl(tools, results)
    measure_serve(tools, results)
    measure_prose(tools, results)
    measure_directory(tools, results)
    measure_hostile(tools, results)
    measure_profiles(tools, results)
    finished = time.time()
    import pickle
    with open(saved, "wb") as f:
        pickle.dump((tools, results, started, finished, load_before), f)
    report = write_report(tools, results, started, finished, load_before)
    print(report)
    log(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
