//! The parts of files made of other files' pages (a print file's group of
//! invitations, a run of the congress pack), kept in the output folder
//! between runs: a re-run after one edit lays out only the part that
//! changed, and joins the file from the parts' PDFs.
//!
//! Each joined file has its own folder below `.vanban-cache/` (its path
//! below the output folder), holding one file per part named by the part's
//! key: a part is used only if it was made from exactly the same data,
//! templates, fonts and vanban version. The files are PDFs but named
//! `.part`, so nobody prints one from the output folder by mistake.

use std::path::{Path, PathBuf};

/// The cache's folder, in the output folder.
pub const DIR: &str = ".vanban-cache";

/// The folder of the parts of `joined` (its path below the output folder).
fn folder(out: &Path, joined: &Path) -> PathBuf {
    out.join(DIR).join(joined.with_extension(""))
}

/// Where the part of `joined` with `key` is kept.
pub fn path(out: &Path, joined: &Path, key: u128) -> PathBuf {
    folder(out, joined).join(format!("{key:032x}.part"))
}

/// Removes the parts of `joined` other than those with `keys` (and what is
/// kept beside them, under the same name).
pub fn keep_only(out: &Path, joined: &Path, keys: &[u128]) {
    let keep: Vec<String> = keys.iter().map(|k| format!("{k:032x}")).collect();
    let Ok(entries) = std::fs::read_dir(folder(out, joined)) else { return };
    for entry in entries.filter_map(Result::ok) {
        let p = entry.path();
        let stem = p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        if entry.file_type().is_ok_and(|t| t.is_file()) && !keep.contains(&stem) {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Removes every part of `joined` (the file is no longer made), and the
/// folders left empty.
pub fn forget(out: &Path, joined: &Path) {
    let dir = folder(out, joined);
    let _ = std::fs::remove_dir_all(&dir);
    let root = out.join(DIR);
    let mut up = dir.parent();
    while let Some(d) = up.filter(|d| d.starts_with(&root)) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        up = d.parent();
    }
}
