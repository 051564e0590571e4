//! Entity resolution across a corpus: which mentions name the same person,
//! place or organisation.
//!
//! The rules, in order:
//!
//! 1. **Word keys.** Every name word gets the key of the stem the corpus
//!    supports: the word itself, or the word without one of its language's
//!    endings, whichever another surface form in the corpus shares
//!    (`Bakıdan` → `Bakı` because `Bakı` and `Baku` occur; `Çiçerin` stays
//!    whole because `Chicherin` occurs). Keys are romanised stems
//!    (`chronicle-names`), and the phonetic skeleton is the second chance.
//! 2. **Types by vote.** A mention with a strong cue keeps its type; a weak
//!    or untyped one takes the type its key has across the corpus (the
//!    summed cues of every mention with the same key; a person's surname
//!    counts for the bare surname). Mentions with no type left name no
//!    entity.
//! 3. **Places** group by gazetteer place, then by key; groups whose keys or
//!    skeletons agree merge.
//! 4. **Organisations** group by their name without head words (`Musavat
//!    Party`, `Müsavat partiyası` → `musavat`).
//! 5. **People with a given name** group by surname and given name:
//!    surnames agree by key, or by skeleton with similar keys; given names
//!    agree when equal, when one is the other's prefix or initial (`Mammad H.`
//!    → `Mammad Hasan`), or by skeleton. Namesakes with different given names
//!    stay apart, and a short form joins the group with most mentions.
//! 6. **Bare surnames** join the person of the same document with that
//!    surname who has the most mentions there (the nearest before on a
//!    tie); failing that, the only person in the corpus with that surname;
//!    failing that, they form an entity of their own per surname.
//! 7. **Ids** are slugs of the canonical name (`shusha`,
//!    `mammad-hasan-hajinski`); an entity keeps the id most of its mentions
//!    had before, so re-resolving after an ingest keeps ids stable.

use chronicle_core::EntityType;
use chronicle_gazetteer::Gazetteer;
use chronicle_names::{Names, fold, similarity, skeleton, stem_phrase};
use rustc_hash::{FxHashMap, FxHashSet};

/// One stored mention, as the resolver reads it.
#[derive(Debug, Clone)]
pub struct MentionRef<'a> {
    /// The document (any id; mentions of one document are adjacent and in
    /// document order).
    pub doc: i64,
    pub text: &'a str,
    pub lang: &'a str,
    pub kind: Option<EntityType>,
    pub cue: u8,
    pub place: Option<&'a str>,
    /// The entity id this mention had before, if any.
    pub previous: Option<&'a str>,
}

/// An entity found in the corpus.
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    pub id: String,
    pub kind: EntityType,
    /// Canonical name: the gazetteer's for places, else the most frequent
    /// uninflected form, English and Latin script first.
    pub name: String,
    /// Gazetteer place id for places found there.
    pub place: Option<String>,
    /// Indices of its mentions in the input.
    pub mentions: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct Resolution {
    pub entities: Vec<Entity>,
    /// For every input mention, the index of its entity in `entities`.
    pub assignment: Vec<Option<usize>>,
}

/// A mention's name, taken apart.
#[derive(Debug, Default, Clone)]
struct Parsed {
    /// Keys of the name words (particles, connectors and, for organisations,
    /// head words left out; initials as one letter).
    words: Vec<String>,
    /// Which of `words` are initials.
    initial: Vec<bool>,
    /// Whole key: `words` joined by spaces.
    whole: String,
    whole_skeleton: String,
    /// Organisations: the key without head words (equal to `whole` when the
    /// name has nothing else).
    org: String,
}

struct Cues {
    particles: FxHashSet<String>,
    connectors: FxHashSet<String>,
    org_heads: FxHashSet<String>,
}

impl Cues {
    fn all() -> Cues {
        let mut c = Cues {
            particles: FxHashSet::default(),
            connectors: FxHashSet::default(),
            org_heads: FxHashSet::default(),
        };
        for d in chronicle_lang::all() {
            c.particles.extend(d.names.name_particles.iter().cloned());
            c.connectors.extend(d.names.connectors.iter().cloned());
            c.org_heads.extend(
                d.names
                    .org_heads
                    .iter()
                    .filter(|h| !h.contains(' '))
                    .cloned(),
            );
        }
        c
    }
}

fn split_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '-' | '‐' | '‑' | '–' | '.'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
}

fn is_initial_word(w: &str) -> bool {
    let mut c = w.chars();
    c.next().is_some_and(char::is_uppercase) && c.next().is_none()
}

