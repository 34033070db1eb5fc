//! Front matter: splitting the YAML block off a Markdown file and reading it into a typed
//! [`FrontMatter`], reporting every bad key at its own line.

use jiff::civil::Date;

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
    pub weight: Option<i64>,
    /// `tools`, `templates`, `related`: typed page references.
    pub tools: Vec<Located<String>>,
    /// See `tools`.
    pub templates: Vec<Located<String>>,
    /// See `tools`.
    pub related: Vec<Located<String>>,
    /// `search: false` keeps a page out of the search index.
    pub search: bool,
    /// Kind-specific text fields shown on the page (`version`, `vendor`, `access` …), in
    /// the order of [`EXTRA_FIELDS`].
    pub extra: Vec<(&'static str, String)>,
    /// `admins` of a tool: owner ids.
    pub admins: Vec<Located<String>>,
}

/// Kind-specific text fields: (key, label shown on the page).
pub const EXTRA_FIELDS: &[(&str, &str)] = &[
    ("version", "Version"),
    ("date", "Release date"),
    ("product", "Product"),
    ("tool", "Tool"),
    ("vendor", "Vendor"),
    ("access", "How to get access"),
];

const KNOWN_FIELDS: &[&str] = &[
    "title",
    "summary",
    "kind",
    "owner",
    "last_reviewed",
    "review_every",
    "review_due",
    "status",
    "tags",
    "aliases",
    "weight",
    "tools",
    "templates",
    "related",
    "search",
    "admins",
    "version",
    "date",
    "product",
    "tool",
    "vendor",
    "access",
];

/// A Markdown file cut into its front matter and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if there was a front-matter block.
    pub yaml: Option<&'a str>,
    /// Number of file lines before the YAML text (the opening fence).
    pub yaml_line_offset: u32,
    /// Byte offset in the file where the Markdown body starts.
    pub body_offset: usize,
}

/// Finds a front-matter block: `---` on the first line, closed by `---` or `...` on a line of
/// its own. An opening fence without a closing one is an error.
pub fn split<'a>(text: &'a str, path: &str) -> Result<Split<'a>, Box<Diagnostic>> {
    let none = Split {
        yaml: None,
        yaml_line_offset: 0,
        body_offset: 0,
    };
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_line_end].trim_end() != "---" {
        return Ok(none);
    }
    let mut pos = first_line_end;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i + 1);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Ok(Split {
                yaml: Some(&text[first_line_end..pos]),
                yaml_line_offset: 1,
                body_offset: end,
            });
        }
        pos = end;
    }
    Err(Box::new(
        Diagnostic::error(
            "front-matter-unclosed",
            path,
            "the front matter starting here is never closed",
        )
        .at_line_col(text, 1, 1, 3)
        .with_help("end the front matter with a line containing only `---`"),
    ))
}

/// Reads the YAML of a front-matter block into a [`FrontMatter`], pushing one diagnostic per
/// bad key. `file_text` is the whole file, for locating keys.
pub fn parse(
    yaml_text: &str,
    file_text: &str,
    path: &str,
    line_offset: u32,
    diagnostics: &mut Vec<Diagnostic>,
) -> FrontMatter {
    let mut front = FrontMatter {
        search: true,
        ..FrontMatter::default()
    };
    let value = match yaml::parse_value(yaml_text, file_text, path, line_offset) {
        Ok(v) => v,
        Err(d) => {
            diagnostics.push((*d).with_help("fix the YAML between the `---` lines"));
            return front;
        }
    };
    let mapping = match value {
        Value::Mapping(m) => m,
        Value::Null => return front,
        other => {
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
                .with_help("write one `key: value` per line"),
            );
            return front;
        }
    };
    let reader = Reader {
        file_text,
        yaml_text,
        path,
        line_offset,
    };
    for (key, value) in mapping {
        let Some(key) = key.as_str().map(str::to_string) else {
            diagnostics.push(
                Diagnostic::error(
                    "wrong-type",
                    path,
                    format!("front-matter key {} is not text", yaml::describe(&key)),
                )
                .at_line_col(file_text, line_offset + 1, 1, 1),
            );
            continue;
        };
        let line = reader.line_of(&key);
        let result = reader.apply(&mut front, &key, value, line);
        if let Err(d) = result {
            diagnostics.push(*d);
        }
    }
    front
}

