//! The award dossier after the council's vote, as the later documents read
//! it: the biên bản and the decisions lying beside a document (in its own
//! folder). A decision, the certificates, the script and a tờ trình take
//! the nominees that passed from the one biên bản there, and the script its
//! decisions' numbers and dates, so a name or a number is written once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::diag::{Problem, shown};
use crate::document::{Input, Kind};
use crate::kinds::{decision, minutes};
use crate::source::discover::is_yaml;
use crate::source::shared::KindOnly;
use crate::source::yaml;

/// The YAML files of kind `kind` in `input`'s folder, by name, with their
/// text.
fn beside(input: &Input, kind: Kind) -> Vec<(PathBuf, String)> {
    let here = input.path.parent().unwrap_or(Path::new("."));
    let Ok(entries) = std::fs::read_dir(here) else { return Vec::new() };
    let mut found: Vec<(PathBuf, String)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_yaml(p) && p.as_path() != input.path)
        .filter_map(|p| {
            let text = yaml::read_text(&p).ok()?;
            let head: KindOnly = yaml::parse(&p, &text).ok()?;
            (head.loai.as_ref()?.as_str().trim() == kind.key).then_some((p, text))
        })
        .collect();
    found.sort();
    found
}

/// The input of a document lying beside `input`.
fn input_of<'a>(input: &Input<'a>, path: &'a Path, text: &'a str) -> Input<'a> {
    let rel = path.strip_prefix(input.root).unwrap_or(path);
    Input { path, rel, root: input.root, text, agency: input.agency, congress: input.congress }
}

/// `không lập được vì <what> <file> có lỗi`, for `input`.
fn broken(input: &Input, what: &str, file: &Path) -> Problem {
    Problem::new(
        input.path,
        format!("không lập được vì {what} {} có lỗi (xem lỗi của tệp đó); sửa tệp đó rồi dựng lại", shown(file)),
    )
}

/// The vote beside a document: its biên bản's file and the report PDFs of
/// the nominees that passed; `None` when there is no biên bản beside it.
pub struct Vote {
    pub file: PathBuf,
    pub passed: BTreeSet<PathBuf>,
}

/// Reads the one biên bản beside `input`, if any; two are an error, as the
/// documents could not know which vote to follow.
pub fn vote(input: &Input) -> Result<Option<Vote>, Vec<Problem>> {
    let found = beside(input, minutes::KIND);
    match found.as_slice() {
        [] => Ok(None),
        [(path, text)] => match minutes::read(&input_of(input, path, text)) {
            Ok((_, tally, _)) => Ok(Some(Vote { file: path.clone(), passed: tally.passed() })),
            Err(_) => Err(vec![broken(input, "biên bản", path)]),
        },
        many => Err(vec![Problem::new(
            input.path,
            format!(
                "có {} biên bản họp Hội đồng cùng thư mục ({}): chỉ để một biên bản, hoặc chuyển văn bản này sang thư mục khác",
                many.len(),
                many.iter().map(|(p, _)| shown(p)).collect::<Vec<_>>().join(", ")
            ),
        )]),
    }
}

/// The decisions beside `input`, read: what each awards.
pub fn decisions(input: &Input) -> Result<Vec<decision::Awarded>, Vec<Problem>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (path, text) in beside(input, decision::KIND) {
        match decision::read(&input_of(input, &path, &text)) {
            Ok((_, awarded, _)) => out.push(awarded),
            Err(_) => problems.push(broken(input, "quyết định", &path)),
        }
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// Reads the decision `name` beside `input` (a certificate's `quyet_dinh`).
pub fn decision_named(input: &Input, name: &str) -> Result<decision::Awarded, Problem> {
    let here = input.path.parent().unwrap_or(Path::new("."));
    let path = here.join(name);
    let inside = match (path.canonicalize(), input.root.canonicalize()) {
        (Ok(p), Ok(root)) => p.starts_with(root),
        _ => false,
    };
    if !inside {
        return Err(Problem::new(
            input.path,
            format!(
                "không tìm thấy quyết định `{name}` trong thư mục dữ liệu: ghi tên tệp quyết định (.yaml) cùng thư mục"
            ),
        )
        .field("quyet_dinh"));
    }
    let text = yaml::read_text(&path)?;
    let head: KindOnly = yaml::parse(&path, &text)?;
    if head.loai.as_ref().map(|l| l.as_str().trim()) != Some(decision::KIND.key) {
        return Err(Problem::new(
            input.path,
            format!("`{name}` không phải một quyết định khen thưởng (loai: quyet-dinh)"),
        )
        .field("quyet_dinh"));
    }
    match decision::read(&input_of(input, &path, &text)) {
        Ok((_, awarded, _)) => Ok(awarded),
        Err(_) => Err(broken(input, "quyết định", &path).field("quyet_dinh")),
    }
}
