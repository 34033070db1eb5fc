//! The default theme embedded in the binary, and the site's own `templates/` laid over it file
//! by file (a site file with the same name wins).

use include_dir::{Dir, include_dir};
use tera::Tera;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Templates every theme must provide.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "base.html",
    "page.html",
    "section.html",
    "kind.html",
    "home.html",
    "owner.html",
    "reviews.html",
    "search.html",
    "whats-new.html",
    "tech-stack.html",
    "404.html",
];

/// Loads the theme's templates with the site's overrides. A template that does not parse is
/// a fatal error, reported with Tera's located message.
pub fn templates(
    site_templates: &[(String, String)],
    words: &std::sync::Arc<crate::i18n::Words>,
) -> Result<Tera, crate::Fatal> {
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    // The words without values are a map every template reads (`{{ words.on_this_page }}`),
    // from the global context; the theme's templates have them written in (`inline_words`).
    tera.global_context()
        .insert_value("words", words.plain_words());
    let for_t = std::sync::Arc::clone(words);
    tera.register_function("t", move |kwargs: tera::Kwargs, state: &tera::State| {
        translate(&for_t, &kwargs, state)
    });
    let for_short = std::sync::Arc::clone(words);
    tera.register_function(
        "t_with_short",
        move |kwargs: tera::Kwargs, _: &tera::State| translate_with_short(&for_short, &kwargs),
    );
    tera.register_filter("address_breaks", address_breaks);
    tera.register_filter("upper_first", upper_first);
    // Summaries are one line of Markdown, written with `code` and emphasis as titles are:
    // shown formatted, as Zola's `markdown(inline=true)` shows a line.
    tera.register_filter(
        "inline_markdown",
        |line: &str, _: tera::Kwargs, _: &tera::State| {
            tera::Value::safe_string(&crate::markdown::inline_html(line))
        },
    );
    tera.register_filter(
        "mail_address",
        |email: &str, _: tera::Kwargs, _: &tera::State| {
            crate::owners::address_of(email).to_string()
        },
    );
    let mut sources: Vec<(String, String)> = Vec::new();
    // Each theme template is also `theme/NAME`, as the site's own template of the same name
    // cannot reach it by its name: a site's `base.html` that extends `theme/base.html` and
    // fills one block (a footer, a stylesheet in the head) keeps the rest of the theme. A site
    // without templates of its own has no use for them, and is spared compiling them twice.
    let mut theme_names = Vec::new();
    for (name, bytes) in template_files() {
        if let Ok(text) = std::str::from_utf8(bytes) {
            let text = inline_words(&compact(text), words);
            if !site_templates.is_empty() {
                sources.push((format!("theme/{name}"), text.clone()));
            }
            theme_names.push(name.clone());
            sources.push((name, text));
        }
    }
    for (name, text) in site_templates {
        if let Some(d) = extends_itself(name, text, theme_names.contains(name)) {
            return Err(crate::Fatal::Config(vec![d]));
        }
        // A byte order mark, as Windows editors save, was text before `{% extends %}`.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text).to_string();
        match sources.iter_mut().find(|(n, _)| n == name) {
            Some(existing) => existing.1 = text,
            None => sources.push((name.clone(), text)),
        }
    }
    tera.add_raw_templates(sources).map_err(|e| {
        site_template_error(&e.to_string(), site_templates).unwrap_or_else(|| {
            // Unlocated (a circular include): the site's templates are the likely cause.
            let whose = if site_templates.is_empty() {
                "a theme template"
            } else {
                "a template (of the site's `templates/`, or the theme's it includes)"
            };
            crate::Fatal::Other(anyhow::anyhow!("{whose} does not compile:\n{e:#}"))
        })
    })?;
    for name in REQUIRED_TEMPLATES {
        if !tera.contains_template(name) {
            return Err(anyhow::anyhow!("the theme has no `{name}` template").into());
        }
    }
    Ok(tera)
}

