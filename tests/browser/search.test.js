// Browser tests of the default theme's search, in headless Chromium (Debian's package) driven
// by playwright-core. They build nothing: OPSBOOK_SITE names a site built from example-site
// with --today 2026-11-22 (./test does that), served here from 127.0.0.1 at / and at /wiki/.
"use strict";

const { test, before, after, afterEach } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { launch, watchProblems, serveStatic: serve, siteTitle } = require("./chromium");

const SITE = process.env.OPSBOOK_SITE ? path.resolve(process.env.OPSBOOK_SITE) : "";
const STEP = 10_000; // any single wait
const TEST = { timeout: 90_000 };

let browser, context, root, wiki;
const problems = []; // console errors, page errors, failed or outside requests, dialogs

function watch(page) {
  // A fetch still in flight when a result opens is cancelled by the navigation: not an error.
  watchProblems(page, problems, STEP);
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.protocol !== "data:" && u.hostname !== "127.0.0.1") problems.push(`outside request: ${r.url()}`);
  });
  return page;
}

async function newPage(viewport) {
  const page = watch(await context.newPage());
  if (viewport) await page.setViewportSize(viewport);
  return page;
}

const options = (page) => page.locator("#site-search-listbox [role=option]");
const firstTitle = (page) => options(page).first().locator(".search-hit-title");

async function typeQuery(page, text) {
  await page.keyboard.type(text, { delay: 15 });
}

before(async () => {
  assert.ok(SITE, "set OPSBOOK_SITE to a built example site (./test does)");
  assert.ok(fs.existsSync(path.join(SITE, "search", "manifest.json")), `no search index in ${SITE}`);
  root = await serve(SITE, "/");
  wiki = await serve(SITE, "/wiki/");
  browser = await launch({ width: 1280, height: 900 });
  context = browser.context;
});

after(async () => {
  if (browser) await browser.close();
  if (root) await root.close();
  if (wiki) await wiki.close();
});

afterEach(() => {
  const found = problems.splice(0).concat(root.misses.splice(0), wiki.misses.splice(0).map((m) => `404: ${m}`));
  assert.deepEqual(found, [], "no console errors, page errors, failed, missing or outside requests");
});

test("the header box: / focuses it, a query lists the expected page, arrows move, Enter opens it", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url);
  const input = page.locator("#site-search-input");
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  assert.equal(await input.inputValue(), "", "the / is not typed into the box");
  await typeQuery(page, "incident severity");
  await page.waitForFunction(() => {
    const t = document.querySelector("#site-search-listbox [role=option] .search-hit-title");
    return t && t.textContent === "Incident severity levels";
  });
  assert.equal(await input.getAttribute("aria-expanded"), "true");
  assert.equal(await input.getAttribute("role"), "combobox");
  assert.equal(await input.getAttribute("aria-controls"), "site-search-listbox");
  const count = await options(page).count();
  assert.ok(count > 1 && count <= 8, `2 to 8 options, got ${count}`);
  // Each option is its result's link, holding nothing interactive (ARIA: an option may not).
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll("#site-search-listbox [role=option]")]
    .map((o) => o.tagName + o.querySelectorAll("a, button, input, [tabindex]").length)), Array(count).fill("A0"));
  assert.equal(await page.locator("#site-search-listbox > :not([role=none])").count(), 0);
  assert.deepEqual(await firstTitle(page).locator("mark").allTextContents(), ["Incident", "severity"]);
  assert.match(await page.locator(".search-status").textContent(), /^\d+ results?$/);

  // Arrow keys: none active → first → second → first.
  assert.equal(await input.getAttribute("aria-activedescendant"), null);
  await page.keyboard.press("ArrowDown");
  const first = await options(page).nth(0).getAttribute("id");
  assert.equal(await input.getAttribute("aria-activedescendant"), first);
  assert.equal(await options(page).nth(0).getAttribute("aria-selected"), "true");
  await page.keyboard.press("ArrowDown");
  assert.equal(await input.getAttribute("aria-activedescendant"), await options(page).nth(1).getAttribute("id"));
  assert.equal(await options(page).nth(0).getAttribute("aria-selected"), "false");
  await page.keyboard.press("ArrowUp");
  assert.equal(await input.getAttribute("aria-activedescendant"), first);
  const href = await options(page).nth(0).evaluate((a) => a.href);
  assert.equal(new URL(href).pathname, "/processes/incidents/incident-severity-levels/");
  await Promise.all([page.waitForURL(href), page.keyboard.press("Enter")]);
  assert.equal(await page.locator("h1").first().textContent().then((t) => t.trim()), "Incident severity levels");

  // Esc closes the list, a second Esc clears the box.
  await page.keyboard.press("Control+k");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  await typeQuery(page, "rollback");
  await page.waitForFunction(() => document.querySelector("#site-search-listbox [role=option]"));
  await page.keyboard.press("Escape");
  assert.equal(await input.getAttribute("aria-expanded"), "false");
  assert.equal(await page.locator(".search-panel").isHidden(), true);
  await page.keyboard.press("Escape");
  assert.equal(await input.inputValue(), "");
  await page.close();
});

// Typed key by key, each pause of the keys ran the query of the letters so far and fetched
// the records of its results: nine records files for "incident escalation" at 100 ms a key,
// where pasted it needs four.
test("typed key by key, the header box fetches the records of the query typed, not of every prefix on the way", TEST, async () => {
  const QUERY = "incident escalation";
  const fetched = async (enter) => {
    const page = await newPage();
    await page.goto(root.url + "tools/");
    const files = [];
    page.on("request", (r) => {
      const p = new URL(r.url()).pathname;
      if (p.startsWith("/search/") && !p.endsWith("manifest.json")) files.push(p);
    });
    await page.keyboard.press("/");
    await enter(page);
    await page.waitForFunction((q) => document.querySelector("#site-search-listbox").getAttribute("data-query") === q
      && document.querySelector("#site-search-listbox [role=option] .search-hit-title"), QUERY);
    const title = await firstTitle(page).textContent();
    await page.waitForTimeout(500); // what a stale query had under way comes in
    await page.close();
    return { title, records: files.filter((f) => f.startsWith("/search/doc/")), all: files };
  };
  const pasted = await fetched((page) => page.keyboard.insertText(QUERY));
  const typed = await fetched((page) => page.keyboard.type(QUERY, { delay: 100 }));
  assert.equal(typed.title, pasted.title, "the same first result");
  assert.ok(pasted.records.length >= 1);
  assert.ok(typed.records.length <= pasted.records.length + 1,
    `typed: ${typed.records.length} records files (${typed.records.join(" ")}), pasted: ${pasted.records.length}`);
  // The index's own files (term chunks, word lists, titles) of the words on the way are few.
  assert.ok(typed.all.length < 2 * pasted.all.length, `typed: ${typed.all.join(" ")}; pasted: ${pasted.all.join(" ")}`);
});

test("a result deep-links to the heading that matched", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url + "tools/");
  await page.keyboard.press("/");
  await typeQuery(page, "rollback");
  // The results of the whole word, not of a prefix typed on the way (`roll` matches the
  // same page's "Rollout stages").
  await page.waitForFunction(() => {
    const list = document.querySelector("#site-search-listbox");
    const t = list.querySelector("[role=option] .search-hit-title");
    return list.getAttribute("data-query") === "rollback" && t && t.textContent === "Feature flag rollout";
  });
  assert.equal(await options(page).first().locator(".search-hit-heading").textContent(), "Rollback");
  await page.keyboard.press("ArrowDown");
  await Promise.all([page.waitForURL(/\/processes\/releases\/feature-flag-rollout\/#rollback$/), page.keyboard.press("Enter")]);
  assert.ok(await page.evaluate(() => !!document.getElementById("rollback")), "the anchor exists on the page");
  await page.close();
});

test("a page whose title holds every word of the query opens at its top; a result names its folders", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url + "tools/");
  await page.keyboard.press("/");
  await typeQuery(page, "feature flag rollout");
  await page.waitForFunction(() => {
    const list = document.querySelector("#site-search-listbox");
    const t = list.querySelector("[role=option] .search-hit-title");
    return list.getAttribute("data-query") === "feature flag rollout" && t && t.textContent === "Feature flag rollout";
  });
  assert.equal(await options(page).first().locator(".search-hit-path").textContent(), "Processes \u203a Releases");
  await page.keyboard.press("ArrowDown");
  // It opened at "Rollback", far down the page, past its title and review.
  await Promise.all([page.waitForURL(/\/processes\/releases\/feature-flag-rollout\/$/), page.keyboard.press("Enter")]);
  await page.close();
});

