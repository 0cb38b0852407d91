//! Turning data into Typst markup that prints exactly as typed.
//!
//! Every value from YAML goes through [`escape`]: each ASCII punctuation mark
//! gets Typst's backslash escape, so nothing in the data can open code, math,
//! raw text, labels, references, comments or list markers. A plain text
//! prints exactly as written, asterisks included.
//!
//! Bold and italic are asked for explicitly: a text written with the YAML
//! tag `!md` may use `**đậm**`, `*nghiêng*` and `***cả hai***`. When such a
//! text is read, [`from_markdown`] turns those spans into four private-use
//! characters, which no plain text may hold; [`rich`] turns them into
//! `#strong[…]` / `#emph[…]` around escaped text.

/// Where bold and italic spans start and end, inside vanban only.
pub const BOLD_ON: char = '\u{E000}';
pub const BOLD_OFF: char = '\u{E001}';
pub const ITALIC_ON: char = '\u{E002}';
pub const ITALIC_OFF: char = '\u{E003}';

/// Whether `c` is one of the span markers.
pub fn is_marker(c: char) -> bool {
    matches!(c, BOLD_ON | BOLD_OFF | ITALIC_ON | ITALIC_OFF)
}

/// A `!md` text with its inline spans turned into markers.
pub fn from_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for run in runs(text) {
        if run.bold {
            out.push(BOLD_ON);
        }
        if run.italic {
            out.push(ITALIC_ON);
        }
        out.push_str(run.text);
        if run.italic {
            out.push(ITALIC_OFF);
        }
        if run.bold {
            out.push(BOLD_OFF);
        }
    }
    out
}

/// Escapes `text` for Typst markup (also valid inside a `[…]` content block).
/// A spaced dash between two words is bound to the word before it (see
/// [`bind_dashes`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    push_escaped(&mut out, &bind_dashes(text));
    out
}

/// The dashes (`-`, `–`, `—`) a line may not start with.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—')
}

/// `text` with each spaced dash between two words (`07/5/1954 - 07/5/2024`,
/// `Thi đua - Khen thưởng`) bound to the word before it: the spaces before
/// the dash become no-break spaces, so a line may break after the dash but
/// never starts with it, where it would read as a bullet. A no-break space
/// prints as a space (and stretches as one in justified text): the text
/// still reads as typed. A dash that starts the text or a line, or that no
/// space follows (`2019-2024`, `a -b`), is left alone.
pub fn bind_dashes(text: &str) -> std::borrow::Cow<'_, str> {
    let chars: Vec<char> = text.chars().collect();
    let spaced = |c: char| c == ' ' || c == '\t';
    let mut bound = vec![false; chars.len()];
    let mut any = false;
    for (i, &c) in chars.iter().enumerate() {
        if !is_dash(c) || !chars.get(i + 1).is_some_and(|&n| spaced(n)) {
            continue;
        }
        let start = chars[..i].iter().rposition(|&p| !spaced(p)).map_or(0, |p| p + 1);
        // The spaces before the dash, after a word on the same line.
        if start < i && start > 0 && !chars[start - 1].is_whitespace() {
            bound[start..i].iter_mut().for_each(|b| *b = true);
            any = true;
        }
    }
    if !any {
        return std::borrow::Cow::Borrowed(text);
    }
    chars.iter().zip(bound).map(|(&c, b)| if b { '\u{a0}' } else { c }).collect::<String>().into()
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
            // than handed to the typesetter, and so are span markers where
            // no span is set.
            c if c.is_control() || is_marker(c) => {}
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

/// Typst markup for a text field: its bold and italic spans (see
/// [`from_markdown`]) become `#strong[…]` and `#emph[…]`; everything else
/// is escaped, and spaced dashes are bound as by [`escape`].
pub fn rich(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut plain = String::new();
    let mut open = Vec::new();
    // Dashes bound over the whole text: a span may end just before one.
    for c in bind_dashes(text).chars() {
        let tag = match c {
            BOLD_ON => Some("#strong["),
            ITALIC_ON => Some("#emph["),
            BOLD_OFF | ITALIC_OFF => None,
            c => {
                plain.push(c);
                continue;
            }
        };
        push_escaped(&mut out, &plain);
        plain.clear();
        match tag {
            Some(t) => {
                out.push_str(t);
                open.push(c);
            }
            // A closer only closes what is open.
            None if open.pop().is_some() => out.push(']'),
            None => {}
        }
    }
    push_escaped(&mut out, &plain);
    out.extend(open.iter().map(|_| ']'));
    out
}

/// XML text for the vocabulary the .docx writer reads (see
/// [`crate::backend::docx`]), printing as [`escape`] does for Typst: a line
/// break as `<br/>`, a tab as a space, markup-significant characters
/// escaped, other control characters and stray span markers left out.
pub fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("<br/>"),
            '\t' => out.push(' '),
            c if c.is_control() || is_marker(c) || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A text field as inline XML of that vocabulary: its bold and italic spans
