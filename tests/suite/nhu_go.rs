//! Nothing wrong leaves the office: a text prints exactly as typed, even
//! when YAML would read it as a number (`0213`, `+842133876215`, `1.50`);
//! a character that reverses the text in print is refused where it is
//! written; a sign or a number that begins a line of Nơi nhận stays; a
//! person of the script keeps the case typed; and the invitations' mailing
//! list is safe to open in Excel.

use crate::common;

use std::path::Path;

use common::*;
use vanban::build::{self, Mode};
use vanban::decree::markup::{BOLD_OFF, BOLD_ON};
use vanban::diag::Problem;
use vanban::kinds::plan::PlanFile;
use vanban::source::values::Text;
use vanban::source::yaml;

/// One text value read from YAML on its own.
fn text(src: &str) -> Text {
    serde_yaml::from_str::<Text>(src).unwrap_or_else(|e| panic!("{src:?}: {e}"))
}

#[allow(clippy::result_large_err)]
fn plan(src: &str) -> Result<PlanFile, Problem> {
    yaml::parse::<PlanFile>(Path::new("kh.yaml"), src)
}

/// The texts of the runs laid out from the first `Nơi nhận:` on, while they
/// are lines of the list (each set by vanban after `- `).
fn recipients(laid: &Laid) -> Vec<&str> {
    let runs = laid.runs.iter().map(|r| r.text.as_str());
    runs.skip_while(|t| *t != "Nơi nhận:").skip(1).take_while(|t| t.starts_with("- ")).collect()
}

/// The problems of the documents that failed in a check of `files`.
fn failed(files: &[(&str, &str)]) -> Vec<Problem> {
    let data = data_dir(files);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], Mode::Check, build::Silent);
    outcome.failed.iter().flat_map(|f| f.problems.clone()).collect()
}

/// A problem as the tests compare it: file name, line, column, field, message.
fn placed(p: &Problem) -> (String, Option<usize>, Option<usize>, Option<&str>, &str) {
    let name = p.file.file_name().unwrap().to_string_lossy().into_owned();
    (name, p.line, p.column, p.field.as_deref(), p.message.as_str())
}

#[test]
fn a_scalar_yaml_would_read_as_a_number_is_read_as_typed() {
    for typed in [
        "+842133876215",
        "0x1F",
        "0213",
        "007",
        "1.50",
        "1.10",
        "1e3",
        "1_000",
        ".5",
        "-1",
        "+1",
        "-0",
        "0o17",
        "2024",
        ".inf",
        "-.INF",
        ".NaN",
        "true",
        "True",
        "FALSE",
    ] {
        assert_eq!(text(typed), Text(typed.to_string()), "{typed}");
    }
    // Quoted, as a block, tagged `!!str` or `!md`: the same text.
    assert_eq!(text("'0213'"), Text("0213".into()));
    assert_eq!(text("\"1.50\""), Text("1.50".into()));
    assert_eq!(text("|-\n  0213\n"), Text("0213".into()));
    assert_eq!(text("!!str 0x1F"), Text("0x1F".into()));
    assert_eq!(text("!md 0213"), Text("0213".into()));
    assert_eq!(text("!md \"**+84** 213\""), Text(format!("{BOLD_ON}+84{BOLD_OFF} 213")));
    // In a document, at any depth.
    let file = plan("loai: ke-hoach\nnam: 2024\ntrich_yeu: +842133876215\nnoi_dung:\n  - muc: 0x1F\n    noi_dung:\n      - y: 1.50\nket_thuc: true\n")
        .unwrap();
    assert_eq!(file.trich_yeu, Some(Text("+842133876215".into())));
    let section = &file.noi_dung[0];
    assert_eq!((&section.text, &section.children[0].text), (&Text("0x1F".into()), &Text("1.50".into())));
    assert_eq!(file.ket_thuc, Some(Text("true".into())));
}

#[test]
fn null_is_absent_where_a_text_is_optional_and_an_error_where_it_is_required() {
    for (value, read) in
        [("~", None), ("null", None), ("", None), ("\"~\"", Some("~")), ("'null'", Some("null")), ("0", Some("0"))]
    {
        let file =
            plan(&format!("loai: ke-hoach\nnam: 2024\ntrich_yeu: Họp\nnoi_dung: []\nket_thuc: {value}\n")).unwrap();
        assert_eq!(file.ket_thuc, read.map(|r| Text(r.into())), "ket_thuc: {value}");
    }
    let p = plan("loai: ke-hoach\nnam: 2024\nnoi_dung: []\nnguoi_ky:\n  chuc_vu: Chủ tịch\n  ho_ten: ~\n").unwrap_err();
    assert_eq!(
        placed(&p),
        (
            "kh.yaml".into(),
            Some(6),
            Some(11),
            Some("nguoi_ky.ho_ten"),
            "sai kiểu dữ liệu: ở đây là để trống, cần một đoạn chữ"
        )
    );
}