test("a word far into a section is shown, marked, in the result's excerpt", TEST, async () => {
  // "sandbagging" ends the Common mistakes section's last list item, about 280 characters in.
  const page = await newPage();
  await page.goto(root.url);
  await page.keyboard.press("/");
  await typeQuery(page, "sandbagging");
  await page.waitForFunction(() => {
    const list = document.querySelector("#site-search-listbox");
    const t = list.querySelector("[role=option] .search-hit-title");
    return list.getAttribute("data-query") === "sandbagging" && t && t.textContent === "Quarterly OKR review";
  });
  const first = options(page).first();
  assert.equal(await first.locator(".search-hit-heading").textContent(), "Common mistakes");
  assert.equal(await first.locator(".search-hit-excerpt mark").textContent(), "sandbagging");
  // The excerpt starts near the word (an ellipsis in place of what comes before), so the two
  // lines the box shows hold it.
  const shown = await first.locator(".search-hit-excerpt").evaluate((e) => {
    const box = e.getBoundingClientRect(), mark = e.querySelector("mark").getBoundingClientRect();
    return { text: e.textContent.slice(e.firstChild.textContent.length), inside: mark.bottom <= box.bottom + 1 && mark.height > 0 };
  });
  assert.ok(shown.text.startsWith("…"), shown.text);
  assert.ok(shown.inside, "the word is within the lines the excerpt shows");
  await page.close();
});

test("the results page: Enter with nothing selected opens it; filter by owner; arrows and Enter", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url);
  await page.keyboard.press("/");
  await typeQuery(page, "incident");
  await page.waitForFunction(() => document.querySelector("#site-search-listbox [role=option]"));
  await Promise.all([page.waitForURL(root.url + "search/?q=incident"), page.keyboard.press("Enter")]);

  const summary = page.locator(".search-summary");
  await page.waitForFunction(() => /results? for/.test(document.querySelector(".search-summary")?.textContent || ""));
  const all = Number((await summary.textContent()).match(/^(\d+)/)[1]);
  const results = page.locator(".search-results-list .search-result");
  assert.equal(await results.count(), Math.min(all, 20), "the first 20 results are shown");
  assert.equal(await page.locator("#search-page-input").inputValue(), "incident");
  // The focus came along, into this page's box: the arrow keys go on into the results.
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-page-input");
  const before = await results.locator(".search-hit-title").allTextContents();

  // Every facet is there with counts; the kinds' counts add up to the results.
  const legends = await page.locator(".search-facet legend").allTextContents();
  for (const name of ["Kind", "Review", "Owner"]) assert.ok(legends.includes(name), `a ${name} filter`);
  const kindCounts = await page.locator(".search-facet:has(legend:text-is('Kind')) .search-facet-count").allTextContents();
  assert.equal(kindCounts.reduce((s, n) => s + Number(n), 0), all);

  // Long facets show their first six values and a button for the rest.
  const ownerFacet = page.locator(".search-facet:has(legend:text-is('Owner'))");
  const showAll = ownerFacet.locator(".search-facet-more");
  if (await showAll.count()) {
    const n = Number((await showAll.textContent()).match(/(\d+)/)[1]);
    assert.equal(await ownerFacet.locator("li:visible").count(), 6);
    await showAll.click();
    assert.equal(await ownerFacet.locator("li:visible").count(), n);
  }

  // Narrow by owner: the count announced is the count we get, and every result is theirs.
  const kenji = page.locator(".search-facet label", { hasText: "Kenji Watanabe" });
  const expected = Number(await kenji.locator(".search-facet-count").textContent());
  assert.ok(expected > 0 && expected < all, `Kenji owns some but not all: ${expected} of ${all}`);
  await kenji.locator("input").check();
  await page.waitForFunction((n) => document.querySelector(".search-summary").textContent.startsWith(`${n} result`), expected);
  await page.waitForFunction((n) => document.querySelectorAll(".search-results-list .search-result").length === n, expected);
  const owners = await results.locator(".search-hit-owners").allTextContents();
  assert.equal(owners.length, expected);
  for (const o of owners) assert.match(o, /Kenji Watanabe/);
  const after = await results.locator(".search-hit-title").allTextContents();
  assert.notDeepEqual(after, before);
  assert.ok(after.every((t) => before.includes(t) || all > 20), "narrowing only removes results");
  const kindAfter = await page.locator(".search-facet:has(legend:text-is('Kind')) .search-facet-count").allTextContents();
  assert.equal(kindAfter.reduce((s, n) => s + Number(n), 0), expected, "the other facets' counts follow");
  assert.match(page.url(), /[?&]owner=kenji\.watanabe(&|$)/);

  // The URL is a bookmark: reloading it restores the query and the filter.
  await page.reload();
  await page.waitForFunction((n) => document.querySelectorAll(".search-results-list .search-result").length === n, expected);
  assert.equal(await page.locator(".search-facet label", { hasText: "Kenji Watanabe" }).locator("input").isChecked(), true);

  // ArrowDown walks from the box into the results; Enter opens the focused one.
  await page.locator("#search-page-input").focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const focused = await page.evaluate(() => document.activeElement.href);
  assert.equal(focused, await results.nth(1).locator("a").evaluate((a) => a.href));
  await Promise.all([page.waitForURL(focused), page.keyboard.press("Enter")]);
  await page.close();
});

test("the results page updates as you type, and Show more loads the next results", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url + "search/");
  await page.waitForFunction(() => /^Search \d+ pages/.test(document.querySelector(".search-summary")?.textContent || ""));
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-page-input");
  await typeQuery(page, "the");
  await page.waitForFunction(() => document.querySelectorAll(".search-results-list .search-result").length === 20);
  assert.match(page.url(), /\/search\/\?q=the$/);
  const total = Number((await page.locator(".search-summary").textContent()).match(/^(\d+)/)[1]);
  assert.ok(total > 20);
  await page.locator(".search-more").click();
  await page.waitForFunction((n) => document.querySelectorAll(".search-results-list .search-result").length === n, Math.min(total, 40));
  // Back from a result far down the list finds the list as it was, scrolled where it was.
  const shownBefore = Math.min(total, 40);
  const far = page.locator(".search-results-list .search-result a").nth(shownBefore - 3);
  await far.scrollIntoViewIfNeeded();
  const y = await page.evaluate(() => window.scrollY);
  assert.ok(y > 500, `scrolled down: ${y}`);
  await Promise.all([page.waitForURL((u) => !u.pathname.endsWith("/search/")), far.click()]);
  await page.goBack();
  await page.waitForFunction((n) => document.querySelectorAll(".search-results-list .search-result").length === n, shownBefore);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, y);
  await page.locator("#search-page-input").fill("zzzzqqq");
  await page.waitForFunction(() => /^No results for/.test(document.querySelector(".search-summary").textContent));
  assert.equal(await page.locator(".search-results-list .search-result").count(), 0);
  // A word no page has, next to one many have: the pages with some of the words, said so.
  await page.locator("#search-page-input").fill("incident zzzzqqq");
  await page.waitForFunction(() => /^No page has every word of .incident zzzzqqq.: \d+ results? with some of them$/.test(document.querySelector(".search-summary").textContent));
  assert.ok(await page.locator(".search-results-list .search-result").count() > 0);
  await page.close();
});

