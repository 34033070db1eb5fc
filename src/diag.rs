//! Diagnostics as data: what went wrong, where, and how to fix it, plus the one printer that
//! shows them as rustc-style text, JSON or GitHub workflow commands.

use std::fmt::Write as _;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

/// How bad a diagnostic is. `Error` fails the build (exit 1); the others are reported only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks the build.
    Error,
    /// Worth fixing; the build goes on.
    Warning,
    /// Information, such as a review falling due soon.
    Note,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        }
    }
}

/// A rule: a stable code, its default severity and what it finds.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// The code diagnostics carry.
    pub code: &'static str,
    /// Severity unless `rules:` in the config or `--deny` says otherwise.
    pub severity: Severity,
    /// What it finds, for documentation.
    pub finds: &'static str,
}

const fn rule(code: &'static str, severity: Severity, finds: &'static str) -> Rule {
    Rule {
        code,
        severity,
        finds,
    }
}

/// Every rule opsbook checks, in the order the README documents them.
pub const RULES: &[Rule] = &[
    rule(
        "yaml-syntax",
        Severity::Error,
        "front matter that is not valid YAML",
    ),
    rule(
        "toml-syntax",
        Severity::Error,
        "front matter between `+++` lines that is not valid TOML",
    ),
    rule(
        "front-matter-unclosed",
        Severity::Error,
        "a `---` block that is never closed",
    ),
    rule(
        "wrong-type",
        Severity::Error,
        "a field with the wrong type of value",
    ),
    rule(
        "missing-field",
        Severity::Error,
        "a field the page's kind requires is missing",
    ),
    rule(
        "unknown-field",
        Severity::Warning,
        "a field opsbook does not know (with did-you-mean)",
    ),
    rule(
        "unknown-kind",
        Severity::Error,
        "`kind:` names no configured kind",
    ),
    rule(
        "unknown-owner",
        Severity::Error,
        "an owner that is not in owners.yaml",
    ),
    rule(
        "invalid-date",
        Severity::Error,
        "a date that is not a real YYYY-MM-DD date",
    ),
    rule(
        "future-date",
        Severity::Error,
        "`last_reviewed` after today",
    ),
    rule(
        "invalid-interval",
        Severity::Error,
        "a review interval that cannot be read",
    ),
    rule(
        "invalid-value",
        Severity::Error,
        "a status, enum or URL value that is not allowed",
    ),
    rule(
        "overdue",
        Severity::Warning,
        "a page whose review date has passed",
    ),
    rule(
        "due-soon",
        Severity::Note,
        "a page whose review falls due soon",
    ),
    rule(
        "unknown-tag",
        Severity::Error,
        "a tag outside the configured vocabulary",
    ),
    rule(
        "unknown-page",
        Severity::Error,
        "a page reference (tools, templates, related) to no page",
    ),
    rule(
        "broken-link",
        Severity::Error,
        "a link to a page or file that does not exist",
    ),
    rule(
        "unsafe-link",
        Severity::Warning,
        "a link to a `javascript:`, `vbscript:` or `data:` URL (published without it)",
    ),
    rule(
        "unsafe-file",
        Severity::Error,
        "with `markdown.allow_html: false`, a file beside the pages that runs script when opened (an HTML file, `.xhtm` and `.mht` too; an SVG, or XML of SVG or XHTML whatever its extension, with script under any prefix, an event handler, or a `javascript:` or document `data:` value; any XML with a stylesheet or DTD entities; character references read. Diagrams' XHTML labels (draw.io, Mermaid) and other XML's `<script>` (BPMN) run nothing and pass)",
    ),
    rule(
        "foreign-syntax",
        Severity::Warning,
        "another tool's syntax that shows as text: MkDocs tabs without a quoted label, snippets (`--8<--`), attribute lists (`{ width=\"300\" }`, kramdown's `{: .class}`), Azure DevOps's image sizes (`![d](a.png =300x)`), abbreviations (`*[HTML]: …`) and Material's icons (`:material-check:`), Hugo shortcodes, mdBook's includes (`{{#include …}}`, also in code blocks), a table row with more cells than its header (a `|` in code cuts a cell, as on GitHub), ERB or Liquid tags, MDX imports, exports and components (`<Tabs>`), an MDX comment `{/*` never closed, a `:::` that closes no admonition, Confluence's `<ac:…>` macros, `[TOC]` and `[[_TOC_]]`, Obsidian's embeds of a note (`![[Note]]`), a `%%` that opens no closed comment, a GitHub wiki's `_Sidebar.md` (with the Markdown to write instead); and templates opsbook never uses (Hugo's `layouts/`, a `templates/` file no page is made with, `content/404.md`)",
    ),
    rule(
        "hidden-text",
        Severity::Warning,
        "an HTML comment `<!--` never closed, which hides the rest of the page (CommonMark, and GitHub, read all that follows into it)",
    ),
    rule(
        "wrong-kind",
        Severity::Warning,
        "`tools:` or `templates:` naming a page of another kind (a template moved to `processes/`, a process now), listed as one all the same",
    ),
    rule(
        "link-to-alias",
        Severity::Warning,
        "a link to a page file that is gone (`incident-severity-levels.md`), which reaches a page through the alias it keeps for its old address: published, but dead in GitHub's view of the files, and named by its old place",
    ),
    rule(
        "duplicate-version",
        Severity::Warning,
        "two release notes of one product giving one version (`2.0.0` and `v2.0.0` are one), most likely a copy not renumbered",
    ),
    rule(
        "unknown-element",
        Severity::Warning,
        "a tag in a page that is no element of HTML, SVG or MathML, nor an MDX component: a placeholder written `<service-name>` or `<Describe the change here>`, which browsers read as a tag and show as nothing",
    ),
    rule(
        "merge-conflict",
        Severity::Error,
        "a git merge conflict left in a page (`<<<<<<<`, `=======`, `>>>>>>>` lines outside code blocks), or a marker of one left alone",
    ),
    rule(
        "git-history",
        Severity::Warning,
        "what git could not tell: git missing or refusing the repository, or a shallow clone (pages without \"Last changed\" dates)",
    ),
    rule(
        "broken-anchor",
        Severity::Error,
        "a link to a `#heading` that is not on the page (on a page the build makes, an owner's or the reviews, found by `build` and `serve`, which render it)",
    ),
    rule(
        "duplicate-url",
        Severity::Error,
        "two pages, files, tags or aliases at one URL, or one where opsbook writes its own",
    ),
    rule(
        "invalid-utf8",
        Severity::Error,
        "a page that is not UTF-8 text, or a file whose name is not (it is left out)",
    ),
    rule(
        "not-text",
        Severity::Error,
        "a .md file holding binary data",
    ),
    rule(
        "unreadable",
        Severity::Error,
        "a file or folder that cannot be read, or a symbolic link to outside the site or to a hidden file (`.git/config`, `.env`)",
    ),
];

