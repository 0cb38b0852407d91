//! The .docx writer's tests: the produced parts read back from the zip and
//! checked for exact fragments.

use std::collections::BTreeMap;
use std::io::Read;

use super::values::mm;
use super::{Measure, Values, build, build_many};

/// Every character half an em wide.
struct Fixed;

impl Measure for Fixed {
    fn width(&self, text: &str, size_pt: f64, _bold: bool) -> f64 {
        text.chars().count() as f64 * 0.5 * size_pt
    }
}

fn values() -> Values {
    Values::parse(include_str!("../../../templates/the-thuc.yaml")).expect("the-thuc.yaml reads")
}

/// The parts of a .docx by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        out.insert(f.name().unwrap().to_string(), s);
    }
    out
}

fn docx(src: &str) -> BTreeMap<String, String> {
    unzip(&build(src, &values(), &Fixed).unwrap_or_else(|e| panic!("{e}")))
}

/// The run properties of the run whose text starts with `text`.
fn rpr<'a>(xml: &'a str, text: &str) -> &'a str {
    let t = xml.find(&format!("<w:t xml:space=\"preserve\">{text}")).unwrap_or_else(|| panic!("no run {text}"));
    let r = xml[..t].rfind("<w:r>").unwrap();
    &xml[r..t]
}

/// The paragraph properties of the paragraph holding the run `text`.
fn ppr<'a>(xml: &'a str, text: &str) -> &'a str {
    let t = xml.find(&format!("<w:t xml:space=\"preserve\">{text}")).unwrap_or_else(|| panic!("no run {text}"));
    let p = xml[..t].rfind("<w:p>").unwrap();
    let end = xml[p..].find("</w:pPr>").unwrap();
    &xml[p..p + end]
}

/// Whether every fragment occurs in `s`.
fn has(s: &str, fragments: &[&str]) {
    for f in fragments {
        assert!(s.contains(f), "missing {f} in\n{s}");
    }
}

const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<van-ban tieu-de="Kế hoạch tổ chức Đại hội" tac-gia="UBND tỉnh Lai Châu" phong-chu="Times New Roman"
         ngang="false" le="20 20 30 15" ngay="2024-03-07">
  <lien-he>Địa chỉ: số 1 đường A</lien-he>
  <lien-he>Điện thoại: 0213 000 000</lien-he>
  <dau>
    <co-quan-chu-quan>BỘ Y TẾ</co-quan-chu-quan>
    <co-quan-ban-hanh>ỦY BAN NHÂN DÂN<br/>TỈNH LAI CHÂU</co-quan-ban-hanh>
    <so-ky-hieu>05/KH-UBND</so-ky-hieu>
    <dia-danh-ngay>Lai Châu, ngày 07 tháng 3 năm 2024</dia-danh-ngay>
    <do-khan>KHẨN</do-khan>
    <ten-loai>KẾ HOẠCH</ten-loai>
    <trich-yeu>Tổ chức Đại hội</trich-yeu>
    <kinh-gui>Bộ Quốc phòng</kinh-gui>
  </dau>
  <can-cu>Căn cứ Luật Thi đua, khen thưởng;</can-cu>
  <muc cap="1" so="I." tieu-de="true">MỤC ĐÍCH<chu-thich>Ghi chú một.</chu-thich></muc>
  <doan>
     Nội dung   thứ nhất
     <b>đậm</b> và <i>nghiêng</i><chu-thich>Ghi chú hai.</chu-thich>.
  </doan>
  <y so="-">Một ý &amp; thêm</y>
  <bang cot="15 60 25" canh="center left left">
    <hang tieu-de="true"><o>TT</o><o>Nội dung</o><o>Ghi chú</o></hang>
    <hang nhom="true"><o>Nhóm A</o></hang>
    <hang><o>1</o><o gop="2">Dòng một<br/>dòng hai</o></hang>
  </bang>
  <ngat-trang/>
  <doan>Sau ngắt trang</doan>
  <noi-nhan-va-chu-ky>
    <noi-nhan><nguoi>Như trên;</nguoi><nhom>Gửi bản điện tử:</nhom><luu>VT, TH.</luu><soan-thao>NVA(30)</soan-thao></noi-nhan>
    <chu-ky><quyen-han>TM. ỦY BAN NHÂN DÂN</quyen-han><chuc-vu>CHỦ TỊCH</chuc-vu><ho-ten>Nguyễn Văn A</ho-ten></chu-ky>
  </noi-nhan-va-chu-ky>
  <phu-luc so="I" ten="DANH SÁCH" kem-theo="(Kèm theo Kế hoạch số 05/KH-UBND)">
    <doan>Trong phụ lục</doan>
  </phu-luc>
