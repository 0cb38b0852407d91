//! `vanban watch`: a saved edit rebuilds the PDF; a broken file is reported
//! and the watching goes on; the fix rebuilds again.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use common::*;

/// The watcher, killed when dropped, and its output lines (stdout and
/// stderr, which may interleave in any order).
struct Watching {
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    /// Where the lines after the last change start.
    mark: usize,
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Watching {
    fn start(data: &Path, templates: &Path, out: &Path) -> Watching {
        Watching::with(data, templates, out, &[])
    }

    /// The same with more options (`--docx`).
    fn with(data: &Path, templates: &Path, out: &Path, options: &[&str]) -> Watching {
        let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
            .current_dir(repo())
            .arg("watch")
            .args(options)
            .arg("--data")
            .arg(data)
            .arg("--templates")
            .arg(templates)
            .arg("--out")
            .arg(out)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        Watching { child, lines, seen: Vec::new(), mark: 0 }
    }

    /// Saves `text` to `path`: the lines looked at from now on are those
    /// that follow.
    fn save(&mut self, path: &Path, text: &str) {
        self.mark = self.seen.len();
        std::fs::write(path, text).unwrap();
    }

    /// Waits (at most 30 s) for a line containing `needle` since the last
    /// save.
    fn wait_for(&mut self, needle: &str) -> String {
        if let Some(line) = self.seen[self.mark..].iter().find(|l| l.contains(needle)) {
            return line.clone();
        }
        let deadline = Instant::now() + Duration::from_secs(30);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!("no line with {needle:?}; output so far:\n{}", self.seen.join("\n"));
    }

    fn alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }
}

/// The title in the PDF's metadata (XMP is stored uncompressed).
fn title_in(pdf: &Path, title: &str) -> bool {
    let bytes = std::fs::read(pdf).unwrap_or_default();
    String::from_utf8_lossy(&bytes).contains(title)
}

#[test]
fn an_edit_rebuilds_the_pdf_and_errors_do_not_stop_the_watch() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN), ("u/khac.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let templates = templates_copy();
    let pdf = out.path().join("u/kh.pdf");
    let other = out.path().join("u/khac.pdf");
    let mut w = Watching::start(data.path(), templates.path(), out.path());
    w.wait_for("Đang theo dõi");
    assert!(title_in(&pdf, "Tổ chức Đại hội Thi đua"));
    let other_before = std::fs::metadata(&other).unwrap().modified().unwrap();

    // An edit: the PDF shows it, and only that document is typeset.
    let plan = data.path().join("u/kh.yaml");
    let edited = PLAN.replace("trich_yeu: Tổ chức Đại hội Thi đua", "trich_yeu: Tổ chức Hội nghị điển hình tiên tiến");
    let saved = Instant::now();
    w.save(&plan, &edited);
    w.wait_for("đã dựng  u/kh.yaml");
    let done = w.wait_for("đang theo dõi tiếp");
    assert!(title_in(&pdf, "Tổ chức Hội nghị điển hình tiên tiến"));
    let took = saved.elapsed();
    assert!(took < Duration::from_secs(5), "{took:?}: {done}");
    assert_eq!(std::fs::metadata(&other).unwrap().modified().unwrap(), other_before);

    // A broken file: the message names the file and line; the watch goes on,
    // and the last good PDF stays.
    w.save(&plan, &edited.replace("ngay: 07/03/2024", "ngay: 31/02/2024"));
    let problem = w.wait_for("lỗi:");
    assert!(problem.contains("kh.yaml:3:") && problem.contains("ngày"), "{problem}");
    w.wait_for("đang theo dõi tiếp");
    assert!(w.alive());
    assert!(title_in(&pdf, "Tổ chức Hội nghị điển hình tiên tiến"));

    // Fixed: rebuilt again.
    w.save(&plan, &edited.replace("Hội nghị", "Hội thảo"));
    w.wait_for("đã dựng  u/kh.yaml");
    w.wait_for("đang theo dõi tiếp");
    assert!(title_in(&pdf, "Tổ chức Hội thảo điển hình tiên tiến"));

    // The agency file is read again too: every document follows it.
    w.save(&data.path().join("u/co-quan.yaml"), &AGENCY.replace("Lê Văn Lương", "Lê Văn Mới"));
    w.wait_for("đang theo dõi tiếp");
    assert!(std::fs::metadata(&other).unwrap().modified().unwrap() > other_before);
    w.wait_for("đã dựng  u/khac.yaml");

    // A chosen value of the layout changed: read again, and every PDF
    // made again.
    let values = templates.path().join("the-thuc.yaml");
    let text = std::fs::read_to_string(&values).unwrap();
    assert!(text.contains("\ncho_ky: 30\n"));
    w.save(&values, &text.replace("\ncho_ky: 30\n", "\ncho_ky: 35\n"));
    w.wait_for("đang theo dõi tiếp");
    w.wait_for("đã dựng  u/kh.yaml");
    w.wait_for("đã dựng  u/khac.yaml");
}

/// `vanban watch --docx` keeps the Word copy up to date with the PDF.
#[test]
fn watch_with_docx_remakes_the_word_copy_on_save() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let mut w = Watching::with(data.path(), &repo().join("templates"), out.path(), &["--docx"]);
    w.wait_for("Đang theo dõi");
    let docx = out.path().join("u/kh.docx");
    assert!(docx.is_file());
    w.save(&data.path().join("u/kh.yaml"), &PLAN.replace("Đánh giá kết quả.", "Đánh giá, tổng kết."));
    w.wait_for("đang theo dõi tiếp");
    let file = std::fs::File::open(&docx).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml).unwrap();
    assert!(xml.contains("Đánh giá, tổng kết."), "the Word copy follows the save");
    assert!(w.alive());
}

/// Another program reading the watched folders all the time (a build in
/// another window reads the fonts and templates) does not hold a save back:
/// found when the property tests ran beside the watch, each of their builds
/// reading the fonts.
#[test]
fn steady_reads_of_the_templates_do_not_hold_a_save_back() {
    let data = data_dir(&[("u/co-quan.yaml", AGENCY), ("u/kh.yaml", PLAN)]);
    let out = tempfile::tempdir().unwrap();
    let templates = templates_copy();
    let mut w = Watching::start(data.path(), templates.path(), out.path());
    w.wait_for("Đang theo dõi");
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (stop, file) = (stop.clone(), templates.path().join("vanban.typ"));
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                std::fs::read(&file).unwrap();
                std::thread::sleep(Duration::from_millis(5));
            }
        })
    };
    let saved = Instant::now();
    w.save(
        &data.path().join("u/kh.yaml"),
        &PLAN.replace("trich_yeu: Tổ chức Đại hội Thi đua", "trich_yeu: Tổ chức Hội nghị"),
    );
    w.wait_for("đã dựng  u/kh.yaml");
    let took = saved.elapsed();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    reader.join().unwrap();
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert!(title_in(&out.path().join("u/kh.pdf"), "Tổ chức Hội nghị"));
}
