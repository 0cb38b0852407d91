//! Files made of other files' pages — the print file of a congress's
//! invitations, the congress pack — made in groups of consecutive members.
//!
//! Each group is laid out, exported once (its fonts subset once for all its
//! pages) and kept in the output folder's cache ([`cache`]) under a key of
//! its members' keys; the file is then joined from the groups' PDFs
//! ([`stitch`]), page by page. So memory holds one group's pages, not the
//! file's, and a re-run after one edit lays out only the group that
//! changed.

use std::path::Path;

use typst_layout::PagedDocument;

use crate::backend::pdf::stitch::{Link, Stitcher};
use crate::build::engine::Engine;
use crate::build::outcome::Mode;
use crate::build::state::{Group, split};
use crate::diag::Problem;
use crate::output::{cache, record, write_atomically, write_streamed};

/// A joined file's first part (the pack's cover and contents), with the
/// links to add to it (to pages of the parts after it) and its page count;
/// kept in the cache like a group, its links beside it.
pub struct Head {
    pub key: u128,
    pub pdf: Vec<u8>,
    pub links: Vec<Link>,
    pub pages: usize,
}

impl Head {
    /// Its links and page count as kept: `trang N`, then one line per link.
    fn notes(&self) -> String {
        let mut text = format!("trang {}\n", self.pages);
        for l in &self.links {
            let [x0, y0, x1, y1] = l.rect;
            text.push_str(&format!("{} {x0} {y0} {x1} {y1} {}\n", l.page, l.to));
        }
        text
    }

    fn read(key: u128, pdf: Vec<u8>, notes: &str) -> Option<Head> {
        let mut lines = notes.lines();
        let pages = lines.next()?.strip_prefix("trang ")?.parse().ok()?;
        let links = lines
            .map(|line| {
                let f: Vec<&str> = line.split(' ').collect();
                let [page, x0, y0, x1, y1, to] = f[..] else { return None };
                let n = |s: &str| s.parse::<f32>().ok();
                Some(Link { page: page.parse().ok()?, rect: [n(x0)?, n(y0)?, n(x1)?, n(y1)?], to: to.parse().ok()? })
            })
            .collect::<Option<Vec<Link>>>()?;
        Some(Head { key, pdf, links, pages })
    }
}

impl Engine {
    /// The groups of the joined file `rel` titled `title`, whose members
    /// have `keys` and weigh `sizes`, `budget` to a group; those kept from
    /// an earlier run are ready (unless the run is forced or only checks).
    pub(crate) fn groups(
        &self,
        rel: &Path,
        title: &str,
        keys: &[u128],
        sizes: &[usize],
        budget: usize,
        mode: Mode,
    ) -> Vec<Group> {
        split(sizes, budget)
            .into_iter()
            .map(|members| {
                let key = record::key(self.stamp, rel, title, &format!("{:x?}", &keys[members.clone()]));
                let ready = matches!(mode, Mode::Build { force: false, .. })
                    && cache::path(&self.paths.out, rel, key).is_file();
                Group { members, key, ready, pages: 0 }
            })
            .collect()
    }

    /// The first part of `rel` with `key`, if kept from an earlier run (and
    /// the run is not forced).
    pub(crate) fn kept_head(&self, rel: &Path, key: u128, mode: Mode) -> Option<Head> {
        if !matches!(mode, Mode::Build { force: false, .. }) {
            return None;
        }
        let part = cache::path(&self.paths.out, rel, key);
        let notes = std::fs::read_to_string(part.with_extension("links")).ok()?;
        Head::read(key, std::fs::read(part).ok()?, &notes)
    }

    /// Keeps the first part of `rel` for the next run (its links first, so
    /// that a part is never there without them).
    pub(crate) fn keep_head(&self, rel: &Path, head: &Head) -> Result<(), Problem> {
        let part = cache::path(&self.paths.out, rel, head.key);
        write_atomically(&part.with_extension("links"), head.notes().as_bytes())?;
        write_atomically(&part, &head.pdf)
    }

    /// Exports a group from its members' pages and, when building, keeps it
    /// in the cache; the group is then ready.
    pub(crate) fn make_group(
        &self,
        rel: &Path,
        title: &str,
        group: &mut Group,
        members: &[PagedDocument],
        mode: Mode,
        source: &Path,
    ) -> Result<(), Vec<Problem>> {
        let laid = self
            .typesetter
            .combine(members, title)
            .ok_or_else(|| vec![Problem::new(source, format!("không có trang nào để ghép vào {}", rel.display()))])?;
        let pdf = self.typesetter.part_pdf(&laid, &rel.display().to_string()).map_err(|errs| {
            errs.into_iter()
                .map(|e| Problem::new(source, format!("lỗi xuất PDF khi ghép {}: {}", rel.display(), e.message)))
                .collect::<Vec<_>>()
        })?;
        if let Mode::Build { .. } = mode {
            write_atomically(&cache::path(&self.paths.out, rel, group.key), &pdf).map_err(|p| vec![p])?;
        }
        group.ready = true;
        group.pages = laid.pages().len();
        Ok(())
    }

    /// Writes the joined file `rel` from `head` and its (ready) groups' PDFs,
    /// one at a time; its page count. Parts of earlier versions are let go.
    /// A kept part that cannot be read is removed, so the next run makes it
    /// again.
    pub(crate) fn join(
        &self,
        rel: &Path,
        head: Option<&Head>,
        groups: &[Group],
        source: &Path,
    ) -> Result<usize, Vec<Problem>> {
        let out = &self.paths.out;
        let mut pages = 0;
        let failed = |m: String| format!("không ghép được {}: {m}", rel.display());
        write_streamed(&out.join(rel), |w| {
            let mut s = Stitcher::new(w).map_err(|e| failed(e.to_string()))?;
            if let Some(head) = head {
                s.append(&head.pdf, &head.links).map_err(failed)?;
            }
            for g in groups {
                let part = cache::path(out, rel, g.key);
                let bytes =
                    std::fs::read(&part).map_err(|e| failed(format!("không đọc được {}: {e}", part.display())))?;
                if let Err(m) = s.append(&bytes, &[]) {
                    let _ = std::fs::remove_file(&part);
                    return Err(failed(format!(
                        "phần đã dựng {} bị hỏng ({m}) nên đã được xóa; chạy lại `vanban build` để dựng lại phần đó",
                        part.display()
                    )));
                }
            }
            pages = s.page_count();
            s.finish().map(|_| ()).map_err(failed)
        })
        .map_err(|p| vec![Problem { file: source.to_path_buf(), ..p }])?;
        let keys: Vec<u128> = head.map(|h| h.key).into_iter().chain(groups.iter().map(|g| g.key)).collect();
        cache::keep_only(out, rel, &keys);
        Ok(pages)
    }
}
