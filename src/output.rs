//! Writing the built site: into a sibling temporary folder first, then swapped in place, so a
//! failed build never leaves a half-written site; and never over a folder opsbook did not make.
//! This and `load` are the only modules that touch the file system.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Context as _, Result, bail};

use crate::render::{Content, OutputFile};

/// The file that marks a folder as opsbook's output, so a later build may replace it.
pub const MARKER: &str = ".opsbook-output";
const MARKER_TEXT: &str = "This folder is written by opsbook: every build replaces what the build before wrote here\n(listed below) and keeps anything else.\n";

/// Where a build into `out` goes: `out` itself, or, when `out` is a symbolic link (`public ->
/// /var/www/wiki`, as web servers are often set up), the folder it points to, which is
/// replaced while the link stays as it is. Swapping the link itself would leave the web
/// server's folder stale and, worse, clear the old build through the link.
///
/// A path through `..` or ending in `.` (`public/../public`, `.`) is read as the folder it
/// names: the swap renames `out` aside, and a path passing through `out` itself would then
/// lead nowhere, leaving no site at all.
pub fn resolve(out: &Path) -> Result<PathBuf> {
    let out = &folder_named(out);
    match std::fs::symlink_metadata(out) {
        Ok(meta) if meta.file_type().is_symlink() => out.canonicalize().with_context(|| {
            format!(
                "the output path `{}` is a symbolic link to nothing that exists\n\
                 help: create the folder it points to, or remove the link",
                out.display()
            )
        }),
        _ => Ok(out.to_path_buf()),
    }
}

/// The folder `out` names, without `..` or a trailing `.` (see [`resolve`]): through the
/// real folders where they exist, else by taking back the name before each `..`.
fn folder_named(out: &Path) -> PathBuf {
    use std::path::Component;
    let named: PathBuf = out.components().collect();
    if named.file_name().is_some() && !named.components().any(|c| c == Component::ParentDir) {
        return named;
    }
    let (folder, name) = match named.file_name() {
        Some(name) => (named.parent().unwrap_or(Path::new(".")), Some(name)),
        None => (named.as_path(), None),
    };
    let folder = if folder.as_os_str().is_empty() {
        Path::new(".")
    } else {
        folder
    };
    if let Ok(real) = folder.canonicalize() {
        return name.map_or(real.clone(), |name| real.join(name));
    }
    // Not there yet (a first build into `public/../public`).
    let mut lexical = PathBuf::new();
    for part in named.components() {
        match part {
            Component::ParentDir
                if matches!(lexical.components().next_back(), Some(Component::Normal(_))) =>
            {
                lexical.pop();
            }
            part => lexical.push(part),
        }
    }
    lexical
}

/// Fails when the output folder `out`, named by the site's `opsbook.yaml` (`output_dir`), is
/// in a folder outside the site `root` through a symbolic link on its way (`output_dir:
/// link/.ssh`): a pull request could otherwise write files of its choosing anywhere the build
/// may (`~/.config/git/config`, run by the next git command). `out` itself may be a link
/// (`public -> /var/www/wiki`), which the build writes through ([`resolve`]); and `--out` goes
/// wherever whoever runs the build says.
pub fn check_configured_target(root: &Path, out: &Path) -> Result<()> {
    let folder = folder_named(out);
    let parent = match folder.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    // The nearest folder on the way that exists: those after it will be made inside it.
    let mut existing = parent.as_path();
    while !existing.exists() {
        match existing.parent() {
            Some(p) if !p.as_os_str().is_empty() => existing = p,
            _ => return Ok(()),
        }
    }
    let (Ok(real), Ok(site)) = (existing.canonicalize(), root.canonicalize()) else {
        return Ok(());
    };
    if !real.starts_with(&site) {
        bail!(
            "the output folder `{}` (output_dir in opsbook.yaml) is in `{}`, outside the site folder, through a symbolic link\n\
             help: set output_dir to a folder inside the site, or choose the folder with --out",
            out.display(),
            real.display()
        );
    }
    Ok(())
}

