//! One PDF/A-2b file joined from PDFs that typst-pdf wrote, page by page:
//! nothing is laid out again, and no more than one input is held in memory,
//! whatever the number of pages. The print file of a congress's invitations
//! and the congress pack are written so, from PDFs of a few dozen pages
//! each (see [`crate::build::gather`]).
//!
//! Each input's pages are copied with every object they use (contents,
//! fonts, images, annotations), renumbered; the first input gives the file
//! its metadata (its XMP packet, document information, output intent,
//! language), so it must be exported under the joined file's title. Each
//! input's bookmarks are kept, pointing at the same pages. The structure
//! tree of tagged inputs is left out (PDF/A-2b does not ask for one), and so
//! are named destinations. Links added with [`Link`] go to any page of the
//! joined file, which lets a table of contents laid out on its own link to
//! pages that come later.

use std::collections::HashMap;
use std::hash::Hasher;
use std::io::{self, Write};

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use siphasher::sip128::{Hasher128, SipHasher13};
use typst::layout::{Frame, FrameItem, Point, Transform};
use typst::model::Destination;
use typst_layout::PagedDocument;

/// A link to add to a page of an input: its rectangle on that page (in PDF
/// points, from the bottom left) and the page of the joined file it goes to
/// (both counted from 0).
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub page: usize,
    pub rect: [f32; 4],
    pub to: usize,
}

