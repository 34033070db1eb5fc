//! The theme's words in the site's language: the catalogs of `themes/default/i18n/`, the
//! `translations:` of `opsbook.yaml` laid over them and checked, a language's plural forms
//! (Unicode CLDR), and a word's text for a count and values (templates' `t`, in `theme`, and
//! the scripts' `assets/i18n.js` read them).
//!
//! English (`en.yaml`) lists every word and is the fallback of every other catalog: a wiki in a
//! language without a catalog, or a catalog without a word, reads English there. The pages'
//! dates stay ISO 8601 (`2026-11-22`) in every language: read alike everywhere, and what the
//! front matter says.

use std::collections::BTreeMap;

use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
use serde::{Deserialize, Serialize};

/// One word of a catalog: text, or the forms of a text that counts (`{n}`), by CLDR plural
/// category (`one`, `other` …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Entry {
    /// The same text for any count.
    Text(String),
    /// Text by plural category; `other` is the one used for a category the map lacks.
    Forms(BTreeMap<String, String>),
}

/// Read by hand rather than as an untagged enum, whose one message ("did not match any
/// variant") pointed at the mapping's first word: a number, a list or nothing where a word
/// belongs is named, at its place.
impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Entry, D::Error> {
        struct EntryVisitor;
        impl<'de> serde::de::Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("text, or a counted word's plural forms (`{one: …, other: …}`)")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Entry, E> {
                Ok(Entry::Text(text.to_string()))
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(
                self,
                mut map: M,
            ) -> Result<Entry, M::Error> {
                let mut forms = BTreeMap::new();
                while let Some(form) = map.next_key::<String>()? {
                    let text = map.next_value::<FormText>()?;
                    forms.insert(form, text.0);
                }
                Ok(Entry::Forms(forms))
            }
        }
        deserializer.deserialize_any(EntryVisitor)
    }
}

/// A plural form's text, which is text only.
struct FormText(String);

impl<'de> Deserialize<'de> for FormText {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<FormText, D::Error> {
        struct TextVisitor;
        impl serde::de::Visitor<'_> for TextVisitor {
            type Value = FormText;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a plural form's text")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<FormText, E> {
                Ok(FormText(text.to_string()))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// The CLDR plural categories, the keys a counting entry may have.
pub const PLURAL_FORMS: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// The theme's words for one site: its language's catalog over English's, and the site's
/// `translations:` over both.
pub struct Words {
    /// The language as the site gives it (`de-AT`), for the scripts' `Intl.PluralRules`.
    language: String,
    /// The language's plural rules; `None` for a language CLDR does not know (English's then).
    plurals: Option<PluralRules>,
    entries: rustc_hash::FxHashMap<String, Entry>,
    /// The language is written right to left: a date given to a word is isolated, left to
    /// right (`2026-11-21`, not `21-11-2026` after Arabic letters), where markup cannot be
    /// (a tooltip).
    right_to_left: bool,
}

impl std::fmt::Debug for Words {
    /// Short on purpose: the configuration's Debug form is the fingerprint of a build's input,
    /// and the language and the site's own translations (in the configuration) decide the words.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Words({})", self.language)
    }
}

impl Words {
    /// The words of `language` (a BCP 47 tag, `de`, `pt-BR`, `zh-Hant`), with `overrides`
    /// (`translations:` of `opsbook.yaml`, checked by [`check_translations`]) over them.
    pub fn new(language: &str, overrides: &BTreeMap<String, Entry>) -> Words {
        let mut entries = english_entries().clone();
        if let Some(text) = catalog_for(language).and_then(|l| crate::theme::catalog(&l)) {
            entries.extend(parse_catalog(text).unwrap_or_default());
        }
        entries.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        Words {
            language: language.to_string(),
            plurals: plural_rules(language),
            entries: entries.into_iter().collect(),
            right_to_left: is_right_to_left(language),
        }
    }

    /// English, as a site without `language:` reads.
    pub fn english() -> Words {
        Words::new("en", &BTreeMap::new())
    }

