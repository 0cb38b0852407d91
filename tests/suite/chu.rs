//! Typography of every sample document, read off the layout: no line
//! starts with a dash unless it is a bullet, and justified body text reaches
//! the right margin on every line but a paragraph's last.
//!
//! Every document of `data/` is laid out (each invitation on its own); the
//! rules below decide from positions and sizes alone which line is body
//! text, which is a bullet and which ends a paragraph. Also what an official
//! document does not print: the list of nominees names no PDF files, and a
//! title does not name its unit twice.

use crate::common;

use common::*;

/// The page's margins as vanban.typ sets them (`le`): left 30 mm, right 15 mm.
const LEFT: f64 = 30.0 * MM;
const RIGHT: f64 = 15.0 * MM;
/// Body text (`co-chu`), its first-line indent (`thut-dau-dong`), and the
/// size of each recipient of Nơi nhận (`co-noi-nhan-muc`).
const BODY: f64 = 14.0;
const INDENT: f64 = 12.7 * MM;
const RECIPIENT: f64 = 11.0;
/// How far a position may be from where it is expected (rounding).
const SLACK: f64 = 0.5;
/// How far a justified line may end short of the right margin.
const FLUSH: f64 = 1.0;

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() < SLACK
}

/// Runs on the line's baseline, not raised above it (a footnote's number).
fn on_baseline<'a>(line: &'a Line<'a>) -> impl Iterator<Item = &'a &'a Run> {
    line.runs.iter().filter(|r| r.y > line.y - SLACK)
}

/// Body text: a line whose text on the baseline is all body size and that
/// starts at the left margin (a paragraph's later lines) or one indent in
/// (a paragraph's first line, bullets and numbered entries included).
/// Centred and right-aligned lines (the header, the signature) start
/// elsewhere; tables (13 pt, each cell inset), the Nơi nhận (11–12 pt,
/// beside the signature on one baseline) and footnotes (12 pt) are not body
/// size; a line whose text only fits the rule by chance is centred across
/// the full width and so reaches the right margin anyway.
fn is_body(line: &Line) -> bool {
    on_baseline(line).all(|r| near(r.size, BODY)) && (near(line.left, LEFT) || near(line.left, LEFT + INDENT))
}

/// The page number in the top margin.
fn is_page_number(line: &Line) -> bool {
    line.y < 20.0 * MM
}

/// The text of a line left of the page's centre: on a line shared by the
/// Nơi nhận and the signature, the Nơi nhận's part.
fn left_column(line: &Line, page_width: f64) -> String {
    line.runs.iter().filter(|r| r.x < page_width / 2.0).map(|r| r.text.as_str()).collect::<String>()
}

/// Where a line that starts with a dash is not a bullet, with a reason.
///
/// A dash starts a bullet only when a space follows it and the line starts
/// where a bullet starts: in body text, one first-line indent in from the
/// left margin (vanban.typ's `y`: `-`, `+` flush with the indent) — a body
/// line at the margin is a paragraph's continuation, so a dash there is a
/// spaced dash of the text (`07/5/1954 - 07/5/2024`) that the line break
/// pushed to the front; in the Nơi nhận, each recipient starts flush with
/// the left margin, and so does a recipient's wrapped line, so there the
/// line above (its part left of the centre) must also end a recipient (`;`)
/// or be the `Nơi nhận:` label (`:`). Anywhere else (a table cell, a
/// centred line) a line never starts with a dash.
fn dash_faults(sample: &Sample) -> Vec<String> {
    let lines = sample.laid.lines();
    let mut faults = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let text = line.text.trim_start();
        let Some(dash) = text.chars().next().filter(|c| matches!(c, '-' | '–' | '—')) else {
            continue;
        };
        let spaced = text[dash.len_utf8()..].starts_with([' ', '\u{a0}']);
        let width = sample.laid.pages[line.page - 1].0;
        let bullet = spaced
            && if is_body(line) {
                near(line.left, LEFT + INDENT)
            } else if near(line.size, RECIPIENT) {
                // The line above in the left column.
                let above = lines[..i]
                    .iter()
                    .rev()
                    .take_while(|l| l.page == line.page)
                    .map(|l| left_column(l, width))
                    .find(|t| !t.trim().is_empty())
                    .unwrap_or_default();
                near(line.left, LEFT) && above.trim_end().ends_with([';', ':'])
            } else {
                false
            };
        if !bullet {
            faults.push(format!("{} p.{} x={:.1}: {}", sample.name, line.page, line.left, line.text));
        }
    }
    faults
}

