//! Turning data into Typst markup that prints exactly as typed.
//!
//! Every value from YAML goes through [`escape`]: each ASCII punctuation mark
//! gets Typst's backslash escape, so nothing in the data can open code, math,
//! raw text, labels, references, comments or list markers. The only markup a
//! text field may carry is the tiny inline syntax of [`rich`]: `**đậm**`,
//! `*nghiêng*` and `***cả hai***`, which is parsed here and emitted as
//! `#strong[…]` / `#emph[…]` around escaped text.

/// Escapes `text` for Typst markup (also valid inside a `[…]` content block).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    push_escaped(&mut out, text);
    out
}

fn push_escaped(out: &mut String, text: &str) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("#linebreak()"),
            '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            // Other control characters have no glyph; they are dropped rather
            // than handed to the typesetter.
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
}

/// A Typst string literal (`"…"`) holding `text`, for arguments that must be
/// strings such as the PDF's author.
pub fn string_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run<'a> {
    pub text: &'a str,
    pub bold: bool,
    pub italic: bool,
}

/// Splits `text` into runs by the inline markup `***…***`, `**…**`, `*…*`.
/// A marker counts only when its closing twin follows on the same line, with
/// text between that neither starts with a space or closing punctuation nor
/// ends with a space or opening punctuation, and when the markers are not
/// inside a word (`5*3*2`). Every other asterisk prints as typed: `(*)`,
/// `5 * 3`, `a ** b`.
pub fn runs(text: &str) -> Vec<Run<'_>> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'*' {
            i += 1;
            continue;
        }
        let width = bytes[i..].iter().take_while(|&&b| b == b'*').count();
        let after_word = text[..i].chars().next_back().is_some_and(char::is_alphanumeric);
        let opens = width <= 3 && !after_word;
        if let Some((inner, end)) = opens.then(|| closing(text, i + width, width)).flatten() {
            if plain_start < i {
                out.push(Run { text: &text[plain_start..i], bold: false, italic: false });
            }
            out.push(Run { text: inner, bold: width >= 2, italic: width != 2 });
            i = end;
            plain_start = end;
        } else {
            i += width;
        }
    }
    if plain_start < text.len() {
        out.push(Run { text: &text[plain_start..], bold: false, italic: false });
    }
    out
}

/// Finds the closing run of exactly `width` asterisks for a span starting at
/// `from`; returns the inner text and the index just past the closer.
fn closing(text: &str, from: usize, width: usize) -> Option<(&str, usize)> {
    let rest = &text[from..];
    if rest.starts_with(|c: char| c.is_whitespace() || ")]}.,;:!?".contains(c)) {
        return None;
    }
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let line = &rest[..line_end];
    let bytes = line.as_bytes();
    let mut j = 0;
    while j < bytes.len() {
        if bytes[j] == b'*' {
            let w = bytes[j..].iter().take_while(|&&b| b == b'*').count();
            let inner = &line[..j];
            let before_word = line[j + w..].starts_with(char::is_alphanumeric);
            if w == width && j > 0 && !inner.ends_with(|c: char| c.is_whitespace() || "([{".contains(c)) && !before_word
            {
                return Some((inner, from + j + w));
            }
            j += w;
        } else {
            j += 1;
        }
    }
    None
}

/// Typst markup for a text field: inline bold and italic become
/// `#strong[…]` and `#emph[…]`; everything else is escaped.
pub fn rich(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for run in runs(text) {
        match (run.bold, run.italic) {
            (false, false) => push_escaped(&mut out, run.text),
            (true, false) => wrap(&mut out, "#strong[", run.text, "]"),
            (false, true) => wrap(&mut out, "#emph[", run.text, "]"),
            (true, true) => wrap(&mut out, "#strong[#emph[", run.text, "]]"),
        }
    }
    out
}

fn wrap(out: &mut String, open: &str, text: &str, close: &str) {
    out.push_str(open);
    push_escaped(out, text);
    out.push_str(close);
}

/// `text` on one line: line breaks and runs of spaces become one space
/// (for PDF metadata).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text a reader sees: the inline markers removed.
pub fn plain(text: &str) -> String {
    runs(text).iter().map(|r| r.text).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_ascii_punctuation_mark() {
        assert_eq!(escape("#read(\"/etc/passwd\")"), "\\#read\\(\\\"\\/etc\\/passwd\\\"\\)");
        assert_eq!(escape("$x$ [a] @x <y> // z \\"), "\\$x\\$ \\[a\\] \\@x \\<y\\> \\/\\/ z \\\\");
        assert_eq!(escape("- a"), "\\- a");
        assert_eq!(escape("2024. năm"), "2024\\. năm");
        assert_eq!(escape("Lê Văn Lương"), "Lê Văn Lương");
        assert_eq!(escape("a\nb"), "a#linebreak()b");
        assert_eq!(escape("a\r\nb\u{7}"), "a#linebreak()b");
    }

    #[test]
    fn string_literal_escapes_quotes_and_backslashes() {
        assert_eq!(string_literal("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
    }

    #[test]
    fn inline_markup_is_parsed_into_runs() {
        let r = runs("(*Dự kiến*) và **đậm** rồi ***cả hai***.");
        let shape: Vec<_> = r.iter().map(|r| (r.text, r.bold, r.italic)).collect();
        assert_eq!(
            shape,
            [
                ("(", false, false),
                ("Dự kiến", false, true),
                (") và ", false, false),
                ("đậm", true, false),
                (" rồi ", false, false),
                ("cả hai", true, true),
                (".", false, false),
            ]
        );
    }

    #[test]
    fn lone_and_unbalanced_asterisks_print_as_typed() {
        for s in [
            "*",
            "5 * 3 = 15",
            "a ** b",
            "* a *",
            "**x*",
            "*a\nb*",
            "****x****",
            "5*3*2",
            "Các đơn vị (*) gửi báo cáo (*)",
            "a*b*",
        ] {
            assert_eq!(plain(s), s, "{s:?}");
            assert!(!rich(s).contains("#strong") && !rich(s).contains("#emph"), "{s:?}");
        }
    }

    #[test]
    fn rich_wraps_escaped_runs() {
        assert_eq!(rich("a **#b** *c_d*"), "a #strong[\\#b] #emph[c\\_d]");
        assert_eq!(rich("***Hoàn thành.***"), "#strong[#emph[Hoàn thành\\.]]");
    }
}
