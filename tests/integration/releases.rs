//! What's new, the Atom feed of release notes and the tech-stack catalog: their order, their
//! contents, and their absence (with every link to them) when a site has no release notes or
//! no tool guides.

use std::collections::BTreeSet;

use atom_syndication::Feed;

use crate::support::{SiteTest, tree};

/// Byte positions of each `needle` in `haystack`, panicking when one is missing.
fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            haystack
                .find(n)
                .unwrap_or_else(|| panic!("{n:?} not found"))
        })
        .collect()
}

/// Asserts that `needles` appear in `haystack` in this order.
fn assert_in_order(haystack: &str, needles: &[&str]) {
    let found = positions(haystack, needles);
    for (pair, names) in found.windows(2).zip(needles.windows(2)) {
        assert!(
            pair[0] < pair[1],
            "{:?} should come before {:?}",
            names[0],
            names[1]
        );
    }
}

fn parse_feed(xml: &str) -> Feed {
    xml.parse::<Feed>()
        .unwrap_or_else(|e| panic!("releases.xml is not a valid Atom feed: {e}\n{xml}"))
}

fn entry_titles(feed: &Feed) -> Vec<String> {
    feed.entries()
        .iter()
        .map(|e| e.title().value.clone())
        .collect()
}

/// The `<main>` of a page, so the header and footer links do not count.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("<main>");
    let end = html.find("</main>").expect("</main>");
    &html[start..end]
}

/// A release note of the `basic` fixture's Web app, or of another product.
fn release(product: &str, version: &str, date: &str) -> String {
    format!(
        "---\ntitle: {product} {version}\nsummary: What changed in {product} {version}.\n\
         version: \"{version}\"\ndate: {date}\nproduct: {product}\n---\n\n\
         ## Fixed {{#fixed}}\n\nSee [the first release](web-1.0.0.md) and [fixed](#fixed).\n"
    )
}

