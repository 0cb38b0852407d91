//! The Word copies (`vanban build --docx`): one .docx beside every PDF of a
//! document (one per invitee and one of all invitations), with the thể
//! thức of the PDF, read back from its XML; kept by the build record like
//! the PDFs; and, where LibreOffice is installed, read like the PDF.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use vanban::build::{self, Mode, Silent};

const CONGRESS: &str = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024";
const BUILD: Mode = Mode::Build { emit_typst: false, force: false };

/// The samples built with their Word copies into a temporary folder.
fn built() -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let engine = engine(&repo().join("data"), out.path()).with_docx().unwrap();
    let outcome = build::run(&engine, &[], BUILD, Silent);
    assert!(outcome.ok(), "{:#?}", outcome.all_problems().collect::<Vec<_>>());
    out
}

/// The text of one part of a .docx (`word/document.xml`…), if it has it.
fn maybe_part(docx: &Path, name: &str) -> Option<String> {
    let file = std::fs::File::open(docx).unwrap_or_else(|_| panic!("no {}", docx.display()));
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
    Some(text)
}

/// The text of one part of a .docx.
fn part(docx: &Path, name: &str) -> String {
    maybe_part(docx, name).unwrap_or_else(|| panic!("{}: no {name}", docx.display()))
}

/// The `<w:p>` (paragraph) of `xml` holding `text` in its runs.
fn paragraph<'a>(xml: &'a str, text: &str) -> &'a str {
    let at = xml.find(&format!(">{text}<")).or_else(|| xml.find(text)).unwrap_or_else(|| panic!("no {text:?}"));
    let start = xml[..at].rfind("<w:p>").into_iter().chain(xml[..at].rfind("<w:p ")).max().unwrap();
    let end = at + xml[at..].find("</w:p>").unwrap();
    &xml[start..end]
}

/// Whether a paragraph's run holding `text` is set in `size` pt, bold or
/// not, italic or not.
fn styled(xml: &str, text: &str, size: u32, bold: bool, italic: bool) {
    let p = paragraph(xml, text);
    let run_start = p[..p.find(text).unwrap()].rfind("<w:r>").unwrap();
    let run = &p[run_start..];
    let props = &run[..run.find("</w:rPr>").unwrap_or(0)];
    assert!(props.contains(&format!("<w:sz w:val=\"{}\"/>", 2 * size)), "{text}: not {size} pt: {props}");
    assert_eq!(props.contains("<w:b/>"), bold, "{text}: bold {bold}: {props}");
    assert_eq!(props.contains("<w:i/>"), italic, "{text}: italic {italic}: {props}");
}

/// Every PDF of a document has its Word copy beside it, the invitations one
/// of them all; the congress pack, and what is printed on stock or cut out
/// (certificates, badges, name cards), have none.
#[test]
fn every_pdf_of_a_document_has_a_word_copy_beside_it() {
    let out = built();
    let mut pdfs = 0;
    for e in walkdir::WalkDir::new(out.path()).into_iter().filter_map(Result::ok) {
        let p = e.path();
        if p.components().any(|c| c.as_os_str() == ".vanban-cache") || p.extension().is_none_or(|x| x != "pdf") {
            continue;
        }
        let docx = p.with_extension("docx");
        let name = p.file_name().unwrap().to_string_lossy();
        if name == "tap-tai-lieu-dai-hoi.pdf"
            || ["bang-khen", "the-dai-bieu", "bien-ten"].iter().any(|k| name.starts_with(k))
        {
            assert!(!docx.exists(), "{}", docx.display());
            continue;
        }
        assert!(docx.is_file(), "no Word copy beside {}", p.display());
        pdfs += 1;
    }
    assert!(pdfs >= 85, "{pdfs}");
    // One per invitee, and all the invitations in one, each on new pages.
    let one = std::fs::read_dir(out.path().join(CONGRESS).join("giay-moi"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "docx"))
        .count();
    assert_eq!(one, 72);
    let all = part(&out.path().join(CONGRESS).join("giay-moi.docx"), "word/document.xml");
    assert_eq!(all.matches("trân trọng kính mời: ").count(), 72);
    assert!(all.contains("Hoàng Đức Mạnh") && all.contains("Đèo Văn Khương"));
}

