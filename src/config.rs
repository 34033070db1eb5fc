//! The site configuration: `opsbook.yaml` parsed into [`Config`], every key optional, unknown
//! keys rejected with a located error, and the built-in page kinds.

use std::collections::BTreeMap;

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
    /// Web address of the repository holding the site, such as `https://github.com/acme/wiki`;
    /// pages link to `{repo_url}/edit/{edit_branch}/{path}` ("Edit this page"). Default: empty,
    /// no edit links.
    pub repo_url: String,
    /// Edit link template for other forges (GitLab, Gitea …), such as
    /// `https://gitlab.example/wiki/-/edit/main/{path}`; `{path}` is the page's path from the
    /// repository root and `{branch}` is `edit_branch`. Overrides the link made from `repo_url`.
    /// Default: empty.
    pub edit_url: String,
    /// Branch that edit links open. Default: `main`.
    pub edit_branch: String,
    /// An image of the site's (a file of `static/`, or one beside the pages), shown in the
    /// header before the title in place of the theme's mark, such as `logo.svg`. Default:
    /// empty, the theme's mark.
    pub logo: String,
    /// Markdown rendering options.
    pub markdown: MarkdownConfig,
    /// Review-date policy.
    pub review: ReviewConfig,
    /// Sidebar options.
    pub nav: NavConfig,
    /// Page kinds: changes to the built-in ones and new ones, by id.
    pub kinds: BTreeMap<String, KindConfig>,
    /// Values for pages under a folder that do not set them.
    pub defaults: Vec<FolderDefaults>,
    /// Other tools' front-matter keys read as opsbook's: `owner_slack: owner`.
    pub field_map: BTreeMap<String, String>,
    /// The allowed tags; empty allows any.
    pub tags: Vec<String>,
    /// Severity per rule code (`overdue: error`, `unknown-field: off`).
    pub rules: BTreeMap<String, RuleLevel>,
    /// Files and folders under `content_dir` that are no part of the site, as glob patterns
    /// from the content folder (`drafts/**`, `**/node_modules`, `**/*.draft.md`): neither
    /// read nor published. Default: none.
    pub ignore: Vec<String>,
    /// The theme's words changed, or the site's own templates' words, by key
    /// (`search: Suche`; counted words by plural form: `days: {one: "{n} Tag", other: …}`).
    /// The README's Languages and `themes/default/i18n/en.yaml` list the words. Default: none.
    pub translations: BTreeMap<String, crate::i18n::Entry>,
    /// The file's text, to point at a value that is checked against other files later
    /// ([`Config::check_owners`]).
    #[serde(skip)]
    pub source: String,
    /// The theme's words in `language`, with `translations` over them.
    #[serde(skip)]
    pub words: std::sync::Arc<crate::i18n::Words>,
}

/// `markdown:` in `opsbook.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Pass raw HTML in Markdown through (default `true`); `false` escapes it as text.
    pub allow_html: bool,
    /// Highlight fenced code blocks with a language at build time (default `true`).
    pub highlight: bool,
    /// The Mermaid script that draws ` ```mermaid ` blocks as diagrams: a file of the site's
    /// `static/` folder (`assets/mermaid.min.js`, from the `mermaid` npm package's `dist/`)
    /// or a web address. Only pages with a diagram load it. Default: none, and the blocks show
    /// as code. Not built in: it is 3 MB, most wikis draw no diagram, and the theme makes no
    /// request outside the site unless the site asks.
    pub mermaid: String,
    /// Show GitHub's emoji shortcodes (`:warning:`, `:white_check_mark:`) as their emoji, as
    /// GitHub, GitLab and MkDocs Material do (default `true`); `false` leaves them as written.
    pub emoji: bool,
}

/// Where a script the site names (`markdown.mermaid`) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script<'a> {
    /// A file of the published site, by its path from the site's root (no leading `/`), and
    /// what follows the path as written (`?v=2`, kept in the link).
    File { path: &'a str, query: &'a str },
    /// A web address, linked as written.
    Web(&'a str),
}

/// `review:` in `opsbook.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewConfig {
    /// A page is "due soon" when its review falls due within this many days. Default: 30.
    pub due_soon_days: u32,
    /// The interval of a reviewed page that neither it nor its kind gives one (a page of no
    /// kind with a `last_reviewed`, a kind without `review_every`), so such a page falls due.
    /// Default: 6 months, the `process` kind's.
    pub every: String,
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
            repo_url: String::new(),
            edit_url: String::new(),
            edit_branch: "main".into(),
            logo: String::new(),
            markdown: MarkdownConfig::default(),
            review: ReviewConfig::default(),
            nav: NavConfig::default(),
            kinds: BTreeMap::new(),
            defaults: Vec::new(),
            field_map: BTreeMap::new(),
            tags: Vec::new(),
            rules: BTreeMap::new(),
            ignore: Vec::new(),
            translations: BTreeMap::new(),
            source: String::new(),
            words: std::sync::Arc::new(crate::i18n::Words::english()),
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig {
            allow_html: true,
            highlight: true,
            mermaid: String::new(),
            emoji: true,
        }
    }
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            due_soon_days: 30,
            every: "6 months".into(),
        }
    }
}

