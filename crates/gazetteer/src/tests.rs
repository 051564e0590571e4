use super::*;

fn find(name: &str, lang: &str) -> Option<&'static Place> {
    let g = Gazetteer::shared();
    let names = Names::shared();
    for stem in names.stems(name, lang) {
        for l in [lang, ""] {
            let keys = names.keys(stem, l);
            if let Some(h) = g.find(&keys.fold, &keys.stem).first() {
                return Some(g.place(h.place));
            }
        }
    }
    None
}

#[test]
fn embedded_data_loads() {
    let g = Gazetteer::shared();
    assert!(g.len() > 60_000, "{} places", g.len());
    assert!(
        g.places
            .iter()
            .all(|p| (-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon))
    );
    let ids: rustc_hash::FxHashSet<&str> = g.places.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), g.len(), "place ids are unique");
}

#[test]
fn historical_and_other_script_names_find_the_place() {
    // (name, language, expected English name, real latitude, longitude)
    let cases = [
        ("Elisavetpol", "en", "Ganja", 40.68, 46.36),
        ("Елізаветпаль", "be", "Ganja", 40.68, 46.36),
        ("Гянджы", "be", "Ganja", 40.68, 46.36),
        ("Gəncəyə", "az", "Ganja", 40.68, 46.36),
        ("Erivan", "en", "Yerevan", 40.18, 44.51),
        ("Tiflis", "en", "Tbilisi", 41.69, 44.83),
        ("Тыфлісе", "be", "Tbilisi", 41.69, 44.83),
        ("Stepanakert", "en", "Khankendi", 39.82, 46.75),
        ("Шушы", "be", "Shusha", 39.76, 46.75),
        ("Şuşa", "az", "Shusha", 39.76, 46.75),
        ("Bakıdan", "az", "Baku", 40.38, 49.89),
        ("Нахічэвані", "be", "Nakhchivan", 39.21, 45.41),
        ("Nakichevan", "en", "Nakhchivan", 39.21, 45.41),
        ("Lənkəran", "az", "Lankaran", 38.75, 48.85),
        ("Xudat", "az", "Khudat", 41.63, 48.68),
    ];
    for (name, lang, expect, lat, lon) in cases {
        let p = find(name, lang).unwrap_or_else(|| panic!("{name} not found"));
        assert_eq!(p.name, expect, "{name}");
        assert!(
            distance_km((p.lat, p.lon), (lat, lon)) < 25.0,
            "{name}: {} {}",
            p.lat,
            p.lon
        );
    }
}

#[test]
fn regions_are_marked_as_regions() {
    for name in [
        "Zangezur",
        "Зангезура",
        "Karabakh",
        "Qarabağ",
        "Nagorno-Karabakh",
    ] {
        let p = find(name, if name.is_ascii() { "en" } else { "be" })
            .unwrap_or_else(|| panic!("{name}"));
        assert_eq!(p.kind, PlaceKind::Region, "{name} -> {}", p.name);
    }
    let az = find("Azərbaycan", "az").expect("Azerbaijan");
    assert_eq!(az.kind, PlaceKind::Country);
}

#[test]
fn broken_data_is_reported_with_its_line() {
    let mut gz = Vec::new();
    {
        use std::io::Write;
        let mut w = flate2::write::GzEncoder::new(&mut gz, flate2::Compression::fast());
        w.write_all(b"1\tA\tAZ\t10\t40.0\t49.0\t\n2\tB\tAZ\tmany\t40\t49\t\n")
            .unwrap();
        w.finish().unwrap();
    }
    let err = Gazetteer::load(&gz, "place = []")
        .err()
        .expect("bad population");
    assert!(err.to_string().contains("line 2"), "{err}");
    let err = Gazetteer::load(&gz[..10], "place = []")
        .err()
        .expect("truncated gzip");
    assert!(err.to_string().contains("geonames.tsv.gz"), "{err}");
}
