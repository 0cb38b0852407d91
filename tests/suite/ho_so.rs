//! The award dossier after the council's vote (issue 19), measured on the
//! laid-out pages of the Lai Châu sample: the biên bản's votes and
//! percentages, the nominee who failed absent from everything after it, the
//! decision's articles and money in words, the certificates' fields at the
//! data's positions, one source for every name.

use crate::common;

use std::path::Path;

use common::*;

const CONGRESS: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024";
const FAILED: &str = "Tao Văn Sinh";

/// The laid-out parts of the document `file` of the sample congress in
/// `data` (a copy of the repository's data, or the repository's).
fn parts(data: &Path, file: &str) -> Vec<Laid> {
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data, out.path());
    let src = source(data, &format!("{CONGRESS}/{file}"));
    let doc = engine.load(&src).unwrap_or_else(|p| panic!("{p:?}"));
    (0..doc.parts.len()).map(|i| Laid::of(&lay_out_part(&engine, &src, i))).collect()
}

/// The text without the page numbers at the top of pages 2…, so a sentence
/// that goes over a page reads whole.
fn body(laid: &Laid) -> String {
    laid.runs
        .iter()
        .filter(|r| !(r.y < 60.0 && r.text.trim().chars().all(|c| c.is_ascii_digit())))
        .map(|r| r.text.as_str())
        .collect()
}

fn sample(file: &str) -> Laid {
    parts(&repo().join("data"), file).remove(0)
}

