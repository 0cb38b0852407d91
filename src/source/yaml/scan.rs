//! A YAML text read line by line, as a person reads it, for what serde
//! cannot tell: where each value is written and under which key, and where
//! quotes open and close.

/// A scalar value as written in a YAML text, or the part of it on one line:
/// where it starts (1-based line and column of its first character), the
/// key path it belongs to (`khach_moi[2].ho_ten`), and its characters as
/// typed, without its quotes (escapes are left as they are).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    pub line: usize,
    pub column: usize,
    pub field: String,
    pub text: String,
}

/// A quoted scalar: its quote mark, where that opens (1-based line and
/// column), and where the closing mark is, if there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quoted {
    pub mark: char,
    pub open: (usize, usize),
    pub close: Option<(usize, usize)>,
}

/// What [`scan`] finds in a YAML text.
#[derive(Debug, Default)]
pub struct Scan {
    /// Every value (not keys, not comments), line by line, in order.
    pub scalars: Vec<Scalar>,
    /// Every quoted value, in order.
    pub quotes: Vec<Quoted>,
}

/// Reads a YAML text line by line, as a person does, for what serde cannot
/// tell: where each value is written and under which key path, and where
/// quotes open and close. It follows the block structure by indentation
/// (`key:`, `- `), flow collections (`[a, b]`, `{k: v}`), quoted and block
/// (`|`, `>`) scalars, and leaves comments out. It never fails: on a broken
/// file it reads on as far as it can, which is what the syntax messages
/// need.
pub fn scan(text: &str) -> Scan {
    let mut s = Scanner::default();
    for (i, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        s.line(&chars, i + 1);
    }
    if let Some(open) = s.quote.take() {
        s.out.quotes.push(Quoted { mark: open.mark, open: open.at, close: None });
    }
    s.out
}

#[derive(Debug)]
enum Segment {
    Key(String),
    Item(usize),
}

/// A node of the block structure: the column its key or `-` starts at.
#[derive(Debug)]
struct Node {
    indent: usize,
    segment: Segment,
}

/// A flow collection being read: a mapping (with the key being read or
/// read) or a sequence (with the index of the current item).
#[derive(Debug)]
struct Flow {
    map: bool,
    key: String,
    in_key: bool,
    index: usize,
}

/// A quoted scalar being read.
#[derive(Debug)]
struct Open {
    mark: char,
    at: (usize, usize),
    field: String,
}