/// Fails when `out` exists and is not a folder opsbook may replace: a file, or a folder
/// without opsbook's marker holding more than hidden entries and a `CNAME` (it could hold
/// someone's work; those two are what GitHub Pages and similar hosts keep beside a site, and
/// every build keeps them).
///
/// Through a symbolic link (`public -> /var/www/wiki`), the folder must be empty or opsbook's:
/// a link committed with a site (`public -> ~`) sent a build into a home folder of dotfiles,
/// which the rule above let it write beside (a `.gitconfig` of the pull request's, run by the
/// next git command).
pub fn check_target(out: &Path) -> Result<()> {
    let through_link = std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink());
    let named = out;
    let out = &resolve(out)?;
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        bail!(
            "the output path `{}` is a file, not a folder",
            out.display()
        );
    }
    if out.join(MARKER).is_file() {
        return Ok(());
    }
    let mut theirs = Vec::new();
    for entry in std::fs::read_dir(out)
        .with_context(|| format!("reading the output folder `{}`", out.display()))?
    {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if through_link || (!name.starts_with('.') && name != "CNAME") {
            theirs.push(name);
        }
    }
    if through_link && !theirs.is_empty() {
        theirs.sort();
        bail!(
            "refusing to build into `{}`, where the link `{}` leads: it holds files opsbook did not write (`{}`{})\n\
             help: point the link at an empty folder, or choose the folder with --out",
            out.display(),
            named.display(),
            theirs[0],
            match theirs.len() - 1 {
                0 => String::new(),
                more => format!(" and {more} more"),
            }
        );
    }
    if !theirs.is_empty() {
        theirs.sort();
        bail!(
            "refusing to build into `{}`: it holds files opsbook did not write (`{}`{})\n\
             help: choose another folder with --out, or move those files out of this one \
             (hidden files such as a gh-pages worktree's `.git`, and a `CNAME`, may stay: \
             every build keeps them)",
            out.display(),
            theirs[0],
            match theirs.len() - 1 {
                0 => String::new(),
                more => format!(" and {more} more"),
            }
        );
    }
    Ok(())
}

/// What a folder's marker says a build wrote at its top.
enum Written {
    /// No marker: opsbook wrote nothing there.
    Nothing,
    /// The names it lists. A marker without the list (an old one, or one planted in a folder
    /// of the repository with `output_dir` pointed at it) lists nothing: everything there is
    /// kept (it let a pull request have the build delete a folder's files).
    Names(HashSet<String>),
}

impl Written {
    fn read(marker: &Path) -> Written {
        match std::fs::read_to_string(marker) {
            Err(_) => Written::Nothing,
            Ok(text) => match text.split_once(WRITTEN_HEADER) {
                Some((_, names)) => Written::Names(
                    names
                        .lines()
                        .filter(|l| !l.is_empty())
                        .map(str::to_string)
                        .collect(),
                ),
                None => Written::Names(HashSet::new()),
            },
        }
    }

    fn includes(&self, name: &str) -> bool {
        match self {
            Written::Nothing => false,
            Written::Names(names) => names.contains(name),
        }
    }
}

/// A build being written: files go into a staging folder as they are rendered (so the whole
/// site never has to be held in memory), and [`Staging::finish`] swaps it in place. Dropped
/// unfinished, it removes what it wrote and leaves `out` as it was.
///
/// The staging folder is beside `out`, and `out` is swapped whole by two renames. Where that
/// cannot be (`out` is a mount point, a Docker volume or a Kubernetes `emptyDir`, whose
/// parent is another file system, or the parent folder is not the build's to write in, as
/// `/var/www/wiki` owned by the deploy user in a folder owned by root), the staging folder is
/// inside `out` and the swap moves `out`'s entries instead, one rename each.
///
/// What the previous build did not write is kept: the marker lists the names a build wrote at
/// the top of `out`, and other entries there (a `gh-pages` worktree's `.git`, a `CNAME` put
/// in by hand) move into the new build rather than away with the old.
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// The staging and retired folders are inside `out` (see above).
    inside: bool,
    /// Folders created so far, so each is created once however many files it holds.
    dirs: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

/// The start of a staging or retired folder's name, for the output folder named `name`
/// (`.public.opsbook-new-PID` beside it, `..opsbook-new-PID` inside it, for `name` "").
fn scratch_prefixes(name: &str) -> [String; 2] {
    [
        format!(".{name}.opsbook-new-"),
        format!(".{name}.opsbook-old-"),
    ]
}

