//! Release notes across the site: version-aware ordering, the data of the "What's new" pages
//! (`/whats-new/` and one page per product) and the Atom feed `/releases.xml`.
//!
//! A release note is a page of the `release` kind (not a section's `_index.md`), with its
//! `version`, `date` and `product` fields. Two orders are used:
//!
//! - **within a product** (the product pages): by version, newest first ([`Version`] follows
//!   semantic-versioning precedence: `2.10.0` after `2.9.0`, `3.0.0-rc.1` before `3.0.0`), then
//!   by date, then by source path;
//! - **across products** (the combined page and the feed): by release date, newest first, then
//!   by version, then by source path.
//!
//! Everything here is pure: it reads a [`Site`] and returns data and strings.

use std::cmp::Ordering;
use std::collections::HashMap;

use jiff::civil::Date;

use crate::site::Site;
use crate::url;

/// Root-relative URL of the combined "What's new" page.
pub const WHATS_NEW_URL: &str = "/whats-new/";

/// Root-relative URL of the Atom feed of release notes.
pub const FEED_URL: &str = "/releases.xml";

/// The id of the kind whose pages are release notes.
pub const RELEASE_KIND: &str = "release";

/// One identifier of a pre-release (`rc`, `1` in `3.0.0-rc.1`).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Identifier {
    Numeric(u64),
    Alpha(String),
}

impl Ord for Identifier {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Identifier::Numeric(a), Identifier::Numeric(b)) => a.cmp(b),
            // Numeric identifiers always have lower precedence than alphanumeric ones.
            (Identifier::Numeric(_), Identifier::Alpha(_)) => Ordering::Less,
            (Identifier::Alpha(_), Identifier::Numeric(_)) => Ordering::Greater,
            (Identifier::Alpha(a), Identifier::Alpha(b)) => a.cmp(b),
        }
    }
}

impl PartialOrd for Identifier {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// A release's version, ordered like semantic versions but leniently read: any number of
/// dotted numbers (`2.10`, `2026.3.1`), an optional pre-release after `-`, build metadata after
/// `+` (ignored), and a leading `v` (ignored). Missing numbers count as zero, so `2.10` and
/// `2.10.0` are equal. A version that cannot be read this way (`next`, `Q3-2026`) is older than
/// every readable one; such versions are ordered by their text.
#[derive(Debug, Clone)]
pub struct Version {
    numbers: Vec<u64>,
    pre: Vec<Identifier>,
    readable: bool,
    text: String,
}

impl Version {
    /// Reads a version; never fails (see the type's documentation for unreadable ones).
    pub fn parse(text: &str) -> Version {
        let trimmed = text.trim();
        Self::read(trimmed).unwrap_or_else(|| Version {
            numbers: Vec::new(),
            pre: Vec::new(),
            readable: false,
            text: trimmed.to_string(),
        })
    }

    fn read(text: &str) -> Option<Version> {
        let rest = match text.strip_prefix(['v', 'V']) {
            Some(r) if r.starts_with(|c: char| c.is_ascii_digit()) => r,
            _ => text,
        };
        let rest = rest.split_once('+').map_or(rest, |(v, _build)| v);
        let (core, pre) = match rest.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (rest, None),
        };
        let numbers = core
            .split('.')
            .map(|n| {
                if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) {
                    n.parse::<u64>().ok()
                } else {
                    None
                }
            })
            .collect::<Option<Vec<u64>>>()?;
        let pre = match pre {
            None => Vec::new(),
            Some(pre) => pre
                .split('.')
                .map(|id| {
                    if id.is_empty() {
                        None
                    } else if id.bytes().all(|b| b.is_ascii_digit()) {
                        Some(
                            id.parse::<u64>()
                                .map_or_else(|_| Identifier::Alpha(id.into()), Identifier::Numeric),
                        )
                    } else {
                        Some(Identifier::Alpha(id.to_string()))
                    }
                })
                .collect::<Option<Vec<_>>>()?,
        };
        Some(Version {
            numbers,
            pre,
            readable: true,
            text: text.to_string(),
        })
    }

    /// Whether the text was read as a version (otherwise it is ordered by its text).
    pub fn is_readable(&self) -> bool {
        self.readable
    }

    /// Whether this is a pre-release (`3.0.0-rc.1`).
    pub fn is_prerelease(&self) -> bool {
        !self.pre.is_empty()
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self.readable, other.readable) {
            (false, false) => return self.text.cmp(&other.text),
            (false, true) => return Ordering::Less,
            (true, false) => return Ordering::Greater,
            (true, true) => {}
        }
        let len = self.numbers.len().max(other.numbers.len());
        for i in 0..len {
            let a = self.numbers.get(i).copied().unwrap_or(0);
            let b = other.numbers.get(i).copied().unwrap_or(0);
            match a.cmp(&b) {
                Ordering::Equal => {}
                unequal => return unequal,
            }
        }
        // A pre-release comes before the release itself; otherwise identifiers decide in
        // turn, and a longer list wins when all before are equal (semver §11).
        match (self.pre.is_empty(), other.pre.is_empty()) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => self.pre.cmp(&other.pre),
        }
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Version {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Version {}

/// Compares two version strings by [`Version`] precedence.
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    Version::parse(a).cmp(&Version::parse(b))
}

