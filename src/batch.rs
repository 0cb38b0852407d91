//! The batch: every document found is loaded, rendered, typeset and written,
//! one failing document never stopping the others. PDFs are written to a
//! temporary file and renamed into place, so no partial PDF is ever left.

use std::io::Write;
use std::path::{Path, PathBuf};

use typst_layout::PagedDocument;

use crate::diag::{Problem, shown};
use crate::document::{Document, Part};
use crate::load::{self, Loader, Source};
use crate::render::Renderer;
use crate::typeset::{Typesetter, TypstProblem};

/// Where things are.
#[derive(Debug, Clone)]
pub struct Paths {
    pub data: PathBuf,
    pub templates: PathBuf,
    pub fonts: PathBuf,
    pub out: PathBuf,
}

/// What a run does with each document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the PDFs (and, if asked, the Typst sources).
    Build { emit_typst: bool },
    /// Check everything, write nothing.
    Check,
}

/// A document that was built (or, for `check`, would be).
#[derive(Debug, Clone)]
pub struct Built {
    pub source: PathBuf,
    pub rel: PathBuf,
    /// The files written, for a build.
    pub pdfs: Vec<PathBuf>,
    /// Pages of all its PDFs.
    pub pages: usize,
    /// Problems that left the rest of the document buildable.
    pub problems: Vec<Problem>,
}

/// A document that could not be built.
#[derive(Debug, Clone)]
pub struct Failed {
    pub source: PathBuf,
    pub problems: Vec<Problem>,
    /// The PDF an earlier run wrote, left as it was: now out of date.
    pub stale: Option<PathBuf>,
    /// The files still written (the other invitations of a list with a bad
    /// row).
    pub written: Vec<PathBuf>,
}

/// The result of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    pub built: Vec<Built>,
    pub failed: Vec<Failed>,
    /// Problems not of one document: agency and congress files, paths.
    pub problems: Vec<Problem>,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.failed.is_empty() && self.problems.is_empty()
    }

    /// Every problem of the run, shared ones first.
    pub fn all_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().chain(self.failed.iter().flat_map(|f| f.problems.iter()))
    }
}

/// What every document of a run shares.
pub struct Engine {
    pub paths: Paths,
    pub loader: Loader,
    pub renderer: Renderer,
    pub typesetter: Typesetter,
}

impl Engine {
    pub fn new(paths: Paths) -> Result<Self, Problem> {
        let typesetter = Typesetter::new(&paths.templates, &paths.fonts)?;
        let renderer = Renderer::new(&paths.templates);
        Ok(Engine { paths, loader: Loader::new(), renderer, typesetter })
    }

    /// Loads and checks a document.
    pub fn load(&self, src: &Source) -> Result<Document, Vec<Problem>> {
        self.loader.load(src)
    }

    /// The Typst source of one part of a document.
    pub fn render(&self, doc: &Document, part: &Part) -> Result<String, Vec<Problem>> {
        self.renderer.render(doc, part).map_err(|p| vec![p])
    }

    /// Lays out a rendered part.
    pub fn lay_out(&self, doc: &Document, part: &Part, typ: &str) -> Result<PagedDocument, Vec<Problem>> {
        self.typesetter
            .compile(&part.pdf, typ.to_string())
            .map_err(|errs| errs.iter().map(|e| self.typst_problem(doc, typ, e)).collect())
    }

    /// Where the (main) PDF of a document goes: its path below the data
    /// folder, below the output folder.
    pub fn target(&self, src: &Source) -> PathBuf {
        self.paths.out.join(&src.rel).with_extension("pdf")
    }

    /// Renders, lays out and (when building) writes one part; its page count.
    fn build_part(&self, doc: &Document, part: &Part, mode: Mode) -> Result<(PathBuf, usize), Vec<Problem>> {
        let typ = self.render(doc, part)?;
        let target = self.paths.out.join(&part.pdf);
        if mode == (Mode::Build { emit_typst: true }) {
            // Written before typesetting, so a Typst error can be looked at.
            write_atomically(&target.with_extension("typ"), typ.as_bytes()).map_err(|p| vec![p])?;
        }
        let laid = self.lay_out(doc, part, &typ)?;
        let pdf = self
            .typesetter
            .pdf(&laid, &part.pdf.display().to_string())
            .map_err(|errs| errs.iter().map(|e| self.typst_problem(doc, &typ, e)).collect::<Vec<_>>())?;
        if let Mode::Build { .. } = mode {
            write_atomically(&target, &pdf).map_err(|p| vec![p])?;
        }
        Ok((target, laid.pages().len()))
    }

