//! The files a document inherits from: the agency's `co-quan.yaml` and the
//! congress's `dai-hoi.yaml`, and the keys every document file has (its
//! identity and the agency keys it may override), declared once for every
//! kind by [`document_file!`].

use serde::{Deserialize, Serialize};

use crate::source::values::{DateTime, DuThao, OneOrMany, Signer, Text};

/// Keys that an agency sets once and a document may override.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgencyFile {
    /// Tên cơ quan, tổ chức chủ quản (the parent agency), if any.
    pub co_quan_chu_quan: Option<Text>,
    /// Tên cơ quan, tổ chức ban hành văn bản.
    pub co_quan_ban_hanh: Option<Text>,
    /// The agency's name as written in a sentence (`Ủy ban nhân dân tỉnh Lai
    /// Châu trân trọng kính mời`); defaults to `co_quan_ban_hanh` on one line.
    pub ten_day_du: Option<Text>,
    /// The abbreviation used in the ký hiệu (`UBND` in `KH-UBND`).
    pub viet_tat: Option<Text>,
    /// Địa danh in the date line.
    pub dia_danh: Option<Text>,
    pub nguoi_ky: Option<Signer>,
    pub noi_nhan: Option<Vec<Text>>,
    pub luu: Option<OneOrMany>,
    /// Ô 13: the agency's address, phone, fax, e-mail and website, under a
    /// rule at the foot of page 1.
    pub dia_chi: Option<Text>,
    pub dien_thoai: Option<Text>,
    pub fax: Option<Text>,
    pub email: Option<Text>,
    pub website: Option<Text>,
    /// Margins in millimetres, each within the decree's range.
    pub le: Option<Margins>,
    /// How a draft is marked: `khung` (a frame under the Số line, the
    /// default) or `cheo` (across each page).
    pub kieu_du_thao: Option<Text>,
    /// The agency's seal (PNG, transparent, red) in its folder, and its real
    /// diameter in millimetres, for electronically issued documents.
    pub anh_con_dau: Option<Text>,
    pub con_dau_mm: Option<f64>,
}

/// A phụ lục (Mẫu 2.1) of a document: its name and its body, numbered as a
/// plan's.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnexFile {
    pub ten: Text,
    pub noi_dung: Vec<crate::source::entry::Entry>,
    /// In its own PDF beside the document's, rather than after it.
    #[serde(default)]
    pub tep_rieng: bool,
}

/// Margins an agency chooses (mm), each within the decree's range.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub tren: Option<f64>,
    pub duoi: Option<f64>,
    pub trai: Option<f64>,
    pub phai: Option<f64>,
}

/// The facts every document of one congress shares (`dai-hoi.yaml`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CongressFile {
    /// The congress's name.
    pub ten: Text,
    /// The period it reviews (`2019-2024`).
    pub giai_doan: Option<Text>,
    /// When it opens.
    pub thoi_gian: Option<DateTime>,
    /// Where it is held.
    pub dia_diem: Option<Text>,
    /// Who chairs it.
    pub chu_tri: Option<Text>,
    /// The award forms proposed at the congress, highest first
    /// (`Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh`). A report's `de_nghi`
    /// must be one of them, and the list of nominees follows this order.
    #[serde(default)]
    pub khen_thuong: Vec<Text>,
    /// The achievement reports' form label; `Mẫu số 08` when absent.
    pub mau_so: Option<Text>,
    /// The decree the form comes from; `Nghị định số 98/2023/NĐ-CP` when
    /// absent.
    pub nghi_dinh: Option<Text>,
    /// The campaign the reports are for (`phong trào thi đua Quyết thắng
    /// giai đoạn 2019-2024`), printed under their title.
    pub dot_thi_dua: Option<Text>,
}

impl CongressFile {
    /// The congress with its period: `Đại hội … giai đoạn 2019-2024`.
    pub fn full_name(&self) -> String {
        match &self.giai_doan {
            Some(p) => format!("{} giai đoạn {}", self.ten.as_str().trim(), p.as_str().trim()),
            None => self.ten.as_str().trim().to_string(),
        }
    }
}