// Checks the example site: the combined What's new page orders releases by date then version
// across products, each product page by version (2.10.0 after 2.9.0), and the Atom feed
// parses, keeps the combined order and has unique ids and absolute links from `base_url`.
#[test]
fn example_site_whats_new_and_feed_follow_release_order() {
    let site = SiteTest::example_site();
    site.build(&[]).expect_code(0);

    let combined = [
        "Web app 3.1.0",
        "Mobile app 5.4.0",
        "Web app 3.0.0",
        "Mobile app 5.3.1",
        "Mobile app 5.3.0",
        "Web app 2.10.1",
        "Web app 2.10.0",
        "Mobile app 5.2.0",
        "Mobile app 5.1.0",
        "Web app 2.9.0",
        "Web app 2.8.0",
    ];
    let whats_new = site.read_output("whats-new/index.html");
    let main = main_of(&whats_new);
    assert_in_order(main, &combined);
    assert_eq!(
        main.matches("<li class=\"release\"").count(),
        combined.len()
    );
    // Each entry: product, version, date, summary and the rendered body, with its links
    // rewritten to work from /whats-new/ and ids made unique on the page.
    assert!(main.contains("<time class=\"release-date\" datetime=\"2026-08-18\">"));
    assert!(main.contains("Version <strong>2.10.0</strong>"));
    assert!(main.contains("Bulk reassign in beta, part-time technicians"));
    assert!(main.contains("href=\"../releases/web/2.10.0/\""));
    assert!(main.contains("href=\"../processes/releases/hotfix-process/\""));
    assert!(main.contains("id=\"releases-web-2.10.0-highlights\""));
    assert!(main.contains("<a class=\"kind-tag release-product\" href=\"web-app/\">Web app</a>"));

    let web = site.read_output("whats-new/web-app/index.html");
    assert_in_order(
        main_of(&web),
        &[
            "Web app 3.1.0",
            "Web app 3.0.0",
            "Web app 2.10.1",
            "Web app 2.10.0",
            "Web app 2.9.0",
            "Web app 2.8.0",
        ],
    );
    assert!(
        !main_of(&web).contains("Mobile app 5."),
        "only Web app releases"
    );
    let mobile = site.read_output("whats-new/mobile-app/index.html");
    assert_in_order(
        main_of(&mobile),
        &[
            "Mobile app 5.4.0",
            "Mobile app 5.3.1",
            "Mobile app 5.3.0",
            "Mobile app 5.2.0",
            "Mobile app 5.1.0",
        ],
    );
    assert!(
        !main_of(&mobile).contains("Web app 2."),
        "only Mobile app releases"
    );

    let feed = parse_feed(&site.read_output("releases.xml"));
    assert_eq!(entry_titles(&feed), combined);
    assert_eq!(feed.updated().to_rfc3339(), "2026-11-10T00:00:00+00:00");
    assert_eq!(
        feed.id(),
        "https://wiki.northwind.example/product-ops/releases.xml"
    );
    let link = |rel: &str| {
        feed.links()
            .iter()
            .find(|l| l.rel() == rel)
            .unwrap_or_else(|| panic!("no {rel} link"))
            .href()
            .to_string()
    };
    assert_eq!(
        link("self"),
        "https://wiki.northwind.example/product-ops/releases.xml"
    );
    assert_eq!(
        link("alternate"),
        "https://wiki.northwind.example/product-ops/whats-new/"
    );
    let ids: BTreeSet<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), combined.len(), "entry ids are unique");
    let updated: Vec<String> = feed
        .entries()
        .iter()
        .map(|e| e.updated().to_rfc3339())
        .collect();
    assert!(
        updated.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {updated:?}"
    );
    let entry = feed
        .entries()
        .iter()
        .find(|e| e.title().value == "Web app 2.10.1")
        .unwrap();
    assert_eq!(
        entry.id(),
        "https://wiki.northwind.example/product-ops/releases/web/2.10.1/"
    );
    assert_eq!(entry.updated().to_rfc3339(), "2026-08-21T00:00:00+00:00");
    assert_eq!(
        entry.links()[0].href(),
        "https://wiki.northwind.example/product-ops/releases/web/2.10.1/"
    );
    let authors: Vec<&str> = entry.authors().iter().map(|a| a.name()).collect();
    assert_eq!(authors, ["Release Engineering", "Priya Raman"]);
    assert!(
        entry
            .summary()
            .is_some_and(|s| s.value.starts_with("Hotfix:"))
    );
    let content = entry.content().and_then(|c| c.value()).unwrap();
    assert!(
        content.contains(
            "href=\"https://wiki.northwind.example/product-ops/processes/releases/hotfix-process/\""
        ),
        "{content}"
    );

    // Every page announces the feed, relative to itself; the header links both new pages.
    let home = site.read_output("index.html");
    assert!(home.contains(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Northwind Product Ops: release notes\" href=\"releases.xml\">"
    ));
    let page = site.read_output("tools/pagerduty/index.html");
    assert!(page.contains("type=\"application/atom+xml\""));
    assert!(page.contains("href=\"../../releases.xml\""));
    assert!(page.contains("href=\"../../whats-new/\">What&#39;s new</a>"));
    assert!(page.contains("href=\"../../tech-stack/\">Tech stack</a>"));
    let sitemap = site.read_output("sitemap.xml");
    for url in [
        "whats-new/",
        "whats-new/web-app/",
        "whats-new/mobile-app/",
        "tech-stack/",
    ] {
        assert!(
            sitemap.contains(&format!(
                "<loc>https://wiki.northwind.example/product-ops/{url}</loc>"
            )),
            "{url} in sitemap"
        );
    }
}

