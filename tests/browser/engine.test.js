// The search engine of themes/default/static/assets/search.js run in node, without a browser:
// the tokenizer must cut text exactly like src/search/tokenize.rs, and a query must fetch only
// the files it needs. OPSBOOK_SITE (a built example site) is used by the last tests.
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const S = require("../../themes/default/static/assets/search.js");

const SITE = process.env.OPSBOOK_SITE ? path.resolve(process.env.OPSBOOK_SITE) : "";

test("tokenize folds case and accents like the Rust tokenizer", () => {
  assert.equal(S.fold("Résumé Ärger Straße"), "resume arger strasse");
  assert.equal(S.fold("Łódź Włocławek Søren Ærøskøbing Œuvre Þór Đorđe ħ ı"), "lodz wloclawek soren aeroskobing oeuvre thor dorde h i");
  assert.deepEqual(S.tokenize("Résumé"), S.tokenize("resume"));
  assert.deepEqual(S.tokenize("Release 2.10: on-call, SEV1!"), ["release", "2.10", "on", "call", "sev1"]);
  assert.deepEqual(S.tokenize("v2.10.1. Next"), ["v2.10.1", "next"]);
  assert.deepEqual(S.tokenize("see app.yaml or 3."), ["see", "app", "yaml", "or", "3"]);
  // Σ is σ wherever it stands (Rust lowercases char by char; JS would give a final ς).
  assert.deepEqual(S.tokenize("ΟΔΟΣ"), ["οδοσ"]);
  assert.deepEqual(S.tokenize("ＡＢＣ ﬁle ẞ"), ["abc", "file", "ss"]);
  assert.deepEqual(S.tokenize("x".repeat(41) + " " + "y".repeat(40)), ["y".repeat(40)]);
});

test("tokenize cuts CJK runs into overlapping bigrams", () => {
  assert.deepEqual(S.tokenize("障害対応の手順"), ["障害", "害対", "対応", "応の", "の手", "手順"]);
  assert.deepEqual(S.tokenize("検索 API"), ["検索", "api"]);
  assert.deepEqual(S.tokenize("検"), ["検"]);
  assert.deepEqual(S.tokenize("ｶﾀｶﾅ"), ["カタ", "タカ", "カナ"]);
  assert.deepEqual(S.tokenize("v2検索"), ["v2", "検索"]);
  // Voiced kana keep their marks, and Korean is cut into pairs, as the Rust tokenizer does.
  assert.equal(S.fold("ガイドが必要です"), "ガイドが必要です");
  assert.deepEqual(S.tokenize("서울 사무소의 회의실"), ["서울", "사무", "무소", "소의", "회의", "의실"]);
  assert.equal(S.fold("ｶﾞｲﾄﾞ カ\u3099イト\u3099 a\u3099 Re\u0301sume\u0301"), "ガイド ガイド a resume");
});

test("terms compare in code point order, like Rust's sorted term list", () => {
  assert.ok(S.compare("\uffff", "\u{10000}") < 0, "U+FFFF sorts before U+10000");
  assert.ok(S.compare("a", "ab") < 0 && S.compare("b", "ab") > 0 && S.compare("x", "x") === 0);
});

test("oneEdit accepts one insertion, deletion, substitution or swap", () => {
  for (const [a, b] of [["severity", "sevrity"], ["severity", "severty"], ["severity", "sevarity"], ["severity", "sevreity"], ["severity", "severityx"]]) {
    assert.ok(S.oneEdit(a, b) && S.oneEdit(b, a), `${a} ~ ${b}`);
  }
  for (const [a, b] of [["severity", "sverty"], ["severity", "sveerity2"], ["abc", "cba"]]) {
    assert.ok(!S.oneEdit(a, b), `${a} !~ ${b}`);
  }
});

