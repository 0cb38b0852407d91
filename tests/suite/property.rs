//! Data is never code: any text placed in any text field of any kind lays
//! out as exactly that text. Thousands of generated strings per run: every
//! ASCII punctuation mark, Vietnamese letters, line breaks, and pieces of
//! Typst and Jinja syntax.

use crate::common;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Pieces that would be code if they were not escaped.
const SNIPPETS: [&str; 16] = [
    "{{ a }}",
    "{% if x %}",
    "{# c #}",
    "#import \"/vanban.typ\": *",
    "#read(\"/etc/passwd\")",
    "$x^2$",
    "<nhan>",
    "@tham-chieu",
    "\\",
    "//",
    "/* c */",
    "**đậm**",
    "*nghiêng*",
    "- ",
    "= ",
    "2024. ",
];

/// Characters the shipped font has: printable ASCII, Vietnamese letters,
/// typographic quotes and dashes.
fn letter() -> impl Strategy<Value = String> {
    let ascii = (0x20u8..0x7f).prop_map(|b| (b as char).to_string());
    let vietnamese = proptest::sample::select(
        "ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵĂÂĐÊÔƠƯỀỂỄẾỆ“”‘’–—…"
            .chars()
            .map(String::from)
            .collect::<Vec<_>>(),
    );
    prop_oneof![
        6 => ascii,
        3 => vietnamese,
        1 => Just("\n".to_string()),
        1 => proptest::sample::select(SNIPPETS.iter().map(|s| s.to_string()).collect::<Vec<_>>()),
    ]
}

/// A text of up to `n` pieces, starting with a letter (no field is blank).
fn text(n: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(letter(), 0..n).prop_map(|v| format!("A{}", v.concat()))
}

/// One YAML double-quoted scalar.
fn q(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))
}

fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config { cases, failure_persistence: None, ..Config::default() })
}

/// Lays out the document `rel` of the files and checks that every text
/// appears in it exactly, whitespace aside.
fn prints_each(files: &[(&str, &str)], rel: &str, texts: &[&String]) -> Result<(), TestCaseError> {
    let data = data_dir(files);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let src = source(data.path(), rel);
    let doc = engine.load(&src).map_err(|p| TestCaseError::fail(format!("{p:?}")))?;
    let typ = engine.render(&doc, &doc.parts[0]).map_err(|p| TestCaseError::fail(format!("{p:?}")))?;
    let laid = engine.lay_out(&doc, &doc.parts[0], &typ).map_err(|p| TestCaseError::fail(format!("{p:?}")))?;
    // The text read in order without the page numbers (in the top margin)
    // and the footnotes (under their 5 cm rule), which a page break puts
    // between the lines of a paragraph.
    let l = Laid::of(&laid);
    // The footnotes' rule: 5 cm from the left margin (30 mm). A centred
    // title's rule can be 5 cm long too (a title 12.5 cm wide).
    let notes_from = |page: usize| {
        l.rules
            .iter()
            .filter(|r| r.page == page && (r.length - 50.0 * MM).abs() < 0.5 && (r.x - 30.0 * MM).abs() < 1.0)
            .map(|r| r.y)
            .next()
    };
    let shown: String = l
        .runs
        .iter()
        .filter(|r| r.y > 20.0 * 2.83465 && notes_from(r.page).is_none_or(|y| r.y < y))
        .map(|r| r.text.as_str())
        .collect();
    let shown = squeeze(&shown);
    for t in texts {
        prop_assert!(shown.contains(&squeeze(t)), "{t:?} is not in\n{shown}");
    }
    Ok(())
}