/// The rule with this code.
pub fn find_rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// One problem found in the user's files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How bad it is.
    pub severity: Severity,
    /// Stable rule code, such as `broken-link`; CI filters and snapshots rely on it.
    pub code: &'static str,
    /// Path from the site root with `/` separators, such as `content/processes/x.md`.
    pub path: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u32,
    /// 1-based column in characters; 0 when the problem concerns the whole line or file.
    pub column: u32,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
    /// The source line the problem is on, shown under the message: whole, or on a long line
    /// the part around the problem ([`shown_part`]).
    #[serde(skip)]
    pub source_line: Option<String>,
    /// The column of the line `source_line` starts at (1 when it is the whole line).
    #[serde(skip)]
    pub source_column: u32,
    /// How many characters after `column` to underline.
    #[serde(skip)]
    pub width: u32,
}

/// A place in a file, with its line, worked out while the file's text is at hand: for a check
/// that may report it once the text is gone (pages' bodies are freed after rendering).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters.
    pub column: u32,
    /// How many characters after `column` to underline.
    pub width: u32,
    /// The line's text, shown under the message (on a long line, the part around the spot).
    pub source_line: String,
    /// The column of the line `source_line` starts at.
    pub source_column: u32,
}

/// Longest source line kept whole in a diagnostic. Past it (minified HTML, a paragraph of
/// thousands of links), a diagnostic keeps [`SHOWN_AROUND`] bytes either side of its spot:
/// copying the whole line into each of the line's diagnostics made them quadratic.
const MAX_SHOWN_LINE: usize = 240;
const SHOWN_AROUND: usize = 80;