/// A site template that extends the template of its own name (`{% extends "base.html" %}` in
/// `templates/base.html`, the first thing Jinja's users try), which Tera reports as a circular
/// chain naming another template: located, with the name that reaches the theme's.
fn extends_itself(name: &str, text: &str, theme_has_it: bool) -> Option<crate::diag::Diagnostic> {
    let (line, column) = text.lines().enumerate().find_map(|(i, line)| {
        let at = line.find("extends")?;
        let before = line[..at].trim_end().trim_end_matches('-');
        let target = line[at + "extends".len()..].trim_start();
        let quoted = target.strip_prefix(['"', '\''])?;
        let same = quoted.strip_prefix(name)?.starts_with(['"', '\'']);
        (before.ends_with("{%") && same).then(|| (i as u32 + 1, before.len() as u32 - 1))
    })?;
    let help = if theme_has_it {
        format!(
            "to build on the theme's `{name}`, extend `theme/{name}` and fill the blocks you change: `{{% extends \"theme/{name}\" %}}`"
        )
    } else {
        "a template extends another one".to_string()
    };
    Some(
        crate::diag::Diagnostic::error(
            "template",
            format!("templates/{name}"),
            format!("`{name}` extends itself"),
        )
        .at_line_col(text, line, column, 2)
        .with_help(help),
    )
}

/// An email address escaped for HTML, with line-break opportunities before its `@` and its
/// domain's dots: a narrow owner card wraps `priya.natarajan` / `@northwind` / `.example`
/// rather than mid-name, where `overflow-wrap: anywhere` alone would cut it.
fn address_breaks(address: &str, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    let mut html = crate::markdown::escape(local);
    if address.contains('@') {
        html.push_str("<wbr>@");
        html.push_str(&crate::markdown::escape(domain).replace('.', "<wbr>."));
    }
    tera::Value::safe_string(&html)
}

/// An error rendering a page (`rendering `URL` with template `NAME`:` and Tera's error): at
/// its line in the site's own template when it is one of them, as `templates/NAME:LINE:COL`
/// (it named `NAME:LINE:COL`, which no editor finds); else as it is.
pub fn render_error(error: anyhow::Error, site_templates: &[(String, String)]) -> crate::Fatal {
    let text = format!("{error:#}");
    let page = text
        .lines()
        .next()
        .and_then(|l| l.strip_prefix("rendering `"))
        .and_then(|l| l.split_once('`'))
        .map(|(url, _)| url.to_string());
    match site_template_error(&text, site_templates) {
        Some(crate::Fatal::Config(mut diagnostics)) => {
            if let Some(page) = page {
                for d in &mut diagnostics {
                    d.message = format!("{} (rendering the page at `{page}`)", d.message);
                }
            }
            crate::Fatal::Config(diagnostics)
        }
        _ => crate::Fatal::Other(error),
    }
}

