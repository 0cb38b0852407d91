//! The decree's other components (Phụ lục I): the urgency, secrecy and
//! circulation marks and a draft's frame under the Số line, Kính gửi, the
//! Lưu line's copies, the drafter (ô 12), the agency's address (ô 13), a
//! sub-heading in Nơi nhận, and the margins an agency chooses — measured on
//! the laid-out pages.

use crate::common;

use std::path::Path;

use common::*;
use typst::layout::{Frame, FrameItem, Transform};
use typst::visualize::{Geometry, Paint};

/// A framed rectangle drawn on a page: its box (pt from the top left) and
/// whether its stroke is red.
#[derive(Debug)]
struct Frame_ {
    page: usize,
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    red: bool,
}

fn frames(doc: &typst_layout::PagedDocument) -> Vec<Frame_> {
    fn walk(frame: &Frame, ts: Transform, page: usize, out: &mut Vec<Frame_>) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(g) => {
                    walk(&g.frame, ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(g.transform), page, out)
                }
                FrameItem::Shape(shape, _) => {
                    if let (Geometry::Rect(size), Some(stroke)) = (&shape.geometry, &shape.stroke) {
                        let p = pos.transform(ts);
                        let red = match &stroke.paint {
                            Paint::Solid(c) => {
                                let [r, g, b, _] = c.to_vec4();
                                r > 0.7 && g < 0.2 && b < 0.2
                            }
                            _ => false,
                        };
                        out.push(Frame_ {
                            page,
                            x: p.x.to_pt(),
                            y: p.y.to_pt(),
                            w: size.x.to_pt(),
                            h: size.y.to_pt(),
                            red,
                        });
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        walk(&page.frame, Transform::identity(), i + 1, &mut out);
    }
    out
}

const SAMPLE: &str = "ubnd-tinh-lai-chau/dai-hoi-thi-dua-yeu-nuoc-2025/ke-hoach-tuyen-truyen.yaml";

fn sample() -> (Laid, Vec<Frame_>) {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let doc = lay_out(&engine(&data, out.path()), &source(&data, SAMPLE));
    (Laid::of(&doc), frames(&doc))
}

/// The frame around the run whose text is `text`.
fn frame_of<'a>(l: &Laid, frames: &'a [Frame_], text: &str) -> (&'a Frame_, Run) {
    let run = l.runs.iter().find(|r| r.text.trim() == text).unwrap_or_else(|| panic!("no run {text}")).clone();
    let f = frames
        .iter()
        .find(|f| {
            f.page == run.page && f.x <= run.x && run.x + run.width <= f.x + f.w && f.y <= run.y && run.y <= f.y + f.h
        })
        .unwrap_or_else(|| panic!("no frame around {text}: {frames:?}"));
    (f, run)
}

#[test]
fn the_marks_are_framed_under_the_number_line_at_the_decree_sizes() {
    let (l, frames) = sample();
    let so = l.runs.iter().find(|r| r.text.starts_with("Số:")).unwrap();
    let (draft, draft_run) = frame_of(&l, &frames, "DỰ THẢO LẦN 2");
    let (urgent, urgent_run) = frame_of(&l, &frames, "KHẨN");
    let (circulation, circulation_run) = frame_of(&l, &frames, "LƯU HÀNH NỘI BỘ");
    // The draft's frame directly under the Số line; the marks under it.
    assert!(draft.y > so.y && draft.y - so.y < 12.0, "draft frame at {draft:?}, Số at {}", so.y);
    assert!(urgent.y > draft.y + draft.h && circulation.y > urgent.y + urgent.h);
    // All three under the left column's centre (30 mm margin, 6.5 cm
    // column), one line each, 8 mm high.
    let centre = (30.0 + 32.5) * MM;
    for f in [draft, urgent, circulation] {
        assert!((f.x + f.w / 2.0 - centre).abs() < 30.0, "{f:?} not under Số (centre {centre})");
        assert!((f.h - 8.0 * MM).abs() < 0.5, "{f:?}: 8 mm high");
    }
    // KHẨN: 20 × 8 mm, red, bold capitals 13 pt.
    assert!((urgent.w - 20.0 * MM).abs() < 0.5, "{urgent:?}");
    assert!(urgent.red && !draft.red && !circulation.red);
    for r in [&urgent_run, &circulation_run] {
        assert!(r.bold && (r.size - 13.0).abs() < 0.01, "{r:?}");
    }
    assert!(draft_run.bold && (draft_run.size - 14.0).abs() < 0.01, "{draft_run:?}");
    // No mark across the page: the frame replaces it.
    assert!(l.marks.is_empty());
}

