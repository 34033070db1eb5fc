// `opsbook serve` in headless Chromium (Debian's package) driven by playwright-core: a page
// open in the browser reloads by itself after its Markdown file is edited, at the same scroll
// position; a broken front matter shows the edit with the error overlay (`path:line:col`) over
// it, and fixing it removes the overlay; rebuilds missed before the page's event stream opened
// reload it only when they changed it. The server runs on port 0 over a temporary copy of
// example-site; OPSBOOK_BIN names the binary (./test sets it; default target/debug/opsbook).
"use strict";

const { test, after } = require("node:test");
const assert = require("node:assert/strict");
const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { launch, watchProblems } = require("./chromium");

const REPO = path.resolve(__dirname, "..", "..");
const BIN = path.resolve(process.env.OPSBOOK_BIN || path.join(REPO, "target", "debug", "opsbook"));
const STARTUP = 120_000; // the first build (a debug binary, a cold syntax set, a busy machine)
const STEP = 20_000; // any later wait: one rebuild of the example site, then a reload
const TEST = { timeout: STARTUP + 8 * STEP };

// A page taller than the viewport plus SCROLL, edited by the test.
const PAGE_SOURCE = "content/processes/releases/release-train.md";
const PAGE_URL = "processes/releases/release-train/";
const SCROLL = 1500;
// Another page, edited while the first is open.
const OTHER_SOURCE = "content/processes/releases/hotfix-process.md";
const OTHER_URL = "processes/releases/hotfix-process/";
const VIEWPORT = { width: 1280, height: 900 };

const bounded = (promise, ms, what) => {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
};

