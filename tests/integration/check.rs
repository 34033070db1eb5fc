//! Diagnostics: broken links and anchors, bad config, exit codes.

use crate::support::SiteTest;

// Checks that a broken link and a broken `#anchor` are both reported, at the right
// file:line:col with the source line, and that the build fails without writing.
#[test]
fn broken_link_and_anchor_are_reported_where_they_are() {
    let site = SiteTest::fixture("broken-links");
    let run = site.build(&[]);
    run.expect_code(1);
    insta::assert_snapshot!("broken_links_human", run.stderr);
    assert!(
        !site.path("public").exists(),
        "nothing is written on errors"
    );

    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(String, String, u64, u64)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "broken-link".into(),
                "content/processes/onboarding.md".into(),
                9,
                21
            ),
            (
                "broken-anchor".into(),
                "content/processes/onboarding.md".into(),
                10,
                18
            ),
        ]
    );

    let run = site.check(&["--format", "github"]);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "::error file=content/processes/onboarding.md,line=9,col=21,title=broken-link::link target `handbook.md` does not exist (no `content/processes/handbook.md`)%0Ahelp: create `content/processes/handbook.md`, or fix the path: it is relative to this page's folder",
            "::error file=content/processes/onboarding.md,line=10,col=18,title=broken-anchor::no heading `#pasword-policy` on `content/processes/security.md`%0Ahelp: did you mean `#password-policy`?",
        ]
    );
}

// Checks that an unknown key in opsbook.yaml stops everything with exit code 2 and points
// at the key.
#[test]
fn unknown_config_key_is_a_located_usage_error() {
    let site = SiteTest::fixture("basic");
    site.write("opsbook.yaml", "title: X\noutput_dri: site\n");
    let run = site.build(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error[config]: unknown field `output_dri`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("opsbook.yaml:2:1"), "{}", run.stderr);

    // In a machine format, it is on stdout like every other diagnostic, where CI reads it.
    let run = site.check(&["--format", "json"]);
    run.expect_code(2);
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("JSON on stdout ({e}):\n{}", run.stdout));
    assert_eq!(json[0]["code"], "config", "{json}");
    assert_eq!(
        (json[0]["line"].as_u64(), json[0]["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(run.stderr, "");
}

// Checks that a closed pipe on stderr (`opsbook check 2>&1 | head -1` in a CI step) ends the
// printing, not opsbook: the exit code still says whether the site has errors (it panicked,
// exit 101, on a site with warnings only).
#[cfg(unix)]
#[test]
fn a_closed_output_pipe_keeps_the_exit_code() {
    let site = SiteTest::fixture("basic");
    for (args, code) in [
        (vec!["check", ".", "--today", crate::support::TODAY], 0),
        (
            vec![
                "check",
                ".",
                "--format",
                "json",
                "--today",
                crate::support::TODAY,
            ],
            0,
        ),
    ] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("opsbook"))
            .args(&args)
            .current_dir(&site.root)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        // Close the pipes' reading ends before opsbook prints anything.
        drop(child.stdout.take());
        drop(child.stderr.take());
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "{args:?}");
    }
}

// Checks that a page that is not text, or not UTF-8, is an error naming the file, not a panic.
#[test]
fn binary_and_non_utf8_pages_are_reported() {
    let site = SiteTest::fixture("basic");
    std::fs::write(
        site.path("content/misc/binary.md"),
        b"\x89PNG\r\n\x1a\n\0\0",
    )
    .unwrap();
    std::fs::write(
        site.path("content/misc/latin1.md"),
        b"---\ntitle: caf\xe9\n---\n",
    )
    .unwrap();
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("error[not-text]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/misc/binary.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("error[invalid-utf8]"), "{}", run.stderr);
    assert!(
        run.stderr.contains("content/misc/latin1.md:2:11"),
        "{}",
        run.stderr
    );
    // The page is still read (the byte as U+FFFD): a link to it is no "does not exist" error
    // about a file that is there, and the preview shows it rather than the 404 page.
    site.write(
        "content/misc/links.md",
        "---\ntitle: Links\n---\nSee [the café](latin1.md).\n",
    );
    let run = site.check(&["--format", "json"]);
    let found: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let codes: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["not-text", "invalid-utf8"], "{}", run.stdout);
}

// Checks that a missing site folder is a clear usage error.
#[test]
fn missing_site_folder_is_exit_2() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["check", "no-such-folder"]);
    run.expect_code(2);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
}

// Checks that a site whose pages are in another tool's folder (`docs/`) is told to set
// `content_dir`, and one with no pages anywhere to run `opsbook init`.
#[test]
fn a_missing_content_folder_points_at_the_pages_or_at_init() {
    let site = SiteTest::fixture("basic");
    std::fs::rename(site.path("content"), site.path("docs")).unwrap();
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "help: the pages seem to be in `docs/`: write `content_dir: docs` in opsbook.yaml"
        ),
        "{}",
        run.stderr
    );
    std::fs::remove_dir_all(site.path("docs")).unwrap();
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("help: run `opsbook init` to start a wiki"),
        "{}",
        run.stderr
    );
}

// Checks that a front-matter mistake is reported once, where it is: an unclosed quote at the
// quote (not at the end of the block, and without the fields after it reported missing), a
// key written twice at its second line, and a required field written empty as empty.
#[test]
fn front_matter_mistakes_are_reported_once_where_they_are() {
    let site = SiteTest::fixture("basic");
    let page = |name: &str, front: &str| {
        site.write(
            &format!("content/processes/{name}.md"),
            &format!("---\n{front}---\nText.\n"),
        );
    };
    page(
        "quote",
        "title: \"Deploys: how we ship\nowner: team-sre\nlast_reviewed: 2026-11-01\n",
    );
    page(
        "twice",
        "title: Twice\nowner: team-sre\nlast_reviewed: 2026-11-01\nowner: ana\n",
    );
    page(
        "empty",
        "title: Empty\nowner: []\nlast_reviewed: 2026-11-01\n",
    );
    page("blank", "title: Blank\nowner:\nlast_reviewed: 2026-11-01\n");
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| {
            format!(
                "{}:{}:{} {} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["column"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "content/processes/blank.md:3:1 missing-field `owner` is required for processes but empty",
            "content/processes/empty.md:3:1 missing-field `owner` is required for processes but empty",
            "content/processes/quote.md:2:8 yaml-syntax this quoted value is never closed",
            "content/processes/twice.md:5:1 yaml-syntax duplicate entry with key \"owner\"",
        ]
    );
    // The help shows what an owner id looks like, from owners.yaml, teams first.
    let help = json.as_array().unwrap()[0]["help"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        help,
        "write `owner: ID`, the id in owners.yaml of the team or person who keeps the page current (team-sre, ana)"
    );
}

// Checks that an unknown owner in `defaults:` is one error, where it is written in
// opsbook.yaml, not one per page it would be given to.
#[test]
fn an_unknown_owner_in_defaults_is_reported_once_where_written() {
    let site = SiteTest::fixture("basic");
    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\ndefaults:\n  - path: processes\n    owner: team-srr\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    assert_eq!(
        run.stderr.matches("who is not in owners.yaml").count(),
        1,
        "{}",
        run.stderr
    );
    for shown in [
        "`defaults` names owner `team-srr`, who is not in owners.yaml",
        "--> opsbook.yaml:4:12",
        "did you mean `team-sre`?",
    ] {
        assert!(run.stderr.contains(shown), "{shown}: {}", run.stderr);
    }
}

// Checks that an owner that is not in owners.yaml is met with the one most likely meant —
// an owner's name, an id with a part more or less (a team renamed from `team-ops` to `ops`),
// a typo — and otherwise with the registry's first ids and how many more there are: a
// company's 200 owners were cut at 12 without a word, none of them the one meant.
#[test]
fn an_unknown_owner_is_met_with_the_owner_most_likely_meant() {
    let site = SiteTest::fixture("basic");
    let mut owners = String::from(
        "owners:\n  ops:\n    kind: team\n  alex.e:\n    name: Alex Example\n  sam:\n    name: Sam Lee\n",
    );
    for n in 0..20 {
        owners.push_str(&format!("  person-{n:02}:\n    name: Person {n}\n"));
    }
    site.write("owners.yaml", &owners);
    let page = |owner: &str| {
        format!(
            "---\ntitle: Page of {owner}\nowner: {owner}\nlast_reviewed: 2026-11-01\n---\nText.\n"
        )
    };
    for (file, owner) in [
        ("renamed", "team-ops"),
        ("short", "alex"),
        ("named", "Sam Lee"),
        ("typo", "sma"),
        ("stranger", "nobody-at-all"),
    ] {
        site.write(&format!("content/processes/{file}.md"), &page(owner));
    }
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let helps: std::collections::HashMap<String, String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "unknown-owner")
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            (path.to_string(), d["help"].as_str().unwrap().to_string())
        })
        .collect();
    let help = |file: &str| helps[&format!("content/processes/{file}.md")].clone();
    assert_eq!(help("renamed"), "did you mean \"ops\"?");
    assert_eq!(help("short"), "did you mean \"alex.e\"?");
    assert_eq!(help("named"), "did you mean \"sam\"?");
    assert_eq!(help("typo"), "did you mean \"sam\"?");
    assert_eq!(
        help("stranger"),
        "add \"nobody-at-all\" to owners.yaml, or use one of: alex.e, ops, person-00, person-01, person-02, person-03, person-04, person-05, person-06, person-07, person-08, person-09 and 11 more"
    );

    // A report asked for an owner who is not in owners.yaml (and whom no page names) says
    // so, and who is meant: not "no page has this owner".
    let run = site.report(&["--owner", "ops-team"]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("--owner ops-team: not in owners.yaml\nhelp: did you mean \"ops\"?"),
        "{}",
        run.stderr
    );
}

