//! The BÁO CÁO THÀNH TÍCH (Mẫu số 08 of Nghị định 98/2023/NĐ-CP): the report
//! each nominee files with an award proposal, in its two variants, tập thể
//! and cá nhân. The form label, the decree and the award forms a congress
//! proposes are data (`dai-hoi.yaml`, or the report itself).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::decree::common::{Checker, clean, date_or_year, draft, non_blank};
use crate::decree::numbering::{Block, BlockKind, Numbering, number_entries};
use crate::decree::{format, markup};
use crate::diag::Problem;
use crate::document::{Input, Kind, NeedsCongress, NeedsReports, Part, Resolved, Starter, title_of};
use crate::source::shared::{AgencyFile, CongressFile};
use crate::source::values::{Date, OneOrMany, Text};
use crate::source::yaml;

mod file;

pub use file::{AwardRow, Nominee, ReportFile, ReportInfo, ReportSigner, TitleRow};

pub const KIND: Kind = Kind {
    key: "bao-cao-thanh-tich",
    name: "BÁO CÁO THÀNH TÍCH",
    symbol: "BC",
    template: "bao-cao-thanh-tich.typ.j2",
    numbered: false,
    addressed: true,
    word: true,
    resolve,
    starter: Starter {
        text: include_str!("../../../templates/moi/bao-cao-thanh-tich.yaml"),
        congress: NeedsCongress::IfThere,
        reports: NeedsReports::No,
    },
    pack_rank: Some(3),
};

/// The form label and legal basis when neither the report nor its congress
/// sets them.
pub const DEFAULT_FORM: &str = "Mẫu số 08";
pub const DEFAULT_DECREE: &str = "Nghị định số 98/2023/NĐ-CP";

/// The form's footnotes, explaining what goes in its blanks.
pub const NOTE_AWARD: &str = "Hình thức khen thưởng đề nghị (Bằng khen, Giấy khen…) và cấp có thẩm quyền khen thưởng.";
pub const NOTE_ACHIEVEMENTS: &str = "Nêu thành tích đạt được so với mục tiêu, chỉ tiêu đã đăng ký trong đợt thi đua hoặc \
chuyên đề thi đua; các biện pháp, nguyên nhân đạt được thành tích; sáng kiến, kinh nghiệm, giải pháp công tác đã áp dụng.";

/// One signature column.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SignatureColumn {
    /// `THỦ TRƯỞNG ĐƠN VỊ`; a newline where the title breaks.
    pub tieu_de: &'static str,
    /// `(Ký, đóng dấu)`.
    pub ghi_chu: &'static str,
    pub chuc_vu: Option<String>,
    pub ho_ten: Option<String>,
}

/// A table of section III, under its numbered title.
#[derive(Debug, Clone, Serialize)]
pub struct EarlierTable {
    /// `1.`
    pub so: String,
    /// `Danh hiệu thi đua`: the title above the table and its middle column.
    pub tieu_de: &'static str,
    /// Năm, the title or award, the decision.
    pub hang: Vec<[String; 3]>,
}

/// Section III from the report's two lists.
fn earlier(titles: &[TitleRow], awards: &[AwardRow]) -> Vec<EarlierTable> {
    let rows = |r: [&Text; 3]| r.map(|t| t.as_str().trim().to_string());
    let tables = [
        ("Danh hiệu thi đua", titles.iter().map(|r| rows([&r.nam, &r.danh_hieu, &r.quyet_dinh])).collect::<Vec<_>>()),
        ("Hình thức khen thưởng", awards.iter().map(|r| rows([&r.nam, &r.hinh_thuc, &r.quyet_dinh])).collect()),
    ];
    tables
        .into_iter()
        .filter(|(_, hang)| !hang.is_empty())
        .enumerate()
        .map(|(i, (tieu_de, hang))| EarlierTable { so: format!("{}.", i + 1), tieu_de, hang })
        .collect()
}

