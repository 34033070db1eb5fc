//! One fixture per rule: each diagnostic snapshotted in human and JSON form.
//!
//! Every site under `tests/fixtures/rules/<code>/` is valid except for exactly one problem,
//! the one its rule finds, so a snapshot shows that rule's message, location, caret and help
//! and nothing else. The other tests here cover what all rules share: the GitHub format,
//! sorting, and changing severities with `rules:` and `--deny`.

use opsbook::diag::{Severity, find_rule};
use serde_json::Value;

use crate::support::{Run, SiteTest};

/// Runs `check` on `site` in human and JSON form and snapshots both (as `<code>` and
/// `<code>_json`); checks that the only diagnostic is one of rule `code` with `severity`, and
/// that the exit code follows from it.
fn check_one_rule(site: &SiteTest, code: &str, severity: Severity) {
    check_one_rule_with_env(site, code, severity, &[]);
}

/// [`check_one_rule`] with the environment variables `env` set.
fn check_one_rule_with_env(site: &SiteTest, code: &str, severity: Severity, env: &[(&str, &str)]) {
    let rule = find_rule(code).unwrap_or_else(|| panic!("no rule `{code}` in diag::RULES"));
    assert_eq!(
        rule.severity, severity,
        "the default severity of `{code}` in diag::RULES changed"
    );
    let exit = if severity == Severity::Error { 1 } else { 0 };

    let check = |extra: &[&str]| {
        let mut args = vec!["check", ".", "--today", crate::support::TODAY];
        args.extend_from_slice(extra);
        site.run_with_env(&args, env)
    };
    let human = check(&[]);
    human.expect_code(exit);
    insta::assert_snapshot!(code, human.stderr);

    let json = check(&["--format", "json"]);
    json.expect_code(exit);
    insta::assert_snapshot!(format!("{code}_json"), json.stdout);
    let found = diagnostics(&json);
    assert_eq!(found.len(), 1, "exactly one diagnostic:\n{}", json.stdout);
    let d = &found[0];
    assert_eq!(d["code"], code, "{}", json.stdout);
    assert_eq!(d["severity"], serde_json::to_value(severity).unwrap());

    // Both formats point at the same place.
    let path = d["path"].as_str().unwrap();
    let location = match (d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()) {
        // About the run: no location at all.
        _ if path.is_empty() => format!("[{code}]: "),
        (0, _) => format!("--> {path}\n"),
        (line, 0) => format!("--> {path}:{line}\n"),
        (line, column) => format!("--> {path}:{line}:{column}\n"),
    };
    assert!(
        human.stderr.contains(&location),
        "{location}in\n{}",
        human.stderr
    );
}

/// The diagnostics of a `--format json` run.
fn diagnostics(run: &Run) -> Vec<Value> {
    let json: Value = serde_json::from_str(&run.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout));
    json.as_array().expect("a JSON array").clone()
}

