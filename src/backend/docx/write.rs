//! The WordprocessingML parts: the documents' blocks laid out as
//! `templates/vanban.typ` lays them out, into a small model of paragraphs
//! and tables, then serialized. Every length comes from [`Values`]; the
//! comments name the Typst rule each one mirrors.
//!
//! Vertical spacing: a Typst line's box is `tren_dong + duoi_dong` em, and
//! lines of a paragraph are `leading` apart; a Word paragraph here has an
//! exact line height of the box plus the leading, so paragraphs `spacing`
//! apart get `spacing − leading` before them. Where Typst's spacing is
//! smaller than its leading (the header's columns: leading 0.15 em, spacing
//! 0), each `<br/>` line is a paragraph of its own, the box high, the
//! continuation lines `leading` before.

use super::Measure;
use super::read::{
    Align, Block, Doc, Header, Inline, Piece, Recipient, ReportHeader, ReportSignature, Signature, Signer, Table,
    lines, plain, prefixed, text_inline,
};
use super::values::{Values, eighths, hp, mm, mm_pt, tw};

/// A4 in twips.
const A4_SHORT: i64 = 11906;
const A4_LONG: i64 = 16838;
/// Header and footer distances from the page's edge: 10 mm and 8 mm.
const HEADER_MM: f64 = 10.0;
const FOOTER_MM: f64 = 8.0;
/// The red of the urgency marks (`rgb(220, 0, 0)`).
const RED: &str = "DC0000";
/// The draft mark across the page: luma 82 %.
const WATERMARK_GREY: &str = "#D1D1D1";
/// The draft mark's largest size (pt) and its tracking (em).
const WATERMARK_MAX: f64 = 110.0;
const WATERMARK_TRACKING: f64 = 0.08;

pub const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
pub const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// ---------------------------------------------------------------------------
// The model.

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Style {
    /// Size in half-points.
    hp: i64,
    bold: bool,
    italic: bool,
    red: bool,
}

impl Style {
    fn new(size: f64) -> Style {
        Style { hp: hp(size), ..Style::default() }
    }
    fn bold(mut self, on: bool) -> Style {
        self.bold |= on;
        self
    }
    fn italic(mut self, on: bool) -> Style {
        self.italic |= on;
        self
    }
}

#[derive(Debug)]
enum Run {
    Text(String, Style),
    Break(Style),
    /// A footnote's reference, printed `(n)`.
    NoteRef {
        id: usize,
        style: Style,
    },
    /// The footnote's own number at the start of its text, `(n)`.
    NoteMark(Style),
    PageNumber(Style),
    PageBreak,
    /// Prepared XML of a whole run (the draft mark's shape).
    Raw(String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Jc {
    Left,
    Center,
    Right,
    Both,
}

/// A mark under the Số line: its text and size, red or black, the
/// decree's width (mm) or none, one line or two.
#[derive(Clone, Copy)]
struct Mark<'a> {
    text: &'a Inline,
    size: f64,
    red: bool,
    width_mm: Option<f64>,
    double: bool,
}

#[derive(Debug)]
enum Border {
    None,
    /// A rule along the paragraph's top, `space` pt above its text.
    Top {
        sz: i64,
        space: i64,
    },
    /// A frame around the paragraph, `v`/`h` pt from its text.
    Frame {
        sz: i64,
        v: i64,
        h: i64,
        red: bool,
        /// Two lines (a secrecy stamp), Word's double border.
        double: bool,
    },
}

#[derive(Debug)]
struct Para {
    style: Option<&'static str>,
    keep_next: bool,
    page_break: bool,
    border: Border,
    before: i64,
    after: i64,
    /// Exact line height in twips.
    line: i64,
    left: i64,
    right: i64,
    first: i64,
    jc: Jc,
    /// The paragraph mark's size in half-points.
    mark: i64,
    runs: Vec<Run>,
    sect: Option<String>,
}

impl Para {
    /// A paragraph of `size` pt text, lines `line` pt apart.
    fn new(jc: Jc, size: f64, line: f64) -> Para {
        Para {
            style: None,
            keep_next: false,
            page_break: false,
            border: Border::None,
            before: 0,
            after: 0,
            line: tw(line).max(20),
            left: 0,
            right: 0,
            first: 0,
            jc,
            mark: hp(size),
            runs: Vec::new(),
            sect: None,
        }
    }

    /// An empty paragraph `height` pt high.
    fn spacer(height: f64) -> Para {
        let mut p = Para::new(Jc::Left, 1.0, height);
        p.mark = 2;
        p
    }

    fn before(mut self, pt: f64) -> Para {
        self.before = tw(pt).max(0);
        self
    }
}

#[derive(Debug)]
struct TableModel {
    grid: Vec<i64>,
    /// Border thickness in eighths of a point; `None`: no borders.
    borders: Option<i64>,
    /// Default cell margins: top, left, bottom, right (twips).
    margins: [i64; 4],
    rows: Vec<TRow>,
    /// Space wanted before and after the table (twips).
    before: i64,
    after: i64,
}

#[derive(Debug)]
struct TRow {
    header: bool,
    cant_split: bool,
    cells: Vec<TCell>,
}

#[derive(Debug)]
struct TCell {
    span: usize,
    width: i64,
    valign: &'static str,
    margins: Option<[i64; 4]>,
    paras: Vec<Para>,
}

#[derive(Debug)]
enum Item {
    P(Para),
    T(TableModel),
}

#[derive(Debug, Clone)]
struct SectProps {
    landscape: bool,
    /// Top, bottom, left, right (twips).
    margins: [i64; 4],
    header_default: usize,
    header_first: usize,
    footer_default: Option<usize>,
    footer_first: Option<usize>,
    /// Page numbers start again from 1.
    restart: bool,
}

struct Section {
    items: Vec<Item>,
    props: SectProps,
    /// The font of its runs when not the styles' default.
    font: Option<String>,
}

/// The parts the package needs, serialized.
pub struct Parts {
    pub document: String,
    pub styles: String,
    pub settings: String,
    pub footnotes: Option<String>,
    pub headers: Vec<String>,
    pub footers: Vec<String>,
    /// PNG images, `word/media/image<i+1>.png`, relationship [`media_id`].
    pub media: Vec<Vec<u8>>,
}

/// The relationship id of the `i`th image.
pub fn media_id(i: usize) -> String {
    format!("rIdImg{}", i + 1)
}

/// EMU (914 400 an inch) in a point.
const EMU_PT: f64 = 12700.0;

/// An image `w` × `h` pt from the relationship `rid`: inline, or floating
/// over the text at `at` (pt from the cell's left and the paragraph's
/// top); `id` names it in the document.
fn drawing(rid: String, w: f64, h: f64, at: Option<(f64, f64)>, id: usize) -> String {
    let (cx, cy) = ((w * EMU_PT).round() as i64, (h * EMU_PT).round() as i64);
    let graphic = format!(
        concat!(
            "<a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">",
            "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">",
            "<pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">",
            "<pic:nvPicPr><pic:cNvPr id=\"{id}\" name=\"anh{id}.png\"/><pic:cNvPicPr/></pic:nvPicPr>",
            "<pic:blipFill><a:blip r:embed=\"{rid}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>",
            "<pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>",
            "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>"
        ),
        id = id,
        rid = rid,
        cx = cx,
        cy = cy
    );
    let name = if id == 1 { "Chữ ký" } else { "Con dấu" };
    let frame = match at {
        None => format!(
            "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
             <wp:docPr id=\"{id}\" name=\"{name}\"/>{graphic}</wp:inline>"
        ),
        Some((x, y)) => format!(
            "<wp:anchor distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\" simplePos=\"0\" relativeHeight=\"{id}\" \
             behindDoc=\"0\" locked=\"0\" layoutInCell=\"1\" allowOverlap=\"1\"><wp:simplePos x=\"0\" y=\"0\"/>\
             <wp:positionH relativeFrom=\"column\"><wp:posOffset>{}</wp:posOffset></wp:positionH>\
             <wp:positionV relativeFrom=\"paragraph\"><wp:posOffset>{}</wp:posOffset></wp:positionV>\
             <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:wrapNone/>\
             <wp:docPr id=\"{id}\" name=\"{name}\"/><wp:cNvGraphicFramePr/>{graphic}</wp:anchor>",
            (x * EMU_PT).round() as i64,
            (y * EMU_PT).round() as i64
        ),
    };
    format!("<w:r><w:drawing>{frame}</w:drawing></w:r>")
}

// ---------------------------------------------------------------------------
// Laying the documents out.

struct Writer<'a> {
    v: &'a Values,
    m: &'a dyn Measure,
    /// The styles' font: the first document's.
    base_font: String,
    /// The font of the runs when it is not the styles' default.
    font: Option<String>,
    /// The text width of the current document (twips).
    width: i64,
    /// `<w:footnote>` elements, ids 1, 2, …
    notes: Vec<String>,
    headers: Vec<String>,
    footers: Vec<String>,
    sections: Vec<Section>,
    /// A `<ngat-trang/>` waiting for the next item.
    pending_break: bool,
    /// The images (PNG), by their place: `word/media/image<i+1>.png`.
    media: Vec<Vec<u8>>,
}

