//! The sample plans under data/ reproduce their seeds and follow the decree's
//! layout, read off the laid-out document.

use crate::common;

use common::*;
use vanban::build::{self, Mode};

const PLAN_A: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/ke-hoach.yaml";
const PLAN_B: &str = "ubnd-tinh-lai-chau/dai-hoi-thi-dua-yeu-nuoc-2025/ke-hoach.yaml";

fn sample(rel: &str) -> Laid {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&data, out.path());
    Laid::of(&lay_out(&engine, &source(&data, rel)))
}

/// The seed's text with the differences vanban makes on purpose, each one a
/// rule of the decree or of vanban that the hand-made original broke. Every
/// correction must apply, so a changed seed fails loudly.
fn corrected_seed(file: &str, corrections: &[(&str, &str, &str)]) -> String {
    let mut text = std::fs::read_to_string(repo().join("tests/seeds").join(file)).unwrap();
    for (from, to, why) in corrections {
        assert!(text.contains(from), "{file}: correction ({why}) does not apply: {from:?}");
        text = text.replacen(from, to, 1);
    }
    // The seeds mark bold and italic with asterisks; the PDF carries them as
    // font styles.
    text.replace('*', "")
}

/// The squeezed text from `KẾ HOẠCH` on, without page numbers.
fn body_from_title(laid: &Laid) -> String {
    let text: String = laid.runs.iter().filter(|r| r.y > 20.0 * MM).map(|r| r.text.as_str()).collect();
    let text = squeeze(&text);
    text[text.find("KẾHOẠCH").expect("title")..].to_string()
}

fn assert_matches_seed(laid: &Laid, seed: String) {
    let seed = squeeze(&seed);
    let seed_body = &seed[seed.find("KẾHOẠCH").unwrap()..];
    let ours = body_from_title(laid);
    if let Some(diff) = first_difference(seed_body, &ours) {
        panic!("the PDF's text differs from the seed {diff}");
    }
    // The header lines the seed kept (a draft: no number, no day or month).
    let all = squeeze(&laid.text());
    for head in ["Số:/KH-UBND", "LaiChâu,ngàythángnăm2024"] {
        assert!(seed.contains(head), "seed lacks {head}");
        assert!(all.contains(head), "PDF lacks {head}");
    }
}

#[test]
fn plan_a_text_is_the_seed() {
    let seed = corrected_seed(
        "ke-hoach-dai-hoi-quyet-thang-lai-chau.txt",
        &[
            ("\n- Căn cứ nội dung Kế hoạch", "\nCăn cứ nội dung Kế hoạch", "the closing paragraph is not a list item"),
            ("- Chủ tịch, các PCT UBND tỉnh\n", "- Chủ tịch, các PCT UBND tỉnh;\n", "each recipient ends with ;"),
            ("- Lưu VT, TH4.", "- Lưu: VT, TH4.", "the archive line is `Lưu: VT, …`"),
        ],
    );
    assert_matches_seed(&sample(PLAN_A), seed);
}

#[test]
fn plan_b_text_is_the_seed() {
    let seed = corrected_seed(
        "ke-hoach-dai-hoi-thi-dua-yeu-nuoc-lai-chau.txt",
        &[
            ("IV. TỔ CHỨC THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN", "sections are numbered, the seed skipped III"),
            ("- Lưu VT, Th8, TĐKT.", "- Lưu: VT, Th8, TĐKT.", "the archive line is `Lưu: VT, …`"),
        ],
    );
    assert_matches_seed(&sample(PLAN_B), seed);
}

const LEFT: f64 = 30.0 * MM;
const RIGHT: f64 = (210.0 - 15.0) * MM;

#[test]
fn page_is_a4_with_the_decree_margins() {
    let laid = sample(PLAN_A);
    assert!(laid.pages.len() >= 3, "{} pages", laid.pages.len());
    for &(w, h) in &laid.pages {
        assert!((w - 210.0 * MM).abs() < 0.1 && (h - 297.0 * MM).abs() < 0.1, "{w}×{h}");
    }
    let body: Vec<&Run> = laid.runs.iter().filter(|r| r.y > 20.0 * MM).collect();
    let (left, right) = extent(&body);
    // Left 30–35 mm, right 15–20 mm: text starts and (justified) ends there.
    assert!((30.0 * MM - 0.5..=35.0 * MM).contains(&left), "left margin {:.1} mm", left / MM);
    assert!(right <= (210.0 - 15.0) * MM + 0.5, "right margin {:.1} mm", 210.0 - right / MM);
    assert!((left - LEFT).abs() < 0.5 && (right - RIGHT).abs() < 0.5);
    // Top and bottom 20–25 mm: no body text above or below them.
    for r in &body {
        assert!(r.y - 0.9 * r.size >= 20.0 * MM - 0.5, "text above the top margin: {r:?}");
        assert!(r.y + 0.25 * r.size <= (297.0 - 20.0) * MM + 0.5, "text below the bottom margin: {r:?}");
    }
    // The body fills pages down to the bottom margin (not a short column).
    let page1_bottom = laid.page(1).map(|r| r.y).fold(0.0, f64::max);
    assert!(page1_bottom > (297.0 - 35.0) * MM, "page 1 ends at {:.0} mm", page1_bottom / MM);
}

