/* opsbook search: the engine (no DOM; node can require it) and the header box and results page.
 * The index is written by `opsbook build` (src/search/mod.rs): search/manifest.json,
 * search/chunks/N.json (sorted terms → flat postings [doc, score, section, …]),
 * search/phrases/B.bin (hashed runs of 3 and 4 words → documents, for queries of 3+ words),
 * search/titles/B.bin (hashed whole titles → documents, for queries of 2+ words),
 * search/words/N.json (the index's words by first and second character, for typos),
 * search/facets/G.json (facets of 1000 documents, for the results page's filters:
 *   [kind, review status, [owners], [tags], review due date or ""]),
 * search/doc/G.json (what a result shows, for the manifest's `records` documents a file).
 * A query fetches the manifest once, the chunk of each of its words, the buckets of its word
 * runs and of the title it may be, a misspelt word's word lists and the records of the results
 * it shows. */
(function (root, factory) {
  var api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.opsbookSearch = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /* -------------------------------------------------- tokenizer (= src/search/tokenize.rs) */
  var MARKS = /\p{M}/gu;
  var ALNUM = /^[\p{Alphabetic}\p{N}]$/u;
  var MAX_TERM = 40;

  function isCjk(cp) {
    return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xff66 && cp <= 0xff9f);
  }

  // NFKD, marks dropped, lowercased char by char (so Σ is always σ, as in Rust), ß → ss,
  // ł → l, æ → ae and the other letters no decomposition takes apart;
  // runs of kana composed (NFKC) with their marks, Hangul syllables kept whole
  // (src/search/tokenize.rs's is_kana and is_hangul_syllable).
  var KANA_OR_HANGUL = /([\u3040-\u30ff\uff66-\uff9f]+)|[\uac00-\ud7a3]+/g;
  function fold(text) {
    var t = String(text), out = "", from = 0, m;
    KANA_OR_HANGUL.lastIndex = 0;
    while ((m = KANA_OR_HANGUL.exec(t))) {
      out += t.slice(from, m.index).normalize("NFKD").replace(MARKS, "");
      out += m[1] ? m[0].normalize("NFKC").replace(MARKS, "") : m[0];
      from = m.index + m[0].length;
    }
    out += t.slice(from).normalize("NFKD").replace(MARKS, "");
    return out.replace(/Σ/g, "σ").toLowerCase().replace(STROKED, function (c) { return STROKED_AS[c]; });
  }
  // Letters no decomposition takes apart, and Arabic spelled two ways (ة/ه, ى/ي, tatweels)
  // (tokenize.rs's fold_into).
  var STROKED = /[ßæœþłŀøđðħıةىـ]/g;
  var STROKED_AS = { "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ł": "l", "ŀ": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ة": "ه", "ى": "ي", "ـ": "" };

  // A Hebrew or Arabic word without the letters those languages join to its front for "the",
  // "and", "in", "to"... (tokenize.rs's prefix_variants, whose words the index also holds).
  var HEBREW_PREFIX = "והבכלמש", ARABIC_ARTICLES = ["بال", "كال", "فال", "لل", "ال"];
  function isHebrew(c) { return c >= "א" && c <= "ת"; }
  function isArabic(c) { return c >= "ء" && c <= "ي"; }
  function prefixVariants(word) {
    var cs = Array.from(word), out = [];
    if (isHebrew(cs[0] || "")) {
      for (var k = 0; k < 3 && k < cs.length; k++) {
        if (HEBREW_PREFIX.indexOf(cs[k]) < 0 || (cs[k] === "ו" && k > 0)) break;
        if (cs.length - k - 1 < 3 || !isHebrew(cs[k + 1])) break;
        out.push(cs.slice(k + 1).join(""));
      }
    } else if (isArabic(cs[0] || "")) {
      var rest = cs;
      if (cs[0] === "و" && cs.length - 1 >= 3) { rest = cs.slice(1); out.push(rest.join("")); }
      var r = rest.join("");
      for (var i = 0; i < ARABIC_ARTICLES.length; i++) {
        var a = ARABIC_ARTICLES[i];
        if (r.indexOf(a) === 0) {
          var after = Array.from(r.slice(a.length));
          if (after.length >= 2 && isArabic(after[0])) out.push(after.join(""));
          break;
        }
      }
    }
    return out;
  }

  function cpLength(s) {
    var n = 0;
    for (var i = 0; i < s.length; i++) { var c = s.charCodeAt(i); if (c < 0xdc00 || c > 0xdfff) n++; }
    return n;
  }

  // The terms of `text` in order: words of letters and digits; CJK runs as overlapping bigrams.
  var DIGIT = /^[0-9]$/;
  function tokenize(text) {
    var out = [], word = "", run = [];
    function flushWord() { if (word) { out.push(word); word = ""; } }
    function flushRun() {
      if (run.length === 1) out.push(run[0]);
      for (var i = 0; i + 1 < run.length; i++) out.push(run[i] + run[i + 1]);
      run = [];
    }
    var chars = Array.from(fold(text));
    for (var i = 0; i < chars.length; i++) {
      var ch = chars[i];
      if (isCjk(ch.codePointAt(0))) { flushWord(); run.push(ch); }
      else if (ALNUM.test(ch)) { flushRun(); word += ch; }
      // A version or a number keeps its dots: 2.10.1 is one term, not 2, 10 and 1.
      else if (ch === "." && DIGIT.test(word.slice(-1)) && DIGIT.test(chars[i + 1] || "")) { word += ch; }
      else { flushWord(); flushRun(); }
    }
    flushWord(); flushRun();
    return out.filter(function (t) { return cpLength(t) <= MAX_TERM; });
  }

  // The terms of `text` by run of words, cut where src/search/tokenize.rs's ends_run cuts
  // (a line break; ".", "!" or "?" before a space or the end; "。"): a phrase is within one.
  var RUN_END = /\n|[.!?](?=[ \t\n\f\r]|$)|\u3002/;
  function phraseRuns(text) {
    return fold(text).split(RUN_END).map(tokenize);
  }

  /* ------------------------------------------- phrase hashes (= src/search/phrases.rs) */
  var utf8 = typeof TextEncoder === "function" ? new TextEncoder() : null;
  // FNV-1a of the term's UTF-8 bytes.
  function wordHash(term) {
    var bytes = utf8.encode(term), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) { h ^= bytes[i]; h = Math.imul(h, 0x01000193); }
    return h >>> 0;
  }
  // Three consecutive terms' hashes → the hash of the run, as the index stores it.
  function shingleHash(a, b, c) {
    var h = Math.imul(a, 0x9e3779b1) ^ b;
    h = Math.imul(h, 0x85ebca77) ^ c;
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  }
  // Four consecutive terms' hashes → the hash of the run.
  function quadHash(a, b, c, d) { return shingleHash(shingleHash(a, b, c), d, 0x3c6ef372); }
  // A whole title's terms → its hash in the title index (title_hash).
  function titleHash(terms) {
    var h = 0x6a09e667;
    terms.forEach(function (t) { h = shingleHash(h, wordHash(t), 0x510e527f); });
    return h;
  }
  // The documents of the run with `key` (hash / buckets) in a phrase bucket: LEB128 numbers,
  // keys ascending, each as (key - previous key) * 2 + several, then when several the count,
  // then the documents as gaps (src/search/phrases.rs).
  function bucketDocs(bytes, key) {
    var pos = 0, current = 0, docs = [];
    function next() {
      var n = 0, scale = 1, b;
      do { b = bytes[pos++]; n += (b & 127) * scale; scale *= 128; } while (b >= 128);
      return n;
    }
    while (pos < bytes.length) {
      var head = next(), several = head % 2;
      current += (head - several) / 2;
      var count = several ? next() : 1, doc = 0;
      if (current > key) break;
      for (var k = 0; k < count; k++) {
        doc += next();
        if (current === key) docs.push(doc);
      }
      if (current === key) break;
    }
    return docs;
  }

  /* ----------------------------------------------------------------------- helpers */
  // Compares like Rust's str (code point order), not UTF-16 code units.
  function fix(c) { return c >= 0xd800 ? (c < 0xe000 ? c + 0x2000 : c - 0x800) : c; }
  function cmp(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x !== y) return fix(x) - fix(y);
    }
    return a.length - b.length;
  }
  function lowerBound(list, key) {
    var lo = 0, hi = list.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (cmp(list[mid], key) < 0) lo = mid + 1; else hi = mid; }
    return lo;
  }
  // Whether a and b are at most one edit apart (Damerau: insert, delete, substitute, swap).
  function oneEdit(a, b) {
    a = Array.from(a); b = Array.from(b);
    var la = a.length, lb = b.length, i = 0;
    if (Math.abs(la - lb) > 1) return false;
    while (i < la && i < lb && a[i] === b[i]) i++;
    function same(x, y) {
      if (la - x !== lb - y) return false;
      for (; x < la; x++, y++) if (a[x] !== b[y]) return false;
      return true;
    }
    if (i === la && i === lb) return true;
    if (la > lb) return same(i + 1, i);
    if (la < lb) return same(i, i + 1);
    return same(i + 1, i + 1) || (i + 1 < la && a[i] === b[i + 1] && a[i + 1] === b[i] && same(i + 2, i + 2));
  }

  var PREFIX_WEIGHT = 0.7, TYPO_WEIGHT = 0.5, FORM_WEIGHT = 0.8, MAX_EXPANSIONS = 20, EXTRA_PREFIX_CHUNKS = 2, MAX_TYPO_CANDIDATES = 8;
  var FACETS = ["kind", "review", "owner", "tag"];
  // The section of a term in no section's text (src/search/mod.rs's NO_SECTION).
  var NO_SECTION = 65535;

  // The reader's date, YYYY-MM-DD.
  function localToday() {
    var now = new Date();
    return now.getFullYear() + "-" + ("0" + (now.getMonth() + 1)).slice(-2) + "-" + ("0" + now.getDate()).slice(-2);
  }

  // The review status a page built with `status`, due on `due`, has on `today` (YYYY-MM-DD
  // each): the site ages between builds, and a review falls due soon (within `soonDays`), then
  // overdue, as the page itself says.
  function reviewOn(status, due, today, soonDays) {
    if (!due || (status !== "ok" && status !== "due_soon")) return status;
    if (due < today) return "overdue";
    if (status === "ok" && soonDays >= 0 && dayCount(today, due) <= soonDays) return "due_soon";
    return status;
  }
  function dayCount(from, to) {
    var day = function (iso) { var p = iso.split("-"); return Date.UTC(+p[0], +p[1] - 1, +p[2]) / 86400000; };
    return Math.round(day(to) - day(from));
  }

  /* ------------------------------------------------------------------------ engine */
  // options: {base: URL prefix of the site root ("" or "../" or "https://x/wiki/"), fetch,
  // today: the date reviews are judged on (YYYY-MM-DD; the reader's by default), dueSoonDays:
  // the site's `review.due_soon_days` (none: reviews are not found due soon after the build)}
  function createEngine(options) {
    options = options || {};
    var base = options.base || "";
    var today = options.today || localToday();
    var soonDays = options.dueSoonDays >= 0 ? options.dueSoonDays : -1;
    var fetchFn = options.fetch || (typeof fetch === "function" ? fetch.bind(null) : null);
    var manifest = null, chunks = {}, records = {}, facetOf = {}, buckets = {}, titleBuckets = {}, wordLists = {}, blocks = {};

    // The file at `path`, as JSON (or, given `binary`, as a Uint8Array).
    function get(path, binary) {
      return Promise.resolve(fetchFn(base + path)).then(function (r) {
        if (!r.ok) throw new Error("search: cannot load " + path + " (" + r.status + ")");
        return binary ? r.arrayBuffer().then(function (b) { return new Uint8Array(b); }) : r.json();
      });
    }
    function getJSON(path) { return get(path, false); }
    // The file at `path`, read once (and `then` applied) into `cache[key]`; a failed read is
    // forgotten, so the next query tries again.
    function cached(cache, key, path, then, binary) {
      if (!cache[key]) {
        cache[key] = then ? get(path, binary).then(then) : get(path, binary);
        cache[key].catch(function () { delete cache[key]; });
      }
      return cache[key];
    }
    var manifestValue = null;
    function load() {
      if (!manifest) {
        manifest = getJSON("search/manifest.json").then(function (m) { manifestValue = m; return m; });
        manifest.catch(function () { manifest = null; });
      }
      return manifest;
    }
    function chunk(n) {
      return cached(chunks, n, "search/chunks/" + n + ".json", function (c) {
        // Postings come flat, [doc, score, section, doc, …]: regroup them.
        for (var t in c.terms) {
          var flat = c.terms[t], list = [];
          for (var i = 0; i + 2 < flat.length; i += 3) list.push([flat[i], flat[i + 1], flat[i + 2]]);
          c.terms[t] = list;
        }
        c.keys = Object.keys(c.terms).sort(cmp);
        return c;
      });
    }
    // Facets come in blocks of 1000 documents, fetched only to filter and count results.
    function facetBlock(b) {
      return cached(blocks, b, "search/facets/" + b + ".json", function (list) {
        list.forEach(function (f, i) { facetOf[b * 1000 + i] = f; });
      });
    }
    function loadFacets(hits) {
      var need = {};
      hits.forEach(function (h) { need[Math.floor(h.id / 1000)] = 1; });
      return Promise.all(Object.keys(need).map(function (b) { return facetBlock(+b); }));
    }
    // What result `id` shows: entry id % n of records file id / n.
    function doc(id) {
      return load().then(function (m) {
        var per = m.records || 1, g = Math.floor(id / per);
        return cached(records, g, "search/doc/" + g + ".json").then(function (list) { return list[id % per]; });
      });
    }
    function bucket(n) { return cached(buckets, n, "search/phrases/" + n + ".bin", null, true); }
    function titleBucket(n) { return cached(titleBuckets, n, "search/titles/" + n + ".bin", null, true); }
    // The documents whose whole title is one of `titles` (each a list of terms): {doc: 1}.
    function titleMatches(m, titles) {
      if (!m.title_buckets || !utf8 || !titles.length) return Promise.resolve({});
      var span = 4294967296 / m.title_buckets, hashes = titles.map(titleHash);
      return Promise.all(hashes.map(function (h) { return titleBucket(Math.floor(h / span)); })).then(function (bs) {
        var docs = {};
        hashes.forEach(function (h, i) {
          bucketDocs(bs[i], h % span).forEach(function (doc) { docs[doc] = 1; });
        });
        return docs;
      });
    }
    // The titles a query of two words or more may be, word for word: as typed and, when one
    // word is not in the index, with each of its typo corrections (see expand).
    function titlesOf(sequence, words, expansions, partial) {
      if (sequence.length < 2) return [];
      var titles = [sequence], unknown = words.filter(function (w, i) {
        return !expansions[i].some(function (e) { return e.term === w && e.weight === 1; });
      });
      var last = sequence[sequence.length - 1];
      if (unknown.length !== 1 || (partial && unknown[0] === last)) return titles;
      expansions[words.indexOf(unknown[0])].forEach(function (e) {
        if (e.weight !== TYPO_WEIGHT) return;
        titles.push(sequence.map(function (w) { return w === unknown[0] ? e.term : w; }));
      });
      return titles;
    }
    // How many of the runs of three and four words in `sequence` each document holds:
    // {doc: count}. Runs the index left out (too common to narrow anything down) or that no
    // page has count for no one.
    // `sequences`: the query's runs of words (see phraseRuns), each a list of terms.
    function phraseCounts(m, sequences) {
      if (!m.phrase_buckets || !utf8) return Promise.resolve({});
      var runs = [];
      function add(h) { if (runs.indexOf(h) < 0) runs.push(h); }
      sequences.forEach(function (sequence) {
        var hashes = sequence.map(wordHash);
        for (var i = 0; i + 2 < hashes.length; i++) {
          add(shingleHash(hashes[i], hashes[i + 1], hashes[i + 2]));
          if (i + 3 < hashes.length) add(quadHash(hashes[i], hashes[i + 1], hashes[i + 2], hashes[i + 3]));
        }
      });
      if (!runs.length) return Promise.resolve({});
      // Bucket B holds the B-th of phrase_buckets equal ranges of hashes (a power of two).
      var span = 4294967296 / m.phrase_buckets;
      return Promise.all(runs.map(function (h) { return bucket(Math.floor(h / span)); })).then(function (bs) {
        var counts = {};
        runs.forEach(function (h, i) {
          bucketDocs(bs[i], h % span).forEach(function (doc) {
            counts[doc] = (counts[doc] || 0) + 1;
          });
        });
        return counts;
      });
    }

    // The chunk a term belongs in: the last whose first term is <= it.
    function chunkOf(m, term) {
      var i = lowerBound(m.chunks, term);
      if (i < m.chunks.length && m.chunks[i] === term) return i;
      return Math.max(0, i - 1);
    }

    // The index terms a query word stands for: [{term, weight, list}].
    function expand(m, word, partial) {
      if (!m.chunks.length) return Promise.resolve([]);
      var ci = chunkOf(m, word);
      var len = cpLength(word);
      return chunk(ci).then(function (c) {
        var out = [], seen = {};
        var exact = c.terms[word];
        if (exact) { out.push({ term: word, weight: 1, list: exact }); seen[word] = 1; }
        var prefix = partial && (len >= 2 || isCjk(word.codePointAt(0)));
        var more = function (found, i, n) {
          // Prefix matches run on into the next chunks while those start with the word.
          if (i + 1 < m.chunks.length && m.chunks[i + 1].indexOf(word) === 0) {
            if (n < EXTRA_PREFIX_CHUNKS) return chunk(i + 1).then(function (next) { return scan(next, 0, found, i + 1, n + 1); });
            found.stopped = true;
          }
          return found;
        };
        var scan = function (ch, start, found, i, n) {
          for (var k = start; k < ch.keys.length; k++) {
            var t = ch.keys[k];
            if (t.indexOf(word) !== 0) return found;
            if (t !== word) found.push({ term: t, weight: PREFIX_WEIGHT, list: ch.terms[t] });
          }
          return more(found, i, n);
        };
        var prefixes = prefix ? scan(c, lowerBound(c.keys, word), [], ci, 0) : [];
        return Promise.resolve(prefixes).then(function (found) {
          // A word still being typed may become words this list leaves out (too short to
          // expand, or more longer words than are kept): which pages have it is not known.
          out.incomplete = partial && (!prefix || found.length > MAX_EXPANSIONS || found.stopped);
          found.sort(function (a, b) {
            return b.list.length - a.list.length || b.list[0][1] - a.list[0][1] || cmp(a.term, b.term);
          });
          // A rare longer word must not outrank the word as typed: scores carry each term's
          // rarity, so when the word is itself in the index, an expansion scores at most what
          // the word's best page scores (times PREFIX_WEIGHT).
          var ceiling = exact ? exact[0][1] : Infinity;
          // While a word is typed, the longer words it may become count by how many pages
          // have each (as a share of the commonest): "postm" is far likelier to become
          // "postmortem" than "postmortems", whose few pages score high for their rarity.
          var commonest = Math.max(exact ? exact.length : 0, found.length ? found[0].list.length : 0);
          found.slice(0, MAX_EXPANSIONS).forEach(function (e) {
            var top = e.list.length ? e.list[0][1] : 0;
            var weight = e.weight * e.list.length / commonest;
            if (top > ceiling) weight *= ceiling / top;
            out.push({ term: e.term, weight: weight, list: e.list });
            seen[e.term] = 1;
          });
          // The word's other form, singular or plural, when the index has it (in the chunk
          // already fetched: nearly always, as the forms sort side by side). Weighed like a
          // longer word above: by its share of the pages of the word as typed, and never
          // above the word's best page.
          forms(word).forEach(function (t) {
            var list = c.terms[t];
            if (seen[t] || !list) return;
            var weight = FORM_WEIGHT * (exact ? Math.min(1, list.length / exact.length) : 1);
            if (list[0][1] > ceiling) weight *= ceiling / list[0][1];
            out.push({ term: t, weight: weight, list: list });
            seen[t] = 1;
          });
          // A Hebrew or Arabic word without its prefixes (בתקלה: תקלה, which the index
          // holds for every page with the word, whatever its prefix), in its own chunk,
          // weighed like another form of the word, never above the word's best page.
          var bare = prefixVariants(word).filter(function (t) { return !seen[t]; });
          if (bare.length) {
            return Promise.all(bare.map(function (t) { return chunk(chunkOf(m, t)); })).then(function (cs) {
              cs.forEach(function (ch, i) {
                var list = ch.terms[bare[i]];
                if (!list || seen[bare[i]]) return;
                var weight = FORM_WEIGHT;
                if (list[0][1] > ceiling) weight *= ceiling / list[0][1];
                out.push({ term: bare[i], weight: weight, list: list });
                seen[bare[i]] = 1;
              });
              return out;
            });
          }
          // A version with or without its "v" (2.3.1, v2.3.1) is the same version: the
          // other spelling, in its own chunk, counts as the word itself.
          var twin = versionTwin(word);
          if (twin && !seen[twin]) {
            return chunk(chunkOf(m, twin)).then(function (tc) {
              if (tc.terms[twin]) { out.push({ term: twin, weight: 1, list: tc.terms[twin] }); seen[twin] = 1; }
              return out;
            });
          }
          // A word of five letters or more that is not in the index: the index's words one
          // edit away, from the word lists of its first two characters (see typoCandidates).
          if (len < 5 || exact || /[0-9]/.test(word)) return out;
          return typoCandidates(m, word).then(function (candidates) {
            candidates = candidates.filter(function (t) { return !seen[t]; }).slice(0, MAX_TYPO_CANDIDATES);
            return Promise.all(candidates.map(function (t) { return chunk(chunkOf(m, t)); })).then(function (cs) {
              cs.forEach(function (ch, i) {
                var list = ch.terms[candidates[i]];
                if (list) out.push({ term: candidates[i], weight: TYPO_WEIGHT, list: list });
              });
              return out;
            });
          });
        });
      });
    }

    // The other spelling of a version, with or without its "v": 2.3 ⇄ v2.3 (a number with
    // dots, so that a "v2" is not taken for the number 2).
    function versionTwin(word) {
      if (/^[0-9]+(\.[0-9]+)+$/.test(word)) return "v" + word;
      if (/^v[0-9]+(\.[0-9]+)+$/.test(word)) return word.slice(1);
      return null;
    }

    // The English singular of a plural word and plurals of a singular one, by the common
    // spelling rules (policies/policy, processes/process, postmortems/postmortem): a reader
    // searching one means the other too. Words of four letters or more, without digits.
    function forms(word) {
      if (!/^[a-z]{4,}$/.test(word)) return [];
      var out = [];
      if (/ies$/.test(word)) out.push(word.slice(0, -3) + "y");
      else if (/(s|x|z|ch|sh)es$/.test(word)) out.push(word.slice(0, -2));
      // Not -ss, -us or -is: class, status, analysis are no plurals.
      if (/[^siu]s$/.test(word)) out.push(word.slice(0, -1));
      if (!/s$/.test(word)) {
        if (/[^aeiou]y$/.test(word)) out.push(word.slice(0, -1) + "ies");
        else if (/(s|x|z|ch|sh)$/.test(word)) out.push(word + "es");
        else out.push(word + "s");
      }
      if (/ss$/.test(word)) out.push(word + "es");
      return out;
    }

    // The index's words one edit from `word`. A word of the index one edit away starts with
    // the word's first character, or has its second first (swap, extra first letter), or has
    // its second second (wrong first letter) or its first second (dropped first letter): the
    // file of a character lists the words starting with it and the words with it second.
    function typoCandidates(m, word) {
      var cs = Array.from(word), files = [];
      [cs[0], cs[1]].forEach(function (c) {
        var n = (m.words || []).indexOf(c);
        if (n >= 0 && files.indexOf(n) < 0) files.push(n);
      });
      return Promise.all(files.map(function (n) {
        return cached(wordLists, n, "search/words/" + n + ".json");
      })).then(function (lists) {
        var found = [];
        lists.forEach(function (l) {
          l[0].concat(l[1]).forEach(function (t) {
            if (found.indexOf(t) < 0 && oneEdit(word, t)) found.push(t);
          });
        });
        return found.sort(cmp);
      });
    }

    // Scores the documents with every query word (or, when there are none, every document any
    // query word matches). Resolves to {query, words, terms (matched index terms), prefix,
    // some (no document has every word), hits: [{id, score, section, matched, phrase}]}.
    // Documents holding more of the query's runs of three and four words, as typed, come first.
    function search(query) {
      query = String(query || "");
      var sequence = tokenize(query), words = [];
      sequence.forEach(function (w) { if (words.indexOf(w) < 0) words.push(w); });
      var folded = fold(query), last = Array.from(folded).pop() || "";
      var partial = words.length > 0 && (isCjk(last.codePointAt(0)) || ALNUM.test(last));
      var lastWord = sequence[sequence.length - 1];
      return load().then(function (m) {
        if (!words.length) return { query: query, words: [], terms: {}, prefix: "", hits: [], docs: m.docs };
        return Promise.all(words.map(function (w) {
          return expand(m, w, partial && w === lastWord);
        })).then(function (expansions) {
          // A word still being typed is part of a phrase only once it is a word of the index.
          var lastExpansions = expansions[words.indexOf(lastWord)];
          var whole = !partial || lastExpansions.some(function (e) { return e.term === lastWord && e.weight === 1; });
          var sequences = phraseRuns(query);
          if (!whole) sequences[sequences.length - 1] = sequences[sequences.length - 1].slice(0, -1);
          var titles = titlesOf(sequence, words, expansions, partial);
          return Promise.all([phraseCounts(m, sequences), titleMatches(m, titles)]).then(function (both) {
            return { expansions: expansions, phrase: both[0], title: both[1] };
          });
        }).then(function (found) {
          var byDoc = {}, terms = {}, cap = m.postings_cap || Infinity;
          function hit(d) {
            return byDoc[d] || (byDoc[d] = { id: +d, score: 0, matched: 0, needed: 0, section: 0, votes: {}, phrase: 0, title: 0 });
          }
          // The words a result must have: each one whose pages the index lists in full. A word
          // on more pages than its postings keep (`the`, `for`) cannot say which pages lack it,
          // nor can a word still being typed (see expand).
          var required = found.expansions.map(function (list) {
            return !list.incomplete && list.every(function (e) { return e.list.length < cap; });
          });
          var needed = required.filter(Boolean).length;
          // With a word the index does not list in full, there are more pages than found.
          var atLeast = required.some(function (r) { return !r; });
          found.expansions.forEach(function (list, w) {
            var best = {};
            list.forEach(function (e) {
              terms[e.term] = 1;
              e.list.forEach(function (p) {
                var v = p[1] * e.weight, b = best[p[0]];
                if (!b || v > b[0]) best[p[0]] = [v, p[2]];
              });
            });
            for (var d in best) {
              var h = hit(d), s = best[d][1];
              h.score += best[d][0];
              h.matched++;
              if (required[w]) h.needed++;
              // A word in no section's text (the title, the summary) does not say where.
              if (s === NO_SECTION) continue;
              var vote = h.votes[s] || (h.votes[s] = [0, 0]);
              vote[0]++;
              vote[1] += best[d][0];
            }
          });
          // A page found by its phrase alone is past the best pages of each of its words
          // (the postings keep only those): it holds them all, at a score below theirs.
          for (var d in found.phrase) {
            var p = hit(d);
            p.phrase = found.phrase[d];
            if (p.matched === 0) { p.matched = words.length; p.needed = needed; }
          }
          // A page whose title the query is, word for word, comes before any other.
          for (var t in found.title) {
            var ti = hit(t);
            ti.title = 1;
            ti.needed = needed;
            if (ti.matched === 0) ti.matched = words.length;
          }
          // A result links to the section where most of the query's words weigh most (each
          // word's postings name one), the one where they weigh most of those that tie: the
          // section of the word that scores highest alone may not hold the others. With no
          // word in any section's text, to the page's top.
          for (var d1 in byDoc) {
            var h1 = byDoc[d1], bestVote = null;
            h1.section = NO_SECTION;
            for (var s1 in h1.votes) {
              var v1 = h1.votes[s1];
              if (!bestVote || v1[0] > bestVote[0] || (v1[0] === bestVote[0] && v1[1] > bestVote[1])) {
                bestVote = v1;
                h1.section = +s1;
              }
            }
            delete h1.votes;
          }
          var n = words.length, hits = [], every = [];
          for (var d2 in byDoc) {
            var h2 = byDoc[d2], cover = h2.matched / n;
            // Documents with every word first, then by how many words they have.
            h2.score = h2.score * cover * cover * (h2.matched === n ? 2 : 1);
            hits.push(h2);
            if (h2.needed === needed) every.push(h2);
          }
          // The results are the pages with every word, as a reader expects of a search box, and
          // the totals and filter counts count them alone; only when no page has them all do
          // the pages with some of the words stand in (`some` says so).
          var some = every.length === 0 && hits.length > 0;
          if (!some) hits = every;
          hits.sort(function (a, b) { return b.title - a.title || b.phrase - a.phrase || b.score - a.score || a.id - b.id; });
          return { query: query, words: words, terms: terms, prefix: partial ? lastWord : "", hits: hits, some: some, atLeast: atLeast, docs: m.docs };
        });
      });
    }

    // The facets of a document: {kind: [i], review: [i], owner: [...], tag: [...]}. A page
    // built while its review was fine counts as due soon or overdue once its due date (f[4])
    // is that near or past, as its result's badge and the page itself say (see reviewOn).
    function facets(id) {
      var f = facetOf[id];
      if (!f) return { kind: [], review: [], owner: [], tag: [] };
      var statuses = (manifestValue && manifestValue.statuses) || [];
      var review = f[1], now = statuses.indexOf(reviewOn(statuses[review], f[4], today, soonDays));
      if (now >= 0) review = now;
      return { kind: [f[0]], review: [review], owner: f[2], tag: f[3] };
    }

    // Narrows a search result by filters ({kind: [i], owner: [i], tag: [i], review: [i]}: any
    // of a facet's values, all facets) and counts each facet's values over the hits that pass
    // the other facets' filters, so a count says what ticking that box would give.
    function refine(result, filters) {
      filters = filters || {};
      var active = FACETS.filter(function (f) { return filters[f] && filters[f].length; });
      var counts = { kind: {}, review: {}, owner: {}, tag: {} }, hits = [];
      result.hits.forEach(function (h) {
        var fs = facets(h.id), failed = [];
        active.forEach(function (f) {
          if (!fs[f].some(function (v) { return filters[f].indexOf(v) >= 0; })) failed.push(f);
        });
        if (!failed.length) hits.push(h);
        FACETS.forEach(function (f) {
          if (failed.length > 1 || (failed.length === 1 && failed[0] !== f)) return;
          fs[f].forEach(function (v) { counts[f][v] = (counts[f][v] || 0) + 1; });
        });
      });
      return { hits: hits, counts: counts };
    }

    // A page found by a run of its words alone (the phrase index) is past the postings of each
    // of them, which name the section where a word weighs most, so it has no section. Its
    // record has each section's first lines: the section showing most of the query's words
    // there is where the result opens and what it shows, rather than the page's top and its
    // summary, where the words are not.
    function placeUnplaced(hit, record, words, isHit) {
      if (hit.section !== NO_SECTION || !record || !record.sections) return;
      var inTitle = distinctHits(record.title, isHit);
      if (!hit.phrase || inTitle >= words.length) return;
      var best = 0;
      record.sections.forEach(function (sec, i) {
        var n = distinctHits(sec[1] + "\n" + sec[2], isHit);
        if (n > best) { best = n; hit.section = i; }
      });
    }

    // How many different words of `text` the query matched.
    function distinctHits(text, isHit) {
      var seen = {}, n = 0;
      tokenize(text || "").forEach(function (t) { if (!seen[t] && isHit(t)) { seen[t] = 1; n++; } });
      return n;
    }

    // The records of `hits` of a search's `result`, as they are shown: [{hit, doc}], each hit
    // placed at the section its record shows the words in when the search could not say.
    // A records file that cannot be read (a deployment that lost it) leaves out its results
    // alone; only when none can be read does the search fail.
    function shown(hits, result) {
      var failure = null;
      return Promise.all(hits.map(function (h) {
        return doc(h.id).catch(function (e) { failure = e; return null; });
      })).then(function (recs) {
        var isHit = matcher(result);
        var items = [];
        hits.forEach(function (h, i) {
          if (!recs[i]) return;
          // A page whose title holds every word of the query opens at its top, where its
          // title, owners and review are: it opened at a section far down, past an overdue
          // banner, because a word was said there too.
          if (distinctHits(recs[i].title, isHit) >= result.words.length) h.section = NO_SECTION;
          else placeUnplaced(h, recs[i], result.words, isHit);
          items.push({ hit: h, doc: recs[i] });
        });
        if (failure && !items.length) throw failure;
        return items;
      });
    }

    // Whether the records file of result `id` has been asked for already (showing it fetches
    // nothing more).
    function hasDoc(id) {
      return !!manifestValue && !!records[Math.floor(id / (manifestValue.records || 1))];
    }

    // What the UI does: search, filter, and fetch the records of hits[offset, offset+limit).
    // `opts.result`: the search of `text` already done.
    function query(text, opts) {
      opts = opts || {};
      return (opts.result ? Promise.resolve(opts.result) : search(text)).then(function (result) {
        var filtering = opts.facets || FACETS.some(function (f) { return opts.filters && opts.filters[f] && opts.filters[f].length; });
        return (filtering ? loadFacets(result.hits) : Promise.resolve()).then(function () { return result; });
      }).then(function (result) {
        var refined = refine(result, opts.filters);
        var offset = opts.offset || 0, limit = opts.limit == null ? 8 : opts.limit;
        var page = refined.hits.slice(offset, offset + limit);
        return shown(page, result).then(function (items) {
          return { result: result, hits: refined.hits, counts: refined.counts, shown: items };
        });
      });
    }

    return { load: load, search: search, refine: refine, query: query, shown: shown, doc: doc, hasDoc: hasDoc, facets: facets, loadFacets: loadFacets };
  }

  /* --------------------------------------------------------------------- highlighting */
  // Whether an index term is one the query matched (or starts with the word being typed).
  function matcher(result) {
    var prefix = result.prefix && cpLength(result.prefix) >= 2 ? result.prefix : "";
    return function (term) {
      return !!result.terms[term] || (!!prefix && term.indexOf(prefix) === 0) ||
        prefixVariants(term).some(function (t) { return !!result.terms[t]; });
    };
  }

  var RUN = /[\p{Alphabetic}\p{N}\p{M}]+/gu;
  // Splits text into [{text, mark}] pieces, marking the words `isHit` accepts.
  function segments(text, isHit) {
    text = String(text || "");
    var ranges = [], m;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(text))) {
      var start = m.index, chars = [], pos = start;
      for (var ch of m[0]) { chars.push({ ch: ch, at: pos, cjk: isCjk(fold(ch).codePointAt(0) || 0) }); pos += ch.length; }
      var i = 0;
      while (i < chars.length) {
        var j = i;
        while (j < chars.length && chars[j].cjk === chars[i].cjk) j++;
        var end = j < chars.length ? chars[j].at : pos;
        if (!chars[i].cjk) {
          if (tokenize(text.slice(chars[i].at, end)).some(isHit)) ranges.push([chars[i].at, end]);
        } else if (j - i === 1) {
          if (isHit(fold(chars[i].ch))) ranges.push([chars[i].at, end]);
        } else {
          for (var k = i; k + 1 < j; k++) {
            if (isHit(fold(chars[k].ch + chars[k + 1].ch))) {
              ranges.push([chars[k].at, k + 2 < chars.length ? chars[k + 2].at : pos]);
            }
          }
        }
        i = j;
      }
    }
    var out = [], at = 0;
    ranges.forEach(function (r) {
      var s = Math.max(r[0], at);
      if (s > at) out.push({ text: text.slice(at, s), mark: false });
      if (r[1] > s) {
        var prev = out[out.length - 1];
        if (prev && prev.mark && s === at) prev.text += text.slice(s, r[1]);
        else out.push({ text: text.slice(s, r[1]), mark: true });
        at = r[1];
      }
    });
    if (at < text.length) out.push({ text: text.slice(at), mark: false });
    return out;
  }

  // Like segments, but starts near the first match when it is far into the text. The index
  // keeps a section's blocks, list items, table cells and code lines on lines of their own;
  // on the one line an excerpt has, a line that ends without a full stop or the like is set
  // apart from the next by a middle dot ("Severity · Status page · SEV1"), so that a code
  // line or a cell does not read as the start of the next sentence.
  function excerpt(text, isHit, lead) {
    text = String(text || "").trim().replace(/\s*\n\s*/g, function (br, at, all) {
      return /[.!?:;,…]/.test(all[at - 1]) ? " " : " · ";
    });
    var segs = segments(text, isHit), before = 0;
    lead = lead || 80;
    for (var i = 0; i < segs.length && !segs[i].mark; i++) before += segs[i].text.length;
    if (i === segs.length || before <= lead) return segs;
    var head = segs.slice(0, i).map(function (s) { return s.text; }).join("");
    var from = before - Math.floor(lead / 2);
    var cut = head.indexOf(" ", from) + 1;
    // Chinese and Japanese have no spaces: cut at a character (not inside a surrogate pair).
    if (cut <= 0 || cut >= before) cut = /[\uDC00-\uDFFF]/.test(head.charAt(from)) ? from + 1 : from;
    return [{ text: "…" + head.slice(cut), mark: false }].concat(segs.slice(i));
  }

  return {
    fold: fold, tokenize: tokenize, isCjk: isCjk, compare: cmp, oneEdit: oneEdit, prefixVariants: prefixVariants,
    phraseRuns: phraseRuns, wordHash: wordHash, shingleHash: shingleHash, quadHash: quadHash, titleHash: titleHash, bucketDocs: bucketDocs,
    createEngine: createEngine, matcher: matcher, segments: segments, excerpt: excerpt,
    localToday: localToday, reviewOn: reviewOn, FACETS: FACETS
  };
});

