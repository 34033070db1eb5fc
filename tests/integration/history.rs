//! "Last changed" dates from git and "Edit this page" links: a fixture site made into a git
//! repository inside the test, at the top of the repository or in a subfolder, and without git.

use std::path::PathBuf;
use std::process::Command;

use crate::support::{Run, TODAY, copy_dir, repo};

/// Variables a calling git (a hook running `cargo test`) may have set, which would point the
/// test's git, or opsbook's, at another repository.
const GIT_ENV: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_CEILING_DIRECTORIES",
];

const PAGE: &str = "processes/incidents/incident-response/index.html";
const TOOL: &str = "tools/pagerduty/index.html";
const UNCOMMITTED: &str = "templates/postmortem/index.html";

/// A copy of the `basic` fixture at `<temp>/<site>`, with `opsbook.yaml` set to `config`.
struct Sandbox {
    /// Keeps the folder alive; git never looks above it.
    temp: tempfile::TempDir,
    /// The site root.
    root: PathBuf,
}

impl Sandbox {
    fn new(site: &str, config: &str) -> Sandbox {
        let temp = tempfile::tempdir().expect("temporary folder");
        let root = temp.path().join(site);
        copy_dir(&repo().join("tests/fixtures/basic"), &root);
        std::fs::write(
            root.join("opsbook.yaml"),
            format!("title: History\n{config}"),
        )
        .unwrap();
        Sandbox { temp, root }
    }

    /// Runs git in `dir` (relative to the temporary folder), hermetically, with both dates
    /// of any commit set to `date`.
    fn git(&self, dir: &str, args: &[&str], date: &str) {
        let status = git_command()
            .current_dir(self.temp.path().join(dir))
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .args(args)
            .status()
            .expect("running git");
        assert!(status.success(), "git {args:?} failed");
    }

    /// Makes `dir` a repository with an author.
    fn init(&self, dir: &str) {
        let date = "2026-01-01T00:00:00Z";
        self.git(dir, &["init", "-q"], date);
        self.git(dir, &["config", "user.name", "Test"], date);
        self.git(dir, &["config", "user.email", "test@example.com"], date);
    }

    /// `opsbook build . --today TODAY` in the site root; git may not look above the temporary
    /// folder, so a repository around it never counts.
    fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// [`Sandbox::build`] with these environment variables set.
    fn build_with(&self, env: &[(&str, &str)]) -> Run {
        let ceiling = self.temp.path().canonicalize().unwrap();
        let mut command = assert_cmd::Command::cargo_bin("opsbook").expect("opsbook binary");
        for var in GIT_ENV {
            command.env_remove(var);
        }
        command
            .current_dir(&self.root)
            .env_remove("SOURCE_DATE_EPOCH")
            .env("GIT_CEILING_DIRECTORIES", ceiling);
        for (key, value) in env {
            command.env(key, value);
        }
        let output = command
            .args(["build", ".", "--today", TODAY])
            .output()
            .expect("running opsbook");
        let run = Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        run.expect_code(0);
        run
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.root.join("public").join(rel)).unwrap()
    }

    fn edit_links(&self, rel: &str) -> Vec<String> {
        let html = self.read(rel);
        html.match_indices("rel=\"noopener\">Edit this page</a>")
            .map(|(at, _)| {
                let before = &html[..at];
                let start = before.rfind("href=\"").expect("href") + "href=\"".len();
                before[start..].trim_end_matches("\" ").to_string()
            })
            .collect()
    }
}

fn git_command() -> Command {
    let mut command = Command::new("git");
    for var in GIT_ENV {
        command.env_remove(var);
    }
    command
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .stdout(std::process::Stdio::null());
    command
}

fn no_git() -> bool {
    let missing = git_command().arg("--version").status().is_err();
    if missing {
        eprintln!("note: git is not installed; skipping the git history test");
    }
    missing
}

fn last_changed(html: &str) -> Option<&str> {
    let at = html.find("Last changed <time datetime=\"")? + "Last changed <time datetime=\"".len();
    Some(&html[at..at + 10])
}

// Checks that each page shows the committer date (UTC) of the last commit that changed it, a
// page never committed shows none, and edit links name the file from the repository root.
#[test]
fn pages_show_their_last_commit_date() {
    if no_git() {
        return;
    }
    let site = Sandbox::new("site", "repo_url: https://github.com/acme/wiki\n");
    site.init("site");
    let page = "content/processes/incidents/incident-response.md";
    let tool = "content/tools/pagerduty.md";
    site.git("site", &["add", page, tool], "2026-03-04T12:00:00Z");
    site.git(
        "site",
        &["commit", "-q", "-m", "first"],
        "2026-03-04T12:00:00Z",
    );
    let path = site.root.join(tool);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nOne more line.\n")).unwrap();
    // Late on 10 September in UTC-5 is 11 September in UTC; the author date does not count.
    let status = git_command()
        .current_dir(&site.root)
        .env("GIT_AUTHOR_DATE", "2026-08-01T12:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-09-10T23:30:00-05:00")
        .args(["commit", "-q", "-am", "second"])
        .status()
        .unwrap();
    assert!(status.success());

    let run = site.build();
    assert!(!run.stderr.contains("git"), "{}", run.stderr);
    assert_eq!(last_changed(&site.read(PAGE)), Some("2026-03-04"));
    assert_eq!(last_changed(&site.read(TOOL)), Some("2026-09-11"));
    assert_eq!(last_changed(&site.read(UNCOMMITTED)), None);
    assert!(!site.read(UNCOMMITTED).contains("Last changed"));
    assert_eq!(
        site.edit_links(PAGE),
        [format!("https://github.com/acme/wiki/edit/main/{page}")]
    );
    // Uncommitted pages can still be edited once pushed.
    assert_eq!(site.edit_links(UNCOMMITTED).len(), 1);
}

