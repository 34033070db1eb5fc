//! The search index: built by opsbook in the same build, written as static files, and read by
//! the theme's `search.js`. A query downloads only what it needs, so its cost stays flat as
//! the wiki grows:
//!
//! - `search/manifest.json`: the first term of every chunk (a directory of the sorted term
//!   list), the facet tables (kinds, review statuses, owners, tags) and the postings cap.
//! - `search/chunks/N.json`: `{"terms": {term: postings}}` for a slice of the sorted terms;
//!   postings are a flat list `[doc, score, section, doc, score, section, …]` (section
//!   [`NO_SECTION`] for a term only in the title, summary or labels: the result opens at the
//!   page's top), best score first, capped at [`MAX_POSTINGS`] per term (but documents with the term in their title
//!   up to [`MAX_TITLE_POSTINGS`]).
//! - `search/doc/G.json`: what a result shows, for [`RECORDS_PER_FILE`] documents (document
//!   `id` is entry `id % RECORDS_PER_FILE` of file `id / RECORDS_PER_FILE`): title, URL,
//!   summary, owners, review status and sections (`[anchor, heading, snippet]`). Eight to a
//!   file, not one: creating files is most of what writing the index costs the system (a
//!   file of the index cost about 0.3 ms of system time at 10,000 pages, on ext4, twice what
//!   a page's did), and one record a file was 10,000 files. Not more than eight, as the eight
//!   results the search box shows mostly come from different files, so a query reads about
//!   eight times the records it shows.
//! - `search/phrases/B.bin`: the documents holding each run of three and of four terms,
//!   hashed, bucket B holding the B-th of the manifest's number of equal ranges of hashes
//!   (binary, see [`phrases`]), for queries of three words or more.
//! - `search/titles/B.bin`: the documents with each whole title, by [`phrases::title_hash`],
//!   in buckets like the phrases' (`title_buckets` of them), for queries of two words or more.
//! - `search/words/N.json`: the index's words of [`TYPO_MIN_CHARS`] characters or more, for
//!   the manifest's `words[N]` character: `[[words starting with it], [words with it second]]`.
//!   A word typed with a typo in it is not in the index; the words one edit away from it share
//!   its first character, or have its second first (a swap or an extra first letter), or share
//!   its second (a wrong first letter) or have its first second (a dropped first letter), so
//!   the files of its first two characters hold every candidate. Words with digits are left
//!   out: `7.20.1` one edit from `7.20.0` is another version, not a typo.
//! - `search/facets/G.json`: `[kind, status, [owners], [tags], due]` for each document of block G
//!   (`due`, the review's due date or "", lets the browser count a page overdue once it is)
//!   ([`DOCS_PER_FOLDER`] documents a block, indexes into the manifest's tables), fetched only
//!   to filter and count results on the results page, so a query typed in the header box
//!   never pays for them.
//!
//! Ranking is BM25F: a term's occurrences are weighted by field (title 8, headings 4, tags
//! and summary 3, body 1), each field's count normalised by its length, then combined. The
//! browser ranks first the documents holding more of the query's runs of words as typed.

pub mod phrases;
pub mod tokenize;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::TextSection;
use crate::render::{Content, OutputFile, Sink};
use crate::site::Site;

/// Field order in [`PageTerms`]: title, headings, tags and summary, body.
pub const FIELD_WEIGHTS: [f32; 4] = [8.0, 4.0, 3.0, 1.0];
/// Most postings kept per term: the best-scoring documents, enough for any one query.
pub const MAX_POSTINGS: usize = 500;
/// Past [`MAX_POSTINGS`], the documents with the term in their title are kept up to this
/// rank: on a big wiki hundreds of titles share a word ("… policy"), and a title query must
/// still find each of them.
pub const MAX_TITLE_POSTINGS: usize = 2_000;
/// Target size in bytes of a chunk of the term list: a query reads one a word (about 8 kB
/// gzipped), and a wiki of 10,000 pages has about 300 (the fewer files, the faster the build).
pub const CHUNK_BYTES: usize = 24_000;
/// Documents per facets block (`search/facets/G.json`).
pub const DOCS_PER_FOLDER: usize = 1000;
/// Shortest index word listed for typo matching: a typed word of five characters or more
/// may be a four-character word with a letter too many.
pub const TYPO_MIN_CHARS: usize = 4;
/// Documents per records file (`search/doc/G.json`).
pub const RECORDS_PER_FILE: usize = 8;

/// Whether `path` (an output path) is one of the index's files, all of which
/// [`IndexInput::write`] writes (the results page, `search/index.html`, is not one).
pub fn is_index_file(path: &str) -> bool {
    path.starts_with("search/") && (path.ends_with(".json") || path.ends_with(".bin"))
}
/// Characters of each section kept to show as an excerpt, which starts near the first word
/// matched (the browser shows two lines of it). On a generated 10,000-page wiki, of the
/// results shown for body phrases and pairs of their words, a matched word was in the lines
/// shown for 62% with 160 characters, 74% with 320, 78% with 400 and 82% with 480; a records
/// file grew from 3.0 to 4.1, 4.5 and 4.8 kB gzipped (a query reads about eight).
const SNIPPET_CHARS: usize = 400;
const K1: f32 = 1.2;
const B: f32 = 0.75;
/// What a term in the title adds to its saturated score (which is at most `K1 + 1`): as much
/// as the best match anywhere else. BM25F's saturation alone left a word of the title barely
/// above one said five times in the body, and readers name a page by its title ("contract
/// renewal payments" found "Statuspage: contract and renewal" before "Contract renewal
/// checklist for payments", 13th).
const TITLE_BONUS: f32 = K1 + 1.0;
/// Scores are kept as integers, this many a unit.
const SCORE_SCALE: f32 = 500.0;

/// What one page contributes to the index, computed when its Markdown is rendered (in
/// parallel), so the page's text need not be kept.
#[derive(Debug, Clone, Default)]
pub struct PageTerms {
    /// The terms, in no particular order, each with its count per field and the section where
    /// it matters most, packed one after the other (see [`PageTerms::terms`]): a page has
    /// hundreds, and every page's are held until the index is made. Packed, a term takes 10
    /// bytes on average at 10,000 pages, against 19 as a string slice and a 12-byte entry.
    packed: Box<[u8]>,
    /// Number of terms per field.
    pub lengths: [u32; 4],
    /// The page's sections as a result shows them.
    pub sections: Sections,
    /// Runs of three and four terms, hashed (see [`phrases`]).
    pub shingles: phrases::Shingles,
    /// The title's [`phrases::title_hash`], when it has two terms or more (a one-word title
    /// is found by its word).
    pub title_hash: Option<u32>,
}

impl PageTerms {
    /// Each term, grouped by first byte, with its count per field and the section where it
    /// matters most. A term is packed as its length in bytes (one byte: a term has at most
    /// 40 characters), its bytes, a byte with a bit for each field that counts it, a byte per
    /// such field for its count, and the section as LEB128: most terms are counted in one
    /// field only. Counts stop at 255: BM25 saturates long before (a term 255 times in a body
    /// scores within 0.1% of one 300 times).
    pub fn terms(&self) -> impl Iterator<Item = (&str, [u8; 4], u16)> {
        self.entries_from(0).map(|entry| {
            let (term, tf, section) = self.read(&entry);
            let term = std::str::from_utf8(term).expect("terms are packed whole");
            (term, tf, section)
        })
    }

