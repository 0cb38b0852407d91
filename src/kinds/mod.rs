//! The document kinds, one module each, and their registry: the only place
//! that names them. The CLI's help, `vanban new`, the congress pack's order,
//! the fuzz target and the tests all read [`KINDS`].
//!
//! A kind brings its module (its file struct, its checks, its template's
//! context and its [`Kind`] entry with its starter and pack rank), its
//! template `templates/<key>.typ.j2`, its starter `templates/moi/<key>.yaml`,
//! a README section, and one line below.

pub mod award_list;
pub mod badge;
pub mod certificate;
pub mod decision;
pub mod dossier;
pub mod invitation;
pub mod minutes;
pub mod name_card;
pub mod plan;
pub mod proposal;
pub mod report;
pub mod script;

use crate::document::Kind;

/// Every kind, in the order the help and `vanban new` list them.
pub const KINDS: [Kind; 11] = [
    plan::KIND,
    invitation::KIND,
    report::KIND,
    award_list::KIND,
    proposal::KIND,
    minutes::KIND,
    decision::KIND,
    certificate::KIND,
    script::KIND,
    badge::KIND,
    name_card::KIND,
];

/// The kind whose `loai:` is `key`.
pub fn kind(key: &str) -> Option<Kind> {
    KINDS.into_iter().find(|k| k.key == key)
}

/// The kinds' keys, for messages: `ke-hoach, giay-moi, …`.
pub fn keys() -> String {
    KINDS.map(|k| k.key).join(", ")
}
