//! The phrase index: which documents hold each run of three and of four consecutive terms (a
//! "shingle"), so that a query of three words or more ranks the pages containing it as written
//! above the pages that merely contain its words. Runs of four make a query of four words or
//! more exact: a page with "check the rollback" and, elsewhere, "the rollback plan" does not
//! hold "check the rollback plan". The term postings cannot do this: they keep only the
//! best documents of each term, and the words of a sentence ("check the rollback") are common
//! ones, whose best documents are not the ones with the sentence.
//!
//! A run stays within a sentence and a block (see `tokenize::ends_run`): the words of two
//! table cells, two list items or two sentences in a row are not a phrase anyone types. Runs
//! across them were a fifth of a page's runs and, being mostly unique to their page, kept in
//! the index: without them, the phrase index of the 10,000-page benchmark is 2.9 MB instead
//! of 9.8, and finds the same pages.
//!
//! A shingle is stored as a 32-bit hash (the browser computes the same, see `search.js`), in
//! `search/phrases/B.bin` where B is the hash's top bits: the manifest gives the number of
//! buckets, a power of two, and bucket B holds the hashes from B × 2³² / buckets on. A
//! shingle found in more than [`MAX_DOCS`] documents is left out: it narrows nothing down,
//! and leaving it out keeps every bucket, and so every query, the same size whatever the size
//! of the wiki. Most runs of a wiki are such runs ("in the event of", "the on-call engineer"):
//! four in five of the benchmark's. In a one-off build each thread counts the pages that kept
//! each run and leaves the run out of its next pages once more than [`MAX_DOCS`] have (see
//! `CommonRuns`), rather than holding it for every page until the index is made: the index
//! is the same, and a 100,000-page build peaks at 1,589 MiB instead of 1,962.
//!
//! A bucket is binary, not JSON: it holds millions of small numbers in all, which JSON spells
//! in three times the bytes (and three times the time to write). Its shingles come in
//! ascending order of key (the hash's other bits: hash mod 2³² / buckets), each as unsigned
//! LEB128 numbers (seven bits a byte, low bits first, the top bit set on every byte but the
//! last):
//!
//! - `(key − previous key) × 2 + several`, the previous key of the first being 0;
//! - when `several` is 1, the number of documents, else there is one;
//! - the documents, ascending, each as its distance from the one before (the first from 0).
//!
//! The title index (`search/titles/B.bin`, see [`title_hash`]) is buckets of the same format:
//! a hash of each page's whole title, kept unless more than [`MAX_TITLE_DOCS`] pages share it.

use rayon::prelude::*;

/// A shingle held by more documents than this is left out of the index.
pub const MAX_DOCS: u32 = 200;
/// Target size in bytes of a bucket file: a query of three words reads one, four words
/// three, five words five; 24 kB of LEB128 hold the runs that 64 kB of JSON did.
pub const BUCKET_BYTES: usize = 24_000;