/// The plan's copy: A4, the margins, the header table and its rules, the
/// sizes and styles of each header element, the body's indent and spacing,
/// page numbers from page 2.
#[test]
fn a_word_copy_has_the_layout_of_its_pdf() {
    let out = built();
    let docx = out.path().join(CONGRESS).join("ke-hoach.docx");
    let xml = part(&docx, "word/document.xml");
    // A4 portrait; top 20, bottom 20, left 30, right 15 mm.
    assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\""), "page size");
    for (side, twips) in [("top", 1134), ("bottom", 1134), ("left", 1701), ("right", 850)] {
        assert!(xml.contains(&format!("w:{side}=\"{twips}\"")), "{side} margin");
    }
    // The header: a borderless table, 65 mm and the rest of 165 mm.
    assert!(xml.contains("<w:gridCol w:w=\"3685\"/><w:gridCol w:w=\"5670\"/>"), "header columns");
    styled(&xml, "ỦY BAN NHÂN DÂN", 13, true, false);
    styled(&xml, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, true, false);
    styled(&xml, "Độc lập - Tự do - Hạnh phúc", 14, true, false);
    styled(&xml, "Lai Châu, ngày", 14, false, true);
    styled(&xml, "KẾ HOẠCH", 14, true, false);
    styled(&xml, "Tổ chức Đại hội Thi đua Quyết thắng", 14, true, false);
    styled(&xml, "Căn cứ Chỉ thị số 10-CT/ĐU", 14, false, true);
    // The rules under the agency name, the tiêu ngữ and the trích yếu, as
    // long as the PDF's: a paragraph's top border between its indents, in
    // its cell of the header table (65 mm, 100 mm) or across the text.
    let mut rules = Vec::new();
    for (i, _) in xml.match_indices("<w:pBdr><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\"") {
        let p = &xml[i..i + xml[i..].find("</w:pPr>").unwrap()];
        let ind = |side: &str| -> f64 {
            let at = p.find(&format!("w:{side}=\"")).unwrap() + side.len() + 4;
            p[at..at + p[at..].find('"').unwrap()].parse().unwrap()
        };
        let cell = match rules.len() {
            0 => 3685.0,
            1 => 5670.0,
            _ => 9355.0,
        };
        rules.push((cell - ind("left") - ind("right")) / 20.0);
    }
    assert_eq!(rules.len(), 3, "{rules:?}");
    let laid = Laid::of(&lay_out(
        &engine(&repo().join("data"), tempfile::tempdir().unwrap().path()),
        &source(&repo().join("data"), &format!("{CONGRESS}/ke-hoach.yaml")),
    ));
    let mut pdf_rules: Vec<f64> =
        laid.rules.iter().filter(|r| r.page == 1 && r.length < 300.0 && r.y < 250.0).map(|r| r.length).collect();
    pdf_rules.sort_by(f64::total_cmp);
    let mut ours = rules.clone();
    ours.sort_by(f64::total_cmp);
    assert_eq!(pdf_rules.len(), 3, "{pdf_rules:?}");
    for (a, b) in ours.iter().zip(&pdf_rules) {
        assert!(
            (a - b).abs() < 0.03 * b,
            "rule {a:.1} pt in Word, {b:.1} pt in the PDF: {ours:?} {pdf_rules:?} {:?}",
            laid.rules.iter().filter(|r| r.page == 1).collect::<Vec<_>>()
        );
    }
    // A body paragraph: justified, 1.27 cm first-line indent, 6 pt after.
    let body = paragraph(&xml, "Nhằm đánh giá kết quả");
    assert!(body.contains("w:firstLine=\"720\""), "{body}");
    assert!(body.contains("<w:jc w:val=\"both\"/>"), "{body}");
    assert!(body.contains("w:after=\"120\""), "{body}");
    // Page numbers from page 2: a PAGE field in the header, none on page 1.
    assert!(xml.contains("<w:titlePg/>"));
    let headers: String = (1..=3).filter_map(|i| maybe_part(&docx, &format!("word/header{i}.xml"))).collect();
    assert!(headers.contains("PAGE"), "{headers}");
    // The properties name the document and its author.
    let core = part(&docx, "docProps/core.xml");
    assert!(core.contains("<dc:title>KẾ HOẠCH Tổ chức Đại hội Thi đua Quyết thắng"), "{core}");
    assert!(core.contains("<dc:creator>ỦY BAN NHÂN DÂN TỈNH LAI CHÂU</dc:creator>"), "{core}");
}