#[test]
fn md_still_sets_spans_and_another_tag_is_still_refused() {
    assert_eq!(text("!md \"Chữ **đậm** và *x*\""), Text(format!("Chữ {BOLD_ON}đậm{BOLD_OFF} và \u{E002}x\u{E003}")));
    assert_eq!(text("\"Chữ **đậm**\""), Text("Chữ **đậm**".into()));
    let p = plan("loai: ke-hoach\nnam: 2024\ntrich_yeu: !html 0213\nnoi_dung: []\n").unwrap_err();
    assert_eq!(
        placed(&p),
        (
            "kh.yaml".into(),
            Some(3),
            Some(12),
            Some("trich_yeu"),
            "thẻ `!html` không dùng được; chỉ có `!md` (đoạn có chữ **đậm**, *nghiêng*)"
        )
    );
}

#[test]
fn texts_that_look_like_numbers_print_as_typed() {
    let gm = "\
loai: giay-moi
nam: 2024
trich_yeu: 1.10
toi_du: 0213
chu_tri: ~
thoi_gian: 19/07/2024 07:30
dia_diem: +842133876215
ghi_chu:
  - 0x1F
  - true
  - 1e3
  - 1_000
  - 007
  - .5
  - 1.50
khach_moi:
  - ho_ten: 0213
    chuc_vu: +84 213
";
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/gm.yaml", gm)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/gm.yaml")));
    let runs: Vec<&str> = laid.runs.iter().map(|r| r.text.as_str()).collect();
    let from = runs.iter().position(|t| *t == "GIẤY MỜI").unwrap();
    assert_eq!(
        runs[from..from + 15],
        [
            "GIẤY MỜI",
            "1.10",
            "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU trân trọng kính mời: ",
            "0213",
            ", +84 213",
            "Tới dự: 0213",
            "Thời gian: 07 giờ 30 phút, thứ Sáu, ngày 19 tháng 7 năm 2024",
            "Địa điểm: +842133876215",
            "0x1F",
            "true",
            "1e3",
            "1_000",
            "007",
            ".5",
            "1.50./.",
        ]
    );
    // `chu_tri: ~` is no chair: no `Chủ trì:` line.
    assert!(laid.runs.iter().all(|r| !r.text.starts_with("Chủ trì")), "{runs:?}");
}

#[test]
fn a_direction_control_is_refused_where_it_is_written() {
    let controls = [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}',
        '\u{200E}', '\u{200F}', '\u{061C}',
    ];
    let message = |c: char| {
        format!(
            "có ký tự điều khiển hướng chữ (U+{:04X}) làm đảo ngược chữ khi in: xóa ký tự này (thường do dán từ trang web)",
            c as u32
        )
    };
    for c in controls {
        // Typed as it is, or as a YAML escape.
        for value in [format!("Lê Văn{c} Lương"), format!("\"Lê Văn\\u{:04X} Lương\"", c as u32)] {
            let src = format!(
                "loai: ke-hoach\nnam: 2024\ntrich_yeu: Họp\nnoi_dung:\n  - Một đoạn.\nnguoi_ky:\n  chuc_vu: Chủ tịch\n  ho_ten: {value}\n"
            );
            let p = plan(&src).unwrap_err();
            assert_eq!(placed(&p), ("kh.yaml".into(), Some(8), Some(11), Some("nguoi_ky.ho_ten"), message(c).as_str()));
        }
    }
    // In a `!md` text, a paragraph, an item of a list.
    let rtl = '\u{202E}';
    for (src, line, column, field) in [
        (format!("loai: ke-hoach\nnam: 2024\ntrich_yeu: !md \"**Họp**{rtl}\"\nnoi_dung: []\n"), 3, 12, "trich_yeu"),
        (format!("loai: ke-hoach\nnam: 2024\nnoi_dung:\n  - Một{rtl} đoạn.\n"), 4, 5, "noi_dung[0]"),
        (
            format!("loai: ke-hoach\nnam: 2024\nnoi_dung: []\nnoi_nhan:\n  - Như trên\n  - Sở{rtl} Nội vụ\n"),
            6,
            5,
            "noi_nhan[1]",
        ),
    ] {
        let p = plan(&src).unwrap_err();
        assert_eq!(placed(&p), ("kh.yaml".into(), Some(line), Some(column), Some(field), message(rtl).as_str()));
    }
    // The invitee list of an invitation, through a whole check: one problem,
    // at the invitee's name, and nothing else of the file is blamed.
    let gm = "loai: giay-moi\nnam: 2024\ntrich_yeu: Dự họp\ntoi_du: Cuộc họp\nthoi_gian: 19/07/2024 07:30\ndia_diem: Phòng họp\nkhach_moi:\n  - ho_ten: Lò Văn Thắng\n  - ho_ten: \"Tẩn\\u2067 Thị Mai\"\n    chuc_vu: Giám đốc\n";
    let problems = failed(&[("u/co-quan.yaml", AGENCY), ("u/gm.yaml", gm)]);
    let got: Vec<_> = problems.iter().map(placed).collect();
    assert_eq!(got, [("gm.yaml".into(), Some(9), Some(13), Some("khach_moi[1].ho_ten"), message('\u{2067}').as_str())]);
}

