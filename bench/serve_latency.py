#!/usr/bin/env python3
"""Edit-to-reload latency of `opsbook serve` on one site (run by bench/serve-latency).

Starts `opsbook serve SITE --port 0`, opens the Server-Sent Events stream at
/__opsbook/events, then for each of N pages (spread over the site, one edit each): appends a
sentence to the page's Markdown file and measures, from just before the write,
  - event: until the event whose `changed` lists the page's output file (or "*") arrives;
  - page:  until the first byte of a GET of the page that returns the new sentence (a poller
           asks every 10 ms, with `Connection: close`);
  - the rebuild time that serve prints for that change ("built N pages in X ms", or "updated N
    output files in X ms" for an edit to a page's body).
Prints one JSON object (samples and the first build's time) on stdout. Every wait is bounded;
the server is killed on exit. Python 3 standard library only.

    serve_latency.py measure --opsbook BIN --site DIR --today DATE [--edits 20] [--log FILE]
                             [--perf FILE [--perf-edits 3]]
    serve_latency.py row --pages N --build-s S [--phases TEXT] < measure.json >> rows.jsonl
    perf script -i FILE | serve_latency.py phases
    serve_latency.py summary rows.jsonl [--meta key=value ...] > results.md

With --perf, a few more edits follow the measured ones under `perf record` (call graphs) of
the server, written to FILE; `phases` splits its samples by build phase with bench/phases.py.
"""
import argparse
import json
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse

# A full rebuild prints "built N pages in X ms"; a page edit "updated N output files in X ms".
SUMMARY = re.compile(r"(?:built (\d+) pages?|updated (\d+) output files?) in (\d+) ms")
CHANGED = re.compile(r"\] (.*) changed: ")


def now():
    return time.perf_counter()


class Server:
    """`opsbook serve` as a child process; its output lines are kept with their arrival time."""

    def __init__(self, binary, site, today, log_path, startup_timeout):
        env = dict(os.environ, NO_COLOR="1")
        env.pop("SOURCE_DATE_EPOCH", None)
        self.lines = []  # (time, line)
        self.lock = threading.Lock()
        self.url = None
        self.ready = threading.Event()
        self.log = open(log_path, "w", encoding="utf-8") if log_path else None
        self.started = now()
        self.proc = subprocess.Popen(
            [binary, "serve", site, "--port", "0", "--today", today],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
        )
        threading.Thread(target=self._read, daemon=True).start()
        if not self.ready.wait(startup_timeout) or not self.url:
            self.stop()
            tail = "\n".join(line for _, line in self.lines[-30:])
            sys.exit(f"serve_latency: opsbook serve did not start within {startup_timeout} s:\n{tail}")
        self.ready_at = now()
        self.port = int(urllib.parse.urlsplit(self.url).port)

    def _read(self):
        for raw in self.proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            with self.lock:
                self.lines.append((now(), line))
            if self.log:
                self.log.write(line + "\n")
                self.log.flush()
            m = re.search(r"serving at (http://\S+/)", line)
            if m and not self.url:
                self.url = m.group(1)
                self.ready.set()
        self.ready.set()  # exited

    def summaries_after(self, t):
        """The rebuild summaries ("X changed: built N pages in M ms") printed after time t."""
        with self.lock:
            return [(at, line) for at, line in self.lines if at >= t and CHANGED.search(line)]

    def first_build_ms(self):
        with self.lock:
            for _, line in self.lines:
                m = SUMMARY.search(line)
                if m and not CHANGED.search(line):
                    return int(m.group(3))
        return None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.log:
            self.log.close()
            self.log = None