/// The context of a report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    pub loai: &'static str,
    pub mau_so: String,
    pub nghi_dinh: String,
    pub dia_danh: String,
    pub ngay: Option<Date>,
    pub nam: i32,
    /// The mark across each page of a draft; `None` when issued.
    pub du_thao: Option<String>,
    pub doi_tuong: Nominee,
    /// The award form, as `dai-hoi.yaml` spells it.
    pub de_nghi: String,
    pub truy_tang: bool,
    pub dot_thi_dua: Option<String>,
    /// The nominee as the title names them: the unit, or the person with
    /// position and unit.
    pub ten_day_du: String,
    pub thong_tin_chung: Vec<Block>,
    pub thanh_tich: Vec<Block>,
    /// Section III: the tables of earlier titles and awards, when given.
    pub da_khen_thuong: Vec<EarlierTable>,
    pub ky_trai: SignatureColumn,
    pub ky_phai: SignatureColumn,
    pub chu_thich_hinh_thuc: &'static str,
    pub chu_thich_thanh_tich: &'static str,
}

/// A nominee, as the list of nominees and the script need them.
#[derive(Debug, Clone, Serialize)]
pub struct NomineeEntry {
    pub doi_tuong: Nominee,
    pub ten: String,
    /// An individual's position and unit.
    pub chuc_vu_don_vi: Option<String>,
    pub de_nghi: String,
    /// The award's place in `dai-hoi.yaml`'s `khen_thuong`, 0 = highest.
    pub hang: usize,
    pub tom_tat: Option<String>,
    /// The report's PDF, below the output folder.
    pub pdf: PathBuf,
}

fn text(t: &Option<Text>) -> Option<String> {
    clean(t)
}

/// `Chính trị viên, Ban Chỉ huy Quân sự huyện Sìn Hồ`; the unit is left out
/// when the position already names it.
fn position_and_unit(chuc_vu: &str, don_vi: &str) -> String {
    if format::ascii_fold(chuc_vu).contains(&format::ascii_fold(don_vi)) {
        chuc_vu.to_string()
    } else {
        format!("{chuc_vu}, {don_vi}")
    }
}

