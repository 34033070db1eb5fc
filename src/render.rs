//! Rendering the site model into files: Tera contexts for pages and listings (with every link
//! made relative to the page it is on), the home page, `404.html`, `sitemap.xml`, and the
//! theme's assets. Produces an in-memory [`Output`]; nothing here touches the disk.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::config::FieldType;
use crate::highlight;
use crate::markdown::escape;
use crate::report;
use crate::review::ReviewStatus;
use crate::site::{Current, Listing, NavItem, Site};
use crate::url;

mod generated;

/// A file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output root, with `/` separators.
    pub path: String,
    /// What to write there.
    pub content: Content,
}

/// The contents of an output file.
#[derive(Debug, Clone)]
pub enum Content {
    /// Bytes produced by the build.
    Bytes(Vec<u8>),
    /// Bytes produced by the build and kept for the next one ([`RenderMemo`]).
    Shared(Arc<Vec<u8>>),
    /// A file copied from the site (content assets, `static/`).
    Copy(std::path::PathBuf),
}

impl Content {
    /// The bytes the build produced; `None` for a file copied from the site.
    pub fn bytes(&self) -> Option<&[u8]> {
        match self {
            Content::Bytes(bytes) => Some(bytes),
            Content::Shared(bytes) => Some(bytes),
            Content::Copy(_) => None,
        }
    }
}

/// What `serve` keeps of the files one build rendered with templates, for the next build: a
/// template given the same context (with the same templates, in the same words) makes the
/// same file, so a file whose context hashes as it did is not rendered again. A change of
/// front matter rebuilds the site, and rendered every page's template again (10 of the 17 s a
/// change of owner took at 100,000 pages) where the pages it reaches are a few.
#[derive(Default)]
pub struct RenderMemo {
    /// The hash of the site's templates and words the files were rendered with.
    key: u64,
    /// By output path: the hash of the template's name and context, and the file.
    files: HashMap<String, Memoized>,
}

/// A file kept by a [`RenderMemo`]: the hash of its template's name and context, and its bytes.
type Memoized = (u64, Arc<Vec<u8>>);

impl RenderMemo {
    /// Forgets every file unless the templates and words are those of the last build:
    /// `templates` are the site's own (the theme's are the binary's).
    pub fn keep_for(&mut self, templates: &[(String, String)], words: &crate::i18n::Words) {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        templates.hash(&mut hasher);
        words.script().hash(&mut hasher);
        let key = hasher.finish();
        if key != self.key {
            self.files.clear();
            self.key = key;
        }
    }
}

/// A [`RenderMemo`] during one build: the files of the build before, and this build's.
struct MemoRun {
    before: HashMap<String, Memoized>,
    made: Mutex<Vec<(String, Memoized)>>,
}

/// A template's context and, when the build keeps its files ([`RenderMemo`]), the hash of
/// everything put in it.
struct Ctx {
    values: Context,
    hasher: Option<std::hash::DefaultHasher>,
}

impl Ctx {
    fn insert<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.values.insert(key, value);
        self.hash(key, value);
    }

    /// Puts `value` in the context without hashing it: what [`Ctx::hash`] was given stands
    /// for it.
    fn insert_unhashed<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.values.insert(key, value);
    }

    /// Adds `key` and `value` to the hash only (when there is one).
    fn hash<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Some(hasher) = &mut self.hasher {
            // As JSON, which delimits itself: each key and value hash apart from the next.
            let mut into = HashWriter(hasher);
            let hashed = serde_json::to_writer(&mut into, key)
                .and_then(|()| serde_json::to_writer(&mut into, value));
            if hashed.is_err() {
                self.hasher = None;
            }
        }
    }
}

/// Bytes written into a hasher.
struct HashWriter<'h>(&'h mut std::hash::DefaultHasher);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        std::hash::Hasher::write(self.0, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the build writes, sorted by path.
#[derive(Debug, Default)]
pub struct Output {
    /// The files.
    pub files: Vec<OutputFile>,
}

/// Options that change rendering but not the site model.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    /// Add the live-reload hooks of `opsbook serve`.
    pub live_reload: bool,
    /// Leave the search index out, for the caller to make apart (`serve`, whose pages need
    /// not wait for it: [`crate::BuildCache::take_search_input`]).
    pub index_later: bool,
}

/// Makes links for one output file: relative to its folder, or absolute from the base path
/// for `404.html`, which the web server shows at any depth.
#[derive(Clone, Copy)]
enum Linker<'a> {
    Relative(&'a str),
    Absolute(&'a str),
}

impl Linker<'_> {
    fn link(&self, to: &str) -> String {
        match self {
            Linker::Relative(from) => url::relative(from, to),
            Linker::Absolute(base) => format!("{}{}", base.trim_end_matches('/'), to),
        }
    }

    fn root(&self) -> String {
        match self {
            Linker::Relative(from) => url::root_prefix(from),
            Linker::Absolute(base) => format!("{}/", base.trim_end_matches('/')),
        }
    }
}

#[derive(Serialize)]
struct SiteCtx<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    /// The language is written right to left (Arabic, Hebrew, Persian, Urdu …): the page is
    /// laid out so.
    rtl: bool,
    base_url: &'a str,
    today: String,
    /// `review.due_soon_days`: the browser marks a review "due soon" as the build does.
    due_soon_days: u32,
    version: &'static str,
    home_url: String,
    /// The site's own logo (`logo:`), as a link from the page; none for the theme's mark.
    logo: Option<String>,
}

#[derive(Serialize)]
struct Link {
    title: String,
    url: String,
}

#[derive(Serialize)]
struct PageLinkCtx {
    title: String,
    url: String,
    kind_title: String,
}

#[derive(Serialize)]
struct TemplateCtx {
    source: String,
    download_url: String,
    filename: String,
    new_command: String,
}

#[derive(Serialize)]
struct ReferenceGroup {
    title: String,
    pages: Vec<PageLinkCtx>,
}

#[derive(Serialize)]
struct TagCtx {
    name: String,
    url: String,
}

#[derive(Serialize)]
struct KindCtx<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    count: usize,
}

#[derive(Serialize)]
struct OwnerCtx<'a> {
    id: &'a str,
    name: &'a str,
    url: String,
    email: &'a str,
    slack: &'a str,
}

#[derive(Serialize)]
struct Extra {
    label: String,
    value: String,
    /// The values as links where they lead somewhere (a `url` field's address, an owner's
    /// or a page's page), each with its text (a link without `url` is text); empty for plain
    /// values.
    links: Vec<ExtraLink>,
}

#[derive(Serialize)]
struct ExtraLink {
    text: String,
    url: String,
}

#[derive(Serialize)]
struct PageCtx<'a> {
    title: &'a str,
    /// What the page's `<h1>` says, as HTML: its body's leading `# H1` when that differs
    /// from the title (its code and emphasis kept), else the title, escaped.
    heading: String,
    /// The id of the `# H1` the title stands for (empty when the body had none).
    title_id: &'a str,
    summary: &'a str,
    kind: &'a str,
    kind_title: &'a str,
    kind_url: String,
    source: &'a str,
    edit_url: String,
    last_changed: String,
    content: &'a str,
    toc: &'a [crate::markdown::TocEntry],
    owners: Vec<OwnerCtx<'a>>,
    status: &'static str,
    #[serde(flatten)]
    review: ReviewCtx,
    tags: Vec<TagCtx>,
    prev: Option<Link>,
    next: Option<Link>,
    extra: Vec<Extra>,
    references: Vec<ReferenceGroup>,
    backlinks: Vec<PageLinkCtx>,
    template: Option<TemplateCtx>,
}

#[derive(Serialize)]
struct PageSummary<'a> {
    title: &'a str,
    url: String,
    summary: &'a str,
    kind_title: &'a str,
    owners: Vec<OwnerCtx<'a>>,
    #[serde(flatten)]
    review: ReviewCtx,
}

/// A page's review fields, as every template that shows a page sees them.
#[derive(Serialize)]
struct ReviewCtx {
    review_status: &'static str,
    review_due: String,
    last_reviewed: String,
    review_days: i64,
}

impl ReviewCtx {
    fn of(page: &crate::site::Page) -> ReviewCtx {
        let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
        ReviewCtx {
            review_status: page.review.status.as_str(),
            review_due: date(page.review.due),
            last_reviewed: date(page.review.last_reviewed),
            review_days: page.review.days_left,
        }
    }
}

