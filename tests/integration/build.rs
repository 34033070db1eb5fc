//! `opsbook build`: the example site end to end, the fixture site's rendering, link checking,
//! determinism, atomic output and escaping.

use crate::support::{SiteTest, links_in, resolve_output_link, tree};

// Checks that the example site builds cleanly, publishes every page, and that every link in
// the output, including `#fragment`s, lands on a file and an id that exist.
#[test]
fn example_site_builds_and_every_internal_link_resolves() {
    let site = SiteTest::example_site();
    site.build(&[]).expect_code(0);
    let out = site.path("public");
    let files = tree(&out);

    // Every published page has its file.
    for entry in walkdir(&site.path("content")) {
        if !entry.ends_with(".md") {
            continue;
        }
        let text = std::fs::read_to_string(site.path("content").join(&entry)).unwrap();
        if text.contains("\nstatus: draft") {
            let url = opsbook::url::page_url(&entry);
            assert!(
                !files.contains_key(&opsbook::render::index_file(&url)),
                "draft {entry} was published"
            );
            continue;
        }
        let url = opsbook::url::page_url(&entry);
        let file = opsbook::render::index_file(&url);
        assert!(
            files.contains_key(&file),
            "{entry} should be published as {file}"
        );
    }
    assert!(files.len() > 100, "only {} files", files.len());

    // Every internal link resolves, and so does its fragment. A sidebar's page tree
    // (`assets/nav/*.html`) is checked in the pages that show it: its links are theirs.
    let mut checked = 0;
    let mut trees = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") || path == "404.html" || path.starts_with("assets/nav/") {
            continue;
        }
        let mut html = String::from_utf8_lossy(bytes).into_owned();
        if let Some(start) = html.find(" data-tree=\"") {
            let rest = &html[start + " data-tree=\"".len()..];
            let tree = &rest[..rest.find('"').unwrap()];
            let (file, _) = resolve_output_link(path, tree).expect("a local file");
            assert!(file.starts_with("assets/nav/"), "{path}: tree at {file}");
            let Some(tree_html) = files.get(&file) else {
                panic!("{path}: its sidebar's tree {tree} is missing");
            };
            html.push_str(&String::from_utf8_lossy(tree_html));
            trees += 1;
        }
        for link in links_in(&html) {
            assert!(
                !link.starts_with('/'),
                "{path}: root-relative link {link} breaks under a base path"
            );
            let Some((target, fragment)) = resolve_output_link(path, &link) else {
                continue;
            };
            let Some(target_bytes) = files.get(&target) else {
                panic!("{path}: link {link} points to missing {target}");
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty() && f != "top") {
                let target_html = String::from_utf8_lossy(target_bytes);
                assert!(
                    target_html.contains(&format!("id=\"{fragment}\"")),
                    "{path}: link {link}: no id {fragment} in {target}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "only {checked} links checked");
    assert!(trees > 50, "only {trees} pages with a sidebar");

    // Real content: highlighted code, callouts, a table of contents, co-located files.
    let all_html: String = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    assert!(
        all_html
            .split("<pre class=\"code\" data-lang=")
            .skip(1)
            .any(|block| block[..block.find("</pre>").unwrap_or(0)].contains("<span class=\"l")),
        "no highlighted code"
    );
    for kind in ["note", "tip", "important", "warning", "caution"] {
        assert!(
            all_html.contains(&format!("callout callout-{kind}")),
            "no {kind} callout"
        );
    }
    assert!(files.contains_key("processes/releases/release-train.svg"));
    assert!(files.contains_key("templates/launch-checklist.csv"));
    assert!(files.contains_key("sitemap.xml") && files.contains_key("404.html"));
    let css = String::from_utf8_lossy(&files["assets/syntax.css"]).into_owned();
    assert!(
        css.contains("prefers-color-scheme: dark"),
        "no dark palette"
    );
}

fn walkdir(dir: &std::path::Path) -> Vec<String> {
    crate::support::tree(dir).into_keys().collect()
}

// Checks what a reader sees on a fixture page: title, owner, review badge, TOC, anchors,
// callouts, highlighted code, task list, table, footnote, rewritten links and copied files.
#[test]
fn fixture_page_renders_everything_the_markdown_says() {
    let site = SiteTest::fixture("basic");
    let run = site.build(&[]);
    run.expect_code(0);
    assert!(run.stderr.contains("built "), "{}", run.stderr);
    let html = site.read_output("processes/incidents/incident-response/index.html");
    assert!(html.contains("<h1"), "no title heading");
    assert!(html.contains("Incident response"));
    assert!(html.contains("Site Reliability"), "owner name missing");
    assert!(
        html.contains("data-review-due=\"2027-04-01\""),
        "review due date missing"
    );
    assert!(
        html.contains("<h2 id=\"roles\">Roles</h2>"),
        "heading with its id"
    );
    assert!(
        html.contains("<h2 id=\"roles-1\">"),
        "duplicate heading gets a unique id"
    );
    assert!(html.contains("href=\"#scribe\""), "TOC lists the h3");
    assert!(html.contains("callout callout-note") && html.contains("callout callout-warning"));
    assert!(html.contains(
        "<pre class=\"code\" data-lang=\"rust\"><code class=\"language-rust\"><span class=\"l"
    ));
    assert!(
        html.contains("<li class=\"task\"><input type=\"checkbox\" disabled=\"\" checked=\"\" aria-label=\"Done\">")
    );
    assert!(html.contains("<div class=\"table-wrap\"><table>"));
    assert!(html.contains("<del>Old way</del>"));
    assert!(html.contains("id=\"fn-1\""), "footnote");
    assert!(
        html.contains("href=\"../../../tools/pagerduty/#paging-someone\""),
        ".md link rewritten"
    );
    assert!(
        html.contains("href=\"../ladder.svg\""),
        "co-located file link rewritten"
    );
    assert!(site.path("public/processes/incidents/ladder.svg").is_file());
    // A site-absolute link is made relative too.
    let tool = site.read_output("tools/pagerduty/index.html");
    assert!(tool.contains("href=\"../../processes/incidents/incident-response/#roles\""));
    assert!(tool.contains("PagerDuty Inc."), "tool fields shown");
}

// Checks that messy real-world files build: no front matter, CRLF with a BOM, `...` closing
// the YAML, an empty file, and other generators' template tags kept as text.
#[test]
fn messy_files_build() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/blank-title.md",
        "---\ntitle: \"  \"\n---\n# From the heading\n\nText.\n",
    );
    site.build(&[]).expect_code(0);
    let blank = site.read_output("misc/blank-title/index.html");
    assert!(
        blank.contains("<title>From the heading"),
        "an empty title is no title: {blank}"
    );
    let page = site.read_output("misc/no-front-matter/index.html");
    assert!(page.contains("Page without front matter"));
    assert_eq!(
        page.matches("Page without front matter</h1>").count(),
        1,
        "H1 not shown twice"
    );
    let crlf = site.read_output("misc/crlf/index.html");
    assert!(crlf.contains("CRLF and BOM") && crlf.contains("id=\"windows-line-endings\""));
    let empty = site.read_output("misc/empty/index.html");
    assert!(empty.contains("Empty"), "title from the file name");
    let template = site.read_output("templates/postmortem/index.html");
    assert!(template.contains("{% raw %}") && template.contains("&lt;%= name %&gt;"));
}

// Checks that a title, summary and tag written as HTML are escaped wherever they appear.
#[test]
fn front_matter_is_escaped_everywhere() {
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    let files = tree(&site.path("public"));
    let mut seen_escaped = 0;
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("<script>alert(1)</script>"),
            "{path} has the raw title"
        );
        assert!(
            !text.contains("<img src=x onerror"),
            "{path} has the raw tag"
        );
        assert!(!text.contains("<b>bold</b>"), "{path} has the raw summary");
        if text.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || text.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        {
            seen_escaped += 1;
        }
    }
    // The page itself, its section and kind listings, the owner page, neighbours' prev/next.
    assert!(
        seen_escaped >= 4,
        "escaped title seen in only {seen_escaped} files"
    );
}

// Checks that a summary's Markdown is shown formatted where the theme shows it (the page's
// lead, listings, What's new) and as words without marks where text is expected (the meta
// description, the feed, search results): it was shown with its backticks and asterisks.
#[test]
fn summaries_show_their_markdown() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/incidents/restarts.md",
        "---\ntitle: Restarts\nsummary: Restart `api-gateway` *safely*, see [the docs](https://docs.example/x) for $a*b*c$\nowner: team-sre\nlast_reviewed: 2026-10-01\n---\nText.\n",
    );
    site.write(
        "content/releases/web-1.1.0.md",
        "---\ntitle: Web app 1.1.0\nversion: 1.1.0\ndate: 2026-10-09\nproduct: Web app\nsummary: Faster **exports** and ~~no~~ fewer <b>timeouts</b>\n---\nNotes.\n",
    );
    site.build(&[]).expect_code(0);
    let formatted = "Restart <code>api-gateway</code> <em>safely</em>, see the docs for $a*b*c$";
    let page = site.read_output("processes/incidents/restarts/index.html");
    assert!(
        page.contains(&format!("<p class=\"lead\">{formatted}</p>")),
        "{page}"
    );
    assert!(
        page.contains(
            "<meta name=\"description\" content=\"Restart api-gateway safely, see the docs for $a*b*c$\">"
        ),
        "{page}"
    );
    assert!(
        !page.contains("https://docs.example/x"),
        "a summary's link is its text"
    );
    let section = site.read_output("processes/incidents/index.html");
    assert!(section.contains(formatted), "{section}");
    let whats_new = site.read_output("whats-new/index.html");
    assert!(
        whats_new.contains("Faster <strong>exports</strong> and <del>no</del> fewer &lt;b&gt;timeouts&lt;&#x2F;b&gt;")
            || whats_new.contains("Faster <strong>exports</strong> and <del>no</del> fewer &lt;b&gt;timeouts&lt;/b&gt;"),
        "{whats_new}"
    );
    let feed = site.read_output("releases.xml");
    assert!(
        feed.contains("<summary>Faster exports and no fewer &lt;b&gt;timeouts&lt;/b&gt;</summary>"),
        "{feed}"
    );
    let records: String = tree(&site.path("public/search/doc"))
        .values()
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .collect();
    assert!(
        records.contains("\"Restart api-gateway safely, see the docs for $a*b*c$\""),
        "{records}"
    );
}

// Checks that a site showing raw HTML as text (`allow_html: false`, for pages a contractor
// may write) does not publish files beside its pages that run script when opened on the
// site's address: an HTML file, an SVG image with script ran it while the pages could not.
// Plain SVGs are published, and `static/` (the maintainers' theme) is not looked at.
#[test]
fn files_that_run_script_fail_a_site_without_raw_html() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    site.write("content/misc/evil.html", "<script>alert(1)</script>\n");
    site.write(
        "content/misc/evil.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><circle r=\"4\"/><script>alert(2)</script></svg>\n",
    );
    site.write(
        "content/misc/handler.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"\n     onload = \"alert(3)\"/>\n",
    );
    site.write(
        "content/misc/plain.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>Ops on call</text><path d=\"M0 0\" stroke=\"red\"/></svg>\n",
    );
    site.write("static/widget.html", "<script>theme()</script>\n");
    // Script by other names: a prefix, XHTML's namespace, a DTD's entity, another encoding.
    site.write(
        "content/misc/prefixed.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><svg:script xmlns:svg=\"http://www.w3.org/2000/svg\">alert(1)</svg:script></svg>\n",
    );
    site.write(
        "content/misc/entity.svg",
        "<!DOCTYPE svg [<!ENTITY s \"&#60;script&#62;alert(1)&#60;/script&#62;\">]><svg xmlns=\"http://www.w3.org/2000/svg\">&s;</svg>\n",
    );
    let utf16: Vec<u8> = "\u{feff}<svg><script>alert(1)</script></svg>"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(site.path("content/misc/wide.svg"), utf16).unwrap();
    site.write(
        "content/misc/page.xml",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body><script>alert(1)</script></body></html>\n",
    );
    site.write(
        "content/misc/data.xml",
        "<servers><server name=\"db1\" role=\"primary\"/></servers>\n",
    );
    // What a security review slipped past: a prefix of other letters, XHTML's namespace
    // and a script URL written with character references, an XHTML page by another name, and
    // XML under an extension a server calls `application/xml`.
    site.write(
        "content/misc/letters.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:é=\"http://www.w3.org/2000/svg\"><é:script>alert(1)</é:script></svg>\n",
    );
    site.write(
        "content/misc/referenced.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><h:script xmlns:h=\"http://www.w3.org/1999/xhtm&#108;\">alert(1)</h:script></foreignObject></svg>\n",
    );
    site.write(
        "content/misc/link.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"javascript&#58;alert(1)\"><text>x</text></a></svg>\n",
    );
    site.write(
        "content/misc/tabbed.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><a><set attributeName=\"href\" to=\" java&#x09;script:alert(1)\"/><text>x</text></a></svg>\n",
    );
    site.write(
        "content/misc/page.xhtm",
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>\n",
    );
    site.write(
        "content/misc/flow.xpdl",
        "\u{feff}  <Package xmlns:h=\"http://www.w3.org/1999/xhtml\"><h:script>alert(1)</h:script></Package>\n",
    );
    // What diagram tools export, and XML that runs nothing, are published: a diagram that
    // names JavaScript, draw.io's and Mermaid's labels in XHTML, a BPMN model's script task,
    // a XAML label, data that is no markup.
    site.write(
        "content/misc/stack.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>Frontend (JavaScript: React)</text><desc>JavaScript:ES2022</desc><!-- javascript: note --></svg>\n",
    );
    site.write(
        "content/misc/drawio.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\"><g><switch><foreignObject pointer-events=\"none\" width=\"100%\" height=\"100%\"><div xmlns=\"http://www.w3.org/1999/xhtml\" style=\"display: flex;\"><div style=\"box-sizing: border-box;\"><div>API <b>gateway</b><br/></div></div></div></foreignObject><text x=\"60\" y=\"34\">API gateway</text></switch></g><a xlink:href=\"https://example.com/runbook\"><text>Runbook</text></a></svg>\n",
    );
    site.write(
        "content/misc/order.bpmn",
        "<definitions xmlns=\"http://www.omg.org/spec/BPMN/20100524/MODEL\"><process id=\"p\"><scriptTask id=\"s\" scriptFormat=\"groovy\"><script>x = 1</script></scriptTask></process></definitions>\n",
    );
    site.write(
        "content/misc/panel.xaml",
        "<Window xmlns=\"http://schemas.microsoft.com/winfx/2006/xaml/presentation\"><TextBlock Text=\"JavaScript: runner\"/></Window>\n",
    );
    site.write(
        "content/misc/jobs.xml",
        "<jobs><script>./deploy.sh</script></jobs>\n",
    );
    site.write("content/misc/dump.dat", "plain text, not <markup>\n");
    // Raw HTML allowed: they are the site's, as its pages' scripts are.
    site.check(&[]).expect_code(0);
    site.write(
        "opsbook.yaml",
        &format!("{config}\nmarkdown:\n  allow_html: false\n"),
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let mut flagged: Vec<String> = run
        .diagnostics()
        .iter()
        .filter(|d| d["code"] == "unsafe-file")
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    flagged.sort();
    let flagged_files = [
        "content/misc/entity.svg",
        "content/misc/evil.html",
        "content/misc/evil.svg",
        "content/misc/flow.xpdl",
        "content/misc/handler.svg",
        "content/misc/letters.svg",
        "content/misc/link.svg",
        "content/misc/page.xhtm",
        "content/misc/page.xml",
        "content/misc/prefixed.svg",
        "content/misc/referenced.svg",
        "content/misc/tabbed.svg",
        "content/misc/wide.svg",
    ];
    assert_eq!(flagged, flagged_files);
    site.build(&[]).expect_code(1);
    for file in flagged_files {
        std::fs::remove_file(site.path(file)).unwrap();
    }
    site.build(&[]).expect_code(0);
    assert!(site.read_output("misc/plain.svg").contains("Ops on call"));
}

