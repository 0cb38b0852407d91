//! The Typst → PDF backend: a generated Typst source laid out and exported
//! to PDF (PDF/A-2b by default), with Typst linked in.
//!
//! The [`Typesetter`] holds what every document shares ([`world::Resources`]):
//! the fonts from `fonts/` (read once, without their hinting: see
//! [`dehint`]), the standard library, and the files of `templates/` (read
//! once each). Each compilation sees a [`world::DocWorld`] whose main file is
//! the generated source.

pub mod archive;
pub mod dehint;
pub mod stitch;
pub mod world;

use std::path::Path;

use typst::foundations::{Bytes, Datetime, Dict, Smart, Value};
use typst::layout::Abs;
use typst::syntax::{RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontStyle, FontVariations};
use typst::{Library, LibraryExt};
use typst_layout::PagedDocument;
use walkdir::WalkDir;

use crate::diag::Problem;
pub use world::TypstProblem;
use world::{DocWorld, Resources};

/// The font families vanban looks for, in order of preference.
pub const FAMILIES: [&str; 2] = ["Times New Roman", "Liberation Serif"];

pub struct Typesetter {
    /// The family the documents are set in.
    pub family: String,
    /// Whether PDFs conform to PDF/A-2b (archive grade), the default; else
    /// plain PDF.
    pub archive: bool,
    /// The day the run started (or `SOURCE_DATE_EPOCH`'s, when set, for
    /// reproducible builds): the date of a draft's PDF.
    today: Datetime,
    resources: Resources,
}