test("highlighting marks the matched words of the original text", () => {
  const isHit = S.matcher({ terms: { resume: 1, "対応": 1 }, prefix: "inc" });
  const marks = (t) => S.segments(t, isHit).filter((s) => s.mark).map((s) => s.text);
  assert.deepEqual(marks("Send your Résumé about incidents."), ["Résumé", "incidents"]);
  assert.deepEqual(marks("障害対応の手順"), ["対応"]);
  assert.equal(S.segments("<b>x</b>", isHit).map((s) => s.text).join(""), "<b>x</b>", "text is kept as is");
  const long = "word ".repeat(40) + "incident here";
  const ex = S.excerpt(long, isHit);
  assert.ok(ex[0].text.startsWith("…") && ex.some((s) => s.mark), "a late match pulls the excerpt forward");
  // Text without spaces (Chinese, Japanese) is cut at a character.
  const cjk = S.excerpt("手順の説明です。".repeat(30) + "障害対応はここ。", isHit);
  assert.ok(cjk[0].text.startsWith("…") && cjk[0].text.length <= 42 && cjk[1].mark, JSON.stringify(cjk.slice(0, 2)));
  // Lines (cells, list items, code) are kept apart on the excerpt's one line; sentences are not.
  const shown = (t) => S.excerpt(t, isHit).map((s) => s.text).join("");
  assert.equal(shown("Severity\nStatus page\nSEV1"), "Severity · Status page · SEV1");
  assert.equal(shown("kubectl rollout undo deploy/api\nThen check the incident."), "kubectl rollout undo deploy/api · Then check the incident.");
  assert.equal(shown("Start here.\nTemplates are…\n"), "Start here. Templates are…");
  assert.deepEqual(S.excerpt("Severity\nincident", isHit).filter((s) => s.mark).map((s) => s.text), ["incident"]);
});

function siteFetch(log) {
  return async (url) => {
    const file = path.join(SITE, url);
    if (!fs.existsSync(file)) return { ok: false, status: 404, json: async () => null };
    const text = fs.readFileSync(file);
    log.push([url, text.length]);
    return {
      ok: true,
      status: 200,
      json: async () => JSON.parse(text),
      arrayBuffer: async () => text.buffer.slice(text.byteOffset, text.byteOffset + text.length),
    };
  };
}

test("a query fetches the manifest once, one chunk per word and the records it shows", { skip: !SITE && "OPSBOOK_SITE not set" }, async () => {
  const log = [];
  const engine = S.createEngine({ base: "", fetch: siteFetch(log) });
  const first = await engine.query("incident severity", { limit: 8 });
  assert.equal(first.shown[0].doc.title, "Incident severity levels");
  const files = log.map((l) => l[0]);
  assert.equal(files.filter((f) => f === "search/manifest.json").length, 1);
  assert.equal(files.filter((f) => f.startsWith("search/chunks/")).length, 2, files.join(" "));
  const per = (await engine.load()).records;
  const groups = new Set(first.hits.slice(0, 8).map((h) => Math.floor(h.id / per)));
  assert.deepEqual(files.filter((f) => f.startsWith("search/doc/")).sort(), [...groups].map((g) => `search/doc/${g}.json`).sort(),
    "the records files of the results shown, each once");
  assert.equal(files.filter((f) => f.startsWith("search/facets/")).length, 0, "the box needs no facets");
  log.length = 0;
  await engine.query("incident severity", { limit: 8 });
  assert.deepEqual(log, [], "a repeated query is served from memory");
});

test("every term the browser cuts from titles, headings and excerpts is in the index", { skip: !SITE && "OPSBOOK_SITE not set" }, async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(SITE, "search/manifest.json"), "utf8"));
  const terms = new Set();
  manifest.chunks.forEach((_, n) => {
    const chunk = JSON.parse(fs.readFileSync(path.join(SITE, `search/chunks/${n}.json`), "utf8"));
    Object.keys(chunk.terms).forEach((t) => terms.add(t));
  });
  const sorted = [...terms].sort(S.compare);
  manifest.chunks.forEach((first, n) => {
    assert.ok(sorted.includes(first), `chunk ${n} starts with a term`);
    if (n) assert.ok(S.compare(manifest.chunks[n - 1], first) < 0, `chunks sorted at ${n}`);
  });
  let checked = 0;
  const per = manifest.records;
  assert.ok(per >= 1);
  for (let id = 0; id < manifest.docs; id++) {
    const group = JSON.parse(fs.readFileSync(path.join(SITE, `search/doc/${Math.floor(id / per)}.json`), "utf8"));
    const doc = group[id % per];
    const texts = [doc.title, doc.summary].concat(doc.sections.flatMap((s) => [s[1], s[2]]));
    for (const text of texts) {
      const cut = S.tokenize(text);
      if (text.endsWith("…")) cut.pop();
      for (const t of cut) {
        assert.ok(terms.has(t), `${JSON.stringify(t)} from ${JSON.stringify(text.slice(0, 60))} (${doc.url})`);
        checked++;
      }
    }
  }
  assert.ok(checked > 1000, `checked ${checked} terms`);
});

