//! Bad input: each mistake gives one clear message naming the file, line
//! and field; `check` reports them all in one run; valid documents still
//! build; nothing partial is written.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::*;
use vanban::build::{self, Mode};

const TYPO: &str = "loai: ke-hoach\nnam: 2024\ntrich_yue: Tổ chức Đại hội\nnoi_dung: []\n";
const MISSING: &str = "loai: ke-hoach\nnam: 2024\nnoi_dung:\n  - Một đoạn.\n";
const BAD_DATE: &str = "loai: ke-hoach\nso: 3\nngay: 31/02/2024\ntrich_yeu: Tổ chức Đại hội\nnoi_dung: []\n";
const SYNTAX: &str =
    "loai: ke-hoach\nnam: 2024\ntrich_yeu: Tổ chức Đại hội\nnoi_dung:\n  - muc: Mục một\n   noi_dung: []\n";

fn four_bad() -> tempfile::TempDir {
    data_dir(&[
        ("ubnd/co-quan.yaml", AGENCY),
        ("ubnd/a-dung.yaml", PLAN),
        ("ubnd/b-sai-khoa.yaml", TYPO),
        ("ubnd/c-thieu-truong.yaml", MISSING),
        ("ubnd/d-sai-ngay.yaml", BAD_DATE),
        ("ubnd/e-sai-cu-phap.yaml", SYNTAX),
    ])
}

/// (file name, line, field, words the message must contain)
const EXPECTED: [(&str, usize, Option<&str>, &str); 4] = [
    ("b-sai-khoa.yaml", 3, Some("trich_yue"), "Có phải ý bạn là `trich_yeu`?"),
    ("c-thieu-truong.yaml", 1, Some("trich_yeu"), "thiếu khóa bắt buộc `trich_yeu`"),
    ("d-sai-ngay.yaml", 3, Some("ngay"), "ngày `31/02/2024` không có thật"),
    ("e-sai-cu-phap.yaml", 6, None, "lỗi cú pháp YAML"),
];

#[test]
fn check_reports_all_four_and_the_valid_document_passes() {
    let data = four_bad();
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), &out.path().join("out"));
    let outcome = build::run(&engine, &[], Mode::Check, build::Silent);
    assert_eq!(outcome.built.len(), 1, "the valid plan passes");
    assert_eq!(outcome.built[0].rel, Path::new("ubnd/a-dung.yaml"));
    assert!(outcome.problems.is_empty(), "{:?}", outcome.problems);
    assert_eq!(outcome.failed.len(), 4);
    for (failed, (name, line, field, words)) in outcome.failed.iter().zip(EXPECTED) {
        assert_eq!(failed.problems.len(), 1, "one message for {name}: {:?}", failed.problems);
        let p = &failed.problems[0];
        assert_eq!(p.file.file_name().unwrap(), name);
        assert_eq!(p.line, Some(line), "{p}");
        assert!(p.column.is_some(), "{p}");
        assert_eq!(p.field.as_deref(), field, "{p}");
        assert!(p.message.contains(words), "{p}");
    }
    assert!(!out.path().join("out").exists(), "check wrote something");
}

#[test]
fn build_writes_the_valid_document_and_nothing_for_the_others() {
    let data = four_bad();
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], Mode::Build { emit_typst: false, force: false }, build::Silent);
    assert_eq!((outcome.built.len(), outcome.failed.len()), (1, 4));
    let mut written: Vec<String> = walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(out.path()).unwrap().display().to_string())
        .collect();
    // The PDF and the build record, which lists only that PDF.
    written.sort();
    assert_eq!(written, [vanban::output::record::FILE, "ubnd/a-dung.pdf"]);
    let record = std::fs::read_to_string(out.path().join(vanban::output::record::FILE)).unwrap();
    assert_eq!(record.lines().filter(|l| l.ends_with(".pdf")).count(), 1, "{record}");
    // The data folder is untouched.
    assert_eq!(std::fs::read_to_string(data.path().join("ubnd/b-sai-khoa.yaml")).unwrap(), TYPO);
}

