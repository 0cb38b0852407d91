//! The desk's pages, drawn from the last snapshot: the dashboard (agencies,
//! congresses, documents and the state of each file) and a document's page
//! (its data in an editor, its problems with the lines around them, its
//! files, its preview). The HTML is MiniJinja templates built into the
//! binary, every value escaped.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use minijinja::{AutoEscape, Environment};
use serde::Serialize;

use crate::build::status::{FileState, Listed};
use crate::diag::{Problem, Severity};
use crate::source::discover::{AGENCY_FILE, CONGRESS_FILE};

use super::desk::{Desk, INVITATION, PACK, Snapshot};
use super::files;

/// Above this many files, a document's files are counted, not listed.
const LONG: usize = 6;

fn env() -> &'static Environment<'static> {
    static ENV: OnceLock<Environment<'static>> = OnceLock::new();
    ENV.get_or_init(|| {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|_| AutoEscape::Html);
        for (name, text) in [
            ("khung.html", include_str!("trang/khung.html")),
            ("bang.html", include_str!("trang/bang.html")),
            ("bang-noi-dung.html", include_str!("trang/bang-noi-dung.html")),
            ("loi.html", include_str!("trang/loi.html")),
            ("van-ban.html", include_str!("trang/van-ban.html")),
            ("tinh-trang.html", include_str!("trang/tinh-trang.html")),
        ] {
            env.add_template(name, text).expect("the desk's templates parse");
        }
        env
    })
}

fn render(name: &str, ctx: impl Serialize) -> String {
    match env().get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => html,
        Err(e) => format!("<!doctype html><p>Lỗi trang {name}: {}</p>", escape(&e.to_string())),
    }
}

/// `s` safe in HTML text.
pub fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A query component or path: RFC 3986 unreserved characters and `/` kept,
/// every other byte percent-encoded.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The link to a document's page (and the file it edits).
pub fn page_of(rel: &Path, edit: Option<&Path>) -> String {
    let mut href = format!("/van-ban?tep={}", encode(&slashed(rel)));
    if let Some(e) = edit {
        href.push_str(&format!("&sua={}", encode(&slashed(e))));
    }
    href
}

/// A path below a folder with `/` between names, whatever the platform.
pub fn slashed(p: &Path) -> String {
    p.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

fn file_href(desk: &Desk, rel: &Path) -> String {
    // The file's time in the link: a page reloads a preview when it changes.
    let stamp = std::fs::metadata(desk.paths().out.join(rel))
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("/tep/{}?m={stamp}", encode(&slashed(rel)))
}

#[derive(Serialize)]
struct FileLink {
    nhan: String,
    href: String,
    tinh_trang: &'static str,
    lop: &'static str,
}

fn state_class(s: FileState) -> &'static str {
    match s {
        FileState::Current => "hien-hanh",
        FileState::Stale => "loi-thoi",
        FileState::Missing => "chua-dung",
        FileState::Failed => "loi",
    }
}

/// A document as a row: its state is the worst of its files'.
#[derive(Serialize)]
struct Row {
    tep: String,
    href: String,
    tieu_de: String,
    loai: String,
    giai_doan: &'static str,
    trang: usize,
    tinh_trang: &'static str,
    lop: &'static str,
    so_loi: usize,
    so_canh_bao: usize,
    tep_ra: Vec<FileLink>,
    them: usize,
}

