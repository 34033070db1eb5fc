//! The parse stage: each Markdown file becomes a [`Page`] (front matter read, kind and review
//! state decided), then every page's Markdown is rendered against the site's link index.
//! Pages are independent here, so both steps run in parallel.

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::{Config, Kind};
use crate::diag::Diagnostic;
use crate::frontmatter::{self, FrontMatter, Status};
use crate::load::SourceFile;
use crate::markdown::{self, RenderOptions};
use crate::review;
use crate::site::{LinkIndex, Page};
use crate::url;

/// Reads the front matter of every file into pages.
pub fn pages(
    files: Vec<SourceFile>,
    config: &Config,
    kinds: &[Kind],
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Page> {
    let results: Vec<(Option<Page>, Vec<Diagnostic>)> = files
        .into_par_iter()
        .map(|file| {
            let mut found = Vec::new();
            let page = page(file, config, kinds, today, &mut found);
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

fn page(
    file: SourceFile,
    config: &Config,
    kinds: &[Kind],
    today: Date,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Page> {
    let split = match frontmatter::split(&file.text, &file.source) {
        Ok(split) => split,
        Err(d) => {
            diagnostics.push(*d);
            return None;
        }
    };
    let body_offset = split.body_offset;
    let front = match split.yaml {
        Some(yaml) => frontmatter::parse(
            yaml,
            &file.text,
            &file.source,
            split.yaml_line_offset,
            diagnostics,
        ),
        None => FrontMatter {
            search: true,
            ..FrontMatter::default()
        },
    };
    let kind = match &front.kind {
        Some(k) => match kinds.iter().position(|kind| kind.id == k.value) {
            Some(i) => Some(i),
            None => {
                let ids: Vec<&str> = kinds.iter().map(|k| k.id).collect();
                let help = match frontmatter::did_you_mean(&k.value, ids.iter().copied()) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known kinds are: {}", ids.join(", ")),
                };
                diagnostics.push(
                    Diagnostic::error(
                        "unknown-kind",
                        &file.source,
                        format!("unknown kind \"{}\"", k.value),
                    )
                    .at_line_col(&file.text, k.line, 1, 4)
                    .with_help(help),
                );
                None
            }
        },
        None => {
            let top = file.rel.split('/').next().unwrap_or("");
            kinds
                .iter()
                .position(|k| k.folder == top && file.rel.contains('/'))
        }
    };
    let interval = match &front.review_every {
        Some(every) => match review::parse_interval(&every.value) {
            Ok(span) => Some(span),
            Err(e) => {
                let column = file
                    .text
                    .split('\n')
                    .nth(every.line as usize - 1)
                    .and_then(|l| l.find(every.value.as_str()))
                    .map_or(1, |c| c as u32 + 1);
                diagnostics.push(
                    Diagnostic::error(
                        "invalid-interval",
                        &file.source,
                        format!("cannot read the review interval \"{}\": {e}", every.value),
                    )
                    .at_line_col(
                        &file.text,
                        every.line,
                        column,
                        every.value.chars().count() as u32,
                    )
                    .with_help("write it as 90d, 12w, 6 months or 1 year"),
                );
                None
            }
        },
        None => kind
            .map(|k| kinds[k].default_interval)
            .filter(|i| !i.is_empty())
            .and_then(|i| review::parse_interval(i).ok()),
    };
    let reviewed = kind.is_some_and(|k| kinds[k].reviewed) && front.status != Status::Archived;
    let review = review::assess(
        front.last_reviewed.as_ref().map(|d| d.value),
        interval,
        front.review_due.as_ref().map(|d| d.value),
        reviewed,
        today,
        config.review.due_soon_days,
    );
    let file_name = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    let is_index = matches!(
        file_name,
        "_index.md" | "index.md" | "_index.markdown" | "index.markdown"
    );
    Some(Page {
        url: url::page_url(&file.rel),
        title: front.title.clone().unwrap_or_default(),
        rel: file.rel,
        source: file.source,
        text: file.text,
        body_offset,
        front,
        kind,
        is_index,
        review,
        rendered: markdown::Rendered::default(),
    })
}

/// Renders every page's Markdown; pages without a title take their first H1, else their
/// file name.
pub fn render_markdown(
    pages: &mut [Page],
    index: &LinkIndex,
    options: RenderOptions,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let found: Vec<Vec<Diagnostic>> = pages
        .par_iter_mut()
        .map(|page| {
            let mut found = Vec::new();
            let source = markdown::PageSource {
                file_text: &page.text,
                body_offset: page.body_offset,
                rel: &page.rel,
                source: &page.source,
                title: page.front.title.as_deref(),
            };
            page.rendered = markdown::render(source, index, options, &mut found);
            if page.title.trim().is_empty() {
                page.title = match &page.rendered.first_h1 {
                    Some(h1) if !h1.trim().is_empty() => h1.trim().to_string(),
                    _ => title_from_file_name(&page.rel),
                };
            }
            found
        })
        .collect();
    diagnostics.extend(found.into_iter().flatten());
}

/// `processes/incident-response.md` → "Incident response"; an index page takes its folder's
/// name, and the home page "Home".
fn title_from_file_name(rel: &str) -> String {
    let mut parts: Vec<&str> = rel.split('/').collect();
    let file = parts.pop().unwrap_or(rel);
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let name = if matches!(stem, "_index" | "index") {
        parts.pop().unwrap_or("Home")
    } else {
        stem
    };
    crate::site::humanize(name)
}