/// Tera's error about one of the site's own templates (`error: MESSAGE\n --> NAME:LINE:COL`)
/// as a diagnostic located in `templates/NAME`, so that it reads like any other, and `serve`
/// can show where it is.
fn site_template_error(error: &str, site_templates: &[(String, String)]) -> Option<crate::Fatal> {
    let message = error
        .lines()
        .find_map(|l| l.trim().strip_prefix("error: "))?
        .to_string();
    let place = error.lines().find_map(|l| l.trim().strip_prefix("--> "))?;
    let (rest, column) = place.rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    let (_, text) = site_templates.iter().find(|(n, _)| n == name)?;
    let (line, column): (u32, u32) = (line.parse().ok()?, column.parse().ok()?);
    let mut help =
        "fix the template: Tera's syntax is Jinja's (`{{ value }}`, `{% tag %}`)".to_string();
    let mut at = (line, column);
    let mut message = message;
    if message == "Unknown tag" {
        let tags = block_tags(text);
        let found = tags
            .iter()
            .find(|t| (t.line, t.column + 3) >= (line, column));
        match found.map(|t| t.name.as_str()) {
            Some(end) if end.starts_with("end") => {
                // An end tag where Tera expected another: the block opened last is never
                // closed (Tera points at the end tag that came first).
                let before = tags
                    .iter()
                    .take_while(|t| (t.line, t.column + 3) < (line, column));
                if let Some(unclosed) = innermost_open(before) {
                    message = format!(
                        "`{{% {} %}}` on line {} is never closed: `{{% {end} %}}` comes first",
                        unclosed.name, unclosed.line
                    );
                    help = format!("close it with `{{% end{} %}}`", unclosed.name);
                    at = (unclosed.line, unclosed.column);
                }
            }
            Some(tera_1 @ ("macro" | "import")) => {
                message =
                    format!("`{{% {tera_1} %}}` is Tera 1's, and opsbook's templates are Tera 2's");
                help = "write a component instead: `{% component name(arg) %}` … `{% endcomponent %}`, used as `{{ <name arg=\"…\" /> }}`".to_string();
            }
            Some(name) => message = format!("`{{% {name} %}}` is no tag of Tera 2"),
            None => {}
        }
    } else if message.contains("Unexpected end of input") {
        // A block never closed before the file ends: where it opens.
        let tags = block_tags(text);
        if let Some(unclosed) = innermost_open(tags.iter()) {
            message = format!(
                "`{{% {} %}}` on line {} is never closed",
                unclosed.name, unclosed.line
            );
            help = format!("close it with `{{% end{} %}}`", unclosed.name);
            at = (unclosed.line, unclosed.column);
        }
    } else if message.starts_with("Unknown filter") {
        help = format!(
            "the filters are Tera 2's ({}) and opsbook's (address_breaks, mail_address); Tera 1's date, slugify, json_encode and urlencode are not among them",
            TERA_FILTERS.join(", ")
        );
    }
    let d = crate::diag::Diagnostic::error("template", format!("templates/{name}"), message)
        .at_line_col(text, at.0, at.1, 1)
        .with_help(help);
    Some(crate::Fatal::Config(vec![d]))
}

/// Tera 2's built-in filters, for the help of an unknown one.
const TERA_FILTERS: &[&str] = &[
    "safe",
    "default",
    "upper",
    "lower",
    "wordcount",
    "escape",
    "escape_html",
    "escape_xml",
    "newlines_to_br",
    "pluralize",
    "trim",
    "trim_start",
    "trim_end",
    "replace",
    "capitalize",
    "title",
    "truncate",
    "indent",
    "str",
    "int",
    "float",
    "length",
    "reverse",
    "split",
    "abs",
    "round",
    "first",
    "last",
    "nth",
    "join",
    "sort",
    "unique",
    "get",
    "values",
    "keys",
    "pairs",
    "group_by",
];

/// The tags that open a block an `end…` tag closes.
const OPENS_A_BLOCK: &[&str] = &["if", "for", "block", "filter", "raw", "component"];

/// The block opened last and not closed by the end of `tags`.
fn innermost_open<'t>(tags: impl Iterator<Item = &'t BlockTag>) -> Option<&'t BlockTag> {
    let mut open: Vec<&BlockTag> = Vec::new();
    for tag in tags {
        if tag.name.starts_with("end") {
            open.pop();
        } else if tag.opens_a_block {
            open.push(tag);
        }
    }
    open.pop()
}

/// A `{% name … %}` tag of a template: its name, line and column (1-based), and whether it
/// opens a block an `end…` tag closes.
struct BlockTag {
    name: String,
    line: u32,
    column: u32,
    opens_a_block: bool,
}

/// The tags of `text`, in order (a `{%` in a comment or a string is read too: this is for a
/// message about a template that does not compile, not for compiling it).
fn block_tags(text: &str) -> Vec<BlockTag> {
    let mut tags = Vec::new();
    for (i, line) in text.lines().enumerate() {
        for (at, _) in line.match_indices("{%") {
            let name: String = line[at + 2..]
                .trim_start_matches(['-', '+'])
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                // `{% set x %}…{% endset %}` is a block too; `{% set x = 1 %}` is none.
                let inside = line[at + 2..].split("%}").next().unwrap_or_default();
                let opens_a_block = OPENS_A_BLOCK.contains(&name.as_str())
                    || (matches!(name.as_str(), "set" | "set_global") && !inside.contains('='));
                tags.push(BlockTag {
                    name,
                    line: i as u32 + 1,
                    column: line[..at].chars().count() as u32 + 1,
                    opens_a_block,
                });
            }
        }
    }
    tags
}

