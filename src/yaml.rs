//! Every call into the YAML parser, so swapping `serde_yaml` for a maintained fork stays a
//! one-file change, and YAML errors become located diagnostics in one place.

use serde::de::DeserializeOwned;

use crate::diag::Diagnostic;

/// A parsed YAML value.
pub type Value = serde_yaml::Value;
/// A parsed YAML mapping.
pub type Mapping = serde_yaml::Mapping;

/// Parses `text` as a `T`; a syntax or type error becomes a diagnostic with `code` pointing at
/// the error's line and column in `path`.
pub fn from_str_located<T: DeserializeOwned>(
    text: &str,
    path: &str,
    code: &'static str,
) -> Result<T, Box<Diagnostic>> {
    too_nested(text, text, path, code, 0)?;
    serde_yaml::from_str(text)
        .map_err(|e| Box::new(error_to_diagnostic(&e, text, text, path, code, 0)))
}

/// Most `[` and `{` a YAML text may open before the parser reads it: the YAML parser takes
/// time that grows with the square of their number (40,000 took 3.4 s, 200,000 minutes, in
/// which `serve` rebuilt nothing). Real files hold a few dozen.
const MAX_BRACKETS: usize = 2_000;

/// Refuses a text with more than [`MAX_BRACKETS`] opening brackets, at the first of them.
fn too_nested(
    text: &str,
    file_text: &str,
    path: &str,
    code: &'static str,
    line_offset: u32,
) -> Result<(), Box<Diagnostic>> {
    let opening = memchr::memchr2_iter(b'[', b'{', text.as_bytes()).count();
    if opening <= MAX_BRACKETS {
        return Ok(());
    }
    let first = text.find(['[', '{']).unwrap_or(0);
    let line = line_offset + text[..first].matches('\n').count() as u32 + 1;
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..first].chars().count() as u32 + 1;
    Err(Box::new(
        Diagnostic::error(
            code,
            path,
            format!("{opening} `[` and `{{` open here: more than the {MAX_BRACKETS} opsbook reads"),
        )
        .at_line_col(file_text, line, column, 1)
        .with_help("quote a value that is text (`title: \"[[[…\"`), or write the lists out"),
    ))
}

/// Parses `text` into a generic YAML value. `line_offset` is the number of file lines before
/// `text` starts (for front matter inside a Markdown file, whose full text is `file_text`).
pub fn parse_value(
    text: &str,
    file_text: &str,
    path: &str,
    line_offset: u32,
) -> Result<Value, Box<Diagnostic>> {
    too_nested(text, file_text, path, "yaml-syntax", line_offset)?;
    serde_yaml::from_str(text).map_err(|e| {
        Box::new(error_to_diagnostic(
            &e,
            text,
            file_text,
            path,
            "yaml-syntax",
            line_offset,
        ))
    })
}

/// Converts a generic value to a typed one, giving back serde's message on failure.
pub fn convert<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_yaml::from_value(value).map_err(|e| strip_location(&e.to_string()))
}

