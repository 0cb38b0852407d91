//! `vanban new`: a commented YAML file of a kind, with every key explained,
//! that builds as it is.
//!
//! The starter files live in `templates/moi/` and are built into the binary.
//! Each is plain YAML with a few markers, filled in from what already lies
//! around the new file:
//! - `@@NAM@@`, `@@NAM_DAU@@`, `@@NAM_TRUOC@@`: this year, five years ago, last year;
//! - `@@HINH_THUC@@`: the first award form of the congress, quoted;
//! - a line `@@GHI_DE@@`: the keys a document may take over from `co-quan.yaml`;
//! - a line `@@TRAO_THUONG@@`: one presenter per award form of the congress;
//! - a line `@@TY_LE_DAT@@`: one pass threshold per award form of the congress;
//! - a line starting `@@neu:COND@@`: kept when COND holds, commented out otherwise;
//! - a line starting `@@chi-khi:COND@@`: kept only when COND holds.
//!
//! COND is `dai_hoi` (a `dai-hoi.yaml` applies), `thoi_gian`, `dia_diem` or
//! `khen_thuong` (the congress sets that key), or one of them after `!`.
//!
//! Besides the file asked for, whatever it needs to build that is missing is
//! written too: the agency's `co-quan.yaml`, the congress's `dai-hoi.yaml`,
//! and one achievement report for a list or a script to read. No existing
//! file is ever written over.

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use chrono::Datelike;
use walkdir::WalkDir;

use crate::decree::common::non_blank;
use crate::decree::format::slug;
use crate::diag::{Problem, shown};
use crate::document::{NeedsCongress, NeedsReports, Starter};
use crate::kinds::{KINDS, report};
use crate::source::discover::{AGENCY_FILE, CONGRESS_FILE, is_hidden, is_yaml};
use crate::source::shared::{AgencyFile, CongressFile, KindOnly};
use crate::source::values::Text;
use crate::source::yaml;

/// The folder of the achievement reports beside a list or a script, as in
/// the samples (`<congress>/bao-cao-thanh-tich/01-….yaml`).
pub const REPORTS_FOLDER: &str = "bao-cao-thanh-tich";

/// The name of a new report, after its number.
const REPORT_NAME: &str = "bao-cao-thanh-tich.yaml";

/// The keys of `co-quan.yaml` a document may set for itself.
const OVERRIDES: &str = include_str!("../templates/moi/_ghi-de.yaml");

/// A file `vanban new` writes: a document kind's starter (from the
/// registry), or one of the two shared files.
#[derive(Clone, Copy)]
struct Choice {
    /// The `loai` as typed on the command line.
    key: &'static str,
    starter: Starter,
}

/// The agency's and the congress's files, which are not document kinds.
const SHARED: [Choice; 2] = [
    Choice {
        key: "co-quan",
        starter: Starter {
            text: include_str!("../templates/moi/co-quan.yaml"),
            congress: NeedsCongress::Unused,
            reports: NeedsReports::No,
        },
    },
    Choice {
        key: "dai-hoi",
        starter: Starter {
            text: include_str!("../templates/moi/dai-hoi.yaml"),
            congress: NeedsCongress::Unused,
            reports: NeedsReports::No,
        },
    },
];

/// Everything `vanban new` writes, in the order of the help.
fn choices() -> impl Iterator<Item = Choice> {
    SHARED.into_iter().chain(KINDS.into_iter().map(|k| Choice { key: k.key, starter: k.starter }))
}

/// The kinds `vanban new` knows, in the order of the help.
pub fn kinds() -> impl Iterator<Item = &'static str> {
    choices().map(|c| c.key)
}

