//! Turning text into search terms, the same way the browser does for queries (see
//! `themes/default/static/assets/search.js`): case and accents folded (`Résumé` → `resume`),
//! words split on anything that is not a letter or digit, and text in scripts written without
//! spaces (Chinese, Japanese, Korean) cut into overlapping two-character terms.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds case and strips accents: `Ärger` → `arger`, `ß` → `ss`, `Łódź` → `lodz`.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_into(&mut out, text);
    out
}

/// [`fold`]s `text` onto the end of `out`.
pub fn fold_into(out: &mut String, text: &str) {
    out.reserve(text.len());
    let mut rest = text;
    // Most wiki text is ASCII: runs of it are copied and lowercased whole, and only the other
    // characters are decomposed (that is the bulk of the time when done for every character).
    loop {
        let at = ascii_prefix_len(rest.as_bytes());
        if at == rest.len() {
            break;
        }
        push_ascii_lowercase(out, &rest[..at]);
        let c = rest[at..].chars().next().expect("a character starts here");
        if is_kana(c) {
            // A run of kana composed (half-width `ｶﾞ`, or `カ` and a combining voicing mark,
            // are `ガ`), its marks kept but a lone one.
            let run_len = rest[at..]
                .char_indices()
                .find(|&(_, k)| !is_kana(k))
                .map_or(rest.len() - at, |(i, _)| i);
            out.extend(
                rest[at..at + run_len]
                    .nfkc()
                    .filter(|&k| !is_combining_mark(k)),
            );
            rest = &rest[at + run_len..];
            continue;
        }
        if is_hangul_syllable(c) {
            out.push(c);
            rest = &rest[at + c.len_utf8()..];
            continue;
        }
        // Decomposing char by char gives what decomposing the whole text gives once the
        // combining marks (the only characters canonical ordering moves) are dropped.
        for d in std::iter::once(c).nfkd() {
            if is_combining_mark(d) {
                continue;
            }
            for lower in d.to_lowercase() {
                // Letters with a stroke or joined that no decomposition takes apart, as
                // readers type them without (`lodz` for `Łódź`, `aeroskobing`).
                match lower {
                    'ß' => out.push_str("ss"),
                    'æ' => out.push_str("ae"),
                    'œ' => out.push_str("oe"),
                    'þ' => out.push_str("th"),
                    'ł' | 'ŀ' => out.push('l'),
                    'ø' => out.push('o'),
                    'đ' | 'ð' => out.push('d'),
                    'ħ' => out.push('h'),
                    'ı' => out.push('i'),
                    // Arabic spelled two ways for one word: a final ة or ه, a final ى or
                    // ي (Egyptian writing), a word drawn out with tatweels (`الـعملية`).
                    'ة' => out.push('ه'),
                    'ى' => out.push('ي'),
                    'ـ' => {}
                    _ => out.push(lower),
                }
            }
        }
        rest = &rest[at + c.len_utf8()..];
    }
    push_ascii_lowercase(out, rest);
}

/// How many bytes `bytes` starts with that are ASCII, read eight at a time (folding the 15 MB
/// of 3,000 benchmark pages took 36 ms reading a byte at a time, 28 ms so).
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    let words = bytes.chunks_exact(8);
    let mut len = 0;
    for word in words {
        let word = u64::from_ne_bytes(word.try_into().expect("chunks of eight bytes"));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        len += 8;
    }
    len + bytes[len..].iter().take_while(|b| b.is_ascii()).count()
}

fn push_ascii_lowercase(out: &mut String, ascii: &str) {
    let start = out.len();
    out.push_str(ascii);
    out[start..].make_ascii_lowercase();
}

/// Kana (full and half width) and Hangul syllables are not decomposed: they have no case,
/// and what decomposing takes off them is no accent. A voiced kana lost its mark (`が` read
/// `か`, `ガイド` and `カイト` one word), and a Hangul syllable came apart into letters that
/// are no CJK script, so Korean was cut into whole words, never into pairs.
fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0xFF66..=0xFF9F)
}

