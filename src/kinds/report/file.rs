//! The typed shape of a BÁO CÁO THÀNH TÍCH file.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::decree::format::ascii_fold;
use crate::source::entry::Entry;
use crate::source::values::{Date, DuThao, OneOrMany, Text, Year};

/// Who a Mẫu số 08 report is for: its two variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Nominee {
    #[serde(rename = "tap-the")]
    Collective,
    #[serde(rename = "ca-nhan")]
    Individual,
}

impl Nominee {
    /// How the key is written in YAML.
    pub fn key(self) -> &'static str {
        match self {
            Nominee::Collective => "tap-the",
            Nominee::Individual => "ca-nhan",
        }
    }

    /// In a sentence: `tập thể`, `cá nhân`.
    pub fn words(self) -> &'static str {
        match self {
            Nominee::Collective => "tập thể",
            Nominee::Individual => "cá nhân",
        }
    }
}

impl<'de> Deserialize<'de> for Nominee {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // A visitor, so serde_yaml places an error at the value.
        struct V;
        impl Visitor<'_> for V {
            type Value = Nominee;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`tap-the` hoặc `ca-nhan`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Nominee, E> {
                // `tap-the`, `tập thể`, `Tập thể`, `tap_the` all mean the same.
                let folded: String =
                    ascii_fold(s).chars().map(|c| if c == '-' || c == '_' { ' ' } else { c }).collect();
                match folded.split_whitespace().collect::<Vec<_>>().join(" ").as_str() {
                    "tap the" => Ok(Nominee::Collective),
                    "ca nhan" => Ok(Nominee::Individual),
                    _ => Err(E::custom(format!(
                        "`{}` không phải đối tượng của mẫu báo cáo thành tích; ghi `tap-the` (tập thể) hoặc `ca-nhan` (cá nhân)",
                        s.trim()
                    ))),
                }
            }
        }
        d.deserialize_str(V)
    }
}

/// The general information of a report (section I). The keys of both
/// variants are read here; which ones a variant may use is checked after.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportInfo {
    // Tập thể.
    /// Trụ sở chính.
    pub tru_so: Option<Text>,
    pub dien_thoai: Option<Text>,
    pub email: Option<Text>,
    pub website: Option<Text>,
    /// Cơ cấu tổ chức, tổng số cán bộ…
    pub co_cau_to_chuc: Option<Text>,
    /// Chức năng, nhiệm vụ được giao.
    pub chuc_nang_nhiem_vu: Option<OneOrMany>,
    // Cá nhân.
    pub gioi_tinh: Option<Text>,
    pub ngay_sinh: Option<Date>,
    pub dan_toc: Option<Text>,
    pub que_quan: Option<Text>,
    /// Nơi ở hiện nay.
    pub noi_o: Option<Text>,
    /// Military rank.
    pub cap_bac: Option<Text>,
    pub ngay_vao_dang: Option<Date>,
    /// Trình độ chuyên môn, nghiệp vụ.
    pub trinh_do: Option<Text>,
    pub ly_luan_chinh_tri: Option<Text>,
    pub qua_trinh_cong_tac: Option<OneOrMany>,
    // Both.
    /// More entries, numbered after the ones above.
    #[serde(default)]
    pub noi_dung: Vec<Entry>,
}

/// A row of a table of earlier emulation titles.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TitleRow {
    pub nam: Text,
    pub danh_hieu: Text,
    /// Số, ngày của quyết định, cơ quan ban hành.
    pub quyet_dinh: Text,
}

/// A row of a table of earlier awards.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AwardRow {
    pub nam: Text,
    pub hinh_thuc: Text,
    /// Số, ngày của quyết định, cơ quan ban hành.
    pub quyet_dinh: Text,
}

/// Someone who signs a report: a title and a name, either of which may be
/// left for the pen.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSigner {
    pub chuc_vu: Option<Text>,
    pub ho_ten: Option<Text>,
}

/// A BÁO CÁO THÀNH TÍCH (Mẫu số 08 of Nghị định 98/2023/NĐ-CP), one per
/// nominee. It has no agency header, number or recipients.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFile {
    pub loai: Text,
    /// Tập thể or cá nhân.
    pub doi_tuong: Nominee,
    /// The award form proposed.
    pub de_nghi: Text,
    /// Posthumous (`ĐỀ NGHỊ TRUY TẶNG`), for an individual.
    #[serde(default)]
    pub truy_tang: bool,
    /// The unit's or the person's full name.
    pub ten: Text,
    /// An individual's position and unit.
    pub chuc_vu: Option<Text>,
    pub don_vi: Option<Text>,
    /// One sentence for the list of nominees.
    pub tom_tat: Option<Text>,
    pub dia_danh: Option<Text>,
    pub ngay: Option<Date>,
    pub nam: Option<Year>,
    /// The mark across a draft's pages (a report without `ngay`).
    pub du_thao: Option<DuThao>,
    pub mau_so: Option<Text>,
    pub nghi_dinh: Option<Text>,
    pub dot_thi_dua: Option<Text>,
    pub thong_tin_chung: ReportInfo,
    pub thanh_tich: Vec<Entry>,
    #[serde(default)]
    pub danh_hieu_da_dat: Vec<TitleRow>,
    #[serde(default)]
    pub khen_thuong_da_nhan: Vec<AwardRow>,
    /// The unit's head.
    pub thu_truong: Option<ReportSigner>,
    /// The level that forwards a collective's proposal.
    pub xac_nhan: Option<ReportSigner>,
}
