//! The lines of the script's NỘI DUNG column: the MC's words and the lists
//! the MC reads (delegates, award recipients), composed from the data.

use chrono::NaiveTime;
use serde::Serialize;

use crate::decree::format;
use crate::kinds::invitation::name_and_title;
use crate::kinds::report::{Nominee, NomineeEntry};
use crate::source::invitees::{self, Invitee, InviteeRow, is_guest};

/// The MC; also the NGƯỜI THỰC HIỆN of the MC's own lines.
pub(super) const MC: &str = "Người dẫn chương trình";

/// What a line is; the template sees `loi` or `ds`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum LineKind {
    /// The MC's words.
    #[serde(rename = "loi")]
    Words,
    /// An entry of a list the MC reads, set indented.
    #[serde(rename = "ds")]
    ListEntry,
}

/// A line of the NỘI DUNG column: the MC's words, or an entry of a list the
/// MC reads (a delegate, a recipient), set indented.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Line {
    pub kieu: LineKind,
    pub noi_dung: String,
    /// Written by the user as one text, so its `**bold**` and `*italic*`
    /// are markup. Lines vanban composes from several values (names,
    /// titles) are plain: a `*` in one name never pairs with one in another.
    pub dinh_dang: bool,
}

pub(super) fn words(s: impl Into<String>) -> Line {
    Line { kieu: LineKind::Words, noi_dung: s.into(), dinh_dang: false }
}

pub(super) fn entry(s: impl Into<String>) -> Line {
    Line { kieu: LineKind::ListEntry, noi_dung: s.into(), dinh_dang: false }
}

/// A line the user wrote (`loi_dan`).
pub(super) fn written(s: String) -> Line {
    Line { kieu: LineKind::Words, noi_dung: s, dinh_dang: true }
}

/// `đồng chí Lê Văn Lương, Chủ tịch UBND tỉnh`: a person as the MC names
/// them, without doubling a `Đồng chí` the data already has; `đại diện Ban
/// Tổ chức` stays as it is.
pub fn comrade(person: &str) -> String {
    let p = person.trim();
    let folded = format::ascii_fold(p);
    if ["dong chi ", "ong ", "ba ", "dai dien "].iter().any(|t| folded.starts_with(t)) {
        let (first, rest) = p.split_at(p.chars().next().map_or(0, char::len_utf8));
        format!("{}{rest}", first.to_lowercase())
    } else {
        format!("đồng chí {p}")
    }
}

/// A sentence's first letter in capitals (`đồng chí Lê Văn A` begins a
/// line as `Đồng chí Lê Văn A`), unless the first word is written in a case
/// of its own: a capital after its first letter (`iPhone`, `eKYC`), or an
/// address (`https://…`, `www.…`, an e-mail), which print as typed.
pub(super) fn sentence(s: &str) -> String {
    if own_case(s) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Whether the first word of `s` has a case that capitalising would break.
fn own_case(s: &str) -> bool {
    let first = s.split_whitespace().next().unwrap_or("");
    first.chars().skip(1).any(char::is_uppercase)
        || first.contains("://")
        || first.contains('@')
        || first.to_lowercase().starts_with("www.")
}

/// `07h30`.
pub(super) fn clock(t: NaiveTime) -> String {
    t.format("%Hh%M").to_string()
}

/// A guest as introduced: `Đồng chí Lò Văn Thắng, Chủ tịch UBND huyện Tân Uyên`.
fn introduced(row: &InviteeRow) -> String {
    let (ten, chuc_danh) = name_and_title(row);
    match chuc_danh {
        Some(c) => format!("{ten}, {c}"),
        None => ten,
    }
}

/// The invitees the MC introduces one by one (guests, by protocol rank, the
/// highest first; unranked guests after, in list order), and the number of
/// the other delegates (convened).
pub fn introductions(list: &[Invitee]) -> (Vec<String>, usize) {
    let guests: Vec<String> =
        invitees::protocol_order(list).into_iter().filter(|i| is_guest(&i.row)).map(|i| introduced(&i.row)).collect();
    let others = list.len() - guests.len();
    (guests, others)
}

/// A recipient as the MC calls them.
fn recipient(n: &NomineeEntry) -> String {
    match (&n.doi_tuong, &n.chuc_vu_don_vi) {
        (Nominee::Individual, Some(cd)) => format!("Đồng chí {}, {cd}", n.ten),
        (Nominee::Individual, None) => format!("Đồng chí {}", n.ten),
        (Nominee::Collective, _) => n.ten.clone(),
    }
}

/// Who is called on stage, in words: `đại diện các tập thể, các cá nhân`.
fn who(batch: &[&NomineeEntry]) -> &'static str {
    let collectives = batch.iter().any(|n| n.doi_tuong == Nominee::Collective);
    let individuals = batch.iter().any(|n| n.doi_tuong == Nominee::Individual);
    match (collectives, individuals) {
        (true, true) => "đại diện các tập thể, các cá nhân",
        (true, false) => "đại diện các tập thể",
        _ => "các cá nhân",
    }
}

/// `Xin trân trọng kính mời đại diện … lên nhận Bằng khen …: 1. …; 2. ….`
/// and `Kính mời đồng chí … lên trao thưởng.`: one batch on stage.
pub fn batch_lines(award: &str, batch: &[&NomineeEntry], presenter: &str, last: bool) -> Vec<Line> {
    let mut out = vec![words(format!("Xin trân trọng kính mời {} có tên sau lên nhận {award}:", who(batch)))];
    let n = batch.len();
    for (i, nominee) in batch.iter().enumerate() {
        out.push(entry(format!("{}. {}{}", i + 1, recipient(nominee), if i + 1 == n { "." } else { ";" })));
    }
    out.push(words(format!("Kính mời {} lên trao thưởng.", comrade(presenter))));
    if last {
        out.push(words("Xin chúc mừng các tập thể, cá nhân vừa được khen thưởng."));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_starts_with_a_capital_unless_the_word_has_its_own_case() {
        assert_eq!(sentence("đồng chí Lê Văn A"), "Đồng chí Lê Văn A");
        assert_eq!(sentence("đại diện Ban Tổ chức"), "Đại diện Ban Tổ chức");
        assert_eq!(sentence("Đồng chí Lê Văn A"), "Đồng chí Lê Văn A");
        assert_eq!(sentence(""), "");
        for typed in [
            "iPhone Club",
            "eKYC tỉnh",
            "https://Example.vn/A",
            "https://example.vn/a",
            "www.laichau.gov.vn",
            "vp@laichau.gov.vn",
            "@nhom_le_tan",
        ] {
            assert_eq!(sentence(typed), typed);
        }
    }
}
