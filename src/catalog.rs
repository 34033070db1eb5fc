//! The tech-stack catalog: the tool guides (pages of the `tool` kind, not a section's
//! `_index.md`) as rows of `/tech-stack/`, one a tool, with the tool's name, vendor, owners,
//! how to get access and its admins. Pure: it reads a [`Site`] and returns data.

use crate::site::Site;

/// Root-relative URL of the tech-stack page.
pub const TECH_STACK_URL: &str = "/tech-stack/";

/// The id of the kind whose pages are tool guides.
pub const TOOL_KIND: &str = "tool";

/// One tool of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tool {
    /// Index of the guide in [`Site::pages`].
    pub page: usize,
    /// The `tool` field, else the guide's title.
    pub name: String,
    /// The `vendor` field (may be empty).
    pub vendor: String,
    /// The `access` field: how to get access (may be empty).
    pub access: String,
    /// The `admins` field: owner ids.
    pub admins: Vec<String>,
}

/// Whether page `p` is a tool guide.
pub fn is_tool(site: &Site, p: usize) -> bool {
    let page = &site.pages[p];
    !page.is_index && page.kind.is_some_and(|k| site.kinds[k].id == TOOL_KIND)
}

/// Every tool guide of the site, by tool name (case-insensitive), then source path.
pub fn tools(site: &Site) -> Vec<Tool> {
    let values = |p: usize, key: &str| -> Vec<String> {
        site.pages[p]
            .extra
            .iter()
            .find(|f| f.key == key)
            .map(|f| {
                f.values
                    .iter()
                    .map(|v| v.value.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let first = |p: usize, key: &str| values(p, key).into_iter().next().unwrap_or_default();
    let mut tools: Vec<Tool> = (0..site.pages.len())
        .filter(|&p| is_tool(site, p))
        .map(|p| {
            let name = first(p, "tool");
            Tool {
                page: p,
                name: if name.is_empty() {
                    site.pages[p].title.clone()
                } else {
                    name
                },
                vendor: first(p, "vendor"),
                access: first(p, "access"),
                admins: values(p, "admins"),
            }
        })
        .collect();
    tools.sort_by_cached_key(|t| (t.name.to_lowercase(), site.pages[t.page].source.clone()));
    tools
}

/// One row of the catalog: a tool and its guides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolRow {
    /// The tool's name, as its main guide writes it.
    pub name: String,
    /// Its guides, the main one first: the guide titled like the tool, else the first by
    /// source path.
    pub guides: Vec<usize>,
    /// The first vendor, access and admins its guides give, the main one's first.
    pub vendor: String,
    pub access: String,
    pub admins: Vec<String>,
    /// The listing of all its guides (`/tech-stack/jira/`), when its row names only the first
    /// [`ROW_GUIDES`] after the main one.
    pub url: Option<String>,
}

/// How many guides after its main one a tool's row names; a tool with more has a listing of
/// them all.
pub const ROW_GUIDES: usize = 5;

/// The catalog's rows: the guides of [`tools`] grouped by tool name (case and surrounding
/// spaces aside), in its order. A row a guide listed 20,000 guides of 32 tools at 100,000
/// pages (12 MB, a tab frozen for 12 s on each sort); a catalog lists tools.
pub fn rows(site: &Site) -> Vec<ToolRow> {
    let mut rows: Vec<ToolRow> = Vec::new();
    let mut by_name: std::collections::HashMap<String, usize> = Default::default();
    // Case and spaces aside: `GitHub  Actions` is `github actions`.
    let spaced = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    for tool in tools(site) {
        let name = spaced(&tool.name);
        let key = name.to_lowercase();
        let titled_like_it = |p: usize| spaced(&site.pages[p].title).to_lowercase() == key;
        let Some(&at) = by_name.get(&key) else {
            by_name.insert(key, rows.len());
            rows.push(ToolRow {
                name,
                guides: vec![tool.page],
                vendor: tool.vendor,
                access: tool.access,
                admins: tool.admins,
                url: None,
            });
            continue;
        };
        let row = &mut rows[at];
        // The guide titled like the tool is its main one: first, its fields first.
        let main = titled_like_it(tool.page) && !titled_like_it(row.guides[0]);
        if main {
            row.guides.insert(0, tool.page);
            row.name = name;
        } else {
            row.guides.push(tool.page);
        }
        for (mine, theirs) in [
            (&mut row.vendor, tool.vendor),
            (&mut row.access, tool.access),
        ] {
            if mine.is_empty() || (main && !theirs.is_empty()) {
                *mine = theirs;
            }
        }
        if row.admins.is_empty() || (main && !tool.admins.is_empty()) {
            row.admins = tool.admins;
        }
    }
    let mut taken = std::collections::HashSet::new();
    for row in rows.iter_mut().filter(|r| r.guides.len() > ROW_GUIDES + 1) {
        let segment = crate::url::label_segment(&row.name);
        let segment = (1..)
            .map(|n| match n {
                1 => segment.clone(),
                n => format!("{segment}-{n}"),
            })
            .find(|s| taken.insert(s.clone()))
            .expect("a free name");
        row.url = Some(format!("{TECH_STACK_URL}{segment}/"));
    }
    rows
}

/// The generated tech-stack page, `(root-relative URL, title)`, when the site has tool guides.
pub fn generated_pages(site: &Site) -> Vec<(String, String)> {
    if (0..site.pages.len()).any(|p| is_tool(site, p)) {
        vec![(
            TECH_STACK_URL.to_string(),
            site.config.words.text("tech_stack").to_string(),
        )]
    } else {
        Vec::new()
    }
}
