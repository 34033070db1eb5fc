//! The parse stage: each Markdown file becomes a [`Page`] — front matter read, kind decided,
//! folder defaults applied, kind-specific fields typed, owners resolved, review state judged,
//! and every governance rule that needs only the page itself checked — then every page's
//! Markdown is rendered against the site's link index. Pages are independent here, so both
//! steps run in parallel.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{COMMON_FIELDS, Config, FieldType, Kind};
use crate::diag::{Diagnostic, Severity};
use crate::frontmatter::{self, Fields, FrontMatter, Located, RawField, Status, did_you_mean};
use crate::load::SourceFile;
use crate::markdown::{self, RenderOptions};
use crate::owners::Registry;
use crate::review::{self, ReviewStatus};
use crate::site::{LinkIndex, Page};
use crate::url;

/// What reading a page needs to know about the site.
#[derive(Clone, Copy)]
pub struct ParseContext<'a> {
    /// The configuration.
    pub config: &'a Config,
    /// The site's kinds.
    pub kinds: &'a [Kind],
    /// The owner registry.
    pub owners: &'a Registry,
    /// The day reviews are judged against.
    pub today: Date,
    /// The `index.md` and `README.md` files that are pages of their own (see [`leaf_pages`]).
    pub leaf_pages: &'a HashSet<String>,
}

/// A folder's name and place in the sidebar, from Docusaurus's `_category_.json`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FolderLabel {
    /// `label`: the folder's title when no `_index.md` gives one.
    pub label: Option<String>,
    /// `position`: its weight among its sibling folders.
    pub position: Option<frontmatter::Weight>,
    /// `link.description` (or `description`): the folder's summary when no `_index.md`
    /// gives one.
    pub description: Option<String>,
}

/// Reads Docusaurus's `_category_.json` (or `.yml`) files: a folder's `label` and
/// `position`, by folder. One that cannot be read is a warning, and left out.
pub fn folder_labels(
    files: &[crate::load::FolderLabelFile],
    diagnostics: &mut Vec<Diagnostic>,
) -> HashMap<String, FolderLabel> {
    let mut labels = HashMap::new();
    for file in files {
        // JSON is YAML: one reader for both spellings.
        let value: crate::yaml::Value = match serde_yaml::from_str(&file.text) {
            Ok(value) => value,
            Err(e) => {
                diagnostics.push(
                    Diagnostic::warning(
                        "foreign-syntax",
                        &file.source,
                        format!("cannot read Docusaurus's folder settings: {e}"),
                    )
                    .with_help(
                        "fix the file, or give the folder an `_index.md` with its title and weight",
                    ),
                );
                continue;
            }
        };
        let label = value
            .get("label")
            .and_then(|l| l.as_str())
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string);
        let position = value
            .get("position")
            .and_then(|p| p.as_f64())
            .filter(|p| p.is_finite())
            .map(frontmatter::Weight);
        let description = value
            .get("link")
            .and_then(|link| link.get("description"))
            .or_else(|| value.get("description"))
            .and_then(|d| d.as_str())
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(str::to_string);
        labels.insert(
            file.dir.clone(),
            FolderLabel {
                label,
                position,
                description,
            },
        );
    }
    labels
}

/// MkDocs' configuration file names, at a site's root.
pub const MKDOCS_FILES: [&str; 2] = ["mkdocs.yml", "mkdocs.yaml"];

/// The order of a site moved from MkDocs, from `mkdocs.yml`'s `nav:`.
#[derive(Debug, Default, PartialEq)]
pub struct NavOrder {
    /// Each page the nav names (path under the content folder), by its place in the nav
    /// (1, 2, …, depth first): its weight when its front matter gives none.
    pub pages: HashMap<String, frontmatter::Weight>,
    /// Folders, by path: placed where their first page is in the nav, and named by the nav
    /// section holding all their pages, as a Docusaurus `_category_.json` would.
    pub folders: HashMap<String, FolderLabel>,
}

