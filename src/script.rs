//! The KỊCH BẢN ĐIỀU HÀNH ĐẠI HỘI: the programme as a table THỜI GIAN |
//! NỘI DUNG | NGƯỜI THỰC HIỆN, with the MC's words written out. Times are
//! computed from the start and each item's duration. The delegates are
//! introduced from the invitee list the invitations use, and the awards are
//! presented from the reports the list of nominees uses: one source of truth.

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};
use serde::Serialize;

use crate::diag::Problem;
use crate::document::{self, Checker, Common, Input, Kind, Resolved, clean, non_blank};
use crate::format;
use crate::invitees;
use crate::model::{CongressFile, Nominee, ScriptFile, ScriptItem, Text};
use crate::nominees;
use crate::report::NomineeEntry;

pub const SCRIPT: Kind =
    Kind { key: "kich-ban", name: "KỊCH BẢN", symbol: "KB", template: "kich-ban.typ.j2", numbered: false, resolve };

/// The standard items, in the usual order of a congress (the programme when
/// the script lists none), with their default title and minutes.
pub const STANDARD: [(&str, &str, u32); 18] = [
    ("don-dai-bieu", "Đón tiếp đại biểu", 30),
    ("van-nghe", "Chương trình văn nghệ chào mừng Đại hội", 15),
    ("chao-co", "Ổn định tổ chức; nghi lễ chào cờ", 5),
    ("tuyen-bo-ly-do", "Tuyên bố lý do, giới thiệu đại biểu", 10),
    ("doan-chu-tich", "Mời Đoàn Chủ tịch, Đoàn Thư ký lên làm việc", 5),
    ("khai-mac", "Diễn văn khai mạc Đại hội", 10),
    ("phong-su", "Trình chiếu phóng sự về phong trào thi đua", 10),
    ("bao-cao", "Báo cáo tổng kết phong trào thi đua, phương hướng, nhiệm vụ giai đoạn tới", 20),
    ("tham-luan", "Tham luận của các tập thể, cá nhân điển hình tiên tiến", 7),
    ("phat-bieu-chi-dao", "Phát biểu chỉ đạo", 15),
    ("tiep-thu", "Tiếp thu ý kiến chỉ đạo", 5),
    ("trao-thuong", "Công bố quyết định và trao khen thưởng", 3),
    ("phat-dong-thi-dua", "Phát động phong trào thi đua giai đoạn mới", 10),
    ("huong-ung", "Phát biểu hưởng ứng phong trào thi đua", 5),
    ("bieu-quyet-dai-bieu", "Thông qua danh sách đại biểu dự Đại hội cấp trên", 5),
    ("be-mac", "Bế mạc Đại hội", 5),
    ("chao-co-be-mac", "Nghi lễ chào cờ bế mạc", 5),
    ("nghi-giai-lao", "Nghỉ giải lao", 15),
];

/// The programme when the script lists none: the reference order, without
/// the optional items (phóng sự, hưởng ứng, biểu quyết, giải lao).
pub const DEFAULT_PROGRAMME: [&str; 13] = [
    "don-dai-bieu",
    "van-nghe",
    "chao-co",
    "tuyen-bo-ly-do",
    "doan-chu-tich",
    "khai-mac",
    "bao-cao",
    "tham-luan",
    "phat-bieu-chi-dao",
    "tiep-thu",
    "trao-thuong",
    "phat-dong-thi-dua",
    "be-mac",
];

/// Minutes of the announcement of the award decisions, before the batches.
const ANNOUNCEMENT: u32 = 5;

/// Lines of a row beyond which it may break across pages.
const LONG_ROW: usize = 12;

/// The MC; also the NGƯỜI THỰC HIỆN of the MC's own lines.
const MC: &str = "Người dẫn chương trình";

/// A line of the NỘI DUNG column: the MC's words, or an entry of a list the
/// MC reads (a delegate, a recipient), set indented.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Line {
    /// `loi` (words) or `ds` (a list entry).
    pub kieu: &'static str,
    pub noi_dung: String,
    /// Written by the user as one text, so its `**bold**` and `*italic*`
    /// are markup. Lines vanban composes from several values (names,
    /// titles) are plain: a `*` in one name never pairs with one in another.
    pub dinh_dang: bool,
}