/// Resolves mentions into entities (see the module documentation).
pub fn resolve(mentions: &[MentionRef<'_>]) -> Resolution {
    let names = Names::shared();
    let gazetteer = Gazetteer::shared();
    let cues = Cues::all();

    // 1. Support for word keys: unstripped keys by the surfaces that have them.
    let mut support: FxHashMap<String, FxHashSet<String>> = FxHashMap::default();
    let mut skel_support: FxHashMap<String, FxHashSet<String>> = FxHashMap::default();
    for m in mentions {
        for w in split_words(m.text) {
            let lw = names.lowercase(w, m.lang);
            if is_initial_word(w) || cues.particles.contains(&lw) || cues.connectors.contains(&lw) {
                continue;
            }
            let roman = names.romanise(w, m.lang);
            let f = fold(w);
            support
                .entry(stem_phrase(&roman))
                .or_default()
                .insert(f.clone());
            let sk = skeleton(&roman);
            if sk.len() >= 3 {
                skel_support.entry(sk).or_default().insert(f);
            }
        }
    }
    let mut key_cache: FxHashMap<(String, String), String> = FxHashMap::default();
    let mut word_key = |w: &str, lang: &str| -> String {
        if let Some(k) = key_cache.get(&(w.to_string(), lang.to_string())) {
            return k.clone();
        }
        let f = fold(w);
        let stems = names.stems(w, lang);
        let keyed: Vec<(String, String)> = stems
            .iter()
            .map(|s| {
                let r = names.romanise(s, lang);
                (stem_phrase(&r), skeleton(&r))
            })
            .collect();
        let other =
            |set: Option<&FxHashSet<String>>| set.is_some_and(|s| s.iter().any(|x| *x != f));
        let chosen = keyed
            .iter()
            .find(|(k, _)| other(support.get(k)))
            .or_else(|| {
                keyed
                    .iter()
                    .find(|(_, sk)| sk.len() >= 3 && other(skel_support.get(sk)))
            })
            .map(|(k, _)| k.clone())
            .unwrap_or_else(|| keyed[0].0.clone());
        key_cache.insert((w.to_string(), lang.to_string()), chosen.clone());
        chosen
    };

    let parsed: Vec<Parsed> = mentions
        .iter()
        .map(|m| {
            let mut p = Parsed::default();
            let mut org = Vec::new();
            for w in split_words(m.text) {
                let lw = names.lowercase(w, m.lang);
                if cues.particles.contains(&lw) || cues.connectors.contains(&lw) {
                    continue;
                }
                let initial = is_initial_word(w);
                let key = if initial {
                    lw.clone()
                } else {
                    word_key(w, m.lang)
                };
                if !cues.org_heads.contains(&lw) {
                    org.push(key.clone());
                }
                p.words.push(key);
                p.initial.push(initial);
            }
            p.whole = p.words.join(" ");
            p.whole_skeleton = p
                .words
                .iter()
                .map(|w| skeleton(w))
                .collect::<Vec<_>>()
                .join(" ");
            p.org = if org.is_empty() {
                p.whole.clone()
            } else {
                org.join(" ")
            };
            p
        })
        .collect();

    // 2. Types by vote.
    let mut votes: FxHashMap<&str, [u32; 3]> = FxHashMap::default();
    let mut skeleton_votes: FxHashMap<&str, [u32; 3]> = FxHashMap::default();
    let slot = |k: EntityType| match k {
        EntityType::Person => 0,
        EntityType::Place => 1,
        EntityType::Org => 2,
    };
    for (m, p) in mentions.iter().zip(&parsed) {
        if let Some(k) = m.kind {
            let key = if k == EntityType::Org {
                p.org.as_str()
            } else {
                p.whole.as_str()
            };
            votes.entry(key).or_default()[slot(k)] += m.cue as u32;
            skeleton_votes.entry(p.whole_skeleton.as_str()).or_default()[slot(k)] += m.cue as u32;
            if k == EntityType::Person
                && p.words.len() >= 2
                && let Some(s) = p.words.last()
            {
                votes.entry(s.as_str()).or_default()[0] += m.cue as u32;
                if let Some(sk) = p.whole_skeleton.rsplit(' ').next() {
                    skeleton_votes.entry(sk).or_default()[0] += m.cue as u32;
                }
            }
        }
    }
    let kinds: Vec<Option<EntityType>> = mentions
        .iter()
        .zip(&parsed)
        .map(|(m, p)| {
            if m.cue >= 2 {
                return m.kind;
            }
            let mut best = m.kind;
            let mut best_score = 0;
            for key in [p.whole.as_str(), p.org.as_str()] {
                if let Some(v) = votes.get(key) {
                    for k in EntityType::ALL {
                        if v[slot(k)] > best_score {
                            best_score = v[slot(k)];
                            best = Some(k);
                        }
                    }
                }
            }
            // Second chance: the phonetic skeleton (`Nzhdeh` ~ `Нждэ`), for
            // names of three consonants or more.
            if best_score == 0
                && p.whole_skeleton.len() >= 3
                && let Some(v) = skeleton_votes.get(p.whole_skeleton.as_str())
            {
                for k in EntityType::ALL {
                    if v[slot(k)] > best_score {
                        best_score = v[slot(k)];
                        best = Some(k);
                    }
                }
            }
            best
        })
        .collect();

    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut assignment: Vec<Option<usize>> = vec![None; mentions.len()];

    // 3. Places.
    let mut by_place: FxHashMap<&str, usize> = FxHashMap::default();
    let mut by_key: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, m) in mentions.iter().enumerate() {
        if kinds[i] != Some(EntityType::Place) || parsed[i].whole.is_empty() {
            continue;
        }
        let g = match m.place {
            Some(pl) => *by_place.entry(pl).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            }),
            None => match by_key.get(parsed[i].whole.as_str()) {
                Some(&g) => g,
                None => {
                    groups.push(Vec::new());
                    groups.len() - 1
                }
            },
        };
        by_key.entry(parsed[i].whole.as_str()).or_insert(g);
        groups[g].push(i);
        assignment[i] = Some(g);
    }
    let place_groups: Vec<usize> = (0..groups.len()).collect();
    merge_similar(&mut groups, &mut assignment, &place_groups, &parsed, |p| {
        &p.whole
    });

    // 4. Organisations.
    let first_org = groups.len();
    let mut by_org: FxHashMap<&str, usize> = FxHashMap::default();
    for i in 0..mentions.len() {
        if kinds[i] != Some(EntityType::Org) || parsed[i].org.is_empty() {
            continue;
        }
        let g = *by_org.entry(parsed[i].org.as_str()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(i);
        assignment[i] = Some(g);
    }
    let org_groups: Vec<usize> = (first_org..groups.len()).collect();
    merge_similar(&mut groups, &mut assignment, &org_groups, &parsed, |p| {
        &p.org
    });

    // 5. People with a given name, most specific first.
    let mut full: Vec<usize> = (0..mentions.len())
        .filter(|&i| kinds[i] == Some(EntityType::Person) && parsed[i].words.len() >= 2)
        .collect();
    full.sort_by_key(|&i| {
        let p = &parsed[i];
        let given: usize = p.words[..p.words.len() - 1].iter().map(|w| w.len()).sum();
        (
            std::cmp::Reverse(p.initial.iter().filter(|x| !**x).count()),
            std::cmp::Reverse(given),
            i,
        )
    });
    let mut people: Vec<usize> = Vec::new();
    for &i in &full {
        let p = &parsed[i];
        let mut best: Option<(usize, usize)> = None;
        for &g in &people {
            let rep = &parsed[groups[g][0]];
            if surname_agrees(p, rep) && groups[g].iter().any(|&j| given_agrees(p, &parsed[j])) {
                let size = groups[g].len();
                if best.is_none_or(|(_, s)| size > s) {
                    best = Some((g, size));
                }
            }
        }
        let g = match best {
            Some((g, _)) => g,
            None => {
                groups.push(Vec::new());
                people.push(groups.len() - 1);
                groups.len() - 1
            }
        };
        groups[g].push(i);
        assignment[i] = Some(g);
    }

    // 6. Bare surnames.
    let mut bare_groups: FxHashMap<String, usize> = FxHashMap::default();
    for i in 0..mentions.len() {
        if kinds[i] != Some(EntityType::Person)
            || parsed[i].words.len() != 1
            || parsed[i].initial[0]
        {
            continue;
        }
        let p = &parsed[i];
        let doc = mentions[i].doc;
        // People of this document with this surname: mentions there, and the
        // position of the last one before this mention.
        let mut local: Vec<(usize, usize, Option<usize>)> = Vec::new();
        for &g in &people {
            let rep = &parsed[groups[g][0]];
            if !surname_agrees(p, rep) {
                continue;
            }
            let here: Vec<usize> = groups[g]
                .iter()
                .copied()
                .filter(|&j| mentions[j].doc == doc)
                .collect();
            if !here.is_empty() {
                let before = here.iter().copied().filter(|&j| j < i).max();
                local.push((g, here.len(), before));
            }
        }
        let target = if !local.is_empty() {
            local.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
            Some(local[0].0)
        } else {
            let corpus: Vec<usize> = people
                .iter()
                .copied()
                .filter(|&g| surname_agrees(p, &parsed[groups[g][0]]))
                .collect();
            if corpus.len() == 1 {
                Some(corpus[0])
            } else {
                None
            }
        };
        let g = match target {
            Some(g) => g,
            None => *bare_groups.entry(p.whole.clone()).or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            }),
        };
        groups[g].push(i);
        assignment[i] = Some(g);
    }

    // 7. Entities, names and ids.
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&g| !groups[g].is_empty())
        .collect();
    for g in &order {
        groups[*g].sort_unstable();
    }
    order.sort_by_key(|&g| groups[g][0]);
    let mut entities: Vec<Entity> = Vec::new();
    let mut index_of = vec![usize::MAX; groups.len()];
    for &g in &order {
        let members = &groups[g];
        let kind = kind_of(members, &kinds);
        let place = if kind == EntityType::Place {
            majority(members.iter().filter_map(|&i| mentions[i].place))
        } else {
            None
        };
        let name = match place.and_then(|p| gazetteer.by_id(p)) {
            Some(pl) => pl.name.clone(),
            None => canonical(members, mentions, &parsed, kind, names),
        };
        index_of[g] = entities.len();
        entities.push(Entity {
            id: String::new(),
            kind,
            name,
            place: place.map(str::to_string),
            mentions: members.clone(),
        });
    }
    assign_ids(&mut entities, mentions);
    let assignment = assignment
        .into_iter()
        .map(|g| g.map(|g| index_of[g]).filter(|&e| e != usize::MAX))
        .collect();
    Resolution {
        entities,
        assignment,
    }
}

