//! `vanban watch`: waits for a saved change under the data, templates or
//! fonts folder and says what changed, so the caller rebuilds. A burst of
//! events (an editor's save is often several) is one change.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::build::Paths;
use crate::diag::Problem;
use crate::source::discover::is_hidden;

/// How long the folders must be quiet before a burst of events counts as
/// one change.
const QUIET: Duration = Duration::from_millis(60);

/// Files that changed together.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Change {
    /// The changed files, sorted, each once; relative to the data folder
    /// when in it.
    pub files: Vec<PathBuf>,
    /// Whether a template or a font changed: the typesetter must be made
    /// again, not only the data read again.
    pub layout: bool,
}

pub struct Watcher {
    // Kept alive: dropping it stops the events.
    _inner: RecommendedWatcher,
    events: Receiver<notify::Result<notify::Event>>,
    data: PathBuf,
    templates: PathBuf,
    fonts: PathBuf,
}

impl Watcher {
    /// Starts watching the data, templates and fonts folders of `paths`.
    pub fn new(paths: &Paths) -> Result<Watcher, Problem> {
        let (tx, events) = channel();
        let mut inner = notify::recommended_watcher(tx)
            .map_err(|e| Problem::new(&paths.data, format!("không theo dõi được thay đổi của tệp: {e}")))?;
        let mut folders = Vec::new();
        for dir in [&paths.data, &paths.templates, &paths.fonts] {
            let dir = dir.canonicalize().map_err(|_| Problem::new(dir, "không tìm thấy thư mục này"))?;
            inner
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| Problem::new(&dir, format!("không theo dõi được thư mục này: {e}")))?;
            folders.push(dir);
        }
        let [data, templates, fonts] = <[PathBuf; 3]>::try_from(folders).expect("three folders");
        Ok(Watcher { _inner: inner, events, data, templates, fonts })
    }

    /// Blocks until something is saved, then until the folders are quiet;
    /// `None` if the watching stopped.
    pub fn next(&self) -> Option<Change> {
        let mut change = Change::default();
        // When the last change that counts was seen: the quiet time runs
        // from it, not from any event, or the steady reads of another
        // program (a build reading the fonts) would hold a save back forever.
        let mut last = Instant::now();
        loop {
            let event = if change.files.is_empty() {
                self.events.recv().ok()?
            } else {
                let Some(left) = QUIET.checked_sub(last.elapsed()).filter(|d| !d.is_zero()) else { break };
                match self.events.recv_timeout(left) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            };
            // An event the OS could not deliver whole, or events it dropped
            // (its queue overflowed): what changed is unknown, so everything
            // is rebuilt rather than a save lost.
            let event = match event {
                Ok(event) if !event.need_rescan() => event,
                _ => {
                    change.layout = true;
                    change.files.push(self.data.clone());
                    last = Instant::now();
                    continue;
                }
            };
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            for path in event.paths {
                if !self.counts(&path) {
                    continue;
                }
                change.layout |= path.starts_with(&self.templates) || path.starts_with(&self.fonts);
                change.files.push(path.strip_prefix(&self.data).map(Path::to_path_buf).unwrap_or(path));
                last = Instant::now();
            }
        }
        change.files.sort();
        change.files.dedup();
        Some(change)
    }

    /// Whether a changed path matters: not an editor's backup or swap file,
    /// nor a hidden one; in the data folder, only YAML and spreadsheets.
    fn counts(&self, path: &Path) -> bool {
        let Some(rel) = [&self.data, &self.templates, &self.fonts].iter().find_map(|root| path.strip_prefix(root).ok())
        else {
            return false;
        };
        let hidden = rel.components().any(|c| is_hidden(&c.as_os_str().to_string_lossy()));
        if hidden || path.extension().is_some_and(|e| e == "swp" || e == "tmp") {
            return false;
        }
        if path.starts_with(&self.data) {
            let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            // A folder added or moved in brings its documents.
            return matches!(ext.as_deref(), Some("yaml" | "yml" | "xlsx" | "csv")) || path.is_dir();
        }
        true
    }
}
