//! Reading the site from disk: the config, the owner registry, every Markdown page and
//! co-located file under `content/`, and the site's own `templates/` and `static/` overrides.
//! This and `output` are the only modules that touch the file system.

use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, Result};
use jiff::civil::Date;
use rayon::prelude::*;
use walkdir::WalkDir;

use crate::Fatal;
use crate::config::{CONFIG_FILE, Config};
use crate::diag::Diagnostic;

/// A Markdown file, read as text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path from the content folder with `/` separators, such as `processes/x.md`.
    pub rel: String,
    /// Path from the site root, such as `content/processes/x.md` (used in diagnostics).
    pub source: String,
    /// The file's text without a byte-order mark.
    pub text: String,
}

/// A file copied to the output as it is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Output path with `/` separators, relative to the output root.
    pub rel: String,
    /// Where to copy it from.
    pub from: PathBuf,
    /// Whether it is an SVG or XML file that may run script when opened as a page of the site
    /// (see `svg_holds_script`); looked for only when the site refuses raw HTML.
    pub scripted: bool,
}

/// Everything read from a site folder.
#[derive(Debug, Default)]
pub struct Loaded {
    /// The site root as given.
    pub root: PathBuf,
    /// Markdown pages in a stable order (sorted by path).
    pub pages: Vec<SourceFile>,
    /// Non-Markdown files under `content/`, published beside their pages.
    pub content_assets: Vec<Asset>,
    /// Files under the site's `static/`.
    pub static_assets: Vec<Asset>,
    /// Templates under the site's `templates/`: (name relative to that folder, text).
    pub templates: Vec<(String, String)>,
    /// Text of `owners.yaml`, when present.
    pub owners_text: Option<String>,
    /// Problems met while reading (unreadable files, bad encodings).
    pub diagnostics: Vec<Diagnostic>,
    /// What git knows about the content files (empty outside a repository).
    pub history: GitHistory,
    /// Docusaurus's `_category_.json` (or `.yml`) files, which name and place a folder in its
    /// sidebar: read for that, not published.
    pub folder_labels: Vec<FolderLabelFile>,
    /// MkDocs' `mkdocs.yml` (or `.yaml`) at the site root, as (name, text), whose `nav:`
    /// orders a site moved from MkDocs.
    pub mkdocs: Option<(String, String)>,
    /// READMEs beside their folder's `index.md` or `_index.md`, left out (paths under the
    /// content folder): links to them lead to the folder's page.
    pub readmes_left_out: Vec<String>,
    /// mdBook's or GitBook's `SUMMARY.md` at the top of the content, as (name, text): its
    /// list of chapters orders the pages.
    pub summary: Option<(String, String)>,
    /// Whether the site or its content folder holds Obsidian's `.obsidian/` folder.
    pub obsidian_vault: bool,
}

/// A Docusaurus `_category_.json` or `_category_.yml`, as read.
#[derive(Debug, Clone)]
pub struct FolderLabelFile {
    /// Its folder under the content folder (`""` for the top).
    pub dir: String,
    /// Its path from the site root, for diagnostics.
    pub source: String,
    pub text: String,
}

/// Whether `rel` is a Docusaurus `_category_` file.
fn is_folder_label_file(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    matches!(
        name,
        "_category_.json" | "_category_.yml" | "_category_.yaml"
    )
}

/// What git knows about a site: where it sits in the repository and when each content file
/// last changed. Empty when git is missing, fails, or the site is not in a repository.
#[derive(Debug, Clone, Default)]
pub struct GitHistory {
    /// Path of the site root from the repository's top level: empty, or ending in `/`
    /// (`docs/`). Empty outside a repository.
    pub prefix: String,
    /// Committer date (UTC) of the last commit that changed each file, by path under
    /// `content/`. Files never committed are absent.
    pub last_changed: HashMap<String, Date>,
    /// What git could not tell, and why (git missing, a repository it would not read, a
    /// shallow clone): warnings of the run.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses `opsbook.yaml`; a missing file gives the defaults. `Ok(Err(_))` is a
/// configuration problem to show the user; `Err` is an I/O failure.
pub fn config(root: &Path) -> Result<Result<Config, Vec<Diagnostic>>> {
    if root.is_file() {
        // `opsbook check content/processes/refunds.md`: the site it is in, if there is one.
        let site = root
            .ancestors()
            .skip(1)
            .find(|dir| dir.join(CONFIG_FILE).is_file() || dir.join("content").is_dir())
            .map(|dir| match dir.as_os_str().is_empty() {
                true => ".".to_string(),
                false => dir.display().to_string(),
            });
        match site {
            Some(site) => anyhow::bail!(
                "`{}` is a file: opsbook reads a whole site, and this one's folder is `{site}`",
                root.display()
            ),
            None => anyhow::bail!(
                "`{}` is a file: opsbook reads a site's folder (the one holding `content/` and `opsbook.yaml`)",
                root.display()
            ),
        }
    }
    let path = root.join(CONFIG_FILE);
    if let Some(refused) = leads_out(root, &path, CONFIG_FILE, "config") {
        return Ok(Err(vec![refused]));
    }
    match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Config::parse(strip_bom(&text))),
            Err(_) => Ok(Err(vec![Diagnostic::error(
                "config",
                CONFIG_FILE,
                "opsbook.yaml is not valid UTF-8",
            )])),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if root.is_dir() {
                Ok(Ok(Config::default()))
            } else {
                anyhow::bail!("site folder `{}` does not exist", root.display())
            }
        }
        Err(e) => Err(e).with_context(|| format!("reading `{}`", path.display())),
    }
}

