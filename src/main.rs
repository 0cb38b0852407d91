//! The `vanban` command: parses the command line and hands each command to
//! its module under `cli/`. Help and messages are in Vietnamese.

mod cli;

use std::process::ExitCode;

use vanban::build::Mode;

use cli::Command;
use cli::build::Output;

fn main() -> ExitCode {
    let cli = match cli::parse() {
        Ok(cli) => cli,
        Err(code) => return code,
    };
    match cli.command {
        Command::Build { folders, emit_typst, force, pdf_thuong, docx, paths } => cli::build::run(
            folders.paths(),
            Output { archive: !pdf_thuong, docx },
            &paths,
            Mode::Build { emit_typst, force },
        ),
        Command::Check { folders, paths } => {
            cli::build::run(folders.paths(), Output { archive: true, docx: false }, &paths, Mode::Check)
        }
        Command::Watch { folders, emit_typst, pdf_thuong, docx, paths } => cli::watch::run(
            folders.paths(),
            Output { archive: !pdf_thuong, docx },
            &paths,
            Mode::Build { emit_typst, force: false },
        ),
        Command::Serve { folders, cong, dia_chi, pdf_thuong, docx, paths } => {
            cli::serve::run(folders.paths(), Output { archive: !pdf_thuong, docx }, &paths, dia_chi, cong)
        }
        Command::List { folders, paths } => cli::list::run(folders.paths(), &paths),
        Command::New { loai, path, .. } => cli::new::run(&loai, &path),
    }
}
