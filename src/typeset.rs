//! Typesetting a generated Typst source into a laid-out document and a PDF,
//! with Typst linked in.
//!
//! The [`Typesetter`] holds what every document shares: the fonts from
//! `fonts/` (read once, without their hinting: see [`crate::dehint`]), the
//! standard library, and the files of `templates/` (read once each). Each
//! compilation sees a [`World`] whose main file is the generated source and
//! which reads nothing but `templates/` and `fonts/`: package imports and
//! paths outside the templates folder are refused.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use typst::diag::{FileError, FileResult, PackageError, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Dict, Duration, Smart, Value};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World, WorldExt};
use typst_layout::PagedDocument;
use walkdir::WalkDir;

use crate::diag::Problem;

/// The font families vanban looks for, in order of preference.
pub const FAMILIES: [&str; 2] = ["Times New Roman", "Liberation Serif"];

pub struct Typesetter {
    /// The family the documents are set in.
    pub family: String,
    /// Whether PDFs conform to PDF/A-2b (archive grade), the default; else
    /// plain PDF.
    pub archive: bool,
    /// The day the run started: the date of a draft's PDF.
    today: Datetime,
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    root: PathBuf,
    files: Mutex<HashMap<FileId, FileResult<Bytes>>>,
    sources: Mutex<HashMap<FileId, FileResult<Source>>>,
}

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