#[test]
fn the_secrecy_stamp_is_the_laws_double_frame_under_the_number_line() {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let path = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/bien-ban-hop-hoi-dong.yaml";
    let doc = lay_out(&engine(&data, out.path()), &source(&data, path));
    let (l, frames) = (Laid::of(&doc), frames(&doc));
    let so = l.runs.iter().find(|r| r.text.starts_with("Số:")).unwrap();
    let run = l.runs.iter().find(|r| r.text.trim() == "MẬT").expect("the stamp's word");
    assert!(run.bold && (run.size - 13.0).abs() < 0.01, "{run:?}");
    // Two red frames around the word, one inside the other: the outer
    // 20 × 8 mm, the inner 1 mm in on every side.
    let around: Vec<&Frame_> = frames
        .iter()
        .filter(|f| f.page == 1 && f.x <= run.x && run.x + run.width <= f.x + f.w && f.y <= run.y && run.y <= f.y + f.h)
        .collect();
    assert_eq!(around.len(), 2, "{around:?}");
    let (outer, inner) = if around[0].w > around[1].w { (around[0], around[1]) } else { (around[1], around[0]) };
    assert!(outer.red && inner.red, "{around:?}");
    assert!((outer.w - 20.0 * MM).abs() < 0.5 && (outer.h - 8.0 * MM).abs() < 0.5, "{outer:?}");
    for (a, b) in
        [(inner.x - outer.x, 1.0), (inner.y - outer.y, 1.0), (outer.w - inner.w, 2.0), (outer.h - inner.h, 2.0)]
    {
        assert!((a - b * MM).abs() < 0.3, "{outer:?} {inner:?}");
    }
    // Under the Số line, in the left column.
    assert!(outer.y > so.y && outer.y - so.y < 12.0, "{outer:?}, Số at {}", so.y);
    assert!(outer.x + outer.w < 95.0 * MM, "{outer:?}");
}

#[test]
fn the_drafter_copies_heading_and_address_are_where_the_decree_puts_them() {
    let (l, _) = sample();
    let luu = l.find("Lưu: VT, TĐKT(2).");
    assert_eq!(luu.len(), 1, "{:?}", l.find("Lưu"));
    let drafter = l.runs.iter().find(|r| r.text.trim() == "NVA(30)").expect("ô 12");
    assert!(drafter.y > luu[0].y && (drafter.size - 11.0).abs() < 0.01 && !drafter.bold && !drafter.italic);
    // The sub-heading: italic, no dash; the lines under it keep theirs.
    let heading = l.runs.iter().find(|r| r.text.contains("Gửi bản điện tử:")).unwrap();
    assert!(heading.italic && !heading.text.starts_with('-'), "{heading:?}");
    assert_eq!(l.lines_equal("- Đài Phát thanh và Truyền hình tỉnh;").len(), 1);
    // Ô 13: at the foot of page 1, 11 pt, under a rule across the text width.
    let address = l.runs.iter().find(|r| r.text.starts_with("Địa chỉ:")).expect("address");
    let (w, h) = l.pages[0];
    assert!(address.page == 1 && address.y > h - 20.0 * MM && (address.size - 11.0).abs() < 0.01, "{address:?}");
    assert!(l.find("ĐT: 0213.3876.215; E-mail: ubnd@laichau.gov.vn; Website: laichau.gov.vn").len() == 1);
    let rule =
        l.rules.iter().filter(|r| r.page == 1 && r.y > h - 25.0 * MM).max_by(|a, b| a.length.total_cmp(&b.length));
    let rule = rule.expect("the rule above the address");
    assert!((rule.x - 30.0 * MM).abs() < 0.5 && (rule.length - (w - 45.0 * MM)).abs() < 0.5, "{rule:?}");
    assert!(rule.y < address.y);
}

