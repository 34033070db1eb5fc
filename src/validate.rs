//! Checks that need every page at once: `#anchor`s of internal links, duplicate URLs, and
//! references between pages. Each problem becomes a diagnostic at its `file:line:col`.

use std::collections::{HashMap, HashSet};

use crate::diag::Diagnostic;
use crate::frontmatter::did_you_mean;
use crate::site::Page;

/// Reports links whose `#anchor` is not on the target page.
pub fn anchors(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    anchors_of(pages, 0..pages.len(), diagnostics);
}

/// [`anchors`] for the links of pages `only` (indexes into `pages`), after an edit to them.
pub fn anchors_of(
    pages: &[Page],
    only: impl IntoIterator<Item = usize>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Which page has each heading id, when one page alone has it (`None` for ids on more):
    // made at the first broken anchor, to say where a heading went when a page was split.
    let mut heading_pages: Option<HashMap<&str, Option<usize>>> = None;
    for page in only.into_iter().map(|p| &pages[p]) {
        // The help for each missing anchor of each target, worked out once: it compares the
        // anchor with every id of the target, and a page can link to the same missing
        // heading many times.
        let mut helps: HashMap<(usize, &str), String> = HashMap::new();
        for link in &page.rendered.links {
            let Some(anchor) = link.anchor.as_deref() else {
                continue;
            };
            // `#` and `#top` always work in browsers.
            if anchor.is_empty() || anchor == "top" {
                continue;
            }
            let target = if link.target == usize::MAX {
                page
            } else {
                &pages[link.target]
            };
            if target.rendered.anchors.contains(anchor) {
                continue;
            }
            let on = if link.target == usize::MAX {
                "this page".to_string()
            } else {
                format!("`{}`", target.source)
            };
            let help = helps.entry((link.target, anchor)).or_insert_with(|| {
                let mut ids: Vec<&str> =
                    target.rendered.anchors.iter().map(String::as_str).collect();
                ids.sort_unstable();
                // The page's own heading first (its `# H1`'s id), then its contents'; those
                // with the anchor's words in them before the rest (`#mapping` for
                // `#mapping-old-to-new`, which was past the eighth and not shown).
                let dashed = format!("-{anchor}");
                let has_words = |id: &str| id.starts_with(anchor) || id.contains(&dashed);
                let mut headings: Vec<&str> = (target.rendered.title_id.iter())
                    .chain(target.rendered.toc.iter().map(|t| &t.id))
                    .map(String::as_str)
                    .collect();
                headings.sort_by_key(|id| !has_words(id));
                let with_words = headings.iter().filter(|id| has_words(id)).count();
                let shown: Vec<String> =
                    headings.iter().take(8).map(|id| format!("#{id}")).collect();
                let more = match headings.len().saturating_sub(shown.len()) {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                let mut elsewhere = || {
                    let index = heading_pages.get_or_insert_with(|| {
                        let mut index: HashMap<&str, Option<usize>> = HashMap::new();
                        for (p, other) in pages.iter().enumerate() {
                            for entry in &other.rendered.toc {
                                index
                                    .entry(entry.id.as_str())
                                    .and_modify(|only| *only = None)
                                    .or_insert(Some(p));
                            }
                        }
                        index
                    });
                    index.get(anchor).copied().flatten()
                };
                match did_you_mean(anchor, ids.iter().copied()) {
                    Some(s) => format!("did you mean `#{s}`?"),
                    None if with_words == 1 => format!("did you mean `#{}`?", headings[0]),
                    None if let Some(other) = elsewhere() => format!(
                        "the heading `#{anchor}` is on `{}`: link it there",
                        pages[other].source
                    ),
                    None if headings.is_empty() => format!("{on} has no headings to link to"),
                    None => format!("headings on {on}: {}{more}", shown.join(", ")),
                }
            });
            let diagnostic = Diagnostic::error(
                "broken-anchor",
                &page.source,
                format!("no heading `#{anchor}` on {on}"),
            );
            diagnostics.push(
                match &link.spot {
                    Some(spot) => diagnostic.at_spot(spot),
                    None => diagnostic.at_offset(&page.text, link.offset, link.len),
                }
                .with_help(help.clone()),
            );
        }
    }
}

/// Reports links to an anchor of a page the build makes (an owner's, the reviews, a listing)
/// that the page, as rendered, has no id for: `ids` are each such page's, by URL (one not
/// rendered is another check's). Every `#anchor` is checked, these too: a link to
/// `/reviews/#overdue` went nowhere without a word.
pub fn generated_anchors(
    pages: &[Page],
    ids: &HashMap<String, std::collections::HashSet<String>>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // The theme's own furniture, which no link means.
    const CHROME: &[&str] = &[
        "main",
        "nav-toggle",
        "sidebar",
        "site-search",
        "site-search-form",
        "site-search-input",
    ];
    for page in pages {
        for link in &page.rendered.generated_anchors {
            let Some(found) = ids.get(&link.url) else {
                continue;
            };
            if found.contains(&link.anchor) {
                continue;
            }
            let mut listed: Vec<&str> = found
                .iter()
                .map(String::as_str)
                .filter(|id| !CHROME.contains(id))
                .collect();
            listed.sort_unstable();
            let help = match did_you_mean(&link.anchor, listed.iter().copied()) {
                Some(s) => format!("did you mean `#{s}`?"),
                None if listed.is_empty() => format!("`{}` has no ids to link to", link.url),
                None => format!(
                    "ids on `{}`: {}",
                    link.url,
                    listed
                        .iter()
                        .take(8)
                        .map(|id| format!("#{id}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let diagnostic = Diagnostic::error(
                "broken-anchor",
                &page.source,
                format!(
                    "no id `#{}` on `{}`, a page the build makes",
                    link.anchor, link.url
                ),
            );
            diagnostics.push(
                match &link.spot {
                    Some(spot) => diagnostic.at_spot(spot),
                    None => diagnostic.at_offset(&page.text, link.offset, link.len),
                }
                .with_help(help),
            );
        }
    }
}

/// Reports pages published at the same URL (for example `a.md` and `a/_index.md`).
pub fn duplicate_urls(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, &Page> = HashMap::new();
    for page in pages {
        if let Some(other) = first.insert(&page.url, page) {
            first.insert(&other.url, other);
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    &page.source,
                    format!(
                        "this page and `{}` are both published at `{}`",
                        other.source, page.url
                    ),
                )
                .with_help("rename or move one of the files"),
            );
        }
    }
}

/// Reports pages published where opsbook writes a generated listing (a section, kind, owner
/// or tag page), which would otherwise overwrite one another.
pub fn generated_url_clashes(site: &crate::site::Site, diagnostics: &mut Vec<Diagnostic>) {
    // Sections with their own `_index.md` are that page's URL: a clash with them is a
    // duplicate page URL, reported by `duplicate_urls`.
    let generated: HashMap<&str, &str> = site
        .listings
        .iter()
        .filter(|l| l.content_page.is_none())
        .map(|l| (l.url.as_str(), l.title.as_str()))
        .chain([
            ("/", "the home page"),
            ("/reviews/", "the review dashboard"),
            ("/search/", "the search page"),
        ])
        .collect();
    // A folder's `_index.md` is its section's page, but a generated page at its URL (the
    // owners' directory for `owners/_index.md`) is written over it; the home page's
    // `_index.md` is the one a generated page is made from.
    for page in site.pages.iter().filter(|p| !(p.is_index && p.url == "/")) {
        if let Some(title) = generated.get(page.url.as_str()) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    &page.source,
                    format!(
                        "this page would be published at `{}`, where opsbook writes “{title}”",
                        page.url
                    ),
                )
                .with_help(if page.is_index {
                    "rename the folder: opsbook makes this page itself"
                } else {
                    "rename the file: opsbook makes the page at this address itself"
                }),
            );
        }
    }
    generated_page_clashes(site, diagnostics);
    let reserved = format!("/{}/", crate::render::SERVE_RESERVED);
    for page in site.pages.iter().filter(|p| p.url.starts_with(&reserved)) {
        diagnostics.push(
            Diagnostic::error(
                "duplicate-url",
                &page.source,
                format!(
                    "this page would be published under `{reserved}`, which `opsbook serve` keeps for itself"
                ),
            )
            .with_help("rename the folder"),
        );
    }
    // Inside another page's file too: `content/index.html/p.md` is in the home page's.
    let taken = page_files(site);
    for page in &site.pages {
        if let Some((folder, what)) =
            inside_a_written_file(site, &crate::render::index_file(&page.url), &taken)
        {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    &page.source,
                    format!(
                        "this page would be published inside `{folder}`, which opsbook writes as a file ({what})"
                    ),
                )
                .with_help("rename the file or folder"),
            );
        }
    }
}