    /// The term at `entry` (its UTF-8 bytes: checked once per distinct term of the site, when
    /// the postings are made, rather than for each page's copy), with its counts and section.
    fn read(&self, entry: &PackedTerm) -> (&[u8], [u8; 4], u16) {
        let bytes = &self.packed[..];
        let term = &bytes[entry.term.clone()];
        let fields = bytes[entry.term.end];
        let mut counts = bytes[entry.term.end + 1..entry.section.start].iter();
        let tf = std::array::from_fn(|f| {
            if fields & 1 << f != 0 {
                *counts.next().expect("a count for each field counted")
            } else {
                0
            }
        });
        let section = bytes[entry.section.clone()]
            .iter()
            .rev()
            .fold(0u16, |n, byte| n << 7 | u16::from(byte & 0x7f));
        (term, tf, section)
    }

    /// Where each packed term's bytes and section are, from byte `at` of the packed terms on
    /// (the start of a term), found from the lengths alone.
    fn entries_from(&self, mut at: usize) -> impl Iterator<Item = PackedTerm> {
        let bytes = &self.packed[..];
        std::iter::from_fn(move || {
            let term = at + 1..at + 1 + usize::from(*bytes.get(at)?);
            let fields = bytes[term.end];
            let section_start = term.end + 1 + fields.count_ones() as usize;
            let mut end = section_start;
            while bytes[end] >= 0x80 {
                end += 1;
            }
            at = end + 1;
            Some(PackedTerm {
                term,
                section: section_start..at,
            })
        })
    }
}

/// Where a term of [`PageTerms::packed`] is: its bytes, then its fields byte and counts, then
/// its section.
struct PackedTerm {
    term: std::ops::Range<usize>,
    section: std::ops::Range<usize>,
}

/// A page's sections as a result shows them: (anchor id, heading, first characters of the
/// text) each, in one string. A page has about eight, held until the index is written: as
/// three strings each, they took 1.4 kB a page at 10,000 pages, and 1.0 kB so.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    text: String,
    /// Where each section's id, heading and snippet end in `text`.
    ends: Vec<[u32; 3]>,
}

impl Sections {
    /// Adds a section, its text cut down to a [`snippet`].
    fn push(&mut self, id: &str, heading: &str, text: &str) {
        let end = |text: &String| {
            u32::try_from(text.len()).expect("a page's headings and snippets are under 4 GB")
        };
        self.text.push_str(id);
        let id_end = end(&self.text);
        self.text.push_str(heading);
        let heading_end = end(&self.text);
        let (snippet, cut) = snippet(text);
        self.text.push_str(snippet);
        if cut {
            self.text.push('…');
        }
        self.ends.push([id_end, heading_end, end(&self.text)]);
    }

    /// Each section's (anchor id, heading, snippet), in page order.
    pub fn iter(&self) -> impl Iterator<Item = [&str; 3]> {
        let mut start = 0;
        self.ends.iter().map(move |ends| {
            ends.map(|end| {
                let part = &self.text[start..end as usize];
                start = end as usize;
                part
            })
        })
    }
}

