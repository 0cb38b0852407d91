//! The BIỂN TÊN: a folded table name card for every invitee of the
//! congress's list (the same `khach_moi:` as the giấy mời and the kịch
//! bản), one to an A4 landscape page, in protocol order. Folded along the
//! page's middle, it stands as a tent: the name reads upright from both
//! sides. Not a document of the decree: no header, no number, no date.

use serde::{Deserialize, Serialize};

use crate::decree::common::Checker;
use crate::diag::Problem;
use crate::document::{Input, Kind, NeedsCongress, NeedsReports, Resolved, Starter};
use crate::kinds::badge::{Card, author, cards};
use crate::source::invitees::Invitees;
use crate::source::values::Text;
use crate::source::yaml;

pub const KIND: Kind = Kind {
    key: "bien-ten",
    name: "BIỂN TÊN",
    symbol: "BT",
    template: "bien-ten.typ.j2",
    numbered: false,
    addressed: false,
    word: false,
    resolve,
    starter: Starter {
        text: include_str!("../../templates/moi/bien-ten.yaml"),
        congress: NeedsCongress::IfThere,
        reports: NeedsReports::No,
    },
    pack_rank: None,
};

/// A BIỂN TÊN file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NameCardFile {
    /// `bien-ten`.
    pub loai: Text,
    /// The invitees: a list here, or the name of a `.xlsx`/`.csv` file
    /// beside this YAML (the giấy mời's list).
    pub khach_moi: Invitees,
}

/// The context of the name cards' template.
#[derive(Debug, Clone, Serialize)]
struct NameCardContext {
    loai: &'static str,
    the: Vec<Card>,
}

fn resolve(input: &Input) -> Result<Resolved, Vec<Problem>> {
    let file: NameCardFile = yaml::parse(input.path, input.text).map_err(|p| vec![p])?;
    let mut check = Checker::new(input);
    let (the, row_problems) = cards(input, &file.khach_moi, &mut check);
    if check.failed() {
        return Err(check.problems);
    }
    // The PDF's title names the congress when the cards are for one.
    let subject = input.congress.map(|c| c.full_name()).unwrap_or_default();
    let ctx = NameCardContext { loai: KIND.key, the };
    let resolved = Resolved::single(KIND, input.rel, &subject, &author(input), &ctx);
    Ok(Resolved { problems: row_problems, ..resolved }.warned(check.problems))
}