/// Writes a new file of kind `loai` at `target` (and whatever it needs to
/// build that is missing), never over an existing file; returns the files
/// written, the one asked for first.
pub fn write(loai: &str, target: &Path) -> Result<Vec<PathBuf>, Problem> {
    let kind = find_kind(loai).ok_or_else(|| unknown_kind(loai, target))?;
    let target = absolute(target);
    let file = file_for(kind, &target)?;
    refuse_existing(&file)?;
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let year = chrono::Local::now().year();

    // The agency: its folder, and whether its file is there already.
    let agency_dir = agency_dir(kind, &dir)?;
    let agency_file = agency_dir.join(AGENCY_FILE);
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut support: Vec<(PathBuf, String)> = Vec::new();
    if agency_file.is_file() {
        let text = yaml::read_text(&agency_file)?;
        yaml::parse::<AgencyFile>(&agency_file, &text).map_err(broken)?;
    } else if kind.key != "co-quan" {
        support.push((agency_file, render(SHARED[0].starter.text, &Facts::default(), year)));
    }

    // The congress: the one above the file, or a new one beside it.
    let starter_congress = render(SHARED[1].starter.text, &Facts::default(), year);
    let default_congress: CongressFile =
        serde_yaml::from_str(&starter_congress).expect("the congress starter is a valid dai-hoi.yaml");
    let mut facts = Facts::default();
    if kind.starter.congress != NeedsCongress::Unused {
        match congress_above(&dir, &agency_dir) {
            Some(path) => {
                let text = yaml::read_text(&path)?;
                let congress = yaml::parse::<CongressFile>(&path, &text).map_err(broken)?;
                facts = Facts::of(&congress);
                // A list is ordered by the award forms: it cannot do without them.
                if kind.starter.reports == NeedsReports::Yes && facts.forms.is_empty() {
                    return Err(Problem::new(
                        &path,
                        "chưa có khóa `khen_thuong` (các hình thức khen thưởng được đề nghị, cao nhất trước), \
                         mà danh sách đề nghị khen thưởng xếp theo đó; thêm khóa này (xem `vanban new dai-hoi`) \
                         rồi chạy lại lệnh",
                    )
                    .field("khen_thuong"));
                }
            }
            None if kind.starter.congress == NeedsCongress::Needed => {
                support.push((dir.join(CONGRESS_FILE), starter_congress.clone()));
                facts = Facts::of(&default_congress);
            }
            None => {}
        }
    }
    // A report outside a congress proposes the starter congress's first form,
    // so that a `dai-hoi.yaml` written later accepts it.
    facts.award = match facts.forms.first() {
        Some(form) => form.clone(),
        None => default_congress.khen_thuong.first().map(|t| t.as_str().trim().to_string()).unwrap_or_default(),
    };

    // The reports a list or a script reads: one to start with.
    let reads_reports = match kind.starter.reports {
        NeedsReports::No => false,
        NeedsReports::Yes => true,
        NeedsReports::WithAwards => !facts.forms.is_empty(),
    };
    if reads_reports {
        let folder = dir.join(REPORTS_FOLDER);
        if !holds_a_report(&folder) {
            support.push((folder.join(next_report_name(&folder)), render(report::KIND.starter.text, &facts, year)));
        }
    }

    files.push((file, render(kind.starter.text, &facts, year)));
    files.extend(support);
    write_all(files)
}

/// The kind named `loai`, forgiving case, diacritics and `_` for `-`.
fn find_kind(loai: &str) -> Option<Choice> {
    let wanted = slug(loai, 64);
    choices().find(|s| s.key == wanted)
}

fn unknown_kind(loai: &str, target: &Path) -> Problem {
    let wanted = slug(loai, 64);
    let near = choices()
        .map(|s| (strsim::damerau_levenshtein(&wanted, s.key), s.key))
        .filter(|(d, key)| *d <= 2.max(key.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, key)| key)
        .or_else(|| (wanted.len() >= 3).then(|| kinds().find(|k| k.contains(&wanted))).flatten());
    let mut message = format!("không có loại `{}`.", loai.trim());
    if let Some(key) = near {
        message.push_str(&format!(" Có phải ý bạn là `{key}`?"));
    }
    message.push_str(&format!(" Các loại: {}.", kinds().collect::<Vec<_>>().join(", ")));
    Problem::new(target, message)
}

/// `path` from the root, without `.` and `..`: the folders above it can be
/// searched even before it exists.
fn absolute(path: &Path) -> PathBuf {
    let joined = match std::env::current_dir() {
        Ok(cwd) if path.is_relative() => cwd.join(path),
        _ => path.to_path_buf(),
    };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out
}