// Checks that opsbook.yaml's and owners.yaml's mistakes are said as a page's are: a quote
// left open is found where it opens (it was "did not find expected key" inside a comment
// further down, where the next quote was), and a merge conflict left in them is a
// `merge-conflict` error (it was "`<<<<<<< HEAD` has no `:`").
#[test]
fn the_configurations_quotes_and_merge_conflicts_are_found_where_written() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    site.write(
        "opsbook.yaml",
        "# The site's name.\ntitle: \"Fixture Wiki\n# The \"description\" is one line.\ndescription: Fixtures.\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    for shown in [
        "error[config]: this quoted value is never closed",
        "--> opsbook.yaml:2:8",
        "help: close the quote on the same line",
    ] {
        assert!(run.stderr.contains(shown), "{shown}: {}", run.stderr);
    }
    let conflict = "<<<<<<< HEAD\ntitle: Ours\n=======\ntitle: Theirs\n>>>>>>> main\n";
    site.write("opsbook.yaml", &format!("{conflict}{config}"));
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error[merge-conflict]: a git merge conflict is left here: lines 1 to 5")
            && run.stderr.contains("--> opsbook.yaml:1:1"),
        "{}",
        run.stderr
    );
    site.write("opsbook.yaml", &config);
    let owners = std::fs::read_to_string(site.path("owners.yaml")).unwrap();
    site.write("owners.yaml", &format!("{owners}{conflict}"));
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("error[merge-conflict]") && run.stderr.contains("--> owners.yaml:10:1"),
        "{}",
        run.stderr
    );
}

// Checks that messages name the content folder as the site does (`content_dir: docs`), not
// `content/`, which would send a migrating team to a folder they do not have.
#[test]
fn messages_name_the_sites_own_content_folder() {
    let site = SiteTest::fixture("basic");
    std::fs::rename(site.path("content"), site.path("docs")).unwrap();
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    site.write("opsbook.yaml", &format!("{config}content_dir: docs\n"));
    site.write(
        "docs/misc/links.md",
        "---\ntitle: Links\n---\n[a](nowhere.md) [[No such page]]\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("(no `docs/misc/nowhere.md`)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("create `docs/misc/nowhere.md`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("content/"), "{}", run.stderr);
}

// Checks that Docusaurus's `.mdx` pages are read as pages, their imports, exports and
// components warned where written and links to them checked (they were published as their
// source, links to them unchecked), and that the GOV.UK template's `.html.md.erb` pages are
// not lost without a word: a located warning naming the fix.
#[test]
fn other_tools_page_formats_are_read_or_reported() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/guides/deploy.mdx",
        "---\ntitle: Deploy\n---\nimport Tabs from '@theme/Tabs';\n\n{/* internal: db-prod-7 */}\n\n## Rollback\n\nRoll back.\n",
    );
    site.write(
        "content/guides/start.md",
        "---\ntitle: Start\n---\nSee [deploy](deploy.mdx#rollback) and [missing](deploy.mdx#nowhere).\n",
    );
    site.write(
        "content/guides/index.html.md.erb",
        "---\ntitle: Guides\n---\n<%= partial 'x' %>\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("warning[foreign-syntax]: this ERB file is not read as a page: opsbook reads Markdown (.md)\n--> content/guides/index.html.md.erb"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`import … from` is an MDX import (Docusaurus's), which opsbook does not run: it shows as text\n --> content/guides/deploy.mdx:4:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error[broken-anchor]"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/guides/start.md:4:"),
        "{}",
        run.stderr
    );
    site.write(
        "content/guides/start.md",
        "---\ntitle: Start\n---\nSee [deploy](deploy.mdx#rollback).\n",
    );
    site.build(&[]).expect_code(0);
    let deploy = site.read_output("guides/deploy/index.html");
    assert!(
        deploy.contains("<h2 id=\"rollback\">Rollback</h2>"),
        "{deploy}"
    );
    assert!(!deploy.contains("db-prod-7"), "{deploy}");
    assert!(!site.path("public/guides/deploy.mdx").exists());
    let start = site.read_output("guides/start/index.html");
    assert!(start.contains("href=\"../deploy/#rollback\""), "{start}");
}

// Checks that a page whose extension is in capitals (`Up.MD`, as some editors save it) is
// read and governed as a page: it was published as a file, and escaped every check.
#[test]
fn a_page_with_a_capital_extension_is_governed() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/Up.MD",
        "---\ntitle: Up\nlast_reviewed: 2026-11-01\n---\nUp.\n",
    );
    site.write(
        "content/processes/links-up.md",
        "---\ntitle: Links up\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\nSee [up](Up.MD).\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "`owner` is required for processes but missing\n --> content/processes/Up.MD"
        ),
        "{}",
        run.stderr
    );
    site.write(
        "content/processes/Up.MD",
        "---\ntitle: Up\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\nUp.\n",
    );
    site.build(&[]).expect_code(0);
    assert!(
        site.read_output("processes/up/index.html")
            .contains("<p>Up.</p>")
    );
    assert!(!site.path("public/processes/Up.MD").exists());
    assert!(
        site.read_output("processes/links-up/index.html")
            .contains("href=\"../up/\"")
    );
}

// Checks that front matter written after a blank line, which Markdown reads as a rule and a
// heading made of its keys, is an error at its fence saying what to delete (it passed).
#[test]
fn front_matter_after_blank_lines_is_an_error() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/late.md",
        "\n\n---\ntitle: Late\nsummary: All of it\n---\nIntro\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("error[yaml-syntax]: front matter must start on the file's first line: this `---` comes after 2 blank lines, so the block is read as the page's text\n --> content/misc/late.md:3:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: delete the blank lines above `---`"),
        "{}",
        run.stderr
    );
    // A page that starts with a blank line and then a rule is no front matter, nor are two
    // rules with text between.
    site.write("content/misc/late.md", "\n---\n\nText.\n");
    site.check(&[]).expect_code(0);
    site.write("content/misc/late.md", "\n---\nSome text.\n---\n\nMore.\n");
    site.check(&[]).expect_code(0);
    // A rule and a heading of a word and a colon ("Note: …"), or a rule, a paragraph and a
    // rule, read as YAML but name no field: no front matter either.
    site.write(
        "content/misc/late.md",
        "\n---\nNote: read this before you start\n---\n\nBody.\n",
    );
    site.check(&[]).expect_code(0);
    site.write("content/misc/late.md", "\n\n---\nSee: the runbook\n\n---\n");
    site.check(&[]).expect_code(0);
}

// Checks that settings reaching no page, as a misspelling makes them, are warned where
// written with what was meant: a kind named like another (`proces`, which set up a new kind
// and left processes as they were) and a `defaults` folder that holds no page.
#[test]
fn settings_that_reach_no_page_are_warned() {
    let site = SiteTest::fixture("basic");
    site.write(
        "opsbook.yaml",
        "title: X\nkinds:\n  proces:\n    review_every: 3 months\n  playbook:\n    title: Playbook\ndefaults:\n  - path: procesess\n    review_every: 1 month\n  - path: processes\n    review_every: 2 months\n",
    );
    let run = site.check(&[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("warning[config]: `kinds` sets up a kind `proces` that no page has, beside the kind `process`\n --> opsbook.yaml:3:3"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning[config]: `defaults` names the folder `procesess`, which holds no page: its settings reach nothing\n --> opsbook.yaml:8:11"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("help: did you mean `processes`?"),
        "{}",
        run.stderr
    );
    // A new kind of no other's name, and a folder that holds pages, are fine.
    assert_eq!(
        run.stderr.matches("warning[config]").count(),
        2,
        "{}",
        run.stderr
    );
}

// Checks that a tag `defaults` gives outside the vocabulary is one error in opsbook.yaml,
// where written, not one on every page it is given to, and that a page's tag differing from
// the vocabulary only in case is that tag.
#[test]
fn default_tags_are_checked_once_and_tags_ignore_case() {
    let site = SiteTest::fixture("basic");
    site.write(
        "opsbook.yaml",
        "title: X\ntags: [incident, security]\ndefaults:\n  - path: processes\n    tags: [incidnet]\n",
    );
    site.write(
        "content/processes/cased.md",
        "---\ntitle: Cased\nowner: team-sre\nlast_reviewed: 2026-11-01\ntags: [Incident]\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("error[config]: `defaults` gives the tag \"incidnet\", which is not in `tags`\n --> opsbook.yaml:5:12"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("did you mean \"incident\"?"),
        "{}",
        run.stderr
    );
    // Once: the message and the line it quotes.
    assert_eq!(run.stderr.matches("incidnet").count(), 2, "{}", run.stderr);
    // Written in two entries, and as a list of lines: each where it is.
    site.write(
        "opsbook.yaml",
        "title: X\ntags: [incident, security]\ndefaults:\n  - path: processes\n    tags: [secruity]\n  - path: tools\n    tags:\n      - secruity\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(2);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let at: Vec<(u64, u64)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    assert_eq!(at, [(5, 12), (8, 9)], "{json}");
    // In a flow mapping: at its place too.
    site.write(
        "opsbook.yaml",
        "title: X\ntags: [incident]\ndefaults: [{path: processes, tags: [zza]}]\n",
    );
    let run = site.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        (json[0]["line"].as_u64(), json[0]["column"].as_u64()),
        (Some(3), Some(37)),
        "{json}"
    );
    site.write(
        "opsbook.yaml",
        "title: X\ntags: [incident, security]\ndefaults:\n  - path: processes\n    tags: [security]\n",
    );
    let run = site.check(&[]);
    for tag in ["Incident", "security"] {
        let unknown = format!("tag \"{tag}\" is not in the site's vocabulary");
        assert!(!run.stderr.contains(&unknown), "{}", run.stderr);
    }
}

// Checks that Hugo's `url`/`slug` and Docusaurus's `slug`/`id`, which set a page's address in
// those tools, are answered with how opsbook keeps an old address working (an alias).
#[test]
fn other_tools_address_fields_point_to_aliases() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/restart.md",
        "---\ntitle: Restart\nslug: /restart\nid: restart-api\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("help: opsbook publishes a page at its file's path; to keep `/restart` working, write `aliases: [/restart]`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("an old address is kept working with `aliases: [/old/path/]`"),
        "{}",
        run.stderr
    );
    // Docusaurus's home page: an alias of `/` is no answer (it is refused).
    site.write(
        "content/misc/intro.md",
        "---\ntitle: Intro\nslug: /\n---\nText.\n",
    );
    let run = site.check(&[]);
    assert!(
        run.stderr.contains("help: opsbook publishes the content folder's `_index.md` (or `index.md`) at `/`: make this page that file"),
        "{}",
        run.stderr
    );
}