/// FNV-1a of the term's UTF-8 bytes (`wordHash` in search.js).
pub fn word_hash(term: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in term.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// The hash of three consecutive terms from theirs (`shingleHash` in search.js): order
/// matters, and a final mix spreads the hashes evenly over the buckets.
pub fn shingle_hash(a: u32, b: u32, c: u32) -> u32 {
    let mut h = a.wrapping_mul(0x9e37_79b1) ^ b;
    h = h.wrapping_mul(0x85eb_ca77) ^ c;
    h ^= h >> 16;
    h = h.wrapping_mul(0x85eb_ca6b);
    h ^= h >> 13;
    h = h.wrapping_mul(0xc2b2_ae35);
    h ^= h >> 16;
    h
}

/// The hash of four consecutive terms from theirs (`quadHash` in search.js).
pub fn quad_hash(a: u32, b: u32, c: u32, d: u32) -> u32 {
    quad_from_triple(shingle_hash(a, b, c), d)
}

/// The hash of four consecutive terms from the hash of the first three and the fourth's.
fn quad_from_triple(abc: u32, d: u32) -> u32 {
    shingle_hash(abc, d, 0x3c6e_f372)
}

/// The hash of a page's whole title from its terms' [`word_hash`]es, in order (`titleHash` in
/// search.js). The title index (`search/titles/B.bin`, buckets as the phrase index's) maps it
/// to the pages with that title, so a query that is a page's title word for word finds the
/// page first, whatever its words' postings kept: in a big wiki a title's words are each on
/// thousands of pages, past the postings' cap, and the page with that very title can be in
/// none of their lists (at 100,000 benchmark pages, one title query in twelve missed so).
pub fn title_hash(words: &[u32]) -> u32 {
    words
        .iter()
        .fold(0x6a09_e667, |h, &w| shingle_hash(h, w, 0x510e_527f))
}

/// A title held by more documents than this is left out of the title index.
pub const MAX_TITLE_DOCS: u32 = 1_000;
/// Target size in bytes of a title bucket: a query of two words or more reads one, and a
/// title is one entry a page, so small buckets keep a query's bytes down for few files (128
/// at 100,000 benchmark pages; 4 kB buckets added 4 kB of gzip to a first query at 10,000).
pub const TITLE_BUCKET_BYTES: usize = 2_000;

/// Collects the shingles of a page, run of words by run of words (a run never spans two
/// texts, blocks or sentences: a heading and the paragraph after it are not one sentence).
/// Each run is hashed as its last term comes: a run of four from the run of three before it,
/// so that a term costs two hashes, not three, and no term is read twice.
#[derive(Default)]
pub struct Shingler {
    /// The hashes of the current run's last two terms, the latest last.
    last_two: [u32; 2],
    /// The hash of the current run's last three terms, once it has three.
    last_triple: u32,
    /// Terms in the current run so far (counted up to four: more changes nothing).
    run_len: u8,
    found: Vec<u32>,
}

impl Shingler {
    /// Starts a new run of words.
    pub fn restart(&mut self) {
        self.run_len = 0;
    }

    /// The next term of the current text.
    pub fn push(&mut self, term: &str) {
        self.push_hash(word_hash(term));
    }

    /// The next term of the current text, by its [`word_hash`] (which a caller that sees the
    /// same term many times can keep).
    pub fn push_hash(&mut self, h: u32) {
        let [a, b] = self.last_two;
        if self.run_len >= 2 {
            if self.run_len >= 3 {
                self.found.push(quad_from_triple(self.last_triple, h));
            }
            self.last_triple = shingle_hash(a, b, h);
            self.found.push(self.last_triple);
        }
        self.last_two = [b, h];
        self.run_len = (self.run_len + 1).min(4);
    }

    /// The page's shingles without repeats, grouped by slice of the hash range (a counting
    /// sort: sorting each page's two thousand shingles cost more than all the rest of the
    /// phrase index).
    pub fn finish(self) -> Shingles {
        self.finish_in(None)
    }

    /// [`Shingler::finish`], leaving out the runs this thread has seen kept by more than
    /// [`MAX_DOCS`] pages of build `build` (see `CommonRuns`).
    pub fn finish_in(mut self, build: Option<u64>) -> Shingles {
        let unique = &mut self.found;
        drop_repeats(unique);
        if let Some(build) = build {
            COMMON.with_borrow_mut(|common| common.drop_kept_enough(build, unique));
        }
        let mut hashes = Vec::new();
        let ends = group_by_key(unique, PARTS, |h| part_of(h) as usize, &mut hashes);
        let mut starts = [0u32; SLICES + 1];
        for (slice, ends) in ends.chunks(1 << PART_BITS).enumerate() {
            starts[slice + 1] = ends[ends.len() - 1] as u32;
        }
        Shingles {
            hashes: hashes.into_boxed_slice(),
            starts,
        }
    }
}

/// A new build's number for [`Shingler::finish_in`]: each thread starts counting its runs
/// afresh when it sees a new one.
pub fn new_build() -> u64 {
    static BUILDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    BUILDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

thread_local! {
    static COMMON: std::cell::RefCell<CommonRuns> = const { std::cell::RefCell::new(CommonRuns {
        build: u64::MAX,
        page: 0,
        slots: Vec::new(),
    }) };
}

/// How many pages of the current build kept each run, as far as this thread knows: a run in
/// more than [`MAX_DOCS`] pages is left out of the index, so once this thread has seen more
/// than that many pages keep one, the pages after it need not keep it (nor hold it in memory
/// until the index is made, nor have the index sort it). Counts only ever fall short of the
/// truth — a page counts once however often it repeats a run (the slot remembers the last
/// page that counted it), and a run whose slot another takes loses count (a clash takes one
/// off the holder, which gives the slot up at zero, so runs on many pages keep theirs) — so a
/// run left out here is one that more than [`MAX_DOCS`] pages kept, which [`buckets`] leaves
/// out whatever the rest do: the index is the same.
struct CommonRuns {
    build: u64,
    /// The pages this thread has counted in this build (a page's number: see [`CommonSlot`]).
    page: u32,
    slots: Vec<CommonSlot>,
}

/// A run, the pages that kept it (0: a free slot), and the last of them.
#[derive(Clone, Copy, Default)]
struct CommonSlot {
    run: u32,
    pages: u32,
    last_page: u32,
}

/// Slots of a thread's [`CommonRuns`]: 1.5 MB, mostly in the core's second-level cache.
const COMMON_SLOTS: usize = 1 << 17;

impl CommonRuns {
    /// Counts a page's runs (`runs`, in any order, repeats allowed) and leaves out those that
    /// more than [`MAX_DOCS`] pages kept before it, and the repeats it finds.
    fn drop_kept_enough(&mut self, build: u64, runs: &mut Vec<u32>) {
        if self.build != build {
            self.build = build;
            self.page = 0;
            self.slots.clear();
            self.slots.resize(COMMON_SLOTS, CommonSlot::default());
        }
        self.page += 1;
        let page = self.page;
        runs.retain(|&h| {
            // The low bits pick the slot: they are well mixed, and the part a run is filed
            // in comes from its top bits.
            let slot = &mut self.slots[h as usize & (COMMON_SLOTS - 1)];
            if slot.pages == 0 {
                *slot = CommonSlot {
                    run: h,
                    pages: 1,
                    last_page: page,
                };
                true
            } else if slot.run == h {
                if slot.last_page == page || slot.pages > MAX_DOCS {
                    false
                } else {
                    slot.pages += 1;
                    slot.last_page = page;
                    true
                }
            } else {
                slot.pages -= 1;
                true
            }
        });
    }
}

/// Drops most repeats from `hashes`, keeping their order: a page repeats a quarter of its
/// runs (a sentence in two lists, a table's cells), and every page's runs are held until the
/// index is made. A repeat is dropped when it is still in its slot of a direct-mapped table
/// (two slots a hash, a slot picked by the hash's low bits: they are well mixed already),
/// so a repeat whose slot another hash took since is kept: harmless, as [`buckets`] drops the
/// repeats of a page that are left (0.8% more runs kept than an exact set, on 3,000 benchmark
/// pages). A lookup without probing or a branch on its outcome: an exact open-addressing set
/// cost about 13 ns a hash, mostly in mispredicted branches.
fn drop_repeats(hashes: &mut Vec<u32>) {
    thread_local! {
        // One table a thread, cleared after each page: a fresh zeroed one a page cost more in
        // page faults (read, then written: a copy-on-write fault and a TLB flush on every
        // core each time) than the whole lookup.
        static SEEN: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SEEN.with_borrow_mut(|seen| {
        let size = (hashes.len() * 2).next_power_of_two().max(16);
        if seen.len() < size {
            seen.resize(size, 0);
        }
        let seen = &mut seen[..size];
        let mask = size - 1;
        // In place: the hash kept next goes at or before the one read.
        let mut len = 0;
        for i in 0..hashes.len() {
            let h = hashes[i];
            let slot = &mut seen[h as usize & mask];
            // 0 marks an empty slot: a hash of 0 is kept every time.
            let repeat = *slot == h && h != 0;
            *slot = h;
            hashes[len] = h;
            len += usize::from(!repeat);
        }
        seen.fill(0);
        hashes.truncate(len);
    })
}

/// Bits of a shingle hash that pick its slice.
const SLICE_BITS: u32 = 4;
/// Slices of the hash range a page's shingles are grouped by.
const SLICES: usize = 1 << SLICE_BITS;
/// Bits of a shingle hash, after the slice's, that pick its part of the slice: the index is
/// built a part (a sixty-fourth of the hash range) at a time (see [`buckets`]).
const PART_BITS: u32 = 2;
/// Parts of the hash range.
const PARTS: usize = SLICES << PART_BITS;

/// A page's shingles in each part of a slice.
type PartsOfPage<'a> = [&'a [u32]; 1 << PART_BITS];

/// The part of the hash range `h` is in.
fn part_of(h: u32) -> u32 {
    h >> (32 - SLICE_BITS - PART_BITS)
}

/// A page's shingles, grouped by part of the hash range, parts in order.
#[derive(Debug, Clone, Default)]
pub struct Shingles {
    hashes: Box<[u32]>,
    /// Where each slice starts in `hashes` (and where the last ends). Only slices: a part is
    /// found in its slice by search, and where each part starts would take 26 MB more at
    /// 100,000 pages.
    starts: [u32; SLICES + 1],
}

impl Shingles {
    /// The shingles in slice `i`, grouped by part, in no particular order within a part (a
    /// repeat only for the hash 0).
    fn slice(&self, i: usize) -> &[u32] {
        &self.hashes[self.starts[i] as usize..self.starts[i + 1] as usize]
    }

    /// The shingles in each part of slice `i`, in no particular order.
    fn parts_of_slice(&self, i: usize) -> PartsOfPage<'_> {
        let slice = self.slice(i);
        std::array::from_fn(|k| {
            let part = ((i << PART_BITS) + k) as u32;
            &slice[slice.partition_point(|&h| part_of(h) < part)
                ..slice.partition_point(|&h| part_of(h) <= part)]
        })
    }

    /// Every shingle of the page.
    pub fn all(&self) -> &[u32] {
        &self.hashes
    }

    /// The shingles of a page with the one hash `h` (its [`title_hash`], for the title index).
    pub fn one(h: u32) -> Shingles {
        let mut starts = [0u32; SLICES + 1];
        starts[(h >> (32 - SLICE_BITS)) as usize + 1..].fill(1);
        Shingles {
            hashes: Box::new([h]),
            starts,
        }
    }
}

/// A part's shingles kept (hash, where its documents start in the documents, how many), and
/// those documents.
type Kept = (Vec<(u32, u32, u32)>, Vec<u32>);

/// Kept shingles of one part: the part, and where they are in its kept shingles.
type PartRun = (usize, std::ops::Range<usize>);

/// The bucket files of the documents' shingles: `(number of buckets, [(bucket, bytes)])`,
/// empty buckets left out.
pub fn buckets(docs: &[&Shingles]) -> (u32, Vec<(u32, Vec<u8>)>) {
    buckets_with(docs, MAX_DOCS, BUCKET_BYTES)
}

/// [`buckets`], leaving out hashes held by more than `max_docs` documents, in buckets of
/// about `bucket_bytes`.
pub fn buckets_with(
    docs: &[&Shingles],
    max_docs: u32,
    bucket_bytes: usize,
) -> (u32, Vec<(u32, Vec<u8>)>) {
    // The (shingle, document) pairs, a part of the hash range at a time: sorted, a part
    // lists each shingle's documents together, ascending. A part at a time, not all at once,
    // so the pairs (and the scratch copy sorting them takes) never take more than a
    // sixty-fourth of the memory they would, per thread: slices are independent, and made
    // side by side. At 100,000 pages a sixteenth, with its copy, was 110 MB a thread.
    let parts: Vec<Kept> = (0..SLICES)
        .into_par_iter()
        .map_init(
            || (Vec::new(), Vec::new(), Vec::new()),
            |(parts, pairs, scratch): &mut (Vec<PartsOfPage>, Vec<u64>, Vec<u64>), slice| {
                // Each page's parts of the slice, found once and side by side: finding a
                // page's part in its own allocation, for each part, cost cache misses that
                // doubled the time of this step.
                parts.clear();
                parts.extend(docs.iter().map(|shingles| shingles.parts_of_slice(slice)));
                (0..1 << PART_BITS)
                    .map(|part| {
                        pairs.clear();
                        for (doc, page) in parts.iter().enumerate() {
                            pairs.extend(
                                page[part].iter().map(|&h| u64::from(h) << 32 | doc as u64),
                            );
                        }
                        kept_of_part(pairs, scratch, max_docs)
                    })
                    .collect::<Vec<Kept>>()
            },
        )
        .flatten()
        .collect();
    let (kept, postings): (Vec<_>, Vec<_>) = parts.into_iter().unzip();
    let estimate: usize = kept
        .iter()
        .zip(&postings)
        .flat_map(|(kept, postings)| {
            kept.iter().map(move |&(_, start, len)| {
                let docs = &postings[start as usize..(start + len) as usize];
                // A key gap of two bytes, the count, the documents' gaps.
                2 + usize::from(len > 1) + docs.iter().map(|&d| leb128_len(d)).sum::<usize>()
            })
        })
        .sum();
    // A power of two, the nearest to the estimate's: a bucket is then a range of hashes, and
    // the parts, sorted and in order, list each bucket's shingles one after the other.
    let bucket_bits = (estimate as f64 / bucket_bytes as f64)
        .log2()
        .round()
        .clamp(0.0, 24.0) as u32;
    let span_bits = 32 - bucket_bits;
    let bucket_of = |h: u32| (u64::from(h) >> span_bits) as u32;
    // Each bucket's runs of kept shingles: one run, or several when a bucket is wider than a
    // part.
    let mut runs: Vec<(u32, Vec<PartRun>)> = Vec::new();
    for (part, kept) in kept.iter().enumerate() {
        let mut start = 0;
        for group in kept.chunk_by(|a, b| bucket_of(a.0) == bucket_of(b.0)) {
            let bucket = bucket_of(group[0].0);
            let range = start..start + group.len();
            start = range.end;
            match runs.last_mut() {
                Some((last, ranges)) if *last == bucket => ranges.push((part, range)),
                _ => runs.push((bucket, vec![(part, range)])),
            }
        }
    }
    let key_mask = ((1u64 << span_bits) - 1) as u32;
    let files = runs
        .into_par_iter()
        .map(|(bucket, ranges)| {
            // Parts were made in hash order: keys ascend.
            let mut bytes = Vec::with_capacity(bucket_bytes + bucket_bytes / 4);
            let mut previous_key = 0;
            for (part, range) in ranges {
                let documents = &postings[part];
                for &(h, start, len) in &kept[part][range] {
                    let key = h & key_mask;
                    let several = u64::from(len > 1);
                    push_leb128(&mut bytes, u64::from(key - previous_key) * 2 + several);
                    previous_key = key;
                    if len > 1 {
                        push_leb128(&mut bytes, u64::from(len));
                    }
                    let mut previous_doc = 0;
                    for &doc in &documents[start as usize..(start + len) as usize] {
                        push_leb128(&mut bytes, u64::from(doc - previous_doc));
                        previous_doc = doc;
                    }
                }
            }
            (bucket, bytes)
        })
        .collect();
    (1 << bucket_bits, files)
}

/// The kept shingles of a part's (shingle, document) pairs, which it sorts: those held by
/// `max_docs` documents or fewer.
fn kept_of_part(pairs: &mut Vec<u64>, scratch: &mut Vec<u64>, max_docs: u32) -> Kept {
    sort_by_shingle(pairs, scratch);
    // A page's repeats of the hash 0 are now side by side.
    pairs.dedup();
    let mut kept = Vec::new();
    let mut postings = Vec::new();
    for run in pairs.chunk_by(|a, b| a >> 32 == b >> 32) {
        if run.len() as u32 <= max_docs {
            kept.push((
                (run[0] >> 32) as u32,
                postings.len() as u32,
                run.len() as u32,
            ));
            postings.extend(run.iter().map(|&pair| pair as u32));
        }
    }
    (kept, postings)
}

/// Appends `n` as unsigned LEB128.
fn push_leb128(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n & 0x7f) as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Bytes of `n` as unsigned LEB128.
fn leb128_len(n: u32) -> usize {
    (32 - (n | 1).leading_zeros() as usize).div_ceil(7)
}

/// Sorts (shingle, document) pairs of one part of the hash range by shingle, keeping the
/// order of pairs of the same shingle (documents ascending, as they were pushed): a radix sort
/// over the 26 bits of the shingle the part leaves open, several times faster than a
/// comparison sort of the millions of pairs a big wiki has.
fn sort_by_shingle(pairs: &mut Vec<u64>, scratch: &mut Vec<u64>) {
    // Two passes of thirteen bits (the counts stay in the second-level cache) cover the 26;
    // the two digits' counts are taken in one read of the pairs, not one read each.
    const DIGIT: u32 = 13;
    const SHIFTS: [u32; 2] = [32, 32 + DIGIT];
    let digit = |pair: u64, shift: u32| ((pair >> shift) & ((1 << DIGIT) - 1)) as usize;
    let mut counts = vec![[0u32; 1 << DIGIT]; SHIFTS.len()];
    for &pair in pairs.iter() {
        for (count, &shift) in counts.iter_mut().zip(&SHIFTS) {
            count[digit(pair, shift)] += 1;
        }
    }
    // Every slot is written by each pass: no need to clear what a previous part left.
    scratch.resize(pairs.len(), 0);
    for (count, &shift) in counts.iter_mut().zip(&SHIFTS) {
        let mut total = 0;
        for slot in count.iter_mut() {
            let n = *slot;
            *slot = total;
            total += n;
        }
        for &pair in pairs.iter() {
            let d = digit(pair, shift);
            scratch[count[d] as usize] = pair;
            count[d] += 1;
        }
        std::mem::swap(pairs, scratch);
    }
}

/// Puts `items` into `out` grouped by `key` (below `keys`), keeping their order within a group
/// (a counting sort); gives where each group ends in `out`.
pub(super) fn group_by_key<T: Copy + Default>(
    items: &[T],
    keys: usize,
    key: impl Fn(T) -> usize,
    out: &mut Vec<T>,
) -> Vec<usize> {
    let mut next = vec![0usize; keys];
    for &item in items {
        next[key(item)] += 1;
    }
    let mut total = 0;
    for slot in &mut next {
        let count = *slot;
        *slot = total;
        total += count;
    }
    out.clear();
    out.resize(items.len(), T::default());
    for &item in items {
        let k = key(item);
        out[next[k]] = item;
        next[k] += 1;
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// The same values are pinned in `tests/browser/engine.test.js`, so the browser's hashes
    /// cannot drift from these.
    #[test]
    fn hashes_are_pinned() {
        assert_eq!(word_hash(""), 0x811c_9dc5);
        assert_eq!(word_hash("rollback"), 0x7cca_d87d);
        assert_eq!(word_hash("障害"), 0x5be0_9256);
        let [a, b, c, d] = ["check", "the", "rollback", "plan"].map(word_hash);
        assert_eq!(shingle_hash(a, b, c), 0x1778_3f51);
        assert_eq!(quad_hash(a, b, c, d), 0x521b_5922);
        assert_ne!(shingle_hash(a, b, c), shingle_hash(c, b, a));
        assert_eq!(title_hash(&[a, b, c, d]), 0xf3b9_8683);
        assert_eq!(
            title_hash(&["release", "8.0.2"].map(word_hash)),
            0xd4f2_7677
        );
        assert_ne!(title_hash(&[a, b, c]), shingle_hash(a, b, c));
    }

    fn shingles(texts: &[&str]) -> Shingles {
        shingles_in(texts, None)
    }

    /// The runs of a page of `texts`, counted as build `build`'s (see [`CommonRuns`]).
    fn shingles_in(texts: &[impl AsRef<str>], build: Option<u64>) -> Shingles {
        let mut s = Shingler::default();
        for text in texts {
            s.restart();
            crate::search::tokenize::each_term(text.as_ref(), &mut |t| s.push(t));
        }
        s.finish_in(build)
    }

    fn distinct(s: &Shingles) -> Vec<u32> {
        let mut all = s.all().to_vec();
        all.sort_unstable();
        all.dedup();
        all
    }

    fn hash_of(words: [&str; 3]) -> u32 {
        let [a, b, c] = words.map(word_hash);
        shingle_hash(a, b, c)
    }

    #[test]
    fn shingles_are_runs_of_three_and_four_within_one_text() {
        let s = shingles(&["Check the rollback plan.", "Then page"]);
        let [a, b, c, d] = ["check", "the", "rollback", "plan"].map(word_hash);
        let mut expected = vec![
            hash_of(["check", "the", "rollback"]),
            hash_of(["the", "rollback", "plan"]),
            quad_hash(a, b, c, d),
        ];
        expected.sort_unstable();
        assert_eq!(distinct(&s), expected, "no run across the two texts");
        assert!(shingles(&["two words"]).all().is_empty());
        // "a b c", "b c a", "c a b", "a b c a", "b c a b", "c a b c", and "a b c" again.
        let repeated = shingles(&["a b c a b c a b c"]);
        assert_eq!(distinct(&repeated).len(), 6);
        // Grouped by slice: each slice's hashes share their top bits.
        for i in 0..SLICES {
            assert!(repeated.slice(i).iter().all(|h| (h >> 28) as usize == i));
        }
        assert_eq!(
            (0..SLICES).map(|i| repeated.slice(i).len()).sum::<usize>(),
            repeated.all().len()
        );
    }

    /// Reads the bucket files back: shingle hash → documents.
    fn read(count: u32, files: &[(u32, Vec<u8>)]) -> HashMap<u32, Vec<u32>> {
        fn next(bytes: &[u8], pos: &mut usize) -> u64 {
            let (mut n, mut shift) = (0u64, 0);
            loop {
                let byte = bytes[*pos];
                *pos += 1;
                n |= u64::from(byte & 0x7f) << shift;
                shift += 7;
                if byte < 0x80 {
                    return n;
                }
            }
        }
        let mut out = HashMap::new();
        for (bucket, bytes) in files {
            let (mut pos, mut key) = (0, 0u64);
            while pos < bytes.len() {
                let head = next(bytes, &mut pos);
                key += head / 2;
                let len = if head % 2 == 1 {
                    next(bytes, &mut pos)
                } else {
                    1
                };
                let mut doc = 0;
                let docs = (0..len)
                    .map(|_| {
                        doc += next(bytes, &mut pos) as u32;
                        doc
                    })
                    .collect();
                let h = ((u64::from(*bucket) << (32 - count.trailing_zeros())) + key) as u32;
                assert!(out.insert(h, docs).is_none(), "{h:x} twice");
            }
        }
        out
    }

    #[test]
    fn buckets_list_each_shingles_documents_and_drop_common_ones() {
        let common = shingles(&["check the rollback"]);
        let mut docs: Vec<Shingles> = (0..MAX_DOCS + 1).map(|_| common.clone()).collect();
        docs.push(shingles(&["page the incident commander now"]));
        docs.push(shingles(&["then page the incident commander"]));
        let refs: Vec<&Shingles> = docs.iter().collect();
        let (count, files) = buckets(&refs);
        let index = read(count, &files);
        let rare = MAX_DOCS + 1;
        assert_eq!(
            index[&hash_of(["page", "the", "incident"])],
            [rare, rare + 1]
        );
        assert_eq!(index[&hash_of(["incident", "commander", "now"])], [rare]);
        assert!(!index.contains_key(&hash_of(["check", "the", "rollback"])));
    }

    #[test]
    fn many_shingles_spread_over_buckets_of_bounded_size() {
        let docs: Vec<Shingles> = (0..4000)
            .map(|i| shingles(&[&format!("w{i} x{i} y{i} z{i} and more words {i}")]))
            .collect();
        let refs: Vec<&Shingles> = docs.iter().collect();
        let (count, files) = buckets(&refs);
        assert!(count > 4, "{count}");
        assert!(
            files
                .iter()
                .all(|(_, bytes)| bytes.len() < BUCKET_BYTES * 3)
        );
        let index = read(count, &files);
        assert_eq!(index[&hash_of(["w7", "x7", "y7"])], [7]);
        // Six runs of three and five of four a document; "and more words" is in every
        // document: dropped.
        assert_eq!(index.len(), 4000 * 10);
    }

    #[test]
    fn radix_sort_orders_a_part_by_shingle_and_keeps_document_order() {
        // Pairs of one part (same top six bits), pushed in document order.
        let mut pairs: Vec<u64> = Vec::new();
        for doc in 0..50u64 {
            for h in [
                0x1abc_def0u64,
                0x1800_0001,
                0x1bff_ffff,
                0x1abc_def0 ^ (doc % 3) << 20,
            ] {
                pairs.push(h << 32 | doc);
            }
        }
        let mut expected = pairs.clone();
        expected.sort();
        sort_by_shingle(&mut pairs, &mut Vec::new());
        assert_eq!(pairs, expected);
    }

    /// The same bytes are read by `tests/browser/engine.test.js`, so search.js cannot drift
    /// from this format.
    #[test]
    fn a_bucket_is_pinned() {
        let mut docs: Vec<Shingles> = vec![Shingles::default(); 300];
        docs[3] = shingles(&["check the rollback"]);
        docs[200] = shingles(&["check the rollback plan"]);
        let refs: Vec<&Shingles> = docs.iter().collect();
        let (count, files) = buckets(&refs);
        assert_eq!(count, 1);
        let [a, b, c, d] = ["check", "the", "rollback", "plan"].map(word_hash);
        let (abc, bcd, abcd) = (
            shingle_hash(a, b, c),
            shingle_hash(b, c, d),
            quad_hash(a, b, c, d),
        );
        let index = read(count, &files);
        assert_eq!(index.len(), 3);
        assert_eq!(index[&abc], [3, 200]);
        assert_eq!(index[&abcd], [200]);
        assert_eq!(index[&bcd], [200]);
        let hex: String = files[0].1.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, "a3fdc1f7020203c501c88cb18f04c801dadae79a03c801");
    }

    #[test]
    fn a_pages_repeated_runs_are_mostly_dropped_and_none_confused() {
        let without_repeats = |hashes: &[u32]| {
            let mut hashes = hashes.to_vec();
            drop_repeats(&mut hashes);
            hashes
        };
        assert_eq!(
            without_repeats(&[7, 3, 7, 0, 9, 3, 0, 7]),
            vec![7, 3, 0, 9, 0],
            "0 marks a free slot, so it is never seen as a repeat"
        );
        // Hashes sharing a slot are never confused: the second takes the slot, and so
        // a repeat of the first is kept, not dropped.
        let colliding: Vec<u32> = (1..=40).map(|i| i << 20).collect();
        let twice: Vec<u32> = colliding.iter().chain(&colliding).copied().collect();
        assert_eq!(without_repeats(&twice), twice);
        let spread: Vec<u32> = (1..=40).collect();
        let twice: Vec<u32> = spread.iter().chain(&spread).copied().collect();
        assert_eq!(without_repeats(&twice), spread);
        assert!(without_repeats(&[]).is_empty());
        // And a page's shingles come out without repeats.
        let mut shingler = Shingler::default();
        for _ in 0..2 {
            shingler.restart();
            for w in ["check", "the", "rollback", "plan"] {
                shingler.push(w);
            }
        }
        assert_eq!(shingler.finish().all().len(), 3);
    }

    #[test]
    fn a_page_of_one_hash_holds_it_in_its_slice_only() {
        for h in [0, 1, 0x0fff_ffff, 0x1000_0000, 0x8765_4321, u32::MAX] {
            let page = Shingles::one(h);
            assert_eq!(page.all(), [h]);
            for slice in 0..SLICES {
                let expected: &[u32] = if slice == part_of(h) as usize >> PART_BITS {
                    &[h]
                } else {
                    &[]
                };
                assert_eq!(page.slice(slice), expected, "{h:#x} in slice {slice}");
            }
        }
    }

    #[test]
    fn a_pages_parts_of_a_slice_hold_each_of_its_shingles_once_in_the_right_part() {
        let words: Vec<String> = (0..3000).map(|i| format!("w{}", i * 7919 % 3001)).collect();
        let mut shingler = Shingler::default();
        for w in &words {
            shingler.push(w);
        }
        let page = shingler.finish();
        let mut seen = 0;
        for slice in 0..SLICES {
            let parts = page.parts_of_slice(slice);
            let joined: Vec<u32> = parts.concat();
            assert_eq!(
                joined,
                page.slice(slice),
                "parts in order, covering the slice"
            );
            for (k, part) in parts.iter().enumerate() {
                let expected = ((slice << PART_BITS) + k) as u32;
                assert!(part.iter().all(|&h| part_of(h) == expected));
                seen += part.len();
            }
        }
        assert_eq!(seen, page.all().len());
        assert!(seen > 5000, "runs of three and four of 3,000 words");
    }

    #[test]
    fn a_run_is_left_out_early_only_once_more_than_max_docs_pages_kept_it() {
        let max = MAX_DOCS as usize;
        let mut common = CommonRuns {
            build: u64::MAX,
            page: 0,
            slots: Vec::new(),
        };
        let kept = |common: &mut CommonRuns, build, h: u32| {
            let mut runs = vec![h];
            common.drop_kept_enough(build, &mut runs);
            !runs.is_empty()
        };
        let pages_keeping = |common: &mut CommonRuns, build, h, pages| {
            (0..pages).filter(|_| kept(common, build, h)).count()
        };
        assert_eq!(
            pages_keeping(&mut common, 1, 0xdead_beef, max + 50),
            max + 1
        );
        // A new build counts afresh.
        assert_eq!(
            pages_keeping(&mut common, 2, 0xdead_beef, max + 50),
            max + 1
        );
        // Two runs in one slot take turns: counts fall short, so neither is ever left out.
        let (a, b) = (0x0001_2345, 0x7771_2345);
        assert_eq!(
            a as usize & (COMMON_SLOTS - 1),
            b as usize & (COMMON_SLOTS - 1)
        );
        assert!((0..4 * max).all(|i| kept(&mut common, 3, if i % 2 == 0 { a } else { b })));
        // A page that holds a run several times (repeats its dedup let through) counts once,
        // and keeps it once: 150 pages holding it twice are 150 pages, not 300.
        let twice_on_a_page = |common: &mut CommonRuns, h: u32| {
            let mut runs = vec![h, 0x5555, h];
            common.drop_kept_enough(4, &mut runs);
            runs.iter().filter(|&&run| run == h).count()
        };
        assert!((0..150).all(|_| twice_on_a_page(&mut common, 0xbeef_cafe) == 1));
        assert_eq!(
            pages_keeping(&mut common, 4, 0xbeef_cafe, max),
            max + 1 - 150
        );
    }

    #[test]
    fn leaving_common_runs_out_early_makes_the_same_buckets() {
        // Every page: "check the rollback plan" (three runs); "page one now", "page two
        // now" or "page three now" (one run, on 234, 233 and 233 pages); a run of its own.
        let pages: Vec<[String; 3]> = (0..700)
            .map(|i| {
                [
                    "check the rollback plan".to_string(),
                    format!("page {} now", ["one", "two", "three"][i % 3]),
                    format!("only page {i} has"),
                ]
            })
            .collect();
        let made = |build: Option<u64>| -> Vec<Shingles> {
            pages
                .iter()
                .map(|texts| shingles_in(texts, build))
                .collect()
        };
        let all = made(None);
        let early = made(Some(new_build()));
        let held = |docs: &[Shingles]| docs.iter().map(|d| d.all().len()).sum::<usize>();
        // Each common run is left out of the pages after the 201st that kept it.
        assert_eq!(
            held(&all) - held(&early),
            3 * (700 - 201) + (234 - 201) + 2 * (233 - 201)
        );
        let (all, early): (Vec<&Shingles>, Vec<&Shingles>) =
            (all.iter().collect(), early.iter().collect());
        assert_eq!(buckets(&all), buckets(&early));
    }

    #[test]
    fn leb128_lengths() {
        for n in [0u32, 1, 127, 128, 16_383, 16_384, u32::MAX] {
            let mut bytes = Vec::new();
            push_leb128(&mut bytes, u64::from(n));
            assert_eq!(bytes.len(), leb128_len(n), "{n}");
        }
    }
}