/* ============================================================================= the UI */
(function () {
  "use strict";
  if (typeof document === "undefined" || !window.opsbookSearch) return;
  var S = window.opsbookSearch;
  var body = document.body;
  var root = body.getAttribute("data-root") || "./";
  var soonDays = parseInt(body.getAttribute("data-due-soon-days"), 10);
  var engine = S.createEngine({ base: root, dueSoonDays: soonDays });
  // DELAY: from a key to the search of the index; SETTLE: from the last key to fetching the
  // records of results not yet in memory (typing "incident escalation" key by key fetched
  // the records of every prefix on the way: 58 files against 12 pasted).
  var DROPDOWN = 8, PAGE = 20, DELAY = 80, SETTLE = 180, SLOW = 300;
  // The catalog's keys of the review statuses and of the filters' headings.
  var REVIEW = { ok: "search_status_ok", due_soon: "search_status_due_soon", overdue: "review_overdue", none: "search_status_none" };
  var LEGEND = { kind: "kind", review: "review", owner: "owner", tag: "search_facet_tag" };
  var today = S.localToday();
  var uid = 0;

  // The theme's words: opsbook.js's lookup (loaded first; see there), or each key as itself.
  function t(key, args) {
    var text = window.opsbookText;
    return text ? text(key, args) : key;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function marked(parent, segs) {
    segs.forEach(function (s) { parent.appendChild(s.mark ? el("mark", null, s.text) : document.createTextNode(s.text)); });
    return parent;
  }
  function pageUrl(q) { return root + "search/" + (q ? "?q=" + encodeURIComponent(q) : ""); }
  function hitUrl(item) {
    var sec = (item.doc.sections || [])[item.hit.section];
    return root + item.doc.url + (sec && sec[0] ? "#" + sec[0] : "");
  }
  function review(doc) {
    return S.reviewOn(doc.review, doc.due, today, soonDays);
  }
  // "12 results"; "500+ results" when a word of the query is on more pages than the index
  // lists (see `atLeast`), so the number is where the count starts, not the count.
  function counted(n, atLeast) {
    return t(atLeast ? "search_results_at_least" : "search_results", { n: n });
  }
  function editable(t) {
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  // One result: title, kind · owners · review badge, the best section's heading and text.
  function resultBody(a, item, isHit, titleTag) {
    var doc = item.doc, sec = (doc.sections || [])[item.hit.section] || ["", "", ""];
    var title = marked(el(titleTag, "search-hit-title"), S.segments(doc.title, isHit));
    a.appendChild(title);
    var meta = el("span", "search-hit-meta");
    meta.appendChild(el("span", "kind-tag", doc.kind));
    // Where the page is, by its sections' titles (not its address's folders): pages of one
    // title (a template copied into every team's folder) are told apart by them.
    var where = (doc.place || []).join(" \u203a ");
    if (where) meta.appendChild(el("span", "search-hit-path", where));
    // The owners' names are indexed: a search for a person or a team marks them here.
    if (doc.owners && doc.owners.length) marked(meta.appendChild(el("span", "search-hit-owners")), S.segments(doc.owners.join(t("owners_separator")), isHit));
    var status = review(doc);
    if (status === "overdue" || status === "due_soon") {
      meta.appendChild(el("span", "review review-" + status + " search-badge", t(REVIEW[status])));
    }
    a.appendChild(meta);
    var text = sec[2] || doc.summary || "";
    var ex = el("span", "search-hit-excerpt");
    if (sec[1]) marked(ex.appendChild(el("span", "search-hit-heading")), S.segments(sec[1], isHit));
    marked(ex, S.excerpt(text, isHit));
    if (text || sec[1]) a.appendChild(ex);
    return a;
  }

  /* ------------------------------------------------------------- header combobox */
  // A page carries only the search form (shown once scripts run); what works only with this
  // script — the combobox roles, the results panel, Cancel, and the button that opens the box
  // on narrow screens — is made here, which keeps about 0.8 kB out of every page. A theme whose
  // markup has its own panel keeps it.
  function equip(box, form, input) {
    if (box.querySelector(".search-panel")) return;
    if (!form.id) form.id = box.id + "-form";
    var listId = box.id + "-listbox";
    var opener = el("button", "search-open");
    opener.type = "button";
    opener.title = t("search_open_title");
    opener.setAttribute("aria-controls", form.id);
    opener.setAttribute("aria-expanded", "false");
    opener.appendChild(el("span", "icon icon-search")).setAttribute("aria-hidden", "true");
    opener.appendChild(el("span", "visually-hidden", t("search")));
    box.insertBefore(opener, box.firstChild);
    var closer = form.appendChild(el("button", "search-close", t("search_cancel")));
    closer.type = "button";
    var panel = form.appendChild(el("div", "search-panel"));
    panel.hidden = true;
    panel.appendChild(el("p", "search-status")).setAttribute("aria-hidden", "true");
    // What the panel's line says, told to screen readers from outside the panel: a live
    // region hidden until its first news is not heard telling it.
    form.appendChild(el("p", "visually-hidden search-live")).setAttribute("role", "status");
    var list = panel.appendChild(el("ul", "search-listbox"));
    list.id = listId;
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", t("search_results_label"));
    var foot = panel.appendChild(el("p", "search-footer"));
    foot.appendChild(el("a", "search-all", t("search_open_page"))).href = form.action;
    var keys = foot.appendChild(el("span", "search-keys"));
    keys.setAttribute("aria-hidden", "true");
    [["\u2191", ""], ["\u2193", "search_key_move"], ["\u21b5", "search_key_open"], ["esc", "search_key_close"]].forEach(function (k, i, all) {
      keys.appendChild(el("kbd", null, k[0]));
      if (k[1]) keys.appendChild(document.createTextNode(" " + t(k[1]) + (i < all.length - 1 ? " " : "")));
    });
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
  }

  function Dropdown(box) {
    var input = box.querySelector(".search-input");
    var form = box.querySelector("form");
    equip(box, form, input);
    var panel = box.querySelector(".search-panel");
    var list = box.querySelector("[role=listbox]");
    var status = box.querySelector(".search-status"), live = box.querySelector(".search-live");
    // The panel's status line, and the same news for screen readers (see equip).
    function say(text) {
      status.textContent = text;
      if (live) live.textContent = text;
    }
    var all = box.querySelector(".search-all");
    var opener = box.querySelector(".search-open");
    var closer = box.querySelector(".search-close");
    var timer = 0, seq = 0, active = -1, links = [], typed = 0;

    function setOpen(open) {
      panel.hidden = !open;
      input.setAttribute("aria-expanded", open ? "true" : "false");
      if (!open) setActive(-1);
      fit();
    }
    // On a narrow screen the panel runs to the window's bottom (100dvh), which the on-screen
    // keyboard covers without changing: its end ("See all N results", the way to the filters)
    // sat under the keyboard. While it is open it ends where the part of the window in sight
    // (the visual viewport) does, as that changes; without visualViewport, the stylesheet's.
    var view = window.visualViewport;
    function fit() {
      if (!view) return;
      if (panel.hidden || !box.classList.contains("is-open") || !narrow()) { panel.style.maxHeight = ""; return; }
      panel.style.maxHeight = Math.max(0, view.offsetTop + view.height - panel.getBoundingClientRect().top) + "px";
    }
    if (view) {
      view.addEventListener("resize", fit);
      view.addEventListener("scroll", fit);
    }
    function setActive(i) {
      var opts = list.children;
      if (active >= 0 && opts[active]) { links[active].setAttribute("aria-selected", "false"); opts[active].classList.remove("is-active"); }
      active = i;
      if (i >= 0 && opts[i]) {
        links[i].setAttribute("aria-selected", "true");
        opts[i].classList.add("is-active");
        input.setAttribute("aria-activedescendant", links[i].id);
        if (opts[i].scrollIntoView) opts[i].scrollIntoView({ block: "nearest" });
      } else input.removeAttribute("aria-activedescendant");
    }
    // On a narrow screen the open box covers the page as a dialog does: opening it adds a
    // history entry (as DocSearch and Material do), so the browser's Back closes it rather
    // than leave the page, and the entry keeps the query, so Back from a result opens the
    // box again with its query and results (the page came back with the box shut and empty).
    // Closed any other way (Cancel, Esc, a tap beside it), it goes back over its entry.
    var leaving = false;
    function narrow() { return !!opener && getComputedStyle(opener).display !== "none"; }
    function ours(state) { return !!(state && state.opsbookSearch); }
    function remember() {
      if (!ours(history.state)) return;
      try { history.replaceState({ opsbookSearch: { q: input.value } }, "", window.location.href); } catch (e) { /* too many calls */ }
    }
    function expand(on) {
      var was = box.classList.contains("is-open");
      box.classList.toggle("is-open", on);
      if (opener) opener.setAttribute("aria-expanded", on ? "true" : "false");
      if (on && !was && narrow() && !ours(history.state)) {
        try { history.pushState({ opsbookSearch: { q: input.value } }, "", window.location.href); } catch (e) { /* no history */ }
      }
      if (!on && was && ours(history.state) && !leaving) history.back();
      if (on) input.focus();
      fit();
    }
    function run() {
      var q = input.value, my = ++seq;
      clearTimeout(timer);
      if (!q.trim()) { list.textContent = ""; links = []; setOpen(false); return; }
      // On a slow network the reader sees that the search runs (and a screen reader hears it).
      var slow = setTimeout(function () {
        if (my !== seq) return;
        // The previous query's results go: left, they were chosen with Enter as this one's.
        list.textContent = "";
        links = [];
        setActive(-1);
        say(t("search_searching"));
        setOpen(document.activeElement === input);
      }, SLOW);
      // The index's files are few and shared by the words typed on the way; the results'
      // records are not. Results whose records are in memory show at once; others are fetched
      // once typing has paused (a newer key makes this run stale, and it fetches nothing).
      var at = typed;
      engine.search(q).then(function (result) {
        if (my !== seq || typed !== at) return null;
        var wait = typed + SETTLE - Date.now();
        var ready = engine.refine(result).hits.slice(0, DROPDOWN).every(function (h) { return engine.hasDoc(h.id); });
        if (ready || wait <= 0) return engine.query(q, { limit: DROPDOWN, result: result });
        return new Promise(function (resolve) { setTimeout(resolve, wait); }).then(function () {
          return my === seq && typed === at ? engine.query(q, { limit: DROPDOWN, result: result }) : null;
        });
      }).then(function (res) {
        if (!res || my !== seq) return;
        clearTimeout(slow);
        var isHit = S.matcher(res.result);
        list.textContent = "";
        links = [];
        active = -1;
        input.removeAttribute("aria-activedescendant");
        res.shown.forEach(function (item, i) {
          // The link is the option itself: an option may not hold anything interactive.
          var li = el("li", "search-option");
          li.setAttribute("role", "none");
          var a = resultBody(el("a", "search-hit"), item, isHit, "span");
          a.id = box.id + "-option-" + i;
          // Read out as its title, kind, owners and review: the excerpt, two lines on screen,
          // was read whole at each arrow press (up to 480 characters). The results page, a
          // list of links to read at leisure, keeps it.
          var excerpt = a.querySelector(".search-hit-excerpt");
          if (excerpt) excerpt.setAttribute("aria-hidden", "true");
          a.setAttribute("role", "option");
          a.setAttribute("aria-selected", "false");
          a.href = hitUrl(item);
          a.tabIndex = -1;
          li.appendChild(a);
          li.addEventListener("mousemove", function () { if (active !== i) setActive(i); });
          list.appendChild(li);
          links.push(a);
        });
        var n = res.hits.length;
        var results = counted(n, res.result.atLeast);
        say(!n ? t("search_no_results", { query: q.trim() })
          : res.result.some ? t("search_results_some", { results: results }) : results);
        all.href = pageUrl(q);
        all.textContent = n > DROPDOWN ? t("search_see_all", { results: results }) : t("search_open_page");
        all.hidden = !n;
        list.setAttribute("data-query", q);
        remember();
        setOpen(document.activeElement === input);
      }, function () {
        clearTimeout(slow);
        if (my !== seq) return;
        list.textContent = "";
        links = [];
        say(t("search_unavailable"));
        all.hidden = true;
        setOpen(true);
      });
    }
    function schedule() { clearTimeout(timer); timer = setTimeout(run, DELAY); }

    input.addEventListener("focus", function () {
      engine.load().catch(function () {});
      if (input.value.trim() && links.length) setOpen(true);
    });
    input.addEventListener("input", function () { typed = Date.now(); setActive(-1); schedule(); });
    input.addEventListener("keydown", function (e) {
      if (e.isComposing) return;
      var n = links.length;
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (panel.hidden) { if (input.value.trim()) run(); return; }
        if (!n) return;
        var down = e.key === "ArrowDown", next = active + (down ? 1 : -1);
        if (active < 0) next = down ? 0 : n - 1;
        else if (next < 0 || next >= n) next = -1;
        setActive(next);
      } else if (e.key === "Enter") {
        e.preventDefault();
        clearTimeout(timer);
        if (active >= 0 && links[active]) { leaving = true; forgetIfHere(links[active].href); window.location.href = links[active].href; }
        else if (input.value.trim()) { leaving = true; window.location.href = pageUrl(input.value); }
      } else if (e.key === "Escape") {
        e.preventDefault();
        if (box.classList.contains("is-open")) { setOpen(false); expand(false); if (opener) opener.focus(); }
        else if (!panel.hidden) setOpen(false);
        else if (input.value) { input.value = ""; list.textContent = ""; links = []; }
        else input.blur();
      } else if (e.key === "Home" || e.key === "End") {
        setActive(-1);
      }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      if (input.value.trim()) { leaving = true; window.location.href = pageUrl(input.value); }
    });
    // Clicks in the list keep the focus in the box (and the list open) until a link opens.
    panel.addEventListener("mousedown", function (e) { e.preventDefault(); });
    // A result (or "See all") opening keeps the box's history entry, for Back to come to;
    // but not one on this very page, which it opens again: the box came back over it, the
    // tap seeming to do nothing.
    function forgetIfHere(href) {
      try {
        if (new URL(href, window.location.href).pathname === window.location.pathname) {
          history.replaceState(null, "", window.location.href);
        }
      } catch (e) { /* no URL or history */ }
    }
    panel.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a[href]");
      if (a) { leaving = true; forgetIfHere(a.href); }
    });
    window.addEventListener("pagehide", function () { remember(); });
    window.addEventListener("pageshow", function () { leaving = false; });
    window.addEventListener("popstate", function (e) {
      leaving = false;
      var open = box.classList.contains("is-open");
      if (ours(e.state) && !open) reopen(e.state.opsbookSearch.q);
      else if (!ours(e.state) && open) { setOpen(false); expand(false); if (opener) opener.focus(); }
    });
    // The box's entry, come back to (Back from a result, or Forward): the box as it was left.
    function reopen(q) {
      input.value = q || "";
      expand(true);
      if (input.value.trim()) run();
    }
    if (ours(history.state)) reopen(history.state.opsbookSearch.q);
    // Focus moving out of the box closes its list; on a narrow screen it also closes the box,
    // which covers the header: Tab or Shift+Tab went on to buttons hidden under it (the
    // button that opened the box among them).
    box.addEventListener("focusout", function (e) {
      var to = e.relatedTarget;
      if (to && box.contains(to) && to !== opener) return;
      setOpen(false);
      if (to && box.classList.contains("is-open")) expand(false);
    });
    document.addEventListener("pointerdown", function (e) {
      if (!box.contains(e.target)) { setOpen(false); if (box.classList.contains("is-open")) expand(false); }
    });
    if (opener) opener.addEventListener("click", function () { expand(true); if (input.value.trim()) run(); });
    if (closer) closer.addEventListener("click", function () { setOpen(false); expand(false); if (opener) opener.focus(); });

    return {
      focus: function () {
        if (!input.offsetParent && opener) expand(true);
        input.focus();
        input.select();
      }
    };
  }

  /* ---------------------------------------------------------------- results page */
  function ResultsPage(container, input) {
    var form = input.form;
    var status = el("p", "search-summary");
    status.setAttribute("role", "status");
    var layout = el("div", "search-layout");
    var filters = el("div", "search-filters");
    filters.setAttribute("aria-label", t("search_filters"));
    filters.setAttribute("role", "group");
    var main = el("div", "search-main");
    var list = el("ol", "search-results-list");
    var more = el("button", "button search-more", t("search_show_more"));
    more.type = "button";
    more.hidden = true;
    main.appendChild(list);
    main.appendChild(more);
    // On narrow screens the filters fold away behind this button, so that the results come
    // first (the stylesheet shows it there only).
    var toggle = el("button", "button search-filters-toggle");
    toggle.type = "button";
    toggle.hidden = true;
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", filters.id = "search-filters");
    toggle.addEventListener("click", function () {
      var open = !layout.classList.contains("filters-open");
      layout.classList.toggle("filters-open", open);
      toggle.setAttribute("aria-expanded", String(open));
    });
    layout.appendChild(toggle);
    layout.appendChild(filters);
    layout.appendChild(main);
    container.textContent = "";
    container.appendChild(status);
    container.appendChild(layout);

    var params = new URLSearchParams(window.location.search);
    var wanted = {};
    S.FACETS.forEach(function (f) { wanted[f] = params.getAll(f); });
    var selected = { kind: [], review: [], owner: [], tag: [] };
    var manifest = null, result = null, hits = [], shown = 0, seq = 0, timer = 0, baseTitle = document.title;
    var expanded = {};
    input.value = params.get("q") || "";
    // Back to this page from a result: the results are drawn after the page loads, so the
    // browser cannot put the reader back where they were; what they had open (how many
    // results, how far down) is kept in the history entry instead, and restored once drawn.
    var restore = history.state && history.state.opsbookResults;
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    window.addEventListener("pagehide", function () {
      history.replaceState({ opsbookResults: { shown: shown, y: window.scrollY } }, "", window.location.href);
    });

    function facetValues(m, f) {
      if (f === "kind") return m.kinds.map(function (k, i) { return [i, k[0], k[1]]; }).concat([[-1, "other", t("search_kind_other")]]);
      if (f === "review") return m.statuses.map(function (s, i) { return [i, s, REVIEW[s] ? t(REVIEW[s]) : s]; });
      if (f === "owner") return m.owners.map(function (o, i) { return [i, o[0], o[1]]; });
      return m.tags.map(function (t, i) { return [i, t, "#" + t]; });
    }
    function syncUrl() {
      var p = new URLSearchParams();
      if (input.value.trim()) p.set("q", input.value);
      S.FACETS.forEach(function (f) {
        facetValues(manifest, f).forEach(function (v) { if (selected[f].indexOf(v[0]) >= 0) p.append(f, v[1]); });
      });
      var qs = p.toString();
      history.replaceState(null, "", window.location.pathname + (qs ? "?" + qs : ""));
      document.title = input.value.trim() ? input.value.trim() + " · " + baseTitle : baseTitle;
    }
    function renderFilters(counts) {
      var focused = document.activeElement && document.activeElement.getAttribute("data-facet")
        ? document.activeElement.getAttribute("data-facet") + ":" + document.activeElement.value : "";
      filters.textContent = "";
      var active = 0;
      S.FACETS.forEach(function (f) { active += selected[f].length; });
      toggle.textContent = active ? t("search_filters_active", { n: active }) : t("search_filters");
      // Without a query there is nothing to narrow (the filters stay in the address).
      toggle.hidden = !result.words.length || (!hits.length && !active);
      if (toggle.hidden) return;
      S.FACETS.forEach(function (f) {
        var values = facetValues(manifest, f).filter(function (v) {
          return counts[f][v[0]] || selected[f].indexOf(v[0]) >= 0;
        }).sort(function (a, b) { return (counts[f][b[0]] || 0) - (counts[f][a[0]] || 0) || (a[2] < b[2] ? -1 : 1); });
        if (!values.length) return;
        var set = el("fieldset", "search-facet");
        set.appendChild(el("legend", null, t(LEGEND[f])));
        var ul = el("ul");
        var limit = expanded[f] ? values.length : 6;
        values.forEach(function (v, i) {
          var li = el("li");
          if (i >= limit && selected[f].indexOf(v[0]) < 0) li.hidden = true;
          var label = el("label");
          var box = el("input");
          box.type = "checkbox";
          box.value = String(v[0]);
          box.setAttribute("data-facet", f);
          box.checked = selected[f].indexOf(v[0]) >= 0;
          box.addEventListener("change", function () {
            var at = selected[f].indexOf(v[0]);
            if (box.checked && at < 0) selected[f].push(v[0]);
            if (!box.checked && at >= 0) selected[f].splice(at, 1);
            syncUrl();
            apply();
          });
          label.appendChild(box);
          label.appendChild(el("span", "search-facet-label", v[2]));
          // Past the pages a common word's list keeps, a count is where it starts ("24+").
          label.appendChild(el("span", "search-facet-count", (counts[f][v[0]] || 0) + (result.atLeast ? "+" : "")));
          li.appendChild(label);
          ul.appendChild(li);
        });
        set.appendChild(ul);
        if (values.length > limit) {
          var toggle = el("button", "search-facet-more", t("search_show_all", { n: values.length }));
          toggle.type = "button";
          toggle.addEventListener("click", function () {
            expanded[f] = true;
            var hidden = ul.querySelectorAll("li[hidden]");
            Array.prototype.forEach.call(hidden, function (li) { li.hidden = false; });
            set.removeChild(toggle);
            if (hidden[0]) hidden[0].querySelector("input").focus();
          });
          set.appendChild(toggle);
        }
        filters.appendChild(set);
      });
      if (focused) {
        var again = filters.querySelector("[data-facet='" + focused.split(":")[0] + "'][value='" + focused.split(":")[1] + "']");
        if (again) again.focus();
      }
    }
    // Fetches the next page of results and appends it (after `before`, e.g. clearing the list).
    function showMore(before, count) {
      var my = seq, slice = hits.slice(shown, shown + (count || PAGE)), isHit = S.matcher(result);
      more.hidden = true;
      return engine.shown(slice, result).then(function (items) {
        if (my !== seq) return;
        if (before) before();
        shown += slice.length;
        items.forEach(function (item) {
          var li = el("li", "search-result");
          var a = resultBody(el("a", "search-hit"), item, isHit, "span");
          a.href = hitUrl(item);
          li.appendChild(a);
          list.appendChild(li);
        });
        more.hidden = shown >= hits.length;
      });
    }
    function apply(count) {
      seq++;
      var refined = engine.refine(result, selected);
      hits = refined.hits;
      shown = 0;
      return showMore(function () {
        list.textContent = "";
        renderFilters(refined.counts);
        var q = input.value.trim(), n = hits.length;
        // A query with letters but no word the index keeps (one over 40 characters, as a hash
        // is) finds nothing, as the header's box says, rather than asking for a word.
        var words = { query: q, results: counted(n, result.atLeast) };
        if (!result.words.length) status.textContent = !q ? t("search_pages", { n: result.docs })
          : /[\p{L}\p{N}]/u.test(q) ? t("search_page_no_results", words) : t("search_type_a_word");
        else if (!result.hits.length) status.textContent = t("search_page_no_results_spelling", words);
        else if (!n) status.textContent = t("search_page_no_results_filters", words);
        else if (result.some) status.textContent = t("search_page_results_some", words);
        else status.textContent = t("search_page_results", words);
        list.setAttribute("data-query", result.query);
      }, count);
    }
    function run() {
      var my = ++seq;
      clearTimeout(timer);
      syncUrl();
      var slow = setTimeout(function () { if (my === seq) status.textContent = t("search_searching"); }, SLOW);
      return engine.search(input.value).then(function (r) {
        clearTimeout(slow);
        return engine.loadFacets(r.hits).then(function () { return r; });
      }).then(function (r) {
        if (my !== seq) return;
        result = r;
        var back = restore;
        restore = null;
        return apply(back && back.shown).then(function () {
          if (back) window.scrollTo(0, back.y);
        });
      }, function () {
        clearTimeout(slow);
        if (my !== seq) return;
        status.textContent = t("search_unavailable");
      });
    }

    engine.load().then(function (m) {
      manifest = m;
      S.FACETS.forEach(function (f) {
        facetValues(m, f).forEach(function (v) { if (wanted[f].indexOf(v[1]) >= 0) selected[f].push(v[0]); });
      });
      run();
    }, function () { status.textContent = t("search_unavailable"); });

    // A query here fetches its facets and twenty records: once typing has paused.
    input.addEventListener("input", function () { if (manifest) { clearTimeout(timer); timer = setTimeout(run, SETTLE); } });
    form.addEventListener("submit", function (e) { e.preventDefault(); if (manifest) run(); });
    more.addEventListener("click", function () {
      var first = list.children.length;
      showMore().then(function () { var a = list.children[first] && list.children[first].querySelector("a"); if (a) a.focus(); });
    });
    // Arrow keys walk from the box through the results; Enter follows the focused link.
    container.parentNode.addEventListener("keydown", function (e) {
      if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
      var links = Array.prototype.slice.call(list.querySelectorAll("a.search-hit"));
      var at = e.target === input ? -1 : links.indexOf(e.target);
      if (e.target !== input && at < 0) return;
      e.preventDefault();
      var next = at + (e.key === "ArrowDown" ? 1 : -1);
      if (next < 0) input.focus();
      else if (links[next]) links[next].focus();
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && input.value) { e.preventDefault(); input.value = ""; run(); }
    });
    // Arrived from a search box (a new navigation with a query, not back or a reload): the
    // focus is in this page's box, where the arrow keys go on into the results. It was on the
    // page, 42 Tab presses before the first result.
    var arrival = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    if (input.value && (!arrival || arrival.type === "navigate") && !window.location.hash &&
        (document.activeElement === document.body || !document.activeElement)) {
      input.focus();
    }
    return { focus: function () { input.focus(); input.select(); } };
  }

  var targets = [];
  var pageInput = document.getElementById("search-page-input");
  var results = document.getElementById("search-results");
  if (pageInput && results) targets.push(ResultsPage(results, pageInput));
  document.querySelectorAll(".site-search").forEach(function (box) {
    if (!box.id) box.id = "site-search-" + uid++;
    targets.push(Dropdown(box));
  });
  if (!targets.length) return;
  document.addEventListener("keydown", function (e) {
    var k = e.key && e.key.toLowerCase();
    var chord = k === "k" && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey;
    var slash = e.key === "/" && !e.ctrlKey && !e.metaKey && !e.altKey && !editable(e.target);
    if (!chord && !slash) return;
    e.preventDefault();
    targets[0].focus();
  });
})();