test("accents and case fold both ways, one typo is forgiven, markup in a query stays text", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url);
  const input = page.locator("#site-search-input");
  async function top(query) {
    await input.fill("");
    await input.focus();
    await typeQuery(page, query);
    await page.waitForFunction((q) => document.querySelector("#site-search-listbox").getAttribute("data-query") === q, query);
    return firstTitle(page).textContent().catch(() => "");
  }
  // "Lucía Ferreira" owns the page; both spellings find it, and the accented name is marked
  // among its owners.
  assert.equal(await top("LUCIA"), "Support escalation");
  assert.deepEqual(await options(page).first().locator(".search-hit-owners mark").allTextContents(), ["Lucía"]);
  assert.equal(await top("lucía"), "Support escalation");
  // An accent the page does not have.
  assert.match(await top("Íncidént sévérity"), /^Incident severity levels$/);
  // One typo in a word of five letters or more.
  assert.equal(await top("postmortm process"), "Postmortem process");
  assert.equal(await top("incident sevrity"), "Incident severity levels");
  // Markup is shown as text, never run.
  await top("<img src=x onerror=alert(1)>");
  assert.equal(await page.locator(".search-panel img").count(), 0);
  assert.match(await page.locator(".search-status").textContent(), /<img src=x onerror=alert\(1\)>|results?( with some of the words)?$/);
  // A word longer than the index keeps finds nothing, and the results page says so (it
  // asked for a word).
  const long = "Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung";
  await page.goto(root.url + "search/?q=" + encodeURIComponent(long));
  await page.waitForFunction(() => /^No results for/.test(document.querySelector("#search-status, .search-summary")?.textContent || ""));
  await page.close();
});

test("narrow screens: the icon button opens a full-width box", TEST, async () => {
  const page = await newPage({ width: 390, height: 800 });
  await page.goto(root.url + "processes/");
  const opener = page.locator(".search-open");
  assert.equal(await opener.isVisible(), true);
  assert.equal(await page.locator("#site-search-input").isVisible(), false);
  await opener.click();
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search-input");
  await typeQuery(page, "pagerduty");
  await page.waitForFunction(() => document.querySelector("#site-search-listbox [role=option] .search-hit-title")?.textContent === "PagerDuty");
  const box = await page.locator(".search-panel").boundingBox();
  assert.ok(box.width >= 380 && box.height >= 600, `the panel fills the screen (${box.width}×${box.height})`);
  await page.keyboard.press("Escape");
  assert.equal(await page.locator("#site-search-input").isVisible(), false);
  assert.equal(await page.evaluate(() => document.activeElement.className), "search-open");
  await page.close();
});

// On a phone the open box covers the header: focus leaving it (Tab past the results, or
// Shift+Tab back to the buttons under it) closes it, so the focused control is never hidden.
test("narrow screens: focus leaving the open box closes it rather than hide behind it", TEST, async () => {
  const page = await newPage({ width: 375, height: 700 });
  const focusedIsSeen = () => page.evaluate(() => {
    const el = document.activeElement, r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!top && (el === top || el.contains(top));
  });
  for (const key of ["Shift+Tab", "Tab"]) {
    await page.goto(root.url + "processes/");
    await page.locator(".search-open").click();
    await typeQuery(page, "release");
    await options(page).first().waitFor({ timeout: STEP });
    for (let i = 0; i < 6 && (await page.evaluate(() => document.activeElement.closest(".search-form") !== null)); i++) {
      await page.keyboard.press(key);
    }
    assert.equal(await page.locator(".site-search.is-open").count(), 0, `${key}: the box closed`);
    assert.ok(await focusedIsSeen(), `${key}: the focused control is not under the box`);
  }
  await page.close();
});

// A tap where `locator` is, as a finger does it (Playwright's tap() scrolls the element into
// view first).
async function tapOn(page, locator) {
  const box = await locator.boundingBox();
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

// What the header's search box shows: open or not, its query, and the query its results are of.
const searchShown = (page) => page.evaluate(() => ({
  open: document.querySelector(".site-search").classList.contains("is-open") && !document.querySelector(".search-panel").hidden,
  query: document.getElementById("site-search-input").value,
  results: document.querySelector("#site-search-listbox").getAttribute("data-query"),
}));

// On a phone the open box covers the page. Back from a result came to the page with the box
// shut and empty (the query typed with a thumb, gone), and Back with the box open left the
// page: the box is a step of the page's history, as DocSearch's and Material's are.
test("on a phone, Back from a result opens the search box again with its query, and Back then closes it", TEST, async () => {
  const phone = await launch({ width: 390, height: 844 }, { hasTouch: true, isMobile: true });
  try {
    const page = watch(await phone.context.newPage());
    await page.goto(root.url + "processes/");
    await tapOn(page, page.locator(".search-open"));
    await typeQuery(page, "status page");
    await page.waitForFunction(() => document.querySelector("#site-search-listbox").getAttribute("data-query") === "status page"
      && document.querySelectorAll("#site-search-listbox [role=option]").length >= 3);
    const titles = await options(page).locator(".search-hit-title").allTextContents();
    const third = options(page).nth(2);
    const href = await third.evaluate((a) => a.href);
    await Promise.all([page.waitForURL(href), tapOn(page, third)]);
    await page.goBack();
    await page.waitForURL(root.url + "processes/");
    await page.waitForFunction(() => document.querySelector("#site-search-listbox").getAttribute("data-query") === "status page");
    assert.deepEqual(await searchShown(page), { open: true, query: "status page", results: "status page" });
    assert.deepEqual(await options(page).locator(".search-hit-title").allTextContents(), titles, "the same results");
    // Back again closes the box, on the same page, its button focused.
    await page.goBack();
    await page.waitForFunction(() => !document.querySelector(".site-search").classList.contains("is-open"));
    assert.equal(page.url(), root.url + "processes/");
    assert.equal((await searchShown(page)).open, false);
    assert.equal(await page.evaluate(() => document.activeElement.className), "search-open");

    // Opened and closed by its own Cancel, the box leaves no step behind: Back then leaves the page.
    await page.goto(root.url + "tools/");
    await tapOn(page, page.locator(".search-open"));
    await page.locator("#site-search-input").waitFor();
    await tapOn(page, page.locator(".search-close"));
    await page.waitForFunction(() => history.state === null);
    await page.goBack();
    await page.waitForURL(root.url + "processes/");
    await page.close();
  } finally {
    await phone.close();
  }
});

// In high-contrast modes, which drop shadows and backgrounds, the option the arrow keys
// chose looked like the others.
test("in high-contrast mode the option the arrow keys chose is outlined", TEST, async () => {
  const page = watch(await context.newPage());
  await page.emulateMedia({ forcedColors: "active" });
  await page.goto(root.url + "processes/");
  await page.keyboard.press("/");
  await typeQuery(page, "status");
  await page.waitForFunction(() => document.querySelectorAll("#site-search-listbox [role=option]").length >= 2);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const outlines = await page.locator("#site-search-listbox [role=option]").evaluateAll((os) =>
    os.slice(0, 2).map((o) => getComputedStyle(o.closest(".search-option") || o).outlineStyle));
  assert.deepEqual(outlines, ["none", "solid"]);
  await page.emulateMedia({ forcedColors: "none" });
  await page.close();
});

// At laptop widths the header's box is folded to its icon and grows as it takes the focus:
// text an input method or a paste puts in as it grew went in at its start, in the wrong
// order ("defabc", "害障").
test("text put into the folded header box arrives in the order it was written", TEST, async () => {
  const page = watch(await context.newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(root.url + "processes/");
  await page.click("#site-search-input");
  await page.keyboard.insertText("abc");
  await page.keyboard.insertText("def");
  await page.keyboard.insertText("障害");
  assert.equal(await page.locator("#site-search-input").inputValue(), "abcdef障害");
  await page.close();
});

// A result that is the page the reader is on opens it again, without the box: the box's
// history entry brought the box back over it, and the tap seemed to do nothing.
test("on a phone, a result that is the page itself opens it without the search box", TEST, async () => {
  const phone = await launch({ width: 390, height: 844 }, { hasTouch: true, isMobile: true });
  try {
    const page = watch(await phone.context.newPage());
    // Come from another page, as a reader does.
    await page.goto(root.url);
    await page.goto(root.url + "processes/incidents/status-page-updates/");
    await tapOn(page, page.locator(".search-open"));
    await typeQuery(page, "status page updates");
    await page.waitForFunction(() => document.querySelector("#site-search-listbox").getAttribute("data-query") === "status page updates"
      && document.querySelectorAll("#site-search-listbox [role=option]").length >= 1);
    const first = options(page).first();
    assert.equal(await first.evaluate((a) => new URL(a.href).pathname), "/processes/incidents/status-page-updates/");
    await Promise.all([page.waitForEvent("load"), tapOn(page, first)]);
    // The box came back within moments of the page's load, as its script started: given a
    // second, it stays shut.
    const reopened = await page.waitForFunction(() => document.querySelector(".site-search").classList.contains("is-open"), null, { timeout: 1000 })
      .then(() => true, () => false);
    assert.equal(reopened, false, "the page shows, not the search box");
    await page.close();
  } finally {
    await phone.close();
  }
});

// On a phone the panel ran to the window's bottom (100dvh), which the on-screen keyboard
// covers without changing: its end, "See all N results" (the only way to the filters), sat
// under the keyboard. A keyboard leaves the visual viewport smaller than the window; zooming
// in does the same (the page's scale at 2: the part in sight is 422 px of the window's 844),
// and a shorter window too.
// Resolves once the page has drawn two frames.
const twoFrames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test("on a phone the search panel ends where the screen's visible part does, so See all can be reached above the keyboard", TEST, async () => {
  const phone = await launch({ width: 390, height: 844 }, { hasTouch: true, isMobile: true });
  try {
    const page = watch(await phone.context.newPage());
    await page.goto(root.url + "processes/");
    await tapOn(page, page.locator(".search-open"));
    await typeQuery(page, "incident");
    await page.waitForFunction(() => /^See all \d+/.test(document.querySelector(".search-all").textContent));
    // The panel's box, the part of the window in sight, and "See all" once the reader has
    // scrolled the panel to its end.
    const seen = () => page.evaluate(() => {
      const panel = document.querySelector(".search-panel");
      panel.scrollTop = panel.scrollHeight;
      const box = panel.getBoundingClientRect(), all = document.querySelector(".search-all").getBoundingClientRect();
      return { top: box.top, bottom: box.bottom, maxHeight: parseFloat(getComputedStyle(panel).maxHeight) || null,
        visibleBottom: visualViewport.offsetTop + visualViewport.height, window: innerHeight, all: [all.top, all.bottom] };
    });
    const fits = (s, what) => {
      assert.ok(s.bottom <= s.visibleBottom + 1, `${what}: the panel ends at ${s.bottom} px, the visible part at ${s.visibleBottom}`);
      assert.ok(s.maxHeight !== null && Math.abs(s.maxHeight - (s.visibleBottom - s.top)) <= 2,
        `${what}: the panel's max-height is ${s.maxHeight}, not ${s.visibleBottom} - ${s.top}`);
      assert.ok(s.all[0] >= s.top && s.all[1] <= Math.min(s.bottom, s.visibleBottom) + 1, `${what}: See all is at ${s.all} px, in ${s.top} to ${s.bottom}`);
    };
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setPageScaleFactor", { pageScaleFactor: 2 });
    await page.waitForFunction(() => visualViewport.height < innerHeight * 0.6);
    await twoFrames(page); // the viewport's resize events are handled before a frame is drawn
    const zoomed = await seen();
    assert.equal(zoomed.window, 844, "the window keeps its height, as with a keyboard");
    fits(zoomed, "the visible part at 422 px of 844");
    await cdp.send("Emulation.setPageScaleFactor", { pageScaleFactor: 1 });
    await page.setViewportSize({ width: 390, height: 500 });
    await page.waitForFunction(() => innerHeight === 500 && visualViewport.height === 500);
    await twoFrames(page); // the viewport's resize events are handled before a frame is drawn
    fits(await seen(), "a window of 500 px");
    // Closed, the panel keeps no size of its own.
    await tapOn(page, page.locator(".search-close"));
    assert.equal(await page.locator(".search-panel").evaluate((el) => el.style.maxHeight), "");
    await page.close();
  } finally {
    await phone.close();
  }
});

// On a wide screen the box is part of the header, not a layer over the page: opening its
// results adds nothing to the history.
test("on a wide screen the header box's results add no step to the browser's history", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url + "processes/");
  const steps = await page.evaluate(() => history.length);
  await page.keyboard.press("/");
  await typeQuery(page, "status page");
  await options(page).first().waitFor();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Escape");
  assert.equal(await page.evaluate(() => history.length), steps);
  assert.equal(await page.evaluate(() => history.state), null);
  await page.close();
});

