//! `vanban new`: every kind's starter builds as it is written, explains
//! every key the model accepts, never writes over a file, and writes what
//! it needs (agency, congress, a report) only when it is missing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde_yaml::{Mapping, Value};
use vanban::kinds::{
    award_list::AwardListFile, invitation::InvitationFile, plan::PlanFile, report::ReportFile, script::ScriptFile,
};
use vanban::source::shared::{AgencyFile, CongressFile};

use crate::common;

use common::{CliRun, repo, vanban_in as vanban};

impl CliRun {
    /// The files `vanban new` says it wrote, as shown.
    fn written(&self) -> Vec<String> {
        self.stdout.lines().filter_map(|l| l.trim().strip_prefix("đã tạo")).map(|f| f.trim().to_string()).collect()
    }
}

/// `vanban new`, which must succeed.
fn new(dir: &Path, kind: &str, path: &str) -> CliRun {
    let run = vanban(dir, &["new", kind, path]);
    assert!(run.ok, "vanban new {kind} {path}:\n{}{}", run.stdout, run.stderr);
    run
}

/// `vanban build`, which must succeed with no problem.
fn build(dir: &Path) -> CliRun {
    let run = vanban(dir, &["build"]);
    assert!(run.ok, "vanban build:\n{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("không có lỗi"), "{}", run.stdout);
    run
}

/// Every file under `dir`, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect()
}

/// The files under `dir/data`, relative to `dir`, sorted.
fn data_files(dir: &Path) -> Vec<String> {
    snapshot(&dir.join("data")).into_keys().map(|p| format!("data/{}", p.display())).collect()
}

fn sorted(v: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

fn assert_pdfs(dir: &Path, pdfs: &[&str]) {
    for pdf in pdfs {
        let bytes = std::fs::read(dir.join("output").join(pdf)).unwrap_or_else(|_| panic!("no output/{pdf}"));
        assert!(bytes.starts_with(b"%PDF-"), "output/{pdf} is not a PDF");
    }
}

#[test]
fn each_document_kind_builds_as_written() {
    // (kind, files written, PDFs built); the folder is data/u/dh each time.
    let cases: [(&str, &[&str], &[&str]); 5] = [
        ("ke-hoach", &["data/u/dh/ke-hoach.yaml", "data/u/co-quan.yaml"], &["u/dh/ke-hoach.pdf"]),
        (
            "giay-moi",
            &["data/u/dh/giay-moi.yaml", "data/u/co-quan.yaml", "data/u/dh/dai-hoi.yaml"],
            &[
                "u/dh/giay-moi.pdf",
                "u/dh/giay-moi/001-tran-van-b.pdf",
                "u/dh/giay-moi/002-le-thi-c.pdf",
                "u/dh/giay-moi/003-pham-van-d.pdf",
                "u/dh/giay-moi/004-lanh-dao-so-van-hoa-the-thao-va-du-lich.pdf",
            ],
        ),
        (
            "bao-cao-thanh-tich",
            &["data/u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.yaml", "data/u/co-quan.yaml"],
            &["u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.pdf"],
        ),
        (
            "danh-sach-khen-thuong",
            &[
                "data/u/dh/danh-sach-khen-thuong.yaml",
                "data/u/co-quan.yaml",
                "data/u/dh/dai-hoi.yaml",
                "data/u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.yaml",
            ],
            &["u/dh/danh-sach-khen-thuong.pdf", "u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.pdf"],
        ),
        (
            "kich-ban",
            &[
                "data/u/dh/kich-ban.yaml",
                "data/u/co-quan.yaml",
                "data/u/dh/dai-hoi.yaml",
                "data/u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.yaml",
            ],
            &["u/dh/kich-ban.pdf", "u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.pdf"],
        ),
    ];
    for (kind, files, pdfs) in cases {
        let dir = tempfile::tempdir().unwrap();
        let run = new(dir.path(), kind, "data/u/dh");
        // The file asked for first, then what it needs; nothing else.
        assert_eq!(run.written(), files, "{kind}");
        assert_eq!(data_files(dir.path()), sorted(files), "{kind}");
        build(dir.path());
        assert_pdfs(dir.path(), pdfs);
        if kind == "giay-moi" {
            let csv = std::fs::read_to_string(dir.path().join("output/u/dh/giay-moi/danh-sach-gui.csv")).unwrap();
            assert!(csv.contains("tranvanb@example.gov.vn"), "{csv}");
        }
    }
}

#[test]
fn agency_and_congress_files_serve_the_documents_written_after_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(new(d, "co-quan", "data/u").written(), ["data/u/co-quan.yaml"]);
    assert_eq!(new(d, "dai-hoi", "data/u/dh").written(), ["data/u/dh/dai-hoi.yaml"]);
    // They are there: the documents write neither again.
    assert_eq!(new(d, "ke-hoach", "data/u/dh").written(), ["data/u/dh/ke-hoach.yaml"]);
    assert_eq!(new(d, "giay-moi", "data/u/dh/giay-moi.yaml").written(), ["data/u/dh/giay-moi.yaml"]);
    // In a congress folder the plan takes its subject from dai-hoi.yaml.
    let plan = std::fs::read_to_string(d.join("data/u/dh/ke-hoach.yaml")).unwrap();
    assert!(plan.lines().any(|l| l.starts_with("# trich_yeu: ")), "{plan}");
    build(d);
    assert_pdfs(d, &["u/dh/ke-hoach.pdf", "u/dh/giay-moi.pdf"]);

    // A congress in a new agency brings the agency file with it.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(new(dir.path(), "dai-hoi", "data/v/dh").written(), ["data/v/dh/dai-hoi.yaml", "data/v/co-quan.yaml"]);
    // A plan outside any congress writes its own subject.
    assert_eq!(new(dir.path(), "ke-hoach", "data/v/khac.yaml").written(), ["data/v/khac.yaml"]);
    let plan = std::fs::read_to_string(dir.path().join("data/v/khac.yaml")).unwrap();
    assert!(plan.lines().any(|l| l.starts_with("trich_yeu: ")), "{plan}");
    build(dir.path());
    assert_pdfs(dir.path(), &["v/khac.pdf"]);
}

