// Runs the query sets through both engines in node and prints JSON.
//
//   node measure.mjs bytes   SITE QUERIES.json [--shown 8]   bytes per query, cold and warm
//   node measure.mjs quality SITE KNOWN.json   [--top 3] [--query-timeout 30]
//                                                            known-item hit rate
//   --engine opsbook|pagefind runs only that engine (default: both)
//
// SITE is opsbook's output folder with Pagefind's bundle in SITE/pagefind (bench/search/run).
//
// bytes: for each query q[i], a fresh session (a new tab) runs q[i] and shows its first
// `shown` results: "cold" is every file that needed (script, wasm, manifest or meta, index
// chunks, the shown results' records or fragments). Another fresh session runs q[i-1] and
// then q[i]: "warm" is what q[i] reads that q[i-1] had not. Bytes are on disk ("raw") and as
// served gzip -6 ("gzip"; Pagefind's files are gzip already and count as they are).
//
// quality: one session per engine runs every query; a query scores when its target's URL is
// among the first `top` results (for title and typo queries, a page with the very same title
// also counts, reported apart as "strict"). Sessions run in a worker thread: a query with no
// answer after --query-timeout seconds counts as a miss ("timedOut"), its session is stopped
// and the next query gets a fresh one.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Worker } from "node:worker_threads";
import { opsbookSession, pagefindSession, total } from "./engines.mjs";

const [what, site, file, ...rest] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = rest.indexOf("--" + name);
  return i < 0 ? dflt : typeof dflt === "number" ? Number(rest[i + 1]) : rest[i + 1];
};
if (!what || !site || !file) {
  console.error("usage: node measure.mjs bytes|quality SITE QUERIES.json");
  process.exit(2);
}
const input = JSON.parse(readFileSync(file, "utf8"));
const ENGINES = { opsbook: opsbookSession, pagefind: pagefindSession };

function category(tool, path) {
  if (tool === "opsbook") {
    if (path.endsWith(".js")) return "code";
    if (path === "search/manifest.json") return "manifest";
    if (path.startsWith("search/chunks/") || path.startsWith("search/phrases/")) return "index";
    if (path.startsWith("search/doc/")) return "results";
  } else {
    if (path.endsWith(".js") || path.includes("wasm")) return "code";
    if (path.endsWith("pagefind-entry.json") || path.endsWith(".pf_meta")) return "manifest";
    if (path.endsWith(".pf_index")) return "index";
    if (path.endsWith(".pf_filter")) return "filters";
    if (path.endsWith(".pf_fragment")) return "results";
  }
  return "other";
}

function breakdown(tool, entries) {
  const out = {};
  const seen = new Set();
  for (const e of entries) {
    if (e.missing || seen.has(e.path)) continue;
    seen.add(e.path);
    const c = category(tool, e.path);
    out[c] = out[c] || { raw: 0, gzip: 0, files: 0 };
    out[c].raw += e.raw;
    out[c].gzip += e.gzip;
    out[c].files++;
  }
  return out;
}

function stats(values) {
  const v = [...values].sort((a, b) => a - b);
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, mean: v.reduce((a, b) => a + b, 0) / v.length, min: v[0], max: v[v.length - 1] };
}

async function bytes(tool, queries, shown) {
  const make = ENGINES[tool];
  const cold = [], warm = [];
  for (let i = 0; i < queries.length; i++) {
    const s = await make(site);
    const urls = await s.query(queries[i], shown);
    const t = total(s.log);
    cold.push({ query: queries[i], results: urls.length, ...t, parts: breakdown(tool, s.log),
      missing: s.log.filter((e) => e.missing).map((e) => e.path) });

    const w = await make(site);
    await w.query(queries[(i + queries.length - 1) % queries.length], shown);
    const before = new Set(w.log.map((e) => e.path));
    await w.query(queries[i], shown);
    const fresh = w.log.filter((e) => !before.has(e.path));
    warm.push({ query: queries[i], after: queries[(i + queries.length - 1) % queries.length],
      ...total(fresh), parts: breakdown(tool, fresh) });
  }
  const sum = (list, key) => stats(list.map((x) => x[key]));
  return {
    cold: { raw: sum(cold, "raw"), gzip: sum(cold, "gzip"), files: sum(cold, "files") },
    warm: { raw: sum(warm, "raw"), gzip: sum(warm, "gzip"), files: sum(warm, "files") },
    perQuery: { cold, warm },
  };
}