/// `text` is the YAML parsed, `file_text` the file it is in, `line_offset` lines after its
/// start.
fn error_to_diagnostic(
    error: &serde_yaml::Error,
    text: &str,
    file_text: &str,
    path: &str,
    code: &'static str,
    line_offset: u32,
) -> Diagnostic {
    let mut message = strip_location(&error.to_string());
    // What to do, where the mistake is one of those found below; the caller helps with the
    // others.
    let mut help: Option<std::borrow::Cow<'static, str>> = None;
    let mut at = error
        .location()
        .map(|loc| (loc.line() as u32, loc.column() as u32));
    // The parser points where it gave up, which for these two is not where the mistake is:
    // an unclosed quote runs to the end of the text, and a key written twice is reported at
    // the start of its mapping.
    // `tags: [#incident]`: a comment cuts the list short, wherever the parser then stops.
    let cut_list = at.and_then(|(until, _)| {
        text.split('\n')
            .take(until as usize)
            .enumerate()
            .find_map(|(i, l)| {
                let open = l.find('[')?;
                let hash = l[open..].find(" #").or_else(|| l[open..].find("[#"))? + open;
                // Before the list closes: `[a, b] # note` is a comment after it.
                (!l[open..hash].contains(']')).then_some((i as u32 + 1, l, hash))
            })
    });
    if let Some((line, line_text, hash)) = cut_list {
        let word = line_text[hash..]
            .trim_start_matches(['[', ' '])
            .split([',', ']', ' '])
            .next()
            .unwrap_or("#…");
        message =
            "`#` after `[` or a space starts a comment in YAML, which cuts this list short".into();
        help = Some(format!("quote the value: `\"{word}\"`").into());
        at = Some((line, line_text[..hash].chars().count() as u32 + 1));
    } else if let Some(quote) = unclosed_quote(text)
        && (message.contains("end of stream") || at.is_some_and(|(line, _)| quote.0 < line))
    {
        // Or where the parser met the next quote (in a comment, another value) and gave up.
        message = "this quoted value is never closed".into();
        help = Some("close the quote on the same line, e.g. `title: \"Deploys\"`".into());
        at = Some(quote);
    } else if message.contains("did not find expected ',' or ']'")
        || message.contains("did not find expected ',' or '}'")
    {
        // Reported where the next key starts: the mistake is the bracket left open before it.
        if let Some((line, column, bracket)) = at.and_then(|(line, _)| unclosed_bracket(text, line))
        {
            let (what, close) = if bracket == '[' {
                (
                    "list",
                    "end the list with `]` on the same line, e.g. `tags: [incident, on-call]`",
                )
            } else {
                ("mapping", "end it with `}`")
            };
            message = format!("this {what} is never closed");
            help = Some(close.into());
            at = Some((line, column));
        }
    } else if message.contains("could not find expected ':'")
        && let Some((line, _)) = at
        && let Some((key_line, column, written)) = line_before(text, line)
    {
        // Reported where the next key starts (or at the end): the mistake is the line before,
        // a key without its `:`.
        message = format!("`{written}` has no `:`, so it is neither a key nor a value");
        help = Some(
            "write `key: value`, or put it under the key it belongs to as a list item (`- value`)"
                .into(),
        );
        at = Some((key_line, column));
    } else if message.contains("mapping values are not allowed")
        && let Some((line, _)) = at
        && let Some((before, key, value)) = glued_key(text, line)
    {
        // `title:N16` is text to YAML, not a key: the next key is then reported.
        message = format!("`{key}:{value}` needs a space after its `:` to be a key");
        help = Some(format!("write `{key}: {value}`").into());
        at = Some((before, 1));
    } else if message.contains("mapping values are not allowed")
        && let Some((line, _)) = at
        && let Some(key) = indented_key(text, line)
    {
        message = format!("`{key}:` is indented, so it is read as part of the line above");
        help = Some(
            "start it at the beginning of the line, like the keys around it (only list items and fields under a key are indented)"
            .into(),
        );
        at = Some((line, 1));
    } else if let Some(key) = message
        .strip_prefix("duplicate entry with key \"")
        .and_then(|rest| rest.strip_suffix('"'))
        .or_else(|| {
            // The same mistake, found while reading the text into a typed struct (the
            // configuration), which names the field.
            message
                .strip_prefix("duplicate field `")
                .and_then(|rest| rest.strip_suffix('`'))
        })
        && let Some(second) = key_lines(text, key).nth(1)
    {
        at = Some(second);
        help = Some("a key is written once: keep one of the two lines".into());
    }
    // The character the parser stopped at, for the two it cannot start anything with.
    let line_at = |line: u32| text.split('\n').nth(line.saturating_sub(1) as usize);
    let stopped_at = at.and_then(|(line, column)| {
        line_at(line)?
            .chars()
            .nth(column.saturating_sub(1) as usize)
            .map(|c| (line, c))
    });
    if message.contains("tab character")
        || (message.contains("cannot start any token")
            && stopped_at.is_some_and(|(_, c)| c == '\t'))
    {
        // Editors show a tab as spaces: name it.
        if let Some((line, _)) = at
            && let Some(tab) = line_at(line).and_then(|l| l.find('\t'))
        {
            let column = line_at(line).map_or(0, |l| l[..tab].chars().count()) as u32 + 1;
            message = "a tab, which YAML does not allow where it indents".into();
            help = Some("indent with spaces (a list item under its key: two spaces, then `- `); a key at the top starts at the line's beginning".into());
            at = Some((line, column));
        }
    } else if message.contains("cannot start any token")
        && let Some((line, c @ ('@' | '`'))) = stopped_at
        && let Some((key, value)) =
            line_at(line).and_then(|l| l.trim_end_matches('\r').split_once(':'))
    {
        message = format!("a value that starts with `{c}` must be quoted");
        help = Some(format!("write `{key}: \"{}\"`", value.trim()).into());
    }
    let mut diagnostic = Diagnostic::error(code, path, message);
    if let Some(help) = help {
        diagnostic = diagnostic.with_help(help);
    }
    match at {
        Some((line, column)) => diagnostic.at_line_col(file_text, line + line_offset, column, 1),
        None => diagnostic,
    }
}

