//! Wiki features: wikilinks, backlinks, typed references both ways, templates, aliases.

use crate::support::SiteTest;

// Checks every way a wikilink resolves (title, path, heading, label, alias, any case) and
// that the links land on the right page and heading.
#[test]
fn wikilinks_resolve_by_title_path_heading_label_and_alias() {
    let site = SiteTest::fixture("wiki");
    site.build(&[]).expect_code(0);
    let html = site.read_output("processes/on-call/index.html");
    let ir = "href=\"../incident-response/\"";
    assert!(
        html.contains(&format!(
            "By title: <a class=\"wikilink\" {ir}>Incident response</a>"
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "By path: <a class=\"wikilink\" {ir}>Incident response</a>"
        )),
        "{html}"
    );
    assert!(html.contains("<a class=\"wikilink\" href=\"../incident-response/#roles\">incident response › Roles</a>"), "{html}");
    assert!(
        html.contains(&format!("<a class=\"wikilink\" {ir}>the IR process</a>")),
        "{html}"
    );
    assert!(
        html.contains(&format!("By alias: <a class=\"wikilink\" {ir}>")),
        "{html}"
    );
    assert!(
        html.contains(&format!("matter: <a class=\"wikilink\" {ir}>")),
        "{html}"
    );
    // A heading given an id of its own is found by its text.
    assert!(
        html.contains("<a class=\"wikilink\" href=\"../incident-response/#after\">Incident response › Afterwards</a>"),
        "{html}"
    );
}

