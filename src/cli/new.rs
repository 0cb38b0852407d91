//! `vanban new`: a commented starter file of a kind.

use std::path::Path;
use std::process::ExitCode;

use vanban::diag::shown;

/// Writes the starter of `loai` at `path`.
pub fn run(loai: &str, path: &Path) -> ExitCode {
    match vanban::starter::write(loai, path) {
        Ok(written) => {
            for w in &written {
                println!("  đã tạo   {}", shown(w));
            }
            println!("Mở tệp, sửa theo chú thích, rồi chạy `vanban build {}`.", shown(path));
            ExitCode::SUCCESS
        }
        Err(p) => {
            eprintln!("lỗi: {p}");
            ExitCode::from(1)
        }
    }
}
