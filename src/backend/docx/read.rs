//! Reads the intermediate vocabulary: XML into a tree of elements, then the
//! tree into a typed document ([`Doc`]), checking every element and
//! attribute. Whitespace is collapsed here, so the writer prints text as is.

use quick_xml::XmlVersion;
use quick_xml::events::Event;
use quick_xml::reader::Reader;

/// How deep elements may nest: a template never comes near it, and a
/// deeper input is refused rather than recursed into.
const MAX_DEPTH: usize = 64;

// ---------------------------------------------------------------------------
// The element tree.

struct El {
    name: String,
    attrs: Vec<(String, String)>,
    kids: Vec<Node>,
}

enum Node {
    El(El),
    Text(String),
}

fn xml_error(e: impl std::fmt::Display, pos: u64) -> String {
    format!("mẫu .docx sinh ra XML hỏng (byte {pos}): {e}")
}

/// Parses `src` into its root element. Comments, processing instructions
/// and the XML declaration are skipped; a DOCTYPE is refused.
fn parse_tree(src: &str) -> Result<El, String> {
    let mut reader = Reader::from_str(src);
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    loop {
        let pos = reader.buffer_position();
        let event = reader.read_event().map_err(|e| xml_error(e, reader.error_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if root.is_some() && stack.is_empty() => {
                return Err(format!("mẫu .docx sinh ra hơn một phần tử gốc: <{}>", e.name().0));
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(format!("mẫu .docx sinh ra các phần tử lồng nhau quá sâu (hơn {MAX_DEPTH} mức)"));
                }
                stack.push(element(&e, pos)?);
            }
            Event::Empty(e) => {
                let el = element(&e, pos)?;
                match stack.last_mut() {
                    Some(parent) => parent.kids.push(Node::El(el)),
                    None => root = Some(el),
                }
            }
            Event::End(_) => {
                // quick-xml checks that the name matches the open element.
                let Some(el) = stack.pop() else {
                    return Err(xml_error("thẻ đóng thừa", pos));
                };
                match stack.last_mut() {
                    Some(parent) => parent.kids.push(Node::El(el)),
                    None => root = Some(el),
                }
            }
            Event::Text(t) => text(&mut stack, &t.xml10_content())?,
            Event::CData(t) => text(&mut stack, &t.xml10_content())?,
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().map_err(|e| xml_error(e, pos))? {
                    Some(c) => c.to_string(),
                    None => match &*r {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        other => return Err(xml_error(format!("thực thể không biết: &{other};"), pos)),
                    },
                };
                text(&mut stack, &c)?;
            }
            Event::DocType(_) => return Err(xml_error("không nhận DOCTYPE", pos)),
            Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("mẫu .docx sinh ra XML hỏng: thiếu thẻ đóng </{}>", open.name));
    }
    root.ok_or_else(|| "mẫu .docx sinh ra văn bản rỗng: không có phần tử <van-ban>".to_string())
}

fn element(e: &quick_xml::events::BytesStart<'_>, pos: u64) -> Result<El, String> {
    let name = e.name().0.to_string();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| xml_error(format!("thuộc tính hỏng trong <{name}>: {err}"), pos))?;
        let value = a
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|err| xml_error(format!("thuộc tính hỏng trong <{name}>: {err}"), pos))?;
        attrs.push((a.key.0.to_string(), value.into_owned()));
    }
    Ok(El { name, attrs, kids: Vec::new() })
}

/// Text goes to the open element; outside the root only whitespace may be.
fn text(stack: &mut [El], s: &str) -> Result<(), String> {
    match stack.last_mut() {
        Some(el) => {
            if let Some(Node::Text(t)) = el.kids.last_mut() {
                t.push_str(s);
            } else {
                el.kids.push(Node::Text(s.to_string()));
            }
            Ok(())
        }
        None if s.chars().all(is_space) => Ok(()),
        None => Err(format!("mẫu .docx sinh ra chữ nằm ngoài <van-ban>: \"{}\"", short(s))),
    }
}

/// XML whitespace: the only characters that collapse. A no-break space and
/// the other Unicode spaces are text.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

fn short(s: &str) -> String {
    let t: String = s.trim().chars().take(40).collect();
    if t.chars().count() < s.trim().chars().count() { format!("{t}…") } else { t }
}