/// What opsbook writes at output path `file` besides pages, listings and aliases (which
/// `taken` holds, by file), if anything: a page or an alias published there would overwrite it
/// or be overwritten.
fn written_file<'a>(
    site: &crate::site::Site,
    file: &str,
    taken: &'a HashMap<String, String>,
) -> Option<std::borrow::Cow<'a, str>> {
    let fixed = match file {
        "404.html" => "the “not found” page",
        "pages.json" => "the list of pages",
        "sitemap.xml" => "the sitemap",
        crate::output::MARKER => "the mark of opsbook's output",
        crate::render::NO_JEKYLL => "the file that turns GitHub Pages' Jekyll off",
        f if f.starts_with("sitemap-") && f.ends_with(".xml") => "a part of the sitemap",
        f if crate::search::is_index_file(f) => "a file of the search index",
        "assets/syntax.css" => "the code highlighting's colours",
        crate::render::I18N_SCRIPT => "the theme's words for its scripts",
        f if f.starts_with("assets/nav/") => "a part of the sidebar",
        f if f.ends_with(".xml")
            && (crate::releases::feed_urls(site).iter())
                .any(|u| u.trim_start_matches('/') == f) =>
        {
            "the feed of release notes"
        }
        f => return taken.get(f).map(|owner| owner.as_str().into()),
    };
    Some(fixed.into())
}

/// The first folder of output path `file` that opsbook writes as a file (`sitemap.xml` for
/// `sitemap.xml/index.html`), with what it is: nothing can be published there.
fn inside_a_written_file(
    site: &crate::site::Site,
    file: &str,
    taken: &HashMap<String, String>,
) -> Option<(String, String)> {
    let mut folder = String::new();
    let mut parts = file.split('/').peekable();
    while let Some(part) = parts.next() {
        if parts.peek().is_none() {
            break;
        }
        if !folder.is_empty() {
            folder.push('/');
        }
        folder.push_str(part);
        if let Some(what) = written_file(site, &folder, taken) {
            return Some((folder, what.into_owned()));
        }
        // Replaced or not by `static/`, the theme's files are files.
        if crate::theme::is_static_file(&folder) {
            return Some((folder, "a file of the theme".to_string()));
        }
    }
    None
}

/// Reports pages and folders published where opsbook writes What's new (`/whats-new/` and
/// its product pages), the tech-stack catalog or the release feed, when those exist.
fn generated_page_clashes(site: &crate::site::Site, diagnostics: &mut Vec<Diagnostic>) {
    let generated: Vec<(String, String)> = crate::releases::generated_pages(site)
        .into_iter()
        .chain(crate::catalog::generated_pages(site))
        .collect();
    for (url, title) in &generated {
        // A page there (a section's own page included), else a folder listed there.
        let (page, what) = match site.pages.iter().find(|p| &p.url == url) {
            Some(page) => (page, "this page"),
            None => match site
                .listings
                .iter()
                .find(|l| &l.url == url)
                .and_then(|l| l.pages.first())
            {
                Some(&p) => (&site.pages[p], "this page's folder"),
                None => continue,
            },
        };
        diagnostics.push(
            Diagnostic::error(
                "duplicate-url",
                &page.source,
                format!("{what} would be published at `{url}`, where opsbook writes “{title}”"),
            )
            .with_help("rename the file or folder"),
        );
    }
    // A file where the feed is written is `file_clashes`'s to report.
}

