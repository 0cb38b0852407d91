//! The `vanban` command: help and messages in Vietnamese.

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use clap::{ArgAction, Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use vanban::batch::{self, Engine, Mode, Paths};
use vanban::diag::shown;
use vanban::load;

const TEMPLATE: &str = "\
{before-help}{about}

Cách dùng: {usage}

{all-args}{after-help}";

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "vanban: dựng văn bản Đại hội thi đua (kế hoạch, giấy mời, báo cáo, danh sách, kịch bản, \
             tập tài liệu) thành PDF/A đúng thể thức Nghị định 30/2020/NĐ-CP, từ dữ liệu YAML.",
    help_template = TEMPLATE,
    subcommand_help_heading = "Lệnh",
    subcommand_value_name = "LỆNH",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "Ví dụ:\n  vanban build                 dựng mọi văn bản trong data/ vào output/\n  \
                  vanban build data/ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024\n  \
                  vanban watch data/ubnd-tinh-lai-chau   dựng lại ngay mỗi khi lưu tệp\n  \
                  vanban check                 kiểm tra mọi văn bản, không ghi tệp nào\n  \
                  vanban new giay-moi data/ubnd-tinh-lai-chau/dai-hoi-2029   tạo tệp mẫu có chú thích"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// In trợ giúp
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "Tùy chọn")]
    help: Option<bool>,
    /// In phiên bản
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Tùy chọn")]
    version: Option<bool>,
}

#[derive(Subcommand)]
enum Command {
    /// Dựng PDF cho các văn bản (mặc định: mọi văn bản trong data/)
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban build [TÙY_CHỌN] [ĐƯỜNG_DẪN]...")]
    Build {
        #[command(flatten)]
        folders: Folders,
        /// Giữ lại mã Typst sinh ra (.typ) bên cạnh mỗi PDF để xem
        #[arg(long, help_heading = "Tùy chọn")]
        emit_typst: bool,
        /// Dựng lại mọi PDF, kể cả PDF không có gì thay đổi kể từ lần dựng trước
        #[arg(long, help_heading = "Tùy chọn")]
        force: bool,
        /// Ghi PDF thường thay cho PDF/A-2b (mặc định: PDF/A-2b, chuẩn lưu trữ)
        #[arg(long, help_heading = "Tùy chọn")]
        pdf_thuong: bool,
        /// Tệp YAML hoặc thư mục trong data/ cần dựng (bỏ trống: tất cả)
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        paths: Vec<PathBuf>,
    },
    /// Dựng rồi theo dõi: mỗi khi lưu tệp YAML, bảng tính, mẫu hay phông chữ, dựng lại ngay các văn bản
    /// bị ảnh hưởng (mở PDF bên cạnh trình soạn thảo); báo lỗi mà không dừng. Ctrl+C để dừng.
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban watch [TÙY_CHỌN] [ĐƯỜNG_DẪN]...")]
    Watch {
        #[command(flatten)]
        folders: Folders,
        /// Giữ lại mã Typst sinh ra (.typ) bên cạnh mỗi PDF để xem
        #[arg(long, help_heading = "Tùy chọn")]
        emit_typst: bool,
        /// Ghi PDF thường thay cho PDF/A-2b
        #[arg(long, help_heading = "Tùy chọn")]
        pdf_thuong: bool,
        /// Tệp YAML hoặc thư mục trong data/ cần theo dõi (bỏ trống: tất cả)
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        paths: Vec<PathBuf>,
    },
    /// Kiểm tra dữ liệu và dựng thử mọi văn bản, không ghi tệp nào; báo mọi lỗi trong một lần chạy
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban check [TÙY_CHỌN] [ĐƯỜNG_DẪN]...")]
    Check {
        #[command(flatten)]
        folders: Folders,
        /// Tệp YAML hoặc thư mục trong data/ cần kiểm tra (bỏ trống: tất cả)
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        paths: Vec<PathBuf>,
    },
    /// Tạo tệp YAML mới có chú thích mọi khóa, dựng được ngay (co-quan, dai-hoi, ke-hoach, giay-moi,
    /// bao-cao-thanh-tich, danh-sach-khen-thuong, kich-ban)
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban new <LOẠI> <ĐƯỜNG_DẪN>")]
    New {
        /// Loại tệp: co-quan, dai-hoi, ke-hoach, giay-moi, bao-cao-thanh-tich, danh-sach-khen-thuong, kich-ban
        #[arg(value_name = "LOẠI", help_heading = "Đối số")]
        loai: String,
        /// Tệp YAML cần tạo, hoặc thư mục sẽ chứa nó
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        path: PathBuf,
        /// In trợ giúp
        #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "Tùy chọn")]
        help: Option<bool>,
    },
    /// Liệt kê các văn bản tìm thấy trong data/
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban list [TÙY_CHỌN]")]
    List {
        /// Thư mục dữ liệu YAML (mặc định: data)
        #[arg(
            long,
            value_name = "THƯ_MỤC",
            default_value = "data",
            hide_default_value = true,
            help_heading = "Tùy chọn"
        )]
        data: PathBuf,
        /// In trợ giúp
        #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "Tùy chọn")]
        help: Option<bool>,
    },
}

