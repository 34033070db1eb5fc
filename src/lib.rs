//! opsbook turns a folder of Markdown — processes, templates, tool guides and release notes —
//! into a static wiki in which every page has an owner and a review date.
//!
//! The build is a one-way pipeline; each module owns one stage:
//!
//! ```text
//! config → load → parse (frontmatter, markdown) → validate → site → render → output
//! ```
//!
//! Only [`load`] and [`output`] touch the disk. Problems in the user's files are
//! [`diag::Diagnostic`]s, all collected and printed together; `check` runs the same stages as
//! `build` but stops before rendering, so the two never disagree.

pub mod admonition;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod diag;
pub mod frontmatter;
pub mod graph;
pub mod highlight;
pub mod i18n;
pub mod load;
pub mod markdown;
pub mod output;
pub mod owners;
pub mod parse;
pub mod releases;
pub mod render;
pub mod report;
pub mod review;
pub mod scaffold;
pub mod schema;
pub mod search;
pub mod serve;
pub mod site;
pub mod theme;
pub mod url;
pub mod validate;
pub mod yaml;

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diag::Diagnostic;
use crate::owners::Registry;
use crate::site::{LinkIndex, Page, Site};

/// What every command that reads a site needs to know.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// The site folder (holding `opsbook.yaml` and `content/`).
    pub root: PathBuf,
    /// Output folder; default `output_dir` from the config, under the site root.
    pub out: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// The day review dates are judged against; default [`today`].
    pub today: Option<Date>,
    /// Publish `status: draft` pages too.
    pub drafts: bool,
    /// Rule codes whose findings are errors, whatever the config says (`--deny`).
    pub deny: Vec<String>,
    /// The site will be rendered (`build`, `serve`): build the search index and highlight
    /// code. `check` leaves both out, as nothing it validates depends on them.
    pub rendering: bool,
    /// A page that is not on disk yet, read as if it were: its path from the content folder
    /// and its text (`opsbook new` checks the page it is about to write).
    pub unwritten_page: Option<(String, String)>,
}

/// Why a command could not run at all (exit code 2), as opposed to content problems.
#[derive(Debug)]
pub enum Fatal {
    /// `opsbook.yaml`, `owners.yaml` or a site template is unusable: what is wrong with it,
    /// shown like any diagnostic.
    Config(Vec<Diagnostic>),
    /// I/O failures, template errors and the like.
    Other(anyhow::Error),
}

impl From<anyhow::Error> for Fatal {
    fn from(e: anyhow::Error) -> Self {
        Fatal::Other(e)
    }
}

/// The result of a build or check that ran to the end.
#[derive(Debug)]
pub struct Report {
    /// Every problem found, sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Number of pages published.
    pub pages: usize,
    /// Where the site was written; `None` for `check`, or when errors stopped the write.
    pub written: Option<PathBuf>,
}

impl Report {
    /// True when an error-level diagnostic was found (exit code 1).
    pub fn failed(&self) -> bool {
        diag::has_errors(&self.diagnostics)
    }
}

/// "Today" for review dates: `--today`, else `SOURCE_DATE_EPOCH` (reproducible builds), else
/// the clock, in UTC.
pub fn today(explicit: Option<Date>) -> anyhow::Result<Date> {
    if let Some(date) = explicit {
        return Ok(date);
    }
    // Set but empty is unset, as other reproducible-build tools read it.
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH")
        && !epoch.trim().is_empty()
    {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            anyhow::anyhow!("SOURCE_DATE_EPOCH must be a number of seconds, not \"{epoch}\"")
        })?;
        let ts = jiff::Timestamp::from_second(seconds).map_err(|_| {
            anyhow::anyhow!("SOURCE_DATE_EPOCH {seconds} is not a time a calendar holds: it counts seconds since 1970-01-01")
        })?;
        return Ok(ts.to_zoned(jiff::tz::TimeZone::UTC).date());
    }
    Ok(jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date())
}

/// The output folder for `options`.
pub fn output_dir(options: &SiteOptions, config: &config::Config) -> PathBuf {
    options
        .out
        .clone()
        .unwrap_or_else(|| options.root.join(&config.output_dir))
}

