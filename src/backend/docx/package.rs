//! The .docx container: the parts in a zip, in a fixed order, every entry
//! dated 1980-01-01, so the same input gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, System, ZipWriter};

use super::read::Doc;
use super::write::{NS_R, Parts, esc, footer_id, header_id, media_id};

const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";

/// Zips `parts`, with the properties of `doc` (the first document).
pub fn package(doc: &Doc, parts: &Parts) -> Result<Vec<u8>, String> {
    let mut files: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), content_types(parts)),
        ("_rels/.rels".into(), root_rels()),
        ("docProps/core.xml".into(), core(doc)),
        ("docProps/app.xml".into(), app()),
        ("word/document.xml".into(), parts.document.clone()),
        ("word/_rels/document.xml.rels".into(), document_rels(parts)),
        ("word/styles.xml".into(), parts.styles.clone()),
        ("word/settings.xml".into(), parts.settings.clone()),
    ];
    if let Some(f) = &parts.footnotes {
        files.push(("word/footnotes.xml".into(), f.clone()));
    }
    for (i, h) in parts.headers.iter().enumerate() {
        files.push((format!("word/header{}.xml", i + 1), h.clone()));
    }
    for (i, f) in parts.footers.iter().enumerate() {
        files.push((format!("word/footer{}.xml", i + 1), f.clone()));
    }

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .system(System::Unix)
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let fail = |e: &dyn std::fmt::Display| format!("không ghi được tệp .docx: {e}");
    for (name, text) in &files {
        zip.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    }
    for (i, png) in parts.media.iter().enumerate() {
        zip.start_file(format!("word/media/image{}.png", i + 1), options).map_err(|e| fail(&e))?;
        zip.write_all(png).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

fn content_types(parts: &Parts) -> String {
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
        "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>",
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>",
        "<Default Extension=\"png\" ContentType=\"image/png\"/>",
    ));
    let mut over = |name: &str, ct: &str| {
        s.push_str(&format!("<Override PartName=\"/{name}\" ContentType=\"{ct}\"/>"));
    };
    over("word/document.xml", &format!("{CT}.document.main+xml"));
    over("word/styles.xml", &format!("{CT}.styles+xml"));
    over("word/settings.xml", &format!("{CT}.settings+xml"));
    if parts.footnotes.is_some() {
        over("word/footnotes.xml", &format!("{CT}.footnotes+xml"));
    }
    for i in 0..parts.headers.len() {
        over(&format!("word/header{}.xml", i + 1), &format!("{CT}.header+xml"));
    }
    for i in 0..parts.footers.len() {
        over(&format!("word/footer{}.xml", i + 1), &format!("{CT}.footer+xml"));
    }
    over("docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml");
    over("docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml");
    s.push_str("</Types>");
    s
}

fn rels(list: &[(String, String, String)]) -> String {
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    ));
    for (id, ty, target) in list {
        s.push_str(&format!("<Relationship Id=\"{id}\" Type=\"{ty}\" Target=\"{target}\"/>"));
    }
    s.push_str("</Relationships>");
    s
}

fn root_rels() -> String {
    rels(&[
        ("rId1".into(), format!("{REL}/officeDocument"), "word/document.xml".into()),
        (
            "rId2".into(),
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties".into(),
            "docProps/core.xml".into(),
        ),
        ("rId3".into(), format!("{REL}/extended-properties"), "docProps/app.xml".into()),
    ])
}

fn document_rels(parts: &Parts) -> String {
    debug_assert_eq!(NS_R, REL);
    let mut list = vec![
        ("rIdStyles".to_string(), format!("{REL}/styles"), "styles.xml".to_string()),
        ("rIdSettings".to_string(), format!("{REL}/settings"), "settings.xml".to_string()),
    ];
    if parts.footnotes.is_some() {
        list.push(("rIdFootnotes".into(), format!("{REL}/footnotes"), "footnotes.xml".into()));
    }
    for i in 0..parts.media.len() {
        list.push((media_id(i), format!("{REL}/image"), format!("media/image{}.png", i + 1)));
    }
    for i in 0..parts.headers.len() {
        list.push((header_id(i), format!("{REL}/header"), format!("header{}.xml", i + 1)));
    }
    for i in 0..parts.footers.len() {
        list.push((footer_id(i), format!("{REL}/footer"), format!("footer{}.xml", i + 1)));
    }
    rels(&list)
}

fn core(doc: &Doc) -> String {
    let mut s = String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" ",
        "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" ",
        "xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
    ));
    let title = esc(&doc.title);
    let author = esc(&doc.author);
    s.push_str(&format!("<dc:title>{title}</dc:title><dc:creator>{author}</dc:creator>"));
    s.push_str(&format!("<cp:lastModifiedBy>{author}</cp:lastModifiedBy><dc:language>vi-VN</dc:language>"));
    if let Some(d) = &doc.date {
        for tag in ["created", "modified"] {
            s.push_str(&format!("<dcterms:{tag} xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:{tag}>"));
        }
    }
    s.push_str("</cp:coreProperties>");
    s
}

fn app() -> String {
    String::from(concat!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n",
        "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" ",
        "xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">",
        "<Application>vanban</Application></Properties>"
    ))
}
