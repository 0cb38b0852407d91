//! Reading the invitee list of a GIẤY MỜI: inline in the YAML, or a
//! spreadsheet (`.xlsx`, `.ods`, `.xls`, or `.csv`) named by it. Column
//! names are matched forgivingly (case, diacritics, spaces); a bad row is
//! reported with its file and row, and the other rows are kept.

use std::path::{Path, PathBuf};

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::decree::format::ascii_fold;
use crate::diag::{Problem, shown};
use crate::source::sheet::{self, SheetProblem, Table};
use crate::source::values::{Number, Text, plain_text};
use crate::source::yaml;

/// One invitee as written in the YAML (a spreadsheet row has the same
/// columns).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct InviteeRow {
    /// `Ông`, `Bà`, `Đồng chí`.
    pub danh_xung: Option<Text>,
    pub ho_ten: Option<Text>,
    pub chuc_vu: Option<Text>,
    /// The unit; alone, it invites the agency (`Lãnh đạo Sở Nội vụ`).
    pub don_vi: Option<Text>,
    pub email: Option<Text>,
    /// `Khách mời` or `Triệu tập`.
    pub nhom: Option<Text>,
    /// Protocol rank, 1 = highest.
    pub thu_tu_le_tan: Option<Number>,
}

/// `khach_moi:` a list of invitees, or a spreadsheet's file name.
#[derive(Debug, Clone)]
pub enum Invitees {
    Inline(Vec<InviteeRow>),
    File(Text),
}