/// A report's footnotes are Word footnotes marked `(1)`, `(2)`; its tables
/// repeat their header row; the list is landscape.
#[test]
fn footnotes_repeated_headers_and_landscape() {
    let out = built();
    let report = out.path().join(CONGRESS).join("bao-cao-thanh-tich/01-ban-chqs-huyen-tan-uyen.docx");
    let xml = part(&report, "word/document.xml");
    assert_eq!(xml.matches("<w:footnoteReference").count(), 2);
    let notes = part(&report, "word/footnotes.xml");
    assert!(notes.contains("Hình thức khen thưởng đề nghị"), "{notes}");
    assert!(notes.contains("Nêu thành tích đạt được"), "{notes}");
    assert!(notes.contains("<w:footnoteRef/>") && notes.matches("<w:t>(</w:t>").count() == 2);
    assert!(xml.contains("<w:tblHeader/>"));
    let list = part(&out.path().join(CONGRESS).join("danh-sach-khen-thuong.docx"), "word/document.xml");
    assert!(list.contains("w:orient=\"landscape\""));
    assert!(list.contains("<w:tblHeader/>"));
    // The tờ trình: its Kính gửi and its counts.
    let proposal = part(&out.path().join(CONGRESS).join("to-trinh-bo-quoc-phong.docx"), "word/document.xml");
    assert!(proposal.contains("Kính gửi: Bộ Quốc phòng."), "Kính gửi");
    assert!(proposal.contains("cho 1 tập thể và 1 cá nhân (có danh sách kèm theo)."));
}

/// Text from the data prints exactly as typed, never as markup of Word.
#[test]
fn data_is_text_in_the_word_copy() {
    let hostile = "<w:p>&amp; {{ x }} ]]> \u{1}";
    let plan = PLAN
        .replace("Các sở, ngành thực hiện.", &format!("\"{}\"", hostile.replace('\u{1}', "\\x01")))
        // Decomposed, as some Word and Excel copies are: written composed (NFC).
        .replace("Đánh giá kết quả.", "Đa\u{0300}o ta\u{0323}o.");
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", &plan)]);
    let out = tempfile::tempdir().unwrap();
    let engine = engine(data.path(), out.path()).with_docx().unwrap();
    let outcome = build::run(&engine, &[], BUILD, Silent);
    assert!(outcome.ok(), "{:#?}", outcome.all_problems().collect::<Vec<_>>());
    let xml = part(&out.path().join("u/kh.docx"), "word/document.xml");
    // Escaped as text; the control character, which prints nothing in the
    // PDF either, left out.
    assert!(xml.contains(">&lt;w:p&gt;&amp;amp; {{ x }} ]]&gt;</w:t>"), "{xml}");
    assert!(xml.contains("1. Đào tạo.") && !xml.contains('\u{0300}'), "NFC");
}

fn mtime(p: &Path) -> std::time::SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}

/// Copies are made again only when their data changed, atomically; a run
/// without `--docx` after a change removes the copies it would leave stale.
#[test]
fn word_copies_are_kept_by_the_build_record() {
    let data = invitation_congress(3, &[]);
    let out = tempfile::tempdir().unwrap();
    let run = |word: bool| {
        let e = engine(data.path(), out.path());
        let e = if word { e.with_docx().unwrap() } else { e };
        build::run(&e, &[], BUILD, Silent)
    };
    assert!(run(true).ok());
    let copies: Vec<PathBuf> = walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        .collect();
    assert_eq!(copies.len(), 4, "{copies:?}");
    let before: Vec<_> = copies.iter().map(|p| mtime(p)).collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(run(true).ok());
    let after: Vec<_> = copies.iter().map(|p| mtime(p)).collect();
    assert_eq!(before, after, "unchanged copies were written again");
    // Without --docx and nothing changed: the copies stay.
    assert!(run(false).ok());
    assert!(copies.iter().all(|p| p.is_file()));
    // A change, built without --docx: the copies of that document go.
    let list = data.path().join("u/dh/khach-moi.csv");
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(&list, text.replace("Người 1,", "Người Một,")).unwrap();
    let outcome = run(false);
    assert!(outcome.ok());
    let warned: Vec<String> = outcome.all_problems().map(|p| p.to_string()).collect();
    assert!(warned.iter().any(|w| w.contains("bản Word (.docx) cũ")), "{warned:?}");
    assert!(copies.iter().all(|p| !p.exists()), "stale copies left");
}