fn is_hangul_syllable(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7A3)
}

/// Whether `c` belongs to a script written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // compatibility ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xFF66..=0xFF9F // half-width Katakana
    )
}

/// The terms of `text`, in order (repeats kept: the caller counts them).
pub fn terms(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    each_term(text, &mut |term| out.push(term.to_string()));
    out
}

/// Which bytes are ASCII letters and digits: one load a byte, where `is_ascii_alphanumeric`
/// is three comparisons and as many branches.
static ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Very long "words" are hashes and base64 blobs: nobody searches for them.
const MAX_TERM_CHARS: usize = 40;

/// Calls `found` with each term of `text`, in order, without allocating one string per term
/// (indexing a wiki cuts millions of them).
pub fn each_term(text: &str, found: &mut dyn FnMut(&str)) {
    let folded = fold(text);
    each_folded_term(&folded, found);
}

/// [`each_term`] for text already [`fold`]ed: each term is a slice of it (a CJK pair is two
/// characters that follow each other in it, too), so callers can keep terms without copying.
/// Generic over `found`, not `dyn`: called for each of millions of terms, it is inlined.
pub fn each_folded_term<'a>(folded: &'a str, mut found: impl FnMut(&'a str)) {
    each_folded_term_in_runs(folded, |term, _| found(term));
}

/// Appends to `folded` the words of `folded[start..end]` written with hyphens, joined
/// (`on-call` → `oncall`, `kube-proxy` → `kubeproxy`), each followed by a space: the
/// spelling readers type without the hyphen. Only ASCII letters and digits count as a word's
/// here; words made of one letter a part (`a-b-c`) and joins longer than a term are left out.
pub fn joined_hyphenated(folded: &mut String, start: usize, end: usize) {
    let mut at = start;
    while let Some(found) = memchr::memchr(b'-', &folded.as_bytes()[at..end]) {
        let hyphen = at + found;
        let bytes = folded.as_bytes();
        let word = |b: u8| b.is_ascii_alphanumeric();
        if hyphen == start
            || hyphen + 1 >= end
            || !word(bytes[hyphen - 1])
            || !word(bytes[hyphen + 1])
        {
            at = hyphen + 1;
            continue;
        }
        // The whole compound: letters, digits and single hyphens between them.
        let mut first = hyphen;
        while first > start
            && (word(bytes[first - 1])
                || (bytes[first - 1] == b'-' && first - 1 > start && word(bytes[first - 2])))
        {
            first -= 1;
        }
        let mut last = hyphen;
        while last < end
            && (word(bytes[last])
                || (bytes[last] == b'-' && last + 1 < end && word(bytes[last + 1])))
        {
            last += 1;
        }
        // Not part of a word of other scripts (`東京-office`); a number range (`2024-11-22`)
        // has no letter.
        let whole = (first == start || bytes[first - 1].is_ascii())
            && (last == end || bytes[last].is_ascii());
        let compound = &folded[first..last];
        let letters = compound.len() - compound.matches('-').count();
        let parts_are_words = compound.split('-').all(|p| p.len() > 1);
        let has_letter = compound.bytes().any(|b| b.is_ascii_alphabetic());
        if whole && parts_are_words && has_letter && letters <= MAX_TERM_CHARS {
            let joined: String = compound.chars().filter(|&c| c != '-').collect();
            folded.push_str(&joined);
            folded.push(' ');
        }
        at = last;
    }
}

