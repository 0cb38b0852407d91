//! THẺ ĐẠI BIỂU and BIỂN TÊN: one badge, one name card for every good row
//! of the invitee list, in protocol order; names fitted to their room and
//! printed as typed; the name card's upper half turned upside down; a bad
//! row named, the others printed.

use crate::common;

use calamine::Reader;
use common::*;
use typst::layout::{Frame, FrameItem};

const CONGRESS: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024";
const BADGES: &str = "u/dh/the-dai-bieu.yaml";
const CARDS: &str = "u/dh/bien-ten.yaml";
const BADGE_FILE: &str = "loai: the-dai-bieu\nkhach_moi: khach-moi.csv\n";
const CARD_FILE: &str = "loai: bien-ten\nkhach_moi: khach-moi.csv\n";

/// The chosen values of the badges (`the_dai_bieu` of the-thuc.yaml).
fn chosen() -> serde_yaml::Value {
    let text = std::fs::read_to_string(repo().join("templates/the-thuc.yaml")).unwrap();
    let all: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    all["the_dai_bieu"].clone()
}

/// The chosen values of the name cards (`bien_ten` of the-thuc.yaml).
fn chosen_card() -> serde_yaml::Value {
    let text = std::fs::read_to_string(repo().join("templates/the-thuc.yaml")).unwrap();
    let all: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    all["bien_ten"].clone()
}

fn num(v: &serde_yaml::Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v:?}"))
}

/// The badges' boxes on a sheet (pt from the top left), in the order they
/// are filled, for a badge `w` × `h` mm: as many columns and rows as fit in
/// the sheet's margin, `khe` apart, the grid centred. Worked out here from
/// the chosen values, independently of the layout.
fn badge_boxes(w: f64, h: f64) -> Vec<(f64, f64, f64, f64)> {
    let c = chosen();
    let (le, khe) = (num(&c["le"]), num(&c["khe"]));
    let (pw, ph) = (210.0, 297.0);
    let cols = ((pw - 2.0 * le + khe) / (w + khe)).floor().max(1.0) as usize;
    let rows = ((ph - 2.0 * le + khe) / (h + khe)).floor().max(1.0) as usize;
    let x0 = (pw - cols as f64 * w - (cols - 1) as f64 * khe) / 2.0;
    let y0 = (ph - rows as f64 * h - (rows - 1) as f64 * khe) / 2.0;
    let mut out = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            let x = x0 + c as f64 * (w + khe);
            let y = y0 + r as f64 * (h + khe);
            out.push((x * MM, y * MM, w * MM, h * MM));
        }
    }
    out
}

/// The default badge's size (mm).
fn default_size() -> (f64, f64) {
    let c = chosen();
    (num(&c["rong"]), num(&c["cao"]))
}

/// The group labels printed (one per badge), in layout order.
fn labels(l: &Laid) -> Vec<&Run> {
    l.runs.iter().filter(|r| matches!(r.text.trim(), "KHÁCH MỜI" | "ĐẠI BIỂU")).collect()
}

/// The crop marks: rules as long as the chosen mark.
fn crop_marks(l: &Laid) -> usize {
    let long = num(&chosen()["dau_cat"]["dai"]) * MM;
    l.rules.iter().filter(|r| (r.length - long).abs() < 0.1).count()
}

/// A congress folder `u/dh` with the invitee list `csv` and `more` files.
fn congress_with(csv: &str, more: &[(&str, &str)]) -> tempfile::TempDir {
    let congress = "ten: Đại hội Thi đua\ngiai_doan: 2019-2024\nthoi_gian: 19/07/2024 07:30\ndia_diem: Hội trường\n";
    let mut files = vec![("u/co-quan.yaml", AGENCY), ("u/dh/dai-hoi.yaml", congress), ("u/dh/khach-moi.csv", csv)];
    files.extend_from_slice(more);
    data_dir(&files)
}

/// The document at `rel` of `data`, laid out, with its problems.
fn laid(data: &std::path::Path, rel: &str) -> (Laid, Vec<vanban::diag::Problem>) {
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data, out.path());
    let src = source(data, rel);
    let doc = engine.load(&src).unwrap_or_else(|p| panic!("{p:?}"));
    (Laid::of(&lay_out(&engine, &src)), doc.problems)
}

