//! A document ready to render: the agency's defaults merged with the
//! document's own values, checked, and turned into the context its template
//! reads. The decree's rules that depend on data (the signature lines, the
//! numbering of sections by nesting, end punctuation) are applied here.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::diag::Problem;
use crate::format;
use crate::model::{AgencyFile, Authority, CongressFile, Date, DuThao, Entry, EntryKind, PlanFile, Signer, Text};

/// What vanban knows of each document kind.
#[derive(Clone, Copy)]
pub struct Kind {
    /// The `loai:` value.
    pub key: &'static str,
    /// Tên loại as printed (ô 5a).
    pub name: &'static str,
    /// The abbreviation of the kind in the ký hiệu (Phụ lục III).
    pub symbol: &'static str,
    /// The MiniJinja template under `templates/`.
    pub template: &'static str,
    /// Whether an issued document of this kind has a number (`so`), so that
    /// it is a draft until it has both a number and a date; other kinds are
    /// drafts until they have a date.
    pub numbered: bool,
    /// Reads and checks a file of this kind into its template's context.
    pub resolve: fn(&Input) -> Result<Resolved, Vec<Problem>>,
}

impl std::fmt::Debug for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key)
    }
}

pub const PLAN: Kind = Kind {
    key: "ke-hoach",
    name: "KẾ HOẠCH",
    symbol: "KH",
    template: "ke-hoach.typ.j2",
    numbered: true,
    resolve: resolve_plan,
};

pub const INVITATION: Kind = Kind {
    key: "giay-moi",
    name: "GIẤY MỜI",
    symbol: "GM",
    template: "giay-moi.typ.j2",
    numbered: true,
    resolve: crate::invitation::resolve,
};

pub const KINDS: [Kind; 5] =
    [PLAN, INVITATION, crate::report::REPORT, crate::nominees::AWARD_LIST, crate::script::SCRIPT];

pub fn kind(key: &str) -> Option<Kind> {
    KINDS.into_iter().find(|k| k.key == key)
}

/// A document file with what it inherits.
pub struct Input<'a> {
    pub path: &'a Path,
    /// Its path below the data folder, which the outputs mirror.
    pub rel: &'a Path,
    /// The data folder.
    pub root: &'a Path,
    pub text: &'a str,
    pub agency: &'a AgencyFile,
    pub congress: Option<&'a CongressFile>,
}

/// One PDF a document makes, with its template's context.
#[derive(Debug, Clone)]
pub struct Part {
    /// Its path below the output folder.
    pub pdf: PathBuf,
    /// The PDF's title: plain text on one line.
    pub title: String,
    pub context: minijinja::Value,
    /// When not empty, this PDF is not typeset from the template: it is the
    /// pages of these parts of the same document, in order (a print file).
    pub gather: Vec<usize>,
}

impl Part {
    /// A PDF typeset from the kind's template with `context`.
    pub fn new(pdf: PathBuf, title: &str, context: minijinja::Value) -> Part {
        Part { pdf, title: plain_line(title), context, gather: Vec::new() }
    }

    /// A PDF made of the pages of other parts.
    pub fn gathered(pdf: PathBuf, title: &str, members: Vec<usize>) -> Part {
        Part { pdf, title: plain_line(title), context: minijinja::Value::UNDEFINED, gather: members }
    }
}

/// Another file a document writes beside its PDFs (a mailing list).
#[derive(Debug, Clone)]
pub struct Extra {
    /// Its path below the output folder.
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// A checked document: the PDFs it makes, other files, and problems that
/// left the rest buildable (a bad spreadsheet row).
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub title: String,
    pub parts: Vec<Part>,
    pub extras: Vec<Extra>,
    pub problems: Vec<Problem>,
}

/// The title of a document of `kind` about `subject`: plain, on one line.
pub(crate) fn title_of(kind: Kind, subject: &str) -> String {
    plain_line(&format!("{} {}", kind.name, subject))
}

/// `s` on one line, without inline markers or control characters (which
/// the PDF's XMP metadata cannot hold): a PDF title.
fn plain_line(s: &str) -> String {
    let visible: String = crate::markup::plain(s).chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    crate::markup::one_line(&visible)
}