</van-ban>"#;

#[test]
fn the_package_has_its_parts() {
    let p = docx(SAMPLE);
    let names: Vec<&str> = p.keys().map(String::as_str).collect();
    for n in [
        "[Content_Types].xml",
        "_rels/.rels",
        "docProps/core.xml",
        "docProps/app.xml",
        "word/document.xml",
        "word/_rels/document.xml.rels",
        "word/styles.xml",
        "word/settings.xml",
        "word/footnotes.xml",
        "word/header1.xml",
        "word/header2.xml",
        "word/footer1.xml",
        "word/footer2.xml",
    ] {
        assert!(names.contains(&n), "{n} missing from {names:?}");
    }
    has(
        &p["docProps/core.xml"],
        &[
            "<dc:title>Kế hoạch tổ chức Đại hội</dc:title>",
            "<dc:creator>UBND tỉnh Lai Châu</dc:creator>",
            "<cp:lastModifiedBy>UBND tỉnh Lai Châu</cp:lastModifiedBy>",
            "<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-03-07T00:00:00Z</dcterms:created>",
        ],
    );
    has(&p["docProps/app.xml"], &["<Application>vanban</Application>"]);
    has(
        &p["word/styles.xml"],
        &[
            "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>",
            "<w:sz w:val=\"28\"/>",
            "<w:lang w:val=\"vi-VN\"",
            "w:styleId=\"FootnoteText\"",
            "w:styleId=\"FootnoteReference\"",
        ],
    );
    has(
        &p["word/settings.xml"],
        &[
            "<w:defaultTabStop w:val=\"720\"/>",
            "w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"",
            "<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>",
        ],
    );
    has(&p["[Content_Types].xml"], &["PartName=\"/word/footnotes.xml\"", "PartName=\"/word/header2.xml\""]);
    has(&p["word/_rels/document.xml.rels"], &["Target=\"header1.xml\"", "Target=\"footnotes.xml\""]);
    // Every part is well-formed XML.
    for (name, xml) in &p {
        let mut r = quick_xml::Reader::from_str(xml);
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{name}: {e}"),
            }
        }
    }
}

#[test]
fn page_size_and_margins() {
    let d = &docx(SAMPLE)["word/document.xml"];
    has(
        d,
        &[
            "<w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
            "<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"567\" w:footer=\"454\" w:gutter=\"0\"/>",
        ],
    );
    let src = SAMPLE.replace("le=\"20 20 30 15\"", "le=\"25 20 35 20\"");
    let d = &docx(&src)["word/document.xml"];
    has(d, &["<w:pgMar w:top=\"1417\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1984\""]);
}

#[test]
fn landscape() {
    let src = SAMPLE.replace("ngang=\"false\"", "ngang=\"true\"");
    let d = &docx(&src)["word/document.xml"];
    has(d, &["<w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/>"]);
    assert!(!d.contains("w:h=\"16838\""));
}