/// The file to write: `target` itself when it names a `.yaml` file, or the
/// kind's usual name in the folder `target`.
fn file_for(kind: Choice, target: &Path) -> Result<PathBuf, Problem> {
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let fixed = match kind.key {
        "co-quan" => Some(AGENCY_FILE),
        "dai-hoi" => Some(CONGRESS_FILE),
        _ => None,
    };
    if is_yaml(target) {
        if let Some(fixed) = fixed
            && name != fixed
        {
            return Err(Problem::new(
                target,
                format!("vanban chỉ đọc tệp tên `{fixed}`: ghi `…/{fixed}`, hoặc chỉ ghi thư mục"),
            ));
        }
        if fixed.is_none() && (name == AGENCY_FILE || name == CONGRESS_FILE) {
            return Err(Problem::new(
                target,
                format!("`{name}` là tên dành riêng (vanban không đọc tệp này như một văn bản); đặt tên khác"),
            ));
        }
        if is_hidden(&name) {
            return Err(Problem::new(target, "vanban bỏ qua tệp có tên bắt đầu bằng `.` hay `~`; đặt tên khác"));
        }
        return Ok(target.to_path_buf());
    }
    if target.is_file() {
        return Err(Problem::new(target, "đã có một tệp ở đây; ghi tên một tệp `.yaml` mới, hoặc một thư mục"));
    }
    Ok(match (fixed, kind.key) {
        (Some(fixed), _) => target.join(fixed),
        (None, "bao-cao-thanh-tich") => {
            // Reports go in the congress's reports folder, numbered.
            let folder = if name == REPORTS_FOLDER { target.to_path_buf() } else { target.join(REPORTS_FOLDER) };
            folder.join(next_report_name(&folder))
        }
        (None, key) => target.join(format!("{key}.yaml")),
    })
}

/// `01-bao-cao-thanh-tich.yaml`, numbered after the files of `folder` that
/// start with a number.
fn next_report_name(folder: &Path) -> String {
    let last = fs::read_dir(folder)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<u32>().ok()
        })
        .max()
        .unwrap_or(0);
    let mut n = last + 1;
    // Never a name taken already (`01-bao-cao-thanh-tich.yml`, say).
    while folder.join(format!("{n:02}-{REPORT_NAME}")).exists() {
        n += 1;
    }
    format!("{n:02}-{REPORT_NAME}")
}

fn refuse_existing(file: &Path) -> Result<(), Problem> {
    if file.symlink_metadata().is_ok() {
        return Err(Problem::new(
            file,
            "tệp này đã có; `vanban new` không ghi đè tệp nào: ghi một tên tệp khác, hoặc xóa tệp này trước",
        ));
    }
    Ok(())
}

/// A problem of a file the new one inherits from: nothing is written until
/// it is fixed.
fn broken(p: Problem) -> Problem {
    Problem { message: format!("{} (chưa tạo tệp nào: sửa lỗi của tệp này trước)", p.message), ..p }
}

