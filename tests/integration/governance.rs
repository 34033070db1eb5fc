//! Governance end to end: a foreign doc set governed through `field_map`, and `check`, `build`
//! and `report` agreeing on which pages are overdue.

use std::collections::BTreeSet;

use crate::support::SiteTest;

/// Sources of the pages `check --format json` reports with `code`.
fn sources_with_code(site: &SiteTest, code: &str) -> BTreeSet<String> {
    let run = site.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

/// Sources of the pages a `pages.json`-shaped document marks with `status`.
fn sources_with_status(document: &str, status: &str) -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(document).unwrap();
    json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["review_status"] == status)
        .map(|p| p["source"].as_str().unwrap().to_string())
        .collect()
}

// Checks that a doc set written for the GOV.UK tech-docs template (`owner_slack`,
// `last_reviewed_on`, `review_in: 6 months` / `6 month`), plus Hugo-style `lastmod` and
// `description`, is governed through `field_map` alone, with calendar-aware due dates: due
// yesterday is overdue, due today is "due soon", and 31 May + 6 months is 30 November.
#[test]
fn govuk_doc_set_is_governed_through_field_map() {
    let site = SiteTest::fixture("govuk");
    let doc = |name: &str| format!("content/documentation/{name}.md");
    let overdue = sources_with_code(&site, "overdue");
    assert_eq!(
        overdue,
        BTreeSet::from([doc("due-yesterday"), doc("hugo-style"), doc("long-overdue")])
    );
    let due_soon = sources_with_code(&site, "due-soon");
    assert_eq!(
        due_soon,
        BTreeSet::from([doc("due-today"), doc("month-end")])
    );

    let run = site.check(&[]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("warning[overdue]: review overdue by 1 day: it was due on 2026-11-21"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("note[due-soon]: review due today (2026-11-22)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("note[due-soon]: review due in 8 days, on 2026-11-30"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("unknown-field"),
        "mapped fields are known: {}",
        run.stderr
    );
    // The help names the key the page writes, not the one it is read as.
    assert!(
        run.stderr
            .contains("then set `last_reviewed_on: 2026-11-22`")
            && run.stderr.contains("then set `lastmod: 2026-11-22`")
            && !run.stderr.contains("then set `last_reviewed:"),
        "{}",
        run.stderr
    );

    // CI can make overdue reviews fail the build.
    site.check(&["--deny", "overdue"]).expect_code(1);

    // Without owners.yaml, owners are free-form and each gets a page.
    site.build(&[]).expect_code(0);
    let owner = site.read_output("owners/team-platform/index.html");
    assert!(
        owner.contains("#team-platform") && owner.contains("Rotating the database credentials")
    );
    let fresh = site.read_output("documentation/fresh/index.html");
    assert!(
        fresh.contains("What the on-call engineer does, day and night."),
        "description mapped to summary"
    );
}

// The review dashboard lists the most urgent pages of each list, not all: its count stays the
// whole list's, and a note says where the rest are.
#[test]
fn dashboard_lists_are_cut_to_the_most_urgent_pages() {
    let site = SiteTest::fixture("basic");
    let overdue = 205;
    for i in 0..overdue {
        // Page i was reviewed i days after the first: page 0 is the most overdue.
        let day = jiff::civil::date(2024, 1, 1) + jiff::Span::new().days(i);
        site.write(
            &format!("content/processes/bulk/page-{i:03}.md"),
            &format!(
                "---\ntitle: Bulk page {i:03}\nowner: team-sre\nlast_reviewed: {day}\nreview_every: 30d\n---\n\nText.\n"
            ),
        );
    }
    site.build(&[]).expect_code(0);
    let dashboard = site.read_output("reviews/index.html");
    let overdue_list = dashboard
        .split("id=\"overdue-heading\"")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("an overdue list");
    let listed = overdue_list.matches("Bulk page ").count();
    assert_eq!(listed, 200, "{overdue_list}");
    assert!(
        overdue_list.contains("Bulk page 000"),
        "the most overdue first"
    );
    assert!(
        !overdue_list.contains("Bulk page 204"),
        "the least overdue cut"
    );
    let total: usize = dashboard
        .split("<dt>Overdue</dt><dd>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.parse().ok())
        .expect("the overdue count");
    assert!(total >= overdue as usize, "{total}");
    assert!(
        overdue_list.contains(&format!("<span class=\"listing-count\">{total}</span>")),
        "the heading counts the whole list"
    );
    assert!(
        overdue_list.contains(&format!("The 200 most urgent of {total} are listed")),
        "{overdue_list}"
    );
}

// A tag's, an owner's and a kind's listing with more pages than one part holds is cut into
// parts of 200 linked to each other; counts stay the whole listing's, and every page is listed
// once.
#[test]
fn long_tag_owner_and_kind_listings_are_cut_into_linked_parts() {
    let site = SiteTest::fixture("basic");
    for i in 0..205 {
        site.write(
            &format!("content/processes/bulk/page-{i:03}.md"),
            &format!(
                "---\ntitle: Bulk page {i:03}\nowner: team-sre\ntags: [bulk]\nlast_reviewed: 2026-11-01\nreview_every: 90d\n---\n\nText.\n"
            ),
        );
    }
    site.build(&[]).expect_code(0);
    let first = site.read_output("tags/bulk/index.html");
    let second = site.read_output("tags/bulk/page/2/index.html");
    assert_eq!(first.matches(">Bulk page ").count(), 200);
    assert_eq!(second.matches(">Bulk page ").count(), 5);
    for i in 0..205 {
        let title = format!(">Bulk page {i:03}<");
        assert_eq!(
            first.matches(&title).count() + second.matches(&title).count(),
            1,
            "{title}"
        );
    }
    assert!(first.contains("<span class=\"listing-count\">205</span>"));
    assert!(second.contains("<span class=\"listing-count\">205</span>"));
    assert!(first.contains("Page 1 of 2") && second.contains("Page 2 of 2"));
    // Told apart in tabs and history; described, without a summary, by the site's description.
    assert!(
        second.contains(" (page 2 of 2) · Fixture Wiki</title>"),
        "{second}"
    );
    assert!(!first.contains("(page 1"), "{first}");
    assert!(
        first.contains(
            "<meta name=\"description\" content=\"A small site the integration tests build.\">"
        ),
        "{first}"
    );
    assert!(first.contains("href=\"page/2/\" rel=\"next\""), "{first}");
    assert!(second.contains("href=\"../../\" rel=\"prev\""), "{second}");
    // Every part is a link, named by where it starts and ends: a reader goes to the part
    // holding what they look for, not through every part before it.
    assert!(
        first.contains("<a class=\"pagination-part\" href=\"page/2/\" title=\"Bulk page 200 – Bulk page 204\" aria-label=\"Page 2: Bulk page 200 – Bulk page 204\">2</a>"),
        "{first}"
    );
    assert!(
        second.contains("<a class=\"pagination-part\" href=\"../../\" title=\"Bulk page 000 – Bulk page 199\" aria-label=\"Page 1: Bulk page 000 – Bulk page 199\">1</a>")
            && second.contains("href=\"./\" aria-current=\"page\""),
        "{second}"
    );

    let owner = site.read_output("owners/team-sre/index.html");
    let owned: usize = owner
        .split("<dt>Pages owned</dt><dd>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .and_then(|n| n.parse().ok())
        .expect("the owner's page count");
    assert!(owned > 205, "{owned}");
    let parts = owned.div_ceil(200);
    assert!(owner.contains(&format!("Page 1 of {parts}")));
    assert!(owner.contains(&format!("<span class=\"listing-count\">{owned}</span>")));
    let last = site.read_output(&format!("owners/team-sre/page/{parts}/index.html"));
    assert!(
        last.contains(&format!("<dt>Pages owned</dt><dd>{owned}</dd>")),
        "every part counts all the owner's pages"
    );
    assert!(last.contains(&format!("Page {parts} of {parts}")));

    let kind = site.read_output("kinds/process/index.html");
    assert!(
        kind.contains("Page 1 of 2"),
        "the process kind lists more than 200"
    );
    assert!(
        site.read_output("kinds/process/page/2/index.html")
            .contains("Page 2 of 2")
    );
}

// Checks that check, build (pages.json and the dashboard) and report always agree on which
// pages are overdue, on the example site and on the GOV.UK-style doc set.
#[test]
fn check_build_and_report_agree_on_overdue_pages() {
    for site in [SiteTest::example_site(), SiteTest::fixture("govuk")] {
        let from_check = sources_with_code(&site, "overdue");
        assert!(!from_check.is_empty());

        site.build(&[]).expect_code(0);
        let pages_json = site.read_output("pages.json");
        assert_eq!(
            sources_with_status(&pages_json, "overdue"),
            from_check,
            "pages.json"
        );
        let dashboard = site.read_output("reviews/index.html");
        assert!(
            dashboard.contains(&format!("<dt>Overdue</dt><dd>{}</dd>", from_check.len())),
            "dashboard count"
        );

        let run = site.run(&[
            "report",
            ".",
            "--today",
            crate::support::TODAY,
            "--format",
            "json",
        ]);
        run.expect_code(0);
        assert_eq!(
            sources_with_status(&run.stdout, "overdue"),
            from_check,
            "report json"
        );
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&run.stdout).unwrap(),
            serde_json::from_str::<serde_json::Value>(&pages_json).unwrap(),
            "report --format json prints the pages.json objects"
        );

        let run = site.run(&[
            "report",
            ".",
            "--today",
            crate::support::TODAY,
            "--status",
            "overdue",
            "--format",
            "csv",
        ]);
        run.expect_code(0);
        let csv_sources: BTreeSet<String> = run
            .stdout
            .lines()
            .skip(1)
            .map(|line| line.split(',').nth(3).unwrap().to_string())
            .collect();
        assert_eq!(csv_sources, from_check, "report csv");
    }
}

// Checks the Markdown report an ops lead pastes into a reminder: grouped by owner, most
// overdue owners first, filtered by owner and status.
#[test]
fn markdown_report_groups_by_owner() {
    let site = SiteTest::example_site();
    let run = site.run(&[
        "report",
        ".",
        "--today",
        crate::support::TODAY,
        "--status",
        "overdue,due_soon",
    ]);
    run.expect_code(0);
    let md = &run.stdout;
    assert!(md.starts_with("# Review report, 2026-11-22\n\n7 overdue · 7 due soon · 0 ok · 0 without a review date (14 pages)"), "{md}");
    assert!(
        md.contains("## Customer Support (`team-support`): 3 overdue, 0 due soon"),
        "{md}"
    );
    assert!(md.contains("| Overdue by 112 days | [Zendesk](https://wiki.northwind.example/product-ops/tools/zendesk/) | 2026-08-02 | `content/tools/zendesk.md` |"), "{md}");

    let run = site.run(&[
        "report",
        ".",
        "--today",
        crate::support::TODAY,
        "--owner",
        "team-release-eng",
    ]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("## Release Engineering (`team-release-eng`)"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("\n## ").count(),
        1,
        "only the asked owner: {}",
        run.stdout
    );

    let run = site.run(&["report", ".", "--owner", "team-relase-eng"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("did you mean \"team-release-eng\"?"),
        "{}",
        run.stderr
    );
    let run = site.run(&["report", ".", "--status", "late"]);
    run.expect_code(2);
}

// Checks that the report does not hide the site's errors: a page whose front matter cannot be
// read shows in it as unowned and never reviewed, so the errors are listed beside it and the
// exit code says so, as for every command; `--deny overdue` fails it on overdue pages.
#[test]
fn the_report_shows_the_errors_it_may_be_wrong_about() {
    let site = SiteTest::example_site();
    let report = |extra: &[&str]| {
        let mut args = vec!["report", ".", "--today", crate::support::TODAY];
        args.extend_from_slice(extra);
        site.run(&args)
    };
    let clean = report(&[]);
    clean.expect_code(0);
    assert_eq!(clean.stderr, "");

    let overdue = report(&["--deny", "overdue"]);
    overdue.expect_code(1);
    assert_eq!(
        overdue.stdout, clean.stdout,
        "the report itself is the same"
    );
    assert!(
        overdue.stderr.contains("error[overdue]"),
        "{}",
        overdue.stderr
    );

    let page = "content/tools/zendesk.md";
    let text = std::fs::read_to_string(site.path(page)).unwrap();
    site.write(page, &text.replacen("owner:", "owner: [unclosed\nx:", 1));
    let broken = report(&[]);
    broken.expect_code(1);
    assert!(
        broken.stdout.starts_with("# Review report"),
        "{}",
        broken.stdout
    );
    assert!(
        broken.stderr.contains("error[yaml-syntax]"),
        "{}",
        broken.stderr
    );
    assert!(
        broken.stderr.contains(&format!("--> {page}:")),
        "located: {}",
        broken.stderr
    );
    assert!(
        broken.stderr.lines().last().unwrap().ends_with(
            "the report may be wrong about these pages (`opsbook check` lists every problem)"
        ),
        "{}",
        broken.stderr
    );
}

// Checks that `opsbook schema` describes the site's real front matter: every key the example
// site uses is a property, every owner it names is allowed, and a typo'd key is not.
#[test]
fn schema_covers_the_example_sites_front_matter() {
    let site = SiteTest::example_site();
    let run = site.run(&["schema", "."]);
    run.expect_code(0);
    let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let properties = schema["properties"].as_object().unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert!(!properties.contains_key("owenr"));
    let owners = properties["owner"]["anyOf"][0]["anyOf"][0]["enum"]
        .as_array()
        .unwrap()
        .clone();
    let mut pages = 0;
    for (path, bytes) in crate::support::tree(&site.path("content")) {
        if !path.ends_with(".md") {
            continue;
        }
        let text = String::from_utf8(bytes).unwrap();
        let Some(rest) = text.strip_prefix("---\n") else {
            continue;
        };
        let yaml = &rest[..rest.find("\n---").unwrap()];
        let front: serde_yaml::Mapping = serde_yaml::from_str(yaml).unwrap();
        for (key, value) in front {
            let key = key.as_str().unwrap().to_string();
            assert!(
                properties.contains_key(&key),
                "{path}: `{key}` is not in the schema"
            );
            if key == "owner" {
                let values = match value {
                    serde_yaml::Value::Sequence(items) => items,
                    single => vec![single],
                };
                for v in values {
                    let v = serde_json::Value::String(v.as_str().unwrap().to_string());
                    assert!(
                        owners.contains(&v),
                        "{path}: owner {v} not allowed by the schema"
                    );
                }
            }
        }
        pages += 1;
    }
    assert!(pages > 40);
}

// Checks kinds as schemas and folder defaults: a new kind with typed fields (enum, url, owner,
// page) renders its fields, bad values are located errors, and pages under a folder take its
// default owner, interval and tags.
#[test]
fn kinds_and_folder_defaults() {
    let site = SiteTest::fixture("kinds");
    let run = site.check(&[]);
    run.expect_code(0);
    site.build(&[]).expect_code(0);

    let policy = site.read_output("policies/data-retention/index.html");
    for shown in [
        "Policy",
        "high",
        "https://runbooks.example.com/retention",
        "Runbook",
        "Security",
        "Legal",
    ] {
        assert!(policy.contains(shown), "policy page should show {shown}");
    }
    let records: serde_json::Value = serde_json::from_str(&site.read_output("pages.json")).unwrap();
    let access = records["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == "content/processes/security/access-review.md")
        .unwrap();
    assert_eq!(
        access["owners"],
        serde_json::json!(["team-security"]),
        "default owner"
    );
    assert_eq!(
        access["tags"],
        serde_json::json!(["security"]),
        "default tags"
    );
    assert_eq!(
        access["review_due"], "2026-12-30",
        "default interval of 90 days"
    );
    let policy_record = records["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["source"] == "content/policies/data-retention.md")
        .unwrap();
    assert_eq!(policy_record["kind"], "policy");
    assert_eq!(
        policy_record["review_due"], "2027-06-01",
        "the kind's own interval"
    );

    site.write(
        "content/policies/data-retention.md",
        "---\ntitle: Data retention policy\nowner: team-legal\nlast_reviewed: 2026-06-01\nseverity: hihg\nrunbook: runbooks/retention\napprover: team-secutiry\nsupersedes: policies/nope\n---\nText.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, u64, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["help"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "invalid-value".to_string(),
                5,
                "did you mean \"high\"?".to_string()
            ),
            (
                "invalid-value".to_string(),
                6,
                "write the full address, such as https://example.com/page".to_string()
            ),
            (
                "unknown-owner".to_string(),
                7,
                "did you mean \"team-security\"?".to_string()
            ),
            (
                "unknown-page".to_string(),
                8,
                "name a page by its path under content/ without .md, as in \"policies/old-retention\""
                    .to_string()
            ),
        ]
    );
}

// Checks a migrated folder whose name is no kind's: its pages' own review fields still make
// them reviewed (an overdue page was silently "not reviewed"), `defaults` can give the folder
// a kind, and a kind with an empty folder or a default naming no kind is a located error.
#[test]
fn pages_of_no_kind_keep_their_reviews_and_defaults_can_give_a_kind() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/runbooks/restart.md",
        "---\ntitle: Restart the API\nowner: team-sre\nlast_reviewed: 2024-01-01\nreview_every: 3 months\n---\nSteps.\n",
    );
    site.write(
        "content/runbooks/due.md",
        "---\ntitle: Rotate keys\nreview_due: 2025-01-01\n---\nSteps.\n",
    );
    site.write(
        "content/runbooks/plain.md",
        "---\ntitle: Notes\n---\nText.\n",
    );
    let run = site.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let overdue: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "overdue")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert!(
        overdue.contains(&"content/runbooks/restart.md"),
        "{}",
        run.stdout
    );
    assert!(
        overdue.contains(&"content/runbooks/due.md"),
        "{}",
        run.stdout
    );
    assert!(!overdue.contains(&"content/runbooks/plain.md"));
    // A page due on a date of its own moves that date on.
    let human = site.check(&[]);
    assert!(
        human.stderr.contains("the page has no owner: give it one, who should check the page is still right, then set `review_due` to the next review's date"),
        "{}",
        human.stderr
    );

    // The folder's pages made processes: the kind's required owner is now asked of each.
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    site.write(
        "opsbook.yaml",
        &format!("{config}\ndefaults:\n  - path: runbooks\n    kind: process\n"),
    );
    site.build(&[]).expect_code(1);
    let run = site.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let missing: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "missing-field")
        .map(|d| (d["path"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert!(
        missing
            .iter()
            .any(|(p, m)| *p == "content/runbooks/plain.md" && m.contains("`owner`")),
        "{missing:?}"
    );

    for (yaml, message) in [
        (
            "defaults:\n  - path: runbooks\n    kind: proces\n",
            "`defaults` gives the kind `proces` to `runbooks`, but there is no such kind",
        ),
        (
            "kinds:\n  doc:\n    folder: \"\"\n",
            "kind `doc` has an empty folder",
        ),
    ] {
        site.write("opsbook.yaml", &format!("{config}\n{yaml}"));
        let run = site.check(&[]);
        run.expect_code(2);
        assert!(run.stderr.contains(message), "{}", run.stderr);
        assert!(run.stderr.contains("--> "), "located: {}", run.stderr);
    }
}

// Checks that a review due more than 10 years ahead, the longest `review_every`, is refused at
// its value: `review_due: 9999-12-31` switched the page's reviews off with status ok.
#[test]
fn a_review_due_beyond_ten_years_is_refused() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/forever.md",
        "---\ntitle: Forever\nowner: team-sre\nreview_due: 9999-12-31\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "error[invalid-value]: `review_due` is 9999-12-31, more than 10 years after today"
        ) && run.stderr.contains("--> content/processes/forever.md:4:13"),
        "{}",
        run.stderr
    );
    site.write(
        "content/processes/forever.md",
        "---\ntitle: Forever\nowner: team-sre\nreview_due: 2030-01-01\n---\nText.\n",
    );
    site.check(&[]).expect_code(0);
}