/// The identity keys of a document file, whatever its kind.
pub struct Identity<'a> {
    pub so: Option<u32>,
    pub ngay: Option<chrono::NaiveDate>,
    pub nam: Option<i32>,
    /// A draft's month, when already known.
    pub thang: Option<u32>,
    pub ky_hieu: Option<&'a Text>,
    pub du_thao: Option<&'a DuThao>,
    /// Ô 9a, 10a, 10b, 11 and 12: the recipients addressed, the secrecy and
    /// urgency marks, the circulation mark, the drafter and the copies.
    pub kinh_gui: Option<&'a OneOrMany>,
    pub do_mat: Option<&'a Text>,
    pub do_khan: Option<&'a Text>,
    pub luu_hanh: Option<&'a Text>,
    pub nguoi_soan_thao: Option<&'a Text>,
    pub so_ban_phat_hanh: Option<u32>,
    pub so_ban_luu: Option<u32>,
    /// Issued electronically: the signature and seal images are placed.
    pub ban_dien_tu: bool,
    /// Its phụ lục, after its signature in its PDF.
    pub phu_luc: &'a [AnnexFile],
    /// When it was signed (electronic issue): shown on a phụ lục in its own
    /// file (ô 8).
    pub thoi_gian_ky: Option<chrono::NaiveDateTime>,
}

