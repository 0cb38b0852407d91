//! The batch: every document found is loaded, rendered, typeset and written,
//! one failing document never stopping the others.
//!
//! A run loads the documents and renders every PDF's Typst source across
//! all cores (rayon). A PDF whose source, templates, fonts and vanban
//! version are unchanged since it was written is skipped ([`manifest`]);
//! the others are typeset across all cores, the largest first, sharing the
//! fonts, the Typst standard library and the parsed layout library. Typst's
//! memo cache is trimmed between chunks, so memory does not grow with the
//! batch. PDFs are written to a temporary file and renamed into place, so
//! no partial PDF is ever left.

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use typst_layout::PagedDocument;

use crate::diag::{Problem, shown};
use crate::document::{Document, Part};
use crate::load::{self, Loader, Source};
use crate::manifest::{self, Manifest};
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
    /// Write the PDFs (and, if asked, the Typst sources). Unless `force`,
    /// PDFs that are up to date are left as they are.
    Build { emit_typst: bool, force: bool },
    /// Check everything, write nothing.
    Check,
}

/// A document that was built (or, for `check`, would be).
#[derive(Debug, Clone)]
pub struct Built {
    pub source: PathBuf,
    pub rel: PathBuf,
    /// Its files in the output folder, for a build: written now, or already
    /// up to date.
    pub pdfs: Vec<PathBuf>,
    /// Pages of all its PDFs.
    pub pages: usize,
    /// PDFs typeset in this run.
    pub rebuilt: usize,
    /// PDFs left as they were, being up to date.
    pub unchanged: usize,
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
    /// PDFs typeset in this run, and PDFs left as they were.
    pub fn counts(&self) -> (usize, usize) {
        self.built.iter().fold((0, 0), |(r, u), b| (r + b.rebuilt, u + b.unchanged))
    }

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
    /// What every PDF's key shares: version, templates, fonts.
    stamp: u128,
    /// The threads that load and typeset: one per core.
    pool: rayon::ThreadPool,
}

/// Typst recurses deeply on long documents (a 500-page print file): its
/// threads get a larger stack than rayon's default.
const STACK: usize = 64 << 20;

/// How many PDFs are typeset between two trims of Typst's memo cache.
const CHUNK: usize = 128;

/// Cache entries unused for this many chunks are evicted.
const CACHE_AGE: usize = 2;

/// Follows a run: the number of PDFs to typeset, each one done, and each
/// document finished. Called from several threads.
pub trait Report: Sync {
    fn start(&self, _pdfs: usize) {}
    fn pdf_done(&self) {}
    fn document(&self, src: &Source, result: &Result<Built, Vec<Problem>>);
}

/// A run nobody follows.
pub struct Silent;

impl Report for Silent {
    fn document(&self, _: &Source, _: &Result<Built, Vec<Problem>>) {}
}

impl Engine {
    pub fn new(paths: Paths) -> Result<Self, Problem> {
        let typesetter = Typesetter::new(&paths.templates, &paths.fonts)?;
        let renderer = Renderer::new(&paths.templates);
        let stamp = manifest::stamp(&paths.templates, typesetter.font_data());
        let pool = rayon::ThreadPoolBuilder::new()
            .stack_size(STACK)
            .build()
            .map_err(|e| Problem::new(&paths.out, format!("không tạo được luồng xử lý: {e}")))?;
        Ok(Engine { paths, loader: Loader::new(), renderer, typesetter, stamp, pool })
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

    /// The key of a part's PDF (see [`manifest`]).
    pub fn key(&self, part: &Part, typ: &str) -> u128 {
        manifest::key(self.stamp, &part.pdf, typ)
    }

    /// Lays out one rendered part and (when building) writes its PDF; its
    /// page count.
    pub fn build_part(&self, doc: &Document, part: &Part, typ: &str, mode: Mode) -> Result<usize, Vec<Problem>> {
        let target = self.paths.out.join(&part.pdf);
        if let Mode::Build { emit_typst: true, .. } = mode {
            // Written before typesetting, so a Typst error can be looked at.
            write_atomically(&target.with_extension("typ"), typ.as_bytes()).map_err(|p| vec![p])?;
        }
        let laid = self.lay_out(doc, part, typ)?;
        let pdf = self
            .typesetter
            .pdf(&laid, &part.pdf.display().to_string())
            .map_err(|errs| errs.iter().map(|e| self.typst_problem(doc, typ, e)).collect::<Vec<_>>())?;
        if let Mode::Build { .. } = mode {
            write_atomically(&target, &pdf).map_err(|p| vec![p])?;
        }
        Ok(laid.pages().len())
    }

    /// Runs `f` on the engine's threads (whose stacks are large enough for
    /// Typst).
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.pool.install(f)
    }