fn kind_of(members: &[usize], kinds: &[Option<EntityType>]) -> EntityType {
    let mut counts = [0usize; 3];
    for &i in members {
        match kinds[i] {
            Some(EntityType::Person) => counts[0] += 1,
            Some(EntityType::Place) => counts[1] += 1,
            Some(EntityType::Org) => counts[2] += 1,
            None => {}
        }
    }
    let best = (0..3).max_by_key(|&k| (counts[k], 3 - k)).unwrap_or(0);
    EntityType::ALL[best]
}

fn majority<'a>(items: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for it in items {
        match counts.iter_mut().find(|(k, _)| *k == it) {
            Some((_, n)) => *n += 1,
            None => counts.push((it, 1)),
        }
    }
    counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0)))
        .map(|(k, _)| k)
}

/// Merges groups (among `candidates`) whose keys agree: equal keys, or equal
/// skeletons of at least three letters with similar keys.
fn merge_similar(
    groups: &mut [Vec<usize>],
    assignment: &mut [Option<usize>],
    candidates: &[usize],
    parsed: &[Parsed],
    key: impl Fn(&Parsed) -> &String,
) {
    let mut by_skeleton: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for &g in candidates {
        for &i in &groups[g] {
            let k = key(&parsed[i]);
            let sk: String = k.split(' ').map(skeleton).collect::<Vec<_>>().join(" ");
            if sk.replace(' ', "").len() >= 3 {
                let list = by_skeleton.entry(sk).or_default();
                if !list.contains(&g) {
                    list.push(g);
                }
            }
        }
    }
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    fn find(parent: &mut [usize], x: usize) -> usize {
        let mut r = x;
        while parent[r] != r {
            r = parent[r];
        }
        let mut y = x;
        while parent[y] != r {
            let n = parent[y];
            parent[y] = r;
            y = n;
        }
        r
    }
    let mut lists: Vec<Vec<usize>> = by_skeleton.into_values().collect();
    lists.sort();
    for list in lists {
        for a in 0..list.len() {
            for b in a + 1..list.len() {
                let (ga, gb) = (list[a], list[b]);
                let similar = groups[ga].iter().any(|&i| {
                    groups[gb]
                        .iter()
                        .any(|&j| similarity(key(&parsed[i]), key(&parsed[j])) >= 0.8)
                });
                if similar {
                    let (ra, rb) = (find(&mut parent, ga), find(&mut parent, gb));
                    if ra != rb {
                        parent[rb.max(ra)] = rb.min(ra);
                    }
                }
            }
        }
    }
    for &g in candidates {
        let r = find(&mut parent, g);
        if r != g {
            let moved = std::mem::take(&mut groups[g]);
            for &i in &moved {
                assignment[i] = Some(r);
            }
            groups[r].extend(moved);
        }
    }
}

