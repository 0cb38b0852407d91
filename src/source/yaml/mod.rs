//! Reading one YAML file into a typed struct, with every error turned into a
//! [`Problem`] in Vietnamese that names the file, line, column and key.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diag::{Cause, Problem};

mod scan;
mod syntax;

pub use scan::{Quoted, Scalar, Scan, scan};
use syntax::syntax;

/// The largest YAML file vanban reads: a document is a few kilobytes; a huge
/// file is a mistake, refused before it is read.
pub const MAX_SIZE: u64 = 5_000_000;

/// Reads `path` as UTF-8 text. Invalid UTF-8 is reported with its line.
pub fn read_text(path: &Path) -> Result<String, Problem> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_SIZE {
        return Err(Problem::new(
            path,
            format!(
                "tệp quá lớn ({} MB): một tệp dữ liệu YAML không quá {} MB; có lẽ đã lưu nhầm một tệp khác với đuôi .yaml",
                format!("{:.1}", size as f64 / 1e6).replace('.', ","),
                MAX_SIZE / 1_000_000
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Problem::new(path, format!("không đọc được tệp: {}", io_reason(&e))))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = valid.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
        Problem::new(path, "tệp không phải văn bản UTF-8; hãy lưu lại tệp với bảng mã UTF-8").at(line, column)
    })?;
    // Notepad and Excel start UTF-8 files with a byte-order mark.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// An I/O error in words a user can act on.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "không tìm thấy".into(),
        std::io::ErrorKind::PermissionDenied => "không có quyền truy cập".into(),
        _ => e.to_string(),
    }
}

/// Parses `text` (the contents of `path`) as `T`.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Problem> {
    if text.trim().lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
        return Err(Problem::new(path, "tệp rỗng: chưa có nội dung nào").at(1, 1));
    }
    serde_yaml::from_str(text).map_err(|e| problem(path, text, &e))
}

/// Translates a serde_yaml error.
pub fn problem(path: &Path, text: &str, err: &serde_yaml::Error) -> Problem {
    let mut message = err.to_string();
    let location = err.location();
    if let Some(loc) = &location {
        let suffix = format!(" at line {} column {}", loc.line(), loc.column());
        if let Some(stripped) = message.strip_suffix(&suffix) {
            message = stripped.to_string();
        }
    }
    let (field, message) = split_path(&message);
    // serde_yaml's own (English) words tell what kind of error it is.
    let cause = if message.contains("recursion limit exceeded") || message.contains("repetition limit exceeded") {
        Cause::AliasBomb
    } else if message.starts_with("duplicate field ") || message.starts_with("duplicate entry with key ") {
        Cause::DuplicateKey
    } else {
        Cause::Data
    };
    let at = location.as_ref().map(|l| (l.line(), l.column()));
    let (field, message, start) = translate(field, message, text, at);
    let mut p = Problem::new(path, message).field(field.clone()).cause(cause);
    if let Some((line, column)) = start.or(at) {
        p = p.at(line, column);
    } else if p.cause == Cause::AliasBomb {
        // serde_yaml gives no place: point at the first alias.
        let alias = text.lines().enumerate().find_map(|(i, l)| {
            l.char_indices()
                .find(|&(j, c)| c == '*' && l[j + 1..].starts_with(|n: char| n.is_ascii_alphanumeric()))
                .map(|(j, _)| (i + 1, l[..j].chars().count() + 1))
        });
        if let Some((line, col)) = alias {
            p = p.at(line, col);
        }
    }
    if p.cause == Cause::DuplicateKey {
        let key = field.rsplit('.').next().unwrap_or(&field);
        let pattern = format!("{key}:");
        let second = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().trim_start_matches("- ").starts_with(&pattern))
            .nth(1);
        if let Some((i, l)) = second {
            p = p.at(i + 1, l.len() - l.trim_start().len() + 1);
        }
    }
    p
}

/// serde_yaml prefixes errors inside the document with the key path
/// (`noi_dung[2].muc: …`).
fn split_path(message: &str) -> (String, &str) {
    if let Some((head, rest)) = message.split_once(": ") {
        let is_path =
            !head.is_empty() && head.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '-'));
        if is_path {
            return (head.to_string(), rest);
        }
    }
    (String::new(), message)
}

fn join_field(path: &str, key: &str) -> String {
    if path.is_empty() { key.to_string() } else { format!("{path}.{key}") }
}

/// The names between backticks in `s`, in order.
fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// A serde_yaml message in Vietnamese, with its key path, and where the
/// problem starts when that is not where serde_yaml saw it (an unclosed
/// quote is seen at the end of the file; it starts where the quote opens).
fn translate(
    path: String,
    message: &str,
    text: &str,
    at: Option<(usize, usize)>,
) -> (String, String, Option<(usize, usize)>) {
    if let Some((words, start)) = syntax(message, text, at) {
        return (path, words, start);
    }
    let (path, message) = translate_data(path, message, text, at);
    (path, message, None)
}

