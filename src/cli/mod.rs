//! The command line: its arguments (help in Vietnamese), one module per
//! command, and the console that follows a run.

pub mod build;
pub mod console;
pub mod list;
pub mod new;
pub mod serve;
pub mod watch;

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, Parser, Subcommand};
use vanban::build::Paths;

const TEMPLATE: &str = "\
{before-help}{about}

Cách dùng: {usage}

{all-args}{after-help}";

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "vanban: dựng văn bản Đại hội thi đua (kế hoạch, giấy mời, báo cáo, danh sách, kịch bản, \
             tập tài liệu) thành PDF/A đúng thể thức Nghị định 30/2020/NĐ-CP, từ dữ liệu YAML.",
    help_template = TEMPLATE,
    subcommand_help_heading = "Lệnh",
    subcommand_value_name = "LỆNH",
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    after_help = "Ví dụ:\n  vanban build                 dựng mọi văn bản trong data/ vào output/\n  \
                  vanban build data/ubnd-tinh-lai-chau/dai-hoi-quyet-thang-2024\n  \
                  vanban watch data/ubnd-tinh-lai-chau   dựng lại ngay mỗi khi lưu tệp\n  \
                  vanban serve                 bàn làm việc trên trình duyệt: http://127.0.0.1:8686/\n  \
                  vanban check                 kiểm tra mọi văn bản, không ghi tệp nào\n  \
                  vanban new giay-moi data/ubnd-tinh-lai-chau/dai-hoi-2029   tạo tệp mẫu có chú thích"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// In trợ giúp
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true, help_heading = "Tùy chọn")]
    help: Option<bool>,
    /// In phiên bản
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Tùy chọn")]
    version: Option<bool>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Dựng PDF cho các văn bản (mặc định: mọi văn bản trong data/)
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban build [TÙY_CHỌN] [ĐƯỜNG_DẪN]...")]
    Build {
        #[command(flatten)]
        folders: Folders,
        /// Giữ lại mã Typst sinh ra (.typ) bên cạnh mỗi PDF để xem
        #[arg(long, help_heading = "Tùy chọn")]
        emit_typst: bool,
        /// Dựng lại mọi PDF, kể cả PDF không có gì thay đổi kể từ lần dựng trước
        #[arg(long, help_heading = "Tùy chọn")]
        force: bool,
        #[command(flatten)]
        outputs: Outputs,
        /// Tệp YAML hoặc thư mục trong data/ cần dựng (bỏ trống: tất cả)
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        paths: Vec<PathBuf>,
    },
    /// Dựng rồi theo dõi: mỗi khi lưu tệp YAML, bảng tính, mẫu hay phông chữ, dựng lại ngay các văn bản
    /// bị ảnh hưởng (mở PDF bên cạnh trình soạn thảo); báo lỗi mà không dừng. Ctrl+C để dừng.
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban watch [TÙY_CHỌN] [ĐƯỜNG_DẪN]...")]
    Watch {
        #[command(flatten)]
        folders: Folders,
        /// Giữ lại mã Typst sinh ra (.typ) bên cạnh mỗi PDF để xem
        #[arg(long, help_heading = "Tùy chọn")]
        emit_typst: bool,
        #[command(flatten)]
        outputs: Outputs,
        /// Tệp YAML hoặc thư mục trong data/ cần theo dõi (bỏ trống: tất cả)
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        paths: Vec<PathBuf>,
    },
    /// Bàn làm việc trên trình duyệt: xem mọi văn bản của Đại hội và tình trạng của chúng, xem trước PDF,
    /// sửa dữ liệu rồi thấy kết quả ngay, tải danh sách khách mời từ Excel. Ctrl+C để dừng.
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban serve [TÙY_CHỌN] [ĐƯỜNG_DẪN]...")]
    Serve {
        #[command(flatten)]
        folders: Folders,
        /// Cổng của máy chủ (mặc định 8686; 0: một cổng còn trống)
        #[arg(
            long,
            visible_alias = "port",
            value_name = "SỐ",
            default_value_t = 8686,
            hide_default_value = true,
            help_heading = "Tùy chọn"
        )]
        cong: u16,
        /// Địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này). Địa chỉ khác (vd. 0.0.0.0 cho cả mạng nội bộ)
        /// thì mọi yêu cầu phải có khóa truy cập in ra lúc khởi động
        #[arg(
            long,
            value_name = "ĐỊA_CHỈ",
            default_value = "127.0.0.1",
            hide_default_value = true,
            help_heading = "Tùy chọn"
        )]
        dia_chi: IpAddr,
        #[command(flatten)]
        outputs: Outputs,
        /// Tệp YAML hoặc thư mục trong data/ cần hiện (bỏ trống: tất cả)
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        paths: Vec<PathBuf>,
    },
    /// Kiểm tra dữ liệu và dựng thử mọi văn bản, không ghi tệp nào; báo mọi lỗi trong một lần chạy
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban check [TÙY_CHỌN] [ĐƯỜNG_DẪN]...")]
    Check {
        #[command(flatten)]
        folders: Folders,
        /// Tệp YAML hoặc thư mục trong data/ cần kiểm tra (bỏ trống: tất cả)
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        paths: Vec<PathBuf>,
    },
    /// Tạo tệp YAML mới có chú thích mọi khóa, dựng được ngay
    #[command(
        help_template = TEMPLATE,
        disable_help_flag = true,
        override_usage = "vanban new <LOẠI> <ĐƯỜNG_DẪN>",
        about = format!("Tạo tệp YAML mới có chú thích mọi khóa, dựng được ngay ({})", new_kinds())
    )]
    New {
        #[arg(value_name = "LOẠI", help_heading = "Đối số", help = format!("Loại tệp: {}", new_kinds()))]
        loai: String,
        /// Tệp YAML cần tạo, hoặc thư mục sẽ chứa nó
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        path: PathBuf,
        /// In trợ giúp
        #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "Tùy chọn")]
        help: Option<bool>,
    },
    /// Liệt kê các văn bản: loại, dự thảo hay ban hành, và từng tệp ra: hiện hành, LỖI THỜI (đừng in, gửi),
    /// chưa dựng hay lỗi. Không dựng gì.
    #[command(help_template = TEMPLATE, disable_help_flag = true, override_usage = "vanban list [TÙY_CHỌN] [ĐƯỜNG_DẪN]...")]
    List {
        #[command(flatten)]
        folders: Folders,
        /// Tệp YAML hoặc thư mục trong data/ cần liệt kê (bỏ trống: tất cả)
        #[arg(value_name = "ĐƯỜNG_DẪN", help_heading = "Đối số")]
        paths: Vec<PathBuf>,
    },
}