test("a phrase of common words finds the page that has it as written", { skip: !SITE && "OPSBOOK_SITE not set" }, async () => {
  const log = [];
  const engine = S.createEngine({ base: "", fetch: siteFetch(log) });
  // Every word is common; only one page has them in this order.
  const result = await engine.query("where you think it is", { limit: 3 });
  assert.equal(result.shown[0].doc.title, "Feature flag rollout");
  assert.ok(result.hits[0].phrase >= 1, JSON.stringify(result.hits[0]));
  assert.ok(log.some((l) => l[0].startsWith("search/phrases/")), "the phrase buckets were read");
  // Two words make no run of three: no bucket is fetched.
  log.length = 0;
  await engine.search("rollout stages");
  assert.ok(!log.some((l) => l[0].startsWith("search/phrases/")));
});

test("a hyphenated word is found written without its hyphen", { skip: !SITE && "OPSBOOK_SITE not set" }, async () => {
  const engine = S.createEngine({ base: "", fetch: siteFetch([]) });
  const urls = async (q) => (await engine.query(q, { limit: 100 })).shown.map((s) => s.doc.url).sort();
  // `on-call` is `on` and `call` anywhere on a page; `oncall`, the pages that write on-call.
  const hyphenated = await urls("on-call escalation");
  const joined = await urls("oncall escalation");
  assert.deepEqual(joined, ["processes/customer/support-escalation/", "processes/incidents/incident-severity-levels/", "tools/pagerduty/"]);
  assert.ok(joined.every((u) => hyphenated.includes(u)), JSON.stringify(hyphenated));
});

test("every page's whole title, as a query, finds that page first", { skip: !SITE && "OPSBOOK_SITE not set" }, async () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(SITE, "search/manifest.json"), "utf8"));
  assert.ok(manifest.title_buckets >= 1);
  let checked = 0;
  for (let id = 0; id < manifest.docs; id++) {
    const per = manifest.records;
    const doc = JSON.parse(fs.readFileSync(path.join(SITE, `search/doc/${Math.floor(id / per)}.json`), "utf8"))[id % per];
    if (S.tokenize(doc.title).length < 2) continue;
    const log = [];
    const engine = S.createEngine({ base: "", fetch: siteFetch(log) });
    const hits = (await engine.search(doc.title)).hits;
    const first = await engine.doc(hits[0].id);
    // A page with the very same words as title (if there is one) is as good an answer.
    assert.deepEqual(S.tokenize(first.title), S.tokenize(doc.title), `${doc.title} (${doc.url})`);
    assert.equal(hits[0].title, 1);
    assert.ok(log.some((l) => l[0].startsWith("search/titles/")), "the title bucket was read");
    checked++;
  }
  assert.ok(checked > 20, `checked ${checked} titles`);
});

test("filters narrow the hits and count over the other facets", { skip: !SITE && "OPSBOOK_SITE not set" }, async () => {
  const engine = S.createEngine({ base: "", fetch: siteFetch([]) });
  const manifest = await engine.load();
  const result = await engine.search("incident");
  await engine.loadFacets(result.hits);
  const all = engine.refine(result, {});
  const kindTotal = Object.values(all.counts.kind).reduce((a, b) => a + b, 0);
  assert.equal(kindTotal, result.hits.length);
  const kenji = manifest.owners.findIndex((o) => o[0] === "kenji.watanabe");
  const narrowed = engine.refine(result, { owner: [kenji] });
  assert.equal(narrowed.hits.length, all.counts.owner[kenji]);
  assert.ok(narrowed.hits.every((h) => engine.facets(h.id).owner.includes(kenji)));
  assert.equal(narrowed.counts.owner[kenji], all.counts.owner[kenji], "a facet's own counts ignore its filter");
});

