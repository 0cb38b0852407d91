//! GIẤY MỜI: one PDF per invitee, the combined print file and the mailing
//! list, with the congress's facts from dai-hoi.yaml.

use crate::common;

use std::path::Path;

use calamine::Reader;
use common::*;
use vanban::build::{self, Mode};

const CONGRESS: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024";

/// The names (or, for an agency, units) in the sample spreadsheet, in order,
/// read here independently of vanban.
fn sample_names() -> Vec<String> {
    let path = repo().join("data").join(CONGRESS).join("khach-moi.xlsx");
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range
        .rows()
        .skip(1)
        .filter(|r| r.iter().any(|c| !c.to_string().trim().is_empty()))
        .map(|r| {
            let name = r[2].to_string();
            if name.trim().is_empty() { r[4].to_string() } else { name }
        })
        .collect()
}

fn build_sample() -> (tempfile::TempDir, build::Outcome) {
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&repo().join("data"), out.path());
    let outcome = build::run(
        &engine,
        &[repo().join("data").join(CONGRESS).join("giay-moi.yaml")],
        Mode::Build { emit_typst: false, force: false },
        build::Silent,
    );
    (out, outcome)
}

#[test]
fn every_invitee_gets_a_pdf_with_their_name_and_the_right_weekday() {
    let names = sample_names();
    assert!(names.len() >= 60, "{} rows", names.len());
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&data, out.path());
    let src = source(&data, &format!("{CONGRESS}/giay-moi.yaml"));
    let doc = engine.load(&src).unwrap();
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    // One part per invitee, then the combined file.
    assert_eq!(doc.parts.len(), names.len() + 1);
    for (i, name) in names.iter().enumerate() {
        let laid = Laid::of(&lay_out_part(&engine, &src, i));
        let text = squeeze(&laid.text());
        assert!(text.contains(&squeeze(name)), "invitation {} lacks {name}", i + 1);
        assert!(text.contains(&squeeze("Thời gian: 07 giờ 30 phút, thứ Sáu, ngày 19 tháng 7 năm 2024")), "{i}");
        assert!(text.contains(&squeeze("Số: 12/GM-UBND")));
        assert!(text.contains(&squeeze("Ủy ban nhân dân tỉnh Lai Châu trân trọng kính mời:")));
        assert!(text.contains(&squeeze(
            "Tới dự: Đại hội Thi đua Quyết thắng lực lượng vũ trang tỉnh Lai Châu giai đoạn 2019-2024"
        )));
        assert!(text.ends_with(&squeeze("Lê Văn Lương")));
        if i == 0 {
            let title = &laid.find("GIẤY MỜI")[0];
            assert!(title.bold && (13.0..=14.0).contains(&title.size));
            let who = laid.find("Đồng chí");
            assert!(who.iter().any(|r| r.bold), "the invitee is bold");
            assert!(text.contains("./.") && text.contains("- Như trên;".replace(' ', "").as_str()));
        }
    }
}

#[test]
fn files_combined_print_file_and_manifest() {
    let names = sample_names();
    let (out, outcome) = build_sample();
    assert!(outcome.ok(), "{:?}", outcome.all_problems().collect::<Vec<_>>());
    let folder = out.path().join(CONGRESS).join("giay-moi");
    let mut files: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".pdf"))
        .collect();
    files.sort();
    assert_eq!(files.len(), names.len());
    for (i, f) in files.iter().enumerate() {
        assert!(f.starts_with(&format!("{:03}-", i + 1)), "{f}");
        assert!(f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'), "{f}");
    }
    // Two invitees share a name; their files differ.
    let twins: Vec<&String> = files.iter().filter(|f| f.ends_with("-lo-van-thang.pdf")).collect();
    assert_eq!(twins.len(), 2, "{files:?}");
    assert!(std::fs::read(out.path().join(CONGRESS).join("giay-moi.pdf")).unwrap().starts_with(b"%PDF-"));
    // The manifest: one row per invitation, file, invitee, e-mail.
    let csv = std::fs::read_to_string(folder.join("danh-sach-gui.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, ["Tệp", "Người được mời", "Chức danh", "Email"]);
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), names.len());
    for (row, (file, name)) in rows.iter().zip(files.iter().zip(&names)) {
        assert!(row[0].ends_with(&format!("giay-moi/{file}")), "{:?}", row);
        assert!(out.path().join(&row[0]).is_file(), "{}", &row[0]);
        assert!(row[1].contains(name.trim()), "{:?} vs {name}", row);
        assert!(row[3].is_empty() || row[3].contains('@'));
    }
    assert!(rows.iter().filter(|r| !r[3].is_empty()).count() > names.len() / 2);
}