// Checks that an ambiguous or missing wikilink, or one to a missing heading, is an error at
// its file:line:col that lists the candidates or a suggestion.
#[test]
fn ambiguous_and_missing_wikilinks_are_located_errors() {
    let site = SiteTest::fixture("wiki");
    site.write(
        "content/guides/broken.md",
        "# Broken\n\nSee [[Checklist]] and\n[[Incident responce]] and [[Incident response#Nope]].\n\nAlso [[guides/plan]] and [[ |empty]].\n",
    );
    site.write(
        "content/guides/plan.md",
        "---\ntitle: Plan\nstatus: draft\n---\nNot yet.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    let err = &run.stderr;
    assert!(
        err.contains("error[broken-link]: `[[Checklist]]` is ambiguous: 2 pages have this title"),
        "{err}"
    );
    assert!(err.contains("--> content/guides/broken.md:3:7"), "{err}");
    assert!(
        err.contains(
            "help: write the path instead: [[guides/checklist]] or [[runbooks/checklist]]"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "error[broken-link]: `[[Incident responce]]` matches no page title, path or alias"
        ),
        "{err}"
    );
    assert!(err.contains("--> content/guides/broken.md:4:3"), "{err}");
    assert!(
        err.contains("help: did you mean [[Incident response]]?"),
        "{err}"
    );
    assert!(
        err.contains(
            "error[broken-anchor]: no heading `#nope` on `content/processes/incident-response.md`"
        ),
        "{err}"
    );
    assert!(
        err.contains("error[broken-link]: `[[guides/plan]]` is a draft, which is not published"),
        "{err}"
    );
    assert!(
        err.contains("help: publish the page (take out its `status: draft`, or `draft: true`)"),
        "{err}"
    );
    assert!(
        err.contains("error[broken-link]: this wikilink names no page"),
        "{err}"
    );
    assert!(err.contains("--> content/guides/broken.md:6:28"), "{err}");
}

// Checks backlinks ("Linked from") from Markdown links and wikilinks, both ways.
#[test]
fn backlinks_both_ways() {
    let site = SiteTest::fixture("wiki");
    site.build(&[]).expect_code(0);
    let linked_from = |page: &str| {
        let html = site.read_output(page);
        let start = html
            .find("Linked from</h2>")
            .unwrap_or_else(|| panic!("{page}: no backlinks"));
        html[start..start + html[start..].find("</ul>").unwrap()].to_string()
    };
    assert!(linked_from("processes/incident-response/index.html").contains(">On-call</a>"));
    assert!(linked_from("processes/on-call/index.html").contains(">Incident response</a>"));
    let tool = site.read_output("tools/pagerduty/index.html");
    assert!(!tool.contains("Linked from"), "no empty backlinks section");
    // A folder's own page is labelled a section, not a page of the folder's kind.
    site.write(
        "content/processes/_index.md",
        "---\ntitle: All processes\n---\nStart with [on-call](on-call.md).\n",
    );
    site.build(&[]).expect_code(0);
    assert!(
        linked_from("processes/on-call/index.html")
            .contains(">All processes</a> <span class=\"kind-tag\">Section</span>"),
        "{}",
        linked_from("processes/on-call/index.html")
    );
}

// Checks typed references rendered both ways: the process lists its tool, template and
// related page; the tool lists the processes that use it; the template, who uses it.
#[test]
fn typed_references_both_ways() {
    let site = SiteTest::fixture("wiki");
    site.build(&[]).expect_code(0);
    let group = |page: &str, title: &str| {
        let html = site.read_output(page);
        let start = html
            .find(&format!(">{title}</h2>"))
            .unwrap_or_else(|| panic!("{page}: no “{title}” group"));
        html[start..start + html[start..].find("</ul>").unwrap()].to_string()
    };
    let ir = "processes/incident-response/index.html";
    assert!(group(ir, "Tools").contains(">PagerDuty</a>"));
    assert!(group(ir, "Templates").contains(">Postmortem template</a>"));
    assert!(group(ir, "Related").contains(">On-call</a>"));
    assert!(
        group("tools/pagerduty/index.html", "Processes that use this tool")
            .contains(">Incident response</a>")
    );
    assert!(group("templates/postmortem/index.html", "Used by").contains(">Incident response</a>"));
    assert!(group("processes/on-call/index.html", "Related").contains(">Incident response</a>"));
}

// Checks template pages: the raw Markdown is published beside the page, the page offers
// Copy and Download, shows the `opsbook new` command, and that command works.
#[test]
fn template_pages_publish_their_source_and_the_new_command_works() {
    let site = SiteTest::fixture("wiki");
    site.build(&[]).expect_code(0);
    let raw = site.read_output("templates/postmortem/postmortem.md");
    assert!(
        raw.starts_with("## Summary\n\n{What happened, in two sentences.}"),
        "{raw}"
    );
    assert!(
        !raw.contains("owner:"),
        "front matter is not part of the template"
    );
    let html = site.read_output("templates/postmortem/index.html");
    assert!(
        html.contains("href=\"postmortem.md\" download=\"postmortem.md\""),
        "{html}"
    );
    assert!(html.contains("Copy Markdown"));
    // The way to the buttons is at the top of the page and in its table of contents.
    let header = &html[..html.find("class=\"prose\"").unwrap()];
    assert!(header.contains("<a href=\"#template-use-heading\">Use this template</a>"));
    let toc = &html[html.find("class=\"toc\"").unwrap()..];
    assert!(toc.contains("<a href=\"#template-use-heading\">Use this template</a>"));
    assert!(html.contains("id=\"template-use-heading\""));
    let command = "opsbook new process &quot;Your page title&quot; --from templates/postmortem --owner YOUR-TEAM";
    assert!(html.contains(command), "{html}");

    let run = site.run(&[
        "new",
        "process",
        "Database outage",
        "--from",
        "templates/postmortem",
        "--owner",
        "team-sre",
        "--today",
        crate::support::TODAY,
    ]);
    run.expect_code(0);
    let page = std::fs::read_to_string(site.path("content/processes/database-outage.md")).unwrap();
    assert!(
        page.starts_with("---\ntitle: Database outage\nowner: team-sre\n"),
        "{page}"
    );
    assert!(
        page.contains("---\n\n## Summary\n\n{What happened, in two sentences.}"),
        "{page}"
    );
    site.check(&[]).expect_code(0);
}

// Checks that the `opsbook new` command a template page shows works pasted into a shell when
// the template's file name has spaces and parentheses (bash read `(` as syntax), and that
// `--from` takes the template's address, as readers see it, too.
#[test]
fn a_template_pages_command_pastes_into_a_shell() {
    let site = SiteTest::fixture("wiki");
    let template = std::fs::read_to_string(site.path("content/templates/postmortem.md")).unwrap();
    site.write(
        "content/templates/Incident Report (SEV1).md",
        &template.replacen("title: Postmortem", "title: Incident report", 1),
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("templates/incident-report-sev1/index.html");
    let start = html.find("template-use-command\"><code>").unwrap() + 28;
    let command = html[start..start + html[start..].find("</code>").unwrap()]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    assert_eq!(
        command,
        "opsbook new process \"Your page title\" --from 'templates/Incident Report (SEV1)' --owner YOUR-TEAM"
    );
    let binary = assert_cmd::cargo::cargo_bin("opsbook");
    let pasted = command
        .replacen("opsbook", &format!("'{}'", binary.display()), 1)
        .replace("YOUR-TEAM", "team-sre");
    let shell = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{pasted} --today {}", crate::support::TODAY))
        .current_dir(&site.root)
        .output()
        .unwrap();
    assert!(shell.status.success(), "{shell:?}");
    let page = std::fs::read_to_string(site.path("content/processes/your-page-title.md")).unwrap();
    assert!(page.contains("## Summary\n\n{What happened"), "{page}");

    site.run(&[
        "new",
        "process",
        "Database outage",
        "--from",
        "https://wiki.example/templates/incident-report-sev1/",
        "--owner",
        "team-sre",
        "--today",
        crate::support::TODAY,
    ])
    .expect_code(0);
    let page = std::fs::read_to_string(site.path("content/processes/database-outage.md")).unwrap();
    assert!(page.contains("## Summary\n\n{What happened"), "{page}");
}

// Checks that each alias becomes a redirect page to the page's new URL, and that an alias
// taken by another page is an error.
#[test]
fn aliases_redirect_to_the_new_url() {
    let site = SiteTest::fixture("wiki");
    site.build(&[]).expect_code(0);
    let redirect = site.read_output("processes/ir/index.html");
    assert!(
        redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=../incident-response/\">"),
        "{redirect}"
    );
    assert!(redirect.contains("<link rel=\"canonical\" href=\"../incident-response/\">"));
    let file = site.read_output("incidents.html");
    assert!(file.contains("url=processes/incident-response/"), "{file}");

    site.write(
        "content/processes/extra.md",
        "---\ntitle: Extra\nowner: team-sre\nlast_reviewed: 2026-10-01\naliases: [/processes/on-call/]\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("error[duplicate-url]: alias \"/processes/on-call/\" is already taken by `content/processes/on-call.md`"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--> content/processes/extra.md:5:11"),
        "{}",
        run.stderr
    );

    // A relative alias is beside the page, as Hugo reads it (it was published at the root).
    site.write(
        "content/processes/extra.md",
        "---\ntitle: Extra\nowner: team-sre\nlast_reviewed: 2026-10-01\naliases: [old-extra, ./older-extra, ../top-extra, ../../../out]\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("alias \"../../../out\" is not a path inside the site")
            && run.stderr.matches("error[").count() == 1,
        "{}",
        run.stderr
    );
    site.write(
        "content/processes/extra.md",
        "---\ntitle: Extra\nowner: team-sre\nlast_reviewed: 2026-10-01\naliases: [old-extra, ./older-extra, ../top-extra]\n---\nText.\n",
    );
    site.build(&[]).expect_code(0);
    for (alias, target) in [
        ("processes/old-extra/index.html", "../extra/"),
        ("processes/older-extra/index.html", "../extra/"),
        ("top-extra/index.html", "../processes/extra/"),
    ] {
        let redirect = site.read_output(alias);
        assert!(
            redirect.contains(&format!("url={target}\"")),
            "{alias}: {redirect}"
        );
    }
    assert!(!site.path("public/old-extra").exists());
}