/// Reports files beside the pages (images, attachments) whose paths differ but are published
/// at the same place (`Team Docs/x.png` and `team-docs/x.png` are both `/team-docs/x.png`, as
/// folders take their pages' URLs): one would silently replace the other.
pub fn asset_clashes(site: &crate::site::Site, diagnostics: &mut Vec<Diagnostic>) {
    let content_dir = site.config.content_dir.trim_end_matches('/');
    let mut first: HashMap<String, &str> = HashMap::new();
    for asset in &site.content_assets {
        let url = format!("/{}", crate::url::asset_path(&asset.rel));
        match first.get(&url) {
            Some(other) => diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    site.config.source_path(&asset.rel),
                    format!("this file and `{content_dir}/{other}` are both published at `{url}`"),
                )
                .with_help(
                    "rename or move one of them: folders are published as their pages are, their names lowercased with `-` for spaces",
                ),
            ),
            None => {
                first.insert(url, &asset.rel);
            }
        }
    }
}

/// Reports folders of the content folder whose names differ only in case (`people/Team/` and
/// `people/team/`, after a rename on Linux): on macOS and Windows, whose file names ignore
/// case, they are one folder, which git cannot check out as two, and their pages were one
/// section without a word.
pub fn folder_case_clashes(site: &crate::site::Site, diagnostics: &mut Vec<Diagnostic>) {
    let content_dir = site.config.content_dir.trim_end_matches('/');
    let mut first: HashMap<String, &str> = HashMap::new();
    let mut reported: HashSet<String> = HashSet::new();
    let files = (site.pages.iter().map(|p| p.rel.as_str()))
        .chain(site.content_assets.iter().map(|a| a.rel.as_str()));
    for rel in files {
        for (at, _) in rel.match_indices('/') {
            let folder = &rel[..at];
            let folded = folder.to_lowercase();
            match first.get(&folded) {
                Some(other) if *other != folder => {
                    if reported.insert(folded) {
                        diagnostics.push(
                            Diagnostic::error(
                                "duplicate-url",
                                site.config.source_path(rel),
                                format!(
                                    "the folders `{content_dir}/{folder}` and `{content_dir}/{other}` differ only in case: on macOS and Windows, whose file names ignore case, they are one folder (git cannot check out both), and they are published as one"
                                ),
                            )
                            .with_help("move the files of one into the other (`git mv`), under one spelling"),
                        );
                    }
                }
                Some(_) => {}
                None => {
                    first.insert(folded, folder);
                }
            }
        }
    }
}

/// Reports release notes giving a product's version another note of it gives (`2.0.0`,
/// `v2.0.0`): one of them is most likely a copy not yet renumbered, and What's new showed the
/// version twice (crates.io and npm refuse a version published twice).
pub fn release_versions(site: &crate::site::Site, diagnostics: &mut Vec<Diagnostic>) {
    let releases = crate::releases::collect(site);
    let mut in_order: Vec<&crate::releases::Release> = releases.all.iter().collect();
    in_order.sort_by(|a, b| a.source.cmp(&b.source));
    let mut first: HashMap<(String, String), &str> = HashMap::new();
    for release in in_order {
        let version = release.version_text.trim();
        if version.is_empty() {
            continue;
        }
        // Notes naming no product are of one only when they share a folder: two apps' notes
        // that do not say which (`releases/api/`, `releases/mobile/`) may share a number.
        let product = match &release.product {
            Some(name) => name.clone(),
            None => format!("/{}", crate::url::parent_dir(&release.source)),
        };
        let same = version.trim_start_matches(['v', 'V']).to_lowercase();
        let Some(other) = first.get(&(product.clone(), same.clone())) else {
            first.insert((product, same), &release.source);
            continue;
        };
        let page = &site.pages[release.page];
        let of = match &release.product {
            Some(name) => format!(" of {name}"),
            None => String::new(),
        };
        let mut d = Diagnostic::warning(
            "duplicate-version",
            &page.source,
            format!("`{other}` is version {version}{of} too"),
        )
        .with_help("give this note the version it is about, or make the two notes one");
        let line = page
            .extra
            .iter()
            .find(|f| f.key == "version")
            .and_then(|f| f.values.first())
            .map_or(0, |v| v.line);
        if line > 0 {
            let fields = crate::frontmatter::Fields::for_file(&page.text, &page.source);
            let (column, width) = fields.value_column(line);
            d = d.at_line_col(&page.text, line, column, width);
        }
        diagnostics.push(d);
    }
}

/// Reports, on a site that shows raw HTML as text (`markdown.allow_html: false`, for pages
/// anyone may write), the files beside its pages that run script when opened, as pages of
/// the site's own address: HTML documents, and SVG images holding script. The setting kept
/// `<script>` out of the pages while `evil.html` beside them ran it. `static/` is the
/// site's theme, its maintainers' to change, and is not looked at.
pub fn script_files(site: &crate::site::Site, diagnostics: &mut Vec<Diagnostic>) {
    if site.config.markdown.allow_html {
        return;
    }
    for asset in &site.content_assets {
        let lower = asset.rel.to_ascii_lowercase();
        let document = [
            ".html", ".htm", ".xhtml", ".xht", ".xhtm", ".shtml", ".shtm", ".mhtml", ".mht",
        ]
        .iter()
        .any(|x| lower.ends_with(x));
        if !(document || asset.scripted) {
            continue;
        }
        diagnostics.push(
            Diagnostic::error(
                "unsafe-file",
                site.config.source_path(&asset.rel),
                if document {
                    "this HTML file would run its scripts in readers' browsers, on the site's address, where `allow_html: false` keeps raw HTML out of the pages"
                } else if lower.ends_with(".svg") || lower.ends_with(".svgz") {
                    "this SVG image holds script (or what can make one), which runs when it is opened on the site's address, where `allow_html: false` keeps raw HTML out of the pages"
                } else {
                    "this file is markup holding script, XHTML or a stylesheet, which can run when it is opened on the site's address, where `allow_html: false` keeps raw HTML out of the pages"
                },
            )
            .with_help(if document {
                "write it as a Markdown page, or ask the site's maintainers to put it in `static/`"
            } else {
                "take the script out of the image (export it again as a plain SVG), or use a PNG"
            }),
        );
    }
}