impl Staging {
    /// Checks that `out` may be replaced and starts an empty staging folder for it.
    pub fn begin(out: &Path) -> Result<Staging> {
        Self::begin_with(out, false)
    }

    /// [`Staging::begin`], staging inside `out` when `inside_anyway` (or when it must).
    fn begin_with(out: &Path, inside_anyway: bool) -> Result<Staging> {
        check_target(out)?;
        let out = &resolve(out)?;
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .with_context(|| format!("creating `{}`", parent.display()))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        remove_abandoned(&parent, &scratch_prefixes(&name), out);
        if out.is_dir() {
            remove_abandoned(out, &scratch_prefixes(""), out);
        }
        let pid = std::process::id();
        let beside = (
            parent.join(format!(".{name}.opsbook-new-{pid}")),
            parent.join(format!(".{name}.opsbook-old-{pid}")),
        );
        let inside = (
            out.join(format!("..opsbook-new-{pid}")),
            out.join(format!("..opsbook-old-{pid}")),
        );
        let place = |(staging, retired): (PathBuf, PathBuf), is_inside: bool| {
            for leftover in [&staging, &retired] {
                if leftover.exists() {
                    std::fs::remove_dir_all(leftover)
                        .with_context(|| format!("removing leftover `{}`", leftover.display()))?;
                }
            }
            std::fs::create_dir(&staging)
                .with_context(|| format!("creating `{}`", staging.display()))?;
            keep_folder_access(out, &staging);
            anyhow::Ok(Staging {
                out: out.to_path_buf(),
                staging,
                retired,
                inside: is_inside,
                dirs: Mutex::default(),
                finished: false,
            })
        };
        if out.is_dir() && (inside_anyway || on_another_file_system(out, &parent)) {
            return place(inside, true);
        }
        match place(beside, false) {
            Ok(staging) => Ok(staging),
            // Not allowed beside it, but `out` is there to write in.
            Err(e) if out.is_dir() && is_permission_denied(&e) => place(inside, true),
            Err(e) => Err(e),
        }
    }

    /// Writes one file of the build (from any thread).
    pub fn put(&self, file: &OutputFile) -> Result<()> {
        let path = self.staging.join(&file.path);
        if let Some(dir) = path.parent() {
            let dirs = || self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            // Remembered only once made: another thread writing into the same folder meanwhile
            // makes it too (which does no harm) rather than finding it missing.
            if !dirs().contains(dir) {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating `{}`", dir.display()))?;
                dirs().insert(dir.to_path_buf());
            }
        }
        match &file.content {
            Content::Bytes(bytes) => std::fs::write(&path, bytes)
                .with_context(|| format!("writing `{}`", path.display())),
            Content::Shared(bytes) => std::fs::write(&path, bytes.as_slice())
                .with_context(|| format!("writing `{}`", path.display())),
            Content::Copy(from) => std::fs::copy(from, &path)
                .map(|_| ())
                .with_context(|| format!("copying `{}` to `{}`", from.display(), path.display())),
        }
    }

    /// Marks the folder as opsbook's and puts it in place of `out`, keeping what the
    /// previous build did not write: it goes with the previous build into the retired folder
    /// and comes back out of it into the new build. Stopped anywhere on the way (a killed CI
    /// job), nothing of it is lost: the next build brings it back ([`remove_abandoned`]).
    pub fn finish(mut self) -> Result<()> {
        let marker = self.staging.join(MARKER);
        let mut written: Vec<String> = std::fs::read_dir(&self.staging)
            .with_context(|| format!("reading `{}`", self.staging.display()))?
            .filter_map(|e| Some(e.ok()?.file_name().to_str()?.to_string()))
            .collect();
        written.sort();
        self.refuse_to_replace_what_was_not_written(&written)?;
        std::fs::write(
            &marker,
            format!("{MARKER_TEXT}{WRITTEN_HEADER}\n{}\n", written.join("\n")),
        )
        .with_context(|| format!("writing `{}`", marker.display()))?;
        if self.inside {
            self.swap_entries()?;
        } else {
            self.swap_folders()?;
        }
        self.finished = true;
        let retired = &self.retired;
        if retired.exists() {
            keep_what_was_not_written(retired, &self.out)?;
            remove_tree(retired)
                .with_context(|| format!("removing the previous build `{}`", retired.display()))?;
        }
        Ok(())
    }

