//! `vanban serve`, the clerk's desk, driven over HTTP as a browser would
//! (raw requests, so that a path is sent exactly as written): the
//! dashboard's content and states, a save that breaks a file and one that
//! fixes it, a save refused on a conflict, uploads of invitee lists, new
//! documents, the ZIP of invitations, and every request the desk must
//! refuse (paths leading out, requests without the session's token or from
//! another origin, a wrong Host, a missing access key, a body too large).

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// A running `vanban serve`, killed when dropped.
pub struct Desk {
    child: Child,
    pub port: u16,
    /// The address it printed (with `?khoa=` when guarded).
    pub url: String,
    pub data: PathBuf,
    pub out: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The body as text; in HTML, `/` as itself (MiniJinja writes it
    /// `&#x2f;`, which a browser reads as `/`).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).replace("&#x2f;", "/")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

impl Desk {
    /// Serves `data` (a folder holding `data/`) on a free port, writing into
    /// its `output/`, with `options`.
    pub fn start(dir: tempfile::TempDir, options: &[&str]) -> Desk {
        let data = dir.path().join("data");
        let out = dir.path().join("output");
        let mut desk = Desk::on(&data, &out, options);
        desk._dir = Some(dir);
        desk
    }

    pub fn on(data: &Path, out: &Path, options: &[&str]) -> Desk {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .current_dir(repo())
            .arg("serve")
            .args(["--cong", "0"])
            .args(options)
            .arg("--data")
            .arg(data)
            .arg("--out")
            .arg(out)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(120);
        let mut seen = Vec::new();
        let url = loop {
            let left = deadline.checked_duration_since(Instant::now()).expect("the desk did not start in 120 s");
            match rx.recv_timeout(left) {
                Ok(line) if line.trim().starts_with("http://") => break line.trim().to_string(),
                Ok(line) => seen.push(line),
                Err(_) => {
                    let mut err = String::new();
                    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
                    panic!("no address printed: {seen:?}\n{err}");
                }
            }
        };
        let port = url.rsplit(':').next().unwrap().split('/').next().unwrap().parse().unwrap();
        Desk { child, port, url, data: data.to_path_buf(), out: out.to_path_buf(), _dir: None }
    }

    /// Sends `method target` as written (no normalisation), with the Host
    /// this desk was told, `headers` and `body`.
    pub fn send(&self, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
        http(self.port, method, target, headers, body)
    }

    pub fn get(&self, target: &str) -> Answer {
        self.send("GET", target, &[], b"")
    }

    /// The session token of the pages (their `vanban-phien` meta).
    pub fn token(&self) -> String {
        let page = self.get("/").text();
        between(&page, "name=\"vanban-phien\" content=\"", "\"").to_string()
    }

    /// A POST the desk's own page would send: its token, its origin.
    pub fn post(&self, target: &str, kind: &str, body: &[u8]) -> Answer {
        let token = self.token();
        let origin = format!("http://127.0.0.1:{}", self.port);
        self.send("POST", target, &[("X-Vanban-Token", &token), ("Origin", &origin), ("Content-Type", kind)], body)
    }

    /// Saves `text` as the data file `rel`, opened at `version` when `base`
    /// was its text.
    pub fn save(&self, rel: &str, version: &str, base: &str, text: &str) -> Answer {
        let body = serde_json::json!({ "tep": rel, "phien_ban": version, "goc": base, "noi_dung": text });
        self.post("/luu", "application/json", body.to_string().as_bytes())
    }

    /// The editor of `doc`'s page on `file`: its version and text.
    pub fn opened(&self, doc: &str, file: &str) -> (String, String) {
        let page = self.get(&format!("/van-ban?tep={doc}&sua={file}")).text();
        assert!(page.contains("id=\"noi-dung\""), "{page}");
        let version = between(&page, "data-phien-ban=\"", "\"").to_string();
        (version, std::fs::read_to_string(self.data.join(file)).unwrap())
    }
}

/// One HTTP/1.1 request to 127.0.0.1:`port`, sent as written, and its
/// answer; the Host is `127.0.0.1:port` unless `headers` has one.
pub fn http(port: u16, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> Answer {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("content-length")) {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    // Read until the answer is whole: its Content-Length, the last chunk,
    // or the end of the connection (a server may keep it open).
    let mut raw = Vec::new();
    let mut buf = [0u8; 65536];
    loop {
        if let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
            let length: Option<usize> =
                head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse().ok());
            match length {
                Some(n) if raw.len() >= split + 4 + n => break,
                None if head.contains("transfer-encoding: chunked") && raw.ends_with(b"\r\n0\r\n\r\n") => break,
                _ => {}
            }
        }
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    parse(&raw)
}

pub fn between<'a>(s: &'a str, start: &str, end: &str) -> &'a str {
    let from = s.find(start).unwrap_or_else(|| panic!("no {start:?} in {s}")) + start.len();
    &s[from..from + s[from..].find(end).unwrap()]
}

