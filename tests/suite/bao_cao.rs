//! BÁO CÁO THÀNH TÍCH (Mẫu số 08) in both variants, and the DANH SÁCH ĐỀ
//! NGHỊ KHEN THƯỞNG made from the reports.

use crate::common;

use std::path::Path;

use common::*;
use vanban::build::{self, Mode};

const CONGRESS: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024";
const REPORTS: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/bao-cao-thanh-tich";

const DAI_HOI: &str = "\
ten: Đại hội Thi đua Quyết thắng
giai_doan: 2019-2024
khen_thuong:
  - Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh
  - Giấy khen của Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh
dot_thi_dua: phong trào thi đua Quyết thắng giai đoạn 2019-2024
";

const COLLECTIVE: &str = "\
loai: bao-cao-thanh-tich
doi_tuong: tap-the
de_nghi: Bằng khen của Chủ tịch UBND tỉnh
ten: Ban Chỉ huy Quân sự huyện Tân Uyên
dia_danh: Tân Uyên
ngay: 20/06/2024
thong_tin_chung:
  tru_so: Thị trấn Tân Uyên, huyện Tân Uyên
  chuc_nang_nhiem_vu: Tham mưu cho cấp ủy, chính quyền huyện về công tác quân sự, quốc phòng.
thanh_tich:
  - muc: Kết quả thực hiện các chỉ tiêu thi đua
    bang_chi_tieu:
      - chi_tieu: Tuyển quân
        dang_ky: \"100%\"
        ket_qua: \"100% chỉ tiêu\"
  - Đơn vị hoàn thành xuất sắc nhiệm vụ.
thu_truong:
  chuc_vu: Chỉ huy trưởng
  ho_ten: Lò Văn Tiến
xac_nhan:
  chuc_vu: Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh
  ho_ten: Nguyễn Văn Hải
";

const INDIVIDUAL: &str = "\
loai: bao-cao-thanh-tich
doi_tuong: ca-nhan
de_nghi: Giấy khen của Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh
ten: Vàng A Sình
chuc_vu: Chính trị viên
don_vi: Ban Chỉ huy Quân sự xã Mường Kim
ngay: 21/06/2024
thong_tin_chung:
  ngay_sinh: 05/09/1985
  que_quan: xã Mường Kim, huyện Than Uyên
thanh_tich:
  - Hoàn thành xuất sắc nhiệm vụ được giao.
thu_truong:
  chuc_vu: Chỉ huy trưởng
  ho_ten: Lường Văn Hoan
";

fn congress(files: &[(&str, &str)]) -> tempfile::TempDir {
    let mut all = vec![("cq/co-quan.yaml", AGENCY), ("cq/dh/dai-hoi.yaml", DAI_HOI)];
    all.extend_from_slice(files);
    data_dir(&all)
}

fn laid(data: &Path, rel: &str) -> Laid {
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data, out.path());
    Laid::of(&lay_out(&engine, &source(data, rel)))
}

/// The middle of the page's text block: the left column of the signatures
/// lies left of it, the right one right of it.
fn middle(laid: &Laid) -> f64 {
    let width = laid.pages[0].0;
    (30.0 * MM + (width - 15.0 * MM)) / 2.0
}

