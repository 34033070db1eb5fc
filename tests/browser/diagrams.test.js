// Diagrams in headless Chromium (Debian's package) driven by playwright-core: a site whose
// `markdown.mermaid` names Mermaid's script (from the pinned `mermaid` npm package, put in
// the site's static/ as a user would) is built with OPSBOOK_BIN into a temporary folder and
// served from 127.0.0.1.
"use strict";

const { test, before, after, afterEach } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { watchProblems, builtSite, noProblems } = require("./chromium");

const BIN = process.env.OPSBOOK_BIN;
const STEP = 15_000;
const TEST = { timeout: 90_000 };

const page = (title, body) => `---\ntitle: ${title}\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\n${body}\n`;

let site, server, browser;
const problems = [];
const requested = [];

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), "set OPSBOOK_BIN to an opsbook binary (./test does)");
  site = await builtSite(BIN, "diagrams", (write) => {
    write("opsbook.yaml", "title: Diagrams\nmarkdown:\n  mermaid: assets/mermaid.min.js\n");
    write("static/assets/mermaid.min.js", fs.readFileSync(require.resolve("mermaid/dist/mermaid.min.js")));
    write("content/flow.md", page("Publishing flow", [
      "How a page gets published:",
      "",
      "```mermaid",
      "flowchart LR",
      "  saved[Page saved] --> check{Check passes?}",
      "  check -- yes --> live[Published]",
      "  check -- no --> fix[Fix the errors]",
      "```",
      "",
      "The same diagram as written in Markdown, which stays code:",
      "",
      "````markdown",
      "```mermaid",
      "flowchart LR",
      "  a --> b",
      "```",
      "````",
    ].join("\n")));
    write("content/broken.md", page("Broken diagram", "```mermaid\nflowchart LR\n  a --> \n  ((((\n```\n\n```mermaid\nsequenceDiagram\n  Alice->>Bob: Hi\n```"));
    write("content/plain.md", page("No diagram", "Only text."));
    // Twelve on one page: drawn in the same millisecond, Mermaid's own ids collided.
    write("content/many.md", page("Many diagrams", Array.from({ length: 12 }, (_, i) =>
      `## Part ${i}\n\n\`\`\`mermaid\nflowchart LR\n  Start${i} --> End${i}\n\`\`\``).join("\n\n")));
    write("content/wide.md", page("Wide diagram", "```mermaid\nflowchart LR\n" +
      Array.from({ length: 9 }, (_, i) => `  N${i}[Step ${i} of the long rollout] --> N${i + 1}[Step ${i + 1} of the long rollout]`).join("\n") + "\n```"));
  }, { width: 1280, height: 900 });
  server = site.server;
  browser = site.browser;
});

after(async () => {
  if (site) await site.close();
});

afterEach(() => noProblems(problems, server));

async function open(url, init) {
  const p = watchProblems(await browser.context.newPage(), problems, STEP);
  p.on("request", (r) => requested.push(new URL(r.url()).pathname));
  if (init) await p.addInitScript(init);
  await p.goto(server.url + url);
  return p;
}

