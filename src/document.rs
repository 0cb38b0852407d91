//! What every document kind is made of, whatever the kind: the [`Kind`]
//! table a kind fills in, the [`Input`] it reads, and the checked
//! [`Document`] with the PDFs ([`Part`]s) and other files it makes. The
//! kinds themselves live in [`crate::kinds`], whose registry is the only
//! place that names them.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::decree::markup;
use crate::diag::Problem;
use crate::source::shared::{AgencyFile, CongressFile};

/// What vanban knows of a document kind: filled in by the kind's module,
/// listed in [`crate::kinds::KINDS`].
#[derive(Clone, Copy)]
pub struct Kind {
    /// The `loai:` value.
    pub key: &'static str,
    /// Tên loại as printed (ô 5a).
    pub name: &'static str,
    /// The abbreviation of the kind in the ký hiệu (Phụ lục III).
    pub symbol: &'static str,
    /// The MiniJinja template under `templates/`.
    pub template: &'static str,
    /// Whether an issued document of this kind has a number (`so`), so that
    /// it is a draft until it has both a number and a date; other kinds are
    /// drafts until they have a date.
    pub numbered: bool,
    /// Whether it may carry a Kính gửi line (ô 9a): tờ trình, báo cáo sent
    /// upward, công văn; not a plan, an invitation, a list or a script.
    pub addressed: bool,
    /// Whether `--docx` writes a Word copy of it: documents that circulate
    /// for comments do; what is printed on stock or cut out does not.
    pub word: bool,
    /// Reads and checks a file of this kind into its template's context.
    pub resolve: fn(&Input) -> Result<Resolved, Vec<Problem>>,
    /// What `vanban new` writes for this kind.
    pub starter: Starter,
    /// Its place in the congress pack (lower first), or `None` when the pack
    /// does not hold it.
    pub pack_rank: Option<u8>,
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)
    }
}

/// A kind's `vanban new` starter: a commented YAML file under
/// `templates/moi/` (built into the binary), and what it needs around it.
#[derive(Clone, Copy)]
pub struct Starter {
    /// The file's text, with the markers `vanban new` fills in.
    pub text: &'static str,
    pub congress: NeedsCongress,
    pub reports: NeedsReports,
}

/// Where a starter stands towards the congress (`dai-hoi.yaml`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NeedsCongress {
    /// Not read (the agency file, or the congress file itself).
    Unused,
    /// Read when there is one above the file.
    IfThere,
    /// Needed: written beside the file when there is none above it.
    Needed,
}

/// Whether a starter reads the achievement reports of a folder.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum NeedsReports {
    No,
    Yes,
    /// Only for its award ceremony, when the congress has award forms.
    WithAwards,
}

/// A document file with what it inherits.
pub struct Input<'a> {
    pub path: &'a Path,
    /// Its path below the data folder, which the outputs mirror.
    pub rel: &'a Path,
    /// The data folder.
    pub root: &'a Path,
    pub text: &'a str,
    pub agency: &'a AgencyFile,
    pub congress: Option<&'a CongressFile>,
}

/// One PDF a document makes, with its template's context.
#[derive(Debug, Clone)]
pub struct Part {
    /// Its path below the output folder.
    pub pdf: PathBuf,
    /// The PDF's title: plain text on one line.
    pub title: String,
    pub context: minijinja::Value,
    /// When not empty, this PDF is not typeset from the template: it is the
    /// pages of these parts of the same document, in order (a print file).
    pub gather: Vec<usize>,
    /// The template it is typeset from, when not its kind's (a phụ lục in
    /// its own file).
    pub template: Option<&'static str>,
}

impl Part {
    /// A PDF typeset from the kind's template with `context`.
    pub fn new(pdf: PathBuf, title: &str, context: minijinja::Value) -> Part {
        Part { pdf, title: plain_line(title), context, gather: Vec::new(), template: None }
    }

    /// A PDF typeset from `template` rather than its kind's.
    pub fn with_template(pdf: PathBuf, title: &str, context: minijinja::Value, template: &'static str) -> Part {
        Part { template: Some(template), ..Part::new(pdf, title, context) }
    }

    /// The template it is typeset from: its own, else `kind`'s.
    pub fn template_of(&self, kind: &Kind) -> &'static str {
        self.template.unwrap_or(kind.template)
    }

    /// A PDF made of the pages of other parts.
    pub fn gathered(pdf: PathBuf, title: &str, members: Vec<usize>) -> Part {
        Part { pdf, title: plain_line(title), context: minijinja::Value::UNDEFINED, gather: members, template: None }
    }
}

/// Another file a document writes beside its PDFs (a mailing list).
#[derive(Debug, Clone)]
pub struct Extra {
    /// Its path below the output folder.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// A checked document: the PDFs it makes, other files, and problems that
/// left the rest buildable (a bad spreadsheet row).
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub title: String,
    pub parts: Vec<Part>,
    pub extras: Vec<Extra>,
    pub problems: Vec<Problem>,
}

impl Resolved {
    /// A document that makes one PDF, mirroring its YAML's path; `author` is
    /// the issuing agency.
    pub fn single(kind: Kind, rel: &Path, subject: &str, author: &str, fields: &impl Serialize) -> Resolved {
        let title = title_of(kind, subject);
        let part = Part::new(rel.with_extension("pdf"), &title, context(author, fields));
        Resolved { title, parts: vec![part], ..Resolved::default() }
    }
}

impl Resolved {
    /// The same, with the warnings found while checking it.
    pub fn warned(mut self, warnings: Vec<Problem>) -> Resolved {
        self.problems.extend(warnings);
        self
    }
}

/// The title of a document of `kind` about `subject`: plain, on one line.
pub fn title_of(kind: Kind, subject: &str) -> String {
    plain_line(&format!("{} {}", kind.name, subject))
}

/// `s` on one line, without inline markers or control characters (which
/// the PDF's XMP metadata cannot hold): a PDF title.
fn plain_line(s: &str) -> String {
    let visible: String = markup::plain(s).chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    markup::one_line(&visible)
}

/// The context of `fields`, with the PDF's author (the issuing agency) added
/// as `tac_gia`.
pub fn context(author: &str, fields: &impl Serialize) -> minijinja::Value {
    minijinja::context! {
        tac_gia => markup::one_line(author),
        ..minijinja::Value::from_serialize(fields)
    }
}

/// A checked document and what it makes.
#[derive(Debug, Clone)]
pub struct Document {
    /// The YAML file.
    pub source: PathBuf,
    /// Its path below the data folder, which the output mirrors.
    pub rel: PathBuf,
    pub kind: Kind,
    /// The document's title (`KẾ HOẠCH <trích yếu>`), shown by `vanban list`.
    pub title: String,
    pub parts: Vec<Part>,
    pub extras: Vec<Extra>,
    /// Problems that did not stop the other parts.
    pub problems: Vec<Problem>,
}
