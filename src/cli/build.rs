//! `vanban build` and `vanban check`: one run over the selection.

use std::path::PathBuf;
use std::process::ExitCode;

use vanban::build::{self, Engine, Mode, Paths};

use crate::cli::console::{Console, summary};

/// The engine of a run, or the exit code of why there is none.
pub fn engine(paths: Paths, archive: bool) -> Result<Engine, ExitCode> {
    Engine::with_archive(paths, archive).map_err(|p| {
        eprintln!("lỗi: {p}");
        ExitCode::from(2)
    })
}

pub fn run(paths: Paths, archive: bool, selection: &[PathBuf], mode: Mode) -> ExitCode {
    let engine = match engine(paths, archive) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let outcome = build::run(&engine, selection, mode, Console::new());
    summary(&outcome, mode);
    if outcome.ok() && outcome.built.len() + outcome.failed.len() > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