fn translate_data(path: String, message: &str, text: &str, at: Option<(usize, usize)>) -> (String, String) {
    let line = at.map(|(l, _)| l);
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let names = backticked(rest);
        let Some((key, allowed)) = names.split_first() else {
            return (path, message.to_string());
        };
        let mut out = format!("khóa `{key}` không có ở đây.");
        if let Some(best) = closest(key, allowed) {
            out.push_str(&format!(" Có phải ý bạn là `{best}`?"));
        }
        if allowed.is_empty() {
            out.push_str(" Ở chỗ này không được có khóa nào.");
        } else {
            out.push_str(&format!(" Các khóa được phép: {}.", allowed.join(", ")));
        }
        return (join_field(&path, key), out);
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        let key = backticked(rest).first().copied().unwrap_or(rest);
        return (join_field(&path, key), format!("thiếu khóa bắt buộc `{key}`"));
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return (path, format!("sai kiểu dữ liệu: ở đây là {}, cần {}", words(found), words(expected)));
    }
    if let Some(rest) = message.strip_prefix("invalid length ") {
        return (path, format!("sai số phần tử: {rest}"));
    }
    if message.contains("more than one document") {
        let line = text.lines().enumerate().skip(1).find(|(_, l)| l.trim_end() == "---").map(|(i, _)| i + 1);
        let at = line.map(|l| format!(" (dòng {l})")).unwrap_or_default();
        return (path, format!("tệp có nhiều hơn một văn bản YAML (dấu `---`{at}); mỗi tệp chỉ ghi một văn bản"));
    }
    if let Some(rest) =
        message.strip_prefix("duplicate field ").or_else(|| message.strip_prefix("duplicate entry with key "))
    {
        let key = rest.trim_matches(|c| c == '`' || c == '"');
        return (join_field(&path, key), format!("khóa `{key}` được ghi hai lần; xóa một lần ghi"));
    }
    if message.starts_with("EOF while parsing") {
        return (path, "tệp kết thúc giữa chừng: có thể thiếu nội dung sau dấu `:` hoặc thiếu dấu đóng".into());
    }
    if message.contains("recursion limit exceeded") || message.contains("repetition limit exceeded") {
        return (path, "tệp lồng quá sâu hoặc dùng bí danh (alias `*`) quá nhiều lần; vanban từ chối đọc".into());
    }
    if message.contains("cannot start any token") || message.contains("found a tab character") {
        let has_tab = line.and_then(|l| text.lines().nth(l.saturating_sub(1))).is_some_and(|l| l.contains('\t'));
        if has_tab {
            return (path, "lỗi cú pháp YAML: dòng này có ký tự tab; YAML chỉ cho phép thụt lề bằng dấu cách".into());
        }
    }
    if is_syntax_error(message) {
        return (
            path,
            format!(
                "lỗi cú pháp YAML ({message}); kiểm tra thụt lề, dấu `:` sau mỗi khóa, và đặt đoạn chữ có dấu `:` hoặc `#` trong ngoặc kép"
            ),
        );
    }
    (path, message.to_string())
}

fn is_syntax_error(message: &str) -> bool {
    [
        "did not find expected",
        "mapping values are not allowed",
        "while parsing",
        "while scanning",
        "found unexpected",
        "found character",
        "could not find expected",
        "found undefined",
        "unexpected end",
        "control characters are not allowed",
        "invalid indentation",
        "duplicate",
    ]
    .iter()
    .any(|m| message.contains(m))
}

/// serde's type names in Vietnamese.
fn words(s: &str) -> String {
    let s = s.trim();
    let head = s.split_whitespace().next().unwrap_or("");
    let rest = s[head.len()..].trim();
    let w = match head {
        "string" => "đoạn chữ",
        "integer" => "số nguyên",
        "floating" => "số thập phân",
        "boolean" => "giá trị đúng/sai",
        "sequence" => "danh sách (các dòng bắt đầu bằng `- `)",
        "map" => "bảng khóa (các dòng `khóa: giá trị`)",
        "unit" | "null" => "để trống",
        "a" if rest.starts_with("sequence") => return "một danh sách (các dòng bắt đầu bằng `- `)".into(),
        "a" if rest.starts_with("string") => return "một đoạn chữ".into(),
        "struct" => return "các khóa `khóa: giá trị` (xem README)".into(),
        // A value that may carry the tag `!md`: text.
        "a" if rest.starts_with("YAML tag") => return "một đoạn chữ".into(),
        "u32" | "u64" | "i32" | "i64" => "một số nguyên",
        _ => return s.to_string(),
    };
    if rest.is_empty() || head == "unit" { w.to_string() } else { format!("{w} {rest}") }
}

/// The allowed key nearest to a mistyped one, when it is near enough.
pub fn closest<'a>(key: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|a| (strsim::damerau_levenshtein(key, a), *a))
        .filter(|(d, a)| *d <= 2.max(a.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a)
}

/// Where `key:` first appears in `text` (1-based line and column), for
/// problems found after parsing, when serde can no longer tell.
pub fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let pattern = format!("{key}:");
    text.lines().enumerate().find_map(|(i, line)| {
        let trimmed = line.trim_start().trim_start_matches("- ");
        trimmed.starts_with(&pattern).then(|| (i + 1, line.len() - trimmed.len() + 1))
    })
}

/// The key whose value holds line `line` (1-based): the nearest `key:` at
/// or above it.
pub fn key_at(text: &str, line: usize) -> Option<String> {
    text.lines().take(line).collect::<Vec<_>>().into_iter().rev().find_map(|l| {
        let t = l.trim_start().trim_start_matches("- ");
        let (key, _) = t.split_once(':')?;
        (!key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'))
            .then(|| key.to_string())
    })
}

/// Where `needle` first appears in `text` (1-based line and column).
pub fn locate_text(text: &str, needle: &str) -> Option<(usize, usize)> {
    let probe: String = needle.chars().take(40).collect();
    let probe = probe.trim();
    if probe.is_empty() {
        return None;
    }
    text.lines().enumerate().find_map(|(i, line)| line.find(probe).map(|col| (i + 1, line[..col].chars().count() + 1)))
}