/// The last line before line `line` (1-based) of `text` with something on it other than a
/// comment: its number, the column its text starts at, and the text.
fn line_before(text: &str, line: u32) -> Option<(u32, u32, &str)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let before = (line.checked_sub(1)? as usize).min(lines.len());
    lines[..before].iter().enumerate().rev().find_map(|(i, l)| {
        let trimmed = l.trim();
        (!trimmed.is_empty() && !trimmed.starts_with('#')).then(|| {
            let column = l.len() - l.trim_start().len();
            (i as u32 + 1, column as u32 + 1, trimmed)
        })
    })
}

/// The innermost `[` or `{` of `text` still open at the start of line `until` (1-based):
/// line, column and the bracket. Brackets inside quotes do not count.
fn unclosed_bracket(text: &str, until: u32) -> Option<(u32, u32, char)> {
    let mut open: Vec<(u32, u32, char)> = Vec::new();
    for (i, line) in text
        .split('\n')
        .enumerate()
        .take(until.saturating_sub(1) as usize)
    {
        let mut quote = None;
        for (column, (byte, c)) in line.char_indices().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') if byte == 0 || line[..byte].ends_with(' ') => break,
                (None, '[' | '{') => open.push((i as u32 + 1, column as u32 + 1, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
        }
    }
    open.pop()
}

/// The key on line `line` (1-based) of `text` when that line is indented under a `key: value`
/// line: YAML then reads it as the rest of that value (` weight: 10` under `owner: ops`).
fn indented_key(text: &str, line: u32) -> Option<&str> {
    let lines: Vec<&str> = text.split('\n').collect();
    let this = lines.get(line.checked_sub(1)? as usize)?;
    let indent = this.len() - this.trim_start().len();
    let (key, _) = this.trim_start().split_once(':')?;
    let above = lines[..line as usize - 1]
        .iter()
        .rev()
        .find(|l| !l.trim().is_empty())?;
    let above_indent = above.len() - above.trim_start().len();
    let (_, value) = above.trim_start().split_once(": ")?;
    let plain_key = !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || "_-".contains(c));
    (indent > above_indent && !value.trim().is_empty() && plain_key).then_some(key)
}

/// The line and column of the first quote in `text` that its line does not close (a value
/// such as `title: "Deploys` whose quote runs on to the end of the file).
fn unclosed_quote(text: &str) -> Option<(u32, u32)> {
    text.split('\n').enumerate().find_map(|(i, line)| {
        let value_start = line.find(": ").map(|c| c + 2).or_else(|| {
            let trimmed = line.trim_start();
            trimmed
                .starts_with("- ")
                .then(|| line.len() - trimmed.len() + 2)
        })?;
        let value = line[value_start..].trim_start();
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let inner = &value[1..];
        let closed = if quote == '"' {
            let mut escaped = false;
            inner.chars().any(|c| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end
            })
        } else {
            // `''` is a quote inside single quotes: an odd count closes the value.
            inner.matches('\'').count() % 2 == 1
        };
        let column = line.len() - value.len();
        (!closed).then(|| (i as u32 + 1, line[..column].chars().count() as u32 + 1))
    })
}

