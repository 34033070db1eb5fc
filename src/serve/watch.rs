//! Watching the site folder for `opsbook serve`: which paths matter and what kind of change
//! each one is ([`Layout::classify`], pure), the [`ChangeSet`] a burst of events becomes, and
//! the notify watcher with its debouncer.
//!
//! Only the folders a build reads are watched (`content/`, `templates/`, `static/`
//! recursively, or with `content_dir: .` each folder of the root but hidden ones and the
//! output; the site root itself without recursion, for `opsbook.yaml`, `owners.yaml` and
//! folders that appear later), so a busy `.git/` or output folder costs nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::config::CONFIG_FILE;
use crate::owners::OWNERS_FILE;

/// How long the file system must be quiet before a burst of events is reported. Editors
/// that save through a temporary file or truncate then write do so within a few
/// milliseconds, and `git checkout` keeps the file system busy until it is done; a longer
/// window would only delay every reload (the preview aims at under 100 ms from save to
/// reload). A build caught mid-save is simply followed by the next one.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// The longest a burst of changes is held back while changes keep coming.
pub const MAX_BURST: Duration = Duration::from_secs(2);

/// Folders of the site root, besides the content folder, that a build reads.
const TEMPLATES_DIR: &str = "templates";
const STATIC_DIR: &str = "static";

/// What a changed path means for the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ChangeKind {
    /// A Markdown page under the content folder.
    Page,
    /// Any other path under the content folder: a co-located asset, or a folder (created,
    /// removed or renamed, so its contents must be looked at again).
    ContentFile,
    /// `opsbook.yaml` (or MkDocs' `mkdocs.yml`, whose `nav:` orders the pages, or mdBook's
    /// `SUMMARY.md`, whose chapters do).
    Config,
    /// `owners.yaml`.
    Owners,
    /// A file or folder under the site's `templates/`.
    Template,
    /// A file or folder under the site's `static/`.
    Static,
    /// Not part of the build: hidden files, editor temporary files, the output folder,
    /// anything else in the site root.
    Ignored,
}

impl ChangeKind {
    /// True when any page may render differently after this change (configuration, owners,
    /// templates): the incremental path must rebuild everything, and browsers reload every
    /// page.
    pub fn affects_everything(self) -> bool {
        matches!(
            self,
            ChangeKind::Config | ChangeKind::Owners | ChangeKind::Template
        )
    }
}

/// Where things are in a site folder, as far as watching is concerned.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The content folder, relative to the site root (`content`).
    pub content_dir: PathBuf,
    /// The output folder relative to the site root, when it is inside it (`public`).
    pub output_dir: Option<PathBuf>,
    /// The content the configuration's `ignore:` leaves out (paths from the content folder):
    /// a change there is none (an `npm install` under it was a rebuild, and a line, a file).
    pub ignore: Option<globset::GlobSet>,
}

impl Layout {
    /// The layout of a site whose configuration says `content_dir`, building into `output`
    /// (absolute, or relative to the current folder like `root`).
    pub fn new(root: &Path, content_dir: &str, output: &Path) -> Layout {
        let output_dir = output
            .strip_prefix(root)
            .map(Path::to_path_buf)
            .ok()
            .or_else(|| {
                // `root` may be canonical while `output` is not, or the other way round.
                let (r, o) = (root.canonicalize().ok()?, output.canonicalize().ok()?);
                o.strip_prefix(&r).ok().map(Path::to_path_buf)
            })
            .map(|p| normal(&p))
            .filter(|p| !p.as_os_str().is_empty());
        Layout {
            content_dir: normal(Path::new(content_dir)),
            output_dir,
            ignore: None,
        }
    }

    /// This layout, with the content `ignore` leaves out (see [`Layout::ignore`]).
    pub fn ignoring(self, ignore: Option<globset::GlobSet>) -> Layout {
        Layout { ignore, ..self }
    }