/// The context of `fields`, with the PDF's author (the agency) added as
/// `tac_gia`.
pub(crate) fn context(common: &Common, fields: &impl Serialize) -> minijinja::Value {
    minijinja::context! {
        tac_gia => crate::markup::one_line(&common.co_quan_ban_hanh),
        ..minijinja::Value::from_serialize(fields)
    }
}

impl Resolved {
    /// A document that makes one PDF, mirroring its YAML's path.
    fn single(kind: Kind, rel: &Path, subject: &str, common: &Common, fields: &impl Serialize) -> Resolved {
        let title = title_of(kind, subject);
        let part = Part::new(rel.with_extension("pdf"), &title, context(common, fields));
        Resolved { title, parts: vec![part], ..Resolved::default() }
    }
}

/// A checked document and what it makes.
#[derive(Debug, Clone)]
pub struct Document {
    /// The YAML file.
    pub source: PathBuf,
    /// Its path below the data folder, which the output mirrors.
    pub rel: PathBuf,
    pub kind: Kind,
    /// The document's title (`KẾ HOẠCH <trích yếu>`), shown by `vanban list`.
    pub title: String,
    pub parts: Vec<Part>,
    pub extras: Vec<Extra>,
    /// Problems that did not stop the other parts.
    pub problems: Vec<Problem>,
}

/// The signature block's lines (ô 7a, 7b, 7c), as written; the templates set
/// them in capitals.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SignatureLines {
    /// `TM. ỦY BAN NHÂN DÂN`, `KT. CHỦ TỊCH`: one line each.
    pub quyen_han: Vec<String>,
    /// `PHÓ CHỦ TỊCH`, or `Q. GIÁM ĐỐC`.
    pub chuc_vu: String,
    pub ho_ten: String,
}

/// Composes the signature lines, or says which key is missing.
pub fn signature_lines(s: &Signer) -> Result<SignatureLines, (&'static str, String)> {
    let mut lines = Vec::new();
    let mut title = s.chuc_vu.as_str().trim().to_string();
    for a in &s.quyen_han.0 {
        match a {
            Authority::Tm => {
                let who = s.tap_the.as_ref().filter(|t| !t.0.trim().is_empty()).ok_or((
                    "tap_the",
                    "quyền hạn `TM.` cần khóa `tap_the` (tập thể lãnh đạo, ví dụ `ỦY BAN NHÂN DÂN`)".to_string(),
                ))?;
                lines.push(format!("TM. {}", who.as_str().trim()));
            }
            Authority::Kt | Authority::Tl | Authority::Tuq => {
                let head = s.thu_truong.as_ref().filter(|t| !t.0.trim().is_empty()).ok_or((
                    "thu_truong",
                    format!(
                        "quyền hạn `{}` cần khóa `thu_truong` (chức vụ của người đứng đầu, ví dụ `CHỦ TỊCH`)",
                        a.prefix()
                    ),
                ))?;
                lines.push(format!("{} {}", a.prefix(), head.as_str().trim()));
            }
            Authority::Q => title = format!("Q. {title}"),
        }
    }
    if title.trim().is_empty() {
        return Err(("chuc_vu", "chức vụ người ký không được để trống".into()));
    }
    if s.ho_ten.as_str().trim().is_empty() {
        return Err(("ho_ten", "họ tên người ký không được để trống".into()));
    }
    Ok(SignatureLines { quyen_han: lines, chuc_vu: title, ho_ten: s.ho_ten.as_str().trim().to_string() })
}

/// What every document kind shows: header (ô 1–5), Nơi nhận and signature.
#[derive(Debug, Clone, Serialize)]
pub struct Common {
    pub loai: &'static str,
    pub ten_loai: &'static str,
    pub co_quan_chu_quan: Option<String>,
    pub co_quan_ban_hanh: String,
    pub dia_danh: String,
    /// Số: `None` for a draft.
    pub so: Option<u32>,
    /// Ký hiệu: `KH-UBND`.
    pub ky_hieu: String,
    /// The date (seen by templates as `YYYY-MM-DD`), `None` for a draft.
    pub ngay: Option<Date>,
    /// The year of the date line.
    pub nam: i32,
    /// The mark across each page of a draft (`DỰ THẢO`); `None` when issued.
    pub du_thao: Option<String>,
    pub nguoi_ky: SignatureLines,
    /// Recipients, each ending with `;`.
    pub noi_nhan: Vec<String>,
    /// Lưu: `VT, TH4.`
    pub luu: String,
    pub dai_hoi: Option<CongressFile>,
}

