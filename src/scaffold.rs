//! Scaffolding: `opsbook init` writes a minimal wiki that builds and passes `check`, and
//! `opsbook new` writes a valid page of a kind. Neither ever overwrites an existing file.
//!
//! The text of every file is made by pure functions ([`plan_page`], [`starter_files`]), which
//! the unit tests below check; [`new_page`] and [`init`] only read the site, refuse what would
//! overwrite something (and `new_page` a page that `check` would fail), and write.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, anyhow, bail};
use jiff::civil::Date;

use crate::Fatal;
use crate::config::{COMMON_FIELDS, CONFIG_FILE, Config, FieldType, Kind};
use crate::frontmatter::did_you_mean;
use crate::owners::{OWNERS_FILE, Registry};

/// What `opsbook new` was asked for.
#[derive(Debug, Clone)]
pub struct NewPage {
    /// The site folder.
    pub root: PathBuf,
    /// Kind id.
    pub kind: String,
    /// Title of the page.
    pub title: String,
    /// Owner id.
    pub owner: Option<String>,
    /// The date recorded as `last_reviewed` (default: today).
    pub today: Option<Date>,
    /// A template page (path under `content/`, such as `templates/prd`) whose body the new
    /// page starts from.
    pub from: Option<String>,
    /// Front-matter fields given on the command line (`--set severity=high`), as written.
    pub set: Vec<String>,
    /// A folder under the kind's to put the page in (`--in security`, or `--in
    /// processes/security`), which `defaults:` for that folder then apply to.
    pub folder: Option<String>,
}

/// A file to write: its path (from the content folder for a page, from the site root for
/// `init`) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// Path with `/` separators.
    pub rel: String,
    /// The whole text of the file.
    pub text: String,
}

/// Review interval written on pages of a reviewed kind that has no default of its own, so
/// the page gets a review date.
const FALLBACK_REVIEW_EVERY: &str = "6 months";

/// The longest file name (without `.md`) `opsbook new` makes from a title.
const MAX_SLUG_LEN: usize = 80;

/// Writes a new page; returns its path.
pub fn new_page(options: &NewPage) -> Result<PathBuf, Fatal> {
    let root = &options.root;
    if !root.is_dir() {
        return Err(Fatal::Other(anyhow!(
            "there is no site folder `{dir}`\nhelp: run `opsbook init {dir}` to start a wiki there, \
             or pass the site folder with --dir",
            dir = crate::display_path(root)
        )));
    }
    let config = crate::load::config(root)?.map_err(Fatal::Config)?;
    if !root.join(CONFIG_FILE).is_file() && !root.join(&config.content_dir).is_dir() {
        return Err(Fatal::Other(anyhow!(
            "`{dir}` is not an opsbook site: it has no {CONFIG_FILE} and no `{content}` folder\n\
             help: pass the site folder with --dir, or run `opsbook init {dir}` to start a wiki",
            dir = crate::display_path(root),
            content = config.content_dir
        )));
    }
    let registry =
        Registry::parse(crate::load::owners_text(root)?.as_deref()).map_err(Fatal::Config)?;
    let today = crate::today(options.today)?;
    let content = root.join(&config.content_dir);
    // `--in` as the content folder spells it, before the plan reads its `defaults:`.
    let kinds = config.kinds();
    let spelt = options.folder.as_deref().and_then(|within| {
        let kind = find_kind(&kinds, &options.kind).ok()?;
        let folder = page_folder(&config, kind, Some(within)).ok()?;
        Some(as_spelt(&content, &folder))
    });
    let request = NewPage {
        folder: spelt.or_else(|| options.folder.clone()),
        ..options.clone()
    };
    let mut page = plan_page(&config, &registry, &request, today)?;
    if let Some(from) = &options.from {
        let (template, body) = template_body(&content, from)?;
        let body = relink(
            &body,
            crate::url::parent_dir(&template),
            crate::url::parent_dir(&page.rel),
        );
        // Keep the planned front matter; the template's body replaces the skeleton, but for
        // a `# Heading` it starts with: the new page is titled by its front matter, and the
        // template's heading (`# {{Incident title}} — Postmortem`) headed it instead.
        let body = without_leading_h1(body.trim_start());
        let head_end = page.text.find("\n---\n").map_or(0, |i| i + 5);
        page.text = format!("{}\n{}", &page.text[..head_end], body.trim_start());
    }
    let path = content.join(&page.rel);
    // `x.md` and `x/_index.md` would be published at the same URL.
    let stem = page.rel.strip_suffix(".md").unwrap_or(&page.rel);
    for index in crate::url::INDEX_FILES {
        let clash = content.join(stem).join(index);
        if clash.is_file() {
            return Err(Fatal::Other(anyhow!(
                "`{}` would be published at the same URL as `{}`\nhelp: choose another title",
                crate::display_path(&path),
                crate::display_path(&clash)
            )));
        }
    }
    let exists = |existing: &Path| {
        Fatal::Other(anyhow!(
            "`{}` already exists, and opsbook new never overwrites a page\n\
             help: edit that page, or choose another title",
            crate::display_path(existing)
        ))
    };
    if std::fs::symlink_metadata(&path).is_ok() {
        return Err(exists(&path));
    }
    // The site checked as it is and with the page, in memory: an error the page adds (an
    // address another page or alias has, a `--set` value its field does not take, a link of
    // the template's that leads nowhere from here) is refused now, with what check would
    // say, rather than written to fail the pull request. Wherever it is reported: an alias
    // or a file of `static/` in the way is reported on that other file.
    let mut site = crate::SiteOptions {
        root: root.clone(),
        today: Some(today),
        ..crate::SiteOptions::default()
    };
    let errors_of = |site: &crate::SiteOptions| -> Result<Vec<crate::diag::Diagnostic>, Fatal> {
        let (_, diagnostics, _) = crate::load_site(site)?;
        Ok(diagnostics
            .into_iter()
            .filter(|d| d.severity == crate::diag::Severity::Error)
            .collect())
    };
    let before = errors_of(&site)?;
    site.unwritten_page = Some((page.rel.clone(), page.text.clone()));
    let added: Vec<_> = errors_of(&site)?
        .into_iter()
        .filter(|d| {
            !before
                .iter()
                .any(|b| b.code == d.code && b.path == d.path && b.message == d.message)
        })
        .collect();
    if !added.is_empty() {
        return Err(Fatal::Config(added));
    }

    write_new_files(&[(path.clone(), page.text)]).map_err(|e| match e {
        WriteError::Exists(existing) => exists(&existing),
        WriteError::Io(e) => Fatal::Other(e),
    })?;
    Ok(path)
}

/// The template page `from`: its path under the content folder, and its Markdown body (front
/// matter removed).
fn template_body(content: &Path, from: &str) -> Result<(String, String), Fatal> {
    // The address as a browser shows it, `https://wiki.example/templates/x/`: its path.
    let path = from.trim();
    let path = ["https://", "http://"]
        .iter()
        .find_map(|scheme| path.strip_prefix(scheme))
        .map_or(path, |rest| rest.find('/').map_or("", |at| &rest[at..]));
    let rel = path.trim_matches('/');
    let rel = rel.strip_prefix("content/").unwrap_or(rel);
    let candidates = [
        format!("{rel}.md"),
        rel.to_string(),
        format!("{rel}/index.md"),
    ];
    let found = candidates
        .iter()
        .map(|c| (c.clone(), content.join(c)))
        .find(|(_, p)| p.is_file())
        .or_else(|| page_at_address(content, rel));
    let Some((rel, path)) = found else {
        return Err(Fatal::Other(anyhow!(
            "--from {from}: there is no page `{rel}.md` in the content folder\n\
             help: name the template by its path under content/ without .md, such as templates/postmortem, or by its address, /templates/postmortem/"
        )));
    };
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading `{}`", path.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let body_offset = crate::frontmatter::split(text, from).map_or(0, |s| s.body_offset);
    Ok((rel.clone(), text[body_offset..].to_string()))
}

/// The page of the content folder published at `address` (`templates/incident-report-sev1`,
/// the address readers see, for `content/templates/Incident Report (SEV1).md`): its path under
/// the folder, and on disk.
fn page_at_address(content: &Path, address: &str) -> Option<(String, PathBuf)> {
    let address = address.trim_matches('/');
    walkdir::WalkDir::new(content)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .find_map(|e| {
            let rel = e.path().strip_prefix(content).ok()?;
            let rel = rel.to_string_lossy().replace('\\', "/");
            (crate::url::is_page_file(&rel)
                && crate::url::page_url(&rel).trim_matches('/') == address)
                .then(|| (rel, e.path().to_path_buf()))
        })
}

/// `body` without the `# Heading` line it starts with, if it starts with one.
fn without_leading_h1(body: &str) -> &str {
    let first = body.lines().next().unwrap_or("");
    let heading = first
        .strip_prefix('#')
        .is_some_and(|rest| rest.starts_with([' ', '\t']));
    if heading { &body[first.len()..] } else { body }
}