// Checks that `check`, `report`, `pages.json`, the dashboard, owner pages and the pages
// themselves count each page once and alike: a section's own page with review fields is
// reviewed everywhere (badge and banner included), an owner named twice (by id, Slack handle,
// email, another case) owns the page once, a page of no kind with only `last_reviewed` falls
// due after `review.every`, and a draft published with `--drafts` is reviewed nowhere.
#[test]
fn every_view_counts_each_page_once_and_alike() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/_index.md",
        "---\ntitle: Processes\nowner: ana\nlast_reviewed: 2025-01-01\n---\nAll our processes.\n",
    );
    site.write(
        "content/processes/named-twice.md",
        "---\ntitle: Named twice\nowner: [team-sre, \"#sre\", SRE@example.com, Team-SRE]\nlast_reviewed: 2025-01-01\n---\nText.\n",
    );
    site.write(
        "content/runbooks/restart.md",
        "---\ntitle: Restart\nowner: ana\nlast_reviewed: 2026-04-01\n---\nText.\n",
    );
    site.write(
        "content/processes/draft.md",
        "---\ntitle: Draft\nowner: ana\nstatus: draft\nlast_reviewed: 2020-01-01\n---\nText.\n",
    );
    site.write(
        "content/processes/moved-on.md",
        "---\ntitle: Moved on\nowner: ana\nlast_reviewed: 2026-11-01\nreview_due: 2026-10-01\n---\nText.\n",
    );
    let overdue = sources_with_code(&site, "overdue");
    let run = site.check(&["--drafts", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let with_drafts: BTreeSet<String> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "overdue")
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(overdue, with_drafts, "a draft is not reviewed");
    for source in [
        "content/processes/_index.md",
        "content/processes/named-twice.md",
        "content/processes/moved-on.md",
    ] {
        assert!(overdue.contains(source), "{source}: {overdue:?}");
    }
    // Six months after 2026-04-01 (`review.every`), then a year after.
    assert!(
        overdue.contains("content/runbooks/restart.md"),
        "{overdue:?}"
    );
    let human = site.check(&[]);
    assert!(
        human.stderr.contains("`review_due` (2026-10-01) comes before `last_reviewed` (2026-11-01): the page was reviewed since"),
        "{}",
        human.stderr
    );

    site.build(&["--drafts"]).expect_code(0);
    let pages_json = site.read_output("pages.json");
    assert_eq!(sources_with_status(&pages_json, "overdue"), overdue);
    let json: serde_json::Value = serde_json::from_str(&pages_json).unwrap();
    let page = |source: &str| {
        json["pages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["source"] == source)
            .unwrap()
            .clone()
    };
    assert_eq!(
        page("content/processes/named-twice.md")["owners"],
        serde_json::json!(["team-sre"])
    );
    assert_eq!(page("content/processes/draft.md")["review_status"], "none");
    let home = site.read_output("index.html");
    assert!(
        !home.contains(">Draft</a>"),
        "not recently reviewed: {home}"
    );
    let report = site.run(&[
        "report",
        ".",
        "--today",
        crate::support::TODAY,
        "--drafts",
        "--format",
        "json",
    ]);
    assert_eq!(sources_with_status(&report.stdout, "overdue"), overdue);

    let dashboard = site.read_output("reviews/index.html");
    assert!(
        dashboard.contains(&format!("<dt>Overdue</dt><dd>{}</dd>", overdue.len())),
        "{dashboard}"
    );
    let team = site.read_output("owners/team-sre/index.html");
    let owned = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["owners"].as_array().unwrap().contains(&"team-sre".into()))
        .count();
    assert!(
        team.contains(&format!("<dt>Pages owned</dt><dd>{owned}</dd>")),
        "{owned}: {team}"
    );
    let named_twice = site.read_output("processes/named-twice/index.html");
    assert_eq!(named_twice.matches("class=\"owner-chip\"").count(), 1);

    let section = site.read_output("processes/index.html");
    for expected in [
        "<div class=\"banner banner-overdue\" data-review-banner>",
        "<span class=\"review review-overdue\" data-review-due=\"2025-07-01\"",
        "<span class=\"owner-name\">Ana Lima</span>",
    ] {
        assert!(section.contains(expected), "{expected}\n{section}");
    }
    site.write(
        "opsbook.yaml",
        &format!(
            "{}\nreview:\n  every: 1 year\n",
            std::fs::read_to_string(site.path("opsbook.yaml")).unwrap()
        ),
    );
    assert!(!sources_with_code(&site, "overdue").contains("content/runbooks/restart.md"));
}

