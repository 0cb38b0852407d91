//! Loading a document: its YAML read with the agency's and the congress's
//! files it inherits from (each read once per run), and checked by its kind
//! into a [`Document`].
//!
//! Placeholders `vanban new` wrote and nobody replaced (see
//! [`crate::decree::placeholder`]) are looked for once the kind has
//! resolved the document: a draft gets a warning for each one, in its own
//! file or in the `co-quan.yaml` and `dai-hoi.yaml` it uses (those are
//! never issued themselves: warnings, attached to every document using
//! them, which the console prints once); an issued document is refused
//! while its own file holds one, or while a shared file it uses does in a
//! key it does not set itself.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::decree::placeholder::{self, Hit, Status};
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
    agencies: Mutex<HashMap<PathBuf, Result<Read<AgencyFile>, Problem>>>,
    congresses: Mutex<HashMap<PathBuf, Result<Read<CongressFile>, Problem>>>,
}

/// A shared file as read: its values, and the placeholders left in it.
#[derive(Clone)]
struct Read<T> {
    path: PathBuf,
    value: Arc<T>,
    placeholders: Arc<Vec<Hit>>,
}

impl<T> Read<T> {
    fn new(path: &Path, text: &str, value: T) -> Read<T> {
        Read { path: path.to_path_buf(), value: Arc::new(value), placeholders: Arc::new(placeholder::find(text)) }
    }
}

impl Loader {
    pub fn new() -> Self {
        Self::default()
    }

    fn agency(&self, dir: &Path) -> Result<Read<AgencyFile>, Problem> {
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
                Ok(Read::new(&path, &text, agency))
            })
            .clone()
    }

    fn congress(&self, path: &Path) -> Result<Read<CongressFile>, Problem> {
        let mut cache = self.congresses.lock().unwrap();
        cache
            .entry(path.to_path_buf())
            .or_insert_with(|| {
                let text = yaml::read_text(path)?;
                yaml::parse::<CongressFile>(path, &text).map(|c| Read::new(path, &text, c))
            })
            .clone()
    }

    /// The agency and congress files of a document in a congress folder,
    /// when both read without error.
    pub fn shared(&self, src: &Source) -> Option<(Arc<AgencyFile>, Arc<CongressFile>)> {
        let congress = self.congress(src.congress_file.as_deref()?).ok()?;
        Some((self.agency(&src.agency_dir).ok()?.value, congress.value))
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
            vec![Problem::new(
                &src.path,
                format!("không dựng được vì {} có lỗi (xem lỗi của tệp đó, in ở cuối)", shown(what)),
            )]
        };
        let agency = self.agency(&src.agency_dir).map_err(|p| inherited(&p.file))?;
        let congress = match &src.congress_file {
            Some(f) => Some(self.congress(f).map_err(|_| inherited(f))?),
            None => None,
        };
        let root = src.root();
        let input = Input {
            path: &src.path,
            rel: &src.rel,
            root,
            text: &text,
            agency: &agency.value,
            congress: congress.as_ref().map(|c| c.value.as_ref()),
        };
        let r = (kind.resolve)(&input)?;

        // Placeholders: warnings in a draft, a refusal when issued.
        let issued = placeholder::issued(&text, kind.numbered);
        let status = if issued { Status::Issued { numbered: kind.numbered } } else { Status::Draft };
        let own = placeholder::find(&text);
        let mut refused = issued && own.iter().any(|h| placeholder::refuses(h.kind));
        let mut problems = r.problems;
        problems.extend(placeholder::problems(&src.path, &own, status));
        let shared =
            [Some((&agency.path, &agency.placeholders)), congress.as_ref().map(|c| (&c.path, &c.placeholders))];
        for (path, hits) in shared.into_iter().flatten() {
            if issued && let Some(p) = placeholder::inherited(&src.path, &text, path, hits) {
                problems.push(p);
                refused = true;
            }
            problems.extend(placeholder::problems(path, hits, Status::Shared));
        }
        if refused {
            return Err(problems);
        }
        Ok(Document {
            source: src.path.clone(),
            rel: src.rel.clone(),
            kind,
            title: r.title,
            parts: r.parts,
            extras: r.extras,
            problems,
        })
    }
}
