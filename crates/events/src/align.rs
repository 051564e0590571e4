//! The same event across sentences, documents and languages.
//!
//! Tellings are grouped by agglomerative clustering: candidate pairs are
//! scored, merged best first, and a merge is refused when any two tellings of
//! the two groups cannot be one event. A continuation joins the telling it
//! continues. Scores (all language-independent; the words are in the data):
//!
//! | evidence | score |
//! |---|---|
//! | a shared class (`capture` = `capture`) | 1.0 |
//! | classes of one family (`arrive` ~ `capture`) | 0.5 |
//! | explicit dates that agree, by the coarser precision | minute/day 1.0, month 0.5, season/year 0.2 |
//! | shared entities, each weighted by rarity `ln(1 + N/df)` | sum / 4, at most 1.5 |
//! | places on both sides, none shared and none containing the other | −0.7 |
//! | neighbouring tellings of one document with a shared class | 0.5 |
//!
//! A pair links at 1.5 or more when it has a class relation, or at 2.0 with
//! shared entities when either telling has no class. It can never link
//! (veto) when: both have classes and no family in common; both dates are
//! explicit and more than a day apart (two dates less than a day apart stay
//! linkable: that is a disagreement to show); an inherited date is more
//! than a month from the other; both are military tellings at places that
//! cannot be one (neither contains the other); or both are in one sentence.

use rustc_hash::{FxHashMap, FxHashSet};

use crate::extract::Extracted;
use crate::lexicon::Lexicons;
use crate::when::Precision;

/// Event classes by family (meanings, not words).
pub const FAMILIES: &[(&str, &[&str])] = &[
    (
        "military",
        &["capture", "arrive", "cross", "invade", "attack", "battle"],
    ),
    ("violence", &["kill", "deport", "flee"]),
    ("unrest", &["uprising"]),
    ("office", &["resign", "appoint"]),
    ("power", &["regime", "dissolve", "establish", "declare"]),
    ("diplomacy", &["note", "ultimatum", "agreement"]),
    ("command", &["order"]),
    ("politics", &["vote"]),
    ("justice", &["arrest", "execute"]),
];

const LINK: f64 = 1.5;
/// Rarity a shared entity needs to count as specific evidence alone.
const SPECIFIC: f64 = 3.0;
const LINK_UNCLASSED: f64 = 2.0;
const DAY: i64 = 1440;

/// The index of a class's family in [`FAMILIES`].
pub fn family_of(class: &str) -> Option<usize> {
    FAMILIES.iter().position(|(_, cs)| cs.contains(&class))
}

struct Features {
    classes: Vec<u16>,
    families: Vec<usize>,
    entities: Vec<String>,
    places: Vec<(String, Option<String>, bool)>,
    /// All classes are of the military family.
    military: bool,
    doc: i64,
    ord: usize,
    sentence: (usize, usize),
}

