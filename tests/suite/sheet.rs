//! Tests of `sheet::read_table` on the fixtures made by
//! tests/fixtures/bang-tinh/make_fixtures.py.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use unicode_normalization::{UnicodeNormalization, is_nfc};
use vanban::source::sheet::{Row, SheetProblem, Table, read_table};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bang-tinh").join(name)
}

/// The caller's test of a heading: these are the columns it reads.
fn known(heading: &str) -> bool {
    let folded: String = heading.nfd().filter(char::is_ascii_alphanumeric).collect::<String>().to_lowercase();
    ["hovaten", "chucvu", "donvi", "email"].contains(&folded.as_str())
}

fn read(name: &str) -> Result<(Table, Vec<SheetProblem>), SheetProblem> {
    read_table(&fixture(name), &known)
}

fn row(number: usize, cells: &[(usize, &str)]) -> Row {
    Row { number, cells: cells.iter().map(|(c, t)| (*c, t.to_string())).collect() }
}

fn problem(row: usize, column: usize, heading: Option<&str>, message: &str, warning: bool) -> SheetProblem {
    SheetProblem {
        row: Some(row),
        column: Some(column),
        heading: heading.map(String::from),
        message: message.to_string(),
        warning,
    }
}

fn file_problem(message: &str) -> SheetProblem {
    SheetProblem { row: None, column: None, heading: None, message: message.to_string(), warning: false }
}

/// What the office list reads as, in every workbook format.
fn check_office_list(name: &str) {
    let (table, problems) = read(name).unwrap_or_else(|p| panic!("{name}: {p:?}"));
    assert_eq!(table.header_row, 4, "{name}");
    assert_eq!(
        table.headings,
        ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Ghi chú 2", "Ngày sinh"],
        "{name}"
    );
    let expected = vec![
        row(
            5,
            &[
                (0, "1"),
                (1, "Lò Văn An"),
                (2, "Chủ tịch UBND xã"),
                (3, "UBND xã Nậm Tăm"),
                (4, "0912345678"),
                (5, "2.5"),
                (6, "14/03/1975"),
            ],
        ),
        row(
            6,
            &[
                (0, "2"),
                (1, "Nguyễn Thị Hồng Nhung"),
                (2, "Phó Giám đốc"),
                (3, "Sở Giáo dục và Đào tạo"),
                (4, "+84213876215"),
                (5, "20/05/2024 08:30"),
                (6, "02/11/1982"),
            ],
        ),
        // Rows 7, 9 and 10 have a bad cell: left out. D8 lost its no-break and zero-width spaces.
        row(
            8,
            &[
                (0, "4"),
                (1, "Vàng Thị Mỷ"),
                (2, "Bí thư Đoàn"),
                (3, "Huyện đoàn Sìn Hồ"),
                (4, "0987654321"),
                (7, "ghi thêm"),
            ],
        ),
        row(11, &[(0, "7"), (1, "Giàng A Chu"), (2, "Trưởng bản"), (3, "Bản Huổi Luông"), (4, "02133876215")]),
    ];
    assert_eq!(table.rows, expected, "{name}");
    let expected = vec![
        problem(7, 3, Some("Chức vụ"), "ô C7 có lỗi công thức #N/A: sửa ô này trong bảng tính rồi lưu lại", false),
        problem(
            8,
            8,
            None,
            "cột H có dữ liệu (ô H8) nhưng dòng tiêu đề (dòng 4) để trống ở cột này: \
             thêm tiêu đề cho cột hoặc xóa dữ liệu thừa",
            true,
        ),
        problem(
            9,
            4,
            Some("Đơn vị"),
            "ô D9 là giá trị đúng/sai (TRUE/FALSE), không phải chữ: gõ lại nội dung ô",
            false,
        ),
        problem(
            10,
            2,
            Some("Họ và tên"),
            "ô B10 có ký tự điều khiển hướng chữ (U+202E) làm đảo ngược chữ khi in: \
             xóa ký tự này (thường do dán từ trang web)",
            false,
        ),
    ];
    assert_eq!(problems, expected, "{name}");
}

#[test]
fn xlsx_office_list() {
    check_office_list("khach-moi-van-phong.xlsx");
}

#[test]
fn ods_office_list() {
    check_office_list("khach-moi-van-phong.ods");
}

#[test]
fn xls_office_list() {
    check_office_list("khach-moi-van-phong.xls");
}

#[test]
fn xls_renamed_xlsx_office_list() {
    check_office_list("khach-moi-doi-duoi.xlsx");
}

