//! Number claims: a number, a range or a vague amount, what it counts, and
//! the interval it states, with the source's wording kept.
//!
//! Shapes (the words come from `[events.quantity]` and `[time] numbers`):
//! - digits with thousands separators (`3,000`, `30.000`), number words
//!   (`thirteen`), each optionally times a multiplier (`thousand`, `тысяч`);
//! - ranges: `25-30 тысяч` (the multiplier of the second end applies to the
//!   first), `тры-пяць тысяч`, `between nine thousand and thirty thousand`;
//! - bounds and approximations before or after: `more than 3,000`, `as many
//!   as`, `300-ə qədər`, `200 nəfərə yaxın`;
//! - vague amounts: `thousands`, `hundreds`;
//! - counters between the number and the noun (`6 nəfəri`).
//!
//! What is counted is the nearest `counts` word after the number (up to ten
//! words) or before it (up to three), so `six soldiers … were killed` counts
//! the killed. Numbers inside dates, ordinals (`11th`) and labelled numbers
//! (`No. 490`, `p. 12`) are not quantities.

use std::ops::Range;

use chronicle_time::token::{Kind, Tokens, is_dash};

use crate::lexicon::{Lexicon, Lexicons, Qualifier, token_span};

/// Counts that are a tally of what happened to people (the predicate of
/// the claim): preferred over what the people were (`six soldiers … were
/// killed` counts the killed), and the ones whose differing figures are a
/// disagreement.
pub const TALLIES: &[&str] = &["killed", "wounded", "prisoners", "refugees", "executed"];

/// A parsed number claim; offsets are byte offsets into the tokenised text.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub start: usize,
    pub end: usize,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub kind: &'static str,
    pub counts: Option<String>,
    pub what: Option<String>,
}

impl Parsed {
    /// The value as written for scorers: `3000`, `9000/30000`, `3000/..`.
    pub fn value(&self) -> String {
        let n = |v: f64| {
            if v.fract() == 0.0 {
                format!("{}", v as i64)
            } else {
                format!("{v}")
            }
        };
        match (self.kind, self.low, self.high) {
            ("at_least", Some(l), _) => format!("{}/..", n(l)),
            ("at_most", _, Some(h)) => format!("../{}", n(h)),
            (_, Some(l), Some(h)) if l == h => n(l),
            (_, Some(l), Some(h)) => format!("{}/{}", n(l), n(h)),
            (_, Some(l), None) => n(l),
            (_, None, Some(h)) => n(h),
            _ => String::new(),
        }
    }

    /// The figures the source states (both ends of a range, the bound of
    /// `more than`), for telling claims apart.
    pub fn figures(&self) -> Vec<f64> {
        let mut v: Vec<f64> = [self.low, self.high].into_iter().flatten().collect();
        v.dedup();
        v
    }
}

/// Two claims state the same figures (within rounding).
pub fn same_figures(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| (x - y).abs() <= 0.02 * x.abs().max(y.abs()))
}

/// Context for one sentence.
pub struct Context<'a> {
    pub text: &'a str,
    pub toks: &'a Tokens,
    pub lex: &'a Lexicon,
    /// Byte ranges of the text that are dates.
    pub excluded: &'a [Range<usize>],
}