/// Reads the whole site. `skip` is a folder never to read from (the output folder).
pub fn site(root: &Path, config: &Config, skip: &Path) -> Result<Loaded> {
    let mut loaded = Loaded {
        root: root.to_path_buf(),
        ..Loaded::default()
    };
    let content = root.join(&config.content_dir);
    if !content.is_dir() {
        // Another tool's folder of pages (MkDocs and Docusaurus read `docs/`): say how to
        // point opsbook at it rather than to start a new wiki.
        let other = ["docs", "doc", "source", "pages", "documentation"]
            .into_iter()
            .find(|dir| *dir != config.content_dir && has_markdown(&root.join(dir)));
        let help = match (other, enclosing_site(root)) {
            (Some(dir), _) => format!(
                "the pages seem to be in `{dir}/`: write `content_dir: {dir}` in {CONFIG_FILE}"
            ),
            // Run from inside a site's pages: `init` here made a second site, published as
            // pages of the first.
            (None, Some(site)) => format!(
                "this folder is inside the site `{}`: run opsbook on that folder",
                site.display()
            ),
            (None, None) => "run `opsbook init` to start a wiki".to_string(),
        };
        anyhow::bail!(
            "no `{}` folder in `{}`: opsbook reads pages from there\nhelp: {help}",
            config.content_dir,
            root.display()
        );
    }
    // A link inside the content folder to elsewhere is refused as the walk meets it; the
    // content folder (or `static/`, `templates/`) being such a link was not one it met, and a
    // pull request replacing `content` by a link to `~/.ssh` published its keys.
    for (name, folder) in [
        (config.content_dir.as_str(), &content),
        ("static", &root.join("static")),
        ("templates", &root.join("templates")),
    ] {
        if let Some(target) = outside_site(root, folder) {
            anyhow::bail!(
                "the `{name}` folder is `{}`, outside the site folder `{}` (through a symbolic link): opsbook does not publish what is outside the site\nhelp: move what it holds into the site, or run opsbook on the folder that holds it",
                target.display(),
                root.display()
            );
        }
    }
    loaded.obsidian_vault = root.join(".obsidian").is_dir() || content.join(".obsidian").is_dir();
    // Not a warning like an unreadable folder inside it: the site would build with no pages
    // (and `serve` would replace every page with the 404 page).
    if let Err(e) = std::fs::read_dir(&content) {
        anyhow::bail!(
            "cannot read the `{}` folder in `{}`: {e}\nhelp: fix its permissions",
            config.content_dir,
            root.display()
        );
    }
    // git walks the history while the files are read.
    let history = {
        let (root, content) = (root.to_path_buf(), content.clone());
        std::thread::spawn(move || git_history(&root, &content))
    };
    // With `content_dir: .` (or the site inside its content folder), the site's own files are
    // not content: `owners.yaml` would publish every owner's email and Slack handle. Of
    // `templates/`, which is also where the `template` kind's pages are, only its HTML, the
    // theme's templates, is the site's.
    let under_content = |name: &str| {
        let path = canonical(&root.join(name))?;
        Some(path.strip_prefix(canonical(&content)?).ok()?.to_path_buf())
    };
    let site_files = [CONFIG_FILE, crate::owners::OWNERS_FILE, "static"]
        .iter()
        .filter_map(|name| under_content(name))
        .collect();
    // Other tools' folders of templates, which a site moved from them keeps: read by none.
    // Said when they hold that tool's templates: mdBook's `theme/` of a book still built
    // beside the wiki may hold only its `additional-css`, and the warning could not be
    // cleared but by deleting it.
    if config.content_dir != "." {
        for (folder, tool, templates) in [
            ("layouts", "Hugo's", ".html"),
            ("_layouts", "Jekyll's", ".html"),
            ("_includes", "Jekyll's", ".html"),
            ("overrides", "MkDocs Material's", ".html"),
            ("theme", "mdBook's", ".hbs"),
        ] {
            let holds_templates = || {
                walkdir::WalkDir::new(root.join(folder))
                    .max_depth(4)
                    .into_iter()
                    .take(10_000)
                    .filter_map(Result::ok)
                    .any(|e| {
                        e.file_type().is_file()
                            && e.file_name().to_string_lossy().ends_with(templates)
                    })
            };
            if root.join(folder).is_dir() && holds_templates() {
                loaded.diagnostics.push(
                    Diagnostic::warning(
                        "foreign-syntax",
                        format!("{folder}/"),
                        format!("`{folder}/` is {tool} folder of templates, which opsbook does not read"),
                    )
                    .with_help("opsbook's templates are in `templates/`, written for Tera 2: `opsbook theme` lists the theme's, and copies one to change it"),
                );
            }
        }
    }
    // Docusaurus's sidebar written by hand orders the pages its own way, which opsbook does
    // not read (it went without a word); one it generates from the folders is what opsbook
    // does too.
    for name in ["sidebars.js", "sidebars.ts", "sidebars.json"] {
        if leads_out(root, &root.join(name), name, "unreadable").is_some() {
            continue;
        }
        if let Ok(text) = std::fs::read_to_string(root.join(name))
            && !text.contains("autogenerated")
        {
            loaded.diagnostics.push(
                Diagnostic::warning(
                    "foreign-syntax",
                    name,
                    format!("`{name}` is Docusaurus's sidebar, which opsbook does not read: the pages are in opsbook's order"),
                )
                .with_help("order the pages with `sidebar_position` (`field_map: {sidebar_position: weight}`) and folders with `_category_.json`, then delete it"),
            );
        }
    }
    let site_templates = under_content("templates");
    let (pages, assets): (Vec<_>, Vec<_>) = walk(
        &content,
        &Walk {
            ignore: config.ignore_set().ok(),
            site_files,
            site_templates,
            ..walk_options(root, skip, &config.content_dir)
        },
        &mut loaded.diagnostics,
    )
    .into_iter()
    .partition(|(rel, _)| is_markdown(rel));
    // A GitHub wiki's sidebar, header and footer and GitBook's table of contents are those
    // tools' page furniture: published as pages, they were in every "Linked from" list and
    // first in the reading order.
    let (pages, other_furniture): (Vec<_>, Vec<_>) = pages
        .into_iter()
        .partition(|(rel, _)| furniture(rel).is_none());
    // A README beside the folder's `index.md` or `_index.md`: kept for people browsing the
    // repository, as MkDocs sites keep them. Both would be the folder's page (a
    // `duplicate-url` error, which stopped the first build of a site moved from MkDocs);
    // MkDocs leaves the README out with a warning, and so does opsbook.
    let (pages, readmes): (Vec<_>, Vec<_>) = {
        let with_index: HashMap<&str, &str> = pages
            .iter()
            .filter(|(rel, _)| matches!(crate::url::page_stem(rel), "_index" | "index"))
            .map(|(rel, _)| (crate::url::parent_dir(rel), rel.as_str()))
            .collect();
        let beside_index: HashSet<String> = pages
            .iter()
            .filter(|(rel, _)| {
                crate::url::page_stem(rel).eq_ignore_ascii_case("readme")
                    && with_index.contains_key(crate::url::parent_dir(rel))
            })
            .map(|(rel, _)| {
                let index = with_index[crate::url::parent_dir(rel)];
                loaded.diagnostics.push(
                    Diagnostic::warning(
                        "foreign-syntax",
                        config.source_path(rel),
                        format!("this README is not published: `{}` is the folder's page, as MkDocs has it (links to the README lead there)", config.source_path(index)),
                    )
                    .with_help("rename it to publish it as a page of its own, or list it under `ignore:`"),
                );
                rel.clone()
            })
            .collect();
        pages
            .into_iter()
            .partition(|(rel, _)| !beside_index.contains(rel))
    };
    loaded.readmes_left_out = readmes.into_iter().map(|(rel, _)| rel).collect();
    for (rel, path) in &other_furniture {
        // mdBook's and GitBook's table of contents: read for the order it gives the pages.
        if rel == "SUMMARY.md" {
            match read_text(path, &config.source_path(rel)) {
                Ok(text) => loaded.summary = Some((config.source_path(rel), text)),
                Err(d) => loaded.diagnostics.push(Diagnostic {
                    severity: crate::diag::Severity::Warning,
                    ..*d
                }),
            }
            continue;
        }
        let part = furniture(rel).unwrap_or("another tool's page part");
        loaded.diagnostics.push(
            Diagnostic::warning(
                "foreign-syntax",
                config.source_path(rel),
                format!("this is {part}, which opsbook makes itself: it is not published"),
            )
            .with_help("move what it links to into the pages or a section's `_index.md`, then delete it, or list it under `ignore:`"),
        );
    }
    // Other tools' page formats are published as files, not read as pages: said once each,
    // as a site moved from Docusaurus or the GOV.UK template would otherwise lose pages
    // without a word.
    for (rel, _) in &assets {
        if let Some(format) = foreign_page_format(rel) {
            loaded.diagnostics.push(
                Diagnostic::warning(
                    "foreign-syntax",
                    config.source_path(rel),
                    format!(
                        "this {format} file is not read as a page: opsbook reads Markdown (.md)"
                    ),
                )
                .with_help("rename it to .md, taking out what only that tool runs (ERB tags)"),
            );
        }
    }
    let (labels, assets): (Vec<_>, Vec<_>) = assets
        .into_iter()
        .partition(|(rel, _)| is_folder_label_file(rel));
    for (rel, path) in labels {
        let source = config.source_path(&rel);
        match read_text(&path, &source) {
            Ok(text) => loaded.folder_labels.push(FolderLabelFile {
                dir: crate::url::parent_dir(&rel).to_string(),
                source,
                text,
            }),
            Err(d) => loaded.diagnostics.push(*d),
        }
    }
    // Files beside the pages are looked into for script only where raw HTML is refused
    // (`validate::script_files`): reading every SVG of every build for nothing, otherwise.
    loaded.content_assets = readable(
        assets,
        |rel| config.source_path(rel),
        !config.markdown.allow_html,
        &mut loaded.diagnostics,
    );
    // Read side by side (most of a read is the system's work, which takes both cores), in
    // the walk's order.
    let read: Vec<_> = pages
        .into_par_iter()
        .map(|(rel, path)| {
            let source = config.source_path(&rel);
            read_page_text(&path, &source)
                .map(|(text, not_utf8)| (SourceFile { rel, source, text }, not_utf8))
        })
        .collect();
    let none_written = read.is_empty();
    for page in read {
        match page {
            Ok((page, not_utf8)) => {
                loaded.pages.push(page);
                loaded.diagnostics.extend(not_utf8.map(|d| *d));
            }
            Err(d) => loaded.diagnostics.push(*d),
        }
    }
    // A CI job pointed at the wrong folder, or `content_dir` naming one without pages,
    // checked nothing and passed without a word.
    if none_written {
        loaded.diagnostics.push(
            Diagnostic::warning(
                "config",
                format!("{}/", config.content_dir.trim_end_matches('/')),
                "the content folder holds no page: nothing is checked or published",
            )
            .with_help("write pages there (`opsbook new`), or set `content_dir` in opsbook.yaml to the folder that holds them"),
        );
    }
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        let options = Walk {
            keep_dotfiles: true,
            ..walk_options(root, skip, "static")
        };
        let files = walk(&static_dir, &options, &mut loaded.diagnostics);
        loaded.static_assets = readable(
            files,
            |rel| format!("static/{rel}"),
            false,
            &mut loaded.diagnostics,
        );
    }
    let templates_dir = root.join("templates");
    if templates_dir.is_dir() {
        let options = walk_options(root, skip, "templates");
        // The theme's templates are HTML; a README beside them, or the `template` kind's
        // pages when the site is its own content folder, are not.
        let files = walk(&templates_dir, &options, &mut loaded.diagnostics);
        for (rel, path) in files.into_iter().filter(|(rel, _)| rel.ends_with(".html")) {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading template `{}`", path.display()))?;
            loaded.templates.push((rel, text));
        }
    }
    let owners = root.join("owners.yaml");
    if let Some(refused) = leads_out(root, &owners, "owners.yaml", "unreadable") {
        loaded.diagnostics.push(refused);
    } else if owners.is_file() {
        match read_text(&owners, "owners.yaml") {
            Ok(text) => loaded.owners_text = Some(text),
            Err(d) => loaded.diagnostics.push(*d),
        }
    }
    for name in crate::parse::MKDOCS_FILES {
        let path = root.join(name);
        if let Some(refused) = leads_out(root, &path, name, "unreadable") {
            loaded.diagnostics.push(refused);
            break;
        }
        if path.is_file() {
            match read_text(&path, name) {
                Ok(text) => loaded.mkdocs = Some((name.to_string(), text)),
                // Another tool's file, read for its order only: the build goes on without it.
                Err(d) => loaded.diagnostics.push(Diagnostic {
                    severity: crate::diag::Severity::Warning,
                    ..*d
                }),
            }
            break;
        }
    }
    loaded.history = history.join().unwrap_or_default();
    Ok(loaded)
}

