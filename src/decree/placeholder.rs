//! Placeholders: the example text `vanban new` writes in its starters
//! (`templates/moi/*.yaml`) for the clerk to replace, found in a file's YAML
//! text. A draft is built with a warning for each one left; an issued
//! document (one with its number and date) that still holds one is refused,
//! as is an issued document whose `co-quan.yaml` or `dai-hoi.yaml` still
//! holds one in a key it does not set itself.
//!
//! What counts as a placeholder:
//! - the example people of the starters, [`NAMES`] (`Nguyễn Văn A`), as
//!   whole words: `Nguyễn Văn An` is a real name;
//! - an e-mail address at an `example` domain (`tranvanb@example.gov.vn`),
//!   and the starters' telephone number [`PHONE`];
//! - a `…` blank as the starters write it: after a word of [`BLANK_BEFORE`]
//!   (`tỉnh …`, `Trường Tiểu học …`), before a word of [`BLANK_AFTER`]
//!   (`… lớp`), in [`BLANK_TOKENS`] (`https://…`), or a value that is only
//!   `…`;
//! - the number or date of a cited document left blank (`số …/TTr-UBND`,
//!   `ngày …`): a draft leaves them blank as it leaves its own, so only an
//!   issued document is refused for them;
//! - any other `…` standing apart from the word before it (`Địa điểm: …`),
//!   which may be a blank or a real ellipsis: a warning, never a refusal.
//!   An ellipsis written against its word (`giấy mời…`, `v.v…`) is text.
//!
//! Comments are not read. Blanks are matched by the words around them, not
//! by any `…`, so that text a clerk means (and any text the property tests
//! generate) is never taken for a placeholder.

use std::path::Path;

use unicode_normalization::UnicodeNormalization;

use crate::diag::{Problem, shown};
use crate::source::shared::IssueKeys;
use crate::source::yaml;

/// The example people of the starters, with the names `vanban new` gives
/// the presenters of a script.
pub const NAMES: [&str; 8] =
    ["Nguyễn Văn A", "Trần Văn B", "Lê Thị C", "Phạm Văn D", "Hoàng Văn E", "Vũ Thị G", "Đỗ Văn H", "Đinh Thị K"];

/// The starters' example telephone number.
pub const PHONE: &str = "0200.3800.000";

/// Words after which a `…` is a starter blank (`tỉnh …`, `Sở …`, `Trường
/// Tiểu học …`, `lần thứ …`, `Căn cứ …`), lower case.
pub const BLANK_BEFORE: [&str; 21] = [
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "thôn",
    "bản",
    "sở",
    "trường",
    "học",
    "hội",
    "đua",
    "nhân",
    "thứ",
    "cứ",
    "hiện",
    "tại",
    "của",
    "chí",
    "ông",
    "bà",
    "phố",
];

/// Words before which a `…` is a starter blank (`… lớp`, `… học sinh`, `…
/// cán bộ`, `… năm liền`), lower case.
pub const BLANK_AFTER: [&str; 4] = ["lớp", "học", "cán", "năm"];

/// Blanks written against other text in the starters.
pub const BLANK_TOKENS: [&str; 2] = ["https://…", "QĐ-S…"];

/// Words after which a `…` is the number or date of a cited document.
const REFERENCE_BEFORE: [&str; 4] = ["số", "ngày", "tháng", "năm"];

/// What a placeholder is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A `…` standing apart, not known as a starter blank: perhaps a blank.
    Loose,
    /// The number or date of a cited document left blank.
    Reference,
    /// A `…` blank as the starters write it.
    Blank,
    /// An example e-mail address.
    Email,
    /// The example telephone number.
    Phone,
    /// An example person.
    Name,
}

/// One placeholder found in a YAML text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// 1-based line and column of its start (of the `…` for a blank).
    pub line: usize,
    pub column: usize,
    /// The YAML key path of the value holding it (`nguoi_ky.ho_ten`).
    pub field: String,
    /// The placeholder as written (`Nguyễn Văn A`), or for a `…` blank the
    /// words around it (`Trường Tiểu học …`).
    pub placeholder: String,
    pub kind: Kind,
}

/// Every placeholder in the values of `text` (a YAML file), in order.
pub fn find(text: &str) -> Vec<Hit> {
    let mut hits = Vec::new();
    for scalar in yaml::scan(text).scalars {
        let value: Vec<char> = scalar.text.nfc().collect();
        let at = |offset: usize| (scalar.line, scalar.column + offset);
        let mut hit = |offset: usize, placeholder: String, kind: Kind| {
            let (line, column) = at(offset);
            hits.push(Hit { line, column, field: scalar.field.clone(), placeholder, kind });
        };
        for name in NAMES {
            for offset in whole_words(&value, name) {
                hit(offset, name.to_string(), Kind::Name);
            }
        }
        for offset in whole_words(&value, PHONE) {
            hit(offset, PHONE.to_string(), Kind::Phone);
        }
        for (offset, address) in example_addresses(&value) {
            hit(offset, address, Kind::Email);
        }
        for (offset, placeholder, kind) in blanks(&value) {
            hit(offset, placeholder, kind);
        }
    }
    hits.sort_by_key(|h| (h.line, h.column));
    hits
}