/// Where a justified body line ends short of the right margin.
///
/// A body line (see [`is_body`]) is inside its paragraph, and so must end
/// at the right margin (within [`FLUSH`]), when the next line (page numbers,
/// footnotes and the Nơi nhận skipped: any line smaller than a table's
/// 13 pt) is a body line at the left margin (a new paragraph starts one
/// indent in) one line's pitch below it (a new paragraph is at least
/// `cach-doan`, 6 pt, further down), or starts the next page at the left
/// margin. A line that ends in a forced line break (a line break typed in
/// the data: `#linebreak()` after its last word in the Typst source) may
/// end short. Returns the faults and how many lines were checked.
fn ragged_lines(sample: &Sample) -> (Vec<String>, usize) {
    let lines: Vec<Line> = sample.laid.lines().into_iter().filter(|l| !is_page_number(l) && l.size >= 12.5).collect();
    let source = sample.typ.replace('\\', "");
    let mut faults = Vec::new();
    let mut checked = 0;
    for (line, next) in lines.iter().zip(lines.iter().skip(1)) {
        if !is_body(line) || !is_body(next) || !near(next.left, LEFT) {
            continue;
        }
        // One line's pitch: the line's box (0.9 em above the baseline,
        // 0.25 em below) and the leading (0.2 em).
        let pitch = 1.35 * line.size;
        let continues = if next.page == line.page { next.y - line.y < pitch + 3.0 } else { next.page == line.page + 1 };
        if !continues {
            continue;
        }
        let last_word = line.text.split_whitespace().last().unwrap_or_default();
        if source.contains(&format!("{last_word}#linebreak()")) {
            continue;
        }
        checked += 1;
        let right = sample.laid.pages[line.page - 1].0 - RIGHT;
        if line.right < right - FLUSH {
            faults.push(format!("{} p.{} {:.1} pt short: {}", sample.name, line.page, right - line.right, line.text));
        }
    }
    (faults, checked)
}

#[test]
fn no_line_starts_with_a_dash_unless_it_is_a_bullet() {
    let samples = samples();
    let faults: Vec<String> = samples.iter().flat_map(dash_faults).collect();
    assert!(faults.is_empty(), "lines that start with a dash but are no bullet:\n{}", faults.join("\n"));
    // The rule has something to pass: the samples' bullets and recipients.
    let bullets = samples
        .iter()
        .flat_map(|s| {
            s.laid.lines().into_iter().filter(|l| l.text.starts_with("- ")).map(|l| l.text).collect::<Vec<_>>()
        })
        .count();
    assert!(bullets > 100, "{bullets} bullets");
}

#[test]
fn justified_body_lines_reach_the_right_margin() {
    let samples = samples();
    let mut faults = Vec::new();
    let mut checked = 0;
    for s in &samples {
        let (f, n) = ragged_lines(s);
        faults.extend(f);
        checked += n;
    }
    assert!(faults.is_empty(), "justified lines short of the right margin:\n{}", faults.join("\n"));
    assert!(checked > 300, "only {checked} lines checked");
}

