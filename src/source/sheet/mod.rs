//! Reading the first sheet of a spreadsheet (`.xlsx`, `.xlsm`, `.xls`, `.ods`)
//! or a `.csv` file into text cells, as a Vietnamese secretariat makes them:
//! title rows above the header, phone numbers stored as text, Windows-1258 CSV,
//! formula errors. Files that would make calamine allocate gigabytes (zip bombs,
//! sparse or repeated ranges, huge declared counts) are refused before calamine
//! opens them, with bounded memory.

mod bomb;

use bomb::CFB;

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use calamine::{Data, Ods, Reader, Xls, Xlsx};
use unicode_normalization::UnicodeNormalization;

/// Largest file read, in bytes on disk.
pub const MAX_FILE_BYTES: u64 = 20 << 20;
/// Largest total uncompressed size of a zip container (.xlsx, .xlsm, .ods).
pub const MAX_INFLATED_BYTES: u64 = 64 << 20;
/// Largest compression ratio of a zip entry over 1 MiB.
pub const MAX_RATIO: u64 = 200;
/// Most cells a sheet may lay out (calamine builds dense ranges) or hold.
pub const MAX_CELLS: u64 = 2_000_000;
/// Most data rows below the header.
pub const MAX_ROWS: usize = 100_000;

/// What is wrong with the file, or with one cell or row of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetProblem {
    /// 1-based, as the spreadsheet shows it (row 1 = first row).
    pub row: Option<usize>,
    /// 1-based (column 1 = A).
    pub column: Option<usize>,
    /// The heading of the column, when the problem is in a data row.
    pub heading: Option<String>,
    /// Vietnamese, short, says what to do.
    pub message: String,
    /// The row was still read (a warning) or was dropped / the file refused.
    pub warning: bool,
}

impl SheetProblem {
    fn file(message: impl Into<String>) -> Self {
        SheetProblem { row: None, column: None, heading: None, message: message.into(), warning: false }
    }
}

/// The header row and the data rows below it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// 1-based spreadsheet row of the header.
    pub header_row: usize,
    /// Index = 0-based column; empty where the header row has no text.
    pub headings: Vec<String>,
    /// Non-empty rows below the header, without the rows that had a bad cell.
    pub rows: Vec<Row>,
}

/// A data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based spreadsheet row.
    pub number: usize,
    /// (0-based column, text): non-empty cells only, trimmed, NFC, by column.
    pub cells: Vec<(usize, String)>,
}

/// A cell's text, or what is wrong with it (said after "ô B4 ").
type Cell = Result<String, String>;

/// The non-empty cells by 0-based row, then 0-based column.
#[derive(Default)]
struct Grid {
    rows: BTreeMap<u32, Vec<(u32, Cell)>>,
    cells: u64,
}

impl Grid {
    fn put(&mut self, row: u32, column: u32, cell: Option<Cell>) -> Result<(), SheetProblem> {
        match cell {
            None => return Ok(()),
            Some(Ok(t)) if t.is_empty() => return Ok(()),
            Some(cell) => self.rows.entry(row).or_default().push((column, cell)),
        }
        self.cells += 1;
        if self.cells > MAX_CELLS {
            return Err(too_many_cells(self.cells));
        }
        Ok(())
    }
}

/// Reads the first sheet of `path`. `known` tells whether a (raw) heading names
/// a column the caller reads: the header row is the first row with at least two
/// known headings (else the first row with two cells, else the first row).
/// Problems with cells are returned beside the table; the rows holding them are
/// left out of it. A file that cannot be read at all is the `Err`.
pub fn read_table(path: &Path, known: &dyn Fn(&str) -> bool) -> Result<(Table, Vec<SheetProblem>), SheetProblem> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
    if !matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "ods" | "csv") {
        return Err(SheetProblem::file("chỉ đọc được tệp .xlsx, .xls, .ods hoặc .csv"));
    }
    let size = std::fs::metadata(path).map_err(|e| io_problem(&e))?.len();
    if size > MAX_FILE_BYTES {
        return Err(SheetProblem::file(format!(
            "tệp quá lớn ({} MB, tối đa {} MB): xóa các trang, hình ảnh không cần rồi lưu lại",
            size >> 20,
            MAX_FILE_BYTES >> 20
        )));
    }
    let grid = if ext == "csv" { read_csv(path)? } else { read_book(path, &ext)? };
    build(grid, known)
}

