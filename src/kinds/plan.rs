//! KẾ HOẠCH (Mẫu 1.4, ký hiệu KH): the plan of a congress, its sections
//! numbered by nesting.

use serde::Serialize;

use crate::decree::common::{Checker, Common, clean, common, non_blank};
use crate::decree::format;
use crate::decree::numbering::{Block, Numbering, number_entries};
use crate::diag::Problem;
use crate::document::{Input, Kind, NeedsCongress, NeedsReports, Resolved, Starter};
use crate::source::entry::Entry;
use crate::source::shared::{AgencyFile, CongressFile, document_file};
use crate::source::values::{OneOrMany, Text};
use crate::source::yaml;

pub const KIND: Kind = Kind {
    key: "ke-hoach",
    name: "KẾ HOẠCH",
    symbol: "KH",
    template: "ke-hoach.typ.j2",
    numbered: true,
    addressed: false,
    word: true,
    resolve,
    starter: Starter {
        text: include_str!("../../templates/moi/ke-hoach.yaml"),
        congress: NeedsCongress::IfThere,
        reports: NeedsReports::No,
    },
    pack_rank: Some(0),
};

document_file! {
    /// A KẾ HOẠCH (Mẫu 1.4).
    pub struct PlanFile {
        /// Trích yếu nội dung, under `KẾ HOẠCH`. In a congress folder it
        /// defaults to `Tổ chức <ten> giai đoạn <giai_doan>` of `dai-hoi.yaml`.
        pub trich_yeu: Option<Text>,
        /// The căn cứ lines (italic).
        #[serde(default)]
        pub can_cu: Vec<Text>,
        /// The opening paragraph(s).
        #[serde(default)]
        pub mo_dau: OneOrMany,
        /// The sections.
        pub noi_dung: Vec<Entry>,
        /// The closing paragraph, ending `./.`.
        pub ket_thuc: Option<Text>,
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

/// A plan's default trích yếu in a congress folder, from `dai-hoi.yaml`:
/// `Tổ chức Đại hội … giai đoạn 2019-2024`.
pub fn congress_subject(c: &CongressFile) -> String {
    format!("Tổ chức {}", c.full_name())
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: PlanFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    match plan(file, input.agency, input.congress, &mut check) {
        Some(ctx) if !check.failed() => {
            let mut resolved = Resolved::single(KIND, input.rel, &ctx.trich_yeu, &ctx.common.co_quan_ban_hanh, &ctx);
            resolved.parts.extend(crate::decree::common::annex_parts(input.rel, &ctx.common));
            Ok(resolved.warned(check.problems))
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
    let common = common(KIND, id, file.agency_overrides(), agency, congress, check);
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
    if check.failed() {
        return None;
    }
    Some(PlanContext { common: common?, trich_yeu, can_cu, mo_dau: non_blank(&file.mo_dau.0), noi_dung, ket_thuc })
}
