//! Numbering a body by nesting (Phụ lục I, 6): `muc` entries `I.` → `1.` →
//! `a)`, bullets `-` → `+`, with results tables where a kind allows them.

use serde::Serialize;

use crate::decree::check::Checker;
use crate::decree::format;
use crate::source::entry::{Entry, EntryKind};

/// What a block of a body is; the templates see `muc`, `y`, `doan`, `bang`.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub enum BlockKind {
    /// A numbered section (`I.`, `1.`, `a)`).
    #[serde(rename = "muc")]
    Numbered,
    /// A bullet (`-`, `+`).
    #[serde(rename = "y")]
    Bullet,
    /// A paragraph.
    #[serde(rename = "doan")]
    Paragraph,
    /// A results table.
    #[serde(rename = "bang")]
    Table,
}

/// One block of a plan's body, in reading order.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Block {
    pub loai: BlockKind,
    /// Numbered level (1 = `I.`) or bullet depth (1 = `-`).
    pub cap: usize,
    /// The marker: `I.`, `1.`, `a)`, `-`, `+`; empty for a paragraph.
    pub so: String,
    /// Whether the entry is a title over nested entries.
    pub tieu_de: bool,
    pub noi_dung: String,
    /// A results table's rows (`bang` blocks): chỉ tiêu, đăng ký, kết quả.
    pub hang: Vec<[String; 3]>,
}

impl Block {
    pub fn new(loai: BlockKind, cap: usize, so: String, tieu_de: bool, noi_dung: String) -> Block {
        Block { loai, cap, so, tieu_de, noi_dung, hang: Vec::new() }
    }

    /// A block of text: numbered, bulleted or plain.
    pub fn is_text(&self) -> bool {
        self.loai != BlockKind::Table
    }
}

/// How a body is numbered: where it starts, and whether entries may carry a
/// results table.
#[derive(Debug, Clone, Copy)]
pub struct Numbering<'a> {
    /// The level the body sits under (0 for a plan: its entries are `I.`;
    /// 1 inside a report's section: its entries are `1.`).
    pub level: usize,
    /// How many numbered entries come before it at that level.
    pub after: u32,
    /// The key the body is written under, for messages.
    pub key: &'a str,
    pub tables: bool,
}

impl Numbering<'_> {
    pub const PLAN: Numbering<'static> = Numbering { level: 0, after: 0, key: "noi_dung", tables: false };
}

/// Numbers a body by nesting: `muc` entries `I.` → `1.` → `a)`, bullets `-`
/// → `+`. Entries that break the structure are reported.
pub fn number_entries(entries: &[Entry], how: Numbering, check: &mut Checker) -> Vec<Block> {
    let mut walker = Walker { tables: how.tables, out: Vec::new(), check };
    walker.walk(entries, how.level, 0, how.after, how.key);
    walker.out
}

/// Walks a body in reading order, numbering as it goes.
struct Walker<'c, 't> {
    tables: bool,
    out: Vec<Block>,
    check: &'c mut Checker<'t>,
}

impl Walker<'_, '_> {
    /// The entries at numbered `level`, under `bullets` bullets, after
    /// `after` numbered entries; `path` is their key, for messages.
    fn walk(&mut self, entries: &[Entry], level: usize, bullets: usize, after: u32, path: &str) {
        let mut index = after;
        for (i, e) in entries.iter().enumerate() {
            let here = format!("{path}[{i}]");
            let text = e.text.as_str().trim().to_string();
            if text.is_empty() {
                continue;
            }
            let titled = !e.children.is_empty() || !e.table.is_empty();
            match e.kind {
                EntryKind::Paragraph => {
                    if bullets > 0 {
                        self.check.text(&here, &text, "dưới một gạch đầu dòng `y` chỉ được có các `y` khác");
                        continue;
                    }
                    self.out.push(Block::new(BlockKind::Paragraph, level, String::new(), false, text));
                }
                EntryKind::Numbered => {
                    index += 1;
                    if bullets > 0 {
                        self.check.text(
                            &format!("{here}.muc"),
                            &text,
                            "không đặt mục đánh số `muc` dưới gạch đầu dòng `y`; dùng `y`",
                        );
                        continue;
                    }
                    let Some(marker) = format::section_marker(level + 1, index) else {
                        self.check.text(
                            &format!("{here}.muc"),
                            &text,
                            format!(
                                "mục lồng quá {} cấp (I., 1., a)); ở cấp này dùng gạch đầu dòng `y`",
                                format::NUMBERED_LEVELS
                            ),
                        );
                        continue;
                    };
                    self.out.push(Block::new(BlockKind::Numbered, level + 1, marker, titled, text));
                    self.table(e, &here);
                    self.walk(&e.children, level + 1, 0, 0, &format!("{here}.noi_dung"));
                }
                EntryKind::Bullet => {
                    let depth = bullets + 1;
                    let so = format::bullet_marker(depth).to_string();
                    self.out.push(Block::new(BlockKind::Bullet, depth, so, titled, text));
                    self.table(e, &here);
                    self.walk(&e.children, level, depth, 0, &format!("{here}.noi_dung"));
                }
            }
        }
    }

    /// The results table under an entry, where tables are allowed.
    fn table(&mut self, e: &Entry, here: &str) {
        if e.table.is_empty() {
            return;
        }
        if !self.tables {
            self.check.key(
                &format!("{here}.bang_chi_tieu"),
                "bảng chỉ tiêu `bang_chi_tieu` chỉ dùng trong phần `thanh_tich` của báo cáo thành tích",
            );
            return;
        }
        let hang = e
            .table
            .iter()
            .map(|r| [&r.chi_tieu, &r.dang_ky, &r.ket_qua].map(|t| t.as_str().trim().to_string()))
            .collect();
        self.out.push(Block { hang, ..Block::new(BlockKind::Table, 0, String::new(), false, String::new()) });
    }
}
