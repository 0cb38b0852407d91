//! Messages a clerk can act on: one root cause is printed once, last, after
//! a one-line mention of each document that depends on it, and no line is
//! printed twice; the YAML parser's syntax errors are said in Vietnamese,
//! with the fix, at the line where the problem starts.

use crate::common;

use std::io::Read;
use std::path::Path;
use std::process::Command;

use common::*;
use vanban::kinds::plan::PlanFile;
use vanban::source::yaml::parse;

/// A copy of the repository's `data/` in a new project folder.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let data = repo().join("data");
    for e in walkdir::WalkDir::new(&data).into_iter().map(Result::unwrap) {
        let to = dir.path().join("data").join(e.path().strip_prefix(&data).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    dir
}

/// Replaces, in `file`, the line starting with `start` by `line`.
fn replace_line(file: &Path, start: &str, line: &str) {
    let text = std::fs::read_to_string(file).unwrap();
    assert_eq!(text.lines().filter(|l| l.starts_with(start)).count(), 1, "{start}");
    let changed: String =
        text.lines().map(|l| if l.starts_with(start) { line } else { l }).map(|l| format!("{l}\n")).collect();
    std::fs::write(file, changed).unwrap();
}

/// `vanban build` in the project `dir`: its exit code and everything it
/// printed, standard output and errors in the order printed (one pipe).
fn build(dir: &Path) -> (i32, String) {
    let (mut reader, writer) = std::io::pipe().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vanban"));
    cmd.current_dir(dir)
        .args(["build", "--data", "data", "--out", "output", "--templates"])
        .arg(repo().join("templates"))
        .arg("--fonts")
        .arg(repo().join("fonts"))
        .stdout(writer.try_clone().unwrap())
        .stderr(writer);
    let mut child = cmd.spawn().unwrap();
    drop(cmd);
    let mut out = String::new();
    reader.read_to_string(&mut out).unwrap();
    (child.wait().unwrap().code().unwrap(), out)
}

/// The documents of the sample congress of 2024, as discovered.
const CONGRESS_2024: [&str; 19] = [
    "bang-khen-ubnd-tinh.yaml",
    "bao-cao-thanh-tich/01-ban-chqs-huyen-tan-uyen.yaml",
    "bao-cao-thanh-tich/02-tong-van-thiet.yaml",
    "bao-cao-thanh-tich/03-ban-chqs-huyen-phong-tho.yaml",
    "bao-cao-thanh-tich/04-ban-chqs-xa-muong-kim.yaml",
    "bao-cao-thanh-tich/05-giang-a-chu.yaml",
    "bao-cao-thanh-tich/06-tao-van-sinh.yaml",
    "bao-cao-thanh-tich/07-ban-chqs-phuong-dong-phong.yaml",
    "bao-cao-thanh-tich/08-po-go-xa.yaml",
    "bao-cao-thanh-tich/09-vang-thi-nhung.yaml",
    "bien-ban-hop-hoi-dong.yaml",
    "bien-ten.yaml",
    "danh-sach-khen-thuong.yaml",
    "giay-moi.yaml",
    "ke-hoach.yaml",
    "kich-ban.yaml",
    "quyet-dinh-bang-khen-ubnd-tinh.yaml",
    "the-dai-bieu.yaml",
    "to-trinh-bo-quoc-phong.yaml",
];

const AGENCY_DIR: &str = "data/ubnd-tinh-lai-chau";
const DH_2024: &str = "data/ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024";

/// The problem lines of a run's output.
fn problem_lines(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.starts_with("lỗi: ") || l.starts_with("cảnh báo: ")).collect()
}

/// No line of `out` (but blank ones) is printed twice.
fn assert_no_line_twice(out: &str) {
    let mut seen = std::collections::HashSet::new();
    for line in out.lines().filter(|l| !l.trim().is_empty()) {
        assert!(seen.insert(line), "printed twice: {line:?}\n{out}");
    }
}

fn unclosed_quote_here() -> &'static str {
    "lỗi cú pháp YAML: dấu ngoặc kép `\"` mở ở đây không được đóng, nên mọi dòng sau nó bị đọc thành một đoạn \
     chữ; thêm `\"` ở cuối đoạn chữ (dấu ngoặc kép nằm trong đoạn chữ thì viết `\\\"`)"
}

