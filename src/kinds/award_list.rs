//! The nominees of a congress: every achievement report under a folder, read
//! once and grouped by the award proposed, highest first. The DANH SÁCH ĐỀ
//! NGHỊ KHEN THƯỞNG is made from them, so the secretariat can check the
//! batch at a glance; a list is never made from a batch with a broken report.

use std::path::{Path, PathBuf};

use serde::Serialize;
use walkdir::WalkDir;

use crate::decree::common::{Checker, clean, common, non_blank};
use crate::diag::{Problem, shown};
use crate::document::{self, Input, Kind, NeedsCongress, NeedsReports, Resolved, Starter, context, title_of};
use crate::kinds::report::{self, Nominee, NomineeEntry};
use crate::source::discover::{AGENCY_FILE, CONGRESS_FILE, is_hidden, is_yaml, leads_outside};
use crate::source::shared::{AgencyFile, CongressFile, KindOnly, document_file};
use crate::source::values::Text;
use crate::source::yaml;

pub const KIND: Kind = Kind {
    key: "danh-sach-khen-thuong",
    name: "DANH SÁCH",
    symbol: "DS",
    template: "danh-sach-khen-thuong.typ.j2",
    numbered: false,
    addressed: false,
    word: true,
    resolve,
    starter: Starter {
        text: include_str!("../../templates/moi/danh-sach-khen-thuong.yaml"),
        congress: NeedsCongress::Needed,
        reports: NeedsReports::Yes,
    },
    pack_rank: Some(2),
};

document_file! {
    /// A DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG: every nominee of the congress,
    /// grouped by the award proposed.
    pub struct AwardListFile {
        /// Under `DANH SÁCH`; defaults to `Tập thể, cá nhân đề nghị khen
        /// thưởng tại <Đại hội>`.
        pub trich_yeu: Option<Text>,
        /// `(Kèm theo Tờ trình số …)`, when the list goes with another document.
        pub kem_theo: Option<Text>,
        /// The folder of the reports, beside this file; this file's folder
        /// when absent.
        pub bao_cao: Option<Text>,
        /// A last column naming each report's PDF, for the secretariat's
        /// own check; not printed by default, as file names have no place
        /// in an official document.
        #[serde(default)]
        pub cot_tep_bao_cao: bool,
    }
}

/// Every report under `folder`, in file order. A file that cannot be read as
/// a report makes a problem for `referrer` (the document that needs them),
/// naming the file; its own problems are reported with it.
pub fn collect(
    folder: &Path,
    root: &Path,
    agency: &AgencyFile,
    congress: Option<&CongressFile>,
    referrer: &Path,
) -> Result<Vec<NomineeEntry>, Vec<Problem>> {
    let mut found = Vec::new();
    let mut problems = Vec::new();
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let broken = |file: &Path| {
        Problem::new(
            referrer,
            format!("không lập được vì báo cáo {} có lỗi (xem lỗi của tệp đó); sửa tệp đó rồi dựng lại", shown(file)),
        )
    };
    let walker = WalkDir::new(folder).follow_links(true).sort_by_file_name().into_iter().filter_entry(|e| {
        e.depth() == 0 || (!is_hidden(&e.file_name().to_string_lossy()) && !leads_outside(e, &real_root))
    });
    for entry in walker {
        let Ok(entry) = entry else {
            problems.push(Problem::new(referrer, format!("không đọc hết được thư mục báo cáo {}", shown(folder))));
            continue;
        };
        let path = entry.path();
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !is_yaml(path) || name == AGENCY_FILE || name == CONGRESS_FILE {
            continue;
        }
        let Ok(text) = yaml::read_text(path) else {
            problems.push(broken(path));
            continue;
        };
        match yaml::parse::<KindOnly>(path, &text) {
            Ok(head) if head.loai.as_ref().is_some_and(|l| l.as_str().trim() == report::KIND.key) => {}
            // Another kind of document beside the reports.
            Ok(head) if head.loai.is_some() => continue,
            _ => {
                problems.push(broken(path));
                continue;
            }
        }
        let rel = path.strip_prefix(root).unwrap_or(path);
        let input = Input { path, rel, root, text: &text, agency, congress };
        match report::read(&input) {
            Ok((_, nominee, _)) => found.push(nominee),
            Err(_) => problems.push(broken(path)),
        }
    }
    if problems.is_empty() { Ok(found) } else { Err(problems) }
}