fn parse(raw: &[u8]) -> Answer {
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("an HTTP answer");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers.iter().any(|(k, v)| k == "transfer-encoding" && v.contains("chunked")) {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size = usize::from_str_radix(String::from_utf8_lossy(&rest[..end]).trim(), 16).unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[end + 2..end + 2 + size]);
            rest = &rest[end + 2 + size + 2..];
        }
        body = out;
    }
    Answer { status, headers, body }
}

/// A congress of `n` invitees (a spreadsheet), its plan, in a folder with
/// `data/` and `output/`.
pub fn congress(n: usize) -> tempfile::TempDir {
    let inner = invitation_congress(n, &[("u/dh/ke-hoach.yaml", PLAN)]);
    let dir = tempfile::tempdir().unwrap();
    copy_tree(inner.path(), &dir.path().join("data"));
    dir
}

const DOC: &str = "u/dh/giay-moi.yaml";
const CONGRESS: &str = "u/dh/dai-hoi.yaml";

/// The state cell of `file`'s row in the dashboard's table.
fn row_of<'a>(page: &'a str, file: &str) -> &'a str {
    let at = page.find(&format!(">{file}</a>")).unwrap_or_else(|| panic!("no row {file}: {page}"));
    &page[at..at + page[at..].find("</tr>").unwrap()]
}

#[test]
fn the_dashboard_shows_every_document_with_its_state_and_files() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), &dir.path().join("data"));
    let desk = Desk::start(dir, &[]);
    let page = desk.get("/");
    assert_eq!(page.status, 200);
    let html = page.text();
    // Agencies, then congresses by their names, then documents.
    assert!(html.contains("<h2 id=\"cq-1\">ubnd-tinh-lai-chau</h2>"), "{html}");
    assert!(html.contains("Đại hội Thi đua Quyết thắng lực lượng vũ trang tỉnh Lai Châu, giai đoạn 2019-2024"));
    let count = |needle: &str| html.matches(needle).count();
    // Every sample document is a row (its link), none failing or stale.
    let docs = walkdir::WalkDir::new(desk.data.join("ubnd-tinh-lai-chau"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path().extension().is_some_and(|x| x == "yaml")
                && !["co-quan.yaml", "dai-hoi.yaml"].contains(&e.file_name().to_str().unwrap())
        })
        .count();
    assert_eq!(count("<th scope=\"row\"><a href=\"/van-ban?tep="), docs);
    assert!(html.contains(&format!("<p class=\"tong\">{docs} văn bản · tệp ra: ")), "{html}");
    assert!(html.contains("0 lỗi thời</span>") && html.contains("0 lỗi</span>"), "{html}");
    assert_eq!(count("<span class=\"tt tt-loi\">"), 0);
    // The invitation's row: issued, its pages (one per invitee), its print
    // file and mailing list linked, the others counted.
    let row = row_of(&html, "giay-moi.yaml");
    assert!(row.contains("<td>Giấy mời</td>") && row.contains("<td>ban hành</td>"), "{row}");
    assert!(row.contains(">giay-moi.pdf</a>") && row.contains(">danh-sach-gui.csv</a>"), "{row}");
    let invitees = std::fs::read_dir(desk.out.join("ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/giay-moi"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "pdf"))
        .count();
    assert!(row.contains(&format!("<td class=\"so\">{invitees}</td>")), "{row}");
    assert!(row.contains(&format!("và {} tệp khác", invitees)), "{row}");
    // A draft is a draft; the pack and the ZIP are offered per congress.
    assert!(row_of(&html, "ke-hoach-tuyen-truyen.yaml").contains("<td>dự thảo</td>"));
    assert!(html.contains("Tập tài liệu (tap-tai-lieu-dai-hoi.pdf)") || html.contains("Tập tài liệu ("), "{html}");
    assert!(html.contains("/tai-ve/giay-moi.zip?tep=ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/giay-moi.yaml"));
    // Every link to a file opens it.
    let link = between(row, "href=\"/tep/", "\"").replace("&amp;", "&");
    let pdf = desk.get(&format!("/tep/{link}"));
    assert_eq!((pdf.status, pdf.header("content-type")), (200, Some("application/pdf")));
    assert!(pdf.body.starts_with(b"%PDF-"));
}