#[derive(Serialize)]
struct ChildCtx {
    title: String,
    url: String,
    summary: String,
    count: usize,
}

#[derive(Serialize)]
struct PaginationCtx {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    /// Links to the parts near this one, the first and the last (with a gap marked where
    /// parts are left out): a part of a list of 500 parts links to 11, not 500.
    parts: Vec<PartCtx>,
}

#[derive(Serialize)]
struct PartCtx {
    number: usize,
    url: String,
    /// "Access request – Billing": where the part starts and ends.
    range: String,
    current: bool,
    /// Parts left out before this one.
    gap_before: bool,
}

#[derive(Serialize)]
struct ListCtx<'a> {
    title: &'a str,
    summary: &'a str,
    content: &'a str,
    pages: Vec<PageSummary<'a>>,
    /// Pages of the listing in all its parts (`pages` are this part's).
    total: usize,
    subsections: Vec<ChildCtx>,
    /// The heading over the cards: what they are.
    subsections_title: &'a str,
    pagination: Option<PaginationCtx>,
    /// The section's own page (its `_index.md`) when it names owners or is reviewed: shown
    /// with its badge and banner like any page, as it is counted in the dashboard.
    own_page: Option<PageSummary<'a>>,
    /// The pages before and after the section's own page in reading order: it is in the
    /// chain (the page before it links to it as next), and was a dead end.
    prev: Option<Link>,
    next: Option<Link>,
}

#[derive(Serialize)]
struct Counts {
    pages: usize,
    overdue: usize,
    due_soon: usize,
}

#[derive(Serialize, Default)]
struct ReviewCounts {
    total: usize,
    overdue: usize,
    due_soon: usize,
    ok: usize,
    none: usize,
}

impl ReviewCounts {
    fn add(&mut self, status: ReviewStatus) {
        self.total += 1;
        match status {
            ReviewStatus::Overdue => self.overdue += 1,
            ReviewStatus::DueSoon => self.due_soon += 1,
            ReviewStatus::Ok => self.ok += 1,
            ReviewStatus::None => self.none += 1,
        }
    }
}

#[derive(Serialize)]
struct OwnerPageCtx {
    id: String,
    name: String,
    kind: String,
    email: String,
    slack: String,
    registered: bool,
    members: Vec<Link>,
    teams: Vec<Link>,
    fallback: Option<Link>,
    counts: ReviewCounts,
}

#[derive(Serialize)]
struct OwnerRow {
    name: String,
    url: String,
    counts: ReviewCounts,
}

#[derive(Serialize)]
struct DashboardCtx<'a> {
    counts: ReviewCounts,
    owners: Vec<OwnerRow>,
    overdue: DashboardList<'a>,
    due_soon: DashboardList<'a>,
    unowned: DashboardList<'a>,
}

/// A list of the review dashboard: the first [`DASHBOARD_ROWS`] pages of it, and how many it
/// has.
#[derive(Serialize)]
struct DashboardList<'a> {
    rows: Vec<PageSummary<'a>>,
    total: usize,
}

/// Most pages a list of the review dashboard shows (the most urgent first): a wiki of
/// 100,000 pages had 11,000 overdue, a 23 MB page no browser shows well. Each owner's page
/// lists what they own, and `opsbook report --status overdue` lists every page.
const DASHBOARD_ROWS: usize = crate::site::LISTING_PAGE_SIZE;

#[derive(Serialize)]
struct HomeCtx<'a> {
    /// The home page's own leading `# H1`, when it is not its title: its heading, in place of
    /// the site's title.
    heading: String,
    content: &'a str,
    sections: Vec<ChildCtx>,
    recent: Vec<PageSummary<'a>>,
    counts: Counts,
    /// The review dashboard, where the counts' pages are listed.
    reviews_url: String,
}

/// Renders pages `pages` of `site` alone, with their template source files (and the What's new
/// pages and feed for release notes): for edits that change nothing else (`serve`, through
/// `apply_page_edits`).
pub fn pages(
    site: &Site,
    tera: &Tera,
    options: &RenderOptions,
    pages: &[usize],
) -> anyhow::Result<Vec<OutputFile>> {
    let searchable = site.pages.iter().any(|p| p.search.is_some());
    let renderer = Renderer::new(site, tera, options, searchable, None);
    let mut files = Vec::new();
    for &p in pages {
        files.push(renderer.page(p)?);
        if let Some(file) = template_file(site, p) {
            files.push(file);
        }
    }
    // A release note's body is on the What's new pages and in the feed too.
    let mut release_files = std::collections::BTreeMap::new();
    for &p in pages {
        for file in renderer.release_files(p)? {
            release_files.insert(file.path.clone(), file);
        }
    }
    files.extend(release_files.into_values());
    // The same tree makes the same file: rewriting it changes nothing a browser sees.
    files.extend(renderer.sidebar_files());
    Ok(files)
}

/// Where rendered files go as they are made: written to disk by `build` (so the site is never
/// held in memory whole), kept by `serve`.
pub trait Sink: Sync {
    fn put(&self, file: OutputFile) -> anyhow::Result<()>;
}

/// A sink that keeps the files.
#[derive(Default)]
pub struct Collect(Mutex<Vec<OutputFile>>);

impl Collect {
    /// The files put, in the order they came.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Collect {
    fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Renders every page, listing and generated file of `site`, sorted by path; with a `memo`,
/// the files rendered as they were in the build before are taken from it, and it keeps this
/// build's.
pub fn site(
    site: &Site,
    tera: &Tera,
    options: &RenderOptions,
    memo: Option<&mut RenderMemo>,
) -> anyhow::Result<Output> {
    let collect = Collect::default();
    let index = (!options.index_later).then(|| crate::search::IndexInput::of(site));
    site_into(site, index, tera, options, &collect, memo)?;
    let mut files = collect.into_files();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Output { files })
}

