// The default theme's layout under what real wikis hold, in headless Chromium (Debian's
// package) driven by playwright-core: a site with long unbroken words (metric names, pasted
// ids, long email addresses) and a page of many headings is built with OPSBOOK_BIN into a
// temporary folder and served from 127.0.0.1.
"use strict";

const { test, before, after, afterEach } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { launch, watchProblems, builtSite, noProblems, siteTitle } = require("./chromium");

const BIN = process.env.OPSBOOK_BIN;
const STEP = 15_000;
const TEST = { timeout: 120_000 };

const METRIC = "kube_apiserver_request_duration_seconds_bucket";
const page = (front, body) => `---\n${front}\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\n${body}\n`;

let site, server, browser;
const problems = [];

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), "set OPSBOOK_BIN to an opsbook binary (./test does)");
  site = await builtSite(BIN, "layout", (write) => {
    write("opsbook.yaml", "title: Layout\n");
    write("owners.yaml", [
      "owners:",
      "  sre:",
      "    name: Site Reliability Engineering and Platform Operations",
      "    email: site-reliability-engineering-and-platform-operations@northwind.example",
      "    kind: team",
    ].join("\n") + "\n");
    write("content/processes/_index.md", "---\ntitle: Processes\n---\nAll of them.\n");
    write("content/processes/alerts/kube.md", page(
      `title: "Alert: ${METRIC}"\nsummary: "Runbook for the KubeAPIServerRequestDurationSecondsHighAlertFiringForTenMinutes alert."\ntags: [${METRIC}]`,
      `## ${METRIC}\n\nWhen \`${METRIC}\` fires, look at ${METRIC}_count first.\n`));
    write("content/processes/alerts/many-headings.md", page(
      `title: "Many headings: ${METRIC}_sum_over_time_by_instance"\nsummary: A long page.`,
      Array.from({ length: 80 }, (_, i) => `## Heading ${i}\n\nText of part ${i}.\n\n### Sub ${i}\n\nMore of part ${i}.`).join("\n\n")));
    write("content/processes/alerts/zz-next.md", page(
      `title: "Next: ${METRIC}_sum_over_time_by_instance_and_verb"`, "The page after."));
    write("content/templates/postmortem.md", page("title: Postmortem\nsummary: Blameless.", "**Incident:** {Short title}\n"));
    write("content/processes/query.md", page("title: Open tickets",
      "```sql\nSELECT id, title FROM tickets WHERE status = 'Open' AND age > 3; -- oldest first\n```\n\n```yaml\nalert: {name: \"disk\", for: 5m, enabled: true}\n```"));
    write("content/processes/lines.md", page("title: Marked lines",
      "```yaml title=\"values.yaml\" {2,4-5} showLineNumbers=7\n# comment\nreplicas: 3\nimage:\n  repository: \"nginx\"\n  tag: \"1.25\"\n```\n"));
    write("content/processes/footnotes.md", page("title: Footnotes",
      "Restart the pods[^cmd] and tell the channel.\n\n[^cmd]: Use the rollout command.\n\n    ```sh\n    kubectl -n payments rollout restart deployment/payments-api-gateway-canary\n    ```\n\n    - wait for ready\n    - check the dashboard\n"));
    const svg = (fill) => `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="${fill}"/></svg>`;
    write("content/processes/logo-dark.svg", svg("white"));
    write("content/processes/logo-light.svg", svg("black"));
    write("content/processes/links.md", page("title: Links",
      "Status: <https://status.example.com/incidents>. Dashboards: https://grafana.example.com/d/api-latency and\n" +
      "www.example.com/runbooks/db. Read [the status page](https://status.example.com/) and <mailto:sre@example.com>."));
    write("content/processes/callouts.md", page("title: Callouts",
      ["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"].map((c) => `> [!${c}]\n> Read this first.`).join("\n\n")));
    write("content/processes/deep/a/b/c/page.md", page("title: Deep in the tree", "Four folders down."));
    write("content/processes/see-also.md", page("title: See also", "[The alert](alerts/kube.md) and [the runbook](runbook.md)."));
    // Headings a letter longer each: on a phone one of them ends where its "#" no longer fits.
    write("content/processes/runbook.md", page("title: Failover runbook",
      Array.from({ length: 14 }, (_, i) => `## Promote the replica ${"x".repeat(i + 1)}\n\nText.`).join("\n\n")));
    for (let n = 0; n < 205; n++) {
      write(`content/processes/many/note-${String(n).padStart(3, "0")}.md`, page(`title: Note ${n}`, "Text."));
    }
    write("content/processes/mdbook-warning.md", page("title: mdBook warning",
      "<div class=\"warning\">\n\nDo not restart the primary.\n\n</div>\n\n> [!WARNING]\n> A callout."));
    write("content/processes/mixed.md", page("title: Mixed languages",
      "Restart the server first.\n\nأعد تشغيل الخادم أولًا.\n\n- check the logs\n- راجع السجلات\n\n> اقتباس من الفريق."));
    write("content/processes/printed.md", `---\ntitle: Failover on paper\nowner: sre\nlast_reviewed: 2026-09-10\nreview_every: 90d\n---\n\n` +
      "> [!CAUTION]- Point of no return\n> Promoting the replica rebuilds the old primary.\n\n??? note \"Steps\"\n    Stop the writes first.\n\n" +
      "<details><summary>Contacts</summary>\n\nCall the database lead.\n\n</details>\n\n- [x] Backups checked\n- [ ] Replica promoted\n");
    write("content/processes/rack.md", page("title: Rack inventory",
      "| Rack | Host | Role | Owner | Action | Notes |\n|---|---|---|---|---|---|\n" +
      Array.from({ length: 20 }, (_, i) => `| r${i} | db-${i}.dc1 | primary replica | Database platform team | Drain, then power-cycle the host | Check the replication lag first |`).join("\n") + "\n"));
    write("content/processes/late.md", `---\ntitle: Late review\nowner: sre\nlast_reviewed: 2026-01-05\nreview_every: 90d\n---\n\nText.\n`);
    write("content/processes/logos.md", page("title: Logos",
      "![Our logo](logo-dark.svg#gh-dark-mode-only)\n![Our logo](logo-light.svg#gh-light-mode-only)"));
  }, { width: 1280, height: 800 });
  server = site.server;
  browser = site.browser;
});