    /// Fails, before anything in `out` is touched, when the new build writes at the top of
    /// `out` a name that is there and was not written by a build (a folder put in by hand,
    /// then a page folder of the same name): keeping both cannot be, and replacing it would
    /// delete someone's work.
    fn refuse_to_replace_what_was_not_written(&self, written: &[String]) -> Result<()> {
        let before = Written::read(&self.out.join(MARKER));
        // A `.nojekyll` put in by hand is the empty file the build writes.
        for name in written.iter().filter(|n| *n != crate::render::NO_JEKYLL) {
            let theirs = self.out.join(name);
            if !before.includes(name) && std::fs::symlink_metadata(&theirs).is_ok() {
                bail!(
                    "refusing to replace `{}`: opsbook did not write it, and this build \
                     publishes `{name}` there; nothing was changed\n\
                     help: move `{}` out of the output folder, or rename what the site \
                     publishes as `/{name}` (a folder of content/ or static/)",
                    theirs.display(),
                    theirs.display()
                );
            }
        }
        Ok(())
    }

    /// Swaps the staging folder, beside `out`, for `out`, whose permissions it takes.
    fn swap_folders(&self) -> Result<()> {
        let (out, staging, retired) = (&self.out, &self.staging, &self.retired);
        if !out.exists() {
            return std::fs::rename(staging, out)
                .with_context(|| format!("moving the new build into `{}`", out.display()));
        }
        if let Ok(meta) = std::fs::metadata(out) {
            let _ = std::fs::set_permissions(staging, meta.permissions());
        }
        std::fs::rename(out, retired)
            .with_context(|| format!("moving the previous build `{}` aside", out.display()))?;
        if let Err(e) = std::fs::rename(staging, out) {
            let _ = std::fs::rename(retired, out);
            return Err(e)
                .with_context(|| format!("moving the new build into `{}`", out.display()));
        }
        Ok(())
    }

    /// Swaps `out`'s entries for the staging folder's, both inside `out`: the previous
    /// build's go into the retired folder, then the new build's up into `out`.
    fn swap_entries(&self) -> Result<()> {
        let (out, staging, retired) = (&self.out, &self.staging, &self.retired);
        std::fs::create_dir(retired)
            .with_context(|| format!("creating `{}`", retired.display()))?;
        let entries = |dir: &Path| -> Result<Vec<std::ffi::OsString>> {
            let mut names = Vec::new();
            for entry in
                std::fs::read_dir(dir).with_context(|| format!("reading `{}`", dir.display()))?
            {
                names.push(entry?.file_name());
            }
            Ok(names)
        };
        let mut moved_aside = Vec::new();
        let mut result = Ok(());
        for name in entries(out)? {
            let path = out.join(&name);
            if path == *staging || path == *retired {
                continue;
            }
            if let Err(e) = std::fs::rename(&path, retired.join(&name)) {
                result = Err(e).with_context(|| format!("moving `{}` aside", path.display()));
                break;
            }
            moved_aside.push(name);
        }
        if result.is_ok() {
            for name in entries(staging)? {
                if let Err(e) = std::fs::rename(staging.join(&name), out.join(&name)) {
                    result = Err(e)
                        .with_context(|| format!("moving the new build into `{}`", out.display()));
                    break;
                }
            }
        }
        if result.is_err() {
            // Back as it was: the new build's entries into the staging folder (which `Drop`
            // removes), the previous build's out of the retired one.
            for name in entries(out).unwrap_or_default() {
                let path = out.join(&name);
                if path != *staging && path != *retired && !moved_aside.contains(&name) {
                    let _ = std::fs::rename(&path, staging.join(&name));
                }
            }
            for name in &moved_aside {
                let _ = std::fs::rename(retired.join(name), out.join(name));
            }
            let _ = std::fs::remove_dir(retired);
            return result;
        }
        std::fs::remove_dir(staging).with_context(|| format!("removing `{}`", staging.display()))
    }
}

