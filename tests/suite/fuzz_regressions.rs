//! Inputs of the fuzz target (`fuzz/`), replayed on every test run: the
//! seeds, and every input that once crashed vanban (`fuzz/regressions/`).
//! Each goes through loading, rendering and typesetting as the fuzz target
//! does; vanban may refuse it, but must not panic.

use crate::common;

use std::path::PathBuf;

use common::*;

const CONGRESS: &str = "ten: Đại hội Thi đua\ngiai_doan: 2019-2024\nthoi_gian: 19/07/2024 07:30\ndia_diem: Hội trường\n\
chu_tri: Đồng chí Lê Văn Lương\nkhen_thuong:\n  - Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\n";

fn inputs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["fuzz/seeds/document", "fuzz/regressions"] {
        if let Ok(entries) = std::fs::read_dir(repo().join(dir)) {
            out.extend(entries.map(|e| e.unwrap().path()).filter(|p| p.is_file()));
        }
    }
    out.sort();
    out
}

#[test]
fn every_fuzz_input_is_refused_or_built_without_a_panic() {
    let inputs = inputs();
    assert!(inputs.len() >= 6, "{inputs:?}");
    for path in inputs {
        let bytes = std::fs::read(&path).unwrap();
        let Some((&first, rest)) = bytes.split_first() else { continue };
        let Ok(body) = std::str::from_utf8(rest) else { continue };
        let kinds = vanban::kinds::KINDS;
        let kind = kinds[first as usize % kinds.len()].key;
        let text = format!("loai: {kind}\n{body}");
        let data =
            data_dir(&[("u/co-quan.yaml", AGENCY), ("u/dh/dai-hoi.yaml", CONGRESS), ("u/dh/van-ban.yaml", &text)]);
        let out = tempfile::tempdir().unwrap();
        let engine = engine(data.path(), out.path());
        let (sources, _) = vanban::source::discover::discover(data.path(), &[]);
        for src in &sources {
            let Ok(doc) = engine.load(src) else { continue };
            for part in doc.parts.iter().take(2) {
                if let Ok(typ) = engine.render(&doc, part) {
                    let _ = engine.lay_out(&doc, part, &typ);
                }
            }
            for part in &doc.parts {
                assert!(
                    !part.pdf.is_absolute() && !part.pdf.components().any(|c| c == std::path::Component::ParentDir),
                    "{}: {}",
                    path.display(),
                    part.pdf.display()
                );
            }
        }
    }
}