/// The rows of the sample spreadsheet, read here independently of vanban:
/// each row's name (its unit for an agency), group and protocol rank.
fn sample_rows() -> Vec<(String, String, Option<u32>)> {
    let path = repo().join("data").join(CONGRESS).join("khach-moi.xlsx");
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let mut rows = range.rows();
    let header: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string().to_lowercase()).collect();
    let col = |name: &str| header.iter().position(|h| h.contains(name)).unwrap_or_else(|| panic!("{header:?}"));
    let (name, unit, group, rank) = (col("họ và tên"), col("đơn vị"), col("nhóm"), col("thứ tự"));
    rows.filter(|r| r.iter().any(|c| !c.to_string().trim().is_empty()))
        .map(|r| {
            let n = r[name].to_string();
            let n = if n.trim().is_empty() { r[unit].to_string() } else { n };
            (n, r[group].to_string(), r[rank].to_string().trim().parse::<f64>().ok().map(|f| f as u32))
        })
        .collect()
}

#[test]
fn the_sample_has_one_badge_and_one_name_card_per_invitee() {
    let rows = sample_rows();
    assert!(rows.len() >= 60, "{} rows", rows.len());
    let data = repo().join("data");
    let (badges, problems) = laid(&data, &format!("{CONGRESS}/the-dai-bieu.yaml"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(labels(&badges).len(), rows.len());
    assert_eq!(crop_marks(&badges), 8 * rows.len(), "two marks at each corner of each badge");
    let boxes = badge_boxes(default_size().0, default_size().1);
    let per_sheet = boxes.len();
    assert_eq!(per_sheet, 8, "90 × 60 mm: 2 columns × 4 rows");
    // Each mark starts outside the badges, its distance from a corner.
    let (long, off) = (num(&chosen()["dau_cat"]["dai"]) * MM, num(&chosen()["dau_cat"]["cach"]) * MM);
    for m in badges.rules.iter().filter(|r| (r.length - long).abs() < 0.1) {
        let inside =
            boxes.iter().any(|(x, y, w, h)| m.x > x + 0.1 && m.x < x + w - 0.1 && m.y > y + 0.1 && m.y < y + h - 0.1);
        assert!(!inside, "{m:?}");
        let corner = boxes.iter().any(|(x, y, w, h)| {
            [(*x, *y), (x + w, *y), (*x, y + h), (x + w, y + h)]
                .iter()
                .any(|(cx, cy)| ((m.x - cx).hypot(m.y - cy) - off).abs() < 0.1)
        });
        assert!(corner, "{m:?}");
    }
    assert_eq!(badges.pages.len(), rows.len().div_ceil(per_sheet));
    // Guests are labelled as such, the others as delegates.
    let guests = rows.iter().filter(|(_, g, _)| g.trim().is_empty() || g.to_lowercase().contains("khách")).count();
    assert_eq!(labels(&badges).iter().filter(|r| r.text.trim() == "KHÁCH MỜI").count(), guests);
    assert!(guests > 0 && guests < rows.len(), "{guests} guests");
    // A4 portrait sheets.
    assert!(badges.pages.iter().all(|&(w, h)| (w - 210.0 * MM).abs() < 0.5 && (h - 297.0 * MM).abs() < 0.5));

    let (cards, problems) = laid(&data, &format!("{CONGRESS}/bien-ten.yaml"));
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(cards.pages.len(), rows.len());
    // A4 landscape pages.
    assert!(cards.pages.iter().all(|&(w, h)| (w - 297.0 * MM).abs() < 0.5 && (h - 210.0 * MM).abs() < 0.5));
}

#[test]
fn the_sample_starts_with_the_highest_ranked_guest() {
    let rows = sample_rows();
    let guest = |g: &str| g.trim().is_empty() || g.to_lowercase().contains("khách");
    let first = rows
        .iter()
        .filter(|(_, g, rank)| guest(g) && rank.is_some())
        .min_by_key(|(_, _, rank)| rank.unwrap())
        .map(|(n, _, _)| n.clone())
        .expect("a ranked guest");
    let data = repo().join("data");
    let (badges, _) = laid(&data, &format!("{CONGRESS}/the-dai-bieu.yaml"));
    let name = badges.runs.iter().find(|r| r.bold && r.text.contains("Đồng chí")).expect("a name");
    assert!(squeeze(&name.text).contains(&squeeze(&first)), "first badge: {} (expected {first})", name.text);
    let (cards, _) = laid(&data, &format!("{CONGRESS}/bien-ten.yaml"));
    let page1 = squeeze(&cards.page(1).map(|r| r.text.as_str()).collect::<String>());
    assert!(page1.contains(&squeeze(&first)), "first card: {page1}");
}

#[test]
fn thirty_seven_invitees_fill_five_sheets_and_thirty_seven_cards() {
    let data = invitation_congress(37, &[(BADGES, BADGE_FILE), (CARDS, CARD_FILE)]);
    let (badges, problems) = laid(data.path(), BADGES);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(labels(&badges).len(), 37);
    assert_eq!(badges.pages.len(), 37usize.div_ceil(8));
    // Every name once, in list order (none is a ranked guest).
    let names: Vec<String> = badges.runs.iter().filter(|r| r.text.contains("Người")).map(|r| r.text.clone()).collect();
    let expected: Vec<String> = (0..37).map(|i| format!("Nguyễn Văn Người {i}")).collect();
    assert_eq!(names, expected);
    // The last sheet holds the last five, from its top left.
    let boxes = badge_boxes(default_size().0, default_size().1);
    let last: Vec<&Run> = labels(&badges).into_iter().filter(|r| r.page == 5).collect();
    assert_eq!(last.len(), 5);
    for (run, (x, y, w, h)) in last.iter().zip(&boxes) {
        assert!(run.x > *x && run.x + run.width < x + w && run.y > *y && run.y < y + h, "{run:?}");
    }
    let (cards, problems) = laid(data.path(), CARDS);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(cards.pages.len(), 37);
}

#[test]
fn guests_come_first_by_protocol_rank_then_the_others_in_list_order() {
    let csv = "Họ và tên,Đơn vị,Nhóm,Thứ tự lễ tân\n\
               Người Triệu Một,Xã A,Triệu tập,\n\
               Người Khách Ba,Sở B,Khách mời,3\n\
               Người Khách Không,Sở C,Khách mời,\n\
               Người Khách Một,Tỉnh ủy,Khách mời,1\n\
               Người Triệu Hai,Xã D,Triệu tập,2\n\
               Người Trống,Sở E,,\n\
               Người Khách Hai,HĐND tỉnh,khach moi,2\n";
    let data = congress_with(csv, &[(BADGES, BADGE_FILE), (CARDS, CARD_FILE)]);
    let expected = [
        "Người Khách Một",
        "Người Khách Hai",
        "Người Khách Ba",
        // Unranked guests (a blank group is a guest) in list order.
        "Người Khách Không",
        "Người Trống",
        // Then the others, in list order: a rank is a guest's only.
        "Người Triệu Một",
        "Người Triệu Hai",
    ];
    let (badges, problems) = laid(data.path(), BADGES);
    assert!(problems.is_empty(), "{problems:?}");
    let names: Vec<&str> = badges.runs.iter().filter(|r| r.text.starts_with("Người")).map(|r| r.text.trim()).collect();
    assert_eq!(names, expected);
    let groups: Vec<&str> = labels(&badges).iter().map(|r| r.text.trim()).collect();
    assert_eq!(groups, ["KHÁCH MỜI", "KHÁCH MỜI", "KHÁCH MỜI", "KHÁCH MỜI", "KHÁCH MỜI", "ĐẠI BIỂU", "ĐẠI BIỂU"]);
    let (cards, _) = laid(data.path(), CARDS);
    for (page, name) in expected.iter().enumerate() {
        let upright: Vec<&str> =
            cards.page(page + 1).filter(|r| r.text.starts_with("Người")).map(|r| r.text.trim()).collect();
        assert_eq!(upright, [*name], "card {}", page + 1);
    }
}

#[test]
fn a_long_name_shrinks_and_stays_inside_its_badge() {
    let long = "Nguyễn Thị Hoàng Phương Thảo";
    let longest = "Nguyễn Thị Hoàng Phương Thảo Nguyên Minh Khai Anh Hồng Nguyệt Xuân";
    let csv = format!(
        "Danh xưng,Họ và tên,Chức vụ,Đơn vị\n\
         Đồng chí,Lò Văn Thắng,Chủ tịch,UBND huyện Tân Uyên\n\
         Đồng chí,{long},Phó Chủ nhiệm Ủy ban Kiểm tra,Đảng ủy Quân sự tỉnh\n\
         Đồng chí,{longest},Phó Chủ nhiệm Ủy ban Kiểm tra Đảng ủy Quân sự tỉnh kiêm Trưởng phòng Thanh tra Bộ Chỉ huy Quân sự tỉnh,Bộ Chỉ huy Quân sự tỉnh Lai Châu\n\
         ,,,Lãnh đạo Sở Nội vụ\n"
    );
    let data = congress_with(&csv, &[(BADGES, BADGE_FILE), (CARDS, CARD_FILE)]);
    let (badges, problems) = laid(data.path(), BADGES);
    assert!(problems.is_empty(), "{problems:?}");
    let size = num(&chosen()["co_chu"]["ten"]);
    let short = badges.runs.iter().find(|r| r.text.contains("Lò Văn Thắng")).unwrap();
    assert!((short.size - size).abs() < 0.01 && short.bold, "{short:?}");
    // A long name: on one line, smaller, as wide as the room inside the
    // frame and its padding.
    let name = badges.runs.iter().find(|r| r.text.contains("Hoàng Phương Thảo") && !r.text.contains("Xuân")).unwrap();
    assert_eq!(squeeze(&name.text), squeeze(&format!("Đồng chí {long}")), "on one line");
    assert!(name.bold && name.size < size - 1.0 && name.size > 0.7 * size, "{name:?}");
    let (w, h) = default_size();
    let pad = (num(&chosen()["vien"]["cach"]) + num(&chosen()["dem"])) * MM;
    let room = w * MM - 2.0 * pad;
    assert!(name.width <= room + 0.01 && name.width > 0.97 * room, "{} of {room}", name.width);
    // A name too long for one line: on two lines, in the third badge.
    let boxes = badge_boxes(w, h);
    let (bx, by, bw, bh) = boxes[2];
    let runs: Vec<&Run> = badges
        .runs
        .iter()
        .filter(|r| r.page == 1 && r.bold && r.x > bx && r.x < bx + bw && r.y > by && r.y < by + bh)
        .filter(|r| {
            !matches!(r.text.trim(), "KHÁCH MỜI" | "ĐẠI BIỂU") && r.size > 1.5 * num(&chosen()["co_chu"]["dai_hoi"])
        })
        .collect();
    let joined: String = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(squeeze(&joined), squeeze(&format!("Đồng chí {longest}")));
    let mut baselines: Vec<i64> = runs.iter().map(|r| (r.y * 10.0).round() as i64).collect();
    baselines.dedup();
    assert_eq!(baselines.len(), 2, "{runs:?}");
    // Every glyph of every badge lies inside its badge's frame.
    let frame = num(&chosen()["vien"]["cach"]) * MM;
    for r in badges.runs.iter().filter(|r| !r.text.trim().is_empty()) {
        let inside = boxes.iter().any(|(x, y, bw, bh)| {
            r.x >= x + frame && r.x + r.width <= x + bw - frame && r.y - r.size > *y + frame && r.y < y + bh - frame
        });
        assert!(inside, "out of its badge: {r:?}");
        assert!(r.size <= size + 0.01, "{r:?}");
    }

    // On the name cards too (in list order: no groups), within the margins.
    let (cards, _) = laid(data.path(), CARDS);
    let margin = num(&chosen_card()["le"]) * MM;
    for (page, name) in [(2, long), (3, longest)] {
        let text: String = cards.page(page).map(|r| r.text.as_str()).collect();
        assert!(squeeze(&text).starts_with(&squeeze(&format!("Đồng chí {name}"))), "card {page}: {text}");
    }
    for r in &cards.runs {
        let (pw, _) = cards.pages[r.page - 1];
        assert!(r.x >= margin - 0.5 && r.x + r.width <= pw - margin + 0.5, "{r:?}");
    }
}

/// Whether a frame holds a group turned half a turn (both scales negative,
/// no shear) holding text.
fn turned_text(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Group(g) => {
            let t = g.transform;
            let turned = t.sx.get() < -0.999 && t.sy.get() < -0.999 && t.kx.get().abs() < 1e-6;
            (turned && has_text(&g.frame)) || turned_text(&g.frame)
        }
        _ => false,
    })
}