/// Lays out `docs` (at least one) one after the other, each from a new page.
pub fn write(docs: &[Doc], v: &Values, m: &dyn Measure) -> Result<Parts, String> {
    let Some(first) = docs.first() else {
        return Err("không có văn bản nào để làm tệp .docx".to_string());
    };
    let mut w = Writer {
        v,
        m,
        base_font: first.font.clone(),
        font: None,
        width: 0,
        notes: Vec::new(),
        headers: Vec::new(),
        footers: Vec::new(),
        sections: Vec::new(),
        pending_break: false,
        media: Vec::new(),
    };
    let any_contact = docs.iter().any(|d| !d.contact.is_empty());
    for (i, doc) in docs.iter().enumerate() {
        w.document(doc, i > 0, any_contact)
            .map_err(|e| if docs.len() > 1 { format!("văn bản thứ {}: {e}", i + 1) } else { e })?;
    }
    let document = w.document_xml();
    let footnotes = if w.notes.is_empty() { None } else { Some(footnotes_xml(&w.notes)) };
    Ok(Parts {
        document,
        styles: styles_xml(v, &first.font),
        settings: settings_xml(footnotes.is_some()),
        footnotes,
        headers: w.headers,
        footers: w.footers,
        media: w.media,
    })
}

fn add_part(list: &mut Vec<String>, xml: String) -> usize {
    match list.iter().position(|x| *x == xml) {
        Some(i) => i,
        None => {
            list.push(xml);
            list.len() - 1
        }
    }
}

