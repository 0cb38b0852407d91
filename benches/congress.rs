//! The congress benchmark: `cargo bench --bench congress`.
//!
//! Prints the machine's load first, then, for the `vanban` command built in
//! release mode, every figure timed as a whole process, as a user runs it:
//! - a synthetic congress (500 invitations, 100 Mẫu 08 reports, the list,
//!   the plan, the script, the pack): the cold build's time, PDFs per second
//!   and peak memory; a rebuild with nothing changed; a rebuild after one
//!   invitee's name changed, with what it made;
//! - when a `typst` binary is on PATH, the 500 invitations (`vanban build
//!   giay-moi.yaml --force`: 500 PDFs, the 500-page print file and the
//!   mailing list) against the typst CLI over the same generated sources and
//!   fonts, as PDF/A-2b like vanban's: one process per PDF two at a time,
//!   and the same 500 pages as one PDF. The three are run in turn, round by
//!   round, each after the disk has settled (sync), and the ratios are the
//!   median of each round's own ratio, so that load from elsewhere on a
//!   shared machine moves both sides of a ratio alike. The one-PDF output's
//!   page count is checked on both sides;
//! - unless `-- --quick`: peak memory of one congress of 20,000 invitees,
//!   and of a batch of 5,050 documents (10 congresses).
//!
//! A summary table closes the output, each figure beside its target.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;

const INVITEES: usize = 500;
const REPORTS: usize = 100;
/// Alternated rounds of the comparison with the typst CLI.
const ROUNDS: usize = 5;
const AWARDS: [&str; 3] = [
    "Bằng khen của Bộ trưởng Bộ Quốc phòng",
    "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    "Giấy khen của Chỉ huy trưởng Bộ Chỉ huy Quân sự tỉnh",
];
const FAMILY: [&str; 10] = ["Nguyễn", "Trần", "Lò", "Lường", "Giàng", "Vàng", "Tẩn", "Pờ", "Tao", "Đèo"];
const MIDDLE: [&str; 5] = ["Văn", "Thị", "A", "Đức", "Quang"];
const GIVEN: [&str; 12] =
    ["An", "Bình", "Chứ", "Dũng", "Hoan", "Hùng", "Lan", "Minh", "Nhung", "Sinh", "Thắng", "Xiêm"];
