//! RIS: the tagged format of Research Information Systems, as its
//! specification writes it: every line `XX  - value` ending in CR LF, a
//! record from `TY` to `ER`, one author per `AU` line as `Family, Given`,
//! no blank lines between records. The text is UTF-8 (the old
//! specification's character set is Windows ANSI; today's reference
//! managers read UTF-8); values are kept on one line, and the asterisk,
//! which the specification forbids in author and periodical names, is left
//! out of them.

use std::io::Write;

use chronicle_core::Work;

use super::Entry;
use super::names::Name;
use crate::ExportError;

/// CSL types and their RIS reference types; everything else is `GEN`.
const TYPES: &[(&str, &str)] = &[
    ("article-journal", "JOUR"),
    ("article-magazine", "MGZN"),
    ("article-newspaper", "NEWS"),
    ("book", "BOOK"),
    ("chapter", "CHAP"),
    ("paper-conference", "CPAPER"),
    ("thesis", "THES"),
    ("report", "RPRT"),
    ("webpage", "ELEC"),
    ("manuscript", "MANSCPT"),
    ("entry-encyclopedia", "ENCYC"),
    ("entry-dictionary", "DICT"),
    ("map", "MAP"),
    ("motion_picture", "MPCT"),
];

/// Writes one record per work.
pub fn write(works: &[Work], w: &mut dyn Write) -> Result<u64, ExportError> {
    for work in works {
        let e = Entry::of(work);
        let f = &e.fields;
        let ty = TYPES
            .iter()
            .find(|(csl, _)| *csl == e.kind)
            .map_or("GEN", |(_, t)| t);
        let mut tag =
            |tag: &str, value: &str| -> std::io::Result<()> { write!(w, "{tag}  - {value}\r\n") };
        tag("TY", ty)?;
        for n in &e.names {
            tag("AU", &author(n))?;
        }
        if let Some(y) = f.year {
            tag("PY", &y.to_string())?;
        }
        let container = f.container.as_deref().map(|c| c.replace('*', ""));
        let fields = [
            ("TI", f.title.as_deref()),
            ("T2", container.as_deref()),
            ("CY", f.place.as_deref()),
            ("PB", f.publisher.as_deref()),
        ];
        for (t, v) in fields {
            if let Some(v) = v {
                tag(t, v)?;
            }
        }
        // In books and theses `SP` is the number of pages.
        if let Some(p) = &f.pages
            && !matches!(ty, "BOOK" | "THES")
        {
            match page_range(p) {
                Some((start, end)) => {
                    tag("SP", start)?;
                    tag("EP", end)?;
                }
                None => tag("SP", p)?,
            }
        }
        let fields = [
            ("DO", f.doi.as_deref()),
            ("UR", f.url.as_deref()),
            ("LA", f.lang.as_deref()),
            ("VL", f.volume.as_deref()),
            ("IS", f.issue.as_deref()),
            ("N1", Some(e.note.as_str())),
        ];
        for (t, v) in fields {
            if let Some(v) = v {
                tag(t, v)?;
            }
        }
        tag("ER", "")?;
    }
    Ok(works.len() as u64)
}

/// `Family, Given`; a name without a given name that has spaces gets a
/// trailing comma, so that readers take it all as the family name.
fn author(n: &Name) -> String {
    let s = match n {
        Name::Person {
            family,
            given: None,
        }
        | Name::Literal(family)
            if family.contains(' ') =>
        {
            format!("{family},")
        }
        n => n.display(),
    };
    s.replace('*', "")
}

/// `10–20`, `10-20`, `311—312` as start and end; `None` for anything else
/// (`3, 6—8`, `243`).
fn page_range(p: &str) -> Option<(&str, &str)> {
    let (start, end) = p.split_once(['-', '–', '—'])?;
    let (start, end) = (start.trim(), end.trim_start_matches(['-', '–', '—']).trim());
    let simple = |s: &str| !s.is_empty() && s.chars().all(char::is_alphanumeric);
    (simple(start) && simple(end)).then_some((start, end))
}

#[cfg(test)]
mod tests {
    use super::super::tests::works;

    #[test]
    fn records_follow_the_spec() {
        let mut out = Vec::new();
        assert_eq!(super::write(&works(), &mut out).unwrap(), 5);
        let r = String::from_utf8(out).unwrap();
        // Every line is a tag line ending in CR LF.
        assert!(r.ends_with("ER  - \r\n"));
        for line in r.split_terminator("\r\n") {
            assert!(!line.contains('\n'), "{line:?}");
            let b = line.as_bytes();
            assert!(
                b.len() >= 6
                    && b[0].is_ascii_uppercase()
                    && (b[1].is_ascii_uppercase() || b[1].is_ascii_digit())
                    && &b[2..6] == b"  - ",
                "{line:?}"
            );
        }
        let records: Vec<&str> = r.split_inclusive("ER  - \r\n").collect();
        assert_eq!(records.len(), 5);
        assert!(records.iter().all(|x| x.starts_with("TY  - ")));
        let smith = records[0];
        for line in [
            "TY  - JOUR",
            "AU  - Smith, J.",
            "AU  - Ministry of Culture,",
            "PY  - 2001",
            "T2  - Journal of Tests & Trials",
            "SP  - 10",
            "EP  - 20",
            "DO  - 10.1000/xyz_1%{2}",
            "VL  - 3",
            "IS  - 4",
            "LA  - en",
        ] {
            assert!(smith.contains(&format!("{line}\r\n")), "{line} in {smith}");
        }
        let kadishev = records[1];
        for line in [
            "TY  - BOOK",
            "AU  - Кадишев, А. Б.",
            "PY  - 1960",
            "CY  - Москва",
            "PB  - Воениздат",
            "N1  - Chronicle work kadishev-1960; cited in ru.txt (1 reference entry)",
        ] {
            assert!(
                kadishev.contains(&format!("{line}\r\n")),
                "{line} in {kadishev}"
            );
        }
        // Pages of a book are not its number of pages.
        assert!(!records[2].contains("SP  -"), "{}", records[2]);
        assert!(records[2].contains("AU  - Behbudov, T.\r\n"));
        assert!(records[3].starts_with("TY  - GEN\r\nAU  - Altstadt\r\n"));
        assert!(records[4].starts_with("TY  - ELEC\r\n"));
    }

    #[test]
    fn page_ranges() {
        assert_eq!(super::page_range("10–20"), Some(("10", "20")));
        assert_eq!(super::page_range("311—312"), Some(("311", "312")));
        assert_eq!(super::page_range("10--20"), Some(("10", "20")));
        assert_eq!(super::page_range("3, 6—8"), None);
        assert_eq!(super::page_range("243"), None);
    }
}
