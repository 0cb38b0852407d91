//! Archive-grade output: every PDF vanban writes conforms to PDF/A-2b, as a
//! validator (the `page_validation` crate) reads it; `--pdf-thuong` writes
//! plain PDF.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use page_validation::{ValidationOptions, ValidationProfile, validate_pdf_bytes};

fn vanban(args: &[&str], out: &Path) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(repo())
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert_eq!(run.status.code(), Some(0), "{text}");
    text
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    all.sort();
    all
}

/// The rules a PDF fails as PDF/A-2b, empty if it conforms.
fn failures(pdf: &Path) -> Vec<String> {
    let options = ValidationOptions::default().profile("2b".parse::<ValidationProfile>().unwrap());
    let report = validate_pdf_bytes(&std::fs::read(pdf).unwrap(), &options).unwrap();
    assert_eq!(report.is_compliant, report.failures.is_empty());
    report.failures.iter().map(|f| f.to_string()).collect()
}

#[test]
fn every_sample_pdf_is_pdf_a_2b_and_the_switch_gives_plain_pdf() {
    let out = tempfile::tempdir().unwrap();
    vanban(&["build"], out.path());
    let all = pdfs(out.path());
    // Every kind, drafts and issued documents, the invitations' print file.
    assert!(all.len() > 80, "{} PDFs", all.len());
    let bad: Vec<String> = all
        .iter()
        .filter_map(|p| {
            let f = failures(p);
            (!f.is_empty()).then(|| format!("{}: {f:?}", p.display()))
        })
        .collect();
    assert!(bad.is_empty(), "{} of {} PDFs fail PDF/A-2b:\n{}", bad.len(), all.len(), bad.join("\n"));
    let plan = out.path().join("ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/ke-hoach.pdf");
    let xmp = String::from_utf8_lossy(&std::fs::read(&plan).unwrap()).into_owned();
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));

    // Plain PDF on request; the change of kind rebuilds every PDF.
    let text = vanban(&["build", "--pdf-thuong"], out.path());
    // (The summary names kept PDFs only when there are some.)
    assert!(!text.contains("giữ nguyên"), "{text}");
    let f = failures(&plan);
    assert!(f.iter().any(|f| f.contains("PDF/A Identification")), "{f:?}");
    assert!(!String::from_utf8_lossy(&std::fs::read(&plan).unwrap()).contains("pdfaid:part"));
}

/// Invitations are many small PDFs: each of hundreds of generated ones
/// conforms, whatever its compressed streams end with (one stream in 256
/// ends in a carriage return, which must not read as a shorter stream),
/// and whatever its title holds (control characters, XML's own).
#[test]
fn hundreds_of_invitations_all_conform() {
    let mut rows = String::from("khach_moi:\n  - ho_ten: \"Lò\\aVăn\\e <B> & \\u0001C\"\n");
    for i in 0..300 {
        rows.push_str(&format!(
            "  - danh_xung: Ông\n    ho_ten: Nguyễn Văn Khách {i}\n    chuc_vu: Trưởng phòng {}\n",
            i * 7
        ));
    }
    let invitation = format!(
        "loai: giay-moi\nso: 12\nngay: 08/07/2024\ntrich_yeu: Dự Đại hội\ntoi_du: Đại hội\nthoi_gian: 19/07/2024 07:30\ndia_diem: Hội trường tỉnh\nluu: VT\n{rows}"
    );
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/gm.yaml", &invitation)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = vanban::build::run(
        &engine,
        &[],
        vanban::build::Mode::Build { emit_typst: false, force: false },
        vanban::build::Silent,
    );
    assert!(outcome.ok(), "{:?}", outcome.all_problems().collect::<Vec<_>>());
    let all = pdfs(out.path());
    assert_eq!(all.len(), 302);
    let odd = std::fs::read(out.path().join("u/gm/001-lo-van-b-c.pdf")).unwrap();
    assert!(String::from_utf8_lossy(&odd).contains("Dự Đại hội - Lò Văn &lt;B&gt; &amp; C</rdf:li>"));
    let bad: Vec<String> =
        all.iter().filter(|p| !failures(p).is_empty()).map(|p| format!("{}: {:?}", p.display(), failures(p))).collect();
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}