impl Default for NavConfig {
    fn default() -> Self {
        NavConfig { max_children: 50 }
    }
}

impl Config {
    /// Parses the text of `opsbook.yaml`. An empty file gives the defaults.
    /// Its mistakes are all reported, but for those of YAML and of the keys' types: the reader
    /// stops at the first of those.
    pub fn parse(text: &str) -> Result<Config, Vec<Diagnostic>> {
        // Said as in pages (it was `<<<<<<< HEAD` read as a key without its `:`).
        let conflicts = crate::parse::merge_conflicts(text, CONFIG_FILE);
        if !conflicts.is_empty() {
            return Err(conflicts);
        }
        let mut config: Config =
            yaml::from_str_located(text, CONFIG_FILE, "config").map_err(|d| {
                // The YAML reader's own help, where it has one, says it better; for a key
                // misspelt, the key meant.
                let help = d
                    .help
                    .clone()
                    .or_else(|| {
                        d.message.starts_with("translations").then(|| {
                            "a word is text (`edit_this_page: Suggest an edit`), or a counted word's forms (`days: {one: \"{n} day\", other: \"{n} days\"}`), under `translations:` as a mapping".into()
                        })
                    })
                    .or_else(|| yaml::misspelt_key(&d.message))
                    .unwrap_or_else(|| {
                        "see the configuration section of the README for every key".into()
                    });
                vec![d.with_help(help)]
            })?;
        config.source = text.to_string();
        config.words = std::sync::Arc::new(crate::i18n::Words::new(
            &config.language,
            &config.translations,
        ));
        config.check(text)
    }

