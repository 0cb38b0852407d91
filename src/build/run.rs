//! A run: every document found is loaded, rendered, typeset and written,
//! one failing document never stopping the others.
//!
//! A run loads the documents and renders every PDF's Typst source across
//! all cores (rayon). A PDF whose source, templates, fonts and vanban
//! version are unchanged since it was written is skipped (see
//! [`crate::output::record`]); the others are typeset across all cores, the
//! largest first, sharing the fonts, the Typst standard library and the
//! parsed layout library. Typst's memo cache is trimmed between chunks, so
//! memory does not grow with the batch. A print file is made group by group
//! ([`crate::build::gather`]) as its invitations are laid out, each group's
//! pages let go once exported, so memory does not grow with the guest list
//! either. Files are written through [`crate::output`], so no partial PDF is
//! ever left.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use typst_layout::PagedDocument;

use crate::build::engine::{CACHE_AGE, CHUNK, Engine};
use crate::build::guard;
use crate::build::outcome::{Mode, Outcome, Report};
use crate::build::pack::{self, Pack};
use crate::build::problems;
use crate::build::settle::Settled;
use crate::build::state::{Job, JobResult, Pdf};
use crate::build::word::Docx;
use crate::diag::Problem;
use crate::document::Document;
use crate::output::record::Manifest;
use crate::output::{self, remove_leftovers};
use crate::source::discover;

/// Runs a build or a check over the documents under `selection` (or all).
pub fn run(engine: &Engine, selection: &[PathBuf], mode: Mode, report: impl Report) -> Outcome {
    let report = &report;
    engine.pool.install(|| run_in_pool(engine, selection, mode, report))
}

