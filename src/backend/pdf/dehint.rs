//! Removing the hinting of a TrueType font, in memory, before Typst sees it.
//!
//! Hinting is bytecode that snaps outlines to the pixel grid of a
//! low-resolution screen. It changes no outline, no advance and no kerning,
//! so the layout is the same with or without it; printing ignores it, and
//! PDF viewers draw well without it (many ignore it, or hint on their own).
//! In Liberation Serif it is more than half of each font subset a PDF
//! embeds, and every PDF compresses its subsets anew: without it an
//! invitation's PDF is 40 % smaller and exported a third faster. The font
//! files in `fonts/` are left as they are.
//!
//! What goes: the glyph programs in `glyf` (with `loca` rewritten to match),
//! the tables only the hinting uses (`fpgm`, `prep`, `cvt `, `cvar`) or that
//! record its results (`hdmx`, `LTSH`, `VDMX`), and a digital signature
//! (`DSIG`), which no longer matches. Anything that is not a plain
//! TrueType font, or whose tables do not read as expected, is kept untouched.

/// Tables that hold hinting programs, their variations (`cvar`), pixel
/// metrics computed by them, or a signature (`DSIG`) the rewrite would break.
const DROPPED: [&[u8; 4]; 8] = [b"fpgm", b"prep", b"cvt ", b"cvar", b"hdmx", b"LTSH", b"VDMX", b"DSIG"];

/// Composite glyph component flags (OpenType `glyf` table).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;
const WE_HAVE_INSTRUCTIONS: u16 = 0x0100;

/// `data` without its hinting, or `None` when it is not a TrueType font this
/// can read (an OpenType/CFF font, a collection), or has no hinting.
pub fn dehint(data: &[u8]) -> Option<Vec<u8>> {
    let version = u32_at(data, 0)?;
    if version != 0x0001_0000 && version != u32::from_be_bytes(*b"true") {
        return None;
    }
    let count = usize::from(u16_at(data, 4)?);
    let mut tables: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(count);
    for i in 0..count {
        let record = 12 + 16 * i;
        let tag: [u8; 4] = data.get(record..record + 4)?.try_into().ok()?;
        let offset = u32_at(data, record + 8)? as usize;
        let length = u32_at(data, record + 12)? as usize;
        tables.push((tag, data.get(offset..offset.checked_add(length)?)?.to_vec()));
    }
    let table = |tag: &[u8; 4]| tables.iter().position(|(t, _)| t == tag);
    let (glyf, loca, head, maxp) = (table(b"glyf")?, table(b"loca")?, table(b"head")?, table(b"maxp")?);
    let short = match i16_at(&tables[head].1, 50)? {
        0 => true,
        1 => false,
        _ => return None,
    };
    let glyphs = usize::from(u16_at(&tables[maxp].1, 4)?);
    let offsets = read_loca(&tables[loca].1, short, glyphs)?;

    let old = &tables[glyf].1;
    let mut new_glyf = Vec::with_capacity(old.len());
    let mut new_loca = Vec::with_capacity(glyphs + 1);
    for pair in offsets.windows(2) {
        new_loca.push(new_glyf.len());
        let glyph = old.get(pair[0]..pair[1])?;
        if !glyph.is_empty() {
            new_glyf.extend_from_slice(&strip_glyph(glyph)?);
        }
        // Short offsets count 2-byte words; long ones are kept 4-aligned.
        new_glyf.resize(new_glyf.len().next_multiple_of(if short { 2 } else { 4 }), 0);
    }
    new_loca.push(new_glyf.len());
    let dropped = tables.iter().filter(|(t, _)| DROPPED.contains(&t)).count();
    if new_glyf.len() == old.len() && dropped == 0 {
        return None;
    }
    if short && new_glyf.len() / 2 > usize::from(u16::MAX) {
        return None;
    }
    tables[loca].1 = write_loca(&new_loca, short);
    tables[glyf].1 = new_glyf;
    // No program is left to need room.
    if let Some(max) = tables[maxp].1.get_mut(26..28) {
        max.copy_from_slice(&[0, 0]);
    }
    tables.retain(|(t, _)| !DROPPED.contains(&t));
    Some(assemble(version, tables))
}

/// A glyph's data without its instructions.
fn strip_glyph(glyph: &[u8]) -> Option<Vec<u8>> {
    let contours = i16_at(glyph, 0)?;
    if contours >= 0 {
        // Header, end points of contours, then the program and its length.
        let at = 10 + 2 * contours as usize;
        let length = usize::from(u16_at(glyph, at)?);
        let rest = glyph.get(at + 2 + length..)?;
        let mut out = Vec::with_capacity(at + 2 + rest.len());
        out.extend_from_slice(&glyph[..at]);
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(rest);
        return Some(out);
    }
    // A composite: its components, each without the flag that says a
    // program follows the last of them; the program itself is cut off.
    let mut out = glyph.get(..10)?.to_vec();
    let mut at = 10;
    loop {
        let flags = u16_at(glyph, at)?;
        let mut size = 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 { 4 } else { 2 };
        if flags & WE_HAVE_A_SCALE != 0 {
            size += 2;
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            size += 4;
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            size += 8;
        }
        out.extend_from_slice(&(flags & !WE_HAVE_INSTRUCTIONS).to_be_bytes());
        out.extend_from_slice(glyph.get(at + 2..at + size)?);
        at += size;
        if flags & MORE_COMPONENTS == 0 {
            return Some(out);
        }
    }
}