fn only<'a>(runs: Vec<&'a Run>, what: &str) -> &'a Run {
    assert!(!runs.is_empty(), "no run for {what}");
    runs[0]
}

#[test]
fn header_sizes_styles_and_positions() {
    let laid = sample(PLAN_A);
    for r in &laid.runs {
        assert_eq!(r.family, "Liberation Serif", "{r:?}");
    }
    let qh = only(laid.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "quốc hiệu");
    assert!((12.0..=13.0).contains(&qh.size) && qh.bold && !qh.italic, "{qh:?}");
    let tn = only(laid.find("Độc lập - Tự do - Hạnh phúc"), "tiêu ngữ");
    assert!((13.0..=14.0).contains(&tn.size) && tn.bold && !tn.italic, "{tn:?}");
    let cq = only(laid.find("ỦY BAN NHÂN DÂN"), "cơ quan");
    assert!((12.0..=13.0).contains(&cq.size) && cq.bold, "{cq:?}");
    // Ô 2 in the left column, ô 1 in the right.
    assert!(cq.x + cq.width < qh.x, "agency and national title overlap");
    let so = only(laid.find("Số:"), "số");
    assert!((so.size - 13.0).abs() < 0.01 && !so.bold && !so.italic, "{so:?}");
    // Ô 4: the runs of its line right of the middle of the text area.
    let date: Vec<&Run> =
        laid.line_of("Lai Châu, ngày").into_iter().filter(|r| r.x > (LEFT + RIGHT) / 2.0 - 30.0).collect();
    assert!(date.iter().all(|r| (13.0..=14.0).contains(&r.size) && r.italic && !r.bold), "{date:?}");
    // Ô 3 and ô 4 share a baseline.
    assert!((date[0].y - so.y).abs() < 0.5, "Số at {} but date at {}", so.y, date[0].y);
    // Ô 4 is centred under ô 1.
    let centre = |rs: &[&Run]| {
        let (l, r) = extent(rs);
        (l + r) / 2.0
    };
    assert!((centre(&date) - centre(&[qh])).abs() < 1.0);
    let title = only(laid.find("KẾ HOẠCH"), "tên loại");
    assert!((13.0..=14.0).contains(&title.size) && title.bold);
    assert!((centre(&[title]) - (LEFT + RIGHT) / 2.0).abs() < 1.0, "tên loại not centred");
    let ty = laid.line_of("Tổ chức Đại hội Thi đua Quyết thắng");
    assert!(ty.iter().all(|r| (13.0..=14.0).contains(&r.size) && r.bold && !r.italic));
    assert!(ty[0].y > title.y, "trích yếu under the tên loại");
}