    /// The text of `key`, placeholders as written; the key itself when no catalog has it.
    pub fn text<'a>(&'a self, key: &'a str) -> &'a str {
        match self.entries.get(key) {
            Some(Entry::Text(text)) => text,
            Some(Entry::Forms(forms)) => forms.get("other").map_or(key, String::as_str),
            None => key,
        }
    }

    /// The text of `key` for the count `n` (its plural form), placeholders as written.
    pub fn counted<'a>(&'a self, key: &'a str, n: i64) -> &'a str {
        match self.entries.get(key) {
            Some(Entry::Forms(forms)) => {
                let category = self.category(n);
                forms
                    .get(category)
                    .or_else(|| forms.get("other"))
                    .map_or(key, String::as_str)
            }
            _ => self.text(key),
        }
    }

    /// The text of `key`, for the count `n` when there is one.
    pub fn for_count<'a>(&'a self, key: &'a str, n: Option<i64>) -> &'a str {
        match n {
            Some(n) => self.counted(key, n),
            None => self.text(key),
        }
    }

    /// The text of `key` when it is one text, not plural forms.
    pub fn plain(&self, key: &str) -> Option<&str> {
        match self.entries.get(key) {
            Some(Entry::Text(text)) => Some(text),
            _ => None,
        }
    }

    /// Whether some catalog or the site has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.entries.contains_key(key)
    }

    /// `key`'s text with its placeholders filled: `{name}` by `args`' `name` (a placeholder
    /// with no value stays as written), and the plural form chosen by `n` when `args` has it.
    pub fn format(&self, key: &str, args: &[(&str, &str)]) -> String {
        let n = args
            .iter()
            .find(|(name, _)| *name == "n")
            .and_then(|(_, v)| v.parse::<i64>().ok());
        fill(self.for_count(key, n), |name| {
            args.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| std::borrow::Cow::Borrowed(*v))
        })
    }

    fn category(&self, n: i64) -> &'static str {
        let Some(rules) = &self.plurals else {
            return if n == 1 { "one" } else { "other" };
        };
        match rules.select(n.unsigned_abs()) {
            Ok(PluralCategory::ZERO) => "zero",
            Ok(PluralCategory::ONE) => "one",
            Ok(PluralCategory::TWO) => "two",
            Ok(PluralCategory::FEW) => "few",
            Ok(PluralCategory::MANY) => "many",
            _ => "other",
        }
    }

    /// `value` as a word shows it: a date isolated left to right in a right-to-left language
    /// (between U+2066 and U+2069), anything else as it is.
    pub fn value<'v>(&self, value: &'v str) -> std::borrow::Cow<'v, str> {
        let date = value.len() == 10
            && value.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if self.right_to_left && date {
            format!("\u{2066}{value}\u{2069}").into()
        } else {
            value.into()
        }
    }

    /// The words that are one text, by key, as templates read them (`words.on_this_page`).
    pub fn plain_words(&self) -> tera::Value {
        let plain: BTreeMap<&str, &str> = self
            .entries
            .iter()
            .filter_map(|(key, entry)| match entry {
                Entry::Text(text) => Some((key.as_str(), text.as_str())),
                Entry::Forms(_) => None,
            })
            .collect();
        tera::Value::from_serializable(&plain)
    }

    /// `assets/i18n.js`: the words as the theme's scripts read them (`window.opsbookI18n`).
    pub fn script(&self) -> String {
        let words: BTreeMap<&String, &Entry> = self.entries.iter().collect();
        let data = serde_json::json!({ "lang": self.language, "words": words });
        // `</script>` cannot end a file read by src, but a `<!--` in a word is harmless too:
        // the JSON is a script's text, never inlined in a page.
        format!(
            "/* The theme's words in the site's language, written by `opsbook build`. */\nwindow.opsbookI18n={data};\n"
        )
    }
}

