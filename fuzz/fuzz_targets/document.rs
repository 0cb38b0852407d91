//! Any bytes as a document's YAML, through loading, rendering and
//! typesetting: vanban may refuse them with messages, but must never panic,
//! hang or write outside its output folder.
//!
//! The first byte chooses the kind; the rest is the file. Run from the
//! repository: `cargo +nightly fuzz run document`.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vanban::build::{Engine, Paths};

const AGENCY: &str = "co_quan_ban_hanh: |-\n  ỦY BAN NHÂN DÂN\n  TỈNH LAI CHÂU\nviet_tat: UBND\ndia_danh: Lai Châu\n\
nguoi_ky:\n  quyen_han: TM.\n  tap_the: Ủy ban nhân dân\n  chuc_vu: Chủ tịch\n  ho_ten: Lê Văn Lương\nluu: VT\n";

const CONGRESS: &str = "ten: Đại hội Thi đua\ngiai_doan: 2019-2024\nthoi_gian: 19/07/2024 07:30\ndia_diem: Hội trường\n\
chu_tri: Đồng chí Lê Văn Lương\nkhen_thuong:\n  - Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh\n";

struct Setup {
    engine: Engine,
    data: PathBuf,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("vanban-fuzz-{}", std::process::id()));
        let data = root.join("data");
        std::fs::create_dir_all(data.join("u/dh")).unwrap();
        std::fs::write(data.join("u/co-quan.yaml"), AGENCY).unwrap();
        std::fs::write(data.join("u/dh/dai-hoi.yaml"), CONGRESS).unwrap();
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let engine = Engine::new(Paths {
            data: data.clone(),
            templates: repo.join("templates"),
            fonts: repo.join("fonts"),
            out: root.join("output"),
        })
        .unwrap();
        Setup { engine, data }
    })
}

fuzz_target!(|input: &[u8]| {
    let Some((&first, rest)) = input.split_first() else { return };
    let Ok(body) = std::str::from_utf8(rest) else { return };
    let s = setup();
    let kinds = vanban::kinds::KINDS;
    let kind = kinds[first as usize % kinds.len()].key;
    let file = s.data.join("u/dh/van-ban.yaml");
    std::fs::write(&file, format!("loai: {kind}\n{body}")).unwrap();
    let (sources, _) = vanban::source::discover::discover(&s.data, &[file]);
    for src in &sources {
        let Ok(doc) = s.engine.load(src) else { continue };
        // The first parts only: enough to reach layout, quick enough to fuzz.
        for part in doc.parts.iter().take(2) {
            if let Ok(typ) = s.engine.render(&doc, part) {
                let _ = s.engine.lay_out(&doc, part, &typ);
            }
        }
        for part in &doc.parts {
            assert!(!part.pdf.is_absolute() && !part.pdf.components().any(|c| c == std::path::Component::ParentDir));
        }
    }
});
