//! The build: one orchestrator over the data, the kinds and the backends.
//! [`run`] builds or checks every document under a selection; the
//! [`Engine`] holds what a run shares; [`pack`] makes each congress's pack;
//! [`word`] the Word copies beside the PDFs.

pub mod engine;
mod gather;
mod guard;
pub mod outcome;
pub mod pack;
pub mod problems;
mod run;
mod settle;
mod state;
pub mod status;
pub mod word;

pub use engine::Engine;
pub use outcome::{Built, Failed, Mode, Outcome, Output, Paths, Report, Silent};
pub use pack::Member;
pub use run::run;
