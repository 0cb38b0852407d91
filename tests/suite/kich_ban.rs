//! KỊCH BẢN ĐIỀU HÀNH ĐẠI HỘI: times computed from the start and the
//! durations, delegates from the invitee list, award batches from the
//! reports.

use crate::common;

use std::path::{Path, PathBuf};

use calamine::Reader;
use common::*;
use serde_yaml::Value;

const CONGRESS: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024";
const SCRIPT: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/kich-ban.yaml";

/// A copy of the sample data, to change.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), dir.path());
    dir
}

fn edit(data: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let path = data.join(rel);
    let before = std::fs::read_to_string(&path).unwrap();
    let after = f(before.clone());
    assert_ne!(before, after, "the edit changed nothing");
    std::fs::write(path, after).unwrap();
}

/// The rows of the script as vanban computed them (its template context).
fn rows(data: &Path) -> Vec<Value> {
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data, out.path());
    let doc = engine.load(&source(data, SCRIPT)).unwrap_or_else(|p| panic!("{p:#?}"));
    let ctx = serde_yaml::to_value(&doc.parts[0].context).unwrap();
    ctx["hang"].as_sequence().unwrap().clone()
}

fn s(v: &Value) -> &str {
    v.as_str().unwrap()
}

fn minutes(clock: &str) -> i64 {
    let (h, m) = clock.split_once('h').unwrap();
    h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
}

fn title(r: &Value) -> &str {
    s(&r["tieu_de"])
}

/// The indented entries a row reads out (delegates, recipients).
fn entries(r: &Value) -> Vec<String> {
    r["loi"].as_sequence().unwrap().iter().filter(|l| s(&l["kieu"]) == "ds").map(|l| s(&l["noi_dung"]).into()).collect()
}

#[test]
fn times_follow_from_the_start_and_each_duration() {
    let data = sample_copy();
    let rows = rows(data.path());
    assert!(rows.len() > 15);
    // The first item starts at `bat_dau`; each ends when the next begins.
    assert_eq!(s(&rows[0]["tu"]), "07h00");
    for pair in rows.windows(2) {
        assert_eq!(s(&pair[0]["den"]), s(&pair[1]["tu"]), "{} → {}", title(&pair[0]), title(&pair[1]));
    }
    // The durations written in the data: đón đại biểu 20, văn nghệ 10.
    assert_eq!((s(&rows[1]["tu"]), s(&rows[1]["den"])), ("07h20", "07h30"));
    // The flag ceremony starts at the time the invitations give (07:30).
    let flag = rows.iter().find(|r| title(r).starts_with("Ổn định tổ chức")).unwrap();
    assert_eq!(s(&flag["tu"]), "07h30");
}

#[test]
fn changing_the_start_shifts_every_time() {
    let data = sample_copy();
    let before = rows(data.path());
    edit(data.path(), SCRIPT, |t| t.replace("bat_dau: \"07:00\"", "bat_dau: \"08:15\""));
    let after = rows(data.path());
    assert_eq!(before.len(), after.len());
    for (b, a) in before.iter().zip(&after) {
        for key in ["tu", "den"] {
            assert_eq!(minutes(s(&a[key])) - minutes(s(&b[key])), 75, "{} {key}", title(b));
        }
    }
}

#[test]
fn removing_an_item_retimes_the_rest() {
    let data = sample_copy();
    let before = rows(data.path());
    // Drop the 8-minute phóng sự.
    edit(data.path(), SCRIPT, |t| t.replace("  - muc: phong-su\n    thoi_luong: 8\n", ""));
    let after = rows(data.path());
    assert_eq!(after.len(), before.len() - 1);
    let gone = before.iter().position(|r| title(r).starts_with("Trình chiếu phóng sự")).unwrap();
    for (i, a) in after.iter().enumerate() {
        let b = &before[if i < gone { i } else { i + 1 }];
        assert_eq!(title(a), title(b));
        let shift = if i < gone { 0 } else { -8 };
        assert_eq!(minutes(s(&a["tu"])) - minutes(s(&b["tu"])), shift, "{}", title(a));
    }
    // And adding one of the user's own moves the rest the other way.
    edit(data.path(), SCRIPT, |t| {
        t.replace("  - khai-mac\n", "  - khai-mac\n  - noi_dung: Trao cờ thi đua của Quân khu\n    thoi_luong: 6\n")
    });
    let added = rows(data.path());
    let at = added.iter().position(|r| title(r) == "Trao cờ thi đua của Quân khu").unwrap();
    assert_eq!(minutes(s(&added[at]["den"])) - minutes(s(&added[at]["tu"])), 6);
    assert_eq!(minutes(s(&added.last().unwrap()["den"])) - minutes(s(&after.last().unwrap()["den"])), 6);
}