/// Replaces each `{name}` of `text` by `value(name)`; a placeholder without a value, and a
/// brace that opens none, stay as written.
pub fn fill<'v>(
    text: &str,
    mut value: impl FnMut(&str) -> Option<std::borrow::Cow<'v, str>>,
) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    fill_into(
        &mut out,
        text,
        |out, piece| out.push_str(piece),
        |out, name| value(name).map(|v| out.push_str(&v)).is_some(),
    );
    out
}

/// `text` into `out`, its pieces of text by `literal` and its placeholders by `value`, which
/// says whether it had one (if not, the placeholder goes to `literal` as written).
pub fn fill_into(
    out: &mut String,
    text: &str,
    mut literal: impl FnMut(&mut String, &str),
    mut value: impl FnMut(&mut String, &str) -> bool,
) {
    let (parts, names) = split_placeholders(text);
    for (i, part) in parts.iter().enumerate() {
        literal(out, part);
        if let Some(name) = names.get(i)
            && !value(out, name)
        {
            literal(out, &format!("{{{name}}}"));
        }
    }
}

/// The placeholders of `text`, in order: `{n}`, `{date}`.
pub fn placeholders(text: &str) -> Vec<&str> {
    split_placeholders(text).1
}

/// The stretches of text of `text` and the names of the placeholders between them (one
/// stretch more than names). A brace that opens no placeholder (`{ date }`) is text.
pub fn split_placeholders(text: &str) -> (Vec<&str>, Vec<&str>) {
    let mut parts = Vec::new();
    let mut names = Vec::new();
    let mut start = 0;
    let mut from = 0;
    while let Some(found) = text[from..].find('{') {
        let open = from + found;
        let after = &text[open + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if end > 0 && after[end..].starts_with('}') {
            parts.push(&text[start..open]);
            names.push(&after[..end]);
            start = open + end + 2;
            from = start;
        } else {
            from = open + 1;
        }
    }
    parts.push(&text[start..]);
    (parts, names)
}

/// English's text of `key`, when it is one text.
pub fn english_text(key: &str) -> Option<&'static str> {
    match english_entries().get(key) {
        Some(Entry::Text(text)) => Some(text),
        _ => None,
    }
}

/// English's words, the list of every word the theme has: read once, as every site's words
/// start from them (each configuration read, each `serve` rebuild).
pub fn english_entries() -> &'static BTreeMap<String, Entry> {
    static ENGLISH: std::sync::LazyLock<BTreeMap<String, Entry>> = std::sync::LazyLock::new(|| {
        crate::theme::catalog("en")
            .and_then(parse_catalog)
            .unwrap_or_default()
    });
    &ENGLISH
}

/// A catalog's entries; `None` when it is not a map of words (a test holds the theme's).
pub fn parse_catalog(text: &str) -> Option<BTreeMap<String, Entry>> {
    crate::yaml::from_str_located(text, "catalog", "config").ok()
}

/// Whether the language tag `language` (`ar`, `he-IL`, `fa`) names a language written right
/// to left.
pub fn is_right_to_left(language: &str) -> bool {
    let primary = language.split(['-', '_']).next().unwrap_or("");
    matches!(
        primary.to_ascii_lowercase().as_str(),
        "ar" | "arc"
            | "ckb"
            | "dv"
            | "fa"
            | "ha"
            | "he"
            | "iw"
            | "khw"
            | "ks"
            | "ku"
            | "ps"
            | "sd"
            | "ug"
            | "ur"
            | "yi"
    )
}

