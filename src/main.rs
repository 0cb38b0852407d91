//! The `vanban` command: parses the command line and hands each command to
//! its module under `cli/`. Help and messages are in Vietnamese.

mod cli;

use std::process::ExitCode;

use vanban::build::{Mode, Output};

use cli::Command;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Command::Build { folders, emit_typst, force, outputs, paths } => {
            cli::build::run(folders.paths(), outputs.output(), &paths, Mode::Build { emit_typst, force })
        }
        Command::Check { folders, paths } => cli::build::run(folders.paths(), Output::PDF_A, &paths, Mode::Check),
        Command::Watch { folders, emit_typst, outputs, paths } => {
            cli::watch::run(folders.paths(), outputs.output(), &paths, Mode::Build { emit_typst, force: false })
        }
        Command::Serve { folders, cong, dia_chi, outputs, paths } => {
            cli::serve::run(folders.paths(), outputs.output(), &paths, dia_chi, cong)
        }
        Command::List { folders, paths } => cli::list::run(folders.paths(), &paths),
        Command::New { loai, path, .. } => cli::new::run(&loai, &path),
    }
}
