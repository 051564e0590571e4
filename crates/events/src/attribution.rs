//! Who a sentence says its claim comes from, as distinct from the document.
//!
//! Cues come from `[events.attribution]`:
//! - `before`: the cue, then the source, maybe after a source noun or a
//!   title (`According to P. A. Druganov's memoirs`, `паводле ацэнкі
//!   генерала Томсана`, `па думцы Рычарда Аванісяна`);
//! - `before_with_noun`: the cue, the source, a possessive and a source noun
//!   (`By Shaumian's estimate`); without the noun it is not a cue (`by force`);
//! - `after`: the source, maybe a source noun, then the cue (`Musabeyov
//!   recorded`, `Izvestiya reported on April 29 that`, `Druqanovun
//!   xatirələrinə görə`); the clause runs on to a complementizer (`that`), so
//!   a date inside it is the report's date, not the event's;
//! - `speech`: verbs of accusing or claiming whose subject, the first person
//!   or organisation of the sentence, is the source (`Джамалян … вінавацячы`).
//!
//! The source is a name mention next to the cue, or else a capitalised word.

use std::ops::Range;

use chronicle_time::token::{Kind, Tokens};

use crate::lexicon::{Cue, Lexicon, token_span};

/// A name in the sentence: byte range in the sentence text, entity id, type.
#[derive(Debug, Clone)]
pub struct Name<'a> {
    pub range: Range<usize>,
    pub entity: Option<&'a str>,
    pub kind: Option<&'a str>,
}

/// An attribution found in a sentence; offsets are into the sentence text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub source: Range<usize>,
    pub entity: Option<String>,
    pub cue: String,
    pub noun: Option<String>,
    /// The whole attribution clause (dates inside it are report dates).
    pub clause: Range<usize>,
}

fn name_starting_near<'a>(
    names: &'a [Name<'a>],
    toks: &Tokens,
    from_tok: usize,
    max_words: usize,
) -> Option<&'a Name<'a>> {
    let mut words = 0;
    for i in from_tok..toks.len() {
        let t = &toks.toks[i];
        if let Some(n) = names.iter().find(|n| n.range.start == t.start) {
            return Some(n);
        }
        if t.kind == Kind::Punct && !matches!(toks.punct(i), Some('.')) {
            return None;
        }
        if t.kind == Kind::Word {
            words += 1;
            if words > max_words {
                return None;
            }
        }
    }
    None
}

fn name_ending_near<'a>(
    names: &'a [Name<'a>],
    toks: &Tokens,
    before_tok: usize,
    max_words: usize,
) -> Option<&'a Name<'a>> {
    let mut words = 0;
    let mut i = before_tok;
    while i > 0 {
        i -= 1;
        let t = &toks.toks[i];
        if let Some(n) = names
            .iter()
            .find(|n| n.range.end >= t.start && n.range.end <= t.end)
        {
            return Some(n);
        }
        if t.kind == Kind::Punct {
            return None;
        }
        words += 1;
        if words > max_words {
            return None;
        }
    }
    None
}

/// A capitalised word at token `i`, as a bare source.
fn capitalised(text: &str, toks: &Tokens, i: usize) -> Option<Range<usize>> {
    let t = toks.toks.get(i)?;
    (t.kind == Kind::Word && text[t.start..].chars().next()?.is_uppercase())
        .then_some(t.start..t.end)
}

/// The source noun right after a name (`'s memoirs`) or right before it.
fn noun_near(lex: &Lexicon, toks: &Tokens, text: &str, name: &Range<usize>) -> Option<String> {
    let after = token_span(toks, name.end, name.end).1;
    for i in after..(after + 3).min(toks.len()) {
        if let Some(h) = lex.nouns.at(toks, i) {
            return Some(text[toks.toks[h.first].start..toks.toks[h.end - 1].end].to_string());
        }
        if toks.toks[i].kind == Kind::Punct {
            break;
        }
    }
    None
}