// Checks that fields other docs tools read get help for what they mean, not a near-miss
// suggestion (`template` was answered "did you mean `templates`?").
#[test]
fn other_tools_fields_get_help_for_what_they_mean() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/moved.md",
        "---\ntitle: Moved\ntemplate: runbook.html\ndescription: What moved where.\nsidebar_position: 2\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(0);
    for help in [
        "help: opsbook pages share the theme's page template: to change it, copy `page.html` into the site's `templates/` folder",
        "help: opsbook calls this `summary`: rename it, or map it with `field_map: {description: summary}` in opsbook.yaml",
        "help: opsbook orders pages by `weight`: map it with `field_map: {sidebar_position: weight}` in opsbook.yaml",
    ] {
        assert!(run.stderr.contains(help), "{help}\n{}", run.stderr);
    }
    assert!(
        !run.stderr.contains("did you mean `templates`"),
        "{}",
        run.stderr
    );
}

// Checks that a page moved from Hugo or Zola keeps its TOML front matter (`+++`): its fields
// are read as YAML's would be, problems are located on their lines, and the help says what
// to write in TOML.
#[test]
fn toml_front_matter_is_read_and_answered_in_toml() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/restart.md",
        "+++\ntitle = \"Restart the API\"\nowner = \"team-sre\"\nlast_reviewed = 2025-01-10\n\
         weight = 2\n[taxonomies]\ntags = [\"incident\"]\n+++\n# Steps\n\nSee [[Web app 1.0.0]].\n",
    );
    site.write(
        "content/releases/web-1.1.0.md",
        "+++\ntitle = \"Web app 1.1.0\"\nversion = 1.10\ndate = 2026-11-02\n+++\nFixes.\n",
    );
    let run = site.check(&[]);
    run.expect_code(0);
    for expected in [
        "warning[overdue]: review overdue by",
        "--> content/processes/restart.md:4:17",
        "then set `last_reviewed = 2026-11-22`",
        "warning[unknown-field]: unknown front-matter field `taxonomies`",
        "--> content/processes/restart.md:6:2",
        "help: opsbook's tags are a field of their own: move `tags` out of `[taxonomies]`",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    site.build(&[]).expect_code(0);
    let page = site.read_output("processes/restart/index.html");
    assert!(page.contains("<title>Restart the API"), "{page}");
    assert!(page.contains("Site Reliability"), "{page}");
    // `version = 1.10` is a number to TOML too: kept as written, not 1.1.
    let whats_new = site.read_output("whats-new/index.html");
    assert!(whats_new.contains("1.10"), "{whats_new}");
    assert!(!whats_new.contains("1.1<"), "{whats_new}");

    // YAML written between TOML's fences: an error at its line, with what TOML writes.
    site.write(
        "content/processes/restart.md",
        "+++\ntitle = \"Restart the API\"\nowner: team-sre\n+++\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("error[toml-syntax]: invalid TOML")
            && run.stderr.contains("--> content/processes/restart.md:3:")
            && run.stderr.contains("TOML writes `key = value`"),
        "{}",
        run.stderr
    );
}

// Checks that admonitions written for MkDocs (`!!! warning "Title"` over an indented body), for
// Docusaurus or Starlight (`:::tip[Title]` … `:::`) and Obsidian (`> [!danger]- Title`) are
// published as callouts with their titles, their bodies read as Markdown (lists, code, links
// checked at their written lines).
#[test]
fn other_tools_admonitions_are_published_as_callouts() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/restart.md",
        "---\ntitle: Restart\n---\n\n!!! warning \"Before you restart\"\n    - Drain the node\n    - Tell [the on-call](../tools/pagerduty.md)\n\n    ```sh\n    kubectl drain node-1\n    ```\n\n:::tip[Faster]\nUse the [script](missing.md).\n:::\n\nDone.\n\n> [!danger]- Never on Fridays\n> Wait for Monday.\n\n::: {.callout-important title=\"Quarto's\"}\nKeep the logs.\n:::\n\n{% hint style=\"danger\" %}\nGitBook's.\n{% endhint %}\n\n> [!info] Outer\n> Text.\n> > [!tip] Inner\n> > Nested.\n\n- item\n  > > [!tip] In list\n  > > body\n\n> [!note] N\n> > ```\n> > > [!tip] not\n> > ```\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("--> content/misc/restart.md:14:18"),
        "the broken link is reported where it is written:\n{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("--> content/misc/restart.md").count(),
        1,
        "no other finding on the page:\n{}",
        run.stderr
    );
    site.write(
        "content/misc/restart.md",
        &std::fs::read_to_string(site.path("content/misc/restart.md"))
            .unwrap()
            .replace("missing.md", "../tools/pagerduty.md"),
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("misc/restart/index.html");
    for expected in [
        "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Before you restart</p>\n<ul>\n<li>Drain the node</li>",
        "<a href=\"../../tools/pagerduty/\">the on-call</a>",
        "<pre class=\"code\" data-lang=\"sh\"><code class=\"language-sh\"><span class=\"d4\">kubectl</span> drain node-1\n</code></pre>\n</div>",
        "<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Faster</p>",
        "<p>Done.</p>",
        // Folded (`-`): a `<details>` whose title opens it.
        "<details class=\"callout callout-caution\"><summary class=\"callout-title\">Never on Fridays</summary>\n<p>Wait for Monday.</p>\n</details>",
        // Quarto's (and pandoc's) fenced div: its class is its type.
        "<div class=\"callout callout-important\" role=\"note\"><p class=\"callout-title\">Quarto&#39;s</p>\n<p>Keep the logs.</p>",
        "<div class=\"callout callout-caution\" role=\"note\"><p class=\"callout-title\">Danger</p>\n<p>GitBook's.</p>",
        // In a list item it stays in the item; in code in a quote it is code.
        "<li>item\n<blockquote>\n<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">In list</p>",
        "<code>&gt; [!tip] not\n</code>",
        // A callout in a callout (Obsidian's `> > [!tip]`).
        "<p class=\"callout-title\">Outer</p>\n<p>Text.</p>\n<div class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Inner</p>\n<p>Nested.</p>\n</div>",
    ] {
        assert!(html.contains(expected), "{expected}\n{html}");
    }
    assert!(
        !html.contains("!!!") && !html.contains(":::") && !html.contains("{%"),
        "{html}"
    );
}