impl Serialize for Sections {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Appends a term to [`PageTerms::packed`].
fn pack_term(out: &mut Vec<u8>, term: &str, tf: [u8; 4], section: u16) {
    debug_assert!(!term.is_empty(), "the tokenizer makes no empty term");
    // What follows the term's bytes, made on the stack and appended at once: one capacity
    // check a term, not one a byte, for the million terms of 10,000 pages.
    let mut tail = [0u8; 8];
    let mut len = 1;
    for (f, &count) in tf.iter().enumerate() {
        if count > 0 {
            tail[0] |= 1 << f;
            tail[len] = count;
            len += 1;
        }
    }
    let mut rest = section;
    while rest >= 0x80 {
        tail[len] = (rest & 0x7f) as u8 | 0x80;
        len += 1;
        rest >>= 7;
    }
    tail[len] = rest as u8;
    len += 1;
    // The tokenizer's longest term is 40 characters of at most four bytes.
    out.push(u8::try_from(term.len()).expect("a term has at most 160 bytes"));
    out.extend_from_slice(term.as_bytes());
    out.extend_from_slice(&tail[..len]);
}

/// Reads a page's text into index terms. `labels` are its tags and its owners' names, which
/// weigh like its summary (a search for a team or a person finds what they own). `sections` is the page's text cut at headings: its
/// ids and headings are kept, and its texts cut down to snippets. `common_runs` is the build
/// ([`phrases::new_build`]) whose pages' runs of words this thread counts, to leave out those
/// too common for the index as soon as it knows them (see `phrases::CommonRuns`); `None`
/// keeps them all, for `serve`, where a page's terms outlive the build they were made in.
pub fn analyze(
    title: &str,
    summary: &str,
    labels: &[&str],
    sections: Vec<TextSection>,
    common_runs: Option<u64>,
) -> PageTerms {
    thread_local! {
        // Every text of the page folded into one buffer a thread, reused: terms are slices of
        // it (no string a term), and no buffer is allocated a text.
        static FOLDED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    }
    FOLDED.with_borrow_mut(|folded| {
        folded.clear();
        // (where the text ends in `folded`, field, section, weight)
        let mut texts: Vec<(usize, usize, u16, u16)> =
            Vec::with_capacity(2 + labels.len() + 2 * sections.len());
        let mut add = |text: &str, field: usize, section: u16, weight: u16| {
            tokenize::fold_into(folded, text);
            texts.push((folded.len(), field, section, weight));
        };
        // The title, summary and labels are the whole page's, no section's: they weigh
        // nothing towards the section a result links to (a word of the summary led there to
        // the top of the page, whichever section held it).
        add(title, 0, 0, 0);
        add(summary, 2, 0, 0);
        for label in labels {
            add(label, 2, 0, 0);
        }
        for (i, section) in sections.iter().enumerate() {
            let i = i as u16;
            // A term in a heading says more about that section than one in its text.
            add(&section.heading, 1, i, 3);
            add(&section.text, 3, i, 1);
        }
        // Hyphenated words joined, after the texts, in the fields and sections they are in:
        // readers type `oncall` and `kubeproxy` for `on-call` and `kube-proxy`. They count
        // for the postings only, not for lengths or phrases (a query's runs of words are
        // cut as the text's are: `on`, `call`).
        // Likewise Hebrew's and Arabic's words without their prefixes (`תהליך` for
        // `בתהליך`), looked for only on pages with letters of those scripts.
        let written = texts.len();
        let hebrew_or_arabic = memchr::memchr3(0xD7, 0xD8, 0xD9, folded.as_bytes()).is_some();
        let mut start = 0;
        for i in 0..written {
            let (end, field, section, weight) = texts[i];
            let before = folded.len();
            tokenize::joined_hyphenated(folded, start, end);
            if hebrew_or_arabic {
                tokenize::without_prefixes(folded, start, end);
            }
            if folded.len() > before {
                texts.push((folded.len(), field, section, weight));
            }
            start = end;
        }
        folded.push_str(KEY_PADDING);
        let folded = folded.as_str();
        let mut table = TermTable::new(folded, folded.len() / 12);
        let mut lengths = [0u32; 4];
        let mut shingler = phrases::Shingler::default();
        let mut start = 0;
        for &(end, field, section, weight) in &texts[..written] {
            shingler.restart();
            tokenize::each_folded_term_in_runs(&folded[start..end], |term, new_run| {
                if new_run {
                    shingler.restart();
                }
                lengths[field] += 1;
                let counts = table.counts_of(term);
                counts.add(field, section, weight);
                shingler.push_hash(counts.hash);
            });
            start = end;
        }
        for &(end, field, section, weight) in &texts[written..] {
            tokenize::each_folded_term(&folded[start..end], |term| {
                table.counts_of(term).add(field, section, weight);
            });
            start = end;
        }
        // The title's terms again, on their own: a test for the title in the loop above, run
        // for every term of the page, cost 3.6% of the page's analysis.
        let mut title_words = Vec::new();
        tokenize::each_folded_term(&folded[..texts[0].0], |term| {
            title_words.push(phrases::word_hash(term));
        });
        let mut counts = table.into_terms();
        // Grouped by first byte, in no order within a group: the index reads each page's
        // terms a range of first bytes at a time, and sorts the site's terms once, not each
        // page's. A counting sort: a comparison sort here was 1-1.5% of a 10,000-page build.
        let mut packed = Vec::with_capacity(counts.iter().map(|(t, _)| t.len() + 6).sum());
        let mut order = Vec::new();
        phrases::group_by_key(
            &(0..counts.len() as u32).collect::<Vec<_>>(),
            256,
            |i| usize::from(counts[i as usize].0.as_bytes()[0]),
            &mut order,
        );
        for i in order {
            let (term, counts) = &mut counts[i as usize];
            let best = counts.settle();
            pack_term(&mut packed, term, counts.by_field, best);
        }
        PageTerms {
            packed: packed.into_boxed_slice(),
            lengths,
            sections: {
                let mut packed = Sections {
                    text: String::with_capacity(
                        sections
                            .iter()
                            .map(|s| s.id.len() + s.heading.len() + SNIPPET_CHARS + 3)
                            .sum(),
                    ),
                    ends: Vec::with_capacity(sections.len()),
                };
                for section in &sections {
                    packed.push(&section.id, &section.heading, &section.text);
                }
                packed.text.shrink_to_fit();
                packed
            },
            shingles: shingler.finish_in(common_runs),
            title_hash: (title_words.len() >= 2).then(|| phrases::title_hash(&title_words)),
        }
    })
}

/// The section of a term in no section's text (only in the title, summary or labels).
pub const NO_SECTION: u16 = u16::MAX;

/// Per term: counts by field, and the section where it weighs most so far. Sections are
/// read in order, so only the current one and the best before it are needed.
struct Counts {
    /// The term's [`phrases::word_hash`], computed once a page.
    hash: u32,
    by_field: [u8; 4],
    section: u16,
    weight: u16,
    best_section: u16,
    best_weight: u16,
}
impl Default for Counts {
    fn default() -> Self {
        Counts {
            hash: 0,
            by_field: [0; 4],
            section: 0,
            weight: 0,
            best_section: NO_SECTION,
            best_weight: 0,
        }
    }
}

impl Counts {
    fn add(&mut self, field: usize, section: u16, weight: u16) {
        self.by_field[field] = self.by_field[field].saturating_add(1);
        if section != self.section {
            self.settle();
            self.section = section;
            self.weight = 0;
        }
        self.weight = self.weight.saturating_add(weight);
    }
    /// The best section: most weight, the earliest of equals.
    fn settle(&mut self) -> u16 {
        if self.weight > self.best_weight {
            self.best_weight = self.weight;
            self.best_section = self.section;
        }
        self.best_section
    }
}

/// A page's terms and their [`Counts`], in the order first seen: an open-addressing table
/// where a term of up to eight bytes (nine in ten) is found by its bytes read as one number,
/// hashed and compared in a few instructions. It replaced a hash map keyed by the string,
/// which hashed and compared each term byte by byte: with the tokenizer's loop for ASCII,
/// 3.2% fewer instructions for a 1,000-page build (callgrind), the index byte-identical.
struct TermTable<'a> {
    /// The text the terms are slices of, followed by at least eight bytes of padding (so a
    /// term's first eight bytes can be read as one number wherever it ends).
    text: &'a str,
    /// Where each term is in `terms`, plus one (0: a free slot); a power of two long.
    slots: Vec<u32>,
    /// Each term's [`short_key`] (0 for a longer term), by index in `terms`.
    keys: Vec<u64>,
    terms: Vec<(&'a str, Counts)>,
}

/// Bytes of padding [`TermTable::text`] needs after its last term.
const KEY_PADDING: &str = "        ";

impl<'a> TermTable<'a> {
    fn new(text: &'a str, expected_terms: usize) -> Self {
        debug_assert!(text.ends_with(KEY_PADDING));
        TermTable {
            text,
            slots: vec![0; (expected_terms * 2).next_power_of_two().max(64)],
            keys: Vec::with_capacity(expected_terms),
            terms: Vec::with_capacity(expected_terms),
        }
    }

    /// The counts of `term` (a slice of the table's text), new ones if it was not seen.
    fn counts_of(&mut self, term: &'a str) -> &mut Counts {
        let at = term.as_ptr() as usize - self.text.as_ptr() as usize;
        debug_assert_eq!(&self.text[at..at + term.len()], term);
        let key = short_key(&self.text.as_bytes()[at..at + 8], term.len());
        // A longer term is placed by its word hash, which a new one keeps anyway.
        let long_hash = (key == 0).then(|| phrases::word_hash(term));
        let mask = self.slots.len() - 1;
        let mut slot = slot_of(key, long_hash.unwrap_or(0)) & mask;
        loop {
            let at = self.slots[slot] as usize;
            if at == 0 {
                break;
            }
            let known = self.keys[at - 1];
            if known == key && (key != 0 || self.terms[at - 1].0 == term) {
                return &mut self.terms[at - 1].1;
            }
            slot = (slot + 1) & mask;
        }
        self.keys.push(key);
        self.terms.push((
            term,
            Counts {
                hash: long_hash.unwrap_or_else(|| phrases::word_hash(term)),
                ..Counts::default()
            },
        ));
        self.slots[slot] = self.terms.len() as u32;
        if self.terms.len() * 2 > self.slots.len() {
            self.grow();
        }
        &mut self.terms.last_mut().expect("just pushed").1
    }

    /// Doubles the slots, placing the terms again.
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let mask = size - 1;
        self.slots = vec![0; size];
        for (i, (&key, (_, counts))) in self.keys.iter().zip(&self.terms).enumerate() {
            let mut slot = slot_of(key, counts.hash) & mask;
            while self.slots[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = i as u32 + 1;
        }
    }