/// `(code, path, line, column)` of each diagnostic, in the order printed.
fn positions(run: &Run) -> Vec<(String, String, u64, u64)> {
    diagnostics(run)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// One test per rule: `test_name: "code" is Severity;` checks `tests/fixtures/rules/code/`.
macro_rules! one_rule_per_fixture {
    ($($(#[$doc:meta])* $test:ident: $code:literal is $severity:ident;)*) => {$(
        $(#[$doc])*
        #[test]
        fn $test() {
            let site = SiteTest::fixture(concat!("rules/", $code));
            check_one_rule(&site, $code, Severity::$severity);
        }
    )*};
}

one_rule_per_fixture! {
    /// `summary: Steps: freeze, …` — a colon inside a plain value.
    yaml_syntax: "yaml-syntax" is Error;
    /// `summary = Steps to freeze` in TOML front matter: text without quotes.
    toml_syntax: "toml-syntax" is Error;
    /// A `---` that opens front matter and no line that closes it.
    front_matter_unclosed: "front-matter-unclosed" is Error;
    /// `weight: first` where a number is expected.
    wrong_type: "wrong-type" is Error;
    /// A process with an owner but no `last_reviewed`.
    missing_field: "missing-field" is Error;
    /// `sumary:`, with a did-you-mean for `summary`.
    unknown_field: "unknown-field" is Warning;
    /// `kind: proces`, with a did-you-mean for `process`.
    unknown_kind: "unknown-kind" is Error;
    /// `owner: tem-sre` when owners.yaml has `team-sre`.
    unknown_owner: "unknown-owner" is Error;
    /// `review_due: 2026-02-30`.
    invalid_date: "invalid-date" is Error;
    /// `last_reviewed: 2027-01-15`, after the pinned today (2026-11-22).
    future_date: "future-date" is Error;
    /// `review_every: 6`, a number without a unit.
    invalid_interval: "invalid-interval" is Error;
    /// `status: live`.
    invalid_value: "invalid-value" is Error;
    /// Reviewed 2026-01-10, every 6 months: due 2026-07-10, before today.
    overdue: "overdue" is Warning;
    /// Reviewed 2026-06-01, every 6 months: due 2026-12-01, in 9 days.
    due_soon: "due-soon" is Note;
    /// `tags: [on-call, incidnet]` with `tags: [incident, on-call, security]` configured.
    unknown_tag: "unknown-tag" is Error;
    /// `tools: [tools/pagerduty, tools/pagerduty-app]` when only the first exists.
    unknown_page: "unknown-page" is Error;
    /// A link to `rollback.md`, which does not exist.
    broken_link: "broken-link" is Error;
    /// A link to a `javascript:` URL.
    unsafe_link: "unsafe-link" is Warning;
    /// With `allow_html: false`, an SVG badge beside a page with an `onload` handler.
    unsafe_file: "unsafe-file" is Error;
    /// An MkDocs admonition, `!!! warning "Freeze"`.
    foreign_syntax: "foreign-syntax" is Warning;
    /// A link to `rollback.md#undo-the-deploy` when its heading is "Undo a deploy".
    broken_anchor: "broken-anchor" is Error;
    /// `runbook/_index.md` and `runbook/index.md`, both published at `/runbook/`.
    duplicate_url: "duplicate-url" is Error;
    /// `title: Caf\xe9 …`: a Latin-1 byte.
    invalid_utf8: "invalid-utf8" is Error;
    /// A PNG header saved as `logo.md`.
    not_text: "not-text" is Error;
    /// `<!-- TODO` never closed, hiding the steps after it.
    hidden_text: "hidden-text" is Warning;
    /// `templates: [processes/decision-record]`: the template moved to `processes/`.
    wrong_kind: "wrong-kind" is Warning;
    /// A link to `incident-severity-levels.md`, renamed `severity-levels.md` with an alias.
    link_to_alias: "link-to-alias" is Warning;
    /// `web-2.0.1.md` copied from `web-2.0.0.md`, its version still `v2.0.0`.
    duplicate_version: "duplicate-version" is Warning;
    /// `Service: <service-name>`, a template's placeholder read as a tag.
    unknown_element: "unknown-element" is Warning;
    /// A conflict committed in a runbook's text: `<<<<<<< HEAD` … `>>>>>>> fix-restart`.
    merge_conflict: "merge-conflict" is Error;
}

// Checks the warning of a site in a git repository (a `.git` folder above it) that git is not
// installed to read: its pages show no "Last changed" date, which went without a word.
#[test]
fn git_history() {
    let site = SiteTest::fixture("rules/git-history");
    std::fs::create_dir(site.path(".git")).unwrap();
    let no_programs = site.path("no-programs");
    std::fs::create_dir(&no_programs).unwrap();
    check_one_rule_with_env(
        &site,
        "git-history",
        Severity::Warning,
        &[("PATH", &no_programs.to_string_lossy())],
    );
}

// Checks that a folder symlinked to itself (`content/loop -> .`) is reported once, as an
// error, instead of being walked forever. The link is made here because git checkouts and
// the fixture copy would not keep it portably.
#[cfg(unix)]
#[test]
fn unreadable() {
    let site = SiteTest::fixture("rules/unreadable");
    std::os::unix::fs::symlink(".", site.path("content/loop")).unwrap();
    check_one_rule(&site, "unreadable", Severity::Error);
}

// Checks the GitHub format line by line: one workflow command per diagnostic, `::error`,
// `::warning` and `::notice` by severity, the help after an escaped newline, sorted by file.
#[test]
fn github_format_has_one_command_per_diagnostic_in_order() {
    let site = SiteTest::fixture("rules/github");
    let run = site.check(&["--format", "github"]);
    run.expect_code(1);
    assert_eq!(
        run.stdout.lines().collect::<Vec<_>>(),
        [
            "::notice file=content/processes/backups.md,line=4,col=16,title=due-soon::review due in 9 days, on 2026-12-01%0Ahelp: team-sre should check the page is still right, then set `last_reviewed: 2026-11-22`",
            "::error file=content/processes/deploys.md,line=9,col=16,title=broken-link::link target `rollback.md` does not exist (no `content/processes/rollback.md`)%0Ahelp: create `content/processes/rollback.md`, or fix the path: it is relative to this page's folder",
            "::warning file=content/processes/incident-response.md,line=4,col=16,title=overdue::review overdue by 135 days: it was due on 2026-07-10%0Ahelp: team-sre should check the page is still right, then set `last_reviewed: 2026-11-22`",
        ]
    );
    assert_eq!(run.stderr, "", "workflow commands only, on stdout");

    // Run from the site's folder with the repository's root as GitHub's workspace (a step
    // with `working-directory: docs`), files are named from the workspace.
    let workspace = site.root.parent().unwrap();
    let output = assert_cmd::Command::cargo_bin("opsbook")
        .unwrap()
        .current_dir(&site.root)
        .env("GITHUB_WORKSPACE", workspace)
        .args([
            "check",
            ".",
            "--format",
            "github",
            "--today",
            crate::support::TODAY,
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.lines().all(|l| l.contains("file=site/content/")),
        "{stdout}"
    );
}

// Checks that one run reports every problem of every file — front matter, required fields,
// links and anchors found in different stages — sorted by file, then line and column, in
// every format.
#[test]
fn every_problem_is_reported_sorted_by_file_and_line() {
    let site = SiteTest::fixture("rules/sorted");
    let expected = [
        ("unknown-field", "content/guide.md", 3, 1),
        ("wrong-type", "content/guide.md", 4, 9),
        ("broken-link", "content/guide.md", 7, 21),
        ("invalid-value", "content/processes/onboarding.md", 4, 9),
        ("missing-field", "content/processes/onboarding.md", 5, 1),
        ("broken-anchor", "content/processes/onboarding.md", 9, 26),
    ]
    .map(|(code, path, line, column)| (code.to_string(), path.to_string(), line, column));

    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    assert_eq!(positions(&run), expected);

    let run = site.check(&[]);
    run.expect_code(1);
    let shown: Vec<(String, String)> = run
        .stderr
        .lines()
        .filter(|l| {
            ["error[", "warning[", "note["]
                .iter()
                .any(|p| l.starts_with(p))
        })
        .filter_map(|l| l.split_once('[').and_then(|(_, rest)| rest.split_once(']')))
        .map(|(code, _)| code.to_string())
        .zip(
            run.stderr
                .lines()
                .filter_map(|l| l.trim_start().strip_prefix("--> "))
                .map(str::to_string),
        )
        .collect();
    let wanted: Vec<(String, String)> = expected
        .iter()
        .map(|(code, path, line, col)| (code.clone(), format!("{path}:{line}:{col}")))
        .collect();
    assert_eq!(shown, wanted, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("checked 2 pages: 5 errors, 1 warning\n"),
        "{}",
        run.stderr
    );

    let run = site.check(&["--format", "github"]);
    let files: Vec<(&str, &str)> = run
        .stdout
        .lines()
        .map(|l| {
            let title = l.split_once(",title=").unwrap().1;
            let file = l.split_once("file=").unwrap().1;
            (
                title.split_once("::").unwrap().0,
                file.split_once(",col=").unwrap().0,
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            ("unknown-field", "content/guide.md,line=3"),
            ("wrong-type", "content/guide.md,line=4"),
            ("broken-link", "content/guide.md,line=7"),
            ("invalid-value", "content/processes/onboarding.md,line=4"),
            ("missing-field", "content/processes/onboarding.md,line=5"),
            ("broken-anchor", "content/processes/onboarding.md,line=9"),
        ]
    );
}

// Checks that `rules:` in opsbook.yaml changes a rule's severity or turns it off, that
// `--deny RULE` makes its findings errors, and that an unknown rule is a usage error.
#[test]
fn rules_config_and_deny_change_severities() {
    let site = SiteTest::fixture("rules/levels");
    let severities = |run: &Run| -> Vec<(String, String)> {
        diagnostics(run)
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["severity"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(c, s)| (c.to_string(), s.to_string()))
            .collect()
    };

    // By default both findings are warnings: reported, exit 0.
    let run = site.check(&["--format", "json"]);
    run.expect_code(0);
    assert_eq!(
        severities(&run),
        pairs(&[("unknown-field", "warning"), ("overdue", "warning")])
    );

    // `overdue: error` fails the check.
    site.write("opsbook.yaml", "rules:\n  overdue: error\n");
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    assert_eq!(
        severities(&run),
        pairs(&[("unknown-field", "warning"), ("overdue", "error")])
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("error[overdue]"), "{}", run.stderr);

    // `unknown-field: off` hides the warning in every format.
    site.write("opsbook.yaml", "rules:\n  unknown-field: off\n");
    let run = site.check(&["--format", "json"]);
    run.expect_code(0);
    assert_eq!(severities(&run), pairs(&[("overdue", "warning")]));
    let run = site.check(&[]);
    run.expect_code(0);
    assert!(!run.stderr.contains("unknown-field"), "{}", run.stderr);
    assert!(run.stderr.contains("warning[overdue]"), "{}", run.stderr);

    // `--deny overdue` makes the overdue page an error, whatever the config says.
    site.write("opsbook.yaml", "rules:\n  overdue: note\n");
    let run = site.check(&["--deny", "overdue", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(
        severities(&run),
        pairs(&[("unknown-field", "warning"), ("overdue", "error")])
    );

    // `--deny` wins over `off` too: a pull request turning the rule off in opsbook.yaml does
    // not turn off the check CI runs.
    site.write("opsbook.yaml", "rules:\n  overdue: \"off\"\n");
    let run = site.check(&["--deny", "overdue", "--format", "json"]);
    run.expect_code(1);
    assert_eq!(
        severities(&run),
        pairs(&[("unknown-field", "warning"), ("overdue", "error")])
    );
    // `--deny warnings` makes every warning an error; codes can be given comma-separated.
    site.write("opsbook.yaml", "");
    for deny in ["warnings", "unknown-field,overdue"] {
        let run = site.check(&["--deny", deny, "--format", "json"]);
        run.expect_code(1);
        assert_eq!(
            severities(&run),
            pairs(&[("unknown-field", "error"), ("overdue", "error")]),
            "--deny {deny}"
        );
    }

    // `--deny` with a code that is no rule is a usage error that names it.
    let run = site.check(&["--deny", "no-such-rule"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("--deny no-such-rule: no such rule"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("overdue"),
        "lists the rules:\n{}",
        run.stderr
    );
}

// Checks that every rule opsbook documents has a fixture here, so a new rule cannot ship
// without its snapshot.
#[test]
fn every_rule_has_a_fixture() {
    let fixtures = crate::support::repo().join("tests/fixtures/rules");
    for rule in opsbook::diag::RULES {
        assert!(
            fixtures.join(rule.code).is_dir(),
            "rule `{}` has no fixture in tests/fixtures/rules/",
            rule.code
        );
    }
}

// Checks that the README's rules table documents every rule with its default severity.
#[test]
fn readme_documents_every_rule() {
    let readme = std::fs::read_to_string(crate::support::repo().join("README.md")).unwrap();
    for rule in opsbook::diag::RULES {
        let severity = format!("{:?}", rule.severity).to_lowercase();
        let row = format!("| `{}` | {severity} | {} |", rule.code, rule.finds);
        assert!(readme.contains(&row), "README lacks the row: {row}");
    }
}