// ---------------------------------------------------------------------------
// Attributes and children, checked.

impl El {
    /// Refuses any attribute not in `known`.
    fn only_attrs(&self, known: &[&str]) -> Result<(), String> {
        for (k, _) in &self.attrs {
            if !known.contains(&k.as_str()) {
                return Err(format!("mẫu .docx sinh ra thuộc tính không biết: {k}=\"…\" trong <{}>", self.name));
            }
        }
        Ok(())
    }

    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    fn bool_attr(&self, key: &str) -> Result<bool, String> {
        match self.attr(key) {
            None | Some("false") => Ok(false),
            Some("true") => Ok(true),
            Some(other) => Err(format!(
                "mẫu .docx sinh ra thuộc tính {key}=\"{other}\" trong <{}>: phải là \"true\" hoặc \"false\"",
                self.name
            )),
        }
    }

    /// The element children; text other than whitespace is refused.
    fn elements(&self) -> Result<Vec<&El>, String> {
        let mut out = Vec::new();
        for k in &self.kids {
            match k {
                Node::El(e) => out.push(e),
                Node::Text(t) if t.chars().all(is_space) => {}
                Node::Text(t) => {
                    return Err(format!("mẫu .docx sinh ra chữ \"{}\" đặt thẳng trong <{}>", short(t), self.name));
                }
            }
        }
        Ok(out)
    }

    /// An element that holds nothing.
    fn empty(&self) -> Result<(), String> {
        if self.kids.iter().all(|k| matches!(k, Node::Text(t) if t.chars().all(is_space))) {
            Ok(())
        } else {
            Err(format!("mẫu .docx sinh ra <{}> có nội dung, nhưng phần tử này phải rỗng", self.name))
        }
    }

    fn unknown(&self, parent: &str) -> String {
        format!("mẫu .docx sinh ra phần tử không biết: <{}> (trong <{parent}>)", self.name)
    }
}

/// Sets a child that may appear once.
fn once<T>(slot: &mut Option<T>, value: T, el: &El, parent: &str) -> Result<(), String> {
    if slot.is_some() {
        return Err(format!("mẫu .docx sinh ra <{}> hai lần trong <{parent}>", el.name));
    }
    *slot = Some(value);
    Ok(())
}

fn required<T>(slot: Option<T>, name: &str, parent: &str) -> Result<T, String> {
    slot.ok_or_else(|| format!("mẫu .docx sinh ra <{parent}> thiếu phần tử bắt buộc <{name}>"))
}

// ---------------------------------------------------------------------------
// Inline content.

/// A piece of inline text, whitespace already collapsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text {
        text: String,
        bold: bool,
        italic: bool,
    },
    /// `<br/>`.
    Break,
    /// `<chu-thich>`: a footnote; `bold`/`italic` are its mark's
    /// surroundings.
    Note {
        body: Inline,
        bold: bool,
        italic: bool,
    },
}

pub type Inline = Vec<Piece>;

/// The inline content of `el`, collapsed and trimmed.
fn inline(el: &El) -> Result<Inline, String> {
    el.only_attrs(&[])?;
    let mut raw = Vec::new();
    flatten(el, false, false, true, &mut raw)?;
    Ok(collapse(raw))
}

fn flatten(el: &El, bold: bool, italic: bool, notes: bool, out: &mut Inline) -> Result<(), String> {
    for k in &el.kids {
        match k {
            Node::Text(t) => out.push(Piece::Text { text: t.clone(), bold, italic }),
            Node::El(e) => match e.name.as_str() {
                "b" | "i" => {
                    e.only_attrs(&[])?;
                    flatten(e, bold || e.name == "b", italic || e.name == "i", notes, out)?;
                }
                "br" => {
                    e.only_attrs(&[])?;
                    e.empty()?;
                    out.push(Piece::Break);
                }
                "chu-thich" if notes => {
                    e.only_attrs(&[])?;
                    let mut body = Vec::new();
                    flatten(e, false, false, false, &mut body)?;
                    out.push(Piece::Note { body: collapse(body), bold, italic });
                }
                "chu-thich" => {
                    return Err("mẫu .docx sinh ra <chu-thich> nằm trong một <chu-thich> khác".to_string());
                }
                _ => return Err(e.unknown(&el.name)),
            },
        }
    }
    Ok(())
}

