//! The value types of the YAML files, each checking itself while it is
//! read so serde_yaml can tie each error to its line, column and key: texts
//! (NFC), numbers, dates, the signer, and the entries of a body.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

/// A text value, normalised to NFC, exactly as typed: a telephone number
/// `+842133876215`, `0x1F`, `1.50` or `True` print as written, never as the
/// number or boolean YAML would read them. One tagged `!md` may hold
/// `**bold**` and `*italic*` spans (see [`crate::markup`]). An empty or `~`
/// value is absent where the text is optional, and an error where it is
/// required.
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

/// A text is read as an enum, the one way serde_yaml 0.9 offers both a
/// value's tag and a plain scalar's source text: asked for any value, it
/// resolves `0213` to 213 and `+84…` to a number before a visitor sees it.
/// For a tagged value (`!md "…"`) `variant_seed` hands over the tag's name;
/// for any other scalar it hands over the scalar itself, which
/// [`ScalarSeed`] then reads as a string, as written.
impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_enum("Text", &["md"], TextVisitor)
    }
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("một đoạn chữ")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
        plain_text(s).map_err(E::custom)
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, value: A) -> Result<Text, A::Error> {
        use de::VariantAccess;
        match value.variant_seed(ScalarSeed)? {
            (Scalar::Tag(tag), rest) => rest.newtype_variant_seed(Tagged(tag)),
            (Scalar::Typed(text), rest) => rest.unit_variant().map(|()| text),
            (Scalar::Null, rest) => {
                rest.unit_variant()?;
                Err(de::Error::invalid_type(de::Unexpected::Unit, &self))
            }
        }
    }
}

/// What [`Text`] finds where a variant's name would be.
enum Scalar {
    /// The tag of a tagged value (`md` for `!md "…"`).
    Tag(String),
    /// An untagged scalar, as typed.
    Typed(Text),
    /// `~`, `null` or nothing.
    Null,
}

/// Tells the two apart: serde_yaml gives a tag's name as a string
/// deserializer, which answers any request with the string; an untagged
/// scalar comes as the YAML deserializer itself, which answers a request
/// for an optional value with `None` for a null and `Some` otherwise, and
/// then gives the scalar's text when asked for a string. Texts are checked
/// while serde_yaml reads them, so that it places an error at the value.
struct ScalarSeed;

impl<'de> de::DeserializeSeed<'de> for ScalarSeed {
    type Value = Scalar;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'de> Visitor<'de> for ScalarSeed {
    type Value = Scalar;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("một đoạn chữ")
    }
    fn visit_str<E: de::Error>(self, tag: &str) -> Result<Scalar, E> {
        Ok(Scalar::Tag(tag.to_string()))
    }
    fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
        Ok(Scalar::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Scalar, D::Error> {
        d.deserialize_str(TextVisitor).map(Scalar::Typed)
    }
}

/// The value of a tagged text: only `!md`, whose spans become markers.
struct Tagged(String);

impl<'de> de::DeserializeSeed<'de> for Tagged {
    type Value = Text;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Text, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Tagged {
    type Value = Text;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("một đoạn chữ")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Text, E> {
        if self.0 != "md" {
            return Err(E::custom(format!(
                "thẻ `!{}` không dùng được; chỉ có `!md` (đoạn có chữ **đậm**, *nghiêng*)",
                self.0
            )));
        }
        let Text(text) = plain_text(s).map_err(E::custom)?;
        Ok(Text(crate::decree::markup::from_markdown(&text)))
    }
}

/// Characters that change the direction of the text around them: the
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the
/// marks (U+200E, U+200F, U+061C). Invisible, they reverse a name and the
/// title after it in print.
pub fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A text as typed, in NFC. The four characters vanban uses inside for
/// bold and italic spans cannot be typed in data, nor can the controls of
/// the text's direction.
pub(crate) fn plain_text(s: &str) -> Result<Text, String> {
    for c in s.chars() {
        if crate::decree::markup::is_marker(c) {
            return Err(format!(
                "ký tự U+{:04X} (vùng dùng riêng) không dùng được trong dữ liệu; hãy xóa nó",
                c as u32
            ));
        }
        if is_direction_control(c) {
            return Err(format!(
                "có ký tự điều khiển hướng chữ (U+{:04X}) làm đảo ngược chữ khi in: xóa ký tự này (thường do dán từ trang web)",
                c as u32
            ));
        }
    }
    Ok(Text(s.nfc().collect()))
}

/// A `!md` text met where a string, a list or a map may stand.
pub(crate) fn tagged_text<'de, A: de::EnumAccess<'de>>(tagged: A) -> Result<Text, A::Error> {
    Text::deserialize(de::value::EnumAccessDeserializer::new(tagged))
}

/// A text that must not be blank.
pub(crate) fn non_blank<E: de::Error>(t: Text) -> Result<Text, E> {
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

/// A date and time, written `19/07/2024 07:30` (or with seconds,
/// `08/07/2024 09:30:15`).
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
                let time = chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M:%S")
                    .or_else(|_| chrono::NaiveTime::parse_from_str(time.trim(), "%H:%M"))
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
    /// The signer's signature (PNG, transparent, as on paper) in the agency's
    /// folder, placed on an electronically issued document.
    pub anh_chu_ky: Option<Text>,
}