// Each arrow press reads the option's name: its title, kind, owners and review, not the
// whole excerpt (which was read out, up to 480 characters).
test("a result in the header box is named by its title, kind, owners and review", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url + "processes/");
  await page.keyboard.press("/");
  await typeQuery(page, "pagerduty");
  await page.waitForFunction(() => document.querySelector("#site-search-listbox [role=option] .search-hit-title")?.textContent === "PagerDuty");
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const named = nodes.filter((n) => n.role && n.role.value === "option").map((n) => n.name.value);
  assert.ok(named.length > 0);
  assert.match(named[0], /^PagerDuty Tool guide /);
  for (const name of named) assert.ok(name.length < 120, name);
  await page.close();
});

// The count of results is told from a live region that is there before the first query: one
// inside the panel, hidden until results came, was not heard telling them.
test("the header box tells screen readers how many results it found", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url + "processes/");
  await page.keyboard.press("/");
  const live = page.locator("#site-search-form [role=status]");
  assert.equal(await live.count(), 1);
  assert.equal(await live.evaluate((el) => el.closest("[hidden]") === null), true, "in the accessibility tree before any query");
  await typeQuery(page, "pagerduty");
  await page.waitForFunction(() => /^\d+ results?$/.test(document.querySelector("#site-search-form [role=status]").textContent));
  await page.close();
});

// On a slow network the box says it is searching; a records file the host lost leaves out
// its results alone (one missing file made every query touching it fail).
test("a slow search says so, and a lost records file costs only its own results", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url + "processes/");
  await page.keyboard.press("/");
  await typeQuery(page, "pagerduty");
  await options(page).first().waitFor({ timeout: STEP });
  await page.route("**/search/chunks/*", async (route) => { await new Promise((r) => setTimeout(r, 1500)); await route.continue(); });
  await page.keyboard.press("Control+A");
  await typeQuery(page, "incident");
  await page.waitForFunction(() => document.querySelector("#site-search-form .search-status")?.textContent === "Searching\u2026", null, { timeout: 1200 });
  assert.ok(await page.locator(".search-panel").isVisible());
  // The previous query's results are not left to be chosen as this one's.
  assert.equal(await options(page).count(), 0);
  await options(page).first().waitFor({ timeout: STEP });
  const all = await options(page).count();
  await page.unroute("**/search/chunks/*");
  await page.route("**/search/doc/0.json", (route) => route.fulfill({ status: 404, body: "" }));
  await page.goto(root.url + "search/?q=incident");
  await page.locator(".search-results .search-hit").first().waitFor({ timeout: STEP });
  assert.ok(!(await page.locator(".search-summary").textContent()).includes("not available"));
  await page.close();
  assert.ok(all > 0);
  // The 404 answered on purpose.
  for (let i = problems.length - 1; i >= 0; i--) if (/doc\/0\.json|404/.test(problems[i])) problems.splice(i, 1);
});

// On a phone the results come first; the filters fold behind a button that says how many
// are ticked. Without a query there is nothing to filter.
test("narrow screens: results first, filters behind a button", TEST, async () => {
  const page = await newPage({ width: 375, height: 740 });
  await page.goto(root.url + "search/?q=release");
  const results = page.locator(".search-results-list .search-result");
  await page.waitForFunction(() => document.querySelectorAll(".search-results-list .search-result").length > 0);
  const first = await results.first().boundingBox();
  assert.ok(first.y + first.height < 740, `the first result is on the first screen (y ${first.y})`);
  const toggle = page.locator(".search-filters-toggle");
  assert.equal(await toggle.textContent(), "Filters");
  assert.equal(await page.locator(".search-filters").isVisible(), false);
  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const kind = page.locator(".search-facet:has(legend:text-is('Kind')) label").first();
  const expected = Number(await kind.locator(".search-facet-count").textContent());
  await kind.locator("input").check();
  await page.waitForFunction((n) => document.querySelectorAll(".search-results-list .search-result").length === Math.min(n, 20), expected);
  assert.equal(await toggle.textContent(), "Filters (1)");
  const wide = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  assert.equal(wide, false, "nothing wider than the screen");
  await page.goto(root.url + "search/?kind=tool");
  await page.waitForFunction(() => /^Search \d+ pages\.$/.test(document.querySelector(".search-summary")?.textContent || ""));
  assert.equal(await page.locator(".search-facet").count(), 0);
  await page.close();
});