#[test]
fn a_save_that_breaks_keeps_the_old_pdf_marked_stale_and_a_fix_rebuilds_it() {
    let desk = Desk::start(congress(3), &[]);
    let print = desk.out.join("u/dh/giay-moi.pdf");
    let before = std::fs::read(&print).unwrap();
    let (version, text) = desk.opened(DOC, CONGRESS);
    // A date that does not exist.
    let broken = text.replace("19/07/2024 07:30", "32/07/2024 07:30");
    let saved = desk.save(CONGRESS, &version, &text, &broken);
    assert_eq!(saved.status, 200, "{}", saved.text());
    let j = saved.json();
    assert!(j["so_loi"].as_u64().unwrap() > 0, "{j}");
    assert_eq!(std::fs::read_to_string(desk.data.join(CONGRESS)).unwrap(), broken, "the user's text is saved");
    // The old PDF is there, unchanged, and shown as stale; the problem
    // names the file and line, with the lines around it and a link to fix.
    assert_eq!(std::fs::read(&print).unwrap(), before);
    let build = j["lan_dung"].as_u64().unwrap();
    let state = desk.get(&format!("/van-ban?tep={DOC}&phan=tinh-trang&sau={build}")).text();
    assert!(state.contains(&format!("data-phien-ban=\"{build}\"")), "{state}");
    assert!(state.contains("<span class=\"tt tt-loi\">lỗi</span>"), "{state}");
    assert!(state.contains("giay-moi.pdf</a> <span class=\"tt tt-loi-thoi\">LỖI THỜI</span>"), "{state}");
    assert!(state.contains("data/u/dh/dai-hoi.yaml, dòng 2"), "{state}");
    assert!(
        state.contains("<span class=\"dong-loi\"><span class=\"so-dong\">2</span>thoi_gian: 32/07/2024 07:30"),
        "{state}"
    );
    assert!(state.contains(&format!("href=\"/van-ban?tep={DOC}&amp;sua={CONGRESS}#dong-2\"")), "{state}");
    let dash = desk.get("/").text();
    assert!(row_of(&dash, "giay-moi.yaml").contains("<span class=\"tt tt-loi\">lỗi</span>"), "{dash}");
    // The fix: saved from the version the save answered with.
    let version = j["phien_ban"].as_str().unwrap();
    let fixed = text.replace("19/07/2024 07:30", "20/07/2024 08:00");
    let saved = desk.save(CONGRESS, version, &broken, &fixed);
    assert_eq!((saved.status, saved.json()["so_loi"].as_u64()), (200, Some(0)), "{}", saved.text());
    let after = std::fs::read(&print).unwrap();
    assert_ne!(after, before, "the print file is made again");
    let build = saved.json()["lan_dung"].as_u64().unwrap();
    let state = desk.get(&format!("/van-ban?tep={DOC}&phan=tinh-trang&sau={build}")).text();
    assert!(
        state.starts_with("<div class=\"tinh-trang\"") && state.contains("tt-hien-hanh\">hiện hành</span> Giấy mời"),
        "{state}"
    );
    assert!(!state.contains("LỖI THỜI"), "{state}");
    // Both earlier versions are kept, newest last.
    let mut kept: Vec<String> = std::fs::read_dir(desk.data.join("u/dh/.sao-luu"))
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    kept.sort_by_key(|t| t.contains("32/07"));
    assert_eq!(kept, [text, broken]);
}

