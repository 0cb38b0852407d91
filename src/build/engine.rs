//! The engine: what every document of a run shares (paths, loader,
//! renderer, typesetter, the threads), and the steps of one PDF — load,
//! render, lay out, export, write.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use typst_layout::PagedDocument;

use crate::backend::pdf::Typesetter;
use crate::build::outcome::{Built, Mode, Paths};
use crate::build::problems;
use crate::build::state::{self, Pdf};
use crate::build::word::{Docx, Makers, Word};
use crate::diag::Problem;
use crate::document::{Document, Part};
use crate::output::record;
use crate::output::write_atomically;
use crate::render::Renderer;
use crate::source::discover::Source;
use crate::source::loader::Loader;

/// What every document of a run shares.
pub struct Engine {
    pub paths: Paths,
    pub loader: Loader,
    pub renderer: Renderer,
    pub typesetter: Typesetter,
    /// What every PDF's key shares: version, templates, fonts.
    pub(crate) stamp: u128,
    /// The threads that load, typeset and write: two per core, unless
    /// RAYON_NUM_THREADS says otherwise.
    pub(crate) pool: rayon::ThreadPool,
    /// When the run writes a Word copy beside each PDF (`--docx`).
    pub(crate) word: Option<Word>,
}

/// Typst recurses deeply on long documents (a 500-page print file): its
/// threads get a larger stack than rayon's default.
pub(crate) const STACK: usize = 64 << 20;

/// How many PDFs are typeset between two trims of Typst's memo cache.
pub(crate) const CHUNK: usize = 32;

/// Cache entries unused for this many chunks are evicted.
pub(crate) const CACHE_AGE: usize = 1;

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
        let stamp = record::stamp(&paths.templates, typesetter.font_data(), archive);
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
        Ok(Engine { paths, loader: Loader::new(), renderer, typesetter, stamp, pool, word: None })
    }

    /// The engine writing `output`: PDF/A or plain PDF, with or without a
    /// Word copy beside each PDF (what `build`, `watch` and `serve` make).
    pub fn for_output(paths: Paths, output: crate::build::outcome::Output) -> Result<Self, Problem> {
        let engine = Engine::with_archive(paths, output.archive)?;
        if output.docx { engine.with_docx() } else { Ok(engine) }
    }

    /// The same engine writing a Word copy (.docx) beside each PDF.
    pub fn with_docx(mut self) -> Result<Self, Problem> {
        self.word = Some(Word::new(&self.paths.templates, self.stamp)?);
        Ok(self)
    }

    /// Loads and checks a document.
    pub fn load(&self, src: &Source) -> Result<Document, Vec<Problem>> {
        self.loader.load(src)
    }

    /// The Typst source of one part of a document.
    pub fn render(&self, doc: &Document, part: &Part) -> Result<String, Vec<Problem>> {
        self.renderer.render(part.template_of(&doc.kind), &part.context, &doc.source).map_err(|p| vec![p])
    }

    /// Lays out a rendered part. A character no font has is an error: the
    /// PDF would show an empty box where the data has a letter.
    pub fn lay_out(&self, doc: &Document, part: &Part, typ: &str) -> Result<PagedDocument, Vec<Problem>> {
        let laid = self
            .typesetter
            .compile(&doc.rel, &part.title, typ.to_string())
            .map_err(|errs| errs.iter().map(|e| problems::typst(doc, typ, e)).collect::<Vec<_>>())?;
        let missing = Typesetter::missing_glyphs(&laid);
        if missing.is_empty() {
            return Ok(laid);
        }
        let yaml = std::fs::read_to_string(&doc.source).unwrap_or_default();
        Err(missing.iter().map(|&c| problems::missing_glyph(&self.typesetter.family, doc, part, &yaml, c)).collect())
    }

    /// Where the (main) PDF of a document goes: its path below the data
    /// folder, below the output folder.
    pub fn target(&self, src: &Source) -> PathBuf {
        self.paths.out.join(&src.rel).with_extension("pdf")
    }

    /// The key of a part's PDF (see [`record`]).
    pub fn key(&self, part: &Part, typ: &str) -> u128 {
        record::key(self.stamp, &part.pdf, &part.title, typ)
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
            .map_err(|errs| errs.iter().map(|e| problems::typst(doc, typ, e)).collect::<Vec<_>>())?;
        if let Mode::Build { .. } = mode {
            write_atomically(&self.paths.out.join(&part.pdf), &pdf).map_err(|p| vec![p])?;
        }
        Ok(laid.pages().len())
    }

    /// Makes (or keeps) the Word copy of each part of `doc` whose PDF is
    /// good, when the run makes them (see [`crate::build::word`]).
    pub(crate) fn words(
        &self,
        doc: &Document,
        pdfs: &[Pdf],
        current: &(impl Fn(&Path, u128) -> bool + Sync),
        mode: Mode,
    ) -> Vec<(PathBuf, Docx)> {
        let Some(word) = self.word.as_ref().filter(|_| doc.kind.word) else { return Vec::new() };
        let with = Makers { renderer: &self.renderer, typesetter: &self.typesetter, paths: &self.paths };
        word.make(&with, doc, pdfs, current, mode)
    }

    /// Runs `f` on the engine's threads (whose stacks are large enough for
    /// Typst).
    pub fn install<R: Send>(&self, f: impl FnOnce() -> R + Send) -> R {
        self.pool.install(f)
    }

    pub(crate) fn built(&self, doc: &Document) -> Built {
        Built { problems: doc.problems.clone(), ..Built::nothing(&doc.source, &doc.rel) }
    }

    pub(crate) fn record(&self, built: &mut Built, part: &Part, result: Result<usize, Vec<Problem>>, mode: Mode) {
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
    pub(crate) fn write_extras(&self, doc: &Document, built: &mut Built, mode: Mode) {
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

    /// Where each PDF of a document stands before typesetting: its source
    /// rendered and keyed, and kept as it is when `current` says the file
    /// made from that key is there (with its page count). A print file's
    /// key is its members'; one to make has its groups.
    pub(crate) fn states(
        &self,
        doc: &Document,
        current: &(impl Fn(&Path, u128) -> Option<usize> + Sync),
        mode: Mode,
    ) -> Vec<Pdf> {
        let mut pdfs: Vec<Pdf> = doc
            .parts
            .par_iter()
            .map(|part| {
                if !part.gather.is_empty() {
                    return Pdf::Gather { key: 0, groups: Vec::new() };
                }
                match self.render(doc, part) {
                    Err(ps) => Pdf::Failed(ps),
                    Ok(typ) => {
                        let key = self.key(part, &typ);
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
                None => Pdf::Failed(vec![problems::gather(doc, part)]),
                Some(keys) => {
                    let key = self.key(part, &format!("{}\n{keys:x?}", part.title));
                    match current(&part.pdf, key) {
                        Some(pages) => Pdf::Unchanged { key, pages },
                        None => {
                            let sizes = vec![1; keys.len()];
                            let groups = self.groups(&part.pdf, &part.title, &keys, &sizes, state::PER_GROUP, mode);
                            Pdf::Gather { key, groups }
                        }
                    }
                }
            };
        }
        pdfs
    }
}
