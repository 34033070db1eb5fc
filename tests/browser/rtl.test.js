// Wikis written right to left (`language: ar`, and a few pages in `language: he`), in headless
// Chromium: built with OPSBOOK_BIN into a temporary folder and served from 127.0.0.1.
"use strict";

const { test, before, after, afterEach } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const { watchProblems, builtSite, noProblems } = require("./chromium");

const BIN = process.env.OPSBOOK_BIN;
const STEP = 15_000;
const TEST = { timeout: 120_000 };

let site, server, browser, heSite;
const problems = [];

before(async () => {
  assert.ok(BIN && fs.existsSync(BIN), "set OPSBOOK_BIN to an opsbook binary (./test does)");
  site = await builtSite(BIN, "rtl", (write) => {
    write("opsbook.yaml", "title: ويكي العمليات\nlanguage: ar\n");
    write("owners.yaml", [
      "owners:",
      "  sre:\n    name: فريق الموثوقية\n    kind: team\n    slack: \"#release-eng\"",
      "  p1:\n    name: سارة\n    kind: person\n    slack: \"@p1\"",
      // A Hebrew channel: its "#" is at its start, the right, whatever the page's direction.
      "  dana:\n    name: دانة\n    kind: person\n    slack: \"#צוות-שחרור\"",
    ].join("\n") + "\n");
    write("content/processes/incident.md",
      "---\ntitle: الاستجابة للحوادث\nowner: sre\nlast_reviewed: 2025-01-01\n---\n\n## الأدوار\n\nيقود قائد الحادث الاستجابة.\n\n```sh\nkubectl get pods\n```\n\n## التصعيد\n\nنص.\n\n### الإغلاق\n\nنص.\n");
    write("content/processes/contacts.md",
      "---\ntitle: جهات الاتصال\nowner: [sre, p1, dana]\nlast_reviewed: 2026-11-01\n---\n\nمن نسأل.\n");
    write("content/tools/amplitude.md",
      "---\ntitle: أمبليتيود\nowner: sre\nlast_reviewed: 2026-11-01\ntool: Amplitude\nvendor: Amplitude, Inc.\naccess: اطلب عبر Okta.\n---\n\nالتحليلات.\n");
    write("content/templates/postmortem.md",
      "---\ntitle: تقرير ما بعد الحادث\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\n**الحادث:** {عنوان}\n");
    write("content/processes/paging.md",
      "---\ntitle: \"PagerDuty: دليل الاستخدام\"\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\nاستدعاء الفريق عند الحادث.\n");
    write("content/processes/quote.md",
      "---\ntitle: تنبيه\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\n> [!WARNING]\n> لا تعيد التشغيل يوم الجمعة.\n\n> اقتباس.\n\n- أولًا\n- ثانيًا\n");
    write("content/processes/zz.md", "---\ntitle: بعد ذلك\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\nالصفحة التالية.\n");
  }, { width: 1280, height: 800 });
  server = site.server;
  browser = site.browser;
  // Hebrew, whose letters the bidi algorithm treats unlike Arabic's: a few pages to search.
  heSite = await builtSite(BIN, "rtl-he", (write) => {
    write("opsbook.yaml", "title: ויקי תפעול\nlanguage: he\n");
    write("owners.yaml", "owners:\n  sre:\n    name: צוות אמינות\n    kind: team\n");
    write("content/processes/incident.md", "---\ntitle: טיפול בתקלה\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\nמפקד התקלה מוביל.\n");
    write("content/processes/paging.md", "---\ntitle: הזנקה\nowner: sre\nlast_reviewed: 2026-11-01\n---\n\nהזנקת הצוות בעת תקלה.\n");
  }, { width: 390, height: 844 });
});

after(async () => {
  if (site) await site.close();
  if (heSite) await heSite.close();
});

afterEach(() => {
  noProblems(problems, server);
  if (heSite) noProblems(problems, heSite.server);
});

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