#[test]
fn header_without_known_headings_is_first_row_of_two_cells() {
    // The merged title rows hold one cell each: they are not taken as the header.
    let (table, _) = read_table(&fixture("khach-moi-van-phong.xlsx"), &|_| false).unwrap();
    assert_eq!(table.header_row, 4);
    assert_eq!(table.headings[1], "Họ và tên");
}

fn csv_table() -> Table {
    let (table, problems) = read("khach-moi-utf8.csv").unwrap();
    assert_eq!(problems, []);
    table
}

#[test]
fn csv_utf8_with_title_rows() {
    let table = csv_table();
    assert_eq!(table.header_row, 4);
    assert_eq!(table.headings, ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Điện thoại", "Ghi chú"]);
    let expected = vec![
        row(5, &[(0, "1"), (1, "Lò Văn An"), (2, "Chủ tịch UBND xã"), (3, "UBND xã Nậm Tăm"), (4, "0912345678")]),
        row(
            6,
            &[
                (0, "2"),
                (1, "Nguyễn Thị Hồng Nhung"),
                (2, "Phó Giám đốc"),
                (3, "Sở Giáo dục và Đào tạo"),
                (4, "+84213876215"),
                (5, "Đại biểu nữ, khách mời đặc biệt"),
            ],
        ),
        row(7, &[(0, "3"), (1, "Vàng Thị Mỷ"), (2, "Bí thư Đoàn"), (3, "Huyện đoàn Sìn Hồ"), (4, "0987654321")]),
        row(
            8,
            &[
                (0, "4"),
                (1, "Giàng A Chu"),
                (2, "Trưởng bản"),
                (3, "Bản Huổi Luông"),
                (4, "02133876215"),
                (5, "Người có uy tín; trưởng dòng họ"),
            ],
        ),
    ];
    assert_eq!(table.rows, expected);
    assert!(table.rows.iter().flat_map(|r| &r.cells).all(|(_, t)| is_nfc(t)));
}

#[test]
fn csv_encodings_and_delimiters_read_alike() {
    let utf8 = csv_table();
    for name in ["khach-moi-utf8-bom.csv", "khach-moi-utf16.csv", "khach-moi-cp1258.csv", "khach-moi-cham-phay.csv"] {
        let (table, problems) = read(name).unwrap_or_else(|p| panic!("{name}: {p:?}"));
        assert_eq!(table, utf8, "{name}");
        assert_eq!(problems, [], "{name}");
    }
}

#[test]
fn cp1258_fixture_really_has_combining_tone_marks() {
    let bytes = std::fs::read(fixture("khach-moi-cp1258.csv")).unwrap();
    assert!(std::str::from_utf8(&bytes).is_err());
    // "Nguyễn" as Windows-1258: N g u y ê (0xEA) + combining tilde (0xDE) n.
    assert!(bytes.windows(7).any(|w| w == b"Nguy\xEA\xDEn"));
}

#[test]
fn csv_in_no_known_encoding() {
    let message = "không đọc được bảng mã của tệp CSV: trong Excel chọn Lưu thành (Save As) → \
                   \"CSV UTF-8 (Comma delimited)\", hoặc lưu thành .xlsx";
    for name in ["khach-moi-la.csv", "khach-moi-rac.csv"] {
        assert_eq!(read(name).unwrap_err(), file_problem(message), "{name}");
    }
}

#[test]
fn unknown_extension_missing_and_corrupt_files() {
    assert_eq!(read("danh-sach.docx").unwrap_err(), file_problem("chỉ đọc được tệp .xlsx, .xls, .ods hoặc .csv"));
    assert_eq!(
        read("khong-co.xlsx").unwrap_err(),
        file_problem("không tìm thấy tệp: kiểm tra lại tên và thư mục của tệp")
    );
    let err = read("hong.xlsx").unwrap_err();
    assert!(err.message.starts_with("không mở được bảng tính, hãy mở tệp bằng Excel rồi lưu lại: "), "{err:?}");
    assert!(err.message.len() > "không mở được bảng tính, hãy mở tệp bằng Excel rồi lưu lại: ".len());
}

/// Reads a bomb, which must be answered within a second.
fn bomb(name: &str) -> Result<(Table, Vec<SheetProblem>), SheetProblem> {
    let start = Instant::now();
    let result = read(name);
    assert!(start.elapsed() < Duration::from_secs(1), "{name} took {:?}", start.elapsed());
    result
}

#[test]
fn bomb_zip_is_refused() {
    // 1 MB on disk, 1.1 GB of shared strings once inflated.
    assert!(std::fs::metadata(fixture("bom-nen.xlsx")).unwrap().len() < 2 << 20);
    assert_eq!(
        bomb("bom-nen.xlsx").unwrap_err(),
        file_problem(
            "tệp bảng tính quá lớn khi giải nén (1056 MB, tối đa 64 MB): có thể tệp bị hỏng; \
             hãy lưu lại bảng tính từ Excel"
        )
    );
}

fn too_many_cells(n: u64) -> SheetProblem {
    file_problem(&format!(
        "bảng tính có vùng ô quá lớn ({n} ô, tối đa 2000000 ô): có thể tệp bị hỏng; \
         hãy xóa các ô thừa ở xa danh sách rồi lưu lại bảng tính từ Excel"
    ))
}

#[test]
fn bomb_shared_string_count_is_refused() {
    assert_eq!(bomb("bom-so-chuoi.xlsx").unwrap_err(), too_many_cells(1_000_000_000_000));
}

#[test]
fn bomb_ods_repeated_cells_are_refused() {
    // Rows 1..6001 of the used range, 16384 columns wide.
    assert_eq!(bomb("bom-lap-o.ods").unwrap_err(), too_many_cells(6001 * 16384));
}

#[test]
fn bomb_xls_range_is_refused() {
    assert_eq!(bomb("bom-kich-thuoc.xls").unwrap_err(), too_many_cells(65536 * 256));
}

#[test]
fn bomb_xls_declared_range_is_refused() {
    // DIMENSIONS: rows 0..4294967040, columns A..H.
    assert_eq!(bomb("bom-khai-bao.xls").unwrap_err(), too_many_cells(4_294_967_040 * 8));
}

#[test]
fn bomb_xlsx_stray_far_cell_is_read_sparsely() {
    let (table, problems) = bomb("bom-kich-thuoc.xlsx").unwrap();
    assert_eq!(table.header_row, 2);
    assert_eq!(table.headings, ["Họ và tên", "Đơn vị"]);
    let expected = vec![
        row(3, &[(0, "Lò Văn An"), (1, "UBND xã Nậm Tăm")]),
        row(4, &[(0, "Giàng A Chu"), (1, "Bản Huổi Luông")]),
        row(1_048_576, &[(16_383, "x")]),
    ];
    assert_eq!(table.rows, expected);
    let message = "cột XFD có dữ liệu (ô XFD1048576) nhưng dòng tiêu đề (dòng 2) để trống ở cột này: \
                   thêm tiêu đề cho cột hoặc xóa dữ liệu thừa";
    assert_eq!(problems, [problem(1_048_576, 16_384, None, message, true)]);
}

#[test]
fn bomb_zip_lying_about_its_size_stops_at_the_declared_size() {
    // Declared 1000 bytes, so the size checks pass; inflating stops there.
    let err = bomb("bom-nen-khai-sai.xlsx").unwrap_err();
    assert!(err.message.starts_with("không mở được bảng tính, hãy mở tệp bằng Excel rồi lưu lại: "), "{err:?}");
    assert!(err.message.contains("larger than its declared uncompressed size"), "{err:?}");
}

#[test]
fn too_many_rows_is_refused() {
    assert_eq!(
        read("qua-nhieu-dong.csv").unwrap_err(),
        file_problem("bảng tính có quá nhiều dòng (hơn 100000 dòng dữ liệu): chia danh sách thành nhiều tệp")
    );
}

#[test]
fn too_large_file_is_refused() {
    // A sparse file: 21 MB long, no disk used.
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("lon.xlsx");
    std::fs::File::create(&path).unwrap().set_len(21 << 20).unwrap();
    assert_eq!(
        read_table(&path, &known).unwrap_err(),
        file_problem("tệp quá lớn (21 MB, tối đa 20 MB): xóa các trang, hình ảnh không cần rồi lưu lại")
    );
}

#[test]
fn xls_in_a_mini_stream() {
    let (table, problems) = read("khach-moi-nho.xls").unwrap();
    assert_eq!(table.header_row, 3);
    assert_eq!(table.headings, ["Họ và tên", "Đơn vị"]);
    assert_eq!(table.rows, [row(4, &[(0, "Lò Văn An"), (1, "UBND xã Nậm Tăm")])]);
    assert_eq!(problems, []);
    assert_eq!(bomb("bom-kich-thuoc-nho.xls").unwrap_err(), too_many_cells(65536 * 256));
}