/// Finds `wanted` among the congress's award forms, forgiving case and
/// diacritics: its index and spelling.
pub(crate) fn award<'a>(wanted: &str, forms: &'a [Text]) -> Option<(usize, &'a str)> {
    // `UBND` and `Ủy ban nhân dân` are the same words.
    let key = |s: &str| {
        format::ascii_fold(s)
            .split_whitespace()
            .map(|w| match w {
                "ubnd" => "uy ban nhan dan",
                "hdnd" => "hoi dong nhan dan",
                w => w,
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let k = key(wanted);
    forms.iter().enumerate().find(|(_, f)| key(f.as_str()) == k).map(|(i, f)| (i, f.as_str().trim()))
}

/// Paragraphs of a field written as one string or a list.
fn paragraphs(v: &Option<OneOrMany>) -> Vec<String> {
    v.as_ref().map(|p| non_blank(&p.0)).unwrap_or_default()
}

/// A line of section I: the key, its label, its value.
type Field<'a> = (&'a str, &'a str, Option<String>);

/// Section I: `1.` the general facts as `- Label: value` lines, `2.` the
/// functions and tasks (a collective) or the career (an individual), then
/// the report's own entries.
fn general_information(file: &ReportFile, check: &mut Checker) -> Vec<Block> {
    let info = &file.thong_tin_chung;
    let date = |d: &Option<Date>| d.map(|d| d.0.format("%d/%m/%Y").to_string());
    // (key, label, value); the key is empty for the report's top-level keys,
    // and the label for fields printed as their own sub-section.
    let collective: Vec<Field> = vec![
        ("tru_so", "Trụ sở chính", text(&info.tru_so)),
        ("dien_thoai", "Điện thoại", text(&info.dien_thoai)),
        ("email", "Thư điện tử", text(&info.email)),
        ("website", "Trang thông tin điện tử", text(&info.website)),
        ("co_cau_to_chuc", "Cơ cấu tổ chức, tổng số cán bộ, nhân viên", text(&info.co_cau_to_chuc)),
        ("chuc_nang_nhiem_vu", "", info.chuc_nang_nhiem_vu.as_ref().map(|_| String::new())),
    ];
    let individual: Vec<Field> = vec![
        ("", "Họ và tên", Some(file.ten.as_str().trim().to_string())),
        ("gioi_tinh", "Giới tính", text(&info.gioi_tinh)),
        ("ngay_sinh", "Ngày, tháng, năm sinh", date(&info.ngay_sinh)),
        ("dan_toc", "Dân tộc", text(&info.dan_toc)),
        ("que_quan", "Quê quán", text(&info.que_quan)),
        ("noi_o", "Nơi ở hiện nay", text(&info.noi_o)),
        ("cap_bac", "Cấp bậc", text(&info.cap_bac)),
        ("", "Chức vụ", text(&file.chuc_vu)),
        ("", "Đơn vị công tác", text(&file.don_vi)),
        ("ngay_vao_dang", "Ngày vào Đảng", date(&info.ngay_vao_dang)),
        ("trinh_do", "Trình độ chuyên môn, nghiệp vụ", text(&info.trinh_do)),
        ("ly_luan_chinh_tri", "Trình độ lý luận chính trị", text(&info.ly_luan_chinh_tri)),
        ("qua_trinh_cong_tac", "", info.qua_trinh_cong_tac.as_ref().map(|_| String::new())),
    ];
    let (own, other, required): (&[Field], &[Field], &[&str]) = match file.doi_tuong {
        Nominee::Collective => (&collective, &individual, &["tru_so", "chuc_nang_nhiem_vu"]),
        Nominee::Individual => (&individual, &collective, &["ngay_sinh", "que_quan"]),
    };
    for (key, _, value) in other {
        if !key.is_empty() && value.is_some() {
            check.key(
                &format!("thong_tin_chung.{key}"),
                format!(
                    "khóa `{key}` không dùng cho báo cáo {}; xóa khóa này hoặc sửa `doi_tuong`",
                    file.doi_tuong.words()
                ),
            );
        }
    }
    for key in required {
        if own.iter().any(|(k, _, v)| k == key && v.is_none()) {
            check.key(
                &format!("thong_tin_chung.{key}"),
                format!("thiếu `thong_tin_chung.{key}`, bắt buộc với báo cáo {}", file.doi_tuong.words()),
            );
        }
    }

    let lines: Vec<String> = own
        .iter()
        .filter(|(_, label, _)| !label.is_empty())
        .filter_map(|(_, label, v)| v.as_ref().map(|v| format!("{label}: {v}")))
        .collect();
    let n = lines.len();
    let mut blocks = Vec::new();
    let mut index = 0;
    let mut numbered = |blocks: &mut Vec<Block>, title: &str| {
        index += 1;
        blocks.push(Block {
            loai: BlockKind::Numbered,
            cap: 2,
            so: format!("{index}."),
            tieu_de: true,
            noi_dung: title.to_string(),
            hang: Vec::new(),
        });
    };
    let first = match file.doi_tuong {
        Nominee::Collective => "Đặc điểm, tình hình",
        Nominee::Individual => "Sơ lược lý lịch",
    };
    numbered(&mut blocks, first);
    for (i, line) in lines.into_iter().enumerate() {
        let line = format::with_end_mark(&line, if i + 1 == n { '.' } else { ';' });
        blocks.push(Block {
            loai: BlockKind::Bullet,
            cap: 1,
            so: "-".into(),
            tieu_de: false,
            noi_dung: line,
            hang: Vec::new(),
        });
    }
    let (second, paras) = match file.doi_tuong {
        Nominee::Collective => ("Chức năng, nhiệm vụ được giao", paragraphs(&info.chuc_nang_nhiem_vu)),
        Nominee::Individual => ("Quá trình công tác", paragraphs(&info.qua_trinh_cong_tac)),
    };
    if !paras.is_empty() {
        numbered(&mut blocks, second);
        for p in paras {
            blocks.push(Block {
                loai: BlockKind::Paragraph,
                cap: 1,
                so: String::new(),
                tieu_de: false,
                noi_dung: p,
                hang: Vec::new(),
            });
        }
    }
    let how = Numbering { level: 1, after: index, key: "thong_tin_chung.noi_dung", tables: false };
    blocks.extend(number_entries(&info.noi_dung, how, check));
    blocks
}

/// The signature columns of each variant.
fn signatures(file: &ReportFile, check: &mut Checker) -> (SignatureColumn, SignatureColumn) {
    let signer = |s: &Option<ReportSigner>| {
        let s = s.as_ref();
        (s.and_then(|s| text(&s.chuc_vu)), s.and_then(|s| text(&s.ho_ten)))
    };
    let (head_title, head_name) = signer(&file.thu_truong);
    match file.doi_tuong {
        Nominee::Collective => {
            if head_name.is_none() {
                check.key(
                    "thu_truong.ho_ten",
                    "thiếu `thu_truong.ho_ten`: báo cáo tập thể do thủ trưởng đơn vị ký (ghi `thu_truong:` với `chuc_vu` và `ho_ten`)",
                );
            }
            let (up_title, up_name) = signer(&file.xac_nhan);
            (
                SignatureColumn {
                    tieu_de: "XÁC NHẬN CỦA CẤP\nTRÌNH KHEN THƯỞNG",
                    ghi_chu: "(Ký, đóng dấu)",
                    chuc_vu: up_title,
                    ho_ten: up_name,
                },
                SignatureColumn {
                    tieu_de: "THỦ TRƯỞNG ĐƠN VỊ",
                    ghi_chu: "(Ký, đóng dấu)",
                    chuc_vu: head_title,
                    ho_ten: head_name,
                },
            )
        }
        Nominee::Individual => {
            if file.xac_nhan.is_some() {
                check.key(
                    "xac_nhan",
                    "`xac_nhan` (cấp trình khen thưởng) chỉ có ở báo cáo tập thể; báo cáo cá nhân do thủ trưởng đơn vị xác nhận (`thu_truong`)",
                );
            }
            (
                SignatureColumn {
                    tieu_de: "THỦ TRƯỞNG ĐƠN VỊ\nXÁC NHẬN, ĐỀ NGHỊ",
                    ghi_chu: "(Ký, đóng dấu)",
                    chuc_vu: head_title,
                    ho_ten: head_name,
                },
                SignatureColumn {
                    tieu_de: "NGƯỜI BÁO CÁO THÀNH TÍCH",
                    ghi_chu: "(Ký, ghi rõ họ và tên)",
                    chuc_vu: None,
                    ho_ten: Some(file.ten.as_str().trim().to_string()),
                },
            )
        }
    }
}

/// Checks a report. Also gives the nominee as the list of nominees sees them.
pub fn report(
    file: &ReportFile,
    rel: &Path,
    agency: &AgencyFile,
    congress: Option<&CongressFile>,
    check: &mut Checker,
) -> Option<(ReportContext, NomineeEntry)> {
    let ten = file.ten.as_str().trim().to_string();
    if ten.is_empty() {
        check.key("ten", "tên tập thể hoặc cá nhân `ten` không được để trống");
    }
    let (chuc_vu, don_vi) = (text(&file.chuc_vu), text(&file.don_vi));
    let chuc_vu_don_vi = match file.doi_tuong {
        Nominee::Collective => {
            for (key, v) in [("chuc_vu", &chuc_vu), ("don_vi", &don_vi)] {
                if v.is_some() {
                    check.key(key, format!("`{key}` chỉ dùng cho báo cáo cá nhân; tên tập thể ghi ở `ten`"));
                }
            }
            if file.truy_tang {
                check.key("truy_tang", "`truy_tang` chỉ dùng cho cá nhân");
            }
            None
        }
        Nominee::Individual => {
            for (key, v) in [("chuc_vu", &chuc_vu), ("don_vi", &don_vi)] {
                if v.is_none() {
                    check.key(key, format!("thiếu `{key}`: báo cáo cá nhân ghi rõ chức vụ và đơn vị công tác"));
                }
            }
            chuc_vu.as_deref().zip(don_vi.as_deref()).map(|(c, d)| position_and_unit(c, d))
        }
    };

    // The award: one of the congress's forms, spelled as there.
    let wanted = file.de_nghi.as_str().trim();
    let forms = congress.map(|c| c.khen_thuong.as_slice()).unwrap_or_default();
    let (hang, de_nghi) = if wanted.is_empty() {
        check.key("de_nghi", "thiếu hình thức khen thưởng đề nghị `de_nghi`");
        (0, String::new())
    } else if forms.is_empty() {
        (0, wanted.to_string())
    } else {
        match award(wanted, forms) {
            Some((i, spelled)) => (i, spelled.to_string()),
            None => {
                let names: Vec<&str> = forms.iter().map(|f| f.as_str().trim()).collect();
                let mut message =
                    format!("hình thức khen thưởng `{wanted}` không có trong `khen_thuong` của dai-hoi.yaml.");
                if let Some(best) = yaml::closest(wanted, &names) {
                    message.push_str(&format!(" Có phải ý bạn là `{best}`?"));
                }
                message.push_str(&format!(" Các hình thức: {}.", names.join("; ")));
                check.text("de_nghi", wanted, message);
                (0, String::new())
            }
        }
    };

    let dia_danh = text(&file.dia_danh).or_else(|| text(&agency.dia_danh));
    if dia_danh.is_none() {
        check.key("dia_danh", "thiếu địa danh `dia_danh` của dòng ngày tháng");
    }
    let (nam, ngay) = date_or_year(
        file.ngay.map(|d| d.0),
        file.nam.map(|y| y.0),
        "thiếu ngày báo cáo: ghi `ngay: 20/06/2024`, hoặc với bản nháp chỉ ghi năm `nam: 2024`",
        check,
    );

    let du_thao = draft(KIND, None, ngay, file.du_thao.as_ref(), check);
    let thong_tin_chung = general_information(file, check);
    let how = Numbering { level: 1, after: 0, key: "thanh_tich", tables: true };
    let mut thanh_tich = number_entries(&file.thanh_tich, how, check);
    if thanh_tich.is_empty() {
        check.key("thanh_tich", "báo cáo chưa có thành tích: `thanh_tich` cần ít nhất một đoạn hoặc một mục");
    }
    let da_khen_thuong = earlier(&file.danh_hieu_da_dat, &file.khen_thuong_da_nhan);
    // When the body ends with text, its last sentence ends `./.`.
    if da_khen_thuong.is_empty()
        && let Some(last) = thanh_tich.last_mut().filter(|b| b.is_text())
    {
        last.noi_dung = format::with_closing_mark(&last.noi_dung);
    }
    let (ky_trai, ky_phai) = signatures(file, check);

    let from = |mine: &Option<Text>, theirs: Option<&Option<Text>>| text(mine).or_else(|| theirs.and_then(text));
    let mau_so = from(&file.mau_so, congress.map(|c| &c.mau_so)).unwrap_or_else(|| DEFAULT_FORM.into());
    let nghi_dinh = from(&file.nghi_dinh, congress.map(|c| &c.nghi_dinh)).unwrap_or_else(|| DEFAULT_DECREE.into());
    let dot_thi_dua = from(&file.dot_thi_dua, congress.map(|c| &c.dot_thi_dua));
    if check.failed() {
        return None;
    }
    let ten_day_du = match &chuc_vu_don_vi {
        Some(cd) => format!("{ten}, {cd}"),
        None => ten.clone(),
    };
    let entry = NomineeEntry {
        doi_tuong: file.doi_tuong,
        ten,
        chuc_vu_don_vi,
        de_nghi: de_nghi.clone(),
        hang,
        tom_tat: text(&file.tom_tat),
        pdf: rel.with_extension("pdf"),
    };
    let ctx = ReportContext {
        loai: KIND.key,
        mau_so,
        nghi_dinh,
        dia_danh: dia_danh?,
        ngay: ngay.map(Date),
        nam,
        du_thao,
        doi_tuong: file.doi_tuong,
        de_nghi,
        truy_tang: file.truy_tang,
        dot_thi_dua,
        ten_day_du,
        thong_tin_chung,
        thanh_tich,
        da_khen_thuong,
        ky_trai,
        ky_phai,
        chu_thich_hinh_thuc: NOTE_AWARD,
        chu_thich_thanh_tich: NOTE_ACHIEVEMENTS,
    };
    Some((ctx, entry))
}

/// Reads and checks a report file: its context, its nominee, and the
/// warnings found.
pub fn read(input: &Input) -> Result<(ReportContext, NomineeEntry, Vec<Problem>), Vec<Problem>> {
    let file: ReportFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    match report(&file, input.rel, input.agency, input.congress, &mut check) {
        Some((ctx, entry)) if !check.failed() => Ok((ctx, entry, check.problems)),
        _ => Err(check.problems),
    }
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let (ctx, entry, warnings) = read(input)?;
    let title = title_of(KIND, &entry.ten);
    let author = entry.chuc_vu_don_vi.as_deref().map(|cd| cd.rsplit(", ").next().unwrap_or(cd)).unwrap_or(&entry.ten);
    let context = minijinja::context! {
        tac_gia => markup::one_line(author),
        ..minijinja::Value::from_serialize(&ctx)
    };
    let part = Part::new(input.rel.with_extension("pdf"), &title, context);
    Ok(Resolved { title, parts: vec![part], problems: warnings, ..Resolved::default() })
}