test("a failed load rejects and the next query tries again", async () => {
  let fail = true;
  const engine = S.createEngine({
    base: "x/",
    fetch: async (url) => {
      assert.ok(url.startsWith("x/search/"), url);
      if (fail) return { ok: false, status: 503, json: async () => null };
      return { ok: true, status: 200, json: async () => ({ version: 1, docs: 0, chunks: [], kinds: [], statuses: [], owners: [], tags: [] }) };
    },
  });
  await assert.rejects(engine.search("x"));
  fail = false;
  const r = await engine.search("");
  assert.deepEqual(r.hits, []);
});

test("a query's runs of words end where src/search/tokenize.rs ends them", () => {
  // The same text as tokenize.rs's runs_of_words_end_at_line_breaks_and_sentence_ends.
  assert.deepEqual(S.phraseRuns("check the plan. then page\nthe lead! v2.10 app.yaml ok? 障害。対応 end."), [
    ["check", "the", "plan"],
    ["then", "page"],
    ["the", "lead"],
    ["v2.10", "app", "yaml", "ok"],
    ["障害"],
    ["対応", "end"],
    [],
  ]);
});

test("phrase hashes are the ones src/search/phrases.rs pins", () => {
  assert.equal(S.wordHash(""), 0x811c9dc5);
  assert.equal(S.wordHash("rollback"), 0x7ccad87d);
  assert.equal(S.wordHash("障害"), 0x5be09256);
  const [a, b, c, d] = ["check", "the", "rollback", "plan"].map(S.wordHash);
  assert.equal(S.shingleHash(a, b, c), 0x17783f51);
  assert.equal(S.quadHash(a, b, c, d), 0x521b5922);
  assert.equal(S.titleHash(["check", "the", "rollback", "plan"]), 0xf3b98683);
  assert.equal(S.titleHash(["release", "8.0.2"]), 0xd4f27677);
});

// An index in memory: manifest and one chunk, as `opsbook build` writes them, phrase
// buckets given as {"w1 w2 w3": [doc, …]} and title buckets as {"whole title": [doc, …]}.
// `cap`: the postings cap, so that a test can say which words' lists are cut short (on pages
// they do not list).
function memoryEngine(terms, docs, phrases, titles, cap, records) {
  // Four buckets: each holds a quarter of the hash range, keyed by the hash's low 30 bits.
  const buckets = 4;
  // Typo word lists as src/search/mod.rs files them: by first and by second character.
  const words = {};
  Object.keys(terms).filter((t) => !/[0-9]/.test(t) && [...t].length >= 4).sort(S.compare).forEach((t) => {
    const [c0, c1] = [...t];
    (words[c0] = words[c0] || [[], []])[0].push(t);
    (words[c1] = words[c1] || [[], []])[1].push(t);
  });
  const chars = Object.keys(words).sort(S.compare);
  const files = {
    "x/search/manifest.json": { version: 6, docs, records: 8, postings_cap: cap || 500, chunks: [Object.keys(terms).sort()[0]], phrase_buckets: buckets, title_buckets: buckets, words: chars, kinds: [], statuses: [], owners: [], tags: [] },
    "x/search/chunks/0.json": { terms },
  };
  chars.forEach((c, n) => { files[`x/search/words/${n}.json`] = words[c]; });
  // Records eight to a file, as src/search/mod.rs writes them.
  (records || []).forEach((r, id) => {
    (files[`x/search/doc/${Math.floor(id / 8)}.json`] = files[`x/search/doc/${Math.floor(id / 8)}.json`] || [])[id % 8] = r;
  });
  const byBucket = Array.from({ length: buckets }, () => new Map());
  Object.entries(phrases || {}).forEach(([run, list]) => {
    const words = run.split(" ").map(S.wordHash);
    const h = words.length === 4 ? S.quadHash(...words) : S.shingleHash(...words);
    byBucket[Math.floor(h / 2 ** 30)].set(h % 2 ** 30, list);
  });
  byBucket.forEach((runs, b) => { files[`x/search/phrases/${b}.bin`] = encodeBucket(runs); });
  const byTitleBucket = Array.from({ length: buckets }, () => new Map());
  Object.entries(titles || {}).forEach(([title, list]) => {
    const h = S.titleHash(title.split(" "));
    byTitleBucket[Math.floor(h / 2 ** 30)].set(h % 2 ** 30, list);
  });
  byTitleBucket.forEach((runs, b) => { files[`x/search/titles/${b}.bin`] = encodeBucket(runs); });
  return S.createEngine({
    base: "x/",
    fetch: async (url) => ({
      ok: true,
      status: 200,
      json: async () => { if (!(url in files)) throw new Error("no " + url); return JSON.parse(JSON.stringify(files[url])); },
      arrayBuffer: async () => Uint8Array.from(files[url]).buffer,
    }),
  });
}

