//! Mentions and entities: what the corpus-level resolver reads and writes,
//! and the entity queries of the CLI and the server.

use std::io::Write;

use chronicle_core::EntityType;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;

use crate::error::StoreError;
use crate::export::{RowError, opt_text, text};
use crate::store::Store;

/// A stored mention, as the resolver reads it.
#[derive(Debug, Clone)]
pub struct StoredMention {
    /// Row id (stable while its document is unchanged).
    pub id: i64,
    pub doc_id: i64,
    pub text: String,
    pub lang: String,
    pub kind: Option<EntityType>,
    pub cue: u8,
    pub place: Option<String>,
    /// The entity the last resolution gave it, after the user's
    /// corrections.
    pub entity: Option<String>,
    /// The entity the resolver itself gave it (before corrections): what
    /// the next resolution starts from, so ids stay stable.
    pub raw_entity: Option<String>,
    /// Source byte offsets, for corrections that name a mention.
    pub start: usize,
    pub end: usize,
}

/// An entity as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityRecord {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub name: String,
    /// Gazetteer place id (`geonames:147105`, `chronicle:zangezur`).
    pub place: Option<String>,
    /// `settlement`, `region` (the point is representative) or `country`
    /// (the point is its capital).
    pub place_kind: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub mentions: u64,
    pub documents: u64,
}

/// What a resolution changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ResolutionWrite {
    /// Mentions whose entity changed.
    pub mentions_changed: u64,
    /// Whether the entity table changed.
    pub entities_changed: bool,
}

/// One name form of an entity: the text, its language, how often.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alias {
    pub text: String,
    pub lang: String,
    pub count: u64,
}

/// A mention of an entity with its sentence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityMention {
    pub doc: String,
    pub start: u64,
    pub end: u64,
    pub text: String,
    pub lang: String,
    /// The sentence's source span and its cleaned text.
    pub sentence_start: u64,
    pub sentence_end: u64,
    pub sentence: String,
}

#[derive(Serialize)]
struct MentionLine<'a> {
    doc: &'a str,
    start: i64,
    end: i64,
    entity: &'a str,
    #[serde(rename = "type")]
    kind: &'a str,
    text: &'a str,
    lang: &'a str,
}

fn kind_of(s: Option<&str>) -> Option<EntityType> {
    s.and_then(EntityType::parse)
}

impl Store {
    /// Every mention, in document and mention order.
    pub fn mentions_for_resolution(&self) -> Result<Vec<StoredMention>, StoreError> {
        let q = |e| self.query_err("reading mentions", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, doc_id, text, lang, kind, cue, place, entity, raw_entity, start, \"end\"
                 FROM mentions ORDER BY doc_id, ord",
            )
            .map_err(q)?;
        let rows = stmt
            .query_map([], |r| {
                let kind: Option<String> = r.get(4)?;
                Ok(StoredMention {
                    id: r.get(0)?,
                    doc_id: r.get(1)?,
                    text: r.get(2)?,
                    lang: r.get(3)?,
                    kind: kind_of(kind.as_deref()),
                    cue: r.get::<_, i64>(5)?.clamp(0, 255) as u8,
                    place: r.get(6)?,
                    entity: r.get(7)?,
                    raw_entity: r.get(8)?,
                    start: r.get::<_, i64>(9)?.max(0) as usize,
                    end: r.get::<_, i64>(10)?.max(0) as usize,
                })
            })
            .map_err(q)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
    }

    /// Stores a resolution in one transaction: the entity of every mention
    /// (`assignment` gives a mention row id, the resolver's own entity id
    /// and the entity after the user's corrections) and the entity table. Writes nothing when nothing changed, so re-resolving an
    /// unchanged corpus leaves the database file untouched.
    pub fn save_resolution(
        &mut self,
        entities: &[EntityRecord],
        assignment: &[(i64, Option<&str>, Option<&str>)],
    ) -> Result<ResolutionWrite, StoreError> {
        let what = "saving entities";
        let q = |e| StoreError::Query {
            path: self.db_path.clone(),
            what: what.to_string(),
            source: e,
        };
        type Links = (Option<String>, Option<String>);
        let current: Vec<(i64, Links)> = {
            let mut stmt = self
                .conn
                .prepare("SELECT id, raw_entity, entity FROM mentions")
                .map_err(q)?;
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
                .map_err(q)?;
            rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)?
        };
        let current: std::collections::HashMap<i64, Links> = current.into_iter().collect();
        let changed: Vec<&(i64, Option<&str>, Option<&str>)> = assignment
            .iter()
            .filter(|(id, raw, e)| {
                current
                    .get(id)
                    .is_some_and(|(r, c)| r.as_deref() != *raw || c.as_deref() != *e)
            })
            .collect();
        let stored = self.entities(None)?;
        let entities_changed = stored != entities;
        let result = ResolutionWrite {
            mentions_changed: changed.len() as u64,
            entities_changed,
        };
        if changed.is_empty() && !entities_changed {
            return Ok(result);
        }
        let tx = rusqlite::Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(q)?;
        {
            let mut up = tx
                .prepare("UPDATE mentions SET raw_entity = ?2, entity = ?3 WHERE id = ?1")
                .map_err(q)?;
            for (id, raw, e) in &changed {
                up.execute(params![id, raw, e]).map_err(q)?;
            }
            if entities_changed {
                tx.execute("DELETE FROM entities", []).map_err(q)?;
                let mut ins = tx
                    .prepare(
                        "INSERT INTO entities (id, type, name, place, place_kind, lat, lon, mention_count, doc_count)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                    )
                    .map_err(q)?;
                for e in entities {
                    ins.execute(params![
                        e.id,
                        e.kind.as_str(),
                        e.name,
                        e.place,
                        e.place_kind,
                        e.lat,
                        e.lon,
                        e.mentions as i64,
                        e.documents as i64
                    ])
                    .map_err(q)?;
                }
            }
        }
        tx.commit().map_err(q)?;
        Ok(result)
    }