/// The identity keys of a document file, whatever its kind.
pub struct Identity<'a> {
    pub so: Option<u32>,
    pub ngay: Option<chrono::NaiveDate>,
    pub nam: Option<i32>,
    pub ky_hieu: Option<&'a Text>,
    pub du_thao: Option<&'a DuThao>,
}

/// Collects the problems found while merging, each placed in the source.
pub struct Checker<'a> {
    pub file: PathBuf,
    pub text: &'a str,
    pub problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    /// A checker for the document file of `input`.
    pub fn new(input: &Input<'a>) -> Checker<'a> {
        Checker { file: input.path.to_path_buf(), text: input.text, problems: Vec::new() }
    }

    /// Reports a problem about `key`, placed where the key is written (or at
    /// the top of the file when the key is missing).
    pub fn key(&mut self, key: &str, message: impl Into<String>) {
        // `nguoi_ky.thu_truong` missing: point at `nguoi_ky`.
        let (line, col) = key.rsplit('.').find_map(|part| crate::yaml::locate_key(self.text, part)).unwrap_or((1, 1));
        self.problems.push(Problem::new(&self.file, message).field(key).at(line, col));
    }

    /// Reports a problem about a text value, placed where it is written.
    pub fn text(&mut self, key: &str, value: &str, message: impl Into<String>) {
        let (line, col) = crate::yaml::locate_text(self.text, value)
            .or_else(|| crate::yaml::locate_key(self.text, key))
            .unwrap_or((1, 1));
        self.problems.push(Problem::new(&self.file, message).field(key).at(line, col));
    }
}

/// A line without the bullet a user may have typed (`- `, `+ `, `– `, `• `):
/// vanban sets the markers itself.
fn strip_bullet(s: &str) -> &str {
    s.trim().trim_start_matches(['-', '+', '–', '—', '•']).trim_start()
}

/// The non-blank texts of a list, trimmed.
pub(crate) fn non_blank(v: &[Text]) -> Vec<String> {
    v.iter().map(|t| t.as_str().trim().to_string()).filter(|s| !s.is_empty()).collect()
}

pub(crate) fn clean(t: &Option<Text>) -> Option<String> {
    t.as_ref().map(|t| t.as_str().trim().to_string()).filter(|s| !s.is_empty())
}

/// The year of the date line, and the date unless the document is a draft
/// (only `nam`). `missing` is the message when there is neither.
pub fn date_or_year(
    ngay: Option<chrono::NaiveDate>,
    nam: Option<i32>,
    missing: &str,
    check: &mut Checker,
) -> (i32, Option<chrono::NaiveDate>) {
    match (ngay, nam) {
        (Some(d), Some(y)) if y != chrono::Datelike::year(&d) => {
            check.key("nam", format!("`nam: {y}` khác năm của `ngay`; bỏ `nam` khi đã có ngày"));
            (y, Some(d))
        }
        (Some(d), _) => (chrono::Datelike::year(&d), Some(d)),
        (None, Some(y)) => (y, None),
        (None, None) => {
            check.key("ngay", missing);
            (0, None)
        }
    }
}