/// One nominee in the list.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub stt: usize,
    pub ten: String,
    pub chuc_vu_don_vi: Option<String>,
    pub tom_tat: Option<String>,
    /// The report's PDF file name.
    pub bao_cao: String,
}

/// The collectives or the individuals proposed for one award.
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// `1.`
    pub so: String,
    pub doi_tuong: Nominee,
    /// `Tập thể`, `Cá nhân`.
    pub ten: &'static str,
    pub hang: Vec<Row>,
}

/// The nominees proposed for one award.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// `I.`
    pub so: String,
    pub hinh_thuc: String,
    pub tap_the: usize,
    pub ca_nhan: usize,
    /// `1 tập thể, 2 cá nhân`.
    pub so_luong: String,
    /// Collectives first, then individuals.
    pub phan: Vec<Part>,
}

/// Groups nominees by award in the order of `forms` (highest first),
/// collectives before individuals, each in file order. Awards nobody is
/// proposed for are left out.
pub fn group(nominees: &[NomineeEntry], forms: &[String]) -> Vec<Group> {
    let mut groups = Vec::new();
    for (rank, form) in forms.iter().enumerate() {
        let of = |who: Nominee| -> Vec<&NomineeEntry> {
            nominees.iter().filter(|n| n.hang == rank && n.doi_tuong == who).collect()
        };
        let (collectives, individuals) = (of(Nominee::Collective), of(Nominee::Individual));
        if collectives.is_empty() && individuals.is_empty() {
            continue;
        }
        let phan: Vec<Part> = [(Nominee::Collective, &collectives), (Nominee::Individual, &individuals)]
            .into_iter()
            .filter(|(_, members)| !members.is_empty())
            .enumerate()
            .map(|(i, (doi_tuong, members))| Part {
                so: format!("{}.", i + 1),
                doi_tuong,
                ten: match doi_tuong {
                    Nominee::Collective => "Tập thể",
                    Nominee::Individual => "Cá nhân",
                },
                hang: members
                    .iter()
                    .enumerate()
                    .map(|(j, n)| Row {
                        stt: j + 1,
                        ten: n.ten.clone(),
                        chuc_vu_don_vi: n.chuc_vu_don_vi.clone(),
                        tom_tat: n.tom_tat.clone(),
                        bao_cao: n.pdf.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default(),
                    })
                    .collect(),
            })
            .collect();
        groups.push(Group {
            so: format!("{}.", crate::decree::format::roman(groups.len() as u32 + 1)),
            hinh_thuc: form.clone(),
            tap_the: collectives.len(),
            ca_nhan: individuals.len(),
            so_luong: count_words(collectives.len(), individuals.len()),
            phan,
        });
    }
    groups
}

/// `I. Tập thể (2 tập thể)` and its rows, in a danh sách kèm theo (a
/// decision's, a tờ trình's).
#[derive(Debug, Clone, Serialize)]
pub struct ListPart {
    pub so: String,
    pub ten: &'static str,
    pub so_luong: String,
    pub hang: Vec<Row>,
}

/// A group's parts as a danh sách kèm theo numbers them: `I.`, `II.`, each
/// with its count.
pub fn list_parts(group: &Group) -> Vec<ListPart> {
    group
        .phan
        .iter()
        .enumerate()
        .map(|(k, p)| ListPart {
            so: format!("{}.", crate::decree::format::roman(k as u32 + 1)),
            ten: p.ten,
            so_luong: match p.doi_tuong {
                Nominee::Collective => count_words(p.hang.len(), 0),
                Nominee::Individual => count_words(0, p.hang.len()),
            },
            hang: p.hang.clone(),
        })
        .collect()
}