#[test]
fn header_rules_have_the_decree_lengths() {
    let laid = sample(PLAN_A);
    let rules: Vec<&Rule> = laid.rules.iter().filter(|r| r.page == 1).collect();
    assert_eq!(rules.len(), 3, "three rules on page 1: {rules:?}");
    let under = |line: &[&Run]| -> &Rule {
        let y = line[0].y;
        let (l, r) = extent(line);
        rules
            .iter()
            .copied()
            .filter(|rule| rule.y > y && rule.y - y < 12.0 && rule.x < r && rule.x + rule.length > l)
            .min_by(|a, b| a.y.total_cmp(&b.y))
            .unwrap_or_else(|| panic!("no rule under {:?}", line[0].text))
    };
    let centre_of = |r: &Rule| r.x + r.length / 2.0;

    // Tiêu ngữ: as long as the line of text, centred under it.
    let tn = laid.line_of("Độc lập - Tự do - Hạnh phúc");
    let (l, r) = extent(&tn);
    let rule = under(&tn);
    assert!((rule.length - (r - l)).abs() < 0.5, "tiêu ngữ rule {} vs text {}", rule.length, r - l);
    assert!((centre_of(rule) - (l + r) / 2.0).abs() < 0.5);

    // Agency: 1/3 to 1/2 of its (widest) line, centred.
    let agency: Vec<&Run> = laid
        .line_of("ỦY BAN NHÂN DÂN")
        .into_iter()
        .chain(laid.line_of("TỈNH LAI CHÂU"))
        .filter(|r| r.x + r.width < LEFT + 65.0 * MM)
        .collect();
    let widest = agency.iter().map(|r| r.width).fold(0.0, f64::max);
    let rule = under(&laid.line_of("TỈNH LAI CHÂU"));
    let ratio = rule.length / widest;
    assert!((1.0 / 3.0..=0.5).contains(&ratio), "agency rule ratio {ratio}");
    let (l, r) = extent(&agency);
    assert!((centre_of(rule) - (l + r) / 2.0).abs() < 0.5);

    // Trích yếu: 1/3 to 1/2 of its widest line, centred on the page's text.
    let first = laid.line_of("Tổ chức Đại hội Thi đua Quyết thắng");
    let last = laid.line_of("đoạn 2019-2024");
    let w1 = extent(&first).1 - extent(&first).0;
    let w2 = extent(&last).1 - extent(&last).0;
    let rule = under(&last);
    let ratio = rule.length / w1.max(w2);
    assert!((1.0 / 3.0..=0.5).contains(&ratio), "trích yếu rule ratio {ratio}");
    assert!((centre_of(rule) - (LEFT + RIGHT) / 2.0).abs() < 0.5);
}

#[test]
fn page_numbers_from_page_two_top_centre() {
    let laid = sample(PLAN_A);
    let in_top_margin = |page: usize| -> Vec<&Run> { laid.page(page).filter(|r| r.y < 20.0 * MM).collect() };
    assert!(in_top_margin(1).is_empty(), "page 1 shows a number: {:?}", in_top_margin(1));
    for page in 2..=laid.pages.len() {
        let nums = in_top_margin(page);
        assert_eq!(nums.len(), 1, "page {page}: {nums:?}");
        let n = nums[0];
        assert_eq!(n.text, page.to_string());
        assert!((13.0..=14.0).contains(&n.size) && !n.bold && !n.italic);
        assert!(((n.x + n.width / 2.0) - (LEFT + RIGHT) / 2.0).abs() < 1.0, "not centred: {n:?}");
    }
}

#[test]
fn body_paragraphs_indent_spacing_and_styles() {
    let laid = sample(PLAN_A);
    // Căn cứ: italic, first-line indent 1–1.27 cm.
    let cc = laid.line_of("Căn cứ Chỉ thị số 10-CT/ĐU");
    assert!(cc.iter().all(|r| r.italic && (13.0..=14.0).contains(&r.size)));
    let indent = (extent(&cc).0 - LEFT) / MM;
    assert!((9.9..=12.8).contains(&indent), "first-line indent {indent} mm");
    // Line spacing between single and 1.5 lines (single = 1.149 em for Times
    // New Roman and its metric twin, as a word processor sets it), and ≥ 6 pt
    // more between paragraphs.
    let p: Vec<&Run> = laid.page(1).filter(|r| r.size == 14.0 && !r.bold).collect();
    let mut baselines: Vec<f64> = p.iter().map(|r| r.y).collect();
    baselines.dedup_by(|a, b| (*a - *b).abs() < 0.5);
    let gaps: Vec<f64> = baselines.windows(2).map(|w| w[1] - w[0]).collect();
    let pitch = gaps.iter().cloned().fold(f64::INFINITY, f64::min);
    let single = 1.149 * 14.0;
    assert!(pitch >= single - 0.1 && pitch <= 1.5 * single, "line pitch {pitch} pt");
    assert!(gaps.iter().any(|g| g - pitch >= 6.0 - 0.1), "no paragraph gap of 6 pt: {gaps:?}");
    // Level-1 headings are bold capitals; numbered paragraphs are not bold.
    let h1 = only(laid.find("I. MỤC ĐÍCH, YÊU CẦU"), "I.");
    assert!(h1.bold);
    let n1 = laid.line_of("1. Nhằm đánh giá");
    assert!(n1.iter().all(|r| !r.bold));
    let h2 = only(laid.find("1. Công tác lãnh đạo, chỉ đạo"), "1.");
    assert!(h2.bold);
    // Inline italic from `*…*` in the data.
    let it = only(laid.find("Dự kiến trong tháng 7/2024"), "italic run");
    assert!(it.italic && !it.bold);
}

