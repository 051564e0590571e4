//! Queries: the syntax, its parse errors, and the expansion of every part
//! into index terms.
//!
//! Syntax: words and `"quoted phrases"`, all required; `A OR B` makes two
//! parts alternatives; `-word` or `-"phrase"` excludes. Each part matches
//! when any of its alternatives matches:
//!
//! - its stem in every language of the part's script (field `stem`);
//! - its folded form (field `fold`): `Baki` finds `Bakı`;
//! - with expansion on, its transliteration key in every language of its
//!   script (field `roman`), and the entities whose names it meets
//!   ([`crate::AliasTable`]): their id (field `entity`) and every name form
//!   they were written with (`Гянджа` → `Gəncə`, `Ganja`, `Гянджу`…).
//!
//! The expansion is reported with the results, so a user sees why a
//! sentence in another script matched.

use std::collections::BTreeSet;

use serde::Serialize;
use tantivy::Term;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};

use crate::SearchError;
use crate::aliases::AliasTable;
use crate::analyze::{Analyzers, Script, fold_word, nfc, words};
use crate::schema::KeyFields;

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 1000;
/// Most parts (words and phrases) in one query.
pub const MAX_PARTS: usize = 32;
/// Most name forms one entity adds to a query.
const MAX_FORMS: usize = 64;

/// A word or phrase of the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub phrase: bool,
}

/// A parsed query: every group must match (a group matches when one of its
/// parts does), no excluded part may.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Parsed {
    pub groups: Vec<Vec<Part>>,
    pub exclude: Vec<Part>,
}

impl Parsed {
    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

fn bad(message: String) -> SearchError {
    SearchError::BadQuery(message)
}

/// Parses the query syntax (see the module documentation).
pub fn parse(query: &str) -> Result<Parsed, SearchError> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(bad(format!(
            "the query is {} bytes long; at most {MAX_QUERY_BYTES} are accepted",
            query.len()
        )));
    }
    let query = nfc(query);
    // Raw items: (text, phrase, negated, is OR), with byte offsets for errors.
    let mut items: Vec<(Part, bool, bool, usize)> = Vec::new();
    let mut chars = query.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut neg = false;
        let mut at = i;
        if c == '-' {
            neg = true;
            chars.next();
            match chars.peek() {
                Some(&(j, d)) if !d.is_whitespace() => at = j,
                _ => {
                    return Err(bad(format!(
                        "'-' at byte {i} excludes nothing: write -word or -\"a phrase\""
                    )));
                }
            }
        }
        if query[at..].starts_with('"') {
            chars.next();
            let mut text = String::new();
            let mut closed = false;
            for (_, d) in chars.by_ref() {
                if d == '"' {
                    closed = true;
                    break;
                }
                text.push(d);
            }
            if !closed {
                return Err(bad(format!(
                    "the quote at byte {at} is never closed: add a closing \""
                )));
            }
            if words(&text).is_empty() {
                return Err(bad(format!(
                    "the phrase at byte {at} has no words to search for"
                )));
            }
            items.push((
                Part {
                    text: text.trim().to_string(),
                    phrase: true,
                },
                neg,
                false,
                at,
            ));
            continue;
        }
        let mut text = String::new();
        while let Some(&(_, d)) = chars.peek() {
            if d.is_whitespace() || d == '"' {
                break;
            }
            text.push(d);
            chars.next();
        }
        let is_or = !neg && text == "OR";
        if !is_or && words(&text).is_empty() {
            // Punctuation alone: nothing to search for, and nothing lost.
            continue;
        }
        items.push((
            Part {
                text,
                phrase: false,
            },
            neg,
            is_or,
            at,
        ));
    }
    let mut parsed = Parsed::default();
    let mut join_next = false;
    let count = items.iter().filter(|(_, _, or, _)| !or).count();
    if count > MAX_PARTS {
        return Err(bad(format!(
            "the query has {count} words and phrases; at most {MAX_PARTS} are accepted"
        )));
    }
    for (k, (part, neg, is_or, at)) in items.iter().enumerate() {
        if *is_or {
            let prev_ok = k > 0 && !items[k - 1].1 && !items[k - 1].2;
            let next_ok = items.get(k + 1).is_some_and(|n| !n.1 && !n.2);
            if !prev_ok || !next_ok {
                return Err(bad(format!(
                    "OR at byte {at} must stand between two words or phrases"
                )));
            }
            join_next = true;
            continue;
        }
        if *neg {
            parsed.exclude.push(part.clone());
        } else if join_next {
            if let Some(last) = parsed.groups.last_mut() {
                last.push(part.clone());
            }
            join_next = false;
        } else {
            parsed.groups.push(vec![part.clone()]);
        }
    }
    if parsed.groups.is_empty() && !parsed.exclude.is_empty() {
        return Err(bad(
            "the query only excludes: add a word or phrase to search for".into(),
        ));
    }
    Ok(parsed)
}