/// What is wrong with `language:` when it is no language tag (BCP 47: `de`, `pt-BR`,
/// `zh-Hant`), as (message, help): the page's `lang` and the scripts' number and sort rules
/// read it, and browsers refuse a tag they cannot parse (a script stopped at `en_US`).
pub fn language_tag_problem(language: &str) -> Option<(String, String)> {
    let subtags: Vec<&str> = language.split('-').collect();
    let well_formed = subtags
        .iter()
        .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
        && (2..=8).contains(&subtags[0].len())
        && subtags[0].chars().all(|c| c.is_ascii_alphabetic())
        && {
            // Extensions and private use (`-u-ca-buddhist`, `-x-acme`) follow a one-letter
            // subtag; the language, script, region and variants before it are checked.
            let before_singleton = subtags
                .iter()
                .position(|s| s.len() == 1)
                .map_or(&subtags[..], |at| &subtags[..at]);
            before_singleton
                .join("-")
                .parse::<unic_langid::LanguageIdentifier>()
                .is_ok()
        };
    if well_formed {
        return None;
    }
    let help = if language.contains('_') && !language.contains('-') {
        format!(
            "write `{}`: a language tag's parts are joined by `-`",
            language.replace('_', "-")
        )
    } else {
        "write a language tag: `en`, `de`, `pt-BR`, `zh-TW` (the README's Languages lists the theme's)".into()
    };
    let message = if language.trim().is_empty() {
        "`language` is empty".to_string()
    } else {
        format!("`language` \"{language}\" is no language tag")
    };
    Some((message, help))
}

/// The catalog that speaks `language`: the whole tag first (`pt-BR`, `zh-TW`), then Chinese
/// by script (`zh-Hant`, `zh-HK` read Traditional characters), then the language alone
/// (`de` for `de-AT`).
fn catalog_for(language: &str) -> Option<String> {
    let tag = language.trim().replace('_', "-");
    let lower = tag.to_ascii_lowercase();
    let available = crate::theme::catalog_languages();
    let find = |name: &str| {
        available
            .iter()
            .find(|l| l.eq_ignore_ascii_case(name))
            .cloned()
    };
    if let Some(found) = find(&lower) {
        return Some(found);
    }
    let primary = current_code(lower.split('-').next().unwrap_or(""));
    if primary == "zh" {
        // The script, when given, decides (`zh-Hans-HK` is Simplified); else the region.
        let traditional = !lower.contains("-hans")
            && ["-hant", "-tw", "-hk", "-mo"]
                .iter()
                .any(|part| lower.contains(part));
        return find(if traditional { "zh-TW" } else { "zh" });
    }
    find(primary)
}

/// A language's code as CLDR and the catalogs name it, for the codes ISO 639 retired (`iw`,
/// Hebrew, which Java and old systems still write) and Norwegian's macrolanguage.
fn current_code(primary: &str) -> &str {
    match primary {
        "iw" => "he",
        "in" => "id",
        "ji" => "yi",
        "no" => "nb",
        other => other,
    }
}

/// The language's plural rules: the whole tag if CLDR has it, else its language alone.
fn plural_rules(language: &str) -> Option<PluralRules> {
    let tag = language.trim().replace('_', "-");
    let primary =
        current_code(&tag.split('-').next().unwrap_or("").to_ascii_lowercase()).to_string();
    [tag.as_str(), primary.as_str()].into_iter().find_map(|t| {
        let id: unic_langid::LanguageIdentifier = t.parse().ok()?;
        PluralRules::create(id, PluralRuleType::CARDINAL).ok()
    })
}

/// Placeholders the program fills in a word but English does not say: a kind's plural as
/// written, for languages whose nouns keep their capitals (German's "Alle Prozesse").
const UNSAID_PLACEHOLDERS: &[(&str, &str)] = &[
    ("all_kind", "kinds"),
    ("kind_summary", "kinds"),
    ("deprecated_text", "kind"),
];

/// The placeholders the program fills in the word `key` (whose English is `english`).
pub fn fillable<'a>(key: &str, english: &'a Entry) -> Vec<&'a str> {
    let mut names: Vec<&str> = match english {
        Entry::Text(t) => placeholders(t),
        Entry::Forms(forms) => forms.values().flat_map(|t| placeholders(t)).collect(),
    };
    names.extend(
        UNSAID_PLACEHOLDERS
            .iter()
            .filter(|(k, _)| *k == key)
            .map(|(_, name)| *name),
    );
    names
}