// Checks version-aware order on a small site without `base_url`: a pre-release sorts before
// its release and a later hotfix of an older line (2.10.1, released last) tops the combined
// page and the feed but not the product page; feed ids are stable `tag:` URIs and links are
// relative to the feed.
#[test]
fn pre_releases_hotfixes_and_a_feed_without_base_url() {
    let site = SiteTest::fixture("basic");
    for (file, product, version, date) in [
        ("web-2.9.0", "Web app", "2.9.0", "2026-10-05"),
        ("web-2.10.0", "Web app", "2.10.0", "2026-10-20"),
        ("web-3.0.0-rc.1", "Web app", "3.0.0-rc.1", "2026-11-01"),
        ("web-3.0.0", "Web app", "v3.0.0", "2026-11-10"),
        ("web-2.10.1", "Web app", "2.10.1", "2026-11-12"),
        ("api-1.2.0", "Public API", "1.2.0", "2026-11-10"),
    ] {
        site.write(
            &format!("content/releases/{file}.md"),
            &release(product, version, date),
        );
    }
    site.build(&[]).expect_code(0);

    let combined = [
        "Web app 2.10.1",
        "Web app v3.0.0",
        "Public API 1.2.0",
        "Web app 3.0.0-rc.1",
        "Web app 2.10.0",
        "Web app 2.9.0",
        "Web app 1.0.0",
    ];
    let whats_new = site.read_output("whats-new/index.html");
    assert_in_order(main_of(&whats_new), &combined);
    let web = site.read_output("whats-new/web-app/index.html");
    assert_in_order(
        main_of(&web),
        &[
            "Web app v3.0.0",
            "Web app 3.0.0-rc.1",
            "Web app 2.10.1",
            "Web app 2.10.0",
            "Web app 2.9.0",
            "Web app 1.0.0",
        ],
    );
    assert!(main_of(&web).contains("Pre-release"));
    assert!(!main_of(&web).contains("Public API 1.2.0"));
    let api = site.read_output("whats-new/public-api/index.html");
    assert!(main_of(&api).contains("Public API 1.2.0"));
    // Ids of the bodies do not clash on the combined page.
    assert!(whats_new.contains("id=\"releases-web-2.10.1-fixed\""));
    assert!(whats_new.contains("href=\"#releases-web-2.10.1-fixed\""));
    assert!(whats_new.contains("href=\"../releases/web-1.0.0/\""));

    let feed = parse_feed(&site.read_output("releases.xml"));
    assert_eq!(entry_titles(&feed), combined);
    assert_eq!(feed.updated().to_rfc3339(), "2026-11-12T00:00:00+00:00");
    assert_eq!(feed.id(), "tag:fixture-wiki,2000:/releases.xml");
    let ids: Vec<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids[0], "tag:fixture-wiki,2000:/releases/web-2.10.1/");
    assert_eq!(
        ids.iter().collect::<BTreeSet<_>>().len(),
        ids.len(),
        "unique ids: {ids:?}"
    );
    assert_eq!(feed.entries()[0].links()[0].href(), "releases/web-2.10.1/");
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == "releases.xml")
    );
    // Without owners, the site title is the author.
    assert_eq!(feed.entries()[0].authors()[0].name(), "Fixture Wiki");
    let content = feed.entries()[0].content().and_then(|c| c.value()).unwrap();
    assert!(
        content.contains("href=\"releases/web-1.0.0/\""),
        "{content}"
    );

    // A base of a path alone begins the links; ids stay absolute IRIs (RFC 4287), `tag:` URIs
    // with the path (`/wiki/releases.xml` is no id).
    site.build(&["--base-url", "/wiki/"]).expect_code(0);
    let feed = parse_feed(&site.read_output("releases.xml"));
    assert_eq!(feed.id(), "tag:fixture-wiki,2000:/wiki/releases.xml");
    assert_eq!(
        feed.entries()[0].id(),
        "tag:fixture-wiki,2000:/wiki/releases/web-2.10.1/"
    );
    assert_eq!(
        feed.entries()[0].links()[0].href(),
        "/wiki/releases/web-2.10.1/"
    );
    assert!(
        content.contains("href=\"releases/web-2.10.1/#fixed\""),
        "{content}"
    );
}

// A wiki with many releases: What's new lists every one, the newest with their notes, and
// the feed carries the newest only.
#[test]
fn whats_new_and_the_feed_stay_small_with_many_releases() {
    let site = SiteTest::fixture("basic");
    let count = opsbook::releases::FEED_ENTRIES + 5;
    for n in 0..count {
        let date = jiff::civil::date(2026, 1, 1) + jiff::Span::new().days(n as i64);
        site.write(
            &format!("content/releases/api-1.{n}.0.md"),
            &release("Public API", &format!("1.{n}.0"), &date.to_string()),
        );
    }
    site.build(&[]).expect_code(0);
    let whats_new = site.read_output("whats-new/index.html");
    let main = main_of(&whats_new);
    // Every release is listed (the fixture's own Web app 1.0.0 too)...
    for n in 0..count {
        assert!(
            main.contains(&format!(">Public API 1.{n}.0</a>")),
            "1.{n}.0 listed"
        );
    }
    // ...the newest FULL_RELEASES with their notes.
    let bodies = main.matches("class=\"prose release-body\"").count();
    assert_eq!(bodies, 30, "notes shown in full");
    let newest = count - 1;
    let cut = main
        .find(&format!(">Public API 1.{}.0</a>", newest - 30))
        .unwrap();
    assert!(main[..cut].contains("release-body") && !main[cut..].contains("release-body"));
    // The older ones are rows of a table under one heading, not a heading each.
    assert_eq!(main.matches("<h2 class=\"release-title\"").count(), 30);
    assert!(
        main.contains(&format!(
            "Older releases <span class=\"listing-count\">{}</span>",
            count + 1 - 30
        )),
        "{main}"
    );
    assert!(
        main[cut..].contains("<td class=\"pt-page\"><a class=\"pt-title\""),
        "{main}"
    );
    let feed = parse_feed(&site.read_output("releases.xml"));
    let titles = entry_titles(&feed);
    assert_eq!(titles.len(), opsbook::releases::FEED_ENTRIES);
    assert!(
        titles[..2].contains(&format!("Public API 1.{newest}.0")),
        "{titles:?}"
    );
    assert!(
        !titles.contains(&"Public API 1.0.0".to_string()),
        "the oldest left out"
    );
}

