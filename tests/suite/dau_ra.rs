//! Nothing wrong is left in the output folder: two runs at once never mix
//! their files, two documents never write one file, files the data no
//! longer makes are removed (only vanban's own), and everything out of date
//! is called stale.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::*;
use vanban::build::{self, Mode};

const BUILD: Mode = Mode::Build { emit_typst: false, force: false };

fn congress(n: usize) -> tempfile::TempDir {
    invitation_congress(n, &[("u/dh/ke-hoach.yaml", PLAN)])
}

fn vanban(data: &Path, out: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vanban"));
    c.current_dir(repo()).env("SOURCE_DATE_EPOCH", "1796083200").arg("build").arg("--data").arg(data);
    c.arg("--out").arg(out);
    c
}

/// Every file below `dir`, relative, with its bytes (the record and the lock
/// aside).
fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with(".vanban"))
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    all.sort();
    all
}

#[test]
fn two_builds_at_once_with_a_save_between_leave_every_pdf_current() {
    let data = congress(240);
    let out = tempfile::tempdir().unwrap();
    let first = vanban(data.path(), out.path()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    // The first run holds the folder from its start: wait until it writes.
    let start = std::time::Instant::now();
    while walkdir::WalkDir::new(out.path()).into_iter().filter_map(Result::ok).all(|e| !e.file_type().is_file())
        && start.elapsed().as_secs() < 30
    {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let yaml = data.path().join("u/dh/giay-moi.yaml");
    std::fs::write(&yaml, GUEST_INVITATION.replace("01/07/2024", "02/07/2024")).unwrap();
    let second = vanban(data.path(), out.path()).stdout(Stdio::null()).stderr(Stdio::piped()).spawn().unwrap();
    let first = first.wait_with_output().unwrap();
    let second = second.wait_with_output().unwrap();
    assert!(first.status.success() && second.status.success());
    let waited = String::from_utf8_lossy(&second.stderr);
    assert!(waited.contains("chờ lần đó xong"), "the second run did not wait: {waited}");
    // A third run finds everything current, and it is: the same bytes as a
    // build from scratch of the data as saved.
    let third = vanban(data.path(), out.path()).output().unwrap();
    let said = String::from_utf8_lossy(&third.stdout);
    assert!(said.contains("0 tệp PDF dựng mới;"), "{said}");
    let fresh = tempfile::tempdir().unwrap();
    assert!(vanban(data.path(), fresh.path()).output().unwrap().status.success());
    let (raced, clean) = (files(out.path()), files(fresh.path()));
    assert_eq!(raced.len(), clean.len());
    let differ: Vec<&PathBuf> = raced.iter().zip(&clean).filter(|(a, b)| a != b).map(|(a, _)| &a.0).collect();
    assert!(
        differ.is_empty(),
        "{} files differ from a clean build: {:?}",
        differ.len(),
        &differ[..differ.len().min(5)]
    );
}

#[test]
fn two_sources_of_one_output_are_refused_naming_both() {
    let data = congress(3);
    // A plan saved where an invitation goes; a plan named like the pack;
    // two plans whose names differ only by case.
    let plan_at = |rel: &str| std::fs::write(data.path().join(rel), PLAN).unwrap();
    std::fs::create_dir_all(data.path().join("u/dh/giay-moi")).unwrap();
    plan_at("u/dh/giay-moi/001-nguyen-van-nguoi-0.yaml");
    plan_at("u/dh/tap-tai-lieu-dai-hoi.yaml");
    plan_at("u/Ke-Hoach.yaml");
    plan_at("u/ke-hoach.yaml");
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(&engine(data.path(), out.path()), &[], BUILD, build::Silent);
    let problem = |src: &str| {
        let f = outcome.failed.iter().find(|f| f.source.ends_with(src)).unwrap_or_else(|| panic!("{src} not refused"));
        f.problems.iter().map(|p| p.message.clone()).collect::<Vec<_>>().join("\n")
    };
    let plan = problem("u/dh/giay-moi/001-nguyen-van-nguoi-0.yaml");
    assert!(plan.starts_with("tệp ra u/dh/giay-moi/001-nguyen-van-nguoi-0.pdf trùng với tệp ra của "), "{plan}");
    assert!(plan.contains("u/dh/giay-moi.yaml (u/dh/giay-moi/001-nguyen-van-nguoi-0.pdf)"), "{plan}");
    let invitation = problem("u/dh/giay-moi.yaml");
    assert!(
        invitation.contains("giay-moi/001-nguyen-van-nguoi-0.yaml (u/dh/giay-moi/001-nguyen-van-nguoi-0.pdf)"),
        "{invitation}"
    );
    let pack = problem("u/dh/dai-hoi.yaml");
    assert!(pack.contains("u/dh/tap-tai-lieu-dai-hoi.yaml (u/dh/tap-tai-lieu-dai-hoi.pdf)"), "{pack}");
    assert!(problem("u/dh/tap-tai-lieu-dai-hoi.yaml").contains("dai-hoi.yaml (u/dh/tap-tai-lieu-dai-hoi.pdf)"));
    assert!(problem("u/Ke-Hoach.yaml").contains("u/ke-hoach.yaml (u/ke-hoach.pdf)"));
    assert!(problem("u/ke-hoach.yaml").contains("u/Ke-Hoach.yaml (u/Ke-Hoach.pdf)"));
    // Nothing of theirs was written; the others were.
    for gone in [
        "u/dh/giay-moi/001-nguyen-van-nguoi-0.pdf",
        "u/dh/tap-tai-lieu-dai-hoi.pdf",
        "u/ke-hoach.pdf",
        "u/Ke-Hoach.pdf",
    ] {
        assert!(!out.path().join(gone).exists(), "{gone} was written");
    }
    assert!(out.path().join("u/dh/ke-hoach.pdf").is_file());
}

#[test]
fn a_shorter_list_removes_exactly_the_invitations_it_no_longer_makes() {
    let data = congress(5);
    let out = tempfile::tempdir().unwrap();
    assert!(build::run(&engine(data.path(), out.path()), &[], BUILD, build::Silent).ok());
    let folder = out.path().join("u/dh/giay-moi");
    std::fs::write(folder.join("ghi-chu-cua-toi.txt"), "not vanban's").unwrap();
    std::fs::write(folder.join("005-ban-in-tay.pdf"), "%PDF- a file the clerk put here").unwrap();
    // Two invitees removed, one renamed: their old files go, nothing else.
    let csv = guest_list(5).replace("Nguyễn Văn Người 1,", "Nguyễn Văn Khác 1,");
    let csv: String = csv.lines().take(4).map(|l| format!("{l}\n")).collect();
    std::fs::write(data.path().join("u/dh/khach-moi.csv"), csv).unwrap();
    assert!(build::run(&engine(data.path(), out.path()), &[], BUILD, build::Silent).ok());
    let mut names: Vec<String> =
        std::fs::read_dir(&folder).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "001-nguyen-van-nguoi-0.pdf",
            "002-nguyen-van-khac-1.pdf",
            "003-nguyen-van-nguoi-2.pdf",
            "005-ban-in-tay.pdf",
            "danh-sach-gui.csv",
            "ghi-chu-cua-toi.txt"
        ]
    );
}