    fn into_terms(self) -> Vec<(&'a str, Counts)> {
        self.terms
    }
}

/// A term of one to eight bytes as a number (its bytes, little-endian, the rest zero), read
/// from `eight`, the eight bytes it starts; 0 for a longer term. Two terms have the same
/// number only if they are the same: a term has no zero byte.
fn short_key(eight: &[u8], len: usize) -> u64 {
    debug_assert!(len > 0, "the tokenizer makes no empty term");
    if len > 8 {
        return 0;
    }
    let bytes = u64::from_le_bytes(eight.try_into().expect("eight bytes"));
    bytes & (u64::MAX >> (64 - 8 * len))
}

/// Where a term starts looking for its slot: by its [`short_key`], or for a longer term (key
/// 0) by its word hash, spread over the slots (the top bits of a multiplication are well
/// mixed, and the rotation brings them down to the bits the table's mask keeps).
fn slot_of(key: u64, word_hash: u32) -> usize {
    let key = if key != 0 { key } else { u64::from(word_hash) };
    key.wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(26) as usize
}

/// The first [`SNIPPET_CHARS`] characters of `text`, cut at a word when one ends in their
/// second half, and whether that cut anything (a cut snippet ends in an ellipsis).
fn snippet(text: &str) -> (&str, bool) {
    let Some((cut, _)) = text.char_indices().nth(SNIPPET_CHARS) else {
        return (text, false);
    };
    let end = match text[..cut].rfind([' ', '\n']) {
        Some(space) if space > SNIPPET_CHARS / 2 => space,
        _ => cut,
    };
    (&text[..end], true)
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    docs: usize,
    /// [`MAX_POSTINGS`]: a term with this many postings or more may be on pages it does not
    /// list, so the browser does not require a result to have it.
    postings_cap: usize,
    chunks: Vec<String>,
    /// Number of `search/phrases/B.bin` buckets.
    phrase_buckets: u32,
    /// Number of `search/titles/B.bin` buckets.
    title_buckets: u32,
    /// Documents per `search/doc/G.json` file.
    records: usize,
    /// The characters of the `search/words/N.json` files, in file order.
    words: Vec<char>,
    weights: [f32; 4],
    kinds: Vec<[&'a str; 2]>,
    statuses: [&'static str; 4],
    owners: Vec<[&'a str; 2]>,
    tags: Vec<&'a str>,
}

/// `{"terms": {term: postings}}`, terms in sorted order.
#[derive(Default)]
struct Chunk {
    terms: Vec<(String, Vec<u32>)>,
}

impl Serialize for Chunk {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Terms<'a>(&'a [(String, Vec<u32>)]);
        impl Serialize for Terms<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_map(self.0.iter().map(|(term, list)| (term, list)))
            }
        }
        let mut chunk = serializer.serialize_struct("Chunk", 1)?;
        chunk.serialize_field("terms", &Terms(&self.terms))?;
        chunk.end()
    }
}

#[derive(Serialize, Clone, Default)]
struct DocFacets<'a>(i32, u8, Vec<u32>, Vec<u32>, &'a str);

#[derive(Serialize)]
struct DocRecord<'a> {
    title: &'a str,
    url: &'a str,
    summary: &'a str,
    kind: &'a str,
    owners: Vec<&'a str>,
    review: &'static str,
    due: String,
    sections: &'a Sections,
    /// The titles of the sections the page is in, outermost first (not the page's own, for
    /// a section's page): where a result is, as the wiki names it.
    place: Vec<&'a str>,
}

const STATUSES: [&str; 4] = ["ok", "due_soon", "overdue", "none"];

/// Every term's postings (see [`postings_of`]).
#[cfg(test)]
pub fn postings(docs: &[&PageTerms]) -> Vec<(String, Vec<[u32; 3]>)> {
    let mut cursors = vec![0; docs.len()];
    postings_of(docs, &average_lengths(docs), u8::MAX, &mut cursors)
}

/// The average length of each field over `docs` (BM25's length normalisation).
fn average_lengths(docs: &[&PageTerms]) -> [f32; 4] {
    let mut avg = [0f32; 4];
    for terms in docs {
        for (f, len) in terms.lengths.iter().enumerate() {
            avg[f] += *len as f32;
        }
    }
    for a in &mut avg {
        *a = (*a / (docs.len() as f32).max(1.0)).max(1.0);
    }
    avg
}

/// Most (term, page) pairs the postings are made from at a time: every pair of the range
/// being made is held at once (8 bytes each, and the lists they are gathered in), and
/// 100,000 pages have 31 million. Made all at once, they were the build's peak of memory at
/// 100,000 pages (300 MiB over what the pages hold); 8 million at a time, 70 MiB. Smaller
/// ranges cost little: each page's terms are read once whatever the number of ranges.
const PAIRS_AT_A_TIME: usize = 3_000_000;

/// Ranges of first bytes of terms, in order, each holding at most `max_pairs` (term, page)
/// pairs (more when one first byte has more).
fn term_ranges(docs: &[&PageTerms], max_pairs: usize) -> Vec<std::ops::RangeInclusive<u8>> {
    let mut by_first_byte = [0usize; 256];
    for terms in docs {
        for entry in terms.entries_from(0) {
            by_first_byte[usize::from(terms.packed[entry.term.start])] += 1;
        }
    }
    let mut ranges = Vec::new();
    let (mut start, mut pairs) = (0u8, 0);
    for byte in 0..=u8::MAX {
        let count = by_first_byte[usize::from(byte)];
        if pairs > 0 && pairs + count > max_pairs {
            ranges.push(start..=byte - 1);
            (start, pairs) = (byte, 0);
        }
        pairs += count;
    }
    ranges.push(start..=u8::MAX);
    ranges
}