    /// Fails on the owners in `defaults:` that `owners.yaml` does not know: reported once, where
    /// written, rather than on every page they would be given to.
    pub fn check_owners(&self, owners: &crate::owners::Registry) -> Result<(), Vec<Diagnostic>> {
        if !owners.present {
            return Ok(());
        }
        let mut errors = Vec::new();
        for owner in self.defaults.iter().flat_map(|d| &d.owner.0) {
            if owners.resolve(owner).is_some() {
                continue;
            }
            let help = match owners.likely(owner) {
                Some(id) => format!("did you mean `{id}`?"),
                None => format!("add `{owner}` to owners.yaml, or name one of its ids"),
            };
            let d = Diagnostic::error(
                "config",
                CONFIG_FILE,
                format!("`defaults` names owner `{owner}`, who is not in owners.yaml"),
            )
            .with_help(help);
            errors.push(match yaml::find_value(&self.source, "owner", owner) {
                Some((line, column)) => {
                    d.at_line_col(&self.source, line, column, owner.chars().count() as u32)
                }
                None => d,
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// A content file's path from the site root, as diagnostics, `pages.json` and edit links
    /// name it: `content/processes/x.md`, or `processes/x.md` with `content_dir: .` (not
    /// `./processes/x.md`).
    pub fn source_path(&self, rel: &str) -> String {
        let dir = self.content_dir.trim_end_matches('/');
        if dir.is_empty() || dir == "." {
            rel.to_string()
        } else {
            format!("{dir}/{rel}")
        }
    }

    /// The Mermaid script, when `markdown.mermaid` names one that can be linked: a web
    /// address, or a path inside the site (a leading `/` is the site's root, not the server's,
    /// so the site works under any base path).
    pub fn mermaid(&self) -> Option<Script<'_>> {
        let value = self.markdown.mermaid.trim();
        // Written into an attribute of the page: nothing that could end it.
        if value.is_empty()
            || value.contains(['"', '\'', '<', '>', '`', '\\'])
            || value.contains(char::is_whitespace)
        {
            return None;
        }
        let scheme = value.find("://").map(|at| value[..at].to_ascii_lowercase());
        if let Some(scheme) = scheme {
            let web = (scheme == "https" || scheme == "http") && value.len() > scheme.len() + 3;
            return web.then_some(Script::Web(value));
        }
        let value = value.trim_start_matches("./").trim_start_matches('/');
        let (path, query) = value.split_at(value.find(['?', '#']).unwrap_or(value.len()));
        let inside = !path.is_empty()
            && !path.contains(':')
            && path
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        inside.then_some(Script::File { path, query })
    }

    /// The path `logo` names from the site's root (`static/` and a leading `/` taken off),
    /// when it is one a page may link to.
    pub fn logo_path(&self) -> Option<&str> {
        let value = self
            .logo
            .trim()
            .trim_start_matches("./")
            .trim_start_matches('/');
        let value = value.strip_prefix("static/").unwrap_or(value);
        let inside = !value.is_empty()
            && !value.contains([':', '"', '\'', '<', '>', '\\'])
            && value
                .split('/')
                .all(|part| !part.is_empty() && part != "." && part != "..");
        inside.then_some(value)
    }

    /// Checks what serde cannot: every mistake found, so that one run lists them all.
    fn check(self, text: &str) -> Result<Config, Vec<Diagnostic>> {
        let mut errors = Vec::new();
        let fail = |key: &str, message: String, help: &str| {
            let d = Diagnostic::error("config", CONFIG_FILE, message).with_help(help);
            match yaml::find_key(text, key) {
                Some((line, col)) => d.at_line_col(text, line, col, key.len() as u32),
                None => d,
            }
        };
        // At `value` on a `key:` line (a list item, a default's kind), else at the key.
        let fail_at_value = |key: &str, value: &str, message: String, help: &str| {
            let d = Diagnostic::error("config", CONFIG_FILE, message).with_help(help);
            match yaml::find_value(text, key, value) {
                Some((line, column)) => {
                    d.at_line_col(text, line, column, value.chars().count() as u32)
                }
                None => d,
            }
        };
        if let Some((message, help)) = crate::i18n::language_tag_problem(&self.language) {
            errors.push(fail("language", message, &help));
        }
        for (key, message, help) in
            crate::i18n::check_translations(&self.translations, &self.language)
        {
            let d = Diagnostic::error("config", CONFIG_FILE, message).with_help(help);
            errors.push(match yaml::find_key_under(text, "translations", &key) {
                Some((line, col)) => d.at_line_col(text, line, col, key.chars().count() as u32),
                None => d,
            });
        }
        if let Err((pattern, e)) = self.ignore_set() {
            errors.push(fail_at_value(
                "ignore",
                &pattern,
                format!("`ignore` pattern \"{pattern}\" cannot be used: {e}"),
                "write a path pattern from the content folder, such as drafts/** or **/*.draft.md",
            ));
        }
        if !base_url_is_valid(&self.base_url) {
            errors.push(fail(
                "base_url",
                format!(
                    "base_url \"{}\" cannot be the address the site is published at",
                    self.base_url
                ),
                BASE_URL_HELP,
            ));
        }
        let web = |url: &str| url.starts_with("https://") || url.starts_with("http://");
        if !self.repo_url.is_empty() && !web(&self.repo_url) {
            errors.push(fail(
                "repo_url",
                format!("repo_url \"{}\" is not a web address", self.repo_url),
                "write the address you open in a browser, such as https://github.com/acme/wiki",
            ));
        }
        let template = &self.edit_url;
        if !(template.is_empty() || web(template) && template.contains("{path}")) {
            errors.push(fail(
                "edit_url",
                format!(
                    "edit_url \"{}\" must be a web address containing {{path}}",
                    self.edit_url
                ),
                "such as https://gitlab.example/wiki/-/edit/main/{path}",
            ));
        }
        if self.edit_branch.trim().is_empty() || self.edit_branch.contains(char::is_whitespace) {
            errors.push(fail(
                "edit_branch",
                format!("edit_branch \"{}\" is not a branch name", self.edit_branch),
                "use the branch edits should go to, such as `main`",
            ));
        }
        // A default tag outside the vocabulary: one error here, where it is written, not one
        // on every page it is given to (a thousand annotations on files no one touched).
        if !self.tags.is_empty() {
            let known = |tag: &str| {
                self.tags
                    .iter()
                    .any(|t| t.to_lowercase() == tag.to_lowercase())
            };
            let unknown_tag = |tag: &str| {
                let help = match crate::frontmatter::did_you_mean(
                    tag,
                    self.tags.iter().map(String::as_str),
                ) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => format!("add \"{tag}\" to `tags`, or give a tag from it"),
                };
                Diagnostic::error(
                    "config",
                    CONFIG_FILE,
                    format!("`defaults` gives the tag \"{tag}\", which is not in `tags`"),
                )
                .with_help(help)
            };
            let mut located: Vec<String> = Vec::new();
            for (line, column, tag) in default_tags_written(text) {
                if known(&tag) {
                    continue;
                }
                errors.push(unknown_tag(&tag).at_line_col(
                    text,
                    line,
                    column,
                    tag.chars().count() as u32,
                ));
                located.push(tag);
            }
            // Written where the lines above do not look (a flow mapping, a list over lines):
            // once each, at its first place after `defaults`.
            let mut unlocated: Vec<&String> = self
                .defaults
                .iter()
                .flat_map(|d| &d.tags)
                .filter(|t| !known(t) && !located.contains(t))
                .collect();
            unlocated.sort();
            unlocated.dedup();
            let defaults_at = text.find("\ndefaults").map_or(0, |at| at + 1);
            for tag in unlocated {
                let d = unknown_tag(tag);
                errors.push(match text[defaults_at..].find(tag.as_str()) {
                    Some(at) => d.at_offset(text, defaults_at + at, tag.len()),
                    None => d,
                });
            }
        }
        let mermaid = self.markdown.mermaid.trim();
        let address = mermaid.split(['?', '#']).next().unwrap_or("");
        if address.ends_with(".mjs") || address.contains(".esm.") {
            errors.push(fail_at_value(
                "mermaid",
                mermaid,
                format!("markdown.mermaid \"{mermaid}\" is Mermaid's ES module, which pages cannot load as a script"),
                "name `mermaid.min.js` of the same `dist/` folder",
            ));
        } else if !mermaid.is_empty() && self.mermaid().is_none() {
            errors.push(fail_at_value(
                "mermaid",
                &self.markdown.mermaid,
                format!(
                    "markdown.mermaid \"{}\" is neither a file of the site nor a web address",
                    self.markdown.mermaid
                ),
                "name a file in static/, such as `assets/mermaid.min.js`, or a web address (https://…)",
            ));
        }
        if self.nav.max_children == 0 {
            errors.push(fail(
                "max_children",
                "nav.max_children must be at least 1".into(),
                "use a number such as 50",
            ));
        }
        for (key, value, example) in [
            ("content_dir", &self.content_dir, "content"),
            ("output_dir", &self.output_dir, "public"),
        ] {
            // Both are the site's own: the output may be written elsewhere with --out (by
            // whoever runs the build), never by what a pull request writes in this file.
            let absolute = value.starts_with(['/', '\\']) || value.get(1..2) == Some(":");
            if value.trim().is_empty() || absolute || value.split(['/', '\\']).any(|p| p == "..") {
                errors.push(fail(
                    key,
                    format!("{key} \"{value}\" must be a folder inside the site"),
                    &format!("use a relative path such as `{example}`"),
                ));
            }
        }
        for code in self.rules.keys() {
            if crate::diag::find_rule(code).is_none() {
                let codes: Vec<&str> = crate::diag::RULES.iter().map(|r| r.code).collect();
                let help = match crate::frontmatter::did_you_mean(code, codes.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("rule codes are: {}", codes.join(", ")),
                };
                errors.push(fail(
                    code,
                    format!("unknown rule `{code}` in `rules`"),
                    &help,
                ));
            }
        }
        let kinds = self.kinds();
        let known_fields = |name: &str| {
            COMMON_FIELDS.contains(&name)
                || kinds
                    .iter()
                    .any(|k| k.fields.iter().any(|(f, _)| f == name))
        };
        for (from, to) in &self.field_map {
            if !known_fields(to) {
                errors.push(fail(
                    from,
                    format!(
                        "`field_map` maps `{from}` to `{to}`, which is not a front-matter field"
                    ),
                    &format!("map it to one of: {}", COMMON_FIELDS.join(", ")),
                ));
            }
        }
        for defaults in &self.defaults {
            if let Some(id) = &defaults.kind
                && !kinds.iter().any(|k| &k.id == id)
            {
                let ids: Vec<&str> = kinds.iter().map(|k| k.id.as_str()).collect();
                let help = match crate::frontmatter::did_you_mean(id, ids.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("kinds are: {}", ids.join(", ")),
                };
                errors.push(fail_at_value(
                    "kind",
                    id,
                    format!(
                        "`defaults` gives the kind `{id}` to `{}`, but there is no such kind",
                        defaults.path
                    ),
                    &help,
                ));
            }
        }
        for kind in &kinds {
            if kind.folder.trim_matches('/').is_empty() {
                errors.push(fail(
                    "folder",
                    format!("kind `{}` has an empty folder", kind.id),
                    &format!(
                        "name the folder under content/ its pages are in; to make every page a {0}, write `defaults: [{{path: \"\", kind: {0}}}]`",
                        kind.id
                    ),
                ));
            }
            if !kind.review_every.is_empty()
                && let Err(e) = crate::review::parse_interval(&kind.review_every)
            {
                errors.push(fail(
                    "review_every",
                    format!(
                        "kind `{}`: cannot read review_every \"{}\": {e}",
                        kind.id, kind.review_every
                    ),
                    "write it as 90d, 12w, 6 months or 1 year",
                ));
            }
            for name in &kind.required {
                if !known_fields(name) {
                    errors.push(fail_at_value(
                        "required",
                        name,
                        format!(
                            "kind `{}` requires `{name}`, which is not a front-matter field",
                            kind.id
                        ),
                        "declare it under the kind's `fields:` first",
                    ));
                }
            }
            for (name, spec) in &kind.fields {
                if spec.field_type == FieldType::Enum && spec.values.is_empty() {
                    errors.push(fail(
                        name,
                        format!("kind `{}`: enum field `{name}` lists no `values`", kind.id),
                        "add `values: [first, second]`",
                    ));
                }
                if COMMON_FIELDS.contains(&name.as_str()) {
                    errors.push(fail(
                        name,
                        format!(
                            "kind `{}`: `{name}` is a built-in field and cannot be redefined",
                            kind.id
                        ),
                        "choose another name",
                    ));
                }
            }
            // Said once, by the first of the kinds.
            let mut same_folder = kinds.iter().filter(|k| k.folder == kind.folder);
            if same_folder
                .next()
                .is_some_and(|first| std::ptr::eq(first, kind))
                && same_folder.next().is_some()
            {
                errors.push(fail(
                    "folder",
                    format!("two kinds use the folder `{}`", kind.folder),
                    "give each kind its own folder",
                ));
            }
        }
        if let Err(e) = crate::review::parse_interval(&self.review.every) {
            errors.push(fail(
                "every",
                format!("cannot read review.every \"{}\": {e}", self.review.every),
                "write it as 90d, 12w, 6 months or 1 year",
            ));
        }
        for defaults in &self.defaults {
            if let Some(every) = &defaults.review_every
                && let Err(e) = crate::review::parse_interval(every)
            {
                errors.push(fail_at_value(
                    "review_every",
                    every,
                    format!(
                        "defaults for `{}`: cannot read review_every \"{every}\": {e}",
                        defaults.path
                    ),
                    "write it as 90d, 12w, 6 months or 1 year",
                ));
            }
        }
        if errors.is_empty() {
            Ok(self)
        } else {
            // In the file's order (`rules` is a map without one).
            errors.sort_by_key(|d| (d.line, d.column));
            Err(errors)
        }
    }
}

impl Config {
    /// The "Edit this page" link of a file given its path from the repository root
    /// (`docs/content/x.md`): from `edit_url`, else from `repo_url`; empty when neither is set.
    pub fn edit_link(&self, path: &str) -> String {
        let repo = self.repo_url.trim_end_matches('/');
        let repo = repo.strip_suffix(".git").unwrap_or(repo);
        let template = if !self.edit_url.is_empty() {
            self.edit_url.clone()
        } else if !repo.is_empty() {
            format!("{repo}/edit/{{branch}}/{{path}}")
        } else {
            return String::new();
        };
        template
            .replace("{branch}", &encode_path(&self.edit_branch))
            .replace("{path}", &encode_path(path))
    }
}

/// Percent-encodes what may not stand in a URL path, keeping `/`.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A kind of page: what it is called, where it lives and how it is governed.
#[derive(Debug, Clone, PartialEq)]
pub struct Kind {
    /// Identifier used in front matter (`kind: process`).
    pub id: String,
    /// Top folder under `content/` whose pages have this kind by default.
    pub folder: String,
    /// Singular title, such as "Process".
    pub title: String,
    /// Plural title, such as "Processes".
    pub plural: String,
    /// Whether pages of this kind carry a review date.
    pub reviewed: bool,
    /// Review interval when a page gives none (empty: none).
    pub review_every: String,
    /// Front-matter fields a page of this kind must have.
    pub required: Vec<String>,
    /// Kind-specific fields, in display order.
    pub fields: Vec<(String, FieldSpec)>,
}

/// A kind-specific front-matter field.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    /// What values it takes.
    #[serde(rename = "type", default)]
    pub field_type: FieldType,
    /// Label shown on the page; default: the key, humanized.
    #[serde(default)]
    pub label: Option<String>,
    /// For `enum`: the allowed values.
    #[serde(default)]
    pub values: Vec<String>,
}

/// The types a kind-specific field can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// Any text.
    #[default]
    String,
    /// `YYYY-MM-DD`.
    Date,
    /// A review-style interval (`90d`, `6 months`).
    Duration,
    /// One of `values`.
    Enum,
    /// A list of text values.
    List,
    /// An absolute `http(s)://` URL.
    Url,
    /// An owner id from `owners.yaml`.
    Owner,
    /// A list of owner ids.
    Owners,
    /// A page of the site, by path under `content/` without `.md`.
    Page,
    /// A list of pages.
    Pages,
}