/// Clusters tellings; returns a cluster index for each telling.
pub fn align(tellings: &[Extracted], lexicons: &Lexicons) -> Vec<usize> {
    let n = tellings.len();
    let feats: Vec<Features> = tellings
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut entities: Vec<String> = t
                .telling
                .places
                .iter()
                .chain(&t.telling.participants)
                .filter_map(|p| p.entity.clone())
                .collect();
            entities.sort();
            entities.dedup();
            let mut families: Vec<usize> = t
                .classes
                .iter()
                .filter_map(|&c| family_of(lexicons.class_name(c)))
                .collect();
            families.sort_unstable();
            families.dedup();
            let military = !t.classes.is_empty()
                && t.classes
                    .iter()
                    .all(|&c| family_of(lexicons.class_name(c)) == Some(0));
            Features {
                military,
                classes: t.classes.clone(),
                families,
                entities,
                places: t.place_countries.clone(),
                doc: t.telling.doc_id,
                ord: i,
                sentence: (t.telling.paragraph, t.telling.sentence),
            }
        })
        .collect();
    // Rarity of entities.
    let mut df: FxHashMap<&str, usize> = FxHashMap::default();
    for f in &feats {
        for e in &f.entities {
            *df.entry(e.as_str()).or_default() += 1;
        }
    }
    let idf = |e: &str| (1.0 + n as f64 / *df.get(e).unwrap_or(&1) as f64).ln();
    // Candidate pairs by shared entity and by class and month.
    let mut buckets: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (i, t) in tellings.iter().enumerate() {
        if t.continues.is_some() {
            continue;
        }
        for e in &feats[i].entities {
            buckets.entry(format!("e:{e}")).or_default().push(i);
        }
        if let Some(w) = t.when {
            let month = w.start / (DAY * 31);
            for &c in &t.classes {
                let fam = family_of(lexicons.class_name(c)).unwrap_or(usize::MAX);
                for m in [month - 1, month, month + 1] {
                    buckets.entry(format!("f:{fam}:{m}")).or_default().push(i);
                }
            }
        }
    }
    let mut pairs: FxHashSet<(usize, usize)> = FxHashSet::default();
    for members in buckets.values() {
        if members.len() > 400 {
            continue;
        }
        for (k, &a) in members.iter().enumerate() {
            for &b in &members[k + 1..] {
                if a != b {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
        }
    }
    let mut scored: Vec<(f64, usize, usize)> = pairs
        .into_iter()
        .filter_map(|(a, b)| {
            let s = score(tellings, &feats, a, b, &idf)?;
            let classed = !feats[a].classes.is_empty() && !feats[b].classes.is_empty();
            (s >= if classed { LINK } else { LINK_UNCLASSED }).then_some((s, a, b))
        })
        .collect();
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    // Union-find with member lists for the veto check.
    let mut parent: Vec<usize> = (0..n).collect();
    let mut members: Vec<Vec<usize>> = (0..n).map(|i| vec![i]).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (_, a, b) in scored {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        if ra == rb {
            continue;
        }
        let ok = members[ra]
            .iter()
            .all(|&x| members[rb].iter().all(|&y| !vetoed(tellings, &feats, x, y)));
        if !ok {
            continue;
        }
        let (big, small) = if members[ra].len() >= members[rb].len() {
            (ra, rb)
        } else {
            (rb, ra)
        };
        parent[small] = big;
        let moved = std::mem::take(&mut members[small]);
        members[big].extend(moved);
    }
    // Continuations join the telling they continue (already placed: it
    // comes earlier in the same document).
    let mut cluster: Vec<usize> = (0..n).map(|i| root(&mut parent, i)).collect();
    for i in 0..n {
        if let Some(head) = tellings[i].continues {
            // `continues` indexes the document's own list; tellings are laid
            // out document by document.
            cluster[i] = cluster[doc_start(&feats, i) + head];
        }
    }
    cluster
}

fn doc_start(feats: &[Features], i: usize) -> usize {
    let doc = feats[i].doc;
    let mut k = i;
    while k > 0 && feats[k - 1].doc == doc {
        k -= 1;
    }
    k
}

fn vetoed(tellings: &[Extracted], feats: &[Features], a: usize, b: usize) -> bool {
    let (fa, fb) = (&feats[a], &feats[b]);
    if fa.doc == fb.doc && fa.sentence == fb.sentence {
        return true;
    }
    if !fa.classes.is_empty()
        && !fb.classes.is_empty()
        && !fa.families.iter().any(|f| fb.families.contains(f))
        && !fa.classes.iter().any(|c| fb.classes.contains(c))
    {
        return true;
    }
    // Military events are where they happen: two places that cannot be one
    // (neither is the other, nor a country or region containing it) are two
    // events (the Samur crossing and the capture of Quba).
    if fa.military && fb.military && !places_compatible(&fa.places, &fb.places) {
        return true;
    }
    let (ta, tb) = (&tellings[a], &tellings[b]);
    if let (Some(wa), Some(wb)) = (ta.when, tb.when) {
        let explicit = |t: &Extracted| t.telling.time.as_ref().is_some_and(|x| x.explicit);
        if explicit(ta) && explicit(tb) {
            if wa.gap(&wb) > DAY {
                return true;
            }
        } else if wa.gap(&wb) > 31 * DAY {
            return true;
        }
    }
    false
}

type PlaceInfo = (String, Option<String>, bool);

/// Whether two telling's located places can be one: true when either has
/// none with gazetteer information, or some pair is the same entity or a
/// country or region containing the other (same country code).
fn places_compatible(a: &[PlaceInfo], b: &[PlaceInfo]) -> bool {
    let located = |p: &[PlaceInfo]| -> Vec<PlaceInfo> {
        p.iter().filter(|x| x.1.is_some()).cloned().collect()
    };
    let (pa, pb) = (located(a), located(b));
    pa.is_empty()
        || pb.is_empty()
        || pa.iter().any(|(e, c, broad)| {
            pb.iter()
                .any(|(e2, c2, broad2)| e == e2 || (c == c2 && (*broad || *broad2)))
        })
}

fn score(
    tellings: &[Extracted],
    feats: &[Features],
    a: usize,
    b: usize,
    idf: &dyn Fn(&str) -> f64,
) -> Option<f64> {
    if vetoed(tellings, feats, a, b) {
        return None;
    }
    let (fa, fb) = (&feats[a], &feats[b]);
    let mut s = 0.0;
    if fa.classes.iter().any(|c| fb.classes.contains(c)) {
        s += 1.0;
    } else if fa.families.iter().any(|f| fb.families.contains(f)) {
        s += 0.5;
    }
    let (ta, tb) = (&tellings[a], &tellings[b]);
    let explicit = |t: &Extracted| t.telling.time.as_ref().is_some_and(|x| x.explicit);
    if let (Some(wa), Some(wb)) = (ta.when, tb.when)
        && explicit(ta)
        && explicit(tb)
        && wa.agrees(&wb)
    {
        s += match wa.precision.min(wb.precision) {
            Precision::Minute | Precision::Day => 1.0,
            Precision::Month => 0.5,
            Precision::Season | Precision::Year => 0.2,
        };
    }
    let shared: f64 = fa
        .entities
        .iter()
        .filter(|e| fb.entities.contains(e))
        .map(|e| idf(e))
        .sum();
    let dated = s - if fa.classes.iter().any(|c| fb.classes.contains(c)) {
        1.0
    } else if fa.families.iter().any(|f| fb.families.contains(f)) {
        0.5
    } else {
        0.0
    };
    // Some specific evidence beyond the class: agreeing dates or a rare
    // shared entity.
    // Neighbouring tellings of one document with the same class tell one
    // event more often than not ("… the killing … By his estimate, more than
    // 3,000 were killed").
    let near = fa.doc == fb.doc
        && fa.ord.abs_diff(fb.ord) <= 2
        && fa.classes.iter().any(|c| fb.classes.contains(c));
    if dated < 0.5 && shared < SPECIFIC && !near {
        return None;
    }
    s += (shared / 4.0).min(1.5);
    if !places_compatible(&fa.places, &fb.places) {
        s -= 0.7;
    }
    if near {
        s += 0.5;
    }
    if shared == 0.0 && (fa.classes.is_empty() || fb.classes.is_empty()) {
        return None;
    }
    Some(s)
}
