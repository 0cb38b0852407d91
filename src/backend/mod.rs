//! The output formats, side by side: each turns a document's parts into
//! files. Today: [`pdf`], Typst laid out in-process and exported to PDF/A.

pub mod docx;
pub mod pdf;
