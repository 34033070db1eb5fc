//! Front matter: splitting the YAML block (or Hugo's and Zola's TOML block) off a Markdown
//! file and reading it into a typed [`FrontMatter`], reporting every bad key at its own line.

use jiff::civil::Date;

use std::collections::BTreeMap;

use crate::diag::{Diagnostic, Severity};
use crate::yaml::{self, Value};

/// A page's lifecycle state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Status {
    /// Not published unless `--drafts`.
    Draft,
    /// The normal state.
    #[default]
    Active,
    /// Published with a banner pointing elsewhere.
    Deprecated,
    /// Kept for the record; never due for review.
    Archived,
}

impl Status {
    /// The name used in front matter and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Active => "active",
            Status::Deprecated => "deprecated",
            Status::Archived => "archived",
        }
    }
}

/// A front-matter value together with the line it was written on (1-based, in the file).
#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    /// The value.
    pub value: T,
    /// Line of its key in the file; 0 when unknown.
    pub line: u32,
}

/// The typed front matter of one page. Missing keys are `None` or empty.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// `title`.
    pub title: Option<String>,
    /// `summary` (one line).
    pub summary: Option<String>,
    /// `kind`, overriding the kind implied by the folder.
    pub kind: Option<Located<String>>,
    /// `owner`: one id or a list of ids.
    pub owners: Vec<Located<String>>,
    /// `last_reviewed`.
    pub last_reviewed: Option<Located<Date>>,
    /// `review_every`, as written (parsed by `review`).
    pub review_every: Option<Located<String>>,
    /// `review_due`.
    pub review_due: Option<Located<Date>>,
    /// `status`.
    pub status: Status,
    /// `tags`.
    pub tags: Vec<String>,
    /// `aliases`: old URLs that should lead here.
    pub aliases: Vec<Located<String>>,
    /// `weight`: lower comes first in navigation.
    pub weight: Option<Weight>,
    /// `tools`, `templates`, `related`: typed page references.
    pub tools: Vec<Located<String>>,
    /// See `tools`.
    pub templates: Vec<Located<String>>,
    /// See `tools`.
    pub related: Vec<Located<String>>,
    /// `search: false` keeps a page out of the search index.
    pub search: bool,
    /// `draft: true`, Hugo's way of writing `status: draft` (it wins over any `status`).
    pub draft: bool,
    /// Keys that are not common fields, as written (after `field_map`), for the kind to check.
    pub other: Vec<RawField>,
    /// Line of the opening `---` (1), or 0 without front matter.
    pub line: u32,
    /// Line of the closing `---`, where "missing field" diagnostics point (0 without one).
    pub end_line: u32,
    /// Every key written, after `field_map`, valid or not, with its line.
    pub keys: Vec<(String, u32)>,
    /// The block is not a YAML mapping (a syntax error, a list): its one diagnostic says so,
    /// and no field of it can be judged missing.
    pub unreadable: bool,
}

/// A front-matter key that is not one of [`COMMON_FIELDS`], kept for the page's kind to read.
#[derive(Debug, Clone)]
pub struct RawField {
    /// The key, after `field_map`.
    pub key: String,
    /// The key as written in the file.
    pub written: String,
    /// The value.
    pub value: Value,
    /// Line of the key.
    pub line: u32,
}

use crate::config::COMMON_FIELDS;

/// The language a front matter is written in, told by its fences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Syntax {
    /// Between `---` lines, as most docs tools write it.
    #[default]
    Yaml,
    /// Between `+++` lines, as Hugo and Zola write it: read too, so a site moving from them
    /// keeps its front matter as it is.
    Toml,
}

impl Syntax {
    /// The syntax of the front matter `file_text` opens with (YAML when it has none).
    pub fn of(file_text: &str) -> Syntax {
        let first_line = file_text.split('\n').next().unwrap_or("");
        if first_line.trim_end() == "+++" {
            Syntax::Toml
        } else {
            Syntax::Yaml
        }
    }

    /// What sits between a key and its value.
    pub fn separator(self) -> char {
        match self {
            Syntax::Yaml => ':',
            Syntax::Toml => '=',
        }
    }

    fn fence(self) -> &'static str {
        match self {
            Syntax::Yaml => "---",
            Syntax::Toml => "+++",
        }
    }

    /// The language's name, for messages.
    fn name(self) -> &'static str {
        match self {
            Syntax::Yaml => "YAML",
            Syntax::Toml => "TOML",
        }
    }

    /// The rule of a syntax error in this language.
    fn code(self) -> &'static str {
        match self {
            Syntax::Yaml => "yaml-syntax",
            Syntax::Toml => "toml-syntax",
        }
    }

    /// `key` set to `value` (written as YAML would have it: `10`, `[a, b]`, `some text`), in
    /// this syntax, in backticks, for a help text: `` `tags: [a, b]` `` or
    /// `` `tags = ["a", "b"]` ``. TOML quotes text, but not numbers, booleans or dates.
    pub fn example(self, key: &str, value: &str) -> String {
        if self == Syntax::Yaml {
            return format!("`{key}: {value}`");
        }
        let bare = |v: &str| {
            v == "true"
                || v == "false"
                || v == "YYYY-MM-DD"
                || (!v.is_empty()
                    && v.chars()
                        .all(|c| c.is_ascii_digit() || matches!(c, '-' | '.')))
        };
        let toml_value = |v: &str| {
            if bare(v) {
                v.to_string()
            } else {
                format!("\"{v}\"")
            }
        };
        let value = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
            Some(items) => format!(
                "[{}]",
                items
                    .split(',')
                    .map(|item| toml_value(item.trim()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            None => toml_value(value),
        };
        format!("`{key} = {value}`")
    }
}

/// A page's `weight`, lower first: a number, decimals allowed (Docusaurus's
/// `sidebar_position: 2.5`, between 2 and 3), ordered as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weight(pub f64);

impl Eq for Weight {}

impl PartialOrd for Weight {
    fn partial_cmp(&self, other: &Weight) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Weight {
    fn cmp(&self, other: &Weight) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// A Markdown file cut into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The text between the fences, if there was a front-matter block.
    pub text: Option<&'a str>,
    /// What the block is written in.
    pub syntax: Syntax,
    /// Number of file lines before the block's text (the opening fence).
    pub line_offset: u32,
    /// Byte offset in the file where the Markdown body starts.
    pub body_offset: usize,
}

/// Finds a front-matter block: `---` on the first line, closed by `---` or `...` on a line of
/// its own, or `+++` closed by `+++` (TOML). An opening fence without a closing one is an
/// error.
pub fn split<'a>(text: &'a str, path: &str) -> Result<Split<'a>, Box<Diagnostic>> {
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let syntax = match text[..first_line_end].trim_end() {
        "---" => Syntax::Yaml,
        "+++" => Syntax::Toml,
        _ => {
            return Ok(Split {
                text: None,
                syntax: Syntax::Yaml,
                line_offset: 0,
                body_offset: 0,
            });
        }
    };
    let closes = |line: &str| match syntax {
        Syntax::Yaml => matches!(line.trim_end(), "---" | "..."),
        Syntax::Toml => line.trim_end() == "+++",
    };
    if let Some((pos, end)) = line_after_fence(text, closes) {
        return Ok(Split {
            text: Some(&text[first_line_end..pos]),
            syntax,
            line_offset: 1,
            body_offset: end,
        });
    }
    Err(Box::new(
        Diagnostic::error(
            "front-matter-unclosed",
            path,
            "the front matter starting here is never closed",
        )
        .at_line_col(text, 1, 1, 3)
        .with_help(format!(
            "end the front matter with a line containing only `{}`",
            syntax.fence()
        )),
    ))
}