/// `body`, written in content folder `from`, with its links to files by relative path
/// (`launch-checklist.md`, `img/flow.png`) made to lead to the same files from folder `to`,
/// where the new page goes (`../templates/launch-checklist.md`). Links to addresses
/// (`../tools/`), from the root, to other sites and to anchors are left as written.
fn relink(body: &str, from: &str, to: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag};
    if from == to {
        return body.to_string();
    }
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let relinked = |dest: &str, span: std::ops::Range<usize>| {
        let new = relative_file_link(dest, from, to)?;
        // The destination as written: the first place in the link's source where it follows
        // `(` or `]:` (with spaces or `<` between), not the text before it nor a title after.
        let source = &body[span.clone()];
        let follows_opening = |at: usize| {
            let before = source[..at].trim_end_matches([' ', '\t', '\n', '<']);
            before.ends_with('(') || before.ends_with("]:")
        };
        let (at, _) = source
            .match_indices(dest)
            .find(|&(at, _)| follows_opening(at))?;
        let start = span.start + at;
        Some((start..start + dest.len(), new))
    };
    let parser = Parser::new_ext(body, Options::all());
    for (_, definition) in parser.reference_definitions().iter() {
        edits.extend(relinked(definition.dest.as_ref(), definition.span.clone()));
    }
    for (event, span) in parser.into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                edits.extend(relinked(dest_url.as_ref(), span));
            }
            // `<a href="checklist.md">`, `<img src="diagram.png">`: the values as written (one
            // with an entity in it is left as it is).
            Event::Html(_) | Event::InlineHtml(_) => {
                let html = &body[span.clone()];
                for value in crate::markdown::html_link_values(html) {
                    let dest = &html[value.clone()];
                    if let Some(new) =
                        relative_file_link(dest, from, to).filter(|_| !dest.contains('&'))
                    {
                        edits.push((span.start + value.start..span.start + value.end, new));
                    }
                }
            }
            _ => {}
        }
    }
    edits.sort_by_key(|(range, _)| range.start);
    edits.dedup_by_key(|(range, _)| range.start);
    let mut out = String::with_capacity(body.len());
    let mut copied = 0;
    for (range, new) in edits {
        if range.start < copied {
            continue;
        }
        out.push_str(&body[copied..range.start]);
        out.push_str(&new);
        copied = range.end;
    }
    out.push_str(&body[copied..]);
    out
}

/// Link `dest`, written in content folder `from`, as written from folder `to`, when it is a
/// relative path to a file (its last segment has an extension); `None` to leave it.
fn relative_file_link(dest: &str, from: &str, to: &str) -> Option<String> {
    let end = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(end);
    let name = path.rsplit('/').next()?;
    if path.is_empty()
        || path.starts_with('/')
        || path.contains(':')
        || !name.contains('.')
        || name.starts_with('.')
    {
        return None;
    }
    let mut target: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                target.pop()?;
            }
            s => target.push(s),
        }
    }
    let here = if to.is_empty() {
        "/".to_string()
    } else {
        format!("/{to}/")
    };
    let mut out = crate::url::relative(&here, &format!("/{}", target.join("/")));
    out.push_str(rest);
    Some(out)
}

/// What `opsbook init` wrote.
pub struct Initialized {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// The folder of Markdown already there that the site reads as its content (`docs`, or
    /// `.` for a vault's or wiki's own folder), in place of the starter pages.
    pub adopted: Option<String>,
    /// What another tool's settings said that could not be carried over.
    pub notes: Vec<String>,
}

/// Writes a starter wiki into `dir`.
pub fn init(dir: &Path, today: Option<Date>) -> Result<Initialized, Fatal> {
    let today = crate::today(today)?;
    let shown = crate::display_path(dir);
    if dir.exists() && !dir.is_dir() {
        return Err(Fatal::Other(anyhow!(
            "`{shown}` is a file, not a folder\nhelp: give opsbook init a new or empty folder"
        )));
    }
    if dir.join(CONFIG_FILE).exists() {
        return Err(Fatal::Other(anyhow!(
            "`{shown}` already has an {CONFIG_FILE}: opsbook init never overwrites a site\n\
             help: add pages with `opsbook new KIND \"Title\" --dir {shown}`, or give init a new folder"
        )));
    }
    if let Some(site) = crate::load::enclosing_site(dir) {
        return Err(Fatal::Other(anyhow!(
            "`{shown}` is inside the pages of the site `{site}`: a wiki made there would be \
             published as pages of that one\n\
             help: add pages to that site with `opsbook new KIND \"Title\" --dir {site}`, or \
             give init a folder outside it",
            site = crate::display_path(&site)
        )));
    }
    let tool = other_tool_settings(dir);
    let title = tool.title.clone().unwrap_or_else(|| site_title(dir));
    // Markdown already in the folder is the site's content, read where it is, with no starter
    // pages beside it: a Hugo site's `content/`; a MkDocs or Docusaurus repository's `docs/`
    // (the starter pages went to a second tree, `content/`); an Obsidian vault's or a GitHub
    // wiki's folder itself, its notes at its top (the starter pages were added, and `check`
    // passed with every note left out). A `content/` with no Markdown yet (empty, or only
    // empty section folders) gets the starter pages; no file there is ever replaced.
    let content = dir.join("content");
    let docs = tool.docs_dir.as_deref().unwrap_or("docs");
    let adopted = if holds_markdown(&content) {
        Some("content".to_string())
    } else if content.exists() {
        None
    } else if holds_markdown(&dir.join(docs)) {
        Some(docs.to_string())
    } else if dir.join(".obsidian").is_dir() || dir.join("Home.md").is_file() {
        Some(".".to_string())
    } else {
        None
    };
    let mut planned = starter_files(&title, today);
    if let Some(folder) = &adopted {
        // No sample owners either: the pages there name their own, which the sample's made-up
        // ids turned into errors (a site that passed check failed it after init). Owners stay
        // free-form until the team writes owners.yaml.
        planned.retain(|f| !f.rel.starts_with("content/") && f.rel != OWNERS_FILE);
        let field_map = field_map_for(&dir.join(folder));
        for file in &mut planned {
            if file.rel == CONFIG_FILE {
                file.text = file
                    .text
                    .replace("# content_dir: content", &format!("content_dir: {folder}"));
                if !field_map.is_empty() {
                    file.text.push_str(
                        "\n# Front-matter keys of the tool these pages come from, read as opsbook's.\nfield_map:\n",
                    );
                    for (theirs, ours) in &field_map {
                        file.text.push_str(&format!("  {theirs}: {ours}\n"));
                    }
                }
            }
        }
    }
    // Where the other tool published the site and kept its sources: canonical links, the
    // sitemap and "Edit this page" keep working.
    for file in &mut planned {
        if file.rel != CONFIG_FILE {
            continue;
        }
        if let Some(base_url) = &tool.base_url {
            let base_url = format!("{}/", base_url.trim_end_matches('/'));
            file.text = file.text.replace(
                "# base_url: \"https://intranet.example.com/wiki/\"",
                &format!("base_url: {}", yaml_scalar(&base_url)),
            );
        }
        if let Some(repo_url) = &tool.repo_url {
            let mut edit = format!(
                "\n# \"Edit this page\" links: {{repo_url}}/edit/{{edit_branch}}/{{path}}.\nrepo_url: {}\n",
                yaml_scalar(repo_url.trim_end_matches('/'))
            );
            if let Some(branch) = &tool.edit_branch {
                edit.push_str(&format!("edit_branch: {}\n", yaml_scalar(branch)));
            }
            if let Some(template) = &tool.edit_url {
                edit.push_str(&format!("edit_url: {}\n", yaml_scalar(template)));
            }
            file.text = file.text.replacen(
                "\n# Folders, relative to this file.",
                &format!("{edit}\n# Folders, relative to this file."),
                1,
            );
        }
    }
    let mut files = Vec::new();
    for file in planned {
        let path = dir.join(&file.rel);
        // A project's own .gitignore is left as it is; every other file must be new.
        if file.rel == ".gitignore" && path.exists() {
            continue;
        }
        if path.exists() {
            return Err(Fatal::Other(anyhow!(
                "`{}` already exists: opsbook init never overwrites files\n\
                 help: move it away and run init again, or give init a new folder",
                crate::display_path(&path)
            )));
        }
        files.push((path, file.text));
    }
    write_new_files(&files).map_err(|e| e.fatal("init"))?;
    Ok(Initialized {
        files: files.into_iter().map(|(path, _)| path).collect(),
        adopted,
        notes: tool.notes,
    })
}

/// The default theme's files, for `opsbook theme`: its templates (copied into `templates/`)
/// and its static files (into `static/`), each with whether the site at `dir` has its own.
pub fn theme_listing(dir: &Path) -> Result<String, Fatal> {
    site_folder(dir)?;
    let mut out = String::from("templates (a copy in templates/ replaces the theme's):\n");
    for (name, _) in crate::theme::template_files() {
        let own = dir.join("templates").join(&name).exists();
        out.push_str(&format!(
            "  {name}{}\n",
            if own { "  (the site's own)" } else { "" }
        ));
    }
    out.push_str("files (a copy in static/ replaces the theme's):\n");
    for (path, _) in crate::theme::static_files() {
        let own = dir.join("static").join(&path).exists();
        out.push_str(&format!(
            "  {path}{}\n",
            if own { "  (the site's own)" } else { "" }
        ));
    }
    out.push_str(
        "copy one to change it: `opsbook theme page.html`; to change a part and keep the rest, a template of the site extends the theme's as `theme/NAME` (README, Theme)\n",
    );
    let languages = crate::theme::catalog_languages();
    out.push_str(&format!(
        "words in {} (`language:` in opsbook.yaml picks them; `translations:` changes any, README, Languages)\n",
        languages.join(", ")
    ));
    Ok(out)
}