/// Whether a document of `kind` is a draft, from its number and date, and
/// the mark its pages carry then (`None` when issued, or the mark is off).
/// A draft prints no number and no day and month.
pub fn draft(
    kind: Kind,
    so: Option<u32>,
    ngay: Option<chrono::NaiveDate>,
    setting: Option<&DuThao>,
    check: &mut Checker,
) -> Option<String> {
    let both = "văn bản ban hành ghi cả `so` và `ngay`; dự thảo bỏ cả hai, chỉ ghi `nam`";
    match (so.is_some(), ngay.is_some()) {
        (true, false) => check.key("so", format!("đã có số `so` nhưng chưa có ngày ban hành `ngay`: {both}")),
        (false, true) if kind.numbered => {
            check.key("ngay", format!("đã có ngày ban hành `ngay` nhưng chưa có số `so`: {both}"))
        }
        _ => {}
    }
    let issued = ngay.is_some() && (so.is_some() || !kind.numbered);
    match (issued, setting) {
        (true, None) => None,
        (true, Some(_)) => {
            let has = if kind.numbered { "số và ngày" } else { "ngày" };
            check.key(
                "du_thao",
                format!("văn bản đã có {has} ban hành nên không còn là dự thảo: bỏ khóa `du_thao` (hoặc bỏ `ngay` nếu vẫn là dự thảo)"),
            );
            None
        }
        (false, None | Some(DuThao::On)) => Some("DỰ THẢO".to_string()),
        (false, Some(DuThao::Off)) => None,
        (false, Some(DuThao::Text(t))) => Some(t.clone()),
    }
}

/// Merges the agency's values under the document's and checks the result.
pub fn common(
    kind: Kind,
    id: Identity,
    own: AgencyFile,
    agency: &AgencyFile,
    congress: Option<&CongressFile>,
    check: &mut Checker,
) -> Option<Common> {
    let pick = |mine: &Option<Text>, theirs: &Option<Text>| clean(mine).or_else(|| clean(theirs));
    let ban_hanh = pick(&own.co_quan_ban_hanh, &agency.co_quan_ban_hanh);
    let viet_tat = pick(&own.viet_tat, &agency.viet_tat);
    let dia_danh = pick(&own.dia_danh, &agency.dia_danh);
    for (key, value) in [("co_quan_ban_hanh", &ban_hanh), ("viet_tat", &viet_tat), ("dia_danh", &dia_danh)] {
        if value.is_none() {
            check.key(key, format!("thiếu khóa `{key}`: ghi trong co-quan.yaml của cơ quan hoặc trong văn bản này"));
        }
    }
    let (nam, ngay) = date_or_year(
        id.ngay,
        id.nam,
        "thiếu ngày ban hành: ghi `ngay: 07/03/2024`, hoặc với dự thảo chỉ ghi năm `nam: 2024`",
        check,
    );
    let du_thao = draft(kind, id.so, id.ngay, id.du_thao, check);
    let signer = own.nguoi_ky.as_ref().or(agency.nguoi_ky.as_ref());
    let nguoi_ky = match signer.map(signature_lines) {
        Some(Ok(lines)) => Some(lines),
        Some(Err((key, message))) => {
            check.key(&format!("nguoi_ky.{key}"), message);
            None
        }
        None => {
            check.key("nguoi_ky", "thiếu người ký `nguoi_ky`: ghi trong co-quan.yaml hoặc trong văn bản này");
            None
        }
    };
    let noi_nhan: Vec<String> = own
        .noi_nhan
        .as_ref()
        .or(agency.noi_nhan.as_ref())
        .map(|list| {
            list.iter()
                .map(|t| strip_bullet(t.as_str()))
                .filter(|s| !s.is_empty())
                .map(|s| format::with_end_mark(s, ';'))
                .collect()
        })
        .unwrap_or_default();
    let luu_items: Vec<String> = own.luu.as_ref().or(agency.luu.as_ref()).map(|l| non_blank(&l.0)).unwrap_or_default();
    if luu_items.is_empty() {
        check.key("luu", "thiếu dòng Lưu: ghi ví dụ `luu: VT, TH4` (VT và đơn vị soạn thảo)");
    }
    let luu = format::with_end_mark(&luu_items.join(", "), '.');
    let ky_hieu = match id.ky_hieu {
        Some(k) => k.as_str().trim().to_string(),
        None => format!("{}-{}", kind.symbol, viet_tat.clone().unwrap_or_default()),
    };
    Some(Common {
        loai: kind.key,
        ten_loai: kind.name,
        co_quan_chu_quan: pick(&own.co_quan_chu_quan, &agency.co_quan_chu_quan),
        co_quan_ban_hanh: ban_hanh?,
        dia_danh: dia_danh?,
        so: id.so,
        ky_hieu,
        ngay: ngay.map(Date),
        nam,
        du_thao,
        nguoi_ky: nguoi_ky?,
        noi_nhan,
        luu,
        dai_hoi: congress.cloned(),
    })
    .filter(|_| check.problems.is_empty())
}