    /// Builds (or checks) one document on its own: every part it makes, one
    /// failing part not stopping the others. `Err` when nothing could be
    /// made.
    pub fn build_one(&self, src: &Source, mode: Mode) -> Result<Built, Vec<Problem>> {
        let doc = self.load(src)?;
        let mut built = self.built(&doc);
        for part in &doc.parts {
            let result = self.render(&doc, part).and_then(|typ| self.build_part(&doc, part, &typ, mode));
            self.record(&mut built, part, result, mode);
        }
        self.write_extras(&doc, &mut built, mode);
        Ok(built)
    }

    fn built(&self, doc: &Document) -> Built {
        Built {
            source: doc.source.clone(),
            rel: doc.rel.clone(),
            pdfs: vec![],
            pages: 0,
            rebuilt: 0,
            unchanged: 0,
            problems: doc.problems.clone(),
        }
    }

    fn record(&self, built: &mut Built, part: &Part, result: Result<usize, Vec<Problem>>, mode: Mode) {
        match result {
            Ok(pages) => {
                built.pages += pages;
                built.rebuilt += 1;
                if let Mode::Build { .. } = mode {
                    built.pdfs.push(self.paths.out.join(&part.pdf));
                }
            }
            Err(ps) => built.problems.extend(ps),
        }
    }

