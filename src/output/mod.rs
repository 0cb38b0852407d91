//! The output folder: files written atomically (a reader sees the old file
//! or the new one, never a part; a killed run leaves only temporary files,
//! removed by the next build), and the build record of what each file was
//! made from ([`record`]).

pub mod record;

use std::io::Write;
use std::path::Path;

use crate::diag::{Cause, Problem};
use crate::source::yaml;

/// The start of every message about a file that could not be written.
const WRITE_FAILED: &str = "không ghi được tệp";

/// Writes `bytes` to `target` through a temporary file in the same folder
/// and a rename: readers see the old file or the new one, never a part.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), Problem> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let fail = |what: &str, e: std::io::Error| {
        let reason = format!("{what}: {}", yaml::io_reason(&e));
        Problem::new(target, format!("{WRITE_FAILED} ({reason})")).cause(Cause::Write(reason))
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("tạo thư mục", e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".vanban-").suffix(".tmp");
    // A PDF to share, not a secret: readable by all, like any new file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| fail("tạo tệp tạm", e))?;
    // No fsync: the rename already makes the write all-or-nothing for a
    // killed run, and syncing each of hundreds of PDFs would cost more than
    // typesetting them.
    tmp.write_all(bytes).map_err(|e| fail("ghi", e))?;
    tmp.persist(target).map_err(|e| fail("đổi tên", e.error))?;
    Ok(())
}

/// Temporary files a killed run left behind (`.vanban-*.tmp`), removed at
/// the start of a build: they are never a finished file.
pub fn remove_leftovers(out: &Path) {
    for entry in walkdir::WalkDir::new(out).into_iter().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.starts_with(".vanban-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}
