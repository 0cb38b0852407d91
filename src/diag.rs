//! Problems found in the data, the templates or the typesetting, each tied to
//! the file (and where known the line, column and field) the user must fix.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem, reported in Vietnamese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
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
        Problem { file: file.into(), line: None, column: None, field: None, message: message.into() }
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