// Checks that a Markdown link to a `javascript:` or `data:` URL is reported where it is
// written and published pointing nowhere, also with raw HTML turned off.
#[test]
fn links_that_run_code_are_reported_and_not_published() {
    let site = SiteTest::fixture("basic");
    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\nmarkdown:\n  allow_html: false\n",
    );
    site.write(
        "content/misc/trap.md",
        "---\ntitle: Trap\n---\nClick [here](javascript:alert(document.cookie)) or\n\
         [there](&#106;avascript:alert(2)) or [data](data:text/html,<script>x</script>).\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    for at in [
        "content/misc/trap.md:4:7",
        "content/misc/trap.md:5:1",
        "content/misc/trap.md:5:38",
    ] {
        assert!(
            run.stderr.contains(at),
            "no warning at {at}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr.contains("warning[unsafe-link]"),
        "{}",
        run.stderr
    );
    let html = site.read_output("misc/trap/index.html");
    assert_eq!(html.matches("<a href=\"#\">").count(), 3, "{html}");
    for gone in ["javascript:", "data:text"] {
        assert!(!html.contains(gone), "{gone} published: {html}");
    }
}

// Checks that a page or an alias published where opsbook writes a file of its own (a
// generated page such as the owners' directory, the 404 page, the sitemap, the search index,
// or the paths `serve` answers itself) is an error from `check`, as from `build`, which writes nothing: either would otherwise be
// silently overwritten, or fail the build half-way with a system error.
#[test]
fn pages_and_aliases_where_opsbook_writes_its_own_files_are_errors() {
    let site = SiteTest::fixture("basic");
    for folder in ["owners", "tags", "search"] {
        site.write(
            &format!("content/{folder}/_index.md"),
            &format!("---\ntitle: Our {folder}\n---\nText.\n"),
        );
    }
    site.write(
        "content/sitemap.xml.md",
        "---\ntitle: Sitemap\n---\nText.\n",
    );
    site.write(
        "content/misc/moved.md",
        "---\ntitle: Moved\naliases: [/404.html, /pages.json, /search/manifest.json, /__opsbook/state]\n---\nText.\n",
    );
    site.write(
        "content/__opsbook/notes.md",
        "---\ntitle: Notes\n---\nText.\n",
    );
    let expected = [
        "content/owners/_index.md: this page would be published at `/owners/`, where opsbook writes “Owners”",
        "content/tags/_index.md: this page would be published at `/tags/`, where opsbook writes “Tags”",
        "content/search/_index.md: this page would be published at `/search/`, where opsbook writes “the search page”",
        "content/sitemap.xml.md: this page would be published inside `sitemap.xml`, which opsbook writes as a file (the sitemap)",
        "content/misc/moved.md:3:11: alias \"/404.html\" is already taken by the “not found” page",
        "content/misc/moved.md:3:22: alias \"/pages.json\" would be published inside `pages.json`, which opsbook writes as a file (the list of pages)",
        "content/misc/moved.md:3:35: alias \"/search/manifest.json\" would be published inside `search/manifest.json`, which opsbook writes as a file (a file of the search index)",
        "content/misc/moved.md:3:58: alias \"/__opsbook/state\" is under `/__opsbook/`, which `opsbook serve` keeps for itself",
        "content/__opsbook/notes.md: this page would be published under `/__opsbook/`, which `opsbook serve` keeps for itself",
    ];
    for run in [
        site.check(&["--format", "json"]),
        site.build(&["--format", "json"]),
    ] {
        run.expect_code(1);
        let found: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(&run.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
            .iter()
            .filter(|d| d["code"] == "duplicate-url")
            .map(|d| match d["line"].as_u64() {
                Some(0) | None => format!(
                    "{}: {}",
                    d["path"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                ),
                Some(line) => format!(
                    "{}:{line}:{}: {}",
                    d["path"].as_str().unwrap(),
                    d["column"],
                    d["message"].as_str().unwrap()
                ),
            })
            .collect();
        let mut expected: Vec<String> = expected.iter().map(|e| e.to_string()).collect();
        expected.sort();
        let mut found = found;
        found.sort();
        assert_eq!(found, expected);
    }
    assert!(!site.path("public").exists());
}

// Checks that what editors and file managers leave beside a page (backups, autosaves, swap
// files, Windows' Thumbs.db) is not published, and that two tags or two files whose names
// make the same URL are an error rather than one silently replacing the other.
#[test]
fn editor_leftovers_are_not_published_and_names_at_one_url_are_errors() {
    let site = SiteTest::fixture("basic");
    let page = std::fs::read_to_string(site.path("content/tools/pagerduty.md")).unwrap();
    for leftover in [
        "content/tools/pagerduty.md~",
        "content/tools/#pagerduty.md#",
        "content/tools/.pagerduty.md.swp",
        "content/tools/runbook.pdf.crswap",
        "content/tools/pagerduty.md.bak",
        "content/tools/Thumbs.db",
        "content/tools/desktop.ini",
    ] {
        site.write(leftover, &format!("{page}\nSTALE\n"));
    }
    // A file that only ends like a backup is a page's attachment.
    site.write(
        "content/tools/fix.rej",
        "a patch's leftovers, attached on purpose",
    );
    // Emacs' lock beside the page it edits: a link to nothing (it was an `unreadable` error).
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "user@host.1234:1700000000",
        site.path("content/tools/.#pagerduty.md"),
    )
    .unwrap();
    let build = site.build(&[]);
    build.expect_code(0);
    assert!(!build.stderr.contains("unreadable"), "{}", build.stderr);
    let published = tree(&site.path("public"));
    for (path, bytes) in &published {
        assert!(
            !String::from_utf8_lossy(bytes).contains("STALE"),
            "{path} holds an editor's leftover"
        );
    }
    assert!(
        !published
            .keys()
            .any(|p| ["crswap", ".bak", "Thumbs", "desktop"]
                .iter()
                .any(|n| p.contains(n))),
        "{:?}",
        published.keys()
    );
    assert!(
        published.contains_key("tools/fix.rej"),
        "{:?}",
        published.keys()
    );

    // Tags whose names make one URL.
    site.write(
        "content/misc/langs.md",
        "---\ntitle: Languages\ntags: [on-call, \"on call\"]\n---\nText.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "tag \"on-call\" and tag \"on call\" are both published at `/tags/on-call/`\n --> content/misc/langs.md:3:8"
        ),
        "where it is written: {}",
        run.stderr
    );
    // `C++` and `C#` are names of their own (both were `/tags/c/`).
    site.write(
        "content/misc/langs.md",
        "---\ntitle: Languages\ntags: [C++, C#]\n---\nText.\n",
    );
    site.check(&[]).expect_code(0);
    // Names that differ only in case are one tag, under the spelling most pages use.
    site.write(
        "content/misc/langs.md",
        "---\ntitle: Languages\ntags: [Incident]\n---\nText.\n",
    );
    site.write(
        "content/misc/more.md",
        "---\ntitle: More\ntags: [incident, Incident]\n---\nText.\n",
    );
    site.write(
        "content/misc/most.md",
        "---\ntitle: Most\ntags: [INCIDENT, Incident, \"\"]\n---\nText.\n",
    );
    site.build(&[]).expect_code(0);
    let tag = site.read_output("tags/incident/index.html");
    assert!(
        tag.contains("<h1 class=\"doc-title\">Tagged “Incident”</h1>"),
        "{tag}"
    );
    for page in ["Languages", "More", "Most"] {
        assert!(tag.contains(&format!(">{page}</a>")), "{page}: {tag}");
    }
    let more = site.read_output("misc/more/index.html");
    assert_eq!(more.matches("class=\"tag\"").count(), 1, "{more}");
    let most = site.read_output("misc/most/index.html");
    assert_eq!(
        most.matches("class=\"tag\"").count(),
        1,
        "no nameless tag: {most}"
    );
    std::fs::remove_file(site.path("content/misc/more.md")).unwrap();
    std::fs::remove_file(site.path("content/misc/most.md")).unwrap();
    std::fs::remove_file(site.path("content/misc/langs.md")).unwrap();

    // Files keep their names; their folders are published as their pages are.
    site.write("content/tools/x y.png", "space");
    site.write("content/tools/x-y.png", "dash");
    site.build(&[]).expect_code(0);
    assert_eq!(site.read_output("tools/x y.png"), "space");
    assert_eq!(site.read_output("tools/x-y.png"), "dash");
    site.write("content/Team Docs/x.png", "spaced folder");
    site.write("content/team-docs/x.png", "dashed folder");
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "this file and `content/Team Docs/x.png` are both published at `/team-docs/x.png`"
        ),
        "{}",
        run.stderr
    );
}

