//! Turning text into search terms, the same way the browser does for queries (see
//! `themes/default/static/assets/search.js`): case and accents folded (`Résumé` → `resume`),
//! words split on anything that is not a letter or digit, and text in scripts written without
//! spaces (Chinese, Japanese, Korean) cut into overlapping two-character terms.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds case and strips accents: `Ärger` → `arger`, `ß` → `ss`.
pub fn fold(text: &str) -> String {
    // Most wiki text is ASCII, and decomposing it is the bulk of indexing time.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        // Decomposing char by char gives what decomposing the whole text gives once the
        // combining marks (the only characters canonical ordering moves) are dropped.
        for d in std::iter::once(c).nfkd() {
            if is_combining_mark(d) {
                continue;
            }
            for lower in d.to_lowercase() {
                if lower == 'ß' {
                    out.push_str("ss");
                } else {
                    out.push(lower);
                }
            }
        }
    }
    out
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

/// Very long "words" are hashes and base64 blobs: nobody searches for them.
const MAX_TERM_CHARS: usize = 40;

/// [`each_term`] for folded ASCII text (most of a wiki): the same cuts, made on bytes, each term
/// a slice of the text.
fn each_ascii_term(folded: &str, found: &mut dyn FnMut(&str)) {
    let bytes = folded.as_bytes();
    let mut start: Option<usize> = None;
    for i in 0..=bytes.len() {
        let in_word = match bytes.get(i) {
            Some(b) if b.is_ascii_alphanumeric() => true,
            // A version or a number keeps its dots: 2.10.1 is one term, not 2, 10 and 1.
            Some(b'.') => {
                start.is_some()
                    && bytes[i - 1].is_ascii_digit()
                    && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            }
            _ => false,
        };
        if in_word {
            start.get_or_insert(i);
        } else if let Some(from) = start.take()
            && i - from <= MAX_TERM_CHARS
        {
            found(&folded[from..i]);
        }
    }
}

/// Calls `found` with each term of `text`, in order, without allocating one string per term
/// (indexing a wiki cuts millions of them).
pub fn each_term(text: &str, found: &mut dyn FnMut(&str)) {
    let folded = fold(text);
    if folded.is_ascii() {
        each_ascii_term(&folded, found);
        return;
    }
    let mut word = String::new();
    let mut cjk_run: Vec<char> = Vec::new();
    let mut pair = String::new();
    let flush_word = |word: &mut String, found: &mut dyn FnMut(&str)| {
        if !word.is_empty() && word.chars().nth(MAX_TERM_CHARS).is_none() {
            found(word);
        }
        word.clear();
    };
    let mut flush_cjk = |run: &mut Vec<char>, found: &mut dyn FnMut(&str)| {
        if run.len() == 1 {
            pair.clear();
            pair.push(run[0]);
            found(&pair);
        }
        for w in run.windows(2) {
            pair.clear();
            pair.extend(w);
            found(&pair);
        }
        run.clear();
    };
    let mut chars = folded.chars().peekable();
    while let Some(c) = chars.next() {
        if is_cjk(c) {
            flush_word(&mut word, found);
            cjk_run.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk_run, found);
            word.push(c);
        } else if c == '.'
            && word.ends_with(|d: char| d.is_ascii_digit())
            && chars.peek().is_some_and(char::is_ascii_digit)
        {
            // A version or a number keeps its dots: 2.10.1 is one term, not 2, 10 and 1.
            word.push(c);
        } else {
            flush_word(&mut word, found);
            flush_cjk(&mut cjk_run, found);
        }
    }
    flush_word(&mut word, found);
    flush_cjk(&mut cjk_run, found);
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

    #[test]
    fn drops_blobs() {
        assert!(terms(&"a".repeat(64)).is_empty());
    }
}