/// Copies the default theme's files `names` into the site at `dir`, templates into
/// `templates/` and the rest into `static/`, as written in the theme; returns what it wrote.
/// A name the theme lacks, or a file the site has already, writes nothing.
pub fn copy_theme_files(dir: &Path, names: &[String]) -> Result<Vec<PathBuf>, Fatal> {
    site_folder(dir)?;
    let templates = crate::theme::template_files();
    let statics = crate::theme::static_files();
    let mut files = Vec::new();
    for name in names {
        // As listed, or with the folder it goes to (`templates/page.html`).
        let bare = name
            .strip_prefix("templates/")
            .or_else(|| name.strip_prefix("static/"))
            .unwrap_or(name)
            .trim_start_matches('/');
        let found = templates
            .iter()
            .find(|(n, _)| n == bare)
            .map(|(n, bytes)| (dir.join("templates").join(n), *bytes))
            .or_else(|| {
                statics
                    .iter()
                    .find(|(p, _)| p == bare)
                    .map(|(p, bytes)| (dir.join("static").join(p), *bytes))
            });
        let Some((path, bytes)) = found else {
            let known = templates
                .iter()
                .map(|(n, _)| n.as_str())
                .chain(statics.iter().map(|(p, _)| p.as_str()));
            let help = match did_you_mean(bare, known) {
                Some(s) => format!("did you mean `{s}`?"),
                None => "`opsbook theme` lists the theme's files".to_string(),
            };
            return Err(Fatal::Other(anyhow!(
                "the theme has no file `{name}`\nhelp: {help}"
            )));
        };
        if path.exists() {
            return Err(Fatal::Other(anyhow!(
                "`{}` exists already: opsbook never overwrites the site's files\nhelp: to start again from the theme's, move it away first",
                crate::display_path(path.strip_prefix(".").unwrap_or(&path))
            )));
        }
        let text = String::from_utf8_lossy(bytes).into_owned();
        files.push((path, text));
    }
    write_new_files(&files).map_err(|e| e.fatal("theme"))?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// `dir` is a site's folder (it holds `opsbook.yaml` or `content/`), or the error saying so.
fn site_folder(dir: &Path) -> Result<(), Fatal> {
    if dir.join(CONFIG_FILE).is_file() || dir.join("content").is_dir() {
        return Ok(());
    }
    Err(Fatal::Other(anyhow!(
        "`{}` is not a site's folder (it has no {CONFIG_FILE} and no content/)\nhelp: run it in the site's folder, or give it with --dir",
        crate::display_path(dir)
    )))
}

// ----- The edges: reading and writing -----

/// What a docs tool's own configuration in the folder says that `init` can use.
#[derive(Default)]
struct OtherTool {
    /// The site's name: MkDocs' `site_name`, mdBook's and Hugo's `title`, Docusaurus's
    /// `title`.
    title: Option<String>,
    /// Where its pages are, when not `docs/`: MkDocs' `docs_dir`, mdBook's `src`, Hugo's
    /// `contentDir`.
    docs_dir: Option<String>,
    /// Where the site is published: MkDocs' `site_url`, Docusaurus's `url` and `baseUrl`,
    /// Hugo's `baseURL`.
    base_url: Option<String>,
    /// The repository, for "Edit this page": MkDocs' `repo_url`, mdBook's
    /// `git-repository-url`.
    repo_url: Option<String>,
    /// The branch MkDocs' `edit_uri` opens (`edit/develop/docs/`), or the one in a
    /// repository's address (`…/tree/main/guide`).
    edit_branch: Option<String>,
    /// An edit link template for another forge (GitLab's `-/edit/BRANCH/`).
    edit_url: Option<String>,
    /// What could not be carried over, to say.
    notes: Vec<String>,
}

/// A repository's address without a branch's or folder's part (`…/tree/main/guide`, GitLab's
/// `…/-/tree/main/docs`), and that branch.
fn repository_and_branch(url: &str) -> (String, Option<String>) {
    let url = url.trim_end_matches('/');
    for marker in ["/-/tree/", "/-/blob/", "/tree/", "/blob/"] {
        if let Some((repo, rest)) = url.split_once(marker) {
            let branch = rest.split('/').next().filter(|b| !b.is_empty());
            return (repo.to_string(), branch.map(str::to_string));
        }
    }
    (url.strip_suffix(".git").unwrap_or(url).to_string(), None)
}

/// Reads MkDocs' `mkdocs.yml` or Hugo's `hugo.toml` (`config.toml`) in `dir`, if there is one:
/// a site moved from them keeps its name and its pages' folder. What cannot be read is left
/// out (an MkDocs file full of `!!python/name:` tags still gives its name).
fn other_tool_settings(dir: &Path) -> OtherTool {
    let text_field = |value: Option<&str>| {
        value
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    // A YAML file's top-level text values: read whole when it parses, else line by line,
    // each value read as YAML on its own (MkDocs' `!!python/name:` tags may stop a reader).
    let yaml_field = |text: &str, key: &str| -> Option<String> {
        if let Ok(value) = serde_yaml::from_str::<crate::yaml::Value>(text) {
            return text_field(value.get(key)?.as_str());
        }
        text.lines().find_map(|line| {
            let value = line.strip_prefix(key)?.trim_start().strip_prefix(':')?;
            let value: crate::yaml::Value = serde_yaml::from_str(value).ok()?;
            text_field(value.as_str())
        })
    };
    let relative_folder = |d: String| {
        Some(d.trim_start_matches("./").trim_end_matches('/').to_string())
            .filter(|d| !d.is_empty() && !d.contains("..") && !d.starts_with('/'))
    };
    let web_address =
        |url: String| Some(url).filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    for name in ["mkdocs.yml", "mkdocs.yaml"] {
        let Ok(Some(text)) = read_in(dir, name) else {
            continue;
        };
        let (mut repo_url, mut edit_branch) = match yaml_field(&text, "repo_url")
            .and_then(web_address)
            .map(|url| repository_and_branch(&url))
        {
            Some((repo, branch)) => (Some(repo), branch),
            None => (None, None),
        };
        let mut edit_url = None;
        let mut notes = Vec::new();
        // `edit/main/docs/`, `blob/develop/docs/`: the branch is the second part (MkDocs
        // adds the page's path from `docs_dir`, as opsbook's links from `repo_url` do); GitLab
        // writes `-/edit/main/docs/`. An empty one turns MkDocs' edit links off; any other
        // form (a whole address, Bitbucket's `src/…`) is left for the team to write.
        let edit_uri = serde_yaml::from_str::<crate::yaml::Value>(&text)
            .ok()
            .and_then(|v| {
                v.get("edit_uri")
                    .and_then(|u| u.as_str())
                    .map(str::to_string)
            });
        if let (Some(repo), Some(uri)) = (&repo_url, edit_uri) {
            let uri = uri.trim().trim_start_matches('/');
            let parts: Vec<&str> = uri.split('/').collect();
            match parts.as_slice() {
                [""] => repo_url = None,
                ["edit" | "blob" | "tree", branch, ..] if !branch.is_empty() => {
                    edit_branch = Some(branch.to_string());
                }
                ["-", "edit" | "blob", branch, ..] if !branch.is_empty() => {
                    edit_url = Some(format!("{repo}/-/edit/{branch}/{{path}}"));
                }
                _ => {
                    notes.push(format!(
                        "mkdocs.yml's `edit_uri: {uri}` was not carried over: write the edit links' address as `edit_url` in opsbook.yaml (`{repo}/…/{{path}}`, {{path}} from the repository's top)"
                    ));
                    repo_url = None;
                }
            }
        }
        return OtherTool {
            title: yaml_field(&text, "site_name"),
            docs_dir: yaml_field(&text, "docs_dir").and_then(relative_folder),
            base_url: yaml_field(&text, "site_url").and_then(web_address),
            repo_url,
            edit_branch: edit_branch.filter(|b| b != "main"),
            edit_url,
            notes,
        };
    }
    // mdBook: `book.toml`, its pages in `src/` unless `[book] src` says.
    if let Ok(Some(text)) = read_in(dir, "book.toml")
        && let Ok(book) = text.parse::<toml::Table>()
    {
        // A value by its path of keys (`output.html.git-repository-url`).
        let get = |path: &str| {
            let mut keys = path.split('.');
            let mut value = book.get(keys.next()?)?;
            for key in keys {
                value = value.get(key)?;
            }
            text_field(value.as_str())
        };
        // mdBook's own guide writes `…/tree/master/guide`: the repository, and its branch.
        let repository = get("output.html.git-repository-url")
            .and_then(web_address)
            .map(|url| repository_and_branch(&url));
        return OtherTool {
            title: get("book.title"),
            docs_dir: Some(
                get("book.src")
                    .and_then(relative_folder)
                    .unwrap_or("src".into()),
            ),
            base_url: get("output.html.site-url").and_then(web_address),
            repo_url: repository.as_ref().map(|(repo, _)| repo.clone()),
            edit_branch: repository
                .and_then(|(_, branch)| branch)
                .filter(|b| b != "main"),
            edit_url: None,
            notes: Vec::new(),
        };
    }
    // Docusaurus: its configuration is a program, read here only for what is written as
    // plain strings at the top of its object (`title: 'Northstar Ops',`).
    for name in [
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "docusaurus.config.mjs",
    ] {
        let Ok(Some(text)) = read_in(dir, name) else {
            continue;
        };
        let field = |key: &str| {
            text.lines()
                .filter(|line| line.len() - line.trim_start().len() <= 2)
                .find_map(|line| js_string_field(line, key))
                .and_then(|v| text_field(Some(&v)))
        };
        let base_url = field("url").and_then(web_address).map(|url| {
            let path = field("baseUrl").unwrap_or_else(|| "/".into());
            format!(
                "{}/{}",
                url.trim_end_matches('/'),
                path.trim_start_matches('/')
            )
        });
        return OtherTool {
            title: field("title"),
            base_url,
            ..OtherTool::default()
        };
    }
    // Hugo's configuration, in any of its names, at the top or in `config/_default/`.
    for folder in ["", "config/_default/"] {
        for name in ["hugo", "config"] {
            for extension in ["toml", "yaml", "yml", "json"] {
                let Ok(Some(text)) = read_in(dir, &format!("{folder}{name}.{extension}")) else {
                    continue;
                };
                let field = |key: &str| {
                    if extension == "toml" {
                        text.parse::<toml::Table>()
                            .ok()
                            .and_then(|t| text_field(t.get(key)?.as_str()))
                    } else {
                        // JSON is YAML.
                        yaml_field(&text, key)
                    }
                };
                return OtherTool {
                    title: field("title"),
                    // Hugo's pages are in `contentDir` when it is not `content`.
                    docs_dir: field("contentDir").and_then(relative_folder),
                    base_url: field("baseURL").and_then(web_address),
                    ..OtherTool::default()
                };
            }
        }
    }
    OtherTool::default()
}

/// Other tools' front-matter keys that the pages under `folder` write and opsbook reads by
/// another name (`sidebar_position` as `weight`, `description` as `summary`), as
/// `field_map` entries: without them each page's key was a warning and its order or summary
/// lost. A key is mapped only when no page writes both it and opsbook's (which `check`
/// would refuse).
fn field_map_for(folder: &Path) -> Vec<(&'static str, &'static str)> {
    const THEIRS: [(&str, &str); 4] = [
        ("sidebar_position", "weight"),
        ("nav_order", "weight"),
        ("description", "summary"),
        ("excerpt", "summary"),
    ];
    let mut used = [false; THEIRS.len()];
    let mut clash = [false; THEIRS.len()];
    let pages = walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0 || !(name.starts_with('.') || name == "node_modules")
        })
        .filter_map(Result::ok)
        .filter(|e| {
            e.file_type().is_file() && crate::url::is_page_file(&e.path().to_string_lossy())
        });
    for page in pages {
        let Ok(Some(text)) = read_optional(page.path()) else {
            continue;
        };
        let Some(front) = text.strip_prefix("---").and_then(|rest| {
            let end = rest.find("\n---")?;
            Some(&rest[..end])
        }) else {
            continue;
        };
        let keys: Vec<&str> = front
            .lines()
            .filter_map(|line| line.split_once(':').map(|(key, _)| key))
            .filter(|key| !key.starts_with([' ', '\t', '#', '-']))
            .map(str::trim)
            .collect();
        for (i, (theirs, ours)) in THEIRS.iter().enumerate() {
            if keys.contains(theirs) {
                used[i] = true;
                clash[i] |= keys.contains(ours);
            }
        }
    }
    // One key a field: a page writing two keys mapped to one field is an error.
    let mut mapped: Vec<(&'static str, &'static str)> = Vec::new();
    for (i, &(theirs, ours)) in THEIRS.iter().enumerate() {
        if used[i] && !clash[i] && !mapped.iter().any(|&(_, o)| o == ours) {
            mapped.push((theirs, ours));
        }
    }
    mapped
}