// A session in a worker thread: top(q, n) resolves to the URLs, or to null when the query has
// not answered after `timeoutMs` (the worker is then terminated: the session is dead).
function workerSession(tool, timeoutMs) {
  const w = new Worker(new URL("./session-worker.mjs", import.meta.url), { workerData: { tool, site } });
  const ready = new Promise((resolve, reject) => {
    w.once("message", resolve);
    w.once("error", reject);
  });
  const session = {
    dead: false,
    async top(q, n) {
      await ready;
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          w.off("message", onMessage);
          w.off("error", onError);
        };
        const timer = setTimeout(() => {
          done();
          session.dead = true;
          w.terminate().then(() => resolve(null), () => resolve(null));
        }, timeoutMs);
        const onMessage = (m) => {
          done();
          if (m.error) reject(new Error(m.error));
          else resolve(m.got);
        };
        const onError = (e) => {
          done();
          reject(e);
        };
        w.on("message", onMessage);
        w.on("error", onError);
        w.postMessage({ query: q, n });
      });
    },
    close: () => w.terminate(),
  };
  return session;
}

async function quality(tool, items, top, timeout) {
  // A fresh session every 50 queries: results do not depend on what a session has cached, and
  // Pagefind's in-memory state slows a long session down.
  let s = null;
  const pages = JSON.parse(readFileSync(join(site, "pages.json"), "utf8")).pages;
  const urlOf = new Map();
  for (const p of pages) {
    // pages.json: url "/a/b/", source "content/a/b.md" (or relative to the content folder).
    const src = p.source.replace(/\\/g, "/").replace(/^(\.\/)?content\//, "");
    urlOf.set(src, p.url.replace(/^\//, ""));
  }
  const norm = (u) => u.replace(/^\//, "").replace(/index\.html$/, "");
  const out = [];
  for (const item of items) {
    if (out.length % 50 === 0 || s.dead) {
      if (s) await s.close();
      s = workerSession(tool, timeout * 1000);
    }
    const target = urlOf.get(item.target);
    if (target == null) throw new Error("no page for " + item.target + " in pages.json");
    const twins = new Set(item.twins.map((t) => urlOf.get(t)));
    const answer = await s.top(item.query, top);
    const timedOut = answer === null;
    if (timedOut) process.stderr.write(`   ${tool}: no answer after ${timeout} s to ${JSON.stringify(item.query)} (a miss)\n`);
    const got = (answer || []).map(norm);
    const strict = got.includes(norm(target));
    const hit = strict || got.some((u) => twins.has(u));
    const rank = got.indexOf(norm(target));
    out.push({ kind: item.kind, query: item.query, target, hit, strict, rank: rank < 0 ? null : rank + 1,
      got, edit: item.edit, position: item.position, ...(timedOut ? { timedOut } : {}) });
    if (out.length % 100 === 0) process.stderr.write(`   ${tool}: ${out.length}/${items.length} queries\n`);
  }
  const rate = (list, key) => (list.length ? list.filter((x) => x[key]).length / list.length : null);
  const stopped = (list) => list.filter((x) => x.timedOut).length;
  const summary = { all: { n: out.length, hit: rate(out, "hit"), strict: rate(out, "strict"), timedOut: stopped(out) } };
  for (const kind of ["title", "typo", "phrase"]) {
    const list = out.filter((x) => x.kind === kind);
    summary[kind] = { n: list.length, hit: rate(list, "hit"), strict: rate(list, "strict"), timedOut: stopped(list) };
  }
  if (s) await s.close();
  const typos = out.filter((x) => x.kind === "typo");
  summary.typoByEdit = {};
  for (const e of ["substitute", "delete", "insert", "swap"]) {
    const list = typos.filter((x) => x.edit === e);
    summary.typoByEdit[e] = { n: list.length, hit: rate(list, "hit") };
  }
  const early = typos.filter((x) => x.position < 2), late = typos.filter((x) => x.position >= 2);
  summary.typoByPosition = { firstTwoLetters: { n: early.length, hit: rate(early, "hit") },
    later: { n: late.length, hit: rate(late, "hit") } };
  return { summary, misses: out.filter((x) => !x.hit) };
}

const result = {};
const only = opt("engine", "");
if (only && !ENGINES[only]) throw new Error("unknown engine " + only);
for (const tool of only ? [only] : Object.keys(ENGINES)) {
  if (what === "bytes") result[tool] = await bytes(tool, input, opt("shown", 8));
  else if (what === "quality") result[tool] = await quality(tool, input, opt("top", 3), opt("query-timeout", 30));
  else throw new Error("unknown measure " + what);
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