impl Writer<'_> {
    fn document(&mut self, doc: &Doc, later: bool, any_contact: bool) -> Result<(), String> {
        let v = self.v;
        let le = doc.margins.unwrap_or([v.le.tren, v.le.duoi, v.le.trai, v.le.phai]);
        let margins = [mm(le[0]), mm(le[1]), mm(le[2]), mm(le[3])];
        let (page_w, page_h) = if doc.landscape { (A4_LONG, A4_SHORT) } else { (A4_SHORT, A4_LONG) };
        self.width = page_w - margins[2] - margins[3];
        if self.width < mm(40.0) || page_h - margins[0] - margins[1] < mm(40.0) {
            return Err(format!("lề trang {le:?} (mm) quá rộng: không còn chỗ cho chữ"));
        }
        self.font = if doc.font != self.base_font { Some(doc.font.clone()) } else { None };
        self.pending_break = false;

        // Headers: the page number from page 2, the draft mark on every page.
        let mark = doc.watermark.as_ref().map(|t| self.watermark(t, &doc.font, page_w, page_h));
        let header_default = self.header_xml(true, mark.as_deref());
        let header_first = self.header_xml(false, mark.as_deref());
        let header_default = add_part(&mut self.headers, header_default);
        let header_first = add_part(&mut self.headers, header_first);
        // Footers: ô 13 at the foot of page 1 only; an empty footer
        // elsewhere, so no section inherits it.
        let (footer_default, footer_first, footer_rest) = if any_contact {
            let empty = self.footer_xml(None)?;
            let empty = add_part(&mut self.footers, empty);
            let first = if doc.contact.is_empty() {
                empty
            } else {
                let xml = self.footer_xml(Some(&doc.contact))?;
                add_part(&mut self.footers, xml)
            };
            (Some(empty), Some(first), Some(empty))
        } else {
            (None, None, None)
        };
        let props = SectProps {
            landscape: doc.landscape,
            margins,
            header_default,
            header_first,
            footer_default,
            footer_first,
            restart: later,
        };
        self.sections.push(Section { items: Vec::new(), props: props.clone(), font: self.font.clone() });

        for b in &doc.blocks {
            match b {
                Block::Header(h) => self.header(h)?,
                Block::ReportHeader(h) => self.report_header(h),
                Block::Para { text, italic, indent, centre } => {
                    self.body(text, false, *italic, false);
                    if let Some(Item::P(p)) = self.sections.last_mut().and_then(|s| s.items.last_mut()) {
                        if !indent {
                            p.first = 0;
                        }
                        if *centre {
                            p.jc = Jc::Center;
                        }
                    }
                }
                Block::Entry { level, number, title, text } => {
                    let line = if number.is_empty() { text.clone() } else { prefixed(&format!("{number} "), text) };
                    if *title || *level == 1 {
                        self.body(&line, *level <= 2, *level == 3, true);
                    } else {
                        self.body(&line, false, false, false);
                    }
                }
                Block::Bullet { mark, title, text } => {
                    let line = if mark.is_empty() { text.clone() } else { prefixed(&format!("{mark} "), text) };
                    self.body(&line, false, false, *title);
                }
                Block::Table(t) => self.table(t),
                // As vanban.typ's `o-8`: 10 pt, upright, at the top right.
                Block::Box8(text) => {
                    let size = self.v.co_chu.o_8;
                    let mut p = Para::new(Jc::Right, size, self.v.line(size, self.v.khoang_cach.dong_bang));
                    p.runs = self.runs(text, Style::new(size));
                    self.push(Item::P(p));
                }
                Block::Signature(s) => self.signature(s)?,
                Block::ReportSignature(s) => self.report_signature(s),
                Block::Annex { number, name, with, own } => {
                    let started = self.sections.last().is_some_and(|s| !s.items.is_empty());
                    if started && !own {
                        self.pending_break = false;
                        let mut p = props.clone();
                        p.restart = true;
                        p.footer_first = footer_rest;
                        self.sections.push(Section { items: Vec::new(), props: p, font: self.font.clone() });
                    }
                    self.annex(number, name, with);
                }
                Block::PageBreak => self.pending_break = true,
            }
        }
        self.pending_break = false;
        Ok(())
    }

    fn push(&mut self, mut item: Item) {
        if self.pending_break {
            self.pending_break = false;
            match &mut item {
                Item::P(p) => p.page_break = true,
                Item::T(_) => {
                    let mut p = Para::spacer(1.0);
                    p.runs.push(Run::PageBreak);
                    self.push(Item::P(p));
                }
            }
        }
        if let Some(s) = self.sections.last_mut() {
            s.items.push(item);
        }
    }

    /// Sets the space after the last paragraph laid out to at least `pt`.
    fn space_after(&mut self, pt: f64) {
        if let Some(Item::P(p)) = self.sections.last_mut().and_then(|s| s.items.last_mut()) {
            p.after = p.after.max(tw(pt));
        }
    }

    fn width_pt(&self) -> f64 {
        self.width as f64 / 20.0
    }

    fn measure(&self, text: &str, size: f64, bold: bool) -> f64 {
        let w = self.m.width(text, size, bold);
        if w.is_finite() && w > 0.0 { w } else { 0.0 }
    }

    /// The widest line of `inl` as printed (pt), each at most `cap` pt.
    fn widest(&self, inl: &Inline, size: f64, bold: bool, cap: f64) -> f64 {
        lines(inl).iter().map(|l| self.measure(&plain(l), size, bold).min(cap)).fold(0.0, f64::max)
    }

    /// A centred title broken in balanced lines, as vanban.typ's `can-bang`
    /// does: the narrowest width (pt) at most `avail` that breaks `inl`
    /// into as few lines as `avail` does, word by word, and the widest line
    /// at that width.
    fn balanced(&self, inl: &Inline, size: f64, bold: bool, avail: f64) -> (f64, f64) {
        let space = self.measure(" ", size, bold);
        let words: Vec<f64> = lines(inl)
            .iter()
            .flat_map(|l| plain(l).split_whitespace().map(|w| self.measure(w, size, bold)).collect::<Vec<_>>())
            .collect();
        // Greedy breaking at `width`: the number of lines and the widest.
        let breaks = |width: f64| {
            let (mut count, mut line, mut widest) = (1, 0.0_f64, 0.0_f64);
            for (i, w) in words.iter().enumerate() {
                let next = if i == 0 || line == 0.0 { *w } else { line + space + w };
                if next > width && line > 0.0 {
                    count += 1;
                    widest = widest.max(line);
                    line = *w;
                } else {
                    line = next;
                }
            }
            (count, widest.max(line))
        };
        let (lines_at_full, widest) = breaks(avail);
        if lines_at_full <= 1 || words.is_empty() {
            return (avail, widest.min(avail));
        }
        let total: f64 = words.iter().sum::<f64>() + space * (words.len() - 1) as f64;
        let mut width = total / lines_at_full as f64;
        while width < avail {
            let (count, widest) = breaks(width);
            if count <= lines_at_full {
                return (width, widest);
            }
            width += 1.0;
        }
        (avail, widest.min(avail))
    }

    // -- runs ---------------------------------------------------------------

    /// The runs of `inl` in `base`'s style; footnotes become real ones.
    fn runs(&mut self, inl: &Inline, base: Style) -> Vec<Run> {
        let mut out = Vec::new();
        for p in inl {
            match p {
                Piece::Text { text, bold, italic } => {
                    let style = base.bold(*bold).italic(*italic);
                    // One run for neighbouring text of one style (`Số: ` and the number).
                    if let Some(Run::Text(t, st)) = out.last_mut()
                        && *st == style
                    {
                        t.push_str(text);
                    } else {
                        out.push(Run::Text(text.clone(), style));
                    }
                }
                Piece::Break => out.push(Run::Break(base)),
                Piece::Note { body, bold, italic } => {
                    let id = self.notes.len() + 1;
                    let xml = self.note_xml(id, body);
                    self.notes.push(xml);
                    out.push(Run::NoteRef { id, style: base.bold(*bold).italic(*italic) });
                }
            }
        }
        out
    }

    /// Runs for a header or footer, where Word allows no footnote.
    fn runs_no_notes(&mut self, inl: &Inline, base: Style, what: &str) -> Result<Vec<Run>, String> {
        if inl.iter().any(|p| matches!(p, Piece::Note { .. })) {
            return Err(format!("mẫu .docx sinh ra <chu-thich> trong <{what}>: chân trang không có chú thích"));
        }
        Ok(self.runs(inl, base))
    }

    fn note_xml(&mut self, id: usize, body: &Inline) -> String {
        let v = self.v;
        let size = v.co_chu.chu_thich;
        // `footnote.entry`: 12 pt, leading 0.15 em, no indent, justified.
        let mut p = Para::new(Jc::Both, size, v.line(size, v.khoang_cach.dong_bang));
        p.style = Some("FootnoteText");
        p.runs.push(Run::NoteMark(Style::new(size)));
        let runs = self.runs(body, Style::new(size));
        p.runs.extend(runs);
        let mut s = format!("<w:footnote w:id=\"{id}\">");
        para_xml(&p, self.font.as_deref(), &mut s);
        s.push_str("</w:footnote>");
        s
    }

    // -- shared shapes ------------------------------------------------------

    /// A rule `length` pt long, centred in `container` twips, `before` pt
    /// under the text above it (`co-gach`: stack spacing 3 pt).
    fn rule(&self, length: f64, container: i64, before: f64) -> Option<Para> {
        let len = tw(length).min(container);
        if len < 20 {
            return None;
        }
        let mut p = Para::spacer(1.0).before(before);
        p.jc = Jc::Center;
        p.left = (container - len) / 2;
        p.right = container - len - p.left;
        p.border = Border::Top { sz: eighths(self.v.net_gach), space: 0 };
        Some(p)
    }

    /// Each line of `inl` its own paragraph, the line's box high; lines
    /// after the first `leading` em below the one before.
    fn line_paras(&mut self, inl: &Inline, style: Style, size: f64, jc: Jc, leading: f64) -> Vec<Para> {
        let mut out = Vec::new();
        for (i, l) in lines(inl).iter().enumerate() {
            let mut p = Para::new(jc, size, self.v.line(size, 0.0));
            if i > 0 {
                p = p.before(leading * size);
            }
            p.runs = self.runs(l, style);
            out.push(p);
        }
        out
    }

    /// A mark in a single-line frame (`khung`): bold, centred in
    /// `container` twips, `width_mm` wide or as wide as its text plus the
    /// 5 pt inset, `cao_khung` high, the text in its middle. `odd`: the
    /// frame sits 1 pt further from the text across (its room 2 pt
    /// narrower, the same outside), so Word never joins two neighbouring
    /// frames of equal width into one box.
    fn frame(&mut self, mark: &Mark, container: i64, before: f64, odd: bool) -> Para {
        let Mark { text: inl, size, red, width_mm, double } = *mark;
        let v = self.v;
        let text = self.widest(inl, size, true, f64::INFINITY);
        let sz = eighths(v.net_khung);
        // Word's double border: two lines and the gap between them, each
        // as thick as one line.
        let stroke = sz as f64 / 8.0 * if double { 3.0 } else { 1.0 };
        let height = mm_pt(v.cao_khung);
        // Across, the frame 2 pt from the text; the rest of the inset is
        // slack in the text's room, so Word's own widths never wrap it.
        let h = if odd { 3 } else { 2 };
        let outer = width_mm.map(mm_pt).unwrap_or(text + 10.0);
        let inner = (outer - 2.0 * (h as f64 + stroke)).max(text + 4.0);
        let inner = tw(inner).min(container);
        // Up and down, the room around one line's box shared evenly.
        let line = v.line(size, 0.0);
        let vert = ((height - line - 2.0 * stroke) / 2.0).floor().clamp(0.0, 31.0);
        let line = (height - 2.0 * (vert + stroke)).max(line);
        let mut p = Para::new(Jc::Center, size, line).before(before);
        p.left = ((container - inner) / 2).max(0);
        p.right = (container - inner - p.left).max(0);
        p.border = Border::Frame { sz, v: vert as i64, h, red, double };
        let mut style = Style::new(size).bold(true);
        style.red = red;
        p.runs = self.runs(inl, style);
        p
    }

    // -- blocks ---------------------------------------------------------------

    /// A body paragraph (ô 6): justified, first-line indent, exact lines of
    /// the box plus `khoang_dong`, `cach_doan` after.
    fn body(&mut self, inl: &Inline, bold: bool, italic: bool, keep_next: bool) {
        let v = self.v;
        let size = v.co_chu.noi_dung;
        let mut p = Para::new(Jc::Both, size, v.line(size, v.khoang_dong));
        p.first = mm(v.thut_dau_dong);
        p.after = tw(v.cach_doan);
        p.keep_next = keep_next;
        p.runs = self.runs(inl, Style::new(size).bold(bold).italic(italic));
        self.push(Item::P(p));
    }

    /// `dau`: ô 1–5a, 9a–11.
    fn header(&mut self, h: &Header) -> Result<(), String> {
        let v = self.v;
        let s = &v.co_chu;
        let left = mm(v.cot_trai);
        if left + mm(20.0) > self.width {
            return Err(format!("cột trái của phần đầu ({} mm) rộng hơn chỗ có trên trang", v.cot_trai));
        }
        let right = self.width - left;
        let (left_pt, right_pt) = (left as f64 / 20.0, right as f64 / 20.0);

        // Row 1, left: the agencies (leading 0.15 em, spacing 0), the rule
        // `ti_le_gach` of the widest line of the issuing agency.
        let mut l1 = Vec::new();
        if let Some(parent) = &h.parent_agency {
            l1.extend(self.line_paras(parent, Style::new(s.co_quan), s.co_quan, Jc::Center, 0.15));
        }
        l1.extend(self.line_paras(&h.agency, Style::new(s.co_quan).bold(true), s.co_quan, Jc::Center, 0.15));
        let widest = self.widest(&h.agency, s.co_quan, true, left_pt);
        l1.extend(self.rule(v.ti_le_gach * widest, left, 3.0));
        // Row 1, right: Quốc hiệu, Tiêu ngữ and its rule as long as it.
        let mut r1 = Vec::new();
        let qh = text_inline("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        r1.extend(self.line_paras(&qh, Style::new(s.quoc_hieu).bold(true), s.quoc_hieu, Jc::Center, 0.15));
        let tn = "Độc lập - Tự do - Hạnh phúc";
        r1.extend(self.line_paras(&text_inline(tn), Style::new(s.tieu_ngu).bold(true), s.tieu_ngu, Jc::Center, 0.15));
        let tn_w = self.measure(tn, s.tieu_ngu, true).min(right_pt);
        r1.extend(self.rule(tn_w, right, 3.0));

        // Row 2, 0.6 em (of the body's size) under row 1: Số and the place
        // and date on one baseline (one line height for both).
        let gap = v.khoang_cach.hang_dau * s.noi_dung;
        let line2 = v.line(s.so_ky_hieu.max(s.dia_danh), 0.0);
        let mut l2 = Vec::new();
        let mut p = Para::new(Jc::Center, s.so_ky_hieu, line2).before(gap);
        if let Some(n) = &h.number {
            p.runs = self.runs(&prefixed("Số: ", n), Style::new(s.so_ky_hieu));
        }
        l2.push(p);
        let mark = |text, size, red, width_mm, double| Mark { text, size, red, width_mm, double };
        let marks: Vec<Mark> = [
            h.draft.as_ref().map(|d| mark(d, s.du_thao, false, None, false)),
            h.secrecy.as_ref().map(|d| mark(d, s.dau_muc, true, v.rong_mat.get(plain(d).as_str()).copied(), true)),
            h.urgency.as_ref().map(|d| mark(d, s.dau_muc, true, v.rong_khan.get(plain(d).as_str()).copied(), false)),
            h.circulation.as_ref().map(|d| mark(d, s.dau_muc, false, None, false)),
        ]
        .into_iter()
        .flatten()
        .collect();
        let has_marks = !marks.is_empty();
        // Row 3, as vanban.typ's grid: the marks, 4 pt apart.
        let mut l3 = Vec::new();
        for (i, m) in marks.iter().enumerate() {
            let before = if i == 0 { gap } else { v.khoang_cach.giua_dau_muc };
            l3.push(self.frame(m, left, before, i % 2 == 1));
        }
        let mut r2 = Para::new(Jc::Center, s.dia_danh, line2).before(gap);
        r2.runs = self.runs(&h.place_date, Style::new(s.dia_danh).italic(true));

        let cell = |width: i64, paras: Vec<Para>| TCell { span: 1, width, valign: "top", margins: None, paras };
        let table = TableModel {
            grid: vec![left, right],
            borders: None,
            margins: [0; 4],
            rows: [
                TRow { header: false, cant_split: true, cells: vec![cell(left, l1), cell(right, r1)] },
                TRow { header: false, cant_split: true, cells: vec![cell(left, l2), cell(right, vec![r2])] },
            ]
            .into_iter()
            .chain(has_marks.then(|| TRow {
                header: false,
                cant_split: true,
                cells: vec![
                    cell(left, l3),
                    cell(right, vec![Para::new(Jc::Center, s.dia_danh, v.line(s.dia_danh, 0.0))]),
                ],
            }))
            .collect(),
            before: 0,
            after: 0,
        };
        self.push(Item::T(table));

        // Ô 5a, 18 pt under the header (from the Số line's baseline when it
        // ends the header): tên loại, trích yếu and its rule (leading and
        // spacing 0.2 em).
        let size = s.ten_loai;
        let line = v.line(size, v.khoang_cach.dong_tieu_de);
        let before = if has_marks {
            v.khoang_cach.truoc_ten_loai
        } else {
            (v.khoang_cach.truoc_ten_loai - v.duoi_dong * s.so_ky_hieu.max(s.dia_danh)).max(0.0)
        };
        let mut p = Para::new(Jc::Center, size, line).before(before);
        p.runs = self.runs(&h.kind, Style::new(size).bold(true));
        self.push(Item::P(p));
        if let Some(t) = &h.summary {
            // Balanced lines, in a paragraph as narrow as they need (with
            // a little room, as Word measures with its own metrics).
            let (width, widest) = self.balanced(t, size, true, self.width_pt());
            let mut p = Para::new(Jc::Center, size, line);
            let side = ((self.width_pt() - width - 6.0).max(0.0) / 2.0 * 20.0) as i64;
            (p.left, p.right) = (side, side);
            p.runs = self.runs(t, Style::new(size).bold(true));
            self.push(Item::P(p));
            if let Some(r) = self.rule(v.ti_le_gach * widest, self.width, 3.0) {
                self.push(Item::P(r));
            }
        }
        if let Some(k) = &h.with {
            let mut p = Para::new(Jc::Center, size, line).before(v.khoang_cach.truoc_kem_theo * size);
            p.runs = self.runs(k, Style::new(size).italic(true));
            self.push(Item::P(p));
        }

        // Ô 9a, 12 pt below: one recipient on the line; several, each under
        // the colon, rows `giua_dong_tieu_de` apart, the block centred.
        if !h.recipients.is_empty() {
            let size = s.kinh_gui;
            let line = v.line(size, v.khoang_cach.dong_tieu_de);
            let label = "Kính gửi:";
            if let [one] = h.recipients.as_slice() {
                let mut p = Para::new(Jc::Center, size, line).before(v.khoang_cach.truoc_kinh_gui);
                p.runs = self.runs(&prefixed(&format!("{label} "), one), Style::new(size));
                self.push(Item::P(p));
            } else {
                let label_w = self.measure(label, size, false);
                let items: Vec<Inline> = h.recipients.iter().map(|r| prefixed("- ", r)).collect();
                let item_w = items.iter().map(|i| self.widest(i, size, false, f64::INFINITY)).fold(0.0, f64::max);
                let block = (label_w + item_w).min(self.width_pt());
                let indent = tw((self.width_pt() - block) / 2.0).max(0);
                let mut p = Para::new(Jc::Left, size, line).before(v.khoang_cach.truoc_kinh_gui);
                p.left = indent;
                p.runs = self.runs(&text_inline(label), Style::new(size));
                self.push(Item::P(p));
                for i in &items {
                    let mut p = Para::new(Jc::Left, size, line)
                        .before((v.khoang_cach.giua_dong_tieu_de - v.khoang_cach.dong_tieu_de) * size);
                    p.left = indent.saturating_add(tw(label_w)).min(self.width - mm(20.0));
                    p.runs = self.runs(i, Style::new(size));
                    self.push(Item::P(p));
                }
            }
        }
        self.space_after(v.khoang_cach.sau_phan_dau);
        Ok(())
    }

    /// `dau-bao-cao`: a report's header (Mẫu số 08).
    fn report_header(&mut self, h: &ReportHeader) {
        let v = self.v;
        let s = &v.co_chu;
        let size = s.mau_so;
        // The form's label and its decree, centred on each other, the pair
        // at the right margin (stack spacing 3 pt).
        let decree = h.decree.as_ref().map(|d| {
            let mut i = prefixed("(Kèm theo ", d);
            i.push(Piece::Text { text: ")".into(), bold: false, italic: false });
            i
        });
        let mut started = false;
        if h.form.is_some() || decree.is_some() {
            let wide = h
                .form
                .as_ref()
                .map_or(0.0, |f| self.widest(f, size, true, f64::INFINITY))
                .max(decree.as_ref().map_or(0.0, |d| self.widest(d, size, false, f64::INFINITY)));
            let indent = (self.width - tw(wide + 4.0)).max(0);
            if let Some(f) = &h.form {
                let mut p = Para::new(Jc::Center, size, v.line(size, 0.0));
                p.left = indent;
                p.runs = self.runs(f, Style::new(size).bold(true));
                self.push(Item::P(p));
            }
            if let Some(d) = &decree {
                let mut p = Para::new(Jc::Center, size, v.line(size, 0.0)).before(if h.form.is_some() {
                    v.khoang_cach.mau_so
                } else {
                    0.0
                });
                p.left = indent;
                p.runs = self.runs(d, Style::new(size).italic(true));
                self.push(Item::P(p));
            }
            started = true;
        }
        // Quốc hiệu, 10 pt below; Tiêu ngữ and its rule.
        let qh = text_inline("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        let mut ps = self.line_paras(&qh, Style::new(s.quoc_hieu).bold(true), s.quoc_hieu, Jc::Center, 0.15);
        if started && let Some(p) = ps.first_mut() {
            p.before = tw(v.khoang_cach.sau_mau_so);
        }
        let tn = "Độc lập - Tự do - Hạnh phúc";
        ps.extend(self.line_paras(&text_inline(tn), Style::new(s.tieu_ngu).bold(true), s.tieu_ngu, Jc::Center, 0.15));
        let tn_w = self.measure(tn, s.tieu_ngu, true).min(self.width_pt());
        ps.extend(self.rule(tn_w, self.width, 3.0));
        for p in ps {
            self.push(Item::P(p));
        }
        // The place and date at the right, 0.6 em below.
        if let Some(d) = &h.place_date {
            let mut p =
                Para::new(Jc::Right, s.dia_danh, v.line(s.dia_danh, 0.0)).before(v.khoang_cach.hang_dau * s.noi_dung);
            p.runs = self.runs(d, Style::new(s.dia_danh).italic(true));
            self.push(Item::P(p));
        }
        // 18 pt below: the title, the award, the campaign, the name and its
        // rule (leading `dong_tieu_de`, spacing `giua_dong_tieu_de`).
        let size = s.ten_loai;
        let line = v.line(size, v.khoang_cach.dong_tieu_de);
        let mut before = v.khoang_cach.truoc_ten_loai;
        let parts =
            [(&h.kind, true, false), (&h.proposal, true, false), (&h.campaign, false, true), (&h.name, true, false)];
        let mut widest = 0.0;
        for (i, (part, bold, italic)) in parts.into_iter().enumerate() {
            if let Some(t) = part {
                let mut p = Para::new(Jc::Center, size, line).before(before);
                // All but the title in balanced lines (`can-bang`).
                if i > 0 {
                    let (width, w) = self.balanced(t, size, bold, self.width_pt());
                    let side = ((self.width_pt() - width - 6.0).max(0.0) / 2.0 * 20.0) as i64;
                    (p.left, p.right) = (side, side);
                    widest = w;
                }
                p.runs = self.runs(t, Style::new(size).bold(bold).italic(italic));
                self.push(Item::P(p));
                before = (v.khoang_cach.giua_dong_tieu_de - v.khoang_cach.dong_tieu_de) * size;
            }
        }
        if h.name.is_some()
            && let Some(r) = self.rule(v.ti_le_gach * widest, self.width, 3.0)
        {
            self.push(Item::P(r));
        }
        self.space_after(v.khoang_cach.sau_phan_dau);
    }

    /// `bang`: single 0.5 pt borders, insets 5 pt × 4 pt, header rows
    /// repeated and bold, rows never split.
    fn table(&mut self, t: &Table) {
        let v = self.v;
        let size = v.co_chu.bang;
        let n = t.columns.len();
        let sum: f64 = t.columns.iter().sum();
        let mut grid: Vec<i64> = t.columns.iter().map(|c| (self.width as f64 * c / 100.0).round() as i64).collect();
        if (sum - 100.0).abs() <= 0.5 {
            let others: i64 = grid[..n - 1].iter().sum();
            grid[n - 1] = self.width - others;
        }
        let line = v.line(size, v.khoang_cach.dong_bang);
        let mut rows = Vec::new();
        for r in &t.rows {
            let mut cells = Vec::new();
            let mut col = 0;
            let single = r.cells.len() == 1 && r.cells[0].span == 1;
            for c in &r.cells {
                let span = if r.group && single { n } else { c.span };
                let (jc, valign) = if r.header {
                    (Jc::Center, "center")
                } else if r.group {
                    (Jc::Left, "top")
                } else {
                    (
                        match t.align.get(col) {
                            Some(Align::Center) => Jc::Center,
                            Some(Align::Right) => Jc::Right,
                            _ => Jc::Left,
                        },
                        "top",
                    )
                };
                // Several lines: paragraphs 0.3 em apart, a list's lines
                // indented 0.6 cm and further apart (`bang-kich-ban`).
                let count = c.lines.len();
                let mut paras = Vec::new();
                for (i, (text, indent)) in c.lines.iter().enumerate() {
                    let mut p = Para::new(jc, size, line);
                    p.keep_next = r.group;
                    if count > 1 && i + 1 < count {
                        // 0.3 em between lines; a list's lines are blocks
                        // in the PDF, 0.6–0.8 em from their neighbours.
                        let listed = *indent || c.lines[i + 1].1;
                        let gap = if listed {
                            (v.khoang_cach.tren_bang + v.khoang_cach.duoi_bang) / 2.0
                        } else {
                            v.khoang_cach.kich_ban_doan
                        };
                        p.after = tw((gap - v.khoang_cach.dong_bang) * size).max(0);
                    }
                    if *indent {
                        p.left = tw(mm_pt(v.khoang_cach.kich_ban_thut));
                    }
                    p.runs = self.runs(text, Style::new(size).bold(r.header || r.group));
                    paras.push(p);
                }
                let width = grid[col.min(n)..(col + span).min(n)].iter().sum();
                cells.push(TCell { span, width, valign, margins: None, paras });
                col += span;
            }
            if col < n {
                let p = Para::new(Jc::Left, size, line);
                cells.push(TCell {
                    span: n - col,
                    width: grid[col..].iter().sum(),
                    valign: "top",
                    margins: None,
                    paras: vec![p],
                });
            }
            rows.push(TRow { header: r.header, cant_split: !r.split, cells });
        }
        if rows.is_empty() {
            return;
        }
        self.push(Item::T(TableModel {
            grid,
            borders: Some(eighths(v.net_gach)),
            // Insets as the PDF's (4 pt unless `dem`), less the leading an exact line
            // also puts above a cell's first line.
            margins: [
                tw((t.inset - v.khoang_cach.dong_bang * size).max(0.0)),
                tw(v.bang.dem_ngang),
                tw(t.inset),
                tw(v.bang.dem_ngang),
            ],
            rows,
            before: tw(v.khoang_cach.tren_bang * size),
            after: tw(v.khoang_cach.duoi_bang * size),
        }));
    }

    /// Two borderless columns, half the width each, 0.5 cm between them.
    fn two_columns(&self) -> ([i64; 2], [i64; 4], [i64; 4]) {
        let half = self.width / 2;
        let gap = mm(5.0);
        ([half, self.width - half], [0, 0, 0, gap / 2], [0, gap - gap / 2, 0, 0])
    }

    /// `noi-nhan-va-chu-ky`: ô 9b on the left, ô 7 on the right, 6 pt
    /// below the body, never split.
    fn signature(&mut self, sig: &Signature) -> Result<(), String> {
        let v = self.v;
        let s = &v.co_chu;
        let mut left = Vec::new();
        if let Some(list) = &sig.recipients {
            let mut p = Para::new(Jc::Left, s.noi_nhan, v.line(s.noi_nhan, v.khoang_cach.dong_bang));
            p.runs = self.runs(&text_inline("Nơi nhận:"), Style::new(s.noi_nhan).bold(true).italic(true));
            left.push(p);
            for r in list {
                let (text, size, italic) = match r {
                    Recipient::Person(t) => (prefixed("- ", t), s.noi_nhan_muc, false),
                    Recipient::Group(t) => (t.clone(), s.noi_nhan_muc, true),
                    Recipient::Archive(t) => (prefixed("- Lưu: ", t), s.noi_nhan_muc, false),
                    Recipient::Drafter(t) => (t.clone(), s.soan_thao, false),
                };
                let mut p = Para::new(Jc::Left, size, v.line(size, v.khoang_cach.dong_bang));
                p.runs = self.runs(&text, Style::new(size).italic(italic));
                left.push(p);
            }
        }
        let size = s.chu_ky;
        let line = v.line(size, v.khoang_cach.dong_bang);
        let style = Style::new(size).bold(true);
        let mut right = Vec::new();
        for a in sig.authority.iter().chain(&sig.title) {
            let mut p = Para::new(Jc::Center, size, line);
            p.runs = self.runs(a, style);
            right.push(p);
        }
        let (grid, ml, mr) = self.two_columns();
        let mut room = if right.is_empty() { 0.0 } else { mm_pt(v.cho_ky) };
        if let Some(im) = &sig.images {
            // An electronic issue (ô 7c, 8), as vanban.typ's `chu-ky-dien-tu`:
            // the signature `cao_chu_ky` high, centred in the room; the seal
            // at its real size over its left third, its right edge a third
            // of the way into the signature.
            let sign = self.media_of(&im.sign)?;
            let seal = self.media_of(&im.seal)?;
            let high = mm_pt(v.cao_chu_ky);
            let wide = high * im.sign_ratio;
            let d = mm_pt(im.seal_mm);
            let seal_h = d / im.seal_ratio;
            let cell = (grid[1] - mr[1] - mr[3]) as f64 / 20.0;
            let before = ((room - high) / 2.0).max(0.0);
            let x = cell / 2.0 - wide / 2.0 + wide / 3.0 - d;
            // From the paragraph's top, its space before included.
            let y = before + high / 2.0 - seal_h / 2.0;
            let mut p = Para::new(Jc::Center, size, 0.0).before(before);
            p.line = 0;
            p.runs.push(Run::Raw(drawing(sign, wide, high, None, 1)));
            p.runs.push(Run::Raw(drawing(seal, d, seal_h, Some((x, y)), 2)));
            right.push(p);
            room = ((room - high) / 2.0).max(0.0);
        }
        if let Some(n) = &sig.name {
            let mut p = Para::new(Jc::Center, size, line).before(room);
            p.runs = self.runs(n, style);
            right.push(p);
        }
        for side in [&mut left, &mut right] {
            if side.is_empty() {
                side.push(Para::new(Jc::Left, size, line));
            }
            for p in side.iter_mut() {
                p.keep_next = true;
            }
        }
        let row = TRow {
            header: false,
            cant_split: true,
            cells: vec![
                TCell { span: 1, width: grid[0], valign: "top", margins: Some(ml), paras: left },
                TCell { span: 1, width: grid[1], valign: "top", margins: Some(mr), paras: right },
            ],
        };
        self.push(Item::T(TableModel {
            grid: grid.to_vec(),
            borders: None,
            margins: [0; 4],
            rows: vec![row],
            before: tw(v.khoang_cach.truoc_chu_ky),
            after: 0,
        }));
        Ok(())
    }

    /// The relationship id of the image `name`, its bytes added to the
    /// package once.
    fn media_of(&mut self, name: &str) -> Result<String, String> {
        let bytes = self.m.image(name).ok_or(format!("không đọc được ảnh {name} của chữ ký điện tử"))?;
        let i = match self.media.iter().position(|m| *m == bytes) {
            Some(i) => i,
            None => {
                self.media.push(bytes);
                self.media.len() - 1
            }
        };
        Ok(media_id(i))
    }

    /// `chu-ky-bao-cao`: two signers side by side, rows lined up across
    /// them (gutters 0.2 em, 0.2 em, `cho_ky`), 12 pt below the body.
    fn report_signature(&mut self, sig: &ReportSignature) {
        let v = self.v;
        let size = v.co_chu.chu_ky;
        let line = v.line(size, v.khoang_cach.dong_bang);
        let lead = v.khoang_cach.dong_bang * size;
        let gutters =
            [0.0, v.khoang_cach.dong_chu_ky_bao_cao * size, v.khoang_cach.dong_chu_ky_bao_cao * size, mm_pt(v.cho_ky)];
        let pick = |s: &Signer, k: usize| -> Option<Inline> {
            match k {
                0 => s.heading.clone(),
                1 => s.note.clone(),
                2 => s.title.clone(),
                _ => s.name.clone(),
            }
        };
        let (grid, ml, mr) = self.two_columns();
        let mut rows = Vec::new();
        let mut pending = 0.0;
        for (k, gutter) in gutters.iter().enumerate() {
            // An empty row keeps its gutter, as Typst's grid does.
            pending += gutter;
            let (l, r) = (pick(&sig.left, k), pick(&sig.right, k));
            if l.is_none() && r.is_none() {
                continue;
            }
            let before = if rows.is_empty() { 0.0 } else { (pending - lead).max(0.0) };
            pending = 0.0;
            let mut cells = Vec::new();
            for (text, width, margins) in [(l, grid[0], ml), (r, grid[1], mr)] {
                let mut p = Para::new(Jc::Center, size, line).before(before);
                p.keep_next = true;
                if let Some(t) = text {
                    p.runs = self.runs(&t, Style::new(size).bold(k != 1).italic(k == 1));
                }
                cells.push(TCell { span: 1, width, valign: "top", margins: Some(margins), paras: vec![p] });
            }
            rows.push(TRow { header: false, cant_split: true, cells });
        }
        if rows.is_empty() {
            return;
        }
        self.push(Item::T(TableModel {
            grid: grid.to_vec(),
            borders: None,
            margins: [0; 4],
            rows,
            before: tw(v.khoang_cach.truoc_chu_ky_bao_cao),
            after: 0,
        }));
    }

    /// `phu-luc`'s heading (leading 0.2 em, spacing 0.3 em), its rule
    /// `ti_le_gach` of the Kèm theo line, 12 pt after.
    fn annex(&mut self, number: &str, name: &str, with: &str) {
        let v = self.v;
        let s = &v.co_chu;
        let title = if number.is_empty() { "Phụ lục".to_string() } else { format!("Phụ lục {number}") };
        let mut p = Para::new(Jc::Center, s.phu_luc, v.line(s.phu_luc, v.khoang_cach.dong_tieu_de));
        p.runs = self.runs(&text_inline(&title), Style::new(s.phu_luc).bold(true));
        self.push(Item::P(p));
        let size = s.ten_loai;
        let line = v.line(size, v.khoang_cach.dong_tieu_de);
        if !name.is_empty() {
            let mut p = Para::new(Jc::Center, size, line).before(0.1 * size);
            p.runs = self.runs(&text_inline(name), Style::new(size).bold(true));
            self.push(Item::P(p));
        }
        if !with.is_empty() {
            let mut p = Para::new(Jc::Center, size, line).before(0.1 * size);
            p.runs = self.runs(&text_inline(with), Style::new(size).italic(true));
            self.push(Item::P(p));
            let w = self.measure(with, size, false).min(self.width_pt());
            if let Some(r) = self.rule(v.ti_le_gach * w, self.width, 3.0) {
                self.push(Item::P(r));
            }
        }
        self.space_after(v.khoang_cach.sau_phan_dau);
    }

    // -- headers and footers ------------------------------------------------

    /// The draft mark across the page (`dau-du-thao`): bold, light grey,
    /// along the page's diagonal, 3/5 of it long and at most 110 pt, behind
    /// the text; a VML text shape, as Word draws its own watermarks.
    fn watermark(&self, text: &str, font: &str, page_w: i64, page_h: i64) -> String {
        let (w, h) = (page_w as f64 / 20.0, page_h as f64 / 20.0);
        let diagonal = (w * w + h * h).sqrt();
        let chars = text.chars().count() as f64;
        let at10 = self.measure(text, 10.0, true) + WATERMARK_TRACKING * 10.0 * chars;
        let size = if at10 > 0.0 { (10.0 * 0.6 * diagonal / at10).min(WATERMARK_MAX) } else { WATERMARK_MAX };
        let width = at10 * size / 10.0;
        let angle = h.atan2(w).to_degrees();
        let rotation = 360.0 - angle;
        let n = self.headers.len() + 1;
        format!(
            concat!(
                "<w:r><w:rPr><w:noProof/></w:rPr><w:pict>",
                "<v:shapetype id=\"_x0000_t136\" coordsize=\"21600,21600\" o:spt=\"136\" adj=\"10800\" ",
                "path=\"m@7,l@8,m@5,21600l@6,21600e\"><v:formulas><v:f eqn=\"sum #0 0 10800\"/>",
                "<v:f eqn=\"prod #0 2 1\"/><v:f eqn=\"sum 21600 0 @1\"/><v:f eqn=\"sum 0 0 @2\"/>",
                "<v:f eqn=\"sum 21600 0 @3\"/><v:f eqn=\"if @0 @3 0\"/><v:f eqn=\"if @0 21600 @1\"/>",
                "<v:f eqn=\"if @0 0 @2\"/><v:f eqn=\"if @0 @4 21600\"/><v:f eqn=\"mid @5 @6\"/>",
                "<v:f eqn=\"mid @8 @5\"/><v:f eqn=\"mid @7 @8\"/><v:f eqn=\"mid @6 @7\"/>",
                "<v:f eqn=\"sum @6 0 @5\"/></v:formulas><v:path textpathok=\"t\" o:connecttype=\"custom\" ",
                "o:connectlocs=\"@9,0;@10,10800;@11,21600;@12,10800\" o:connectangles=\"270,180,90,0\"/>",
                "<v:textpath on=\"t\" fitshape=\"t\"/><v:handles><v:h position=\"#0,bottomRight\" ",
                "xrange=\"6629,14971\"/></v:handles><o:lock v:ext=\"edit\" text=\"t\" shapetype=\"t\"/>",
                "</v:shapetype>",
                "<v:shape id=\"PowerPlusWaterMarkObject{n}\" o:spid=\"_x0000_s{spid}\" type=\"#_x0000_t136\" ",
                "style=\"position:absolute;margin-left:0;margin-top:0;width:{width:.1}pt;height:{height:.1}pt;",
                "rotation:{rotation:.1};z-index:-251654144;mso-wrap-edited:f;",
                "mso-position-horizontal:center;mso-position-horizontal-relative:page;",
                "mso-position-vertical:center;mso-position-vertical-relative:page\" ",
                "o:allowincell=\"f\" fillcolor=\"{grey}\" stroked=\"f\">",
                "<v:fill opacity=\"1\"/>",
                "<v:textpath style=\"font-family:&quot;{font}&quot;;font-size:1pt;font-weight:bold\" string=\"{text}\"/>",
                "<w10:wrap anchorx=\"page\" anchory=\"page\"/></v:shape></w:pict></w:r>"
            ),
            n = n,
            spid = 2048 + n,
            width = width,
            height = size,
            rotation = rotation,
            grey = WATERMARK_GREY,
            font = esc(font),
            text = esc(text),
        )
    }

    /// A header: the page number centred (`so_trang` pt, upright), or
    /// nothing (the first page's); the draft mark when there is one.
    fn header_xml(&self, page_number: bool, mark: Option<&str>) -> String {
        let mut p = Para::new(Jc::Center, self.v.co_chu.so_trang, 0.0);
        p.line = 0;
        p.style = Some("Header");
        if let Some(m) = mark {
            p.runs.push(Run::Raw(m.to_string()));
        }
        if page_number {
            p.runs.push(Run::PageNumber(Style::new(self.v.co_chu.so_trang)));
        }
        let mut s = part_start("w:hdr", true);
        para_xml(&p, self.font.as_deref(), &mut s);
        s.push_str("</w:hdr>");
        s
    }

    /// A footer: ô 13's lines centred under a rule across the text width
    /// (`lien_he` pt, leading 0.15 em, 2 pt under the rule), or empty.
    fn footer_xml(&mut self, contact: Option<&[Inline]>) -> Result<String, String> {
        let v = self.v;
        let size = v.co_chu.lien_he;
        let mut p = Para::new(Jc::Center, size, v.line(size, v.khoang_cach.dong_bang));
        p.style = Some("Footer");
        if let Some(lines) = contact {
            p.border = Border::Top { sz: eighths(v.net_gach), space: 2 };
            for (i, l) in lines.iter().enumerate() {
                if i > 0 {
                    p.runs.push(Run::Break(Style::new(size)));
                }
                let runs = self.runs_no_notes(l, Style::new(size), "lien-he")?;
                p.runs.extend(runs);
            }
        }
        let mut s = part_start("w:ftr", false);
        para_xml(&p, self.font.as_deref(), &mut s);
        s.push_str("</w:ftr>");
        Ok(s)
    }

    // -- the body -------------------------------------------------------------

    fn document_xml(&mut self) -> String {
        let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
        s.push_str(&format!(
            "<w:document xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\" \
             xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><w:body>"
        ));
        let count = self.sections.len();
        let sections = std::mem::take(&mut self.sections);
        for (i, mut sec) in sections.into_iter().enumerate() {
            space_tables(&mut sec.items);
            let sect = sect_xml(&sec.props);
            let last = i + 1 == count;
            if !last {
                // A section ends in its last paragraph's properties.
                match sec.items.last_mut() {
                    Some(Item::P(p)) if p.sect.is_none() => p.sect = Some(sect.clone()),
                    _ => {
                        let mut p = Para::spacer(1.0);
                        p.sect = Some(sect.clone());
                        sec.items.push(Item::P(p));
                    }
                }
            } else if matches!(sec.items.last(), Some(Item::T(_)) | None) {
                // Word ends a body with a paragraph.
                sec.items.push(Item::P(Para::spacer(1.0)));
            }
            for item in &sec.items {
                match item {
                    Item::P(p) => para_xml(p, sec.font.as_deref(), &mut s),
                    Item::T(t) => table_xml(t, sec.font.as_deref(), &mut s),
                }
            }
            if last {
                s.push_str(&sect);
            }
        }
        s.push_str("</w:body></w:document>");
        s
    }
}

/// Gives each table the space it wants around it: on the paragraph before
/// and after it when there is one (the larger of both wins, as Typst's
/// block spacing does), else with an empty paragraph that high (two tables
/// always need one between them, or Word joins them).
fn space_tables(items: &mut Vec<Item>) {
    let mut i = 0;
    while i < items.len() {
        let (before, after) = match &items[i] {
            Item::T(t) => (t.before, t.after),
            Item::P(_) => {
                i += 1;
                continue;
            }
        };
        if i > 0 {
            match &mut items[i - 1] {
                Item::P(p) => p.after = p.after.max(before),
                Item::T(prev) => {
                    let h = prev.after.max(before);
                    items.insert(i, Item::P(Para::spacer(h as f64 / 20.0)));
                    i += 1;
                }
            }
        }
        // Not on a page's first paragraph after a break: Typst drops it there.
        if let Some(Item::P(p)) = items.get_mut(i + 1)
            && !p.page_break
        {
            p.before = p.before.max(after);
        }
        i += 1;
    }
}

// ---------------------------------------------------------------------------
// Serialization.

/// Escapes text for XML, dropping the characters XML 1.0 cannot hold.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn part_start(root: &str, vml: bool) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<{root} xmlns:w=\"{NS_W}\" xmlns:r=\"{NS_R}\""
    );
    if vml {
        s.push_str(concat!(
            " xmlns:v=\"urn:schemas-microsoft-com:vml\"",
            " xmlns:o=\"urn:schemas-microsoft-com:office:office\"",
            " xmlns:w10=\"urn:schemas-microsoft-com:office:word\""
        ));
    }
    s.push('>');
    s
}

