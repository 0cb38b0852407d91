//! `vanban watch`: build, then rebuild what a saved file affects, until
//! interrupted.

use std::path::PathBuf;
use std::process::ExitCode;

use vanban::build::{self, Engine, Mode, Output, Paths};
use vanban::diag::shown;
use vanban::source::loader::Loader;

use crate::cli::build::engine;
use crate::cli::console::{Console, summary};

/// Builds `selection`, then again whenever a file it reads is saved, until
/// interrupted. Errors are reported and the watching goes on.
pub fn run(paths: Paths, output: Output, selection: &[PathBuf], mode: Mode) -> ExitCode {
    let mut engine = match engine(paths.clone(), output) {
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
    summary(&build::run(&engine, selection, mode, Console::new()), mode);
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
            match Engine::for_output(paths.clone(), output) {
                Ok(e) => engine = e,
                Err(p) => {
                    eprintln!("lỗi: {p}");
                    continue;
                }
            }
        } else {
            // The agency and congress files may have changed.
            engine.loader = Loader::new();
        }
        let outcome = build::run(&engine, selection, mode, Console::new());
        summary(&outcome, mode);
        println!("(xong sau {:.2} s; đang theo dõi tiếp)", started.elapsed().as_secs_f64());
    }
    ExitCode::SUCCESS
}
