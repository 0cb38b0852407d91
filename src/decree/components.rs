//! The decree's other components (Nghị định 30/2020, Phụ lục I, mục II.8,
//! III), checked and put in the words they print as: Kính gửi (ô 9a), the
//! secrecy and urgency marks (ô 10a, 10b), the circulation mark (ô 11), the
//! drafter and copies (ô 12), the agency's address (ô 13), the margins an
//! agency chooses, and how a draft is marked. Where they are laid out is
//! `templates/vanban.typ`'s concern.

use serde::Serialize;

use crate::decree::check::{Checker, clean, non_blank};
use crate::decree::format;
use crate::document::Kind;
use crate::source::images::{self, Image};
use crate::source::shared::{AgencyFile, Identity, Margins};
use crate::source::values::Text;

/// The components a document shows besides its header, body and signature.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Components {
    /// Ô 9a: the recipients addressed, each with its end mark (`;`, the last
    /// `.`); empty when none.
    pub kinh_gui: Vec<String>,
    /// Ô 10a: `MẬT`, `TỐI MẬT` or `TUYỆT MẬT`.
    pub do_mat: Option<String>,
    /// Ô 10b: `HỎA TỐC`, `THƯỢNG KHẨN` or `KHẨN`.
    pub do_khan: Option<String>,
    /// Ô 11: `LƯU HÀNH NỘI BỘ`, `XEM XONG TRẢ LẠI`…
    pub luu_hanh: Option<String>,
    /// Ô 12: the drafter's initials and the copies issued (`NVA(30)`).
    pub soan_thao: Option<String>,
    /// Ô 13: the agency's address, then its phone, fax, e-mail and website.
    pub lien_he: Vec<String>,
    /// The margins (mm) when the agency chose them: top, bottom, left, right.
    pub le: Option<[f64; 4]>,
    /// A draft's mark: in a frame under the Số line (`khung`) or across each
    /// page (`cheo`).
    pub kieu_du_thao: &'static str,
    /// An electronic issue's images (ô 7c, 8).
    pub ky_dien_tu: Option<Electronic>,
    /// Its phụ lục, after the signature.
    pub phu_luc: Vec<Annex>,
    /// The line a phụ lục of this document prints under its name, for the
    /// phụ lục a kind composes itself (a tờ trình's list): `Kèm theo Tờ
    /// trình số …`, without the brackets. Not in the template context, where
    /// `kem_theo` is a list's own line under its title.
    #[serde(skip)]
    pub kem_theo: String,
    /// Ô 8 on a phụ lục in its own file of an electronic issue: the
    /// document's số ký hiệu and when it was signed (ISO 8601, Vietnam's
    /// offset).
    pub o_8: Option<[String; 2]>,
}

/// A phụ lục as laid out (Mẫu 2.1): `Phụ lục I`, its name, the line naming
/// the document it goes with, its body.
#[derive(Debug, Clone, Serialize)]
pub struct Annex {
    /// `I`, `II`… when there are several; empty for a single one.
    pub so: String,
    pub ten: String,
    /// `Kèm theo Kế hoạch số 05/KH-UBND ngày 07 tháng 3 năm 2024 của Ủy ban
    /// nhân dân tỉnh Lai Châu`, without the brackets.
    pub kem_theo: String,
    pub noi_dung: Vec<crate::decree::numbering::Block>,
    /// In its own PDF beside the document's.
    pub rieng: bool,
}

/// The images an electronically issued document carries: the signature
/// between the chức vụ and the name, the seal at its real size over a third
/// of it.
#[derive(Debug, Clone, Serialize)]
pub struct Electronic {
    pub chu_ky: Image,
    pub con_dau: Image,
    pub con_dau_mm: f64,
}

/// The secrecy marks, as the law on state secrets names them.
const SECRECY: [&str; 3] = ["MẬT", "TỐI MẬT", "TUYỆT MẬT"];
/// The urgency marks (Phụ lục I: HỎA TỐC, THƯỢNG KHẨN, KHẨN).
const URGENCY: [&str; 3] = ["HỎA TỐC", "THƯỢNG KHẨN", "KHẨN"];