// Checks an Obsidian vault's and a GitHub wiki's links: a page by its file name alone
// (`[[Database failover]]` for `Runbooks/Database failover.md`, titled otherwise), by its
// name with spaces for hyphens (`[[On-call Rotation]]` for `On-call-Rotation.md`); images
// embedded by name wherever they are (`![[Pasted image 20240301.png]]`), with Obsidian's size
// (`|400`); and a note or a PDF embedded, linked to with a warning (a broken image before).
#[test]
fn obsidian_embeds_and_links_by_file_name() {
    let site = SiteTest::fixture("basic");
    let png = b"\x89PNG\r\n\x1a\n";
    std::fs::create_dir_all(site.path("content/attachments")).unwrap();
    std::fs::write(
        site.path("content/attachments/Pasted image 20240301.png"),
        png,
    )
    .unwrap();
    std::fs::write(site.path("content/attachments/spec.pdf"), b"%PDF-1.4").unwrap();
    site.write(
        "content/Runbooks/Database failover.md",
        "---\ntitle: Failing over the primary\n---\nPromote the replica.\n",
    );
    site.write(
        "content/On-call-Rotation.md",
        "---\ntitle: Rotation\n---\nWeekly.\n",
    );
    site.write(
        "content/misc/vault.md",
        "---\ntitle: Vault note\n---\nSee [[Database failover]] and [[On-call Rotation]] ([[on-call-rotation.md]]).\n\n\
         ![[Pasted image 20240301.png]]\n\n![[Pasted image 20240301.png|400]]\n\n\
         ![[Database failover]]\n\n![[attachments/spec.pdf]]\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    let html = site.read_output("misc/vault/index.html");
    for expected in [
        "<a class=\"wikilink\" href=\"../../runbooks/database-failover/\">Database failover</a>",
        "<a class=\"wikilink\" href=\"../../on-call-rotation/\">On-call Rotation</a>",
        "(<a class=\"wikilink\" href=\"../../on-call-rotation/\">on-call-rotation.md</a>)",
        "<img src=\"../../attachments/Pasted%20image%2020240301.png\" alt=\"Pasted image 20240301.png\" />",
        "<img src=\"../../attachments/Pasted%20image%2020240301.png\" alt=\"Pasted image 20240301.png\" width=\"400\" />",
        "<a href=\"../../attachments/spec.pdf\">spec.pdf</a>",
    ] {
        assert!(html.contains(expected), "{expected} not in {html}");
    }
    assert!(
        !html.contains("<img src=\"../../runbooks/"),
        "a note is no image: {html}"
    );
    for at in ["content/misc/vault.md:10:1", "content/misc/vault.md:12:1"] {
        assert!(
            run.stderr.contains(at)
                && run.stderr.contains(
                    "shows a note or file inside the page in Obsidian; opsbook links to it instead"
                ),
            "no warning at {at}: {}",
            run.stderr
        );
    }
}

// Checks Obsidian's aliases, names with spaces (`Incident process`, `What is P1?`): wikilinks
// find the page by them, and they get no redirect page (they published folders named
// `Incident process/`, and `What is P1?` failed the build as no path inside the site); an
// alias without a space is still an old URL that redirects.
#[test]
fn aliases_with_spaces_are_names_not_old_urls() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/ir.md",
        "---\ntitle: Incident response guide\naliases: [Incident process, \"What is P1?\", old-ir, \"/old path/ir/\"]\n---\nText.\n",
    );
    site.write(
        "content/misc/links.md",
        "---\ntitle: Links\n---\nSee [[Incident process]] and [[What is P1?]].\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    let html = site.read_output("misc/links/index.html");
    assert_eq!(
        html.matches("<a class=\"wikilink\" href=\"../ir/\">")
            .count(),
        2,
        "{html}"
    );
    // An old URL with a space, written from the root, still redirects.
    let published = crate::support::tree(&site.path("public"));
    let with_space: Vec<&String> = published.keys().filter(|p| p.contains(' ')).collect();
    assert_eq!(with_space, ["old path/ir/index.html"]);
    assert!(published.keys().all(|p| !p.contains('?')));
    assert!(
        site.read_output("misc/old-ir/index.html")
            .contains("../ir/")
    );
}

