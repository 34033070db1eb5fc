#!/usr/bin/env python3
"""Where opsbook's CPU time goes: reads `perf script` output (samples with call stacks, from
`perf record -g --call-graph dwarf`) on stdin and prints the share of samples per build phase.

Each sample goes to the phase of the innermost frame on its stack that names one (so syntect
called from the Markdown renderer counts as highlighting, and kernel time under a file write
counts as writing). Samples of other processes (git) are counted apart.

    perf record -F 499 -e cpu-clock -g --call-graph dwarf,16384 -o perf.data \
        opsbook build SITE --out OUT --today 2026-11-15
    perf script -i perf.data | python3 bench/phases.py
"""
import re
import sys
from collections import Counter

# (phase, pattern on a frame's symbol), tried in this order for each frame, innermost first.
PHASES = [
    ("YAML front matter", r"serde_yaml|unsafe_libyaml|opsbook::yaml::|opsbook::frontmatter::"),
    ("syntax highlighting", r"opsbook::highlight::highlight\b|syntect::parsing|syntect::html|fancy_regex|onig"),
    ("syntax set loading", r"syntect::dumps|two_face::|bincode|flate2|miniz"),
    ("Markdown parse (pulldown-cmark)", r"pulldown_cmark::(parse|firstpass|scanners|tree|linklabel|strings|entities|puncttable)"),
    ("Markdown → HTML (push_html)", r"pulldown_cmark::html"),
    ("link resolution", r"opsbook::site::LinkIndex|<opsbook::site::LinkIndex|opsbook::url::"),
    ("Markdown rewrite (ids, TOC, links)", r"opsbook::markdown::"),
    ("search index", r"opsbook::search::"),
    ("link/anchor checking", r"opsbook::validate::|opsbook::graph::"),
    ("templates (Tera)", r"tera::|opsbook::theme::"),
    ("page contexts (render)", r"opsbook::render::(?!.*write)|opsbook::releases::|opsbook::catalog::|opsbook::report::"),
    ("site model (sections, nav)", r"opsbook::site::"),
    ("parse pages (kinds, review)", r"opsbook::parse::|opsbook::review::|opsbook::owners::"),
    ("writing files", r"opsbook::output::|std::fs::write|std::fs::copy"),
    ("loading files", r"opsbook::load::|walkdir::"),
    ("diagnostics", r"opsbook::diag::|annotate_snippets"),
    ("process start and exit", r"_dl_|__libc_start|\bexit\b|_exit"),
]
COMPILED = [(name, re.compile(p)) for name, p in PHASES]
# Only when no frame of the stack names a phase: perf's DWARF unwinding often stops inside
# libc, leaving a sample of malloc or memcpy whose caller is unknown.
FALLBACK = [
    (name, re.compile(p))
    for name, p in [
        (
            "memory (malloc, free, memcpy, memcmp; caller not unwound)",
            r"malloc|free|realloc|tcache|unlink_chunk|memcpy|memmove|memcmp|memset|mmap|mprotect|brk|page_fault",
        ),
    ]
]
FRAME = re.compile(r"^\s+[0-9a-f]+\s+(.*?)(?:\+0x[0-9a-f]+)?\s+\((.*)\)\s*$")


def classify(frames):
    for table in (COMPILED, FALLBACK):
        for sym in frames:  # innermost first
            for name, pat in table:
                if pat.search(sym):
                    return name
    return "other"


def main():
    counts = Counter()
    other_procs = Counter()
    frames, comm = [], None
    total = 0

    def flush():
        nonlocal total
        if comm is None:
            return
        total += 1
        if comm != "opsbook" and not comm.startswith("rayon") and not comm.startswith("opsbook"):
            other_procs[comm] += 1
        else:
            counts[classify(frames)] += 1

    for line in sys.stdin:
        if not line.strip():
            flush()
            frames, comm = [], None
            continue
        if not line[0].isspace():
            comm = line.split()[0]
            continue
        m = FRAME.match(line)
        if m:
            frames.append(m.group(1))
    flush()
    if not total:
        sys.exit("no samples on stdin")
    print(f"| phase | share of CPU samples ({total} samples) |")
    print("|---|---:|")
    for name, n in counts.most_common():
        print(f"| {name} | {100 * n / total:.1f} % |")
    for comm, n in other_procs.most_common():
        print(f"| (process `{comm}`) | {100 * n / total:.1f} % |")


if __name__ == "__main__":
    main()
