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
use crate::pack::{self, Pack};
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

impl Built {
    /// A document of which nothing is made yet.
    fn nothing(source: &Path, rel: &Path) -> Built {
        Built {
            source: source.to_path_buf(),
            rel: rel.to_path_buf(),
            pdfs: vec![],
            pages: 0,
            rebuilt: 0,
            unchanged: 0,
            problems: vec![],
        }
    }
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
    /// The threads that load, typeset and write: two per core, unless
    /// RAYON_NUM_THREADS says otherwise.
    pool: rayon::ThreadPool,
}

/// Typst recurses deeply on long documents (a 500-page print file): its
/// threads get a larger stack than rayon's default.
const STACK: usize = 64 << 20;

/// How many PDFs are typeset between two trims of Typst's memo cache.
const CHUNK: usize = 32;

/// Cache entries unused for this many chunks are evicted.
const CACHE_AGE: usize = 1;

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
    /// An engine that writes PDF/A-2b.
    pub fn new(paths: Paths) -> Result<Self, Problem> {
        Engine::with_archive(paths, true)
    }

    /// An engine that writes PDF/A-2b if `archive`, else plain PDF.
    pub fn with_archive(paths: Paths, archive: bool) -> Result<Self, Problem> {
        let mut typesetter = Typesetter::new(&paths.templates, &paths.fonts)?;
        typesetter.archive = archive;
        let renderer = Renderer::new(&paths.templates);
        let stamp = manifest::stamp(&paths.templates, typesetter.font_data(), archive);
        // Writing a PDF can wait on the disk (ext4 flushes a file renamed over
        // another): with two threads per core, a core whose thread waits
        // typesets with the other. RAYON_NUM_THREADS, when set, decides.
        let threads = match std::env::var("RAYON_NUM_THREADS").ok().and_then(|n| n.parse().ok()) {
            Some(n) if n > 0 => n,
            _ => 2 * std::thread::available_parallelism().map_or(1, |n| n.get()),
        };
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
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

    /// Lays out a rendered part. A character no font has is an error: the
    /// PDF would show an empty box where the data has a letter.
    pub fn lay_out(&self, doc: &Document, part: &Part, typ: &str) -> Result<PagedDocument, Vec<Problem>> {
        let laid = self
            .typesetter
            .compile(&doc.rel, &part.title, typ.to_string())
            .map_err(|errs| errs.iter().map(|e| self.typst_problem(doc, typ, e)).collect::<Vec<_>>())?;
        let missing = Typesetter::missing_glyphs(&laid);
        if missing.is_empty() {
            return Ok(laid);
        }
        let yaml = std::fs::read_to_string(&doc.source).unwrap_or_default();
        Err(missing.iter().map(|&c| self.missing_glyph(doc, part, &yaml, c)).collect())
    }

    fn missing_glyph(&self, doc: &Document, part: &Part, yaml: &str, c: char) -> Problem {
        let mut p = Problem::new(
            &doc.source,
            format!(
                "ký tự `{c}` (U+{:04X}) không có trong phông chữ {} nên {} sẽ in ô trống ở chỗ đó; \
                 hãy thay ký tự này, hoặc đặt vào fonts/ một phông có nó",
                c as u32,
                self.typesetter.family,
                part.pdf.display()
            ),
        );
        if let Some((line, col)) = crate::yaml::locate_text(yaml, &c.to_string()) {
            p = p.at(line, col);
            if let Some(key) = crate::yaml::key_at(yaml, line) {
                p = p.field(key);
            }
        }
        p
    }

    /// Where the (main) PDF of a document goes: its path below the data
    /// folder, below the output folder.
    pub fn target(&self, src: &Source) -> PathBuf {
        self.paths.out.join(&src.rel).with_extension("pdf")
    }

    /// The key of a part's PDF (see [`manifest`]).
    pub fn key(&self, part: &Part, typ: &str) -> u128 {
        manifest::key(self.stamp, &part.pdf, &part.title, typ)
    }

    /// Lays out one rendered part (writing its Typst source first, if
    /// asked).
    pub fn typeset(&self, doc: &Document, part: &Part, typ: &str, mode: Mode) -> Result<PagedDocument, Vec<Problem>> {
        if let Mode::Build { emit_typst: true, .. } = mode {
            // Written before typesetting, so a Typst error can be looked at.
            let target = self.paths.out.join(&part.pdf).with_extension("typ");
            write_atomically(&target, typ.as_bytes()).map_err(|p| vec![p])?;
        }
        self.lay_out(doc, part, typ)
    }

    /// Exports a laid-out part and (when building) writes its PDF; its page
    /// count. `typ` is its source, for messages.
    pub fn write_pdf(
        &self,
        doc: &Document,
        part: &Part,
        laid: &PagedDocument,
        typ: &str,
        mode: Mode,
    ) -> Result<usize, Vec<Problem>> {
        let pdf = self
            .typesetter
            .pdf(laid, &part.pdf.display().to_string())
            .map_err(|errs| errs.iter().map(|e| self.typst_problem(doc, typ, e)).collect::<Vec<_>>())?;
        if let Mode::Build { .. } = mode {
            write_atomically(&self.paths.out.join(&part.pdf), &pdf).map_err(|p| vec![p])?;
        }
        Ok(laid.pages().len())
    }

    /// Lays out one rendered part and (when building) writes its PDF; its
    /// page count.
    pub fn build_part(&self, doc: &Document, part: &Part, typ: &str, mode: Mode) -> Result<usize, Vec<Problem>> {
        let laid = self.typeset(doc, part, typ, mode)?;
        self.write_pdf(doc, part, &laid, typ, mode)
    }

    /// The print file of a part made of other parts' pages.
    fn write_gathered(
        &self,
        doc: &Document,
        part: &Part,
        members: &[PagedDocument],
        mode: Mode,
    ) -> Result<usize, Vec<Problem>> {
        let laid = self.typesetter.combine(members, &part.title).ok_or_else(|| {
            vec![Problem::new(&doc.source, format!("không có trang nào để ghép vào {}", part.pdf.display()))]
        })?;
        self.write_pdf(doc, part, &laid, "", mode)
    }

    /// Makes (or, when up to date, keeps) a congress pack from its
    /// documents, whose PDFs this run has settled (`pdfs`).
    fn make_pack(
        &self,
        pack: &Pack,
        sources: &[Source],
        loaded: &[Result<Document, Vec<Problem>>],
        pdfs: &[Vec<Pdf>],
        mode: Mode,
        current: &(impl Fn(&Path, u128) -> Option<usize> + Sync),
    ) -> Pdf {
        // Its documents, with their page counts, once they all are good.
        let mut members: Vec<Member> = Vec::new();
        for &m in &pack.members {
            let broken = || Pdf::Failed(vec![pack::broken(pack, &sources[m])]);
            let doc = match &loaded[m] {
                Ok(doc) if doc.problems.is_empty() => doc,
                _ => return broken(),
            };
            for (part, pdf) in doc.parts.iter().zip(&pdfs[m]).filter(|(part, _)| part.gather.is_empty()) {
                match pdf {
                    Pdf::Unchanged { pages, .. } | Pdf::Done { result: Ok(pages), .. } => {
                        members.push(Member { doc, part, pages: *pages })
                    }
                    _ => return broken(),
                }
            }
        }
        let front = match self.renderer.render_pack(pack, &members.iter().map(Member::entry).collect::<Vec<_>>()) {
            Ok(typ) => typ,
            Err(p) => return Pdf::Failed(vec![p]),
        };
        // What the pack is made of: its front pages' source and its
        // documents' (keyed as their own PDFs).
        let keys: Vec<u128> = pack.members.iter().flat_map(|&m| pdfs[m].iter().filter_map(Pdf::key)).collect();
        let key = self.key(&pack.part, &format!("{front}\n{keys:x?}"));
        if let Some(pages) = current(&pack.part.pdf, key) {
            return Pdf::Unchanged { key, pages };
        }
        let result = self.lay_out_pack(pack, &front, &members, mode).and_then(|laid| {
            let pdf =
                self.typesetter.pdf(&laid, &pack.part.pdf.display().to_string()).map_err(|e| pack_problems(pack, e))?;
            if let Mode::Build { .. } = mode {
                write_atomically(&self.paths.out.join(&pack.part.pdf), &pdf).map_err(|p| vec![p])?;
            }
            Ok(laid.pages().len())
        });
        Pdf::Done { key, result }
    }

    /// Lays out a congress pack: its cover and contents (from `front`, its
    /// rendered source), then each of `members` numbered on from the pages
    /// before it, a chunk at a time; its pages put together.
    pub fn lay_out_pack(
        &self,
        pack: &Pack,
        front: &str,
        members: &[Member],
        mode: Mode,
    ) -> Result<PagedDocument, Vec<Problem>> {
        if let Mode::Build { emit_typst: true, .. } = mode {
            write_atomically(&self.paths.out.join(&pack.part.pdf).with_extension("typ"), front.as_bytes())
                .map_err(|p| vec![p])?;
        }
        let front = self
            .typesetter
            .compile(&pack.source.rel, &pack.part.title, front.to_string())
            .map_err(|e| pack_problems(pack, e))?;
        let mut first = front.pages().len() + 1;
        let mut jobs = Vec::new();
        for m in members {
            jobs.push((m, first));
            first += m.pages;
        }
        let mut laid = vec![front];
        for chunk in jobs.chunks(CHUNK) {
            let done: Vec<Result<PagedDocument, Vec<Problem>>> = chunk
                .par_iter()
                .map(|&(m, first)| {
                    let typ = self.renderer.render_with(m.doc, &pack::member_context(m.doc, m.part, first));
                    let doc = self.lay_out(m.doc, m.part, &typ.map_err(|p| vec![p])?)?;
                    // The contents said it starts where it does and is this long.
                    if doc.pages().len() != m.pages {
                        return Err(pack_problems(
                            pack,
                            vec![TypstProblem::message(format!(
                                "{} có {} trang trong tập nhưng {} trang khi dựng riêng",
                                m.part.pdf.display(),
                                doc.pages().len(),
                                m.pages
                            ))],
                        ));
                    }
                    Ok(doc)
                })
                .collect();
            typst::comemo::evict(CACHE_AGE);
            for d in done {
                laid.push(d?);
            }
        }
        Ok(self.typesetter.combine(&laid, &pack.part.title).expect("the pack has its front pages"))
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
        let mut laid: Vec<Option<PagedDocument>> = vec![None; doc.parts.len()];
        for (i, part) in doc.parts.iter().enumerate() {
            let result = if part.gather.is_empty() {
                self.render(&doc, part).and_then(|typ| {
                    let l = self.typeset(&doc, part, &typ, mode)?;
                    let pages = self.write_pdf(&doc, part, &l, &typ, mode)?;
                    laid[i] = Some(l);
                    Ok(pages)
                })
            } else {
                match part.gather.iter().map(|&m| laid[m].clone()).collect::<Option<Vec<_>>>() {
                    Some(members) => self.write_gathered(&doc, part, &members, mode),
                    None => Err(vec![gather_problem(&doc, part)]),
                }
            };
            self.record(&mut built, part, result, mode);
        }
        self.write_extras(&doc, &mut built, mode);
        Ok(built)
    }

    fn built(&self, doc: &Document) -> Built {
        Built { problems: doc.problems.clone(), ..Built::nothing(&doc.source, &doc.rel) }
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
        Problem::new(target, format!("{WRITE_FAILED} ({what}: {})", crate::yaml::io_reason(&e)))
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

/// A document of a congress pack: one PDF of it, and that PDF's page count.
#[derive(Clone, Copy)]
pub struct Member<'a> {
    pub doc: &'a Document,
    pub part: &'a Part,
    pub pages: usize,
}

impl Member<'_> {
    /// Its line in the pack's contents: its name and page count.
    pub fn entry(&self) -> (String, usize) {
        (pack::member_name(self.doc), self.pages)
    }
}