// Checks that What's new lists its older releases 200 a part (`/whats-new/page/2/`), each part
// counting them all and linking to the others: at 100,000 pages one page listed 25,068 rows,
// 7.9 MB that took 4 s to open. And that the release notes' own listing is in the same order,
// newest first (by title, `1.10.0` came before `1.2.0`).
#[test]
fn whats_new_lists_older_releases_in_parts() {
    let site = SiteTest::fixture("basic");
    let count = 240;
    for n in 0..count {
        let date = jiff::civil::date(2025, 1, 1) + jiff::Span::new().days(n as i64);
        site.write(
            &format!("content/releases/api-1.{n}.0.md"),
            &release("Public API", &format!("1.{n}.0"), &date.to_string()),
        );
    }
    site.build(&[]).expect_code(0);
    // 241 releases with the fixture's Web app 1.0.0: 30 in full, 211 older; the product's
    // page 240: 30 and 210.
    for (first, second, older) in [
        (
            "whats-new/index.html",
            "whats-new/page/2/index.html",
            count + 1 - 30,
        ),
        (
            "whats-new/public-api/index.html",
            "whats-new/public-api/page/2/index.html",
            count - 30,
        ),
    ] {
        let rows = |page: &str| {
            let html = site.read_output(page);
            let main = main_of(&html).to_string();
            let table = &main[main.find("<tbody>").unwrap()..main.find("</tbody>").unwrap()];
            (table.matches("<tr ").count(), main)
        };
        let (n1, main1) = rows(first);
        let (n2, main2) = rows(second);
        assert_eq!((n1, n2), (200, older - 200), "{first}");
        for main in [&main1, &main2] {
            assert!(
                main.contains(&format!(
                    "Older releases <span class=\"listing-count\">{older}</span>"
                )) && main.contains("<span class=\"pagination-status\">Page "),
                "{main}"
            );
        }
        assert!(main1.contains("release-body") && !main2.contains("release-body"));
        assert!(
            main1.contains(">Public API 1.209.0</a>") && main2.contains(">Public API 1.0.0</a>")
        );
        assert!(main2.contains("rel=\"prev\""), "{main2}");
    }
    let title = site.read_output("whats-new/page/2/index.html");
    assert!(
        title.contains("<title>What&#39;s new (page 2 of 2)"),
        "{title}"
    );
    // The release notes' listing, newest first.
    let listing = site.read_output("kinds/release/index.html");
    let at = |t: &str| listing.find(t).unwrap_or_else(|| panic!("{t}"));
    assert!(at(">Public API 1.239.0<") < at(">Public API 1.100.0<"));
    assert!(at(">Public API 1.100.0<") < at(">Public API 1.99.0<"));
}