/// The longest name of a file or folder that file systems take (ext4, APFS, NTFS: 255).
const MAX_NAME_BYTES: usize = 255;

/// The first name along output path `path` longer than [`MAX_NAME_BYTES`]: the build could
/// not write it, after `check` had passed.
fn overlong_name(path: &str) -> Option<&str> {
    path.split('/').find(|name| name.len() > MAX_NAME_BYTES)
}

/// Reports tags, and owners not in `owners.yaml`, whose names differ but make the same URL
/// (`C++` and `C#` are both `/tags/c/`): their pages would be listed together under one name;
/// and those whose page would need a folder name longer than a file system takes.
pub fn label_clashes(site: &crate::site::Site, diagnostics: &mut Vec<Diagnostic>) {
    for (what, urls) in [("tag", &site.tag_urls), ("owner", &site.owner_urls)] {
        let mut first: HashMap<&str, &str> = HashMap::new();
        for (name, url) in urls {
            // An owner missing from a site's owners.yaml is an error of its own already, which
            // stops the build (`“team-sre”`, with curly quotes, was at `team-sre`'s address
            // too): the clash is the same mistake told twice.
            let unknown_is_error = site
                .config
                .rules
                .get("unknown-owner")
                .is_none_or(|level| *level == crate::config::RuleLevel::Error);
            if what == "owner"
                && unknown_is_error
                && !site.owners.owners.is_empty()
                && !site.owners.owners.contains_key(name)
            {
                continue;
            }
            let clash = first.insert(url, name);
            let overlong = overlong_name(url);
            if clash.is_none() && overlong.is_none() {
                continue;
            }
            let uses = |page: &&Page| match what {
                "tag" => page.front.tags.iter().any(|t| t == name),
                _ => page.front.owners.iter().any(|o| &o.value == name),
            };
            // Where it is written: a page that names it, else (an owner no page names yet, as
            // `_bot` beside `bot`, whose page silently replaced the other's) owners.yaml.
            let page = site.pages.iter().find(uses);
            let source = match page {
                Some(page) => page.source.as_str(),
                None if what == "owner" => crate::owners::OWNERS_FILE,
                None => continue,
            };
            let d = match (clash, overlong) {
                (Some(other), _) => {
                    first.insert(url, other);
                    Diagnostic::error(
                        "duplicate-url",
                        source,
                        format!("{what} \"{name}\" and {what} \"{other}\" are both published at `{url}`"),
                    )
                    .with_help("use one name for both, or names that differ in their letters or digits")
                }
                (None, Some(long)) => Diagnostic::error(
                    "invalid-value",
                    source,
                    format!(
                        "{what} \"{name}\" is too long to publish: its page's folder name would be {} bytes, and file systems take at most {MAX_NAME_BYTES}",
                        long.len()
                    ),
                )
                .with_help(format!("shorten the {what}")),
                (None, None) => continue,
            };
            let Some(page) = page else {
                diagnostics.push(d);
                continue;
            };
            // Where the page writes it (front matter keys as written; a list on one line or
            // several).
            let key = if what == "tag" { "tags" } else { "owner" };
            let front = &page.text[..page.body_offset];
            let place = crate::yaml::find_value(front, key, name)
                .or_else(|| crate::yaml::find_value(front, "owners", name));
            diagnostics.push(match place {
                Some((line, column)) => {
                    d.at_line_col(&page.text, line, column, name.chars().count() as u32)
                }
                None => d,
            });
        }
    }
}

/// Reports front-matter page references (`tools`, `templates`, `related`, and kind fields of
/// type `page`/`pages`) that name no published page.
pub fn page_references(
    pages: &[Page],
    kinds: &[crate::config::Kind],
    index: &crate::site::LinkIndex,
    diagnostics: &mut Vec<Diagnostic>,
) {
    use crate::config::FieldType;
    for page in pages {
        let fields = crate::frontmatter::Fields::for_file(&page.text, &page.source);
        let front = &page.front;
        let kind_refs = page
            .extra
            .iter()
            .filter(|f| matches!(f.field_type, FieldType::Page | FieldType::Pages))
            .map(|f| (f.key.as_str(), &f.values));
        let references = [
            ("tools", &front.tools),
            ("templates", &front.templates),
            ("related", &front.related),
        ]
        .into_iter()
        .chain(kind_refs);
        for (key, values) in references {
            for reference in values.iter() {
                if let Some(target) = index.page_by_reference(&reference.value) {
                    if let Some(d) =
                        of_another_kind(key, &reference.value, &page.source, &pages[target], kinds)
                    {
                        let (line, column, width) =
                            fields.item_position(reference.line, &reference.value);
                        diagnostics.push(d.at_line_col(&page.text, line, column, width));
                    }
                    continue;
                }
                let target = reference.value.trim_matches('/').trim_end_matches(".md");
                let (message, help) = if index.is_unpublished(target) {
                    (
                        format!(
                            "`{key}` names \"{}\", a draft that is not published",
                            reference.value
                        ),
                        "publish that page, or remove the reference".to_string(),
                    )
                } else {
                    let candidates: Vec<&str> = index
                        .page_paths()
                        .map(|p| p.trim_end_matches(".md").trim_end_matches("/_index"))
                        .collect();
                    let help = match did_you_mean(target, candidates.iter().copied()) {
                        Some(s) => format!("did you mean \"{s}\"?"),
                        // Its title, alias or file name (`Vendor onboarding`), or where a page
                        // of its file name went (`processes/people/x` now `tools/x`).
                        None if let Some(meant) = index.page_meant_by(&page.rel, target) => {
                            format!(
                                "did you mean \"{meant}\"? A reference names a page by its path under the content folder without .md"
                            )
                        }
                        None => {
                            // An example from this site: from the folder the key is named
                            // after (`tools: [tools/…]`), else from the page's own folder.
                            let folder = crate::url::parent_dir(&page.rel);
                            let example = candidates
                                .iter()
                                .find(|c| c.starts_with(&format!("{key}/")))
                                .or_else(|| {
                                    candidates
                                        .iter()
                                        .find(|c| c.starts_with(&format!("{folder}/")))
                                })
                                .or_else(|| candidates.iter().find(|c| !c.is_empty()));
                            // The content folder as the site names it (`docs/` …).
                            let content = page
                                .source
                                .strip_suffix(page.rel.as_str())
                                .unwrap_or("content/");
                            match example {
                                Some(e) => format!(
                                    "name a page by its path under {content} without .md, as in \"{e}\""
                                ),
                                None => {
                                    format!("name a page by its path under {content} without .md")
                                }
                            }
                        }
                    };
                    (
                        format!("`{key}` names \"{}\", which is not a page", reference.value),
                        help,
                    )
                };
                let (line, column, width) = fields.item_position(reference.line, &reference.value);
                diagnostics.push(
                    Diagnostic::error("unknown-page", &page.source, message)
                        .at_line_col(&page.text, line, column, width)
                        .with_help(help),
                );
            }
        }
    }
}