/// Finds the attribution of a sentence.
pub fn find(text: &str, toks: &Tokens, lex: &Lexicon, names: &[Name<'_>]) -> Option<Found> {
    let span_of = |h: &crate::lexicon::Hit<Cue>| toks.toks[h.first].start..toks.toks[h.end - 1].end;
    for h in lex.cues.find(toks, 0..toks.len()) {
        let cue = span_of(&h);
        let cue_text = text[cue.clone()].to_string();
        match h.meaning {
            Cue::Before | Cue::BeforeWithNoun => {
                let name = name_starting_near(names, toks, h.end, 3);
                let source = match name {
                    Some(n) => n.range.clone(),
                    None if h.meaning == Cue::Before => match capitalised(text, toks, h.end) {
                        Some(r) => r,
                        None => continue,
                    },
                    None => continue,
                };
                let noun = noun_near(lex, toks, text, &source).or_else(|| {
                    // A noun between the cue and the name (`паводле ацэнкі …`).
                    let i = h.end;
                    lex.nouns.at(toks, i).map(|n| {
                        text[toks.toks[n.first].start..toks.toks[n.end - 1].end].to_string()
                    })
                });
                if h.meaning == Cue::BeforeWithNoun && noun.is_none() {
                    continue;
                }
                let end = source.end.max(cue.end);
                return Some(Found {
                    entity: name.and_then(|n| n.entity.map(str::to_string)),
                    clause: cue.start..end,
                    source,
                    cue: cue_text,
                    noun,
                });
            }
            Cue::After => {
                let name = name_ending_near(names, toks, h.first, 2);
                let source = match name {
                    Some(n) => n.range.clone(),
                    None => match h
                        .first
                        .checked_sub(1)
                        .and_then(|i| capitalised(text, toks, i))
                    {
                        Some(r) => r,
                        None => continue,
                    },
                };
                let noun = noun_near(lex, toks, text, &source);
                // The clause runs on to a complementizer a few words later.
                let mut end = cue.end;
                for i in h.end..(h.end + 8).min(toks.len()) {
                    if let Some(c) = lex.complementizers.at(toks, i) {
                        end = toks.toks[c.first].start;
                        break;
                    }
                    if toks.toks[i].kind == Kind::Punct && toks.punct(i) != Some(',') {
                        break;
                    }
                }
                return Some(Found {
                    entity: name.and_then(|n| n.entity.map(str::to_string)),
                    clause: source.start.min(cue.start)..end,
                    source,
                    cue: cue_text,
                    noun,
                });
            }
            Cue::Speech => {
                let Some(n) = names.iter().find(|n| {
                    n.range.end <= cue.start && matches!(n.kind, Some("PERSON") | Some("ORG"))
                }) else {
                    continue;
                };
                return Some(Found {
                    source: n.range.clone(),
                    entity: n.entity.map(str::to_string),
                    clause: cue.clone(),
                    cue: cue_text,
                    noun: None,
                });
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Lexicons;
    use chronicle_time::token::tokenize;

    fn names_at<'a>(text: &str, names: &[&str]) -> Vec<Name<'a>> {
        names
            .iter()
            .map(|n| {
                let s = text.find(n).unwrap();
                Name {
                    range: s..s + n.len(),
                    entity: None,
                    kind: Some("PERSON"),
                }
            })
            .collect()
    }

    fn source(text: &str, lang: &str, names: &[&str]) -> Option<(String, Option<String>)> {
        let toks = tokenize(text);
        let names = names_at(text, names);
        find(text, &toks, Lexicons::shared().get(lang), &names)
            .map(|f| (text[f.source].to_string(), f.noun))
    }

    #[test]
    fn english_cues() {
        assert_eq!(
            source(
                "According to P. A. Druganov's memoirs, the train arrived.",
                "en",
                &["P. A. Druganov"]
            ),
            Some(("P. A. Druganov".into(), Some("memoirs".into())))
        );
        assert_eq!(
            source(
                "By Shaumian's estimate, more than 3,000 were killed.",
                "en",
                &["Shaumian"]
            ),
            Some(("Shaumian".into(), Some("estimate".into())))
        );
        // `by` without a source noun is not a cue.
        assert_eq!(
            source(
                "The city was taken by Shaumian quickly.",
                "en",
                &["Shaumian"]
            ),
            None
        );
        let text = "However, Izvestiya reported on April 29 that the trains arrived at 3:30 AM.";
        let toks = tokenize(text);
        let f = find(text, &toks, Lexicons::shared().get("en"), &[]).unwrap();
        assert_eq!(&text[f.source.clone()], "Izvestiya");
        assert!(text[f.clause].ends_with("April 29 "));
    }
}