/// What one build leaves for the next in `opsbook serve`: every page as parsed and as
/// rendered, with the diagnostics found on the way. A page is reused when its text is the
/// same and so is everything it was read against (configuration, owners, today), and its
/// rendering when, in addition, nothing its links resolve against changed (the pages' paths,
/// titles and aliases, the drafts, the files). The result is always what a full build gives;
/// `tests/integration/serve.rs` checks it.
#[derive(Default)]
pub struct BuildCache {
    parse_key: u64,
    link_key: u64,
    parsed: std::collections::HashMap<String, (Page, Vec<Diagnostic>)>,
    rendered: std::collections::HashMap<String, (Page, Vec<Diagnostic>)>,
    /// What the latest load resolved links against, and what the checks that depend on no
    /// page's body found, for [`LiveSite`].
    last_index: Option<(LinkIndex, Vec<Diagnostic>)>,
    /// The last build without errors, which page edits are applied to ([`apply_page_edits`]).
    live: Option<LiveSite>,
    /// The files the last build rendered with templates, for the next.
    memo: render::RenderMemo,
    /// What the search index of the last build is made from, when it left the index out
    /// ([`render::RenderOptions::index_later`]).
    search_input: Option<search::IndexInput>,
}

impl BuildCache {
    /// What the search index of the last build, which left it out, is made from.
    pub fn take_search_input(&mut self) -> Option<search::IndexInput> {
        self.search_input.take()
    }
}

/// A built site kept in memory by `opsbook serve`, with what rendering it needed, so that an
/// edit to a page's body can be applied without rebuilding the site.
struct LiveSite {
    site: Site,
    index: LinkIndex,
    tera: tera::Tera,
    render_options: render::RenderOptions,
    markdown_options: markdown::RenderOptions,
    deny: Vec<String>,
    diagnostics: Vec<Diagnostic>,
    /// The diagnostics of the checks that depend on no page's body (URLs, references,
    /// aliases): still true after an edit to a body.
    structural: Vec<Diagnostic>,
}

/// The result of [`apply_page_edits`]: the site's diagnostics after the edits, and the output
/// files the edits changed.
pub struct PageEdits {
    pub report: Report,
    pub files: Vec<render::OutputFile>,
}

/// The diagnostics by the file they are about: looked up once for each page (filtering them
/// all for each page took 8.6 s at 100,000 pages).
fn by_path(diagnostics: &[Diagnostic]) -> std::collections::HashMap<&str, Vec<Diagnostic>> {
    let mut by_path: std::collections::HashMap<&str, Vec<Diagnostic>> = Default::default();
    for d in diagnostics {
        by_path.entry(d.path.as_str()).or_default().push(d.clone());
    }
    by_path
}

/// Phase timings printed to stderr when `OPSBOOK_TIMINGS` is set, for benchmarks and
/// profiling (`bench/`); silent otherwise.
pub struct PhaseTimer {
    last: std::time::Instant,
    on: bool,
}

impl PhaseTimer {
    pub fn start() -> PhaseTimer {
        PhaseTimer {
            last: std::time::Instant::now(),
            on: std::env::var_os("OPSBOOK_TIMINGS").is_some(),
        }
    }

    /// Prints the time since the previous lap under `phase`.
    pub fn lap(&mut self, phase: &str) {
        if self.on {
            let now = std::time::Instant::now();
            // Resident memory now, where the system tells (Linux), to see which phase holds what.
            let rss = std::fs::read_to_string("/proc/self/statm")
                .ok()
                .and_then(|s| s.split_whitespace().nth(1)?.parse::<u64>().ok())
                .map(|pages| format!("{:>6} MiB resident", pages * 4096 / (1 << 20)))
                .unwrap_or_default();
            crate::say!(
                "timing: {phase:<24} {:>8.1} ms {rss}",
                (now - self.last).as_secs_f64() * 1000.0
            );
            self.last = now;
        }
    }
}