impl FieldType {
    /// How the type is written in `opsbook.yaml`.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::String => "string",
            FieldType::Date => "date",
            FieldType::Duration => "duration",
            FieldType::Enum => "enum",
            FieldType::List => "list",
            FieldType::Url => "url",
            FieldType::Owner => "owner",
            FieldType::Owners => "owners",
            FieldType::Page => "page",
            FieldType::Pages => "pages",
        }
    }
}

/// `kinds.<id>` in `opsbook.yaml`: every key optional; for a built-in kind, given keys replace
/// the built-in values.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct KindConfig {
    /// Top folder of the kind's pages.
    pub folder: Option<String>,
    /// Singular title.
    pub title: Option<String>,
    /// Plural title.
    pub plural: Option<String>,
    /// Whether pages are reviewed.
    pub reviewed: Option<bool>,
    /// Default review interval.
    pub review_every: Option<String>,
    /// Required front-matter fields.
    pub required: Option<Vec<String>>,
    /// Extra typed fields (added to, or replacing, the built-in ones of the same name).
    pub fields: BTreeMap<String, FieldSpec>,
}

/// `defaults:` entries in `opsbook.yaml`: values for pages under a folder that do not set them.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FolderDefaults {
    /// Folder under `content/`, such as `processes/security`.
    pub path: String,
    /// Owner ids.
    pub owner: OneOrMany,
    /// Review interval.
    pub review_every: Option<String>,
    /// Tags added to the page's own.
    pub tags: Vec<String>,
    /// The kind of the folder's pages, when its name is no kind's folder (a migrated
    /// `runbooks/` whose pages are processes).
    pub kind: Option<String>,
}