#[test]
fn a_save_over_a_file_changed_since_it_was_opened_is_refused_with_the_change() {
    let desk = Desk::start(congress(2), &[]);
    let (version, text) = desk.opened(DOC, CONGRESS);
    // Someone else edits the file meanwhile.
    let theirs = text.replace("Hội trường tỉnh", "Nhà văn hóa tỉnh");
    std::fs::write(desk.data.join(CONGRESS), &theirs).unwrap();
    let mine = text.replace("19/07/2024", "21/07/2024");
    let answer = desk.save(CONGRESS, &version, &text, &mine);
    assert_eq!(answer.status, 409, "{}", answer.text());
    let j = answer.json();
    assert_eq!(j["hien_tai"].as_str(), Some(theirs.as_str()));
    let changes: Vec<String> = j["khac"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| format!("{}{}", c[0].as_str().unwrap(), c[1].as_str().unwrap()))
        .collect();
    assert!(changes.contains(&"-dia_diem: Hội trường tỉnh".to_string()), "{changes:?}");
    assert!(changes.contains(&"+dia_diem: Nhà văn hóa tỉnh".to_string()), "{changes:?}");
    assert_eq!(std::fs::read_to_string(desk.data.join(CONGRESS)).unwrap(), theirs, "nothing overwritten");
    // Saving on top of what is there now, knowingly, works.
    let answer = desk.save(CONGRESS, j["phien_ban"].as_str().unwrap(), &theirs, &mine);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(std::fs::read_to_string(desk.data.join(CONGRESS)).unwrap(), mine);
}