// Checks that `report --owner X --deny overdue`, run per owner by a reminder script, fails for
// that owner's overdue pages only, and says the errors are the reviews `--deny` fails on (it
// said the report "may be wrong about these pages").
#[test]
fn a_report_for_one_owner_fails_on_that_owners_reviews_only() {
    let site = SiteTest::fixture("basic");
    let report = |owner: &str| {
        site.run(&[
            "report",
            ".",
            "--today",
            crate::support::TODAY,
            "--owner",
            owner,
            "--deny",
            "overdue",
            "--format",
            "csv",
        ])
    };
    let sre = report("team-sre");
    sre.expect_code(0);
    assert_eq!(sre.stderr, "");
    let ana = report("ana");
    ana.expect_code(1);
    assert!(
        ana.stderr.contains("--> content/tools/pagerduty.md")
            && ana
                .stderr
                .ends_with("1 error, 0 warnings: reviews that --deny fails on\n"),
        "{}",
        ana.stderr
    );
}

// Checks that the home page's overdue and due-soon counts lead to the pages they count (a
// reader saw "7 overdue for review" and had nowhere to click).
#[test]
fn the_home_pages_review_counts_link_to_their_lists() {
    let site = SiteTest::example_site();
    site.build(&[]).expect_code(0);
    let home = site.read_output("index.html");
    assert!(
        home.contains(
            "<dt><a href=\"reviews/#overdue-heading\">Overdue for review</a></dt><dd>7</dd>"
        ) && home.contains(
            "<dt><a href=\"reviews/#due-soon-heading\">Review due soon</a></dt><dd>7</dd>"
        ),
        "{home}"
    );
    let reviews = site.read_output("reviews/index.html");
    assert!(
        reviews.contains("id=\"overdue-heading\"") && reviews.contains("id=\"due-soon-heading\""),
        "{reviews}"
    );
    // Release notes are on no review schedule: "Not reviewed" read as neglected.
    assert!(reviews.contains("<dt>No review date</dt>"), "{reviews}");
}