fn words(s: impl Into<String>) -> Line {
    Line { kieu: "loi", noi_dung: s.into(), dinh_dang: false }
}

fn entry(s: impl Into<String>) -> Line {
    Line { kieu: "ds", noi_dung: s.into(), dinh_dang: false }
}

/// A line the user wrote (`loi_dan`).
fn written(s: String) -> Line {
    Line { kieu: "loi", noi_dung: s, dinh_dang: true }
}

/// One row of the script.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// `07h30`
    pub tu: String,
    pub den: String,
    pub tieu_de: String,
    pub loi: Vec<Line>,
    pub nguoi: Vec<String>,
    /// A long row (the delegates, a long batch) may continue on the next
    /// page; a short one stays whole.
    pub dai: bool,
    /// Its length in minutes.
    #[serde(skip)]
    pub phut: u32,
}

/// The context of a script.
#[derive(Debug, Clone, Serialize)]
pub struct ScriptContext {
    #[serde(flatten)]
    pub common: Common,
    pub trich_yeu: String,
    pub hang: Vec<Row>,
    /// The MC, named once above the table.
    pub dan_chuong_trinh: Option<String>,
    pub an_so_ky_hieu: bool,
}

/// `đồng chí Lê Văn Lương, Chủ tịch UBND tỉnh`: a person as the MC names
/// them, without doubling a `Đồng chí` the data already has; `đại diện Ban
/// Tổ chức` stays as it is.
pub fn comrade(person: &str) -> String {
    let p = person.trim();
    let folded = format::ascii_fold(p);
    if ["dong chi ", "ong ", "ba ", "dai dien "].iter().any(|t| folded.starts_with(t)) {
        let (first, rest) = p.split_at(p.chars().next().map_or(0, char::len_utf8));
        format!("{}{rest}", first.to_lowercase())
    } else {
        format!("đồng chí {p}")
    }
}

/// A sentence's first letter in capitals.
fn sentence(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `07h30`.
fn clock(t: NaiveTime) -> String {
    t.format("%Hh%M").to_string()
}

/// A guest as introduced: `Đồng chí Lò Văn Thắng, Chủ tịch UBND huyện Tân Uyên`.
fn introduced(row: &crate::model::InviteeRow) -> String {
    let (ten, chuc_danh) = crate::invitation::name_and_title(row);
    match chuc_danh {
        Some(c) => format!("{ten}, {c}"),
        None => ten,
    }
}

/// The invitees the MC introduces one by one (guests, by protocol rank, the
/// highest first; unranked guests after, in list order), and the number of
/// the other delegates (convened).
pub fn introductions(list: &[invitees::Invitee]) -> (Vec<String>, usize) {
    let is_guest = |i: &&invitees::Invitee| {
        i.row.nhom.as_ref().is_none_or(|n| {
            let f = format::ascii_fold(n.as_str());
            f.contains("khach") || f.trim().is_empty()
        })
    };
    let mut guests: Vec<&invitees::Invitee> = list.iter().filter(is_guest).collect();
    guests.sort_by_key(|i| (i.row.thu_tu_le_tan.map_or(u32::MAX, |n| n.0), i.index));
    let others = list.len() - guests.len();
    (guests.into_iter().map(|i| introduced(&i.row)).collect(), others)
}

/// A recipient as the MC calls them.
fn recipient(n: &NomineeEntry) -> String {
    match (&n.doi_tuong, &n.chuc_vu_don_vi) {
        (Nominee::Individual, Some(cd)) => format!("Đồng chí {}, {cd}", n.ten),
        (Nominee::Individual, None) => format!("Đồng chí {}", n.ten),
        (Nominee::Collective, _) => n.ten.clone(),
    }
}

/// Who is called on stage, in words: `đại diện các tập thể, các cá nhân`.
fn who(batch: &[&NomineeEntry]) -> &'static str {
    let collectives = batch.iter().any(|n| n.doi_tuong == Nominee::Collective);
    let individuals = batch.iter().any(|n| n.doi_tuong == Nominee::Individual);
    match (collectives, individuals) {
        (true, true) => "đại diện các tập thể, các cá nhân",
        (true, false) => "đại diện các tập thể",
        _ => "các cá nhân",
    }
}