#[test]
fn any_text_in_a_plan_prints_as_itself() {
    runner(700)
        .run(&(text(12), text(12), text(24), text(12), text(12)), |(ty, cc, doan, y, nn)| {
            let plan = format!(
                "loai: ke-hoach\nnam: 2024\ntrich_yeu: {}\ncan_cu:\n  - {}\nnoi_dung:\n  - muc: Mục\n    noi_dung:\n      - {}\n      - y: {}\nnoi_nhan:\n  - {}\n",
                q(&ty), q(&cc), q(&doan), q(&y), q(&nn)
            );
            prints_each(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", &plan)], "u/kh.yaml", &[&ty, &cc, &doan, &y, &nn])
        })
        .unwrap();
}

#[test]
fn any_text_in_an_invitation_and_a_script_prints_as_itself() {
    runner(700)
        .run(&(text(12), text(12), text(12), text(16)), |(name, role, place, note)| {
            let invitation = format!(
                "loai: giay-moi\nnam: 2024\ntrich_yeu: Dự họp\ntoi_du: Cuộc họp\nthoi_gian: 19/07/2024 07:30\ndia_diem: {}\nghi_chu:\n  - {}\nkhach_moi:\n  - {{ho_ten: {}, chuc_vu: {}}}\n",
                q(&place), q(&note), q(&name), q(&role)
            );
            let script = format!(
                "loai: kich-ban\nnam: 2024\nbat_dau: \"07:00\"\ntrich_yeu: Điều hành\ndan_chuong_trinh: {}\nchuong_trinh:\n  - noi_dung: {}\n    nguoi: {}\n    thoi_luong: 5\n    loi_dan: [{}]\n",
                q(&name), q(&role), q(&place), q(&note)
            );
            let files = [("u/co-quan.yaml", AGENCY), ("u/gm.yaml", invitation.as_str()), ("u/kb.yaml", script.as_str())];
            prints_each(&files, "u/gm.yaml", &[&name, &role, &place, &note])?;
            prints_each(&files, "u/kb.yaml", &[&name, &role, &place, &note])
        })
        .unwrap();
}

/// Found by the property test in CI: a name whose title line is 12.5 cm
/// wide draws a rule under it as long as the footnotes' (5 cm), and the
/// text under that rule was taken for footnotes.
#[test]
fn a_title_rule_as_long_as_the_footnotes_rule_is_not_taken_for_it() {
    let ten = "A##import \"/vanban.typ\": *#import \"/vanban.typ\": *[K\"\"".to_string();
    let (a, dollar) = ("A".to_string(), "A$".to_string());
    let report = format!(
        "loai: bao-cao-thanh-tich\ndoi_tuong: tap-the\nde_nghi: Bằng khen\nten: {}\nngay: 20/06/2024\nthong_tin_chung:\n  tru_so: A\n  chuc_nang_nhiem_vu: Nhiệm vụ\nthanh_tich:\n  - muc: Kết quả\n    bang_chi_tieu:\n      - {{chi_tieu: A, dang_ky: \"100%\", ket_qua: A$}}\n  - A\nthu_truong:\n  ho_ten: Lò Văn Tiến\n",
        q(&ten)
    );
    prints_each(&[("u/co-quan.yaml", AGENCY), ("u/bc.yaml", &report)], "u/bc.yaml", &[&ten, &a, &dollar]).unwrap();
}

#[test]
fn any_text_in_a_report_prints_as_itself() {
    runner(600)
        .run(&(text(12), text(12), text(16), text(10), text(10)), |(ten, tru_so, doan, chi_tieu, ket_qua)| {
            let report = format!(
                "loai: bao-cao-thanh-tich\ndoi_tuong: tap-the\nde_nghi: Bằng khen\nten: {}\nngay: 20/06/2024\nthong_tin_chung:\n  tru_so: {}\n  chuc_nang_nhiem_vu: Nhiệm vụ\nthanh_tich:\n  - muc: Kết quả\n    bang_chi_tieu:\n      - {{chi_tieu: {}, dang_ky: \"100%\", ket_qua: {}}}\n  - {}\nthu_truong:\n  ho_ten: Lò Văn Tiến\n",
                q(&ten), q(&tru_so), q(&chi_tieu), q(&ket_qua), q(&doan)
            );
            prints_each(&[("u/co-quan.yaml", AGENCY), ("u/bc.yaml", &report)], "u/bc.yaml", &[&ten, &tru_so, &doan, &chi_tieu, &ket_qua])
        })
        .unwrap();
}