// Checks that the same input and today give byte-identical output.
#[test]
fn building_twice_gives_identical_bytes() {
    let site = SiteTest::example_site();
    site.build(&[]).expect_code(0);
    let first = tree(&site.path("public"));
    site.build(&[]).expect_code(0);
    let second = tree(&site.path("public"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(bytes == &second[path], "{path} differs between builds");
    }
}

/// The staging and retired folders a build makes beside its output, if any are left.
fn opsbook_folders_beside(site: &SiteTest) -> Vec<String> {
    std::fs::read_dir(&site.root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("opsbook-"))
        .collect()
}

// Checks that a build failing on content, or later on a broken template, leaves the previous
// output exactly as it was.
#[test]
fn failed_build_leaves_previous_output_intact() {
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    let before = tree(&site.path("public"));

    site.write(
        "content/misc/bad.md",
        "---\ntitle: Bad\n---\n[x](nowhere.md)\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("nothing was written"), "{}", run.stderr);
    assert!(
        before == tree(&site.path("public")),
        "output changed after a content error"
    );

    std::fs::remove_file(site.path("content/misc/bad.md")).unwrap();
    site.write("templates/page.html", "{% if %}");
    let run = site.build(&[]);
    run.expect_code(2);
    // Located in the site's own template, like any diagnostic.
    assert!(
        run.stderr.contains("error[template]") && run.stderr.contains("--> templates/page.html:1:"),
        "{}",
        run.stderr
    );
    assert!(
        before == tree(&site.path("public")),
        "output changed after a template error"
    );
    // `check` compiles the site's templates too: the pull request fails, not the merge.
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("error[template]") && run.stderr.contains("--> templates/page.html:1:"),
        "{}",
        run.stderr
    );
    // One that compiles but fails on a page: at its line too, naming the page (it named
    // `page.html:2:4`, which is no file of the site).
    site.write(
        "templates/page.html",
        "<h1>{{ page.title }}</h1>\n<p>{{ page.no_such_field | upper }}</p>\n",
    );
    let run = site.build(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("error[template]")
            && run.stderr.contains("--> templates/page.html:2:")
            && run.stderr.contains("(rendering the page at `/"),
        "{}",
        run.stderr
    );
    assert!(
        before == tree(&site.path("public")),
        "output changed after a template error"
    );
    let leftovers = opsbook_folders_beside(&site);
    assert!(
        leftovers.is_empty(),
        "temporary folders left behind: {leftovers:?}"
    );
}

// Checks that rebuilding over opsbook's own output removes what it no longer writes, and that
// a link someone put into one of its folders is removed without touching what it points to.
#[cfg(unix)]
#[test]
fn rebuilding_replaces_the_output_and_never_follows_links() {
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    site.write("elsewhere/keep.txt", "precious");
    std::os::unix::fs::symlink(site.path("elsewhere"), site.path("public/tools/linked")).unwrap();
    std::os::unix::fs::symlink(
        site.path("elsewhere/keep.txt"),
        site.path("public/linked.txt"),
    )
    .unwrap();
    site.write("public/stale/deep/er/old.html", "old");
    site.write("public/tools/stale/old.html", "old");
    site.build(&[]).expect_code(0);
    assert_eq!(
        std::fs::read_to_string(site.path("elsewhere/keep.txt")).unwrap(),
        "precious"
    );
    for gone in ["public/tools/linked", "public/tools/stale"] {
        assert!(
            std::fs::symlink_metadata(site.path(gone)).is_err(),
            "{gone} is still there"
        );
    }
    // What was put in by hand at the top is the user's, and kept as it is, a link as a link.
    let kept = std::fs::symlink_metadata(site.path("public/linked.txt")).unwrap();
    assert!(kept.file_type().is_symlink());
    assert!(site.path("public/stale/deep/er/old.html").is_file());
    assert!(site.path("public/tools/pagerduty/index.html").is_file());
    let leftovers = opsbook_folders_beside(&site);
    assert!(
        leftovers.is_empty(),
        "previous build left behind: {leftovers:?}"
    );
}

// Checks that an output path that is a symbolic link (a web server's folder linked into the
// site) gets the new build in the folder it points to, the link kept, and nothing the old
// build held left in either place.
#[cfg(unix)]
#[test]
fn building_into_a_link_replaces_the_folder_it_points_to() {
    let site = SiteTest::fixture("basic");
    site.build(&["--out", "served"]).expect_code(0);
    site.write("served/tools/stale.html", "old");
    std::os::unix::fs::symlink(site.path("served"), site.path("public")).unwrap();
    site.build(&[]).expect_code(0);
    let link = std::fs::symlink_metadata(site.path("public")).unwrap();
    assert!(link.file_type().is_symlink(), "the link was replaced");
    assert!(site.path("served/tools/pagerduty/index.html").is_file());
    assert!(!site.path("served/tools/stale.html").exists());
    let leftovers = opsbook_folders_beside(&site);
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");

    std::fs::remove_file(site.path("public")).unwrap();
    std::os::unix::fs::symlink(site.path("nowhere"), site.path("public")).unwrap();
    let run = site.build(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("symbolic link to nothing that exists"),
        "{}",
        run.stderr
    );
}

// Checks that an output folder inside `content/` or `static/` is left out of what the next
// build reads: it would otherwise come back as pages, or copy itself one level deeper.
#[test]
fn an_output_inside_the_sources_is_not_read_back() {
    let site = SiteTest::fixture("basic");
    for out in ["content/public", "./static/out"] {
        site.build(&["--out", out]).expect_code(0);
        let first = tree(&site.path(out));
        let run = site.build(&["--out", out]);
        run.expect_code(0);
        assert!(run.stderr.contains("0 errors"), "{}", run.stderr);
        assert!(first == tree(&site.path(out)), "{out} changed on a rebuild");
        // Nor by `check`, or a build to another folder, which do not know where it went: the
        // mark in it says what it is.
        let summary = |run: crate::support::Run| {
            run.expect_code(0);
            run.stderr.lines().last().unwrap_or("").to_string()
        };
        let with_output = summary(site.check(&[]));
        let elsewhere = site.build(&["--out", "elsewhere"]);
        elsewhere.expect_code(0);
        assert!(
            first == tree(&site.path(out)),
            "the build elsewhere read {out}"
        );
        assert!(!site.path("elsewhere").join(out).exists(), "{out} copied");
        std::fs::remove_dir_all(site.path(out)).unwrap();
        assert_eq!(with_output, summary(site.check(&[])), "check read {out}");
    }
}

// Checks that opsbook never replaces a folder it did not create.
#[test]
fn refuses_to_overwrite_a_folder_it_did_not_create() {
    let site = SiteTest::fixture("basic");
    site.write("mine/notes.txt", "precious");
    let run = site.build(&["--out", "mine"]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("refusing to build into") && run.stderr.contains("`notes.txt`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path("mine/notes.txt")).unwrap(),
        "precious"
    );
    // An empty folder is fine, and so is rebuilding over opsbook's own output.
    std::fs::create_dir(site.path("empty")).unwrap();
    site.build(&["--out", "empty"]).expect_code(0);
    site.build(&["--out", "empty"]).expect_code(0);
    assert!(site.path("empty/index.html").is_file());
}

// Checks that a --base-url that is no address (it goes into every canonical link and the
// sitemap) is refused before anything is built.
#[test]
fn a_base_url_that_is_no_address_is_refused() {
    let site = SiteTest::fixture("basic");
    for bad in ["javascript:alert(1)//", "not a url"] {
        let run = site.build(&["--base-url", bad]);
        run.expect_code(2);
        assert!(
            run.stderr.contains(&format!(
                "--base-url \"{bad}\" cannot be the address the site is published at"
            )),
            "{}",
            run.stderr
        );
    }
    assert!(!site.path("public").exists());
    // An empty one (a CI variable that is not set) keeps opsbook.yaml's, which it wiped.
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    site.write(
        "opsbook.yaml",
        &format!("{config}\nbase_url: https://wiki.example.com/ops/\n"),
    );
    site.build(&["--base-url", ""]).expect_code(0);
    let page = site.read_output("tools/pagerduty/index.html");
    assert!(
        page.contains(
            "<link rel=\"canonical\" href=\"https://wiki.example.com/ops/tools/pagerduty/\">"
        ),
        "{page}"
    );
    // pages.json's base_url joins a page's url without a doubled slash.
    let pages: serde_json::Value = serde_json::from_str(&site.read_output("pages.json")).unwrap();
    assert_eq!(pages["base_url"], "https://wiki.example.com/ops");
    assert_eq!(
        pages["pages"][0]["url"].as_str().unwrap().chars().next(),
        Some('/')
    );
}

// Checks that links stay relative whatever the base URL, while canonical links and the
// sitemap use it, and 404.html (served at any depth) uses the base path.
#[test]
fn works_under_a_base_path() {
    let site = SiteTest::fixture("basic");
    site.build(&["--base-url", "https://intranet.example/wiki/"])
        .expect_code(0);
    let page = site.read_output("tools/pagerduty/index.html");
    assert!(
        page.contains("href=\"https://intranet.example/wiki/tools/pagerduty/\""),
        "canonical link"
    );
    assert!(page.contains("href=\"../../assets/opsbook.css\""));
    let sitemap = site.read_output("sitemap.xml");
    assert!(sitemap.contains("<loc>https://intranet.example/wiki/tools/pagerduty/</loc>"));
    let not_found = site.read_output("404.html");
    assert!(
        not_found.contains("href=\"/wiki/assets/opsbook.css\""),
        "{not_found}"
    );
}

// Checks the generated pages: home, section and kind listings, owner and tag pages.
#[test]
fn generated_pages_exist() {
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    let home = site.read_output("index.html");
    assert!(home.contains("Welcome to the <strong>fixture</strong> wiki"));
    let section = site.read_output("processes/index.html");
    assert!(section.contains("All our processes.") && section.contains("Incidents"));
    let kind = site.read_output("kinds/process/index.html");
    assert!(kind.contains("Incident response"));
    let owner = site.read_output("owners/team-sre/index.html");
    assert!(owner.contains("Incident response") && owner.contains("sre@example.com"));
    let tag = site.read_output("tags/on-call/index.html");
    assert!(tag.contains("Incident response"));
    // An owner's and a tag's page lead back to the directory of them all.
    for (html, directory) in [(&owner, "Owners"), (&tag, "Tags")] {
        let crumbs = &html[html.find("class=\"breadcrumbs\"").unwrap()..];
        let crumbs = &crumbs[..crumbs.find("</nav>").unwrap()];
        assert!(
            crumbs.contains(&format!("<a href=\"../\">{directory}</a>")),
            "{crumbs}"
        );
    }
}

// `build` writes files as they are rendered and `serve` keeps them in memory: both must give
// the same site, including the site's `static/` files replacing the theme's.
#[test]
fn build_writes_what_serve_holds_with_static_overrides() {
    let site = SiteTest::example_site();
    site.write(
        "static/assets/opsbook.css",
        "/* the site's own stylesheet */\n",
    );
    site.write("static/robots.txt", "User-agent: *\n");
    site.build(&[]).expect_code(0);
    let mut written = tree(&site.path("public"));
    written.remove(opsbook::output::MARKER);

    let options = opsbook::SiteOptions {
        root: site.root.clone(),
        today: Some(crate::support::TODAY.parse().unwrap()),
        ..opsbook::SiteOptions::default()
    };
    let (_, output) = opsbook::render_in_memory(&options, &Default::default(), None)
        .unwrap_or_else(|_| panic!("the build runs"));
    let held: std::collections::BTreeMap<String, Vec<u8>> = output
        .expect("the example site builds")
        .files
        .into_iter()
        .map(|f| {
            let bytes = match &f.content {
                opsbook::render::Content::Copy(from) => std::fs::read(from).unwrap(),
                other => other.bytes().unwrap().to_vec(),
            };
            (f.path, bytes)
        })
        .collect();
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        held.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &held {
        assert!(written[path] == *bytes, "{path} differs");
    }
    assert_eq!(
        written["assets/opsbook.css"],
        b"/* the site's own stylesheet */\n"
    );
    assert_eq!(written["robots.txt"], b"User-agent: *\n");
}

// Checks that a page can link to anything opsbook publishes, not only to pages and the files
// beside them: every file a build of the example site wrote (listings and their parts, the
// dashboard, What's new, Tech stack, the feed, sitemap, templates' sources, the theme's and
// `static/`'s files), written as a site-absolute link, passes `check`; a link to an alias goes
// to the page itself; and a link to what is published nowhere is still an error.
#[test]
fn links_to_generated_pages_aliases_and_static_files_resolve() {
    let site = SiteTest::example_site();
    site.write("static/files/handbook.pdf", "%PDF-1.4 handbook");
    site.build(&[]).expect_code(0);
    let written: Vec<String> = tree(&site.path("public"))
        .into_keys()
        // Internals a writer has no reason to link: the search index and sidebar trees.
        .filter(|f| !f.starts_with("search/") || f == "search/index.html")
        .filter(|f| !f.starts_with("assets/nav/") && f != ".opsbook-output" && f != ".nojekyll")
        .collect();
    assert!(written.len() > 100, "{}", written.len());
    let link = |file: &str| match file.strip_suffix("index.html") {
        Some(folder) => format!("/{folder}"),
        None => format!("/{file}"),
    };
    let mut body = String::from("\n\n");
    for file in &written {
        body.push_str(&format!("- [{file}]({})\n", link(file)));
    }
    // The forms a writer uses: relative to the page's folder, with a query or a fragment.
    body.push_str(
        "- [relative](../../reviews/) [query](/search/?q=refund) [tag](../../tags/incident)\n\
         - [alias](/processes/incident-comms/#roles) [alias, relative](../old-release-process/)\n",
    );
    let page = "content/processes/incidents/incident-communication.md";
    let text = std::fs::read_to_string(site.path(page)).unwrap();
    site.write(page, &format!("{text}{body}"));
    let run = site.check(&[]);
    assert!(!run.stderr.contains("error["), "{}", run.stderr);
    run.expect_code(0);

    site.build(&[]).expect_code(0);
    let html = site.read_output("processes/incidents/incident-communication/index.html");
    for href in [
        "href=\"../../../reviews/\"",
        "href=\"../../../files/handbook.pdf\"",
        "href=\"../../../releases.xml\"",
        "href=\"../../../search/?q=refund\"",
        // The alias's page, not its redirect.
        "href=\"./#roles\"",
        "href=\"../../releases/release-management/\"",
    ] {
        assert!(html.contains(href), "{href} not in the page");
    }

    site.write(
        page,
        &format!("{text}\n[gone](/tags/no-such-tag/) [gone too](/files/nothing.pdf)\n"),
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(
        run.stderr.matches("error[broken-link]").count(),
        2,
        "{}",
        run.stderr
    );
}

// Checks that a folder's README.md is its page, as GitHub, GitLab, MkDocs and Docusaurus show
// it (it had been published at `/guides/readme/`, beside a generated listing of the same
// name), that links to it by file or folder land there, and that beside an `_index.md` it is
// left out with a warning (as MkDocs does; it was a duplicate-url error), links to it leading
// to the folder's page.
#[test]
fn a_folders_readme_is_its_page() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/guides/README.md",
        "# Guides\n\nStart with [setup](setup.md).\n",
    );
    site.write(
        "content/guides/setup.md",
        "---\ntitle: Setup\n---\nBack to [the guides](README.md), [again](./) and [[guides]].\n",
    );
    site.build(&[]).expect_code(0);
    let index = site.read_output("guides/index.html");
    assert!(index.contains("<title>Guides · "), "{index}");
    assert!(
        index.contains("Start with <a href=\"setup/\">setup</a>"),
        "{index}"
    );
    assert!(!site.path("public/guides/readme").exists());
    let setup = site.read_output("guides/setup/index.html");
    assert!(setup.matches("href=\"../\"").count() >= 3, "{setup}");

    site.write(
        "content/guides/_index.md",
        "---\ntitle: Guides\n---\nOur guides.\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains(
            "this README is not published: `content/guides/_index.md` is the folder's page"
        ),
        "{}",
        run.stderr
    );
    assert!(
        site.read_output("guides/index.html")
            .contains("Our guides.")
    );
    let setup = site.read_output("guides/setup/index.html");
    assert!(setup.contains("<a href=\"../\">the guides</a>"), "{setup}");
}