/// Where `word` stands in `value` as whole words (no letter or digit just
/// before or after it).
fn whole_words(value: &[char], word: &str) -> Vec<usize> {
    let word: Vec<char> = word.chars().collect();
    let alnum = |i: Option<&char>| i.is_some_and(|c| c.is_alphanumeric());
    (0..value.len())
        .filter(|&i| value[i..].starts_with(&word))
        .filter(|&i| !alnum(i.checked_sub(1).and_then(|j| value.get(j))) && !alnum(value.get(i + word.len())))
        .collect()
}

/// E-mail addresses at an `example` domain: where each starts, and it.
fn example_addresses(value: &[char]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let stop = |c: char| c.is_whitespace() || matches!(c, ',' | ';' | '<' | '>' | '(' | ')' | '"' | '\'' | '[' | ']');
    let mut i = 0;
    while i < value.len() {
        if stop(value[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < value.len() && !stop(value[i]) {
            i += 1;
        }
        let token: String = value[start..i].iter().collect();
        let token = token.trim_end_matches(['.', ':']);
        if let Some((user, domain)) = token.split_once('@')
            && !user.is_empty()
            && domain.to_lowercase().split('.').any(|label| label == "example")
        {
            out.push((start, token.to_string()));
        }
    }
    out
}

/// The word of letters and digits ending just before `end`, lower case.
fn word_before(value: &[char], end: usize) -> String {
    let start = (0..end).rev().take_while(|&j| value[j].is_alphanumeric()).last().unwrap_or(end);
    value[start..end].iter().collect::<String>().to_lowercase()
}

/// The word of letters and digits starting at `start`, lower case.
fn word_after(value: &[char], start: usize) -> String {
    value[start.min(value.len())..].iter().take_while(|c| c.is_alphanumeric()).collect::<String>().to_lowercase()
}

/// What the `…` at `k` of `value` is, if anything.
fn ellipsis(value: &[char], k: usize) -> Option<Kind> {
    let prev = k.checked_sub(1).map(|j| value[j]);
    let apart = prev.is_none_or(char::is_whitespace);
    // The word before, across one space; the word after, across one space.
    let before = if prev == Some(' ') { word_before(value, k - 1) } else { String::new() };
    let after = if value.get(k + 1) == Some(&' ') { word_after(value, k + 2) } else { String::new() };
    if apart && REFERENCE_BEFORE.contains(&before.as_str()) {
        return Some(Kind::Reference);
    }
    let token = |t: &str| {
        let t: Vec<char> = t.chars().collect();
        let at = t.iter().position(|&c| c == '…').unwrap_or(0);
        k >= at && value[k - at..].starts_with(&t)
    };
    let whole = value.iter().collect::<String>().trim() == "…";
    if (apart && BLANK_BEFORE.contains(&before.as_str()))
        || BLANK_AFTER.contains(&after.as_str())
        || BLANK_TOKENS.iter().any(|t| token(t))
        || whole
    {
        return Some(Kind::Blank);
    }
    if value.get(k + 1) == Some(&'/') && apart {
        return Some(Kind::Reference);
    }
    apart.then_some(Kind::Loose)
}

/// Where a part of a value ends: at `;`, brackets, quotes, or `,` and `:`
/// before a space.
fn ends_part(value: &[char], i: usize) -> bool {
    match value[i] {
        ';' | '(' | ')' | '"' | '“' | '”' | '\n' => true,
        ',' | ':' => value.get(i + 1).is_none_or(|c| c.is_whitespace()),
        _ => false,
    }
}

/// The `…` of `value`, one per part of it (between `,`, `;`, brackets…):
/// where the first `…` of the part's strongest kind is, the part's words
/// around it, and that kind.
fn blanks(value: &[char]) -> Vec<(usize, String, Kind)> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in (0..=value.len()).filter(|&i| i == value.len() || ends_part(value, i)) {
        let found: Vec<(usize, Kind)> = (start..end)
            .filter(|&k| value[k] == '…')
            .filter_map(|k| ellipsis(value, k).map(|kind| (k, kind)))
            .collect();
        if let Some(&(_, kind)) = found.iter().max_by_key(|(_, kind)| *kind) {
            let k = found.iter().find(|(_, x)| *x == kind).map(|(k, _)| *k).unwrap_or(start);
            out.push((k, around(&value[start..end], k - start), kind));
        }
        start = end + 1;
    }
    out
}

/// The words of `part` around its `…` at `k`: all of it when short.
fn around(part: &[char], k: usize) -> String {
    let text: String = part.iter().collect();
    if text.trim().chars().count() <= 50 {
        return text.trim().to_string();
    }
    let words_before: String = part[..k].iter().collect();
    let words_after: String = part[k + 1..].iter().collect();
    let before: Vec<&str> = words_before.split_whitespace().collect();
    let after: Vec<&str> = words_after.split_whitespace().collect();
    let mut out = before[before.len().saturating_sub(3)..].join(" ");
    if !out.is_empty() && words_before.ends_with(char::is_whitespace) {
        out.push(' ');
    }
    out.push('…');
    let next = after.iter().take(3).copied().collect::<Vec<_>>().join(" ");
    if !next.is_empty() {
        if words_after.starts_with(char::is_whitespace) {
            out.push(' ');
        }
        out.push_str(&next);
    }
    out
}

/// Whether the document of `text` is issued: it has a date, and a number
/// when its kind is `numbered` (see [`crate::decree::common::draft`]).
pub fn issued(text: &str, numbered: bool) -> bool {
    IssueKeys::read(text).issued(numbered)
}

/// What a file with placeholders is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// A draft: it is built, with a warning for each placeholder.
    Draft,
    /// An issued document: refused while it holds one. `numbered` when
    /// its kind is a draft until it has a number as well as a date.
    Issued { numbered: bool },
    /// `co-quan.yaml` or `dai-hoi.yaml`: not issued itself, so warnings;
    /// the issued documents that use it are refused (see [`inherited`]).
    Shared,
}

