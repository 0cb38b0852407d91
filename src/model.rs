//! The typed shape of the YAML files: agency (`co-quan.yaml`), congress
//! (`dai-hoi.yaml`) and one struct per document kind. Unknown keys are
//! errors; every value type checks itself while it is read, so serde_yaml can
//! tie each error to its line, column and key.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A text value, normalised to NFC. Numbers and booleans written where text
/// is expected are taken as typed (`giai_doan: 2024`). A text prints exactly
/// as written; one tagged `!md` may hold `**bold**` and `*italic*` spans
/// (see [`crate::markup`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Text(pub String);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("một đoạn chữ")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
                plain_text(s).map_err(E::custom)
            }
            fn visit_enum<A: de::EnumAccess<'de>>(self, tagged: A) -> Result<Text, A::Error> {
                use de::VariantAccess;
                let (tag, value): (String, _) = tagged.variant()?;
                if tag != "md" {
                    return Err(de::Error::custom(format!(
                        "thẻ `!{tag}` không dùng được; chỉ có `!md` (đoạn có chữ **đậm**, *nghiêng*)"
                    )));
                }
                let text: String = value.newtype_variant()?;
                let Text(text) = plain_text(&text).map_err(de::Error::custom)?;
                Ok(Text(crate::markup::from_markdown(&text)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                // YAML has already rewritten it (`1.10` → 1.1): ask for quotes.
                Err(E::custom(format!(
                    "`{v}` được đọc như một số thập phân; hãy đặt trong ngoặc kép để in đúng như gõ"
                )))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(if v { "true" } else { "false" }.into()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A text as typed, in NFC. The four characters vanban uses inside for
/// bold and italic spans cannot be typed in data.
fn plain_text(s: &str) -> Result<Text, String> {
    match s.chars().find(|&c| crate::markup::is_marker(c)) {
        Some(c) => Err(format!("ký tự U+{:04X} (vùng dùng riêng) không dùng được trong dữ liệu; hãy xóa nó", c as u32)),
        None => Ok(Text(s.nfc().collect())),
    }
}

/// A `!md` text met where a string, a list or a map may stand.
fn tagged_text<'de, A: de::EnumAccess<'de>>(tagged: A) -> Result<Text, A::Error> {
    Text::deserialize(de::value::EnumAccessDeserializer::new(tagged))
}

/// A text that must not be blank.
fn non_blank<E: de::Error>(t: Text) -> Result<Text, E> {
    if t.0.trim().is_empty() { Err(E::custom("không được để trống")) } else { Ok(t) }
}

/// One or several strings: `luu: VT, TH4` or `luu: [VT, TH4]`; also used for
/// paragraphs (`mo_dau`) written as one string or a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct OneOrMany(pub Vec<Text>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("một đoạn chữ hoặc một danh sách")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![plain_text(s).map_err(E::custom)?]))
            }
            fn visit_enum<A: de::EnumAccess<'de>>(self, tagged: A) -> Result<OneOrMany, A::Error> {
                Ok(OneOrMany(vec![tagged_text(tagged)?]))
            }
            fn visit_unit<E: de::Error>(self) -> Result<OneOrMany, E> {
                Ok(OneOrMany::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(t) = seq.next_element::<Text>()? {
                    out.push(t);
                }
                Ok(OneOrMany(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// The number of a document (`so: 5` prints `05`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Number(pub u32);

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("số văn bản là một số nguyên dương (ví dụ `so: 5`)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                match u32::try_from(v) {
                    Ok(n) if n >= 1 => Ok(Number(n)),
                    _ => Err(E::custom(format!("số văn bản `{v}` không hợp lệ: cần một số nguyên từ 1 trở lên"))),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Err(E::custom(format!("số văn bản `{v}` không hợp lệ: cần một số nguyên từ 1 trở lên")))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Number, E> {
                match s.trim().parse::<u64>() {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format!(
                        "số văn bản `{s}` không hợp lệ: chỉ ghi số (ví dụ `so: 5`), không ghi ký hiệu"
                    ))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// `du_thao:` the mark printed across each page of a draft: `false` for
/// none, `true` for the usual `DỰ THẢO`, or the text itself
/// (`DỰ THẢO LẦN 2`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DuThao {
    Off,
    On,
    Text(String),
}

impl<'de> Deserialize<'de> for DuThao {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DuThao;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`false` (không in chữ dự thảo), `true`, hoặc chữ cần in, ví dụ `du_thao: DỰ THẢO LẦN 2`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<DuThao, E> {
                Ok(if v { DuThao::On } else { DuThao::Off })
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<DuThao, E> {
                let Text(t) = plain_text(s).map_err(E::custom)?;
                match t.trim() {
                    "" => Err(E::custom("không được để trống: ghi chữ cần in, hoặc `false` để không in")),
                    t if t.chars().count() > 40 => {
                        Err(E::custom("chữ dự thảo dài quá 40 ký tự: đây là dấu in chéo trang, ví dụ `DỰ THẢO LẦN 2`"))
                    }
                    t => Ok(DuThao::Text(t.to_string())),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A year (`nam: 2024`), used for the date line of a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Year(pub i32);

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Year;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("một năm, ví dụ `nam: 2024`")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Year, E> {
                if (1945..=2200).contains(&v) {
                    Ok(Year(v as i32))
                } else {
                    Err(E::custom(format!("năm `{v}` không hợp lệ")))
                }
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Year, E> {
                self.visit_i64(v.min(i64::MAX as u64) as i64)
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Year, E> {
                match s.trim().parse::<i64>() {
                    Ok(v) => self.visit_i64(v),
                    Err(_) => Err(E::custom(format!("năm `{s}` không hợp lệ, ví dụ `nam: 2024`"))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// A calendar date, written `07/03/2024` (day/month/year) or `2024-03-07`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// Templates see dates as `YYYY-MM-DD`, which the date filters read.
impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%d"))
    }
}

/// Parses a date as a Vietnamese office writes it; the error says why.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let s = s.trim();
    let parts: Vec<&str> = if s.contains('/') {
        s.split('/').collect()
    } else if s.contains('-') {
        let mut p: Vec<&str> = s.split('-').collect();
        p.reverse();
        p
    } else {
        Vec::new()
    };
    let nums: Option<Vec<u32>> = parts.iter().map(|p| p.trim().parse::<u32>().ok()).collect();
    match nums.as_deref() {
        Some(&[day, month, year]) if year >= 1000 => NaiveDate::from_ymd_opt(year as i32, month, day)
            .ok_or_else(|| format!("ngày `{s}` không có thật (ngày {day} tháng {month} năm {year} không tồn tại)")),
        _ => Err(format!("ngày `{s}` không đúng dạng; viết ngày/tháng/năm, ví dụ `07/03/2024`")),
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("một ngày dạng ngày/tháng/năm, ví dụ `07/03/2024`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Date, E> {
                parse_date(s).map(Date).map_err(E::custom)
            }
        }
        d.deserialize_str(V)
    }
}

/// A date and time, written `19/07/2024 07:30`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub NaiveDateTime);

/// Templates see a date and time as `YYYY-MM-DDTHH:MM`.
impl Serialize for DateTime {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0.format("%Y-%m-%dT%H:%M"))
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("ngày và giờ dạng `19/07/2024 07:30`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<DateTime, E> {
                let s = s.trim();
                let (date, time) = s.rsplit_once(' ').ok_or_else(|| {
                    E::custom(format!("`{s}` thiếu giờ; viết ngày/tháng/năm giờ:phút, ví dụ `19/07/2024 07:30`"))
                })?;
                let date = parse_date(date).map_err(E::custom)?;
                let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M")
                    .map_err(|_| E::custom(format!("giờ `{time}` không hợp lệ; viết giờ:phút, ví dụ `07:30`")))?;
                Ok(DateTime(date.and_time(time)))
            }
        }
        d.deserialize_str(V)
    }
}

/// A time of day, written `07:30` (or `7h30`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Time(pub chrono::NaiveTime);

impl<'de> Deserialize<'de> for Time {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Time;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("giờ dạng `07:30`")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Time, E> {
                let t = s.trim().replace(['h', 'H'], ":");
                let t = if t.ends_with(':') { format!("{t}00") } else { t };
                chrono::NaiveTime::parse_from_str(&t, "%H:%M")
                    .map(Time)
                    .map_err(|_| E::custom(format!("giờ `{}` không hợp lệ; viết giờ:phút, ví dụ `07:30`", s.trim())))
            }
        }
        d.deserialize_str(V)
    }
}

/// A whole number from 1: minutes, people per batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Count(pub u32);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("một số nguyên dương")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                match u32::try_from(v) {
                    Ok(n) if (1..=10_000).contains(&n) => Ok(Count(n)),
                    _ => Err(E::custom(format!("`{v}` không hợp lệ: cần một số nguyên từ 1 đến 10000"))),
                }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                Err(E::custom(format!("`{v}` không hợp lệ: cần một số nguyên từ 1 trở lên")))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Count, E> {
                // `10 phút` reads as 10.
                let digits = s.trim().trim_end_matches(|c: char| !c.is_ascii_digit()).trim();
                match digits.parse::<u64>() {
                    Ok(v) => self.visit_u64(v),
                    Err(_) => Err(E::custom(format!("`{s}` không phải một số; ghi số nguyên, ví dụ `10`"))),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// The prefixes of the signing authority (quyền hạn) the decree allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Authority {
    /// `TM.`: on behalf of a collective.
    Tm,
    /// `KT.`: a deputy signing for the head.
    Kt,
    /// `TL.`: by order of the head.
    Tl,
    /// `TUQ.`: by authorisation of the head.
    Tuq,
    /// `Q.`: acting head.
    Q,
}

impl Authority {
    pub const ALL: [Authority; 5] = [Authority::Tm, Authority::Kt, Authority::Tl, Authority::Tuq, Authority::Q];

    pub fn prefix(self) -> &'static str {
        match self {
            Authority::Tm => "TM.",
            Authority::Kt => "KT.",
            Authority::Tl => "TL.",
            Authority::Tuq => "TUQ.",
            Authority::Q => "Q.",
        }
    }

    fn parse(s: &str) -> Option<Authority> {
        let key = s.trim().trim_end_matches('.').to_uppercase();
        Authority::ALL.into_iter().find(|a| a.prefix().trim_end_matches('.') == key)
    }
}

/// `quyen_han: TM.` or, stacked, `quyen_han: [TM., KT.]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
#[serde(transparent)]
pub struct Authorities(pub Vec<Authority>);

impl<'de> Deserialize<'de> for Authorities {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        fn one<E: de::Error>(s: &str) -> Result<Authority, E> {
            Authority::parse(s).ok_or_else(|| {
                E::custom(format!(
                    "quyền hạn `{s}` không có trong Nghị định 30/2020; chỉ dùng TM., KT., TL., TUQ. hoặc Q. (hoặc bỏ khóa này)"
                ))
            })
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Authorities;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("TM., KT., TL., TUQ., Q. hoặc danh sách như [TM., KT.]")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Authorities, E> {
                if s.trim().is_empty() {
                    return Ok(Authorities::default());
                }
                Ok(Authorities(vec![one(s)?]))
            }
            /// `quyen_han:` left empty: the head signs directly.
            fn visit_unit<E: de::Error>(self) -> Result<Authorities, E> {
                Ok(Authorities::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Authorities, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(one(&s)?);
                }
                match out.as_slice() {
                    [] | [_] => Ok(Authorities(out)),
                    [Authority::Tm, second] if *second != Authority::Tm => Ok(Authorities(out)),
                    _ => Err(de::Error::custom("chỉ ghép được TM. với một quyền hạn khác đứng sau, ví dụ [TM., KT.]")),
                }
            }
        }
        d.deserialize_any(V)
    }
}

/// The signer (ô 7a–7c).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// `TM.`, `KT.`, `TL.`, `TUQ.`, `Q.`, stacked `[TM., KT.]`, or absent.
    #[serde(default)]
    pub quyen_han: Authorities,
    /// The collective after `TM.` (`ỦY BAN NHÂN DÂN`).
    pub tap_the: Option<Text>,
    /// The head's title after `KT.`, `TL.`, `TUQ.` (`CHỦ TỊCH`).
    pub thu_truong: Option<Text>,
    /// The signer's own title (`PHÓ CHỦ TỊCH`).
    pub chuc_vu: Text,
    /// The signer's full name, without academic titles.
    pub ho_ten: Text,
}

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

/// Declares a document kind's file struct: the keys of [`AgencyFile`] (which
/// a document may override) and the identity keys every document has, plus
/// the kind's own keys.
macro_rules! document_file {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* pub $field:ident : $ty:ty,)* }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct $name {
            /// The kind (`ke-hoach`).
            pub loai: Text,
            /// Số: absent for a draft.
            pub so: Option<Number>,
            /// Ngày ban hành: absent for a draft.
            pub ngay: Option<Date>,
            /// The year of a draft's date line.
            pub nam: Option<Year>,
            /// The full ký hiệu when it is not `<kind>-<viet_tat>`.
            pub ky_hieu: Option<Text>,
            /// The mark across a draft's pages.
            pub du_thao: Option<DuThao>,
            pub co_quan_chu_quan: Option<Text>,
            pub co_quan_ban_hanh: Option<Text>,
            pub ten_day_du: Option<Text>,
            pub viet_tat: Option<Text>,
            pub dia_danh: Option<Text>,
            pub nguoi_ky: Option<Signer>,
            pub noi_nhan: Option<Vec<Text>>,
            pub luu: Option<OneOrMany>,
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $name {
            /// Its number, date, year and ký hiệu.
            pub fn identity(&self) -> crate::document::Identity<'_> {
                crate::document::Identity {
                    so: self.so.map(|n| n.0),
                    ngay: self.ngay.map(|d| d.0),
                    nam: self.nam.map(|y| y.0),
                    ky_hieu: self.ky_hieu.as_ref(),
                    du_thao: self.du_thao.as_ref(),
                }
            }

            /// The keys an agency may set, as this document overrides them.
            pub fn agency_overrides(&self) -> AgencyFile {
                AgencyFile {
                    co_quan_chu_quan: self.co_quan_chu_quan.clone(),
                    co_quan_ban_hanh: self.co_quan_ban_hanh.clone(),
                    ten_day_du: self.ten_day_du.clone(),
                    viet_tat: self.viet_tat.clone(),
                    dia_danh: self.dia_danh.clone(),
                    nguoi_ky: self.nguoi_ky.clone(),
                    noi_nhan: self.noi_nhan.clone(),
                    luu: self.luu.clone(),
                }
            }
        }
    };
}