/// The text of one page, `source` being its path from the site `root` (for `serve`'s page
/// edits, which read only the files that changed).
pub fn page_text(root: &Path, source: &str) -> Result<String, Box<Diagnostic>> {
    read_text(&root.join(source), source)
}

/// Asks git where the site `root` sits in its repository and when each file under `content`
/// last changed, with one `git log` for the whole folder (never one process per file).
/// Returns what it could learn; what it could not, and why, is `diagnostics` (warnings of the
/// run): git missing or refusing a repository that is there, and a shallow clone. Outside
/// any repository (an archive of one) it is quiet: edit links then take the site's folder for
/// the repository's top.
pub fn git_history(root: &Path, content: &Path) -> GitHistory {
    let git = |dir: &Path| {
        let mut command = Command::new("git");
        // Settings of the user's own that change what `log` prints are pinned: with
        // `log.showRoot=false` the first commit's files were left out, and their pages lost
        // their dates.
        command
            .arg("-C")
            .arg(dir)
            .args(["-c", "log.showRoot=true", "-c", "log.showSignature=false"])
            .stdin(Stdio::null())
            .stderr(Stdio::null());
        command
    };
    // Where the repository is, read from the folders (a `.git` folder, or file for a worktree)
    // when git cannot say: edit links need the site's path in it, git or no git.
    let found = repository_of(root);
    let without_git = |diagnostic: Option<Diagnostic>| GitHistory {
        prefix: found
            .as_ref()
            .map(|(_, prefix)| prefix.clone())
            .unwrap_or_default(),
        diagnostics: diagnostic.into_iter().collect(),
        ..GitHistory::default()
    };
    let output = match git(root)
        .args(["rev-parse", "--is-shallow-repository", "--show-prefix"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            let missing = e.kind() == std::io::ErrorKind::NotFound;
            return without_git(found.as_ref().map(|_| {
                git_warning(
                    format!(
                        "the site is in a git repository, but {}, so pages show no \"Last changed\" date",
                        if missing { "git is not installed".to_string() } else { format!("git could not run: {e}") }
                    ),
                    "install git where opsbook runs (in a container image, `apt-get install git`)",
                )
            }));
        }
    };
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let diagnostic = if said.contains("dubious ownership") {
            let top = found.as_ref().map_or_else(
                || root.display().to_string(),
                |(top, _)| top.display().to_string(),
            );
            Some(git_warning(
                format!(
                    "git will not read the repository at `{top}`, which belongs to another user, so pages show no \"Last changed\" date"
                ),
                &format!(
                    "run `git config --global --add safe.directory {top}` before opsbook, or run it as the checkout's owner"
                ),
            ))
        } else if let Some((top, _)) = &found {
            Some(git_warning(
                format!(
                    "git cannot read the repository at `{}`, so pages show no \"Last changed\" date: {}",
                    top.display(),
                    said.trim()
                ),
                "check the repository with `git status` where opsbook runs",
            ))
        } else {
            None
        };
        return without_git(diagnostic);
    }
    let said = String::from_utf8_lossy(&output.stdout);
    let mut lines = said.lines();
    let shallow = lines.next() == Some("true");
    let prefix = lines.next().unwrap_or("").to_string();
    // The content folder's path in the repository: `log` gives paths from the top, and
    // pages' are from the content folder. (`--relative` would give those, but not for a
    // merge's own changes, which git lists from the top whatever it is told.)
    let content_prefix = match content.strip_prefix(root) {
        Ok(rel) => rel
            .components()
            .filter(|c| matches!(c, std::path::Component::Normal(_)))
            .fold(prefix.clone(), |mut out, c| {
                out.push_str(&c.as_os_str().to_string_lossy());
                out.push('/');
                out
            }),
        Err(_) => prefix.clone(),
    };
    // Newest commit first, so a path's first appearance is its last change. `-z` keeps odd
    // file names unquoted. `--cc` lists what a merge itself changed (a conflict resolved in
    // it, GitHub's "Resolve conflicts"), not what its branch brought, which the branch's
    // commits date.
    let child = git(content)
        .args([
            "log",
            "-z",
            "--cc",
            "--no-renames",
            "--no-color",
            "--format=%x01%ct %P",
            "--name-only",
            "--",
            ".",
        ])
        .stdout(Stdio::piped())
        .spawn();
    let (mut last_changed, cut_off) = match child {
        Ok(mut child) => {
            let read = child
                .stdout
                .take()
                .map(|out| parse_git_log(BufReader::new(out), &content_prefix, shallow))
                .unwrap_or_default();
            // A failed log (a repository without commits) may have said part of it: keep
            // nothing rather than something half-read.
            match child.wait() {
                Ok(status) if status.success() => read,
                _ => Default::default(),
            }
        }
        Err(_) => Default::default(),
    };
    let mut diagnostics = Vec::new();
    if shallow {
        // The clone's oldest commits stand for all the history it lacks: every file they
        // hold looks changed on their date. Those files' dates are not known.
        let unknown = cut_off.len();
        for path in &cut_off {
            last_changed.remove(path);
        }
        if unknown > 0 {
            diagnostics.push(git_warning(
                format!("the repository is a shallow clone, whose oldest commit stands for the history it lacks: {unknown} file{} of the content, last changed there or before, show{} no \"Last changed\" date", if unknown == 1 { "" } else { "s" }, if unknown == 1 { "s" } else { "" }),
                "clone the whole history: `fetch-depth: 0` for actions/checkout, `GIT_DEPTH: 0` in GitLab CI, `git fetch --unshallow`",
            ));
        }
    }
    GitHistory {
        prefix,
        last_changed,
        diagnostics,
    }
}