struct Reader<'a> {
    file_text: &'a str,
    yaml_text: &'a str,
    path: &'a str,
    line_offset: u32,
}

type Res<T> = Result<T, Box<Diagnostic>>;

impl Reader<'_> {
    /// Line of a top-level `key:` in the file, or the first YAML line when not found.
    fn line_of(&self, key: &str) -> u32 {
        let found = self.yaml_text.split('\n').position(|l| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        });
        self.line_offset + found.map_or(1, |i| i as u32 + 1)
    }

    /// Column where the value of the key on `line` starts.
    fn value_column(&self, line: u32) -> (u32, u32) {
        let text = self
            .file_text
            .split('\n')
            .nth(line as usize - 1)
            .unwrap_or("");
        let text = text.trim_end_matches('\r');
        match text.find(':') {
            Some(colon) => {
                let after = &text[colon + 1..];
                let value = after.trim();
                let start = colon + 1 + (after.len() - after.trim_start().len());
                (
                    text[..start].chars().count() as u32 + 1,
                    value.chars().count().max(1) as u32,
                )
            }
            None => (1, 1),
        }
    }

    fn error(&self, code: &'static str, line: u32, message: String, help: &str) -> Box<Diagnostic> {
        let (column, width) = self.value_column(line);
        Box::new(
            Diagnostic::new(Severity::Error, code, self.path, message)
                .at_line_col(self.file_text, line, column, width)
                .with_help(help),
        )
    }

    fn raw_scalar(&self, line: u32) -> String {
        let text = self
            .file_text
            .split('\n')
            .nth(line as usize - 1)
            .unwrap_or("");
        let value = text.split_once(':').map_or("", |(_, v)| v);
        let value = value.split(" #").next().unwrap_or("").trim();
        value.trim_matches(['"', '\'']).to_string()
    }

    fn string(&self, key: &str, value: Value, line: u32) -> Res<String> {
        match value {
            Value::String(s) => Ok(s),
            // `version: 2.10` is a number to YAML; keep what the author wrote, not `2.1`.
            Value::Number(_) => Ok(self.raw_scalar(line)),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(self.error(
                "wrong-type",
                line,
                format!("`{key}` must be text, found {}", yaml::describe(&other)),
                &format!("write `{key}: some text`"),
            )),
        }
    }

    fn strings(&self, key: &str, value: Value, line: u32) -> Res<Vec<Located<String>>> {
        let items = match value {
            Value::Null => Vec::new(),
            Value::Sequence(items) => items,
            single => vec![single],
        };
        items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(Located { value: s, line }),
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
                    &format!("write `{key}: [first, second]`"),
                )),
            })
            .collect()
    }

    fn date(&self, key: &str, value: Value, line: u32) -> Res<Located<Date>> {
        let text = self.string(key, value, line)?;
        text.trim()
            .parse::<Date>()
            .map(|value| Located { value, line })
            .map_err(|e| {
                self.error(
                    "invalid-date",
                    line,
                    format!("`{key}` is not a valid date: \"{text}\" ({e})"),
                    "write the date as YYYY-MM-DD, such as 2026-09-30",
                )
            })
    }

    fn apply(&self, front: &mut FrontMatter, key: &str, value: Value, line: u32) -> Res<()> {
        match key {
            "title" => front.title = Some(self.string(key, value, line)?),
            "summary" => front.summary = Some(self.string(key, value, line)?),
            "kind" => {
                front.kind = Some(Located {
                    value: self.string(key, value, line)?,
                    line,
                })
            }
            "owner" => front.owners = self.strings(key, value, line)?,
            "admins" => front.admins = self.strings(key, value, line)?,
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
                            "invalid-status",
                            line,
                            format!("unknown status \"{text}\""),
                            "use one of: draft, active, deprecated, archived",
                        ));
                    }
                }
            }
            "tags" => {
                front.tags = self
                    .strings(key, value, line)?
                    .into_iter()
                    .map(|t| t.value)
                    .collect()
            }
            "aliases" => front.aliases = self.strings(key, value, line)?,
            "tools" => front.tools = self.strings(key, value, line)?,
            "templates" => front.templates = self.strings(key, value, line)?,
            "related" => front.related = self.strings(key, value, line)?,
            "weight" => {
                front.weight = Some(value.as_i64().ok_or_else(|| {
                    self.error(
                        "wrong-type",
                        line,
                        format!(
                            "`weight` must be a whole number, found {}",
                            yaml::describe(&value)
                        ),
                        "write `weight: 10`; lower weights come first",
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
                        "write `search: false` to keep the page out of search",
                    )
                })?
            }
            _ => {
                if let Some(&(field, _)) = EXTRA_FIELDS.iter().find(|(k, _)| *k == key) {
                    let text = self.string(key, value, line)?;
                    front.extra.push((field, text));
                    front
                        .extra
                        .sort_by_key(|(k, _)| EXTRA_FIELDS.iter().position(|(f, _)| f == k));
                } else {
                    return Err(self.unknown_field(key, line));
                }
            }
        }
        Ok(())
    }

    fn unknown_field(&self, key: &str, line: u32) -> Box<Diagnostic> {
        let column = self
            .file_text
            .split('\n')
            .nth(line as usize - 1)
            .and_then(|l| l.find(key))
            .map_or(1, |c| c as u32 + 1);
        let suggestion = did_you_mean(key, KNOWN_FIELDS.iter().copied());
        let help = match suggestion {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known fields are: {}", KNOWN_FIELDS.join(", ")),
        };
        Box::new(
            Diagnostic::warning(
                "unknown-field",
                self.path,
                format!("unknown front-matter field `{key}`"),
            )
            .at_line_col(self.file_text, line, column, key.chars().count() as u32)
            .with_help(help),
        )
    }
}

