//! libyaml's syntax errors (English, placed where libyaml noticed them) as a
//! Vietnamese sentence with the fix, placed where the problem starts.

use crate::source::yaml::scan::{comment_start, plain_key_end, scan};

/// A libyaml message taken apart: what went wrong, and the context with the
/// place it started (`… at line 5 column 3, while parsing a block
/// collection at line 4 column 3`).
struct Libyaml<'a> {
    problem: &'a str,
    context: &'a str,
    mark: Option<(usize, usize)>,
}

fn libyaml(message: &str) -> Libyaml<'_> {
    let (problem, context) = message.split_once(", while ").unwrap_or((message, ""));
    let (context, mark) = strip_mark(context);
    Libyaml { problem: strip_mark(problem).0, context, mark }
}

fn strip_mark(s: &str) -> (&str, Option<(usize, usize)>) {
    if let Some(i) = s.rfind(" at line ")
        && let Some((l, c)) = s[i + " at line ".len()..].split_once(" column ")
        && let (Ok(l), Ok(c)) = (l.trim().parse(), c.trim().parse())
    {
        return (&s[..i], Some((l, c)));
    }
    (s, None)
}

/// Line `l` (1-based) of `text`, or "" past its end.
fn nth_line(text: &str, l: usize) -> &str {
    l.checked_sub(1).and_then(|i| text.lines().nth(i)).unwrap_or("")
}

/// The character at column `c` (1-based) of `line`.
fn char_at(line: &str, c: usize) -> Option<char> {
    c.checked_sub(1).and_then(|i| line.chars().nth(i))
}

fn indent_of(line: &str) -> usize {
    line.chars().take_while(|&c| c == ' ').count()
}

/// A line taken apart: its `- ` items, its plain key, the value after it
/// (without a comment).
struct LineParts<'a> {
    dash: bool,
    key: Option<&'a str>,
    value: &'a str,
}

fn parts(line: &str) -> LineParts<'_> {
    let mut rest = line.trim_start();
    let mut dash = false;
    while let Some(r) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
        dash = true;
        rest = r.trim_start();
    }
    let chars: Vec<char> = rest.chars().collect();
    let (key, value) = match plain_key_end(&chars, 0) {
        Some(end) => {
            let split = rest.char_indices().nth(end).map(|(b, _)| b).unwrap_or(rest.len());
            (Some(&rest[..split]), rest[split + 1..].trim_start())
        }
        None => (None, rest),
    };
    let value_chars: Vec<char> = value.chars().collect();
    let value = match comment_start(&value_chars, 0) {
        Some(j) => &value[..value.char_indices().nth(j).map(|(b, _)| b).unwrap_or(value.len())],
        None => value,
    };
    LineParts { dash, key, value: value.trim_end() }
}

/// The line rewritten with its value in double quotes (single quotes when
/// it holds a double one), as a fix to show: `trich_yeu: "Kế hoạch: năm 2024"`.
fn quoted_example(line: &str) -> Option<String> {
    let p = parts(line);
    let v = p.value;
    if v.is_empty() || v.starts_with(['"', '\'']) {
        return None;
    }
    let quoted = if !v.contains('"') && !v.contains('\\') {
        format!("\"{v}\"")
    } else if !v.contains('\'') {
        format!("'{v}'")
    } else {
        return None;
    };
    Some(match (p.key, p.dash) {
        (Some(k), true) => format!("`- {k}: {quoted}`"),
        (Some(k), false) => format!("`{k}: {quoted}`"),
        (None, true) => format!("`- {quoted}`"),
        (None, false) => format!("`{quoted}`"),
    })
}

/// "…; đặt cả đoạn trong ngoặc kép: `k: "…"`" for the value of `line`.
fn quote_it(line: &str) -> String {
    match quoted_example(line) {
        Some(ex) => format!("đặt cả đoạn chữ trong ngoặc kép \"…\": {ex}"),
        None => "đặt cả đoạn chữ trong ngoặc kép \"…\"".to_string(),
    }
}

/// A character as shown in a message.
fn shown_char(c: char) -> String {
    if c == '`' { "\"`\"".to_string() } else { format!("`{c}`") }
}