// Checks that a site in a subfolder of its repository links to `docs/content/...`.
#[test]
fn edit_links_start_at_the_repository_root() {
    if no_git() {
        return;
    }
    let site = Sandbox::new(
        "repo/docs",
        "repo_url: https://github.com/acme/wiki\nedit_branch: live\n",
    );
    site.init("repo");
    site.git("repo", &["add", "."], "2026-03-04T12:00:00Z");
    site.git(
        "repo",
        &["commit", "-q", "-m", "all"],
        "2026-03-04T12:00:00Z",
    );
    site.build();
    assert_eq!(
        site.edit_links(PAGE),
        [
            "https://github.com/acme/wiki/edit/live/docs/content/processes/incidents/incident-response.md"
        ]
    );
    assert_eq!(last_changed(&site.read(PAGE)), Some("2026-03-04"));
    assert_eq!(last_changed(&site.read(UNCOMMITTED)), Some("2026-03-04"));
}

// Checks that outside any repository the build is quiet and shows no dates, and edit links
// name the file from the site root.
#[test]
fn without_git_there_are_no_dates_and_no_noise() {
    let site = Sandbox::new("site", "repo_url: https://github.com/acme/wiki/\n");
    let run = site.build();
    assert!(
        !run.stderr.contains("git") && !run.stderr.contains("fatal"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("git"), "{}", run.stdout);
    for rel in [PAGE, TOOL, UNCOMMITTED] {
        assert!(!site.read(rel).contains("Last changed"), "{rel}");
    }
    assert_eq!(
        site.edit_links(TOOL),
        ["https://github.com/acme/wiki/edit/main/content/tools/pagerduty.md"]
    );
}

// Checks that an `edit_url` template wins over `repo_url`, and that no `repo_url` means no
// edit link at all.
#[test]
fn edit_url_template_and_no_repo_url() {
    let site = Sandbox::new(
        "site",
        "repo_url: https://github.com/acme/wiki\nedit_url: \"https://gitlab.example/wiki/-/edit/main/{path}\"\n",
    );
    site.build();
    assert_eq!(
        site.edit_links(TOOL),
        ["https://gitlab.example/wiki/-/edit/main/content/tools/pagerduty.md"]
    );

    let site = Sandbox::new("site", "");
    site.build();
    for rel in [PAGE, TOOL, UNCOMMITTED] {
        assert!(!site.read(rel).contains("Edit this page"), "{rel}");
        assert!(site.edit_links(rel).is_empty());
    }
}

// Checks that a repository git will not read (a CI container's checkout owned by another
// user: "dubious ownership") is said, with what to do, rather than every page silently
// losing its "Last changed" date. Only root can give files away: skipped otherwise.
#[cfg(unix)]
#[test]
fn a_repository_git_will_not_read_is_reported() {
    if no_git() {
        return;
    }
    let site = Sandbox::new("site", "");
    site.init("site");
    let date = "2026-03-01T00:00:00Z";
    site.git("site", &["add", "-A"], date);
    site.git("site", &["commit", "-qm", "pages"], date);
    let nobody = 65534;
    if std::os::unix::fs::chown(&site.root, Some(nobody), None).is_err() {
        eprintln!("note: not root; skipping the test of a repository owned by another user");
        return;
    }
    std::os::unix::fs::chown(site.root.join(".git"), Some(nobody), None).unwrap();
    let mut command = assert_cmd::Command::cargo_bin("opsbook").unwrap();
    for var in GIT_ENV {
        command.env_remove(var);
    }
    let output = command
        .current_dir(&site.root)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", site.temp.path())
        .args(["build", ".", "--today", TODAY])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    // A warning of the run, as any other: counted, in JSON and GitHub's format, and
    // `--deny git-history` fails on it. Its help names this repository, not every one.
    let top = site.root.canonicalize().unwrap();
    assert!(
        stderr.contains(&format!(
            "warning[git-history]: git will not read the repository at `{}`",
            top.display()
        )) && stderr.contains(&format!("safe.directory {}", top.display())),
        "{stderr}"
    );
    assert_eq!(last_changed(&site.read(PAGE)), None);
}

// Checks that a shallow clone (actions/checkout's default depth of 1, GitLab's GIT_DEPTH)
// says so and leaves undated the pages whose last change it does not hold: every page showed
// the date of the clone's oldest commit, silently.
#[test]
fn a_shallow_clone_leaves_pages_it_cannot_date_undated_and_says_so() {
    if no_git() {
        return;
    }
    let site = Sandbox::new("origin", "");
    site.init("origin");
    site.git("origin", &["add", "-A"], "2026-01-10T00:00:00Z");
    site.git(
        "origin",
        &["commit", "-qm", "pages"],
        "2026-01-10T00:00:00Z",
    );
    for (file, date) in [
        (
            "content/processes/incidents/incident-response.md",
            "2026-03-03T00:00:00Z",
        ),
        ("content/tools/pagerduty.md", "2026-05-05T00:00:00Z"),
    ] {
        let path = site.root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}\nOne more line.\n")).unwrap();
        site.git("origin", &["commit", "-qam", "edit"], date);
    }
    let origin = format!("file://{}", site.root.display());
    site.git(
        ".",
        &["clone", "-q", "--depth", "2", &origin, "clone"],
        "2026-05-05T00:00:00Z",
    );
    let clone = Sandbox {
        root: site.temp.path().join("clone"),
        temp: site.temp,
    };
    let run = clone.build();
    assert!(
        run.stderr
            .contains("warning[git-history]: the repository is a shallow clone,")
            && run.stderr.contains("fetch-depth: 0"),
        "{}",
        run.stderr
    );
    // The clone's newest commit changed the tool guide; its oldest, the incident page, but
    // as it stands for all the history before it, that is not known from the clone, nor
    // whether the other pages changed since January.
    assert_eq!(last_changed(&clone.read(TOOL)), Some("2026-05-05"));
    assert_eq!(last_changed(&clone.read(PAGE)), None);
    assert_eq!(last_changed(&clone.read(UNCOMMITTED)), None);
}