fn read_loca(loca: &[u8], short: bool, glyphs: usize) -> Option<Vec<usize>> {
    let offsets: Vec<usize> = (0..=glyphs)
        .map(|i| {
            if short {
                u16_at(loca, 2 * i).map(|o| 2 * usize::from(o))
            } else {
                u32_at(loca, 4 * i).map(|o| o as usize)
            }
        })
        .collect::<Option<_>>()?;
    offsets.windows(2).all(|w| w[0] <= w[1]).then_some(offsets)
}

fn write_loca(offsets: &[usize], short: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(offsets.len() * if short { 2 } else { 4 });
    for &o in offsets {
        if short {
            out.extend_from_slice(&((o / 2) as u16).to_be_bytes());
        } else {
            out.extend_from_slice(&(o as u32).to_be_bytes());
        }
    }
    out
}

/// A font file of `tables` (sorted by tag, as the format asks), with its
/// checksums.
fn assemble(version: u32, mut tables: Vec<([u8; 4], Vec<u8>)>) -> Vec<u8> {
    let head_tag = *b"head";
    tables.sort_by_key(|(tag, _)| *tag);
    // The whole file's checksum is worked out with this field at zero.
    if let Some((_, head)) = tables.iter_mut().find(|(t, _)| *t == head_tag)
        && let Some(adjust) = head.get_mut(8..12)
    {
        adjust.copy_from_slice(&[0; 4]);
    }
    let count = tables.len() as u16;
    let power = if count == 0 { 0 } else { 1u16 << (15 - count.leading_zeros()) };
    let mut out = Vec::new();
    out.extend_from_slice(&version.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&(power * 16).to_be_bytes());
    out.extend_from_slice(&(power.max(1).ilog2() as u16).to_be_bytes());
    out.extend_from_slice(&(count * 16 - power * 16).to_be_bytes());
    let mut offset = 12 + 16 * tables.len();
    for (tag, data) in &tables {
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    let mut head_at = 0;
    for (tag, data) in &tables {
        if *tag == head_tag {
            head_at = out.len();
        }
        out.extend_from_slice(data);
        out.resize(out.len().next_multiple_of(4), 0);
    }
    let adjust = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
    if let Some(field) = out.get_mut(head_at + 8..head_at + 12) {
        field.copy_from_slice(&adjust.to_be_bytes());
    }
    out
}

/// The OpenType checksum: the sum of big-endian 32-bit words, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, c| {
        let mut word = [0u8; 4];
        word[..c.len()].copy_from_slice(c);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn i16_at(data: &[u8], at: usize) -> Option<i16> {
    u16_at(data, at).map(|v| v as i16)
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn font(name: &str) -> Vec<u8> {
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts").join(name)).unwrap()
    }

    fn tags(data: &[u8]) -> Vec<String> {
        let count = usize::from(u16_at(data, 4).unwrap());
        (0..count).map(|i| String::from_utf8_lossy(&data[12 + 16 * i..16 + 16 * i]).into_owned()).collect()
    }

    #[test]
    fn the_hinting_goes_and_the_file_stays_well_formed() {
        let before = font("LiberationSerif-Regular.ttf");
        let after = dehint(&before).unwrap();
        assert!(tags(&before).iter().any(|t| t == "fpgm"), "the shipped font is hinted");
        let left = tags(&after);
        for gone in ["fpgm", "prep", "cvt ", "cvar", "hdmx", "LTSH", "VDMX", "DSIG"] {
            assert!(!left.iter().any(|t| t == gone), "{gone} left in {left:?}");
        }
        for kept in ["glyf", "loca", "head", "hmtx", "cmap", "GSUB", "GPOS", "name", "OS/2"] {
            assert!(left.iter().any(|t| t == kept), "{kept} lost from {left:?}");
        }
        let mut sorted = left.clone();
        sorted.sort();
        assert_eq!(left, sorted, "table records sorted by tag");
        // The whole file sums to the magic number, and each table to its
        // recorded checksum.
        assert_eq!(checksum(&after), 0xB1B0_AFBA);
        for (i, tag) in left.iter().enumerate() {
            let record = 12 + 16 * i;
            let (offset, length) = (u32_at(&after, record + 8).unwrap() as usize, u32_at(&after, record + 12).unwrap());
            let mut data = after[offset..offset + length as usize].to_vec();
            if tag == "head" {
                // Summed with its whole-file adjustment at zero.
                data[8..12].copy_from_slice(&[0; 4]);
            }
            assert_eq!(checksum(&data), u32_at(&after, record + 4).unwrap(), "{tag}");
        }
        // The directory's search fields, for 16 or more tables and fewer
        // than 32.
        assert!((16..32).contains(&left.len()), "{left:?}");
        let n = left.len() as u16;
        assert_eq!(
            [u16_at(&after, 6), u16_at(&after, 8), u16_at(&after, 10)],
            [Some(256), Some(4), Some(16 * n - 256)]
        );
        assert!(after.len() * 10 < before.len() * 7, "{} → {} bytes", before.len(), after.len());
        // Nothing is left to remove.
        assert_eq!(dehint(&after), None);
    }

    #[test]
    fn no_glyph_keeps_a_program() {
        let after = dehint(&font("LiberationSerif-Bold.ttf")).unwrap();
        let face = ttf_parser::RawFace::parse(&after, 0).unwrap();
        let (glyf, loca, head) =
            [b"glyf", b"loca", b"head"].map(|t| face.table(ttf_parser::Tag::from_bytes(t)).unwrap()).into();
        let short = i16_at(head, 50) == Some(0);
        let glyphs = if short { loca.len() / 2 - 1 } else { loca.len() / 4 - 1 };
        let offsets = read_loca(loca, short, glyphs).unwrap();
        let (mut simple, mut composite) = (0, 0);
        for w in offsets.windows(2).filter(|w| w[0] < w[1]) {
            let glyph = &glyf[w[0]..w[1]];
            let contours = i16_at(glyph, 0).unwrap();
            if contours >= 0 {
                simple += 1;
                assert_eq!(u16_at(glyph, 10 + 2 * contours as usize), Some(0));
            } else {
                composite += 1;
                let mut at = 10;
                loop {
                    let flags = u16_at(glyph, at).unwrap();
                    assert_eq!(flags & WE_HAVE_INSTRUCTIONS, 0);
                    if flags & MORE_COMPONENTS == 0 {
                        break;
                    }
                    at += 4
                        + if flags & ARG_1_AND_2_ARE_WORDS != 0 { 4 } else { 2 }
                        + if flags & WE_HAVE_A_SCALE != 0 {
                            2
                        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
                            4
                        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
                            8
                        } else {
                            0
                        };
                }
            }
        }
        assert!(simple > 500 && composite > 100, "{simple} simple, {composite} composite glyphs");
    }

    /// Each glyph's outline, as ttf-parser draws it.
    fn outlines(data: &[u8]) -> Vec<(String, Option<ttf_parser::Rect>, Option<u16>)> {
        struct Path(String);
        impl ttf_parser::OutlineBuilder for Path {
            fn move_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("M{x},{y}");
            }
            fn line_to(&mut self, x: f32, y: f32) {
                self.0 += &format!("L{x},{y}");
            }
            fn quad_to(&mut self, a: f32, b: f32, x: f32, y: f32) {
                self.0 += &format!("Q{a},{b},{x},{y}");
            }
            fn curve_to(&mut self, a: f32, b: f32, c: f32, d: f32, x: f32, y: f32) {
                self.0 += &format!("C{a},{b},{c},{d},{x},{y}");
            }
            fn close(&mut self) {
                self.0 += "Z";
            }
        }
        let face = ttf_parser::Face::parse(data, 0).unwrap();
        (0..face.number_of_glyphs())
            .map(|g| {
                let id = ttf_parser::GlyphId(g);
                let mut path = Path(String::new());
                let bbox = face.outline_glyph(id, &mut path);
                (path.0, bbox, face.glyph_hor_advance(id))
            })
            .collect()
    }

    #[test]
    fn every_outline_and_advance_is_unchanged() {
        for name in ["LiberationSerif-Regular.ttf", "LiberationSerif-BoldItalic.ttf"] {
            let before = font(name);
            let after = dehint(&before).unwrap();
            let (a, b) = (outlines(&before), outlines(&after));
            assert_eq!(a.len(), b.len());
            assert!(a.iter().filter(|g| !g.0.is_empty()).count() > 1000);
            for (g, (x, y)) in a.iter().zip(&b).enumerate() {
                assert_eq!(x, y, "{name}: glyph {g}");
            }
        }
    }

    #[test]
    fn what_is_not_a_truetype_font_is_left_alone() {
        assert_eq!(dehint(b""), None);
        assert_eq!(dehint(b"OTTO\0\0\0\0\0\0\0\0"), None);
        assert_eq!(dehint(b"ttcf\0\x01\0\0\0\0\0\0"), None);
        let mut cut = font("LiberationSerif-Italic.ttf");
        cut.truncate(cut.len() / 2);
        assert_eq!(dehint(&cut), None, "a damaged file is handed on unchanged");
    }
}
