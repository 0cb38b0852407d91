//! The formats Nghị định 30/2020/NĐ-CP fixes for numbers, dates and markers,
//! written once. Templates reach them as MiniJinja filters (see `render`).

use chrono::{Datelike, NaiveDate};

use crate::decree::markup::{self, plain};

/// The blank a draft leaves where the number or the day and month will be
/// written by hand: non-breaking spaces, so the typesetter keeps their width.
pub const DRAFT_BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

/// A number with the decree's leading zero below 10 (`05`, `12`).
pub fn two_digits(n: u32) -> String {
    format!("{n:02}")
}

/// The date of a document, or the year alone for a draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueDate {
    Issued(NaiveDate),
    /// A draft: its year, and its month when already known.
    Draft {
        year: i32,
        month: Option<u32>,
    },
}

/// `ngày 07 tháng 3 năm 2024`: days below 10 and the months 1 and 2 get a
/// leading zero; a draft leaves the day blank, and the month unless it is
/// known (`ngày      tháng 9 năm 2024`).
pub fn date_words(date: IssueDate) -> String {
    match date {
        IssueDate::Issued(d) => {
            let month = if d.month() <= 2 { two_digits(d.month()) } else { d.month().to_string() };
            format!("ngày {} tháng {} năm {}", two_digits(d.day()), month, d.year())
        }
        IssueDate::Draft { year, month: None } => format!("ngày{DRAFT_BLANK}tháng{DRAFT_BLANK}năm {year}"),
        IssueDate::Draft { year, month: Some(m) } => {
            let month = if m <= 2 { two_digits(m) } else { m.to_string() };
            format!("ngày{DRAFT_BLANK}tháng {month} năm {year}")
        }
    }
}

/// The place-and-date line (ô 4): `Lai Châu, ngày 07 tháng 3 năm 2024`.
pub fn date_line(place: &str, date: IssueDate) -> String {
    format!("{place}, {}", date_words(date))
}

/// The number and symbol (ô 3) without the `Số:` label: `05/KH-UBND`;
/// a draft leaves the number blank.
pub fn number_symbol(number: Option<u32>, symbol: &str) -> String {
    match number {
        Some(n) => format!("{}/{symbol}", two_digits(n)),
        None => format!("{DRAFT_BLANK}/{symbol}"),
    }
}

/// The Vietnamese name of a weekday: `thứ Hai` … `thứ Bảy`, `Chủ nhật`.
pub fn weekday(date: NaiveDate) -> &'static str {
    use chrono::Weekday::*;
    match date.weekday() {
        Mon => "thứ Hai",
        Tue => "thứ Ba",
        Wed => "thứ Tư",
        Thu => "thứ Năm",
        Fri => "thứ Sáu",
        Sat => "thứ Bảy",
        Sun => "Chủ nhật",
    }
}

/// The time of a meeting: `07 giờ 30 phút, thứ Sáu, ngày 19 tháng 7 năm 2024`;
/// the weekday is computed, never typed.
pub fn meeting_time(at: chrono::NaiveDateTime) -> String {
    use chrono::Timelike;
    let date = at.date();
    format!(
        "{} giờ {} phút, {}, {}",
        two_digits(at.hour()),
        two_digits(at.minute()),
        weekday(date),
        date_words(IssueDate::Issued(date))
    )
}

/// Letters without diacritics, lower case (`Đồng chí Lò Văn Thắng` →
/// `dong chi lo van thang`), for file names and forgiving comparisons.
pub fn ascii_fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A file-name part from any text: ASCII letters and digits joined by `-`,
/// at most `max` characters; never a path character.
pub fn slug(text: &str, max: usize) -> String {
    let folded = ascii_fold(text);
    let mut out = String::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() && out.len() + 1 + word.len() > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word[..word.len().min(max)]);
    }
    out
}

/// Roman numerals for the first level of a plan's sections.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in TABLE {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

/// The letters of the third level, as Vietnamese legal texts use them:
/// a, b, c, d, đ, e, g, h, i, k, … (no f, j, w, z); then aa, ab, …
pub fn letter(n: u32) -> String {
    const LETTERS: [char; 23] = [
        'a', 'b', 'c', 'd', 'đ', 'e', 'g', 'h', 'i', 'k', 'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'x',
        'y',
    ];
    let base = LETTERS.len() as u32;
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(LETTERS[(n % base) as usize]);
        n /= base;
    }
    out.iter().rev().collect()
}

