//! The generated "What's new" pages (`/whats-new/`, `/whats-new/<product>/`), the Atom feed
//! `/releases.xml`, and the tech-stack catalog `/tech-stack/`: their Tera contexts and files.
//! The data comes from [`crate::releases`] and [`crate::catalog`]; each exists only when the
//! site has pages of its kind.

use serde::Serialize;

use super::{Content, Link, Linker, OutputFile, OwnerCtx, Renderer, ReviewCtx};
use crate::catalog::{self, TECH_STACK_URL};
use crate::releases::{self, FEED_URL, Releases, WHATS_NEW_URL};
use crate::site::{Current, Site};

use crate::releases::FULL_RELEASES;

/// What the generated pages need, computed once per build.
pub(super) struct Generated {
    releases: Releases,
    tools: Vec<crate::catalog::ToolRow>,
}

impl Generated {
    pub(super) fn new(site: &Site) -> Generated {
        Generated {
            releases: releases::collect(site),
            tools: catalog::rows(site),
        }
    }
}

#[derive(Serialize)]
struct ReleaseCtx<'a> {
    id: String,
    title: &'a str,
    url: String,
    version: &'a str,
    prerelease: bool,
    date: String,
    product: &'a str,
    product_url: String,
    summary: &'a str,
    content: String,
    owners: Vec<OwnerCtx<'a>>,
    /// The note's `status` (`deprecated`: a release withdrawn, or yanked).
    status: &'static str,
}

#[derive(Serialize)]
struct ProductCtx<'a> {
    name: &'a str,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize)]
struct WhatsNewCtx<'a> {
    product: &'a str,
    all_url: String,
    feed_url: String,
    products: Vec<ProductCtx<'a>>,
    /// The newest releases, with their notes.
    releases: Vec<ReleaseCtx<'a>>,
    /// The older ones, a row each (as articles under headings of their own, 1,243 of them
    /// made a page 250,000 px long, and a screen reader's list of headings unusable), in
    /// parts of [`releases::OLDER_RELEASES`].
    older: Vec<ReleaseCtx<'a>>,
    /// How many older ones there are in all the parts.
    older_total: usize,
    /// The parts, when there are several (`/whats-new/page/2/`).
    pagination: Option<super::PaginationCtx>,
}

#[derive(Serialize)]
struct ToolCtx<'a> {
    name: &'a str,
    /// The main guide's title and address.
    title: &'a str,
    url: String,
    summary: &'a str,
    /// Its other guides, the first few, and how many there are past them, with the search
    /// results that list them all.
    guides: Vec<Link>,
    more_guides: usize,
    all_guides: usize,
    all_guides_url: String,
    vendor: &'a str,
    access: &'a str,
    /// The owners of its guides, the first few, and how many more.
    owners: Vec<OwnerCtx<'a>>,
    more_owners: usize,
    /// Their names, for the tooltip of the "+N".
    more_owner_names: String,
    admins: Vec<Link>,
    status: &'static str,
    /// The review of its guide due first.
    #[serde(flatten)]
    review: ReviewCtx,
}

/// How many owners a row of the tech stack names before it counts the rest.
const ROW_LINKS: usize = 5;

#[derive(Serialize)]
struct StackCtx<'a> {
    tools: Vec<ToolCtx<'a>>,
}

