//! The congress pack (tập tài liệu Đại hội): one PDF per congress for the
//! organising committee — a cover, the table of contents, then the plan, the
//! script, the list of nominees and every report, its page numbers running
//! through. The cover and contents are laid out first; then each document,
//! from its own template, its pages numbered on from the pages before it
//! (so each is laid out as in its own PDF). The documents are exported in
//! groups of a few pages kept between runs ([`gather`]), and the pack is
//! joined from them: no more than one group's layout is held at a time, and
//! a re-run lays out again only the groups whose documents (or first page)
//! changed.

use std::path::{Path, PathBuf};

use chrono::Datelike;
use rayon::prelude::*;
use typst_layout::PagedDocument;

use crate::backend::pdf::TypstProblem;
use crate::backend::pdf::stitch::position_links;
use crate::build::engine::{CACHE_AGE, CHUNK, Engine};
use crate::build::gather::Head;
use crate::build::outcome::Mode;
use crate::build::state::{self, Pdf};
use crate::decree::markup::one_line;
use crate::diag::{Problem, has_errors, shown};
use crate::document::{Document, Part};
use crate::output::write_atomically;
use crate::source::discover::{CONGRESS_FILE, Source};
use crate::source::loader::Loader;

/// The pack's file, in the congress's output folder.
pub const FILE: &str = "tap-tai-lieu-dai-hoi.pdf";

/// The template of the cover and contents.
pub const TEMPLATE: &str = "tap-tai-lieu.typ.j2";

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

/// The kind a document file declares (`loai:`), when it can be read.
fn declared_kind(path: &Path) -> Option<crate::document::Kind> {
    let text = crate::source::yaml::read_text(path).ok()?;
    let head: crate::source::shared::KindOnly = crate::source::yaml::parse(path, &text).ok()?;
    crate::kinds::kind(head.loai?.as_str().trim())
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
        // The kinds a pack holds, in their rank's order; a document that
        // could not be read counts, so the pack is not made without it.
        let rank = |i: usize| match &loaded[i] {
            Ok(doc) => doc.kind.pack_rank,
            // A document that failed counts by the kind it declares (a
            // broken certificate does not hold up the pack); one whose kind
            // cannot be read counts.
            Err(_) => declared_kind(&sources[i].path).map_or(Some(0), |k| k.pack_rank),
        };
        let mut members: Vec<usize> = (0..sources.len())
            .filter(|&i| sources[i].congress_file.as_deref() == Some(file) && rank(i).is_some())
            .collect();
        members.sort_by_key(|&i| (rank(i), sources[i].rel.clone()));
        let Some(first) = members.first().map(|&i| &sources[i]) else { continue };
        let Some((agency, congress)) = loader.shared(first) else { continue };
        let root = first.root();
        let rel = dir.strip_prefix(root).unwrap_or(dir).to_path_buf();
        let name = congress.full_name();
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
                rel: rel.join(CONGRESS_FILE),
                agency_dir: first.agency_dir.clone(),
                congress_file: Some(file.to_path_buf()),
            },
            part: Part::new(rel.join(FILE), &title, context),
            members,
        });
    }
    packs
}

