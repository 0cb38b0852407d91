//! The `vanban` command as a user runs it.

mod common;

use std::process::Command;

use common::*;

fn vanban(args: &[&str], data: &std::path::Path, out: &std::path::Path) -> (i32, String, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(repo())
        .args(args)
        .arg("--data")
        .arg(data)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    (run.status.code().unwrap(), String::from_utf8(run.stdout).unwrap(), String::from_utf8(run.stderr).unwrap())
}

#[test]
fn build_mirrors_folders_and_emits_typst_on_request() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/dh/kh.yaml", PLAN), ("u/khac.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = vanban(&["build", "--emit-typst"], data.path(), out.path());
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("Đã dựng 2 / 2 văn bản, không có lỗi."), "{stdout}");
    let pdf = std::fs::read(out.path().join("u/dh/kh.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let typ = std::fs::read_to_string(out.path().join("u/dh/kh.typ")).unwrap();
    assert!(typ.contains("#import \"/vanban.typ\" as vb"));
    assert!(out.path().join("u/khac.pdf").is_file());
    // Without the flag no .typ is written.
    let out2 = tempfile::tempdir().unwrap();
    vanban(&["build"], data.path(), out2.path());
    assert!(!out2.path().join("u/dh/kh.typ").exists());
}

#[test]
fn build_of_one_path_builds_only_that() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/dh/kh.yaml", PLAN), ("u/khac.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(repo())
        .arg("build")
        .arg(data.path().join("u/dh"))
        .arg("--data")
        .arg(data.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert!(out.path().join("u/dh/kh.pdf").is_file());
    assert!(!out.path().join("u/khac.pdf").exists());
}

#[test]
fn list_names_each_document_with_its_kind() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/dh/kh.yaml", PLAN), ("u/x.yaml", "loai: la\n")]);
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, _) = vanban(&["list"], data.path(), out.path());
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "u/dh/kh.yaml\tke-hoach\tKẾ HOẠCH Tổ chức Đại hội Thi đua");
    assert!(lines[1].starts_with("u/x.yaml\t?\t(lỗi: loại văn bản `la` chưa có"), "{}", lines[1]);
    assert_eq!(lines[2], "2 văn bản.");
}

#[test]
fn a_missing_fonts_folder_is_one_clear_message() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = vanban(&["build", "--fonts", "/nonexistent-fonts"], data.path(), out.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent-fonts: không tìm thấy thư mục phông chữ"), "{stderr}");
}