/// The agency folder of a file in `dir`: the folder just below `data/`, as
/// vanban reads it, when there is a `data` folder above; otherwise the
/// nearest folder holding a `co-quan.yaml`, or a guess from the layout
/// (`<agency>/<congress>/<document>`).
fn agency_dir(kind: Choice, dir: &Path) -> Result<PathBuf, Problem> {
    let mut ancestors = dir.ancestors();
    if let Some(root) = ancestors.find(|a| a.file_name().is_some_and(|n| n == "data")) {
        let Some(first) = dir.strip_prefix(root).ok().and_then(|rel| rel.components().next()) else {
            return Err(Problem::new(
                dir,
                format!(
                    "tệp phải nằm trong thư mục của một cơ quan, ví dụ {}",
                    shown(&root.join("ubnd-tinh").join(if kind.key == "co-quan" { AGENCY_FILE } else { "…" }))
                ),
            ));
        };
        let agency = root.join(first);
        if kind.key == "co-quan" && agency != dir {
            return Err(Problem::new(
                dir.join(AGENCY_FILE),
                format!(
                    "vanban chỉ đọc co-quan.yaml của thư mục cơ quan ngay dưới {}: {}",
                    shown(root),
                    shown(&agency.join(AGENCY_FILE))
                ),
            ));
        }
        return Ok(agency);
    }
    if let Some(found) = dir.ancestors().find(|a| a.join(AGENCY_FILE).is_file()) {
        if kind.key == "co-quan" {
            return Err(Problem::new(
                dir.join(AGENCY_FILE),
                format!(
                    "đã có {} ở thư mục trên; mỗi cơ quan chỉ có một tệp co-quan.yaml",
                    shown(&found.join(AGENCY_FILE))
                ),
            ));
        }
        return Ok(found.to_path_buf());
    }
    let parent = |d: &Path| d.parent().map(Path::to_path_buf).unwrap_or_else(|| d.to_path_buf());
    Ok(match kind.key {
        "co-quan" => dir.to_path_buf(),
        "dai-hoi" => parent(dir),
        _ => {
            // A report's folder sits in its congress's folder.
            let base =
                if dir.file_name().is_some_and(|n| n == REPORTS_FOLDER) { parent(dir) } else { dir.to_path_buf() };
            match dir.ancestors().find(|a| a.join(CONGRESS_FILE).is_file()) {
                Some(congress) => parent(congress),
                None if kind.starter.congress == NeedsCongress::Needed => parent(&base),
                None => base,
            }
        }
    })
}

/// The `dai-hoi.yaml` a document in `dir` inherits, as vanban finds it: the
/// nearest one above, within the agency's folder.
fn congress_above(dir: &Path, agency_dir: &Path) -> Option<PathBuf> {
    dir.ancestors().take_while(|a| a.starts_with(agency_dir)).map(|a| a.join(CONGRESS_FILE)).find(|f| f.is_file())
}

/// Whether `folder` (or a folder inside it) holds an achievement report.
fn holds_a_report(folder: &Path) -> bool {
    WalkDir::new(folder)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy()))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && is_yaml(e.path()))
        .any(|e| {
            yaml::read_text(e.path())
                .ok()
                .and_then(|text| yaml::parse::<KindOnly>(e.path(), &text).ok())
                .and_then(|head| head.loai)
                .is_some_and(|l| l.as_str().trim() == report::KIND.key)
        })
}

/// What the files around the new one already say.
#[derive(Debug, Default)]
struct Facts {
    /// A `dai-hoi.yaml` applies.
    dai_hoi: bool,
    thoi_gian: bool,
    dia_diem: bool,
    /// The congress's award forms, highest first.
    forms: Vec<String>,
    /// The form a new report proposes.
    award: String,
}

impl Facts {
    fn of(c: &CongressFile) -> Facts {
        let set = |t: &Option<Text>| t.as_ref().is_some_and(|t| !t.as_str().trim().is_empty());
        Facts {
            dai_hoi: true,
            thoi_gian: c.thoi_gian.is_some(),
            dia_diem: set(&c.dia_diem),
            forms: non_blank(&c.khen_thuong),
            award: String::new(),
        }
    }

    fn holds(&self, condition: &str) -> bool {
        let (negated, name) = match condition.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, condition),
        };
        let value = match name {
            "dai_hoi" => self.dai_hoi,
            "thoi_gian" => self.thoi_gian,
            "dia_diem" => self.dia_diem,
            "khen_thuong" => !self.forms.is_empty(),
            other => panic!("starter condition `{other}` is unknown"),
        };
        value != negated
    }
}

/// A YAML double-quoted string that reads back as `s`.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars().filter(|&c| !crate::decree::markup::is_marker(c)) {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Who presents each award form in the script: placeholders, in turn.
const PRESENTERS: [&str; 3] =
    ["Trần Văn B, Bí thư Tỉnh ủy", "Nguyễn Văn A, Chủ tịch Ủy ban nhân dân tỉnh", "Lê Thị C, Giám đốc Sở Nội vụ"];

/// The script's `trao_thuong`: a presenter for every award form, or a
/// commented example when the congress has none.
/// The minutes' `ty_le_dat:`, one line per award form (two thirds each).
fn thresholds(forms: &[String]) -> String {
    let mut out = String::from("ty_le_dat:");
    for form in forms {
        out.push_str(&format!("\n  - hinh_thuc: {}\n    ty_le: 2/3", quoted(form)));
    }
    if forms.is_empty() {
        out.push_str("\n  - hinh_thuc: …   # một hình thức trong `khen_thuong` của dai-hoi.yaml\n    ty_le: 2/3");
    }
    out
}