#[test]
fn collective_report_has_its_own_labels_and_signatures() {
    let data = congress(&[("cq/dh/bc/tap-the.yaml", COLLECTIVE)]);
    let laid = laid(data.path(), "cq/dh/bc/tap-the.yaml");
    let text = squeeze(&laid.text());
    // The form label and its decree, the title, the award as dai-hoi.yaml
    // spells it (the report wrote `UBND`), the campaign and the unit.
    for expected in [
        "Mẫu số 08",
        "(Kèm theo Nghị định số 98/2023/NĐ-CP)",
        "BÁO CÁO THÀNH TÍCH",
        "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "(Thành tích trong phong trào thi đua Quyết thắng giai đoạn 2019-2024)",
        "Tân Uyên, ngày 20 tháng 6 năm 2024",
        "I. THÔNG TIN CHUNG",
        "1. Đặc điểm, tình hình",
        "- Trụ sở chính: Thị trấn Tân Uyên, huyện Tân Uyên.",
        "2. Chức năng, nhiệm vụ được giao",
        "II. THÀNH TÍCH ĐẠT ĐƯỢC",
        "Đơn vị hoàn thành xuất sắc nhiệm vụ./.",
    ] {
        assert!(text.contains(&squeeze(expected)), "missing {expected:?} in {text}");
    }
    // No agency header and no number: the form has neither.
    assert!(!text.contains("Số:"), "{text}");
    assert!(!text.contains("TỈNHLAICHÂUCỘNG"), "{text}");
    // The form label sits at the top right, above the Quốc hiệu.
    let label = laid.line_of("Mẫu số 08");
    let quoc_hieu = laid.line_of("CỘNG HÒA");
    assert!(label[0].y < quoc_hieu[0].y && label[0].bold);
    let decree = laid.line_of("(Kèm theo");
    assert!(decree[0].y > label[0].y && decree[0].y < quoc_hieu[0].y);
    assert!((extent(&decree).1 - (laid.pages[0].0 - 15.0 * MM)).abs() < 1.0, "{:?}", extent(&decree));
    let centre = |runs: &[&Run]| (extent(runs).0 + extent(runs).1) / 2.0;
    assert!((centre(&label) - centre(&decree)).abs() < 1.0, "the label is centred over the decree");
    // The place and date in italic, flush right.
    let date = laid.line_of("Tân Uyên, ngày");
    assert!(date.iter().all(|r| r.italic));
    assert!((extent(&date).1 - (laid.pages[0].0 - 15.0 * MM)).abs() < 1.0, "{:?}", extent(&date));

    // Signatures: the upper level confirms on the left, the unit's head
    // signs on the right; both seal.
    let mid = middle(&laid);
    let left_title = laid.find("XÁC NHẬN CỦA CẤP");
    assert!(left_title.len() == 1 && extent(&left_title).1 < mid, "{left_title:?}");
    let right_title: Vec<_> = laid.find("THỦ TRƯỞNG ĐƠN VỊ").into_iter().filter(|r| r.x > mid).collect();
    assert_eq!(right_title.len(), 1, "{right_title:?}");
    assert!(text.contains(&squeeze("TRÌNH KHEN THƯỞNG")));
    assert_eq!(laid.find("(Ký, đóng dấu)").len(), 2);
    assert!(!text.contains("NGƯỜIBÁOCÁO"), "{text}");
    let head = laid.find("Lò Văn Tiến");
    let upper = laid.find("Nguyễn Văn Hải");
    assert!(head[0].bold && head[0].x > mid && upper[0].x + upper[0].width < mid);
    assert!((head[0].y - upper[0].y).abs() < 0.5, "names on one baseline");
    assert!(laid.find("CHỈ HUY TRƯỞNG").iter().any(|r| r.x > mid && r.bold));
}