// Checks that an `index.md` alone in its folder, with its images beside it (a Hugo or Zola
// "leaf bundle"), is a page of its kind, governed like any other: as its folder's section page
// it had needed no owner or review date, and a migrated site's bundles escaped every check.
// Beside other pages, an `index.md` still introduces its folder.
#[test]
fn an_index_alone_in_its_folder_is_a_page_of_its_own() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/failover/index.md",
        "---\ntitle: Failover\n---\nFollow the map: ![map](map.svg)\n",
    );
    site.write("content/processes/failover/map.svg", "<svg/>");
    site.write(
        "content/processes/guide/index.md",
        "---\ntitle: Guide\n---\nIntro.\n",
    );
    site.write(
        "content/processes/guide/setup.md",
        "---\ntitle: Setup\nowner: ana\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let missing: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "missing-field")
        .map(|d| (d["path"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        missing,
        [
            (
                "content/processes/failover/index.md",
                "`last_reviewed` is required for processes but missing"
            ),
            (
                "content/processes/failover/index.md",
                "`owner` is required for processes but missing"
            ),
        ]
    );

    site.write(
        "content/processes/failover/index.md",
        "---\ntitle: Failover\nowner: ana\nlast_reviewed: 2026-11-01\n---\nFollow the map: ![map](map.svg)\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("processes/failover/index.html");
    for expected in [
        "<body class=\"is-page page-kind-process",
        "<img src=\"map.svg\" alt=\"map\"",
        "<li><a href=\"../../\">Home</a></li><li><a href=\"../\">Processes</a></li>",
        "<span class=\"owner-name\">Ana Lima</span>",
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    assert!(site.path("public/processes/failover/map.svg").is_file());
    let processes = site.read_output("processes/index.html");
    assert!(
        processes.contains("href=\"failover/\">Failover</a>"),
        "{processes}"
    );
    let guide = site.read_output("processes/guide/index.html");
    assert!(guide.contains("is-listing is-section"), "{guide}");
}

// Checks that a site whose pages sit beside its own files (`content_dir: .`) does not publish
// those files: `owners.yaml`, with every owner's email, was copied into the output, as were
// `opsbook.yaml` and `static/` (whose files are published at the root all the same).
#[test]
fn a_site_that_is_its_own_content_folder_keeps_its_files_private() {
    let site = SiteTest::fixture("basic");
    let content = site.path("content");
    for entry in std::fs::read_dir(&content).unwrap() {
        let entry = entry.unwrap();
        std::fs::rename(entry.path(), site.root.join(entry.file_name())).unwrap();
    }
    std::fs::remove_dir(&content).unwrap();
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    site.write("opsbook.yaml", &format!("{config}content_dir: \".\"\n"));
    site.write("static/robots.txt", "User-agent: *\n");
    // A theme template of the site's own, beside the `template` kind's pages.
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block main %}<p>Lost? Ask #help.</p>{% endblock main %}",
    );
    site.build(&[]).expect_code(0);
    assert!(site.path("public/tools/pagerduty/index.html").is_file());
    assert!(
        site.path("public/templates/postmortem/index.html")
            .is_file()
    );
    assert!(site.read_output("404.html").contains("Lost? Ask #help."));
    assert_eq!(site.read_output("robots.txt"), "User-agent: *\n");
    for private in [
        "opsbook.yaml",
        "owners.yaml",
        "static",
        "templates/404.html",
    ] {
        assert!(
            !site.path("public").join(private).exists(),
            "{private} published"
        );
    }
}

// Checks that a rebuild keeps what someone put in the output folder by hand (a `gh-pages`
// worktree's `.git`, a `CNAME`), which it deleted, while what the previous build wrote and
// this one does not (a removed page) goes.
#[test]
fn a_rebuild_keeps_files_put_in_the_output_by_hand() {
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    let public = site.root.join("public");
    std::fs::create_dir_all(public.join(".git")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(public.join("CNAME"), "wiki.example.com\n").unwrap();
    assert!(public.join("releases").is_dir());
    std::fs::remove_dir_all(site.path("content/releases")).unwrap();
    site.build(&[]).expect_code(0);
    assert_eq!(
        std::fs::read_to_string(public.join(".git/HEAD")).unwrap(),
        "ref: refs/heads/gh-pages\n"
    );
    assert!(public.join("CNAME").is_file());
    assert!(
        !public.join("releases").exists(),
        "the removed pages' folder is gone"
    );
    assert!(opsbook_folders_beside(&site).is_empty());
}

// Checks that a folder put in the output by hand is never replaced by one the site starts
// to publish under the same name (the build deleted it without a word): the build fails,
// naming it, and the output stays as it was.
#[test]
fn a_folder_put_in_the_output_by_hand_is_not_replaced_by_the_sites() {
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    let public = site.root.join("public");
    std::fs::create_dir(public.join("team")).unwrap();
    std::fs::write(public.join("team/board-deck.html"), "Q3 board deck").unwrap();
    site.write("static/team/roster.txt", "hi");
    let run = site.build(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("refusing to replace") && run.stderr.contains("publishes `team` there"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(public.join("team/board-deck.html")).unwrap(),
        "Q3 board deck"
    );
    assert!(
        public.join("index.html").is_file(),
        "the previous build stays"
    );
    assert!(opsbook_folders_beside(&site).is_empty());
    // Moved away as the help says, the build goes through and publishes the site's folder.
    std::fs::rename(public.join("team"), site.path("team-by-hand")).unwrap();
    site.build(&[]).expect_code(0);
    assert!(public.join("team/roster.txt").is_file());
}

// Checks the first build into a folder holding only what hosts keep beside a site (a
// gh-pages worktree's `.git`, a `CNAME`): it was refused, with advice to empty the folder,
// which would have deleted the worktree. Anything else there is still refused.
#[test]
fn a_first_build_goes_into_a_gh_pages_worktree_and_keeps_it() {
    let site = SiteTest::fixture("basic");
    site.write("worktree/.git", "gitdir: ../.git/worktrees/gh-pages\n");
    site.write("worktree/CNAME", "wiki.example.com\n");
    site.write("worktree/.nojekyll", "");
    site.build(&["--out", "worktree"]).expect_code(0);
    assert!(site.path("worktree/index.html").is_file());
    for kept in [".git", "CNAME", ".nojekyll"] {
        assert!(site.path("worktree").join(kept).is_file(), "{kept}");
    }
    site.write("other/.git", "gitdir: x\n");
    site.write("other/README.md", "mine");
    let run = site.build(&["--out", "other"]);
    run.expect_code(2);
    assert!(run.stderr.contains("`README.md`"), "{}", run.stderr);
    assert!(!run.stderr.contains("empty this one"), "{}", run.stderr);
}

// Checks an output path through itself (`public/../public`, `public/.`): the build moved
// `public` aside, the path then led nowhere, and no site was left at all.
#[test]
fn an_output_path_through_itself_is_the_folder_it_names() {
    let site = SiteTest::fixture("basic");
    // A first build, with no `public` yet to resolve the path through.
    site.build(&["--out", "public/../public"]).expect_code(0);
    assert!(opsbook_folders_beside(&site).is_empty());
    std::fs::write(site.path("public/CNAME"), "wiki.example.com\n").unwrap();
    for out in ["./public/../public", "public/."] {
        site.build(&["--out", out]).expect_code(0);
        assert!(site.path("public/index.html").is_file(), "{out}");
        assert!(site.path("public/CNAME").is_file(), "{out}");
        assert!(opsbook_folders_beside(&site).is_empty(), "{out}");
    }
}

// Checks that a rebuild keeps the output folder's permissions (a web server's group, the
// setgid bit), which every build reset to the new folder's.
#[cfg(unix)]
#[test]
fn a_rebuild_keeps_the_output_folders_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    let public = site.root.join("public");
    std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o2775)).unwrap();
    // A web server's group, where the test may give it (as root, or a member of another).
    let group = [33, 1, 100]
        .into_iter()
        .find(|&gid| std::os::unix::fs::chown(&public, None, Some(gid)).is_ok());
    site.build(&[]).expect_code(0);
    let meta = std::fs::metadata(&public).unwrap();
    assert_eq!(format!("{:o}", meta.permissions().mode() & 0o7777), "2775");
    if let Some(gid) = group {
        use std::os::unix::fs::MetadataExt;
        assert_eq!(meta.gid(), gid, "the folder keeps its group");
        let page = std::fs::metadata(public.join("index.html")).unwrap();
        assert_eq!(page.gid(), gid, "files made inside take the group (setgid)");
    }
}

// Checks that the build publishes nothing GitHub Pages would leave out: it writes `.nojekyll`
// (Jekyll drops `_notes/`), and a tag's or owner's page never starts with a dot (`.NET` was
// `tags/.net/`, which Jekyll and servers hardened against dotfiles refuse).
#[test]
fn what_github_pages_would_drop_is_not_published_so() {
    let site = SiteTest::fixture("basic");
    let text = std::fs::read_to_string(site.path("content/tools/pagerduty.md")).unwrap();
    site.write(
        "content/tools/pagerduty.md",
        &text.replacen(
            "owner: ana\n",
            "owner: ana\ntags: [\".NET\", _internal]\n",
            1,
        ),
    );
    site.build(&[]).expect_code(0);
    assert!(site.path("public/.nojekyll").is_file());
    for tag in ["net", "internal"] {
        assert!(
            site.path(&format!("public/tags/{tag}/index.html"))
                .is_file(),
            "{tag}"
        );
    }
    assert!(
        site.read_output("tools/pagerduty/index.html")
            .contains("tags/net/")
    );
    // Two owners of owners.yaml at one address, though no page names them yet: `_bot`'s page
    // was replaced by `bot`'s without a word.
    let owners = std::fs::read_to_string(site.path("owners.yaml")).unwrap();
    site.write(
        "owners.yaml",
        &format!("{owners}  _bot:\n    name: Bot Underscore\n  bot:\n    name: Bot Plain\n"),
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("owner \"bot\" and owner \"_bot\" are both published at `/owners/bot/`")
            && run.stderr.contains("--> owners.yaml"),
        "{}",
        run.stderr
    );
}

// Checks what `check` passed and the build then failed on with a bare I/O error: a file
// where a page has its folder (`notes` beside `notes.md`, `static/tools/pagerduty` beside the
// tool's page), and a tag or an alias too long for a file system's names. Each is located at
// its source, and the build stops before writing anything.
#[test]
fn what_the_build_cannot_write_fails_check_at_its_source() {
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    let page = |front: &str| {
        format!(
            "---\ntitle: Notes\nowner: ana\nlast_reviewed: 2026-11-01\n{front}\n---\nSee the notes.\n"
        )
    };
    let long_tag = "проверка-доступа-".repeat(8);
    site.write(
        "content/processes/notes.md",
        &page(&format!("tags: [\"{long_tag}\"]")),
    );
    site.write("content/processes/notes", "raw notes");
    site.write("static/tools/pagerduty", "x");
    // Where the theme's files and an alias's redirect page have their folders.
    site.write("static/assets", "x");
    site.write("static/gone", "x");
    let moved = std::fs::read_to_string(site.path("content/tools/pagerduty.md")).unwrap();
    site.write(
        "content/tools/pagerduty.md",
        &moved.replacen(
            "owner: ana\n",
            "owner: ana\naliases: [/gone/pagerduty/]\n",
            1,
        ),
    );
    let long_alias = format!("/old/{}/", "a".repeat(300));
    site.write(
        "content/processes/moved.md",
        &page(&format!("aliases: [\"{long_alias}\"]")).replace("Notes", "Moved"),
    );
    let run = site.check(&[]);
    run.expect_code(1);
    for expected in [
        "--> content/processes/notes\n",
        "this file would be published at `/processes/notes`, which is the folder of `content/processes/notes.md`",
        "--> static/tools/pagerduty\n",
        "which is the folder of `content/tools/pagerduty.md`",
        "is too long to publish: its page's folder name would be 256 bytes",
        "content/processes/notes.md:5:",
        "is too long to publish: it names a folder of 300 bytes",
        "this file would be published at `/assets`, which is the folder of “the theme's files”",
        "this file would be published at `/gone`, which is the folder of `content/tools/pagerduty.md` (an alias)",
        "content/processes/moved.md:5:",
    ] {
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
    }
    site.build(&[]).expect_code(1);
    assert!(
        site.path("public/index.html").is_file(),
        "the previous build stays"
    );
}

// Checks that a file of `static/` or beside the pages published where opsbook writes its own
// (`pages.json`, the sitemap, the home page, the code's colours, the sidebar's and the search
// index's folders), or where the other writes one, is a located
// error, not a silent replacement, while `static/` still replaces theme files on purpose.
#[test]
fn files_where_opsbook_writes_its_own_are_errors() {
    let site = SiteTest::fixture("basic");
    site.write("content/pages.json", "{}");
    site.write("static/index.html", "<h1>Static home</h1>");
    site.write("static/sitemap.xml", "<urlset/>");
    site.write("static/assets/opsbook.css", "body { color: red; }");
    // In the content folder, a theme file's path is taken by mistake.
    site.write("content/assets/opsbook.js", "alert(1)");
    // The release notes' feed: reported once. (`releases.XML` keeps its name, and is another
    // file.)
    site.write("content/releases.xml", "<feed/>");
    // A file of `static/` where a file beside the pages is published.
    site.write("content/processes/x.pdf", "c");
    site.write("static/processes/x.pdf", "s");
    // What opsbook makes beside the theme: the code's colours, and folders of its own (a
    // file `assets/nav` failed the build with "Is a directory").
    site.write("static/assets/syntax.css", "pre { }");
    site.write("static/assets/nav", "x");
    site.write("static/search/doc", "x");
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("error[duplicate-url]: this file and `content/processes/x.pdf` are both published at `/processes/x.pdf`\n--> static/processes/x.pdf\n"),
        "{}",
        run.stderr
    );
    for (file, what) in [
        (
            "content/releases.xml",
            "`/releases.xml`, where opsbook writes the feed of release notes",
        ),
        (
            "content/pages.json",
            "`/pages.json`, where opsbook writes the list of pages",
        ),
        (
            "static/index.html",
            "`/index.html`, where opsbook writes “the home page”",
        ),
        (
            "static/sitemap.xml",
            "`/sitemap.xml`, where opsbook writes the sitemap",
        ),
        (
            "static/assets/syntax.css",
            "`/assets/syntax.css`, where opsbook writes the code highlighting's colours",
        ),
        (
            "static/assets/nav",
            "`/assets/nav`, which is the folder of “the sidebar's files”",
        ),
        (
            "static/search/doc",
            "`/search/doc`, which is the folder of “the search index”",
        ),
    ] {
        let expected =
            format!("error[duplicate-url]: this file would be published at {what}\n--> {file}\n");
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    assert!(
        run.stderr.contains("error[duplicate-url]: this file would replace the theme's `/assets/opsbook.js`\n--> content/assets/opsbook.js\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("error[duplicate-url]").count(),
        9,
        "{}",
        run.stderr
    );
}

// Checks that raw HTML's links and images (`<img width>` is how an image is sized) are checked
// and point at the published file, whose path may differ from the file's own (`Diagrams/` is
// published as `diagrams/`, as pages are; a file keeps its name): they were left as
// written, broken.
#[test]
fn raw_html_links_and_images_are_checked_and_rewritten() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/tools/Diagrams/Network Map.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/tools/network.md",
        "---\ntitle: Network\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\n\n<img src=\"Diagrams/Network Map.svg\" width=\"400\" alt=\"Map\">\n\n<a href=\"pagerduty.md\">Paging</a> and <img src=\"missing.png\">\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("--> content/tools/network.md:9:49"),
        "the missing image, where it is written:\n{}",
        run.stderr
    );
    site.write(
        "content/tools/network.md",
        "---\ntitle: Network\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\n\n<img src=\"Diagrams/Network Map.svg\" width=\"400\" alt=\"Map\">\n\n<a href=\"pagerduty.md\">Paging</a>\n",
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("tools/network/index.html");
    assert!(
        html.contains("<img src=\"../diagrams/Network%20Map.svg\" width=\"400\" alt=\"Map\">"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"../pagerduty/\">Paging</a>"),
        "{html}"
    );
    assert!(
        site.root
            .join("public/tools/diagrams/Network Map.svg")
            .is_file()
    );
}

// Checks that `ignore` in opsbook.yaml leaves files and folders of the content folder out of
// the site (neither read nor published), and that a pattern that is no glob is a located
// configuration error.
#[test]
fn ignored_content_is_neither_read_nor_published() {
    let site = SiteTest::fixture("basic");
    site.write(
        "opsbook.yaml",
        "title: Fixture Wiki\nignore: [/drafts, \"**/node_modules\", \"**/*.draft.md\"]\n",
    );
    site.write(
        "content/drafts/plan.md",
        "---\ntitle: Plan\nowner: nobody-known\n---\n[x](nowhere.md)\n",
    );
    site.write(
        "content/tools/node_modules/pkg/README.md",
        "# pkg\n[x](gone.md)\n",
    );
    site.write(
        "content/misc/idea.draft.md",
        "---\ntitle: Idea\n---\n[x](gone.md)\n",
    );
    site.write("content/misc/kept.md", "---\ntitle: Kept\n---\nText.\n");
    site.check(&[]).expect_code(0);
    site.build(&[]).expect_code(0);
    let public = site.root.join("public");
    assert!(public.join("misc/kept/index.html").is_file());
    for gone in [
        "drafts",
        "tools/node-modules",
        "tools/node_modules",
        "misc/idea-draft",
        "misc/idea.draft",
    ] {
        assert!(!public.join(gone).exists(), "{gone} is published");
    }

    site.write("opsbook.yaml", "title: Fixture Wiki\nignore: [\"\"]\n");
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(run.stderr.contains("it matches nothing"), "{}", run.stderr);
    site.write(
        "opsbook.yaml",
        "title: Fixture Wiki\nignore: [\"drafts/[abc\"]\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("`ignore` pattern \"drafts/[abc\" cannot be used")
            && run.stderr.contains("--> opsbook.yaml:2:"),
        "{}",
        run.stderr
    );
    // A pattern out of the content folder matched nothing, without a word.
    site.write("opsbook.yaml", "title: Fixture Wiki\nignore: [../theme]\n");
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "`ignore` pattern \"../theme\" cannot be used: it reaches out of the content folder"
        ),
        "{}",
        run.stderr
    );
}

