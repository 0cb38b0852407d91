//! What the tests read off a laid-out document: text runs with their
//! position, size and font, and the rules (lines) drawn, page by page.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::text::FontStyle;
use typst::visualize::Geometry;
use typst_layout::PagedDocument;
use vanban::build::{Engine, Paths};
use vanban::source::discover::{self as load, Source};

pub const MM: f64 = 72.0 / 25.4;

/// The repository's own folders.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// An engine over `data`, with the repository's templates and fonts.
pub fn engine(data: &Path, out: &Path) -> Engine {
    Engine::new(Paths {
        data: data.to_path_buf(),
        templates: repo().join("templates"),
        fonts: repo().join("fonts"),
        out: out.to_path_buf(),
    })
    .expect("engine")
}

/// The source of the document at `rel` below `data`.
pub fn source(data: &Path, rel: &str) -> Source {
    let (sources, problems) = load::discover(data, &[]);
    assert!(problems.is_empty(), "{problems:?}");
    sources.into_iter().find(|s| s.rel == Path::new(rel)).unwrap_or_else(|| panic!("no document {rel}"))
}

/// Lays out one document (its first part).
pub fn lay_out(engine: &Engine, src: &Source) -> PagedDocument {
    lay_out_part(engine, src, 0)
}

/// Lays out part `index` of a document; a print file made of other parts
/// is put together as the batch does.
pub fn lay_out_part(engine: &Engine, src: &Source, index: usize) -> PagedDocument {
    let doc = engine.load(src).unwrap_or_else(|p| panic!("{p:?}"));
    let part = &doc.parts[index];
    if !part.gather.is_empty() {
        let members: Vec<PagedDocument> = part.gather.iter().map(|&m| lay_out_part(engine, src, m)).collect();
        return engine.typesetter.combine(&members, &part.title).expect("pages to gather");
    }
    let typ = engine.render(&doc, part).unwrap_or_else(|p| panic!("{p:?}"));
    engine.lay_out(&doc, part, &typ).unwrap_or_else(|p| panic!("{p:?}\n{typ}"))
}

/// A run of text as laid out (positions in pt from the page's top left; `y`
/// is the baseline).
#[derive(Debug, Clone)]
pub struct Run {
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub size: f64,
    pub text: String,
    pub family: String,
    pub bold: bool,
    pub italic: bool,
    /// The baseline's direction, in degrees anticlockwise on the page (0 for
    /// ordinary text).
    pub angle: f64,
    /// The text's grey level when it is set in a solid colour (0 black, 1 white).
    pub grey: Option<f64>,
}

/// A straight line drawn on a page.
#[derive(Debug, Clone)]
pub struct Rule {
    pub page: usize,
    pub x: f64,
    pub y: f64,
    pub length: f64,
}

#[derive(Debug, Default)]
pub struct Laid {
    /// The text, in layout order.
    pub runs: Vec<Run>,
    /// Text set at an angle (a draft's mark across the page), kept apart
    /// from `runs`, with the number of `runs` laid out before each.
    pub marks: Vec<(usize, Run)>,
    pub rules: Vec<Rule>,
    pub pages: Vec<(f64, f64)>,
}

impl Laid {
    pub fn of(doc: &PagedDocument) -> Laid {
        let mut laid = Laid::default();
        for (i, page) in doc.pages().iter().enumerate() {
            let size = page.frame.size();
            laid.pages.push((size.x.to_pt(), size.y.to_pt()));
            walk(&page.frame, Transform::identity(), i + 1, &mut laid);
        }
        laid
    }

    /// All text in layout order, joined without separators: comparisons
    /// ignore whitespace (line breaks, justification).
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// The runs set at an angle: a draft's mark, once per page.
    #[allow(dead_code)]
    pub fn mark_runs(&self) -> Vec<&Run> {
        self.marks.iter().map(|(_, r)| r).collect()
    }

    /// The runs of one page.
    pub fn page(&self, page: usize) -> impl Iterator<Item = &Run> {
        self.runs.iter().filter(move |r| r.page == page)
    }