// Checks the report a person asks for ("what do I have to review?"): `--owner ana` holds the
// pages of the teams Ana is a member of, directly or through a team of teams, each under its
// team, and `--deny overdue` fails on theirs too; a team's report does not take its members'.
#[test]
fn a_members_report_holds_the_pages_of_their_teams() {
    let site = SiteTest::fixture("basic");
    site.write(
        "owners.yaml",
        "owners:\n  team-sre:\n    kind: team\n    name: \"Site Reliability\"\n    members: [ana]\n  platform:\n    kind: team\n    members: [team-sre]\n  ana:\n    kind: person\n    name: \"Ana Lima\"\n  bo:\n    kind: person\n",
    );
    site.write(
        "content/tools/grafana.md",
        "---\ntitle: Grafana\nowner: platform\nlast_reviewed: 2020-01-01\n---\nText.\n",
    );
    site.write(
        "content/tools/vault.md",
        "---\ntitle: Vault\nowner: bo\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    let run = site.report(&["--owner", "ana"]);
    run.expect_code(0);
    let md = &run.stdout;
    for group in [
        "## Ana Lima (`ana`)",
        "## Site Reliability (`team-sre`)",
        "## platform (`platform`)",
    ] {
        assert!(md.contains(group), "{group} in {md}");
    }
    for title in ["[PagerDuty]", "[Incident response]", "[Grafana]"] {
        assert!(md.contains(title), "{title} in {md}");
    }
    assert!(!md.contains("Vault"), "{md}");
    let denied = site.report(&["--owner", "ana", "--deny", "overdue"]);
    denied.expect_code(1);
    assert!(
        denied.stderr.contains("--> content/tools/grafana.md"),
        "{}",
        denied.stderr
    );
    let team = site.report(&["--owner", "team-sre"]);
    team.expect_code(0);
    assert!(
        !team.stdout.contains("[PagerDuty]") && !team.stdout.contains("(`ana`)"),
        "{}",
        team.stdout
    );
}

// Checks that what owners.yaml and file names hold cannot write the reports or the terminal:
// a Slack value with a link, HTML and a line break was pasted into the Markdown report as
// Markdown (a link, an image, a new heading), and a file name with an escape sequence
// recoloured the CI log that printed its path.
#[test]
fn reports_and_diagnostics_print_contacts_and_paths_as_text() {
    let site = SiteTest::fixture("basic");
    site.write(
        "owners.yaml",
        "owners:\n  team-sre:\n    kind: team\n    name: SRE\n    slack: \"[c](javascript:alert(2)) <img src=x onerror=alert(3)>\"\n    members: [ana]\n  ana:\n    kind: person\n    slack: \"@p\\n\\n# injected heading\"\n",
    );
    let md = site.report(&[]);
    md.expect_code(0);
    assert!(
        md.stdout
            .contains("Contact: \\[c\\](javascript:alert(2)) \\<img src=x onerror=alert(3)\\>")
            && md.stdout.contains("ana (@p  \\# injected heading)")
            && !md.stdout.contains("\n# injected"),
        "{}",
        md.stdout
    );
    site.write(
        "content/misc/q\u{1b}[31mred.md",
        "---\ntitle: Red\nowner: ana\n---\nSee [x](nowhere.md).\n",
    );
    let check = site.check(&[]);
    assert!(!check.stderr.contains('\u{1b}'), "{:?}", check.stderr);
    assert!(
        check.stderr.contains("content/misc/q\\u{1b}[31mred.md"),
        "{}",
        check.stderr
    );
    let md = site.report(&[]);
    assert!(!md.stdout.contains('\u{1b}'), "{:?}", md.stdout);
}

// Checks what a reminder script reads: the CSV and `pages.json` carry each owner's email and
// Slack handle (a script had to parse owners.yaml itself), and the Markdown report shows
// names and titles as written (a `*` or `<b>` in them was read as Markdown or HTML).
#[test]
fn reports_carry_contacts_and_show_names_as_written() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/tools/odd.md",
        "---\ntitle: \"<b>Bold</b> *claims* | pipes\"\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    site.write(
        "content/tools/formula.md",
        "---\ntitle: \"=HYPERLINK(1)\"\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    let owners = std::fs::read_to_string(site.path("owners.yaml")).unwrap();
    site.write(
        "owners.yaml",
        &owners.replace(
            "    name: \"Ana Lima\"",
            "    name: \"Ana Lima\"\n    slack: \"@anä\"",
        ),
    );
    let report = |format: &str| {
        let run = site.report(&["--format", format]);
        run.expect_code(0);
        run.stdout
    };
    let csv = report("csv");
    let header = csv.lines().next().unwrap();
    assert!(
        header.ends_with(",owner_email,owner_slack,address"),
        "{header}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("team-sre,")
                && l.ends_with(",sre@example.com,#sre,/tools/formula/")),
        "{csv}"
    );
    // The address a spreadsheet's reader clicks: the page's, under `--base-url`.
    let run = site.report(&[
        "--format",
        "csv",
        "--base-url",
        "https://intranet.example/wiki/",
    ]);
    assert!(
        run.stdout
            .contains(",/tools/formula/,tool,active,ok,2026-11-01,")
            && run
                .stdout
                .contains(",#sre,https://intranet.example/wiki/tools/formula/\n"),
        "{}",
        run.stdout
    );
    // A title a spreadsheet would run is defused; a Slack handle stays as a script needs it
    // (it came out `'@ana`, and then `'@anä` while `@ana` came out as it is).
    assert!(
        csv.lines()
            .any(|l| l.starts_with("team-sre,Site Reliability,'=HYPERLINK(1),")),
        "{csv}"
    );
    assert!(
        csv.lines()
            .any(|l| l.starts_with("ana,Ana Lima,") && l.ends_with(",@anä,/tools/pagerduty/")),
        "{csv}"
    );
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    assert_eq!(json["owners"]["team-sre"]["email"], "sre@example.com");
    assert_eq!(json["owners"]["team-sre"]["name"], "Site Reliability");
    let md = report("md");
    assert!(
        md.contains("[\\<b\\>Bold\\</b\\> \\*claims\\* \\| pipes](/tools/odd/)"),
        "{md}"
    );
    let one = site.run(&[
        "report",
        ".",
        "--today",
        crate::support::TODAY,
        "--owner",
        "ana",
    ]);
    assert!(one.stdout.contains("(1 page)\n"), "{}", one.stdout);
}

