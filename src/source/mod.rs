//! Reading the data folder: finding the documents ([`discover`]), loading
//! each with the agency and congress files it inherits ([`loader`]), the
//! typed values of the YAML ([`values`], [`shared`]) and its messages
//! ([`yaml`]), and the invitee lists of spreadsheets ([`invitees`]).

pub mod discover;
pub mod entry;
pub mod images;
pub mod invitees;
pub mod loader;
pub mod shared;
pub mod sheet;
pub mod values;
pub mod yaml;
