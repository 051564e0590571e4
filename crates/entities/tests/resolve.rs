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

#[test]
fn namesakes_stay_apart_and_a_bare_surname_joins_its_document_s_person() {
    let ms = [
        m(1, "Khosrov bey Sultanov", "en", Person, 3),
        m(1, "Hamid Sultanov", "en", Person, 3),
        m(1, "Hamid Sultanov", "en", Person, 3),
        m(1, "Sultanov", "en", Person, 1),
        m(2, "Хасроў-бек Султанаў", "be", Person, 3),
        m(2, "Султан-бекам Султанавым", "be", Person, 3),
        m(3, "Jamo bey Hajinski", "en", Person, 3),
        m(3, "Mammad Hasan Hajinski", "en", Person, 3),
        m(4, "Məmmədhəsən Hacınski", "az", Person, 3),
        m(4, "Camo bəy Hacınski", "az", Person, 3),
    ];
    let g = groups(&ms);
    // Khosrov across scripts; Hamid twice; the bare surname in document 1
    // joins Hamid (most mentions there).
    assert_eq!(g[0], g[4]);
    assert_eq!(g[1], g[2]);
    assert_eq!(g[3], g[1]);
    // Three Sultanovs, two Hajinskis.
    assert_ne!(g[0], g[1]);
    assert_ne!(g[0], g[5]);
    assert_ne!(g[1], g[5]);
    assert_eq!(g[6], g[9]);
    assert_eq!(g[7], g[8]);
    assert_ne!(g[6], g[7]);
}

#[test]
fn ids_are_readable_and_stay_when_mentions_carried_them_before() {
    let mut ms = vec![
        m(1, "Mammad Hasan Hajinski", "en", Person, 3),
        m(2, "Məmmədhəsən Hacınski", "az", Person, 3),
    ];
    let r = resolve(&ms);
    assert_eq!(r.entities.len(), 1);
    assert_eq!(r.entities[0].id, "mammad-hasan-hajinski");
    // A new, fuller English form would change the canonical name; the id
    // the mentions had is kept.
    for x in &mut ms {
        x.previous = Some("hajinski-1920");
    }
    ms.push(m(3, "Mammad Hasan Hajinski", "en", Person, 3));
    let r = resolve(&ms);
    assert_eq!(r.entities.len(), 1);
    assert_eq!(r.entities[0].id, "hajinski-1920");
    assert!(r.assignment.iter().all(|a| *a == Some(0)));
}

#[test]
fn untyped_names_take_the_type_the_corpus_gives_their_key() {
    let party = m(1, "Musavat Party", "en", Org, 3);
    let untyped = MentionRef {
        kind: None,
        cue: 0,
        ..m(2, "Müsavat", "az", Org, 0)
    };
    let stray = MentionRef {
        kind: None,
        cue: 0,
        ..m(2, "Qwertyuiop", "az", Org, 0)
    };
    let r = resolve(&[party, untyped, stray]);
    assert_eq!(r.assignment[0], r.assignment[1]);
    assert!(r.assignment[0].is_some());
    assert_eq!(r.entities[r.assignment[0].unwrap()].kind, Org);
    assert_eq!(r.assignment[2], None, "no evidence, no entity");
}
