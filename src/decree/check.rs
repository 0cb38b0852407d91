//! The [`Checker`] that places each problem of a document at its key in the
//! YAML, and the small value helpers every check uses.

use std::path::PathBuf;

use crate::diag::{Problem, has_errors};
use crate::document::Input;
use crate::source::values::Text;
use crate::source::yaml;

/// Collects the problems found while merging, each placed in the source.
pub struct Checker<'a> {
    pub file: PathBuf,
    pub text: &'a str,
    pub problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    /// A checker for the document file of `input`.
    pub fn new(input: &Input<'a>) -> Checker<'a> {
        Checker { file: input.path.to_path_buf(), text: input.text, problems: Vec::new() }
    }

    /// Reports a problem about `key`, placed where the key is written (or at
    /// the top of the file when the key is missing).
    pub fn key(&mut self, key: &str, message: impl Into<String>) {
        // `nguoi_ky.thu_truong` missing: point at `nguoi_ky`.
        let (line, col) = key.rsplit('.').find_map(|part| yaml::locate_key(self.text, part)).unwrap_or((1, 1));
        self.problems.push(Problem::new(&self.file, message).field(key).at(line, col));
    }

    /// Whether an error was found (warnings alone leave the document
    /// buildable).
    pub fn failed(&self) -> bool {
        has_errors(&self.problems)
    }

    /// Reports a problem about a text value, placed where it is written.
    pub fn text(&mut self, key: &str, value: &str, message: impl Into<String>) {
        let (line, col) =
            yaml::locate_text(self.text, value).or_else(|| yaml::locate_key(self.text, key)).unwrap_or((1, 1));
        self.problems.push(Problem::new(&self.file, message).field(key).at(line, col));
    }
}

/// The non-blank texts of a list, trimmed.
pub(crate) fn non_blank(v: &[Text]) -> Vec<String> {
    v.iter().map(|t| t.as_str().trim().to_string()).filter(|s| !s.is_empty()).collect()
}

pub(crate) fn clean(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(|t| t.as_str().trim().to_string()).filter(|s| !s.is_empty())
}
