//! The console: a run followed as it goes (a progress bar on a terminal,
//! one line per document), and its summary.

use std::collections::HashSet;
use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};
use vanban::build::{Built, Mode, Outcome, Report};
use vanban::diag::{Problem, has_errors, shown};
use vanban::source::discover::Source;

/// The lines of a run's problems, each printed once, in the order a clerk
/// fixes them: each document's own problems, the documents that failed
/// first (a document that failed because of a shared file has one line
/// saying so); then, last, the problems of the files documents depend on
/// (`co-quan.yaml`, `dai-hoi.yaml`, a template, a spreadsheet), once each
/// however many documents they concern, warnings before errors, so that the
/// root cause is the last thing on the screen.
pub fn problem_lines(outcome: &Outcome) -> Vec<String> {
    let line = |p: &Problem| format!("{}: {p}", if p.is_error() { "lỗi" } else { "cảnh báo" });
    let mut own: Vec<&Problem> = Vec::new();
    let mut causes: Vec<&Problem> = Vec::new();
    let documents = outcome
        .failed
        .iter()
        .map(|f| (&f.source, &f.problems))
        .chain(outcome.built.iter().map(|b| (&b.source, &b.problems)));
    for (source, problems) in documents {
        for p in problems {
            if &p.file == source { own.push(p) } else { causes.push(p) }
        }
    }
    causes.extend(&outcome.problems);
    causes.sort_by_key(|p| p.is_error());
    let mut seen = HashSet::new();
    own.into_iter().chain(causes).map(line).filter(|l| seen.insert(l.clone())).collect()
}

/// Prints a run's problems and its summary.
pub fn summary(outcome: &Outcome, mode: Mode) {
    let lines = problem_lines(outcome);
    if !lines.is_empty() {
        eprintln!();
        for l in &lines {
            eprintln!("{l}");
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
        // The failed documents are named with their problems above; only
        // what those lines do not say is added here.
        println!(
            "{verb} {} / {total} văn bản; {} văn bản lỗi, chưa dựng được (lỗi in ở trên).",
            outcome.built.len(),
            outcome.failed.len()
        );
        for f in &outcome.failed {
            if !f.written.is_empty() {
                println!(
                    "  - {}: các tệp khác của văn bản này vẫn được dựng ({} tệp)",
                    shown(&f.source),
                    f.written.len()
                );
            }
            match f.stale.as_slice() {
                [] => {}
                [old] => println!("  - {}: PDF cũ {} vẫn còn nhưng đã lỗi thời", shown(&f.source), shown(old)),
                many => {
                    println!(
                        "  - {}: {} tệp cũ vẫn còn nhưng đã lỗi thời, đừng in hay gửi:",
                        shown(&f.source),
                        many.len()
                    );
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
    let warnings = lines.iter().filter(|l| l.starts_with("cảnh báo: ")).count();
    if warnings > 0 {
        let tail =
            if outcome.failed.is_empty() { ": văn bản vẫn được dựng, nhưng nên xem lại" } else { "" };
        println!("{warnings} cảnh báo (xem ở trên){tail}.");
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