fn run_in_pool(engine: &Engine, selection: &[PathBuf], mode: Mode, report: &impl Report) -> Outcome {
    let (sources, mut problems) = discover::discover(&engine.paths.data, selection);
    let building = matches!(mode, Mode::Build { .. });
    let out = &engine.paths.out;
    // One build at a time writes into an output folder, its record with it.
    let _lock = match building.then(|| output::lock(out, || report.waiting())) {
        Some(Err(p)) => return Outcome { problems: vec![p], ..Outcome::default() },
        lock => lock,
    };
    let mut record = if building { Manifest::read(out) } else { Manifest::default() };
    if building {
        remove_leftovers(out);
    }

    // Load every document; refuse any two that would write one file.
    let mut loaded: Vec<Result<Document, Vec<Problem>>> = sources.par_iter().map(|s| engine.load(s)).collect();
    let mut packs = pack::packs(&sources, &loaded, selection, &engine.loader);
    let dropped = guard::collisions(&sources, &mut loaded, &packs, &record, &engine.paths.data);
    let mut by_pack: std::collections::BTreeMap<usize, Vec<Problem>> = Default::default();
    for (p, problem) in dropped {
        by_pack.entry(p).or_default().push(problem);
    }
    let refused_packs: Vec<(Pack, Vec<Problem>)> =
        by_pack.into_iter().rev().map(|(p, problems)| (packs.remove(p), problems)).collect();
    let current = |pdf: &Path, key: u128| match (mode, record.get(pdf)) {
        (Mode::Build { force: false, .. }, Some(e)) if e.key == key && out.join(pdf).is_file() => Some(e.pages),
        _ => None,
    };

    // Render every PDF's source, across all cores; what is up to date is
    // skipped. A print file's key is its members'.
    let mut pdfs: Vec<Vec<Pdf>> = loaded
        .par_iter()
        .map(|doc| match doc {
            Ok(doc) => engine.states(doc, &current, mode),
            Err(_) => Vec::new(),
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
            if let Pdf::Gather { groups, .. } = pdf {
                print_files += 1;
                // The members of the groups to make are laid out (again).
                for g in groups.iter().filter(|g| !g.ready) {
                    for &m in &doc.parts[p].gather[g.members.clone()] {
                        needed[m] = true;
                    }
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
    let mut touched: Vec<usize> = Vec::new();
    for chunk in jobs.chunks(CHUNK) {
        // While a chunk is laid out, the print-file groups the chunk before
        // completed are exported.
        let (done, ()) = rayon::join(
            || typeset_chunk(engine, &loaded, chunk, mode, report),
            || {
                for &d in &touched {
                    make_print_files(engine, &loaded, &mut pdfs[d], &mut kept[d], d, mode, report);
                }
            },
        );
        typst::comemo::evict(CACHE_AGE);
        touched.clear();
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
    }
    // The last chunk's print files, and those whose members needed no job.
    for d in 0..pdfs.len() {
        make_print_files(engine, &loaded, &mut pdfs[d], &mut kept[d], d, mode, report);
    }

    // The congress packs, once all their documents are good: one at a time
    // (each lays out its documents across all cores), so that only one
    // pack's pages are held.
    let packs: Vec<(Pack, Pdf)> = packs
        .into_iter()
        .map(|pack| {
            let state = engine.make_pack(&pack, &sources, &loaded, &pdfs, mode, &current);
            typst::comemo::evict(CACHE_AGE);
            (pack, state)
        })
        .collect();

    // The Word copies, once each document's PDFs are made.
    let docx_current =
        |path: &Path, key: u128| record.get(path).is_some_and(|e| e.key == key) && out.join(path).is_file();
    let words: Vec<Vec<(PathBuf, Docx)>> = loaded
        .par_iter()
        .zip(&pdfs)
        .map(|(doc, parts)| match doc {
            Ok(doc) => engine.words(doc, parts, &docx_current, mode),
            Err(_) => Vec::new(),
        })
        .collect();

    let settled = Settled { sources: &sources, loaded: &loaded, selection, mode, docx: engine.word.is_some() };
    let made = pdfs.into_iter().zip(words).collect();
    let mut outcome = settled.outcome(engine, &mut record, made, packs, refused_packs, report);
    if building && let Err(p) = record.write(out) {
        problems.push(p);
    }
    problems.extend(engine.loader.shared_problems());
    problems.append(&mut outcome.problems);
    outcome.problems = problems;
    outcome
}

/// Typesets a chunk of jobs across all cores.
fn typeset_chunk(
    engine: &Engine,
    loaded: &[Result<Document, Vec<Problem>>],
    chunk: &[Job],
    mode: Mode,
    report: &impl Report,
) -> Vec<(Job, JobResult)> {
    chunk
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
        .collect()
}

/// Makes each group of a print file of document `d` whose members are all
/// laid out (or failed), letting their pages go; then each print file whose
/// groups are all ready.
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
        let Pdf::Gather { key, groups } = &pdfs[p] else { continue };
        let (key, mut groups) = (*key, groups.clone());
        let mut failed = None;
        for group in groups.iter_mut().filter(|g| !g.ready) {
            let members = &part.gather[group.members.clone()];
            let settled =
                |m: usize| kept[m].is_some() || matches!(pdfs[m], Pdf::Failed(_) | Pdf::Done { result: Err(_), .. });
            if !members.iter().all(|&m| settled(m)) {
                continue;
            }
            let laid: Option<Vec<PagedDocument>> = members.iter().map(|&m| kept[m].take()).collect();
            let made = match laid {
                Some(laid) => engine.make_group(&part.pdf, &part.title, group, &laid, mode, &doc.source),
                None => Err(vec![problems::gather(doc, part)]),
            };
            if let Err(ps) = made {
                failed = Some(ps);
                break;
            }
        }
        let result = match failed {
            Some(ps) => Err(ps),
            None if groups.iter().all(|g| g.ready) => match mode {
                Mode::Build { .. } => engine.join(&part.pdf, None, &groups, &doc.source),
                Mode::Check => Ok(groups.iter().map(|g| g.pages).sum()),
            },
            None => {
                pdfs[p] = Pdf::Gather { key, groups };
                continue;
            }
        };
        report.pdf_done();
        pdfs[p] = Pdf::Done { key, result };
        for &m in &part.gather {
            kept[m] = None;
        }
    }
}
