//! The date grammar: finds temporal expressions in one sentence's tokens and
//! reads their parts. Values that depend on the narrative (a missing year,
//! the day a bare clock time belongs to) are left open here and filled in by
//! [`crate::resolve`].

use crate::lexicon::{Lexicon, Mod, Pod, Sense, Unit};
use crate::token::{Kind, Tokens, is_dash};

/// The parts of a calendar point the text gives. Missing parts are `None`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Point {
    /// Astronomical year (1 BC is 0).
    pub year: Option<i32>,
    pub month: Option<u8>,
    pub day: Option<u8>,
    /// 1 spring … 4 winter.
    pub season: Option<u8>,
    /// Year divided by ten: 192 for the 1920s.
    pub decade: Option<i32>,
    /// Hundreds: 18 for the nineteenth century.
    pub century: Option<i32>,
    pub modifier: Option<Mod>,
    pub hour: Option<u8>,
    pub minute: Option<u8>,
    /// The year is the narrated year plus this (`the same year`).
    pub rel_year: Option<i32>,
}

impl Point {
    fn is_calendar(&self) -> bool {
        self.year.is_some()
            || self.month.is_some()
            || self.season.is_some()
            || self.decade.is_some()
            || self.century.is_some()
    }

    /// Whether the day (if any) is a day of its month: `31 September` and
    /// `29 February 1919` are not dates (a 29 February without a year may
    /// be).
    pub fn day_fits(&self) -> bool {
        match (self.month, self.day) {
            (Some(m), Some(d)) => {
                (1..=12).contains(&m)
                    && d >= 1
                    && d <= crate::edtf::month_days(self.year.unwrap_or(2000), m)
            }
            _ => true,
        }
    }

    /// Sort key for checking that an interval runs forwards.
    fn key(&self) -> (i32, u8, u8) {
        (
            self.year.unwrap_or(0),
            self.month.unwrap_or(0),
            self.day.unwrap_or(0),
        )
    }
}

/// What a mention says.
#[derive(Debug, Clone, PartialEq)]
pub enum What {
    Point(Point),
    Interval(Point, Point),
    /// ISO 8601 duration.
    Duration(String),
    Relative(Unit, i32),
    /// ISO 8601 period of a recurring time.
    Set(String),
}

/// A temporal expression found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte range in the tagged text.
    pub start: usize,
    pub end: usize,
    pub what: What,
    /// The Old Style (Julian) date the text gives next to, or instead of,
    /// the New Style one.
    pub julian: Option<Point>,
    /// Whether the day of a clock time comes from the narrative.
    pub open_day: bool,
    /// Whether the expression opens its sentence (`In 1918, …`), where it
    /// sets the time frame of what follows rather than mentioning a date in
    /// passing (`the treaty signed in 1919`).
    pub frame: bool,
}

impl Mention {
    /// Whether the mention is a date with its day, month and year all given.
    pub fn is_complete_date(&self) -> bool {
        matches!(self.what, What::Point(p)
            if p.year.is_some() && p.month.is_some() && p.day.is_some() && p.rel_year.is_none())
    }
}

/// The grammar over one sentence.
pub struct Parser<'a> {
    text: &'a str,
    t: &'a Tokens,
    lex: &'a [&'a Lexicon],
    /// Meanings of the phrases starting at each token: `senses[idx[i]..idx[i + 1]]`.
    senses: Vec<(Sense, u32)>,
    idx: Vec<u32>,
}

type Found = Option<(Point, usize)>;

fn better(best: &mut Found, cand: Found) {
    if let Some((_, e)) = cand
        && best.as_ref().is_none_or(|(_, b)| e > *b)
    {
        *best = cand;
    }
}

