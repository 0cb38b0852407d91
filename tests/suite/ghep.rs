//! Files made of other files' pages — the print file of the invitations,
//! the congress pack — are made in groups kept in the output folder and
//! joined page by page: the right pages in the right order, their bookmarks
//! and links kept, a re-run after one edit remaking only the group that
//! changed, and nothing of an old version left behind.

use crate::common;

use std::path::{Path, PathBuf};

use common::*;
use vanban::build::{self, Mode};

const BUILD: Mode = Mode::Build { emit_typst: false, force: false };

fn congress(n: usize) -> tempfile::TempDir {
    invitation_congress(n, &[])
}

fn run(data: &Path, out: &Path) -> build::Outcome {
    build::run(&engine(data, out), &[], BUILD, build::Silent)
}

/// Each page's text, its spaces squeezed.
fn page_texts(pdf: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(pdf).unwrap();
    let pages = doc.get_pages().len() as u32;
    (1..=pages).map(|p| squeeze(&doc.extract_text(&[p]).unwrap())).collect()
}

/// The kept parts of a joined file, by name, with when each was written.
fn parts(out: &Path, joined: &str) -> Vec<(String, std::time::SystemTime)> {
    let dir = out.join(".vanban-cache").join(joined);
    let mut v: Vec<(String, std::time::SystemTime)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), e.metadata().unwrap().modified().unwrap())
        })
        .collect();
    v.sort();
    v
}