impl Renderer<'_> {
    /// The feed's URL relative to the page being rendered; empty when there is no feed.
    pub(super) fn feed_link(&self, linker: Linker) -> String {
        if self.generated.releases.is_empty() {
            String::new()
        } else {
            linker.link(FEED_URL)
        }
    }

    /// "What's new" and "Tech stack", when they exist, for the site links.
    pub(super) fn generated_links(&self, linker: Linker) -> Vec<Link> {
        let mut links = Vec::new();
        if !self.generated.releases.is_empty() {
            links.push(Link {
                title: self.word("whats_new").into(),
                url: linker.link(WHATS_NEW_URL),
            });
        }
        if !self.generated.tools.is_empty() {
            links.push(Link {
                title: self.word("tech_stack").into(),
                url: linker.link(TECH_STACK_URL),
            });
        }
        links
    }

    /// The What's new pages, the feed and the tech-stack page (none when the site has no
    /// release notes and no tool guides).
    pub(super) fn generated_files(&self) -> anyhow::Result<Vec<OutputFile>> {
        let mut files = Vec::new();
        let releases = &self.generated.releases;
        if !releases.is_empty() {
            let all: Vec<usize> = (0..releases.all.len()).collect();
            files.extend(self.whats_new(None, &all)?);
            for (n, product) in releases.products.iter().enumerate() {
                files.extend(self.whats_new(Some(n), &product.releases)?);
            }
            files.push(OutputFile {
                path: FEED_URL.trim_start_matches('/').to_string(),
                content: Content::Bytes(releases::feed(self.site, releases, None).into_bytes()),
            });
            for n in 0..releases.products.len() {
                files.push(self.product_feed(n));
            }
        }
        if !self.generated.tools.is_empty() {
            files.push(self.tech_stack()?);
        }
        Ok(files)
    }

    /// The feed of product `n`'s notes.
    fn product_feed(&self, n: usize) -> OutputFile {
        let releases = &self.generated.releases;
        OutputFile {
            path: releases::product_feed_url(&releases.products[n].url)
                .trim_start_matches('/')
                .to_string(),
            content: Content::Bytes(releases::feed(self.site, releases, Some(n)).into_bytes()),
        }
    }

    /// The files that show the body of release note `p`: What's new, its product's page and
    /// the feed (after an edit to that body).
    pub(super) fn release_files(&self, p: usize) -> anyhow::Result<Vec<OutputFile>> {
        let releases = &self.generated.releases;
        let Some(position) = releases.all.iter().position(|r| r.page == p) else {
            return Ok(Vec::new());
        };
        let all: Vec<usize> = (0..releases.all.len()).collect();
        // A body shows on the first part only.
        let mut files = vec![self.whats_new_part(None, &all, 1)?];
        for (n, product) in releases.products.iter().enumerate() {
            if product.releases.contains(&position) {
                files.push(self.whats_new_part(Some(n), &product.releases, 1)?);
                files.push(self.product_feed(n));
            }
        }
        files.push(OutputFile {
            path: FEED_URL.trim_start_matches('/').to_string(),
            content: Content::Bytes(releases::feed(self.site, releases, None).into_bytes()),
        });
        Ok(files)
    }

    /// What's new (of one product, or of all): every release, newest first, the newest
    /// [`FULL_RELEASES`] with their notes, the older ones by title, version, date and summary
    /// (a page of every note in full was 21 MB at 2,500 releases), [`releases::OLDER_RELEASES`]
    /// a part.
    fn whats_new(
        &self,
        product: Option<usize>,
        shown: &[usize],
    ) -> anyhow::Result<Vec<OutputFile>> {
        (1..=releases::whats_new_parts(shown.len()))
            .map(|part| self.whats_new_part(product, shown, part))
            .collect()
    }

    /// Part `part` (from 1) of a What's new page.
    fn whats_new_part(
        &self,
        product: Option<usize>,
        shown: &[usize],
        part: usize,
    ) -> anyhow::Result<OutputFile> {
        let site = self.site;
        let releases = &self.generated.releases;
        let product = product.map(|n| &releases.products[n]);
        let first_url = product.map_or(WHATS_NEW_URL, |p| p.url.as_str());
        let url = releases::part_url(first_url, part);
        let linker = Linker::Relative(&url);
        let words = &site.config.words;
        let parts = releases::whats_new_parts(shown.len());
        let (title, description) = match product {
            Some(p) => (
                words.format("whats_new_in", &[("product", &p.name)]),
                words.format("every_release_of", &[("product", &p.name)]),
            ),
            None => (
                words.text("whats_new").to_string(),
                words.text("every_release").to_string(),
            ),
        };
        let title = if part > 1 {
            words.format(
                "title_page_of",
                &[
                    ("title", &title),
                    ("current", &part.to_string()),
                    ("total", &parts.to_string()),
                ],
            )
        } else {
            title
        };
        let mut ctx =
            self.base_context(linker, &url, &title, &description, Current::Other, None)?;
        if product.is_some() {
            ctx.insert(
                "breadcrumbs",
                &[
                    Link {
                        title: words.text("home").into(),
                        url: linker.link("/"),
                    },
                    Link {
                        title: words.text("whats_new").into(),
                        url: linker.link(WHATS_NEW_URL),
                    },
                ],
            );
        }
        let link = |to: &str| linker.link(to);
        let entry = |i: usize, full: bool| {
            let release = &releases.all[i];
            let page = &site.pages[release.page];
            let prefix = releases::id_prefix(&page.url);
            let body = if full {
                releases::rebase_html(&page.rendered.html(), &page.url, &link, Some(&prefix))
            } else {
                String::new()
            };
            ReleaseCtx {
                id: prefix.trim_end_matches('-').to_string(),
                title: &page.title,
                url: linker.link(&page.url),
                version: &release.version_text,
                prerelease: release.version.is_prerelease(),
                date: release.date.map(|d| d.to_string()).unwrap_or_default(),
                product: release.product.as_deref().unwrap_or(""),
                product_url: release
                    .product_url
                    .as_deref()
                    .map(|u| linker.link(u))
                    .unwrap_or_default(),
                summary: page.front.summary.as_deref().unwrap_or(""),
                content: releases::demote_headings(&body),
                owners: self.owners(release.page, linker),
                status: page.status().as_str(),
            }
        };
        let full: &[usize] = if part == 1 {
            &shown[..FULL_RELEASES.min(shown.len())]
        } else {
            &[]
        };
        let older = &shown[releases::older_range(part, shown.len())];
        // The notes shown in full may have diagrams.
        let has_diagram = full
            .iter()
            .any(|&i| self.has_diagram(Some(releases.all[i].page)));
        self.diagram_script(&mut ctx, has_diagram, linker);
        let pagination = (parts > 1).then(|| {
            let part_links: std::sync::Arc<[crate::site::PartLink]> = (1..=parts)
                .map(|n| {
                    let rows = &shown[releases::older_range(n, shown.len())];
                    let title = |i: Option<&usize>| {
                        i.map_or_else(String::new, |&i| {
                            site.pages[releases.all[i].page].title.clone()
                        })
                    };
                    crate::site::PartLink {
                        url: releases::part_url(first_url, n),
                        first: title(rows.first()),
                        last: title(rows.last()),
                    }
                })
                .collect();
            super::pagination_ctx(
                &crate::site::Pagination {
                    current: part,
                    total: parts,
                    prev: (part > 1).then(|| releases::part_url(first_url, part - 1)),
                    next: (part < parts).then(|| releases::part_url(first_url, part + 1)),
                    parts: part_links,
                },
                linker,
            )
        });
        ctx.insert(
            "whats_new",
            &WhatsNewCtx {
                product: product.map_or("", |p| p.name.as_str()),
                all_url: linker.link(WHATS_NEW_URL),
                // A product's page subscribes to its own notes.
                feed_url: linker.link(&product.map_or_else(
                    || FEED_URL.to_string(),
                    |p| releases::product_feed_url(&p.url),
                )),
                products: releases
                    .products
                    .iter()
                    .map(|p| ProductCtx {
                        name: &p.name,
                        url: linker.link(&p.url),
                        count: p.releases.len(),
                        current: p.url == first_url,
                    })
                    .collect(),
                releases: full.iter().map(|&i| entry(i, true)).collect(),
                older: older.iter().map(|&i| entry(i, false)).collect(),
                older_total: shown.len().saturating_sub(FULL_RELEASES),
                pagination,
            },
        );
        self.render_file("whats-new.html", &ctx, &url)
    }

    fn tech_stack(&self) -> anyhow::Result<OutputFile> {
        let site = self.site;
        let url = TECH_STACK_URL;
        let linker = Linker::Relative(url);
        let description = self.word("tech_stack_description");
        let title = self.word("tech_stack");
        let mut ctx = self.base_context(linker, url, title, description, Current::Other, None)?;
        let tools = self
            .generated
            .tools
            .iter()
            .map(|tool| {
                let main = tool.guides[0];
                let page = &site.pages[main];
                let mut owners: Vec<OwnerCtx> = Vec::new();
                // The others' names, for the "+N" that stands for them (each once).
                let mut more_owners: Vec<&str> = Vec::new();
                let mut seen = std::collections::HashSet::new();
                for &g in &tool.guides {
                    for owner in self.owners(g, linker) {
                        if !seen.insert(owner.id) {
                            continue;
                        }
                        if owners.len() < ROW_LINKS {
                            owners.push(owner);
                        } else {
                            more_owners.push(owner.name);
                        }
                    }
                    // Past a hundred the others are only counted: at 100,000 pages a tool had
                    // 600 guides.
                    if more_owners.len() > 99 {
                        break;
                    }
                }
                // The guide whose review falls due first speaks for the tool.
                let urgent = tool
                    .guides
                    .iter()
                    .copied()
                    .filter(|&g| site.pages[g].review.due.is_some())
                    .min_by_key(|&g| site.pages[g].review.due)
                    .unwrap_or(main);
                let others = &tool.guides[1..];
                ToolCtx {
                    name: &tool.name,
                    title: &page.title,
                    url: linker.link(&page.url),
                    summary: page.front.summary.as_deref().unwrap_or(""),
                    guides: others
                        .iter()
                        .take(catalog::ROW_GUIDES)
                        .map(|&g| Link {
                            title: site.pages[g].title.clone(),
                            url: linker.link(&site.pages[g].url),
                        })
                        .collect(),
                    more_guides: others.len().saturating_sub(catalog::ROW_GUIDES),
                    all_guides: tool.guides.len(),
                    all_guides_url: tool
                        .url
                        .as_deref()
                        .map(|u| linker.link(u))
                        .unwrap_or_default(),
                    vendor: &tool.vendor,
                    access: &tool.access,
                    owners,
                    more_owners: more_owners.len().min(99),
                    more_owner_names: more_owners
                        .iter()
                        .take(99)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(self.word("owners_separator")),
                    admins: tool
                        .admins
                        .iter()
                        .map(|id| Link {
                            title: site.owners.name(id).to_string(),
                            url: site
                                .owner_urls
                                .get(id)
                                .map(|u| linker.link(u))
                                .unwrap_or_default(),
                        })
                        .collect(),
                    status: page.status().as_str(),
                    review: ReviewCtx::of(&site.pages[urgent]),
                }
            })
            .collect();
        ctx.insert("stack", &StackCtx { tools });
        self.render_file("tech-stack.html", &ctx, url)
    }
}
