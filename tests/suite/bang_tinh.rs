//! Invitee lists as offices export them, end to end: an Excel file with title
//! rows, a merged title, unknown columns, a formula error, a boolean and a
//! reversed name; the same list as CSV in UTF-8, UTF-16 and Windows-1258; a
//! zip bomb refused with bounded memory while the other agency still builds.

use crate::common;

use std::path::Path;

use common::*;
use vanban::build::{self, Mode};
use vanban::diag::Severity;

const INVITATION: &str = "loai: giay-moi\nnam: 2024\ntrich_yeu: Dự họp\ntoi_du: Cuộc họp\n\
thoi_gian: 19/07/2024 07:30\ndia_diem: Phòng họp\nkhach_moi: ds.";

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/fixtures/bang-tinh").join(name)).unwrap()
}

/// A data folder with one invitation reading `name` as its list.
fn with_list(name: &str) -> tempfile::TempDir {
    let ext = Path::new(name).extension().unwrap().to_str().unwrap();
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/gm.yaml", &format!("{INVITATION}{ext}\n"))]);
    std::fs::write(data.path().join(format!("u/ds.{ext}")), fixture(name)).unwrap();
    data
}

#[test]
fn an_office_workbook_builds_its_good_rows_and_names_each_bad_cell() {
    let data = with_list("khach-moi-van-phong.xlsx");
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(
        &engine(data.path(), out.path()),
        &[],
        Mode::Build { emit_typst: false, force: false },
        build::Silent,
    );
    let failed = &outcome.failed[0];
    let at = |sev: Severity, line: usize, col: usize| {
        failed.problems.iter().find(|p| p.severity == sev && p.line == Some(line) && p.column == Some(col))
    };
    // Unknown columns of the header (row 4) are warnings naming them.
    for (col, heading) in [(5, "Điện thoại"), (6, "Ghi chú 2"), (7, "Ngày sinh")] {
        let p = at(Severity::Warning, 4, col).unwrap_or_else(|| panic!("{heading}: {:?}", failed.problems));
        assert_eq!(p.field.as_deref(), Some(heading));
        assert!(p.message.starts_with(&format!("cột `{heading}` không rõ là gì nên được bỏ qua")), "{}", p.message);
    }
    // Bad cells are errors at their row and column, in the spreadsheet.
    let na = at(Severity::Error, 7, 3).expect("#N/A");
    assert!(na.file.ends_with("u/ds.xlsx") && na.message.contains("#N/A"), "{na:?}");
    assert!(at(Severity::Error, 9, 4).expect("TRUE").message.contains("đúng/sai"));
    assert!(at(Severity::Error, 10, 2).expect("U+202E").message.contains("U+202E"));
    assert_eq!(failed.problems.iter().filter(|p| p.is_error()).count(), 3, "{:?}", failed.problems);
    // The good rows are built, numbered by their place in the list.
    let folder = out.path().join("u/gm");
    let mut made: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    made.sort();
    assert_eq!(
        made,
        ["001-lo-van-an.pdf", "002-nguyen-thi-hong-nhung.pdf", "004-vang-thi-my.pdf", "007-giang-a-chu.pdf"]
    );
    // Nothing of a bad cell reaches an output.
    let mailing = std::fs::read_to_string(folder.join("danh-sach-gui.csv")).unwrap();
    for bad in ["#N/A", "TRUE", "\u{202e}"] {
        assert!(!mailing.contains(bad), "{bad} in {mailing}");
    }
    assert!(mailing.contains("Lò Văn An") && mailing.contains("Giàng A Chu"), "{mailing}");
}

#[test]
fn csv_in_every_excel_encoding_prints_the_same_names() {
    let mut lists = Vec::new();
    for name in ["khach-moi-utf8.csv", "khach-moi-utf8-bom.csv", "khach-moi-utf16.csv", "khach-moi-cp1258.csv"] {
        let data = with_list(name);
        let out = tempfile::tempdir().unwrap();
        let engine = engine(data.path(), out.path());
        let outcome = build::run(&engine, &[], Mode::Build { emit_typst: false, force: false }, build::Silent);
        assert!(outcome.failed.is_empty(), "{name}: {:?}", outcome.failed);
        let mailing = std::fs::read(out.path().join("u/gm/danh-sach-gui.csv")).unwrap();
        // The names as laid out in the first invitation: NFC, as typed.
        let laid = Laid::of(&lay_out_part(&engine, &source(data.path(), "u/gm.yaml"), 0));
        assert_eq!(laid.find("Lò Văn An").len(), 1, "{name}: {}", laid.text());
        lists.push((name, mailing));
    }
    for (name, mailing) in &lists[1..] {
        assert_eq!(mailing, &lists[0].1, "{name} gives another list than the UTF-8 file");
    }
    let text = String::from_utf8(lists[0].1.clone()).unwrap();
    for who in ["Nguyễn Thị Hồng Nhung", "Vàng Thị Mỷ", "Giàng A Chu"] {
        assert!(text.contains(who), "{who}: {text}");
    }
}

#[test]
fn a_csv_in_no_known_encoding_says_how_to_save_it() {
    let data = with_list("khach-moi-la.csv");
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(&engine(data.path(), out.path()), &[], Mode::Check, build::Silent);
    let p = &outcome.failed[0].problems[0];
    assert!(p.file.ends_with("u/gm.yaml") && p.field.as_deref() == Some("khach_moi"), "{p:?}");
    assert!(p.message.contains("ds.csv: không đọc được bảng mã của tệp CSV"), "{}", p.message);
    assert!(p.message.contains("CSV UTF-8"), "{}", p.message);
}

#[cfg(unix)]
#[test]
// Reaped by wait4 below, which std's Child does not know of.
#[allow(clippy::zombie_processes)]
fn a_zip_bomb_is_refused_in_bounded_memory_and_the_other_agency_builds() {
    use std::os::unix::process::ExitStatusExt;
    let data = with_list("bom-nen.xlsx");
    std::fs::create_dir_all(data.path().join("v")).unwrap();
    std::fs::write(data.path().join("v/co-quan.yaml"), AGENCY).unwrap();
    std::fs::write(data.path().join("v/kh.yaml"), PLAN).unwrap();
    let out = tempfile::tempdir().unwrap();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(repo())
        .args(["build", "--data"])
        .arg(data.path())
        .arg("--out")
        .arg(out.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    // wait4 gives the child's peak memory; its pipes are small enough not to block.
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    assert_eq!(unsafe { libc::wait4(pid, &mut status, 0, &mut usage) }, pid);
    let status = std::process::ExitStatus::from_raw(status);
    let peak_mb = usage.ru_maxrss as f64 / 1024.0;
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.unwrap(), &mut stderr).unwrap();
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("ds.xlsx: tệp bảng tính quá lớn khi giải nén"), "{stderr}");
    assert!(out.path().join("v/kh.pdf").is_file(), "the other agency's plan was not built");
    assert!(peak_mb < 250.0, "peak {peak_mb:.0} MB");
}