/// A warning of the run about what git could not tell.
fn git_warning(message: String, help: &str) -> Diagnostic {
    Diagnostic::warning("git-history", String::new(), message).with_help(help)
}

/// The top of the git repository holding `root` (the folder with `.git` in it, a folder or a
/// worktree's file) and `root`'s path from it (`docs/wiki/`), read from the folders alone.
fn repository_of(root: &Path) -> Option<(PathBuf, String)> {
    let root = root.canonicalize().ok()?;
    // Not into the folders git is told not to look in (`GIT_CEILING_DIRECTORIES`).
    let ceilings: Vec<PathBuf> = std::env::var_os("GIT_CEILING_DIRECTORIES")
        .map(|dirs| {
            std::env::split_paths(&dirs)
                .filter_map(|d| d.canonicalize().ok())
                .collect()
        })
        .unwrap_or_default();
    let top = root
        .ancestors()
        .take_while(|dir| !ceilings.iter().any(|c| c == dir))
        .find(|dir| dir.join(".git").exists())?;
    let mut prefix: String = root
        .strip_prefix(top)
        .ok()?
        .components()
        .map(|c| format!("{}/", c.as_os_str().to_string_lossy()))
        .collect();
    prefix.shrink_to_fit();
    Some((top.to_path_buf(), prefix))
}

/// Reads `git log -z --format=%x01%ct %P --name-only`: each commit is `\x01<unix time>
/// <parents>` then the paths it changed from the repository's top, all NUL-terminated (the
/// first path after a `\n`). Gives the newest date of each path under `content_prefix` (as
/// a path from there), and in a shallow clone (`shallow`) the paths whose newest commit is
/// one the clone shows without parents, where its history is cut off.
fn parse_git_log(
    mut log: impl BufRead,
    content_prefix: &str,
    shallow: bool,
) -> (HashMap<String, Date>, Vec<String>) {
    let mut dates = HashMap::new();
    let mut cut_off = Vec::new();
    let mut date = None;
    let mut parentless = false;
    let mut token = Vec::new();
    loop {
        token.clear();
        match log.read_until(0, &mut token) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&token);
        let text = text.trim_end_matches('\0').trim_start_matches('\n');
        if let Some(header) = text.strip_prefix('\x01') {
            let mut parts = header.split(' ');
            date = parts
                .next()
                .and_then(|seconds| seconds.trim().parse().ok())
                .and_then(|s| jiff::Timestamp::from_second(s).ok())
                .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date());
            parentless = parts.all(|p| p.trim().is_empty());
        } else if let Some(date) = date
            && let Some(text) = text.strip_prefix(content_prefix)
            && !text.is_empty()
            && !dates.contains_key(text)
        {
            dates.insert(text.to_string(), date);
            if shallow && parentless {
                cut_off.push(text.to_string());
            }
        }
    }
    (dates, cut_off)
}

/// The text of the site's `owners.yaml`, if it has one.
pub fn owners_text(root: &Path) -> Result<Option<String>, Fatal> {
    let path = root.join(crate::owners::OWNERS_FILE);
    if let Some(refused) = leads_out(root, &path, crate::owners::OWNERS_FILE, "unreadable") {
        return Err(Fatal::Config(vec![refused]));
    }
    if !path.is_file() {
        return Ok(None);
    }
    read_text(&path, crate::owners::OWNERS_FILE)
        .map(Some)
        .map_err(|d| Fatal::Config(vec![*d]))
}