/// How one part of the query was expanded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Expansion {
    /// The part as written.
    pub text: String,
    /// Stems it was searched under (one per distinct result over the
    /// languages of its script).
    pub stems: Vec<String>,
    pub fold: String,
    /// Transliteration keys (empty when expansion is off).
    pub roman: Vec<String>,
    /// Entities whose names it meets, with the name forms that were added.
    pub entities: Vec<ExpandedEntity>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExpandedEntity {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub name: String,
    pub forms: Vec<String>,
}

/// Index keys that count as a match when highlighting.
#[derive(Debug, Default, Clone)]
pub struct MatchKeys {
    pub stems: BTreeSet<String>,
    pub folds: BTreeSet<String>,
    pub romans: BTreeSet<String>,
    /// Folded word sequences of entity name forms: marked where the whole
    /// form occurs.
    pub forms: BTreeSet<Vec<String>>,
}

impl MatchKeys {
    /// Byte ranges of the words of `tokens` that match: single words by
    /// key, name forms as whole sequences.
    pub fn marks(&self, tokens: &[crate::analyze::Token]) -> Vec<(usize, usize)> {
        let mut hit = vec![false; tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            if self.stems.contains(&t.stem)
                || self.folds.contains(&t.fold)
                || self.romans.contains(&t.roman)
            {
                hit[i] = true;
            }
        }
        for form in &self.forms {
            if form.is_empty() || form.len() > tokens.len() {
                continue;
            }
            for i in 0..=tokens.len() - form.len() {
                if form.iter().zip(&tokens[i..]).all(|(f, t)| *f == t.fold) {
                    hit[i..i + form.len()].iter_mut().for_each(|h| *h = true);
                }
            }
        }
        tokens
            .iter()
            .zip(hit)
            .filter(|(_, h)| *h)
            .map(|(t, _)| (t.start, t.end))
            .collect()
    }
}

/// A built query with what the results report about it.
pub struct Built {
    pub query: Box<dyn Query>,
    pub expansion: Vec<Expansion>,
    pub keys: MatchKeys,
}

fn term(field: Field, text: &str) -> Term {
    Term::from_field_text(field, text)
}

fn seq_query(field: Field, seq: &[String]) -> Box<dyn Query> {
    if seq.len() == 1 {
        Box::new(TermQuery::new(
            term(field, &seq[0]),
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new(
            seq.iter().map(|s| term(field, s)).collect(),
        ))
    }
}

fn boosted(q: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(q, boost))
}