// Checks that with `markdown.mermaid` naming the site's copy of Mermaid's script, a ```mermaid
// block is published for it to draw (its source escaped, as text) and only pages with one load
// the script; that without it the block is code; and that a script the site does not publish,
// or a value that is neither a path nor a web address, is an error at the value.
#[test]
fn mermaid_blocks_are_drawn_by_the_script_the_site_names() {
    let site = SiteTest::fixture("basic");
    let diagram = "```mermaid\nflowchart LR\n  a[\"<b>Saved</b>\"] --> b\n```\n";
    site.write(
        "content/misc/flow.md",
        &format!("---\ntitle: Flow\n---\nHow it goes:\n\n{diagram}"),
    );
    site.write(
        "content/misc/_index.md",
        &format!("---\ntitle: Misc\n---\n{diagram}"),
    );
    site.build(&[]).expect_code(0);
    let plain = site.read_output("misc/flow/index.html");
    assert!(
        plain.contains("<pre class=\"code\" data-lang=\"mermaid\">")
            && !plain.contains("mermaid.min.js"),
        "without markdown.mermaid a diagram is code: {plain}"
    );

    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\nmarkdown:\n  mermaid: /assets/mermaid.min.js\n",
    );
    site.write("static/assets/mermaid.min.js", "window.mermaid = {};\n");
    site.build(&[]).expect_code(0);
    let page = site.read_output("misc/flow/index.html");
    assert!(
        page.contains("<pre class=\"mermaid\">flowchart LR\n  a[&quot;&lt;b&gt;Saved&lt;/b&gt;&quot;] --&gt; b\n</pre>"),
        "{page}"
    );
    assert!(
        page.contains("<script src=\"../../assets/mermaid.min.js\" defer></script>"),
        "{page}"
    );
    let section = site.read_output("misc/index.html");
    assert!(
        section.contains("<script src=\"../assets/mermaid.min.js\" defer></script>"),
        "{section}"
    );
    let other = site.read_output("index.html");
    assert!(
        !other.contains("mermaid"),
        "a page without a diagram loads no script: {other}"
    );
    // What's new shows the release note in full, diagram and all.
    let whats_new = site.read_output("whats-new/index.html");
    assert!(
        !whats_new.contains("mermaid.min.js"),
        "no note has a diagram yet: {whats_new}"
    );
    site.write(
        "content/releases/web-1.0.0.md",
        &format!(
            "---\ntitle: Web app 1.0.0\nversion: 1.0.0\ndate: 2026-10-02\nproduct: Web app\n---\nFirst release.\n\n{diagram}"
        ),
    );
    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\nmarkdown:\n  mermaid: ./assets/mermaid.min.js?v=2\n",
    );
    site.build(&[]).expect_code(0);
    let whats_new = site.read_output("whats-new/index.html");
    assert!(
        whats_new.contains("<script src=\"../assets/mermaid.min.js?v=2\" defer></script>"),
        "{whats_new}"
    );
    // The diagram's source is no text a reader searches for.
    let index = crate::support::tree(&site.path("public/search"));
    for (file, bytes) in &index {
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains("flowchart") && !text.to_lowercase().contains("saved"),
            "{file}: {text}"
        );
    }

    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\nmarkdown:\n  mermaid: https://cdn.example/mermaid@12/dist/mermaid.min.js\n",
    );
    site.build(&[]).expect_code(0);
    assert!(site.read_output("misc/flow/index.html").contains(
        "<script src=\"https://cdn.example/mermaid@12/dist/mermaid.min.js\" defer></script>"
    ));

    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\nmarkdown:\n  mermaid: assets/mermaid.js\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("markdown.mermaid names `assets/mermaid.js`, which is no file of the site")
            && run.stderr.contains("opsbook.yaml:3:12")
            && run.stderr.contains("static/assets/mermaid.js"),
        "{}",
        run.stderr
    );

    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\nmarkdown:\n  mermaid: assets/mermaid.esm.min.mjs\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("is Mermaid's ES module, which pages cannot load as a script")
            && run
                .stderr
                .contains("name `mermaid.min.js` of the same `dist/` folder"),
        "{}",
        run.stderr
    );

    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\nmarkdown:\n  mermaid: \"javascript:alert(1)\"\n",
    );
    let run = site.build(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("is neither a file of the site nor a web address")
            && run.stderr.contains("opsbook.yaml:3:13"),
        "{}",
        run.stderr
    );
}

// Checks that GitHub's emoji shortcodes show as emoji in a page and its table of contents,
// keeping GitHub's heading ids, and that `markdown.emoji: false` leaves them as written.
#[test]
fn emoji_shortcodes_show_as_emoji_unless_turned_off() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/status.md",
        "---\ntitle: Status\n---\n## :rocket: Launch\n\n:warning: Backups are :white_check_mark: daily.\n\n## Other\n",
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("misc/status/index.html");
    assert!(
        html.contains("<h2 id=\"rocket-launch\">🚀 Launch</h2>")
            && html.contains("<p>⚠️ Backups are ✅ daily.</p>")
            && html.contains("href=\"#rocket-launch\">🚀 Launch</a>"),
        "{html}"
    );
    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\nmarkdown:\n  emoji: false\n",
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("misc/status/index.html");
    assert!(
        html.contains("<p>:warning: Backups are :white_check_mark: daily.</p>"),
        "{html}"
    );
}

// Checks that Obsidian's `%%comments%%` are in neither the published page nor the search
// index (a migrated vault published its writers' private notes), and that a lone `%%` is a
// located warning and stays text.
#[test]
fn obsidian_comments_are_not_published() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/vendors.md",
        "---\ntitle: Vendors\n---\nWe renew yearly. %%internal: the contract costs $40k%%\n\n%%\nAsk Dana before the renewal.\n%%\n\nGrowth was 10%% last year. Remember %%to review.\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("content/misc/vendors.md:10:37")
            && run
                .stderr
                .contains("`%%` opens an Obsidian comment that is never closed"),
        "{}",
        run.stderr
    );
    let html = site.read_output("misc/vendors/index.html");
    assert!(
        html.contains("We renew yearly.")
            && html.contains("Growth was 10%% last year. Remember %%to review."),
        "{html}"
    );
    let published = crate::support::tree(&site.path("public"));
    for (file, bytes) in &published {
        let text = String::from_utf8_lossy(bytes).to_lowercase();
        assert!(
            !text.contains("40k") && !text.contains("dana"),
            "a comment published in {file}"
        );
    }
}

// Checks Notion's export layout: a page beside a folder of its name holding its sub-pages
// (`Engineering Wiki 1a2b.md` and `Engineering Wiki 1a2b/`) is that folder's section page, at
// the folder's URL with its listing, and links both ways resolve; the build failed on a
// duplicate URL, with help to rename the file, which broke every link to it.
#[test]
fn a_page_beside_its_folder_is_the_folders_page() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/notion/Engineering Wiki 1a2b.md",
        "# Engineering Wiki\n\nWelcome. See [Incident Response](Engineering%20Wiki%201a2b/Incident%20Response%203f2a.md).\n",
    );
    site.write(
        "content/notion/Engineering Wiki 1a2b/Incident Response 3f2a.md",
        "# Incident Response\n\nPage the commander. Back to [the wiki](../Engineering%20Wiki%201a2b.md).\n",
    );
    site.build(&[]).expect_code(0);
    let section = site.read_output("notion/engineering-wiki-1a2b/index.html");
    assert!(
        section.contains("<h1 class=\"doc-title\">Engineering Wiki")
            && section
                .contains("Welcome. See <a href=\"incident-response-3f2a/\">Incident Response</a>"),
        "{section}"
    );
    // The listing of the folder's pages is on it too.
    assert!(
        section.matches("href=\"incident-response-3f2a/\"").count() >= 2,
        "{section}"
    );
    let page = site.read_output("notion/engineering-wiki-1a2b/incident-response-3f2a/index.html");
    assert!(
        page.contains("Back to <a href=\"../\">the wiki</a>"),
        "{page}"
    );
}

// Checks titles made from file and folder names: a name written with spaces keeps its hyphens
// (`On-call rotation.md` was "On call rotation"), and Notion's ids ending every exported name
// are no part of a title.
#[test]
fn titles_from_names_keep_what_people_wrote() {
    let site = SiteTest::fixture("basic");
    site.write("content/notes/On-call rotation.md", "Weekly.\n");
    site.write(
        "content/Runbooks 3f2a1b9c8d7e4f60a1b2c3d4e5f6a7b8/Failover 0a1b2c3d4e5f60718293a4b5c6d7e8f9.md",
        "Promote the replica.\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("notes/on-call-rotation/index.html");
    assert!(page.contains("<title>On-call rotation · "), "{page}");
    let section = site.read_output("runbooks-3f2a1b9c8d7e4f60a1b2c3d4e5f6a7b8/index.html");
    assert!(
        section.contains("<title>Runbooks · ") && section.contains(">Failover</a>"),
        "{section}"
    );
}

// Checks Notion's callouts (`<aside>` … `</aside>` in its Markdown export): a callout whose
// Markdown is read and whose links are checked (as HTML its `**bold**` and links were text,
// and a broken link passed).
#[test]
fn notion_asides_are_callouts() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/notion.md",
        "---\ntitle: Notion page\n---\n<aside>\n💡 Page the commander **first**. See [Runbook](../kb/Nope.md).\n\n</aside>\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("content/misc/notion.md:5:47")
            && run.stderr.contains("error[broken-link]"),
        "{}",
        run.stderr
    );
    site.write(
        "content/misc/notion.md",
        "---\ntitle: Notion page\n---\n<aside>\n💡 Page the commander **first**. See [the response](../processes/incidents/incident-response.md).\n\n</aside>\n",
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("misc/notion/index.html");
    assert!(
        html.contains("callout-note")
            && html.contains("<strong>first</strong>")
            && html.contains(
                "<a href=\"../../processes/incidents/incident-response/\">the response</a>"
            ),
        "{html}"
    );
}

// Checks that a site's template can build on the theme's of the same name: `templates/base.html`
// extending `theme/base.html` changes the footer and adds to the head, and every page keeps
// the rest of the theme; the first thing Jinja's users try, extending `base.html` from
// `base.html`, is an error at its line that says so (it was a circular chain naming
// `404.html`, unlocated); a byte order mark before `{% extends %}` is no text; a block left
// open is an error where it opens.
#[test]
fn a_site_template_builds_on_the_themes_of_its_name() {
    let site = SiteTest::fixture("basic");
    site.write(
        "templates/base.html",
        "\u{feff}{% extends \"theme/base.html\" %}\n{% block head %}{{ super() }}<link rel=\"stylesheet\" href=\"{{ root }}brand.css\">{% endblock head %}\n{% block footer %}<p><a href=\"https://status.example/\">Status</a></p>{% endblock footer %}\n",
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("tools/pagerduty/index.html");
    assert!(
        html.starts_with("<!doctype html>")
            && html.contains("<a href=\"https://status.example/\">Status</a>")
            && html.contains("brand.css\">")
            && html.contains("assets/opsbook.css")
            && html.contains("<h1")
            && !html.contains("built "),
        "{html}"
    );
    site.write(
        "templates/base.html",
        "<!-- brand -->\n{% extends \"base.html\" %}\n{% block footer %}x{% endblock footer %}\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error[template]: `base.html` extends itself")
            && run.stderr.contains("--> templates/base.html:2:1")
            && run.stderr.contains("extend `theme/base.html`"),
        "{}",
        run.stderr
    );
    // A block left open is named where it opens (it was "Unknown tag" at the `endblock`).
    std::fs::remove_file(site.path("templates/base.html")).unwrap();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if page.summary %}<p>x</p>{% endif %}\n{% for t in page.tags %}{{ t }}\n{% endblock main %}\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "error[template]: `{% for %}` on line 4 is never closed: `{% endblock %}` comes first"
        ) && run.stderr.contains("--> templates/page.html:4:1")
            && run.stderr.contains("help: close it with `{% endfor %}`"),
        "{}",
        run.stderr
    );
    // `{% set x %}…{% endset %}` after it is a block of its own, closed: the theme's page.html
    // has four (the `{% if %}` was not found, and the error stayed at the `endblock`).
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if page.summary %}<p>x\n{% set when %}<b>now</b>{% endset %}{% set n = 1 %}{{ when }}\n{% endblock main %}\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "error[template]: `{% if %}` on line 3 is never closed: `{% endblock %}` comes first"
        ) && run.stderr.contains("--> templates/page.html:3:1"),
        "{}",
        run.stderr
    );
    // One left open to the end of the file (it was "Unexpected end of input" there).
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<p>{{ page.title }}</p>\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error[template]: `{% block %}` on line 2 is never closed")
            && run.stderr.contains("--> templates/page.html:2:1")
            && run.stderr.contains("help: close it with `{% endblock %}`"),
        "{}",
        run.stderr
    );
}