/// One block of a plan's body, in reading order.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Block {
    /// `muc` (numbered), `y` (bullet) or `doan` (paragraph).
    pub loai: &'static str,
    /// Numbered level (1 = `I.`) or bullet depth (1 = `-`).
    pub cap: usize,
    /// The marker: `I.`, `1.`, `a)`, `-`, `+`; empty for a paragraph.
    pub so: String,
    /// Whether the entry is a title over nested entries.
    pub tieu_de: bool,
    pub noi_dung: String,
    /// A results table's rows (`bang` blocks): chỉ tiêu, đăng ký, kết quả.
    pub hang: Vec<[String; 3]>,
}

impl Block {
    fn new(loai: &'static str, cap: usize, so: String, tieu_de: bool, noi_dung: String) -> Block {
        Block { loai, cap, so, tieu_de, noi_dung, hang: Vec::new() }
    }

    /// A block of text: numbered, bulleted or plain.
    pub fn is_text(&self) -> bool {
        self.loai != "bang"
    }
}

/// How a body is numbered: where it starts, and whether entries may carry a
/// results table.
#[derive(Debug, Clone, Copy)]
pub struct Numbering<'a> {
    /// The level the body sits under (0 for a plan: its entries are `I.`;
    /// 1 inside a report's section: its entries are `1.`).
    pub level: usize,
    /// How many numbered entries come before it at that level.
    pub after: u32,
    /// The key the body is written under, for messages.
    pub key: &'a str,
    pub tables: bool,
}

impl Numbering<'_> {
    pub const PLAN: Numbering<'static> = Numbering { level: 0, after: 0, key: "noi_dung", tables: false };
}

/// Numbers a body by nesting: `muc` entries `I.` → `1.` → `a)`, bullets `-`
/// → `+`. Entries that break the structure are reported.
pub fn number_entries(entries: &[Entry], how: Numbering, check: &mut Checker) -> Vec<Block> {
    let mut walker = Walker { tables: how.tables, out: Vec::new(), check };
    walker.walk(entries, how.level, 0, how.after, how.key);
    walker.out
}

/// Walks a body in reading order, numbering as it goes.
struct Walker<'c, 't> {
    tables: bool,
    out: Vec<Block>,
    check: &'c mut Checker<'t>,
}

impl Walker<'_, '_> {
    /// The entries at numbered `level`, under `bullets` bullets, after
    /// `after` numbered entries; `path` is their key, for messages.
    fn walk(&mut self, entries: &[Entry], level: usize, bullets: usize, after: u32, path: &str) {
        let mut index = after;
        for (i, e) in entries.iter().enumerate() {
            let here = format!("{path}[{i}]");
            let text = e.text.as_str().trim().to_string();
            if text.is_empty() {
                continue;
            }
            let titled = !e.children.is_empty() || !e.table.is_empty();
            match e.kind {
                EntryKind::Paragraph => {
                    if bullets > 0 {
                        self.check.text(&here, &text, "dưới một gạch đầu dòng `y` chỉ được có các `y` khác");
                        continue;
                    }
                    self.out.push(Block::new("doan", level, String::new(), false, text));
                }
                EntryKind::Numbered => {
                    index += 1;
                    if bullets > 0 {
                        self.check.text(
                            &format!("{here}.muc"),
                            &text,
                            "không đặt mục đánh số `muc` dưới gạch đầu dòng `y`; dùng `y`",
                        );
                        continue;
                    }
                    let Some(marker) = format::section_marker(level + 1, index) else {
                        self.check.text(
                            &format!("{here}.muc"),
                            &text,
                            format!(
                                "mục lồng quá {} cấp (I., 1., a)); ở cấp này dùng gạch đầu dòng `y`",
                                format::NUMBERED_LEVELS
                            ),
                        );
                        continue;
                    };
                    self.out.push(Block::new("muc", level + 1, marker, titled, text));
                    self.table(e, &here);
                    self.walk(&e.children, level + 1, 0, 0, &format!("{here}.noi_dung"));
                }
                EntryKind::Bullet => {
                    let depth = bullets + 1;
                    let so = format::bullet_marker(depth).to_string();
                    self.out.push(Block::new("y", depth, so, titled, text));
                    self.table(e, &here);
                    self.walk(&e.children, level, depth, 0, &format!("{here}.noi_dung"));
                }
            }
        }
    }