/// Capitals with their diacritics (`Ủy ban` → `ỦY BAN`).
pub fn capitals(text: &str) -> String {
    text.to_uppercase()
}

/// How deep the numbered levels of a plan go: `I.`, `1.`, `a)`.
pub const NUMBERED_LEVELS: usize = 3;

/// The marker of the `index`-th (from 1) numbered entry at `level` (from 1).
pub fn section_marker(level: usize, index: u32) -> Option<String> {
    match level {
        1 => Some(format!("{}.", roman(index))),
        2 => Some(format!("{index}.")),
        3 => Some(format!("{})", letter(index))),
        _ => None,
    }
}

/// The marker of a bullet at `depth` (from 1): `-`, then `+` below it.
pub fn bullet_marker(depth: usize) -> &'static str {
    if depth <= 1 { "-" } else { "+" }
}

/// A closing paragraph ends with `./.`; a final full stop is absorbed. The
/// text may end inside a bold or italic span (`**… thực hiện.**`): the mark
/// goes after it.
pub fn with_closing_mark(text: &str) -> String {
    let t = text.trim_end();
    let shown = plain(t);
    if shown.trim_end().ends_with("./.") {
        return t.to_string();
    }
    let body = t.trim_end_matches(markup::is_marker);
    let markers = &t[body.len()..];
    match body.strip_suffix('.') {
        Some(stripped) if shown.ends_with('.') => format!("{stripped}{markers}./."),
        _ => format!("{t}./."),
    }
}

/// Appends `mark` unless the text as shown already ends with a punctuation
/// mark.
pub fn with_end_mark(text: &str, mark: char) -> String {
    let t = text.trim_end();
    match plain(t).trim_end().chars().last() {
        Some(';' | '.' | ',' | ':' | '!' | '?') | None => t.to_string(),
        Some(_) => format!("{t}{mark}"),
    }
}

