//! `vanban build` and `vanban check`: one run over the selection.

use std::path::PathBuf;
use std::process::ExitCode;

use vanban::build::{self, Engine, Mode, Output, Paths};

use crate::cli::console::{Console, summary};

/// The engine of a run, or the exit code of why there is none.
pub fn engine(paths: Paths, output: Output) -> Result<Engine, ExitCode> {
    Engine::for_output(paths, output).map_err(|p| {
        eprintln!("lỗi: {p}");
        ExitCode::from(2)
    })
}

pub fn run(paths: Paths, output: Output, selection: &[PathBuf], mode: Mode) -> ExitCode {
    let engine = match engine(paths, output) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let outcome = build::run(&engine, selection, mode, Console::new());
    summary(&outcome, mode);
    if outcome.ok() && outcome.built.len() + outcome.failed.len() > 0 { ExitCode::SUCCESS } else { ExitCode::from(1) }
}