/// The closest candidate to `word`, if one is close enough to be a likely typo.
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
        .filter(|(distance, c)| *distance > 0 && *distance <= (c.chars().count() / 4).max(1))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_file(text: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let split = split(text, "a.md").unwrap();
        let mut diagnostics = Vec::new();
        let front = parse(
            split.yaml.unwrap(),
            text,
            "a.md",
            split.yaml_line_offset,
            &mut diagnostics,
        );
        (front, diagnostics)
    }

    #[test]
    fn splits_with_crlf_and_dots_closing() {
        let text = "---\r\ntitle: A\r\n...\r\nbody";
        let s = split(text, "a.md").unwrap();
        assert_eq!(s.yaml, Some("title: A\r\n"));
        assert_eq!(&text[s.body_offset..], "body");
        assert_eq!(split("no front matter", "a.md").unwrap().yaml, None);
        assert_eq!(split("----\nx", "a.md").unwrap().yaml, None);
    }

    #[test]
    fn unclosed_front_matter_is_an_error() {
        let d = split("---\ntitle: A\n", "a.md").unwrap_err();
        assert_eq!((d.code, d.line), ("front-matter-unclosed", 1));
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
        assert_eq!(f.extra, vec![("version", "2.10".to_string())]);
        assert_eq!(f.tags, ["x"]);
        assert_eq!(f.weight, Some(3));
    }

    #[test]
    fn every_bad_key_is_reported_at_its_line() {
        let (_, d) =
            parse_file("---\ntitle: T\nlast_reviewed: 2026-02-30\nowenr: x\nweight: heavy\n---\n");
        let found: Vec<_> = d.iter().map(|d| (d.code, d.line, d.column)).collect();
        assert_eq!(
            found,
            [
                ("invalid-date", 3, 16),
                ("unknown-field", 4, 1),
                ("wrong-type", 5, 9)
            ]
        );
        assert_eq!(d[1].help.as_deref(), Some("did you mean `owner`?"));
    }

    #[test]
    fn yaml_syntax_error_is_located_in_the_file() {
        let (_, d) = parse_file("---\ntitle: T\nowner: [a\n---\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, "yaml-syntax");
        assert!(d[0].line >= 3, "{:?}", d[0]);
    }
}