/// The invitee list, read here with calamine: (name or unit, group, rank).
fn invitees() -> Vec<(String, String, Option<u32>)> {
    let path = repo().join("data").join(CONGRESS).join("khach-moi.xlsx");
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .skip(1)
        .map(|r| {
            let name = r[2].to_string();
            let name = if name.trim().is_empty() { r[4].to_string() } else { name };
            (name, r[6].to_string(), r[7].to_string().parse::<f64>().ok().map(|f| f as u32))
        })
        .collect()
}

#[test]
fn every_guest_introduced_is_on_the_invitee_list_in_protocol_order() {
    let data = sample_copy();
    let rows = rows(data.path());
    let intro = rows.iter().find(|r| title(r).starts_with("Tuyên bố lý do")).unwrap();
    let introduced = entries(intro);
    let list = invitees();
    let guests: Vec<&(String, String, Option<u32>)> = list.iter().filter(|g| g.1 == "Khách mời").collect();
    assert_eq!(introduced.len(), guests.len(), "every guest, and only guests, one by one");
    let mut last_rank = 0;
    for line in &introduced {
        let found: Vec<_> = list.iter().filter(|g| line.contains(g.0.as_str())).collect();
        assert!(!found.is_empty(), "{line} is not on the invitee list");
        let rank = found.iter().filter_map(|g| g.2).min().unwrap();
        assert!(rank >= last_rank, "{line} out of protocol order");
        last_rank = rank;
    }
    // The highest rank first, and the convened delegates counted.
    let first = guests.iter().min_by_key(|g| g.2).unwrap();
    assert!(introduced[0].contains(&first.0), "{}", introduced[0]);
    let convened = list.len() - guests.len();
    let words: Vec<&str> = intro["loi"].as_sequence().unwrap().iter().map(|l| s(&l["noi_dung"])).collect();
    assert!(words.iter().any(|w| w.starts_with(&format!("Cùng {convened} đồng chí"))), "{words:?}");
    // The senior guest is the one invited to give the directing speech.
    let speech = rows.iter().find(|r| title(r) == "Phát biểu chỉ đạo").unwrap();
    assert!(s(&speech["nguoi"][0]).contains(&first.0));
}

/// The award batches: (award, recipients, presenter).
fn batches(rows: &[Value]) -> Vec<(String, Vec<String>, String)> {
    rows.iter()
        .filter(|r| title(r).starts_with("Trao "))
        .map(|r| {
            let award = title(r).trim_start_matches("Trao ").split(" (đợt").next().unwrap().to_string();
            let presenter = r["nguoi"].as_sequence().unwrap().last().map(|p| s(p).to_string()).unwrap();
            (award, entries(r), presenter)
        })
        .collect()
}

fn award_forms(data: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(data.join(CONGRESS).join("dai-hoi.yaml")).unwrap();
    let v: Value = serde_yaml::from_str(&text).unwrap();
    v["khen_thuong"].as_sequence().unwrap().iter().map(|f| s(f).to_string()).collect()
}