#[test]
fn the_date_is_written_once_and_every_invitation_follows() {
    let congress = "ten: Đại hội Thi đua\nthoi_gian: 20/07/2024 14:00\ndia_diem: Hội trường A\n";
    let gm = "loai: giay-moi\nso: 3\nngay: 01/07/2024\nkhach_moi:\n  - {danh_xung: Ông, ho_ten: Nguyễn Văn An}\n";
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/dh/dai-hoi.yaml", congress), ("u/dh/gm.yaml", gm)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let laid = Laid::of(&lay_out(&engine, &source(data.path(), "u/dh/gm.yaml")));
    let text = squeeze(&laid.text());
    assert!(text.contains(&squeeze("Thời gian: 14 giờ 00 phút, thứ Bảy, ngày 20 tháng 7 năm 2024")), "{text}");
    assert!(text.contains(&squeeze("Dự Đại hội Thi đua")));
    assert!(!text.contains("Chủtrì"), "no chair line when none is given");
}

#[test]
fn a_bad_row_is_named_and_the_other_invitations_still_build() {
    let fixture = std::fs::read(repo().join("tests/fixtures/khach-moi-loi.xlsx")).unwrap();
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        ("u/dh/dai-hoi.yaml", "ten: Đại hội\nthoi_gian: 19/07/2024 07:30\ndia_diem: Hội trường\n"),
        ("u/dh/gm.yaml", "loai: giay-moi\nnam: 2024\nkhach_moi: ds.xlsx\n"),
    ]);
    std::fs::write(data.path().join("u/dh/ds.xlsx"), fixture).unwrap();
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], Mode::Build { emit_typst: false, force: false }, build::Silent);
    assert_eq!(outcome.failed.len(), 1);
    let failed = &outcome.failed[0];
    assert_eq!(failed.problems.len(), 1, "{:?}", failed.problems);
    let p = &failed.problems[0];
    assert!(p.file.ends_with("u/dh/ds.xlsx") && p.line == Some(5), "{p}");
    assert!(p.message.contains("dòng 5") && p.message.contains("thiếu họ tên"), "{p}");
    // The five good rows, the combined file and the manifest were written.
    let folder = out.path().join("u/dh/gm");
    let pdfs: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs.len(), 5, "{pdfs:?}");
    assert!(!pdfs.iter().any(|f| f.starts_with("004-")), "the bad row has no file");
    assert_eq!(pdfs.iter().filter(|f| f.contains("nguyen-van-an")).count(), 2);
    assert!(out.path().join("u/dh/gm.pdf").is_file());
    assert_eq!(failed.written.len(), 7);
}

