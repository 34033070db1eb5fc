//! The review report: every page's review state as the objects of `pages.json` (a stable
//! interface for other tools), and `opsbook report` in Markdown grouped by owner, CSV or JSON.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde::Serialize;

use crate::cli::ReportFormat;
use crate::diag::Diagnostic;
use crate::owners::Owner;
use crate::review::ReviewStatus;
use crate::site::Site;
use crate::{Fatal, SiteOptions};

/// One page's record in `pages.json` and `opsbook report --format json`. Fields may be added;
/// these keep their meaning.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct PageRecord {
    /// Root-relative URL.
    pub url: String,
    /// Path from the site root, such as `content/processes/x.md`.
    pub source: String,
    /// Title.
    pub title: String,
    /// Kind id, or null for pages of no kind.
    pub kind: Option<String>,
    /// Owner ids.
    pub owners: Vec<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// `draft`, `active`, `deprecated` or `archived`.
    pub status: &'static str,
    /// `YYYY-MM-DD` or null.
    pub last_reviewed: Option<String>,
    /// `YYYY-MM-DD` or null.
    pub review_due: Option<String>,
    /// `ok`, `due_soon`, `overdue` or `none`.
    pub review_status: ReviewStatus,
    /// Days until the review is due (negative when overdue); null without a due date.
    pub review_days: Option<i64>,
    /// For a release note: its version, date and product as written (left out for other
    /// pages), so that a script need not read the Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub release: Option<ReleaseRecord>,
}

/// A release note's own fields in `pages.json`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ReleaseRecord {
    /// As written (`2.0.0-rc.1`, `v3.1`); empty when missing.
    pub version: String,
    /// `YYYY-MM-DD`, or null when missing or not a date.
    pub date: Option<String>,
    /// The product, named as its notes most write it; null when none.
    pub product: Option<String>,
}

/// The document `pages.json` holds.
#[derive(Debug, Serialize)]
pub struct PagesDocument<'a> {
    /// The day review states were judged on.
    pub today: String,
    /// The site's `base_url` without its final `/`: a page's `url` is its path from there
    /// (`base_url + url` is its address; with the slash, scripts joining them got `//`).
    pub base_url: &'a str,
    /// Every published page, sorted by `source` (its numbers as numbers: `1.8` before `1.10`).
    pub pages: &'a [PageRecord],
    /// Every owner, by id: those the pages name and those of `owners.yaml` (so a team's
    /// members and fallback are here too): how to reach them, for a script sending reminders.
    pub owners: BTreeMap<&'a str, OwnerRecord<'a>>,
}

/// An owner in `pages.json`: name and contacts (empty when `owners.yaml` has none, or there
/// is no `owners.yaml`), and who stands in for them.
#[derive(Debug, Serialize)]
pub struct OwnerRecord<'a> {
    pub name: &'a str,
    /// `team`, `person`, or null.
    pub kind: Option<&'a str>,
    pub email: &'a str,
    pub slack: &'a str,
    /// A team's members' ids.
    pub members: &'a [String],
    /// Another owner's id, or null.
    pub fallback: Option<&'a str>,
}

/// Records of every published page, sorted by source path.
pub fn records(site: &Site) -> Vec<PageRecord> {
    let releases = crate::releases::collect(site);
    let mut release_of: HashMap<usize, ReleaseRecord> = releases
        .all
        .into_iter()
        .map(|r| {
            let record = ReleaseRecord {
                version: r.version_text,
                date: r.date.map(|d| d.to_string()),
                product: r.product,
            };
            (r.page, record)
        })
        .collect();
    let mut records: Vec<PageRecord> = (site.pages.iter().enumerate())
        .map(|(p, page)| PageRecord {
            url: page.url.clone(),
            source: page.source.clone(),
            title: page.title.clone(),
            kind: page.kind.map(|k| site.kinds[k].id.clone()),
            owners: page.front.owners.iter().map(|o| o.value.clone()).collect(),
            tags: page.front.tags.clone(),
            status: page.status().as_str(),
            last_reviewed: page.review.last_reviewed.map(|d| d.to_string()),
            review_due: page.review.due.map(|d| d.to_string()),
            review_status: page.review.status,
            review_days: page.review.due.map(|_| page.review.days_left),
            release: release_of.remove(&p),
        })
        .collect();
    records.sort_by_cached_key(|r| (natural_key(&r.source), r.source.clone()));
    records
}