fn invitations(out: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(out.join("u/dh/giay-moi"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    v.sort();
    v
}

#[test]
fn the_print_file_is_every_invitation_page_in_order_from_groups_of_fifty() {
    let data = congress(120);
    let out = tempfile::tempdir().unwrap();
    assert!(run(data.path(), out.path()).ok());
    let own: Vec<String> = invitations(out.path()).iter().map(|p| page_texts(p).concat()).collect();
    assert_eq!(own.len(), 120);
    let print = page_texts(&out.path().join("u/dh/giay-moi.pdf"));
    assert_eq!(print.len(), 120);
    for (i, (page, inv)) in print.iter().zip(&own).enumerate() {
        assert_eq!(page, inv, "page {} of the print file", i + 1);
        assert!(page.contains(&format!("NguyễnVănNgười{i},")), "page {}: {page}", i + 1);
    }
    // 120 invitations: groups of 50, 50 and 20; nothing else kept.
    let kept = parts(out.path(), "u/dh/giay-moi");
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert!(kept.iter().all(|(name, _)| name.len() == 32 + 5 && name.ends_with(".part")), "{kept:?}");
    // The print file carries its own title, not the first invitation's.
    let doc = lopdf::Document::load(out.path().join("u/dh/giay-moi.pdf")).unwrap();
    let info = doc.trailer.get_deref(b"Info", &doc).unwrap().as_dict().unwrap();
    let title = lopdf::decode_text_string(info.get(b"Title").unwrap()).unwrap();
    assert_eq!(title, "GIẤY MỜI Dự Đại hội Thi đua");
}

#[test]
fn renaming_one_invitee_remakes_only_its_group_and_leaves_no_old_file() {
    let data = congress(120);
    let out = tempfile::tempdir().unwrap();
    assert!(run(data.path(), out.path()).ok());
    let before = parts(out.path(), "u/dh/giay-moi");
    std::thread::sleep(std::time::Duration::from_millis(20));
    let csv = guest_list(120).replace("Nguyễn Văn Người 70,", "Trần Thị Mới,");
    std::fs::write(data.path().join("u/dh/khach-moi.csv"), csv).unwrap();
    assert!(run(data.path(), out.path()).ok());
    let after = parts(out.path(), "u/dh/giay-moi");
    // The first and third groups are the same files, untouched; the second
    // is new, and the old one is gone.
    assert_eq!(after.len(), 3);
    let same: Vec<&(String, std::time::SystemTime)> = after.iter().filter(|p| before.contains(p)).collect();
    assert_eq!(same.len(), 2, "before {before:?}\nafter {after:?}");
    let print = page_texts(&out.path().join("u/dh/giay-moi.pdf"));
    assert_eq!(print.len(), 120);
    assert!(print[70].contains("TrầnThịMới,"), "{}", print[70]);
    assert!(!print.iter().any(|p| p.contains("Người70,")));
    // The old invitation file does not linger beside the new one.
    let names: Vec<String> =
        invitations(out.path()).iter().map(|p| p.file_name().unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(names.len(), 120);
    assert!(names.contains(&"071-tran-thi-moi.pdf".to_string()), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("nguoi-70")), "{names:?}");
}

#[test]
fn a_damaged_kept_part_is_reported_removed_and_made_again_by_the_next_run() {
    let data = congress(60);
    let out = tempfile::tempdir().unwrap();
    assert!(run(data.path(), out.path()).ok());
    let kept = parts(out.path(), "u/dh/giay-moi");
    let first = out.path().join(".vanban-cache/u/dh/giay-moi").join(&kept[0].0);
    // Which part holds the first 50 invitations: the larger one.
    let (a, b) = (std::fs::metadata(&first).unwrap().len(), {
        let second = out.path().join(".vanban-cache/u/dh/giay-moi").join(&kept[1].0);
        std::fs::metadata(second).unwrap().len()
    });
    let damaged = if a > b { first } else { out.path().join(".vanban-cache/u/dh/giay-moi").join(&kept[1].0) };
    std::fs::write(&damaged, b"%PDF-1.7\nnot a whole PDF").unwrap();
    // A change in the other group: the print file is joined again.
    let csv = guest_list(60).replace("Nguyễn Văn Người 55,", "Trần Thị Mới,");
    std::fs::write(data.path().join("u/dh/khach-moi.csv"), csv).unwrap();
    let outcome = run(data.path(), out.path());
    assert!(!outcome.ok());
    let messages: Vec<String> = outcome.all_problems().map(|p| p.message.clone()).collect();
    let part = damaged.display().to_string();
    assert!(
        messages.iter().any(|m| m.starts_with("không ghép được u/dh/giay-moi.pdf: phần đã dựng ")
            && m.contains(&format!("{part} bị hỏng ("))
            && m.ends_with("nên đã được xóa; chạy lại `vanban build` để dựng lại phần đó")),
        "{messages:?}"
    );
    assert!(!damaged.exists());
    // The next run makes the part again: the print file is whole.
    assert!(run(data.path(), out.path()).ok());
    let print = page_texts(&out.path().join("u/dh/giay-moi.pdf"));
    assert_eq!(print.len(), 60);
    assert!(print[0].contains("NguyễnVănNgười0,") && print[55].contains("TrầnThịMới,"));
}

#[test]
fn check_keeps_nothing_and_a_removed_document_takes_its_parts_with_it() {
    let data = congress(3);
    let out = tempfile::tempdir().unwrap();
    let outcome = build::run(&engine(data.path(), out.path()), &[], Mode::Check, build::Silent);
    assert!(outcome.ok());
    assert!(!out.path().join(".vanban-cache").exists());
    assert!(run(data.path(), out.path()).ok());
    assert_eq!(parts(out.path(), "u/dh/giay-moi").len(), 1);
    std::fs::remove_file(data.path().join("u/dh/giay-moi.yaml")).unwrap();
    assert!(run(data.path(), out.path()).ok());
    assert!(!out.path().join("u/dh/giay-moi.pdf").exists());
    assert!(!out.path().join(".vanban-cache/u/dh/giay-moi").exists());
}

/// The titles of a PDF's top-level bookmarks, each with the page (from 0)
/// it goes to.
fn bookmarks(doc: &lopdf::Document) -> Vec<(String, usize)> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let outlines = doc.catalog().unwrap().get_deref(b"Outlines", doc).unwrap().as_dict().unwrap();
    let mut next = outlines.get(b"First").and_then(lopdf::Object::as_reference).ok();
    let mut out = Vec::new();
    while let Some(id) = next {
        let item = doc.get_dictionary(id).unwrap();
        let title = lopdf::decode_text_string(item.get(b"Title").unwrap()).unwrap();
        let dest = item.get_deref(b"Dest", doc).unwrap().as_array().unwrap();
        let page = pages.iter().position(|p| *p == dest[0].as_reference().unwrap()).unwrap();
        out.push((title, page));
        next = item.get(b"Next").and_then(lopdf::Object::as_reference).ok();
    }
    out
}

/// The links of page `page` (from 0) that go to a page: the page each goes
/// to, top to bottom.
fn links(doc: &lopdf::Document, page: usize) -> Vec<usize> {
    let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
    let dict = doc.get_dictionary(pages[page]).unwrap();
    let Ok(annots) = dict.get_deref(b"Annots", doc).and_then(lopdf::Object::as_array) else { return vec![] };
    let mut v: Vec<(f32, usize)> = annots
        .iter()
        .filter_map(|a| {
            let a = doc.get_dictionary(a.as_reference().ok()?).ok()?;
            let dest = a.get_deref(b"Dest", doc).ok()?.as_array().ok()?;
            let to = pages.iter().position(|p| *p == dest[0].as_reference().unwrap())?;
            let top = a.get(b"Rect").ok()?.as_array().ok()?[3].as_float().ok()?;
            Some((-top, to))
        })
        .collect();
    v.sort_by(|a, b| a.0.total_cmp(&b.0));
    v.into_iter().map(|(_, to)| to).collect()
}

#[test]
fn the_pack_keeps_a_bookmark_and_a_contents_link_to_each_document_first_page() {
    let out = tempfile::tempdir().unwrap();
    let data = repo().join("data");
    let outcome = build::run(&engine(&data, out.path()), &[], BUILD, build::Silent);
    assert!(outcome.ok(), "{:#?}", outcome.all_problems().collect::<Vec<_>>());
    let pack = out.path().join("ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/tap-tai-lieu-dai-hoi.pdf");
    let doc = lopdf::Document::load(&pack).unwrap();
    let texts = page_texts(&pack);
    // The contents (page 2): each line ends with the page its document
    // starts on; its bookmark and its link go to that page.
    let marks = bookmarks(&doc);
    assert!(marks.len() >= 10, "{marks:?}");
    let contents = &texts[1];
    let mut starts = Vec::new();
    for (i, (title, page)) in marks.iter().enumerate() {
        let printed = page + 1;
        assert!(
            contents.contains(&format!(".{printed}{}.", i + 2))
                || (i + 1 == marks.len() && contents.ends_with(&format!(".{printed}"))),
            "{title} starts on page {printed}; contents: {contents}"
        );
        // Its first page shows its own page number at the top.
        // (After a draft's mark, drawn first.)
        let text = texts[*page].trim_start_matches("DỰTHẢO");
        let number: String = text.chars().take_while(char::is_ascii_digit).collect();
        assert_eq!(number, printed.to_string(), "page {printed}: {}", texts[*page]);
        starts.push(*page);
    }
    assert_eq!(links(&doc, 1), starts);
    assert_eq!(doc.get_pages().len(), texts.len());
}
