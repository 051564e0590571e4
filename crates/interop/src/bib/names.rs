//! Author names as written in reference entries, split into family and
//! given names where the written form shows which is which.

/// A name as the bibliographic formats hold it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// A person: family name (with its particles: `van der Leeuw`) and
    /// given names or initials.
    Person {
        family: String,
        given: Option<String>,
    },
    /// A name not to be split: an organisation, or a form whose order is
    /// not clear.
    Literal(String),
}

/// Lower-case words that belong to a family name (`Ludwig van Beethoven`).
const PARTICLES: &[&str] = &[
    "al", "bin", "da", "dal", "de", "del", "della", "der", "di", "dos", "du", "el", "ibn", "la",
    "le", "ten", "ter", "van", "von", "zu",
];

impl Name {
    /// Splits a name as written: `Family, Given`; `Family I. O.`
    /// (`Кадишев А. Б.`, `Əliyarlı İ.`); `I. O. Family`; `Given [particles]
    /// Family` (two or three words); one word is a family name. Anything
    /// else (digits, lower-case words other than particles, acronyms, four
    /// or more words without initials) stays whole. `None` for an empty
    /// name.
    pub fn split(written: &str) -> Option<Name> {
        let s = super::collapse(written);
        if s.is_empty() {
            return None;
        }
        if s.chars().any(|c| c.is_ascii_digit()) {
            return Some(Name::Literal(s));
        }
        if let Some((family, given)) = s.split_once(',') {
            let (family, given) = (family.trim(), given.trim());
            if family.is_empty() {
                return Some(Name::Literal(s));
            }
            return Some(person(family, given));
        }
        let words: Vec<&str> = s.split(' ').collect();
        let n = words.len();
        if n == 1 {
            return Some(person(&s, ""));
        }
        if words[1..].iter().all(|w| is_initials(w)) && !is_initials(words[0]) {
            return Some(person(words[0], &words[1..].join(" ")));
        }
        if words[..n - 1].iter().all(|w| is_initials(w)) && !is_initials(words[n - 1]) {
            return Some(person(words[n - 1], &words[..n - 1].join(" ")));
        }
        let capitalised = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
        let acronym = |w: &str| {
            w.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !w.chars().any(char::is_lowercase)
        };
        let plain = n <= 3
            && capitalised(words[0])
            && capitalised(words[n - 1])
            && words
                .iter()
                .all(|w| (capitalised(w) && !acronym(w)) || PARTICLES.contains(w));
        if !plain {
            return Some(Name::Literal(s));
        }
        let k = (1..n)
            .find(|&i| PARTICLES.contains(&words[i]))
            .unwrap_or(n - 1);
        Some(person(&words[k..].join(" "), &words[..k].join(" ")))
    }

    /// `Family, Given`, `Family`, or the whole name: the form of
    /// [`chronicle_core::WorkFields::authors`].
    pub fn display(&self) -> String {
        match self {
            Name::Person {
                family,
                given: Some(g),
            } => format!("{family}, {g}"),
            Name::Person {
                family,
                given: None,
            } => family.clone(),
            Name::Literal(s) => s.clone(),
        }
    }
}

fn person(family: &str, given: &str) -> Name {
    Name::Person {
        family: family.to_string(),
        given: (!given.is_empty()).then(|| given.to_string()),
    }
}

/// `А.`, `Sh.`, `A.N.`, `Ж.-Б.`, `J`: upper-case letters (one or two each)
/// with full stops, or one capital letter alone.
fn is_initials(w: &str) -> bool {
    let parts: Vec<&str> = w.split(['.', '-']).filter(|p| !p.is_empty()).collect();
    let letters_ok = !parts.is_empty()
        && parts.iter().all(|p| {
            p.chars().count() <= 2
                && p.chars().next().is_some_and(char::is_uppercase)
                && p.chars().all(char::is_alphabetic)
        });
    letters_ok && (w.ends_with('.') || w.chars().count() == 1)
}

#[cfg(test)]
mod tests {
    use super::Name;

    fn split(s: &str) -> String {
        match Name::split(s).unwrap() {
            Name::Person { family, given } => format!("{family} | {}", given.unwrap_or_default()),
            Name::Literal(l) => format!("literal {l}"),
        }
    }

    #[test]
    fn written_forms_are_split() {
        assert_eq!(split("Kadishev A. B."), "Kadishev | A. B.");
        assert_eq!(split("Кадишев А. Б."), "Кадишев | А. Б.");
        assert_eq!(split("Ленин В.И."), "Ленин | В.И.");
        assert_eq!(split("Əliyarlı İ."), "Əliyarlı | İ.");
        assert_eq!(split("Guseynov Sh."), "Guseynov | Sh.");
        assert_eq!(split("И. О. Фамилия"), "Фамилия | И. О.");
        assert_eq!(split("Yamskov, A. N."), "Yamskov | A. N.");
        assert_eq!(split("Arsène Saparov"), "Saparov | Arsène");
        assert_eq!(split("Ludwig van Beethoven"), "van Beethoven | Ludwig");
        assert_eq!(split("Мустафа-заде"), "Мустафа-заде | ");
        assert_eq!(split("  Altstadt "), "Altstadt | ");
    }

    #[test]
    fn unclear_forms_stay_whole() {
        assert_eq!(
            split("Republic of Azerbaijan"),
            "literal Republic of Azerbaijan"
        );
        assert_eq!(split("RGASPI Archive"), "literal RGASPI Archive");
        assert_eq!(
            split("Azərbaycan Respublikası Mədəniyyət Nazirliyi"),
            "literal Azərbaycan Respublikası Mədəniyyət Nazirliyi"
        );
        assert_eq!(split("Committee 1920"), "literal Committee 1920");
        assert_eq!(Name::split("  "), None);
    }

    #[test]
    fn display_is_family_comma_given() {
        assert_eq!(
            Name::split("Kadishev A. B.").unwrap().display(),
            "Kadishev, A. B."
        );
        assert_eq!(Name::split("Altstadt").unwrap().display(), "Altstadt");
    }
}
