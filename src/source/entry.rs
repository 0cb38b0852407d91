//! The entries of a body (`noi_dung`, `thanh_tich`): paragraphs, numbered
//! items (`muc`) and bullets (`y`), nested, with a report's results tables.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::source::values::{Text, non_blank, plain_text, tagged_text};

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