#[test]
fn noi_nhan_and_signature() {
    let laid = sample(PLAN_A);
    let label = only(laid.find("Nơi nhận:"), "Nơi nhận");
    assert!((label.size - 12.0).abs() < 0.01 && label.bold && label.italic, "{label:?}");
    let recipient = laid.line_of("- Bộ Tư lệnh Quân khu 2;");
    assert!(recipient.iter().all(|r| (r.size - 11.0).abs() < 0.01 && !r.bold && !r.italic));
    assert!((extent(&recipient).0 - LEFT).abs() < 0.5, "recipients start flush left");
    let luu = laid.line_of("Lưu: VT, TH4.");
    assert!(luu.iter().all(|r| (r.size - 11.0).abs() < 0.01));
    // The quyền hạn line is level with Nơi nhận.
    let tm = only(laid.find("TM. ỦY BAN NHÂN DÂN"), "TM.");
    assert_eq!(tm.page, label.page);
    assert!((tm.y - label.y).abs() < 2.0, "TM. at {} but Nơi nhận at {}", tm.y, label.y);
    assert!(tm.bold && (13.0..=14.0).contains(&tm.size));
    let cv = laid.runs.iter().find(|r| r.text == "CHỦ TỊCH" && r.page == tm.page).expect("chức vụ");
    let name = only(laid.find("Lê Văn Lương"), "họ tên");
    assert!(cv.bold && name.bold && !name.italic);
    assert!(name.y - cv.y > 20.0 * MM, "room for the signature: {} mm", (name.y - cv.y) / MM);
    let mid = |r: &Run| r.x + r.width / 2.0;
    assert!((mid(cv) - mid(name)).abs() < 0.5 && (mid(tm) - mid(name)).abs() < 0.5, "signature lines centred");
    assert!(tm.x > label.x + 60.0 * MM, "signature on the right");
}

#[test]
fn build_writes_every_sample_reproducibly_with_metadata_and_fonts() {
    let data = repo().join("data");
    let (one, two) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let documents = vanban::source::discover::discover(&data, &[]).0.len();
    let mut written = Vec::new();
    for out in [&one, &two] {
        let engine = engine(&data, out.path());
        let outcome = build::run(&engine, &[], Mode::Build { emit_typst: false, force: false }, build::Silent);
        assert!(outcome.ok(), "{:?}", outcome.all_problems().collect::<Vec<_>>());
        // Every document, and each congress's pack.
        let congresses = std::fs::read_dir(data.join("ubnd-tinh-lai-chau"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().path().join("dai-hoi.yaml").is_file())
            .count();
        assert_eq!(outcome.built.len(), documents + congresses);
        written = outcome.built.iter().flat_map(|b| b.pdfs.clone()).collect();
    }
    // Every PDF of every kind is byte-identical across the two builds.
    assert!(written.len() > documents);
    for pdf in &written {
        let rel = pdf.strip_prefix(two.path()).unwrap();
        assert!(std::fs::read(pdf).unwrap() == std::fs::read(one.path().join(rel)).unwrap(), "{}", rel.display());
    }
    for rel in [PLAN_A, PLAN_B] {
        let pdf = std::path::Path::new(rel).with_extension("pdf");
        let a = std::fs::read(one.path().join(&pdf)).unwrap();
        let b = std::fs::read(two.path().join(&pdf)).unwrap();
        assert!(a == b, "{rel}: two builds differ");
        assert!(a.starts_with(b"%PDF-"));
        // The four faces are embedded (a /FontFile2 each).
        let count = |needle: &[u8]| a.windows(needle.len()).filter(|w| *w == needle).count();
        assert_eq!(count(b"/FontFile2"), 4, "{rel}: embedded font files");
        for face in ["LiberationSerif", "LiberationSerif-Bold", "LiberationSerif-Italic", "LiberationSerif-BoldItalic"]
        {
            let base = format!("+{face}/");
            assert!(
                count(base.as_bytes()) > 0
                    || count(format!("+{face}\n").as_bytes()) > 0
                    || count(format!("+{face}>").as_bytes()) > 0
                    || count(format!("+{face} ").as_bytes()) > 0,
                "{rel}: {face} not embedded"
            );
        }
        // Title and author, in the XMP metadata.
        let text = String::from_utf8_lossy(&a);
        assert!(text.contains("KẾ HOẠCH Tổ chức Đại hội"), "{rel}: title");
        assert!(text.contains("ỦY BAN NHÂN DÂN TỈNH LAI CHÂU"), "{rel}: author");
    }
    // No temporary file is left in the output folder.
    let leftovers: Vec<_> = walkdir::WalkDir::new(one.path())
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}
