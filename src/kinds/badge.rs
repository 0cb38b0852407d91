//! The THẺ ĐẠI BIỂU: a delegate's badge for every invitee of the congress's
//! list (the same `khach_moi:` as the giấy mời and the kịch bản), several to
//! an A4 sheet with crop marks, in protocol order. Not a document of the
//! decree: no header, no number, no date, no signature.
//!
//! The invitees' reading and order are shared with the BIỂN TÊN
//! ([`crate::kinds::name_card`]): see [`Card`] and [`cards`].

use serde::{Deserialize, Serialize};

use crate::decree::common::{Checker, clean};
use crate::decree::markup;
use crate::diag::{Problem, has_errors};
use crate::document::{Input, Kind, NeedsCongress, NeedsReports, Resolved, Starter};
use crate::kinds::invitation::name_and_title;
use crate::source::invitees::{self, Invitees, is_guest};
use crate::source::values::Text;
use crate::source::yaml;

pub const KIND: Kind = Kind {
    key: "the-dai-bieu",
    name: "THẺ ĐẠI BIỂU",
    symbol: "TĐB",
    template: "the-dai-bieu.typ.j2",
    numbered: false,
    addressed: false,
    word: false,
    resolve,
    starter: Starter {
        text: include_str!("../../templates/moi/the-dai-bieu.yaml"),
        congress: NeedsCongress::Needed,
        reports: NeedsReports::No,
    },
    pack_rank: None,
};

/// A THẺ ĐẠI BIỂU file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BadgeFile {
    /// `the-dai-bieu`.
    pub loai: Text,
    /// The invitees: a list here, or the name of a `.xlsx`/`.csv` file
    /// beside this YAML (the giấy mời's list).
    pub khach_moi: Invitees,
    /// The line at the top of each badge; defaults to the congress's name
    /// and period.
    pub ten_dai_hoi: Option<Text>,
    /// The badge's size in millimetres; `the_dai_bieu` of `the-thuc.yaml`
    /// when absent.
    pub kich_thuoc: Option<Size>,
}

/// A badge's size (mm).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Size {
    pub rong: f64,
    pub cao: f64,
}

/// The A4 sheet the badges are printed on (mm, portrait).
pub const SHEET_MM: Size = Size { rong: 210.0, cao: 297.0 };

/// The least margin of the sheet (mm), room for the crop marks and for
/// printers that cannot print to the edge: `the_dai_bieu.le` of
/// `the-thuc.yaml` (a test keeps the two the same).
pub const SHEET_MARGIN_MM: f64 = 6.0;

/// The smallest badge (mm) the congress's name, the group, the name and the
/// position fit on.
pub const SMALLEST_MM: Size = Size { rong: 60.0, cao: 40.0 };

/// An invitee as a badge or a name card shows them.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    /// `KHÁCH MỜI` for a guest, else `ĐẠI BIỂU`.
    pub nhom: &'static str,
    /// `Đồng chí Lò Văn Thắng`, as the invitation names them (an agency
    /// invited alone: its unit).
    pub ten: String,
    /// `Chủ tịch UBND huyện Tân Uyên`, when there is one.
    pub chuc_danh: Option<String>,
}

/// The group printed on a guest's badge.
pub const GUEST: &str = "KHÁCH MỜI";
/// The group printed on the other delegates' badges.
pub const DELEGATE: &str = "ĐẠI BIỂU";

/// The invitees of `list` as cards, in protocol order (see
/// [`invitees::protocol_order`]), and the problems of bad rows, which leave
/// the others printed, as the giấy mời does. An empty list is a problem of
/// `check`.
pub fn cards(input: &Input, list: &Invitees, check: &mut Checker) -> (Vec<Card>, Vec<Problem>) {
    let (invitees, row_problems) = invitees::read(input.path, input.text, input.root, list);
    if invitees.is_empty() {
        check.problems.extend(row_problems.iter().cloned());
        if !has_errors(&row_problems) {
            check.key("khach_moi", "danh sách khách mời trống");
        }
    }
    let cards = invitees::protocol_order(&invitees)
        .into_iter()
        .map(|i| {
            let (ten, chuc_danh) = name_and_title(&i.row);
            Card { nhom: if is_guest(&i.row) { GUEST } else { DELEGATE }, ten, chuc_danh }
        })
        .collect();
    (cards, row_problems)
}

