//! EDTF values as intervals of minutes, for comparing dates at the precision
//! each source states: `1920-04` covers the whole month, so it agrees with
//! `1920-04-27`; `1920-04-27T23:00` and `1920-04-28T02:00` do not agree.

use chronicle_time::edtf::{days_from_civil, month_days};

/// How precise a value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Season,
    Month,
    Day,
    Minute,
}

/// An EDTF value as a closed-open interval of minutes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct When {
    pub start: i64,
    pub end: i64,
    pub precision: Precision,
}

const DAY: i64 = 1440;

fn point(s: &str) -> Option<When> {
    let (date, time) = match s.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (s, None),
    };
    let neg = date.starts_with('-');
    let body = if neg { &date[1..] } else { date };
    let mut parts = body.split('-');
    let y: i32 = parts.next()?.parse().ok()?;
    let y = if neg { -y } else { y };
    let m = parts.next();
    let d = parts.next();
    match (m, d) {
        (None, _) => Some(When {
            start: days_from_civil(y, 1, 1) * DAY,
            end: days_from_civil(y + 1, 1, 1) * DAY,
            precision: Precision::Year,
        }),
        (Some(m), None) => {
            let m: u8 = m.parse().ok()?;
            if (21..=24).contains(&m) {
                // Seasons (northern): spring Mar–May, summer Jun–Aug,
                // autumn Sep–Nov, winter Dec–Feb.
                let first = 3 + (m - 21) * 3;
                let (ey, em) = if first + 3 > 12 {
                    (y + 1, first + 3 - 12)
                } else {
                    (y, first + 3)
                };
                return Some(When {
                    start: days_from_civil(y, first, 1) * DAY,
                    end: days_from_civil(ey, em, 1) * DAY,
                    precision: Precision::Season,
                });
            }
            if !(1..=12).contains(&m) {
                return None;
            }
            let start = days_from_civil(y, m, 1);
            Some(When {
                start: start * DAY,
                end: (start + month_days(y, m) as i64) * DAY,
                precision: Precision::Month,
            })
        }
        (Some(m), Some(d)) => {
            let m: u8 = m.parse().ok()?;
            let d: u8 = d.parse().ok()?;
            let day = days_from_civil(y, m, d) * DAY;
            match time {
                None => Some(When {
                    start: day,
                    end: day + DAY,
                    precision: Precision::Day,
                }),
                Some(t) => {
                    let mut hm = t.split(':');
                    let h: i64 = hm.next()?.parse().ok()?;
                    let mi: i64 = hm.next().unwrap_or("0").parse().ok()?;
                    let at = day + h * 60 + mi;
                    Some(When {
                        start: at,
                        end: at + 1,
                        precision: Precision::Minute,
                    })
                }
            }
        }
    }
}

impl When {
    /// Parses an EDTF date, date-time, season or interval; `None` for
    /// unspecified digits (`192X`, `XXXX-06-15`) and durations.
    pub fn parse(value: &str) -> Option<When> {
        if value.contains('X') || value.starts_with('P') || value.is_empty() {
            return None;
        }
        if let Some((a, b)) = value.split_once('/') {
            let a = point(a)?;
            let b = point(b)?;
            return Some(When {
                start: a.start,
                end: b.end.max(a.end),
                precision: a.precision.min(b.precision),
            });
        }
        point(value)
    }

    /// The year the interval starts in.
    pub fn year(&self) -> i32 {
        chronicle_time::edtf::civil_from_days(self.start.div_euclid(DAY)).0
    }

    /// Whether the two values can describe the same moment at the precision
    /// each states.
    pub fn agrees(&self, other: &When) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// Minutes between the two intervals (0 when they overlap).
    pub fn gap(&self, other: &When) -> i64 {
        if self.agrees(other) {
            0
        } else if self.end <= other.start {
            other.start - self.end
        } else {
            self.start - other.end
        }
    }

    /// The first day as EDTF.
    pub fn first_day(&self) -> String {
        day_string(self.start)
    }

    /// The last day as EDTF.
    pub fn last_day(&self) -> String {
        day_string(self.end - 1)
    }
}

/// An EDTF value with its year replaced (`1921-04`, 1920 → `1920-04`).
pub fn with_year(value: &str, year: i32) -> String {
    match value.find('-') {
        Some(p) if p > 0 => format!("{year:04}{}", &value[p..]),
        _ => format!("{year:04}"),
    }
}

fn day_string(minutes: i64) -> String {
    let (y, m, d) = chronicle_time::edtf::civil_from_days(minutes.div_euclid(DAY));
    if y < 0 {
        format!("-{:04}-{m:02}-{d:02}", -y)
    } else {
        format!("{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precision_decides_agreement() {
        let month = When::parse("1920-04").unwrap();
        let day = When::parse("1920-04-27").unwrap();
        let t1 = When::parse("1920-04-27T23:00").unwrap();
        let t2 = When::parse("1920-04-28T02:00").unwrap();
        assert!(month.agrees(&day) && day.agrees(&t1));
        assert!(!t1.agrees(&t2));
        assert_eq!(t1.gap(&t2), 179);
        assert!(!When::parse("1921-04").unwrap().agrees(&month));
        assert_eq!(When::parse("1918/1920").unwrap().year(), 1918);
        assert!(When::parse("192X").is_none());
        assert_eq!(day.first_day(), "1920-04-27");
        assert_eq!(month.last_day(), "1920-04-30");
        let spring = When::parse("1919-21").unwrap();
        assert!(spring.agrees(&When::parse("1919-04-10").unwrap()));
    }
}
