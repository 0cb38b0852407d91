//! The desk's state: one build at a time on a thread of its own (the same
//! engine and build record as `vanban watch`), started by the file watcher
//! or by a save, and after each build a snapshot of where every document
//! stands, which the pages are drawn from without building anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, RwLock};

use crate::build::status::{FileState, Listed, status};
use crate::build::{self, Engine, Mode, Outcome, Output, Paths, Silent};
use crate::diag::Problem;
use crate::output::record::Manifest;
use crate::source::loader::Loader;

/// What the desk builds with.
#[derive(Debug, Clone)]
pub struct Setup {
    pub paths: Paths,
    /// The paths below the data folder the desk shows (empty: all).
    pub selection: Vec<PathBuf>,
    pub output: Output,
}

/// Where every document stood after a build.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    /// Counts the builds; a page reloads its preview when it changes.
    pub version: u64,
    /// When the build ended (local time, `HH:MM:SS`).
    pub at: String,
    pub documents: Vec<Listed>,
    /// Problems not of one document.
    pub problems: Vec<Problem>,
    /// Pages of each current file, from the build record.
    pub pages: BTreeMap<PathBuf, usize>,
    /// The Word copies there are, below the output folder.
    pub word: Vec<PathBuf>,
}

impl Snapshot {
    pub fn document(&self, rel: &Path) -> Option<&Listed> {
        self.documents.iter().find(|l| l.source.rel == rel && l.kind != Some(PACK))
    }
}

pub use crate::build::status::PACK;

/// The kind whose lists the desk takes and whose invitations it zips.
pub const INVITATION: &str = crate::kinds::invitation::KIND.key;

/// A build asked for.
enum Ask {
    /// Files changed on disk; `layout`: templates or fonts among them.
    Changed { layout: bool },
    /// A save: rebuild, then say when done.
    Saved(Sender<Rebuilt>),
}

/// A build done for a save: what it found, and the number of the snapshot
/// that will show it (made just after the answer, so that the new PDFs are
/// served as soon as they are written).
pub struct Rebuilt {
    pub outcome: Arc<Outcome>,
    pub version: u64,
}

/// The desk: its setup, the last snapshot, and the way to ask for a build.
pub struct Desk {
    pub setup: Setup,
    snapshot: RwLock<Arc<Snapshot>>,
    asks: Sender<Ask>,
    /// Told the new version after each build (the pages' live updates).
    pub changes: tokio::sync::broadcast::Sender<u64>,
    /// Serialises the desk's own writes into the data folder (saves,
    /// uploads, new files) so two saves of one file never interleave.
    pub writing: Mutex<()>,
}

impl Desk {
    /// Makes the engine, builds everything once, and starts the builder and
    /// the file watcher. Returns when the first build is done.
    pub fn start(setup: Setup) -> Result<Arc<Desk>, Problem> {
        let engine = Engine::for_output(setup.paths.clone(), setup.output)?;
        let watcher = crate::watch::Watcher::new(&setup.paths)?;
        let (tx, rx) = channel();
        let (changes, _) = tokio::sync::broadcast::channel(64);
        let desk = Arc::new(Desk {
            setup,
            snapshot: RwLock::new(Arc::new(Snapshot::default())),
            asks: tx.clone(),
            changes,
            writing: Mutex::new(()),
        });
        let first = build::run(&engine, &desk.setup.selection, MODE, Silent);
        desk.publish(&engine, &first);
        let builder = Arc::clone(&desk);
        std::thread::Builder::new()
            .name("vanban-desk".into())
            .spawn(move || builder.builder(engine, rx))
            .map_err(|e| Problem::new(&desk.setup.paths.out, format!("không chạy được luồng dựng: {e}")))?;
        std::thread::Builder::new()
            .name("vanban-watch".into())
            .spawn(move || {
                while let Some(change) = watcher.next() {
                    if tx.send(Ask::Changed { layout: change.layout }).is_err() {
                        break;
                    }
                }
            })
            .map_err(|e| Problem::new(&desk.paths().data, format!("không theo dõi được thay đổi: {e}")))?;
        Ok(desk)
    }

    pub fn paths(&self) -> &Paths {
        &self.setup.paths
    }

    /// The last snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap())
    }

    /// Rebuilds now (after a save) and waits for the build's outcome; the
    /// snapshot that shows it follows a moment later.
    pub fn rebuild(&self) -> Option<Rebuilt> {
        let (tx, rx) = channel();
        self.asks.send(Ask::Saved(tx)).ok()?;
        rx.recv().ok()
    }

    /// Waits (at most `limit`) until the snapshot numbered `version` (or a
    /// later one) is there.
    pub fn wait_for(&self, version: u64, limit: std::time::Duration) {
        let deadline = std::time::Instant::now() + limit;
        while self.snapshot().version < version && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// Builds whenever asked, several asks that wait together in one build.
    fn builder(&self, mut engine: Engine, asks: Receiver<Ask>) {
        while let Ok(first) = asks.recv() {
            let mut waiting = Vec::new();
            let mut layout = false;
            for ask in std::iter::once(first).chain(asks.try_iter()) {
                match ask {
                    Ask::Changed { layout: l } => layout |= l,
                    Ask::Saved(tx) => waiting.push(tx),
                }
            }
            if layout {
                match Engine::for_output(self.setup.paths.clone(), self.setup.output) {
                    Ok(e) => engine = e,
                    Err(p) => {
                        // The templates or fonts cannot be read: the last
                        // snapshot stays, with the problem on top.
                        let mut next = Snapshot::clone(&self.snapshot());
                        next.problems.insert(0, p);
                        next.version += 1;
                        self.set(next);
                        continue;
                    }
                }
            } else {
                // The agency and congress files may have changed.
                engine.loader = Loader::new();
            }
            let outcome = Arc::new(build::run(&engine, &self.setup.selection, MODE, Silent));
            // The files are written: the waiting saves are answered, then
            // the snapshot is made.
            let version = self.snapshot().version + 1;
            for tx in waiting {
                let _ = tx.send(Rebuilt { outcome: Arc::clone(&outcome), version });
            }
            self.publish(&engine, &outcome);
        }
    }

    /// Makes the snapshot after a build and tells the pages.
    fn publish(&self, engine: &Engine, outcome: &Outcome) {
        let (documents, mut problems) = status(engine, &self.setup.selection);
        for p in &outcome.problems {
            if !problems.contains(p) {
                problems.push(p.clone());
            }
        }
        let record = Manifest::read(&self.setup.paths.out);
        let mut pages = BTreeMap::new();
        let mut word = Vec::new();
        for l in &documents {
            for (file, state) in &l.files {
                if *state == FileState::Current
                    && let Some(e) = record.get(file)
                {
                    pages.insert(file.clone(), e.pages);
                }
                let copy = file.with_extension("docx");
                if self.setup.output.docx && self.setup.paths.out.join(&copy).is_file() {
                    word.push(copy);
                }
            }
        }
        let version = self.snapshot().version + 1;
        let at = chrono::Local::now().format("%H:%M:%S").to_string();
        self.set(Snapshot { version, at, documents, problems, pages, word });
    }

    fn set(&self, next: Snapshot) {
        let version = next.version;
        *self.snapshot.write().unwrap() = Arc::new(next);
        let _ = self.changes.send(version);
    }
}

const MODE: Mode = Mode::Build { emit_typst: false, force: false };