/// Appends to `folded` the words of `folded[start..end]` written in Hebrew or Arabic without
/// the letters those languages join to the front of a word for "the", "and", "in", "to",
/// "from", "that", "as", each followed by a space: readers type `תהליך` for `בתהליך` and
/// `התהליך`, `عمليه` for `العملية` and `والعملية`. A light stemmer, as Lucene's Arabic one
/// is: which leading letters are a prefix is not known without a dictionary, so each way of
/// reading them is kept (`וּמַשְׁבֵּר`, read `ו` + `משבר`, also gives `שבר`), only while a word
/// of three letters is left. Endings (plurals, possessives) are not taken off.
pub fn without_prefixes(folded: &mut String, start: usize, end: usize) {
    let mut at = start;
    // Hebrew's and Arabic's letters are the only characters of these three lead bytes that
    // start a word the tokenizer keeps (U+05C0-U+067F).
    while let Some(found) = memchr::memchr3(0xD7, 0xD8, 0xD9, &folded.as_bytes()[at..end]) {
        let from = at + found;
        let word_start = folded[start..from]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| c.is_alphanumeric())
            .last()
            .map_or(from, |(i, _)| start + i);
        let word_end = folded[from..end]
            .char_indices()
            .find(|&(_, c)| !c.is_alphanumeric())
            .map_or(end, |(i, _)| from + i);
        at = word_end.max(from + 1);
        if word_start != from {
            // Not the word's first letter: a prefix is only ever at the front.
            continue;
        }
        let mut variants: [&str; 3] = [""; 3];
        let count = prefix_variants(&folded[word_start..word_end], &mut variants);
        // Each is the end of the word: copied from where it starts.
        let starts = variants.map(|variant| word_end - variant.len());
        for &variant_start in &starts[..count] {
            folded.extend_from_within(variant_start..word_end);
            folded.push(' ');
        }
    }
}

/// The words `word` may be without its prefixes (see [`without_prefixes`]), at most three,
/// into `out`; how many.
pub fn prefix_variants<'w>(word: &'w str, out: &mut [&'w str; 3]) -> usize {
    /// Hebrew's prefix letters, "Moshe and Kalev": `ו` (and) only first.
    const HEBREW: &[char] = &['ו', 'ה', 'ב', 'כ', 'ל', 'מ', 'ש'];
    const HEBREW_LETTERS: std::ops::RangeInclusive<char> = 'א'..='ת';
    /// Arabic's article alone and after a preposition or conjunction (`لل` is `ل` + `ال`),
    /// longest first: Leah Larkey's light10 stemmer's prefixes.
    const ARABIC_ARTICLES: &[&str] = &["بال", "كال", "فال", "لل", "ال"];
    const ARABIC_LETTERS: std::ops::RangeInclusive<char> = 'ء'..='ي';
    let letters = |s: &str| s.chars().count();
    let mut count = 0;
    let first = word.chars().next();
    if first.is_some_and(|c| HEBREW_LETTERS.contains(&c)) {
        for (k, (i, c)) in word.char_indices().take(3).enumerate() {
            if !HEBREW.contains(&c) || (c == 'ו' && k > 0) {
                break;
            }
            let rest = &word[i + c.len_utf8()..];
            if letters(rest) < 3 || !rest.starts_with(|c| HEBREW_LETTERS.contains(&c)) {
                break;
            }
            out[count] = rest;
            count += 1;
        }
    } else if first.is_some_and(|c| ARABIC_LETTERS.contains(&c)) {
        let mut rest = word;
        if let Some(after) = word.strip_prefix('و')
            && letters(after) >= 3
        {
            rest = after;
            out[count] = rest;
            count += 1;
        }
        if let Some(after) = ARABIC_ARTICLES
            .iter()
            .find_map(|article| rest.strip_prefix(article))
            && letters(after) >= 2
            && after.starts_with(|c| ARABIC_LETTERS.contains(&c))
        {
            out[count] = after;
            count += 1;
        }
    }
    count
}

/// Whether `text` ends a run of words at byte `at`, where a character that is not part of a
/// word starts: a line break (the text of two blocks, see `markdown::text_sections`), or the
/// end of a sentence: `.`, `!` or `?` followed by a space or the end of the text (so `2.10`
/// and `app.yaml` do not), or an ideographic full stop (`。`). A phrase is a run of words
/// within one; `search.js` cuts queries alike.
fn ends_run(text: &[u8], at: usize) -> bool {
    match text[at] {
        b'\n' => true,
        b'.' | b'!' | b'?' => text
            .get(at + 1)
            .is_none_or(|next| next.is_ascii_whitespace()),
        _ => text[at..].starts_with("。".as_bytes()),
    }
}

