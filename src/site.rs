//! The site model built from parsed pages: where each page is published, the link index that
//! resolves Markdown links, the section tree, reading order, sidebar, breadcrumbs, and the
//! generated listings (sections, kinds, owners, tags).

use std::collections::BTreeMap;

// Fx, not SipHash: keys are the site's own paths and titles, looked up for every link.
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use jiff::civil::Date;

use crate::config::{Config, Kind};
use crate::frontmatter::{FrontMatter, Status};
use crate::load::Asset;
use crate::markdown::{LinkResolver, Rendered, Resolved};
use crate::owners::Registry;
use crate::review::Review;
use crate::url;

/// A Markdown page of the site.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path under `content/`, such as `processes/x.md`.
    pub rel: String,
    /// Path from the site root, such as `content/processes/x.md`.
    pub source: String,
    /// Root-relative URL, such as `/processes/x/`.
    pub url: String,
    /// The file's full text. Shared: `serve` keeps each page as parsed and as rendered
    /// for its next rebuild, and the three would otherwise hold three copies of it.
    pub text: std::sync::Arc<str>,
    /// Where the Markdown body starts in `text`.
    pub body_offset: usize,
    /// Typed front matter.
    pub front: FrontMatter,
    /// Title: front matter, else the first H1, else the file name.
    pub title: String,
    /// Kind-specific fields, typed by the kind's schema.
    pub extra: Vec<crate::parse::ExtraField>,
    /// Index into [`Site::kinds`].
    pub kind: Option<usize>,
    /// Whether this is a section's own page (`_index.md` or `index.md`).
    pub is_index: bool,
    /// Review state on the build's "today".
    pub review: Review,
    /// The rendered Markdown, shared for the same reason as `text`.
    pub rendered: std::sync::Arc<Rendered>,
    /// Committer date (UTC) of the last commit that changed the file; none outside git or
    /// before the file's first commit.
    pub last_changed: Option<Date>,
    /// Its place in the navigation of the tool the site came from (MkDocs' `nav:`), which
    /// orders it among its siblings when its front matter has no `weight:`.
    pub nav_position: Option<crate::frontmatter::Weight>,
    /// What the page adds to the search index (`None` when search is off for it).
    /// Shared, so that `serve` can index a snapshot of the site on another thread.
    pub search: Option<std::sync::Arc<crate::search::PageTerms>>,
}

impl Page {
    /// The folder whose section the page is in: its file's, or for a page that is its
    /// folder's only one (an `index.md` alone, see `parse::leaf_pages`) the one above, as
    /// its URL is the folder's, or for a page beside a folder of its name whose section page
    /// it is (`parse::folder_pages`), that folder.
    pub fn folder(&self) -> &str {
        let dir = url::parent_dir(&self.rel);
        let index_stem = url::is_index_stem(url::page_stem(&self.rel));
        if !self.is_index && index_stem {
            url::parent_dir(dir)
        } else if self.is_index && !index_stem {
            // The section page of the folder beside it (see `parse::folder_pages`).
            url::without_page_extension(&self.rel)
        } else {
            dir
        }
    }

    /// The page's status.
    pub fn status(&self) -> Status {
        self.front.status
    }

    /// Whether the page is a template, whose Markdown source is published beside it (a
    /// section's index page is not one). `kinds` are the site's.
    pub fn publishes_source(&self, kinds: &[Kind]) -> bool {
        !self.is_index && self.kind.is_some_and(|k| kinds[k].id == "template")
    }
}

/// A folder under `content/` holding pages, at any depth; the root folder is the home page.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder path under `content/` (`""` for the root).
    pub dir: String,
    /// Root-relative URL.
    pub url: String,
    /// Title: its `_index.md` title, else the kind's plural, else the folder name.
    pub title: String,
    /// Its `_index.md` page, if any.
    pub index_page: Option<usize>,
    /// Parent section (none for the root).
    pub parent: Option<usize>,
    /// Child sections, in navigation order.
    pub subsections: Vec<usize>,
    /// Pages directly in it, in navigation order (its index page excluded).
    pub pages: Vec<usize>,
    /// Number of pages in it and below it (index pages excluded).
    pub count: usize,
    /// Its weight among its siblings when its section page gives none: Docusaurus's
    /// `_category_.json` `position`, or where MkDocs' nav first names a page in it.
    pub position: Option<crate::frontmatter::Weight>,
    /// Its summary when its own page gives none: Docusaurus's `_category_.json` description.
    pub description: Option<String>,
    /// Its child sections and pages in one order, as the sidebar and previous/next read
    /// them: those with a weight by weight, a folder before a page of the same weight; then
    /// the folders without one, then the pages without one.
    pub entries: Vec<Entry>,
}

/// An entry of a section: a child section or a page, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Section(usize),
    Page(usize),
}

/// A generated listing page (section, kind, owner or tag).
#[derive(Debug, Clone)]
pub struct Listing {
    /// Root-relative URL.
    pub url: String,
    /// Heading.
    pub title: String,
    /// One line under the heading.
    pub summary: String,
    /// Theme template to render it with.
    pub template: &'static str,
    /// Page whose rendered Markdown is shown above the list (a section's `_index.md`).
    pub content_page: Option<usize>,
    /// Pages listed (on this part, for a listing cut in parts).
    pub pages: Vec<usize>,
    /// Every page of the listing, in all its parts (the same as `pages` when it has one).
    pub all_pages: std::sync::Arc<[usize]>,
    /// Cards listed above the pages (sub-sections, owners, tags).
    pub children: Vec<ListingChild>,
    /// The section whose branch the sidebar opens.
    pub nav_section: Option<usize>,
    /// Link to the previous and next part of a long listing.
    pub pagination: Option<Pagination>,
    /// For an owner's page: the owner id.
    pub owner: Option<String>,
}

impl Listing {
    /// A generated listing of `pages`: no page of its own, no cards, no branch of the sidebar
    /// (a kind's, an owner's, a tag's, a tool's). `all_pages` is set by `push_in_parts`.
    fn of_pages(
        url: String,
        title: String,
        summary: String,
        template: &'static str,
        pages: Vec<usize>,
    ) -> Listing {
        Listing {
            url,
            title,
            summary,
            template,
            content_page: None,
            all_pages: Default::default(),
            pages,
            children: Vec::new(),
            nav_section: None,
            pagination: None,
            owner: None,
        }
    }
}

/// A card on a listing page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ListingChild {
    /// Label.
    pub title: String,
    /// Root-relative URL (made relative when rendered).
    pub url: String,
    /// One line.
    pub summary: String,
    /// How many pages it holds.
    pub count: usize,
}

/// Position in a listing split over several pages.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// 1-based number of this part.
    pub current: usize,
    /// Number of parts.
    pub total: usize,
    /// Root-relative URL of the previous part.
    pub prev: Option<String>,
    /// Root-relative URL of the next part.
    pub next: Option<String>,
    /// Every part, shared by all of them: its URL and the titles of its first and last
    /// pages, so that a reader can go to the part holding "V…" (Previous and Next alone
    /// took 11 clicks there in a list of 2,216 pages).
    pub parts: std::sync::Arc<[PartLink]>,
}

/// One part of a long listing, as the others link to it.
#[derive(Debug, Clone)]
pub struct PartLink {
    /// Root-relative URL.
    pub url: String,
    /// Titles of its first and last pages.
    pub first: String,
    pub last: String,
}

/// Rows per part of a kind, owner or tag listing: small enough to load quickly on huge sites
/// (a tag on a tenth of a 100,000-page wiki listed in one page was 6 MB of HTML).
pub const LISTING_PAGE_SIZE: usize = 200;

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    /// Configuration.
    pub config: Config,
    /// Page kinds.
    pub kinds: Vec<Kind>,
    /// Owner registry.
    pub owners: Registry,
    /// The build's "today".
    pub today: Date,
    /// Pages, sorted by source path.
    pub pages: Vec<Page>,
    /// Sections; index 0 is the root.
    pub sections: Vec<Section>,
    /// Section of each page (for index pages: the section they introduce).
    pub page_section: Vec<usize>,
    /// Pages in reading order (the sidebar's order), for prev/next.
    pub reading_order: Vec<usize>,
    /// Position of each page in `reading_order`.
    pub reading_position: Vec<Option<usize>>,
    /// Generated listing pages.
    pub listings: Vec<Listing>,
    /// Files copied from `content/`.
    pub content_assets: Vec<Asset>,
    /// Root-relative URL of each owner's page, by owner id.
    pub owner_urls: BTreeMap<String, String>,
    /// Root-relative URL of each tag's page, by tag.
    pub tag_urls: BTreeMap<String, String>,
    /// Path of the site root from its git repository's top level (`docs/` or empty), put in
    /// front of `Page::source` in edit links.
    pub repo_prefix: String,
    /// Whether the site is an Obsidian vault (`.obsidian/` in its folder or its content
    /// folder), whose writers use Obsidian's syntax on purpose.
    pub obsidian_vault: bool,
    /// Backlinks and typed references, both ways.
    pub graph: crate::graph::Graph,
}

