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
    let folded = fold(text);
    let mut out = Vec::new();
    let mut word = String::new();
    let mut cjk_run: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, out: &mut Vec<String>| {
        if !word.is_empty() {
            out.push(std::mem::take(word));
        }
    };
    let flush_cjk = |run: &mut Vec<char>, out: &mut Vec<String>| {
        match run.len() {
            0 => {}
            1 => out.push(run[0].to_string()),
            _ => out.extend(run.windows(2).map(|w| w.iter().collect::<String>())),
        }
        run.clear();
    };
    for c in folded.chars() {
        if is_cjk(c) {
            flush_word(&mut word, &mut out);
            cjk_run.push(c);
        } else if c.is_alphanumeric() {
            flush_cjk(&mut cjk_run, &mut out);
            word.push(c);
        } else {
            flush_word(&mut word, &mut out);
            flush_cjk(&mut cjk_run, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_cjk(&mut cjk_run, &mut out);
    // Very long "words" are hashes and base64 blobs: nobody searches for them.
    out.retain(|t| t.chars().count() <= 40);
    out
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
            ["release", "2", "10", "on", "call", "sev1"]
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
    fn drops_blobs() {
        assert!(terms(&"a".repeat(64)).is_empty());
    }
}