#[test]
fn the_command_prints_every_problem_with_file_line_and_exits_non_zero() {
    let data = four_bad();
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(repo())
        .args(["check", "--data"])
        .arg(data.path())
        .arg("--out")
        .arg(out.path().join("x"))
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    let stdout = String::from_utf8(run.stdout).unwrap();
    for (name, line, _, words) in EXPECTED {
        let hit = stderr.lines().find(|l| l.contains(name)).unwrap_or_else(|| panic!("{name} not in\n{stderr}"));
        assert!(hit.contains(&format!("{name}:{line}:")), "{hit}");
        assert!(hit.contains(words), "{hit}");
    }
    assert!(stdout.contains("Đã kiểm tra 1 / 5 văn bản; 4 văn bản lỗi"), "{stdout}");
    assert!(!out.path().join("x").exists());
}

fn single_problem(files: &[(&str, &str)], doc: &str) -> vanban::diag::Problem {
    let data = data_dir(files);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], Mode::Check, build::Silent);
    let failed = outcome.failed.iter().find(|f| f.source.ends_with(doc)).unwrap_or_else(|| panic!("{doc} passed"));
    assert_eq!(failed.problems.len(), 1, "{:?}", failed.problems);
    failed.problems[0].clone()
}

#[test]
fn unknown_kind_authority_and_signer_keys() {
    let p = single_problem(&[("u/co-quan.yaml", AGENCY), ("u/x.yaml", "loai: ke-hoch\nnam: 2024\n")], "x.yaml");
    assert_eq!((p.field.as_deref(), p.line), (Some("loai"), Some(1)));
    assert!(p.message.contains("`ke-hoch` chưa có; các loại: ke-hoach"), "{p}");

    let doc = format!("{PLAN}nguoi_ky:\n  quyen_han: TT.\n  chuc_vu: Chủ tịch\n  ho_ten: A\n");
    let p = single_problem(&[("u/co-quan.yaml", AGENCY), ("u/x.yaml", &doc)], "x.yaml");
    assert_eq!(p.field.as_deref(), Some("nguoi_ky.quyen_han"));
    assert_eq!(p.line, Some(PLAN.lines().count() + 2));
    assert!(p.message.contains("TM., KT., TL., TUQ. hoặc Q."), "{p}");

    let doc = format!("{PLAN}nguoi_ky:\n  quyen_han: KT.\n  chuc_vu: Phó Chủ tịch\n  ho_ten: A\n");
    let p = single_problem(&[("u/co-quan.yaml", AGENCY), ("u/x.yaml", &doc)], "x.yaml");
    assert_eq!(p.field.as_deref(), Some("nguoi_ky.thu_truong"));
    assert!(p.message.contains("`KT.` cần khóa `thu_truong`"), "{p}");

    // A numbered entry nested four deep, and a `muc` under a bullet.
    let deep = "loai: ke-hoach\nnam: 2024\ntrich_yeu: A\nnoi_dung:\n  - muc: A\n    noi_dung:\n      - muc: B\n        noi_dung:\n          - muc: C\n            noi_dung:\n              - muc: Quá sâu\n";
    let p = single_problem(&[("u/co-quan.yaml", AGENCY), ("u/x.yaml", deep)], "x.yaml");
    assert_eq!(p.line, Some(11), "{p}");
    assert!(p.message.contains("lồng quá 3 cấp"), "{p}");
}

#[test]
fn a_broken_agency_file_is_reported_once_and_its_documents_fail() {
    let data = data_dir(&[
        ("u/co-quan.yaml", "co_quan_ban_hanh: A\nviet_tat: UBND\ndia_danh: X\nnguoi_ki: {}\n"),
        ("u/a.yaml", PLAN),
        ("u/b.yaml", PLAN),
        ("v/co-quan.yaml", AGENCY),
        ("v/c.yaml", PLAN),
    ]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], Mode::Check, build::Silent);
    assert_eq!(outcome.built.len(), 1);
    assert_eq!(outcome.failed.len(), 2);
    assert_eq!(outcome.problems.len(), 1, "{:?}", outcome.problems);
    let p = &outcome.problems[0];
    assert!(p.file.ends_with("u/co-quan.yaml") && p.line == Some(4) && p.message.contains("`nguoi_ky`?"), "{p}");
    for f in &outcome.failed {
        assert!(f.problems[0].message.contains("co-quan.yaml có lỗi"), "{:?}", f.problems);
    }
}