    /// The results table under an entry, where tables are allowed.
    fn table(&mut self, e: &Entry, here: &str) {
        if e.table.is_empty() {
            return;
        }
        if !self.tables {
            self.check.key(
                &format!("{here}.bang_chi_tieu"),
                "bảng chỉ tiêu `bang_chi_tieu` chỉ dùng trong phần `thanh_tich` của báo cáo thành tích",
            );
            return;
        }
        let hang = e
            .table
            .iter()
            .map(|r| [&r.chi_tieu, &r.dang_ky, &r.ket_qua].map(|t| t.as_str().trim().to_string()))
            .collect();
        self.out.push(Block { hang, ..Block::new("bang", 0, String::new(), false, String::new()) });
    }
}

/// The context of a KẾ HOẠCH.
#[derive(Debug, Clone, Serialize)]
pub struct PlanContext {
    #[serde(flatten)]
    pub common: Common,
    pub trich_yeu: String,
    pub can_cu: Vec<String>,
    pub mo_dau: Vec<String>,
    pub noi_dung: Vec<Block>,
    pub ket_thuc: Option<String>,
}

/// The congress with its period: `Đại hội … giai đoạn 2019-2024`.
pub fn congress_name(c: &CongressFile) -> String {
    match &c.giai_doan {
        Some(p) => format!("{} giai đoạn {}", c.ten.as_str().trim(), p.as_str().trim()),
        None => c.ten.as_str().trim().to_string(),
    }
}

/// A plan's default trích yếu in a congress folder, from `dai-hoi.yaml`:
/// `Tổ chức Đại hội … giai đoạn 2019-2024`.
pub fn congress_subject(c: &CongressFile) -> String {
    format!("Tổ chức {}", congress_name(c))
}

fn resolve_plan(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: PlanFile = crate::yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    match plan(file, input.agency, input.congress, &mut check) {
        Some(ctx) if check.problems.is_empty() => {
            Ok(Resolved::single(PLAN, input.rel, &ctx.trich_yeu, &ctx.common, &ctx))
        }
        _ => Err(check.problems),
    }
}

/// Checks and resolves a plan.
pub fn plan(
    file: PlanFile,
    agency: &AgencyFile,
    congress: Option<&CongressFile>,
    check: &mut Checker,
) -> Option<PlanContext> {
    let id = file.identity();
    let common = common(PLAN, id, file.agency_overrides(), agency, congress, check);
    let trich_yeu = match (&file.trich_yeu, congress) {
        (Some(t), _) => t.as_str().trim().to_string(),
        (None, Some(c)) => congress_subject(c),
        (None, None) => {
            check.key("trich_yeu", "thiếu khóa bắt buộc `trich_yeu` (trích yếu nội dung của kế hoạch)");
            String::new()
        }
    };
    if trich_yeu.is_empty() && file.trich_yeu.is_some() {
        check.key("trich_yeu", "trích yếu không được để trống");
    }
    let mut noi_dung = number_entries(&file.noi_dung, Numbering::PLAN, check);
    if noi_dung.is_empty() {
        check.key("noi_dung", "kế hoạch chưa có nội dung: `noi_dung` cần ít nhất một mục");
    }
    let can_cu = non_blank(&file.can_cu);
    let n = can_cu.len();
    let can_cu =
        can_cu.iter().enumerate().map(|(i, t)| format::with_end_mark(t, if i + 1 == n { '.' } else { ';' })).collect();
    let ket_thuc = match clean(&file.ket_thuc) {
        Some(t) => Some(format::with_closing_mark(&t)),
        // Without a closing paragraph, the body's last sentence ends `./.`.
        None => {
            if let Some(last) = noi_dung.last_mut() {
                last.noi_dung = format::with_closing_mark(&last.noi_dung);
            }
            None
        }
    };
    if !check.problems.is_empty() {
        return None;
    }
    Some(PlanContext { common: common?, trich_yeu, can_cu, mo_dau: non_blank(&file.mo_dau.0), noi_dung, ket_thuc })
}