fn io_problem(e: &std::io::Error) -> SheetProblem {
    SheetProblem::file(match e.kind() {
        std::io::ErrorKind::NotFound => "không tìm thấy tệp: kiểm tra lại tên và thư mục của tệp".to_string(),
        _ => format!("không đọc được tệp: {e}"),
    })
}

fn corrupt(e: &dyn std::fmt::Display) -> SheetProblem {
    SheetProblem::file(format!("không mở được bảng tính, hãy mở tệp bằng Excel rồi lưu lại: {e}"))
}

fn too_many_cells(n: u64) -> SheetProblem {
    SheetProblem::file(format!(
        "bảng tính có vùng ô quá lớn ({n} ô, tối đa {MAX_CELLS} ô): có thể tệp bị hỏng; \
         hãy xóa các ô thừa ở xa danh sách rồi lưu lại bảng tính từ Excel"
    ))
}

fn inflated(bytes: u64) -> SheetProblem {
    SheetProblem::file(format!(
        "tệp bảng tính quá lớn khi giải nén ({} MB, tối đa {} MB): có thể tệp bị hỏng; hãy lưu lại bảng tính từ Excel",
        bytes >> 20,
        MAX_INFLATED_BYTES >> 20
    ))
}

fn read_book(path: &Path, ext: &str) -> Result<Grid, SheetProblem> {
    let no_sheet = || SheetProblem::file("bảng tính không có trang nào");
    let mut grid = Grid::default();
    let range = |grid: &mut Grid, range: calamine::Range<Data>| {
        let (top, left) = range.start().unwrap_or_default();
        range.used_cells().try_for_each(|(r, c, d)| grid.put(top + r as u32, left + c as u32, cell(d.clone())))
    };
    // Offices rename .xls files to .xlsx and back: the content decides.
    let mut magic = [0; 8];
    File::open(path).and_then(|mut f| f.read(&mut magic)).map_err(|e| io_problem(&e))?;
    let ext = match &magic {
        CFB => "xls",
        [b'P', b'K', 3, 4, ..] if ext == "xls" => "xlsx",
        _ => ext,
    };
    // calamine may panic on a malformed file: report it like any unreadable file.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match ext {
        "xls" => {
            let bytes = std::fs::read(path).map_err(|e| io_problem(&e))?;
            let cells = bomb::xls_cells(&bytes).ok_or_else(|| {
                SheetProblem::file(
                    "không đọc được tệp .xls (tệp hỏng hoặc có mật khẩu): mở bằng Excel, gỡ mật khẩu nếu có, \
                     rồi lưu thành .xlsx",
                )
            })?;
            if cells > MAX_CELLS {
                return Err(too_many_cells(cells));
            }
            let mut book = Xls::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
            range(&mut grid, book.worksheet_range_at(0).ok_or_else(no_sheet)?.map_err(|e| corrupt(&e))?)
        }
        "ods" => {
            check_zip(path, true)?;
            let mut book: Ods<_> = calamine::open_workbook(path).map_err(|e| corrupt(&e))?;
            range(&mut grid, book.worksheet_range_at(0).ok_or_else(no_sheet)?.map_err(|e| corrupt(&e))?)
        }
        _ => {
            check_zip(path, false)?;
            // Cells are streamed: calamine's dense range would span from A1 to a
            // stray cell at XFD1048576 (17 billion cells).
            let mut book: Xlsx<_> = calamine::open_workbook(path).map_err(|e| corrupt(&e))?;
            let name = book.sheet_names().first().cloned().ok_or_else(no_sheet)?;
            let mut cells = book.worksheet_cells_reader(&name).map_err(|e| corrupt(&e))?;
            while let Some(c) = cells.next_cell().map_err(|e| corrupt(&e))? {
                let (r, col) = c.get_position();
                grid.put(r, col, cell(c.get_value().clone().into()))?;
            }
            Ok(())
        }
    }))
    .unwrap_or_else(|_| Err(corrupt(&"tệp bị hỏng")))?;
    Ok(grid)
}