#[test]
fn award_batches_follow_the_reports_highest_first_at_most_n_on_stage() {
    let data = sample_copy();
    let rows = rows(data.path());
    let batches = batches(&rows);
    let forms = award_forms(data.path());
    // Highest award first.
    let order: Vec<usize> = batches.iter().map(|b| forms.iter().position(|f| *f == b.0).unwrap()).collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    // At most `moi_dot` (4) per batch, and every nominee called exactly once,
    // under their award.
    let mut called = Vec::new();
    for (award, people, presenter) in &batches {
        assert!(!people.is_empty() && people.len() <= 4, "{award}: {people:?}");
        assert!(!presenter.is_empty());
        called.extend(people.iter().map(|p| (award.clone(), p.clone())));
    }
    let dir = data.path().join(CONGRESS).join("bao-cao-thanh-tich");
    let mut reports: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    reports.sort();
    // Everyone the council passed; Tao Văn Sinh (5 of 9 votes, under the 2/3
    // the minutes ask for his award) is not called to the stage.
    assert_eq!(called.len(), reports.len() - 1);
    for report in reports {
        let v: Value = serde_yaml::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
        let (name, award) = (s(&v["ten"]), s(&v["de_nghi"]));
        if name == "Tao Văn Sinh" {
            assert!(called.iter().all(|(_, p)| !p.contains(name)), "{called:?}");
            continue;
        }
        let hits: Vec<_> = called.iter().filter(|(_, p)| p.contains(name)).collect();
        assert_eq!(hits.len(), 1, "{name}");
        assert_eq!(hits[0].0, award, "{name}");
    }
    // Each batch names its presenter in the MC's words.
    let first = rows.iter().find(|r| title(r).starts_with("Trao ")).unwrap();
    let words: Vec<&str> = first["loi"].as_sequence().unwrap().iter().map(|l| s(&l["noi_dung"])).collect();
    assert!(words.iter().any(|w| w.starts_with("Kính mời đồng chí") && w.ends_with("lên trao thưởng.")), "{words:?}");
}

#[test]
fn a_nominee_added_to_the_list_appears_in_the_right_batch() {
    let data = sample_copy();
    let reports = format!("{CONGRESS}/bao-cao-thanh-tich");
    let template = std::fs::read_to_string(data.path().join(&reports).join("09-vang-thi-nhung.yaml")).unwrap();
    let forms = award_forms(data.path());
    let added = template
        .replace("ten: Vàng Thị Nhung", "ten: Lò Thị Mới Thêm")
        .replace(&format!("de_nghi: {}", forms[2]), &format!("de_nghi: {}", forms[1]));
    assert_ne!(added, template);
    std::fs::write(data.path().join(&reports).join("10-lo-thi-moi-them.yaml"), added).unwrap();
    // The council votes on the new report, and passes everyone of the award
    // (Tao Văn Sinh failed with 5 of 9 in the sample).
    edit(data.path(), &format!("{CONGRESS}/bien-ban-hop-hoi-dong.yaml"), |t| {
        t.replace("  06-tao-van-sinh: 5\n", "  06-tao-van-sinh: 9\n")
            .replace("  09-vang-thi-nhung: 6\n", "  09-vang-thi-nhung: 6\n  10-lo-thi-moi-them: 9\n")
    });
    let batches = batches(&rows(data.path()));
    let hit: Vec<_> = batches.iter().filter(|b| b.1.iter().any(|p| p.contains("Lò Thị Mới Thêm"))).collect();
    assert_eq!(hit.len(), 1);
    assert_eq!(hit[0].0, forms[1]);
    // The award had 4 nominees: with a fifth it takes two batches of at most 4.
    let of_award: Vec<_> = batches.iter().filter(|b| b.0 == forms[1]).collect();
    assert_eq!(of_award.len(), 2);
    assert_eq!(of_award.iter().map(|b| b.1.len()).sum::<usize>(), 5);
    // Individuals after collectives within the award.
    let people: Vec<&String> = of_award.iter().flat_map(|b| &b.1).collect();
    assert!(people.last().unwrap().contains("Lò Thị Mới Thêm"), "{people:?}");
}

#[test]
fn the_laid_out_script_is_a_three_column_table_with_every_time() {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&data, out.path());
    let laid = Laid::of(&lay_out(&engine, &source(&data, SCRIPT)));
    let text = squeeze(&laid.text());
    for row in rows(&data) {
        for key in ["tu", "den"] {
            assert!(text.contains(s(&row[key])), "{}", s(&row[key]));
        }
    }
    // The header row on every page, its three cells left to right.
    for page in 1..=laid.pages.len() {
        let cells: Vec<&Run> = ["THỜI", "NỘI DUNG", "NGƯỜI THỰC"]
            .iter()
            .map(|c| laid.page(page).find(|r| r.text.starts_with(c) && r.bold).unwrap_or_else(|| panic!("{c} p{page}")))
            .collect();
        assert!(cells[0].x < cells[1].x && cells[1].x < cells[2].x);
    }
    assert!(text.contains(&squeeze("Nghiêm! Chào cờ – Chào!")));
    assert!(text.contains(&squeeze("KỊCH BẢN")));
}

