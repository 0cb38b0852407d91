//! Where each PDF of a run stands, and the jobs that typeset them.

use std::ops::Range;

use typst_layout::PagedDocument;

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

/// Members (invitations) per group of a print file: small enough that a
/// re-run after one edit lays out few, large enough that the fonts a group
/// embeds once weigh little beside its pages.
pub const PER_GROUP: usize = 50;

/// Pages per group of a congress pack, at most (a document longer than that
/// is a group of its own): a re-run after one document of the pack changed
/// lays out little more than that document again.
pub const GROUP_PAGES: usize = 16;

/// One group of a joined file: which of its members, the group's key, and
/// whether its PDF is ready (kept from an earlier run, or made in this one).
#[derive(Debug, Clone)]
pub struct Group {
    pub members: Range<usize>,
    pub key: u128,
    pub ready: bool,
    /// Its page count, when laid out in this run.
    pub pages: usize,
}

/// Consecutive runs of `sizes`, each adding up to `budget` at most (one
/// larger item is a run of its own), closed as soon as they reach it.
pub fn split(sizes: &[usize], budget: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let (mut start, mut sum) = (0, 0);
    for (i, &s) in sizes.iter().enumerate() {
        if sum > 0 && sum + s > budget {
            out.push(start..i);
            (start, sum) = (i, 0);
        }
        sum += s;
        if sum >= budget {
            out.push(start..i + 1);
            (start, sum) = (i + 1, 0);
        }
    }
    if start < sizes.len() {
        out.push(start..sizes.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_add_up_to_the_budget_and_the_last_takes_the_rest() {
        assert_eq!(split(&[1; 5], 2), vec![0..2, 2..4, 4..5]);
        // The plan, the script, the list, reports: the script alone.
        assert_eq!(split(&[5, 21, 4, 3, 3, 3, 3, 3], 16), vec![0..1, 1..2, 2..7, 7..8]);
        assert_eq!(split(&[10, 6, 40, 1], 16), vec![0..2, 2..3, 3..4]);
        assert_eq!(split(&[], 40), Vec::<Range<usize>>::new());
        assert_eq!(split(&[3], 40), vec![0..1]);
    }
}