/// The alternatives of one part, and its expansion.
fn part_query(
    words_in: KeyFields,
    aliases: &AliasTable,
    part: &Part,
    expand: bool,
    keys: &mut MatchKeys,
) -> (Box<dyn Query>, Expansion) {
    let an = Analyzers::shared();
    let ws: Vec<&str> = words(&part.text)
        .iter()
        .map(|&(s, e)| &part.text[s..e])
        .collect();
    let langs = an.langs_of(Script::of(&part.text));
    let mut alts: Vec<Box<dyn Query>> = Vec::new();
    let mut stems_seen: Vec<Vec<String>> = Vec::new();
    let mut romans_seen: Vec<Vec<String>> = Vec::new();
    for lang in &langs {
        let stems: Vec<String> = ws.iter().map(|w| an.stem(w, lang)).collect();
        if !stems_seen.contains(&stems) {
            alts.push(seq_query(words_in.stem, &stems));
            stems_seen.push(stems);
        }
        if expand {
            let romans: Vec<String> = ws.iter().map(|w| an.roman(w, lang)).collect();
            if !romans_seen.contains(&romans) && romans.iter().all(|r| !r.is_empty()) {
                alts.push(boosted(seq_query(words_in.roman, &romans), 0.5));
                romans_seen.push(romans);
            }
        }
    }
    let folds: Vec<String> = ws.iter().map(|w| fold_word(w)).collect();
    alts.push(seq_query(words_in.fold, &folds));
    let mut entities = Vec::new();
    if expand {
        for e in aliases.lookup(&part.text) {
            // Units (of the kind searched) that mention the entity.
            alts.push(boosted(
                Box::new(TermQuery::new(
                    term(words_in.entity, &e.id),
                    IndexRecordOption::Basic,
                )),
                0.5,
            ));
            let mut forms: Vec<String> = Vec::new();
            let mut form_seqs: Vec<Vec<String>> = Vec::new();
            for (form, _) in e.forms.iter().take(MAX_FORMS) {
                let seq: Vec<String> = words(form)
                    .iter()
                    .map(|&(s, x)| fold_word(&form[s..x]))
                    .collect();
                if seq.is_empty() || form_seqs.contains(&seq) {
                    continue;
                }
                if seq != folds {
                    alts.push(boosted(seq_query(words_in.fold, &seq), 0.7));
                }
                keys.forms.insert(seq.clone());
                form_seqs.push(seq);
                forms.push(form.clone());
            }
            entities.push(ExpandedEntity {
                id: e.id.clone(),
                kind: e.kind.clone(),
                name: e.name.clone(),
                forms,
            });
        }
    }
    for s in &stems_seen {
        keys.stems.extend(s.iter().cloned());
    }
    for r in &romans_seen {
        keys.romans.extend(r.iter().cloned());
    }
    keys.folds.extend(folds.iter().cloned());
    let expansion = Expansion {
        text: part.text.clone(),
        stems: stems_seen.iter().map(|s| s.join(" ")).collect(),
        fold: folds.join(" "),
        roman: romans_seen.iter().map(|s| s.join(" ")).collect(),
        entities,
    };
    let q: Box<dyn Query> = if alts.len() == 1 {
        alts.pop().expect("one alternative")
    } else {
        Box::new(BooleanQuery::new(
            alts.into_iter().map(|q| (Occur::Should, q)).collect(),
        ))
    };
    (q, expansion)
}

/// Builds the index query of a parsed query.
pub fn build(words_in: KeyFields, aliases: &AliasTable, parsed: &Parsed, expand: bool) -> Built {
    let mut keys = MatchKeys::default();
    let mut expansion = Vec::new();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for group in &parsed.groups {
        let mut alts = Vec::new();
        for part in group {
            let (q, e) = part_query(words_in, aliases, part, expand, &mut keys);
            alts.push((Occur::Should, q));
            expansion.push(e);
        }
        let q: Box<dyn Query> = if alts.len() == 1 {
            alts.pop().expect("one part").1
        } else {
            Box::new(BooleanQuery::new(alts))
        };
        clauses.push((Occur::Must, q));
    }
    for part in &parsed.exclude {
        // Exclusions match the way parts do, without expansion.
        let mut ignored = MatchKeys::default();
        let (q, _) = part_query(words_in, aliases, part, false, &mut ignored);
        clauses.push((Occur::MustNot, q));
    }
    // One required group: its query as it is, so that a disjunction of
    // terms keeps tantivy's block-max pruning.
    let query: Box<dyn Query> = if clauses.len() == 1 && clauses[0].0 == Occur::Must {
        clauses.pop().expect("one clause").1
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    Built {
        query,
        expansion,
        keys,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str, phrase: bool) -> Part {
        Part {
            text: text.into(),
            phrase,
        }
    }

    #[test]
    fn words_phrases_or_and_exclusions() {
        let q = parse(r#"Shusha "armored train" Ganja OR Gəncə -Baku"#).unwrap();
        assert_eq!(
            q.groups,
            vec![
                vec![p("Shusha", false)],
                vec![p("armored train", true)],
                vec![p("Ganja", false), p("Gəncə", false)],
            ]
        );
        assert_eq!(q.exclude, vec![p("Baku", false)]);
        assert!(parse("   ").unwrap().is_empty());
        assert!(parse(" , ; ").unwrap().is_empty());
    }

    #[test]
    fn malformed_queries_say_what_and_where() {
        let msg = |q: &str| match parse(q) {
            Err(SearchError::BadQuery(m)) => m,
            other => panic!("{q}: {other:?}"),
        };
        assert!(msg(r#"Shusha "armored train"#).contains("byte 7"));
        assert!(msg("OR Shusha").contains("OR at byte 0"));
        assert!(msg("Shusha OR").contains("OR at byte 7"));
        assert!(msg("Shusha - Baku").contains("'-' at byte 7"));
        assert!(msg("-Baku").contains("only excludes"));
        assert!(msg(r#""" Baku"#).contains("no words"));
        assert!(msg(&"a ".repeat(40)).contains("at most 32"));
        assert!(msg(&"x".repeat(MAX_QUERY_BYTES + 1)).contains("bytes long"));
    }
}