/// A YAML value that may be written as one string or a list of strings.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(from = "OneOrManyRepr")]
pub struct OneOrMany(pub Vec<String>);

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrManyRepr {
    One(String),
    Many(Vec<String>),
}

impl From<OneOrManyRepr> for OneOrMany {
    fn from(r: OneOrManyRepr) -> Self {
        match r {
            OneOrManyRepr::One(s) => OneOrMany(vec![s]),
            OneOrManyRepr::Many(v) => OneOrMany(v),
        }
    }
}

/// How a rule's findings are reported, as set in `rules:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// Fails the build.
    Error,
    /// Reported; the build goes on.
    Warning,
    /// Reported as information.
    Note,
    /// Not reported.
    Off,
}

/// Fields every page may set, whatever its kind.
pub const COMMON_FIELDS: &[&str] = &[
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
    "draft",
];

fn field(name: &str, field_type: FieldType, label: &str) -> (String, FieldSpec) {
    (
        name.to_string(),
        FieldSpec {
            field_type,
            label: Some(label.to_string()),
            values: Vec::new(),
        },
    )
}

/// The English plural of a kind's title by the common spelling rules (`Policy` → `Policies`,
/// `Runbook` → `Runbooks`, `Process` → `Processes`): what a kind is called on its listings
/// when `plural` is not given.
fn plural_of(title: &str) -> String {
    let lower = title.to_lowercase();
    let consonant_y = lower.ends_with('y')
        && !lower.ends_with("ay")
        && !lower.ends_with("ey")
        && !lower.ends_with("oy")
        && !lower.ends_with("uy");
    if consonant_y {
        format!("{}ies", &title[..title.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| lower.ends_with(end))
    {
        format!("{title}es")
    } else {
        format!("{title}s")
    }
}

/// The built-in kinds, in the order they appear in navigation, titled in `words`' language.
pub fn builtin_kinds(words: &crate::i18n::Words) -> Vec<Kind> {
    let governed = |id: &str, folder: &str, every: &str| Kind {
        id: id.into(),
        folder: folder.into(),
        title: words.text(&format!("kind_{id}")).to_string(),
        plural: words.text(&format!("kind_{id}_plural")).to_string(),
        reviewed: true,
        review_every: every.into(),
        required: vec!["owner".into(), "last_reviewed".into()],
        fields: Vec::new(),
    };
    let labelled =
        |name: &str, ty: FieldType| field(name, ty, words.text(&format!("field_{name}")));
    let mut tool = governed("tool", "tools", "6 months");
    tool.fields = vec![
        labelled("tool", FieldType::String),
        labelled("vendor", FieldType::String),
        labelled("access", FieldType::String),
        labelled("admins", FieldType::Owners),
    ];
    let mut template = governed("template", "templates", "1 year");
    template.fields = vec![labelled("template_for", FieldType::String)];
    let mut release = governed("release", "releases", "");
    release.reviewed = false;
    release.required = vec!["version".into(), "date".into()];
    release.fields = vec![
        labelled("version", FieldType::String),
        labelled("date", FieldType::Date),
        labelled("product", FieldType::String),
    ];
    vec![
        governed("process", "processes", "6 months"),
        template,
        tool,
        release,
    ]
}

impl Config {
    /// The site's kinds: the built-in ones with `kinds:` from the config laid over them, then
    /// the config's own kinds in id order.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut kinds = builtin_kinds(&self.words);
        let builtin = kinds.len();
        for (id, over) in &self.kinds {
            let index = match kinds.iter().position(|k| &k.id == id) {
                Some(i) => i,
                None => {
                    let title = crate::site::humanize(id);
                    kinds.push(Kind {
                        id: id.clone(),
                        folder: id.clone(),
                        plural: plural_of(&title),
                        title,
                        reviewed: true,
                        review_every: "6 months".into(),
                        required: vec!["owner".into(), "last_reviewed".into()],
                        fields: Vec::new(),
                    });
                    kinds.len() - 1
                }
            };
            let kind = &mut kinds[index];
            if let Some(v) = &over.folder {
                kind.folder = v.clone();
            }
            if let Some(v) = &over.title {
                kind.title = v.clone();
                // A new kind's plural follows its title unless given.
                if index >= builtin {
                    kind.plural = plural_of(v);
                }
            }
            if let Some(v) = &over.plural {
                kind.plural = v.clone();
            }
            if let Some(v) = over.reviewed {
                kind.reviewed = v;
            }
            if let Some(v) = &over.review_every {
                kind.review_every = v.clone();
            }
            if let Some(v) = &over.required {
                kind.required = v.clone();
            }
            for (name, spec) in &over.fields {
                match kind.fields.iter_mut().find(|(n, _)| n == name) {
                    Some(existing) => existing.1 = spec.clone(),
                    None => kind.fields.push((name.clone(), spec.clone())),
                }
            }
        }
        kinds
    }
}

/// The tags written under `defaults:` in opsbook.yaml's `text`, each with its line and column:
/// an indented `tags:` (a list on its line, or `- tag` lines under it).
fn default_tags_written(text: &str) -> Vec<(u32, u32, String)> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut found = Vec::new();
    let mut in_defaults = false;
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with([' ', '\t', '-', '#']) && !line.trim().is_empty() {
            in_defaults = line.starts_with("defaults");
            continue;
        }
        if !in_defaults {
            continue;
        }
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        let Some(value) = trimmed
            .strip_prefix("tags")
            .map(str::trim_start)
            .and_then(|r| r.strip_prefix(':'))
        else {
            continue;
        };
        let value_at = line.len() - value.len();
        let value = value.split(" #").next().unwrap_or(value);
        if let Some(items) = value.trim().strip_prefix('[') {
            let items_at = value_at + value.find('[').map_or(0, |b| b + 1);
            let items = items.split(']').next().unwrap_or(items);
            let mut at = items_at;
            for item in items.split(',') {
                let tag = item.trim().trim_matches(['"', '\'']);
                if !tag.is_empty() {
                    let column = at + item.find(tag).unwrap_or(0);
                    found.push((
                        i as u32 + 1,
                        line[..column].chars().count() as u32 + 1,
                        tag.to_string(),
                    ));
                }
                at += item.len() + 1;
            }
        } else if value.trim().is_empty() {
            let indent = line.len() - line.trim_start().len();
            for (j, item_line) in lines.iter().enumerate().skip(i + 1) {
                let item_indent = item_line.len() - item_line.trim_start().len();
                let Some(item) = item_line.trim_start().strip_prefix("- ") else {
                    break;
                };
                if item_indent < indent {
                    break;
                }
                let tag = item.trim().trim_matches(['"', '\'']);
                let column = item_line.len() - item.len() + item.find(tag).unwrap_or(0);
                found.push((
                    j as u32 + 1,
                    item_line[..column].chars().count() as u32 + 1,
                    tag.to_string(),
                ));
            }
        } else {
            let tag = value.trim().trim_matches(['"', '\'']);
            let column = value_at + value.find(tag).unwrap_or(0);
            found.push((
                i as u32 + 1,
                line[..column].chars().count() as u32 + 1,
                tag.to_string(),
            ));
        }
    }
    found
}