// Checks GitHub's wikis' order, `[[text|Page]]`, the other way round from opsbook's: a link
// whose label names a page, while its target names none or this page itself, says to swap
// them (it linked to the page itself, silently, or said the page does not exist).
#[test]
fn github_wiki_label_order_is_told() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/Rollback.md",
        "---\ntitle: Rollback\n---\nSee [[Rollback|Rollback-Procedure-v2]] and [[How to roll back|Rollback-Procedure-v2]].\n\n[[Rollbak procedure v2|Rollback procedure v2]]\n",
    );
    site.write(
        "content/misc/Rollback-Procedure-v2.md",
        "---\ntitle: Rollback procedure v2\n---\nSteps.\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("content/misc/Rollback.md:4:7")
            && run.stderr.contains(
                "`[[Rollback|…]]` links to this page itself, and its text names another page"
            )
            && run
                .stderr
                .contains("write the page first: `[[Rollback-Procedure-v2|Rollback]]`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/misc/Rollback.md:4:46")
            && run
                .stderr
                .contains("write the page first: `[[Rollback-Procedure-v2|How to roll back]]`"),
        "{}",
        run.stderr
    );
    // A page's name mistyped in the opsbook order: "did you mean" first.
    assert!(
        run.stderr.contains("did you mean [[Rollback procedure v2]]? If the text came first, as GitHub's wikis write it, write the page first: `[[Rollback procedure v2|Rollbak procedure v2]]`"),
        "{}",
        run.stderr
    );
}