#[test]
fn individual_report_has_its_own_labels_and_signatures() {
    let data = congress(&[("cq/dh/bc/ca-nhan.yaml", INDIVIDUAL)]);
    let laid = laid(data.path(), "cq/dh/bc/ca-nhan.yaml");
    let text = squeeze(&laid.text());
    for expected in [
        "ĐỀ NGHỊ TẶNG GIẤY KHEN CỦA CHỈ HUY TRƯỞNG BỘ CHỈ HUY QUÂN SỰ TỈNH",
        // The full name with position and unit, under the title.
        "Vàng A Sình, Chính trị viên, Ban Chỉ huy Quân sự xã Mường Kim",
        "1. Sơ lược lý lịch",
        "- Họ và tên: Vàng A Sình;",
        "- Ngày, tháng, năm sinh: 05/09/1985;",
        "- Quê quán: xã Mường Kim, huyện Than Uyên;",
        "- Chức vụ: Chính trị viên;",
        "- Đơn vị công tác: Ban Chỉ huy Quân sự xã Mường Kim.",
        // The agency's place, as the report gives none.
        "Lai Châu, ngày 21 tháng 6 năm 2024",
    ] {
        assert!(text.contains(&squeeze(expected)), "missing {expected:?} in {text}");
    }
    let mid = middle(&laid);
    // The head confirms on the left (with the seal), the nominee signs on
    // the right with their name written out.
    let left = laid.find("THỦ TRƯỞNG ĐƠN VỊ");
    assert!(left.len() == 1 && extent(&left).1 < mid, "{left:?}");
    assert!(text.contains(&squeeze("XÁC NHẬN, ĐỀ NGHỊ")));
    let right = laid.find("NGƯỜI BÁO CÁO THÀNH TÍCH");
    assert!(extent(&right).0 > mid && right.iter().all(|r| r.bold));
    let seal = laid.find("(Ký, đóng dấu)");
    assert!(seal.len() == 1 && seal[0].x < mid && seal[0].italic);
    let own = laid.find("(Ký, ghi rõ họ và tên)");
    assert!(own.len() == 1 && own[0].x > mid);
    assert!(!text.contains("XÁCNHẬNCỦACẤP"));
    // The nominee's name is the last line of the right column.
    let names: Vec<_> = laid.find("Vàng A Sình").into_iter().filter(|r| r.x > mid).collect();
    assert_eq!(names.len(), 1);
    assert!(names[0].bold);
    let head = laid.find("Lường Văn Hoan");
    assert!((head[0].y - names[0].y).abs() < 0.5 && head[0].x < mid);
}

#[test]
fn footnotes_are_numbered_and_printed_at_the_foot_of_the_page() {
    let data = congress(&[("cq/dh/bc/tap-the.yaml", COLLECTIVE)]);
    let laid = laid(data.path(), "cq/dh/bc/tap-the.yaml");
    let (_, height) = laid.pages[0];
    // The markers: after the award proposed, and after section II's title.
    let marks: Vec<_> = laid.runs.iter().filter(|r| r.text == "(1)" || r.text == "(2)").collect();
    let award = laid.line_of("ĐỀ NGHỊ TẶNG");
    let section = laid.line_of("THÀNH TÍCH ĐẠT ĐƯỢC");
    let mark_in = |line: &[&Run], m: &str| {
        marks.iter().any(|r| r.text == m && r.size < 12.0 && line.iter().any(|l| (l.y - r.y).abs() < 8.0))
    };
    assert!(marks.iter().any(|r| r.text == "(1)" && r.size < 12.0), "{marks:?}");
    assert!(mark_in(&laid.line_of("TỈNH"), "(1)") || mark_in(&award, "(1)"), "{marks:?}");
    assert!(mark_in(&section, "(2)"), "{marks:?} {section:?}");
    // The notes: 12 pt, in the bottom part of page 1, in order.
    let first = laid.line_of("Hình thức khen thưởng đề nghị");
    let second = laid.line_of("Nêu thành tích đạt được");
    for note in [&first, &second] {
        assert_eq!(note[0].page, 1);
        assert!(note[0].y > height * 0.6, "{note:?}");
        assert!(note.iter().filter(|r| r.text.len() > 3).all(|r| (r.size - 12.0).abs() < 0.01));
    }
    assert!(first[0].y < second[0].y);
    // The separator rule above them.
    assert!(laid.rules.iter().any(|r| r.page == 1 && r.y < first[0].y && r.y > height * 0.5));
}

