//! The Word backend: an intermediate XML document, filled in by a
//! MiniJinja template, turned into a .docx (WordprocessingML) laid out as
//! `templates/vanban.typ` lays out the PDF: the same sizes, weights, header
//! layout, spacing and margins, from the same chosen values
//! (`templates/the-thuc.yaml`, [`Values`]).
//!
//! [`build`] and [`build_many`] are pure: the same input gives the same
//! bytes (fixed part order, zip entries dated 1980-01-01, no random ids).
//! A malformed input (an unknown element, a bad attribute) is an `Err` in
//! Vietnamese naming the element: it is a template's bug, not the data's.
//!
//! # The vocabulary
//!
//! UTF-8 XML without namespaces. The content of a text element is *inline
//! text*: runs of XML whitespace (space, tab, newline) collapse to one space
//! and the text's ends are trimmed, also around each `<br/>` (a line break);
//! a no-break space (U+00A0) is text and stays (the blanks of a draft's
//! number). Text is printed as written (already NFC, already in capitals).
//!
//! Inline elements, in any text element: `<b>`, `<i>` (nestable), `<br/>`,
//! `<chu-thich>` (a footnote: the mark `(n)` in superscript, numbered from 1
//! in each document; not in `<lien-he>`).
//!
//! ```xml
//! <van-ban tieu-de="…" tac-gia="…" phong-chu="Times New Roman" ngang="false"
//!          le="20 20 30 15" ngay="2024-03-07" du-thao-cheo="DỰ THẢO">
//!   <lien-he>Địa chỉ: …</lien-he>            <!-- 0..n: foot of page 1 -->
//!   <dau>                                     <!-- ô 1–5a, 9a–11 -->
//!     <co-quan-chu-quan>…</co-quan-chu-quan>  <!-- optional -->
//!     <co-quan-ban-hanh>…<br/>…</co-quan-ban-hanh>
//!     <so-ky-hieu>05/KH-UBND</so-ky-hieu>     <!-- optional: no Số line -->
//!     <dia-danh-ngay>…</dia-danh-ngay>
//!     <du-thao>DỰ THẢO</du-thao> <do-mat>…</do-mat> <do-khan>KHẨN</do-khan>
//!     <luu-hanh>…</luu-hanh>                  <!-- optional framed marks -->
//!     <ten-loai>KẾ HOẠCH</ten-loai>
//!     <trich-yeu>…</trich-yeu> <kem-theo>…</kem-theo>  <!-- optional -->
//!     <kinh-gui>…</kinh-gui>                  <!-- 0..n -->
//!   </dau>
//!   <dau-bao-cao>                             <!-- a report's header, Mẫu 08 -->
//!     <mau-so/> <nghi-dinh/> <dia-danh-ngay/> <ten-loai/> <de-nghi/>
//!     <dot-thi-dua/> <ten/>                   <!-- all optional -->
//!   </dau-bao-cao>
//!   <can-cu>…</can-cu>                        <!-- italic body paragraph -->
//!   <doan thut="false" giua="true">…</doan>   <!-- body paragraph; giua: centred; thut="false":
//!                                                no first-line indent -->
//!   <muc cap="1|2|3" so="I." tieu-de="true|false">…</muc>
//!   <y so="-" tieu-de="false">…</y>
//!   <bang cot="15 60 25" canh="center left left" dem="4">  <!-- dem: the cells'
//!                                             inset above and below, pt -->
//!     <hang tieu-de="true"><o>…</o>…</hang>   <!-- header rows, repeated -->
//!     <hang nhom="true"><o>…</o></hang>       <!-- a group's title row -->
//!     <hang><o gop="2">…</o>…</hang>         <!-- stays whole on a page -->
//!     <hang tach="true">…</hang>              <!-- may split across pages -->
//!     <hang><o><dong>…</dong><dong thut="true">…</dong></o></hang>
//!                                             <!-- a cell of several paragraphs;
//!                                                thut: a list's line, indented -->
//!   </bang>
//!   <noi-nhan-va-chu-ky>
//!     <noi-nhan><nguoi/> <nhom/> <luu/> <soan-thao/></noi-nhan>  <!-- optional -->
//!     <chu-ky><quyen-han/>… <chuc-vu/> <anh-ky/> <ho-ten/></chu-ky>
//!                                             <!-- anh-ky: an electronic issue's
//!                                                images (attributes chu-ky,
//!                                                ti-le-chu-ky, con-dau,
//!                                                con-dau-mm, ti-le-dau) -->
//!   </noi-nhan-va-chu-ky>
//!   <chu-ky-bao-cao>
//!     <trai><tieu-de/> <ghi-chu/> <chuc-vu/> <ho-ten/></trai>
//!     <phai>…</phai>
//!   </chu-ky-bao-cao>
//!   <phu-luc so="I" ten="…" kem-theo="…"/>    <!-- an annex: the blocks after
//!                                                it (or inside it) are its;
//!                                                rieng="true": its own file,
//!                                                no new page -->
//!   <ngat-trang/>                             <!-- a page break -->
//!   <o-8>…<br/>…</o-8>                        <!-- ô 8 of an electronic phụ lục
//!                                                in its own file: top right -->
//!   <ghi-chu>…</ghi-chu>                      <!-- italic body paragraph -->
//! </van-ban>
//! ```
//!
//! `<nghi-dinh>` is printed `(Kèm theo …)`, as `vanban.typ`'s
//! `dau-bao-cao` prints it. `thut` is also allowed on `<can-cu>` and
//! `<ghi-chu>`. A `<hang nhom="true">` of one cell spans every
//! column. `le` is in mm (top bottom left right); without it the chosen
//! margins apply.
//!
//! # The output
//!
//! A4 (landscape with `ngang="true"`), the margins of `le`; page numbers
//! centred in the top margin from page 2 (a default header with a PAGE
//! field, an empty first-page header, `titlePg`); a phụ lục is a new
//! section whose numbers start again from 1; ô 13 in the first page's
//! footer; the draft mark (`du-thao-cheo`) a grey VML text shape behind the
//! text in every header. A footnote is a real Word footnote whose reference
//! run holds the custom mark `(n)` after `w:footnoteReference
//! w:customMarkFollows="1"` (as Word and LibreOffice write custom marks);
//! its text starts with the same mark. The header (`dau`) and the signature blocks are
//! borderless tables; rules are paragraphs of a 1 pt line with a top border,
//! their length set by their indents, measured with [`Measure`] as the PDF
//! sets the text.

