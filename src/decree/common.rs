//! What every document shows — header (ô 1–5), number and date, Nơi nhận,
//! Lưu and signature — merged from the agency's defaults and the document's
//! own values and checked, whatever the kind; and the [`Checker`] that
//! places each problem at its key in the YAML.

use serde::Serialize;

pub use crate::decree::check::Checker;
pub(crate) use crate::decree::check::{clean, non_blank};
use crate::decree::components::{self, Components, components};
use crate::decree::format;
use crate::decree::signature::{SignatureLines, signature_lines};
use crate::document::Kind;
use crate::source::shared::{AgencyFile, CongressFile, Identity};
use crate::source::values::{Date, DuThao, Text};

/// What every document kind shows: header (ô 1–5), Nơi nhận and signature.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub loai: &'static str,
    pub ten_loai: &'static str,
    pub co_quan_chu_quan: Option<String>,
    pub co_quan_ban_hanh: String,
    pub dia_danh: String,
    /// Số: `None` for a draft.
    pub so: Option<u32>,
    /// Ký hiệu: `KH-UBND`.
    pub ky_hieu: String,
    /// The date (seen by templates as `YYYY-MM-DD`), `None` for a draft.
    pub ngay: Option<Date>,
    /// The year of the date line.
    pub nam: i32,
    /// A draft's month, when already known.
    pub thang: Option<u32>,
    /// The mark across each page of a draft (`DỰ THẢO`); `None` when issued.
    pub du_thao: Option<String>,
    pub nguoi_ky: SignatureLines,
    /// Recipients, each ending with `;`.
    pub noi_nhan: Vec<String>,
    /// Lưu: `VT, TH4.`
    pub luu: String,
    pub dai_hoi: Option<CongressFile>,
    /// Kính gửi, the marks, the drafter, the address, the margins.
    #[serde(flatten)]
    pub thanh_phan: Components,
}

/// A line without the bullet a user may have typed (`- `, `+ `, `– `, `— `,
/// `• `): vanban sets the markers itself. Only a bullet standing apart is one:
/// a sign or dash glued to what follows is text (`+84 213 3876 215`, `-1`).
fn strip_bullet(s: &str) -> &str {
    let s = s.trim();
    match s.strip_prefix(['-', '+', '–', '—', '•']) {
        Some(rest) if rest.is_empty() || rest.starts_with(char::is_whitespace) => rest.trim_start(),
        _ => s,
    }
}

/// The year of the date line, and the date unless the document is a draft
/// (only `nam`). `missing` is the message when there is neither.
pub fn date_or_year(
    ngay: Option<chrono::NaiveDate>,
    nam: Option<i32>,
    missing: &str,
    check: &mut Checker,
) -> (i32, Option<chrono::NaiveDate>) {
    match (ngay, nam) {
        (Some(d), Some(y)) if y != chrono::Datelike::year(&d) => {
            check.key("nam", format!("`nam: {y}` khác năm của `ngay`; bỏ `nam` khi đã có ngày"));
            (y, Some(d))
        }
        (Some(d), _) => (chrono::Datelike::year(&d), Some(d)),
        (None, Some(y)) => (y, None),
        (None, None) => {
            check.key("ngay", missing);
            (0, None)
        }
    }
}

/// Whether a document of `kind` is a draft, from its number and date, and
/// the mark its pages carry then (`None` when issued, or the mark is off).
/// A draft prints no number and no day and month.
pub fn draft(
    kind: Kind,
    so: Option<u32>,
    ngay: Option<chrono::NaiveDate>,
    setting: Option<&DuThao>,
    check: &mut Checker,
) -> Option<String> {
    let both = "văn bản ban hành ghi cả `so` và `ngay`; dự thảo bỏ cả hai, chỉ ghi `nam`";
    match (so.is_some(), ngay.is_some()) {
        (true, false) => check.key("so", format!("đã có số `so` nhưng chưa có ngày ban hành `ngay`: {both}")),
        (false, true) if kind.numbered => {
            check.key("ngay", format!("đã có ngày ban hành `ngay` nhưng chưa có số `so`: {both}"))
        }
        _ => {}
    }
    let issued = ngay.is_some() && (so.is_some() || !kind.numbered);
    match (issued, setting) {
        (true, None) => None,
        (true, Some(_)) => {
            let has = if kind.numbered { "số và ngày" } else { "ngày" };
            check.key(
                "du_thao",
                format!("văn bản đã có {has} ban hành nên không còn là dự thảo: bỏ khóa `du_thao` (hoặc bỏ `ngay` nếu vẫn là dự thảo)"),
            );
            None
        }
        (false, None | Some(DuThao::On)) => Some("DỰ THẢO".to_string()),
        (false, Some(DuThao::Off)) => None,
        (false, Some(DuThao::Text(t))) => Some(t.clone()),
    }
}