    /// Whether the content path `rel` (from the content folder), or a folder it is in, is
    /// left out by `ignore:`, as the build's walk leaves it out.
    fn ignored_content(&self, rel: &Path) -> bool {
        let Some(set) = &self.ignore else {
            return false;
        };
        let mut path = PathBuf::new();
        rel.iter().any(|part| {
            path.push(part);
            set.is_match(path.to_string_lossy().replace('\\', "/"))
        })
    }

    /// What a change to `rel` (a path relative to the site root) means for the build. Pure:
    /// looks at the path only, never at the disk.
    pub fn classify(&self, rel: &Path) -> ChangeKind {
        if rel
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
        {
            return ChangeKind::Ignored;
        }
        let rel = normal(rel);
        let mut names = rel.iter();
        let Some(first) = names.next() else {
            return ChangeKind::Ignored;
        };
        if rel.iter().any(crate::load::is_ignored_name) {
            return ChangeKind::Ignored;
        }
        if let Some(out) = &self.output_dir
            && rel.starts_with(out)
        {
            return ChangeKind::Ignored;
        }
        let is_page = crate::url::is_page_file(&rel.to_string_lossy());
        let content_file = || {
            if is_page {
                ChangeKind::Page
            } else {
                ChangeKind::ContentFile
            }
        };
        // `content_dir: .`: the site root is the content folder, but for what a build reads
        // from the root otherwise (Markdown under `templates/` is pages of the templates kind,
        // its HTML the site's templates).
        let content_is_root = self.content_dir.as_os_str().is_empty();
        // mdBook's `SUMMARY.md` orders the pages, as MkDocs' `nav:` does.
        if rel == self.content_dir.join("SUMMARY.md") {
            return ChangeKind::Config;
        }
        let under_content = rel.strip_prefix(&self.content_dir).unwrap_or(&rel);
        if (content_is_root || rel.starts_with(&self.content_dir))
            && !under_content.as_os_str().is_empty()
            && self.ignored_content(under_content)
        {
            return ChangeKind::Ignored;
        }
        if !content_is_root && rel.starts_with(&self.content_dir) {
            return if rel == self.content_dir {
                ChangeKind::ContentFile
            } else {
                content_file()
            };
        }
        // A folder the content folder is in (`wiki` of `content_dir: wiki/content`), removed
        // or made again: the content folder with it, whose watch must be made again too.
        if !content_is_root && self.content_dir.starts_with(&rel) {
            return ChangeKind::ContentFile;
        }
        let at_root = names.next().is_none();
        if first == TEMPLATES_DIR && !(content_is_root && is_page) {
            ChangeKind::Template
        } else if first == STATIC_DIR {
            ChangeKind::Static
        } else if at_root
            && (first == CONFIG_FILE
                || crate::parse::MKDOCS_FILES
                    .iter()
                    .any(|name| first == std::ffi::OsStr::new(name)))
        {
            // MkDocs' `nav:` orders a site moved from MkDocs.
            ChangeKind::Config
        } else if at_root && first == OWNERS_FILE {
            ChangeKind::Owners
        } else if content_is_root && at_root && is_log(first) {
            // `opsbook serve > serve.log` in the site's root: the log changing at every build
            // set off the next one, for ever.
            ChangeKind::Ignored
        } else if content_is_root {
            content_file()
        } else {
            ChangeKind::Ignored
        }
    }

    /// The folders to watch recursively, relative to the site root (`root`, whose folders
    /// are the content's with `content_dir: .`: each one but the output folder is watched,
    /// rather than the root, so that `.git/` and the output cost nothing there either).
    fn watched_dirs(&self, root: &Path) -> Vec<PathBuf> {
        let mut dirs = vec![PathBuf::from(TEMPLATES_DIR), PathBuf::from(STATIC_DIR)];
        if !self.content_dir.as_os_str().is_empty() {
            dirs.insert(0, self.content_dir.clone());
            return dirs;
        }
        let folders = std::fs::read_dir(root).into_iter().flatten().flatten();
        for entry in folders {
            let name = PathBuf::from(entry.file_name());
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir
                && !crate::load::is_ignored_name(name.as_os_str())
                && self.output_dir.as_ref() != Some(&name)
                && !dirs.contains(&name)
            {
                dirs.push(name);
            }
        }
        dirs
    }
}