#[test]
fn a_sign_or_a_number_that_begins_a_recipient_stays() {
    let plan = "\
loai: ke-hoach
nam: 2024
trich_yeu: Họp
noi_dung:
  - Một đoạn.
noi_nhan:
  - +84 213 3876 215 (Văn phòng)
  - -1 bản gửi Văn phòng
  - 0213
  - 1. Ban Thi đua
  - \"- Như trên\"
  - + Sở Nội vụ
  - • Sở Tài chính
  - – Sở Y tế
  - — Sở Công Thương
  - \"-\"
";
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", plan)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/kh.yaml")));
    assert_eq!(
        recipients(&laid),
        [
            "- +84 213 3876 215 (Văn phòng);",
            "- -1 bản gửi Văn phòng;",
            "- 0213;",
            "- 1. Ban Thi đua;",
            "- Như trên;",
            "- Sở Nội vụ;",
            "- Sở Tài chính;",
            "- Sở Y tế;",
            "- Sở Công Thương;",
            "- Lưu: VT, TH4.",
        ]
    );
}

#[test]
fn a_person_of_the_script_keeps_the_case_typed() {
    let congress = "ten: Đại hội Thi đua\nthoi_gian: 19/07/2024 07:30\n";
    let script = "\
loai: kich-ban
nam: 2024
chuong_trinh:
  - muc: khai-mac
    nguoi: iPhone Club
  - muc: bao-cao
    nguoi: https://Example.vn/A
  - muc: tiep-thu
    nguoi: vp@laichau.gov.vn
  - muc: phat-dong-thi-dua
    nguoi: www.laichau.gov.vn
  - muc: be-mac
    nguoi: đồng chí Lê Văn A
";
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/dh/dai-hoi.yaml", congress), ("u/dh/kb.yaml", script)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/dh/kb.yaml")));
    // The NGƯỜI THỰC HIỆN column: right of the NỘI DUNG heading, below the
    // headings.
    let content = laid.runs.iter().find(|r| r.text == "NỘI DUNG").unwrap();
    let heading = laid.runs.iter().find(|r| r.text == "HIỆN").unwrap();
    let column: Vec<&str> = laid
        .runs
        .iter()
        .filter(|r| r.x > content.x + content.width && r.y > heading.y)
        .map(|r| r.text.as_str())
        .collect();
    assert_eq!(
        column,
        [
            "iPhone Club",
            "https://Example.vn/A",
            "vp@laichau.gov.vn",
            "www.laichau.gov.vn",
            // A person written as the MC says it begins its cell with a capital.
            "Đồng chí Lê Văn A",
        ]
    );
}

#[test]
fn the_mailing_list_is_safe_to_open_in_excel() {
    let gm = "\
loai: giay-moi
nam: 2024
trich_yeu: Dự họp
toi_du: Cuộc họp
thoi_gian: 19/07/2024 07:30
dia_diem: Phòng họp
khach_moi:
  - ho_ten: '=HYPERLINK(\"http://x\",\"y\")'
    don_vi: '@SUM(A1)'
  - ho_ten: \"Lò\\tVăn\\r\\nThắng\"
    chuc_vu: -1
    email: thang@laichau.gov.vn
  - don_vi: +84 213
  - ho_ten: '@SUM(A1)'
    chuc_vu: 'Giám đốc, Sở \"Y tế\"'
  - ho_ten: -1
  - ho_ten: \"\\t=1+2\"
    don_vi: \"Sở Y\\a tế\\x1B\\r\\n\"
  - danh_xung: Ông
    ho_ten: Nguyễn Văn An
    chuc_vu: Chánh Văn phòng
";
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/gm.yaml", gm)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], Mode::Build { emit_typst: false, force: false }, build::Silent);
    assert!(outcome.ok(), "{:?}", outcome.all_problems().collect::<Vec<_>>());
    let csv = std::fs::read(out.path().join("u/gm/danh-sach-gui.csv")).unwrap();
    let expected = [
        "\u{feff}Tệp,Người được mời,Chức danh,Email",
        r#"u/gm/001-hyperlink-http-x-y.pdf,"'=HYPERLINK(""http://x"",""y"")","'@SUM(A1)","#,
        r#"u/gm/002-lo-van-thang.pdf,Lò Văn Thắng,"'-1",thang@laichau.gov.vn"#,
        r#"u/gm/003-84-213.pdf,"'+84 213",,"#,
        r#"u/gm/004-sum-a1.pdf,"'@SUM(A1)","Giám đốc, Sở ""Y tế""","#,
        r#"u/gm/005-1.pdf,"'-1",,"#,
        r#"u/gm/006-1-2.pdf,"'=1+2",Sở Y tế,"#,
        "u/gm/007-nguyen-van-an.pdf,Ông Nguyễn Văn An,Chánh Văn phòng,",
    ]
    .map(|l| format!("{l}\n"))
    .concat();
    assert_eq!(String::from_utf8(csv).unwrap(), expected);
}