// Checks the links writers paste from Windows and Word, which readers cannot follow: an
// address with a space (shown as text), a file on the writer's disk or a share (published as
// a dead link), a path with `\`, and a page that moved to another folder.
#[test]
fn links_readers_cannot_follow_are_broken_with_the_fix() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/pasted.md",
        "---\ntitle: Pasted\n---\nSee [the form](Leave form.docx) and ![shot](My Shot.png).\n\n[local](C:\\Users\\ana\\form.docx), [share](file://fileserver/hr/a.docx), [unc](\\\\fileserver\\hr\\b.docx), <img src=\"C:/Users/ana/shot.png\">.\n\n[tool](..\\tools\\pagerduty.md), [moved](pagerduty.md), `[code](a b)`.\n\nProse, no link: he wrote [sic](but not really), [1](see page 4), [Smith 2020](p. 12), [a-z](foo bar), $[a](b c.md)$.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let found: Vec<(u64, u64, String, String)> =
        serde_json::from_str::<serde_json::Value>(&run.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["path"] == "content/misc/pasted.md")
            .map(|d| {
                (
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_string(),
                    d["help"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
    let expected = [
        (
            4,
            5,
            "`[the form](Leave form.docx)` shows as text, not a link: its address has a space, which ends an address in Markdown",
            "write `[the form](<Leave form.docx>)` or `[the form](Leave%20form.docx)`",
        ),
        (
            4,
            37,
            "`![shot](My Shot.png)` shows as text, not an image: its address has a space, which ends an address in Markdown",
            "write `![shot](<My Shot.png>)` or `![shot](My%20Shot.png)`",
        ),
        (
            6,
            9,
            "link target `C:\\Users\\ana\\form.docx` is a file on a computer, which readers of the site cannot open",
            "put the file in `content/` beside the page and link it by its name (`form.docx`), or link the document's web address",
        ),
        (
            6,
            42,
            "link target `file://fileserver/hr/a.docx` is a file on a computer, which readers of the site cannot open",
            "put the file in `content/` beside the page and link it by its name (`a.docx`), or link the document's web address",
        ),
        (
            6,
            79,
            "link target `\\fileserver\\hr\\b.docx` is a file on a file share, which readers of the site cannot open",
            "put the file in `content/` beside the page and link it by its name (`b.docx`), or link the document's web address",
        ),
        (
            6,
            113,
            "link target `C:/Users/ana/shot.png` is a file on a computer, which readers of the site cannot open",
            "put the file in `content/` beside the page and link it by its name (`shot.png`), or link the document's web address",
        ),
        (
            8,
            8,
            "link target `..\\tools\\pagerduty.md` does not exist: `\\` does not separate folders in a link",
            "write `/` between folders: `../tools/pagerduty.md`",
        ),
        (
            8,
            40,
            "link target `pagerduty.md` does not exist (no `content/misc/pagerduty.md`)",
            "did you mean `../tools/pagerduty.md`? It is the page of that name (if it moved there, links to its old place are fixed by linking its new one)",
        ),
    ];
    let found: Vec<(u64, u64, &str, &str)> = found
        .iter()
        .map(|(l, c, m, h)| (*l, *c, m.as_str(), h.as_str()))
        .collect();
    assert_eq!(found, expected);
}

// Checks what word processors, phones and old editors put into front matter: each named at
// its place with the fix, once, and the page read as meant meanwhile (no second error about
// an owner "not in owners.yaml" that looks like one that is, no "missing" field written).
#[test]
fn what_word_processors_put_in_front_matter_is_named_once() {
    let site = SiteTest::fixture("basic");
    let page = |name: &str, front: &str| {
        site.write(
            &format!("content/misc/{name}.md"),
            &format!("{front}\nlast_reviewed: 2026-11-01\n---\nText.\n"),
        );
    };
    page("nbsp", "---\ntitle: A\nowner:\u{a0}team-sre");
    page("zwsp", "---\ntitle: B\nowner: team-sre\u{200b}");
    page("curly", "---\ntitle: C\nowner: “team-sre”");
    page("colon", "---\ntitle: D\nowner\u{ff1a} team-sre");
    page("at", "---\ntitle: E\nowner: @ana");
    site.write(
        "content/processes/hash.md",
        "---\ntitle: F\nowner: #sre\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    page("tab", "---\ntitle: G\nowner: ana\ntags:\n\t- x");
    page("fence", "----\ntitle: H\nowner: ana");
    // Read as `owner` and `last_reviewed`, which processes require.
    site.write(
        "content/processes/capital.md",
        "---\nTitle: I\nOwner: ana\nLast_Reviewed: 2026-11-01\n---\nText.\n",
    );
    site.write(
        "content/misc/heading.md",
        "---\n# Failover runbook\n---\n\nPage the DBA.\n",
    );
    site.write(
        "content/processes/mac.md",
        "---\rtitle: J\rowner: ana\rlast_reviewed: 2026-11-01\r---\rText.\r",
    );
    site.write("content/misc/rich.md", "{\\rtf1\\ansi Hello}");
    // The same characters inside values are text, and no finding: French puts a non-breaking
    // space before `!`, Thai a zero-width space between words, Japanese a full-width colon.
    site.write(
        "content/misc/legit.md",
        "---\ntitle: \"Bienvenue\u{a0}! 障害対応：手順 ภาษา\u{200b}ไทย นี่\u{200b}คือ 「障害」\u{200b}対応\"\nsummary: >\n  注意：本番環境では実行しない\n  \u{3000}日本語の段落です。Prise\u{a0}en charge\ntags: [\"mise\u{a0}à jour\", \"👩\u{200d}💻\", \"می\u{200c}خواهم\"]\n---\nText.\n",
    );
    site.write(
        "content/misc/legit-toml.md",
        "+++\ntitle=\"障害：手順 ที่\u{200b}นี่\"\n+++\nText.\n",
    );
    site.write(
        "content/misc/hashsummary.md",
        "---\ntitle: S\nsummary: #1 priority\n---\nText.\n",
    );
    site.write(
        "content/misc/hashtags.md",
        "---\ntitle: T\ntags: [#incident, ops]\n---\nText.\n",
    );
    // At a quoted value's edge, neither.
    site.write(
        "content/misc/zwnjtag.md",
        "---\ntitle: U\ntags: [\"\u{200c}fa\"]\n---\nText.\n",
    );
    // In a key, it is no script's.
    site.write(
        "content/misc/zwkey.md",
        "---\nti\u{200b}tle: Z\n---\nText.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let found: Vec<(String, u64, u64, String, String)> =
        serde_json::from_str::<serde_json::Value>(&run.stdout)
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| {
                d["path"].as_str().unwrap().starts_with("content/misc/")
                    || d["path"]
                        .as_str()
                        .unwrap()
                        .starts_with("content/processes/")
            })
            .map(|d| {
                (
                    d["path"]
                        .as_str()
                        .unwrap()
                        .replace("content/misc/", "")
                        .replace("content/processes/", ""),
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                    d["message"].as_str().unwrap().to_string(),
                    d["help"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
    let found: Vec<(&str, u64, u64, &str, &str)> = found
        .iter()
        .map(|(p, l, c, m, h)| (p.as_str(), *l, *c, m.as_str(), h.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (
                "at.md",
                3,
                8,
                "a value that starts with `@` must be quoted",
                "write `owner: \"@ana\"`"
            ),
            (
                "colon.md",
                3,
                6,
                "a full-width colon `：` (U+FF1A), which YAML does not read as a colon",
                "write `:` (an input method in full-width mode types `：`)"
            ),
            (
                "curly.md",
                3,
                8,
                "`owner`'s value is between curly quotes (“…), which are not quotes to YAML but part of the value",
                "write straight quotes (`\"`) or none (it is read without them meanwhile); a word processor or a phone's keyboard turns them curly"
            ),
            (
                "fence.md",
                1,
                1,
                "`----` is not a front matter's fence, which is `---` exactly",
                "write `---` alone at the very start of the first line and on the closing line (it is read as front matter meanwhile)"
            ),
            (
                "hashsummary.md",
                3,
                10,
                "`summary` must be text, found nothing",
                "`#` after a space starts a comment in YAML, which leaves `summary` empty: quote the value, `summary: \"#1 priority\"`"
            ),
            (
                "hashtags.md",
                3,
                7,
                "`#` after `[` or a space starts a comment in YAML, which cuts this list short",
                "quote the value: `\"#incident\"`"
            ),
            (
                "heading.md",
                2,
                1,
                "the `---` lines at the top make `# Failover runbook` front matter, not text: it is not on the page",
                "front matter holds `key: value` lines; for rules around the page's first text, put a line of text above the first `---`"
            ),
            (
                "nbsp.md",
                3,
                7,
                "a non-breaking space (U+00A0), which YAML does not read as a space",
                "retype it as an ordinary space (pasting from a word processor or a web page brings it)"
            ),
            (
                "rich.md",
                0,
                0,
                "this file is rich text (RTF), not Markdown",
                "save it as plain text (in TextEdit, Format > Make Plain Text, then save as UTF-8)"
            ),
            (
                "tab.md",
                5,
                1,
                "a tab, which YAML does not allow where it indents",
                "indent with spaces (a list item under its key: two spaces, then `- `); a key at the top starts at the line's beginning"
            ),
            (
                "zwkey.md",
                2,
                3,
                "an invisible zero-width space (U+200B), part of the text to YAML",
                "delete it: it is between `ti` and `tle:`"
            ),
            (
                "zwnjtag.md",
                3,
                9,
                "an invisible zero-width non-joiner (U+200C), part of the text to YAML",
                "delete it: it is between `[\"` and `fa\"]`"
            ),
            (
                "zwsp.md",
                3,
                16,
                "an invisible zero-width space (U+200B), part of the text to YAML",
                "delete it: it is right after `team-sre`"
            ),
            (
                "hash.md",
                3,
                1,
                "`owner` is required for processes but empty",
                "`#` after a space starts a comment in YAML, which leaves `owner` empty: quote the value, `owner: \"#sre\"`"
            ),
        ]
    );
}

// Checks that every mistake serde lets through in opsbook.yaml is reported in one run, each
// where it is written, and likewise in owners.yaml: fixing them one build at a time is slow.
#[test]
fn every_config_mistake_is_reported_in_one_run() {
    let site = SiteTest::fixture("basic");
    site.write(
        "opsbook.yaml",
        "title: X\nrepo_url: git@github.com:acme/wiki.git\nedit_branch: \"\"\nrules:\n  overdu: error\n  brokn-link: warning\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(2);
    let json: serde_json::Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("JSON on stdout ({e}):\n{}", run.stdout));
    let found: Vec<(u64, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["line"].as_u64().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (
                2,
                "repo_url \"git@github.com:acme/wiki.git\" is not a web address"
            ),
            (3, "edit_branch \"\" is not a branch name"),
            (5, "unknown rule `overdu` in `rules`"),
            (6, "unknown rule `brokn-link` in `rules`"),
        ]
    );

    site.write("opsbook.yaml", "title: X\n");
    site.write(
        "owners.yaml",
        "owners:\n  ops:\n    kind: squad\n    members: [ana, bob]\n  ana:\n    name: Ana\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    for expected in [
        "owner `ops` has kind \"squad\", which is neither team nor person",
        "--> owners.yaml:3:11",
        "owner `ops` names `bob` as its member, but no owner has that id",
        "--> owners.yaml:4:20",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
}

// Checks that a link to a page's `# H1`, which becomes its title, lands on the title: "back to
// top" links and `page.md#title` links, common in docs written for GitHub or MkDocs, were
// broken-anchor errors.
#[test]
fn a_link_to_the_h1_that_is_the_title_lands_on_it() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/pay.md",
        "# Payments Runbook\n\n## Steps\n\n[Back to top](#payments-runbook)\n",
    );
    site.write(
        "content/misc/refunds.md",
        "---\ntitle: Refunds\n---\nSee [the runbook](pay.md#payments-runbook).\n",
    );
    let run = site.check(&[]);
    assert!(!run.stderr.contains("broken-anchor"), "{}", run.stderr);
    site.build(&[]).expect_code(0);
    let html = site.read_output("misc/pay/index.html");
    assert!(
        html.contains(
            "<h1 class=\"doc-title\" id=\"payments-runbook\" dir=\"auto\">Payments Runbook</h1>"
        ),
        "{html}"
    );
}

// Checks that a glossary written as a definition list (`Term` over `: definition`, as Hugo and
// MkDocs' def_list write it) is published as one, its links checked where they are written.
#[test]
fn definition_lists_are_published_as_glossaries() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/glossary.md",
        "---\ntitle: Glossary\n---\n\nRTO\n: Recovery time objective.\n\nRPO\n: How much data may be lost.\n: See [backups](backups.md).\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("--> content/misc/glossary.md:10:17"),
        "{}",
        run.stderr
    );
    site.write(
        "content/misc/glossary.md",
        &std::fs::read_to_string(site.path("content/misc/glossary.md"))
            .unwrap()
            .replace("backups.md", "../tools/pagerduty.md"),
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("misc/glossary/index.html");
    let expected = "<dl>\n<dt>RTO</dt>\n<dd>Recovery time objective.</dd>\n<dt>RPO</dt>\n<dd>How much data may be lost.</dd>\n<dd>See <a href=\"../../tools/pagerduty/\">backups</a>.</dd>\n</dl>";
    assert!(html.contains(expected), "{html}");
}

// Checks that a symbolic link in the site to a file or folder outside it is not followed: a
// merged page could otherwise publish whatever the CI runner can read (`/proc/self/environ`
// holds its secrets). Links inside the site still work.
#[cfg(unix)]
#[test]
fn symbolic_links_to_outside_the_site_are_errors_and_not_published() {
    let site = SiteTest::fixture("basic");
    let outside = site.root.parent().unwrap().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "TOPSECRET").unwrap();
    let link = |target: &std::path::Path, rel: &str| {
        std::os::unix::fs::symlink(target, site.path(rel)).unwrap();
    };
    link(&outside.join("secret.txt"), "content/processes/env.txt");
    link(&outside, "content/processes/shared");
    // Inside the site but hidden: version control's own (a CI checkout's token is in
    // `.git/config`) and dotfiles are not published through a link either.
    site.write(
        ".git/config",
        "extraheader = AUTHORIZATION: basic TOKEN-123\n",
    );
    site.write(".env", "API_KEY=TOKEN-456\n");
    std::fs::create_dir_all(site.path("static")).unwrap();
    link(&site.path(".git/config"), "content/processes/config.txt");
    link(&site.path(".git"), "content/processes/gitdir");
    link(&site.path(".git"), "static/g");
    link(&site.path(".env"), "static/env.txt");
    // Inside the site: followed.
    site.write("notes/handbook.md", "---\ntitle: Handbook\n---\nText.\n");
    link(&site.path("notes"), "content/notes");

    let run = site.check(&[]);
    run.expect_code(1);
    for (path, what) in [
        ("content/processes/env.txt", "secret.txt"),
        ("content/processes/shared", "outside"),
    ] {
        let expected = format!("--> {path}\n");
        assert!(
            run.stderr.contains(&expected) && run.stderr.contains(what),
            "{expected}\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains("outside the site folder: opsbook does not publish what is outside the site"),
        "{}",
        run.stderr
    );
    for hidden in [
        "content/processes/config.txt",
        "content/processes/gitdir",
        "static/g",
        "static/env.txt",
    ] {
        let expected = format!("--> {hidden}\n");
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains(
            "symbolic link to `.git/config`, which is hidden or a tool's own: opsbook does not publish it"
        ),
        "{}",
        run.stderr
    );
    std::fs::remove_file(site.path("content/processes/env.txt")).unwrap();
    std::fs::remove_file(site.path("content/processes/shared")).unwrap();
    // Lowered to a warning, the links are still left out.
    site.write(
        "opsbook.yaml",
        &format!(
            "{}\nrules:\n  unreadable: warning\n",
            std::fs::read_to_string(site.path("opsbook.yaml")).unwrap()
        ),
    );
    site.build(&[]).expect_code(0);
    let published = crate::support::tree(&site.root.join("public"));
    assert!(
        !published
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("TOKEN-")),
        "a token was published"
    );
    assert!(
        site.read_output("notes/handbook/index.html")
            .contains("Handbook")
    );
}

// Checks that the site's own folders cannot lead out of it either: a pull request replacing
// `content` (or `static`, or the folder `content_dir` names) by a link to `~/.ssh` published
// its keys, and one setting `output_dir` through a link, or to an absolute path, wrote files
// of its choosing outside the site (`~/.config/git/config`, which the next git command
// runs). `--out` still writes wherever whoever runs the build says.
#[cfg(unix)]
#[test]
fn the_sites_own_folders_cannot_lead_outside_it() {
    let site = SiteTest::fixture("basic");
    let outside = site.root.parent().unwrap().join("outside-home");
    std::fs::create_dir_all(outside.join(".ssh")).unwrap();
    std::fs::write(
        outside.join(".ssh/id_ed25519.md"),
        "---\ntitle: Key\n---\nPRIVATEKEY\n",
    )
    .unwrap();
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    std::fs::rename(site.path("content"), site.path("pages")).unwrap();
    for (folder, setting) in [("content", ""), ("lnk", "content_dir: lnk\n")] {
        std::os::unix::fs::symlink(outside.join(".ssh"), site.path(folder)).unwrap();
        site.write("opsbook.yaml", &format!("{config}\n{setting}"));
        for run in [site.check(&[]), site.build(&[])] {
            run.expect_code(2);
            assert!(
                run.stderr.contains(&format!("the `{folder}` folder is `"))
                    && run.stderr.contains("outside the site folder"),
                "{}",
                run.stderr
            );
        }
        assert!(!site.path("public").exists());
        std::fs::remove_file(site.path(folder)).unwrap();
    }
    std::fs::rename(site.path("pages"), site.path("content")).unwrap();
    std::os::unix::fs::symlink(outside.join(".ssh"), site.path("static")).unwrap();
    site.write("opsbook.yaml", &config);
    site.build(&[]).expect_code(2);
    std::fs::remove_file(site.path("static")).unwrap();

    // The output: through a link on its way, or absolute, from opsbook.yaml.
    std::os::unix::fs::symlink(&outside, site.path("lnk")).unwrap();
    let absolute = outside.join("abs");
    for output_dir in [
        "lnk/.config/git".to_string(),
        absolute.display().to_string(),
    ] {
        site.write(
            "opsbook.yaml",
            &format!("{config}\noutput_dir: \"{output_dir}\"\n"),
        );
        let run = site.build(&[]);
        run.expect_code(2);
        assert!(run.stderr.contains("output_dir"), "{}", run.stderr);
        site.check(&[]).expect_code(2);
    }
    assert!(!outside.join(".config").exists() && !absolute.exists());
    // Inside the site through a link to a folder of the site, and with --out: built.
    std::fs::create_dir_all(site.path("sites")).unwrap();
    std::os::unix::fs::symlink(site.path("sites"), site.path("to-sites")).unwrap();
    site.write(
        "opsbook.yaml",
        &format!("{config}\noutput_dir: to-sites/wiki\n"),
    );
    site.build(&[]).expect_code(0);
    assert!(site.path("sites/wiki/index.html").is_file());
    site.write("opsbook.yaml", &config);
    let out = outside.join("chosen");
    site.build(&["--out", out.to_str().unwrap()]).expect_code(0);
    assert!(out.join("index.html").is_file());
}

// Checks that what `build` cannot write fails `check` first: a page or an alias whose folder
// is a file opsbook writes (the theme's script, the home page's `index.html`) passed `check`
// and failed the merge's build with "Is a directory"; a tag or an owner named `index.html`
// gets a folder of its own.
#[test]
fn a_page_whose_folder_is_a_written_file_fails_check() {
    let site = SiteTest::fixture("basic");
    let page = |title: &str, extra: &str| {
        format!("---\ntitle: {title}\nowner: ana\nlast_reviewed: 2026-11-01\n{extra}---\nText.\n")
    };
    site.write("content/assets/opsbook.js.md", &page("Script", ""));
    site.write("content/index.html/p.md", &page("Inside", ""));
    site.write(
        "content/misc/alias.md",
        &page("Alias", "aliases: [/assets/opsbook.css, /.nojekyll/]\n"),
    );
    site.write("static/.nojekyll/readme.txt", "GitHub Pages\n");
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let found: Vec<(String, String)> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "duplicate-url")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (path, message) in [
        (
            "content/assets/opsbook.js.md",
            "inside `assets/opsbook.js`, which opsbook writes as a file (a file of the theme)",
        ),
        (
            "content/index.html/p.md",
            "inside `index.html`, which opsbook writes as a file",
        ),
        (
            "content/misc/alias.md",
            "inside `assets/opsbook.css`, which opsbook writes as a file (a file of the theme)",
        ),
        (
            "content/misc/alias.md",
            "inside `.nojekyll`, which opsbook writes as a file",
        ),
        (
            "static/.nojekyll/readme.txt",
            "inside `.nojekyll`, which opsbook writes as a file",
        ),
    ] {
        assert!(
            found.iter().any(|(p, m)| p == path && m.contains(message)),
            "{path}: {message} in {found:?}"
        );
    }
    std::fs::remove_dir_all(site.path("content/assets")).unwrap();
    std::fs::remove_dir_all(site.path("content/index.html")).unwrap();
    // A `.nojekyll` of the site's own is the build's.
    std::fs::remove_dir_all(site.path("static/.nojekyll")).unwrap();
    site.write("static/.nojekyll", "");
    site.write(
        "content/misc/alias.md",
        &page("Alias", "owner: index.html\ntags: [index.html]\n").replace("owner: ana\n", ""),
    );
    let owners = std::fs::read_to_string(site.path("owners.yaml")).unwrap();
    site.write(
        "owners.yaml",
        &format!("{owners}  index.html:\n    kind: person\n"),
    );
    site.check(&[]).expect_code(0);
    site.build(&[]).expect_code(0);
    assert!(
        site.read_output("tags/index-html/index.html")
            .contains("Alias")
    );
    assert!(
        site.read_output("owners/index-html/index.html")
            .contains("Alias")
    );
    assert!(site.read_output("tags/index.html").contains("index.html"));
}

// Checks that percent signs written by people who never used Obsidian stay on the page: `%%`
// opens a comment only after a space and before a word (`'%%foo%%'`, `printf("%%d")` and
// `5 %% and 6 %%` lost their text), and on a site that is not an Obsidian vault a comment
// that does hide text is a warning at its place (`%%PATH%%` in a batch file's lines); in a
// vault (`.obsidian/`) comments go without a word.
#[test]
fn percent_signs_stay_unless_they_make_an_obsidian_comment() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/percent.md",
        "---\ntitle: Percent signs\nowner: ana\nlast_reviewed: 2026-11-01\n---\nSQL LIKE '%%foo%%' finds foo.\n\nGrowth was 5 %% and then 6 %% again.\n\nIn C, printf(\"%%d\") prints a number.\n\nWindows vars %%PATH%% and %%TEMP%% in batch files.\n",
    );
    let run = site.check(&["--format", "json"]);
    let warnings: Vec<(u64, u64, String)> = run
        .diagnostics()
        .iter()
        .filter(|d| d["path"] == "content/misc/percent.md")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        warnings,
        [(
            12,
            14,
            "`%%PATH%%` is left out of the page as an Obsidian comment (text between `%%`)"
                .to_string()
        )]
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("misc/percent/index.html");
    for kept in [
        "SQL LIKE '%%foo%%' finds foo.",
        "Growth was 5 %% and then 6 %% again.",
        "printf(\"%%d\") prints a number.",
        "Windows vars and in batch files.",
    ] {
        assert!(html.contains(kept), "{kept} in {html}");
    }
    std::fs::create_dir_all(site.path(".obsidian")).unwrap();
    let run = site.check(&[]);
    assert!(
        !run.stderr.contains("content/misc/percent.md"),
        "{}",
        run.stderr
    );
}

// Checks that a Markdown link's fragment naming a heading by its text, as Obsidian writes it
// with wikilinks off (`[p](My%20Page.md#Part%20one)`), leads to that heading: each was a
// broken-anchor error, and a vault moved in failed until every one was rewritten.
#[test]
fn a_fragment_naming_a_heading_by_its_text_leads_to_it() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/My Page.md",
        "---\ntitle: My page\n---\n## Part one\n\nText.\n\n## Custom part {#kept-id}\n\nMore. Back to [the top part](#Part%20one).\n",
    );
    site.write(
        "content/misc/linking.md",
        "---\ntitle: Linking\n---\nSee [p](My%20Page.md#Part%20one), [c](<My Page.md#Custom part>) and [bad](My%20Page.md#Part%20two).\n",
    );
    let run = site.check(&["--format", "json"]);
    let anchors: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "broken-anchor")
        .map(|d| {
            format!(
                "{}:{}",
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(anchors.len(), 1, "{anchors:?}");
    assert!(
        anchors[0].starts_with("content/misc/linking.md:") && anchors[0].contains("part-two"),
        "{anchors:?}"
    );
    site.write(
        "content/misc/linking.md",
        "---\ntitle: Linking\n---\nSee [p](My%20Page.md#Part%20one) and [c](<My Page.md#Custom part>).\n",
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("misc/linking/index.html");
    assert!(
        html.contains("href=\"../my-page/#part-one\"")
            && html.contains("href=\"../my-page/#kept-id\""),
        "{html}"
    );
    let own = site.read_output("misc/my-page/index.html");
    assert!(
        own.contains("<a href=\"#part-one\">the top part</a>"),
        "{own}"
    );
}

// Checks that `static/` is published with its dotfiles (`.well-known/`, `.nojekyll` for
// GitHub Pages, `.htaccess`), but without version control's and the Finder's.
#[test]
fn static_dotfiles_are_published_but_not_tools_own() {
    let site = SiteTest::fixture("basic");
    for (rel, text) in [
        (
            "static/.well-known/security.txt",
            "Contact: mailto:sec@example.com\n",
        ),
        ("static/.nojekyll", ""),
        ("static/.htaccess", "Options -Indexes\n"),
        ("static/.git/config", "[core]\n"),
        ("static/.DS_Store", "x"),
        ("static/files/.notes.md.swp", "x"),
    ] {
        site.write(rel, text);
    }
    site.build(&[]).expect_code(0);
    let public = site.root.join("public");
    for kept in [".well-known/security.txt", ".nojekyll", ".htaccess"] {
        assert!(public.join(kept).is_file(), "{kept} is published");
    }
    for left_out in [".git", ".DS_Store", "files/.notes.md.swp"] {
        assert!(
            !public.join(left_out).exists(),
            "{left_out} is not published"
        );
    }
}

// Checks that an empty SOURCE_DATE_EPOCH counts as unset (it was a usage error, exit 2), and a
// set one is "today".
#[test]
fn an_empty_source_date_epoch_is_unset() {
    let site = SiteTest::fixture("basic");
    let run = |epoch: &str| {
        assert_cmd::Command::cargo_bin("opsbook")
            .unwrap()
            .current_dir(&site.root)
            .env("SOURCE_DATE_EPOCH", epoch)
            .args(["check", ".", "--format", "json"])
            .output()
            .unwrap()
    };
    assert_ne!(run("").status.code(), Some(2));
    // 2027-06-30: every dated review in the fixture is overdue by then.
    let later = run("1814400000");
    assert!(String::from_utf8_lossy(&later.stdout).contains("\"overdue\""));
}

// Checks that a link finds a file whose name is in the other Unicode form (`é` decomposed, as
// macOS's old file system and some tools write names, and composed in the link, or the other
// way round): it was "`café.md` does not exist … did you mean `café.md`?".
#[test]
fn links_find_file_names_in_either_unicode_form() {
    let site = SiteTest::fixture("basic");
    let decomposed = "cafe\u{301}";
    site.write(
        &format!("content/misc/{decomposed}.md"),
        "---\ntitle: Café\n---\nText.\n",
    );
    site.write(&format!("content/misc/{decomposed}-menu.pdf"), "%PDF-1.4\n");
    site.write(
        "content/misc/links.md",
        "---\ntitle: Links\n---\n[page](caf\u{e9}.md), [menu](caf\u{e9}-menu.pdf) and [[misc/caf\u{e9}]].\n",
    );
    let run = site.check(&[]);
    run.expect_code(0);
    assert!(!run.stderr.contains("broken-link"), "{}", run.stderr);
}

// Checks that a broken link's "did you mean" names a page a few edits away for the length of
// its file name, not any page of a long folder path: `nope.md` was "did you mean `UPPER.md`?".
#[test]
fn a_broken_links_suggestion_is_a_near_miss_of_its_file_name() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/incidents/UPPER.md",
        "---\ntitle: Upper\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    site.write(
        "content/processes/incidents/links.md",
        "---\ntitle: Links\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\n[a](nope.md) and [b](incident-respnse.md)\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("help: did you mean `incident-response.md`?"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("did you mean `UPPER.md`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("help: create `content/processes/incidents/nope.md`"),
        "{}",
        run.stderr
    );
}

// Checks that a day on the command line or in SOURCE_DATE_EPOCH that cannot be one is said in
// plain words (the date library's own message spoke of `jiff::Timestamp`).
#[test]
fn an_impossible_today_is_explained() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["check", ".", "--today", "2026-13-01"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("\"2026-13-01\" has no month 13"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("jiff"), "{}", run.stderr);
    let output = std::process::Command::new(assert_cmd::cargo::cargo_bin("opsbook"))
        .current_dir(&site.root)
        .env("SOURCE_DATE_EPOCH", "99999999999999999")
        .args(["check", "."])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("SOURCE_DATE_EPOCH 99999999999999999 is not a time a calendar holds"),
        "{stderr}"
    );
}

