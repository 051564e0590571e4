//! The entity alias clusters as the index sees them: every name form of
//! every entity, looked up by the phonetic key of a query word.
//!
//! A query word meets an entity when [`Names::meet`] accepts it against one
//! of the entity's forms, or, for people, against the last word of a form
//! (`Hajinski` meets `Mammad Hasan Hajinski`). Candidates come from the
//! [`chronicle_names::skeleton`] of every stem of every form, so the lookup
//! stays cheap with many entities.

use chronicle_names::{Names, skeleton};
use chronicle_store::{EntityRecord, Store, StoreError};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::analyze::{Analyzers, Script};

/// One entity's names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityNames {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    /// `(form, language)`, most frequent first.
    pub forms: Vec<(String, String)>,
}

impl EntityNames {
    /// An entity's names from `(form, language)` pairs, most frequent
    /// first; the first form is its name.
    pub fn new(id: &str, kind: &str, forms: &[(&str, &str)]) -> EntityNames {
        EntityNames {
            id: id.into(),
            kind: kind.into(),
            name: forms.first().map_or("", |f| f.0).into(),
            forms: forms
                .iter()
                .map(|(f, l)| (f.to_string(), l.to_string()))
                .collect(),
        }
    }
}

/// The names of the stored entities: every form their mentions were
/// written with (most frequent first), then the canonical name when no
/// mention wrote it (a gazetteer name such as `Bilajari`), as English.
pub fn entity_names(
    store: &Store,
    records: &[EntityRecord],
) -> Result<Vec<EntityNames>, StoreError> {
    let mut forms: FxHashMap<String, Vec<(String, String)>> = FxHashMap::default();
    for (id, alias) in store.all_aliases()? {
        forms.entry(id).or_default().push((alias.text, alias.lang));
    }
    Ok(records
        .iter()
        .map(|r| {
            let mut forms = forms.remove(&r.id).unwrap_or_default();
            if !forms.iter().any(|(f, _)| *f == r.name) {
                forms.push((r.name.clone(), "en".to_string()));
            }
            EntityNames {
                id: r.id.clone(),
                kind: r.kind.as_str().to_string(),
                name: r.name.clone(),
                forms,
            }
        })
        .collect())
}

/// The stored entities a user names: the one with this id, or every entity
/// whose names the query meets ([`AliasTable::lookup`]), in store order
/// (most mentioned first). `chronicle entity`, `timeline --entity`, the
/// API's `/api/entities?q=` and the reconciliation service all find
/// entities this way (the service through [`EntityIndex`], built once for
/// a batch of names).
pub fn entities_named(store: &Store, query: &str) -> Result<Vec<EntityRecord>, StoreError> {
    let query = query.trim();
    let all = store.entities(None)?;
    if let Some(e) = all.iter().find(|e| e.id == query) {
        return Ok(vec![e.clone()]);
    }
    let index = EntityIndex::with_records(store, all)?;
    Ok(index.named(query).into_iter().cloned().collect())
}

/// Every stored entity with its name forms, for finding many names.
#[derive(Debug, Clone)]
pub struct EntityIndex {
    /// The entities, in store order (most mentioned first).
    pub records: Vec<EntityRecord>,
    /// Their names.
    pub table: AliasTable,
}

impl EntityIndex {
    pub fn load(store: &Store) -> Result<EntityIndex, StoreError> {
        EntityIndex::with_records(store, store.entities(None)?)
    }

    fn with_records(store: &Store, records: Vec<EntityRecord>) -> Result<EntityIndex, StoreError> {
        let table = AliasTable::new(entity_names(store, &records)?);
        Ok(EntityIndex { records, table })
    }

    /// As [`entities_named`]: the entity with this id, or every entity whose
    /// names the query meets, in store order.
    pub fn named(&self, query: &str) -> Vec<&EntityRecord> {
        let query = query.trim();
        if let Some(e) = self.records.iter().find(|e| e.id == query) {
            return vec![e];
        }
        let ids: Vec<&str> = self
            .table
            .lookup(query)
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        self.records
            .iter()
            .filter(|e| ids.contains(&e.id.as_str()))
            .collect()
    }
}

/// Every entity's names with a key index.
#[derive(Debug, Default, Clone)]
pub struct AliasTable {
    entities: Vec<EntityNames>,
    by_id: FxHashMap<String, usize>,
    /// Skeleton → (entity, form, whole form or last word).
    keys: FxHashMap<String, Vec<(u32, u32, bool)>>,
}

/// Words shorter than this (in characters) are not looked up.
const MIN_QUERY_CHARS: usize = 3;

