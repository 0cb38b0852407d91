//! QUYẾT ĐỊNH KHEN THƯỞNG (Mẫu 1.2, ký hiệu QĐ): one per award level the
//! agency grants. Under the trích yếu the authority, the căn cứ, `Theo đề
//! nghị của …`, `QUYẾT ĐỊNH:`, then `Điều 1.` awarding the collectives and
//! individuals that passed the council's vote (the biên bản beside it),
//! with the prize money in figures and in words, `Điều 2.` the funding or
//! the date it takes effect, `Điều 3.` who executes it; its danh sách kèm
//! theo is a phụ lục (Mẫu 2.1). Certificates and the script read it.

use serde::{Deserialize, Serialize};

use crate::decree::common::{Checker, Common, clean, common, non_blank};
use crate::decree::format;
use crate::decree::markup;
use crate::diag::{Problem, shown};
use crate::document::{Input, Kind, NeedsCongress, NeedsReports, Resolved, Starter};
use crate::kinds::award_list::{ListPart, award_forms, collect, group, list_parts, reports_folder};
use crate::kinds::dossier;
use crate::kinds::proposal::counted;
use crate::kinds::report::{Nominee, NomineeEntry, award};
use crate::source::shared::document_file;
use crate::source::values::{Authority, Text};
use crate::source::yaml;

pub const KIND: Kind = Kind {
    key: "quyet-dinh",
    name: "QUYẾT ĐỊNH",
    symbol: "QĐ",
    template: "quyet-dinh.typ.j2",
    numbered: true,
    addressed: false,
    word: true,
    resolve,
    starter: Starter {
        text: include_str!("../../templates/moi/quyet-dinh.yaml"),
        congress: NeedsCongress::Needed,
        reports: NeedsReports::Yes,
    },
    pack_rank: Some(6),
};

document_file! {
    /// A decision awarding one level to the nominees that passed the vote.
    pub struct DecisionFile {
        /// The award level granted, one of `khen_thuong` of `dai-hoi.yaml`.
        pub hinh_thuc: Option<Text>,
        /// Defaults to `Về việc tặng <hình thức>`.
        pub trich_yeu: Option<Text>,
        /// The authority, in a sentence's case (`Chủ tịch Ủy ban nhân dân
        /// tỉnh Lai Châu`); printed in capitals under the trích yếu.
        pub tham_quyen: Option<Text>,
        #[serde(default)]
        pub can_cu: Vec<Text>,
        /// `Giám đốc Sở Nội vụ`: printed `Theo đề nghị của Giám đốc Sở Nội vụ.`
        pub theo_de_nghi: Option<Text>,
        /// After the counts in Điều 1; defaults to `đã có thành tích xuất
        /// sắc trong <dot_thi_dua>`.
        pub thanh_tich: Option<Text>,
        /// The prize per collective and per individual, in đồng.
        pub tien_thuong: Option<Prize>,
        /// Where the money comes from (Điều 2).
        pub nguon_kinh_phi: Option<Text>,
        /// When it takes effect; `Quyết định này có hiệu lực kể từ ngày ký.`
        pub hieu_luc: Option<Text>,
        /// Who executes it (Điều 3), one per line.
        #[serde(default)]
        pub thi_hanh: Vec<Text>,
        /// The folder of the reports, beside this file.
        pub bao_cao: Option<Text>,
    }
}

/// `tien_thuong: {tap_the: 4680000, ca_nhan: 2340000}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prize {
    pub tap_the: Option<u64>,
    pub ca_nhan: Option<u64>,
}

/// What a decision awards, for the certificates and the script.
#[derive(Debug, Clone)]
pub struct Awarded {
    pub hinh_thuc: String,
    /// `1124/QĐ-UBND`.
    pub so_ky_hieu: String,
    pub ngay: Option<chrono::NaiveDate>,
    pub dia_danh: String,
    /// `Chủ tịch Ủy ban nhân dân tỉnh Lai Châu`.
    pub tham_quyen: String,
    /// `Đã có thành tích xuất sắc trong …`.
    pub thanh_tich: String,
    /// Collectives first, then individuals, in file order.
    pub nominees: Vec<NomineeEntry>,
    /// The decision's YAML file.
    pub file: std::path::PathBuf,
}