/// The body's words of a PDF as `pdftotext` reads them, without what the
/// pagination of each program puts in: page numbers, the draft's mark
/// across a page, the footnotes' texts and numbers (`notes`, compared on
/// their own, as a note stands at the foot of whichever page its mark falls
/// on), and the words of the table rows repeated on each page (`rows`).
fn body_words(pdf: &Path, notes: &[Vec<String>], mark: &str, rows: &std::collections::HashSet<String>) -> Vec<String> {
    // In the order the text is drawn: cell by cell in both programs, where
    // reading by lines would interleave a table's columns at whatever height
    // each program puts them.
    let out = Command::new("pdftotext").arg("-raw").arg(pdf).arg("-").output().expect("pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    let mark: String = mark.split_whitespace().collect();
    let words: Vec<String> = text
        .lines()
        .map(str::trim)
        // A page number alone on its line.
        .filter(|l| !(l.is_empty() || l.len() <= 3 && l.chars().all(|c| c.is_ascii_digit())))
        .flat_map(|l| l.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .filter(|w| !(w.contains(['(', ')']) && w.chars().all(|c| c.is_ascii_digit() || "()".contains(c))))
        .filter(|w| mark.is_empty() || !mark.contains(w.as_str()))
        .collect();
    // A word a line broke after its hyphen (`2019-` `2024`) is one word.
    let mut joined: Vec<String> = Vec::new();
    for w in words {
        match joined.last_mut() {
            Some(last) if last.ends_with('-') && last.len() > 1 => last.push_str(&w),
            _ => joined.push(w),
        }
    }
    let mut words = joined;
    for note in notes {
        if let Some(at) = (0..words.len()).find(|&i| words[i..].starts_with(note)) {
            words.drain(at..at + note.len());
        }
    }
    words.retain(|w| !rows.contains(w));
    words
}

/// The footnotes of a .docx, each as its words (without its number), and
/// the draft's mark across its pages, if any.
fn notes_and_mark(docx: &Path) -> (Vec<Vec<String>>, String) {
    let strip = |xml: &str| {
        let mut out = String::new();
        let mut inside = false;
        for c in xml.chars() {
            match c {
                '<' => inside = true,
                '>' => {
                    inside = false;
                    out.push(' ');
                }
                c if !inside => out.push(c),
                _ => {}
            }
        }
        out.replace("&amp;", "&")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
    };
    let notes = maybe_part(docx, "word/footnotes.xml")
        .map(|xml| {
            xml.split("<w:footnote w:id=\"")
                .skip(1)
                .filter(|n| !n.starts_with('-') && !n.starts_with("0\""))
                .map(|n| {
                    strip(&n[n.find('>').map_or(0, |i| i + 1)..])
                        .split_whitespace()
                        .filter(|w| !w.chars().all(|c| c.is_ascii_digit() || "()".contains(c)))
                        .map(str::to_string)
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    (notes, mark_of(docx))
}

/// The words of the table rows that one program repeats on each page and
/// the other may not (header rows, the list's group titles): left out of
/// both texts alike.
fn repeated_rows(docx: &Path) -> std::collections::HashSet<String> {
    let xml = part(docx, "word/document.xml");
    let mut words = std::collections::HashSet::new();
    for row in xml.split("<w:tr>").skip(1) {
        let row = &row[..row.find("</w:tr>").unwrap_or(row.len())];
        if row.contains("<w:tblHeader/>") || row.matches("<w:tc>").count() == 1 {
            for piece in row.split("<w:t").skip(1) {
                let text = &piece[piece.find('>').unwrap() + 1..piece.find("</w:t>").unwrap_or(piece.len())];
                words.extend(text.split_whitespace().map(str::to_string));
            }
        }
    }
    words
}

/// The draft's mark across the pages of a .docx, if any.
fn mark_of(docx: &Path) -> String {
    (1..=4)
        .filter_map(|i| maybe_part(docx, &format!("word/header{i}.xml")))
        .find_map(|h| h.split(" string=\"").nth(1).map(|s| s[..s.find('"').unwrap()].to_string()))
        .unwrap_or_default()
}

/// How `b` holds the words of `a`: the share found in the same order (a
/// longest common subsequence), and the share found at all, counting the
/// words of a block the two programs draw in another order (a table cell,
/// the date beside the number line) as moved rather than missing.
fn in_order(a: &[String], b: &[String]) -> (f64, f64) {
    let (n, m) = (a.len(), b.len());
    let mut t = vec![0u32; (n + 1) * (m + 1)];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i * (m + 1) + j] = if a[i] == b[j] {
                t[(i + 1) * (m + 1) + j + 1] + 1
            } else {
                t[(i + 1) * (m + 1) + j].max(t[i * (m + 1) + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let (mut left_a, mut left_b) = (Vec::new(), std::collections::HashMap::<&str, usize>::new());
    while i < n && j < m {
        if a[i] == b[j] {
            i += 1;
            j += 1;
        } else if t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1] {
            left_a.push(&a[i]);
            i += 1;
        } else {
            *left_b.entry(&b[j]).or_default() += 1;
            j += 1;
        }
    }
    left_a.extend(&a[i..]);
    for w in &b[j..] {
        *left_b.entry(w).or_default() += 1;
    }
    let moved = left_a
        .iter()
        .filter(|w| match left_b.get_mut(w.as_str()) {
            Some(k) if *k > 0 => {
                *k -= 1;
                true
            }
            _ => false,
        })
        .count();
    let total = n.max(1) as f64;
    let ordered = t[0] as f64;
    (ordered / total, (ordered + moved as f64) / total)
}

fn pages(pdf: &Path) -> usize {
    lopdf::Document::load(pdf).map(|d| d.get_pages().len()).unwrap_or(0)
}

/// Each sample's Word copy, converted to PDF by LibreOffice, reads as its
/// PDF does: at least 99 % of the words in order, the same number of pages
/// or one more. Skipped, saying so, where LibreOffice is not installed.
#[test]
fn word_copies_read_like_their_pdfs_in_libreoffice() {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|c| Command::new(c).arg("--version").output().is_ok());
    let pdftotext = Command::new("pdftotext").arg("-v").output().is_ok();
    let (Some(soffice), true) = (soffice, pdftotext) else {
        eprintln!("BỎ QUA: cần LibreOffice (soffice) và pdftotext để so bản Word với PDF; .ci/run cài chúng");
        if std::env::var_os("CI").is_some() {
            panic!("CI must run this test: install libreoffice-writer-nogui and poppler-utils");
        }
        return;
    };
    let out = built();
    let converted = tempfile::tempdir().unwrap();
    let mut docs: Vec<PathBuf> = walkdir::WalkDir::new(out.path())
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().to_path_buf())
        .filter(|p| p.extension().is_some_and(|x| x == "docx"))
        // Three invitations stand for the 72.
        .filter(|p| !p.to_string_lossy().contains("/giay-moi/") || p.to_string_lossy().contains("/00"))
        .collect();
    docs.sort();
    assert!(docs.len() >= 20, "{docs:?}");
    // One conversion per folder: two folders hold a `ke-hoach.docx`.
    let profile = tempfile::tempdir().unwrap();
    // LibreOffice sets the copies in the fonts vanban ships (fonts/), as the
    // PDFs are, whatever the machine has installed: without them it would
    // substitute a wider face and break lines and pages elsewhere.
    let fonts_conf = profile.path().join("fonts.conf");
    std::fs::write(
        &fonts_conf,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n  \
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n  <dir>{}</dir>\n</fontconfig>\n",
            repo().join("fonts").display()
        ),
    )
    .unwrap();
    let mut folders: Vec<&Path> = docs.iter().map(|d| d.parent().unwrap()).collect();
    folders.dedup();
    let converted_of = |docx: &Path| {
        let i = folders.iter().position(|f| *f == docx.parent().unwrap()).unwrap();
        converted.path().join(i.to_string()).join(docx.with_extension("pdf").file_name().unwrap())
    };
    for (i, folder) in folders.iter().enumerate() {
        let here: Vec<&PathBuf> = docs.iter().filter(|d| d.parent().unwrap() == *folder).collect();
        let status = Command::new(soffice)
            .env("FONTCONFIG_FILE", &fonts_conf)
            .arg(format!("-env:UserInstallation=file://{}", profile.path().display()))
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(converted.path().join(i.to_string()))
            .args(&here)
            .output()
            .unwrap();
        assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
    }
    let mut faults = Vec::new();
    for docx in &docs {
        let ours = docx.with_extension("pdf");
        let theirs = converted_of(docx);
        let (notes, mark) = notes_and_mark(docx);
        let rows = repeated_rows(docx);
        let (a, b) = (body_words(&ours, &notes, &mark, &rows), body_words(&theirs, &notes, &mark, &rows));
        let (share, found) = in_order(&a, &b);
        if let Some(dir) = std::env::var_os("VANBAN_WORD_DIFF") {
            let stem = docx.file_stem().unwrap().to_string_lossy().to_string();
            std::fs::write(Path::new(&dir).join(format!("{stem}.pdf.txt")), a.join("\n")).unwrap();
            std::fs::write(Path::new(&dir).join(format!("{stem}.word.txt")), b.join("\n")).unwrap();
        }
        // Every footnote stands whole in both.
        for note in &notes {
            for (which, pdf) in [("PDF", &ours), ("Word", &theirs)] {
                let all = body_words(pdf, &[], "", &Default::default());
                if !all.windows(note.len()).any(|w| w == note.as_slice()) {
                    faults.push(format!("{}: a footnote is not whole in the {which} copy: {note:?}", docx.display()));
                }
            }
        }
        let (p, q) = (pages(&ours), pages(&theirs));
        let name = docx.strip_prefix(out.path()).unwrap().display().to_string();
        eprintln!(
            "{name}: {share:.3} of the words in order, {found:.3} with moved blocks, {p} pages in the PDF, {q} from Word"
        );
        if share < 0.99 {
            faults.push(format!("{name}: {share:.3} of the words in order, {found:.3} with moved blocks"));
        }
        if q != p && q != p + 1 {
            faults.push(format!("{name}: {p} pages in the PDF, {q} from Word"));
        }
    }
    assert!(faults.is_empty(), "{faults:#?}");
}

/// A document that fails after its Word copy was made: the copy is
/// reported stale with its PDF, and the next good build makes it again.
#[test]
fn a_failing_document_reports_its_word_copy_stale() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let run = || build::run(&engine(data.path(), out.path()).with_docx().unwrap(), &[], BUILD, Silent);
    assert!(run().ok());
    let docx = out.path().join("u/kh.docx");
    assert!(docx.is_file());
    std::fs::write(data.path().join("u/kh.yaml"), PLAN.replace("so: 5", "so: năm")).unwrap();
    let outcome = run();
    assert_eq!(outcome.failed.len(), 1);
    let stale = &outcome.failed[0].stale;
    assert!(stale.contains(&docx) && stale.contains(&out.path().join("u/kh.pdf")), "{stale:?}");
    std::fs::write(data.path().join("u/kh.yaml"), PLAN.replace("Tổ chức Đại hội Thi đua", "Tổ chức Hội nghị")).unwrap();
    assert!(run().ok());
    assert!(part(&docx, "word/document.xml").contains("Tổ chức Hội nghị"));
}

/// An electronic issue's Word copy shows what its PDF shows: the signature
/// image inline between the title and the name, the seal floating over it,
/// both the agency's PNG files; and its phụ lục in its own file carries ô 8
/// at the top right.
#[test]
fn an_electronic_issue_has_its_images_and_o_8_in_the_word_copy() {
    let png = std::fs::read(repo().join("data/ubnd-tinh-lai-chau/con-dau-mau.png")).unwrap();
    let sign = std::fs::read(repo().join("data/ubnd-tinh-lai-chau/chu-ky-mau.png")).unwrap();
    let agency = format!("{AGENCY}anh_con_dau: dau.png\ncon_dau_mm: 36\n")
        .replace("  ho_ten: Lê Văn Lương\n", "  ho_ten: Lê Văn Lương\n  anh_chu_ky: ky.png\n");
    let plan = format!(
        "{PLAN}ban_dien_tu: true\nthoi_gian_ky: 07/03/2024 09:30:15\nphu_luc:\n  - ten: Danh mục\n    tep_rieng: true\n    noi_dung:\n      - Một dòng.\n"
    );
    let data = data_dir(&[("u/co-quan.yaml", &agency), ("u/kh.yaml", &plan)]);
    std::fs::write(data.path().join("u/dau.png"), &png).unwrap();
    std::fs::write(data.path().join("u/ky.png"), &sign).unwrap();
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(&engine(data.path(), out.path()).with_docx().unwrap(), &[], BUILD, Silent);
    assert!(outcome.ok(), "{:#?}", outcome.all_problems().collect::<Vec<_>>());
    let docx = out.path().join("u/kh.docx");
    let xml = part(&docx, "word/document.xml");
    // The images themselves, byte for byte.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&docx).unwrap()).unwrap();
    let mut media = Vec::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().is_ok_and(|n| n.starts_with("word/media/")) {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
            media.push(bytes);
        }
    }
    assert!(media.contains(&png) && media.contains(&sign) && media.len() == 2);
    // The signature inline, 20 mm high, after the title and before the name.
    let inline = xml.find("<wp:inline").expect("the signature");
    assert!(xml[..inline].contains(">CHỦ TỊCH<") && xml[inline..].contains(">Lê Văn Lương<"));
    let emu = |mm: f64| (mm / 25.4 * 914_400.0).round() as i64;
    assert!(xml[inline..].contains(&format!("cy=\"{}\"", emu(20.0))), "20 mm high");
    // The seal floating, 36 mm across.
    let anchor = xml.find("<wp:anchor").expect("the seal");
    assert!(xml[anchor..].contains(&format!("cx=\"{}\"", emu(36.0))), "36 mm across");
    assert!(xml[anchor..].contains("<wp:wrapNone/>"));
    // Ô 8 of the phụ lục in its own file: right-aligned, 10 pt.
    let annex = part(&out.path().join("u/kh-phu-luc.docx"), "word/document.xml");
    styled(&annex, "05/KH-UBND", 10, false, false);
    let p = paragraph(&annex, "05/KH-UBND");
    assert!(p.contains("<w:jc w:val=\"right\"/>") && p.contains("2024-03-07T09:30:15+07:00"), "{p}");
}

/// A Word template changed makes the Word copies again, not the PDFs.
#[test]
fn a_word_template_changed_remakes_the_copies_only() {
    let templates = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("templates"), templates.path());
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let run = || {
        let paths = vanban::build::Paths {
            data: data.path().to_path_buf(),
            templates: templates.path().to_path_buf(),
            fonts: repo().join("fonts"),
            out: out.path().to_path_buf(),
        };
        build::run(&vanban::build::Engine::new(paths).unwrap().with_docx().unwrap(), &[], BUILD, Silent)
    };
    assert!(run().ok());
    let (pdf, docx) = (out.path().join("u/kh.pdf"), out.path().join("u/kh.docx"));
    let (pdf_before, docx_before) = (mtime(&pdf), mtime(&docx));
    std::thread::sleep(std::time::Duration::from_millis(20));
    let template = templates.path().join("docx/ke-hoach.xml.j2");
    let text = std::fs::read_to_string(&template).unwrap();
    let changed = text
        .replace("{% include \"docx/_cuoi.xml.j2\" %}", "<doan>Đoạn thêm.</doan>\n{% include \"docx/_cuoi.xml.j2\" %}");
    assert_ne!(text, changed);
    std::fs::write(&template, changed).unwrap();
    assert!(run().ok());
    assert_eq!(mtime(&pdf), pdf_before, "the PDF was made again");
    assert!(mtime(&docx) > docx_before);
    assert!(part(&docx, "word/document.xml").contains(">Đoạn thêm.<"));
}
