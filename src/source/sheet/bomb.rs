//! What calamine would allocate for a workbook, read from its bytes before
//! calamine opens it: the cells an ODS's repeated rows and columns expand
//! to, and the cell range of an .xls's records. Plain byte scans, bounded.

/// The signature of a compound file (.xls, or an .xlsx with a password).
pub(super) const CFB: &[u8; 8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The number an attribute's value starts with (`="123"`); saturates.
pub(super) fn number(after_key: &[u8]) -> u64 {
    let digits = after_key.iter().skip_while(|b| b" \t\r\n=\"'".contains(b)).take_while(|b| b.is_ascii_digit());
    digits.fold(0u64, |n, d| n.saturating_mul(10).saturating_add(u64::from(d - b'0')))
}

/// What calamine lays out for an ODS `content.xml`, as (cells, bytes): the
/// largest of a table's used range (repeated rows and columns expanded) and
/// the cells read before expanding rows; the bytes of cell markup and text
/// copied into repeated cells. Saturates; an unreadable count counts as huge.
pub(super) fn ods_cost(xml: &[u8]) -> (u64, u64) {
    let attr = |tag: &[u8], key: &[u8]| {
        let at = tag.windows(key.len()).position(|w| w == key)?;
        let value = &tag[at + key.len()..];
        let mut chars = value.iter().skip_while(|b| b"=\"' ".contains(b)).take_while(|b| !b"\"'".contains(b));
        Some(if chars.all(u8::is_ascii_digit) { number(value) } else { u64::MAX })
    };
    let (mut cells, mut bytes, mut read) = (0u64, 0u64, 0u64);
    let (mut row, mut first, mut last, mut widest) = (0u64, None, 0u64, 0u64);
    let (mut repeat_rows, mut col, mut width, mut row_bytes) = (1u64, 0u64, 0u64, 0u64);
    let (mut cell_start, mut repeat_cols, mut spaces) = (0usize, 1u64, 0u64);
    let mut i = 0;
    while let Some(lt) = xml[i..].iter().position(|&b| b == b'<') {
        let start = i + lt;
        let skip = |open: &[u8], close: &[u8]| {
            let rest = &xml[start..];
            rest.starts_with(open)
                .then(|| rest.windows(close.len()).position(|w| w == close).map_or(xml.len(), |p| start + p))
        };
        if let Some(end) = skip(b"<!--", b"-->").or_else(|| skip(b"<![CDATA[", b"]]>")) {
            i = end + 1;
            continue;
        }
        let (mut end, mut quote) = (start + 1, 0u8);
        while end < xml.len() && (quote != 0 || xml[end] != b'>') {
            match xml[end] {
                q if quote == q => quote = 0,
                q @ (b'"' | b'\'') if quote == 0 => quote = q,
                _ => {}
            }
            end += 1;
        }
        let tag = &xml[start + 1..end];
        let closed = tag.ends_with(b"/");
        let name = tag.split(|b| b.is_ascii_whitespace() || b == &b'/').find(|n| !n.is_empty()).unwrap_or_default();
        let name = (name, tag.starts_with(b"/"));
        i = end.min(xml.len() - 1) + 1;
        let mut end_cell = closed || name.1;
        let mut end_row = closed || name.1;
        match name {
            (b"table:table", false) => (row, first, last, widest) = (0, None, 0, 0),
            (b"table:table", true) => cells = cells.max((last - first.unwrap_or(last)).saturating_mul(widest)),
            (b"table:table-row", false) => {
                (repeat_rows, col, width, row_bytes) = (attr(tag, b"table:number-rows-repeated").unwrap_or(1), 0, 0, 0);
            }
            (b"table:table-cell" | b"table:covered-table-cell", false) => {
                repeat_cols = attr(tag, b"table:number-columns-repeated").unwrap_or(1);
                col = col.saturating_add(repeat_cols);
                if !closed || attr(tag, b"office:value-type").is_some() {
                    width = col;
                }
                (cell_start, spaces) = (start, 0);
            }
            (b"text:s", false) => spaces = spaces.saturating_add(attr(tag, b"text:c").unwrap_or(1)),
            _ => {}
        }
        end_cell &= matches!(name.0, b"table:table-cell" | b"table:covered-table-cell");
        end_row &= name.0 == b"table:table-row";
        if end_cell {
            let text = ((i - cell_start) as u64).saturating_add(spaces);
            row_bytes = row_bytes.saturating_add(repeat_cols.saturating_mul(text));
        }
        if end_row {
            if width > 0 {
                first.get_or_insert(row);
                last = row.saturating_add(repeat_rows);
                widest = widest.max(width);
                read = read.saturating_add(width);
                bytes = bytes.saturating_add(repeat_rows.saturating_mul(row_bytes));
            }
            row = row.saturating_add(repeat_rows);
        }
    }
    (cells.max(read), bytes)
}

/// The cells an .xls makes calamine lay out: its largest DIMENSIONS record and
/// the bounding box of its cell records. A minimal compound-file reader finds
/// the Workbook stream; `None` when it cannot.
pub(super) fn xls_cells(b: &[u8]) -> Option<u64> {
    let u16at = |d: &[u8], o: usize| Some(u16::from_le_bytes(d.get(o..o + 2)?.try_into().ok()?) as u64);
    let u32at = |d: &[u8], o: usize| Some(u32::from_le_bytes(d.get(o..o + 4)?.try_into().ok()?));
    let words = |d: &[u8]| d.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect::<Vec<_>>();
    if b.get(..8)? != CFB {
        return None;
    }
    let size = match u16at(b, 30)? {
        9 => 512,
        12 => 4096,
        _ => return None,
    };
    let sector = |n: u32| b.get((n as usize + 1) * size..((n as usize + 2) * size).min(b.len()));
    let mut difat = words(b.get(76..512)?);
    let mut next = u32at(b, 68)?;
    while next < 0xFFFF_FFFA && difat.len() < b.len() {
        let s = words(sector(next)?);
        next = *s.last()?;
        difat.extend(&s[..s.len() - 1]);
    }
    let fat: Vec<u32> = difat.iter().filter(|&&n| n < 0xFFFF_FFFA).filter_map(|&n| sector(n)).flat_map(words).collect();
    // A chain is at most as long as the file has sectors (it may loop).
    let chain = |mut n: u32, table: &[u32], most: usize| {
        let mut out = Vec::new();
        while (n as usize) < table.len() && out.len() <= most {
            out.push(n);
            n = table[n as usize];
        }
        out
    };
    let read = |start: u32| {
        chain(start, &fat, b.len() / size).into_iter().map(sector).collect::<Option<Vec<_>>>().map(|v| v.concat())
    };
    let dir = read(u32at(b, 48)?)?;
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let named = |name: &str| {
        entries.iter().find(|e| {
            let units: Vec<u16> = e[..64].chunks_exact(2).map(|u| u16::from_le_bytes([u[0], u[1]])).collect();
            let len = (u16at(e, 64).unwrap_or(0) as usize / 2).saturating_sub(1).min(32);
            String::from_utf16_lossy(&units[..len]).eq_ignore_ascii_case(name)
        })
    };
    let entry = named("Workbook").or_else(|| named("Book"))?;
    let (start, len) = (u32at(entry, 116)?, u32at(entry, 120)? as usize);
    let mut stream = if len < 4096 {
        let mini = read(u32at(entries.first()?, 116)?)?;
        let minifat = words(&read(u32at(b, 60)?)?);
        let pieces = chain(start, &minifat, mini.len() / 64)
            .into_iter()
            .map(|n| mini.get(n as usize * 64..n as usize * 64 + 64));
        pieces.collect::<Option<Vec<_>>>()?.concat()
    } else {
        read(start)?
    };
    stream.truncate(len);
    let (mut most, mut top, mut left, mut bottom, mut right) = (0u64, u64::MAX, u64::MAX, 0u64, 0u64);
    let mut p = 0;
    while let (Some(typ), Some(n)) = (u16at(&stream, p), u16at(&stream, p + 2)) {
        let d = stream.get(p + 4..p + 4 + n as usize).unwrap_or_default();
        p += 4 + n as usize;
        match typ {
            0x0200 => {
                let (rf, rl, cf, cl) = match d.len() {
                    10 => (u16at(d, 0)?, u16at(d, 2)?, u16at(d, 4)?, u16at(d, 6)?),
                    14 | 16 => (u32at(d, 0)? as u64, u32at(d, 4)? as u64, u16at(d, 8)?, u16at(d, 10)?),
                    _ => continue,
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 {
                    let rows = (rl - 1).checked_sub(rf).map_or(u64::MAX, |r| r + 1);
                    most = most.max(rows.saturating_mul(cl - cf));
                }
            }
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x00BD | 0x0006 => {
                let (row, col) = (u16at(d, 0)?, u16at(d, 2)?);
                let end = if typ == 0x00BD { u16at(d, d.len().saturating_sub(2))? } else { col };
                (top, bottom, left, right) = (top.min(row), bottom.max(row), left.min(col), right.max(end.max(col)));
            }
            _ => {}
        }
    }
    let bbox = if top > bottom { 0 } else { (bottom - top + 1) * (right - left + 1) };
    Some(most.max(bbox))
}
