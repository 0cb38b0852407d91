//! The congress pack (tập tài liệu Đại hội): one PDF per congress for the
//! organising committee — a cover, the table of contents, then the plan, the
//! script, the list of nominees and every report, its page numbers running
//! through. The cover and contents are laid out first; then each document,
//! from its own template, its pages numbered on from the pages before it
//! (so each is laid out as in its own PDF, and no more than one document's
//! layout is held at a time); the pages are put together and exported once.

use std::path::{Path, PathBuf};

use chrono::Datelike;

use crate::diag::{Problem, shown};
use crate::document::{self, Document, Part};
use crate::load::{Loader, Source};
use crate::markup::one_line;

/// The pack's file, in the congress's output folder.
pub const FILE: &str = "tap-tai-lieu-dai-hoi.pdf";

/// The template of the cover and contents.
pub const TEMPLATE: &str = "tap-tai-lieu.typ.j2";

/// The kinds a pack holds, in the order it holds them; invitations are not
/// among them.
const ORDER: [&str; 4] = ["ke-hoach", "kich-ban", "danh-sach-khen-thuong", "bao-cao-thanh-tich"];

/// One congress's pack.
#[derive(Debug, Clone)]
pub struct Pack {
    /// The congress file (`dai-hoi.yaml`): what the pack is reported under.
    pub source: Source,
    /// The PDF, below the output folder.
    pub part: Part,
    /// The documents in it, in order: indexes into the run's documents.
    pub members: Vec<usize>,
}

/// The packs of a run over `sources` (`loaded` in the same order): one per
/// congress folder the run covers whole (no `selection`, or a selected path
/// holds the folder) that has a document to put in it. A document of the
/// folder that could not be read is a member too, so that the pack is not
/// made without it.
pub fn packs(
    sources: &[Source],
    loaded: &[Result<Document, Vec<Problem>>],
    selection: &[PathBuf],
    loader: &Loader,
) -> Vec<Pack> {
    let selected: Vec<PathBuf> = selection.iter().filter_map(|p| p.canonicalize().ok()).collect();
    let mut congresses: Vec<&Path> = sources.iter().filter_map(|s| s.congress_file.as_deref()).collect();
    congresses.sort();
    congresses.dedup();
    let mut packs = Vec::new();
    for file in congresses {
        let dir = file.parent().unwrap_or(Path::new("."));
        if !selection.is_empty() && !selected.iter().any(|s| dir.starts_with(s)) {
            continue;
        }
        let rank = |i: usize| match &loaded[i] {
            Ok(doc) => ORDER.iter().position(|k| *k == doc.kind.key),
            Err(_) => Some(0),
        };
        let mut members: Vec<usize> = (0..sources.len())
            .filter(|&i| sources[i].congress_file.as_deref() == Some(file) && rank(i).is_some())
            .collect();
        members.sort_by_key(|&i| (rank(i), sources[i].rel.clone()));
        let Some(first) = members.first().map(|&i| &sources[i]) else { continue };
        let Some((agency, congress)) = loader.shared(first) else { continue };
        let root = first.path.ancestors().nth(first.rel.components().count()).unwrap_or(Path::new(""));
        let rel = dir.strip_prefix(root).unwrap_or(dir).to_path_buf();
        let name = document::congress_name(&congress);
        let dia_danh = agency.dia_danh.as_ref().map(|d| d.as_str().trim().to_string()).unwrap_or_default();
        let noi_thoi_gian = match &congress.thoi_gian {
            Some(t) => format!("{dia_danh}, tháng {} năm {}", t.0.month(), t.0.year()),
            None => dia_danh,
        };
        let title = one_line(&format!("Tài liệu {name}"));
        let co_quan = agency.co_quan_ban_hanh.as_ref().map(|t| t.as_str().to_string()).unwrap_or_default();
        let context = minijinja::context! {
            loai => "tap-tai-lieu",
            tac_gia => one_line(&co_quan),
            co_quan_chu_quan => agency.co_quan_chu_quan.as_ref().map(|t| t.as_str().to_string()),
            co_quan_ban_hanh => co_quan,
            dai_hoi => name,
            noi_thoi_gian,
        };
        packs.push(Pack {
            source: Source {
                path: file.to_path_buf(),
                rel: rel.join(crate::load::CONGRESS_FILE),
                agency_dir: first.agency_dir.clone(),
                congress_file: Some(file.to_path_buf()),
            },
            part: Part::new(rel.join(FILE), &title, context),
            members,
        });
    }
    packs
}

/// Why a pack cannot be made: a document of it has errors.
pub fn broken(pack: &Pack, member: &Source) -> Problem {
    Problem::new(
        &pack.source.path,
        format!(
            "không lập được tập tài liệu {} vì {} có lỗi (xem lỗi của tệp đó); sửa tệp đó rồi dựng lại",
            pack.part.pdf.display(),
            shown(&member.path)
        ),
    )
}

/// The name of a document in the pack's contents and bookmarks.
pub fn member_name(doc: &Document) -> String {
    one_line(&doc.title)
}

/// The context of a member part laid out for the pack: its name
/// (`trong_tap`), and the number of its first page there (`trang_dau`).
pub fn member_context(doc: &Document, part: &Part, first_page: usize) -> minijinja::Value {
    minijinja::context! { trong_tap => member_name(doc), trang_dau => first_page, ..part.context.clone() }
}