/// The dash rule itself: a spaced dash of the text at the start of a body
/// line is found, a bullet at the indent is not.
#[test]
fn the_dash_rule_tells_a_bullet_from_a_dash_the_line_break_moved() {
    let data = data_dir(&[
        ("u/co-quan.yaml", AGENCY),
        (
            "u/ke-hoach.yaml",
            "loai: ke-hoach\nso: 5\nngay: 07/03/2024\ntrich_yeu: Thử\nnoi_dung:\n  - muc: Mục\n    noi_dung:\n      - y: Một ý ngắn.\n      - \"#raw\"\n",
        ),
    ]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    let src = source(data.path(), "u/ke-hoach.yaml");
    let doc = engine.load(&src).unwrap();
    let part = &doc.parts[0];
    let typ = engine.render(&doc, part).unwrap();
    // A paragraph with a spaced dash written straight into the Typst source,
    // as the escaping never would, after as many words as it takes for the
    // dash to start the second line.
    let sample = (1..120)
        .map(|n| {
            let words: String = (0..n).map(|i| ["Thi ", "đua "][i % 2]).collect();
            let typ = typ.replace("\\#raw", &format!("{words}\\- Khen thưởng cùng cấp"));
            let laid = Laid::of(&engine.lay_out(&doc, part, &typ).unwrap());
            Sample { name: "thử".into(), typ, laid }
        })
        .find(|s| s.laid.lines().iter().any(|l| l.text.starts_with("- Khen")))
        .expect("a line that starts with the dash");
    let faults = dash_faults(&sample);
    assert_eq!(faults.len(), 1, "{faults:?}");
    assert!(faults[0].contains("- Khen thưởng cùng cấp"), "{faults:?}");
}

const CONGRESS: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024";

/// The sample congress's list of nominees, laid out; `extra` is appended to
/// its YAML (in a copy of the data).
fn award_list(extra: &str) -> Laid {
    let data = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), data.path());
    let rel = format!("{CONGRESS}/danh-sach-khen-thuong.yaml");
    let path = data.path().join(&rel);
    let yaml = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{yaml}\n{extra}")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path());
    Laid::of(&lay_out(&engine, &source(data.path(), &rel)))
}

/// An official list names no PDF files: the column of the reports' file
/// names is there only when asked for with `cot_tep_bao_cao: true`.
#[test]
fn the_award_list_prints_file_names_only_when_asked() {
    let names = |laid: &Laid| laid.runs.iter().filter(|r| r.text.contains(".pdf")).count();
    let official = award_list("");
    assert_eq!(names(&official), 0, "file names printed in the official list");
    let column = squeeze("Báo cáo thành tích");
    assert!(!squeeze(&official.text()).contains(&column));
    // The other columns are all there, the summary widest.
    for header in ["STT", "Tên tập thể, cá nhân", "Chức vụ, đơn vị", "Tóm tắt thành tích"] {
        assert!(!official.find(header).is_empty(), "{header}");
    }
    let reports = std::fs::read_dir(repo().join("data").join(CONGRESS).join("bao-cao-thanh-tich")).unwrap().count();
    let checked = award_list("cot_tep_bao_cao: true\n");
    assert!(squeeze(&checked.text()).contains(&column));
    assert_eq!(names(&checked), reports, "a file name for each report");
    assert!(squeeze(&checked.text()).contains("01-ban-chqs-huyen-tan-uyen.pdf"));
}

/// An invitee's unit is not named again after a position that names it:
/// `Phó Chủ tịch UBND tỉnh` of `UBND tỉnh Lai Châu` is invited as `Phó
/// Chủ tịch UBND tỉnh Lai Châu`, in the invitation and in the script.
#[test]
fn a_unit_is_not_repeated_after_a_position_that_names_it() {
    let samples = samples();
    let invitation = samples
        .iter()
        .find(|s| s.name.contains("giay-moi/") && squeeze(&s.laid.text()).contains("TrầnMinhHải"))
        .expect("the invitation of Trần Minh Hải");
    let text = squeeze(&invitation.laid.text());
    assert!(
        text.contains(&squeeze(
            "Đồng chí Trần Minh Hải, Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch UBND tỉnh Lai Châu"
        )),
        "{}",
        invitation.name
    );
    for s in &samples {
        let text = squeeze(&s.laid.text());
        for repeat in ["UBND tỉnh, UBND tỉnh", "Tỉnh ủy, Tỉnh ủy", "HĐND tỉnh, HĐND tỉnh", "Công an tỉnh, Công an tỉnh"]
        {
            assert!(!text.contains(&squeeze(repeat)), "{}: {repeat}", s.name);
        }
    }
}

