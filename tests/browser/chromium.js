// What the browser tests share: Debian's Chromium launched headless in a fresh profile, the
// page events that count as problems (console errors and warnings, page errors, failed
// requests, dialogs), and a static file server for a built site.
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const http = require("node:http");
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// Launches Chromium with a new profile folder, and `options` for its pages (hasTouch and
// isMobile for a phone). Resolves to {context, close}; close() also removes the profile.
async function launch(viewport, options) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30_000,
      viewport,
      ...options,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-quic", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
  } catch (e) {
    fs.rmSync(userDir, { recursive: true, force: true });
    throw e;
  }
  for (const p of context.pages()) await p.close();
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDir, { recursive: true, force: true });
    },
  };
}

// Records `page`'s problems in `problems`, with `step` as every wait's limit. A request
// cancelled by a navigation (net::ERR_ABORTED) is not a problem.
function watchProblems(page, problems, step) {
  page.setDefaultTimeout(step);
  page.setDefaultNavigationTimeout(step);
  page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => {
    const why = (r.failure() || {}).errorText || "";
    if (why !== "net::ERR_ABORTED") problems.push(`request failed: ${r.url()} ${why}`);
  });
  page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return page;
}

const TYPES = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".xml": "application/xml",
  ".png": "image/png", ".txt": "text/plain", ".csv": "text/csv", ".md": "text/markdown",
};

// A static file server for `dir` mounted at `prefix`; records every path it could not serve.
function serveStatic(dir, prefix) {
  const misses = [];
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
    let file = pathname.startsWith(prefix) ? path.join(dir, pathname.slice(prefix.length)) : "";
    if (file && !file.startsWith(dir)) file = "";
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) {
      if (!pathname.endsWith("/")) {
        res.writeHead(301, { Location: pathname + "/" });
        return res.end();
      }
      file = path.join(file, "index.html");
    }
    if (!file || !fs.existsSync(file)) {
      misses.push(pathname);
      res.writeHead(404, { "Content-Type": "text/plain" });
      return res.end("not found");
    }
    res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] || "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      resolve({ url: `http://127.0.0.1:${server.address().port}${prefix}`, misses, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

// A site a test file writes (`writeSite(write)`, `write(rel, text)` making folders), built with
// the opsbook binary `bin` into a temporary folder, served from 127.0.0.1, and Chromium at
// `viewport`, every page starting in the system's (light) theme whatever a test before chose.
// Resolves to {server, browser, close}; close() stops both and removes the folder.
async function builtSite(bin, name, writeSite, viewport) {
  const { execFileSync } = require("node:child_process");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `opsbook-${name}-`));
  let server, browser;
  const close = async () => {
    if (browser) await browser.close();
    if (server) await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    writeSite((rel, text) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    });
    execFileSync(bin, ["build", dir, "--out", path.join(dir, "public"), "--today", "2026-11-22", "-q"]);
    server = await serveStatic(path.join(dir, "public"), "/");
    browser = await launch(viewport);
    await browser.context.addInitScript(() => { try { localStorage.removeItem("opsbook-theme"); } catch (e) { /* none */ } });
  } catch (e) {
    await close();
    throw e;
  }
  return { server, browser, close };
}

// The problems a test's pages met, and the requests the server could not answer: none, or the
// test fails (the file's `afterEach`).
function noProblems(problems, server) {
  const assert = require("node:assert/strict");
  const found = problems.splice(0).concat(server.misses.splice(0).map((m) => `404: ${m}`));
  assert.deepEqual(found, [], "no console errors, page errors, failed or missing requests");
}

// How the header shows the site's title: the width of its text, whether its first word shows
// whole on one line, and which header buttons cover it. Large text on a phone once squeezed
// it to nothing behind the buttons.
function siteTitle(page) {
  return page.evaluate(() => {
    const text = document.querySelector(".site-title span:last-child");
    const box = text.getBoundingClientRect();
    const node = text.firstChild;
    const word = document.createRange();
    word.setStart(node, node.textContent.search(/\S/));
    word.setEnd(node, node.textContent.search(/\S/) + node.textContent.trim().split(/\s+/)[0].length);
    const wordBox = word.getBoundingClientRect();
    const covering = [...document.querySelectorAll(".site-header button, .site-header label")].filter((b) => {
      const r = b.getBoundingClientRect();
      return r.width > 0 && r.left < box.right && r.right > box.left && r.top < box.bottom && r.bottom > box.top;
    }).map((b) => b.className);
    return { width: Math.round(box.width), firstWordWhole: word.getClientRects().length === 1 && wordBox.right <= box.right + 1 && wordBox.width > 0, covering };
  });
}

module.exports = { launch, watchProblems, serveStatic, builtSite, noProblems, siteTitle };
