#!/usr/bin/env python3
"""Turns bench/run's runs.tsv into the Markdown results table (medians, ratios, targets).

runs.tsv columns: pages, tool, run, wall s, user s, sys s, peak RSS KiB, output bytes.
Each figure is the median of its own column over the runs (so the columns of one row may come
from different runs).
"""
import argparse
import statistics
from collections import defaultdict

MIB = 1024 * 1024


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("runs_tsv")
    ap.add_argument("--meta", action="append", default=[], help="key=value shown in the header")
    args = ap.parse_args()

    runs = defaultdict(list)
    for line in open(args.runs_tsv, encoding="utf-8"):
        if not line.strip():
            continue
        n, tool, _run, wall, user, sys_, rss, size = line.rstrip("\n").split("\t")
        runs[(int(n), tool)].append(
            (float(wall), float(user) + float(sys_), int(rss) * 1024, int(size))
        )

    med = {}
    for key, rows in runs.items():
        med[key] = {
            "wall": statistics.median(r[0] for r in rows),
            "cpu": statistics.median(r[1] for r in rows),
            "rss": statistics.median(r[2] for r in rows),
            "size": statistics.median(r[3] for r in rows),
            "runs": len(rows),
        }

    meta = dict(m.split("=", 1) for m in args.meta)
    out = []
    out.append(f"# Build benchmark, {meta.get('date', '')}")
    out.append("")
    out.append(f"- opsbook commit: {meta.get('commit', '?')}")
    out.append(f"- machine: {meta.get('machine', '?')}")
    out.append(
        f"- load average (1, 5, 15 min): {meta.get('load', '?')} — anything well above 0 means "
        "other work shared the cores, which inflates wall times; CPU times suffer less"
    )
    hugo_ran = meta.get("hugo", "not run") != "not run"
    if hugo_ran:
        out.append(f"- Hugo: {meta.get('hugo')} (Debian package, minimal layout from bench/hugo/)")
    else:
        out.append("- Hugo: not run (BENCH_HUGO=0)")
    out.append(
        f"- median of {meta.get('runs', '?')} runs per tool, "
        f"{'opsbook and Hugo alternating' if hugo_ran else 'opsbook only'}, "
        f"after {'one untimed warm-up each' if meta.get('warmup', '1') != '0' else 'no warm-up'}; "
        f"`--today {meta.get('today', '?')}`"
    )
    out.append("- corpus: `gen_corpus.py OUT --pages N --seed 1 --content-dir content`")
    out.append("")
    out.append("| pages | tool | wall (s) | CPU user+sys (s) | peak RSS (MiB) | output (MiB) |")
    out.append("|---:|---|---:|---:|---:|---:|")
    sizes = sorted({n for n, _ in med})
    for n in sizes:
        ob, hu, ck = med.get((n, "opsbook")), med.get((n, "hugo")), med.get((n, "opsbook check"))
        for name, m in (("opsbook build", ob), ("Hugo", hu)):
            if m:
                out.append(
                    f"| {n:,} | {name} | {m['wall']:.2f} | {m['cpu']:.2f} | "
                    f"{m['rss'] / MIB:.0f} | {m['size'] / MIB:.1f} |"
                )
        if ob and hu:
            r = {k: ob[k] / hu[k] if hu[k] else float("nan") for k in ("wall", "cpu", "rss", "size")}
            out.append(
                f"| {n:,} | **opsbook / Hugo** | **{r['wall']:.2f}** | **{r['cpu']:.2f}** | "
                f"**{r['rss']:.2f}** | **{r['size']:.2f}** |"
            )
        if ck:
            out.append(
                f"| {n:,} | opsbook check | {ck['wall']:.2f} | {ck['cpu']:.2f} | "
                f"{ck['rss'] / MIB:.0f} | – |"
            )

    targets = []

    def verdict(ok):
        return "**met**" if ok else "**not met**"

    ob10, hu10, ck10 = (med.get((10000, t)) for t in ("opsbook", "hugo", "opsbook check"))
    if ob10 and hu10:
        w, m, s = ob10["wall"] / hu10["wall"], ob10["rss"] / hu10["rss"], ob10["size"] / hu10["size"]
        targets.append(f"| 10,000 pages: wall ≤ 1/4 of Hugo's | {w:.2f}× Hugo | {verdict(w <= 0.25)} |")
        targets.append(f"| 10,000 pages: peak RSS ≤ 1/4 of Hugo's | {m:.2f}× Hugo | {verdict(m <= 0.25)} |")
        targets.append(f"| 10,000 pages: output no larger than Hugo's | {s:.2f}× Hugo | {verdict(s <= 1)} |")
    if ck10:
        targets.append(
            f"| `opsbook check`, 10,000 pages: < 1.5 s | {ck10['wall']:.2f} s | {verdict(ck10['wall'] < 1.5)} |"
        )
    ob100 = med.get((100000, "opsbook"))
    if ob100 and ob10:
        k = ob100["wall"] / ob10["wall"]
        targets.append(
            f"| 100,000 pages: ≤ 12× the 10,000-page time | {k:.1f}× | {verdict(k <= 12)} |"
        )
    if ob100:
        gib = ob100["rss"] / (1024 * MIB)
        targets.append(f"| 100,000 pages: peak RSS < 2 GiB | {gib:.2f} GiB | {verdict(gib < 2)} |")
    if targets:
        out.append("")
        out.append("| target (issue 7) | measured | |")
        out.append("|---|---|---|")
        out.extend(targets)
    print("\n".join(out))


if __name__ == "__main__":
    main()