fn skeletons(form: &str, lang: &str) -> Vec<String> {
    let names = Names::shared();
    let mut out: Vec<String> = Vec::new();
    for s in names.stems(form, lang) {
        let k = skeleton(&names.romanise(s, lang).replace(' ', ""));
        if k.len() >= 2 && !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

fn last_word(form: &str) -> Option<&str> {
    let (_, last) = form.trim().rsplit_once(char::is_whitespace)?;
    Some(last)
}

impl AliasTable {
    pub fn new(entities: Vec<EntityNames>) -> AliasTable {
        let mut t = AliasTable {
            entities,
            ..AliasTable::default()
        };
        for (ei, e) in t.entities.iter().enumerate() {
            t.by_id.insert(e.id.clone(), ei);
            for (fi, (form, lang)) in e.forms.iter().enumerate() {
                let mut add = |text: &str, whole: bool| {
                    for k in skeletons(text, lang) {
                        t.keys
                            .entry(k)
                            .or_default()
                            .push((ei as u32, fi as u32, whole));
                    }
                };
                add(form, true);
                if e.kind == "PERSON"
                    && let Some(last) = last_word(form)
                {
                    add(last, false);
                }
            }
        }
        t
    }

    pub fn entities(&self) -> &[EntityNames] {
        &self.entities
    }

    pub fn get(&self, id: &str) -> Option<&EntityNames> {
        self.by_id.get(id).map(|&i| &self.entities[i])
    }

    /// The entities a query word or phrase names, most mentioned first.
    pub fn lookup(&self, query: &str) -> Vec<&EntityNames> {
        let query = query.trim();
        if query.chars().filter(|c| c.is_alphabetic()).count() < MIN_QUERY_CHARS {
            return Vec::new();
        }
        let names = Names::shared();
        let langs = Analyzers::shared().langs_of(Script::of(query));
        let mut found: Vec<u32> = Vec::new();
        for lang in &langs {
            for k in skeletons(query, lang) {
                for &(ei, fi, whole) in self.keys.get(&k).map(Vec::as_slice).unwrap_or(&[]) {
                    if found.contains(&ei) {
                        continue;
                    }
                    let (form, flang) = &self.entities[ei as usize].forms[fi as usize];
                    let text = if whole {
                        form.as_str()
                    } else {
                        last_word(form).unwrap_or(form)
                    };
                    if names.meet(query, lang, text, flang) {
                        found.push(ei);
                    }
                }
            }
        }
        // Forms are most frequent first; entities keep their table order,
        // which the store gives by id; order by number of forms' mentions is
        // not known here, so keep the order of discovery.
        found.iter().map(|&i| &self.entities[i as usize]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(id: &str, kind: &str, forms: &[(&str, &str)]) -> EntityNames {
        EntityNames::new(id, kind, forms)
    }

    fn table() -> AliasTable {
        AliasTable::new(vec![
            e(
                "shusha",
                "PLACE",
                &[("Шушы", "be"), ("Shusha", "en"), ("Şuşa", "az")],
            ),
            e(
                "ganja",
                "PLACE",
                &[("Гянджы", "be"), ("Ganja", "en"), ("Gəncəyə", "az")],
            ),
            e(
                "mammad_hasan_hajinski",
                "PERSON",
                &[
                    ("Mammad Hasan Hajinski", "en"),
                    ("Məmmədhəsən Hacınski", "az"),
                ],
            ),
            e(
                "jamo_bey_hajinski",
                "PERSON",
                &[("Camo bəy Hacınski", "az")],
            ),
            e("baku", "PLACE", &[("Baku", "en")]),
        ])
    }

    fn ids(t: &AliasTable, q: &str) -> Vec<String> {
        let mut v: Vec<String> = t.lookup(q).iter().map(|e| e.id.clone()).collect();
        v.sort();
        v
    }

    #[test]
    fn a_name_in_one_script_finds_the_entity_of_another() {
        let t = table();
        assert_eq!(ids(&t, "Shusha"), ["shusha"]);
        assert_eq!(ids(&t, "Шуша"), ["shusha"]);
        assert_eq!(ids(&t, "Гянджа"), ["ganja"]);
        assert_eq!(ids(&t, "Gəncə"), ["ganja"]);
    }

    #[test]
    fn a_surname_finds_every_namesake_and_nothing_else() {
        let t = table();
        assert_eq!(
            ids(&t, "Hajinski"),
            ["jamo_bey_hajinski", "mammad_hasan_hajinski"]
        );
        assert!(ids(&t, "Hasan").is_empty());
        assert!(ids(&t, "war").is_empty());
        assert!(ids(&t, "Ba").is_empty());
    }
}