/// What is wrong with `translations:` of `opsbook.yaml`, as (key, message, help): a counting
/// entry without `other` or with a form CLDR does not have, a placeholder the English does not
/// fill, forms for a word that does not count. Keys the theme does not have are the site's
/// own templates' words, warned of by `validate` unless a template uses them.
pub fn check_translations(
    translations: &BTreeMap<String, Entry>,
    language: &str,
) -> Vec<(String, String, String)> {
    let english = english_entries();
    let words = Words::new(language, translations);
    let mut problems = Vec::new();
    for (key, entry) in translations {
        let all_texts: Vec<&String> = match entry {
            Entry::Text(t) => vec![t],
            Entry::Forms(forms) => forms.values().collect(),
        };
        if all_texts.iter().any(|t| t.trim().is_empty()) {
            problems.push((
                key.clone(),
                format!("`{key}` is empty"),
                "a word shows where the theme says it (a link, a button, a heading): write it, or leave the key out to keep the theme's".into(),
            ));
            continue;
        }
        if let Some(stray) = all_texts.iter().find_map(|t| stray_brace(t)) {
            problems.push((
                key.clone(),
                format!("`{key}` has `{stray}`, which is no placeholder"),
                "a placeholder is a name in braces with nothing else inside, `{date}`; it shows the brace as written otherwise".into(),
            ));
            continue;
        }
        let known = english.get(key);
        let Some(known_entry) = known else {
            continue;
        };
        let allowed = fillable(key, known_entry);
        let texts: Vec<&String> = match entry {
            Entry::Text(t) => vec![t],
            Entry::Forms(forms) => {
                if matches!(known, Some(Entry::Text(_))) {
                    problems.push((
                        key.clone(),
                        format!("`{key}` counts nothing: it is one text, not plural forms"),
                        "write the text alone: `key: text`".into(),
                    ));
                    continue;
                }
                if let Some(bad) = forms.keys().find(|f| !PLURAL_FORMS.contains(&f.as_str())) {
                    problems.push((
                        key.clone(),
                        format!("`{key}` has a form `{bad}`, which is no plural form"),
                        "the forms are CLDR's: zero, one, two, few, many and other".into(),
                    ));
                    continue;
                }
                if !forms.contains_key("other") {
                    problems.push((
                        key.clone(),
                        format!("`{key}` has no `other` form"),
                        "add `other:`, the form for every count the others do not name".into(),
                    ));
                    continue;
                }
                forms.values().collect()
            }
        };
        for text in texts {
            if let Some(bad) = placeholders(text)
                .into_iter()
                .find(|p| !allowed.contains(p))
            {
                let help = if allowed.is_empty() {
                    "this text has no placeholders: write `{` and `}` around no name".to_string()
                } else {
                    let mut names: Vec<String> =
                        allowed.iter().map(|p| format!("{{{p}}}")).collect();
                    names.dedup();
                    format!("its placeholders are {}", names.join(", "))
                };
                problems.push((
                    key.clone(),
                    format!("`{key}` has a placeholder `{{{bad}}}` nothing fills"),
                    help,
                ));
                break;
            }
        }
        // A phone's short form reads in its sentence's place, value for value.
        if let Some(long_key) = key.strip_suffix("_short") {
            let long = placeholders(words.text(long_key));
            if let Some(short) = all_texts.iter().find(|t| placeholders(t) != long) {
                problems.push((
                    key.clone(),
                    format!(
                        "`{key}` has the placeholders {}, `{long_key}` {}: a phone would show the whole sentence",
                        listed(&placeholders(short)),
                        listed(&long)
                    ),
                    format!("give `{key}` the placeholders of `{long_key}`, in the same order"),
                ));
            }
        }
    }
    problems
}