// Every header link is on screen whatever the width: where the header has no room for the
// site's own pages they fold into "More"; on a phone they are in the menu's drawer, which
// closes when focus leaves it.
test("the header's links fold into More where they do not fit, and are in the phone menu", TEST, async () => {
  const url = root.url + "processes/incidents/incident-communication/";
  const clipped = (page) => page.evaluate(() => {
    const nav = document.querySelector(".kind-nav");
    return nav.scrollWidth > nav.clientWidth + 1;
  });
  const wide = await newPage({ width: 1600, height: 800 });
  await wide.goto(url);
  assert.equal(await clipped(wide), false);
  assert.equal(await wide.locator(".kind-nav a", { hasText: "Tech stack" }).isVisible(), true);
  assert.equal(await wide.locator(".nav-more-menu").isVisible(), false);
  await wide.close();

  const mid = await newPage({ width: 1024, height: 800 });
  await mid.goto(url);
  assert.equal(await clipped(mid), false, "no link cut off");
  const more = mid.locator(".nav-more-menu summary");
  assert.equal(await more.isVisible(), true);
  await more.click();
  const owners = mid.locator(".nav-more-menu a", { hasText: "Owners" });
  assert.equal(await owners.isVisible(), true);
  await mid.keyboard.press("Escape");
  assert.equal(await owners.isVisible(), false);
  assert.equal(await mid.evaluate(() => document.activeElement.tagName), "SUMMARY");
  await more.click();
  await Promise.all([mid.waitForURL(root.url + "owners/"), owners.click()]);
  // Narrower still (a laptop at 200% zoom), the kinds alone do not fit: the last ones fold
  // into More too ("Release notes" was cut off mid-word), and every kind is reachable.
  for (const width of [860, 880, 900]) {
    await mid.setViewportSize({ width, height: 800 });
    await mid.goto(url);
    assert.equal(await clipped(mid), false, `no link cut off at ${width} px`);
    const inRow = await mid.locator(".kind-nav li:not(.kind-nav-extra) a").evaluateAll((as) => as.filter((a) => a.offsetParent).map((a) => a.textContent.trim()));
    await more.click();
    const inMenu = await mid.locator(".nav-more-menu a").evaluateAll((as) => as.filter((a) => a.offsetParent).map((a) => a.textContent.trim()));
    await mid.keyboard.press("Escape");
    const kinds = await mid.locator(".kind-nav li:not(.kind-nav-extra) a").evaluateAll((as) => as.map((a) => a.textContent.trim()));
    for (const kind of kinds) assert.ok(inRow.includes(kind) !== inMenu.includes(kind), `${kind} at ${width} px: row ${inRow}, menu ${inMenu}`);
  }
  await mid.close();

  const phone = await newPage({ width: 375, height: 740 });
  await phone.goto(url);
  // The header squeezes the title, not the Menu button (its label had run into its border).
  const room = await phone.locator(".menu-button").evaluate((b) =>
    b.getBoundingClientRect().right - b.querySelector("span:last-child").getBoundingClientRect().right);
  assert.ok(room >= 8, `room after the Menu label: ${room}px`);
  await phone.locator(".menu-button").click();
  for (const name of ["Reviews", "Owners", "Tags"]) {
    assert.equal(await phone.locator(".sidebar-kinds a", { hasText: name }).isVisible(), true, name);
  }
  const last = phone.locator("#sidebar a").last();
  await last.focus();
  await phone.keyboard.press("Tab");
  assert.equal(await phone.locator(".menu-button").getAttribute("aria-expanded"), "false");
  await phone.locator("#sidebar").waitFor({ state: "hidden", timeout: 5000 });
  // A tap on the page beside the open drawer closes it (it opened again at once).
  await phone.locator(".menu-button").click();
  await phone.locator("#sidebar").waitFor({ state: "visible", timeout: 5000 });
  await phone.mouse.click(360, 400);
  await phone.locator("#sidebar").waitFor({ state: "hidden", timeout: 5000 });
  assert.equal(await phone.locator(".menu-button").getAttribute("aria-expanded"), "false");
  // Back from a page opened in the drawer finds the drawer closed (the browser kept it open).
  await phone.locator(".menu-button").click();
  const other = phone.locator("#sidebar .sidebar-kinds a", { hasText: "Owners" });
  await Promise.all([phone.waitForURL(root.url + "owners/"), other.click()]);
  await phone.goBack();
  await phone.waitForURL(url);
  assert.equal(await phone.locator("#nav-toggle").isChecked(), false);
  assert.equal(await phone.locator("#sidebar").isVisible(), false);
  await phone.close();
});

// The contents column shows from 1280 px; narrower, the same headings open from a folded
// "On this page" above the text (there was none below 1280 px), which folds again once a
// heading is chosen.
test("narrower than 1280 px, the page's contents open from above its text", TEST, async () => {
  const url = root.url + "processes/incidents/incident-communication/";
  const wide = await newPage({ width: 1440, height: 900 });
  await wide.goto(url);
  assert.equal(await wide.locator(".toc").isVisible(), true);
  assert.equal(await wide.locator(".toc-inline").isVisible(), false);
  await wide.close();
  for (const width of [1024, 375]) {
    const page = await newPage({ width, height: 800 });
    await page.goto(url);
    assert.equal(await page.locator(".toc").isVisible(), false, `${width} px`);
    const inline = page.locator(".toc-inline");
    await inline.locator("summary").click();
    const link = inline.locator("a").nth(1);
    const id = (await link.getAttribute("href")).slice(1);
    await link.click();
    await page.waitForFunction((id) => location.hash === "#" + id, id);
    assert.equal(await inline.evaluate((d) => d.open), false, "folded after the jump");
    const top = await page.locator("#" + id).evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top > 0 && top < 200, `the heading is at the top: ${top}px`);
    await page.close();
  }
});

// Listings' tables stack their cells by their column's room: beside the sidebar, windows of
// 860 to 1040 px scrolled sideways.
test("listing tables fit their column at every width", TEST, async () => {
  const page = await newPage();
  for (const width of [860, 920, 1024, 1100, 375]) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of ["", "tools/", "reviews/", "owners/team-sre/"]) {
      await page.goto(root.url + path);
      const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(over <= 0, `${path || "home"} at ${width} px is ${over} px too wide`);
    }
  }
  await page.close();
});

test("under a sub-path (/wiki/) every request and link stays inside it", TEST, async () => {
  const page = await newPage();
  const requests = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(wiki.url + "processes/incidents/incident-severity-levels/");
  await page.keyboard.press("/");
  await typeQuery(page, "pagerduty");
  await page.waitForFunction(() => document.querySelector("#site-search-listbox [role=option] .search-hit-title")?.textContent === "PagerDuty");
  // A mouse click opens a result too.
  await Promise.all([page.waitForURL(wiki.url + "tools/pagerduty/"), options(page).first().click()]);

  await page.goto(wiki.url + "search/?q=deploy+window");
  await page.waitForFunction(() => document.querySelector(".search-results-list .search-result"));
  assert.equal(await page.locator(".search-results-list .search-hit-title").first().textContent(), "Weekly deploy window");
  const hrefs = await page.locator(".search-results-list a").evaluateAll((as) => as.map((a) => new URL(a.href).pathname));
  assert.ok(hrefs.length > 0 && hrefs.every((h) => h.startsWith("/wiki/")), hrefs.join(" "));
  assert.ok(requests.some((p) => p.startsWith("/wiki/search/chunks/")), "the index was fetched");
  assert.deepEqual(requests.filter((p) => !p.startsWith("/wiki/")), []);
  await page.close();
});

