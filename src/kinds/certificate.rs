//! BẰNG KHEN, GIẤY KHEN: the text an office prints onto its pre-printed
//! stock for each collective and individual a decision awards — name,
//! unit, achievement line, the decision's number and date, place and date,
//! register number — one page each, every field at the position in
//! millimetres the data gives for that award level; and a calibration page
//! (a grid, the printable area, each field's anchor) to match the stock.
//! Names and numbers come from the decision (and so from the reports and
//! the council's vote): they are never typed twice.

use serde::{Deserialize, Serialize};

use crate::decree::common::{Checker, clean};
use crate::decree::format;
use crate::diag::Problem;
use crate::document::{Input, Kind, NeedsCongress, NeedsReports, Part, Resolved, Starter, context, title_of};
use crate::kinds::dossier;
use crate::kinds::report::Nominee;
use crate::source::values::{Count, Text};
use crate::source::yaml;

pub const KIND: Kind = Kind {
    key: "bang-khen",
    name: "BẰNG KHEN",
    symbol: "BK",
    template: "bang-khen.typ.j2",
    numbered: false,
    addressed: false,
    word: false,
    resolve,
    starter: Starter {
        text: include_str!("../../templates/moi/bang-khen.yaml"),
        congress: NeedsCongress::Needed,
        reports: NeedsReports::Yes,
    },
    pack_rank: None,
};

/// The calibration page's template.
pub const CALIBRATION_TEMPLATE: &str = "bang-khen-can-chinh.typ.j2";

/// The fields printed, in the order the calibration page lists them.
pub const FIELDS: [(&str, &str); 6] = [
    ("ten", "tên tập thể, cá nhân"),
    ("don_vi", "chức vụ, đơn vị"),
    ("thanh_tich", "dòng thành tích"),
    ("quyet_dinh", "số, ngày quyết định"),
    ("noi_ngay", "địa danh, ngày tháng"),
    ("so_vao_so", "số vào sổ"),
];

/// A certificate file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateFile {
    pub loai: Text,
    /// The decision (`quyet-dinh`) beside this file whose awardees get one.
    pub quyet_dinh: Option<Text>,
    /// `A4` or `A3`, landscape.
    pub kho_giay: Option<Text>,
    /// The register number (số vào sổ) of the first; the others follow.
    pub so_vao_so_dau: Option<Count>,
    /// The achievement line; the decision's by default.
    pub thanh_tich: Option<Text>,
    /// Where each field goes on the sheet.
    #[serde(default)]
    pub vi_tri: std::collections::BTreeMap<String, Position>,
}

/// A field's place: `x`, `y` in millimetres from the sheet's top left (`y`
/// is the baseline of its first line); `can` says whether `x` is the
/// text's left end (`trai`), centre (`giua`) or right end (`phai`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Position {
    pub x: f64,
    pub y: f64,
    #[serde(default = "default_size")]
    pub co_chu: f64,
    #[serde(default = "default_align")]
    pub can: String,
    /// The width the text may take before it wraps (mm).
    pub rong: Option<f64>,
    #[serde(default)]
    pub dam: bool,
    #[serde(default)]
    pub nghieng: bool,
    /// Text printed before the value (`Số: `), when the stock has no label.
    #[serde(default)]
    pub truoc: String,
}

fn default_size() -> f64 {
    14.0
}
fn default_align() -> String {
    "trai".into()
}

/// A field as placed on a page.
#[derive(Debug, Clone, Serialize)]
pub struct Placed {
    pub ten: &'static str,
    #[serde(flatten)]
    pub o: Position,
    pub noi_dung: String,
}

/// The context of the certificates, and of their calibration page.
#[derive(Debug, Clone, Serialize)]
pub struct CertificateContext {
    pub loai: &'static str,
    /// `a4`, `a3`.
    pub kho: String,
    /// One list of placed fields per certificate.
    pub trang: Vec<Vec<Placed>>,
    /// Each field's place and description, for the calibration page.
    pub truong: Vec<Placed>,
    pub hinh_thuc: String,
}

