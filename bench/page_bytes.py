#!/usr/bin/env python3
"""Where a built site's bytes go: the files and folders of the output (as `du -sb` counts them,
which is what bench/run reports), split by top-level folder, and each content page's HTML split
into the parts of the default theme's page layout, so that the body (what Hugo's minimal layout
prints) can be told from what opsbook puts around it.

    python3 bench/page_bytes.py OUT     # OUT: the output folder of `opsbook build`
"""
import os
import sys
from collections import Counter

# (part, the markup that starts the next part), in page order; the last part runs to the end.
PARTS = [
    ("head", "<body"),
    ("header: kinds, search box, theme toggle", '<div class="layout">'),
    ("sidebar", '<main id="main"'),
    ("breadcrumbs", "<article"),
    ("title, summary, kind, review, owners", '<div class="prose">'),
    ("body (the Markdown's HTML)", '<section class="doc-links"'),
    ("backlinks", '<footer class="doc-footer">'),
    ("tags, source, previous and next", "</article>"),
    ("table of contents, footer", None),
]


def split_page(html, totals):
    """Adds the bytes of each part of `html` (a page, as bytes) to `totals`."""
    pos = 0
    for name, next_marker in PARTS:
        if next_marker is None:
            totals[name] += len(html) - pos
            return
        at = html.find(next_marker.encode(), pos)
        if at < 0:
            continue  # a part this page does not have (no backlinks, no table of contents)
        totals[name] += at - pos
        pos = at


def main():
    if len(sys.argv) != 2 or not os.path.isdir(sys.argv[1]):
        sys.exit(__doc__)
    root = sys.argv[1]
    by_top = Counter()
    folders = files = 0
    parts = Counter()
    pages = 0
    for folder, dirs, names in os.walk(root):
        rel = os.path.relpath(folder, root)
        top = rel.split(os.sep)[0] if rel != "." else "(top level)"
        folder_size = os.lstat(folder).st_size
        by_top["(folders)"] += folder_size
        folders += 1
        for name in names:
            path = os.path.join(folder, name)
            size = os.lstat(path).st_size
            files += 1
            by_top[top if rel != "." else name] += size
            if name == "index.html":
                html = open(path, "rb").read()
                if b'class="prose"' in html and b'class="doc-header"' in html:
                    pages += 1
                    split_page(html, parts)
    mib = lambda n: f"{n / 1048576:.1f} MiB"
    total = sum(by_top.values())
    print(f"{root}: {mib(total)} in {files:,} files and {folders:,} folders\n")
    print("| part of the output | size |")
    print("|---|---:|")
    for name, size in by_top.most_common(12):
        print(f"| {name} | {mib(size)} |")
    print(f"\n{pages:,} content pages, per page on average (bytes of HTML):\n")
    print("| part of a page | per page | all pages |")
    print("|---|---:|---:|")
    for name, _ in PARTS:
        print(f"| {name} | {parts[name] / max(pages, 1):,.0f} | {mib(parts[name])} |")


if __name__ == "__main__":
    main()