/// The decree's margin ranges (mm): top, bottom, left, right.
const MARGINS: [(&str, &str, f64, f64); 4] = [
    ("tren", "trên", 20.0, 25.0),
    ("duoi", "dưới", 20.0, 25.0),
    ("trai", "trái", 30.0, 35.0),
    ("phai", "phải", 15.0, 20.0),
];

/// The margins `vanban.typ` uses when an agency sets none, in the same order
/// (mm); an agency setting some margins keeps these for the others.
const DEFAULT_MARGINS: [f64; 4] = [20.0, 20.0, 30.0, 15.0];

/// The ký hiệu of a document (`KH-UBND`): its own `ky_hieu`, else its kind's
/// symbol and the agency's abbreviation (the document's over the agency's).
pub fn symbol(kind: Kind, id: &Identity, own: &AgencyFile, agency: &AgencyFile) -> String {
    match id.ky_hieu {
        Some(k) => k.as_str().trim().to_string(),
        None => {
            format!("{}-{}", kind.symbol, clean(&own.viet_tat).or_else(|| clean(&agency.viet_tat)).unwrap_or_default())
        }
    }
}

/// One of `allowed`, written in any case; an error naming `key` otherwise.
fn one_of(key: &str, value: Option<&Text>, allowed: &[&str], check: &mut Checker) -> Option<String> {
    let typed = value?.as_str().trim();
    let upper = typed.to_uppercase();
    match allowed.iter().find(|a| **a == upper) {
        Some(a) => Some(a.to_string()),
        None => {
            let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
            check.text(
                key,
                typed,
                format!("`{key}: {typed}` không phải một mức Nghị định quy định: ghi một trong {list}"),
            );
            None
        }
    }
}

