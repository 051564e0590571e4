//! EDTF values and the calendar arithmetic behind them.

use crate::grammar::Point;

/// Days since 1970-01-01 of a proleptic Gregorian date.
pub fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = if m <= 2 { y as i64 - 1 } else { y as i64 };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

/// The proleptic Gregorian date `z` days after 1970-01-01.
pub fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let y = yoe + era * 400 + if m <= 2 { 1 } else { 0 };
    (y as i32, m, d)
}

/// Converts a Julian (Old Style) date to the Gregorian calendar.
pub fn julian_to_gregorian(y: i32, m: u8, d: u8) -> (i32, u8, u8) {
    let a = (14 - m as i64) / 12;
    let yy = y as i64 + 4800 - a;
    let mm = m as i64 + 12 * a - 3;
    let jdn = d as i64 + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - 32083;
    civil_from_days(jdn - 2440588)
}

/// Number of days in a month of the Gregorian calendar.
pub fn month_days(y: i32, m: u8) -> u8 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A year in EDTF: four digits, negative for years before the common era
/// (astronomical numbering: 490 BC is `-0489`), `XXXX` when unknown.
pub fn year(y: Option<i32>) -> String {
    match y {
        Some(y) if y < 0 => format!("-{:04}", -y),
        Some(y) => format!("{y:04}"),
        None => "XXXX".to_string(),
    }
}

/// The EDTF value of a point whose parts are all resolved.
pub fn point(p: &Point) -> String {
    if let Some(c) = p.century {
        return if c < 0 {
            format!("-{:02}XX", -c - 1)
        } else {
            format!("{c:02}XX")
        };
    }
    if let Some(d) = p.decade {
        return format!("{d:03}X");
    }
    let mut s = year(p.year);
    if let Some(season) = p.season {
        s.push_str(&format!("-{}", 20 + season));
        return s;
    }
    if p.month.is_none() && p.day.is_none() && p.hour.is_none() {
        return s;
    }
    match p.month {
        Some(m) => s.push_str(&format!("-{m:02}")),
        None => s.push_str("-XX"),
    }
    if p.day.is_none() && p.hour.is_none() {
        return s;
    }
    match p.day {
        Some(d) => s.push_str(&format!("-{d:02}")),
        None => s.push_str("-XX"),
    }
    if let Some(h) = p.hour {
        s.push_str(&format!("T{:02}:{:02}", h, p.minute.unwrap_or(0)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        for z in [-800_000i64, -1, 0, 1, 18_000, 400_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn julian_dates_convert() {
        // The October Revolution: 25 October (O.S.) = 7 November 1917.
        assert_eq!(julian_to_gregorian(1917, 10, 25), (1917, 11, 7));
        assert_eq!(julian_to_gregorian(1905, 8, 5), (1905, 8, 18));
        assert_eq!(julian_to_gregorian(1800, 1, 1), (1800, 1, 12));
        assert_eq!(julian_to_gregorian(1900, 3, 1), (1900, 3, 14));
    }

    #[test]
    fn values_are_edtf() {
        let p = Point {
            year: Some(-489),
            ..Point::default()
        };
        assert_eq!(point(&p), "-0489");
        let p = Point {
            century: Some(18),
            ..Point::default()
        };
        assert_eq!(point(&p), "18XX");
        let p = Point {
            month: Some(6),
            day: Some(15),
            ..Point::default()
        };
        assert_eq!(point(&p), "XXXX-06-15");
        let p = Point {
            year: Some(1919),
            season: Some(3),
            ..Point::default()
        };
        assert_eq!(point(&p), "1919-23");
    }
}