/// Why a pack cannot be made: documents of it have errors.
pub fn broken(pack: &Pack, members: &[&Source]) -> Problem {
    let names: Vec<String> = members.iter().map(|m| shown(&m.path).to_string()).collect();
    let (which, fix) = if names.len() == 1 {
        ("tệp đó", "sửa tệp đó")
    } else {
        ("các tệp đó", "sửa các tệp đó")
    };
    Problem::new(
        &pack.source.path,
        format!(
            "không lập được tập tài liệu {} vì {} có lỗi (xem lỗi của {which}); {fix} rồi dựng lại",
            pack.part.pdf.display(),
            names.join(", ")
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

/// A document of a congress pack: one PDF of it, and that PDF's page count.
#[derive(Clone, Copy)]
pub struct Member<'a> {
    pub doc: &'a Document,
    pub part: &'a Part,
    pub pages: usize,
}

impl Member<'_> {
    /// Its line in the pack's contents: its name and page count.
    pub fn entry(&self) -> (String, usize) {
        (member_name(self.doc), self.pages)
    }
}

/// The Typst source of a congress pack's cover and contents, listing its
/// documents: each one's name and page count.
pub fn front(renderer: &crate::render::Renderer, pack: &Pack, members: &[(String, usize)]) -> Result<String, Problem> {
    let members: Vec<minijinja::Value> =
        members.iter().map(|(ten, so_trang)| minijinja::context! { ten, so_trang }).collect();
    let context = minijinja::context! { tai_lieu => members, ..pack.part.context.clone() };
    renderer.render(TEMPLATE, &context, &pack.source.path)
}

impl Engine {
    /// Makes (or, when up to date, keeps) a congress pack from its
    /// documents, whose PDFs this run has settled (`pdfs`).
    pub(crate) fn make_pack(
        &self,
        pack: &Pack,
        sources: &[Source],
        loaded: &[Result<Document, Vec<Problem>>],
        pdfs: &[Vec<Pdf>],
        mode: Mode,
        current: &(impl Fn(&Path, u128) -> Option<usize> + Sync),
    ) -> Pdf {
        // Its documents, with their page counts, once they all are good.
        // Every member that failed is named: one document's fault often
        // fails those that read it (a report, and the script after it).
        let mut members: Vec<Member> = Vec::new();
        let mut failed: Vec<&Source> = Vec::new();
        for &m in &pack.members {
            let doc = match &loaded[m] {
                Ok(doc) if !has_errors(&doc.problems) => doc,
                _ => {
                    failed.push(&sources[m]);
                    continue;
                }
            };
            for (part, pdf) in doc.parts.iter().zip(&pdfs[m]).filter(|(part, _)| part.gather.is_empty()) {
                match pdf {
                    Pdf::Unchanged { pages, .. } | Pdf::Done { result: Ok(pages), .. } => {
                        members.push(Member { doc, part, pages: *pages })
                    }
                    _ => {
                        failed.push(&sources[m]);
                        break;
                    }
                }
            }
        }
        if !failed.is_empty() {
            return Pdf::Failed(vec![broken(pack, &failed)]);
        }
        let front = match front(&self.renderer, pack, &members.iter().map(Member::entry).collect::<Vec<_>>()) {
            Ok(typ) => typ,
            Err(p) => return Pdf::Failed(vec![p]),
        };
        // What the pack is made of: its front pages' source and its
        // documents' (keyed as their own PDFs).
        let keys: Vec<u128> = pack.members.iter().flat_map(|&m| pdfs[m].iter().filter_map(Pdf::key)).collect();
        let key = self.key(&pack.part, &format!("{front}\n{keys:x?}"));
        if let Some(pages) = current(&pack.part.pdf, key) {
            return Pdf::Unchanged { key, pages };
        }
        Pdf::Done { key, result: self.write_pack(pack, &front, &members, mode) }
    }

    /// Writes a congress pack: its cover and contents (from `front`, its
    /// rendered source), each line linked to its document's first page;
    /// then its documents numbered on, in groups of about
    /// [`state::GROUP_PAGES`] pages, each laid out only if not kept from an
    /// earlier run. Its page count.
    fn write_pack(&self, pack: &Pack, front: &str, members: &[Member], mode: Mode) -> Result<usize, Vec<Problem>> {
        if let Mode::Build { emit_typst: true, .. } = mode {
            write_atomically(&self.paths.out.join(&pack.part.pdf).with_extension("typ"), front.as_bytes())
                .map_err(|p| vec![p])?;
        }
        let key = self.key(&pack.part, front);
        let head = match self.kept_head(&pack.part.pdf, key, mode) {
            Some(head) => head,
            None => {
                let laid = self.lay_out_front(pack, front)?;
                let ident = pack.part.pdf.display().to_string();
                let pdf = self.typesetter.part_pdf(&laid, &ident).map_err(|e| pack_problems(pack, e))?;
                let head = Head { key, pdf, links: position_links(&laid), pages: laid.pages().len() };
                if let Mode::Build { .. } = mode {
                    self.keep_head(&pack.part.pdf, &head).map_err(|p| vec![p])?;
                }
                head
            }
        };
        let front_pages = head.pages;
        let units = self.units(members, front_pages)?;
        let keys: Vec<u128> = units.iter().map(|u| self.key(u.member.part, &u.typ)).collect();
        let sizes: Vec<usize> = units.iter().map(|u| u.member.pages).collect();
        let mut groups = self.groups(&pack.part.pdf, &pack.part.title, &keys, &sizes, state::GROUP_PAGES, mode);
        for group in groups.iter_mut().filter(|g| !g.ready) {
            let laid: Vec<Result<PagedDocument, Vec<Problem>>> =
                units[group.members.clone()].par_iter().map(|u| self.lay_out_unit(pack, u)).collect();
            typst::comemo::evict(CACHE_AGE);
            let laid = laid.into_iter().collect::<Result<Vec<_>, _>>()?;
            self.make_group(&pack.part.pdf, &pack.part.title, group, &laid, mode, &pack.source.path)?;
        }
        match mode {
            Mode::Build { .. } => self.join(&pack.part.pdf, Some(&head), &groups, &pack.source.path),
            Mode::Check => Ok(front_pages + groups.iter().map(|g| g.pages).sum::<usize>()),
        }
    }

    /// Lays out a pack's cover and contents.
    fn lay_out_front(&self, pack: &Pack, front: &str) -> Result<PagedDocument, Vec<Problem>> {
        self.typesetter
            .compile(&pack.source.rel, &pack.part.title, front.to_string())
            .map_err(|e| pack_problems(pack, e))
    }

    /// Each of `members` as the pack lays it out: its source numbered from
    /// the page after those before it.
    fn units<'a>(&self, members: &[Member<'a>], front_pages: usize) -> Result<Vec<Unit<'a>>, Vec<Problem>> {
        let mut first = front_pages + 1;
        let mut at = Vec::new();
        for m in members {
            at.push((*m, first));
            first += m.pages;
        }
        at.par_iter()
            .map(|&(member, first)| {
                let context = member_context(member.doc, member.part, first);
                let typ = self.renderer.render(member.part.template_of(&member.doc.kind), &context, &member.doc.source);
                Ok(Unit { member, typ: typ.map_err(|p| vec![p])? })
            })
            .collect()
    }

    /// Lays out one document of a pack, which must have as many pages as in
    /// its own PDF (the contents says so).
    fn lay_out_unit(&self, pack: &Pack, u: &Unit) -> Result<PagedDocument, Vec<Problem>> {
        let doc = self.lay_out(u.member.doc, u.member.part, &u.typ)?;
        if doc.pages().len() != u.member.pages {
            return Err(pack_problems(
                pack,
                vec![TypstProblem::message(format!(
                    "{} có {} trang trong tập nhưng {} trang khi dựng riêng",
                    u.member.part.pdf.display(),
                    doc.pages().len(),
                    u.member.pages
                ))],
            ));
        }
        Ok(doc)
    }

    /// Lays out a whole congress pack in memory, as it is written: its cover
    /// and contents, then each of `members` numbered on from the pages
    /// before it (for looking at a pack's layout; a build writes it group by
    /// group).
    pub fn lay_out_pack(&self, pack: &Pack, front: &str, members: &[Member]) -> Result<PagedDocument, Vec<Problem>> {
        let front = self.lay_out_front(pack, front)?;
        let units = self.units(members, front.pages().len())?;
        let mut laid = vec![front];
        for chunk in units.chunks(CHUNK) {
            let done: Vec<Result<PagedDocument, Vec<Problem>>> =
                chunk.par_iter().map(|u| self.lay_out_unit(pack, u)).collect();
            typst::comemo::evict(CACHE_AGE);
            for d in done {
                laid.push(d?);
            }
        }
        Ok(self.typesetter.combine(&laid, &pack.part.title).expect("the pack has its front pages"))
    }
}

/// A document of a pack and its source as laid out there.
struct Unit<'a> {
    member: Member<'a>,
    typ: String,
}

/// Typst's problems with a pack, as the user sees them: at its congress file.
fn pack_problems(pack: &Pack, errors: Vec<TypstProblem>) -> Vec<Problem> {
    errors
        .into_iter()
        .map(|e| {
            Problem::new(
                &pack.source.path,
                format!("lỗi dàn trang Typst khi lập {}: {}", pack.part.pdf.display(), e.message),
            )
        })
        .collect()
}