/// The string `key` has on a line of JavaScript (`  title: 'Bob\'s Docs', // the name`,
/// `url: "https://x", baseUrl: "/b/",`): a quoted literal, its escapes read; none for any
/// other value (`process.env.URL`, a template with `${…}`).
fn js_string_field(line: &str, key: &str) -> Option<String> {
    let mut from = 0;
    while let Some(at) = line[from..].find(key) {
        let start = from + at;
        from = start + key.len();
        let before = line[..start].trim_end();
        if !(before.is_empty() || before.ends_with(['{', ','])) {
            continue;
        }
        let Some(rest) = line[from..].trim_start().strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest
            .chars()
            .next()
            .filter(|q| ['\'', '"', '`'].contains(q))?;
        let mut value = String::new();
        let mut chars = rest[1..].chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => value.push(chars.next()?),
                c if c == quote => {
                    return (!(quote == '`' && value.contains("${"))).then_some(value);
                }
                c => value.push(c),
            }
        }
        return None;
    }
    None
}

/// Whether `dir` holds a Markdown file, at any depth.
fn holds_markdown(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| {
            e.file_type().is_file()
                && e.path().extension().is_some_and(|x| {
                    ["md", "markdown", "mdx"]
                        .iter()
                        .any(|ext| x.eq_ignore_ascii_case(ext))
                })
        })
}

/// `folder` (from the content folder) with each folder on its way spelt as the content folder
/// already spells it, when only case differs (`--in Security` beside `processes/security/`
/// made a second folder, which `defaults:` for the first did not reach, and whose pages a
/// case-insensitive disk then mixed with the first's).
fn as_spelt(content: &Path, folder: &str) -> String {
    let mut parts: Vec<String> = folder.split('/').map(str::to_string).collect();
    let mut at = content.to_path_buf();
    for part in parts.iter_mut() {
        if !at.join(&*part).exists()
            && let Ok(entries) = std::fs::read_dir(&at)
        {
            let wanted = part.to_lowercase();
            let mut same: Vec<String> = entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.to_lowercase() == wanted)
                .collect();
            same.sort();
            if let Some(name) = same.into_iter().next() {
                *part = name;
            }
        }
        at.push(&*part);
    }
    parts.join("/")
}

/// Another tool's settings file `name` in `dir`, as [`read_optional`]; none when it is a link
/// out of `dir` (a repository's `mkdocs.yml` leading to a file elsewhere is not read, as
/// `check` reads none).
fn read_in(dir: &Path, name: &str) -> anyhow::Result<Option<String>> {
    let path = dir.join(name);
    if crate::load::outside_site(dir, &path).is_some() {
        return Ok(None);
    }
    read_optional(&path)
}

fn read_optional(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => text,
        })),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading `{}`", path.display())),
    }
}

enum WriteError {
    Exists(PathBuf),
    Io(anyhow::Error),
}

impl WriteError {
    /// The error of the command `opsbook <command>` that was writing.
    fn fatal(self, command: &str) -> Fatal {
        match self {
            WriteError::Exists(path) => Fatal::Other(anyhow!(
                "`{}` appeared while opsbook {command} was writing; it was left as it is",
                crate::display_path(&path)
            )),
            WriteError::Io(e) => Fatal::Other(e),
        }
    }
}

/// Creates each file, with its folders; a file that exists is never replaced.
fn write_new_files(files: &[(PathBuf, String)]) -> Result<(), WriteError> {
    // What this call made, taken back if a later file fails (`content` is a file, a disk is
    // full): a half-made site was left, which the next `init` then refused as a site.
    let mut made_files: Vec<&Path> = Vec::new();
    let mut made_dirs: Vec<PathBuf> = Vec::new();
    let result = (|| {
        for (path, text) in files {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                let missing: Vec<PathBuf> = parent
                    .ancestors()
                    .take_while(|a| !a.as_os_str().is_empty() && !a.exists())
                    .map(Path::to_path_buf)
                    .collect();
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("creating `{}`", parent.display()))
                    .map_err(WriteError::Io)?;
                made_dirs.extend(missing);
            }
            let mut file = match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(WriteError::Exists(path.clone()));
                }
                Err(e) => {
                    return Err(WriteError::Io(
                        anyhow::Error::new(e).context(format!("creating `{}`", path.display())),
                    ));
                }
            };
            made_files.push(path);
            file.write_all(text.as_bytes())
                .with_context(|| format!("writing `{}`", path.display()))
                .map_err(WriteError::Io)?;
        }
        Ok(())
    })();
    if result.is_err() {
        for path in made_files.iter().rev() {
            let _ = std::fs::remove_file(path);
        }
        // Deepest first; a folder something else was put in meanwhile stays.
        made_dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for dir in made_dirs {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

// ----- `opsbook new`: the page's text -----

/// Decides where a new page goes (relative to the content folder) and writes its text:
/// front matter with everything its kind requires, and a skeleton body. Fails with a message
/// for the user when the kind or owner is unknown or a required value cannot be made.
pub fn plan_page(
    config: &Config,
    registry: &Registry,
    request: &NewPage,
    today: Date,
) -> anyhow::Result<PlannedFile> {
    let kinds = config.kinds();
    let kind = find_kind(&kinds, &request.kind)?;
    let set = fields_set(kind, &request.set)?;
    let cannot: Vec<&str> = kind
        .required
        .iter()
        .map(String::as_str)
        .filter(|name| {
            !matches!(
                *name,
                "title" | "kind" | "owner" | "last_reviewed" | "review_every" | "version" | "date"
            ) && !set.iter().any(|(key, _)| key == name)
        })
        .collect();
    if !cannot.is_empty() {
        let examples: Vec<String> = cannot
            .iter()
            .map(|name| {
                let values = kind
                    .fields
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, spec)| spec.values.join("|"))
                    .filter(|v| !v.is_empty())
                    .unwrap_or_else(|| "VALUE".into());
                format!("--set {name}={values}")
            })
            .collect();
        bail!(
            "{} requires {}, which opsbook new cannot make up\n\
             help: give {} on the command line: {}",
            with_article(&kind.title),
            list_fields(&cannot),
            if cannot.len() == 1 { "it" } else { "them" },
            examples.join(" ")
        );
    }
    let title = request
        .title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if title.is_empty() {
        bail!(
            "the title is empty\nhelp: give the page a title, such as `opsbook new {} \"Refund escalation\"`",
            kind.id
        );
    }
    let slug = slug(&title);
    if slug.is_empty() {
        bail!(
            "cannot make a file name from the title \"{title}\"\n\
             help: use a title with some letters or digits"
        );
    }
    if slug == "index" {
        bail!(
            "the title \"{title}\" would make the file `index.md`, which is the folder's own page\n\
             help: choose another title"
        );
    }
    let rel = format!(
        "{}/{slug}.md",
        page_folder(config, kind, request.folder.as_deref())?
    );
    let required = |name: &str| kind.required.iter().any(|r| r == name);
    let has_field = |name: &str| kind.fields.iter().any(|(n, _)| n == name);

    let mut front: Vec<(&str, String)> = vec![("title", yaml_scalar(&title))];
    if required("kind") {
        front.push(("kind", yaml_scalar(&kind.id)));
    }
    match request.owner.as_deref() {
        Some(owner) => front.push(("owner", yaml_scalar(&resolve_owner(registry, owner)?))),
        None if required("owner") && !folder_sets(config, &rel, |d| !d.owner.0.is_empty()) => {
            bail!("{}", missing_owner(kind, registry))
        }
        None => {}
    }
    let reviewed = kind.reviewed || required("last_reviewed");
    if reviewed {
        front.push(("last_reviewed", today.to_string()));
    }
    if (reviewed || required("review_every"))
        && kind.review_every.is_empty()
        && !folder_sets(config, &rel, |d| d.review_every.is_some())
    {
        front.push(("review_every", FALLBACK_REVIEW_EVERY.to_string()));
    }
    let version_set = set.iter().any(|(key, _)| *key == "version");
    if (required("version") || has_field("version")) && !version_set {
        match version_in(&title) {
            Some(version) => front.push(("version", yaml_scalar(&version))),
            None if required("version") => bail!(
                "{} needs a version, and the title \"{title}\" has none\n\
                 help: end the title with the version, such as `opsbook new {} \"{title} 1.0.0\"`, \
                 or give it with `--set version=1.0.0`",
                with_article(&kind.title),
                kind.id
            ),
            None => {}
        }
    }
    let date_field = kind
        .fields
        .iter()
        .any(|(n, spec)| n == "date" && spec.field_type == FieldType::Date);
    if required("date") || date_field {
        front.push(("date", today.to_string()));
    }
    front.push(("tags", "[]".into()));
    // What was given on the command line wins over what opsbook would write.
    for (key, value) in set {
        match front.iter_mut().find(|(k, _)| *k == key) {
            Some(entry) => entry.1 = value,
            None => {
                let at = front.len() - 1;
                front.insert(at, (key, value));
            }
        }
    }

    let mut text = String::from("---\n");
    for (key, value) in &front {
        text.push_str(key);
        text.push_str(": ");
        text.push_str(value);
        text.push('\n');
    }
    text.push_str("---\n\n");
    text.push_str(body(&kind.id));
    Ok(PlannedFile { rel, text })
}