fn word_agrees(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (sa, sb) = (skeleton(a), skeleton(b));
    sa.len() >= 2 && sa == sb && similarity(a, b) >= 0.75
}

fn surname_agrees(a: &Parsed, b: &Parsed) -> bool {
    match (a.words.last(), b.words.last()) {
        (Some(x), Some(y)) => word_agrees(x, y),
        _ => false,
    }
}

/// Given names agree: equal, one a prefix of the other (initials too), or
/// equal skeletons with similar keys. Both must have a given name.
fn given_agrees(a: &Parsed, b: &Parsed) -> bool {
    let given = |p: &Parsed| p.words[..p.words.len().saturating_sub(1)].concat();
    let (ga, gb) = (given(a), given(b));
    if ga.is_empty() || gb.is_empty() {
        return false;
    }
    if ga == gb {
        return true;
    }
    let abbreviated = a.initial.iter().any(|x| *x)
        || b.initial.iter().any(|x| *x)
        || a.words.len() != b.words.len();
    if abbreviated && (ga.starts_with(&gb) || gb.starts_with(&ga)) {
        return true;
    }
    // Surnames already agree here, so a close spelling is enough
    // (`William Montgomery`, `Uilliam Montqomeri`).
    word_agrees(&ga, &gb) || similarity(&ga, &gb) >= 0.88
}