/// The text of a workbook cell; `None` when empty.
fn cell(d: Data) -> Option<Cell> {
    Some(match d {
        Data::Empty => return None,
        Data::String(s) => clean(&s),
        Data::Int(i) => Ok(i.to_string()),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok((f as i64).to_string()),
        Data::Float(f) => Ok(f.to_string()),
        Data::Bool(_) => Err("là giá trị đúng/sai (TRUE/FALSE), không phải chữ: gõ lại nội dung ô".into()),
        Data::Error(e) => Err(formula_error(&e.to_string())),
        Data::DateTime(t) if t.is_duration() => {
            let minutes = (t.as_f64() * 1440.0).round() as i64;
            Ok(format!("{}:{:02}", minutes / 60, minutes % 60))
        }
        Data::DateTime(t) => {
            let (y, mo, d, h, mi, ..) = t.to_ymd_hms_milli();
            Ok(match (t.as_f64() < 1.0, (h, mi) == (0, 0)) {
                (true, _) => format!("{h:02}:{mi:02}"),
                (false, true) => format!("{d:02}/{mo:02}/{y:04}"),
                (false, false) => format!("{d:02}/{mo:02}/{y:04} {h:02}:{mi:02}"),
            })
        }
        Data::DateTimeIso(s) => Ok(iso_date(&s)),
        Data::DurationIso(s) => Ok(iso_duration(&s)),
    })
}

fn formula_error(e: &str) -> String {
    format!("có lỗi công thức {e}: sửa ô này trong bảng tính rồi lưu lại")
}

/// `2024-05-20T08:30:00` (ODS) as `20/05/2024 08:30`.
fn iso_date(s: &str) -> String {
    let part = |a: usize, b: usize| s.get(a..b).filter(|t| t.bytes().all(|c| c.is_ascii_digit()));
    match (part(0, 4), part(5, 7), part(8, 10), part(11, 13), part(14, 16)) {
        (Some(y), Some(m), Some(d), Some(h), Some(mi)) if (h, mi) != ("00", "00") => format!("{d}/{m}/{y} {h}:{mi}"),
        (Some(y), Some(m), Some(d), ..) => format!("{d}/{m}/{y}"),
        _ => s.to_string(),
    }
}

/// `PT08H30M00S` (an ODS time) as `08:30`.
fn iso_duration(s: &str) -> String {
    let unit = |u: char| {
        let (before, _) = s.split_once(u)?;
        before.rsplit(|c: char| !c.is_ascii_digit()).next()?.parse::<u64>().ok()
    };
    match (unit('H'), unit('M')) {
        (Some(h), Some(m)) => format!("{h:02}:{m:02}"),
        _ => s.to_string(),
    }
}

/// Trims and normalises (NFC) a typed text; refuses direction controls, other
/// control characters and formula-error texts (`#N/A` as a CSV or ODS holds it).
fn clean(s: &str) -> Cell {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' => {
                return Err(format!(
                    "có ký tự điều khiển hướng chữ (U+{:04X}) làm đảo ngược chữ khi in: \
                     xóa ký tự này (thường do dán từ trang web)",
                    c as u32
                ));
            }
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            '\u{A0}' | '\u{202F}' => out.push(' '),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {
                return Err(format!(
                    "có ký tự điều khiển (U+{:04X}) không in được: xóa ký tự này rồi lưu lại",
                    c as u32
                ));
            }
            c => out.push(c),
        }
    }
    let text: String = out.replace("\r\n", "\n").replace('\r', "\n").trim().nfc().collect();
    const ERRORS: &str = "#N/A #REF! #DIV/0! #VALUE! #NAME? #NULL! #NUM! #DATA! #SPILL! #CALC! #GETTING_DATA";
    let libreoffice = text.strip_prefix("Err:").is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()));
    if ERRORS.split(' ').any(|e| e == text) || libreoffice { Err(formula_error(&text)) } else { Ok(text) }
}