/// Finds pages and files by the paths and URLs that links use.
pub struct LinkIndex {
    by_rel: HashMap<String, usize>,
    by_url: HashMap<String, usize>,
    urls: Vec<String>,
    rels: Vec<String>,
    /// The content folder's files, by path, and by path in Unicode's composed form (NFC) too:
    /// the path as it is on disk.
    assets: HashMap<String, String>,
    section_urls: HashMap<String, String>,
    unpublished: HashSet<String>,
    /// URLs opsbook publishes besides pages and content files (listings, dashboard, feed,
    /// `static/` files …), root-relative.
    published: HashSet<String>,
    /// For wikilinks: lowercased title, path and alias → pages.
    titles: Vec<String>,
    by_title: HashMap<String, Vec<usize>>,
    by_lower_path: HashMap<String, usize>,
    by_alias: HashMap<String, usize>,
    /// For wikilinks by file name alone, as Obsidian and GitHub's wikis write them
    /// (`[[Database failover]]` for `runbooks/Database failover.md`, `[[On-call Rotation]]`
    /// for `On-call-Rotation.md`): the page's [`name_key`] → pages.
    by_name: HashMap<String, Vec<usize>>,
    /// The content folder's files by their lowercased name alone, for Obsidian's embeds
    /// (`![[Pasted image 20240301.png]]`, kept in an attachments folder).
    files_by_name: HashMap<String, Vec<String>>,
    /// For wikilinks to a heading by its text: (page, slug of the text) → the `{#id}` it was
    /// given.
    custom_ids: HashMap<(usize, String), String>,
    /// The content folder as the site names it (`content`, `docs` …), for messages.
    content_dir: String,
    /// Pages' and files' paths by their file name lower-cased, made at the first broken link
    /// that asks where a page of its name went (looking through every path for each broken
    /// link was a third of a `check` with 1,700 of them).
    by_file_name: std::sync::OnceLock<HashMap<String, Vec<String>>>,
}

impl LinkIndex {
    /// Indexes `pages` (in order) and the content files beside them.
    pub fn new(pages: &[(String, String)], assets: &[Asset]) -> LinkIndex {
        let mut index = LinkIndex {
            by_rel: HashMap::with_capacity_and_hasher(pages.len(), Default::default()),
            by_url: HashMap::with_capacity_and_hasher(pages.len(), Default::default()),
            urls: Vec::with_capacity(pages.len()),
            rels: Vec::with_capacity(pages.len()),
            assets: assets
                .iter()
                .flat_map(|a| {
                    let composed = composed(&a.rel).map(|c| (c, a.rel.clone()));
                    std::iter::once((a.rel.clone(), a.rel.clone())).chain(composed)
                })
                .collect(),
            section_urls: HashMap::default(),
            unpublished: HashSet::default(),
            published: HashSet::default(),
            titles: Vec::new(),
            by_title: HashMap::default(),
            by_lower_path: HashMap::default(),
            by_alias: HashMap::default(),
            by_name: HashMap::default(),
            files_by_name: HashMap::default(),
            custom_ids: HashMap::default(),
            content_dir: "content".into(),
            by_file_name: std::sync::OnceLock::new(),
        };
        for asset in assets {
            let name = asset.rel.rsplit('/').next().unwrap_or(&asset.rel);
            let key = nfc(&name.to_lowercase());
            index
                .files_by_name
                .entry(key)
                .or_default()
                .push(asset.rel.clone());
        }
        for (i, (rel, page_url)) in pages.iter().enumerate() {
            // A file name written decomposed (`é` as `e` and an accent, as macOS's old file
            // system keeps names) is found by a link written composed, and the other way round.
            if let Some(composed) = composed(rel) {
                index.by_rel.insert(composed, i);
            }
            index.by_rel.insert(rel.clone(), i);
            index.by_url.entry(page_url.clone()).or_insert(i);
            index.urls.push(page_url.clone());
            index.rels.push(rel.clone());
            index.by_lower_path.entry(wiki_path_key(rel)).or_insert(i);
            let path = wiki_path(rel);
            if !path.is_empty() {
                let name = path.rsplit('/').next().unwrap_or(&path);
                index.by_name.entry(name_key(name)).or_default().push(i);
            }
            let mut dir = url::parent_dir(rel);
            while !dir.is_empty() {
                if !index.section_urls.contains_key(dir) {
                    let section = url::page_url(&format!("{dir}/_index.md"));
                    if let Some(composed) = composed(dir) {
                        index.section_urls.insert(composed, section.clone());
                    }
                    index.section_urls.insert(dir.to_string(), section);
                }
                dir = url::parent_dir(dir);
            }
        }
        index
    }