/// An error for a file of the site's own (its configuration, its owners) that a symbolic link
/// leads out of the site folder `root`: a pull request could make it any file of the machine
/// that builds the site (`/proc/self/environ`, with the CI job's secrets), which a message
/// quoting it, or the built site, would then show. `None` when it is inside, or not there.
fn leads_out(root: &Path, path: &Path, name: &str, code: &'static str) -> Option<Diagnostic> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return None;
    }
    // A link to nothing is a file that is not there, as before.
    let target = outside_site(root, path)?.display().to_string();
    Some(
        Diagnostic::error(
            code,
            name,
            format!("{name} is a link to `{target}`, outside the site: it is not read"),
        )
        .with_help(format!(
            "opsbook reads no file outside the site's folder: make {name} a file of the site"
        )),
    )
}

/// Where `folder` really is, when that is outside the site folder `root` (a symbolic link
/// on its way leads out); `None` when it is inside, or does not exist.
pub fn outside_site(root: &Path, folder: &Path) -> Option<PathBuf> {
    let target = folder.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    (!target.starts_with(&root)).then_some(target)
}

/// `path` made absolute with links resolved, also when it does not exist yet (its parent
/// resolved, its name kept).
fn canonical(path: &Path) -> Option<PathBuf> {
    path.canonicalize().ok().or_else(|| {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        Some(parent.canonicalize().ok()?.join(path.file_name()?))
    })
}

/// Names no build reads, and that editors, version control and the OS write while a file is
/// saved: hidden files (`.git`, `.page.md.swp`, Emacs locks `.#page.md`), backups (`page.md~`,
/// a page's `page.md.bak`), Windows' `Thumbs.db` and `desktop.ini`,
/// Vim's write test `4913`, Emacs autosaves `#page.md#`, and other tools' temporary files.
pub fn is_ignored_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    // `sed -i`'s `sedAbC123` (six random letters and digits: a word such as `sedatives`
    // has neither capitals nor digits), and write-file-atomic's `page.md.3141592653`.
    let sed_temp = name.len() == 9
        && name.starts_with("sed")
        && name[3..].bytes().all(|b| b.is_ascii_alphanumeric())
        && name[3..]
            .bytes()
            .any(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let numbered_temp = name.rsplit_once('.').is_some_and(|(stem, number)| {
        stem.contains('.') && number.len() >= 4 && number.bytes().all(|b| b.is_ascii_digit())
    });
    sed_temp
        || numbered_temp
        // GitBook keeps every page's images in `.gitbook/assets/`: published, as the
        // pages' links to them need.
        || (name.starts_with('.') && name != ".gitbook")
        || name.ends_with('~')
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
        || name.starts_with("~$")
        // Windows Explorer's thumbnails and folder settings, copied along with a folder.
        || ["thumbs.db", "ehthumbs.db", "desktop.ini"].contains(&name.to_lowercase().as_str())
        || [
            ".swp",
            ".swo",
            ".swx",
            ".tmp",
            // A page's old copy (`refunds.md.bak`), and what a merge or a patch leaves of a
            // page: other files of those names may be what a page links to.
            ".md.bak",
            ".md.orig",
            ".md.rej",
            ".crswap",
            "___jb_tmp___",
            "___jb_old___",
        ]
        .iter()
        .any(|suffix| name.ends_with(suffix))
}

/// The tool whose page format `rel` is in, when it is one opsbook does not read: the GOV.UK
/// template's ERB-in-Markdown (`page.html.md.erb`).
fn foreign_page_format(rel: &str) -> Option<&'static str> {
    if rel.ends_with(".md.erb") || rel.ends_with(".markdown.erb") {
        Some("ERB")
    } else {
        None
    }
}

