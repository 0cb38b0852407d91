//! No placeholder goes out: the examples `vanban new` writes (`…`,
//! `Nguyễn Văn A`…) are warned about in a draft, one warning per
//! placeholder naming its line and field, and refuse an issued document,
//! whether they are in its own file or in the `co-quan.yaml` it uses. Real
//! names and real ellipses are not placeholders, and the samples hold none.

use crate::common;

use std::path::{Path, PathBuf};

use common::*;

use common::vanban_in as vanban;
use vanban::build::{self, Mode};
use vanban::decree::placeholder::{Kind, find};
use vanban::diag::{Problem, Severity};

/// The 1-based line of `text` that contains `needle`; there must be one.
fn line_of(text: &str, needle: &str) -> usize {
    let lines: Vec<usize> = text.lines().enumerate().filter(|(_, l)| l.contains(needle)).map(|(i, _)| i + 1).collect();
    assert_eq!(lines.len(), 1, "{needle:?} on lines {lines:?}");
    lines[0]
}

/// The 1-based column of `needle` on line `line` of `text`.
fn column_of(text: &str, line: usize, needle: &str) -> usize {
    let l = text.lines().nth(line - 1).unwrap();
    l[..l.find(needle).unwrap()].chars().count() + 1
}

/// A new project with a draft plan from `vanban new ke-hoach` (and the
/// agency file it writes alongside).
fn new_plan() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let run = vanban(dir.path(), &["new", "ke-hoach", "data/u/dh"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let plan = dir.path().join("data/u/dh/ke-hoach.yaml");
    let agency = dir.path().join("data/u/co-quan.yaml");
    (dir, plan, agency)
}

/// `(file name, line, column, field, severity, message)` of a problem.
type Seen = (String, usize, usize, Option<String>, Severity, String);

fn seen(p: &Problem) -> Seen {
    (
        p.file.file_name().unwrap().to_string_lossy().into_owned(),
        p.line.unwrap_or(0),
        p.column.unwrap_or(0),
        p.field.clone(),
        p.severity,
        p.message.clone(),
    )
}

/// The placeholders of the starter plan: (field, the text locating its
/// line, where on the line it is, the placeholder, its kind of fix).
fn plan_placeholders(text: &str) -> Vec<(usize, usize, &'static str, String)> {
    let blank = |p: &str| format!("thay dấu \"…\" của chỗ trống mẫu \"{p}\" bằng nội dung thật");
    [
        ("trich_yeu", "trich_yeu: Tổ chức Đại hội", "…", blank("Tổ chức Đại hội Thi đua yêu nước tỉnh … lần thứ …")),
        ("can_cu[1]", "  - Căn cứ … (", "…", blank("Căn cứ …")),
        ("mo_dau", "mo_dau: \"Thực hiện …", "…", blank("Thực hiện …")),
        ("noi_dung[1].noi_dung[0].noi_dung[1]", "\"Địa điểm: Hội trường …\"", "…", blank("Hội trường …")),
    ]
    .into_iter()
    .map(|(field, locate, at, fix)| {
        let line = line_of(text, locate);
        (line, column_of(text, line, at), field, fix)
    })
    .collect()
}

/// The placeholders of the starter `co-quan.yaml`, the same way.
fn agency_placeholders(text: &str) -> Vec<(usize, usize, &'static str, String)> {
    let blank = |p: &str| format!("thay dấu \"…\" của chỗ trống mẫu \"{p}\" bằng nội dung thật");
    [
        ("co_quan_ban_hanh", "  TỈNH …", "…", blank("TỈNH …")),
        ("ten_day_du", "ten_day_du: Ủy ban", "…", blank("Ủy ban nhân dân tỉnh …")),
        ("dia_danh", "dia_danh: …", "…", blank("…")),
        (
            "nguoi_ky.ho_ten",
            "ho_ten: Nguyễn Văn A",
            "Nguyễn",
            "thay chỗ trống mẫu \"Nguyễn Văn A\" bằng tên thật".into(),
        ),
    ]
    .into_iter()
    .map(|(field, locate, at, fix)| {
        let line = line_of(text, locate);
        (line, column_of(text, line, at), field, fix)
    })
    .collect()
}

const DRAFT: &str = " (dự thảo vẫn được dựng; văn bản ban hành thì phải điền)";
const SHARED: &str = " (các văn bản dùng tệp này in đúng chỗ đó; văn bản ban hành dùng tệp này sẽ không được dựng)";

#[test]
fn a_draft_plan_from_vanban_new_builds_with_a_warning_per_placeholder() {
    let (dir, plan, agency) = new_plan();
    let plan_text = std::fs::read_to_string(&plan).unwrap();
    let agency_text = std::fs::read_to_string(&agency).unwrap();

    // The library: one warning per placeholder, at its line, column and field.
    let engine = engine(&dir.path().join("data"), &dir.path().join("output"));
    let outcome = build::run(&engine, &[], Mode::Check, build::Silent);
    assert!(outcome.failed.is_empty(), "{:?}", outcome.failed);
    assert_eq!(outcome.built.len(), 1);
    let mut expected: Vec<Seen> = plan_placeholders(&plan_text)
        .into_iter()
        .map(|(l, c, f, fix)| {
            ("ke-hoach.yaml".into(), l, c, Some(f.into()), Severity::Warning, format!("{fix}{DRAFT}"))
        })
        .collect();
    expected.extend(agency_placeholders(&agency_text).into_iter().map(|(l, c, f, fix)| {
        ("co-quan.yaml".into(), l, c, Some(f.into()), Severity::Warning, format!("{fix}{SHARED}"))
    }));
    let got: Vec<Seen> = outcome.built[0].problems.iter().map(seen).collect();
    assert_eq!(got, expected);

    // The command: it builds, and prints each warning once, the plan's
    // first, the agency file's last.
    let run = vanban(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(dir.path().join("output/u/dh/ke-hoach.pdf").is_file());
    let warnings: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with("cảnh báo: ")).collect();
    let printed: Vec<String> = expected
        .iter()
        .map(|(file, l, c, f, _, m)| {
            let path = if file == "ke-hoach.yaml" { "data/u/dh/ke-hoach.yaml" } else { "data/u/co-quan.yaml" };
            format!("cảnh báo: {path}:{l}:{c}: trường `{}`: {m}", f.as_deref().unwrap())
        })
        .collect();
    assert_eq!(warnings, printed);
    assert!(!run.stderr.contains("lỗi: "), "{}", run.stderr);
    assert!(run.stdout.contains("Đã dựng 1 / 1 văn bản, không có lỗi."), "{}", run.stdout);
    assert!(
        run.stdout.contains("8 cảnh báo (xem ở trên): văn bản vẫn được dựng, nhưng nên xem lại."),
        "{}",
        run.stdout
    );
}

/// The starter plan issued: `so` and `ngay` given, `nam` removed.
fn issue(plan: &Path) {
    let text = std::fs::read_to_string(plan).unwrap();
    let issued: String = text
        .lines()
        .map(|l| {
            if let Some(rest) = l.strip_prefix("# so: ").or_else(|| l.strip_prefix("# ngay: ")) {
                format!("{}{rest}", &l[2..l.len() - rest.len()])
            } else if l.starts_with("nam: ") {
                format!("# {l}")
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    assert!(issued.contains("\nso: 5 ") && issued.contains("\nngay: 07/03/") && !issued.contains("\nnam: "));
    std::fs::write(plan, issued).unwrap();
}

#[test]
fn the_same_plan_with_so_and_ngay_is_refused() {
    let (dir, plan, agency) = new_plan();
    issue(&plan);
    let plan_text = std::fs::read_to_string(&plan).unwrap();
    let agency_text = std::fs::read_to_string(&agency).unwrap();

    let engine = engine(&dir.path().join("data"), &dir.path().join("output"));
    let problems = engine.load(&source(&dir.path().join("data"), "u/dh/ke-hoach.yaml")).unwrap_err();
    let issued = "văn bản ban hành còn chỗ trống mẫu: ";
    let tail = "; vanban không dựng văn bản này (nếu vẫn là dự thảo, bỏ `so` và `ngay`)";
    let mut expected: Vec<Seen> = plan_placeholders(&plan_text)
        .into_iter()
        .map(|(l, c, f, fix)| {
            ("ke-hoach.yaml".into(), l, c, Some(f.into()), Severity::Error, format!("{issued}{fix}{tail}"))
        })
        .collect();
    expected.push((
        "ke-hoach.yaml".into(),
        0,
        0,
        None,
        Severity::Error,
        format!(
            "văn bản ban hành dùng {}, mà tệp đó còn 4 chỗ trống mẫu (xem cảnh báo của tệp đó, in ở cuối); vanban \
             không dựng văn bản này cho tới khi điền xong",
            vanban::diag::shown(&agency)
        ),
    ));
    expected.extend(agency_placeholders(&agency_text).into_iter().map(|(l, c, f, fix)| {
        ("co-quan.yaml".into(), l, c, Some(f.into()), Severity::Warning, format!("{fix}{SHARED}"))
    }));
    assert_eq!(problems.iter().map(seen).collect::<Vec<_>>(), expected);

    // The command writes no PDF and fails; the agency file's warnings,
    // the cause, come last.
    let run = vanban(dir.path(), &["build"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(!dir.path().join("output/u/dh/ke-hoach.pdf").exists());
    let lines: Vec<&str> =
        run.stderr.lines().filter(|l| l.starts_with("lỗi: ") || l.starts_with("cảnh báo: ")).collect();
    assert_eq!(lines.len(), 9, "{}", run.stderr);
    assert!(lines[..5].iter().all(|l| l.starts_with("lỗi: data/u/dh/ke-hoach.yaml")), "{lines:#?}");
    assert!(lines[5..].iter().all(|l| l.starts_with("cảnh báo: data/u/co-quan.yaml:")), "{lines:#?}");
    assert!(
        run.stdout.contains("Đã dựng 0 / 1 văn bản; 1 văn bản lỗi, chưa dựng được (lỗi in ở trên)."),
        "{}",
        run.stdout
    );
}

#[test]
fn an_issued_document_that_sets_the_key_itself_does_not_inherit_the_placeholder() {
    let agency = AGENCY.replace("Lê Văn Lương", "Nguyễn Văn A");
    let own_signer = format!(
        "{PLAN}nguoi_ky:\n  quyen_han: TM.\n  tap_the: Ủy ban nhân dân\n  chuc_vu: Chủ tịch\n  ho_ten: Lò Văn Tiến\n"
    );
    let data = data_dir(&[("u/co-quan.yaml", &agency), ("u/a.yaml", PLAN), ("u/b.yaml", &own_signer)]);
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(&engine(data.path(), out.path()), &[], Mode::Check, build::Silent);
    // The plan signed by the agency's placeholder is refused; the one with
    // its own signer is built, with the agency file's warning.
    assert_eq!(outcome.failed.len(), 1);
    assert!(outcome.failed[0].source.ends_with("u/a.yaml"));
    assert_eq!(outcome.built.len(), 1);
    assert!(outcome.built[0].source.ends_with("u/b.yaml"));
    let warning = (
        "co-quan.yaml".to_string(),
        10,
        11,
        Some("nguoi_ky.ho_ten".to_string()),
        Severity::Warning,
        format!("thay chỗ trống mẫu \"Nguyễn Văn A\" bằng tên thật{SHARED}"),
    );
    assert_eq!(outcome.built[0].problems.iter().map(seen).collect::<Vec<_>>(), [warning]);
}

/// `(line, column, field, placeholder, kind)` of each placeholder in `text`.
fn hits(text: &str) -> Vec<(usize, usize, String, String, Kind)> {
    find(text).into_iter().map(|h| (h.line, h.column, h.field, h.placeholder, h.kind)).collect()
}

#[test]
fn a_real_name_is_not_a_placeholder() {
    let text = "\
a: Nguyễn Văn An
b: Nguyễn Văn Anh, Trần Văn Bình, Lê Thị Cúc, Phạm Văn Dũng
c: Ông Nguyễn Văn A.
d: [Trần Văn B, Lò Văn A]
e: XNguyễn Văn A
";
    assert_eq!(
        hits(text),
        [(3, 8, "c".into(), "Nguyễn Văn A".into(), Kind::Name), (4, 5, "d[0]".into(), "Trần Văn B".into(), Kind::Name),]
    );
}

#[test]
fn blanks_are_told_from_ellipses_and_comments_are_not_read() {
    let text = "\
# Nguyễn Văn A, tỉnh … : only a comment
ten: Trường Tiểu học …          # tên: Trần Văn B
mo_ta: Các sở, ngành, v.v… và giấy mời…
kem_theo: Kèm theo Tờ trình số …/TTr-UBND ngày … tháng 7 năm 2024
ghi_chu: \"Địa điểm: …; mục #1 của Lê Thị C\"
co_quan_ban_hanh: |-
  ỦY BAN NHÂN DÂN
  TỈNH … # in chữ
khach_moi:
  - {ho_ten: Phạm Văn D, email: phamvand@example.gov.vn, don_vi: \"Trường Tiểu học …\"}
  - danh_xung: Bà
    ho_ten: Lê Thị Cúc
    dien_thoai: 0200.3800.000
tom_tat: \"… lớp, … học sinh; năm học …; … năm liền\"
website: https://…
";
    let s = |x: &str| x.to_string();
    assert_eq!(
        hits(text),
        [
            (2, 22, s("ten"), s("Trường Tiểu học …"), Kind::Blank),
            // A long value is quoted by the words around its blank.
            (4, 32, s("kem_theo"), s("Tờ trình số …/TTr-UBND ngày …"), Kind::Reference),
            (5, 21, s("ghi_chu"), s("…"), Kind::Loose),
            (5, 35, s("ghi_chu"), s("Lê Thị C"), Kind::Name),
            // In a block scalar `#` is text, and the line is the value.
            (8, 8, s("co_quan_ban_hanh"), s("TỈNH … # in chữ"), Kind::Blank),
            (10, 14, s("khach_moi[0].ho_ten"), s("Phạm Văn D"), Kind::Name),
            (10, 33, s("khach_moi[0].email"), s("phamvand@example.gov.vn"), Kind::Email),
            (10, 83, s("khach_moi[0].don_vi"), s("Trường Tiểu học …"), Kind::Blank),
            (13, 17, s("khach_moi[1].dien_thoai"), s("0200.3800.000"), Kind::Phone),
            (14, 11, s("tom_tat"), s("… lớp"), Kind::Blank),
            (14, 18, s("tom_tat"), s("… học sinh"), Kind::Blank),
            (14, 38, s("tom_tat"), s("năm học …"), Kind::Blank),
            (14, 41, s("tom_tat"), s("… năm liền"), Kind::Blank),
            (15, 18, s("website"), s("https://…"), Kind::Blank),
        ]
    );
}

/// The starters as a clerk may use them: every optional key turned on
/// (`# khoa: …` → `khoa: …`, with the lines of a block value under it).
fn uncommented(text: &str) -> String {
    let mut out = String::new();
    let mut block = false;
    for line in text.lines() {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start().strip_prefix("# ");
        let key_like = body.is_some_and(|b| {
            let b = b.trim_start().trim_start_matches("- ");
            let key: String = b.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
            !key.is_empty() && b[key.len()..].starts_with(": ") || b[key.len()..] == *":"
        });
        let deeper = block && body.is_some_and(|b| b.starts_with("  "));
        match body {
            Some(b) if key_like || deeper => {
                out.push_str(&" ".repeat(indent));
                out.push_str(b);
                block =
                    deeper || b.trim_end().ends_with("|-") || b.split("  #").next().unwrap().trim_end().ends_with("|-");
            }
            _ => {
                out.push_str(line);
                block = false;
            }
        }
        out.push('\n');
    }
    out
}

/// The value part of a starter line: before its comment (starters set
/// comments two spaces or more after the value).
fn value_part(line: &str) -> &str {
    let t = line.trim_start();
    if t.starts_with('#') {
        return "";
    }
    line.split("  #").next().unwrap()
}

#[test]
fn every_placeholder_of_every_starter_is_found_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["dai-hoi", "ke-hoach", "giay-moi", "bao-cao-thanh-tich", "danh-sach-khen-thuong", "kich-ban"] {
        let run = vanban(dir.path(), &["new", kind, "data/u/dh"]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
    }
    // A script of a congress without award forms: its presenters commented out.
    let run = vanban(dir.path(), &["new", "co-quan", "data/v"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::create_dir_all(dir.path().join("data/v/dh")).unwrap();
    std::fs::write(dir.path().join("data/v/dh/dai-hoi.yaml"), "ten: Đại hội Thi đua\n").unwrap();
    let run = vanban(dir.path(), &["new", "kich-ban", "data/v/dh"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(std::fs::read_to_string(dir.path().join("data/v/dh/kich-ban.yaml")).unwrap().contains("\n# trao_thuong:"));

    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir.path().join("data"))
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    assert_eq!(files.len(), 10, "{files:?}");
    let names = vanban::decree::placeholder::NAMES;
    for file in files {
        let text = uncommented(&std::fs::read_to_string(&file).unwrap());
        let found = find(&text);
        let wanted: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| {
                let v = value_part(l);
                v.contains('…')
                    || v.contains("@example.")
                    || v.contains(vanban::decree::placeholder::PHONE)
                    || names.iter().any(|n| v.contains(n))
            })
            .map(|(i, _)| i + 1)
            .collect();
        let mut lines: Vec<usize> = found.iter().map(|h| h.line).collect();
        lines.dedup();
        assert_eq!(lines, wanted, "{}:\n{text}", file.display());
        // Each is known as the starters' own, so an issued document holding
        // it is refused.
        let loose: Vec<_> = found.iter().filter(|h| h.kind == Kind::Loose).collect();
        assert!(loose.is_empty(), "{}: {loose:#?}", file.display());
    }
}

#[test]
fn the_samples_hold_no_placeholder() {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(&engine(&data, out.path()), &[], Mode::Check, build::Silent);
    assert_eq!((outcome.built.len(), outcome.failed.len()), (23, 0));
    let problems: Vec<String> = outcome.all_problems().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "{problems:#?}");
    // The one `…` in them: the number and day of the Tờ trình the draft
    // list goes with, left blank as the draft's own are.
    let mut all = Vec::new();
    for e in walkdir::WalkDir::new(&data).into_iter().map(Result::unwrap) {
        if e.path().extension().is_some_and(|x| x == "yaml") {
            let rel = e.path().strip_prefix(&data).unwrap().display().to_string();
            for h in find(&std::fs::read_to_string(e.path()).unwrap()) {
                all.push((rel.clone(), h.line, h.field, h.kind));
            }
        }
    }
    assert_eq!(
        all,
        [(
            "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/danh-sach-khen-thuong.yaml".to_string(),
            8,
            "kem_theo".to_string(),
            Kind::Reference
        )]
    );
}