fn has_text(frame: &Frame) -> bool {
    frame.items().any(|(_, item)| match item {
        FrameItem::Text(_) => true,
        FrameItem::Group(g) => has_text(&g.frame),
        _ => false,
    })
}

#[test]
fn the_upper_half_of_a_name_card_is_upside_down() {
    let data = invitation_congress(3, &[(CARDS, CARD_FILE)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let doc = lay_out(&engine, &source(data.path(), CARDS));
    assert_eq!(doc.pages().len(), 3);
    for page in doc.pages() {
        assert!(turned_text(&page.frame), "no text turned half a turn");
    }
    let l = Laid::of(&doc);
    for page in 1..=3 {
        let (_, h) = l.pages[page - 1];
        let name = format!("Nguyễn Văn Người {}", page - 1);
        // Upright in the lower half, upside down in the upper half.
        let upright: Vec<&Run> = l.page(page).filter(|r| r.text == name).collect();
        assert_eq!(upright.len(), 1, "page {page}");
        assert!(upright[0].y > h / 2.0, "{:?}", upright[0]);
        let turned: Vec<&Run> = l.mark_runs().into_iter().filter(|r| r.page == page && r.text == name).collect();
        assert_eq!(turned.len(), 1, "page {page}");
        assert!((turned[0].angle.abs() - 180.0).abs() < 0.01 && turned[0].y < h / 2.0, "{:?}", turned[0]);
        // The two halves mirror each other about the fold.
        assert!((turned[0].y - (h - upright[0].y)).abs() < 0.5, "{:?} / {:?}", turned[0], upright[0]);
        // The position, in both halves.
        let title = "Chỉ huy trưởng, Ban Chỉ huy Quân sự huyện";
        assert!(squeeze(&l.page(page).map(|r| r.text.as_str()).collect::<String>()).contains(&squeeze(title)));
    }
    // The fold: a dashed line across the page's middle.
    let (w, h) = l.pages[0];
    assert!(l.rules.iter().any(|r| r.page == 1 && (r.y - h / 2.0).abs() < 0.5 && (r.length - w).abs() < 1.0));
}

#[test]
fn a_hostile_name_prints_as_typed() {
    let hostile = [
        ("ho_ten", r#"Lê #set text(red) *Đậm* $x^2$ ] [ \ `raw` <nhan> @ref // {{ x }} _a_ ="#),
        ("chuc_vu", r#"Trưởng #emph[ban] ] \"#),
    ];
    let yaml = |kind: &str| {
        format!(
            "loai: {kind}\nkhach_moi:\n  - ho_ten: '{}'\n    chuc_vu: '{}'\n    don_vi: \"Sở #1\"\n",
            hostile[0].1, hostile[1].1
        )
    };
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        ("u/dh/dai-hoi.yaml", "ten: \"Đại hội *Thi đua* #1 $\"\ngiai_doan: 2019-2024\n"),
        (BADGES, &yaml("the-dai-bieu")),
        (CARDS, &yaml("bien-ten")),
    ]);
    for rel in [BADGES, CARDS] {
        let (l, problems) = laid(data.path(), rel);
        assert!(problems.is_empty(), "{problems:?}");
        let text = squeeze(&l.text());
        for (key, value) in hostile {
            assert!(text.contains(&squeeze(value)), "{rel}: {key} not as typed: {text}");
        }
        assert!(text.contains(&squeeze("Sở #1")), "{rel}: {text}");
        assert!(l.runs.iter().all(|r| r.grey.is_none_or(|g| g < 0.9) || r.text.trim().is_empty()));
    }
    // The congress's name, in capitals, as typed otherwise.
    let (l, _) = laid(data.path(), BADGES);
    assert!(squeeze(&l.text()).contains(&squeeze("ĐẠI HỘI *THI ĐUA* #1 $ GIAI ĐOẠN 2019-2024")), "{}", l.text());
}

#[test]
fn a_bad_row_is_named_and_the_others_are_printed() {
    let fixture = std::fs::read(repo().join("tests/fixtures/khach-moi-loi.xlsx")).unwrap();
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        ("u/dh/dai-hoi.yaml", "ten: Đại hội\n"),
        (BADGES, "loai: the-dai-bieu\nkhach_moi: ds.xlsx\n"),
        (CARDS, "loai: bien-ten\nkhach_moi: ds.xlsx\n"),
    ]);
    std::fs::write(data.path().join("u/dh/ds.xlsx"), fixture).unwrap();
    for rel in [BADGES, CARDS] {
        let (l, problems) = laid(data.path(), rel);
        assert_eq!(problems.len(), 1, "{rel}: {problems:?}");
        let p = &problems[0];
        assert!(p.is_error(), "{p}");
        assert!(p.file.ends_with("u/dh/ds.xlsx") && p.line == Some(5), "{p}");
        assert!(p.message.contains("dòng 5") && p.message.contains("thiếu họ tên"), "{p}");
        // The five good rows are printed.
        if rel == BADGES {
            assert_eq!(labels(&l).len(), 5);
        } else {
            assert_eq!(l.pages.len(), 5);
        }
    }
    // The build reports it, as it does for the invitation.
    let out = tempfile::tempdir().unwrap();
    let run = vanban::build::run(
        &engine(data.path(), out.path()),
        &[],
        vanban::build::Mode::Build { emit_typst: false, force: false },
        vanban::build::Silent,
    );
    assert_eq!(run.failed.len(), 2);
    assert!(out.path().join("u/dh/the-dai-bieu.pdf").is_file() && out.path().join("u/dh/bien-ten.pdf").is_file());
}

