//! The end of a run: each document's outcome, and the build record brought
//! in line with what is now in the output folder. The record says, for
//! every file vanban wrote, what it was made from and which data file made
//! it; so a file the data no longer makes (an invitee removed from the
//! list, a document deleted) is removed, a document that now fails has every
//! one of its files reported stale, and a congress pack that a partial build
//! left behind its documents is reported stale and made again by the next
//! build of its congress.

use std::path::{Component, Path, PathBuf};

use crate::build::engine::Engine;
use crate::build::guard::outputs;
use crate::build::outcome::{Built, Failed, Mode, Outcome, Report};
use crate::build::pack::{self, Pack};
use crate::build::problems::collapse_write_failures;
use crate::build::state::Pdf;
use crate::build::word::Docx;
use crate::diag::{Problem, has_errors, shown};
use crate::document::Document;
use crate::output::cache;
use crate::output::record::{self, Entry, Manifest};
use crate::source::discover::Source;

/// What a run made of one document: where each PDF stands, and each Word
/// copy.
pub type Made = (Vec<Pdf>, Vec<(PathBuf, Docx)>);

/// What a run settles.
pub struct Settled<'a> {
    pub sources: &'a [Source],
    pub loaded: &'a [Result<Document, Vec<Problem>>],
    pub selection: &'a [PathBuf],
    pub mode: Mode,
    /// Whether the run makes the Word copies.
    pub docx: bool,
}

/// A path the record holds, if it stays below the output folder.
fn inside(out: &Path, rel: &Path) -> Option<PathBuf> {
    rel.components().all(|c| matches!(c, Component::Normal(_))).then(|| out.join(rel))
}

/// A file left from an earlier run that is now out of date, if it is there.
/// Its record stays: it still says what the file was made from, so the file
/// is kept as it is if the data comes back to that.
fn stale_file(out: &Path, rel: &Path, stale: &mut Vec<PathBuf>) {
    if let Some(path) = inside(out, rel).filter(|p| p.is_file())
        && !stale.contains(&path)
    {
        stale.push(path);
    }
}

/// Forgets a file whose making failed: it no longer shows its data.
fn forget(record: &mut Manifest, out: &Path, rel: &Path, stale: &mut Vec<PathBuf>) {
    record.remove(rel);
    stale_file(out, rel, stale);
}