/// A warning when `tools:` or `templates:` names a page of another kind than its name says
/// (a template moved to `processes/` is a process, and was listed as a template, with a
/// "Used by" box, on every page naming it). `None` when the kind is right, or the site has no
/// such kind.
fn of_another_kind(
    key: &str,
    reference: &str,
    source: &str,
    target: &Page,
    kinds: &[crate::config::Kind],
) -> Option<Diagnostic> {
    let wanted = match key {
        "tools" => "tool",
        "templates" => "template",
        _ => return None,
    };
    let wanted = kinds.iter().find(|k| k.id == wanted)?;
    let actual = target.kind.and_then(|k| kinds.get(k));
    if actual.is_some_and(|k| k.id == wanted.id) {
        return None;
    }
    let is = actual.map_or_else(
        || "a page of no kind".to_string(),
        |k| format!("a {}", k.title.to_lowercase()),
    );
    Some(
        Diagnostic::warning(
            "wrong-kind",
            source,
            format!(
                "`{key}` names \"{reference}\", which is {is}, not a {}",
                wanted.title.to_lowercase()
            ),
        )
        .with_help(format!(
            "name it under `related`, or make it a {} again (`kind: {}`, or its folder)",
            wanted.title.to_lowercase(),
            wanted.id
        )),
    )
}

/// The output file of each page, listing and generated page, with what it is (for messages).
fn page_files(site: &crate::site::Site) -> HashMap<String, String> {
    use crate::render::index_file;
    site.pages
        .iter()
        .map(|p| (index_file(&p.url), format!("`{}`", p.source)))
        .chain(
            site.listings
                .iter()
                .map(|l| (index_file(&l.url), format!("“{}”", l.title))),
        )
        .chain(
            crate::releases::generated_pages(site)
                .into_iter()
                .chain(crate::catalog::generated_pages(site))
                .chain([
                    ("/".to_string(), "the home page".to_string()),
                    ("/reviews/".to_string(), "the review dashboard".to_string()),
                    ("/search/".to_string(), "the search page".to_string()),
                ])
                .map(|(url, title)| (index_file(&url), format!("“{title}”"))),
        )
        .collect()
}

/// Reports files of `static/`, and files beside the pages, published where opsbook writes a
/// file of its own (`pages.json`, the sitemap, the search index, a page's or a listing's
/// `index.html`): one silently replaced the other, `pages.json` (a stable interface) among
/// them. Theme files (`assets/opsbook.css`) are `static/`'s to replace, on purpose.
pub fn file_clashes(
    site: &crate::site::Site,
    static_assets: &[crate::load::Asset],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let taken = page_files(site);
    let content_dir = site.config.content_dir.trim_end_matches('/');
    let files = site
        .content_assets
        .iter()
        .map(|a| {
            (
                crate::url::asset_path(&a.rel),
                site.config.source_path(&a.rel),
            )
        })
        .chain(
            static_assets
                .iter()
                .map(|a| (a.rel.clone(), format!("static/{}", a.rel))),
        );
    // A file of the content folder at a theme file's path replaced it unannounced (a folder
    // of images called `assets/` is common); replacing the theme is `static/`'s to do.
    let theme: HashSet<String> = crate::theme::static_files()
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    for asset in &site.content_assets {
        let file = crate::url::asset_path(&asset.rel);
        if theme.contains(&file) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    site.config.source_path(&asset.rel),
                    format!("this file would replace the theme's `/{file}`"),
                )
                .with_help("rename or move it; to replace the theme's file on purpose, put yours in `static/` at the same path"),
            );
        }
    }
    // A file of `static/` where a file of the content folder is published: one of the two
    // was silently lost.
    let content_files: HashMap<String, &str> = site
        .content_assets
        .iter()
        .map(|a| (crate::url::asset_path(&a.rel), a.rel.as_str()))
        .collect();
    for asset in static_assets {
        if let Some(other) = content_files.get(&asset.rel) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    format!("static/{}", asset.rel),
                    format!(
                        "this file and `{content_dir}/{other}` are both published at `/{}`",
                        asset.rel
                    ),
                )
                .with_help("rename or remove one of them"),
            );
        }
    }
    let files: Vec<(String, String)> = files.collect();
    // A file where a page, a listing or another file has its folder (`processes/notes`
    // beside `processes/notes.md`, whose page is `processes/notes/index.html`): the build
    // cannot write both, and failed with a bare I/O error after `check` had passed.
    // Aliases' redirect pages and the theme's files have folders too (`incidents/` for
    // `/incidents/communication/`, `assets/`). Sorted, so that the same owner is named each
    // run.
    let aliases: Vec<(String, String)> = site
        .pages
        .iter()
        .flat_map(|p| {
            p.front
                .aliases
                .iter()
                .filter(|a| !crate::render::alias_is_name(&a.value))
                .filter_map(|a| crate::render::alias_file(&a.value))
                .map(|file| (file, format!("`{}` (an alias)", p.source)))
        })
        .collect();
    // And the folders opsbook writes its own files in (a file `static/assets/nav` failed
    // the build with "Is a directory").
    let theme_files: Vec<(String, String)> = theme
        .iter()
        .map(|file| (file.clone(), "“the theme's files”".to_string()))
        .chain([(
            "assets/nav/x.html".to_string(),
            "“the sidebar's files”".to_string(),
        )])
        .chain(
            ["chunks", "doc", "facets", "phrases", "titles", "words"].map(|folder| {
                (
                    format!("search/{folder}/x"),
                    "“the search index”".to_string(),
                )
            }),
        )
        .collect();
    let quoted_files: Vec<(String, String)> = files
        .iter()
        .map(|(file, source)| (file.clone(), format!("`{source}`")))
        .collect();
    let mut writers: Vec<(&str, &str)> = taken
        .iter()
        .map(|(file, owner)| (file.as_str(), owner.as_str()))
        .collect();
    writers.extend(
        aliases
            .iter()
            .chain(&theme_files)
            .chain(&quoted_files)
            .map(|(file, owner)| (file.as_str(), owner.as_str())),
    );
    writers.sort_unstable();
    let mut folders: HashMap<&str, &str> = HashMap::new();
    for (file, owner) in writers {
        for (end, _) in file.match_indices('/') {
            folders.entry(&file[..end]).or_insert(owner);
        }
    }
    for (file, source) in &files {
        // A file of the content folder where an alias's folder goes is the alias's to fix,
        // reported at it (`aliases`).
        if let Some(owner) = folders.get(file.as_str())
            && (!owner.ends_with("(an alias)") || source.starts_with("static/"))
        {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    source,
                    format!(
                        "this file would be published at `/{file}`, which is the folder of {owner}"
                    ),
                )
                .with_help("give the file an extension (`notes.txt`), or rename one of them"),
            );
        }
    }
    for (file, source) in files {
        if let Some((folder, what)) = inside_a_written_file(site, &file, &taken) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-url",
                    source,
                    format!(
                        "this file would be published inside `{folder}`, which opsbook writes as a file ({what})"
                    ),
                )
                .with_help("rename or move its folder"),
            );
            continue;
        }
        // A `.nojekyll` of the site's own is the empty file the build writes.
        if file == crate::render::NO_JEKYLL {
            continue;
        }
        let Some(what) = written_file(site, &file, &taken) else {
            continue;
        };
        diagnostics.push(
            Diagnostic::error(
                "duplicate-url",
                source,
                format!("this file would be published at `/{file}`, where opsbook writes {what}"),
            )
            .with_help(
                "rename or remove it; to change a page opsbook makes, copy the theme's template into `templates/`",
            ),
        );
    }
}