#[test]
fn a_badge_size_is_checked_and_sets_the_sheet() {
    let refused = |size: &str, says: &str| {
        let data = invitation_congress(3, &[(BADGES, &format!("{BADGE_FILE}kich_thuoc: {size}\n"))]);
        let out = tempfile::tempdir().unwrap();
        let err = engine(data.path(), out.path()).load(&source(data.path(), BADGES)).unwrap_err();
        assert!(
            err.iter()
                .any(|p| p.field.as_deref() == Some("kich_thuoc") && p.message.contains(says) && p.line == Some(3)),
            "{size}: {err:?}"
        );
    };
    refused("{rong: 200, cao: 60}", "không vừa trang A4");
    refused("{rong: 90, cao: 290}", "không vừa trang A4");
    refused("{rong: 40, cao: 20}", "quá nhỏ");
    // A size the sheet takes: as many as fit, and every glyph inside.
    let data = invitation_congress(7, &[(BADGES, &format!("{BADGE_FILE}kich_thuoc: {{rong: 100, cao: 70}}\n"))]);
    let (l, problems) = laid(data.path(), BADGES);
    assert!(problems.is_empty(), "{problems:?}");
    let boxes = badge_boxes(100.0, 70.0);
    assert_eq!(boxes.len(), 3, "one column of three");
    assert_eq!(l.pages.len(), 3);
    for r in l.runs.iter().filter(|r| !r.text.trim().is_empty()) {
        let inside = boxes.iter().any(|(x, y, w, h)| r.x > *x && r.x + r.width < x + w && r.y > *y && r.y < y + h);
        assert!(inside, "{r:?}");
    }
    // The largest badge: one to a sheet.
    let data = invitation_congress(2, &[(BADGES, &format!("{BADGE_FILE}kich_thuoc: {{rong: 198, cao: 285}}\n"))]);
    let (l, problems) = laid(data.path(), BADGES);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(l.pages.len(), 2);
}

