//! The GIẤY MỜI (Mẫu 1.7): one PDF per invitee, one combined PDF of all of
//! them for printing, and a CSV list for mailing. The meeting's name, time,
//! place and chair come from the congress folder's `dai-hoi.yaml` unless the
//! invitation says otherwise.

use std::path::Path;

use serde::Serialize;

use crate::decree::common::{Checker, Common, clean, common, non_blank};
use crate::decree::{format, markup};
use crate::diag::{Problem, has_errors};
use crate::document::{Extra, Input, Kind, NeedsCongress, NeedsReports, Part, Resolved, Starter, title_of};
use crate::source::invitees::{self, Invitee, InviteeRow, Invitees};
use crate::source::shared::document_file;
use crate::source::values::{DateTime, Text, is_direction_control};
use crate::source::yaml;

pub const KIND: Kind = Kind {
    key: "giay-moi",
    name: "GIẤY MỜI",
    symbol: "GM",
    template: "giay-moi.typ.j2",
    numbered: true,
    addressed: false,
    word: true,
    resolve,
    starter: Starter {
        text: include_str!("../../templates/moi/giay-moi.yaml"),
        congress: NeedsCongress::Needed,
        reports: NeedsReports::No,
    },
    pack_rank: None,
};

document_file! {
    /// A GIẤY MỜI (Mẫu 1.7), one per invitee.
    pub struct InvitationFile {
        /// Trích yếu: the meeting's subject. In a congress folder it defaults
        /// to `Dự <ten> giai đoạn <giai_doan>`.
        pub trich_yeu: Option<Text>,
        /// The invitees: a list here, or the name of a `.xlsx`/`.csv` file
        /// beside this YAML.
        pub khach_moi: Invitees,
        /// `Tới dự:` the meeting; defaults to the congress's name and period.
        pub toi_du: Option<Text>,
        /// `Chủ trì:`; defaults to the congress's chair.
        pub chu_tri: Option<Text>,
        /// `Thời gian:`, `19/07/2024 07:30`; defaults to the congress's.
        pub thoi_gian: Option<DateTime>,
        /// `Địa điểm:`; defaults to the congress's.
        pub dia_diem: Option<Text>,
        /// Notes after the place: dress, documents, contact and phone.
        #[serde(default)]
        pub ghi_chu: Vec<Text>,
    }
}

/// An invitee as the invitation prints them.
#[derive(Debug, Clone, Serialize)]
pub struct Guest {
    /// `Đồng chí Lò Văn Thắng`, or the agency invited (`Lãnh đạo Sở Nội vụ`).
    pub ten: String,
    /// `Chủ tịch UBND huyện Tân Uyên`, when there is one.
    pub chuc_danh: Option<String>,
    pub email: Option<String>,
    /// The PDF's file name.
    pub tep: String,
}

/// The context of a GIẤY MỜI.
#[derive(Debug, Clone, Serialize)]
pub struct InvitationContext {
    #[serde(flatten)]
    pub common: Common,
    pub trich_yeu: String,
    /// The agency as named in the sentence `… trân trọng kính mời:`.
    pub ten_day_du: String,
    pub toi_du: String,
    pub chu_tri: Option<String>,
    /// `YYYY-MM-DDTHH:MM`, printed by the `gio_ngay` filter.
    pub thoi_gian: String,
    pub dia_diem: String,
    pub ghi_chu: Vec<String>,
}

fn text(t: Option<&Text>) -> Option<String> {
    clean(&t.cloned())
}

/// How an invitee is named: `Đồng chí Lò Văn Thắng` and `Chủ tịch UBND
/// huyện Tân Uyên`; an agency alone is its unit. The invitation and the
/// script name invitees the same way.
pub fn name_and_title(r: &InviteeRow) -> (String, Option<String>) {
    let name = text(r.ho_ten.as_ref());
    let unit = text(r.don_vi.as_ref());
    match &name {
        Some(name) => {
            let ten = match text(r.danh_xung.as_ref()) {
                Some(dx) => format!("{dx} {name}"),
                None => name.clone(),
            };
            let title = match (text(r.chuc_vu.as_ref()), unit) {
                (Some(role), Some(unit)) => Some(position_and_unit(&role, &unit)),
                (role, unit) => role.or(unit),
            };
            (ten, title)
        }
        None => (unit.unwrap_or_default(), None),
    }
}

