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
    serde_yaml::from_str(text).map_err(|e| Box::new(error_to_diagnostic(&e, text, path, code, 0)))
}

/// Parses `text` into a generic YAML value. `line_offset` is the number of file lines before
/// `text` starts (for front matter inside a Markdown file, whose full text is `file_text`).
pub fn parse_value(
    text: &str,
    file_text: &str,
    path: &str,
    line_offset: u32,
) -> Result<Value, Box<Diagnostic>> {
    serde_yaml::from_str(text).map_err(|e| {
        Box::new(error_to_diagnostic(
            &e,
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

fn error_to_diagnostic(
    error: &serde_yaml::Error,
    file_text: &str,
    path: &str,
    code: &'static str,
    line_offset: u32,
) -> Diagnostic {
    let message = strip_location(&error.to_string());
    let diagnostic = Diagnostic::error(code, path, message);
    match error.location() {
        Some(loc) => diagnostic.at_line_col(
            file_text,
            loc.line() as u32 + line_offset,
            loc.column() as u32,
            1,
        ),
        None => diagnostic,
    }
}

// serde_yaml appends " at line L column C" to its messages; we show the location ourselves.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Finds `key:` in YAML `text` (at any indentation) and returns its 1-based line and column.
/// Good enough to point a diagnostic at a key after the value was parsed.
pub fn find_key(text: &str, key: &str) -> Option<(u32, u32)> {
    text.split('\n').enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start();
        let rest = trimmed.strip_prefix(key)?;
        rest.trim_start().starts_with(':').then(|| {
            let indent = line.len() - trimmed.len();
            (i as u32 + 1, line[..indent].chars().count() as u32 + 1)
        })
    })
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
