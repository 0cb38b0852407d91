//! Faults: a killed run leaves no partial PDF and the next run completes the
//! batch; an output folder that cannot be written gives one message per
//! document.

use crate::common;

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use common::*;
use vanban::build::{self, Mode};

const BUILD: Mode = Mode::Build { emit_typst: false, force: false };

/// A congress with `n` invitations (and their print file) and a plan.
fn invitations(n: usize) -> tempfile::TempDir {
    let mut csv = String::from("Họ và tên,Chức vụ,Đơn vị\n");
    for i in 0..n {
        csv.push_str(&format!("Nguyễn Văn Người {i},Chỉ huy trưởng,Ban Chỉ huy Quân sự huyện {}\n", i % 8));
    }
    data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        ("u/dh/dai-hoi.yaml", "ten: Đại hội Thi đua\nthoi_gian: 19/07/2024 07:30\ndia_diem: Hội trường tỉnh\n"),
        ("u/dh/khach-moi.csv", &csv),
        ("u/dh/giay-moi.yaml", "loai: giay-moi\nso: 3\nngay: 01/07/2024\nkhach_moi: khach-moi.csv\n"),
        ("u/dh/ke-hoach.yaml", PLAN),
    ])
}

fn files(dir: &Path, ext: &str) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.path().to_path_buf())
        .collect()
}

/// Whole PDFs only: each starts with the header and ends with the trailer.
fn assert_whole(dir: &Path) {
    for pdf in files(dir, "pdf") {
        let bytes = std::fs::read(&pdf).unwrap();
        let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(32)..]).into_owned();
        assert!(bytes.starts_with(b"%PDF-") && tail.trim_end().ends_with("%%EOF"), "partial {}", pdf.display());
    }
}

#[test]
fn a_run_killed_midway_leaves_no_partial_pdf_and_the_next_completes_it() {
    let data = invitations(300);
    let out = tempfile::tempdir().unwrap();
    let vanban = env!("CARGO_BIN_EXE_vanban");
    let args = |out: &Path| {
        let mut c = Command::new(vanban);
        c.arg("build")
            .arg("--data")
            .arg(data.path())
            .arg("--out")
            .arg(out)
            .arg("--templates")
            .arg(repo().join("templates"))
            .arg("--fonts")
            .arg(repo().join("fonts"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        c
    };
    // Kill it once some PDFs are written, long before all are.
    let mut child = args(out.path()).spawn().unwrap();
    let start = Instant::now();
    while files(out.path(), "pdf").len() < 20 && start.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let written = files(out.path(), "pdf").len();
    // 301 invitation PDFs, the plan, and the congress pack.
    assert!((20..303).contains(&written), "{written} PDFs when killed");
    assert_whole(out.path());

    // The next run finishes the batch, and leaves no temporary file.
    let status = args(out.path()).status().unwrap();
    assert!(status.success());
    assert_eq!(files(out.path(), "pdf").len(), 303);
    assert_whole(out.path());
    assert!(files(out.path(), "tmp").is_empty(), "{:?}", files(out.path(), "tmp"));
}

#[test]
fn an_output_folder_that_cannot_be_written_gives_one_message_per_document() {
    let data = invitations(40);
    let out = tempfile::tempdir().unwrap();
    // Where the congress's PDFs go is a file, not a folder: nothing can be
    // written there, whoever runs the test.
    std::fs::create_dir_all(out.path().join("u")).unwrap();
    std::fs::write(out.path().join("u/dh"), "not a folder").unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], BUILD, build::Silent);
    assert_eq!(outcome.failed.len(), 3, "the invitations, the plan and the pack");
    let pack = outcome.failed.iter().find(|f| f.source.ends_with("dai-hoi.yaml")).unwrap();
    assert!(pack.problems[0].message.contains("ke-hoach.yaml có lỗi"), "{:?}", pack.problems);
    for f in outcome.failed.iter().filter(|f| !f.source.ends_with("dai-hoi.yaml")) {
        let writes: Vec<_> = f.problems.iter().filter(|p| p.message.starts_with("không ghi được tệp")).collect();
        assert_eq!(writes.len(), 1, "{:#?}", f.problems);
        assert!(f.problems.len() <= 2, "{:#?}", f.problems);
    }
    let invitations = outcome.failed.iter().find(|f| f.source.ends_with("giay-moi.yaml")).unwrap();
    let message = &invitations.problems[0].message;
    assert!(message.contains("và 40 tệp khác của văn bản này, cùng lý do"), "{message}");
}
