//! One output, one document: before anything is written, every file a run
//! would write is checked against the others and against the build record.
//! Two documents (or a document and a congress pack) that would write the
//! same file — also a path that differs only by case or Unicode
//! normalisation, which Windows and macOS disks treat as one — are both
//! refused, with a message naming the other.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use crate::build::pack::Pack;
use crate::diag::{Problem, shown};
use crate::document::Document;
use crate::output::record::Manifest;
use crate::source::discover::Source;

/// A document of the run (`Ok`, its index) or a pack (`Err`, its index).
type Writer = Result<usize, usize>;

/// A path as a disk that ignores case and normalisation sees it.
fn folded(path: &Path) -> String {
    path.to_string_lossy().nfc().collect::<String>().to_lowercase()
}

/// The files a document writes, below the output folder.
pub fn outputs(doc: &Document) -> impl Iterator<Item = &Path> {
    doc.parts.iter().map(|p| p.pdf.as_path()).chain(doc.extras.iter().map(|e| e.path.as_path()))
}

/// Refuses every document whose output another document of the run (or a
/// pack, or a data file that made it before and still exists) also writes;
/// returns the indexes of `packs` to drop, with their problems.
pub fn collisions(
    sources: &[Source],
    loaded: &mut [Result<Document, Vec<Problem>>],
    packs: &[Pack],
    record: &Manifest,
    data: &Path,
) -> Vec<(usize, Problem)> {
    // Who writes each path (folded): a document (Ok) or a pack (Err), and
    // the path as that writer spells it.
    let mut writers: HashMap<String, Vec<(Writer, PathBuf)>> = HashMap::new();
    for (d, doc) in loaded.iter().enumerate() {
        if let Ok(doc) = doc {
            for out in outputs(doc) {
                writers.entry(folded(out)).or_default().push((Ok(d), out.to_path_buf()));
            }
        }
    }
    for (p, pack) in packs.iter().enumerate() {
        writers.entry(folded(&pack.part.pdf)).or_default().push((Err(p), pack.part.pdf.clone()));
    }
    let source_of = |w: &Writer| match w {
        Ok(d) => &sources[*d].path,
        Err(p) => &packs[*p].source.path,
    };
    let mut refused: Vec<(Writer, Problem)> = Vec::new();
    // A kind keeps its own files apart; two writers are two documents.
    let mut sorted: Vec<_> = writers.into_values().filter(|w| w.iter().any(|(o, _)| *o != w[0].0)).collect();
    sorted.sort_by(|a, b| a[0].1.cmp(&b[0].1));
    for writers in sorted {
        for (w, out) in &writers {
            let others: Vec<String> = writers
                .iter()
                .filter(|(o, _)| o != w)
                .map(|(o, p)| format!("{} ({})", shown(source_of(o)), p.display()))
                .collect();
            let message = format!(
                "tệp ra {} trùng với tệp ra của {}: hai văn bản không được ghi cùng một tệp (kể cả khi chỉ khác \
                 chữ hoa, chữ thường); hãy đổi tên một tệp YAML hoặc chuyển nó sang thư mục khác",
                out.display(),
                others.join(", ")
            );
            refused.push((*w, Problem::new(source_of(w), message)));
        }
    }
    // A file made by a data file that still exists and is not in this run.
    let here: Vec<&Path> = sources.iter().map(|s| s.rel.as_path()).collect();
    for (d, doc) in loaded.iter().enumerate() {
        let Ok(doc) = doc else { continue };
        for out in outputs(doc) {
            let Some(entry) = record.get(out) else { continue };
            let other = &entry.source;
            if other.as_os_str().is_empty() || other == &sources[d].rel || here.contains(&other.as_path()) {
                continue;
            }
            if data.join(other).is_file() {
                let message = format!(
                    "tệp ra {} đã do {} ghi ở lần dựng trước: hai văn bản không được ghi cùng một tệp; hãy đổi \
                     tên một tệp YAML, hoặc dựng cả hai cùng lúc nếu tệp kia không còn ghi tệp này",
                    out.display(),
                    shown(&data.join(other))
                );
                refused.push((Ok(d), Problem::new(&sources[d].path, message)));
            }
        }
    }
    let mut dropped = Vec::new();
    for (w, problem) in refused {
        match w {
            Ok(d) => match &mut loaded[d] {
                Ok(_) => loaded[d] = Err(vec![problem]),
                Err(ps) => {
                    if !ps.contains(&problem) {
                        ps.push(problem)
                    }
                }
            },
            Err(p) => dropped.push((p, problem)),
        }
    }
    dropped
}