/// as `<b>…</b>` / `<i>…</i>`, the rest escaped, spaced dashes bound as for
/// the PDF.
pub fn rich_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut plain = String::new();
    let mut open: Vec<char> = Vec::new();
    for c in bind_dashes(text).chars() {
        let tag = match c {
            BOLD_ON => Some("b"),
            ITALIC_ON => Some("i"),
            BOLD_OFF | ITALIC_OFF => None,
            c => {
                plain.push(c);
                continue;
            }
        };
        out.push_str(&xml_escape(&plain));
        plain.clear();
        match tag {
            Some(t) => {
                out.push_str(&format!("<{t}>"));
                open.push(c);
            }
            None => {
                if let Some(o) = open.pop() {
                    out.push_str(if o == BOLD_ON { "</b>" } else { "</i>" });
                }
            }
        }
    }
    out.push_str(&xml_escape(&plain));
    for o in open.iter().rev() {
        out.push_str(if *o == BOLD_ON { "</b>" } else { "</i>" });
    }
    out
}

/// `text` on one line: line breaks and runs of spaces become one space
/// (for PDF metadata).
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text a reader sees: the span markers removed.
pub fn plain(text: &str) -> String {
    text.chars().filter(|&c| !is_marker(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_keeps_text_as_typed_and_spans_as_elements() {
        assert_eq!(
            xml_escape("a < b & \"c\" 'd' \u{1}\r\nx\ty"),
            "a &lt; b &amp; &quot;c&quot; &apos;d&apos; <br/>x y"
        );
        let md = from_markdown("**Giỏi** và *tốt* <x/>");
        assert_eq!(rich_xml(&md), "<b>Giỏi</b> và <i>tốt</i> &lt;x/&gt;");
        // An unclosed span is closed at the end.
        assert_eq!(rich_xml(&format!("{BOLD_ON}a")), "<b>a</b>");
    }

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
    fn a_spaced_dash_is_bound_to_the_word_before_it() {
        const NBSP: char = '\u{a0}';
        assert_eq!(bind_dashes("07/5/1954 - 07/5/2024"), format!("07/5/1954{NBSP}- 07/5/2024"));
        assert_eq!(bind_dashes("Thi đua - Khen thưởng"), format!("Thi đua{NBSP}- Khen thưởng"));
        assert_eq!(bind_dashes("a – b — c"), format!("a{NBSP}– b{NBSP}— c"));
        // Every space before the dash, so no break is left there.
        assert_eq!(bind_dashes("a  - b"), format!("a{NBSP}{NBSP}- b"));
        // Not a spaced dash between two words: left as typed.
        for s in ["- a", "  - a", "2019-2024", "a -b", "a -", "a\n- b", "-", ""] {
            assert_eq!(bind_dashes(s), s, "{s:?}");
        }
        assert_eq!(bind_dashes("a - "), format!("a{NBSP}- "));
        // Escaped, and inside a span or next to one.
        assert_eq!(escape("Thi đua - Khen thưởng"), format!("Thi đua{NBSP}\\- Khen thưởng"));
        assert_eq!(escape("- a"), "\\- a");
        assert_eq!(rich(&from_markdown("**2019** - 2024")), format!("#strong[2019]{NBSP}\\- 2024"));
        // What a reader sees: the same words and signs, a space on each side.
        let shown: String = escape("Thi đua - Khen").replace('\\', "");
        assert_eq!(shown.split_whitespace().collect::<Vec<_>>(), ["Thi", "đua", "-", "Khen"]);
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
    fn lone_and_unbalanced_asterisks_stay_asterisks_even_in_markdown() {
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
            assert_eq!(from_markdown(s), s, "{s:?}");
            assert_eq!(plain(&from_markdown(s)), s, "{s:?}");
        }
    }

    #[test]
    fn plain_text_is_never_markup() {
        assert_eq!(rich("a **b** *c*"), "a \\*\\*b\\*\\* \\*c\\*");
        assert_eq!(plain("a **b**"), "a **b**");
    }

    #[test]
    fn markdown_spans_become_strong_and_emph_around_escaped_text() {
        assert_eq!(rich(&from_markdown("a **#b** *c_d*")), "a #strong[\\#b] #emph[c\\_d]");
        assert_eq!(rich(&from_markdown("***Hoàn thành.***")), "#strong[#emph[Hoàn thành\\.]]");
        assert_eq!(plain(&from_markdown("(*Dự kiến*) và **đậm**")), "(Dự kiến) và đậm");
        // Unbalanced markers never leave a bracket open or close one too many.
        assert_eq!(rich(&format!("{BOLD_OFF}a{BOLD_ON}b")), "a#strong[b]");
        assert_eq!(escape(&format!("a{ITALIC_ON}b")), "ab");
    }
}