#[test]
fn a_second_new_on_the_same_path_fails_and_changes_nothing() {
    let cases = [
        ("co-quan", "data/u", "data/u/co-quan.yaml"),
        ("dai-hoi", "data/u/dh", "data/u/dh/dai-hoi.yaml"),
        ("ke-hoach", "data/u/dh", "data/u/dh/ke-hoach.yaml"),
        ("giay-moi", "data/u/dh/giay-moi.yaml", "data/u/dh/giay-moi.yaml"),
        (
            "bao-cao-thanh-tich",
            "data/u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.yaml",
            "data/u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.yaml",
        ),
        ("danh-sach-khen-thuong", "data/u/dh", "data/u/dh/danh-sach-khen-thuong.yaml"),
        ("kich-ban", "data/u/dh", "data/u/dh/kich-ban.yaml"),
    ];
    for (kind, path, file) in cases {
        let dir = tempfile::tempdir().unwrap();
        new(dir.path(), kind, path);
        // Edited by the user since.
        let edited = dir.path().join(file);
        let mut text = std::fs::read_to_string(&edited).unwrap();
        text.push_str("# đã sửa\n");
        std::fs::write(&edited, &text).unwrap();
        let before = snapshot(dir.path());
        let run = vanban(dir.path(), &["new", kind, path]);
        assert_eq!(run.code, 1, "{kind}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(&format!("{file}: tệp này đã có")), "{kind}: {}", run.stderr);
        assert!(run.stderr.contains("không ghi đè"), "{}", run.stderr);
        assert!(run.written().is_empty(), "{}", run.stdout);
        assert_eq!(snapshot(dir.path()), before, "{kind}: files changed");
    }
}

#[test]
fn an_unknown_kind_lists_the_kinds_and_suggests_the_nearest() {
    let dir = tempfile::tempdir().unwrap();
    for (typed, near) in
        [("ke-hoac", "ke-hoach"), ("giaymoi", "giay-moi"), ("bao-cao", "bao-cao-thanh-tich"), ("coquan", "co-quan")]
    {
        let run = vanban(dir.path(), &["new", typed, "data/u"]);
        assert_eq!(run.code, 1, "{typed}");
        assert!(run.stderr.contains(&format!("không có loại `{typed}`")), "{}", run.stderr);
        assert!(run.stderr.contains(&format!("Có phải ý bạn là `{near}`?")), "{}", run.stderr);
        assert!(
            run.stderr.contains(
                "Các loại: co-quan, dai-hoi, ke-hoach, giay-moi, bao-cao-thanh-tich, danh-sach-khen-thuong, to-trinh, bien-ban, quyet-dinh, bang-khen, kich-ban, the-dai-bieu, bien-ten."
            ),
            "{}",
            run.stderr
        );
    }
    let run = vanban(dir.path(), &["new", "nghi-quyet", "data/u"]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains("Có phải ý bạn là"), "{}", run.stderr);
    assert!(!dir.path().join("data").exists(), "nothing is written for an unknown kind");
    // Case, diacritics and `_` are forgiven.
    assert_eq!(new(dir.path(), "Kế_hoạch", "data/u").written(), ["data/u/ke-hoach.yaml", "data/u/co-quan.yaml"]);
}

#[test]
fn reports_are_numbered_in_the_congress_reports_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut congress = std::fs::read_to_string(repo().join("templates/moi/dai-hoi.yaml")).unwrap();
    congress = congress.replace("@@NAM_DAU@@", "2020").replace("@@NAM@@", "2025");
    // A congress of its own award forms: the report proposes the highest.
    let congress =
        congress.replace("  - Bằng khen của Thủ tướng Chính phủ\n", "  - \"Huân chương Lao động hạng Ba: tập thể\"\n");
    std::fs::create_dir_all(d.join("data/u/dh")).unwrap();
    std::fs::write(d.join("data/u/dh/dai-hoi.yaml"), congress).unwrap();
    let first = new(d, "bao-cao-thanh-tich", "data/u/dh");
    assert_eq!(first.written(), ["data/u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.yaml", "data/u/co-quan.yaml"]);
    let second = new(d, "bao-cao-thanh-tich", "data/u/dh");
    assert_eq!(second.written(), ["data/u/dh/bao-cao-thanh-tich/02-bao-cao-thanh-tich.yaml"]);
    let third = new(d, "bao-cao-thanh-tich", "data/u/dh/bao-cao-thanh-tich");
    assert_eq!(third.written(), ["data/u/dh/bao-cao-thanh-tich/03-bao-cao-thanh-tich.yaml"]);
    let report = std::fs::read_to_string(d.join("data/u/dh/bao-cao-thanh-tich/01-bao-cao-thanh-tich.yaml")).unwrap();
    assert!(report.contains("\nde_nghi: \"Huân chương Lao động hạng Ba: tập thể\"\n"), "{report}");
    // The list and the script read these reports and write none; the script
    // has a presenter for every award form.
    assert_eq!(new(d, "danh-sach-khen-thuong", "data/u/dh").written(), ["data/u/dh/danh-sach-khen-thuong.yaml"]);
    assert_eq!(new(d, "kich-ban", "data/u/dh").written(), ["data/u/dh/kich-ban.yaml"]);
    let script = std::fs::read_to_string(d.join("data/u/dh/kich-ban.yaml")).unwrap();
    assert!(script.contains("  - hinh_thuc: \"Huân chương Lao động hạng Ba: tập thể\""), "{script}");
    assert_eq!(script.matches("  - hinh_thuc: ").count(), 3, "{script}");
    build(d);
    assert_pdfs(
        d,
        &["u/dh/bao-cao-thanh-tich/03-bao-cao-thanh-tich.pdf", "u/dh/danh-sach-khen-thuong.pdf", "u/dh/kich-ban.pdf"],
    );
}