/// The text of a line, words joined by single spaces.
fn line(laid: &Laid, needle: &str) -> String {
    let mut runs = laid.line_of(needle);
    runs.sort_by(|a, b| a.x.total_cmp(&b.x));
    runs.iter().map(|r| r.text.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ")
}

#[test]
fn the_minutes_count_each_vote_against_its_levels_threshold() {
    let bb = sample("bien-ban-hop-hoi-dong.yaml");
    // 9 members present of 11; each row: votes of present, percentage, result.
    assert_eq!(line(&bb, "Thành phần tham dự"), "Thành phần tham dự: 9/11 thành viên Hội đồng, gồm:");
    for (name, row) in [
        ("Ban Chỉ huy Quân sự huyện Phong Thổ", "1 Ban Chỉ huy Quân sự huyện Phong Thổ 8/9 88,9% Đạt"),
        ("Giàng A Chứ", "3 Giàng A Chứ 7/9 77,8% Đạt"),
        (FAILED, "4 Tao Văn Sinh 5/9 55,6% Không đạt"),
        ("Vàng Thị Nhung", "3 Vàng Thị Nhung 6/9 66,7% Đạt"),
        ("Tòng Văn Thiết", "2 Tòng Văn Thiết 9/9 100% Đạt"),
    ] {
        assert_eq!(line(&bb, name), row, "{name}");
    }
    // The thresholds are the data's, per level.
    let t = squeeze(&bb.text());
    assert!(
        t.contains(&squeeze("II. Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh (tỷ lệ đạt: 2/3 số thành viên có mặt)"))
    );
    assert!(t.contains(&squeeze("I. Bằng khen của Bộ trưởng Bộ Quốc phòng (tỷ lệ đạt: 90% số thành viên có mặt)")));
    assert!(t.contains(&squeeze("Đề nghị tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh: 2 tập thể và 1 cá nhân.")));
    assert!(t.contains(&squeeze("Cuộc họp kết thúc vào 16 giờ 15 phút, ngày 04 tháng 7 năm 2024./.")));
    // THƯ KÝ on the left and CHỦ TỌA on the right, on one line; no date line.
    let thu_ky = &bb.find("THƯ KÝ")[0];
    let chu_toa = &bb.find("CHỦ TỌA")[0];
    assert!((thu_ky.y - chu_toa.y).abs() < 0.5 && thu_ky.x < chu_toa.x);
    let dated: Vec<&Run> = bb.page(1).filter(|r| r.text.contains("ngày")).collect();
    assert!(dated.iter().all(|r| r.y > 200.0), "no place-and-date line: {dated:?}");
}

#[test]
fn a_nominee_below_the_threshold_is_in_the_minutes_and_nowhere_after() {
    assert!(squeeze(&sample("bien-ban-hop-hoi-dong.yaml").text()).contains(&squeeze(FAILED)));
    // Before the vote the list of nominees has them.
    assert!(squeeze(&sample("danh-sach-khen-thuong.yaml").text()).contains(&squeeze(FAILED)));
    for file in ["quyet-dinh-bang-khen-ubnd-tinh.yaml", "bang-khen-ubnd-tinh.yaml", "kich-ban.yaml"] {
        for laid in parts(&repo().join("data"), file) {
            assert!(!squeeze(&laid.text()).contains(&squeeze(FAILED)), "{file} names {FAILED}");
        }
    }
    // The others of that level are there.
    let qd = squeeze(&sample("quyet-dinh-bang-khen-ubnd-tinh.yaml").text());
    assert!(qd.contains(&squeeze("Giàng A Chứ")) && qd.contains(&squeeze("Ban Chỉ huy Quân sự xã Mường Kim")));
}

#[test]
fn the_decision_has_its_articles_and_the_money_in_words() {
    let qd = sample("quyet-dinh-bang-khen-ubnd-tinh.yaml");
    let t = squeeze(&body(&qd));
    let at = |s: &str| t.find(&squeeze(s)).unwrap_or_else(|| panic!("no {s:?} in {t}"));
    // The authority under the trích yếu, then căn cứ, then QUYẾT ĐỊNH:, then
    // the articles in order.
    let order = [
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAI CHÂU",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Theo đề nghị của Giám đốc Sở Nội vụ",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 2 tập thể và 1 cá nhân (có danh sách kèm theo)",
        "Mỗi tập thể được tặng kèm tiền thưởng 4.680.000 đồng (Bằng chữ: Bốn triệu sáu trăm tám mươi nghìn đồng).",
        "Mỗi cá nhân được tặng kèm tiền thưởng 2.340.000 đồng (Bằng chữ: Hai triệu ba trăm bốn mươi nghìn đồng).",
        "Điều 2. Tổng số tiền thưởng: 11.700.000 đồng (Bằng chữ: Mười một triệu bảy trăm nghìn đồng)",
        "Điều 3. Quyết định này có hiệu lực kể từ ngày ký.",
        "chịu trách nhiệm thi hành Quyết định này./.",
        "Như Điều 3;",
        "DANH SÁCH TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
        "(Kèm theo Quyết định số 1124/QĐ-UBND ngày 10 tháng 7 năm 2024 của Chủ tịch Ủy ban nhân dân tỉnh Lai Châu)",
    ];
    let places: Vec<usize> = order.iter().map(|s| at(s)).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "out of order: {places:?}");
    // Each article's number is bold, its text is not; no fourth article.
    for n in 1..=3 {
        let mark = qd.find(&format!("Điều {n}."));
        assert_eq!(mark.len(), 1, "Điều {n}.");
        assert!(mark[0].bold, "Điều {n}. is bold");
    }
    assert!(qd.find("Điều 4").is_empty());
    assert!(!qd.find("Tặng Bằng khen")[0].bold);
    // The danh sách starts a page of its own, numbered from 1 again.
    let ds = &qd.find("DANH SÁCH TẬP THỂ")[0];
    assert!(qd.runs.iter().filter(|r| r.page == ds.page).all(|r| !r.text.contains("Điều")));
}