#[test]
fn results_table_repeats_its_header_row_on_every_page() {
    let mut rows = String::new();
    for i in 1..=45 {
        rows.push_str(&format!(
            "      - chi_tieu: Chỉ tiêu số {i} về huấn luyện, sẵn sàng chiến đấu\n        dang_ky: \"{i}%\"\n        ket_qua: \"Đạt {i}%\"\n"
        ));
    }
    let report = COLLECTIVE.replace(
        "    bang_chi_tieu:\n      - chi_tieu: Tuyển quân\n        dang_ky: \"100%\"\n        ket_qua: \"100% chỉ tiêu\"\n",
        &format!("    bang_chi_tieu:\n{rows}"),
    );
    assert_ne!(report, COLLECTIVE);
    let data = congress(&[("cq/dh/bc/dai.yaml", &report)]);
    let laid = laid(data.path(), "cq/dh/bc/dai.yaml");
    // Every row, in order, with its number.
    let mut last = (0, 0.0);
    for i in 1..=45 {
        let row = laid.line_of(&format!("Chỉ tiêu số {i} về"));
        let at = (row[0].page, row[0].y);
        assert!(at > last, "row {i} out of order");
        last = at;
        assert!(row.iter().any(|r| r.text == i.to_string()), "row {i}: {row:?}");
    }
    // The header row (bold, 13 pt) at the top of the table on each page it
    // covers.
    let headers: Vec<_> = laid.runs.iter().filter(|r| r.text == "Chỉ tiêu" && r.bold).collect();
    let pages: Vec<usize> = headers.iter().map(|r| r.page).collect();
    let first_row = laid.line_of("Chỉ tiêu số 1 về");
    assert!(last.0 > first_row[0].page, "the table should span pages");
    assert_eq!(pages, (first_row[0].page..=last.0).collect::<Vec<_>>());
    for h in &headers {
        assert!((h.size - 13.0).abs() < 0.01);
        for cell in ["TT", "Đăng ký", "Kết quả"] {
            assert!(laid.page(h.page).any(|r| r.text == cell && r.bold && (r.y - h.y).abs() < 0.5), "{cell}");
        }
        // Above every row of its page.
        assert!(laid.page(h.page).filter(|r| r.text.starts_with("Chỉ tiêu số")).all(|r| r.y > h.y));
    }
}

#[test]
fn earlier_awards_make_section_three_with_its_tables() {
    let report = COLLECTIVE.replace(
        "thu_truong:",
        "danh_hieu_da_dat:\n  - nam: \"2022\"\n    danh_hieu: Đơn vị Quyết thắng\n    quyet_dinh: Quyết định số 1520/QĐ-BTL\n\
khen_thuong_da_nhan:\n  - nam: \"2021\"\n    hinh_thuc: Bằng khen của Chủ tịch UBND tỉnh\n    quyet_dinh: Quyết định số 98/QĐ-UBND\n\
thu_truong:",
    );
    let data = congress(&[("cq/dh/bc/a.yaml", &report)]);
    let laid = laid(data.path(), "cq/dh/bc/a.yaml");
    let text = squeeze(&laid.text());
    for expected in [
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG",
        "1. Danh hiệu thi đua",
        "2. Hình thức khen thưởng",
        "Số, ngày, tháng, năm của quyết định; cơ quan ban hành",
    ] {
        assert!(text.contains(&squeeze(expected)), "missing {expected:?}");
    }
    let year = laid.line_of("2022");
    assert!(year.iter().any(|r| r.text.contains("Đơn vị Quyết thắng")));
    assert!(year.iter().any(|r| r.text.contains("1520/QĐ-BTL")));
    // Section III follows II, and the body no longer ends `./.` on II.
    assert!(laid.line_of("III.")[0].y > laid.line_of("Đơn vị hoàn thành")[0].y || laid.line_of("III.")[0].page > 1);
    assert!(!text.contains("nhiệmvụ./."), "{text}");
}

#[test]
fn form_label_and_decree_are_data() {
    let dai_hoi = format!("{DAI_HOI}mau_so: Mẫu số 09\nnghi_dinh: Nghị định số 152/2025/NĐ-CP\n");
    let own = INDIVIDUAL.replace("ngay: 21/06/2024", "ngay: 21/06/2024\nmau_so: Mẫu số 10");
    let data = data_dir(&[
        ("cq/co-quan.yaml", AGENCY),
        ("cq/dh/dai-hoi.yaml", &dai_hoi),
        ("cq/dh/tap-the.yaml", COLLECTIVE),
        ("cq/dh/ca-nhan.yaml", &own),
    ]);
    let congress_wide = squeeze(&laid(data.path(), "cq/dh/tap-the.yaml").text());
    assert!(congress_wide.contains(&squeeze("Mẫu số 09")), "{congress_wide}");
    assert!(congress_wide.contains(&squeeze("(Kèm theo Nghị định số 152/2025/NĐ-CP)")));
    assert!(!congress_wide.contains("98/2023"));
    let per_report = squeeze(&laid(data.path(), "cq/dh/ca-nhan.yaml").text());
    assert!(per_report.contains(&squeeze("Mẫu số 10")) && per_report.contains("152/2025"));
}