/// `text` with each run of digits padded to 20 (`web-1.8.0.md` is `web-000…1.000…8.000…0.md`),
/// so that keys compare as people read numbered files: `web-1.8.0` before `web-1.10.0`, `rc.2`
/// before `rc.10`. Made once a file: compared run by run for each pair, it was 1% of a build.
fn natural_key(text: &str) -> String {
    let mut key = String::with_capacity(text.len() + 32);
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest.starts_with(|c: char| c.is_ascii_digit());
        let len = rest
            .find(|c: char| c.is_ascii_digit() != digits)
            .unwrap_or(rest.len());
        let (run, after) = rest.split_at(len);
        if digits {
            let number = run.trim_start_matches('0');
            key.extend(std::iter::repeat_n(
                '0',
                20usize.saturating_sub(number.len()),
            ));
            key.push_str(number);
        } else {
            key.push_str(run);
        }
        rest = after;
    }
    key
}

/// `pages.json`: `{"today": …, "pages": […]}`.
pub fn pages_json(site: &Site, records: &[PageRecord]) -> String {
    let owners = records
        .iter()
        .flat_map(|r| &r.owners)
        .chain(site.owners.owners.keys())
        .map(|id| {
            let entry = site.owners.owners.get(id);
            let owner = OwnerRecord {
                name: site.owners.name(id),
                kind: entry.and_then(|e| e.kind.as_deref()),
                email: entry.map_or("", |e| e.email.as_str()),
                slack: entry.map_or("", |e| e.slack.as_str()),
                members: entry.map_or(&[], |e| e.members.as_slice()),
                fallback: entry.and_then(|e| e.fallback.as_deref()),
            };
            (id.as_str(), owner)
        })
        .collect();
    let document = PagesDocument {
        today: site.today.to_string(),
        base_url: site.config.base_url.trim_end_matches('/'),
        pages: records,
        owners,
    };
    let mut json = crate::render::inert_json(&document, true);
    json.push('\n');
    json
}

/// What `opsbook report` was asked for.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The site.
    pub site: SiteOptions,
    /// Output format.
    pub format: ReportFormat,
    /// Only these owners (empty: all).
    pub owners: Vec<String>,
    /// Only these review statuses (empty: all).
    pub statuses: Vec<String>,
}

