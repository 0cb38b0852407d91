//! Loading a document: its YAML read with the agency's and the congress's
//! files it inherits from (each read once per run), and checked by its kind
//! into a [`Document`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::decree::signature::signature_lines;
use crate::diag::{Problem, shown};
use crate::document::{Document, Input};
use crate::kinds;
use crate::source::discover::{AGENCY_FILE, Source};
use crate::source::shared::{AgencyFile, CongressFile, KindOnly};
use crate::source::yaml;

/// Reads documents, reading each agency and congress file once.
#[derive(Default)]
pub struct Loader {
    agencies: Mutex<HashMap<PathBuf, Result<Arc<AgencyFile>, Problem>>>,
    congresses: Mutex<HashMap<PathBuf, Result<Arc<CongressFile>, Problem>>>,
}

impl Loader {
    pub fn new() -> Self {
        Self::default()
    }

    fn agency(&self, dir: &Path) -> Result<Arc<AgencyFile>, Problem> {
        let path = dir.join(AGENCY_FILE);
        let mut cache = self.agencies.lock().unwrap();
        cache
            .entry(path.clone())
            .or_insert_with(|| {
                if !path.is_file() {
                    return Err(Problem::new(
                        &path,
                        "thiếu tệp co-quan.yaml của cơ quan (tên cơ quan, viết tắt, địa danh, người ký)",
                    ));
                }
                let text = yaml::read_text(&path)?;
                let agency = yaml::parse::<AgencyFile>(&path, &text)?;
                // The default signer is checked here, once, against this file.
                if let Some(signer) = &agency.nguoi_ky
                    && let Err((key, message)) = signature_lines(signer)
                {
                    let (line, col) =
                        [key, "nguoi_ky"].iter().find_map(|k| yaml::locate_key(&text, k)).unwrap_or((1, 1));
                    return Err(Problem::new(&path, message).field(format!("nguoi_ky.{key}")).at(line, col));
                }
                Ok(Arc::new(agency))
            })
            .clone()
    }

    fn congress(&self, path: &Path) -> Result<Arc<CongressFile>, Problem> {
        let mut cache = self.congresses.lock().unwrap();
        cache
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let text = yaml::read_text(path)?;
                yaml::parse::<CongressFile>(path, &text).map(Arc::new)
            })
            .clone()
    }

    /// The agency and congress files of a document in a congress folder,
    /// when both read without error.
    pub fn shared(&self, src: &Source) -> Option<(Arc<AgencyFile>, Arc<CongressFile>)> {
        let congress = self.congress(src.congress_file.as_deref()?).ok()?;
        Some((self.agency(&src.agency_dir).ok()?, congress))
    }

    /// Problems of the agency and congress files read so far, once each.
    pub fn shared_problems(&self) -> Vec<Problem> {
        let mut out: Vec<Problem> = self.agencies.lock().unwrap().values().filter_map(|r| r.clone().err()).collect();
        out.extend(self.congresses.lock().unwrap().values().filter_map(|r| r.clone().err()));
        out.sort_by(|a, b| a.file.cmp(&b.file));
        out
    }

    /// Reads and checks one document.
    pub fn load(&self, src: &Source) -> Result<Document, Vec<Problem>> {
        let text = yaml::read_text(&src.path).map_err(|p| vec![p])?;
        let head: KindOnly = yaml::parse(&src.path, &text).map_err(|p| vec![p])?;
        let known = kinds::keys();
        let Some(loai) = head.loai else {
            let p =
                Problem::new(&src.path, format!("thiếu khóa `loai` (loại văn bản: {known})")).field("loai").at(1, 1);
            return Err(vec![p]);
        };
        let Some(kind) = kinds::kind(loai.as_str().trim()) else {
            let (line, col) = yaml::locate_key(&text, "loai").unwrap_or((1, 1));
            let p = Problem::new(&src.path, format!("loại văn bản `{loai}` chưa có; các loại: {known}"))
                .field("loai")
                .at(line, col);
            return Err(vec![p]);
        };

        let inherited = |what: &Path| {
            vec![Problem::new(&src.path, format!("không dựng được vì {} có lỗi (xem lỗi của tệp đó)", shown(what)))]
        };
        let agency = self.agency(&src.agency_dir).map_err(|p| inherited(&p.file))?;
        let congress = match &src.congress_file {
            Some(f) => Some(self.congress(f).map_err(|_| inherited(f))?),
            None => None,
        };
        let root = src.path.ancestors().nth(src.rel.components().count()).unwrap_or(Path::new("."));
        let input =
            Input { path: &src.path, rel: &src.rel, root, text: &text, agency: &agency, congress: congress.as_deref() };
        let r = (kind.resolve)(&input)?;
        Ok(Document {
            source: src.path.clone(),
            rel: src.rel.clone(),
            kind,
            title: r.title,
            parts: r.parts,
            extras: r.extras,
            problems: r.problems,
        })
    }
}