/// Whether a file is a log a command's output is kept in (`serve.log`, `nohup.out`).
fn is_log(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.ends_with(".log") || name == "nohup.out"
}

/// `path` with `.` and `..` taken out as written, for a link's target that does not exist
/// (nothing to ask the file system).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` without `.` components.
fn normal(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect()
}

/// The paths a burst of events touched, by kind, with the ignored ones left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Changed paths relative to the site root.
    pub paths: BTreeMap<PathBuf, ChangeKind>,
}

impl ChangeSet {
    /// Adds `rel` (relative to the site root) unless it is ignored.
    pub fn add(&mut self, layout: &Layout, rel: &Path) {
        let kind = layout.classify(rel);
        if kind != ChangeKind::Ignored {
            self.paths.insert(normal(rel), kind);
        }
    }

    /// True when nothing the build reads changed.
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty()
    }

    /// True when a change may alter every page (see [`ChangeKind::affects_everything`]).
    pub fn affects_everything(&self) -> bool {
        self.paths.values().any(|k| k.affects_everything())
    }

    /// True when a path of this kind changed.
    pub fn has(&self, kind: ChangeKind) -> bool {
        self.paths.values().any(|k| *k == kind)
    }

    /// A few words on what changed, for the terminal: the path when there is one.
    pub fn describe(&self) -> String {
        match self.paths.len() {
            0 => "nothing".to_string(),
            // A line break in a file's name would split the terminal's line about it.
            1 => self
                .paths
                .keys()
                .next()
                .map(|p| {
                    p.to_string_lossy()
                        .replace('\\', "/")
                        .replace('\n', "\\n")
                        .replace('\r', "\\r")
                })
                .unwrap_or_default(),
            n => format!("{n} files"),
        }
    }
}

/// Whether a file-system event can mean a file changed. Opening, reading and closing a file
/// after reading are not changes (and the build itself causes them: without this filter each
/// build would trigger the next); closing a file after writing is.
pub fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// A burst of changes: paths (absolute) and watcher errors (as text).
type Batch = (BTreeSet<PathBuf>, Vec<String>);

/// Collects `raw` events into bursts: a burst ends once no change has come for [`DEBOUNCE`],
/// or has gone on for [`MAX_BURST`] (so a file written continuously still gets rebuilt).
fn debounce(raw: Receiver<notify::Result<Event>>, bursts: Sender<Batch>) {
    let mut batch: Batch = (BTreeSet::new(), Vec::new());
    let mut began: Option<Instant> = None;
    loop {
        let received = match began {
            None => raw.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(began) => {
                let left = MAX_BURST.saturating_sub(began.elapsed());
                raw.recv_timeout(DEBOUNCE.min(left))
            }
        };
        match received {
            Ok(Ok(event)) => {
                if is_change(&event.kind) && !event.paths.is_empty() {
                    batch.0.extend(event.paths);
                    began.get_or_insert_with(Instant::now);
                }
            }
            Ok(Err(error)) => {
                batch.1.push(error.to_string());
                began.get_or_insert_with(Instant::now);
            }
            Err(RecvTimeoutError::Timeout) => {
                if bursts.send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
                began = None;
            }
            Err(RecvTimeoutError::Disconnected) => {
                if !batch.0.is_empty() || !batch.1.is_empty() {
                    let _ = bursts.send(batch);
                }
                return;
            }
        }
    }
}

