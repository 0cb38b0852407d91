//! The sample builds to the same bytes as when this record was made: a
//! change of code that should leave the documents alone (a refactoring)
//! cannot change a PDF unnoticed. Every file vanban writes for the sample is
//! hashed, with the date of drafts fixed by `SOURCE_DATE_EPOCH`.
//!
//! After a change to the layout made on purpose, look at the pages, then
//! write the record again: `VANBAN_GHI_LAI_MAU=1 cargo test --test suite golden::`.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};
use std::process::Command;

use siphasher::sip128::{Hasher128, SipHasher13};

const RECORD: &str = "tests/fixtures/mau-dung.txt";

/// 2026-11-30, a fixed day for the drafts' PDF date.
const EPOCH: &str = "1796083200";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn digests(out: &Path) -> BTreeMap<String, String> {
    let mut all = BTreeMap::new();
    for entry in walkdir::WalkDir::new(out).sort_by_file_name().into_iter().filter_map(Result::ok) {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/");
        let mut h = SipHasher13::new_with_keys(1, 2);
        h.write(&std::fs::read(entry.path()).unwrap());
        all.insert(rel, format!("{:032x}", h.finish128().as_u128()));
    }
    all
}

#[test]
fn the_sample_builds_byte_for_byte_as_recorded() {
    let out = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(repo())
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(["build", "--out"])
        .arg(out.path())
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let now = digests(out.path());
    let text: String = now.iter().map(|(f, d)| format!("{d}  {f}\n")).collect();
    if std::env::var_os("VANBAN_GHI_LAI_MAU").is_some() {
        std::fs::write(repo().join(RECORD), &text).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(repo().join(RECORD)).unwrap();
    let recorded: BTreeMap<String, String> =
        recorded.lines().filter_map(|l| l.split_once("  ")).map(|(d, f)| (f.to_string(), d.to_string())).collect();
    assert!(recorded.len() > 80, "the record holds {} files", recorded.len());
    let changed: Vec<&String> = recorded.keys().chain(now.keys()).filter(|f| recorded.get(*f) != now.get(*f)).collect();
    assert!(
        changed.is_empty(),
        "{} files differ from the record, e.g. {:?}",
        changed.len(),
        &changed[..changed.len().min(8)]
    );
}
