//! The narrative: completes partial expressions from the date being
//! narrated and moves that date as explicit dates appear.
//!
//! Rules:
//! - A date that gives its year sets the narrated date (to its day, month or
//!   year). A bare year moves the narrative only when it opens its sentence
//!   (`In 1919, …`), not when it is mentioned in passing (`the treaty
//!   signed in 1919`), and one equal to the narrated year keeps the finer
//!   date.
//! - A date without a year takes the narrated year; when its month lies eight
//!   or more months before the narrated month, the story has crossed a new
//!   year (`December 1918 … 15 January` is 1919), otherwise it is a flashback
//!   within the year. A day alone takes the narrated month.
//! - A clock time without a date belongs to the narrated day; when it is
//!   earlier than the last time told on that day, the story has passed
//!   midnight (`23:00 … 4:00 in the morning` is the next day).
//! - An interval moves the narrative to its end (`1918–1920 …, in April` is
//!   April 1920).
//! - Relative phrases (`the next month`) count from the narrated date.
//! - Decades, centuries, durations and sets leave the narrated date alone.

use chronicle_core::{Timex, TimexMod, TimexType};

use crate::edtf;
use crate::grammar::{Mention, Point, What};
use crate::lexicon::{Mod, Unit};

/// The date being narrated.
#[derive(Debug, Clone, Default)]
pub struct Narrative {
    year: Option<i32>,
    month: Option<u8>,
    day: Option<u8>,
    time: Option<(u8, u8)>,
}

fn modifier(m: Option<Mod>) -> Option<TimexMod> {
    m.map(|m| match m {
        Mod::Start => TimexMod::Start,
        Mod::Mid => TimexMod::Mid,
        Mod::End => TimexMod::End,
    })
}

impl Narrative {
    fn anchor(&self) -> Option<String> {
        self.year?;
        Some(edtf::point(&Point {
            year: self.year,
            month: self.month,
            day: self.day.filter(|_| self.month.is_some()),
            ..Point::default()
        }))
    }

    /// Fills the parts `p` leaves out; returns whether the narrative was
    /// used. A completion that makes no date (the 31st of a 30-day month, 29
    /// February of a common year) is not made.
    fn complete(&self, p: &mut Point) -> bool {
        let given = *p;
        let used = self.complete_parts(p);
        if !p.day_fits() {
            *p = given;
            return false;
        }
        used
    }

    fn complete_parts(&self, p: &mut Point) -> bool {
        if p.century.is_some() || p.decade.is_some() || p.year.is_some() {
            return false;
        }
        let mut used = false;
        if p.month.is_none() && p.season.is_none() && p.day.is_some() {
            p.month = self.month;
            used = true;
        }
        if let Some(off) = p.rel_year {
            p.year = self.year.map(|y| y + off);
            return true;
        }
        if p.month.is_some() || p.season.is_some() || p.day.is_some() || p.hour.is_some() {
            p.year = self.year;
            if let (Some(y), Some(fm), Some(m)) = (self.year, self.month, p.month)
                && fm as i32 - m as i32 >= 8
            {
                p.year = Some(y + 1);
            }
            used = true;
        }
        used
    }

    /// Moves the narrated date to `p` (resolved); `frame`: the expression
    /// opens its sentence.
    fn follow(&mut self, p: &Point, frame: bool) {
        if p.century.is_some() || p.decade.is_some() {
            return;
        }
        let year_only = p.month.is_none() && p.season.is_none() && p.day.is_none();
        if year_only && !frame && self.year.is_some() {
            return;
        }
        let Some(y) = p.year else {
            // No year anywhere yet: follow the month and day alone.
            if p.month.is_some() {
                if self.month != p.month || self.day != p.day {
                    self.time = None;
                }
                self.month = p.month;
                self.day = p.day;
            }
            return;
        };
        if p.month.is_some() {
            let same_day = self.year == Some(y) && self.month == p.month && self.day == p.day;
            if !same_day {
                self.time = None;
            }
            self.year = Some(y);
            self.month = p.month;
            self.day = p.day;
        } else if self.year != Some(y) {
            self.year = Some(y);
            self.month = None;
            self.day = None;
            self.time = None;
        }
    }