#[test]
fn the_typesetter_reads_nothing_outside_templates_and_no_package() {
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&repo().join("data"), out.path());
    let compile = |src: &str| engine.typesetter.compile(Path::new("t.yaml"), "T", src.to_string());
    let err = compile("#import \"@preview/cetz:0.3.0\": *\n").unwrap_err();
    assert!(err[0].message.contains("vanban không dùng gói Typst"), "{err:?}");
    for path in ["/etc/passwd", "../Cargo.toml", "/../../Cargo.toml", "../fonts/LICENSE-LiberationSerif.txt"] {
        let err = compile(&format!("#read(\"{path}\")\n")).unwrap_err();
        assert!(!err.is_empty(), "{path} was read");
    }
    // Inside the templates folder reading works.
    assert!(compile("#read(\"/vanban.typ\")\n").is_ok());
}

#[test]
fn the_agency_signer_is_checked_once_in_its_own_file() {
    let agency = AGENCY.replace("  tap_the: Ủy ban nhân dân\n", "");
    let data = data_dir(&[("u/co-quan.yaml", &agency), ("u/a.yaml", PLAN), ("u/b.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], Mode::Check, build::Silent);
    assert_eq!(outcome.problems.len(), 1, "{:?}", outcome.problems);
    let p = &outcome.problems[0];
    assert!(p.file.ends_with("u/co-quan.yaml"), "{p}");
    assert_eq!((p.field.as_deref(), p.line), (Some("nguoi_ky.tap_the"), Some(6)), "{p}");
    assert!(p.message.contains("`TM.` cần khóa `tap_the`"), "{p}");
    assert_eq!(outcome.failed.len(), 2);
}

#[test]
fn an_empty_body_is_an_error_and_a_float_in_a_text_field_is_text() {
    let doc = PLAN.replace(
        "noi_dung:\n  - muc: Mục đích, yêu cầu\n    noi_dung:\n      - muc: Đánh giá kết quả.\n  - muc: Tổ chức thực hiện\n    noi_dung:\n      - Các sở, ngành thực hiện.\n",
        "noi_dung: []\n",
    );
    let p = single_problem(&[("u/co-quan.yaml", AGENCY), ("u/x.yaml", &doc)], "x.yaml");
    assert_eq!((p.field.as_deref(), p.line), (Some("noi_dung"), Some(7)), "{p}");
    assert!(p.message.contains("chưa có nội dung"), "{p}");
    // A number-like text is no longer an error: it prints as typed
    // (tests/nhu_go.rs lays such texts out).
    let doc = PLAN.replace("trich_yeu: Tổ chức Đại hội Thi đua", "trich_yeu: 1.10");
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/x.yaml", &doc)]);
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(&engine(data.path(), out.path()), &[], Mode::Check, build::Silent);
    assert!(outcome.ok(), "{:?}", outcome.failed);
}

#[test]
fn a_character_no_font_has_is_an_error_naming_the_field() {
    let plan = PLAN.replace("trich_yeu: Tổ chức Đại hội Thi đua", "trich_yeu: Tổ chức Đại hội ☃ Thi đua 漢");
    assert_ne!(plan, PLAN);
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", &plan), ("u/tot.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], Mode::Build { emit_typst: false, force: false }, build::Silent);
    let all: Vec<String> = outcome.all_problems().map(|p| p.to_string()).collect();
    let line = plan.lines().position(|l| l.starts_with("trich_yeu")).unwrap() + 1;
    for (c, code) in [('☃', "U+2603"), ('漢', "U+6F22")] {
        assert!(
            all.iter().any(|m| m.contains(&format!("kh.yaml:{line}:"))
                && m.contains("trường `trich_yeu`")
                && m.contains(&format!("ký tự `{c}` ({code}) không có trong phông chữ Liberation Serif"))),
            "{all:#?}"
        );
    }
    // Nothing written for it; the other document is built.
    assert!(!out.path().join("u/kh.pdf").exists());
    assert!(out.path().join("u/tot.pdf").is_file());
    assert_eq!(outcome.failed.len(), 1);
}