impl Settled<'_> {
    /// Each document's outcome, in order, then each pack's; the record
    /// follows what was made.
    pub fn outcome(
        &self,
        engine: &Engine,
        record: &mut Manifest,
        made: Vec<Made>,
        packs: Vec<(Pack, Pdf)>,
        refused: Vec<(Pack, Vec<Problem>)>,
        report: &impl Report,
    ) -> Outcome {
        let building = matches!(self.mode, Mode::Build { .. });
        let out = &engine.paths.out;
        let mut outcome = Outcome::default();
        for ((src, doc), made) in self.sources.iter().zip(self.loaded).zip(made) {
            let mut stale = Vec::new();
            let result = match doc {
                Err(ps) => {
                    // Everything it made before is now out of date.
                    let made: Vec<PathBuf> = record.outputs_of(&src.rel).map(Path::to_path_buf).collect();
                    for rel in made.iter().chain([&src.rel.with_extension("pdf")]) {
                        stale_file(out, rel, &mut stale);
                    }
                    Err(ps.clone())
                }
                Ok(doc) => Ok(self.document(engine, record, src, doc, made, &mut stale)),
            };
            report.document(src, &result);
            match result {
                Ok(b) if !has_errors(&b.problems) => outcome.built.push(b),
                Ok(b) => {
                    let stale = if building { stale } else { vec![] };
                    outcome.failed.push(Failed { source: b.source, problems: b.problems, stale, written: b.pdfs })
                }
                Err(ps) => {
                    let stale = if building { stale } else { vec![] };
                    outcome.failed.push(Failed { source: src.path.clone(), problems: ps, stale, written: vec![] });
                }
            }
        }
        let made_packs: Vec<PathBuf> = packs.iter().map(|(p, _)| p.part.pdf.clone()).collect();
        for (pack, state) in packs {
            self.pack(engine, record, &pack, state, report, &mut outcome);
        }
        for (pack, problems) in refused {
            let mut stale = Vec::new();
            stale_file(out, &pack.part.pdf, &mut stale);
            let built = Built { problems, ..Built::nothing(&pack.source.path, &pack.source.rel) };
            report.document(&pack.source, &Ok(built.clone()));
            outcome.failed.push(Failed { source: built.source, problems: built.problems, stale, written: vec![] });
        }
        if building {
            self.remove_orphans(record, &engine.paths.data, out);
            outcome.problems.extend(self.stale_packs(record, out, &made_packs, &outcome));
        }
        outcome
    }

    /// A loaded document's outcome; its files failing now are `stale`.
    fn document(
        &self,
        engine: &Engine,
        record: &mut Manifest,
        src: &Source,
        doc: &Document,
        (parts, words): Made,
        stale: &mut Vec<PathBuf>,
    ) -> Built {
        let out = &engine.paths.out;
        let mut built = engine.built(doc);
        let entry = |key: u128, pages: usize| Entry { key, pages, source: src.rel.clone() };
        for (part, pdf) in doc.parts.iter().zip(parts) {
            match pdf {
                Pdf::Failed(ps) => {
                    built.problems.extend(ps);
                    stale_file(out, &part.pdf, stale);
                }
                Pdf::Unchanged { key, pages } => {
                    built.pages += pages;
                    built.unchanged += 1;
                    built.pdfs.push(out.join(&part.pdf));
                    record.insert(part.pdf.clone(), entry(key, pages));
                }
                Pdf::Done { key, result } => {
                    match &result {
                        Ok(pages) => record.insert(part.pdf.clone(), entry(key, *pages)),
                        // A PDF that now fails no longer shows its data.
                        Err(_) => forget(record, out, &part.pdf, stale),
                    }
                    engine.record(&mut built, part, result, self.mode);
                }
                Pdf::Todo { .. } | Pdf::Gather { .. } => unreachable!("every PDF to make was made"),
            }
        }
        let rebuilt = built.rebuilt > 0;
        let mut made_words = Vec::new();
        for (path, word) in words {
            match word {
                Docx::Unchanged { key } => {
                    built.pdfs.push(out.join(&path));
                    record.insert(path.clone(), entry(key, 0));
                }
                Docx::Done { key, result: Ok(()) } => {
                    if let Mode::Build { .. } = self.mode {
                        built.pdfs.push(out.join(&path));
                    }
                    record.insert(path.clone(), entry(key, 0));
                }
                Docx::Done { result: Err(ps), .. } => {
                    built.problems.extend(ps);
                    forget(record, out, &path, stale);
                }
                // Its PDF failed, which says why.
                Docx::Skipped => forget(record, out, &path, stale),
            }
            made_words.push(path);
        }
        engine.write_extras(doc, &mut built, self.mode);
        for extra in &doc.extras {
            if built.pdfs.contains(&out.join(&extra.path)) {
                record.insert(extra.path.clone(), entry(record::bytes_key(&extra.bytes), 0));
            }
        }
        collapse_write_failures(&mut built.problems);
        // The files the data no longer makes (an invitee removed, a list
        // reordered), once the document is whole again.
        if matches!(self.mode, Mode::Build { .. }) && !has_errors(&built.problems) {
            let mut now: Vec<&Path> = outputs(doc).chain(made_words.iter().map(PathBuf::as_path)).collect();
            // Without `--docx`, the Word copies of an unchanged document stay;
            // those of a document made again are out of date and go.
            let earlier: Vec<PathBuf> = record
                .outputs_of(&src.rel)
                .filter(|p| p.extension().is_some_and(|e| e == "docx"))
                .map(Path::to_path_buf)
                .collect();
            if !self.docx && !rebuilt {
                now.extend(earlier.iter().map(PathBuf::as_path));
            } else if !self.docx && !earlier.is_empty() {
                built.problems.push(
                    Problem::new(
                        &src.path,
                        format!(
                            "đã xóa {} bản Word (.docx) cũ vì văn bản vừa được dựng lại; dựng với `--docx` để có bản Word mới",
                            earlier.len()
                        ),
                    )
                    .warning(),
                );
            }
            let gone: Vec<PathBuf> =
                record.outputs_of(&src.rel).filter(|p| !now.contains(p)).map(Path::to_path_buf).collect();
            for rel in gone {
                remove(record, out, &rel);
            }
        }
        built
    }

    /// A pack's outcome.
    fn pack(
        &self,
        engine: &Engine,
        record: &mut Manifest,
        pack: &Pack,
        state: Pdf,
        report: &impl Report,
        outcome: &mut Outcome,
    ) {
        let out = &engine.paths.out;
        let mut built = Built::nothing(&pack.source.path, &pack.source.rel);
        let mut stale = Vec::new();
        let entry = |key: u128, pages: usize| Entry { key, pages, source: pack.source.rel.clone() };
        match state {
            Pdf::Failed(ps) => {
                built.problems = ps;
                stale_file(out, &pack.part.pdf, &mut stale);
            }
            Pdf::Unchanged { key, pages } => {
                built.pages = pages;
                built.unchanged = 1;
                built.pdfs.push(out.join(&pack.part.pdf));
                record.insert(pack.part.pdf.clone(), entry(key, pages));
            }
            Pdf::Done { key, result } => {
                match &result {
                    Ok(pages) => record.insert(pack.part.pdf.clone(), entry(key, *pages)),
                    Err(_) => forget(record, out, &pack.part.pdf, &mut stale),
                }
                engine.record(&mut built, &pack.part, result, self.mode);
            }
            Pdf::Todo { .. } | Pdf::Gather { .. } => unreachable!("a pack is made or failed"),
        }
        report.document(&pack.source, &Ok(built.clone()));
        if !has_errors(&built.problems) {
            outcome.built.push(built);
        } else {
            // The last good pack stays, marked stale.
            let stale = if matches!(self.mode, Mode::Build { .. }) { stale } else { vec![] };
            outcome.failed.push(Failed { source: built.source, problems: built.problems, stale, written: built.pdfs });
        }
    }

    /// Removes what data files that no longer exist made, within the run's
    /// reach (everything, or below the paths selected).
    fn remove_orphans(&self, record: &mut Manifest, data: &Path, out: &Path) {
        let Ok(data) = data.canonicalize() else { return };
        let selected: Vec<PathBuf> = self.selection.iter().filter_map(|p| p.canonicalize().ok()).collect();
        let gone: Vec<PathBuf> = record
            .entries()
            .filter(|(_, e)| !e.source.as_os_str().is_empty())
            .filter(|(_, e)| {
                let source = data.join(&e.source);
                !source.is_file() && (selected.is_empty() || selected.iter().any(|s| source.starts_with(s)))
            })
            .map(|(p, _)| p.to_path_buf())
            .collect();
        for rel in gone {
            remove(record, out, &rel);
        }
    }

    /// After a build of part of a congress, its pack no longer reflects the
    /// documents just made: it is forgotten (so the next build of the
    /// congress makes it again) and reported.
    fn stale_packs(&self, record: &mut Manifest, out: &Path, made: &[PathBuf], outcome: &Outcome) -> Vec<Problem> {
        let changed: Vec<&Path> = outcome
            .built
            .iter()
            .filter(|b| b.rebuilt > 0)
            .map(|b| b.source.as_path())
            .chain(outcome.failed.iter().map(|f| f.source.as_path()))
            .collect();
        let mut problems = Vec::new();
        for src in self.sources.iter().filter(|s| changed.contains(&s.path.as_path())) {
            let Some(congress) = src.congress_file.as_deref() else { continue };
            let dir = congress.parent().unwrap_or(Path::new(""));
            let rel = dir.strip_prefix(src.root()).unwrap_or(dir).join(pack::FILE);
            if made.contains(&rel) || record.get(&rel).is_none() {
                continue;
            }
            record.remove(&rel);
            problems.push(
                Problem::new(
                    out.join(&rel),
                    format!(
                        "tập tài liệu này đã cũ: {} vừa được dựng lại mà tập chưa lập lại; chạy `vanban build {}` \
                         trước khi in tập",
                        shown(&src.path),
                        shown(dir)
                    ),
                )
                .warning(),
            );
        }
        problems
    }
}

/// Removes a file vanban wrote and the data no longer makes (with the parts
/// it was joined from, if it was).
fn remove(record: &mut Manifest, out: &Path, rel: &Path) {
    if let Some(path) = inside(out, rel) {
        let _ = std::fs::remove_file(path);
        cache::forget(out, rel);
    }
    record.remove(rel);
}