#[test]
fn an_unknown_column_layout_is_one_clear_message() {
    let fixture = std::fs::read(repo().join("tests/fixtures/khach-moi-cot-la.xlsx")).unwrap();
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        (
            "u/gm.yaml",
            "loai: giay-moi\nnam: 2024\ntrich_yeu: Dự họp\ntoi_du: Cuộc họp\nthoi_gian: 19/07/2024 07:30\ndia_diem: Phòng họp\nkhach_moi: ds.xlsx\n",
        ),
    ]);
    std::fs::write(data.path().join("u/ds.xlsx"), fixture).unwrap();
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let outcome = build::run(&engine, &[], Mode::Check, build::Silent);
    let problems = &outcome.failed[0].problems;
    assert!(problems.iter().all(|p| p.file.ends_with("u/ds.xlsx") && p.line == Some(1)), "{problems:?}");
    assert!(problems.iter().any(|p| p.message.contains("cần có ít nhất cột Họ và tên và cột Đơn vị")), "{problems:?}");
    assert!(problems.iter().any(|p| p.message.contains("cột `A` không rõ là gì")), "{problems:?}");
}

#[test]
fn a_csv_list_with_forgiving_headings_and_an_agency() {
    let csv = "\u{feff}stt;XƯNG HÔ;Họ và tên;Chức danh;Cơ quan;E-mail\n1;Bà;Tẩn Thị Mai;Giám đốc;Sở Y tế;mai@laichau.gov.vn\n2;;;;Lãnh đạo Sở Nội vụ;\n";
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        (
            "u/gm.yaml",
            "loai: giay-moi\nnam: 2024\ntrich_yeu: Dự họp\ntoi_du: Cuộc họp\nthoi_gian: 19/07/2024 07:30\ndia_diem: Phòng họp\nkhach_moi: ds.csv\n",
        ),
        ("u/ds.csv", csv),
    ]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let src = source(data.path(), "u/gm.yaml");
    let doc = engine.load(&src).unwrap();
    assert!(doc.problems.is_empty(), "{:?}", doc.problems);
    let names: Vec<&Path> = doc.parts.iter().map(|p| p.pdf.as_path()).collect();
    assert_eq!(
        names,
        [Path::new("u/gm/001-tan-thi-mai.pdf"), Path::new("u/gm/002-lanh-dao-so-noi-vu.pdf"), Path::new("u/gm.pdf")]
    );
    let first = squeeze(&Laid::of(&lay_out_part(&engine, &src, 0)).text());
    assert!(first.contains(&squeeze("kính mời: Bà Tẩn Thị Mai, Giám đốc, Sở Y tế")), "{first}");
    let second = squeeze(&Laid::of(&lay_out_part(&engine, &src, 1)).text());
    assert!(second.contains(&squeeze("kính mời: Lãnh đạo Sở Nội vụ")), "{second}");
}

#[test]
fn the_combined_file_holds_every_invitation_in_order() {
    let names = sample_names();
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&data, out.path());
    let src = source(&data, &format!("{CONGRESS}/giay-moi.yaml"));
    let combined = Laid::of(&lay_out_part(&engine, &src, names.len()));
    let singles: usize = (0..names.len()).map(|i| lay_out_part(&engine, &src, i).pages().len()).sum();
    assert_eq!(combined.pages.len(), singles);
    assert!(singles >= names.len());
    // Each invitation starts a page with its own header, in list order, and
    // no page of the combined file shows a number (each is a page 1).
    let starts: Vec<usize> = combined.find("GIẤY MỜI").iter().map(|r| r.page).collect();
    assert_eq!(starts.len(), names.len());
    let mut last = 0;
    for (page, name) in starts.iter().zip(&names) {
        let text = squeeze(&combined.page(*page).map(|r| r.text.as_str()).collect::<String>());
        assert!(text.contains(&squeeze(name)), "page {page} lacks {name}");
        assert!(*page > last);
        last = *page;
    }
    assert!(combined.runs.iter().all(|r| r.y > 20.0 * MM), "a page number in the combined file");
}