/// What a command that writes files writes besides the PDFs' content
/// (build, watch, serve).
#[derive(Args)]
pub struct Outputs {
    /// Ghi PDF thường thay cho PDF/A-2b (mặc định: PDF/A-2b, chuẩn lưu trữ)
    #[arg(long, help_heading = "Tùy chọn")]
    pdf_thuong: bool,
    /// Ghi thêm bản Word (.docx) cùng thể thức bên cạnh mỗi PDF, để lấy ý kiến góp ý hay gửi qua hệ thống
    /// điện tử; giấy mời có thêm một tệp .docx gộp mọi giấy mời
    #[arg(long, help_heading = "Tùy chọn")]
    docx: bool,
}

impl Outputs {
    pub fn output(&self) -> vanban::build::Output {
        vanban::build::Output { archive: !self.pdf_thuong, docx: self.docx }
    }
}

#[derive(Args)]
pub struct Folders {
    /// Thư mục dữ liệu YAML (mặc định: data)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "data", hide_default_value = true, help_heading = "Tùy chọn")]
    data: PathBuf,
    /// Thư mục mẫu (mặc định: templates)
    #[arg(
        long,
        value_name = "THƯ_MỤC",
        default_value = "templates",
        hide_default_value = true,
        help_heading = "Tùy chọn"
    )]
    templates: PathBuf,
    /// Thư mục phông chữ (mặc định: fonts)
    #[arg(long, value_name = "THƯ_MỤC", default_value = "fonts", hide_default_value = true, help_heading = "Tùy chọn")]
    fonts: PathBuf,
    /// Thư mục ghi PDF (mặc định: output)
    #[arg(
        long,
        value_name = "THƯ_MỤC",
        default_value = "output",
        hide_default_value = true,
        help_heading = "Tùy chọn"
    )]
    out: PathBuf,
    /// In trợ giúp
    #[arg(short = 'h', long = "help", action = ArgAction::Help, help_heading = "Tùy chọn")]
    help: Option<bool>,
}

impl Folders {
    pub fn paths(&self) -> Paths {
        Paths {
            data: self.data.clone(),
            templates: self.templates.clone(),
            fonts: self.fonts.clone(),
            out: self.out.clone(),
        }
    }
}

/// The command line, or the exit code after help, the version or a
/// mistake in it (said in Vietnamese).
pub fn parse() -> Result<Cli, ExitCode> {
    Cli::try_parse().map_err(|e| {
        use clap::error::ErrorKind::*;
        if matches!(e.kind(), DisplayHelp | DisplayVersion) {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        eprintln!("lỗi: {}\nXem `vanban --help`.", clap_message(&e));
        ExitCode::from(2)
    })
}

/// The files `vanban new` writes, for the help.
fn new_kinds() -> String {
    vanban::starter::kinds().collect::<Vec<_>>().join(", ")
}

/// clap's parse errors, in Vietnamese for the usual ones.
fn clap_message(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind::*};
    let value = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let hint = match e.get(ContextKind::SuggestedSubcommand).or(e.get(ContextKind::SuggestedArg)) {
        Some(ContextValue::String(s)) => format!(" Có phải ý bạn là `{s}`?"),
        Some(ContextValue::Strings(v)) if !v.is_empty() => format!(" Có phải ý bạn là `{}`?", v[0]),
        _ => String::new(),
    };
    match e.kind() {
        InvalidSubcommand => format!("không có lệnh `{}`.{hint}", value(ContextKind::InvalidSubcommand)),
        UnknownArgument => format!("không có tùy chọn `{}`.{hint}", value(ContextKind::InvalidArg)),
        MissingSubcommand | DisplayHelpOnMissingArgumentOrSubcommand => {
            "thiếu lệnh: build, watch, serve, check, list hoặc new.".to_string()
        }
        InvalidValue | ValueValidation => format!("giá trị không hợp lệ cho `{}`.", value(ContextKind::InvalidArg)),
        _ => e.to_string(),
    }
}