/// A default-theme template without the whitespace that only lays its source out: each
/// line's indentation, blank lines, and the line break after a line of nothing but `{% %}` and
/// `{# #}` tags (Jinja's `lstrip_blocks` and `trim_blocks`, which Tera lacks). Every page
/// carries its template's whitespace: a kilobyte a page, a tenth of the page chrome. Lines
/// inside `<pre>` and `<textarea>`, where whitespace shows, are kept as written. A site's own
/// templates are left as written, so that Tera's errors point at their lines.
fn compact(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut verbatim = 0i32;
    for line in template.lines() {
        let opens = count_tags(line, &["<pre", "<textarea"]);
        let closes = count_tags(line, &["</pre>", "</textarea>"]);
        if verbatim > 0 {
            out.push_str(line);
            out.push('\n');
        } else {
            let line = line.trim();
            if line.is_empty() {
                // nothing: a blank line
            } else if only_tags(line) {
                out.push_str(line);
            } else {
                out.push_str(line);
                out.push('\n');
            }
        }
        verbatim = (verbatim + opens - closes).max(0);
    }
    out
}

/// How many times any of `tags` starts in `line`, case-insensitively.
fn count_tags(line: &str, tags: &[&str]) -> i32 {
    let lower = line.to_ascii_lowercase();
    tags.iter().map(|t| lower.matches(t).count() as i32).sum()
}

/// Whether `line` is nothing but complete `{% %}` and `{# #}` tags.
fn only_tags(mut line: &str) -> bool {
    while !line.is_empty() {
        let close = if line.starts_with("{%") {
            "%}"
        } else if line.starts_with("{#") {
            "#}"
        } else {
            return false;
        };
        let Some(end) = line[2..].find(close) else {
            return false;
        };
        line = line[2 + end + 2..].trim_start();
    }
    true
}

