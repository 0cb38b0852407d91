//! The congress pack: a cover, the contents, then the plan, the script, the
//! list of nominees, every report and the dossier after the vote, page
//! numbers running through.

use crate::common;

use std::path::Path;

use common::*;
use vanban::build::{self, Member, Mode, Silent};

const CONGRESS: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024";

/// Builds `data` (emitting Typst) into `out`; the outcome.
fn build(data: &Path, out: &Path, selection: &[std::path::PathBuf]) -> build::Outcome {
    let engine = engine(data, out);
    build::run(&engine, selection, Mode::Build { emit_typst: true, force: false }, Silent)
}

/// The congress's pack, laid out as the build lays it out: each document's
/// page count from laying it out on its own first.
fn laid_pack(data: &Path, out: &Path) -> Laid {
    let engine = engine(data, out);
    let (sources, _) = vanban::source::discover::discover(data, &[]);
    let loaded: Vec<_> = sources.iter().map(|s| engine.load(s)).collect();
    let packs = vanban::build::pack::packs(&sources, &loaded, &[], &engine.loader);
    let pack = packs.iter().find(|p| p.part.pdf.starts_with(CONGRESS)).expect("the congress's pack");
    let members: Vec<Member> = pack
        .members
        .iter()
        .map(|&m| {
            let doc = loaded[m].as_ref().unwrap();
            let part = &doc.parts[0];
            let pages = engine.lay_out(doc, part, &engine.render(doc, part).unwrap()).unwrap().pages().len();
            Member { doc, part, pages }
        })
        .collect();
    let entries: Vec<(String, usize)> = members.iter().map(Member::entry).collect();
    let front = vanban::build::pack::front(&engine.renderer, pack, &entries).unwrap();
    Laid::of(&engine.lay_out_pack(pack, &front, &members).unwrap_or_else(|e| panic!("{e:?}")))
}

/// The page count of a PDF the build wrote, from its page objects.
fn pages_of(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).unwrap();
    bytes.windows(10).filter(|w| w == b"/Type/Page").count() - bytes.windows(11).filter(|w| w == b"/Type/Pages").count()
}

