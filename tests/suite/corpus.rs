//! The corpus of bad inputs: each folder of `tests/corpus/` is a data
//! folder with one mistake, and `expect.txt` lists the messages it must
//! give, one per line: `file:line:field:words`, the file below the folder,
//! `*` for any line, `-` for no field. Cases too big or too odd to keep as
//! files (a 50 MB file, a missing fonts folder, broken templates) are made
//! here.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use vanban::build::{self, Engine, Mode, Paths};
use vanban::diag::Problem;

/// Every problem `check` finds under `data`, with the repository's
/// templates and fonts.
fn check(data: &Path) -> Vec<Problem> {
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data, &out.path().join("out"));
    let outcome = build::run(&engine, &[], Mode::Check, build::Silent);
    assert!(!out.path().join("out").exists(), "check wrote something");
    outcome.all_problems().cloned().collect()
}

fn matches(p: &Problem, root: &Path, expect: &str) -> bool {
    let mut f = expect.splitn(4, ':');
    let (Some(file), Some(line), Some(field), Some(words)) = (f.next(), f.next(), f.next(), f.next()) else {
        panic!("bad expect line {expect:?}")
    };
    let rel = p.file.strip_prefix(root).unwrap_or(&p.file);
    rel == Path::new(file)
        && (line == "*" || p.line == Some(line.parse().unwrap()))
        && (if field == "-" { p.field.is_none() } else { p.field.as_deref() == Some(field) })
        && p.message.contains(words)
}

#[test]
fn every_bad_input_of_the_corpus_gives_its_message() {
    let corpus = repo().join("tests/corpus");
    let mut cases: Vec<_> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    cases.sort();
    assert!(cases.len() >= 16, "{} cases", cases.len());
    for case in cases {
        let expect = std::fs::read_to_string(case.join("expect.txt")).unwrap();
        let start = Instant::now();
        let problems = check(&case);
        // The alias bomb among them: refused at once.
        assert!(start.elapsed() < Duration::from_secs(10), "{}", case.display());
        assert!(!problems.is_empty(), "{}: no message", case.display());
        let root = case.canonicalize().unwrap();
        for line in expect.lines().filter(|l| !l.trim().is_empty()) {
            assert!(
                problems.iter().any(|p| matches(p, &root, line) || matches(p, &case, line)),
                "{}: nothing matches {line:?} in\n{}",
                case.display(),
                problems.iter().map(|p| format!("  {p} [{:?}]", p.field)).collect::<Vec<_>>().join("\n")
            );
        }
    }
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_read() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY)]);
    let big = data.path().join("u/lon.yaml");
    let line = "# ".to_string() + &"x".repeat(97) + "\n";
    std::fs::write(&big, line.repeat(500_000)).unwrap();
    assert!(std::fs::metadata(&big).unwrap().len() >= 50_000_000);
    let start = Instant::now();
    let problems = check(data.path());
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].message.contains("tệp quá lớn (50,0 MB)"), "{}", problems[0]);
    assert!(problems[0].file.ends_with("u/lon.yaml"));
}

fn paths(data: &Path, templates: &Path, fonts: &Path, out: &Path) -> Paths {
    Paths { data: data.into(), templates: templates.into(), fonts: fonts.into(), out: out.into() }
}

#[test]
fn a_missing_fonts_folder_is_one_clear_message() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN)]);
    let nowhere = data.path().join("khong-co-phong");
    let err = Engine::new(paths(data.path(), &repo().join("templates"), &nowhere, data.path()))
        .err()
        .expect("no engine without fonts");
    assert!(err.message.contains("không tìm thấy thư mục phông chữ"), "{err}");
    assert!(err.file.ends_with("khong-co-phong"));
}

/// The repository's templates in a temporary copy, with `name` changed.
fn templates_with(name: &str, change: impl FnOnce(String) -> String) -> tempfile::TempDir {
    let dir = templates_copy();
    let file = dir.path().join(name);
    let text = std::fs::read_to_string(&file).unwrap();
    let changed = change(text.clone());
    assert_ne!(changed, text);
    std::fs::write(file, changed).unwrap();
    dir
}

fn template_problems(templates: &Path) -> Vec<Problem> {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let engine = Engine::new(paths(data.path(), templates, &repo().join("fonts"), out.path())).unwrap();
    let outcome = build::run(&engine, &[], Mode::Check, build::Silent);
    outcome.all_problems().cloned().collect()
}

#[test]
fn a_template_with_a_syntax_error_or_an_undefined_variable_names_the_template_and_line() {
    let broken = templates_with("ke-hoach.typ.j2", |t| t.replace("{% endfor %}", "{% endfro %}"));
    let problems = template_problems(broken.path());
    assert!(
        problems.iter().any(|p| p.file.ends_with("ke-hoach.typ.j2")
            && p.line.is_some()
            && p.message.contains("lỗi cú pháp trong mẫu")
            && p.message.contains("u/kh.yaml")),
        "{problems:#?}"
    );
    let undefined =
        templates_with("ke-hoach.typ.j2", |t| t.replace("{{ dong | van_ban }}", "{{ dong_khong_co | van_ban }}"));
    let problems = template_problems(undefined.path());
    assert!(
        problems.iter().any(|p| p.file.ends_with("ke-hoach.typ.j2")
            && p.line.is_some()
            && p.message.contains("mẫu dùng một biến không có")),
        "{problems:#?}"
    );
    let typst = templates_with("vanban.typ", |t| {
        t.replace("#let can-cu(noi-dung) = par(emph(noi-dung))", "#let can-cu(noi-dung) = par(emph(noi-dung)")
    });
    let problems = template_problems(typst.path());
    assert!(
        problems
            .iter()
            .any(|p| p.file.ends_with("vanban.typ") && p.line.is_some() && p.message.contains("lỗi dàn trang Typst")),
        "{problems:#?}"
    );
}
