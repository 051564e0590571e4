//! The user's entity corrections, applied to a resolution: `reject` (a
//! mention names no entity), `merge` (one entity is another), `split` (an
//! entity's mentions in one document, or one mention, belong to another
//! entity, new or existing). They apply in file order, each to the result
//! of the ones before, so a later line can name an entity an earlier split
//! made. A correction that finds nothing to change is reported with the
//! reason and changes nothing.

use chronicle_core::EntityType;
use chronicle_core::corrections::{Action, Correction, CorrectionStatus};
use chronicle_store::{DocSummary, StoredMention};

use crate::resolve::{Entity, Resolution};

/// Does the correction's `doc` name this document (file name, source or
/// store id)?
fn names_doc(key: &str, d: &DocSummary) -> bool {
    d.name == key || d.source == key || d.id.0.to_string() == key
}

/// Applies the entity corrections of `list` to `res` (whose mentions are
/// `stored`, of the documents `docs`); returns their statuses. Date
/// corrections are left to the store.
pub fn apply(
    res: &mut Resolution,
    stored: &[StoredMention],
    docs: &[DocSummary],
    list: &[Correction],
) -> Vec<CorrectionStatus> {
    // Work on ids: entity id per mention, and each entity's description.
    let mut assign: Vec<Option<String>> = res
        .assignment
        .iter()
        .map(|a| a.map(|i| res.entities[i].id.clone()))
        .collect();
    let mut entities: Vec<Entity> = res.entities.clone();
    let mut statuses = Vec::new();
    for c in list.iter().filter(|c| c.action != Action::Date) {
        let problem = apply_one(c, &mut assign, &mut entities, stored, docs).err();
        statuses.push(CorrectionStatus {
            line: c.line,
            action: c.action,
            applied: problem.is_none(),
            problem,
        });
    }
    // Rebuild the entities from the assignment, in the resolver's order
    // with new entities last; entities left without mentions go.
    for e in &mut entities {
        e.mentions.clear();
    }
    let index: std::collections::HashMap<String, usize> = entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.clone(), i))
        .collect();
    for (m, a) in assign.iter().enumerate() {
        if let Some(id) = a {
            entities[index[id]].mentions.push(m);
        }
    }
    let kept: Vec<Entity> = entities
        .into_iter()
        .filter(|e| !e.mentions.is_empty())
        .collect();
    let index: std::collections::HashMap<&str, usize> = kept
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    res.assignment = assign
        .iter()
        .map(|a| a.as_deref().map(|id| index[id]))
        .collect();
    res.entities = kept;
    statuses
}

/// The mention a correction names by document and offset.
fn mention_at(
    c: &Correction,
    stored: &[StoredMention],
    docs: &[DocSummary],
) -> Result<usize, String> {
    let (Some(doc), Some(start)) = (&c.doc, c.start) else {
        return Err("needs doc and start".into());
    };
    let Some(d) = docs.iter().find(|d| names_doc(doc, d)) else {
        return Err(format!("no document {doc:?}"));
    };
    let Some(i) = stored
        .iter()
        .position(|m| m.doc_id == d.id.0 && m.start == start)
    else {
        return Err(format!("no name mention at {doc}:{start}"));
    };
    let m = &stored[i];
    if let Some(end) = c.end
        && end != m.end
    {
        return Err(format!(
            "the mention at {doc}:{start} ends at {}, not {end}",
            m.end
        ));
    }
    if let Some(t) = &c.text
        && t.trim() != m.text.trim()
    {
        return Err(format!(
            "the mention at {doc}:{start} reads {:?}, not {t:?}",
            m.text
        ));
    }
    Ok(i)
}

fn apply_one(
    c: &Correction,
    assign: &mut [Option<String>],
    entities: &mut Vec<Entity>,
    stored: &[StoredMention],
    docs: &[DocSummary],
) -> Result<(), String> {
    let exists = |entities: &[Entity], assign: &[Option<String>], id: &str| {
        entities.iter().any(|e| e.id == id) && assign.iter().any(|a| a.as_deref() == Some(id))
    };
    match c.action {
        Action::Date => Ok(()),
        Action::Reject => {
            let i = mention_at(c, stored, docs)?;
            if assign[i].is_none() {
                return Err("that mention names no entity already".into());
            }
            assign[i] = None;
            Ok(())
        }
        Action::Merge => {
            let (Some(from), Some(into)) = (&c.entity, &c.value) else {
                return Err("needs entity and value".into());
            };
            if from == into {
                return Err("entity and value are the same".into());
            }
            for id in [from, into] {
                if !exists(entities, assign, id) {
                    return Err(format!("no entity {id:?}"));
                }
            }
            for a in assign.iter_mut() {
                if a.as_deref() == Some(from) {
                    *a = Some(into.clone());
                }
            }
            Ok(())
        }
        Action::Split => {
            let (Some(from), Some(into)) = (&c.entity, &c.value) else {
                return Err("needs entity and value".into());
            };
            if !exists(entities, assign, from) {
                return Err(format!("no entity {from:?}"));
            }
            let moved: Vec<usize> = if c.start.is_some() {
                let i = mention_at(c, stored, docs)?;
                if assign[i].as_deref() != Some(from) {
                    return Err(format!("that mention does not name {from:?}"));
                }
                vec![i]
            } else {
                let Some(doc) = &c.doc else {
                    return Err("needs doc (and start for one mention)".into());
                };
                let Some(d) = docs.iter().find(|d| names_doc(doc, d)) else {
                    return Err(format!("no document {doc:?}"));
                };
                let ms: Vec<usize> = (0..stored.len())
                    .filter(|&i| stored[i].doc_id == d.id.0 && assign[i].as_deref() == Some(from))
                    .collect();
                if ms.is_empty() {
                    return Err(format!("{from:?} has no mention in {doc}"));
                }
                ms
            };
            if !entities.iter().any(|e| &e.id == into) {
                let source = entities.iter().find(|e| &e.id == from).cloned();
                let kind = source.as_ref().map_or(EntityType::Person, |e| e.kind);
                entities.push(Entity {
                    id: into.clone(),
                    kind,
                    name: most_common(moved.iter().map(|&i| stored[i].text.as_str())),
                    place: agreed(moved.iter().map(|&i| stored[i].place.as_deref())),
                    mentions: Vec::new(),
                });
            }
            for i in moved {
                assign[i] = Some(into.clone());
            }
            Ok(())
        }
    }
}

/// The most frequent text (the first on a tie).
fn most_common<'a>(texts: impl Iterator<Item = &'a str>) -> String {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for t in texts {
        match counts.iter_mut().find(|(x, _)| *x == t) {
            Some((_, n)) => *n += 1,
            None => counts.push((t, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (t, n) in counts {
        if best.is_none_or(|(_, b)| n > b) {
            best = Some((t, n));
        }
    }
    best.map(|(t, _)| t.to_string()).unwrap_or_default()
}

/// The gazetteer place every mention agrees on, if they do.
fn agreed<'a>(mut places: impl Iterator<Item = Option<&'a str>>) -> Option<String> {
    let first = places.next()??;
    places.all(|p| p == Some(first)).then(|| first.to_string())
}
