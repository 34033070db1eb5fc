//! `opsbook serve` rebuilds from a cache of parsed and rendered pages; this checks that the
//! result is always byte for byte what a full build gives.

use opsbook::render::{Content, Output, RenderOptions};
use opsbook::{BuildCache, SiteOptions};

use crate::support::SiteTest;

fn build(site: &SiteTest, cache: Option<&mut BuildCache>) -> (Vec<String>, Option<Output>) {
    let options = SiteOptions {
        root: site.root.clone(),
        today: Some("2026-11-22".parse().unwrap()),
        ..SiteOptions::default()
    };
    let (report, output) =
        opsbook::render_in_memory(&options, &RenderOptions { live_reload: true }, cache)
            .unwrap_or_else(|_| panic!("the build runs"));
    let diagnostics = report
        .diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d.path, d.line, d.column, d.code, d.message
            )
        })
        .collect();
    (diagnostics, output)
}

fn assert_same(
    step: &str,
    cached: &(Vec<String>, Option<Output>),
    full: &(Vec<String>, Option<Output>),
) {
    assert_eq!(cached.0, full.0, "{step}: diagnostics differ");
    match (&cached.1, &full.1) {
        (None, None) => {}
        (Some(a), Some(b)) => {
            let paths = |o: &Output| o.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
            assert_eq!(paths(a), paths(b), "{step}: different files");
            for (x, y) in a.files.iter().zip(&b.files) {
                let same = match (&x.content, &y.content) {
                    (Content::Bytes(p), Content::Bytes(q)) => p == q,
                    (Content::Copy(p), Content::Copy(q)) => p == q,
                    _ => false,
                };
                assert!(same, "{step}: {} differs", x.path);
            }
        }
        _ => panic!("{step}: one build failed and the other did not"),
    }
}

// Checks a sequence of edits, creates, renames and deletes: after each, the cached rebuild
// equals a full build, files and diagnostics alike.
#[test]
fn cached_rebuilds_equal_full_builds() {
    let site = SiteTest::example_site();
    let mut cache = BuildCache::default();
    assert_same(
        "first build",
        &build(&site, Some(&mut cache)),
        &build(&site, None),
    );

    let page = "content/processes/releases/hotfix-process.md";
    let text = std::fs::read_to_string(site.path(page)).unwrap();
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        (
            "edit a body",
            Box::new(|| site.write(page, &text.replace("hotfix", "hot fix"))),
        ),
        (
            "change a title others link to by wikilink",
            Box::new(|| {
                site.write(
                    page,
                    &text.replace("title: \"Hotfix process\"", "title: \"Emergency fixes\""),
                )
            }),
        ),
        (
            "create a page linking to it",
            Box::new(|| {
                site.write(
                    "content/processes/releases/new-page.md",
                    "---\ntitle: New page\nowner: team-release-eng\nlast_reviewed: 2026-11-01\n---\n\nSee [[Emergency fixes]] and [the train](release-train.md#cadence).\n",
                )
            }),
        ),
        (
            "rename a page",
            Box::new(|| {
                std::fs::rename(
                    site.path("content/processes/releases/new-page.md"),
                    site.path("content/processes/releases/renamed-page.md"),
                )
                .unwrap()
            }),
        ),
        (
            "break a link",
            Box::new(|| site.write(page, &text.replace("](", "](missing-"))),
        ),
        ("restore the page", Box::new(|| site.write(page, &text))),
        (
            "delete a page",
            Box::new(|| {
                std::fs::remove_file(site.path("content/processes/releases/renamed-page.md"))
                    .unwrap()
            }),
        ),
        (
            "change the config",
            Box::new(|| {
                let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
                site.write(
                    "opsbook.yaml",
                    &config.replace("Northwind Product Ops", "Northwind Ops"),
                );
            }),
        ),
    ];
    for (step, change) in steps {
        change();
        assert_same(step, &build(&site, Some(&mut cache)), &build(&site, None));
    }
}