/// The theme's templates as written, layout whitespace and all, for a site to copy and
/// change: (name under `templates/`, bytes), sorted.
pub fn template_files() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("templates") {
        collect(dir, "templates", &mut files);
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The theme's static files: (path relative to the output root, bytes).
pub fn static_files() -> Vec<(String, &'static [u8])> {
    let mut files = Vec::new();
    if let Some(dir) = DEFAULT_THEME.get_dir("static") {
        collect(dir, "static", &mut files);
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The theme's catalog of words in `language` (`de`, `zh-TW`: `i18n/LANGUAGE.yaml`).
pub fn catalog(language: &str) -> Option<&'static str> {
    DEFAULT_THEME
        .get_file(format!("i18n/{language}.yaml"))
        .and_then(|f| f.contents_utf8())
}

/// The languages the theme has a catalog of words in, by file name (`en`, `zh-TW`), sorted.
pub fn catalog_languages() -> Vec<String> {
    let mut languages: Vec<String> = DEFAULT_THEME
        .get_dir("i18n")
        .map(|dir| {
            dir.files()
                .filter_map(|f| {
                    let name = f.path().file_name()?.to_str()?;
                    Some(name.strip_suffix(".yaml")?.to_string())
                })
                .collect()
        })
        .unwrap_or_default();
    languages.sort();
    languages
}

/// The theme's template `text` with each `{{ words.KEY }}` written as the word, escaped: the
/// words are the same on every page of a build, and looked up on each they cost 3% of a
/// build's instructions. A word that would read as a tag (`{{`, `{%`, `{#`) is left to the
/// lookup, as is any other use of `words`.
fn inline_words(text: &str, words: &crate::i18n::Words) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{ words.") {
        out.push_str(&rest[..at]);
        let after = &rest[at + "{{ words.".len()..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let key = &after[..end];
        let word = words.plain(key).filter(|w| {
            !(w.contains("{{") || w.contains("{%") || w.contains("{#") || w.contains('\n'))
        });
        match word {
            Some(word) if after[end..].starts_with(" }}") => {
                crate::markdown::escape_into(word, &mut out);
                rest = &after[end + " }}".len()..];
            }
            _ => {
                out.push_str(&rest[at..at + "{{ words.".len()]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `{{ text | upper_first }}`: its first letter in upper case and the rest as written (a
/// tooltip's word that follows another when there is one: "next review due …" alone is "Next
/// review due …"; Tera's `capitalize` would lower German's nouns). Markup stays markup.
fn upper_first(value: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    let text = value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_string);
    let mut chars = text.chars();
    let upper: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if value.is_safe() {
        tera::Value::safe_string(&upper)
    } else {
        tera::Value::from(upper)
    }
}

/// `{{ t(key="review_due_in", n=3) }}`: the word `key` in the site's language, its
/// placeholders filled by the other arguments and its plural form chosen by `n`. The word and
/// the values are escaped, but for values already safe HTML (`{% set due %}<time …>{% endset %}`),
/// so that a translation moves markup it cannot break.
fn translate(
    words: &crate::i18n::Words,
    kwargs: &tera::Kwargs,
    state: &tera::State,
) -> tera::TeraResult<tera::Value> {
    let key: &str = kwargs.must_get("key")?;
    let text = words.for_count(key, kwargs.get::<i64>("n")?);
    // `text` answers a word it lacks with its key, which is a word's text only by chance.
    if std::ptr::eq(text, key) && !words.has(key) {
        return Err(tera::Error::message(format!(
            "the theme has no word `{key}`: give it under `translations:` in opsbook.yaml"
        )));
    }
    let escaping = state.autoescaping_enabled();
    let escape = |out: &mut String, piece: &str| push_text(out, piece, escaping);
    let mut filled = String::with_capacity(text.len() + 32);
    let mut unfilled = None;
    crate::i18n::fill_into(&mut filled, text, escape, |out, name| {
        let given = push_value(out, words, kwargs, name, escaping);
        if !given {
            unfilled.get_or_insert_with(|| name.to_string());
        }
        given
    });
    // A value the template does not give would show as `{date}` on every page.
    if let Some(name) = unfilled {
        return Err(tera::Error::message(format!(
            "the word `{key}` has the placeholder {{{name}}}: give it, `t(key=\"{key}\", {name}=…)`"
        )));
    }
    Ok(if escaping {
        tera::Value::safe_string(&filled)
    } else {
        tera::Value::from(filled)
    })
}

/// `{{ t_with_short(key="banner_owners", n=2, owners=…, date=…) }}`: the sentence `key`, read
/// out, with its short form `KEY_short` shown on a phone in its place, as the overdue banner
/// has them: each stretch of words the two do not share is a `.banner-long` (hidden on a
/// phone) followed by a `.banner-short` whose `data-short` the stylesheet shows. Both forms
/// have the same placeholders in the same order; a short form without them is not used.
/// opsbook.js makes the banner of a review that falls due after the build the same way.
fn translate_with_short(
    words: &crate::i18n::Words,
    kwargs: &tera::Kwargs,
) -> tera::TeraResult<tera::Value> {
    let key: &str = kwargs.must_get("key")?;
    let n = kwargs.get::<i64>("n")?;
    let short_key = format!("{key}_short");
    let (long_parts, long_names) = crate::i18n::split_placeholders(words.for_count(key, n));
    let short_parts = match crate::i18n::split_placeholders(words.for_count(&short_key, n)) {
        (parts, names) if names == long_names && words.has(&short_key) => parts,
        _ => long_parts.clone(),
    };
    let escape = crate::markdown::escape;
    let mut out = String::new();
    for (i, part) in long_parts.iter().enumerate() {
        if i > 0 {
            let name = long_names[i - 1];
            if !push_value(&mut out, words, kwargs, name, true) {
                out.push_str(&escape(&format!("{{{name}}}")));
            }
        }
        if *part == short_parts[i] {
            out.push_str(&escape(part));
            continue;
        }
        // The spaces both forms have at an end are shared, outside the two; each keeps its
        // others (Hebrew's short " · מועד" follows a name the long form follows with ",";
        // German's long " fällig." follows the date, its short "." does not).
        let short = short_parts[i];
        let lead = common_len(part.chars(), short.chars());
        let trail = common_len(part.chars().rev(), short.chars().rev())
            .min(part.len() - lead)
            .min(short.len() - lead);
        out.push_str(&escape(&part[..lead]));
        out.push_str(&format!(
            "<span class=\"banner-long\">{}</span><span class=\"banner-short\" data-short=\"{}\"></span>",
            escape(&part[lead..part.len() - trail]),
            escape(&short[lead..short.len() - trail])
        ));
        out.push_str(&escape(&part[part.len() - trail..]));
    }
    Ok(tera::Value::safe_string(&out))
}

/// `piece` of a word's text into `out`, escaped as `{{ value }}` is when the template escapes.
fn push_text(out: &mut String, piece: &str, escaping: bool) {
    if escaping {
        crate::markdown::escape_into(piece, out);
    } else {
        out.push_str(piece);
    }
}

/// The value the template gives placeholder `name` into `out`: markup as it is (`{% set %}`'s),
/// text escaped, a date isolated in a right-to-left language; false when it gives none.
fn push_value(
    out: &mut String,
    words: &crate::i18n::Words,
    kwargs: &tera::Kwargs,
    name: &str,
    escaping: bool,
) -> bool {
    let Ok(Some(value)) = kwargs.get::<tera::Value>(name) else {
        return false;
    };
    match value.as_str() {
        Some(text) if value.is_safe() => out.push_str(text),
        Some(text) => push_text(out, &words.value(text), escaping),
        None => push_text(out, &value.to_string(), escaping),
    }
    true
}

/// How many bytes of white space two texts share at the end their characters come from.
fn common_len(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> usize {
    a.zip(b)
        .take_while(|(x, y)| x == y && x.is_whitespace())
        .map(|(x, _)| x.len_utf8())
        .sum()
}

/// Whether the theme publishes a file at output path `path` (`assets/opsbook.js`). Asked for
/// every folder of every page: the embedded folder's lookup walked its tree each time (2% of
/// a build), so the paths are listed once.
pub fn is_static_file(path: &str) -> bool {
    static PATHS: std::sync::OnceLock<std::collections::HashSet<String>> =
        std::sync::OnceLock::new();
    PATHS
        .get_or_init(|| static_files().into_iter().map(|(path, _)| path).collect())
        .contains(path)
}

/// Every file under `dir`, recursively, named relative to `prefix`.
fn collect(dir: &'static Dir<'static>, prefix: &str, files: &mut Vec<(String, &'static [u8])>) {
    for file in dir.files() {
        let rel = file
            .path()
            .strip_prefix(prefix)
            .unwrap_or(file.path())
            .to_string_lossy()
            .replace('\\', "/");
        files.push((rel, file.contents()));
    }
    for sub in dir.dirs() {
        collect(sub, prefix, files);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> std::sync::Arc<crate::i18n::Words> {
        std::sync::Arc::new(crate::i18n::Words::english())
    }

    #[test]
    fn a_word_is_escaped_but_for_the_markup_handed_to_it() {
        let mut over = std::collections::BTreeMap::new();
        over.insert(
            "due_on".to_string(),
            crate::i18n::Entry::Text("<Fällig> {date} & more".into()),
        );
        let words = std::sync::Arc::new(crate::i18n::Words::new("xx", &over));
        let tera = templates(
            &[(
                "404.html".into(),
                r#"{% set d %}<time>{{ day }}</time>{% endset %}{{ t(key="due_on", date=d) }}|{{ t(key="due_on", date=day) }}|{{ t(key="review_due_in", n=1) }}|{{ t(key="review_due_in", n=2) }}"#.into(),
            )],
            &words,
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("day", "<b>");
        assert_eq!(
            tera.render("404.html", &context).unwrap(),
            "&lt;Fällig&gt; <time>&lt;b&gt;</time> &amp; more|&lt;Fällig&gt; &lt;b&gt; &amp; more|Review due in 1 day|Review due in 2 days"
        );
        let unknown = templates(
            &[("404.html".into(), r#"{{ t(key="no_such_word") }}"#.into())],
            &words,
        )
        .unwrap()
        .render("404.html", &tera::Context::new())
        .unwrap_err();
        assert!(
            format!("{unknown:?}").contains("no word `no_such_word`"),
            "{unknown:?}"
        );
        // A value left out would show as `{date}` on every page.
        let unfilled = templates(
            &[("404.html".into(), r#"{{ t(key="due_on") }}"#.into())],
            &words,
        )
        .unwrap()
        .render("404.html", &tera::Context::new())
        .unwrap_err();
        assert!(
            format!("{unfilled:?}").contains("placeholder {date}"),
            "{unfilled:?}"
        );
        // A tooltip's word alone begins with a capital, its markup unescaped twice.
        let first = templates(
            &[(
                "404.html".into(),
                r#"{{ t(key="tip_review_due", date=d) | upper_first }}|{{ "überprüfung & Co" | upper_first }}"#.into(),
            )],
            &words,
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("d", "<2026-01-01>");
        assert_eq!(
            first.render("404.html", &context).unwrap(),
            "Review due &lt;2026-01-01&gt;|Überprüfung &amp; Co"
        );
    }

    #[test]
    fn default_templates_lose_layout_whitespace_but_not_preformatted_text() {
        let template = "<ul>\n  {% for x in xs %}\n  <li>{{ x }}</li>\n  {% endfor %}\n\n</ul>\n\
            <pre class=\"code\"><code>a\n    indented\n</code></pre>\n  <textarea>\n  kept\n  </textarea>\n\
            {#- a comment\n    over lines #}\n<p>{% if a %}x{% endif %}</p>\n";
        assert_eq!(
            compact(template),
            "<ul>\n{% for x in xs %}<li>{{ x }}</li>\n{% endfor %}</ul>\n\
             <pre class=\"code\"><code>a\n    indented\n</code></pre>\n<textarea>\n  kept\n  </textarea>\n\
             {#- a comment\nover lines #}\n<p>{% if a %}x{% endif %}</p>\n"
        );
        assert!(only_tags("{% if a %} {# b #}{% endif %}"));
        assert!(!only_tags("{% if a %}<b>"));
        assert!(!only_tags("{# open"));
    }

    #[test]
    fn compacting_keeps_every_template_s_text() {
        // Every default template keeps all of its text but whitespace, and compiles.
        templates(&[], &english()).unwrap();
        for (name, bytes) in {
            let mut files = Vec::new();
            collect(
                DEFAULT_THEME.get_dir("templates").unwrap(),
                "templates",
                &mut files,
            );
            files
        } {
            let text = std::str::from_utf8(bytes).unwrap();
            let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join("");
            assert_eq!(words(text), words(&compact(text)), "{name}");
        }
    }

    #[test]
    fn an_address_breaks_before_its_at_and_dots_and_stays_escaped() {
        let tera = templates(
            &[(
                "404.html".into(),
                "{{ a | address_breaks }}|{{ b | address_breaks }}".into(),
            )],
            &english(),
        )
        .unwrap();
        let mut context = tera::Context::new();
        context.insert("a", "o'neil&co@ops.north<wind>.example");
        context.insert("b", "no.at.sign");
        assert_eq!(
            tera.render("404.html", &context).unwrap(),
            "o&#39;neil&amp;co<wbr>@ops<wbr>.north&lt;wind&gt;<wbr>.example|no.at.sign"
        );
    }

    #[test]
    fn every_embedded_template_parses() {
        templates(&[], &english()).unwrap();
    }

    #[test]
    fn a_site_template_replaces_the_default_one() {
        let tera = templates(&[("404.html".into(), "gone".into())], &english()).unwrap();
        assert_eq!(
            tera.render("404.html", &tera::Context::new()).unwrap(),
            "gone"
        );
    }

    #[test]
    fn a_broken_site_template_is_reported() {
        let Err(crate::Fatal::Config(err)) =
            templates(&[("404.html".into(), "{% if %}".into())], &english())
        else {
            panic!("a located diagnostic")
        };
        let found: Vec<_> = err.iter().map(|d| (d.path.as_str(), d.line)).collect();
        assert_eq!(found, [("templates/404.html", 1)], "{err:?}");
    }

    #[test]
    fn stylesheet_and_script_are_embedded() {
        let names: Vec<String> = static_files().into_iter().map(|(n, _)| n).collect();
        assert!(
            names.contains(&"assets/opsbook.css".to_string()),
            "{names:?}"
        );
        assert!(
            names.contains(&"assets/opsbook.js".to_string()),
            "{names:?}"
        );
    }
}