/// Collapses runs of XML whitespace to one space across pieces, and drops
/// the spaces at the start and end of the block and around each break.
fn collapse(raw: Inline) -> Inline {
    let mut out: Inline = Vec::new();
    // Whether the last character kept is a space, or the line just began.
    let mut after_space = true;
    for p in raw {
        match p {
            Piece::Text { text, bold, italic } => {
                let mut s = String::with_capacity(text.len());
                for c in text.chars() {
                    if is_space(c) {
                        if !after_space {
                            s.push(' ');
                            after_space = true;
                        }
                    } else {
                        s.push(c);
                        after_space = false;
                    }
                }
                if s.is_empty() {
                    continue;
                }
                // Merge with the previous piece of the same style.
                if let Some(Piece::Text { text: t, bold: b, italic: i }) = out.last_mut()
                    && *b == bold
                    && *i == italic
                {
                    t.push_str(&s);
                } else {
                    out.push(Piece::Text { text: s, bold, italic });
                }
            }
            Piece::Break => {
                trim_end(&mut out);
                out.push(Piece::Break);
                after_space = true;
            }
            note @ Piece::Note { .. } => {
                out.push(note);
                after_space = false;
            }
        }
    }
    trim_end(&mut out);
    out
}

/// Drops trailing spaces before the end of a line.
fn trim_end(out: &mut Inline) {
    while let Some(Piece::Text { text, .. }) = out.last_mut() {
        let t = text.trim_end_matches(' ').len();
        text.truncate(t);
        if text.is_empty() {
            out.pop();
        } else {
            break;
        }
    }
}

/// The lines of an inline, split at its breaks.
pub fn lines(inl: &Inline) -> Vec<Inline> {
    let mut out = vec![Vec::new()];
    for p in inl {
        match p {
            Piece::Break => out.push(Vec::new()),
            other => {
                if let Some(l) = out.last_mut() {
                    l.push(other.clone());
                }
            }
        }
    }
    out
}

/// The text of an inline as printed, without footnotes (for measuring).
pub fn plain(inl: &Inline) -> String {
    let mut s = String::new();
    for p in inl {
        match p {
            Piece::Text { text, .. } => s.push_str(text),
            Piece::Break => s.push('\n'),
            Piece::Note { .. } => {}
        }
    }
    s
}

/// Prefixes a plain text to an inline (`Số: `, `- `), in the style of its
/// start.
pub fn prefixed(prefix: &str, inl: &Inline) -> Inline {
    let mut out = vec![Piece::Text { text: prefix.to_string(), bold: false, italic: false }];
    out.extend(inl.iter().cloned());
    out
}

/// A plain-text inline.
pub fn text_inline(s: &str) -> Inline {
    if s.is_empty() { Vec::new() } else { vec![Piece::Text { text: s.to_string(), bold: false, italic: false }] }
}

// ---------------------------------------------------------------------------
// The document.

/// One intermediate document (`<van-ban>`).
#[derive(Debug, Clone)]
pub struct Doc {
    pub title: String,
    pub author: String,
    pub font: String,
    pub landscape: bool,
    /// Page margins in mm: top, bottom, left, right; `None` when the root
    /// gives none (the chosen values then apply).
    pub margins: Option<[f64; 4]>,
    /// `ngay`: `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `du-thao-cheo`: the mark across each page of a draft.
    pub watermark: Option<String>,
    /// `<lien-he>` lines (ô 13).
    pub contact: Vec<Inline>,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone)]
pub enum Block {
    Header(Box<Header>),
    ReportHeader(Box<ReportHeader>),
    /// `<doan>`; `<can-cu>` and `<ghi-chu>` are italic. `indent`: the
    /// first-line indent (`thut="false"`: none); `centre` (`giua="true"`):
    /// centred, without indent (a decision's authority, `QUYẾT ĐỊNH:`).
    Para {
        text: Inline,
        italic: bool,
        indent: bool,
        centre: bool,
    },
    /// `<muc>`.
    Entry {
        level: u8,
        number: String,
        title: bool,
        text: Inline,
    },
    /// `<y>`.
    Bullet {
        mark: String,
        title: bool,
        text: Inline,
    },
    Table(Table),
    /// `<o-8>`: ô 8 of an electronic issue's phụ lục in its own file, its
    /// số ký hiệu and signing time, at the top right of its first page.
    Box8(Inline),
    Signature(Signature),
    ReportSignature(ReportSignature),
    /// `<phu-luc>`: starts an annex; the blocks after it belong to it.
    /// `own` (`rieng="true"`): the annex is its file's whole document, and
    /// starts no new page.
    Annex {
        number: String,
        name: String,
        with: String,
        own: bool,
    },
    PageBreak,
}