fn unclosed_quote(mark: char, tail: &str) -> String {
    if mark == '\'' {
        format!(
            "lỗi cú pháp YAML: dấu nháy `'` mở ở đây không được đóng, nên {tail}; thêm `'` ở cuối đoạn chữ \
             (dấu nháy nằm trong đoạn chữ thì viết hai lần: `''`)"
        )
    } else {
        format!(
            "lỗi cú pháp YAML: dấu ngoặc kép `\"` mở ở đây không được đóng, nên {tail}; thêm `\"` ở cuối đoạn chữ \
             (dấu ngoặc kép nằm trong đoạn chữ thì viết `\\\"`)"
        )
    }
}

/// A libyaml syntax error as a sentence in Vietnamese saying what to do,
/// and where the problem starts when libyaml saw it later (an unclosed
/// quote, a missing `:` seen on the next line). `None` for what is not a
/// syntax error, or a tab (said elsewhere).
pub(super) fn syntax(
    message: &str,
    text: &str,
    at: Option<(usize, usize)>,
) -> Option<(String, Option<(usize, usize)>)> {
    let m = libyaml(message);
    let problem = m.problem;
    let (l, c) = at.or(m.mark).unwrap_or((0, 0));
    let line = nth_line(text, l);
    if line.contains('\t') && (problem.contains("cannot start any token") || problem.contains("tab character")) {
        return None;
    }
    let key_or = |line: &str, other: &str| match parts(line).key {
        Some(k) => format!("khóa `{k}`"),
        None => other.to_string(),
    };

    if problem.starts_with("found unexpected end of stream") && m.context.contains("quoted scalar") {
        // libyaml sees the end of the file; the problem is the quote that opened.
        let (open, mark) = match m.mark {
            Some((ol, oc)) => ((ol, oc), char_at(nth_line(text, ol), oc).unwrap_or('"')),
            None => {
                let q = scan(text).quotes.into_iter().find(|q| q.close.is_none())?;
                (q.open, q.mark)
            }
        };
        return Some((unclosed_quote(mark, "mọi dòng sau nó bị đọc thành một đoạn chữ"), Some(open)));
    }

    if problem.starts_with("mapping values are not allowed") {
        let p = parts(line);
        let col0 = c.saturating_sub(1);
        let before: String = line.chars().take(col0).collect();
        let value_start = line.chars().count() - line.trim_start().chars().count();
        // A key at the start of the line and no other `: ` before this one:
        // a key indented under a value, not a sentence with a colon.
        let first_colon = before.trim_start().trim_start_matches("- ").contains(": ");
        if let (Some(k), false) = (p.key, first_colon) {
            return Some((
                format!(
                    "lỗi cú pháp YAML: khóa `{k}` thụt lề sâu hơn khóa ở dòng trên nên bị đọc như phần tiếp của giá trị \
                     ở dòng trên; cho các khóa cùng cấp thẳng cột với nhau (chỉ dùng dấu cách)"
                ),
                Some((l, value_start + 1)),
            ));
        }
        let start = line.find(p.value).map(|b| line[..b].chars().count() + 1).unwrap_or(c);
        return Some((
            format!(
                "lỗi cú pháp YAML: đoạn chữ có dấu `:` theo sau là dấu cách, mà YAML hiểu là một khóa mới; {}",
                quote_it(line)
            ),
            Some((l, start)),
        ));
    }

    if problem.starts_with("block sequence entries are not allowed") {
        let p = parts(line);
        let key = p.key.unwrap_or("khóa");
        return Some((
            format!(
                "lỗi cú pháp YAML: danh sách `- …` không viết được ngay sau `{key}:` trên cùng dòng; xuống dòng: \
                 `{key}:` rồi mỗi phần tử một dòng, thụt vào, bắt đầu bằng `- ` (nếu đây là chữ có dấu `-`, {})",
                quote_it(line)
            ),
            None,
        ));
    }

    if problem.starts_with("could not find expected ':'") {
        let (kl, kc) = m.mark.unwrap_or((l, c));
        let key_line = nth_line(text, kl);
        let rest: String = key_line.chars().skip(kc.saturating_sub(1)).collect();
        let rest = rest.trim_end();
        if let Some(after) = rest.strip_prefix('-')
            && after.starts_with(|c: char| !c.is_whitespace())
        {
            return Some((
                format!("lỗi cú pháp YAML: sau dấu `-` của phần tử danh sách cần một dấu cách: `- {after}`"),
                Some((kl, kc)),
            ));
        }
        let what: String = rest.chars().take(40).collect();
        return Some((
            format!(
                "lỗi cú pháp YAML: dòng `{what}` thiếu dấu `:` sau khóa; nếu đây là một phần tử danh sách thì thiếu \
                 `- ` ở đầu dòng, nếu là phần tiếp của đoạn chữ ở dòng trên thì đặt cả đoạn chữ trên một dòng"
            ),
            Some((kl, kc)),
        ));
    }

    if problem.starts_with("found unknown escape character")
        || problem.starts_with("did not find expected hexadecimal number")
    {
        let chars: Vec<char> = line.chars().collect();
        let back = (0..c.min(chars.len())).rev().find(|&j| chars[j] == '\\');
        let (col, escape) = match back {
            Some(j) => (j + 1, format!("\\{}", chars.get(j + 1).copied().unwrap_or(' '))),
            None => (c, "\\".to_string()),
        };
        return Some((
            format!(
                "lỗi cú pháp YAML: trong ngoặc kép, dấu `\\` mở đầu một ký tự đặc biệt (`\\n`, `\\\"`, `\\\\`) nên \
                 `{escape}` không đọc được; viết `\\\\` cho một dấu `\\`, hoặc đặt đoạn chữ trong dấu nháy đơn '…' \
                 (ở đó `\\` in đúng như gõ)"
            ),
            Some((l, col)),
        ));
    }

    if problem.starts_with("found character that cannot start any token")
        || problem.starts_with("did not find expected node content")
    {
        let ch = char_at(line, c).unwrap_or('?');
        return Some((
            format!(
                "lỗi cú pháp YAML: đoạn chữ không được bắt đầu bằng ký tự {} (YAML dành riêng ký tự này); {}",
                shown_char(ch),
                quote_it(line)
            ),
            None,
        ));
    }

    if problem == "unknown anchor"
        || (problem.starts_with("did not find expected alphabetic or numeric character")
            && (m.context.contains("alias") || m.context.contains("anchor")))
    {
        let (sl, sc) = m.mark.unwrap_or((l, c));
        let sline = nth_line(text, sl);
        let ch = char_at(sline, sc).filter(|&ch| ch == '*' || ch == '&').unwrap_or('*');
        let what = if ch == '&' { "nhãn (anchor)" } else { "bí danh (alias)" };
        return Some((
            format!("lỗi cú pháp YAML: đoạn chữ bắt đầu bằng `{ch}` bị YAML hiểu là {what}; {}", quote_it(sline)),
            Some((sl, sc)),
        ));
    }

    if problem.starts_with("did not find expected comment or line break") && m.context.contains("block scalar") {
        let (sl, sc) = m.mark.unwrap_or((l, c));
        let sline = nth_line(text, sl);
        return Some((
            format!(
                "lỗi cú pháp YAML: sau `|` (hay `>`) phải xuống dòng rồi mới viết đoạn chữ, thụt vào; nếu dấu đó là \
                 chữ, {}",
                quote_it(sline)
            ),
            Some((sl, sc)),
        ));
    }

    if let Some(close) = problem.strip_prefix("did not find expected ',' or '") {
        let close = close.trim_end_matches('\'');
        let open = if close == "}" { "{" } else { "[" };
        if let Some((ol, oc)) = m.mark
            && ol != l
        {
            return Some((
                format!(
                    "lỗi cú pháp YAML: dấu `{open}` mở ở đây không được đóng bằng `{close}` trên cùng dòng; thêm \
                     `{close}`, hoặc nếu đây là chữ chứ không phải danh sách, {}",
                    quote_it(nth_line(text, ol))
                ),
                Some((ol, oc)),
            ));
        }
        return Some((
            format!(
                "lỗi cú pháp YAML: trong `{open}…{close}` thiếu dấu phẩy giữa hai phần tử hoặc thiếu dấu `{close}`; \
                 nếu đây là chữ, {}",
                quote_it(line)
            ),
            None,
        ));
    }

    if problem.starts_with("did not find expected key") || problem.starts_with("did not find expected '-' indicator") {
        let ch = char_at(line, c);
        let first = indent_of(line) + 1;
        // A quote that opened on an earlier line and closed just before:
        // the problem is where it opened.
        let before: Vec<char> = line.chars().take(c.saturating_sub(1)).collect();
        let last = before.iter().rposition(|ch| !ch.is_whitespace());
        if let Some(j) = last
            && matches!(before[j], '"' | '\'')
        {
            let quotes = scan(text).quotes;
            if let Some(q) = quotes.iter().find(|q| q.close == Some((l, j + 1))) {
                if q.open.0 != l {
                    let tail = format!("đoạn chữ kéo dài tới dấu {} ở dòng {l}", shown_char(q.mark));
                    return Some((unclosed_quote(q.mark, &tail), Some(q.open)));
                }
                return Some((
                    format!(
                        "lỗi cú pháp YAML: còn chữ sau dấu {} đóng đoạn chữ; khi câu có dấu ngoặc kép ở giữa, đặt cả \
                         câu trong dấu nháy đơn '…' (hoặc viết `\\\"` cho dấu ngoặc kép bên trong)",
                        shown_char(q.mark)
                    ),
                    Some(q.open),
                ));
            }
        }
        if let Some(b @ (']' | '}')) = ch {
            return Some((
                format!(
                    "lỗi cú pháp YAML: dấu `{b}` thừa, không có dấu mở tương ứng; xóa nó, hoặc nếu đây là chữ, {}",
                    quote_it(line)
                ),
                None,
            ));
        }
        if c > first {
            return Some((
                format!("lỗi cú pháp YAML: còn chữ sau một giá trị đã kết thúc trên dòng này; {}", quote_it(line)),
                None,
            ));
        }
        let p = parts(line);
        let in_list = problem.contains("'-' indicator");
        if line.trim_start().starts_with('-') {
            let at = match (in_list, m.mark) {
                (true, Some((ml, mc))) => format!(" (các phần tử khác có dấu `-` ở cột {mc}, từ dòng {ml})"),
                _ => String::new(),
            };
            return Some((
                format!(
                    "lỗi cú pháp YAML: phần tử danh sách `- …` này không thẳng cột với danh sách của nó{at}; thụt \
                     lề dấu `-` cho thẳng cột với các phần tử khác, dưới khóa của danh sách (chỉ dùng dấu cách)"
                ),
                None,
            ));
        }
        let subject = key_or(line, "dòng này");
        let hint = match (in_list, m.mark, p.key) {
            (true, Some((ml, mc)), Some(_)) => format!(
                "; trong danh sách bắt đầu ở dòng {ml}, các khóa của một phần tử thẳng cột với khóa ngay sau `- ` \
                 (cột {})",
                mc + 2
            ),
            (false, Some((ml, mc)), Some(_)) if ml != l => {
                format!("; các khóa cùng cấp bắt đầu ở cột {mc} (dòng {ml})")
            }
            _ => String::new(),
        };
        let what = if p.key.is_some() {
            "các khóa cùng cấp phải thẳng cột với nhau"
        } else {
            "nếu đây là phần tiếp của đoạn chữ ở dòng trên, thụt nó vào sâu hơn khóa của đoạn chữ đó, hoặc viết cả \
             đoạn trên một dòng"
        };
        return Some((
            format!(
                "lỗi cú pháp YAML: {subject} thụt lề không khớp với các dòng trên: {what}{hint}; chỉ thụt lề bằng dấu cách"
            ),
            None,
        ));
    }

    if problem.starts_with("control characters are not allowed") {
        let found = text.lines().enumerate().find_map(|(i, line)| {
            line.chars().enumerate().find(|&(_, ch)| ch.is_control() && ch != '\t').map(|(j, ch)| (i + 1, j + 1, ch))
        });
        if let Some((fl, fc, ch)) = found {
            return Some((
                format!(
                    "lỗi cú pháp YAML: tệp có ký tự điều khiển U+{:04X}, không nhìn thấy được (thường do dán từ phần \
                     mềm khác); xóa ký tự đó",
                    ch as u32
                ),
                Some((fl, fc)),
            ));
        }
    }
    None
}