/// The links of a laid-out document that go to a page by its number
/// (Typst's `link((page: n, …))`), with their rectangles: exported on its
/// own, a document keeps only those to its own pages.
pub fn position_links(doc: &PagedDocument) -> Vec<Link> {
    fn walk(frame: &Frame, ts: Transform, page: usize, height: f64, out: &mut Vec<Link>) {
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Group(g) => {
                    let ts = ts.pre_concat(Transform::translate(pos.x, pos.y)).pre_concat(g.transform);
                    walk(&g.frame, ts, page, height, out);
                }
                FrameItem::Link(Destination::Position(target), size) => {
                    let a = pos.transform(ts);
                    let b = (*pos + Point::new(size.x, size.y)).transform(ts);
                    let (x0, x1) = (a.x.to_pt().min(b.x.to_pt()), a.x.to_pt().max(b.x.to_pt()));
                    let (y0, y1) = (a.y.to_pt().min(b.y.to_pt()), a.y.to_pt().max(b.y.to_pt()));
                    out.push(Link {
                        page,
                        rect: [x0 as f32, (height - y1) as f32, x1 as f32, (height - y0) as f32],
                        to: target.page.get() - 1,
                    });
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (p, page) in doc.pages().iter().enumerate() {
        walk(&page.frame, Transform::identity(), p, page.frame.height().to_pt(), &mut out);
    }
    out
}

/// A bookmark of the joined file: its title, where it goes (already
/// renumbered), its children.
struct Bookmark {
    title: Object,
    dest: Option<Object>,
    children: Vec<Bookmark>,
}

/// What the joined file takes from its first input.
struct Head {
    info: Option<Object>,
    catalog: Dictionary,
    id: Vec<u8>,
}

/// A joined PDF being written to `W`.
pub struct Stitcher<W: Write> {
    out: W,
    written: u64,
    /// Each object's offset, by number (0 for none yet).
    offsets: Vec<u64>,
    /// The joined file's pages, in order.
    pages: Vec<u32>,
    /// Pages a link goes to before they are copied: their numbers, kept
    /// for them.
    reserved: HashMap<usize, u32>,
    bookmarks: Vec<Bookmark>,
    head: Option<Head>,
    hasher: SipHasher13,
}

/// The page tree's object number.
const PAGES: u32 = 1;

/// The catalog entries taken from the first input as they are.
const KEPT: [&[u8]; 4] = [b"Metadata", b"OutputIntents", b"Lang", b"ViewerPreferences"];

/// Object types left out: the inputs' page trees, catalogs, bookmarks and
/// structure trees.
const LEFT_OUT: [&[u8]; 7] = [b"Pages", b"Catalog", b"Outlines", b"StructTreeRoot", b"StructElem", b"MCR", b"OBJR"];

impl<W: Write> Stitcher<W> {
    pub fn new(out: W) -> io::Result<Self> {
        let mut s = Stitcher {
            out,
            written: 0,
            offsets: vec![0, 0],
            pages: Vec::new(),
            reserved: HashMap::new(),
            bookmarks: Vec::new(),
            head: None,
            hasher: SipHasher13::new(),
        };
        s.put(b"%PDF-1.7\n%\x80\x80\x80\x80\n\n")?;
        Ok(s)
    }

    /// Pages copied so far.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.written += bytes.len() as u64;
        Ok(())
    }

    fn alloc(&mut self) -> u32 {
        self.offsets.push(0);
        (self.offsets.len() - 1) as u32
    }

    /// The number of page `index` of the joined file, kept for it if it is
    /// not copied yet.
    fn page_id(&mut self, index: usize) -> u32 {
        if let Some(&id) = self.pages.get(index) {
            return id;
        }
        if let Some(&id) = self.reserved.get(&index) {
            return id;
        }
        let id = self.alloc();
        self.reserved.insert(index, id);
        id
    }

    /// Appends every page of `pdf`, with `links` added to them; its page
    /// count.
    pub fn append(&mut self, pdf: &[u8], links: &[Link]) -> Result<usize, String> {
        let doc = Document::load_mem(pdf).map_err(|_| "không phải một PDF đọc được".to_string())?;
        self.hasher.write(pdf);
        let first_page = self.pages.len();
        let mut copy = Copying { doc: &doc, map: HashMap::new(), queue: Vec::new() };
        let page_ids: Vec<ObjectId> = doc.get_pages().into_values().collect();
        for (i, &old) in page_ids.iter().enumerate() {
            let id = match self.reserved.remove(&(first_page + i)) {
                Some(id) => id,
                None => self.alloc(),
            };
            copy.map.insert(old, Some(id));
            self.pages.push(id);
        }
        if self.head.is_none() {
            let catalog = doc.catalog().map_err(|_| "PDF không có mục lục gốc (Catalog)".to_string())?;
            let mut kept = Dictionary::new();
            for key in KEPT {
                if let Ok(v) = catalog.get(key) {
                    kept.set(key, copy.rewrite(self, v));
                }
            }
            let info = doc.trailer.get(b"Info").ok().map(|v| copy.rewrite(self, v));
            let id = match doc.trailer.get(b"ID").and_then(Object::as_array) {
                Ok(ids) => ids.first().and_then(|o| o.as_str().ok()).unwrap_or_default().to_vec(),
                Err(_) => Vec::new(),
            };
            self.head = Some(Head { info, catalog: kept, id });
        }
        // The pages, each under the joined file's page tree, with its links.
        for (i, &old) in page_ids.iter().enumerate() {
            let mut page = doc.get_dictionary(old).map_err(|_| "PDF có trang hỏng".to_string())?.clone();
            page.remove(b"Parent");
            let Object::Dictionary(mut page) = copy.rewrite(self, &Object::Dictionary(page)) else { unreachable!() };
            page.set("Parent", Object::Reference((PAGES, 0)));
            let mut annots = match page.remove(b"Annots") {
                Some(Object::Array(a)) => a,
                _ => Vec::new(),
            };
            for link in links.iter().filter(|l| l.page == i) {
                let to = self.page_id(link.to);
                let annot = self.alloc();
                let mut d = Dictionary::new();
                d.set("Type", Object::Name(b"Annot".to_vec()));
                d.set("Subtype", Object::Name(b"Link".to_vec()));
                d.set("Rect", Object::Array(link.rect.iter().map(|&v| Object::Real(v)).collect()));
                d.set("Border", Object::Array(vec![0.into(), 0.into(), 0.into()]));
                d.set("F", 4);
                d.set("Dest", Object::Array(vec![Object::Reference((to, 0)), Object::Name(b"Fit".to_vec())]));
                self.object(annot, &Object::Dictionary(d)).map_err(io_message)?;
                annots.push(Object::Reference((annot, 0)));
            }
            if !annots.is_empty() {
                page.set("Annots", Object::Array(annots));
            }
            let id = self.pages[first_page + i];
            self.object(id, &Object::Dictionary(page)).map_err(io_message)?;
        }
        // The bookmarks, then everything still to copy.
        if let Ok(outlines) = doc.catalog().and_then(|c| c.get_deref(b"Outlines", &doc)).and_then(Object::as_dict) {
            let marks = copy.bookmarks(self, outlines.get(b"First").ok(), 0);
            self.bookmarks.extend(marks);
        }
        while let Some((old, id)) = copy.queue.pop() {
            let object = match doc.get_object(old) {
                Ok(o) => copy.rewrite(self, &o.clone()),
                Err(_) => Object::Null,
            };
            self.object(id, &object).map_err(io_message)?;
        }
        Ok(page_ids.len())
    }

    /// Writes object `id`.
    fn object(&mut self, id: u32, object: &Object) -> io::Result<()> {
        self.offsets[id as usize] = self.written;
        let mut buf = format!("{id} 0 obj\n").into_bytes();
        write_object(&mut buf, object);
        buf.extend_from_slice(b"\nendobj\n");
        self.put(&buf)
    }

    /// Writes the page tree, the bookmarks, the catalog and the
    /// cross-reference table: the joined file is whole.
    pub fn finish(mut self) -> Result<W, String> {
        if let Some(to) = self.reserved.keys().min() {
            return Err(format!("liên kết tới trang {} nhưng tệp chỉ có {} trang", to + 1, self.pages.len()));
        }
        let head = self.head.take().ok_or("không có trang nào để ghép")?;
        let kids: Vec<Object> = self.pages.iter().map(|&p| Object::Reference((p, 0))).collect();
        let mut tree = Dictionary::new();
        tree.set("Type", Object::Name(b"Pages".to_vec()));
        tree.set("Count", self.pages.len() as i64);
        tree.set("Kids", Object::Array(kids));
        self.object(PAGES, &Object::Dictionary(tree)).map_err(io_message)?;

        let mut catalog = Dictionary::new();
        catalog.set("Type", Object::Name(b"Catalog".to_vec()));
        catalog.set("Pages", Object::Reference((PAGES, 0)));
        for (k, v) in head.catalog.iter() {
            catalog.set(k.clone(), v.clone());
        }
        let bookmarks = std::mem::take(&mut self.bookmarks);
        if !bookmarks.is_empty() {
            let root = self.alloc();
            let (first, last, count) = self.write_bookmarks(&bookmarks, root).map_err(io_message)?;
            let mut d = Dictionary::new();
            d.set("Type", Object::Name(b"Outlines".to_vec()));
            d.set("First", Object::Reference((first, 0)));
            d.set("Last", Object::Reference((last, 0)));
            d.set("Count", count);
            self.object(root, &Object::Dictionary(d)).map_err(io_message)?;
            catalog.set("Outlines", Object::Reference((root, 0)));
        }
        let root = self.alloc();
        self.object(root, &Object::Dictionary(catalog)).map_err(io_message)?;

        // Every number given out has its object (one kept for a page that
        // never came would have failed above).
        let xref = self.written;
        let mut table = format!("xref\n0 {}\n0000000000 65535 f\r\n", self.offsets.len());
        for &o in &self.offsets[1..] {
            table.push_str(&format!("{o:010} 00000 n\r\n"));
        }
        // The file's identifier: the first input's (the one this document
        // keeps), then one of every input's bytes (this version's).
        let mut trailer = Dictionary::new();
        trailer.set("Size", self.offsets.len() as i64);
        trailer.set("Root", Object::Reference((root, 0)));
        if let Some(info) = head.info {
            trailer.set("Info", info);
        }
        let version = self.hasher.finish128().as_bytes().to_vec();
        let permanent = if head.id.is_empty() { version.clone() } else { head.id };
        trailer.set(
            "ID",
            Object::Array(vec![
                Object::String(permanent, StringFormat::Hexadecimal),
                Object::String(version, StringFormat::Hexadecimal),
            ]),
        );
        let mut tail = table.into_bytes();
        tail.extend_from_slice(b"trailer\n");
        write_object(&mut tail, &Object::Dictionary(trailer));
        tail.extend_from_slice(format!("\nstartxref\n{xref}\n%%EOF").as_bytes());
        self.put(&tail).map_err(io_message)?;
        self.out.flush().map_err(io_message)?;
        Ok(self.out)
    }

    /// Writes `marks` (children of `parent`): their first and last numbers
    /// and how many items they open.
    fn write_bookmarks(&mut self, marks: &[Bookmark], parent: u32) -> io::Result<(u32, u32, i64)> {
        let ids: Vec<u32> = marks.iter().map(|_| self.alloc()).collect();
        let mut count = 0;
        for (i, mark) in marks.iter().enumerate() {
            let mut d = Dictionary::new();
            d.set("Title", mark.title.clone());
            d.set("Parent", Object::Reference((parent, 0)));
            if i > 0 {
                d.set("Prev", Object::Reference((ids[i - 1], 0)));
            }
            if let Some(&next) = ids.get(i + 1) {
                d.set("Next", Object::Reference((next, 0)));
            }
            if let Some(dest) = &mark.dest {
                d.set("Dest", dest.clone());
            }
            if !mark.children.is_empty() {
                let (first, last, n) = self.write_bookmarks(&mark.children, ids[i])?;
                d.set("First", Object::Reference((first, 0)));
                d.set("Last", Object::Reference((last, 0)));
                d.set("Count", n);
                count += n;
            }
            count += 1;
            self.object(ids[i], &Object::Dictionary(d))?;
        }
        Ok((ids[0], ids[ids.len() - 1], count))
    }
}

fn io_message(e: io::Error) -> String {
    format!("không ghi được: {e}")
}

/// One input being copied: its objects' new numbers (`None` for one left
/// out), and those still to write.
struct Copying<'a> {
    doc: &'a Document,
    map: HashMap<ObjectId, Option<u32>>,
    queue: Vec<(ObjectId, u32)>,
}

