//! Images the data names — a signer's signature, the agency's seal — for an
//! electronically issued document: read from the agency's folder (never
//! from outside it), checked to be PNG, and kept by their content so the
//! typesetter can place them. They are the only files of the data folder
//! Typst is given, and only by the names handed out here.

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::Path;
use std::sync::{Mutex, OnceLock};

use siphasher::sip128::{Hasher128, SipHasher13};

use crate::source::discover::AGENCY_FILE;

/// Where the typesetter finds the images, in its virtual file tree.
pub const PREFIX: &str = "/.vanban/anh/";

/// An image read and checked: its name for the typesetter, its size in
/// pixels.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Image {
    pub duong_dan: String,
    pub rong_px: u32,
    pub cao_px: u32,
}

fn store() -> &'static Mutex<HashMap<String, Vec<u8>>> {
    static STORE: OnceLock<Mutex<HashMap<String, Vec<u8>>>> = OnceLock::new();
    STORE.get_or_init(Default::default)
}

/// The bytes of the image the typesetter knows as `vpath`.
pub fn get(vpath: &str) -> Option<Vec<u8>> {
    store().lock().ok()?.get(vpath).cloned()
}

/// The agency folder of the document at `file`: the nearest folder above it
/// holding `co-quan.yaml`.
pub fn agency_dir(file: &Path) -> Option<&Path> {
    file.ancestors().skip(1).find(|d| d.join(AGENCY_FILE).is_file())
}

/// Reads the PNG image `typed` (a path relative to the agency folder of
/// the document at `file`); a message in Vietnamese saying what to do when
/// it cannot be used.
pub fn read(file: &Path, typed: &str) -> Result<Image, String> {
    let Some(dir) = agency_dir(file) else {
        return Err(format!("không tìm thấy thư mục cơ quan (có {AGENCY_FILE}) để đọc ảnh `{typed}`"));
    };
    let wanted = dir.join(typed.trim());
    let real = wanted.canonicalize().map_err(|_| {
        format!(
            "không có tệp ảnh `{typed}` trong thư mục cơ quan {}: đặt tệp PNG ở đó, cạnh {AGENCY_FILE}",
            dir.display()
        )
    })?;
    let inside = dir.canonicalize().map(|d| real.starts_with(d)).unwrap_or(false);
    if !inside {
        return Err(format!(
            "ảnh `{typed}` nằm ngoài thư mục cơ quan: vanban chỉ đọc ảnh trong thư mục có {AGENCY_FILE}"
        ));
    }
    let bytes = std::fs::read(&real).map_err(|e| format!("không đọc được ảnh `{typed}`: {e}"))?;
    let (w, h) = png_size(&bytes).ok_or_else(|| {
        format!("`{typed}` không phải ảnh PNG: lưu chữ ký, con dấu thành PNG nền trong suốt rồi ghi lại tên tệp")
    })?;
    let mut hasher = SipHasher13::new();
    hasher.write(&bytes);
    let vpath = format!("{PREFIX}{:032x}.png", hasher.finish128().as_u128());
    if let Ok(mut s) = store().lock() {
        s.entry(vpath.clone()).or_insert(bytes);
    }
    Ok(Image { duong_dan: vpath, rong_px: w, cao_px: h })
}

/// A PNG's width and height, from its header; `None` if it is not a PNG.
fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";
    if !bytes.starts_with(SIGNATURE) || bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let w = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
    let h = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
    (w > 0 && h > 0).then_some((w, h))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_png_inside_the_agency_folder_is_read() {
        let dir = tempfile::tempdir().unwrap();
        let agency = dir.path().join("cq");
        std::fs::create_dir_all(agency.join("dh")).unwrap();
        std::fs::write(agency.join(AGENCY_FILE), "").unwrap();
        let doc = agency.join("dh/a.yaml");
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 0, 40, 0, 0, 0, 20]);
        std::fs::write(agency.join("ky.png"), &png).unwrap();
        std::fs::write(agency.join("ky.jpg"), b"\xff\xd8\xff").unwrap();
        std::fs::write(dir.path().join("ngoai.png"), &png).unwrap();
        let img = read(&doc, "ky.png").unwrap();
        assert_eq!((img.rong_px, img.cao_px), (40, 20));
        assert!(img.duong_dan.starts_with(PREFIX) && get(&img.duong_dan) == Some(png.clone()));
        assert!(read(&doc, "ky.jpg").unwrap_err().contains("không phải ảnh PNG"));
        assert!(read(&doc, "khong-co.png").unwrap_err().starts_with("không có tệp ảnh `khong-co.png`"));
        assert!(read(&doc, "../ngoai.png").unwrap_err().contains("nằm ngoài thư mục cơ quan"));
    }
}