/// A congress data folder with an agency and `files`.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let mut all = vec![("u/co-quan.yaml", AGENCY)];
    all.extend_from_slice(files);
    data_dir(&all)
}

fn problems(data: &Path, rel: &str) -> Vec<String> {
    let out = tempfile::tempdir().unwrap();
    match engine(data, out.path()).load(&source(data, rel)) {
        Ok(doc) => {
            doc.problems.iter().map(|p| format!("{}: {}", p.field.clone().unwrap_or_default(), p.message)).collect()
        }
        Err(ps) => ps.iter().map(|p| format!("{}: {}", p.field.clone().unwrap_or_default(), p.message)).collect(),
    }
}

#[test]
fn the_address_is_on_page_one_only_and_the_agency_margins_are_used() {
    let long: String = (0..40).map(|i| format!("  - Nội dung thứ {i} của kế hoạch, đủ dài để sang trang.\n")).collect();
    let agency = format!("{AGENCY}dia_chi: Số 1 đường A, phường B\nle:\n  tren: 25\n  trai: 35\n  phai: 20\n");
    let data = data_dir(&[
        ("u/co-quan.yaml", &agency),
        ("u/kh.yaml", &format!("{}\n", PLAN.replace("      - Các sở, ngành thực hiện.\n", &long))),
    ]);
    let out = tempfile::tempdir().unwrap();
    let doc = lay_out(&engine(data.path(), out.path()), &source(data.path(), "u/kh.yaml"));
    let l = Laid::of(&doc);
    assert!(l.pages.len() >= 2);
    let address: Vec<&Run> = l.runs.iter().filter(|r| r.text.starts_with("Địa chỉ:")).collect();
    assert_eq!(address.len(), 1);
    assert_eq!(address[0].page, 1);
    // Nơi nhận starts at the agency's left margin; the header under the top one.
    let left = l.runs.iter().find(|r| r.text.starts_with("Nơi nhận")).unwrap().x;
    assert!((left - 35.0 * MM).abs() < 0.5, "left {left}");
    let top = l.runs.iter().filter(|r| r.page == 1).map(|r| r.y).fold(f64::INFINITY, f64::min);
    assert!(top > 25.0 * MM && top < 32.0 * MM, "first baseline {top}");
}

#[test]
fn a_margin_outside_the_decree_or_an_unknown_mark_is_refused_naming_the_key() {
    let data = folder(&[(
        "u/kh.yaml",
        &format!("{PLAN}le:\n  trai: 40\ndo_khan: gấp\ndo_mat: mật\nkinh_gui: Bộ Nội vụ\nnguoi_soan_thao: nva\n"),
    )]);
    let got = problems(data.path(), "u/kh.yaml");
    let want = [
        "le.trai: lề trái 40 mm nằm ngoài khoảng Nghị định 30/2020 cho phép (30–35 mm): sửa `le.trai`",
        "do_khan: `do_khan: gấp` không phải một mức Nghị định quy định: ghi một trong `HỎA TỐC`, `THƯỢNG KHẨN`, `KHẨN`",
        "kinh_gui: kế hoạch không có dòng Kính gửi (Nghị định 30/2020 chỉ dùng cho tờ trình, báo cáo gửi cấp trên và công văn): bỏ khóa `kinh_gui`, người nhận ghi trong `noi_nhan`",
        "nguoi_soan_thao: `nguoi_soan_thao: nva` phải là chữ viết tắt tên người soạn thảo, chữ in hoa liền nhau (ví dụ `NVA`)",
    ];
    for w in want {
        assert!(got.iter().any(|g| g == w), "missing {w:?} in {got:#?}");
    }
    // `mật` in any case is the mark MẬT.
    assert!(!got.iter().any(|g| g.starts_with("do_mat")), "{got:#?}");
}

