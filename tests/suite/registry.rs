//! The registry of kinds is complete: every kind it names has its template,
//! its `vanban new` starter, a README section and a place in the help, and
//! no two kinds share a key, a symbol or a rank in the pack. A kind that
//! lacks one of these fails here.

use std::path::PathBuf;

use vanban::kinds::KINDS;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_kind_has_its_template_starter_and_readme_section() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let headings: Vec<&str> = readme.lines().filter(|l| l.starts_with("### ")).collect();
    for kind in KINDS {
        let template = repo().join("templates").join(kind.template);
        assert!(template.is_file(), "{}: no template {}", kind.key, template.display());
        let starter = repo().join("templates/moi").join(format!("{}.yaml", kind.key));
        let text = std::fs::read_to_string(&starter).unwrap_or_else(|_| panic!("{}: no starter", kind.key));
        assert_eq!(
            text, kind.starter.text,
            "{}: the starter built in is not templates/moi/{}.yaml",
            kind.key, kind.key
        );
        assert!(
            text.lines().any(|l| l.split(" #").next().unwrap_or("").trim() == format!("loai: {}", kind.key)),
            "{}: its starter does not say `loai: {}`",
            kind.key,
            kind.key
        );
        let section = format!("(`loai: {}`", kind.key);
        assert!(
            headings.iter().any(|h| h.contains(&section)),
            "{}: the README has no section headed `### … {section}…`",
            kind.key
        );
        assert!(vanban::starter::kinds().any(|k| k == kind.key), "{}: `vanban new` does not offer it", kind.key);
    }
}

#[test]
fn kinds_are_told_apart() {
    for (i, a) in KINDS.iter().enumerate() {
        for b in &KINDS[i + 1..] {
            assert_ne!(a.key, b.key);
            assert_ne!(a.symbol, b.symbol, "{} and {}", a.key, b.key);
            assert_ne!(a.template, b.template, "{} and {}", a.key, b.key);
            if a.pack_rank.is_some() {
                assert_ne!(a.pack_rank, b.pack_rank, "{} and {} share a place in the pack", a.key, b.key);
            }
        }
    }
}

#[test]
fn the_help_lists_every_kind() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vanban")).args(["new", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    for kind in KINDS {
        assert!(
            help.split([' ', ',', '(', ')', '\n']).any(|w| w == kind.key),
            "`vanban new --help` does not list {}:\n{help}",
            kind.key
        );
    }
}