// ---------------------------------------------------------------------------
// Bad reports: a clear message, and the rest of the batch still builds.

fn build(data: &Path) -> (tempfile::TempDir, build::Outcome) {
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data, out.path());
    let outcome = build::run(&engine, &[], Mode::Build { emit_typst: false, force: false }, build::Silent);
    (out, outcome)
}

fn messages(outcome: &build::Outcome) -> Vec<String> {
    outcome.all_problems().map(|p| p.to_string()).collect()
}

#[test]
fn missing_award_and_unknown_variant_are_reported_and_the_rest_builds() {
    let no_award = INDIVIDUAL.replace("de_nghi: Giấy khen của Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh\n", "");
    let unknown = COLLECTIVE.replace("doi_tuong: tap-the", "doi_tuong: gia-dinh");
    // Case and diacritics are forgiven (`UBND` too), a wrong word is not.
    let typo = INDIVIDUAL.replace("Quân sự tỉnh", "Quân sựu tỉnh");
    let data = congress(&[
        ("cq/dh/bc/1-tot.yaml", COLLECTIVE),
        ("cq/dh/bc/2-thieu.yaml", &no_award),
        ("cq/dh/bc/3-la.yaml", &unknown),
        ("cq/dh/bc/4-sai.yaml", &typo),
        ("cq/dh/bc/5-tot.yaml", INDIVIDUAL),
        ("cq/dh/danh-sach.yaml", "loai: danh-sach-khen-thuong\nnam: 2024\nbao_cao: bc\n"),
    ]);
    let (out, outcome) = build(data.path());
    let all = messages(&outcome);
    let find = |file: &str| -> Vec<&String> { all.iter().filter(|m| m.contains(file)).collect() };

    let missing = find("2-thieu.yaml");
    assert!(
        missing.iter().any(|m| m.contains("trường `de_nghi`") && m.contains("thiếu khóa bắt buộc `de_nghi`")),
        "{all:#?}"
    );
    assert!(missing.iter().any(|m| m.contains("2-thieu.yaml:1:1: trường `de_nghi`")), "with a line: {missing:?}");

    let variant = find("3-la.yaml");
    assert!(
        variant.iter().any(|m| m.contains("3-la.yaml:2:")
            && m.contains("trường `doi_tuong`")
            && m.contains("`gia-dinh`")
            && m.contains("`tap-the`")
            && m.contains("`ca-nhan`")),
        "{all:#?}"
    );

    let misspelt = find("4-sai.yaml");
    assert!(
        misspelt.iter().any(|m| m.contains("4-sai.yaml:3:")
            && m.contains("`de_nghi`")
            && m.contains("Có phải ý bạn là `Giấy khen của Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh`")),
        "{all:#?}"
    );

    // The good reports are written; the list is not (it would be wrong) and
    // says which reports to fix.
    let reports = out.path().join("cq/dh/bc");
    assert!(reports.join("1-tot.pdf").is_file() && reports.join("5-tot.pdf").is_file());
    for bad in ["2-thieu.pdf", "3-la.pdf", "4-sai.pdf"] {
        assert!(!reports.join(bad).exists(), "{bad}");
    }
    assert!(!out.path().join("cq/dh/danh-sach.pdf").exists());
    let list = find("danh-sach.yaml");
    for bad in ["2-thieu.yaml", "3-la.yaml", "4-sai.yaml"] {
        assert!(list.iter().any(|m| m.contains(bad) && m.contains("không lập được")), "{bad}: {list:?}");
    }
    assert_eq!(outcome.built.len(), 2);
    // The three reports, the list, and the congress pack, which would miss
    // them too.
    assert_eq!(outcome.failed.len(), 5);
    let pack = find("dai-hoi.yaml");
    assert!(pack.iter().any(|m| m.contains("tập tài liệu") && m.contains("2-thieu.yaml")), "{pack:?}");
    assert!(!out.path().join("cq/dh/tap-tai-lieu-dai-hoi.pdf").exists());
}