const UNITS: [&str; 8] =
    ["Tân Uyên", "Than Uyên", "Phong Thổ", "Sìn Hồ", "Mường Tè", "Nậm Nhùn", "Tam Đường", "Lai Châu"];

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn name(i: usize) -> String {
    format!("{} {} {} {}", FAMILY[i % 10], MIDDLE[(i / 10) % 5], GIVEN[(i / 50) % 12], i)
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A congress folder with `invitees` invitations and `reports` reports
/// (plus the list, the plan and the script), under `agency` in `data`.
fn congress(data: &Path, agency: &str, invitees: usize, reports: usize) -> PathBuf {
    let dir = data.join(agency).join("dai-hoi");
    write(
        &data.join(agency).join("co-quan.yaml"),
        &std::fs::read_to_string(repo().join("data/ubnd-tinh-lai-chau/co-quan.yaml")).unwrap(),
    );
    let mut dai_hoi = String::from(
        "ten: Đại hội Thi đua Quyết thắng lực lượng vũ trang tỉnh\ngiai_doan: 2019-2024\nthoi_gian: 19/07/2024 07:30\n\
dia_diem: Hội trường Trung tâm Hội nghị tỉnh\nchu_tri: Đồng chí Lê Văn Lương, Chủ tịch UBND tỉnh\n\
dot_thi_dua: phong trào thi đua Quyết thắng giai đoạn 2019-2024\nkhen_thuong:\n",
    );
    for a in AWARDS {
        dai_hoi.push_str(&format!("  - {a}\n"));
    }
    write(&dir.join("dai-hoi.yaml"), &dai_hoi);

    let mut csv = String::from("STT,Danh xưng,Họ và tên,Chức vụ,Đơn vị,Email,Nhóm,Thứ tự lễ tân\n");
    for i in 0..invitees {
        let (group, rank) =
            if i < invitees / 5 { ("Khách mời", (i + 1).to_string()) } else { ("Triệu tập", String::new()) };
        csv.push_str(&format!(
            "{},Đồng chí,{},Chỉ huy trưởng,Ban Chỉ huy Quân sự huyện {},,{group},{rank}\n",
            i + 1,
            name(i),
            UNITS[i % 8]
        ));
    }
    write(&dir.join("khach-moi.csv"), &csv);
    write(
        &dir.join("giay-moi.yaml"),
        "loai: giay-moi\nso: 12\nngay: 08/07/2024\nkhach_moi: khach-moi.csv\nghi_chu:\n  - \"Trang phục: quân phục thường dùng.\"\nluu: VT, TH4\n",
    );
    for r in 0..reports {
        let collective = r % 3 == 0;
        let award = AWARDS[r % 3];
        let head = if collective {
            format!("doi_tuong: tap-the\nten: Ban Chỉ huy Quân sự xã số {r}, huyện {}\n", UNITS[r % 8])
        } else {
            format!(
                "doi_tuong: ca-nhan\nten: {}\nchuc_vu: Trợ lý Tác chiến\ndon_vi: Ban Chỉ huy Quân sự huyện {}\n",
                name(1000 + r),
                UNITS[r % 8]
            )
        };
        let info = if collective {
            "  tru_so: Trung tâm xã\n  chuc_nang_nhiem_vu: Tham mưu cho cấp ủy, chính quyền xã về công tác quốc phòng, quân sự địa phương.\n"
        } else {
            "  ngay_sinh: 12/03/1985\n  que_quan: tỉnh Lai Châu\n  cap_bac: Đại úy\n"
        };
        let mut rows = String::new();
        for k in 1..=6 {
            rows.push_str(&format!(
                "      - chi_tieu: Chỉ tiêu {k} về huấn luyện, sẵn sàng chiến đấu\n        dang_ky: \"100%\"\n        ket_qua: \"{}%\"\n",
                95 + k
            ));
        }
        let signer =
            if collective { "thu_truong:\n  chuc_vu: Chỉ huy trưởng\n  ho_ten: Lò Văn Tiến\n" } else { "" };
        let body = [
            "loai: bao-cao-thanh-tich\n",
            &head,
            &format!("de_nghi: {award}\n"),
            "tom_tat: Hoàn thành xuất sắc nhiệm vụ giai đoạn 2019-2024.\nngay: 20/06/2024\n",
            "thong_tin_chung:\n",
            info,
            "thanh_tich:\n  - muc: Kết quả thực hiện các chỉ tiêu thi đua\n    bang_chi_tieu:\n",
            &rows,
            "  - muc: Các biện pháp đã thực hiện\n    noi_dung:\n",
            "      - \"Duy trì nghiêm chế độ trực sẵn sàng chiến đấu; huấn luyện sát thực tế; **không có vụ việc vi phạm kỷ luật**.\"\n",
            "      - y: \"Tham gia giúp nhân dân 300 ngày công;\"\n",
            "      - y: \"Phối hợp bảo vệ an toàn các sự kiện chính trị.\"\n",
            signer,
        ]
        .concat();
        write(&dir.join("bao-cao").join(format!("{r:03}.yaml")), &body);
    }
    write(&dir.join("danh-sach-khen-thuong.yaml"), "loai: danh-sach-khen-thuong\nnam: 2024\nbao_cao: bao-cao\n");
    let mut script = String::from(
        "loai: kich-ban\nnam: 2024\nbat_dau: \"07:00\"\nkhach_moi: khach-moi.csv\nbao_cao: bao-cao\nmoi_dot: 10\ntrao_thuong:\n",
    );
    for a in AWARDS {
        script.push_str(&format!("  - hinh_thuc: {a}\n    nguoi_trao: Đại tá Lò Văn Hoan, Chỉ huy trưởng\n"));
    }
    write(&dir.join("kich-ban.yaml"), &script);
    std::fs::copy(
        repo().join("data/ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024/ke-hoach.yaml"),
        dir.join("ke-hoach.yaml"),
    )
    .unwrap();
    dir
}

/// Runs the release `vanban` with `args`: its wall time, output, and peak
/// resident memory in MB (from wait4, for this process alone).
// Reaped by wait4 below, which std's Child does not know of.
#[allow(clippy::zombie_processes)]
fn vanban(args: &[&str]) -> (Duration, String, f64) {
    use std::io::Read;
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        stdout.read_to_string(&mut s).unwrap();
        s
    });
    let mut err = String::new();
    stderr.read_to_string(&mut err).unwrap();
    let text = reader.join().unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value to be filled.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child and fills the structs it is given.
    let pid = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut usage) };
    let took = start.elapsed();
    assert!(pid > 0 && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0, "{text}\n{err}");
    (took, text, usage.ru_maxrss as f64 / 1024.0)
}