/// The script's long rows split across pages, their header row repeated: no
/// page but the last ends more than 40 mm above the bottom margin.
#[test]
fn the_script_fills_its_pages_and_repeats_the_table_header() {
    let samples = samples();
    let script = samples.iter().find(|s| s.name.ends_with("kich-ban.pdf")).expect("the sample script");
    let l = &script.laid;
    let last = l.pages.len();
    assert!(last >= 5, "{last} pages");
    for page in 1..last {
        let (_, h) = l.pages[page - 1];
        let lowest = l.page(page).map(|r| r.y).fold(0.0, f64::max);
        let blank = (h - 20.0 * MM - lowest) / MM;
        assert!(blank < 40.0, "page {page}: {blank:.0} mm blank at its foot");
        // Every page continuing the table starts with its header.
        if page > 1 {
            assert!(l.page(page + 1).any(|r| r.text.trim() == "NỘI DUNG" && r.bold), "page {}", page + 1);
        }
    }
}

/// Titles break in balanced lines: in every block of centred bold 14 pt
/// lines (tên loại and trích yếu, a report's award and name), the last line
/// is at least half as long as the longest, and holds more than one word.
#[test]
fn titles_break_in_balanced_lines() {
    let mut checked = 0;
    for s in samples() {
        let (w, _) = s.laid.pages[0];
        let centre = (30.0 * MM + (w - 15.0 * MM)) / 2.0;
        let lines = s.laid.lines();
        let title = |l: &Line| {
            let runs: Vec<&&Run> = on_baseline(l).collect();
            !runs.is_empty()
                && runs.iter().all(|r| r.bold && near(r.size, BODY))
                && ((l.left + l.right) / 2.0 - centre).abs() < 2.0
        };
        let mut block: Vec<&Line> = Vec::new();
        let mut check = |block: &[&Line]| {
            if block.len() < 2 {
                return;
            }
            checked += 1;
            let widest = block.iter().map(|l| l.right - l.left).fold(0.0, f64::max);
            let last = block[block.len() - 1];
            let text: String = last.runs.iter().map(|r| r.text.as_str()).collect();
            assert!(
                last.right - last.left >= 0.5 * widest && text.split_whitespace().count() > 1,
                "{}: last line of a title is short: {text:?} ({:.0} of {widest:.0} pt)",
                s.name,
                last.right - last.left
            );
        };
        for l in &lines {
            let follows = block.last().is_some_and(|p| p.page == l.page && l.y - p.y < 1.6 * BODY);
            if title(l) && (block.is_empty() || follows) {
                block.push(l);
            } else {
                check(&block);
                block = if title(l) { vec![l] } else { Vec::new() };
            }
        }
        check(&block);
    }
    assert!(checked >= 10, "{checked} titles checked");
}