// Checks that `owner: ""` names no one, as `owner: []` does: a kind that requires an owner
// says it is missing (with owners.yaml it was an unknown owner "", to add to the file).
#[test]
fn an_empty_owner_is_no_owner() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/blank.md",
        "---\ntitle: Blank\nowner: \"\"\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    let run = site.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "content/processes/blank.md")
        .map(|d| (d["code"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [(
            "missing-field",
            "`owner` is required for processes but empty"
        )]
    );
}

// Checks that without owners.yaml, owners written in different cases are one owner, as tags
// are (`Jane Doe` and `jane doe` were a duplicate-url error without a position).
#[test]
fn free_form_owners_in_different_cases_are_one() {
    let site = SiteTest::fixture("basic");
    std::fs::remove_file(site.path("owners.yaml")).unwrap();
    let page = |owner: &str| {
        format!("---\ntitle: T\nowner: {owner}\nlast_reviewed: 2026-11-01\n---\nText.\n")
    };
    site.write("content/processes/a.md", &page("\"Jane Doe\""));
    site.write("content/processes/b.md", &page("\"jane doe\""));
    site.write(
        "content/processes/c.md",
        &page("[\"Jane Doe\", \"JANE DOE\"]"),
    );
    site.build(&[]).expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&site.read_output("pages.json")).unwrap();
    for page in json["pages"].as_array().unwrap() {
        if page["source"]
            .as_str()
            .unwrap()
            .starts_with("content/processes/")
            && page["title"] == "T"
        {
            assert_eq!(page["owners"], serde_json::json!(["Jane Doe"]), "{page}");
        }
    }
    let owner = site.read_output("owners/jane-doe/index.html");
    assert!(owner.contains("<dt>Pages owned</dt><dd>3</dd>"), "{owner}");
}