impl Context<'_> {
    fn excluded(&self, i: usize) -> bool {
        let t = &self.toks.toks[i];
        self.excluded
            .iter()
            .any(|r| t.start < r.end && t.end > r.start)
    }

    fn is_label(&self, i: usize) -> bool {
        self.toks.toks[i].kind == Kind::Word
            && self
                .lex
                .number_labels
                .iter()
                .any(|l| l == self.toks.norm(i))
    }

    /// A number starting at token `i`: its value and end token.
    fn number(&self, i: usize) -> Option<(f64, usize)> {
        let toks = self.toks;
        let t = toks.toks.get(i)?;
        if self.excluded(i) {
            return None;
        }
        let (mut value, mut end) = match t.kind {
            Kind::Num => {
                let suffix = toks.suffix(i);
                if !suffix.is_empty() && self.lex.ordinals.iter().any(|o| o == suffix) {
                    return None;
                }
                let mut v: f64 = toks.norm(i).parse().ok()?;
                let mut end = i + 1;
                // Thousands separators: 3,000 / 30.000 / 30 000.
                while end + 1 < toks.len()
                    && matches!(toks.punct(end), Some(',') | Some('.') | Some('\u{a0}'))
                    && toks.glued(end)
                    && toks.glued(end + 1)
                    && toks.toks[end + 1].kind == Kind::Num
                    && toks.toks[end + 1].digits == 3
                    && toks.suffix(end).is_empty()
                {
                    v = v * 1000.0 + toks.toks[end + 1].value as f64;
                    end += 2;
                }
                (v, end)
            }
            Kind::Word => (*self.lex.numbers.get(toks.norm(i))?, i + 1),
            Kind::Punct => return None,
        };
        if let Some(h) = (end < toks.len())
            .then(|| self.lex.multipliers.at(toks, end))
            .flatten()
        {
            value *= self.lex.multiplier_values[h.meaning as usize];
            end = h.end;
            // `тыс.`: the abbreviation's period.
            if toks.punct(end) == Some('.') && toks.glued(end) {
                end += 1;
            }
        }
        Some((value, end))
    }

    fn counter_after(&self, end: usize) -> usize {
        match (end < self.toks.len())
            .then(|| self.lex.counters.at(self.toks, end))
            .flatten()
        {
            Some(h) => h.end,
            None => end,
        }
    }
}

/// Finds the number claims of a sentence.
pub fn find(cx: &Context<'_>, lexicons: &Lexicons) -> Vec<Parsed> {
    let toks = cx.toks;
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if let Some((p, next)) = claim_at(cx, i) {
            out.push(p);
            i = next;
        } else {
            i += 1;
        }
    }
    // Fractions (`half`) and zero are not counts.
    out.retain(|p| {
        p.low
            .or(p.high)
            .is_some_and(|v| v >= 1.0 && v.fract() == 0.0)
    });
    for p in &mut out {
        let (a, b) = token_span(toks, p.start, p.end);
        p.counts = counted(cx, a, b, lexicons);
        p.what = what_after(cx, b);
    }
    out
}

fn claim_at(cx: &Context<'_>, i: usize) -> Option<(Parsed, usize)> {
    let toks = cx.toks;
    let lex = cx.lex;
    // `between A and B`
    if let Some(open) = lex.range_open.at(toks, i)
        && let Some((a, a_end)) = cx.number(open.end)
        && let Some(close) = lex.range_close[open.meaning as usize].at(toks, a_end)
        && let Some((b, b_end)) = cx.number(close.end)
    {
        return Some((
            make(cx, i, b_end, Some(a.min(b)), Some(a.max(b)), "range"),
            b_end,
        ));
    }
    // Vague amounts.
    if let Some(v) = lex.vague.at(toks, i)
        && !(i > 0 && cx.number(i - 1).is_some())
    {
        let [lo, hi] = lex.vague_values[v.meaning as usize];
        return Some((make(cx, i, v.end, Some(lo), Some(hi), "vague"), v.end));
    }
    let (a, a_end) = cx.number(i)?;
    if i > 0 && cx.is_label(i - 1) || a_end < toks.len() && cx.is_label(a_end) {
        return None;
    }
    // `25-30 тысяч`, `A to B`.
    let mut end = a_end;
    let mut low = a;
    let mut high = a;
    let mut kind = "exact";
    let joined = toks.punct(a_end).is_some_and(is_dash)
        || (a_end < toks.len() && lex.range_joiners.at(toks, a_end).is_some());
    if joined {
        let after = if toks.punct(a_end).is_some_and(is_dash) {
            a_end + 1
        } else {
            lex.range_joiners.at(toks, a_end).map_or(a_end, |h| h.end)
        };
        if let Some((b, b_end)) = cx.number(after) {
            let mut a2 = a;
            if a2 < b / 100.0 {
                // The multiplier of the second end applies to both.
                let factor = b / raw_number(cx, after).unwrap_or(b);
                a2 *= factor;
            }
            if a2 < b {
                low = a2;
                high = b;
                kind = "range";
                end = b_end;
            }
        }
    }
    let mut start_tok = i;
    if kind == "exact" {
        if let Some(q) = lex.qualifiers_before.ending_at(toks, i) {
            kind = qualifier_kind(q.meaning);
            start_tok = q.first;
        } else {
            let after = cx.counter_after(end);
            if let Some(q) = (after < toks.len())
                .then(|| lex.qualifiers_after.at(toks, after))
                .flatten()
            {
                kind = qualifier_kind(q.meaning);
                end = q.end;
            }
        }
    }
    let (lo, hi) = match kind {
        "at_least" => (Some(low), None),
        "at_most" => (None, Some(high)),
        _ => (Some(low), Some(high)),
    };
    Some((make(cx, start_tok, end, lo, hi, kind), end))
}

