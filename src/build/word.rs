//! The Word copies (`--docx`): beside each PDF a document makes, a `.docx`
//! from the same data, for comments on a draft and for e-office systems.
//!
//! A part's `.docx` is made from its kind's template under
//! `templates/docx/` (the `.typ.j2` template's name with `.xml.j2`), which
//! places the data in the vocabulary of the .docx writer
//! ([`crate::backend::docx`]); the writer sets it out with the values of
//! `templates/the-thuc.yaml`, the file `templates/vanban.typ` reads too. A
//! print file's copy holds all its members, each on new pages.
//!
//! The build record keeps the copies as it keeps the PDFs: one whose source
//! is unchanged is left as it is, one is written atomically, and one whose
//! PDF could not be made is not written and reported stale.

use std::path::{Path, PathBuf};

use minijinja::Value;
use rayon::prelude::*;

use crate::backend::docx::{self, Measure, Values};
use crate::backend::pdf::Typesetter;
use crate::build::outcome::{Mode, Paths};
use crate::build::state::Pdf;
use crate::diag::Problem;
use crate::document::{Document, Part};
use crate::output::{record, write_atomically};
use crate::render::Renderer;

/// The file holding the chosen values, in the templates folder.
pub const VALUES_FILE: &str = "the-thuc.yaml";

/// What every Word copy of a run shares.
pub struct Word {
    values: Values,
    /// Each table's column widths (`cot_bang` of the templates), as
    /// percentages of the text width, from the values' millimetres, and the
    /// cells' insets (`dem`, `dem_kich_ban`, pt).
    widths: Value,
    /// What every copy's key shares (vanban, templates, fonts), apart from
    /// the PDFs' keys.
    stamp: u128,
}

/// Where one Word copy of a run stands.
pub enum Docx {
    /// Up to date since an earlier run.
    Unchanged { key: u128 },
    /// Made in this run (or not, with why).
    Done { key: u128, result: Result<(), Vec<Problem>> },
    /// Not made because its PDF was not: what the disk holds is stale.
    Skipped,
}

/// A part's Word copy, beside its PDF.
pub fn path_of(pdf: &Path) -> PathBuf {
    pdf.with_extension("docx")
}

/// The .docx template of a part typeset from `template`.
fn template_of(template: &str) -> String {
    format!("docx/{}", template.trim_end_matches(".typ.j2")) + ".xml.j2"
}

/// Column widths in millimetres (0: a share of the rest) as percentages of
/// `width`, one decimal, space-separated.
fn percentages(mm: &[f64], width: f64) -> String {
    let fixed: f64 = mm.iter().sum();
    let shares = mm.iter().filter(|w| **w == 0.0).count().max(1) as f64;
    let rest = ((width - fixed) / shares).max(0.0);
    mm.iter().map(|w| format!("{:.1}", 100.0 * if *w == 0.0 { rest } else { *w } / width)).collect::<Vec<_>>().join(" ")
}

impl Word {
    /// Reads the chosen values of `templates`.
    pub fn new(templates: &Path, stamp: u128) -> Result<Word, Problem> {
        let path = templates.join(VALUES_FILE);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| Problem::new(&path, format!("không đọc được tệp thể thức: {e}")))?;
        let values = Values::parse(&text).map_err(|e| Problem::new(&path, e))?;
        let raw: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| Problem::new(&path, e.to_string()))?;
        let mm = |key: &str| -> Vec<f64> {
            raw["bang"][key]
                .as_sequence()
                .map(|s| s.iter().filter_map(serde_yaml::Value::as_f64).collect())
                .unwrap_or_default()
        };
        let le = &values.le;
        let portrait = 210.0 - le.trai - le.phai;
        let landscape = 297.0 - le.trai - le.phai;
        let mut listed = mm("danh_sach");
        listed.push(raw["bang"]["danh_sach_tep"].as_f64().unwrap_or(40.0));
        let widths = minijinja::context! {
            chi_tieu => percentages(&mm("chi_tieu"), portrait),
            khen_thuong => percentages(&mm("khen_thuong"), portrait),
            kich_ban => percentages(&mm("kich_ban"), portrait),
            bieu_quyet => percentages(&mm("bieu_quyet"), portrait),
            duoc_khen => percentages(&mm("duoc_khen"), portrait),
            danh_sach => percentages(&mm("danh_sach"), landscape),
            danh_sach_tep => percentages(&listed, landscape),
            dem => raw["bang"]["dem"].as_f64().unwrap_or(4.0),
            dem_kich_ban => raw["bang"]["dem_kich_ban"].as_f64().unwrap_or(5.0),
        };
        Ok(Word { values, widths, stamp: record::bytes_key(&[stamp.to_le_bytes().as_slice(), b"docx"].concat()) })
    }
}

/// The documents' font, measured as the PDF sets it, and the images the
/// PDF shows.
struct Metrics<'a>(&'a Typesetter);

