//! Where each document stands, without building anything (`vanban list`):
//! its kind, draft or issued, and each file it makes: current (made from
//! the data as it is now), stale (there, but made from older data), not yet
//! built, or failing.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::build::engine::Engine;
use crate::build::outcome::Mode;
use crate::build::pack;
use crate::build::state::Pdf;
use crate::diag::Problem;
use crate::document::Document;
use crate::output::record::{Manifest, bytes_key};
use crate::source::discover::{self, Source};
use crate::source::shared::IssueKeys;

/// The `kind` a congress pack is listed with.
pub const PACK: &str = "tap-tai-lieu";

/// Where one file stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileState {
    /// Made from the data as it is now.
    Current,
    /// In the output folder, but made from older data (or its document now
    /// fails): not to be printed or sent.
    Stale,
    /// Not built yet.
    Missing,
    /// Cannot be made: its document or this file has errors.
    Failed,
}

impl FileState {
    /// As `vanban list` prints it.
    pub fn words(self) -> &'static str {
        match self {
            FileState::Current => "hiện hành",
            FileState::Stale => "LỖI THỜI",
            FileState::Missing => "chưa dựng",
            FileState::Failed => "lỗi",
        }
    }
}

/// One document (or congress pack) as listed.
#[derive(Debug, Clone)]
pub struct Listed {
    pub source: Source,
    /// Its kind's key; `tap-tai-lieu` for a pack; `None` when unreadable.
    pub kind: Option<&'static str>,
    /// Issued (numbered and dated), or a draft; `None` when unreadable.
    pub issued: Option<bool>,
    pub title: String,
    /// Its files below the output folder, with their state.
    pub files: Vec<(PathBuf, FileState)>,
    /// Why it cannot be built.
    pub problems: Vec<Problem>,
}

/// Lists the documents under `selection` (or all), with the problems not of
/// one document.
pub fn status(engine: &Engine, selection: &[PathBuf]) -> (Vec<Listed>, Vec<Problem>) {
    engine.pool.install(|| {
        let (sources, mut problems) = discover::discover(&engine.paths.data, selection);
        let out = &engine.paths.out;
        let record = Manifest::read(out);
        let current = |pdf: &Path, key: u128| match record.get(pdf) {
            Some(e) if e.key == key && out.join(pdf).is_file() => Some(e.pages),
            _ => None,
        };
        let there = |rel: &Path| out.join(rel).is_file();
        let loaded: Vec<Result<Document, Vec<Problem>>> = sources.par_iter().map(|s| engine.load(s)).collect();
        let mut listed: Vec<Listed> = sources
            .par_iter()
            .zip(&loaded)
            .map(|(src, doc)| match doc {
                Err(ps) => Listed {
                    source: src.clone(),
                    kind: None,
                    issued: None,
                    title: String::new(),
                    files: record
                        .outputs_of(&src.rel)
                        .filter(|p| there(p))
                        .map(|p| (p.to_path_buf(), FileState::Stale))
                        .collect(),
                    problems: ps.clone(),
                },
                Ok(doc) => {
                    let text = std::fs::read_to_string(&src.path).unwrap_or_default();
                    let mut files: Vec<(PathBuf, FileState)> = doc
                        .parts
                        .iter()
                        .zip(engine.states(doc, &current, Mode::Check))
                        .map(|(part, state)| {
                            let state = match state {
                                Pdf::Unchanged { .. } => FileState::Current,
                                Pdf::Failed(_) => FileState::Failed,
                                _ if there(&part.pdf) => FileState::Stale,
                                _ => FileState::Missing,
                            };
                            (part.pdf.clone(), state)
                        })
                        .collect();
                    for extra in &doc.extras {
                        let state = match record.get(&extra.path) {
                            Some(e) if e.key == bytes_key(&extra.bytes) && there(&extra.path) => FileState::Current,
                            _ if there(&extra.path) => FileState::Stale,
                            _ => FileState::Missing,
                        };
                        files.push((extra.path.clone(), state));
                    }
                    Listed {
                        source: src.clone(),
                        kind: Some(doc.kind.key),
                        issued: Some(IssueKeys::read(&text).issued(doc.kind.numbered)),
                        title: doc.title.clone(),
                        files,
                        problems: doc.problems.clone(),
                    }
                }
            })
            .collect();
        // A pack is current when it was made and every document in it is.
        for p in pack::packs(&sources, &loaded, selection, &engine.loader) {
            let members_current = p
                .members
                .iter()
                .all(|&m| listed[m].kind.is_some() && listed[m].files.iter().all(|(_, s)| *s == FileState::Current));
            let state = match (record.get(&p.part.pdf).is_some() && there(&p.part.pdf), members_current) {
                (true, true) => FileState::Current,
                _ if there(&p.part.pdf) => FileState::Stale,
                (_, false) if p.members.iter().any(|&m| listed[m].kind.is_none()) => FileState::Failed,
                _ => FileState::Missing,
            };
            listed.push(Listed {
                source: p.source.clone(),
                kind: Some(PACK),
                issued: None,
                title: p.part.title.clone(),
                files: vec![(p.part.pdf.clone(), state)],
                problems: vec![],
            });
        }
        problems.extend(engine.loader.shared_problems());
        (listed, problems)
    })
}