test("a ```mermaid block is drawn as a diagram, and drawn again in the other theme's colours", TEST, async () => {
  const p = await open("flow/");
  const diagram = p.locator(".prose pre.mermaid svg");
  await diagram.waitFor();
  const labels = await diagram.evaluate((svg) => svg.textContent);
  for (const label of ["Page saved", "Check passes?", "Published", "Fix the errors"]) assert.ok(labels.includes(label), labels);
  // The Markdown example in a code block is no diagram.
  assert.equal(await p.locator(".prose pre.mermaid").count(), 1);
  assert.match(await p.locator("pre.code").textContent(), /```mermaid\s+flowchart LR/);
  const fill = () => p.evaluate(() => getComputedStyle(document.querySelector("pre.mermaid svg .node rect, pre.mermaid svg .node polygon")).fill);
  const light = await fill();
  await p.locator(".theme-toggle").first().click();
  await p.waitForFunction((before) => {
    const node = document.querySelector("pre.mermaid svg .node rect, pre.mermaid svg .node polygon");
    return node && getComputedStyle(node).fill !== before;
  }, light);
  assert.ok((await diagram.evaluate((svg) => svg.textContent)).includes("Page saved"), "redrawn whole");
  await p.close();
});

test("a diagram Mermaid cannot read keeps its source, with the reason above it; the next is drawn", TEST, async () => {
  const p = await open("broken/");
  const note = p.locator(".diagram-error");
  await note.waitFor();
  assert.match(await note.textContent(), /^This diagram could not be drawn: Parse error on line 3: Expecting .+, got/);
  const failed = p.locator("pre.mermaid.diagram-failed");
  assert.match(await failed.textContent(), /flowchart LR\s+a -->/);
  assert.equal(await failed.locator("svg").count(), 0);
  await p.locator("pre.mermaid svg").waitFor();
  assert.ok((await p.locator("pre.mermaid svg").textContent()).includes("Hi"));
  await p.close();
});

test("many diagrams on a page are each drawn in their place, under ids of their own", TEST, async () => {
  // The clock stands still: every diagram is drawn in the same millisecond.
  const p = await open("many/", () => { const now = Date.now(); Date.now = () => now; });
  await p.waitForFunction(() => document.querySelectorAll("pre.mermaid svg").length === 12);
  const drawn = await p.evaluate(() => Array.from(document.querySelectorAll("pre.mermaid"), (pre) => {
    const svg = pre.querySelector("svg");
    return { id: svg.id, text: svg.textContent, count: pre.querySelectorAll("svg").length };
  }));
  drawn.forEach((d, i) => {
    assert.equal(d.count, 1, `diagram ${i}`);
    assert.ok(d.text.includes(`Start${i}`) && d.text.includes(`End${i}`) && !d.text.includes(`Start${i + 1}`), `diagram ${i}: ${d.text}`);
  });
  assert.equal(new Set(drawn.map((d) => d.id)).size, 12, drawn.map((d) => d.id).join(" "));
  await p.close();
});

test("a dark page's diagrams print in light colours", TEST, async () => {
  const p = await open("flow/");
  await p.locator("pre.mermaid svg").waitFor();
  await p.locator(".theme-toggle").first().click();
  await p.locator(".diagram-print svg").waitFor({ state: "attached" });
  const fill = (sel) => p.evaluate((s) => getComputedStyle(document.querySelector(s + " svg .node rect")).fill, sel);
  const screen = await fill("pre.mermaid"), paper = await fill(".diagram-print");
  assert.notEqual(screen, paper);
  assert.ok(!(await p.locator(".diagram-print").isVisible()), "the copy is for paper only");
  await p.emulateMedia({ media: "print" });
  assert.ok(await p.locator(".diagram-print").isVisible());
  assert.ok(!(await p.locator("pre.mermaid").isVisible()));
  // Back to light: no copy is needed.
  await p.emulateMedia({ media: "screen" });
  await p.locator(".theme-toggle").first().click();
  await p.waitForFunction(() => !document.querySelector(".diagram-print"));
  await p.close();
});

test("on a phone a wide diagram keeps a readable size and scrolls in its block", TEST, async () => {
  const p = await open("wide/");
  await p.setViewportSize({ width: 375, height: 800 });
  await p.reload();
  await p.locator("pre.mermaid svg").waitFor();
  const sizes = await p.evaluate(() => {
    const pre = document.querySelector("pre.mermaid");
    return { svg: pre.querySelector("svg").getBoundingClientRect().width, box: pre.clientWidth, scrolls: pre.scrollWidth > pre.clientWidth,
      focusable: pre.tabIndex === 0, label: pre.getAttribute("aria-label"), page: document.documentElement.scrollWidth };
  });
  assert.ok(sizes.svg >= 600 && sizes.scrolls && sizes.focusable && sizes.label === "Diagram 1", JSON.stringify(sizes));
  assert.equal(sizes.page, 375, "the page itself does not scroll sideways");
  await p.close();
});

test("a page without a diagram does not load Mermaid", TEST, async () => {
  requested.length = 0;
  const p = await open("plain/");
  await p.waitForLoadState("load");
  assert.ok(requested.some((r) => r.endsWith("/assets/opsbook.js")), requested.join(" "));
  assert.ok(!requested.some((r) => r.includes("mermaid")), requested.join(" "));
  await p.close();
});