#[test]
fn keys_of_the_other_variant_are_refused() {
    let mixed = COLLECTIVE
        .replace("ten: Ban Chỉ huy", "chuc_vu: Chỉ huy trưởng\nten: Ban Chỉ huy")
        .replace("  tru_so:", "  ngay_sinh: 01/01/1980\n  tru_so:");
    let no_head = INDIVIDUAL
        .replace("don_vi: Ban Chỉ huy Quân sự xã Mường Kim\n", "")
        .replace("thu_truong:", "xac_nhan:\n  ho_ten: A\nthu_truong:");
    let data = congress(&[("cq/dh/a.yaml", &mixed), ("cq/dh/b.yaml", &no_head)]);
    let (_, outcome) = build(data.path());
    let all = messages(&outcome).join("\n");
    assert!(all.contains("a.yaml:4:1: trường `chuc_vu`: `chuc_vu` chỉ dùng cho báo cáo cá nhân"), "{all}");
    assert!(
        all.contains("trường `thong_tin_chung.ngay_sinh`: khóa `ngay_sinh` không dùng cho báo cáo tập thể"),
        "{all}"
    );
    assert!(all.contains("trường `don_vi`: thiếu `don_vi`"), "{all}");
    assert!(all.contains("trường `xac_nhan`: `xac_nhan` (cấp trình khen thưởng) chỉ có ở báo cáo tập thể"), "{all}");
    assert!(outcome.built.is_empty());
}

// ---------------------------------------------------------------------------
// The sample congress.

/// `(file name, doi_tuong, de_nghi, ten)` of every sample report, read here
/// with serde_yaml, independently of vanban.
fn sample_nominees() -> Vec<(String, String, String, String)> {
    let dir = repo().join("data").join(REPORTS);
    let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            let v: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            let s = |k: &str| v[k].as_str().unwrap().trim().to_string();
            (p.file_name().unwrap().to_string_lossy().into_owned(), s("doi_tuong"), s("de_nghi"), s("ten"))
        })
        .collect()
}

fn award_forms() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("data").join(CONGRESS).join("dai-hoi.yaml")).unwrap();
    let v: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    v["khen_thuong"].as_sequence().unwrap().iter().map(|f| f.as_str().unwrap().to_string()).collect()
}

#[test]
fn sample_has_collectives_individuals_and_several_awards() {
    let nominees = sample_nominees();
    assert!(nominees.len() >= 8, "{nominees:?}");
    assert!(nominees.iter().any(|n| n.1 == "tap-the") && nominees.iter().any(|n| n.1 == "ca-nhan"));
    let forms = award_forms();
    let used: std::collections::BTreeSet<_> = nominees.iter().map(|n| &n.2).collect();
    assert!(used.len() >= 2, "{used:?}");
    assert!(used.iter().all(|u| forms.contains(u)), "{used:?} not in {forms:?}");
}

#[test]
fn sample_batch_builds_every_report_and_the_list() {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&data, out.path());
    let outcome =
        build::run(&engine, &[data.join(CONGRESS)], Mode::Build { emit_typst: false, force: false }, build::Silent);
    assert!(outcome.ok(), "{:#?}", messages(&outcome));
    for (file, ..) in sample_nominees() {
        let pdf = out.path().join(REPORTS).join(file).with_extension("pdf");
        assert!(pdf.is_file(), "{}", pdf.display());
    }
    assert!(out.path().join(CONGRESS).join("danh-sach-khen-thuong.pdf").is_file());
}

