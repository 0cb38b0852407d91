//! `vanban serve`: the clerk's desk in a browser, until interrupted.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use vanban::build::{Output, Paths};
use vanban::serve::{Listen, Setup};

/// Builds `selection`, then serves the desk on `address:port`.
pub fn run(paths: Paths, output: Output, selection: &[PathBuf], address: IpAddr, port: u16) -> ExitCode {
    let setup = Setup { paths, selection: selection.to_vec(), output };
    println!("Đang dựng mọi văn bản lần đầu…");
    let result = vanban::serve::run(setup, Listen { address, port }, |url| {
        println!("Bàn làm việc đã sẵn sàng. Mở trình duyệt tại:\n\n    {url}\n");
        if !address.is_loopback() {
            println!(
                "Bàn làm việc mở cho máy khác trong mạng ({address}): chỉ ai có địa chỉ kèm khóa ở trên mới vào được. \
                 Đừng gửi khóa qua kênh công khai."
            );
        }
        println!("Nhấn Ctrl+C để dừng.");
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // A problem of the server itself has no file to name.
        Err(p) if p.file.as_os_str().is_empty() => {
            eprintln!("lỗi: {}", p.message);
            ExitCode::from(2)
        }
        Err(p) => {
            eprintln!("lỗi: {p}");
            ExitCode::from(2)
        }
    }
}