/// One release note.
#[derive(Debug, Clone)]
pub struct Release {
    /// Index of the page in [`Site::pages`].
    pub page: usize,
    /// The `version` field as written (empty when missing).
    pub version_text: String,
    /// The version, for ordering.
    pub version: Version,
    /// The `date` field, when it is a valid date.
    pub date: Option<Date>,
    /// The `product` field, if set.
    pub product: Option<String>,
    /// Root-relative URL of the product's "What's new" page, when `product` is set.
    pub product_url: Option<String>,
    /// The source path, the last tie-breaker.
    pub source: String,
}

/// The releases of one product.
#[derive(Debug, Clone)]
pub struct Product {
    /// The product's name, as the first of its releases (in source order) writes it.
    pub name: String,
    /// Root-relative URL of its page: `/whats-new/<slug>/`.
    pub url: String,
    /// Indexes into [`Releases::all`], newest version first.
    pub releases: Vec<usize>,
}

/// Every release note of a site, ordered.
#[derive(Debug, Clone, Default)]
pub struct Releases {
    /// Newest first by date, then version, then source path (the combined page, the feed).
    pub all: Vec<Release>,
    /// Products with at least one release, by name (case-insensitive).
    pub products: Vec<Product>,
}

impl Releases {
    /// True when the site has no release notes: no "What's new" page and no feed.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty()
    }

    /// The newest release date; the feed's `updated`.
    pub fn updated(&self) -> Option<Date> {
        self.all.iter().filter_map(|r| r.date).max()
    }

    /// The generated pages, `(root-relative URL, title)`: `/whats-new/` and each product's
    /// page; none when there are no release notes.
    pub fn pages(&self, words: &crate::i18n::Words) -> Vec<(String, String)> {
        if self.is_empty() {
            return Vec::new();
        }
        let mut pages = Vec::new();
        let mut add = |url: &str, title: String, count: usize| {
            for part in 1..=whats_new_parts(count) {
                pages.push((part_url(url, part), title.clone()));
            }
        };
        add(
            WHATS_NEW_URL,
            words.text("whats_new").to_string(),
            self.all.len(),
        );
        for p in &self.products {
            add(
                &p.url,
                words.format("whats_new_in", &[("product", &p.name)]),
                p.releases.len(),
            );
        }
        pages
    }
}

/// Releases shown with their notes on a What's new page; older ones show their title,
/// version, date and summary, and link to their page.
pub const FULL_RELEASES: usize = 30;

/// Older releases a part of a What's new page lists: at 100,000 pages one page listed 25,068,
/// 7.9 MB that took 4 s to open.
pub const OLDER_RELEASES: usize = 200;

/// How many parts a What's new page of `count` releases has: the first with the newest in
/// full and the first older ones, then the rest of the older ones.
pub fn whats_new_parts(count: usize) -> usize {
    1 + count
        .saturating_sub(FULL_RELEASES + OLDER_RELEASES)
        .div_ceil(OLDER_RELEASES)
}

/// Where part `part` (from 1) of the older releases of a What's new page of `count` is, in
/// the list of its releases.
pub fn older_range(part: usize, count: usize) -> std::ops::Range<usize> {
    let start = (FULL_RELEASES + (part - 1) * OLDER_RELEASES).min(count);
    start..(start + OLDER_RELEASES).min(count)
}

/// The URL of part `part` of the listing at `url` (`/whats-new/page/2/`).
pub fn part_url(url: &str, part: usize) -> String {
    if part == 1 {
        url.to_string()
    } else {
        format!("{url}page/{part}/")
    }
}

