//! Paths a request names, kept inside the data or output folder: a path
//! is relative, made of plain names only (no `..`, no root, no drive, no
//! backslash, no hidden name), and what it leads to once symbolic links are
//! followed still lies inside the folder.

use std::path::{Component, Path, PathBuf};

/// Why a path is refused (said to the user, in Vietnamese).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub &'static str);

/// `rel` checked as a path below a folder: plain names only.
pub fn plain(rel: &str) -> Result<PathBuf, Refused> {
    const BAD: Refused = Refused("đường dẫn không hợp lệ: chỉ được chỉ tới tệp trong thư mục dữ liệu hay thư mục ra");
    if rel.is_empty() || rel.contains(['\\', '\0', ':']) || rel.starts_with('/') {
        return Err(BAD);
    }
    let mut out = PathBuf::new();
    for name in rel.split('/') {
        // Also refuses `..`, `.` and empty names (`a//b`).
        if name.is_empty() || name.starts_with('.') || name.starts_with('~') {
            return Err(BAD);
        }
        out.push(name);
    }
    if !out.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(BAD);
    }
    if out.as_os_str().is_empty() { Err(BAD) } else { Ok(out) }
}

/// The existing file or folder `rel` names below `root`, followed through
/// any symbolic link, when it stays inside `root`.
pub fn existing(root: &Path, rel: &str) -> Result<PathBuf, Refused> {
    let rel = plain(rel)?;
    let root = root.canonicalize().map_err(|_| Refused("không tìm thấy thư mục"))?;
    let real = root.join(&rel).canonicalize().map_err(|_| Refused("không tìm thấy tệp"))?;
    if !real.starts_with(&root) {
        return Err(Refused("đường dẫn không hợp lệ: tệp nằm ngoài thư mục của vanban"));
    }
    Ok(real)
}

/// A new file's place: `name` (a plain file name) in the existing folder
/// `dir` below `root`.
pub fn new_file(root: &Path, dir: &str, name: &str) -> Result<PathBuf, Refused> {
    let folder = existing(root, dir)?;
    if !folder.is_dir() {
        return Err(Refused("không tìm thấy thư mục"));
    }
    let name = plain(name)?;
    if name.components().count() != 1 {
        return Err(Refused("tên tệp không được chứa dấu /"));
    }
    Ok(folder.join(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_names_below_the_folder_pass() {
        for bad in [
            "",
            "..",
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a\\..\\b",
            "C:/x",
            "a/./b",
            ".vanban-manifest",
            "a/.sao-luu/x.yaml",
            "a\0b",
        ] {
            assert!(plain(bad).is_err(), "{bad:?} passed");
        }
        assert_eq!(plain("a/b/c.pdf").unwrap(), PathBuf::from("a/b/c.pdf"));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_that_leads_outside_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("data");
        std::fs::create_dir_all(&root).unwrap();
        std::fs::write(dir.path().join("secret.yaml"), "x: 1").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.yaml"), root.join("link.yaml")).unwrap();
        std::fs::write(root.join("ok.yaml"), "x: 1").unwrap();
        assert!(existing(&root, "link.yaml").is_err());
        assert_eq!(existing(&root, "ok.yaml").unwrap(), root.canonicalize().unwrap().join("ok.yaml"));
    }
}