fn fonts_xml(font: &str) -> String {
    let f = esc(font);
    format!("<w:rFonts w:ascii=\"{f}\" w:hAnsi=\"{f}\" w:eastAsia=\"{f}\" w:cs=\"{f}\"/>")
}

fn rpr_xml(st: &Style, font: Option<&str>, char_style: Option<&str>, sup: bool, out: &mut String) {
    out.push_str("<w:rPr>");
    if let Some(cs) = char_style {
        out.push_str(&format!("<w:rStyle w:val=\"{cs}\"/>"));
    }
    if let Some(f) = font {
        out.push_str(&fonts_xml(f));
    }
    if st.bold {
        out.push_str("<w:b/><w:bCs/>");
    }
    if st.italic {
        out.push_str("<w:i/><w:iCs/>");
    }
    if st.red {
        out.push_str(&format!("<w:color w:val=\"{RED}\"/>"));
    }
    out.push_str(&format!("<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>", st.hp));
    if sup {
        out.push_str("<w:vertAlign w:val=\"superscript\"/>");
    }
    out.push_str("</w:rPr>");
}

fn run_xml(r: &Run, font: Option<&str>, out: &mut String) {
    match r {
        Run::Text(t, st) => {
            out.push_str("<w:r>");
            rpr_xml(st, font, None, false, out);
            out.push_str(&format!("<w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(t)));
        }
        Run::Break(st) => {
            out.push_str("<w:r>");
            rpr_xml(st, font, None, false, out);
            out.push_str("<w:br/></w:r>");
        }
        // The forms' `(1)`: Word's own number of the note between
        // parentheses, so it stays right when the note is moved or another
        // is added (a custom mark would not, and LibreOffice shows it twice).
        Run::NoteRef { id, style, .. } => {
            let mut rpr = String::new();
            rpr_xml(style, font, Some("FootnoteReference"), true, &mut rpr);
            out.push_str(&format!(
                "<w:r>{rpr}<w:t>(</w:t></w:r><w:r>{rpr}<w:footnoteReference w:id=\"{id}\"/></w:r><w:r>{rpr}<w:t>)</w:t></w:r>"
            ));
        }
        Run::NoteMark(st) => {
            let mut rpr = String::new();
            rpr_xml(st, font, Some("FootnoteReference"), true, &mut rpr);
            out.push_str(&format!(
                "<w:r>{rpr}<w:t>(</w:t></w:r><w:r>{rpr}<w:footnoteRef/></w:r><w:r>{rpr}<w:t>)</w:t></w:r>"
            ));
        }
        Run::PageNumber(st) => {
            let mut rpr = String::new();
            rpr_xml(st, font, None, false, &mut rpr);
            out.push_str(&format!(
                concat!(
                    "<w:r>{0}<w:fldChar w:fldCharType=\"begin\"/></w:r>",
                    "<w:r>{0}<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>",
                    "<w:r>{0}<w:fldChar w:fldCharType=\"separate\"/></w:r>",
                    "<w:r>{0}<w:t>2</w:t></w:r>",
                    "<w:r>{0}<w:fldChar w:fldCharType=\"end\"/></w:r>"
                ),
                rpr
            ));
        }
        Run::PageBreak => out.push_str("<w:r><w:br w:type=\"page\"/></w:r>"),
        Run::Raw(x) => out.push_str(x),
    }
}

fn para_xml(p: &Para, font: Option<&str>, out: &mut String) {
    out.push_str("<w:p><w:pPr>");
    if let Some(st) = p.style {
        out.push_str(&format!("<w:pStyle w:val=\"{st}\"/>"));
    }
    if p.keep_next {
        out.push_str("<w:keepNext/>");
    }
    if p.page_break {
        out.push_str("<w:pageBreakBefore/>");
    }
    match &p.border {
        Border::None => {}
        Border::Top { sz, space } => {
            out.push_str(&format!(
                "<w:pBdr><w:top w:val=\"single\" w:sz=\"{sz}\" w:space=\"{space}\" w:color=\"000000\"/></w:pBdr>"
            ));
        }
        Border::Frame { sz, v, h, red, double } => {
            let color = if *red { RED } else { "000000" };
            let val = if *double { "double" } else { "single" };
            out.push_str("<w:pBdr>");
            for (side, space) in [("top", v), ("left", h), ("bottom", v), ("right", h)] {
                out.push_str(&format!(
                    "<w:{side} w:val=\"{val}\" w:sz=\"{sz}\" w:space=\"{space}\" w:color=\"{color}\"/>"
                ));
            }
            out.push_str("</w:pBdr>");
        }
    }
    if p.line > 0 {
        out.push_str(&format!(
            "<w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"{}\" w:lineRule=\"exact\"/>",
            p.before, p.after, p.line
        ));
    } else {
        out.push_str(&format!(
            "<w:spacing w:before=\"{}\" w:after=\"{}\" w:line=\"240\" w:lineRule=\"auto\"/>",
            p.before, p.after
        ));
    }
    out.push_str(&format!("<w:ind w:left=\"{}\" w:right=\"{}\" w:firstLine=\"{}\"/>", p.left, p.right, p.first));
    let jc = match p.jc {
        Jc::Left => "left",
        Jc::Center => "center",
        Jc::Right => "right",
        Jc::Both => "both",
    };
    out.push_str(&format!("<w:jc w:val=\"{jc}\"/>"));
    out.push_str("<w:rPr>");
    if let Some(f) = font {
        out.push_str(&fonts_xml(f));
    }
    out.push_str(&format!("<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/></w:rPr>", p.mark));
    if let Some(s) = &p.sect {
        out.push_str(s);
    }
    out.push_str("</w:pPr>");
    for r in &p.runs {
        run_xml(r, font, out);
    }
    out.push_str("</w:p>");
}

fn margins_xml(tag: &str, m: &[i64; 4], out: &mut String) {
    out.push_str(&format!(
        concat!(
            "<w:{0}><w:top w:w=\"{1}\" w:type=\"dxa\"/><w:left w:w=\"{2}\" w:type=\"dxa\"/>",
            "<w:bottom w:w=\"{3}\" w:type=\"dxa\"/><w:right w:w=\"{4}\" w:type=\"dxa\"/></w:{0}>"
        ),
        tag, m[0], m[1], m[2], m[3]
    ));
}

fn table_xml(t: &TableModel, font: Option<&str>, out: &mut String) {
    let total: i64 = t.grid.iter().sum();
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblW w:w=\"{total}\" w:type=\"dxa\"/><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblBorders>"
    ));
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        match t.borders {
            Some(sz) => {
                out.push_str(&format!("<w:{side} w:val=\"single\" w:sz=\"{sz}\" w:space=\"0\" w:color=\"000000\"/>"))
            }
            None => out.push_str(&format!("<w:{side} w:val=\"nil\"/>")),
        }
    }
    out.push_str("</w:tblBorders><w:tblLayout w:type=\"fixed\"/>");
    margins_xml("tblCellMar", &t.margins, out);
    out.push_str("<w:tblLook w:val=\"0000\" w:firstRow=\"0\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
    for g in &t.grid {
        out.push_str(&format!("<w:gridCol w:w=\"{g}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    for r in &t.rows {
        out.push_str("<w:tr>");
        if r.cant_split || r.header {
            out.push_str("<w:trPr>");
            if r.cant_split {
                out.push_str("<w:cantSplit/>");
            }
            if r.header {
                out.push_str("<w:tblHeader/>");
            }
            out.push_str("</w:trPr>");
        }
        for c in &r.cells {
            out.push_str(&format!("<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>", c.width));
            if c.span > 1 {
                out.push_str(&format!("<w:gridSpan w:val=\"{}\"/>", c.span));
            }
            if let Some(m) = &c.margins {
                margins_xml("tcMar", m, out);
            }
            out.push_str(&format!("<w:vAlign w:val=\"{}\"/></w:tcPr>", c.valign));
            for p in &c.paras {
                para_xml(p, font, out);
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

fn sect_xml(p: &SectProps) -> String {
    let mut s = String::from("<w:sectPr>");
    s.push_str(&format!("<w:headerReference w:type=\"default\" r:id=\"{}\"/>", header_id(p.header_default)));
    s.push_str(&format!("<w:headerReference w:type=\"first\" r:id=\"{}\"/>", header_id(p.header_first)));
    if let Some(f) = p.footer_default {
        s.push_str(&format!("<w:footerReference w:type=\"default\" r:id=\"{}\"/>", footer_id(f)));
    }
    if let Some(f) = p.footer_first {
        s.push_str(&format!("<w:footerReference w:type=\"first\" r:id=\"{}\"/>", footer_id(f)));
    }
    // Each document of a combined file numbers its notes from (1).
    s.push_str("<w:footnotePr><w:numRestart w:val=\"eachSect\"/></w:footnotePr>");
    s.push_str("<w:type w:val=\"nextPage\"/>");
    if p.landscape {
        s.push_str(&format!("<w:pgSz w:w=\"{A4_LONG}\" w:h=\"{A4_SHORT}\" w:orient=\"landscape\"/>"));
    } else {
        s.push_str(&format!("<w:pgSz w:w=\"{A4_SHORT}\" w:h=\"{A4_LONG}\"/>"));
    }
    let [top, bottom, left, right] = p.margins;
    s.push_str(&format!(
        "<w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/>",
        mm(HEADER_MM),
        mm(FOOTER_MM)
    ));
    if p.restart {
        s.push_str("<w:pgNumType w:start=\"1\"/>");
    }
    s.push_str("<w:cols w:space=\"720\"/><w:titlePg/></w:sectPr>");
    s
}

/// The relationship id of header `i` (0-based) in `document.xml.rels`.
pub fn header_id(i: usize) -> String {
    format!("rIdH{}", i + 1)
}

pub fn footer_id(i: usize) -> String {
    format!("rIdF{}", i + 1)
}

fn footnotes_xml(notes: &[String]) -> String {
    let mut s = part_start("w:footnotes", false);
    s.push_str(concat!(
        "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:ind w:firstLine=\"0\"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>",
        "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
        "<w:ind w:firstLine=\"0\"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>"
    ));
    for n in notes {
        s.push_str(n);
    }
    s.push_str("</w:footnotes>");
    s
}

fn styles_xml(v: &Values, font: &str) -> String {
    let s = &v.co_chu;
    let body = hp(s.noi_dung);
    let note = hp(s.chu_thich);
    format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{ns}\">",
            "<w:docDefaults><w:rPrDefault><w:rPr>{fonts}<w:sz w:val=\"{body}\"/><w:szCs w:val=\"{body}\"/>",
            "<w:lang w:val=\"vi-VN\" w:eastAsia=\"vi-VN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>",
            "<w:pPrDefault><w:pPr><w:widowControl/><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault>",
            "</w:docDefaults>",
            "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>",
            "<w:pPr><w:spacing w:before=\"0\" w:after=\"{after}\" w:line=\"{line}\" w:lineRule=\"exact\"/>",
            "<w:ind w:firstLine=\"{indent}\"/><w:jc w:val=\"both\"/></w:pPr></w:style>",
            "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">",
            "<w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>",
            "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>",
            "<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>",
            "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>",
            "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"FootnoteText\"><w:name w:val=\"footnote text\"/>",
            "<w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
            "<w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{note_line}\" w:lineRule=\"exact\"/><w:ind w:firstLine=\"0\"/></w:pPr>",
            "<w:rPr><w:sz w:val=\"{note}\"/><w:szCs w:val=\"{note}\"/></w:rPr></w:style>",
            "<w:style w:type=\"character\" w:styleId=\"FootnoteReference\"><w:name w:val=\"footnote reference\"/>",
            "<w:basedOn w:val=\"DefaultParagraphFont\"/><w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>",
            "<w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/>",
            "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
            "<w:ind w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr></w:style>",
            "<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/>",
            "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>",
            "<w:ind w:firstLine=\"0\"/><w:jc w:val=\"center\"/></w:pPr></w:style>",
            "</w:styles>"
        ),
        ns = NS_W,
        fonts = fonts_xml(font),
        body = body,
        after = tw(v.cach_doan),
        line = tw(v.line(s.noi_dung, v.khoang_dong)),
        indent = mm(v.thut_dau_dong),
        note_line = tw(v.line(s.chu_thich, v.khoang_cach.dong_bang)),
        note = note,
    )
}

fn settings_xml(footnotes: bool) -> String {
    format!(
        concat!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"{}\">",
            "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>",
            "<w:characterSpacingControl w:val=\"doNotCompress\"/>{}",
            "<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>",
            "<w:themeFontLang w:val=\"vi-VN\"/></w:settings>"
        ),
        NS_W,
        if footnotes { "<w:footnotePr><w:footnote w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr>" } else { "" },
    )
}