/// Newest version first, then newest date, then source path.
pub fn by_version_newest_first(a: &Release, b: &Release) -> Ordering {
    b.version
        .cmp(&a.version)
        .then_with(|| b.date.cmp(&a.date))
        .then_with(|| a.source.cmp(&b.source))
}

/// Newest date first (undated last), then newest version, then source path.
pub fn by_date_newest_first(a: &Release, b: &Release) -> Ordering {
    b.date
        .cmp(&a.date)
        .then_with(|| b.version.cmp(&a.version))
        .then_with(|| a.source.cmp(&b.source))
}

/// Whether page `p` is a release note.
pub fn is_release(site: &Site, p: usize) -> bool {
    let page = &site.pages[p];
    !page.is_index && page.kind.is_some_and(|k| site.kinds[k].id == RELEASE_KIND)
}

/// The first value of the kind field `key` of page `p`.
pub fn field<'a>(site: &'a Site, p: usize, key: &str) -> Option<&'a str> {
    site.pages[p]
        .extra
        .iter()
        .find(|f| f.key == key)
        .and_then(|f| f.values.first())
        .map(|v| v.value.as_str())
        .filter(|v| !v.trim().is_empty())
}

/// Collects and orders the site's release notes.
pub fn collect(site: &Site) -> Releases {
    let mut all: Vec<Release> = (0..site.pages.len())
        .filter(|&p| is_release(site, p))
        .map(|p| {
            let version_text = field(site, p, "version").unwrap_or("").trim().to_string();
            Release {
                page: p,
                version: Version::parse(&version_text),
                version_text,
                date: field(site, p, "date").and_then(|d| crate::frontmatter::parse_date(d).ok()),
                product: field(site, p, "product").map(|s| s.trim().to_string()),
                product_url: None,
                source: site.pages[p].source.clone(),
            }
        })
        .collect();
    // Products in source order first, so a product's name and slug do not depend on dates.
    all.sort_by(|a, b| a.source.cmp(&b.source));
    // Names with one address (`Web App`, `web-app`, `WEB APP`) are one product, as tags that
    // differ only in case are one tag, named as most of its notes write it (the first
    // written of equals): a note spelt otherwise split its product's history in two, and
    // moved the product's page to `web-app-2/`.
    let mut spellings: Vec<(String, Vec<(String, usize)>)> = Vec::new();
    for name in all.iter().filter_map(|r| r.product.as_deref()) {
        let slug = url::slug_segment(name);
        let at = match spellings.iter().position(|(s, _)| *s == slug) {
            Some(at) => at,
            None => {
                spellings.push((slug, Vec::new()));
                spellings.len() - 1
            }
        };
        let counts = &mut spellings[at].1;
        match counts.iter_mut().find(|(n, _)| n == name) {
            Some((_, count)) => *count += 1,
            None => counts.push((name.to_string(), 1)),
        }
    }
    let named: HashMap<String, String> = spellings
        .iter()
        .flat_map(|(_, counts)| {
            let most = counts.iter().map(|(_, c)| *c).max().unwrap_or(0);
            let chosen = counts
                .iter()
                .find(|(_, c)| *c == most)
                .map(|(n, _)| n.clone());
            counts
                .iter()
                .map(move |(n, _)| (n.clone(), chosen.clone().unwrap_or_default()))
        })
        .collect();
    for release in &mut all {
        if let Some(name) = release.product.as_mut()
            && let Some(chosen) = named.get(name.as_str())
        {
            name.clone_from(chosen);
        }
    }
    let mut names: Vec<String> = Vec::new();
    for release in &all {
        if let Some(name) = &release.product
            && !names.contains(name)
        {
            names.push(name.clone());
        }
    }
    names.sort_by_cached_key(|n| (n.to_lowercase(), n.clone()));
    // One address a name: names of one address are one product (above).
    let urls: Vec<String> = names
        .iter()
        .map(|name| format!("{WHATS_NEW_URL}{}/", url::slug_segment(name)))
        .collect();
    for release in &mut all {
        release.product_url = release
            .product
            .as_ref()
            .and_then(|name| names.iter().position(|n| n == name))
            .map(|i| urls[i].clone());
    }
    all.sort_by(by_date_newest_first);
    let products = names
        .into_iter()
        .zip(urls)
        .map(|(name, url)| {
            let mut releases: Vec<usize> = (0..all.len())
                .filter(|&i| all[i].product.as_deref() == Some(name.as_str()))
                .collect();
            releases.sort_by(|&a, &b| by_version_newest_first(&all[a], &all[b]));
            Product {
                name,
                url,
                releases,
            }
        })
        .collect();
    Releases { all, products }
}