after(async () => {
  if (site) await site.close();
});

afterEach(() => noProblems(problems, server));

async function open(url) {
  const p = watchProblems(await browser.context.newPage(), problems, STEP);
  await p.goto(server.url + url);
  return p;
}

// What runs past its box: the page itself, and any card, cell or line of text wider than the
// box that holds it (code blocks and wide tables scroll in their own regions, on purpose).
async function overflowing(p) {
  return p.evaluate(() => {
    const found = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > doc.clientWidth) found.push(`the page: ${doc.scrollWidth} px in ${doc.clientWidth}`);
    for (const el of document.querySelectorAll("main *")) {
      if (el.closest("pre, .table-wrap, thead, .visually-hidden, input")) continue;
      const style = getComputedStyle(el);
      if (style.overflowX === "auto" || style.overflowX === "scroll" || el.clientWidth === 0) continue;
      if (el.scrollWidth > el.clientWidth + 1) {
        found.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} px in ${el.clientWidth} ("${el.textContent.trim().slice(0, 40)}")`);
      }
    }
    return found.slice(0, 5);
  });
}

test("long unbroken words wrap in titles, summaries, tags, cards, listings, the pager and search", TEST, async () => {
  const urls = ["processes/alerts/kube/", "processes/alerts/many-headings/", "processes/alerts/", "tags/",
    `tags/${METRIC}/`, "owners/", "owners/sre/", `search/?q=${METRIC}_nowhere_to_be_found`];
  for (const width of [320, 375, 1280]) {
    const p = await open("processes/alerts/kube/");
    await p.setViewportSize({ width, height: 800 });
    for (const url of urls) {
      await p.goto(server.url + url);
      if (url.startsWith("search/")) await p.locator(".search-results").getByText("No page").waitFor();
      assert.deepEqual(await overflowing(p), [], `${url} at ${width} px`);
    }
    await p.close();
  }
});

// At 200 % (32 px) on a 390 px phone the site's title vanished behind the header's buttons,
// and the postmortem template's download button ran past the screen.
test("with the browser's text size set large, the layout narrows rather than squeeze or overflow", { timeout: 300_000 }, async () => {
  for (const [size, widths] of [[20, [320, 1280]], [24, [320, 375, 860, 1280]], [32, [390]]]) {
    const p = await open("processes/alerts/kube/");
    const cdp = await p.context().newCDPSession(p);
    await cdp.send("Page.enable");
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: size } });
    for (const width of widths) {
      await p.setViewportSize({ width, height: 800 });
      for (const url of ["processes/alerts/kube/", "processes/alerts/", "owners/", "owners/sre/", "tags/", "", "reviews/",
        "kinds/process/", "templates/postmortem/", "search/?q=alert"]) {
        await p.goto(server.url + url);
        if (url.startsWith("search/")) await p.locator(".search-results .search-hit").first().waitFor();
        assert.deepEqual(await overflowing(p), [], `${url} at ${width} px, text ${size} px`);
        const title = await siteTitle(p);
        assert.ok(title.firstWordWhole && title.covering.length === 0, `${url} at ${width} px, text ${size} px: the title ${JSON.stringify(title)}`);
        const prose = await p.evaluate(() => document.querySelector(".prose")?.getBoundingClientRect().width || 0);
        if (prose) assert.ok(prose >= Math.min(width - 4 * size, 30 * size), `${url} at ${width} px, text ${size} px: the text column is ${prose} px`);
      }
    }
    await p.close();
  }
});

test("a footnote of several blocks stacks them under its number, as GitHub does, on a phone too", TEST, async () => {
  const p = await open("processes/footnotes/");
  for (const width of [375, 1280]) {
    await p.setViewportSize({ width, height: 800 });
    const boxes = await p.evaluate(() => Array.from(document.querySelectorAll(".footnote-definition > :not(.footnote-definition-label)"))
      .map((el) => { const r = el.getBoundingClientRect(); return { tag: el.tagName, left: Math.round(r.left), top: Math.round(r.top), bottom: Math.round(r.bottom) }; }));
    assert.deepEqual(boxes.map((b) => b.tag), ["P", "DIV", "UL"], `${width} px`);
    for (let i = 1; i < boxes.length; i++) {
      assert.ok(boxes[i].top >= boxes[i - 1].bottom, `${width} px: ${boxes[i].tag} beside, not under, the block before: ${JSON.stringify(boxes)}`);
      assert.equal(boxes[i].left, boxes[0].left, `${width} px: ${JSON.stringify(boxes)}`);
    }
    assert.deepEqual(await overflowing(p), [], `footnotes at ${width} px`);
  }
  await p.close();
});

test("a fence's marked lines are highlighted and numbered, one line each, and copy without their numbers", TEST, async () => {
  const p = await open("processes/lines/");
  const lines = await p.evaluate(() => Array.from(document.querySelectorAll("pre.code .line")).map((el) => {
    const style = getComputedStyle(el);
    return { hl: el.classList.contains("hl"), height: el.getBoundingClientRect().height, lineHeight: parseFloat(style.lineHeight),
      background: style.backgroundColor, number: getComputedStyle(el, "::before").content };
  }));
  assert.deepEqual(lines.map((l) => l.hl), [false, true, false, true, true]);
  // Numbered by a counter from 7: the browser shows the counter, its value is not readable.
  assert.ok(lines.every((l) => l.number === "counter(line)"), JSON.stringify(lines));
  assert.equal(await p.evaluate(() => getComputedStyle(document.querySelector("pre.code")).counterReset), "line 6");
  for (const l of lines) assert.ok(Math.abs(l.height - l.lineHeight) < 1, `a line ${l.height} px high, not ${l.lineHeight}: ${JSON.stringify(lines)}`);
  assert.notEqual(lines[1].background, lines[0].background);
  const code = await p.evaluate(() => document.querySelector("pre.code code").textContent);
  assert.equal(code, '# comment\nreplicas: 3\nimage:\n  repository: "nginx"\n  tag: "1.25"\n');
  await p.close();
});

// WCAG's contrast ratio of two computed colours (`rgb(…)`); a transparent background is the
// page's.
function contrast(fg, bg) {
  const channels = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
  const luminance = (c) => {
    const [r, g, b] = channels(c).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

// On a phone the pagination bar wraps, and Next, on a line of its own, stayed at the start:
// it points to what comes after, at the end.
test("on a phone a listing's Next link stays at the end of the pagination bar", TEST, async () => {
  const p = await open("processes/many/");
  await p.setViewportSize({ width: 390, height: 844 });
  const edges = await p.evaluate(() => {
    const bar = document.querySelector(".pagination").getBoundingClientRect();
    const next = document.querySelector(".pagination > .pagination-link:last-child").getBoundingClientRect();
    return { bar: Math.round(bar.right), next: Math.round(next.right) };
  });
  assert.ok(Math.abs(edges.bar - edges.next) <= 1, JSON.stringify(edges));
  await p.close();
});

// mdBook's warning box, raw HTML in its books, reads as a warning callout does (it was plain
// text in a migrated book).
// An Arabic paragraph or list item in an English page is laid out right to left, as GitHub
// lays it out (it was left to right, its full stop at its start); the English ones stay.
test("a paragraph in a right-to-left language runs right to left in a left-to-right page", TEST, async () => {
  const p = await open("processes/mixed/");
  const directions = await p.evaluate(() => [...document.querySelectorAll(".prose p, .prose li")]
    .map((el) => [el.textContent.trim().slice(0, 12), getComputedStyle(el).direction]));
  assert.deepEqual(directions, [
    ["Restart the ", "ltr"],
    ["أعد تشغيل ال", "rtl"],
    ["check the lo", "ltr"],
    ["راجع السجلات", "rtl"],
    ["اقتباس من ال", "rtl"],
  ]);
  await p.close();
});

test("mdBook's warning box looks like a warning callout", TEST, async () => {
  const p = await open("processes/mdbook-warning/");
  const look = await p.evaluate(() => {
    const style = (el) => {
      const s = getComputedStyle(el);
      return { bar: s.borderInlineStartColor, width: s.borderInlineStartWidth, background: s.backgroundColor };
    };
    return { box: style(document.querySelector(".prose div.warning")), callout: style(document.querySelector(".callout-warning")) };
  });
  assert.deepEqual(look.box, look.callout);
  assert.notEqual(look.box.background, "rgba(0, 0, 0, 0)");
  await p.close();
});

test("a button keeps its text readable while hovered, in both themes", TEST, async () => {
  for (const theme of ["light", "dark"]) {
    const p = await open("templates/postmortem/");
    await p.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
    for (const selector of ["a.button[download]", "button.button[data-copy-source]"]) {
      const button = p.locator(selector);
      await button.waitFor();
      await button.hover();
      const colours = await button.evaluate((el) => {
        const style = getComputedStyle(el);
        let bg = style.backgroundColor;
        for (let e = el.parentElement; e && /rgba\(0, 0, 0, 0\)|transparent/.test(bg); e = e.parentElement) bg = getComputedStyle(e).backgroundColor;
        return [style.color, bg];
      });
      const ratio = contrast(...colours);
      assert.ok(ratio >= 4.5, `${selector} hovered in ${theme}: ${colours.join(" on ")} is ${ratio.toFixed(2)}:1`);
    }
    await p.close();
  }
});

test("on a long page the contents column keeps the current heading in sight, but not under the reader's wheel", TEST, async () => {
  const p = await open("processes/alerts/many-headings/");
  await p.evaluate(() => document.getElementById("heading-50").scrollIntoView());
  const current = p.locator(".toc a.is-current");
  await current.waitFor();
  assert.equal(await current.textContent(), "Heading 50");
  await p.waitForFunction(() => {
    const link = document.querySelector(".toc a.is-current").getBoundingClientRect();
    const column = document.querySelector(".toc-inner").getBoundingClientRect();
    return link.top >= column.top && link.bottom <= column.bottom;
  });
  // The reader scrolls the list to its end with the wheel, and on: the list stays there (it
  // jumped back to the current entry), and the page does not scroll under it.
  const column = p.locator(".toc-inner");
  const box = await column.boundingBox();
  await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const pageAt = await p.evaluate(() => window.scrollY);
  for (let i = 0; i < 40; i++) await p.mouse.wheel(0, 2000);
  await p.waitForTimeout(300);
  const end = await column.evaluate((c) => c.scrollHeight - c.clientHeight);
  assert.equal(await column.evaluate((c) => Math.round(c.scrollTop)), Math.round(end), "at the list's end");
  assert.equal(await p.evaluate(() => window.scrollY), pageAt, "the page did not scroll");
  await p.close();
});

// Where, in the text of each of `selector`'s shown elements, a new line begins as laid out.
async function lineStarts(p, selector) {
  return p.evaluate((sel) => [...document.querySelectorAll(sel)].filter((el) => el.offsetParent).map((el) => {
    const starts = [];
    let top = null;
    let offset = 0;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.length; i++) {
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (top !== null && rect.top > top + 2) starts.push(offset + i);
        top = rect.top;
      }
      offset += node.length;
    }
    return { text: el.textContent, starts };
  }), selector);
}

test("an owner's email address wraps before its @ and dots, or after a hyphen, never inside a name", TEST, async () => {
  for (const [url, selector, widths] of [["owners/sre/", ".owner-contact-list dd", [320, 375, 1280]],
    ["processes/alerts/kube/", ".doc-meta .owner-contact, .owner-list .owner-contact", [1280]]]) {
    for (const width of widths) {
      const p = await open(url);
      await p.setViewportSize({ width, height: 800 });
      const found = await lineStarts(p, selector);
      assert.ok(found.length > 0, `${url} shows the address at ${width} px`);
      for (const { text, starts } of found) {
        const inside = starts.filter((i) => !/[@.]/.test(text[i]) && text[i - 1] !== "-");
        assert.deepEqual(inside.map((i) => `${text.slice(0, i)}|${text.slice(i)}`), [], `${url} at ${width} px`);
      }
      await p.close();
    }
  }
});

test("the tags and owners directories name their cards", TEST, async () => {
  for (const [url, heading] of [["tags/", "Tags"], ["owners/", "Teams and people"], ["processes/", "Sections"]]) {
    const p = await open(url);
    assert.equal(await p.locator("#subsections-heading").textContent(), heading, url);
    await p.close();
  }
});

test("without scripts the sidebar lists the kinds rather than stand empty", TEST, async () => {
  const p = watchProblems(await browser.context.newPage(), problems, STEP);
  const cdp = await p.context().newCDPSession(p);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  await p.goto(server.url + "processes/alerts/kube/");
  assert.equal(await p.evaluate(() => document.documentElement.classList.contains("js")), false, "no script ran");
  const links = p.locator(".sidebar .sidebar-kinds a");
  assert.deepEqual(await links.evaluateAll((as) => as.filter((a) => a.offsetWidth > 0).map((a) => a.textContent)),
    ["Processes", "Templates"]);
  await p.close();
});

test("GitHub's images for one theme show in that theme only, the toggle's or the system's", TEST, async () => {
  const p = await open("processes/logos/");
  const shown = () => p.locator(".prose img").evaluateAll((imgs) =>
    imgs.filter((img) => img.offsetWidth > 0).map((img) => img.getAttribute("src")));
  assert.deepEqual(await shown(), ["../logo-light.svg#gh-light-mode-only"]);
  await p.locator(".theme-toggle").click();
  assert.deepEqual(await shown(), ["../logo-dark.svg#gh-dark-mode-only"]);
  await p.locator(".theme-toggle").click();
  await p.emulateMedia({ colorScheme: "dark" });
  await p.reload();
  assert.deepEqual(await shown(), ["../logo-dark.svg#gh-dark-mode-only"]);
  // Paper is light: printed from dark mode, the light image.
  await p.emulateMedia({ colorScheme: "dark", media: "print" });
  assert.deepEqual(await shown(), ["../logo-light.svg#gh-light-mode-only"]);
  await p.close();
});

test("highlighted code printed from dark mode reads on paper", TEST, async () => {
  const p = await open("processes/query/");
  const worst = () => p.locator(".prose pre").evaluateAll((pres) => {
    const found = [];
    for (const pre of pres) {
      const bg = getComputedStyle(pre).backgroundColor;
      for (const span of pre.querySelectorAll("span")) found.push([getComputedStyle(span).color, bg, span.textContent]);
    }
    return found;
  });
  for (const how of ["toggle", "system"]) {
    if (how === "toggle") await p.locator(".theme-toggle").click();
    else await p.emulateMedia({ colorScheme: "dark" });
    await p.emulateMedia({ media: "print" });
    const spans = await worst();
    assert.ok(spans.length > 5, "the code is highlighted");
    for (const [fg, bg, text] of spans) {
      assert.ok(contrast(fg, bg) >= 4.5, `${how}: "${text}" is ${fg} on ${bg}: ${contrast(fg, bg).toFixed(2)}:1`);
    }
    await p.emulateMedia({ media: "screen", colorScheme: "light" });
    if (how === "toggle") await p.locator(".theme-toggle").click();
  }
  await p.close();
});

test("printed without scripts, folded sections show, reviews give their dates, a template's buttons are left out", TEST, async () => {
  const p = watchProblems(await browser.context.newPage(), problems, STEP);
  const cdp = await p.context().newCDPSession(p);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  await p.goto(server.url + "processes/printed/");
  await p.emulateMedia({ media: "print", colorScheme: "dark" });
  const prose = await p.locator(".prose").innerText();
  for (const folded of ["Promoting the replica rebuilds the old primary.", "Stop the writes first.", "Call the database lead."]) {
    assert.ok(prose.includes(folded), `"${folded}" is on paper: ${prose}`);
  }
  assert.equal(await p.locator(".doc-header .review").innerText(), "Last reviewed 2026-09-10; review due 2026-12-09");
  const tick = await p.locator(".prose li.task > input:checked").evaluate((box) => getComputedStyle(box).backgroundImage);
  assert.ok(tick.includes("stroke='white'"), `a ticked box prints its tick in white on black: ${tick}`);
  await p.goto(server.url + "processes/late/");
  await p.emulateMedia({ media: "print", colorScheme: "dark" });
  assert.equal(await p.locator(".doc-header .review").innerText(), "Last reviewed 2026-01-05; review was due 2026-04-05");
  await p.goto(server.url + "templates/postmortem/");
  await p.emulateMedia({ media: "print", colorScheme: "dark" });
  assert.equal(await p.locator(".template-use-actions").isVisible(), false);
  assert.equal(await p.locator(".template-use-command").isVisible(), true);
  await p.close();
});

test("printed, a link shows its address after its text once, and a link whose text is its address once only", TEST, async () => {
  const p = await open("processes/links/");
  await p.emulateMedia({ media: "print" });
  // What paper shows of each link: its text, then what its ::after adds.
  const printed = await p.locator(".prose a").evaluateAll((links) => links.map((a) => {
    const after = getComputedStyle(a, "::after").content;
    return a.textContent + (after === "none" || after === "normal" ? "" : " (…)");
  }));
  assert.deepEqual(printed, [
    "https://status.example.com/incidents",
    "https://grafana.example.com/d/api-latency",
    "www.example.com/runbooks/db",
    "the status page (…)",
    "mailto:sre@example.com",
  ]);
  await p.close();
});

test("in high-contrast mode the search boxes show where the focus is", TEST, async () => {
  const p = await open("processes/");
  await p.emulateMedia({ forcedColors: "active" });
  for (const [url, box] of [["processes/", "#site-search-input"], ["search/?q=alert", "#search-page-input"]]) {
    await p.goto(server.url + url);
    await p.locator(box).focus();
    const outline = await p.locator(box).evaluate((el) => getComputedStyle(el).outlineStyle + " " + getComputedStyle(el).outlineWidth);
    assert.notEqual(outline.split(" ")[0], "none", `${url}: ${outline}`);
  }
  await p.close();
});

// How much of a screenshot of `clip` (a box of the page) is drawn in another colour than its
// most common one, the background: 0 for an empty box.
async function ink(p, clip) {
  const png = await p.screenshot({ clip });
  return p.evaluate(async (b64) => {
    const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: "image/png" }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const g = canvas.getContext("2d");
    g.drawImage(bitmap, 0, 0);
    const d = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
    const counts = new Map();
    for (let i = 0; i < d.length; i += 4) {
      const key = d.slice(i, i + 3).join();
      counts.set(key, (counts.get(key) || 0) + 1);
    }
    const bg = [...counts].sort((a, b) => b[1] - a[1])[0][0].split(",").map(Number);
    let inked = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 96) inked++;
    }
    return inked / (d.length / 4);
  }, png.toString("base64"));
}

test("in high-contrast mode the logo and the callouts' icons stay drawn", TEST, async () => {
  const p = await open("processes/callouts/");
  // The icons' boxes: the logo, and the ::before of each callout's title.
  const boxes = () => p.evaluate(() => {
    const logo = document.querySelector(".site-logo").getBoundingClientRect();
    const found = [["the logo", { x: logo.x, y: logo.y, width: logo.width, height: logo.height }]];
    for (const title of document.querySelectorAll(".callout-title")) {
      const box = title.getBoundingClientRect(), icon = getComputedStyle(title, "::before");
      const [w, h] = [parseFloat(icon.width), parseFloat(icon.height)];
      found.push([`the ${title.textContent.trim()} callout's icon`, { x: box.x, y: box.y + (box.height - h) / 2, width: w, height: h }]);
    }
    return found;
  });
  for (const forcedColors of ["none", "active"]) {
    await p.emulateMedia({ forcedColors });
    const found = await boxes();
    assert.equal(found.length, 6, "the logo and five callouts");
    for (const [what, clip] of found) {
      const drawn = await ink(p, clip);
      assert.ok(drawn > 0.15, `${what}, forced colours ${forcedColors}: ${Math.round(drawn * 100)} % of its box drawn`);
    }
  }
  await p.close();
});