#[test]
fn header_table() {
    let v = values();
    let d = &docx(SAMPLE)["word/document.xml"];
    // Text width 11906 − 1701 − 850 = 9355; the left column 65 mm.
    let left = mm(v.cot_trai);
    assert_eq!(left, 3685);
    has(d, &[&format!("<w:gridCol w:w=\"{left}\"/><w:gridCol w:w=\"{}\"/>", 9355 - left), "<w:top w:val=\"nil\"/>"]);
    // Sizes (w:sz = 2 × pt) and weights.
    let plain = |r: &str| !r.contains("<w:b/>") && !r.contains("<w:i/>");
    let r = rpr(d, "BỘ Y TẾ");
    assert!(r.contains("<w:sz w:val=\"26\"/>") && plain(r), "{r}");
    let r = rpr(d, "ỦY BAN NHÂN DÂN");
    assert!(r.contains("<w:b/>") && r.contains("<w:sz w:val=\"26\"/>"), "{r}");
    let r = rpr(d, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    assert!(r.contains("<w:b/>") && r.contains("<w:sz w:val=\"26\"/>"), "{r}");
    let r = rpr(d, "Độc lập - Tự do - Hạnh phúc");
    assert!(r.contains("<w:b/>") && r.contains("<w:sz w:val=\"28\"/>"), "{r}");
    let r = rpr(d, "Số: 05/KH-UBND<");
    assert!(r.contains("<w:sz w:val=\"26\"/>") && plain(r), "{r}");
    let r = rpr(d, "Lai Châu, ngày");
    assert!(r.contains("<w:i/>") && !r.contains("<w:b/>") && r.contains("<w:sz w:val=\"28\"/>"), "{r}");
    let r = rpr(d, "KẾ HOẠCH");
    assert!(r.contains("<w:b/>") && r.contains("<w:sz w:val=\"28\"/>"), "{r}");
    let r = rpr(d, "Tổ chức Đại hội");
    assert!(r.contains("<w:b/>") && r.contains("<w:sz w:val=\"28\"/>"), "{r}");
    let r = rpr(d, "Kính gửi: ");
    assert!(plain(r) && r.contains("<w:sz w:val=\"28\"/>"), "{r}");
    assert!(ppr(d, "Kính gửi: ").contains("<w:jc w:val=\"center\"/>"));
    // The urgency mark: red, bold, 13 pt, framed 20 mm wide.
    let r = rpr(d, "KHẨN");
    assert!(r.contains("<w:b/>") && r.contains("<w:color w:val=\"DC0000\"/>") && r.contains("<w:sz w:val=\"26\"/>"));
    let p = ppr(d, "KHẨN");
    has(p, &["<w:left w:val=\"single\" w:sz=\"6\" w:space=\"2\" w:color=\"DC0000\"/>"]);
    // 20 mm = 56.69 pt; less 2 × (2 pt space + 0.75 pt border) = 51.19 pt.
    let inner = ((20.0 * 72.0 / 25.4 - 5.5) * 20.0_f64).round() as i64;
    // 8 mm high: a 14.95 pt line, 3 pt above and below it inside the frame.
    has(
        p,
        &[
            "<w:top w:val=\"single\" w:sz=\"6\" w:space=\"3\" w:color=\"DC0000\"/>",
            "w:line=\"304\" w:lineRule=\"exact\"",
        ],
    );
    let l = (left - inner) / 2;
    has(p, &[&format!("<w:ind w:left=\"{l}\" w:right=\"{}\"", left - inner - l)]);
}

#[test]
fn the_secrecy_stamp_is_a_red_double_frame_of_its_width() {
    let v = values();
    let src = SAMPLE.replace("<do-khan>KHẨN</do-khan>", "<do-mat>TỐI MẬT</do-mat>");
    let d = &docx(&src)["word/document.xml"];
    let r = rpr(d, "TỐI MẬT");
    assert!(r.contains("<w:b/>") && r.contains("<w:color w:val=\"DC0000\"/>") && r.contains("<w:sz w:val=\"26\"/>"));
    let p = ppr(d, "TỐI MẬT");
    for side in ["top", "left", "bottom", "right"] {
        assert!(p.contains(&format!("<w:{side} w:val=\"double\" w:sz=\"6\"")), "{side}: {p}");
    }
    // 30 mm outside: less 2 × (2 pt space + three 0.75 pt lines of the
    // double border) inside.
    let inner = ((30.0 * 72.0 / 25.4 - 2.0 * (2.0 + 2.25)) * 20.0_f64).round() as i64;
    let left = mm(v.cot_trai);
    let l = (left - inner) / 2;
    has(p, &[&format!("<w:ind w:left=\"{l}\" w:right=\"{}\"", left - inner - l)]);
}

/// The indents of the rule paragraph after the run `text`.
fn rule_after(d: &str, text: &str) -> (i64, i64, String) {
    let t = d.find(&format!("<w:t xml:space=\"preserve\">{text}")).unwrap();
    let b = t + d[t..].find("<w:pBdr><w:top ").unwrap();
    let p = d[..b].rfind("<w:p>").unwrap();
    let frag = &d[p..p + d[p..].find("</w:pPr>").unwrap()];
    let num = |key: &str| -> i64 {
        let i = frag.find(key).unwrap() + key.len();
        frag[i..].split('"').next().unwrap().parse().unwrap()
    };
    (num("w:left=\""), num("w:right=\""), frag.to_string())
}

#[test]
fn rules_have_the_pdf_lengths() {
    let v = values();
    let d = &docx(SAMPLE)["word/document.xml"];
    let left = mm(v.cot_trai);
    let right = 9355 - left;
    let tw = |pt: f64| (pt * 20.0).round() as i64;
    // Under the agency: 0.4 × its widest line (ỦY BAN NHÂN DÂN, 15 characters at 13 pt, half an em each).
    let len = tw(0.4 * 15.0 * 0.5 * 13.0);
    let (l, r, frag) = rule_after(d, "TỈNH LAI CHÂU");
    assert_eq!((l, r), ((left - len) / 2, left - len - (left - len) / 2), "{frag}");
    has(&frag, &["<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\"", "<w:sz w:val=\"2\"/>", "w:before=\"60\""]);
    // Under the tiêu ngữ: as long as it.
    let len = tw("Độc lập - Tự do - Hạnh phúc".chars().count() as f64 * 0.5 * 14.0);
    let (l, r, _) = rule_after(d, "Độc lập");
    assert_eq!((l, r), ((right - len) / 2, right - len - (right - len) / 2));
    // Under the trích yếu: 0.4 of it, across the text width.
    let len = tw(0.4 * "Tổ chức Đại hội".chars().count() as f64 * 0.5 * 14.0);
    let (l, r, _) = rule_after(d, "Tổ chức Đại hội");
    assert_eq!((l, r), ((9355 - len) / 2, 9355 - len - (9355 - len) / 2));
    // A trích yếu wider than the text: in balanced lines (a narrower
    // paragraph), the rule 0.4 of its widest line, so shorter than 0.4 of
    // the text width, and longer than 0.4 of the lines' mean.
    let long = "Tổ chức Đại hội ".repeat(12);
    let src = SAMPLE.replace("<trich-yeu>Tổ chức Đại hội</trich-yeu>", &format!("<trich-yeu>{long}</trich-yeu>"));
    let d = &docx(&src)["word/document.xml"];
    let (l, r, _) = rule_after(d, long.trim());
    let rule = 9355 - l - r;
    let total = tw(long.trim().chars().count() as f64 * 0.5 * 14.0);
    // Greedy breaking may need one line more than the text's width says.
    let lines = (total as f64 / 9355.0).ceil() as i64 + 1;
    assert!(rule <= (0.4 * 9355.0_f64).round() as i64 && rule as f64 >= 0.4 * (total / lines) as f64 - 20.0, "{rule}");
    let p = &d[..d.find(long.trim()).unwrap()];
    assert!(!p[p.rfind("<w:ind").unwrap()..].starts_with("<w:ind w:left=\"0\""), "the paragraph is narrowed");
}

#[test]
fn body_paragraphs() {
    let d = &docx(SAMPLE)["word/document.xml"];
    // (0.9 + 0.25 + 0.2) × 14 pt = 18.9 pt exact; 6 pt after; 12.7 mm indent.
    let body = [
        "<w:spacing w:before=\"0\" w:after=\"120\" w:line=\"378\" w:lineRule=\"exact\"/>",
        "w:firstLine=\"720\"",
        "<w:jc w:val=\"both\"/>",
    ];
    has(ppr(d, "Nội dung thứ nhất "), &body);
    // Whitespace collapsed across the pieces.
    has(d, &[">Nội dung thứ nhất </w:t>", ">đậm</w:t>", "> và </w:t>", ">- Một ý &amp; thêm</w:t>"]);
    assert!(rpr(d, "đậm").contains("<w:b/>"));
    assert!(rpr(d, "nghiêng").contains("<w:i/>"));
    // Căn cứ: italic.
    assert!(rpr(d, "Căn cứ Luật").contains("<w:i/>"));
    has(ppr(d, "Căn cứ Luật"), &body);
    // A title entry: `so` then the text, bold, kept with the next.
    let p = ppr(d, "I. MỤC ĐÍCH");
    has(p, &["<w:keepNext/>", "w:firstLine=\"720\""]);
    assert!(rpr(d, "I. MỤC ĐÍCH").contains("<w:b/>"));
    has(ppr(d, "- Một ý"), &body[1..]);
    // `thut="false"`: no first-line indent.
    let d2 = &docx(r#"<van-ban><doan thut="false"><b>Tổng cộng: 3</b></doan></van-ban>"#)["word/document.xml"];
    has(ppr(d2, "Tổng cộng"), &["w:firstLine=\"0\"", "w:line=\"378\""]);
    assert!(build("<van-ban><doan thut=\"0\">x</doan></van-ban>", &values(), &Fixed).is_err());
    // The page break: the next paragraph starts a page.
    has(ppr(d, "Sau ngắt trang"), &["<w:pageBreakBefore/>"]);
}

#[test]
fn entries_by_level() {
    let d = &docx(
        r#"<van-ban><muc cap="2" so="1." tieu-de="true">Hai</muc><muc cap="3" so="a)" tieu-de="true">Ba</muc>
        <muc cap="2" so="2.">Thường</muc><muc cap="1" so="" tieu-de="false">Không số</muc></van-ban>"#,
    )["word/document.xml"];
    assert!(rpr(d, "1. Hai").contains("<w:b/>"));
    let r = rpr(d, "a) Ba");
    assert!(r.contains("<w:i/>") && !r.contains("<w:b/>"));
    assert!(ppr(d, "a) Ba").contains("<w:keepNext/>"));
    let r = rpr(d, "2. Thường");
    assert!(!r.contains("<w:b/>") && !ppr(d, "2. Thường").contains("keepNext"));
    assert!(rpr(d, "Không số").contains("<w:b/>"));
}

#[test]
fn footnotes() {
    let p = docx(SAMPLE);
    let d = &p["word/document.xml"];
    // Word's own number between parentheses: `(1)`, `(2)`.
    has(d, &["<w:footnoteReference w:id=\"1\"/>", "<w:footnoteReference w:id=\"2\"/>"]);
    assert!(!d.contains("customMarkFollows"));
    let at = d.find("<w:footnoteReference w:id=\"1\"/>").unwrap();
    let before = &d[..at];
    let open = before.rfind("<w:t>(</w:t>").unwrap();
    assert!(at - open < 400, "the opening parenthesis is just before the number");
    assert!(d[at..].find("<w:t>)</w:t>").unwrap() < 400, "the closing one just after");
    let r = &before[before[..open].rfind("<w:rPr>").unwrap()..open];
    has(r, &["<w:rStyle w:val=\"FootnoteReference\"/>", "<w:vertAlign w:val=\"superscript\"/>"]);
    // The mark keeps its title's weight.
    assert!(r.contains("<w:b/>"));
    let f = &p["word/footnotes.xml"];
    has(
        f,
        &[
            "<w:footnote w:type=\"separator\" w:id=\"-1\">",
            "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\">",
            "<w:footnote w:id=\"1\">",
            "<w:footnote w:id=\"2\">",
            ">Ghi chú một.</w:t>",
            "<w:pStyle w:val=\"FootnoteText\"/>",
        ],
    );
    let note = &f[f.find("<w:footnote w:id=\"2\">").unwrap()..];
    has(note, &["<w:t>(</w:t>", "<w:footnoteRef/>", "<w:t>)</w:t>", "<w:sz w:val=\"24\"/>"]);
    has(ppr(note, "Ghi chú hai."), &["w:firstLine=\"0\"", "w:lineRule=\"exact\""]);
    assert!(note.find("<w:footnoteRef/>").unwrap() < note.find("Ghi chú hai.").unwrap());
}

#[test]
fn tables() {
    let d = &docx(SAMPLE)["word/document.xml"];
    let g = d.find("<w:gridCol w:w=\"1403\"/>").expect("15 % of 9355");
    let t = &d[d[..g].rfind("<w:tbl>").unwrap()..];
    let t = &t[..t.find("</w:tbl>").unwrap()];
    has(
        t,
        &[
            "<w:gridCol w:w=\"1403\"/><w:gridCol w:w=\"5613\"/><w:gridCol w:w=\"2339\"/>",
            "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>",
            "<w:insideV w:val=\"single\" w:sz=\"4\"",
            // 4 pt, less the 0.15 em leading an exact line puts above it.
            "<w:tblCellMar><w:top w:w=\"41\" w:type=\"dxa\"/><w:left w:w=\"100\" w:type=\"dxa\"/>",
            "<w:gridSpan w:val=\"3\"/>",
            "<w:gridSpan w:val=\"2\"/>",
        ],
    );
    // Only the header row repeats; every row stays whole.
    assert_eq!(t.matches("<w:tblHeader/>").count(), 1);
    assert_eq!(t.matches("<w:cantSplit/>").count(), 3);
    let r = rpr(t, "TT");
    assert!(r.contains("<w:b/>") && r.contains("<w:sz w:val=\"26\"/>"));
    has(ppr(t, "TT"), &["<w:jc w:val=\"center\"/>", "w:firstLine=\"0\"", "w:line=\"338\" w:lineRule=\"exact\""]);
    assert!(rpr(t, "Nhóm A").contains("<w:b/>"));
    has(ppr(t, "Nhóm A"), &["<w:jc w:val=\"left\"/>", "<w:keepNext/>"]);
    has(ppr(t, "1<"), &["<w:jc w:val=\"center\"/>"]);
    has(ppr(t, "Dòng một"), &["<w:jc w:val=\"left\"/>"]);
    assert!(!rpr(t, "Dòng một").contains("<w:b/>"));
    // 0.6 em (13 pt) before: on the paragraph before, the larger wins.
    has(ppr(d, "- Một ý"), &["w:after=\"156\""]);
}

#[test]
fn signature() {
    let v = values();
    let d = &docx(SAMPLE)["word/document.xml"];
    let r = rpr(d, "Nơi nhận:");
    assert!(r.contains("<w:b/>") && r.contains("<w:i/>") && r.contains("<w:sz w:val=\"24\"/>"));
    assert!(rpr(d, "- Như trên;").contains("<w:sz w:val=\"22\"/>"));
    assert!(rpr(d, "Gửi bản điện tử:").contains("<w:i/>"));
    assert!(rpr(d, "- Lưu: VT, TH.").contains("<w:sz w:val=\"22\"/>"));
    assert!(rpr(d, "NVA(30)").contains("<w:sz w:val=\"22\"/>"));
    for t in ["TM. ỦY BAN", "CHỦ TỊCH", "Nguyễn Văn A"] {
        let r = rpr(d, t);
        assert!(r.contains("<w:b/>") && r.contains("<w:sz w:val=\"28\"/>"), "{t}");
        has(ppr(d, t), &["<w:keepNext/>", "<w:jc w:val=\"center\"/>"]);
    }
    has(ppr(d, "Nguyễn Văn A"), &[&format!("w:before=\"{}\"", mm(v.cho_ky))]);
    has(ppr(d, "Nơi nhận:"), &["<w:keepNext/>", "<w:jc w:val=\"left\"/>"]);
    // Two halves of the text width.
    has(d, &["<w:gridCol w:w=\"4677\"/><w:gridCol w:w=\"4678\"/>"]);
}

#[test]
fn page_numbers_and_sections() {
    let p = docx(SAMPLE);
    let d = &p["word/document.xml"];
    // The default header has the PAGE field; the first page's is empty.
    let h1 = &p["word/header1.xml"];
    has(
        h1,
        &[
            "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>",
            "<w:jc w:val=\"center\"/>",
            "<w:sz w:val=\"28\"/>",
        ],
    );
    let h2 = &p["word/header2.xml"];
    assert!(!h2.contains("PAGE") && !h2.contains("<w:t"));
    has(
        d,
        &[
            "<w:headerReference w:type=\"default\" r:id=\"rIdH1\"/>",
            "<w:headerReference w:type=\"first\" r:id=\"rIdH2\"/>",
            "<w:titlePg/>",
        ],
    );
    // The annex: a section of its own, numbered from 1 again.
    assert_eq!(d.matches("<w:sectPr>").count(), 2);
    let annex = &d[d.find("<w:sectPr>").unwrap() + 10..];
    assert!(annex.contains("<w:pgNumType w:start=\"1\"/>"));
    let first = &d[d.find("<w:sectPr>").unwrap()..];
    let first = &first[..first.find("</w:sectPr>").unwrap()];
    assert!(!first.contains("pgNumType"));
    assert!(rpr(d, "Phụ lục I").contains("<w:b/>"));
    assert!(rpr(d, "DANH SÁCH").contains("<w:b/>"));
    assert!(rpr(d, "(Kèm theo Kế hoạch").contains("<w:i/>"));
    // Ô 13: the first page's footer of the document, under a rule; not the annex's.
    let f2 = &p["word/footer2.xml"];
    has(
        f2,
        &[
            ">Địa chỉ: số 1 đường A</w:t>",
            "<w:br/>",
            "<w:pBdr><w:top w:val=\"single\" w:sz=\"4\"",
            "<w:sz w:val=\"22\"/>",
        ],
    );
    assert!(first.contains("<w:footerReference w:type=\"first\" r:id=\"rIdF2\"/>"));
    let last = &d[d.rfind("<w:sectPr>").unwrap()..];
    assert!(last.contains("<w:footerReference w:type=\"first\" r:id=\"rIdF1\"/>"));
    assert!(!p["word/footer1.xml"].contains("<w:t"));
    // An annex in its own file starts no new section.
    let own =
        r#"<van-ban><phu-luc so="II" ten="DANH SÁCH" kem-theo="(Kèm theo …)" rieng="true"/><doan>x</doan></van-ban>"#;
    let d = &docx(own)["word/document.xml"];
    assert_eq!(d.matches("<w:sectPr>").count(), 1);
    assert!(d.find("Phụ lục II").unwrap() < d.find(">x<").unwrap());
}

#[test]
fn several_documents() {
    let a = SAMPLE;
    let b = r#"<van-ban tieu-de="Hai" phong-chu="Times New Roman"><doan>Văn bản hai<chu-thich>Chú thích.</chu-thich></doan></van-ban>"#;
    let p = unzip(&build_many(&[a, b], &values(), &Fixed).unwrap());
    let d = &p["word/document.xml"];
    // One section per document (and one for the first's annex).
    assert_eq!(d.matches("<w:sectPr>").count(), 3);
    // Footnote numbers start again from (1) in each section; ids go on.
    has(d, &["<w:footnoteReference w:id=\"3\"/>", "<w:numRestart w:val=\"eachSect\"/>"]);
    has(&p["docProps/core.xml"], &["<dc:title>Kế hoạch tổ chức Đại hội</dc:title>"]);
    assert!(build_many(&[], &values(), &Fixed).is_err());
    let e = build_many(&[a, "<van-ban><x/></van-ban>"], &values(), &Fixed).unwrap_err();
    assert!(e.contains("văn bản thứ 2") && e.contains("<x>"), "{e}");
}

#[test]
fn several_recipients_hang_under_the_colon() {
    let src = SAMPLE
        .replace("<kinh-gui>Bộ Quốc phòng</kinh-gui>", "<kinh-gui>Bộ A;</kinh-gui><kinh-gui>Bộ Quốc phòng.</kinh-gui>");
    let d = &docx(&src)["word/document.xml"];
    let tw = |pt: f64| (pt * 20.0).round() as i64;
    let label = 9.0 * 0.5 * 14.0;
    let item = "- Bộ Quốc phòng.".chars().count() as f64 * 0.5 * 14.0;
    let indent = tw((9355.0 / 20.0 - label - item) / 2.0);
    has(ppr(d, "Kính gửi:"), &[&format!("w:left=\"{indent}\""), "<w:jc w:val=\"left\"/>"]);
    for t in ["- Bộ A;", "- Bộ Quốc phòng."] {
        has(ppr(d, t), &[&format!("w:left=\"{}\"", indent + tw(label))]);
    }
}

#[test]
fn report_header_and_signatures() {
    let src = r#"<van-ban tieu-de="Báo cáo">
      <dau-bao-cao><mau-so>Mẫu số 08</mau-so><nghi-dinh>Nghị định số 98/2023/NĐ-CP</nghi-dinh>
        <dia-danh-ngay>Lai Châu, ngày 01 tháng 01 năm 2024</dia-danh-ngay><ten-loai>BÁO CÁO THÀNH TÍCH</ten-loai>
        <de-nghi>ĐỀ NGHỊ TẶNG BẰNG KHEN<chu-thich>Hình thức.</chu-thich></de-nghi>
        <dot-thi-dua>(Thành tích năm 2023)</dot-thi-dua><ten>Nguyễn Văn B</ten></dau-bao-cao>
      <doan>Nội dung</doan>
      <chu-ky-bao-cao>
        <trai><tieu-de>XÁC NHẬN</tieu-de><ghi-chu>(Ký, đóng dấu)</ghi-chu><chuc-vu>GIÁM ĐỐC</chuc-vu><ho-ten>Trần C</ho-ten></trai>
        <phai><tieu-de>NGƯỜI BÁO CÁO</tieu-de><ghi-chu>(Ký, ghi rõ họ tên)</ghi-chu><ho-ten>Nguyễn Văn B</ho-ten></phai>
      </chu-ky-bao-cao>
    </van-ban>"#;
    let p = docx(src);
    let d = &p["word/document.xml"];
    assert!(rpr(d, "Mẫu số 08").contains("<w:b/>"));
    assert!(rpr(d, "(Kèm theo Nghị định").contains("<w:i/>"));
    assert!(rpr(d, "Lai Châu").contains("<w:i/>"));
    has(ppr(d, "Lai Châu"), &["<w:jc w:val=\"right\"/>"]);
    assert!(rpr(d, "ĐỀ NGHỊ").contains("<w:b/>"));
    assert!(rpr(d, "(Thành tích").contains("<w:i/>"));
    assert!(p["word/footnotes.xml"].contains("Hình thức."));
    for t in ["XÁC NHẬN", "GIÁM ĐỐC", "Trần C"] {
        assert!(rpr(d, t).contains("<w:b/>"), "{t}");
    }
    assert!(rpr(d, "(Ký, đóng dấu)").contains("<w:i/>"));
    // The names' row, level across the columns, after the room for the signature.
    has(ppr(d, "Trần C"), &[&format!("w:before=\"{}\"", mm(values().cho_ky) - 42)]);
    // 12 pt before the signatures.
    has(ppr(d, "Nội dung"), &["w:after=\"240\""]);
}

#[test]
fn draft_mark_across_the_page() {
    let src = SAMPLE.replace("ngay=\"2024-03-07\"", "du-thao-cheo=\"DỰ THẢO\"");
    let p = docx(&src);
    for h in ["word/header1.xml", "word/header2.xml"] {
        has(&p[h], &["<v:textpath", "string=\"DỰ THẢO\"", "fillcolor=\"#D1D1D1\"", "z-index:-", "rotation:305.3"]);
    }
    assert!(!p["docProps/core.xml"].contains("dcterms:created"));
}

#[test]
fn deterministic() {
    let a = build(SAMPLE, &values(), &Fixed).unwrap();
    let b = build(SAMPLE, &values(), &Fixed).unwrap();
    assert_eq!(a, b);
    // Every entry dated 1980-01-01.
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(&a)).unwrap();
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        let t = f.last_modified().unwrap();
        assert_eq!((t.year(), t.month(), t.day()), (1980, 1, 1));
    }
    assert_eq!(z.by_index(0).unwrap().name().unwrap(), "[Content_Types].xml");
}