#[test]
/// Four pages: its section II title, with the mark of note (2), starts page
/// 2 with the note at its foot; its last table goes whole with the
/// signature to page 4.
fn the_long_sample_report_runs_to_four_clean_pages() {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&data, out.path());
    let first = &sample_nominees()[0].0;
    let doc = lay_out(&engine, &source(&data, &format!("{REPORTS}/{first}")));
    assert_eq!(doc.pages().len(), 4, "{first}");
    let laid = Laid::of(&doc);
    let (_, height) = laid.pages[0];
    let bottom = height - 20.0 * MM;
    for page in 1..=4 {
        let runs: Vec<&Run> = laid.page(page).collect();
        // Nothing below the bottom margin (the lowest line is a baseline).
        assert!(runs.iter().all(|r| r.y <= bottom + 0.5), "page {page} overflows");
        // No heading alone at the foot of a page: the last body line is not
        // a bold 14 pt line (headings), unless it is the signature's name.
        let body: Vec<&&Run> = runs.iter().filter(|r| (r.size - 14.0).abs() < 0.01).collect();
        let last_y = body.iter().map(|r| r.y).fold(0.0, f64::max);
        let last_line: Vec<&&&Run> = body.iter().filter(|r| (r.y - last_y).abs() < 0.5).collect();
        // A table (13 pt) under it keeps it company; footnotes are 12 pt.
        let followed = runs.iter().any(|r| r.y > last_y + 0.5 && (r.size - 13.0).abs() < 0.01);
        let is_heading = last_line.iter().all(|r| r.bold)
            && last_line.iter().any(|r| r.text.trim_end().ends_with('.') || r.text.contains(". "))
            && !followed
            && page < 4;
        assert!(!is_heading, "page {page} ends with the heading {last_line:?}");
    }
    // The signature block is whole, on the last page.
    for label in ["XÁC NHẬN CỦA CẤP", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu)"] {
        assert!(laid.find(label).iter().all(|r| r.page == 4), "{label}");
    }
    assert!(laid.line_of("THÀNH TÍCH ĐẠT ĐƯỢC").iter().all(|r| r.page == 2));
    assert!(laid.line_of("2. Hình thức khen thưởng").iter().all(|r| r.page == 4));
    // Its tables: the results (with the header row) and both earlier ones.
    let text = squeeze(&laid.text());
    for cell in ["TTChỉtiêuĐăngkýKếtquả", "1.Danhhiệuthiđua", "2.Hìnhthứckhenthưởng"] {
        assert!(text.contains(cell), "{cell}");
    }
}

#[test]
fn the_list_has_every_nominee_under_the_right_award() {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&data, out.path());
    let doc = lay_out(&engine, &source(&data, &format!("{CONGRESS}/danh-sach-khen-thuong.yaml")));
    let laid = Laid::of(&doc);
    // Landscape pages, each table page starting with the column header row.
    assert!(laid.pages.iter().all(|(w, h)| w > h));
    assert!(laid.pages.len() > 1, "the sample list spans pages");
    for page in 1..=laid.pages.len() {
        // A nominee's row: its number in the STT column (1.3 cm wide).
        let rows: Vec<&Run> = laid
            .page(page)
            .filter(|r| r.x < 30.0 * MM + 13.0 * MM && !r.bold && r.text.trim().parse::<u32>().is_ok())
            .collect();
        if rows.is_empty() {
            continue;
        }
        let header = laid.page(page).find(|r| r.text == "STT" && r.bold).unwrap_or_else(|| panic!("page {page}"));
        assert!(rows.iter().all(|r| r.y > header.y), "page {page}");
    }
    let forms = award_forms();
    // Where each award's group row is: (page, y), in the order of dai-hoi.yaml.
    let place = |needle: &str| {
        let runs = laid.find(needle);
        runs.first().map(|r| (r.page, r.y))
    };
    let nominees = sample_nominees();
    // The name column: after STT (1.3 cm), 5 cm wide.
    let name_column = (30.0 * MM + 13.0 * MM, 30.0 * MM + 63.0 * MM);
    let heads: Vec<Option<(usize, f64)>> = forms
        .iter()
        .map(|f| place(&vanban::decree::format::capitals(f).chars().take(30).collect::<String>()))
        .collect();
    let present: Vec<(usize, f64)> = heads.iter().flatten().copied().collect();
    assert!(present.windows(2).all(|w| w[0] < w[1]), "groups out of order: {heads:?}");
    for (file, kind, award, name) in &nominees {
        let rank = forms.iter().position(|f| f == award).unwrap();
        // The name's lines are consecutive runs of the name column.
        let column: Vec<&Run> = laid.runs.iter().filter(|r| r.x > name_column.0 && r.x < name_column.1).collect();
        let at = (0..column.len())
            .find(|&i| {
                (1..=3).any(|k| {
                    let lines: String = column[i..(i + k).min(column.len())].iter().map(|r| r.text.as_str()).collect();
                    squeeze(&lines) == squeeze(name)
                })
            })
            .map(|i| (column[i].page, column[i].y))
            .unwrap_or_else(|| panic!("{name} is not in the list"));
        let head = heads[rank].unwrap_or_else(|| panic!("no group for {award}"));
        let next = heads[rank + 1..].iter().flatten().next().copied();
        assert!(at > head && next.is_none_or(|n| at < n), "{file} ({kind}) not under {award}");
        // An official list names no PDF files (`cot_tep_bao_cao` asks for them).
        assert!(!squeeze(&laid.text()).contains(&squeeze(&file.replace(".yaml", ".pdf"))), "{file}");
    }
    let text = squeeze(&laid.text());
    let collectives = nominees.iter().filter(|n| n.1 == "tap-the").count();
    let individuals = nominees.len() - collectives;
    assert!(text.contains(&squeeze(&format!("Tổng cộng: {collectives} tập thể, {individuals} cá nhân"))), "{text}");
}

