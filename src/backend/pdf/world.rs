//! The Typst `World` of one compilation: the generated source as its main
//! file, the shared [`Resources`] (standard library, fonts, and the files of
//! `templates/`, read once each) for everything else. It reads nothing
//! outside `templates/` and `fonts/` but the signature and seal images
//! vanban checked and handed out by name ([`images`]): package imports and
//! paths outside the templates folder are refused, and it has no clock.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, World, WorldExt};

use crate::source::images;

/// A problem Typst reported, placed in the generated source or a template.
#[derive(Debug, Clone)]
pub struct TypstProblem {
    /// `None` for the generated source; else the template file.
    pub file: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hints: Vec<String>,
}

impl TypstProblem {
    /// A problem with no place in a source.
    pub fn message(message: String) -> TypstProblem {
        TypstProblem { file: None, line: None, column: None, message, hints: vec![] }
    }
}

/// What every compilation shares.
pub struct Resources {
    pub library: LazyHash<Library>,
    pub book: LazyHash<FontBook>,
    pub fonts: Vec<Font>,
    /// The templates folder, resolved.
    pub root: PathBuf,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

impl Resources {
    pub fn new(library: Library, book: FontBook, fonts: Vec<Font>, root: PathBuf) -> Resources {
        Resources {
            library: LazyHash::new(library),
            book: LazyHash::new(book),
            fonts,
            root,
            files: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
        }
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!("vanban không dùng gói Typst ({spec}): mọi bố cục nằm trong thư mục mẫu").into(),
            ))));
        }
        // The images an electronic issue carries, read and checked by
        // [`images`]: the only files of the data Typst is given.
        if let Some(name) = id.vpath().get_with_slash().strip_prefix(images::PREFIX) {
            return images::get(&format!("{}{name}", images::PREFIX)).map(Bytes::new).ok_or(FileError::AccessDenied);
        }
        let mut cache = self.files.lock().unwrap();
        cache
            .entry(id)
            .or_insert_with(|| {
                let path = id.vpath().realize(&self.root).map_err(FileError::Realize)?;
                // Resolve links: whatever the path says, it must stay inside.
                let real = path.canonicalize().map_err(|e| FileError::from_io(e, &path))?;
                if !real.starts_with(&self.root) {
                    return Err(FileError::AccessDenied);
                }
                if real.is_dir() {
                    return Err(FileError::IsDirectory);
                }
                std::fs::read(&real).map(Bytes::new).map_err(|e| FileError::from_io(e, &path))
            })
            .clone()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        let mut cache = self.sources.lock().unwrap();
        if let Some(s) = cache.get(&id) {
            return s.clone();
        }
        let result = self.read(id).and_then(|bytes| {
            let text = std::str::from_utf8(&bytes).map_err(|_| FileError::InvalidUtf8)?;
            Ok(Source::new(id, text.to_string()))
        });
        cache.insert(id, result.clone());
        result
    }
}

pub struct DocWorld<'a> {
    pub res: &'a Resources,
    pub main: Source,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.res.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.res.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { self.res.source(id) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() { Ok(Bytes::from_string(self.main.clone())) } else { self.res.read(id) }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.res.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: the same data must give the same PDF.
        None
    }
}

impl DocWorld<'_> {
    pub fn problem(&self, d: &SourceDiagnostic) -> TypstProblem {
        debug_assert!(d.severity == Severity::Error);
        let (mut file, mut line, mut column) = (None, None, None);
        if let (Some(id), Some(range)) = (d.span.id(), self.range(d.span)) {
            if let Ok(source) = self.source(id)
                && let Some((l, c)) = source.lines().byte_to_line_column(range.start)
            {
                line = Some(l + 1);
                column = Some(c + 1);
            }
            if id != self.main.id() {
                file = id.vpath().realize(&self.res.root).ok();
            }
        }
        TypstProblem {
            file,
            line,
            column,
            message: d.message.to_string(),
            hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
        }
    }
}
