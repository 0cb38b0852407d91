//! TỜ TRÌNH ĐỀ NGHỊ KHEN THƯỞNG (Mẫu 1.4 with Kính gửi, ký hiệu TTr): the
//! agency proposes to the authority that grants an award level how many
//! collectives and individuals it proposes, counted from the congress's
//! achievement reports (only those that passed the council's vote when a
//! biên bản lies beside it); the list of each level follows as its phụ lục.

use serde::Serialize;

use crate::decree::common::{Checker, Common, clean, common, non_blank};
use crate::decree::format;
use crate::diag::{Problem, shown};
use crate::document::{Input, Kind, NeedsCongress, NeedsReports, Resolved, Starter};
use crate::kinds::award_list::{ListPart, award_forms, collect, group, list_parts, reports_folder};
use crate::source::shared::document_file;
use crate::source::values::{OneOrMany, Text};
use crate::source::yaml;

pub const KIND: Kind = Kind {
    key: "to-trinh",
    name: "TỜ TRÌNH",
    symbol: "TTr",
    template: "to-trinh.typ.j2",
    numbered: true,
    addressed: true,
    word: true,
    resolve,
    starter: Starter {
        text: include_str!("../../templates/moi/to-trinh.yaml"),
        congress: NeedsCongress::Needed,
        reports: NeedsReports::Yes,
    },
    pack_rank: Some(4),
};

document_file! {
    /// A TỜ TRÌNH đề nghị khen thưởng (Mẫu 1.4, with Kính gửi).
    pub struct ProposalFile {
        /// Trích yếu nội dung, under `TỜ TRÌNH`; defaults to `Đề nghị
        /// tặng <hình thức> cho tập thể, cá nhân có thành tích tại <Đại hội>`.
        pub trich_yeu: Option<Text>,
        /// The căn cứ lines (italic).
        #[serde(default)]
        pub can_cu: Vec<Text>,
        /// The paragraphs before the proposal (what the congress is, how the
        /// nominees were chosen).
        #[serde(default)]
        pub mo_dau: OneOrMany,
        /// The award levels proposed, each one of `khen_thuong` of
        /// `dai-hoi.yaml`; every level some report proposes when absent.
        #[serde(default)]
        pub hinh_thuc: OneOrMany,
        /// The folder of the reports, beside this file; this file's folder
        /// when absent.
        pub bao_cao: Option<Text>,
        /// The closing paragraph, ending `./.`.
        pub ket_thuc: Option<Text>,
    }
}

/// One award level proposed, with its count.
#[derive(Debug, Clone, Serialize)]
pub struct Proposed {
    pub hinh_thuc: String,
    pub tap_the: usize,
    pub ca_nhan: usize,
    /// `Đề nghị tặng <hình thức> cho 2 tập thể và 3 cá nhân (có danh sách
    /// kèm theo)`, its end mark set by its place in the list.
    pub noi_dung: String,
}

/// The context of a TỜ TRÌNH.
#[derive(Debug, Clone, Serialize)]
pub struct ProposalContext {
    #[serde(flatten)]
    pub common: Common,
    pub trich_yeu: String,
    pub can_cu: Vec<String>,
    pub mo_dau: Vec<String>,
    pub de_nghi: Vec<Proposed>,
    pub ket_thuc: String,
    /// The danh sách kèm theo: one phụ lục per level proposed (Mẫu 2.1).
    pub danh_sach: Vec<ListAnnex>,
}

/// The list of one level proposed, as a phụ lục of the tờ trình.
#[derive(Debug, Clone, Serialize)]
pub struct ListAnnex {
    /// `I`, `II`… after the phụ lục the data writes, when there are several.
    pub so: String,
    pub ten: String,
    pub kem_theo: String,
    pub phan: Vec<ListPart>,
}

