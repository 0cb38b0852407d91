//! `vanban list`: each document with its kind, draft or issued, its title,
//! and each of its files with its state: current, stale, not yet built, or
//! failing. Builds nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use vanban::build::Paths;
use vanban::build::status::{FileState, PACK, status};

use crate::cli::build::engine;

/// Above this many files, a document's current files are counted, not listed.
const LONG: usize = 6;

/// Lists the documents under `selection` (or all).
pub fn run(paths: Paths, selection: &[PathBuf]) -> ExitCode {
    let engine = match engine(paths, vanban::build::Output::PDF_A) {
        Ok(e) => e,
        Err(code) => return code,
    };
    let (listed, problems) = status(&engine, selection);
    let mut failed = !problems.is_empty();
    let mut count = [0usize; 4];
    let documents = listed.iter().filter(|l| l.kind != Some(PACK)).count();
    for l in &listed {
        let stage = match l.issued {
            Some(true) => "ban hành",
            Some(false) => "dự thảo",
            None => "",
        };
        match l.kind {
            Some(kind) => println!("{}\t{kind}\t{stage}\t{}", l.source.rel.display(), l.title),
            None => {
                failed = true;
                let why = l.problems.iter().find(|p| p.is_error()).map(|p| p.message.as_str()).unwrap_or("");
                println!("{}\t?\t\t(lỗi: {why})", l.source.rel.display());
            }
        }
        for (_, state) in &l.files {
            count[*state as usize] += 1;
        }
        // A long list of invitations: the current ones counted, the others
        // (the ones to look at) one by one.
        let long = l.files.len() > LONG;
        for (file, state) in l.files.iter().filter(|(_, s)| !long || *s != FileState::Current) {
            println!("\t{}\t{}", state.words(), file.display());
        }
        let current = l.files.iter().filter(|(_, s)| *s == FileState::Current).count();
        if long && current > 0 {
            let folder = l.files.first().and_then(|(f, _)| f.parent()).unwrap_or(std::path::Path::new(""));
            println!("\t{}\t{current} tệp trong {}/", FileState::Current.words(), folder.display());
        }
    }
    for p in &problems {
        eprintln!("lỗi: {p}");
    }
    let [current, stale, missing, failing] = count;
    println!("{documents} văn bản; tệp ra: {current} hiện hành, {stale} lỗi thời, {missing} chưa dựng, {failing} lỗi.");
    if stale > 0 {
        println!("Tệp LỖI THỜI được dựng từ dữ liệu cũ: đừng in hay gửi; chạy `vanban build` để dựng lại.");
    }
    if failed { ExitCode::from(1) } else { ExitCode::SUCCESS }
}