/// Reports settings of `opsbook.yaml` that reach no page and so do nothing, which a
/// misspelling makes: a `defaults` path that holds no page (`procesess/`), and a kind of the
/// site's own that no page has, named like another kind (`kinds: {proces: …}` set up a new
/// kind and left processes on their old interval). Warnings: a kind or folder made ahead of
/// its pages is fine.
pub fn settings_reaching_no_page(
    site: &crate::site::Site,
    index: &crate::site::LinkIndex,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let config = &site.config;
    let source = &config.source;
    let content_dir = config.content_dir.trim_end_matches('/');
    let builtin: Vec<String> = crate::config::builtin_kinds(&config.words)
        .into_iter()
        .map(|k| k.id)
        .collect();
    for id in config.kinds.keys() {
        if builtin.contains(id) {
            continue;
        }
        let Some(at) = site.kinds.iter().position(|k| &k.id == id) else {
            continue;
        };
        if site.pages.iter().any(|p| p.kind == Some(at))
            || index.holds_path_under(&site.kinds[at].folder)
        {
            continue;
        }
        let others = site.kinds.iter().map(|k| k.id.as_str()).filter(|k| k != id);
        let Some(meant) = crate::frontmatter::did_you_mean(id, others) else {
            continue;
        };
        let d = Diagnostic::warning(
            "config",
            crate::config::CONFIG_FILE,
            format!("`kinds` sets up a kind `{id}` that no page has, beside the kind `{meant}`"),
        )
        .with_help(format!(
            "did you mean `{meant}`? Settings under `kinds: {{{meant}: …}}` change that kind; a new kind's pages go in `{content_dir}/{}/` or say `kind: {id}`",
            site.kinds[at].folder
        ));
        diagnostics.push(match crate::yaml::find_key(source, id) {
            Some((line, column)) => d.at_line_col(source, line, column, id.chars().count() as u32),
            None => d,
        });
    }
    for defaults in &config.defaults {
        let path = defaults.path.trim_matches('/');
        if path.is_empty() || index.holds_path_under(path) {
            continue;
        }
        let folders: std::collections::BTreeSet<&str> = site
            .pages
            .iter()
            .flat_map(|p| {
                let dir = crate::url::parent_dir(&p.rel);
                std::iter::successors(Some(dir), |d| {
                    (!d.is_empty()).then(|| crate::url::parent_dir(d))
                })
            })
            .filter(|d| !d.is_empty())
            .collect();
        let help = match crate::frontmatter::did_you_mean(path, folders.iter().copied()) {
            Some(folder) => format!("did you mean `{folder}`?"),
            None => format!("`path` is a folder under `{content_dir}/`, written without it"),
        };
        let d = Diagnostic::warning(
            "config",
            crate::config::CONFIG_FILE,
            format!("`defaults` names the folder `{path}`, which holds no page: its settings reach nothing"),
        )
        .with_help(help);
        diagnostics.push(
            match crate::yaml::find_value(source, "path", &defaults.path) {
                Some((line, column)) => {
                    d.at_line_col(source, line, column, defaults.path.chars().count() as u32)
                }
                None => d,
            },
        );
    }
}

