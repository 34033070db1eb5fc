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
const MARKER_TEXT: &str = "This folder is written by opsbook and replaced on every build.\n";

/// Where a build into `out` goes: `out` itself, or, when `out` is a symbolic link (`public ->
/// /var/www/wiki`, as web servers are often set up), the folder it points to, which is
/// replaced while the link stays as it is. Swapping the link itself would leave the web
/// server's folder stale and, worse, clear the old build through the link.
pub fn resolve(out: &Path) -> Result<PathBuf> {
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

/// Fails when `out` exists and is not a folder opsbook may replace: a file, or a non-empty
/// folder without opsbook's marker (it could hold someone's work).
pub fn check_target(out: &Path) -> Result<()> {
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
    let mut entries = std::fs::read_dir(out)
        .with_context(|| format!("reading the output folder `{}`", out.display()))?;
    if entries.next().is_some() && !out.join(MARKER).is_file() {
        bail!(
            "refusing to replace `{}`: it is not empty and was not written by opsbook\n\
             help: choose another folder with --out, or empty this one first",
            out.display()
        );
    }
    Ok(())
}

/// A build being written: files go into a folder beside `out` as they are rendered (so the
/// whole site never has to be held in memory), and [`Staging::finish`] swaps it in place.
/// Dropped unfinished, it removes what it wrote and leaves `out` as it was.
pub struct Staging {
    out: PathBuf,
    staging: PathBuf,
    retired: PathBuf,
    /// Folders created so far, so each is created once however many files it holds.
    dirs: Mutex<HashSet<PathBuf>>,
    finished: bool,
}

impl Staging {
    /// Checks that `out` may be replaced and starts an empty staging folder beside it.
    pub fn begin(out: &Path) -> Result<Staging> {
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
        let pid = std::process::id();
        let staging = parent.join(format!(".{name}.opsbook-new-{pid}"));
        let retired = parent.join(format!(".{name}.opsbook-old-{pid}"));
        for leftover in [&staging, &retired] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover)
                    .with_context(|| format!("removing leftover `{}`", leftover.display()))?;
            }
        }
        std::fs::create_dir_all(&staging)
            .with_context(|| format!("creating `{}`", staging.display()))?;
        Ok(Staging {
            out: out.to_path_buf(),
            staging,
            retired,
            dirs: Mutex::default(),
            finished: false,
        })
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
            Content::Copy(from) => std::fs::copy(from, &path)
                .map(|_| ())
                .with_context(|| format!("copying `{}` to `{}`", from.display(), path.display())),
        }
    }

    /// Marks the folder as opsbook's and puts it in place of `out`.
    pub fn finish(mut self) -> Result<()> {
        let marker = self.staging.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT)
            .with_context(|| format!("writing `{}`", marker.display()))?;
        let (out, staging, retired) = (&self.out, &self.staging, &self.retired);
        if out.exists() {
            std::fs::rename(out, retired)
                .with_context(|| format!("moving the previous build `{}` aside", out.display()))?;
            if let Err(e) = std::fs::rename(staging, out) {
                let _ = std::fs::rename(retired, out);
                return Err(e)
                    .with_context(|| format!("moving the new build into `{}`", out.display()));
            }
            self.finished = true;
            remove_tree(retired)
                .with_context(|| format!("removing the previous build `{}`", retired.display()))?;
        } else {
            std::fs::rename(staging, out)
                .with_context(|| format!("moving the new build into `{}`", out.display()))?;
            self.finished = true;
        }
        Ok(())
    }
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