#[test]
fn a_broken_congress_file_is_told_once_last_after_a_line_per_document() {
    let dir = sample_copy();
    let congress = dir.path().join(DH_2024).join("dai-hoi.yaml");
    let ten = std::fs::read_to_string(&congress).unwrap().lines().position(|l| l.starts_with("ten: ")).unwrap() + 1;
    replace_line(&congress, "ten: ", "ten: \"Đại hội Thi đua Quyết thắng lực lượng vũ trang tỉnh Lai Châu");
    let (code, out) = build(dir.path());
    assert_eq!(code, 1, "{out}");

    let cause = format!("lỗi: {DH_2024}/dai-hoi.yaml:{ten}:6: {}", unclosed_quote_here());
    let mut expected: Vec<String> = CONGRESS_2024
        .iter()
        .map(|doc| {
            format!(
                "lỗi: {DH_2024}/{doc}: không dựng được vì {DH_2024}/dai-hoi.yaml có lỗi (xem lỗi của tệp đó, in ở cuối)"
            )
        })
        .collect();
    expected.push(cause.clone());
    assert_eq!(problem_lines(&out), expected, "{out}");
    // The cause, once, as the last problem line.
    assert_eq!(out.lines().filter(|l| l.contains("dai-hoi.yaml:")).count(), 1, "{out}");
    assert_no_line_twice(&out);
    assert!(out.contains("\nĐã dựng 3 / 22 văn bản; 19 văn bản lỗi, chưa dựng được (lỗi in ở trên).\n"), "{out}");
    // The summary names no document again.
    let summary = &out[out.find("Đã dựng 3 / 22").unwrap()..];
    assert!(!summary.contains(".yaml"), "{summary}");
}

#[test]
fn a_broken_agency_file_is_told_once_last_after_a_line_per_document() {
    let dir = sample_copy();
    let agency = dir.path().join(AGENCY_DIR).join("co-quan.yaml");
    let line = std::fs::read_to_string(&agency).unwrap().lines().position(|l| l.starts_with("viet_tat:")).unwrap() + 1;
    replace_line(&agency, "viet_tat:", "viet_tat: UBND: tỉnh");
    let (code, out) = build(dir.path());
    assert_eq!(code, 1, "{out}");

    let mention = |doc: &str| {
        format!("lỗi: {doc}: không dựng được vì {AGENCY_DIR}/co-quan.yaml có lỗi (xem lỗi của tệp đó, in ở cuối)")
    };
    let mut expected: Vec<String> = CONGRESS_2024.iter().map(|d| mention(&format!("{DH_2024}/{d}"))).collect();
    expected.push(mention(&format!("{AGENCY_DIR}/dai-hoi-thi-dua-yeu-nuoc-2025/ke-hoach-tuyen-truyen.yaml")));
    expected.push(mention(&format!("{AGENCY_DIR}/dai-hoi-thi-dua-yeu-nuoc-2025/ke-hoach.yaml")));
    expected.push(format!(
        "lỗi: {AGENCY_DIR}/co-quan.yaml:{line}:11: lỗi cú pháp YAML: đoạn chữ có dấu `:` theo sau là dấu cách, mà YAML \
         hiểu là một khóa mới; đặt cả đoạn chữ trong ngoặc kép \"…\": `viet_tat: \"UBND: tỉnh\"`"
    ));
    assert_eq!(problem_lines(&out), expected, "{out}");
    assert_eq!(out.lines().filter(|l| l.contains("co-quan.yaml:")).count(), 1, "{out}");
    assert_no_line_twice(&out);
}

/// The message and place of the problem `yaml` (a plan) gives.
fn said(yaml: &str) -> (String, usize, usize) {
    let p = parse::<PlanFile>(Path::new("kh.yaml"), yaml).unwrap_err();
    assert!(p.field.is_none(), "{p}");
    (p.message, p.line.unwrap(), p.column.unwrap())
}

const H: &str = "loai: ke-hoach\nnam: 2024\n";

/// Words of libyaml's English that must never reach the clerk.
const ENGLISH: [&str; 9] =
    ["did not", "found", "while", "mapping", "expected", "allowed", "scanning", "parsing", "character"];