#[test]
fn certificate_text_is_at_the_datas_positions() {
    let all = parts(&repo().join("data"), "bang-khen-ubnd-tinh.yaml");
    let (bk, calibration) = (&all[0], &all[1]);
    let mm = |pt: f64| pt * 25.4 / 72.0;
    // Three awardees (the fourth of the level failed the vote), one page
    // each, A4 landscape.
    assert_eq!(bk.pages.len(), 3);
    assert!(bk.pages.iter().all(|(w, h)| (mm(*w) - 297.0).abs() < 0.1 && (mm(*h) - 210.0).abs() < 0.1));
    let yaml = std::fs::read_to_string(repo().join("data").join(CONGRESS).join("bang-khen-ubnd-tinh.yaml")).unwrap();
    let pos = |field: &str| -> (f64, f64, String) {
        let l = yaml.lines().find(|l| l.trim_start().starts_with(&format!("{field}:")) && l.contains("{x: ")).unwrap();
        let num = |k: &str| -> f64 {
            let key = if k == "x" { "{x: ".to_string() } else { format!(", {k}: ") };
            let rest = &l[l.find(&key).unwrap() + key.len()..];
            rest.split([',', '}']).next().unwrap().trim().parse().unwrap()
        };
        let can = l.split("can: ").nth(1).map(|r| r.split([',', '}']).next().unwrap().trim().to_string());
        (num("x"), num("y"), can.unwrap_or_else(|| "trai".into()))
    };
    for page in 1..=3 {
        for (field, needle) in [
            ("ten", None),
            ("thanh_tich", Some("Đã có thành tích")),
            ("noi_ngay", Some("Lai Châu, ngày 10")),
            ("quyet_dinh", Some("Quyết định số 1124/QĐ-UBND ngày 10/7/2024")),
            ("so_vao_so", Some("Số vào sổ:")),
        ] {
            let (x, y, can) = pos(field);
            let runs: Vec<&Run> = match needle {
                Some(n) => {
                    let first = bk.page(page).find(|r| {
                        r.text.contains(n.split(' ').next().unwrap()) && {
                            let on: String =
                                bk.page(page).filter(|o| (o.y - r.y).abs() < 0.5).map(|o| o.text.as_str()).collect();
                            squeeze(&on).contains(&squeeze(n))
                        }
                    });
                    let first = first.unwrap_or_else(|| panic!("page {page}: no {n:?}"));
                    bk.page(page).filter(|o| (o.y - first.y).abs() < 0.5).collect()
                }
                // The name: the largest text of the page.
                None => {
                    let top = bk.page(page).map(|r| r.size).fold(0.0, f64::max);
                    bk.page(page).filter(|r| r.size == top).collect()
                }
            };
            let (left, right) = extent(&runs);
            let baseline = runs[0].y;
            let anchor = match can.as_str() {
                "giua" => (left + right) / 2.0,
                "phai" => right,
                _ => left,
            };
            assert!((mm(anchor) - x).abs() < 0.5, "page {page} {field}: x {:.2} mm, data {x}", mm(anchor));
            assert!((mm(baseline) - y).abs() < 0.5, "page {page} {field}: y {:.2} mm, data {y}", mm(baseline));
        }
        // Register numbers follow each other from the data's first.
        assert!(
            squeeze(&bk.page(page).map(|r| r.text.as_str()).collect::<String>())
                .contains(&squeeze(&format!("Số vào sổ: {}", 124 + page)))
        );
    }
    // The calibration page: one page, each field's label at its anchor.
    assert_eq!(calibration.pages.len(), 1);
    let label = &calibration.find("ten (148.5")[0];
    assert!((mm(label.x) - 150.0).abs() < 0.5 && (mm(label.y) - 100.0).abs() < 5.0);
}

#[test]
fn a_position_off_the_sheet_is_refused_naming_the_key() {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    let file = data.path().join(CONGRESS).join("bang-khen-ubnd-tinh.yaml");
    let text = std::fs::read_to_string(&file).unwrap().replace("x: 205,", "x: 305,");
    std::fs::write(&file, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let problems = engine.load(&source(data.path(), &format!("{CONGRESS}/bang-khen-ubnd-tinh.yaml"))).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].field.as_deref(), Some("vi_tri.noi_ngay.x"));
    assert!(problems[0].message.contains("`x: 305` ở ngoài tờ giấy A4 ngang (rộng 297 mm)"), "{}", problems[0]);
}

#[test]
fn a_name_changed_in_its_report_changes_everywhere_after() {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    // (Giàng A Chứ also speaks at the congress, typed in the script: the
    // collective of Mường Kim is named only in its report.)
    let report = data.path().join(CONGRESS).join("bao-cao-thanh-tich/04-ban-chqs-xa-muong-kim.yaml");
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.contains("xã Mường Kim"));
    std::fs::write(&report, text.replace("xã Mường Kim", "xã Mường Kìm")).unwrap();
    for file in [
        "danh-sach-khen-thuong.yaml",
        "bien-ban-hop-hoi-dong.yaml",
        "quyet-dinh-bang-khen-ubnd-tinh.yaml",
        "bang-khen-ubnd-tinh.yaml",
        "kich-ban.yaml",
    ] {
        let text = squeeze(&body(&parts(data.path(), file)[0]));
        assert!(text.contains(&squeeze("xã Mường Kìm")), "{file}");
        assert!(!text.contains(&squeeze("xã Mường Kim")), "{file}");
    }
}