// Checks the tech-stack catalog of the example site: one row per tool (a guide each) with its vendor,
// owners (linked to their pages), access and admins, a review badge whose `data-sort` is the
// due date, and a sort button in every column header.
#[test]
fn tech_stack_lists_every_tool_guide() {
    let site = SiteTest::example_site();
    site.build(&[]).expect_code(0);
    let html = site.read_output("tech-stack/index.html");
    let main = main_of(&html);
    let guides = std::fs::read_dir(site.path("content/tools"))
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            let name = name.to_string_lossy();
            name.ends_with(".md") && name != "_index.md"
        })
        .count();
    assert_eq!(guides, 12);
    let body = &main[main.find("<tbody>").unwrap()..main.find("</tbody>").unwrap()];
    assert_eq!(
        body.matches("<tr>").count(),
        guides,
        "one row per tool guide"
    );
    assert_in_order(
        body,
        &["Amplitude", "Figma", "GitHub", "PagerDuty", "Zendesk"],
    );

    let row = body
        .split("<tr>")
        .find(|r| r.contains(">PagerDuty</a>"))
        .unwrap();
    assert!(row.contains("href=\"../tools/pagerduty/\""), "{row}");
    assert!(
        row.contains("<td class=\"st-vendor\">PagerDuty, Inc.</td>"),
        "{row}"
    );
    assert!(
        row.contains("href=\"../owners/team-sre/\">Site Reliability Engineering</a>"),
        "{row}"
    );
    assert!(
        row.contains("Engineers on a rotation get a Responder seat automatically"),
        "{row}"
    );
    assert!(row.contains("data-sort=\"2026-12-03\""), "{row}");
    assert!(row.contains("review-due_soon"), "{row}");
    let github = body
        .split("<tr>")
        .find(|r| r.contains(">GitHub</a>"))
        .unwrap();
    assert!(
        github.contains(">Release Engineering</a>") && github.contains(">IT and Security</a>"),
        "admins: {github}"
    );

    assert!(main.contains("<table class=\"stack-table\" data-sortable>"));
    let head = &main[main.find("<thead>").unwrap()..main.find("</thead>").unwrap()];
    assert_eq!(head.matches("<th scope=\"col\"").count(), 6);
    assert_eq!(
        head.matches("<button type=\"button\" class=\"sort-button\">")
            .count(),
        6
    );
    assert_eq!(head.matches("aria-sort=\"ascending\"").count(), 1);
    let script = site.read_output("assets/opsbook.js");
    assert!(script.contains("table[data-sortable]") && script.contains("aria-sort"));
}

// Checks that the catalog lists tools, not guides: a tool's guides share its row, the one
// titled like it first, the next five under its name and a link to a listing of all of them,
// and the owners of them all (five, then how many more). A row a guide made the
// catalog of a 100,000-page wiki 20,000 rows for 32 tools, 12 MB and a tab frozen on each sort.
#[test]
fn tech_stack_rows_are_tools_with_their_guides() {
    let site = SiteTest::example_site();
    // The last one's owner, past the five named, is another's again: counted once.
    let owners = [
        "priya.raman",
        "tom.okafor",
        "maya.lindqvist",
        "diego.alvarez",
        "amara.nwosu",
        "kenji.watanabe",
        "lucia.ferreira",
        "kenji.watanabe",
    ];
    for (i, owner) in owners.iter().enumerate() {
        site.write(
            &format!("content/tools/pagerduty-{i}.md"),
            &format!(
                "---\ntitle: \"PagerDuty: recipe {i}\"\nowner: {owner}\nlast_reviewed: 2026-11-01\ntool: pagerduty \n---\nText.\n"
            ),
        );
    }
    site.build(&[]).expect_code(0);
    let html = site.read_output("tech-stack/index.html");
    let main = main_of(&html);
    let body = &main[main.find("<tbody>").unwrap()..main.find("</tbody>").unwrap()];
    assert_eq!(body.matches("<tr>").count(), 12, "one row a tool");
    let row = body
        .split("<tr>")
        .find(|r| r.contains(">PagerDuty</a>"))
        .unwrap();
    // The main guide, its fields, then five more guides and all seven others behind a link.
    assert!(
        row.contains("<a class=\"pt-title\" href=\"../tools/pagerduty/\">PagerDuty</a>"),
        "{row}"
    );
    assert!(
        row.contains("<td class=\"st-vendor\">PagerDuty, Inc.</td>"),
        "{row}"
    );
    assert_eq!(row.matches(">PagerDuty: recipe ").count(), 5, "{row}");
    // Its listing sits under the tech stack.
    let listing = site.read_output("tech-stack/pagerduty/index.html");
    assert!(
        listing.contains("<a href=\"../\">Tech stack</a>"),
        "{listing}"
    );
    assert!(
        row.contains("<a class=\"st-all\" href=\"pagerduty/\">All 9 pages</a>"),
        "{row}"
    );
    // Which lists exactly the tool's guides (a search for its name found others, and missed
    // guides that do not say it).
    let all = site.read_output("tech-stack/pagerduty/index.html");
    let main_all = main_of(&all);
    assert_eq!(
        main_all.matches(">PagerDuty: recipe ").count(),
        8,
        "{main_all}"
    );
    assert!(main_all.contains(">PagerDuty</a>"), "{main_all}");
    // team-sre and the first four of the seven others, then the three left.
    assert!(row.contains(">Site Reliability Engineering</a>"), "{row}");
    assert!(
        row.contains("<span class=\"pt-owner pt-owner-more\" title=\"Amara Nwosu, Kenji Watanabe, Lucía Ferreira\">+3</span>"),
        "{row}"
    );
}