#[test]
fn a_congress_without_time_place_or_awards_is_completed_in_the_document() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir_all(d.join("data/u/dh")).unwrap();
    std::fs::write(d.join("data/u/dh/dai-hoi.yaml"), "ten: Đại hội Thi đua yêu nước tỉnh …\ngiai_doan: 2020-2025\n")
        .unwrap();
    // The invitation sets the time and place the congress lacks.
    new(d, "giay-moi", "data/u/dh");
    let invitation = std::fs::read_to_string(d.join("data/u/dh/giay-moi.yaml")).unwrap();
    assert!(invitation.lines().any(|l| l.starts_with("thoi_gian: ")), "{invitation}");
    assert!(invitation.lines().any(|l| l.starts_with("dia_diem: ")), "{invitation}");
    // The script leaves the award ceremony out, and says why; no report.
    assert_eq!(new(d, "kich-ban", "data/u/dh").written(), ["data/u/dh/kich-ban.yaml"]);
    let script = std::fs::read_to_string(d.join("data/u/dh/kich-ban.yaml")).unwrap();
    assert!(script.contains("\n# bao_cao: bao-cao-thanh-tich\n"), "{script}");
    assert!(script.contains("\n#   - muc: trao-thuong"), "{script}");
    assert!(script.contains("ĐANG TẮT: dai-hoi.yaml chưa có `khen_thuong`"), "{script}");
    // A list cannot be made without award forms: nothing is written.
    let before = snapshot(d);
    let run = vanban(d, &["new", "danh-sach-khen-thuong", "data/u/dh"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("data/u/dh/dai-hoi.yaml: trường `khen_thuong`: chưa có khóa `khen_thuong`"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(d), before);
    build(d);
    assert_pdfs(d, &["u/dh/giay-moi.pdf", "u/dh/kich-ban.pdf"]);
}

#[test]
fn files_go_where_vanban_reads_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fails = |kind: &str, path: &str, says: &str| {
        let run = vanban(d, &["new", kind, path]);
        assert_eq!(run.code, 1, "{kind} {path}");
        assert!(run.stderr.contains(says), "{kind} {path}: {}", run.stderr);
        assert!(!d.join("data").exists(), "{kind} {path} wrote something");
    };
    // An agency file only directly below data/; a document inside an agency.
    fails("co-quan", "data", "tệp phải nằm trong thư mục của một cơ quan");
    fails("co-quan", "data/u/dh", "vanban chỉ đọc co-quan.yaml của thư mục cơ quan ngay dưới data");
    fails("ke-hoach", "data/ke-hoach.yaml", "tệp phải nằm trong thư mục của một cơ quan");
    // Names vanban reads otherwise, or not at all.
    fails("dai-hoi", "data/u/dh/dai-hoi-2025.yaml", "vanban chỉ đọc tệp tên `dai-hoi.yaml`");
    fails("ke-hoach", "data/u/dai-hoi.yaml", "là tên dành riêng");
    fails("ke-hoach", "data/u/.ke-hoach.yaml", "vanban bỏ qua tệp");
}