/// The canonical name: the most frequent uninflected form, preferring
/// English sentences, then Latin script, then the longest (for people, the
/// fullest) form.
fn canonical(
    members: &[usize],
    mentions: &[MentionRef<'_>],
    parsed: &[Parsed],
    kind: EntityType,
    names: &Names,
) -> String {
    let mut counts: FxHashMap<&str, (usize, usize, bool, bool)> = FxHashMap::default();
    for &i in members {
        let m = &mentions[i];
        let whole_words = parsed[i].words.len();
        // Uninflected: the last word's chosen key is its own full key.
        let last = split_words(m.text).last().unwrap_or("");
        let own = stem_phrase(&names.romanise(last, m.lang));
        let uninflected = parsed[i].words.last().is_some_and(|k| *k == own);
        let e = counts
            .entry(m.text)
            .or_insert((0, whole_words, m.lang == "en", uninflected));
        e.0 += 1;
    }
    let latin = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_ascii() || (c as u32) < 0x0250)
    };
    counts
        .into_iter()
        .max_by(|a, b| {
            let (ka, kb) = (a.1, b.1);
            let fuller = if kind == EntityType::Person {
                ka.1.cmp(&kb.1)
            } else {
                std::cmp::Ordering::Equal
            };
            ka.3.cmp(&kb.3)
                .then(fuller)
                .then(ka.2.cmp(&kb.2))
                .then(latin(a.0).cmp(&latin(b.0)))
                .then(ka.0.cmp(&kb.0))
                .then(b.0.cmp(a.0))
        })
        .map(|(s, _)| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// A readable id from a name ([`chronicle_names::slug`]), `entity` when
/// the name has no letters or digits to keep.
pub fn slug(name: &str) -> String {
    let out = chronicle_names::slug(name);
    if out.is_empty() {
        "entity".to_string()
    } else {
        out
    }
}

/// Gives every entity an id: the previous id most of its mentions carried
/// (largest entities choose first), else a fresh slug of its name.
fn assign_ids(entities: &mut [Entity], mentions: &[MentionRef<'_>]) {
    let mut taken: FxHashSet<String> = FxHashSet::default();
    let mut by_size: Vec<usize> = (0..entities.len()).collect();
    by_size.sort_by_key(|&e| {
        (
            std::cmp::Reverse(entities[e].mentions.len()),
            entities[e].mentions[0],
        )
    });
    for &e in &by_size {
        let mut votes: Vec<(&str, usize)> = Vec::new();
        for &i in &entities[e].mentions {
            if let Some(p) = mentions[i].previous {
                match votes.iter_mut().find(|(k, _)| *k == p) {
                    Some((_, n)) => *n += 1,
                    None => votes.push((p, 1)),
                }
            }
        }
        votes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        if let Some((id, _)) = votes.into_iter().find(|(id, _)| !taken.contains(*id)) {
            taken.insert(id.to_string());
            entities[e].id = id.to_string();
        }
    }
    for entity in entities.iter_mut() {
        if !entity.id.is_empty() {
            continue;
        }
        let base = slug(&entity.name);
        let mut id = base.clone();
        let mut n = 2;
        while taken.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(id.clone());
        entity.id = id;
    }
}