/// The notify watcher on a site folder, with its debouncer.
pub struct Watcher {
    root: PathBuf,
    watcher: Backend,
    bursts: Receiver<Batch>,
    /// Folders watched recursively (absolute).
    watched: BTreeSet<PathBuf>,
    /// The symbolic links in the watched folders, and in the folders they lead to, to
    /// elsewhere in the site (a build follows them): (the link, its target), absolute, the
    /// target canonical, or as written for a link to what does not exist yet. An event at a
    /// target is a change at its link too, or an edit there never reached the preview.
    links: Vec<(PathBuf, PathBuf)>,
    /// What is watched for the links' targets outside the watched folders: a folder
    /// (recursively) or a file's folder (not).
    link_watches: BTreeSet<(PathBuf, bool)>,
}

impl Watcher {
    /// Starts watching `root` (which should be canonical, so event paths start with it).
    /// Returns the watcher and warnings about folders that could not be watched.
    /// With `poll`, the folders are read every [`POLL_EVERY`] rather than told of by the
    /// system, which sends nothing for a folder shared with a container or a virtual machine
    /// (Docker, WSL, NFS).
    pub fn new(root: &Path, layout: &Layout, poll: bool) -> anyhow::Result<(Watcher, Vec<String>)> {
        let (raw_tx, raw) = channel();
        let mut watcher = if poll {
            Backend::Poll(super::poll::Poller::new(raw_tx, POLL_EVERY)?)
        } else {
            Backend::System(notify::recommended_watcher(raw_tx).map_err(|e| {
                anyhow::anyhow!(
                    "cannot watch the site for changes: {e}\nhelp: `--poll` looks for them instead"
                )
            })?)
        };
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| anyhow::anyhow!("cannot watch `{}`: {e}", root.display()))?;
        let (bursts_tx, bursts) = channel();
        std::thread::Builder::new()
            .name("opsbook-watch".into())
            .spawn(move || debounce(raw, bursts_tx))
            .map_err(|e| anyhow::anyhow!("cannot start the file watcher: {e}"))?;
        let mut watcher = Watcher {
            root: root.to_path_buf(),
            watcher,
            bursts,
            watched: BTreeSet::new(),
            links: Vec::new(),
            link_watches: BTreeSet::new(),
        };
        let warnings = watcher.sync(layout, &ChangeSet::default());
        Ok((watcher, warnings))
    }

    /// Watches the site folder and the folders of `layout` again from scratch: after the site
    /// folder itself was removed and made again, no watch of the old one sees anything.
    pub fn rewatch(&mut self, layout: &Layout) -> Vec<String> {
        let _ = self.watcher.unwatch(&self.root);
        let mut warnings = Vec::new();
        if !self.root.is_dir() {
            return warnings;
        }
        if let Err(e) = self.watcher.watch(&self.root, RecursiveMode::NonRecursive) {
            warnings.push(format!("cannot watch `{}`: {e}", self.root.display()));
        }
        for dir in std::mem::take(&mut self.watched) {
            let _ = self.watcher.unwatch(&dir);
        }
        for (path, _) in std::mem::take(&mut self.link_watches) {
            let _ = self.watcher.unwatch(&path);
        }
        warnings.extend(self.sync(layout, &ChangeSet::default()));
        warnings
    }

    /// Makes the recursive watches match `layout`: watches folders that exist and are not
    /// watched yet, or that `changes` show were removed or replaced (a new folder at the same
    /// path needs a new watch), and stops watching folders no longer in the layout. Returns
    /// warnings about folders that could not be watched.
    pub fn sync(&mut self, layout: &Layout, changes: &ChangeSet) -> Vec<String> {
        let mut warnings = Vec::new();
        let wanted: BTreeSet<PathBuf> = layout
            .watched_dirs(&self.root)
            .into_iter()
            .map(|d| self.root.join(d))
            .collect();
        for gone in self
            .watched
            .difference(&wanted)
            .cloned()
            .collect::<Vec<_>>()
        {
            let _ = self.watcher.unwatch(&gone);
            self.watched.remove(&gone);
        }
        for dir in wanted {
            // The folder itself, or one it is in, was removed or replaced.
            let touched = dir
                .strip_prefix(&self.root)
                .is_ok_and(|rel| changes.paths.keys().any(|changed| rel.starts_with(changed)));
            if self.watched.contains(&dir) {
                if !touched && dir.is_dir() {
                    continue;
                }
                let _ = self.watcher.unwatch(&dir);
                self.watched.remove(&dir);
            }
            if !dir.is_dir() {
                continue;
            }
            match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watched.insert(dir);
                }
                Err(e) => warnings.push(format!(
                    "cannot watch `{}`: {e}; changes there will not be seen (`--poll` looks for them instead)",
                    dir.display()
                )),
            }
        }
        // The links are looked for again only when the change may have made or moved one (a
        // path that is a link or a folder now, or is gone): an edit of a page costs nothing.
        let relinked = changes.paths.is_empty()
            || changes.paths.keys().any(|rel| {
                std::fs::symlink_metadata(self.root.join(rel))
                    .map_or(true, |m| m.file_type().is_symlink() || m.is_dir())
            });
        if relinked {
            self.links = self.find_links();
            warnings.extend(self.watch_link_targets());
        }
        warnings
    }

    /// The symbolic links in the watched folders, and in the folders they lead to, whose
    /// targets are in the site (each folder looked through once: links in a loop end).
    fn find_links(&self) -> Vec<(PathBuf, PathBuf)> {
        let mut links = Vec::new();
        let mut to_look: Vec<PathBuf> = self.watched.iter().cloned().collect();
        let mut looked: BTreeSet<PathBuf> = BTreeSet::new();
        while let Some(dir) = to_look.pop() {
            if !looked.insert(dir.clone()) {
                continue;
            }
            for entry in walkdir::WalkDir::new(&dir)
                .into_iter()
                .filter_map(Result::ok)
            {
                if !entry.path_is_symlink() {
                    continue;
                }
                let link = entry.into_path();
                let target = match link.canonicalize() {
                    Ok(target) => target,
                    // Not there yet: where it will be, as the link says.
                    Err(_) => match std::fs::read_link(&link) {
                        Ok(to) => lexical(&link.parent().unwrap_or(&self.root).join(to)),
                        Err(_) => continue,
                    },
                };
                if !target.starts_with(&self.root) {
                    continue;
                }
                if target.is_dir() {
                    to_look.push(target.clone());
                }
                links.push((link, target));
            }
        }
        links
    }

    /// Watches the links' targets that no watch of a folder covers.
    fn watch_link_targets(&mut self) -> Vec<String> {
        let wanted: BTreeSet<(PathBuf, bool)> = self
            .links
            .iter()
            .filter(|(_, target)| !self.watched.iter().any(|w| target.starts_with(w)))
            .filter_map(|(_, target)| {
                if target.is_dir() {
                    Some((target.clone(), true))
                } else if !target.exists() {
                    // Seen by the watches of the folders above it when it is made.
                    None
                } else {
                    // A file's folder: an editor that saves by renaming replaces the file.
                    Some((target.parent()?.to_path_buf(), false))
                }
            })
            .collect();
        for (gone, _) in self.link_watches.difference(&wanted) {
            let _ = self.watcher.unwatch(gone);
        }
        let mut warnings = Vec::new();
        for (path, recursive) in &wanted {
            if self.link_watches.contains(&(path.clone(), *recursive)) {
                continue;
            }
            let mode = if *recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            if let Err(e) = self.watcher.watch(path, mode) {
                warnings.push(format!(
                    "cannot watch `{}`: {e}; changes there will not be seen",
                    path.display()
                ));
            }
        }
        self.link_watches = wanted;
        warnings
    }

    /// Waits at most `wait` for the next burst of changes and returns it with every burst
    /// already queued behind it, as paths relative to the site root (and watcher errors, as
    /// text).
    pub fn next_batch_within(&self, wait: std::time::Duration) -> Waited {
        match self.bursts.recv_timeout(wait) {
            Ok(first) => Waited::Changes(self.with_queued(first)),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Waited::Quiet,
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Waited::Stopped,
        }
    }

    fn with_queued(&self, first: Batch) -> Changes {
        let (mut paths, mut errors) = first;
        while let Ok((more, more_errors)) = self.bursts.try_recv() {
            paths.extend(more);
            errors.extend(more_errors);
        }
        // A change at a link's target is one at the link, where the build reads it (through a
        // link in a linked folder, once for each link on the way); so is the making of a
        // missing target, or of a folder it is to be in.
        let mut linked: Vec<PathBuf> = Vec::new();
        let mut last: Vec<PathBuf> = paths.iter().cloned().collect();
        for _ in 0..4 {
            let found: Vec<PathBuf> = last
                .iter()
                .flat_map(|p| {
                    self.links.iter().filter_map(move |(link, target)| {
                        if let Ok(rest) = p.strip_prefix(target) {
                            return Some(if rest.as_os_str().is_empty() {
                                link.clone()
                            } else {
                                link.join(rest)
                            });
                        }
                        (target.starts_with(p) && !target.exists()).then(|| link.clone())
                    })
                })
                .filter(|p| !linked.contains(p) && !paths.contains(p))
                .collect();
            if found.is_empty() {
                break;
            }
            linked.extend(found.iter().cloned());
            last = found;
        }
        let rel = paths
            .into_iter()
            .chain(linked)
            .filter_map(|p| p.strip_prefix(&self.root).ok().map(Path::to_path_buf))
            .collect();
        (rel, errors)
    }
}

