//! BIÊN BẢN HỌP HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG (Mẫu 1.9, ký hiệu BB): when
//! and where the council met, who was there, and for each nominee of the
//! congress's reports the votes in favour out of the members present, with
//! the percentage and whether it reaches the threshold of its award level.
//! The documents after the vote (decision, certificates, script, tờ trình)
//! read the nominees that passed from here (see [`crate::kinds::dossier`]).

use std::collections::BTreeSet;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::decree::common::{Checker, Common, clean, common, non_blank};
use crate::decree::format;
use crate::diag::{Problem, shown};
use crate::document::{Input, Kind, NeedsCongress, NeedsReports, Resolved, Starter};
use crate::kinds::award_list::{award_forms, collect, reports_folder};
use crate::kinds::proposal::counted;
use crate::kinds::report::{Nominee, NomineeEntry, award};
use crate::source::shared::document_file;
use crate::source::values::{OneOrMany, Text, Time};
use crate::source::yaml;

pub const KIND: Kind = Kind {
    key: "bien-ban",
    name: "BIÊN BẢN",
    symbol: "BB",
    template: "bien-ban.typ.j2",
    numbered: false,
    addressed: false,
    word: true,
    resolve,
    starter: Starter {
        text: include_str!("../../templates/moi/bien-ban.yaml"),
        congress: NeedsCongress::Needed,
        reports: NeedsReports::Yes,
    },
    pack_rank: Some(5),
};

document_file! {
    /// The minutes of the council's meeting that considered the nominees.
    pub struct MinutesFile {
        /// Under `BIÊN BẢN`; defaults to `Họp Hội đồng Thi đua - Khen
        /// thưởng xét đề nghị khen thưởng tại <Đại hội>`.
        pub trich_yeu: Option<Text>,
        /// When the meeting started and ended (`14:00`), on the day `ngay`.
        pub bat_dau: Option<Time>,
        pub ket_thuc: Option<Time>,
        pub dia_diem: Option<Text>,
        /// Chủ trì (chủ tọa) and thư ký, each `Name, title`.
        pub chu_tri: Option<Text>,
        pub thu_ky: Option<Text>,
        /// The members present, one per line.
        #[serde(default)]
        pub thanh_vien: Vec<Text>,
        /// The council's members in all, when some are absent.
        pub tong_so_thanh_vien: Option<crate::source::values::Count>,
        /// The folder of the reports, beside this file.
        pub bao_cao: Option<Text>,
        /// The share of the members present each award level needs.
        #[serde(default)]
        pub ty_le_dat: Vec<Threshold>,
        /// The votes in favour of each nominee, by report file name
        /// (`05-giang-a-chu: 8`).
        pub bieu_quyet: Option<serde_yaml::Mapping>,
        /// Paragraphs before the results, and after them.
        #[serde(default)]
        pub noi_dung: OneOrMany,
        #[serde(default)]
        pub ket_luan: OneOrMany,
    }
}

/// The threshold of one award level: `ty_le: 70` (per cent of the members
/// present) or `ty_le: 2/3`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    pub hinh_thuc: Text,
    pub ty_le: serde_yaml::Value,
}

/// A share as an exact fraction, and as the minutes print it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Share {
    pub num: u64,
    pub den: u64,
    pub shown: String,
}

impl Share {
    /// `70`, `66.5`, `"70%"` (per cent) or `"2/3"`.
    pub fn parse(v: &serde_yaml::Value) -> Option<Share> {
        let text = match v {
            serde_yaml::Value::Number(n) => n.to_string(),
            serde_yaml::Value::String(s) => s.trim().trim_end_matches('%').trim().to_string(),
            _ => return None,
        };
        if let Some((a, b)) = text.split_once('/') {
            let (num, den) = (a.trim().parse::<u64>().ok()?, b.trim().parse::<u64>().ok()?);
            return (den > 0 && num <= den && num > 0).then(|| Share { num, den, shown: format!("{num}/{den}") });
        }
        // Per cent with at most two decimals, as hundredths of a per cent.
        let text = text.replace(',', ".");
        let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
        if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let num = whole.parse::<u64>().ok()? * 100 + format!("{frac:0<2}").parse::<u64>().ok()?;
        (num > 0 && num <= 10_000).then(|| Share { num, den: 10_000, shown: format!("{}%", text.replace('.', ",")) })
    }