#[test]
fn an_empty_list_or_no_congress_is_a_clear_problem() {
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        ("u/the-dai-bieu.yaml", "loai: the-dai-bieu\nkhach_moi: []\n"),
        ("u/bien-ten.yaml", "loai: bien-ten\nkhach_moi: []\n"),
    ]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let err = engine.load(&source(data.path(), "u/the-dai-bieu.yaml")).unwrap_err();
    assert!(err.iter().any(|p| p.message.contains("thiếu tên Đại hội")), "{err:?}");
    assert!(err.iter().any(|p| p.message.contains("danh sách khách mời trống")), "{err:?}");
    let err = engine.load(&source(data.path(), "u/bien-ten.yaml")).unwrap_err();
    assert!(err.iter().any(|p| p.message.contains("danh sách khách mời trống")), "{err:?}");
    // Outside a congress, a badge names its congress itself.
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        (
            "u/the-dai-bieu.yaml",
            "loai: the-dai-bieu\nten_dai_hoi: Hội nghị điển hình tiên tiến\nkhach_moi:\n  - {ho_ten: Lò Văn Thắng}\n",
        ),
    ]);
    let (l, problems) = laid(data.path(), "u/the-dai-bieu.yaml");
    assert!(problems.is_empty(), "{problems:?}");
    assert!(squeeze(&l.text()).contains(&squeeze("HỘI NGHỊ ĐIỂN HÌNH TIÊN TIẾN")), "{}", l.text());
}