/// The part of `line` shown for a spot at bytes `start..end` of it, with `…` where it is cut:
/// the text, and the byte of `line` whose character the text's first stands for (the `…`
/// standing for the one before it).
fn shown_part(line: &str, start: usize, end: usize) -> (String, usize) {
    if line.len() <= MAX_SHOWN_LINE {
        return (line.to_string(), 0);
    }
    let from = floor_char_boundary(line, start.saturating_sub(SHOWN_AROUND));
    let to = floor_char_boundary(
        line,
        (end.min(start + SHOWN_AROUND) + SHOWN_AROUND).min(line.len()),
    );
    let mut shown = String::with_capacity(to - from + 6);
    let mut first = from;
    if from > 0 {
        shown.push('…');
        first = floor_char_boundary(line, from - 1);
    }
    shown.push_str(&line[from..to]);
    if to < line.len() {
        shown.push('…');
    }
    (shown, first)
}

impl Spot {
    /// Byte `offset` of `text` (the file's full text), `len` bytes long.
    pub fn at_offset(text: &str, offset: usize, len: usize) -> Spot {
        SpotFinder::new(text).at_offset(offset, len)
    }
}

/// Places offsets of one text, counting each line break once when they come in order (a page
/// places every link with an anchor: counting from the start for each was 1.2% of a build).
pub struct SpotFinder<'a> {
    text: &'a str,
    /// Bytes whose line breaks are counted, and how many lines start in them.
    counted: usize,
    lines: u32,
    /// The last spot's byte offset and column, counted on from when the next is further on
    /// the same line.
    last: (usize, u32),
}

impl<'a> SpotFinder<'a> {
    pub fn new(text: &'a str) -> SpotFinder<'a> {
        SpotFinder {
            text,
            counted: 0,
            lines: 1,
            last: (0, 1),
        }
    }

    /// The spot of byte `offset`, `len` bytes long (any offset; earlier ones count again).
    pub fn at_offset(&mut self, offset: usize, len: usize) -> Spot {
        let text = self.text;
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line_text = text[line_start..line_end].trim_end_matches('\r');
        let end = floor_char_boundary(text, (offset + len).min(line_start + line_text.len()));
        if line_start < self.counted {
            self.counted = 0;
            self.lines = 1;
        }
        // Counted as bytes, which the compiler vectorizes.
        self.lines += text.as_bytes()[self.counted..line_start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u32;
        self.counted = line_start;
        let column = if self.last.0 >= line_start && self.last.0 <= offset {
            self.last.1 + text[self.last.0..offset].chars().count() as u32
        } else {
            text[line_start..offset].chars().count() as u32 + 1
        };
        self.last = (offset, column);
        let (shown, first) = shown_part(line_text, offset - line_start, end - line_start);
        Spot {
            line: self.lines,
            column,
            width: text[offset..end.max(offset)].chars().count() as u32,
            source_line: shown,
            source_column: column - line_text[first..offset - line_start].chars().count() as u32,
        }
    }
}

impl Diagnostic {
    /// A diagnostic about a whole file.
    pub fn new(
        severity: Severity,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            path: path.into(),
            line: 0,
            column: 0,
            message: message.into(),
            help: None,
            source_line: None,
            source_column: 1,
            width: 0,
        }
    }

    /// An error about a whole file.
    pub fn error(code: &'static str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, path, message)
    }

    /// A warning about a whole file.
    pub fn warning(
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self::new(Severity::Warning, code, path, message)
    }

    /// Points the diagnostic at byte `offset` of `text` (the file's full text), underlining
    /// `len` bytes, and keeps the source line for display.
    pub fn at_offset(self, text: &str, offset: usize, len: usize) -> Self {
        self.at_spot(&Spot::at_offset(text, offset, len))
    }

    /// Points the diagnostic at `spot`.
    pub fn at_spot(mut self, spot: &Spot) -> Self {
        self.line = spot.line;
        self.column = spot.column;
        self.width = spot.width;
        self.source_line = Some(spot.source_line.clone());
        self.source_column = spot.source_column;
        self
    }

    /// Points the diagnostic at a 1-based `line` and `column` of `text`, underlining `width`
    /// characters.
    pub fn at_line_col(mut self, text: &str, line: u32, column: u32, width: u32) -> Self {
        self.line = line;
        self.column = column;
        self.width = width;
        let Some(line_text) = text
            .split('\n')
            .nth(line.saturating_sub(1) as usize)
            .map(|l| l.trim_end_matches('\r'))
        else {
            self.source_line = None;
            return self;
        };
        let start = byte_of_column(line_text, column);
        let end = byte_of_column(line_text, column + width);
        let (shown, first) = shown_part(line_text, start, end);
        self.source_line = Some(shown);
        self.source_column = line_text[..first].chars().count() as u32 + 1;
        self
    }

    /// Adds the "how to fix it" line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sort key: by file, then position, then code, so output is stable.
    fn sort_key(&self) -> (&str, u32, u32, &str, &str) {
        (&self.path, self.line, self.column, self.code, &self.message)
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Writes `text` to stderr, as it is: a closed pipe (`opsbook check 2>&1 | head -5`) ends the
/// printing, not the program (`eprint!` panics there), so the exit code still tells whether
/// the site has errors.
pub fn to_stderr(text: &str) {
    use std::io::Write;
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// `eprintln!` through [`to_stderr`]: for what a long-running `serve` prints, which must not
/// end it when its terminal or log pipe goes away.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::diag::to_stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// [`to_stderr`] for stdout, where the machine formats go.
pub fn to_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// What `--deny` takes besides a rule's code: every warning, whatever its rule.
pub const DENY_WARNINGS: &str = "warnings";

/// Applies severity overrides (`rules:` in the config, then `--deny`), drops rules turned off.
/// `--deny` wins even over `off`: a pull request that turns a rule off in opsbook.yaml cannot
/// turn off the check CI runs with `--deny`.
pub fn apply_levels(
    diagnostics: &mut Vec<Diagnostic>,
    levels: &std::collections::BTreeMap<String, crate::config::RuleLevel>,
    deny: &[String],
) {
    use crate::config::RuleLevel;
    let all_warnings = deny.iter().any(|c| c == DENY_WARNINGS);
    diagnostics.retain_mut(|d| {
        if deny.iter().any(|c| c == d.code) {
            d.severity = Severity::Error;
            return true;
        }
        match levels.get(d.code) {
            Some(RuleLevel::Off) => return false,
            Some(RuleLevel::Error) => d.severity = Severity::Error,
            Some(RuleLevel::Warning) => d.severity = Severity::Warning,
            Some(RuleLevel::Note) => d.severity = Severity::Note,
            None => {}
        }
        if all_warnings && d.severity == Severity::Warning {
            d.severity = Severity::Error;
        }
        true
    });
}

/// Sorts diagnostics by file and position and drops exact duplicates.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics.dedup();
}

/// True when any diagnostic is an error.
pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.severity == Severity::Error)
}

/// The ways diagnostics can be printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// rustc-style text with the source line and a caret.
    #[default]
    Human,
    /// One JSON array of objects with severity, code, path, line, column, message, help.
    Json,
    /// GitHub Actions workflow commands, shown as annotations on the pull request.
    Github,
}