test("in high-contrast mode the folded header search shows its magnifier, not its placeholder under it", TEST, async () => {
  const p = await open("processes/");
  await p.emulateMedia({ forcedColors: "active" });
  const input = p.locator("#site-search-input");
  for (const width of [900, 1280, 1439]) {
    await p.setViewportSize({ width, height: 800 });
    await p.evaluate(() => window.scrollTo(0, 0));
    const form = p.locator(".search-form");
    assert.ok((await form.boundingBox()).width < 40, `at ${width} px the box is folded to its icon`);
    const shown = await form.screenshot();
    // The same box without its placeholder, then with a query typed before it was left: the
    // magnifier alone, each time.
    await input.evaluate((el) => { el.placeholder = ""; });
    assert.ok((await form.screenshot()).equals(shown), `at ${width} px the placeholder shows`);
    await input.evaluate((el) => { el.value = "rollback"; });
    assert.ok((await form.screenshot()).equals(shown), `at ${width} px the query shows`);
    await input.evaluate((el) => { el.value = ""; el.placeholder = "Search"; });
  }
  await p.close();
});

test("a listing's page column keeps its room beside a long owner's name at desktop widths", TEST, async () => {
  const p = await open("processes/alerts/");
  for (const width of [1024, 1100, 1280, 1440]) {
    await p.setViewportSize({ width, height: 800 });
    const columns = await p.locator(".page-table td.pt-page").evaluateAll((cells) => cells.map((c) => c.getBoundingClientRect().width));
    assert.ok(columns.length >= 3, "the listing has pages");
    for (const column of columns) assert.ok(column >= 190, `the page column is ${column} px at ${width} px`);
    // Owners' names wrap between words, rather than take the page column's room.
    const owner = await p.locator(".pt-owner").first().evaluate((a) => getComputedStyle(a).whiteSpace);
    assert.equal(owner, "normal");
    assert.deepEqual(await overflowing(p), [], `at ${width} px`);
  }
  await p.close();
});