const PROPOSAL: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/to-trinh-bo-quoc-phong.yaml";

/// The sample tờ trình, laid out from a copy of the data where `edit` has
/// changed its YAML.
fn proposal(edit: impl Fn(&str) -> String) -> (Laid, Vec<String>) {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    let file = data.path().join(PROPOSAL);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, edit(&text)).unwrap();
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let src = source(data.path(), PROPOSAL);
    match engine.load(&src) {
        Ok(_) => (Laid::of(&lay_out(&engine, &src)), Vec::new()),
        Err(_) => (Laid::default(), problems(data.path(), PROPOSAL)),
    }
}

#[test]
fn kinh_gui_puts_one_recipient_on_its_line_and_several_under_the_colon() {
    // The sample: one recipient, centred on its line under the trích yếu.
    let (l, _) = proposal(|t| t.to_string());
    assert_eq!(l.lines_equal("Kính gửi: Bộ Quốc phòng.").len(), 1, "{}", l.text());
    let line = l.line_of("Kính gửi");
    let (left, right) = extent(&line);
    let (w, _) = l.pages[0];
    // Centred between the margins (30 mm left, 15 mm right).
    assert!(((left + right) / 2.0 - (30.0 * MM + w - 15.0 * MM) / 2.0).abs() < 2.0, "{left} {right}");
    let subject = l.line_of("thắng lực lượng vũ trang");
    assert!(line[0].y > subject[0].y && line[0].page == 1);
    assert!(l.line_of("Căn cứ Luật Thi đua")[0].y > line[0].y);

    let (l, _) = proposal(|t| {
        t.replace(
            "kinh_gui: Bộ Quốc phòng\n",
            "kinh_gui:\n  - Bộ Quốc phòng\n  - Ban Thi đua - Khen thưởng Trung ương\n",
        )
    });
    let label = l.runs.iter().find(|r| r.text.trim() == "Kính gửi:").expect("Kính gửi:");
    let first = l.line_of("Bộ Quốc phòng;");
    let second = l.line_of("Trung ương.");
    assert!(!first.is_empty() && !second.is_empty(), "{}", l.text());
    let (x1, _) = extent(&first);
    let (x2, _) = extent(&second);
    // Each on its own line, starting with a dash under the end of `Kính gửi:`.
    assert!(first[0].y > label.y && second[0].y > first[0].y);
    assert!((x1 - (label.x + label.width)).abs() < 4.0 && (x1 - x2).abs() < 0.5, "{x1} {x2} {label:?}");
    assert!(first[0].text.starts_with('-') && (first[0].size - 14.0).abs() < 0.01);
}

