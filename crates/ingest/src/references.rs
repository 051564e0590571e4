//! Recognising reference entries: wiki reference lines (`^ …`,
//! `  129. ^ a b …`), entries under a reference heading, and bibliographies
//! without a heading (runs of lines shaped like citations).

use chronicle_core::{Edit, MappedText};

use crate::clean::{Cleaner, normalise_whitespace};

/// The parts of a block that is a reference entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefLine {
    /// The entry's number when the list gives one.
    pub label: Option<String>,
    /// Where the entry's own text starts in the block text.
    pub body_start: usize,
}

/// Recognises a reference line. Lines starting with `^` (optionally after a
/// number: `129. ^`) are reference lines anywhere; inside a reference section
/// (`in_section`), numbered or bulleted lines and plain lines are entries too.
pub fn reference_line(text: &str, in_section: bool) -> Option<RefLine> {
    let lead = text.len() - text.trim_start().len();
    let t = &text[lead..];
    if let Some(rest) = t.strip_prefix('^') {
        return Some(RefLine {
            label: None,
            body_start: lead + 1 + (rest.len() - rest.trim_start().len()),
        });
    }
    let digits = t.bytes().take_while(|b| b.is_ascii_digit()).count();
    if (1..=4).contains(&digits) && matches!(t.as_bytes().get(digits), Some(b'.') | Some(b')')) {
        let after = &t[digits + 1..];
        let trimmed = after.trim_start();
        if let Some(rest) = trimmed.strip_prefix('^') {
            return Some(RefLine {
                label: Some(t[..digits].to_string()),
                body_start: text.len() - rest.trim_start().len(),
            });
        }
        if in_section && trimmed.len() < after.len() {
            return Some(RefLine {
                label: Some(t[..digits].to_string()),
                body_start: text.len() - trimmed.len(),
            });
        }
    }
    if !in_section {
        return None;
    }
    if let Some(rest) = t.strip_prefix('[') {
        let close = rest.find(']')?;
        let label = &rest[..close];
        if !label.is_empty() && label.len() <= 4 && label.bytes().all(|b| b.is_ascii_digit()) {
            let body = rest[close + 1..].trim_start();
            return Some(RefLine {
                label: Some(label.to_string()),
                body_start: text.len() - body.len(),
            });
        }
    }
    for bullet in ['•', '*', '-', '–'] {
        if let Some(rest) = t.strip_prefix(bullet)
            && rest.starts_with(' ')
        {
            return Some(RefLine {
                label: None,
                body_start: text.len() - rest.trim_start().len(),
            });
        }
    }
    Some(RefLine {
        label: None,
        body_start: lead,
    })
}

/// The entry text without its list prefix, back-link letters (`a b c`) and
/// citation-tool debris, whitespace normalised.
pub fn clean_reference(raw: &MappedText, line: &RefLine) -> MappedText {
    let text = raw.text();
    let mut start = line.body_start;
    start += backlink_len(&text[start..]);
    let end = Cleaner::shared()
        .reference_debris_at(&text[start..])
        .map_or(text.len(), |p| start + p);
    let mut edits = vec![Edit::delete(0..start)];
    if end < text.len() {
        edits.push(Edit::delete(end..text.len()));
    }
    normalise_whitespace(&raw.apply(&edits))
}

/// Length of a run of single-letter back-links (`a b c `) before a word that
/// does not start with a lowercase ASCII letter.
fn backlink_len(s: &str) -> usize {
    let b = s.as_bytes();
    let mut i = 0;
    let mut letters = 0;
    while i + 1 < b.len() && b[i].is_ascii_lowercase() && b[i + 1] == b' ' {
        i += 2;
        letters += 1;
    }
    if letters == 0 {
        return 0;
    }
    match s[i..].chars().next() {
        Some(c) if !c.is_ascii_lowercase() => i,
        _ => 0,
    }
}

/// Whether a line looks like a bibliography entry: it has a year, and it
/// starts with an author name followed by initials, or ends in
/// `Place, YEAR.`, or cites a journal (`//`), or has an author-date
/// `(YEAR)`, or a language note `(In Russian).`
pub fn looks_bibliographic(text: &str) -> bool {
    let t = text.trim();
    if t.len() > 1200 {
        return false;
    }
    // The shapes look at the ends of the line; the year scan reads it all.
    (starts_with_author(t)
        || ends_with_place_year(t)
        || Cleaner::shared().ends_with_language_note(t)
        || author_date(t)
        || t.contains(" // "))
        && has_year(t)
}

fn is_year(s: &str) -> bool {
    s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && matches!(&s[..2], "15" | "16" | "17" | "18" | "19" | "20")
}

fn has_year(t: &str) -> bool {
    t.split(|c: char| !c.is_ascii_digit()).any(is_year)
}