#[test]
fn script_errors_name_the_file_line_and_item() {
    let data = sample_copy();
    edit(data.path(), SCRIPT, |t| {
        t.replace("  - khai-mac\n", "  - khai-mac\n  - khai-mak\n  - noi_dung: Giao lưu\n").replace(
            "  - hinh_thuc: Giấy khen của Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh\n    nguoi_trao: Đại tá Lò Văn Hoan, Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh\n    quyet_dinh: Quyết định số 856/QĐ-BCH ngày 12/7/2024 của Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh\n",
            "",
        )
    });
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let problems = engine.load(&source(data.path(), SCRIPT)).unwrap_err();
    let all: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    let text = std::fs::read_to_string(data.path().join(SCRIPT)).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let has = |needle: &str, line: usize| {
        all.iter().any(|m| m.contains(needle) && m.contains(&format!("kich-ban.yaml:{line}:")))
    };
    assert!(has("mục `khai-mak` không có. Có phải ý bạn là `khai-mac`?", line_of("khai-mak")), "{all:#?}");
    assert!(has("mục tự đặt cần `thoi_luong`", line_of("Giao lưu")), "{all:#?}");
    assert!(
        all.iter().any(|m| m.contains("chưa có người trao `Giấy khen của Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh`")),
        "{all:#?}"
    );
}

#[test]
fn standard_items_have_default_words_that_can_be_overridden_or_dropped() {
    let data = sample_copy();
    // No programme: the standard one, in the usual order.
    edit(data.path(), SCRIPT, |t| t[..t.find("\nchuong_trinh:").unwrap() + 1].to_string());
    let default = rows(data.path());
    let titles: Vec<&str> = default.iter().map(title).collect();
    let expected = [
        "Đón tiếp đại biểu",
        "Chương trình văn nghệ chào mừng Đại hội",
        "Ổn định tổ chức; nghi lễ chào cờ",
        "Tuyên bố lý do, giới thiệu đại biểu",
        "Mời Đoàn Chủ tịch, Đoàn Thư ký lên làm việc",
        "Diễn văn khai mạc Đại hội",
        "Báo cáo tổng kết phong trào thi đua, phương hướng, nhiệm vụ giai đoạn tới",
        "Tham luận của các tập thể, cá nhân điển hình tiên tiến",
        "Phát biểu chỉ đạo",
        "Tiếp thu ý kiến chỉ đạo",
        "Công bố quyết định khen thưởng",
    ];
    assert_eq!(&titles[..expected.len()], expected);
    assert!(titles.iter().any(|t| t.starts_with("Trao Bằng khen")));
    assert_eq!(titles[titles.len() - 2..], ["Phát động phong trào thi đua giai đoạn mới", "Bế mạc Đại hội"]);
    // The chair from dai-hoi.yaml opens and closes.
    let opening = &default[5];
    assert!(
        s(&opening["loi"][0]["noi_dung"])
            .contains("đồng chí Lê Văn Lương, Chủ tịch UBND tỉnh Lai Châu phát biểu khai mạc")
    );

    // Own words for one item, another dropped.
    let mut text = std::fs::read_to_string(data.path().join(SCRIPT)).unwrap();
    text.push_str(
        "chuong_trinh:\n  - chao-co\n  - muc: khai-mac\n    loi_dan:\n      - \"Kính thưa Đại hội! Mời đồng chí Chủ tịch khai mạc.\"\n  - be-mac\n",
    );
    std::fs::write(data.path().join(SCRIPT), text).unwrap();
    let own = rows(data.path());
    assert_eq!(
        own.iter().map(title).collect::<Vec<_>>(),
        ["Ổn định tổ chức; nghi lễ chào cờ", "Diễn văn khai mạc Đại hội", "Bế mạc Đại hội"]
    );
    let words: Vec<&str> = own[1]["loi"].as_sequence().unwrap().iter().map(|l| s(&l["noi_dung"])).collect();
    assert_eq!(words, ["Kính thưa Đại hội! Mời đồng chí Chủ tịch khai mạc."]);
}