/// The tờ trình counts the collectives and individuals proposed for its
/// award level from the reports, and follows them when a report changes.
#[test]
fn the_proposal_counts_the_nominees_of_its_level_from_the_reports() {
    let reports = repo().join("data/ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/bao-cao-thanh-tich");
    let (mut collectives, mut individuals) = (0, 0);
    for e in std::fs::read_dir(&reports).unwrap() {
        let text = std::fs::read_to_string(e.unwrap().path()).unwrap();
        if text.lines().any(|l| l.trim() == "de_nghi: Bằng khen của Bộ trưởng Bộ Quốc phòng") {
            if text.lines().any(|l| l.trim() == "doi_tuong: tap-the") {
                collectives += 1;
            } else {
                individuals += 1;
            }
        }
    }
    assert!(collectives > 0 && individuals > 0);
    let (l, _) = proposal(|t| t.to_string());
    let want = format!(
        "Đề nghị tặng Bằng khen của Bộ trưởng Bộ Quốc phòng cho {collectives} tập thể và {individuals} cá nhân (có danh sách kèm theo)."
    );
    assert!(squeeze(&l.text()).contains(&squeeze(&want)), "{}", l.text());
    // `TỜ TRÌNH`, and its number TTr.
    assert_eq!(l.lines_equal("TỜ TRÌNH").len(), 1);
    assert!(l.line_of("Số:").iter().any(|r| r.text.contains("/TTr-UBND")));

    // Every level the reports propose, when `hinh_thuc` is left out.
    let (l, _) = proposal(|t| t.replace("hinh_thuc: Bằng khen của Bộ trưởng Bộ Quốc phòng\n", ""));
    let text = squeeze(&l.text());
    for level in ["Bằng khen của Bộ trưởng Bộ Quốc phòng cho", "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho"]
    {
        assert!(text.contains(&squeeze(level)), "{level}: {}", l.text());
    }
}

#[test]
fn a_proposal_without_kinh_gui_or_with_an_unknown_level_is_refused_naming_the_key() {
    let (_, got) = proposal(|t| t.replace("kinh_gui: Bộ Quốc phòng\n", ""));
    assert!(got.iter().any(|g| g.starts_with("kinh_gui: tờ trình cần khóa `kinh_gui`")), "{got:#?}");
    let (_, got) = proposal(|t| {
        t.replace("hinh_thuc: Bằng khen của Bộ trưởng Bộ Quốc phòng", "hinh_thuc: Bằng khen của Bộ trưởng")
    });
    assert!(
        got.iter().any(
            |g| g.starts_with("hinh_thuc: `Bằng khen của Bộ trưởng` không có trong `khen_thuong` của dai-hoi.yaml")
        ),
        "{got:#?}"
    );
    // A Kính gửi on a list that goes with a tờ trình is refused.
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    let rel = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/danh-sach-khen-thuong.yaml";
    let list = data.path().join(rel);
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(&list, format!("{text}\nkinh_gui: Ủy ban nhân dân tỉnh\n")).unwrap();
    let got = problems(data.path(), rel);
    assert!(got.iter().any(|g| g.starts_with("kinh_gui: danh sách không có dòng Kính gửi")), "{got:#?}");
}

/// The images on a page: their boxes (pt from the top left).
fn images(doc: &typst_layout::PagedDocument) -> Vec<(usize, f64, f64, f64, f64)> {
    fn walk(frame: &Frame, ts: Transform, page: usize, out: &mut Vec<(usize, f64, f64, f64, f64)>) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(g) => {
                    walk(&g.frame, ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(g.transform), page, out)
                }
                FrameItem::Image(_, size, _) => {
                    let p = pos.transform(ts);
                    out.push((page, p.x.to_pt(), p.y.to_pt(), size.x.to_pt(), size.y.to_pt()));
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, page) in doc.pages().iter().enumerate() {
        walk(&page.frame, Transform::identity(), i + 1, &mut out);
    }
    out
}