/// `Xin trân trọng kính mời đại diện … lên nhận Bằng khen …: 1. …; 2. ….`
/// and `Kính mời đồng chí … lên trao thưởng.`: one batch on stage.
pub fn batch_lines(award: &str, batch: &[&NomineeEntry], presenter: &str, last: bool) -> Vec<Line> {
    let mut out = vec![words(format!("Xin trân trọng kính mời {} có tên sau lên nhận {award}:", who(batch)))];
    let n = batch.len();
    for (i, nominee) in batch.iter().enumerate() {
        out.push(entry(format!("{}. {}{}", i + 1, recipient(nominee), if i + 1 == n { "." } else { ";" })));
    }
    out.push(words(format!("Kính mời {} lên trao thưởng.", comrade(presenter))));
    if last {
        out.push(words("Xin chúc mừng các tập thể, cá nhân vừa được khen thưởng."));
    }
    out
}

/// What the standard items need from the data around the script.
struct Facts<'a> {
    /// The congress with its period.
    name: String,
    /// `thứ Sáu, ngày 19 tháng 7 năm 2024`.
    day: Option<String>,
    place: Option<String>,
    chair: Option<String>,
    /// The agency in a sentence.
    agency: String,
    campaign: Option<String>,
    guests: &'a [String],
    convened: usize,
    /// The guest of the highest rank.
    first_guest: Option<&'a String>,
}

impl Facts<'_> {
    fn chair(&self) -> String {
        self.chair.clone().unwrap_or_else(|| "đồng chí Chủ trì Đại hội".into())
    }
}

/// The row of one person invited to speak: they do it, and the MC says
/// `Xin trân trọng kính mời đồng chí … <what>.`
fn invite(person: &str, what: &str) -> (Vec<String>, Vec<Line>) {
    (vec![sentence(person)], vec![words(format!("Xin trân trọng kính mời {} {what}.", comrade(person)))])
}