// ---------------------------------------------------------------------------
// Every key the model accepts appears in the starter, with its explanation.

/// A line that sets a key, or shows it commented out (`# khoa: …`).
#[derive(Debug)]
struct KeyLine {
    key: String,
    /// At the top level of the file.
    top: bool,
    /// With a comment after the value.
    inline_comment: bool,
}

fn key_line(line: &str) -> Option<KeyLine> {
    let lead = line.len() - line.trim_start().len();
    let s = line.trim_start();
    let (body, indent) = match s.strip_prefix('#') {
        Some(rest) => {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            (rest.trim_start(), lead + rest.len() - rest.trim_start().len())
        }
        None => (s, lead),
    };
    let item = body.strip_prefix("- ");
    let body_key = item.unwrap_or(body);
    let key: String = body_key.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
    let after = &body_key[key.len()..];
    if key.is_empty() || !(after == ":" || after.starts_with(": ")) {
        return None;
    }
    Some(KeyLine { key, top: indent == 0 && item.is_none(), inline_comment: after.contains(" #") })
}

fn is_comment(line: &str) -> bool {
    line.trim_start().starts_with('#')
}

/// Every key line of a starter, checked to be explained: by a comment after
/// its value, or by the comment lines just above it.
fn explained_keys(kind: &str, text: &str) -> Vec<KeyLine> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(k) = key_line(line) else { continue };
        let prose_above = i > 0 && is_comment(lines[i - 1]) && key_line(lines[i - 1]).is_none();
        assert!(
            k.inline_comment || prose_above,
            "{kind}, line {}: key `{}` has no comment explaining it:\n{line}",
            i + 1,
            k.key
        );
        out.push(k);
    }
    out
}

/// Inserts `khoa_la: 1` into the map at `at` (`[]` appends a new item to a
/// list), making what is missing.
fn inject(root: &mut Value, at: &[&str]) {
    let mut here = root;
    for step in at {
        if *step == "[]" {
            if !here.is_sequence() {
                *here = Value::Sequence(Vec::new());
            }
            let list = here.as_sequence_mut().unwrap();
            list.push(Value::Mapping(Mapping::new()));
            here = list.last_mut().unwrap();
        } else {
            if !here.is_mapping() {
                *here = Value::Mapping(Mapping::new());
            }
            here = here.as_mapping_mut().unwrap().entry(Value::from(*step)).or_insert(Value::Null);
        }
    }
    if !here.is_mapping() {
        *here = Value::Mapping(Mapping::new());
    }
    here.as_mapping_mut().unwrap().insert(Value::from("khoa_la"), Value::from(1));
}

/// The keys the model accepts at `at`, from vanban's own unknown-key message.
fn accepted<T: DeserializeOwned>(kind: &str, text: &str, at: &[&str]) -> Vec<String> {
    let mut doc: Value = serde_yaml::from_str(text).unwrap();
    inject(&mut doc, at);
    let probe = serde_yaml::to_string(&doc).unwrap();
    let err = match vanban::source::yaml::parse::<T>(Path::new("probe.yaml"), &probe) {
        Ok(_) => panic!("{kind} {at:?}: the unknown key was accepted"),
        Err(p) => p,
    };
    assert!(err.message.starts_with("khóa `khoa_la` không có ở đây."), "{kind} {at:?}: {err}");
    let list = err.message.split("Các khóa được phép: ").nth(1).unwrap_or_else(|| panic!("{kind} {at:?}: {err}"));
    list.trim_end_matches('.').split(", ").map(str::to_string).collect()
}