// Checks Obsidian's embeds of a file by its path from the vault's top (`attachments/map.svg`
// in a page in `a/`), and that a name two files share is an error listing both (one of them
// was picked, as "did you mean", or the path was read from the page's folder and broken).
#[test]
fn obsidian_embeds_by_path_from_the_top_and_ambiguous_names() {
    let site = SiteTest::fixture("basic");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    site.write("content/attachments/map.svg", svg);
    site.write("content/b/map.svg", svg);
    site.write(
        "content/a/page.md",
        "---\ntitle: Page\n---\n![[attachments/map.svg]]\n\n![[map.svg|400]]\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("content/a/page.md:6:1")
            && run
                .stderr
                .contains("`map.svg` is ambiguous: 2 files have this name")
            && run
                .stderr
                .contains("write its path instead: `attachments/map.svg` or `b/map.svg`"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("page.md:4:"), "{}", run.stderr);
    site.write(
        "content/a/page.md",
        "---\ntitle: Page\n---\n![[attachments/map.svg]]\n",
    );
    site.build(&[]).expect_code(0);
    assert!(
        site.read_output("a/page/index.html")
            .contains("<img src=\"../../attachments/map.svg\" alt=\"map.svg\" />")
    );
}

// Checks links as a page written for GitHub has them: an anchor copied from GitHub's page
// (`#user-content-roles`) leads to the heading, on the page and from another; a heading led
// by an icon has GitHub's id (`-icon-title`), which such links use; and a link to a folder of
// files with no page says so, and what to link instead (it said the folder did not exist).
#[test]
fn links_written_for_github_work() {
    let site = SiteTest::fixture("basic");
    site.write("content/misc/icon.png", "png");
    site.write(
        "content/misc/runbook.md",
        "---\ntitle: Runbook\n---\n## Roles\n\n## ![icon](icon.png) Icon title\n\nSee [roles](#user-content-roles) and [the icon part](#-icon-title).\n",
    );
    site.write(
        "content/misc/other.md",
        "---\ntitle: Other\n---\nSee [the roles](runbook.md#user-content-roles).\n",
    );
    site.build(&[]).expect_code(0);
    let runbook = site.read_output("misc/runbook/index.html");
    assert!(
        runbook.contains("<a href=\"#roles\">roles</a>"),
        "{runbook}"
    );
    assert!(runbook.contains("<h2 id=\"-icon-title\">"), "{runbook}");
    let other = site.read_output("misc/other/index.html");
    assert!(other.contains("href=\"../runbook/#roles\""), "{other}");

    site.write("content/misc/scripts/run.sh", "echo restart\n");
    site.write(
        "content/misc/other.md",
        "---\ntitle: Other\n---\nSee [the scripts](scripts/).\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("error[broken-link]: link target `scripts/` is a folder with no page in it (`content/misc/scripts` holds files only)")
            && run.stderr.contains("help: link a file in it, such as `scripts/run.sh`, or give the folder a page: `content/misc/scripts/_index.md`"),
        "{}",
        run.stderr
    );
}

// Checks a README-style page, its badges above its `# Title` and no front matter: the title is
// its H1, shown once as the page's heading (badges kept, after it), and found by wikilinks by
// that title (it was titled by its file name, with a second heading in the body).
#[test]
fn a_readme_with_badges_above_its_title_is_titled_by_it() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/badge.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/misc/no-fm.md",
        "[![build](badge.svg)](https://ci.example/job) ![coverage](badge.svg)\n\n# Disk Full On Web Nodes\n\nFree space first.\n",
    );
    site.write(
        "content/misc/linking.md",
        "---\ntitle: Linking\n---\nSee [[Disk Full On Web Nodes]].\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("misc/no-fm/index.html");
    assert!(
        page.contains("<title>Disk Full On Web Nodes"),
        "titled by its H1"
    );
    assert_eq!(
        page.matches("Disk Full On Web Nodes</h1>").count(),
        1,
        "{page}"
    );
    assert!(page.contains("alt=\"coverage\""), "the badges stay");
    let linking = site.read_output("misc/linking/index.html");
    assert!(linking.contains("href=\"../no-fm/\""), "{linking}");
}

// Checks that a page started from a template whose body opens with a `# Heading` is headed by
// its own title: the template's heading (`# {{Incident title}} — Postmortem`) was copied and
// headed the new page, its first H1 winning over the title given.
#[test]
fn a_page_from_a_template_is_headed_by_its_own_title() {
    let site = SiteTest::fixture("wiki");
    site.write(
        "content/templates/incident.md",
        "---\ntitle: Incident template\nowner: team-sre\nlast_reviewed: 2026-10-01\ntemplate_for: process\n---\n\n# {{Incident title}} — Postmortem\n\n## Summary\n\n{What happened.}\n",
    );
    site.run(&[
        "new",
        "process",
        "DB outage",
        "--from",
        "templates/incident",
        "--owner",
        "team-sre",
        "--today",
        crate::support::TODAY,
    ])
    .expect_code(0);
    let page = std::fs::read_to_string(site.path("content/processes/db-outage.md")).unwrap();
    assert!(!page.contains("{{Incident title}}"), "{page}");
    assert!(
        page.contains("---\n\n## Summary\n\n{What happened.}"),
        "{page}"
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("processes/db-outage/index.html");
    assert!(html.contains(">DB outage</h1>"), "{html}");
}
