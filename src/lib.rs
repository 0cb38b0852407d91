//! vanban: official documents of a Vietnamese emulation congress, from YAML
//! data to PDFs laid out by Nghị định 30/2020/NĐ-CP.
//!
//! Modules by concern, in the order a build goes through them:
//! - [`source`] finds the YAML files under `data/` and reads them, with the
//!   agency's and the congress's files and the invitee spreadsheets;
//! - [`kinds`] checks each file by its kind (one module per kind, and the
//!   registry, the only place naming them) into a [`document::Document`],
//!   with the decree's kind-agnostic rules from [`decree`];
//! - [`render`] fills the kind's MiniJinja template under `templates/` into
//!   a Typst source, every value escaped;
//! - [`backend`] turns it into files: Typst laid out in-process, exported to
//!   PDF/A;
//! - [`output`] writes them atomically and records what each was made from;
//! - [`build`] runs all of it over every document, in parallel and
//!   incrementally, and makes the congress packs; [`watch`] turns file
//!   events into rebuilds; [`starter`] writes `vanban new`'s files;
//!   [`serve`] is the clerk's desk in a browser over all of it.
//!
//! Problems are [`diag::Problem`]s: file, line, column, field, severity.

pub mod backend;
pub mod build;
pub mod decree;
pub mod diag;
pub mod document;
pub mod kinds;
pub mod output;
pub mod render;
pub mod serve;
pub mod source;
pub mod starter;
pub mod watch;
