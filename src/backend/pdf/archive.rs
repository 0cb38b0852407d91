//! A detail of PDF/A that typst-pdf leaves open: where a stream ends.
//!
//! PDF/A-2 (ISO 19005-2, 6.1.7.1) counts a stream's `/Length` up to the
//! end-of-line marker before `endstream`. typst-pdf ends every stream's data
//! with a line feed, so when compressed data happens to end with a carriage
//! return (one stream in 256), the bytes read `CR LF endstream`: a validator
//! takes CR LF as the marker and finds the stream one byte shorter than its
//! `/Length`, and rejects the file. Such a stream gets `CR LF` after its data
//! instead, and the cross-reference table is moved to match. Anything not
//! laid out as typst-pdf writes it is left as it is.

/// `pdf` with every stream's end unambiguous.
pub fn unambiguous_stream_ends(pdf: Vec<u8>) -> Vec<u8> {
    match ends_to_mend(&pdf) {
        Some(at) if !at.is_empty() => mend(&pdf, &at).unwrap_or(pdf),
        _ => pdf,
    }
}

const STREAM: &[u8] = b">>\nstream\n";
const END: &[u8] = b"\nendstream";

/// The positions of the line feeds that end a stream's data ending in CR;
/// `None` if the file is not laid out as expected.
fn ends_to_mend(pdf: &[u8]) -> Option<Vec<usize>> {
    let mut at = Vec::new();
    let mut from = 0;
    while let Some(i) = find(&pdf[from..], STREAM).map(|i| i + from) {
        let dict = &pdf[rfind(&pdf[..i], b" obj\n")?..i];
        let length = find(dict, b"/Length ").map(|l| &dict[l + 8..])?;
        let digits = length.iter().take_while(|b| b.is_ascii_digit()).count();
        let length: usize = std::str::from_utf8(&length[..digits]).ok()?.parse().ok()?;
        let start = i + STREAM.len();
        let end = start.checked_add(length)?;
        if !pdf.get(end..)?.starts_with(END) {
            return None;
        }
        if length > 0 && pdf[end - 1] == b'\r' {
            at.push(end);
        }
        from = end + END.len();
    }
    Some(at)
}

/// `pdf` with a CR inserted at each of `at` (sorted), its cross-reference
/// table and `startxref` moved to match.
fn mend(pdf: &[u8], at: &[usize]) -> Option<Vec<u8>> {
    let moved = |offset: usize| offset + at.partition_point(|&a| a <= offset);
    let tail = rfind(pdf, b"startxref\n")?;
    let digits = pdf[tail + 10..].iter().take_while(|b| b.is_ascii_digit()).count();
    let xref: usize = std::str::from_utf8(&pdf[tail + 10..tail + 10 + digits]).ok()?.parse().ok()?;
    if !pdf.get(xref..)?.starts_with(b"xref\n") || at.iter().any(|&a| a > xref) {
        return None;
    }
    let mut out = Vec::with_capacity(pdf.len() + at.len() + 2);
    let mut last = 0;
    for &a in at {
        out.extend_from_slice(&pdf[last..a]);
        out.push(b'\r');
        last = a;
    }
    out.extend_from_slice(&pdf[last..xref]);
    // The table: sections of `first count`, then 20-byte entries.
    let mut i = xref + 5;
    out.extend_from_slice(b"xref\n");
    while pdf.get(i..)?.first()?.is_ascii_digit() {
        let line_end = i + find(&pdf[i..], b"\n")? + 1;
        let header = std::str::from_utf8(&pdf[i..line_end]).ok()?;
        let count: usize = header.split_whitespace().nth(1)?.parse().ok()?;
        out.extend_from_slice(&pdf[i..line_end]);
        i = line_end;
        for _ in 0..count {
            let entry = pdf.get(i..i + 20)?;
            let offset: usize = std::str::from_utf8(&entry[..10]).ok()?.parse().ok()?;
            if entry[17] == b'n' {
                out.extend_from_slice(format!("{:010}", moved(offset)).as_bytes());
                out.extend_from_slice(&entry[10..]);
            } else {
                out.extend_from_slice(entry);
            }
            i += 20;
        }
    }
    out.extend_from_slice(&pdf[i..tail + 10]);
    out.extend_from_slice(moved(xref).to_string().as_bytes());
    out.extend_from_slice(&pdf[tail + 10 + digits..]);
    Some(out)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF of `streams` as typst-pdf lays one out, with its table.
    fn pdf(streams: &[&[u8]]) -> Vec<u8> {
        let mut out = b"%PDF-1.7\n%\x80\x80\x80\x80\n\n".to_vec();
        let mut offsets = Vec::new();
        for (n, data) in streams.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(
                format!("{} 0 obj\n<</Length {}/Filter/FlateDecode>>\nstream\n", n + 1, data.len()).as_bytes(),
            );
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f\r\n", streams.len() + 1).as_bytes());
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        out.extend_from_slice(format!("trailer\n<</Size {}>>\nstartxref\n{xref}\n%%EOF", streams.len() + 1).as_bytes());
        out
    }

    /// Each object's offset in the table points at its `N 0 obj`, and
    /// `startxref` at the table.
    fn table_is_right(pdf: &[u8]) {
        let tail = rfind(pdf, b"startxref\n").unwrap();
        let xref: usize = String::from_utf8_lossy(&pdf[tail + 10..]).lines().next().unwrap().parse().unwrap();
        assert!(pdf[xref..].starts_with(b"xref\n0 "));
        let table = String::from_utf8_lossy(&pdf[xref..tail]).into_owned();
        for (n, line) in table.lines().skip(3).take_while(|l| l.ends_with(" n")).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(pdf[offset..].starts_with(format!("{} 0 obj\n", n + 1).as_bytes()), "object {}", n + 1);
        }
    }

    #[test]
    fn a_stream_ending_in_cr_ends_with_cr_lf_and_the_table_follows() {
        let before = pdf(&[b"abc", b"x\r", b"\r\r", b"plain"]);
        table_is_right(&before);
        let after = unambiguous_stream_ends(before.clone());
        assert_eq!(after.len(), before.len() + 2);
        table_is_right(&after);
        let s = String::from_utf8_lossy(&after);
        assert!(s.contains("stream\nabc\nendstream"));
        assert!(s.contains("<</Length 2/Filter/FlateDecode>>\nstream\nx\r\r\nendstream"));
        assert!(s.contains("<</Length 2/Filter/FlateDecode>>\nstream\n\r\r\r\nendstream"));
        assert!(s.contains("stream\nplain\nendstream"));
    }

    #[test]
    fn files_without_such_a_stream_or_not_laid_out_as_expected_are_untouched() {
        let fine = pdf(&[b"abc", b"\rx"]);
        assert_eq!(unambiguous_stream_ends(fine.clone()), fine);
        // A length that does not reach `endstream`: left alone.
        let mut odd = pdf(&[b"x\r"]);
        let l = find(&odd, b"/Length 2").unwrap();
        odd[l + 8] = b'1';
        assert_eq!(unambiguous_stream_ends(odd.clone()), odd);
    }
}