    /// Whether `votes` of `present` reach the share.
    pub fn reached(&self, votes: u32, present: u32) -> bool {
        u64::from(votes) * self.den >= self.num * u64::from(present)
    }
}

/// `88,9%`: votes of present as a percentage, one decimal unless whole.
pub fn percent(votes: u32, present: u32) -> String {
    if present == 0 {
        return "0%".into();
    }
    let tenths = (u64::from(votes) * 1000 + u64::from(present) / 2) / u64::from(present);
    if tenths % 10 == 0 { format!("{}%", tenths / 10) } else { format!("{},{}%", tenths / 10, tenths % 10) }
}

/// One nominee's vote.
#[derive(Debug, Clone, Serialize)]
pub struct Voted {
    #[serde(skip)]
    pub nominee: NomineeEntry,
    pub ten: String,
    pub dong_y: u32,
    /// `8/9`.
    pub phieu: String,
    /// `88,9%`.
    pub ty_le: String,
    pub dat: bool,
}

/// The results of one award level.
#[derive(Debug, Clone, Serialize)]
pub struct LevelVotes {
    /// `I.`
    pub so: String,
    pub hinh_thuc: String,
    /// `2/3`, `70%`.
    pub nguong: String,
    pub hang: Vec<Voted>,
    /// `1 tập thể và 2 cá nhân` that passed, or empty.
    pub dat: String,
}

/// The council's results, for the documents after it.
#[derive(Debug, Clone)]
pub struct Tally {
    pub present: u32,
    pub levels: Vec<LevelVotes>,
}

impl Tally {
    /// The nominees that reached their level's threshold, by report PDF.
    pub fn passed(&self) -> BTreeSet<PathBuf> {
        self.levels.iter().flat_map(|l| &l.hang).filter(|v| v.dat).map(|v| v.nominee.pdf.clone()).collect()
    }
}

/// The context of a BIÊN BẢN.
#[derive(Debug, Clone, Serialize)]
pub struct MinutesContext {
    #[serde(flatten)]
    pub common: Common,
    pub trich_yeu: String,
    /// `14 giờ 00 phút, ngày 08 tháng 7 năm 2024`.
    pub bat_dau: String,
    pub ket_thuc: String,
    pub dia_diem: String,
    /// `9/11 thành viên Hội đồng` or `9 thành viên`.
    pub co_mat: String,
    pub thanh_vien: Vec<String>,
    pub chu_tri: String,
    pub thu_ky: String,
    pub noi_dung: Vec<String>,
    pub ket_qua: Vec<LevelVotes>,
    pub ket_luan: Vec<String>,
    /// The secretary's and the chair's names, under their signatures.
    pub ten_thu_ky: String,
    pub ten_chu_tri: String,
}

/// The name in `Name, title` (a chair written with their title).
fn name_of(person: &str) -> String {
    person.split(',').next().unwrap_or(person).trim().to_string()
}