/// Where `value` is written on a `key:` line of `text` (an inline value or list), else where
/// the first `key:` is: line and column, for a diagnostic about a value checked after parsing.
pub fn find_value(text: &str, key: &str, value: &str) -> Option<(u32, u32)> {
    key_lines(text, key)
        .find_map(|(line, _)| {
            let written = text.split('\n').nth(line as usize - 1)?;
            let column = written.find(value)?;
            Some((line, written[..column].chars().count() as u32 + 1))
        })
        .or_else(|| key_lines(text, key).next())
}

/// Every line of `text` where `key:` is written (at any indentation, or as a list item's
/// first key, `- path: …`), with its column.
pub fn key_lines<'a>(text: &'a str, key: &'a str) -> impl Iterator<Item = (u32, u32)> + 'a {
    text.split('\n').enumerate().filter_map(move |(i, line)| {
        let trimmed = line.trim_start();
        let trimmed = match trimmed.strip_prefix('-') {
            Some(item) if item.starts_with([' ', '\t']) => item.trim_start(),
            _ => trimmed,
        };
        let rest = trimmed.strip_prefix(key)?;
        rest.trim_start().starts_with(':').then(|| {
            let indent = line.len() - trimmed.len();
            (i as u32 + 1, line[..indent].chars().count() as u32 + 1)
        })
    })
}

/// The line before line `line` (1-based) of `text` when it is a key glued to its value,
/// `title:N16` (no space after the colon): its number, the key and the value.
fn glued_key(text: &str, line: u32) -> Option<(u32, &str, &str)> {
    let before = line.checked_sub(1).filter(|&l| l > 0)?;
    let written = text.split('\n').nth(before as usize - 1)?.trim_end();
    let (key, value) = written.split_once(':')?;
    let glued = !key.is_empty()
        && !key.starts_with([' ', '\t', '-', '#'])
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        && !value.is_empty()
        && !value.starts_with([' ', '\t'])
        && !value.starts_with("//");
    glued.then_some((before, key, value))
}