/// Reads `nav:` of MkDocs' `mkdocs.yml` (name `source`, text `text`), when its `docs_dir`
/// (`docs` unless it says otherwise) is the site's content folder `content_dir`: a site
/// moved from MkDocs keeps the order its writers chose (opsbook orders by `weight:`, then
/// title, which scrambled it). `pages` are the published pages' paths. A nav entry naming
/// no page is a warning at its line; links to other sites and nav titles are left out (a
/// page is named by its own title everywhere).
pub fn mkdocs_nav(
    source: &str,
    text: &str,
    content_dir: &str,
    pages: &HashSet<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> NavOrder {
    let mut order = NavOrder::default();
    // MkDocs' own tags (`!ENV`, `!!python/name:`) parse as tagged values.
    let value = match crate::yaml::parse_value(text, text, source, 0) {
        Ok(value) => value,
        Err(e) => {
            if crate::yaml::find_key(text, "nav").is_some() {
                let mut warning = *e;
                warning.code = "foreign-syntax";
                warning.severity = crate::diag::Severity::Warning;
                warning.message = format!(
                    "cannot read MkDocs' `nav:`, so pages keep opsbook's order: {}",
                    warning.message
                );
                diagnostics.push(warning.with_help(
                    "fix the file, or order pages with `weight:` in their front matter",
                ));
            }
            return order;
        }
    };
    let docs_dir = value
        .get("docs_dir")
        .and_then(|d| d.as_str())
        .unwrap_or("docs")
        .trim_start_matches("./")
        .trim_end_matches('/');
    if docs_dir != content_dir.trim_start_matches("./").trim_end_matches('/') {
        return order;
    }
    let Some(nav) = value.get("nav").and_then(|n| n.as_sequence()) else {
        return order;
    };
    let mut reader = NavReader {
        source,
        text,
        cursor: crate::yaml::find_key(text, "nav").map_or(0, |(line, _)| {
            text.split_inclusive('\n')
                .take(line as usize - 1)
                .map(str::len)
                .sum()
        }),
        pages,
        order: &mut order,
        diagnostics,
    };
    reader.items(nav);
    place_folders(&mut order);
    order
}

/// The git merge conflicts left in a page's text: a `<<<<<<<` line, later a `=======` line,
/// then a `>>>>>>>` line, outside fenced code blocks (where a page about git may show them).
/// Committed, they were published: both sides, the middle line making the text above it a
/// heading.
pub fn merge_conflicts(text: &str, path: &str) -> Vec<Diagnostic> {
    // Looked for in every page: prebuilt searchers (`str::contains` took 27 M instructions
    // for a 1,000-page build, these a tenth of it).
    static MARKERS: std::sync::LazyLock<[memchr::memmem::Finder<'static>; 2]> =
        std::sync::LazyLock::new(|| {
            [
                memchr::memmem::Finder::new("<<<<<<<"),
                memchr::memmem::Finder::new(">>>>>>>"),
            ]
        });
    if MARKERS.iter().all(|m| m.find(text.as_bytes()).is_none()) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    // (line, at) of an opened conflict, and whether its `=======` came.
    let mut open: Option<(usize, usize, bool)> = None;
    let mut at = 0;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let indented = content.trim_start_matches(' ');
        if content.len() - indented.len() <= 3 {
            let marker = indented.bytes().next().filter(|b| matches!(b, b'`' | b'~'));
            let run = marker.map_or(0, |m| indented.bytes().take_while(|&b| b == m).count());
            match (fence, marker) {
                (None, Some(m)) if run >= 3 => fence = Some((m, run)),
                (Some((m, len)), Some(b))
                    if b == m && run >= len && indented[run..].trim().is_empty() =>
                {
                    fence = None
                }
                _ => {}
            }
        }
        let starts = |marker: &str| {
            content
                .strip_prefix(marker)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
        };
        if fence.is_none() {
            if starts("<<<<<<<") {
                open = Some((n + 1, at, false));
            } else if content == "=======" {
                if let Some(conflict) = &mut open {
                    conflict.2 = true;
                }
            } else if starts(">>>>>>>") && !matches!(open, Some((_, _, true))) {
                // A marker left when the rest was cleaned up (or one of a side that never
                // had its `=======`): published, it was a quote seven levels deep.
                found.push(
                    Diagnostic::error(
                        "merge-conflict",
                        path,
                        "a git conflict marker is left here, from a merge conflict resolved but for it",
                    )
                    .at_offset(text, at, 7)
                    .with_help("delete the line, after checking the text around it is the side you kept"),
                );
                open = None;
            } else if starts(">>>>>>>")
                && let Some((line, start, true)) = open.take()
            {
                found.push(
                    Diagnostic::error(
                        "merge-conflict",
                        path,
                        format!(
                            "a git merge conflict is left here: lines {line} to {} hold both sides of it",
                            n + 1
                        ),
                    )
                    .at_offset(text, start, 7)
                    .with_help("keep the right side, delete the other and the `<<<<<<<`, `=======` and `>>>>>>>` lines (`git diff --check` finds them)"),
                );
            }
        }
        at += line.len();
    }
    found
}

/// Reads mdBook's or GitBook's `SUMMARY.md` (name `source`, text `text`, at the top of the
/// content folder): the pages its links name, in its order, and each folder where its first
/// page is, as [`mkdocs_nav`] reads MkDocs' nav. Part titles, separators and draft chapters
/// (`[Later]()`) name no page and are left out; a link to a file that is no page is a warning
/// at its line.
pub fn summary_order(
    source: &str,
    text: &str,
    pages: &HashSet<&str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> NavOrder {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut order = NavOrder::default();
    for (event, span) in Parser::new(text).into_offset_iter() {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let dest = dest_url.split('#').next().unwrap_or("").trim();
        if dest.is_empty() || dest.contains("://") || dest.starts_with("mailto:") {
            continue;
        }
        let decoded = crate::site::percent_decode(dest);
        let rel = decoded.trim_start_matches("./").trim_start_matches('/');
        if !pages.contains(rel) {
            let at = text[span.clone()]
                .find(dest)
                .map_or(span.start, |i| span.start + i);
            diagnostics.push(
                Diagnostic::warning(
                    "foreign-syntax",
                    source,
                    format!("`{dest}` in the table of contents is not a page of this site"),
                )
                .at_offset(text, at, dest.len())
                .with_help("write the page's path from the content folder, or take the line out"),
            );
            continue;
        }
        if !order.pages.contains_key(rel) {
            let place = frontmatter::Weight(order.pages.len() as f64 + 1.0);
            order.pages.insert(rel.to_string(), place);
        }
    }
    place_folders(&mut order);
    order
}

/// Places each folder where the first of its pages is in `order`.
fn place_folders(order: &mut NavOrder) {
    let placed: Vec<(String, frontmatter::Weight)> =
        order.pages.iter().map(|(p, w)| (p.clone(), *w)).collect();
    for (page, weight) in placed {
        let mut dir = url::parent_dir(&page);
        while !dir.is_empty() {
            let folder = order.folders.entry(dir.to_string()).or_default();
            if folder.position.is_none_or(|w| weight.0 < w.0) {
                folder.position = Some(weight);
            }
            dir = url::parent_dir(dir);
        }
    }
}

struct NavReader<'a> {
    source: &'a str,
    text: &'a str,
    /// Where in `text` the entry after the last one read is looked for: the nav's entries
    /// come in its order.
    cursor: usize,
    pages: &'a HashSet<&'a str>,
    order: &'a mut NavOrder,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl NavReader<'_> {
    /// Reads a list of nav entries; gives the pages found in them, in order.
    fn items(&mut self, items: &[crate::yaml::Value]) -> Vec<String> {
        let mut found = Vec::new();
        for item in items {
            match item {
                // `- page.md`
                crate::yaml::Value::String(path) => found.extend(self.page(path)),
                // `- Title: page.md` or `- Section: [entries]`
                crate::yaml::Value::Mapping(map) => {
                    for (title, entry) in map {
                        match entry {
                            crate::yaml::Value::String(path) => found.extend(self.page(path)),
                            crate::yaml::Value::Sequence(entries) => {
                                let title = title.as_str().unwrap_or("");
                                let at = self.title_at(title.trim());
                                let inner = self.items(entries);
                                self.label_folder(title, &inner, at);
                                found.extend(inner);
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        found
    }

    /// Where `path` is written next in the nav, as a whole value (`a.md` is not the end of
    /// `data.md`), moving the cursor past it.
    fn written_at(&mut self, path: &str) -> Option<usize> {
        let text = &self.text[self.cursor..];
        let whole = |at: usize| {
            let before = text[..at].chars().next_back();
            let after = text[at + path.len()..].chars().next();
            before
                .is_none_or(|c| matches!(c, ' ' | '\t' | ':' | '-' | '"' | '\'' | '[' | ',' | '\n'))
                && after.is_none_or(|c| {
                    matches!(c, ' ' | '\t' | '"' | '\'' | ']' | ',' | '\n' | '\r' | '#')
                })
        };
        let at = text
            .match_indices(path)
            .map(|(at, _)| at)
            .find(|&at| whole(at))?;
        let found = self.cursor + at;
        self.cursor = found + path.len();
        Some(found)
    }

    /// Places the page `path` names next in the order, if it names one.
    fn page(&mut self, path: &str) -> Option<String> {
        let written = (!path.trim().is_empty())
            .then(|| self.written_at(path.trim()))
            .flatten();
        let path = path.trim();
        if path.is_empty()
            || path.contains("://")
            || path.starts_with("mailto:")
            || path.starts_with('#')
        {
            return None;
        }
        let rel = path.trim_start_matches("./").trim_start_matches('/');
        if !self.pages.contains(rel) {
            let mut warning = Diagnostic::warning(
                "foreign-syntax",
                self.source,
                format!("MkDocs' `nav:` names `{path}`, which is not a page of this site"),
            )
            .with_help("write the page's path under the content folder, or take it out of `nav:`");
            if let Some(at) = written {
                warning = warning.at_offset(self.text, at, path.len());
            }
            self.diagnostics.push(warning);
            return None;
        }
        if self.order.pages.contains_key(rel) {
            return Some(rel.to_string());
        }
        let place = frontmatter::Weight(self.order.pages.len() as f64 + 1.0);
        self.order.pages.insert(rel.to_string(), place);
        Some(rel.to_string())
    }

    /// Where a nav section's title is written next (`- Database:`, `- 'Getting started':`),
    /// moving the cursor past it.
    fn title_at(&mut self, title: &str) -> Option<usize> {
        if title.is_empty() {
            return None;
        }
        let text = &self.text[self.cursor..];
        let at = text.match_indices(title).map(|(at, _)| at).find(|&at| {
            let after = text[at + title.len()..].trim_start_matches(['"', '\'']);
            after.starts_with(':')
        })?;
        let found = self.cursor + at;
        self.cursor = found + title.len();
        Some(found)
    }

    /// Names the folder holding every page of a nav section after the section, when the
    /// section's pages share one; when they share none but the top of the content, says the
    /// section is not shown (the sidebar follows folders), at its title (`at`).
    fn label_folder(&mut self, title: &str, pages: &[String], at: Option<usize>) {
        let title = title.trim();
        let Some(first) = pages.first() else { return };
        let mut common = url::parent_dir(first);
        for page in pages {
            while !common.is_empty() && !page.starts_with(&format!("{common}/")) {
                common = url::parent_dir(common);
            }
        }
        if common.is_empty() && !title.is_empty() {
            let mut warning = Diagnostic::warning(
                "foreign-syntax",
                self.source,
                format!("MkDocs' nav section `{title}` groups pages of no folder of their own: opsbook's sidebar groups pages by folder, so it does not show it"),
            )
            .with_help(format!("move its pages into a folder of their own (`{}/`), which the section then names", url::label_segment(title)));
            if let Some(at) = at {
                warning = warning.at_offset(self.text, at, title.len());
            }
            self.diagnostics.push(warning);
            return;
        }
        if common.is_empty() || title.is_empty() {
            return;
        }
        let folder = self.order.folders.entry(common.to_string()).or_default();
        // The innermost section holding the folder's pages names it: a section read first.
        if folder.label.is_none() {
            folder.label = Some(title.to_string());
        }
    }
}

/// The paths of the pages written beside a folder of the same name holding pages, which has
/// no page of its own (`_index.md`, `index.md` or `README.md`): `Engineering wiki.md` beside
/// `Engineering wiki/`, as Notion exports a page and its sub-pages. Such a page is that
/// folder's section page, at the folder's URL, which is its own too (it clashed with the
/// folder's listing, and the build failed). `rels` are the published pages' (a folder of
/// drafts holds no page), and such a page is governed as the page it was written as: its
/// kind's required fields and review apply, as to no `_index.md`.
pub fn folder_pages<'a>(rels: impl Iterator<Item = &'a str> + Clone) -> HashSet<String> {
    let mut with_pages: HashSet<&str> = HashSet::new();
    let mut with_index: HashSet<&str> = HashSet::new();
    for rel in rels.clone() {
        let mut dir = crate::url::parent_dir(rel);
        if crate::url::is_index_stem(crate::url::page_stem(rel)) {
            with_index.insert(dir);
        }
        while !dir.is_empty() {
            with_pages.insert(dir);
            dir = crate::url::parent_dir(dir);
        }
    }
    rels.filter(|rel| {
        let folder = crate::url::without_page_extension(rel);
        !crate::url::is_index_stem(crate::url::page_stem(rel))
            && with_pages.contains(folder)
            && !with_index.contains(folder)
    })
    .map(str::to_string)
    .collect()
}

/// The paths of the `index.md` and `README.md` files that are a page rather than their
/// folder's section page: those alone in their folder, with no other page in it or below it.
/// That is Hugo's and Zola's "leaf bundle" (a page with its images beside it), and a GitHub
/// folder holding one README; there is no section for them to introduce. `_index.md` is
/// always a section's, as in Hugo and Zola, and so is the content folder's own page.
pub fn leaf_pages<'a>(rels: impl Iterator<Item = &'a str> + Clone) -> HashSet<String> {
    // How many pages each folder holds, at any depth.
    let mut pages_under: HashMap<&str, usize> = HashMap::new();
    for rel in rels.clone() {
        let mut dir = crate::url::parent_dir(rel);
        while !dir.is_empty() {
            *pages_under.entry(dir).or_default() += 1;
            dir = crate::url::parent_dir(dir);
        }
    }
    rels.filter(|rel| {
        let dir = crate::url::parent_dir(rel);
        let stem = crate::url::page_stem(rel);
        !dir.is_empty()
            && stem != "_index"
            && crate::url::is_index_stem(stem)
            && pages_under.get(dir) == Some(&1)
    })
    .map(str::to_string)
    .collect()
}

/// A kind-specific field of a page, typed by its kind's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct ExtraField {
    /// The key.
    pub key: String,
    /// Label shown on the page.
    pub label: String,
    /// Its type.
    pub field_type: FieldType,
    /// Its value or values (owner ids resolved), each located.
    pub values: Vec<Located<String>>,
}

/// A page taken from an earlier build, with the diagnostics found on it then.
pub type Reused = (Page, Vec<Diagnostic>);

/// Reads the front matter of every file into pages. `reuse` may answer for a file from an
/// earlier build (`opsbook serve`): the page and its diagnostics, when nothing changed.
pub fn pages(
    files: Vec<SourceFile>,
    context: ParseContext,
    reuse: &(dyn Fn(&SourceFile) -> Option<Reused> + Sync),
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|file| {
            if let Some((page, found)) = reuse(&file) {
                return (Some(page), found);
            }
            let mut found = Vec::new();
            let page = page(file, context, &mut found);
            (page, found)
        })
        .collect();
    let mut pages = Vec::with_capacity(results.len());
    for (page, found) in results {
        diagnostics.extend(found);
        pages.extend(page);
    }
    pages
}

fn page(file: SourceFile, cx: ParseContext, diagnostics: &mut Vec<Diagnostic>) -> Option<Page> {
    // Fault injection for the tests of what survives a bug (`serve` keeps serving): a debug
    // build panics on a page holding `OPSBOOK_TEST_PANIC`'s text. Not in release builds.
    #[cfg(debug_assertions)]
    if let Some(marker) = std::env::var_os("OPSBOOK_TEST_PANIC")
        && file.text.contains(marker.to_string_lossy().as_ref())
    {
        panic!("OPSBOOK_TEST_PANIC met in {}", file.source);
    }
    let conflicts = merge_conflicts(&file.text, &file.source);
    let before_front_matter = diagnostics.len();
    let (split, guessed) = match frontmatter::split(&file.text, &file.source) {
        Ok(split) if split.text.is_none() => {
            if let Some(d) = frontmatter::late_fence(&file.text, &file.source) {
                diagnostics.push(d);
                (split, None)
            } else if let Some((d, near)) = frontmatter::near_fence(&file.text, &file.source) {
                diagnostics.push(d);
                (near, None)
            } else {
                (split, None)
            }
        }
        Ok(split) => (split, None),
        Err(d) => {
            diagnostics.push(*d);
            // The page stays in the site: left out, every link to it and to its headings would
            // be reported too, for one missing `---`. Its front matter is taken to end at the
            // first blank line when what comes before reads without a complaint; otherwise its
            // fields are unknown and its text starts after the opening fence.
            let unknown = FrontMatter {
                search: true,
                unreadable: true,
                ..FrontMatter::default()
            };
            let guess = || {
                frontmatter::guess_unclosed(&file.text).and_then(|split| {
                    let mut found = Vec::new();
                    let front = frontmatter::parse(
                        split.text?,
                        split.syntax,
                        &file.text,
                        &file.source,
                        split.line_offset,
                        &cx.config.field_map,
                        &mut found,
                    );
                    found.is_empty().then_some((split, front))
                })
            };
            if let Some((split, front)) = guess() {
                (split, Some(front))
            } else {
                let body_offset = file.text.find('\n').map_or(file.text.len(), |i| i + 1);
                let split = frontmatter::Split {
                    text: None,
                    syntax: frontmatter::Syntax::of(&file.text),
                    line_offset: 0,
                    body_offset,
                };
                (split, Some(unknown))
            }
        }
    };
    let mut front = match (guessed, split.text) {
        (Some(guessed), _) => guessed,
        (None, Some(block)) => frontmatter::parse(
            block,
            split.syntax,
            &file.text,
            &file.source,
            split.line_offset,
            &cx.config.field_map,
            diagnostics,
        ),
        (None, None) => FrontMatter {
            search: true,
            ..FrontMatter::default()
        },
    };
    // A conflict left in the front matter made its YAML unreadable: the conflict is the
    // mistake to report, not the syntax error it causes (its help said to quote a value).
    if let Some(first) = conflicts.first() {
        let mut i = before_front_matter;
        while i < diagnostics.len() {
            let d = &diagnostics[i];
            let syntax = matches!(
                d.code,
                "yaml-syntax" | "toml-syntax" | "front-matter-unclosed"
            );
            if syntax && (d.line >= first.line || d.line == 0) {
                diagnostics.remove(i);
            } else {
                i += 1;
            }
        }
    }
    diagnostics.extend(conflicts);
    let body_offset = split.body_offset;
    let fields = Fields::for_file(&file.text, &file.source);
    let kind = page_kind(&file, &front, cx, &fields, diagnostics);
    apply_folder_defaults(&file.rel, &mut front, cx.config);
    let is_index =
        crate::url::is_index_stem(url::page_stem(&file.rel)) && !cx.leaf_pages.contains(&file.rel);
    let extra = kind_fields(
        std::mem::take(&mut front.other),
        kind.map(|k| &cx.kinds[k]),
        cx,
        &fields,
        diagnostics,
    );
    resolve_owners(&mut front.owners, cx.owners, &fields, diagnostics);
    if !is_index && let Some(k) = kind {
        check_required(&front, &extra, &cx.kinds[k], cx.owners, &file, diagnostics);
    }
    // `tags: [""]` tags nothing (it made a nameless tag page).
    front.tags.retain(|tag| !tag.trim().is_empty());
    check_tags(&front, &file.rel, cx.config, &fields, diagnostics);

    let interval = match &front.review_every {
        Some(every) => match review::parse_interval(&every.value) {
            Ok(span) => Some(span),
            Err(e) => {
                diagnostics.push(*fields.error(
                    "invalid-interval",
                    every.line,
                    format!("cannot read the review interval \"{}\": {e}", every.value),
                    "write a number and a unit: 90d, 12w, 6 months, 1 year (or ISO 8601 P6M)",
                ));
                None
            }
        },
        None => kind
            .map(|k| cx.kinds[k].review_every.as_str())
            .filter(|i| !i.is_empty())
            .or(Some(cx.config.review.every.as_str()))
            .and_then(|i| review::parse_interval(i).ok()),
    };
    if let Some(reviewed) = &front.last_reviewed
        && reviewed.value > cx.today
    {
        diagnostics.push(*fields.error(
            "future-date",
            reviewed.line,
            format!("`last_reviewed` is {}, after today ({})", reviewed.value, cx.today),
            "a review date records when the owner last checked the page: use today's date or earlier",
        ));
    }
    // A due date further off than the longest interval is the page never falling due: the
    // same limit as `review_every`'s, or `review_due: 9999-12-31` switches reviews off.
    if let Some(due) = &front.review_due
        && cx
            .today
            .checked_add(jiff::Span::new().years(10))
            .is_ok_and(|limit| due.value > limit)
    {
        diagnostics.push(*fields.error(
            "invalid-value",
            due.line,
            format!(
                "`review_due` is {}, more than 10 years after today ({})",
                due.value, cx.today
            ),
            &format!(
                "a review falls due within 10 years at most: set the date the owner should next check the page, or {} for a page kept for the record",
                fields.syntax().example("status", "archived")
            ),
        ));
    }
    // Section pages introduce their folder: they are reviewed only when they say so. So are
    // pages of no kind (a migrated folder no kind is named after): their review fields count.
    // Drafts are not reviewed yet (`--drafts` publishes them): `check`, the report, the
    // dashboard and the page agree on that.
    let has_review_fields = front.last_reviewed.is_some() || front.review_due.is_some();
    let reviewed = match kind {
        Some(k) => cx.kinds[k].reviewed && (!is_index || has_review_fields),
        None => has_review_fields,
    } && !matches!(front.status, Status::Archived | Status::Draft);
    let review = review::assess(
        front.last_reviewed.as_ref().map(|d| d.value),
        interval,
        front.review_due.as_ref().map(|d| d.value),
        reviewed,
        cx.today,
        cx.config.review.due_soon_days,
    );
    review_diagnostics(&front, &review, cx, &fields, diagnostics);
    // Wikilinks resolve by title before any Markdown is rendered: take an untitled page's
    // title from its first `# ` line now (rendering confirms it from the real first H1).
    let title = front
        .title
        .clone()
        .or_else(|| leading_h1(&file.text[body_offset..]))
        .unwrap_or_else(|| title_from_file_name(&file.rel));
    let page_url = url::page_url(&file.rel);
    // An alias that is a name (Obsidian's, see `render::alias_is_name`) stays as written.
    for alias in front
        .aliases
        .iter_mut()
        .filter(|a| !crate::render::alias_is_name(&a.value))
    {
        if let Some(absolute) = alias_from(&page_url, &alias.value) {
            alias.value = absolute;
        }
    }
    Some(Page {
        url: page_url,
        title,
        rel: file.rel,
        source: file.source,
        text: file.text.into(),
        body_offset,
        front,
        extra,
        kind,
        is_index,
        review,
        rendered: Default::default(),
        last_changed: None,
        nav_position: None,
        search: None,
    })
}

/// A relative alias (`old-name`, `./old-name`, `../old/name`) made absolute from the folder
/// the page at `page_url` is published in, as Hugo reads them: `aliases: [old-name]` on
/// `/posts/new/` is `/posts/old-name/`. `None` for an absolute alias, an address, or one that
/// climbs out of the site (reported as it is written).
fn alias_from(page_url: &str, alias: &str) -> Option<String> {
    let alias = alias.trim();
    if alias.is_empty() || alias.starts_with('/') || alias.contains("://") {
        return None;
    }
    let mut path: Vec<&str> = page_url.split('/').filter(|s| !s.is_empty()).collect();
    path.pop();
    for segment in alias.split('/').filter(|s| !s.is_empty()) {
        match segment {
            "." => {}
            ".." => {
                path.pop()?;
            }
            _ => path.push(segment),
        }
    }
    let slash = if alias.ends_with('/') { "/" } else { "" };
    Some(format!("/{}{slash}", path.join("/")))
}

/// The page's kind: the one it names, else the one `defaults:` gives its folder, else the
/// one whose folder it is in.
fn page_kind(
    file: &SourceFile,
    front: &FrontMatter,
    cx: ParseContext,
    fields: &Fields,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let kinds = cx.kinds;
    match &front.kind {
        Some(k) => {
            let found = kinds.iter().position(|kind| kind.id == k.value);
            if found.is_none() {
                let ids: Vec<&str> = kinds.iter().map(|k| k.id.as_str()).collect();
                let help = match did_you_mean(&k.value, ids.iter().copied()) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => format!("known kinds are: {}", ids.join(", ")),
                };
                diagnostics.push(*fields.error(
                    "unknown-kind",
                    k.line,
                    format!("unknown kind \"{}\"", k.value),
                    &help,
                ));
            }
            found
        }
        None => kind_by_place(&file.rel, cx.config, kinds),
    }
}

/// The kind of a page at `rel` that names none: its folder's by `defaults:`, else that of the
/// kind whose folder it is in.
pub fn kind_by_place(rel: &str, config: &Config, kinds: &[Kind]) -> Option<usize> {
    let by_defaults = folder_defaults(rel, config)
        .find_map(|d| d.kind.as_deref())
        .and_then(|id| kinds.iter().position(|k| k.id == id));
    by_defaults.or_else(|| {
        kinds
            .iter()
            .position(|k| in_folder(rel, k.folder.trim_matches('/')))
    })
}

/// Whether the page at `rel` is under `folder` (any page when it is empty).
fn in_folder(rel: &str, folder: &str) -> bool {
    folder.is_empty()
        || rel
            .strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// The `defaults:` entries whose folder holds the page at `rel`, the most specific first.
fn folder_defaults<'c>(
    rel: &str,
    config: &'c Config,
) -> impl Iterator<Item = &'c crate::config::FolderDefaults> {
    let mut matching: Vec<_> = config
        .defaults
        .iter()
        .filter(|d| in_folder(rel, d.path.trim_matches('/')))
        .collect();
    matching.sort_by_key(|d| std::cmp::Reverse(d.path.trim_matches('/').len()));
    matching.into_iter()
}

/// Fills what a page leaves out from the most specific matching `defaults:` entry.
fn apply_folder_defaults(rel: &str, front: &mut FrontMatter, config: &Config) {
    for defaults in folder_defaults(rel, config) {
        if front.owners.is_empty() && !defaults.owner.0.is_empty() {
            front.owners = defaults
                .owner
                .0
                .iter()
                .map(|o| Located {
                    value: o.clone(),
                    line: 0,
                })
                .collect();
        }
        if front.review_every.is_none()
            && let Some(every) = &defaults.review_every
        {
            front.review_every = Some(Located {
                value: every.clone(),
                line: 0,
            });
        }
        for tag in &defaults.tags {
            if !front.tags.contains(tag) {
                front.tags.push(tag.clone());
            }
        }
    }
}

/// Types the keys that are not common fields with the kind's schema; others are unknown.
fn kind_fields(
    raw: Vec<RawField>,
    kind: Option<&Kind>,
    cx: ParseContext,
    fields: &Fields,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<ExtraField> {
    let mut extra = Vec::new();
    for field in raw {
        let Some((_, spec)) = kind.and_then(|k| k.fields.iter().find(|(n, _)| *n == field.key))
        else {
            diagnostics.push(unknown_field(&field, kind, cx.kinds, fields));
            continue;
        };
        let key = field.key.as_str();
        let line = field.line;
        let values = match spec.field_type {
            FieldType::List | FieldType::Owners | FieldType::Pages => {
                fields.strings(key, field.value, line)
            }
            _ => fields
                .string(key, field.value, line)
                .map(|value| vec![Located { value, line }]),
        };
        let mut values = match values {
            Ok(values) => values,
            Err(d) => {
                diagnostics.push(*d);
                continue;
            }
        };
        let invalid =
            |message: String, help: &str| fields.error("invalid-value", line, message, help);
        match spec.field_type {
            FieldType::Date => {
                if let Err(problem) = frontmatter::parse_date(&values[0].value) {
                    diagnostics.push(*fields.error(
                        "invalid-date",
                        line,
                        format!("`{key}` is not a valid date: {problem}"),
                        "write the date as YYYY-MM-DD, such as 2026-09-30",
                    ));
                    continue;
                }
            }
            FieldType::Duration => {
                if let Err(e) = review::parse_interval(&values[0].value) {
                    diagnostics.push(*fields.error(
                        "invalid-interval",
                        line,
                        format!("cannot read `{key}` \"{}\": {e}", values[0].value),
                        "write a number and a unit: 90d, 12w, 6 months, 1 year (or ISO 8601 P6M)",
                    ));
                    continue;
                }
            }
            FieldType::Enum if !spec.values.contains(&values[0].value) => {
                let help =
                    match did_you_mean(&values[0].value, spec.values.iter().map(String::as_str)) {
                        Some(s) => format!("did you mean \"{s}\"?"),
                        None => format!("use one of: {}", spec.values.join(", ")),
                    };
                diagnostics.push(*invalid(
                    format!("`{key}` cannot be \"{}\"", values[0].value),
                    &help,
                ));
                continue;
            }
            FieldType::Url
                if !(values[0].value.starts_with("https://")
                    || values[0].value.starts_with("http://")) =>
            {
                diagnostics.push(*invalid(
                    format!(
                        "`{key}` must be an http(s) URL, not \"{}\"",
                        values[0].value
                    ),
                    "write the full address, such as https://example.com/page",
                ));
                continue;
            }
            FieldType::Owner | FieldType::Owners => {
                resolve_owners(&mut values, cx.owners, fields, diagnostics)
            }
            _ => {}
        }
        extra.push(ExtraField {
            label: spec
                .label
                .clone()
                .unwrap_or_else(|| crate::site::humanize(key)),
            key: field.key,
            field_type: spec.field_type,
            values,
        });
    }
    if let Some(kind) = kind {
        extra.sort_by_key(|f| kind.fields.iter().position(|(n, _)| *n == f.key));
    }
    extra
}

fn unknown_field(
    field: &RawField,
    kind: Option<&Kind>,
    kinds: &[Kind],
    fields: &Fields,
) -> Diagnostic {
    let mut known: Vec<&str> = COMMON_FIELDS.to_vec();
    if let Some(kind) = kind {
        known.extend(kind.fields.iter().map(|(n, _)| n.as_str()));
    }
    let elsewhere = kinds
        .iter()
        .find(|k| k.fields.iter().any(|(n, _)| *n == field.key));
    // Other tools' fields that set a page's address: opsbook's follows the file's path, and
    // an old address is kept working by an alias.
    let syntax = fields.syntax();
    let address = matches!(
        field.key.as_str(),
        "slug" | "url" | "permalink" | "id" | "path"
    )
    .then(|| match &field.value {
        crate::yaml::Value::String(old) if old.trim() == "/" => {
            "opsbook publishes the content folder's `_index.md` (or `index.md`) at `/`: make this page that file".to_string()
        }
        crate::yaml::Value::String(old) if old.starts_with('/') => format!(
            "opsbook publishes a page at its file's path; to keep `{old}` working, write {}",
            syntax.example("aliases", &format!("[{old}]"))
        ),
        _ => format!(
            "opsbook publishes a page at its file's path (rename the file to change it); an old address is kept working with {}",
            syntax.example("aliases", "[/old/path/]")
        ),
    });
    let help = if let Some(help) = address {
        help
    } else if let Some(help) = other_tools_field(&field.key) {
        help.to_string()
    } else if let Some(other) = elsewhere {
        let this = kind.map_or("a page of no kind".to_string(), |k| {
            format!("a {}", k.title.to_lowercase())
        });
        format!(
            "`{}` is a field of {}, and this page is {this}",
            field.key,
            other.plural.to_lowercase()
        )
    } else {
        match did_you_mean(&field.key, known.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!(
                "known fields are: {}; map other tools' fields with `field_map` in opsbook.yaml",
                known.join(", ")
            ),
        }
    };
    let line_text = fields_line(fields, field.line);
    let column = line_text
        .find(&field.written)
        .map_or(1, |c| line_text[..c].chars().count() as u32 + 1);
    let (line, width) = (field.line, field.written.chars().count() as u32);
    Diagnostic::new(
        Severity::Warning,
        "unknown-field",
        fields.path(),
        format!("unknown front-matter field `{}`", field.written),
    )
    .at_line_col(fields.file_text(), line, column, width)
    .with_help(help)
}

/// What to do with a front-matter key another docs tool reads, when opsbook has no field of
/// that name: a near-miss suggestion (`template` → `templates`) would mislead.
fn other_tools_field(key: &str) -> Option<&'static str> {
    Some(match key {
        "description" | "excerpt" => {
            "opsbook calls this `summary`: rename it, or map it with `field_map: {description: summary}` in opsbook.yaml"
        }
        "lastmod" | "last_modified" | "updated" => {
            "if it records the last review, map it with `field_map: {lastmod: last_reviewed}` in opsbook.yaml; the last change is read from git"
        }
        "categories" | "keywords" => {
            "opsbook groups pages by `tags`: map it with `field_map: {categories: tags}` in opsbook.yaml (a page writing both is an error)"
        }
        "template" | "layout" => {
            "opsbook pages share the theme's page template: to change it, copy `page.html` into the site's `templates/` folder"
        }
        "sidebar_position" | "nav_order" => {
            "opsbook orders pages by `weight`: map it with `field_map: {sidebar_position: weight}` in opsbook.yaml"
        }
        "sidebar_label" | "linkTitle" | "nav_title" => {
            "opsbook shows the page's `title` in menus; this field has no use here and can go"
        }
        "hide" | "toc" | "hide_table_of_contents" => {
            "opsbook shows the table of contents of pages with headings and has no switch for it; this field can go"
        }
        "in_search_index" => {
            "opsbook calls this `search`: rename it, or map it with `field_map: {in_search_index: search}` in opsbook.yaml"
        }
        "taxonomies" => {
            "opsbook's tags are a field of their own: move `tags` out of `[taxonomies]`, above it (`tags = [\"incident\"]`)"
        }
        "extra" => {
            "opsbook reads a page's fields at the top of its front matter: move the keys of `[extra]` above it"
        }
        _ => return None,
    })
}

fn fields_line<'a>(fields: &Fields<'a>, line: u32) -> &'a str {
    fields
        .file_text()
        .split('\n')
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("")
}

