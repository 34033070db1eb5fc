// A wiki written right to left (`language: ar`), in headless Chromium: built with OPSBOOK_BIN
// into a temporary folder and served from 127.0.0.1.
"use strict";

const { test, before, after, afterEach } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { watchProblems, builtSite, noProblems } = require("./chromium");

const BIN = process.env.OPSBOOK_BIN;
const STEP = 15_000;
const TEST = { timeout: 120_000 };

let site, server, browser;
const problems = [];

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), "set OPSBOOK_BIN to an opsbook binary (./test does)");
  site = await builtSite(BIN, "rtl", (write) => {
    write("opsbook.yaml", "title: ويكي العمليات\nlanguage: ar\n");
    write("owners.yaml", "owners:\n  sre:\n    name: فريق الموثوقية\n    kind: team\n");
    write("content/processes/incident.md",
      "---\ntitle: الاستجابة للحوادث\nowner: sre\nlast_reviewed: 2025-01-01\n---\n\n## الأدوار\n\nيقود قائد الحادث الاستجابة.\n\n```sh\nkubectl get pods\n```\n");
    write("content/processes/paging.md",
      "---\ntitle: \"PagerDuty: دليل الاستخدام\"\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\nاستدعاء الفريق عند الحادث.\n");
    write("content/processes/quote.md",
      "---\ntitle: تنبيه\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\n> [!WARNING]\n> لا تعيد التشغيل يوم الجمعة.\n\n> اقتباس.\n");
    write("content/processes/zz.md", "---\ntitle: بعد ذلك\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\nالصفحة التالية.\n");
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

// The page follows the site's direction, its theme's English banner first or not (an overdue
// page computed left to right), and its code reads left to right.
test("an overdue page of a right-to-left wiki reads right to left, its code left to right", TEST, async () => {
  const p = await open("processes/incident/");
  const directions = await p.evaluate(() => ({
    title: getComputedStyle(document.querySelector(".doc-title")).direction,
    prose: getComputedStyle(document.querySelector(".prose")).direction,
    code: getComputedStyle(document.querySelector(".prose pre")).direction,
    banner: !!document.querySelector(".banner"),
  }));
  assert.deepEqual(directions, { title: "rtl", prose: "rtl", code: "ltr", banner: true });
  // The pager's arrows point where their pages are: the previous one at the right.
  const [prev, next] = await Promise.all([".pager-prev", ".pager-next"].map((s) => p.locator(s).boundingBox()));
  assert.ok(prev.x > next.x, `previous at ${prev.x}, next at ${next.x}`);
  assert.match(await p.locator(".pager-prev .pager-dir").textContent(), /^→/);
  assert.match(await p.locator(".pager-next .pager-dir").textContent(), /←$/);
  await p.close();
});

// The header's tools are at its left end, and its search box grows and opens to the right,
// into the page: the tools were pushed against the site's name, and the box grew off the
// screen (the panel from x = -461 px, and the page scrolled sideways).
test("the header's search grows and opens into the page, not off it", TEST, async () => {
  const p = await open("processes/paging/");
  await p.keyboard.press("/");
  await p.keyboard.type("الحادث");
  const panel = p.locator(".search-panel");
  await panel.locator(".search-hit").first().waitFor({ timeout: STEP });
  const boxes = await p.evaluate(() => {
    const rect = (s) => { const r = document.querySelector(s).getBoundingClientRect(); return [Math.round(r.left), Math.round(r.right)]; };
    return {
      title: rect(".site-title"), tools: rect(".header-tools"), input: rect(".search-input"), panel: rect(".search-panel"),
      width: innerWidth, scroll: document.documentElement.scrollWidth,
    };
  });
  // The header reads right to left: the site's name at its right end, the tools at its left.
  assert.ok(boxes.title[1] > boxes.width * 0.9 && boxes.tools[0] < boxes.width * 0.1, JSON.stringify(boxes));
  assert.ok(boxes.input[0] >= 0 && boxes.input[1] <= boxes.width, JSON.stringify(boxes));
  assert.ok(boxes.panel[0] >= 0 && boxes.panel[1] <= boxes.width, JSON.stringify(boxes));
  assert.ok(boxes.scroll <= boxes.width, JSON.stringify(boxes));
  await p.close();
});

// On a phone the menu's drawer comes in from the right, under the Menu button (it came in
// from the left), and the open search box's magnifier is at the box's start, clear of Cancel
// (it was drawn over it: "QCancel").
test("on a phone the drawer comes from the right and the search's magnifier clears Cancel", TEST, async () => {
  const p = await open("processes/paging/");
  await p.setViewportSize({ width: 390, height: 844 });
  await p.locator(".menu-button").click();
  await p.locator(".sidebar [aria-current='page']").waitFor();
  await p.waitForTimeout(300); // the drawer's slide
  const drawer = await p.locator(".sidebar").boundingBox();
  assert.ok(Math.round(drawer.x + drawer.width) >= 389 && drawer.x > 20, JSON.stringify(drawer));
  await p.keyboard.press("Escape");
  await p.locator(".search-open").click();
  await p.locator(".search-close").waitFor();
  const [icon, cancel] = await Promise.all([p.locator(".search-icon").boundingBox(), p.locator(".search-close").boundingBox()]);
  const apart = icon.x >= cancel.x + cancel.width || icon.x + icon.width <= cancel.x;
  assert.ok(apart, `magnifier ${JSON.stringify(icon)} over Cancel ${JSON.stringify(cancel)}`);
  await p.close();
});

// A callout's bar and a quote's rule are at the text's start, the right (they stayed at the
// left, away from where the lines begin).
test("a callout's bar and a quote's rule are on the right, where its lines begin", TEST, async () => {
  const p = await open("processes/quote/");
  const borders = await p.evaluate(() => [".callout", ".prose blockquote"].map((s) => {
    const style = getComputedStyle(document.querySelector(s));
    return [parseFloat(style.borderRightWidth), parseFloat(style.borderLeftWidth)];
  }));
  assert.deepEqual(borders, [[4, 0], [4, 0]]);
  await p.close();
});

// The wiki's language is the theme's: the words written at build time (the search box) and
// those the scripts write in the browser (the copy button, the overdue banner's days counted
// by Arabic's plural forms, the search panel's answer) are Arabic, not English.
test("the theme's words are the wiki's language, the scripts' too", TEST, async () => {
  const p = await open("processes/incident/");
  const words = await p.evaluate(() => ({
    lang: document.documentElement.lang,
    placeholder: document.querySelector(".search-input").placeholder,
    copy: document.querySelector(".copy-button, .prose pre button")?.textContent,
    banner: document.querySelector(".banner-overdue .banner-title")?.textContent,
    days: document.querySelector(".banner-overdue [data-review-days]")?.textContent,
  }));
  assert.equal(words.lang, "ar");
  assert.equal(words.placeholder, "بحث");
  assert.equal(words.copy, "نسخ");
  assert.match(words.banner, /^مراجعة هذه الصفحة متأخرة.*بمقدار/, words.banner);
  // Made by the script from today's date: an Arabic count (as of 2026, a few hundred days).
  assert.match(words.days, /^\d+ (يوم|يومًا|أيام)$/, words.days);
  await p.keyboard.press("/");
  await p.keyboard.type("zzqqxx");
  await p.waitForFunction(() => /لا نتائج عن «zzqqxx»/.test(document.querySelector(".search-panel")?.textContent || ""), null, { timeout: STEP });
  assert.doesNotMatch(await p.locator(".search-panel").textContent(), /No results|results/);
  await p.close();
});