// serde_yaml appends " at line L column C" to its messages; we show the location ourselves.
// Its messages also name Rust's types, which say nothing to a writer: those are put in words.
fn strip_location(message: &str) -> String {
    let message = match message.find(" at line ") {
        Some(i) => &message[..i],
        None => message,
    };
    if let Some(number) = message
        .strip_suffix(" as u128, expected any YAML value")
        .or_else(|| message.strip_suffix(" as i128, expected any YAML value"))
        .and_then(|m| m.rsplit_once("integer `"))
        .map(|(_, n)| n.trim_end_matches('`'))
    {
        let key = message
            .split_once(": invalid type")
            .map(|(k, _)| format!("{k}: "));
        return format!(
            "{}the number {number} is too large",
            key.unwrap_or_default()
        );
    }
    let mut plain = message.to_string();
    for (rust, words) in [
        ("expected u8", "expected a whole number of 0 or more"),
        ("expected u16", "expected a whole number of 0 or more"),
        ("expected u32", "expected a whole number of 0 or more"),
        ("expected u64", "expected a whole number of 0 or more"),
        ("expected usize", "expected a whole number of 0 or more"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected f32", "expected a number"),
        ("expected f64", "expected a number"),
    ] {
        if let Some(rest) = plain.strip_suffix(rust) {
            plain = format!("{rest}{words}");
        }
    }
    if let Some(at) = plain.find("expected struct ") {
        plain.truncate(at);
        plain.push_str("expected a mapping of `key: value` lines");
    }
    plain
}

/// Finds `key:` in YAML `text` (at any indentation) and returns its 1-based line and column.
/// Good enough to point a diagnostic at a key after the value was parsed.
pub fn find_key(text: &str, key: &str) -> Option<(u32, u32)> {
    key_lines(text, key).next().or_else(|| flow_key(text, key))
}

/// "did you mean `review`?" for serde's "unknown field `reviw`, expected one of `title`, …"
/// (after the path of a nested key: "review: unknown field …"); for a key in capitals, the
/// key in lower case.
pub fn misspelt_key(message: &str) -> Option<String> {
    let marker = "unknown field `";
    let rest = &message[message.find(marker)? + marker.len()..];
    let (key, expected) = rest.split_once('`')?;
    let mut known = expected.split('`').skip(1).step_by(2);
    if let Some(lower) = known.clone().find(|k| k.eq_ignore_ascii_case(key)) {
        return Some(format!("keys are written in lower case: `{lower}`"));
    }
    let meant = crate::frontmatter::did_you_mean(key, &mut known)?;
    Some(format!("did you mean `{meant}`?"))
}

/// Where `key` is written as a key of a flow mapping (`rules: {overdu: error}`): after a `{`
/// or `,`, followed by `:`.
fn flow_key(text: &str, key: &str) -> Option<(u32, u32)> {
    text.split('\n').enumerate().find_map(|(i, line)| {
        line.match_indices(key).find_map(|(at, _)| {
            let before = line[..at].trim_end();
            let after = line[at + key.len()..].trim_start();
            ((before.ends_with('{') || before.ends_with(',')) && after.starts_with(':'))
                .then(|| (i as u32 + 1, line[..at].chars().count() as u32 + 1))
        })
    })
}

/// Where the key `key:` is written among the keys of the top-level mapping `parent:` (the
/// lines indented under it, or its flow mapping `parent: {…}`): `translations:`'s `review:`,
/// not the configuration's own `review:`. Falls back to [`find_key`].
pub fn find_key_under(text: &str, parent: &str, key: &str) -> Option<(u32, u32)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let start = lines.iter().position(|l| {
        l.strip_prefix(parent)
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    let Some(start) = start else {
        return find_key(text, key);
    };
    let quoted = [key.to_string(), format!("\"{key}\""), format!("'{key}'")];
    for (i, line) in lines.iter().enumerate().skip(start) {
        let nested = i > start;
        if nested
            && !line.starts_with([' ', '\t'])
            && !line.trim().is_empty()
            && !line.starts_with('#')
        {
            break;
        }
        for name in &quoted {
            for (at, _) in line.match_indices(name.as_str()) {
                let before = line[..at].trim_end();
                let after = line[at + name.len()..].trim_start();
                let starts_key =
                    (nested && before.is_empty()) || before.ends_with('{') || before.ends_with(',');
                if starts_key && after.starts_with(':') {
                    return Some((i as u32 + 1, line[..at].chars().count() as u32 + 1));
                }
            }
        }
    }
    find_key(text, key)
}

/// Where `value` is written in the entry `entry:` of `text` (the lines indented under the
/// first line where that key is), on a line of `field:` or on a list item below it: line,
/// column and width. `None` when it is not found there (a flow mapping, say).
pub fn find_in_entry(text: &str, entry: &str, field: &str, value: &str) -> Option<(u32, u32, u32)> {
    let (entry_line, entry_column) = key_lines(text, entry).next()?;
    let lines: Vec<&str> = text.split('\n').collect();
    let indent = |l: &str| l.chars().take_while(|c| *c == ' ').count() as u32;
    let mut in_field = false;
    for (i, line) in lines.iter().enumerate().skip(entry_line as usize) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if indent(line) < entry_column {
            break;
        }
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(field)
            && rest.trim_start().starts_with(':')
        {
            in_field = true;
        } else if !trimmed.starts_with("- ") {
            in_field = false;
        }
        // The value as a whole word (`ana` is not the start of `anna`).
        let part_of_word =
            |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "-_.".contains(c));
        let whole = line
            .match_indices(value)
            .map(|(byte, _)| byte)
            .find(|&byte| {
                !part_of_word(line[..byte].chars().next_back())
                    && !part_of_word(line[byte + value.len()..].chars().next())
            });
        if in_field && let Some(byte) = whole {
            let column = line[..byte].chars().count() as u32 + 1;
            return Some((i as u32 + 1, column, value.chars().count() as u32));
        }
    }
    None
}