/// A closing paragraph that does not fit with the signature at the foot of
/// a page stays where it is but for its last line(s), which go over with the
/// signature: the page is not left blank for the whole paragraph, and the
/// signature never stands alone. The body is grown a line at a time so that
/// the paragraph meets the page's foot at every position.
#[test]
fn only_the_closing_paragraphs_last_lines_go_over_with_the_signature() {
    let closing = "Yêu cầu Thủ trưởng các sở, ban, ngành, đoàn thể tỉnh, Chủ tịch UBND các huyện, thành phố \
                   quán triệt, triển khai thực hiện nghiêm túc, hiệu quả các nội dung của Kế hoạch này; \
                   trong quá trình thực hiện, nếu có khó khăn, vướng mắc, kịp thời báo cáo về Sở Nội vụ \
                   để tổng hợp, tham mưu UBND tỉnh xem xét, giải quyết theo quy định./.";
    let mut split = 0;
    for n in 14..40 {
        let items: String = (1..=n).map(|k| format!("      - Công việc số {k} được giao.\n")).collect();
        let plan = format!(
            "loai: ke-hoach\nso: 5\nngay: 07/03/2024\ntrich_yeu: Tổ chức Đại hội Thi đua\n\
             noi_dung:\n  - muc: Nhiệm vụ\n    noi_dung:\n{items}ket_thuc: {closing}\n"
        );
        let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", &plan)]);
        let out = tempfile::tempdir().unwrap();
        let laid = Laid::of(&lay_out(&engine(data.path(), out.path()), &source(data.path(), "u/kh.yaml")));
        let lines = laid.lines();
        let last_item = lines.iter().rposition(|l| l.text.contains("được giao.")).expect("the body");
        let signature = lines.iter().position(|l| l.text.contains("Nơi nhận:")).expect("Nơi nhận");
        let closing_lines: Vec<&Line> =
            lines[last_item + 1..signature].iter().filter(|l| !is_page_number(l) && is_body(l)).collect();
        assert!(closing_lines.len() >= 4, "n = {n}: {} closing lines", closing_lines.len());
        let sig_page = lines[signature].page;
        let with_signature = closing_lines.iter().filter(|l| l.page == sig_page).count();
        assert!(with_signature >= 1, "n = {n}: the signature stands alone on page {sig_page}");
        if closing_lines[0].page < sig_page {
            split += 1;
            // More than the last line goes over only when the page is full:
            // the space left under its last baseline is less than a line's
            // pitch and its depth under the baseline (`duoi-dong`, 0.25 em).
            let pitch = closing_lines[1].y - closing_lines[0].y;
            let lowest = lines.iter().filter(|l| l.page == sig_page - 1).map(|l| l.y).fold(0.0, f64::max);
            let blank = laid.pages[sig_page - 2].1 - 20.0 * MM - lowest;
            assert!(
                with_signature == 1 || blank < pitch + 0.25 * BODY,
                "n = {n}: {with_signature} of {} closing lines went over with the signature, \
                 leaving {:.0} mm blank at the foot of page {}",
                closing_lines.len(),
                blank / MM,
                sig_page - 1
            );
        }
    }
    assert!(split >= 2, "the closing paragraph met the foot of a page only {split} times");
}

/// A footnote's text is at the foot of the page of its mark, in every
/// sample: the marks `(n)` raised in the text of a page and the numbers
/// opening the notes at its foot (flush with the left margin) are the same.
/// Report 01's section II title, with its mark `(2)`, goes to page 2 with
/// what follows it; its note used to stay at the foot of page 1.
#[test]
fn a_footnotes_text_is_on_the_page_of_its_mark() {
    let number = |r: &&Run| {
        let t = r.text.trim();
        r.size < 12.0
            && t.len() > 2
            && t.starts_with('(')
            && t.ends_with(')')
            && t[1..t.len() - 1].chars().all(|c| c.is_ascii_digit())
    };
    let mut checked = 0;
    for s in &samples() {
        let l = &s.laid;
        for page in 1..=l.pages.len() {
            let mut marks: Vec<&str> =
                l.page(page).filter(number).filter(|r| !near(r.x, LEFT)).map(|r| r.text.trim()).collect();
            let mut notes: Vec<&str> =
                l.page(page).filter(number).filter(|r| near(r.x, LEFT)).map(|r| r.text.trim()).collect();
            marks.sort_unstable();
            notes.sort_unstable();
            assert_eq!(marks, notes, "{}, page {page}: marks and notes differ", s.name);
            checked += marks.len();
        }
    }
    // Two notes in each of the nine reports.
    assert!(checked >= 18, "{checked} footnotes checked");
}