    /// Builds (or checks) one document: every part it makes, one failing
    /// part not stopping the others. `Err` when nothing could be made.
    pub fn build_one(&self, src: &Source, mode: Mode) -> Result<Built, Vec<Problem>> {
        let doc = self.load(src)?;
        let mut built = Built {
            source: doc.source.clone(),
            rel: doc.rel.clone(),
            pdfs: vec![],
            pages: 0,
            problems: doc.problems.clone(),
        };
        for part in &doc.parts {
            match self.build_part(&doc, part, mode) {
                Ok((pdf, pages)) => {
                    built.pages += pages;
                    if let Mode::Build { .. } = mode {
                        built.pdfs.push(pdf);
                    }
                }
                Err(ps) => built.problems.extend(ps),
            }
        }
        if let Mode::Build { .. } = mode {
            for extra in &doc.extras {
                let path = self.paths.out.join(&extra.path);
                match write_atomically(&path, &extra.bytes) {
                    Ok(()) => built.pdfs.push(path),
                    Err(p) => built.problems.push(p),
                }
            }
        }
        Ok(built)
    }

    /// A Typst error as the user can act on it: in a template it names the
    /// template; in the generated source it names the document's YAML file,
    /// at the value that produced the failing text when it can be found.
    fn typst_problem(&self, doc: &Document, typ: &str, e: &TypstProblem) -> Problem {
        let hints: String = e.hints.iter().map(|h| format!(" (gợi ý: {h})")).collect();
        if let Some(file) = &e.file {
            let mut p = Problem::new(
                file,
                format!("lỗi dàn trang Typst khi dựng {}: {}{hints}", shown(&doc.source), e.message),
            );
            if let (Some(l), Some(c)) = (e.line, e.column) {
                p = p.at(l, c);
            }
            return p;
        }
        let mut p = Problem::new(
            &doc.source,
            format!(
                "lỗi dàn trang Typst: {}{hints} (dòng {} của mã Typst sinh ra; xem bằng `vanban build --emit-typst`)",
                e.message,
                e.line.map(|l| l.to_string()).unwrap_or_else(|| "?".into())
            ),
        );
        let snippet = e.line.and_then(|l| typ.lines().nth(l - 1)).map(unescape_snippet);
        let yaml = std::fs::read_to_string(&doc.source).unwrap_or_default();
        if let Some((l, c)) = snippet.as_deref().and_then(|s| crate::yaml::locate_text(&yaml, s)) {
            p = p.at(l, c);
        }
        p
    }
}

/// Plain text from a line of generated Typst, to find the data it came from.
fn unescape_snippet(line: &str) -> String {
    let inner = line.split_once('[').map(|(_, r)| r).unwrap_or(line);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            ']' | '#' => break,
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

/// Writes `bytes` to `target` through a temporary file in the same folder
/// and a rename: readers see the old file or the new one, never a part.
pub fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), Problem> {
    let dir = target.parent().unwrap_or(Path::new("."));
    let fail = |what: &str, e: std::io::Error| {
        Problem::new(target, format!("không ghi được tệp ({what}: {})", crate::yaml::io_reason(&e)))
    };
    std::fs::create_dir_all(dir).map_err(|e| fail("tạo thư mục", e))?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".vanban-").suffix(".tmp");
    // A PDF to share, not a secret: readable by all, like any new file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| fail("tạo tệp tạm", e))?;
    tmp.write_all(bytes).map_err(|e| fail("ghi", e))?;
    tmp.as_file().sync_all().map_err(|e| fail("ghi", e))?;
    tmp.persist(target).map_err(|e| fail("đổi tên", e.error))?;
    Ok(())
}

/// Runs a build or a check over the documents under `selection` (or all).
pub fn run(
    engine: &Engine,
    selection: &[PathBuf],
    mode: Mode,
    mut progress: impl FnMut(&Source, &Result<Built, Vec<Problem>>),
) -> Outcome {
    let (sources, mut problems) = load::discover(&engine.paths.data, selection);
    let mut outcome = Outcome::default();
    for src in &sources {
        let result = engine.build_one(src, mode);
        progress(src, &result);
        match result {
            Ok(b) if b.problems.is_empty() => outcome.built.push(b),
            Ok(b) => {
                outcome.failed.push(Failed { source: b.source, problems: b.problems, stale: None, written: b.pdfs })
            }
            Err(ps) => {
                let target = engine.target(src);
                let stale = (matches!(mode, Mode::Build { .. }) && target.is_file()).then_some(target);
                outcome.failed.push(Failed { source: src.path.clone(), problems: ps, stale, written: vec![] });
            }
        }
    }
    problems.extend(engine.loader.shared_problems());
    outcome.problems = problems;
    outcome
}