/// Replaces owner values written as a registered Slack handle or email by the owner's id, and
/// reports owners the registry does not know. Without a registry owners are free-form. An
/// owner named twice (`[alex, "@alex"]`) is kept once: each page counts once in their numbers.
fn resolve_owners(
    owners: &mut Vec<Located<String>>,
    registry: &Registry,
    fields: &Fields,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // `owner: ""` names no one, as `owner: []` does (so a kind that requires one says so);
    // `"alice "` is alice (it was an owner of its own, beside her).
    owners.retain(|owner| !owner.value.trim().is_empty());
    for owner in owners.iter_mut() {
        if owner.value.trim().len() != owner.value.len() {
            owner.value = owner.value.trim().to_string();
        }
    }
    resolve_each_owner(owners, registry, fields, diagnostics);
    let mut seen = std::collections::HashSet::new();
    owners.retain(|owner| seen.insert(owner.value.clone()));
}

fn resolve_each_owner(
    owners: &mut [Located<String>],
    registry: &Registry,
    fields: &Fields,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !registry.present {
        return;
    }
    for owner in owners.iter_mut() {
        let sharing = registry.sharing_contact(&owner.value);
        if !sharing.is_empty() {
            // Resolved to the first, silently, the page went into another team's reminders.
            let message = format!(
                "owner \"{}\" is the contact of {} owners in owners.yaml: {}",
                owner.value,
                sharing.len(),
                sharing.join(", ")
            );
            let help = format!(
                "write the id of the one you mean, such as `owner: {}`",
                sharing[0]
            );
            let d = Diagnostic::error("unknown-owner", fields.path(), message).with_help(help);
            diagnostics.push(if owner.line == 0 {
                d
            } else {
                let (line, column, width) = fields.item_position(owner.line, &owner.value);
                d.at_line_col(fields.file_text(), line, column, width)
            });
        }
        if let Some(id) = registry.resolve(&owner.value) {
            owner.value = id.to_string();
            continue;
        }
        let parts: Vec<&str> = owner.value.split([',', ';']).map(str::trim).collect();
        let help = match registry.likely(&owner.value) {
            // `owner: team-ops, alex` is one owner named so, not two.
            _ if parts.len() > 1 && parts.iter().all(|p| !p.is_empty()) => format!(
                "for several owners write a list: `owner: [{}]`",
                parts.join(", ")
            ),
            Some(s) => format!("did you mean \"{s}\"?"),
            None if registry.owners.is_empty() => format!(
                "add \"{}\" to owners.yaml, which lists no owners yet",
                owner.value
            ),
            None => format!(
                "add \"{}\" to owners.yaml, or use one of: {}",
                owner.value,
                registry.some_ids()
            ),
        };
        let message = format!("owner \"{}\" is not in owners.yaml", owner.value);
        if owner.line == 0 {
            // Came from `defaults:` in opsbook.yaml, which names the folder.
            diagnostics
                .push(Diagnostic::error("unknown-owner", fields.path(), message).with_help(help));
            continue;
        }
        let (line, column, width) = fields.item_position(owner.line, &owner.value);
        diagnostics.push(
            Diagnostic::error("unknown-owner", fields.path(), message)
                .at_line_col(fields.file_text(), line, column, width)
                .with_help(help),
        );
    }
}