impl Awarded {
    /// `Quyết định số 1124/QĐ-UBND ngày 10/7/2024 của Chủ tịch Ủy ban nhân
    /// dân tỉnh Lai Châu`, as the script announces it.
    pub fn announcement(&self) -> String {
        let date = self.ngay.map(|d| format!(" ngày {}", short_date(d))).unwrap_or_default();
        format!("Quyết định số {}{date} của {}", self.so_ky_hieu, self.tham_quyen)
    }
}

/// `10/7/2024`.
pub fn short_date(d: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{}/{}/{}", d.day(), d.month(), d.year())
}

/// One numbered article.
#[derive(Debug, Clone, Serialize)]
pub struct Article {
    pub so: u32,
    pub noi_dung: String,
    /// Paragraphs that follow (the prize money).
    pub them: Vec<String>,
}

/// The context of a QUYẾT ĐỊNH.
#[derive(Debug, Clone, Serialize)]
pub struct DecisionContext {
    #[serde(flatten)]
    pub common: Common,
    pub trich_yeu: String,
    /// In capitals.
    pub tham_quyen: String,
    pub can_cu: Vec<String>,
    pub dieu: Vec<Article>,
    /// The danh sách kèm theo (Mẫu 2.1).
    pub ds_ten: String,
    pub ds_kem_theo: String,
    pub ds: Vec<ListPart>,
}