/// Renders diagnostics in `format`. `color` applies to the human format only.
pub fn render(diagnostics: &[Diagnostic], format: Format, color: bool) -> String {
    match format {
        Format::Human => render_human(diagnostics, color),
        Format::Json => {
            let mut s = serde_json::to_string_pretty(diagnostics).expect("diagnostics serialize");
            s.push('\n');
            s
        }
        Format::Github => diagnostics.iter().map(render_github).collect(),
    }
}

/// `text` with its control characters written as escapes (`\u{1b}`): a file named with an
/// escape sequence in it would otherwise recolour or rewrite the terminal or CI log that
/// prints its path.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    // And the marks that reorder what follows them (U+202E shows `gpj.exe` as `exe.jpg`).
    let hidden =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(hidden) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if hidden(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

fn render_human(diagnostics: &[Diagnostic], color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let title = level.primary_title(d.message.as_str()).id(d.code);
        let path = printable(&d.path);
        let mut group = match &d.source_line {
            Some(line_text) if d.line > 0 => {
                // Columns of the part of the line kept (the whole line but on long ones,
                // where the location is given apart, the snippet's columns being the part's).
                let column = d.column.saturating_sub(d.source_column) + 1;
                let start = byte_of_column(line_text, column);
                let end = byte_of_column(line_text, column + d.width.max(1)).max(start);
                let end = if end == start && start < line_text.len() {
                    start + 1
                } else {
                    end
                };
                let snippet = Snippet::source(line_text.as_str())
                    .line_start(d.line as usize)
                    .annotation(AnnotationKind::Primary.span(start..end));
                if d.source_column > 1 {
                    // The snippet would give the part's column: its `-->` line is added below.
                    Group::with_title(title).element(snippet)
                } else {
                    Group::with_title(title).element(snippet.path(path.as_ref()))
                }
            }
            // About the run, not a file (git missing): no `-->` line pointing at nothing.
            _ if d.path.is_empty() => Group::with_title(title),
            _ => {
                let mut origin = Origin::path(path.as_ref());
                if d.line > 0 {
                    origin = origin.line(d.line as usize);
                }
                Group::with_title(title).element(origin)
            }
        };
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let rendered = renderer.render(&[group]);
        match rendered.split_once('\n') {
            Some((title, rest)) if d.source_column > 1 && d.source_line.is_some() => {
                let gutter = d.line.to_string().len();
                let _ = writeln!(
                    out,
                    "{title}\n{:gutter$}--> {}:{}:{}\n{rest}\n",
                    "", path, d.line, d.column
                );
            }
            _ => {
                let _ = writeln!(out, "{rendered}\n");
            }
        }
    }
    out
}