#[test]
fn an_electronic_issue_places_the_signature_and_the_seal_at_its_real_size_over_a_third_of_it() {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let rel = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/giay-moi.yaml";
    let doc = lay_out_part(&engine(&data, out.path()), &source(&data, rel), 0);
    let l = Laid::of(&doc);
    let imgs = images(&doc);
    assert_eq!(imgs.len(), 2, "{imgs:?}");
    // The signature first (2 cm high), the seal over it (36 mm across).
    let (sig, seal) = (imgs[0], imgs[1]);
    assert!((sig.4 - 20.0 * MM).abs() < 0.1, "{sig:?}");
    assert!((seal.3 - 36.0 * MM).abs() < 0.1 && (seal.4 - 36.0 * MM).abs() < 0.5, "{seal:?}");
    // Between the chức vụ and the name, the signature centred on the name.
    let title = l.runs.iter().find(|r| r.text.trim() == "CHỦ TỊCH").unwrap();
    let name = l.runs.iter().find(|r| r.text.trim() == "Lê Văn Lương").unwrap();
    assert!(sig.2 > title.y && sig.2 + sig.4 < name.y - name.size, "{sig:?} between {title:?} and {name:?}");
    assert!(((sig.1 + sig.3 / 2.0) - (name.x + name.width / 2.0)).abs() < 1.0);
    // The seal covers the signature's left third, and no more of it.
    let covered = (seal.1 + seal.3 - sig.1) / sig.3;
    assert!(seal.1 < sig.1 && (covered - 1.0 / 3.0).abs() < 0.02, "covers {covered}");
    let (seal_mid, sig_mid) = (seal.2 + seal.4 / 2.0, sig.2 + sig.4 / 2.0);
    assert!((seal_mid - sig_mid).abs() < 0.5);
}

#[test]
fn an_electronic_issue_without_usable_images_is_refused_naming_the_key() {
    let png = std::fs::read(repo().join("data/ubnd-tinh-lai-chau/con-dau-mau.png")).unwrap();
    let issued = "loai: ke-hoach\nso: 5\nngay: 07/03/2024\nban_dien_tu: true\ntrich_yeu: T\nnoi_dung:\n  - Một đoạn.\n";
    let cases: [(&str, &str, &str); 4] = [
        (
            "anh_con_dau: dau.png\ncon_dau_mm: 36\n",
            issued,
            "nguoi_ky.anh_chu_ky: văn bản phát hành điện tử cần ảnh chữ ký của người ký",
        ),
        (
            "anh_con_dau: khong-co.png\ncon_dau_mm: 36\n",
            issued,
            "anh_con_dau: `anh_con_dau`: không có tệp ảnh `khong-co.png`",
        ),
        ("anh_con_dau: dau.txt\ncon_dau_mm: 36\n", issued, "anh_con_dau: `anh_con_dau`: `dau.txt` không phải ảnh PNG"),
        ("anh_con_dau: dau.png\n", issued, "con_dau_mm: ghi đường kính thật của con dấu (mm)"),
    ];
    for (agency_extra, plan, want) in cases {
        let data = data_dir(&[("u/co-quan.yaml", &format!("{AGENCY}{agency_extra}")), ("u/kh.yaml", plan)]);
        std::fs::write(data.path().join("u/dau.png"), &png).unwrap();
        std::fs::write(data.path().join("u/dau.txt"), "not an image").unwrap();
        let got = problems(data.path(), "u/kh.yaml");
        assert!(got.iter().any(|g| g.starts_with(want)), "missing {want:?} in {got:#?}");
    }
    // A draft is not issued electronically.
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        ("u/kh.yaml", &issued.replace("so: 5\nngay: 07/03/2024\n", "nam: 2024\n")),
    ]);
    let got = problems(data.path(), "u/kh.yaml");
    assert!(got.iter().any(|g| g.starts_with("ban_dien_tu: chỉ văn bản ban hành")), "{got:#?}");
}

#[test]
fn a_phu_luc_follows_on_new_pages_numbered_from_one_naming_its_document() {
    let (l, _) = sample();
    // Phụ lục II is filed on its own (see below): Phụ lục I follows alone.
    assert_eq!(l.pages.len(), 2);
    let run = l.runs.iter().find(|r| r.text.trim() == "Phụ lục I").expect("Phụ lục I");
    assert!(run.page == 2 && run.bold && (run.size - 14.0).abs() < 0.01, "{run:?}");
    let (w, _) = l.pages[1];
    let centre = (30.0 * MM + (w - 15.0 * MM)) / 2.0;
    assert!((run.x + run.width / 2.0 - centre).abs() < 1.0, "{run:?} centred");
    // No page number on a phụ lục's first page.
    assert!(!l.page(2).any(|r| r.text.trim().parse::<usize>().is_ok()), "page 2");
    // A draft's number and day stay blank in the line naming the plan.
    let page2: String = l.page(2).map(|r| r.text.as_str()).collect();
    assert!(
        squeeze(&page2).contains("(KèmtheoKếhoạchsố/KH-UBNDngàytháng9năm2025củaỦybannhândântỉnhLaiChâu)"),
        "{page2}"
    );
    let italic = l.runs.iter().filter(|r| r.page == 2 && r.text.contains("Kèm theo")).all(|r| r.italic);
    assert!(italic);
    assert!(l.lines_equal("KHẨU HIỆU TUYÊN TRUYỀN").len() == 1);
}