/// `KẾ HOẠCH` → `Kế hoạch`; `CHỦ TỊCH` → `Chủ tịch`.
fn sentence_case(s: &str) -> String {
    let lower = s.trim().to_lowercase();
    let mut c = lower.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// `2.340.000 đồng (Bằng chữ: Hai triệu ba trăm bốn mươi nghìn đồng)`.
fn money(amount: u64) -> String {
    format!("{} đồng (Bằng chữ: {})", format::money_figures(amount), format::money_words(amount))
}

/// Reads and checks a decision: its context and what it awards.
pub fn read(input: &Input) -> Result<(DecisionContext, Awarded, Vec<Problem>), Vec<Problem>> {
    let file: DecisionFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    let id = file.identity();
    let own = file.agency_overrides();
    let common = common(KIND, id, own.clone(), input.agency, input.congress, &mut check);
    let forms = award_forms(input.congress, &mut check);
    let form_texts: Vec<Text> = forms.iter().map(|f| Text(f.clone())).collect();
    let level = match clean(&file.hinh_thuc) {
        None => {
            check.key(
                "hinh_thuc",
                "thiếu `hinh_thuc`: hình thức khen thưởng của quyết định, một trong `khen_thuong` của dai-hoi.yaml",
            );
            None
        }
        Some(h) => match award(&h, &form_texts) {
            Some((rank, name)) => Some((rank, name.trim().to_string())),
            None => {
                check.key(
                    "hinh_thuc",
                    format!(
                        "`{h}` không có trong `khen_thuong` của dai-hoi.yaml; ghi đúng một trong: {}",
                        forms.join("; ")
                    ),
                );
                None
            }
        },
    };
    let folder = reports_folder(input, clean(&file.bao_cao).as_deref(), &mut check);
    let thi_hanh = non_blank(&file.thi_hanh);
    if thi_hanh.is_empty() {
        check.key("thi_hanh", "thiếu `thi_hanh`: cơ quan, người thi hành quyết định (Điều 3), mỗi nơi một dòng");
    }
    let thanh_tich = clean(&file.thanh_tich).or_else(|| {
        input.congress.and_then(|c| clean(&c.dot_thi_dua)).map(|d| format!("đã có thành tích xuất sắc trong {d}"))
    });
    if thanh_tich.is_none() {
        check.key("thanh_tich", "thiếu `thanh_tich`: ví dụ `đã có thành tích xuất sắc trong phong trào thi đua …` (hoặc `dot_thi_dua` trong dai-hoi.yaml)");
    }
    let signer = own.nguoi_ky.as_ref().or(input.agency.nguoi_ky.as_ref());
    let who = clean(&own.ten_day_du).or_else(|| clean(&input.agency.ten_day_du));
    let tham_quyen = clean(&file.tham_quyen).or_else(|| {
        let s = signer?;
        let agency = who.clone()?;
        if s.quyen_han.0.contains(&Authority::Tm) {
            return Some(agency);
        }
        let head = s.thu_truong.as_ref().filter(|t| !t.as_str().trim().is_empty()).unwrap_or(&s.chuc_vu);
        Some(format!("{} {agency}", sentence_case(head.as_str())))
    });
    if tham_quyen.is_none() {
        check.key(
            "tham_quyen",
            "thiếu `tham_quyen`: người có thẩm quyền quyết định, ví dụ `Chủ tịch Ủy ban nhân dân tỉnh Lai Châu`",
        );
    }
    if let Some(p) = &file.tien_thuong
        && clean(&file.nguon_kinh_phi).is_none()
        && (p.tap_the.is_some() || p.ca_nhan.is_some())
    {
        check.key("nguon_kinh_phi", "có tiền thưởng thì ghi `nguon_kinh_phi`: nguồn kinh phí (Điều 2), ví dụ `từ Quỹ Thi đua, khen thưởng của tỉnh năm 2024`");
    }
    let (Some(common), Some((rank, hinh_thuc)), Some(folder), Some(thanh_tich), Some(tham_quyen)) =
        (common, level, folder, thanh_tich, tham_quyen)
    else {
        return Err(check.problems);
    };
    if check.failed() {
        return Err(check.problems);
    }
    // Only the nominees of this level that passed the vote.
    let Some(vote) = dossier::vote(input)? else {
        check.key(
            "loai",
            "chưa có biên bản họp Hội đồng (loai: bien-ban) cùng thư mục: quyết định chỉ khen những tập thể, cá nhân đạt tỷ lệ trong biên bản",
        );
        return Err(check.problems);
    };
    let mut nominees: Vec<NomineeEntry> = collect(&folder, input.root, input.agency, input.congress, input.path)?
        .into_iter()
        .filter(|n| n.hang == rank && vote.passed.contains(&n.pdf))
        .collect();
    nominees.sort_by_key(|n| n.doi_tuong == Nominee::Individual);
    if nominees.is_empty() {
        check.key(
            "hinh_thuc",
            format!(
                "không có tập thể, cá nhân nào được đề nghị `{hinh_thuc}` đạt tỷ lệ trong biên bản {}",
                shown(&vote.file)
            ),
        );
        return Err(check.problems);
    }
    let of = |who| nominees.iter().filter(|n| n.doi_tuong == who).count();
    let (c, i) = (of(Nominee::Collective), of(Nominee::Individual));

    let mut dieu_1_them = Vec::new();
    let mut total: u64 = 0;
    if let Some(prize) = &file.tien_thuong {
        for (n, amount, key, whom) in
            [(c, prize.tap_the, "tap_the", "tập thể"), (i, prize.ca_nhan, "ca_nhan", "cá nhân")]
        {
            if n == 0 {
                continue;
            }
            match amount {
                Some(a) => {
                    total += a * n as u64;
                    dieu_1_them.push(format!("Mỗi {whom} được tặng kèm tiền thưởng {}.", money(a)));
                }
                None => check.key(
                    &format!("tien_thuong.{key}"),
                    format!("có {n} {whom} được khen mà chưa ghi tiền thưởng `tien_thuong.{key}` (đồng)"),
                ),
            }
        }
    }
    if check.failed() {
        return Err(check.problems);
    }
    let hieu_luc = clean(&file.hieu_luc)
        .map(|h| format::with_end_mark(&h, '.'))
        .unwrap_or_else(|| "Quyết định này có hiệu lực kể từ ngày ký.".into());
    let executes = format!(
        "{} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
        thi_hanh.join(", ")
    );
    let mut dieu = vec![Article {
        so: 1,
        noi_dung: format!(
            "Tặng {hinh_thuc} cho {} (có danh sách kèm theo) {}.",
            counted(c, i),
            thanh_tich.trim_end_matches('.')
        ),
        them: dieu_1_them,
    }];
    let kinh_phi = clean(&file.nguon_kinh_phi);
    match kinh_phi.filter(|_| total > 0) {
        Some(source) => {
            dieu.push(Article {
                so: 2,
                noi_dung: format::with_end_mark(&format!("Tổng số tiền thưởng: {}, {source}", money(total)), '.'),
                them: Vec::new(),
            });
            dieu.push(Article { so: 3, noi_dung: format!("{hieu_luc} {executes}"), them: Vec::new() });
        }
        None => {
            dieu.push(Article { so: 2, noi_dung: hieu_luc, them: Vec::new() });
            dieu.push(Article { so: 3, noi_dung: executes, them: Vec::new() });
        }
    }

    let can_cu = non_blank(&file.can_cu);
    let de_nghi = clean(&file.theo_de_nghi).map(|t| {
        let t =
            if format::ascii_fold(&t).starts_with("theo de nghi") { t } else { format!("Theo đề nghị của {t}") };
        format::with_end_mark(&t, '.')
    });
    let last = can_cu.len();
    let mut lines: Vec<String> = can_cu
        .iter()
        .enumerate()
        .map(|(k, t)| format::with_end_mark(t, if k + 1 == last && de_nghi.is_none() { '.' } else { ';' }))
        .collect();
    lines.extend(de_nghi);

    let so_ky_hieu = format::number_symbol(common.so, &common.ky_hieu);
    let date = match common.ngay {
        Some(d) if common.thanh_phan.ky_dien_tu.is_none() => format::date_words(format::IssueDate::Issued(d.0)),
        _ => format::date_words(format::IssueDate::Draft { year: common.nam, month: common.thang }),
    };
    let number = if common.thanh_phan.ky_dien_tu.is_some() {
        format::number_symbol(None, &common.ky_hieu)
    } else {
        so_ky_hieu.clone()
    };
    let ds_kem_theo = format!("Kèm theo Quyết định số {number} {date} của {tham_quyen}");
    // One level: one group.
    let ds = group(&nominees, &forms).first().map(list_parts).unwrap_or_default();
    let trich_yeu = clean(&file.trich_yeu).unwrap_or_else(|| format!("Về việc tặng {hinh_thuc}"));
    let mut common = common;
    if !common.noi_nhan.iter().any(|n| format::ascii_fold(n).starts_with("nhu dieu")) {
        common.noi_nhan.insert(0, "Như Điều 3;".into());
    }
    let awarded = Awarded {
        hinh_thuc: hinh_thuc.clone(),
        so_ky_hieu,
        ngay: common.ngay.map(|d| d.0),
        dia_danh: common.dia_danh.clone(),
        tham_quyen: tham_quyen.clone(),
        thanh_tich: {
            let t = thanh_tich.trim_end_matches('.').to_string();
            let mut c = t.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
        },
        nominees,
        file: input.path.to_path_buf(),
    };
    let ctx = DecisionContext {
        trich_yeu,
        tham_quyen: format::capitals(&markup::one_line(&tham_quyen)),
        can_cu: lines,
        dieu,
        ds_ten: format!("Danh sách tập thể, cá nhân được tặng {hinh_thuc}"),
        ds_kem_theo,
        ds,
        common,
    };
    Ok((ctx, awarded, check.problems))
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let (ctx, _, warnings) = read(input)?;
    let resolved = Resolved::single(KIND, input.rel, &ctx.trich_yeu, &ctx.common.co_quan_ban_hanh, &ctx);
    Ok(resolved.warned(warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_announcement_names_number_date_and_authority() {
        let a = Awarded {
            hinh_thuc: "Bằng khen".into(),
            so_ky_hieu: "1124/QĐ-UBND".into(),
            ngay: chrono::NaiveDate::from_ymd_opt(2024, 7, 10),
            dia_danh: "Lai Châu".into(),
            tham_quyen: "Chủ tịch Ủy ban nhân dân tỉnh Lai Châu".into(),
            thanh_tich: String::new(),
            nominees: Vec::new(),
            file: Default::default(),
        };
        assert_eq!(
            a.announcement(),
            "Quyết định số 1124/QĐ-UBND ngày 10/7/2024 của Chủ tịch Ủy ban nhân dân tỉnh Lai Châu"
        );
        assert_eq!(money(2_340_000), "2.340.000 đồng (Bằng chữ: Hai triệu ba trăm bốn mươi nghìn đồng)");
    }
}
