//! The search index as written by `opsbook build`: the manifest, chunks and documents a
//! browser downloads, read back the way the theme's script reads them.

use serde_json::Value;

use crate::support::SiteTest;

struct Index {
    site: SiteTest,
    manifest: Value,
}

impl Index {
    fn build() -> Index {
        let site = SiteTest::fixture("basic");
        site.build(&[]).expect_code(0);
        let manifest = serde_json::from_str(&site.read_output("search/manifest.json")).unwrap();
        Index { site, manifest }
    }

    /// The postings of `term`, found like the browser does: binary search over the first
    /// terms of the chunks, then one chunk.
    fn postings(&self, term: &str) -> Vec<Value> {
        let starts: Vec<&str> = self.manifest["chunks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let chunk = starts.partition_point(|s| *s <= term).saturating_sub(1);
        let chunk: Value = serde_json::from_str(
            &self
                .site
                .read_output(&format!("search/chunks/{chunk}.json")),
        )
        .unwrap();
        // Postings are flat: [doc, score, section, doc, …].
        let flat = chunk["terms"][term].as_array().cloned().unwrap_or_default();
        flat.chunks(3).map(|p| Value::Array(p.to_vec())).collect()
    }

    fn doc(&self, id: u64) -> Value {
        let per = self.manifest["records"].as_u64().unwrap();
        let group: Value = serde_json::from_str(
            &self
                .site
                .read_output(&format!("search/doc/{}.json", id / per)),
        )
        .unwrap();
        group[(id % per) as usize].clone()
    }

    fn titles(&self, term: &str) -> Vec<String> {
        self.postings(term)
            .iter()
            .map(|p| {
                self.doc(p[0].as_u64().unwrap())["title"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }
}

// Checks that the index finds pages by title first, folds accents, indexes Japanese, keeps
// out pages with `search: false`, and points a result at the section that matched.
#[test]
fn index_ranks_folds_and_respects_opt_out() {
    let index = Index::build();
    assert_eq!(
        index.titles("pagerduty")[0],
        "PagerDuty",
        "the title match ranks first"
    );
    assert!(
        index.titles("resume").contains(&"障害対応".to_string()),
        "Résumé is found as resume"
    );
    assert_eq!(index.titles("障害"), ["障害対応"], "Japanese is findable");
    assert!(
        index.titles("zanzibar").is_empty(),
        "search: false keeps a page out"
    );
    assert!(
        !crate::support::tree(&index.site.path("public/search"))
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("Secret plans")),
        "nothing of an opted-out page is published in the index"
    );

    // `Scribe` is an h3 of the incident page: its posting points at that section.
    let posting = &index.postings("scribe")[0];
    let doc = index.doc(posting[0].as_u64().unwrap());
    let section = &doc["sections"][posting[2].as_u64().unwrap() as usize];
    assert_eq!(section[0], "scribe");
    assert_eq!(doc["url"], "processes/incidents/incident-response/");
    assert_eq!(doc["review"], "ok");
    assert_eq!(
        index.manifest["statuses"],
        serde_json::json!(["ok", "due_soon", "overdue", "none"])
    );
    assert!(
        index.manifest["tags"]
            .as_array()
            .unwrap()
            .contains(&Value::from("on-call"))
    );
    // An owner's name, as owners.yaml gives it, finds what they own.
    assert_eq!(index.titles("lima"), ["PagerDuty"]);
    let mut sre = index.titles("reliability");
    sre.sort();
    assert_eq!(sre, ["<script>alert(1)</script>", "Incident response"]);
}

// Checks that a page written in raw HTML (a Confluence export's table, a `<details>` summary)
// is found by its words, and not by its HTML comments or scripts: it was found by its title
// alone.
#[test]
fn raw_html_text_is_found() {
    let site = SiteTest::fixture("basic");
    site.write(
        "content/misc/vendors.md",
        "---\ntitle: Vendor list\n---\n<table>\n<tr><th>Vendor</th><td>Zuricorp</td></tr>\n</table>\n\n<details><summary>Quarterly escalations</summary>\n\nCall them.\n\n</details>\n\n<!-- hidden: Plovdivnote -->\n",
    );
    site.build(&[]).expect_code(0);
    let manifest = serde_json::from_str(&site.read_output("search/manifest.json")).unwrap();
    let index = Index { site, manifest };
    assert_eq!(index.titles("zuricorp"), ["Vendor list"]);
    assert_eq!(index.titles("quarterly"), ["Vendor list"]);
    assert!(index.titles("plovdivnote").is_empty());
}

// Checks that `check` does no search work and that the index is part of the deterministic
// output (the build-twice test covers the bytes).
#[test]
fn check_writes_no_index() {
    let site = SiteTest::fixture("basic");
    site.check(&[]).expect_code(0);
    assert!(!site.path("public").exists());
}

// Checks that a site where no page is searchable gets no search box, script, page or index.
#[test]
fn no_searchable_pages_means_no_search_ui() {
    let site = SiteTest::fixture("basic");
    std::fs::remove_dir_all(site.path("content")).unwrap();
    site.write(
        "content/notes.md",
        "---\ntitle: Notes\nsearch: false\n---\nPrivate.\n",
    );
    site.build(&[]).expect_code(0);
    let page = site.read_output("notes/index.html");
    assert!(
        !page.contains("site-search") && !page.contains("search.js"),
        "{page}"
    );
    assert!(!site.path("public/search").exists());
}

// Checks that a result says where its page is by the titles of its sections, as the wiki
// names them (a kind's folder by the kind's name in the wiki's language), not by the folders
// of its address: search showed `Processes › Archive` on a wiki whose sections are `手順 › 記録`.
#[test]
fn results_say_where_a_page_is_by_its_sections_titles() {
    let site = SiteTest::fixture("basic");
    site.write("opsbook.yaml", "title: T\nlanguage: de\n");
    site.write(
        "content/processes/incidents/_index.md",
        "---\ntitle: Störungen\n---\n",
    );
    site.build(&[]).expect_code(0);
    let mut places = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(site.path("public/search/doc")).unwrap() {
        let records: Vec<serde_json::Value> =
            serde_json::from_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap()).unwrap();
        for r in records {
            places.insert(r["url"].as_str().unwrap().to_string(), r["place"].clone());
        }
    }
    assert_eq!(
        places["processes/incidents/incident-response/"],
        serde_json::json!(["Processes", "Störungen"])
    );
    // A section's own page is in its parent sections only.
    assert_eq!(
        places["processes/incidents/"],
        serde_json::json!(["Processes"])
    );
    assert_eq!(
        places["tools/pagerduty/"],
        serde_json::json!(["Tool-Anleitungen"])
    );
}