#[test]
fn the_pack_holds_every_document_in_order_numbered_through() {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    let out = tempfile::tempdir().unwrap();
    let outcome = build(data.path(), out.path(), &[]);
    assert!(outcome.ok(), "{:?}", outcome.all_problems().collect::<Vec<_>>());
    let l = laid_pack(data.path(), out.path());

    // The members, in the pack's order, with their own page counts.
    let folder = out.path().join(CONGRESS);
    let mut members = vec!["ke-hoach.pdf".to_string(), "kich-ban.pdf".into(), "danh-sach-khen-thuong.pdf".into()];
    let mut reports: Vec<String> = std::fs::read_dir(folder.join("bao-cao-thanh-tich"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .map(|n| format!("bao-cao-thanh-tich/{n}"))
        .collect();
    reports.sort();
    assert_eq!(reports.len(), 9);
    members.extend(reports);
    // After the reports, the dossier after the vote.
    members.extend([
        "to-trinh-bo-quoc-phong.pdf".into(),
        "bien-ban-hop-hoi-dong.pdf".into(),
        "quyet-dinh-bang-khen-ubnd-tinh.pdf".into(),
    ]);
    let counts: Vec<usize> = members.iter().map(|m| pages_of(&folder.join(m))).collect();
    assert_eq!(l.pages.len(), 2 + counts.iter().sum::<usize>(), "cover, contents, then {counts:?}");
    assert_eq!(pages_of(&folder.join("tap-tai-lieu-dai-hoi.pdf")), l.pages.len(), "the PDF written");

    // The cover names the agency and the congress; no page number on it.
    let cover = squeeze(&l.page(1).map(|r| r.text.as_str()).collect::<String>());
    assert!(
        cover.contains("TÀILIỆU")
            && cover.contains("ĐẠIHỘITHIĐUAQUYẾTTHẮNG")
            && cover.contains("LaiChâu,tháng7năm2024"),
        "{cover}"
    );
    // Every other page: its number at the top centre.
    for page in 2..=l.pages.len() {
        let (w, _) = l.pages[page - 1];
        let top = l.page(page).min_by(|a, b| a.y.total_cmp(&b.y)).unwrap();
        assert_eq!(top.text, page.to_string(), "page {page}");
        assert!((top.x + top.width / 2.0 - w / 2.0).abs() < 60.0 && top.y < 20.0 * MM, "page {page}: {top:?}");
    }
    assert!(l.page(1).all(|r| r.text != "1"));

    // The contents (page 2): each member in order, with the page it starts
    // on, which is where its own first page went.
    let contents: Vec<&Run> = l.page(2).collect();
    let entry_pages: Vec<usize> =
        contents.iter().filter_map(|r| r.text.trim().parse().ok()).filter(|&n| n > 2).collect();
    let mut start = 3;
    let mut expected = Vec::new();
    for c in &counts {
        expected.push(start);
        start += c;
    }
    assert_eq!(entry_pages, expected);
    let text = squeeze(&contents.iter().map(|r| r.text.as_str()).collect::<String>());
    let order = [
        "KẾHOẠCH",
        "KỊCHBẢN",
        "DANHSÁCH",
        "BÁOCÁOTHÀNHTÍCHBanChỉhuyQuânsựhuyệnTânUyên",
        "TỜTRÌNH",
        "BIÊNBẢNHọpHộiđồng",
        "QUYẾTĐỊNHVềviệctặngBằngkhen",
    ];
    let at: Vec<usize> = order.iter().map(|o| text.find(o).unwrap_or_else(|| panic!("{o} in {text}"))).collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{text}");
    // Each member's first page is its own: the report's title, the list's
    // landscape page.
    let first_of = |i: usize| squeeze(&l.page(expected[i]).map(|r| r.text.as_str()).collect::<String>());
    assert!(first_of(0).contains("KẾHOẠCH"));
    assert!(first_of(13).contains("BIÊNBẢN") && first_of(14).contains("QUYẾTĐỊNH"));
    assert!(first_of(3).contains("BÁOCÁOTHÀNHTÍCH") && first_of(3).contains("TânUyên"));
    let (w, h) = l.pages[expected[2] - 1];
    assert!(w > h, "the list stays landscape");
    // Footnotes start again from (1) in every report.
    for &p in &expected[3..12] {
        assert!(l.page(p).any(|r| r.text.starts_with("(1)") && r.size < 13.0), "page {p}: footnote (1)");
    }
}

#[test]
fn a_broken_report_stops_the_pack_and_a_part_of_a_congress_makes_none() {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    let out = tempfile::tempdir().unwrap();
    let report = data.path().join(CONGRESS).join("bao-cao-thanh-tich/02-tong-van-thiet.yaml");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(&report, text.replace("ngay: 15/06/2024", "ngay: 31/06/2024")).unwrap();
    let outcome = build(data.path(), out.path(), &[]);
    let pack =
        outcome.failed.iter().find(|f| f.source.ends_with(format!("{CONGRESS}/dai-hoi.yaml"))).expect("pack failed");
    assert!(
        pack.problems[0].message.contains("02-tong-van-thiet.yaml")
            && pack.problems[0].message.contains("tập tài liệu"),
        "{:?}",
        pack.problems
    );
    assert!(!out.path().join(CONGRESS).join("tap-tai-lieu-dai-hoi.pdf").exists());
    // The other congress still gets its pack.
    assert!(out.path().join("ubnd-tinh-lai-chau/dai-hoi-thi-dua-yeu-nuoc-2025/tap-tai-lieu-dai-hoi.pdf").is_file());

    // Fixed, but only one file built: no pack (it would not be whole).
    std::fs::write(&report, &text).unwrap();
    let out2 = tempfile::tempdir().unwrap();
    let outcome = build(data.path(), out2.path(), std::slice::from_ref(&report));
    assert!(outcome.ok());
    assert!(!out2.path().join(CONGRESS).join("tap-tai-lieu-dai-hoi.pdf").exists());
    // The congress folder: a pack; again: kept; a report edited: made again.
    let folder = data.path().join(CONGRESS);
    let outcome = build(data.path(), out2.path(), std::slice::from_ref(&folder));
    assert!(outcome.ok() && out2.path().join(CONGRESS).join("tap-tai-lieu-dai-hoi.pdf").is_file());
    let outcome = build(data.path(), out2.path(), std::slice::from_ref(&folder));
    let pack =
        |o: &build::Outcome| o.built.iter().find(|b| b.rel.ends_with("dai-hoi.yaml")).map(|b| (b.rebuilt, b.unchanged));
    assert_eq!(pack(&outcome), Some((0, 1)));
    std::fs::write(&report, text.replace("Tòng Văn Thiết", "Tòng Văn Thiệt")).unwrap();
    let outcome = build(data.path(), out2.path(), &[folder]);
    assert_eq!(pack(&outcome), Some((1, 0)));
}