// Checks that a site with no tool guides and no release notes gets no What's new, product,
// tech-stack or feed files, and that no page links to them or announces a feed.
#[test]
fn no_tools_and_no_releases_means_no_pages_and_no_links() {
    let site = SiteTest::fixture("basic");
    std::fs::remove_dir_all(site.path("content/tools")).unwrap();
    std::fs::remove_dir_all(site.path("content/releases")).unwrap();
    let page = "content/processes/incidents/incident-response.md";
    let text = std::fs::read_to_string(site.path(page)).unwrap();
    site.write(
        page,
        &text.replace(
            "[PagerDuty](../../tools/pagerduty.md#paging-someone)",
            "PagerDuty",
        ),
    );
    site.build(&[]).expect_code(0);
    let files = tree(&site.path("public"));
    for path in files.keys() {
        assert!(
            !path.starts_with("whats-new/")
                && !path.starts_with("tech-stack/")
                && path != "releases.xml",
            "{path} should not be built"
        );
    }
    let mut scanned = 0;
    for (path, bytes) in &files {
        if !(path.ends_with(".html") || path.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for needle in [
            "whats-new",
            "tech-stack",
            "releases.xml",
            "application/atom+xml",
            "What&#39;s new",
            "What's new",
            "Tech stack",
        ] {
            assert!(!text.contains(needle), "{path} mentions {needle}");
        }
        scanned += 1;
    }
    assert!(scanned > 5, "only {scanned} files scanned");
}

// Checks that a page or folder where opsbook writes What's new or the tech stack is an error,
// and that the same URL is free on a site without release notes.
#[test]
fn pages_at_generated_urls_are_reported() {
    let site = SiteTest::fixture("basic");
    site.write("content/tech-stack.md", "# Our stack\n");
    site.write("content/whats-new/notes.md", "# Notes\n");
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "this page would be published at `/tech-stack/`, where opsbook writes “Tech stack”"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "this page's folder would be published at `/whats-new/`, where opsbook writes “What's new”"
        ),
        "{}",
        run.stderr
    );

    std::fs::remove_dir_all(site.path("content/releases")).unwrap();
    let run = site.check(&[]);
    assert!(!run.stderr.contains("/whats-new/"), "{}", run.stderr);
}

// Checks that a folder of release notes lists them newest version first, as What's new does,
// in its listing, the sidebar's tree and previous/next: by title, 1.10.0 came before 1.9.0.
#[test]
fn a_folder_of_release_notes_is_ordered_by_version_newest_first() {
    let site = SiteTest::fixture("basic");
    for (version, date) in [
        ("1.9.0", "2026-10-20"),
        ("1.10.0", "2026-11-01"),
        ("1.2.0", "2026-10-10"),
    ] {
        site.write(
            &format!("content/releases/web-{version}.md"),
            &release("Web app", version, date),
        );
    }
    site.build(&[]).expect_code(0);
    let order = [
        "web-1.10.0/\"",
        "web-1.9.0/\"",
        "web-1.2.0/\"",
        "web-1.0.0/\"",
    ];
    assert_in_order(main_of(&site.read_output("releases/index.html")), &order);
    let page = site.read_output("releases/web-1.9.0/index.html");
    let tree = page
        .split("data-tree=\"../../assets/nav/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page names its sidebar tree");
    let tree = site.read_output(&format!("assets/nav/{tree}"));
    assert_in_order(&tree, &order);
    assert_in_order(
        &page,
        &[
            "rel=\"prev\"",
            "Web app 1.10.0",
            "rel=\"next\"",
            "Web app 1.2.0",
        ],
    );
}