type Probe = fn(&str, &str, &[&str]) -> Vec<String>;

#[test]
fn every_key_the_model_accepts_is_in_the_starter_with_a_comment() {
    let agency: &[&[&str]] = &[&[], &["nguoi_ky"]];
    let kinds: [(&str, Probe, &[&[&str]]); 7] = [
        ("co-quan", accepted::<AgencyFile>, agency),
        ("dai-hoi", accepted::<CongressFile>, &[&[]]),
        ("ke-hoach", accepted::<PlanFile>, &[&[], &["nguoi_ky"], &["noi_dung", "[]"], &["phu_luc", "[]"]]),
        ("giay-moi", accepted::<InvitationFile>, &[&[], &["nguoi_ky"], &["khach_moi", "[]"], &["phu_luc", "[]"]]),
        (
            "bao-cao-thanh-tich",
            accepted::<ReportFile>,
            &[
                &[],
                &["thong_tin_chung"],
                &["thong_tin_chung", "noi_dung", "[]"],
                &["thanh_tich", "[]"],
                &["thanh_tich", "[]", "bang_chi_tieu", "[]"],
                &["danh_hieu_da_dat", "[]"],
                &["khen_thuong_da_nhan", "[]"],
                &["thu_truong"],
                &["xac_nhan"],
            ],
        ),
        ("danh-sach-khen-thuong", accepted::<AwardListFile>, &[&[], &["nguoi_ky"], &["phu_luc", "[]"]]),
        (
            "kich-ban",
            accepted::<ScriptFile>,
            &[
                &[],
                &["nguoi_ky"],
                &["khach_moi", "[]"],
                &["trao_thuong", "[]"],
                &["chuong_trinh", "[]"],
                &["chuong_trinh", "[]", "tham_luan", "[]"],
                &["phu_luc", "[]"],
            ],
        ),
    ];
    // Keys the model reads there but refuses for this kind.
    let refused: &[(&str, &str)] = &[("ke-hoach", "bang_chi_tieu")];
    for (kind, probe, places) in kinds {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join(if kind == "co-quan" { "data/u" } else { "data/u/dh" });
        let written = vanban::starter::write(kind, &folder).unwrap_or_else(|p| panic!("{kind}: {p}"));
        let text = std::fs::read_to_string(&written[0]).unwrap();
        assert!(!text.contains("@@"), "{kind}: a marker is left:\n{text}");
        let lines = explained_keys(kind, &text);
        let mut known = BTreeSet::new();
        for at in places {
            for key in probe(kind, &text, at) {
                known.insert(key.clone());
                if refused.contains(&(kind, key.as_str())) {
                    continue;
                }
                let found = lines.iter().any(|l| l.key == key && (l.top || !at.is_empty()));
                assert!(found, "{kind}: key `{key}` (at {at:?}) is missing from the starter");
            }
        }
        // And no key line names a key the model does not have.
        for l in &lines {
            assert!(known.contains(&l.key), "{kind}: the starter shows `{}`, which is no key of the model", l.key);
        }
        // The supporting files explain their keys too.
        for other in &written[1..] {
            let text = std::fs::read_to_string(other).unwrap();
            assert!(!text.contains("@@"), "{}: a marker is left", other.display());
            explained_keys(&other.display().to_string(), &text);
        }
    }
}

#[test]
fn the_documents_are_drafts_that_say_how_to_issue_them() {
    // Badges, name cards and certificates are printed for the congress,
    // not issued: they have no number and no date of their own.
    let printed = ["the-dai-bieu", "bien-ten", "bang-khen"];
    for kind in vanban::kinds::KINDS.map(|k| k.key).into_iter().filter(|k| !printed.contains(k)) {
        let dir = tempfile::tempdir().unwrap();
        let written = vanban::starter::write(kind, &dir.path().join("data/u/dh")).unwrap();
        let text = std::fs::read_to_string(&written[0]).unwrap();
        let set = |key: &str| text.lines().any(|l| l.starts_with(&format!("{key}: ")));
        let shown = |key: &str| text.lines().any(|l| l.starts_with(&format!("# {key}: ")));
        assert!(set("nam") && !set("ngay") && !set("so") && !set("du_thao"), "{kind}: not a draft");
        assert!(shown("ngay") && shown("du_thao"), "{kind}");
        assert!(text.contains("DỰ THẢO"), "{kind}");
        if kind != "bao-cao-thanh-tich" {
            assert!(shown("so"), "{kind}");
        }
    }
}