#[test]
fn a_long_phu_luc_numbers_its_own_pages_and_an_issued_one_names_the_number() {
    let body: String =
        (0..45).map(|i| format!("      - Dòng thứ {i} của phụ lục, đủ dài để sang trang thứ hai.\n")).collect();
    let plan =
        format!("{PLAN}phu_luc:\n  - ten: Danh mục\n    noi_dung:\n      - muc: Mục một\n        noi_dung:\n{body}");
    let data = folder(&[("u/kh.yaml", &plan)]);
    let out = tempfile::tempdir().unwrap();
    let l = Laid::of(&lay_out(&engine(data.path(), out.path()), &source(data.path(), "u/kh.yaml")));
    let start = l.runs.iter().find(|r| r.text.trim() == "Phụ lục").expect("a single phụ lục has no numeral").page;
    assert!(l.pages.len() > start);
    // Its second page is numbered 2, at the top centre.
    let top = l.page(start + 1).min_by(|a, b| a.y.total_cmp(&b.y)).unwrap();
    assert_eq!(top.text.trim(), "2");
    let text = squeeze(&l.page(start).map(|r| r.text.as_str()).collect::<String>());
    assert!(text.contains("(KèmtheoKếhoạchsố05/KH-UBNDngày07tháng3năm2024củaỦYBANNHÂNDÂNTỈNHLAICHÂU)"), "{text}");
}

#[test]
fn a_draft_may_keep_a_known_month_and_nothing_else() {
    let (l, _) = sample();
    let date: Vec<&Run> = l.find("Lai Châu, ngày");
    assert_eq!(squeeze(&date[0].text), "LaiChâu,ngàytháng9năm2025");
    let draft = PLAN.replace("so: 5\nngay: 07/03/2024\n", "nam: 2024\nthang: 1\n");
    let data = folder(&[("u/kh.yaml", &draft)]);
    let out = tempfile::tempdir().unwrap();
    let l = Laid::of(&lay_out(&engine(data.path(), out.path()), &source(data.path(), "u/kh.yaml")));
    assert_eq!(squeeze(&l.find("Lai Châu, ngày")[0].text), "LaiChâu,ngàytháng01năm2024");
    for (plan, want) in [
        (
            PLAN.replace("ngay: 07/03/2024\n", "ngay: 07/03/2024\nthang: 3\n"),
            "thang: đã có ngày ban hành `ngay`: bỏ `thang`",
        ),
        (
            PLAN.replace("so: 5\nngay: 07/03/2024\n", "nam: 2024\nthang: 13\n"),
            "thang: `thang: 13` không phải một tháng",
        ),
    ] {
        let data = folder(&[("u/kh.yaml", &plan)]);
        let got = problems(data.path(), "u/kh.yaml");
        assert!(got.iter().any(|g| g.starts_with(want)), "{want:?} in {got:#?}");
    }
}

