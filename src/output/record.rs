//! What each PDF in the output folder was made from, so a re-run typesets
//! only what changed.
//!
//! A PDF's key is a hash of everything its bytes depend on: the Typst source
//! vanban generated for it (which holds every value of its data, its
//! inherited files, spreadsheets and reports, and the MiniJinja templates'
//! output), the Typst layout library and the other files in `templates/`,
//! the fonts, and vanban's version. The record is a small text file in the
//! output folder; a PDF whose key is unchanged and which still exists is
//! left as it is.

use std::collections::BTreeMap;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use siphasher::sip128::{Hasher128, SipHasher13};
use walkdir::WalkDir;

use crate::diag::Problem;

/// The record's file name, in the output folder.
pub const FILE: &str = ".vanban-manifest";

/// What a file was made from, its page count (for the summary of a run that
/// skips it), and the data file that made it (below the data folder), so
/// that a file the data no longer makes can be removed and two sources of
/// one file are caught.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: u128,
    pub pages: usize,
    pub source: PathBuf,
}

/// The record: each PDF's path below the output folder, with its entry.
#[derive(Debug, Clone, Default)]
pub struct Manifest {
    entries: BTreeMap<PathBuf, Entry>,
}

impl Manifest {
    /// Reads the record of `out`; a missing or damaged record is empty, so
    /// everything is rebuilt.
    pub fn read(out: &Path) -> Manifest {
        let mut entries = BTreeMap::new();
        let Ok(text) = std::fs::read_to_string(out.join(FILE)) else {
            return Manifest::default();
        };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.splitn(4, '\t').collect();
            // Records written before sources were kept have no source.
            let (key, pages, source, path) = match fields[..] {
                [key, pages, source, path] => (key, pages, source, path),
                [key, pages, path] => (key, pages, "", path),
                _ => continue,
            };
            if let (Ok(key), Ok(pages)) = (u128::from_str_radix(key, 16), pages.parse()) {
                entries.insert(PathBuf::from(path), Entry { key, pages, source: PathBuf::from(source) });
            }
        }
        Manifest { entries }
    }

    pub fn get(&self, pdf: &Path) -> Option<&Entry> {
        self.entries.get(pdf)
    }

    /// The files recorded as made by `source`.
    pub fn outputs_of<'a>(&'a self, source: &'a Path) -> impl Iterator<Item = &'a Path> + 'a {
        self.entries.iter().filter(move |(_, e)| e.source == source).map(|(p, _)| p.as_path())
    }

    /// Every file recorded, with its entry.
    pub fn entries(&self) -> impl Iterator<Item = (&Path, &Entry)> {
        self.entries.iter().map(|(p, e)| (p.as_path(), e))
    }

    pub fn insert(&mut self, pdf: PathBuf, entry: Entry) {
        self.entries.insert(pdf, entry);
    }

    /// Forgets a PDF that is no longer up to date.
    pub fn remove(&mut self, pdf: &Path) {
        self.entries.remove(pdf);
    }

    /// Writes the record into `out`, atomically.
    pub fn write(&self, out: &Path) -> Result<(), Problem> {
        let mut text = String::from("# vanban: khóa\tsố trang\ttệp dữ liệu\ttệp ra (tệp máy ghi, không sửa)\n");
        for (path, e) in &self.entries {
            text.push_str(&format!("{:032x}\t{}\t{}\t{}\n", e.key, e.pages, e.source.display(), path.display()));
        }
        crate::output::write_atomically(&out.join(FILE), text.as_bytes())
    }
}

fn hasher() -> SipHasher13 {
    SipHasher13::new_with_keys(0x7661_6e62_616e, 0x6e64_3330)
}

/// The part of every key that does not depend on the document: vanban's
/// version, every file of `templates/` but the starters and the Word
/// copies' templates (path and bytes), the fonts, and whether PDFs are
/// PDF/A. (A Word copy's key holds what its template made.)
pub fn stamp<'a>(templates: &Path, fonts: impl IntoIterator<Item = &'a [u8]>, archive: bool) -> u128 {
    let mut h = hasher();
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    h.write_u8(archive as u8);
    // The starters of `vanban new` (`moi/`) are not read by any build, and
    // the Word copies' templates (`docx/`) make no PDF.
    let walker = WalkDir::new(templates)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() != 1 || (e.file_name() != "moi" && e.file_name() != "docx"));
    for entry in walker.filter_map(Result::ok) {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(templates).unwrap_or(entry.path());
            h.write(rel.to_string_lossy().as_bytes());
            h.write_u8(0);
            h.write(&std::fs::read(entry.path()).unwrap_or_default());
            h.write_u8(0);
        }
    }
    for font in fonts {
        h.write(font);
        h.write_u8(0);
    }
    h.finish128().as_u128()
}

/// The key of a file written as it is (a mailing list): its bytes.
pub fn bytes_key(bytes: &[u8]) -> u128 {
    let mut h = hasher();
    h.write(bytes);
    h.finish128().as_u128()
}

/// The key of one PDF: the stamp, where it goes, its title and its Typst
/// source.
pub fn key(stamp: u128, pdf: &Path, title: &str, typ: &str) -> u128 {
    let mut h = hasher();
    h.write(&stamp.to_le_bytes());
    h.write(pdf.to_string_lossy().as_bytes());
    h.write_u8(0);
    h.write(title.as_bytes());
    h.write_u8(0);
    h.write(typ.as_bytes());
    h.finish128().as_u128()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_change_with_any_input() {
        let k = key(1, Path::new("a.pdf"), "T", "x");
        assert_eq!(k, key(1, Path::new("a.pdf"), "T", "x"));
        assert_ne!(k, key(2, Path::new("a.pdf"), "T", "x"));
        assert_ne!(k, key(1, Path::new("b.pdf"), "T", "x"));
        assert_ne!(k, key(1, Path::new("a.pdf"), "U", "x"));
        assert_ne!(k, key(1, Path::new("a.pdf"), "T", "y"));
        // The title and the source do not run into each other.
        assert_ne!(key(1, Path::new("a.pdf"), "Tx", ""), key(1, Path::new("a.pdf"), "T", "x"));
    }

    #[test]
    fn the_record_reads_back_and_survives_damage() {
        let dir = tempfile::tempdir().unwrap();
        let mut m = Manifest::default();
        let a = Entry { key: u128::MAX - 7, pages: 3, source: PathBuf::from("a/b c.yaml") };
        let d = Entry { key: 5, pages: 1, source: PathBuf::from("d.yaml") };
        m.insert(PathBuf::from("a/b c.pdf"), a.clone());
        m.insert(PathBuf::from("d.pdf"), d.clone());
        m.write(dir.path()).unwrap();
        let back = Manifest::read(dir.path());
        assert_eq!(back.get(Path::new("a/b c.pdf")), Some(&a));
        assert_eq!(back.get(Path::new("d.pdf")), Some(&d));
        assert_eq!(back.outputs_of(Path::new("d.yaml")).collect::<Vec<_>>(), [Path::new("d.pdf")]);
        std::fs::write(dir.path().join(FILE), "header\nnot a line\nzz\t1\tx.pdf\n").unwrap();
        assert_eq!(Manifest::read(dir.path()).entries.len(), 0);
    }
}