fn check_required(
    front: &FrontMatter,
    extra: &[ExtraField],
    kind: &Kind,
    registry: &Registry,
    file: &SourceFile,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if front.unreadable {
        return;
    }
    let syntax = frontmatter::Syntax::of(&file.text);
    for name in &kind.required {
        // A draft release is not out yet: its day is not known, and it is not published.
        if name == "date" && front.status == Status::Draft {
            continue;
        }
        let written = front
            .keys
            .iter()
            .find(|(k, _)| k == name || (name == "last_reviewed" && k == "review_due"));
        let present = match name.as_str() {
            "title" => front.title.is_some(),
            "summary" => front
                .summary
                .as_deref()
                .is_some_and(|s| !s.trim().is_empty()),
            "owner" => !front.owners.is_empty(),
            "last_reviewed" => front.last_reviewed.is_some() || front.review_due.is_some(),
            "review_every" => front.review_every.is_some() || !kind.review_every.is_empty(),
            "review_due" => front.review_due.is_some(),
            "tags" => !front.tags.is_empty(),
            "aliases" => !front.aliases.is_empty(),
            "weight" => front.weight.is_some(),
            "tools" => !front.tools.is_empty(),
            "templates" => !front.templates.is_empty(),
            "related" => !front.related.is_empty(),
            "kind" => front.kind.is_some(),
            // `version: ""` is no version (a release note was listed without one).
            other => extra
                .iter()
                .any(|f| f.key == other && f.values.iter().any(|v| !v.value.trim().is_empty())),
        };
        if present {
            continue;
        }
        let example = match name.as_str() {
            "owner" if registry.owners.is_empty() => syntax.example("owner", "team-name"),
            "owner" => {
                // A few ids to show what one looks like, teams first: not a recommendation.
                let mut ids: Vec<(&String, bool)> = registry
                    .owners
                    .iter()
                    .map(|(id, o)| (id, o.kind.as_deref() != Some("team")))
                    .collect();
                ids.sort_by_key(|&(id, person)| (person, id));
                let shown: Vec<&str> = ids.iter().take(4).map(|(id, _)| id.as_str()).collect();
                let more = if ids.len() > shown.len() { ", …" } else { "" };
                format!(
                    "{}, the id in owners.yaml of the team or person who keeps the page current ({}{more})",
                    syntax.example("owner", "ID"),
                    shown.join(", ")
                )
            }
            "last_reviewed" => format!(
                "{} (the day the owner last checked the page)",
                syntax.example("last_reviewed", "YYYY-MM-DD")
            ),
            "version" => syntax.example("version", "1.2.0"),
            "date" => syntax.example("date", "YYYY-MM-DD"),
            other => syntax.example(other, "…"),
        };
        if let Some((_, line)) = written {
            // Written but invalid: its own diagnostic, on its line, says so already.
            if diagnostics
                .iter()
                .any(|d| d.path == file.source && d.line == *line)
            {
                continue;
            }
            // Written empty (`owner: []`, `owner:`): as good as missing.
            let line_text = file
                .text
                .lines()
                .nth((*line as usize).saturating_sub(1))
                .unwrap_or("");
            let width = line_text.chars().count() as u32;
            // `owner: #support`, a Slack channel: YAML reads a comment.
            let help = match line_text.split_once(':').map(|(_, v)| v.trim()) {
                Some(value) if value.starts_with('#') => format!(
                    "`#` after a space starts a comment in YAML, which leaves `{name}` empty: quote the value, `{name}: \"{value}\"`"
                ),
                _ => format!("write {example}"),
            };
            diagnostics.push(
                Diagnostic::error(
                    "missing-field",
                    &file.source,
                    format!(
                        "`{name}` is required for {} but empty",
                        kind.plural.to_lowercase()
                    ),
                )
                .at_line_col(&file.text, *line, 1, width.max(1))
                .with_help(help),
            );
            continue;
        }
        let mut d = Diagnostic::error(
            "missing-field",
            &file.source,
            format!(
                "`{name}` is required for {} but missing",
                kind.plural.to_lowercase()
            ),
        );
        let fix = if front.line == 0 {
            format!("start the file with front matter holding {example}")
        } else {
            format!("add {example} to the front matter")
        };
        if let Some((line, text)) = property_line(&file.text, front.end_line, name) {
            // Notion's and Confluence's exports write a page's properties as lines of text
            // under its title: point at the one the writer will look for.
            d = d
                .at_line_col(&file.text, line, 1, text.chars().count().max(1) as u32)
                .with_help(format!(
                    "line {line} reads `{text}`, a property as exports from Notion or Confluence write it, but opsbook reads `{name}` from front matter only: {fix}"
                ));
        } else {
            d = d.with_help(fix);
            if front.end_line > 0 {
                d = d.at_line_col(&file.text, front.end_line, 1, 3);
            } else if !file.text.trim().is_empty() {
                // No front matter: where it would start, so that an editor or a CI
                // annotation opens the file at its top.
                d = d.at_line_col(&file.text, 1, 1, 1);
            }
        }
        diagnostics.push(d);
    }
}