/// A standard item's default person and MC's words.
fn standard(key: &str, item: &ScriptItem, f: &Facts, check: &mut Checker, at: &str) -> (Vec<String>, Vec<Line>) {
    let person = clean(&item.nguoi);
    let chair_or = |p: &Option<String>| p.clone().unwrap_or_else(|| f.chair());
    match key {
        "don-dai-bieu" => (vec![person.unwrap_or_else(|| "Ban Tổ chức, Tiểu ban Lễ tân".into())], vec![]),
        "van-nghe" => (vec![person.unwrap_or_else(|| "Đội văn nghệ".into())], vec![]),
        "nghi-giai-lao" => (
            vec![MC.into()],
            vec![words("Đại hội nghỉ giải lao 15 phút. Kính mời các vị đại biểu, các đồng chí dùng trà.")],
        ),
        "chao-co" => (
            vec![MC.into()],
            vec![
                words(
                    "Kính thưa các vị đại biểu, thưa toàn thể các đồng chí! Đề nghị các đồng chí ổn định vị trí để Đại hội tiến hành nghi lễ chào cờ.",
                ),
                words("Nghiêm! Chào cờ – Chào!"),
                words("(Quốc ca)"),
                words("Thôi! Mời các đồng chí ngồi."),
            ],
        ),
        "tuyen-bo-ly-do" => {
            let mut lines = Vec::new();
            let when = match (&f.day, &f.place) {
                (Some(d), Some(p)) => format!("hôm nay, {d}, tại {p}, "),
                (Some(d), None) => format!("hôm nay, {d}, "),
                (None, Some(p)) => format!("hôm nay, tại {p}, "),
                (None, None) => "hôm nay, ".into(),
            };
            lines.push(words(format!(
                "Kính thưa các vị đại biểu, thưa toàn thể Đại hội! Thực hiện Kế hoạch của {agency} về tổ chức {name}; {when}{agency} long trọng tổ chức {name}.",
                agency = f.agency,
                name = f.name,
            )));
            if f.guests.is_empty() {
                check.key(
                    "khach_moi",
                    "mục `tuyen-bo-ly-do` giới thiệu đại biểu từ danh sách khách mời: ghi `khach_moi` (tệp .xlsx/.csv hoặc danh sách) có nhóm `Khách mời`",
                );
            }
            lines.push(words("Đến dự Đại hội hôm nay, chúng tôi trân trọng giới thiệu:"));
            let n = f.guests.len();
            for (i, g) in f.guests.iter().enumerate() {
                lines.push(entry(format!("{g}{}", if i + 1 == n { "." } else { ";" })));
            }
            if f.convened > 0 {
                lines.push(words(format!(
                    "Cùng {} đồng chí đại biểu được triệu tập, đại diện cho các tập thể, cá nhân tiêu biểu về dự Đại hội.",
                    f.convened
                )));
            }
            lines.push(words(
                "Thay mặt Ban Tổ chức, xin trân trọng chào mừng các vị đại biểu và toàn thể các đồng chí. Kính chúc các vị đại biểu, các đồng chí mạnh khỏe, hạnh phúc; chúc Đại hội thành công tốt đẹp!",
            ));
            (vec![MC.into()], lines)
        }
        "doan-chu-tich" => {
            let mut lines = Vec::new();
            let presidium = non_blank(&item.doan_chu_tich);
            let secretaries = non_blank(&item.thu_ky);
            if presidium.is_empty() && secretaries.is_empty() {
                lines.push(words("Xin trân trọng kính mời Đoàn Chủ tịch, Đoàn Thư ký lên làm việc."));
            }
            for (group, names) in [("Đoàn Chủ tịch", &presidium), ("Đoàn Thư ký", &secretaries)] {
                if names.is_empty() {
                    continue;
                }
                lines.push(words(format!("Xin trân trọng kính mời các đồng chí có tên sau lên {group}:")));
                let n = names.len();
                for (i, name) in names.iter().enumerate() {
                    lines.push(entry(format!("{}{}", sentence(&comrade(name)), if i + 1 == n { "." } else { ";" })));
                }
            }
            lines.push(words("Xin trân trọng kính mời Đoàn Chủ tịch điều hành Đại hội."));
            (vec![MC.into()], lines)
        }
        "khai-mac" => invite(&chair_or(&person), "phát biểu khai mạc Đại hội"),
        "phong-su" => (
            vec![MC.into()],
            vec![words("Kính mời các vị đại biểu và các đồng chí theo dõi phóng sự về kết quả phong trào thi đua.")],
        ),
        "bao-cao" => {
            let p = person.unwrap_or_else(|| "đại diện Ban Tổ chức".into());
            let what = match &f.campaign {
                Some(c) => format!("Báo cáo tổng kết {c}, phương hướng, nhiệm vụ giai đoạn tới"),
                None => "Báo cáo tổng kết phong trào thi đua, phương hướng, nhiệm vụ giai đoạn tới".into(),
            };
            invite(&p, &format!("trình bày {what}"))
        }
        "phat-bieu-chi-dao" => {
            let p = person.or_else(|| f.first_guest.cloned());
            let Some(p) = p else {
                check.key(
                    &format!("{at}.nguoi"),
                    "mục `phat-bieu-chi-dao` cần `nguoi` (hoặc một khách mời có thứ tự lễ tân)",
                );
                return (vec![], vec![]);
            };
            (
                vec![sentence(&p)],
                vec![words(format!(
                    "Kính thưa Đại hội! Đại hội vinh dự được đón nghe {} phát biểu chỉ đạo. Xin trân trọng kính mời đồng chí.",
                    comrade(&p)
                ))],
            )
        }
        "tiep-thu" => invite(&chair_or(&person), "phát biểu tiếp thu ý kiến chỉ đạo"),
        "phat-dong-thi-dua" => invite(&chair_or(&person), "phát động phong trào thi đua giai đoạn mới"),
        "huong-ung" => invite(
            &person.unwrap_or_else(|| "đại diện các tập thể, cá nhân điển hình tiên tiến".into()),
            "thay mặt các tập thể, cá nhân điển hình tiên tiến phát biểu hưởng ứng phong trào thi đua",
        ),
        "bieu-quyet-dai-bieu" => invite(
            &person.unwrap_or_else(|| "đại diện Đoàn Chủ tịch".into()),
            "thông qua danh sách đại biểu dự Đại hội cấp trên để Đại hội biểu quyết",
        ),
        "be-mac" => invite(&chair_or(&person), "phát biểu bế mạc Đại hội"),
        "chao-co-be-mac" => (
            vec![MC.into()],
            vec![
                words("Kính mời các vị đại biểu và toàn thể các đồng chí đứng dậy làm nghi lễ chào cờ bế mạc Đại hội."),
                words("Nghiêm! Chào cờ – Chào!"),
                words("(Quốc ca)"),
                words("Thôi!"),
                words(format!(
                    "{} đến đây là kết thúc. Xin trân trọng cảm ơn các vị đại biểu và toàn thể các đồng chí!",
                    sentence(&f.name)
                )),
            ],
        ),
        _ => (person.into_iter().collect(), vec![]),
    }
}