class Events:
    """The /__opsbook/events stream, read on a thread; events land in a queue with the time
    their chunk arrived."""

    def __init__(self, port, timeout):
        self.queue = queue.Queue()
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.sendall(b"GET /__opsbook/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Accept: text/event-stream\r\n\r\n")
        self.sock.settimeout(None)  # idle streams get a ping every 15 s; the reader waits
        self.file = self.sock.makefile("rb")
        status = self.file.readline()
        if b" 200 " not in status:
            sys.exit(f"serve_latency: the event stream answered {status!r}")
        while self.file.readline() not in (b"\r\n", b"\n", b""):
            pass
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        pending = ""
        try:
            while True:
                size_line = self.file.readline()
                if not size_line:
                    break
                size = int(size_line.split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    break
                chunk = self.file.read(size)
                self.file.read(2)
                at = now()
                pending += chunk.decode("utf-8", "replace")
                while "\n\n" in pending:
                    block, pending = pending.split("\n\n", 1)
                    for line in block.split("\n"):
                        if line.startswith("data: "):
                            self.queue.put((at, json.loads(line[len("data: "):])))
        except (OSError, ValueError):
            pass
        self.queue.put((now(), None))  # the stream ended

    def drain(self):
        while True:
            try:
                self.queue.get_nowait()
            except queue.Empty:
                return

    def wait_for(self, wanted, deadline):
        """The arrival time and event whose `changed` lists `wanted` (or "*")."""
        seen = []
        while True:
            left = deadline - now()
            if left <= 0:
                raise TimeoutError(f"no event listing {wanted}; events seen: {seen}")
            try:
                at, event = self.queue.get(timeout=left)
            except queue.Empty:
                continue
            if event is None:
                raise RuntimeError("the event stream ended")
            seen.append(event)
            if event.get("errors"):
                raise RuntimeError(f"the rebuild found errors: {event['errors'][:3]}")
            changed = event.get("changed") or []
            if wanted in changed or "*" in changed:
                return at, event


def get(port, target, timeout):
    """GET target with `Connection: close`: (status, body, time of the response's first byte)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        first = sock.recv(65536)
        first_at = now()
        chunks = [first]
        while True:
            data = sock.recv(1 << 20)
            if not data:
                break
            chunks.append(data)
    raw = b"".join(chunks)
    head, _, body = raw.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    return status, body, first_at


class Poller(threading.Thread):
    """GETs `target` every 10 ms until the body contains `needle`; keeps the first byte's time."""

    def __init__(self, port, target, needle, deadline):
        super().__init__(daemon=True)
        self.port, self.target, self.needle, self.deadline = port, target, needle.encode(), deadline
        self.found_at = None
        self.error = None
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set() and now() < self.deadline:
            try:
                status, body, first_at = get(self.port, self.target, 30)
                if status == 200 and self.needle in body:
                    self.found_at = first_at
                    return
            except OSError as e:
                self.error = str(e)
            self.stop.wait(0.01)


def pick_pages(site, count):
    """`count` pages spread evenly over the sorted content files (section indexes left out)."""
    content = os.path.join(site, "content")
    files = []
    for folder, _, names in os.walk(content):
        for name in names:
            if name.endswith(".md") and name != "_index.md":
                files.append(os.path.relpath(os.path.join(folder, name), content))
    files.sort()
    if len(files) < count:
        sys.exit(f"serve_latency: only {len(files)} pages in {content}")
    step = len(files) / count
    return [files[int((k + 0.5) * step)] for k in range(count)]


def edit_once(server, events, site, rel, label, timeout):
    """One measured edit of content/rel: (event ms, page ms, rebuild ms from the log)."""
    stem = rel[: -len(".md")].replace(os.sep, "/")
    output = f"{stem}/index.html"
    target = "/" + urllib.parse.quote(stem) + "/"
    sentence = f"Serve latency probe {label}-{os.getpid()}: the duty manager confirms the rollback."
    events.drain()
    deadline = now() + timeout
    poller = Poller(server.port, target, sentence, deadline)
    path = os.path.join(site, "content", rel)
    written = now()
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\n{sentence}\n")
    poller.start()
    try:
        event_at, _ = events.wait_for(output, deadline)
    finally:
        poller.join(max(0.0, deadline - now()))
        poller.stop.set()
    if poller.found_at is None:
        raise TimeoutError(f"GET {target} never showed the new sentence ({poller.error or 'timed out'})")
    # The rebuild's summary line is printed just after the event is sent.
    rebuild_ms = None
    for _ in range(100):
        summaries = server.summaries_after(written)
        if summaries:
            m = SUMMARY.search(summaries[-1][1])
            rebuild_ms = int(m.group(3)) if m else None
            break
        time.sleep(0.02)
    return {
        "page": rel,
        "event_ms": round((event_at - written) * 1000, 1),
        "page_ms": round((poller.found_at - written) * 1000, 1),
        "rebuild_ms": rebuild_ms,
    }


def measure(args):
    site = os.path.abspath(args.site)
    extra = args.perf_edits if args.perf else 0
    pages = pick_pages(site, args.edits + extra)
    server = Server(args.opsbook, site, args.today, args.log, args.startup_timeout)
    try:
        events = Events(server.port, 30)
        # Every page picked is served where the benchmark expects it.
        for rel in pages:
            stem = rel[: -len(".md")].replace(os.sep, "/")
            status, _, _ = get(server.port, "/" + urllib.parse.quote(stem) + "/", 30)
            if status != 200:
                sys.exit(f"serve_latency: /{stem}/ answered {status}, not 200")
        samples = []
        for i, rel in enumerate(pages[: args.edits]):
            sample = edit_once(server, events, site, rel, i, args.edit_timeout)
            samples.append(sample)
            print(f"   edit {i + 1:2d}/{args.edits}: event {sample['event_ms']:8.1f} ms, page "
                  f"{sample['page_ms']:8.1f} ms, rebuild (serve log) {sample['rebuild_ms']} ms  {rel}",
                  file=sys.stderr)
            time.sleep(args.settle)
        perf_samples = []
        if args.perf:
            perf = subprocess.Popen(
                ["perf", "record", "-q", "-F", "199", "-g", "--call-graph", "dwarf,16384",
                 "-p", str(server.proc.pid), "-o", args.perf],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1.0)
            try:
                for i, rel in enumerate(pages[args.edits:]):
                    perf_samples.append(edit_once(server, events, site, rel, f"perf{i}", args.edit_timeout))
                    time.sleep(args.settle)
            finally:
                perf.send_signal(signal.SIGINT)
                try:
                    perf.wait(120)
                except subprocess.TimeoutExpired:
                    perf.kill()
        json.dump({
            "startup_s": round(server.ready_at - server.started, 2),
            "first_build_ms": server.first_build_ms(),
            "samples": samples,
            "perf_samples": perf_samples,
        }, sys.stdout)
        print()
    finally:
        server.stop()


def row(args):
    """Adds the size, the full build time and the phase table to measure's JSON."""
    data = json.load(sys.stdin)
    data.update(pages=args.pages, build_s=args.build_s, phases=args.phases)
    print(json.dumps(data))


def phases(_args):
    """bench/phases.py on `perf script` output, with a phase for serve's own work first."""
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import phases as build_phases  # noqa: E402 (bench/phases.py)

    build_phases.COMPILED.insert(
        0, ("serve: publish (in-memory files, diff, events)", re.compile(r"opsbook::serve::")))
    build_phases.COMPILED.insert(
        0, ("waiting for changes (notify, debounce)", re.compile(r"notify::|opsbook::serve::watch::")))
    build_phases.main()


def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(rank) - 1]