/// Merges the agency's values under the document's and checks the result.
pub fn common(
    kind: Kind,
    id: Identity,
    own: AgencyFile,
    agency: &AgencyFile,
    congress: Option<&CongressFile>,
    check: &mut Checker,
) -> Option<Common> {
    let pick = |mine: &Option<Text>, theirs: &Option<Text>| clean(mine).or_else(|| clean(theirs));
    let ban_hanh = pick(&own.co_quan_ban_hanh, &agency.co_quan_ban_hanh);
    let viet_tat = pick(&own.viet_tat, &agency.viet_tat);
    let dia_danh = pick(&own.dia_danh, &agency.dia_danh);
    for (key, value) in [("co_quan_ban_hanh", &ban_hanh), ("viet_tat", &viet_tat), ("dia_danh", &dia_danh)] {
        if value.is_none() {
            check.key(key, format!("thiếu khóa `{key}`: ghi trong co-quan.yaml của cơ quan hoặc trong văn bản này"));
        }
    }
    let (nam, ngay) = date_or_year(
        id.ngay,
        id.nam,
        "thiếu ngày ban hành: ghi `ngay: 07/03/2024`, hoặc với dự thảo chỉ ghi năm `nam: 2024`",
        check,
    );
    let du_thao = draft(kind, id.so, id.ngay, id.du_thao, check);
    let thang = match (id.thang, id.ngay) {
        (Some(_), Some(_)) => {
            check.key("thang", "đã có ngày ban hành `ngay`: bỏ `thang` (chỉ dự thảo mới ghi riêng tháng)");
            None
        }
        (Some(m), None) if !(1..=12).contains(&m) => {
            check.key("thang", format!("`thang: {m}` không phải một tháng: ghi từ 1 đến 12"));
            None
        }
        (m, _) => m,
    };
    let signer = own.nguoi_ky.as_ref().or(agency.nguoi_ky.as_ref());
    let nguoi_ky = match signer.map(signature_lines) {
        Some(Ok(lines)) => Some(lines),
        Some(Err((key, message))) => {
            check.key(&format!("nguoi_ky.{key}"), message);
            None
        }
        None => {
            check.key("nguoi_ky", "thiếu người ký `nguoi_ky`: ghi trong co-quan.yaml hoặc trong văn bản này");
            None
        }
    };
    let noi_nhan: Vec<String> = own
        .noi_nhan
        .as_ref()
        .or(agency.noi_nhan.as_ref())
        .map(|list| {
            list.iter()
                .map(|t| strip_bullet(t.as_str()))
                .filter(|s| !s.is_empty())
                .map(|s| format::with_end_mark(s, ';'))
                .collect()
        })
        .unwrap_or_default();
    let luu_items: Vec<String> = own.luu.as_ref().or(agency.luu.as_ref()).map(|l| non_blank(&l.0)).unwrap_or_default();
    if luu_items.is_empty() {
        check.key("luu", "thiếu dòng Lưu: ghi ví dụ `luu: VT, TH4` (VT và đơn vị soạn thảo)");
    }
    // The copies the drafting unit archives go after its abbreviation.
    let luu = match id.so_ban_luu {
        Some(n) => format!("{}({n})", luu_items.join(", ")),
        None => luu_items.join(", "),
    };
    let luu = format::with_end_mark(&luu, '.');
    let thanh_phan = components(kind, &id, &own, agency, check);
    let ky_hieu = components::symbol(kind, &id, &own, agency);
    Some(Common {
        loai: kind.key,
        ten_loai: kind.name,
        co_quan_chu_quan: pick(&own.co_quan_chu_quan, &agency.co_quan_chu_quan),
        co_quan_ban_hanh: ban_hanh?,
        dia_danh: dia_danh?,
        so: id.so,
        ky_hieu,
        ngay: ngay.map(Date),
        nam,
        thang,
        du_thao,
        nguoi_ky: nguoi_ky?,
        noi_nhan,
        luu,
        dai_hoi: congress.cloned(),
        thanh_phan,
    })
    .filter(|_| !check.failed())
}

#[cfg(test)]
mod tests {
    use super::strip_bullet;

    #[test]
    fn only_a_bullet_standing_apart_is_taken_off() {
        for (typed, kept) in [
            ("- Như trên", "Như trên"),
            ("+ Như trên", "Như trên"),
            ("• Sở Nội vụ", "Sở Nội vụ"),
            ("– Sở Nội vụ", "Sở Nội vụ"),
            ("— Sở Nội vụ", "Sở Nội vụ"),
            ("-\tSở Nội vụ", "Sở Nội vụ"),
            ("  -  Sở Nội vụ ", "Sở Nội vụ"),
            ("-", ""),
            ("+84 213 3876 215", "+84 213 3876 215"),
            ("-1 bản", "-1 bản"),
            ("- -1 bản", "-1 bản"),
            ("—Sở Nội vụ", "—Sở Nội vụ"),
            ("1. Sở Nội vụ", "1. Sở Nội vụ"),
            ("Như trên", "Như trên"),
        ] {
            assert_eq!(strip_bullet(typed), kept, "{typed:?}");
        }
    }
}

/// A phụ lục in its own file: the document's common values (its author,
/// date, draft mark, margins) and the phụ lục.
#[derive(Serialize)]
struct AnnexContext<'a> {
    #[serde(flatten)]
    common: &'a Common,
    pl: &'a crate::decree::components::Annex,
}

/// The template of a phụ lục in its own file.
pub const ANNEX_TEMPLATE: &str = "phu-luc.typ.j2";

/// The PDFs of a document's phụ lục filed on their own, beside its own PDF
/// (`rel` is the document's path below the data folder):
/// `ke-hoach-phu-luc-ii.pdf`.
pub fn annex_parts(rel: &std::path::Path, common: &Common) -> Vec<crate::document::Part> {
    let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    common
        .thanh_phan
        .phu_luc
        .iter()
        .filter(|a| a.rieng)
        .map(|a| {
            let suffix = if a.so.is_empty() { String::new() } else { format!("-{}", a.so.to_lowercase()) };
            let pdf = rel.with_file_name(format!("{stem}-phu-luc{suffix}.pdf"));
            let title = format!("Phụ lục {} {}", a.so, a.ten).split_whitespace().collect::<Vec<_>>().join(" ");
            let context = crate::document::context(&common.co_quan_ban_hanh, &AnnexContext { common, pl: a });
            crate::document::Part::with_template(pdf, &title, context, ANNEX_TEMPLATE)
        })
        .collect()
}