#[test]
fn malformed_input_is_an_error() {
    let v = values();
    let bad = [
        "",
        "   ",
        "garbage",
        "<",
        "<van-ban",
        "<van-ban>",
        "<van-ban></khac>",
        "<abc/>",
        "<van-ban><abc/></van-ban>",
        "<van-ban><doan>x</doan>",
        "<van-ban><doan>&bogus;</doan></van-ban>",
        "<van-ban><doan>&#0;</doan></van-ban>",
        "<van-ban le=\"1 2 3\"/>",
        "<van-ban le=\"a b c d\"/>",
        "<van-ban le=\"20 20 100 100\"/>",
        "<van-ban ngang=\"co\"/>",
        "<van-ban ngay=\"07/03/2024\"/>",
        "<van-ban><muc>x</muc></van-ban>",
        "<van-ban><muc cap=\"9\">x</muc></van-ban>",
        "<van-ban><bang cot=\"a\"/></van-ban>",
        "<van-ban><bang cot=\"60 60\"/></van-ban>",
        "<van-ban><bang cot=\"50 50\" canh=\"left\"/></van-ban>",
        "<van-ban><bang cot=\"50 50\"><hang><o gop=\"3\">x</o></hang></bang></van-ban>",
        "<van-ban><bang cot=\"50 50\"><hang><o>a</o><o>b</o><o>c</o></hang></bang></van-ban>",
        "<van-ban><bang cot=\"50 50\"><o>x</o></bang></van-ban>",
        "<van-ban><dau><co-quan-ban-hanh>A</co-quan-ban-hanh></dau></van-ban>",
        "<van-ban><lien-he>a<chu-thich>b</chu-thich></lien-he></van-ban>",
        "<van-ban><ngat-trang>x</ngat-trang></van-ban>",
        "<van-ban><doan><u>x</u></doan></van-ban>",
        "<!DOCTYPE x [<!ENTITY a \"b\">]><van-ban/>",
        "<van-ban/><van-ban/>",
        "<van-ban>text</van-ban>",
        "\u{feff}\u{0}\u{1}",
    ];
    for s in bad {
        assert!(build(s, &v, &Fixed).is_err(), "accepted: {s:?}");
    }
    let e = build("<van-ban><abc/></van-ban>", &v, &Fixed).unwrap_err();
    assert!(e.contains("mẫu .docx sinh ra phần tử không biết: <abc>"), "{e}");
    let deep = format!("<van-ban><doan>{}x{}</doan></van-ban>", "<b>".repeat(10_000), "</b>".repeat(10_000));
    assert!(build(&deep, &v, &Fixed).is_err());
}