fn presenters(forms: &[String]) -> String {
    if forms.is_empty() {
        return format!(
            "# trao_thuong:                 # (đang tắt) người trao từng hình thức khen thưởng\n\
             #   - hinh_thuc: Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh   # một hình thức trong `khen_thuong` của dai-hoi.yaml\n\
             #     nguoi_trao: {}   # người trao: kịch bản đọc \"Kính mời đồng chí … lên trao thưởng\"\n\
             #     quyet_dinh: Quyết định số …/QĐ-UBND ngày … của Chủ tịch UBND tỉnh …   # quyết định khen thưởng, đọc khi công bố (không bắt buộc)",
            PRESENTERS[1]
        );
    }
    let mut out = String::from("trao_thuong:");
    for (i, form) in forms.iter().enumerate() {
        out.push_str(&format!(
            "\n  - hinh_thuc: {}   # hình thức thứ {} trong `khen_thuong` của dai-hoi.yaml, ghi đúng như ở đó\
             \n    nguoi_trao: {}   # người trao: kịch bản đọc \"Kính mời đồng chí … lên trao thưởng\"\
             \n    # quyet_dinh: Quyết định số … ngày … của …   # quyết định khen thưởng, đọc khi công bố (không bắt buộc)",
            quoted(form),
            i + 1,
            PRESENTERS[i % PRESENTERS.len()]
        ));
    }
    out
}

/// A starter with its markers filled in.
fn render(text: &str, facts: &Facts, year: i32) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let line = if let Some(rest) = line.strip_prefix("@@neu:") {
            let (condition, line) = rest.split_once("@@").expect("`@@neu:COND@@` closes");
            if facts.holds(condition) { line.to_string() } else { format!("# {line}") }
        } else if let Some(rest) = line.strip_prefix("@@chi-khi:") {
            let (condition, line) = rest.split_once("@@").expect("`@@chi-khi:COND@@` closes");
            if !facts.holds(condition) {
                continue;
            }
            line.to_string()
        } else {
            match line.trim() {
                "@@GHI_DE@@" => OVERRIDES.trim_end().to_string(),
                "@@TRAO_THUONG@@" => presenters(&facts.forms),
                "@@TY_LE_DAT@@" => thresholds(&facts.forms),
                _ => line.to_string(),
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    let out = out
        .replace("@@NAM_DAU@@", &(year - 5).to_string())
        .replace("@@NAM_TRUOC@@", &(year - 1).to_string())
        .replace("@@NAM@@", &year.to_string())
        .replace("@@HINH_THUC@@", &quoted(&facts.award));
    debug_assert!(!out.contains("@@"), "a starter marker is left:\n{out}");
    out
}

/// Writes each file, none of which may exist; on a failure, removes what
/// this call wrote.
fn write_all(files: Vec<(PathBuf, String)>) -> Result<Vec<PathBuf>, Problem> {
    for (path, _) in &files {
        refuse_existing(path)?;
    }
    let mut written: Vec<PathBuf> = Vec::new();
    let mut made: Vec<PathBuf> = Vec::new();
    for (path, text) in &files {
        if let Err(e) = write_new(path, text, &mut made) {
            for w in written.iter().rev() {
                let _ = fs::remove_file(w);
            }
            for d in made.iter().rev() {
                let _ = fs::remove_dir(d);
            }
            return Err(Problem::new(path, format!("không ghi được tệp: {}", yaml::io_reason(&e))));
        }
        written.push(path.clone());
    }
    Ok(written)
}

/// Writes `text` to the new file `path`, making its folders (recorded in
/// `made`); fails if the file appeared meanwhile.
fn write_new(path: &Path, text: &str, made: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        let missing: Vec<PathBuf> = parent.ancestors().take_while(|a| !a.exists()).map(Path::to_path_buf).collect();
        fs::create_dir_all(parent)?;
        made.extend(missing.into_iter().rev());
    }
    let mut f = fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}