#[test]
fn hostile_invitee_data_prints_as_typed_and_never_names_a_path() {
    let name = r#"../../#read("/etc/passwd") $x$ [a] *b* _c_ @d <e> // f \ {{ g }}"#;
    let gm = format!(
        "loai: giay-moi\nnam: 2024\ntrich_yeu: Dự họp\ntoi_du: Cuộc họp\nthoi_gian: 19/07/2024 07:30\ndia_diem: Phòng họp\nkhach_moi:\n  - {{ho_ten: {}, chuc_vu: \"- 2024. x\"}}\n",
        serde_json_like(name)
    );
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/gm.yaml", &gm)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let src = source(data.path(), "u/gm.yaml");
    let doc = engine.load(&src).unwrap();
    assert_eq!(doc.parts[0].pdf, Path::new("u/gm/001-read-etc-passwd-x-a-b-c-d-e-f-g.pdf"));
    let text = squeeze(&Laid::of(&lay_out_part(&engine, &src, 0)).text());
    assert!(text.contains(&squeeze(&format!("{name}, - 2024. x"))), "{text}");
}

/// A YAML double-quoted scalar.
fn serde_json_like(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The shape of a Typst source's syntax tree: each node's number of
/// children, in order. Typst numbers the nodes by this shape alone.
fn shape(node: &typst::syntax::SyntaxNode, out: &mut Vec<usize>) {
    out.push(node.children().len());
    for child in node.children() {
        shape(child, out);
    }
}

/// Invitations differ in their data only: whatever an invitee's name and
/// position hold (more words, commas, markup characters, nothing), every
/// invitation's source has the same shape, so Typst can reuse for one the
/// layout of what it shares with another. Each PDF still gets its own
/// title, set by vanban and not in the source.
#[test]
fn invitations_differ_only_in_their_data() {
    let gm = [
        "loai: giay-moi\nnam: 2024\ntrich_yeu: Dự họp\ntoi_du: Cuộc họp\nthoi_gian: 19/07/2024 07:30\n",
        "dia_diem: Phòng họp\nkhach_moi:\n",
        "  - {ho_ten: Lò Văn A, chuc_vu: Chỉ huy trưởng}\n",
        r#"  - {ho_ten: "Nguyễn Thị Minh Khai *b* [c] #d \\ \"e\"", chuc_vu: "Phó Chủ tịch, Ủy ban nhân dân xã - 2024. x"}"#,
        "\n  - {ho_ten: Tao}\n",
    ]
    .concat();
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/gm.yaml", &gm)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let src = source(data.path(), "u/gm.yaml");
    let doc = engine.load(&src).unwrap();
    let singles = &doc.parts[..3];
    let sources: Vec<String> = singles.iter().map(|part| engine.render(&doc, part).unwrap()).collect();
    // The invitee is named in one line only; every other line is the same
    // (no style, such as a title, carries them).
    let others =
        |s: &str| s.lines().filter(|l| !l.starts_with("#vb.kinh-moi(")).map(str::to_string).collect::<Vec<_>>();
    assert_eq!(sources[0].lines().count(), others(&sources[0]).len() + 1);
    assert_eq!(others(&sources[0]), others(&sources[1]));
    assert_eq!(others(&sources[0]), others(&sources[2]));
    let shapes: Vec<Vec<usize>> = sources
        .iter()
        .map(|source| {
            let mut s = Vec::new();
            shape(&typst::syntax::parse(source), &mut s);
            s
        })
        .collect();
    assert!(shapes[0].len() > 50, "{:?}", shapes[0]);
    assert_eq!(shapes[0], shapes[1], "a name with more words and markup characters changes the source's shape");
    assert_eq!(shapes[0], shapes[2], "an invitee without a position changes the source's shape");
    let names = ["Lò Văn A", "Nguyễn Thị Minh Khai *b* [c] #d \\ \"e\"", "Tao"];
    for (i, part) in singles.iter().enumerate() {
        let laid = lay_out_part(&engine, &src, i);
        use typst::model::Document as _;
        let title = laid.info().title.as_deref().map(str::to_string);
        assert_eq!(title, Some(format!("GIẤY MỜI Dự họp - {}", names[i])), "{}", part.pdf.display());
        assert!(squeeze(&Laid::of(&laid).text()).contains(&squeeze(names[i])));
    }
}