/// [`each_folded_term`], telling `found` too whether each term starts a new run of words (see
/// [`ends_run`]; the first term of the text does not).
pub fn each_folded_term_in_runs<'a>(folded: &'a str, mut found: impl FnMut(&'a str, bool)) {
    // Most of a wiki's text is ASCII, but half its sections have a character that is not (a
    // dash, a curly quote): the text is cut at spaces into stretches of ASCII, read by a
    // loop for ASCII, and the words around other characters, read by the general loop. A
    // space ends a word and a run of CJK characters and does nothing else, so each loop
    // starts its stretch in the state the other left.
    let bytes = folded.as_bytes();
    let mut run_ended = false;
    let mut start = 0;
    while start < bytes.len() {
        let ascii = ascii_prefix_len(&bytes[start..]);
        if start + ascii == bytes.len() {
            each_ascii_term_in_runs(&folded[start..], &mut run_ended, &mut found);
            return;
        }
        // The ASCII words before the space that precedes the other character.
        let cut = bytes[start..start + ascii]
            .iter()
            .rposition(|&b| b == b' ')
            .map_or(start, |space| start + space + 1);
        each_ascii_term_in_runs(&folded[start..cut], &mut run_ended, &mut found);
        // The words around it, up to the next space.
        let end = bytes[start + ascii..]
            .iter()
            .position(|&b| b == b' ')
            .map_or(bytes.len(), |space| start + ascii + space);
        each_unicode_term_in_runs(&folded[cut..end], &mut run_ended, &mut found);
        start = end;
    }
}

/// [`each_folded_term_in_runs`] for ASCII text: a word is a run of letters and digits, with
/// dots between digits. One loop with no per-character decoding and no CJK state: it takes
/// a third of the time the general loop takes per term. `run_ended` says whether a run of
/// words ended since the last term, before and after.
fn each_ascii_term_in_runs<'a>(
    folded: &'a str,
    run_ended: &mut bool,
    found: &mut impl FnMut(&'a str, bool),
) {
    let bytes = folded.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // Between words: skip to the next word byte, noting any end of a run on the way.
        let b = bytes[i];
        if !ASCII_WORD[usize::from(b)] {
            if matches!(b, b'\n' | b'.' | b'!' | b'?') && ends_run(bytes, i) {
                *run_ended = true;
            }
            i += 1;
            continue;
        }
        let start = i;
        loop {
            i += 1;
            while i < bytes.len() && ASCII_WORD[usize::from(bytes[i])] {
                i += 1;
            }
            // A version or a number keeps its dots: 2.10.1 is one term, not 2, 10 and 1.
            if i + 1 < bytes.len()
                && bytes[i] == b'.'
                && bytes[i - 1].is_ascii_digit()
                && bytes[i + 1].is_ascii_digit()
            {
                continue;
            }
            break;
        }
        if i - start <= MAX_TERM_CHARS {
            found(&folded[start..i], std::mem::take(run_ended));
        }
    }
}