// Checks that a release note whose `version` is written empty is told to give one, as one
// without the key is: it passed, and What's new listed a release of no version.
#[test]
fn an_empty_version_is_a_missing_one() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/releases/web-next.md",
        "---\ntitle: Web app next\nversion: \"\"\ndate: 2026-10-09\nproduct: Web app\n---\nNotes.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let found: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "content/releases/web-next.md:3 missing-field `version` is required for release notes but empty"
        ]
    );
}

// Checks that product names of one address (`Web app`, `web-app`, `WEB APP`) are one
// product, named as most of its notes write it: each spelling was a product of its own,
// and a note spelt otherwise moved the product's page to `/whats-new/web-app-3/`.
#[test]
fn product_names_of_one_address_are_one_product() {
    let site = SiteTest::fixture("basic");
    for (file, product, version, date) in [
        ("web-1.1.0", "Web app", "1.1.0", "2026-10-09"),
        ("web-1.2.0", "web-app", "1.2.0", "2026-10-16"),
        ("web-1.3.0", "WEB APP", "1.3.0", "2026-10-23"),
    ] {
        site.write(
            &format!("content/releases/{file}.md"),
            &release(product, version, date),
        );
    }
    site.build(&[]).expect_code(0);
    let products: Vec<String> = tree(&site.path("public/whats-new"))
        .keys()
        .filter(|path| path.ends_with("/index.html"))
        .cloned()
        .collect();
    assert_eq!(products, ["web-app/index.html"]);
    let web = site.read_output("whats-new/web-app/index.html");
    assert!(web.contains("<title>What&#39;s new in Web app ·"), "{web}");
    for title in [
        "Web app 1.0.0",
        "WEB APP 1.3.0",
        "web-app 1.2.0",
        "Web app 1.1.0",
    ] {
        assert!(
            main_of(&web).contains(title),
            "{title} is in Web app's history"
        );
    }
}

// Checks that a release withdrawn (`status: deprecated`) says so on What's new and in the
// feed, where it was listed like any other, and that a draft release note needs no date yet.
#[test]
fn a_deprecated_release_is_marked_and_a_draft_needs_no_date() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/releases/web-1.0.1.md",
        "---\ntitle: Web app 1.0.1\nversion: \"1.0.1\"\ndate: 2026-10-09\nproduct: Web app\nstatus: deprecated\n---\nPulled: it broke exports.\n",
    );
    site.write(
        "content/releases/web-1.1.0.md",
        "---\ntitle: Web app 1.1.0\nversion: \"1.1.0\"\nproduct: Web app\nstatus: draft\n---\nNext.\n",
    );
    site.build(&[]).expect_code(0);
    let whats_new = site.read_output("whats-new/index.html");
    let entry = &whats_new[whats_new.find("Web app 1.0.1</a>").unwrap()..];
    let entry = &entry[..entry.find("</header>").unwrap()];
    assert!(
        entry.contains("<span class=\"status-badge status-deprecated\">Deprecated</span>"),
        "{entry}"
    );
    let feed = parse_feed(&site.read_output("releases.xml"));
    let pulled = feed
        .entries()
        .iter()
        .find(|e| e.title().as_str().starts_with("Web app 1.0.1"))
        .unwrap();
    assert_eq!(pulled.title().as_str(), "Web app 1.0.1 (Deprecated)");
    assert!(pulled.categories().iter().any(|c| c.term() == "deprecated"));
    assert!(!entry_titles(&feed).iter().any(|t| t.contains("1.1.0")));
}

// Checks that a listing of pages none of which is reviewed (release notes) has no Review
// column, which said "No review date" on every row, and that a listing of processes keeps it.
#[test]
fn listings_of_pages_never_reviewed_have_no_review_column() {
    let site = SiteTest::example_site();
    site.build(&[]).expect_code(0);
    let releases = site.read_output("kinds/release/index.html");
    assert!(releases.contains("<table class=\"page-table no-review\">"));
    assert!(!releases.contains("pt-review"));
    assert!(!releases.contains("No review date"));
    let processes = site.read_output("kinds/process/index.html");
    assert!(
        processes.contains("<td class=\"pt-review\">"),
        "{processes}"
    );
}