impl Typesetter {
    /// Loads the fonts of `fonts_dir` and prepares to read `templates_dir`.
    pub fn new(templates_dir: &Path, fonts_dir: &Path) -> Result<Self, Problem> {
        let root = templates_dir
            .canonicalize()
            .map_err(|_| Problem::new(templates_dir, "không tìm thấy thư mục mẫu (templates)"))?;
        if !fonts_dir.is_dir() {
            return Err(Problem::new(
                fonts_dir,
                "không tìm thấy thư mục phông chữ; vanban cần fonts/ với Liberation Serif hoặc Times New Roman",
            ));
        }
        let mut fonts = Vec::new();
        for entry in WalkDir::new(fonts_dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            if !matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
                continue;
            }
            let data = std::fs::read(path).map_err(|e| Problem::new(path, format!("không đọc được phông chữ: {e}")))?;
            // Without its hinting, unless Typst could not read it so.
            let mut found: Vec<Font> =
                crate::dehint::dehint(&data).map(|d| Font::iter(Bytes::new(d)).collect()).unwrap_or_default();
            if found.is_empty() {
                found = Font::iter(Bytes::new(data)).collect();
            }
            let before = fonts.len();
            fonts.extend(found);
            if fonts.len() == before {
                return Err(Problem::new(path, "tệp này không phải phông chữ đọc được"));
            }
        }
        let book = FontBook::from_fonts(&fonts);
        let family = FAMILIES
            .iter()
            .find(|f| book.contains_family(&f.to_lowercase()))
            .ok_or_else(|| {
                Problem::new(
                    fonts_dir,
                    "thư mục phông chữ không có Times New Roman hay Liberation Serif; hãy đặt các tệp .ttf vào đây",
                )
            })?
            .to_string();
        let mut inputs = Dict::new();
        inputs.insert("font".into(), Value::Str(family.as_str().into()));
        let library = Library::builder().with_inputs(inputs).build();
        Ok(Typesetter {
            family,
            archive: true,
            today: {
                use chrono::Datelike;
                let d = chrono::Local::now().date_naive();
                Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8).expect("today is a date")
            },
            library: LazyHash::new(library),
            book: LazyHash::new(book),
            fonts,
            root,
            files: Mutex::new(HashMap::new()),
            sources: Mutex::new(HashMap::new()),
        })
    }

    /// The bytes of every font file read, once each (for the build record).
    pub fn font_data(&self) -> impl Iterator<Item = &[u8]> {
        let mut seen = std::collections::HashSet::new();
        self.fonts.iter().map(|f| f.data().as_slice()).filter(move |d| seen.insert(d.as_ptr()))
    }

    /// Lays out `source`, Typst generated from the document at `name` (its
    /// path below the data folder), as a PDF titled `title`.
    ///
    /// Every source generated from one document is compiled as the same
    /// file, and the title is set here rather than in Typst: the invitations
    /// of a congress then differ only where their data does, and Typst's
    /// layout cache serves the rest of each from the one before.
    pub fn compile(&self, name: &Path, title: &str, source: String) -> Result<PagedDocument, Vec<TypstProblem>> {
        let vpath = format!("/.vanban/{}.typ", name.display());
        let vpath = VirtualPath::new(&vpath).unwrap_or_else(|_| VirtualPath::new("/.vanban/main.typ").unwrap());
        let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
        let world = DocWorld { ts: self, main: Source::new(id, source) };
        let warned = typst::compile::<PagedDocument>(&world);
        let mut laid = warned.output.map_err(|errors| errors.iter().map(|d| world.problem(d)).collect::<Vec<_>>())?;
        laid.info_mut().title = Some(title.into());
        Ok(laid)
    }

    /// One document of the pages of several, in order, under `title` (the
    /// print file of the invitations), with the first one's other metadata:
    /// no page is laid out again.
    pub fn combine(&self, docs: &[PagedDocument], title: &str) -> Option<PagedDocument> {
        use typst::model::Document as _;
        let mut info = docs.first()?.info().clone();
        info.title = Some(title.into());
        Some(PagedDocument::new(docs.iter().flat_map(|d| d.pages().iter().cloned()).collect(), info))
    }

    /// The characters no font had, so they were set as empty boxes, in the
    /// order they appear (once each).
    pub fn missing_glyphs(doc: &PagedDocument) -> Vec<char> {
        fn walk(frame: &typst::layout::Frame, out: &mut Vec<char>) {
            for (_, item) in frame.items() {
                match item {
                    typst::layout::FrameItem::Group(g) => walk(&g.frame, out),
                    typst::layout::FrameItem::Text(t) => {
                        for g in t.glyphs.iter().filter(|g| g.id == 0) {
                            for c in t.text[g.range()].chars().filter(|c| !c.is_whitespace()) {
                                if !out.contains(&c) {
                                    out.push(c);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        for page in doc.pages() {
            walk(&page.frame, &mut out);
        }
        out
    }

    /// The PDF of a laid-out document, PDF/A-2b unless `archive` is off; the
    /// same input gives the same bytes.
    pub fn pdf(&self, doc: &PagedDocument, ident: &str) -> Result<Vec<u8>, Vec<TypstProblem>> {
        let standards = if self.archive {
            typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2b]).expect("PDF/A-2b alone is a valid choice")
        } else {
            typst_pdf::PdfStandards::default()
        };
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some(format!("vanban {}", env!("CARGO_PKG_VERSION")))),
            // The date of a PDF whose document sets none (a draft's).
            timestamp: Some(typst_pdf::Timestamp::new_utc(self.today)),
            standards,
            ..Default::default()
        };
        typst_pdf::pdf(doc, &options)
            .map(crate::archive::unambiguous_stream_ends)
            .map_err(|errors| errors.iter().map(|d| TypstProblem::message(d.message.to_string())).collect())
    }

    fn read(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::Other(Some(
                format!("vanban không dùng gói Typst ({spec}): mọi bố cục nằm trong thư mục mẫu").into(),
            ))));
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

struct DocWorld<'a> {
    ts: &'a Typesetter,
    main: Source,
}

impl World for DocWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.ts.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.ts.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() { Ok(self.main.clone()) } else { self.ts.source(id) }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() { Ok(Bytes::from_string(self.main.clone())) } else { self.ts.read(id) }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.ts.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        // No clock: the same data must give the same PDF.
        None
    }
}

impl DocWorld<'_> {
    fn problem(&self, d: &SourceDiagnostic) -> TypstProblem {
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
                file = id.vpath().realize(&self.ts.root).ok();
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
