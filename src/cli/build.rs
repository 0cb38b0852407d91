//! `vanban build` and `vanban check`: one run over the selection.

use std::path::PathBuf;
use std::process::ExitCode;

use vanban::build::{self, Engine, Mode, Paths};

use crate::cli::console::{Console, summary};

/// What a run writes besides the PDFs' content.
#[derive(Clone, Copy)]
pub struct Output {
    /// PDF/A-2b rather than plain PDF.
    pub archive: bool,
    /// A Word copy beside each PDF.
    pub docx: bool,
}

/// The engine writing `output`.
pub fn engine_for(paths: Paths, output: Output) -> Result<Engine, vanban::diag::Problem> {
    let engine = Engine::with_archive(paths, output.archive)?;
    if output.docx { engine.with_docx() } else { Ok(engine) }
}

/// The engine of a run, or the exit code of why there is none.
pub fn engine(paths: Paths, output: Output) -> Result<Engine, ExitCode> {
    engine_for(paths, output).map_err(|p| {
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