/// A line near the top of the body that gives the field `name` as a property, `Owner: Ana`
/// or `**Last reviewed:** 2026-10-01`, as exports from Notion and Confluence write them: its
/// line number and text. Looks from the end of the front matter (`after`, 0 for none) through
/// the lines before the first section heading or code block, and 20 lines at most.
fn property_line<'t>(text: &'t str, after: u32, name: &str) -> Option<(u32, &'t str)> {
    let names: &[&str] = match name {
        "owner" => &[
            "owner",
            "owners",
            "owned by",
            "page owner",
            "document owner",
            "maintainer",
        ],
        "last_reviewed" => &[
            "last reviewed",
            "reviewed",
            "last review",
            "review date",
            "last verified",
            "verified",
        ],
        "summary" => &["summary", "description"],
        other => return property_line_named(text, after, &[other]),
    };
    property_line_named(text, after, names)
}

fn property_line_named<'t>(text: &'t str, after: u32, names: &[&str]) -> Option<(u32, &'t str)> {
    for (i, line) in text.split('\n').enumerate().skip(after as usize).take(20) {
        let line = line.trim_end_matches('\r');
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") || trimmed.starts_with("##") {
            return None;
        }
        let Some((key, value)) = trimmed.split_once(':') else {
            continue;
        };
        let key = key
            .trim_start_matches(['*', '_', '-', ' '])
            .trim_end_matches(['*', '_', ' ']);
        let key = key.replace(['_', '-'], " ").to_lowercase();
        let value = value.trim_start_matches(['*', '_']).trim();
        if !value.is_empty() && names.contains(&key.as_str()) {
            return Some((i as u32 + 1, line.trim()));
        }
    }
    None
}