// Checks that a page exported from Notion, its properties written as lines under its title,
// is told that opsbook reads them from front matter only, at the line the writer will look
// for, not at the top of the file; and that a property after the page's first section is
// not taken for one.
#[test]
fn property_lines_from_an_export_are_pointed_at() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/refunds.md",
        "# Refunds\n\n**Owner:** Ana Souza\nLast reviewed: November 3, 2026\n\nHow refunds go.\n",
    );
    site.write(
        "content/processes/later.md",
        "# Later\n\nIntro.\n\n## Roles\n\nOwner: Ana Souza\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "`owner` is required for processes but missing\n --> content/processes/refunds.md:3:1\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("line 3 reads `**Owner:** Ana Souza`, a property as exports from Notion or Confluence write it, but opsbook reads `owner` from front matter only: start the file with front matter holding"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "`last_reviewed` is required for processes but missing\n --> content/processes/refunds.md:4:1\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("line 7 reads"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "`owner` is required for processes but missing\n --> content/processes/later.md:1:1\n"
        ),
        "{}",
        run.stderr
    );
}

// Checks a page whose owner is a Slack channel or email two owners share: it went silently to
// the first (another team's reminders); it is an error naming both, at the page's owner.
#[test]
fn an_owner_contact_two_owners_share_is_an_error_naming_both() {
    let site = SiteTest::fixture("basic");
    site.write(
        "owners.yaml",
        "owners:\n  team-ops:\n    name: Operations\n    slack: \"#ops\"\n  team-ops-emea:\n    name: Operations EMEA\n    slack: \"#ops\"\n  team-sre:\n    name: SRE\n  ana:\n    name: Ana\n",
    );
    site.write(
        "content/tools/shared.md",
        "---\ntitle: Shared\nowner: \"#ops\"\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("error[unknown-owner]: owner \"#ops\" is the contact of 2 owners in owners.yaml: team-ops, team-ops-emea")
            && run.stderr.contains("--> content/tools/shared.md:3:9")
            && run.stderr.contains("write the id of the one you mean, such as `owner: team-ops`"),
        "{}",
        run.stderr
    );
}