/// `2 tập thể và 3 cá nhân`, leaving out a zero.
pub fn counted(collectives: usize, individuals: usize) -> String {
    match (collectives, individuals) {
        (0, i) => format!("{i} cá nhân"),
        (c, 0) => format!("{c} tập thể"),
        (c, i) => format!("{c} tập thể và {i} cá nhân"),
    }
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: ProposalFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    let id = file.identity();
    let common = common(KIND, id, file.agency_overrides(), input.agency, input.congress, &mut check);
    if common.as_ref().is_some_and(|c| c.thanh_phan.kinh_gui.is_empty()) {
        check.key(
            "kinh_gui",
            "tờ trình cần khóa `kinh_gui`: cơ quan, người có thẩm quyền khen thưởng (ví dụ `kinh_gui: Bộ Quốc phòng`)",
        );
    }
    let forms = award_forms(input.congress, &mut check);
    let folder = reports_folder(input, clean(&file.bao_cao).as_deref(), &mut check);
    let asked = non_blank(&file.hinh_thuc.0);
    for form in &asked {
        if !forms.is_empty() && !forms.contains(form) {
            check.key(
                "hinh_thuc",
                format!(
                    "`{form}` không có trong `khen_thuong` của dai-hoi.yaml; ghi đúng một trong: {}",
                    forms.join("; ")
                ),
            );
        }
    }
    let ket_thuc = clean(&file.ket_thuc);
    if ket_thuc.is_none() {
        check.key(
            "ket_thuc",
            "thiếu `ket_thuc`: đoạn kết của tờ trình (ví dụ `Kính đề nghị Bộ Quốc phòng xem xét, quyết định./.`)",
        );
    }
    let (Some(common), Some(folder), Some(ket_thuc)) = (common, folder, ket_thuc) else {
        return Err(check.problems);
    };
    if check.failed() {
        return Err(check.problems);
    }
    // After the council's vote (a biên bản beside it), only those that passed.
    let vote = crate::kinds::dossier::vote(input)?;
    let nominees: Vec<_> = collect(&folder, input.root, input.agency, input.congress, input.path)?
        .into_iter()
        .filter(|n| vote.as_ref().is_none_or(|v| v.passed.contains(&n.pdf)))
        .collect();
    let groups = group(&nominees, &forms);
    let chosen: Vec<_> = if asked.is_empty() {
        groups.iter().collect()
    } else {
        for form in &asked {
            if !groups.iter().any(|g| &g.hinh_thuc == form) {
                check.key(
                    "hinh_thuc",
                    format!("không có báo cáo thành tích nào trong {} đề nghị `{form}`", shown(&folder)),
                );
            }
        }
        groups.iter().filter(|g| asked.contains(&g.hinh_thuc)).collect()
    };
    if chosen.is_empty() && !check.failed() {
        check.key("bao_cao", format!("không có báo cáo thành tích nào trong {}", shown(&folder)));
    }
    if check.failed() {
        return Err(check.problems);
    }
    let n = chosen.len();
    let de_nghi = chosen
        .iter()
        .enumerate()
        .map(|(i, g)| Proposed {
            hinh_thuc: g.hinh_thuc.clone(),
            tap_the: g.tap_the,
            ca_nhan: g.ca_nhan,
            noi_dung: format!(
                "Đề nghị tặng {} cho {} (có danh sách kèm theo){}",
                g.hinh_thuc,
                counted(g.tap_the, g.ca_nhan),
                if i + 1 == n { "." } else { ";" }
            ),
        })
        .collect();
    let trich_yeu = clean(&file.trich_yeu).unwrap_or_else(|| {
        let levels: Vec<&str> = chosen.iter().map(|g| g.hinh_thuc.as_str()).collect();
        let at = input.congress.map(|c| format!(" tại {}", c.full_name())).unwrap_or_default();
        format!("Đề nghị tặng {} cho tập thể, cá nhân có thành tích xuất sắc{at}", levels.join(", "))
    });
    let can_cu = non_blank(&file.can_cu);
    let last = can_cu.len();
    let can_cu = can_cu
        .iter()
        .enumerate()
        .map(|(i, t)| format::with_end_mark(t, if i + 1 == last { '.' } else { ';' }))
        .collect();
    // The lists follow the phụ lục the data writes; numbered when there are
    // several in all.
    let mut common = common;
    let written = common.thanh_phan.phu_luc.len();
    let several = written + chosen.len() > 1;
    for (i, a) in common.thanh_phan.phu_luc.iter_mut().enumerate() {
        a.so = if several { format::roman(i as u32 + 1) } else { String::new() };
    }
    let danh_sach = chosen
        .iter()
        .enumerate()
        .map(|(i, g)| ListAnnex {
            so: if several { format::roman((written + i) as u32 + 1) } else { String::new() },
            ten: format!("Danh sách tập thể, cá nhân đề nghị tặng {}", g.hinh_thuc),
            kem_theo: common.thanh_phan.kem_theo.clone(),
            phan: list_parts(g),
        })
        .collect();
    let ctx = ProposalContext {
        danh_sach,
        common,
        trich_yeu,
        can_cu,
        mo_dau: non_blank(&file.mo_dau.0),
        de_nghi,
        ket_thuc: format::with_closing_mark(&ket_thuc),
    };
    let resolved = Resolved::single(KIND, input.rel, &ctx.trich_yeu, &ctx.common.co_quan_ban_hanh, &ctx);
    Ok(resolved.warned(check.problems))
}

#[cfg(test)]
mod tests {
    use super::counted;

    #[test]
    fn counts_leave_out_a_zero() {
        assert_eq!(counted(2, 3), "2 tập thể và 3 cá nhân");
        assert_eq!(counted(0, 1), "1 cá nhân");
        assert_eq!(counted(4, 0), "4 tập thể");
    }
}