/// Where the feed of a product's release notes is, beside its What's new page at
/// `product_url` (`/whats-new/web-app/releases.xml`).
pub fn product_feed_url(product_url: &str) -> String {
    format!("{product_url}releases.xml")
}

/// The feeds `site` publishes: every release note's, and each product's; none without notes.
pub fn feed_urls(site: &Site) -> Vec<String> {
    let releases = collect(site);
    if releases.is_empty() {
        return Vec::new();
    }
    std::iter::once(FEED_URL.to_string())
        .chain(releases.products.iter().map(|p| product_feed_url(&p.url)))
        .collect()
}

/// The generated "What's new" pages of `site`, `(root-relative URL, title)`.
pub fn generated_pages(site: &Site) -> Vec<(String, String)> {
    collect(site).pages(&site.config.words)
}

/// Rewrites a page's rendered HTML to be shown at another place: relative `href`/`src` links
/// (written relative to `page_url`) are resolved and passed through `link`, which gets a
/// root-relative URL and returns the link to print. Same-page `#fragment` links and `id`s get
/// `id_prefix` when one is given (several bodies on one page must not share ids), or else
/// point at the page itself. External and root-absolute links are kept as written.
pub fn rebase_html(
    html: &str,
    page_url: &str,
    link: &dyn Fn(&str) -> String,
    id_prefix: Option<&str>,
) -> String {
    const ATTRS: [&str; 3] = [" href=\"", " src=\"", " id=\""];
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    loop {
        let next = ATTRS
            .iter()
            .filter_map(|a| rest.find(a).map(|i| (i, *a)))
            .min_by_key(|(i, _)| *i);
        let Some((i, attr)) = next else {
            out.push_str(rest);
            break;
        };
        let start = i + attr.len();
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let end = after.find('"').unwrap_or(after.len());
        let value = &after[..end];
        if attr == " id=\"" {
            if let Some(prefix) = id_prefix {
                out.push_str(prefix);
            }
            out.push_str(value);
        } else {
            out.push_str(&rebase_link(value, page_url, link, id_prefix));
        }
        rest = &after[end..];
    }
    out
}

fn rebase_link(
    value: &str,
    page_url: &str,
    link: &dyn Fn(&str) -> String,
    id_prefix: Option<&str>,
) -> String {
    if value.is_empty() || value.starts_with('/') || has_scheme(value) {
        return value.to_string();
    }
    if let Some(fragment) = value.strip_prefix('#') {
        return match id_prefix {
            Some(prefix) => format!("#{prefix}{fragment}"),
            None => format!("{}#{fragment}", link(page_url)),
        };
    }
    let split = value.find(['?', '#']).unwrap_or(value.len());
    let (path, suffix) = value.split_at(split);
    format!("{}{suffix}", link(&resolve(page_url, path)))
}

