//! What the desk writes into the data folder and what it hands out: a
//! saved YAML file (written atomically, the previous version kept, refused
//! when the file changed on disk since it was opened), an uploaded invitee
//! list (checked by the build's own rules before it replaces anything), a
//! new document from a starter, and the ZIP of a congress's invitations.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Problem, has_errors};
use crate::output::record::bytes_key;
use crate::output::write_atomically;
use crate::source::invitees::{self, Invitees};
use crate::source::values::Text;

/// The folder, beside a file, where the desk keeps its previous versions.
pub const BACKUPS: &str = ".sao-luu";

/// The largest YAML file the desk saves, and the largest list it takes.
pub const MAX_YAML: usize = 2 << 20;
pub const MAX_LIST: usize = 16 << 20;

/// A file's version as the desk tells it to a page: a hash of its bytes.
pub fn version(bytes: &[u8]) -> String {
    format!("{:032x}", bytes_key(bytes))
}

/// A save refused because the file changed on disk since it was opened.
#[derive(Debug)]
pub struct Conflict {
    /// The file as it is now, and its version.
    pub now: String,
    pub version: String,
    /// What changed, line by line: `-` gone, `+` new, ` ` the same.
    pub changes: Vec<(char, String)>,
}

/// Why a save did not happen.
#[derive(Debug)]
pub enum Unsaved {
    Conflict(Conflict),
    Failed(String),
}

/// Saves `text` as `path` (an existing YAML file) when the file on disk is
/// still the version `opened` was read at (`base`, its text then, shows
/// what changed otherwise). The previous bytes are kept under
/// [`BACKUPS`]; the write is atomic. Returns the new version.
pub fn save(path: &Path, text: &str, opened: &str, base: &str) -> Result<String, Unsaved> {
    let before = std::fs::read(path).map_err(|e| Unsaved::Failed(format!("không đọc được tệp: {e}")))?;
    if version(&before) != opened {
        let now = String::from_utf8_lossy(&before).into_owned();
        return Err(Unsaved::Conflict(Conflict { changes: diff(base, &now), version: version(&before), now }));
    }
    if before == text.as_bytes() {
        return Ok(opened.to_string());
    }
    backup(path, &before).map_err(Unsaved::Failed)?;
    write_atomically(path, text.as_bytes()).map_err(|p| Unsaved::Failed(p.message))?;
    Ok(version(text.as_bytes()))
}

/// Keeps `bytes`, the version of `path` about to be replaced, as
/// `.sao-luu/<stem>.<date-time>.<ext>` beside it.
pub fn backup(path: &Path, bytes: &[u8]) -> Result<PathBuf, String> {
    let dir = path.parent().unwrap_or(Path::new(".")).join(BACKUPS);
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let ext = path.extension().map(|e| format!(".{}", e.to_string_lossy())).unwrap_or_default();
    let now = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
    let target = dir.join(format!("{stem}.{now}{ext}"));
    write_atomically(&target, bytes).map_err(|p| format!("không lưu được bản cũ: {}", p.message))?;
    Ok(target)
}

/// The lines of `a` and `b`, marked: `-` only in `a`, `+` only in `b`,
/// ` ` in both (a longest common subsequence; past a size, every line of
/// each that differs at the same place).
pub fn diff(a: &str, b: &str) -> Vec<(char, String)> {
    let (a, b): (Vec<&str>, Vec<&str>) = (a.lines().collect(), b.lines().collect());
    let (n, m) = (a.len(), b.len());
    if n * m > 4_000_000 {
        let mut out = Vec::new();
        for i in 0..n.max(m) {
            match (a.get(i), b.get(i)) {
                (Some(x), Some(y)) if x == y => out.push((' ', x.to_string())),
                (x, y) => {
                    out.extend(x.map(|x| ('-', x.to_string())));
                    out.extend(y.map(|y| ('+', y.to_string())));
                }
            }
        }
        return out;
    }
    // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] { lcs[i + 1][j + 1] + 1 } else { lcs[i + 1][j].max(lcs[i][j + 1]) };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            out.push((' ', a[i].to_string()));
            (i, j) = (i + 1, j + 1);
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // What went before what came instead.
            out.push(('-', a[i].to_string()));
            i += 1;
        } else {
            out.push(('+', b[j].to_string()));
            j += 1;
        }
    }
    out
}

/// What an uploaded invitee list did.
#[derive(Debug)]
pub enum Upload {
    /// It replaced the list: how many invitees it holds, and its warnings.
    Replaced { invitees: usize, warnings: Vec<Problem> },
    /// It has errors: nothing was replaced.
    Refused(Vec<Problem>),
    /// Only warnings, not yet accepted: nothing was replaced.
    Warned(Vec<Problem>),
}

