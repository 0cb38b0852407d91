//! vanban: official documents of a Vietnamese emulation congress, from YAML
//! data to PDFs laid out by Nghị định 30/2020/NĐ-CP.
//!
//! The pipeline, one module per step:
//! - [`load`] finds the YAML files under `data/` and checks them ([`model`]
//!   is their typed shape, [`yaml`] turns parse errors into [`diag::Problem`]s,
//!   [`document`] merges the agency's defaults and applies the decree's rules,
//!   [`invitation`] makes the GIẤY MỜI from the list [`invitees`] reads);
//! - [`render`] fills the kind's MiniJinja template under `templates/`, with
//!   every value escaped by [`markup`] and the decree's formats from [`format`];
//! - [`typeset`] compiles the resulting Typst source in-process into PDF;
//! - [`batch`] runs all of it over every document and writes the PDFs.

pub mod archive;
pub mod batch;
pub mod dehint;
pub mod diag;
pub mod document;
pub mod format;
pub mod invitation;
pub mod invitees;
pub mod load;
pub mod manifest;
pub mod markup;
pub mod model;
pub mod nominees;
pub mod pack;
pub mod render;
pub mod report;
pub mod script;
pub mod starter;
pub mod typeset;
pub mod watch;
pub mod yaml;