// How the reader sees each ISO date in `selectors` of the page: its year, month and day in
// the order they show from left to right ("2026-11-22" as written, "22-11-2026" reversed).
function datesShown(p, selectors) {
  return p.evaluate((selectors) => selectors.map((s) => {
    const el = document.querySelector(s);
    if (!el) return `${s}: none`;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      const m = /\d{4}-\d{2}-\d{2}/.exec(node.textContent);
      if (!m) continue;
      const parts = [[0, 4], [5, 7], [8, 10]].map(([from, to]) => {
        const range = document.createRange();
        range.setStart(node, m.index + from);
        range.setEnd(node, m.index + to);
        return { text: range.toString(), left: range.getClientRects()[0].left };
      });
      return `${s}: ${parts.sort((a, b) => a.left - b.left).map((x) => x.text).join("-")}`;
    }
    return `${s}: no date`;
  }), selectors);
}

// Hebrew and Arabic join "the", "and", "in" to the word's front: a search for the word found
// only the pages with it standing alone (תקלה found neither בתקלה nor התקלה).
test("a Hebrew or Arabic word finds its pages whatever prefix it has there, marked", TEST, async () => {
  for (const [s, word, expected, marked] of [
    [heSite, "תקלה", ["הזנקה", "טיפול בתקלה"], "בתקלה"],
    [site, "حادث", ["الاستجابة للحوادث", "PagerDuty: دليل الاستخدام", "تقرير ما بعد الحادث"], "الحادث"],
  ]) {
    const p = watchProblems(await s.browser.context.newPage(), problems, STEP);
    await p.goto(s.server.url);
    await p.keyboard.press("/");
    await p.keyboard.type(word);
    await p.waitForFunction((n) => document.querySelectorAll("#site-search-listbox [role=option]").length >= n, expected.length, { timeout: STEP });
    const titles = await p.locator("#site-search-listbox [role=option] .search-hit-title").allTextContents();
    assert.deepEqual([...titles].sort(), [...expected].sort(), word);
    const marks = await p.locator("#site-search-listbox mark").allTextContents();
    assert.ok(marks.includes(marked), `${word}: ${marks}`);
    await p.close();
  }
});

// In Arabic the bidi algorithm reads a date's digits after Arabic words as Arabic numbers, which
// a hyphen does not join: every ISO date showed reversed, "2026-11-22" as "22-11-2026" (the
// templates' <time>s, the script's, and the site footer's and dashboard's plain text).
test("Arabic pages show ISO dates year-month-day, as written", TEST, async () => {
  const p = await open("processes/incident/");
  const pages = {
    "processes/incident/": [".banner time", ".doc-source time", ".site-footer p"],
    "reviews/": [".lead", ".page-table .pt-review time", ".site-footer p"],
    "": [".pt-reviewed time", ".site-footer p"],
  };
  for (const [url, selectors] of Object.entries(pages)) {
    await p.goto(server.url + url);
    // The note opsbook.js adds under the counts once the build is a day old (by the clock).
    const note = await p.locator(".stats-as-of time").count() ? [".stats-as-of time"] : [];
    const shown = await datesShown(p, selectors.concat(note));
    const written = await p.evaluate((selectors) => selectors.map((s) => `${s}: ${/\d{4}-\d{2}-\d{2}/.exec(document.querySelector(s)?.textContent)?.[0]}`), selectors.concat(note));
    assert.deepEqual(shown, written, url || "home");
  }
  await p.close();
});

// On a phone the header's search panel covers the screen below the header, as left to right:
// right to left it was as wide as its results, from x = 0 (0-303 of a Hebrew 390 px phone;
// Arabic's results here are wide enough to fill a 320 px one).
test("on a phone the header's search panel covers the screen, Arabic and Hebrew", TEST, async () => {
  for (const [s, word, widths] of [[site, "الحادث", [390]], [heSite, "הזנקה", [390, 320]]]) {
    for (const width of widths) {
      const p = watchProblems(await s.browser.context.newPage(), problems, STEP);
      await p.setViewportSize({ width, height: 844 });
      await p.goto(s.server.url);
      await p.keyboard.press("/");
      await p.keyboard.type(word);
      await p.locator(".search-panel .search-hit").first().waitFor();
      const panel = await p.evaluate(() => {
        const r = document.querySelector(".search-panel").getBoundingClientRect();
        return [document.documentElement.lang, Math.round(r.left), Math.round(r.right)];
      });
      assert.deepEqual(panel.slice(1), [0, width], `${panel[0]} at ${width} px`);
      await p.close();
    }
  }
});