/// The files that can be read, as assets; each that cannot is an `unreadable` error (the
/// build failed with a bare error when it came to copy it, and `serve` answered for it with
/// nothing).
fn readable(
    files: Vec<(String, PathBuf)>,
    source: impl Fn(&str) -> String + Sync,
    look_for_script: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Asset> {
    let opened: Vec<Result<Asset, Box<Diagnostic>>> = files
        .into_par_iter()
        .map(|(rel, from)| match std::fs::File::open(&from) {
            Ok(file) => Ok(Asset {
                scripted: look_for_script && may_be_markup(&rel) && markup_holds_script(&rel, file),
                rel,
                from,
            }),
            Err(e) => Err(Box::new(
                Diagnostic::error("unreadable", source(&rel), format!("cannot read: {e}"))
                    .with_help("fix its permissions, or remove it; it is left out of the site"),
            )),
        })
        .collect();
    let mut assets = Vec::with_capacity(opened.len());
    for file in opened {
        match file {
            Ok(asset) => assets.push(asset),
            Err(d) => diagnostics.push(*d),
        }
    }
    assets
}

/// Whether `rel` is an XML document a browser may run script from when it is opened: SVG
/// images, and XML (an XHTML page, or one an `xml-stylesheet` turns into one), read whole.
fn is_svg(rel: &str) -> bool {
    let lower = rel.to_ascii_lowercase();
    [".svg", ".svgz", ".xml", ".xsl", ".xslt"]
        .iter()
        .any(|x| lower.ends_with(x))
}

/// Whether `rel` may be markup a browser opens as a document: any file but those of a kind
/// that never is (images, PDFs, office documents, media, archives, fonts, text, styles and
/// scripts, which browsers show or download). A web server names many XML types by their
/// extension (`.xpdl`, `.rdf`, `.mml` are `application/xml` to Python's), so the others are
/// looked into ([`markup_holds_script`] reads their start).
fn may_be_markup(rel: &str) -> bool {
    const NEVER: &[&str] = &[
        "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "bmp", "tif", "tiff", "heic", "pdf",
        "doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "odp", "csv", "tsv", "txt",
        "log", "mp4", "webm", "mov", "mp3", "wav", "ogg", "m4a", "zip", "gz", "tgz", "tar", "7z",
        "bz2", "xz", "woff", "woff2", "ttf", "otf", "eot", "css", "js", "mjs", "map", "json",
        "yaml", "yml", "toml", "ini", "sh", "ps1", "py", "sql", "md",
    ];
    let extension = rel
        .rsplit('/')
        .next()
        .and_then(|name| name.rsplit_once('.'))
        .map(|(_, x)| x.to_ascii_lowercase());
    !extension.is_some_and(|x| NEVER.contains(&x.as_str()))
}

/// [`svg_holds_script`] for an SVG or XML file (see [`is_svg`]); for another that
/// [`may_be_markup`], the same when it starts as markup does (`<`, after a byte-order mark
/// and spaces), else not: its first kilobyte tells.
fn markup_holds_script(rel: &str, mut file: std::fs::File) -> bool {
    use std::io::Read;
    if is_svg(rel) {
        let lower = rel.to_ascii_lowercase();
        return svg_holds_script(file, lower.ends_with(".svg") || lower.ends_with(".svgz"));
    }
    let mut start = [0u8; 1024];
    let mut read = 0;
    while read < start.len() {
        match file.read(&mut start[read..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => read += n,
        }
    }
    let text = &start[..read];
    let text = text.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(text);
    let markup = text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    if !markup {
        return false;
    }
    let mut rest = Vec::new();
    if file.read_to_end(&mut rest).is_err() {
        return true;
    }
    let mut whole = start[..read].to_vec();
    whole.extend(rest);
    holds_script(&whole, false)
}

/// Whether an SVG or XML file (an SVG image when `image`) holds what may run as script when
/// it is opened as a page: in SVG or XHTML, a `script` element under any prefix (`<script`,
/// `<svg:script`), an event handler attribute (`onload=`), a value that is a `javascript:`
/// URL or a document in a `data:` URL, an iframe's `srcdoc`; in any XML, a stylesheet (which
/// may make a document of it) or a DTD's entities (which can expand into any of those). What
/// cannot be read as text is taken as holding script: a compressed `.svgz`, UTF-16 (a script
/// in it is invisible to a byte search), as they are rare. Only `markdown.allow_html: false`
/// makes this an error (`validate::script_files`).
fn svg_holds_script(mut file: std::fs::File, image: bool) -> bool {
    use std::io::Read;
    let mut bytes = Vec::new();
    if file.read_to_end(&mut bytes).is_err() {
        return false;
    }
    holds_script(&bytes, image)
}

/// [`svg_holds_script`] for the bytes of a file. Character references are read first, as the
/// browser reads them (`xhtm&#108;` is XHTML's namespace, `javascript&#58;` a script URL).
fn holds_script(bytes: &[u8], image: bool) -> bool {
    if bytes.starts_with(&[0x1f, 0x8b]) || bytes.contains(&0) {
        return true;
    }
    let text = decode_character_references(&String::from_utf8_lossy(bytes)).to_ascii_lowercase();
    // A stylesheet can make any document of it, and a DTD's entities any text.
    if ["<?xml-stylesheet", "<!entity"]
        .iter()
        .any(|m| text.contains(m))
    {
        return true;
    }
    // Script runs only in SVG and XHTML: in other XML (a BPMN model's `<script>`, a XAML
    // label saying "JavaScript: …") nothing does, and a browser shows the file as a tree.
    let runs_markup = image
        || ["http://www.w3.org/1999/xhtml", "http://www.w3.org/2000/svg"]
            .iter()
            .any(|ns| text.contains(ns));
    if !runs_markup {
        return false;
    }
    let b = text.as_bytes();
    // `<script`, `<svg:script`, `<é:script`: an element named script, with or without a
    // prefix (of any letters: XML names are not ASCII only).
    let script_element = text.match_indices("script").any(|(at, _)| {
        match b[..at].last() {
            Some(b'<') => true,
            // `<prefix:script`: the prefix runs back to the `<`.
            Some(b':') => {
                let prefix_start = text[..at - 1]
                    .rfind(|c: char| {
                        c.is_whitespace() || matches!(c, '<' | '>' | '/' | '"' | '\'' | '=')
                    })
                    .map_or(0, |i| i + 1);
                prefix_start > 0 && b[prefix_start - 1] == b'<'
            }
            _ => false,
        }
    });
    if script_element || text.contains("srcdoc") {
        return true;
    }
    // A value that is a URL running script (`href="javascript:…"`, `values="java\tscript:…"`,
    // a document in a `data:` URL), read as a browser reads a URL: spaces, tabs and line
    // breaks in it ignored. Text that names JavaScript (`<text>JavaScript: React</text>`,
    // which draw.io and Mermaid labels say) is no value.
    let script_url = text.match_indices('=').any(|(at, _)| {
        let value = text[at + 1..].trim_start();
        let value = value.strip_prefix(['"', '\'']).unwrap_or(value);
        let start: String = value
            .chars()
            .take(64)
            .filter(|c| !c.is_ascii_whitespace() && !c.is_ascii_control())
            .collect();
        [
            "javascript:",
            "vbscript:",
            "data:text/html",
            "data:application/xhtml",
            "data:image/svg",
        ]
        .iter()
        .any(|scheme| start.starts_with(scheme))
    });
    if script_url {
        return true;
    }
    // ` onload=`, `\tonclick =`: an attribute named on… after a space.
    text.match_indices("on").any(|(at, _)| {
        at > 0
            && b[at - 1].is_ascii_whitespace()
            && b[at + 2..]
                .iter()
                .position(|c| !c.is_ascii_alphabetic())
                .is_some_and(|n| {
                    n > 0
                        && b[at + 2 + n..].iter().find(|c| !c.is_ascii_whitespace()) == Some(&b'=')
                })
    })
}

/// `text` with its numeric character references (`&#108;`, `&#x6C;`) as the characters they
/// are; the rest as written.
fn decode_character_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let (digits, radix) = match after.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (after, 10),
        };
        let len = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        let value = u32::from_str_radix(&digits[..len], radix).ok();
        match value.and_then(char::from_u32) {
            Some(c) if len > 0 => {
                out.push(c);
                let consumed = after.len() - digits.len() + len;
                rest = &after[consumed..];
                rest = rest.strip_prefix(';').unwrap_or(rest);
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The site whose content folder holds `dir` (which need not exist yet), as a path to write
/// where `dir` was written (`..`, `../..`), if any: a folder of its pages, where a new site
/// does not belong.
pub fn enclosing_site(dir: &Path) -> Option<PathBuf> {
    let existing = dir
        .ancestors()
        .find(|a| a.as_os_str().is_empty() || a.exists())?;
    let existing = if existing.as_os_str().is_empty() {
        Path::new(".")
    } else {
        existing
    };
    let real = existing.canonicalize().ok()?;
    for (up, ancestor) in real.ancestors().enumerate().skip(1) {
        if !ancestor.join(CONFIG_FILE).is_file() {
            continue;
        }
        let content_dir = match config(ancestor) {
            Ok(Ok(config)) => config.content_dir,
            _ => return None,
        };
        let content = ancestor.join(content_dir).canonicalize().ok()?;
        if !real.starts_with(&content) {
            return None;
        }
        // `existing` and `up` folders above it, written lexically (`wiki/content` and two
        // up is `.`; `.` and two up is `../..`).
        let mut path: Vec<std::path::Component> = existing.components().collect();
        for _ in 0..up {
            match path.last() {
                Some(std::path::Component::Normal(_)) => {
                    path.pop();
                }
                _ => path.push(std::path::Component::ParentDir),
            }
        }
        path.retain(|c| *c != std::path::Component::CurDir);
        return Some(if path.is_empty() {
            PathBuf::from(".")
        } else {
            path.iter().collect()
        });
    }
    None
}

fn has_markdown(dir: &Path) -> bool {
    WalkDir::new(dir)
        .max_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file() && is_markdown(&e.file_name().to_string_lossy()))
}

/// Which part of another tool's page furniture `rel` is, if it is one: a GitHub wiki's
/// `_Sidebar.md`, `_Footer.md` and `_Header.md` (in any folder), GitBook's `SUMMARY.md` (its
/// table of contents, at the top of the content).
fn furniture(rel: &str) -> Option<&'static str> {
    if rel == "SUMMARY.md" {
        return Some("mdBook's or GitBook's table of contents");
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match stem.to_ascii_lowercase().as_str() {
        "_sidebar" => Some("a GitHub wiki's sidebar"),
        "_footer" => Some("a GitHub wiki's footer"),
        "_header" => Some("a GitHub wiki's header"),
        _ => None,
    }
}

/// Whether a file is a page: Markdown, or MDX.
pub fn is_markdown(rel: &str) -> bool {
    crate::url::is_page_file(rel)
}

/// What [`walk`] reads and how it names what it finds.
struct Walk<'a> {
    /// The site folder, canonical: a symbolic link to anything outside it is not followed.
    site_root: Option<PathBuf>,
    /// A folder never to read from (the output folder).
    skip: &'a Path,
    /// How the walked folder is named in diagnostics (`content`, `static`).
    label: &'a str,
    /// Keep files and folders whose names start with a dot (`static/.well-known/`,
    /// `.nojekyll`, `.htaccess`), but for version control's and editors' own.
    keep_dotfiles: bool,
    /// Paths from the walked folder to leave out (`ignore` in opsbook.yaml).
    ignore: Option<globset::GlobSet>,
    /// The site's own files and folders under the walked folder, from it (`opsbook.yaml`,
    /// `static`): not the folder's content.
    site_files: Vec<PathBuf>,
    /// The site's `templates/` under the walked folder, from it: its HTML files are the
    /// theme's templates, not the folder's content.
    site_templates: Option<PathBuf>,
}

fn walk_options<'a>(root: &Path, skip: &'a Path, label: &'a str) -> Walk<'a> {
    Walk {
        site_root: root.canonicalize().ok(),
        skip,
        label,
        keep_dotfiles: false,
        ignore: None,
        site_files: Vec::new(),
        site_templates: None,
    }
}

/// Dot-names that are no part of a site even in `static/`: version control's folders, the
/// macOS Finder's files and editors' locks and swap files.
fn is_tool_dotfile(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    matches!(
        name.as_ref(),
        ".git" | ".gitignore" | ".gitkeep" | ".hg" | ".svn" | ".DS_Store"
    ) || name.starts_with(".#")
        || (name.starts_with('.') && is_ignored_name(std::ffi::OsStr::new(&name[1..])))
}

/// Walks `dir` in a deterministic order, skipping hidden entries, editors' leftovers
/// ([`is_ignored_name`]) and the options' `skip`, and returns
/// (path relative to `dir` with `/` separators, full path) for each file. A symbolic link is
/// followed only to a file or folder inside the site: one to `/proc/self/environ` or to a
/// folder elsewhere on the machine would publish what the build can read (a CI runner's
/// secrets among it), so it is an error and left out.
fn walk(dir: &Path, options: &Walk, diagnostics: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let Walk {
        site_root,
        skip,
        label,
        keep_dotfiles,
        ignore,
        site_files,
        site_templates,
    } = options;
    let mut files = Vec::new();
    let canonical_root = dir.canonicalize().ok();
    // Compared as a path below `dir`, since `skip` may be spelt differently (`./content/out`,
    // an absolute path, a link to the site): an output read back as content would come back
    // in the next build as pages, or copy itself into itself, one level deeper each time.
    let skip_below = canonical_root
        .as_deref()
        .and_then(|root| Some(canonical(skip)?.strip_prefix(root).ok()?.to_path_buf()))
        .filter(|rel| !rel.as_os_str().is_empty());
    let ignored = |name: &std::ffi::OsStr| {
        if *keep_dotfiles && name.to_string_lossy().starts_with('.') {
            is_tool_dotfile(name)
        } else {
            is_ignored_name(name)
        }
    };
    let mut walker = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let left_out = ignored(e.file_name())
                || ignore.as_ref().is_some_and(|set| {
                    let rel = e.path().strip_prefix(dir).unwrap_or(e.path());
                    set.is_match(rel.to_string_lossy().replace('\\', "/"))
                })
                || skip_below.as_deref() == e.path().strip_prefix(dir).ok()
                || e.path().strip_prefix(dir).is_ok_and(|rel| {
                    site_files.iter().any(|own| own == rel)
                        || site_templates.as_deref().is_some_and(|templates| {
                            rel.starts_with(templates)
                                && rel.extension().is_some_and(|x| x == "html")
                        })
                })
                // An output of an earlier build (`--out content/out`), which this run's
                // `skip` may not name: opsbook's mark in it says what it is.
                || (e.file_type().is_dir() && e.path().join(crate::output::MARKER).is_file());
            e.depth() == 0 || !left_out
        });
    let name_of = |path: &Path| {
        let rel = path.strip_prefix(dir).unwrap_or(path);
        format!("{label}/{}", rel.to_string_lossy().replace('\\', "/"))
    };
    while let Some(entry) = walker.next() {
        if let Ok(entry) = &entry
            && entry.path_is_symlink()
            && entry.depth() > 0
        {
            let target = entry.path().canonicalize();
            let problem = match (&target, site_root) {
                // A link to a folder that contains the walk (`content/loop -> ..`) would read
                // the whole site again under a new name; walkdir only notices once it comes
                // back round.
                (Ok(target), _)
                    if entry.file_type().is_dir()
                        && canonical_root
                            .as_ref()
                            .is_some_and(|r| r.starts_with(target)) =>
                {
                    Some((
                        "symbolic link loop: this folder links back to one of its parents"
                            .to_string(),
                        "remove the link; the folder is left out of the site".to_string(),
                    ))
                }
                (Ok(target), Some(site)) if !target.starts_with(site) => Some((
                    format!(
                        "symbolic link to `{}`, outside the site folder: opsbook does not publish what is outside the site",
                        target.display()
                    ),
                    "copy what the page needs into the site (the link is left out)".to_string(),
                )),
                // A link to what the walk leaves out (`.git/config`, which holds a CI
                // checkout's token; `.env`) would publish it under the link's name: below
                // the walked folder by its rules, elsewhere in the site if hidden at all.
                (Ok(target), Some(site))
                    if match canonical_root.as_deref().map(|r| target.strip_prefix(r)) {
                        Some(Ok(rel)) => rel.components().any(|c| ignored(c.as_os_str())),
                        _ => target.strip_prefix(site).is_ok_and(|rel| {
                            rel.components().any(|c| is_ignored_name(c.as_os_str()))
                        }),
                    } =>
                {
                    Some((
                        format!(
                            "symbolic link to `{}`, which is hidden or a tool's own: opsbook does not publish it",
                            target.strip_prefix(site).unwrap_or(target).display()
                        ),
                        "copy what the page needs into the site under a name without a leading dot (the link is left out)".to_string(),
                    ))
                }
                _ => None,
            };
            if let Some((message, help)) = problem {
                diagnostics.push(
                    Diagnostic::error("unreadable", name_of(entry.path()), message).with_help(help),
                );
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                // A name that is not UTF-8 (Latin-1 `caf\xe9.md` from an old machine) has no
                // address: its bytes were replaced and dropped (`/caf/`), two such names met
                // at one, and nothing said why.
                if rel.to_str().is_none() {
                    diagnostics.push(
                        Diagnostic::error(
                            "invalid-utf8",
                            name_of(entry.path()),
                            "this file's name is not UTF-8 text, so it has no address: it is left out",
                        )
                        .with_help("rename it in UTF-8 (with `convmv -f latin1 -t utf8 --notest`, or by hand)"),
                    );
                    continue;
                }
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((rel, entry.into_path()));
            }
            Ok(_) => {}
            // What the walk leaves out, unreadable or not: Emacs' lock beside a page it edits
            // (`.#page.md`, a link to nothing) put an error on every page of the preview.
            Err(e) if e.path().and_then(Path::file_name).is_some_and(&ignored) => {}
            Err(e) => {
                let rel = e
                    .path()
                    .and_then(|p| p.strip_prefix(dir).ok())
                    .map(|p| format!("{label}/{}", p.to_string_lossy().replace('\\', "/")))
                    .unwrap_or_else(|| label.to_string());
                let message = if e.loop_ancestor().is_some() {
                    "symbolic link loop: this folder links back to one of its parents".to_string()
                } else {
                    format!(
                        "cannot read: {}",
                        e.io_error()
                            .map_or_else(|| e.to_string(), |io| io.to_string())
                    )
                };
                diagnostics.push(
                    Diagnostic::error("unreadable", rel, message)
                        .with_help("fix or remove the entry; it is left out of the site"),
                );
            }
        }
    }
    files
}