// A phrase bucket as src/search/phrases.rs writes it, from {key: [doc, …]}: LEB128 numbers,
// keys ascending.
function encodeBucket(runs) {
  const bytes = [];
  const push = (n) => {
    while (n >= 128) { bytes.push((n % 128) + 128); n = Math.floor(n / 128); }
    bytes.push(n);
  };
  let previous = 0;
  [...runs.keys()].sort((a, b) => a - b).forEach((key) => {
    const docs = runs.get(key);
    push((key - previous) * 2 + (docs.length > 1 ? 1 : 0));
    previous = key;
    if (docs.length > 1) push(docs.length);
    docs.forEach((d, i) => push(d - (i ? docs[i - 1] : 0)));
  });
  return bytes;
}

test("a phrase bucket reads like src/search/phrases.rs pins it", () => {
  // One bucket: "check the rollback" in documents 3 and 200, "check the rollback plan" and
  // "the rollback plan" in 200 (a_bucket_is_pinned).
  const hex = "a3fdc1f7020203c501c88cb18f04c801dadae79a03c801";
  const bytes = Uint8Array.from(hex.match(/../g).map((b) => parseInt(b, 16)));
  const [a, b, c, d] = ["check", "the", "rollback", "plan"].map(S.wordHash);
  assert.deepEqual(S.bucketDocs(bytes, S.shingleHash(a, b, c)), [3, 200]);
  assert.deepEqual(S.bucketDocs(bytes, S.quadHash(a, b, c, d)), [200]);
  assert.deepEqual(S.bucketDocs(bytes, S.shingleHash(b, c, d)), [200]);
  assert.deepEqual(S.bucketDocs(bytes, S.shingleHash(c, b, a)), []);
  assert.deepEqual(S.bucketDocs(bytes, 0), []);
  assert.deepEqual(S.bucketDocs(bytes.subarray(0, 7), S.quadHash(a, b, c, d)), [], "a cut bucket");
  const runs = new Map([[S.shingleHash(a, b, c), [3, 200]], [S.quadHash(a, b, c, d), [200]], [S.shingleHash(b, c, d), [200]]]);
  assert.equal(Buffer.from(encodeBucket(runs)).toString("hex"), hex, "the test's encoder writes the same");
});

test("a rare longer word never outranks the word as typed", async () => {
  // `access` is common (low scores); `accessibility` is rare, so its scores are high.
  const engine = memoryEngine({
    access: [0, 230, 0, 1, 120, 0],
    accessibility: [2, 5000, 0],
    policy: [0, 1100, 0, 2, 900, 0],
  }, 3);
  const ids = async (q) => (await engine.search(q)).hits.map((h) => h.id);
  // Typed as a whole word: the page with `access` in its title comes first.
  assert.deepEqual((await ids("access")).slice(0, 1), [0]);
  assert.deepEqual((await ids("policy access")).slice(0, 1), [0]);
  // Still typing, with no such word in the index: the longer word is what is meant.
  assert.deepEqual(await ids("accessib"), [2]);
});

test("while typing, the longer word most pages have comes first", async () => {
  // Four pages have `postmortem` (page 0 in its title), one has the rarer `postmortems`,
  // which scores high for its rarity.
  const engine = memoryEngine({
    postmortem: [0, 900, 0, 1, 400, 0, 2, 300, 0, 3, 200, 0],
    postmortems: [4, 2500, 0],
  }, 5);
  const ids = async (q) => (await engine.search(q)).hits.map((h) => h.id);
  assert.deepEqual((await ids("postm")).slice(0, 1), [0]);
  assert.deepEqual((await ids("postmor")).slice(0, 1), [0]);
  // Typed whole, each word is its own best match.
  assert.deepEqual((await ids("postmortems ")).slice(0, 1), [4]);
  assert.deepEqual((await ids("postmortem ")).slice(0, 1), [0]);
});