/// How to write a base URL, for the diagnostics of a bad one.
impl Config {
    /// The `ignore` patterns, compiled; or the first that is not a glob, with why. A pattern
    /// matches a path from the content folder, `/`-separated, and a folder it matches is left
    /// out whole (`drafts` as well as `drafts/**`).
    pub fn ignore_set(&self) -> Result<globset::GlobSet, (String, String)> {
        let mut set = globset::GlobSetBuilder::new();
        for pattern in &self.ignore {
            // `/drafts` as .gitignore writes it: from the content folder, as every pattern is.
            let from_content = pattern
                .trim()
                .trim_start_matches("./")
                .trim_start_matches('/')
                .trim_end_matches('/');
            if from_content.is_empty() {
                return Err((pattern.clone(), "it matches nothing".into()));
            }
            // `../theme`: only the content folder's files are read, which are below it. It
            // was taken without a word, and matched nothing.
            if from_content.split('/').any(|part| part == "..") {
                return Err((
                    pattern.clone(),
                    "it reaches out of the content folder, and only its files are read".into(),
                ));
            }
            let glob = globset::GlobBuilder::new(from_content)
                .literal_separator(true)
                .build()
                .map_err(|e| (pattern.clone(), e.kind().to_string()))?;
            set.add(glob);
        }
        set.build().map_err(|e| (String::new(), e.to_string()))
    }
}