/// The postings `[doc, score, section]` of the terms from `cursors` (where each doc's next
/// term is in its packed terms, moved past those read) whose first byte is at most `last`,
/// best first and at most [`MAX_POSTINGS`], with BM25F scores (× 1000, as integers), terms in
/// sorted order; `avg` is [`average_lengths`] of all `docs`. A page's terms are grouped by
/// first byte, so calls for ranges of first bytes in order read each term once.
fn postings_of(
    docs: &[&PageTerms],
    avg: &[f32; 4],
    last: u8,
    cursors: &mut [usize],
) -> Vec<(String, Vec<[u32; 3]>)> {
    let n = docs.len() as f32;
    // [doc, score × 2¹⁷ + in title × 2¹⁶ + section]: the score before idf is at most
    // SCORE_SCALE × (K1 + 1 + TITLE_BONUS), 12 bits. Packed in two numbers, not four, as
    // every (term, page) pair of the range is held here at once.
    let mut by_term: rustc_hash::FxHashMap<&[u8], Vec<[u32; 2]>> = Default::default();
    for (doc, terms) in docs.iter().enumerate() {
        // Each field's length normalisation, once a page rather than once a term.
        let weight: [f32; 4] = std::array::from_fn(|f| {
            FIELD_WEIGHTS[f] / (1.0 - B + B * terms.lengths[f] as f32 / avg[f])
        });
        let cursor = &mut cursors[doc];
        for entry in terms.entries_from(*cursor) {
            if terms.packed[entry.term.start] > last {
                break;
            }
            *cursor = entry.section.end;
            let (term, tf, section) = terms.read(&entry);
            let weighted: f32 = (0..4).map(|f| weight[f] * f32::from(tf[f])).sum();
            let saturated =
                weighted * (K1 + 1.0) / (weighted + K1) + if tf[0] > 0 { TITLE_BONUS } else { 0.0 };
            let score = (saturated * SCORE_SCALE) as u32;
            by_term.entry(term).or_default().push([
                doc as u32,
                score << 17 | u32::from(tf[0] > 0) << 16 | u32::from(section),
            ]);
        }
    }
    let by_term: Vec<(&[u8], Vec<[u32; 2]>)> = by_term.into_iter().collect();
    let mut sorted: Vec<(String, Vec<[u32; 3]>)> = by_term
        .into_par_iter()
        .map(|(term, mut packed)| {
            let df = packed.len() as f32;
            let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
            // The final score in the packed pair's score bits (15 of them: at most
            // 2,200 × ln(1 + documents), below 2¹⁵ up to a million pages), so the pairs are
            // ordered without unpacking them.
            for pair in &mut packed {
                let score = (((pair[1] >> 17) as f32 * idf).round() as u32).clamp(1, 0x7fff);
                pair[1] = score << 17 | pair[1] & 0x1_ffff;
            }
            let best_first =
                |a: &[u32; 2], b: &[u32; 2]| (b[1] >> 17).cmp(&(a[1] >> 17)).then(a[0].cmp(&b[0]));
            // Only the first MAX_TITLE_POSTINGS can be kept: pick them before sorting, so
            // a word on every page sorts two thousand documents, not all of them.
            if packed.len() > MAX_TITLE_POSTINGS {
                packed.select_nth_unstable_by(MAX_TITLE_POSTINGS, best_first);
                packed.truncate(MAX_TITLE_POSTINGS);
            }
            // Documents are unique in a list, so an unstable sort gives one order.
            packed.sort_unstable_by(best_first);
            let kept = packed
                .iter()
                .enumerate()
                .filter(|(rank, p)| *rank < MAX_POSTINGS || p[1] >> 16 & 1 == 1)
                .map(|(_, &[doc, packed])| [doc, packed >> 17, packed & 0xffff])
                .collect();
            let term = std::str::from_utf8(term).expect("terms are packed whole");
            (term.to_string(), kept)
        })
        .collect();
    sorted.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    sorted
}

/// The words for typo matching (see `search/words/N.json` above) by character: (words
/// starting with it, words with it second), each sorted.
#[cfg(test)]
pub fn typo_words(sorted: &[(String, Vec<[u32; 3]>)]) -> BTreeMap<char, [Vec<String>; 2]> {
    let mut by_char = BTreeMap::new();
    add_typo_words(&mut by_char, sorted);
    by_char
}

/// Adds the words of `sorted` to the typo-matching lists (see `search/words/N.json` above),
/// which stay sorted when the terms come after those added before.
fn add_typo_words(
    by_char: &mut BTreeMap<char, [Vec<String>; 2]>,
    sorted: &[(String, Vec<[u32; 3]>)],
) {
    for (term, _) in sorted {
        let chars: Vec<char> = term.chars().collect();
        if chars.len() < TYPO_MIN_CHARS || chars.iter().any(char::is_ascii_digit) {
            continue;
        }
        by_char.entry(chars[0]).or_default()[0].push(term.clone());
        by_char.entry(chars[1]).or_default()[1].push(term.clone());
    }
}