#[test]
fn a_document_that_now_fails_has_every_file_it_made_called_stale() {
    let data = congress(3);
    let out = tempfile::tempdir().unwrap();
    assert!(build::run(&engine(data.path(), out.path()), &[], BUILD, build::Silent).ok());
    std::fs::write(data.path().join("u/dh/giay-moi.yaml"), GUEST_INVITATION.replace("01/07/2024", "31/02/2024"))
        .unwrap();
    let outcome = build::run(&engine(data.path(), out.path()), &[], BUILD, build::Silent);
    let failed = outcome.failed.iter().find(|f| f.source.ends_with("giay-moi.yaml")).unwrap();
    let mut stale: Vec<String> =
        failed.stale.iter().map(|p| p.strip_prefix(out.path()).unwrap().display().to_string()).collect();
    stale.sort();
    assert_eq!(
        stale,
        [
            "u/dh/giay-moi.pdf",
            "u/dh/giay-moi/001-nguyen-van-nguoi-0.pdf",
            "u/dh/giay-moi/002-nguyen-van-nguoi-1.pdf",
            "u/dh/giay-moi/003-nguyen-van-nguoi-2.pdf",
            "u/dh/giay-moi/danh-sach-gui.csv"
        ]
    );
}

#[test]
fn a_partial_build_calls_its_congress_pack_stale_and_the_next_makes_it_again() {
    let data = congress(2);
    let out = tempfile::tempdir().unwrap();
    assert!(build::run(&engine(data.path(), out.path()), &[], BUILD, build::Silent).ok());
    let plan = data.path().join("u/dh/ke-hoach.yaml");
    std::fs::write(&plan, PLAN.replace("Đánh giá kết quả.", "Đánh giá kết quả thi đua.")).unwrap();
    let outcome = build::run(&engine(data.path(), out.path()), std::slice::from_ref(&plan), BUILD, build::Silent);
    let warning =
        outcome.problems.iter().find(|p| p.file.ends_with("u/dh/tap-tai-lieu-dai-hoi.pdf")).expect("stale pack");
    assert!(!warning.is_error() && outcome.ok());
    assert!(warning.message.starts_with("tập tài liệu này đã cũ:"), "{}", warning.message);
    let folder = data.path().join("u/dh");
    let outcome = build::run(&engine(data.path(), out.path()), &[folder], BUILD, build::Silent);
    let pack = outcome.built.iter().find(|b| b.rel.ends_with("dai-hoi.yaml")).unwrap();
    assert_eq!((pack.rebuilt, pack.unchanged), (1, 0));
}