/// Byte index of 1-based character column `column` in `line` (clamped to its end).
fn byte_of_column(line: &str, column: u32) -> usize {
    line.char_indices()
        .nth(column.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i)
}

fn render_github(d: &Diagnostic) -> String {
    // A diagnostic of no file (the site folder missing) annotates the run, not a file.
    let mut props = String::new();
    if !d.path.is_empty() {
        // Line breaks in a file's name are escaped as GitHub reads them back (shown as
        // `\n`, the annotation named no file of the pull request); other control characters
        // are shown, not run by the log's terminal.
        let path: String = d
            .path
            .split_inclusive(['\r', '\n'])
            .map(|part| {
                let (text, end) = match part.strip_suffix(['\r', '\n']) {
                    Some(text) => (text, &part[text.len()..]),
                    None => (part, ""),
                };
                format!("{}{end}", printable(text))
            })
            .collect();
        let _ = write!(props, "file={},", escape_github_property(&path));
    }
    if d.line > 0 {
        let _ = write!(props, "line={},", d.line);
    }
    if d.column > 0 {
        let _ = write!(props, "col={},", d.column);
    }
    let _ = write!(props, "title={}", escape_github_property(d.code));
    // A message's lines are its own (escaped below as GitHub reads them); the rest of what
    // it quotes from the page is shown, not run by the log's terminal.
    let lines = |text: &str| -> String {
        text.split('\n')
            .map(|line| printable(line).into_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut message = lines(&d.message);
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(&lines(help));
    }
    format!(
        "::{} {}::{}\n",
        d.severity.label(),
        props,
        escape_github_data(&message)
    )
}

// GitHub's workflow-command escaping: data escapes %, CR, LF; properties also `:` and `,`.
fn escape_github_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_github_property(s: &str) -> String {
    escape_github_data(s)
        .replace(':', "%3A")
        .replace(',', "%2C")
}

/// A one-line count such as `2 errors, 1 warning`.
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let count = |s| diagnostics.iter().filter(|d| d.severity == s).count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = vec![
        plural(count(Severity::Error), "error"),
        plural(count(Severity::Warning), "warning"),
    ];
    let notes = count(Severity::Note);
    if notes > 0 {
        parts.push(plural(notes, "note"));
    }
    parts.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_maps_to_line_and_column_with_crlf_and_unicode() {
        let text = "---\r\ntitle: é x\r\nowner: bob\r\n";
        let offset = text.find("bob").unwrap();
        let d = Diagnostic::error("x", "a.md", "m").at_offset(text, offset, 3);
        assert_eq!((d.line, d.column, d.width), (3, 8, 3));
        assert_eq!(d.source_line.as_deref(), Some("owner: bob"));
        let offset = text.find('x').unwrap();
        let d = Diagnostic::error("x", "a.md", "m").at_offset(text, offset, 1);
        assert_eq!((d.line, d.column), (2, 10));
    }

    #[test]
    fn a_spot_finder_places_offsets_in_any_order_like_a_fresh_count() {
        let text = "a\nbb [x](y)\n\nccc [z](w) é\nlast";
        let offsets = [0, 5, 16, 16, 3, 24, text.len(), 2];
        let mut finder = SpotFinder::new(text);
        for offset in offsets {
            assert_eq!(
                finder.at_offset(offset, 2),
                Spot::at_offset(text, offset, 2),
                "{offset}"
            );
        }
        assert_eq!(Spot::at_offset(text, 16, 1).line, 4);
    }

    #[test]
    fn human_output_shows_location_source_and_help() {
        let text = "see [x](missing.md) here\n";
        let d = Diagnostic::error("broken-link", "content/a.md", "link target not found")
            .at_offset(text, 4, 15)
            .with_help("check the path");
        let out = render(&[d], Format::Human, false);
        assert!(
            out.contains("error[broken-link]: link target not found"),
            "{out}"
        );
        assert!(out.contains("content/a.md:1:5"), "{out}");
        assert!(out.contains("^^^^^^^^^^^^^^^"), "{out}");
        assert!(out.contains("help: check the path"), "{out}");
    }

    #[test]
    fn a_long_line_shows_the_part_around_each_spot_at_its_real_column() {
        // 300 links on one line, each 21 characters, "é" first.
        let line: String = "é".to_string()
            + &(0..300)
                .map(|i| format!(" [x](gone{i:03}.md#nope)"))
                .collect::<String>();
        let text = format!("---\ntitle: x\n---\n{line}\nnext\n");
        let mut finder = SpotFinder::new(&text);
        let at = text.find("gone250").unwrap();
        let spot = finder.at_offset(at, 7);
        assert_eq!(
            spot,
            Spot::at_offset(&text, at, 7),
            "counted on from the spot before"
        );
        let column = 1 + line[..line.find("gone250").unwrap()].chars().count() as u32;
        assert_eq!((spot.line, spot.column, spot.width), (4, column, 7));
        assert!(
            spot.source_line.chars().count() < 200,
            "{}",
            spot.source_line
        );
        assert!(spot.source_line.starts_with('…') && spot.source_line.ends_with('…'));
        let d = Diagnostic::error("broken-link", "content/a.md", "gone").at_spot(&spot);
        let shown_at = spot.source_line.find("gone250").unwrap();
        assert_eq!(
            spot.source_line[..shown_at].chars().count() as u32 + d.source_column,
            column
        );
        let out = render(std::slice::from_ref(&d), Format::Human, false);
        assert!(
            out.contains(&format!(" --> content/a.md:4:{column}\n")),
            "{out}"
        );
        let marked = out.lines().find(|l| l.contains('^')).unwrap();
        let source = out.lines().find(|l| l.contains("gone250")).unwrap();
        assert_eq!(
            source[..source.find("gone250").unwrap()].chars().count(),
            marked[..marked.find('^').unwrap()].chars().count(),
            "{out}"
        );
        // Given by line and column, the same.
        let by_column = Diagnostic::error("x", "a.md", "m").at_line_col(&text, 4, column, 7);
        assert_eq!(
            (&by_column.source_line, by_column.source_column),
            (&d.source_line, d.source_column)
        );
    }

    #[test]
    fn github_output_escapes_properties_and_data() {
        let d = Diagnostic::warning("c", "a,b:c.md", "50% done\nnext").at_line_col("x\n", 1, 2, 1);
        assert_eq!(
            render(&[d], Format::Github, false),
            "::warning file=a%2Cb%3Ac.md,line=1,col=2,title=c::50%25 done%0Anext\n"
        );
        // A terminal's escape sequences and reordering marks, in a file's name, are shown.
        let d = Diagnostic::warning("c", "ok\u{1b}]0;pwned\u{7}\u{202e}.md", "bad \u{1b}[31m");
        assert_eq!(
            render(&[d], Format::Github, false),
            "::warning file=ok\\u{1b}]0;pwned\\u{7}\\u{202e}.md,title=c::bad \\u{1b}[31m\n"
        );
        let d = Diagnostic::warning("c", "content/a\nb\rc%.md", "x");
        assert_eq!(
            render(&[d], Format::Github, false),
            "::warning file=content/a%0Ab%0Dc%25.md,title=c::x\n"
        );
        // A diagnostic of the run names no file, and shows no location in the terminal.
        let d = Diagnostic::warning("git-history", "", "git is not installed");
        assert_eq!(
            render(std::slice::from_ref(&d), Format::Github, false),
            "::warning title=git-history::git is not installed\n"
        );
        assert_eq!(
            render(&[d], Format::Human, false),
            "warning[git-history]: git is not installed\n\n"
        );
    }
}
