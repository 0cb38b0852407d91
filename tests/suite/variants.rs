//! The variants a plan takes: issued or draft, signed TM./KT./both/none,
//! with a parent agency line; and sections renumbered when they move.

use crate::common;

use common::*;

fn laid(agency: &str, plan: &str) -> Laid {
    let data = data_dir(&[("u/co-quan.yaml", agency), ("u/kh.yaml", plan)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    Laid::of(&lay_out(&engine, &source(data.path(), "u/kh.yaml")))
}

/// The `Số:` line (ô 3), squeezed.
fn number_line(l: &Laid) -> String {
    let mut runs: Vec<&Run> = l.line_of("Số:").into_iter().filter(|r| r.x < LEFT_COLUMN_END).collect();
    runs.sort_by(|a, b| a.x.total_cmp(&b.x));
    squeeze(&runs.iter().map(|r| r.text.as_str()).collect::<String>())
}

const LEFT_COLUMN_END: f64 = (30.0 + 65.0) * MM;

/// The signature's lines, top to bottom: right half, from the Nơi nhận down.
fn signature(l: &Laid) -> Vec<String> {
    let label = l.find("Nơi nhận:")[0];
    let mut runs: Vec<&Run> =
        l.page(label.page).filter(|r| r.x > 110.0 * MM && r.bold && r.size >= 13.0 && r.y > label.y - 2.0).collect();
    runs.sort_by(|a, b| a.y.total_cmp(&b.y));
    runs.iter().map(|r| r.text.clone()).collect()
}

#[test]
fn issued_plan_has_number_and_date() {
    let l = laid(AGENCY, PLAN);
    assert_eq!(number_line(&l), "Số:05/KH-UBND");
    assert_eq!(l.find("Lai Châu, ngày 07 tháng 3 năm 2024").len(), 1);
    // The last căn cứ line ends with a full stop, the closing with ./.
    assert_eq!(l.find("Căn cứ Luật Thi đua, khen thưởng.").len(), 1);
    assert!(squeeze(&l.text()).contains("Yêucầucáccơquantriểnkhaithựchiện./."));
}

#[test]
fn draft_plan_leaves_number_day_and_month_blank() {
    let plan = PLAN.replace("so: 5\nngay: 07/03/2024\n", "nam: 2025\n");
    let l = laid(AGENCY, &plan);
    assert_eq!(number_line(&l), "Số:/KH-UBND");
    let symbol = &l.find("/KH-UBND")[0];
    assert!(symbol.text.starts_with("\u{a0}\u{a0}\u{a0}") && symbol.width > 50.0, "room left for the number");
    let date = l.find("Lai Châu, ngày");
    assert_eq!(squeeze(&date[0].text), "LaiChâu,ngàythángnăm2025");
}

/// A plan long enough for three pages.
fn long_plan(head: &str) -> String {
    let para = "      - Các cơ quan, đơn vị tổ chức quán triệt, triển khai thực hiện nghiêm túc kế hoạch này, báo cáo kết quả đúng thời hạn.\n";
    format!("loai: ke-hoach\n{head}trich_yeu: T\nnoi_dung:\n  - muc: Nội dung\n    noi_dung:\n{}", para.repeat(40))
}

#[test]
fn a_draft_is_framed_under_the_number_line_by_default() {
    let l = laid(AGENCY, &long_plan("nam: 2025\n"));
    assert!(l.pages.len() >= 3, "{} pages", l.pages.len());
    assert!(l.mark_runs().is_empty());
    // Once, on page 1, bold 14 pt, under the Số line.
    let frames: Vec<&Run> = l.runs.iter().filter(|r| r.text.trim() == "DỰ THẢO").collect();
    assert_eq!(frames.len(), 1, "{frames:?}");
    let so = l.runs.iter().find(|r| r.text.starts_with("Số:")).unwrap();
    assert!(frames[0].page == 1 && frames[0].bold && (frames[0].size - 14.0).abs() < 0.01);
    assert!(frames[0].y > so.y && frames[0].y - so.y < 40.0, "{:?} under {so:?}", frames[0]);
}

#[test]
fn a_draft_marked_across_carries_its_mark_across_every_page() {
    let l = laid(AGENCY, &long_plan("nam: 2025\nkieu_du_thao: cheo\n"));
    assert!(l.pages.len() >= 3, "{} pages", l.pages.len());
    for (i, &(w, h)) in l.pages.iter().enumerate() {
        let on_page: Vec<&Run> = l.mark_runs().into_iter().filter(|r| r.page == i + 1).collect();
        assert_eq!(on_page.len(), 1, "page {}: {on_page:?}", i + 1);
        let m = on_page[0];
        assert_eq!(m.text, "DỰ THẢO");
        assert!(m.bold && m.grey.is_some_and(|g| g > 0.7 && g < 0.95), "{m:?}");
        // Along the diagonal, from bottom left to top right.
        let diagonal = (h / w).atan().to_degrees();
        assert!((m.angle - diagonal).abs() < 0.5, "angle {} vs {diagonal}", m.angle);
        assert!(m.size > 60.0 && m.size <= 110.0, "size {}", m.size);
        // Centred: the run's middle is the page's middle.
        let (a, len) = (m.angle.to_radians(), m.width);
        let (cx, cy) = (m.x + len / 2.0 * a.cos(), m.y - len / 2.0 * a.sin());
        assert!((cx - w / 2.0).abs() < 40.0 && (cy - h / 2.0).abs() < 40.0, "centre ({cx}, {cy})");
        assert!(len < 0.65 * (w * w + h * h).sqrt());
    }
    // The mark is behind the text: laid out before any of the page's text.
    for (before, mark) in &l.marks {
        assert!(l.runs[..*before].iter().all(|r| r.page < mark.page), "page {}", mark.page);
    }
    assert!(l.find("DỰ THẢO").is_empty(), "set straight nowhere");
}

#[test]
fn an_issued_document_has_no_mark() {
    let l = laid(AGENCY, &long_plan("so: 5\nngay: 07/03/2024\n"));
    assert!(l.mark_runs().is_empty());
    assert!(l.find("DỰ THẢO").is_empty());
}

#[test]
fn the_mark_is_configurable_or_off() {
    let l = laid(AGENCY, &PLAN.replace("so: 5\nngay: 07/03/2024\n", "nam: 2025\ndu_thao: Dự thảo lần 2 [*#x*]\n"));
    assert_eq!(l.lines_equal("Dự thảo lần 2 [*#x*]").len(), 1);
    assert!(l.mark_runs().is_empty());
    let across = "nam: 2025\ndu_thao: Dự thảo lần 2 [*#x*]\nkieu_du_thao: cheo\n";
    let l = laid(AGENCY, &PLAN.replace("so: 5\nngay: 07/03/2024\n", across));
    assert_eq!(l.mark_runs().iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["Dự thảo lần 2 [*#x*]"]);
    let l = laid(AGENCY, &PLAN.replace("so: 5\nngay: 07/03/2024\n", "nam: 2025\ndu_thao: false\n"));
    assert!(l.mark_runs().is_empty());
    // Still a draft: no number, no day.
    assert_eq!(number_line(&l), "Số:/KH-UBND");
}

/// The message of the first problem of a plan that does not load.
fn plan_problem(plan: &str) -> vanban::diag::Problem {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", plan)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let problems = engine.load(&source(data.path(), "u/kh.yaml")).expect_err("a problem");
    problems.into_iter().next().unwrap()
}

#[test]
fn half_issued_or_marked_issued_documents_are_errors() {
    let p = plan_problem(&PLAN.replace("ngay: 07/03/2024\n", "nam: 2024\n"));
    assert_eq!((p.line, p.field.as_deref()), (Some(2), Some("so")), "{p}");
    assert!(p.message.contains("chưa có ngày ban hành"), "{p}");
    let p = plan_problem(&PLAN.replace("so: 5\n", ""));
    assert_eq!((p.line, p.field.as_deref()), (Some(2), Some("ngay")), "{p}");
    assert!(p.message.contains("chưa có số"), "{p}");
    let p = plan_problem(&PLAN.replace("ngay: 07/03/2024\n", "ngay: 07/03/2024\ndu_thao: true\n"));
    assert_eq!((p.line, p.field.as_deref()), (Some(4), Some("du_thao")), "{p}");
    assert!(p.message.contains("không còn là dự thảo"), "{p}");
    let p = plan_problem(&PLAN.replace("ngay: 07/03/2024\n", "nam: 2024\ndu_thao: \"\"\n"));
    assert_eq!((p.line, p.field.as_deref()), (Some(4), Some("du_thao")), "{p}");
}

#[test]
fn signature_tm_kt_stacked() {
    let agency = AGENCY.replace(
        "  quyen_han: TM.\n  tap_the: Ủy ban nhân dân\n  chuc_vu: Chủ tịch\n",
        "  quyen_han: [TM., KT.]\n  tap_the: Ủy ban nhân dân\n  thu_truong: Chủ tịch\n  chuc_vu: Phó Chủ tịch\n",
    );
    let l = laid(&agency, PLAN);
    assert_eq!(signature(&l), ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Lương"]);
}

#[test]
fn signature_kt_only_and_no_prefix() {
    let kt = AGENCY.replace(
        "  quyen_han: TM.\n  tap_the: Ủy ban nhân dân\n  chuc_vu: Chủ tịch\n",
        "  quyen_han: KT.\n  thu_truong: Chủ tịch\n  chuc_vu: Phó Chủ tịch\n",
    );
    assert_eq!(signature(&laid(&kt, PLAN)), ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Lương"]);
    let office = "co_quan_chu_quan: UBND tỉnh Bắc Kạn\nco_quan_ban_hanh: Văn phòng\nviet_tat: VP\ndia_danh: Bắc Kạn\n\
nguoi_ky:\n  chuc_vu: Chánh Văn phòng\n  ho_ten: Nguyễn Văn An\nluu: VT, TH\n";
    let l = laid(office, PLAN);
    assert_eq!(signature(&l), ["CHÁNH VĂN PHÒNG", "Nguyễn Văn An"]);
    // The parent agency above the issuing one: capitals, upright, not bold;
    // the issuing agency bold with its rule; both centred in the left column.
    let parent = &l.find("UBND TỈNH BẮC KẠN")[0];
    let agency = &l.find("VĂN PHÒNG")[0];
    assert!(!parent.bold && agency.bold && (12.0..=13.0).contains(&parent.size));
    assert!(parent.y < agency.y);
    let mid = |r: &Run| r.x + r.width / 2.0;
    assert!((mid(parent) - mid(agency)).abs() < 0.5);
    let rule = l
        .rules
        .iter()
        .find(|r| r.page == 1 && r.y > agency.y && r.y - agency.y < 12.0 && r.x < 100.0 * MM)
        .expect("rule");
    let ratio = rule.length / agency.width;
    assert!((1.0 / 3.0..=0.5).contains(&ratio), "{ratio}");
    assert_eq!(number_line(&l), "Số:05/KH-VP");
    assert_eq!(l.find("- Lưu: VT, TH.").len(), 1);
}

#[test]
fn moving_a_section_renumbers_everything() {
    let a = "  - muc: Alpha\n    noi_dung:\n      - muc: Một\n      - muc: Hai\n        noi_dung:\n          - muc: Ba\n          - muc: Bốn\n            noi_dung:\n              - y: Gạch\n                noi_dung:\n                  - y: Cộng\n";
    let b = "  - muc: Beta\n    noi_dung:\n      - Đoạn.\n";
    let head = "loai: ke-hoach\nnam: 2024\ntrich_yeu: T\nnoi_dung:\n";
    let first = laid(AGENCY, &format!("{head}{a}{b}"));
    for line in ["I. ALPHA", "1. Một", "2. Hai", "a) Ba", "b) Bốn", "- Gạch", "+ Cộng", "II. BETA"] {
        assert_eq!(first.lines_equal(line).len(), 1, "{line}");
    }
    assert!(first.lines_equal("I. BETA").is_empty());
    let moved = laid(AGENCY, &format!("{head}{b}{a}"));
    for line in ["I. BETA", "II. ALPHA", "1. Một", "a) Ba"] {
        assert_eq!(moved.lines_equal(line).len(), 1, "{line}");
    }
    assert!(moved.lines_equal("I. ALPHA").is_empty());
    assert!(moved.lines_equal("II. BETA").is_empty());
}

#[test]
fn a_plan_in_a_congress_folder_takes_its_subject_from_dai_hoi_yaml() {
    let plan = PLAN.replace("trich_yeu: Tổ chức Đại hội Thi đua\n", "");
    let laid_with = |congress: &str| {
        let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/dh/dai-hoi.yaml", congress), ("u/dh/kh.yaml", &plan)]);
        let out = tempfile::tempdir().unwrap();
        let engine = engine(data.path(), out.path());
        Laid::of(&lay_out(&engine, &source(data.path(), "u/dh/kh.yaml")))
    };
    let l = laid_with("ten: Đại hội Thi đua Quyết thắng\ngiai_doan: 2019-2024\n");
    assert_eq!(l.find("Tổ chức Đại hội Thi đua Quyết thắng giai đoạn 2019-2024").len(), 1);
    let l = laid_with("ten: Đại hội Thi đua yêu nước lần thứ VI\ngiai_doan: 2020-2025\n");
    assert_eq!(l.find("Tổ chức Đại hội Thi đua yêu nước lần thứ VI giai đoạn 2020-2025").len(), 1);
}
