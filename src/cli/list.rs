//! `vanban list`: the documents found, with their kind and title.

use std::path::Path;
use std::process::ExitCode;

use vanban::source::{discover, loader::Loader};

/// Lists the documents of `data`.
pub fn run(data: &Path) -> ExitCode {
    let (sources, problems) = discover::discover(data, &[]);
    let loader = Loader::new();
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