fn row(desk: &Desk, snap: &Snapshot, l: &Listed) -> Row {
    let errors = l.problems.iter().filter(|p| p.is_error()).count();
    let warnings = l.problems.len() - errors;
    let state = if l.kind.is_none() || errors > 0 || l.files.iter().any(|(_, s)| *s == FileState::Failed) {
        FileState::Failed
    } else if l.files.iter().any(|(_, s)| *s == FileState::Stale) {
        FileState::Stale
    } else if l.files.iter().any(|(_, s)| *s == FileState::Missing) || l.files.is_empty() {
        FileState::Missing
    } else {
        FileState::Current
    };
    let link = |(f, s): &(PathBuf, FileState)| FileLink {
        nhan: f.file_name().unwrap_or_default().to_string_lossy().into_owned(),
        href: file_href(desk, f),
        tinh_trang: s.words(),
        lop: state_class(*s),
    };
    // A long list (invitations): the print file and the mailing list, the
    // rest counted.
    let long = l.files.len() > LONG;
    let own_folder = l.source.rel.with_extension("");
    let shown: Vec<&(PathBuf, FileState)> =
        l.files.iter().filter(|(f, _)| !long || f.parent() != Some(own_folder.as_path()) || is_list(f)).collect();
    let them = l.files.len() - shown.len();
    let mut tep_ra: Vec<FileLink> = shown.iter().map(|f| link(f)).collect();
    for (f, s) in shown {
        let copy = f.with_extension("docx");
        if snap.word.contains(&copy) {
            tep_ra.push(FileLink {
                nhan: copy.file_name().unwrap_or_default().to_string_lossy().into_owned(),
                href: file_href(desk, &copy),
                tinh_trang: s.words(),
                lop: state_class(*s),
            });
        }
    }
    Row {
        tep: l.source.rel.file_name().unwrap_or_default().to_string_lossy().into_owned(),
        href: page_of(&l.source.rel, None),
        tieu_de: l.title.clone(),
        loai: match l.kind {
            Some(PACK) => "Tập tài liệu".into(),
            // A file that does not load: its kind as its `loai:` says.
            k => k
                .map(str::to_string)
                .or_else(|| typed_kind(&desk.paths().data.join(&l.source.rel)))
                .and_then(|k| crate::kinds::kind(&k))
                .map(|k| sentence_case(k.name))
                .unwrap_or_else(|| "?".into()),
        },
        giai_doan: match l.issued {
            Some(true) => "ban hành",
            Some(false) => "dự thảo",
            None => "",
        },
        // Its own PDF's pages (an invitation list's print file), else all.
        trang: match snap.pages.get(&l.source.rel.with_extension("pdf")) {
            Some(n) => *n,
            None => l.files.iter().filter_map(|(f, _)| snap.pages.get(f)).sum(),
        },
        tinh_trang: state.words(),
        lop: state_class(state),
        so_loi: errors,
        so_canh_bao: warnings,
        them,
        tep_ra,
    }
}

/// The `loai:` a YAML file gives, read on its own.
fn typed_kind(yaml: &Path) -> Option<String> {
    let text = std::fs::read_to_string(yaml).ok()?;
    let head: crate::source::shared::KindOnly = serde_yaml::from_str(&text).ok()?;
    head.loai.map(|t| t.as_str().trim().to_string())
}

fn is_list(f: &Path) -> bool {
    f.extension().is_some_and(|e| e == "csv")
}

