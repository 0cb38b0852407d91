//! The typed shape of a KỊCH BẢN file and of its programme items.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};

use crate::source::invitees::Invitees;
use crate::source::shared::document_file;
use crate::source::values::{Count, OneOrMany, Text, Time, plain_text};

document_file! {
    /// A KỊCH BẢN ĐIỀU HÀNH ĐẠI HỘI: the programme as the MC reads it, with
    /// the delegates from the invitee list and the awards from the reports.
    pub struct ScriptFile {
        /// Under `KỊCH BẢN`; defaults to `Điều hành <Đại hội>`.
        pub trich_yeu: Option<Text>,
        /// When the first item starts; defaults to the congress's time.
        pub bat_dau: Option<Time>,
        /// The MC (người dẫn chương trình).
        pub dan_chuong_trinh: Option<Text>,
        /// The invitees, as for a GIẤY MỜI: a list, or a spreadsheet's name.
        pub khach_moi: Option<Invitees>,
        /// The folder of the achievement reports, beside this file.
        pub bao_cao: Option<Text>,
        /// At most this many people on stage per award batch.
        pub moi_dot: Option<Count>,
        /// Who presents each award form.
        #[serde(default)]
        pub trao_thuong: Vec<Presenter>,
        /// The programme, in order; the standard one when absent.
        pub chuong_trinh: Option<Vec<ScriptItem>>,
    }
}

/// Who presents an award form at the ceremony.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Presenter {
    pub hinh_thuc: Text,
    pub nguoi_trao: Text,
    /// The award decision, announced before the batches.
    pub quyet_dinh: Option<Text>,
}

/// A tham luận: who speaks, and on what.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Speech {
    pub nguoi: Text,
    pub chu_de: Text,
    pub thoi_luong: Option<Count>,
}

/// One item of the programme: a standard one by its key (`- chao-co`, or
/// `- muc: chao-co` with overrides), or the user's own (`noi_dung:`).
#[derive(Debug, Clone, Default)]
pub struct ScriptItem {
    pub muc: Option<Text>,
    pub noi_dung: Option<Text>,
    pub loi_dan: Option<OneOrMany>,
    pub nguoi: Option<Text>,
    pub thoi_luong: Option<Count>,
    pub tham_luan: Vec<Speech>,
    pub doan_chu_tich: Vec<Text>,
    pub thu_ky: Vec<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScriptItemFields {
    muc: Option<Text>,
    noi_dung: Option<Text>,
    loi_dan: Option<OneOrMany>,
    nguoi: Option<Text>,
    thoi_luong: Option<Count>,
    #[serde(default)]
    tham_luan: Vec<Speech>,
    #[serde(default)]
    doan_chu_tich: Vec<Text>,
    #[serde(default)]
    thu_ky: Vec<Text>,
}

impl<'de> Deserialize<'de> for ScriptItem {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = ScriptItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("tên một mục chuẩn (ví dụ `chao-co`), hoặc một mục `muc:`/`noi_dung:` với các khóa của nó")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<ScriptItem, E> {
                Ok(ScriptItem { muc: Some(plain_text(s).map_err(E::custom)?), ..ScriptItem::default() })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ScriptItem, A::Error> {
                let f = ScriptItemFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                if f.muc.is_none() && f.noi_dung.is_none() {
                    return Err(de::Error::custom(
                        "mỗi mục cần `muc:` (một mục chuẩn) hoặc `noi_dung:` (tên mục tự đặt)",
                    ));
                }
                Ok(ScriptItem {
                    muc: f.muc,
                    noi_dung: f.noi_dung,
                    loi_dan: f.loi_dan,
                    nguoi: f.nguoi,
                    thoi_luong: f.thoi_luong,
                    tham_luan: f.tham_luan,
                    doan_chu_tich: f.doan_chu_tich,
                    thu_ky: f.thu_ky,
                })
            }
        }
        d.deserialize_any(V)
    }
}