/// Lays the programme out in time: each row starts when the one before
/// ends. Fails when the programme runs past midnight.
pub fn schedule(start: NaiveTime, rows: &mut [Row]) -> Result<(), String> {
    let day = NaiveDateTime::new(chrono::NaiveDate::default(), start);
    let mut at = day;
    for r in rows.iter_mut() {
        let end = at + TimeDelta::minutes(r.phut.into());
        if end.date() != day.date() {
            return Err(format!(
                "chương trình kéo dài qua nửa đêm (mục `{}`); kiểm tra `bat_dau` và `thoi_luong`",
                r.tieu_de
            ));
        }
        r.tu = clock(at.time());
        r.den = clock(end.time());
        at = end;
    }
    Ok(())
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: ScriptFile = crate::yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    let id = file.identity();
    let own = file.agency_overrides();
    let common = document::common(SCRIPT, id, own.clone(), input.agency, input.congress, &mut check);
    let congress: Option<&CongressFile> = input.congress;
    let name = congress.map(document::congress_name);
    let trich_yeu = clean(&file.trich_yeu).or_else(|| name.as_ref().map(|n| format!("Điều hành {n}")));
    if trich_yeu.is_none() {
        check.key("trich_yeu", "thiếu `trich_yeu`: ghi trong kịch bản, hoặc đặt kịch bản trong thư mục Đại hội");
    }
    let start = file.bat_dau.map(|t| t.0).or_else(|| congress.and_then(|c| c.thoi_gian).map(|t| t.0.time()));
    if start.is_none() {
        check.key(
            "bat_dau",
            "thiếu giờ bắt đầu `bat_dau` (ví dụ `07:00`): ghi trong kịch bản, hoặc `thoi_gian` trong dai-hoi.yaml",
        );
    }

    let items: Vec<ScriptItem> = file.chuong_trinh.clone().unwrap_or_else(|| {
        DEFAULT_PROGRAMME
            .iter()
            .map(|k| ScriptItem { muc: Some(Text(k.to_string())), ..ScriptItem::default() })
            .collect()
    });
    let uses = |key: &str| items.iter().any(|i| i.muc.as_ref().is_some_and(|m| m.as_str().trim() == key));

    // The invitees, as the invitations read them.
    let (guests, convened) = match &file.khach_moi {
        Some(list) => {
            let (rows, problems) = invitees::read(input.path, input.text, input.root, list);
            // A script with a broken list would introduce the wrong people.
            check.problems.extend(problems);
            introductions(&rows)
        }
        None => (Vec::new(), 0),
    };

    // The nominees, as the list of nominees reads them.
    let mut batches_by_award: Vec<(String, Vec<&NomineeEntry>, Option<String>)> = Vec::new();
    let nominees: Vec<NomineeEntry> = if uses("trao-thuong") {
        let forms = nominees::award_forms(congress, &mut check);
        let folder = nominees::reports_folder(input, clean(&file.bao_cao).as_deref(), &mut check);
        match folder {
            Some(folder) if !forms.is_empty() => {
                match nominees::collect(&folder, input.root, input.agency, congress, input.path) {
                    Ok(n) => n,
                    Err(p) => {
                        check.problems.extend(p);
                        Vec::new()
                    }
                }
            }
            _ => Vec::new(),
        }
    } else {
        Vec::new()
    };
    let forms: Vec<Text> = congress.map(|c| c.khen_thuong.clone()).unwrap_or_default();
    let mut presenters: Vec<Option<(String, Option<String>)>> = vec![None; forms.len()];
    for (i, p) in file.trao_thuong.iter().enumerate() {
        match crate::report::award(p.hinh_thuc.as_str(), &forms) {
            Some((rank, _)) => {
                presenters[rank] = Some((p.nguoi_trao.as_str().trim().to_string(), clean(&p.quyet_dinh)))
            }
            None => check.text(
                &format!("trao_thuong[{i}].hinh_thuc"),
                p.hinh_thuc.as_str(),
                format!("hình thức `{}` không có trong `khen_thuong` của dai-hoi.yaml", p.hinh_thuc.as_str().trim()),
            ),
        }
    }
    let size = file.moi_dot.map_or(10, |n| n.0) as usize;
    for (rank, form) in forms.iter().enumerate() {
        let members: Vec<&NomineeEntry> = {
            let mut m: Vec<&NomineeEntry> = nominees.iter().filter(|n| n.hang == rank).collect();
            // Collectives first, as in the list of nominees.
            m.sort_by_key(|n| n.doi_tuong == Nominee::Individual);
            m
        };
        if members.is_empty() {
            continue;
        }
        let presenter = presenters[rank].clone();
        if presenter.is_none() {
            check.key(
                "trao_thuong",
                format!(
                    "chưa có người trao `{}`: thêm vào `trao_thuong` một dòng `{{hinh_thuc: …, nguoi_trao: …}}`",
                    form.as_str().trim()
                ),
            );
        }
        batches_by_award.push((form.as_str().trim().to_string(), members, presenter.map(|p| p.0)));
    }
    let decisions: Vec<String> = presenters.iter().flatten().filter_map(|(_, d)| d.clone()).collect();

    let facts = Facts {
        name: name.clone().unwrap_or_else(|| "Đại hội".into()),
        day: congress.and_then(|c| c.thoi_gian).map(|t| {
            let d = t.0.date();
            format!("{}, {}", format::weekday(d), format::date_words(format::IssueDate::Issued(d)))
        }),
        place: congress.and_then(|c| clean(&c.dia_diem)),
        chair: congress.and_then(|c| clean(&c.chu_tri)),
        agency: clean(&own.ten_day_du)
            .or_else(|| clean(&input.agency.ten_day_du))
            .or_else(|| common.as_ref().map(|c| crate::markup::one_line(&c.co_quan_ban_hanh)))
            .unwrap_or_default(),
        campaign: congress.and_then(|c| clean(&c.dot_thi_dua)),
        guests: &guests,
        convened,
        first_guest: guests.first(),
    };
    let mut rows: Vec<Row> = Vec::new();
    let row = |tieu_de: String, loi: Vec<Line>, nguoi: Vec<String>, phut: u32| Row {
        tu: String::new(),
        den: String::new(),
        tieu_de,
        dai: loi.len() > LONG_ROW,
        loi,
        nguoi,
        phut,
    };
    for (i, item) in items.iter().enumerate() {
        let at = format!("chuong_trinh[{i}]");
        let own_words = item.loi_dan.as_ref().map(|l| non_blank(&l.0).into_iter().map(written).collect::<Vec<_>>());
        let Some(key) = item.muc.as_ref().map(|m| m.as_str().trim().to_string()) else {
            // The user's own item.
            let title = clean(&item.noi_dung).unwrap_or_default();
            let Some(minutes) = item.thoi_luong else {
                check.text(&format!("{at}.thoi_luong"), &title, "mục tự đặt cần `thoi_luong` (số phút)");
                continue;
            };
            rows.push(row(title, own_words.unwrap_or_default(), clean(&item.nguoi).into_iter().collect(), minutes.0));
            continue;
        };
        let Some(&(_, default_title, default_minutes)) = STANDARD.iter().find(|s| s.0 == key) else {
            let keys: Vec<&str> = STANDARD.iter().map(|s| s.0).collect();
            let mut message = format!("mục `{key}` không có.");
            if let Some(best) = crate::yaml::closest(&key, &keys) {
                message.push_str(&format!(" Có phải ý bạn là `{best}`?"));
            }
            message.push_str(&format!(
                " Các mục chuẩn: {}; hoặc tự đặt một mục với `noi_dung:` và `thoi_luong:`.",
                keys.join(", ")
            ));
            check.text(&format!("{at}.muc"), &key, message);
            continue;
        };
        let title = clean(&item.noi_dung).unwrap_or_else(|| default_title.to_string());
        let minutes = item.thoi_luong.map_or(default_minutes, |m| m.0);
        match key.as_str() {
            "tham-luan" if !item.tham_luan.is_empty() => {
                let n = item.tham_luan.len();
                for (j, s) in item.tham_luan.iter().enumerate() {
                    let speaker = s.nguoi.as_str().trim();
                    let mut loi = Vec::new();
                    if j == 0 {
                        loi.push(words(
                            "Tiếp theo chương trình, Đại hội nghe tham luận của các tập thể, cá nhân điển hình tiên tiến.",
                        ));
                    }
                    loi.push(words(format!(
                        "Xin trân trọng kính mời {} trình bày tham luận: “{}”.",
                        comrade(speaker),
                        s.chu_de.as_str().trim()
                    )));
                    let t = if n > 1 { format!("{title} ({}/{n})", j + 1) } else { title.clone() };
                    rows.push(row(t, loi, vec![MC.into(), sentence(speaker)], s.thoi_luong.map_or(minutes, |m| m.0)));
                }
            }
            "tham-luan" => {
                let loi = own_words.unwrap_or_else(|| {
                    vec![words("Tiếp theo chương trình, Đại hội nghe tham luận của các tập thể, cá nhân điển hình tiên tiến theo danh sách của Ban Tổ chức.")]
                });
                rows.push(row(title, loi, vec![MC.into()], item.thoi_luong.map_or(20, |m| m.0)));
            }
            "trao-thuong" => {
                let announcer = clean(&item.nguoi).unwrap_or_else(|| "đại diện Ban Tổ chức".into());
                let named = comrade(&announcer);
                let mut loi = vec![words(format!(
                    "Tiếp theo chương trình, Đại hội tiến hành biểu dương, khen thưởng các tập thể, cá nhân có thành tích xuất sắc{}. Xin trân trọng kính mời {named} công bố quyết định khen thưởng.",
                    facts.campaign.as_ref().map(|c| format!(" trong {c}")).unwrap_or_default()
                ))];
                loi.extend(decisions.iter().map(|d| entry(format!("{d}."))));
                if let Some(words) = own_words.clone() {
                    loi = words;
                }
                rows.push(row(
                    "Công bố quyết định khen thưởng".into(),
                    loi,
                    vec![MC.into(), sentence(&announcer)],
                    ANNOUNCEMENT,
                ));
                let groups = batches_by_award.len();
                for (g, (award, members, presenter)) in batches_by_award.iter().enumerate() {
                    let presenter = presenter.clone().unwrap_or_default();
                    let chunks: Vec<&[&NomineeEntry]> = members.chunks(size).collect();
                    let k = chunks.len();
                    for (c, chunk) in chunks.iter().enumerate() {
                        let last = g + 1 == groups && c + 1 == k;
                        let t = if k > 1 {
                            format!("Trao {award} (đợt {}/{k})", c + 1)
                        } else {
                            format!("Trao {award}")
                        };
                        rows.push(row(
                            t,
                            batch_lines(award, chunk, &presenter, last),
                            vec![MC.into(), sentence(&presenter)],
                            minutes,
                        ));
                    }
                }
            }
            _ => {
                let (people, default_words) = standard(&key, item, &facts, &mut check, &at);
                rows.push(row(title, own_words.unwrap_or(default_words), people, minutes));
            }
        }
    }
    if rows.is_empty() && check.problems.is_empty() {
        check.key("chuong_trinh", "chương trình trống");
    }
    if let Some(start) = start
        && let Err(message) = schedule(start, &mut rows)
    {
        check.key("bat_dau", message);
    }
    let (Some(common), Some(trich_yeu)) = (common, trich_yeu) else {
        return Err(check.problems);
    };
    if !check.problems.is_empty() {
        return Err(check.problems);
    }
    let ctx = ScriptContext {
        an_so_ky_hieu: common.so.is_none(),
        common,
        trich_yeu,
        hang: rows,
        dan_chuong_trinh: clean(&file.dan_chuong_trinh),
    };
    let title = document::title_of(SCRIPT, &ctx.trich_yeu);
    let part = document::Part::new(input.rel.with_extension("pdf"), &title, document::context(&ctx.common, &ctx));
    Ok(Resolved { title, parts: vec![part], ..Resolved::default() })
}
