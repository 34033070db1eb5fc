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
    let (report, output) = opsbook::render_in_memory(
        &options,
        &RenderOptions {
            live_reload: true,
            ..RenderOptions::default()
        },
        cache,
    )
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
                    (Content::Copy(p), Content::Copy(q)) => p == q,
                    (p, q) => p.bytes().is_some() && p.bytes() == q.bytes(),
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
            "change an owner",
            Box::new(|| {
                site.write(
                    page,
                    &text.replace("owner: tom.okafor", "owner: team-release-eng"),
                )
            }),
        ),
        (
            "a template of the site's own",
            Box::new(|| {
                site.write(
                    "templates/page.html",
                    "{% extends \"theme/page.html\" %}{% block body_class %}ours {{ super() }}{% endblock body_class %}",
                )
            }),
        ),
        (
            "another language",
            Box::new(|| {
                let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
                site.write(
                    "opsbook.yaml",
                    &config.replace("language: en", "language: de"),
                );
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

/// The output as `serve` holds it: path → bytes (copied files by their source path).
type Served = std::collections::BTreeMap<String, Vec<u8>>;

fn served(output: &Output) -> Served {
    output
        .files
        .iter()
        .map(|f| {
            let bytes = match &f.content {
                Content::Copy(p) => p.to_string_lossy().into_owned().into_bytes(),
                other => other.bytes().unwrap().to_vec(),
            };
            (f.path.clone(), bytes)
        })
        .collect()
}

/// Applies page edits the way `serve` does: the pages, then the whole search index.
fn apply(site: &SiteTest, cache: &mut BuildCache, served: &mut Served, paths: &[&str]) -> bool {
    let options = SiteOptions {
        root: site.root.clone(),
        today: Some("2026-11-22".parse().unwrap()),
        ..SiteOptions::default()
    };
    let paths: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
    let Some(edits) = opsbook::apply_page_edits(&options, cache, &paths) else {
        return false;
    };
    assert!(!edits.report.failed());
    for file in edits.files {
        let Content::Bytes(bytes) = file.content else {
            panic!("a page edit renders pages")
        };
        served.insert(file.path, bytes);
    }
    served.retain(|path, _| !opsbook::search::is_index_file(path));
    for file in opsbook::search_files(cache) {
        let Content::Bytes(bytes) = file.content else {
            panic!("the search index is rendered")
        };
        served.insert(file.path, bytes);
    }
    true
}

// `serve`'s fast path for edits to a page's body: it is taken only when nothing but the page
// (and the search index) can change, and then gives what a full build gives, byte for byte;
// any other edit is declined, so the caller rebuilds.
#[test]
fn page_body_edits_equal_full_builds_and_other_edits_are_declined() {
    let site = SiteTest::example_site();
    let mut cache = BuildCache::default();
    let first = build(&site, Some(&mut cache));
    let mut current = served(first.1.as_ref().unwrap());

    let page = "content/processes/releases/hotfix-process.md";
    let template = "content/templates/decision-record.md";
    let text = std::fs::read_to_string(site.path(page)).unwrap();
    let template_text = std::fs::read_to_string(site.path(template)).unwrap();
    // (what, change, files, whether the fast path may take it)
    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>, Vec<&'a str>, bool);
    let steps: Vec<Step> = vec![
        (
            "edit a paragraph",
            Box::new(|| {
                site.write(
                    page,
                    &text.replace("Hotfixes are expensive", "Hotfixes cost a lot"),
                )
            }),
            vec![page],
            true,
        ),
        (
            "edit a code block and a list item",
            Box::new(|| {
                site.write(
                    page,
                    &text
                        .replace("git switch -c", "git checkout -b")
                        .replace("SEV1: fix in production", "SEV1: fixed in production"),
                )
            }),
            vec![page],
            true,
        ),
        (
            "edit a template page (its source is published too) and a page at once",
            Box::new(|| {
                site.write(template, &format!("{template_text}\nOne more line.\n"));
                site.write(page, &text);
            }),
            vec![template, page],
            true,
        ),
        (
            "rename a heading (other pages may link to its anchor)",
            Box::new(|| site.write(page, &text.replace("## Approvals", "## Sign-off"))),
            vec![page],
            false,
        ),
        (
            "change the front matter",
            Box::new(|| {
                site.write(
                    page,
                    &text.replace(
                        "tags: [release, incident, hotfix]",
                        "tags: [release, hotfix]",
                    ),
                )
            }),
            vec![page],
            false,
        ),
        (
            "link to another page",
            Box::new(|| site.write(page, &format!("{text}\nSee also [[Postmortem process]].\n"))),
            vec![page],
            false,
        ),
        (
            "break a link",
            Box::new(|| site.write(page, &text.replace("](release-train.md)", "](missing.md)"))),
            vec![page],
            false,
        ),
        (
            "restore the page (after errors, the fast path has no good build to start from)",
            Box::new(|| site.write(page, &text)),
            vec![page],
            false,
        ),
        (
            "edit a release note (its body is on What's new and in the feed)",
            Box::new(|| {
                let note = "content/releases/web/2.10.1.md";
                let body = std::fs::read_to_string(site.path(note)).unwrap();
                site.write(note, &format!("{body}\nAlso fixed a typo.\n"));
            }),
            vec!["content/releases/web/2.10.1.md"],
            true,
        ),
        (
            "edit a section's index page",
            Box::new(|| {
                let index = "content/processes/releases/_index.md";
                let body = std::fs::read_to_string(site.path(index)).unwrap();
                site.write(index, &format!("{body}\nOne more line.\n"));
            }),
            vec!["content/processes/releases/_index.md"],
            false,
        ),
        (
            "edit the paragraph again",
            Box::new(|| {
                site.write(
                    page,
                    &text.replace("Hotfixes are expensive", "Hotfixes hurt"),
                )
            }),
            vec![page],
            true,
        ),
    ];
    for (step, change, paths, fast) in steps {
        change();
        let applied = apply(&site, &mut cache, &mut current, &paths);
        assert_eq!(applied, fast, "{step}: fast path taken?");
        let full = build(&site, None);
        if !applied {
            // What serve does then: a full rebuild from the cache.
            let rebuilt = build(&site, Some(&mut cache));
            assert_same(step, &rebuilt, &full);
            if let Some(output) = &rebuilt.1 {
                current = served(output);
            }
            continue;
        }
        let expected = served(full.1.as_ref().expect("the full build succeeds"));
        let paths = |s: &Served| s.keys().cloned().collect::<Vec<_>>();
        assert_eq!(paths(&current), paths(&expected), "{step}: different files");
        for (path, bytes) in &expected {
            assert!(
                current[path] == *bytes,
                "{step}: {path} differs from a full build"
            );
        }
    }
}

// Checks that a rebuild renders again only the files whose template context changed: after a
// page's owner changes, that page is rendered anew and a page of another section is the very
// file of the build before (a change of front matter rendered every page's template).
#[test]
fn rebuilds_keep_the_files_whose_context_is_unchanged() {
    let site = SiteTest::example_site();
    let mut cache = BuildCache::default();
    let file = |output: &Output, path: &str| match &output
        .files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is built"))
        .content
    {
        Content::Shared(bytes) => std::sync::Arc::clone(bytes),
        _ => panic!("{path} is kept for the next build"),
    };
    let edited = "processes/releases/hotfix-process/index.html";
    let other = "tools/pagerduty/index.html";
    let before = build(&site, Some(&mut cache)).1.unwrap();

    let page = "content/processes/releases/hotfix-process.md";
    let text = std::fs::read_to_string(site.path(page)).unwrap();
    site.write(
        page,
        &text.replace("owner: tom.okafor", "owner: team-release-eng"),
    );
    let after = build(&site, Some(&mut cache)).1.unwrap();
    assert!(std::sync::Arc::ptr_eq(
        &file(&before, other),
        &file(&after, other)
    ));
    assert!(!std::sync::Arc::ptr_eq(
        &file(&before, edited),
        &file(&after, edited)
    ));
    assert_ne!(file(&before, edited), file(&after, edited));
}