// Checks that a file beside the pages that cannot be read is an `unreadable` error where it
// is, and left out (the build failed with a bare error when it came to copy it, and `serve`
// answered for it with nothing). Only for users other than root, who reads any file.
#[cfg(unix)]
#[test]
fn an_unreadable_file_is_a_located_error() {
    use std::os::unix::fs::PermissionsExt;
    let site = SiteTest::fixture("basic");
    site.write("content/misc/diagram.svg", "<svg/>");
    let file = site.path("content/misc/diagram.svg");
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::File::open(&file).is_ok() {
        return;
    }
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("error[unreadable]: cannot read: ")
            && run.stderr.contains("--> content/misc/diagram.svg"),
        "{}",
        run.stderr
    );
}

// Checks that what differs only in case gets its "did you mean": a kind's own field in
// capitals (opsbook's own fields are read in any case), a link whose folder is capitalised (it works on macOS and Windows, and fails in
// CI), and an anchor in capitals on a page where the heading is written twice (the second
// one, `-1`, was suggested).
#[test]
fn case_only_mistakes_are_suggested() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/twice.md",
        "---\ntitle: Twice\n---\n## Roles and Duties\n\nA\n\n## Roles and Duties\n\nB\n",
    );
    site.write(
        "content/tools/cased.md",
        "---\ntitle: Cased\nowner: ana\nlast_reviewed: 2026-11-01\ntool: Cased\nVendor: Acme\naccess: Ask\n---\nSee [t](../processes/Incidents/incident-response.md) and [r](../misc/twice.md#Roles-And-Duties).\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    for help in [
        "help: did you mean `vendor`?",
        "help: did you mean `../processes/incidents/incident-response.md`? File names are case-sensitive where the site is built, though not on macOS or Windows",
        "help: did you mean `#roles-and-duties`?",
    ] {
        assert!(run.stderr.contains(help), "{help}\n{}", run.stderr);
    }
}