fn hash_of(value: &impl std::hash::Hash) -> u64 {
    use std::hash::Hasher;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// Loads, parses and validates a site: everything but rendering and writing.
pub fn load_site(options: &SiteOptions) -> Result<(Site, Vec<Diagnostic>, load::Loaded), Fatal> {
    load_site_cached(options, None)
}

/// [`load_site`], reusing and refreshing `cache` when given.
pub fn load_site_cached(
    options: &SiteOptions,
    mut cache: Option<&mut BuildCache>,
) -> Result<(Site, Vec<Diagnostic>, load::Loaded), Fatal> {
    for code in &options.deny {
        if code != diag::DENY_WARNINGS && diag::find_rule(code).is_none() {
            let codes: Vec<&str> = diag::RULES.iter().map(|r| r.code).collect();
            return Err(Fatal::Other(anyhow::anyhow!(
                "--deny {code}: no such rule\nhelp: rules are {} (or `warnings`, for all of them)",
                codes.join(", ")
            )));
        }
    }
    let mut config = load::config(&options.root)?.map_err(Fatal::Config)?;
    // An empty `--base-url` (a CI variable that is not set, `--base-url "$CI_PAGES_URL"`)
    // keeps opsbook.yaml's: it wiped it, and canonical links went with it.
    if let Some(base_url) = options.base_url.as_ref().filter(|u| !u.trim().is_empty()) {
        if !config::base_url_is_valid(base_url) {
            return Err(Fatal::Other(anyhow::anyhow!(
                "--base-url \"{base_url}\" cannot be the address the site is published at\nhelp: {}",
                config::BASE_URL_HELP
            )));
        }
        config.base_url = base_url.clone();
    }
    let today = today(options.today)?;
    let out = output_dir(options, &config);
    if options.out.is_none() {
        output::check_configured_target(&options.root, &out).map_err(Fatal::Other)?;
    }
    let mut timer = PhaseTimer::start();
    let mut loaded = load::site(&options.root, &config, &out)?;
    if let Some((rel, text)) = &options.unwritten_page {
        let at = loaded.pages.partition_point(|p| p.rel < *rel);
        loaded.pages.insert(
            at,
            load::SourceFile {
                rel: rel.clone(),
                source: config.source_path(rel),
                text: text.clone(),
            },
        );
    }
    timer.lap("load");
    let owners = Registry::parse(loaded.owners_text.as_deref()).map_err(Fatal::Config)?;
    config.check_owners(&owners).map_err(Fatal::Config)?;
    let kinds = config.kinds();
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let files = std::mem::take(&mut loaded.pages);
    let leaf_pages = parse::leaf_pages(files.iter().map(|f| f.rel.as_str()));
    // What a page is read against; its Debug form is a faithful, if plain, fingerprint.
    let parse_key = hash_of(&format!("{config:?}{owners:?}{today}{:?}", {
        let mut leaves: Vec<&String> = leaf_pages.iter().collect();
        leaves.sort();
        leaves
    }));
    if let Some(cache) = cache.as_deref_mut()
        && cache.parse_key != parse_key
    {
        *cache = BuildCache {
            parse_key,
            ..BuildCache::default()
        };
    }
    let parsed_before = cache.as_deref().map(|c| &c.parsed);
    let reuse_parsed = |file: &load::SourceFile| {
        let (page, found) = parsed_before?.get(&file.rel)?;
        (*page.text == *file.text).then(|| (page.clone(), found.clone()))
    };
    let mut parse_diagnostics = Vec::new();
    let all_pages = parse::pages(
        files,
        parse::ParseContext {
            config: &config,
            kinds: &kinds,
            owners: &owners,
            today,
            leaf_pages: &leaf_pages,
        },
        &reuse_parsed,
        &mut parse_diagnostics,
    );
    if let Some(cache) = cache.as_deref_mut() {
        // Diagnostics are kept per page so a reused page brings its own back.
        let mut found = by_path(&parse_diagnostics);
        cache.parsed = all_pages
            .iter()
            .map(|p| {
                let own = found.remove(p.source.as_str()).unwrap_or_default();
                (p.rel.clone(), (p.clone(), own))
            })
            .collect();
    }
    diagnostics.extend(parse_diagnostics);
    timer.lap("parse");
    let (mut pages, drafts): (Vec<_>, Vec<_>) = all_pages
        .into_iter()
        .partition(|p| options.drafts || p.front.status != frontmatter::Status::Draft);
    let folder_pages = parse::folder_pages(pages.iter().map(|p| p.rel.as_str()));
    for page in pages.iter_mut().filter(|p| folder_pages.contains(&p.rel)) {
        page.is_index = true;
    }
    let index_entries: Vec<(String, String)> = pages
        .iter()
        .map(|p| (p.rel.clone(), p.url.clone()))
        .collect();
    let mut index = LinkIndex::new(&index_entries, &loaded.content_assets);
    // A README left out beside its folder's own page stands for that page.
    for readme in &loaded.readmes_left_out {
        let folder = url::parent_dir(readme);
        if let Some(own) = pages.iter().find(|p| {
            url::parent_dir(&p.rel) == folder
                && matches!(url::page_stem(&p.rel), "_index" | "index")
        }) {
            index.add_stand_in(readme, &own.rel);
        }
    }
    index.set_content_dir(&config.content_dir);
    let aliases: Vec<Vec<String>> = pages
        .iter()
        .map(|p| p.front.aliases.iter().map(|a| a.value.clone()).collect())
        .collect();
    index.add_titles(
        pages
            .iter()
            .zip(&aliases)
            .map(|(p, a)| (p.title.as_str(), a.as_slice())),
    );
    // Headings given ids of their own, which wikilinks to a heading by its text go to.
    let custom_ids: Vec<Vec<(String, String)>> = pages
        .iter()
        .map(|p| markdown::custom_heading_ids(&p.text[p.body_offset..]))
        .collect();
    let link_key = hash_of(&(
        &custom_ids,
        &index_entries,
        &aliases,
        pages.iter().map(|p| &p.title).collect::<Vec<_>>(),
        drafts.iter().map(|p| &p.rel).collect::<Vec<_>>(),
        loaded
            .content_assets
            .iter()
            .map(|a| &a.rel)
            .collect::<Vec<_>>(),
        options.rendering,
    ));
    let draft_rels: Vec<String> = drafts.into_iter().map(|p| p.rel).collect();
    index.add_unpublished(draft_rels.iter().cloned());
    index.add_custom_heading_ids(custom_ids);
    // The site is arranged before the pages are rendered: it knows the listings and generated
    // pages (from the front matter alone), which links may point to too.
    let mut history = std::mem::take(&mut loaded.history);
    diagnostics.append(&mut history.diagnostics);
    for page in &mut pages {
        page.last_changed = history.last_changed.get(&page.rel).copied();
    }
    let content_assets = std::mem::take(&mut loaded.content_assets);
    let mut folder_labels = parse::folder_labels(&loaded.folder_labels, &mut diagnostics);
    // Drafts and READMEs left out are pages of the site too, for the nav's and the table of
    // contents' entries naming them: not "no page of this site".
    let rels: std::collections::HashSet<&str> = pages
        .iter()
        .map(|p| p.rel.as_str())
        .chain(draft_rels.iter().map(String::as_str))
        .chain(loaded.readmes_left_out.iter().map(String::as_str))
        .collect();
    // MkDocs' nav when it is this content's; else mdBook's table of contents.
    let nav = loaded
        .mkdocs
        .as_ref()
        .map(|(source, text)| {
            parse::mkdocs_nav(source, text, &config.content_dir, &rels, &mut diagnostics)
        })
        .filter(|nav| !nav.pages.is_empty())
        .or_else(|| {
            let (source, text) = loaded.summary.as_ref()?;
            Some(parse::summary_order(source, text, &rels, &mut diagnostics))
        });
    drop(rels);
    if let Some(nav) = nav {
        for page in &mut pages {
            page.nav_position = nav.pages.get(&page.rel).copied();
        }
        // A `_category_.json` beside the pages says more than the nav far away.
        for (dir, label) in nav.folders {
            folder_labels.entry(dir).or_insert(label);
        }
    }
    let mut site = Site::assemble(
        config,
        kinds,
        owners,
        today,
        pages,
        content_assets,
        &folder_labels,
    );
    site.repo_prefix = history.prefix;
    site.obsidian_vault = loaded.obsidian_vault;
    let mut published = render::published_urls(&site, &loaded.static_assets);
    published.sort();
    let link_key = hash_of(&(link_key, &published));
    index.add_published(published);
    let markdown_options = markdown_options(&site, options.rendering);
    if let Some(cache) = cache.as_deref_mut()
        && cache.link_key != link_key
    {
        cache.link_key = link_key;
        cache.rendered.clear();
    }
    let rendered_before = cache.as_deref().map(|c| &c.rendered);
    let reuse_rendered = |page: &Page| {
        let (done, found) = rendered_before?.get(&page.rel)?;
        (done.text == page.text).then(|| (done.clone(), found.clone()))
    };
    let mut render_diagnostics = Vec::new();
    parse::render_markdown(
        &mut site.pages,
        &index,
        &markdown_options,
        options.rendering.then_some(&site.owners),
        // Without a cache, no later build compares the pages' text with the files'.
        cache.is_none().then_some(site.kinds.as_slice()),
        &reuse_rendered,
        &mut render_diagnostics,
    );
    if let Some(cache) = cache.as_deref_mut() {
        let mut found = by_path(&render_diagnostics);
        cache.rendered = site
            .pages
            .iter()
            .map(|p| {
                let own = found.remove(p.source.as_str()).unwrap_or_default();
                (p.rel.clone(), (p.clone(), own))
            })
            .collect();
    }
    diagnostics.extend(render_diagnostics);
    timer.lap("markdown");
    validate::anchors(&site.pages, &mut diagnostics);
    // What the checks of URLs, references and aliases find depends on no page's body: kept
    // apart for `apply_page_edits`, which keeps them for the pages it edits.
    let mut structural = Vec::new();
    validate::duplicate_urls(&site.pages, &mut structural);
    validate::page_references(&site.pages, &site.kinds, &index, &mut structural);
    site.graph = graph::Graph::build(&site.pages, &index);
    validate::generated_url_clashes(&site, &mut structural);
    validate::asset_clashes(&site, &mut structural);
    validate::folder_case_clashes(&site, &mut structural);
    validate::release_versions(&site, &mut structural);
    validate::script_files(&site, &mut structural);
    validate::file_clashes(&site, &loaded.static_assets, &mut structural);
    validate::diagram_script(&site, &loaded.static_assets, &mut structural);
    validate::logo(&site, &loaded.static_assets, &mut structural);
    validate::label_clashes(&site, &mut structural);
    validate::aliases(&site, &mut structural);
    validate::settings_reaching_no_page(&site, &index, &mut structural);
    validate::site_templates(&loaded.templates, &mut structural);
    validate::translations(&site.config, &loaded.templates, &mut structural);
    validate::not_found_page(&site, &mut structural);
    diag::apply_levels(&mut structural, &site.config.rules, &options.deny);
    diag::apply_levels(&mut diagnostics, &site.config.rules, &options.deny);
    let structural_kept = cache.is_some().then(|| structural.clone());
    diagnostics.extend(structural);
    diag::sort(&mut diagnostics);
    timer.lap("validate and site model");
    if let Some(cache) = cache {
        cache.last_index = Some((index, structural_kept.unwrap_or_default()));
        cache.live = None;
    }
    Ok((site, diagnostics, loaded))
}

/// `opsbook check`: every validation of the build, nothing written.
pub fn check(options: &SiteOptions) -> Result<Report, Fatal> {
    let (site, diagnostics, loaded) = load_site(options)?;
    // The site's own templates are compiled as `build` compiles them, so that a template that
    // cannot compile fails the pull request's check and not only the build after the merge.
    // What only rendering meets (a variable no page has) is left to `build`, which `check`
    // stays without.
    if !loaded.templates.is_empty() {
        theme::templates(&loaded.templates, &site.config.words)?;
    }
    Ok(Report {
        diagnostics,
        pages: site.pages.len(),
        written: None,
    })
}

/// `opsbook build`: validates, renders and writes the site atomically. Nothing is written when
/// an error is found.
pub fn build(options: &SiteOptions) -> Result<Report, Fatal> {
    let options = &SiteOptions {
        rendering: true,
        ..options.clone()
    };
    let (mut site, diagnostics, loaded) = load_site(options)?;
    let out = output_dir(options, &site.config);
    // Checked, and nothing left to report: a page's source is needed from here on only by
    // templates, whose source is published beside them. The bodies went once rendered
    // (`parse::render_markdown`); the front matter the checks pointed into goes now.
    for p in 0..site.pages.len() {
        if !render::publishes_source(&site, p) {
            site.pages[p].text = "".into();
        }
    }
    // Refuse early, before any work, to replace a folder that is not ours.
    output::check_target(&out)?;
    if diag::has_errors(&diagnostics) {
        return Ok(Report {
            diagnostics,
            pages: site.pages.len(),
            written: None,
        });
    }
    // Each file is written as soon as it is rendered: the site is never in memory whole.
    let tera = theme::templates(&loaded.templates, &site.config.words)?;
    let staging = output::Staging::begin(&out)?;
    let overrides: std::collections::HashSet<&str> = loaded
        .static_assets
        .iter()
        .map(|a| a.rel.as_str())
        .collect();
    // A page of `static/` in place of one the build makes is not read for anchors.
    let anchors = AnchorIds::of(&site);
    let noting = NotingAnchors {
        anchors: &anchors,
        next: &staging,
    };
    let sink = StaticOverrides {
        overrides: &overrides,
        next: &noting,
    };
    // The index takes the pages' search terms, so that it can free them as it goes.
    let index = search::IndexInput::take(&mut site);
    render::site_into(
        &site,
        Some(index),
        &tera,
        &render::RenderOptions::default(),
        &sink,
        None,
    )
    .map_err(|e| theme::render_error(e, &loaded.templates))?;
    // The anchors of the pages the build makes, known now they are: an error leaves the
    // output as it was (the staging folder goes when dropped).
    let mut diagnostics = diagnostics;
    diagnostics.extend(anchors.check(&site, options));
    diag::sort(&mut diagnostics);
    if diag::has_errors(&diagnostics) {
        return Ok(Report {
            diagnostics,
            pages: site.pages.len(),
            written: None,
        });
    }
    for asset in &loaded.static_assets {
        staging.put(&render::OutputFile {
            path: asset.rel.clone(),
            content: render::Content::Copy(asset.from.clone()),
        })?;
    }
    let mut timer = PhaseTimer::start();
    staging.finish()?;
    timer.lap("swap the output in");
    Ok(Report {
        diagnostics,
        pages: site.pages.len(),
        written: Some(out),
    })
}

/// The build without the write (`opsbook serve`): validates and renders the site into memory,
/// errors and all (the preview shows a writer's edit while a link waits for its page; `build`
/// refuses such a site). The output is `None` only when nothing could be made.
pub fn render_in_memory(
    options: &SiteOptions,
    render_options: &render::RenderOptions,
    mut cache: Option<&mut BuildCache>,
) -> Result<(Report, Option<render::Output>), Fatal> {
    let options = &SiteOptions {
        rendering: true,
        ..options.clone()
    };
    let (site, mut diagnostics, loaded) = load_site_cached(options, cache.as_deref_mut())?;
    let pages = site.pages.len();
    let rendered = {
        let tera = theme::templates(&loaded.templates, &site.config.words)?;
        let memo = cache.as_deref_mut().map(|cache| {
            if render_options.index_later {
                cache.search_input = Some(search::IndexInput::of(&site));
            }
            cache.memo.keep_for(&loaded.templates, &site.config.words);
            &mut cache.memo
        });
        let rendered = render_with(&site, &tera, &loaded, render_options, memo)
            .map_err(|e| theme::render_error(e, &loaded.templates))?;
        // The anchors of the pages the build makes, as `build` checks them.
        let anchors = AnchorIds::of(&site);
        rendered.files.iter().for_each(|file| anchors.note(file));
        let found = anchors.check(&site, options);
        if !found.is_empty() {
            diagnostics.extend(found);
            diag::sort(&mut diagnostics);
        }
        // Page edits start from a site without errors only: from one with errors, a fixed
        // page would publish without the others' errors being looked at again.
        let has_errors = diag::has_errors(&diagnostics);
        if let Some(cache) = cache
            && let Some((index, structural)) = cache.last_index.take()
        {
            cache.live = (!has_errors).then(|| LiveSite {
                markdown_options: markdown_options(&site, true),
                site,
                index,
                tera,
                render_options: render_options.clone(),
                deny: options.deny.clone(),
                diagnostics: diagnostics.clone(),
                structural,
            });
        }
        Some(rendered)
    };
    let report = Report {
        diagnostics,
        pages,
        written: None,
    };
    Ok((report, rendered))
}

fn markdown_options(site: &Site, rendering: bool) -> markdown::RenderOptions {
    let config = &site.config;
    markdown::RenderOptions {
        words: std::sync::Arc::clone(&config.words),
        obsidian: site.obsidian_vault,
        allow_html: config.markdown.allow_html,
        highlight: config.markdown.highlight && rendering,
        html: rendering,
        diagrams: config.mermaid().is_some(),
        emoji: config.markdown.emoji,
    }
}

/// Applies edits of existing pages (`changed`: paths from the site root) to the last build
/// kept in `cache`, re-rendering only those pages, when the edits cannot change any other
/// output: only the Markdown body changed (the front matter is byte for byte the same), and
/// with it neither the title, nor the headings' ids, nor the pages it links to; the page is no
/// section index (whose body is its section's listing); and the result has no errors. `None`
/// otherwise: the caller rebuilds the site. A release note's edit renders What's new and the
/// feed again too.
///
/// The search index is not updated here (it depends on every page's statistics): call
/// [`search_files`] next. Together they give what a full build gives, byte for byte.
pub fn apply_page_edits(
    options: &SiteOptions,
    cache: &mut BuildCache,
    changed: &[String],
) -> Option<PageEdits> {
    let live = cache.live.as_mut()?;
    let site = &mut live.site;
    let mut timer = PhaseTimer::start();
    // Indexes of the edited pages in the site, and their files as they are now.
    let mut indexes = Vec::new();
    let mut files = Vec::new();
    for path in changed {
        let p = site.pages.iter().position(|page| &page.source == path)?;
        let old = &site.pages[p];
        if old.is_index {
            return None;
        }
        let text = load::page_text(&options.root, path).ok()?;
        indexes.push(p);
        files.push(load::SourceFile {
            rel: old.rel.clone(),
            source: path.clone(),
            text,
        });
    }
    let sources: std::collections::HashSet<String> = changed.iter().cloned().collect();
    // No section page is edited here (see above), and no file came or went: an `index.md`
    // among the edited pages is one of the leaf pages still.
    let leaf_pages = files.iter().map(|f| f.rel.clone()).collect();
    let context = parse::ParseContext {
        config: &site.config,
        kinds: &site.kinds,
        owners: &site.owners,
        today: site.today,
        leaf_pages: &leaf_pages,
    };
    let mut page_diagnostics = Vec::new();
    let mut pages = parse::pages(files, context, &|_| None, &mut page_diagnostics);
    if pages.len() != indexes.len() {
        return None;
    }
    timer.lap("edits: read and parse");
    parse::render_markdown(
        &mut pages,
        &live.index,
        &live.markdown_options,
        Some(&site.owners),
        None,
        &|_| None,
        &mut page_diagnostics,
    );
    let targets = |page: &Page| {
        let mut targets: Vec<(usize, Option<String>)> = page
            .rendered
            .links
            .iter()
            .map(|l| (l.target, l.anchor.clone()))
            .collect();
        targets.sort();
        targets.dedup();
        targets
    };
    for (&p, new) in indexes.iter().zip(&pages) {
        let old = &site.pages[p];
        let same = old.text[..old.body_offset] == new.text[..new.body_offset]
            && old.title == new.title
            && old.url == new.url
            && old.rendered.first_h1 == new.rendered.first_h1
            && old.rendered.anchors == new.rendered.anchors
            // Wikilinks find a heading with an id of its own by its text (`[[Page#Text]]`).
            && markdown::custom_heading_ids(&old.text[old.body_offset..])
                == markdown::custom_heading_ids(&new.text[new.body_offset..])
            && old.search.is_some() == new.search.is_some()
            && targets(old) == targets(new)
            // Anchors on the pages the build makes are checked once they are rendered.
            && generated_anchors(old) == generated_anchors(new);
        if !same {
            return None;
        }
    }
    timer.lap("edits: markdown");
    // Swap the new pages in, keeping what the build learnt about them elsewhere.
    let mut previous = Vec::new();
    for (&p, mut page) in indexes.iter().zip(pages) {
        page.last_changed = site.pages[p].last_changed;
        page.nav_position = site.pages[p].nav_position;
        // The same front matter (checked above): the same tags and owners, as the site spelt
        // them (see `site::merge_spellings`).
        page.front.tags = site.pages[p].front.tags.clone();
        page.front.owners = site.pages[p].front.owners.clone();
        previous.push(std::mem::replace(&mut site.pages[p], page));
    }
    let restore = |site: &mut Site, previous: Vec<Page>| {
        for (&p, page) in indexes.iter().zip(previous) {
            site.pages[p] = page;
        }
    };
    validate::anchors_of(&site.pages, indexes.iter().copied(), &mut page_diagnostics);
    diag::apply_levels(&mut page_diagnostics, &site.config.rules, &live.deny);
    timer.lap("edits: validate");
    if diag::has_errors(&page_diagnostics) {
        restore(site, previous);
        return None;
    }
    let files = match render::pages(site, &live.tera, &live.render_options, &indexes) {
        Ok(files) => files,
        Err(_) => {
            restore(site, previous);
            return None;
        }
    };
    timer.lap("edits: render");
    let mut diagnostics: Vec<Diagnostic> = live
        .diagnostics
        .iter()
        .filter(|d| !sources.contains(&d.path))
        .cloned()
        .collect();
    diagnostics.extend(page_diagnostics);
    diagnostics.extend(
        live.structural
            .iter()
            .filter(|d| sources.contains(&d.path))
            .cloned(),
    );
    diag::sort(&mut diagnostics);
    live.diagnostics = diagnostics.clone();
    timer.lap("edits: diagnostics");
    // The next full rebuild parses these pages again: their text changed.
    Some(PageEdits {
        report: Report {
            diagnostics,
            pages: site.pages.len(),
            written: None,
        },
        files,
    })
}

/// The anchors `page` links to on pages the build makes, as (URL, anchor), sorted.
fn generated_anchors(page: &Page) -> Vec<(&str, &str)> {
    let mut anchors: Vec<(&str, &str)> = page
        .rendered
        .generated_anchors
        .iter()
        .map(|a| (a.url.as_str(), a.anchor.as_str()))
        .collect();
    anchors.sort_unstable();
    anchors.dedup();
    anchors
}

/// The search index of the last build kept in `cache` (see [`apply_page_edits`]).
pub fn search_files(cache: &BuildCache) -> Vec<render::OutputFile> {
    search_input(cache)
        .map(|input| input.files())
        .unwrap_or_default()
}

/// What the search index of the last build kept in `cache` is made from, to be written
/// elsewhere (another thread) while pages keep changing.
pub fn search_input(cache: &BuildCache) -> Option<search::IndexInput> {
    cache
        .live
        .as_ref()
        .map(|live| search::IndexInput::of(&live.site))
}

/// Renders a loaded site into memory (`serve`): the theme with the site's templates, then the
/// site's `static/` files over the theme's. `build` writes the same files as they are
/// rendered instead ([`StaticOverrides`]); a test checks both give the same files.
fn render_with(
    site: &Site,
    tera: &tera::Tera,
    loaded: &load::Loaded,
    render_options: &render::RenderOptions,
    memo: Option<&mut render::RenderMemo>,
) -> anyhow::Result<render::Output> {
    let mut rendered = render::site(site, tera, render_options, memo)?;
    add_static_overrides(&mut rendered, &loaded.static_assets);
    Ok(rendered)
}

/// The ids of the pages the build makes that a link's anchor points into (`wanted`: their
/// output paths, and URLs), read as they are rendered, for [`validate::generated_anchors`].
struct AnchorIds {
    wanted: std::collections::HashMap<String, String>,
    found: std::sync::Mutex<std::collections::HashMap<String, std::collections::HashSet<String>>>,
}

impl AnchorIds {
    /// For the generated pages `site`'s pages link into with an anchor.
    fn of(site: &Site) -> AnchorIds {
        let wanted = site
            .pages
            .iter()
            .flat_map(|p| &p.rendered.generated_anchors)
            .map(|a| (render::index_file(&a.url), a.url.clone()))
            .collect();
        AnchorIds {
            wanted,
            found: Default::default(),
        }
    }

    /// Keeps the ids of `file` when it is wanted.
    fn note(&self, file: &render::OutputFile) {
        if let (Some(url), Some(bytes)) = (self.wanted.get(&file.path), file.content.bytes()) {
            let mut ids = Default::default();
            markdown::collect_ids(&String::from_utf8_lossy(bytes), &mut ids);
            self.found
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(url.clone(), ids.into_iter().collect());
        }
    }

    /// The broken anchors among the links into the pages noted.
    fn check(self, site: &Site, options: &SiteOptions) -> Vec<Diagnostic> {
        let found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut diagnostics = Vec::new();
        validate::generated_anchors(&site.pages, &found, &mut diagnostics);
        diag::apply_levels(&mut diagnostics, &site.config.rules, &options.deny);
        diagnostics
    }
}

/// Passes files on to `next`, noting the ids `anchors` wants.
struct NotingAnchors<'a> {
    anchors: &'a AnchorIds,
    next: &'a dyn render::Sink,
}