// The results page's magnifier is inside its box, at the box's start (the right), clear of the
// Search button at its left (it was drawn over the button's label).
test("the search page's magnifier is at its box's start, clear of the Search button", TEST, async () => {
  const p = await open("search/?q=" + encodeURIComponent("الحادث"));
  for (const width of [1280, 390]) {
    await p.setViewportSize({ width, height: 800 });
    const [icon, input, button] = await Promise.all([".search-page-form .search-icon", ".search-page-input", ".search-page-form .button"]
      .map((s) => p.locator(s).boundingBox()));
    const boxes = JSON.stringify({ width, icon, input, button });
    assert.ok(icon.x + icon.width <= button.x || icon.x >= button.x + button.width, `over the button: ${boxes}`);
    assert.ok(icon.x >= input.x + input.width / 2 && icon.x + icon.width <= input.x + input.width, `not at the box's start: ${boxes}`);
  }
  await p.close();
});

// A listing's column headings line up with their cells, at the right (they stayed at the
// left, over right-aligned cells): the right ends of each heading's text and of its column's
// first cell's content.
test("listing tables' headings line up with their cells, at the right", TEST, async () => {
  const p = await open("reviews/");
  for (const url of ["reviews/", "owners/sre/", "kinds/process/", ""]) {
    await p.goto(server.url + url);
    const columns = await p.evaluate(() => {
      const table = document.querySelector(".page-table");
      const right = (el) => { const r = document.createRange(); r.selectNodeContents(el); return Math.round(r.getBoundingClientRect().right); };
      const cells = [...table.querySelector("tbody tr").cells];
      return [...table.tHead.rows[0].cells].map((th, i) => `${th.textContent}: heading ${right(th)}, cells ${right(cells[i])}`);
    });
    const lined = columns.map((c) => c.replace(/heading (\d+), cells (\d+)/, (m, a, b) => (Math.abs(a - b) <= 1 ? "lined up" : m)));
    assert.deepEqual(lined, columns.map((c) => c.replace(/:.*/, ": lined up")), url || "home");
  }
  await p.close();
});

// An owner's Slack handle reads as written: right to left "@p1" showed as "p1@" and
// "#release-eng" as "release-eng#". A Hebrew channel's "#" is at its start, the right, on a
// left-to-right page too (the page switched to ltr, as an English wiki's).
test("owners' Slack handles read as written, in either direction", TEST, async () => {
  const p = await open("processes/contacts/");
  const sigils = () => p.evaluate(() => Object.fromEntries([...document.querySelectorAll(".owner-contact")].map((el) => {
    const node = el.firstChild;
    const range = (from, to) => { const r = document.createRange(); r.setStart(node, from); r.setEnd(node, to); return r.getBoundingClientRect(); };
    const sigil = range(0, 1), rest = range(1, node.textContent.length);
    return [node.textContent, sigil.left < rest.left ? "left" : "right"];
  })));
  const expected = { "@p1": "left", "#release-eng": "left", "#צוות-שחרור": "right" };
  assert.deepEqual(await sigils(), expected);
  await p.evaluate(() => { document.documentElement.dir = "ltr"; document.documentElement.lang = "en"; });
  assert.deepEqual(await sigils(), expected, "left to right");
  await p.close();
});

// The overdue banner's stripe, the template box's stripe and the contents' rail are at the
// text's start, the right (they stayed at the left); on a phone the banner's icon is at the
// right too, where its text begins.
test("the banner's and template box's stripes and the contents' rail are on the right", TEST, async () => {
  const p = await open("processes/incident/");
  const borders = (selectors) => p.evaluate((selectors) => selectors.map((s) => {
    const style = getComputedStyle(document.querySelector(s));
    return `${s}: right ${parseFloat(style.borderRightWidth)}, left ${parseFloat(style.borderLeftWidth)}`;
  }), selectors);
  assert.deepEqual(await borders([".banner", ".toc ul"]), [".banner: right 5, left 1", ".toc ul: right 1, left 0"]);
  await p.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await borders([".banner"]), [".banner: right 4, left 1"]);
  const [banner, icon] = await Promise.all([".banner", ".banner-icon"].map((s) => p.locator(s).boundingBox()));
  assert.ok(icon.x > banner.x + banner.width - 40, `icon ${JSON.stringify(icon)} in banner ${JSON.stringify(banner)}`);
  await p.goto(server.url + "templates/postmortem/");
  await p.setViewportSize({ width: 1280, height: 800 });
  assert.deepEqual(await borders([".template-use"]), [".template-use: right 4, left 1"]);
  await p.close();
});

