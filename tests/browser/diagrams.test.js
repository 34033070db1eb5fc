// Diagrams in headless Chromium (Debian's package) driven by playwright-core: a site whose
// `markdown.mermaid` names Mermaid's script (from the pinned `mermaid` npm package, put in
// the site's static/ as a user would) is built with OPSBOOK_BIN into a temporary folder and
// served from 127.0.0.1.
"use strict";

const { test, before, after, afterEach } = require("node:test");
const assert = require("node:assert/strict");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { launch, watchProblems, serveStatic } = require("./chromium");

const BIN = process.env.OPSBOOK_BIN;
const STEP = 15_000;
const TEST = { timeout: 90_000 };

const page = (title, body) => `---\ntitle: ${title}\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\n${body}\n`;

let dir, server, browser;
const problems = [];
const requested = [];

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), "set OPSBOOK_BIN to an opsbook binary (./test does)");
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-diagrams-"));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  };
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
  execFileSync(BIN, ["build", dir, "--out", path.join(dir, "public"), "--today", "2026-11-22", "-q"]);
  server = await serveStatic(path.join(dir, "public"), "/");
  browser = await launch({ width: 1280, height: 900 });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  const found = problems.splice(0).concat(server.misses.splice(0).map((m) => `404: ${m}`));
  assert.deepEqual(found, [], "no console errors, page errors, failed or missing requests");
});

async function open(url) {
  const p = watchProblems(await browser.context.newPage(), problems, STEP);
  p.on("request", (r) => requested.push(new URL(r.url()).pathname));
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

test("a page without a diagram does not load Mermaid", TEST, async () => {
  requested.length = 0;
  const p = await open("plain/");
  await p.waitForLoadState("load");
  assert.ok(requested.some((r) => r.endsWith("/assets/opsbook.js")), requested.join(" "));
  assert.ok(!requested.some((r) => r.includes("mermaid")), requested.join(" "));
  await p.close();
});