/// A front matter written after blank lines, which is read as the page's text (a rule and
/// a heading made of its keys): an error at its opening fence, when one closes it.
pub fn late_fence(text: &str, path: &str) -> Option<Diagnostic> {
    let blank = text
        .split_inclusive('\n')
        .take_while(|line| line.trim().is_empty())
        .count();
    if blank == 0 {
        return None;
    }
    let rest: usize = text.split_inclusive('\n').take(blank).map(str::len).sum();
    let Ok(Split {
        text: Some(block),
        syntax,
        ..
    }) = split(&text[rest..], path)
    else {
        return None;
    };
    if !looks_like_front_matter(block) {
        return None;
    }
    let line = blank as u32 + 1;
    Some(
        Diagnostic::error(
            syntax.code(),
            path,
            format!(
                "front matter must start on the file's first line: this `{}` comes after {blank} blank line{}, so the block is read as the page's text",
                syntax.fence(),
                if blank == 1 { "" } else { "s" }
            ),
        )
        .at_line_col(text, line, 1, 3)
        .with_help(format!(
            "delete the blank line{} above `{}`",
            if blank == 1 { "" } else { "s" },
            syntax.fence()
        )),
    )
}

/// Whether the text between two rules is a front matter: two rules with text between are
/// none (`Note: read this first` between them is a heading); every line of a front matter is
/// a key, a list item or a continuation, and one key at least is a field opsbook or another
/// docs tool reads.
fn looks_like_front_matter(block: &str) -> bool {
    fn key_of(line: &str) -> Option<&str> {
        let end = line
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(line.len());
        (end > 0 && line[end..].trim_start().starts_with([':', '='])).then(|| &line[..end])
    }
    let lines: Vec<&str> = block.lines().filter(|l| !l.trim().is_empty()).collect();
    let well_formed = lines
        .iter()
        .all(|l| l.starts_with([' ', '\t', '-', '#']) || key_of(l).is_some());
    let known = lines.iter().filter_map(|l| key_of(l)).any(|key| {
        COMMON_FIELDS.contains(&key.to_lowercase().as_str())
            || matches!(
                key,
                "description" | "date" | "draft" | "slug" | "layout" | "author" | "lastmod"
            )
    });
    well_formed && known
}

/// A front matter whose fences are not quite `---`: four dashes, a word processor's dashes
/// (`———`), a space or a second byte order mark before them. Read as the front matter it
/// is, with an error at the opening fence: otherwise its fields were lines of the page and
/// every required one "missing".
pub fn near_fence<'a>(text: &'a str, path: &str) -> Option<(Diagnostic, Split<'a>)> {
    fn dashes(line: &str) -> bool {
        let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        line.chars().count() >= 3
            && line
                .chars()
                .all(|c| matches!(c, '-' | '—' | '–' | '‐' | '−'))
    }
    let first_line_end = text.find('\n')? + 1;
    let first = text[..first_line_end].trim_end();
    if first == "---" || !dashes(first) {
        return None;
    }
    let (pos, end) = line_after_fence(text, |line| dashes(line) || line.trim_end() == "...")?;
    let block = &text[first_line_end..pos];
    if !looks_like_front_matter(block) {
        return None;
    }
    let shown = first.replace('\u{feff}', "\\u{feff}");
    let diagnostic = Diagnostic::error(
        "yaml-syntax",
        path,
        format!("`{shown}` is not a front matter's fence, which is `---` exactly"),
    )
    .at_line_col(text, 1, 1, first.chars().count().max(1) as u32)
    .with_help("write `---` alone at the very start of the first line and on the closing line (it is read as front matter meanwhile)");
    Some((
        diagnostic,
        Split {
            text: Some(block),
            syntax: Syntax::Yaml,
            line_offset: 1,
            body_offset: end,
        },
    ))
}

/// The first line after `text`'s first line (a front matter's opening fence) that `is_it`
/// accepts: where it starts and where the next one does.
fn line_after_fence(text: &str, is_it: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    let mut pos = text.find('\n')? + 1;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        if is_it(&text[pos..end]) {
            return Some((pos, end));
        }
        pos = end;
    }
    None
}

/// For a front matter never closed (see [`split`]): the block as if it ended at its first
/// blank line, where the page's text most likely starts (`None` without one). Only a guess,
/// for the rest of the site to see the page as it is meant while the fence is missing.
pub fn guess_unclosed(text: &str) -> Option<Split<'_>> {
    let first_line_end = text.find('\n')? + 1;
    let (pos, end) = line_after_fence(text, |line| line.trim().is_empty())?;
    Some(Split {
        text: Some(&text[first_line_end..pos]),
        syntax: Syntax::of(text),
        line_offset: 1,
        body_offset: end,
    })
}