#[derive(Default)]
struct Scanner {
    stack: Vec<Node>,
    flow: Vec<Flow>,
    flow_base: String,
    quote: Option<Open>,
    /// A block scalar: the indentation its lines must exceed, its field.
    block: Option<(usize, String)>,
    out: Scan,
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

impl Scanner {
    fn path(&self) -> String {
        let mut out = String::new();
        for n in &self.stack {
            match &n.segment {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Item(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }

    fn flow_path(&self) -> String {
        let mut out = self.flow_base.clone();
        for f in &self.flow {
            if f.map {
                let key = f.key.trim();
                if !key.is_empty() {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(key);
                }
            } else {
                out.push_str(&format!("[{}]", f.index));
            }
        }
        out
    }

    fn push(&mut self, line: usize, start: usize, field: String, chars: &[char]) {
        let text: String = chars.iter().collect();
        let trimmed = text.trim_end();
        let lead = trimmed.len() - trimmed.trim_start().len();
        let text = trimmed.trim_start();
        if !text.is_empty() {
            let column = start + 1 + trimmed[..lead].chars().count();
            self.out.scalars.push(Scalar { line, column, field, text: text.to_string() });
        }
    }

    fn line(&mut self, chars: &[char], no: usize) {
        let indent = chars.iter().take_while(|&&c| c == ' ').count();
        if let Some((parent, field)) = &self.block {
            if chars.iter().all(|&c| is_blank(c)) {
                return;
            }
            if indent > *parent {
                let field = field.clone();
                self.push(no, indent, field, &chars[indent..]);
                return;
            }
            self.block = None;
        }
        let mut i = 0;
        if self.quote.is_some() {
            i = self.quoted(chars, 0, no);
            if self.quote.is_some() {
                return;
            }
        }
        if !self.flow.is_empty() {
            self.flow_scan(chars, i, no);
            return;
        }
        if i > 0 {
            // What follows a quoted value closed on this line: a comment.
            return;
        }
        i = indent;
        if i >= chars.len() || chars[i] == '#' || chars[i] == '\t' {
            return;
        }
        if indent == 0
            && (chars.starts_with(&['-', '-', '-']) || chars.starts_with(&['.', '.', '.']) || chars[0] == '%')
        {
            return;
        }
        // List items: `- `, maybe several on one line.
        while i < chars.len() && chars[i] == '-' && chars.get(i + 1).is_none_or(|&c| is_blank(c)) {
            self.item(i);
            i += 1;
            while i < chars.len() && is_blank(chars[i]) {
                i += 1;
            }
        }
        if i >= chars.len() {
            return;
        }
        if let Some(end) = plain_key_end(chars, i) {
            let key: String = chars[i..end].iter().collect();
            self.stack.retain(|n| n.indent < i);
            self.stack.push(Node { indent: i, segment: Segment::Key(key) });
            i = end + 1;
        }
        self.value(chars, i, no);
    }

    fn item(&mut self, at: usize) {
        self.stack.retain(|n| n.indent <= at);
        if let Some(Node { indent, segment: Segment::Item(n) }) = self.stack.last_mut()
            && *indent == at
        {
            *n += 1;
            return;
        }
        self.stack.push(Node { indent: at, segment: Segment::Item(0) });
    }

    fn value(&mut self, chars: &[char], mut i: usize, no: usize) {
        while i < chars.len() && is_blank(chars[i]) {
            i += 1;
        }
        // Tags (`!md`) and anchors (`&a`) before the value.
        while i < chars.len() && (chars[i] == '!' || chars[i] == '&') {
            while i < chars.len() && !is_blank(chars[i]) {
                i += 1;
            }
            while i < chars.len() && is_blank(chars[i]) {
                i += 1;
            }
        }
        let Some(&c) = chars.get(i) else { return };
        match c {
            '#' => {}
            '|' | '>' => {
                let parent = self.stack.last().map(|n| n.indent).unwrap_or(0);
                self.block = Some((parent, self.path()));
            }
            '"' | '\'' => {
                self.quote = Some(Open { mark: c, at: (no, i + 1), field: self.path() });
                self.quoted(chars, i + 1, no);
            }
            '[' | '{' => {
                self.flow_base = self.path();
                self.flow_scan(chars, i, no);
            }
            _ => {
                let end = comment_start(chars, i).unwrap_or(chars.len());
                let field = self.path();
                self.push(no, i, field, &chars[i..end]);
            }
        }
    }

    /// Reads the open quoted scalar from `i`; returns where reading stops
    /// (after the closing mark, or the end of the line).
    fn quoted(&mut self, chars: &[char], start: usize, no: usize) -> usize {
        let Some(open) = &self.quote else { return start };
        let mark = open.mark;
        let field = open.field.clone();
        let mut i = start;
        while i < chars.len() {
            let c = chars[i];
            if mark == '"' && c == '\\' {
                i += 2;
                continue;
            }
            if c == mark {
                if mark == '\'' && chars.get(i + 1) == Some(&'\'') {
                    i += 2;
                    continue;
                }
                self.push(no, start, field, &chars[start..i]);
                let open = self.quote.take().expect("open quote");
                self.out.quotes.push(Quoted { mark, open: open.at, close: Some((no, i + 1)) });
                return i + 1;
            }
            i += 1;
        }
        self.push(no, start, field, &chars[start.min(chars.len())..]);
        chars.len()
    }

    fn flow_scan(&mut self, chars: &[char], mut i: usize, no: usize) {
        let mut value: Option<usize> = None;
        let flush = |s: &mut Scanner, value: &mut Option<usize>, end: usize| {
            if let Some(start) = value.take() {
                let field = s.flow_path();
                s.push(no, start, field, &chars[start..end]);
            }
        };
        while i < chars.len() {
            let c = chars[i];
            let in_key = self.flow.last().is_some_and(|f| f.map && f.in_key);
            match c {
                '[' | '{' if value.is_none() => {
                    self.flow.push(Flow { map: c == '{', key: String::new(), in_key: c == '{', index: 0 });
                }
                ']' | '}' => {
                    flush(self, &mut value, i);
                    self.flow.pop();
                    if self.flow.is_empty() {
                        return;
                    }
                }
                ',' => {
                    flush(self, &mut value, i);
                    if let Some(f) = self.flow.last_mut() {
                        if f.map {
                            f.key.clear();
                            f.in_key = true;
                        } else {
                            f.index += 1;
                        }
                    }
                }
                ':' if in_key && chars.get(i + 1).is_none_or(|&n| is_blank(n) || matches!(n, ',' | '}' | ']')) => {
                    if let Some(f) = self.flow.last_mut() {
                        f.in_key = false;
                    }
                }
                '#' if i == 0 || is_blank(chars[i - 1]) => {
                    flush(self, &mut value, i);
                    return;
                }
                '"' | '\'' if value.is_none_or(|v| is_tag(&chars[v..i])) && !in_key => {
                    value = None;
                    self.quote = Some(Open { mark: c, at: (no, i + 1), field: self.flow_path() });
                    i = self.quoted(chars, i + 1, no);
                    if self.quote.is_some() {
                        return;
                    }
                    continue;
                }
                _ if in_key => {
                    if let Some(f) = self.flow.last_mut() {
                        f.key.push(c);
                    }
                }
                _ if is_blank(c) => {}
                _ => {
                    value.get_or_insert(i);
                }
            }
            i += 1;
        }
        flush(self, &mut value, chars.len());
    }
}

/// Whether `chars` are a tag or an anchor, before a value in a flow.
fn is_tag(chars: &[char]) -> bool {
    let s: String = chars.iter().collect();
    let s = s.trim();
    (s.starts_with('!') || s.starts_with('&')) && !s.contains(' ')
}

/// Where a plain key starting at `i` ends (its `:`), when there is one.
pub(super) fn plain_key_end(chars: &[char], i: usize) -> Option<usize> {
    let end = i + chars[i..].iter().take_while(|&&c| c.is_alphanumeric() || c == '_' || c == '-').count();
    (end > i && chars.get(end) == Some(&':') && chars.get(end + 1).is_none_or(|&c| is_blank(c))).then_some(end)
}

/// Where a comment starts in a plain value from `i`: a `#` after a space.
pub(super) fn comment_start(chars: &[char], i: usize) -> Option<usize> {
    (i..chars.len()).find(|&j| chars[j] == '#' && (j == 0 || is_blank(chars[j - 1])))
}

// --- Syntax errors in Vietnamese -------------------------------------------