// Starts `opsbook serve SITE --port 0` and resolves with its URL once it prints it.
function startServer(site, extraEnv = {}) {
  const env = { ...process.env, NO_COLOR: "1", ...extraEnv };
  delete env.SOURCE_DATE_EPOCH;
  const child = spawn(BIN, ["serve", site, "--port", "0", "--today", "2026-11-22"], {
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  const server = { child, url: null, log: [], exited: null };
  // Killed even when the test runner gives up on the test (timeout) before `finally` runs.
  const killOnExit = () => { if (server.exited === null) child.kill("SIGKILL"); };
  process.on("exit", killOnExit);
  child.on("exit", (code, signal) => {
    server.exited = signal || code;
    process.off("exit", killOnExit);
  });
  const ready = new Promise((resolve, reject) => {
    let pending = "";
    const onData = (chunk) => {
      pending += chunk;
      let end;
      while ((end = pending.indexOf("\n")) !== -1) {
        const line = pending.slice(0, end);
        pending = pending.slice(end + 1);
        server.log.push(line);
        const found = /serving at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
        if (found && !server.url) {
          server.url = found[1];
          resolve(server);
        }
        const building = /building the site; (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
        if (building && server.onBuilding) server.onBuilding(building[1]);
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", onData);
    child.on("error", reject);
    child.on("exit", (code, signal) => reject(new Error(`opsbook serve exited (${signal || code}) before serving`)));
  });
  server.ready = bounded(ready, STARTUP, "opsbook serve printing its URL");
  return server;
}

async function stopServer(server) {
  if (!server || server.exited !== null) return;
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  await bounded(exited, 5_000, "opsbook serve stopping").catch(() => {
    server.child.kill("SIGKILL");
    return bounded(exited, 5_000, "opsbook serve being killed");
  });
}

let browser, siteDir, server;

after(async () => {
  if (browser) await browser.close().catch(() => {});
  await stopServer(server).catch(() => {});
  if (siteDir) fs.rmSync(siteDir, { recursive: true, force: true });
});

test("an edited page reloads by itself at the same scroll position; errors show in an overlay until fixed", TEST, async (t) => {
  assert.ok(fs.existsSync(BIN), `no opsbook binary at ${BIN} (set OPSBOOK_BIN, or run cargo build)`);
  siteDir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-serve-site-"));
  fs.cpSync(path.join(REPO, "example-site"), siteDir, { recursive: true });
  const source = path.join(siteDir, PAGE_SOURCE);
  const original = fs.readFileSync(source, "utf8");

  server = startServer(siteDir);
  // Launch Chromium while the first build runs.
  browser = await launch(VIEWPORT);
  const context = browser.context;
  const problems = []; // console errors and warnings, page errors, failed requests, error statuses
  const pending = new Set();
  try {
    await server.ready;
    const page = await context.newPage();
    // This page holds its own event stream, as in a browser without shared workers, so that
    // step 4 can hold it back; the shared stream is the next test's.
    await page.addInitScript(() => { delete window.SharedWorker; });
    // A reload cancels the open event stream (and anything still loading): not an error.
    watchProblems(page, problems, STEP);
    page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });
    page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
    // Requests sent and not answered yet, listed when the test fails.
    page.on("request", (r) => pending.add(r));
    page.on("requestfinished", (r) => pending.delete(r));
    page.on("requestfailed", (r) => pending.delete(r));
    let loads = 0;
    page.on("load", () => { loads += 1; });

    // live.js asks for /__opsbook/state each time its event stream opens: once that is
    // answered, the page hears every later rebuild.
    const streamOpen = () => {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/__opsbook/state", { timeout: STEP });
      answered.catch(() => {}); // awaited later; a failure before that is reported there
      return answered;
    };
    const text = () => page.locator("main").innerText();
    const overlay = page.locator("#opsbook-serve-errors");
    // live.js puts the scroll position back on `load`; give it a moment, then read it.
    const scrollAfterReload = async () => {
      await page.waitForFunction((y) => Math.abs(window.scrollY - y) <= 4, SCROLL, { timeout: 5_000 }).catch(() => {});
      return page.evaluate(() => window.scrollY);
    };

    let opened = streamOpen();
    await page.goto(server.url + PAGE_URL);
    await opened;
    assert.equal(await overlay.count(), 0, "no overlay on a site without errors");
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    assert.ok(height >= SCROLL + VIEWPORT.height, `the page is tall enough to scroll to ${SCROLL} (${height}px)`);
    await page.evaluate((y) => window.scrollTo(0, y), SCROLL);
    await page.waitForFunction((y) => window.scrollY === y, SCROLL);

    // 1. Edit: the page reloads by itself, shows the new sentence, at the same position.
    const first = `Live preview sentence ${process.pid}-${Date.now()}: trains leave on time.`;
    await page.evaluate(() => { window.__beforeEdit = true; });
    opened = streamOpen();
    fs.writeFileSync(source, `${original.trimEnd()}\n\n${first}\n`);
    await page.waitForFunction((s) => !window.__beforeEdit && document.readyState === "complete" &&
      document.querySelector("main")?.innerText.includes(s), first, { polling: 100 });
    await opened;
    // One reload (two, should a busy machine let the watcher see the truncation apart).
    assert.ok(loads >= 2, "the page reloaded");
    const y = await scrollAfterReload();
    assert.ok(Math.abs(y - SCROLL) <= 4, `scrollY ${y} after the reload, not ${SCROLL}`);
    assert.equal(await overlay.count(), 0);

    // 2. Break the front matter: the page shows the edit all the same, and the overlay lists
    // the error at path:line:col over it.
    const loadsBefore = loads;
    const broken = original.replace(/^tags: \[release, calendar\]$/m, "tags: [release, calendar");
    assert.notEqual(broken, original, "the front matter is broken");
    fs.writeFileSync(source, `${broken}\n\nBroken edit.\n`);
    // The page reloads with the edit (the event's overlay goes with the old page), then the
    // reloaded page asks for the errors and shows them.
    await page.waitForFunction(() => document.readyState === "complete" &&
      document.querySelector("main")?.innerText.includes("Broken edit."), null, { polling: 100 });
    assert.ok(loads > loadsBefore, "the page reloaded with the edit");
    const where = `^error\\[yaml-syntax\\] ${PAGE_SOURCE.replace(/[.]/g, "\\.")}:\\d+:\\d+$`;
    const locations = () => page.evaluate(() => {
      const host = document.getElementById("opsbook-serve-errors");
      const root = host && (host.shadowRoot || host);
      return root ? [...root.querySelectorAll(".loc")].map((n) => n.textContent.trim()) : [];
    });
    await page.waitForFunction((re) => {
      const host = document.getElementById("opsbook-serve-errors");
      const root = host && (host.shadowRoot || host);
      return !!root && [...root.querySelectorAll(".loc")].some((n) => new RegExp(re).test(n.textContent.trim()));
    }, where, { polling: 100 }).catch(async () => {
      assert.fail(`no yaml-syntax error at ${PAGE_SOURCE}:line:col in the overlay: ${JSON.stringify(await locations())}`);
    });
    assert.ok(await overlay.locator(".panel").isVisible(), "the overlay is visible");
    assert.match(await overlay.locator("h2").innerText(), /errors?: the page shows the latest edit; opsbook build refuses the site until fixed/);

    // 3. Fix it: the page reloads with the fixed text and the overlay is gone.
    const fixed = `Fixed sentence ${process.pid}-${Date.now()}: the train is back.`;
    const loadsBeforeFix = loads;
    opened = streamOpen();
    fs.writeFileSync(source, `${original.trimEnd()}\n\n${fixed}\n`);
    await page.waitForFunction((s) => document.readyState === "complete" &&
      document.querySelector("main")?.innerText.includes(s), fixed, { polling: 100 });
    await opened;
    await overlay.waitFor({ state: "detached" });
    assert.ok(loads > loadsBeforeFix, "the page reloaded");
    const again = await scrollAfterReload();
    assert.ok(Math.abs(again - SCROLL) <= 4, `scrollY ${again} after the second reload, not ${SCROLL}`);

    // 4. Rebuilds that land after the page was served but before its event stream opens (the
    // stream is held back here) are caught up on: one that changed another page (and then
    // the search index) leaves the page alone; one that changed this page reloads it.
    const held = [];
    let holding = false;
    await page.route("**/__opsbook/events", (route) => {
      if (holding) held.push(route);
      else route.continue().catch(() => {});
    });
    const release = () => {
      holding = false;
      for (const route of held.splice(0)) route.continue().catch(() => {});
    };
    const generation = async () => (await (await fetch(`${server.url}__opsbook/state`)).json()).generation;
    const waitUntil = async (what, done) => {
      const deadline = Date.now() + STEP;
      while (!(await done())) {
        if (Date.now() > deadline) assert.fail(`${what}: not within ${STEP} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const reloadHeld = async () => {
      holding = true;
      const answer = await page.reload();
      const served = Number((/desc="(\d+)"/.exec(answer.headers()["server-timing"] || "") || [])[1]);
      assert.ok(Number.isInteger(served), "the page names the build it came from");
      await waitUntil("the page's event stream", async () => held.length > 0);
      return served;
    };

    let served = await reloadHeld();
    const other = path.join(siteDir, OTHER_SOURCE);
    fs.appendFileSync(other, "\nAnother page's edit.\n");
    await waitUntil("the other page's rebuild", async () => (await generation()) > served);
    let loadsBefore4 = loads;
    let caughtUp = page.waitForResponse((r) => new URL(r.url()).pathname === "/__opsbook/state");
    release();
    const state = await (await caughtUp).json();
    assert.ok(!state.changed.includes(PAGE_URL + "index.html"), `not this page: ${JSON.stringify(state.changed)}`);
    assert.ok(state.changed.includes(OTHER_URL + "index.html"), `the other page: ${JSON.stringify(state.changed)}`);
    await page.waitForTimeout(500); // time enough for a reload to start, were there one
    assert.equal(loads, loadsBefore4, "no reload for builds that did not change the page");

    served = await reloadHeld();
    const missed = `Missed sentence ${process.pid}-${Date.now()}: the stream was late.`;
    fs.writeFileSync(source, `${original.trimEnd()}\n\n${missed}\n`);
    await waitUntil("the page's rebuild", async () => (await generation()) > served);
    loadsBefore4 = loads;
    release();
    await page.waitForFunction((s) => document.readyState === "complete" &&
      document.querySelector("main")?.innerText.includes(s), missed, { polling: 100 });
    assert.ok(loads > loadsBefore4, "the page reloaded for the build it missed");
    await page.unroute("**/__opsbook/events");

    assert.deepEqual(problems, [], "no console errors, page errors, failed requests or error statuses");
    await page.close();
  } catch (error) {
    t.diagnostic(`opsbook serve output (last 40 lines):\n${server.log.slice(-40).join("\n")}`);
    if (problems.length) t.diagnostic(`problems seen: ${problems.join("\n")}`);
    const open = [...pending].map((r) => r.url()).filter((u) => !u.endsWith("/__opsbook/events"));
    if (open.length) t.diagnostic(`requests never answered: ${open.join(" ")}`);
    throw error;
  } finally {
    await stopServer(server);
  }
});

// Every tab of the preview shares one event stream (a shared worker): a stream a tab held one
// of the six connections a browser opens to a server, and a seventh tab never loaded. Eight
// tabs load; an edit reloads the tab showing the page and no other.
test("eight preview tabs load, share one event stream, and the edited page's tab reloads", TEST, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-serve-tabs-"));
  fs.cpSync(path.join(REPO, "example-site"), dir, { recursive: true });
  const tabsServer = startServer(dir);
  const tabsBrowser = await launch(VIEWPORT);
  const problems = [];
  try {
    await tabsServer.ready;
    const urls = [PAGE_URL, OTHER_URL, "", "reviews/", "owners/", "tools/", "templates/", "releases/"];
    const pages = [];
    for (const url of urls) {
      const page = await tabsBrowser.context.newPage();
      watchProblems(page, problems, STEP);
      const opened = page.waitForResponse((r) => new URL(r.url()).pathname === "/__opsbook/state", { timeout: STEP });
      await page.goto(tabsServer.url + url, { timeout: STEP });
      await opened;
      page.loads = 0;
      page.on("load", () => { page.loads += 1; });
      pages.push(page);
    }
    const edited = `Shared stream sentence ${process.pid}-${Date.now()}.`;
    const source = path.join(dir, PAGE_SOURCE);
    fs.writeFileSync(source, `${fs.readFileSync(source, "utf8").trimEnd()}\n\n${edited}\n`);
    await pages[0].waitForFunction((s) => document.readyState === "complete" &&
      document.querySelector("main")?.innerText.includes(s), edited, { polling: 100, timeout: STEP });
    await pages[0].waitForTimeout(500);
    assert.deepEqual(pages.slice(1).map((p) => p.loads), [0, 0, 0, 0, 0, 0, 0], "only the edited page's tab reloaded");
    assert.deepEqual(problems, [], "no console errors, page errors, failed requests or error statuses");
  } catch (error) {
    t.diagnostic(`opsbook serve output (last 40 lines):\n${tabsServer.log.slice(-40).join("\n")}`);
    throw error;
  } finally {
    await tabsBrowser.close().catch(() => {});
    await stopServer(tabsServer);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// A page added in one folder leaves the pages of other folders as they were (their sidebar's
// file keeps its name; it named a new file every time, and every page with it): the tree's
// counts change under its name, which a new tab shows.
test("a page added elsewhere updates the sidebar's counts without renaming its file", TEST, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-serve-count-"));
  fs.cpSync(path.join(REPO, "example-site"), dir, { recursive: true });
  const countServer = startServer(dir);
  const countBrowser = await launch(VIEWPORT);
  const problems = [];
  try {
    await countServer.ready;
    const page = await countBrowser.context.newPage();
    watchProblems(page, problems, STEP);
    const processes = () => page.evaluate(() => {
      const link = [...document.querySelectorAll("#sidebar .nav-section > a")]
        .find((a) => a.querySelector("span")?.textContent === "Processes");
      return {
        tree: document.getElementById("sidebar").getAttribute("data-tree"),
        count: link ? Number(link.querySelector(".nav-count")?.textContent.replace(/\D/g, "")) : null,
      };
    });
    await page.goto(countServer.url + "tools/amplitude/", { timeout: STEP });
    await page.waitForSelector("#sidebar .nav-tree", { timeout: STEP });
    const before = await processes();
    assert.ok(before.count > 0, JSON.stringify(before));
    const built = countServer.log.length;
    fs.writeFileSync(path.join(dir, "content/processes/releases/added-page.md"),
      "---\ntitle: Added page\nowner: tom.okafor\nlast_reviewed: 2026-11-01\n---\nText.\n");
    await bounded((async () => {
      while (!countServer.log.slice(built).some((l) => /built \d+ pages?/.test(l))) await new Promise((r) => setTimeout(r, 100));
    })(), STEP, "the rebuild after a page was added");
    const tab = await countBrowser.context.newPage();
    watchProblems(tab, problems, STEP);
    await tab.goto(countServer.url + "tools/figma/", { timeout: STEP });
    await tab.waitForFunction((n) => {
      const link = [...document.querySelectorAll("#sidebar .nav-section > a")]
        .find((a) => a.querySelector("span")?.textContent === "Processes");
      return link && Number(link.querySelector(".nav-count").textContent.replace(/\D/g, "")) === n;
    }, before.count + 1, { timeout: STEP });
    const after = await tab.evaluate(() => document.getElementById("sidebar").getAttribute("data-tree"));
    assert.equal(after, before.tree, "the tools' pages link to the same file");
    assert.deepEqual(problems, []);
  } finally {
    await countBrowser.close().catch(() => {});
    await stopServer(countServer).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

// A tab opened while the first build runs (a minute on a big wiki) says the site is being
// built, and shows it by itself once it is: the server answered nothing until then. Needs a
// debug binary (OPSBOOK_TEST_FIRST_BUILD_DELAY_MS holds the build back); skipped otherwise.
test("a tab opened during the first build shows the site once it is built", TEST, async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-serve-first-"));
  fs.cpSync(path.join(REPO, "example-site"), dir, { recursive: true });
  let building;
  const early = new Promise((resolve) => { building = resolve; });
  const firstServer = startServer(dir, { OPSBOOK_TEST_FIRST_BUILD_DELAY_MS: "4000" });
  firstServer.onBuilding = (url) => building(url);
  const firstBrowser = await launch(VIEWPORT);
  const problems = [];
  try {
    const url = await bounded(early, STARTUP, "the line saying the site is being built");
    const page = await firstBrowser.context.newPage();
    // The 503 of the waiting page is what is meant here; other problems count.
    watchProblems(page, problems, STEP);
    await page.goto(url + PAGE_URL, { timeout: STEP });
    const first = await page.textContent("h1");
    // A release binary does not hold its first build back: nothing to see there. A debug one
    // (what ./test runs) must show the page.
    if (/[\\/]release[\\/]/.test(BIN) && first !== "Building the site…") {
      t.skip("the first build was not held back (a release binary)");
      return;
    }
    assert.equal(first, "Building the site…");
    await page.waitForFunction(() => document.querySelector("h1.doc-title")?.textContent === "Release train", null, { timeout: STARTUP });
    assert.deepEqual(problems.filter((p) => !/\b503\b/.test(p)), []);
  } finally {
    await firstBrowser.close().catch(() => {});
    await stopServer(firstServer).catch(() => {});
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
