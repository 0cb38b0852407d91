//! The signature block (ô 7a, 7b, 7c): the authority lines (`TM.`, `KT.`,
//! `TL.`, `TUQ.`, `Q.`) composed from the signer's data.

use serde::Serialize;

use crate::source::values::{Authority, Signer};

/// The signature block's lines (ô 7a, 7b, 7c), as written; the templates set
/// them in capitals.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SignatureLines {
    /// `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`: one line each.
    pub quyen_han: Vec<String>,
    /// `PHÓ CHỦ TỊCH`, or `Q. GIÁM ĐỐC`.
    pub chuc_vu: String,
    pub ho_ten: String,
}

/// Composes the signature lines, or says which key is missing.
pub fn signature_lines(s: &Signer) -> Result<SignatureLines, (&'static str, String)> {
    let mut lines = Vec::new();
    let mut title = s.chuc_vu.as_str().trim().to_string();
    for a in &s.quyen_han.0 {
        match a {
            Authority::Tm => {
                let who = s.tap_the.as_ref().filter(|t| !t.0.trim().is_empty()).ok_or((
                    "tap_the",
                    "quyền hạn `TM.` cần khóa `tap_the` (tập thể lãnh đạo, ví dụ `ỦY BAN NHÂN DÂN`)".to_string(),
                ))?;
                lines.push(format!("TM. {}", who.as_str().trim()));
            }
            Authority::Kt | Authority::Tl | Authority::Tuq => {
                let head = s.thu_truong.as_ref().filter(|t| !t.0.trim().is_empty()).ok_or((
                    "thu_truong",
                    format!(
                        "quyền hạn `{}` cần khóa `thu_truong` (chức vụ của người đứng đầu, ví dụ `CHỦ TỊCH`)",
                        a.prefix()
                    ),
                ))?;
                lines.push(format!("{} {}", a.prefix(), head.as_str().trim()));
            }
            Authority::Q => title = format!("Q. {title}"),
        }
    }
    if title.trim().is_empty() {
        return Err(("chuc_vu", "chức vụ người ký không được để trống".into()));
    }
    if s.ho_ten.as_str().trim().is_empty() {
        return Err(("ho_ten", "họ tên người ký không được để trống".into()));
    }
    Ok(SignatureLines { quyen_han: lines, chuc_vu: title, ho_ten: s.ho_ten.as_str().trim().to_string() })
}
