//! The site configuration: `opsbook.yaml` parsed into [`Config`], every key optional, unknown
//! keys rejected with a located error, and the built-in page kinds.

use serde::Deserialize;

use crate::diag::Diagnostic;
use crate::yaml;

/// File name of the site configuration, at the site root.
pub const CONFIG_FILE: &str = "opsbook.yaml";

/// Everything `opsbook.yaml` can say. Each field documents its default.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Site title, shown in the header and in `<title>`. Default: `Wiki`.
    pub title: String,
    /// One line describing the site, used on the home page and in `<meta>`.
    pub description: String,
    /// The `lang` attribute of every page. Default: `en`.
    pub language: String,
    /// Absolute URL the site is published at, such as `https://intranet.example/wiki/`; used for
    /// canonical links and `sitemap.xml`. Internal links are relative and need no base URL.
    pub base_url: String,
    /// Folder of Markdown pages, relative to the site root. Default: `content`.
    pub content_dir: String,
    /// Folder the site is written to, relative to the site root. Default: `public`.
    pub output_dir: String,
    /// Markdown rendering options.
    pub markdown: MarkdownConfig,
    /// Review-date policy.
    pub review: ReviewConfig,
    /// Sidebar options.
    pub nav: NavConfig,
}

/// `markdown:` in `opsbook.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML in Markdown through (default `true`); `false` escapes it as text.
    pub allow_html: bool,
    /// Highlight fenced code blocks with a language at build time (default `true`).
    pub highlight: bool,
}

/// `review:` in `opsbook.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewConfig {
    /// A page is "due soon" when its review falls due within this many days. Default: 30.
    pub due_soon_days: u32,
}

/// `nav:` in `opsbook.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NavConfig {
    /// Most children the sidebar shows under one section before a "All N pages" link; keeps
    /// every page small on huge sites. Default: 50.
    pub max_children: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Wiki".into(),
            description: String::new(),
            language: "en".into(),
            base_url: String::new(),
            content_dir: "content".into(),
            output_dir: "public".into(),
            markdown: MarkdownConfig::default(),
            review: ReviewConfig::default(),
            nav: NavConfig::default(),
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            allow_html: true,
            highlight: true,
        }
    }
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig { due_soon_days: 30 }
    }
}

impl Default for NavConfig {
    fn default() -> Self {
        NavConfig { max_children: 50 }
    }
}

impl Config {
    /// Parses the text of `opsbook.yaml`. An empty file gives the defaults.
    pub fn parse(text: &str) -> Result<Config, Box<Diagnostic>> {
        let config: Config = yaml::from_str_located(text, CONFIG_FILE, "config").map_err(|d| {
            Box::new(d.with_help("see the configuration section of the README for every key"))
        })?;
        config.check(text)
    }

    fn check(self, text: &str) -> Result<Config, Box<Diagnostic>> {
        let fail = |key: &str, message: String, help: &str| {
            let d = Diagnostic::error("config", CONFIG_FILE, message).with_help(help);
            Box::new(match yaml::find_key(text, key) {
                Some((line, col)) => d.at_line_col(text, line, col, key.len() as u32),
                None => d,
            })
        };
        let absolute = ["http://", "https://", "/"]
            .iter()
            .any(|prefix| self.base_url.starts_with(prefix));
        if !self.base_url.is_empty() && !absolute {
            return Err(fail(
                "base_url",
                format!("base_url \"{}\" is not an absolute URL", self.base_url),
                "write it as https://host/path/ or as a path such as /wiki/",
            ));
        }
        if self.nav.max_children == 0 {
            return Err(fail(
                "max_children",
                "nav.max_children must be at least 1".into(),
                "use a number such as 50",
            ));
        }
        for (key, value) in [
            ("content_dir", &self.content_dir),
            ("output_dir", &self.output_dir),
        ] {
            if value.trim().is_empty() || value.split(['/', '\\']).any(|p| p == "..") {
                return Err(fail(
                    key,
                    format!("{key} \"{value}\" must be a folder inside the site"),
                    "use a relative path such as `public`",
                ));
            }
        }
        Ok(self)
    }
}

/// A kind of page: what it is called, where it lives and how it is governed.
#[derive(Debug, Clone)]
pub struct Kind {
    /// Identifier used in front matter (`kind: process`).
    pub id: &'static str,
    /// Top folder under `content/` whose pages have this kind by default.
    pub folder: &'static str,
    /// Singular title, such as "Process".
    pub title: &'static str,
    /// Plural title, such as "Processes".
    pub plural: &'static str,
    /// Whether pages of this kind carry a review date.
    pub reviewed: bool,
    /// Review interval when a page gives none.
    pub default_interval: &'static str,
}

/// The built-in kinds, in the order they appear in navigation.
pub fn builtin_kinds() -> Vec<Kind> {
    vec![
        Kind {
            id: "process",
            folder: "processes",
            title: "Process",
            plural: "Processes",
            reviewed: true,
            default_interval: "6 months",
        },
        Kind {
            id: "template",
            folder: "templates",
            title: "Template",
            plural: "Templates",
            reviewed: true,
            default_interval: "1 year",
        },
        Kind {
            id: "tool",
            folder: "tools",
            title: "Tool guide",
            plural: "Tool guides",
            reviewed: true,
            default_interval: "6 months",
        },
        Kind {
            id: "release",
            folder: "releases",
            title: "Release note",
            plural: "Release notes",
            reviewed: false,
            default_interval: "",
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_gives_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.title, "Wiki");
        assert_eq!(c.output_dir, "public");
        assert!(c.markdown.allow_html);
    }

    #[test]
    fn unknown_key_is_located() {
        let err = Config::parse("title: X\ntitel: Y\n").unwrap_err();
        assert_eq!(err.code, "config");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("titel"), "{}", err.message);
    }

    #[test]
    fn nested_unknown_key_and_wrong_type_are_located() {
        let err = Config::parse("markdown:\n  allow_htm: true\n").unwrap_err();
        assert_eq!(err.line, 2);
        let err = Config::parse("review:\n  due_soon_days: soon\n").unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn output_dir_cannot_escape_the_site() {
        let err = Config::parse("output_dir: ../elsewhere\n").unwrap_err();
        assert_eq!((err.line, err.column), (1, 1));
    }
}