document_file! {
    /// A KẾ HOẠCH (Mẫu 1.4).
    pub struct PlanFile {
        /// Trích yếu nội dung, under `KẾ HOẠCH`. In a congress folder it
        /// defaults to `Tổ chức <ten> giai đoạn <giai_doan>` of `dai-hoi.yaml`.
        pub trich_yeu: Option<Text>,
        /// The căn cứ lines (italic).
        #[serde(default)]
        pub can_cu: Vec<Text>,
        /// The opening paragraph(s).
        #[serde(default)]
        pub mo_dau: OneOrMany,
        /// The sections.
        pub noi_dung: Vec<Entry>,
        /// The closing paragraph, ending `./.`.
        pub ket_thuc: Option<Text>,
    }
}

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

document_file! {
    /// A DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG: every nominee of the congress,
    /// grouped by the award proposed.
    pub struct AwardListFile {
        /// Under `DANH SÁCH`; defaults to `Tập thể, cá nhân đề nghị khen
        /// thưởng tại <Đại hội>`.
        pub trich_yeu: Option<Text>,
        /// `(Kèm theo Tờ trình số …)`, when the list goes with another document.
        pub kem_theo: Option<Text>,
        /// The folder of the reports, beside this file; this file's folder
        /// when absent.
        pub bao_cao: Option<Text>,
    }
}

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
                    crate::format::ascii_fold(s).chars().map(|c| if c == '-' || c == '_' { ' ' } else { c }).collect();
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

