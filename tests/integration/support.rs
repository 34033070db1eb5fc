//! Test harness: copies a fixture site into a temporary folder, runs `opsbook` on it with a
//! clean environment and a pinned "today", and reads back what was written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

/// The day every test judges review dates against, so results never rot.
pub const TODAY: &str = "2026-11-22";

/// A site in a temporary folder.
pub struct SiteTest {
    /// Keeps the folder alive for the test's duration.
    _temp: tempfile::TempDir,
    /// The site root.
    pub root: PathBuf,
}

/// What a run of `opsbook` did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl SiteTest {
    /// Copies `tests/fixtures/<name>` into a fresh temporary folder.
    pub fn fixture(name: &str) -> SiteTest {
        Self::copy_of(&repo().join("tests/fixtures").join(name))
    }

    /// Copies the example site.
    pub fn example_site() -> SiteTest {
        Self::copy_of(&repo().join("example-site"))
    }

    fn copy_of(from: &Path) -> SiteTest {
        let temp = tempfile::tempdir().expect("temporary folder");
        let root = temp.path().join("site");
        copy_dir(from, &root);
        SiteTest { _temp: temp, root }
    }

    /// Runs `opsbook <args>` in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with_env(args, &[])
    }

    /// Runs `opsbook <args>` in the site folder with the environment variables `env` set.
    pub fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let output: Output = Command::cargo_bin("opsbook")
            .expect("opsbook binary")
            .current_dir(&self.root)
            .env_remove("SOURCE_DATE_EPOCH")
            .env_remove("NO_COLOR")
            .envs(env.iter().copied())
            .args(args)
            .output()
            .expect("running opsbook");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// `opsbook build . --today TODAY <extra>`.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args = vec!["build", ".", "--today", TODAY];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `opsbook check . --today TODAY <extra>`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args = vec!["check", ".", "--today", TODAY];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `opsbook report . --today TODAY <extra>`.
    pub fn report(&self, extra: &[&str]) -> Run {
        let mut args = vec!["report", ".", "--today", TODAY];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Path of a file in the site.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Writes a file in the site, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Reads a built file (under `public/` unless `rel` says otherwise).
    pub fn read_output(&self, rel: &str) -> String {
        let path = self.root.join("public").join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
    }
}

impl Run {
    /// The diagnostics of a run with `--format json`.
    pub fn diagnostics(&self) -> Vec<serde_json::Value> {
        serde_json::from_str::<serde_json::Value>(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// The help of each diagnostic about `path`, of a run with `--format json`.
    pub fn helps_for(&self, path: &str) -> Vec<String> {
        self.diagnostics()
            .iter()
            .filter(|d| d["path"] == path)
            .map(|d| d["help"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// Asserts the exit code, showing the output when it differs.
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() == "public" {
                continue;
            }
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir`: relative path → bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    fn walk(base: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap())
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, files);
            } else {
                let rel = path
                    .strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read(&path).unwrap());
            }
        }
    }
    walk(dir, dir, &mut files);
    files
}

/// The values of every `href="…"` and `src="…"` attribute in an HTML document.
pub fn links_in(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for attr in [" href=\"", " src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let after = &rest[i + attr.len()..];
            let end = after.find('"').unwrap_or(after.len());
            links.push(after[..end].replace("&amp;", "&"));
            rest = &after[end..];
        }
    }
    links
}

/// Resolves a relative link found in output file `from` (relative path in the output) to the
/// output file it names, or `None` for external links and same-page fragments.
pub fn resolve_output_link(from: &str, link: &str) -> Option<(String, Option<String>)> {
    if link.is_empty()
        || link.starts_with('#')
        || link.starts_with("//")
        || link.contains("://")
        || link.starts_with("mailto:")
        || link.starts_with("data:")
        || link.starts_with("javascript:")
    {
        return None;
    }
    let (path, fragment) = match link.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (link, None),
    };
    let path = path.split('?').next().unwrap();
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    if path.starts_with('/') {
        parts.clear();
    }
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                assert!(
                    parts.pop().is_some(),
                    "link {link} in {from} climbs above the site root"
                );
            }
            p => parts.push(p),
        }
    }
    let mut target = parts.join("/");
    if path.ends_with('/') || path.is_empty() || target.is_empty() {
        if !target.is_empty() {
            target.push('/');
        }
        target.push_str("index.html");
    }
    Some((target, fragment))
}