impl<'de> Deserialize<'de> for Invitees {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Invitees;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("danh sách khách mời, hoặc tên tệp .xlsx/.csv bên cạnh tệp YAML")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Invitees, E> {
                Ok(Invitees::File(plain_text(s).map_err(E::custom)?))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Invitees, A::Error> {
                let mut out = Vec::new();
                while let Some(row) = seq.next_element::<InviteeRow>()? {
                    out.push(row);
                }
                Ok(Invitees::Inline(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// An invitee and where it was written.
#[derive(Debug, Clone)]
pub struct Invitee {
    /// Position in the list, from 1, counting bad rows too: file names stay
    /// stable when a bad row is fixed.
    pub index: usize,
    pub row: InviteeRow,
}

/// Whether an invitee is a guest (Khách mời), whom the script introduces
/// one by one and whose badge says `KHÁCH MỜI`: their group (`nhom`) says
/// so, or is not given; `Triệu tập` and the other groups are delegates.
pub fn is_guest(row: &InviteeRow) -> bool {
    row.nhom.as_ref().is_none_or(|n| {
        let f = ascii_fold(n.as_str());
        f.contains("khach") || f.trim().is_empty()
    })
}

/// The invitees in protocol order: the guests by protocol rank (1 first;
/// unranked guests after them, in list order), then the others in list
/// order. The script introduces, and the badges and name cards are printed,
/// in this order.
pub fn protocol_order(list: &[Invitee]) -> Vec<&Invitee> {
    let (mut guests, others): (Vec<&Invitee>, Vec<&Invitee>) = list.iter().partition(|i| is_guest(&i.row));
    guests.sort_by_key(|i| (i.row.thu_tu_le_tan.map_or(u32::MAX, |n| n.0), i.index));
    guests.extend(others);
    guests
}

/// The columns vanban reads, with the headings it recognises (folded: no
/// diacritics, lower case, letters and digits only).
const COLUMNS: [(&str, &[&str]); 7] = [
    ("danh_xung", &["danhxung", "xungho", "xunghô"]),
    ("ho_ten", &["hoten", "hovaten", "hotendaibieu", "daibieu", "ten"]),
    ("chuc_vu", &["chucvu", "chucdanh", "chucvuchucdanh"]),
    ("don_vi", &["donvi", "coquan", "coquandonvi", "donvicongtac", "noicongtac"]),
    ("email", &["email", "thudientu", "mail", "diachiemail"]),
    ("nhom", &["nhom", "thanhphan", "loaidaibieu"]),
    ("thu_tu_le_tan", &["thutuletan", "thutu", "letan", "thubac"]),
];

/// Headings read and ignored.
const IGNORED: [&str; 5] = ["stt", "tt", "sothutu", "ghichu", "sodienthoai"];

fn fold_heading(s: &str) -> String {
    ascii_fold(s).chars().filter(char::is_ascii_alphanumeric).collect()
}

/// The headings a user may write, for messages.
pub fn known_headings() -> &'static str {
    "Danh xưng, Họ và tên, Chức vụ, Đơn vị, Email, Nhóm, Thứ tự lễ tân (và STT, Ghi chú)"
}

/// Reads the invitees of the YAML file `yaml` (whose text is `text`); a
/// spreadsheet must lie in the data folder `root`.
pub fn read(yaml: &Path, text: &str, root: &Path, list: &Invitees) -> (Vec<Invitee>, Vec<Problem>) {
    match list {
        Invitees::Inline(rows) => {
            let mut problems = Vec::new();
            let mut out = Vec::new();
            for (i, row) in rows.iter().enumerate() {
                match check(row.clone()) {
                    Ok(row) => out.push(Invitee { index: i + 1, row }),
                    Err((field, message)) => {
                        let (line, col) = yaml::locate_key(text, "khach_moi").unwrap_or((1, 1));
                        problems.push(
                            Problem::new(yaml, format!("khách mời thứ {}: {message}", i + 1))
                                .field(format!("khach_moi[{i}].{field}"))
                                .at(line, col),
                        );
                    }
                }
            }
            (out, problems)
        }
        Invitees::File(name) => {
            let path = yaml.parent().unwrap_or(Path::new(".")).join(name.as_str().trim());
            let table = inside(&path, root).and_then(|real| {
                let known = |h: &str| column_of(h).is_some();
                sheet::read_table(&real, &known).map_err(|p| sheet_problem(&path, p))
            });
            match table {
                Ok((table, cell_problems)) => rows_to_invitees(&path, table, cell_problems),
                Err(p) => {
                    let (line, col) = yaml::locate_key(text, "khach_moi").unwrap_or((1, 1));
                    let p = Problem::new(yaml, format!("{}: {}", shown(&p.file), p.message))
                        .field("khach_moi")
                        .at(line, col);
                    (Vec::new(), vec![p])
                }
            }
        }
    }
}

/// The file a `khach_moi:` names, which must lie in the data folder `root`.
fn inside(path: &Path, root: &Path) -> Result<PathBuf, Problem> {
    let real = path.canonicalize().map_err(|_| Problem::new(path, "không tìm thấy tệp danh sách khách mời"))?;
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if !real.starts_with(&root) {
        return Err(Problem::new(path, "tệp danh sách phải nằm trong thư mục dữ liệu"));
    }
    Ok(real)
}

/// The column a heading names, if vanban reads it.
fn column_of(heading: &str) -> Option<&'static str> {
    let folded = fold_heading(heading);
    COLUMNS.iter().find(|(_, names)| names.contains(&folded.as_str())).map(|(k, _)| *k)
}

/// A problem of the spreadsheet at `path`, at its row and column.
fn sheet_problem(path: &Path, p: SheetProblem) -> Problem {
    let mut out = Problem::new(path, p.message);
    if let Some(row) = p.row {
        out = out.at(row, p.column.unwrap_or(1));
    }
    if let Some(heading) = p.heading {
        out = out.field(heading);
    }
    if p.warning { out.warning() } else { out }
}

fn rows_to_invitees(path: &Path, table: Table, cell_problems: Vec<SheetProblem>) -> (Vec<Invitee>, Vec<Problem>) {
    let Table { header_row, headings, rows } = table;
    let mut problems = Vec::new();
    let mut columns: Vec<Option<&'static str>> = Vec::new();
    for (i, h) in headings.iter().enumerate() {
        let key = column_of(h);
        let folded = fold_heading(h);
        if key.is_none() && !folded.is_empty() && !IGNORED.contains(&folded.as_str()) {
            problems.push(
                Problem::new(
                    path,
                    format!("cột `{h}` không rõ là gì nên được bỏ qua; các cột đọc được: {}", known_headings()),
                )
                .field(h.clone())
                .at(header_row, i + 1)
                .warning(),
            );
        }
        columns.push(key);
    }
    let has = |k: &str| columns.contains(&Some(k));
    if !has("ho_ten") || !has("don_vi") {
        problems.push(
            Problem::new(
                path,
                format!(
                    "dòng tiêu đề cần có ít nhất cột Họ và tên và cột Đơn vị; các cột đọc được: {}",
                    known_headings()
                ),
            )
            .at(header_row, 1),
        );
        return (Vec::new(), problems);
    }
    // Each invitee's place in the list counts the rows refused for a bad
    // cell too: file names stay the same when such a row is fixed.
    let mut numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
    numbers.extend(cell_problems.iter().filter(|p| !p.warning).filter_map(|p| p.row).filter(|&r| r > header_row));
    numbers.sort_unstable();
    numbers.dedup();
    problems.extend(cell_problems.into_iter().map(|p| sheet_problem(path, p)));
    let mut out = Vec::new();
    for r in &rows {
        let index = numbers.iter().position(|&n| n == r.number).unwrap_or(0) + 1;
        let mut row = InviteeRow::default();
        let mut bad = None;
        for (col, value) in &r.cells {
            let value = Text(value.clone());
            match columns.get(*col).copied().flatten() {
                Some("danh_xung") => row.danh_xung = Some(value),
                Some("ho_ten") => row.ho_ten = Some(value),
                Some("chuc_vu") => row.chuc_vu = Some(value),
                Some("don_vi") => row.don_vi = Some(value),
                Some("email") => row.email = Some(value),
                Some("nhom") => row.nhom = Some(value),
                Some("thu_tu_le_tan") => match value.as_str().parse::<u32>() {
                    Ok(n) if n >= 1 => row.thu_tu_le_tan = Some(Number(n)),
                    _ => {
                        bad = Some((headings[*col].clone(), format!("thứ tự lễ tân `{value}` phải là số nguyên dương")))
                    }
                },
                _ => {}
            }
        }
        let result = match bad {
            Some(b) => Err(b),
            None => check(row).map_err(|(field, message)| (heading_of(&headings, &columns, field), message)),
        };
        match result {
            Ok(row) => out.push(Invitee { index, row }),
            Err((heading, message)) => problems
                .push(Problem::new(path, format!("dòng {}: {message}", r.number)).field(heading).at(r.number, 1)),
        }
    }
    (out, problems)
}

fn heading_of(headings: &[String], columns: &[Option<&'static str>], key: &str) -> String {
    columns.iter().position(|c| *c == Some(key)).map(|i| headings[i].clone()).unwrap_or_else(|| key.to_string())
}

/// Checks one invitee: a person needs a name; an agency needs its unit.
fn check(mut row: InviteeRow) -> Result<InviteeRow, (&'static str, String)> {
    let blank = |t: &Option<Text>| t.as_ref().is_none_or(|t| t.as_str().trim().is_empty());
    for field in [&mut row.danh_xung, &mut row.ho_ten, &mut row.chuc_vu, &mut row.don_vi, &mut row.email, &mut row.nhom]
    {
        if blank(field) {
            *field = None;
        }
    }
    if row.ho_ten.is_none() && row.don_vi.is_none() {
        return Err(("ho_ten", "thiếu họ tên (hoặc, khi mời một cơ quan, thiếu đơn vị)".into()));
    }
    if row.ho_ten.is_none() && (row.danh_xung.is_some() || row.chuc_vu.is_some()) {
        return Err(("ho_ten", "có danh xưng hoặc chức vụ nhưng thiếu họ tên".into()));
    }
    if let Some(email) = &row.email {
        let e = email.as_str();
        let ok = e.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.'))
            && !e.chars().any(char::is_whitespace);
        if !ok {
            return Err(("email", format!("email `{e}` không hợp lệ")));
        }
    }
    Ok(row)
}