/// Typst's problems with a pack, as the user sees them: at its congress file.
fn pack_problems(pack: &Pack, errors: Vec<TypstProblem>) -> Vec<Problem> {
    errors
        .into_iter()
        .map(|e| {
            Problem::new(
                &pack.source.path,
                format!("lỗi dàn trang Typst khi lập {}: {}", pack.part.pdf.display(), e.message),
            )
        })
        .collect()
}

/// Where one PDF of a run stands.
enum Pdf {
    /// Its Typst source could not be made.
    Failed(Vec<Problem>),
    /// Up to date since an earlier run: left as it is.
    Unchanged { key: u128, pages: usize },
    /// To typeset (its source is rendered again then: holding the sources
    /// of thousands of PDFs would cost more memory than rendering twice
    /// costs time).
    Todo { key: u128 },
    /// To make from other parts' pages.
    Gather { key: u128 },
    /// Made in this run.
    Done { key: u128, result: Result<usize, Vec<Problem>> },
}

impl Pdf {
    fn key(&self) -> Option<u128> {
        match self {
            Pdf::Unchanged { key, .. } | Pdf::Todo { key, .. } | Pdf::Gather { key } | Pdf::Done { key, .. } => {
                Some(*key)
            }
            Pdf::Failed(_) => None,
        }
    }
}

