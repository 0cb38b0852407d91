//! The standard items of a congress programme (chào cờ, tuyên bố lý do, báo
//! cáo, tham luận, trao thưởng…): their titles, minutes and what the MC says,
//! filled in from the congress, the invitees and the nominees.

use crate::decree::common::{Checker, clean, non_blank};
use crate::kinds::script::file::ScriptItem;
use crate::kinds::script::lines::{Line, MC, comrade, entry, sentence, words};

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
pub(super) const ANNOUNCEMENT: u32 = 5;

/// What the standard items need from the data around the script.
pub(super) struct Facts<'a> {
    /// The congress with its period.
    pub(super) name: String,
    /// `thứ Sáu, ngày 19 tháng 7 năm 2024`.
    pub(super) day: Option<String>,
    pub(super) place: Option<String>,
    pub(super) chair: Option<String>,
    /// The agency in a sentence.
    pub(super) agency: String,
    pub(super) campaign: Option<String>,
    pub(super) guests: &'a [String],
    pub(super) convened: usize,
    /// The guest of the highest rank.
    pub(super) first_guest: Option<&'a String>,
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
pub(super) fn standard(
    key: &str,
    item: &ScriptItem,
    f: &Facts,
    check: &mut Checker,
    at: &str,
) -> (Vec<String>, Vec<Line>) {
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