impl Measure for Metrics<'_> {
    fn width(&self, text: &str, size_pt: f64, bold: bool) -> f64 {
        self.0.text_width(text, size_pt, bold)
    }

    /// An electronic issue's images, as checked and handed to Typst.
    fn image(&self, name: &str) -> Option<Vec<u8>> {
        crate::source::images::get(name)
    }
}

/// What making the copies needs of the engine.
pub(crate) struct Makers<'a> {
    pub renderer: &'a Renderer,
    pub typesetter: &'a Typesetter,
    pub paths: &'a Paths,
}

impl Word {
    /// The vocabulary source of a part's Word copy.
    fn source(&self, with: &Makers, doc: &Document, part: &Part) -> Result<String, Vec<Problem>> {
        let le = &self.values.le;
        let margins = match part.context.get_attr("le") {
            Ok(v) if !v.is_undefined() && !v.is_none() => {
                v.try_iter().map(|it| it.map(|m| m.to_string()).collect::<Vec<_>>().join(" ")).unwrap_or_default()
            }
            _ => format!("{} {} {} {}", le.tren, le.duoi, le.trai, le.phai),
        };
        let context = minijinja::context! {
            tieu_de_tep => part.title,
            phong_chu => with.typesetter.family,
            le_docx => margins,
            cot_bang => self.widths,
            ..part.context.clone()
        };
        with.renderer.render(&template_of(part.template_of(&doc.kind)), &context, &doc.source).map_err(|p| vec![p])
    }

    /// Makes (or keeps) the Word copy of each part of `doc` whose PDF is
    /// good; `current` says whether the file made from a key is there.
    pub(crate) fn make(
        &self,
        with: &Makers,
        doc: &Document,
        pdfs: &[Pdf],
        current: &(impl Fn(&Path, u128) -> bool + Sync),
        mode: Mode,
    ) -> Vec<(PathBuf, Docx)> {
        let word = self;
        let good = |p: usize| matches!(pdfs[p], Pdf::Unchanged { .. } | Pdf::Done { result: Ok(_), .. });
        let sources: Vec<Option<Result<String, Vec<Problem>>>> = doc
            .parts
            .par_iter()
            .enumerate()
            .map(|(p, part)| (part.gather.is_empty() && good(p)).then(|| word.source(with, doc, part)))
            .collect();
        let measure = Metrics(with.typesetter);
        doc.parts
            .par_iter()
            .enumerate()
            .map(|(p, part)| {
                let path = path_of(&part.pdf);
                if !good(p) {
                    return (path, Docx::Skipped);
                }
                let made: Result<(u128, Vec<&str>), Vec<Problem>> = if part.gather.is_empty() {
                    match &sources[p] {
                        Some(Ok(xml)) => Ok((record::key(word.stamp, &path, &part.title, xml), vec![xml.as_str()])),
                        Some(Err(ps)) => Err(ps.clone()),
                        None => return (path, Docx::Skipped),
                    }
                } else {
                    let members: Option<Vec<&str>> = part
                        .gather
                        .iter()
                        .map(|&m| match &sources[m] {
                            Some(Ok(xml)) => Some(xml.as_str()),
                            _ => None,
                        })
                        .collect();
                    match members {
                        None => return (path, Docx::Skipped),
                        Some(xmls) => {
                            let joined = xmls.join("\n");
                            Ok((record::key(word.stamp, &path, &part.title, &joined), xmls))
                        }
                    }
                };
                let (key, xmls) = match made {
                    Ok(m) => m,
                    Err(ps) => return (path, Docx::Done { key: 0, result: Err(ps) }),
                };
                if matches!(mode, Mode::Build { force: false, .. }) && current(&path, key) {
                    return (path, Docx::Unchanged { key });
                }
                let bytes = if xmls.len() == 1 && part.gather.is_empty() {
                    docx::build(xmls[0], &word.values, &measure)
                } else {
                    docx::build_many(&xmls, &word.values, &measure)
                };
                let result = bytes
                    .map_err(|e| {
                        vec![Problem::new(
                            with.paths.templates.join(template_of(part.template_of(&doc.kind))),
                            format!("không lập được bản Word {}: {e}", path.display()),
                        )]
                    })
                    .and_then(|bytes| match mode {
                        Mode::Build { .. } => {
                            write_atomically(&with.paths.out.join(&path), &bytes).map_err(|p| vec![p])
                        }
                        Mode::Check => Ok(()),
                    });
                (path, Docx::Done { key, result })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_share_the_rest_and_templates_mirror_the_pdf_ones() {
        assert_eq!(percentages(&[11.0, 0.0, 33.0, 46.0], 165.0), "6.7 45.5 20.0 27.9");
        assert_eq!(percentages(&[22.0, 0.0, 0.0], 165.0), "13.3 43.3 43.3");
        assert_eq!(template_of("ke-hoach.typ.j2"), "docx/ke-hoach.xml.j2");
        assert_eq!(path_of(Path::new("a/b.pdf")), Path::new("a/b.docx"));
    }
}