/// The folder, from the content folder, a new page of `kind` goes in: the kind's, or `within`
/// it (written from the kind's folder or from the content folder, `content/` or not). A
/// folder outside the kind's would make the page another kind's.
fn page_folder(config: &Config, kind: &Kind, within: Option<&str>) -> anyhow::Result<String> {
    let kind_folder = kind.folder.trim_matches('/');
    let Some(written) = within else {
        return Ok(kind_folder.to_string());
    };
    let content = config.content_dir.trim_matches('/');
    let parts: Vec<&str> = written
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    if parts.iter().any(|p| *p == ".." || p.starts_with('.')) || parts.is_empty() {
        bail!(
            "--in {written}: name a folder under `{kind_folder}/`, such as `--in {kind_folder}/security`"
        );
    }
    let mut path = parts.join("/");
    if let Some(rest) = path.strip_prefix(&format!("{content}/")) {
        path = rest.to_string();
    }
    // A folder is a kind's by its name or by `defaults:` (`processes/howto` may hold tool
    // guides): the page goes where its kind's pages are.
    let kinds = config.kinds();
    let kind_at =
        |folder: &str| crate::parse::kind_by_place(&format!("{folder}/page.md"), config, &kinds);
    let folder = if kind_at(&path).is_some() {
        path
    } else {
        format!("{kind_folder}/{path}")
    };
    match kind_at(&folder) {
        Some(k) if kinds[k].id != kind.id => bail!(
            "--in {written}: pages under `{folder}/` are {}, not {}\nhelp: name a folder of {}, such as `--in {kind_folder}/{}`",
            kinds[k].plural.to_lowercase(),
            kind.plural.to_lowercase(),
            kind.plural.to_lowercase(),
            folder.rsplit('/').next().unwrap_or(&folder)
        ),
        _ => Ok(folder),
    }
}

/// The `--set KEY=VALUE` fields, checked against the kind: a front-matter field opsbook knows
/// or one of the kind's, and for a field of fixed values one of them. Each value as YAML: a
/// list when written in brackets (`tags=[a, b]`), else one text value.
fn fields_set<'k>(kind: &'k Kind, given: &[String]) -> anyhow::Result<Vec<(&'k str, String)>> {
    let mut set = Vec::new();
    for item in given {
        let Some((key, value)) = item.split_once('=') else {
            bail!(
                "--set {item}: expected KEY=VALUE\nhelp: such as --set summary=\"What this page is for\""
            );
        };
        let (key, value) = (key.trim(), value.trim());
        let own = kind.fields.iter().find(|(n, _)| n == key);
        let Some(name) = own
            .map(|(n, _)| n.as_str())
            .or_else(|| COMMON_FIELDS.iter().copied().find(|f| *f == key))
        else {
            let names = COMMON_FIELDS
                .iter()
                .copied()
                .chain(kind.fields.iter().map(|(n, _)| n.as_str()));
            let help = match did_you_mean(key, names) {
                Some(name) => format!("did you mean `{name}`?"),
                None => format!(
                    "{} pages take the fields of every page and their own",
                    kind.title
                ),
            };
            bail!(
                "--set {key}: {} have no field `{key}`\nhelp: {help}",
                kind.plural.to_lowercase()
            );
        };
        if let Some((_, spec)) = own
            && spec.field_type == FieldType::Enum
            && !spec.values.iter().any(|v| v == value)
        {
            bail!(
                "--set {key}={value}: `{key}` is one of {}\nhelp: such as --set {key}={}",
                spec.values.join(", "),
                spec.values.first().map_or("", String::as_str)
            );
        }
        // A list as written, a date plain (as opsbook writes `last_reviewed`), else text.
        let yaml = if (value.starts_with('[') && value.ends_with(']'))
            || crate::frontmatter::parse_date(value).is_ok()
        {
            value.to_string()
        } else {
            yaml_scalar(value)
        };
        set.retain(|(k, _)| *k != name);
        set.push((name, yaml));
    }
    Ok(set)
}

/// The kind named `wanted` (its id, in any case); otherwise an error with a suggestion.
fn find_kind<'a>(kinds: &'a [Kind], wanted: &str) -> anyhow::Result<&'a Kind> {
    let lower = wanted.trim().to_lowercase();
    if let Some(kind) = kinds.iter().find(|k| k.id.to_lowercase() == lower) {
        return Ok(kind);
    }
    let ids: Vec<&str> = kinds.iter().map(|k| k.id.as_str()).collect();
    // `processes` and `tool guide` name a kind by its folder or title.
    let named = kinds
        .iter()
        .find(|k| {
            [&k.folder, &k.title, &k.plural]
                .iter()
                .any(|n| n.to_lowercase() == lower)
        })
        .map(|k| k.id.as_str());
    let help = match named.or_else(|| did_you_mean(wanted, ids.iter().copied())) {
        Some(id) => format!("did you mean `{id}`?"),
        None => format!("use one of: {}", ids.join(", ")),
    };
    Err(anyhow!(
        "there is no kind \"{wanted}\"; the kinds are {}\nhelp: {help}",
        ids.join(", ")
    ))
}

/// The registered id of `owner` (an id, Slack handle or email); without `owners.yaml`, any
/// value.
fn resolve_owner(registry: &Registry, owner: &str) -> anyhow::Result<String> {
    let owner = owner.trim();
    if owner.is_empty() {
        bail!("--owner is empty\nhelp: {}", owner_hint(registry));
    }
    if !registry.present {
        return Ok(owner.to_string());
    }
    if let Some(id) = registry.resolve(owner) {
        return Ok(id.to_string());
    }
    let help = match registry.likely(owner) {
        Some(id) => format!("did you mean \"{id}\"?"),
        None if registry.owners.is_empty() => {
            format!("add \"{owner}\" to {OWNERS_FILE}, which lists no owners yet")
        }
        None => format!(
            "add \"{owner}\" to {OWNERS_FILE}, or use one of: {}",
            registry.some_ids()
        ),
    };
    Err(anyhow!(
        "owner \"{owner}\" is not in {OWNERS_FILE}\nhelp: {help}"
    ))
}

fn missing_owner(kind: &Kind, registry: &Registry) -> String {
    format!(
        "{} needs an owner: pass `--owner ID`\nhelp: {}",
        with_article(&kind.title),
        owner_hint(registry)
    )
}

fn owner_hint(registry: &Registry) -> String {
    if !registry.present {
        "name the team or person who keeps the page right, such as `--owner team-ops`; \
         list owners in owners.yaml to have opsbook check them"
            .into()
    } else if registry.owners.is_empty() {
        format!("{OWNERS_FILE} lists no owners yet: add one, then pass its id")
    } else {
        format!("owners in {OWNERS_FILE}: {}", registry.some_ids())
    }
}

/// Whether a `defaults:` entry of the config covering `rel` (a path under the content folder)
/// satisfies `test`.
fn folder_sets(
    config: &Config,
    rel: &str,
    test: impl Fn(&crate::config::FolderDefaults) -> bool,
) -> bool {
    config.defaults.iter().any(|d| {
        let path = d.path.trim_matches('/');
        (path.is_empty()
            || rel
                .strip_prefix(path)
                .is_some_and(|rest| rest.starts_with('/')))
            && test(d)
    })
}