/// Cuts the sorted term list into consecutive ranges of about `budget` bytes of JSON each (a
/// term longer than the budget gets a chunk of its own).
#[cfg(test)]
pub fn chunks(sorted: &[(String, Vec<[u32; 3]>)], budget: usize) -> Vec<std::ops::Range<usize>> {
    let mut cutter = ChunkCutter { budget, bytes: 0 };
    let mut starts: Vec<usize> = (0..sorted.len())
        .filter(|&i| cutter.starts_chunk(&sorted[i].0, sorted[i].1.len()) || i == 0)
        .collect();
    starts.push(sorted.len());
    starts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Cuts the sorted term list into chunks of about `budget` bytes of JSON each, term by term
/// as they come (a term longer than the budget gets a chunk of its own).
struct ChunkCutter {
    budget: usize,
    /// Bytes of the chunk being filled.
    bytes: usize,
}

impl ChunkCutter {
    /// Whether `term`, with `postings` postings, starts a new chunk (the first term does not).
    fn starts_chunk(&mut self, term: &str, postings: usize) -> bool {
        // A posting costs about 12 bytes of JSON.
        let cost = term.len() + 6 + postings * 12;
        let starts = self.bytes > 0 && self.bytes + cost > self.budget;
        if starts {
            self.bytes = 0;
        }
        self.bytes += cost;
        starts
    }
}

/// What the index is made from, taken from a site: small to take (the pages' terms are shared,
/// not copied), so `serve` can write the index on another thread while pages keep changing.
pub struct IndexInput {
    docs: Vec<DocInput>,
    /// Owner ids and names, in facet order.
    owners: Vec<(String, String)>,
    tags: Vec<String>,
    /// Kind ids and plurals, by kind index.
    kinds: Vec<(String, String)>,
}

struct DocInput {
    terms: Arc<PageTerms>,
    title: String,
    url: String,
    summary: String,
    kind: i32,
    kind_title: String,
    review: &'static str,
    due: String,
    owner_names: Vec<String>,
    place: Vec<String>,
    owner_facets: Vec<u32>,
    tag_facets: Vec<u32>,
}

impl IndexInput {
    /// Takes what the index needs from `site`, sharing the pages' terms with it.
    pub fn of(site: &Site) -> IndexInput {
        IndexInput::with_terms(
            site,
            site.pages.iter().map(|page| page.search.clone()).collect(),
        )
    }

    /// Takes what the index needs from `site`, moving the pages' terms out of it: the index,
    /// then their only holder, frees each part once made from it (`build`, where the terms
    /// of a 100,000-page wiki are 800 MB).
    pub fn take(site: &mut Site) -> IndexInput {
        let terms = site
            .pages
            .iter_mut()
            .map(|page| page.search.take())
            .collect();
        IndexInput::with_terms(site, terms)
    }

    /// Whether any page is in the index.
    pub fn has_pages(&self) -> bool {
        !self.docs.is_empty()
    }

    /// The input of `site`'s pages, whose terms are `terms` (by page).
    fn with_terms(site: &Site, terms: Vec<Option<Arc<PageTerms>>>) -> IndexInput {
        let owner_index: HashMap<&str, u32> = site
            .owner_urls
            .keys()
            .enumerate()
            .map(|(i, o)| (o.as_str(), i as u32))
            .collect();
        let tag_index: HashMap<&str, u32> = site
            .tag_urls
            .keys()
            .enumerate()
            .map(|(i, t)| (t.as_str(), i as u32))
            .collect();
        let docs = site
            .pages
            .iter()
            .enumerate()
            .zip(terms)
            .filter_map(|((p, page), terms)| {
                let terms = terms?;
                Some(DocInput {
                    terms,
                    title: page.title.clone(),
                    url: page.url.trim_start_matches('/').to_string(),
                    summary: (page.front.summary.as_deref())
                        .map(crate::markdown::inline_text)
                        .unwrap_or_default(),
                    kind: page.kind.map_or(-1, |k| k as i32),
                    kind_title: page
                        .kind
                        .map_or(site.config.words.text("page"), |k| {
                            site.kinds[k].title.as_str()
                        })
                        .to_string(),
                    review: page.review.status.as_str(),
                    due: page.review.due.map(|d| d.to_string()).unwrap_or_default(),
                    owner_names: page
                        .front
                        .owners
                        .iter()
                        .map(|o| site.owners.name(&o.value).to_string())
                        .collect(),
                    place: {
                        let mut chain = site.section_chain(site.page_section[p]);
                        if page.is_index {
                            chain.pop();
                        }
                        chain
                            .into_iter()
                            .map(|s| site.sections[s].title.clone())
                            .collect()
                    },
                    owner_facets: page
                        .front
                        .owners
                        .iter()
                        .filter_map(|o| owner_index.get(o.value.as_str()).copied())
                        .collect(),
                    tag_facets: page
                        .front
                        .tags
                        .iter()
                        .filter_map(|t| tag_index.get(t.as_str()).copied())
                        .collect(),
                })
            })
            .collect();
        IndexInput {
            docs,
            owners: site
                .owner_urls
                .keys()
                .map(|id| (id.clone(), site.owners.name(id).to_string()))
                .collect(),
            tags: site.tag_urls.keys().cloned().collect(),
            kinds: site
                .kinds
                .iter()
                .map(|k| (k.id.clone(), k.plural.clone()))
                .collect(),
        }
    }

    /// The index files.
    pub fn files(self) -> Vec<OutputFile> {
        let collect = crate::render::Collect::default();
        self.write(&collect)
            .expect("collecting files in memory cannot fail");
        collect.into_files()
    }

    /// Writes the index files into `sink` as each is made, so that they are never all in
    /// memory at once.
    pub fn write(mut self, sink: &dyn Sink) -> anyhow::Result<()> {
        if self.docs.is_empty() {
            return Ok(());
        }
        let mut timer = crate::PhaseTimer::start();
        // The term postings and the phrase buckets are made one after the other, each written
        // and dropped before the next is made, and the pages' part each was made from freed
        // when nothing else holds it: their working sets do not add up at the build's peak of
        // memory (the pages render on the other threads meanwhile).
        let (chunk_starts, word_chars) = self.write_postings(sink)?;
        self.free(|terms| terms.packed = Box::default());
        timer.lap("search: postings and chunks");
        let phrase_buckets = self.write_phrases(sink)?;
        self.free(|terms| terms.shingles = phrases::Shingles::default());
        let title_buckets = self.write_titles(sink)?;
        timer.lap("search: phrases");
        let docs = &self.docs;
        docs.par_chunks(RECORDS_PER_FILE)
            .enumerate()
            .try_for_each(|(group, docs)| {
                let records: Vec<DocRecord> = docs
                    .iter()
                    .map(|doc| DocRecord {
                        title: &doc.title,
                        url: &doc.url,
                        summary: &doc.summary,
                        kind: &doc.kind_title,
                        owners: doc.owner_names.iter().map(String::as_str).collect(),
                        review: doc.review,
                        due: doc.due.clone(),
                        sections: &doc.terms.sections,
                        place: doc.place.iter().map(String::as_str).collect(),
                    })
                    .collect();
                sink.put(json_file(format!("search/doc/{group}.json"), &records))
            })?;
        timer.lap("search: records");
        let facets: Vec<DocFacets> = docs
            .iter()
            .map(|doc| {
                DocFacets(
                    doc.kind,
                    STATUSES.iter().position(|s| *s == doc.review).unwrap_or(3) as u8,
                    doc.owner_facets.clone(),
                    doc.tag_facets.clone(),
                    &doc.due,
                )
            })
            .collect();
        for (block, facets) in facets.chunks(DOCS_PER_FOLDER).enumerate() {
            sink.put(json_file(format!("search/facets/{block}.json"), &facets))?;
        }
        let manifest = Manifest {
            version: 6,
            docs: docs.len(),
            postings_cap: MAX_POSTINGS,
            chunks: chunk_starts,
            phrase_buckets,
            title_buckets,
            records: RECORDS_PER_FILE,
            words: word_chars,
            weights: FIELD_WEIGHTS,
            kinds: self
                .kinds
                .iter()
                .map(|(id, plural)| [id.as_str(), plural.as_str()])
                .collect(),
            statuses: STATUSES,
            owners: self
                .owners
                .iter()
                .map(|(id, name)| [id.as_str(), name.as_str()])
                .collect(),
            tags: self.tags.iter().map(String::as_str).collect(),
        };
        sink.put(json_file("search/manifest.json".into(), &manifest))?;
        timer.lap("search: the rest");
        Ok(())
    }

    /// Writes the term postings in chunks and the words for typo matching; gives the first
    /// term of each chunk and the characters the words are listed by.
    fn write_postings(&self, sink: &dyn Sink) -> anyhow::Result<(Vec<String>, Vec<char>)> {
        let terms: Vec<&PageTerms> = self.docs.iter().map(|d| d.terms.as_ref()).collect();
        let avg = average_lengths(&terms);
        let mut cutter = ChunkCutter {
            budget: CHUNK_BYTES,
            bytes: 0,
        };
        let mut chunk_starts: Vec<String> = Vec::new();
        let mut chunk = Chunk::default();
        let mut words = BTreeMap::new();
        let mut cursors = vec![0; terms.len()];
        for range in term_ranges(&terms, PAIRS_AT_A_TIME) {
            let sorted = postings_of(&terms, &avg, *range.end(), &mut cursors);
            add_typo_words(&mut words, &sorted);
            for (term, list) in sorted {
                if cutter.starts_chunk(&term, list.len()) {
                    let number = chunk_starts.len() - 1;
                    let full = std::mem::take(&mut chunk);
                    sink.put(json_file(format!("search/chunks/{number}.json"), &full))?;
                }
                if chunk.terms.is_empty() {
                    chunk_starts.push(term.clone());
                }
                chunk
                    .terms
                    .push((term, list.into_iter().flatten().collect()));
            }
        }
        if !chunk.terms.is_empty() {
            let number = chunk_starts.len() - 1;
            sink.put(json_file(format!("search/chunks/{number}.json"), &chunk))?;
        }
        for (n, lists) in words.values().enumerate() {
            sink.put(json_file(format!("search/words/{n}.json"), lists))?;
        }
        Ok((chunk_starts, words.into_keys().collect()))
    }

    /// Writes the phrase buckets; gives how many there are.
    fn write_phrases(&self, sink: &dyn Sink) -> anyhow::Result<u32> {
        let shingles: Vec<&phrases::Shingles> =
            self.docs.iter().map(|d| &d.terms.shingles).collect();
        let (phrase_buckets, buckets) = phrases::buckets(&shingles);
        put_buckets(sink, "phrases", buckets)?;
        Ok(phrase_buckets)
    }

    /// Writes the title index (see [`phrases::title_hash`]); gives how many buckets it has.
    fn write_titles(&self, sink: &dyn Sink) -> anyhow::Result<u32> {
        let titles: Vec<phrases::Shingles> = self
            .docs
            .iter()
            .map(|d| {
                d.terms
                    .title_hash
                    .map(phrases::Shingles::one)
                    .unwrap_or_default()
            })
            .collect();
        let titles: Vec<&phrases::Shingles> = titles.iter().collect();
        let (title_buckets, buckets) = phrases::buckets_with(
            &titles,
            phrases::MAX_TITLE_DOCS,
            phrases::TITLE_BUCKET_BYTES,
        );
        put_buckets(sink, "titles", buckets)?;
        Ok(title_buckets)
    }

    /// Frees `part` of the pages' terms that nothing but the index holds.
    fn free(&mut self, part: impl Fn(&mut PageTerms)) {
        for doc in &mut self.docs {
            if let Some(terms) = Arc::get_mut(&mut doc.terms) {
                part(terms);
            }
        }
    }
}

/// Writes `buckets` (bucket, bytes) as `search/{folder}/B.bin`.
fn put_buckets(sink: &dyn Sink, folder: &str, buckets: Vec<(u32, Vec<u8>)>) -> anyhow::Result<()> {
    for (bucket, bytes) in buckets {
        sink.put(OutputFile {
            path: format!("search/{folder}/{bucket}.bin"),
            content: Content::Bytes(bytes),
        })?;
    }
    Ok(())
}

fn json_file(path: String, value: &impl Serialize) -> OutputFile {
    let json = crate::render::inert_json(value, false);
    OutputFile {
        path,
        content: Content::Bytes(json.into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(id: &str, heading: &str, text: &str) -> TextSection {
        TextSection {
            id: id.into(),
            heading: heading.into(),
            text: text.into(),
        }
    }

    #[test]
    fn analysis_counts_fields_and_finds_the_best_section() {
        let terms = analyze(
            "Incident response",
            "What to do",
            &["on-call"],
            vec![
                section("", "", "Intro about incidents."),
                section("roles", "Roles", "The commander leads the incident."),
                section("paging", "Paging", "Page the commander."),
            ],
            None,
        );
        let get = |t: &str| terms.terms().find(|(term, _, _)| *term == t).unwrap();
        assert_eq!(get("incident").1, [1, 0, 0, 1]);
        assert_eq!(get("roles").2, 1, "a heading term points at its section");
        // The title, summary and labels are no section's: a word of them points at the
        // section whose text has it, else at the top.
        assert_eq!(get("incident").2, 1);
        assert_eq!(
            get("what").2,
            NO_SECTION,
            "the page's top, not its first section"
        );
        assert_eq!(get("commander").1, [0, 0, 0, 2]);
        assert_eq!(get("call").1, [0, 0, 1, 0]);
        assert_eq!(terms.lengths[0], 2);
        let sections: Vec<[&str; 3]> = terms.sections.iter().collect();
        assert_eq!(
            sections[1],
            ["roles", "Roles", "The commander leads the incident."]
        );
        assert_eq!(sections[2], ["paging", "Paging", "Page the commander."]);
        assert_eq!(
            serde_json::to_string(&terms.sections).unwrap(),
            r#"[["","","Intro about incidents."],["roles","Roles","The commander leads the incident."],["paging","Paging","Page the commander."]]"#
        );
    }

    #[test]
    fn the_term_table_counts_like_a_map_as_it_grows() {
        // Short and long terms, many more than the table first has room for.
        let words: Vec<String> = (0..700)
            .map(|i| match i % 3 {
                0 => format!("w{i}"),
                1 => format!("longer-than-eight-{i}"),
                _ => format!("{i}x{i}"),
            })
            .collect();
        let text = format!("{}{KEY_PADDING}", words.join(" "));
        let mut table = TermTable::new(&text, 4);
        let mut expected: HashMap<&str, u8> = HashMap::new();
        for round in 0..3 {
            for (i, word) in words.iter().enumerate().filter(|(i, _)| i % 3 >= round) {
                let at = text.match_indices(word.as_str()).next().unwrap().0;
                let term = &text[at..at + word.len()];
                table.counts_of(term).add(3, 0, 1);
                *expected.entry(term).or_default() += 1;
                assert_eq!(table.counts_of(term).hash, phrases::word_hash(term), "{i}");
            }
        }
        let terms = table.into_terms();
        assert_eq!(terms.len(), words.len());
        for (term, counts) in terms {
            assert_eq!(counts.by_field[3], expected[term], "{term}");
        }
    }

    #[test]
    fn packed_terms_read_back_as_written() {
        let longest = "𝒜".repeat(40);
        let written = [
            ("incident", [1, 0, 2, 255], 0u16),
            ("a", [0, 0, 0, 1], 127),
            (longest.as_str(), [0, 3, 0, 0], 128),
            ("障害", [0, 0, 0, 0], u16::MAX),
        ];
        let mut packed = Vec::new();
        for (term, tf, section) in written {
            pack_term(&mut packed, term, tf, section);
        }
        let terms = PageTerms {
            packed: packed.into_boxed_slice(),
            ..PageTerms::default()
        };
        assert_eq!(terms.terms().collect::<Vec<_>>(), written);
    }

    #[test]
    fn phrases_stop_at_sentence_ends_and_blocks() {
        let runs = |terms: &PageTerms| {
            let mut all = terms.shingles.all().to_vec();
            all.sort_unstable();
            all.dedup();
            all
        };
        let one_text = page("", "Check the rollback plan. Then page\nthe lead now");
        let apart = analyze(
            "",
            "",
            &[],
            vec![
                section("", "", "Check the rollback plan"),
                section("", "", "Then page"),
                section("", "", "the lead now"),
            ],
            None,
        );
        assert_eq!(runs(&one_text), runs(&apart));
        assert_eq!(runs(&apart).len(), 3 + 1);
    }

    fn page(title: &str, body: &str) -> PageTerms {
        analyze(title, "", &[], vec![section("", "", body)], None)
    }

    fn scores(postings: &[(String, Vec<[u32; 3]>)], term: &str) -> Vec<(u32, u32)> {
        postings
            .iter()
            .find(|(t, _)| t == term)
            .map(|(_, list)| list.iter().map(|p| (p[0], p[1])).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_title_match_outranks_a_body_match() {
        let docs = [
            page("Onboarding", "Read about incident response later."),
            page("Incident response", "What to do."),
            page("Holidays", "Nothing here."),
        ];
        let refs: Vec<&PageTerms> = docs.iter().collect();
        let p = postings(&refs);
        let incident = scores(&p, "incident");
        assert_eq!(incident[0].0, 1, "{incident:?}");
        assert!(incident[0].1 > incident[1].1);
    }

    #[test]
    fn hebrew_and_arabic_words_are_found_without_their_prefixes() {
        let docs = [
            page("טיפול בתקלה", "מפקד התקלה מוביל."),
            page("הזנקה", "הזנקת הצוות בעת תקלה."),
            page("الاستجابة للحوادث", "يقود قائد الحادث الاستجابة."),
        ];
        let refs: Vec<&PageTerms> = docs.iter().collect();
        let p = postings(&refs);
        let pages = |term: &str| {
            let mut pages: Vec<u32> = scores(&p, term).iter().map(|s| s.0).collect();
            pages.sort();
            pages
        };
        assert_eq!(pages("תקלה"), [0, 1]);
        // A prefix counts in the title as its word does: the page about the fault first.
        assert_eq!(scores(&p, "תקלה")[0].0, 0);
        assert_eq!(pages("בתקלה"), [0]);
        assert_eq!(pages("حادث"), [2]);
        assert_eq!(pages("استجابه"), [2]);
        assert_eq!(pages("حوادث"), [2]);
        // The page's length and its runs of words are its text's, as written.
        assert_eq!(
            docs[1].lengths,
            page("הזנקה", "הזנקת הצוות תקלה תקלה.").lengths
        );
    }

    #[test]
    fn a_word_of_the_title_outranks_the_same_word_said_often_in_the_body() {
        // BM25F's saturation alone scored "payments" five times in a body above it once in a
        // title, so a page with two of three words in its title came before the page with
        // all three there.
        let docs = [
            page(
                "Statuspage: contract and renewal",
                &"The contract renewal for payments: payments, payments, payments, payments. "
                    .repeat(3),
            ),
            page(
                "Contract renewal checklist for payments",
                "Check the contract before renewal.",
            ),
            page("Holidays", "Nothing here."),
        ];
        let refs: Vec<&PageTerms> = docs.iter().collect();
        let p = postings(&refs);
        let total = |doc: u32| -> u32 {
            ["contract", "renewal", "payments"]
                .iter()
                .map(|t| scores(&p, t).iter().find(|s| s.0 == doc).unwrap().1)
                .sum()
        };
        assert!(total(1) > total(0), "{} vs {}", total(1), total(0));
        let payments = scores(&p, "payments");
        assert_eq!(payments[0].0, 1, "{payments:?}");
    }

    #[test]
    fn rare_terms_weigh_more_than_common_ones() {
        let docs = [
            page("A", "common rare"),
            page("B", "common"),
            page("C", "common"),
        ];
        let refs: Vec<&PageTerms> = docs.iter().collect();
        let p = postings(&refs);
        assert!(scores(&p, "rare")[0].1 > scores(&p, "common")[0].1);
    }

    #[test]
    fn titles_are_kept_past_the_cap() {
        // 600 pages with the word in the body only, repeated (high scores), and 700 with it
        // in the title: every title posting is kept, and no more than the cap of the others.
        let mut docs: Vec<PageTerms> = (0..600).map(|_| page("x", &"word ".repeat(30))).collect();
        docs.extend((0..700).map(|i| page(&format!("word {i}"), "")));
        let refs: Vec<&PageTerms> = docs.iter().collect();
        let list = scores(&postings(&refs), "word");
        let titles = list.iter().filter(|(doc, _)| *doc >= 600).count();
        assert_eq!(titles, 700);
        assert!(list.len() <= MAX_POSTINGS + 700);
    }

    #[test]
    fn postings_are_capped_best_first() {
        let docs: Vec<PageTerms> = (0..MAX_POSTINGS + 50)
            .map(|i| page("x", &"word ".repeat(1 + i % 7)))
            .collect();
        let refs: Vec<&PageTerms> = docs.iter().collect();
        let list = scores(&postings(&refs), "word");
        assert_eq!(list.len(), MAX_POSTINGS);
        assert!(list.windows(2).all(|w| w[0].1 >= w[1].1));
    }

    #[test]
    fn postings_made_a_range_of_terms_at_a_time_are_the_same() {
        let docs: Vec<PageTerms> = (0..40)
            .map(|i| {
                page(
                    &format!("title {i}"),
                    &format!("alpha beta {i} gamma zeta x{i} ý"),
                )
            })
            .collect();
        let refs: Vec<&PageTerms> = docs.iter().collect();
        let ranges = term_ranges(&refs, 30);
        assert!(ranges.len() > 3, "{ranges:?}");
        assert_eq!(*ranges[0].start(), 0);
        assert_eq!(*ranges.last().unwrap().end(), u8::MAX);
        for pair in ranges.windows(2) {
            assert_eq!(*pair[0].end() + 1, *pair[1].start());
        }
        let avg = average_lengths(&refs);
        let mut cursors = vec![0; refs.len()];
        let by_range: Vec<_> = ranges
            .into_iter()
            .flat_map(|range| postings_of(&refs, &avg, *range.end(), &mut cursors))
            .collect();
        assert_eq!(by_range, postings(&refs));
    }

    #[test]
    fn chunks_cover_every_term_once_in_order_within_budget() {
        let sorted: Vec<(String, Vec<[u32; 3]>)> = (0..1000)
            .map(|i| (format!("term{i:04}"), vec![[0, 1, 0]; 1 + i % 5]))
            .collect();
        let ranges = chunks(&sorted, 2000);
        assert!(ranges.len() > 10);
        assert_eq!(ranges.first().unwrap().start, 0);
        assert_eq!(ranges.last().unwrap().end, sorted.len());
        for pair in ranges.windows(2) {
            assert_eq!(pair[0].end, pair[1].start);
        }
        for r in &ranges {
            let bytes: usize = sorted[r.clone()]
                .iter()
                .map(|(t, l)| t.len() + 6 + l.len() * 12)
                .sum();
            assert!(bytes <= 2000 || r.len() == 1, "{bytes}");
        }
    }

    #[test]
    fn typo_words_are_filed_by_first_and_second_character() {
        let sorted: Vec<(String, Vec<[u32; 3]>)> = ["api", "policy", "release", "v7.2.0", "ölig"]
            .iter()
            .map(|t| (t.to_string(), vec![[0, 1, 0]]))
            .collect();
        let words = typo_words(&sorted);
        assert_eq!(words[&'p'], [vec!["policy"], vec![]]);
        assert_eq!(words[&'o'], [vec![], vec!["policy"]]);
        assert_eq!(words[&'e'], [vec![], vec!["release"]]);
        assert_eq!(words[&'ö'], [vec!["ölig"], vec![]]);
        assert!(!words.contains_key(&'a'), "too short");
        assert!(!words.contains_key(&'v'), "versions are not typo'd words");
    }

    #[test]
    fn snippets_end_on_a_word() {
        let long = "word ".repeat(100);
        let (s, cut) = snippet(&long);
        assert!(
            cut && s.ends_with("word") && s.chars().count() <= SNIPPET_CHARS,
            "{s}"
        );
        assert_eq!(snippet("short text"), ("short text", false));
        let mut sections = Sections::default();
        sections.push("id", "Heading", &long);
        let [_, _, shown] = sections.iter().next().unwrap();
        assert_eq!(shown, format!("{s}…"));
    }
}