#[test]
fn a_results_table_belongs_to_a_report_only() {
    let plan = PLAN.replace(
        "      - muc: Đánh giá kết quả.\n",
        "      - muc: Đánh giá kết quả.\n        bang_chi_tieu:\n          - {chi_tieu: A, dang_ky: B, ket_qua: C}\n",
    );
    assert_ne!(plan, PLAN);
    let data = data_dir(&[("cq/co-quan.yaml", AGENCY), ("cq/kh.yaml", &plan)]);
    let (_, outcome) = build(data.path());
    let all = messages(&outcome).join("\n");
    assert!(
        all.contains("trường `noi_dung[0].noi_dung[0].bang_chi_tieu`: bảng chỉ tiêu `bang_chi_tieu` chỉ dùng trong phần `thanh_tich`"),
        "{all}"
    );
}

#[test]
fn a_report_is_a_draft_until_dated_and_the_list_marks_its_landscape_pages() {
    let data = congress(&[
        ("cq/dh/bc/a.yaml", COLLECTIVE),
        ("cq/dh/bc/b.yaml", &INDIVIDUAL.replace("ngay: 21/06/2024", "nam: 2024")),
        ("cq/dh/ds.yaml", "loai: danh-sach-khen-thuong\nnam: 2024\nbao_cao: bc\n"),
    ]);
    assert!(laid(data.path(), "cq/dh/bc/a.yaml").mark_runs().is_empty());
    let draft = laid(data.path(), "cq/dh/bc/b.yaml");
    let pages: Vec<(usize, &str)> = (1..=draft.pages.len()).map(|p| (p, "DỰ THẢO")).collect();
    assert_eq!(draft.mark_runs().iter().map(|r| (r.page, r.text.as_str())).collect::<Vec<_>>(), pages);
    assert_eq!(squeeze(&draft.find("ngày")[0].text), "LaiChâu,ngàythángnăm2024");
    // The list has the standard header: its draft is framed under the Số
    // line, on its first page.
    let list = laid(data.path(), "cq/dh/ds.yaml");
    let (w, h) = list.pages[0];
    assert!(w > h, "landscape");
    assert!(list.mark_runs().is_empty());
    let framed: Vec<&Run> = list.runs.iter().filter(|r| r.text.trim() == "DỰ THẢO").collect();
    assert!(framed.len() == 1 && framed[0].page == 1 && framed[0].bold, "{framed:?}");
    // A dated report marked as a draft is an error at the key.
    let data =
        congress(&[("cq/dh/bc/a.yaml", &COLLECTIVE.replace("ngay: 20/06/2024", "ngay: 20/06/2024\ndu_thao: true"))]);
    let out = tempfile::tempdir().unwrap();
    let problems = engine(data.path(), out.path()).load(&source(data.path(), "cq/dh/bc/a.yaml")).err().unwrap();
    assert_eq!((problems[0].line, problems[0].field.as_deref()), (Some(7), Some("du_thao")), "{problems:?}");
}