/// Declares a document kind's file struct: the keys of [`AgencyFile`] (which
/// a document may override) and the identity keys every document has, plus
/// the kind's own keys.
macro_rules! document_file {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The kind (`ke-hoach`).
            pub loai: $crate::source::values::Text,
            /// Số: absent for a draft.
            pub so: Option<$crate::source::values::Number>,
            /// Ngày ban hành: absent for a draft.
            pub ngay: Option<$crate::source::values::Date>,
            /// The year of a draft's date line.
            pub nam: Option<$crate::source::values::Year>,
            /// A draft's month, when already known (`tháng 9`).
            pub thang: Option<$crate::source::values::Number>,
            /// The full ký hiệu when it is not `<kind>-<viet_tat>`.
            pub ky_hieu: Option<$crate::source::values::Text>,
            /// The mark across a draft's pages.
            pub du_thao: Option<$crate::source::values::DuThao>,
            pub co_quan_chu_quan: Option<$crate::source::values::Text>,
            pub co_quan_ban_hanh: Option<$crate::source::values::Text>,
            pub ten_day_du: Option<$crate::source::values::Text>,
            pub viet_tat: Option<$crate::source::values::Text>,
            pub dia_danh: Option<$crate::source::values::Text>,
            pub nguoi_ky: Option<$crate::source::values::Signer>,
            pub noi_nhan: Option<Vec<$crate::source::values::Text>>,
            pub luu: Option<$crate::source::values::OneOrMany>,
            pub dia_chi: Option<$crate::source::values::Text>,
            pub dien_thoai: Option<$crate::source::values::Text>,
            pub fax: Option<$crate::source::values::Text>,
            pub email: Option<$crate::source::values::Text>,
            pub website: Option<$crate::source::values::Text>,
            pub le: Option<$crate::source::shared::Margins>,
            pub kieu_du_thao: Option<$crate::source::values::Text>,
            pub anh_con_dau: Option<$crate::source::values::Text>,
            pub con_dau_mm: Option<f64>,
            /// Issued electronically (signature and seal images).
            #[serde(default)]
            pub ban_dien_tu: bool,
            /// Its phụ lục (Mẫu 2.1), after the signature.
            #[serde(default)]
            pub phu_luc: Vec<$crate::source::shared::AnnexFile>,
            /// When it was signed (electronic issue).
            pub thoi_gian_ky: Option<$crate::source::values::DateTime>,
            /// Kính gửi: one recipient or several.
            pub kinh_gui: Option<$crate::source::values::OneOrMany>,
            /// Độ mật: `MẬT`, `TỐI MẬT`, `TUYỆT MẬT`.
            pub do_mat: Option<$crate::source::values::Text>,
            /// Mức độ khẩn: `HỎA TỐC`, `THƯỢNG KHẨN`, `KHẨN`.
            pub do_khan: Option<$crate::source::values::Text>,
            /// Phạm vi lưu hành: `LƯU HÀNH NỘI BỘ`, `XEM XONG TRẢ LẠI`.
            pub luu_hanh: Option<$crate::source::values::Text>,
            /// The drafter's initials (ô 12).
            pub nguoi_soan_thao: Option<$crate::source::values::Text>,
            /// Copies issued (ô 12).
            pub so_ban_phat_hanh: Option<$crate::source::values::Number>,
            /// Copies archived by the drafting unit, after the Lưu line.
            pub so_ban_luu: Option<$crate::source::values::Number>,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $name {
            /// Its number, date, year and ký hiệu.
            pub fn identity(&self) -> $crate::source::shared::Identity<'_> {
                $crate::source::shared::Identity {
                    so: self.so.map(|n| n.0),
                    ngay: self.ngay.map(|d| d.0),
                    nam: self.nam.map(|y| y.0),
                    thang: self.thang.map(|m| m.0),
                    ky_hieu: self.ky_hieu.as_ref(),
                    du_thao: self.du_thao.as_ref(),
                    kinh_gui: self.kinh_gui.as_ref(),
                    do_mat: self.do_mat.as_ref(),
                    do_khan: self.do_khan.as_ref(),
                    luu_hanh: self.luu_hanh.as_ref(),
                    nguoi_soan_thao: self.nguoi_soan_thao.as_ref(),
                    so_ban_phat_hanh: self.so_ban_phat_hanh.map(|n| n.0),
                    so_ban_luu: self.so_ban_luu.map(|n| n.0),
                    ban_dien_tu: self.ban_dien_tu,
                    phu_luc: &self.phu_luc,
                    thoi_gian_ky: self.thoi_gian_ky.map(|t| t.0),
                }
            }

            /// The keys an agency may set, as this document overrides them.
            pub fn agency_overrides(&self) -> $crate::source::shared::AgencyFile {
                $crate::source::shared::AgencyFile {
                    co_quan_chu_quan: self.co_quan_chu_quan.clone(),
                    co_quan_ban_hanh: self.co_quan_ban_hanh.clone(),
                    ten_day_du: self.ten_day_du.clone(),
                    viet_tat: self.viet_tat.clone(),
                    dia_danh: self.dia_danh.clone(),
                    nguoi_ky: self.nguoi_ky.clone(),
                    noi_nhan: self.noi_nhan.clone(),
                    luu: self.luu.clone(),
                    dia_chi: self.dia_chi.clone(),
                    dien_thoai: self.dien_thoai.clone(),
                    fax: self.fax.clone(),
                    email: self.email.clone(),
                    website: self.website.clone(),
                    le: self.le.clone(),
                    kieu_du_thao: self.kieu_du_thao.clone(),
                    anh_con_dau: self.anh_con_dau.clone(),
                    con_dau_mm: self.con_dau_mm,
                }
            }
        }
    };
}
pub(crate) use document_file;

/// The keys that make a document issued rather than a draft, read leniently
/// from any document file (whatever their values).
#[derive(Deserialize, Default)]
pub struct IssueKeys {
    #[serde(default)]
    pub so: Option<serde_yaml::Value>,
    #[serde(default)]
    pub ngay: Option<serde_yaml::Value>,
}

impl IssueKeys {
    /// The keys of the YAML `text` (none when it does not read).
    pub fn read(text: &str) -> IssueKeys {
        serde_yaml::from_str(text).unwrap_or_default()
    }

    /// Whether a document of a kind that is `numbered` (or not) is issued:
    /// it has a date, and a number when its kind has one.
    pub fn issued(&self, numbered: bool) -> bool {
        let set = |v: &Option<serde_yaml::Value>| v.as_ref().is_some_and(|v| !v.is_null());
        set(&self.ngay) && (set(&self.so) || !numbered)
    }
}

/// Just the `loai:` of a document, read before the whole file.
#[derive(Deserialize)]
pub struct KindOnly {
    pub loai: Option<Text>,
}