/// What a job does with a part: typeset and write it (keeping its pages
/// when a print file needs them), or only lay it out for a print file.
#[derive(Clone, Copy)]
struct Job {
    doc: usize,
    part: usize,
    write: bool,
    keep: bool,
}

/// A job's page count, and its laid-out pages when kept for a print file.
type JobResult = Result<(usize, Option<PagedDocument>), Vec<Problem>>;

fn gather_problem(doc: &Document, part: &Part) -> Problem {
    Problem::new(&doc.source, format!("không ghép được tệp in {}: có giấy (trang) lỗi ở trên", part.pdf.display()))
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
    if building {
        remove_leftovers(out);
    }
    let current = |pdf: &Path, key: u128| match (mode, record.get(pdf)) {
        (Mode::Build { force: false, .. }, Some(e)) if e.key == key && out.join(pdf).is_file() => Some(e.pages),
        _ => None,
    };

    // Load every document and render every PDF's source, across all cores;
    // what is up to date is skipped. A print file's key is its members'.
    let loaded: Vec<Result<Document, Vec<Problem>>> = sources.par_iter().map(|s| engine.load(s)).collect();
    let mut pdfs: Vec<Vec<Pdf>> = loaded
        .par_iter()
        .map(|doc| {
            let Ok(doc) = doc else { return Vec::new() };
            let mut pdfs: Vec<Pdf> = doc
                .parts
                .par_iter()
                .map(|part| {
                    if !part.gather.is_empty() {
                        return Pdf::Gather { key: 0 };
                    }
                    match engine.render(doc, part) {
                        Err(ps) => Pdf::Failed(ps),
                        Ok(typ) => {
                            let key = engine.key(part, &typ);
                            match current(&part.pdf, key) {
                                Some(pages) => Pdf::Unchanged { key, pages },
                                None => Pdf::Todo { key },
                            }
                        }
                    }
                })
                .collect();
            for (p, part) in doc.parts.iter().enumerate().filter(|(_, part)| !part.gather.is_empty()) {
                let keys: Option<Vec<u128>> = part.gather.iter().map(|&m| pdfs[m].key()).collect();
                pdfs[p] = match keys {
                    None => Pdf::Failed(vec![gather_problem(doc, part)]),
                    Some(keys) => {
                        let key = engine.key(part, &format!("{}\n{keys:x?}", part.title));
                        match current(&part.pdf, key) {
                            Some(pages) => Pdf::Unchanged { key, pages },
                            None => Pdf::Gather { key },
                        }
                    }
                };
            }
            pdfs
        })
        .collect();

    // The jobs, document by document: each PDF to typeset, and the pages a
    // print file to make needs.
    let mut jobs = Vec::new();
    let mut print_files = 0;
    for (d, parts) in pdfs.iter().enumerate() {
        let Ok(doc) = &loaded[d] else { continue };
        let mut needed = vec![false; parts.len()];
        for (p, pdf) in parts.iter().enumerate() {
            if let Pdf::Gather { .. } = pdf {
                print_files += 1;
                for &m in &doc.parts[p].gather {
                    needed[m] = true;
                }
            }
        }
        for (p, pdf) in parts.iter().enumerate() {
            match pdf {
                Pdf::Todo { .. } => jobs.push(Job { doc: d, part: p, write: true, keep: needed[p] }),
                Pdf::Unchanged { .. } if needed[p] => jobs.push(Job { doc: d, part: p, write: false, keep: true }),
                _ => {}
            }
        }
    }
    report.start(jobs.iter().filter(|j| j.write).count() + print_files);

    // Typeset across all cores, in chunks: Typst's cache is trimmed between
    // chunks, and a document's print file is made, and its pages let go, as
    // soon as its members are laid out, so memory stays bounded however
    // long the batch.
    let mut kept: Vec<Vec<Option<PagedDocument>>> = pdfs.iter().map(|parts| vec![None; parts.len()]).collect();
    for chunk in jobs.chunks(CHUNK) {
        let done: Vec<(Job, JobResult)> = chunk
            .par_iter()
            .map(|&job| {
                let Ok(doc) = &loaded[job.doc] else { unreachable!() };
                let part = &doc.parts[job.part];
                let result = engine.render(doc, part).and_then(|typ| {
                    if job.write {
                        let laid = engine.typeset(doc, part, &typ, mode)?;
                        let pages = engine.write_pdf(doc, part, &laid, &typ, mode)?;
                        report.pdf_done();
                        Ok((pages, job.keep.then_some(laid)))
                    } else {
                        // Up to date, but its pages go into a print file.
                        let laid = engine.lay_out(doc, part, &typ)?;
                        Ok((laid.pages().len(), Some(laid)))
                    }
                });
                (job, result)
            })
            .collect();
        typst::comemo::evict(CACHE_AGE);
        let mut touched = Vec::new();
        for (job, result) in done {
            let (d, p) = (job.doc, job.part);
            touched.push(d);
            let result = result.map(|(pages, laid)| {
                kept[d][p] = laid;
                pages
            });
            if job.write {
                let key = pdfs[d][p].key().unwrap_or_default();
                pdfs[d][p] = Pdf::Done { key, result };
            } else if let Err(ps) = result {
                pdfs[d][p] = Pdf::Failed(ps);
            }
        }
        touched.dedup();
        for d in touched {
            make_print_files(engine, &loaded, &mut pdfs[d], &mut kept[d], d, mode, report);
        }
    }
    // Print files whose members needed no job at all.
    for d in 0..pdfs.len() {
        make_print_files(engine, &loaded, &mut pdfs[d], &mut kept[d], d, mode, report);
    }

    // The congress packs, once all their documents are good: one at a time
    // (each lays out its documents across all cores), so that only one
    // pack's pages are held.
    let packs: Vec<(Pack, Pdf)> = pack::packs(&sources, &loaded, selection, &engine.loader)
        .into_iter()
        .map(|pack| {
            let state = engine.make_pack(&pack, &sources, &loaded, &pdfs, mode, &current);
            typst::comemo::evict(CACHE_AGE);
            (pack, state)
        })
        .collect();

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
                        Pdf::Unchanged { pages, .. } => {
                            built.pages += pages;
                            built.unchanged += 1;
                            built.pdfs.push(out.join(&part.pdf));
                        }
                        Pdf::Done { key, result } => {
                            match &result {
                                Ok(pages) => record.insert(part.pdf.clone(), manifest::Entry { key, pages: *pages }),
                                // A PDF that now fails no longer shows its data.
                                Err(_) => record.remove(&part.pdf),
                            }
                            engine.record(&mut built, part, result, mode);
                        }
                        Pdf::Todo { .. } | Pdf::Gather { .. } => unreachable!("every PDF to make was made"),
                    }
                }
                engine.write_extras(doc, &mut built, mode);
                collapse_write_failures(&mut built.problems);
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
    for (pack, state) in packs {
        let mut built = Built::nothing(&pack.source.path, &pack.source.rel);
        match state {
            Pdf::Failed(ps) => built.problems = ps,
            Pdf::Unchanged { pages, .. } => {
                built.pages = pages;
                built.unchanged = 1;
                built.pdfs.push(out.join(&pack.part.pdf));
            }
            Pdf::Done { key, result } => {
                match &result {
                    Ok(pages) => record.insert(pack.part.pdf.clone(), manifest::Entry { key, pages: *pages }),
                    Err(_) => record.remove(&pack.part.pdf),
                }
                engine.record(&mut built, &pack.part, result, mode);
            }
            Pdf::Todo { .. } | Pdf::Gather { .. } => unreachable!("a pack is made or failed"),
        }
        let result = Ok(built);
        report.document(&pack.source, &result);
        let Ok(b) = result else { unreachable!("a pack's problems are in its outcome") };
        if b.problems.is_empty() {
            outcome.built.push(b);
        } else {
            // The last good pack stays, marked stale.
            let target = out.join(&pack.part.pdf);
            let stale = (building && target.is_file()).then_some(target);
            outcome.failed.push(Failed { source: b.source, problems: b.problems, stale, written: b.pdfs });
        }
    }
    if building && let Err(p) = record.write(out) {
        problems.push(p);
    }
    problems.extend(engine.loader.shared_problems());
    outcome.problems = problems;
    outcome
}