/// The PDF's author: the issuing agency, on one line.
pub fn author(input: &Input) -> String {
    clean(&input.agency.co_quan_ban_hanh).map(|a| markup::one_line(&a)).unwrap_or_default()
}

/// The context of the badges' template.
#[derive(Debug, Clone, Serialize)]
struct BadgeContext {
    loai: &'static str,
    /// The line at the top of each badge.
    dai_hoi: String,
    /// The badge's size, when the file sets it.
    kich_thuoc: Option<Size>,
    the: Vec<Card>,
}

/// Checks a size the file sets: a badge at least [`SMALLEST_MM`], and at
/// least one on a sheet within its margins.
fn check_size(size: Size, check: &mut Checker) {
    let Size { rong, cao } = size;
    let room = Size { rong: SHEET_MM.rong - 2.0 * SHEET_MARGIN_MM, cao: SHEET_MM.cao - 2.0 * SHEET_MARGIN_MM };
    let finite = rong.is_finite() && cao.is_finite();
    if !finite || rong < SMALLEST_MM.rong || cao < SMALLEST_MM.cao {
        check.key(
            "kich_thuoc",
            format!(
                "thẻ {rong} × {cao} mm quá nhỏ: thẻ cần ít nhất {} × {} mm (rộng × cao) để in đủ tên Đại hội, \
                 nhóm, họ tên và chức vụ",
                SMALLEST_MM.rong, SMALLEST_MM.cao
            ),
        );
    } else if rong > room.rong || cao > room.cao {
        check.key(
            "kich_thuoc",
            format!(
                "thẻ {rong} × {cao} mm không vừa trang A4 ({} × {} mm, chừa lề {} mm cho dấu cắt): \
                 thẻ rộng tối đa {} mm, cao tối đa {} mm",
                SHEET_MM.rong, SHEET_MM.cao, SHEET_MARGIN_MM, room.rong, room.cao
            ),
        );
    }
}

/// The line at the top of a badge or a card: the file's `ten_dai_hoi`, else
/// the congress's name and period; a problem of `check` when there is none.
pub fn congress_name(own: &Option<Text>, input: &Input, check: &mut Checker) -> Option<String> {
    let name = clean(own).or_else(|| input.congress.map(|c| c.full_name()));
    if name.is_none() {
        check.key(
            "ten_dai_hoi",
            "thiếu tên Đại hội: ghi `ten_dai_hoi`, hoặc đặt tệp trong thư mục Đại hội có dai-hoi.yaml",
        );
    }
    name
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: BadgeFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    if let Some(size) = file.kich_thuoc {
        check_size(size, &mut check);
    }
    let dai_hoi = congress_name(&file.ten_dai_hoi, input, &mut check);
    let (the, row_problems) = cards(input, &file.khach_moi, &mut check);
    let Some(dai_hoi) = dai_hoi else { return Err(check.problems) };
    if check.failed() {
        return Err(check.problems);
    }
    let ctx = BadgeContext { loai: KIND.key, dai_hoi, kich_thuoc: file.kich_thuoc, the };
    let resolved = Resolved::single(KIND, input.rel, &ctx.dai_hoi, &author(input), &ctx);
    Ok(Resolved { problems: row_problems, ..resolved }.warned(check.problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sheet's least margin here is the one the layout uses.
    #[test]
    fn the_margin_checked_is_the_layouts() {
        let values: serde_yaml::Value = serde_yaml::from_str(include_str!("../../templates/the-thuc.yaml")).unwrap();
        let the = &values["the_dai_bieu"];
        assert_eq!(the["le"].as_f64(), Some(SHEET_MARGIN_MM));
        // The default badge fits the checks a badge of the file's must pass.
        let default = Size { rong: the["rong"].as_f64().unwrap(), cao: the["cao"].as_f64().unwrap() };
        assert!(default.rong >= SMALLEST_MM.rong && default.cao >= SMALLEST_MM.cao);
        assert!(default.rong + 2.0 * SHEET_MARGIN_MM <= SHEET_MM.rong);
        assert!(default.cao + 2.0 * SHEET_MARGIN_MM <= SHEET_MM.cao);
    }
}