fn check_tags(
    front: &FrontMatter,
    rel: &str,
    config: &Config,
    fields: &Fields,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if config.tags.is_empty() {
        return;
    }
    // Tags that differ only in case are one tag; those `defaults` gives are checked where
    // they are written, in opsbook.yaml.
    let known = |tag: &str| {
        let tag = tag.to_lowercase();
        config.tags.iter().any(|t| t.to_lowercase() == tag)
            || folder_defaults(rel, config).any(|d| d.tags.iter().any(|t| t.to_lowercase() == tag))
    };
    let tags_line = fields
        .file_text()
        .split('\n')
        .position(|l| {
            l.starts_with("tags") && l[4..].trim_start().starts_with(fields.syntax().separator())
        })
        .map_or(0, |i| i as u32 + 1);
    for tag in &front.tags {
        if known(tag) {
            continue;
        }
        let help = match did_you_mean(tag, config.tags.iter().map(String::as_str)) {
            Some(s) => format!("did you mean \"{s}\"?"),
            None => "use a tag from `tags` in opsbook.yaml, or add this one there".into(),
        };
        let mut d = Diagnostic::error(
            "unknown-tag",
            fields.path(),
            format!("tag \"{tag}\" is not in the site's vocabulary"),
        )
        .with_help(help);
        if tags_line > 0 {
            let (line, column, width) = fields.item_position(tags_line, tag);
            d = d.at_line_col(fields.file_text(), line, column, width);
        }
        diagnostics.push(d);
    }
}