/// One HTTP/1.1 request to the desk on `port`: the status and body.
fn http(port: u16, method: &str, target: &str, headers: &[(&str, &str)], body: &[u8]) -> (u16, Vec<u8>) {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let mut head = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let status = String::from_utf8_lossy(&raw[..split]).split(' ').nth(1).unwrap().parse().unwrap();
    (status, raw[split + 4..].to_vec())
}

/// Starts `vanban serve` over the built congress (`args`), times its
/// dashboard (ms, median of 20), then uploads the list `csv` with one
/// more invitee renamed and times until that invitee's new PDF is served.
fn desk(args: &[&str], csv: &Path) -> (f64, f64) {
    use std::io::BufRead;
    let mut child = Command::new(env!("CARGO_BIN_EXE_vanban"))
        .args(["serve", "--cong", "0"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.map_while(Result::ok).find(|l| l.trim().starts_with("http://")).expect("the desk's address");
    let port: u16 = url.trim().trim_end_matches('/').rsplit(':').next().unwrap().parse().unwrap();
    let mut times = Vec::new();
    let mut page = Vec::new();
    for _ in 0..20 {
        let start = Instant::now();
        let (status, body) = http(port, "GET", "/", &[], b"");
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(status, 200);
        page = body;
    }
    let page = String::from_utf8_lossy(&page).into_owned();
    let token = page.split("name=\"vanban-phien\" content=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
    let text = std::fs::read_to_string(csv).unwrap();
    let list = text.replacen(&name(9), "Nguyễn Văn Sửa Trên Bàn", 1);
    let origin = format!("http://127.0.0.1:{port}");
    let headers = [("X-Vanban-Token", token.as_str()), ("Origin", origin.as_str())];
    let start = Instant::now();
    let (status, body) =
        http(port, "POST", "/danh-sach?tep=ubnd/dai-hoi/giay-moi.yaml&ten=khach-moi.csv", &headers, list.as_bytes());
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let (status, pdf) = http(port, "GET", "/tep/ubnd/dai-hoi/giay-moi/010-nguyen-van-sua-tren-ban.pdf", &[], b"");
    let edit = start.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(status, 200, "the renamed invitee's PDF");
    assert!(pdf.starts_with(b"%PDF"));
    let _ = child.kill();
    let _ = child.wait();
    (median(times), edit)
}

fn count(dir: &Path, ext: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == ext))
        .count()
}

fn paths(data: &Path, out: &Path) -> Vec<String> {
    [
        "--data",
        data.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--templates",
        repo().join("templates").to_str().unwrap(),
        "--fonts",
        repo().join("fonts").to_str().unwrap(),
    ]
    .map(String::from)
    .to_vec()
}

/// Lets the writes of whatever ran before reach the disk.
fn settle() {
    // SAFETY: sync takes no arguments and only flushes buffers.
    unsafe { libc::sync() };
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The machine's load averages (1, 5 and 15 minutes), as the kernel says.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The page count of a PDF written by Typst: its page tree's largest
/// `/Count`.
fn pages(pdf: &Path) -> usize {
    let bytes = std::fs::read(pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    text.match_indices("/Count ")
        .filter_map(|(i, m)| text[i + m.len()..].split(|c: char| !c.is_ascii_digit()).next()?.parse().ok())
        .max()
        .unwrap_or(0)
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// The typst CLI over the sources vanban generated, with the fonts of
/// `fonts`: one process per file, `jobs` at a time, each writing PDF/A-2b as
/// vanban does.
fn typst_cli(typst: &Path, root: &Path, fonts: &Path, files: &[PathBuf], jobs: usize) -> Duration {
    let start = Instant::now();
    files.par_chunks(files.len().div_ceil(jobs)).for_each(|chunk| {
        for f in chunk {
            let status = Command::new(typst)
                .args(["compile", "--root"])
                .arg(root)
                .args(["--font-path"])
                .arg(fonts)
                .args(["--ignore-system-fonts", "--input", "font=Liberation Serif", "--pdf-standard", "a-2b"])
                .arg(f)
                .arg(f.with_extension("pdf"))
                .status()
                .unwrap();
            assert!(status.success(), "typst failed on {}", f.display());
        }
    });
    start.elapsed()
}

fn on_path(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?.to_str()?.split(':').map(|d| Path::new(d).join(program)).find(|p| p.is_file())
}

/// The benchmark's folder: removed at the end, unless kept.
enum Kept {
    Temp(tempfile::TempDir),
    Dir(PathBuf),
}

impl From<PathBuf> for Kept {
    fn from(dir: PathBuf) -> Self {
        Kept::Dir(dir)
    }
}

impl Kept {
    fn path(&self) -> &Path {
        match self {
            Kept::Temp(t) => t.path(),
            Kept::Dir(d) => d,
        }
    }
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    // VANBAN_BENCH_DIR keeps the generated congress and its output there
    // (emptied first), to be looked at after the run.
    let tmp = match std::env::var_os("VANBAN_BENCH_DIR") {
        Some(dir) => {
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir).unwrap();
            tempfile::TempDir::with_prefix_in("bench", &dir).unwrap().keep().into()
        }
        None => Kept::Temp(tempfile::tempdir().unwrap()),
    };
    let data = tmp.path().join("data");
    let out = tmp.path().join("output");
    let dir = congress(&data, "ubnd", INVITEES, REPORTS);
    let args = paths(&data, &out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    println!(
        "vanban {} — {} cores, load average before starting: {}",
        env!("CARGO_PKG_VERSION"),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load()
    );
    println!("Synthetic congress: {INVITEES} invitations, {REPORTS} Mẫu 08 reports, the list, the plan, the script.\n");

    let (cold, _, peak) = vanban(&[&["build"], &args[..]].concat());
    let pdfs = count(&out, "pdf");
    println!(
        "cold build                {:>10}  {pdfs} PDFs, {:.0} PDFs/s, peak memory {peak:.0} MB",
        secs(cold),
        pdfs as f64 / cold.as_secs_f64()
    );
    let (warm, text, _) = vanban(&[&["build"], &args[..]].concat());
    let summary = text.lines().find(|l| l.contains("tệp PDF dựng mới")).unwrap_or("").trim();
    println!("rebuild, nothing changed  {:>10}  ({summary})", secs(warm));

    let csv = dir.join("khach-moi.csv");
    let text = std::fs::read_to_string(&csv).unwrap();
    std::fs::write(&csv, text.replacen(&name(7), "Nguyễn Văn Đổi Tên", 1)).unwrap();
    let (one, text, _) = vanban(&[&["build"], &args[..]].concat());
    let summary = text.lines().find(|l| l.contains("tệp PDF dựng mới")).unwrap_or("").trim();
    let which: Vec<&str> = text.lines().filter(|l| l.contains("đã dựng")).map(str::trim).collect();
    println!("rebuild, 1 invitee renamed{:>10}  ({summary})", secs(one));
    for w in which {
        println!("                                      {w}");
    }

    // The desk (`vanban serve`) over this congress: its dashboard's answer
    // time, and from uploading the list with one invitee renamed (the desk's
    // way of editing a list) to that invitation's new PDF being served.
    let (dashboard, edit) = desk(&args, &csv);
    println!("desk: dashboard            {dashboard:>7.1} ms  (median of 20, {} documents)", REPORTS + 4);
    println!("desk: edit one invitee → preview {edit:>5.0} ms");

    // The cold build with the Word copies, against without: alternated
    // rounds into fresh output folders, the median of each.
    let (mut plain, mut word) = (Vec::new(), Vec::new());
    for round in 0..if quick { 1 } else { 3 } {
        for docx in [false, true] {
            let fresh = tmp.path().join(format!("word-{round}-{docx}"));
            let args = paths(&data, &fresh);
            let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
            args.insert(0, "build");
            if docx {
                args.insert(1, "--docx");
            }
            settle();
            let (took, _, _) = vanban(&args);
            if docx {
                assert_eq!(
                    count(&fresh, "docx"),
                    count(&fresh, "pdf") - 1,
                    "a Word copy beside every PDF but the pack's"
                );
                word.push(took.as_secs_f64());
            } else {
                plain.push(took.as_secs_f64());
            }
            let _ = std::fs::remove_dir_all(&fresh);
        }
    }
    let (plain, word) = (median(plain), median(word));
    println!(
        "cold build with --docx    {:>10}  against {:.2} s without: +{:.0} % ({} .docx)",
        format!("{word:.2} s"),
        plain,
        100.0 * (word / plain - 1.0),
        count(&out, "pdf") - 1
    );

    let mut table: Vec<(String, String, String)> = vec![
        ("cold build, one congress".into(), format!("{} ({peak:.0} MB)", secs(cold)), String::new()),
        ("rebuild, nothing changed".into(), secs(warm), "< 0.15 s".into()),
        ("rebuild, 1 invitee renamed".into(), secs(one), "< 0.5 s".into()),
        ("desk: dashboard of the congress".into(), format!("{dashboard:.1} ms"), "< 200 ms".into()),
        ("desk: edit one invitee → new preview".into(), format!("{edit:.0} ms"), "< 500 ms".into()),
        (
            "cold build with --docx, against without".into(),
            format!("{word:.2} s against {plain:.2} s: +{:.0} %", 100.0 * (word / plain - 1.0)),
            "< +30 %".into(),
        ),
    ];

    match on_path("typst") {
        None => println!("\ntypst CLI not on PATH: comparisons skipped (cargo install typst-cli)"),
        Some(typst) => {
            // The same generated sources, under a root with the layout library.
            let emitted = tmp.path().join("emitted");
            let emit = paths(&data, &emitted);
            let target = dir.join("giay-moi.yaml");
            let mut inv: Vec<&str> = vec!["build", "--force", "--emit-typst"];
            inv.extend(emit.iter().map(String::as_str));
            inv.push(target.to_str().unwrap());
            vanban(&inv);
            let root = tmp.path().join("root");
            std::fs::create_dir_all(root.join("inv")).unwrap();
            // The layout library and the chosen values it reads.
            for file in ["vanban.typ", "the-thuc.yaml"] {
                std::fs::copy(repo().join("templates").join(file), root.join(file)).unwrap();
            }
            let folder = emitted.join("ubnd/dai-hoi");
            let mut files = Vec::new();
            for entry in std::fs::read_dir(folder.join("giay-moi")).unwrap() {
                let p = entry.unwrap().path();
                if p.extension().is_some_and(|e| e == "typ") {
                    let to = root.join("inv").join(p.file_name().unwrap());
                    std::fs::copy(&p, &to).unwrap();
                    files.push(to);
                }
            }
            files.sort();
            // The same pages as one document: every invitation's source in
            // turn, each on new pages.
            let all = root.join("giay-moi.typ");
            let main: String = files
                .iter()
                .map(|f| {
                    format!("#include \"/inv/{}\"\n#pagebreak(weak: true)\n", f.file_name().unwrap().to_string_lossy())
                })
                .collect();
            std::fs::write(&all, main).unwrap();
            let fonts = repo().join("fonts");
            // vanban as a user runs it on the invitations alone.
            let own = paths(&data, &tmp.path().join("invitations"));
            let mut just: Vec<&str> = vec!["build", "--force"];
            just.extend(own.iter().map(String::as_str));
            just.push(target.to_str().unwrap());
            let (mut each, mut one_pdf) = (Vec::new(), Vec::new());
            println!("\nAlternated rounds (vanban process | typst CLI, one process per PDF | typst CLI, one PDF):");
            for round in 1..=ROUNDS {
                settle();
                let (v, _, _) = vanban(&just);
                settle();
                let c = typst_cli(&typst, &root, &fonts, &files, 2);
                settle();
                let o = typst_cli(&typst, &root, &fonts, std::slice::from_ref(&all), 1);
                println!("  round {round}: {} | {} | {}", secs(v), secs(c), secs(o));
                each.push(c.as_secs_f64() / v.as_secs_f64());
                one_pdf.push(v.as_secs_f64() / o.as_secs_f64());
            }
            let print_file = tmp.path().join("invitations/ubnd/dai-hoi/giay-moi.pdf");
            let (ours, theirs) = (pages(&print_file), pages(&all.with_extension("pdf")));
            assert_eq!((ours, theirs), (INVITEES, INVITEES), "the one-PDF outputs do not have one page per invitee");
            println!("  one-PDF outputs: {ours} pages (vanban's print file), {theirs} pages (typst CLI)");
            table.push((
                format!("{INVITEES} invitations vs typst CLI, one process each"),
                format!("{:.1}× faster", median(each)),
                "≥ 5×".into(),
            ));
            table.push((
                format!("{INVITEES} invitations vs typst CLI, one PDF"),
                format!("{:.2}× its time", median(one_pdf)),
                "≤ 1.0×".into(),
            ));
        }
    }

    if !quick {
        // One congress of 20,000 invitees (their invitations and print file).
        let huge = tempfile::tempdir().unwrap();
        let data = huge.path().join("data");
        let dir = congress(&data, "ubnd", 20_000, 0);
        // No reports: no list and no script; the plan stays for the pack.
        for file in ["danh-sach-khen-thuong.yaml", "kich-ban.yaml"] {
            std::fs::remove_file(dir.join(file)).unwrap();
        }
        let args = paths(&data, &huge.path().join("output"));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (took, _, peak) = vanban(&[&["build"], &args[..]].concat());
        println!("\n20,000 invitees in one congress: {} , peak memory {peak:.0} MB", secs(took));
        table.push(("one congress of 20,000 invitees, peak".into(), format!("{peak:.0} MB"), "< 400 MB".into()));
        drop(huge);

        // 5,000 documents: 10 congresses of 400 invitations and 100 reports
        // (4,000 + 10 print files + 1,000 reports + lists, plans, scripts).
        let big = tempfile::tempdir().unwrap();
        let data = big.path().join("data");
        for c in 0..10 {
            congress(&data, &format!("co-quan-{c}"), 400, 100);
        }
        let args = paths(&data, &big.path().join("output"));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (took, _, peak) = vanban(&[&["build"], &args[..]].concat());
        let pdfs = count(&big.path().join("output"), "pdf");
        println!("\n5,000-document batch: {pdfs} PDFs in {}, peak memory {peak:.0} MB", secs(took));
        table.push((format!("{pdfs}-PDF batch, peak"), format!("{peak:.0} MB"), "< 300 MB".into()));
    }

    println!("\n| what | result | target |\n|---|---|---|");
    for (what, result, target) in table {
        println!("| {what} | {result} | {target} |");
    }
}
