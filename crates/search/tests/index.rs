//! The index on small units made here (no store, no shared files): keys,
//! expansion, filters, facets, highlights and paging.

use chronicle_core::{Edit, MappedText};
use chronicle_search::{EntityNames, Filters, SearchIndex, SearchRequest, Unit, UnitKind};

fn unit(doc: u64, n: u32, lang: &str, text: &str) -> Unit {
    Unit {
        sentence: Some(n),
        doc_id: doc,
        doc: format!("doc{doc}.txt"),
        paragraph: 0,
        start: 1000 * doc + 100 * u64::from(n),
        end: 1000 * doc + 100 * u64::from(n) + text.len() as u64,
        text: text.to_string(),
        map: None,
        lang: lang.to_string(),
        ..Unit::default()
    }
}

fn entity(id: &str, forms: &[(&str, &str)]) -> EntityNames {
    EntityNames {
        id: id.into(),
        kind: "PLACE".into(),
        name: forms[0].0.into(),
        forms: forms
            .iter()
            .map(|(f, l)| (f.to_string(), l.to_string()))
            .collect(),
    }
}

/// Written here for the test; none of these sentences comes from a source.
fn units() -> Vec<Unit> {
    let mut v = vec![
        Unit {
            entities: vec!["shusha".into()],
            places: vec!["shusha".into()],
            classes: vec!["capture".into()],
            times: vec!["1920-05-12".into()],
            ..unit(1, 0, "be", "Войскі ўвайшлі ў Шушы ўвесну.")
        },
        Unit {
            entities: vec!["shusha".into()],
            places: vec!["shusha".into()],
            times: vec!["1920".into()],
            ..unit(2, 0, "en", "The garrison left Shusha quietly.")
        },
        Unit {
            entities: vec!["ganja".into()],
            places: vec!["ganja".into()],
            classes: vec!["arrive".into()],
            times: vec!["1918-06-01".into()],
            ..unit(3, 0, "az", "Qoşun Gəncəyə daxil oldu.")
        },
        unit(3, 1, "az", "Bakı şəhərində yağış yağırdı."),
        unit(4, 0, "vi", "Chiến tranh Việt Nam kéo dài nhiều năm."),
        unit(4, 1, "vi", "Nam giới và nữ giới."),
        unit(5, 0, "en", "The armies attacked at dawn."),
        unit(5, 1, "en", "An army rested; then it attacked again."),
    ];
    // A sentence whose cleaned text is not a copy of its source: a marker
    // `[12]` was removed after the first word.
    let source = "Gəncə[12] qalası.";
    let mapped = MappedText::identity(source, 5000).apply(&[Edit::delete(7..11)]);
    let mut map = Vec::new();
    chronicle_store::codec::encode(&mapped, &mut map);
    v.push(Unit {
        map: Some(map),
        start: 5000,
        end: 5000 + source.len() as u64,
        ..unit(6, 0, "az", mapped.text())
    });
    // The paragraph of document 1.
    v.push(Unit {
        sentence: None,
        entities: vec!["shusha".into()],
        ..unit(
            1,
            0,
            "be",
            "Войскі ўвайшлі ў Шушы ўвесну. Потым пайшлі далей.",
        )
    });
    v
}

fn index() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index");
    let index = SearchIndex::open_or_create(&path).unwrap();
    let aliases = vec![
        entity(
            "shusha",
            &[("Шушы", "be"), ("Shusha", "en"), ("Şuşa", "az")],
        ),
        entity(
            "ganja",
            &[("Gəncəyə", "az"), ("Ganja", "en"), ("Гянджы", "be")],
        ),
    ];
    index.add_units(units(), &aliases, 1, &mut |_| {}).unwrap();
    let opened = SearchIndex::open(&path, dir.path()).unwrap();
    (dir, opened)
}

fn req(q: &str) -> SearchRequest {
    SearchRequest {
        query: q.into(),
        limit: 20,
        ..SearchRequest::default()
    }
}

fn docs(index: &SearchIndex, r: &SearchRequest) -> Vec<String> {
    let mut v: Vec<String> = index
        .search(r)
        .unwrap()
        .hits
        .iter()
        .map(|h| format!("{}:{}", h.doc, h.sentence.map(|s| s as i64).unwrap_or(-1)))
        .collect();
    v.sort();
    v
}

#[test]
fn a_name_in_one_script_finds_the_others_and_expansion_can_be_turned_off() {
    let (_d, index) = index();
    assert_eq!(docs(&index, &req("Shusha")), ["doc1.txt:0", "doc2.txt:0"]);
    assert_eq!(docs(&index, &req("Şuşa")), ["doc1.txt:0", "doc2.txt:0"]);
    // Through the alias cluster only (the keys of Гянджа and Gəncəyə differ).
    assert_eq!(docs(&index, &req("Гянджа")), ["doc3.txt:0"]);
    let plain = SearchRequest {
        expand: false,
        ..req("Shusha")
    };
    assert_eq!(docs(&index, &plain), ["doc2.txt:0"]);
    let r = index.search(&req("Гянджа")).unwrap();
    assert_eq!(r.expansion[0].entities[0].id, "ganja");
    assert!(
        r.expansion[0].entities[0]
            .forms
            .contains(&"Gəncəyə".to_string())
    );
    let r = index.search(&plain).unwrap();
    assert!(r.expansion[0].entities.is_empty() && r.expansion[0].roman.is_empty());
}