test("a word finds its singular or plural, below the word as typed", async () => {
  const engine = memoryEngine({
    policies: [0, 800, 0],
    policy: [1, 700, 0, 2, 300, 0],
    process: [3, 500, 0],
    processes: [4, 600, 0],
    onboarding: [5, 400, 0, 6, 390, 0, 7, 380, 0, 8, 370, 0],
    onboardings: [9, 3000, 0],
    status: [10, 100, 0],
    statu: [11, 100, 0],
  }, 12);
  const ids = async (q) => (await engine.search(q)).hits.map((h) => h.id);
  assert.deepEqual(await ids("policies "), [0, 1, 2]);
  assert.deepEqual(await ids("policy "), [1, 2, 0]);
  assert.deepEqual(await ids("process "), [3, 4]);
  assert.deepEqual(await ids("processes "), [4, 3]);
  // A rare plural, high for its rarity, stays below the pages with the word as typed.
  assert.deepEqual(await ids("onboarding "), [5, 6, 7, 8, 9]);
  // `status` is no plural.
  assert.deepEqual(await ids("status "), [10]);
});

test("Hebrew and Arabic fold and lose their prefixes like src/search/tokenize.rs", () => {
  // The vectors of tokenize.rs's tests.
  assert.equal(S.fold("الـعملية مستشفى أَمْن إدارة תְּהָלִיךְ"), "العمليه مستشفي امن اداره תהליך");
  const cases = {
    "התהליך": ["תהליך"], "בתקלה": ["תקלה"], "ולתהליך": ["לתהליך", "תהליך"],
    "וכשהמערכת": ["כשהמערכת", "שהמערכת", "המערכת"], "בית": [], "שותף": ["ותף"], "תקלה": [],
    "העמליה": ["עמליה"], "ב2026": [],
    "العمليه": ["عمليه"], "والعمليه": ["العمليه", "عمليه"], "للفريق": ["فريق"], "بالبريد": ["بريد"],
    "وثيقه": ["ثيقه"], "ولد": [], "ال": [], "الم": [], "incident": [],
  };
  for (const [word, bare] of Object.entries(cases)) assert.deepEqual(S.prefixVariants(word), bare, word);
});

test("a Hebrew or Arabic word finds the pages with it after a prefix, below those with it as typed", async () => {
  // What the index holds: each word as written, and its words without prefixes for every
  // page that has it (tokenize.rs's without_prefixes).
  const engine = memoryEngine({
    "בתקלה": [0, 800, 0],
    "התקלה": [1, 900, 0],
    "תקלה": [0, 800, 0, 1, 900, 0, 2, 500, 0],
    "العمليه": [3, 700, 0],
    "عمليه": [3, 700, 0, 4, 650, 0],
  }, 5);
  const ids = async (q) => (await engine.search(q)).hits.map((h) => h.id);
  assert.deepEqual(await ids("תקלה "), [1, 0, 2]);
  assert.deepEqual(await ids("בתקלה "), [0, 1, 2]);
  // Still typing the word, too.
  assert.deepEqual(await ids("בתקלה"), [0, 1, 2]);
  assert.deepEqual(await ids("العملية "), [3, 4]);
  assert.deepEqual(await ids("عملية"), [3, 4]);
  // The results' text marks the word with its prefix.
  const isHit = S.matcher(await engine.search("תקלה "));
  assert.deepEqual(S.segments("מפקד התקלה מוביל", isHit).filter((x) => x.mark).map((x) => x.text), ["התקלה"]);
});