    /// Entities, most mentioned first (then by id), optionally of one type.
    pub fn entities(&self, kind: Option<EntityType>) -> Result<Vec<EntityRecord>, StoreError> {
        let q = |e| self.query_err("listing entities", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT id, type, name, place, place_kind, lat, lon, mention_count, doc_count FROM entities
                 WHERE ?1 IS NULL OR type = ?1 ORDER BY mention_count DESC, id",
            )
            .map_err(q)?;
        let rows = stmt
            .query_map([kind.map(|k| k.as_str())], entity_row)
            .map_err(q)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Result<Option<EntityRecord>, StoreError> {
        let q = |e| self.query_err("reading an entity", e);
        self.conn
            .query_row(
                "SELECT id, type, name, place, place_kind, lat, lon, mention_count, doc_count FROM entities WHERE id = ?1",
                [id],
                entity_row,
            )
            .optional()
            .map_err(q)
    }

    /// Every name form of an entity with its language, most frequent first.
    pub fn entity_aliases(&self, id: &str) -> Result<Vec<Alias>, StoreError> {
        let q = |e| self.query_err("reading an entity's names", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT text, lang, COUNT(*) AS n FROM mentions WHERE entity = ?1
                 GROUP BY text, lang ORDER BY n DESC, lang, text",
            )
            .map_err(q)?;
        let rows = stmt
            .query_map([id], |r| {
                Ok(Alias {
                    text: r.get(0)?,
                    lang: r.get(1)?,
                    count: r.get::<_, i64>(2)?.max(0) as u64,
                })
            })
            .map_err(q)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
    }

    /// Every name form of every entity: `(entity id, form)`, grouped by
    /// entity, most frequent form first.
    pub fn all_aliases(&self) -> Result<Vec<(String, Alias)>, StoreError> {
        let q = |e| self.query_err("reading the entities' names", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT entity, text, lang, COUNT(*) AS n FROM mentions WHERE entity IS NOT NULL
                 GROUP BY entity, text, lang ORDER BY entity, n DESC, lang, text",
            )
            .map_err(q)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    Alias {
                        text: r.get(1)?,
                        lang: r.get(2)?,
                        count: r.get::<_, i64>(3)?.max(0) as u64,
                    },
                ))
            })
            .map_err(q)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
    }

    /// Every mention of an entity with the sentence it is in, in document
    /// order.
    pub fn entity_mentions(&self, id: &str) -> Result<Vec<EntityMention>, StoreError> {
        let q = |e| self.query_err("reading an entity's mentions", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT d.name, m.start, m.\"end\", m.text, m.lang, s.start, s.\"end\", s.text_start, s.text_end, p.text
                 FROM mentions m
                 JOIN documents d ON d.id = m.doc_id
                 JOIN sentences s ON s.paragraph_id = m.paragraph_id AND s.ord = m.sentence_ord
                 JOIN paragraphs p ON p.id = m.paragraph_id
                 WHERE m.entity = ?1 ORDER BY m.doc_id, m.ord",
            )
            .map_err(q)?;
        let rows = stmt
            .query_map([id], |r| {
                let para: String = r.get(9)?;
                let (a, b): (i64, i64) = (r.get(7)?, r.get(8)?);
                let sentence = para
                    .get(a.max(0) as usize..b.max(0) as usize)
                    .unwrap_or("")
                    .to_string();
                Ok(EntityMention {
                    doc: r.get(0)?,
                    start: r.get::<_, i64>(1)?.max(0) as u64,
                    end: r.get::<_, i64>(2)?.max(0) as u64,
                    text: r.get(3)?,
                    lang: r.get(4)?,
                    sentence_start: r.get::<_, i64>(5)?.max(0) as u64,
                    sentence_end: r.get::<_, i64>(6)?.max(0) as u64,
                    sentence,
                })
            })
            .map_err(q)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
    }

    /// The entity of each mention of one document, in mention order (the
    /// order of [`chronicle_core::Document::mentions`]); `None` for a
    /// mention the resolver linked to no entity.
    pub fn document_mention_entities(
        &self,
        doc: crate::DocId,
    ) -> Result<Vec<Option<String>>, StoreError> {
        let q = |e| self.query_err("reading a document's mention entities", e);
        let mut stmt = self
            .conn
            .prepare("SELECT entity FROM mentions WHERE doc_id = ?1 ORDER BY ord")
            .map_err(q)?;
        let rows = stmt.query_map([doc.0], |r| r.get(0)).map_err(q)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
    }

    /// The entities mentioned in the same sentences as `id`, with the
    /// number of sentences they share, most shared first (ties by id), at
    /// most `limit`.
    pub fn co_occurring(&self, id: &str, limit: usize) -> Result<Vec<(String, u64)>, StoreError> {
        let q = |e| self.query_err("reading co-occurring entities", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT b.entity, COUNT(DISTINCT a.paragraph_id || ':' || a.sentence_ord) AS n
                 FROM mentions a
                 JOIN mentions b ON b.paragraph_id = a.paragraph_id AND b.sentence_ord = a.sentence_ord
                 WHERE a.entity = ?1 AND b.entity IS NOT NULL AND b.entity <> ?1
                 GROUP BY b.entity ORDER BY n DESC, b.entity LIMIT ?2",
            )
            .map_err(q)?;
        let rows = stmt
            .query_map(params![id, limit as i64], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as u64))
            })
            .map_err(q)?;
        rows.collect::<rusqlite::Result<Vec<_>>>().map_err(q)
    }

    /// Every pair of entities named in one sentence, with the number of
    /// sentences they share (`a < b`, sorted by pair), counting only the
    /// sentences of `docs` (store ids; empty: every document).
    pub fn co_occurrence_pairs(
        &self,
        docs: &[i64],
    ) -> Result<Vec<(String, String, u64)>, StoreError> {
        let q = |e| self.query_err("reading co-occurring entities", e);
        let mut stmt = self
            .conn
            .prepare(
                "SELECT a.doc_id, a.entity, b.entity, COUNT(DISTINCT a.paragraph_id || ':' || a.sentence_ord)
                 FROM mentions a
                 JOIN mentions b ON b.paragraph_id = a.paragraph_id AND b.sentence_ord = a.sentence_ord
                 WHERE a.entity IS NOT NULL AND b.entity IS NOT NULL AND a.entity < b.entity
                 GROUP BY a.doc_id, a.entity, b.entity",
            )
            .map_err(q)?;
        let rows = stmt
            .query_map([], |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, i64>(3)?.max(0) as u64,
                ))
            })
            .map_err(q)?;
        let mut pairs: std::collections::BTreeMap<(String, String), u64> = Default::default();
        for row in rows {
            let (doc, a, b, n) = row.map_err(q)?;
            if docs.is_empty() || docs.contains(&doc) {
                *pairs.entry((a, b)).or_default() += n;
            }
        }
        Ok(pairs.into_iter().map(|((a, b), n)| (a, b, n)).collect())
    }

    /// Writes `{"doc","start","end","entity","type","text","lang"}` per
    /// mention linked to an entity, in document order (the entity scorer's
    /// format).
    pub fn export_mentions(&self, w: &mut dyn Write) -> Result<u64, StoreError> {
        self.export(
            "mention",
            "SELECT m.start, m.\"end\", m.entity, e.type, m.text, m.lang FROM mentions m
             JOIN entities e ON e.id = m.entity WHERE m.doc_id = ?1 ORDER BY m.ord",
            w,
            |doc, row, out| {
                let line = MentionLine {
                    doc,
                    start: row.get(0)?,
                    end: row.get(1)?,
                    entity: text(row, 2)?,
                    kind: text(row, 3)?,
                    text: text(row, 4)?,
                    lang: opt_text(row, 5)?.unwrap_or(""),
                };
                serde_json::to_writer(out, &line).map_err(RowError::Json)
            },
        )
    }
}

fn entity_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EntityRecord> {
    let kind: String = r.get(1)?;
    Ok(EntityRecord {
        id: r.get(0)?,
        kind: EntityType::parse(&kind).unwrap_or(EntityType::Place),
        name: r.get(2)?,
        place: r.get(3)?,
        place_kind: r.get(4)?,
        lat: r.get(5)?,
        lon: r.get(6)?,
        mentions: r.get::<_, i64>(7)?.max(0) as u64,
        documents: r.get::<_, i64>(8)?.max(0) as u64,
    })
}