impl Copying<'_> {
    /// The new number of `old`, queued to be written; `None` if it is left
    /// out.
    fn number<W: Write>(&mut self, s: &mut Stitcher<W>, old: ObjectId) -> Option<u32> {
        if let Some(&id) = self.map.get(&old) {
            return id;
        }
        let left_out = match self.doc.get_object(old) {
            Ok(Object::Dictionary(d)) => d.get(b"Type").and_then(Object::as_name).is_ok_and(|t| LEFT_OUT.contains(&t)),
            _ => false,
        };
        let id = (!left_out).then(|| s.alloc());
        self.map.insert(old, id);
        if let Some(id) = id {
            self.queue.push((old, id));
        }
        id
    }

    /// `object` with its references renumbered; references to what is left
    /// out are dropped (a null in an array).
    fn rewrite<W: Write>(&mut self, s: &mut Stitcher<W>, object: &Object) -> Object {
        match object {
            Object::Reference(old) => match self.number(s, *old) {
                Some(id) => Object::Reference((id, 0)),
                None => Object::Null,
            },
            Object::Array(a) => Object::Array(a.iter().map(|o| self.rewrite(s, o)).collect()),
            Object::Dictionary(d) => Object::Dictionary(self.dict(s, d)),
            Object::Stream(st) => {
                let mut st = st.clone();
                st.dict = self.dict(s, &st.dict);
                Object::Stream(st)
            }
            other => other.clone(),
        }
    }

    fn dict<W: Write>(&mut self, s: &mut Stitcher<W>, d: &Dictionary) -> Dictionary {
        let mut out = Dictionary::new();
        for (k, v) in d.iter() {
            match self.rewrite(s, v) {
                Object::Null if matches!(v, Object::Reference(_)) => {}
                v => out.set(k.clone(), v),
            }
        }
        out
    }

    /// The bookmarks from `first` on (and their children), their
    /// destinations renumbered.
    fn bookmarks<W: Write>(&mut self, s: &mut Stitcher<W>, first: Option<&Object>, depth: usize) -> Vec<Bookmark> {
        let mut out = Vec::new();
        let mut next = first.and_then(|o| o.as_reference().ok());
        let mut seen = std::collections::HashSet::new();
        while let Some(id) = next.filter(|id| seen.insert(*id) && depth < 32) {
            let Ok(item) = self.doc.get_dictionary(id) else { break };
            let dest = item
                .get_deref(b"Dest", self.doc)
                .ok()
                .or_else(|| {
                    let action = item.get_deref(b"A", self.doc).and_then(Object::as_dict).ok()?;
                    action.get_deref(b"D", self.doc).ok()
                })
                .filter(|d| matches!(d, Object::Array(a) if matches!(a.first(), Some(Object::Reference(_)))))
                .map(|d| self.rewrite(s, d));
            out.push(Bookmark {
                title: item.get(b"Title").cloned().unwrap_or(Object::String(Vec::new(), StringFormat::Literal)),
                dest,
                children: self.bookmarks(s, item.get(b"First").ok(), depth + 1),
            });
            next = item.get(b"Next").and_then(Object::as_reference).ok();
        }
        out
    }
}