/// Counts the votes of the nominees under the minutes' reports folder.
fn tally(input: &Input, file: &MinutesFile, check: &mut Checker) -> Result<Option<Tally>, Vec<Problem>> {
    let forms = award_forms(input.congress, check);
    let folder = reports_folder(input, clean(&file.bao_cao).as_deref(), check);
    let present = non_blank(&file.thanh_vien).len() as u32;
    if present == 0 {
        check.key("thanh_vien", "thiếu `thanh_vien`: các thành viên Hội đồng có mặt, mỗi người một dòng");
    }
    if let Some(all) = file.tong_so_thanh_vien
        && all.0 < present
    {
        check.key("tong_so_thanh_vien", format!("Hội đồng có {} thành viên mà ghi {present} người có mặt", all.0));
    }
    let form_texts: Vec<Text> = forms.iter().map(|f| Text(f.clone())).collect();
    let mut shares: Vec<Option<Share>> = vec![None; forms.len()];
    for (i, t) in file.ty_le_dat.iter().enumerate() {
        match award(t.hinh_thuc.as_str(), &form_texts) {
            Some((rank, _)) => match Share::parse(&t.ty_le) {
                Some(s) => shares[rank] = Some(s),
                None => check.key(
                    &format!("ty_le_dat[{i}].ty_le"),
                    "tỷ lệ đạt không hợp lệ: ghi phần trăm từ 1 đến 100 (ví dụ `70`) hoặc phân số (ví dụ `2/3`)",
                ),
            },
            None => check.text(
                &format!("ty_le_dat[{i}].hinh_thuc"),
                t.hinh_thuc.as_str(),
                format!("`{}` không có trong `khen_thuong` của dai-hoi.yaml", t.hinh_thuc.as_str().trim()),
            ),
        }
    }
    let Some(folder) = folder else { return Ok(None) };
    if check.failed() {
        return Ok(None);
    }
    let nominees = collect(&folder, input.root, input.agency, input.congress, input.path)?;
    if nominees.is_empty() {
        check.key("bao_cao", format!("không có báo cáo thành tích nào trong {}", shown(&folder)));
        return Ok(None);
    }
    let stem = |n: &NomineeEntry| n.pdf.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let stems: Vec<String> = nominees.iter().map(stem).collect();
    let written = file.bieu_quyet.clone().unwrap_or_default();
    let mut votes = std::collections::BTreeMap::new();
    for (k, v) in &written {
        let key = match k {
            serde_yaml::Value::String(s) => s.trim().trim_end_matches(".yaml").to_string(),
            other => serde_yaml::to_string(other).unwrap_or_default().trim().to_string(),
        };
        if !stems.contains(&key) {
            check.key(
                &format!("bieu_quyet.{key}"),
                format!(
                    "không có báo cáo `{key}` trong {}: ghi tên tệp báo cáo (không có .yaml), một trong: {}",
                    shown(&folder),
                    stems.join(", ")
                ),
            );
            continue;
        }
        match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) if n <= present => {
                votes.insert(key, n);
            }
            Some(n) => check.key(
                &format!("bieu_quyet.{key}"),
                format!("`{key}` có {n} phiếu đồng ý mà chỉ {present} thành viên có mặt"),
            ),
            None => check.key(
                &format!("bieu_quyet.{key}"),
                format!("số phiếu đồng ý của `{key}` phải là một số nguyên từ 0, ví dụ `{key}: 8`"),
            ),
        }
    }
    for (n, s) in nominees.iter().zip(&stems) {
        if !votes.contains_key(s) && !written.iter().any(|(k, _)| k.as_str().map(str::trim) == Some(s)) {
            check.key(
                "bieu_quyet",
                format!("thiếu số phiếu đồng ý của `{s}` ({}): thêm dòng `{s}: <số phiếu>` vào `bieu_quyet`", n.ten),
            );
        }
    }
    let mut levels = Vec::new();
    for (rank, form) in forms.iter().enumerate() {
        let mut members: Vec<&NomineeEntry> = nominees.iter().filter(|n| n.hang == rank).collect();
        if members.is_empty() {
            continue;
        }
        members.sort_by_key(|n| n.doi_tuong == Nominee::Individual);
        let Some(share) = shares[rank].clone() else {
            check.key(
                "ty_le_dat",
                format!("thiếu tỷ lệ đạt của `{form}`: thêm `- {{hinh_thuc: {form}, ty_le: 70}}` vào `ty_le_dat`"),
            );
            continue;
        };
        let hang: Vec<Voted> = members
            .iter()
            .filter_map(|n| {
                let dong_y = *votes.get(&stem(n))?;
                Some(Voted {
                    nominee: (*n).clone(),
                    ten: n.ten.clone(),
                    dong_y,
                    phieu: format!("{dong_y}/{present}"),
                    ty_le: percent(dong_y, present),
                    dat: share.reached(dong_y, present),
                })
            })
            .collect();
        let passed = |who| hang.iter().filter(|v| v.dat && v.nominee.doi_tuong == who).count();
        let (c, i) = (passed(Nominee::Collective), passed(Nominee::Individual));
        levels.push(LevelVotes {
            so: format!("{}.", format::roman(levels.len() as u32 + 1)),
            hinh_thuc: form.clone(),
            nguong: share.shown,
            dat: if c + i == 0 { String::new() } else { counted(c, i) },
            hang,
        });
    }
    Ok((!check.failed()).then_some(Tally { present, levels }))
}

