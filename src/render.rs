//! Rendering a document's context through its MiniJinja template into a
//! Typst source.
//!
//! Undefined values are errors, and every interpolated value is escaped for
//! Typst markup unless a filter of ours marked it safe. The filters are the
//! decree's formats from [`crate::decree::format`] and the inline markup of
//! [`crate::decree::markup`]:
//!
//! | filter | gives |
//! |---|---|
//! | `dia_danh \| dia_danh_ngay(ngay, nam)` | `Lai Châu, ngày 07 tháng 3 năm 2024` |
//! | `ky_hieu \| so_ky_hieu(so)` | `05/KH-UBND` |
//! | `thoi_gian \| gio_ngay` | `07 giờ 30 phút, thứ Sáu, ngày 19 tháng 7 năm 2024` |
//! | `n \| la_ma` | `IV` |
//! | `s \| chu_hoa` | capitals with diacritics |
//! | `s \| van_ban` | `**đậm**`, `*nghiêng*` as strong/emph, the rest escaped |
//! | `s \| chuoi` | a Typst string literal, plain and on one line, spaced dashes bound |
//!
//! Templates named `*.xml.j2` make the vocabulary of the .docx writer
//! instead: values are escaped for XML, `van_ban` gives `<b>`/`<i>` and
//! `chuoi` plain one-line text.

use std::path::{Path, PathBuf};

use minijinja::{AutoEscape, Environment, Error, ErrorKind, UndefinedBehavior, Value};

use chrono::NaiveDate;

use crate::decree::format::{self, IssueDate};
use crate::decree::markup;
use crate::diag::{Problem, shown};

const TYPST: AutoEscape = AutoEscape::Custom("typst");
/// The vocabulary of the .docx writer (templates `*.xml.j2`).
const XML: AutoEscape = AutoEscape::Custom("xml");

pub struct Renderer {
    env: Environment<'static>,
    dir: PathBuf,
}

impl Renderer {
    pub fn new(templates_dir: &Path) -> Self {
        let mut env = Environment::new();
        env.set_loader(minijinja::path_loader(templates_dir));
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_trim_blocks(true);
        env.set_lstrip_blocks(true);
        env.set_keep_trailing_newline(true);
        env.set_auto_escape_callback(|name| if name.ends_with(".xml.j2") { XML } else { TYPST });
        env.set_formatter(|out, state, value| {
            if value.is_safe() {
                return out.write_str(value.as_str().unwrap_or_default()).map_err(Error::from);
            }
            if value.is_none() || value.is_undefined() {
                return Err(Error::new(
                    ErrorKind::UndefinedError,
                    "in một giá trị trống (none); dùng {% if … %} trong mẫu",
                ));
            }
            if value.kind() == minijinja::value::ValueKind::Bool {
                // Typst's booleans, not Python's `True`.
                return out.write_str(if value.is_true() { "true" } else { "false" }).map_err(Error::from);
            }
            if state.auto_escape() == TYPST {
                let text = match value.as_str() {
                    Some(s) => markup::escape(s),
                    None => markup::escape(&value.to_string()),
                };
                out.write_str(&text).map_err(Error::from)
            } else if state.auto_escape() == XML {
                let text = match value.as_str() {
                    Some(s) => markup::xml_escape(&markup::bind_dashes(s)),
                    None => markup::xml_escape(&value.to_string()),
                };
                out.write_str(&text).map_err(Error::from)
            } else {
                minijinja::escape_formatter(out, state, value)
            }
        });
        env.add_filter("van_ban", |state: &minijinja::State, s: String| {
            Value::from_safe_string(if state.auto_escape() == XML { markup::rich_xml(&s) } else { markup::rich(&s) })
        });
        // A spaced dash is bound to the word before it here too (after the
        // text is put on one line, which would undo it): an invitee's name
        // and title are printed from such strings.
        env.add_filter("chuoi", |state: &minijinja::State, s: String| {
            let line = markup::bind_dashes(&markup::plain(&markup::one_line(&s))).into_owned();
            Value::from_safe_string(if state.auto_escape() == XML {
                markup::xml_escape(&line)
            } else {
                markup::string_literal(&line)
            })
        });
        env.add_filter("chu_hoa", |s: String| format::capitals(&s));
        env.add_filter("gio_ngay", |at: String| -> Result<String, Error> {
            let at = chrono::NaiveDateTime::parse_from_str(&at, "%Y-%m-%dT%H:%M").map_err(|_| {
                Error::new(ErrorKind::InvalidOperation, format!("`{at}` không phải thời gian dạng YYYY-MM-DDTHH:MM"))
            })?;
            Ok(format::meeting_time(at))
        });
        env.add_filter("la_ma", |n: u32| format::roman(n));
        // A date as a Typst datetime, for the PDF's metadata.
        env.add_filter("ngay_typst", |d: String| -> Result<Value, Error> {
            let d = NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
                Error::new(ErrorKind::InvalidOperation, format!("`{d}` không phải ngày dạng YYYY-MM-DD"))
            })?;
            use chrono::Datelike;
            Ok(Value::from_safe_string(format!("datetime(year: {}, month: {}, day: {})", d.year(), d.month(), d.day())))
        });
        env.add_filter("so_ky_hieu", |ky_hieu: String, so: Option<u32>| format::number_symbol(so, &ky_hieu));
        env.add_filter(
            "dia_danh_ngay",
            |dia_danh: String, ngay: Option<String>, nam: Option<i32>, thang: Option<u32>| -> Result<String, Error> {
                let date = match (ngay, nam) {
                    (Some(d), _) => IssueDate::Issued(NaiveDate::parse_from_str(&d, "%Y-%m-%d").map_err(|_| {
                        Error::new(ErrorKind::InvalidOperation, format!("`{d}` không phải ngày dạng YYYY-MM-DD"))
                    })?),
                    (None, Some(year)) => IssueDate::Draft { year, month: thang },
                    (None, None) => {
                        return Err(Error::new(ErrorKind::MissingArgument, "cần ngày hoặc năm"));
                    }
                };
                Ok(format::date_line(&dia_danh, date))
            },
        );
        Renderer { env, dir: templates_dir.to_path_buf() }
    }

    /// The Typst source made by `template` (a file of `templates/`) with
    /// `context`, for the data file `source` (named in messages).
    pub fn render(&self, template: &str, context: &Value, source: &Path) -> Result<String, Problem> {
        self.env
            .get_template(template)
            .and_then(|t| t.render(context))
            .map_err(|e| self.template_problem(&e, template, source))
    }

    /// An error of `template` (or a template it includes) while rendering
    /// for the file `source`.
    fn template_problem(&self, e: &Error, template: &str, source: &Path) -> Problem {
        let file = self.dir.join(e.name().unwrap_or(template));
        let what = match e.kind() {
            ErrorKind::TemplateNotFound => "không tìm thấy mẫu".to_string(),
            ErrorKind::SyntaxError => "lỗi cú pháp trong mẫu".to_string(),
            ErrorKind::UndefinedError => "mẫu dùng một biến không có".to_string(),
            ErrorKind::UnknownFilter => "mẫu dùng một bộ lọc không có".to_string(),
            _ => "lỗi khi dựng mẫu".to_string(),
        };
        let detail = e.detail().map(|d| format!(": {d}")).unwrap_or_default();
        let mut p = Problem::new(file, format!("{what}{detail} (khi dựng {})", shown(source)));
        if let Some(line) = e.line() {
            p = p.at(line, 1);
        }
        p
    }
}