/// Gives the new build's folder the group and permissions of the output folder it replaces,
/// before anything is written in it: a web server reading through its group (`www-data`,
/// setgid) kept reading the site after a build, and with the setgid bit the files made inside
/// take the group too. As far as the build's user may (a group it belongs to); quietly else.
fn keep_folder_access(out: &Path, staging: &Path) {
    let Ok(meta) = std::fs::metadata(out) else {
        return;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let _ = std::os::unix::fs::chown(staging, None, Some(meta.gid()));
        // Writable by the build until it is swapped in (see `swap_folders`).
        let mode = meta.permissions().mode() | 0o700;
        let _ = std::fs::set_permissions(staging, std::fs::Permissions::from_mode(mode));
    }
}

/// The line of the marker after which the names a build wrote at the top of its folder are
/// listed, one a line.
const WRITTEN_HEADER: &str = "Written by the build (anything else here is kept):";

/// Moves the entries of `previous` (a previous build, moved aside) that it did not write (its
/// marker says which it did: a `gh-pages` worktree's `.git`, a `CNAME` put in by hand) into
/// `out`, unless `out` has an entry of the same name.
fn keep_what_was_not_written(previous: &Path, out: &Path) -> Result<()> {
    // A swap entry by entry stopped half way may have left the marker where it was.
    let written = match Written::read(&previous.join(MARKER)) {
        Written::Nothing if !previous.join(MARKER).exists() => Written::read(&out.join(MARKER)),
        written => written,
    };
    for entry in
        std::fs::read_dir(previous).with_context(|| format!("reading `{}`", previous.display()))?
    {
        let entry = entry?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        let ours = written.includes(&name);
        let target = out.join(&name);
        if ours || name == MARKER || std::fs::symlink_metadata(&target).is_ok() {
            continue;
        }
        std::fs::rename(entry.path(), &target)
            .with_context(|| format!("keeping `{}` in the new build", entry.path().display()))?;
    }
    Ok(())
}

/// Clears away the staging and retired folders in `dir` of builds stopped by a signal (a
/// cancelled CI job), told by their names (`prefixes`, then the id of a process no longer
/// running). A stopped build's staging folder holds only what it wrote, and goes. Its retired
/// folder is the previous build: put back in place of `out` when the build was stopped
/// between the two renames of its swap (`out` is missing), else emptied of what someone put
/// there by hand into `out`, then removed. Only where running processes can be told
/// (`/proc`); quietly, as a failure changes nothing for this build.
fn remove_abandoned(dir: &Path, prefixes: &[String; 2], out: &Path) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut names: Vec<(String, std::path::PathBuf)> = entries
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .collect();
    names.sort();
    for (name, path) in names {
        let Some((prefix, pid)) = prefixes
            .iter()
            .find_map(|p| Some((p, name.strip_prefix(p.as_str())?)))
            .filter(|(_, pid)| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        else {
            continue;
        };
        if proc.join(pid).exists() {
            continue;
        }
        let retired = prefix == &prefixes[1];
        if retired && !out.exists() {
            let _ = std::fs::rename(&path, out);
            continue;
        }
        if retired {
            let _ = keep_what_was_not_written(&path, out);
        }
        let _ = remove_tree(&path);
    }
}

/// Whether `dir` is the root of another file system than `parent` (a mount point), where a
/// rename from beside it cannot reach.
fn on_another_file_system(dir: &Path, parent: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (std::fs::metadata(dir), std::fs::metadata(parent)) {
            (Ok(d), Ok(p)) => d.dev() != p.dev(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (dir, parent);
        false
    }
}

fn is_permission_denied(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::PermissionDenied)
}

