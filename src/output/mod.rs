//! The output folder: files written atomically (a reader sees the old file
//! or the new one, never a part; a killed run leaves only temporary files,
//! removed by the next build), and the build record of what each file was
//! made from ([`record`]).

pub mod cache;
pub mod record;

#[cfg(not(unix))]
use std::fs::OpenOptions;
use std::fs::{File, TryLockError};
use std::io::Write;
use std::path::Path;

use crate::diag::{Cause, Problem};
use crate::source::yaml;

/// An output folder held by this run: one build writes into a folder at a
/// time, so two runs (a build and `watch`, or two builds) never mix their
/// files or their build records. Let go when dropped (or when the process
/// ends, however it ends).
pub struct Lock {
    _file: File,
}

/// Takes the output folder `out` for this run. When another run holds it,
/// `waiting` is called once and this run waits for the other to finish.
///
/// On Unix the folder itself is locked (flock), so no file is added to it;
/// elsewhere a lock file `.vanban-khoa` is.
pub fn lock(out: &Path, waiting: impl FnOnce()) -> Result<Lock, Problem> {
    let fail =
        |e: std::io::Error| Problem::new(out, format!("không khóa được thư mục ra để dựng: {}", yaml::io_reason(&e)));
    std::fs::create_dir_all(out).map_err(fail)?;
    #[cfg(unix)]
    let file = File::open(out).map_err(fail)?;
    #[cfg(not(unix))]
    let file =
        OpenOptions::new().create(true).truncate(false).write(true).open(out.join(".vanban-khoa")).map_err(fail)?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            waiting();
            file.lock().map_err(fail)?;
        }
        Err(TryLockError::Error(e)) => return Err(fail(e)),
    }
    Ok(Lock { _file: file })
}

/// The start of every message about a file that could not be written.
const WRITE_FAILED: &str = "không ghi được tệp";

/// Writes `bytes` to `target` through a temporary file in the same folder
/// and a rename: readers see the old file or the new one, never a part.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), Problem> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let fail = |what: &str, e: std::io::Error| {
        Problem::new(target, format!("{WRITE_FAILED} ({what}: {})", yaml::io_reason(&e))).cause(Cause::Write)
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("tạo thư mục", e))?;
    let mut tmp = temporary(dir).map_err(|e| fail("tạo tệp tạm", e))?;
    // No fsync: the rename already makes the write all-or-nothing for a
    // killed run, and syncing each of hundreds of PDFs would cost more than
    // typesetting them.
    tmp.write_all(bytes).map_err(|e| fail("ghi", e))?;
    tmp.persist(target).map_err(|e| fail("đổi tên", e.error))?;
    Ok(())
}

/// Writes `target` as [`write_atomically`] does, from what `fill` writes
/// (buffered), so a large file need not be held in memory. A message from
/// `fill` is the problem's, whole.
pub fn write_streamed(target: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<(), String>) -> Result<(), Problem> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let fail = |what: &str, e: std::io::Error| {
        Problem::new(target, format!("{WRITE_FAILED} ({what}: {})", yaml::io_reason(&e))).cause(Cause::Write)
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("tạo thư mục", e))?;
    let mut tmp = temporary(dir).map_err(|e| fail("tạo tệp tạm", e))?;
    {
        let mut w = std::io::BufWriter::with_capacity(1 << 20, tmp.as_file_mut());
        fill(&mut w).map_err(|m| Problem::new(target, m).cause(Cause::Write))?;
        w.flush().map_err(|e| fail("ghi", e))?;
    }
    tmp.persist(target).map_err(|e| fail("đổi tên", e.error))?;
    Ok(())
}

/// A temporary file in `dir`, named so that the next build removes it if
/// this run is killed.
fn temporary(dir: &Path) -> std::io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".vanban-").suffix(".tmp");
    // A PDF to share, not a secret: readable by all, like any new file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    builder.tempfile_in(dir)
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