/// Reads the text of a front-matter block, written in `syntax`, into a [`FrontMatter`],
/// pushing one diagnostic per bad key. `file_text` is the whole file, for locating keys.
pub fn parse(
    block: &str,
    syntax: Syntax,
    file_text: &str,
    path: &str,
    line_offset: u32,
    field_map: &BTreeMap<String, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let mut front = FrontMatter {
        search: true,
        line: line_offset,
        end_line: line_offset + block.matches('\n').count() as u32 + 1,
        ..FrontMatter::default()
    };
    let cleaned = look_alikes(block, syntax, file_text, path, line_offset, diagnostics);
    let block: &str = cleaned.as_deref().unwrap_or(block);
    let parsed = match syntax {
        Syntax::Yaml => read_yaml(block, file_text, path, line_offset),
        Syntax::Toml => read_toml(block, file_text, path, line_offset),
    };
    let value = match parsed {
        Ok(v) => v,
        Err(d) => {
            diagnostics.push(*d);
            front.unreadable = true;
            return front;
        }
    };
    let mapping = match value {
        Value::Mapping(m) => m,
        Value::Null => {
            // Only comments: a heading between two rules (`---`, `# Failover`, `---`) read
            // as front matter, whose `#` made it a comment, lost from the page.
            if let Some((i, _)) = block
                .split('\n')
                .enumerate()
                .find(|(_, l)| !l.trim().is_empty())
            {
                let line_number = line_offset + i as u32 + 1;
                diagnostics.push(text_in_front_matter(syntax, path, file_text, line_number));
            }
            return front;
        }
        // A paragraph between two rules.
        Value::String(_) => {
            front.unreadable = true;
            let first = block
                .split('\n')
                .position(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
                .unwrap_or(0);
            diagnostics.push(text_in_front_matter(
                syntax,
                path,
                file_text,
                line_offset + first as u32 + 1,
            ));
            return front;
        }
        other => {
            front.unreadable = true;
            diagnostics.push(
                Diagnostic::error(
                    "wrong-type",
                    path,
                    format!(
                        "front matter must be a mapping of keys to values, found {}",
                        yaml::describe(&other)
                    ),
                )
                .at_line_col(file_text, line_offset + 1, 1, 1)
                .with_help(format!(
                    "write one {} per line",
                    syntax.example("key", "value")
                )),
            );
            return front;
        }
    };
    let reader = Fields {
        file_text,
        block,
        syntax,
        path,
        line_offset,
    };
    for (key, value) in mapping {
        let Some(key) = key.as_str().map(str::to_string) else {
            // YAML's complex keys (`? [a, b]`) and keys written as numbers or lists: at the
            // first line of the block that writes one, else at the block's first line.
            let complex = block
                .split('\n')
                .position(|l| {
                    let l = l.trim_start();
                    l.starts_with("? ") || l.starts_with('[') || l.starts_with('{')
                })
                .map_or(line_offset + 1, |i| line_offset + 1 + i as u32);
            diagnostics.push(
                Diagnostic::error(
                    "wrong-type",
                    path,
                    format!(
                        "a front-matter key must be a name, found {}",
                        yaml::describe(&key)
                    ),
                )
                .at_line_col(file_text, complex, 1, 1)
                .with_help("write each field as `name: value` on a line of its own"),
            );
            continue;
        };
        let line = reader.line_of(&key);
        // `Welcome to the handbook. Note: read it all` between two rules: a sentence, not a
        // field, lost from the page.
        if key.split_whitespace().count() > 3 {
            diagnostics.push(text_in_front_matter(syntax, path, file_text, line));
            continue;
        }
        let mapped = field_map.get(&key).cloned().unwrap_or_else(|| key.clone());
        // `Owner:` and `Last_Reviewed:`, as Word capitalises a line's first word, are the
        // fields they name: Hugo reads keys without regard to case too.
        let mapped = match mapped.to_lowercase() {
            lower if lower != mapped && COMMON_FIELDS.contains(&lower.as_str()) => lower,
            _ => mapped,
        };
        let value = if matches!(mapped.as_str(), "title" | "summary") {
            value
        } else {
            let (value, curly) = without_curly_quotes(value);
            if let Some(quote) = curly {
                let column = file_text
                    .split('\n')
                    .nth(line as usize - 1)
                    .and_then(|l| l.find(quote).map(|at| l[..at].chars().count() as u32 + 1))
                    .unwrap_or(1);
                diagnostics.push(
                    Diagnostic::error(
                        syntax.code(),
                        path,
                        format!(
                            "`{key}`'s value is between curly quotes ({quote}…), which are not quotes to {} but part of the value",
                            syntax.name()
                        ),
                    )
                    .at_line_col(file_text, line, column, 1)
                    .with_help("write straight quotes (`\"`) or none (it is read without them meanwhile); a word processor or a phone's keyboard turns them curly"),
                );
            }
            value
        };
        // `keywords` read as `tags` on a page that writes `tags` too: one would silently
        // replace the other. (A key written twice as such is the YAML reader's error.)
        if let Some((_, first)) = front.keys.iter().find(|(k, _)| *k == mapped) {
            // The other key as written on its line (`lastmod`), not as it is read.
            let first_key = file_text
                .split('\n')
                .nth((*first as usize).saturating_sub(1))
                .and_then(|l| l.split(syntax.separator()).next())
                .map(|k| k.trim().trim_matches(['"', '\'']))
                .filter(|k| !k.is_empty())
                .unwrap_or(mapped.as_str());
            diagnostics.push(*reader.error(
                "invalid-value",
                line,
                format!("`{key}` sets `{mapped}`, which `{first_key}` on line {first} sets already (`field_map` reads one key as the other)"),
                "keep one of the two lines",
            ));
            continue;
        }
        front.keys.push((mapped.clone(), line));
        if !COMMON_FIELDS.contains(&mapped.as_str()) {
            front.other.push(RawField {
                key: mapped,
                written: key,
                value,
                line,
            });
            continue;
        }
        let result = reader.apply(&mut front, &mapped, value, line);
        if let Err(d) = result {
            diagnostics.push(*d);
        }
    }
    if front.draft {
        front.status = Status::Draft;
    }
    front
}

/// The page's text written between two rules at its top (`---`), which makes it a front
/// matter where a heading is a comment and a paragraph a value: at its line.
fn text_in_front_matter(syntax: Syntax, path: &str, file_text: &str, line: u32) -> Diagnostic {
    let shown = file_text
        .split('\n')
        .nth(line as usize - 1)
        .unwrap_or("")
        .trim();
    Diagnostic::error(
        syntax.code(),
        path,
        format!(
            "the `{}` lines at the top make `{shown}` front matter, not text: it is not on the page",
            syntax.fence()
        ),
    )
    .at_line_col(file_text, line, 1, shown.chars().count().max(1) as u32)
    .with_help(format!(
        "front matter holds `key: value` lines; for rules around the page's first text, put a line of text above the first `{}`",
        syntax.fence()
    ))
}

/// Characters pasted from word processors and web pages that look like what YAML reads but
/// are not (a non-breaking space after `owner:`, a zero-width space after a value, a byte
/// order mark in the middle of a file, an input method's full-width colon): an error at the
/// first on each line, and the block with each replaced by what it looks like, so that the
/// rest is read as meant rather than failing somewhere else.
fn look_alikes(
    block: &str,
    syntax: Syntax,
    file_text: &str,
    path: &str,
    line_offset: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    // What each is, and what it stands for: `None` for nothing.
    fn look_alike(c: char) -> Option<(&'static str, Option<char>)> {
        Some(match c {
            '\u{a0}' => ("a non-breaking space (U+00A0)", Some(' ')),
            '\u{202f}' => ("a narrow non-breaking space (U+202F)", Some(' ')),
            '\u{2007}' => ("a figure space (U+2007)", Some(' ')),
            '\u{3000}' => ("a full-width space (U+3000)", Some(' ')),
            '\u{ff1a}' => ("a full-width colon `：` (U+FF1A)", Some(':')),
            '\u{200b}' => ("an invisible zero-width space (U+200B)", None),
            '\u{200c}' => ("an invisible zero-width non-joiner (U+200C)", None),
            '\u{200d}' => ("an invisible zero-width joiner (U+200D)", None),
            '\u{2060}' => ("an invisible word joiner (U+2060)", None),
            '\u{feff}' => ("an invisible byte order mark (U+FEFF)", None),
            '\u{ad}' => ("an invisible soft hyphen (U+00AD)", None),
            _ => return None,
        })
    }
    if block.is_ascii() || !block.chars().any(|c| look_alike(c).is_some()) {
        return None;
    }
    // Only where it changes what YAML reads: the same characters inside a value are text
    // (French puts a non-breaking space before `!`, Thai a zero-width one between words, a
    // Japanese title a full-width colon).
    fn misplaced(
        line: &str,
        at: usize,
        c: char,
        stands_for: Option<char>,
        separator: char,
    ) -> bool {
        let spacing =
            |c: char| c == ' ' || c == '\t' || matches!(look_alike(c), Some((_, Some(' '))));
        let before = &line[..at];
        let after = &line[at + c.len_utf8()..];
        // Between quotes it is a value's text.
        let quotes = |q: char| before.chars().filter(|&b| b == q).count() % 2 == 1;
        // (An invisible one at a quoted value's edge, `"\u{200c}fa"`, is still no script's.)
        if stands_for.is_some() && (quotes('"') || (separator == '=' && quotes('\''))) {
            return false;
        }
        // An indented line that is no list item continues a value, or is a block of text
        // (`summary: |`): text too.
        let indented = line.starts_with([' ', '\t']);
        if indented && !line.trim_start().starts_with('-') {
            return false;
        }
        let in_key = !indented && !before.contains(separator);
        let key_like = |text: &str| !text.is_empty() && !text.contains(char::is_whitespace);
        match stands_for {
            Some(':') => separator == ':' && in_key && key_like(before),
            Some(_) => {
                let lead = before.trim_end_matches(spacing);
                let trimmed = lead.trim_start();
                lead.is_empty()
                    || trimmed == "-"
                    || (trimmed.ends_with(separator) && key_like(&trimmed[..trimmed.len() - 1]))
                    || after.chars().all(spacing)
            }
            // Invisible: in a key, or at a word's edge (`team-sre` and then one); between a
            // word's characters it is the script's own (Thai's, a soft hyphen).
            None => {
                let edge = |c: Option<char>| {
                    c.is_none_or(|c| {
                        c.is_whitespace() || matches!(c, ':' | '=' | ',' | '[' | ']' | '"' | '\'')
                    })
                };
                in_key || edge(before.chars().next_back()) || edge(after.chars().next())
            }
        }
    }
    let mut cleaned = String::with_capacity(block.len());
    let mut found = false;
    for (i, line) in block.split('\n').enumerate() {
        if i > 0 {
            cleaned.push('\n');
        }
        let mut reported = false;
        for (at, c) in line.char_indices() {
            let Some((what, stands_for)) =
                look_alike(c).filter(|&(_, to)| misplaced(line, at, c, to, syntax.separator()))
            else {
                cleaned.push(c);
                continue;
            };
            found = true;
            cleaned.extend(stands_for);
            if std::mem::replace(&mut reported, true) {
                continue;
            }
            let help = match stands_for {
                Some(':') => "write `:` (an input method in full-width mode types `：`)".to_string(),
                Some(_) => "retype it as an ordinary space (pasting from a word processor or a web page brings it)".to_string(),
                None => {
                    // The words either side, which the writer can find.
                    let before = line[..at].split_whitespace().next_back().unwrap_or("");
                    let after = line[at + c.len_utf8()..].split_whitespace().next().unwrap_or("");
                    match (before, after) {
                        ("", "") => "delete the line's invisible character".to_string(),
                        ("", after) => format!("delete it: it is right before `{after}`"),
                        (before, "") => format!("delete it: it is right after `{before}`"),
                        (before, after) => {
                            format!("delete it: it is between `{before}` and `{after}`")
                        }
                    }
                }
            };
            diagnostics.push(
                Diagnostic::error(
                    syntax.code(),
                    path,
                    match stands_for {
                        Some(c) => format!(
                            "{what}, which {} does not read as {}",
                            syntax.name(),
                            if c == ':' { "a colon" } else { "a space" }
                        ),
                        None => format!("{what}, part of the text to {}", syntax.name()),
                    },
                )
                .at_line_col(
                    file_text,
                    line_offset + i as u32 + 1,
                    line[..at].chars().count() as u32 + 1,
                    1,
                )
                .with_help(help),
            );
        }
    }
    found.then_some(cleaned)
}

/// A value written between curly quotes (`“team-support”`), which YAML keeps as part of
/// it, without them (in a list, each item), and the opening quote if there was one.
fn without_curly_quotes(value: Value) -> (Value, Option<char>) {
    fn strip(text: &str) -> Option<(&str, char)> {
        let open = text.chars().next()?;
        let close = text.chars().next_back()?;
        let pair = matches!(
            (open, close),
            ('“' | '”' | '„', '”' | '“') | ('‘' | '’' | '‚', '’' | '‘') | ('«', '»') | ('»', '«')
        );
        (pair && text.chars().count() > 2)
            .then(|| (&text[open.len_utf8()..text.len() - close.len_utf8()], open))
    }
    match value {
        Value::String(text) => match strip(&text) {
            Some((inner, quote)) => (Value::String(inner.to_string()), Some(quote)),
            None => (Value::String(text), None),
        },
        Value::Sequence(items) => {
            let mut quote = None;
            let items = items
                .into_iter()
                .map(|item| {
                    let (item, q) = without_curly_quotes(item);
                    quote = quote.or(q);
                    item
                })
                .collect();
            (Value::Sequence(items), quote)
        }
        other => (other, None),
    }
}

/// A YAML front matter's value, or its syntax error with help for the usual mistakes.
fn read_yaml(
    block: &str,
    file_text: &str,
    path: &str,
    line_offset: u32,
) -> Result<Value, Box<Diagnostic>> {
    yaml::parse_value(block, file_text, path, line_offset).map_err(|d| {
        let help = if d.message.contains("mapping values are not allowed") {
            "a value that contains `: ` must be quoted, e.g. `title: \"Deploys: how we ship\"`"
        } else if d.message.starts_with("duplicate entry") {
            "a key is written once: keep one of the two lines"
        } else if d.message.contains("never closed") {
            "close the quote on the same line, e.g. `title: \"Deploys\"`"
        } else if d.message.contains("did not find expected") {
            "close every `[`, `{` and quote that the value opens"
        } else {
            "fix the YAML between the `---` lines"
        };
        // The YAML reader's own help, where it has one, says it better.
        let help = d.help.clone().unwrap_or_else(|| help.to_string());
        Box::new(d.with_help(help))
    })
}

/// A TOML front matter's value, as the YAML reader would give it (dates become their text,
/// as YAML's are), or its syntax error at the place the TOML reader names.
fn read_toml(
    block: &str,
    file_text: &str,
    path: &str,
    line_offset: u32,
) -> Result<Value, Box<Diagnostic>> {
    fn to_value(value: toml::Value) -> Value {
        match value {
            toml::Value::String(s) => Value::String(s),
            toml::Value::Integer(i) => Value::Number(i.into()),
            toml::Value::Float(f) => Value::Number(f.into()),
            toml::Value::Boolean(b) => Value::Bool(b),
            toml::Value::Datetime(d) => Value::String(d.to_string()),
            toml::Value::Array(items) => Value::Sequence(items.into_iter().map(to_value).collect()),
            toml::Value::Table(table) => Value::Mapping(
                table
                    .into_iter()
                    .map(|(k, v)| (Value::String(k), to_value(v)))
                    .collect(),
            ),
        }
    }
    let error = match toml::from_str::<toml::Table>(block) {
        Ok(table) => return Ok(to_value(toml::Value::Table(table))),
        Err(e) => e,
    };
    let span = error.span().unwrap_or(0..0);
    let start = span.start.min(block.len());
    let line_start = block[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = block[start..].find('\n').map_or(block.len(), |i| start + i);
    let line = line_offset + block[..start].matches('\n').count() as u32 + 1;
    let line_text = block[line_start..line_end].trim_end_matches('\r');
    let mut column = block[line_start..start].chars().count() as u32 + 1;
    let mut width = block[start..span.end.clamp(start, line_end)]
        .chars()
        .count()
        .max(1) as u32;
    let mut message = format!(
        "invalid TOML: {}",
        error.message().trim().replace('\n', "; ")
    );
    let help = if message.contains("duplicate key") {
        "a key is written once: keep one of the two lines".to_string()
    } else if let Some((key, value)) = unquoted_text(line_text) {
        // The mistake YAML habits make most: text without quotes, which TOML reports as
        // whatever its reader expected after the first word.
        let at = value.as_ptr() as usize - line_text.as_ptr() as usize;
        column = line_text[..at].chars().count() as u32 + 1;
        width = value.chars().count() as u32;
        message = "invalid TOML: text must be in quotes".into();
        format!("write `{key} = \"{}\"`", value.replace('"', "\\\""))
    } else if line_text.contains(':') && !line_text.contains('=') {
        // YAML written between TOML's fences.
        "TOML writes `key = value`, with text in quotes: `title = \"Deploys\"` (or put YAML between `---` lines)".to_string()
    } else {
        "fix the TOML between the `+++` lines: text in quotes (`owner = \"team-ops\"`), lists in brackets (`tags = [\"a\", \"b\"]`), dates bare (`last_reviewed = 2026-09-30`)".to_string()
    };
    Err(Box::new(
        Diagnostic::error("toml-syntax", path, message)
            .at_line_col(file_text, line, column, width)
            .with_help(help),
    ))
}

/// `(key, value)` when `line` sets a key to text written without quotes (`owner = team-sre`):
/// a value that starts with a letter and is none of TOML's bare words.
fn unquoted_text(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once('=')?;
    let value = value.split(" #").next().unwrap_or(value);
    let (key, value) = (key.trim(), value.trim());
    let bare_word = matches!(value, "true" | "false" | "inf" | "nan");
    let is_key = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
    (is_key && !bare_word && value.starts_with(char::is_alphabetic)).then_some((key, value))
}

/// Where list item `item` is written in `line`: an occurrence standing on its own (between
/// `[`, `,`, `-`, quotes or spaces and `]`, `,`, quotes, a comment or the line's end), so that
/// `/` is not found inside `/old/page` written before it. An empty item is its quotes.
fn find_item(line: &str, item: &str) -> Option<usize> {
    if item.is_empty() {
        return line.find("\"\"").or_else(|| line.find("''"));
    }
    let before_ok =
        |c: Option<char>| c.is_none_or(|c| matches!(c, '[' | ',' | '-' | '"' | '\'' | ' ' | '\t'));
    let after_ok = |c: Option<char>| {
        c.is_none_or(|c| matches!(c, ']' | ',' | '"' | '\'' | ' ' | '\t' | '#' | '\r'))
    };
    line.match_indices(item).map(|(at, _)| at).find(|&at| {
        before_ok(line[..at].chars().next_back())
            && after_ok(line[at + item.len()..].chars().next())
    })
}

/// Reads typed values out of front matter, turning a bad value into a diagnostic that points
/// at it.
pub struct Fields<'a> {
    file_text: &'a str,
    /// The front matter's text (empty when only the file is known).
    block: &'a str,
    syntax: Syntax,
    path: &'a str,
    line_offset: u32,
}

type Res<T> = Result<T, Box<Diagnostic>>;

impl<'a> Fields<'a> {
    /// A reader for values of the file `path` whose full text is `file_text`.
    pub fn for_file(file_text: &'a str, path: &'a str) -> Fields<'a> {
        Fields {
            file_text,
            block: "",
            syntax: Syntax::of(file_text),
            path,
            line_offset: 0,
        }
    }

    /// The file's full text.
    pub fn file_text(&self) -> &'a str {
        self.file_text
    }

    /// The file's path from the site root.
    pub fn path(&self) -> &'a str {
        self.path
    }

    /// What the front matter is written in.
    pub fn syntax(&self) -> Syntax {
        self.syntax
    }

    /// Line of a top-level `key:` (`key =`, or a TOML table `[key]`) in the file, or the
    /// first line of the front matter when not found.
    fn line_of(&self, key: &str) -> u32 {
        let separator = self.syntax.separator();
        let toml = self.syntax == Syntax::Toml;
        let found = self.block.split('\n').position(|l| {
            // TOML lets a key be indented, and dotted (`status.note = …` sets `status`).
            let l = if toml { l.trim_start() } else { l };
            let quoted = || {
                l.strip_prefix(['"', '\''])
                    .and_then(|l| l.strip_prefix(key))
                    .and_then(|l| l.strip_prefix(['"', '\'']))
            };
            let table = self.syntax == Syntax::Toml
                && l.trim_end().trim_matches(['[', ']']) == key
                && l.starts_with('[');
            table
                || l.strip_prefix(key).or_else(quoted).is_some_and(|rest| {
                    let rest = rest.trim_start();
                    rest.starts_with(separator) || (toml && rest.starts_with('.'))
                })
        });
        self.line_offset + found.map_or(1, |i| i as u32 + 1)
    }

    /// Column where the value of the key on `line` starts, and its width.
    pub fn value_column(&self, line: u32) -> (u32, u32) {
        let text = self
            .file_text
            .split('\n')
            .nth(line as usize - 1)
            .unwrap_or("");
        let text = text.trim_end_matches('\r');
        match text.find(self.syntax.separator()) {
            Some(separator) => {
                let after = &text[separator + 1..];
                let value = after.trim();
                let start = separator + 1 + (after.len() - after.trim_start().len());
                (
                    text[..start].chars().count() as u32 + 1,
                    value.chars().count().max(1) as u32,
                )
            }
            None => (1, 1),
        }
    }

    /// Where `item` (one value of a list whose key is on `key_line`) is written: its line and
    /// column, and its width. Block lists put each item on a line of its own.
    pub fn item_position(&self, key_line: u32, item: &str) -> (u32, u32, u32) {
        let start = key_line.saturating_sub(1) as usize;
        // Lines read lazily: the search stops at the list's end, near the file's start (it is
        // called for every owner and tag of every page, and splitting the whole body into
        // lines each time was 1% of a build). The item standing on its own first, else
        // anywhere (a value written in a way not foreseen).
        let search = |strict: bool| {
            for (i, text) in self.file_text.split('\n').enumerate().skip(start) {
                if i > start && !text.starts_with([' ', '\t', '-']) {
                    break; // the next key: the item is not in this list
                }
                let from = if i == start {
                    text.find(self.syntax.separator()).map_or(0, |c| c + 1)
                } else {
                    0
                };
                let found = if strict {
                    find_item(&text[from..], item)
                } else {
                    text[from..].find(item)
                };
                if let Some(col) = found {
                    let col = from + col;
                    return Some((
                        i as u32 + 1,
                        text[..col].chars().count() as u32 + 1,
                        item.chars().count() as u32,
                    ));
                }
            }
            None
        };
        if let Some(found) = search(true).or_else(|| search(false)) {
            return found;
        }
        let (col, width) = self.value_column(key_line);
        (key_line, col, width)
    }

    /// A diagnostic about the value of the key on `line`.
    pub fn error(
        &self,
        code: &'static str,
        line: u32,
        message: String,
        help: &str,
    ) -> Box<Diagnostic> {
        let (column, width) = self.value_column(line);
        // `summary: #1 priority`: YAML reads a comment, and the value as nothing.
        let text = self
            .file_text
            .split('\n')
            .nth(line as usize - 1)
            .unwrap_or("");
        let comment = match text.trim_end_matches('\r').split_once(':') {
            Some((key, value))
                if self.syntax == Syntax::Yaml && value.trim_start().starts_with('#') =>
            {
                Some(format!(
                    "`#` after a space starts a comment in YAML, which leaves `{}` empty: quote the value, `{}: \"{}\"`",
                    key.trim(),
                    key.trim(),
                    value.trim()
                ))
            }
            _ => None,
        };
        Box::new(
            Diagnostic::new(Severity::Error, code, self.path, message)
                .at_line_col(self.file_text, line, column, width)
                .with_help(comment.as_deref().unwrap_or(help)),
        )
    }

    fn raw_scalar(&self, line: u32) -> String {
        let text = self
            .file_text
            .split('\n')
            .nth(line as usize - 1)
            .unwrap_or("");
        let value = text
            .split_once(self.syntax.separator())
            .map_or("", |(_, v)| v);
        let value = value.split(" #").next().unwrap_or("").trim();
        value.trim_matches(['"', '\'']).to_string()
    }

    /// A text value (numbers and booleans kept as written).
    pub fn string(&self, key: &str, value: Value, line: u32) -> Res<String> {
        match value {
            Value::String(s) => Ok(s),
            // `version: 2.10` is a number to YAML; keep what the author wrote, not `2.1`.
            Value::Number(_) => Ok(self.raw_scalar(line)),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(self.error(
                "wrong-type",
                line,
                format!("`{key}` must be text, found {}", yaml::describe(&other)),
                &format!("write {}", self.syntax.example(key, "some text")),
            )),
        }
    }

    /// One text value or a list of them, each located on its own line.
    /// Refuses `tags: incident, on-call`: YAML reads one value with a comma in it, and the
    /// page would get one tag, "incident, on-call", where two were meant.
    fn not_a_list_in_text(&self, key: &str, value: &Value, line: u32) -> Res<()> {
        match value {
            Value::String(text) if text.contains(',') => {
                let items: Vec<&str> = text.split(',').map(str::trim).collect();
                Err(self.error(
                    "wrong-type",
                    line,
                    format!("`{key}` is one value, \"{text}\", not a list"),
                    &format!(
                        "write a list in brackets: {}",
                        self.syntax.example(key, &format!("[{}]", items.join(", ")))
                    ),
                ))
            }
            _ => Ok(()),
        }
    }

    pub fn strings(&self, key: &str, value: Value, line: u32) -> Res<Vec<Located<String>>> {
        let items = match value {
            Value::Null => Vec::new(),
            Value::Sequence(items) => items,
            Value::Mapping(_) => {
                return Err(self.error(
                    "wrong-type",
                    line,
                    format!("`{key}` must be text or a list of text values, found a mapping"),
                    &format!(
                        "write {} or {}",
                        self.syntax.example(key, "value"),
                        self.syntax.example(key, "[first, second]")
                    ),
                ));
            }
            single => vec![single],
        };
        items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(Located {
                    line: self.item_position(line, &s).0,
                    value: s,
                }),
                Value::Number(n) => Ok(Located {
                    value: n.to_string(),
                    line,
                }),
                other => Err(self.error(
                    "wrong-type",
                    line,
                    format!(
                        "`{key}` must be a list of text values, but one item is {}",
                        yaml::describe(&other)
                    ),
                    &format!("write {}", self.syntax.example(key, "[first, second]")),
                )),
            })
            .collect()
    }

    /// A `YYYY-MM-DD` date.
    pub fn date(&self, key: &str, value: Value, line: u32) -> Res<Located<Date>> {
        const HELP: &str = "write the date as YYYY-MM-DD, such as 2026-09-30";
        let text = match value {
            Value::String(_) | Value::Number(_) => self.string(key, value, line)?,
            Value::Null => {
                return Err(self.error("invalid-date", line, format!("`{key}` is empty"), HELP));
            }
            other => {
                return Err(self.error(
                    "wrong-type",
                    line,
                    format!("`{key}` must be a date, found {}", yaml::describe(&other)),
                    HELP,
                ));
            }
        };
        parse_date(&text)
            .map(|value| Located { value, line })
            .map_err(|problem| {
                self.error(
                    "invalid-date",
                    line,
                    format!("`{key}` is not a valid date: {problem}"),
                    HELP,
                )
            })
    }

    fn apply(&self, front: &mut FrontMatter, key: &str, value: Value, line: u32) -> Res<()> {
        match key {
            // An empty title is no title: the page takes its first heading or file name.
            // Both are one line wherever they show (a listing's row, a report's table, a
            // tab's title): a YAML block scalar's line breaks become spaces.
            "title" => {
                front.title =
                    Some(one_line(&self.string(key, value, line)?)).filter(|t| !t.is_empty())
            }
            "summary" => front.summary = Some(one_line(&self.string(key, value, line)?)),
            "kind" => {
                front.kind = Some(Located {
                    value: self.string(key, value, line)?,
                    line,
                })
            }
            "owner" => front.owners = self.strings(key, value, line)?,
            "last_reviewed" => front.last_reviewed = Some(self.date(key, value, line)?),
            "review_due" => front.review_due = Some(self.date(key, value, line)?),
            "review_every" => {
                front.review_every = Some(Located {
                    value: self.string(key, value, line)?,
                    line,
                })
            }
            "status" => {
                let text = self.string(key, value, line)?;
                front.status = match text.as_str() {
                    "draft" => Status::Draft,
                    "active" => Status::Active,
                    "deprecated" => Status::Deprecated,
                    "archived" => Status::Archived,
                    _ => {
                        return Err(self.error(
                            "invalid-value",
                            line,
                            format!("unknown status \"{text}\""),
                            "use one of: draft, active, deprecated, archived",
                        ));
                    }
                }
            }
            "tags" => {
                self.not_a_list_in_text(key, &value, line)?;
                // Composed (NFC): `Prüfung` typed on macOS and elsewhere is one tag.
                front.tags = self
                    .strings(key, value, line)?
                    .into_iter()
                    .map(|t| {
                        use unicode_normalization::UnicodeNormalization;
                        if t.value.is_ascii() {
                            t.value
                        } else {
                            t.value.nfc().collect()
                        }
                    })
                    .collect()
            }
            "aliases" => front.aliases = self.strings(key, value, line)?,
            "tools" | "templates" | "related" => {
                self.not_a_list_in_text(key, &value, line)?;
                let list = self.strings(key, value, line)?;
                match key {
                    "tools" => front.tools = list,
                    "templates" => front.templates = list,
                    _ => front.related = list,
                }
            }
            "weight" => {
                let number = value
                    .as_i64()
                    .map(|w| w as f64)
                    .or_else(|| value.as_f64().filter(|w| w.is_finite()));
                front.weight = Some(number.map(Weight).ok_or_else(|| {
                    self.error(
                        "wrong-type",
                        line,
                        match value.as_f64() {
                            // `.nan`, `.inf`: YAML's numbers that order nothing.
                            Some(_) => "`weight` must be a finite number, found one that is not (`.nan`, `.inf`)".to_string(),
                            None => format!(
                                "`weight` must be a number, found {}",
                                yaml::describe(&value)
                            ),
                        },
                        &format!(
                            "write {}; lower weights come first",
                            self.syntax.example("weight", "10")
                        ),
                    )
                })?)
            }
            "search" => {
                front.search = value.as_bool().ok_or_else(|| {
                    self.error(
                        "wrong-type",
                        line,
                        format!(
                            "`search` must be true or false, found {}",
                            yaml::describe(&value)
                        ),
                        &format!(
                            "write {} to keep the page out of search",
                            self.syntax.example("search", "false")
                        ),
                    )
                })?
            }
            "draft" => {
                front.draft = value.as_bool().ok_or_else(|| {
                    self.error(
                        "wrong-type",
                        line,
                        format!(
                            "`draft` must be true or false, found {}",
                            yaml::describe(&value)
                        ),
                        &format!(
                            "write {} (or {}) to leave the page unpublished",
                            self.syntax.example("draft", "true"),
                            self.syntax.example("status", "draft")
                        ),
                    )
                })?
            }
            _ => unreachable!("only common fields reach `apply`"),
        }
        Ok(())
    }
}