// A tap where `locator` is, as a finger does it: Playwright's own tap() first scrolls the
// element into view, which moves the page even for the sticky header's button.
async function tapOn(p, locator) {
  const box = await locator.boundingBox();
  await p.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

test("on a phone the menu drawer opens and closes where the reader is, by its button, Esc or the backdrop", TEST, async () => {
  const phone = await launch({ width: 390, height: 844 }, { hasTouch: true, isMobile: true });
  try {
    const p = watchProblems(await phone.context.newPage(), problems, STEP);
    await p.goto(server.url + "processes/alerts/many-headings/");
    const scrolled = () => p.evaluate(() => window.scrollY);
    const drawerOpen = (open) => p.waitForFunction((o) => document.getElementById("nav-toggle").checked === o
      && document.querySelector(".menu-button").getAttribute("aria-expanded") === String(o), open);
    for (const how of ["the Menu button", "Esc", "a tap on the backdrop"]) {
      await p.evaluate(() => window.scrollTo(0, 1200));
      assert.equal(await scrolled(), 1200, "the page is long enough");
      await tapOn(p, p.locator(".menu-button"));
      await drawerOpen(true);
      await p.locator(".sidebar [aria-current='page']").waitFor();
      assert.equal(await p.evaluate(() => document.activeElement.getAttribute("aria-current")), "page", "the focus is on the current page's link");
      assert.ok(Math.abs(await scrolled() - 1200) <= 2, `opened: the page behind is at ${await scrolled()}, not 1200`);
      if (how === "Esc") await p.keyboard.press("Escape");
      else if (how === "the Menu button") await tapOn(p, p.locator(".menu-button"));
      else {
        // Beside the drawer, on the dimmed page.
        const drawer = await p.locator(".sidebar").boundingBox();
        await p.touchscreen.tap((drawer.x + drawer.width + 390) / 2, 500);
      }
      await drawerOpen(false);
      await p.waitForTimeout(300); // the drawer's slide
      assert.ok(Math.abs(await scrolled() - 1200) <= 2, `closed by ${how}: the page is at ${await scrolled()}, not 1200`);
    }
    await p.close();
  } finally {
    await phone.close();
  }
});

test("on a phone a table of many columns scrolls in its box, its cells a readable width, not a word a line", TEST, async () => {
  const p = await open("processes/rack/");
  await p.setViewportSize({ width: 360, height: 740 });
  const m = await p.locator(".prose .table-wrap").evaluate((wrap) => {
    const row = wrap.querySelector("tbody tr");
    const action = row.children[4];
    return { scroll: wrap.scrollWidth, box: wrap.clientWidth, row: row.getBoundingClientRect().height, action: action.getBoundingClientRect().width };
  });
  assert.ok(m.scroll > m.box, `the table scrolls in its box: ${m.scroll} px in ${m.box}`);
  assert.ok(m.action >= 150, `the Action column is ${m.action} px`);
  assert.ok(m.row <= 80, `a row is ${m.row} px tall`);
  assert.deepEqual(await overflowing(p), []);
  await p.close();
});

test("on a phone whose scripts are slow to come or never come, the menu opens the drawer", TEST, async () => {
  const phone = await launch({ width: 390, height: 844 }, { hasTouch: true, isMobile: true });
  try {
    const p = await phone.context.newPage();
    // The theme's script never comes (a hotel's network, a proxy that blocks it).
    await p.route("**/assets/opsbook.js*", (route) => route.abort());
    await p.goto(server.url + "processes/alerts/kube/");
    await tapOn(p, p.locator(".menu-label"));
    await p.waitForFunction(() => document.getElementById("nav-toggle").checked);
    await p.waitForTimeout(400); // the drawer's slide
    const drawer = await p.locator(".sidebar").boundingBox();
    assert.ok(drawer.x >= 0 && drawer.x < 10, `the drawer is on screen: x = ${drawer.x}`);
    await p.close();
  } finally {
    await phone.close();
  }
});

// On a phone a heading's "#" link stays on the line of its last word (it went onto a line of
// its own, 30 px more a heading).
test("on a phone a heading's # link stays on the line of its last word", TEST, async () => {
  const p = await open("processes/runbook/");
  await p.setViewportSize({ width: 360, height: 640 });
  const lines = await p.locator(".prose h2[id]").evaluateAll((hs) => hs.map((h) => {
    const a = h.querySelector("a.anchor");
    const range = document.createRange();
    const text = [...h.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).pop();
    range.setStart(text, text.textContent.trimEnd().length - 1);
    range.setEnd(text, text.textContent.trimEnd().length);
    const last = range.getBoundingClientRect();
    return [h.id, Math.round(a.getBoundingClientRect().top - last.top)];
  }));
  assert.equal(lines.length, 14);
  for (const [id, offset] of lines) assert.ok(Math.abs(offset) <= 4, `${id}: the # is ${offset} px from the last word's line`);
  await p.close();
});

// In the phone's drawer the tree indents less a level: a page five levels down took 113
// pixels of a 317 px drawer, and titles wrapped onto three lines.
test("in a phone's drawer a page five levels down is indented at most 75 px", TEST, async () => {
  const p = await open("processes/deep/a/b/c/page/");
  await p.setViewportSize({ width: 360, height: 640 });
  await p.locator(".menu-button").click();
  const current = p.locator(".sidebar [aria-current='page']");
  await current.waitFor();
  const indent = await p.evaluate(() => {
    const top = document.querySelector(".nav-tree > li > a").getBoundingClientRect().left;
    return Math.round(document.querySelector(".sidebar [aria-current='page']").getBoundingClientRect().left - top);
  });
  assert.ok(indent > 0 && indent <= 75, `indented ${indent} px`);
  await p.close();
});

// Under a finger the pages a page links with are targets of 44 px or so: they were 19 px
// tall, 8 px apart.
test("on a touch screen the links to connected pages are tall enough to tap", TEST, async () => {
  const phone = await launch({ width: 390, height: 844 }, { hasTouch: true, isMobile: true });
  try {
    const p = watchProblems(await phone.context.newPage(), problems, STEP);
    await p.goto(server.url + "processes/alerts/kube/");
    const heights = await p.locator(".doc-links-list a").evaluateAll((as) => as.map((a) => Math.round(a.getBoundingClientRect().height)));
    assert.ok(heights.length > 0, "the page lists connected pages");
    for (const h of heights) assert.ok(h >= 40, `a link ${h} px tall`);
    await p.close();
  } finally {
    await phone.close();
  }
});

// Wikis in German and Russian, whose theme words are longer than English's: the review
// dashboard's stat labels ran out of their cards ("Kein Überprüfungsdatum", 121 px of text in a
// 57 px card, and the page scrolled sideways on a 390 px phone), and with text at 200 % the
// release note's "VERÖFFENTLICHUNGSDATUM", the kind pills ("Руководство по инструменту") and
// the phone's Cancel button ("Abbrechen") ran past their boxes and the screen.
const TRANSLATED = {
  de: { title: "Betrieb", tool: "Werkzeug", search: "amplitude" },
  ru: { title: "Эксплуатация", tool: "Инструмент", search: "amplitude" },
};
function translatedSite(lang) {
  return (write) => {
    write("opsbook.yaml", `title: ${TRANSLATED[lang].title}\nlanguage: ${lang}\n`);
    write("owners.yaml", "owners:\n  sre:\n    name: Plattformbetrieb\n    kind: team\n  growth:\n    name: Wachstum\n    kind: team\n");
    const doc = (front, body) => `---\n${front}\n---\n\n${body}\n`;
    write("content/processes/_index.md", doc("title: Prozesse", "Alle."));
    write("content/processes/incident.md", doc("title: Störungsbearbeitung\nowner: sre\nlast_reviewed: 2025-01-01\ntags: [betrieb]",
      "## Überprüfungsverantwortlichkeiten\n\nSiehe [Amplitude](../tools/amplitude.md) und [2.10.0](../releases/web/2.10.0.md).\n\n- eins\n- zwei\n"));
    write("content/processes/soon.md", doc("title: Bereitschaft\nowner: sre\nlast_reviewed: 2026-01-10\nreview_every: 12 months\ntags: [betrieb]", "Text."));
    write("content/tools/_index.md", doc("title: Tools", "Alle."));
    write("content/tools/amplitude.md", doc("title: Amplitude\nowner: growth\nlast_reviewed: 2026-11-01\ntags: [betrieb]\ntool: Amplitude\nvendor: Amplitude, Inc.\naccess: Anfrage im Helpdesk\nadmins: [growth]",
      `${TRANSLATED[lang].tool}: [Störungsbearbeitung](../processes/incident.md).`));
    write("content/releases/_index.md", doc("title: Release notes\nowner: sre", "Alle."));
    write("content/releases/web/_index.md", doc("title: Web app\nowner: sre", "Alle."));
    write("content/releases/web/2.10.0.md", doc("title: Web app 2.10.0\nowner: sre\nversion: 2.10.0\ndate: 2026-08-18\nproduct: Web app\ntags: [betrieb]",
      "## Neu\n\nSiehe [Störungsbearbeitung](../../processes/incident.md)."));
  };
}

// Each stat card's label, if its text runs past its card.
function statsOutside(p) {
  return p.evaluate(() => [...document.querySelectorAll(".stat dt")].flatMap((dt) => {
    const range = document.createRange();
    range.selectNodeContents(dt);
    const text = range.getBoundingClientRect(), card = dt.closest(".stat").getBoundingClientRect();
    return text.left < card.left - 1 || text.right > card.right + 1
      ? [`"${dt.textContent}": text ${Math.round(text.left)}-${Math.round(text.right)} in card ${Math.round(card.left)}-${Math.round(card.right)}`] : [];
  }));
}

// Each date (a <time>) laid over two lines: "2026-11-" and "15" read as two dates (German's
// footer and banner at 1280 px, English's dashboard note at 390 px).
function datesBroken(p) {
  return p.evaluate(() => [...document.querySelectorAll("time")].flatMap((time) => {
    const range = document.createRange();
    range.selectNodeContents(time);
    const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
    return tops.size > 1 ? [`${time.textContent} in ${time.parentElement.className || time.parentElement.tagName}`] : [];
  }));
}

// Stat cards of one row whose numbers are not on one line (a label of three lines pushed its
// card's number 31 px below the others').
function statNumbersStaggered(p) {
  return p.evaluate(() => {
    const rows = new Map();
    for (const stat of document.querySelectorAll(".stat")) {
      const top = Math.round(stat.getBoundingClientRect().top);
      const number = Math.round(stat.querySelector("dd").getBoundingClientRect().top);
      rows.set(top, [...(rows.get(top) || []), number]);
    }
    return [...rows.values()].filter((numbers) => new Set(numbers).size > 1);
  });
}

test("German and Russian labels stay inside their cards, pills and buttons on phones, text at 100 % and 200 %", { timeout: 180_000 }, async () => {
  for (const lang of Object.keys(TRANSLATED)) {
    const wiki = await builtSite(BIN, `layout-${lang}`, translatedSite(lang), { width: 390, height: 844 });
    try {
      const urls = ["", "reviews/", "owners/sre/", "tags/betrieb/", "kinds/tool/", "tools/amplitude/", "releases/web/2.10.0/",
        `search/?q=${TRANSLATED[lang].search}`];
      for (const size of [16, 32]) {
        const p = watchProblems(await wiki.browser.context.newPage(), problems, STEP);
        const cdp = await p.context().newCDPSession(p);
        await cdp.send("Page.enable");
        await cdp.send("Page.setFontSizes", { fontSizes: { standard: size } });
        for (const [width, height] of [[390, 844], [320, 640]]) {
          await p.setViewportSize({ width, height });
          for (const url of urls) {
            await p.goto(wiki.server.url + url);
            if (url.startsWith("search/")) await p.locator(".search-results .search-hit").first().waitFor();
            const where = `${lang} ${url || "home"} at ${width} px, text ${size} px`;
            assert.deepEqual(await overflowing(p), [], where);
            assert.deepEqual(await statsOutside(p), [], where);
            assert.deepEqual(await datesBroken(p), [], where);
            assert.deepEqual(await statNumbersStaggered(p), [], where);
          }
          // The phone's header search, open: Cancel's word inside its button, on the screen.
          await p.goto(wiki.server.url + "processes/incident/");
          await p.locator(".search-open").click();
          const cancel = await p.locator(".search-close").evaluate((b) => {
            const range = document.createRange();
            range.selectNodeContents(b);
            const text = range.getBoundingClientRect(), box = b.getBoundingClientRect();
            return { text: [Math.round(text.left), Math.round(text.right)], box: [Math.round(box.left), Math.round(box.right)], page: document.documentElement.scrollWidth };
          });
          assert.ok(cancel.text[0] >= cancel.box[0] - 1 && cancel.text[1] <= cancel.box[1] + 1 && cancel.box[1] <= width && cancel.page <= width,
            `${lang} Cancel at ${width} px, text ${size} px: ${JSON.stringify(cancel)}`);
        }
        await p.close();
      }
      // Long words are hyphenated where the browser knows the language (the page's lang).
      const p = watchProblems(await wiki.browser.context.newPage(), problems, STEP);
      for (const [url, selectors] of [["reviews/", [".doc-title", ".stat dt", ".page-table th", ".kind-tag", ".listing-heading"]],
        ["releases/web/2.10.0/", [".doc-title", ".prose h2", ".extra dt", ".kind-label"]]]) {
        await p.goto(wiki.server.url + url);
        const hyphens = await p.evaluate((selectors) => selectors.map((s) => `${s}: ${getComputedStyle(document.querySelector(s)).hyphens}`), selectors);
        assert.deepEqual(hyphens, selectors.map((s) => `${s}: auto`), `${lang} ${url}`);
        assert.equal(await p.evaluate(() => document.documentElement.lang), lang);
      }
      await p.close();
      noProblems(problems, wiki.server);
    } finally {
      await wiki.close();
    }
  }
});