impl<'a> Parser<'a> {
    pub fn new(text: &'a str, t: &'a Tokens, lex: &'a [&'a Lexicon]) -> Parser<'a> {
        let mut senses = Vec::new();
        let mut idx = Vec::with_capacity(t.len() + 1);
        for i in 0..t.len() {
            idx.push(senses.len() as u32);
            let before = senses.len();
            for l in lex {
                l.lookup(t, i, &mut senses);
            }
            if t.toks[i].kind == Kind::Word
                && !senses[before..]
                    .iter()
                    .any(|(s, _)| matches!(s, Sense::Month(_)))
                && (t.toks.get(i + 1).is_some_and(|n| n.kind == Kind::Num)
                    || (i > 0 && t.toks[i - 1].kind == Kind::Num))
                && let Some(m) = lex.iter().find_map(|l| l.fuzzy_month(t.norm(i)))
            {
                senses.push((Sense::Month(m), i as u32 + 1));
            }
        }
        idx.push(senses.len() as u32);
        Parser {
            text,
            t,
            lex,
            senses,
            idx,
        }
    }

    fn n(&self) -> usize {
        self.t.len()
    }

    fn senses(&self, i: usize) -> &[(Sense, u32)] {
        if i >= self.n() {
            return &[];
        }
        &self.senses[self.idx[i] as usize..self.idx[i + 1] as usize]
    }

    /// The longest phrase at `i` whose meaning satisfies `f`.
    fn find(&self, i: usize, f: impl Fn(Sense) -> bool) -> Option<(Sense, usize)> {
        self.senses(i)
            .iter()
            .filter(|(s, _)| f(*s))
            .max_by_key(|(_, e)| *e)
            .map(|(s, e)| (*s, *e as usize))
    }

    fn is(&self, i: usize, s: Sense) -> Option<usize> {
        self.find(i, |x| x == s).map(|(_, e)| e)
    }

    fn has(&self, i: usize, f: impl Fn(Sense) -> bool) -> bool {
        self.find(i, f).is_some()
    }

    fn punct(&self, i: usize) -> Option<char> {
        self.t.punct(i)
    }

    fn num(&self, i: usize) -> Option<&crate::token::Token> {
        self.t.toks.get(i).filter(|t| t.kind == Kind::Num)
    }

    fn suffix_in(&self, i: usize, pick: impl Fn(&Lexicon) -> &Vec<String>) -> bool {
        let s = self.t.suffix(i);
        !s.is_empty() && self.lex.iter().any(|l| pick(l).iter().any(|x| x == s))
    }

    /// Whether the word (or number suffix) at `i` ends with one of the
    /// suffixes `pick` lists.
    fn ends_with(&self, i: usize, pick: impl Fn(&Lexicon) -> &Vec<String>) -> bool {
        let Some(tok) = self.t.toks.get(i) else {
            return false;
        };
        let s = match tok.kind {
            Kind::Num => self.t.suffix(i),
            Kind::Word => self.t.norm(i),
            Kind::Punct => return false,
        };
        !s.is_empty()
            && self
                .lex
                .iter()
                .any(|l| pick(l).iter().any(|x| s.ends_with(x.as_str())))
    }

    /// Whether the number at `i` is part of a larger written number
    /// (`30,000`, `125.200`, `76,9`, `30 000`).
    fn grouped(&self, i: usize) -> bool {
        let spaced_group = |a: usize, b: usize| {
            // `30 000`: groups of three digits after a space.
            match (self.num(a), self.num(b)) {
                (Some(x), Some(y)) => {
                    x.digits <= 3
                        && y.digits == 3
                        && self.t.suffix(a).is_empty()
                        && self.text[x.end..y.start]
                            .chars()
                            .all(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
                }
                _ => false,
            }
        };
        if (i >= 1 && spaced_group(i - 1, i)) || spaced_group(i, i + 1) {
            return true;
        }
        let sep = |k: usize| matches!(self.punct(k), Some('.' | ',' | '\''));
        let before = i >= 2
            && self.t.glued(i)
            && sep(i - 1)
            && self.t.glued(i - 1)
            && self.num(i - 2).is_some();
        let after =
            self.t.glued(i + 1) && sep(i + 1) && self.t.glued(i + 2) && self.num(i + 2).is_some();
        before || after
    }

    /// Whether a page, item or number label stands before the number at `i`
    /// (or before the first number of a range `pp. 12-20` that `i` ends).
    fn labelled(&self, i: usize) -> bool {
        if i >= 2
            && self.punct(i - 1).is_some_and(|c| is_dash(c) || c == ',')
            && self.num(i - 2).is_some()
            && self.labelled(i - 2)
        {
            return true;
        }
        (i.saturating_sub(3)..i).any(|k| {
            self.senses(k)
                .iter()
                .any(|(s, e)| *s == Sense::NumberLabel && *e as usize == i)
        })
    }

    /// Whether a word that lets a month or season stand alone ends at `i`.
    fn licensed(&self, i: usize) -> bool {
        (i.saturating_sub(3)..i).any(|k| {
            self.senses(k).iter().any(|(s, e)| {
                *e as usize == i && matches!(s, Sense::MonthLicence | Sense::ModBefore(_))
            })
        })
    }

    /// Whether a month name at `i` is followed by a modifier
    /// (`iyunun sonunda`), which lets it stand alone.
    fn mod_after_month(&self, i: usize) -> bool {
        let Some((_, e)) = self.find(i, |s| matches!(s, Sense::Month(_))) else {
            return false;
        };
        let e = self.is(e, Sense::MonthWordAfter).unwrap_or(e);
        self.has(e, |s| matches!(s, Sense::ModAfter(_)))
    }

    fn is_quantity(&self, i: usize) -> bool {
        self.punct(i) == Some('%') || self.has(i, |s| s == Sense::Quantity)
    }

    fn skip_punct(&self, i: usize, c: char) -> usize {
        if self.punct(i) == Some(c) { i + 1 } else { i }
    }

    // ---- numbers -------------------------------------------------------

    /// A day of the month at `i`.
    fn day(&self, i: usize) -> Option<(u8, usize)> {
        let tok = self.num(i)?;
        if tok.digits > 2 || tok.value == 0 || tok.value > 31 || self.grouped(i) {
            return None;
        }
        if self.suffix_in(i, |l| &l.decade_suffixes) {
            return None;
        }
        if self.punct(i + 1) == Some(':') && self.num(i + 2).is_some() {
            return None;
        }
        Some((tok.value as u8, i + 1))
    }

    /// A year at `i`, with its year and era words. Returns the year and
    /// whether a year or era word marks it.
    fn year(&self, i: usize) -> Option<(i32, usize, bool)> {
        let mut j = i;
        let mut bc = false;
        let mut marked = false;
        let mut before = false;
        if let Some((s, e)) = self.find(j, |s| matches!(s, Sense::BcBefore | Sense::AdBefore)) {
            bc = s == Sense::BcBefore;
            marked = true;
            j = e;
        }
        if let Some(e) = self.is(j, Sense::YearBefore) {
            before = true;
            j = e;
        }
        let tok = self.num(j)?;
        if self.grouped(j) || self.labelled(j) || tok.value == 0 {
            return None;
        }
        if self.suffix_in(j, |l| &l.decade_suffixes) {
            return None;
        }
        if self.punct(j + 1) == Some(':') && self.num(j + 2).is_some() {
            return None;
        }
        let digits = tok.digits;
        // Saturated token values above i32::MAX are no year (and must not wrap).
        let value = i32::try_from(tok.value).ok()?;
        let has_suffix = !self.t.suffix(j).is_empty();
        j += 1;
        let mut after = false;
        if let Some(e) = self.is(j, Sense::YearAfter) {
            // `100 yıl`, `3 гады`: a short bare number before a word that is
            // also the unit "year" is a duration, not a year.
            let unit = self.has(j, |s| s == Sense::Unit(Unit::Year));
            if unit && !has_suffix && digits < 4 && !marked && !before {
                return None;
            }
            after = true;
            j = e;
        }
        if let Some((s, e)) = self.find(j, |s| matches!(s, Sense::BcAfter | Sense::AdAfter)) {
            bc |= s == Sense::BcAfter;
            marked = true;
            j = e;
        }
        let ok = if marked {
            value <= 9999
        } else if before || after {
            digits >= 3 && value <= 9999
        } else {
            digits == 4 && (1000..=2100).contains(&value) && !self.is_quantity(j)
        };
        if !ok {
            return None;
        }
        // A bare number with a case ending is a year only in the range.
        if has_suffix && !(marked || before || after) && !(1000..=2100).contains(&value) {
            return None;
        }
        let year = if bc { 1 - value } else { value };
        Some((year, j, marked || before || after))
    }

    /// A month at `i`: a month name (with an optional word for "month" after
    /// it) or a month number after a word for "month" (`tháng 7`). Returns
    /// whether it is a bare month name (which needs a licence to stand
    /// alone).
    fn month(&self, i: usize) -> Option<(u8, usize, bool)> {
        if let Some((Sense::Month(m), e)) = self.find(i, |s| matches!(s, Sense::Month(_))) {
            // `aprel ayında` ("the month of April") stands alone.
            return Some(match self.is(e, Sense::MonthWordAfter) {
                Some(e2) => (m, e2, false),
                None => (m, e, true),
            });
        }
        if let Some(e) = self.is(i, Sense::MonthWordBefore) {
            let tok = self.num(e)?;
            if tok.digits <= 2
                && (1..=12).contains(&tok.value)
                && !self.grouped(e)
                && !(self.punct(e + 1) == Some('/') && self.t.glued(e + 1))
            {
                return Some((tok.value as u8, e + 1, false));
            }
        }
        None
    }

    fn roman(&self, i: usize) -> Option<i32> {
        let tok = self.t.toks.get(i)?;
        if tok.kind != Kind::Word {
            return None;
        }
        let mut s = &self.text[tok.start..tok.end];
        if !s.starts_with(['I', 'V', 'X', 'L', 'І', 'Х', 'Ӏ']) {
            return None;
        }
        // `XIXe siècle`: an ordinal suffix of the language after the numeral.
        if let Some(cut) = s.find(|c: char| c.is_lowercase()) {
            let suffix = &s[cut..];
            if !self
                .lex
                .iter()
                .any(|l| l.ordinal_suffixes.iter().any(|x| x == suffix))
            {
                return None;
            }
            s = &s[..cut];
        }
        let val = |c| match c {
            'I' | 'І' | 'Ӏ' => Some(1),
            'V' => Some(5),
            'X' | 'Х' => Some(10),
            'L' => Some(50),
            _ => None,
        };
        let vals: Vec<i32> = s.chars().map(val).collect::<Option<_>>()?;
        let mut total = 0;
        for (k, v) in vals.iter().enumerate() {
            if vals.get(k + 1).is_some_and(|n| n > v) {
                total -= v;
            } else {
                total += v;
            }
        }
        (1..=30).contains(&total).then_some(total)
    }

    // ---- calendar points -----------------------------------------------

    /// A calendar point starting at `i`, with modifiers and tails.
    pub fn point(&self, i: usize, in_interval: bool) -> Found {
        let mut best = None;
        if let Some((Sense::ModBefore(m), e)) = self.find(i, |s| matches!(s, Sense::ModBefore(_))) {
            let j = if self.punct(e).is_some_and(is_dash) && self.t.glued(e) {
                e + 1
            } else {
                e
            };
            if let Some((mut p, e2)) = self.core(j, true)
                && p.day.is_none()
            {
                p.modifier = Some(m);
                better(&mut best, Some((p, e2)));
            }
        }
        let licence = in_interval || self.licensed(i) || self.mod_after_month(i);
        if let Some((mut p, mut e)) = self.core(i, licence) {
            if let Some((Sense::ModAfter(m), e2)) =
                self.find(e, |s| matches!(s, Sense::ModAfter(_)))
                && p.day.is_none()
            {
                p.modifier = Some(m);
                e = e2;
            }
            better(&mut best, Some((p, e)));
        }
        let (mut p, mut e) = best?;
        // `October of the same year`
        if p.year.is_none() && p.decade.is_none() && p.century.is_none() {
            let j = self.is(e, Sense::Of).unwrap_or(e);
            if let Some((Sense::Relative(unit, off), e2)) =
                self.find(j, |s| matches!(s, Sense::Relative(..)))
                && unit == Unit::Year
            {
                p.rel_year = Some(off);
                e = e2;
            }
        }
        p.day_fits().then_some((p, e))
    }

    /// A point without modifiers. `licence`: a bare month or season may
    /// stand alone here.
    fn core(&self, i: usize, licence: bool) -> Found {
        let mut best: Found = None;
        // A weekday before a date belongs to it: `Monday, 27 April 1920`.
        if let Some((_, e)) = self.find(i, |s| matches!(s, Sense::Weekday(_))) {
            let j = self.skip_punct(e, ',');
            if let Some((p, e2)) = self.core_inner(j, licence)
                && p.day.is_some()
            {
                better(&mut best, Some((p, e2)));
            }
        }
        better(&mut best, self.core_inner(i, licence));
        best
    }

    fn core_inner(&self, i: usize, licence: bool) -> Found {
        let mut best: Found = None;
        let p0 = Point::default();

        // Day first: [day word] D [(D)] [of] M [,] [Y]
        let d0 = self.is(i, Sense::DayWordBefore).unwrap_or(i);
        if let Some((d, e)) = self.day(d0) {
            // An ordinal dot after the day: `27. April 1920`.
            let mut j = if self.punct(e) == Some('.') && self.t.glued(e) {
                e + 1
            } else {
                e
            };
            let of = self.is(j, Sense::Of).unwrap_or(j);
            if let Some((m, e2, _)) = self.month(of) {
                j = e2;
                let mut p = Point {
                    month: Some(m),
                    day: Some(d),
                    ..p0
                };
                let k = self.skip_punct(j, ',');
                if let Some((y, e3, _)) = self.year(k) {
                    p.year = Some(y);
                    j = e3;
                }
                better(&mut best, Some((p, j)));
            }
        }
        // Month first: M D [,] [Y] | M [,] Y
        if let Some((m, e, bare)) = self.month(i) {
            let p = Point {
                month: Some(m),
                ..p0
            };
            if let Some((d, e2)) = self.day(e) {
                let mut q = Point { day: Some(d), ..p };
                let mut j = e2;
                let k = self.skip_punct(j, ',');
                if let Some((y, e3, _)) = self.year(k) {
                    q.year = Some(y);
                    j = e3;
                }
                better(&mut best, Some((q, j)));
            }
            let k = self.skip_punct(e, ',');
            if let Some((y, e2, _)) = self.year(k) {
                better(&mut best, Some((Point { year: Some(y), ..p }, e2)));
            }
            let alone = !bare || licence || self.ends_with(e - 1, |l| &l.month_alone_suffixes);
            if alone {
                better(&mut best, Some((p, e)));
            }
        }
        // Year first: Y M D | Y D M | Y M | Y season | Y
        if let Some((y, e, _)) = self.year(i) {
            let p = Point {
                year: Some(y),
                ..p0
            };
            if let Some((m, e2, _)) = self.month(e) {
                let q = Point {
                    month: Some(m),
                    ..p
                };
                better(&mut best, Some((q, e2)));
                if let Some((d, e3)) = self.day(e2) {
                    better(&mut best, Some((Point { day: Some(d), ..q }, e3)));
                }
            }
            if let Some((d, e2)) = self.day(e)
                && let Some((m, e3, _)) = self.month(e2)
            {
                let q = Point {
                    month: Some(m),
                    day: Some(d),
                    ..p
                };
                better(&mut best, Some((q, e3)));
            }
            if let Some((Sense::Season(s), e2)) = self.find(e, |s| matches!(s, Sense::Season(_))) {
                better(
                    &mut best,
                    Some((
                        Point {
                            season: Some(s),
                            ..p
                        },
                        e2,
                    )),
                );
            }
            better(&mut best, Some((p, e)));
        }
        // Season [of] [Y]
        if let Some((Sense::Season(s), e)) = self.find(i, |s| matches!(s, Sense::Season(_))) {
            let p = Point {
                season: Some(s),
                ..p0
            };
            let j = self.is(e, Sense::Of).unwrap_or(e);
            if let Some((y, e2, _)) = self.year(j) {
                better(&mut best, Some((Point { year: Some(y), ..p }, e2)));
            }
            let adverb = self.has(i, |s| s == Sense::SeasonAdverb);
            if licence || adverb || self.ends_with(e - 1, |l| &l.month_alone_suffixes) {
                better(&mut best, Some((p, e)));
            }
        }
        better(&mut best, self.decade(i));
        better(&mut best, self.century(i));
        better(&mut best, self.numeric(d0));
        better(&mut best, self.month_slash_year(i));
        best
    }

    /// `tháng 4/1920`: a month number after a word for "month", a slash and
    /// the year.
    fn month_slash_year(&self, i: usize) -> Found {
        let e = self.is(i, Sense::MonthWordBefore)?;
        let m = self.num(e)?;
        if m.digits > 2 || !(1..=12).contains(&m.value) || self.punct(e + 1) != Some('/') {
            return None;
        }
        let y = self.num(e + 2)?;
        if !self.t.glued(e + 1) || !self.t.glued(e + 2) || y.digits != 4 {
            return None;
        }
        let p = Point {
            year: Some(y.value as i32),
            month: Some(m.value as u8),
            ..Point::default()
        };
        Some((p, e + 3))
    }

    /// `1920-х`, `1920s`, `1920-ci illər`, `những năm 1980`.
    fn decade(&self, i: usize) -> Found {
        let mut j = i;
        let before = self.is(j, Sense::DecadeBefore);
        if let Some(e) = before {
            j = e;
        }
        let tok = self.num(j)?;
        if tok.digits != 4 || tok.value % 10 != 0 || self.grouped(j) {
            return None;
        }
        let suffixed = self.suffix_in(j, |l| &l.decade_suffixes);
        let mut e = j + 1;
        let after = self.is(e, Sense::DecadeAfter);
        if let Some(a) = after {
            e = a;
        } else if suffixed {
            e = self
                .find(e, |s| {
                    matches!(s, Sense::YearAfter | Sense::Unit(Unit::Year))
                })
                .map_or(e, |(_, x)| x);
        }
        if before.is_none() && after.is_none() && !suffixed {
            return None;
        }
        let p = Point {
            decade: Some(tok.value as i32 / 10),
            ..Point::default()
        };
        Some((p, e))
    }

    /// `XIX əsrdə`, `19th century`, `thế kỷ XIX`.
    fn century(&self, i: usize) -> Found {
        let count = |k: usize| -> Option<i32> {
            if let Some(r) = self.roman(k) {
                return Some(r);
            }
            let tok = self.num(k)?;
            (tok.digits <= 2 && (1..=30).contains(&tok.value)).then_some(tok.value as i32)
        };
        let mut found = None;
        let mut bc = false;
        let mut i = i;
        let start = i;
        if let Some((s, e)) = self.find(i, |s| matches!(s, Sense::BcBefore | Sense::AdBefore)) {
            bc = s == Sense::BcBefore;
            i = e;
        }
        if let Some(e) = self.is(i, Sense::CenturyBefore)
            && let Some(c) = count(e)
        {
            found = Some((c, e + 1));
        }
        if found.is_none()
            && let Some(c) = count(i)
        {
            // `19. yüzyıl`, `19. Jahrhundert`: an ordinal dot.
            let k = if self.punct(i + 1).is_some_and(|c| c == '.' || is_dash(c))
                && self.t.glued(i + 1)
            {
                i + 2
            } else {
                i + 1
            };
            if let Some(e) = self.is(k, Sense::CenturyAfter) {
                found = Some((c, e));
            }
        }
        let (c, mut e) = found?;
        if i == start
            && let Some((s, e2)) = self.find(e, |s| matches!(s, Sense::BcAfter | Sense::AdAfter))
        {
            bc = s == Sense::BcAfter;
            e = e2;
        }
        let p = Point {
            century: Some(if bc { -c } else { c - 1 }),
            ..Point::default()
        };
        Some((p, e))
    }

    /// `1920-04-27` and `27.04.1920`.
    fn numeric(&self, i: usize) -> Found {
        let a = self.num(i)?;
        let sep = self.punct(i + 1)?;
        if !matches!(sep, '-' | '.' | '/') {
            return None;
        }
        let b = self.num(i + 2)?;
        if self.punct(i + 3) != Some(sep) {
            return None;
        }
        let c = self.num(i + 4)?;
        if !(1..=4).all(|k| self.t.glued(i + k)) || !self.t.suffix(i + 4).is_empty() {
            return None;
        }
        let (y, m, d) = if a.digits == 4 && sep == '-' && b.digits == 2 && c.digits == 2 {
            (a.value, b.value, c.value)
        } else if c.digits == 4 && sep != '-' && a.digits <= 2 && b.digits <= 2 {
            (c.value, b.value, a.value)
        } else {
            return None;
        };
        if !(1..=12).contains(&m) || !(1..=31).contains(&d) || !(1000..=2100).contains(&y) {
            return None;
        }
        let p = Point {
            year: Some(y as i32),
            month: Some(m as u8),
            day: Some(d as u8),
            ..Point::default()
        };
        Some((p, i + 5))
    }

    // ---- intervals -----------------------------------------------------

    /// One end of an interval: a point, or a bare day or year number that
    /// takes its other parts from the other end.
    fn endpoint(&self, i: usize) -> Found {
        // `1918–1920-ci illərdə`: after a dash, a plural of "year" that would
        // make a decade of a lone year means the years of the interval.
        let mut best = None;
        if let Some(tok) = self.num(i)
            && tok.digits == 4
            && (1000..=2100).contains(&tok.value)
            && let Some(e) = self.is(i + 1, Sense::DecadeAfter)
        {
            let after_dash = i > 0 && self.punct(i - 1).is_some_and(is_dash);
            if after_dash {
                best = Some((
                    Point {
                        year: Some(tok.value as i32),
                        ..Point::default()
                    },
                    e,
                ));
            }
        }
        better(&mut best, self.point(i, true));
        let i = self.is(i, Sense::DayWordBefore).unwrap_or(i);
        if let Some(tok) = self.num(i) {
            let suffix = self.t.suffix(i);
            let plain = suffix.is_empty()
                || self.suffix_in(i, |l| &l.range_from_suffixes)
                || self.suffix_in(i, |l| &l.range_to_suffixes);
            if plain && !self.grouped(i) && !self.labelled(i) {
                let p = if tok.digits <= 2 && (1..=31).contains(&tok.value) {
                    Some(Point {
                        day: Some(tok.value as u8),
                        ..Point::default()
                    })
                } else if tok.digits == 4 && (1000..=2100).contains(&tok.value) {
                    Some(Point {
                        year: Some(tok.value as i32),
                        ..Point::default()
                    })
                } else {
                    None
                };
                if let Some(p) = p {
                    // `vom 3. bis 5. Mai`: an ordinal dot after the day.
                    let e =
                        if p.day.is_some() && self.punct(i + 1) == Some('.') && self.t.glued(i + 1)
                        {
                            i + 2
                        } else {
                            i + 1
                        };
                    better(&mut best, Some((p, e)));
                }
            }
        }
        best
    }

    pub fn interval(&self, i: usize) -> Option<(What, usize)> {
        let mut best: Option<(What, usize)> = None;
        let mut consider = |w: Option<(Point, Point, usize)>| {
            if let Some((mut l, mut r, mut e)) = w {
                // `May 7-8, 1919`: a year after both ends belongs to both.
                if l.year.is_none()
                    && r.year.is_none()
                    && r.month.is_some()
                    && let Some((y, ye, _)) = self.year(self.skip_punct(e, ','))
                {
                    l.year = Some(y);
                    r.year = Some(y);
                    e = ye;
                }
                if best.as_ref().is_none_or(|(_, b)| e > *b) {
                    best = Some((What::Interval(l, r), e));
                }
            }
        };
        // from … to
        if let Some((Sense::RangeFrom(id), e)) = self.find(i, |s| matches!(s, Sense::RangeFrom(_)))
            && let Some((l, le)) = self.endpoint(e)
            && let Some(e2) = self.is(le, Sense::RangeTo(id))
            && let Some((r, re)) = self.endpoint(e2)
        {
            consider(combine(l, r).map(|(l, r)| (l, r, re)));
        }
        if let Some((l, le)) = self.endpoint(i) {
            // L – R
            if self.punct(le).is_some_and(is_dash) {
                if let Some((r, re)) = self.endpoint(le + 1) {
                    consider(combine(l, r).map(|(l, r)| (l, r, re)));
                }
                // `1918–19`: a two-digit year after a full one.
                if let (Some(ly), true) = (l.year, l.month.is_none() && l.season.is_none())
                    && let Some(tok) = self.num(le + 1)
                {
                    // (Only two digits count; a longer number must not overflow.)
                    let y = ly - ly.rem_euclid(100) + (tok.value % 100) as i32;
                    if tok.digits == 2
                        && self.t.suffix(le + 1).is_empty()
                        && self.t.glued(le + 1)
                        && y > ly
                        && !self.grouped(le + 1)
                    {
                        let r = Point {
                            year: Some(y),
                            ..Point::default()
                        };
                        consider(Some((l, r, le + 2)));
                    }
                }
            }
            // L-dən R-dək
            if self.ends_with(le - 1, |l| &l.range_from_suffixes)
                && let Some((r, re)) = self.endpoint(le)
                && self.ends_with(re - 1, |l| &l.range_to_suffixes)
            {
                consider(combine(l, r).map(|(l, r)| (l, r, re)));
            }
        }
        best
    }

    // ---- clock times ---------------------------------------------------

    /// A clock time at `i`: hour, minute and the index after it.
    fn clock(&self, i: usize) -> Option<(u8, u8, usize)> {
        let mut j = i;
        let mut pod = None;
        if let Some((Sense::Pod(p), e)) = self.find(j, |s| matches!(s, Sense::Pod(_))) {
            pod = Some(p);
            j = e;
        }
        let hour_word = self.is(j, Sense::HourBefore);
        if let Some(e) = hour_word {
            j = e;
        }
        let h = self.num(j)?;
        if h.digits > 2 || h.value > 24 || self.grouped(j) {
            return None;
        }
        let mut hour = h.value as i32;
        let mut minute = 0i32;
        let mut marked = hour_word.is_some();
        j += 1;
        if self.punct(j) == Some(':') && self.t.glued(j) && self.t.glued(j + 1) {
            let m = self.num(j + 1)?;
            if m.digits != 2 || m.value > 59 {
                return None;
            }
            minute = m.value as i32;
            marked = true;
            j += 2;
        }
        let mut half = None;
        if let Some((s, e)) = self.find(j, |s| matches!(s, Sense::Am | Sense::Pm)) {
            half = Some(s);
            marked = true;
            j = e;
        } else if let Some(e) = self.is(j, Sense::HourAfter) {
            marked = true;
            j = e;
        }
        if hour_word.is_some() {
            // saat 1-ə 5 dəqiqə qalmış
            if let Some(m) = self.num(j)
                && let Some(e) = self.is(j + 1, Sense::Unit(Unit::Minute))
                && let Some((s, e2)) =
                    self.find(e, |s| matches!(s, Sense::MinutesTo | Sense::MinutesPast))
                && m.value < 60
            {
                if s == Sense::MinutesTo {
                    hour -= 1;
                    minute = 60 - m.value as i32;
                } else {
                    minute = m.value as i32;
                }
                j = e2;
            }
        }
        if !marked {
            return None;
        }
        if pod.is_none()
            && let Some((Sense::Pod(p), e)) = self.find(j, |s| matches!(s, Sense::Pod(_)))
        {
            pod = Some(p);
            j = e;
        }
        match half {
            Some(Sense::Pm) if hour < 12 => hour += 12,
            Some(Sense::Am) if hour == 12 => hour = 0,
            _ => {}
        }
        if half.is_none() {
            match pod {
                Some(Pod::Afternoon | Pod::Evening) if hour < 12 => hour += 12,
                Some(Pod::Night) if (6..12).contains(&hour) => hour += 12,
                _ => {}
            }
        }
        if hour < 0 {
            hour += 24;
        }
        // 24:00 is the end of the day (ISO 8601); 24:10 is no time of day.
        if hour > 24 || (hour == 24 && minute > 0) {
            return None;
        }
        Some((hour as u8, minute as u8, j))
    }

    /// A clock time with its date: `3:00 a.m. on April 27`,
    /// `Aprelin 27-də axşam saat 11-də`, or a bare clock time.
    pub fn time(&self, i: usize) -> Option<(Point, usize, bool)> {
        let mut best: Option<(Point, usize, bool)> = None;
        let mut consider = |c: Option<(Point, usize, bool)>| {
            if let Some(c) = c
                && best.as_ref().is_none_or(|b| c.1 > b.1)
            {
                best = Some(c);
            }
        };
        if let Some((h, m, e)) = self.clock(i) {
            let t = Point {
                hour: Some(h),
                minute: Some(m),
                ..Point::default()
            };
            consider(Some((t, e, true)));
            let j = self.skip_punct(e, ',');
            let j = self.is(j, Sense::DateJoiner).unwrap_or(j);
            if let Some((d, e2)) = self.point(j, true)
                && d.day.is_some()
            {
                consider(Some((
                    Point {
                        hour: t.hour,
                        minute: t.minute,
                        ..d
                    },
                    e2,
                    false,
                )));
            }
        }
        if let Some((d, e)) = self.point(i, false)
            && d.day.is_some()
        {
            let j = self.skip_punct(e, ',');
            if let Some((h, m, e2)) = self.clock(j) {
                let p = Point {
                    hour: Some(h),
                    minute: Some(m),
                    ..d
                };
                consider(Some((p, e2, false)));
            }
        }
        best
    }

    // ---- durations -----------------------------------------------------

    /// An amount: a number or number word, with an optional "and a half".
    fn amount(&self, i: usize) -> Option<(f64, usize)> {
        let (mut v, mut e) = if let Some(tok) = self.num(i) {
            if !self.t.suffix(i).is_empty() || self.grouped(i) || self.labelled(i) {
                return None;
            }
            if tok.value >= 1000 || tok.value == 0 {
                return None;
            }
            (tok.value as f64, i + 1)
        } else if let Some((Sense::Number(x), e)) = self.find(i, |s| matches!(s, Sense::Number(_)))
        {
            (x as f64 / 10.0, e)
        } else {
            return None;
        };
        if let Some(e2) = self.is(e, Sense::Half) {
            v += 0.5;
            e = e2;
        }
        Some((v, e))
    }

    pub fn duration(&self, i: usize) -> Option<(String, usize)> {
        let mut parts: Vec<(f64, Unit)> = Vec::new();
        let mut j = i;
        let mut end = i;
        while let Some((v, mut e)) = self.amount(j) {
            if self.punct(e).is_some_and(is_dash) && self.t.glued(e) {
                e += 1;
            }
            let Some((Sense::Unit(u), e2)) = self.find(e, |s| matches!(s, Sense::Unit(_))) else {
                break;
            };
            if parts.last().is_some_and(|(_, last)| *last >= u) {
                break;
            }
            parts.push((v, u));
            end = e2;
            j = self.is(e2, Sense::Conj).unwrap_or(e2);
        }
        if parts.is_empty() {
            return None;
        }
        Some((iso_duration(&parts), end))
    }

    // ---- scanning ------------------------------------------------------

    /// Every temporal expression of the sentence, left to right.
    pub fn scan(&self) -> Vec<Mention> {
        let mut out: Vec<Mention> = Vec::new();
        let mut i = 0;
        let n = self.n();
        while i < n {
            if self.senses(i).is_empty()
                && self.t.toks[i].kind != Kind::Num
                && self.roman(i).is_none()
            {
                i += 1;
                continue;
            }
            // Candidates: what, end, whether the day is open, and the Old
            // Style date given beside it. The longest wins; on a tie, the
            // first.
            type Candidate = (What, usize, bool, Option<Point>);
            let mut best: Option<Candidate> = None;
            let mut consider = |w: What, e: usize, open: bool, julian: Option<Point>| {
                if best.as_ref().is_none_or(|(_, b, _, _)| e > *b) {
                    best = Some((w, e, open, julian));
                }
            };
            // `3 и 4 мая`: a day before a conjunction shares the month of
            // the date after it.
            if let Some((d, e)) = self.day(i)
                && let Some(c) = self.is(e, Sense::Conj)
                && let Some((q, _)) = self.point(c, false)
                && q.day.is_some()
                && q.month.is_some()
                && q.hour.is_none()
            {
                consider(What::Point(Point { day: Some(d), ..q }), e, false, None);
            }
            if let Some((os, ns, e)) = self.dual_days(i) {
                consider(What::Point(ns), e, false, Some(os));
            }
            if let Some((w, e)) = self.interval(i) {
                consider(w, e, false, None);
            }
            if let Some((p, e, open)) = self.time(i) {
                consider(What::Point(p), e, open, None);
            }
            if let Some((p, e)) = self.point(i, false) {
                consider(What::Point(p), e, false, None);
            }
            if let Some((d, e)) = self.duration(i) {
                consider(What::Duration(d), e, false, None);
            }
            if let Some((Sense::Relative(u, off), e)) =
                self.find(i, |s| matches!(s, Sense::Relative(..)))
            {
                consider(What::Relative(u, off), e, false, None);
            }
            if let Some((Sense::Set(u), e)) = self.find(i, |s| matches!(s, Sense::Set(_))) {
                consider(What::Set(u.period().to_string()), e, false, None);
            }
            let Some((what, mut e, open_day, mut julian)) = best else {
                i += 1;
                continue;
            };
            let mut what = what;
            if let What::Point(p) = &mut what
                && julian.is_none()
                && p.day.is_some()
                && p.hour.is_none()
                && let Some((os, ns, e2)) = self.dual(*p, e)
            {
                julian = Some(os);
                *p = ns;
                e = e2;
            }
            out.push(Mention {
                start: self.t.toks[i].start,
                end: self.t.toks[e - 1].end,
                what: what.clone(),
                julian,
                open_day,
                frame: i <= 3,
            });
            // `Mayın 3-də və 4-də`: a day after a conjunction shares the
            // month of the date before it.
            if let What::Point(p) = what
                && p.day.is_some()
                && p.month.is_some()
                && p.hour.is_none()
                && let Some(c) = self.is(e, Sense::Conj)
                && let Some((d, e2)) = self.day(c)
            {
                let tail_ok =
                    !self.t.suffix(c).is_empty() || e2 >= n || self.t.toks[e2].kind == Kind::Punct;
                if tail_ok && !self.is_quantity(e2) && self.year(c).is_none() {
                    let q = Point { day: Some(d), ..p };
                    out.push(Mention {
                        start: self.t.toks[c].start,
                        end: self.t.toks[e2 - 1].end,
                        what: What::Point(q),
                        julian: None,
                        open_day: false,
                        frame: false,
                    });
                    e = e2;
                }
            }
            i = e;
        }
        out
    }

    /// `5 (18) August 1905`: an Old Style day with the New Style day in
    /// parentheses. Returns the Julian date, the Gregorian date and the end.
    fn dual_days(&self, i: usize) -> Option<(Point, Point, usize)> {
        let (d, _) = self.day(i)?;
        if self.punct(i + 1) != Some('(') || self.punct(i + 3) != Some(')') {
            return None;
        }
        let (d2, _) = self.day(i + 2)?;
        let (m, me, _) = self.month(i + 4)?;
        let k = self.skip_punct(me, ',');
        let (year, end) = match self.year(k) {
            Some((y, ye, _)) => (Some(y), ye),
            None => (None, me),
        };
        let os = Point {
            year,
            month: Some(m),
            day: Some(d),
            ..Point::default()
        };
        let ns = Point {
            day: Some(d2),
            month: Some(if d2 < d { m % 12 + 1 } else { m }),
            ..os
        };
        plausible_dual(os, ns).then_some((os, ns, end))
    }

    /// Old Style and New Style together: `5 (18) August 1905`,
    /// `23 February (8 March) 1917`, or a date marked `ст. ст.` / `O.S.`.
    /// Returns the Julian date, the Gregorian date and the end.
    fn dual(&self, p: Point, e: usize) -> Option<(Point, Point, usize)> {
        // A style mark right after the date, maybe in parentheses.
        let j = self.skip_punct(e, '(');
        if let Some((s, e2)) = self.find(j, |s| matches!(s, Sense::OldStyle | Sense::NewStyle)) {
            let e2 = if j > e { self.skip_punct(e2, ')') } else { e2 };
            if s == Sense::OldStyle && p.year.is_some() {
                return Some((p, julian_to_gregorian(p)?, e2));
            }
            return None;
        }
        // `23 February (8 March) 1917`
        if self.punct(e) == Some('(')
            && let Some((q, qe)) = self.point(e + 1, true)
            && q.day.is_some()
            && self.punct(qe) == Some(')')
        {
            let mut os = p;
            let mut ns = q;
            let mut end = qe + 1;
            if os.year.is_none()
                && ns.year.is_none()
                && let Some((y, ye, _)) = self.year(end)
            {
                os.year = Some(y);
                ns.year = Some(y);
                end = ye;
            }
            if ns.year.is_none() {
                ns.year = os.year;
            }
            if os.year.is_none() {
                os.year = ns.year;
            }
            if plausible_dual(os, ns) {
                return Some((os, ns, end));
            }
        }
        None
    }
}