// Checks that `opsbook report` lists numbered files as people read them: `web-1.8.0` before
// `web-1.10.0`, `rc.2` before `rc.10` (it sorted them as text, 1.10 before 1.8).
#[test]
fn the_report_orders_numbered_files_by_their_numbers() {
    let site = SiteTest::fixture("basic");
    for (file, version, date) in [
        ("web-1.10.0", "1.10.0", "2026-10-20"),
        ("web-1.8.0", "1.8.0", "2026-10-05"),
        ("web-2.0.0-rc.10", "2.0.0-rc.10", "2026-11-02"),
        ("web-2.0.0-rc.2", "2.0.0-rc.2", "2026-11-01"),
    ] {
        site.write(
            &format!("content/releases/{file}.md"),
            &release("Web app", version, date),
        );
    }
    let run = site.report(&["--format", "json"]);
    run.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let sources: Vec<&str> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"].as_str().unwrap())
        .filter(|s| s.starts_with("content/releases/web-"))
        .collect();
    assert_eq!(
        sources,
        [
            "content/releases/web-1.0.0.md",
            "content/releases/web-1.8.0.md",
            "content/releases/web-1.10.0.md",
            "content/releases/web-2.0.0-rc.2.md",
            "content/releases/web-2.0.0-rc.10.md",
        ]
    );
}

// Checks that release notes naming no product are one product's only in one folder: two apps'
// notes (`releases/api/`, `releases/mobile/`) sharing a number were called duplicates.
#[test]
fn notes_without_a_product_are_duplicates_only_in_one_folder() {
    let site = SiteTest::fixture("basic");
    let note = |title: &str| {
        format!("---\ntitle: {title}\nversion: \"2.0.0\"\ndate: 2026-10-01\n---\nText.\n")
    };
    site.write("content/releases/api/a.md", &note("API 2.0.0"));
    site.write("content/releases/mobile/m.md", &note("Mobile 2.0.0"));
    site.write(
        "content/releases/mobile/m-copy.md",
        &note("Mobile 2.0.0 again"),
    );
    let run = site.check(&["--format", "json"]);
    let found: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "duplicate-version")
        .map(|d| {
            format!(
                "{} {}",
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        ["content/releases/mobile/m.md `content/releases/mobile/m-copy.md` is version 2.0.0 too"]
    );
}

// Checks that each product has a feed of its own notes, which its What's new page links: a
// product's readers got every product's notes.
#[test]
fn each_product_has_its_own_feed() {
    let site = SiteTest::fixture("basic");
    for (file, product, version, date) in [
        ("web-1.1.0", "Web app", "1.1.0", "2026-10-09"),
        ("api-2.0.0", "Public API", "2.0.0", "2026-10-12"),
    ] {
        site.write(
            &format!("content/releases/{file}.md"),
            &release(product, version, date),
        );
    }
    site.build(&["--base-url", "https://wiki.example/"])
        .expect_code(0);
    let web = parse_feed(&site.read_output("whats-new/web-app/releases.xml"));
    assert_eq!(entry_titles(&web), ["Web app 1.1.0", "Web app 1.0.0"]);
    assert_eq!(
        web.id(),
        "https://wiki.example/whats-new/web-app/releases.xml"
    );
    assert!(
        web.title().as_str().contains("Web app"),
        "{}",
        web.title().as_str()
    );
    let api = parse_feed(&site.read_output("whats-new/public-api/releases.xml"));
    assert_eq!(entry_titles(&api), ["Public API 2.0.0"]);
    let all = parse_feed(&site.read_output("releases.xml"));
    assert_eq!(entry_titles(&all).len(), 3);
    let page = site.read_output("whats-new/web-app/index.html");
    assert!(
        page.contains("class=\"feed-link\" href=\"releases.xml\""),
        "{page}"
    );
}

// Checks that `pages.json` (and `report --format json`) gives a release note's version, date
// and product, which scripts had to read from the Markdown, and nothing of the kind for other
// pages.
#[test]
fn pages_json_gives_a_release_notes_version_date_and_product() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/releases/web-2.0.0-rc.1.md",
        &release("Web app", "2.0.0-rc.1", "2026-11-01"),
    );
    site.build(&[]).expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&site.read_output("pages.json")).unwrap();
    let page = |source: &str| {
        json["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["source"] == source)
            .unwrap_or_else(|| panic!("{source} in pages.json"))
            .clone()
    };
    assert_eq!(
        page("content/releases/web-2.0.0-rc.1.md")["release"],
        serde_json::json!({"version": "2.0.0-rc.1", "date": "2026-11-01", "product": "Web app"})
    );
    assert!(page("content/tools/pagerduty.md").get("release").is_none());
}