/// `Surname I.` / `Surname, I. I.` / `Surname I., Other`.
fn starts_with_author(t: &str) -> bool {
    let mut words = t.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let first = first.trim_end_matches(',');
    let mut chars = first.chars();
    if !chars.next().is_some_and(char::is_uppercase) || first.chars().count() < 2 {
        return false;
    }
    if !first
        .chars()
        .all(|c| c.is_alphabetic() || c == '-' || c == '\'' || c == '’')
    {
        return false;
    }
    let Some(second) = words.next() else {
        return false;
    };
    is_initial(second)
}

/// `A.`, `A.,`, `Sh.`, `A.B.`
fn is_initial(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    let Some(body) = w.strip_suffix('.') else {
        return false;
    };
    let parts: Vec<&str> = body.split('.').collect();
    parts.iter().all(|p| {
        let mut cs = p.chars();
        matches!(cs.next(), Some(c) if c.is_uppercase())
            && p.chars().count() <= 2
            && cs.all(char::is_lowercase)
    })
}

/// Ends like `Баку, 1980.` or `Bakı, 2009`.
fn ends_with_place_year(t: &str) -> bool {
    let t = t.trim_end_matches('.');
    let Some((head, year)) = t.rsplit_once(' ') else {
        return false;
    };
    is_year(year) && head.ends_with(',')
}

/// `Author (1980), Title` or `Author (2024). Title`.
fn author_date(t: &str) -> bool {
    let head = t.char_indices().nth(200).map_or(t, |(i, _)| &t[..i]);
    head.match_indices('(').any(|(i, _)| {
        let rest = &head[i + 1..];
        rest.get(..4).is_some_and(is_year) && rest.get(4..).is_some_and(|r| r.starts_with(')'))
    })
}

/// Indices (into `flags`) of blocks that belong to a bibliography: runs of at
/// least three bibliographic lines, where up to two other short lines between
/// two bibliographic lines (archive shelf marks without a year) belong to the
/// run as well. `flags[i]` is `Some(true)` for a bibliographic line,
/// `Some(false)` for another line that may be absorbed, `None` for a barrier
/// (a heading, or a line that cannot be part of a bibliography).
pub fn bibliography_runs(flags: &[Option<bool>]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let mut hits = 0;
    let mut gap: Vec<usize> = Vec::new();
    let close = |run: &mut Vec<usize>, hits: &mut usize, out: &mut Vec<usize>| {
        if *hits >= 3 {
            out.append(run);
        }
        run.clear();
        *hits = 0;
    };
    for (i, f) in flags.iter().enumerate() {
        match f {
            Some(true) => {
                if !run.is_empty() {
                    run.append(&mut gap);
                }
                gap.clear();
                run.push(i);
                hits += 1;
            }
            Some(false) if !run.is_empty() && gap.len() < 2 => gap.push(i),
            _ => {
                gap.clear();
                close(&mut run, &mut hits, &mut out);
            }
        }
    }
    close(&mut run, &mut hits, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiki_reference_lines() {
        let l = reference_line("  129. ^ a b Author 1960, p. 243.", false).unwrap();
        assert_eq!(l.label.as_deref(), Some("129"));
        let raw = MappedText::identity(
            "  129. ^ a b Author 1960, p. 243. sfn error: no target (help)",
            0,
        );
        assert_eq!(clean_reference(&raw, &l).text(), "Author 1960, p. 243.");
        let l = reference_line("^Someone, A. N. (1991). A title.", false).unwrap();
        assert_eq!(l.label, None);
        assert!(reference_line("3. The final system of government.", false).is_none());
        assert!(reference_line("3. The final system of government.", true).is_some());
    }

    #[test]
    fn backlinks_need_a_capital_after_them() {
        assert_eq!(backlink_len("a b c Smith 1990"), 6);
        assert_eq!(backlink_len("a study of things"), 0);
        assert_eq!(backlink_len("Smith"), 0);
    }

    #[test]
    fn bibliographic_shapes() {
        for t in [
            "Иванов И. И. Очерки истории края. Москва, 1965.",
            "Əliyev R., Həsənov T. Kitabın adı. Bakı, 2008.",
            "Smith J. (1999), A History of Something, Press, London. (In English).",
            "Petrov P. Article title // Journal of Things, 2012, No. 3.",
        ] {
            assert!(looks_bibliographic(t), "{t}");
        }
        for t in [
            "The army entered the city in April 1920 and the government fell.",
            "Without a year: Иванов И. И. Очерки истории края.",
            "Ахмед (Ганджа) пісаў (ёсць) лісты",
        ] {
            assert!(!looks_bibliographic(t), "{t}");
        }
    }

    #[test]
    fn runs_absorb_short_gaps_but_need_three_hits() {
        let y = Some(true);
        let n = Some(false);
        assert_eq!(
            bibliography_runs(&[n, y, y, n, n, y, n]),
            vec![1, 2, 3, 4, 5]
        );
        assert!(bibliography_runs(&[y, y, n, n, n, y]).is_empty());
        assert!(bibliography_runs(&[y, y, None, y]).is_empty());
    }
}