test("the sidebar, shared by the pages of a folder, marks the current page", TEST, async () => {
  const page = await newPage();
  const trees = [];
  page.on("request", (r) => { if (new URL(r.url()).pathname.startsWith("/assets/nav/")) trees.push(r.url()); });
  const current = async () => page.waitForSelector(".nav-tree [aria-current=page]").then(() => page.evaluate(() => {
    const marked = [...document.querySelectorAll(".nav-tree [aria-current=page]")];
    return marked.map((a) => [a.childNodes[0].textContent, a.parentElement.classList.contains("is-active")]);
  }));
  const tree = async () => page.evaluate(() => {
    const copy = document.querySelector(".nav-tree").cloneNode(true);
    for (const a of copy.querySelectorAll("[aria-current]")) a.removeAttribute("aria-current");
    for (const li of copy.querySelectorAll(".is-active")) {
      li.classList.remove("is-active");
      if (!li.classList.length) li.removeAttribute("class");
    }
    return copy.outerHTML;
  });
  const answer = await page.goto(root.url + "processes/incidents/incident-severity-levels/");
  // The tree is not in the page: the page names the file it is in.
  const html = await answer.text();
  assert.ok(!html.includes("nav-tree"), "the page does not hold the tree");
  assert.match(html, /<nav class="sidebar"[^>]* data-tree="(\.\.\/)+assets\/nav\/[0-9a-f]{16}\.html"/);
  assert.deepEqual(await current(), [["Incident severity levels", true]]);
  const first = await tree();
  // Following the sidebar's link to a sibling marks the sibling instead, in the same tree.
  await Promise.all([
    page.waitForURL(root.url + "processes/incidents/postmortem-process/"),
    page.locator(".nav-tree a", { hasText: "Postmortem process" }).first().click(),
  ]);
  assert.deepEqual(await current(), [["Postmortem process", true]]);
  assert.equal(await tree(), first);
  assert.equal(trees.length, 1, `one file for the folder's tree, fetched once a tab: ${trees}`);
  // A section's own listing is marked too.
  await page.goto(root.url + "processes/incidents/");
  assert.deepEqual(await current(), [["Incidents", true]]);
  await page.close();
});

test("a page past the sidebar's cut of a long folder is added to it, before the link to the rest", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url + "processes/releases/weekly-deploy-window/");
  await page.waitForSelector(".nav-tree [aria-current=page]");
  const items = await page.locator(".nav-tree li.is-ancestor:has(> a[href='../']) > ul > li").evaluateAll((lis) =>
    lis.map((li) => [li.textContent.trim().replace(/\s+/g, " "), li.classList.contains("is-active")]));
  assert.deepEqual(items.slice(-2), [["Weekly deploy window", true], ["All 8 pages →", false]]);
  // It opens the folder at its list of pages, not at its top (2.4 screens above the list).
  assert.equal(await page.locator(".nav-tree li.nav-more a").first().getAttribute("href"), "../#pages-heading");
  assert.equal(await page.locator(".nav-tree [aria-current=page]").count(), 1);
  // A page within the cut is marked where it is, and nothing is added.
  await page.goto(root.url + "processes/releases/hotfix-process/");
  await page.waitForSelector(".nav-tree [aria-current=page]");
  assert.equal(await page.locator(".nav-tree [aria-current=page]").textContent(), "Hotfix process");
  assert.equal(await page.locator(".nav-tree li.is-ancestor:has(> a[href='../']) > ul > li").count(), 7);
  await page.close();
});

// How the first element matching `selector` (or its ::before, for the logo) is drawn as an
// icon: masked by an SVG, its size, its paint.
const drawn = (page, selector) => page.locator(selector).first().evaluate((el, pseudo) => {
  const style = getComputedStyle(el, pseudo);
  const mask = style.maskImage || style.webkitMaskImage;
  const box = el.getBoundingClientRect();
  return { mask: mask.startsWith("url(\"data:image/svg+xml"), width: box.width, height: box.height, paint: style.backgroundColor };
}, selector === ".site-logo" ? "::before" : null);

// Icons are masks in the stylesheet (a <span> on the page, not its SVG): each one is drawn at
// its size, and the theme toggle's shows the mode it switches to.
test("icons are drawn from the stylesheet, the theme toggle swaps its icon, headings get their links", TEST, async () => {
  const page = await newPage();
  // Reviewed 2025-10-20 on a yearly cycle: overdue on 2026-11-22, so it has a banner.
  await page.goto(root.url + "processes/customer/support-escalation/");
  for (const [selector, size] of [[".menu-button .icon", 0], [".site-logo", 26], [".theme-icon", 20], [".search-form .search-icon", 18],
    [".review-icon", 14], [".banner-icon", 22]]) {
    const icon = await drawn(page, selector);
    assert.equal(icon.mask, true, `${selector} is masked by an SVG`);
    if (size) assert.deepEqual([icon.width, icon.height], [size, size], `${selector} is ${size} px square`);
    assert.notEqual(icon.paint, "rgba(0, 0, 0, 0)", `${selector} is painted`);
  }
  assert.equal(await page.locator("svg").count(), 0, "no inline SVG on the page");
  // Each heading of the text gets its "#" link from the script.
  // Each is named for its heading, so that a list of the page's links tells them apart.
  const headings = await page.locator(".prose h2[id], .prose h3[id]").evaluateAll((hs) =>
    hs.map((h) => {
      const a = h.querySelector("a.anchor");
      const text = [...h.childNodes].filter((n) => n !== a).map((n) => n.textContent).join("").trim();
      return [h.id, text, a?.getAttribute("href"), a?.getAttribute("aria-label")];
    }));
  assert.ok(headings.length >= 3, "the page has headings");
  for (const [id, text, href, label] of headings) assert.deepEqual([href, label], ["#" + id, `Link to “${text}”`], id);
  // …and the heading keeps its own text as its name, not its text and its link's.
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  const names = nodes.filter((n) => n.role && n.role.value === "heading").map((n) => n.name.value);
  for (const [, text] of headings) assert.ok(names.includes(text), `${text} in ${JSON.stringify(names)}`);
  assert.ok(!names.some((n) => n.includes("Link to")), JSON.stringify(names));
  const themeIcon = () => page.locator(".theme-icon").evaluate((el) => getComputedStyle(el).getPropertyValue("--icon"));
  const light = await themeIcon();
  await page.locator(".theme-toggle").click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), "dark");
  assert.notEqual(await themeIcon(), light, "the sun replaces the moon");
  await page.locator(".theme-toggle").click();
  assert.equal(await themeIcon(), light);
  // Back at the system's theme (light here), the choice is forgotten: the site follows the
  // system again.
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-theme")), false);
  assert.equal(await page.evaluate(() => localStorage.getItem("opsbook-theme")), null);
  await page.emulateMedia({ colorScheme: "dark" });
  await page.waitForFunction(() => document.querySelector(".theme-toggle").getAttribute("aria-pressed") === "true",
    null, { timeout: 5000 });
  await page.emulateMedia({ colorScheme: "light" });
  // High-contrast modes replace background colours: the icons keep the text's colour.
  await page.emulateMedia({ forcedColors: "active" });
  const [icon, text] = await page.locator(".doc-header .review-icon").evaluate((el) =>
    [getComputedStyle(el).backgroundColor, getComputedStyle(document.body).color]);
  assert.equal(icon, text, "a forced-colours icon is painted like text");
  await page.close();
});

// What needs search.js is made by it: without scripts the page holds only the (hidden) form,
// no control that would do nothing.
test("without scripts there is no search box; search.js adds the combobox, its panel and buttons", TEST, async () => {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setScriptExecutionDisabled", { value: true });
  await page.goto(root.url + "processes/");
  assert.equal(await page.locator(".site-search").isVisible(), false);
  assert.equal(await page.locator(".search-panel, .search-open, .search-close").count(), 0);
  assert.equal(await page.locator("#site-search-input").getAttribute("role"), null);
  await page.close();

  const live = await newPage();
  await live.goto(root.url + "processes/");
  const input = live.locator("#site-search-input");
  assert.equal(await input.getAttribute("role"), "combobox");
  assert.equal(await input.getAttribute("aria-controls"), "site-search-listbox");
  assert.equal(await live.locator("#site-search-listbox[role=listbox]").count(), 1);
  assert.equal(await live.locator(".search-open[aria-controls=site-search-form]").count(), 1);
  assert.equal(await live.locator(".search-all").getAttribute("href"), root.url + "search/");
  await live.close();
});