// Checks that pages whose names part inside a character (`Änderungen` and `Übergabe` share
// the first byte of `Ä` and `Ü`, `障害` and `運用` theirs) build, linked both ways: the
// relative address between them was cut inside the character, and the build panicked where
// `check` had passed.
#[test]
fn pages_whose_names_part_inside_a_character_build() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/prozesse/Änderungen.md",
        "---\ntitle: Änderungen\n---\nSiehe [Übergabe](Übergabe.md).\n",
    );
    site.write(
        "content/prozesse/Übergabe.md",
        "---\ntitle: Übergabe\n---\nSiehe [Änderungen](Änderungen.md).\n",
    );
    site.write(
        "content/障害対応.md",
        "---\ntitle: 障害対応\n---\n[運用](運用手順.md)\n",
    );
    site.write(
        "content/運用手順.md",
        "---\ntitle: 運用手順\n---\n[障害](障害対応.md)\n",
    );
    site.check(&[]).expect_code(0);
    site.build(&["--base-url", "https://wiki.example/"])
        .expect_code(0);
    let html = site.read_output("prozesse/änderungen/index.html");
    assert!(
        html.contains("<a href=\"../%C3%BCbergabe/\">Übergabe</a>"),
        "{html}"
    );
    let html = site.read_output("障害対応/index.html");
    assert!(
        html.contains("<a href=\"../%E9%81%8B%E7%94%A8%E6%89%8B%E9%A0%86/\">運用</a>"),
        "{html}"
    );
    // A sitemap's addresses are escaped (RFC 3986), as crawlers read them.
    let sitemap = site.read_output("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://wiki.example/prozesse/%C3%A4nderungen/</loc>")
            && !sitemap.contains("änderungen"),
        "{sitemap}"
    );
}

// Checks text that once cut a character in two, each of which panicked `check`, `build` and a
// running `serve`: a `%` before a letter of two bytes in a link, a non-breaking space before
// Obsidian's `%%`, a Hugo shortcode's marks sharing a `%` (`{{%}}`), a letter of two bytes
// before `=` in an HTML block.
#[test]
fn text_that_cut_a_character_in_two_is_read() {
    let site = SiteTest::fixture("basic");
    site.write("content/misc/percent.md", "---\ntitle: A\n---\n[x](%aé)\n");
    site.write("content/misc/nbsp.md", "---\ntitle: B\n---\na\u{a0}%%x%%\n");
    site.write(
        "content/misc/notice.md",
        "---\ntitle: C\n---\nnotice\n\n{{%}}\n",
    );
    site.write(
        "content/misc/attr.md",
        "---\ntitle: D\n---\n<div>Größe=5</div>\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let errors: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(errors, ["content/misc/percent.md"], "{json}");
    std::fs::remove_file(site.path("content/misc/percent.md")).unwrap();
    site.build(&[]).expect_code(0);
    assert!(site.read_output("misc/attr/index.html").contains("Größe=5"));
}

// Checks that titles and tags are listed as readers look for them, case and accents aside:
// by code point `Änderung` and `Łańcuch` came after `Zugang`, and on the tags page `oncall`
// after every capital.
#[test]
fn titles_and_tags_are_listed_case_and_accents_aside() {
    let site = SiteTest::fixture("basic");
    for title in [
        "Zugang",
        "Änderung",
        "Ablauf",
        "Łańcuch",
        "oncall-Liste",
        "Ende",
    ] {
        site.write(
            &format!("content/prozesse/{}.md", title.to_lowercase()),
            &format!("---\ntitle: {title}\ntags: [\"{title}\"]\n---\nText.\n"),
        );
    }
    site.build(&[]).expect_code(0);
    let order = |html: &str| -> Vec<usize> {
        [
            "Ablauf",
            "Änderung",
            "Ende",
            "Łańcuch",
            "oncall-Liste",
            "Zugang",
        ]
        .iter()
        .map(|t| {
            html.find(&format!(">{t}<"))
                .unwrap_or_else(|| panic!("{t}: {html}"))
        })
        .collect()
    };
    for listing in ["prozesse/index.html", "tags/index.html"] {
        let at = order(&site.read_output(listing));
        assert!(at.is_sorted(), "{listing}: {at:?}");
    }
}

// Checks that a site written right to left is laid out so (`language: ar` gave `lang="ar"`
// alone, and Arabic ran left to right), and that in a left-to-right wiki of several
// languages a page's title and text take their direction from their own words.
#[test]
fn a_right_to_left_site_is_laid_out_so() {
    let site = SiteTest::fixture("basic");
    site.write("opsbook.yaml", "title: T\nlanguage: ar\n");
    site.build(&[]).expect_code(0);
    let home = site.read_output("index.html");
    assert!(home.contains("<html lang=\"ar\" dir=\"rtl\">"), "{home}");
    // A page follows the site: the theme's English banners are not its text's direction.
    let page = site.read_output("tools/pagerduty/index.html");
    assert!(!page.contains("dir=\"auto\""), "{page}");
    // A tooltip's date reads left to right among Arabic words (it showed 05-04-2026): a
    // tooltip cannot hold the <time> the stylesheet isolates, so the date is isolated there.
    assert!(
        page.contains("\u{2066}2026-04-05\u{2069}\"><span class=\"icon review-icon\""),
        "{page}"
    );
    site.write("opsbook.yaml", "title: T\nlanguage: en-GB\n");
    site.build(&[]).expect_code(0);
    let page = site.read_output("tools/pagerduty/index.html");
    assert!(
        page.contains("<html lang=\"en-GB\">")
            && page.contains("<h1 class=\"doc-title\" dir=\"auto\">")
            && page.contains("<div class=\"prose\" dir=\"auto\">"),
        "{page}"
    );
}

// Checks that names typed on macOS (its file names decompose `ö` into `o` and a mark) and
// elsewhere agree: a page's address, a heading's id and a link to it, a tag; that marks no
// letter composes with stay in ids as GitHub keeps them; and that tags of symbols alone
// (`🚨`, `🔥`) have pages of their own (both were at `/tags/page/`).
#[test]
fn names_typed_on_macos_and_elsewhere_agree() {
    let site = SiteTest::fixture("basic");
    let nfd = "Sto\u{308}rungsmeldung";
    site.write(
        &format!("content/prozesse/{nfd}.md"),
        "---\ntitle: Meldung\ntags: [\"Pru\u{308}fung\", \"🚨\"]\n---\n## Maßnahmen pru\u{308}fen\n\nText.\n\n## जाँच\n\nText.\n",
    );
    site.write(
        "content/prozesse/ablauf.md",
        "---\ntitle: Ablauf\ntags: [Prüfung, \"🔥\"]\n---\n[Schritte](Störungsmeldung.md#maßnahmen-prüfen), [[Meldung#Maßnahmen prüfen]], [जाँच](Störungsmeldung.md#जाँच).\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("prozesse/störungsmeldung/index.html");
    assert!(
        page.contains("id=\"maßnahmen-prüfen\"") && page.contains("id=\"जाँच\""),
        "{page}"
    );
    let tags = site.read_output("tags/index.html");
    assert_eq!(tags.matches(">Prüfung<").count(), 1, "{tags}");
    assert!(
        site.path("public/tags/u1f6a8/index.html").exists()
            && site.path("public/tags/u1f525/index.html").exists(),
        "{tags}"
    );
}

// Checks Markdown from GitLab, Jekyll and Azure DevOps: GitLab's multi-line quote (`>>>` …
// `>>>`) is a quote (it was three empty quotes and the text run into one), kramdown's
// attribute lists and Azure's image sizes, which show as text, are warnings with what to
// write.
#[test]
fn gitlab_quotes_kramdown_attributes_and_azure_image_sizes() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/incidents/other.md",
        "---\ntitle: Other tools\nowner: ana\nlast_reviewed: 2026-11-01\n---\n>>>\nQuoted from **GitLab**,\n\nin two paragraphs.\n>>>\n\nA paragraph.\n{: .warning}\n\n![ladder](ladder.svg =300x)\n",
    );
    let run = site.build(&["--format", "json"]);
    run.expect_code(0);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let found: Vec<(u64, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "content/processes/incidents/other.md")
        .map(|d| (d["line"].as_u64().unwrap(), d["help"].as_str().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (
                13,
                "remove it; for a callout, write `> [!NOTE]` on the line above the paragraph and `> ` before each of its lines"
            ),
            (
                15,
                "write `![ladder](ladder.svg)` for its own size, or `<img src=\"ladder.svg\" width=\"300\">`"
            ),
        ]
    );
    let html = site.read_output("processes/incidents/other/index.html");
    assert!(
        html.contains("<blockquote>\n<p>Quoted from <strong>GitLab</strong>,</p>\n<p>in two paragraphs.</p>\n</blockquote>"),
        "{html}"
    );
}

// Checks Obsidian's highlights (`==text==`): marked on the page, on a site that refuses raw
// HTML too (they were text with the `==` left in).
#[test]
fn highlights_are_marked() {
    let site = SiteTest::fixture("basic");
    site.write(
        "opsbook.yaml",
        "title: Ops\nmarkdown:\n  allow_html: false\n",
    );
    site.write(
        "content/misc/drain.md",
        "---\ntitle: Drain\n---\nTake ==**every** backup first==, then check x==1 and <b>this</b>.\n",
    );
    site.build(&[]).expect_code(0);
    let html = site.read_output("misc/drain/index.html");
    assert!(
        html.contains("<p>Take <mark><strong>every</strong> backup first</mark>, then check x==1 and &lt;b&gt;this&lt;/b&gt;.</p>"),
        "{html}"
    );
}

// Checks that a GitBook space keeps its images, which GitBook keeps in `.gitbook/assets/`
// (they were left out as a hidden folder, and every image was a broken link pointing at a
// file that exists), published without the dot that static hosts leave out; and that its
// `SUMMARY.md`, the table of contents, is not published as a page.
#[test]
fn gitbook_spaces_keep_their_images_and_not_their_summary() {
    let site = SiteTest::fixture("basic");
    site.write("content/.gitbook/assets/image.png", "PNG");
    site.write("content/.gitbook.yaml", "root: ./\n");
    site.write(
        "content/misc/guide.md",
        "---\ntitle: Guide\n---\n![Flow](../.gitbook/assets/image.png)\n",
    );
    site.write(
        "content/SUMMARY.md",
        "# Table of contents\n\n* [Guide](misc/guide.md)\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    // Read for the order it gives the pages (see scaffold.rs), not published, without a word.
    assert!(!run.stderr.contains("SUMMARY"), "{}", run.stderr);
    assert_eq!(site.read_output("gitbook/assets/image.png"), "PNG");
    assert!(!site.path("public/.gitbook").exists() && !site.path("public/.gitbook.yaml").exists());
    assert!(!site.path("public/summary").exists());
    let page = site.read_output("misc/guide/index.html");
    assert!(
        page.contains("<img src=\"../../gitbook/assets/image.png\" alt=\"Flow\""),
        "{page}"
    );
}

// Checks that a GitHub wiki's `_Sidebar.md` and `_Footer.md` are not published as pages (they
// were in every "Linked from" list and first in the reading order), with a warning saying so,
// which `ignore:` silences.
#[test]
fn github_wiki_sidebar_and_footer_are_not_pages() {
    let site = SiteTest::fixture("basic");
    site.write("content/_Sidebar.md", "- [[Incident response]]\n");
    site.write("content/processes/_Footer.md", "Questions? Ask in #sre.\n");
    let run = site.build(&[]);
    run.expect_code(0);
    for file in ["content/_Sidebar.md", "content/processes/_Footer.md"] {
        assert!(
            run.stderr.contains(file)
                && run
                    .stderr
                    .contains("which opsbook makes itself: it is not published"),
            "{file}: {}",
            run.stderr
        );
    }
    assert!(
        !site.path("public/_sidebar").exists() && !site.path("public/processes/_footer").exists()
    );
    let page = site.read_output("processes/incidents/incident-response/index.html");
    assert!(
        !page.contains("_sidebar") && !page.contains("Sidebar"),
        "{page}"
    );
    site.write(
        "opsbook.yaml",
        "title: \"Fixture Wiki\"\nignore: [\"**/_Sidebar.md\", \"**/_Footer.md\"]\n",
    );
    let run = site.build(&[]);
    assert!(!run.stderr.contains("GitHub wiki"), "{}", run.stderr);
}

// Checks that a page beside a folder of its name stays governed as the page it was written
// as: a process's owner is required whether the folder makes it a section page or not, and
// a folder of drafts makes no section (a process without its owner passed `check`, and the
// page turned into an empty listing).
#[test]
fn a_page_beside_its_folder_keeps_its_kinds_rules() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/processes/deploy.md",
        "---\ntitle: Deploy\nlast_reviewed: 2026-11-01\n---\nDeploy process.\n",
    );
    let draft =
        "---\ntitle: WIP\nstatus: draft\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\nwip\n";
    site.write("content/processes/deploy/wip.md", draft);
    let missing_owner = |run: &crate::support::Run| {
        run.stderr.contains("content/processes/deploy.md")
            && run
                .stderr
                .contains("`owner` is required for processes but missing")
    };
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(missing_owner(&run), "{}", run.stderr);
    site.write(
        "content/processes/deploy.md",
        "---\ntitle: Deploy\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\nDeploy process.\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("processes/deploy/index.html");
    assert!(
        page.contains("Deploy process.") && !page.contains("class=\"listing\""),
        "{page}"
    );
    // Published, the folder's page makes it a section, whose page still needs its owner.
    site.write(
        "content/processes/deploy/wip.md",
        &draft.replace("status: draft\n", ""),
    );
    site.write(
        "content/processes/deploy.md",
        "---\ntitle: Deploy\nlast_reviewed: 2026-11-01\n---\nDeploy process.\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(missing_owner(&run), "{}", run.stderr);
}

// Checks that a weight may be a decimal, as Docusaurus's `sidebar_position: 2.5` is (mapped
// to `weight`), and sorts between its neighbours: it failed the build as "not a whole
// number".
#[test]
fn decimal_weights_sort_between_whole_ones() {
    let site = SiteTest::fixture("basic");
    site.write(
        "opsbook.yaml",
        "title: X\nfield_map:\n  sidebar_position: weight\n",
    );
    for (name, position) in [("alpha", "3"), ("beta", "2.5"), ("gamma", "2")] {
        site.write(
            &format!("content/misc/order/{name}.md"),
            &format!("---\ntitle: {name}\nsidebar_position: {position}\n---\n{name}\n"),
        );
    }
    site.build(&[]).expect_code(0);
    let listing = site.read_output("misc/order/index.html");
    let at = |name: &str| listing.find(&format!(">{name}<")).unwrap();
    assert!(
        at("gamma") < at("beta") && at("beta") < at("alpha"),
        "{listing}"
    );
}

// Checks that Docusaurus's `_category_.json` (and `.yml`) names, describes and places its
// folder, as a folder's `_index.md` would, and is not published as a file (its label was dropped, the
// folder shown as "How to", and the file published raw); one that cannot be read is warned.
#[test]
fn docusaurus_category_files_name_and_place_their_folders() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/how-to/_category_.json",
        "{\"label\": \"Runbooks & How-tos\", \"position\": 2, \"link\": {\"type\": \"generated-index\", \"description\": \"Everything for your first week.\"}}",
    );
    site.write(
        "content/misc/how-to/restart.md",
        "---\ntitle: Restart\n---\nText.\n",
    );
    site.write(
        "content/misc/zebra/_category_.yml",
        "label: Early\nposition: 1\n",
    );
    site.write(
        "content/misc/zebra/first.md",
        "---\ntitle: First\n---\nText.\n",
    );
    site.write("content/misc/broken/_category_.json", "{\"label\": ");
    site.write(
        "content/misc/broken/page.md",
        "---\ntitle: Page\n---\nText.\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    assert!(
        run.stderr
            .contains("cannot read Docusaurus's folder settings")
            && run.stderr.contains("content/misc/broken/_category_.json"),
        "{}",
        run.stderr
    );
    let listing = site.read_output("misc/how-to/index.html");
    assert!(listing.contains("Runbooks &amp; How-tos"), "{listing}");
    // Its description is the folder's summary, on its listing and its card (it was dropped).
    assert!(
        listing.contains("<p class=\"lead\">Everything for your first week.</p>"),
        "{listing}"
    );
    assert!(!site.path("public/misc/how-to/_category_.json").exists());
    let misc = site.read_output("misc/index.html");
    let at = |title: &str| {
        misc.find(title)
            .unwrap_or_else(|| panic!("{title}: {misc}"))
    };
    assert!(at(">Early<") < at(">Runbooks &amp; How-tos<"), "{misc}");
    assert!(
        misc.contains("<span class=\"card-summary\">Everything for your first week.</span>"),
        "{misc}"
    );
}