/// Reads the minutes of `input` and counts its votes: for the documents
/// after the vote.
pub fn read(input: &Input) -> Result<(MinutesFile, Tally, Vec<Problem>), Vec<Problem>> {
    let file: MinutesFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    match tally(input, &file, &mut check)? {
        Some(t) if !check.failed() => Ok((file, t, check.problems)),
        _ => Err(check.problems),
    }
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: MinutesFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    let id = file.identity();
    let common = common(KIND, id, file.agency_overrides(), input.agency, input.congress, &mut check);
    let mut need = |key: &str, value: Option<String>, what: &str| {
        if value.is_none() {
            check.key(key, format!("thiếu `{key}`: {what}"));
        }
        value
    };
    let dia_diem = need("dia_diem", clean(&file.dia_diem), "nơi họp");
    let chu_tri =
        need("chu_tri", clean(&file.chu_tri), "người chủ trì (chủ tọa), ví dụ `Lê Văn Lương, Chủ tịch UBND tỉnh`");
    let thu_ky = need("thu_ky", clean(&file.thu_ky), "thư ký cuộc họp, ví dụ `Nguyễn Thị Hoa, Chuyên viên Sở Nội vụ`");
    let times = (file.bat_dau, file.ket_thuc);
    if times.0.is_none() {
        check.key("bat_dau", "thiếu giờ bắt đầu `bat_dau` (ví dụ `14:00`)");
    }
    if times.1.is_none() {
        check.key("ket_thuc", "thiếu giờ kết thúc `ket_thuc` (ví dụ `16:30`)");
    }
    if let (Some(a), Some(b)) = times
        && b.0 <= a.0
    {
        check.key("ket_thuc", "giờ kết thúc phải sau giờ bắt đầu");
    }
    let tally = tally(input, &file, &mut check)?;
    let trich_yeu = clean(&file.trich_yeu).or_else(|| {
        input
            .congress
            .map(|c| format!("Họp Hội đồng Thi đua - Khen thưởng xét đề nghị khen thưởng tại {}", c.full_name()))
    });
    let (Some(common), Some(tally), Some(dia_diem), Some(chu_tri), Some(thu_ky), (Some(a), Some(b)), Some(trich_yeu)) =
        (common, tally, dia_diem, chu_tri, thu_ky, times, trich_yeu)
    else {
        return Err(check.problems);
    };
    if check.failed() {
        return Err(check.problems);
    }
    let day = common
        .ngay
        .map(|d| format::date_words(format::IssueDate::Issued(d.0)))
        .unwrap_or_else(|| format::date_words(format::IssueDate::Draft { year: common.nam, month: common.thang }));
    let at = |t: Time| {
        use chrono::Timelike;
        format!("{} giờ {} phút, {day}", format::two_digits(t.0.hour()), format::two_digits(t.0.minute()))
    };
    let thanh_vien = non_blank(&file.thanh_vien);
    let co_mat = match file.tong_so_thanh_vien {
        Some(all) => format!("{}/{} thành viên Hội đồng", tally.present, all.0),
        None => format!("{} thành viên Hội đồng", tally.present),
    };
    let ctx = MinutesContext {
        trich_yeu,
        bat_dau: at(a),
        ket_thuc: at(b),
        dia_diem,
        co_mat,
        thanh_vien,
        ten_thu_ky: name_of(&thu_ky),
        ten_chu_tri: name_of(&chu_tri),
        chu_tri,
        thu_ky,
        noi_dung: non_blank(&file.noi_dung.0),
        ket_qua: tally.levels,
        ket_luan: non_blank(&file.ket_luan.0),
        common,
    };
    let resolved = Resolved::single(KIND, input.rel, &ctx.trich_yeu, &ctx.common.co_quan_ban_hanh, &ctx);
    Ok(resolved.warned(check.problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_is_exact() {
        let two_thirds = Share::parse(&serde_yaml::from_str("2/3").unwrap()).unwrap();
        assert!(two_thirds.reached(6, 9));
        assert!(!two_thirds.reached(5, 9));
        let seventy = Share::parse(&serde_yaml::from_str("70").unwrap()).unwrap();
        assert_eq!(seventy.shown, "70%");
        assert!(seventy.reached(7, 10));
        assert!(!seventy.reached(6, 9));
        let odd = Share::parse(&serde_yaml::from_str("66.67").unwrap()).unwrap();
        assert!(!odd.reached(6, 9), "66,666…% is below 66,67%");
        for bad in ["0", "101", "3/2", "abc", "66.667", "1/0"] {
            assert_eq!(Share::parse(&serde_yaml::Value::String(bad.into())), None, "{bad}");
        }
    }

    #[test]
    fn percentages_round_to_one_decimal() {
        assert_eq!(percent(8, 9), "88,9%");
        assert_eq!(percent(9, 9), "100%");
        assert_eq!(percent(5, 9), "55,6%");
        assert_eq!(percent(0, 9), "0%");
        assert_eq!(percent(6, 8), "75%");
    }
}