fn with_article(title: &str) -> String {
    let lower = title.to_lowercase();
    let article = if lower.starts_with(['a', 'e', 'i', 'o']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {lower}")
}

fn list_fields(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// The file name made from a title: lowercase ASCII words joined by `-`. Accented Latin
/// letters become plain ones, apostrophes vanish, a `.` between digits stays (`3.2.0`), and
/// any other character separates words. As tags' names do, `C++` and `C#` spell their marks
/// out and a title of no letters (`🚨`) is named by its code points; full-width letters
/// (`Ｆｕｌｌ`) are plain ones; and a name Windows keeps for a device (`con`, `aux`, `com1`),
/// which a Windows checkout of the wiki could not write, takes `-page`.
pub fn slug(title: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let plain: String = title.nfkc().collect();
    if !plain.trim().is_empty() && !plain.chars().any(char::is_alphanumeric) {
        return if plain.is_ascii() {
            String::new()
        } else {
            crate::url::code_points(plain.trim())
        };
    }
    let chars: Vec<char> = crate::url::spell_marks(&plain)
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    let mut out = String::new();
    let mut pending_dash = false;
    for (i, &c) in chars.iter().enumerate() {
        let folded: Option<&str> = if c.is_ascii_alphanumeric() {
            None
        } else {
            fold(c)
        };
        // Accented Latin letters are folded to ASCII; other scripts' letters (Greek, Cyrillic,
        // CJK) are kept, as the page's URL keeps them: `日本語` names `日本語.md`.
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            match folded {
                Some(s) => out.push_str(s),
                None => out.push(c),
            }
        } else if matches!(c, '\'' | '’' | '‘' | '`') {
            // "Don't" → "dont".
        } else if c == '.'
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
            && !pending_dash
        {
            out.push('.');
        } else {
            pending_dash = true;
        }
    }
    if out.len() > MAX_SLUG_LEN {
        let mut end = MAX_SLUG_LEN;
        while !out.is_char_boundary(end) {
            end -= 1;
        }
        let cut = out[..end].rfind('-').unwrap_or(end);
        out.truncate(cut);
    }
    let mut out = out.trim_matches('-').to_string();
    let device = |name: &str| {
        matches!(name, "con" | "prn" | "aux" | "nul")
            || (name.len() == 4
                && (name.starts_with("com") || name.starts_with("lpt"))
                && name.as_bytes()[3].is_ascii_digit())
    };
    if device(&out) {
        out.push_str("-page");
    }
    out
}

/// The plain ASCII for a lowercase accented Latin letter.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' | 'ĉ' | 'ċ' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' | 'ģ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => "i",
        'ķ' => "k",
        'ł' | 'ļ' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' | 'ņ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' | 'ŕ' => "r",
        'ß' => "ss",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// The last word of `title` that looks like a version (`3.2.0`, `v3.2`, `2.0.0-rc.1`),
/// without its `v`.
pub fn version_in(title: &str) -> Option<String> {
    title
        .split_whitespace()
        .rev()
        .map(|word| word.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .map(|word| word.strip_prefix(['v', 'V']).unwrap_or(word))
        .find(|word| looks_like_version(word))
        .map(str::to_string)
}

fn looks_like_version(word: &str) -> bool {
    let (core, suffix) = match word.find(['-', '+']) {
        Some(i) => (&word[..i], Some(&word[i + 1..])),
        None => (word, None),
    };
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        && suffix.is_none_or(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
        })
}

/// `text` as a YAML scalar: plain when it reads back as the same text everywhere, else in
/// double quotes.
pub fn yaml_scalar(text: &str) -> String {
    let plain = text.starts_with(|c: char| c.is_ascii_alphabetic())
        && !text.ends_with(' ')
        && text
            .chars()
            .all(|c| c.is_alphanumeric() || " .,_-()/&+'".contains(c))
        && !matches!(
            text.to_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain {
        text.to_string()
    } else {
        serde_json::to_string(text).expect("a string serializes")
    }
}

/// The skeleton body of a new page of kind `kind`.
fn body(kind: &str) -> &'static str {
    match kind {
        "process" => PROCESS_BODY,
        "template" => TEMPLATE_BODY,
        "tool" => TOOL_BODY,
        "release" => RELEASE_BODY,
        _ => GENERIC_BODY,
    }
}

const PROCESS_BODY: &str = "\
## Purpose

What this process achieves, and for whom, in one or two sentences.

## When to use this process

- The event or request that starts it.
- When not to use it, and what to use instead.

## Steps

1. Who does what first, and in which tool.
2. What happens next.
3. How everyone knows the process is done.

## Roles

- **Owner**: keeps this page right and answers questions about it.
- **Participants**: who takes part, and what each of them decides.
";

const TEMPLATE_BODY: &str = "\
## How to use this template

Copy the section below into a new document, replace every `{placeholder}`, and delete what
does not apply.

## Template

**Owner:** {Team or person} · **Date:** {YYYY-MM-DD} · **Status:** {Draft, Final}

### Summary

{One paragraph: what this is about, and why it matters now.}

### Details

{The body of the document.}

### Next steps

- [ ] {Action}, owned by {Name}, by {YYYY-MM-DD}
";

const TOOL_BODY: &str = "\
## What it is for

What the team uses this tool for, and what it is not for.

## How to get access

Who to ask, what to request, and how long it takes.

## Who administers it

Who manages licences, settings and integrations, and where to reach them.
";

const RELEASE_BODY: &str = "\
## What's new

- A change people will notice, one line each.

## Fixes

- A problem that was fixed, with a link to its issue.
";

const GENERIC_BODY: &str = "\
## Overview

What this page is about, in one or two sentences.

## Details

The rest of the page.
";

// ----- `opsbook init`: the starter wiki -----

/// The site title `init` writes: the folder's name, humanized (`ops-wiki` → "Ops wiki").
fn site_title(dir: &Path) -> String {
    std::path::absolute(dir)
        .ok()
        .as_deref()
        .and_then(Path::file_name)
        .map(|n| crate::site::humanize(&n.to_string_lossy()))
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| "Wiki".into())
}

/// Every file of the starter wiki, paths from the site root: the config, the owner registry,
/// a home page, and a section with one page for each built-in kind, all reviewed on `today`.
pub fn starter_files(title: &str, today: Date) -> Vec<PlannedFile> {
    let file = |rel: &str, text: String| PlannedFile {
        rel: rel.to_string(),
        text,
    };
    vec![
        file(
            ".gitignore",
            "# opsbook build writes the site here.\n/public/\n".into(),
        ),
        file(CONFIG_FILE, starter_config(title)),
        file(OWNERS_FILE, STARTER_OWNERS.into()),
        file(
            "content/_index.md",
            HOME_PAGE.replace("{title}", &yaml_scalar(title)),
        ),
        file("content/processes/_index.md", PROCESSES_INDEX.into()),
        file(
            "content/processes/how-we-write-processes.md",
            HOW_WE_WRITE_PROCESSES.replace("{today}", &today.to_string()),
        ),
        file("content/templates/_index.md", TEMPLATES_INDEX.into()),
        file(
            "content/templates/process-template.md",
            PROCESS_TEMPLATE.replace("{today}", &today.to_string()),
        ),
        file("content/tools/_index.md", TOOLS_INDEX.into()),
        file(
            "content/tools/opsbook.md",
            OPSBOOK_TOOL.replace("{today}", &today.to_string()),
        ),
        file("content/releases/_index.md", RELEASES_INDEX.into()),
        file(
            "content/releases/wiki-launch.md",
            WIKI_LAUNCH.replace("{today}", &today.to_string()),
        ),
    ]
}

fn starter_config(title: &str) -> String {
    format!(
        "\
# opsbook site configuration. Every key is optional: delete what you do not need.
# The README lists every key and its default; a key opsbook does not know is an error.

# The site's name, shown in the header and in every page's <title>.
title: {title}
# One line about the wiki, for the home page and <meta name=\"description\">.
description: \"How we work: processes, templates, tool guides and release notes.\"
# The pages' language (the HTML lang attribute), and the theme's words: ar, de, en, es, fr,
# he, it, ja, ko, nl, pl, pt, ru, sv, tr, uk, zh and zh-TW have them (others read English).
language: en
# An image in static/ shown in the header before the title, in place of the theme's mark.
# logo: logo.svg

# Where the site is published. Links between pages are relative and work without it;
# it is used for canonical links, sitemap.xml and 404.html.
# base_url: \"https://intranet.example.com/wiki/\"

# Folders, relative to this file.
# content_dir: content
# output_dir: public

markdown:
  # Pass raw HTML in pages through; false shows it as text.
  allow_html: true
  # Colour fenced code blocks that name a language.
  highlight: true

review:
  # A page is \"due soon\" this many days before its review date.
  due_soon_days: 30
  # How often a page is reviewed when neither it nor its kind says.
  every: 6 months

nav:
  # The most pages the sidebar lists under one section.
  max_children: 50

# The allowed tags; without this list any tag is allowed.
# tags: [wiki, getting-started, template, tool, release]

# How each rule reports its findings: error, warning, note or off.
# rules:
#   overdue: error

# Change a built-in kind (process, template, tool, release), or add your own.
# kinds:
#   process:
#     review_every: 1 year

# Change the theme's words (the README's Languages section lists them).
# translations:
#   edit_this_page: Suggest a change

# Owners and review intervals for every page under a folder that does not set its own.
# defaults:
#   - path: processes
#     owner: team-ops
",
        title = yaml_scalar(title)
    )
}

const STARTER_OWNERS: &str = "\
# Who owns pages. Every `owner:` in content/ must be an id below (or its Slack handle or
# email). Replace these examples with your own teams and people.
owners:
  team-ops:
    kind: team
    name: Operations
    email: ops@example.com
    slack: \"#ops\"
    members: [alex]
  alex:
    kind: person
    name: Alex Example
    email: alex@example.com
    slack: \"@alex\"
";

const HOME_PAGE: &str = r##"---
title: {title}
summary: "How we work, written down: processes, templates, tool guides and release notes."
owner: team-ops
---

This wiki is where we write down **how we work**. Every page has an **owner**, who keeps it
right, and a **review date**, so you can tell how fresh it is. Before anything is published,
`opsbook check` reports every broken link, unknown owner and missing field at its line.

## What is where

| Section | Holds | Start with |
|---|---|---|
| [Processes](processes/_index.md) | Recurring work: who does what, and when | [How we write processes](processes/how-we-write-processes.md) |
| [Templates](templates/_index.md) | Documents to copy and fill in | [Process template](templates/process-template.md) |
| [Tools](tools/_index.md) | The tools we use, who runs them, how to get access | [opsbook](tools/opsbook.md) |
| [Release notes](releases/_index.md) | What changed, and when | [Wiki launch](releases/wiki-launch.md) |

## The folder

The wiki is one folder, kept in git:

```text
opsbook.yaml    site settings: title, review policy, kinds of page
owners.yaml     the teams and people who own pages
content/        the pages; each folder is a section, its _index.md the section's own page
  processes/  templates/  tools/  releases/
```

