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

pub mod catalog;
pub mod cli;
pub mod config;
pub mod diag;
pub mod frontmatter;
pub mod graph;
pub mod highlight;
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
use crate::site::{LinkIndex, Site};

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
    /// Build the search index (`build` and `serve`; `check` has no use for it).
    pub search: bool,
}

/// Why a command could not run at all (exit code 2), as opposed to content problems.
#[derive(Debug)]
pub enum Fatal {
    /// `opsbook.yaml` or `owners.yaml` is unusable: shown like any diagnostic.
    Config(Box<Diagnostic>),
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
    if let Ok(epoch) = std::env::var("SOURCE_DATE_EPOCH") {
        let seconds: i64 = epoch.trim().parse().map_err(|_| {
            anyhow::anyhow!("SOURCE_DATE_EPOCH must be a number of seconds, not \"{epoch}\"")
        })?;
        let ts = jiff::Timestamp::from_second(seconds)?;
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

/// Loads, parses and validates a site: everything but rendering and writing.
pub fn load_site(options: &SiteOptions) -> Result<(Site, Vec<Diagnostic>, load::Loaded), Fatal> {
    for code in &options.deny {
        if diag::find_rule(code).is_none() {
            let codes: Vec<&str> = diag::RULES.iter().map(|r| r.code).collect();
            return Err(Fatal::Other(anyhow::anyhow!(
                "--deny {code}: no such rule\nhelp: rules are {}",
                codes.join(", ")
            )));
        }
    }
    let mut config = load::config(&options.root)?.map_err(Fatal::Config)?;
    if let Some(base_url) = &options.base_url {
        config.base_url = base_url.clone();
    }
    let today = today(options.today)?;
    let out = output_dir(options, &config);
    let mut loaded = load::site(&options.root, &config, &out)?;
    let owners = Registry::parse(loaded.owners_text.as_deref()).map_err(Fatal::Config)?;
    let kinds = config.kinds();
    let mut diagnostics = std::mem::take(&mut loaded.diagnostics);
    let files = std::mem::take(&mut loaded.pages);
    let (mut pages, drafts): (Vec<_>, Vec<_>) = parse::pages(
        files,
        parse::ParseContext {
            config: &config,
            kinds: &kinds,
            owners: &owners,
            today,
        },
        &mut diagnostics,
    )
    .into_iter()
    .partition(|p| options.drafts || p.front.status != frontmatter::Status::Draft);
    let index_entries: Vec<(String, String)> = pages
        .iter()
        .map(|p| (p.rel.clone(), p.url.clone()))
        .collect();
    let mut index = LinkIndex::new(&index_entries, &loaded.content_assets);
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
    index.add_unpublished(drafts.into_iter().map(|p| p.rel));
    let markdown_options = markdown::RenderOptions {
        allow_html: config.markdown.allow_html,
        highlight: config.markdown.highlight,
    };
    parse::render_markdown(
        &mut pages,
        &index,
        markdown_options,
        options.search,
        &mut diagnostics,
    );
    validate::anchors(&pages, &mut diagnostics);
    validate::duplicate_urls(&pages, &mut diagnostics);
    validate::page_references(&pages, &index, &mut diagnostics);
    let history = std::mem::take(&mut loaded.history);
    for page in &mut pages {
        page.last_changed = history.last_changed.get(&page.rel).copied();
    }
    let content_assets = std::mem::take(&mut loaded.content_assets);
    let graph = graph::Graph::build(&pages, &index);
    let mut site = Site::assemble(config, kinds, owners, today, pages, content_assets);
    site.graph = graph;
    site.repo_prefix = history.prefix;
    validate::generated_url_clashes(&site, &mut diagnostics);
    validate::aliases(&site, &mut diagnostics);
    diag::apply_levels(&mut diagnostics, &site.config.rules, &options.deny);
    diag::sort(&mut diagnostics);
    Ok((site, diagnostics, loaded))
}

/// `opsbook check`: every validation of the build, nothing written.
pub fn check(options: &SiteOptions) -> Result<Report, Fatal> {
    let (site, diagnostics, _) = load_site(options)?;
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
        search: true,
        ..options.clone()
    };
    let (site, diagnostics, loaded) = load_site(options)?;
    let out = output_dir(options, &site.config);
    // Refuse early, before any work, to replace a folder that is not ours.
    output::check_target(&out)?;
    if diag::has_errors(&diagnostics) {
        return Ok(Report {
            diagnostics,
            pages: site.pages.len(),
            written: None,
        });
    }
    let rendered = render_loaded(&site, &loaded, &render::RenderOptions::default())?;
    output::write(&out, &rendered)?;
    Ok(Report {
        diagnostics,
        pages: site.pages.len(),
        written: Some(out),
    })
}

/// The build without the write (`opsbook serve`): validates and renders the site into memory.
/// The output is `None` when an error was found, as `build` would then write nothing.
pub fn render_in_memory(
    options: &SiteOptions,
    render_options: &render::RenderOptions,
) -> Result<(Report, Option<render::Output>), Fatal> {
    let options = &SiteOptions {
        search: true,
        ..options.clone()
    };
    let (site, diagnostics, loaded) = load_site(options)?;
    let rendered = if diag::has_errors(&diagnostics) {
        None
    } else {
        Some(render_loaded(&site, &loaded, render_options)?)
    };
    let report = Report {
        diagnostics,
        pages: site.pages.len(),
        written: None,
    };
    Ok((report, rendered))
}

/// Renders a loaded site: the theme with the site's templates, then the site's `static/`
/// files over the theme's. Shared by `build` and `serve`, so they never differ.
fn render_loaded(
    site: &Site,
    loaded: &load::Loaded,
    render_options: &render::RenderOptions,
) -> anyhow::Result<render::Output> {
    let tera = theme::templates(&loaded.templates)?;
    let mut rendered = render::site(site, &tera, render_options)?;
    add_static_overrides(&mut rendered, &loaded.static_assets);
    Ok(rendered)
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