    /// The runs whose text contains `needle`.
    pub fn find(&self, needle: &str) -> Vec<&Run> {
        self.runs.iter().filter(|r| r.text.contains(needle)).collect()
    }

    /// The lines (runs on one page and baseline, joined with single spaces)
    /// whose whole text is `line`: `I. BETA` does not match `II. BETA`.
    pub fn lines_equal(&self, line: &str) -> Vec<String> {
        let mut seen: Vec<(usize, i64)> = Vec::new();
        let mut out = Vec::new();
        for r in &self.runs {
            let key = (r.page, (r.y * 2.0).round() as i64);
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let mut on: Vec<&Run> = self.runs.iter().filter(|o| o.page == r.page && (o.y - r.y).abs() < 0.5).collect();
            on.sort_by(|a, b| a.x.total_cmp(&b.x));
            let text = on.iter().map(|o| o.text.trim()).filter(|t| !t.is_empty()).collect::<Vec<_>>().join(" ");
            if squeeze(&text) == squeeze(line) {
                out.push(text);
            }
        }
        out
    }

    /// The runs of the line (same page and baseline) of the first run
    /// containing `needle`.
    pub fn line_of(&self, needle: &str) -> Vec<&Run> {
        let first = self.find(needle);
        let first = first.first().unwrap_or_else(|| panic!("no text {needle:?}"));
        self.runs.iter().filter(|r| r.page == first.page && (r.y - first.y).abs() < 0.5).collect()
    }
}

/// Left and right ends of a set of runs.
pub fn extent(runs: &[&Run]) -> (f64, f64) {
    let left = runs.iter().map(|r| r.x).fold(f64::INFINITY, f64::min);
    let right = runs.iter().map(|r| r.x + r.width).fold(f64::NEG_INFINITY, f64::max);
    (left, right)
}

fn walk(frame: &Frame, ts: Transform, page: usize, laid: &mut Laid) {
    for (pos, item) in frame.items() {
        let at = |p: Point| p.transform(ts);
        match item {
            FrameItem::Group(group) => {
                let inner = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(group.transform);
                walk(&group.frame, inner, page, laid);
            }
            FrameItem::Text(text) => {
                let p = at(*pos);
                let info = text.font.font().info();
                // The ink's width: a justified line's trailing space is not text.
                let trailing: f64 = text
                    .glyphs
                    .iter()
                    .rev()
                    .take_while(|g| text.text[g.range()].chars().all(char::is_whitespace))
                    .map(|g| g.x_advance.at(text.size).to_pt())
                    .sum();
                let run = Run {
                    page,
                    x: p.x.to_pt(),
                    y: p.y.to_pt(),
                    width: text.width().to_pt() - trailing,
                    size: text.size.to_pt(),
                    text: text.text.to_string(),
                    family: info.family.clone(),
                    bold: info.variant.weight.to_number() >= 600,
                    italic: info.variant.style != FontStyle::Normal,
                    // y grows downwards on the page.
                    angle: -ts.ky.get().atan2(ts.sx.get()).to_degrees(),
                    grey: match &text.fill {
                        typst::visualize::Paint::Solid(c) => Some(c.to_luma().luma as f64),
                        _ => None,
                    },
                };
                if run.angle.abs() > 0.01 {
                    laid.marks.push((laid.runs.len(), run));
                } else {
                    laid.runs.push(run);
                }
            }
            FrameItem::Shape(shape, _) => {
                if let Geometry::Line(to) = shape.geometry {
                    let p = at(*pos);
                    laid.rules.push(Rule {
                        page,
                        x: p.x.to_pt(),
                        y: p.y.to_pt(),
                        length: to.x.to_pt().abs().max(to.y.to_pt().abs()),
                    });
                }
            }
            _ => {}
        }
    }
}

