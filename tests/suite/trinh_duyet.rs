//! The desk in a real browser: headless Chromium driven by chromedriver
//! (W3C WebDriver, plain HTTP): open the dashboard, go to the invitation's
//! page, edit the congress's date in its editor, save, and see the
//! invitation's preview change. `.ci/run` installs Chromium and
//! chromedriver; without them (locally) the test says it was skipped, and
//! under CI it fails instead.
//!
//! With `VANBAN_ANH_README=1` it also writes the README's screenshot,
//! `tests/anh/ban-lam-viec.png`.

use crate::ban_lam_viec::{Answer, Desk, http};
use crate::common;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use serde_json::{Value, json};

struct Driver {
    child: Child,
    port: u16,
    session: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.session), &[], b"");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start(chromedriver: &Path, chromium: &Path, profile: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            // The page's event stream never ends: wait for the DOM only.
            "pageLoadStrategy": "eager",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1600,1000",
                    format!("--user-data-dir={}", profile.display()),
                ],
            },
        }}});
        let mut d = Driver { child, port, session: String::new() };
        let answer = d.call("POST", "/session", Some(caps));
        d.session = answer["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {answer}")).to_string();
        d
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let a: Answer =
            http(self.port, method, path, &[("Content-Type", "application/json; charset=utf-8")], body.as_bytes());
        let v = a.json();
        assert!(a.status < 300, "{method} {path}: {} {v}", a.status);
        v["value"].clone()
    }

    fn at(&self, what: &str) -> String {
        format!("/session/{}{what}", self.session)
    }

    fn go(&self, url: &str) {
        self.call("POST", &self.at("/url"), Some(json!({ "url": url })));
    }

    fn find(&self, css: &str) -> String {
        let v = self.call("POST", &self.at("/element"), Some(json!({ "using": "css selector", "value": css })));
        v.as_object().and_then(|o| o.values().next()).and_then(Value::as_str).unwrap().to_string()
    }

    fn click(&self, css: &str) {
        let id = self.find(css);
        self.call("POST", &self.at(&format!("/element/{id}/click")), Some(json!({})));
    }

    fn run(&self, script: &str) -> Value {
        self.call("POST", &self.at("/execute/sync"), Some(json!({ "script": script, "args": [] })))
    }

    /// Waits (at most 60 s) until `script` returns something truthy.
    fn until(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let v = self.run(script);
            if !(v.is_null() || v == json!(false) || v == json!("")) {
                return v;
            }
            assert!(Instant::now() < deadline, "timed out waiting for {what}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn found(names: &[&str]) -> Option<std::path::PathBuf> {
    names.iter().find_map(|n| {
        let out = Command::new("which").arg(n).output().ok()?;
        let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (!path.is_empty()).then(|| path.into())
    })
}

#[test]
fn in_chromium_an_edit_of_the_congress_date_changes_the_invitations_preview() {
    let (Some(chromium), Some(chromedriver), Some(_)) =
        (found(&["chromium", "chromium-browser"]), found(&["chromedriver"]), found(&["pdftotext"]))
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test: install chromium, chromium-driver and poppler-utils"
        );
        eprintln!(
            "BỎ QUA: cần chromium, chromedriver và pdftotext để chạy bàn làm việc trong trình duyệt; .ci/run cài chúng"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("data"), &dir.path().join("data"));
    let desk = Desk::start(dir, &[]);
    let profile = tempfile::tempdir().unwrap();
    let browser = Driver::start(&chromedriver, &chromium, profile.path());

    let doc = "ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/giay-moi.yaml";
    browser.go(&desk.url);
    browser.until("the dashboard", "return document.querySelector('table.van-ban') !== null");
    browser.click(&format!("a[href=\"/van-ban?tep={doc}\"]"));
    browser.until("the invitation's page", "return document.body.dataset.trang === 'van-ban'");
    // The congress's file, in the page's editor.
    browser.click("nav.cac-the a:nth-of-type(2)");
    browser.until(
        "the congress file in the editor",
        "return document.getElementById('form-sua').dataset.tep.endsWith('dai-hoi.yaml')",
    );
    let before = browser.run("return document.getElementById('xem-truoc').getAttribute('src')");
    let before = before.as_str().unwrap().to_string();
    assert!(before.starts_with("/tep/ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/giay-moi.pdf?m="), "{before}");
    let text_of = |src: &str| {
        let pdf = desk.get(src);
        assert_eq!(pdf.status, 200);
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), &pdf.body).unwrap();
        let out = Command::new("pdftotext").arg(file.path()).arg("-").output().unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let old = text_of(&before);
    assert!(old.contains("ngày 19 tháng 7 năm 2024"), "{old}");

    // The clerk types the new date and saves with the button.
    browser.run(
        "const t = document.getElementById('noi-dung');\
         t.focus();\
         t.value = t.value.replace('thoi_gian: 19/07/2024 07:30', 'thoi_gian: 26/07/2024 07:30');\
         t.dispatchEvent(new Event('input'));",
    );
    browser.click("#luu");
    browser.until("the save", "return document.getElementById('ket-qua-luu').textContent.startsWith('Đã lưu')");
    let after = browser.until(
        "the preview to change",
        &format!(
            "const s = document.getElementById('xem-truoc').getAttribute('src'); return s !== {} && s",
            json!(before)
        ),
    );
    let after = after.as_str().unwrap().to_string();
    let text = text_of(&after);
    assert!(text.contains("thứ Sáu, ngày 26 tháng 7 năm 2024") && !text.contains("ngày 19 tháng 7"), "{text}");
    assert!(
        std::fs::read_to_string(desk.data.join("ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/dai-hoi.yaml"))
            .unwrap()
            .contains("thoi_gian: 26/07/2024 07:30")
    );
    // The state says current, built again.
    browser.until("the state", "return document.querySelector('#tinh-trang .tt').textContent === 'hiện hành'");

    // Back on the dashboard, a file saved elsewhere (an editor, Excel)
    // shows there without a reload: its row turns to failed.
    browser.go(&desk.url);
    browser.until("the dashboard", "return document.querySelector('table.van-ban') !== null");
    browser.run("window.__khong_tai_lai = true;");
    let plan = desk.data.join("ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/ke-hoach.yaml");
    let text = std::fs::read_to_string(&plan).unwrap();
    std::fs::write(&plan, format!("{text}\nkhoa_la: 1\n")).unwrap();
    let row = "Array.from(document.querySelectorAll('table.van-ban tbody tr'))\
               .find(r => r.querySelector('th a').textContent === 'ke-hoach.yaml')";
    browser.until(
        "the plan's row to fail by itself",
        &format!("const r = {row}; return window.__khong_tai_lai && r && r.querySelector('.tt').textContent === 'lỗi'"),
    );
    std::fs::write(&plan, &text).unwrap();
    browser.until(
        "the plan's row to be current again",
        &format!("const r = {row}; return r && r.querySelector('.tt').textContent === 'hiện hành'"),
    );
    browser.click(&format!("a[href=\"/van-ban?tep={doc}\"]"));
    browser.until("the invitation's page", "return document.body.dataset.trang === 'van-ban'");
    browser.click("nav.cac-the a:nth-of-type(2)");
    browser
        .until("the congress file", "return document.getElementById('form-sua').dataset.tep.endsWith('dai-hoi.yaml')");

    // The browser's PDF viewer draws the new pages a moment later.
    std::thread::sleep(Duration::from_secs(3));
    let shot = browser.call("GET", &browser.at("/screenshot"), None);
    let png = base64(shot.as_str().unwrap());
    assert!(png.starts_with(b"\x89PNG"));
    if std::env::var_os("VANBAN_ANH_README").is_some() {
        let to = repo().join("tests/anh/ban-lam-viec.png");
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(&to, &png).unwrap();
        eprintln!("ảnh chụp: {}", to.display());
    }
}

/// Standard base64, decoded.
fn base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace() && *c != b'=').collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, c)| n | (value(*c) as u32) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}