// Checks a kind's own fields as a reader sees them: a `url` field is a link to its address, an
// `owner` field a link to the owner's page and a `page` field a link to the page, by its title
// (all were text to copy); the page named lists the page naming it; other values stay text.
#[test]
fn a_kinds_url_owner_and_page_fields_are_links() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    site.write(
        "opsbook.yaml",
        &format!(
            "{config}\nkinds:\n  policy:\n    folder: policies\n    fields:\n      runbook: {{type: url, label: Runbook}}\n      approver: {{type: owner}}\n      severity: {{type: enum, values: [low, high]}}\n      supersedes: {{type: pages}}\n"
        ),
    );
    site.write(
        "content/policies/access.md",
        "---\ntitle: Access\nowner: ana\nlast_reviewed: 2026-11-01\nrunbook: https://runbooks.example/access?x=1&y=2\napprover: team-sre\nseverity: high\nsupersedes: [policies/old-access, policies/older-access.md]\n---\nText.\n",
    );
    for (file, title) in [
        ("old-access", "Old access"),
        ("older-access", "Older access"),
    ] {
        site.write(
            &format!("content/policies/{file}.md"),
            &format!("---\ntitle: {title}\nowner: ana\nlast_reviewed: 2026-11-01\n---\nText.\n"),
        );
    }
    site.build(&[]).expect_code(0);
    let html = site.read_output("policies/access/index.html");
    assert!(
        html.contains("<a href=\"https://runbooks.example/access?x=1&amp;y=2\">https://runbooks.example/access?x=1&amp;y=2</a>"),
        "{html}"
    );
    assert!(
        html.contains("<a href=\"../../owners/team-sre/\">Site Reliability</a>"),
        "{html}"
    );
    assert!(html.contains("<dd>high</dd>"), "{html}");
    assert!(
        html.contains("<dd><a href=\"../old-access/\">Old access</a>, <a href=\"../older-access/\">Older access</a></dd>"),
        "{html}"
    );
    let old = site.read_output("policies/old-access/index.html");
    let linked_from = &old[old.find("Linked from").expect("a Linked from list")..];
    assert!(linked_from.contains(">Access</a>"), "{old}");
}

// Checks that `translations:` in opsbook.yaml changes the theme's words where a reader sees
// them: in the pages (a kind's name, a counted label by its plural form, the search box), in
// the words the scripts read, and in generated titles; and that the rest stays English.
#[test]
fn translations_change_the_theme_s_words() {
    let site = SiteTest::fixture("basic");
    site.write(
        "opsbook.yaml",
        "title: T\nrepo_url: https://github.com/acme/wiki\ntranslations:\n  kind_tool: Runbook tool\n  owners_label: { one: Keeper, other: Keepers }\n  search: Find\n  edit_this_page: \"Propose a change <now>\"\n  tech_stack: Our tools\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("tools/pagerduty/index.html");
    assert!(page.contains(">Runbook tool</a>"), "{page}");
    assert!(
        page.contains("<span class=\"meta-label\">Keeper</span>"),
        "{page}"
    );
    assert!(page.contains("placeholder=\"Find\""), "{page}");
    assert!(
        page.contains(">Propose a change &lt;now&gt;</a>"),
        "escaped: {page}"
    );
    assert!(
        page.contains(">Our tools</a>"),
        "the site's link to the tech stack: {page}"
    );
    assert!(
        page.contains(">On this page</h2>"),
        "the rest stays English: {page}"
    );
    let stack = site.read_output("tech-stack/index.html");
    assert!(stack.contains("<title>Our tools · T</title>"), "{stack}");
    let script = site.read_output("assets/i18n.js");
    assert!(
        script.contains("\"search\":\"Find\"")
            && script.contains("\"owners_label\":{\"one\":\"Keeper\",\"other\":\"Keepers\"}")
            && script.contains("\"lang\":\"en\""),
        "{script}"
    );
}

// Checks that mistakes in `translations:` are reported where they are written: a misspelt
// word (a warning with the word meant), forms that are no plural forms, and a placeholder
// nothing fills (errors, with the placeholders the word has).
#[test]
fn translation_mistakes_are_reported_where_written() {
    let site = SiteTest::fixture("basic");
    site.write("opsbook.yaml", "title: T\ntranslations:\n  serach: Suche\n");
    let run = site.check(&[]);
    assert!(
        run.stderr.contains("warning[unknown-field]: `translations` has `serach`, a word no template uses\n --> opsbook.yaml:3:3")
            && run.stderr.contains("did you mean `search`?"),
        "{}",
        run.stderr
    );
    // A word the site's own template uses is no mistake.
    site.write("templates/404.html", "{% extends \"theme/404.html\" %}{% block main %}{{ t(key=\"serach\") }}{% endblock main %}");
    let run = site.build(&[]);
    assert!(!run.stderr.contains("serach"), "{}", run.stderr);
    assert!(site.read_output("404.html").contains("Suche"));
    site.write(
        "opsbook.yaml",
        "title: T\ntranslations:\n  days: { one: \"{n} Tag\", some: \"{n} Tage\" }\n  review_by: \"Bis {datum}\"\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("`days` has a form `some`, which is no plural form\n --> opsbook.yaml:3:3"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "`review_by` has a placeholder `{datum}` nothing fills\n --> opsbook.yaml:4:3"
        ) && run.stderr.contains("its placeholders are {date}"),
        "{}",
        run.stderr
    );
}

// Checks that a wiki in German (its region's tag, `de-AT`) reads German where the theme
// speaks, counts by German's plural forms, and names the built-in kinds in German; and that
// Polish counts with its own forms (1 dzień, 2 dni, 5 dni, 22 dni).
#[test]
fn the_theme_speaks_the_wiki_s_language() {
    let site = SiteTest::fixture("basic");
    site.write("opsbook.yaml", "title: T\nlanguage: de-AT\n");
    // Its review falls due on 2026-12-01.
    site.write(
        "content/tools/vault.md",
        "---\ntitle: Vault\nowner: ana\nlast_reviewed: 2026-11-01\nreview_every: 30d\ntool: Vault\n---\n\nSecrets.\n",
    );
    site.run(&["build", ".", "--today", "2026-12-02"])
        .expect_code(0);
    let page = site.read_output("tools/vault/index.html");
    assert!(page.contains("<html lang=\"de-AT\">"), "{page}");
    assert!(page.contains("placeholder=\"Suche\""), "{page}");
    assert!(
        page.contains(">Tool-Anleitung</a>"),
        "the kind's name: {page}"
    );
    assert!(page.contains("Überprüfung seit 1 Tag überfällig"), "{page}");
    assert!(!page.contains("Review"), "no English word left: {page}");
    site.run(&["build", ".", "--today", "2026-12-03"])
        .expect_code(0);
    let page = site.read_output("tools/vault/index.html");
    assert!(
        page.contains("Überprüfung seit 2 Tagen überfällig"),
        "{page}"
    );
    // The banner's phone form: "… · fällig am 2026-12-01." after the date, where the
    // sentence says "… am 2026-12-01 fällig.": no space before the full stop on a phone.
    assert!(
        page.contains("</time><span class=\"banner-long\"> fällig.</span><span class=\"banner-short\" data-short=\".\"></span>"),
        "{page}"
    );
    let listing = site.read_output("kinds/tool/index.html");
    assert!(
        listing.contains("<h1 class=\"doc-title\">Alle Tool-Anleitungen</h1>"),
        "{listing}"
    );
    // The words opsbook writes into a page's text: callouts' titles, checkboxes' and
    // footnotes' labels.
    site.write(
        "content/tools/vault.md",
        "---\ntitle: Vault\nowner: ana\nlast_reviewed: 2026-11-01\nreview_every: 30d\ntool: Vault\n---\n\n> [!NOTE]\n> Secrets.\n\n!!! danger\n    Rotate.\n\n!!! danger \"Keys first\"\n    Rotate.\n\n- [x] rotated\n- [ ] audited\n\nText[^1].\n\n[^1]: A note.\n",
    );
    site.run(&["build", ".", "--today", "2026-12-02"])
        .expect_code(0);
    let page = site.read_output("tools/vault/index.html");
    for words in [
        "<p class=\"callout-title\">Hinweis</p>",
        "<p class=\"callout-title\">Gefahr</p>",
        "<p class=\"callout-title\">Keys first</p>",
        "aria-label=\"Erledigt\"",
        "aria-label=\"Nicht erledigt\"",
        "aria-label=\"Zurück zum Verweis 1\"",
    ] {
        assert!(page.contains(words), "{words}: {page}");
    }
    let script = site.read_output("assets/i18n.js");
    assert!(
        script.contains("\"lang\":\"de-AT\"") && script.contains("\"search\":\"Suche\""),
        "{script}"
    );

    site.write("opsbook.yaml", "title: T\nlanguage: pl\n");
    for (today, days) in [
        ("2026-12-02", "1 dzień"),
        ("2026-12-03", "2 dni"),
        ("2026-12-06", "5 dni"),
        ("2026-12-23", "22 dni"),
    ] {
        site.run(&["build", ".", "--today", today]).expect_code(0);
        let page = site.read_output("tools/vault/index.html");
        assert!(
            page.contains(&format!("Przegląd opóźniony o {days}")),
            "{today}: {page}"
        );
    }
}

// Checks the mistakes of `language:` and `translations:` a maintainer makes, each an error at
// its own line (a word of `translations:` named like a key of the configuration, `review:`,
// is found under `translations:`): a tag written with `_` (browsers refuse it, and the
// theme's script stopped), a number where a word belongs, an empty word, a brace that opens
// no placeholder, a phone form whose placeholders are not its sentence's; and a word a
// site's template asks for that nothing has, which `check` reports as `build` would fail.
#[test]
fn language_and_word_mistakes_are_errors_where_written() {
    let site = SiteTest::fixture("basic");
    site.write("opsbook.yaml", "title: T\nlanguage: en_US\n");
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr.contains(
            "error[config]: `language` \"en_US\" is no language tag\n --> opsbook.yaml:2:1"
        ) && run.stderr.contains("write `en-US`"),
        "{}",
        run.stderr
    );
    site.write(
        "opsbook.yaml",
        "title: T\nreview:\n  due_soon_days: 10\ntranslations:\n  review: {one: Check, other: Checks}\n  edit_this_page: \"\"\n  reviewed_next_by: \"Reviewed { reviewed } · next by {due}\"\n  banner_owners_short: \"{date}: {owners}\"\n",
    );
    let run = site.check(&[]);
    run.expect_code(2);
    for (message, at) in [
        ("`review` counts nothing", "opsbook.yaml:5:3"),
        ("`edit_this_page` is empty", "opsbook.yaml:6:3"),
        (
            "`reviewed_next_by` has `{ reviewed }`, which is no placeholder",
            "opsbook.yaml:7:3",
        ),
        (
            "`banner_owners_short` has the placeholders {date} {owners}, `banner_owners` {owners} {date}",
            "opsbook.yaml:8:3",
        ),
    ] {
        assert!(run.stderr.contains(message), "{message}: {}", run.stderr);
        let after = &run.stderr[run.stderr.find(message).unwrap()..];
        assert!(
            after.lines().nth(1).unwrap_or("").contains(at),
            "{message} at {at}: {}",
            run.stderr
        );
    }
    site.write(
        "opsbook.yaml",
        "title: T\ntranslations:\n  search: Find\n  edit_this_page: 42\n",
    );
    let run = site.check(&[]);
    assert!(
        run.stderr.contains("translations.edit_this_page: invalid type: integer `42`, expected text, or a counted word's plural forms")
            && run.stderr.contains("opsbook.yaml:4:19"),
        "{}",
        run.stderr
    );
    site.write("opsbook.yaml", "title: T\ntranslations:\n  team_only: A\n");
    site.write(
        "templates/404.html",
        "{% extends \"theme/404.html\" %}\n{% block main %}\n{{ words.team_only }} {{ t(key=\"serach\") }}\n{% endblock main %}\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("error[template]: the template asks for the word `serach`, which neither the theme nor `translations:` has\n --> templates/404.html:3:33")
            && run.stderr.contains("did you mean `search`?")
            && !run.stderr.contains("`team_only`"),
        "{}",
        run.stderr
    );
}