    /// Adds what wikilinks resolve by: each page's title and aliases, in page order.
    pub fn add_titles<'a>(&mut self, pages: impl IntoIterator<Item = (&'a str, &'a [String])>) {
        for (i, (title, aliases)) in pages.into_iter().enumerate() {
            self.titles.push(title.to_string());
            self.by_title.entry(wiki_key(title)).or_default().push(i);
            for alias in aliases {
                self.by_alias.entry(wiki_path_key(alias)).or_insert(i);
            }
        }
    }

    /// Adds the headings pages gave ids of their own
    /// ([`crate::markdown::custom_heading_ids`]), by page index.
    pub fn add_custom_heading_ids(
        &mut self,
        pages: impl IntoIterator<Item = Vec<(String, String)>>,
    ) {
        for (page, ids) in pages.into_iter().enumerate() {
            for (text_slug, id) in ids {
                self.custom_ids.entry((page, text_slug)).or_insert(id);
            }
        }
    }

    /// Resolves the target of `[[target]]` written in the page at `from`: by path under
    /// `content/` (`processes/incident-response`), else by title, else by alias, ignoring case.
    pub fn resolve_wiki(&self, from: &str, target: &str) -> crate::markdown::WikiResolved {
        use crate::markdown::WikiResolved;
        let (name, heading) = match target.split_once('#') {
            Some((n, h)) => (n.trim(), Some(h.trim())),
            None => (target.trim(), None),
        };
        let found = if name.is_empty() {
            // `[[#Heading]]`: a heading on this page.
            self.by_rel.get(from).copied().map(|i| vec![i])
        } else {
            let key = wiki_path_key(name);
            self.by_lower_path
                .get(&key)
                .map(|&i| vec![i])
                .or_else(|| self.by_title.get(&wiki_key(name)).cloned())
                .or_else(|| self.by_alias.get(&key).map(|&i| vec![i]))
                .or_else(|| {
                    (!name.contains('/'))
                        .then(|| self.by_name.get(&name_key(&wiki_path(name))).cloned())
                        .flatten()
                })
        };
        match found.as_deref() {
            Some(&[target_page]) => WikiResolved::Page {
                target: target_page,
                url: self.urls[target_page].clone(),
                title: self.titles.get(target_page).cloned().unwrap_or_default(),
                heading: heading.map(str::to_string),
                anchor: heading.map(|h| {
                    let text_slug = crate::markdown::slug(h);
                    (self.custom_ids.get(&(target_page, text_slug.clone())))
                        .map_or(text_slug, String::clone)
                }),
            },
            Some(many) if many.len() > 1 => {
                let mut paths: Vec<String> = many
                    .iter()
                    .map(|&i| format!("[[{}]]", wiki_path(&self.rels[i])))
                    .collect();
                paths.dedup();
                // `a.md` and `a/index.md` have one path: only another title tells them apart.
                let help = if paths.len() == many.len() {
                    format!("write the path instead: {}", paths.join(" or "))
                } else {
                    let files: Vec<String> = many
                        .iter()
                        .map(|&i| format!("`{}/{}`", self.content_dir, self.rels[i]))
                        .collect();
                    format!(
                        "{} are one page's path twice: rename or retitle one of them",
                        files.join(" and ")
                    )
                };
                WikiResolved::Broken {
                    message: format!(
                        "`[[{target}]]` is ambiguous: {} pages have this {}",
                        many.len(),
                        if self.by_title.contains_key(&wiki_key(name)) {
                            "title"
                        } else {
                            "file name"
                        }
                    ),
                    help,
                }
            }
            _ if self.is_unpublished(name.trim().trim_matches('/').trim_end_matches(".md")) => {
                WikiResolved::Broken {
                    message: format!("`[[{target}]]` is a draft, which is not published"),
                    help: DRAFT_HELP.into(),
                }
            }
            _ => {
                let titles = self.titles.iter().map(String::as_str);
                // A page of its file name elsewhere: `[[templates/postmortem]]` after the
                // page moved to `templates/incidents/`.
                let moved = || {
                    let key = wiki_path_key(name);
                    let pages = (self.of_file_name(&key).iter())
                        .filter(|rel| self.by_rel.contains_key(*rel))
                        .map(|rel| url::without_page_extension(rel));
                    closest_of_name(&key, pages).map(str::to_string)
                };
                let help = match crate::frontmatter::did_you_mean(name, titles) {
                    Some(t) => format!("did you mean [[{t}]]?"),
                    None if name.contains('/')
                        && let Some(path) = moved() =>
                    {
                        format!("did you mean [[{path}]]? It is the page of that name")
                    }
                    None => {
                        format!(
                            "link by a page's title, or by its path under {}/ without .md",
                            self.content_dir
                        )
                    }
                };
                WikiResolved::Broken {
                    message: format!("`[[{target}]]` matches no page title, path or alias"),
                    help,
                }
            }
        }
    }

    /// Makes a link to `rel`, a file left out, lead to the page `page` (the folder's own page
    /// for a README beside it).
    pub fn add_stand_in(&mut self, rel: &str, page: &str) {
        if let Some(&i) = self.by_rel.get(page) {
            self.by_rel.insert(rel.to_string(), i);
        }
    }

    /// Remembers pages left out of this build (drafts), so links to them get a clear message.
    pub fn add_unpublished(&mut self, rels: impl IntoIterator<Item = String>) {
        self.unpublished.extend(rels);
    }

    /// The page a front-matter reference names: a path under `content/` with or without
    /// `.md` (`tools/jira`, `/tools/jira.md`), or a section folder (`tools`).
    pub fn page_by_reference(&self, reference: &str) -> Option<usize> {
        // `supersedes: ""` names no page (it linked to the home page); `/` is the home page.
        if reference.trim().is_empty() {
            return None;
        }
        let rel = reference
            .trim()
            .trim_start_matches('/')
            .trim_end_matches('/');
        if rel.is_empty() {
            return self.by_rel.get("_index.md").copied();
        }
        self.page_for_rel(rel)
    }

    /// Names the content folder in messages as the site does (`content_dir`).
    pub fn set_content_dir(&mut self, dir: &str) {
        self.content_dir = dir.trim_matches('/').to_string();
    }

    /// Adds the URLs opsbook publishes besides pages and content files
    /// ([`crate::render::published_urls`]): links to them resolve as files.
    pub fn add_published(&mut self, urls: impl IntoIterator<Item = String>) {
        self.published.extend(urls);
    }

    /// What a link to the site path `rel` (no leading `/`) is when no page or content file is
    /// there: a URL opsbook publishes, or a page's alias, which the link goes to the page
    /// itself for rather than through its redirect.
    ///
    /// A link written as the path of a page file (`../incidents/severity.md`) that reaches a
    /// page through its alias is `Moved`: the file is gone, which GitHub's view of the files
    /// shows as a dead link, and the link names a page that is elsewhere now.
    fn published_or_alias(
        &self,
        from: &str,
        rel: &str,
        written: &str,
        anchor: Option<String>,
    ) -> Option<Resolved> {
        let url = format!("/{rel}");
        let folder = format!("{}/", url.trim_end_matches('/'));
        if let Some(url) = [url, folder]
            .into_iter()
            .find(|u| self.published.contains(u))
        {
            return Some(Resolved::File { url });
        }
        let &target = self.by_alias.get(&wiki_path_key(rel))?;
        let url = self.urls[target].clone();
        if !url::is_page_file(rel) {
            return Some(Resolved::Page {
                target,
                url,
                anchor,
            });
        }
        let from_dir = format!("/{}/", url::parent_dir(from));
        let now = &self.rels[target];
        let mut fixed = url::relative(&from_dir, &format!("/{now}")).replace(' ', "%20");
        if written.starts_with('/') {
            fixed = format!("/{now}");
        }
        Some(Resolved::Moved {
            target,
            url,
            message: format!(
                "link target `{written}` is gone: it reaches `{}/{now}` through that page's alias for its old address",
                self.content_dir
            ),
            help: format!(
                "link the page where it is now: `{fixed}{}`",
                fragment_of(written)
            ),
            anchor,
        })
    }

    /// The pages' and files' paths with the file name of `rel`, case aside.
    /// A page is filed under its address's last part (`x` for `a/x.md` and `a/x/_index.md`),
    /// a file under its name; `rel` is looked up the same way, with or without `.md`.
    fn of_file_name(&self, rel: &str) -> &[String] {
        let name = |path: &str| {
            let stem = page_stem(path);
            stem.rsplit('/').next().unwrap_or(stem).to_lowercase()
        };
        let by_name = self.by_file_name.get_or_init(|| {
            let mut by_name: HashMap<String, Vec<String>> = HashMap::default();
            for path in self.by_rel.keys().chain(self.assets.keys()) {
                by_name.entry(name(path)).or_default().push(path.clone());
            }
            by_name
        });
        by_name.get(&name(rel)).map_or(&[], Vec::as_slice)
    }

    /// How to fix a relative link that leads out of the content folder: a file of `static/`
    /// by its address on the site (`../../static/files/a.pdf` is `/files/a.pdf`), a page of
    /// its file name (a page moved a folder up or down, its links with it), else in general.
    fn outside_help(&self, from: &str, path: &str) -> String {
        let from_dir = format!("{}/{}", self.content_dir, url::parent_dir(from));
        let from_root = url::join(&from_dir, path);
        if let Some(file) = from_root.as_deref().and_then(|p| p.strip_prefix("static/"))
            && self.published.contains(&format!("/{file}"))
        {
            return format!(
                "link it by its address on the site, `/{file}`: the files of `static/` are published at the site's root"
            );
        }
        let written = path.trim_start_matches("../");
        let pages = (self.of_file_name(written).iter())
            .filter(|rel| self.by_rel.contains_key(*rel))
            .map(String::as_str);
        if url::is_page_file(written)
            && let Some(page) = closest_of_name(written, pages)
        {
            let shown = url::relative(&format!("/{}/", url::parent_dir(from)), &format!("/{page}"));
            return format!(
                "did you mean `{}`? It is the page of that name (if it moved there, links to its old place are fixed by linking its new one)",
                shown.replace(' ', "%20")
            );
        }
        format!(
            "link to pages inside `{}/`, or use a full https:// URL",
            self.content_dir
        )
    }

    /// Whether the content folder's `folder` holds a page (a draft too) or a file.
    pub fn holds_path_under(&self, folder: &str) -> bool {
        let under = |rel: &str| {
            rel.strip_prefix(folder)
                .is_some_and(|rest| rest.starts_with('/'))
        };
        self.rels.iter().any(|r| under(r))
            || self.unpublished.iter().any(|r| under(r))
            || self.assets.keys().any(|r| under(r))
    }

    /// Whether `rel` is a page left out of this build (a draft).
    pub fn is_unpublished(&self, rel: &str) -> bool {
        ["", ".md", ".mdx"]
            .iter()
            .map(|suffix| format!("{rel}{suffix}"))
            .chain(url::INDEX_FILES.iter().map(|f| format!("{rel}/{f}")))
            .any(|path| self.unpublished.contains(&path))
    }

    /// Every page path, for suggestions.
    pub fn page_paths(&self) -> impl Iterator<Item = &str> {
        self.by_rel.keys().map(String::as_str)
    }

    /// The page a front-matter reference that names none most likely means, by its path
    /// without `.md`: the page it names by title, alias or file name (as a wikilink would
    /// find it), else the page of its file name elsewhere (a page moved).
    pub fn page_meant_by(&self, from: &str, reference: &str) -> Option<String> {
        if let crate::markdown::WikiResolved::Page { target, .. } =
            self.resolve_wiki(from, reference)
        {
            return Some(page_stem(&self.rels[target]).to_string());
        }
        let pages = (self.of_file_name(reference).iter())
            .filter(|rel| self.by_rel.contains_key(*rel))
            .map(|rel| page_stem(rel));
        closest_of_name(reference, pages).map(str::to_string)
    }

    fn page_for_rel(&self, rel: &str) -> Option<usize> {
        self.by_rel.get(rel).copied().or_else(|| {
            ["", ".md", ".mdx"]
                .iter()
                .map(|suffix| format!("{rel}{suffix}"))
                .chain(url::INDEX_FILES.iter().map(|f| format!("{rel}/{f}")))
                .find_map(|path| self.by_rel.get(&path).copied())
        })
    }

    fn broken(&self, from: &str, target_rel: &str, written: &str) -> Resolved {
        let content = &self.content_dir;
        if self.unpublished.contains(target_rel) {
            return Resolved::Broken {
                message: format!("link target `{written}` is a draft, which is not published"),
                help: DRAFT_HELP.into(),
            };
        }
        // A path from the repository's root, as GitHub links it (`/content/a.md`), a file of
        // `static/` by its folder, and an owner's or tag's page that opsbook does not make.
        if written.starts_with('/') {
            let found = |rel: &str| {
                self.page_for_rel(rel).is_some()
                    || self.assets.contains_key(rel)
                    || self.holds_path_under(rel)
                    // An address (`/content/tools/deploy-tool/` for `Deploy-Tool.md`).
                    || self.by_url.contains_key(&format!("/{}/", rel.trim_end_matches('/')))
            };
            // The anchor, kept in a suggestion.
            let anchor = written.find('#').map_or("", |at| &written[at..]);
            // An owner's or a tag's page under another spelling: its URL is made from the
            // name (`c++` is `/tags/c-plus-plus/`, `Team SRE` is `/owners/team-sre/`).
            let generated = |folder: &str| {
                let name = target_rel
                    .strip_prefix(folder)?
                    .strip_prefix('/')?
                    .trim_end_matches('/');
                if name.is_empty() || name.contains('/') {
                    return None;
                }
                let url = format!("/{folder}/{}/", url::label_segment(&percent_decode(name)));
                Some((name, self.published.contains(&url).then_some(url)))
            };
            let help = if let Some(rest) = target_rel
                .strip_prefix(content.as_str())
                .and_then(|r| r.strip_prefix('/'))
                .map(|r| r.trim_end_matches('/'))
                .filter(|r| found(r))
            {
                let slash = if written.split('#').next().is_some_and(|w| w.ends_with('/')) {
                    "/"
                } else {
                    ""
                };
                Some(format!(
                    "did you mean `/{}{slash}{anchor}`? A path from the site's root leaves out `{content}/`",
                    rest.replace(' ', "%20")
                ))
            } else if let Some((_, Some(url))) = generated("owners").or_else(|| generated("tags")) {
                Some(format!("did you mean `{url}{anchor}`?"))
            } else if let Some(rest) = target_rel
                .strip_prefix("static/")
                .filter(|r| self.published.contains(&format!("/{r}")))
            {
                Some(format!(
                    "the files of `static/` are published at the site's root: write `/{rest}`"
                ))
            } else if let Some(name) = target_rel
                .strip_prefix("owners/")
                .map(|r| r.trim_end_matches('/'))
                .filter(|r| !r.is_empty() && !r.contains('/'))
            {
                Some(format!(
                    "opsbook makes a page at `/owners/ID/` for each owner (of owners.yaml, or named by a page): `{name}` is none of them"
                ))
            } else {
                target_rel
                    .strip_prefix("tags/")
                    .map(|r| r.trim_end_matches('/'))
                    .filter(|r| !r.is_empty() && !r.contains('/'))
                    .map(|name| {
                        format!(
                            "opsbook makes a page at `/tags/TAG/` for each tag the pages give: no page is tagged `{name}`"
                        )
                    })
            };
            if let Some(help) = help {
                return Resolved::Broken {
                    message: format!("link target `{written}` does not exist"),
                    help,
                };
            }
        }
        let from_dir = format!("/{}/", url::parent_dir(from));
        // The closest path, if it is a few edits away for the length of the file's own name:
        // measured against the whole path, which a long folder makes long, `nope.md` was
        // "did you mean `UPPER.md`?".
        let name_len = target_rel
            .rsplit('/')
            .next()
            .unwrap_or(target_rel)
            .chars()
            .count();
        // A link written as an address (`../Tools/pagerduty/`) is compared with the pages'
        // paths as addresses: without their extension, a folder's page as the folder.
        let as_address = !url::is_page_file(target_rel) && !target_rel.contains('.');
        let address_of = |rel: &str| {
            let path = url::without_page_extension(rel);
            match path.rsplit_once('/') {
                Some((folder, name)) if url::is_index_stem(name) => folder.to_string(),
                None if url::is_index_stem(path) => String::new(),
                _ => path.to_string(),
            }
        };
        let written_target = target_rel.trim_end_matches('/');
        let target = written_target.to_lowercase();
        let candidates: Vec<String> = if as_address {
            // The pages, and the folders they are in (a folder lists its pages).
            let mut addresses: HashSet<String> = HashSet::default();
            for rel in self.by_rel.keys() {
                addresses.insert(address_of(rel));
                let mut folder = url::parent_dir(rel);
                while !folder.is_empty() && addresses.insert(folder.to_string()) {
                    folder = url::parent_dir(folder);
                }
            }
            addresses.into_iter().collect()
        } else if url::is_page_file(written_target) {
            // A page's link is to a page: `customer-feedback-triage.md` was "did you mean
            // `customer/feedback-triage.svg`?", an image a few edits away.
            self.by_rel.keys().cloned().collect()
        } else {
            self.by_rel
                .keys()
                .chain(self.assets.keys())
                .cloned()
                .collect()
        };
        // An edit distance is at least the difference of the lengths: paths too long or too
        // short to be within reach are passed over before it is measured (measuring every
        // page for every broken link took `check` from 0.3 to 6 s with 271 of them on 3,000
        // pages, and each save of the live preview as long).
        let reach = (name_len / 4).max(1);
        let target_len = target.chars().count();
        let suggestion = candidates
            .iter()
            .filter(|c| {
                c.chars().count().abs_diff(target_len) <= reach
                    && within_bag_distance(&target, c, reach)
            })
            .map(|c| (strsim::damerau_levenshtein(&target, &c.to_lowercase()), c))
            // A path that differs only in case is the likeliest: it works on macOS and
            // Windows, whose file names ignore case, and fails in CI.
            .filter(|(distance, c)| {
                (*distance > 0 || c.as_str() != written_target) && *distance <= reach
            })
            .min()
            .map(|(_, c)| c.as_str());
        let written_path = written.split('#').next().unwrap_or(written);
        let shown = |s: &str| {
            let slash = if as_address && written_path.ends_with('/') {
                "/"
            } else {
                ""
            };
            let relative = url::relative(&from_dir, &format!("/{s}"));
            let path = if written.starts_with('/') {
                format!("/{s}{slash}")
            } else {
                format!("{}{slash}", relative.trim_end_matches('/'))
            };
            // Ready to paste: a space ends a Markdown link's destination.
            path.replace(' ', "%20")
        };
        // A page or file moved to another folder keeps its file name: the one of that name,
        // or of those the one whose folders end as the link's do (a folder moved one level
        // down: `../../tools/x/a.md` from a page moved with it is `../../../tools/x/a.md`).
        let moved = || {
            let is_page = url::is_page_file(written_target);
            let candidates = self
                .of_file_name(written_target)
                .iter()
                .filter(|rel| url::is_page_file(rel) == is_page)
                .map(String::as_str);
            closest_of_name(written_target, candidates)
        };
        let moved = (!as_address).then(moved).flatten();
        let what = if url::is_page_file(written_target) {
            "page"
        } else {
            "file"
        };
        let help = match (suggestion, moved) {
            (Some(s), _) if s.to_lowercase() == target => format!(
                "did you mean `{}`? File names are case-sensitive where the site is built, though not on macOS or Windows",
                shown(s)
            ),
            (_, Some(s)) => format!(
                "did you mean `{}{}`? It is the {what} of that name (if it moved there, links to its old place are fixed by linking its new one)",
                shown(s),
                fragment_of(written),
            ),
            (Some(s), None) => format!("did you mean `{}{}`?", shown(s), fragment_of(written)),
            // A file in a folder `static/` publishes (`/files/…`): that is where it goes.
            (None, None)
                if written.starts_with('/')
                    && !url::is_page_file(target_rel)
                    && target_rel.contains('/')
                    && self.published.iter().any(|u| {
                        u.strip_prefix('/').is_some_and(|u| {
                            u.split('/').next() == target_rel.split('/').next() && !u.ends_with('/')
                        })
                    }) =>
            {
                format!(
                    "create `static/{target_rel}` (the files of `static/` are published at the site's root), or fix the path"
                )
            }
            (None, None) if written.starts_with('/') => format!(
                "create `{content}/{target_rel}`, or fix the path: it starts at the site's root"
            ),
            (None, None) => format!(
                "create `{content}/{target_rel}`, or fix the path: it is relative to this page's folder"
            ),
        };
        // A folder of files and no page (`scripts/`): it is there, but nothing is published
        // at its address (it was said not to exist).
        let folder = target_rel.trim_end_matches('/');
        // The first by name, so that the message is the same at every build.
        let first_file = self
            .assets
            .keys()
            .filter(|rel| rel.strip_prefix(folder).is_some_and(|r| r.starts_with('/')))
            .min();
        if !folder.is_empty()
            && let Some(file) = first_file
        {
            let mut shown_file = shown(file);
            if shown_file.ends_with('/') {
                shown_file.pop();
            }
            return Resolved::Broken {
                message: format!(
                    "link target `{written}` is a folder with no page in it (`{content}/{folder}` holds files only), so nothing is published there"
                ),
                help: format!(
                    "link a file in it, such as `{shown_file}`, or give the folder a page: `{content}/{folder}/_index.md`"
                ),
            };
        }
        Resolved::Broken {
            message: format!(
                "link target `{written}` does not exist (no `{content}/{target_rel}`)"
            ),
            help,
        }
    }

    /// Resolves a link destination as written (its fragment as written too, decoded).
    fn resolve_as_written(&self, from: &str, dest: &str) -> Resolved {
        // Docusaurus's `pathname:///files/a.pdf`: a path of the site, taken as it is.
        let dest = dest.strip_prefix("pathname://").unwrap_or(dest);
        if dest.is_empty() {
            return Resolved::External;
        }
        if let Some(place) = on_writers_disk(dest) {
            return Resolved::Broken {
                message: format!(
                    "link target `{dest}` is a file on {place}, which readers of the site cannot open"
                ),
                help: format!(
                    "put the file in `{}/` beside the page and link it by its name (`{}`), or link the document's web address",
                    self.content_dir,
                    dest.rsplit(['/', '\\'])
                        .next()
                        .unwrap_or(dest)
                        .replace(' ', "%20")
                ),
            };
        }
        if let Some(anchor) = dest.strip_prefix('#') {
            let anchor = percent_decode(anchor);
            return Resolved::SamePage {
                anchor: composed(&anchor).unwrap_or(anchor),
            };
        }
        if has_scheme(dest) || dest.starts_with("//") {
            return Resolved::External;
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => {
                let anchor = percent_decode(a);
                (p, Some(composed(&anchor).unwrap_or(anchor)))
            }
            None => (dest, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        let path = percent_decode(path);
        let path = composed(&path).unwrap_or(path);
        if path.starts_with('/') {
            // A site-absolute URL: `/processes/x/`, or a content path `/processes/x.md`.
            let with_slash = if path.ends_with('/') {
                path.clone()
            } else {
                format!("{path}/")
            };
            if let Some(&i) = self.by_url.get(&with_slash) {
                return Resolved::Page {
                    target: i,
                    url: self.urls[i].clone(),
                    anchor,
                };
            }
            let rel = path.trim_start_matches('/');
            if let Some(i) = self.page_for_rel(rel) {
                return Resolved::Page {
                    target: i,
                    url: self.urls[i].clone(),
                    anchor,
                };
            }
            if let Some(file) = self.assets.get(rel) {
                return Resolved::File {
                    url: url::asset_url(file),
                };
            }
            if let Some(found) = self.published_or_alias(from, rel, dest, anchor) {
                return found;
            }
            return self.broken(from, rel, dest);
        }
        let Some(rel) = url::join(url::parent_dir(from), &path) else {
            return Resolved::Broken {
                message: format!("link target `{dest}` points outside the content folder"),
                help: self.outside_help(from, &path),
            };
        };
        if rel.is_empty() {
            // `./` or `..` up to the content root: the home page.
            return Resolved::File { url: "/".into() };
        }
        if let Some(file) = self.assets.get(&rel) {
            return Resolved::File {
                url: url::asset_url(file),
            };
        }
        if let Some(i) = self.page_for_rel(&rel) {
            return Resolved::Page {
                target: i,
                url: self.urls[i].clone(),
                anchor,
            };
        }
        if let Some(section_url) = self.section_urls.get(rel.trim_end_matches('/')) {
            return Resolved::File {
                url: section_url.clone(),
            };
        }
        if let Some(found) = self.published_or_alias(from, &rel, dest, anchor) {
            return found;
        }
        // Windows' `..\tools\zendesk.md`: a web address's folders are cut by `/` alone.
        if dest.contains('\\') {
            let forward = dest.replace('\\', "/");
            if !matches!(
                self.resolve_as_written(from, &forward),
                Resolved::Broken { .. }
            ) {
                return Resolved::Broken {
                    message: format!(
                        "link target `{dest}` does not exist: `\\` does not separate folders in a link"
                    ),
                    help: format!("write `/` between folders: `{forward}`"),
                };
            }
        }
        self.broken(from, &rel, dest)
    }
}

impl LinkResolver for LinkIndex {
    fn resolve(&self, from: &str, dest: &str) -> Resolved {
        // A fragment with a space in it names a heading by its text, as Obsidian writes
        // Markdown links (`[p](My%20Page.md#Part%20one)`): no id has a space, and every such
        // link was a broken anchor. It is the heading's id, as a wikilink's heading is.
        let by_text = |page: Option<usize>, anchor: String| {
            // An anchor copied from a page on GitHub, which gives every id of a page's own
            // this prefix (`#user-content-roles` is `#roles`).
            let anchor = match anchor.strip_prefix("user-content-") {
                Some(id) if !id.is_empty() => id.to_string(),
                _ => anchor,
            };
            if !anchor.contains(char::is_whitespace) {
                return anchor;
            }
            let text_slug = crate::markdown::slug(&anchor);
            page.and_then(|p| self.custom_ids.get(&(p, text_slug.clone())))
                .map_or(text_slug, String::clone)
        };
        match self.resolve_as_written(from, dest) {
            Resolved::Page {
                target,
                url,
                anchor,
            } => Resolved::Page {
                target,
                url,
                anchor: anchor.map(|a| by_text(Some(target), a)),
            },
            Resolved::SamePage { anchor } => Resolved::SamePage {
                anchor: by_text(self.page_for_rel(from), anchor),
            },
            other => other,
        }
    }

    fn relative(&self, from: &str, to_url: &str) -> String {
        let from_url = self
            .by_rel
            .get(from)
            .map_or("/", |&i| self.urls[i].as_str());
        url::relative(from_url, to_url)
    }

    fn resolve_wiki(&self, from: &str, target: &str) -> crate::markdown::WikiResolved {
        LinkIndex::resolve_wiki(self, from, target)
    }

    fn files_named(&self, name: &str) -> Vec<String> {
        let key = nfc(&percent_decode(name).to_lowercase());
        let mut found = self.files_by_name.get(&key).cloned().unwrap_or_default();
        found.sort();
        found
    }
}

/// A file name as wikilinks match it alone: case ignored, and spaces, hyphens and underscores
/// alike (GitHub's wikis name `On-call Rotation`'s file `On-call-Rotation.md`).
fn name_key(name: &str) -> String {
    let name = name.to_lowercase();
    let words: Vec<&str> = name
        .split([' ', '-', '_'])
        .filter(|w| !w.is_empty())
        .collect();
    nfc(&words.join(" "))
}

/// A title as wikilinks match it: case and runs of spaces ignored.
fn wiki_key(title: &str) -> String {
    nfc(&title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase())
}

/// A page path as wikilinks write it: `processes/incident-response` for
/// `processes/incident-response.md`, `processes` for `processes/_index.md`.
fn wiki_path(rel: &str) -> String {
    let stem = crate::url::without_page_extension(rel);
    match stem.rsplit_once('/') {
        Some((folder, name)) if crate::url::is_index_stem(name) => folder.to_string(),
        None if crate::url::is_index_stem(stem) => String::new(),
        _ => stem.to_string(),
    }
}

/// The lookup key of a path written in a wikilink or alias: no `.md`, no slashes at the ends,
/// lowercase.
fn wiki_path_key(path: &str) -> String {
    nfc(&wiki_path(path.trim().trim_matches('/')).to_lowercase())
}

/// The order titles, tags and names are listed in: case and accents aside, as a reader looks
/// for them (`Änderung` beside `Ablauf`, `Łańcuch` among the L's: by code point they came
/// after `Z`), the text itself breaking ties.
pub fn sort_key(text: &str) -> (String, String) {
    (crate::search::tokenize::fold(text), text.to_string())
}

/// Where a link to the writer's own disk points (`C:\Users\ana\form.docx`, `file:///…`,
/// `\\server\share\…`, as Word and a paste from Explorer write them), which no reader's
/// browser opens from a web page: a drive letter read as a web address's scheme let them
/// pass as links to the web.
fn on_writers_disk(dest: &str) -> Option<&'static str> {
    let bytes = dest.as_bytes();
    let drive = bytes.len() > 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && matches!(bytes[2], b'\\' | b'/');
    if drive
        || dest
            .get(..5)
            .is_some_and(|s| s.eq_ignore_ascii_case("file:"))
    {
        Some("a computer")
    } else if dest.starts_with('\\') {
        // `\\server\share` is `\server\share` once Markdown has read its escape.
        Some("a file share")
    } else {
        None
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// `text` in Unicode's composed form (NFC), which the content's paths are looked up by too.
fn nfc(text: &str) -> String {
    composed(text).unwrap_or_else(|| text.to_string())
}

/// `text` in Unicode's composed form (NFC), when that is not what it is already.
fn composed(text: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    if text.is_ascii() {
        return None;
    }
    let nfc: String = text.nfc().collect();
    (nfc != text).then_some(nfc)
}

pub(crate) fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        // Two hex digits after it, else the `%` is itself (`%aé` is no escape: its bytes,
        // read as text, cut `é` in two).
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
            && let Ok(b) = u8::from_str_radix(&text[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// Makes a file or folder name readable: `on-call_rota` → `On call rota`. A name with spaces
/// in it was written for people and keeps its hyphens (`On-call rotation`), less the id that
/// Notion's exports end every name with (`Incident Response 3f2a…`, 32 hex digits).
pub fn humanize(name: &str) -> String {
    let notion_id = |word: &str| {
        word.len() == 32
            && word
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    };
    let name = match name.rsplit_once(' ') {
        Some((before, id)) if notion_id(id) && !before.trim().is_empty() => before,
        _ => name,
    };
    let spaced: String = if name.contains(' ') {
        name.to_string()
    } else {
        name.chars()
            .map(|c| if c == '-' || c == '_' { ' ' } else { c })
            .collect()
    };
    let mut chars = spaced.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One entry of the flattened sidebar.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct NavItem {
    /// Label.
    pub title: String,
    /// Root-relative URL (made relative when rendered).
    pub url: String,
    /// Nesting depth, 0 at the top.
    pub depth: usize,
    /// `section`, `page` or `more`.
    pub kind: &'static str,
    /// The current page.
    pub active: bool,
    /// A section containing the current page.
    pub ancestor: bool,
    /// Pages below a section; the number of pages behind a `more` item.
    pub count: usize,
}

/// What a rendered page is, for the sidebar.
#[derive(Debug, Clone, Copy)]
pub enum Current {
    /// A Markdown page.
    Page(usize),
    /// A section's listing (with or without `_index.md`).
    Section(usize),
    /// Anything else (kind, owner, tag listings; home).
    Other,
}

/// A page's path without its extension, and a section's page as its folder
/// (`tools/_index.md` is `tools`): how references name pages.
fn page_stem(rel: &str) -> &str {
    let path = url::without_page_extension(rel);
    path.strip_suffix("/_index").unwrap_or(path)
}

/// Of `candidates`, the one path with `written`'s file name whose folders end as `written`'s
/// do the longest (`tools/x/a.md` for `processes/tools/x/a.md`); `None` when there is none, or
/// several alike. Compared without case.
fn closest_of_name<'a>(
    written: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    let segments = |rel: &str| {
        rel.to_lowercase()
            .rsplit('/')
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let wanted = segments(written);
    let name = wanted.first().map_or("", String::as_str);
    // A file name to compare first, without making anything (a broken link is compared with
    // every page of the site): the folders of those of that name only.
    let same_name_as = |rel: &str| {
        let other = rel.rsplit('/').next().unwrap_or(rel);
        other.eq_ignore_ascii_case(name) || (!other.is_ascii() && other.to_lowercase() == name)
    };
    let same_name: Vec<(usize, &str)> = candidates
        .filter(|rel| same_name_as(rel))
        .filter_map(|rel| {
            let have = segments(rel);
            let common = have.iter().zip(&wanted).take_while(|(a, b)| a == b).count();
            (common > 0).then_some((common, rel))
        })
        .collect();
    let best = same_name.iter().map(|(common, _)| *common).max()?;
    let mut closest = same_name.iter().filter(|(common, _)| *common == best);
    let first = closest.next()?.1;
    closest.next().is_none().then_some(first)
}

/// The `?query` and `#fragment` of a link as written, to keep in a suggested fix (empty
/// without them).
fn fragment_of(written: &str) -> &str {
    written.find(['?', '#']).map_or("", |at| &written[at..])
}

/// Whether `a` and `b` could be `reach` edits apart or closer, by their characters counted
/// regardless of order (ASCII case folded): each edit changes those counts by one at most
/// (a swap by none), so counts further apart rule the pair out for a few dozen instructions,
/// where the edit distance itself takes thousands. Counted by byte: a character is up to four.
fn within_bag_distance(a: &str, b: &str, reach: usize) -> bool {
    let mut counts = [0i32; 256];
    for byte in a.bytes() {
        counts[usize::from(byte.to_ascii_lowercase())] += 1;
    }
    for byte in b.bytes() {
        counts[usize::from(byte.to_ascii_lowercase())] -= 1;
    }
    let (more, fewer) = counts.iter().fold((0, 0), |(more, fewer), &c| {
        if c > 0 {
            (more + c, fewer)
        } else {
            (more, fewer - c)
        }
    });
    let bytes_per_edit = if a.is_ascii() && b.is_ascii() { 1 } else { 4 };
    more.max(fewer) as usize <= reach * bytes_per_edit
}

/// What to do about a link to a draft, which is not published.
const DRAFT_HELP: &str = "publish the page (take out its `status: draft`, or `draft: true`), drop the link, or preview with --drafts";

/// Makes tags that differ only in case one tag, as Hugo does: `Incident` on one page and
/// `incident` on another are one tag page, under the spelling most pages use (the first
/// written of equals), rather than an error to chase across a migrated site. Owners too,
/// without `owners.yaml` (with it, owners are its ids).
fn merge_spellings(pages: &mut [Page], owners_too: bool) {
    let tags = most_used_spellings(pages.iter().flat_map(|p| &p.front.tags));
    let owners = if owners_too {
        most_used_spellings(
            pages
                .iter()
                .flat_map(|p| p.front.owners.iter().map(|o| &o.value)),
        )
    } else {
        HashMap::default()
    };
    if tags.is_empty() && owners.is_empty() {
        return;
    }
    let spelt = |chosen: &HashMap<String, String>, name: &mut String| {
        if let Some(spelling) = chosen.get(&name.to_lowercase()) {
            name.clone_from(spelling);
        }
    };
    for page in pages {
        page.front.tags.iter_mut().for_each(|tag| spelt(&tags, tag));
        let mut seen: HashSet<String> = HashSet::default();
        page.front.tags.retain(|tag| seen.insert(tag.clone()));
        page.front
            .owners
            .iter_mut()
            .for_each(|o| spelt(&owners, &mut o.value));
        let mut seen: HashSet<String> = HashSet::default();
        page.front.owners.retain(|o| seen.insert(o.value.clone()));
    }
}

/// For each name written in more than one case among `names`: its lowercase form, and the
/// spelling written most often (the first written of equals).
fn most_used_spellings<'a>(names: impl Iterator<Item = &'a String>) -> HashMap<String, String> {
    // Spellings of each name, in the order first written, with how often each is.
    let mut spellings: HashMap<String, Vec<(&String, usize)>> = HashMap::default();
    for name in names {
        let known = spellings.entry(name.to_lowercase()).or_default();
        match known.iter_mut().find(|(s, _)| *s == name) {
            Some((_, n)) => *n += 1,
            None => known.push((name, 1)),
        }
    }
    spellings
        .into_iter()
        .filter(|(_, known)| known.len() > 1)
        .map(|(key, known)| {
            let mut best = &known[0];
            for other in &known[1..] {
                if other.1 > best.1 {
                    best = other;
                }
            }
            (key, best.0.clone())
        })
        .collect()
}

impl Site {
    /// Arranges parsed, rendered pages into sections, reading order and listings.
    #[allow(clippy::too_many_arguments)]
    pub fn assemble(
        config: Config,
        kinds: Vec<Kind>,
        owners: Registry,
        today: Date,
        pages: Vec<Page>,
        content_assets: Vec<Asset>,
        folder_labels: &std::collections::HashMap<String, crate::parse::FolderLabel>,
    ) -> Site {
        let mut pages = pages;
        merge_spellings(&mut pages, !owners.present);
        let mut site = Site {
            config,
            kinds,
            owners,
            today,
            pages,
            sections: Vec::new(),
            page_section: Vec::new(),
            reading_order: Vec::new(),
            reading_position: Vec::new(),
            listings: Vec::new(),
            content_assets,
            owner_urls: BTreeMap::new(),
            tag_urls: BTreeMap::new(),
            repo_prefix: String::new(),
            obsidian_vault: false,
            graph: crate::graph::Graph::default(),
        };
        site.build_sections(folder_labels);
        site.build_reading_order();
        site.build_listings();
        site
    }

    fn build_sections(
        &mut self,
        folder_labels: &std::collections::HashMap<String, crate::parse::FolderLabel>,
    ) {
        let mut by_dir: HashMap<String, usize> = HashMap::default();
        self.sections.push(Section {
            position: None,
            description: None,
            entries: Vec::new(),
            dir: String::new(),
            url: "/".into(),
            title: self.config.title.clone(),
            index_page: None,
            parent: None,
            subsections: Vec::new(),
            pages: Vec::new(),
            count: 0,
        });
        by_dir.insert(String::new(), 0);
        let mut page_section = Vec::with_capacity(self.pages.len());
        for i in 0..self.pages.len() {
            let dir = self.pages[i].folder().to_string();
            let section = self.ensure_section(&dir, &mut by_dir);
            let page = &self.pages[i];
            if page.is_index && self.sections[section].index_page.is_none() {
                self.sections[section].index_page = Some(i);
            } else {
                self.sections[section].pages.push(i);
            }
            page_section.push(section);
        }
        self.page_section = page_section;
        // Titles: the index page's, else the kind's plural for kind folders, else the folder.
        for s in 0..self.sections.len() {
            let section = &self.sections[s];
            let name = section.dir.rsplit('/').next().unwrap_or("");
            let label = folder_labels.get(&section.dir);
            let title = match section.index_page {
                Some(p) if s != 0 => self.pages[p].title.clone(),
                _ if s == 0 => self.config.title.clone(),
                // Docusaurus's `_category_.json` label ("Runbooks & How-tos").
                _ if label.is_some_and(|l| l.label.is_some()) => {
                    label.and_then(|l| l.label.clone()).unwrap_or_default()
                }
                _ => self
                    .kinds
                    .iter()
                    .find(|k| k.folder == section.dir)
                    .map_or_else(|| humanize(name), |k| k.plural.to_string()),
            };
            // Behind the section page's own `weight:` (see `section_sort_key`): a folder
            // with an `index.md` is placed by MkDocs' nav too.
            self.sections[s].position = label.and_then(|l| l.position);
            self.sections[s].description = label.and_then(|l| l.description.clone());
            self.sections[s].title = title;
        }
        // Order children, then count pages bottom-up (children have higher indexes).
        for s in 0..self.sections.len() {
            let mut pages = std::mem::take(&mut self.sections[s].pages);
            pages.sort_by_cached_key(|&p| self.page_sort_key(p));
            self.sections[s].pages = pages;
            let mut subs = std::mem::take(&mut self.sections[s].subsections);
            subs.sort_by_cached_key(|&c| self.section_sort_key(c));
            self.sections[s].subsections = subs;
            self.sections[s].entries = self.merged_entries(s);
        }
        for s in (0..self.sections.len()).rev() {
            let own = self.sections[s].pages.len();
            let below: usize = self.sections[s]
                .subsections
                .iter()
                .map(|&c| self.sections[c].count)
                .sum();
            self.sections[s].count = own + below;
        }
    }

    fn ensure_section(&mut self, dir: &str, by_dir: &mut HashMap<String, usize>) -> usize {
        if let Some(&s) = by_dir.get(dir) {
            return s;
        }
        let parent = self.ensure_section(url::parent_dir(dir), by_dir);
        let s = self.sections.len();
        self.sections.push(Section {
            position: None,
            description: None,
            entries: Vec::new(),
            dir: dir.to_string(),
            url: url::page_url(&format!("{dir}/_index.md")),
            title: String::new(),
            index_page: None,
            parent: Some(parent),
            subsections: Vec::new(),
            pages: Vec::new(),
            count: 0,
        });
        self.sections[parent].subsections.push(s);
        by_dir.insert(dir.to_string(), s);
        s
    }

    /// Weighted pages first, by weight; then release notes newest version first (as What's
    /// new lists them: by title, 2.10.0 came before 2.8.0, and next to 2.10.1 was 2.8.0);
    /// then by title.
    fn page_sort_key(
        &self,
        p: usize,
    ) -> (
        bool,
        crate::frontmatter::Weight,
        Option<std::cmp::Reverse<crate::releases::Version>>,
        (String, String),
        String,
    ) {
        let page = &self.pages[p];
        let version = crate::releases::is_release(self, p).then(|| {
            std::cmp::Reverse(crate::releases::Version::parse(
                crate::releases::field(self, p, "version").unwrap_or(""),
            ))
        });
        let weight = self.page_weight(p);
        (
            weight.is_none(),
            weight.unwrap_or(crate::frontmatter::Weight(0.0)),
            version,
            sort_key(&page.title),
            page.rel.clone(),
        )
    }

    /// A section's sub-sections and pages (each list in its order) in one: a weighted page
    /// before a folder had come after every folder, so an mdBook's or Docusaurus's order
    /// (`Introduction`, `Conventions`, then the `On-call` folder) could not be kept.
    fn merged_entries(&self, s: usize) -> Vec<Entry> {
        let section = &self.sections[s];
        let (subs, pages) = (&section.subsections, &section.pages);
        let mut entries = Vec::with_capacity(subs.len() + pages.len());
        let (mut i, mut j) = (0, 0);
        loop {
            let sub = subs.get(i).and_then(|&c| self.section_weight(c));
            let page = pages.get(j).and_then(|&p| self.page_weight(p));
            match (sub, page) {
                (Some(a), Some(b)) if b < a => {
                    entries.push(Entry::Page(pages[j]));
                    j += 1;
                }
                (Some(_), _) => {
                    entries.push(Entry::Section(subs[i]));
                    i += 1;
                }
                (None, Some(_)) => {
                    entries.push(Entry::Page(pages[j]));
                    j += 1;
                }
                (None, None) => break,
            }
        }
        entries.extend(subs[i..].iter().map(|&c| Entry::Section(c)));
        entries.extend(pages[j..].iter().map(|&p| Entry::Page(p)));
        entries
    }

    fn page_weight(&self, p: usize) -> Option<crate::frontmatter::Weight> {
        self.pages[p].front.weight.or(self.pages[p].nav_position)
    }

    fn section_weight(&self, s: usize) -> Option<crate::frontmatter::Weight> {
        let section = &self.sections[s];
        section
            .index_page
            .and_then(|p| self.pages[p].front.weight)
            .or(section.position)
    }

    fn section_sort_key(
        &self,
        s: usize,
    ) -> (bool, crate::frontmatter::Weight, usize, (String, String)) {
        let section = &self.sections[s];
        let weight = self.section_weight(s);
        let kind_position = self
            .kinds
            .iter()
            .position(|k| k.folder == section.dir)
            .unwrap_or(usize::MAX);
        (
            weight.is_none(),
            weight.unwrap_or(crate::frontmatter::Weight(0.0)),
            kind_position,
            sort_key(&section.title),
        )
    }

    fn build_reading_order(&mut self) {
        let mut order = Vec::with_capacity(self.pages.len());
        // Depth-first: a section's own page, then its entries.
        fn visit(site: &Site, s: usize, order: &mut Vec<usize>) {
            let section = &site.sections[s];
            if s != 0
                && let Some(p) = section.index_page
            {
                order.push(p);
            }
            for &entry in &section.entries {
                match entry {
                    Entry::Section(c) => visit(site, c, order),
                    Entry::Page(p) => order.push(p),
                }
            }
        }
        visit(self, 0, &mut order);
        let mut position = vec![None; self.pages.len()];
        for (n, &p) in order.iter().enumerate() {
            position[p] = Some(n);
        }
        self.reading_order = order;
        self.reading_position = position;
    }

    fn build_listings(&mut self) {
        // Sections (the root is the home page, rendered separately).
        for s in 1..self.sections.len() {
            let section = &self.sections[s];
            let summary = self.section_summary(s);
            let listing = Listing {
                url: section.url.clone(),
                title: section.title.clone(),
                summary,
                template: "section.html",
                content_page: section.index_page,
                all_pages: section.pages.as_slice().into(),
                pages: section.pages.clone(),
                children: self.section_children(s),
                nav_section: Some(s),
                pagination: None,
                owner: None,
            };
            // In parts, as kinds, owners and tags are: a folder of 2,564 pages was a page of
            // 1.4 MB. Its own page's text and its sub-folders' cards are the first part's.
            let first = self.listings.len();
            self.push_in_parts(listing);
            for part in &mut self.listings[first..] {
                if part.pagination.as_ref().is_some_and(|p| p.current > 1) {
                    part.content_page = None;
                    part.children.clear();
                }
            }
        }
        // Kinds: every page of a kind, wherever it lives, split into parts.
        let mut kind_listings = Vec::new();
        for (k, kind) in self.kinds.iter().enumerate() {
            let mut pages: Vec<usize> = (0..self.pages.len())
                .filter(|&p| self.pages[p].kind == Some(k) && !self.pages[p].is_index)
                .collect();
            if pages.is_empty() {
                continue;
            }
            pages.sort_by_cached_key(|&p| (sort_key(&self.pages[p].title), p));
            // Release notes as What's new has them, newest first (by title, `1.10.0` came
            // before `1.2.0`).
            if kind.id == crate::releases::RELEASE_KIND {
                let place: HashMap<usize, usize> = crate::releases::collect(self)
                    .all
                    .iter()
                    .enumerate()
                    .map(|(i, r)| (r.page, i))
                    .collect();
                pages.sort_by_key(|p| place.get(p).copied().unwrap_or(usize::MAX));
            }
            let words = &self.config.words;
            let count = pages.len().to_string();
            let kinds_lower = kind.plural.to_lowercase();
            let names = [
                ("kinds", kind.plural.as_str()),
                ("kinds_lower", &kinds_lower),
            ];
            let summary = words.format(
                "kind_summary",
                &[&[("n", count.as_str())], &names[..]].concat(),
            );
            kind_listings.push(Listing::of_pages(
                format!("/kinds/{}/", kind.id),
                words.format("all_kind", &names),
                summary,
                "kind.html",
                pages,
            ));
        }
        for listing in kind_listings {
            self.push_in_parts(listing);
        }
        // A tool with more guides than its row of the tech stack names: all of them.
        for row in crate::catalog::rows(self) {
            let Some(url) = row.url else { continue };
            let mut pages = row.guides;
            pages.sort_by_cached_key(|&p| (sort_key(&self.pages[p].title), p));
            let summary = self
                .config
                .words
                .format("n_pages", &[("n", &pages.len().to_string())]);
            self.push_in_parts(Listing::of_pages(
                url,
                row.name,
                summary,
                "kind.html",
                pages,
            ));
        }
        // Owners and tags.
        let mut by_owner: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        let mut by_tag: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (p, page) in self.pages.iter().enumerate() {
            for owner in &page.front.owners {
                by_owner.entry(owner.value.clone()).or_default().push(p);
            }
            for tag in &page.front.tags {
                by_tag.entry(tag.clone()).or_default().push(p);
            }
        }
        for id in self.owners.owners.keys() {
            by_owner.entry(id.clone()).or_default();
        }
        let mut owner_cards = Vec::new();
        let mut owner_listings = Vec::new();
        for (id, mut pages) in by_owner {
            let url = format!("/owners/{}/", url::label_segment(&id));
            let owner = self.owners.owners.get(&id);
            let contact = owner.map(crate::owners::Owner::contact).unwrap_or_default();
            pages.sort_by_cached_key(|&p| {
                (
                    self.pages[p].review.status,
                    self.pages[p].review.due,
                    sort_key(&self.pages[p].title),
                )
            });
            owner_cards.push(ListingChild {
                title: self.owners.name(&id).to_string(),
                url: url.clone(),
                summary: contact.clone(),
                count: pages.len(),
            });
            owner_listings.push(Listing {
                owner: Some(id.clone()),
                ..Listing::of_pages(
                    url.clone(),
                    self.owners.name(&id).to_string(),
                    contact,
                    "owner.html",
                    pages,
                )
            });
            self.owner_urls.insert(id, url);
        }
        for listing in owner_listings {
            self.push_in_parts(listing);
        }
        owner_cards.sort_by_cached_key(|card| sort_key(&card.title));
        if !owner_cards.is_empty() {
            self.listings.push(Listing {
                url: "/owners/".into(),
                title: self.config.words.text("owners").into(),
                summary: self.config.words.text("owners_summary").into(),
                template: "section.html",
                content_page: None,
                pages: Vec::new(),
                all_pages: Default::default(),
                children: owner_cards,
                nav_section: None,
                pagination: None,
                owner: None,
            });
        }
        let mut tag_cards = Vec::new();
        for (tag, mut pages) in by_tag {
            let url = format!("/tags/{}/", url::label_segment(&tag));
            pages.sort_by_cached_key(|&p| sort_key(&self.pages[p].title));
            tag_cards.push(ListingChild {
                title: tag.clone(),
                url: url.clone(),
                summary: String::new(),
                count: pages.len(),
            });
            self.push_in_parts(Listing::of_pages(
                url.clone(),
                self.config.words.format("tagged", &[("tag", &tag)]),
                String::new(),
                "section.html",
                pages,
            ));
            self.tag_urls.insert(tag, url);
        }
        tag_cards.sort_by_cached_key(|card| sort_key(&card.title));
        if !tag_cards.is_empty() {
            self.listings.push(Listing {
                url: "/tags/".into(),
                title: self.config.words.text("tags").into(),
                summary: self.config.words.text("tags_summary").into(),
                template: "section.html",
                content_page: None,
                pages: Vec::new(),
                all_pages: Default::default(),
                children: tag_cards,
                nav_section: None,
                pagination: None,
                owner: None,
            });
        }
    }

    /// Adds `listing`, cut in parts of [`LISTING_PAGE_SIZE`] pages when it has more: the
    /// first part at its URL, part `n` at `{url}page/{n}/`, each linking to the parts before
    /// and after it (as Hugo and Zola paginate their taxonomies).
    fn push_in_parts(&mut self, mut listing: Listing) {
        listing.all_pages = listing.pages.as_slice().into();
        let parts = listing.pages.len().div_ceil(LISTING_PAGE_SIZE);
        if parts <= 1 {
            self.listings.push(listing);
            return;
        }
        let mut shared = listing;
        let pages = std::mem::take(&mut shared.pages);
        let part_url = |n: usize| {
            if n == 1 {
                shared.url.clone()
            } else {
                format!("{}page/{n}/", shared.url)
            }
        };
        let links: std::sync::Arc<[PartLink]> = pages
            .chunks(LISTING_PAGE_SIZE)
            .enumerate()
            .map(|(n, chunk)| PartLink {
                url: part_url(n + 1),
                first: chunk
                    .first()
                    .map_or_else(String::new, |&p| self.pages[p].title.clone()),
                last: chunk
                    .last()
                    .map_or_else(String::new, |&p| self.pages[p].title.clone()),
            })
            .collect();
        for (n, chunk) in pages.chunks(LISTING_PAGE_SIZE).enumerate() {
            let n = n + 1;
            self.listings.push(Listing {
                url: part_url(n),
                pages: chunk.to_vec(),
                pagination: Some(Pagination {
                    current: n,
                    total: parts,
                    prev: (n > 1).then(|| part_url(n - 1)),
                    next: (n < parts).then(|| part_url(n + 1)),
                    parts: links.clone(),
                }),
                ..shared.clone()
            });
        }
    }

    /// A section's summary: its own page's, else its `_category_.json` description.
    fn section_summary(&self, s: usize) -> String {
        let section = &self.sections[s];
        section
            .index_page
            .and_then(|p| self.pages[p].front.summary.clone())
            .or_else(|| section.description.clone())
            .unwrap_or_default()
    }

    /// Cards for a section's sub-sections.
    pub fn section_children(&self, s: usize) -> Vec<ListingChild> {
        self.sections[s]
            .subsections
            .iter()
            .map(|&c| {
                let child = &self.sections[c];
                ListingChild {
                    title: child.title.clone(),
                    url: child.url.clone(),
                    summary: self.section_summary(c),
                    count: child.count,
                }
            })
            .collect()
    }

    /// Sections from the top down to `s` (the root excluded).
    pub fn section_chain(&self, s: usize) -> Vec<usize> {
        let mut chain = Vec::new();
        let mut current = Some(s);
        while let Some(c) = current {
            if c != 0 {
                chain.push(c);
            }
            current = self.sections[c].parent;
        }
        chain.reverse();
        chain
    }

    /// The sidebar for `current`: top-level entries, expanded along the path to the current
    /// page; long child lists are cut to `nav.max_children` plus a "more" link.
    pub fn nav(&self, current: Current) -> Vec<NavItem> {
        let (open_section, active_page, active_section) = match current {
            Current::Page(p) if self.pages[p].is_index => {
                (Some(self.page_section[p]), None, Some(self.page_section[p]))
            }
            Current::Page(p) => (Some(self.page_section[p]), Some(p), None),
            Current::Section(s) => (Some(s), None, Some(s)),
            Current::Other => (None, None, None),
        };
        let open: HashSet<usize> = open_section
            .map(|s| self.section_chain(s).into_iter().collect())
            .unwrap_or_default();
        let mut items = Vec::new();
        self.nav_children(0, 0, &open, active_page, active_section, &mut items);
        items
    }

    fn nav_children(
        &self,
        s: usize,
        depth: usize,
        open: &HashSet<usize>,
        active_page: Option<usize>,
        active_section: Option<usize>,
        items: &mut Vec<NavItem>,
    ) {
        let section = &self.sections[s];
        let children: Vec<(bool, usize)> = section
            .entries
            .iter()
            .map(|&entry| match entry {
                Entry::Section(c) => (true, c),
                Entry::Page(p) => (false, p),
            })
            .collect();
        let max = self.config.nav.max_children;
        let is_current = |&(is_section, i): &(bool, usize)| {
            if is_section {
                open.contains(&i)
            } else {
                Some(i) == active_page
            }
        };
        let mut shown: Vec<(bool, usize)> = children.iter().take(max).copied().collect();
        // A section on the way to the current page is shown even past the cut, so the path
        // stays open. A page past the cut is not: every page of a folder then shares one
        // sidebar, and opsbook.js adds the current page to it.
        if children.len() > max
            && let Some(current) = children[max..].iter().find(|c| c.0 && is_current(c))
        {
            shown.push(*current);
        }
        for (is_section, i) in shown.iter().copied() {
            if is_section {
                let child = &self.sections[i];
                items.push(NavItem {
                    title: child.title.clone(),
                    url: child.url.clone(),
                    depth,
                    kind: "section",
                    active: Some(i) == active_section,
                    ancestor: open.contains(&i) && Some(i) != active_section,
                    count: child.count,
                });
                if open.contains(&i) {
                    self.nav_children(i, depth + 1, open, active_page, active_section, items);
                }
            } else {
                let page = &self.pages[i];
                items.push(NavItem {
                    title: page.title.clone(),
                    url: page.url.clone(),
                    depth,
                    kind: "page",
                    active: Some(i) == active_page,
                    ancestor: false,
                    count: 0,
                });
            }
        }
        if children.len() > shown.len() {
            items.push(NavItem {
                title: self
                    .config
                    .words
                    .format("all_entries", &[("n", &children.len().to_string())]),
                url: section.url.clone(),
                depth,
                kind: "more",
                active: false,
                ancestor: false,
                count: children.len(),
            });
        }
    }

    /// Breadcrumbs of a page in section `s`: home, then each section down to `s`.
    pub fn breadcrumbs(&self, s: usize) -> Vec<(String, String)> {
        let mut crumbs = vec![(self.config.words.text("home").to_string(), "/".to_string())];
        for c in self.section_chain(s) {
            crumbs.push((self.sections[c].title.clone(), self.sections[c].url.clone()));
        }
        crumbs
    }

    /// The pages before and after `p` in reading order.
    pub fn neighbours(&self, p: usize) -> (Option<usize>, Option<usize>) {
        match self.reading_position[p] {
            Some(n) => (
                n.checked_sub(1).map(|m| self.reading_order[m]),
                self.reading_order.get(n + 1).copied(),
            ),
            None => (None, None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bag_distance_rules_out_only_pairs_further_apart() {
        // Within reach by the edit distance: never ruled out.
        for (a, b, reach) in [
            ("tools/pagerduty.md", "tools/pagreduty.md", 1),
            ("tools/pagerduty.md", "Tools/PagerDuty.md", 1),
            ("runbooks/db.md", "runbook/db.md", 1),
            ("équipe/café.md", "equipe/cafe.md", 2),
        ] {
            assert!(within_bag_distance(a, b, reach), "{a} {b}");
            assert!(strsim::damerau_levenshtein(&a.to_lowercase(), &b.to_lowercase()) <= reach * 2);
        }
        assert!(!within_bag_distance(
            "tools/pagerduty.md",
            "tools/statuspage.md",
            2
        ));
    }

    fn index() -> LinkIndex {
        let pages: Vec<(String, String)> = ["a/_index.md", "a/x.md", "a/b/y.md", "top.md"]
            .iter()
            .map(|r| (r.to_string(), url::page_url(r)))
            .collect();
        let assets = vec![Asset {
            rel: "a/pic.svg".into(),
            from: "unused".into(),
            scripted: false,
        }];
        LinkIndex::new(&pages, &assets)
    }

    #[test]
    fn resolves_the_ways_writers_link() {
        let idx = index();
        let page = |target: usize, url: &str, anchor: Option<&str>| Resolved::Page {
            target,
            url: url.into(),
            anchor: anchor.map(String::from),
        };
        assert_eq!(
            idx.resolve("a/x.md", "b/y.md#roles"),
            page(2, "/a/b/y/", Some("roles"))
        );
        assert_eq!(idx.resolve("a/b/y.md", "../x.md"), page(1, "/a/x/", None));
        // A front-matter reference left empty names no page (it was the home page).
        assert_eq!(idx.page_by_reference("a/x"), Some(1));
        assert_eq!(idx.page_by_reference(""), None);
        assert_eq!(idx.page_by_reference("  "), None);
        // Docusaurus's way to name a file of the site as it is.
        assert_eq!(
            idx.resolve("a/x.md", "pathname:///a/pic.svg"),
            Resolved::File {
                url: "/a/pic.svg".into()
            }
        );
        assert_eq!(
            idx.resolve("a/b/y.md", "../_index.md"),
            page(0, "/a/", None)
        );
        assert_eq!(idx.resolve("a/b/y.md", "../x"), page(1, "/a/x/", None));
        assert_eq!(idx.resolve("a/b/y.md", "/a/x/"), page(1, "/a/x/", None));
        assert_eq!(idx.resolve("a/b/y.md", "/top.md"), page(3, "/top/", None));
        assert_eq!(
            idx.resolve("a/x.md", "pic.svg"),
            Resolved::File {
                url: "/a/pic.svg".into()
            }
        );
        assert_eq!(
            idx.resolve("a/x.md", "b/"),
            Resolved::File {
                url: "/a/b/".into()
            }
        );
        assert_eq!(
            idx.resolve("a/x.md", "https://x.org/y.md"),
            Resolved::External
        );
        assert_eq!(idx.resolve("a/x.md", "mailto:a@b"), Resolved::External);
        assert_eq!(
            idx.resolve("a/x.md", "#top"),
            Resolved::SamePage {
                anchor: "top".into()
            }
        );
    }

    #[test]
    fn broken_links_suggest_the_nearest_page() {
        match index().resolve("a/b/y.md", "../xx.md") {
            Resolved::Broken { message, help } => {
                assert!(message.contains("content/a/xx.md"), "{message}");
                assert_eq!(help, "did you mean `../x.md`?");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            index().resolve("a/x.md", "../../up.md"),
            Resolved::Broken { .. }
        ));
        // Nothing near: the help says where the path starts from.
        for (written, from) in [
            ("/zzz/qqq/", "the site's root"),
            ("zzz/qqq.md", "this page's folder"),
        ] {
            match index().resolve("a/x.md", written) {
                Resolved::Broken { help, .. } => assert!(help.ends_with(from), "{help}"),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn an_ambiguous_wikilink_names_paths_that_tell_the_pages_apart() {
        use crate::markdown::WikiResolved;
        let rels = ["a/x.md", "b/x.md", "c/y.md", "c/y/index.md"];
        let pages: Vec<(String, String)> = rels
            .iter()
            .map(|r| (r.to_string(), url::page_url(r)))
            .collect();
        let mut idx = LinkIndex::new(&pages, &[]);
        let none: &[String] = &[];
        idx.add_titles([("X", none), ("X", none), ("Y", none), ("Y", none)]);
        let help = |target| match idx.resolve_wiki("a/x.md", target) {
            WikiResolved::Broken { help, .. } => help,
            _ => panic!("{target} resolved"),
        };
        assert_eq!(help("X"), "write the path instead: [[a/x]] or [[b/x]]");
        assert_eq!(
            help("Y"),
            "`content/c/y.md` and `content/c/y/index.md` are one page's path twice: rename or retitle one of them"
        );
    }

    #[test]
    fn humanizes_folder_names() {
        assert_eq!(humanize("on-call_rota"), "On call rota");
        assert_eq!(humanize("On-call rotation"), "On-call rotation");
        assert_eq!(
            humanize("Incident Response 3f2a1b9c8d7e4f60a1b2c3d4e5f6a7b8"),
            "Incident Response"
        );
        assert_eq!(
            humanize("3f2a1b9c8d7e4f60a1b2c3d4e5f6a7b8"),
            "3f2a1b9c8d7e4f60a1b2c3d4e5f6a7b8"
        );
        // Notion's ids are lower case: a checksum in capitals is part of the name.
        assert_eq!(
            humanize("Deploy D41D8CD98F00B204E9800998ECF8427E"),
            "Deploy D41D8CD98F00B204E9800998ECF8427E"
        );
    }
}