/// Checks and puts in words the components of a document of `kind`, from
/// its own keys (`id`) and its agency's (`own` over `agency`).
pub fn components(kind: Kind, id: &Identity, own: &AgencyFile, agency: &AgencyFile, check: &mut Checker) -> Components {
    let pick = |mine: &Option<Text>, theirs: &Option<Text>| clean(mine).or_else(|| clean(theirs));
    // Ô 9a: only on the kinds sent to someone.
    let kinh_gui = id.kinh_gui.map(|k| non_blank(&k.0)).unwrap_or_default();
    if !kinh_gui.is_empty() && !kind.addressed {
        check.key(
            "kinh_gui",
            format!(
                "{} không có dòng Kính gửi (Nghị định 30/2020 chỉ dùng cho tờ trình, báo cáo gửi cấp trên và công văn): \
                 bỏ khóa `kinh_gui`, người nhận ghi trong `noi_nhan`",
                kind.name.to_lowercase()
            ),
        );
    }
    let n = kinh_gui.len();
    let kinh_gui = kinh_gui
        .iter()
        .enumerate()
        .map(|(i, k)| format::with_end_mark(k, if i + 1 == n { '.' } else { ';' }))
        .collect();

    // Ô 12: the drafter's initials in capitals, then the copies issued.
    let soan_thao = match (clean(&id.nguoi_soan_thao.cloned()), id.so_ban_phat_hanh) {
        (None, None) => None,
        (None, Some(_)) => {
            check.key(
                "so_ban_phat_hanh",
                "số bản phát hành ghi sau ký hiệu người soạn thảo: thêm `nguoi_soan_thao: NVA`",
            );
            None
        }
        (Some(who), copies) => {
            if !who.chars().all(|c| c.is_alphabetic() && c.is_uppercase()) {
                check.text(
                    "nguoi_soan_thao",
                    &who,
                    format!("`nguoi_soan_thao: {who}` phải là chữ viết tắt tên người soạn thảo, chữ in hoa liền nhau (ví dụ `NVA`)"),
                );
            }
            Some(match copies {
                Some(c) => format!("{who}({c})"),
                None => who,
            })
        }
    };

    // Ô 13: the address, then the other ways to reach the agency.
    let mut lien_he = Vec::new();
    if let Some(a) = pick(&own.dia_chi, &agency.dia_chi) {
        lien_he.push(format!("Địa chỉ: {a}"));
    }
    let reach: Vec<String> = [
        ("ĐT", pick(&own.dien_thoai, &agency.dien_thoai)),
        ("Fax", pick(&own.fax, &agency.fax)),
        ("E-mail", pick(&own.email, &agency.email)),
        ("Website", pick(&own.website, &agency.website)),
    ]
    .into_iter()
    .filter_map(|(label, v)| v.map(|v| format!("{label}: {v}")))
    .collect();
    if !reach.is_empty() {
        lien_he.push(reach.join("; "));
    }

    let le = own.le.as_ref().or(agency.le.as_ref()).map(|m| margins(m, check));
    let kieu_du_thao = match pick(&own.kieu_du_thao, &agency.kieu_du_thao).as_deref() {
        None | Some("khung") => "khung",
        Some("cheo") => "cheo",
        Some(other) => {
            check.key(
                "kieu_du_thao",
                format!("`kieu_du_thao: {other}` không rõ: ghi `khung` (khung dưới dòng Số, mặc định) hoặc `cheo` (chữ chéo trang)"),
            );
            "khung"
        }
    };
    let ky_dien_tu = if id.ban_dien_tu { electronic(kind, id, own, agency, check) } else { None };
    if !id.phu_luc.is_empty() && kind.key == "danh-sach-khen-thuong" {
        check.key("phu_luc", "danh sách đã là văn bản kèm theo tờ trình, không có phụ lục riêng: bỏ khóa `phu_luc`");
    }
    let phu_luc = annexes(kind, id, own, agency, check);
    let separate = phu_luc.iter().any(|a| a.rieng);
    if separate && ["giay-moi", "danh-sach-khen-thuong"].contains(&kind.key) {
        check.key("phu_luc", format!("phụ lục của {} in cùng tệp: bỏ `tep_rieng`", kind.name.to_lowercase()));
    }
    let o_8 = match (id.ban_dien_tu && separate, id.thoi_gian_ky) {
        (true, Some(t)) => Some([
            format::number_symbol(id.so, &symbol(kind, id, own, agency)),
            t.format("%Y-%m-%dT%H:%M:%S+07:00").to_string(),
        ]),
        (true, None) => {
            check.key(
                "thoi_gian_ky",
                "phụ lục in tệp riêng của văn bản phát hành điện tử ghi số ký hiệu và thời gian ký (ô 8): thêm \
                 `thoi_gian_ky: 08/07/2024 09:30:15`",
            );
            None
        }
        (false, _) => None,
    };
    Components {
        o_8,
        ky_dien_tu,
        phu_luc,
        kem_theo: attached_line(kind, id, own, agency),
        kinh_gui,
        do_mat: one_of("do_mat", id.do_mat, &SECRECY, check),
        do_khan: one_of("do_khan", id.do_khan, &URGENCY, check),
        luu_hanh: clean(&id.luu_hanh.cloned()),
        soan_thao,
        lien_he,
        le,
        kieu_du_thao,
    }
}

/// The margins an agency chose, each checked against the decree's range.
fn margins(m: &Margins, check: &mut Checker) -> [f64; 4] {
    let mut out = DEFAULT_MARGINS;
    for (i, (value, (key, name, lo, hi))) in [m.tren, m.duoi, m.trai, m.phai].into_iter().zip(MARGINS).enumerate() {
        let Some(v) = value else { continue };
        if !(lo..=hi).contains(&v) {
            check.key(
                &format!("le.{key}"),
                format!("lề {name} {v} mm nằm ngoài khoảng Nghị định 30/2020 cho phép ({lo}–{hi} mm): sửa `le.{key}`"),
            );
        }
        out[i] = v;
    }
    out
}