/// The start of every message about a file that could not be written.
const WRITE_FAILED: &str = "không ghi được tệp";

/// One message for a document whose files all fail to be written for the
/// same reason (an output folder that cannot be written), not one per file.
fn collapse_write_failures(problems: &mut Vec<Problem>) {
    let mut kept: Vec<Problem> = Vec::with_capacity(problems.len());
    // For each reason seen: where its first message is, and how many more.
    let mut reasons: Vec<(String, usize, usize)> = Vec::new();
    for p in problems.drain(..) {
        let Some(reason) = p.message.strip_prefix(WRITE_FAILED).map(str::to_string) else {
            kept.push(p);
            continue;
        };
        match reasons.iter_mut().find(|(r, ..)| *r == reason) {
            Some((_, _, more)) => *more += 1,
            None => {
                reasons.push((reason, kept.len(), 0));
                kept.push(p);
            }
        }
    }
    for (_, at, more) in reasons.into_iter().filter(|r| r.2 > 0) {
        kept[at].message.push_str(&format!(" (và {more} tệp khác của văn bản này, cùng lý do)"));
    }
    *problems = kept;
}

/// Temporary files a killed run left behind (`.vanban-*.tmp`), removed at
/// the start of a build: they are never a finished file.
fn remove_leftovers(out: &Path) {
    for entry in walkdir::WalkDir::new(out).into_iter().filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.starts_with(".vanban-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes each print file of document `d` whose members are all laid out
/// (or failed), then lets their pages go.
fn make_print_files(
    engine: &Engine,
    loaded: &[Result<Document, Vec<Problem>>],
    pdfs: &mut [Pdf],
    kept: &mut [Option<PagedDocument>],
    d: usize,
    mode: Mode,
    report: &impl Report,
) {
    let Ok(doc) = &loaded[d] else { return };
    for (p, part) in doc.parts.iter().enumerate() {
        let Pdf::Gather { key } = pdfs[p] else { continue };
        let settled =
            |m: usize| kept[m].is_some() || matches!(pdfs[m], Pdf::Failed(_) | Pdf::Done { result: Err(_), .. });
        if !part.gather.iter().all(|&m| settled(m)) {
            continue;
        }
        let members: Option<Vec<PagedDocument>> = part.gather.iter().map(|&m| kept[m].clone()).collect();
        let result = match members {
            Some(members) => engine.write_gathered(doc, part, &members, mode),
            None => Err(vec![gather_problem(doc, part)]),
        };
        report.pdf_done();
        pdfs[p] = Pdf::Done { key, result };
        for &m in &part.gather {
            kept[m] = None;
        }
    }
}