A page is a Markdown file with front matter between `---` lines: its `title`, `owner`,
`last_reviewed` date and `tags`. Its kind comes from its top folder: a page in `processes/` is
a process, and so on. Link pages with ordinary relative links to their `.md` files, such as
`[How we write processes](processes/how-we-write-processes.md)`.

## Commands

Run these in the wiki's folder:

- `opsbook new process "Refund escalation" --owner team-ops` creates a page with its front
  matter filled in; `template`, `tool` and `release` work too.
- `opsbook check` validates every page, link and owner, and writes nothing.
- `opsbook build` validates, then writes the site into `public/`.
- `opsbook report` lists every page's review status, by owner.
"##;

const PROCESSES_INDEX: &str = r##"---
title: Processes
summary: "Recurring work, written down: who does what, and when."
owner: team-ops
weight: 10
---

A process page answers three questions: **when** does it apply, **who** does what, and **what
does done look like**. To add one, follow [how we write processes](how-we-write-processes.md).
"##;

const HOW_WE_WRITE_PROCESSES: &str = r##"---
title: How we write processes
summary: "From \"we keep doing this\" to a reviewed process page."
owner: team-ops
last_reviewed: {today}
tags: [wiki, getting-started]
templates: [templates/process-template]
tools: [tools/opsbook]
---

## Purpose

A process page lets anyone do a piece of recurring work the same way, without asking around
first. This page is itself a process: follow it to add one.

## When to use this process

- Something is done the same way more than twice, by more than one person.
- A question keeps coming up in chat, and the answer depends on who you ask.

When the result is a document people fill in, write a [template](../templates/_index.md)
instead.

## Steps

1. Create the page: `opsbook new process "Refund escalation" --owner team-ops` writes
   `content/processes/refund-escalation.md` with its front matter filled in.