    /// Resolves one mention into `out`'s type, value, mod, anchor and
    /// calendar fields (its place in the text is the caller's), and moves the
    /// narrative.
    pub fn resolve(&mut self, m: &Mention, out: &mut Timex) {
        let anchor_before = self.anchor();
        out.kind = TimexType::Date;
        out.value.clear();
        out.modifier = None;
        out.anchor = None;
        out.calendar = None;
        out.alt_value = None;
        let mut used = false;
        match &m.what {
            What::Duration(d) => {
                out.kind = TimexType::Duration;
                out.value = d.clone();
            }
            What::Set(s) => {
                out.kind = TimexType::Set;
                out.value = s.clone();
            }
            What::Relative(unit, off) => {
                used = true;
                let p = self.shift(*unit, *off);
                out.value = edtf::point(&p);
                self.follow(&p, true);
            }
            What::Interval(l, r) => {
                let (mut l, mut r) = (*l, *r);
                used |= self.complete(&mut l);
                if r.year.is_none() && l.year.is_some() && r.century.is_none() && r.decade.is_none()
                {
                    r.year = l.year;
                    // A season starts in its first month (winter in December).
                    let first = |p: &Point| p.month.or(p.season.map(|s| 3 * s));
                    if first(&r) < first(&l) {
                        r.year = l.year.map(|y| y + 1);
                    }
                }
                used |= self.complete(&mut r);
                out.value = format!("{}/{}", edtf::point(&l), edtf::point(&r));
                out.modifier = modifier(l.modifier.or(r.modifier));
                self.follow(&r, m.frame);
            }
            What::Point(p) => {
                let mut p = *p;
                if p.hour.is_some() {
                    out.kind = TimexType::Time;
                }
                if m.open_day {
                    used = true;
                    p.year = self.year;
                    p.month = self.month;
                    p.day = self.day;
                    if let (Some(t0), Some(h), Some(mo), Some(d)) =
                        (self.time, p.hour, p.month, p.day)
                        && (h, p.minute.unwrap_or(0)) < t0
                    {
                        // Past midnight. Without a known year, count in
                        // a common year (a leap day is then not known).
                        let y = p.year.unwrap_or(2001);
                        let (ny, nm, nd) =
                            edtf::civil_from_days(edtf::days_from_civil(y, mo, d) + 1);
                        p.year = p.year.map(|_| ny);
                        p.month = Some(nm);
                        p.day = Some(nd);
                    }
                } else {
                    used |= self.complete(&mut p);
                }
                out.value = edtf::point(&p);
                out.modifier = modifier(p.modifier);
                self.follow(&p, m.frame);
                if let Some(h) = p.hour {
                    self.time = Some((h, p.minute.unwrap_or(0)));
                }
                if let Some(mut os) = m.julian {
                    if os.year.is_none() {
                        os.year = p.year;
                    }
                    out.calendar = Some("julian".to_string());
                    out.alt_value = Some(edtf::point(&os));
                }
            }
        }
        if used {
            out.anchor = anchor_before;
        }
    }

    /// The narrated date moved by `off` units, at that unit's precision.
    fn shift(&self, unit: Unit, off: i32) -> Point {
        let mut p = Point {
            year: self.year,
            ..Point::default()
        };
        match unit {
            Unit::Century | Unit::Decade | Unit::Year => {
                p.year = self.year.map(|y| y + off);
            }
            Unit::Month => {
                if let (Some(y), Some(m)) = (self.year, self.month) {
                    let k = y * 12 + m as i32 - 1 + off;
                    p.year = Some(k.div_euclid(12));
                    p.month = Some((k.rem_euclid(12) + 1) as u8);
                } else {
                    p.month = self.month;
                }
            }
            Unit::Week | Unit::Day | Unit::Hour | Unit::Minute | Unit::Second => {
                let days = if unit == Unit::Week { 7 * off } else { off } as i64;
                if let (Some(y), Some(m), Some(d)) = (self.year, self.month, self.day) {
                    let (ny, nm, nd) = edtf::civil_from_days(edtf::days_from_civil(y, m, d) + days);
                    p.year = Some(ny);
                    p.month = Some(nm);
                    p.day = Some(nd);
                } else {
                    p.month = self.month;
                    p.day = self.day;
                }
            }
        }
        p
    }
}
