//! Writing the built site: into a sibling temporary folder first, then swapped in place, so a
//! failed build never leaves a half-written site; and never over a folder opsbook did not make.
//! This and `load` are the only modules that touch the file system.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;

use crate::render::{Content, Output};

/// The file that marks a folder as opsbook's output, so a later build may replace it.
pub const MARKER: &str = ".opsbook-output";
const MARKER_TEXT: &str = "This folder is written by opsbook and replaced on every build.\n";

/// Fails when `out` exists and is not a folder opsbook may replace: a file, or a non-empty
/// folder without opsbook's marker (it could hold someone's work).
pub fn check_target(out: &Path) -> Result<()> {
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

/// Writes `output` to `out`, replacing the previous build only once every file is written.
pub fn write(out: &Path, output: &Output) -> Result<()> {
    check_target(out)?;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("creating `{}`", parent.display()))?;
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
    if let Err(e) = write_tree(&staging, output) {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(e);
    }
    if out.exists() {
        std::fs::rename(out, &retired)
            .with_context(|| format!("moving the previous build `{}` aside", out.display()))?;
        if let Err(e) = std::fs::rename(&staging, out) {
            let _ = std::fs::rename(&retired, out);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e)
                .with_context(|| format!("moving the new build into `{}`", out.display()));
        }
        std::fs::remove_dir_all(&retired)
            .with_context(|| format!("removing the previous build `{}`", retired.display()))?;
    } else {
        std::fs::rename(&staging, out)
            .with_context(|| format!("moving the new build into `{}`", out.display()))?;
    }
    Ok(())
}

fn write_tree(root: &Path, output: &Output) -> Result<()> {
    std::fs::create_dir_all(root).with_context(|| format!("creating `{}`", root.display()))?;
    let dirs: BTreeSet<&str> = output
        .files
        .iter()
        .filter_map(|f| f.path.rfind('/').map(|i| &f.path[..i]))
        .collect();
    for dir in dirs {
        let path = root.join(dir);
        std::fs::create_dir_all(&path).with_context(|| format!("creating `{}`", path.display()))?;
    }
    output.files.par_iter().try_for_each(|file| {
        let path = root.join(&file.path);
        match &file.content {
            Content::Bytes(bytes) => std::fs::write(&path, bytes)
                .with_context(|| format!("writing `{}`", path.display())),
            Content::Copy(from) => std::fs::copy(from, &path)
                .map(|_| ())
                .with_context(|| format!("copying `{}` to `{}`", from.display(), path.display())),
        }
    })?;
    std::fs::write(root.join(MARKER), MARKER_TEXT)
        .with_context(|| format!("writing `{}`", root.join(MARKER).display()))?;
    Ok(())
}
