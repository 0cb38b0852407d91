//! The congress benchmark: `cargo bench --bench congress`.
//!
//! Generates a synthetic congress in a temporary folder — 500 invitations,
//! 100 Mẫu 08 reports, the list of nominees, the plan and the script — and
//! prints, for the `vanban` command built in release mode:
//! - the cold build's wall time and PDFs per second;
//! - a rebuild with nothing changed;
//! - a rebuild after one invitee's name changed, with how many PDFs it made;
//! - peak memory, and peak memory for a batch of 5,000 documents;
//! - when a `typst` binary is on PATH, the same 500 invitations through the
//!   typst CLI, one process each, two at a time, and the same 500 pages as
//!   one PDF, from the same generated sources and font files, as PDF/A-2b
//!   like vanban's, as ratios measured in this run (and, to show what
//!   vanban's in-memory removal of font hinting is worth, the same with the
//!   typst CLI given fonts without hinting); vanban's side of those is
//!   measured in-process, from a fresh engine (fonts loaded) to the PDFs
//!   written. Each of these four is the median of three runs, each run
//!   started with the disk settled (sync), after the first writing over the
//!   PDFs of the one before, as a re-run does.
//!
//! `cargo bench --bench congress -- --quick` skips the 5,000-document batch.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use rayon::prelude::*;
use vanban::build::{Engine, Mode, Paths};

const INVITEES: usize = 500;
const REPORTS: usize = 100;
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

/// The median time of three runs of `f`, each started once the writes of
/// whatever ran before have reached the disk.
fn median3(mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..3)
        .map(|_| {
            // SAFETY: sync takes no arguments and only flushes buffers.
            unsafe { libc::sync() };
            f()
        })
        .collect();
    times.sort();
    times[1]
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// In-process: from a fresh engine to the invitations' PDFs written, either
/// the 500 single ones, or only the print file (its 500 pages laid out,
/// put together and written as one PDF).
fn vanban_invitations(data: &Path, out: &Path, print_file: bool) -> Duration {
    // Nothing memoised by an earlier measurement in this process.
    typst::comemo::evict(0);
    let start = Instant::now();
    let engine = Engine::new(Paths {
        data: data.to_path_buf(),
        templates: repo().join("templates"),
        fonts: repo().join("fonts"),
        out: out.to_path_buf(),
    })
    .unwrap();
    let (sources, _) = vanban::source::discover::discover(data, &[]);
    let src = sources.iter().find(|s| s.rel.ends_with("giay-moi.yaml")).unwrap();
    let doc = engine.load(src).unwrap();
    let (singles, print) = doc.parts.split_at(doc.parts.len() - 1);
    let mode = Mode::Build { emit_typst: false, force: true };
    engine.install(|| {
        if print_file {
            let pages: Vec<_> = singles
                .par_iter()
                .map(|part| engine.lay_out(&doc, part, &engine.render(&doc, part).unwrap()).unwrap())
                .collect();
            let laid = engine.typesetter.combine(&pages, &print[0].title).unwrap();
            engine.write_pdf(&doc, &print[0], &laid, "", mode).unwrap();
        } else {
            singles.par_iter().for_each(|part| {
                let typ = engine.render(&doc, part).unwrap();
                let laid = engine.typeset(&doc, part, &typ, mode).unwrap();
                engine.write_pdf(&doc, part, &laid, &typ, mode).unwrap();
            })
        }
    });
    start.elapsed()
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

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let out = tmp.path().join("output");
    let dir = congress(&data, "ubnd", INVITEES, REPORTS);
    let args = paths(&data, &out);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    println!(
        "vanban {} — {} cores",
        env!("CARGO_PKG_VERSION"),
        std::thread::available_parallelism().map_or(1, |n| n.get())
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

    println!();
    let singles = median3(|| vanban_invitations(&data, &tmp.path().join("inproc"), false));
    let print = median3(|| vanban_invitations(&data, &tmp.path().join("inproc"), true));
    println!("Median of 3 runs each:");
    println!("vanban: {INVITEES} invitations as {INVITEES} PDFs   {:>10}", secs(singles));
    println!("vanban: the {INVITEES}-page print file          {:>10}", secs(print));
    match on_path("typst") {
        None => println!("typst CLI not on PATH: comparisons skipped (cargo install typst-cli)"),
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
            std::fs::copy(repo().join("templates/vanban.typ"), root.join("vanban.typ")).unwrap();
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
            let per_process = median3(|| typst_cli(&typst, &root, &fonts, &files, 2));
            let one_pdf = median3(|| typst_cli(&typst, &root, &fonts, std::slice::from_ref(&all), 1));
            println!("typst CLI (PDF/A-2b, as vanban writes by default), fonts/ as shipped:");
            println!("typst CLI: {} PDFs, one process each, 2 at a time {:>10}", files.len(), secs(per_process));
            println!("typst CLI: the same {} pages as one PDF          {:>10}", files.len(), secs(one_pdf));
            // The same fonts as vanban embeds them: without their hinting.
            let plain_fonts = tmp.path().join("fonts-without-hinting");
            std::fs::create_dir_all(&plain_fonts).unwrap();
            for entry in std::fs::read_dir(&fonts).unwrap() {
                let p = entry.unwrap().path();
                if p.extension().is_some_and(|e| e == "ttf") {
                    let data = std::fs::read(&p).unwrap();
                    let data = vanban::backend::pdf::dehint::dehint(&data).unwrap_or(data);
                    std::fs::write(plain_fonts.join(p.file_name().unwrap()), data).unwrap();
                }
            }
            let per_process_plain = median3(|| typst_cli(&typst, &root, &plain_fonts, &files, 2));
            let one_pdf_plain = median3(|| typst_cli(&typst, &root, &plain_fonts, std::slice::from_ref(&all), 1));
            println!("typst CLI, given the fonts without hinting, as vanban embeds them:");
            println!("typst CLI: {} PDFs, one process each, 2 at a time {:>10}", files.len(), secs(per_process_plain));
            println!("typst CLI: the same {} pages as one PDF          {:>10}", files.len(), secs(one_pdf_plain));
            let r = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
            println!();
            println!(
                "vanban {INVITEES} PDFs vs typst CLI one process each: {:.1}× faster (target ≥ 5×)",
                r(per_process, singles)
            );
            println!(
                "vanban {INVITEES} PDFs vs typst CLI one PDF:          {:.2}× its time (target ≤ 1.5×)",
                r(singles, one_pdf)
            );
            println!("vanban print file vs typst CLI one PDF:       {:.2}× its time (target ≤ 1×)", r(print, one_pdf));
            println!(
                "with fonts without hinting on both sides: {:.1}× faster, {:.2}× its one-PDF time, print file {:.2}×",
                r(per_process_plain, singles),
                r(singles, one_pdf_plain),
                r(print, one_pdf_plain)
            );
        }
    }

    if !quick {
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
        println!("\n5,000-document batch: {pdfs} PDFs in {}, peak memory {peak:.0} MB (target < 300 MB)", secs(took));
    }
}