// Checks that links from the site's root that miss say why, rather than to create a file in
// the content folder: a path from the repository's root (`/content/…`, as GitHub links), a
// file of `static/` by its folder, an owner's or a tag's page that is not made.
#[test]
fn root_links_that_miss_say_why() {
    let site = SiteTest::fixture("basic");
    site.write("static/files/handbook.pdf", "PDF");
    site.write(
        "content/misc/roots.md",
        "---\ntitle: Roots\ntags: [\"c++\"]\n---\n[1](/content/processes/incidents/incident-response.md) [2](/static/files/handbook.pdf) [3](/owners/nobody/) [4](/tags/nope/) [5](/content/processes/incidents/#top) [6](/tags/c++/) [7](/owners/Team-SRE/) [8](../Processes/Incidents/) [9](/content/misc/team%20docs/q3.md) [10](Team%20Docs/q3.md)\n",
    );
    site.write(
        "content/misc/team docs/q3.md",
        "---\ntitle: Q3\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    for help in [
        "help: did you mean `/processes/incidents/incident-response.md`? A path from the site's root leaves out `content/`",
        "help: the files of `static/` are published at the site's root: write `/files/handbook.pdf`",
        "help: opsbook makes a page at `/owners/ID/` for each owner (of owners.yaml, or named by a page): `nobody` is none of them",
        "help: opsbook makes a page at `/tags/TAG/` for each tag the pages give: no page is tagged `nope`",
        // A folder, its anchor kept; a tag's and an owner's page under another spelling; a
        // folder written in other capitals.
        "help: did you mean `/processes/incidents/#top`? A path from the site's root leaves out `content/`",
        "help: did you mean `/tags/c-plus-plus/`?",
        "help: did you mean `/owners/team-sre/`?",
        "help: did you mean `../processes/incidents/`? File names are case-sensitive",
        // Ready to paste: a space is written `%20`.
        "help: did you mean `/misc/team%20docs/q3.md`? A path from the site's root leaves out `content/`",
        "help: did you mean `team%20docs/q3.md`? File names are case-sensitive",
    ] {
        assert!(run.stderr.contains(help), "{help}\n{}", run.stderr);
    }
    assert!(!run.stderr.contains("create `content/"), "{}", run.stderr);
}

