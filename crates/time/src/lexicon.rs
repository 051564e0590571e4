//! The words of one language's `[time]` data, compiled into a lookup table
//! from a token's normalised form to what it can mean.

use rustc_hash::FxHashMap as FxMap;

use chronicle_lang::{LangData, Placed, TimeData};

use crate::token::{Kind, Tokens, tokenize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mod {
    Start,
    Mid,
    End,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Unit {
    Century,
    Decade,
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
}

impl Unit {
    /// The unit of a one-unit ISO 8601 period: `P1Y`, `PT1H`.
    pub fn from_period(p: &str) -> Option<Unit> {
        Some(match p {
            "P1Y" => Unit::Year,
            "P1M" => Unit::Month,
            "P1W" => Unit::Week,
            "P1D" => Unit::Day,
            "PT1H" => Unit::Hour,
            "PT1M" => Unit::Minute,
            _ => return None,
        })
    }

    /// The one-unit ISO 8601 period.
    pub fn period(self) -> &'static str {
        match self {
            Unit::Century => "P100Y",
            Unit::Decade => "P10Y",
            Unit::Year => "P1Y",
            Unit::Month => "P1M",
            Unit::Week => "P1W",
            Unit::Day => "P1D",
            Unit::Hour => "PT1H",
            Unit::Minute => "PT1M",
            Unit::Second => "PT1S",
        }
    }

    pub fn parse(s: &str) -> Option<Unit> {
        Some(match s {
            "century" => Unit::Century,
            "decade" => Unit::Decade,
            "year" => Unit::Year,
            "month" => Unit::Month,
            "week" => Unit::Week,
            "day" => Unit::Day,
            "hour" => Unit::Hour,
            "minute" => Unit::Minute,
            "second" => Unit::Second,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pod {
    Morning,
    Afternoon,
    Evening,
    Night,
}

/// One meaning of a word or phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sense {
    Month(u8),
    Weekday(u8),
    /// 1 spring … 4 winter.
    Season(u8),
    SeasonAdverb,
    YearBefore,
    YearAfter,
    DecadeBefore,
    DecadeAfter,
    CenturyBefore,
    CenturyAfter,
    MonthWordBefore,
    MonthWordAfter,
    DayWordBefore,
    BcBefore,
    BcAfter,
    AdBefore,
    AdAfter,
    ModBefore(Mod),
    ModAfter(Mod),
    /// A number word, value × 10.
    Number(u32),
    Half,
    Unit(Unit),
    Pod(Pod),
    Am,
    Pm,
    HourBefore,
    HourAfter,
    MinutesTo,
    MinutesPast,
    DateJoiner,
    MonthLicence,
    RangeFrom(u16),
    RangeTo(u16),
    Conj,
    Of,
    /// A date this many units after the narrated one.
    Relative(Unit, i32),
    /// Once every unit.
    Set(Unit),
    OldStyle,
    NewStyle,
    Quantity,
    NumberLabel,
}

/// A phrase: the normalised tokens after the first, and its meaning.
#[derive(Debug, Clone)]
struct Entry {
    rest: Box<[Box<str>]>,
    sense: Sense,
}

/// The compiled `[time]` data of one language (or of several merged).
#[derive(Debug, Default)]
pub struct Lexicon {
    pub code: String,
    entries: FxMap<Box<str>, Vec<Entry>>,
    /// Month forms with one letter blanked out, for typo-tolerant lookup.
    fuzzy: FxMap<String, u8>,
    pub ordinal_suffixes: Vec<String>,
    pub decade_suffixes: Vec<String>,
    pub range_from_suffixes: Vec<String>,
    pub range_to_suffixes: Vec<String>,
    pub month_alone_suffixes: Vec<String>,
    /// The words and phrases that can carry an expression, as written in the
    /// data: the trigger words of the prefilter.
    pub triggers: Vec<String>,
    /// Whether suffixes attach to the lexicon's words (`mayın`), so that a
    /// trigger may match the start of a longer word.
    pub inflects: bool,
}

fn norms(phrase: &str) -> Vec<Box<str>> {
    let t: Tokens = tokenize(phrase);
    (0..t.len())
        .map(|i| {
            let tok = &t.toks[i];
            if tok.kind == Kind::Num && !t.suffix(i).is_empty() {
                format!("{}{}", t.norm(i), t.suffix(i)).into()
            } else {
                t.norm(i).into()
            }
        })
        .collect()
}

impl Lexicon {
    /// Compiles one language's data.
    pub fn build(lang: &LangData) -> Lexicon {
        let mut lex = Lexicon {
            code: lang.code.clone(),
            ..Lexicon::default()
        };
        lex.add_language(&lang.time);
        lex
    }

    /// Compiles several languages into one table (for text whose language is
    /// not known).
    pub fn merged<'a>(langs: impl IntoIterator<Item = &'a LangData>) -> Lexicon {
        let mut lex = Lexicon {
            code: "und".into(),
            ..Lexicon::default()
        };
        for l in langs {
            lex.add_language(&l.time);
        }
        for list in [
            &mut lex.ordinal_suffixes,
            &mut lex.decade_suffixes,
            &mut lex.range_from_suffixes,
            &mut lex.range_to_suffixes,
            &mut lex.month_alone_suffixes,
            &mut lex.triggers,
        ] {
            list.sort();
            list.dedup();
        }
        lex
    }

    fn add_language(&mut self, t: &TimeData) {
        self.inflects |= !t.word_suffixes.is_empty();
        let suffixes: Vec<String> = t.word_suffixes.iter().map(|s| s.to_lowercase()).collect();
        let add = |lex: &mut Lexicon, phrase: &str, sense: Sense, inflect: bool| {
            lex.add(phrase, sense);
            if inflect {
                for s in &suffixes {
                    lex.add_form(&format!("{phrase}{s}"), sense);
                }
            }
        };
        for (m, forms) in t.months.iter().enumerate() {
            for f in forms {
                add(self, f, Sense::Month(m as u8 + 1), true);
                if t.fuzzy_months {
                    self.add_fuzzy(f, m as u8 + 1);
                    for s in &suffixes {
                        self.add_fuzzy(&format!("{f}{s}"), m as u8 + 1);
                    }
                }
            }
        }
        for (d, forms) in t.weekdays.iter().enumerate() {
            for f in forms {
                add(self, f, Sense::Weekday(d as u8 + 1), true);
            }
        }
        let s = &t.seasons;
        for (i, list) in [&s.spring, &s.summer, &s.autumn, &s.winter]
            .iter()
            .enumerate()
        {
            for f in list.iter() {
                add(self, f, Sense::Season(i as u8 + 1), true);
            }
        }
        for f in &t.season_adverbs {
            add(self, f, Sense::SeasonAdverb, false);
        }
        let placed = |lex: &mut Lexicon, p: &Placed, before: Sense, after: Sense, inflect: bool| {
            for f in &p.before {
                lex.add(f, before);
            }
            for f in &p.after {
                lex.add(f, after);
                if inflect {
                    for s in &suffixes {
                        lex.add_form(&format!("{f}{s}"), after);
                    }
                }
            }
        };
        placed(
            self,
            &t.year_words,
            Sense::YearBefore,
            Sense::YearAfter,
            true,
        );
        placed(
            self,
            &t.decade_words,
            Sense::DecadeBefore,
            Sense::DecadeAfter,
            true,
        );
        placed(
            self,
            &t.century_words,
            Sense::CenturyBefore,
            Sense::CenturyAfter,
            true,
        );
        placed(
            self,
            &t.month_words,
            Sense::MonthWordBefore,
            Sense::MonthWordAfter,
            false,
        );
        placed(
            self,
            &t.day_words,
            Sense::DayWordBefore,
            Sense::DayWordBefore,
            false,
        );
        placed(self, &t.era_bc, Sense::BcBefore, Sense::BcAfter, false);
        placed(self, &t.era_ad, Sense::AdBefore, Sense::AdAfter, false);
        let m = &t.modifiers;
        for (p, md) in [
            (&m.start, Mod::Start),
            (&m.mid, Mod::Mid),
            (&m.end, Mod::End),
        ] {
            placed(self, p, Sense::ModBefore(md), Sense::ModAfter(md), false);
        }
        for (w, v) in &t.numbers {
            self.add(w, Sense::Number((v * 10.0).round() as u32));
        }
        for f in &t.half {
            self.add(f, Sense::Half);
        }
        let u = &t.units;
        for (list, unit) in [
            (&u.century, Unit::Century),
            (&u.decade, Unit::Decade),
            (&u.year, Unit::Year),
            (&u.month, Unit::Month),
            (&u.week, Unit::Week),
            (&u.day, Unit::Day),
            (&u.hour, Unit::Hour),
            (&u.minute, Unit::Minute),
            (&u.second, Unit::Second),
        ] {
            for f in list {
                add(self, f, Sense::Unit(unit), true);
            }
        }
        let p = &t.parts_of_day;
        for (list, pod) in [
            (&p.morning, Pod::Morning),
            (&p.afternoon, Pod::Afternoon),
            (&p.evening, Pod::Evening),
            (&p.night, Pod::Night),
        ] {
            for f in list {
                self.add(f, Sense::Pod(pod));
            }
        }
        let c = &t.clock;
        for f in &c.am {
            self.add(f, Sense::Am);
        }
        for f in &c.pm {
            self.add(f, Sense::Pm);
        }
        placed(
            self,
            &c.hour_words,
            Sense::HourBefore,
            Sense::HourAfter,
            false,
        );
        for f in &c.minutes_to {
            self.add(f, Sense::MinutesTo);
        }
        for f in &c.minutes_past {
            self.add(f, Sense::MinutesPast);
        }
        for f in &c.date_joiners {
            self.add(f, Sense::DateJoiner);
        }
        for f in &t.month_alone_after {
            self.add(f, Sense::MonthLicence);
        }
        for [from, to] in &t.ranges {
            // Pairs are numbered by their opening word so that `from … to`
            // and `from … until` both close.
            let id = hash16(from);
            self.add(from, Sense::RangeFrom(id));
            self.add(to, Sense::RangeTo(id));
        }
        for f in &t.conjunctions {
            self.add(f, Sense::Conj);
        }
        for f in &t.of {
            self.add(f, Sense::Of);
        }
        for r in &t.relative {
            let unit = Unit::parse(&r.unit).unwrap_or_else(|| {
                panic!("relative phrase {:?}: unknown unit {:?}", r.phrase, r.unit)
            });
            add(self, &r.phrase, Sense::Relative(unit, r.offset), true);
        }
        for s in &t.sets {
            let unit = Unit::from_period(&s.value).unwrap_or_else(|| {
                panic!(
                    "set phrase {:?}: unsupported period {:?}",
                    s.phrase, s.value
                )
            });
            self.add(&s.phrase, Sense::Set(unit));
        }
        for f in &t.old_style {
            self.add(f, Sense::OldStyle);
        }
        for f in &t.new_style {
            self.add(f, Sense::NewStyle);
        }
        for f in &t.quantity_words {
            self.add(f, Sense::Quantity);
        }
        for f in &t.number_labels {
            self.add(f, Sense::NumberLabel);
        }
        let low = |v: &Vec<String>| v.iter().map(|s| s.to_lowercase()).collect::<Vec<_>>();
        let ns = &t.number_suffixes;
        self.ordinal_suffixes.extend(low(&ns.ordinal));
        self.decade_suffixes.extend(low(&ns.decade));
        self.range_from_suffixes.extend(low(&ns.range_from));
        self.range_to_suffixes.extend(low(&ns.range_to));
        self.month_alone_suffixes
            .extend(low(&t.month_alone_suffixes));
    }

    /// Adds a phrase as written in the data; phrases that can carry an
    /// expression on their own become prefilter triggers.
    fn add(&mut self, phrase: &str, sense: Sense) {
        let trigger = matches!(
            sense,
            Sense::Month(_)
                | Sense::Season(_)
                | Sense::SeasonAdverb
                | Sense::YearBefore
                | Sense::DecadeBefore
                | Sense::CenturyBefore
                | Sense::CenturyAfter
                | Sense::MonthWordBefore
                | Sense::DayWordBefore
                | Sense::Unit(_)
                | Sense::Relative(..)
                | Sense::Set(_)
        );
        if trigger {
            self.triggers.push(phrase.to_string());
        }
        self.add_form(phrase, sense);
    }

    /// Adds an inflected form (a phrase plus a suffix); the prefilter finds
    /// it through the phrase it starts with.
    fn add_form(&mut self, phrase: &str, sense: Sense) {
        let mut n = norms(phrase);
        if n.is_empty() {
            return;
        }
        let first = n.remove(0);
        let list = self.entries.entry(first).or_default();
        let rest: Box<[Box<str>]> = n.into();
        if !list.iter().any(|e| e.sense == sense && e.rest == rest) {
            list.push(Entry { rest, sense });
        }
    }

    fn add_fuzzy(&mut self, form: &str, month: u8) {
        for key in blanked(form) {
            self.fuzzy.entry(key).or_insert(month);
        }
    }

    /// Every meaning of a phrase starting at token `i`, with the index after
    /// the phrase's last token, pushed onto `out`.
    pub fn lookup(&self, toks: &Tokens, i: usize, out: &mut Vec<(Sense, u32)>) {
        let key = if toks.toks[i].kind == Kind::Num && !toks.suffix(i).is_empty() {
            return;
        } else {
            toks.norm(i)
        };
        let Some(list) = self.entries.get(key) else {
            return;
        };
        'entry: for e in list {
            let mut j = i + 1;
            for w in e.rest.iter() {
                if j >= toks.len() || toks.norm(j) != &**w {
                    continue 'entry;
                }
                // A phrase does not jump over a gap before a word.
                j += 1;
            }
            out.push((e.sense, j as u32));
        }
    }

    /// The month a misspelt month form (`aprclin`, `mayrn`) stands for.
    pub fn fuzzy_month(&self, word: &str) -> Option<u8> {
        if self.fuzzy.is_empty() {
            return None;
        }
        blanked(word).find_map(|key| self.fuzzy.get(&key).copied())
    }
}

/// A word of five or more letters with each letter after the first in turn
/// replaced by a blank (`\0`): keys that match one substituted letter.
fn blanked(word: &str) -> impl Iterator<Item = String> {
    let chars: Vec<char> = word.chars().collect();
    let n = if chars.len() < 5 { 0 } else { chars.len() };
    (1..n).map(move |i| {
        let mut key: String = chars[..i].iter().collect();
        key.push('\0');
        key.extend(&chars[i + 1..]);
        key
    })
}

fn hash16(s: &str) -> u16 {
    s.bytes()
        .fold(5381u32, |h, b| h.wrapping_mul(33) ^ b as u32)
        .rem_euclid(65521) as u16
}
