//! The decree's rules that do not depend on the kind of document (Nghị định
//! 30/2020/NĐ-CP): formats of dates, numbers and markers, inline markup, the
//! signature block, numbering by nesting, and the header, date and Nơi nhận
//! every document shows. Used by the kinds; imports none of them.

pub mod check;
pub mod common;
pub mod components;
pub mod format;
pub mod markup;
pub mod numbering;
pub mod placeholder;
pub mod signature;
