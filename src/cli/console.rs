//! The console: a run followed as it goes (a progress bar on a terminal,
//! one line per document), and its summary.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use vanban::build::{Built, Mode, Outcome, Report};
use vanban::diag::{Problem, has_errors, shown};
use vanban::source::discover::Source;

/// Prints a run's problems and its summary.
pub fn summary(outcome: &Outcome, mode: Mode) {
    let problems: Vec<_> = outcome.all_problems().collect();
    if !problems.is_empty() {
        eprintln!();
        for p in &problems {
            let label = if p.is_error() { "lỗi" } else { "cảnh báo" };
            eprintln!("{label}: {p}");
        }
    }
    let verb = if mode == Mode::Check { "Đã kiểm tra" } else { "Đã dựng" };
    let total = outcome.built.len() + outcome.failed.len();
    println!();
    if total == 0 {
        println!("Không tìm thấy văn bản nào (tệp .yaml có khóa `loai`, trong thư mục của một cơ quan).");
    } else if outcome.failed.is_empty() {
        let tail = if outcome.ok() { ", không có lỗi" } else { "" };
        println!("{verb} {} / {total} văn bản{tail}.", outcome.built.len());
        let (rebuilt, unchanged) = outcome.counts();
        if unchanged > 0 {
            println!("{rebuilt} tệp PDF dựng mới; {unchanged} tệp PDF không có gì thay đổi nên giữ nguyên.");
        }
    } else {
        println!(
            "{verb} {} / {total} văn bản; {} văn bản lỗi, chưa dựng được:",
            outcome.built.len(),
            outcome.failed.len()
        );
        for f in &outcome.failed {
            let why = f.problems.iter().find(|p| p.is_error()).map(|p| p.message.as_str()).unwrap_or("");
            println!("  - {}: {why}", shown(&f.source));
            if !f.written.is_empty() {
                println!("    (các tệp khác của văn bản này vẫn được dựng: {} tệp)", f.written.len());
            }
            match f.stale.as_slice() {
                [] => {}
                [old] => println!("    (PDF cũ {} vẫn còn nhưng đã lỗi thời)", shown(old)),
                many => {
                    println!("    {} tệp cũ vẫn còn nhưng đã lỗi thời, đừng in hay gửi:", many.len());
                    for old in many {
                        println!("      {}", shown(old));
                    }
                }
            }
        }
    }
    let shared = outcome.problems.iter().filter(|p| p.is_error()).count();
    if shared > 0 {
        println!("{shared} lỗi ở tệp dùng chung hoặc đường dẫn (xem ở trên).");
    }
    let warnings = outcome.all_problems().filter(|p| !p.is_error()).count();
    if warnings > 0 {
        println!("{warnings} cảnh báo (xem ở trên): văn bản vẫn được dựng, nhưng nên xem lại.");
    }
}

/// Follows a run on the console: a progress bar on a terminal, plain lines
/// otherwise, and one line per document that was typeset or failed.
pub struct Console {
    /// Set when a long batch starts on a terminal.
    bar: OnceLock<ProgressBar>,
    done: AtomicUsize,
    total: AtomicUsize,
}

/// Below this many PDFs a run is quick enough to need no progress bar.
const LONG_BATCH: usize = 40;

impl Console {
    pub fn new() -> Self {
        Console { bar: OnceLock::new(), done: AtomicUsize::new(0), total: AtomicUsize::new(0) }
    }

    fn line(&self, text: String) {
        match self.bar.get() {
            Some(bar) => bar.println(text),
            None => println!("{text}"),
        }
    }
}

impl Report for Console {
    fn waiting(&self) {
        eprintln!("Thư mục ra đang được một lần dựng khác (hoặc `vanban watch`) ghi; chờ lần đó xong…");
    }

    fn start(&self, pdfs: usize) {
        self.total.store(pdfs, Ordering::Relaxed);
        if pdfs >= LONG_BATCH && std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(pdfs as u64);
            if let Ok(style) = ProgressStyle::with_template("  {bar:40} {pos}/{len} PDF, còn {eta}") {
                bar.set_style(style);
            }
            let _ = self.bar.set(bar);
        }
    }

    fn pdf_done(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        let total = self.total.load(Ordering::Relaxed);
        match self.bar.get() {
            Some(bar) => bar.inc(1),
            // Plain lines when the output is not a terminal: every tenth.
            None if total >= LONG_BATCH && done.is_multiple_of(total.div_ceil(10)) => {
                eprintln!("  … {done}/{total} PDF")
            }
            None => {}
        }
    }

    fn document(&self, src: &Source, result: &Result<Built, Vec<Problem>>) {
        if let Some(bar) = self.bar.get()
            && !bar.is_finished()
        {
            bar.finish_and_clear();
        }
        let line = match result {
            Ok(b) if has_errors(&b.problems) && b.pdfs.is_empty() => format!("  LỖI      {}", src.rel.display()),
            Ok(b) if has_errors(&b.problems) => {
                format!("  LỖI      {} (vẫn dựng được {} tệp)", src.rel.display(), b.pdfs.len())
            }
            // Up to date: counted in the summary, not listed.
            Ok(b) if b.rebuilt == 0 && b.unchanged > 0 => return,
            Ok(b) => match b.pdfs.as_slice() {
                [] => format!("  đạt      {} ({} trang)", src.rel.display(), b.pages),
                [pdf] => format!("  đã dựng  {} → {} ({} trang)", src.rel.display(), shown(pdf), b.pages),
                many => format!("  đã dựng  {} → {} tệp ({} trang)", src.rel.display(), many.len(), b.pages),
            },
            Err(_) => format!("  LỖI      {}", src.rel.display()),
        };
        self.line(line);
    }
}