mod package;
mod read;
mod values;
mod write;

#[cfg(test)]
mod tests;

pub use values::{Margins, Sizes, Values};

/// Measures text as the PDF sets it, to size the short rules (under the
/// agency name, the trích yếu, the tiêu ngữ) at the PDF's lengths.
pub trait Measure: Sync {
    /// The advance width of `text` set in `size_pt` (pt).
    fn width(&self, text: &str, size_pt: f64, bold: bool) -> f64;
    /// The bytes of the PNG image named `name` in the vocabulary (the
    /// signature and seal of an electronic issue), if there is one.
    fn image(&self, _name: &str) -> Option<Vec<u8>> {
        None
    }
}

/// One .docx from one intermediate document (a `<van-ban>` root).
pub fn build(source: &str, values: &Values, measure: &dyn Measure) -> Result<Vec<u8>, String> {
    build_many(&[source], values, measure)
}

/// One .docx from several documents of the same kind, each starting on a
/// new page (the combined invitations), its page numbers and footnote marks
/// from 1 again; document properties from the first.
pub fn build_many(sources: &[&str], values: &Values, measure: &dyn Measure) -> Result<Vec<u8>, String> {
    if sources.is_empty() {
        return Err("không có văn bản nào để làm tệp .docx".to_string());
    }
    let mut docs = Vec::with_capacity(sources.len());
    for (i, s) in sources.iter().enumerate() {
        let doc =
            read::parse(s).map_err(|e| if sources.len() > 1 { format!("văn bản thứ {}: {e}", i + 1) } else { e })?;
        docs.push(doc);
    }
    let parts = write::write(&docs, values, measure)?;
    package::package(&docs[0], &parts)
}