/// Placeholders as written: `{owners} {date}`, or `none`.
fn listed(names: &[&str]) -> String {
    if names.is_empty() {
        return "none".into();
    }
    names
        .iter()
        .map(|n| format!("{{{n}}}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first `{…` of `text` that is not a placeholder (`{ date }`, `{{n}}`, `{n day`), as
/// written up to its closing brace or the end of the word.
fn stray_brace(text: &str) -> Option<&str> {
    let (parts, _) = split_placeholders(text);
    let part = parts.into_iter().find(|p| p.contains('{'))?;
    // Where the brace is in `text`: the parts are slices of it.
    let start = part.as_ptr() as usize - text.as_ptr() as usize + part.find('{')?;
    let rest = &text[start..];
    Some(rest.find('}').map_or(rest, |close| &rest[..=close]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(pairs: &[(&str, &str)]) -> Entry {
        Entry::Forms(
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    #[test]
    fn fills_placeholders_and_leaves_unknown_ones() {
        let text = fill("Due {date} for {who} {x", |name| {
            (name == "date").then(|| "2026-11-22".into())
        });
        assert_eq!(text, "Due 2026-11-22 for {who} {x");
        assert_eq!(placeholders("{n} of {total}, {bad"), ["n", "total"]);
    }

    #[test]
    fn plural_forms_follow_the_language() {
        let mut over = BTreeMap::new();
        over.insert(
            "days".to_string(),
            forms(&[
                ("one", "{n} dzień"),
                ("few", "{n} dni (few)"),
                ("many", "{n} dni"),
                ("other", "{n} dnia"),
            ]),
        );
        let polish = Words::new("pl", &over);
        assert_eq!(polish.format("days", &[("n", "1")]), "1 dzień");
        assert_eq!(polish.format("days", &[("n", "3")]), "3 dni (few)");
        assert_eq!(polish.format("days", &[("n", "5")]), "5 dni");
        assert_eq!(polish.format("days", &[("n", "22")]), "22 dni (few)");
        // A language CLDR does not know counts as English does.
        let unknown = Words::new("xx-Latn", &over);
        assert_eq!(unknown.format("days", &[("n", "1")]), "1 dzień");
        assert_eq!(unknown.format("days", &[("n", "2")]), "2 dnia");
    }

    #[test]
    fn catalogs_are_found_by_the_language_and_its_region() {
        assert_eq!(catalog_for("en").as_deref(), Some("en"));
        assert_eq!(catalog_for("EN_gb").as_deref(), Some("en"));
        assert_eq!(catalog_for("tlh"), None);
        assert_eq!(catalog_for("zh-Hant").as_deref(), Some("zh-TW"));
        assert_eq!(catalog_for("zh-HK").as_deref(), Some("zh-TW"));
        assert_eq!(catalog_for("zh-Hans-TW").as_deref(), Some("zh"));
        assert_eq!(catalog_for("zh-SG").as_deref(), Some("zh"));
        assert_eq!(catalog_for("iw").as_deref(), Some("he"));
        assert_eq!(catalog_for("de-CH").as_deref(), Some("de"));
    }

    #[test]
    fn translations_are_checked_against_english() {
        let mut t = BTreeMap::new();
        t.insert("search".to_string(), forms(&[("other", "Suche")]));
        t.insert(
            "days".to_string(),
            forms(&[("one", "{n} Tag"), ("some", "x")]),
        );
        t.insert("review_by".to_string(), Entry::Text("Bis {datum}".into()));
        t.insert("my_own_word".to_string(), Entry::Text("{anything}".into()));
        let problems = check_translations(&t, "en");
        let messages: Vec<&str> = problems.iter().map(|p| p.1.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`search` counts nothing"))
        );
        assert!(messages.iter().any(|m| m.contains("form `some`")));
        assert!(messages.iter().any(|m| m.contains("`{datum}`")));
    }
}

#[cfg(test)]
mod catalog_tests {
    use super::*;

    fn texts(entry: &Entry) -> Vec<&String> {
        match entry {
            Entry::Text(t) => vec![t],
            Entry::Forms(forms) => forms.values().collect(),
        }
    }

    /// Every catalog the theme ships: a map of English's words, each with English's shape and
    /// no placeholder English does not fill, counted words with the language's plural forms,
    /// and each phone form (`_short`) with its sentence's placeholders in the same order.
    #[test]
    fn every_catalog_is_english_s_words_in_its_language() {
        let english = english_entries();
        assert!(
            english.len() > 150,
            "en.yaml parsed to {} words",
            english.len()
        );
        let languages = crate::theme::catalog_languages();
        for language in &languages {
            let text = crate::theme::catalog(language).unwrap();
            let catalog = parse_catalog(text)
                .unwrap_or_else(|| panic!("{language}.yaml is not a map of words"));
            let rules = plural_rules(language).map(|_| Words::new(language, &BTreeMap::new()));
            for (key, entry) in &catalog {
                let Some(original) = english.get(key) else {
                    panic!("{language}.yaml: `{key}` is no word of en.yaml");
                };
                let allowed = fillable(key, original);
                for t in texts(entry) {
                    for p in placeholders(t) {
                        assert!(
                            allowed.contains(&p),
                            "{language}.yaml: `{key}` has `{{{p}}}`, which en.yaml's has not"
                        );
                    }
                }
                match (original, entry) {
                    (Entry::Forms(_), Entry::Forms(forms)) => {
                        assert!(
                            forms.contains_key("other"),
                            "{language}.yaml: `{key}` has no `other`"
                        );
                        // The forms the language's counts fall in, for 0 to 200 and a million.
                        if let Some(words) = &rules {
                            for n in (0..=200).chain([1_000_000]) {
                                let category = words.category(n);
                                assert!(
                                    forms.contains_key(category) || forms.len() == 1,
                                    "{language}.yaml: `{key}` lacks the form `{category}` ({n})"
                                );
                            }
                        }
                    }
                    (Entry::Text(_), Entry::Text(_)) => {}
                    _ => panic!("{language}.yaml: `{key}` is not shaped as en.yaml's"),
                }
                if let Some(long) = key.strip_suffix("_short").and_then(|k| catalog.get(k)) {
                    for (l, s) in texts(long).into_iter().zip(texts(entry)) {
                        assert_eq!(placeholders(l), placeholders(s), "{language}.yaml: `{key}`");
                    }
                }
            }
            if language != "en" {
                let missing: Vec<&String> = english
                    .keys()
                    .filter(|k| !catalog.contains_key(*k))
                    .collect();
                assert!(missing.is_empty(), "{language}.yaml lacks {missing:?}");
            }
        }
    }

    /// Every word the templates and scripts ask for is in en.yaml: a missing one would print
    /// its key (scripts) or fail the build (templates).
    #[test]
    fn every_word_the_theme_uses_is_in_english() {
        let english = english_entries();
        let mut asked = Vec::new();
        for (name, bytes) in crate::theme::template_files() {
            let text = String::from_utf8_lossy(bytes).into_owned();
            for piece in text.split("t(key=\"").skip(1) {
                let key = &piece[..piece.find('"').unwrap()];
                if !key.is_empty() && !piece[key.len()..].starts_with("\" ~") {
                    asked.push((name.clone(), key.to_string()));
                }
            }
            for piece in text.split("words.").skip(1) {
                let end = piece
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(piece.len());
                asked.push((name.clone(), piece[..end].to_string()));
            }
            for piece in text.split("t_with_short(key=\"").skip(1) {
                let key = &piece[..piece.find('"').unwrap()];
                asked.push((name.clone(), key.to_string()));
                asked.push((name.clone(), format!("{key}_short")));
            }
        }
        for (path, bytes) in crate::theme::static_files() {
            if !path.ends_with(".js") {
                continue;
            }
            let text = String::from_utf8_lossy(bytes).into_owned();
            // `t("key"` as a call of its own, not `createElement("div"`.
            for (at, _) in text.match_indices("t(\"") {
                let before = text[..at].chars().next_back().unwrap_or(' ');
                if before.is_ascii_alphanumeric() || before == '_' || before == '.' {
                    continue;
                }
                let piece = &text[at + 3..];
                if let Some(end) = piece.find('"') {
                    asked.push((path.clone(), piece[..end].to_string()));
                }
            }
        }
        assert!(asked.len() > 150, "found {} uses", asked.len());
        let missing: Vec<_> = asked
            .iter()
            .filter(|(_, k)| !english.contains_key(k))
            .collect();
        assert!(
            missing.is_empty(),
            "words used but not in en.yaml: {missing:?}"
        );
    }
}