/// Produces the report text, and the site's errors. Content problems do not stop it: it
/// reports what it can read.
pub fn report(options: &ReportOptions) -> Result<(String, Vec<Diagnostic>), Fatal> {
    let mut statuses = Vec::new();
    for status in &options.statuses {
        for name in status.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            statuses.push(parse_status(name).ok_or_else(|| {
                Fatal::Other(anyhow::anyhow!(
                    "--status {name}: not a review status\nhelp: use overdue, due_soon, ok or none"
                ))
            })?);
        }
    }
    let (site, diagnostics, _) = crate::load_site(&options.site)?;
    // The report is made all the same, but what an error hides (a page whose front matter
    // cannot be read shows as unowned and unreviewed) must not pass unnoticed.
    let mut errors: Vec<Diagnostic> = diagnostics
        .into_iter()
        .filter(|d| d.severity == crate::diag::Severity::Error)
        .collect();
    let mut owner_ids: Vec<String> = options
        .owners
        .iter()
        .map(|o| {
            site.owners
                .resolve(o)
                .map_or_else(|| o.clone(), str::to_string)
        })
        .collect();
    // "What do I have to review?": a person's report holds the pages of the teams they are a
    // member of, under each team, as the team's reminder goes to them too.
    for owner in owner_ids.clone() {
        for team in site.owners.teams_of(&owner) {
            if !owner_ids.iter().any(|o| o == team) {
                owner_ids.push(team.to_string());
            }
        }
    }
    for owner in &owner_ids {
        let known = site
            .pages
            .iter()
            .any(|p| p.front.owners.iter().any(|o| &o.value == owner))
            || site.owners.owners.contains_key(owner);
        if !known {
            let registry = &site.owners;
            let (what, likely) = if registry.present {
                ("not in owners.yaml", registry.likely(owner))
            } else {
                let named = site.pages.iter().flat_map(|p| &p.front.owners);
                let named = named.map(|o| o.value.as_str());
                (
                    "no page has this owner",
                    crate::frontmatter::did_you_mean(owner, named),
                )
            };
            let help = match likely {
                Some(id) => format!("\nhelp: did you mean \"{id}\"?"),
                None if registry.present => {
                    format!("\nhelp: owners in owners.yaml: {}", registry.some_ids())
                }
                None => String::new(),
            };
            return Err(Fatal::Other(anyhow::anyhow!(
                "--owner {owner}: {what}{help}"
            )));
        }
    }
    let all = records(&site);
    let selected: Vec<PageRecord> = all
        .into_iter()
        .filter(|r| statuses.is_empty() || statuses.contains(&r.review_status))
        .filter(|r| owner_ids.is_empty() || r.owners.iter().any(|o| owner_ids.contains(o)))
        .collect();
    // A review made an error by `--deny overdue` is about its page alone: one of a page left
    // out by `--owner` or `--status` is not this report's (a reminder script run per owner
    // fails for that owner's pages only). Any other error may hide a page from any owner.
    let shown: std::collections::HashSet<&str> =
        selected.iter().map(|r| r.source.as_str()).collect();
    errors.retain(|d| !is_review_rule(d.code) || shown.contains(d.path.as_str()));
    let text = match options.format {
        ReportFormat::Json => pages_json(&site, &selected),
        ReportFormat::Csv => csv(&site, &selected, &owner_ids),
        ReportFormat::Md => markdown(&site, &selected, &owner_ids),
    };
    Ok((text, errors))
}

/// Whether `code` is a rule about a page's review date, not about what the report reads.
pub fn is_review_rule(code: &str) -> bool {
    matches!(code, "overdue" | "due-soon")
}

fn parse_status(name: &str) -> Option<ReviewStatus> {
    match name.replace('-', "_").as_str() {
        "overdue" => Some(ReviewStatus::Overdue),
        "due_soon" => Some(ReviewStatus::DueSoon),
        "ok" => Some(ReviewStatus::Ok),
        "none" => Some(ReviewStatus::None),
        _ => None,
    }
}

/// Pages by owner id (`""` for pages without an owner), each group sorted most urgent first.
fn by_owner<'a>(
    records: &'a [PageRecord],
    only: &[String],
) -> BTreeMap<String, Vec<&'a PageRecord>> {
    let mut groups: BTreeMap<String, Vec<&PageRecord>> = BTreeMap::new();
    for record in records {
        if record.owners.is_empty() {
            groups.entry(String::new()).or_default().push(record);
        }
        for owner in &record.owners {
            if only.is_empty() || only.contains(owner) {
                groups.entry(owner.clone()).or_default().push(record);
            }
        }
    }
    for group in groups.values_mut() {
        // Stable: pages alike stay in the records' order, their files' (numbers as numbers).
        group.sort_by_key(|r| (r.review_status, r.review_days.unwrap_or(i64::MAX)));
    }
    groups
}

fn status_text(record: &PageRecord) -> String {
    let days = record.review_days.unwrap_or(0);
    let plural = |n: i64| if n == 1 { "" } else { "s" };
    match record.review_status {
        ReviewStatus::Overdue => format!("Overdue by {} day{}", -days, plural(-days)),
        ReviewStatus::DueSoon if days == 0 => "Due today".to_string(),
        ReviewStatus::DueSoon => format!("Due in {days} day{}", plural(days)),
        ReviewStatus::Ok => "OK".to_string(),
        // No schedule (release notes, archived pages) or no date: as the dashboard says it.
        ReviewStatus::None => "No review date".to_string(),
    }
}