pub const BASE_URL_HELP: &str = "write it as https://host/path/ or as a path such as /wiki/ (no spaces, `?`, `#` or `//` in the path: percent-encode a space as %20)";

/// Whether `url` can be the address a site is published at: empty (unknown), an http(s) URL
/// with a host, or a path from the server's root. Nothing that could be a script
/// (`javascript:…`) or that browsers would read relative to each page.
pub fn base_url_is_valid(url: &str) -> bool {
    // Every published link starts with it: a query or fragment would land in the middle of
    // each, a space unencoded in the sitemap, and `//` in the path makes `//team-wiki/…`, a
    // link to another host.
    if url.contains(char::is_whitespace) || url.contains(['?', '#', '"', '\'', '<', '>', '`', '\\'])
    {
        return false;
    }
    let path_ok = |path: &str| !path.contains("//");
    let host_then_path = |rest: &str| {
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        !host.is_empty() && path_ok(path)
    };
    url.is_empty()
        || (url.starts_with('/') && path_ok(url))
        || url.strip_prefix("https://").is_some_and(host_then_path)
        || url.strip_prefix("http://").is_some_and(host_then_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_written_twice_is_reported_at_its_second_line() {
        let d = Config::parse("title: X\nlanguage: en\ndescription: d\nlanguage: fr\n")
            .unwrap_err()
            .remove(0);
        assert_eq!((d.line, d.column), (4, 1));
        assert_eq!(
            d.help.as_deref(),
            Some("a key is written once: keep one of the two lines")
        );
    }

    #[test]
    fn a_new_kinds_plural_is_made_from_its_title() {
        let config = Config::parse(
            "kinds:\n  policy: {}\n  runbook: {}\n  process-map: {title: Process}\n  essay: {title: Essay, plural: Long reads}\n  day: {}\n",
        )
        .unwrap();
        let plurals: Vec<(String, String)> = config
            .kinds()
            .into_iter()
            .map(|k| (k.id, k.plural))
            .filter(|(id, _)| {
                ["policy", "runbook", "process-map", "essay", "day"].contains(&id.as_str())
            })
            .collect();
        let expected = [
            ("day", "Days"),
            ("essay", "Long reads"),
            ("policy", "Policies"),
            ("process-map", "Processes"),
            ("runbook", "Runbooks"),
        ];
        let mut plurals = plurals;
        plurals.sort();
        assert_eq!(
            plurals,
            expected.map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn a_base_url_is_an_http_address_with_a_host_or_a_path() {
        for good in [
            "",
            "/",
            "/wiki/",
            "https://intranet.example/wiki/",
            "http://127.0.0.1:3000/",
        ] {
            assert!(base_url_is_valid(good), "{good}");
        }
        for bad in [
            "wiki/",
            "not a url",
            "javascript:alert(1)//",
            "https://",
            "https:///wiki/",
            "//evil.example/",
            "http://a b/",
            "ftp://host/",
            "https://org.github.io//team-wiki/",
            "https://org.github.io/wiki/?q=1",
            "https://host/wiki/#top",
            "http://x.example/a b/",
            "/wiki//docs/",
            "https://a.example/wiki\"><script>",
        ] {
            assert!(!base_url_is_valid(bad), "{bad}");
        }
    }

    #[test]
    fn empty_config_gives_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c.title, "Wiki");
        assert_eq!(c.output_dir, "public");
        assert!(c.markdown.allow_html);
    }

    #[test]
    fn unknown_key_is_located() {
        assert_eq!(
            Config::parse("review:\n  due_son_days: 3\n").unwrap_err()[0]
                .help
                .as_deref(),
            Some("did you mean `due_soon_days`?")
        );
        assert_eq!(
            Config::parse("Title: X\n").unwrap_err()[0].help.as_deref(),
            Some("keys are written in lower case: `title`")
        );
        let err = Config::parse("title: X\ntitel: Y\n").unwrap_err().remove(0);
        assert_eq!(err.code, "config");
        assert_eq!(err.line, 2);
        assert!(err.message.contains("titel"), "{}", err.message);
    }

    #[test]
    fn nested_unknown_key_and_wrong_type_are_located() {
        let err = Config::parse("markdown:\n  allow_htm: true\n")
            .unwrap_err()
            .remove(0);
        assert_eq!(err.line, 2);
        let err = Config::parse("review:\n  due_soon_days: soon\n")
            .unwrap_err()
            .remove(0);
        assert_eq!(err.line, 2);
    }

    #[test]
    fn edit_links_from_repo_url_or_template() {
        let c = Config::parse("repo_url: https://github.com/acme/wiki/\n").unwrap();
        assert_eq!(
            c.edit_link("docs/content/a b/ü.md"),
            "https://github.com/acme/wiki/edit/main/docs/content/a%20b/%C3%BC.md"
        );
        let c = Config::parse(
            "repo_url: https://github.com/acme/wiki\nedit_url: https://git.example/w/_edit/{branch}/{path}\nedit_branch: live\n",
        )
        .unwrap();
        assert_eq!(
            c.edit_link("content/x.md"),
            "https://git.example/w/_edit/live/content/x.md"
        );
        assert_eq!(Config::parse("").unwrap().edit_link("content/x.md"), "");
    }

    #[test]
    fn bad_edit_settings_are_located() {
        let err = Config::parse("title: X\nrepo_url: git@github.com:acme/wiki.git\n")
            .unwrap_err()
            .remove(0);
        assert_eq!((err.line, err.column), (2, 1));
        let err = Config::parse("edit_url: https://gitlab.example/edit/main/\n")
            .unwrap_err()
            .remove(0);
        assert_eq!(err.line, 1);
        assert!(err.message.contains("{path}"), "{}", err.message);
        let err = Config::parse("edit_branch: \"\"\n").unwrap_err().remove(0);
        assert_eq!(err.line, 1);
    }

    #[test]
    fn a_required_field_that_is_no_field_is_located() {
        let text = "kinds:\n  policy:\n    title: Policy\n    required: [title, bogus]\n";
        let err = Config::parse(text).unwrap_err().remove(0);
        assert_eq!((err.line, err.column), (4, 23), "{err:?}");
        assert!(err.message.contains("requires `bogus`"), "{}", err.message);
    }

    #[test]
    fn output_dir_cannot_escape_the_site() {
        let err = Config::parse("output_dir: ../elsewhere\n")
            .unwrap_err()
            .remove(0);
        assert_eq!((err.line, err.column), (1, 1));
        assert_eq!(
            err.help.as_deref(),
            Some("use a relative path such as `public`")
        );
        // A pull request must not send the build's files anywhere: `--out` does that.
        for output in ["/home/ci/.config/git", "C:\\wiki"] {
            let err = Config::parse(&format!("output_dir: '{output}'\n"))
                .unwrap_err()
                .remove(0);
            assert!(
                err.message.contains("must be a folder inside the site"),
                "{output}"
            );
        }
        for content in ["/abs/path", "../x", "C:\\wiki", ""] {
            let err = Config::parse(&format!("title: x\ncontent_dir: '{content}'\n"))
                .unwrap_err()
                .remove(0);
            assert_eq!((err.line, err.column), (2, 1), "{content}");
            assert_eq!(
                err.help.as_deref(),
                Some("use a relative path such as `content`")
            );
        }
        assert!(Config::parse("content_dir: docs/wiki\n").is_ok());
    }
}