fn read_text(path: &Path, source: &str) -> Result<String, Box<Diagnostic>> {
    match read_page_text(path, source)? {
        (_, Some(not_utf8)) => Err(not_utf8),
        (text, None) => Ok(text),
    }
}

/// [`read_text`] for a page: text with a byte that is not UTF-8 (Latin-1 pasted from a
/// spreadsheet) is still read, the byte as U+FFFD, with the error beside it. Left out, the
/// page being edited turned into the 404 page in the preview, and every link to it into a
/// "does not exist" error about a file that is there.
fn read_page_text(
    path: &Path,
    source: &str,
) -> Result<(String, Option<Box<Diagnostic>>), Box<Diagnostic>> {
    let bytes = std::fs::read(path).map_err(|e| {
        Box::new(
            Diagnostic::error("unreadable", source, format!("cannot read the file: {e}"))
                .with_help("fix its permissions; until then it is left out of the site"),
        )
    })?;
    // UTF-16, as Windows PowerShell 5 saves files, starts with its byte-order mark (and is
    // half zero bytes): neither binary data nor Latin-1.
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Box::new(
            Diagnostic::error(
                "invalid-utf8",
                source,
                "this file is UTF-16 text, not UTF-8",
            )
            .with_help("save it as UTF-8 (in PowerShell, `Set-Content -Encoding utf8`; in an editor, its \"encoding\" option)"),
        ));
    }
    if bytes.contains(&0) {
        return Err(Box::new(
            Diagnostic::error(
                "not-text",
                source,
                "this Markdown file contains binary data",
            )
            .with_help("rename it if it is not a page, or save it as UTF-8 text"),
        ));
    }
    // TextEdit's rich text, saved under the `.md` name the writer typed.
    if bytes.starts_with(b"{\\rtf") {
        return Err(Box::new(
            Diagnostic::error(
                "not-text",
                source,
                "this file is rich text (RTF), not Markdown",
            )
            .with_help(
                "save it as plain text (in TextEdit, Format > Make Plain Text, then save as UTF-8)",
            ),
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let text = match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => text,
            };
            // Lines ended by `\r` alone, as classic Mac OS and some exports write them, are
            // lines (CommonMark reads them so): read as one line, the front matter was not.
            let text = if text.contains('\r') && !text.contains('\n') {
                text.replace('\r', "\n")
            } else {
                text
            };
            Ok((text, None))
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            // Show the line with the bad byte as U+FFFD, and point at it.
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let offset = String::from_utf8_lossy(&bytes[..at]).len();
            let byte = bytes[at];
            let guess = if byte >= 0x80 {
                "; it looks like Latin-1 or Windows-1252"
            } else {
                ""
            };
            let d = Diagnostic::error(
                "invalid-utf8",
                source,
                format!("byte 0x{byte:02X} is not UTF-8{guess}"),
            )
            .with_help("save the file as UTF-8 (most editors have an \"encoding\" option)");
            let d = Box::new(d.at_offset(&lossy, offset, 1));
            Ok((strip_bom(&lossy).to_string(), Some(d)))
        }
    }
}

fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_text_is_told_apart_from_binary_data_and_latin1() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("page.md");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("# Hi".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        std::fs::write(&path, utf16).unwrap();
        let d = read_text(&path, "content/page.md").unwrap_err();
        assert_eq!(
            (d.code, d.message.as_str()),
            ("invalid-utf8", "this file is UTF-16 text, not UTF-8")
        );
    }

    #[test]
    fn a_path_takes_the_date_of_its_newest_commit_in_utc() {
        // 1789101000 is 2026-09-10 23:30 in Chicago, already 2026-09-11 in UTC.
        let log = b"\x011789101000 aaaa\0\na/x.md\0\x011772618400 \0\na/x.md\0a/\xc3\xbc b.md\0";
        let (dates, cut_off) = parse_git_log(&log[..], "", false);
        assert_eq!(dates.len(), 2);
        assert_eq!(dates["a/x.md"].to_string(), "2026-09-11");
        assert_eq!(dates["a/ü b.md"].to_string(), "2026-03-04");
        assert!(
            cut_off.is_empty(),
            "a repository's first commit dates its files"
        );
        // In a shallow clone, a commit without parents is where the history is cut: its
        // files' last changes are not known.
        let (dates, cut_off) = parse_git_log(&log[..], "", true);
        assert_eq!(dates.len(), 2);
        assert_eq!(cut_off, ["a/ü b.md"]);
        // Paths from the repository's top, read from the content folder's.
        let (dates, _) = parse_git_log(&log[..], "a/", false);
        assert_eq!(
            dates
                .keys()
                .map(String::as_str)
                .collect::<std::collections::BTreeSet<_>>(),
            ["x.md", "ü b.md"].into()
        );
    }
}