// A Latin field value keeps its punctuation in place: right to left "Amplitude, Inc." showed
// as ".Amplitude, Inc" (the tech stack's vendor, a tool page's fields). In the table it stays
// at its cell's right, with the column.
test("Latin field values read as written, at the right of their cells", TEST, async () => {
  const p = await open("tech-stack/");
  const shown = (s) => p.evaluate((s) => [...document.querySelectorAll(s)].filter((el) => /Inc\./.test(el.textContent)).map((el) => {
    const node = [...el.childNodes].find((n) => /Inc\./.test(n.textContent));
    const at = node.textContent.indexOf("Inc.");
    const range = (from, to) => { const r = document.createRange(); r.setStart(node, from); r.setEnd(node, to); return r.getBoundingClientRect(); };
    const text = document.createRange();
    text.selectNodeContents(el);
    const box = el.getBoundingClientRect();
    return {
      period: range(at + 3, at + 4).left >= range(at, at + 3).right - 1 ? "after Inc" : "before",
      side: text.getBoundingClientRect().right >= box.right - parseFloat(getComputedStyle(el).paddingRight) - 1 ? "right" : "left",
    };
  }), s);
  assert.deepEqual(await shown(".stack-table .st-vendor"), [{ period: "after Inc", side: "right" }]);
  await p.goto(server.url + "tools/amplitude/");
  assert.deepEqual((await shown(".extra dd")).map((x) => x.period), ["after Inc"]);
  await p.close();
});

// What was left on the left: a list's markers (outside the text's box, past its right edge),
// the owner chip's padding (snug at the avatar, roomy at the name's end: the left), the
// tree's rail and indent, the header's rule before the site's own pages, and the active
// search option's stripe: each mirrors left to right's.
test("lists, owner chips, the tree, the header's pages and the active search option mirror left to right", TEST, async () => {
  const p = await open("processes/quote/");
  await p.locator(".nav-tree ul").first().waitFor({ state: "attached" });
  // Each property's right and left sides, in pixels (rem is 16 px).
  const sides = (list) => p.evaluate((list) => list.map(([s, prop]) => {
    const style = getComputedStyle(document.querySelector(s));
    const px = (side) => Math.round(parseFloat(style[prop.replace("*", side)]) * 10) / 10;
    return `${s} ${prop}: right ${px("Right")}, left ${px("Left")}`;
  }), list);
  assert.deepEqual(await sides([[".prose ul", "padding*"], [".owner-chip", "padding*"], [".nav-tree ul", "border*Width"],
    [".nav-tree ul", "padding*"], [".nav-tree ul", "margin*"], [".kind-nav-extra", "border*Width"], [".kind-nav-extra", "padding*"]]), [
    ".prose ul padding*: right 25.6, left 0",
    ".owner-chip padding*: right 3.2, left 11.2",
    ".nav-tree ul border*Width: right 1, left 0",
    ".nav-tree ul padding*: right 8, left 0",
    ".nav-tree ul margin*: right 13.6, left 0",
    ".kind-nav-extra border*Width: right 1, left 0",
    ".kind-nav-extra padding*: right 8, left 0",
  ]);
  // In a phone's drawer the tree indents less, at the right too.
  await p.setViewportSize({ width: 390, height: 844 });
  assert.deepEqual(await sides([[".nav-tree ul", "padding*"], [".nav-tree ul", "margin*"]]),
    [".nav-tree ul padding*: right 4.8, left 0", ".nav-tree ul margin*: right 8, left 0"]);
  await p.setViewportSize({ width: 1280, height: 800 });
  await p.keyboard.press("/");
  await p.keyboard.type("الحادث");
  await p.locator(".search-panel .search-hit").first().waitFor();
  await p.keyboard.press("ArrowDown");
  const stripe = await p.locator(".search-option.is-active").evaluate((li) => getComputedStyle(li).boxShadow);
  assert.match(stripe, / -3px 0px 0px 0px inset$/, "the stripe is at the option's right");
  await p.close();
});
