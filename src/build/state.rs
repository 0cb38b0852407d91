//! Where each PDF of a run stands, and the jobs that typeset them.

use typst_layout::PagedDocument;

use crate::build::gather::Group;
use crate::diag::Problem;

/// Where one PDF of a run stands.
pub enum Pdf {
    /// Its Typst source could not be made.
    Failed(Vec<Problem>),
    /// Up to date since an earlier run: left as it is.
    Unchanged { key: u128, pages: usize },
    /// To typeset (its source is rendered again then: holding the sources
    /// of thousands of PDFs would cost more memory than rendering twice
    /// costs time).
    Todo { key: u128 },
    /// To make from other parts' pages, group by group.
    Gather { key: u128, groups: Vec<Group> },
    /// Made in this run.
    Done { key: u128, result: Result<usize, Vec<Problem>> },
}

impl Pdf {
    pub fn key(&self) -> Option<u128> {
        match self {
            Pdf::Unchanged { key, .. } | Pdf::Todo { key, .. } | Pdf::Gather { key, .. } | Pdf::Done { key, .. } => {
                Some(*key)
            }
            Pdf::Failed(_) => None,
        }
    }
}

/// What a job does with a part: typeset and write it (keeping its pages
/// when a print file needs them), or only lay it out for a print file.
#[derive(Clone, Copy)]
pub struct Job {
    pub doc: usize,
    pub part: usize,
    pub write: bool,
    pub keep: bool,
}

/// A job's page count, and its laid-out pages when kept for a print file.
pub type JobResult = Result<(usize, Option<PagedDocument>), Vec<Problem>>;
