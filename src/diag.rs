//! Problems found in the data, the templates or the typesetting, each tied to
//! the file (and where known the line, column and field) the user must fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// How bad a problem is: an error stops its document (or the part it is
/// about); a warning is shown and the document is still made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// What kind of problem it is, where code must tell kinds apart (never by
/// matching the message's text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Cause {
    /// Anything in the data, templates or layout.
    #[default]
    Data,
    /// A file could not be written (the message says why).
    Write,
    /// A YAML alias expanded past the limit (a "billion laughs" file).
    AliasBomb,
    /// A key written twice in one mapping.
    DuplicateKey,
}

/// One problem, reported in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub cause: Cause,
    pub file: PathBuf,
    /// 1-based line and column, when the problem has a place in the file.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The YAML key (path) concerned, e.g. `noi_dung[1].muc`.
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            cause: Cause::Data,
            file: file.into(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    /// The same problem, as a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn cause(mut self, cause: Cause) -> Self {
        self.cause = cause;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        let field = field.into();
        self.field = (!field.is_empty()).then_some(field);
        self
    }

    /// The file path as shown to the user: relative to the working directory
    /// when it lies below it.
    pub fn shown_path(&self) -> String {
        shown(&self.file)
    }
}

/// A path relative to the working directory when possible.
pub fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()).unwrap_or(path);
    rel.display().to_string()
}

/// Whether any of `problems` is an error (not only warnings).
pub fn has_errors<'a>(problems: impl IntoIterator<Item = &'a Problem>) -> bool {
    problems.into_iter().any(Problem::is_error)
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.shown_path())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": ")?;
        if let Some(field) = &self.field {
            write!(f, "trường `{field}`: ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Problem {}