// The pages of the example site overdue when built on 2026-11-22, and their owners.
const OVERDUE = [["processes/customer/support-escalation/", 2], ["processes/incidents/status-page-updates/", 1],
  ["processes/people/vendor-onboarding/", 1], ["processes/releases/localization-workflow/", 1], ["templates/one-pager/", 1],
  ["tools/figma/", 1], ["tools/zendesk/", 1]];

// The banner was a paragraph of six lines (151 to 175 px) above the title: on a phone the
// page's first paragraph began below the first screen on every overdue page.
test("on a phone the overdue banner is a line or two, and the page's text starts on the first screen", TEST, async () => {
  const page = await newPage({ width: 360, height: 640 });
  for (const [url, owners] of OVERDUE) {
    await page.goto(root.url + url);
    const banner = page.locator("article > [data-review-banner]");
    const seen = await banner.evaluate((b) => {
      const p = b.querySelector("p"), lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
      const inside = (el) => { const r = el.getBoundingClientRect(), box = b.getBoundingClientRect(); return r.width > 2 && r.height > 2 && r.left >= box.left && r.right <= box.right; };
      const first = () => document.querySelector(".prose > p").getBoundingClientRect().top + window.scrollY;
      const withBanner = first();
      b.style.display = "none";
      const without = first();
      b.style.display = "";
      return { lines, withBanner, without, shown: [...p.querySelectorAll("a, time, [data-review-days]")].filter(inside).map((el) => el.textContent) };
    });
    assert.ok(seen.lines <= owners + 1, `${url}: the banner is ${seen.lines} lines`);
    // What it says is all there to see: the days, each owner's link and the date.
    assert.equal(seen.shown.length, owners + 2, `${url}: ${JSON.stringify(seen.shown)}`);
    // Where the page's own header leaves room for a banner of two or three lines, the first
    // paragraph still starts on the first screen.
    if (seen.without + 80 < 640) assert.ok(seen.withBanner < 640, `${url}: the first paragraph starts at ${seen.withBanner} px (${seen.without} without the banner)`);
    // Read out, it is the whole sentence, not the short words shown.
    const read = (await banner.ariaSnapshot()).replace(/\s+/g, " ");
    assert.match(read, /strong: This page is overdue for review by \d+ days\. - text: Its owners? - link/, url);
    assert.match(read, /should confirm it is still correct\. Review was due on - time: \d{4}-\d\d-\d\d/, url);
    assert.doesNotMatch(read, /Review overdue|Owners?:|· due/, url);
  }
  await page.close();
  // The banner opsbook.js makes for a review fallen due since the build is the same.
  const later = await newPage({ width: 360, height: 640 });
  await later.clock.setFixedTime(new Date("2027-05-01T12:00:00"));
  await later.goto(root.url + "processes/customer/customer-feedback-triage/");
  const made = later.locator("article > [data-review-banner]");
  const lines = await made.evaluate((b) => Math.round(b.querySelector("p").getBoundingClientRect().height / parseFloat(getComputedStyle(b.querySelector("p")).lineHeight)));
  assert.ok(lines <= 3, `the banner made by the script is ${lines} lines`);
  assert.match((await made.ariaSnapshot()).replace(/\s+/g, " "),
    /strong: This page is overdue for review by 19 days\. - text: Its owners - link "Product Operations".* - text: should confirm it is still correct\. Review was due on - time: 2027-04-12/);
  await later.close();
});

// Overdue by 33 days when built on 2026-11-22: ten days later the page says 43.
test("a page overdue when built counts its overdue days from today", TEST, async () => {
  const page = await newPage();
  await page.clock.setFixedTime(new Date("2026-12-02T12:00:00"));
  await page.goto(root.url + "processes/customer/support-escalation/");
  assert.equal((await page.locator(".doc-header .review").innerText()).trim(), "Review overdue by 43 days");
  assert.equal(await page.locator("article > [data-review-banner] [data-review-days]").textContent(), "43 days");
  assert.equal(await page.locator("[data-review-banner]").count(), 1);
  await page.close();
});

// Built on 2026-11-22, read on 2027-04-02: a review due on 2027-04-12 is due soon by then (in
// the site's 30 days), on the page and in listings.
test("a review that comes due soon after the build shows as due soon in the browser", TEST, async () => {
  const page = await newPage();
  await page.clock.setFixedTime(new Date("2027-04-02T12:00:00"));
  await page.goto(root.url + "processes/customer/customer-feedback-triage/");
  const chip = page.locator(".doc-header .review");
  assert.equal(await chip.getAttribute("class"), "review review-due_soon");
  assert.equal((await chip.innerText()).trim(), "Review due in 10 days");
  assert.equal(await page.locator("[data-review-banner]").count(), 0);
  await page.goto(root.url + "kinds/process/");
  const row = page.locator("tr", { has: page.locator("a", { hasText: "Customer feedback triage" }) }).locator(".review");
  assert.equal(await row.getAttribute("class"), "review review-short review-due_soon");
  assert.equal((await row.textContent()).trim(), "Due 2027-04-12");
  await page.close();
});

// Built on 2026-11-22 ("Review due in 10 days" then), read on 2026-11-29: a review due soon
// when built counts its days from the day it is read, as an overdue one does (it said 10).
test("a review due soon when built counts its days from the day it is read", TEST, async () => {
  const page = await newPage();
  await page.clock.setFixedTime(new Date("2026-11-29T12:00:00"));
  await page.goto(root.url + "processes/planning/quarterly-okr-review/");
  const chip = page.locator(".doc-header .review");
  assert.equal(await chip.getAttribute("class"), "review review-due_soon");
  assert.equal((await chip.innerText()).trim(), "Review due in 3 days");
  assert.match(await chip.getAttribute("title"), /^Last reviewed .*; review due 2026-12-02$/);
  await page.close();
});

// Built on 2026-11-22, read on 2027-05-01: a review due on 2027-04-12 is overdue by then, on
// the page (chip, icon, banner) and in listings, without a rebuild.
test("a review that falls due after the build shows as overdue in the browser", TEST, async () => {
  const page = await newPage();
  await page.clock.setFixedTime(new Date("2027-05-01T12:00:00"));
  await page.goto(root.url + "processes/customer/customer-feedback-triage/");
  const chip = page.locator(".doc-header .review");
  assert.equal(await chip.getAttribute("class"), "review review-overdue");
  assert.equal((await chip.innerText()).trim(), "Review overdue by 19 days");
  const mask = await page.locator(".doc-header .review-icon").evaluate((el) => getComputedStyle(el).maskImage);
  assert.match(mask, /M8 4\.5v4M8 11v\.5/, "the overdue icon");
  // The HTML has no banner (the review was not due at the build): the script makes it.
  const html = await (await page.request.get(root.url + "processes/customer/customer-feedback-triage/")).text();
  assert.equal(html.includes("data-review-banner"), false);
  const banner = page.locator("article > [data-review-banner]:first-child");
  assert.equal(await banner.isVisible(), true);
  assert.equal((await banner.textContent()).replace(/\s+/g, " ").trim(),
    "This page is overdue for review by 19 days. Its owners Product Operations and Diego Alvarez should confirm it is still correct. Review was due on 2027-04-12.");
  assert.deepEqual(await banner.locator("a").evaluateAll((as) => as.map((a) => a.getAttribute("href"))),
    ["../../../owners/team-product-ops/", "../../../owners/diego.alvarez/"]);
  const icon = await drawn(page, ".banner-icon");
  assert.deepEqual([icon.mask, icon.width, icon.height], [true, 22, 22]);
  await page.goto(root.url + "kinds/process/");
  const row = page.locator("tr", { has: page.locator("a", { hasText: "Customer feedback triage" }) }).locator(".review");
  assert.equal(await row.getAttribute("class"), "review review-short review-overdue");
  assert.equal((await row.textContent()).trim(), "Overdue since 2027-04-12");
  // The dashboard's counts are the build's, and say so once the day has moved on.
  await page.goto(root.url + "reviews/");
  assert.equal((await page.locator(".stats-as-of").textContent()).trim(),
    "Counted when the site was last built, on 2026-11-22 (160 days ago): reviews that have fallen due since are marked in red.");
  // In search results, the review filter counts what the badges say: the page is overdue.
  await page.goto(root.url + "search/?q=triage");
  const results = page.locator(".search-results-list .search-result");
  await page.waitForFunction(() => document.querySelectorAll(".search-results-list .search-result").length > 0);
  const all = await results.count();
  assert.ok(all < 20, `every result on one page: ${all}`);
  const badged = await results.locator(".review-overdue").count();
  const overdue = page.locator(".search-facet label", { hasText: "Review overdue" });
  assert.equal(Number(await overdue.locator(".search-facet-count").textContent()), badged);
  await overdue.locator("input").check();
  await page.waitForFunction((n) => document.querySelectorAll(".search-results-list .search-result").length === n, badged);
  assert.ok((await results.locator(".search-hit-title").allTextContents()).includes("Customer feedback triage"));
  await page.close();
});