    /// Writes a document's other files (a mailing list), unless the file
    /// already holds the same bytes.
    fn write_extras(&self, doc: &Document, built: &mut Built, mode: Mode) {
        if let Mode::Build { .. } = mode {
            for extra in &doc.extras {
                let path = self.paths.out.join(&extra.path);
                if std::fs::read(&path).is_ok_and(|old| old == extra.bytes) {
                    built.pdfs.push(path);
                    continue;
                }
                match write_atomically(&path, &extra.bytes) {
                    Ok(()) => built.pdfs.push(path),
                    Err(p) => built.problems.push(p),
                }
            }
        }
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
    // No fsync: the rename already makes the write all-or-nothing for a
    // killed run, and syncing each of hundreds of PDFs would cost more than
    // typesetting them.
    tmp.write_all(bytes).map_err(|e| fail("ghi", e))?;
    tmp.persist(target).map_err(|e| fail("đổi tên", e.error))?;
    Ok(())
}

/// Where one PDF of a run stands.
enum Pdf {
    /// Its Typst source could not be made.
    Failed(Vec<Problem>),
    /// Up to date since an earlier run: left as it is.
    Unchanged { pages: usize },
    /// To typeset, from this source.
    Todo { typ: String, key: u128 },
    /// Typeset in this run.
    Typeset { key: u128, result: Result<usize, Vec<Problem>> },
}

/// Runs a build or a check over the documents under `selection` (or all).
pub fn run(engine: &Engine, selection: &[PathBuf], mode: Mode, report: impl Report) -> Outcome {
    let report = &report;
    engine.pool.install(|| run_in_pool(engine, selection, mode, report))
}

fn run_in_pool(engine: &Engine, selection: &[PathBuf], mode: Mode, report: &impl Report) -> Outcome {
    let (sources, mut problems) = load::discover(&engine.paths.data, selection);
    let building = matches!(mode, Mode::Build { .. });
    let out = &engine.paths.out;
    let mut record = if building { Manifest::read(out) } else { Manifest::default() };
    let skip = |pdf: &Path, key: u128| match (mode, record.get(pdf)) {
        (Mode::Build { force: false, .. }, Some(e)) if e.key == key && out.join(pdf).is_file() => Some(e.pages),
        _ => None,
    };

    // Load every document and render every PDF's source, across all cores;
    // what is up to date is skipped.
    let loaded: Vec<Result<Document, Vec<Problem>>> = sources.par_iter().map(|s| engine.load(s)).collect();
    let mut pdfs: Vec<Vec<Pdf>> = loaded
        .par_iter()
        .map(|doc| {
            let Ok(doc) = doc else { return Vec::new() };
            doc.parts
                .par_iter()
                .map(|part| match engine.render(doc, part) {
                    Err(ps) => Pdf::Failed(ps),
                    Ok(typ) => {
                        let key = engine.key(part, &typ);
                        match skip(&part.pdf, key) {
                            Some(pages) => Pdf::Unchanged { pages },
                            None => Pdf::Todo { typ, key },
                        }
                    }
                })
                .collect()
        })
        .collect();

    // Typeset the rest across all cores, the largest first so the long
    // print files don't finish last; trim Typst's cache between chunks so
    // memory stays bounded however long the batch.
    let mut todo: Vec<(usize, usize, usize)> = pdfs
        .iter()
        .enumerate()
        .flat_map(|(d, parts)| parts.iter().enumerate().map(move |(p, pdf)| (d, p, pdf)))
        .filter_map(|(d, p, pdf)| match pdf {
            Pdf::Todo { typ, .. } => Some((d, p, typ.len())),
            _ => None,
        })
        .collect();
    todo.sort_by_key(|&(.., size)| std::cmp::Reverse(size));
    report.start(todo.len());
    for chunk in todo.chunks(CHUNK) {
        let done: Vec<(usize, usize, Result<usize, Vec<Problem>>)> = chunk
            .par_iter()
            .map(|&(d, p, _)| {
                let (Ok(doc), Pdf::Todo { typ, .. }) = (&loaded[d], &pdfs[d][p]) else { unreachable!() };
                let result = engine.build_part(doc, &doc.parts[p], typ, mode);
                report.pdf_done();
                (d, p, result)
            })
            .collect();
        typst::comemo::evict(CACHE_AGE);
        for (d, p, result) in done {
            let Pdf::Todo { key, .. } = pdfs[d][p] else { unreachable!() };
            pdfs[d][p] = Pdf::Typeset { key, result };
        }
    }

    // Each document's outcome, in order; the record follows what was made.
    let mut outcome = Outcome::default();
    for ((src, doc), parts) in sources.iter().zip(&loaded).zip(pdfs) {
        let result = match doc {
            Err(ps) => Err(ps.clone()),
            Ok(doc) => {
                let mut built = engine.built(doc);
                for (part, pdf) in doc.parts.iter().zip(parts) {
                    match pdf {
                        Pdf::Failed(ps) => built.problems.extend(ps),
                        Pdf::Unchanged { pages } => {
                            built.pages += pages;
                            built.unchanged += 1;
                            built.pdfs.push(out.join(&part.pdf));
                        }
                        Pdf::Typeset { key, result } => {
                            match &result {
                                Ok(pages) => record.insert(part.pdf.clone(), manifest::Entry { key, pages: *pages }),
                                // A PDF that now fails no longer shows its data.
                                Err(_) => record.remove(&part.pdf),
                            }
                            engine.record(&mut built, part, result, mode);
                        }
                        Pdf::Todo { .. } => unreachable!("every PDF to make was typeset"),
                    }
                }
                engine.write_extras(doc, &mut built, mode);
                Ok(built)
            }
        };
        report.document(src, &result);
        match result {
            Ok(b) if b.problems.is_empty() => outcome.built.push(b),
            Ok(b) => {
                outcome.failed.push(Failed { source: b.source, problems: b.problems, stale: None, written: b.pdfs })
            }
            Err(ps) => {
                let target = engine.target(src);
                let stale = (building && target.is_file()).then_some(target);
                outcome.failed.push(Failed { source: src.path.clone(), problems: ps, stale, written: vec![] });
            }
        }
    }
    if building && let Err(p) = record.write(out) {
        problems.push(p);
    }
    problems.extend(engine.loader.shared_problems());
    outcome.problems = problems;
    outcome
}