/// Removes the folder `dir` and all it holds, its subfolders side by side: the previous build
/// of a 10,000-page wiki is 23,600 files and folders, which took 0.84–1.86 s to remove one
/// after the other (`remove_dir_all`) and take 0.67–0.96 s so (five rebuilds each,
/// alternating, on ext4; the kernel waits on the disk, and two removals overlap their waits).
/// A symbolic link is removed, never followed.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    if std::fs::symlink_metadata(dir)?.file_type().is_symlink() {
        return std::fs::remove_file(dir);
    }
    let mut folders = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        // `file_type` does not follow links: a link to a folder is a link, not a folder.
        if entry.file_type()?.is_dir() {
            folders.push(entry.path());
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    folders
        .par_iter()
        .try_for_each(|folder| remove_tree(folder))?;
    std::fs::remove_dir(dir)
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl crate::render::Sink for Staging {
    fn put(&self, file: OutputFile) -> anyhow::Result<()> {
        Staging::put(self, &file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_build(out: &Path, files: &[&str], inside: bool) {
        let staging = Staging::begin_with(out, inside).unwrap();
        assert_eq!(staging.inside, inside && out.is_dir());
        for name in files {
            staging
                .put(&OutputFile {
                    path: (*name).to_string(),
                    content: Content::Bytes(name.as_bytes().to_vec()),
                })
                .unwrap();
        }
        staging.finish().unwrap();
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_rebuild_keeps_what_the_previous_build_did_not_write_staged_beside_or_inside() {
        for inside in [false, true] {
            let temp = tempfile::tempdir().unwrap();
            let out = temp.path().join("public");
            write_build(&out, &["index.html", "old/index.html"], inside);
            // Put in by hand: a gh-pages worktree's `.git`, a CNAME.
            std::fs::create_dir(out.join(".git")).unwrap();
            std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
            std::fs::write(out.join("CNAME"), "wiki.example.com").unwrap();
            write_build(&out, &["index.html", "new/index.html"], inside);
            assert_eq!(
                names(&out),
                [".git", MARKER, "CNAME", "index.html", "new"],
                "inside: {inside}"
            );
            assert_eq!(
                std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
                "ref"
            );
            assert_eq!(names(temp.path()), ["public"], "no scratch folder is left");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn what_a_stopped_build_was_keeping_is_kept_by_the_next() {
        // Stopped between the two renames of its swap: the output is its retired folder.
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("public");
        write_build(&out, &["index.html"], false);
        std::fs::create_dir(out.join(".git")).unwrap();
        std::fs::write(out.join(".git/HEAD"), "ref").unwrap();
        let stopped = 4294967294u64; // no process has this id
        std::fs::rename(
            &out,
            temp.path().join(format!(".public.opsbook-old-{stopped}")),
        )
        .unwrap();
        std::fs::create_dir_all(temp.path().join(format!(".public.opsbook-new-{stopped}/x")))
            .unwrap();
        write_build(&out, &["index.html", "b.html"], false);
        assert_eq!(names(&out), [".git", MARKER, "b.html", "index.html"]);
        assert_eq!(names(temp.path()), ["public"]);

        // Stopped after its swap, before bringing the kept entries back.
        std::fs::write(out.join("CNAME"), "wiki.example.com").unwrap();
        let retired = temp.path().join(format!(".public.opsbook-old-{stopped}"));
        std::fs::rename(&out, &retired).unwrap();
        std::fs::create_dir(&out).unwrap();
        std::fs::write(
            out.join(MARKER),
            format!("{MARKER_TEXT}{WRITTEN_HEADER}\nindex.html\n"),
        )
        .unwrap();
        std::fs::write(out.join("index.html"), "new").unwrap();
        write_build(&out, &["index.html"], false);
        assert_eq!(names(&out), [".git", MARKER, "CNAME", "index.html"]);
        assert_eq!(
            std::fs::read_to_string(out.join(".git/HEAD")).unwrap(),
            "ref"
        );
        assert_eq!(names(temp.path()), ["public"]);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn folders_left_by_a_stopped_build_are_removed_by_the_next() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("public");
        // No process has this id (above Linux's largest).
        for name in [
            ".public.opsbook-new-4294967294",
            ".public.opsbook-old-4294967294",
        ] {
            std::fs::create_dir_all(temp.path().join(name).join("x")).unwrap();
        }
        // Someone else's folder of a similar name stays.
        std::fs::create_dir(temp.path().join(".public.opsbook-new-x")).unwrap();
        write_build(&out, &["index.html"], false);
        assert_eq!(names(temp.path()), [".public.opsbook-new-x", "public"]);
    }
}