// An old link with a #section, to a page that moved: its redirect page lands on the section
// of the new page, with no request the server cannot answer.
test("an alias redirects to the page's new address, keeping the #section", TEST, async () => {
  const page = await newPage();
  await page.goto(root.url + "processes/incident-comms/#roles");
  await page.waitForURL(root.url + "processes/incidents/incident-communication/#roles");
  assert.equal(await page.locator("h1").first().textContent(), "Incident communication");
  await page.close();
});

// The theme against axe-core's WCAG 2 A and AA rules, in light and dark, on a desktop and a
// phone, on a page of each kind and the generated pages, with the search box's results open
// too, and the 404 page (served where the site's base_url puts it, as its links are absolute);
// and nothing scrolls sideways at 320 px (WCAG's reflow).
test("every kind of page passes axe's WCAG A and AA checks, light and dark, and reflows at 320 px", { timeout: 240_000 }, async () => {
  const AXE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  // (The beta programme's page has a task list.)
  const pages = ["", "processes/incidents/incident-communication/", "processes/customer/beta-program/", "templates/postmortem/", "tools/github/",
    "kinds/process/", "owners/", "owners/priya.raman/", "tags/", "reviews/", "whats-new/", "tech-stack/", "search/?q=incident"];
  const found = [];
  async function audit(page, where) {
    await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
    });
    violations.forEach((v) => found.push(`${where} ${v}`));
  }
  for (const scheme of ["light", "dark"]) {
    for (const width of [1280, 375]) {
      const page = await newPage({ width, height: 800 });
      await page.emulateMedia({ colorScheme: scheme });
      for (const p of pages) {
        await page.goto(root.url + p);
        if (p.startsWith("search/")) await page.waitForSelector(".search-results-list .search-result");
        await audit(page, `${scheme} ${width} /${p}`);
      }
      const home = await serve(SITE, "/product-ops/");
      try {
        await page.goto(home.url + "404.html");
        await audit(page, `${scheme} ${width} /404.html`);
        assert.deepEqual(home.misses, [], "the 404 page's files");
      } finally {
        await home.close();
      }
      // The header box with its results open (on a phone, behind its button).
      await page.goto(root.url);
      if (width < 600) await page.locator(".search-open").click();
      await page.locator("#site-search-input").fill("incident");
      await page.waitForSelector("#site-search-listbox [role=option]");
      await page.keyboard.press("ArrowDown");
      await audit(page, `${scheme} ${width} search box`);
      await page.close();
    }
  }
  assert.deepEqual(found, []);

  const narrow = await newPage({ width: 320, height: 700 });
  const wide = [];
  for (const p of pages) {
    await narrow.goto(root.url + p);
    const width = await narrow.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`/${p}: ${width} px`);
  }
  await narrow.close();
  assert.deepEqual(wide, [], "pages wider than a 320 px screen");
});

// A phone with its text at 200 % (Chrome's text size, 32 px): the site's title vanished behind
// the header's buttons, and the review chips of listings ("Overdue since 2026-08-02"), the
// feed's link and the template's download button ran past the screen: the pages scrolled
// sideways, up to 442 px in 390.
test("on a phone with text at 200 %, no page scrolls sideways and the site's title shows", { timeout: 120_000 }, async () => {
  const phone = await launch({ width: 390, height: 844 }, { hasTouch: true, isMobile: true });
  try {
    const page = watch(await phone.context.newPage());
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Page.enable");
    await cdp.send("Page.setFontSizes", { fontSizes: { standard: 32 } });
    const wide = [], titles = [];
    // And on a 320 px phone, where a listing's owners ("Growth and Experimentation"), the
    // home page's kinds and the links to connected pages ran 10 to 47 px past the screen.
    for (const screen of [390, 320]) {
      await page.setViewportSize({ width: screen, height: 844 });
      for (const p of ["", "reviews/", "owners/team-sre/", "kinds/process/", "whats-new/", "templates/postmortem/", "tools/", "tech-stack/",
        "processes/incidents/incident-communication/", "processes/incidents/status-page-updates/", "search/?q=incident"]) {
        await page.goto(root.url + p);
        if (p.startsWith("search/")) await page.waitForSelector(".search-results-list .search-result");
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > screen) wide.push(`/${p} at ${screen}: ${width} px`);
        // (At 320 px the title has 96 px beside the buttons: it shows, its first word cut.)
        const title = await siteTitle(page);
        if (screen === 390 && (!title.firstWordWhole || title.covering.length)) titles.push(`/${p}: ${JSON.stringify(title)}`);
      }
    }
    assert.deepEqual(wide, [], "pages wider than the screen");
    assert.deepEqual(titles, [], "the site's title, hidden or cut inside its first word");
    // The Menu button, its word dropped for room, is still named for screen readers.
    assert.equal(await page.getByRole("button", { name: "Menu" }).count(), 1);
    await page.close();
  } finally {
    await phone.close();
  }
});

// Printed (or saved as PDF), a page loses nothing: a table wider than the paper is fitted to
// it, its cells wrapped (its right-hand columns were cut at the page's edge), and folded text
// is printed unfolded, then folded again.
test("printed, a wide table fits the page and folded text is unfolded", async () => {
  const page = await newPage({ width: 1280, height: 900 });
  await page.goto(root.url + "processes/incidents/incident-communication/");
  await page.evaluate(() => {
    const prose = document.querySelector(".prose");
    const url = "https://example.com/a/very/long/path/that/goes/on/and/on/forever/and/ever/index.html";
    // (A bare URL in a cell is a link, as Markdown makes it.)
    const cells = (tag, n) => Array.from({ length: n }, (_, i) => `<${tag}>${i === 1 ? `<a href="${url}">${url}</a>` : "column " + (i + 1)}</${tag}>`).join("");
    prose.insertAdjacentHTML("beforeend",
      `<div class="table-wrap"><table><thead><tr>${cells("th", 10)}</tr></thead><tbody><tr>${cells("td", 10)}</tr></tbody></table></div>` +
      "<details><summary>Escalation matrix</summary><p id=\"folded\">Page the duty manager.</p></details>");
  });
  await page.emulateMedia({ media: "print" });
  // A4's printable width at 96 dpi is about 720 px; the page is laid out for the paper.
  await page.setViewportSize({ width: 720, height: 1000 });
  const widths = await page.evaluate(() => ({
    table: document.querySelector(".prose .table-wrap:last-of-type table").getBoundingClientRect().right,
    page: document.documentElement.clientWidth,
  }));
  assert.ok(widths.table <= widths.page, `the table ends at ${widths.table} px on a ${widths.page} px page`);
  // Words are kept whole: "column" is on one line in every header that has it.
  const cut = await page.evaluate(() => Array.from(document.querySelectorAll(".prose .table-wrap:last-of-type th"))
    .filter((th) => th.firstChild && th.firstChild.nodeType === 3)
    .filter((th) => {
      const range = document.createRange();
      range.setStart(th.firstChild, 0);
      range.setEnd(th.firstChild, "column".length);
      return range.getClientRects().length > 1;
    }).length);
  assert.equal(cut, 0, "headers with a word cut across lines");
  await page.evaluate(() => window.dispatchEvent(new Event("beforeprint")));
  assert.ok(await page.locator("#folded").isVisible(), "folded text is printed");
  await page.evaluate(() => window.dispatchEvent(new Event("afterprint")));
  // Folded again after (paper shows folded text whatever the script did: see the stylesheet).
  assert.ok(!(await page.locator("#folded").evaluate((el) => el.closest("details").open)), "and folded again after");
  await page.close();
});