// Checks what git's absence and the user's own git settings change: with a `.git` there but
// no git to read it, a warning says so and edit links still start at the repository's top
// (they lost `docs/`); `log.showRoot=false` in the user's settings no longer drops the dates
// of the first commit's files; and a change made in a merge commit (a conflict resolved
// there) dates the page.
#[test]
fn dates_and_edit_links_do_not_hang_on_git_being_there_or_its_settings() {
    if no_git() {
        return;
    }
    let site = Sandbox::new("repo/docs", "repo_url: https://github.com/acme/wiki\n");
    site.init("repo");
    site.git("repo", &["add", "."], "2026-03-04T12:00:00Z");
    site.git("repo", &["commit", "-qm", "all"], "2026-03-04T12:00:00Z");
    let settings = site.temp.path().join("gitconfig");
    std::fs::write(&settings, "[log]\n\tshowRoot = false\n").unwrap();
    let settings = settings.to_string_lossy().into_owned();
    site.build_with(&[("GIT_CONFIG_GLOBAL", &settings)]);
    assert_eq!(last_changed(&site.read(PAGE)), Some("2026-03-04"));

    let empty = site.temp.path().join("no-git-here");
    std::fs::create_dir_all(&empty).unwrap();
    let run = site.build_with(&[("PATH", &empty.to_string_lossy())]);
    assert!(
        run.stderr.contains(
            "warning[git-history]: the site is in a git repository, but git is not installed"
        ) && run.stderr.contains("git is not installed"),
        "{}",
        run.stderr
    );
    assert_eq!(last_changed(&site.read(PAGE)), None);
    assert_eq!(
        site.edit_links(PAGE),
        [
            "https://github.com/acme/wiki/edit/main/docs/content/processes/incidents/incident-response.md"
        ]
    );

    // Two branches change the same line of the tool guide; the merge resolves it.
    let tool = site.root.join("content/tools/pagerduty.md");
    let text = std::fs::read_to_string(&tool).unwrap();
    site.git("repo", &["checkout", "-qb", "side"], "2026-04-01T00:00:00Z");
    std::fs::write(&tool, format!("{text}\nSide.\n")).unwrap();
    site.git("repo", &["commit", "-qam", "side"], "2026-04-01T00:00:00Z");
    site.git("repo", &["checkout", "-q", "-"], "2026-04-02T00:00:00Z");
    std::fs::write(&tool, format!("{text}\nMain.\n")).unwrap();
    site.git("repo", &["commit", "-qam", "main"], "2026-04-02T00:00:00Z");
    let merged = git_command()
        .current_dir(site.temp.path().join("repo"))
        .args(["merge", "-q", "side"])
        .status()
        .unwrap();
    assert!(!merged.success(), "the branches conflict");
    std::fs::write(&tool, format!("{text}\nBoth.\n")).unwrap();
    site.git("repo", &["commit", "-qam", "merge"], "2026-04-20T00:00:00Z");
    site.build();
    assert_eq!(last_changed(&site.read(TOOL)), Some("2026-04-20"));
}