/// Whether a placeholder of this kind keeps an issued document from being
/// built.
pub fn refuses(kind: Kind) -> bool {
    kind != Kind::Loose
}

/// What to do about one placeholder.
fn fix(hit: &Hit) -> String {
    let p = &hit.placeholder;
    match hit.kind {
        Kind::Name => format!("thay chỗ trống mẫu \"{p}\" bằng tên thật"),
        Kind::Blank => format!("thay dấu \"…\" của chỗ trống mẫu \"{p}\" bằng nội dung thật"),
        Kind::Email => format!("thay chỗ trống mẫu \"{p}\" bằng địa chỉ thư thật, hoặc xóa"),
        Kind::Phone => format!("thay chỗ trống mẫu \"{p}\" bằng số điện thoại thật"),
        Kind::Reference => format!("điền số, ngày thật vào chỗ để trống \"{p}\""),
        Kind::Loose => format!(
            "dấu \"…\" đứng riêng trong \"{p}\" trông như chỗ trống chưa điền: điền nội dung thật (dấu chấm lửng \
             thật thì viết liền sau chữ: \"v.v…\")"
        ),
    }
}

/// The problems of the placeholders `hits` of `file`.
pub fn problems(file: &Path, hits: &[Hit], status: Status) -> Vec<Problem> {
    hits.iter()
        .filter_map(|hit| {
            let fix = fix(hit);
            let problem =
                |message: String| Problem::new(file, message).field(hit.field.clone()).at(hit.line, hit.column);
            if hit.kind == Kind::Loose {
                return Some(problem(fix).warning());
            }
            Some(match status {
                Status::Draft if hit.kind == Kind::Reference => return None,
                Status::Draft => {
                    problem(format!("{fix} (dự thảo vẫn được dựng; văn bản ban hành thì phải điền)")).warning()
                }
                Status::Issued { numbered } => {
                    let keys = if numbered { "`so` và `ngay`" } else { "`ngay`" };
                    problem(format!(
                        "văn bản ban hành còn chỗ trống mẫu: {fix}; vanban không dựng văn bản này (nếu vẫn là dự \
                         thảo, bỏ {keys})"
                    ))
                }
                Status::Shared => problem(format!(
                    "{fix} (các văn bản dùng tệp này in đúng chỗ đó; văn bản ban hành dùng tệp này sẽ không được \
                     dựng)"
                ))
                .warning(),
            })
        })
        .collect()
}

/// Keys of `dai-hoi.yaml` that no document sets for itself (a report's
/// `ten` is its own name, not the congress's).
const ALWAYS_INHERITED: [&str; 3] = ["ten", "giai_doan", "khen_thuong"];

/// The top-level key of a key path: `nguoi_ky` of `nguoi_ky.ho_ten`.
fn top_key(field: &str) -> &str {
    field.split(['.', '[']).next().unwrap_or(field)
}

/// Whether `text` sets the top-level key `key`.
fn sets(text: &str, key: &str) -> bool {
    text.lines().any(|l| l.strip_prefix(key).is_some_and(|rest| rest.starts_with(':')))
}

/// The refusal of an issued document (`doc`, with YAML `text`) that uses
/// the shared file `shared`, whose placeholders are `hits`: one line naming
/// that file (whose own warnings say where), or `None` when every
/// placeholder there is in a key the document sets itself.
pub fn inherited(doc: &Path, text: &str, shared: &Path, hits: &[Hit]) -> Option<Problem> {
    let n = hits
        .iter()
        .filter(|h| refuses(h.kind))
        .filter(|h| {
            let key = top_key(&h.field);
            key.is_empty() || ALWAYS_INHERITED.contains(&key) || !sets(text, key)
        })
        .count();
    (n > 0).then(|| {
        Problem::new(
            doc,
            format!(
                "văn bản ban hành dùng {}, mà tệp đó còn {n} chỗ trống mẫu (xem cảnh báo của tệp đó, in ở cuối); \
                 vanban không dựng văn bản này cho tới khi điền xong",
                shown(shared)
            ),
        )
    })
}