/// Whether `ns` lies 10 to 13 days after `os` (the Julian–Gregorian gap
/// from 1582 to 2099).
fn plausible_dual(os: Point, ns: Point) -> bool {
    let (Some(m1), Some(d1), Some(m2), Some(d2)) = (os.month, os.day, ns.month, ns.day) else {
        return false;
    };
    let y = os.year.unwrap_or(1900);
    let a = crate::edtf::days_from_civil(y, m1, d1);
    let mut b = crate::edtf::days_from_civil(ns.year.unwrap_or(y), m2, d2);
    if m2 < m1 {
        b = crate::edtf::days_from_civil(ns.year.unwrap_or(y) + 1, m2, d2);
    }
    (10..=13).contains(&(b - a))
}

fn julian_to_gregorian(p: Point) -> Option<Point> {
    let (y, m, d) = (p.year?, p.month?, p.day?);
    let (gy, gm, gd) = crate::edtf::julian_to_gregorian(y, m, d);
    Some(Point {
        year: Some(gy),
        month: Some(gm),
        day: Some(gd),
        ..p
    })
}

/// Fills the parts one end of an interval leaves out from the other end, and
/// checks that the interval runs forwards.
fn combine(mut l: Point, mut r: Point) -> Option<(Point, Point)> {
    let bare_day = |p: &Point| p.day.is_some() && p.month.is_none() && p.year.is_none();
    let bare_year =
        |p: &Point| p.year.is_some() && p.month.is_none() && p.day.is_none() && p.season.is_none();
    if bare_day(&l) && bare_day(&r) {
        return None;
    }
    if l.hour.is_some() || r.hour.is_some() {
        return None;
    }
    if bare_day(&l) {
        if r.day.is_none() || r.month.is_none() {
            return None;
        }
        l.month = r.month;
    }
    if bare_day(&r) {
        if l.day.is_none() || l.month.is_none() {
            return None;
        }
        r.month = l.month;
        r.year = l.year;
    }
    if bare_year(&r) && r.modifier.is_none() && (l.month.is_some() || l.day.is_some()) {
        return None;
    }
    if l.year.is_none() && r.year.is_some() && (l.month.is_some() || l.season.is_some()) {
        l.year = r.year;
        if (l.month, l.day) > (r.month, r.day) && r.month.is_some() {
            l.year = r.year.map(|y| y - 1);
        }
    }
    if r.year.is_none() && l.year.is_some() && r.month.is_some() && !bare_day(&r) {
        r.year = l.year;
    }
    if !l.is_calendar() || !r.is_calendar() || !l.day_fits() || !r.day_fits() {
        return None;
    }
    // Both ends give the same kind of part.
    if l.decade.is_some() != r.decade.is_some() || l.century.is_some() != r.century.is_some() {
        return None;
    }
    if l.key() >= r.key() && !(l.year.is_none() && r.year.is_none() && l.month > r.month) {
        return None;
    }
    if let (Some(a), Some(b)) = (l.year, r.year)
        && b - a > 300
    {
        return None;
    }
    Some((l, r))
}

fn iso_duration(parts: &[(f64, Unit)]) -> String {
    let num = |v: f64| {
        if v.fract() == 0.0 {
            format!("{}", v as i64)
        } else {
            let s = format!("{v:.2}");
            s.trim_end_matches('0').to_string()
        }
    };
    let mut date = String::new();
    let mut time = String::new();
    for (v, u) in parts {
        match u {
            Unit::Century => date.push_str(&format!("{}Y", num(v * 100.0))),
            Unit::Decade => date.push_str(&format!("{}Y", num(v * 10.0))),
            Unit::Year => date.push_str(&format!("{}Y", num(*v))),
            Unit::Month => date.push_str(&format!("{}M", num(*v))),
            Unit::Week => date.push_str(&format!("{}W", num(*v))),
            Unit::Day => date.push_str(&format!("{}D", num(*v))),
            Unit::Hour => time.push_str(&format!("{}H", num(*v))),
            Unit::Minute => time.push_str(&format!("{}M", num(*v))),
            Unit::Second => time.push_str(&format!("{}S", num(*v))),
        }
    }
    if time.is_empty() {
        format!("P{date}")
    } else {
        format!("P{date}T{time}")
    }
}
