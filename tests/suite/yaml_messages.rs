//! serde_yaml's errors in Vietnamese, at their line and key (moved from
//! `src/source/yaml.rs` so that it imports no kind).

use std::path::Path;

use vanban::diag::Problem;
use vanban::kinds::plan::PlanFile;
use vanban::source::yaml::*;

fn err(src: &str) -> Problem {
    parse::<PlanFile>(Path::new("x.yaml"), src).unwrap_err()
}

#[test]
fn unknown_key_names_field_line_and_suggestion() {
    let p = err("loai: ke-hoach\ntrich_yue: a\nnoi_dung: []\n");
    assert_eq!(p.field.as_deref(), Some("trich_yue"));
    assert_eq!(p.line, Some(2));
    assert!(p.message.contains("Có phải ý bạn là `trich_yeu`?"), "{}", p.message);
    assert!(p.message.contains("Các khóa được phép: loai, so, ngay"), "{}", p.message);
}

#[test]
fn missing_and_wrong_type() {
    let p = err("loai: ke-hoach\ntrich_yeu: a\n");
    assert_eq!(p.field.as_deref(), Some("noi_dung"));
    assert_eq!(p.message, "thiếu khóa bắt buộc `noi_dung`");
    let p = err("loai: ke-hoach\ntrich_yeu: a\nnoi_dung: abc\n");
    assert_eq!((p.field.as_deref(), p.line), (Some("noi_dung"), Some(3)));
    assert!(p.message.starts_with("sai kiểu dữ liệu: ở đây là đoạn chữ"), "{}", p.message);
}

#[test]
fn impossible_date_points_at_the_value() {
    let p = err("loai: ke-hoach\nngay: 31/02/2024\ntrich_yeu: a\nnoi_dung: []\n");
    assert_eq!((p.field.as_deref(), p.line, p.column), (Some("ngay"), Some(2), Some(7)));
    assert!(p.message.contains("không có thật"), "{}", p.message);
}

#[test]
fn syntax_errors_and_tabs() {
    let p = err("loai: ke-hoach\ntrich_yeu: Kế hoạch: năm 2024\nnoi_dung: []\n");
    assert!(p.message.starts_with("lỗi cú pháp YAML"), "{}", p.message);
    assert!(p.line.is_some());
    let p = err("loai: ke-hoach\nnoi_dung:\n\t- a\n");
    assert!(p.message.contains("tab"), "{}", p.message);
    assert_eq!(p.line, Some(3));
}

#[test]
fn nested_entry_errors_carry_their_path() {
    let p = err("loai: ke-hoach\ntrich_yeu: a\nnoi_dung:\n  - muc: A\n    noidung: []\n");
    assert_eq!(p.field.as_deref(), Some("noi_dung[0].noidung"));
    assert!(p.message.contains("`noi_dung`?"), "{}", p.message);
}

#[test]
fn bom_duplicates_and_several_documents() {
    let dir = std::env::temp_dir().join(format!("vanban-bom-{}", std::process::id()));
    std::fs::write(&dir, "\u{feff}loai: ke-hoach\n").unwrap();
    assert_eq!(read_text(&dir).unwrap(), "loai: ke-hoach\n");
    std::fs::remove_file(&dir).unwrap();
    let p = err("loai: ke-hoach\nnam: 2024\ntrich_yeu: a\nnam: 2025\nnoi_dung: []\n");
    assert_eq!((p.field.as_deref(), p.line), (Some("nam"), Some(4)));
    assert!(p.message.contains("ghi hai lần"), "{}", p.message);
    let p = err("loai: ke-hoach\ntrich_yeu: a\nnoi_dung: []\n---\nloai: ke-hoach\n");
    assert!(p.message.contains("nhiều hơn một văn bản YAML (dấu `---` (dòng 4)"), "{}", p.message);
}

#[test]
fn empty_file() {
    let p = err("# chỉ có chú thích\n");
    assert!(p.message.starts_with("tệp rỗng"));
}

#[test]
fn locating_keys_and_text() {
    let t = "a: 1\nnguoi_ky:\n  quyen_han: KT.\n";
    assert_eq!(locate_key(t, "quyen_han"), Some((3, 3)));
    assert_eq!(locate_text(t, "KT."), Some((3, 14)));
}