impl render::Sink for NotingAnchors<'_> {
    fn put(&self, file: render::OutputFile) -> anyhow::Result<()> {
        self.anchors.note(&file);
        self.next.put(file)
    }
}

/// Drops the rendered files that the site's `static/` files replace, passing on the others.
struct StaticOverrides<'a> {
    overrides: &'a std::collections::HashSet<&'a str>,
    next: &'a dyn render::Sink,
}

impl render::Sink for StaticOverrides<'_> {
    fn put(&self, file: render::OutputFile) -> anyhow::Result<()> {
        if self.overrides.contains(file.path.as_str()) {
            return Ok(());
        }
        self.next.put(file)
    }
}

/// Lays the site's `static/` files over the output, replacing theme files of the same path.
fn add_static_overrides(output: &mut render::Output, assets: &[load::Asset]) {
    for asset in assets {
        let file = render::OutputFile {
            path: asset.rel.clone(),
            content: render::Content::Copy(asset.from.clone()),
        };
        match output
            .files
            .binary_search_by(|f| f.path.as_str().cmp(&asset.rel))
        {
            Ok(i) => output.files[i] = file,
            Err(i) => output.files.insert(i, file),
        }
    }
}

/// Makes `path` relative to the current folder when it is inside it, for friendlier messages.
pub fn display_path(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