#[test]
fn a_phu_luc_filed_on_its_own_is_its_own_pdf_and_an_electronic_one_carries_o_8() {
    // The sample: Phụ lục II in its own file, not after the plan.
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&data, out.path());
    let doc = engine.load(&source(&data, SAMPLE)).unwrap();
    let names: Vec<String> = doc.parts.iter().map(|p| p.pdf.display().to_string()).collect();
    assert_eq!(
        names,
        [
            "ubnd-tinh-lai-chau/dai-hoi-thi-dua-yeu-nuoc-2025/ke-hoach-tuyen-truyen.pdf",
            "ubnd-tinh-lai-chau/dai-hoi-thi-dua-yeu-nuoc-2025/ke-hoach-tuyen-truyen-phu-luc-ii.pdf"
        ]
    );
    assert_eq!(doc.parts[1].title, "Phụ lục II Lịch đăng tải tin, bài");
    let own = Laid::of(&lay_out(&engine, &source(&data, SAMPLE)));
    assert!(own.lines_equal("Phụ lục II").is_empty() && own.lines_equal("Phụ lục I").len() == 1);
    let annex = Laid::of(&lay_out_part(&engine, &source(&data, SAMPLE), 1));
    assert_eq!(annex.pages.len(), 1);
    let label = annex.runs.iter().find(|r| r.text.trim() == "Phụ lục II").unwrap();
    assert!(label.page == 1 && label.bold && label.y < 30.0 * MM, "{label:?} starts the page");
    // A draft's annex carries the mark across the page, on one line.
    assert_eq!(annex.mark_runs().iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["DỰ THẢO LẦN 2"]);

    // Issued electronically: ô 8 at the top right, 10 pt, upright, black.
    let png = std::fs::read(repo().join("data/ubnd-tinh-lai-chau/con-dau-mau.png")).unwrap();
    let agency = format!("{AGENCY}anh_con_dau: dau.png\ncon_dau_mm: 36\n")
        .replace("  ho_ten: Lê Văn Lương\n", "  ho_ten: Lê Văn Lương\n  anh_chu_ky: dau.png\n");
    let annexed = format!(
        "{PLAN}ban_dien_tu: true\nthoi_gian_ky: 07/03/2024 09:30:15\nphu_luc:\n  - ten: Danh mục\n    tep_rieng: true\n    noi_dung:\n      - Một dòng.\n"
    );
    let data = data_dir(&[("u/co-quan.yaml", &agency), ("u/kh.yaml", &annexed)]);
    std::fs::write(data.path().join("u/dau.png"), &png).unwrap();
    let out = tempfile::tempdir().unwrap();
    let engine = self::engine(data.path(), out.path());
    let l = Laid::of(&lay_out_part(&engine, &source(data.path(), "u/kh.yaml"), 1));
    let number = l.runs.iter().find(|r| r.text.trim() == "05/KH-UBND").expect("ô 8: số ký hiệu");
    let time = l.runs.iter().find(|r| r.text.trim() == "2024-03-07T09:30:15+07:00").expect("ô 8: thời gian ký");
    let (w, _) = l.pages[0];
    for r in [number, time] {
        assert!((r.size - 10.0).abs() < 0.01 && !r.bold && !r.italic && r.grey == Some(0.0), "{r:?}");
        assert!((r.x + r.width - (w - 15.0 * MM)).abs() < 1.0 && r.y < 35.0 * MM, "{r:?} at the top right");
    }
    assert!(time.y > number.y);
    // The line naming the plan leaves its number and date blank.
    let text = squeeze(&l.text());
    assert!(text.contains("(KèmtheoKếhoạchsố/KH-UBNDngàythángnăm2024của"), "{text}");
    // Without the signing time, it is an error at the key.
    let data = data_dir(&[
        ("u/co-quan.yaml", &agency),
        ("u/kh.yaml", &annexed.replace("thoi_gian_ky: 07/03/2024 09:30:15\n", "")),
    ]);
    std::fs::write(data.path().join("u/dau.png"), &png).unwrap();
    let got = problems(data.path(), "u/kh.yaml");
    assert!(got.iter().any(|g| g.starts_with("thoi_gian_ky: phụ lục in tệp riêng")), "{got:#?}");
}
