//! The link graph between pages: who links to whom (backlinks, from Markdown links and
//! wikilinks alike) and the typed references of front matter (`tools`, `templates`,
//! `related`, and a kind's `page` fields), kept both ways so a tool guide can list the
//! processes that use it.

use crate::config::FieldType;
use crate::site::{LinkIndex, Page};

/// Typed references of one page, by target page index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct References {
    /// `tools:` (forward) or the pages naming this page in their `tools:` (reverse).
    pub tools: Vec<usize>,
    /// `templates:`, or the pages naming this page in their `templates:`.
    pub templates: Vec<usize>,
    /// `related:`; related is symmetric, so the reverse is merged in.
    pub related: Vec<usize>,
}

/// The whole graph, indexed like the site's pages.
#[derive(Debug, Clone, Default)]
pub struct Graph {
    /// Pages linking to each page, sorted by page index, without itself.
    pub backlinks: Vec<Vec<usize>>,
    /// What each page references.
    pub references: Vec<References>,
    /// What references each page.
    pub referenced_by: Vec<References>,
    /// For each page, the pages its kind's `page` and `pages` fields name, by field (in the
    /// order of `Page::extra`) and value, `None` where a value names no page.
    pub field_pages: Vec<Vec<Vec<Option<usize>>>>,
}

impl Graph {
    /// Builds the graph from rendered pages; references that name no page are skipped here
    /// (`validate::page_references` reports them).
    pub fn build(pages: &[Page], index: &LinkIndex) -> Graph {
        let n = pages.len();
        let mut graph = Graph {
            backlinks: vec![Vec::new(); n],
            references: vec![References::default(); n],
            referenced_by: vec![References::default(); n],
            field_pages: vec![Vec::new(); n],
        };
        for (from, page) in pages.iter().enumerate() {
            for link in &page.rendered.links {
                if link.target < n && link.target != from {
                    graph.backlinks[link.target].push(from);
                }
            }
            let resolve = |values: &[crate::frontmatter::Located<String>]| -> Vec<usize> {
                values
                    .iter()
                    .filter_map(|v| index.page_by_reference(&v.value))
                    .filter(|&to| to != from)
                    .collect()
            };
            let refs = References {
                tools: resolve(&page.front.tools),
                templates: resolve(&page.front.templates),
                related: resolve(&page.front.related),
            };
            for &to in &refs.tools {
                graph.referenced_by[to].tools.push(from);
            }
            for &to in &refs.templates {
                graph.referenced_by[to].templates.push(from);
            }
            for &to in &refs.related {
                graph.referenced_by[to].related.push(from);
            }
            graph.references[from] = refs;
            // A kind's page field ("supersedes: policies/old") links like the body does, so
            // the page it names lists this one under "Linked from".
            graph.field_pages[from] = page
                .extra
                .iter()
                .map(|field| match field.field_type {
                    FieldType::Page | FieldType::Pages => field
                        .values
                        .iter()
                        .map(|v| index.page_by_reference(&v.value))
                        .collect(),
                    _ => Vec::new(),
                })
                .collect();
            for &to in graph.field_pages[from].iter().flatten().flatten() {
                if to != from {
                    graph.backlinks[to].push(from);
                }
            }
        }
        for list in graph
            .backlinks
            .iter_mut()
            .chain(
                graph
                    .references
                    .iter_mut()
                    .flat_map(|r| [&mut r.tools, &mut r.templates, &mut r.related]),
            )
            .chain(
                graph
                    .referenced_by
                    .iter_mut()
                    .flat_map(|r| [&mut r.tools, &mut r.templates, &mut r.related]),
            )
        {
            list.sort_unstable();
            list.dedup();
        }
        graph
    }

    /// Pages related to `p` either way.
    pub fn related(&self, p: usize) -> Vec<usize> {
        let mut all: Vec<usize> = self.references[p]
            .related
            .iter()
            .chain(&self.referenced_by[p].related)
            .copied()
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}
