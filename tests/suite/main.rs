//! The integration tests, in one binary: each module is what was once a
//! file of `tests/`. One binary links vanban and Typst once, where thirty
//! linked them thirty times (about 250 MB each), which filled the CI disk.

mod common;

mod ban_lam_viec;
mod ban_word;
mod bang_tinh;
mod bao_cao;
mod cho_trong;
mod chu;
mod cli;
mod corpus;
mod dau_ra;
mod errors;
mod faults;
mod fuzz_regressions;
mod ghep;
mod giay_moi;
mod golden;
mod ho_so;
mod hostile;
mod incremental;
mod kich_ban;
mod moi;
mod nhu_go;
mod pack;
mod pdfa;
mod property;
mod registry;
mod samples;
mod sheet;
mod thanh_phan;
mod the_dai_bieu;
mod thong_bao;
mod trinh_duyet;
mod variants;
mod watch;
mod yaml_messages;