#[test]
fn each_common_syntax_error_is_a_vietnamese_sentence_with_its_fix_where_it_starts() {
    let s = |m: &str| m.to_string();
    let cases: Vec<(String, (String, usize, usize))> = vec![
        // mapping values are not allowed in this context
        (
            format!("{H}trich_yeu: Kế hoạch: năm 2024\nnoi_dung: []\n"),
            (
                s("lỗi cú pháp YAML: đoạn chữ có dấu `:` theo sau là dấu cách, mà YAML hiểu là một khóa mới; đặt cả \
                   đoạn chữ trong ngoặc kép \"…\": `trich_yeu: \"Kế hoạch: năm 2024\"`"),
                3,
                12,
            ),
        ),
        // the same, where a key is indented under the value above
        (
            format!("{H}trich_yeu: Tổ chức\n  ket_thuc: b\nnoi_dung: []\n"),
            (
                s("lỗi cú pháp YAML: khóa `ket_thuc` thụt lề sâu hơn khóa ở dòng trên nên bị đọc như phần tiếp của \
                   giá trị ở dòng trên; cho các khóa cùng cấp thẳng cột với nhau (chỉ dùng dấu cách)"),
                4,
                3,
            ),
        ),
        // did not find expected key
        (
            format!("{H}trich_yeu: a\nnoi_dung: []\n ket_thuc: b\n"),
            (
                s("lỗi cú pháp YAML: khóa `ket_thuc` thụt lề không khớp với các dòng trên: các khóa cùng cấp phải \
                   thẳng cột với nhau; chỉ thụt lề bằng dấu cách"),
                5,
                2,
            ),
        ),
        // found unexpected end of stream (while scanning a quoted scalar):
        // said where the quote opens, not at the end of the file
        (format!("{H}trich_yeu: \"Tổ chức\nnoi_dung: []\nket_thuc: b\n"), (s(unclosed_quote_here()), 3, 12)),
        (
            format!("{H}trich_yeu: 'Tổ chức\nnoi_dung: []\n"),
            (
                s(
                    "lỗi cú pháp YAML: dấu nháy `'` mở ở đây không được đóng, nên mọi dòng sau nó bị đọc thành một đoạn \
                   chữ; thêm `'` ở cuối đoạn chữ (dấu nháy nằm trong đoạn chữ thì viết hai lần: `''`)",
                ),
                3,
                12,
            ),
        ),
        // a quote left open that a later quote closes
        (
            format!("{H}trich_yeu: a\nnoi_dung:\n  - y: \"Sở Nội vụ;\n  - y: \"Sở Văn hóa.\"\n"),
            (
                s(
                    "lỗi cú pháp YAML: dấu ngoặc kép `\"` mở ở đây không được đóng, nên đoạn chữ kéo dài tới dấu `\"` ở \
                   dòng 6; thêm `\"` ở cuối đoạn chữ (dấu ngoặc kép nằm trong đoạn chữ thì viết `\\\"`)",
                ),
                5,
                8,
            ),
        ),
        // found unknown escape character
        (
            format!("{H}trich_yeu: \"C:\\Tài liệu\"\nnoi_dung: []\n"),
            (
                s("lỗi cú pháp YAML: trong ngoặc kép, dấu `\\` mở đầu một ký tự đặc biệt (`\\n`, `\\\"`, `\\\\`) nên \
                   `\\T` không đọc được; viết `\\\\` cho một dấu `\\`, hoặc đặt đoạn chữ trong dấu nháy đơn '…' (ở đó \
                   `\\` in đúng như gõ)"),
                3,
                15,
            ),
        ),
        // found character that cannot start any token
        (
            format!("{H}trich_yeu: @Tổ chức\nnoi_dung: []\n"),
            (
                s("lỗi cú pháp YAML: đoạn chữ không được bắt đầu bằng ký tự `@` (YAML dành riêng ký tự này); đặt cả \
                   đoạn chữ trong ngoặc kép \"…\": `trich_yeu: \"@Tổ chức\"`"),
                3,
                12,
            ),
        ),
        (
            format!("{H}trich_yeu: `Tổ chức`\nnoi_dung: []\n"),
            (
                s(
                    "lỗi cú pháp YAML: đoạn chữ không được bắt đầu bằng ký tự \"`\" (YAML dành riêng ký tự này); đặt cả \
                   đoạn chữ trong ngoặc kép \"…\": `trich_yeu: \"`Tổ chức`\"`",
                ),
                3,
                12,
            ),
        ),
        (
            format!("{H}trich_yeu: %Tổ chức\nnoi_dung: []\n"),
            (
                s("lỗi cú pháp YAML: đoạn chữ không được bắt đầu bằng ký tự `%` (YAML dành riêng ký tự này); đặt cả \
                   đoạn chữ trong ngoặc kép \"…\": `trich_yeu: \"%Tổ chức\"`"),
                3,
                12,
            ),
        ),
        // did not find expected '-' indicator
        (
            format!("{H}trich_yeu: a\nnoi_dung:\n  - muc: Mục một\n   noi_dung: []\n"),
            (
                s("lỗi cú pháp YAML: khóa `noi_dung` thụt lề không khớp với các dòng trên: các khóa cùng cấp phải \
                   thẳng cột với nhau; trong danh sách bắt đầu ở dòng 5, các khóa của một phần tử thẳng cột với khóa \
                   ngay sau `- ` (cột 5); chỉ thụt lề bằng dấu cách"),
                6,
                4,
            ),
        ),
        (
            format!("{H}trich_yeu: a\nnoi_dung:\n  - muc: a\n    noi_dung:\n    - b\n   - c\n"),
            (
                s("lỗi cú pháp YAML: phần tử danh sách `- …` này không thẳng cột với danh sách của nó (các phần tử \
                   khác có dấu `-` ở cột 3, từ dòng 5); thụt lề dấu `-` cho thẳng cột với các phần tử khác, dưới khóa \
                   của danh sách (chỉ dùng dấu cách)"),
                8,
                4,
            ),
        ),
        // could not find expected ':' — said at the line that lacks it
        (
            format!("{H}trich_yeu\nnoi_dung: []\n"),
            (
                s("lỗi cú pháp YAML: dòng `trich_yeu` thiếu dấu `:` sau khóa; nếu đây là một phần tử danh sách thì \
                   thiếu `- ` ở đầu dòng, nếu là phần tiếp của đoạn chữ ở dòng trên thì đặt cả đoạn chữ trên một dòng"),
                3,
                1,
            ),
        ),
        (
            format!("{H}trich_yeu: a\nnoi_dung:\n  - a\n  -b\n"),
            (s("lỗi cú pháp YAML: sau dấu `-` của phần tử danh sách cần một dấu cách: `- b`"), 6, 3),
        ),
        // block sequence entries are not allowed in this context
        (
            format!("{H}trich_yeu: a\nnoi_dung: - a\n"),
            (
                s(
                    "lỗi cú pháp YAML: danh sách `- …` không viết được ngay sau `noi_dung:` trên cùng dòng; xuống dòng: \
                   `noi_dung:` rồi mỗi phần tử một dòng, thụt vào, bắt đầu bằng `- ` (nếu đây là chữ có dấu `-`, đặt \
                   cả đoạn chữ trong ngoặc kép \"…\": `noi_dung: \"- a\"`)",
                ),
                4,
                11,
            ),
        ),
        // an unclosed `[`: said where it opens
        (
            format!("{H}trich_yeu: a\ncan_cu: [a, b\nnoi_dung: []\n"),
            (
                s(
                    "lỗi cú pháp YAML: dấu `[` mở ở đây không được đóng bằng `]` trên cùng dòng; thêm `]`, hoặc nếu đây \
                   là chữ chứ không phải danh sách, đặt cả đoạn chữ trong ngoặc kép \"…\": `can_cu: \"[a, b\"`",
                ),
                4,
                9,
            ),
        ),
        // an alias `*`
        (
            format!("{H}trich_yeu: *Ghi chú\nnoi_dung: []\n"),
            (
                s(
                    "lỗi cú pháp YAML: đoạn chữ bắt đầu bằng `*` bị YAML hiểu là bí danh (alias); đặt cả đoạn chữ trong \
                   ngoặc kép \"…\": `trich_yeu: \"*Ghi chú\"`",
                ),
                3,
                12,
            ),
        ),
    ];
    for (yaml, want) in cases {
        let got = said(&yaml);
        assert_eq!(got, want, "for\n{yaml}");
        for word in ENGLISH {
            assert!(!got.0.contains(word), "English `{word}` in {:?}", got.0);
        }
    }
}