impl Typesetter {
    /// Loads the fonts of `fonts_dir` and prepares to read `templates_dir`.
    pub fn new(templates_dir: &Path, fonts_dir: &Path) -> Result<Self, Problem> {
        let root = templates_dir
            .canonicalize()
            .map_err(|_| Problem::new(templates_dir, "không tìm thấy thư mục mẫu (templates)"))?;
        if !fonts_dir.is_dir() {
            return Err(Problem::new(
                fonts_dir,
                "không tìm thấy thư mục phông chữ; vanban cần fonts/ với Liberation Serif hoặc Times New Roman",
            ));
        }
        let mut fonts = Vec::new();
        for entry in WalkDir::new(fonts_dir).sort_by_file_name().into_iter().filter_map(Result::ok) {
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
            if !matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
                continue;
            }
            let data = std::fs::read(path).map_err(|e| Problem::new(path, format!("không đọc được phông chữ: {e}")))?;
            // Without its hinting, unless Typst could not read it so.
            let mut found: Vec<Font> =
                dehint::dehint(&data).map(|d| Font::iter(Bytes::new(d)).collect()).unwrap_or_default();
            if found.is_empty() {
                found = Font::iter(Bytes::new(data)).collect();
            }
            let before = fonts.len();
            fonts.extend(found);
            if fonts.len() == before {
                return Err(Problem::new(path, "tệp này không phải phông chữ đọc được"));
            }
        }
        let book = FontBook::from_fonts(&fonts);
        let family = FAMILIES
            .iter()
            .find(|f| book.contains_family(&f.to_lowercase()))
            .ok_or_else(|| {
                Problem::new(
                    fonts_dir,
                    "thư mục phông chữ không có Times New Roman hay Liberation Serif; hãy đặt các tệp .ttf vào đây",
                )
            })?
            .to_string();
        let mut inputs = Dict::new();
        inputs.insert("font".into(), Value::Str(family.as_str().into()));
        let library = Library::builder().with_inputs(inputs).build();
        Ok(Typesetter { family, archive: true, today: today(), resources: Resources::new(library, book, fonts, root) })
    }

    /// The bytes of every font file read, once each (for the build record).
    pub fn font_data(&self) -> impl Iterator<Item = &[u8]> {
        let mut seen = std::collections::HashSet::new();
        self.resources.fonts.iter().map(|f| f.data().as_slice()).filter(move |d| seen.insert(d.as_ptr()))
    }

    /// The width in points of `text` set on one line in the documents'
    /// family at `size` points, upright, bold or regular: the sum of its
    /// glyphs' advances (no kerning), for the other backends to size what
    /// the PDF sizes from its layout (the rules under a title).
    pub fn text_width(&self, text: &str, size: f64, bold: bool) -> f64 {
        let family = self.family.to_lowercase();
        let weight = if bold { 700 } else { 400 };
        let font = self
            .resources
            .fonts
            .iter()
            .filter(|f| f.info().family.to_lowercase() == family && f.info().variant.style == FontStyle::Normal)
            .min_by_key(|f| (f.info().variant.weight.to_number() as i32 - weight).abs());
        let Some(font) = font else { return 0.0 };
        let inst = font.clone().instantiate(font.info().variant, Abs::pt(size), &FontVariations::default());
        let face = inst.ttf();
        let ems: f64 =
            text.chars().filter_map(|c| face.glyph_index(c).and_then(|g| inst.x_advance(g.0))).map(|em| em.get()).sum();
        ems * size
    }

    /// Lays out `source`, Typst generated from the document at `name` (its
    /// path below the data folder), as a PDF titled `title`.
    ///
    /// Every source generated from one document is compiled as the same
    /// file, and the title is set here rather than in Typst: the invitations
    /// of a congress then differ only where their data does, and Typst's
    /// layout cache serves the rest of each from the one before.
    pub fn compile(&self, name: &Path, title: &str, source: String) -> Result<PagedDocument, Vec<TypstProblem>> {
        let vpath = format!("/.vanban/{}.typ", name.display());
        let vpath = VirtualPath::new(&vpath).unwrap_or_else(|_| VirtualPath::new("/.vanban/main.typ").unwrap());
        let id = RootedPath::new(VirtualRoot::Project, vpath).intern();
        let world = DocWorld { res: &self.resources, main: Source::new(id, source) };
        let warned = typst::compile::<PagedDocument>(&world);
        let mut laid = warned.output.map_err(|errors| errors.iter().map(|d| world.problem(d)).collect::<Vec<_>>())?;
        laid.info_mut().title = Some(title.into());
        Ok(laid)
    }

    /// One document of the pages of several, in order, under `title` (the
    /// print file of the invitations), with the first one's other metadata:
    /// no page is laid out again.
    pub fn combine(&self, docs: &[PagedDocument], title: &str) -> Option<PagedDocument> {
        use typst::model::Document as _;
        let mut info = docs.first()?.info().clone();
        info.title = Some(title.into());
        Some(PagedDocument::new(docs.iter().flat_map(|d| d.pages().iter().cloned()).collect(), info))
    }

    /// The characters no font had, so they were set as empty boxes, in the
    /// order they appear (once each).
    pub fn missing_glyphs(doc: &PagedDocument) -> Vec<char> {
        fn walk(frame: &typst::layout::Frame, out: &mut Vec<char>) {
            for (_, item) in frame.items() {
                match item {
                    typst::layout::FrameItem::Group(g) => walk(&g.frame, out),
                    typst::layout::FrameItem::Text(t) => {
                        for g in t.glyphs.iter().filter(|g| g.id == 0) {
                            for c in t.text[g.range()].chars().filter(|c| !c.is_whitespace()) {
                                if !out.contains(&c) {
                                    out.push(c);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        for page in doc.pages() {
            walk(&page.frame, &mut out);
        }
        out
    }

    /// The PDF of a laid-out document, PDF/A-2b unless `archive` is off; the
    /// same input gives the same bytes.
    pub fn pdf(&self, doc: &PagedDocument, ident: &str) -> Result<Vec<u8>, Vec<TypstProblem>> {
        self.export(doc, ident, true)
    }

    /// The PDF of part of a file to be joined ([`stitch`]), which leaves the
    /// structure tree out: it is not made, so the part is smaller and read
    /// faster.
    pub fn part_pdf(&self, doc: &PagedDocument, ident: &str) -> Result<Vec<u8>, Vec<TypstProblem>> {
        self.export(doc, ident, false)
    }

    fn export(&self, doc: &PagedDocument, ident: &str, tagged: bool) -> Result<Vec<u8>, Vec<TypstProblem>> {
        let standards = if self.archive {
            typst_pdf::PdfStandards::new(&[typst_pdf::PdfStandard::A_2b]).expect("PDF/A-2b alone is a valid choice")
        } else {
            typst_pdf::PdfStandards::default()
        };
        let options = typst_pdf::PdfOptions {
            ident: Smart::Custom(ident.to_string()),
            creator: Smart::Custom(Some(format!("vanban {}", env!("CARGO_PKG_VERSION")))),
            // The date of a PDF whose document sets none (a draft's).
            timestamp: Some(typst_pdf::Timestamp::new_utc(self.today)),
            standards,
            tagged,
            ..Default::default()
        };
        typst_pdf::pdf(doc, &options)
            .map(archive::unambiguous_stream_ends)
            .map_err(|errors| errors.iter().map(|d| TypstProblem::message(d.message.to_string())).collect())
    }
}

/// The date of a PDF whose document sets none: today, or the day of
/// `SOURCE_DATE_EPOCH` (seconds since 1970, UTC) when set, as reproducible
/// builds ask.
fn today() -> Datetime {
    use chrono::Datelike;
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<i64>().ok());
    let d = match epoch.and_then(|s| chrono::DateTime::from_timestamp(s, 0)) {
        Some(t) => t.date_naive(),
        None => chrono::Local::now().date_naive(),
    };
    Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8).expect("today is a date")
}