def median(values):
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


TARGET_MS = 100  # issue 6: median edit-to-event latency at 10,000 pages


def summary(args):
    rows = [json.loads(line) for line in open(args.rows, encoding="utf-8") if line.strip()]
    meta = dict(m.split("=", 1) for m in args.meta)
    out = []
    out.append(f"# Live preview latency, {meta.get('date', '')}")
    out.append("")
    out.append(f"- opsbook commit: {meta.get('commit', '?')}")
    out.append(f"- machine: {meta.get('machine', '?')}; load average {meta.get('load', '?')}")
    out.append(f"- corpus: `gen_corpus.py OUT --pages N --seed 1 --content-dir content`, "
               f"`--today {meta.get('today', '?')}`; `opsbook serve` on a copy, `--port 0`")
    out.append(f"- {meta.get('edits', '?')} edits per size, each to a different page (a sentence "
               "appended), one after the other; times from just before the write")
    out.append("- event: until the Server-Sent Event whose `changed` lists the page; page: until the "
               "first byte of a GET returning the new text (polled every 10 ms); rebuild: what serve "
               "prints for the change (`built N pages in X ms`, or `updated N output files in X ms` for an edit to a page's body), which starts after the watcher's "
               "50 ms debounce")
    out.append("")
    out.append("| pages | full build (s) | serve's first build (s) | event median (ms) | event p95 (ms) "
               "| page median (ms) | page p95 (ms) | rebuild median (ms) |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    verdict = None
    for r in sorted(rows, key=lambda r: r["pages"]):
        ev = [s["event_ms"] for s in r["samples"]]
        pg = [s["page_ms"] for s in r["samples"]]
        rb = [s["rebuild_ms"] for s in r["samples"] if s["rebuild_ms"] is not None]
        first = r.get("first_build_ms")
        out.append(
            f"| {r['pages']:,} | {r['build_s']:.2f} | "
            f"{first / 1000 if first is not None else float('nan'):.2f} | "
            f"{median(ev):,.0f} | {percentile(ev, 95):,.0f} | {median(pg):,.0f} | "
            f"{percentile(pg, 95):,.0f} | {median(rb) if rb else float('nan'):,.0f} |")
        if r["pages"] == 10000:
            verdict = median(ev)
    out.append("")
    if verdict is not None:
        met = "**met**" if verdict < TARGET_MS else "**not met**"
        out.append("| target (issue 6) | measured | |")
        out.append("|---|---|---|")
        out.append(f"| 10,000 pages: median edit-to-event < {TARGET_MS} ms | {verdict:,.0f} ms | {met} |")
        out.append("")
    for r in sorted(rows, key=lambda r: r["pages"]):
        if r.get("phases"):
            out.append(f"Where serve's CPU time goes during {len(r.get('perf_samples', []))} more edits "
                       f"at {r['pages']:,} pages (perf, bench/phases.py; the main thread and rayon "
                       "workers together):")
            out.append("")
            out.append(r["phases"].strip())
            out.append("")
    print("\n".join(out).rstrip() + "\n", end="")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    m = sub.add_parser("measure", help="run serve on a site and measure edits (JSON on stdout)")
    m.add_argument("--opsbook", required=True)
    m.add_argument("--site", required=True)
    m.add_argument("--today", required=True)
    m.add_argument("--edits", type=int, default=20)
    m.add_argument("--log")
    m.add_argument("--startup-timeout", type=float, default=900)
    m.add_argument("--edit-timeout", type=float, default=180)
    m.add_argument("--settle", type=float, default=0.5, help="seconds of quiet after each edit")
    m.add_argument("--perf", help="record the server under perf during --perf-edits more edits")
    m.add_argument("--perf-edits", type=int, default=3)
    m.set_defaults(run=measure)
    r = sub.add_parser("row", help="add the size and build time to measure's JSON (stdin)")
    r.add_argument("--pages", type=int, required=True)
    r.add_argument("--build-s", type=float, required=True)
    r.add_argument("--phases", default="")
    r.set_defaults(run=row)
    p = sub.add_parser("phases", help="`perf script` output on stdin -> phase table")
    p.set_defaults(run=phases)
    s = sub.add_parser("summary", help="rows (JSON lines) -> Markdown results")
    s.add_argument("rows")
    s.add_argument("--meta", action="append", default=[])
    s.set_defaults(run=summary)
    args = ap.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