#[test]
fn an_uploaded_list_with_a_bad_row_replaces_nothing_and_a_good_one_replaces_it() {
    let desk = Desk::start(congress(3), &[]);
    let list = desk.data.join("u/dh/khach-moi.csv");
    let before = std::fs::read(&list).unwrap();
    let target = format!("/danh-sach?tep={DOC}&ten=khach-moi.csv");
    // Row 3: a bad e-mail address.
    let bad = "Họ và tên,Chức vụ,Đơn vị,Email\nLò Văn A,Chỉ huy trưởng,Huyện Tân Uyên,a@laichau.gov.vn\nTẩn Thị B,Phó Chỉ huy,Huyện Sìn Hồ,khong-phai-email\n";
    let answer = desk.post(&target, "application/octet-stream", bad.as_bytes());
    assert_eq!(answer.status, 422, "{}", answer.text());
    let rows: Vec<String> =
        answer.json()["cac_loi"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().to_string()).collect();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].starts_with("lỗi: dòng 3") && rows[0].contains("khong-phai-email"), "{rows:?}");
    assert_eq!(std::fs::read(&list).unwrap(), before, "nothing replaced");
    // Another type than the list the invitation reads: refused, said why.
    let answer = desk.post(&format!("/danh-sach?tep={DOC}&ten=khach-moi.xlsx"), "application/octet-stream", b"PK");
    assert_eq!(answer.status, 400);
    assert!(answer.json()["loi"].as_str().unwrap().contains("khach-moi.csv"), "{}", answer.text());
    // A good list replaces it; the old one is kept; the invitations follow.
    let good = "Họ và tên,Chức vụ,Đơn vị\nLò Văn A,Chỉ huy trưởng,Huyện Tân Uyên\nTẩn Thị B,Phó Chỉ huy,Huyện Sìn Hồ\n";
    let answer = desk.post(&target, "application/octet-stream", good.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(std::fs::read_to_string(&list).unwrap(), good);
    let kept = std::fs::read_dir(desk.data.join("u/dh/.sao-luu")).unwrap().next().unwrap().unwrap().path();
    assert_eq!(std::fs::read(kept).unwrap(), before);
    let pdfs: Vec<String> = std::fs::read_dir(desk.out.join("u/dh/giay-moi"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    assert_eq!(pdfs.len(), 2, "{pdfs:?}");
    // No upload is left behind in the data folder.
    let left: Vec<_> = std::fs::read_dir(desk.data.join("u/dh"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".vanban"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_spreadsheet_that_does_not_open_is_refused_in_the_uploads_own_name() {
    let dir = congress(2);
    let folder = dir.path().join("data/u/dh");
    std::fs::copy(
        repo().join("data/ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/khach-moi.xlsx"),
        folder.join("khach-moi.xlsx"),
    )
    .unwrap();
    std::fs::write(folder.join("giay-moi.yaml"), GUEST_INVITATION.replace("khach-moi.csv", "khach-moi.xlsx")).unwrap();
    let desk = Desk::start(dir, &[]);
    let before = std::fs::read(folder_of(&desk).join("khach-moi.xlsx")).unwrap();
    let a =
        desk.post(&format!("/danh-sach?tep={DOC}&ten=khach-moi.xlsx"), "application/octet-stream", b"not a zip at all");
    assert_eq!(a.status, 422, "{}", a.text());
    let rows: Vec<String> =
        a.json()["cac_loi"].as_array().unwrap().iter().map(|l| l.as_str().unwrap().into()).collect();
    // Said of the file the user chose, not of a line of giay-moi.yaml.
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].starts_with("lỗi: khach-moi.xlsx: không mở được bảng tính"), "{rows:?}");
    assert_eq!(std::fs::read(folder_of(&desk).join("khach-moi.xlsx")).unwrap(), before);
}

fn folder_of(desk: &Desk) -> PathBuf {
    desk.data.join("u/dh")
}

#[test]
fn a_new_document_from_a_starter_and_the_invitations_as_one_zip() {
    let desk = Desk::start(congress(3), &[]);
    let body = serde_json::json!({ "thu_muc": "u/dh", "loai": "kich-ban", "ten": "kich-ban" }).to_string();
    let answer = desk.post("/them", "application/json", body.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.json()["href"].as_str(), Some("/van-ban?tep=u/dh/kich-ban.yaml"));
    assert!(desk.data.join("u/dh/kich-ban.yaml").is_file());
    assert!(desk.get("/").text().contains(">kich-ban.yaml</a>"));
    // Never over an existing file, never outside the data folder.
    let again = desk.post("/them", "application/json", body.as_bytes());
    assert_eq!(again.status, 400, "{}", again.text());
    for (dir, name) in [("..", "x"), ("u/dh", "../x"), ("u/dh", "X Y")] {
        let body = serde_json::json!({ "thu_muc": dir, "loai": "ke-hoach", "ten": name }).to_string();
        assert_eq!(desk.post("/them", "application/json", body.as_bytes()).status, 400, "{dir} {name}");
    }
    // The ZIP: each invitation and the mailing list.
    let zip = desk.get(&format!("/tai-ve/giay-moi.zip?tep={DOC}"));
    assert_eq!((zip.status, zip.header("content-type")), (200, Some("application/zip")));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body)).unwrap();
    let mut names: Vec<String> =
        (0..archive.len()).map(|i| archive.by_index(i).unwrap().name().unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(names.last().map(String::as_str), Some("danh-sach-gui.csv"));
    assert!(names[..3].iter().all(|n| n.ends_with(".pdf")));
}

#[test]
fn no_request_reaches_outside_the_data_and_output_folders() {
    let dir = congress(2);
    let secret = dir.path().join("bi-mat.yaml");
    std::fs::write(&secret, "mat_khau: BI-MAT-123\n").unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, dir.path().join("data/u/dh/lien-ket.yaml")).unwrap();
        std::fs::create_dir_all(dir.path().join("output/u")).unwrap();
        std::os::unix::fs::symlink(&secret, dir.path().join("output/u/lien-ket.pdf")).unwrap();
    }
    let root = dir.path().to_string_lossy().into_owned();
    let desk = Desk::start(dir, &[]);
    for target in [
        "/tep/../bi-mat.yaml",
        "/tep/../data/u/co-quan.yaml",
        "/tep/%2e%2e/bi-mat.yaml",
        "/tep/%2E%2E%2Fbi-mat.yaml",
        "/tep/u/..%2f..%2fbi-mat.yaml",
        &format!("/tep/{root}/bi-mat.yaml"),
        &format!("/tep/%2F{}", root.trim_start_matches('/')),
        "/tep/u/lien-ket.pdf",
        "/tep/.vanban-manifest",
        "/tep/u/dh/..%5c..%5cbi-mat.yaml",
        "/van-ban?tep=../bi-mat.yaml",
        "/van-ban?tep=%2e%2e%2fbi-mat.yaml",
        &format!("/van-ban?tep={root}/bi-mat.yaml"),
        &format!("/van-ban?tep={DOC}&sua=../../bi-mat.yaml"),
        &format!("/van-ban?tep={DOC}&sua=u/dh/lien-ket.yaml"),
        &format!("/van-ban?tep={DOC}&sua=%2e%2e%2f%2e%2e%2fbi-mat.yaml"),
        "/tai-ve/giay-moi.zip?tep=../bi-mat.yaml",
        "/tai-san/..%2fmod.rs",
    ] {
        let a = desk.get(target);
        assert!((400..500).contains(&a.status), "{target}: {} {}", a.status, a.text());
        assert!(!a.text().contains("BI-MAT") && !a.text().contains(&root), "{target}: {}", a.text());
    }
    let token = desk.token();
    for tep in ["../bi-mat.yaml", &format!("{root}/bi-mat.yaml"), "u/dh/lien-ket.yaml", "u/dh/%2e%2e/x.yaml"] {
        let a = desk.save(tep, "0", "", "mat_khau: DA-SUA\n");
        assert!((400..500).contains(&a.status), "{tep}: {} {}", a.status, a.text());
        assert!(!a.text().contains(&root), "{}", a.text());
    }
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), "mat_khau: BI-MAT-123\n");
    assert!(!token.is_empty());
}