2. Fill in its sections, as in the [process template](../templates/process-template.md#template):
   purpose, when to use it, steps and roles.
3. Link the tools the process uses, such as [opsbook](../tools/opsbook.md), with ordinary
   relative links.
4. Run `opsbook check`, fix what it reports, and open a pull request.
5. Once the owner has checked the page, they set `last_reviewed` to that day.

## Roles

- **Owner** (`owner:` in the front matter): keeps the page right, reviews it by its review
  date, and answers questions about it.
- **Writer**: anyone. Propose a change with a pull request; the owner reviews it.
"##;

const TEMPLATES_INDEX: &str = r##"---
title: Templates
summary: "Documents to copy and fill in: replace every {placeholder}."
owner: team-ops
weight: 20
---

A template is a document to copy. Replace every `{placeholder}`, delete what does not apply,
and link the result where people will look for it. Start with the
[process template](process-template.md).
"##;

const PROCESS_TEMPLATE: &str = r##"---
title: Process template
summary: "The sections of a process page, to copy and fill in."
owner: team-ops
last_reviewed: {today}
tags: [wiki, template]
---

## How to use this template

Run `opsbook new process "Title" --owner team-ops` to get a page with these sections already
in place, or copy the [template](#template) below into a new file under `content/processes/`.
Then replace every `{placeholder}`. See [how we write processes](../processes/how-we-write-processes.md)
for the whole process.

## Template

### Purpose

{What this process achieves, and for whom, in one or two sentences.}

### When to use this process

- {The event or request that starts it}
- {When not to use it, and what to use instead}

### Steps

1. {Who} {does what}, in {which tool}.
2. {Who} {does what next}.
3. {How everyone knows the process is done}.

### Roles

- **{Role}**: {what they do, and what they decide}
"##;

const TOOLS_INDEX: &str = r##"---
title: Tools
summary: "The tools we use: what each is for, how to get access, and who runs it."
owner: team-ops
weight: 30
---

One page per tool: what it is for, how to get access and who administers it. Start with
[opsbook](opsbook.md), which builds this wiki.
"##;

const OPSBOOK_TOOL: &str = r##"---
title: opsbook
summary: "The tool that checks this wiki and turns it into a website."
owner: team-ops
last_reviewed: {today}
tags: [wiki, tool]
tool: opsbook
access: "Anyone who can open a pull request on the wiki's repository"
admins: [team-ops]
---

## What it is for

opsbook turns the Markdown files in `content/` into this website, and checks them first:
every link and `#anchor`, every owner, every required field and every review date. Each
problem is reported at its file, line and column, with a hint to fix it.

## How to get access

Everyone can read the wiki. To change it, edit the Markdown in the wiki's repository and open
a pull request. To see your change before you push it, run these in the wiki's folder:

```sh
opsbook check    # validate every page; writes nothing
opsbook build    # validate, then write the site into public/
```

## Who administers it

The owner of this page, shown at the top. They look after `opsbook.yaml` (the site's
settings) and `owners.yaml` (the teams and people who can own pages). To own pages, add your
team there:

```yaml
owners:
  team-support:
    kind: team
    name: Support
    slack: "#support"
```

Processes that use opsbook: [how we write processes](../processes/how-we-write-processes.md).
"##;

const RELEASES_INDEX: &str = r##"---
title: Release notes
summary: "What changed, and when."
owner: team-ops
weight: 40
---

A release note records a moment, so it has no review date. Create one with
`opsbook new release "Web app 3.2.0"`: the version comes from the title.
"##;

const WIKI_LAUNCH: &str = r##"---
title: Wiki launch
summary: "The first version of this wiki."
owner: team-ops
version: "1.0"
date: {today}
tags: [wiki, release]
---

## What's new

- The wiki itself: [processes](../processes/_index.md), [templates](../templates/_index.md),
  [tool guides](../tools/_index.md) and release notes, each page with an owner and a review
  date.
- `opsbook check` validates every page before it is published.

## Fixes

- Nothing yet: this is the first version. List each fix on a line of its own, with a link to
  its issue.
"##;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_templates_links_to_files_lead_to_them_from_the_new_pages_folder() {
        let body = "See [the list](launch-checklist.md#top), ![flow](img/flow.png), \
                    [up](../tools/slack.md), [site](/tools/), [addr](../tools/), \
                    [web](https://x.example/a.md), [anchor](#steps) and [ref]; \
                    [data.csv](data.csv \"Download data.csv\"), [x](<a b.md>).\n\n\
                    [ref]: data.csv \"data.csv\"\n";
        assert_eq!(
            relink(body, "templates", "processes/billing"),
            "See [the list](../../templates/launch-checklist.md#top), \
             ![flow](../../templates/img/flow.png), [up](../../tools/slack.md), [site](/tools/), \
             [addr](../tools/), [web](https://x.example/a.md), [anchor](#steps) and [ref]; \
             [data.csv](../../templates/data.csv \"Download data.csv\"), \
             [x](<../../templates/a b.md>).\n\n\
             [ref]: ../../templates/data.csv \"data.csv\"\n"
        );
        assert_eq!(relink(body, "templates", "templates"), body);
        // Above the content folder: left as written.
        assert_eq!(relative_file_link("../../x.md", "templates", "a"), None);
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn registry() -> Registry {
        Registry::parse(Some(STARTER_OWNERS)).unwrap()
    }

    fn request(kind: &str, title: &str, owner: Option<&str>) -> NewPage {
        NewPage {
            folder: None,
            root: PathBuf::from("site"),
            kind: kind.into(),
            title: title.into(),
            owner: owner.map(str::to_string),
            today: None,
            from: None,
            set: Vec::new(),
        }
    }

    fn plan(kind: &str, title: &str, owner: Option<&str>) -> anyhow::Result<PlannedFile> {
        plan_page(
            &Config::default(),
            &registry(),
            &request(kind, title, owner),
            date("2026-11-22"),
        )
    }

    #[test]
    fn slugs_are_lowercase_ascii_words() {
        assert_eq!(slug("Refund escalation"), "refund-escalation");
        assert_eq!(slug("  Don't   panic!  "), "dont-panic");
        assert_eq!(slug("Café crème & Übersicht"), "cafe-creme-ubersicht");
        assert_eq!(slug("Straße / Łódź (2026)"), "strasse-lodz-2026");
        assert_eq!(slug("Web app 3.2.0"), "web-app-3.2.0");
        assert_eq!(slug("v3.2. Notes"), "v3.2-notes");
        assert_eq!(slug("On-call: handover_notes"), "on-call-handover-notes");
        assert_eq!(slug("日本語 guide"), "日本語-guide");
        assert_eq!(slug("Инцидент: откат"), "инцидент-откат");
        assert_eq!(
            slug(&"障".repeat(40)).len() % 3,
            0,
            "cut between characters"
        );
        assert_eq!(slug("!!!"), "");
        assert_eq!(
            slug("C++ & C# onboarding"),
            "c-plus-plus-c-sharp-onboarding"
        );
        assert_eq!(slug("Ｆｕｌｌｗｉｄｔｈ　ＴＩＴＬＥ"), "fullwidth-title");
        assert_eq!(slug("🚨"), "u1f6a8");
        assert_eq!(slug("CON"), "con-page");
        assert_eq!(slug("com1"), "com1-page");
        assert_eq!(slug("Console"), "console");
        let long = slug(&"word ".repeat(40));
        assert!(long.len() <= MAX_SLUG_LEN && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn the_last_version_in_a_title_is_found() {
        assert_eq!(version_in("Web app 3.2.0").as_deref(), Some("3.2.0"));
        assert_eq!(version_in("Mobile v3.2").as_deref(), Some("3.2"));
        assert_eq!(
            version_in("2.0 to 2.1.4 (hotfix)").as_deref(),
            Some("2.1.4")
        );
        assert_eq!(
            version_in("Web (V4.0.0-rc.1)").as_deref(),
            Some("4.0.0-rc.1")
        );
        assert_eq!(version_in("Release 2026"), None);
        assert_eq!(version_in("Web app"), None);
        assert_eq!(version_in("1..2"), None);
    }

    #[test]
    fn yaml_scalars_read_back_as_written() {
        assert_eq!(yaml_scalar("Refund escalation"), "Refund escalation");
        assert_eq!(yaml_scalar("team-ops"), "team-ops");
        assert_eq!(yaml_scalar("3.2.0"), "\"3.2.0\"");
        assert_eq!(yaml_scalar("Incident: SEV1"), "\"Incident: SEV1\"");
        assert_eq!(yaml_scalar("true"), "\"true\"");
        assert_eq!(yaml_scalar("Say \"hi\""), "\"Say \\\"hi\\\"\"");
        for text in ["#ops", "- x", "a # b", "[x]", "@alex", "Don't", "yes", "é"] {
            let yaml = format!("v: {}\n", yaml_scalar(text));
            let value: crate::yaml::Value = serde_yaml::from_str(&yaml).unwrap();
            assert_eq!(value["v"].as_str(), Some(text), "{yaml}");
        }
    }

    #[test]
    fn a_process_gets_owner_review_date_and_skeleton() {
        let page = plan("process", "Refund escalation", Some("#ops")).unwrap();
        assert_eq!(page.rel, "processes/refund-escalation.md");
        assert!(
            page.text.starts_with(
                "---\ntitle: Refund escalation\nowner: team-ops\nlast_reviewed: 2026-11-22\ntags: []\n---\n\n## Purpose\n"
            ),
            "{}",
            page.text
        );
        for heading in ["## When to use this process", "## Steps", "## Roles"] {
            assert!(page.text.contains(heading));
        }
        assert!(
            !page.text.contains("review_every"),
            "the kind's default applies"
        );
        assert!(!page.text.contains("summary"));
    }

    #[test]
    fn each_kind_has_its_skeleton_and_no_template_tags() {
        let cases = [
            ("template", "Postmortem", "## How to use this template"),
            ("tool", "Linear", "## How to get access"),
            ("release", "Web app 3.2.0", "## What's new"),
        ];
        for (kind, title, heading) in cases {
            let page = plan(kind, title, Some("alex")).unwrap();
            assert!(page.text.contains(heading), "{}", page.text);
            assert!(!page.text.contains("{{") && !page.text.contains("{%"));
        }
        assert!(
            plan("template", "Postmortem", Some("alex"))
                .unwrap()
                .text
                .contains("{Team or person}")
        );
    }

    #[test]
    fn a_release_takes_its_version_from_the_title() {
        let page = plan("release", "Web app 3.2.0", None).unwrap();
        assert_eq!(page.rel, "releases/web-app-3.2.0.md");
        assert_eq!(
            page.text.split("---\n").nth(1).unwrap(),
            "title: Web app 3.2.0\nversion: \"3.2.0\"\ndate: 2026-11-22\ntags: []\n"
        );
        let err = plan("release", "Web app", None).unwrap_err().to_string();
        assert!(err.starts_with("a release note needs a version"), "{err}");
        assert!(
            err.contains("opsbook new release \"Web app 1.0.0\""),
            "{err}"
        );
    }

    #[test]
    fn unknown_kinds_and_owners_get_suggestions() {
        let err = plan("procss", "X", None).unwrap_err().to_string();
        assert_eq!(
            err,
            "there is no kind \"procss\"; the kinds are process, template, tool, release\n\
             help: did you mean `process`?"
        );
        let err = plan("processes", "X", None).unwrap_err().to_string();
        assert!(err.ends_with("did you mean `process`?"), "{err}");
        assert!(plan("Process", "X", Some("alex")).is_ok());
        let err = plan("process", "X", Some("tem-ops"))
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "owner \"tem-ops\" is not in owners.yaml\nhelp: did you mean \"team-ops\"?"
        );
        let err = plan("process", "X", Some("zed")).unwrap_err().to_string();
        assert!(err.ends_with("use one of: alex, team-ops"), "{err}");
    }

    #[test]
    fn a_missing_owner_names_the_flag_and_the_owners() {
        let err = plan("process", "X", None).unwrap_err().to_string();
        assert_eq!(
            err,
            "a process needs an owner: pass `--owner ID`\nhelp: owners in owners.yaml: alex, team-ops"
        );
        // Without owners.yaml any owner goes, but one is still needed.
        let free = plan_page(
            &Config::default(),
            &Registry::default(),
            &request("tool", "Jira", Some("Platform team")),
            date("2026-11-22"),
        )
        .unwrap();
        assert!(
            free.text.contains("owner: Platform team\n"),
            "{}",
            free.text
        );
    }

    #[test]
    fn folder_defaults_and_custom_kinds_are_respected() {
        let config = Config::parse(
            "defaults:\n  - path: processes\n    owner: team-ops\n\
             kinds:\n  runbook:\n    review_every: \"\"\n  policy:\n    required: [owner, summary, weight]\n",
        )
        .unwrap();
        let today = date("2026-11-22");
        let page = plan_page(&config, &registry(), &request("process", "X", None), today).unwrap();
        assert!(!page.text.contains("owner:"), "{}", page.text);
        let page = plan_page(
            &config,
            &registry(),
            &request("runbook", "Db failover", Some("alex")),
            today,
        )
        .unwrap();
        assert_eq!(page.rel, "runbook/db-failover.md");
        assert!(
            page.text.contains("review_every: 6 months\n"),
            "{}",
            page.text
        );
        assert!(page.text.contains("## Overview"));
        let err = plan_page(
            &config,
            &registry(),
            &request("policy", "X", Some("alex")),
            today,
        )
        .unwrap_err()
        .to_string();
        assert_eq!(
            err,
            "a policy requires `summary` and `weight`, which opsbook new cannot make up\n\
             help: give them on the command line: --set summary=VALUE --set weight=VALUE"
        );
    }

    #[test]
    fn fields_given_with_set_are_written_and_checked() {
        let config = Config::parse(
            "kinds:\n  policy:\n    folder: policies\n    required: [owner, last_reviewed, severity]\n    \
             fields:\n      severity: {type: enum, values: [low, medium, high]}\n      runbook: {type: url}\n",
        )
        .unwrap();
        let today = date("2026-11-22");
        let plan_with = |set: &[&str]| {
            let mut request = request("policy", "Data retention", Some("alex"));
            request.set = set.iter().map(|s| s.to_string()).collect();
            plan_page(&config, &registry(), &request, today).map_err(|e| e.to_string())
        };
        assert_eq!(
            plan_with(&[]).unwrap_err(),
            "a policy requires `severity`, which opsbook new cannot make up\n\
             help: give it on the command line: --set severity=low|medium|high"
        );
        let page = plan_with(&[
            "severity=high",
            "summary=How long we keep data: and why",
            "tags=[privacy, legal]",
            "last_reviewed=2026-10-01",
        ])
        .unwrap();
        let front = page.text.split("---\n").nth(1).unwrap();
        assert_eq!(
            front,
            "title: Data retention\nowner: alex\nlast_reviewed: 2026-10-01\n\
             severity: high\nsummary: \"How long we keep data: and why\"\ntags: [privacy, legal]\n"
        );
        for (set, problem) in [
            (
                "severity=urgent",
                "--set severity=urgent: `severity` is one of low, medium, high",
            ),
            (
                "severty=high",
                "--set severty: policies have no field `severty`\nhelp: did you mean `severity`?",
            ),
            ("severity", "--set severity: expected KEY=VALUE"),
        ] {
            let err = plan_with(&[set]).unwrap_err();
            assert!(err.starts_with(problem), "{set}: {err}");
        }
    }

    #[test]
    fn empty_titles_and_index_are_refused() {
        assert!(plan("process", "   ", Some("alex")).is_err());
        assert!(plan("process", "???", Some("alex")).is_err());
        assert!(plan("process", "Index", Some("alex")).is_err());
    }

    #[test]
    fn the_starter_site_parses_and_has_no_template_tags() {
        let files = starter_files("Ops wiki", date("2026-11-22"));
        let config = files.iter().find(|f| f.rel == CONFIG_FILE).unwrap();
        let parsed = Config::parse(&config.text).unwrap();
        assert_eq!(parsed.title, "Ops wiki");
        let owners = files.iter().find(|f| f.rel == OWNERS_FILE).unwrap();
        let registry = Registry::parse(Some(&owners.text)).unwrap();
        assert_eq!(registry.owners.len(), 2);
        for file in &files {
            assert!(
                !file.text.contains("{{") && !file.text.contains("{%"),
                "{}",
                file.rel
            );
            assert!(!file.text.contains("{today}") && !file.text.contains("{title}"));
        }
        assert!(
            files
                .iter()
                .any(|f| f.text.contains("last_reviewed: 2026-11-22"))
        );
    }

    /// `key: value` or `- key: value`, as opposed to a prose comment.
    fn is_yaml_key_line(text: &str) -> bool {
        let text = text.trim_start().trim_start_matches("- ");
        text.split_once(':').is_some_and(|(key, _)| {
            !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
    }

    #[test]
    fn the_site_title_comes_from_the_folder_name() {
        assert_eq!(site_title(Path::new("ops-wiki")), "Ops wiki");
        assert_eq!(site_title(Path::new("a/wiki/.")), "Wiki");
        assert_eq!(site_title(Path::new("/")), "Wiki");
    }

    #[test]
    fn every_commented_out_config_key_is_valid_when_uncommented() {
        let text = starter_config("Wiki");
        let uncommented: String = text
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if is_yaml_key_line(rest) => format!("{rest}\n"),
                _ => format!("{line}\n"),
            })
            .collect();
        let config = Config::parse(&uncommented).unwrap_or_else(|d| panic!("{d:?}\n{uncommented}"));
        assert_eq!(config.base_url, "https://intranet.example.com/wiki/");
        assert_eq!(config.defaults.len(), 1);
        assert_eq!(
            config.kinds["process"].review_every.as_deref(),
            Some("1 year")
        );
    }
}