#[derive(Args)]
struct Folders {
    /// Thư mục dữ liệu YAML (mặc định: data)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "data", hide_default_value = true, help_heading = "Tùy chọn")]
    data: PathBuf,
    /// Thư mục mẫu (mặc định: templates)
    #[arg(
        long,
        value_name = "THƯ_MỤC",
        default_value = "templates",
        hide_default_value = true,
        help_heading = "Tùy chọn"
    )]
    templates: PathBuf,
    /// Thư mục phông chữ (mặc định: fonts)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "fonts", hide_default_value = true, help_heading = "Tùy chọn")]
    fonts: PathBuf,
    /// Thư mục ghi PDF (mặc định: output)
    #[arg(
        long,
        value_name = "THƯ_MỤC",
        default_value = "output",
        hide_default_value = true,
        help_heading = "Tùy chọn"
    )]
    out: PathBuf,
    /// In trợ giúp
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "Tùy chọn")]
    help: Option<bool>,
}

impl Folders {
    fn paths(&self) -> Paths {
        Paths {
            data: self.data.clone(),
            templates: self.templates.clone(),
            fonts: self.fonts.clone(),
            out: self.out.clone(),
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            use clap::error::ErrorKind::*;
            if matches!(e.kind(), DisplayHelp | DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            eprintln!("lỗi: {}\nXem `vanban --help`.", clap_message(&e));
            return ExitCode::from(2);
        }
    };
    match cli.command {
        Command::Build { folders, emit_typst, force, pdf_thuong, paths } => {
            run(folders.paths(), !pdf_thuong, &paths, Mode::Build { emit_typst, force })
        }
        Command::Check { folders, paths } => run(folders.paths(), true, &paths, Mode::Check),
        Command::Watch { folders, emit_typst, pdf_thuong, paths } => {
            watch(folders.paths(), !pdf_thuong, &paths, Mode::Build { emit_typst, force: false })
        }
        Command::List { data, .. } => list(&data),
        Command::New { loai, path, .. } => new(&loai, &path),
    }
}

fn new(loai: &str, path: &std::path::Path) -> ExitCode {
    match vanban::starter::write(loai, path) {
        Ok(written) => {
            for w in &written {
                println!("  đã tạo   {}", shown(w));
            }
            println!("Mở tệp, sửa theo chú thích, rồi chạy `vanban build {}`.", shown(path));
            ExitCode::SUCCESS
        }
        Err(p) => {
            eprintln!("lỗi: {p}");
            ExitCode::from(1)
        }
    }
}

fn engine(paths: Paths, archive: bool) -> Result<Engine, ExitCode> {
    Engine::with_archive(paths, archive).map_err(|p| {
        eprintln!("lỗi: {p}");
        ExitCode::from(2)
    })
}

fn run(paths: Paths, archive: bool, selection: &[PathBuf], mode: Mode) -> ExitCode {
    let engine = match engine(paths, archive) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let outcome = batch::run(&engine, selection, mode, Console::new());
    summary(&outcome, mode);
    if outcome.ok() && outcome.built.len() + outcome.failed.len() > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

/// Builds `selection`, then again whenever a file it reads is saved, until
/// interrupted. Errors are reported and the watching goes on.
fn watch(paths: Paths, archive: bool, selection: &[PathBuf], mode: Mode) -> ExitCode {
    let mut engine = match engine(paths.clone(), archive) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let watcher = match vanban::watch::Watcher::new(&paths) {
        Ok(w) => w,
        Err(p) => {
            eprintln!("lỗi: {p}");
            return ExitCode::from(2);
        }
    };
    summary(&batch::run(&engine, selection, mode, Console::new()), mode);
    println!(
        "\nĐang theo dõi {}, {} và {}: lưu tệp là PDF được dựng lại. Nhấn Ctrl+C để dừng.",
        shown(&paths.data),
        shown(&paths.templates),
        shown(&paths.fonts)
    );
    while let Some(change) = watcher.next() {
        let started = std::time::Instant::now();
        let names: Vec<String> = change.files.iter().take(3).map(|f| shown(f)).collect();
        let more = change.files.len().saturating_sub(3);
        let more = if more > 0 { format!(" và {more} tệp khác") } else { String::new() };
        println!("\n[{}] đã lưu {}{more}", chrono::Local::now().format("%H:%M:%S"), names.join(", "));
        if change.layout {
            // Templates or fonts: read them again.
            match Engine::with_archive(paths.clone(), archive) {
                Ok(e) => engine = e,
                Err(p) => {
                    eprintln!("lỗi: {p}");
                    continue;
                }
            }
        } else {
            // The agency and congress files may have changed.
            engine.loader = load::Loader::new();
        }
        let outcome = batch::run(&engine, selection, mode, Console::new());
        summary(&outcome, mode);
        println!("(xong sau {:.2} s; đang theo dõi tiếp)", started.elapsed().as_secs_f64());
    }
    ExitCode::SUCCESS
}

/// Prints a run's problems and its summary.
fn summary(outcome: &batch::Outcome, mode: Mode) {
    let problems: Vec<_> = outcome.all_problems().collect();
    if !problems.is_empty() {
        eprintln!();
        for p in &problems {
            eprintln!("lỗi: {p}");
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
            let why = f.problems.first().map(|p| p.message.as_str()).unwrap_or("");
            println!("  - {}: {why}", shown(&f.source));
            if !f.written.is_empty() {
                println!("    (các tệp khác của văn bản này vẫn được dựng: {} tệp)", f.written.len());
            }
            if let Some(old) = &f.stale {
                println!("    (PDF cũ {} vẫn còn nhưng đã lỗi thời)", shown(old));
            }
        }
    }
    if !outcome.problems.is_empty() {
        println!("{} lỗi ở tệp dùng chung hoặc đường dẫn (xem ở trên).", outcome.problems.len());
    }
}

/// Follows a run on the console: a progress bar on a terminal, plain lines
/// otherwise, and one line per document that was typeset or failed.
struct Console {
    /// Set when a long batch starts on a terminal.
    bar: OnceLock<ProgressBar>,
    done: AtomicUsize,
    total: AtomicUsize,
}

/// Below this many PDFs a run is quick enough to need no progress bar.
const LONG_BATCH: usize = 40;

impl Console {
    fn new() -> Self {
        Console { bar: OnceLock::new(), done: AtomicUsize::new(0), total: AtomicUsize::new(0) }
    }

    fn line(&self, text: String) {
        match self.bar.get() {
            Some(bar) => bar.println(text),
            None => println!("{text}"),
        }
    }
}

impl batch::Report for Console {
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

    fn document(&self, src: &load::Source, result: &Result<batch::Built, Vec<vanban::diag::Problem>>) {
        if let Some(bar) = self.bar.get()
            && !bar.is_finished()
        {
            bar.finish_and_clear();
        }
        let line = match result {
            Ok(b) if !b.problems.is_empty() && b.pdfs.is_empty() => format!("  LỖI      {}", src.rel.display()),
            Ok(b) if !b.problems.is_empty() => {
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

/// clap's parse errors, in Vietnamese for the usual ones.
fn clap_message(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind::*};
    let value = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let hint = match e.get(ContextKind::SuggestedSubcommand).or(e.get(ContextKind::SuggestedArg)) {
        Some(ContextValue::String(s)) => format!(" Có phải ý bạn là `{s}`?"),
        Some(ContextValue::Strings(v)) if !v.is_empty() => format!(" Có phải ý bạn là `{}`?", v[0]),
        _ => String::new(),
    };
    match e.kind() {
        InvalidSubcommand => format!("không có lệnh `{}`.{hint}", value(ContextKind::InvalidSubcommand)),
        UnknownArgument => format!("không có tùy chọn `{}`.{hint}", value(ContextKind::InvalidArg)),
        MissingSubcommand | DisplayHelpOnMissingArgumentOrSubcommand => {
            "thiếu lệnh: build, watch, check, list hoặc new.".to_string()
        }
        InvalidValue | ValueValidation => format!("giá trị không hợp lệ cho `{}`.", value(ContextKind::InvalidArg)),
        _ => e.to_string(),
    }
}

fn list(data: &std::path::Path) -> ExitCode {
    let (sources, problems) = load::discover(data, &[]);
    let loader = load::Loader::new();
    let mut failed = false;
    for src in &sources {
        match loader.load(src) {
            Ok(doc) => println!("{}\t{}\t{}", src.rel.display(), doc.kind.key, doc.title),
            Err(ps) => {
                failed = true;
                println!("{}\t?\t(lỗi: {})", src.rel.display(), ps.first().map(|p| p.message.as_str()).unwrap_or(""));
            }
        }
    }
    for p in problems.iter().chain(loader.shared_problems().iter()) {
        failed = true;
        eprintln!("lỗi: {p}");
    }
    println!("{} văn bản.", sources.len());
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