/// `mailto:`, `https:`, `data:` …: a scheme before any `/`, `?` or `#`.
fn has_scheme(value: &str) -> bool {
    match value.find(':') {
        Some(colon) => {
            let scheme = &value[..colon];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// Resolves the relative `path` written on the page at the folder URL `page_url` to a
/// root-relative URL, keeping a trailing `/`.
fn resolve(page_url: &str, path: &str) -> String {
    let mut parts: Vec<&str> = page_url.split('/').filter(|s| !s.is_empty()).collect();
    let mut is_dir = true;
    for part in path.split('/') {
        match part {
            "" | "." => is_dir = true,
            ".." => {
                parts.pop();
                is_dir = true;
            }
            other => {
                parts.push(other);
                is_dir = false;
            }
        }
    }
    if parts.is_empty() {
        return "/".into();
    }
    let mut out = format!("/{}", parts.join("/"));
    if is_dir {
        out.push('/');
    }
    out
}

/// Moves every heading of rendered HTML one level down (`<h2>` → `<h3>` …, `<h6>` stays),
/// for bodies shown under a heading of their own.
pub fn demote_headings(html: &str) -> String {
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let open = i + offset;
        let mut d = open + 1;
        if bytes.get(d) == Some(&b'/') {
            d += 1;
        }
        let is_heading = matches!(bytes.get(d), Some(b'h' | b'H'))
            && matches!(bytes.get(d + 1), Some(b'1'..=b'5'))
            && bytes
                .get(d + 2)
                .is_some_and(|c| *c == b'>' || c.is_ascii_whitespace());
        if is_heading {
            out.push_str(&html[last..d + 1]);
            out.push((bytes[d + 1] + 1) as char);
            last = d + 2;
        }
        i = open + 1;
    }
    out.push_str(&html[last..]);
    out
}

/// A prefix for the ids of a page's body shown among others: `/releases/web/2.10.0/` →
/// `releases-web-2.10.0-`.
pub fn id_prefix(page_url: &str) -> String {
    let mut prefix: String = page_url
        .split('/')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    prefix.push('-');
    prefix
}

/// Escapes text for XML, dropping the characters XML 1.0 does not allow.
fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The `tag:` URI authority made from the site title: lowercase ASCII letters, digits and `-`
/// (`Northwind Product Ops` → `northwind-product-ops`), `opsbook` when nothing is left.
fn tag_authority(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "opsbook".into()
    } else {
        out
    }
}

/// An Atom date: `2026-09-29T00:00:00Z`.
fn atom_date(date: Date) -> String {
    format!("{date}T00:00:00Z")
}

/// Entries in the feed: the newest release notes. Feed readers ask again and again, and keep
/// what they saw; every release note a wiki ever had (2,500 of them, 23 MB, in a generated
/// wiki of 10,000 pages) would be downloaded on every poll. What's new lists them all.
pub const FEED_ENTRIES: usize = 50;

/// The Atom feed (RFC 4287) of the newest [`FEED_ENTRIES`] release notes, in the combined
/// order, newest first.
///
/// - With a `base_url`, ids and links are absolute: the feed's id is its own URL and each
///   entry's id is its page's URL; a `base_url` of a path alone (`/wiki/`) begins links, and
///   ids are `tag:` URIs as below, with that path.
/// - Without one, links are relative to the feed (`releases/web/3.1.0/`), which readers resolve
///   against the feed's address, so the site still works under any path; ids are `tag:` URIs
///   (RFC 4151) built from the site title and the page path, such as
///   `tag:northwind-product-ops,2000:/releases/web/3.1.0/`. Their date part is fixed so that an
///   id never changes; the path keeps them unique.
///
/// `updated` is the newest release date (never the clock), so a feed rebuilt from the same
/// content is byte-identical. An entry without a valid date uses the feed's `updated`.
/// Each entry carries its summary and its rendered body as `content type="html"`, with links
/// rewritten to work from the feed, and an author per owner (the site title when none).
///
/// With a `product` (an index of [`Releases::products`]), the feed of that product's notes
/// alone, at [`product_feed_url`]: its page links it, as Hugo and Zola give a taxonomy's term
/// a feed, for readers of one product who do not want the others'.
pub fn feed(site: &Site, releases: &Releases, product: Option<usize>) -> String {
    let config = &site.config;
    let product = product.and_then(|n| releases.products.get(n));
    let (self_url, page_url) = match product {
        Some(p) => (product_feed_url(&p.url), p.url.clone()),
        None => (FEED_URL.to_string(), WHATS_NEW_URL.to_string()),
    };
    let entries: Vec<&Release> = match product {
        Some(p) => {
            let mine: std::collections::HashSet<usize> = p.releases.iter().copied().collect();
            (releases.all.iter().enumerate())
                .filter(|(i, _)| mine.contains(i))
                .map(|(_, r)| r)
                .collect()
        }
        None => releases.all.iter().collect(),
    };
    let base = config.base_url.trim().trim_end_matches('/');
    let link = |to: &str| -> String {
        if base.is_empty() {
            url::relative("/", to)
        } else {
            format!("{base}{to}")
        }
    };
    let authority = tag_authority(&config.title);
    // An id must be an absolute IRI: a base of a path alone (`/wiki/`) gives links, not ids.
    let id = |path: &str| -> String {
        if base.contains("://") {
            format!("{base}{path}")
        } else {
            format!("tag:{authority},2000:{base}{path}")
        }
    };
    let updated = (entries.iter().filter_map(|r| r.date).max())
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), atom_date);
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\"");
    if !config.language.is_empty() {
        xml.push_str(&format!(" xml:lang=\"{}\"", xml_escape(&config.language)));
    }
    xml.push_str(">\n");
    xml.push_str(&format!("  <id>{}</id>\n", xml_escape(&id(&self_url))));
    let named = match product {
        Some(p) => format!("{} – {}", config.title, p.name),
        None => config.title.clone(),
    };
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        xml_escape(&config.words.format("feed_title", &[("site", &named)]))
    ));
    if !config.description.is_empty() {
        xml.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(&config.description)
        ));
    }
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&link(&self_url))
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml_escape(&link(&page_url))
    ));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml_escape(&config.title)
    ));
    xml.push_str(&format!(
        "  <generator version=\"{}\">opsbook</generator>\n",
        env!("CARGO_PKG_VERSION")
    ));
    for release in entries.into_iter().take(FEED_ENTRIES) {
        let page = &site.pages[release.page];
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&id(&page.url))));
        // A note withdrawn (`status: deprecated`: a release pulled, or yanked) says so where
        // feed readers show it, its title, and as a category.
        let deprecated = page.status() == crate::frontmatter::Status::Deprecated;
        let title = if deprecated {
            format!(
                "{} ({})",
                page.title,
                config.words.text("status_deprecated")
            )
        } else {
            page.title.clone()
        };
        xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&title)));
        let entry_updated = release.date.map_or_else(|| updated.clone(), atom_date);
        xml.push_str(&format!("    <updated>{entry_updated}</updated>\n"));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            xml_escape(&link(&page.url))
        ));
        let mut authors: Vec<&str> = page
            .front
            .owners
            .iter()
            .map(|o| site.owners.name(&o.value))
            .collect();
        if authors.is_empty() {
            authors.push(&config.title);
        }
        for name in authors {
            xml.push_str(&format!(
                "    <author><name>{}</name></author>\n",
                xml_escape(name)
            ));
        }
        if let Some(product) = &release.product {
            xml.push_str(&format!(
                "    <category term=\"{}\"/>\n",
                xml_escape(product)
            ));
        }
        if deprecated {
            xml.push_str("    <category term=\"deprecated\"/>\n");
        }
        if let Some(summary) = page.front.summary.as_deref().filter(|s| !s.is_empty()) {
            xml.push_str(&format!(
                "    <summary>{}</summary>\n",
                xml_escape(&crate::markdown::inline_text(summary))
            ));
        }
        let body = rebase_html(&page.rendered.html(), &page.url, &link, None);
        xml.push_str(&format!(
            "    <content type=\"html\">{}</content>\n",
            xml_escape(&body)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(versions: &[&str]) -> Vec<String> {
        let mut v: Vec<&str> = versions.to_vec();
        v.sort_by(|a, b| compare_versions(a, b));
        v.into_iter().map(String::from).collect()
    }

    #[test]
    fn numbers_compare_as_numbers_not_text() {
        assert_eq!(compare_versions("2.10.0", "2.9.0"), Ordering::Greater);
        assert_eq!(compare_versions("2.9.0", "2.10.0"), Ordering::Less);
        assert_eq!(compare_versions("10.0.0", "9.99.99"), Ordering::Greater);
        assert_eq!(compare_versions("1.0.10", "1.0.9"), Ordering::Greater);
        assert_eq!(compare_versions("3.0.0", "2.10.1"), Ordering::Greater);
    }

    #[test]
    fn semver_precedence_of_pre_releases() {
        // The example of semver 2.0.0 §11, in order.
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
        ];
        for pair in ordered.windows(2) {
            assert_eq!(
                compare_versions(pair[0], pair[1]),
                Ordering::Less,
                "{} < {}",
                pair[0],
                pair[1]
            );
            assert_eq!(compare_versions(pair[1], pair[0]), Ordering::Greater);
        }
        let mut shuffled = ordered;
        shuffled.reverse();
        shuffled.swap(1, 5);
        assert_eq!(sorted(&shuffled), ordered);
    }

    #[test]
    fn a_pre_release_comes_before_its_release_but_after_the_previous_one() {
        assert_eq!(compare_versions("3.0.0-rc.1", "3.0.0"), Ordering::Less);
        assert_eq!(compare_versions("3.0.0-rc.1", "2.10.1"), Ordering::Greater);
        assert_eq!(
            compare_versions("3.0.0-rc.2", "3.0.0-rc.10"),
            Ordering::Less
        );
        assert_eq!(
            compare_versions("3.0.0-rc.1", "3.0.0-beta.9"),
            Ordering::Greater
        );
        // Numeric identifiers are lower than alphanumeric ones, at any position.
        assert_eq!(compare_versions("1.0.0-1", "1.0.0-a"), Ordering::Less);
        assert_eq!(compare_versions("1.0.0-rc.1", "1.0.0-rc.a"), Ordering::Less);
        // Alphanumeric identifiers compare in ASCII order.
        assert_eq!(compare_versions("1.0.0-RC", "1.0.0-rc"), Ordering::Less);
        assert!(Version::parse("3.0.0-rc.1").is_prerelease());
        assert!(!Version::parse("3.0.0").is_prerelease());
    }

    #[test]
    fn leading_v_build_metadata_and_missing_numbers_are_ignored() {
        assert_eq!(compare_versions("v2.10.0", "2.10.0"), Ordering::Equal);
        assert_eq!(compare_versions("V2.10.0", "v2.9.0"), Ordering::Greater);
        assert_eq!(
            compare_versions("1.0.0+build.1", "1.0.0+build.2"),
            Ordering::Equal
        );
        assert_eq!(compare_versions("1.0.0-rc.1+exp", "1.0.0"), Ordering::Less);
        assert_eq!(compare_versions("2.10", "2.10.0"), Ordering::Equal);
        assert_eq!(compare_versions("2.10", "2.9.5"), Ordering::Greater);
        assert_eq!(compare_versions("2026.3", "2026.10"), Ordering::Less);
        assert_eq!(compare_versions(" 1.2.3 ", "1.2.3"), Ordering::Equal);
        assert_eq!(compare_versions("01.2.3", "1.2.3"), Ordering::Equal);
        assert_eq!(Version::parse("v1"), Version::parse("1.0.0"));
    }

    #[test]
    fn unreadable_versions_are_older_than_readable_ones_and_ordered_by_text() {
        for bad in [
            "",
            "next",
            "v",
            "1..2",
            "1.2.x",
            "1.0.0-",
            "1.0.0-rc..1",
            "Q3-2026",
        ] {
            assert!(!Version::parse(bad).is_readable(), "{bad:?}");
            assert_eq!(compare_versions(bad, "0.0.1"), Ordering::Less, "{bad:?}");
            assert_eq!(compare_versions("0.0.0-alpha", bad), Ordering::Greater);
        }
        assert_eq!(compare_versions("alpha", "beta"), Ordering::Less);
        assert_eq!(compare_versions("next", "next"), Ordering::Equal);
        assert!(Version::parse("version-2").text == "version-2");
    }

    #[test]
    fn a_total_order_consistent_with_equality() {
        let all = [
            "",
            "next",
            "0.9",
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-rc.1",
            "v1.0.0",
            "1.0",
            "1.0.1",
            "1.2.0",
            "1.10.0",
            "2.0.0-1",
            "2.0.0",
        ];
        for a in all {
            for b in all {
                let ab = compare_versions(a, b);
                assert_eq!(ab.reverse(), compare_versions(b, a), "{a:?} vs {b:?}");
                for c in all {
                    if ab != Ordering::Greater && compare_versions(b, c) != Ordering::Greater {
                        assert_ne!(compare_versions(a, c), Ordering::Greater, "{a} {b} {c}");
                    }
                }
            }
        }
    }

    fn release(source: &str, version: &str, date: Option<&str>) -> Release {
        Release {
            page: 0,
            version_text: version.into(),
            version: Version::parse(version),
            date: date.map(|d| d.parse().unwrap()),
            product: None,
            product_url: None,
            source: source.into(),
        }
    }

    fn order(mut releases: Vec<Release>, by: fn(&Release, &Release) -> Ordering) -> Vec<String> {
        releases.sort_by(by);
        releases.into_iter().map(|r| r.source).collect()
    }

    #[test]
    fn releases_order_by_version_then_date_then_path() {
        let releases = vec![
            release("a-2.9.0", "2.9.0", Some("2026-07-07")),
            release("b-2.10.0", "2.10.0", Some("2026-08-18")),
            release("c-3.0.0-rc.1", "3.0.0-rc.1", Some("2026-09-20")),
            release("d-3.0.0", "3.0.0", Some("2026-09-29")),
            // Same version twice: the newer date first, then the path.
            release("f-v2.10.0", "v2.10.0", Some("2026-08-19")),
            release("e-2.10.0", "2.10.0", Some("2026-08-18")),
            release("g-undated", "2.10.0", None),
        ];
        assert_eq!(
            order(releases, by_version_newest_first),
            [
                "d-3.0.0",
                "c-3.0.0-rc.1",
                "f-v2.10.0",
                "b-2.10.0",
                "e-2.10.0",
                "g-undated",
                "a-2.9.0"
            ]
        );
    }

    #[test]
    fn the_combined_order_is_by_date_then_version() {
        let releases = vec![
            release("mobile-5.4.0", "5.4.0", Some("2026-10-01")),
            release("web-3.0.0", "3.0.0", Some("2026-09-29")),
            release("web-2.10.1", "2.10.1", Some("2026-10-01")),
            release("web-undated", "9.0.0", None),
            release("web-3.1.0", "3.1.0", Some("2026-11-10")),
        ];
        assert_eq!(
            order(releases, by_date_newest_first),
            [
                "web-3.1.0",
                "mobile-5.4.0",
                "web-2.10.1",
                "web-3.0.0",
                "web-undated"
            ]
        );
    }

    #[test]
    fn rebases_links_to_another_page() {
        let from_whats_new = |to: &str| url::relative("/whats-new/", to);
        let html = concat!(
            "<h2 id=\"fixed\">Fixed</h2>\n<p><a href=\"#fixed\">above</a></p>\n",
            "<p><a href=\"../../../processes/hotfix/#when\">hotfix</a> ",
            "<a href=\"../2.10.0/\">2.10.0</a> <img src=\"shot.png\" alt=\"\"> ",
            "<a href=\"https://x.org/a\">x</a> <a href=\"mailto:a@b\">m</a> ",
            "<a href=\"/abs/\">abs</a> <a href=\"./\">self</a></p>"
        );
        let out = rebase_html(html, "/releases/web/2.10.1/", &from_whats_new, Some("r1-"));
        assert!(out.contains("id=\"r1-fixed\""), "{out}");
        assert!(out.contains("href=\"#r1-fixed\""), "{out}");
        assert!(out.contains("href=\"../processes/hotfix/#when\""), "{out}");
        assert!(out.contains("href=\"../releases/web/2.10.0/\""), "{out}");
        assert!(
            out.contains("src=\"../releases/web/2.10.1/shot.png\""),
            "{out}"
        );
        assert!(out.contains("href=\"https://x.org/a\""), "{out}");
        assert!(out.contains("href=\"mailto:a@b\""), "{out}");
        assert!(out.contains("href=\"/abs/\""), "{out}");
        assert!(out.contains("href=\"../releases/web/2.10.1/\""), "{out}");
        // Without a prefix, fragments point at the page itself.
        let feed = |to: &str| format!("https://x.example{to}");
        let out = rebase_html(html, "/releases/web/2.10.1/", &feed, None);
        assert!(
            out.contains("href=\"https://x.example/releases/web/2.10.1/#fixed\""),
            "{out}"
        );
        assert!(out.contains("id=\"fixed\""), "{out}");
    }

    #[test]
    fn resolves_relative_paths() {
        assert_eq!(resolve("/a/b/", "../c/"), "/a/c/");
        assert_eq!(resolve("/a/b/", "x.png"), "/a/b/x.png");
        assert_eq!(resolve("/a/b/", "../../.."), "/");
        assert_eq!(resolve("/a/b/", ""), "/a/b/");
        assert_eq!(resolve("/a/b/", ".."), "/a/");
    }

    #[test]
    fn demotes_headings_once() {
        assert_eq!(
            demote_headings("<h1>a</h1><h2 id=\"x\">b</h2><h5>c</h5><h6>d</h6><hr><header>"),
            "<h2>a</h2><h3 id=\"x\">b</h3><h6>c</h6><h6>d</h6><hr><header>"
        );
        assert_eq!(demote_headings("&lt;h2&gt; é <p>"), "&lt;h2&gt; é <p>");
    }

    #[test]
    fn xml_and_tag_helpers() {
        assert_eq!(
            xml_escape("a & <b> \"c\" 'd'\u{1}"),
            "a &amp; &lt;b&gt; &quot;c&quot; &apos;d&apos;"
        );
        assert_eq!(
            tag_authority("Northwind Product Ops"),
            "northwind-product-ops"
        );
        assert_eq!(tag_authority("  Ops & Co. 2!"), "ops-co-2");
        assert_eq!(tag_authority("Вики"), "opsbook");
        assert_eq!(id_prefix("/releases/web/2.10.0/"), "releases-web-2.10.0-");
    }
}