// Checks that a team's reminder reaches its people: the Markdown report lists its members and
// fallback with their contacts, and the JSON lists every owner of owners.yaml with its kind,
// members and fallback (a member who owned no page was missing, and the fallback's id led
// nowhere), and the base URL a page's url is the path from.
#[test]
fn a_teams_reminder_reaches_its_members_and_fallback() {
    let site = SiteTest::fixture("basic");
    site.write(
        "owners.yaml",
        "owners:\n  team-sre:\n    kind: team\n    name: Site Reliability\n    members: [alex, sam]\n    fallback: sam\n  alex:\n    kind: person\n    name: Alex\n    email: Alex <alex@example.com>\n    slack: \"@alex\"\n  sam:\n    kind: person\n    name: Sam\n  ana:\n    name: Ana Lima\n",
    );
    let report = |format: &str| site.report(&["--format", format]).stdout;
    let md = report("md");
    assert!(
        md.contains("Members: Alex (alex@example.com · @alex), Sam\n")
            && md.contains("When unavailable: Sam\n"),
        "{md}"
    );
    let json: serde_json::Value = serde_json::from_str(&report("json")).unwrap();
    assert_eq!(
        json["owners"]["team-sre"]["members"],
        serde_json::json!(["alex", "sam"])
    );
    assert_eq!(json["owners"]["team-sre"]["kind"], "team");
    assert_eq!(json["owners"]["sam"]["name"], "Sam");
    assert_eq!(json["owners"]["alex"]["slack"], "@alex");
    assert!(json["base_url"].is_string());
}

