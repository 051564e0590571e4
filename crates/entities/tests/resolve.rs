//! Resolution across documents, languages and scripts, on names written by
//! us (the seed documents are checked by the CLI's scorer tests).

use chronicle_core::EntityType::{self, *};
use chronicle_entities::{MentionRef, resolve};

fn m(
    doc: i64,
    text: &'static str,
    lang: &'static str,
    kind: EntityType,
    cue: u8,
) -> MentionRef<'static> {
    MentionRef {
        doc,
        text,
        lang,
        kind: Some(kind),
        cue,
        place: None,
        previous: None,
    }
}

/// Entity index of every mention (panics when one has none).
fn groups(ms: &[MentionRef<'_>]) -> Vec<usize> {
    let r = resolve(ms);
    r.assignment
        .iter()
        .enumerate()
        .map(|(i, a)| a.unwrap_or_else(|| panic!("mention {i} ({}) has no entity", ms[i].text)))
        .collect()
}

#[test]
fn full_names_across_scripts_and_inflections() {
    let ms = [
        m(1, "Уільям Мантгомеры Томсан", "be", Person, 1),
        m(1, "Томсана", "be", Person, 1),
        m(2, "Uilliam Montqomeri Tomsonun", "az", Person, 1),
        m(3, "William Montgomery Thomson", "en", Person, 1),
    ];
    let g = groups(&ms);
    assert!(g.iter().all(|x| *x == g[0]), "{g:?}");
}
