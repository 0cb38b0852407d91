//! Finding the documents of the data folder (walkdir, in a fixed order),
//! with the agency's and the congress's files each inherits from.
//!
//! Layout:
//! ```text
//! data/<agency>/co-quan.yaml            what every document of the agency repeats
//! data/<agency>/<congress>/dai-hoi.yaml  facts shared by a congress's documents
//! data/<agency>/**/<document>.yaml       one document each, with `loai:`
//! ```

use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diag::{Problem, shown};

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

impl Source {
    /// The data folder it was found in.
    pub fn root(&self) -> &Path {
        self.path.ancestors().nth(self.rel.components().count()).unwrap_or(Path::new("."))
    }
}

pub fn is_yaml(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
}

pub fn is_hidden(name: &str) -> bool {
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
    let outside = std::cell::RefCell::new(Vec::new());
    for start in roots {
        let walker = WalkDir::new(&start)
            // Linked folders and files count like real ones; loops are errors.
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                if e.depth() > 0 && leads_outside(e, &root) {
                    outside.borrow_mut().push(e.path().to_path_buf());
                    return false;
                }
                e.depth() == 0 || !is_hidden(&e.file_name().to_string_lossy())
            });
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
    for link in outside.into_inner() {
        problems.push(
            Problem::new(
                &link,
                "liên kết này trỏ ra ngoài thư mục dữ liệu nên vanban không đọc nó; chép tệp vào thư mục dữ liệu nếu cần",
            )
            .warning(),
        );
    }
    (found, problems)
}

/// Whether a walked entry is a link that leads out of `root` (or nowhere):
/// such a link is not followed, so a link to `/` never makes vanban walk the
/// whole disk.
pub fn leads_outside(entry: &walkdir::DirEntry, root: &Path) -> bool {
    entry.path_is_symlink() && entry.path().canonicalize().is_ok_and(|real| !real.starts_with(root))
}