// Checks that an owner written with spaces around it is that owner: without owners.yaml,
// `"alice "` was a group of its own in the report, beside `Alice`.
#[test]
fn an_owner_written_with_spaces_is_that_owner() {
    let site = SiteTest::fixture("basic");
    std::fs::remove_file(site.path("owners.yaml")).unwrap();
    for (file, owner) in [("a", "Alice"), ("b", "\"alice \""), ("c", "\" Alice\"")] {
        site.write(
            &format!("content/tools/{file}.md"),
            &format!("---\ntitle: {file}\nowner: {owner}\nlast_reviewed: 2026-11-01\n---\nText.\n"),
        );
    }
    let run = site.report(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let owners: Vec<&str> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["source"].as_str().unwrap().starts_with("content/tools/")
                && p["title"].as_str().unwrap().len() == 1
        })
        .map(|p| p["owners"][0].as_str().unwrap())
        .collect();
    assert_eq!(owners, ["Alice", "Alice", "Alice"]);
}

// Checks an owner whose email has a display name (`Ops Team <ops@corp.example>`, which the
// README allows): a page names it by the address alone, and its page's mail link is the
// address (it was `mailto:Ops Team <ops@corp.example>`, and the address was unknown).
#[test]
fn an_owner_is_found_by_the_address_of_a_named_email() {
    let site = SiteTest::fixture("basic");
    let owners = std::fs::read_to_string(site.path("owners.yaml")).unwrap();
    site.write(
        "owners.yaml",
        &owners.replace(
            "email: sre@example.com",
            "email: \"Site Reliability <sre@corp.example>\"",
        ),
    );
    site.write(
        "content/tools/mailed.md",
        "---\ntitle: Mailed\nowner: SRE@corp.example\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("owners/team-sre/index.html");
    assert!(page.contains("href=\"mailto:sre@corp.example\""), "{page}");
    assert!(
        site.read_output("tools/mailed/index.html")
            .contains("owners/team-sre/")
    );
}

// Checks that owners written as one comma-separated value get help to write a list (it said
// to add "team-sre, ana" to owners.yaml).
#[test]
fn owners_separated_by_a_comma_are_told_to_be_a_list() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/tools/two.md",
        "---\ntitle: Two\nowner: team-sre, ana\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("help: for several owners write a list: `owner: [team-sre, ana]`"),
        "{}",
        run.stderr
    );
}

// Checks that the Markdown report's links open from a chat message or an email: with
// `--base-url` they are absolute (a site whose opsbook.yaml has a bare `/` made them paths).
#[test]
fn a_reports_links_take_the_base_url_given() {
    let site = SiteTest::fixture("basic");
    let run = site.report(&["--base-url", "https://wiki.example.com/ops/"]);
    run.expect_code(0);
    assert!(
        run.stdout
            .contains("[PagerDuty](https://wiki.example.com/ops/tools/pagerduty/)"),
        "{}",
        run.stdout
    );
    let bad = site.report(&["--base-url", "wiki"]);
    bad.expect_code(2);
    assert!(
        bad.stderr
            .contains("cannot be the address the site is published at"),
        "{}",
        bad.stderr
    );
}

// Checks that an owner's id is found case aside as readers of German write it: `BJÖRN.GROSS`
// and `Björn.Groß` are `björn.groß` (an unknown owner, and a second owner page, before).
#[test]
fn owner_ids_match_case_aside_with_sharp_s() {
    let site = SiteTest::fixture("basic");
    let owners = std::fs::read_to_string(site.path("owners.yaml")).unwrap();
    site.write(
        "owners.yaml",
        &format!("{owners}  björn.groß:\n    kind: person\n    name: Björn Groß\n"),
    );
    for (file, owner) in [("a", "BJÖRN.GROSS"), ("b", "Björn.Groß")] {
        site.write(
            &format!("content/processes/{file}.md"),
            &format!(
                "---\ntitle: {file}\nowner: \"{owner}\"\nlast_reviewed: 2026-11-01\n---\nText.\n"
            ),
        );
    }
    let run = site.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let about: Vec<&serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["path"]
                .as_str()
                .unwrap()
                .starts_with("content/processes/")
        })
        .filter(|d| ["unknown-owner", "duplicate-url"].contains(&d["code"].as_str().unwrap()))
        .collect();
    assert!(about.is_empty(), "{about:?}");
}