/// Text without any whitespace (NBSP included), for comparisons that ignore
/// line breaks and spacing.
pub fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A readable account of where two squeezed texts first differ.
pub fn first_difference(expected: &str, actual: &str) -> Option<String> {
    let e: Vec<char> = expected.chars().collect();
    let a: Vec<char> = actual.chars().collect();
    let i = e.iter().zip(&a).take_while(|(x, y)| x == y).count();
    if i == e.len() && i == a.len() {
        return None;
    }
    let ctx = |v: &[char]| v[i.saturating_sub(40)..(i + 40).min(v.len())].iter().collect::<String>();
    Some(format!("at char {i}:\n  expected …{}…\n  actual   …{}…", ctx(&e), ctx(&a)))
}

/// A data folder made of `(path, contents)` pairs, in a temporary folder.
pub fn data_dir(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

/// An agency file for test data.
pub const AGENCY: &str = "\
co_quan_ban_hanh: |-
  ỦY BAN NHÂN DÂN
  TỈNH LAI CHÂU
viet_tat: UBND
dia_danh: Lai Châu
nguoi_ky:
  quyen_han: TM.
  tap_the: Ủy ban nhân dân
  chuc_vu: Chủ tịch
  ho_ten: Lê Văn Lương
noi_nhan:
  - Các sở, ban, ngành tỉnh
luu: VT, TH4
";

/// A small valid plan.
pub const PLAN: &str = "\
loai: ke-hoach
so: 5
ngay: 07/03/2024
trich_yeu: Tổ chức Đại hội Thi đua
can_cu:
  - Căn cứ Luật Thi đua, khen thưởng
noi_dung:
  - muc: Mục đích, yêu cầu
    noi_dung:
      - muc: Đánh giá kết quả.
  - muc: Tổ chức thực hiện
    noi_dung:
      - Các sở, ngành thực hiện.
ket_thuc: Yêu cầu các cơ quan triển khai thực hiện.
";

/// Copies the tree `from` (files and folders) into `to`.
#[allow(dead_code)]
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from).into_iter().filter_map(Result::ok) {
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// The layout's templates (not the starters of `vanban new`) in a temporary
/// copy, to change in a test.
#[allow(dead_code)]
pub fn templates_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(repo().join("templates")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

/// What a run of the binary did: its exit and what it printed.
pub struct CliRun {
    pub ok: bool,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs vanban in the project folder `dir` (which holds `data/`); `build`
/// and `check` use the repository's templates and fonts.
pub fn vanban_in(dir: &Path, args: &[&str]) -> CliRun {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_vanban"));
    cmd.current_dir(dir).args(args);
    if matches!(args.first(), Some(&"build" | &"check")) {
        cmd.arg("--templates").arg(repo().join("templates")).arg("--fonts").arg(repo().join("fonts"));
    }
    let out = cmd.output().unwrap();
    CliRun {
        ok: out.status.success(),
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// One laid-out line: the runs on one page and baseline (a superscript,
/// such as a footnote's number, belongs to the line it is raised from), in
/// order from the left.
#[derive(Debug, Clone)]
pub struct Line<'a> {
    pub page: usize,
    /// The baseline of its main text.
    pub y: f64,
    pub runs: Vec<&'a Run>,
    pub left: f64,
    pub right: f64,
    /// Its text, the runs joined as laid out.
    pub text: String,
    /// The size of its main text (the largest).
    pub size: f64,
}

impl Laid {
    /// Every line, page by page from the top, each line's runs from the
    /// left. Runs on one baseline make one line whatever their distance
    /// (the columns of a grid or a table share a line); a smaller run raised
    /// by less than half its line's size and touching one of its runs (a
    /// footnote's number) joins the line below it.
    pub fn lines(&self) -> Vec<Line<'_>> {
        let mut by_size: Vec<&Run> = self.runs.iter().filter(|r| !r.text.trim().is_empty()).collect();
        // Larger text first: it defines the baselines.
        by_size.sort_by(|a, b| b.size.total_cmp(&a.size));
        let mut lines: Vec<Line> = Vec::new();
        for r in by_size {
            let raised_beside = |l: &Line| {
                r.size < l.size - 0.1
                    && r.y < l.y
                    && l.y - r.y < 0.5 * l.size
                    && l.runs.iter().any(|o| (r.x - (o.x + o.width)).abs() < 1.5 || (o.x - (r.x + r.width)).abs() < 1.5)
            };
            let home = lines.iter_mut().find(|l| l.page == r.page && ((l.y - r.y).abs() < 0.5 || raised_beside(l)));
            match home {
                Some(l) => l.runs.push(r),
                None => lines.push(Line {
                    page: r.page,
                    y: r.y,
                    runs: vec![r],
                    left: 0.0,
                    right: 0.0,
                    text: String::new(),
                    size: r.size,
                }),
            }
        }
        for l in &mut lines {
            l.runs.sort_by(|a, b| a.x.total_cmp(&b.x));
            (l.left, l.right) = extent(&l.runs);
            l.text = l.runs.iter().map(|r| r.text.as_str()).collect();
        }
        lines.sort_by(|a, b| (a.page, a.y).partial_cmp(&(b.page, b.y)).unwrap());
        lines
    }
}

/// A document of the repository's `data/` as laid out: the output it is
/// made for (for messages), its Typst source and its layout.
pub struct Sample {
    pub name: String,
    pub typ: String,
    pub laid: Laid,
}

/// Every document of the repository's `data/`, each part laid out on its
/// own (every invitation, not the print files and packs gathered from them).
pub fn samples() -> Vec<Sample> {
    samples_with(&repo().join("templates"))
}

/// [`samples`] laid out with the templates in `templates`.
pub fn samples_with(templates: &Path) -> Vec<Sample> {
    let data = repo().join("data");
    let out = tempfile::tempdir().unwrap();
    let engine = Engine::new(Paths {
        data: data.clone(),
        templates: templates.to_path_buf(),
        fonts: repo().join("fonts"),
        out: out.path().to_path_buf(),
    })
    .expect("engine");
    let (sources, problems) = load::discover(&data, &[]);
    assert!(problems.is_empty(), "{problems:?}");
    let mut all = Vec::new();
    for src in &sources {
        let doc = engine.load(src).unwrap_or_else(|p| panic!("{}: {p:?}", src.rel.display()));
        for part in doc.parts.iter().filter(|p| p.gather.is_empty()) {
            let typ = engine.render(&doc, part).unwrap_or_else(|p| panic!("{p:?}"));
            let laid = Laid::of(&engine.lay_out(&doc, part, &typ).unwrap_or_else(|p| panic!("{p:?}\n{typ}")));
            all.push(Sample { name: part.pdf.display().to_string(), typ, laid });
        }
    }
    all
}

/// A guest list of `n` invitees, as a CSV: `Nguyễn Văn Người 0`, …
pub fn guest_list(n: usize) -> String {
    let mut csv = String::from("Họ và tên,Chức vụ,Đơn vị\n");
    for i in 0..n {
        csv.push_str(&format!("Nguyễn Văn Người {i},Chỉ huy trưởng,Ban Chỉ huy Quân sự huyện {}\n", i % 8));
    }
    csv
}

/// The invitation of [`invitation_congress`].
pub const GUEST_INVITATION: &str = "loai: giay-moi\nso: 3\nngay: 01/07/2024\nkhach_moi: khach-moi.csv\n";

/// A congress folder `u/dh` whose invitation goes to [`guest_list`]`(n)`,
/// with `more` files.
pub fn invitation_congress(n: usize, more: &[(&str, &str)]) -> tempfile::TempDir {
    let congress = "ten: Đại hội Thi đua\nthoi_gian: 19/07/2024 07:30\ndia_diem: Hội trường tỉnh\n";
    let guests = guest_list(n);
    let mut files = vec![
        ("u/co-quan.yaml", AGENCY),
        ("u/dh/dai-hoi.yaml", congress),
        ("u/dh/khach-moi.csv", guests.as_str()),
        ("u/dh/giay-moi.yaml", GUEST_INVITATION),
    ];
    files.extend_from_slice(more);
    data_dir(&files)
}