#[test]
fn a_change_without_the_session_token_or_from_elsewhere_is_refused() {
    let desk = Desk::start(congress(2), &[]);
    let (version, text) = desk.opened(DOC, CONGRESS);
    let changed = text.replace("Hội trường tỉnh", "Nơi khác");
    let body =
        serde_json::json!({ "tep": CONGRESS, "phien_ban": version, "goc": text, "noi_dung": changed }).to_string();
    let origin = format!("http://127.0.0.1:{}", desk.port);
    let token = desk.token();
    let host = format!("127.0.0.1:{}", desk.port);
    let cases: [(&str, Vec<(&str, &str)>); 5] = [
        ("no token", vec![("Origin", &origin), ("Content-Type", "application/json")]),
        ("wrong token", vec![("X-Vanban-Token", "0123"), ("Origin", &origin), ("Content-Type", "application/json")]),
        (
            "another site",
            vec![("X-Vanban-Token", &token), ("Origin", "http://evil.example"), ("Content-Type", "application/json")],
        ),
        (
            "cross-site fetch",
            vec![("X-Vanban-Token", &token), ("Sec-Fetch-Site", "cross-site"), ("Content-Type", "application/json")],
        ),
        (
            "another host name (DNS rebinding)",
            vec![
                ("Host", "evil.example"),
                ("X-Vanban-Token", &token),
                ("Origin", "http://evil.example"),
                ("Content-Type", "application/json"),
            ],
        ),
    ];
    for (what, headers) in cases {
        let a = desk.send("POST", "/luu", &headers, body.as_bytes());
        assert_eq!(a.status, 403, "{what}: {}", a.text());
    }
    assert_eq!(std::fs::read_to_string(desk.data.join(CONGRESS)).unwrap(), text, "nothing written");
    // Even reading needs this desk's own host name.
    assert_eq!(desk.send("GET", "/", &[("Host", "evil.example")], b"").status, 403);
    // The same request from the page itself goes through.
    let a = desk.send(
        "POST",
        "/luu",
        &[("Host", &host), ("X-Vanban-Token", &token), ("Origin", &origin), ("Content-Type", "application/json")],
        body.as_bytes(),
    );
    assert_eq!(a.status, 200, "{}", a.text());
    // An upload past the limit is refused before it is read: the answer
    // comes though the body was never sent.
    let a = desk.send(
        "POST",
        &format!("/danh-sach?tep={DOC}&ten=khach-moi.csv"),
        &[("X-Vanban-Token", &token), ("Origin", &origin), ("Content-Length", &(17u64 << 20).to_string())],
        b"",
    );
    assert_eq!(a.status, 413, "{}", a.text());
}

