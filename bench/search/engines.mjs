// Both search engines loaded in node, each reading a built site from disk through an
// instrumented `fetch` that records every file it reads (path, bytes on disk, bytes gzipped).
//
//   opsbook:  the site's own assets/search.js (required: its engine has no DOM), created with
//             {base, fetch}, so it reads search/manifest.json, search/chunks/N.json and
//             search/doc/G.json, search/phrases/B.json exactly as in a browser.
//   Pagefind: the site's pagefind/pagefind.js (an ES module), imported with a global `fetch`
//             that serves the files; it loads pagefind-entry.json, its wasm, the language's
//             meta file, the index chunks of the query's words, and a fragment per result
//             whose data() is asked for.
//
// A "session" is one page load: a fresh engine with empty caches, as in a new browser tab.

import { readFileSync, statSync, existsSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { join, resolve, sep } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const gzCache = new Map();

// Bytes a browser receives for a file: gzip -6 of it, unless it is already gzip (Pagefind's
// .pf_* and wasm files are written gzipped and served as they are).
export function fileCost(path) {
  let c = gzCache.get(path);
  if (!c) {
    const data = readFileSync(path);
    const gzipped = data.length > 2 && data[0] === 0x1f && data[1] === 0x8b;
    c = { raw: data.length, gzip: gzipped ? data.length : gzipSync(data, { level: 6 }).length, gzipped };
    gzCache.set(path, c);
  }
  return c;
}

function response(path, log, root) {
  if (!path.startsWith(root + sep) || !existsSync(path) || !statSync(path).isFile()) {
    log.push({ path: path.slice(root.length + 1), raw: 0, gzip: 0, missing: true });
    return { ok: false, status: 404, json: async () => { throw new Error("404"); },
      arrayBuffer: async () => new ArrayBuffer(0), text: async () => "" };
  }
  const data = readFileSync(path);
  log.push({ path: path.slice(root.length + 1), ...fileCost(path) });
  const ab = () => data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  return {
    ok: true, status: 200, headers: new Map(),
    json: async () => JSON.parse(data.toString("utf8")),
    text: async () => data.toString("utf8"),
    arrayBuffer: async () => ab(),
  };
}

const BASE = "http://wiki.test/";

// opsbook: a session whose fetch log is `session.log`.
export function opsbookSession(site) {
  site = resolve(site);
  const script = join(site, "assets", "search.js");
  const S = require(script);
  const log = [{ path: "assets/search.js", ...fileCost(script) }];
  const fetch = async (url) => {
    const rel = decodeURIComponent(new URL(url).pathname.slice(1));
    return response(join(site, rel), log, site);
  };
  const engine = S.createEngine({ base: BASE, fetch });
  const urlOf = async (id) => (await engine.doc(id)).url;
  return {
    log,
    // The top `shown` results as the header box shows them: the records of those results are
    // fetched (what a reader sees); returns their URLs, site-relative without a leading '/'.
    async query(q, shown) {
      const res = await engine.query(q, { limit: shown });
      return res.shown.map((s) => s.doc.url);
    },
    // The URLs of the top `n` hits, for quality (reads the records of those hits).
    async top(q, n) {
      const res = await engine.search(q);
      return Promise.all(res.hits.slice(0, n).map((h) => urlOf(h.id)));
    },
  };
}

// Pagefind: its module is imported afresh for each session (a distinct URL), with the global
// fetch pointed at this session's log.
let sessionNo = 0;
let currentFetch = null;
globalThis.fetch = (url, init) => currentFetch(url, init);

export async function pagefindSession(site, bundle = "pagefind") {
  site = resolve(site);
  const dir = join(site, bundle);
  const log = [];
  const fetch = async (url) => {
    const u = new URL(typeof url === "string" ? url : url.url);
    const path = u.protocol === "file:" ? fileURLToPath(u) : join(site, decodeURIComponent(u.pathname.slice(1)));
    return response(path, log, site);
  };
  currentFetch = fetch;
  const entry = join(dir, "pagefind.js");
  log.push({ path: `${bundle}/pagefind.js`, ...fileCost(entry) });
  // In a browser (window + Worker), pagefind.js runs the search in a web worker it loads from
  // pagefind-worker.js; in node it falls back to the main thread. Count what a browser loads.
  const worker = join(dir, "pagefind-worker.js");
  if (existsSync(worker)) log.push({ path: `${bundle}/pagefind-worker.js`, ...fileCost(worker) });
  const pf = await import(pathToFileURL(entry).href + "?session=" + ++sessionNo);
  const use = async (fn) => {
    currentFetch = fetch;
    return fn();
  };
  await use(() => pf.options({ basePath: BASE + bundle + "/", baseUrl: "/" }));
  const run = (q) => use(() => pf.search(q));
  return {
    log,
    async query(q, shown) {
      const res = await run(q);
      if (!res) return [];
      const data = await use(() => Promise.all(res.results.slice(0, shown).map((r) => r.data())));
      return data.map((d) => d.url.replace(/^\//, ""));
    },
    async top(q, n) {
      return this.query(q, n);
    },
  };
}

// Sums a slice of a log, counting each path once.
export function total(entries) {
  const seen = new Set();
  let raw = 0, gzip = 0, files = 0;
  for (const e of entries) {
    if (e.missing || seen.has(e.path)) continue;
    seen.add(e.path);
    raw += e.raw;
    gzip += e.gzip;
    files++;
  }
  return { raw, gzip, files };
}