#[test]
fn list_shows_draft_or_issued_and_each_file_current_stale_or_missing() {
    let data = congress(8);
    std::fs::write(
        data.path().join("u/dh/ke-hoach.yaml"),
        PLAN.replace("so: 5\n", "").replace("ngay: 07/03/2024", "nam: 2024"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    assert!(vanban(data.path(), out.path()).output().unwrap().status.success());
    // One invitee renamed: their invitation, the print file and the mailing
    // list are stale; the other invitations still current.
    std::fs::write(data.path().join("u/dh/khach-moi.csv"), guest_list(8).replace("Người 3,", "Người Ba,")).unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(repo())
        .args(["list", "--data"])
        .arg(data.path())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(run.stdout).unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "u/dh/giay-moi.yaml\tgiay-moi\tban hành\tGIẤY MỜI Dự Đại hội Thi đua");
    assert_eq!(
        &lines[1..6],
        [
            "\tchưa dựng\tu/dh/giay-moi/004-nguyen-van-nguoi-ba.pdf",
            "\tLỖI THỜI\tu/dh/giay-moi.pdf",
            "\tLỖI THỜI\tu/dh/giay-moi/danh-sach-gui.csv",
            "\thiện hành\t7 tệp trong u/dh/giay-moi/",
            "u/dh/ke-hoach.yaml\tke-hoach\tdự thảo\tKẾ HOẠCH Tổ chức Đại hội Thi đua",
        ]
    );
    assert_eq!(lines[6], "\thiện hành\tu/dh/ke-hoach.pdf");
    assert_eq!(lines[7], "u/dh/dai-hoi.yaml\ttap-tai-lieu\t\tTài liệu Đại hội Thi đua");
    assert_eq!(lines[8], "\thiện hành\tu/dh/tap-tai-lieu-dai-hoi.pdf");
    assert_eq!(lines[9], "2 văn bản; tệp ra: 9 hiện hành, 2 lỗi thời, 1 chưa dựng, 0 lỗi.");
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_data_folder_is_not_followed() {
    let data = congress(2);
    // A link to the root of the disk, and one to a folder with a document.
    std::os::unix::fs::symlink("/", data.path().join("u/goc")).unwrap();
    let elsewhere = data_dir(&[("khac/kh.yaml", PLAN)]);
    std::os::unix::fs::symlink(elsewhere.path().join("khac"), data.path().join("u/khac")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let outcome = build::run(&engine(data.path(), out.path()), &[], Mode::Check, build::Silent);
    assert!(started.elapsed().as_secs() < 20, "walked too long");
    assert!(outcome.ok(), "{:?}", outcome.failed);
    let mut warned: Vec<String> = outcome
        .problems
        .iter()
        .filter(|p| !p.is_error())
        .map(|p| p.file.strip_prefix(data.path().canonicalize().unwrap()).unwrap().display().to_string())
        .collect();
    warned.sort();
    assert_eq!(warned, ["u/goc", "u/khac"]);
    assert!(outcome.problems.iter().all(|p| p.message.starts_with("liên kết này trỏ ra ngoài thư mục dữ liệu")));
    assert!(outcome.built.iter().all(|b| !b.rel.starts_with("u/khac")));
}

#[test]
fn names_that_differ_only_by_unicode_normalisation_are_one_output() {
    use unicode_normalization::UnicodeNormalization;
    let data = congress(1);
    // `Hòa` typed on two machines: precomposed (NFC) and decomposed (NFD).
    let nfc: String = "u/kh-Hòa.yaml".nfc().collect();
    let nfd: String = "u/kh-Hòa.yaml".nfd().collect();
    assert_ne!(nfc, nfd);
    std::fs::write(data.path().join(&nfc), PLAN).unwrap();
    std::fs::write(data.path().join(&nfd), PLAN).unwrap();
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(&engine(data.path(), out.path()), &[], BUILD, build::Silent);
    for name in [&nfc, &nfd] {
        let failed = outcome.failed.iter().find(|f| f.source.ends_with(name.as_str())).expect("refused");
        assert!(failed.problems[0].message.contains("trùng với tệp ra của"), "{:?}", failed.problems);
        assert!(!out.path().join(name.replace(".yaml", ".pdf")).exists());
    }
}