const ENCODING: &str = "không đọc được bảng mã của tệp CSV: trong Excel chọn Lưu thành (Save As) → \
                        \"CSV UTF-8 (Comma delimited)\", hoặc lưu thành .xlsx";

fn read_csv(path: &Path) -> Result<Grid, SheetProblem> {
    let bytes = std::fs::read(path).map_err(|e| io_problem(&e))?;
    let text = decode(&bytes).ok_or_else(|| SheetProblem::file(ENCODING))?;
    // Excel writes `;` in a Vietnamese locale, tabs as "Unicode Text".
    let count = |d: u8| text.lines().take(10).map(|l| l.bytes().filter(|&b| b == d).count()).sum::<usize>();
    let delimiter = [b',', b';', b'\t'].into_iter().max_by_key(|&d| (count(d), d == b',')).unwrap_or(b',');
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delimiter).from_reader(text.as_bytes());
    let mut grid = Grid::default();
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| SheetProblem {
            row: Some(r + 1),
            ..SheetProblem::file(format!("dòng {} của tệp CSV không đọc được ({e}): lưu lại tệp từ Excel", r + 1))
        })?;
        for (c, field) in record.iter().enumerate() {
            grid.put(r as u32, c as u32, Some(clean(field)))?;
        }
    }
    Ok(grid)
}

/// UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1258; `None` when the
/// bytes are none of these (NULs, or control characters as Windows-1258).
fn decode(bytes: &[u8]) -> Option<String> {
    let (text, legacy) = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        (encoding.decode_without_bom_handling_and_without_replacement(&bytes[bom..])?.into_owned(), false)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (text.to_owned(), false)
    } else {
        (encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes).0.into_owned(), true)
    };
    let control = |c: char| c.is_control() && !matches!(c, '\t' | '\r' | '\n');
    let unreadable = text.contains('\0') || legacy && text.chars().any(control);
    (!unreadable).then_some(text)
}

fn column_name(mut c: u32) -> String {
    let mut name = Vec::new();
    loop {
        name.insert(0, b'A' + (c % 26) as u8);
        if c < 26 {
            return String::from_utf8(name).unwrap_or_default();
        }
        c = c / 26 - 1;
    }
}