/// An amount of money in figures as documents print it, dots between the
/// thousands: `2.340.000`.
pub fn money_figures(amount: u64) -> String {
    let digits = amount.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount of money in Vietnamese words, as the `Bằng chữ:` line of a
/// decision reads it: `Hai triệu ba trăm bốn mươi nghìn đồng`. Groups of
/// three digits are read with `nghìn`, `triệu`, `tỷ` (then `nghìn tỷ`…); a
/// group after a higher one reads its hundreds even when they are nought
/// (`một tỷ không trăm linh năm triệu`), a lone unit after nought tens is
/// `linh`, and units read `mốt` after twenty and up and `lăm` after ten
/// and up.
pub fn money_words(amount: u64) -> String {
    const DIGITS: [&str; 10] = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"];
    const SCALES: [&str; 4] = ["", "nghìn", "triệu", "tỷ"];
    // A group of three digits; `full`: a higher group was read before it.
    let group = |n: u64, full: bool| -> Vec<&'static str> {
        let (h, t, u) = ((n / 100) as usize, (n / 10 % 10) as usize, (n % 10) as usize);
        let mut w = Vec::new();
        if h > 0 || full {
            w.extend([DIGITS[h], "trăm"]);
        }
        match t {
            0 if u > 0 && (h > 0 || full) => w.push("linh"),
            0 => {}
            1 => w.push("mười"),
            _ => w.extend([DIGITS[t], "mươi"]),
        }
        match u {
            0 => {}
            1 if t >= 2 => w.push("mốt"),
            5 if t >= 1 => w.push("lăm"),
            _ => w.push(DIGITS[u]),
        }
        w
    };
    let mut words: Vec<&str> = Vec::new();
    if amount == 0 {
        words.push("không");
    } else {
        // Groups from the highest; past `tỷ` the scales start again
        // (`nghìn tỷ`, `triệu tỷ`).
        let mut groups = Vec::new();
        let mut n = amount;
        while n > 0 {
            groups.push(n % 1000);
            n /= 1000;
        }
        for (i, &g) in groups.iter().enumerate().rev() {
            if g == 0 {
                // `tỷ` is said once for every group of nine digits below a
                // read group, even when its own group is nought.
                if i % 3 == 0 && i > 0 && !words.is_empty() {
                    words.push("tỷ");
                }
                continue;
            }
            words.extend(group(g, !words.is_empty()));
            match i {
                0 => {}
                _ if i % 3 == 0 => words.push("tỷ"),
                _ => words.push(SCALES[i % 3]),
            }
        }
    }
    words.push("đồng");
    let text = words.join(" ");
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_in_figures_and_in_words() {
        let table: [(u64, &str, &str); 17] = [
            (0, "0", "Không đồng"),
            (10, "10", "Mười đồng"),
            (15, "15", "Mười lăm đồng"),
            (21, "21", "Hai mươi mốt đồng"),
            (25, "25", "Hai mươi lăm đồng"),
            (105, "105", "Một trăm linh năm đồng"),
            (110, "110", "Một trăm mười đồng"),
            (1_000, "1.000", "Một nghìn đồng"),
            (1_001, "1.001", "Một nghìn không trăm linh một đồng"),
            (1_000_000, "1.000.000", "Một triệu đồng"),
            (2_340_000, "2.340.000", "Hai triệu ba trăm bốn mươi nghìn đồng"),
            (1_500_000, "1.500.000", "Một triệu năm trăm nghìn đồng"),
            (1_005_000_000, "1.005.000.000", "Một tỷ không trăm linh năm triệu đồng"),
            (1_000_000_005, "1.000.000.005", "Một tỷ không trăm linh năm đồng"),
            (5_000_000_000_000, "5.000.000.000.000", "Năm nghìn tỷ đồng"),
            (1_000_000_000_000_000, "1.000.000.000.000.000", "Một triệu tỷ đồng"),
            (2_000_000_000_000_000_000, "2.000.000.000.000.000.000", "Hai tỷ tỷ đồng"),
        ];
        for (n, figures, words) in table {
            assert_eq!(money_figures(n), figures, "{n}");
            assert_eq!(money_words(n), words, "{n}");
        }
    }

    fn d(y: i32, m: u32, day: u32) -> IssueDate {
        IssueDate::Issued(NaiveDate::from_ymd_opt(y, m, day).unwrap())
    }

    #[test]
    fn date_line_pads_days_and_first_two_months_only() {
        assert_eq!(date_line("Lai Châu", d(2024, 3, 7)), "Lai Châu, ngày 07 tháng 3 năm 2024");
        assert_eq!(date_words(d(2025, 1, 5)), "ngày 05 tháng 01 năm 2025");
        assert_eq!(date_words(d(2025, 2, 28)), "ngày 28 tháng 02 năm 2025");
        assert_eq!(date_words(d(2025, 12, 10)), "ngày 10 tháng 12 năm 2025");
        assert_eq!(date_words(d(2025, 10, 1)), "ngày 01 tháng 10 năm 2025");
    }

    #[test]
    fn draft_leaves_day_and_month_blank() {
        let line = date_line("Lai Châu", IssueDate::Draft { year: 2024, month: None });
        assert_eq!(line, format!("Lai Châu, ngày{DRAFT_BLANK}tháng{DRAFT_BLANK}năm 2024"));
        assert!(!line.chars().any(|c| c.is_ascii_digit() && line.find(c) < line.find("năm")));
        let known = date_line("Bắc Kạn", IssueDate::Draft { year: 2024, month: Some(9) });
        assert_eq!(known, format!("Bắc Kạn, ngày{DRAFT_BLANK}tháng 9 năm 2024"));
        let january = date_words(IssueDate::Draft { year: 2025, month: Some(1) });
        assert_eq!(january, format!("ngày{DRAFT_BLANK}tháng 01 năm 2025"));
    }

    #[test]
    fn number_symbol_pads_below_ten_and_blanks_drafts() {
        assert_eq!(number_symbol(Some(5), "KH-UBND"), "05/KH-UBND");
        assert_eq!(number_symbol(Some(12), "GM-UBND"), "12/GM-UBND");
        assert_eq!(number_symbol(Some(123), "KH-UBND"), "123/KH-UBND");
        assert_eq!(number_symbol(None, "KH-UBND"), format!("{DRAFT_BLANK}/KH-UBND"));
    }

    #[test]
    fn roman_and_letters() {
        let r: Vec<_> = [1, 2, 3, 4, 5, 6, 9, 11, 14, 40, 1994].map(roman).into();
        assert_eq!(r, ["I", "II", "III", "IV", "V", "VI", "IX", "XI", "XIV", "XL", "MCMXCIV"]);
        assert_eq!(
            [1, 2, 4, 5, 6, 7, 10, 23, 24, 25].map(letter),
            ["a", "b", "d", "đ", "e", "g", "k", "y", "aa", "ab"]
        );
    }

    #[test]
    fn markers_by_level() {
        assert_eq!(section_marker(1, 4).unwrap(), "IV.");
        assert_eq!(section_marker(2, 3).unwrap(), "3.");
        assert_eq!(section_marker(3, 2).unwrap(), "b)");
        assert_eq!(section_marker(4, 1), None);
        assert_eq!((bullet_marker(1), bullet_marker(2), bullet_marker(3)), ("-", "+", "+"));
    }

    #[test]
    fn weekday_is_computed() {
        let at = NaiveDate::from_ymd_opt(2024, 7, 19).unwrap().and_hms_opt(7, 30, 0).unwrap();
        assert_eq!(meeting_time(at), "07 giờ 30 phút, thứ Sáu, ngày 19 tháng 7 năm 2024");
        let at = NaiveDate::from_ymd_opt(2025, 1, 5).unwrap().and_hms_opt(14, 0, 0).unwrap();
        assert_eq!(meeting_time(at), "14 giờ 00 phút, Chủ nhật, ngày 05 tháng 01 năm 2025");
    }

    #[test]
    fn slugs_are_ascii_and_safe() {
        assert_eq!(slug("Đồng chí Lò Văn Thắng", 40), "dong-chi-lo-van-thang");
        assert_eq!(slug("../../etc/passwd; rm -rf /", 40), "etc-passwd-rm-rf");
        assert_eq!(slug("Lãnh đạo Sở Văn hóa, Thể thao và Du lịch", 20), "lanh-dao-so-van-hoa");
        assert_eq!(slug("", 20), "");
        assert_eq!(ascii_fold("Họ và Tên"), "ho va ten");
    }

    #[test]
    fn capitals_keep_diacritics() {
        assert_eq!(capitals("Ủy ban nhân dân tỉnh Lai Châu"), "ỦY BAN NHÂN DÂN TỈNH LAI CHÂU");
        assert_eq!(capitals("mục đích, yêu cầu"), "MỤC ĐÍCH, YÊU CẦU");
    }

    #[test]
    fn closing_and_end_marks() {
        assert_eq!(with_closing_mark("triển khai thực hiện."), "triển khai thực hiện./.");
        assert_eq!(with_closing_mark("triển khai thực hiện"), "triển khai thực hiện./.");
        assert_eq!(with_closing_mark("thực hiện./."), "thực hiện./.");
        assert_eq!(with_end_mark("Các sở, ngành", ';'), "Các sở, ngành;");
        assert_eq!(with_end_mark("TT Tỉnh ủy (b/c);", ';'), "TT Tỉnh ủy (b/c);");
        assert_eq!(with_end_mark("VT, TH4", '.'), "VT, TH4.");
        // Inside a bold or italic span (a `!md` text): the mark goes after it.
        let md = crate::decree::markup::from_markdown;
        assert_eq!(with_end_mark(&md("Căn cứ **Luật;**"), '.'), md("Căn cứ **Luật;**"));
        assert_eq!(with_end_mark(&md("Căn cứ **Luật**"), ';'), md("Căn cứ **Luật**;"));
        assert_eq!(with_closing_mark(&md("***Hoàn thành.***")), md("***Hoàn thành***./."));
        assert_eq!(with_closing_mark(&md("Câu *nghiêng*")), md("Câu *nghiêng*./."));
        // A plain text's asterisks are text.
        assert_eq!(with_closing_mark("Ghi chú (*)"), "Ghi chú (*)./.");
    }
}