#[test]
fn the_script_announces_the_decision_read_from_its_file() {
    let kb = squeeze(&sample("kich-ban.yaml").text());
    assert!(
        kb.contains(&squeeze("Quyết định số 1124/QĐ-UBND ngày 10/7/2024 của Chủ tịch Ủy ban nhân dân tỉnh Lai Châu"))
    );
    // A number also typed in the script for that level is refused.
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    let file = data.path().join(CONGRESS).join("kich-ban.yaml");
    let text = std::fs::read_to_string(&file).unwrap().replace(
        "    # số, ngày quyết định đọc từ quyet-dinh-bang-khen-ubnd-tinh.yaml cùng thư mục\n",
        "    quyet_dinh: Quyết định số 999/QĐ-UBND\n",
    );
    std::fs::write(&file, text).unwrap();
    let out = tempfile::tempdir().unwrap();
    let problems =
        engine(data.path(), out.path()).load(&source(data.path(), &format!("{CONGRESS}/kich-ban.yaml"))).unwrap_err();
    assert!(problems.iter().any(|p| p.field.as_deref() == Some("trao_thuong[1].quyet_dinh")), "{problems:?}");
}

#[test]
fn a_missing_vote_names_the_report_and_a_second_minutes_is_refused() {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    let dir = data.path().join(CONGRESS);
    let bb = std::fs::read_to_string(dir.join("bien-ban-hop-hoi-dong.yaml")).unwrap();
    std::fs::write(dir.join("bien-ban-hop-hoi-dong.yaml"), bb.replace("  06-tao-van-sinh: 5\n", "")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let problems = engine.load(&source(data.path(), &format!("{CONGRESS}/bien-ban-hop-hoi-dong.yaml"))).unwrap_err();
    assert!(
        problems.iter().any(|p| p.field.as_deref() == Some("bieu_quyet")
            && p.message.contains("thiếu số phiếu đồng ý của `06-tao-van-sinh` (Tao Văn Sinh)")),
        "{problems:?}"
    );
    // The decision cannot be made from a broken biên bản.
    let problems =
        engine.load(&source(data.path(), &format!("{CONGRESS}/quyet-dinh-bang-khen-ubnd-tinh.yaml"))).unwrap_err();
    assert!(problems.iter().any(|p| p.message.contains("vì biên bản")), "{problems:?}");
    // Two biên bản beside a decision: which vote? Refused.
    std::fs::write(dir.join("bien-ban-hop-hoi-dong.yaml"), &bb).unwrap();
    std::fs::write(dir.join("bien-ban-2.yaml"), &bb).unwrap();
    let problems =
        engine.load(&source(data.path(), &format!("{CONGRESS}/quyet-dinh-bang-khen-ubnd-tinh.yaml"))).unwrap_err();
    assert!(problems.iter().any(|p| p.message.contains("có 2 biên bản họp Hội đồng cùng thư mục")), "{problems:?}");
}

/// The count of passed nominees per level, from the report files and the
/// votes of the biên bản, as (level, collectives, individuals, names).
fn passed_per_level(data: &Path) -> Vec<(String, usize, usize, Vec<String>)> {
    let dir = data.join(CONGRESS);
    let read = |p: &Path| -> serde_yaml::Value { serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap() };
    let congress = read(&dir.join("dai-hoi.yaml"));
    let minutes = read(&dir.join("bien-ban-hop-hoi-dong.yaml"));
    let mut levels: Vec<(String, usize, usize, Vec<String>)> = congress["khen_thuong"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|f| (f.as_str().unwrap().to_string(), 0, 0, Vec::new()))
        .collect();
    let mut files: Vec<_> =
        std::fs::read_dir(dir.join("bao-cao-thanh-tich")).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files {
        let v = read(&f);
        let stem = f.file_stem().unwrap().to_str().unwrap();
        let votes = minutes["bieu_quyet"][stem].as_u64().unwrap();
        // The sample's thresholds: 90 %, 2/3, 50 % of the 9 present.
        let rank = levels.iter().position(|l| l.0 == v["de_nghi"].as_str().unwrap()).unwrap();
        let need = [90.0, 200.0 / 3.0, 50.0][rank];
        let level = &mut levels[rank];
        if votes as f64 * 100.0 / 9.0 < need {
            continue;
        }
        match v["doi_tuong"].as_str().unwrap() {
            "tap-the" => level.1 += 1,
            _ => level.2 += 1,
        }
        level.3.push(v["ten"].as_str().unwrap().to_string());
    }
    levels
}

/// The pages holding a line that reads exactly `text`.
fn pages_with_line(laid: &Laid, text: &str) -> Vec<usize> {
    laid.lines().iter().filter(|l| squeeze(&l.text) == squeeze(text)).map(|l| l.page).collect()
}

/// The tờ trình counts each level's collectives and individuals from the
/// reports the council passed, and lists exactly them in its phụ lục, one
/// per level, with the `Kèm theo Tờ trình` line.
#[test]
fn the_proposal_counts_each_level_from_the_reports_and_lists_them() {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    let levels = passed_per_level(data.path());
    // The sample: the Minister's level only, a single unnumbered phụ lục.
    let tt = parts(data.path(), "to-trinh-bo-quoc-phong.yaml").remove(0);
    let t = squeeze(&body(&tt));
    let (form, c, i, names) = &levels[0];
    assert_eq!((*c, *i), (1, 1));
    assert!(
        t.contains(&squeeze(&format!("Đề nghị tặng {form} cho {c} tập thể và {i} cá nhân (có danh sách kèm theo).")))
    );
    let annex = tt.pages.len();
    assert_eq!(annex, 2, "the tờ trình and its list");
    assert_eq!(pages_with_line(&tt, "Phụ lục"), [annex]);
    let listed = squeeze(&tt.page(annex).map(|r| r.text.as_str()).collect::<String>());
    for n in names {
        assert!(listed.contains(&squeeze(n)), "{n}");
    }
    assert!(listed.contains(&squeeze("(Kèm theo Tờ trình số")));
    // Every level in one tờ trình: each counted, each its own phụ lục I, II, III.
    let file = data.path().join(CONGRESS).join("to-trinh-bo-quoc-phong.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let all: String = levels.iter().map(|l| format!("  - {}\n", l.0)).collect();
    std::fs::write(
        &file,
        text.replace("hinh_thuc: Bằng khen của Bộ trưởng Bộ Quốc phòng\n", &format!("hinh_thuc:\n{all}")),
    )
    .unwrap();
    let tt = parts(data.path(), "to-trinh-bo-quoc-phong.yaml").remove(0);
    let t = squeeze(&body(&tt));
    assert_eq!(levels.iter().map(|l| (l.1, l.2)).collect::<Vec<_>>(), [(1, 1), (2, 1), (1, 2)]);
    for (k, (form, c, i, names)) in levels.iter().enumerate() {
        let count = match (c, i) {
            (0, i) => format!("{i} cá nhân"),
            (c, 0) => format!("{c} tập thể"),
            (c, i) => format!("{c} tập thể và {i} cá nhân"),
        };
        let end = if k + 1 == levels.len() { "." } else { ";" };
        assert!(
            t.contains(&squeeze(&format!("Đề nghị tặng {form} cho {count} (có danh sách kèm theo){end}"))),
            "{form}"
        );
        let roman = ["I", "II", "III"][k];
        let head = pages_with_line(&tt, &format!("Phụ lục {roman}"));
        assert_eq!(head.len(), 1, "Phụ lục {roman}");
        let page = head[0];
        let listed = squeeze(&tt.page(page).map(|r| r.text.as_str()).collect::<String>());
        for n in names {
            assert!(listed.contains(&squeeze(n)), "{n} in Phụ lục {roman}");
        }
    }
    assert!(!t.contains(&squeeze(FAILED)));
}