fn build(grid: Grid, known: &dyn Fn(&str) -> bool) -> Result<(Table, Vec<SheetProblem>), SheetProblem> {
    fn texts(cells: &[(u32, Cell)]) -> Vec<&String> {
        cells.iter().filter_map(|(_, c)| c.as_ref().ok()).collect()
    }
    let rows = &grid.rows;
    let header = rows
        .iter()
        .find(|(_, cells)| texts(cells).into_iter().filter(|t| known(t)).count() >= 2)
        .or_else(|| rows.iter().find(|(_, cells)| texts(cells).len() >= 2))
        .or_else(|| rows.iter().next())
        .map(|(&r, _)| r)
        .ok_or_else(|| {
            SheetProblem::file("trang đầu của bảng tính không có dữ liệu: nhập danh sách vào trang đầu tiên")
        })?;
    let at = |r: u32, c: u32, heading: Option<String>, message: String, warning: bool| SheetProblem {
        row: Some(r as usize + 1),
        column: Some(c as usize + 1),
        heading,
        message,
        warning,
    };
    let mut problems = Vec::new();
    let mut headings = Vec::new();
    for (c, cell) in &rows[&header] {
        match cell {
            Ok(text) => {
                headings.resize(headings.len().max(*c as usize + 1), String::new());
                headings[*c as usize] = text.clone();
            }
            Err(m) => problems.push(at(header, *c, None, format!("ô {}{} {m}", column_name(*c), header + 1), false)),
        }
    }
    let heading = |c: u32| headings.get(c as usize).filter(|h| !h.is_empty()).cloned();
    let mut out = Vec::new();
    let mut unnamed = BTreeSet::new();
    for (&r, cells) in rows.range(header + 1..) {
        if out.len() == MAX_ROWS {
            return Err(SheetProblem::file(format!(
                "bảng tính có quá nhiều dòng (hơn {MAX_ROWS} dòng dữ liệu): chia danh sách thành nhiều tệp"
            )));
        }
        let mut bad = false;
        for (c, cell) in cells {
            if let Err(m) = cell {
                problems.push(at(r, *c, heading(*c), format!("ô {}{} {m}", column_name(*c), r + 1), false));
                bad = true;
            }
        }
        if bad {
            continue;
        }
        for (c, _) in cells.iter().filter(|(c, _)| heading(*c).is_none()) {
            if unnamed.insert(*c) {
                let message = format!(
                    "cột {0} có dữ liệu (ô {0}{1}) nhưng dòng tiêu đề (dòng {2}) để trống ở cột này: \
                     thêm tiêu đề cho cột hoặc xóa dữ liệu thừa",
                    column_name(*c),
                    r + 1,
                    header + 1
                );
                problems.push(at(r, *c, None, message, true));
            }
        }
        let mut cells: Vec<(usize, String)> =
            cells.iter().filter_map(|(c, cell)| Some((*c as usize, cell.clone().ok()?))).collect();
        cells.sort_by_key(|(c, _)| *c);
        out.push(Row { number: r as usize + 1, cells });
    }
    Ok((Table { header_row: header as usize + 1, headings, rows: out }, problems))
}

/// Refuses a zip container that inflates too much, before calamine opens it;
/// the zip crate then holds every entry to its declared size. Also refuses
/// what calamine would allocate from: an ODS's repeated rows and columns, an
/// xlsx's declared count of shared strings.
fn check_zip(path: &Path, ods: bool) -> Result<(), SheetProblem> {
    let file = File::open(path).map_err(|e| io_problem(&e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| corrupt(&e))?;
    let (mut total, mut worst) = (0u64, None);
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|e| corrupt(&e))?;
        let (size, ratio) = (entry.size(), entry.size() / entry.compressed_size().max(1));
        total = total.saturating_add(size);
        if size > 1 << 20 && ratio > MAX_RATIO {
            worst = Some(format!("phần {} giãn {ratio} lần", entry.name().unwrap_or_default()));
        }
    }
    if total > MAX_INFLATED_BYTES {
        return Err(inflated(total));
    }
    if let Some(worst) = worst {
        return Err(SheetProblem::file(format!(
            "tệp bảng tính nén bất thường ({worst} khi giải nén): có thể tệp bị hỏng; hãy lưu lại bảng tính từ Excel"
        )));
    }
    let cells = if ods {
        let mut xml = Vec::new();
        if let Ok(mut content) = zip.by_name("content.xml") {
            content.read_to_end(&mut xml).map_err(|e| corrupt(&e))?;
        }
        let (cells, bytes) = bomb::ods_cost(&xml);
        if cells <= MAX_CELLS && bytes > 2 * MAX_INFLATED_BYTES {
            return Err(inflated(bytes));
        }
        cells
    } else {
        let names = zip.file_names().filter_map(Result::ok).map(|n| n.into_owned());
        let names: Vec<String> = names.filter(|n| n.to_lowercase().ends_with("sharedstrings.xml")).collect();
        let mut most = 0;
        for name in names {
            let mut xml = Vec::new();
            zip.by_name(&name).map_err(|e| corrupt(&e))?.read_to_end(&mut xml).map_err(|e| corrupt(&e))?;
            let at = xml.windows(11).position(|w| w == b"uniqueCount");
            most = most.max(at.map_or(0, |at| bomb::number(&xml[at + 11..])));
        }
        most
    };
    if cells > MAX_CELLS { Err(too_many_cells(cells)) } else { Ok(()) }
}