#[test]
fn beyond_this_machine_every_request_needs_the_printed_key() {
    let desk = Desk::start(congress(1), &["--dia-chi", "0.0.0.0"]);
    let key = desk.url.split("?khoa=").nth(1).expect("a key in the address").to_string();
    assert_eq!(key.len(), 32);
    let anyhost = [("Host", "192.168.1.20:8686")];
    for target in ["/", "/van-ban?tep=u/dh/giay-moi.yaml", "/tep/u/dh/giay-moi.pdf", "/tai-san/ban.js"] {
        let a = desk.send("GET", target, &anyhost, b"");
        assert_eq!(a.status, 401, "{target}: {}", a.text());
    }
    assert_eq!(desk.send("GET", "/?khoa=sai", &anyhost, b"").status, 401);
    let a = desk.send("GET", &format!("/?khoa={key}"), &anyhost, b"");
    assert_eq!(a.status, 200);
    let cookie = a.header("set-cookie").unwrap().split(';').next().unwrap().to_string();
    assert!(a.header("set-cookie").unwrap().contains("HttpOnly"));
    let a = desk.send("GET", "/tep/u/dh/giay-moi.pdf", &[anyhost[0], ("Cookie", &cookie)], b"");
    assert_eq!(a.status, 200);
}

#[test]
fn a_busy_port_is_said_and_ctrl_c_ends_the_desk_though_a_page_is_open() {
    // The port taken by someone else: said, with what to do.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = congress(1);
    let out = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .current_dir(repo())
        .args(["serve", "--cong", &port, "--data"])
        .arg(dir.path().join("data"))
        .arg("--out")
        .arg(dir.path().join("output"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with(&format!("lỗi: không mở được cổng {port}:")) && err.contains("--cong"), "{err}");
    drop(taken);

    // Ctrl+C with a page's event stream open: the desk ends at once.
    let mut desk = Desk::start(congress(1), &[]);
    let mut stream = TcpStream::connect(("127.0.0.1", desk.port)).unwrap();
    write!(stream, "GET /su-kien HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n", desk.port).unwrap();
    let mut first = [0u8; 12];
    stream.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    // SAFETY: sends SIGINT to our own child.
    assert_eq!(unsafe { libc::kill(desk.child.id() as libc::pid_t, libc::SIGINT) }, 0);
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        if let Some(status) = desk.child.try_wait().unwrap() {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "the desk still runs 5 s after Ctrl+C");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn with_docx_the_word_copies_are_linked_beside_their_pdfs() {
    let desk = Desk::start(congress(2), &["--docx"]);
    let page = desk.get("/").text();
    let row = row_of(&page, "ke-hoach.yaml");
    assert!(row.contains(">ke-hoach.pdf</a>") && row.contains(">ke-hoach.docx</a>"), "{row}");
    let link = between(&row[row.find(">ke-hoach.pdf</a>").unwrap()..], "href=\"", "\"").replace("&amp;", "&");
    let docx = desk.get(&link);
    assert_eq!(docx.status, 200);
    assert!(docx.header("content-disposition").unwrap().starts_with("attachment; filename*=UTF-8''ke-hoach.docx"));
    assert!(docx.body.starts_with(b"PK"));
}