/// `text` with its runs of white space, line breaks among them, made one space, and trimmed.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Parses `YYYY-MM-DD`, explaining in plain words what is wrong otherwise.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    if let Ok(date) = text.parse::<Date>() {
        return Ok(date);
    }
    // A date and time (Hugo's `lastmod: 2026-06-15T09:30:00Z`): the day as written.
    if text.len() > 10
        && (text.parse::<jiff::Timestamp>().is_ok()
            || text.parse::<jiff::civil::DateTime>().is_ok())
        && let Some(Ok(date)) = text.get(..10).map(str::parse::<Date>)
    {
        return Ok(date);
    }
    let parts: Vec<&str> = text.split('-').collect();
    let numbers: Option<Vec<i32>> = parts.iter().map(|p| p.parse().ok()).collect();
    match numbers.as_deref() {
        Some(&[year, month, day])
            if parts[0].len() == 4
                && (parts[1].len(), parts[2].len()) != (2, 2)
                && i16::try_from(year).is_ok_and(|y| {
                    let (m, d) = (i8::try_from(month), i8::try_from(day));
                    matches!((m, d), (Ok(m), Ok(d)) if Date::new(y, m, d).is_ok())
                }) =>
        {
            Err(format!(
                "\"{text}\" needs two digits for the month and the day: {year:04}-{month:02}-{day:02}"
            ))
        }
        Some(&[year, month, _]) if parts[0].len() == 4 => {
            if !(1..=12).contains(&month) {
                return Err(format!("\"{text}\" has no month {month}"));
            }
            match Date::new(year as i16, month as i8, 1) {
                Ok(first) => Err(format!(
                    "\"{text}\" does not exist: {} has {} days",
                    first.strftime("%B %Y"),
                    first.days_in_month()
                )),
                Err(_) => Err(format!("\"{text}\" is out of range")),
            }
        }
        _ => Err(match written_otherwise(text) {
            Some(meant) => format!("\"{text}\" is not in YYYY-MM-DD form: {meant}"),
            None => format!("\"{text}\" is not in YYYY-MM-DD form"),
        }),
    }
}