/// Reports a Mermaid script (`markdown.mermaid`) named as a file of the site that the site
/// does not publish: every page with a diagram would load nothing, and show its source.
pub fn diagram_script(
    site: &crate::site::Site,
    static_assets: &[crate::load::Asset],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(crate::config::Script::File { path, .. }) = site.config.mermaid() else {
        return;
    };
    let published = static_assets.iter().any(|a| a.rel == path)
        || site
            .content_assets
            .iter()
            .any(|a| crate::url::asset_path(&a.rel) == path);
    if published {
        return;
    }
    let written = site.config.markdown.mermaid.trim();
    let d = Diagnostic::error(
        "config",
        crate::config::CONFIG_FILE,
        format!("markdown.mermaid names `{written}`, which is no file of the site"),
    )
    .with_help(format!(
        "put Mermaid's script at `static/{path}` (the `mermaid` npm package's dist/mermaid.min.js), or name its web address"
    ));
    let source = &site.config.source;
    diagnostics.push(match crate::yaml::find_value(source, "mermaid", written) {
        Some((line, column)) => d.at_line_col(source, line, column, written.chars().count() as u32),
        None => d,
    });
}

/// Reports a `logo` that is no image of the site: the header would show a broken image on
/// every page.
pub fn logo(
    site: &crate::site::Site,
    static_assets: &[crate::load::Asset],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let written = site.config.logo.trim();
    if written.is_empty() {
        return;
    }
    let path = site.config.logo_path();
    let published = path.is_some_and(|path| {
        static_assets.iter().any(|a| a.rel == path)
            || site
                .content_assets
                .iter()
                .any(|a| crate::url::asset_path(&a.rel) == path)
    });
    if published {
        return;
    }
    let d = Diagnostic::error(
        "config",
        crate::config::CONFIG_FILE,
        format!("logo names `{written}`, which is no file of the site"),
    )
    .with_help(match path {
        Some(path) => format!("put the image at `static/{path}`, or name a file of `static/`"),
        None => "name an image in `static/`, such as `logo: logo.svg` (not a web address: the site makes no request elsewhere)".to_string(),
    });
    let source = &site.config.source;
    diagnostics.push(match crate::yaml::find_value(source, "logo", written) {
        Some((line, column)) => d.at_line_col(source, line, column, written.chars().count() as u32),
        None => d,
    });
}

/// Reports aliases that cannot be published (not a path inside the site) or that clash with
/// a page, a generated page or another alias.
pub fn aliases(site: &crate::site::Site, diagnostics: &mut Vec<Diagnostic>) {
    use crate::render::alias_file;
    let mut taken = page_files(site);
    // The content folder's files, by where they are published: an alias there is a folder
    // where a file is (`/processes/release-train.svg/` beside the diagram).
    let asset_files: HashMap<String, String> = site
        .content_assets
        .iter()
        .map(|a| {
            (
                crate::url::asset_path(&a.rel),
                site.config.source_path(&a.rel),
            )
        })
        .collect();
    // The files taken, by their paths lower-cased: an alias differing from a page's address
    // only in case (`/processes/Hotfix-Process/`) is the page's file on macOS and Windows,
    // where the build wrote one over the other (the page as a redirect to itself).
    let mut folded: HashMap<String, String> = taken
        .keys()
        .map(|file| (file.to_lowercase(), file.clone()))
        .collect();
    for page in &site.pages {
        let fields = crate::frontmatter::Fields::for_file(&page.text, &page.source);
        for alias in page
            .front
            .aliases
            .iter()
            .filter(|a| !crate::render::alias_is_name(&a.value))
        {
            let (line, column, width) = fields.item_position(alias.line, &alias.value);
            let located = |d: Diagnostic| d.at_line_col(&page.text, line, column, width);
            let Some(file) = alias_file(&alias.value) else {
                let written = alias.value.trim();
                let (what, help) = if written.trim_start_matches('/').is_empty() {
                    (
                        "is the home page's address, which the home page keeps",
                        "remove it: an alias is an old address of this page".to_string(),
                    )
                } else if let Some(at) = written.find(['#', '?'])
                    && alias_file(&written[..at]).is_some()
                {
                    (
                        "has a `#` or `?` part, which never reaches a server",
                        format!("write the address without it: {}", &written[..at]),
                    )
                } else {
                    (
                        "is not a path inside the site",
                        "write the old URL's path, such as /processes/old-name/".to_string(),
                    )
                };
                diagnostics.push(located(
                    Diagnostic::error(
                        "invalid-value",
                        &page.source,
                        format!("alias \"{}\" {what}", alias.value),
                    )
                    .with_help(help),
                ));
                continue;
            };
            if let Some(long) = overlong_name(&file) {
                diagnostics.push(located(
                    Diagnostic::error(
                        "invalid-value",
                        &page.source,
                        format!(
                            "alias \"{}\" is too long to publish: it names a folder of {} bytes, and file systems take at most {MAX_NAME_BYTES}",
                            alias.value,
                            long.len()
                        ),
                    )
                    .with_help("shorten the alias"),
                ));
                continue;
            }
            let reserved = format!("{}/", crate::render::SERVE_RESERVED);
            let clash = file
                .starts_with(&reserved)
                .then(|| format!("is under `/{reserved}`, which `opsbook serve` keeps for itself"))
                .or_else(|| written_file(site, &file, &taken).map(|owner| format!("is already taken by {owner}")))
                .or_else(|| {
                    inside_a_written_file(site, &file, &taken).map(|(folder, what)| {
                        format!("would be published inside `{folder}`, which opsbook writes as a file ({what})")
                    })
                })
                .or_else(|| {
                    let folder = file.strip_suffix("/index.html")?;
                    let source = asset_files.get(folder)?;
                    Some(format!(
                        "would be published as a folder where the file `{source}` is"
                    ))
                })
                .or_else(|| {
                    let other = folded.get(&file.to_lowercase())?;
                    Some(format!(
                        "differs only in case from `/{}`, taken by {}: on macOS and Windows, whose file names ignore case, they are one file, and one would replace the other",
                        other.strip_suffix("index.html").unwrap_or(other),
                        taken.get(other).map_or("another", String::as_str)
                    ))
                });
            if let Some(clash) = clash {
                diagnostics.push(located(
                    Diagnostic::error(
                        "duplicate-url",
                        &page.source,
                        format!("alias \"{}\" {clash}", alias.value),
                    )
                    .with_help("remove the alias, or move the page that holds that URL"),
                ));
                continue;
            }
            folded.insert(file.to_lowercase(), file.clone());
            taken.insert(file, format!("an alias of `{}`", page.source));
        }
    }
}