/// `GIẤY MỜI` → `Giấy mời`.
fn sentence_case(s: &str) -> String {
    let lower = s.to_lowercase();
    let mut c = lower.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[derive(Serialize)]
struct Download {
    nhan: String,
    href: String,
    tai: bool,
    tinh_trang: &'static str,
    lop: &'static str,
}

#[derive(Serialize)]
struct Congress {
    ten: String,
    thu_muc: String,
    tai_ve: Vec<Download>,
    van_ban: Vec<Row>,
}

#[derive(Serialize)]
struct Agency {
    ten: String,
    dai_hoi: Vec<Congress>,
}

/// A problem as a page shows it: where, what, the lines around it.
#[derive(Serialize)]
struct Shown {
    muc: &'static str,
    muc_chu: &'static str,
    tep: String,
    dong: Option<usize>,
    truong: Option<String>,
    thong_bao: String,
    sua: Option<String>,
    doan: Vec<Line>,
}

#[derive(Serialize)]
struct Line {
    so: usize,
    chu: String,
    chinh: bool,
}

/// `p` for a page: its file below the project (never a path outside it),
/// the lines of its YAML source around its line, and a link to edit it on
/// `page` (the document's own page).
fn shown(desk: &Desk, p: &Problem, page: Option<&Path>) -> Shown {
    let data = &desk.paths().data;
    let rel = below(data, &p.file);
    let project = data.parent().unwrap_or(Path::new(""));
    let tep = match &rel {
        Some(r) => format!("{}/{}", data.file_name().unwrap_or_default().to_string_lossy(), slashed(r)),
        None => below(project, &p.file)
            .map(|r| slashed(&r))
            .unwrap_or_else(|| p.file.file_name().unwrap_or_default().to_string_lossy().into_owned()),
    };
    let yaml = rel.as_ref().filter(|r| crate::source::discover::is_yaml(r));
    let mut doan = Vec::new();
    if let (Some(line), Some(_)) = (p.line, yaml)
        && let Ok(text) = std::fs::read_to_string(&p.file)
    {
        for (i, l) in text.lines().enumerate().skip(line.saturating_sub(3)).take(5) {
            doan.push(Line { so: i + 1, chu: l.to_string(), chinh: i + 1 == line });
        }
    }
    let sua = match (yaml, page) {
        (Some(r), Some(doc)) => {
            Some(format!("{}{}", page_of(doc, Some(r)), p.line.map(|l| format!("#dong-{l}")).unwrap_or_default()))
        }
        _ => None,
    };
    let mut message = p.message.clone();
    // Messages may quote a path: never one outside the project.
    if let Some(root) = project.to_str().filter(|r| !r.is_empty() && *r != ".") {
        message = message.replace(&format!("{root}/"), "");
    }
    Shown {
        muc: if p.severity == Severity::Error { "loi" } else { "canh-bao" },
        muc_chu: if p.severity == Severity::Error { "Lỗi" } else { "Cảnh báo" },
        tep,
        dong: p.line,
        truong: p.field.clone(),
        thong_bao: message,
        sua,
        doan,
    }
}

/// `file` below `root` (both as given or once canonicalised).
fn below(root: &Path, file: &Path) -> Option<PathBuf> {
    if let Ok(r) = file.strip_prefix(root) {
        return Some(r.to_path_buf());
    }
    let (root, file) = (root.canonicalize().ok()?, file.canonicalize().ok()?);
    file.strip_prefix(root).ok().map(Path::to_path_buf)
}

#[derive(Serialize)]
struct Totals {
    van_ban: usize,
    hien_hanh: usize,
    loi_thoi: usize,
    chua_dung: usize,
    loi: usize,
}

/// The dashboard, whole or (`fragment`) only its table.
pub fn dashboard(desk: &Desk, token: &str, fragment: bool) -> String {
    let snap = desk.snapshot();
    let mut agencies: Vec<Agency> = Vec::new();
    let mut totals = Totals { van_ban: 0, hien_hanh: 0, loi_thoi: 0, chua_dung: 0, loi: 0 };
    for l in &snap.documents {
        if l.kind != Some(PACK) {
            totals.van_ban += 1;
        }
        for (_, s) in &l.files {
            match s {
                FileState::Current => totals.hien_hanh += 1,
                FileState::Stale => totals.loi_thoi += 1,
                FileState::Missing => totals.chua_dung += 1,
                FileState::Failed => totals.loi += 1,
            }
        }
        let agency = l.source.rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let agency = agency.unwrap_or_default();
        let folder = l.source.rel.parent().map(Path::to_path_buf).unwrap_or_default();
        // The congress folder: where its dai-hoi.yaml is, else the folder.
        let congress =
            l.source.congress_file.as_deref().and_then(|c| below(&desk.paths().data, c.parent()?)).unwrap_or(folder);
        let a = match agencies.iter().position(|a| a.ten == agency) {
            Some(i) => &mut agencies[i],
            None => {
                agencies.push(Agency { ten: agency.clone(), dai_hoi: vec![] });
                agencies.last_mut().unwrap()
            }
        };
        let thu_muc = slashed(&congress);
        let c = match a.dai_hoi.iter().position(|c| c.thu_muc == thu_muc) {
            Some(i) => &mut a.dai_hoi[i],
            None => {
                a.dai_hoi.push(Congress {
                    ten: congress_name(&desk.paths().data.join(&congress)).unwrap_or_else(|| thu_muc.clone()),
                    thu_muc: thu_muc.clone(),
                    tai_ve: vec![],
                    van_ban: vec![],
                });
                a.dai_hoi.last_mut().unwrap()
            }
        };
        if l.kind == Some(PACK) {
            for (f, s) in &l.files {
                c.tai_ve.push(Download {
                    nhan: format!("Tập tài liệu ({})", f.file_name().unwrap_or_default().to_string_lossy()),
                    href: file_href(desk, f),
                    tai: false,
                    tinh_trang: s.words(),
                    lop: state_class(*s),
                });
            }
            continue;
        }
        if l.kind == Some(INVITATION) {
            c.tai_ve.push(Download {
                nhan: format!(
                    "ZIP mọi giấy mời và danh sách gửi ({})",
                    l.source.rel.file_name().unwrap_or_default().to_string_lossy()
                ),
                href: format!("/tai-ve/giay-moi.zip?tep={}", encode(&slashed(&l.source.rel))),
                tai: true,
                tinh_trang: "",
                lop: "",
            });
        }
        c.van_ban.push(row(desk, &snap, l));
    }
    let chung: Vec<Shown> = snap.problems.iter().map(|p| shown(desk, p, None)).collect();
    let ctx = minijinja::context! {
        phien => token,
        phien_ban => snap.version,
        luc => &snap.at,
        co_quan => agencies,
        tong => totals,
        chung => chung,
        loai => crate::starter::kinds().collect::<Vec<_>>(),
    };
    render(if fragment { "bang-noi-dung.html" } else { "bang.html" }, ctx)
}

/// The name of the congress whose folder is `dir`, from its dai-hoi.yaml.
fn congress_name(dir: &Path) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Head {
        ten: Option<String>,
        giai_doan: Option<String>,
    }
    let text = std::fs::read_to_string(dir.join(CONGRESS_FILE)).ok()?;
    let head: Head = serde_yaml::from_str(&text).ok()?;
    let ten = head.ten?;
    Some(match head.giai_doan {
        Some(g) => format!("{ten}, giai đoạn {g}"),
        None => ten,
    })
}

