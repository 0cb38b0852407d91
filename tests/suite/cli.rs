//! The `vanban` command as a user runs it.

use crate::common;

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
    let (code, _, stderr) = vanban(&["build"], data.path(), out2.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(out2.path().join("u/dh/kh.pdf").is_file());
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
    let run = Command::new(env!("CARGO_BIN_EXE_vanban")).args(["list", "--data"]).arg(data.path()).output().unwrap();
    let (code, stdout) = (run.status.code().unwrap(), String::from_utf8(run.stdout).unwrap());
    assert_eq!(code, 1);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "u/dh/kh.yaml\tke-hoach\tban hành\tKẾ HOẠCH Tổ chức Đại hội Thi đua");
    assert_eq!(lines[1], "\tchưa dựng\tu/dh/kh.pdf");
    assert!(lines[2].starts_with("u/x.yaml\t?\t\t(lỗi: loại văn bản `la` chưa có"), "{}", lines[2]);
    assert_eq!(lines[3], "2 văn bản; tệp ra: 0 hiện hành, 0 lỗi thời, 1 chưa dựng, 0 lỗi.");
}

#[test]
fn a_missing_fonts_folder_is_one_clear_message() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let (code, _, stderr) = vanban(&["build", "--fonts", "/nonexistent-fonts"], data.path(), out.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent-fonts: không tìm thấy thư mục phông chữ"), "{stderr}");
}

#[test]
fn mistyped_commands_are_answered_in_vietnamese() {
    let run = Command::new(env!("CARGO_BIN_EXE_vanban")).arg("buid").output().unwrap();
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(stderr.contains("không có lệnh `buid`. Có phải ý bạn là `build`?"), "{stderr}");
    let run = Command::new(env!("CARGO_BIN_EXE_vanban")).args(["build", "--ra"]).output().unwrap();
    assert!(String::from_utf8(run.stderr).unwrap().contains("không có tùy chọn `--ra`"));
}

#[test]
fn a_document_that_now_fails_keeps_its_last_pdf_and_is_called_stale() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    assert_eq!(vanban(&["build"], data.path(), out.path()).0, 0);
    let pdf = out.path().join("u/kh.pdf");
    let before = std::fs::read(&pdf).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644, "a PDF others can read");
    }
    std::fs::write(data.path().join("u/kh.yaml"), PLAN.replace("ngay: 07/03/2024", "ngay: 30/02/2024")).unwrap();
    let (code, stdout, _) = vanban(&["build"], data.path(), out.path());
    assert_eq!(code, 1);
    assert!(stdout.contains("kh.pdf vẫn còn nhưng đã lỗi thời"), "{stdout}");
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
}

#[test]
fn nothing_found_is_not_success() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY)]);
    let out = tempfile::tempdir().unwrap();
    let (code, stdout, _) = vanban(&["check"], data.path(), out.path());
    assert_eq!(code, 1);
    assert!(stdout.contains("Không tìm thấy văn bản nào"), "{stdout}");
}