/// Reports the words of `translations:` that neither the theme nor a template of the site's
/// uses (a misspelt key, `serach`, changed nothing, and said nothing), and the words a
/// template of the site's asks for by name that no catalog and no translation has: `build`
/// fails on those, and `check` is the pull request's gate.
pub fn translations(
    config: &crate::config::Config,
    templates: &[(String, String)],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let english = crate::i18n::english_entries();
    let mut asked = Vec::new();
    for (name, text) in templates {
        for (key, at) in words_asked(text) {
            asked.push(key);
            if config.words.has(key) {
                continue;
            }
            let help = match crate::frontmatter::did_you_mean(
                key,
                english.keys().map(String::as_str),
            ) {
                Some(meant) => format!(
                    "did you mean `{meant}`? A word of the site's own goes under `translations:` in opsbook.yaml"
                ),
                None => format!("give it under `translations:` in opsbook.yaml (`{key}: …`)"),
            };
            diagnostics.push(
                Diagnostic::error(
                    "template",
                    format!("templates/{name}"),
                    format!("the template asks for the word `{key}`, which neither the theme nor `translations:` has"),
                )
                .at_offset(text, at, key.len())
                .with_help(help),
            );
        }
    }
    if config.translations.is_empty() {
        return;
    }
    for key in config.translations.keys() {
        if english.contains_key(key) || asked.contains(&key.as_str()) {
            continue;
        }
        // Asked for another way (`t(key=name)`, `words[name]`): named in quotes somewhere.
        let quoted = [format!("\"{key}\""), format!("'{key}'")];
        if templates
            .iter()
            .any(|(_, text)| quoted.iter().any(|q| text.contains(q.as_str())))
        {
            continue;
        }
        let help = match crate::frontmatter::did_you_mean(key, english.keys().map(String::as_str)) {
            Some(meant) => format!("did you mean `{meant}`?"),
            None => "the theme's words are those of its catalog `themes/default/i18n/en.yaml` (README, Languages); a word of the site's own templates is `{{ words.KEY }}` or `{{ t(key=\"KEY\") }}` in one".to_string(),
        };
        let d = Diagnostic::warning(
            "unknown-field",
            crate::config::CONFIG_FILE,
            format!("`translations` has `{key}`, a word no template uses"),
        )
        .with_help(help);
        diagnostics.push(
            match crate::yaml::find_key_under(&config.source, "translations", key) {
                Some((line, column)) => {
                    d.at_line_col(&config.source, line, column, key.chars().count() as u32)
                }
                None => d,
            },
        );
    }
}

/// The words a template asks for by name, with the byte offset of each name:
/// `{{ words.KEY }}`, `t(key="KEY"` and `t_with_short(key="KEY"` (whose `KEY_short` is optional).
fn words_asked(text: &str) -> Vec<(&str, usize)> {
    let name_end = |s: &str| {
        s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(s.len())
    };
    // Not the end of a longer name (`keywords.`, `page.words.`, `short(key=`).
    let starts_name = |at: usize| {
        let before = text[..at].chars().next_back().unwrap_or(' ');
        !(before.is_ascii_alphanumeric() || before == '_' || before == '.')
    };
    let mut asked = Vec::new();
    for (at, _) in text.match_indices("words.") {
        if !starts_name(at) {
            continue;
        }
        let start = at + "words.".len();
        let end = start + name_end(&text[start..]);
        if end > start {
            asked.push((&text[start..end], start));
        }
    }
    for call in ["t(key=\"", "t_with_short(key=\""] {
        for (at, _) in text.match_indices(call) {
            if !starts_name(at) {
                continue;
            }
            let start = at + call.len();
            let end = start + name_end(&text[start..]);
            // A key made by an expression (`"status_" ~ page.status`) is not a name.
            if end > start
                && text[end..].starts_with('"')
                && !text[end + 1..].trim_start().starts_with('~')
            {
                asked.push((&text[start..end], start));
            }
        }
    }
    asked
}

/// Reports the site's templates that no page is made with: a name the theme has none of and
/// no template includes or extends (`templates/Base.html` for `base.html`, Zola's
/// `shortcodes/`), which were ignored without a word.
pub fn site_templates(templates: &[(String, String)], diagnostics: &mut Vec<Diagnostic>) {
    if templates.is_empty() {
        return;
    }
    let (theme, theme_texts): (Vec<String>, Vec<String>) = crate::theme::template_files()
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8_lossy(bytes).into_owned()))
        .unzip();
    for (name, _) in templates {
        if theme.contains(name) {
            continue;
        }
        let named = |text: &str| {
            text.contains(&format!("\"{name}\"")) || text.contains(&format!("'{name}'"))
        };
        if templates.iter().any(|(_, text)| named(text)) || theme_texts.iter().any(|t| named(t)) {
            continue;
        }
        let help = match crate::frontmatter::did_you_mean(name, theme.iter().map(String::as_str)) {
            Some(meant) => format!("did you mean `{meant}`? A template replaces the theme's of the same name (names are case-sensitive)"),
            None => "a template replaces the theme's of the same name (`opsbook theme` lists them), or is included by one: `{% include \"partials/x.html\" %}`".to_string(),
        };
        diagnostics.push(
            Diagnostic::warning(
                "foreign-syntax",
                format!("templates/{name}"),
                format!("`{name}` is no template of the theme's, and no template includes it: it is not used"),
            )
            .with_help(help),
        );
    }
}

/// Reports `content/404.md`, which Jekyll and GitHub Pages make the page shown for an address
/// that does not exist: here it is a page at `/404/`, and that page is the theme's template.
pub fn not_found_page(site: &crate::site::Site, diagnostics: &mut Vec<Diagnostic>) {
    for page in &site.pages {
        if page.rel.eq_ignore_ascii_case("404.md") {
            diagnostics.push(
                Diagnostic::warning(
                    "foreign-syntax",
                    &page.source,
                    "this page is published at `/404/`, not as the page shown for an address that does not exist",
                )
                .with_help("that page is the template `404.html`: `opsbook theme 404.html` copies the theme's into `templates/` to change it"),
            );
        }
    }
}