/// The value of the number at `i` without its multiplier.
fn raw_number(cx: &Context<'_>, i: usize) -> Option<f64> {
    let toks = cx.toks;
    match toks.toks.get(i)?.kind {
        Kind::Num => toks.norm(i).parse().ok(),
        Kind::Word => cx.lex.numbers.get(toks.norm(i)).copied(),
        Kind::Punct => None,
    }
}

fn qualifier_kind(q: Qualifier) -> &'static str {
    match q {
        Qualifier::AtLeast => "at_least",
        Qualifier::AtMost => "at_most",
        Qualifier::About => "about",
    }
}

fn make(
    cx: &Context<'_>,
    first: usize,
    end: usize,
    low: Option<f64>,
    high: Option<f64>,
    kind: &'static str,
) -> Parsed {
    Parsed {
        start: cx.toks.toks[first].start,
        end: cx.toks.toks[end - 1].end,
        low,
        high,
        kind,
        counts: None,
        what: None,
    }
}

/// The nearest `counts` word after (up to ten words) or before (up to three).
fn counted(cx: &Context<'_>, a: usize, b: usize, lexicons: &Lexicons) -> Option<String> {
    let toks = cx.toks;
    let stop = |i: usize| matches!(toks.punct(i), Some('.') | Some(';') | Some('!') | Some('?'));
    let is_tally = |c: u16| TALLIES.contains(&lexicons.count_name(c));
    let mut best: Option<(usize, u16)> = None;
    let mut i = b;
    let mut words = 0;
    while i < toks.len() && words < 10 && !stop(i) {
        if let Some(h) = cx.lex.counts.at(toks, i) {
            if best.is_none() {
                best = Some((words, h.meaning));
            }
            if is_tally(h.meaning) {
                best = Some((words, h.meaning));
                break;
            }
        }
        if toks.toks[i].kind == Kind::Word {
            words += 1;
        }
        i += 1;
    }
    let mut i = a;
    let mut words = 0;
    while i > 0 && words < 3 && !stop(i - 1) {
        i -= 1;
        if let Some(h) = cx.lex.counts.at(toks, i).filter(|h| h.end <= a) {
            // A word before the number wins only when clearly nearer.
            if best.is_none_or(|(d, _)| words + 2 < d) {
                best = Some((words, h.meaning));
            }
            break;
        }
        if toks.toks[i].kind == Kind::Word {
            words += 1;
        }
    }
    best.map(|(_, c)| lexicons.count_name(c).to_string())
}

/// The noun right after the number (after a counter word), as written.
fn what_after(cx: &Context<'_>, b: usize) -> Option<String> {
    let toks = cx.toks;
    let i = cx.counter_after(b);
    let t = toks.toks.get(i)?;
    if t.kind != Kind::Word || cx.lex.counts.at(toks, i).is_some() || t.end - t.start < 3 {
        return None;
    }
    let word = &cx.text[t.start..t.end];
    word.chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || !c.is_ascii())
        .then(|| word.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str, lang: &str) -> Vec<Parsed> {
        crate::parse_quantities(text, lang)
    }

    #[test]
    fn english_bounds_and_ranges() {
        let q = parse("By his estimate, more than 3,000 were killed.", "en");
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].value(), "3000/..");
        assert_eq!(q[0].counts.as_deref(), Some("killed"));
        let q = parse(
            "between nine thousand and thirty thousand Armenians were massacred",
            "en",
        );
        assert_eq!(q[0].value(), "9000/30000");
        assert_eq!(q[0].what.as_deref(), Some("Armenians"));
    }
}
