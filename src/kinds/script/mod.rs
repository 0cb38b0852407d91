//! The KỊCH BẢN ĐIỀU HÀNH ĐẠI HỘI: the programme as a table THỜI GIAN |
//! NỘI DUNG | NGƯỜI THỰC HIỆN, with the MC's words written out. Times are
//! computed from the start and each item's duration. The delegates are
//! introduced from the invitee list the invitations use, and the awards are
//! presented from the reports the list of nominees uses: one source of truth.

use chrono::{NaiveDateTime, NaiveTime, TimeDelta};
use serde::Serialize;

use crate::decree::common::{Checker, Common, clean, common, non_blank};
use crate::decree::format;
use crate::diag::{Problem, shown};
use crate::document::{Input, Kind, NeedsCongress, NeedsReports, Part, Resolved, Starter, context, title_of};
use crate::kinds::report::{self, Nominee, NomineeEntry};
use crate::kinds::{award_list, dossier};
use crate::source::invitees;
use crate::source::shared::CongressFile;
use crate::source::values::Text;
use crate::source::yaml;

mod file;
mod lines;
mod standard;

pub use file::{Presenter, ScriptFile, ScriptItem, Speech};
pub use lines::{Line, LineKind, batch_lines, comrade, introductions};
use lines::{MC, clock, entry, sentence, words, written};
use standard::{ANNOUNCEMENT, DEFAULT_PROGRAMME, Facts, STANDARD, standard};

pub const KIND: Kind = Kind {
    key: "kich-ban",
    name: "KỊCH BẢN",
    symbol: "KB",
    template: "kich-ban.typ.j2",
    numbered: false,
    addressed: false,
    word: true,
    resolve,
    starter: Starter {
        text: include_str!("../../../templates/moi/kich-ban.yaml"),
        congress: NeedsCongress::Needed,
        reports: NeedsReports::WithAwards,
    },
    pack_rank: Some(1),
};

/// Paragraphs of a row beyond which it may break across pages (its header
/// row repeated): a longer row kept whole would leave a page foot empty.
const LONG_ROW: usize = 2;

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
    let file: ScriptFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    let id = file.identity();
    let own = file.agency_overrides();
    let common = common(KIND, id, own.clone(), input.agency, input.congress, &mut check);
    let congress: Option<&CongressFile> = input.congress;
    let name = congress.map(|c| c.full_name());
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
        let forms = award_list::award_forms(congress, &mut check);
        let folder = award_list::reports_folder(input, clean(&file.bao_cao).as_deref(), &mut check);
        match folder {
            Some(folder) if !forms.is_empty() => {
                match award_list::collect(&folder, input.root, input.agency, congress, input.path) {
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
    // After the council's vote, only those that passed go on stage, and
    // the decisions beside the script give their numbers and dates.
    let (nominees, decided) = if nominees.is_empty() {
        (nominees, Vec::new())
    } else {
        let vote = dossier::vote(input).unwrap_or_else(|p| {
            check.problems.extend(p);
            None
        });
        let decided = dossier::decisions(input).unwrap_or_else(|p| {
            check.problems.extend(p);
            Vec::new()
        });
        let kept = nominees.into_iter().filter(|n| vote.as_ref().is_none_or(|v| v.passed.contains(&n.pdf))).collect();
        (kept, decided)
    };
    let forms: Vec<Text> = congress.map(|c| c.khen_thuong.clone()).unwrap_or_default();
    let decision_of =
        |rank: usize| decided.iter().find(|d| report::award(&d.hinh_thuc, &forms).is_some_and(|(r, _)| r == rank));
    let mut presenters: Vec<Option<(String, Option<String>)>> = vec![None; forms.len()];
    for (i, p) in file.trao_thuong.iter().enumerate() {
        match report::award(p.hinh_thuc.as_str(), &forms) {
            Some((rank, _)) => {
                let announced = match (decision_of(rank), clean(&p.quyet_dinh)) {
                    (Some(d), Some(_)) => {
                        check.key(
                            &format!("trao_thuong[{i}].quyet_dinh"),
                            format!(
                                "số, ngày quyết định `{}` đã có trong {}: bỏ khóa `quyet_dinh` này để kịch bản đọc từ quyết định",
                                p.hinh_thuc.as_str().trim(),
                                shown(&d.file)
                            ),
                        );
                        None
                    }
                    (Some(d), None) => Some(d.announcement()),
                    (None, written) => written,
                };
                presenters[rank] = Some((p.nguoi_trao.as_str().trim().to_string(), announced))
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
            .or_else(|| common.as_ref().map(|c| crate::decree::markup::one_line(&c.co_quan_ban_hanh)))
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
            if let Some(best) = yaml::closest(&key, &keys) {
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
    if rows.is_empty() && !check.failed() {
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
    if check.failed() {
        return Err(check.problems);
    }
    let ctx = ScriptContext {
        an_so_ky_hieu: common.so.is_none(),
        common,
        trich_yeu,
        hang: rows,
        dan_chuong_trinh: clean(&file.dan_chuong_trinh),
    };
    let title = title_of(KIND, &ctx.trich_yeu);
    let part = Part::new(input.rel.with_extension("pdf"), &title, context(&ctx.common.co_quan_ban_hanh, &ctx));
    let mut parts = vec![part];
    parts.extend(crate::decree::common::annex_parts(input.rel, &ctx.common));
    Ok(Resolved { title, parts, problems: check.problems, ..Resolved::default() })
}