fn review_diagnostics(
    front: &FrontMatter,
    review: &review::Review,
    cx: ParseContext,
    fields: &Fields,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (Some(due), code) = (
        review.due,
        match review.status {
            ReviewStatus::Overdue => "overdue",
            ReviewStatus::DueSoon => "due-soon",
            _ => return,
        },
    ) else {
        return;
    };
    let message = match review.status {
        ReviewStatus::Overdue => {
            let days = -review.days_left;
            format!(
                "review overdue by {days} day{}: it was due on {due}",
                if days == 1 { "" } else { "s" }
            )
        }
        _ if review.days_left == 0 => format!("review due today ({due})"),
        _ => format!(
            "review due in {} day{}, on {due}",
            review.days_left,
            if review.days_left == 1 { "" } else { "s" }
        ),
    };
    let who = front
        .owners
        .iter()
        .map(|o| {
            let owner = cx.owners.owners.get(&o.value);
            match owner.map(|o| o.slack.as_str()).filter(|s| !s.is_empty()) {
                Some(slack) => format!("{} ({slack})", cx.owners.name(&o.value)),
                None => cx.owners.name(&o.value).to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    let who = if who.is_empty() {
        "the page has no owner: give it one, who".to_string()
    } else {
        who
    };
    // The key as the page writes it (`last_reviewed_on` through `field_map`); with an
    // explicit `review_due`, that date is what to move on.
    let written = |line: u32| {
        fields_line(fields, line)
            .split(fields.syntax().separator())
            .next()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(str::to_string)
    };
    let help = match (&front.review_due, &front.last_reviewed) {
        // Reviewed since, with the old due date left in: overdue until that is moved.
        (Some(due_field), Some(reviewed)) if due_field.value < reviewed.value => format!(
            "`{}` ({}) comes before `{}` ({}): the page was reviewed since, but stays overdue until you set `{0}` to the next review's date, or remove it to count from the last review",
            written(due_field.line).unwrap_or_else(|| "review_due".into()),
            due_field.value,
            written(reviewed.line).unwrap_or_else(|| "last_reviewed".into()),
            reviewed.value,
        ),
        (Some(due_field), _) => format!(
            "{who} should check the page is still right, then set `{}` to the next review's date",
            written(due_field.line).unwrap_or_else(|| "review_due".into())
        ),
        (None, reviewed) => format!(
            "{who} should check the page is still right, then set {}",
            fields.syntax().example(
                &reviewed
                    .as_ref()
                    .and_then(|r| written(r.line))
                    .unwrap_or_else(|| "last_reviewed".into()),
                &cx.today.to_string()
            )
        ),
    };
    let severity = crate::diag::find_rule(code).map_or(Severity::Warning, |r| r.severity);
    let line = front
        .review_due
        .as_ref()
        .map(|d| d.line)
        .or_else(|| front.last_reviewed.as_ref().map(|d| d.line))
        .unwrap_or(0);
    let mut d = Diagnostic::new(severity, code, fields.path(), message).with_help(help);
    if line > 0 {
        let (column, width) = fields.value_column(line);
        d = d.at_line_col(fields.file_text(), line, column, width);
    }
    diagnostics.push(d);
}

/// Renders every page's Markdown; pages without a title take their first H1, else their
/// file name. With `free_bodies` (the site's kinds), each page but a template keeps only its
/// front matter once rendered: for a build or check, which reads no page's body again
/// (`serve` keeps them, to compare with the next version of each file). With `search` (the
/// owners, whose names are indexed with the pages they own), pages are read into terms for the
/// search index too.
pub fn render_markdown(
    pages: &mut [Page],
    index: &LinkIndex,
    options: &RenderOptions,
    search: Option<&crate::owners::Registry>,
    free_bodies: Option<&[crate::config::Kind]>,
    reuse: &(dyn Fn(&Page) -> Option<Reused> + Sync),
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Only a one-off build of a big site: `serve` keeps pages to re-render them, and `check`
    // writes no HTML.
    let compress = options.html && free_bodies.is_some() && pages.len() >= COMPRESS_FROM_PAGES;
    // Runs of words too common for the search index are left out as they are found only in
    // a one-off build: `serve` reuses a page's terms in later builds, where other pages may
    // have changed which runs are common.
    let common_runs = free_bodies.map(|_| crate::search::phrases::new_build());
    let found: Vec<Vec<Diagnostic>> = pages
        .par_iter_mut()
        .map(|page| {
            // What rendering made, from the build before; the rest is this build's (its tags'
            // spelling, which other pages decide, among it).
            if let Some((done, found)) = reuse(page) {
                page.rendered = done.rendered;
                page.search = done.search;
                page.title = done.title;
                return found;
            }
            let mut found = Vec::new();
            let source = markdown::PageSource {
                file_text: &page.text,
                body_offset: page.body_offset,
                rel: &page.rel,
                source: &page.source,
                title: page.front.title.as_deref(),
            };
            let mut rendered = markdown::render(source, index, options, &mut found);
            if page.front.title.is_none()
                && let Some(h1) = rendered.first_h1.as_deref().map(str::trim)
                && !h1.is_empty()
            {
                page.title = h1.to_string();
            }
            if let Some(kinds) = free_bodies
                && !page.publishes_source(kinds)
            {
                free_body(page, &mut rendered);
            }
            if compress {
                rendered.compress();
            }
            let sections = std::mem::take(&mut rendered.sections);
            page.rendered = std::sync::Arc::new(rendered);
            if let Some(owners) = search
                && page.front.search
            {
                // The page's heading, when it is not its title, is no section's text: found
                // with its summary's weight (its words, not its markup).
                let heading_text = page.rendered.heading.as_deref().map(markdown::heading_text);
                let labels: Vec<&str> = (page.front.tags.iter().map(String::as_str))
                    .chain(page.front.owners.iter().map(|o| owners.name(&o.value)))
                    .chain(heading_text.as_deref())
                    .collect();
                page.search = Some(std::sync::Arc::new(crate::search::analyze(
                    &page.title,
                    page.front.summary.as_deref().unwrap_or(""),
                    &labels,
                    sections,
                    common_runs,
                )));
            }
            found
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
}

/// From how many pages a build holds each page's HTML compressed until its template runs
/// ([`markdown::Rendered::compress`]). The HTML was a third of what a page held at 100,000
/// pages (8 kB of 25), and compressing it costs about 3% of the build's time: worth it where
/// memory runs short, not on the wikis most teams have.
pub const COMPRESS_FROM_PAGES: usize = 20_000;

/// Drops the Markdown body of a rendered page, keeping its front matter (the checks after
/// rendering point into it) and where its links with an anchor are (checked once every page
/// is rendered): the bodies are the biggest part of the site's text, held otherwise while
/// every other page renders.
fn free_body(page: &mut Page, rendered: &mut markdown::Rendered) {
    let mut spots = crate::diag::SpotFinder::new(&page.text);
    for link in &mut rendered.links {
        if link.anchor.is_some() {
            link.spot = Some(Box::new(spots.at_offset(link.offset, link.len)));
        }
    }
    for link in &mut rendered.generated_anchors {
        link.spot = Some(Box::new(spots.at_offset(link.offset, link.len)));
    }
    page.text = page.text[..page.body_offset].into();
}

/// The text of a body's first line when it is an ATX `# ` heading, badges and HTML above it
/// aside.
fn leading_h1(body: &str) -> Option<String> {
    // What a README puts above its title: badges, a logo, a line of HTML.
    let above_title = |l: &str| l.starts_with("[![") || l.starts_with("![") || l.starts_with('<');
    let first = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !above_title(l))?;
    let text = first
        .strip_prefix("# ")?
        .trim()
        .trim_end_matches('#')
        .trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// `processes/incident-response.md` → "Incident response"; an index page takes its folder's
/// name, and the home page "Home". Two digits that order the files (`01-intro.md`, as
/// Docusaurus and MkDocs sites name them) are no part of the title; one digit (`5-whys.md`)
/// or a year (`2026-q3-plan.md`) is.
fn title_from_file_name(rel: &str) -> String {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop().unwrap_or(rel);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let name = if crate::url::is_index_stem(stem) {
        parts.pop().unwrap_or("Home")
    } else {
        stem
    };
    let unnumbered = name
        .get(..2)
        .filter(|n| n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|_| name[2..].strip_prefix(['-', '_', '.', ' ']))
        .filter(|rest| !rest.is_empty());
    crate::site::humanize(unnumbered.unwrap_or(name))
}

#[cfg(test)]
mod conflict_tests {
    use super::merge_conflicts;

    #[test]
    fn merge_conflicts_are_found_outside_code_blocks() {
        let text = "# Runbook\n\n<<<<<<< HEAD\nUse the new runbook.\n=======\nUse the old runbook.\n>>>>>>> branch\n\n```\n<<<<<<< HEAD\na\n=======\nb\n>>>>>>> x\n```\n";
        let found = merge_conflicts(text, "content/a.md");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            (found[0].code, found[0].line, found[0].column),
            ("merge-conflict", 3, 1)
        );
        assert!(
            found[0].message.contains("lines 3 to 7"),
            "{}",
            found[0].message
        );
        // A marker left alone, the rest cleaned up.
        let found = merge_conflicts("Text.\n>>>>>>> fix-restart\n", "a.md");
        assert_eq!((found.len(), found[0].line), (1, 2), "{found:?}");
        // Markers in a quote are text.
        assert!(merge_conflicts("> <<<<<<< a\n> =======\n> >>>>>>> b\n", "a.md").is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names_leave_ordering_numbers_out() {
        for (rel, title) in [
            ("processes/incident-response.md", "Incident response"),
            ("guides/01-intro.md", "Intro"),
            ("guides/12_deploy.md", "Deploy"),
            ("guides/5-whys.md", "5 whys"),
            ("reports/2026-q3-plan.md", "2026 q3 plan"),
            ("guides/07/_index.md", "07"),
            ("99.md", "99"),
            ("_index.md", "Home"),
        ] {
            assert_eq!(title_from_file_name(rel), title, "{rel}");
        }
    }
}