/// `<dau>`.
#[derive(Debug, Clone, Default)]
pub struct Header {
    pub parent_agency: Option<Inline>,
    pub agency: Inline,
    pub number: Option<Inline>,
    pub place_date: Inline,
    pub draft: Option<Inline>,
    pub secrecy: Option<Inline>,
    pub urgency: Option<Inline>,
    pub circulation: Option<Inline>,
    pub kind: Inline,
    pub summary: Option<Inline>,
    pub with: Option<Inline>,
    pub recipients: Vec<Inline>,
}

/// `<dau-bao-cao>`.
#[derive(Debug, Clone, Default)]
pub struct ReportHeader {
    pub form: Option<Inline>,
    pub decree: Option<Inline>,
    pub place_date: Option<Inline>,
    pub kind: Option<Inline>,
    pub proposal: Option<Inline>,
    pub campaign: Option<Inline>,
    pub name: Option<Inline>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// `<bang>`.
#[derive(Debug, Clone)]
pub struct Table {
    /// Column widths, percent of the text width.
    pub columns: Vec<f64>,
    pub align: Vec<Align>,
    /// The cells' inset above and below, pt (`dem`; 4 when not given).
    pub inset: f64,
    pub rows: Vec<Row>,
}

#[derive(Debug, Clone)]
pub struct Row {
    pub header: bool,
    pub group: bool,
    /// May split across pages (`tach="true"`: a long row of the script);
    /// other rows stay whole.
    pub split: bool,
    pub cells: Vec<Cell>,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub span: usize,
    /// Its paragraphs: one, or one per `<dong>` (`thut="true"`: indented,
    /// a line of a list in the script).
    pub lines: Vec<(Inline, bool)>,
}

/// A line of the Nơi nhận list.
#[derive(Debug, Clone)]
pub enum Recipient {
    /// `<nguoi>`.
    Person(Inline),
    /// `<nhom>`.
    Group(Inline),
    /// `<luu>`.
    Archive(Inline),
    /// `<soan-thao>`.
    Drafter(Inline),
}

/// `<noi-nhan-va-chu-ky>`.
#[derive(Debug, Clone, Default)]
pub struct Signature {
    pub recipients: Option<Vec<Recipient>>,
    pub authority: Vec<Inline>,
    pub title: Option<Inline>,
    pub name: Option<Inline>,
    /// An electronic issue's signature and seal images.
    pub images: Option<SignImages>,
}

/// The images of an electronic issue (ô 7c, 8): the signature, its width
/// over its height, and the seal, its diameter (mm) and width over height.
#[derive(Debug, Clone)]
pub struct SignImages {
    pub sign: String,
    pub sign_ratio: f64,
    pub seal: String,
    pub seal_mm: f64,
    pub seal_ratio: f64,
}

/// One column of `<chu-ky-bao-cao>`.
#[derive(Debug, Clone, Default)]
pub struct Signer {
    pub heading: Option<Inline>,
    pub note: Option<Inline>,
    pub title: Option<Inline>,
    pub name: Option<Inline>,
}

/// `<chu-ky-bao-cao>`.
#[derive(Debug, Clone, Default)]
pub struct ReportSignature {
    pub left: Signer,
    pub right: Signer,
}

/// Parses one intermediate document.
pub fn parse(src: &str) -> Result<Doc, String> {
    let root = parse_tree(src)?;
    if root.name != "van-ban" {
        return Err(format!("mẫu .docx sinh ra phần tử gốc <{}>, cần <van-ban>", root.name));
    }
    root.only_attrs(&["tieu-de", "tac-gia", "phong-chu", "ngang", "le", "ngay", "du-thao-cheo"])?;
    let margins = match root.attr("le") {
        None => None,
        Some(s) => Some(parse_margins(s)?),
    };
    let date = match root.attr("ngay") {
        None => None,
        Some(d) if is_date(d) => Some(d.to_string()),
        Some(d) => return Err(format!("mẫu .docx sinh ra ngay=\"{d}\" trong <van-ban>: cần ngày dạng YYYY-MM-DD")),
    };
    let font = root.attr("phong-chu").map(str::trim).filter(|f| !f.is_empty()).unwrap_or("Times New Roman");
    let watermark = root.attr("du-thao-cheo").map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut doc = Doc {
        title: root.attr("tieu-de").unwrap_or("").trim().to_string(),
        author: root.attr("tac-gia").unwrap_or("").trim().to_string(),
        font: font.to_string(),
        landscape: root.bool_attr("ngang")?,
        margins,
        date,
        watermark: watermark.filter(|w| !w.is_empty()),
        contact: Vec::new(),
        blocks: Vec::new(),
    };
    for el in root.elements()? {
        if el.name == "lien-he" {
            doc.contact.push(inline(el)?);
        } else {
            blocks(el, "van-ban", &mut doc.blocks)?;
        }
    }
    Ok(doc)
}

fn parse_margins(s: &str) -> Result<[f64; 4], String> {
    let bad = || format!("mẫu .docx sinh ra le=\"{s}\" trong <van-ban>: cần bốn số mm (trên dưới trái phải)");
    let n: Vec<f64> = s.split_whitespace().map(|x| x.parse::<f64>().map_err(|_| bad())).collect::<Result<_, _>>()?;
    if n.len() != 4 || n.iter().any(|x| !x.is_finite() || *x < 0.0 || *x > 100.0) {
        return Err(bad());
    }
    Ok([n[0], n[1], n[2], n[3]])
}

fn is_date(d: &str) -> bool {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    if !b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()) {
        return false;
    }
    let month: u32 = d[5..7].parse().unwrap_or(0);
    let day: u32 = d[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// A block element of the body (or a `<phu-luc>` with the blocks it holds),
/// appended to `out`.
fn blocks(el: &El, parent: &str, out: &mut Vec<Block>) -> Result<(), String> {
    let b = match el.name.as_str() {
        "dau" => Block::Header(Box::new(header(el)?)),
        "dau-bao-cao" => Block::ReportHeader(Box::new(report_header(el)?)),
        "can-cu" | "doan" | "ghi-chu" => {
            el.only_attrs(&["thut", "giua"])?;
            let centre = el.name == "doan" && el.attr("giua") == Some("true");
            let indent = match el.attr("thut") {
                None | Some("true") => true,
                Some("false") => false,
                Some(other) => {
                    return Err(format!(
                        "mẫu .docx sinh ra thuộc tính thut=\"{other}\" trong <{}>: phải là \"true\" hoặc \"false\"",
                        el.name
                    ));
                }
            };
            Block::Para { text: inline_of(el)?, italic: el.name != "doan", indent: indent && !centre, centre }
        }
        "o-8" => {
            el.only_attrs(&[])?;
            Block::Box8(inline_of(el)?)
        }
        "muc" => {
            el.only_attrs(&["cap", "so", "tieu-de"])?;
            let level = match el.attr("cap") {
                Some("1") => 1,
                Some("2") => 2,
                Some("3") => 3,
                Some(other) => {
                    return Err(format!("mẫu .docx sinh ra cap=\"{other}\" trong <muc>: phải là 1, 2 hoặc 3"));
                }
                None => return Err("mẫu .docx sinh ra <muc> thiếu thuộc tính cap".to_string()),
            };
            Block::Entry {
                level,
                number: el.attr("so").unwrap_or("").trim().to_string(),
                title: el.bool_attr("tieu-de")?,
                text: inline_of(el)?,
            }
        }
        "y" => {
            el.only_attrs(&["so", "tieu-de"])?;
            Block::Bullet {
                mark: el.attr("so").unwrap_or("-").trim().to_string(),
                title: el.bool_attr("tieu-de")?,
                text: inline_of(el)?,
            }
        }
        "bang" => Block::Table(table(el)?),
        "noi-nhan-va-chu-ky" => Block::Signature(signature(el)?),
        "chu-ky-bao-cao" => Block::ReportSignature(report_signature(el)?),
        "phu-luc" => {
            el.only_attrs(&["so", "ten", "kem-theo", "rieng"])?;
            let a = |k| el.attr(k).unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ");
            let own = el.bool_attr("rieng")?;
            out.push(Block::Annex { number: a("so"), name: a("ten"), with: a("kem-theo"), own });
            for k in el.elements()? {
                blocks(k, "phu-luc", out)?;
            }
            return Ok(());
        }
        "ngat-trang" => {
            el.only_attrs(&[])?;
            el.empty()?;
            Block::PageBreak
        }
        _ => return Err(el.unknown(parent)),
    };
    out.push(b);
    Ok(())
}

/// The inline content of an element whose attributes were checked already.
fn inline_of(el: &El) -> Result<Inline, String> {
    let mut raw = Vec::new();
    flatten(el, false, false, true, &mut raw)?;
    Ok(collapse(raw))
}

fn header(el: &El) -> Result<Header, String> {
    el.only_attrs(&[])?;
    let mut h = Header::default();
    let (mut agency, mut place, mut kind) = (None, None, None);
    for k in el.elements()? {
        let v = inline(k)?;
        match k.name.as_str() {
            "co-quan-chu-quan" => once(&mut h.parent_agency, v, k, "dau")?,
            "co-quan-ban-hanh" => once(&mut agency, v, k, "dau")?,
            "so-ky-hieu" => once(&mut h.number, v, k, "dau")?,
            "dia-danh-ngay" => once(&mut place, v, k, "dau")?,
            "du-thao" => once(&mut h.draft, v, k, "dau")?,
            "do-mat" => once(&mut h.secrecy, v, k, "dau")?,
            "do-khan" => once(&mut h.urgency, v, k, "dau")?,
            "luu-hanh" => once(&mut h.circulation, v, k, "dau")?,
            "ten-loai" => once(&mut kind, v, k, "dau")?,
            "trich-yeu" => once(&mut h.summary, v, k, "dau")?,
            "kem-theo" => once(&mut h.with, v, k, "dau")?,
            "kinh-gui" => h.recipients.push(v),
            _ => return Err(k.unknown("dau")),
        }
    }
    h.agency = required(agency, "co-quan-ban-hanh", "dau")?;
    h.place_date = required(place, "dia-danh-ngay", "dau")?;
    h.kind = required(kind, "ten-loai", "dau")?;
    Ok(h)
}

fn report_header(el: &El) -> Result<ReportHeader, String> {
    el.only_attrs(&[])?;
    let mut h = ReportHeader::default();
    for k in el.elements()? {
        let v = inline(k)?;
        let p = "dau-bao-cao";
        match k.name.as_str() {
            "mau-so" => once(&mut h.form, v, k, p)?,
            "nghi-dinh" => once(&mut h.decree, v, k, p)?,
            "dia-danh-ngay" => once(&mut h.place_date, v, k, p)?,
            "ten-loai" => once(&mut h.kind, v, k, p)?,
            "de-nghi" => once(&mut h.proposal, v, k, p)?,
            "dot-thi-dua" => once(&mut h.campaign, v, k, p)?,
            "ten" => once(&mut h.name, v, k, p)?,
            _ => return Err(k.unknown(p)),
        }
    }
    Ok(h)
}

fn table(el: &El) -> Result<Table, String> {
    el.only_attrs(&["cot", "canh", "dem"])?;
    let inset = match el.attr("dem") {
        None => 4.0,
        Some(d) => match d.trim().parse::<f64>() {
            Ok(v) if (0.0..=20.0).contains(&v) => v,
            _ => return Err(format!("mẫu .docx sinh ra dem=\"{d}\" trong <bang>: cần số pt từ 0 đến 20")),
        },
    };
    let cot = el.attr("cot").ok_or("mẫu .docx sinh ra <bang> thiếu thuộc tính cot")?;
    let bad_cot =
        || format!("mẫu .docx sinh ra cot=\"{cot}\" trong <bang>: cần các số phần trăm dương, cộng lại ≤ 100");
    let columns: Vec<f64> =
        cot.split_whitespace().map(|x| x.parse::<f64>().map_err(|_| bad_cot())).collect::<Result<_, _>>()?;
    let sum: f64 = columns.iter().sum();
    if columns.is_empty() || columns.len() > 63 || columns.iter().any(|c| !c.is_finite() || *c <= 0.0) || sum > 100.5 {
        return Err(bad_cot());
    }
    let align = match el.attr("canh") {
        None => vec![Align::Left; columns.len()],
        Some(canh) => {
            let a: Vec<Align> = canh
                .split_whitespace()
                .map(|x| match x {
                    "left" => Ok(Align::Left),
                    "center" => Ok(Align::Center),
                    "right" => Ok(Align::Right),
                    other => Err(format!(
                        "mẫu .docx sinh ra canh=\"{canh}\" trong <bang>: \"{other}\" không phải left, center hay right"
                    )),
                })
                .collect::<Result<_, _>>()?;
            if a.len() != columns.len() {
                return Err(format!(
                    "mẫu .docx sinh ra canh=\"{canh}\" trong <bang>: {} cách canh cho {} cột",
                    a.len(),
                    columns.len()
                ));
            }
            a
        }
    };
    let mut rows = Vec::new();
    for h in el.elements()? {
        if h.name != "hang" {
            return Err(h.unknown("bang"));
        }
        h.only_attrs(&["tieu-de", "nhom", "tach"])?;
        let mut cells = Vec::new();
        let mut used = 0;
        for o in h.elements()? {
            if o.name != "o" {
                return Err(o.unknown("hang"));
            }
            o.only_attrs(&["gop"])?;
            let span = match o.attr("gop") {
                None => 1,
                Some(g) => match g.trim().parse::<usize>() {
                    Ok(n) if n >= 1 && n <= columns.len() => n,
                    _ => {
                        return Err(format!(
                            "mẫu .docx sinh ra gop=\"{g}\" trong <o>: cần số ô từ 1 đến {}",
                            columns.len()
                        ));
                    }
                },
            };
            used += span;
            if used > columns.len() {
                return Err(format!("mẫu .docx sinh ra một <hang> rộng hơn {} cột của <bang>", columns.len()));
            }
            let has_lines = o.kids.iter().any(|k| matches!(k, Node::El(e) if e.name == "dong"));
            let lines = if has_lines {
                let mut lines = Vec::new();
                for d in o.elements()? {
                    if d.name != "dong" {
                        return Err(d.unknown("o"));
                    }
                    d.only_attrs(&["thut"])?;
                    lines.push((inline_of(d)?, d.bool_attr("thut")?));
                }
                lines
            } else {
                vec![(inline_of(o)?, false)]
            };
            cells.push(Cell { span, lines });
        }
        rows.push(Row {
            header: h.bool_attr("tieu-de")?,
            group: h.bool_attr("nhom")?,
            split: h.bool_attr("tach")?,
            cells,
        });
    }
    Ok(Table { columns, align, inset, rows })
}

fn signature(el: &El) -> Result<Signature, String> {
    el.only_attrs(&[])?;
    let mut s = Signature::default();
    let mut signed = false;
    for k in el.elements()? {
        match k.name.as_str() {
            "noi-nhan" => {
                k.only_attrs(&[])?;
                let mut list = Vec::new();
                for n in k.elements()? {
                    let v = inline(n)?;
                    list.push(match n.name.as_str() {
                        "nguoi" => Recipient::Person(v),
                        "nhom" => Recipient::Group(v),
                        "luu" => Recipient::Archive(v),
                        "soan-thao" => Recipient::Drafter(v),
                        _ => return Err(n.unknown("noi-nhan")),
                    });
                }
                once(&mut s.recipients, list, k, "noi-nhan-va-chu-ky")?;
            }
            "chu-ky" => {
                if signed {
                    return Err("mẫu .docx sinh ra <chu-ky> hai lần trong <noi-nhan-va-chu-ky>".to_string());
                }
                signed = true;
                k.only_attrs(&[])?;
                for c in k.elements()? {
                    if c.name == "anh-ky" {
                        c.only_attrs(&["chu-ky", "ti-le-chu-ky", "con-dau", "con-dau-mm", "ti-le-dau"])?;
                        let text = |key: &str| {
                            c.attr(key).map(str::to_string).ok_or(format!("mẫu .docx sinh ra <anh-ky> thiếu {key}"))
                        };
                        let number = |key: &str| -> Result<f64, String> {
                            match c.attr(key).map(|t| t.trim().parse::<f64>()) {
                                Some(Ok(n)) if n.is_finite() && n > 0.0 => Ok(n),
                                _ => Err(format!("mẫu .docx sinh ra {key} không phải số dương trong <anh-ky>")),
                            }
                        };
                        s.images = Some(SignImages {
                            sign: text("chu-ky")?,
                            sign_ratio: number("ti-le-chu-ky")?,
                            seal: text("con-dau")?,
                            seal_mm: number("con-dau-mm")?,
                            seal_ratio: number("ti-le-dau")?,
                        });
                        continue;
                    }
                    let v = inline(c)?;
                    match c.name.as_str() {
                        "quyen-han" => s.authority.push(v),
                        "chuc-vu" => once(&mut s.title, v, c, "chu-ky")?,
                        "ho-ten" => once(&mut s.name, v, c, "chu-ky")?,
                        _ => return Err(c.unknown("chu-ky")),
                    }
                }
            }
            _ => return Err(k.unknown("noi-nhan-va-chu-ky")),
        }
    }
    Ok(s)
}

fn report_signature(el: &El) -> Result<ReportSignature, String> {
    el.only_attrs(&[])?;
    let mut r = ReportSignature::default();
    let (mut left, mut right) = (None, None);
    for k in el.elements()? {
        let side = match k.name.as_str() {
            "trai" => &mut left,
            "phai" => &mut right,
            _ => return Err(k.unknown("chu-ky-bao-cao")),
        };
        k.only_attrs(&[])?;
        let mut s = Signer::default();
        for c in k.elements()? {
            let v = inline(c)?;
            match c.name.as_str() {
                "tieu-de" => once(&mut s.heading, v, c, &k.name)?,
                "ghi-chu" => once(&mut s.note, v, c, &k.name)?,
                "chuc-vu" => once(&mut s.title, v, c, &k.name)?,
                "ho-ten" => once(&mut s.name, v, c, &k.name)?,
                _ => return Err(c.unknown(&k.name)),
            }
        }
        once(side, s, k, "chu-ky-bao-cao")?;
    }
    r.left = left.unwrap_or_default();
    r.right = right.unwrap_or_default();
    Ok(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(inl: &Inline) -> Vec<String> {
        inl.iter()
            .map(|p| match p {
                Piece::Text { text, bold, italic } => format!("{text}|{}{}", *bold as u8, *italic as u8),
                Piece::Break => "BR".into(),
                Piece::Note { body, .. } => format!("NOTE[{}]", plain(body)),
            })
            .collect()
    }

    fn para(src: &str) -> Inline {
        let d = parse(&format!("<van-ban><doan>{src}</doan></van-ban>")).unwrap();
        match &d.blocks[0] {
            Block::Para { text, .. } => text.clone(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn whitespace_collapses_and_trims() {
        assert_eq!(texts(&para("\n   Một   <b> hai </b>\n  ba  ")), ["Một |00", "hai |10", "ba|00"]);
        assert_eq!(texts(&para(" a \n <br/>\n  b ")), ["a|00", "BR", "b|00"]);
        // A no-break space is text.
        assert_eq!(texts(&para("Số:\u{a0}\u{a0}/KH")), ["Số:\u{a0}\u{a0}/KH|00"]);
        assert_eq!(texts(&para("x<chu-thich> ghi  chú </chu-thich> y")), ["x|00", "NOTE[ghi chú]", " y|00"]);
        assert_eq!(texts(&para("<i>a<b>b</b></i>&amp;&#x41;")), ["a|01", "b|11", "&A|00"]);
    }

    #[test]
    fn errors_name_the_element() {
        let e = parse("<van-ban><abc/></van-ban>").unwrap_err();
        assert!(e.contains("phần tử không biết: <abc>"), "{e}");
        let e = parse("<van-ban><muc cap=\"4\">x</muc></van-ban>").unwrap_err();
        assert!(e.contains("cap=\"4\""), "{e}");
        let e = parse("<van-ban><doan x=\"1\">x</doan></van-ban>").unwrap_err();
        assert!(e.contains("thuộc tính không biết"), "{e}");
        let e = parse("<van-ban><dau><ten-loai>A</ten-loai></dau></van-ban>").unwrap_err();
        assert!(e.contains("<co-quan-ban-hanh>"), "{e}");
        assert!(parse("<van-ban><doan><chu-thich><chu-thich>x</chu-thich></chu-thich></doan></van-ban>").is_err());
        assert!(parse("<van-ban>chữ</van-ban>").is_err());
        assert!(parse("<van-ban></van-ban><van-ban/>").is_err());
    }
}