/// What tells of changes: the system's notifications, or reading the folders (`--poll`).
enum Backend {
    System(RecommendedWatcher),
    Poll(super::poll::Poller),
}

impl Backend {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            Backend::System(watcher) => watcher.watch(path, mode),
            Backend::Poll(poller) => poller.watch(path, mode),
        }
    }

    fn unwatch(&mut self, path: &Path) -> notify::Result<()> {
        match self {
            Backend::System(watcher) => watcher.unwatch(path),
            Backend::Poll(poller) => poller.unwatch(path),
        }
    }
}

/// How often, at most, `--poll` reads the watched folders.
pub const POLL_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Changed paths relative to the site root, and watcher errors as text.
pub type Changes = (Vec<PathBuf>, Vec<String>);

/// What [`Watcher::next_batch_within`] saw.
pub enum Waited {
    Changes(Changes),
    /// No change in the time given.
    Quiet,
    /// The watcher stopped.
    Stopped,
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};

    fn layout() -> Layout {
        Layout {
            ignore: None,
            content_dir: PathBuf::from("content"),
            output_dir: Some(PathBuf::from("public")),
        }
    }

    fn kind(rel: &str) -> ChangeKind {
        layout().classify(Path::new(rel))
    }

    #[test]
    fn pages_assets_and_site_files_are_classified() {
        assert_eq!(kind("content/processes/x.md"), ChangeKind::Page);
        assert_eq!(kind("content/a.markdown"), ChangeKind::Page);
        assert_eq!(kind("./content/a.md"), ChangeKind::Page);
        assert_eq!(
            kind("content/processes/ladder.svg"),
            ChangeKind::ContentFile
        );
        assert_eq!(kind("content/processes"), ChangeKind::ContentFile);
        assert_eq!(kind("content"), ChangeKind::ContentFile);
        assert_eq!(kind("opsbook.yaml"), ChangeKind::Config);
        assert_eq!(kind("mkdocs.yml"), ChangeKind::Config);
        assert_eq!(kind("content/SUMMARY.md"), ChangeKind::Config);
        assert_eq!(kind("content/oncall/SUMMARY.md"), ChangeKind::Page);
        assert_eq!(kind("owners.yaml"), ChangeKind::Owners);
        assert_eq!(kind("templates/page.html"), ChangeKind::Template);
        assert_eq!(kind("templates"), ChangeKind::Template);
        assert_eq!(kind("static/assets/opsbook.css"), ChangeKind::Static);
    }

    #[test]
    fn output_hidden_temporary_and_unrelated_files_are_ignored() {
        for rel in [
            "public/index.html",
            "public",
            ".git/index",
            ".git",
            "content/.hidden.md",
            "content/.drafts/x.md",
            "content/processes/.x.md.swp",
            "content/processes/x.md.swp",
            "content/processes/x.md~",
            "content/processes/.#x.md",
            "content/processes/#x.md#",
            "content/processes/4913",
            "content/x.md.tmp",
            "content/processes/sedAb12Cd",
            "content/processes/x.md.3141592653",
            "templates/page.html~",
            "README.md",
            "notes/opsbook.yaml",
            "content/../opsbook.yaml",
            "/etc/passwd",
            "",
        ] {
            assert_eq!(kind(rel), ChangeKind::Ignored, "{rel}");
        }
        // `opsbook.yaml` counts only at the root.
        assert_eq!(kind("static/opsbook.yaml"), ChangeKind::Static);
    }

    #[test]
    fn content_the_configuration_ignores_is_no_change() {
        let config =
            crate::config::Config::parse("ignore: [node_modules, \"**/*.draft.md\"]\n").unwrap();
        let layout = Layout::new(Path::new("/site"), "content", Path::new("/site/public"))
            .ignoring(config.ignore_set().ok());
        let kind = |rel: &str| layout.classify(Path::new(rel));
        assert_eq!(kind("content/node_modules"), ChangeKind::Ignored);
        assert_eq!(
            kind("content/node_modules/x/package.json"),
            ChangeKind::Ignored
        );
        assert_eq!(kind("content/processes/plan.draft.md"), ChangeKind::Ignored);
        assert_eq!(kind("content/processes/plan.md"), ChangeKind::Page);
        assert_eq!(kind("content"), ChangeKind::ContentFile);
        // With the site's root as its content folder, the same paths.
        let layout = Layout::new(Path::new("/site"), ".", Path::new("/site/public"))
            .ignoring(config.ignore_set().ok());
        assert_eq!(
            layout.classify(Path::new("node_modules/x.md")),
            ChangeKind::Ignored
        );
        assert_eq!(layout.classify(Path::new("plan.md")), ChangeKind::Page);
    }

    #[test]
    fn a_configured_content_folder_is_followed() {
        let layout = Layout {
            content_dir: PathBuf::from("docs/pages"),
            output_dir: None,
            ignore: None,
        };
        assert_eq!(
            layout.classify(Path::new("docs/pages/x.md")),
            ChangeKind::Page
        );
        assert_eq!(
            layout.classify(Path::new("content/x.md")),
            ChangeKind::Ignored
        );
        assert_eq!(
            layout.classify(Path::new("public/x.html")),
            ChangeKind::Ignored
        );
    }

    #[test]
    fn the_site_root_as_content_folder_is_followed() {
        let layout = Layout::new(Path::new("/site"), ".", Path::new("/site/public"));
        for (rel, expected) in [
            ("page.md", ChangeKind::Page),
            ("Runbooks/Database failover.md", ChangeKind::Page),
            ("templates/postmortem.md", ChangeKind::Page),
            ("attachments/map.png", ChangeKind::ContentFile),
            ("Runbooks", ChangeKind::ContentFile),
            ("templates/page.html", ChangeKind::Template),
            ("static/logo.svg", ChangeKind::Static),
            ("opsbook.yaml", ChangeKind::Config),
            ("mkdocs.yml", ChangeKind::Config),
            ("owners.yaml", ChangeKind::Owners),
            ("public/index.html", ChangeKind::Ignored),
            ("serve.log", ChangeKind::Ignored),
            ("nohup.out", ChangeKind::Ignored),
            ("logs/app.log", ChangeKind::ContentFile),
            (".obsidian/workspace.json", ChangeKind::Ignored),
            (".git/index", ChangeKind::Ignored),
        ] {
            assert_eq!(layout.classify(Path::new(rel)), expected, "{rel}");
        }
    }

    #[test]
    fn a_folder_the_content_folder_is_in_counts_as_content() {
        let layout = Layout::new(
            Path::new("/site"),
            "wiki/content",
            Path::new("/site/public"),
        );
        assert_eq!(layout.classify(Path::new("wiki")), ChangeKind::ContentFile);
        assert_eq!(
            layout.classify(Path::new("wiki/notes.txt")),
            ChangeKind::Ignored
        );
        assert_eq!(
            layout.classify(Path::new("wiki/content/a.md")),
            ChangeKind::Page
        );
    }

    #[test]
    fn layout_finds_the_output_folder_inside_the_site() {
        let root = Path::new("/site");
        let layout = Layout::new(root, "content", Path::new("/site/public"));
        assert_eq!(layout.output_dir, Some(PathBuf::from("public")));
        let layout = Layout::new(root, "./content", Path::new("/elsewhere/out"));
        assert_eq!(layout.output_dir, None);
        assert_eq!(layout.content_dir, PathBuf::from("content"));
    }

    #[test]
    fn reads_are_not_changes_but_writes_creates_renames_and_removes_are() {
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Read)));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Modify(ModifyKind::Name(
            RenameMode::Both
        ))));
        assert!(is_change(&EventKind::Remove(RemoveKind::File)));
    }

    #[test]
    fn bursts_end_after_a_quiet_spell_and_ignore_reads() {
        let (raw_tx, raw) = channel();
        let (tx, bursts) = channel();
        let thread = std::thread::spawn(move || debounce(raw, tx));
        let event = |kind, path: &str| Ok(Event::new(kind).add_path(PathBuf::from(path)));
        raw_tx
            .send(event(
                EventKind::Access(AccessKind::Open(AccessMode::Any)),
                "/s/a.md",
            ))
            .unwrap();
        raw_tx
            .send(event(EventKind::Modify(ModifyKind::Any), "/s/b.md"))
            .unwrap();
        raw_tx
            .send(event(EventKind::Remove(RemoveKind::File), "/s/c.md"))
            .unwrap();
        let (paths, errors) = bursts.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(
            paths.into_iter().collect::<Vec<_>>(),
            [PathBuf::from("/s/b.md"), PathBuf::from("/s/c.md")]
        );
        assert!(errors.is_empty());
        // Reads alone make no burst.
        raw_tx
            .send(event(EventKind::Access(AccessKind::Read), "/s/a.md"))
            .unwrap();
        assert!(bursts.recv_timeout(DEBOUNCE * 3).is_err());
        drop(raw_tx);
        thread.join().unwrap();
    }

    #[test]
    fn change_sets_drop_ignored_paths_and_know_what_affects_everything() {
        let layout = layout();
        let mut set = ChangeSet::default();
        set.add(&layout, Path::new("content/.x.md.swp"));
        assert!(set.is_empty());
        set.add(&layout, Path::new("content/x.md"));
        assert!(!set.affects_everything());
        assert_eq!(set.describe(), "content/x.md");
        set.add(&layout, Path::new("templates/base.html"));
        assert!(set.affects_everything());
        assert_eq!(set.describe(), "2 files");
        // A line break in a name stays on the terminal's one line.
        let mut set = ChangeSet::default();
        set.add(&layout, Path::new("content/two\nlines.md"));
        assert_eq!(set.describe(), "content/two\\nlines.md");
    }
}
