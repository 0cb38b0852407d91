//! Loading the data folder: finding the documents (walkdir, in a fixed
//! order), reading each YAML file with the agency's and the congress's files
//! it inherits from, and checking them into [`Document`]s.
//!
//! Layout:
//! ```text
//! data/<agency>/co-quan.yaml            what every document of the agency repeats
//! data/<agency>/<congress>/dai-hoi.yaml  facts shared by a congress's documents
//! data/<agency>/**/<document>.yaml       one document each, with `loai:`
//! ```

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use walkdir::WalkDir;

use crate::diag::{Problem, shown};
use crate::document::{self, Document, Input, KINDS};
use crate::model::{AgencyFile, CongressFile, KindOnly};
use crate::yaml;

pub const AGENCY_FILE: &str = "co-quan.yaml";
pub const CONGRESS_FILE: &str = "dai-hoi.yaml";

/// A document file found under the data folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub path: PathBuf,
    /// The path below the data folder (`<agency>/<congress>/ke-hoach.yaml`).
    pub rel: PathBuf,
    /// The agency folder (`data/<agency>`).
    pub agency_dir: PathBuf,
    /// The nearest `dai-hoi.yaml` above the document, if any.
    pub congress_file: Option<PathBuf>,
}

pub(crate) fn is_yaml(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

pub(crate) fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('~') || name.ends_with('~')
}

/// Finds the documents under `data_dir`, or only those under the given
/// paths. The order is fixed: folders and files sorted by name.
pub fn discover(data_dir: &Path, selection: &[PathBuf]) -> (Vec<Source>, Vec<Problem>) {
    let mut problems = Vec::new();
    let Ok(root) = data_dir.canonicalize() else {
        problems.push(Problem::new(data_dir, "không tìm thấy thư mục dữ liệu"));
        return (Vec::new(), problems);
    };
    let mut roots = Vec::new();
    if selection.is_empty() {
        roots.push(root.clone());
    }
    for p in selection {
        match p.canonicalize() {
            Ok(c) if c.starts_with(&root) => roots.push(c),
            Ok(_) => problems.push(Problem::new(p, format!("không nằm trong thư mục dữ liệu {}", shown(data_dir)))),
            Err(_) => problems.push(Problem::new(p, "không tìm thấy tệp hoặc thư mục này")),
        }
    }
    let mut found = Vec::new();
    for start in roots {
        let walker = WalkDir::new(&start)
            // Linked folders and files count like real ones; loops are errors.
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy()));
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map(Path::to_path_buf).unwrap_or_else(|| start.clone());
                    problems.push(Problem::new(path, format!("không đọc được: {e}")));
                    continue;
                }
            };
            let path = entry.path();
            if !entry.file_type().is_file() || !is_yaml(path) {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if name == AGENCY_FILE || name == CONGRESS_FILE {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap_or(path).to_path_buf();
            if rel.components().count() < 2 {
                problems.push(Problem::new(
                    path,
                    "văn bản phải nằm trong thư mục của một cơ quan (data/<cơ-quan>/…), bên cạnh co-quan.yaml",
                ));
                continue;
            }
            let agency_dir = root.join(rel.components().next().unwrap());
            let congress_file = path
                .ancestors()
                .skip(1)
                .take_while(|a| a.starts_with(&agency_dir))
                .map(|a| a.join(CONGRESS_FILE))
                .find(|f| f.is_file());
            if found.iter().any(|s: &Source| s.path == path) {
                continue;
            }
            // `a.yaml` and `a.yml` would write the same `a.pdf`.
            if let Some(other) = found.iter().find(|s| s.rel.with_extension("") == rel.with_extension("")) {
                problems.push(Problem::new(
                    path,
                    format!("trùng tên với {}: cả hai sẽ ghi cùng một PDF; hãy đổi tên một tệp", shown(&other.path)),
                ));
                continue;
            }
            found.push(Source { path: path.to_path_buf(), rel, agency_dir, congress_file });
        }
    }
    (found, problems)
}

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
                    && let Err((key, message)) = document::signature_lines(signer)
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
        let kinds = KINDS.map(|k| k.key).join(", ");
        let Some(loai) = head.loai else {
            let p =
                Problem::new(&src.path, format!("thiếu khóa `loai` (loại văn bản: {kinds})")).field("loai").at(1, 1);
            return Err(vec![p]);
        };
        let Some(kind) = document::kind(loai.as_str().trim()) else {
            let (line, col) = yaml::locate_key(&text, "loai").unwrap_or((1, 1));
            let p = Problem::new(&src.path, format!("loại văn bản `{loai}` chưa có; các loại: {kinds}"))
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
