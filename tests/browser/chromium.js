// What the browser tests share: Debian's Chromium launched headless in a fresh profile, and
// the page events that count as problems (console errors and warnings, page errors, failed
// requests, dialogs).
"use strict";

const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");

const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";

// Launches Chromium with a new profile folder. Resolves to {context, close}; close() also
// removes the profile.
async function launch(viewport) {
  const userDir = fs.mkdtempSync(path.join(os.tmpdir(), "opsbook-chromium-"));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDir, {
      executablePath: CHROMIUM,
      headless: true,
      timeout: 30_000,
      viewport,
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

module.exports = { launch, watchProblems };
