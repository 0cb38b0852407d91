//! Problems of the build as the user can act on them: Typst's errors placed
//! in the template or in the YAML value that produced the failing text, a
//! character no font has, a print file or pack that cannot be made, and one
//! message for many files that cannot be written for the same reason.

use crate::backend::pdf::TypstProblem;
use crate::diag::{Cause, Problem, shown};
use crate::document::{Document, Part};
use crate::source::yaml;

/// A Typst error as the user can act on it: in a template it names the
/// template; in the generated source it names the document's YAML file,
/// at the value that produced the failing text when it can be found.
pub fn typst(doc: &Document, typ: &str, e: &TypstProblem) -> Problem {
    let hints: String = e.hints.iter().map(|h| format!(" (gợi ý: {h})")).collect();
    if let Some(file) = &e.file {
        let mut p =
            Problem::new(file, format!("lỗi dàn trang Typst khi dựng {}: {}{hints}", shown(&doc.source), e.message));
        if let (Some(l), Some(c)) = (e.line, e.column) {
            p = p.at(l, c);
        }
        return p;
    }
    let mut p = Problem::new(
        &doc.source,
        format!(
            "lỗi dàn trang Typst: {}{hints} (dòng {} của mã Typst sinh ra; xem bằng `vanban build --emit-typst`)",
            e.message,
            e.line.map(|l| l.to_string()).unwrap_or_else(|| "?".into())
        ),
    );
    let snippet = e.line.and_then(|l| typ.lines().nth(l - 1)).map(unescape_snippet);
    let yaml = std::fs::read_to_string(&doc.source).unwrap_or_default();
    if let Some((l, c)) = snippet.as_deref().and_then(|s| yaml::locate_text(&yaml, s)) {
        p = p.at(l, c);
    }
    p
}

pub fn missing_glyph(family: &str, doc: &Document, part: &Part, yaml: &str, c: char) -> Problem {
    let mut p = Problem::new(
        &doc.source,
        format!(
            "ký tự `{c}` (U+{:04X}) không có trong phông chữ {} nên {} sẽ in ô trống ở chỗ đó; \
             hãy thay ký tự này, hoặc đặt vào fonts/ một phông có nó",
            c as u32,
            family,
            part.pdf.display()
        ),
    );
    if let Some((line, col)) = yaml::locate_text(yaml, &c.to_string()) {
        p = p.at(line, col);
        if let Some(key) = yaml::key_at(yaml, line) {
            p = p.field(key);
        }
    }
    p
}

/// Plain text from a line of generated Typst, to find the data it came from.
fn unescape_snippet(line: &str) -> String {
    let inner = line.split_once('[').map(|(_, r)| r).unwrap_or(line);
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            ']' | '#' => break,
            c => out.push(c),
        }
    }
    out.trim().to_string()
}

pub fn gather(doc: &Document, part: &Part) -> Problem {
    Problem::new(&doc.source, format!("không ghép được tệp in {}: có giấy (trang) lỗi ở trên", part.pdf.display()))
}

/// One message for a document whose files all fail to be written for the
/// same reason (an output folder that cannot be written), not one per file.
pub fn collapse_write_failures(problems: &mut Vec<Problem>) {
    let mut kept: Vec<Problem> = Vec::with_capacity(problems.len());
    // For each reason seen: where its first message is, and how many more.
    let mut reasons: Vec<(Box<str>, usize, usize)> = Vec::new();
    for p in problems.drain(..) {
        // The message says why, without the file: files that fail for one
        // reason have one message.
        if p.cause != Cause::Write {
            kept.push(p);
            continue;
        }
        let reason: Box<str> = p.message.as_str().into();
        match reasons.iter_mut().find(|(r, ..)| *r == reason) {
            Some((_, _, more)) => *more += 1,
            None => {
                reasons.push((reason, kept.len(), 0));
                kept.push(p);
            }
        }
    }
    for (_, at, more) in reasons.into_iter().filter(|r| r.2 > 0) {
        kept[at].message.push_str(&format!(" (và {more} tệp khác của văn bản này, cùng lý do)"));
    }
    *problems = kept;
}