/// What a date written another way means, in YYYY-MM-DD, as far as it can be told:
/// a word processor's dashes (`2026–11–01`), day and month around `/` or `.` when one of
/// them is over 12 (`24/11/2026`), a month's English name (`Nov 24 2026`, `24 November
/// 2026`).
fn written_otherwise(text: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let date = |year: i32, month: i32, day: i32| {
        let date = Date::new(
            i16::try_from(year).ok()?,
            i8::try_from(month).ok()?,
            i8::try_from(day).ok()?,
        )
        .ok()?;
        Some(date.to_string())
    };
    let dashed = text.replace(['–', '—', '‐', '−'], "-");
    if dashed != text && dashed.parse::<Date>().is_ok() {
        return Some(format!("its dashes are a word processor's (–): {dashed}"));
    }
    let words: Vec<&str> = text
        .split(|c: char| c == '/' || c == '.' || c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty())
        .collect();
    if let [a, b, year] = words.as_slice()
        && year.len() == 4
        && let (Ok(a), Ok(b), Ok(year)) = (a.parse::<i32>(), b.parse::<i32>(), year.parse::<i32>())
    {
        return match (a > 12, b > 12) {
            (true, false) => date(year, b, a).map(|d| format!("day/month/year, so {d}")),
            (false, true) => date(year, a, b).map(|d| format!("month/day/year, so {d}")),
            (false, false) => Some(format!(
                "{} or {}, depending on which comes first, the day or the month",
                date(year, b, a)?,
                date(year, a, b)?
            )),
            (true, true) => None,
        };
    }
    // A month's name, the day and the year in either order.
    let month = words
        .iter()
        .position(|w| w.len() >= 3 && MONTHS.iter().any(|m| w.to_lowercase().starts_with(m)))?;
    let month_number = MONTHS
        .iter()
        .position(|m| words[month].to_lowercase().starts_with(m))? as i32
        + 1;
    let numbers: Vec<&str> = words
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != month)
        .map(|(_, w)| w.trim_end_matches(|c: char| c.is_alphabetic()))
        .collect();
    let [first, second] = numbers.as_slice() else {
        return None;
    };
    let (day, year) = if first.len() == 4 {
        (second, first)
    } else {
        (first, second)
    };
    Some(date(year.parse().ok()?, month_number, day.parse().ok()?)?)
        .map(|d| format!("did you mean {d}?"))
}