/// A position and its unit, as one title: `Chỉ huy trưởng, Ban Chỉ huy
/// Quân sự huyện Tân Uyên`. The unit is never named twice:
///
/// - a position that already names the whole unit is the title
///   (`Chủ tịch UBND huyện Tân Uyên` + `UBND huyện Tân Uyên`);
/// - a position that ends with the unit's leading words goes on with the
///   rest of the unit (`Phó Chủ tịch UBND tỉnh` + `UBND tỉnh Tuyên Quang`:
///   `Phó Chủ tịch UBND tỉnh Tuyên Quang`);
/// - otherwise the two are joined with a comma.
///
/// Only words printed in both are dropped, so nothing is lost: the shared
/// words are compared letter by letter (capitals aside: `xã Pa Vệ Sủ` in a
/// position is `Xã Pa Vệ Sủ` of a unit), at least two of them (one common
/// word such as `xã` in `Hợp tác xã` + `Xã Pa Vệ Sủ` is no proof of the same
/// name), starting a word of the position and ending a word of the unit.
pub fn position_and_unit(position: &str, unit: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let (position, unit) = (position.trim(), unit.trim());
    if format::ascii_fold(position).contains(&format::ascii_fold(unit)) {
        return position.to_string();
    }
    let unit: Vec<char> = unit.nfc().collect();
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let starts = position
        .char_indices()
        .filter(|&(i, c)| !c.is_whitespace() && position[..i].chars().next_back().is_none_or(char::is_whitespace));
    for (i, _) in starts {
        let tail: Vec<char> = position[i..].nfc().collect();
        let words = position[i..].split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count();
        if words < 2 {
            break;
        }
        let shared = tail.len() <= unit.len() && tail.iter().zip(&unit).all(|(&a, &b)| same(a, b));
        if shared && !unit.get(tail.len()).is_some_and(|c| c.is_alphanumeric()) {
            let rest: String = unit[tail.len()..].iter().collect();
            return format!("{position}{rest}");
        }
    }
    let unit: String = unit.into_iter().collect();
    format!("{position}, {unit}")
}

fn guest(inv: &Invitee, width: usize) -> Guest {
    let r = &inv.row;
    let name = text(r.ho_ten.as_ref());
    let (ten, chuc_danh) = name_and_title(r);
    let slug = format::slug(name.as_deref().unwrap_or(&ten), 48);
    let slug = if slug.is_empty() { "khach-moi".to_string() } else { slug };
    Guest { tep: format!("{:0width$}-{slug}.pdf", inv.index), ten, chuc_danh, email: text(r.email.as_ref()) }
}

/// The mailing list: one row per invitation written, safe to open in Excel
/// (see [`csv_cell`]).
fn manifest(folder: &Path, guests: &[Guest]) -> Vec<u8> {
    // A byte-order mark, so Excel opens the Vietnamese text as UTF-8.
    let mut out = String::from("\u{feff}");
    let mut record = |cells: [&str; 4]| {
        let cells: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    };
    record(["Tệp", "Người được mời", "Chức danh", "Email"]);
    for g in guests {
        let file = folder.join(&g.tep);
        record([
            file.to_string_lossy().as_ref(),
            g.ten.as_str(),
            g.chuc_danh.as_deref().unwrap_or(""),
            g.email.as_deref().unwrap_or(""),
        ]);
    }
    out.into_bytes()
}