#[test]
fn stems_folds_and_vietnamese_syllables() {
    let (_d, index) = index();
    // English stemming: army/armies, attacked.
    assert_eq!(
        docs(&index, &req("army attack")),
        ["doc5.txt:0", "doc5.txt:1"]
    );
    // Folding, without expansion: Baki finds Bakı; the Azerbaijani suffix
    // list lets şəhər find şəhərində.
    let r = SearchRequest {
        expand: false,
        ..req("Baki şəhər")
    };
    assert_eq!(docs(&index, &r), ["doc3.txt:1"]);
    // Syllables: a phrase finds the word, folded or not; the syllables
    // apart do not make the phrase.
    assert_eq!(docs(&index, &req("\"Việt Nam\"")), ["doc4.txt:0"]);
    assert_eq!(docs(&index, &req("\"viet nam\"")), ["doc4.txt:0"]);
    assert_eq!(docs(&index, &req("nam")), ["doc4.txt:0", "doc4.txt:1"]);
    assert_eq!(docs(&index, &req("\"nam viet\"")), Vec::<String>::new());
    // OR and exclusion.
    assert_eq!(
        docs(&index, &req("Bakı OR dawn")),
        ["doc3.txt:1", "doc5.txt:0"]
    );
    assert_eq!(docs(&index, &req("army -dawn")), ["doc5.txt:1"]);
}

#[test]
fn filters_facets_units_and_paging() {
    let (_d, index) = index();
    let with = |f: Filters| SearchRequest {
        filters: f,
        ..req("")
    };
    let filtered = |f: Filters| docs(&index, &with(f));
    assert_eq!(
        filtered(Filters {
            langs: vec!["az".into()],
            ..Filters::default()
        }),
        ["doc3.txt:0", "doc3.txt:1", "doc6.txt:0"]
    );
    assert_eq!(
        filtered(Filters {
            types: vec!["capture".into(), "arrive".into()],
            ..Filters::default()
        }),
        ["doc1.txt:0", "doc3.txt:0"]
    );
    // Event time overlap: 1920 (a whole year) overlaps May 1920.
    assert_eq!(
        filtered(Filters {
            from: Some("1920-05".into()),
            to: Some("1920-05".into()),
            ..Filters::default()
        }),
        ["doc1.txt:0", "doc2.txt:0"]
    );
    assert_eq!(
        filtered(Filters {
            to: Some("1919".into()),
            ..Filters::default()
        }),
        ["doc3.txt:0"]
    );
    assert_eq!(
        filtered(Filters {
            docs: vec!["doc5.txt".into(), "4".into()],
            ..Filters::default()
        }),
        ["doc4.txt:0", "doc4.txt:1", "doc5.txt:0", "doc5.txt:1"]
    );
    assert_eq!(
        filtered(Filters {
            places: vec!["shusha".into()],
            ..Filters::default()
        }),
        ["doc1.txt:0", "doc2.txt:0"]
    );
    // Paragraphs are their own unit.
    let paras = SearchRequest {
        filters: Filters {
            unit: UnitKind::Paragraph,
            ..Filters::default()
        },
        ..req("Шушы")
    };
    assert_eq!(docs(&index, &paras), ["doc1.txt:-1"]);
    // Facets count the matches.
    let r = index.search(&req("Shusha")).unwrap();
    let count = |name: &str, value: &str| {
        r.facets[name]
            .iter()
            .find(|f| f.value == value)
            .map(|f| f.count)
    };
    assert_eq!(count("lang", "be"), Some(1));
    assert_eq!(count("lang", "en"), Some(1));
    assert_eq!(count("place", "shusha"), Some(2));
    assert_eq!(count("type", "capture"), Some(1));
    // Paging.
    let all = docs(&index, &req("nam OR army OR Shusha"));
    assert_eq!(all.len(), 6);
    let page = index
        .search(&SearchRequest {
            limit: 2,
            offset: 4,
            ..req("nam OR army OR Shusha")
        })
        .unwrap();
    assert_eq!(page.total, 6);
    assert_eq!(page.hits.len(), 2);
}

#[test]
fn highlights_point_at_the_text_and_the_source() {
    let (_d, index) = index();
    let r = index.search(&req("Shusha")).unwrap();
    let be = r.hits.iter().find(|h| h.lang == "be").unwrap();
    let h = &be.highlights[0];
    assert_eq!(&be.text[h.start..h.end], "Шушы");
    assert_eq!(h.source_start, be.start as usize + h.start);
    // Through the offset map: the marker removed from the text is skipped.
    let r = index.search(&req("qalası")).unwrap();
    let hit = &r.hits[0];
    let h = &hit.highlights[0];
    let source = "Gəncə[12] qalası.";
    assert_eq!(&hit.text[h.start..h.end], "qalası");
    assert_eq!(
        &source[h.source_start - 5000..h.source_end - 5000],
        "qalası"
    );
}

#[test]
fn bad_requests_are_refused_with_a_message() {
    let (_d, index) = index();
    for (r, says) in [
        (req(""), "the query is empty"),
        (
            SearchRequest {
                limit: 0,
                ..req("x")
            },
            "limit",
        ),
        (
            SearchRequest {
                offset: 20_000,
                ..req("x")
            },
            "offset",
        ),
        (req("\"open"), "never closed"),
        (
            SearchRequest {
                filters: Filters {
                    from: Some("spring".into()),
                    ..Filters::default()
                },
                ..req("x")
            },
            "not a date",
        ),
    ] {
        let e = index.search(&r).unwrap_err().to_string();
        assert!(e.contains(says), "{e}");
    }
}
