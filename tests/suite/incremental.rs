//! Re-runs typeset only what changed: the build record in the output folder.

use crate::common;

use std::path::Path;

use common::*;
use vanban::build::{self, Engine, Mode, Outcome, Paths};

const BUILD: Mode = Mode::Build { emit_typst: false, force: false };
const FORCE: Mode = Mode::Build { emit_typst: false, force: true };

const CONGRESS: &str = "\
ten: Đại hội Thi đua
thoi_gian: 19/07/2024 07:30
dia_diem: Hội trường tỉnh
chu_tri: Đồng chí Lê Văn Lương, Chủ tịch UBND tỉnh
";

const GUESTS: &str = "\
Họ và tên,Chức vụ,Đơn vị,Nhóm,Thứ tự lễ tân
Nguyễn Văn An,Giám đốc,Sở Nội vụ,Khách mời,2
Trần Thị Bình,Bí thư,Tỉnh ủy,Khách mời,1
Lò Văn Cường,Chiến sĩ,Đại đội 1,Triệu tập,
";

const INVITATION: &str = "loai: giay-moi\nso: 3\nngay: 01/07/2024\nkhach_moi: khach-moi.csv\n";

const SCRIPT: &str = "\
loai: kich-ban
nam: 2024
khach_moi: khach-moi.csv
chuong_trinh:
  - chao-co
  - tuyen-bo-ly-do
  - khai-mac
";

fn congress() -> tempfile::TempDir {
    data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        ("u/dh/dai-hoi.yaml", CONGRESS),
        ("u/dh/khach-moi.csv", GUESTS),
        ("u/dh/giay-moi.yaml", INVITATION),
        ("u/dh/kich-ban.yaml", SCRIPT),
        ("u/dh/ke-hoach.yaml", PLAN),
    ])
}

fn run(engine: &Engine, mode: Mode) -> Outcome {
    let outcome = build::run(engine, &[], mode, build::Silent);
    assert!(outcome.ok(), "{:#?}", outcome.all_problems().collect::<Vec<_>>());
    outcome
}

/// PDFs typeset in a run, by path below the output folder, sorted.
fn typeset(outcome: &Outcome) -> Vec<String> {
    let mut v: Vec<String> = outcome
        .built
        .iter()
        .filter(|b| b.rebuilt > 0)
        .map(|b| format!("{} ({})", b.rel.display(), b.rebuilt))
        .collect();
    v.sort();
    v
}

fn modified(path: &Path) -> std::time::SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn a_second_run_with_nothing_changed_typesets_nothing() {
    let data = congress();
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let first = run(&engine, BUILD);
    // 3 invitations + the print file, the script, the plan, the congress
    // pack.
    assert_eq!(first.counts(), (7, 0));
    let plan = out.path().join("u/dh/ke-hoach.pdf");
    let (before, bytes) = (modified(&plan), std::fs::read(&plan).unwrap());

    // A new engine, as a new `vanban build` would have.
    let engine = common::engine(data.path(), out.path());
    let second = run(&engine, BUILD);
    assert_eq!(second.counts(), (0, 7));
    assert_eq!(modified(&plan), before, "an up-to-date PDF is not rewritten");
    assert_eq!(std::fs::read(&plan).unwrap(), bytes);
    // The page counts still add up, from the record.
    let pages = |o: &Outcome| o.built.iter().map(|b| b.pages).sum::<usize>();
    assert_eq!(pages(&first), pages(&second));
    // `--force` typesets everything again.
    assert_eq!(run(&engine, FORCE).counts(), (7, 0));
}

#[test]
fn one_invitee_renamed_rebuilds_only_what_names_them() {
    let data = congress();
    let out = tempfile::tempdir().unwrap();
    run(&engine(data.path(), out.path()), BUILD);
    let csv = data.path().join("u/dh/khach-moi.csv");
    let text = std::fs::read_to_string(&csv).unwrap().replace("Nguyễn Văn An", "Nguyễn Văn Ân");
    std::fs::write(&csv, text).unwrap();
    let outcome = run(&engine(data.path(), out.path()), BUILD);
    // Their invitation (a new file name), the print file, the script that
    // introduces them and the pack that holds the script; not the other
    // invitations, not the plan.
    assert_eq!(typeset(&outcome), ["u/dh/dai-hoi.yaml (1)", "u/dh/giay-moi.yaml (2)", "u/dh/kich-ban.yaml (1)"]);
    assert_eq!(outcome.counts(), (4, 3));
    assert!(out.path().join("u/dh/giay-moi/001-nguyen-van-an.pdf").is_file());
}

#[test]
fn a_deleted_pdf_is_rebuilt_and_a_template_change_rebuilds_everything() {
    let data = congress();
    let out = tempfile::tempdir().unwrap();
    run(&engine(data.path(), out.path()), BUILD);
    std::fs::remove_file(out.path().join("u/dh/ke-hoach.pdf")).unwrap();
    let outcome = run(&engine(data.path(), out.path()), BUILD);
    assert_eq!(typeset(&outcome), ["u/dh/ke-hoach.yaml (1)"]);
    assert!(out.path().join("u/dh/ke-hoach.pdf").is_file());

    // A copy of the templates with one layout value changed.
    let templates = templates_copy();
    let values = templates.path().join("the-thuc.yaml");
    let text = std::fs::read_to_string(&values).unwrap();
    let changed = text.replace("\ncho_ky: 30\n", "\ncho_ky: 28\n");
    assert_ne!(text, changed);
    std::fs::write(&values, changed).unwrap();
    let paths = |templates: &Path| Paths {
        data: data.path().to_path_buf(),
        templates: templates.to_path_buf(),
        fonts: repo().join("fonts"),
        out: out.path().to_path_buf(),
    };
    let engine = Engine::new(paths(templates.path())).unwrap();
    assert_eq!(run(&engine, BUILD).counts(), (7, 0));
    // Back to the project's templates: everything again.
    let engine = Engine::new(paths(&repo().join("templates"))).unwrap();
    assert_eq!(run(&engine, BUILD).counts(), (7, 0));
}

#[test]
fn a_document_that_now_fails_keeps_its_old_pdf_and_is_rebuilt_once_fixed() {
    let data = congress();
    let out = tempfile::tempdir().unwrap();
    run(&engine(data.path(), out.path()), BUILD);
    let plan = data.path().join("u/dh/ke-hoach.yaml");
    std::fs::write(&plan, PLAN.replace("trich_yeu:", "trich_yue:")).unwrap();
    let outcome = build::run(&engine(data.path(), out.path()), &[], BUILD, build::Silent);
    // The plan, and the pack that holds it.
    assert_eq!(outcome.failed.len(), 2);
    for failed in &outcome.failed {
        let stale = failed.stale.first().expect("the old PDF is kept, marked stale");
        assert!(stale.is_file());
    }
    std::fs::write(&plan, PLAN).unwrap();
    let outcome = run(&engine(data.path(), out.path()), BUILD);
    assert_eq!(typeset(&outcome), Vec::<String>::new(), "the old PDF was still right");
    std::fs::write(&plan, PLAN.replace("Đánh giá kết quả.", "Đánh giá kết quả thi đua.")).unwrap();
    let outcome = run(&engine(data.path(), out.path()), BUILD);
    assert_eq!(typeset(&outcome), ["u/dh/dai-hoi.yaml (1)", "u/dh/ke-hoach.yaml (1)"]);
}