/// One cell of the mailing list, as OWASP advises against CSV injection: no
/// control character reaches the file (a line break or a tab becomes a space;
/// the others, the span markers of a `!md` text and the controls of the
/// text's direction are dropped), and a cell Excel would take for a formula,
/// its first character `=`, `+`, `-` or `@`, starts with a `'` inside
/// quotes, which Excel shows as text. Other cells are quoted only when they
/// hold a comma or a quote, as before.
fn csv_cell(value: &str) -> String {
    let mut text = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\n' | '\t' => text.push(' '),
            c if c.is_control() || markup::is_marker(c) || is_direction_control(c) => {}
            c => text.push(c),
        }
    }
    let formula = text.trim_start().starts_with(['=', '+', '-', '@']);
    if formula {
        text.insert(0, '\'');
    }
    if formula || text.contains([',', '"']) { format!("\"{}\"", text.replace('"', "\"\"")) } else { text }
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: InvitationFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    let id = file.identity();
    let mut own = file.agency_overrides();
    // An invitation goes to the invitees: `Như trên`, not the agency's list.
    if own.noi_nhan.is_none() {
        own.noi_nhan = Some(vec![Text("Như trên".into())]);
    }
    let common = common(KIND, id, own.clone(), input.agency, input.congress, &mut check);
    let congress = input.congress;
    let from_congress = |mine: &Option<Text>, theirs: Option<&Option<Text>>, key: &str, check: &mut Checker| {
        clean(mine).or_else(|| theirs.and_then(clean)).or_else(|| {
            check.key(key, format!("thiếu `{key}`: ghi trong giấy mời, hoặc trong dai-hoi.yaml của Đại hội"));
            None
        })
    };
    let meeting = congress.map(|c| c.full_name());
    let trich_yeu = clean(&file.trich_yeu).or_else(|| meeting.as_ref().map(|m| format!("Dự {m}")));
    let toi_du = clean(&file.toi_du).or_else(|| meeting.clone());
    for (key, v) in [("trich_yeu", &trich_yeu), ("toi_du", &toi_du)] {
        if v.is_none() {
            check.key(
                key,
                format!("thiếu `{key}`: ghi trong giấy mời, hoặc đặt giấy mời trong thư mục Đại hội có dai-hoi.yaml"),
            );
        }
    }
    let dia_diem = from_congress(&file.dia_diem, congress.map(|c| &c.dia_diem), "dia_diem", &mut check);
    let chu_tri = clean(&file.chu_tri).or_else(|| congress.and_then(|c| clean(&c.chu_tri)));
    let thoi_gian = file.thoi_gian.or(congress.and_then(|c| c.thoi_gian)).map(|t| t.0);
    if thoi_gian.is_none() {
        check.key(
            "thoi_gian",
            "thiếu `thoi_gian` (ví dụ `19/07/2024 07:30`): ghi trong giấy mời, hoặc trong dai-hoi.yaml",
        );
    }
    let ten_day_du = clean(&own.ten_day_du)
        .or_else(|| clean(&input.agency.ten_day_du))
        .or_else(|| common.as_ref().map(|c| markup::one_line(&c.co_quan_ban_hanh)));

    let (invitees, row_problems) = invitees::read(input.path, input.text, input.root, &file.khach_moi);
    if invitees.is_empty() {
        check.problems.extend(row_problems.iter().cloned());
        if !has_errors(&row_problems) {
            check.key("khach_moi", "danh sách khách mời trống");
        }
    }
    let (Some(common), Some(trich_yeu), Some(toi_du), Some(dia_diem), Some(thoi_gian), Some(ten_day_du)) =
        (common, trich_yeu, toi_du, dia_diem, thoi_gian, ten_day_du)
    else {
        return Err(check.problems);
    };
    if check.failed() {
        return Err(check.problems);
    }

    // The last line of the body ends `./.`.
    let mut ghi_chu = non_blank(&file.ghi_chu);
    let dia_diem = match ghi_chu.last_mut() {
        Some(last) => {
            *last = format::with_closing_mark(last);
            dia_diem
        }
        None => format::with_closing_mark(&dia_diem),
    };
    let base = InvitationContext {
        common,
        trich_yeu,
        ten_day_du,
        toi_du,
        chu_tri,
        thoi_gian: thoi_gian.format("%Y-%m-%dT%H:%M").to_string(),
        dia_diem,
        ghi_chu,
    };
    let width = invitees.iter().map(|i| i.index).max().unwrap_or(0).to_string().len().max(3);
    let guests: Vec<Guest> = invitees.iter().map(|i| guest(i, width)).collect();
    let folder = input.rel.with_extension("");
    let title = title_of(KIND, &base.trich_yeu);
    // One copy of what every invitation shares, for hundreds of invitees.
    let shared = minijinja::Value::from_serialize(&base);
    let author = markup::one_line(&base.common.co_quan_ban_hanh);
    let mut parts: Vec<Part> = guests
        .iter()
        .map(|g| {
            let title = format!("{title} - {}", g.ten);
            let context = minijinja::context! {
                khach => g.clone(),
                tac_gia => &author,
                ..shared.clone()
            };
            Part::new(folder.join(&g.tep), &title, context)
        })
        .collect();
    // All invitations in list order, one file to print: the pages already
    // typeset for each invitee, not a second typesetting of all of them.
    parts.push(Part::gathered(input.rel.with_extension("pdf"), &title, (0..guests.len()).collect()));
    let extras = vec![Extra { path: folder.join("danh-sach-gui.csv"), bytes: manifest(&folder, &guests) }];
    Ok(Resolved { title, parts, extras, problems: row_problems })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_the_position_already_names_is_not_repeated() {
        let cases = [
            // The position ends with the unit's leading words: the rest of
            // the unit follows.
            ("Phó Chủ tịch UBND tỉnh", "UBND tỉnh Tuyên Quang", "Phó Chủ tịch UBND tỉnh Tuyên Quang"),
            (
                "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh",
                "UBND tỉnh Lai Châu",
                "Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh Lai Châu",
            ),
            ("Bí thư Tỉnh ủy", "Tỉnh ủy Lai Châu", "Bí thư Tỉnh ủy Lai Châu"),
            ("Đại tá, Giám đốc Công an tỉnh", "Công an tỉnh Lai Châu", "Đại tá, Giám đốc Công an tỉnh Lai Châu"),
            (
                "Anh hùng Lực lượng vũ trang nhân dân, nguyên Xã đội trưởng xã Pa Vệ Sủ",
                "Xã Pa Vệ Sủ, huyện Mường Tè",
                "Anh hùng Lực lượng vũ trang nhân dân, nguyên Xã đội trưởng xã Pa Vệ Sủ, huyện Mường Tè",
            ),
            (
                "Đại tá, Đoàn trưởng Đoàn Kinh tế - Quốc phòng 356",
                "Đoàn Kinh tế - Quốc phòng 356/Quân khu 2",
                "Đại tá, Đoàn trưởng Đoàn Kinh tế - Quốc phòng 356/Quân khu 2",
            ),
            // The whole unit is in the position: it is not repeated.
            ("Chủ tịch UBND huyện Tân Uyên", "UBND huyện Tân Uyên", "Chủ tịch UBND huyện Tân Uyên"),
            ("Chánh Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh", "Chánh Văn phòng UBND tỉnh"),
            // Nothing shared: joined with a comma, as always.
            (
                "Chỉ huy trưởng",
                "Ban Chỉ huy Quân sự huyện Tân Uyên",
                "Chỉ huy trưởng, Ban Chỉ huy Quân sự huyện Tân Uyên",
            ),
            ("Phóng viên", "Báo Lai Châu", "Phóng viên, Báo Lai Châu"),
            // The unit's leading words are elsewhere in the position, not
            // at its end: nothing is dropped.
            (
                "Đại tá, Phó Chủ nhiệm Chính trị Quân khu 2",
                "Cục Chính trị Quân khu 2",
                "Đại tá, Phó Chủ nhiệm Chính trị Quân khu 2, Cục Chính trị Quân khu 2",
            ),
            // One shared word is no proof of one name.
            ("Chủ nhiệm Hợp tác xã", "Xã Pa Vệ Sủ", "Chủ nhiệm Hợp tác xã, Xã Pa Vệ Sủ"),
            // Shared words must end a word of the unit: `Tà` is not `Tàng`.
            ("Trưởng Công an xã Tà", "Công an xã Tàng Ma", "Trưởng Công an xã Tà, Công an xã Tàng Ma"),
        ];
        for (position, unit, title) in cases {
            assert_eq!(position_and_unit(position, unit), title, "{position} + {unit}");
        }
    }

    #[test]
    fn no_word_of_the_position_or_the_unit_is_lost() {
        let cases = [
            ("Phó Chủ tịch UBND tỉnh", "UBND tỉnh Tuyên Quang"),
            ("Chỉ huy trưởng", "Ban Chỉ huy Quân sự huyện Tân Uyên"),
            ("Trưởng Ban", "Ban Chỉ huy Quân sự huyện"),
            ("a b c", "b c d"),
            ("x y", "X Y z"),
        ];
        for (position, unit) in cases {
            let title = position_and_unit(position, unit);
            assert!(title.starts_with(position), "{title}");
            let folded = format::ascii_fold(&title);
            let last = unit.split_whitespace().last().unwrap();
            assert!(folded.ends_with(&format::ascii_fold(last)), "{title}");
        }
    }

    #[test]
    fn the_invitation_and_the_script_name_an_invitee_with_the_rule() {
        let row = |chuc_vu: &str, don_vi: &str| InviteeRow {
            ho_ten: Some(Text("Trần Minh Hải".into())),
            danh_xung: Some(Text("Đồng chí".into())),
            chuc_vu: Some(Text(chuc_vu.into())),
            don_vi: Some(Text(don_vi.into())),
            ..InviteeRow::default()
        };
        let (ten, title) = name_and_title(&row("Phó Chủ tịch UBND tỉnh", "UBND tỉnh Lai Châu"));
        assert_eq!(ten, "Đồng chí Trần Minh Hải");
        assert_eq!(title.as_deref(), Some("Phó Chủ tịch UBND tỉnh Lai Châu"));
    }
}