#[test]
fn never_panics_on_any_cut() {
    // Every prefix and a few splices of a full document: Ok or Err, no panic.
    let v = values();
    let chars: Vec<char> = SAMPLE.chars().collect();
    for i in (0..chars.len()).step_by(7) {
        let head: String = chars[..i].iter().collect();
        let tail: String = chars[(i + 13).min(chars.len())..].iter().collect();
        let _ = build(&head, &v, &Fixed);
        let _ = build(&format!("{head}{tail}"), &v, &Fixed);
    }
    // Odd but valid input.
    assert!(build("<van-ban/>", &v, &Fixed).is_ok());
    assert!(build("<van-ban><doan/><bang cot=\"100\"/><phu-luc/><ngat-trang/></van-ban>", &v, &Fixed).is_ok());
    struct Wild;
    impl Measure for Wild {
        fn width(&self, _: &str, _: f64, _: bool) -> f64 {
            f64::NAN
        }
    }
    assert!(build(SAMPLE, &v, &Wild).is_ok());
    struct Huge;
    impl Measure for Huge {
        fn width(&self, _: &str, _: f64, _: bool) -> f64 {
            1e300
        }
    }
    let many = SAMPLE.replace("<kinh-gui>Bộ Quốc phòng</kinh-gui>", "<kinh-gui>A</kinh-gui><kinh-gui>B</kinh-gui>");
    assert!(build(&many, &v, &Huge).is_ok());
    let r = "<van-ban><dau-bao-cao><mau-so>M</mau-so><ten>T</ten></dau-bao-cao></van-ban>";
    assert!(build(r, &v, &Huge).is_ok());
}