/// One entry of a body: a paragraph, a numbered item (`muc`) or a bullet
/// (`y`), with the entries nested under it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub kind: EntryKind,
    pub text: Text,
    pub children: Vec<Entry>,
    /// A results table under the entry (achievement reports only).
    pub table: Vec<TargetRow>,
}

/// One row of a results table: chỉ tiêu | đăng ký | kết quả.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TargetRow {
    pub chi_tieu: Text,
    pub dang_ky: Text,
    pub ket_qua: Text,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Paragraph,
    Numbered,
    Bullet,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFields {
    muc: Option<Text>,
    y: Option<Text>,
    #[serde(default)]
    noi_dung: Vec<Entry>,
    #[serde(default)]
    bang_chi_tieu: Vec<TargetRow>,
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("một đoạn văn, hoặc một mục `muc:`/`y:` (có thể kèm `noi_dung:`)")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Entry, E> {
                let text = plain_text(s).map_err(E::custom)?;
                Ok(Entry { kind: EntryKind::Paragraph, text, children: vec![], table: vec![] })
            }
            fn visit_enum<A: de::EnumAccess<'de>>(self, tagged: A) -> Result<Entry, A::Error> {
                let text = tagged_text(tagged)?;
                Ok(Entry { kind: EntryKind::Paragraph, text, children: vec![], table: vec![] })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
                let f = EntryFields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                let (kind, text) = match (f.muc, f.y) {
                    (Some(t), None) => (EntryKind::Numbered, t),
                    (None, Some(t)) => (EntryKind::Bullet, t),
                    (Some(_), Some(_)) => {
                        return Err(de::Error::custom(
                            "một mục chỉ có một trong hai khóa `muc` (mục đánh số) hoặc `y` (gạch đầu dòng)",
                        ));
                    }
                    (None, None) => {
                        return Err(de::Error::custom(
                            "thiếu `muc:` (mục đánh số) hoặc `y:` (gạch đầu dòng) trước `noi_dung`",
                        ));
                    }
                };
                Ok(Entry { kind, text: non_blank(text)?, children: f.noi_dung, table: f.bang_chi_tieu })
            }
        }
        d.deserialize_any(V)
    }
}

/// Just the `loai:` of a document, read before the whole file.
#[derive(Deserialize)]
pub struct KindOnly {
    pub loai: Option<Text>,
}