fn page_link(site: &Site, record: &PageRecord) -> String {
    let base = site.config.base_url.trim_end_matches('/');
    format!("[{}]({base}{})", markdown_text(&record.title), record.url)
}

/// `text` as Markdown shows it as written: what Markdown or HTML would read (`*team*`,
/// `<b>`, a table's `|`) escaped with a backslash.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        // A line break would end the line, and start a heading or a list.
        if c.is_control() {
            out.push(' ');
            continue;
        }
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn count(records: &[&PageRecord], status: ReviewStatus) -> usize {
    records.iter().filter(|r| r.review_status == status).count()
}

fn markdown(site: &Site, records: &[PageRecord], only: &[String]) -> String {
    let mut out = String::new();
    let all: Vec<&PageRecord> = records.iter().collect();
    let _ = writeln!(out, "# Review report, {}\n", site.today);
    let _ = writeln!(
        out,
        "{} overdue · {} due soon · {} ok · {} without a review date ({} page{})\n",
        count(&all, ReviewStatus::Overdue),
        count(&all, ReviewStatus::DueSoon),
        count(&all, ReviewStatus::Ok),
        count(&all, ReviewStatus::None),
        all.len(),
        if all.len() == 1 { "" } else { "s" }
    );
    if records.is_empty() {
        out.push_str("No pages match.\n");
        return out;
    }
    let groups = by_owner(records, only);
    // Owners with the most overdue pages first, then by name.
    let mut order: Vec<(&String, &Vec<&PageRecord>)> = groups.iter().collect();
    order.sort_by_key(|(id, pages)| {
        (
            std::cmp::Reverse(count(pages, ReviewStatus::Overdue)),
            std::cmp::Reverse(count(pages, ReviewStatus::DueSoon)),
            site.owners.name(id).to_lowercase(),
        )
    });
    for (id, pages) in order {
        let heading = if id.is_empty() {
            "No owner".to_string()
        } else {
            format!("{} (`{id}`)", markdown_text(site.owners.name(id)))
        };
        let _ = writeln!(
            out,
            "## {heading}: {} overdue, {} due soon\n",
            count(pages, ReviewStatus::Overdue),
            count(pages, ReviewStatus::DueSoon)
        );
        if let Some(owner) = site.owners.owners.get(id.as_str()) {
            // Contacts as written, never read as Markdown: a Slack value of owners.yaml
            // holding a link, HTML or a line break made the report's links and headings.
            let contact = markdown_text(&owner.contact());
            if !contact.is_empty() {
                let _ = writeln!(out, "Contact: {contact}\n");
            }
            // A team's reminder reaches its people: a team with no contact of its own was
            // a heading nobody could be sent.
            let reach = |ids: &[String]| -> String {
                ids.iter()
                    .map(|m| {
                        let name = markdown_text(site.owners.name(m));
                        match site.owners.owners.get(m).map(Owner::contact_beside_name) {
                            Some(contact) if !contact.is_empty() => {
                                format!("{name} ({})", markdown_text(&contact))
                            }
                            _ => name,
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            if !owner.members.is_empty() {
                let _ = writeln!(out, "Members: {}\n", reach(&owner.members));
            }
            if let Some(fallback) = &owner.fallback {
                let _ = writeln!(
                    out,
                    "When unavailable: {}\n",
                    reach(std::slice::from_ref(fallback))
                );
            }
        }
        out.push_str("| Review | Page | Due | Source |\n|---|---|---|---|\n");
        for record in pages {
            let _ = writeln!(
                out,
                "| {} | {} | {} | `{}` |",
                status_text(record),
                page_link(site, record),
                record.review_due.as_deref().unwrap_or("–"),
                crate::diag::printable(&record.source)
            );
        }
        out.push('\n');
    }
    out
}

fn csv(site: &Site, records: &[PageRecord], only: &[String]) -> String {
    let mut out = String::from(
        "owner,owner_name,title,source,url,kind,status,review_status,last_reviewed,review_due,review_days,owner_email,owner_slack,address\n",
    );
    // A spreadsheet's reader clicks an address, not a path (`url`, as in `pages.json`).
    let base = site.config.base_url.trim_end_matches('/');
    for (id, pages) in by_owner(records, only) {
        let contact = site.owners.owners.get(&id);
        for r in pages {
            let fields = [
                id.clone(),
                if id.is_empty() {
                    String::new()
                } else {
                    site.owners.name(&id).to_string()
                },
                r.title.clone(),
                r.source.clone(),
                r.url.clone(),
                r.kind.clone().unwrap_or_default(),
                r.status.to_string(),
                r.review_status.as_str().to_string(),
                r.last_reviewed.clone().unwrap_or_default(),
                r.review_due.clone().unwrap_or_default(),
                r.review_days.map(|d| d.to_string()).unwrap_or_default(),
            ];
            // What page authors write (titles, and owners where there is no owners.yaml) is
            // defused for spreadsheets; the contacts of owners.yaml are written as they are,
            // for the scripts that send reminders (`@amara` came out `'@amara`).
            let contacts = [
                contact.map_or("", |o| o.email.as_str()),
                contact.map_or("", |o| o.slack.as_str()),
            ];
            let row: Vec<String> = fields
                .iter()
                .map(|f| csv_field(f))
                .chain(contacts.iter().map(|c| {
                    if is_contact(c) {
                        csv_quoted(c)
                    } else {
                        csv_field(c)
                    }
                }))
                .chain([csv_field(&format!("{base}{}", r.url))])
                .collect();
            out.push_str(&row.join(","));
            out.push('\n');
        }
    }
    out
}

/// Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). A leading `=`,
/// `+`, `-` or `@` is prefixed with `'` so spreadsheets do not run it as a formula.
fn csv_field(field: &str) -> String {
    // Tab and carriage return too, as OWASP advises: a spreadsheet may skip them first.
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) && field.parse::<i64>().is_err() {
        csv_quoted(&format!("'{field}"))
    } else {
        csv_quoted(field)
    }
}

/// Whether `text` is a Slack handle or channel (`@amara`, `#ops`) or a plain address
/// (`ops@example.com`): what a reminder script needs as it is, and no spreadsheet formula.
/// Anything else of owners.yaml's contact fields (`=HYPERLINK(…)`) is defused like a title.
fn is_contact(text: &str) -> bool {
    // Letters of any script (`@jürgen`, `@田中`, `#運用`), as Slack takes them.
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+'))
    };
    match text.chars().next() {
        None => true,
        Some('@' | '#') => word(&text[1..]),
        Some(c) if c.is_alphanumeric() => text
            .split_once('@')
            .is_some_and(|(local, domain)| word(local) && word(domain)),
        Some(_) => false,
    }
}

/// A CSV field as it is, quoted when it holds a comma, quote or line break (RFC 4180).
fn csv_quoted(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("-12"), "-12");
        assert_eq!(csv_field("\t=1+2"), "'\t=1+2");
        assert_eq!(csv_field("\r=1+3"), "\"'\r=1+3\"");
        for contact in [
            "@amara",
            "#ops-emea",
            "ops@example.com",
            "first.last+wiki@x.example",
            "@jürgen",
            "@田中",
            "#運用",
            "",
        ] {
            assert!(is_contact(contact), "{contact}");
        }
        for formula in [
            "=1+1@x.example",
            "=HYPERLINK(\"http://x\")",
            "@SUM(1)",
            "-x@y",
            "+1",
        ] {
            assert!(!is_contact(formula), "{formula}");
        }
    }

    #[test]
    fn statuses_parse_with_either_separator() {
        assert_eq!(parse_status("due-soon"), Some(ReviewStatus::DueSoon));
        assert_eq!(parse_status("due_soon"), Some(ReviewStatus::DueSoon));
        assert_eq!(parse_status("late"), None);
    }
}
