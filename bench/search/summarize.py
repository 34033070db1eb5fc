#!/usr/bin/env python3
"""Turns bench/search/run's work folder into bench/search/results.md.

Reads WORK/runs.tsv (pages, step, run, wall s, user s, sys s, peak RSS KiB) and, per size,
WORK/sizes-N.json, WORK/bytes-N.json, WORK/quality-N.json, WORK/known-N.json. Each time is the
median of its own column over the runs.
"""
import argparse
import json
import os
import statistics
from collections import defaultdict

KB = 1000


def kb(n):
    return f"{n / KB:,.1f} kB"


def mb(n):
    return f"{n / 1e6:,.1f} MB"


def pct(x):
    return "–" if x is None else f"{100 * x:.1f}%"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("work")
    ap.add_argument("--meta", action="append", default=[])
    args = ap.parse_args()
    meta = dict(m.split("=", 1) for m in args.meta)
    work = args.work

    runs = defaultdict(list)
    for line in open(os.path.join(work, "runs.tsv"), encoding="utf-8"):
        if line.strip():
            n, step, _run, wall, user, sys_, _rss = line.rstrip("\n").split("\t")
            runs[(int(n), step)].append((float(wall), float(user) + float(sys_)))
    times = {k: {"wall": statistics.median(r[0] for r in v), "cpu": statistics.median(r[1] for r in v)}
             for k, v in runs.items()}
    sizes = sorted({n for n, _ in times})

    def load(name, n):
        path = os.path.join(work, f"{name}-{n}.json")
        return json.load(open(path, encoding="utf-8")) if os.path.exists(path) else None

    data = {n: {k: load(k, n) for k in ("sizes", "bytes", "quality", "known")} for n in sizes}
    sizes = [n for n in sizes if all(data[n].values())]
    queries = json.load(open(os.path.join(work, "bytes-queries.json"), encoding="utf-8"))

    def index_time(n):
        b, nb = times[(n, "opsbook build")], times[(n, "opsbook build, no index")]
        return {k: b[k] - nb[k] for k in ("wall", "cpu")}, b, nb

    o = []
    o.append("# Search benchmark: opsbook's index and Pagefind's")
    o.append("")
    o.append("Written by `bench/search/run` (method and caveats at the end). "
             f"{meta.get('date', '')}, opsbook {meta.get('commit', '?')}, Pagefind "
             f"{meta.get('pagefind', '?')} (npm), node {meta.get('node', '?')}, "
             f"{meta.get('machine', '?')}; median of {meta.get('runs', '?')} timed runs; "
             f"corpus `gen_corpus.py --seed 1`, `--today {meta.get('today', '?')}`.")
    o.append("")

    # ---------------------------------------------------------------- main table
    head = "| | " + " | ".join(f"{n:,} pages: opsbook | {n:,}: Pagefind" for n in sizes) + " |"
    o.append(head)
    o.append("|---|" + "---:|---:|" * len(sizes))

    def row(label, f):
        cells = []
        for n in sizes:
            for tool in ("opsbook", "pagefind"):
                cells.append(f(n, tool))
        o.append(f"| {label} | " + " | ".join(cells) + " |")

    def b(n, tool, phase, unit):
        return data[n]["bytes"][tool][phase][unit]["median"]

    row("first query, gzip (median of 20)", lambda n, t: kb(b(n, t, "cold", "gzip")))
    row("first query, raw", lambda n, t: kb(b(n, t, "cold", "raw")))
    row("first query, files", lambda n, t: f"{b(n, t, 'cold', 'files'):.0f}")
    row("next query, gzip (median of 20)", lambda n, t: kb(b(n, t, "warm", "gzip")))
    row("next query, raw", lambda n, t: kb(b(n, t, "warm", "raw")))
    row("index on disk", lambda n, t: mb(data[n]["sizes"][t]["raw"]))
    row("index on disk, gzip", lambda n, t: mb(data[n]["sizes"][t]["gzip"]))
    row("index files", lambda n, t: f"{data[n]['sizes'][t]['files']:,}")

    def build_cell(n, t, key):
        if t == "opsbook":
            return f"{index_time(n)[0][key]:.2f} s"
        return f"{times[(n, 'pagefind')][key]:.2f} s"

    row("index build time, wall", lambda n, t: build_cell(n, t, "wall"))
    row("index build time, CPU", lambda n, t: build_cell(n, t, "cpu"))

    def q(n, t, kind, key="hit"):
        return data[n]["quality"][t]["summary"][kind][key]

    row("top-3 hit rate, all queries", lambda n, t: f"**{pct(q(n, t, 'all'))}**")
    row("… title", lambda n, t: pct(q(n, t, "title")))
    row("… title with a typo", lambda n, t: pct(q(n, t, "typo")))
    row("… body phrase", lambda n, t: pct(q(n, t, "phrase")))
    o.append("")
    o.append("opsbook's index build time is `build` − the same build with every page "
             "`search: false`; Pagefind's is its own run over opsbook's HTML (on top of the build).")
    o.append("")

    # ---------------------------------------------------------------- targets
    def phrase_ceiling(known):
        # Of k pages holding the phrase as written, nothing tells the target apart: an ideal
        # engine has it in its top 3 with probability min(1, 3 / k).
        phrase = [k for k in known if k["kind"] == "phrase"]
        return sum(min(1, 3 / max(k["pages_with_phrase"], 1)) for k in phrase) / max(len(phrase), 1)

    def all_ceiling(known):
        phrase = [k for k in known if k["kind"] == "phrase"]
        return (len(known) - len(phrase) + phrase_ceiling(known) * len(phrase)) / max(len(known), 1)

    big = max(sizes)
    o.append("## Targets")
    o.append("")
    ratio = b(big, "opsbook", "cold", "gzip") / b(big, "pagefind", "cold", "gzip")
    ratio_raw = b(big, "opsbook", "cold", "raw") / b(big, "pagefind", "cold", "raw")
    verdict = lambda ok: "**met**" if ok else "**not met**"
    o.append(f"- First-query bytes at most half of Pagefind's at {big:,} pages: opsbook "
             f"{kb(b(big, 'opsbook', 'cold', 'gzip'))} vs Pagefind {kb(b(big, 'pagefind', 'cold', 'gzip'))} "
             f"gzip, ratio {ratio:.2f} (raw {ratio_raw:.2f}): {verdict(ratio <= 0.5)}.")
    for n in sizes:
        h = q(n, "opsbook", "all")
        o.append(f"- Top-3 hit rate ≥ 90% at {n:,} pages: opsbook {pct(h)} (title {pct(q(n, 'opsbook', 'title'))}, "
                 f"typo {pct(q(n, 'opsbook', 'typo'))}, phrase {pct(q(n, 'opsbook', 'phrase'))}); Pagefind "
                 f"{pct(q(n, 'pagefind', 'all'))}; an ideal engine {pct(all_ceiling(data[n]['known']))}: "
                 f"{verdict(h >= 0.9)}.")
    for n in sizes:
        it, bd, nb = index_time(n)
        add_w, add_c = it["wall"] / nb["wall"], it["cpu"] / nb["cpu"]
        o.append(f"- Indexing adds ≤ 15% to the build at {n:,} pages: +{pct(add_w)} wall "
                 f"({bd['wall']:.2f} s vs {nb['wall']:.2f} s), +{pct(add_c)} CPU "
                 f"({bd['cpu']:.2f} s vs {nb['cpu']:.2f} s): {verdict(add_w <= 0.15 and add_c <= 0.15)}.")
    o.append("")

    # ---------------------------------------------------------------- build times
    o.append("## Build times")
    o.append("")
    o.append("| pages | step | wall (s) | CPU user+sys (s) |")
    o.append("|---:|---|---:|---:|")
    for n in sizes:
        for step in ("opsbook build", "opsbook build, no index", "opsbook check", "pagefind"):
            t = times.get((n, step))
            if t:
                o.append(f"| {n:,} | {step} | {t['wall']:.2f} | {t['cpu']:.2f} |")
        it, _, nb = index_time(n)
        o.append(f"| {n:,} | = opsbook index (build − no index) | {it['wall']:.2f} | {it['cpu']:.2f} |")
        pf = times[(n, "pagefind")]
        o.append(f"| {n:,} | = opsbook without index + Pagefind | {nb['wall'] + pf['wall']:.2f} | "
                 f"{nb['cpu'] + pf['cpu']:.2f} |")
    if meta.get("loadavg"):
        o.append("")
        o.append(f"Load average (1, 5, 15 min) after each round: {meta['loadavg']}. The machine has "
                 "2 cores; other work running at the same time inflates wall times.")
    o.append("")

    # ---------------------------------------------------------------- where the bytes go
    o.append("## Where the bytes of a first query go (gzip, mean over the 20 queries)")
    o.append("")
    cats = ["code", "manifest", "index", "filters", "results"]
    names = {"code": "script (+ wasm)", "manifest": "manifest / entry + meta", "index": "index chunks",
             "filters": "filter files", "results": "records / fragments of the shown results"}
    o.append("| part | " + " | ".join(f"{n:,}: opsbook | {n:,}: Pagefind" for n in sizes) + " |")
    o.append("|---|" + "---:|---:|" * len(sizes))
    for c in cats:
        cells = []
        any_value = False
        for n in sizes:
            for t in ("opsbook", "pagefind"):
                per = data[n]["bytes"][t]["perQuery"]["cold"]
                gz = [p["parts"].get(c, {}).get("gzip", 0) for p in per]
                files = [p["parts"].get(c, {}).get("files", 0) for p in per]
                mean = sum(gz) / len(gz)
                any_value |= mean > 0
                cells.append(f"{kb(mean)} ({sum(files) / len(files):.1f} files)")
        if any_value:
            o.append(f"| {names[c]} | " + " | ".join(cells) + " |")
    o.append("")
    o.append("Index on disk by part:")
    o.append("")
    for n in sizes:
        s = data[n]["sizes"]
        ch, dc = s["opsbook_parts"]["chunks"], s["opsbook_parts"]["doc"]
        ph = s["opsbook_parts"].get("phrases", {"raw": 0, "files": 0})
        ix, fr = s["pagefind_parts"]["index"], s["pagefind_parts"]["fragment"]
        o.append(f"- {n:,} pages ({s['docs']:,} documents in opsbook's index): opsbook chunks "
                 f"{mb(ch['raw'])} in {ch['files']:,} files (mean {kb(ch['raw'] / max(ch['files'], 1))}), "
                 f"phrase buckets {mb(ph['raw'])} in {ph['files']:,}, "
                 f"records {mb(dc['raw'])} in {dc['files']:,} files; Pagefind index {mb(ix['raw'])} in "
                 f"{ix['files']:,} files (mean {kb(ix['raw'] / max(ix['files'], 1))}), fragments "
                 f"{mb(fr['raw'])} in {fr['files']:,}.")
    o.append("")

    # ---------------------------------------------------------------- per query
    o.append(f"## Per query at {big:,} pages (gzip; first = new tab, next = after the previous query)")
    o.append("")
    o.append("| query | opsbook first | Pagefind first | opsbook next | Pagefind next |")
    o.append("|---|---:|---:|---:|---:|")
    bo, bp = data[big]["bytes"]["opsbook"]["perQuery"], data[big]["bytes"]["pagefind"]["perQuery"]
    for i, text in enumerate(queries):
        o.append(f"| `{text}` | {kb(bo['cold'][i]['gzip'])} | {kb(bp['cold'][i]['gzip'])} | "
                 f"{kb(bo['warm'][i]['gzip'])} | {kb(bp['warm'][i]['gzip'])} |")
    o.append("")

    # ---------------------------------------------------------------- quality details
    o.append("## Quality details")
    o.append("")
    for n in sizes:
        known = data[n]["known"]
        phrase = [k for k in known if k["kind"] == "phrase"]
        words = sorted(k["pages_with_words"] for k in phrase)
        unique = sum(1 for k in phrase if k["pages_with_phrase"] == 1)
        twins = sum(1 for k in known if k["kind"] == "title" and k["twins"])
        o.append(f"**{n:,} pages** ({len(known)} queries from {len([k for k in known if k['kind'] == 'title'])} pages; "
                 f"{twins} of those pages share their title with another page; {unique} of "
                 f"{len(phrase)} phrases occur in no other page, but the median phrase's words all "
                 f"occur together in {statistics.median(words):.0f} pages, so an engine that ignores "
                 f"word order cannot single the target out; an ideal engine, finding exactly the "
                 f"pages with the phrase and ranking them in any order, would hit "
                 f"{pct(phrase_ceiling(known))} of the phrase queries, and "
                 f"{pct(all_ceiling(known))} of all queries if it also hit every title and typo query):")
        o.append("")
        o.append("| | opsbook | Pagefind |")
        o.append("|---|---:|---:|")
        for kind, label in (("all", "all"), ("title", "title"), ("typo", "typo"), ("phrase", "phrase")):
            qo, qp = data[n]["quality"]["opsbook"]["summary"][kind], data[n]["quality"]["pagefind"]["summary"][kind]
            o.append(f"| {label} (n={qo['n']}) | {pct(qo['hit'])} (strict {pct(qo['strict'])}) | "
                     f"{pct(qp['hit'])} (strict {pct(qp['strict'])}) |")
        late = [data[n]["quality"][t]["summary"]["all"].get("timedOut", 0) for t in ("opsbook", "pagefind")]
        if any(late):
            o.append(f"| no answer within {meta.get('query_timeout', '?')} s (counted as misses) | "
                     f"{late[0]} | {late[1]} |")
        for e, v in data[n]["quality"]["opsbook"]["summary"]["typoByEdit"].items():
            vp = data[n]["quality"]["pagefind"]["summary"]["typoByEdit"][e]
            o.append(f"| typo by {e} (n={v['n']}) | {pct(v['hit'])} | {pct(vp['hit'])} |")
        for e, v in data[n]["quality"]["opsbook"]["summary"]["typoByPosition"].items():
            vp = data[n]["quality"]["pagefind"]["summary"]["typoByPosition"][e]
            label = "in the first two letters" if e == "firstTwoLetters" else "after the first two letters"
            o.append(f"| typo {label} (n={v['n']}) | {pct(v['hit'])} | {pct(vp['hit'])} |")
        o.append("")
        misses = [m for m in data[n]["quality"]["opsbook"]["misses"] if m["kind"] != "phrase"][:8]
        if misses:
            o.append("Some of opsbook's title and typo misses (query → its top 3):")
            o.append("")
            for m in misses:
                o.append(f"- `{m['query']}` (wanted `{m['target']}`) → " + ", ".join(f"`{g}`" for g in m["got"]))
            o.append("")

    # ---------------------------------------------------------------- method
    o.append("## Method")
    o.append("")
    o.append(f"""- **Corpus**: `gen_corpus.py OUT --pages N --seed 1 --content-dir content`, built with
  `opsbook build --today {meta.get('today', '?')}`. The build without an index is the same corpus
  with `search: false` added to every page's front matter (opsbook has no switch to turn search
  off; a page with `search: false` is neither analysed nor written to the index, and with no page
  left the index and the results page are not written at all). `opsbook check` is timed too.
- **Pagefind**: `pagefind --site <opsbook output> --output-subdir pagefind` (the npm package,
  version pinned in `bench/search/package-lock.json`), default settings: it indexes every HTML
  page of the output (section, owner, tag and kind listings too: more pages than opsbook's index),
  the whole `<body>` less what it skips by default, with no filters (opsbook's HTML has no
  `data-pagefind-filter`), so its bytes include no facet data while opsbook's chunks carry the
  facets of the documents they list.
- **Bytes per query**: both engines run in node against the built files through an instrumented
  `fetch` that records every file read (`engines.mjs`): opsbook's `assets/search.js` (its engine
  needs no DOM) and Pagefind's `pagefind/pagefind.js` (imported as in a browser; in node it runs
  on the main thread, so `pagefind-worker.js`, which a browser loads to run the search in a web
  worker, is added to its first query). Each of the 20 queries (from titles of the 1,000-page
  corpus, the same at every size) runs in a fresh session showing its first 8 results
  (opsbook's dropdown size): the *first query* is everything it read — script (and wasm),
  manifest or entry + meta, index chunks, and the records or fragments of the 8 results. The
  *next query* runs the query after the previous one of the list in the same session and
  counts only files not read before. opsbook's files are counted gzip -6 (as a server would
  send them); Pagefind's `.pf_*` and wasm files are already gzip and count as they are, its
  `pagefind.js`, worker and entry JSON gzip -6. opsbook's `search.js` holds the engine and the
  UI and is counted whole; Pagefind's UI scripts (`pagefind-ui.js` and the like) are not counted
  and not in its index size.
- **Quality**: `queries.py known` draws {meta.get('sample', '?')} pages (not section `_index.md`
  pages) with a fixed seed and makes three queries each: the title as written; the title with one
  typo (substitute, delete, insert or swap, at a random position, in a random word of five
  letters or more); a run of 3–4 consecutive words of a body sentence, the one found as a run in
  the fewest other pages. Each runs through both engines as typed (so the last word is a prefix
  for opsbook, as in its search box). A query scores when the target's URL is among the first 3
  results; for title and typo queries a page with exactly the same title also counts ("strict"
  counts the target only). A query with no answer after {meta.get('query_timeout', '?')} s is stopped and
  counts as a miss (each engine's session runs in a worker thread that is terminated).
- **Times**: median over the runs of each step, the steps alternating, after an untimed warm-up
  of each. Every timed build and Pagefind run writes into a new folder and nothing is deleted
  between timed runs (old outputs are deleted before the rounds, followed by a pause): on ext4,
  creating files just after deleting many costs the kernel more than the writing itself and
  would be charged to whichever tool writes more files. A rebuild over an existing output
  (`opsbook build` swaps the new tree in and deletes the old one) pays that cost on top.
""")
    print("\n".join(o))


if __name__ == "__main__":
    main()