/// Writes `object` as PDF syntax.
fn write_object(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
        Object::Integer(i) => out.extend_from_slice(i.to_string().as_bytes()),
        Object::Real(r) => out.extend_from_slice(real(*r).as_bytes()),
        Object::Name(n) => name(out, n),
        Object::String(s, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for b in s {
                out.extend_from_slice(format!("{b:02X}").as_bytes());
            }
            out.push(b'>');
        }
        Object::String(s, StringFormat::Literal) => {
            out.push(b'(');
            for &b in s {
                match b {
                    b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
                    b'\r' => out.extend_from_slice(b"\\r"),
                    _ => out.push(b),
                }
            }
            out.push(b')');
        }
        Object::Array(a) => {
            out.push(b'[');
            for (i, o) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_object(out, o);
            }
            out.push(b']');
        }
        Object::Dictionary(d) => dict(out, d, None),
        Object::Stream(st) => {
            dict(out, &st.dict, Some(st.content.len()));
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(&st.content);
            // PDF/A counts `/Length` up to the end-of-line before
            // `endstream`: data ending in CR gets CR LF, so the marker is
            // not read as ending one byte early (see `archive`).
            out.extend_from_slice(if st.content.last() == Some(&b'\r') { b"\r\nendstream" } else { b"\nendstream" });
        }
        Object::Reference((id, generation)) => out.extend_from_slice(format!("{id} {generation} R").as_bytes()),
    }
}

/// A dictionary; a stream's gets its exact `/Length`.
fn dict(out: &mut Vec<u8>, d: &Dictionary, length: Option<usize>) {
    out.extend_from_slice(b"<<");
    for (k, v) in d.iter() {
        if length.is_some() && k == b"Length" {
            continue;
        }
        name(out, k);
        // A value that starts with a delimiter needs no space before it.
        if matches!(v, Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_))
        {
            out.push(b' ');
        }
        write_object(out, v);
    }
    if let Some(n) = length {
        out.extend_from_slice(format!("/Length {n}").as_bytes());
    }
    out.extend_from_slice(b">>");
}

fn name(out: &mut Vec<u8>, n: &[u8]) {
    out.push(b'/');
    for &b in n {
        if b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.extend_from_slice(format!("#{b:02X}").as_bytes());
        }
    }
}

/// A real number as PDF writes one: no exponent.
fn real(r: f32) -> String {
    if r.is_finite() {
        let s = format!("{r}");
        if s.contains('e') { format!("{:.6}", r) } else { s }
    } else {
        "0".into()
    }
}