/// Takes `bytes`, uploaded as `name`, as the invitee list of the invitation
/// `yaml` (whose `khach_moi:` names the spreadsheet it replaces, of the same
/// type), checked by the build's own reading of a list first. With only
/// warnings, replaces it when `accept`. The data folder is `root`.
pub fn upload(yaml: &Path, root: &Path, name: &str, bytes: &[u8], accept: bool) -> Result<Upload, String> {
    let text = std::fs::read_to_string(yaml).map_err(|e| format!("không đọc được tệp giấy mời: {e}"))?;
    let list = listed_file(yaml, &text)?;
    let target = yaml.parent().unwrap_or(Path::new(".")).join(&list);
    let ext = |p: &Path| p.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    let (theirs, ours) = (ext(Path::new(name)), ext(&target));
    if theirs != ours {
        return Err(format!(
            "giấy mời này đọc danh sách từ `{list}`: hãy tải lên tệp .{ours} (tệp vừa chọn là .{theirs}), \
             hoặc sửa khóa `khach_moi` trong tệp giấy mời"
        ));
    }
    // The upload waits beside the list, hidden, until it is accepted.
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut staged = tempfile::Builder::new()
        .prefix(".vanban-tai-len-")
        .suffix(&format!(".{ours}"))
        .tempfile_in(dir)
        .map_err(|e| format!("không ghi được tệp tải lên: {e}"))?;
    staged.write_all(bytes).map_err(|e| format!("không ghi được tệp tải lên: {e}"))?;
    let staged_name = staged.path().file_name().unwrap_or_default().to_string_lossy().into_owned();
    let (rows, problems) = invitees::read(yaml, &text, root, &Invitees::File(Text(staged_name)));
    // Problems name the upload as the user named it.
    let problems: Vec<Problem> = problems
        .into_iter()
        .map(|mut p| {
            if p.file == staged.path() {
                p.file = PathBuf::from(name);
            } else if p.file == yaml {
                // About the list as a whole (it does not open): not a line
                // of the invitation's YAML, which the user did not touch.
                (p.line, p.column, p.field) = (None, None, None);
                p.file = PathBuf::from(name);
            }
            p.message = p.message.replace(&staged.path().display().to_string(), name);
            p
        })
        .collect();
    if has_errors(&problems) {
        return Ok(Upload::Refused(problems));
    }
    if rows.is_empty() {
        return Ok(Upload::Refused(vec![Problem::new(name, "danh sách không có khách mời nào")]));
    }
    if !problems.is_empty() && !accept {
        return Ok(Upload::Warned(problems));
    }
    if let Ok(before) = std::fs::read(&target) {
        backup(&target, &before)?;
    }
    staged.persist(&target).map_err(|e| format!("không thay được danh sách: {}", e.error))?;
    Ok(Upload::Replaced { invitees: rows.len(), warnings: problems })
}

/// The spreadsheet an invitation's `khach_moi:` names.
pub fn listed_file(yaml: &Path, text: &str) -> Result<String, String> {
    #[derive(serde::Deserialize)]
    struct Head {
        khach_moi: Option<serde_yaml::Value>,
    }
    let head: Head = serde_yaml::from_str(text)
        .map_err(|_| format!("tệp {} có lỗi: sửa nó trước khi tải danh sách lên", yaml.display()))?;
    match head.khach_moi {
        Some(serde_yaml::Value::String(s)) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        _ => Err("giấy mời này ghi danh sách khách mời ngay trong tệp YAML (khóa `khach_moi`), không đọc từ bảng \
                  tính: hãy ghi `khach_moi: khach-moi.xlsx` rồi tải lên"
            .into()),
    }
}

/// A ZIP holding `files` (each a path below `out`, stored under its own
/// name), in order.
pub fn zip(out: &Path, files: &[PathBuf]) -> Result<Vec<u8>, String> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for f in files {
        let name = f.file_name().unwrap_or_default().to_string_lossy();
        // PDFs are compressed already; the mailing list is small.
        let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        let bytes = std::fs::read(out.join(f)).map_err(|e| format!("không đọc được {name}: {e}"))?;
        w.start_file(name.as_ref(), options).map_err(|e| e.to_string())?;
        w.write_all(&bytes).map_err(|e| e.to_string())?;
    }
    Ok(w.finish().map_err(|e| e.to_string())?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_diff_marks_lines_gone_and_new() {
        let d = diff("a\nb\nc\n", "a\nx\nc\nd\n");
        let got: Vec<String> = d.iter().map(|(m, l)| format!("{m}{l}")).collect();
        assert_eq!(got, [" a", "-b", "+x", " c", "+d"]);
    }

    #[test]
    fn a_save_keeps_the_previous_version_and_refuses_a_file_changed_since() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("dai-hoi.yaml");
        std::fs::write(&file, "ten: A\n").unwrap();
        let v1 = version(b"ten: A\n");
        let v2 = save(&file, "ten: B\n", &v1, "ten: A\n").unwrap();
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "ten: B\n");
        let kept: Vec<_> = std::fs::read_dir(dir.path().join(BACKUPS)).unwrap().map(|e| e.unwrap().path()).collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(std::fs::read_to_string(&kept[0]).unwrap(), "ten: A\n");
        // Opened at v1, but the file is now v2: refused, nothing written.
        match save(&file, "ten: C\n", &v1, "ten: A\n") {
            Err(Unsaved::Conflict(c)) => {
                assert_eq!(c.now, "ten: B\n");
                assert_eq!(c.version, v2);
                assert_eq!(c.changes, [('-', "ten: A".to_string()), ('+', "ten: B".to_string())]);
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "ten: B\n");
    }
}