test("pages holding the query's runs of three words come first", async () => {
  // Pages 0 and 1 score high on each word; page 2 is in no word's postings (past the cap of
  // two) but holds "check the rollback" as written, page 3 "check the rollback plan", page 4
  // "check the rollback" and "the rollback plan" apart. Page 1 has no "plan" (its postings
  // are whole).
  const engine = memoryEngine({
    check: [0, 900, 0, 1, 800, 0],
    the: [0, 100, 0, 1, 100, 0],
    rollback: [1, 700, 0, 0, 600, 0],
    plan: [0, 500, 0],
  }, 5, { "check the rollback": [2, 3, 4], "the rollback plan": [3, 4], "check the rollback plan": [3] }, {}, 2);
  const ids = async (q) => (await engine.search(q)).hits.map((h) => h.id);
  assert.deepEqual(await ids("check the rollback"), [2, 3, 4, 0, 1]);
  assert.deepEqual(await ids("check the rollback plan"), [3, 4, 2, 0]);
  // Out of order, the words match but the phrase does not.
  assert.deepEqual((await ids("rollback the check")).slice(0, 2), [0, 1]);
  // While the last word is still being typed it is left out of the runs.
  assert.deepEqual((await ids("check the rollback pl")).slice(0, 3), [2, 3, 4]);
});

test("a query that is a page's whole title finds that page first, typo or not", async () => {
  // Pages 0 and 1 are the best for `release`; page 2, titled "Release 8.0.2", is past the
  // postings' cap for it (on thousands of pages in a big wiki) and has `8.0.2` less often
  // than page 1.
  const engine = memoryEngine({
    release: [0, 900, 0, 1, 800, 0],
    "8.0.2": [1, 700, 0, 2, 300, 0],
  }, 3, {}, { "release 8.0.2": [2] }, 2);
  const ids = async (q) => (await engine.search(q)).hits.map((h) => h.id);
  assert.deepEqual(await ids("Release 8.0.2"), [2, 1, 0]);
  assert.deepEqual(await ids("relaese 8.0.2"), [2, 1, 0], "with the typo corrected");
  // Not the title word for word: ranked by the words' postings.
  assert.deepEqual(await ids("8.0.2 release"), [1, 0, 2]);
  assert.deepEqual(await ids("8.0.2"), [1, 2]);
});

test("a typo anywhere in a word of five letters or more still finds it", async () => {
  const engine = memoryEngine({
    policy: [0, 900, 0],
    police: [1, 900, 0],
    pricing: [2, 800, 0],
    "7.20.0": [3, 700, 0],
  }, 4);
  const terms = async (q) => Object.keys((await engine.search(q + " ")).terms).sort();
  assert.deepEqual(await terms("plicy"), ["policy"], "a letter dropped");
  assert.deepEqual(await terms("ploicy"), ["policy"], "two letters swapped");
  assert.deepEqual(await terms("oplicy"), ["policy"], "the first two swapped");
  assert.deepEqual(await terms("olicy"), ["policy"], "the first letter dropped");
  assert.deepEqual(await terms("xolicy"), ["policy"], "a wrong first letter");
  assert.deepEqual(await terms("ppolicy"), ["policy"], "an extra first letter");
  assert.deepEqual(await terms("policx"), ["police", "policy"], "both words one edit away");
  assert.deepEqual(await terms("7.20.1"), [], "another version is not a typo");
  assert.deepEqual(await terms("plcy"), [], "four letters: no typo allowed");
});

test("a version is found with or without its v", async () => {
  const engine = memoryEngine({ "2.3.1": [0, 700, 0], "v2.3.1": [1, 700, 0], v2: [2, 700, 0], 2: [3, 700, 0] }, 4);
  const found = async (q) => (await engine.search(q)).hits.map((h) => h.id).sort();
  assert.deepEqual(await found("2.3.1 "), [0, 1]);
  assert.deepEqual(await found("v2.3.1 "), [0, 1]);
  assert.deepEqual(await found("v2 "), [2], "v2 is no number with dots");
});