/// Renders every page, listing and generated file of `site`, and its search index made from
/// `index` (`None`: made elsewhere), into `sink`, in no set order (with a `memo`, as [`site`]
/// does).
pub fn site_into(
    site: &Site,
    index: Option<crate::search::IndexInput>,
    tera: &Tera,
    options: &RenderOptions,
    sink: &dyn Sink,
    mut memo: Option<&mut RenderMemo>,
) -> anyhow::Result<()> {
    let run = memo.as_deref_mut().map(|memo| MemoRun {
        before: std::mem::take(&mut memo.files),
        made: Mutex::default(),
    });
    let searchable = match &index {
        Some(index) => index.has_pages(),
        None => site.pages.iter().any(|p| p.search.is_some()),
    };
    let renderer = Renderer::new(site, tera, options, searchable, run);
    let mut timer = crate::PhaseTimer::start();
    let first_error: Mutex<Option<anyhow::Error>> = Mutex::new(None);
    let keep = |result: anyhow::Result<()>| {
        if let Err(e) = result {
            first_error
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get_or_insert(e);
        }
    };
    let put_all = |files: anyhow::Result<Vec<OutputFile>>| -> anyhow::Result<()> {
        files?.into_par_iter().try_for_each(|file| sink.put(file))
    };
    // Every part of the output is a job of its own, all side by side: the parts that run on
    // one core (the search index merging every page's terms, What's new over every release)
    // overlap with the pages, which any idle core helps with, instead of leaving a core idle.
    rayon::scope(|s| {
        if let Some(index) = index {
            s.spawn(|_| keep(index.write(sink)));
        }
        s.spawn(|_| keep(put_all(renderer.generated_files())));
        s.spawn(|_| keep(put_all(the_rest(site, &renderer))));
        s.spawn(|_| {
            keep(
                site.listings
                    .par_iter()
                    .try_for_each(|l| sink.put(renderer.listing(l)?)),
            )
        });
        keep(
            (0..site.pages.len())
                .into_par_iter()
                .filter(|&p| !(site.pages[p].is_index))
                .try_for_each(|p| sink.put(renderer.page(p)?)),
        );
    });
    for file in renderer.sidebar_files() {
        keep(sink.put(file));
    }
    timer.lap("render: pages, listings, search index, the rest");
    let error = first_error.into_inner().unwrap_or_else(|e| e.into_inner());
    if let (Some(memo), Some(run)) = (memo, renderer.memo) {
        // A build that failed keeps the files of the one before.
        memo.files = match error {
            Some(_) => run.before,
            None => (run.made.into_inner().unwrap_or_else(|e| e.into_inner()))
                .into_iter()
                .collect(),
        };
    }
    match error {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// The empty file that tells GitHub Pages to publish the site as it is.
pub const NO_JEKYLL: &str = ".nojekyll";

/// The site's files besides pages, listings, the search index and What's new: redirects,
/// template sources, the home page, dashboard, search and 404 pages, `pages.json`, the
/// sitemap, the theme's assets and the content's.
fn the_rest(site: &Site, renderer: &Renderer) -> anyhow::Result<Vec<OutputFile>> {
    let mut files = redirects(site);
    files.extend((0..site.pages.len()).filter_map(|p| template_file(site, p)));
    files.push(renderer.home()?);
    files.push(renderer.dashboard()?);
    if renderer.searchable {
        files.push(renderer.search_page()?);
    }
    files.push(renderer.not_found()?);
    // GitHub Pages runs Jekyll over a site unless this file is there, and Jekyll leaves out
    // every file and folder whose name starts with `_` (`processes/_notes/`).
    files.push(OutputFile {
        path: NO_JEKYLL.into(),
        content: Content::Bytes(Vec::new()),
    });
    files.push(OutputFile {
        path: "pages.json".into(),
        content: Content::Bytes(report::pages_json(site, &report::records(site)).into_bytes()),
    });
    files.extend(sitemap(site).into_iter().map(|(path, xml)| OutputFile {
        path,
        content: Content::Bytes(xml.into_bytes()),
    }));
    files.push(OutputFile {
        path: "assets/syntax.css".into(),
        content: Content::Bytes(highlight::stylesheet().into_bytes()),
    });
    files.push(OutputFile {
        path: I18N_SCRIPT.into(),
        content: Content::Bytes(site.config.words.script().into_bytes()),
    });
    for (path, bytes) in crate::theme::static_files() {
        files.push(OutputFile {
            path,
            content: Content::Bytes(bytes.to_vec()),
        });
    }
    for asset in &site.content_assets {
        files.push(OutputFile {
            path: url::asset_path(&asset.rel),
            content: Content::Copy(asset.from.clone()),
        });
    }
    Ok(files)
}

/// The theme's words in the site's language, for its scripts (`window.opsbookI18n`).
pub const I18N_SCRIPT: &str = "assets/i18n.js";

/// Every URL the build publishes that is neither a page nor a file of `content/`: listings
/// (each part), the home page, dashboard, search and 404 pages, What's new, Tech stack, the
/// feed, `pages.json`, the sitemap, templates' sources, the theme's files and the site's
/// `static/` files. Known from the parsed pages, before any is rendered, so that links to
/// them resolve (`[reviews](/reviews/)`, `[handbook](/files/handbook.pdf)`); it follows what
/// [`the_rest`], [`Renderer::listing`] and `generated_files` write, which a test checks by
/// linking every file a build wrote.
pub fn published_urls(site: &Site, static_assets: &[crate::load::Asset]) -> Vec<String> {
    let mut urls: Vec<String> = ["/", "/reviews/", "/404.html", "/pages.json"]
        .map(String::from)
        .into();
    if site.pages.iter().any(|p| p.front.search) {
        urls.push("/search/".into());
    }
    urls.extend(site.listings.iter().map(|l| l.url.clone()));
    let generated = crate::releases::generated_pages(site);
    urls.extend(crate::releases::feed_urls(site));
    urls.extend(generated.into_iter().map(|(url, _)| url));
    urls.extend(
        crate::catalog::generated_pages(site)
            .into_iter()
            .map(|(url, _)| url),
    );
    urls.extend((0..site.pages.len()).filter_map(|p| {
        Some(format!(
            "{}{}",
            site.pages[p].url,
            template_source_name(site, p)?
        ))
    }));
    urls.push("/sitemap.xml".into());
    let entries = sitemap_entries(site).len();
    if entries > SITEMAP_MAX_URLS {
        let parts = entries.div_ceil(SITEMAP_MAX_URLS);
        urls.extend((1..=parts).map(|n| format!("/{}", sitemap_part(n))));
    }
    urls.push("/assets/syntax.css".into());
    urls.push(format!("/{I18N_SCRIPT}"));
    urls.extend(
        crate::theme::static_files()
            .into_iter()
            .map(|(path, _)| format!("/{path}")),
    );
    urls.extend(static_assets.iter().map(|a| format!("/{}", a.rel)));
    urls
}

/// For a template page: its Markdown source, published beside the page.
fn template_file(site: &Site, p: usize) -> Option<OutputFile> {
    let (file, source) = template_source(site, p)?;
    Some(OutputFile {
        path: format!("{}{file}", site.pages[p].url.trim_start_matches('/')),
        content: Content::Bytes(source.into_bytes()),
    })
}

/// [`crate::site::Page::publishes_source`] for page `p` of `site`.
pub fn publishes_source(site: &Site, p: usize) -> bool {
    site.pages[p].publishes_source(&site.kinds)
}

/// For a template page: the file name its Markdown source is published under, beside the
/// page (`prd.md` in `/templates/prd/`), and that source without the front matter, which is
/// opsbook's bookkeeping rather than part of the template.
fn template_source(site: &Site, p: usize) -> Option<(String, String)> {
    let page = &site.pages[p];
    Some((
        template_source_name(site, p)?,
        page.text[page.body_offset..].trim_start().to_string(),
    ))
}

/// The file name a template page's source is published under, beside the page.
fn template_source_name(site: &Site, p: usize) -> Option<String> {
    if !publishes_source(site, p) {
        return None;
    }
    let stem = site.pages[p]
        .url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("template");
    Some(format!("{stem}.md"))
}

/// The `opsbook new` command that starts a page from template `p`: of the kind named by its
/// `template_for` when that is a kind, else a process.
fn new_command(site: &Site, p: usize) -> String {
    let page = &site.pages[p];
    let kind = page
        .extra
        .iter()
        .find(|f| f.key == "template_for")
        .and_then(|f| f.values.first())
        .map(|v| v.value.as_str())
        .filter(|v| site.kinds.iter().any(|k| k.id == *v))
        .unwrap_or("process");
    let path = page.rel.strip_suffix(".md").unwrap_or(&page.rel);
    let words = &site.config.words;
    format!(
        "opsbook new {kind} \"{}\" --from {} --owner {}",
        words.text("example_page_title"),
        shell_word(path),
        words.text("example_owner")
    )
}

/// `word` as one word of a command to paste into a shell: as it is when it holds nothing a
/// shell reads (`templates/postmortem`), else in single quotes, which POSIX shells and
/// PowerShell both read as they are (`--from templates/Incident Report (SEV1)` was a syntax
/// error in bash).
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_alphanumeric() || "/._-+,@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', "'\\''"))
}

/// The first segment of the paths `opsbook serve` answers itself (live reload, its state): no
/// page, file or alias may be published under it.
pub const SERVE_RESERVED: &str = "__opsbook";

/// Whether an alias is a name rather than an old URL: one with a space in it and no leading
/// `/` (`Incident process`, as Obsidian's aliases are written), which wikilinks find the page
/// by, but which gets no redirect page (it published folders named `Incident process/`, and
/// `What is P1?` failed the build as a path outside the site).
pub fn alias_is_name(alias: &str) -> bool {
    let alias = alias.trim();
    alias.contains(char::is_whitespace) && !alias.starts_with('/')
}

/// The output path of an alias: `/old/path/` → `old/path/index.html`, `/old.html` as is.
/// `None` for aliases that cannot be a path inside the site.
pub fn alias_file(alias: &str) -> Option<String> {
    let trimmed = alias.trim();
    let path = trimmed.trim_start_matches('/');
    if path.is_empty()
        || path.split('/').any(|s| s == ".." || s == ".")
        || trimmed.contains("://")
        || path.contains(['?', '#', '\\'])
    {
        return None;
    }
    let last = path.rsplit('/').next().unwrap_or(path);
    Some(if last.ends_with(".html") || last.ends_with(".htm") {
        path.to_string()
    } else {
        format!("{}/index.html", path.trim_end_matches('/'))
    })
}

/// Redirect pages for every page's `aliases`: old links keep working after a page moves.
fn redirects(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    for page in site.pages.iter() {
        for alias in &page.front.aliases {
            let Some(path) = alias_file(&alias.value).filter(|_| !alias_is_name(&alias.value))
            else {
                continue;
            };
            let folder = format!("/{}", &path[..path.rfind('/').map_or(0, |i| i + 1)]);
            let target = url::relative(&folder, &page.url);
            let title = escape(&page.title);
            // The canonical link is absolute, as on every page, when the site's address is
            // known. The script carries the old link's `#section` along (the refresh, for
            // readers without scripts, cannot), and the empty icon saves a request for
            // `/favicon.ico` that is not there.
            let base = site.config.base_url.trim_end_matches('/');
            let canonical = if base.is_empty() {
                escape(&target)
            } else {
                escape(&format!("{base}{}", page.url))
            };
            let script_target = serde_json::to_string(&target)
                .unwrap_or_default()
                .replace('<', "\\u003c");
            let target = escape(&target);
            let html = format!(
                "<!doctype html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"icon\" href=\"data:,\">\n<link rel=\"canonical\" href=\"{canonical}\">\n<script>location.replace({script_target} + location.hash)</script>\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{title}</a>.</p>\n</body>\n</html>\n",
                lang = escape(&site.config.language),
            );
            files.push(OutputFile {
                path,
                content: Content::Bytes(html.into_bytes()),
            });
        }
    }
    files
}

/// JSON text with `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026`: the same JSON,
/// but inert if a tool ever inlines the file into HTML. Every JSON file the build writes
/// goes through here.
pub fn inert_json(value: &impl Serialize, pretty: bool) -> String {
    /// Escapes the three characters as the JSON is written, into one buffer: `pages.json` of
    /// 100,000 pages is 50 MB, and escaping it after took three more copies.
    struct Inert(Vec<u8>);
    impl std::io::Write for Inert {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            let mut rest = bytes;
            while let Some(at) = memchr::memchr3(b'<', b'>', b'&', rest) {
                self.0.extend_from_slice(&rest[..at]);
                self.0.extend_from_slice(match rest[at] {
                    b'<' => b"\\u003c",
                    b'>' => b"\\u003e",
                    _ => b"\\u0026",
                });
                rest = &rest[at + 1..];
            }
            self.0.extend_from_slice(rest);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // serde_json writes a piece at a time (a key, a quote, a comma): gathered first, so the
    // escaping looks at large slices rather than paying its way for each piece.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, Inert(Vec::new()));
    if pretty {
        serde_json::to_writer_pretty(&mut out, value)
    } else {
        serde_json::to_writer(&mut out, value)
    }
    .expect("build data serializes");
    let Ok(Inert(bytes)) = out.into_inner() else {
        unreachable!("writing into memory cannot fail")
    };
    String::from_utf8(bytes).expect("JSON is UTF-8")
}

/// The output file of a root-relative folder URL: `/a/b/` → `a/b/index.html`.
pub fn index_file(url: &str) -> String {
    format!("{}index.html", url.trim_start_matches('/'))
}

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    options: &'a RenderOptions,
    generated: generated::Generated,
    /// Sidebars rendered so far, by their items: the file each is written to
    /// ([`sidebar_file`]) and its HTML. The pages of a folder share one sidebar (the current
    /// page is marked in the browser), so a 10,000-page site renders a few hundred sidebars
    /// instead of 10,000, and pages link to it rather than hold it.
    sidebars: Mutex<HashMap<Vec<NavItem>, SidebarFile>>,
    /// The sidebar file of each folder's pages, by (the folder's section, the pages' parent
    /// URL), once found: every page of a folder has its folder's sidebar, and working it out
    /// for each page (every entry's title, URL and relative link, then hashing all of them to
    /// find the file) was a tenth of rendering a page.
    folder_sidebars: Mutex<HashMap<(usize, String), Arc<str>>>,
    /// The URLs of sections: a page at one of them (an error the checks report) could see
    /// its own folder's entries below it, so it does not share its folder's sidebar.
    section_urls: HashSet<&'a str>,
    /// Whether any page is in the search index (the header shows the search box).
    searchable: bool,
    /// Pages of each kind (index pages left out), counted once: every page's header shows
    /// them, and counting per page made rendering quadratic in the size of the site.
    kind_counts: Vec<usize>,
    /// The files of the build before, when `serve` keeps them.
    memo: Option<MemoRun>,
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        tera: &'a Tera,
        options: &'a RenderOptions,
        searchable: bool,
        memo: Option<MemoRun>,
    ) -> Renderer<'a> {
        Renderer {
            memo,
            site,
            tera,
            options,
            generated: generated::Generated::new(site),
            sidebars: Mutex::default(),
            folder_sidebars: Mutex::default(),
            section_urls: site.sections.iter().map(|s| s.url.as_str()).collect(),
            searchable,
            kind_counts: {
                let mut counts = vec![0; site.kinds.len()];
                for page in site.pages.iter().filter(|p| !p.is_index) {
                    if let Some(k) = page.kind {
                        counts[k] += 1;
                    }
                }
                counts
            },
        }
    }

    fn base_context(
        &self,
        linker: Linker,
        own_url: &str,
        title: &str,
        description: &str,
        current: Current,
        section_for_crumbs: Option<usize>,
    ) -> anyhow::Result<Ctx> {
        let site = self.site;
        let config = &site.config;
        let mut ctx = self.context();
        ctx.insert("root", &linker.root());
        ctx.insert(
            "site",
            &SiteCtx {
                title: &config.title,
                description: &config.description,
                language: &config.language,
                rtl: crate::i18n::is_right_to_left(&config.language),
                base_url: &config.base_url,
                today: site.today.to_string(),
                due_soon_days: config.review.due_soon_days,
                version: env!("CARGO_PKG_VERSION"),
                home_url: linker.link("/"),
                logo: config
                    .logo_path()
                    .map(|path| linker.link(&url::encoded(&format!("/{path}")))),
            },
        );
        let folder = match current {
            Current::Page(p) if !site.pages[p].is_index && !self.section_urls.contains(own_url) => {
                let parent = own_url.trim_end_matches('/').rsplit_once('/');
                parent.map(|(parent, _)| (site.page_section[p], format!("{parent}/")))
            }
            _ => None,
        };
        let folders = || {
            self.folder_sidebars
                .lock()
                .unwrap_or_else(|e| e.into_inner())
        };
        let known = folder.as_ref().and_then(|f| folders().get(f).cloned());
        let nav_file = match known {
            Some(file) => file,
            None => {
                let nav: Vec<_> = site
                    .nav(current)
                    .into_iter()
                    .map(|mut item| {
                        item.url = sidebar_link(linker, &item.url);
                        // Marked by opsbook.js, so that the pages of a folder share one
                        // sidebar.
                        item.active = false;
                        item
                    })
                    .collect();
                let file = self.sidebar(nav)?;
                if let Some(folder) = folder {
                    folders().insert(folder, file.clone());
                }
                file
            }
        };
        let nav_src = if nav_file.is_empty() {
            String::new()
        } else {
            format!("{}{nav_file}", linker.root())
        };
        ctx.insert("nav_src", &nav_src);
        ctx.insert("kinds", &self.kinds(linker));
        ctx.insert("links", &self.site_links(linker));
        ctx.insert("feed_url", &self.feed_link(linker));
        ctx.insert("current_url", "./");
        ctx.insert("permalink", &self.permalink(own_url));
        ctx.insert("title", title);
        // A page without a summary is described by the site's description, as search engines
        // and link previews expect one on every page.
        let description = if description.trim().is_empty() {
            config.description.clone()
        } else {
            crate::markdown::inline_text(description)
        };
        ctx.insert("description", &description);
        let crumbs: Vec<Link> = match section_for_crumbs {
            Some(s) => site
                .breadcrumbs(s)
                .into_iter()
                .map(|(title, to)| Link {
                    title,
                    url: linker.link(&to),
                })
                .collect(),
            None => {
                let mut crumbs = vec![Link {
                    title: self.word("home").into(),
                    url: linker.link("/"),
                }];
                // An owner's or a tag's page sits under the directory of them all, a tool's
                // guides under the tech stack.
                for (directory, title) in [
                    ("/owners/", "owners"),
                    ("/tags/", "tags"),
                    (crate::catalog::TECH_STACK_URL, "tech_stack"),
                ] {
                    if own_url.starts_with(directory) && own_url != directory {
                        crumbs.push(Link {
                            title: self.word(title).into(),
                            url: linker.link(directory),
                        });
                    }
                }
                crumbs
            }
        };
        ctx.insert("breadcrumbs", &crumbs);
        ctx.insert("live_reload", &self.options.live_reload);
        ctx.insert("diagram_script", "");
        ctx.insert("search", &self.searchable);
        Ok(ctx)
    }

    /// The output path of the sidebar's page tree (`partials/nav-tree.html`), rendered once
    /// per distinct tree; empty when there is no tree.
    fn sidebar(&self, nav: Vec<NavItem>) -> anyhow::Result<Arc<str>> {
        if nav.is_empty() {
            return Ok(Arc::from(""));
        }
        let lock = || self.sidebars.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((path, _)) = lock().get(&nav) {
            return Ok(path.clone());
        }
        let mut ctx = Context::new();
        ctx.insert("nav", &nav);
        let html: Arc<str> = self
            .tera
            .render(SIDEBAR_TEMPLATE, &ctx)
            .map_err(|e| anyhow::anyhow!("rendering the sidebar with `{SIDEBAR_TEMPLATE}`:\n{e}"))?
            .into();
        let path: Arc<str> = sidebar_file(&nav).into();
        lock().insert(nav, (path.clone(), html));
        Ok(path)
    }

    /// The sidebar files of the pages rendered so far.
    fn sidebar_files(&self) -> Vec<OutputFile> {
        let sidebars = self.sidebars.lock().unwrap_or_else(|e| e.into_inner());
        let mut files: Vec<OutputFile> = sidebars
            .values()
            .map(|(path, html)| OutputFile {
                path: path.to_string(),
                content: Content::Bytes(html.as_bytes().to_vec()),
            })
            .collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        files
    }

    /// Links to the generated directory pages that exist: reviews, owners, tags, what's new,
    /// tech stack.
    fn site_links(&self, linker: Linker) -> Vec<Link> {
        let site = self.site;
        let mut links = vec![Link {
            title: self.word("reviews").into(),
            url: linker.link("/reviews/"),
        }];
        if !site.owner_urls.is_empty() {
            links.push(Link {
                title: self.word("owners").into(),
                url: linker.link("/owners/"),
            });
        }
        if !site.tag_urls.is_empty() {
            links.push(Link {
                title: self.word("tags").into(),
                url: linker.link("/tags/"),
            });
        }
        links.extend(self.generated_links(linker));
        links
    }

    fn permalink(&self, own_url: &str) -> String {
        let base = self.site.config.base_url.trim_end_matches('/');
        if base.is_empty() {
            String::new()
        } else {
            format!("{base}{own_url}")
        }
    }

    fn kinds(&self, linker: Linker) -> Vec<KindCtx<'_>> {
        self.site
            .kinds
            .iter()
            .enumerate()
            .filter_map(|(k, kind)| {
                let count = self.kind_counts[k];
                (count > 0).then(|| KindCtx {
                    id: &kind.id,
                    title: &kind.plural,
                    url: linker.link(&format!("/kinds/{}/", kind.id)),
                    count,
                })
            })
            .collect()
    }

    fn owners(&self, p: usize, linker: Linker) -> Vec<OwnerCtx<'a>> {
        let site = self.site;
        site.pages[p]
            .front
            .owners
            .iter()
            .map(|o| {
                let entry = site.owners.owners.get(&o.value);
                OwnerCtx {
                    id: &o.value,
                    name: site.owners.name(&o.value),
                    url: site
                        .owner_urls
                        .get(&o.value)
                        .map(|u| linker.link(u))
                        .unwrap_or_default(),
                    email: entry.map_or("", |e| e.email.as_str()),
                    slack: entry.map_or("", |e| e.slack.as_str()),
                }
            })
            .collect()
    }

    fn summary(&self, p: usize, linker: Linker) -> PageSummary<'_> {
        let page = &self.site.pages[p];
        PageSummary {
            title: &page.title,
            url: linker.link(&page.url),
            summary: page.front.summary.as_deref().unwrap_or(""),
            kind_title: self.kind_title(p),
            owners: self.owners(p, linker),
            review: ReviewCtx::of(page),
        }
    }

    fn page_link(&self, p: usize, linker: Linker) -> PageLinkCtx {
        let page = &self.site.pages[p];
        PageLinkCtx {
            title: page.title.clone(),
            url: linker.link(&page.url),
            kind_title: self.kind_title(p).to_string(),
        }
    }

    /// The theme's word `key` in the site's language.
    fn word(&self, key: &'a str) -> &'a str {
        self.site.config.words.text(key)
    }

    /// Typed references of page `p`, both ways, as titled groups (empty groups left out).
    fn reference_groups(&self, p: usize, linker: Linker) -> Vec<ReferenceGroup> {
        let graph = &self.site.graph;
        let kind_of = |q: usize| {
            self.site.pages[q]
                .kind
                .map(|k| self.site.kinds[k].id.as_str())
        };
        let users = &graph.referenced_by[p].tools;
        let users_title = if users.iter().all(|&q| kind_of(q) == Some("process")) {
            "processes_using_tool"
        } else {
            "pages_using_tool"
        };
        [
            ("tools", graph.references[p].tools.clone()),
            ("templates", graph.references[p].templates.clone()),
            (users_title, users.clone()),
            ("used_by", graph.referenced_by[p].templates.clone()),
            ("related", graph.related(p)),
        ]
        .into_iter()
        .filter(|(_, pages)| !pages.is_empty())
        .map(|(title, pages)| ReferenceGroup {
            title: self.word(title).to_string(),
            pages: pages.iter().map(|&q| self.page_link(q, linker)).collect(),
        })
        .collect()
    }

    /// What a page is, as its label says in listings and "Linked from": a folder's own page
    /// is its section, not one of the kind its folder holds.
    fn kind_title(&self, p: usize) -> &str {
        let page = &self.site.pages[p];
        if page.is_index {
            return self.word("section");
        }
        page.kind
            .map_or(self.word("page"), |k| &self.site.kinds[k].title)
    }

    fn page(&self, p: usize) -> anyhow::Result<OutputFile> {
        let site = self.site;
        let page = &site.pages[p];
        let linker = Linker::Relative(&page.url);
        let summary = page.front.summary.as_deref().unwrap_or("");
        let mut ctx = self.base_context(
            linker,
            &page.url,
            &page.title,
            summary,
            Current::Page(p),
            Some(site.page_section[p]),
        )?;
        let (prev, next) = site.neighbours(p);
        let link_to = |q: usize| Link {
            title: site.pages[q].title.clone(),
            url: linker.link(&site.pages[q].url),
        };
        let kind = page.kind.map(|k| &site.kinds[k]);
        let mut page_ctx = PageCtx {
            title: &page.title,
            heading: page
                .rendered
                .heading
                .clone()
                .unwrap_or_else(|| crate::markdown::escape(&page.title)),
            title_id: page.rendered.title_id.as_deref().unwrap_or(""),
            summary,
            kind: kind.map_or("page", |k| k.id.as_str()),
            kind_title: self.kind_title(p),
            kind_url: kind
                .map(|k| linker.link(&format!("/kinds/{}/", k.id)))
                .unwrap_or_default(),
            source: &page.source,
            edit_url: site
                .config
                .edit_link(&format!("{}{}", site.repo_prefix, page.source)),
            last_changed: page.last_changed.map(|d| d.to_string()).unwrap_or_default(),
            // Below: the body is read (decompressed) only when the page is rendered.
            content: "",
            toc: &page.rendered.toc,
            owners: self.owners(p, linker),
            status: page.status().as_str(),
            review: ReviewCtx::of(page),
            tags: page
                .front
                .tags
                .iter()
                .map(|t| TagCtx {
                    name: t.clone(),
                    url: site
                        .tag_urls
                        .get(t)
                        .map(|u| linker.link(u))
                        .unwrap_or_default(),
                })
                .collect(),
            prev: prev.map(link_to),
            next: next.map(link_to),
            extra: page
                .extra
                .iter()
                .zip(&site.graph.field_pages[p])
                .map(|(field, targets)| Extra {
                    label: field.label.clone(),
                    value: field
                        .values
                        .iter()
                        .map(|v| match field.field_type {
                            FieldType::Owner | FieldType::Owners => {
                                site.owners.name(&v.value).to_string()
                            }
                            _ => v.value.clone(),
                        })
                        .collect::<Vec<_>>()
                        .join(", "),
                    // A runbook's address and an approver were shown as text to copy.
                    links: field
                        .values
                        .iter()
                        .enumerate()
                        .filter_map(|(i, v)| match field.field_type {
                            // Only what `check` lets through: the preview renders pages
                            // with errors too, and a `javascript:` value is no link.
                            FieldType::Url
                                if v.value.starts_with("https://")
                                    || v.value.starts_with("http://") =>
                            {
                                Some(ExtraLink {
                                    text: v.value.clone(),
                                    url: v.value.clone(),
                                })
                            }
                            FieldType::Owner | FieldType::Owners => {
                                site.owner_urls.get(&v.value).map(|url| ExtraLink {
                                    text: site.owners.name(&v.value).to_string(),
                                    url: linker.link(url),
                                })
                            }
                            // Named by its title; a value naming no page (an error `check`
                            // reports, shown in the preview) stays as written, unlinked.
                            FieldType::Page | FieldType::Pages => {
                                Some(match targets.get(i).copied().flatten() {
                                    Some(q) => ExtraLink {
                                        text: site.pages[q].title.clone(),
                                        url: linker.link(&site.pages[q].url),
                                    },
                                    None => ExtraLink {
                                        text: v.value.clone(),
                                        url: String::new(),
                                    },
                                })
                            }
                            _ => None,
                        })
                        .collect(),
                })
                .collect(),
            references: self.reference_groups(p, linker),
            backlinks: site.graph.backlinks[p]
                .iter()
                .map(|&q| self.page_link(q, linker))
                .collect(),
            template: template_source(site, p).map(|(file, source)| TemplateCtx {
                download_url: file.clone(),
                filename: file,
                new_command: new_command(site, p),
                source,
            }),
        };
        self.diagram_script(&mut ctx, self.has_diagram(Some(p)), linker);
        // The body stands in the hash by a hash of its own, made once for each body: hashing
        // every page's body again at each rebuild was two fifths of the time a page took, and
        // a page kept from the build before needs its body neither read nor hashed.
        ctx.hash("page", &page_ctx);
        if ctx.hasher.is_some() {
            ctx.hash("content", &page.rendered.html_hash());
        }
        if let Some(file) = self.kept("page.html", &ctx, &page.url) {
            return Ok(file);
        }
        let html = page.rendered.html();
        page_ctx.content = &html;
        ctx.insert_unhashed("page", &page_ctx);
        self.render_anew("page.html", &ctx, &page.url)
    }

    /// Whether page `p`'s body has a diagram.
    fn has_diagram(&self, p: Option<usize>) -> bool {
        p.is_some_and(|p| self.site.pages[p].rendered.has_diagram)
    }

    /// Links the site's Mermaid script (`markdown.mermaid`) from a file showing a body with a
    /// diagram: other files do not load it.
    fn diagram_script(&self, ctx: &mut Ctx, has_diagram: bool, linker: Linker) {
        let site = self.site;
        if !has_diagram {
            return;
        }
        let script = match site.config.mermaid() {
            Some(crate::config::Script::File { path, query }) => {
                format!("{}{query}", linker.link(&format!("/{path}")))
            }
            Some(crate::config::Script::Web(url)) => url.to_string(),
            None => return,
        };
        ctx.insert("diagram_script", &script);
    }

    fn listing(&self, listing: &Listing) -> anyhow::Result<OutputFile> {
        let site = self.site;
        let linker = Linker::Relative(&listing.url);
        let current = listing.nav_section.map_or(Current::Other, Current::Section);
        let crumb_section = listing.nav_section.and_then(|s| site.sections[s].parent);
        // Pages of a long listing are told apart in tabs and history by their number.
        let title = match &listing.pagination {
            Some(p) if p.current > 1 => site.config.words.format(
                "title_page_of",
                &[
                    ("title", &listing.title),
                    ("current", &p.current.to_string()),
                    ("total", &p.total.to_string()),
                ],
            ),
            _ => listing.title.clone(),
        };
        let mut ctx = self.base_context(
            linker,
            &listing.url,
            &title,
            &listing.summary,
            current,
            crumb_section,
        )?;
        let content = listing
            .content_page
            .map(|p| site.pages[p].rendered.html())
            .unwrap_or_default();
        // A section's own page's leading `# H1`, when it is not its title, heads it.
        let heading = listing
            .content_page
            .and_then(|p| site.pages[p].rendered.heading.as_deref())
            .map(crate::markdown::heading_text);
        let list = ListCtx {
            title: heading.as_deref().unwrap_or(&listing.title),
            summary: &listing.summary,
            content: &content,
            pages: listing
                .pages
                .iter()
                .map(|&p| self.summary(p, linker))
                .collect(),
            total: listing.all_pages.len(),
            subsections: listing.children.iter().map(|c| child(c, linker)).collect(),
            subsections_title: self.word(match listing.url.as_str() {
                "/owners/" => "teams_and_people",
                "/tags/" => "tags",
                _ => "sections",
            }),
            pagination: listing
                .pagination
                .as_ref()
                .map(|p| pagination_ctx(p, linker)),
            own_page: listing
                .content_page
                .filter(|&p| {
                    let page = &site.pages[p];
                    !page.front.owners.is_empty() || page.review.status != ReviewStatus::None
                })
                .map(|p| self.summary(p, linker)),
            prev: None,
            next: None,
        };
        let mut list = list;
        if let Some(p) = listing.content_page.filter(|_| {
            listing
                .pagination
                .as_ref()
                .is_none_or(|part| part.current == 1)
        }) {
            let (prev, next) = site.neighbours(p);
            let link_to = |q: usize| Link {
                title: site.pages[q].title.clone(),
                url: linker.link(&site.pages[q].url),
            };
            list.prev = prev.map(link_to);
            list.next = next.map(link_to);
        }
        self.diagram_script(&mut ctx, self.has_diagram(listing.content_page), linker);
        if let Some(id) = &listing.owner {
            ctx.insert("owner", &self.owner_page(id, &listing.all_pages, linker));
        }
        // The list, the biggest part, is made a template's value only when the file is not
        // kept from the build before (as a page's body is).
        ctx.hash("list", &list);
        if let Some(file) = self.kept(listing.template, &ctx, &listing.url) {
            return Ok(file);
        }
        ctx.insert_unhashed("list", &list);
        self.render_anew(listing.template, &ctx, &listing.url)
    }

    fn home(&self) -> anyhow::Result<OutputFile> {
        let site = self.site;
        let linker = Linker::Relative("/");
        let mut ctx = self.base_context(
            linker,
            "/",
            &site.config.title,
            &site.config.description,
            Current::Other,
            None,
        )?;
        ctx.insert("breadcrumbs", &Vec::<Link>::new());
        // Pages under review that were reviewed (not drafts or archived pages).
        let mut recent: Vec<usize> = (0..site.pages.len())
            .filter(|&p| {
                let review = &site.pages[p].review;
                review.last_reviewed.is_some() && review.status != ReviewStatus::None
            })
            .collect();
        recent.sort_by_key(|&p| (std::cmp::Reverse(site.pages[p].review.last_reviewed), p));
        recent.truncate(10);
        let counted = || site.pages.iter();
        let content = site.sections[0]
            .index_page
            .map(|p| site.pages[p].rendered.html())
            .unwrap_or_default();
        let home = HomeCtx {
            heading: site.sections[0]
                .index_page
                .and_then(|p| site.pages[p].rendered.heading.as_deref())
                .map(crate::markdown::heading_text)
                .unwrap_or_default(),
            content: &content,
            sections: site
                .section_children(0)
                .iter()
                .map(|c| child(c, linker))
                .collect(),
            recent: recent.iter().map(|&p| self.summary(p, linker)).collect(),
            counts: Counts {
                pages: counted().count(),
                overdue: counted()
                    .filter(|p| p.review.status == crate::review::ReviewStatus::Overdue)
                    .count(),
                due_soon: counted()
                    .filter(|p| p.review.status == crate::review::ReviewStatus::DueSoon)
                    .count(),
            },
            reviews_url: linker.link("/reviews/"),
        };
        ctx.insert("home", &home);
        self.diagram_script(
            &mut ctx,
            self.has_diagram(site.sections[0].index_page),
            linker,
        );
        self.render_file("home.html", &ctx, "/")
    }

    fn owner_page(&self, id: &str, pages: &[usize], linker: Linker) -> OwnerPageCtx {
        let site = self.site;
        let entry = site.owners.owners.get(id);
        let link = |other: &str| Link {
            title: site.owners.name(other).to_string(),
            url: site
                .owner_urls
                .get(other)
                .map(|u| linker.link(u))
                .unwrap_or_default(),
        };
        let mut counts = ReviewCounts::default();
        for &p in pages {
            counts.add(site.pages[p].review.status);
        }
        OwnerPageCtx {
            id: id.to_string(),
            name: site.owners.name(id).to_string(),
            kind: entry.and_then(|e| e.kind.clone()).unwrap_or_default(),
            email: entry.map(|e| e.email.clone()).unwrap_or_default(),
            slack: entry.map(|e| e.slack.clone()).unwrap_or_default(),
            registered: entry.is_some(),
            members: entry
                .map(|e| e.members.iter().map(|m| link(m)).collect())
                .unwrap_or_default(),
            teams: site
                .owners
                .owners
                .iter()
                .filter(|(_, o)| o.members.iter().any(|m| m == id))
                .map(|(team, _)| link(team))
                .collect(),
            fallback: entry.and_then(|e| e.fallback.as_deref()).map(link),
            counts,
        }
    }

    fn dashboard(&self) -> anyhow::Result<OutputFile> {
        let site = self.site;
        let url = "/reviews/";
        let linker = Linker::Relative(url);
        let title = self.word("review_dashboard");
        let description = self.word("reviews_description");
        let mut ctx = self.base_context(linker, url, title, description, Current::Other, None)?;
        // Every page, sections' own too: `check`, the report and owner pages count them all.
        let reviewed: Vec<usize> = (0..site.pages.len()).collect();
        let mut counts = ReviewCounts::default();
        let mut by_owner: std::collections::BTreeMap<&str, ReviewCounts> = Default::default();
        for &p in &reviewed {
            let page = &site.pages[p];
            counts.add(page.review.status);
            for owner in &page.front.owners {
                by_owner
                    .entry(owner.value.as_str())
                    .or_default()
                    .add(page.review.status);
            }
        }
        let mut owners: Vec<OwnerRow> = by_owner
            .into_iter()
            .map(|(id, counts)| OwnerRow {
                name: site.owners.name(id).to_string(),
                url: site
                    .owner_urls
                    .get(id)
                    .map(|u| linker.link(u))
                    .unwrap_or_default(),
                counts,
            })
            .collect();
        owners.sort_by(|a, b| {
            (
                std::cmp::Reverse(a.counts.overdue),
                std::cmp::Reverse(a.counts.due_soon),
                crate::site::sort_key(&a.name),
            )
                .cmp(&(
                    std::cmp::Reverse(b.counts.overdue),
                    std::cmp::Reverse(b.counts.due_soon),
                    crate::site::sort_key(&b.name),
                ))
        });
        let list = |pages: Vec<usize>| DashboardList {
            total: pages.len(),
            rows: pages
                .iter()
                .take(DASHBOARD_ROWS)
                .map(|&p| self.summary(p, linker))
                .collect(),
        };
        let with_status = |status: ReviewStatus| {
            let mut pages: Vec<usize> = reviewed
                .iter()
                .copied()
                .filter(|&p| site.pages[p].review.status == status)
                .collect();
            pages.sort_by_key(|&p| (site.pages[p].review.due, p));
            list(pages)
        };
        let unowned = list(
            reviewed
                .iter()
                .copied()
                .filter(|&p| site.pages[p].front.owners.is_empty() && site.pages[p].kind.is_some())
                .collect(),
        );
        ctx.insert(
            "dashboard",
            &DashboardCtx {
                counts,
                owners,
                overdue: with_status(ReviewStatus::Overdue),
                due_soon: with_status(ReviewStatus::DueSoon),
                unowned,
            },
        );
        self.render_file("reviews.html", &ctx, url)
    }

    /// The full-page search results view, `search/?q=…`: the script fills it in.
    fn search_page(&self) -> anyhow::Result<OutputFile> {
        let url = "/search/";
        let linker = Linker::Relative(url);
        let ctx = self.base_context(
            linker,
            url,
            self.word("search"),
            self.word("search_description"),
            Current::Other,
            None,
        )?;
        self.render_file("search.html", &ctx, url)
    }

    fn not_found(&self) -> anyhow::Result<OutputFile> {
        let base_path = base_path(&self.site.config.base_url);
        let linker = Linker::Absolute(&base_path);
        let ctx = self.base_context(
            linker,
            "/404.html",
            self.word("page_not_found"),
            "",
            Current::Other,
            None,
        )?;
        let html = self
            .tera
            .render("404.html", &ctx.values)
            .map_err(|e| anyhow::anyhow!("rendering 404.html:\n{e}"))?;
        Ok(OutputFile {
            path: "404.html".into(),
            content: Content::Bytes(html.into_bytes()),
        })
    }

    /// An empty context, hashed as it is filled when the build keeps its files.
    fn context(&self) -> Ctx {
        Ctx {
            values: Context::new(),
            hasher: self.memo.as_ref().map(|_| std::hash::DefaultHasher::new()),
        }
    }

    /// The hash of `template` given `ctx`, when the build keeps its files.
    fn file_hash(template: &str, ctx: &Ctx) -> Option<u64> {
        ctx.hasher.as_ref().map(|hasher| {
            let mut hasher = hasher.clone();
            std::hash::Hasher::write(&mut hasher, template.as_bytes());
            std::hash::Hasher::finish(&hasher)
        })
    }

    /// The file of the build before at `url`, when `template` was given the same context
    /// (the hash of `ctx` so far) and the build keeps its files.
    fn kept(&self, template: &str, ctx: &Ctx, url: &str) -> Option<OutputFile> {
        let memo = self.memo.as_ref()?;
        let hash = Self::file_hash(template, ctx)?;
        let path = index_file(url);
        let (before, bytes) = memo.before.get(&path)?;
        if *before != hash {
            return None;
        }
        let bytes = Arc::clone(bytes);
        (memo.made.lock().unwrap_or_else(|e| e.into_inner()))
            .push((path.clone(), (hash, Arc::clone(&bytes))));
        Some(OutputFile {
            path,
            content: Content::Shared(bytes),
        })
    }

    /// The file `template` makes of `ctx` at `url`: the build before's when kept.
    fn render_file(&self, template: &str, ctx: &Ctx, url: &str) -> anyhow::Result<OutputFile> {
        match self.kept(template, ctx, url) {
            Some(file) => Ok(file),
            None => self.render_anew(template, ctx, url),
        }
    }

    /// The file `template` makes of `ctx` at `url`, rendered (and kept for the next build
    /// when the build keeps its files).
    fn render_anew(&self, template: &str, ctx: &Ctx, url: &str) -> anyhow::Result<OutputFile> {
        let path = index_file(url);
        let hash = Self::file_hash(template, ctx);
        let memo = self.memo.as_ref();
        // Into bytes sized for a page at once: `Tera::render` grows its buffer from the
        // template's size by doubling, then checks the whole page is UTF-8 (it is: it is made
        // of strings) for the `String` that would only be turned back into bytes here.
        let mut html = Vec::with_capacity(32 << 10);
        self.tera
            .render_to(template, &ctx.values, &mut html)
            .map_err(|e| anyhow::anyhow!("rendering `{url}` with template `{template}`:\n{e}"))?;
        let content = match (memo, hash) {
            (Some(memo), Some(hash)) => {
                let bytes = Arc::new(html);
                (memo.made.lock().unwrap_or_else(|e| e.into_inner()))
                    .push((path.clone(), (hash, Arc::clone(&bytes))));
                Content::Shared(bytes)
            }
            _ => Content::Bytes(html),
        };
        Ok(OutputFile { path, content })
    }
}