/// The sheet's size in millimetres, landscape.
fn sheet(kho: &str) -> Option<(f64, f64)> {
    match kho {
        "a4" => Some((297.0, 210.0)),
        "a3" => Some((420.0, 297.0)),
        _ => None,
    }
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: CertificateFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    let kho = clean(&file.kho_giay).unwrap_or_else(|| "A4".into()).to_lowercase();
    let Some((w, h)) = sheet(&kho) else {
        check.key("kho_giay", format!("khổ giấy `{kho}` không dùng được: ghi `A4` hoặc `A3` (khổ ngang)"));
        return Err(check.problems);
    };
    for (key, o) in &file.vi_tri {
        let at = |k: &str| format!("vi_tri.{key}.{k}");
        if !FIELDS.iter().any(|(f, _)| f == key) {
            let known: Vec<&str> = FIELDS.iter().map(|f| f.0).collect();
            check.key(
                &format!("vi_tri.{key}"),
                format!("không có trường `{key}`: các trường in được là {}", known.join(", ")),
            );
            continue;
        }
        if !(0.0..=w).contains(&o.x) {
            check.key(&at("x"), format!("`x: {}` ở ngoài tờ giấy {} ngang (rộng {w} mm)", o.x, kho.to_uppercase()));
        }
        if !(0.0..=h).contains(&o.y) {
            check.key(&at("y"), format!("`y: {}` ở ngoài tờ giấy {} ngang (cao {h} mm)", o.y, kho.to_uppercase()));
        }
        if !(6.0..=72.0).contains(&o.co_chu) {
            check.key(&at("co_chu"), format!("cỡ chữ `{}` không hợp lý: ghi từ 6 đến 72 (pt)", o.co_chu));
        }
        if !["trai", "giua", "phai"].contains(&o.can.as_str()) {
            check.key(&at("can"), format!("`can: {}` không hợp lệ: ghi `trai`, `giua` hoặc `phai`", o.can));
        }
        if let Some(r) = o.rong {
            let room = match o.can.as_str() {
                "giua" => 2.0 * o.x.min(w - o.x),
                "phai" => o.x,
                _ => w - o.x,
            };
            if r <= 0.0 || r > room + 1e-9 {
                check.key(&at("rong"), format!("`rong: {r}` không vừa tờ giấy từ vị trí này (tối đa {room:.1} mm)"));
            }
        }
    }
    if !file.vi_tri.contains_key("ten") {
        check.key("vi_tri", "thiếu vị trí của tên (`vi_tri.ten`): ghi `ten: {x: 148.5, y: 95, co_chu: 24, can: giua}`");
    }
    let Some(name) = clean(&file.quyet_dinh) else {
        check.key("quyet_dinh", "thiếu `quyet_dinh`: tên tệp quyết định khen thưởng (.yaml) cùng thư mục");
        return Err(check.problems);
    };
    if check.failed() {
        return Err(check.problems);
    }
    let awarded = match dossier::decision_named(input, &name) {
        Ok(a) => a,
        Err(p) => {
            let (line, col) = yaml::locate_key(input.text, "quyet_dinh").unwrap_or((1, 1));
            check.problems.push(p.at(line, col));
            return Err(check.problems);
        }
    };
    let (Some(date), false) = (awarded.ngay, awarded.so_ky_hieu.starts_with(format::DRAFT_BLANK)) else {
        check.key(
            "quyet_dinh",
            format!("quyết định `{name}` chưa có số và ngày ban hành: chỉ in bằng khen theo quyết định đã ban hành"),
        );
        return Err(check.problems);
    };
    let thanh_tich = clean(&file.thanh_tich).unwrap_or_else(|| awarded.thanh_tich.clone());
    let quyet_dinh = format!("Quyết định số {} ngày {}", awarded.so_ky_hieu, crate::kinds::decision::short_date(date));
    let noi_ngay = format::date_line(&awarded.dia_danh, format::IssueDate::Issued(date));
    let place = |key: &'static str, value: String| {
        file.vi_tri.get(key).map(|o| Placed { ten: key, noi_dung: format!("{}{value}", o.truoc), o: o.clone() })
    };
    let trang: Vec<Vec<Placed>> = awarded
        .nominees
        .iter()
        .enumerate()
        .map(|(k, n)| {
            let unit = match n.doi_tuong {
                Nominee::Individual => n.chuc_vu_don_vi.clone().unwrap_or_default(),
                Nominee::Collective => String::new(),
            };
            let register = file.so_vao_so_dau.map(|s| (s.0 as usize + k).to_string()).unwrap_or_default();
            [
                place("ten", n.ten.clone()),
                place("don_vi", unit),
                place("thanh_tich", thanh_tich.clone()),
                place("quyet_dinh", quyet_dinh.clone()),
                place("noi_ngay", noi_ngay.clone()),
                place("so_vao_so", register),
            ]
            .into_iter()
            .flatten()
            .filter(|p| !p.noi_dung.trim().is_empty())
            .collect()
        })
        .collect();
    let truong: Vec<Placed> = FIELDS
        .iter()
        .filter_map(|(key, what)| {
            file.vi_tri.get(*key).map(|o| Placed { ten: key, o: o.clone(), noi_dung: (*what).to_string() })
        })
        .collect();
    let ctx = CertificateContext { loai: KIND.key, kho, trang, truong, hinh_thuc: awarded.hinh_thuc.clone() };
    let count = ctx.trang.len();
    let title = title_of(KIND, &format!("{} ({count} bản)", awarded.hinh_thuc));
    let stem = input.rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let author = crate::decree::markup::one_line(&awarded.tham_quyen);
    let parts = vec![
        Part::new(input.rel.with_extension("pdf"), &title, context(&author, &ctx)),
        Part::with_template(
            input.rel.with_file_name(format!("{stem}-can-chinh.pdf")),
            &format!("Trang căn chỉnh {}", awarded.hinh_thuc),
            context(&author, &ctx),
            CALIBRATION_TEMPLATE,
        ),
    ];
    Ok(Resolved { title, parts, problems: check.problems, ..Resolved::default() })
}