test("results have every word the index lists in full; with none, the pages with some stand in", async () => {
  // `the` is cut at the cap of four (page 3 has it too, unlisted); the other lists are whole.
  const engine = memoryEngine({
    the: [0, 100, 0, 1, 100, 0, 2, 100, 0, 5, 100, 0],
    kubernetes: [0, 900, 0, 1, 800, 0, 3, 700, 0],
    upgrade: [1, 600, 0, 3, 500, 0, 4, 900, 0],
    upgrades: [2, 400, 0],
    runbook: [5, 300, 0],
  }, 6, {}, {}, 4);
  const found = async (q) => {
    const r = await engine.search(q);
    return [r.hits.map((h) => h.id).sort(), r.some];
  };
  // A count is exact only when every word's pages are listed in full: `the` is on more pages
  // than its list, so "the …" finds at least, not exactly, its pages.
  assert.equal((await engine.search("kubernetes upgrade ")).atLeast, false);
  assert.equal((await engine.search("the kubernetes ")).atLeast, true);
  assert.deepEqual(await found("kubernetes upgrade "), [[1, 3], false], "both words: not 0, 2 or 4");
  assert.deepEqual(await found("the kubernetes upgrade "), [[1, 3], false], "a word past the cap is not required");
  assert.deepEqual(await found("upgrade "), [[1, 2, 3, 4], false], "the plural counts as the word");
  assert.deepEqual(await found("kubernetes upgr"), [[1, 3], false], "a word being typed stands for its longer words");
  assert.deepEqual(await found("kubernetes u"), [[0, 1, 3], false], "one letter typed is no word yet");
  assert.deepEqual(await found("kubernetes runbook "), [[0, 1, 3, 5], true], "no page has both: those with either");
  assert.deepEqual(await found("kubernetes zzzzz "), [[0, 1, 3], true], "a word of no page");
  // The total the UI shows is that of the narrowed results.
  const res = await engine.query("kubernetes upgrade ", { limit: 0 });
  assert.equal(res.hits.length, 2);
});

test("a result links to the section most of the query's words weigh most in", async () => {
  // `quokka` is the page's rarest word, in section 1; `walrus` and `gizmos` are in section 2.
  const engine = memoryEngine({
    quokka: [0, 1000, 1],
    walrus: [0, 600, 2],
    gizmos: [0, 500, 2],
    handbook: [0, 2000, 65535],
  }, 1);
  const section = async (q) => (await engine.search(q)).hits[0].section;
  assert.equal(await section("quokka walrus gizmos"), 2);
  // One word each: the section where the words weigh most.
  assert.equal(await section("quokka walrus"), 1);
  assert.equal(await section("walrus gizmos"), 2);
  // A word only in the title says nothing of where: the other word's section, else the top.
  assert.equal(await section("handbook walrus"), 2);
  assert.equal(await section("handbook"), 65535);
});

test("a page found by a run of its words alone opens where its text shows them", async () => {
  // Page 1 is past the cap of each word's postings, found by the phrase index alone, which
  // says nothing of where: its second section's first lines hold the run.
  const record = (title, sections) => ({ title, url: title.toLowerCase() + "/", summary: "Summary.", kind: "Process", owners: [], review: "ok", sections });
  const engine = memoryEngine({
    check: [0, 900, 0],
    the: [0, 100, 0],
    rollback: [0, 700, 0],
  }, 3, { "check the rollback": [1, 2] }, {}, 1, [
    record("Deploys", [["", "", "Check the rollback plan."]]),
    record("Canaries", [["", "", "Intro text."], ["steps", "Steps", "Check the canary, then check the rollback."], ["notes", "Notes", "Rollback notes."]]),
    record("Check the rollback", [["", "", "Nothing about it here."]]),
  ]);
  const shown = (await engine.query("check the rollback")).shown;
  const canaries = shown.find((s) => s.doc.title === "Canaries"), titled = shown.find((s) => s.doc.title === "Check the rollback");
  assert.equal(canaries.hit.section, 1, "the section showing all three words, not the one with one");
  // A page whose title holds every word opens at its top, where the title is.
  assert.equal(titled.hit.section, 65535);
});

test("a review built ok is due soon, then overdue, as days pass", () => {
  const on = (today) => S.reviewOn("ok", "2027-04-12", today, 30);
  assert.equal(on("2027-03-12"), "ok");
  assert.equal(on("2027-03-13"), "due_soon");
  assert.equal(on("2027-04-12"), "due_soon");
  assert.equal(on("2027-04-13"), "overdue");
  assert.equal(S.reviewOn("due_soon", "2027-04-12", "2027-04-13", 30), "overdue");
  assert.equal(S.reviewOn("none", null, "2027-04-13", 30), "none");
  assert.equal(S.reviewOn("ok", "2027-04-12", "2027-04-01", -1), "ok", "without the site's window");
});