/// The closest candidate to `word`, if one is close enough to be a likely typo (or differs
/// from it only in case).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&word_lower, &c.to_lowercase()),
                c,
            )
        })
        // A word that differs only in case (`Owner`) is a likely typo too.
        .filter(|(distance, c)| {
            (*distance > 0 || *c != word) && *distance <= (c.chars().count() / 4).max(1)
        })
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_file(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        parse_mapped(text, &BTreeMap::new())
    }

    /// [`parse_file`] with `field_map` set to `map`.
    fn parse_mapped(text: &str, map: &BTreeMap<String, String>) -> (FrontMatter, Vec<Diagnostic>) {
        let split = split(text, "a.md").unwrap();
        let mut diagnostics = Vec::new();
        let front = parse(
            split.text.unwrap(),
            split.syntax,
            text,
            "a.md",
            split.line_offset,
            map,
            &mut diagnostics,
        );
        (front, diagnostics)
    }

    #[test]
    fn splits_with_crlf_and_dots_closing() {
        let text = "---\r\ntitle: A\r\n...\r\nbody";
        let s = split(text, "a.md").unwrap();
        assert_eq!(s.text, Some("title: A\r\n"));
        assert_eq!(&text[s.body_offset..], "body");
        assert_eq!(split("no front matter", "a.md").unwrap().text, None);
        assert_eq!(split("----\nx", "a.md").unwrap().text, None);
    }

    #[test]
    fn a_weight_that_orders_nothing_is_named_for_what_it_is() {
        for weight in [".nan", ".inf", "-.inf"] {
            let (_, d) = parse_file(&format!("---\ntitle: A\nweight: {weight}\n---\n"));
            assert_eq!(d.len(), 1, "{d:?}");
            assert_eq!(
                d[0].message,
                "`weight` must be a finite number, found one that is not (`.nan`, `.inf`)"
            );
        }
        let (_, d) = parse_file("---\ntitle: A\nweight: first\n---\n");
        assert!(
            d[0].message.starts_with("`weight` must be a number, found"),
            "{d:?}"
        );
    }

    #[test]
    fn titles_and_summaries_are_one_line() {
        let (front, d) = parse_file(
            "---\ntitle: |\n  Restart\n  the API\nsummary: >\n  How to\n\n  restart.\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(front.title.as_deref(), Some("Restart the API"));
        assert_eq!(front.summary.as_deref(), Some("How to restart."));
    }

    #[test]
    fn toml_front_matter_reads_like_yaml() {
        let text = "+++\ntitle = \"A\"\nowner = [\"sre\", \"ops\"]\nlast_reviewed = 2026-09-01\n\
                    version = 2.10\nweight = 3\ndraft = true\n[extra]\nx = 1\n+++\n# Body\n";
        let s = split(text, "a.md").unwrap();
        assert_eq!(s.syntax, Syntax::Toml);
        assert_eq!(&text[s.body_offset..], "# Body\n");
        let (front, diagnostics) = parse_file(text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(front.title.as_deref(), Some("A"));
        let owners: Vec<_> = front
            .owners
            .iter()
            .map(|o| (o.value.as_str(), o.line))
            .collect();
        assert_eq!(owners, [("sre", 3), ("ops", 3)]);
        let reviewed = front.last_reviewed.unwrap();
        assert_eq!(
            (reviewed.value.to_string().as_str(), reviewed.line),
            ("2026-09-01", 4)
        );
        assert_eq!(front.weight, Some(Weight(3.0)));
        assert_eq!(front.status, Status::Draft);
        // Kept as written, as for YAML (a TOML float reads 2.1).
        let version = front.other.iter().find(|f| f.key == "version");
        assert_eq!(version.map(|f| f.line), Some(5));
        let extra = front.other.iter().find(|f| f.key == "extra").unwrap();
        assert_eq!(extra.line, 8, "a table is found at its header");
    }

    #[test]
    fn toml_mistakes_are_located_and_explained_in_toml() {
        // YAML between TOML's fences: the line, and what TOML writes instead.
        let (front, d) = parse_file("+++\ntitle = \"A\"\nowner: sre\n+++\n");
        assert!(front.unreadable);
        assert_eq!((d[0].code, d[0].line), ("toml-syntax", 3));
        assert!(
            d[0].help.as_deref().unwrap().contains("`key = value`"),
            "{d:?}"
        );
        // A value of the wrong type: help written in TOML.
        let (_, d) = parse_file("+++\nweight = \"ten\"\ntags = \"a, b\"\n+++\n");
        let helps: Vec<_> = d
            .iter()
            .map(|d| (d.line, d.column, d.help.clone().unwrap()))
            .collect();
        assert_eq!(
            helps,
            [
                (
                    2,
                    10,
                    "write `weight = 10`; lower weights come first".to_string()
                ),
                (
                    3,
                    8,
                    "write a list in brackets: `tags = [\"a\", \"b\"]`".to_string()
                )
            ]
        );
        // Indented and dotted keys are found where they are written.
        let (_, d) = parse_file("+++\ntitle = \"A\"\n\n  status = \"bad\"\nweight.x = 1\n+++\n");
        let at: Vec<_> = d.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(4, 12), (5, 12)], "{d:?}");
        // Never closed.
        let e = split("+++\ntitle = \"A\"\n", "a.md").unwrap_err();
        assert_eq!(e.code, "front-matter-unclosed");
        assert!(e.help.as_deref().unwrap().contains("`+++`"));
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let d = split("---\ntitle: A\n", "a.md").unwrap_err();
        assert_eq!((d.code, d.line), ("front-matter-unclosed", 1));
        // Taken to end at the first blank line, where the text most likely starts.
        let text = "---\ntitle: A\nowner: sre\n  \r\n# A\n\nText.\n";
        let guess = guess_unclosed(text).unwrap();
        assert_eq!(guess.text, Some("title: A\nowner: sre\n"));
        assert_eq!(&text[guess.body_offset..], "# A\n\nText.\n");
        assert!(guess_unclosed("---\ntitle: A\n# A\n").is_none());
    }

    #[test]
    fn dates_say_what_is_wrong_with_them() {
        for (text, problem) in [
            (
                "2026-1-5",
                "\"2026-1-5\" needs two digits for the month and the day: 2026-01-05",
            ),
            (
                "2026-02-30",
                "\"2026-02-30\" does not exist: February 2026 has 28 days",
            ),
            ("2026-13-01", "\"2026-13-01\" has no month 13"),
            (
                "2026-2-30",
                "\"2026-2-30\" does not exist: February 2026 has 28 days",
            ),
            (
                "05/01/2026",
                "\"05/01/2026\" is not in YYYY-MM-DD form: 2026-01-05 or 2026-05-01, depending on which comes first, the day or the month",
            ),
            (
                "24/11/2026",
                "\"24/11/2026\" is not in YYYY-MM-DD form: day/month/year, so 2026-11-24",
            ),
            (
                "11/24/2026",
                "\"11/24/2026\" is not in YYYY-MM-DD form: month/day/year, so 2026-11-24",
            ),
            (
                "Nov 24, 2026",
                "\"Nov 24, 2026\" is not in YYYY-MM-DD form: did you mean 2026-11-24?",
            ),
            (
                "3rd March 2026",
                "\"3rd March 2026\" is not in YYYY-MM-DD form: did you mean 2026-03-03?",
            ),
            (
                "2026–11–01",
                "\"2026–11–01\" is not in YYYY-MM-DD form: its dashes are a word processor's (–): 2026-11-01",
            ),
            ("31/31/2026", "\"31/31/2026\" is not in YYYY-MM-DD form"),
            ("soon", "\"soon\" is not in YYYY-MM-DD form"),
            (
                "2026-06-15T25:00:00Z",
                "\"2026-06-15T25:00:00Z\" is not in YYYY-MM-DD form",
            ),
        ] {
            assert_eq!(parse_date(text).err().as_deref(), Some(problem), "{text}");
        }
        // With a time, as Hugo writes `lastmod`: the day as written.
        for text in [
            "2026-06-15T09:30:00Z",
            "2026-06-15T23:30:00-05:00",
            "2026-06-15T09:30:00",
            "2026-06-15 09:30:00",
        ] {
            assert_eq!(
                parse_date(text).map(|d| d.to_string()),
                Ok("2026-06-15".into()),
                "{text}"
            );
        }
        let messages = |yaml: &str| {
            let (_, d) = parse_file(&format!("---\n{yaml}\n---\n"));
            d.iter()
                .map(|d| (d.code, d.message.clone(), d.help.clone()))
                .collect::<Vec<_>>()
        };
        let help = Some("write the date as YYYY-MM-DD, such as 2026-09-30".to_string());
        for empty in ["last_reviewed:", "last_reviewed: ~"] {
            assert_eq!(
                messages(empty),
                [(
                    "invalid-date",
                    "`last_reviewed` is empty".into(),
                    help.clone()
                )]
            );
        }
        assert_eq!(
            messages("review_due: [2026-01-01]"),
            [(
                "wrong-type",
                "`review_due` must be a date, found a list".into(),
                help
            )]
        );
    }

    #[test]
    fn hugo_drafts_are_drafts_and_mapped_keys_do_not_overwrite_each_other() {
        let (f, d) = parse_file("---\ndraft: true\nstatus: active\n---\n");
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.status, Status::Draft);
        let (f, _) = parse_file("---\ndraft: false\n---\n");
        assert_eq!(f.status, Status::Active);
        let (_, d) = parse_file("---\ndraft: yes please\n---\n");
        assert_eq!(d[0].code, "wrong-type");

        let text = "---\ntags: [database]\nkeywords: [postgres]\n---\n";
        let map = BTreeMap::from([("keywords".to_string(), "tags".to_string())]);
        let (f, d) = parse_mapped(text, &map);
        assert_eq!(f.tags, ["database"]);
        assert_eq!(
            d.iter()
                .map(|d| (d.code, d.line, d.message.as_str()))
                .collect::<Vec<_>>(),
            [(
                "invalid-value",
                3,
                "`keywords` sets `tags`, which `tags` on line 2 sets already (`field_map` reads one key as the other)"
            )]
        );
        // The mapped key first: named as written, not as read.
        let text = "---\nlastmod: 2026-10-01\nlast_reviewed: 2026-10-02\n---\n";
        let map = BTreeMap::from([("lastmod".to_string(), "last_reviewed".to_string())]);
        let (_, d) = parse_mapped(text, &map);
        assert_eq!(
            d[0].message,
            "`last_reviewed` sets `last_reviewed`, which `lastmod` on line 2 sets already (`field_map` reads one key as the other)"
        );
    }

    #[test]
    fn a_key_that_is_no_name_is_located_at_its_line() {
        let (_, d) = parse_file("---\ntitle: T\nowner: ops\n? [complex, key]\n: v\n---\n");
        assert_eq!(
            (d[0].code, d[0].line, d[0].message.as_str()),
            (
                "wrong-type",
                4,
                "a front-matter key must be a name, found a list"
            )
        );
    }

    #[test]
    fn a_list_written_as_text_with_commas_is_refused() {
        let (f, d) = parse_file("---\ntags: incident, on-call\ntools: tools/a,tools/b\n---\n");
        let found: Vec<_> = d
            .iter()
            .map(|d| (d.code, d.line, d.message.as_str(), d.help.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "wrong-type",
                    2,
                    "`tags` is one value, \"incident, on-call\", not a list",
                    Some("write a list in brackets: `tags: [incident, on-call]`")
                ),
                (
                    "wrong-type",
                    3,
                    "`tools` is one value, \"tools/a,tools/b\", not a list",
                    Some("write a list in brackets: `tools: [tools/a, tools/b]`")
                ),
            ]
        );
        assert!(f.tags.is_empty());
        let (f, d) = parse_file("---\ntags: [incident, on-call]\n---\n");
        assert!(d.is_empty());
        assert_eq!(f.tags, ["incident", "on-call"]);
    }

    #[test]
    fn reads_typed_fields_and_keeps_version_text() {
        let (f, d) = parse_file(
            "---\ntitle: T\nowner: [a, b]\nlast_reviewed: 2026-01-31\nversion: 2.10\ntags: x\nweight: 3\n---\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.title.as_deref(), Some("T"));
        assert_eq!(
            f.owners
                .iter()
                .map(|o| o.value.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(f.owners[0].line, 3);
        assert_eq!(f.last_reviewed.unwrap().value.to_string(), "2026-01-31");
        assert_eq!(f.other.len(), 1);
        assert_eq!((f.other[0].key.as_str(), f.other[0].line), ("version", 5));
        let version = Fields::for_file("---\nversion: 2.10\n", "a.md")
            .string("version", f.other[0].value.clone(), 2)
            .unwrap();
        assert_eq!(version, "2.10");
        assert_eq!(f.tags, ["x"]);
        assert_eq!(f.weight, Some(Weight(3.0)));
    }

    #[test]
    fn every_bad_key_is_reported_at_its_line() {
        let (_, d) = parse_file(
            "---\ntitle: T\nlast_reviewed: 2026-02-30\nstatus: live\nweight: heavy\n---\n",
        );
        let found: Vec<_> = d.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(
            found,
            [
                ("invalid-date", 3, 16),
                ("invalid-value", 4, 9),
                ("wrong-type", 5, 9)
            ]
        );
    }

    #[test]
    fn foreign_keys_are_mapped_and_list_items_located() {
        let text =
            "---\nowner_slack: \"#sre\"\nlast_reviewed_on: 2026-01-02\ntags:\n  - a\n  - b\n---\n";
        let map: BTreeMap<String, String> = [
            ("owner_slack", "owner"),
            ("last_reviewed_on", "last_reviewed"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let (f, d) = parse_mapped(text, &map);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(f.owners[0].value, "#sre");
        assert_eq!(f.last_reviewed.unwrap().line, 3);
        let fields = Fields::for_file(text, "a.md");
        assert_eq!(fields.item_position(4, "b"), (6, 5, 1));
        assert_eq!(fields.item_position(2, "#sre"), (2, 15, 4));
    }

    #[test]
    fn a_list_item_is_found_where_it_stands_on_its_own() {
        let text = "---\naliases: [\"/old/page\", \"/\", \"\", old]\nrelated: [processes/b, processes]\ntags:\n  - on-call\n  - on\n---\n";
        let fields = Fields::for_file(text, "a.md");
        assert_eq!(fields.item_position(2, "/"), (2, 25, 1));
        assert_eq!(fields.item_position(2, ""), (2, 29, 0));
        assert_eq!(fields.item_position(2, "old"), (2, 33, 3));
        assert_eq!(fields.item_position(3, "processes"), (3, 24, 9));
        assert_eq!(fields.item_position(4, "on"), (6, 5, 2));
    }

    #[test]
    fn yaml_syntax_error_is_located_in_the_file() {
        let (_, d) = parse_file("---\ntitle: T\nowner: [a\n---\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "yaml-syntax");
        assert!(d[0].line >= 3, "{:?}", d[0]);
    }
}
