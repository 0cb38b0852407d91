//! What a run is asked to do and what it gives back: the folders, the mode,
//! each document's outcome, and the [`Report`] that follows a run.

use std::path::{Path, PathBuf};

use crate::diag::{Problem, has_errors};
use crate::source::discover::Source;

/// Where things are.
#[derive(Debug, Clone)]
pub struct Paths {
    pub data: PathBuf,
    pub templates: PathBuf,
    pub fonts: PathBuf,
    pub out: PathBuf,
}

/// What a run writes besides the PDFs' content.
#[derive(Debug, Clone, Copy)]
pub struct Output {
    /// PDF/A-2b rather than plain PDF.
    pub archive: bool,
    /// A Word copy beside each PDF.
    pub docx: bool,
}

impl Output {
    /// PDF/A-2b and no Word copy (`check`, `list`).
    pub const PDF_A: Output = Output { archive: true, docx: false };
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
    pub fn nothing(source: &Path, rel: &Path) -> Built {
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
    /// The files an earlier run wrote, left as they were: now out of date.
    pub stale: Vec<PathBuf>,
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
        self.failed.is_empty() && !has_errors(&self.problems)
    }

    /// Every problem of the run, shared ones first, then the failed
    /// documents', then the warnings of those built.
    pub fn all_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .chain(self.failed.iter().flat_map(|f| f.problems.iter()))
            .chain(self.built.iter().flat_map(|b| b.problems.iter()))
    }
}

/// Follows a run: the number of PDFs to typeset, each one done, and each
/// document finished. Called from several threads.
pub trait Report: Sync {
    /// Another run holds the output folder: this one waits for it.
    fn waiting(&self) {}
    fn start(&self, _pdfs: usize) {}
    fn pdf_done(&self) {}
    fn document(&self, src: &Source, result: &Result<Built, Vec<Problem>>);
}

/// A run nobody follows.
pub struct Silent;

impl Report for Silent {
    fn document(&self, _: &Source, _: &Result<Built, Vec<Problem>>) {}
}