/// [`each_folded_term_in_runs`] for text of any script (`run_ended` as for
/// [`each_ascii_term_in_runs`]).
fn each_unicode_term_in_runs<'a>(
    folded: &'a str,
    pending: &mut bool,
    found: &mut impl FnMut(&'a str, bool),
) {
    let bytes = folded.as_bytes();
    // A run ended since the last term (a cell: `found` below reads it, the loop sets it).
    let run_ended = std::cell::Cell::new(*pending);
    let mut found = |term: &'a str| found(term, run_ended.replace(false));
    // Where the current word starts, and the current CJK run: where it starts, where its
    // last character starts, how many characters it has.
    let mut word: Option<usize> = None;
    let mut cjk: Option<(usize, usize, usize)> = None;
    fn emit_word<'a>(
        folded: &'a str,
        word: &mut Option<usize>,
        end: usize,
        found: &mut impl FnMut(&'a str),
    ) {
        if let Some(start) = word.take() {
            let term = &folded[start..end];
            if term.len() <= MAX_TERM_CHARS || term.chars().nth(MAX_TERM_CHARS).is_none() {
                found(term);
            }
        }
    }
    // Ends the CJK run: a run of one character is a term by itself.
    fn emit_cjk<'a>(
        folded: &'a str,
        cjk: &mut Option<(usize, usize, usize)>,
        end: usize,
        found: &mut impl FnMut(&'a str),
    ) {
        if let Some((start, _, 1)) = cjk.take() {
            found(&folded[start..end]);
        }
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if ASCII_WORD[usize::from(b)] {
            // Most text is ASCII words: the rest of this one in a tight loop.
            if cjk.is_some() {
                emit_cjk(folded, &mut cjk, i, &mut found);
            }
            word.get_or_insert(i);
            i += 1;
            while i < bytes.len() && ASCII_WORD[usize::from(bytes[i])] {
                i += 1;
            }
            continue;
        }
        if b.is_ascii() {
            if b == b'.'
                && word.is_some()
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                // A version or a number keeps its dots: 2.10.1 is one term, not 2, 10 and 1.
            } else {
                emit_word(folded, &mut word, i, &mut found);
                emit_cjk(folded, &mut cjk, i, &mut found);
                if matches!(b, b'\n' | b'.' | b'!' | b'?') && ends_run(bytes, i) {
                    run_ended.set(true);
                }
            }
            i += 1;
            continue;
        }
        let c = folded[i..].chars().next().expect("a character starts here");
        let len = c.len_utf8();
        if is_cjk(c) {
            emit_word(folded, &mut word, i, &mut found);
            // Each character with the one before it is a term.
            cjk = Some(match cjk {
                Some((start, last, n)) => {
                    found(&folded[last..i + len]);
                    (start, i, n + 1)
                }
                None => (i, i, 1),
            });
        } else if c.is_alphanumeric() {
            emit_cjk(folded, &mut cjk, i, &mut found);
            word.get_or_insert(i);
        } else {
            emit_word(folded, &mut word, i, &mut found);
            emit_cjk(folded, &mut cjk, i, &mut found);
            if ends_run(bytes, i) {
                run_ended.set(true);
            }
        }
        i += len;
    }
    emit_word(folded, &mut word, bytes.len(), &mut found);
    emit_cjk(folded, &mut cjk, bytes.len(), &mut found);
    *pending = run_ended.get();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_accents() {
        assert_eq!(fold("Résumé Ärger Straße"), "resume arger strasse");
        assert_eq!(terms("Résumé"), terms("resume"));
        // Precomposed and decomposed accents fold alike; full-width letters too.
        assert_eq!(fold("Cafe\u{301} CAFÉ ＡＢＣ"), "cafe cafe abc");
        assert_eq!(fold("ẞ"), "ss");
        assert_eq!(
            fold("Łódź Włocławek Søren Ærøskøbing Œuvre Þór Đorđe ħ ı"),
            "lodz wloclawek soren aeroskobing oeuvre thor dorde h i"
        );
    }

    #[test]
    fn folds_a_non_ascii_letter_wherever_it_falls_in_a_word_of_eight_bytes() {
        for at in 0..20 {
            let text = format!("{}É{}", "A".repeat(at), "B".repeat(19 - at));
            let expected = format!("{}e{}", "a".repeat(at), "b".repeat(19 - at));
            assert_eq!(fold(&text), expected, "É at byte {at}");
            assert_eq!(ascii_prefix_len(text.as_bytes()), at);
        }
        assert_eq!(ascii_prefix_len(b"twenty ascii bytes.."), 20);
    }

    #[test]
    fn folds_arabic_spelled_two_ways() {
        assert_eq!(fold("العملية"), fold("العمليه"));
        assert_eq!(fold("مستشفى"), "مستشفي");
        assert_eq!(fold("الـعملية"), "العمليه");
        // Marks (harakat, niqqud) and hamza's seats go as accents do.
        assert_eq!(fold("أَمْن إدارة"), "امن اداره");
        assert_eq!(fold("תְּהָלִיךְ"), "תהליך");
    }

    fn without(text: &str) -> Vec<String> {
        let mut folded = fold(text);
        let end = folded.len();
        without_prefixes(&mut folded, 0, end);
        terms(&folded[end..])
    }

    #[test]
    fn hebrew_words_are_also_kept_without_their_prefixes() {
        assert_eq!(without("התהליך"), ["תהליך"]);
        assert_eq!(without("בתקלה ולתהליך"), ["תקלה", "לתהליך", "תהליך"]);
        // Three prefix letters at most, and a word of three letters left.
        assert_eq!(without("וכשהמערכת"), ["כשהמערכת", "שהמערכת", "המערכת"]);
        assert_eq!(without("בית"), Vec::<String>::new());
        // `ו` (and) comes only first; a letter that is no prefix ends them.
        assert_eq!(without("שותף"), ["ותף"]);
        assert_eq!(without("תקלה"), Vec::<String>::new());
        // Not a word's front, not Hebrew after the prefix.
        assert_eq!(without("v2בתקלה ב2026 בv2"), Vec::<String>::new());
    }

    #[test]
    fn arabic_words_are_also_kept_without_the_article_and_and() {
        assert_eq!(without("العملية"), ["عمليه"]);
        assert_eq!(
            without("والعملية للفريق بالبريد"),
            ["العمليه", "عمليه", "فريق", "بريد"]
        );
        assert_eq!(without("وثيقة"), ["ثيقه"]);
        // A word of two letters after `و` keeps it; one letter after the article too.
        assert_eq!(without("ولد ال الم"), Vec::<String>::new());
        assert_eq!(without("عملية، فريق"), Vec::<String>::new());
    }

    #[test]
    fn splits_on_punctuation_and_keeps_digits() {
        assert_eq!(
            terms("Release 2.10: on-call, SEV1!"),
            ["release", "2.10", "on", "call", "sev1"]
        );
        // Dots join digits only: a sentence's full stop and a dotted name still split.
        assert_eq!(terms("v2.10.1. Next"), ["v2.10.1", "next"]);
        assert_eq!(
            terms("see app.yaml or 3."),
            ["see", "app", "yaml", "or", "3"]
        );
    }

    #[test]
    fn runs_of_words_end_at_line_breaks_and_sentence_ends() {
        let mut runs: Vec<Vec<&str>> = Vec::new();
        each_folded_term_in_runs(
            "check the plan. then page\nthe lead! v2.10 app.yaml ok? 障害。対応 end.",
            |term, new_run| {
                if new_run || runs.is_empty() {
                    runs.push(Vec::new());
                }
                runs.last_mut().unwrap().push(term);
            },
        );
        assert_eq!(
            runs,
            [
                vec!["check", "the", "plan"],
                vec!["then", "page"],
                vec!["the", "lead"],
                vec!["v2.10", "app", "yaml", "ok"],
                vec!["障害"],
                vec!["対応", "end"],
            ]
        );
    }

    #[test]
    fn hyphenated_words_are_joined_too() {
        let joined = |text: &str| {
            let mut folded = fold(text);
            let end = folded.len();
            joined_hyphenated(&mut folded, 0, end);
            folded[end..].to_string()
        };
        assert_eq!(
            joined("the on-call rota, kube-proxy and Über-Cool; pre-prod-eu"),
            "oncall kubeproxy ubercool preprodeu "
        );
        // A part of one letter (e-mail, a-b), numbers alone (2024-11-22), no word on one
        // side, a word of another script beside it: none.
        assert_eq!(
            joined("e-mail a-b 2024-11-22 -flag trailing- 東京-office"),
            ""
        );
        assert_eq!(joined("on-call"), "oncall ");
    }

    #[test]
    fn keeps_voiced_kana_and_cuts_korean_into_pairs() {
        assert_eq!(fold("ガイドが必要です"), "ガイドが必要です");
        assert_ne!(terms("ガイド"), terms("カイト"));
        assert_eq!(
            terms("서울 사무소의 회의실"),
            ["서울", "사무", "무소", "소의", "회의", "의실"]
        );
        // Half width, or written decomposed (カ and the combining voicing mark): the same.
        assert_eq!(fold("ｶﾞｲﾄﾞ"), "ガイド");
        assert_eq!(fold("カ\u{3099}イト\u{3099}"), "ガイド");
        // A voicing mark with no kana before it goes, as an accent does.
        assert_eq!(fold("a\u{3099}"), "a");
    }

    #[test]
    fn cuts_japanese_into_bigrams() {
        assert_eq!(
            terms("障害対応の手順"),
            ["障害", "害対", "対応", "応の", "の手", "手順"]
        );
        assert_eq!(terms("検索 API"), ["検索", "api"]);
        assert_eq!(terms("検"), ["検"]);
    }

    #[test]
    fn ascii_and_unicode_paths_cut_alike() {
        // The same text with one non-ASCII letter takes the other path: same terms.
        let text = "Deploy v2.10.1 to prod-eu, then 3. Check: app.yaml; x1.y2 ok.";
        let mut ascii = terms(text);
        let mut unicode = terms(&format!("{text} ü"));
        assert_eq!(unicode.pop().as_deref(), Some("u"));
        assert_eq!(ascii, unicode);
        ascii.clear();
    }

    /// The terms and run starts of `text` by the general loop, and by the one its text takes.
    fn cut_both_ways(text: &str) -> [Vec<(String, bool)>; 2] {
        let mut general = Vec::new();
        each_unicode_term_in_runs(text, &mut false, &mut |t, run| {
            general.push((t.to_string(), run))
        });
        let mut taken = Vec::new();
        each_folded_term_in_runs(text, |t, run| taken.push((t.to_string(), run)));
        [general, taken]
    }

    #[test]
    fn ascii_stretches_cut_as_the_general_loop_does() {
        let long = "x".repeat(40);
        let too_long = "y".repeat(41);
        let texts = [
            "check the plan. then page\nthe lead! v2.10 app.yaml ok? end.",
            "2.10.1. next 3. 4.x .5 a.1 1.a 1..2 ...9 v1.2.3.4",
            "\n\nlead. \n. trailing!",
            "a?b c!d e.f g? h! i. j",
            &format!("{long} {too_long} {long}.{long} 12.{too_long}"),
            "x",
            "",
            ".",
            "under_score and-dash 3.14.",
            "don’t — deploy 障害対応 v2.10… ok. end 検 x",
            "a. é b\n— c 障 害",
        ];
        for text in texts {
            let [general, ascii] = cut_both_ways(text);
            assert_eq!(general, ascii, "{text:?}");
        }
        // Every string of up to five characters from an alphabet of the characters that
        // matter, ASCII and not: the text is cut into stretches around the others.
        let alphabet = ["a", "7", ".", " ", "\n", "!", "é", "障", "—"];
        let base = alphabet.len();
        let mut text = String::new();
        for n in 0..base.pow(5) {
            text.clear();
            let mut rest = n;
            while rest > 0 {
                text.push_str(alphabet[rest % base]);
                rest /= base;
            }
            let text = text.as_str();
            let [general, ascii] = cut_both_ways(text);
            assert_eq!(general, ascii, "{text:?}");
        }
    }

    #[test]
    fn non_ascii_text_cuts_into_whole_words() {
        assert_eq!(
            terms("Don’t — deploy Привет v2.10… ok 障害"),
            ["don", "t", "deploy", "привет", "v2.10", "ok", "障害"]
        );
        assert_eq!(terms(&format!("{} é", "ж".repeat(41))), ["e"]);
        assert_eq!(terms(&"ж".repeat(40)).len(), 1);
    }

    #[test]
    fn drops_blobs() {
        assert!(terms(&"a".repeat(64)).is_empty());
    }
}