/// `4 tập thể, 5 cá nhân`, leaving out a zero.
pub fn count_words(collectives: usize, individuals: usize) -> String {
    let parts: Vec<String> = [(collectives, "tập thể"), (individuals, "cá nhân")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
    parts.join(", ")
}

/// The context of a DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG.
#[derive(Debug, Clone, Serialize)]
pub struct ListContext {
    #[serde(flatten)]
    pub common: crate::decree::common::Common,
    pub trich_yeu: String,
    pub kem_theo: Option<String>,
    pub nhom: Vec<Group>,
    /// `4 tập thể, 5 cá nhân`.
    pub tong: String,
    /// A list goes with another document and has no number of its own,
    /// unless it is given one.
    pub an_so_ky_hieu: bool,
    /// Whether the table has the column of the reports' PDF file names
    /// (`cot_tep_bao_cao: true`).
    pub cot_tep_bao_cao: bool,
}

/// The folder a list or a script reads its reports from: `bao_cao` beside
/// the file, or the file's own folder; never outside the data folder.
pub fn reports_folder(input: &Input, bao_cao: Option<&str>, check: &mut Checker) -> Option<PathBuf> {
    let here = input.path.parent().unwrap_or(Path::new("."));
    let folder = match bao_cao {
        Some(f) => here.join(f),
        None => here.to_path_buf(),
    };
    match (folder.canonicalize(), input.root.canonicalize()) {
        (Ok(f), Ok(root)) if f.starts_with(&root) && f.is_dir() => Some(f),
        (Ok(f), Ok(root)) if f.starts_with(&root) => {
            check.key("bao_cao", format!("`{}` không phải một thư mục", bao_cao.unwrap_or_default()));
            None
        }
        (Ok(_), _) => {
            check.key("bao_cao", "thư mục báo cáo phải nằm trong thư mục dữ liệu");
            None
        }
        (Err(_), _) => {
            check.key("bao_cao", format!("không tìm thấy thư mục báo cáo `{}`", bao_cao.unwrap_or_default()));
            None
        }
    }
}

/// The award forms of the congress, highest first, or a problem saying where
/// to write them.
pub fn award_forms(congress: Option<&CongressFile>, check: &mut Checker) -> Vec<String> {
    let forms: Vec<String> = congress.map(|c| non_blank(&c.khen_thuong)).unwrap_or_default();
    if forms.is_empty() {
        check.key(
            "loai",
            "danh sách theo hình thức khen thưởng cần khóa `khen_thuong` trong dai-hoi.yaml: các hình thức, cao nhất trước",
        );
    }
    forms
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: AwardListFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    let id = file.identity();
    let common = common(KIND, id, file.agency_overrides(), input.agency, input.congress, &mut check);
    let forms = award_forms(input.congress, &mut check);
    let folder = reports_folder(input, clean(&file.bao_cao).as_deref(), &mut check);
    let trich_yeu = clean(&file.trich_yeu)
        .or_else(|| input.congress.map(|c| format!("Tập thể, cá nhân đề nghị khen thưởng tại {}", c.full_name())));
    if trich_yeu.is_none() {
        check.key("trich_yeu", "thiếu `trich_yeu`: ghi trong danh sách, hoặc đặt danh sách trong thư mục Đại hội");
    }
    let (Some(common), Some(folder), Some(trich_yeu)) = (common, folder, trich_yeu) else {
        return Err(check.problems);
    };
    if check.failed() {
        return Err(check.problems);
    }
    let nominees = collect(&folder, input.root, input.agency, input.congress, input.path)?;
    if nominees.is_empty() {
        check.key("bao_cao", format!("không có báo cáo thành tích nào trong {}", shown(&folder)));
        return Err(check.problems);
    }
    let nhom = group(&nominees, &forms);
    let count = |who| nominees.iter().filter(|n| n.doi_tuong == who).count();
    let ctx = ListContext {
        an_so_ky_hieu: common.so.is_none(),
        common,
        trich_yeu,
        kem_theo: clean(&file.kem_theo),
        nhom,
        tong: count_words(count(Nominee::Collective), count(Nominee::Individual)),
        cot_tep_bao_cao: file.cot_tep_bao_cao,
    };
    let title = title_of(KIND, &ctx.trich_yeu);
    let part =
        document::Part::new(input.rel.with_extension("pdf"), &title, context(&ctx.common.co_quan_ban_hanh, &ctx));
    Ok(Resolved { title, parts: vec![part], problems: check.problems, ..Resolved::default() })
}
