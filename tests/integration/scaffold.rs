//! `opsbook init` and `opsbook new`, tried the way a new user would: in an empty folder, then
//! checked and built with the same binary.

use std::path::{Path, PathBuf};

use assert_cmd::Command;

use crate::support::{Run, SiteTest, TODAY};

/// An empty temporary folder to run `opsbook` in, as a new user would.
struct Scratch {
    temp: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        Scratch {
            temp: tempfile::tempdir().expect("temporary folder"),
        }
    }

    /// A scratch folder in which `opsbook init wiki` has already run.
    fn with_wiki() -> Scratch {
        let scratch = Scratch::new();
        scratch
            .run(&["init", "wiki", "--today", TODAY])
            .expect_code(0);
        scratch
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.temp.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        let path = self.path(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Runs `opsbook <args>` in the scratch folder.
    fn run(&self, args: &[&str]) -> Run {
        let output = Command::cargo_bin("opsbook")
            .expect("opsbook binary")
            .current_dir(self.temp.path())
            .env_remove("SOURCE_DATE_EPOCH")
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .expect("running opsbook");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `opsbook new <kind> <title> [--owner <owner>] --dir wiki --today TODAY`.
    fn new_page(&self, kind: &str, title: &str, owner: Option<&str>) -> Run {
        let mut args = vec!["new", kind, title, "--dir", "wiki", "--today", TODAY];
        if let Some(owner) = owner {
            args.extend(["--owner", owner]);
        }
        self.run(&args)
    }

    fn check(&self) -> Run {
        self.run(&["check", "wiki", "--today", TODAY])
    }
}

fn files_under(dir: &Path) -> Vec<String> {
    if !dir.exists() {
        return Vec::new();
    }
    crate::support::tree(dir).into_keys().collect()
}

// Checks that a new wiki passes `check` with nothing to fix, builds, and links its pages.
#[test]
fn init_makes_a_wiki_that_checks_clean_and_builds() {
    let scratch = Scratch::new();
    let run = scratch.run(&["init", "wiki", "--today", TODAY]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("created wiki/opsbook.yaml"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("opsbook check wiki"), "{}", run.stderr);
    for rel in [
        "opsbook.yaml",
        "owners.yaml",
        "content/_index.md",
        "content/processes/_index.md",
        "content/processes/how-we-write-processes.md",
        "content/templates/_index.md",
        "content/templates/process-template.md",
        "content/tools/_index.md",
        "content/tools/opsbook.md",
        "content/releases/_index.md",
        "content/releases/wiki-launch.md",
    ] {
        assert!(scratch.path("wiki").join(rel).is_file(), "missing {rel}");
    }
    let process = scratch.read("wiki/content/processes/how-we-write-processes.md");
    assert!(process.contains(&format!("last_reviewed: {TODAY}")));
    assert!(process.contains("](../templates/process-template.md"));

    let check = scratch.check();
    check.expect_code(0);
    assert!(
        check.stderr.contains("0 errors, 0 warnings"),
        "{}",
        check.stderr
    );
    assert!(!check.stderr.contains("note"), "{}", check.stderr);

    scratch
        .run(&["build", "wiki", "--today", TODAY])
        .expect_code(0);
    let home = scratch.read("wiki/public/index.html");
    assert!(home.contains("processes/how-we-write-processes/"), "{home}");
    assert!(
        scratch
            .path("wiki/public/tools/opsbook/index.html")
            .is_file()
    );
}

// Checks that init works in a folder that already holds unrelated files, and leaves them be.
// Checks the first day's wrong turn: run from inside a site's pages, `check` said to run
// `opsbook init`, which made a second site there, published as pages of the first. Now check
// names the site, and init refuses.
#[test]
fn inside_a_sites_pages_opsbook_points_at_the_site() {
    let scratch = Scratch::with_wiki();
    let inside = |args: &[&str]| {
        let output = Command::cargo_bin("opsbook")
            .unwrap()
            .current_dir(scratch.path("wiki/content/processes"))
            .env("NO_COLOR", "1")
            .args(args)
            .output()
            .unwrap();
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (code, stderr) = inside(&["check"]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("help: this folder is inside the site `../..`: run opsbook on that folder"),
        "{stderr}"
    );
    let (code, stderr) = inside(&["init", "--today", TODAY]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("is inside the pages of the site `../..`"),
        "{stderr}"
    );
    assert!(!scratch.path("wiki/content/processes/opsbook.yaml").exists());
    // Beside a site, not in its pages, a new wiki is fine.
    scratch
        .run(&["init", "wiki/other", "--today", TODAY])
        .expect_code(0);
}

// Checks that an init stopped half way (a file named `content` where the pages' folder goes)
// takes back what it wrote: it left opsbook.yaml behind, and the next init refused the folder
// as a site.
#[test]
fn an_init_that_fails_leaves_the_folder_as_it_was() {
    let scratch = Scratch::new();
    scratch.write("wiki/content", "not a folder");
    let run = scratch.run(&["init", "wiki", "--today", TODAY]);
    run.expect_code(2);
    assert_eq!(
        files_under(&scratch.path("wiki")),
        ["content"],
        "{}",
        run.stderr
    );
    std::fs::remove_file(scratch.path("wiki/content")).unwrap();
    scratch
        .run(&["init", "wiki", "--today", TODAY])
        .expect_code(0);
    scratch.check().expect_code(0);
}

#[test]
fn init_keeps_unrelated_files() {
    let scratch = Scratch::new();
    scratch.write("wiki/README.md", "# Our wiki\n");
    scratch.write("wiki/.gitignore", "target/\n");
    std::fs::create_dir_all(scratch.path("wiki/content")).unwrap();
    scratch
        .run(&["init", "wiki", "--today", TODAY])
        .expect_code(0);
    assert_eq!(scratch.read("wiki/README.md"), "# Our wiki\n");
    assert_eq!(scratch.read("wiki/.gitignore"), "target/\n");
    scratch.check().expect_code(0);
}

// Checks that init in a repository of MkDocs or Docusaurus docs reads its `docs/` where it
// is, rather than adding starter pages in a second tree, `content/`, beside them.
#[test]
fn init_in_a_docs_repository_reads_its_docs() {
    let scratch = Scratch::new();
    scratch.write("wiki/mkdocs.yml", "site_name: Ops\n");
    scratch.write(
        "wiki/docs/index.md",
        "# Ops\n\nSee [setup](guides/setup.md).\n",
    );
    scratch.write(
        "wiki/docs/guides/setup.md",
        "---\nowner: jane\nlast_reviewed: 2026-11-01\n---\n# Setup\n\nSteps.\n",
    );
    let run = scratch.run(&["init", "wiki", "--today", TODAY]);
    run.expect_code(0);
    // The pages' own owners stay theirs: no sample owners.yaml made `jane` unknown.
    assert!(!scratch.path("wiki/owners.yaml").exists());
    assert!(
        run.stderr.contains("the pages are the Markdown already in docs/ (content_dir: docs); no starter pages or sample owners were added"),
        "{}",
        run.stderr
    );
    assert!(!scratch.path("wiki/content").exists());
    assert!(
        scratch
            .read("wiki/opsbook.yaml")
            .contains("\ncontent_dir: docs\n")
    );
    scratch.check().expect_code(0);
    scratch
        .run(&["build", "wiki", "--today", TODAY, "-q"])
        .expect_code(0);
    assert!(
        scratch
            .path("wiki/public/guides/setup/index.html")
            .is_file()
    );
}

// Checks that a site moved from MkDocs keeps the order of `mkdocs.yml`'s `nav:` (opsbook put
// pages in title order), its sections' names for folders without an `_index.md`, and says
// where the nav names a page that is not there; a page's own `weight:` still wins.
#[test]
fn a_site_moved_from_mkdocs_keeps_its_nav_order() {
    let scratch = Scratch::new();
    scratch.write(
        "wiki/mkdocs.yml",
        "site_name: Ops\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nnav:\n  - Home: index.md\n  - Later area: aa/index.md\n  - Operations:\n      - ops/restart.md\n  - 'Getting started':\n      - Zeta first: guides/zeta.md\n      - ./guides/alpha.md\n      - guides/mid.md\n  - Missing: guides/nope.md\n  - Blog: https://blog.example.com/\n  - Archive:\n      - zz/data.md\n      - a.md\n  - Database:\n      - failover.md\n",
    );
    scratch.write("wiki/docs/index.md", "# Ops\n\nWelcome.\n");
    scratch.write(
        "wiki/docs/failover.md",
        "---\nowner: jane\nlast_reviewed: 2026-11-01\n---\n# Failover\n\nText.\n",
    );
    for (path, title, weight) in [
        ("ops/restart.md", "Restart", ""),
        ("guides/zeta.md", "Zeta setup", ""),
        ("guides/alpha.md", "Alpha setup", ""),
        ("guides/mid.md", "Mid setup", "weight: 0\n"),
        ("guides/beta.md", "Beta, not in the nav", ""),
        ("zz/data.md", "Data archive", ""),
        ("aa/index.md", "Zulu area", ""),
        ("aa/one.md", "One in zulu", ""),
    ] {
        scratch.write(
            &format!("wiki/docs/{path}"),
            &format!(
                "---\nowner: jane\nlast_reviewed: 2026-11-01\n{weight}---\n# {title}\n\nText.\n"
            ),
        );
    }
    scratch
        .run(&["init", "wiki", "--today", TODAY])
        .expect_code(0);
    let run = scratch.run(&["check", "wiki", "--today", TODAY]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("MkDocs' `nav:` names `guides/nope.md`, which is not a page of this site")
            && run.stderr.contains("--> wiki/mkdocs.yml:14:14"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("blog.example.com"), "{}", run.stderr);
    // A section of pages in no folder of their own cannot be shown: said at its title.
    assert!(
        run.stderr
            .contains("MkDocs' nav section `Database` groups pages of no folder of their own")
            && run.stderr.contains("--> wiki/mkdocs.yml:19:5"),
        "{}",
        run.stderr
    );
    // At the entry itself, not inside `zz/data.md` on the line before.
    assert!(
        run.stderr
            .contains("MkDocs' `nav:` names `a.md`, which is not a page of this site")
            && run.stderr.contains("--> wiki/mkdocs.yml:18:9"),
        "{}",
        run.stderr
    );
    scratch
        .run(&["build", "wiki", "--today", TODAY, "-q"])
        .expect_code(0);
    let guides = scratch.read("wiki/public/guides/index.html");
    let at = |title: &str| {
        guides
            .find(title)
            .unwrap_or_else(|| panic!("{title} in {guides}"))
    };
    assert!(guides.contains("<title>Getting started"), "{guides}");
    assert!(
        at(">Mid setup<") < at(">Zeta setup<")
            && at(">Zeta setup<") < at(">Alpha setup<")
            && at(">Alpha setup<") < at(">Beta, not in the nav<"),
        "{guides}"
    );
    let home = scratch.read("wiki/public/index.html");
    let operations = home
        .find(">Operations<")
        .expect("the ops folder named by the nav");
    let getting_started = home
        .find(">Getting started<")
        .expect("guides named by the nav");
    assert!(operations < getting_started, "{home}");
    // A folder with a section page of its own is placed by the nav too: first, as listed.
    let zulu = home.find(">Zulu area<").expect("the aa folder");
    assert!(zulu < operations, "{home}");
    // A file MkDocs could not read either: said at its place, and the build goes on.
    scratch.write(
        "wiki/mkdocs.yml",
        "site_name: Ops\nnav:\n  - Home: [index.md\n",
    );
    let run = scratch.run(&["check", "wiki", "--today", TODAY]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("warning[foreign-syntax]: cannot read MkDocs' `nav:`")
            && run.stderr.contains("--> wiki/mkdocs.yml:"),
        "{}",
        run.stderr
    );
}

// Checks that init takes what MkDocs' and Hugo's own configuration say: the site's name, and
// MkDocs' `docs_dir` as the content folder (starter pages were added beside a
// `documentation/` folder, and the site was named after its folder).
#[test]
fn init_reads_other_tools_names_and_folders() {
    let scratch = Scratch::new();
    scratch.write(
        "mk/mkdocs.yml",
        "site_name: \"Acme: Ops\"\ndocs_dir: documentation\nmarkdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n        - format: !!python/name:pymdownx.superfences.fence_code_format\n",
    );
    scratch.write("mk/documentation/index.md", "# Ops\n");
    let run = scratch.run(&["init", "mk", "--today", TODAY]);
    run.expect_code(0);
    assert!(
        run.stderr.contains(
            "the pages are the Markdown already in documentation/ (content_dir: documentation)"
        ),
        "{}",
        run.stderr
    );
    let config = scratch.read("mk/opsbook.yaml");
    assert!(config.contains("\ntitle: \"Acme: Ops\"\n"), "{config}");
    assert!(
        config.contains("\ncontent_dir: documentation\n"),
        "{config}"
    );
    assert!(!scratch.path("mk/content").exists());

    scratch.write(
        "hugo/hugo.toml",
        "title = 'Platform Handbook'\nbaseURL = 'https://x.example/'\n",
    );
    scratch.write("hugo/content/_index.md", "# Home\n");
    scratch
        .run(&["init", "hugo", "--today", TODAY])
        .expect_code(0);
    assert!(
        scratch
            .read("hugo/opsbook.yaml")
            .contains("\ntitle: Platform Handbook\n")
    );
    // Names as YAML writes them: a `#` inside quotes, quotes doubled, folded over lines; and
    // Hugo's YAML in `config/_default/`.
    for (i, (mkdocs, title)) in [
        ("site_name: \"Team #1 Docs\"\n", "\"Team #1 Docs\""),
        ("site_name: 'It''s: Ops' # comment\n", "\"It's: Ops\""),
        ("site_name: >-\n  Folded Name\n", "Folded Name"),
    ]
    .into_iter()
    .enumerate()
    {
        let dir = format!("m{i}");
        scratch.write(&format!("{dir}/mkdocs.yml"), mkdocs);
        scratch
            .run(&["init", &dir, "--today", TODAY])
            .expect_code(0);
        let config = scratch.read(&format!("{dir}/opsbook.yaml"));
        assert!(
            config.contains(&format!("\ntitle: {title}\n")),
            "{mkdocs}\n{config}"
        );
    }
    scratch.write("h3/hugo.toml", "title = 'Own'\ncontentDir = 'mycontent'\n");
    scratch.write("h3/mycontent/_index.md", "# Home\n");
    scratch
        .run(&["init", "h3", "--today", TODAY])
        .expect_code(0);
    assert!(
        scratch
            .read("h3/opsbook.yaml")
            .contains("\ncontent_dir: mycontent\n")
    );
    assert!(!scratch.path("h3/content").exists());
    scratch.write("h2/config/_default/hugo.yaml", "title: 'YAML: Site'\n");
    scratch
        .run(&["init", "h2", "--today", TODAY])
        .expect_code(0);
    assert!(
        scratch
            .read("h2/opsbook.yaml")
            .contains("\ntitle: \"YAML: Site\"\n")
    );
}

// Checks that init in an mdBook (`book.toml`) reads its pages where they are, `src/` or the
// folder `[book] src` names, with its title and repository: it added starter pages and
// sample owners beside a book whose 16 pages it never read, named after the folder.
#[test]
fn init_in_an_mdbook_reads_its_chapters() {
    let scratch = Scratch::new();
    scratch.write(
        "book/book.toml",
        "[book]\ntitle = \"Platform Ops Handbook\"\nauthors = [\"Ops\"]\n\n[output.html]\ngit-repository-url = \"https://github.com/acme/handbook\"\nsite-url = \"/handbook/\"\n",
    );
    scratch.write("book/src/SUMMARY.md", "# Summary\n\n- [Intro](README.md)\n");
    scratch.write("book/src/README.md", "# Intro\n\nHello.\n");
    scratch.write("book/src/oncall/handover.md", "# Handover\n\nSteps.\n");
    let run = scratch.run(&["init", "book", "--today", TODAY]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("the pages are the Markdown already in src/ (content_dir: src)"),
        "{}",
        run.stderr
    );
    let config = scratch.read("book/opsbook.yaml");
    for line in [
        "\ntitle: Platform Ops Handbook\n",
        "\ncontent_dir: src\n",
        "\nrepo_url: \"https://github.com/acme/handbook\"\n",
    ] {
        assert!(config.contains(line), "{line}\n{config}");
    }
    // A path alone is no address to publish at: left for the team to write.
    assert!(config.contains("# base_url:"), "{config}");
    assert!(!scratch.path("book/owners.yaml").exists());
    assert!(!scratch.path("book/content").exists());
    scratch
        .run(&["build", "book", "--today", TODAY, "-q"])
        .expect_code(0);
    let page = scratch.read("book/public/oncall/handover/index.html");
    assert!(
        page.contains("https://github.com/acme/handbook/edit/main/src/oncall/handover.md"),
        "{page}"
    );
    scratch.write("book2/book.toml", "[book]\nsrc = \"guide\"\n");
    scratch.write("book2/guide/a.md", "# A\n");
    scratch
        .run(&["init", "book2", "--today", TODAY])
        .expect_code(0);
    assert!(
        scratch
            .read("book2/opsbook.yaml")
            .contains("\ncontent_dir: guide\n")
    );
}

// Checks that an mdBook's `SUMMARY.md` orders its chapters, pages and folders in one order
// (the reading order and the sidebar), as mdBook shows them: it was a warning that opsbook
// makes its own table of contents, and folders came before every page, by title.
#[test]
fn an_mdbooks_summary_orders_its_chapters() {
    let scratch = Scratch::new();
    scratch.write("book/book.toml", "[book]\ntitle = \"Handbook\"\n");
    scratch.write(
        "book/src/SUMMARY.md",
        "# Summary\n\n[Introduction](README.md)\n\n- [Conventions](conventions.md)\n- [On-call](oncall/README.md)\n  - [Paging](./oncall/paging.md)\n  - [Handover](oncall/handover.md)\n\n---\n\n# Reference\n\n- [Glossary](glossary.md)\n- [Later]()\n- [Missing](nope.md)\n- [Draft](draft.md)\n",
    );
    scratch.write("book/src/README.md", "# Introduction\n\nHello.\n");
    scratch.write(
        "book/src/draft.md",
        "---\nstatus: draft\n---\n# Draft\n\nNot yet.\n",
    );
    for (path, title) in [
        ("conventions.md", "Conventions"),
        ("oncall/README.md", "On-call"),
        ("oncall/paging.md", "Paging"),
        ("oncall/handover.md", "Handover"),
        ("glossary.md", "Glossary"),
    ] {
        scratch.write(
            &format!("book/src/{path}"),
            &format!("# {title}\n\nText.\n"),
        );
    }
    scratch
        .run(&["init", "book", "--today", TODAY])
        .expect_code(0);
    let run = scratch.run(&["build", "book", "--today", TODAY]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("`nope.md` in the table of contents is not a page of this site")
            && run.stderr.contains("--> book/src/SUMMARY.md:16:13"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("which opsbook makes itself"),
        "{}",
        run.stderr
    );
    // A draft named there is a page of the book, not published yet.
    assert!(!run.stderr.contains("draft.md"), "{}", run.stderr);
    assert!(!scratch.path("book/public/SUMMARY/index.html").exists());
    let next = |page: &str| {
        let html = scratch.read(&format!("book/public/{page}index.html"));
        let at = html
            .find("rel=\"next\"")
            .unwrap_or_else(|| panic!("{page}: {html}"));
        let href = html[..at].rfind("href=\"").expect("the link's address");
        html[href + 6..at - 2].to_string()
    };
    assert_eq!(next("conventions/"), "../oncall/");
    assert_eq!(next("oncall/paging/"), "../handover/");
    assert_eq!(next("oncall/handover/"), "../../glossary/");
    // The sidebar: Conventions, the On-call folder, Glossary.
    let tree = std::fs::read_dir(scratch.path("book/public/assets/nav"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|t| t.contains(">Glossary<"))
        .expect("a sidebar tree");
    let at = |title: &str| {
        tree.find(title)
            .unwrap_or_else(|| panic!("{title}: {tree}"))
    };
    assert!(
        at(">Conventions<") < at(">On-call<") && at(">On-call<") < at(">Glossary<"),
        "{tree}"
    );
}

// Checks that init carries over what MkDocs' and Docusaurus's settings say about where the
// site lives and its repository, and maps the front-matter keys their pages use: each page's
// `sidebar_position` and `description` were warnings, the order and summaries lost, and the
// site had no edit links.
#[test]
fn init_carries_over_addresses_and_front_matter_keys() {
    let scratch = Scratch::new();
    scratch.write(
        "mk/mkdocs.yml",
        "site_name: Ops\nsite_url: https://docs.example.com/ops\nrepo_url: https://github.com/acme/ops/\nedit_uri: edit/develop/docs/\n",
    );
    scratch.write(
        "mk/docs/index.md",
        "---\ndescription: Where it starts.\n---\n# Ops\n\nText.\n",
    );
    scratch
        .run(&["init", "mk", "--today", TODAY])
        .expect_code(0);
    let config = scratch.read("mk/opsbook.yaml");
    for line in [
        "\nbase_url: \"https://docs.example.com/ops/\"\n",
        "\nrepo_url: \"https://github.com/acme/ops\"\n",
        "\nedit_branch: develop\n",
        "\nfield_map:\n  description: summary\n",
    ] {
        assert!(config.contains(line), "{line}\n{config}");
    }
    let run = scratch.run(&["check", "mk", "--today", TODAY]);
    run.expect_code(0);
    assert!(!run.stderr.contains("description"), "{}", run.stderr);

    scratch.write(
        "dz/docusaurus.config.js",
        "// @ts-check\nconst config = {\n  title: 'Northstar\\'s Ops', // the name\n  tagline: 'Ops',\n  url: 'https://northstar.example', baseUrl: '/docs/',\n  themeConfig: {\n    navbar: {\n      title: 'Navbar title',\n    },\n  },\n};\nmodule.exports = config;\n",
    );
    scratch.write(
        "dz/docs/intro.md",
        "---\nsidebar_position: 2\ndescription: The start.\n---\n# Intro\n\nText.\n",
    );
    scratch.write(
        "dz/docs/setup.md",
        "---\nsidebar_position: 1\n---\n# Setup\n\nText.\n",
    );
    scratch
        .run(&["init", "dz", "--today", TODAY])
        .expect_code(0);
    let config = scratch.read("dz/opsbook.yaml");
    for line in [
        "\ntitle: Northstar's Ops\n",
        "\nbase_url: \"https://northstar.example/docs/\"\n",
        "\nfield_map:\n  sidebar_position: weight\n  description: summary\n",
    ] {
        assert!(config.contains(line), "{line}\n{config}");
    }
    let run = scratch.run(&["build", "dz", "--today", TODAY]);
    run.expect_code(0);
    assert!(!run.stderr.contains("sidebar_position"), "{}", run.stderr);
    // In the order of their `sidebar_position`: Setup, then Intro.
    let setup = scratch.read("dz/public/setup/index.html");
    assert!(setup.contains("href=\"../intro/\" rel=\"next\""), "{setup}");
}

// Checks the forms of an edit link's address other tools write: GitLab's `-/edit/BRANCH/`
// (an edit_url of GitLab's form), an empty `edit_uri` (no edit links, as in MkDocs), one that
// cannot be carried over (said, and left out), and mdBook's `…/tree/BRANCH/FOLDER`
// repository address (its whole text was taken for the repository, every link broken); and
// that pages writing both `description` and `excerpt` get one of them mapped (both made
// every page holding the two an error).
#[test]
fn init_reads_the_forms_of_edit_addresses() {
    let scratch = Scratch::new();
    let cases = [
        (
            "site_name: A\nrepo_url: https://gitlab.com/a/b\nedit_uri: -/edit/release/docs/\n",
            "\nedit_url: \"https://gitlab.com/a/b/-/edit/release/{path}\"\n",
        ),
        (
            "site_name: A\nrepo_url: https://github.com/a/b\nedit_uri: ''\n",
            "",
        ),
        (
            "site_name: A\nrepo_url: https://bitbucket.org/a/b\nedit_uri: src/default/docs/\n",
            "",
        ),
    ];
    for (i, (mkdocs, expected)) in cases.iter().enumerate() {
        let dir = format!("m{i}");
        scratch.write(&format!("{dir}/mkdocs.yml"), mkdocs);
        scratch.write(
            &format!("{dir}/docs/a.md"),
            "---\ndescription: One.\nexcerpt: Two.\n---\n# A\n",
        );
        scratch.write(
            &format!("{dir}/docs/b.md"),
            "---\nexcerpt: Three.\n---\n# B\n",
        );
        let run = scratch.run(&["init", &dir, "--today", TODAY]);
        run.expect_code(0);
        let config = scratch.read(&format!("{dir}/opsbook.yaml"));
        if expected.is_empty() {
            assert!(!config.contains("\nrepo_url:"), "{mkdocs}\n{config}");
        } else {
            assert!(config.contains(expected), "{mkdocs}\n{config}");
        }
        if mkdocs.contains("bitbucket") {
            assert!(
                run.stderr.contains(
                    "note: mkdocs.yml's `edit_uri: src/default/docs/` was not carried over"
                ),
                "{}",
                run.stderr
            );
        }
        assert!(
            config.contains("\nfield_map:\n  description: summary\n")
                && !config.contains("excerpt:"),
            "{config}"
        );
        scratch
            .run(&["check", &dir, "--today", TODAY])
            .expect_code(0);
    }
    scratch.write(
        "book/book.toml",
        "[book]\ntitle = \"Guide\"\n[output.html]\ngit-repository-url = \"https://github.com/a/b/tree/dev/guide\"\n",
    );
    scratch.write("book/src/a.md", "# A\n");
    scratch
        .run(&["init", "book", "--today", TODAY])
        .expect_code(0);
    let config = scratch.read("book/opsbook.yaml");
    assert!(
        config.contains("\nrepo_url: \"https://github.com/a/b\"\nedit_branch: dev\n"),
        "{config}"
    );
}

// Checks that init refuses a folder holding a site, and writes nothing at all.
#[test]
fn init_never_overwrites_a_site() {
    let scratch = Scratch::new();
    scratch.write("wiki/opsbook.yaml", "title: Ours\n");
    let run = scratch.run(&["init", "wiki", "--today", TODAY]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("`wiki` already has an opsbook.yaml: opsbook init never overwrites a site"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("help: "), "{}", run.stderr);
    assert_eq!(scratch.read("wiki/opsbook.yaml"), "title: Ours\n");
    assert_eq!(files_under(&scratch.path("wiki")), ["opsbook.yaml"]);

    // Running init twice is the same case.
    let again = Scratch::with_wiki();
    let before = crate::support::tree(&again.path("wiki"));
    again
        .run(&["init", "wiki", "--today", "2027-01-01"])
        .expect_code(2);
    assert_eq!(crate::support::tree(&again.path("wiki")), before);
}

// Checks that init reads the Markdown already in `content/` (a Hugo site's layout) where it
// is, adds no starter pages beside it and changes none of it; that a `content/` with only
// empty section folders gets the starter pages; and that it refuses an existing owners.yaml.
#[test]
fn init_never_overwrites_pages_or_owners() {
    let scratch = Scratch::new();
    scratch.write("a/content/notes.md", "# Notes\n");
    let run = scratch.run(&["init", "a", "--today", TODAY]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("the pages are the Markdown already in content/ (content_dir: content); no starter pages or sample owners were added"),
        "{}",
        run.stderr
    );
    assert_eq!(
        files_under(&scratch.path("a")),
        [".gitignore", "content/notes.md", "opsbook.yaml"]
    );
    assert_eq!(scratch.read("a/content/notes.md"), "# Notes\n");

    std::fs::create_dir_all(scratch.path("e/content/processes")).unwrap();
    scratch.run(&["init", "e", "--today", TODAY]).expect_code(0);
    assert!(
        files_under(&scratch.path("e/content/processes"))
            .iter()
            .any(|f| f.ends_with(".md"))
    );

    scratch.write("b/owners.yaml", "owners: {}\n");
    let run = scratch.run(&["init", "b", "--today", TODAY]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("owners.yaml` already exists"),
        "{}",
        run.stderr
    );
    assert_eq!(files_under(&scratch.path("b")), ["owners.yaml"]);
}

// Checks the main path of `new`: a valid page, and never a second one over it.
#[test]
fn new_writes_a_valid_page_and_never_overwrites_it() {
    let scratch = Scratch::with_wiki();
    let page = "wiki/content/processes/refund-escalation.md";
    let run = scratch.new_page("process", "Refund escalation", Some("team-ops"));
    run.expect_code(0);
    assert_eq!(run.stderr, format!("created {page}\n"));
    let text = scratch.read(page);
    assert!(
        text.starts_with(&format!(
            "---\ntitle: Refund escalation\nowner: team-ops\nlast_reviewed: {TODAY}\ntags: []\n---\n"
        )),
        "{text}"
    );
    for heading in [
        "## Purpose",
        "## When to use this process",
        "## Steps",
        "## Roles",
    ] {
        assert!(text.contains(heading), "{text}");
    }
    let check = scratch.check();
    check.expect_code(0);
    assert!(check.stderr.contains("0 errors"), "{}", check.stderr);

    scratch.write(page, "my edits\n");
    let again = scratch.new_page("process", "Refund escalation", Some("team-ops"));
    again.expect_code(2);
    assert!(
        again.stderr.contains(&format!(
            "error: `{page}` already exists, and opsbook new never overwrites a page"
        )),
        "{}",
        again.stderr
    );
    assert_eq!(scratch.read(page), "my edits\n");
}

// Checks that every built-in kind gets a page that passes `check`.
#[test]
fn new_pages_of_every_kind_check_clean() {
    let scratch = Scratch::with_wiki();
    let cases = [
        (
            "template",
            "Postmortem",
            "wiki/content/templates/postmortem.md",
        ),
        ("tool", "Linear", "wiki/content/tools/linear.md"),
        (
            "release",
            "Web app 3.2.0",
            "wiki/content/releases/web-app-3.2.0.md",
        ),
        (
            "process",
            "Café opening",
            "wiki/content/processes/cafe-opening.md",
        ),
        // Named as tags are (`c-plus-plus`), full-width letters as plain ones, and never a
        // name a Windows checkout could not write.
        (
            "process",
            "C++ & C# onboarding",
            "wiki/content/processes/c-plus-plus-c-sharp-onboarding.md",
        ),
        (
            "process",
            "Ｒｅｆｕｎｄ　ＦＡＱ",
            "wiki/content/processes/refund-faq.md",
        ),
        ("process", "CON", "wiki/content/processes/con-page.md"),
    ];
    for (kind, title, path) in cases {
        scratch.new_page(kind, title, Some("alex")).expect_code(0);
        let text = scratch.read(path);
        assert!(!text.contains("{{") && !text.contains("{%"), "{text}");
    }
    assert!(scratch.read(cases[0].2).contains("{Team or person}"));
    assert!(scratch.read(cases[1].2).contains("## How to get access"));
    let check = scratch.check();
    check.expect_code(0);
    assert!(
        check.stderr.contains("0 errors, 0 warnings"),
        "{}",
        check.stderr
    );
    scratch
        .run(&["build", "wiki", "--today", TODAY])
        .expect_code(0);
}

// Checks that a release note takes its version from the title and needs no owner.
#[test]
fn new_release_takes_the_version_from_the_title() {
    let scratch = Scratch::with_wiki();
    scratch
        .new_page("release", "Web app 3.2.0", None)
        .expect_code(0);
    let text = scratch.read("wiki/content/releases/web-app-3.2.0.md");
    assert!(
        text.contains(&format!("version: \"3.2.0\"\ndate: {TODAY}\n")),
        "{text}"
    );
    assert!(text.contains("## What's new") && text.contains("## Fixes"));
    scratch.check().expect_code(0);

    let run = scratch.new_page("release", "Web app", None);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error: a release note needs a version, and the title \"Web app\" has none"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "help: end the title with the version, such as `opsbook new release \"Web app 1.0.0\"`, or give it with `--set version=1.0.0`"
        ),
        "{}",
        run.stderr
    );
    // A title without one takes the version given (it was refused all the same).
    scratch
        .run(&[
            "new",
            "release",
            "Spring launch",
            "--set",
            "version=1.0.0",
            "--dir",
            "wiki",
            "--today",
            TODAY,
        ])
        .expect_code(0);
    let text = scratch.read("wiki/content/releases/spring-launch.md");
    assert!(text.contains("\nversion: \"1.0.0\"\n"), "{text}");
    scratch.check().expect_code(0);
}

// Checks the owner errors: none given, a typo, and a Slack handle that resolves.
#[test]
fn new_explains_owners() {
    let scratch = Scratch::with_wiki();
    let run = scratch.new_page("process", "Refund escalation", None);
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "error: a process needs an owner: pass `--owner ID`\n\
         help: owners in owners.yaml: alex, team-ops\n"
    );
    let run = scratch.new_page("process", "Refund escalation", Some("tem-ops"));
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "error: owner \"tem-ops\" is not in owners.yaml\nhelp: did you mean \"team-ops\"?\n"
    );
    assert!(
        !scratch
            .path("wiki/content/processes/refund-escalation.md")
            .exists()
    );

    scratch
        .new_page("process", "Refund escalation", Some("#ops"))
        .expect_code(0);
    let text = scratch.read("wiki/content/processes/refund-escalation.md");
    assert!(text.contains("\nowner: team-ops\n"), "{text}");
}

// Checks that a mistyped kind gets a suggestion and the list of kinds.
#[test]
fn new_suggests_the_kind() {
    let scratch = Scratch::with_wiki();
    let run = scratch.new_page("procss", "Refund escalation", Some("team-ops"));
    run.expect_code(2);
    assert_eq!(
        run.stderr,
        "error: there is no kind \"procss\"; the kinds are process, template, tool, release\n\
         help: did you mean `process`?\n"
    );
}

// Checks that `new` outside a site says how to start one.
#[test]
fn new_outside_a_site_points_to_init() {
    let scratch = Scratch::new();
    let run = scratch.new_page("process", "X", Some("team-ops"));
    run.expect_code(2);
    assert!(
        run.stderr.contains("run `opsbook init wiki`"),
        "{}",
        run.stderr
    );
    std::fs::create_dir_all(scratch.path("wiki")).unwrap();
    let run = scratch.new_page("process", "X", Some("team-ops"));
    run.expect_code(2);
    assert!(
        run.stderr.contains("`wiki` is not an opsbook site"),
        "{}",
        run.stderr
    );
}

// Checks that a page from `new`, once broken by hand, is reported at the right place.
#[test]
fn a_broken_new_page_is_reported_at_its_lines() {
    let scratch = Scratch::with_wiki();
    scratch
        .new_page("process", "Refund escalation", Some("team-ops"))
        .expect_code(0);
    let page = "wiki/content/processes/refund-escalation.md";
    let text = scratch
        .read(page)
        .replace("owner: team-ops", "owner: nobody")
        .replace(
            &format!("last_reviewed: {TODAY}"),
            "last_reviewed: 2030-01-01",
        );
    scratch.write(page, &text);

    let run = scratch.check();
    run.expect_code(1);
    let expected = [
        "error[unknown-owner]: owner \"nobody\" is not in owners.yaml",
        " --> wiki/content/processes/refund-escalation.md:3:8",
        "help: add \"nobody\" to owners.yaml, or use one of: alex, team-ops",
        "error[future-date]: `last_reviewed` is 2030-01-01, after today (2026-11-22)",
        " --> wiki/content/processes/refund-escalation.md:4:16",
        "help: a review date records when the owner last checked the page",
        "2 errors, 0 warnings",
    ];
    for line in expected {
        assert!(
            run.stderr.contains(line),
            "missing {line:?} in\n{}",
            run.stderr
        );
    }

    let json = scratch.run(&["check", "wiki", "--today", TODAY, "--format", "json"]);
    json.expect_code(1);
    let found: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let found: Vec<(&str, u64, u64, bool)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["help"].is_string(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [("unknown-owner", 3, 8, true), ("future-date", 4, 16, true)]
    );
}

// Checks that `new` writes no page that `check` would fail: one at another page's address
// (`Refund Escalation.md`, `README` beside `_index.md`), or with a `--set` value its field
// does not take; it wrote them and exited 0, and the pull request failed. It says what check
// would say, at the page's lines.
#[test]
fn new_refuses_a_page_that_would_fail_check() {
    let scratch = Scratch::with_wiki();
    scratch.write("wiki/content/processes/Refund Escalation.md", "# Mine\n");
    let clash = scratch.new_page("process", "Refund escalation", Some("team-ops"));
    clash.expect_code(2);
    assert!(
        clash.stderr.contains("error[duplicate-url]: this page and `content/processes/Refund Escalation.md` are both published at `/processes/refund-escalation/`")
            && clash.stderr.contains("opsbook new wrote nothing"),
        "{}",
        clash.stderr
    );
    scratch
        .new_page("process", "README", Some("team-ops"))
        .expect_code(2);
    // Reported on the other file: an alias of another page at the new page's address, a file
    // of `static/` where its folder goes.
    scratch.write(
        "wiki/content/processes/moved.md",
        "---\ntitle: Moved\nowner: team-ops\nlast_reviewed: 2026-11-01\naliases: [/processes/old-name/]\n---\nText.\n",
    );
    let alias = scratch.new_page("process", "Old name", Some("team-ops"));
    alias.expect_code(2);
    assert!(
        alias
            .stderr
            .contains("alias \"/processes/old-name/\" is already taken"),
        "{}",
        alias.stderr
    );
    scratch.write("wiki/static/processes/billing", "x");
    scratch
        .new_page("process", "Billing", Some("team-ops"))
        .expect_code(2);
    let args = [
        "new", "process", "Payroll", "--owner", "team-ops", "--dir", "wiki", "--today", TODAY,
    ];
    for (set, expected) in [
        (
            "last_reviewed=2030-01-01",
            "error[future-date]: `last_reviewed` is 2030-01-01, after today (2026-11-22)\n --> wiki/content/processes/payroll.md:4:16",
        ),
        (
            "review_every=bogus",
            "error[invalid-interval]: cannot read the review interval \"bogus\"",
        ),
        (
            "owner=nobody",
            "error[unknown-owner]: owner \"nobody\" is not in owners.yaml",
        ),
    ] {
        let mut with_set = args.to_vec();
        with_set.extend(["--set", set]);
        let run = scratch.run(&with_set);
        run.expect_code(2);
        assert!(run.stderr.contains(expected), "{set}\n{}", run.stderr);
    }
    assert_eq!(
        files_under(&scratch.path("wiki/content/processes")),
        [
            "Refund Escalation.md",
            "_index.md",
            "how-we-write-processes.md",
            "moved.md"
        ]
    );
    scratch.check().expect_code(1);
}

// Checks that a page started `--from` a template in another folder keeps its links to files
// beside the template working (`launch-checklist.md`, `launch-checklist.csv`, and in raw HTML
// `<a href>` and `<img src>`): they were copied as written, and every page made from the
// example site's templates failed `check`.
#[test]
fn new_from_a_template_keeps_its_links_to_files_working() {
    let site = crate::support::SiteTest::example_site();
    let dir = site.root.to_str().unwrap();
    let checklist =
        std::fs::read_to_string(site.path("content/templates/launch-checklist.md")).unwrap();
    site.write(
        "content/templates/launch-checklist.md",
        &format!(
            "{checklist}\n<details><summary>Files</summary>\n\n<a href=\"launch-checklist.csv\">the CSV</a>\n</details>\n\nInline <a href='release-notes.md#top'>notes</a> too.\n"
        ),
    );
    for (title, template) in [
        ("From prd", "templates/prd"),
        ("From checklist", "templates/launch-checklist"),
    ] {
        site.run(&[
            "new", "process", title, "--owner", "team-sre", "--dir", dir, "--today", TODAY,
            "--from", template,
        ])
        .expect_code(0);
    }
    let text = std::fs::read_to_string(site.path("content/processes/from-checklist.md")).unwrap();
    assert!(
        text.contains("[Download as CSV](../templates/launch-checklist.csv)")
            && text.contains("[release notes template](../templates/release-notes.md)")
            && text.contains("<a href=\"../templates/launch-checklist.csv\">the CSV</a>")
            && text.contains("<a href='../templates/release-notes.md#top'>notes</a>"),
        "{text}"
    );
    let check = site.check(&[]);
    check.expect_code(0);
    assert!(!check.stderr.contains("from-"), "{}", check.stderr);
}

// Checks that a kind requiring a field opsbook cannot make up (the README's `policy`, with its
// `severity`) is scaffolded with `--set`, and the page checks clean; without it, `new` says
// which `--set` to give.
#[test]
fn new_takes_required_fields_with_set() {
    let scratch = Scratch::with_wiki();
    let config = scratch.read("wiki/opsbook.yaml");
    scratch.write(
        "wiki/opsbook.yaml",
        &format!(
            "{config}\nkinds:\n  policy:\n    folder: policies\n    required: [owner, last_reviewed, severity]\n    fields:\n      severity: {{type: enum, values: [low, medium, high]}}\n"
        ),
    );
    let args = [
        "new",
        "policy",
        "Data retention",
        "--owner",
        "alex",
        "--dir",
        "wiki",
        "--today",
        TODAY,
    ];
    let refused = scratch.run(&args);
    refused.expect_code(2);
    assert!(
        refused.stderr.contains("--set severity=low|medium|high"),
        "{}",
        refused.stderr
    );
    let mut with_set = args.to_vec();
    with_set.extend(["--set", "severity=high", "--set", "tags=[privacy]"]);
    scratch.run(&with_set).expect_code(0);
    let text = scratch.read("wiki/content/policies/data-retention.md");
    assert!(
        text.contains("\nseverity: high\n") && text.contains("\ntags: [privacy]\n"),
        "{text}"
    );
    let check = scratch.check();
    check.expect_code(0);
    assert!(check.stderr.contains("0 errors"), "{}", check.stderr);
}

// Checks that init in an Obsidian vault (its `.obsidian/` folder) or a GitHub wiki's clone
// (its `Home.md`) reads the notes where they are (`content_dir: .`): it added starter pages in
// `content/`, and `check` passed with every note left out.
#[test]
fn init_in_a_vault_or_wiki_reads_its_notes() {
    for marker in ["vault/.obsidian/app.json", "vault/Home.md"] {
        let scratch = Scratch::new();
        scratch.write(marker, "{}\n");
        scratch.write(
            "vault/Runbooks/Failover.md",
            "# Failover\n\nPromote the replica.\n",
        );
        let run = scratch.run(&["init", "vault", "--today", TODAY]);
        run.expect_code(0);
        assert!(
            run.stderr
                .contains("the pages are the Markdown already in ./ (content_dir: .)"),
            "{marker}: {}",
            run.stderr
        );
        assert!(!scratch.path("vault/content").exists(), "{marker}");
        assert!(
            scratch
                .read("vault/opsbook.yaml")
                .contains("\ncontent_dir: .\n")
        );
        scratch
            .run(&["build", "vault", "--today", TODAY, "-q"])
            .expect_code(0);
        assert!(
            scratch
                .path("vault/public/runbooks/failover/index.html")
                .is_file(),
            "{marker}"
        );
    }
}

// Checks `opsbook theme`: it lists the theme's templates and files, marking the site's own;
// copies one as the theme writes it, into `templates/` or `static/`, where the build uses it;
// and never overwrites, nor copies a name the theme lacks (with a did-you-mean). Someone who
// installed opsbook with cargo had no theme source to copy from.
#[test]
fn theme_lists_and_copies_the_themes_files_without_overwriting() {
    let site = SiteTest::fixture("basic");
    let listing = site.run(&["theme"]);
    listing.expect_code(0);
    assert!(
        listing.stdout.contains("  page.html\n")
            && listing.stdout.contains("  assets/opsbook.css\n")
            && listing.stdout.contains("theme/NAME")
            && listing.stdout.contains("words in ar, de, en, es, fr, he, it, ja, ko, nl, pl, pt, ru, sv, tr, uk, zh, zh-TW (`language:`"),
        "{}",
        listing.stdout
    );
    let copied = site.run(&["theme", "page.html", "static/assets/opsbook.css"]);
    copied.expect_code(0);
    assert!(
        copied.stderr.contains("created templates/page.html")
            && copied.stderr.contains("created static/assets/opsbook.css"),
        "{}",
        copied.stderr
    );
    let theirs = std::fs::read_to_string(site.path("templates/page.html")).unwrap();
    assert!(theirs.contains("{% extends \"base.html\" %}"), "{theirs}");
    // The copy is the site's to change: the build uses it.
    site.write(
        "templates/page.html",
        &theirs.replace("<article class=\"doc\"", "<article data-ours class=\"doc\""),
    );
    site.build(&[]).expect_code(0);
    assert!(
        site.read_output("tools/pagerduty/index.html")
            .contains("<article data-ours")
    );
    assert!(
        site.run(&["theme"])
            .stdout
            .contains("  page.html  (the site's own)\n"),
        "the listing marks the site's own"
    );
    let again = site.run(&["theme", "page.html"]);
    again.expect_code(2);
    assert!(
        again
            .stderr
            .contains("exists already: opsbook never overwrites"),
        "{}",
        again.stderr
    );
    assert!(
        std::fs::read_to_string(site.path("templates/page.html"))
            .unwrap()
            .contains("data-ours"),
        "the site's copy was overwritten"
    );
    let typo = site.run(&["theme", "pgae.html"]);
    typo.expect_code(2);
    assert!(
        typo.stderr.contains("did you mean `page.html`?"),
        "{}",
        typo.stderr
    );
}

// Checks `opsbook new --in FOLDER`: the page goes in a folder under its kind's (made if
// missing, named from the kind's folder or the content folder), where the folder's
// `defaults:` apply (its owner and review interval are not written, and the page checks
// clean); a folder of another kind's is refused, saying whose it is.
#[test]
fn new_puts_a_page_in_a_folder_under_its_kinds() {
    let site = SiteTest::fixture("kinds");
    let new = |title: &str, folder: &str| {
        site.run(&["new", "process", title, "--in", folder, "--today", TODAY])
    };
    new("Key rotation", "security").expect_code(0);
    let page =
        std::fs::read_to_string(site.path("content/processes/security/key-rotation.md")).unwrap();
    assert!(
        !page.contains("owner:") && !page.contains("review_every:"),
        "the folder's defaults apply: {page}"
    );
    new("Badge audit", "content/processes/security/audits").expect_code(0);
    // Spelt as the folder already is.
    new("Door audit", "Security/Audits").expect_code(0);
    assert!(
        site.path("content/processes/security/audits/door-audit.md")
            .is_file()
    );
    assert!(
        site.path("content/processes/security/audits/badge-audit.md")
            .is_file()
    );
    site.check(&[]).expect_code(0);

    let refused = new("Elsewhere", "tools/jira");
    refused.expect_code(2);
    assert!(
        refused
            .stderr
            .contains("--in tools/jira: pages under `tools/jira/` are tool guides, not processes"),
        "{}",
        refused.stderr
    );
    new("Outside", "../elsewhere").expect_code(2);
    assert!(!site.path("content/tools/jira/elsewhere.md").exists());

    // A folder's kind by `defaults:` is the one it takes: tool guides in `processes/howto`.
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    site.write(
        "opsbook.yaml",
        &format!("{config}  - path: processes/howto\n    kind: tool\n"),
    );
    let refused = new("Not a guide", "howto");
    refused.expect_code(2);
    assert!(
        refused
            .stderr
            .contains("--in howto: pages under `processes/howto/` are tool guides, not processes"),
        "{}",
        refused.stderr
    );
    site.run(&[
        "new",
        "tool",
        "Grafana how-to",
        "--in",
        "processes/howto",
        "--owner",
        "team-security",
        "--today",
        TODAY,
    ])
    .expect_code(0);
    assert!(
        site.path("content/processes/howto/grafana-how-to.md")
            .is_file()
    );
    site.check(&[]).expect_code(0);
}

// Checks that init and new read no file outside the folder they are given, as check reads
// none: a `mkdocs.yml` linked from elsewhere names no site, an `owners.yaml` linked from
// elsewhere is refused.
#[cfg(unix)]
#[test]
fn init_and_new_read_no_file_outside_the_site() {
    let scratch = Scratch::new();
    scratch.write("outside/mkdocs.yml", "site_name: SECRET-NAME\n");
    scratch.write("repo/docs/index.md", "# Home\n");
    std::os::unix::fs::symlink(
        scratch.path("outside/mkdocs.yml"),
        scratch.path("repo/mkdocs.yml"),
    )
    .unwrap();
    scratch
        .run(&["init", "repo", "--today", TODAY])
        .expect_code(0);
    let config = scratch.read("repo/opsbook.yaml");
    assert!(!config.contains("SECRET-NAME"), "{config}");

    let wiki = Scratch::with_wiki();
    wiki.write("outside-owners.yaml", "owners:\n  SECRET-OWNER: {}\n");
    std::fs::remove_file(wiki.path("wiki/owners.yaml")).unwrap();
    std::os::unix::fs::symlink(
        wiki.path("outside-owners.yaml"),
        wiki.path("wiki/owners.yaml"),
    )
    .unwrap();
    let run = wiki.new_page("process", "Refund escalation", Some("SECRET-OWNER"));
    run.expect_code(2);
    assert!(
        run.stderr.contains("owners.yaml is a link to `")
            && run.stderr.contains("outside the site: it is not read"),
        "{}",
        run.stderr
    );
}