// Checks that a content folder without a page is warned (a CI job pointed at the wrong folder
// checked nothing and passed without a word), and fails `--deny warnings`.
#[test]
fn a_content_folder_without_pages_is_warned() {
    let site = SiteTest::fixture("basic");
    std::fs::remove_dir_all(site.path("content")).unwrap();
    std::fs::create_dir_all(site.path("content/processes")).unwrap();
    let run = site.check(&[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains(
            "warning[config]: the content folder holds no page: nothing is checked or published"
        ),
        "{}",
        run.stderr
    );
    site.check(&["--deny", "warnings"]).expect_code(1);
}

// Checks that templates put where opsbook reads none are said to be unused, each with where
// it should go: a name of another case (`Base.html`), Zola's shortcodes, Hugo's `layouts/`,
// and Jekyll's `404.md` (they built without a word and changed nothing); while a template
// the site's own includes is used.
#[test]
fn templates_opsbook_does_not_use_are_named() {
    let site = SiteTest::fixture("basic");
    site.write("templates/Base.html", "x");
    site.write("templates/shortcodes/status.html", "x");
    site.write("layouts/partials/footer.html", "x");
    // mdBook's `theme/` of a book built beside the wiki, holding its CSS alone: no template.
    site.write("theme/custom.css", "x");
    site.write("content/404.md", "---\ntitle: Lost\n---\nNot here.\n");
    site.write(
        "templates/base.html",
        "{% extends \"theme/base.html\" %}{% block footer %}{% include \"partials/status.html\" %}{% endblock footer %}",
    );
    site.write("templates/partials/status.html", "<p>Status</p>");
    let run = site.check(&["--format", "json"]);
    run.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(&str, &str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["code"] == "foreign-syntax"
                && !d["path"].as_str().unwrap().starts_with("content/templates")
        })
        .map(|d| {
            (
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
                d["help"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "content/404.md",
                "this page is published at `/404/`, not as the page shown for an address that does not exist",
                "that page is the template `404.html`: `opsbook theme 404.html` copies the theme's into `templates/` to change it"
            ),
            (
                "layouts/",
                "`layouts/` is Hugo's folder of templates, which opsbook does not read",
                "opsbook's templates are in `templates/`, written for Tera 2: `opsbook theme` lists the theme's, and copies one to change it"
            ),
            (
                "templates/Base.html",
                "`Base.html` is no template of the theme's, and no template includes it: it is not used",
                "did you mean `base.html`? A template replaces the theme's of the same name (names are case-sensitive)"
            ),
            (
                "templates/shortcodes/status.html",
                "`shortcodes/status.html` is no template of the theme's, and no template includes it: it is not used",
                "a template replaces the theme's of the same name (`opsbook theme` lists them), or is included by one: `{% include \"partials/x.html\" %}`"
            ),
        ]
    );
}

// Checks that a bug of opsbook's (a panic: the debug build's fault injection stands for one)
// says it is one, and what to report, after Rust's own message naming the file.
#[test]
fn a_bug_says_it_is_one() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/bug.md",
        "---\ntitle: Bug\n---\nTRIGGER-A-BUG\n",
    );
    let run = site.run_with_env(&["check"], &[("OPSBOOK_TEST_PANIC", "TRIGGER-A-BUG")]);
    assert_eq!(run.code, 101, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("OPSBOOK_TEST_PANIC met in content/misc/bug.md")
            && run.stderr.contains("error: this is a bug in opsbook")
            && run.stderr.contains("please report it"),
        "{}",
        run.stderr
    );
}

// Checks that a site that cannot be read at all (a CI job given the wrong folder, or a page)
// is still one diagnostic for a machine format's reader, on stdout, and a run annotation (no file) for
// GitHub: stdout was empty, which a JSON reader fails to parse.
#[test]
fn a_missing_site_is_a_diagnostic_in_machine_formats() {
    let site = SiteTest::fixture("basic");
    let run = site.run(&["check", "no-such-folder", "--format", "json"]);
    run.expect_code(2);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json[0]["severity"], "error", "{json}");
    assert!(
        json[0]["message"]
            .as_str()
            .unwrap()
            .contains("site folder `no-such-folder` does not exist"),
        "{json}"
    );
    let run = site.run(&["check", "no-such-folder", "--format", "github"]);
    run.expect_code(2);
    assert!(
        run.stdout
            .starts_with("::error title=config::site folder `no-such-folder` does not exist"),
        "{}",
        run.stdout
    );
    // A page given for the site (it was "reading `…/pagerduty.md/opsbook.yaml`: Not a
    // directory"): the site's folder named.
    let run = site.run(&["check", "content/tools/pagerduty.md"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("`content/tools/pagerduty.md` is a file: opsbook reads a whole site, and this one's folder is `.`"),
        "{}",
        run.stderr
    );
}

// Checks that with `content_dir: .` a page is named from the site's root as it is written,
// `notes/x.md`, not `./notes/x.md`, in diagnostics and in `pages.json` (whose source edit
// links and scripts use).
#[test]
fn the_site_as_its_content_names_pages_without_a_dot() {
    let scratch = crate::support::SiteTest::fixture("basic");
    std::fs::remove_dir_all(scratch.path("content")).unwrap();
    scratch.write("opsbook.yaml", "title: Vault\ncontent_dir: .\n");
    scratch.write("notes/x.md", "---\ntitle: X\n---\nSee [gone](nope.md).\n");
    let run = scratch.check(&["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let broken = json
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "broken-link")
        .unwrap();
    assert_eq!(broken["path"], "notes/x.md", "{json}");
    scratch.write("notes/x.md", "---\ntitle: X\n---\nText.\n");
    scratch.build(&[]).expect_code(0);
    let pages = scratch.read_output("pages.json");
    assert!(pages.contains("\"source\": \"notes/x.md\""), "{pages}");
}

// Checks that a merge conflict committed in a page is an error at its `<<<<<<<` line, in the
// body and in the front matter, where it is the one mistake reported (its YAML error said to
// quote a value); a page about git showing markers in a code block is fine.
#[test]
fn merge_conflicts_left_in_pages_are_errors_where_they_start() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/restart.md",
        "---\ntitle: Restart\n---\nIntro.\n\n<<<<<<< HEAD\nUse the new runbook.\n=======\nUse the old runbook.\n>>>>>>> fix-restart\n\n```text\n<<<<<<< HEAD\n=======\n>>>>>>> b\n```\n",
    );
    site.write(
        "content/misc/drain.md",
        "---\ntitle: Drain\n<<<<<<< HEAD\nsummary: New\n=======\nsummary: Old\n>>>>>>> main\n---\nText.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let found: Vec<(String, String, u64)> = run
        .diagnostics()
        .iter()
        .filter(|d| {
            d["path"]
                .as_str()
                .unwrap_or("")
                .starts_with("content/misc/")
        })
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "merge-conflict".to_string(),
                "content/misc/drain.md".to_string(),
                3
            ),
            (
                "merge-conflict".to_string(),
                "content/misc/restart.md".to_string(),
                6
            ),
        ]
    );
}

// Checks that a file whose name is not UTF-8 (Latin-1 from an old machine) is an error that
// names it, and left out: its name's bytes were dropped (`caf\xe9.md` published at `/caf/`)
// without a word.
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_is_an_error() {
    use std::os::unix::ffi::OsStrExt;
    let site = SiteTest::fixture("basic");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    let path = site.path("content/misc").join(name);
    std::fs::write(&path, "---\ntitle: Cafe\n---\nText.\n").unwrap();
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let found: Vec<(String, String)> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "invalid-utf8")
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "content/misc/caf\u{fffd}.md".to_string(),
            "this file's name is not UTF-8 text, so it has no address: it is left out".to_string()
        )]
    );
}

// Checks that Docusaurus's sidebar written by hand (`sidebars.js`), which opsbook does not
// read, is said once with what orders the pages instead; one generated from the folders is
// what opsbook does, and not said.
#[test]
fn a_docusaurus_sidebar_written_by_hand_is_said_to_be_unread() {
    let site = SiteTest::fixture("basic");
    site.write(
        "sidebars.js",
        "module.exports = { docs: ['intro', {type: 'category', label: 'Ops', items: ['ops/a']}] };\n",
    );
    let run = site.check(&[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("warning[foreign-syntax]: `sidebars.js` is Docusaurus's sidebar, which opsbook does not read"),
        "{}",
        run.stderr
    );
    site.write(
        "sidebars.js",
        "module.exports = { docs: [{type: 'autogenerated', dirName: '.'}] };\n",
    );
    let run = site.check(&[]);
    assert!(!run.stderr.contains("sidebars.js"), "{}", run.stderr);
}

// Checks that a broken anchor's help lists the page's own heading (its `# H1`'s id, a place
// links land) before its contents' headings: it listed only the `##` ones.
#[test]
fn a_broken_anchors_help_lists_the_pages_own_heading_too() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/target.md",
        "---\ntitle: Target\n---\n# Overview heading\n\nText.\n\n## Steps\n\nMore.\n",
    );
    site.write(
        "content/misc/source.md",
        "---\ntitle: Source\n---\nSee [it](target.md#zzzzzzzz).\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("headings on `content/misc/target.md`: #overview-heading, #steps"),
        "{}",
        run.stderr
    );
}