/// The files a document's page edits: its own, its congress's, its agency's.
pub fn editable(desk: &Desk, l: &Listed) -> Vec<(String, PathBuf)> {
    let data = &desk.paths().data;
    let mut out =
        vec![(l.source.rel.file_name().unwrap_or_default().to_string_lossy().into_owned(), l.source.rel.clone())];
    if let Some(c) = l.source.congress_file.as_deref().and_then(|c| below(data, c)) {
        out.push((format!("{CONGRESS_FILE} (Đại hội)"), c));
    }
    if let Some(a) = below(data, &l.source.agency_dir.join(AGENCY_FILE)) {
        out.push((format!("{AGENCY_FILE} (cơ quan)"), a));
    }
    out
}

/// A document's page, whole or (`fragment`) only its state; `edit` is the
/// file in the editor (one of [`editable`]).
pub fn document(desk: &Desk, token: &str, l: &Listed, edit: &Path, fragment: bool) -> String {
    let snap = desk.snapshot();
    let r = row(desk, &snap, l);
    // The preview: the document's own PDF (an invitation list's print
    // file), else its first file.
    let own = l.source.rel.with_extension("pdf");
    let main = l.files.iter().find(|(f, _)| *f == own).or(l.files.first());
    let xem = main
        .filter(|(f, s)| *s != FileState::Missing && *s != FileState::Failed && desk.paths().out.join(f).is_file())
        .map(|(f, _)| FileLink {
            nhan: f.file_name().unwrap_or_default().to_string_lossy().into_owned(),
            href: file_href(desk, f),
            tinh_trang: "",
            lop: "",
        });
    let files = editable(desk, l);
    // Its own problems, then those of the files it reads.
    let mut loi: Vec<Shown> = l.problems.iter().map(|p| shown(desk, p, Some(&l.source.rel))).collect();
    for p in &snap.problems {
        if files.iter().any(|(_, f)| desk.paths().data.join(f) == p.file) {
            loi.push(shown(desk, p, Some(&l.source.rel)));
        }
    }
    let text = std::fs::read(desk.paths().data.join(edit)).unwrap_or_default();
    let cac_tep: Vec<minijinja::Value> = files
        .iter()
        .map(|(nhan, f)| {
            minijinja::context! { nhan => nhan, href => page_of(&l.source.rel, Some(f)), dang_sua => f == edit }
        })
        .collect();
    let danh_sach = (l.kind == Some(INVITATION)).then(|| list_name(&desk.paths().data.join(&l.source.rel))).flatten();
    let ctx = minijinja::context! {
        phien => token,
        phien_ban => snap.version,
        luc => &snap.at,
        tep => slashed(&l.source.rel),
        vb => r,
        loi => loi,
        xem => xem,
        cac_tep => cac_tep,
        danh_sach => danh_sach,
        sua => minijinja::context! {
            tep => slashed(edit),
            phien_ban => files::version(&text),
            noi_dung => String::from_utf8_lossy(&text),
        },
    };
    render(if fragment { "tinh-trang.html" } else { "van-ban.html" }, ctx)
}

/// The spreadsheet an invitation reads its invitees from, if any.
fn list_name(yaml: &Path) -> Option<String> {
    files::listed_file(yaml, &std::fs::read_to_string(yaml).ok()?).ok()
}

/// A page that says something went wrong, in words (never a server path).
pub fn message(title: &str, text: &str) -> String {
    format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{t} · vanban</title>\
         <link rel=\"stylesheet\" href=\"/tai-san/ban.css\"></head><body><main><h1>{t}</h1><p>{x}</p>\
         <p><a href=\"/\">Về trang các văn bản</a></p></main></body></html>",
        t = escape(title),
        x = escape(text)
    )
}