/// The signature and seal images of an electronic issue, each read from the
/// agency's folder; an error naming the key when one is missing or unusable.
fn electronic(
    kind: Kind,
    id: &Identity,
    own: &AgencyFile,
    agency: &AgencyFile,
    check: &mut Checker,
) -> Option<Electronic> {
    if id.ngay.is_none() || (kind.numbered && id.so.is_none()) {
        check.key(
            "ban_dien_tu",
            "chỉ văn bản ban hành (có số và ngày) mới phát hành điện tử: bỏ `ban_dien_tu` khỏi dự thảo",
        );
        return None;
    }
    let file = check.file.clone();
    let mut image = |key: &str, typed: Option<String>, what: &str| match typed {
        None => {
            check.key(
                key,
                format!("văn bản phát hành điện tử cần {what}: ghi `{key}: <tệp>.png` (tệp trong thư mục cơ quan)"),
            );
            None
        }
        Some(t) => match images::read(&file, &t) {
            Ok(img) => Some(img),
            Err(m) => {
                check.text(key, &t, format!("`{key}`: {m}"));
                None
            }
        },
    };
    let signer = own.nguoi_ky.as_ref().or(agency.nguoi_ky.as_ref());
    let chu_ky = image("nguoi_ky.anh_chu_ky", signer.and_then(|s| clean(&s.anh_chu_ky)), "ảnh chữ ký của người ký");
    let con_dau = image("anh_con_dau", clean(&own.anh_con_dau).or_else(|| clean(&agency.anh_con_dau)), "ảnh con dấu");
    let mm = own.con_dau_mm.or(agency.con_dau_mm);
    match mm {
        None => check.key(
            "con_dau_mm",
            "ghi đường kính thật của con dấu (mm), ví dụ `con_dau_mm: 36`, để ảnh con dấu in đúng cỡ",
        ),
        Some(d) if !(20.0..=60.0).contains(&d) => check.key(
            "con_dau_mm",
            format!("con dấu đường kính {d} mm không hợp lý: ghi đường kính thật (thường 30–42 mm)"),
        ),
        _ => {}
    }
    Some(Electronic { chu_ky: chu_ky?, con_dau: con_dau?, con_dau_mm: mm? })
}

/// A document's phụ lục, numbered `I`, `II`… when there are several, each
/// naming the document: its number and date (blank in a draft, and in an
/// electronic issue, whose signing system gives them) and its agency.
fn annexes(kind: Kind, id: &Identity, own: &AgencyFile, agency: &AgencyFile, check: &mut Checker) -> Vec<Annex> {
    let n = id.phu_luc.len();
    let kem_theo = attached_line(kind, id, own, agency);
    id.phu_luc
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let key = format!("phu_luc[{i}].noi_dung");
            let how = crate::decree::numbering::Numbering { key: &key, ..crate::decree::numbering::Numbering::PLAN };
            let noi_dung = crate::decree::numbering::number_entries(&a.noi_dung, how, check);
            let ten = a.ten.as_str().trim().to_string();
            if ten.is_empty() {
                check.key(&format!("phu_luc[{i}].ten"), "phụ lục cần tên: ghi `ten: …`");
            }
            Annex {
                so: if n > 1 { format::roman(i as u32 + 1) } else { String::new() },
                ten,
                kem_theo: kem_theo.clone(),
                noi_dung,
                rieng: a.tep_rieng,
            }
        })
        .collect()
}

/// The line under a phụ lục's name naming the document it goes with: its
/// number and date (blank in a draft, and in an electronic issue, whose
/// signing system gives them) and its agency.
fn attached_line(kind: Kind, id: &Identity, own: &AgencyFile, agency: &AgencyFile) -> String {
    let who = clean(&own.ten_day_du)
        .or_else(|| clean(&agency.ten_day_du))
        .or_else(|| {
            clean(&own.co_quan_ban_hanh).or_else(|| clean(&agency.co_quan_ban_hanh)).map(|c| one_line_title(&c))
        })
        .unwrap_or_default();
    let symbol = symbol(kind, id, own, agency);
    let blank = id.ban_dien_tu;
    let number = format::number_symbol(if blank { None } else { id.so }, &symbol);
    let date = match (id.ngay, blank) {
        (Some(d), false) => format::date_words(format::IssueDate::Issued(d)),
        (Some(d), true) => {
            format::date_words(format::IssueDate::Draft { year: chrono::Datelike::year(&d), month: None })
        }
        (None, _) => format::date_words(format::IssueDate::Draft { year: id.nam.unwrap_or_default(), month: id.thang }),
    };
    let name = sentence_case(kind.name);
    if kind.numbered {
        format!("Kèm theo {name} số {number} {date} của {who}")
    } else {
        format!("Kèm theo {name} {date} của {who}")
    }
}

/// `KẾ HOẠCH` → `Kế hoạch`: a kind's name as written in a sentence.
fn sentence_case(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut c = lower.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// An agency's name from its header lines, capitals kept, on one line.
fn one_line_title(c: &str) -> String {
    c.split_whitespace().collect::<Vec<_>>().join(" ")
}