/// Renders a YAML scalar as text, for messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("\"{s}\""),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => describe(&t.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_in_block_and_flow_mappings() {
        let text = "title: X\nrules:\n  overdue: note\nnav: {max_children: 0, deep: 1}\n";
        assert_eq!(find_key(text, "overdue"), Some((3, 3)));
        assert_eq!(find_key(text, "max_children"), Some((4, 7)));
        assert_eq!(find_key(text, "deep"), Some((4, 24)));
        assert_eq!(find_key(text, "children"), None);
    }

    #[test]
    fn a_text_opening_thousands_of_brackets_is_refused_before_parsing() {
        let text = format!("title: ok\nsummary: {}\n", "[".repeat(40_000));
        let d = parse_value(&text, &text, "a.md", 0).unwrap_err();
        assert_eq!((d.code, d.line, d.column), ("yaml-syntax", 2, 10));
        assert!(
            d.message.starts_with("40000 `[` and `{` open here"),
            "{}",
            d.message
        );
        assert!(parse_value("tags: [a, [b, {c: d}]]\n", "", "a.md", 0).is_ok());
    }

    #[test]
    fn messages_name_no_rust_types() {
        let message = |text: &str| {
            #[derive(Debug, serde::Deserialize)]
            #[allow(dead_code)]
            struct Config {
                days: u32,
            }
            from_str_located::<Config>(text, "a.yaml", "config")
                .unwrap_err()
                .message
        };
        assert_eq!(
            message("days: -5\n"),
            "days: invalid type: integer `-5`, expected a whole number of 0 or more"
        );
        assert_eq!(
            message("- a\n"),
            "invalid type: sequence, expected a mapping of `key: value` lines"
        );
        let text = "weight: 99999999999999999999999999\n";
        assert_eq!(
            parse_value(text, text, "a.md", 0).unwrap_err().message,
            "weight: the number 99999999999999999999999999 is too large"
        );
    }

    #[test]
    fn a_bracket_left_open_or_an_indented_key_is_reported_where_it_is() {
        let located = |text: &str| {
            let d = parse_value(text, text, "a.md", 0).unwrap_err();
            (d.message, d.line, d.column)
        };
        assert_eq!(
            located("title: A\ntags: [incident, \"a]\", on-call\nstatus: active\n"),
            ("this list is never closed".to_string(), 2, 7)
        );
        assert_eq!(
            located("title: Café # é\ntags: [é, ü\nstatus: active\n"),
            ("this list is never closed".to_string(), 2, 7)
        );
        assert_eq!(
            located("owner: {id: ops\nstatus: active\n"),
            ("this mapping is never closed".to_string(), 1, 8)
        );
        assert_eq!(
            located("title: A\nowner: ops\n weight: 10\n"),
            (
                "`weight:` is indented, so it is read as part of the line above".to_string(),
                3,
                1
            )
        );
        // A key glued to its value is text to YAML: the line after is where it gives up.
        assert_eq!(
            located("title:N16\nowner: ops\n"),
            (
                "`title:N16` needs a space after its `:` to be a key".to_string(),
                1,
                1
            )
        );
        // A key without its `:` is found where the parser gives up: on the next key, or past
        // blank lines and comments.
        for text in [
            "title: A\nowner\nstatus: active\n",
            "title: A\nowner\n\n# x\n",
        ] {
            assert_eq!(
                located(text),
                (
                    "`owner` has no `:`, so it is neither a key nor a value".to_string(),
                    2,
                    1
                ),
                "{text:?}"
            );
        }
        // A list across lines is fine; a nested mapping is no mistake either.
        assert!(parse_value("tags: [a,\n  b]\nx: 1\n", "", "a.md", 0).is_ok());
        assert!(parse_value("owner:\n  id: ops\n", "", "a.md", 0).is_ok());
    }
}