// Checks that a page whose front matter's title differs from the `# H1` it starts with shows
// one heading, the H1's (it showed both, two `<h1>`s), is named by its title elsewhere, and is
// found by the H1's words.
#[test]
fn a_leading_h1_heads_its_page_once_whatever_the_title() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/cpu.md",
        "---\ntitle: High CPU\n---\n# High CPU on API nodes\n\nScale out first.\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("misc/cpu/index.html");
    assert_eq!(page.matches("<h1").count(), 1, "{page}");
    assert!(
        page.contains(">High CPU on API nodes</h1>") && page.contains("<title>High CPU ·"),
        "{page}"
    );
    // Its code stays code.
    site.write(
        "content/misc/kubectl.md",
        "---\ntitle: Kubectl\n---\n# The `kubectl` runbook & more\n\nText.\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("misc/kubectl/index.html");
    assert!(
        page.contains(">The <code>kubectl</code> runbook &amp; more</h1>"),
        "{page}"
    );
    let chunks: String = std::fs::read_dir(site.path("public/search/chunks"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    assert!(chunks.contains("\"nodes\""), "the H1's words are searched");
}

// Checks that a page added in one folder leaves the pages of other folders byte-identical:
// the sidebar trees count the pages under each folder, and every page linked to its tree by
// a name made from the tree's HTML, so one new page renamed every tree and rewrote every page
// (110,631 of 126,334 files at 100,000 pages, all to deploy again). The trees' counts change
// under their names.
#[test]
fn a_new_page_rewrites_only_what_lists_it() {
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    let tool_before = site.read_output("tools/pagerduty/index.html");
    let trees = |site: &SiteTest| -> std::collections::BTreeMap<String, String> {
        std::fs::read_dir(site.path("public/assets/nav"))
            .unwrap()
            .map(|e| {
                let e = e.unwrap();
                (
                    e.file_name().to_string_lossy().into_owned(),
                    std::fs::read_to_string(e.path()).unwrap(),
                )
            })
            .collect()
    };
    let before = trees(&site);
    site.write(
        "content/processes/incidents/paging.md",
        "---\ntitle: Paging\nowner: team-sre\nlast_reviewed: 2026-11-01\n---\nText.\n",
    );
    site.build(&[]).expect_code(0);
    assert_eq!(site.read_output("tools/pagerduty/index.html"), tool_before);
    let after = trees(&site);
    let tree = tool_before
        .split("data-tree=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page's tree")
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert_ne!(
        before[&tree], after[&tree],
        "its tree's counts moved under its name"
    );
}

// Checks that a folder's listing comes in parts of 200 pages, as kinds', owners' and tags' do
// (a folder of 2,564 pages was one listing of 1.4 MB), its own text and sub-folders on the
// first part only; and that a page where a part is written is refused, not overwritten.
#[test]
fn a_long_folders_listing_comes_in_parts() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/_index.md",
        "---\ntitle: Misc\n---\nThe folder's own words.\n",
    );
    for n in 0..205 {
        site.write(
            &format!("content/misc/many/note-{n:03}.md"),
            &format!("---\ntitle: Note {n:03}\n---\nText.\n"),
        );
    }
    site.write(
        "content/misc/many/_index.md",
        "---\ntitle: Many\n---\nIntro of many.\n",
    );
    site.write(
        "content/misc/many/sub/a.md",
        "---\ntitle: Sub page\n---\nText.\n",
    );
    site.build(&[]).expect_code(0);
    let first = site.read_output("misc/many/index.html");
    let second = site.read_output("misc/many/page/2/index.html");
    let rows = |html: &str| html.matches(">Note ").count();
    assert_eq!((rows(&first), rows(&second)), (200, 5));
    assert!(
        first.contains("Intro of many.") && first.contains("class=\"cards\""),
        "{first}"
    );
    assert!(
        !second.contains("Intro of many.") && !second.contains("class=\"cards\""),
        "{second}"
    );
    assert!(second.contains("<title>Many (page 2 of 2)"), "{second}");
    assert!(first.contains("href=\"page/2/\""), "{first}");

    site.write(
        "content/misc/many/page/2.md",
        "---\ntitle: Clash\n---\nText.\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains("duplicate-url"), "{}", run.stderr);
}

// Checks that a folder's own page, which the reading order passes through (the page before it
// says "Next" to it), has its own previous and next, as every page has: it was a dead end.
#[test]
fn a_folders_own_page_has_previous_and_next() {
    let site = SiteTest::example_site();
    site.build(&[]).expect_code(0);
    let section = site.read_output("processes/incidents/index.html");
    assert!(section.contains("<nav class=\"pager\""), "{section}");
    assert!(
        section.contains("rel=\"prev\"") && section.contains("rel=\"next\""),
        "{section}"
    );
    // The page it says is next says it is the one before.
    let at = section.find("rel=\"next\"").unwrap();
    let href = &section[section[..at].rfind("href=\"").unwrap() + 6..at - 2];
    let next = site.read_output(&format!(
        "processes/incidents/{}index.html",
        href.trim_start_matches("./")
    ));
    assert!(next.contains("href=\"../\" rel=\"prev\""), "{href}: {next}");
}

// Checks that a README beside a folder's `index.md` (kept for people browsing the repository,
// as MkDocs sites have them) is left out with a warning, as MkDocs does: both were the
// folder's page, a duplicate-url error that stopped a migrated site's first build.
#[test]
fn a_readme_beside_an_index_page_is_left_out_with_a_warning() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/guides/index.md",
        "---\ntitle: Guides\n---\nThe guides.\n",
    );
    site.write("content/misc/guides/README.md", "# Read me on GitHub\n");
    site.write(
        "content/misc/guides/setup.md",
        "---\ntitle: Setup\n---\nText.\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    assert!(
        run.stderr.contains("warning[foreign-syntax]: this README is not published: `content/misc/guides/index.md` is the folder's page")
            && run.stderr.contains("content/misc/guides/README.md"),
        "{}",
        run.stderr
    );
    let page = site.read_output("misc/guides/index.html");
    assert!(
        page.contains("The guides.") && !page.contains("Read me on GitHub"),
        "{page}"
    );
}

// Checks that the leading `# H1` of the home page's and a folder's own page heads them, as it
// heads any page (it vanished there: the headings showed the site's and the folder's titles).
#[test]
fn a_leading_h1_heads_the_home_page_and_a_folders_page_too() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/_index.md",
        "---\ntitle: Home\n---\n# Welcome to the Ops Wiki\n\nStart here.\n",
    );
    site.write(
        "content/processes/_index.md",
        "---\ntitle: Processes\n---\n# How we run things\n\nAll of them.\n",
    );
    site.build(&[]).expect_code(0);
    let home = site.read_output("index.html");
    assert!(home.contains(">Welcome to the Ops Wiki</h1>"), "{home}");
    let section = site.read_output("processes/index.html");
    assert!(section.contains(">How we run things</h1>"), "{section}");
    assert!(section.contains("<title>Processes ·"), "{section}");
}

// Checks `logo:`: the site's image heads every page in place of the theme's mark, linked from
// wherever the page is; one that is no file of the site is an error where it is written
// (every page would show a broken image), and so is a web address (no request elsewhere).
#[test]
fn a_sites_logo_heads_every_page() {
    let site = SiteTest::fixture("basic");
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    site.write("opsbook.yaml", &format!("{config}logo: img/our logo.svg\n"));
    site.write(
        "static/img/our logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"20\" height=\"20\"/>",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("processes/incidents/incident-response/index.html");
    assert!(
        page.contains(
            "<img class=\"site-logo-image\" src=\"../../../img/our%20logo.svg\" alt=\"\""
        ),
        "{page}"
    );
    assert!(
        !page.contains("class=\"site-logo\""),
        "the theme's mark is left out"
    );
    let home = site.read_output("index.html");
    assert!(home.contains("src=\"img/our%20logo.svg\""), "{home}");

    for (logo, help) in [
        (
            "img/missing.svg",
            "put the image at `static/img/missing.svg`",
        ),
        ("https://cdn.example/logo.svg", "not a web address"),
    ] {
        site.write("opsbook.yaml", &format!("{config}logo: {logo}\n"));
        let run = site.check(&[]);
        run.expect_code(1);
        assert!(
            run.stderr.contains(&format!(
                "error[config]: logo names `{logo}`, which is no file of the site"
            )) && run.stderr.contains("--> opsbook.yaml:")
                && run.stderr.contains(help),
            "{}",
            run.stderr
        );
    }
}

// Checks what a pull request cannot make a build do: read a file outside the site through a
// link committed as its configuration or owners (their text was quoted in errors, with the CI
// job's secrets, and published), write through a committed output link into a folder of
// other files (a home folder of dotfiles, then a `.gitconfig` of the request's run by git),
// delete a folder's files by planting an old marker in it, or publish a link a browser runs
// (a file named `javascript:alert(1).pdf`, linked as a file beside the page).
#[cfg(unix)]
#[test]
fn a_pull_request_cannot_reach_outside_the_site() {
    use std::os::unix::fs::symlink;
    let site = SiteTest::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.txt");
    std::fs::write(&secret, "owners:\n  SECRET-TOKEN-123:\n    name: Secret\n").unwrap();

    std::fs::remove_file(site.path("owners.yaml")).unwrap();
    symlink(&secret, site.path("owners.yaml")).unwrap();
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("error[unreadable]: owners.yaml is a link to `")
            && run.stderr.contains("outside the site: it is not read")
            && !run.stderr.contains("SECRET-TOKEN-123"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(site.path("owners.yaml")).unwrap();
    let config = std::fs::read_to_string(site.path("opsbook.yaml")).unwrap();
    std::fs::remove_file(site.path("opsbook.yaml")).unwrap();
    symlink(&secret, site.path("opsbook.yaml")).unwrap();
    let run = site.check(&[]);
    run.expect_code(2);
    assert!(
        run.stderr
            .contains("error[config]: opsbook.yaml is a link to `")
            && !run.stderr.contains("SECRET-TOKEN-123"),
        "{}",
        run.stderr
    );
    std::fs::remove_file(site.path("opsbook.yaml")).unwrap();
    site.write("opsbook.yaml", &config);

    // The output through a committed link, into a folder of someone's dotfiles.
    let home = outside.path().join("home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(home.join(".bashrc"), "# mine\n").unwrap();
    symlink(&home, site.path("public")).unwrap();
    let run = site.run(&["build", ".", "--today", crate::support::TODAY]);
    run.expect_code(2);
    assert!(
        run.stderr.contains("refusing to build into")
            && run
                .stderr
                .contains("it holds files opsbook did not write (`.bashrc` and 1 more)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_dir(&home).unwrap().count(),
        2,
        "nothing written"
    );
    std::fs::remove_file(site.path("public")).unwrap();

    // A marker without the list of what a build wrote, planted in a folder of files.
    site.write("handbook/precious.txt", "keep me\n");
    site.write(
        "handbook/.opsbook-output",
        "This folder is written by opsbook.\n",
    );
    site.write("opsbook.yaml", &format!("{config}output_dir: handbook\n"));
    site.run(&["build", ".", "--today", crate::support::TODAY])
        .expect_code(0);
    assert_eq!(
        std::fs::read_to_string(site.path("handbook/precious.txt")).unwrap(),
        "keep me\n"
    );
    site.write("opsbook.yaml", &config);

    // A file whose name a browser would read as a scheme, linked from the home page.
    site.write("content/javascript:alert(1).pdf", "%PDF");
    let home = std::fs::read_to_string(site.path("content/_index.md")).unwrap();
    site.write(
        "content/_index.md",
        &format!(
            "{home}\n[the file](./javascript:alert(1).pdf) and [again](/javascript:alert(1).pdf)\n"
        ),
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("index.html");
    assert!(!page.contains("href=\"javascript:"), "{page}");
    assert_eq!(
        page.matches("href=\"./javascript:alert(1).pdf\"").count(),
        2,
        "{page}"
    );
}

// Checks anchors on the pages the build makes (an owner's page, the reviews): a link to one
// that the page, as rendered, has no id for fails the build at the link, with the ids it has,
// and leaves the output as it was (it was published without a word); one that is there
// passes. `check`, which renders no page, cannot know them.
#[test]
fn anchors_on_the_pages_the_build_makes_are_checked_once_rendered() {
    let site = SiteTest::fixture("basic");
    site.build(&[]).expect_code(0);
    let before = site.read_output("processes/incidents/incident-response/index.html");
    site.write(
        "content/misc/links.md",
        "---\ntitle: Links\n---\nSee [the overdue](/reviews/#overdue-heading) and [the team](/owners/team-sre/#nope).\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "error[broken-anchor]: no id `#nope` on `/owners/team-sre/`, a page the build makes"
        ) && run.stderr.contains("--> content/misc/links.md:4:")
            && run
                .stderr
                .contains("help: ids on `/owners/team-sre/`: #pages-heading"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("#overdue-heading`"), "{}", run.stderr);
    assert_eq!(
        site.read_output("processes/incidents/incident-response/index.html"),
        before,
        "the output as it was"
    );
    assert!(!site.path("public/misc/links/index.html").exists());
    site.check(&[]).expect_code(0);
    site.write(
        "content/misc/links.md",
        "---\ntitle: Links\n---\nSee [the overdue](/reviews/#overdue-heading) and [the team](/owners/team-sre/#pages-heading).\n",
    );
    site.build(&[]).expect_code(0);
}