/// The key a line sets or shows commented out (`khoa: …`, `# khoa: …`,
/// `- khoa: …`), if any.
fn key_of(line: &str) -> Option<&str> {
    let body = line.trim_start();
    let body = body.strip_prefix("# ").unwrap_or(body).trim_start();
    let body = body.strip_prefix("- ").unwrap_or(body);
    let (key, _) = body.split_once(':')?;
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_')).then_some(key)
}

/// The keys the model `T` accepts at the top of a file: vanban's own
/// message for an unknown key lists them.
fn accepted<T: serde::de::DeserializeOwned>(text: &str) -> Vec<String> {
    let probe = format!("{text}\nkhoa_la: 1\n");
    let Err(err) = vanban::source::yaml::parse::<T>(std::path::Path::new("probe.yaml"), &probe) else {
        panic!("the unknown key was accepted")
    };
    let list = err.message.split("Các khóa được phép: ").nth(1).unwrap_or_else(|| panic!("{err}"));
    list.trim_end_matches('.').split(", ").map(str::to_string).collect()
}

#[test]
fn vanban_new_writes_starters_that_build_and_explain_their_keys() {
    use vanban::kinds::{badge::BadgeFile, name_card::NameCardFile};
    type Model = fn(&str) -> Vec<String>;
    let kinds: [(&str, Model); 2] = [("the-dai-bieu", accepted::<BadgeFile>), ("bien-ten", accepted::<NameCardFile>)];
    for (kind, model) in kinds {
        let dir = tempfile::tempdir().unwrap();
        let run = vanban_in(dir.path(), &["new", kind, "data/u/dh"]);
        assert!(run.ok, "{}{}", run.stdout, run.stderr);
        // The agency's file; the congress's for the badges, which name it.
        assert!(run.stdout.contains("co-quan.yaml"), "{}", run.stdout);
        assert_eq!(run.stdout.contains("dai-hoi.yaml"), kind == "the-dai-bieu", "{}", run.stdout);
        let text = std::fs::read_to_string(dir.path().join(format!("data/u/dh/{kind}.yaml"))).unwrap();
        assert!(!text.contains("@@"), "{text}");
        // Every key line is explained, after its value or just above it.
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let Some(key) = key_of(line) else { continue };
            let above = i > 0 && lines[i - 1].starts_with('#') && key_of(lines[i - 1]).is_none();
            assert!(line.contains(" # ") || above, "{kind}: `{key}` is not explained: {line}");
        }
        // Every key of the model is shown, and only those.
        let keys = model(&text);
        for key in &keys {
            assert!(lines.iter().any(|l| key_of(l) == Some(key)), "{kind}: the starter does not show `{key}`");
        }
        let shown: Vec<&str> = lines.iter().filter(|l| !l.starts_with(' ')).filter_map(|l| key_of(l)).collect();
        for key in shown {
            assert!(keys.iter().any(|k| k == key), "{kind}: `{key}` is no key of the model");
        }
        // It builds as written; no Word copy: it is printed, not circulated.
        let run = vanban_in(dir.path(), &["build", "--docx"]);
        assert!(run.ok, "{}{}", run.stdout, run.stderr);
        let pdf = dir.path().join(format!("output/u/dh/{kind}.pdf"));
        assert!(pdf.is_file(), "{}", run.stdout);
        assert!(!pdf.with_extension("docx").exists());
    }
}