/// The links between the parts of a long listing, as its template shows them: the parts near
/// this one, the first and the last (a part of a list of 500 parts links to 11, not 500).
fn pagination_ctx(p: &crate::site::Pagination, linker: Linker) -> PaginationCtx {
    let near = |n: usize| n == 1 || n == p.total || n.abs_diff(p.current) <= 3;
    let mut previous = 0;
    let parts = (1..=p.total)
        .filter(|&n| near(n))
        .map(|n| {
            let part = &p.parts[n - 1];
            let link = PartCtx {
                number: n,
                url: linker.link(&part.url),
                range: format!("{} – {}", part.first, part.last),
                current: n == p.current,
                gap_before: n > previous + 1,
            };
            previous = n;
            link
        })
        .collect();
    PaginationCtx {
        current: p.current,
        total: p.total,
        prev: p.prev.as_ref().map(|u| linker.link(u)),
        next: p.next.as_ref().map(|u| linker.link(u)),
        parts,
    }
}

/// A sidebar's page tree: the output path it is written to, and its HTML.
type SidebarFile = (Arc<str>, Arc<str>);

/// The template of the sidebar's page tree, rendered apart from the pages.
const SIDEBAR_TEMPLATE: &str = "partials/nav-tree.html";

/// Where a sidebar's page tree is written: `assets/nav/<hash of its entries>.html`. Pages
/// fetch it (opsbook.js) instead of holding it: at 10,000 pages the tree was half of every
/// page's bytes, and a tree that grows with the wiki cannot be copied into every page of a
/// wiki of 100,000. Its links are relative to the pages that use it, which all sit in one
/// folder. Named by its entries without their page counts: a page added anywhere changes
/// the counts of the folders above it, shown in every tree, and named by its whole HTML,
/// every tree had a new name and so every page a new link to it (110,631 of 126,334 files
/// rewritten at 100,000 pages for one new page, all of them to upload again). So a tree
/// changes under its name when counts do, and pages change only when the entries they list
/// do. Within one build, trees with the same entries have the same counts.
fn sidebar_file(nav: &[NavItem]) -> String {
    // FNV-1a, 64 bits: stable across Rust versions and machines, unlike `DefaultHasher`.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut add = |bytes: &[u8]| {
        for &byte in bytes.iter().chain(&[0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for item in nav {
        // A "more" entry's title counts the pages behind it.
        if item.kind != "more" {
            add(item.title.as_bytes());
        }
        add(item.url.as_bytes());
        add(item.kind.as_bytes());
        add(&[
            item.depth as u8,
            u8::from(item.active),
            u8::from(item.ancestor),
        ]);
    }
    format!("assets/nav/{hash:016x}.html")
}

/// A sidebar link. The link to the page itself is written as from its parent folder
/// (`../this/`, not `./`), so every page of a folder gets the same sidebar.
fn sidebar_link(linker: Linker, to: &str) -> String {
    let link = linker.link(to);
    if link != "./" {
        return link;
    }
    match to.trim_end_matches('/').rsplit_once('/') {
        Some((_, last)) if !last.is_empty() => format!("../{last}/"),
        _ => link,
    }
}

fn child(c: &crate::site::ListingChild, linker: Linker) -> ChildCtx {
    ChildCtx {
        title: c.title.clone(),
        url: linker.link(&c.url),
        summary: c.summary.clone(),
        count: c.count,
    }
}

/// The path part of the base URL (`https://x/wiki/` → `/wiki/`), `/` when there is none.
fn base_path(base_url: &str) -> String {
    let without_scheme = base_url
        .strip_prefix("https://")
        .or_else(|| base_url.strip_prefix("http://"));
    let path = match without_scheme {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None if base_url.starts_with('/') => base_url,
        None => "/",
    };
    if path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    }
}

/// `sitemap.xml`, and the sitemaps it lists when the site has more URLs than one sitemap may
/// hold: `(path, XML)` each.
fn sitemap(site: &Site) -> Vec<(String, String)> {
    sitemap_files(
        &site.config.base_url,
        &sitemap_entries(site),
        SITEMAP_MAX_URLS,
    )
}

/// What the sitemap lists: (site path, last review date), sorted, each URL once.
fn sitemap_entries(site: &Site) -> Vec<(String, Option<String>)> {
    let mut entries: Vec<(String, Option<String>)> = site
        .pages
        .iter()
        .filter(|p| !p.is_index)
        .map(|p| (p.url.clone(), p.review.last_reviewed.map(|d| d.to_string())))
        .collect();
    entries.extend(site.listings.iter().map(|l| (l.url.clone(), None)));
    entries.push(("/".into(), None));
    let generated = crate::releases::generated_pages(site)
        .into_iter()
        .chain(crate::catalog::generated_pages(site));
    entries.extend(generated.map(|(url, _title)| (url, None)));
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
    entries
}

/// The file of the `n`-th part of a sitemap too big for one.
fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// Most URLs a sitemap may list (sitemaps.org): a bigger site's `sitemap.xml` is an index of
/// sitemaps of this many URLs each, which search engines read as one.
const SITEMAP_MAX_URLS: usize = 50_000;

/// The sitemap files for `entries` (site path, last review date), sorted: one `sitemap.xml`
/// when they fit in `max_urls`, else `sitemap.xml` listing `sitemap-1.xml`, `sitemap-2.xml`,
/// and so on.
fn sitemap_files(
    base_url: &str,
    entries: &[(String, Option<String>)],
    max_urls: usize,
) -> Vec<(String, String)> {
    let base = base_url.trim_end_matches('/');
    let urlset = |entries: &[(String, Option<String>)]| {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (path, lastmod) in entries {
            xml.push_str("  <url><loc>");
            xml.push_str(&escape(&format!("{base}{}", crate::url::encoded(path))));
            xml.push_str("</loc>");
            if let Some(date) = lastmod {
                xml.push_str("<lastmod>");
                xml.push_str(date);
                xml.push_str("</lastmod>");
            }
            xml.push_str("</url>\n");
        }
        xml.push_str("</urlset>\n");
        xml
    };
    if entries.len() <= max_urls {
        return vec![("sitemap.xml".into(), urlset(entries))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::new();
    for (i, part) in entries.chunks(max_urls).enumerate() {
        let path = sitemap_part(i + 1);
        index.push_str("  <sitemap><loc>");
        index.push_str(&escape(&format!("{base}/{path}")));
        index.push_str("</loc></sitemap>\n");
        files.push((path, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".into(), index));
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_too_big_for_one_file_becomes_an_index_of_sitemaps() {
        let entries: Vec<(String, Option<String>)> = (0..5)
            .map(|i| {
                (
                    format!("/p{i}/"),
                    (i == 0).then(|| "2026-11-01".to_string()),
                )
            })
            .collect();
        let other_script =
            sitemap_files("https://wiki.example/", &[("/運用/a b/".into(), None)], 5);
        assert!(
            other_script[0]
                .1
                .contains("<loc>https://wiki.example/%E9%81%8B%E7%94%A8/a%20b/</loc>"),
            "{}",
            other_script[0].1
        );
        let one = sitemap_files("https://wiki.example/", &entries, 5);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        assert!(one[0].1.contains(
            "<url><loc>https://wiki.example/p0/</loc><lastmod>2026-11-01</lastmod></url>"
        ));
        let split = sitemap_files("https://wiki.example/", &entries, 2);
        let paths: Vec<&str> = split.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        assert!(split[0].1.contains("<sitemapindex"));
        assert!(
            split[0]
                .1
                .contains("<sitemap><loc>https://wiki.example/sitemap-3.xml</loc></sitemap>")
        );
        assert_eq!(split[1].1.matches("<url>").count(), 2);
        assert_eq!(split[3].1.matches("<url>").count(), 1);
        assert!(split[3].1.contains("<loc>https://wiki.example/p4/</loc>"));
    }

    #[test]
    fn json_files_escape_what_html_would_read() {
        let value = serde_json::json!({"a": "<b>Q&A</b>", "n": [1, 2]});
        assert_eq!(
            inert_json(&value, false),
            r#"{"a":"\u003cb\u003eQ\u0026A\u003c/b\u003e","n":[1,2]}"#
        );
        let pretty = inert_json(&value, true);
        assert!(
            pretty.contains("\n  \"a\": \"\\u003cb\\u003eQ\\u0026A"),
            "{pretty}"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&pretty).unwrap(),
            value
        );
    }

    #[test]
    fn base_path_of_base_urls() {
        assert_eq!(base_path(""), "/");
        assert_eq!(base_path("https://intranet.example"), "/");
        assert_eq!(base_path("https://intranet.example/wiki"), "/wiki/");
        assert_eq!(base_path("/docs/"), "/docs/");
    }
}