// Checks the fix a broken link is given after pages and files moved: the page of that name,
// not an image a few edits away; among pages of that name, the one whose folders end as the
// link's do (a folder moved one level down); a moved image; the link's `#fragment` kept.
#[test]
fn broken_links_after_a_move_are_pointed_at_where_the_page_went() {
    let site = SiteTest::fixture("basic");
    let page = |title: &str| {
        format!("---\ntitle: {title}\nowner: ana\nlast_reviewed: 2026-11-01\n---\nText.\n")
    };
    site.write(
        "content/processes/customer/customer-feedback-triage.md",
        &page("Triage"),
    );
    site.write(
        "content/processes/customer/feedback-triage.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("content/tools/localization/tokens.md", &page("Tokens"));
    site.write("content/tools/billing/tokens.md", &page("Billing tokens"));
    site.write("content/tools/tokens.md", &page("All tokens"));
    site.write(
        "content/processes/deep/er/probe.md",
        &format!(
            "{}[a](../customer-feedback-triage.md?view=1#weekly) [b](../../tools/localization/tokens.md) ![c](ladder.svg)\n",
            page("Probe")
        ),
    );
    let run = site.check(&["--format", "json"]);
    let found = run.helps_for("content/processes/deep/er/probe.md");
    assert_eq!(
        found,
        [
            "did you mean `../../customer/customer-feedback-triage.md?view=1#weekly`? It is the page of that name (if it moved there, links to its old place are fixed by linking its new one)",
            "did you mean `../../../tools/localization/tokens.md`? It is the page of that name (if it moved there, links to its old place are fixed by linking its new one)",
            "did you mean `../../incidents/ladder.svg`? It is the file of that name (if it moved there, links to its old place are fixed by linking its new one)",
        ]
    );
}

// Checks the help of a link to a heading that is not on its page: the one heading with the
// anchor's words (past the eighth, where the list stopped without a word), the other page a
// heading went to when a page was split, and a long list said to be cut.
#[test]
fn broken_anchors_say_where_the_heading_is() {
    let site = SiteTest::fixture("basic");
    let sections: String = (1..=11)
        .map(|n| format!("## Section {n}\n\nText.\n\n"))
        .collect();
    site.write(
        "content/misc/train.md",
        &format!("---\ntitle: Train\n---\n{sections}## Mapping old to new\n\nText.\n"),
    );
    site.write(
        "content/misc/readiness.md",
        "---\ntitle: Readiness\n---\n## Readiness checklist\n\nText.\n",
    );
    site.write(
        "content/misc/probe.md",
        "---\ntitle: Probe\n---\n[a](train.md#mapping) [b](train.md#readiness-checklist) [c](train.md#part)\n",
    );
    let run = site.check(&["--format", "json"]);
    let found = run.helps_for("content/misc/probe.md");
    assert_eq!(
        found,
        [
            "did you mean `#mapping-old-to-new`?",
            "the heading `#readiness-checklist` is on `content/misc/readiness.md`: link it there",
            "headings on `content/misc/train.md`: #section-1, #section-2, #section-3, #section-4, #section-5, #section-6, #section-7, #section-8 and 4 more",
        ]
    );
}

// Checks that a template's placeholders written as tags (`<service-name>`, `<team name>` in a
// table, `<Describe the change here>`) are each named, with how to show them, and that HTML,
// SVG, a script's code and MDX components are not: the placeholders vanished from the page
// without a word, and the last was called an MDX component.
#[test]
fn placeholders_written_as_tags_are_named() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/change-request.md",
        "---\ntitle: Change request\n---\nService: <service-name>\n\n| Owner | <team name> |\n|---|---|\n\n<Describe the change here>\n\n<Tabs groupId=\"os\">\n<TabItem value=\"mac\">Mac</TabItem>\n</Tabs>\n\n<div>ok <b>bold</b> <kbd>Ctrl</kbd> <svg><path d=\"M0\"/></svg></div>\n\n<script>\nif (a<len) { x = 1 }\n</script>\n\n`<inline-code>`, \\<escaped> and <br> and <details><summary>x</summary>y</details>\n\n<a title=\"<not-a-tag>\" href=\"https://example.com\">tip</a> <textarea><kept-as-text></textarea> <status-badge level=\"2\">ok</status-badge>\n\n<Ask the\nrelease manager>\n\n%%ask <owner-name>%%\n",
    );
    let run = site.check(&["--format", "json"]);
    let found: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["path"] == "content/misc/change-request.md")
        .map(|d| {
            format!(
                "{}:{} {} {}",
                d["line"],
                d["column"],
                d["code"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "4:10 unknown-element `<service-name>` is read as an HTML tag, and no element is named `service-name`: the page does not show it",
            "6:11 unknown-element `<team name>` is read as an HTML tag, and no element is named `team`: the page does not show it",
            "9:1 unknown-element `<Describe the change here>` is read as an HTML tag, and no element is named `Describe`: the page does not show it",
            "11:1 foreign-syntax `<Tabs>` is an MDX component (Docusaurus's), which opsbook does not run: its text shows run together",
            "12:1 foreign-syntax `<TabItem>` is an MDX component (Docusaurus's), which opsbook does not run: its text shows run together",
            "25:1 unknown-element `<Ask the release manager>` is read as an HTML tag, and no element is named `Ask`: the page does not show it",
            "28:1 foreign-syntax `%%ask <owner-name>%%` is left out of the page as an Obsidian comment (text between `%%`)",
        ]
    );
}

// Checks what differs only in case, which is one file or folder on macOS and Windows: an
// alias spelling a page's address in capitals (the build wrote a redirect over the page
// there, a redirect to itself), and a folder renamed `Incidents` beside `incidents` (its
// pages silently one section, and no checkout of both possible there).
#[test]
fn addresses_and_folders_differing_only_in_case_are_errors() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/moved.md",
        "---\ntitle: Moved\naliases: [/processes/incidents/Incident-Response/, /misc/Old-Name/]\n---\nText.\n",
    );
    site.write(
        "content/processes/Incidents/paging.md",
        "---\ntitle: Paging\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let found: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "duplicate-url")
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
        [
            "content/misc/moved.md alias \"/processes/incidents/Incident-Response/\" differs only in case from `/processes/incidents/incident-response/`, taken by `content/processes/incidents/incident-response.md`: on macOS and Windows, whose file names ignore case, they are one file, and one would replace the other",
            "content/processes/incidents/incident-response.md the folders `content/processes/incidents` and `content/processes/Incidents` differ only in case: on macOS and Windows, whose file names ignore case, they are one folder (git cannot check out both), and they are published as one",
        ]
    );
}

// Checks the help of front-matter references and wikilinks that name no page after a move:
// the page of that file name elsewhere, or the page a reference names by its title (the
// help gave an unrelated example page, or nothing).
#[test]
fn references_and_wikilinks_after_a_move_are_pointed_at_the_page() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/probe.md",
        "---\ntitle: Probe\ntools: [processes/people/pagerduty]\nrelated: [PagerDuty]\n---\nSee [[processes/people/pagerduty]].\n",
    );
    let run = site.check(&["--format", "json"]);
    let found = run.helps_for("content/misc/probe.md");
    assert_eq!(
        found,
        [
            "did you mean \"tools/pagerduty\"? A reference names a page by its path under the content folder without .md",
            "did you mean \"tools/pagerduty\"? A reference names a page by its path under the content folder without .md",
            "did you mean [[tools/pagerduty]]? It is the page of that name",
        ]
    );
}

// Checks the help of links to files of `static/`, and of a link leading out of the content
// folder after its page moved up: the address `static/` publishes a file at, the folder a
// missing file of such an address goes in, the page of that name.
#[test]
fn links_to_static_files_and_out_of_the_content_folder_are_told_where_to_point() {
    let site = SiteTest::fixture("basic");
    site.write("static/files/handbook.pdf", "%PDF-1.4\n");
    site.write(
        "content/misc/probe.md",
        "---\ntitle: Probe\n---\n[a](../../static/files/handbook.pdf) [b](/files/missing.pdf) [c](../../tools/pagerduty.md)\n",
    );
    let run = site.check(&["--format", "json"]);
    let found = run.helps_for("content/misc/probe.md");
    assert_eq!(
        found,
        [
            "link it by its address on the site, `/files/handbook.pdf`: the files of `static/` are published at the site's root",
            "create `static/files/missing.pdf` (the files of `static/` are published at the site's root), or fix the path",
            "did you mean `../tools/pagerduty.md`? It is the page of that name (if it moved there, links to its old place are fixed by linking its new one)",
        ]
    );
}

// Checks that a broken reference-style link is reported where its address is written, its
// definition, once: it was reported where the link was used, twice, and the line to edit
// went unnamed.
#[test]
fn a_broken_reference_link_is_reported_at_its_definition() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/probe.md",
        "---\ntitle: Probe\n---\nSee the [train][RT] and [again][rt].\n\nAnd [rt].\n\n  [rt]: ../releases/release-trainz.md#web-app\n",
    );
    let run = site.check(&["--format", "json"]);
    let found: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["path"] == "content/misc/probe.md")
        .map(|d| {
            format!(
                "{}:{} {}",
                d["line"],
                d["column"],
                d["code"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(found, ["8:9 broken-link"]);
}

// Checks that an alias naming the address of a file beside the pages (a diagram) is reported
// at the alias, the line to change: it was reported at the file, with the help to give the
// file an extension it had.
#[test]
fn an_alias_at_a_files_address_is_reported_at_the_alias() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/moved.md",
        "---\ntitle: Moved\naliases: [/processes/incidents/ladder.svg]\n---\nText.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let found: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "duplicate-url")
        .map(|d| {
            format!(
                "{}:{} {}",
                d["path"].as_str().unwrap(),
                d["line"],
                d["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "content/misc/moved.md:3 alias \"/processes/incidents/ladder.svg\" would be published as a folder where the file `content/processes/incidents/ladder.svg` is"
        ]
    );
}

// Checks that an alias of the home page's address, or with a `#` part, says what is wrong
// with it: both were "not a path inside the site".
#[test]
fn aliases_of_the_home_page_or_with_a_fragment_say_why() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/moved.md",
        "---\ntitle: Moved\naliases: [/, /old/guide/#setup]\n---\nText.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let found: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["path"] == "content/misc/moved.md")
        .map(|d| {
            format!(
                "{} | {}",
                d["message"].as_str().unwrap(),
                d["help"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            "alias \"/\" is the home page's address, which the home page keeps | remove it: an alias is an old address of this page",
            "alias \"/old/guide/#setup\" has a `#` or `?` part, which never reaches a server | write the address without it: /old/guide/",
        ]
    );
}
