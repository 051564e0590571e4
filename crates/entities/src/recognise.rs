//! Finding names in sentences: capitalised runs, their cues, and their type.
//!
//! A *run* is a sequence of capitalised words inside one sentence, joined by
//! single spaces, initials (`М. Д.`), name particles (`bey`, `бек`) and
//! connectors (`of`). What the sentence says around a run gives its type:
//!
//! | cue | type | strength |
//! |---|---|---|
//! | an organisation head word inside or right after (`Party`, `армія`, `partiyası`) | ORG | 3 |
//! | a title before (`Governor`, `генерал`), a name particle, an initial, a patronymic | PERSON | 3 |
//! | a place head word next to it (`X şəhəri`, `city of X`) | PLACE | 3 |
//! | two or more name words, the last with a surname ending (`Mikhail Tukhachevsky`) | PERSON | 3 |
//! | a gazetteer place (curated 3, 100,000 people or more 2, else 1) | PLACE | 1–3 |
//! | a surname ending alone (`Sultanov`) | PERSON | 1 |
//! | two or more name words none of which the document uses in lowercase | PERSON | 1 |
//!
//! A run at the start of a sentence, in a heading or in an infobox fragment
//! is a name only with evidence: a cue, a gazetteer place, or the same word
//! capitalised in the middle of a sentence elsewhere in the document; a word
//! the document also uses in lowercase, or one listed in `not_names`, is
//! dropped from the start of such a run. Month and weekday words (the
//! `[time]` data) are never names.

use chronicle_core::{BlockKind, Document, EntityType, Mention, UNDETERMINED};
use chronicle_gazetteer::Gazetteer;
use chronicle_lang::LangData;
use chronicle_names::Names;
use rustc_hash::{FxHashMap, FxHashSet};

/// The cue words of one language (or of all languages merged).
#[derive(Default)]
struct Cues {
    titles: FxHashSet<String>,
    title_words: usize,
    particles: FxHashSet<String>,
    patronymics: Vec<String>,
    surname_endings: Vec<String>,
    org_heads: FxHashSet<String>,
    org_words: usize,
    place_heads: FxHashSet<String>,
    place_words: usize,
    connectors: FxHashSet<String>,
    not_names: FxHashSet<String>,
    calendar: FxHashSet<String>,
}

fn phrase_key(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Cues {
    fn add(&mut self, d: &LangData) {
        let n = &d.names;
        let words = |s: &String| s.split_whitespace().count();
        for t in &n.person_titles {
            self.title_words = self.title_words.max(words(t));
            self.titles.insert(phrase_key(t));
        }
        for h in &n.org_heads {
            self.org_words = self.org_words.max(words(h));
            self.org_heads.insert(phrase_key(h));
        }
        for h in &n.place_heads {
            self.place_words = self.place_words.max(words(h));
            self.place_heads.insert(phrase_key(h));
        }
        self.particles.extend(n.name_particles.iter().cloned());
        self.connectors.extend(n.connectors.iter().cloned());
        self.not_names.extend(n.not_names.iter().cloned());
        self.patronymics
            .extend(n.patronymic_endings.iter().cloned());
        self.surname_endings
            .extend(n.surname_endings.iter().cloned());
        for forms in d.time.months.iter().chain(&d.time.weekdays) {
            self.calendar
                .extend(forms.iter().filter(|f| !f.contains(' ')).cloned());
        }
    }

    fn finish(&mut self) {
        for list in [&mut self.patronymics, &mut self.surname_endings] {
            list.sort();
            list.dedup();
        }
    }
}

/// The mention recogniser: cue words of every language and the gazetteer.
pub struct Recogniser {
    langs: FxHashMap<String, Cues>,
    all: Cues,
    names: &'static Names,
    gazetteer: &'static Gazetteer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `Baku`, `Шушы`, `M` (one capital letter), `AC(b)P`-like acronyms.
    Cap,
    Upper,
    Lower,
    Number,
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    start: usize,
    end: usize,
    shape: Shape,
}

fn shape_of(w: &str) -> Shape {
    let mut chars = w.chars();
    let first = chars.next().unwrap_or(' ');
    if first.is_numeric() {
        return Shape::Number;
    }
    if !first.is_uppercase() {
        return Shape::Lower;
    }
    let mut letters = 1;
    let mut lower = false;
    for c in chars {
        if c.is_alphabetic() {
            letters += 1;
            lower |= c.is_lowercase();
        }
    }
    if letters > 1 && !lower {
        Shape::Upper
    } else {
        Shape::Cap
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || chronicle_names_mark(c)
}

fn chronicle_names_mark(c: char) -> bool {
    // Combining marks inside a word (decomposed Vietnamese, Cyrillic й).
    ('\u{0300}'..='\u{036F}').contains(&c)
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '\'' | '’' | 'ʼ')
}

/// Words of a sentence: runs of letters and digits, with apostrophes and
/// hyphens inside (`Nagorno-Karabakh`, `Bakı'da`, `з'езд`).
fn words(text: &str, base: usize, out: &mut Vec<Tok>) {
    out.clear();
    let mut start: Option<usize> = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start {
            let next_is_word = iter.peek().is_some_and(|(_, n)| is_word_char(*n));
            if is_joiner(c) && next_is_word {
                continue;
            }
            out.push(Tok {
                start: base + s,
                end: base + i,
                shape: shape_of(&text[s..i]),
            });
            start = None;
        }
    }
    if let Some(s) = start {
        out.push(Tok {
            start: base + s,
            end: base + text.len(),
            shape: shape_of(&text[s..]),
        });
    }
}

/// A name found in a sentence, before it becomes a [`Mention`].
struct Run {
    first: usize,
    last: usize,
    kind: Option<EntityType>,
    cue: u8,
    place: Option<u32>,
    role: Option<String>,
}

/// Words of a document that decide whether a sentence-initial word is a name.
#[derive(Default)]
struct Evidence {
    /// Lowercased words seen capitalised in the middle of a sentence.
    mid_caps: FxHashSet<String>,
    /// Words seen in lowercase.
    lower: FxHashSet<String>,
}

impl Default for Recogniser {
    fn default() -> Self {
        Recogniser::new()
    }
}

impl Recogniser {
    pub fn new() -> Recogniser {
        let mut langs = FxHashMap::default();
        let mut all = Cues::default();
        for d in chronicle_lang::all() {
            let mut c = Cues::default();
            c.add(d);
            c.finish();
            all.add(d);
            langs.insert(d.code.clone(), c);
        }
        all.finish();
        Recogniser {
            langs,
            all,
            names: Names::shared(),
            gazetteer: Gazetteer::shared(),
        }
    }

    /// The recogniser built once per process.
    pub fn shared() -> &'static Recogniser {
        static R: std::sync::OnceLock<Recogniser> = std::sync::OnceLock::new();
        R.get_or_init(Recogniser::new)
    }

    fn cues(&self, lang: &str) -> &Cues {
        self.langs.get(lang).unwrap_or(&self.all)
    }

    /// Mentions of a document, in document order. Reference lists are
    /// skipped (their names are citations, not narrative).
    pub fn tag_document(&self, doc: &Document) -> Vec<Mention> {
        let main = doc.main_lang().unwrap_or(UNDETERMINED);
        let mut toks = Vec::new();
        let ev = self.evidence(doc, &mut toks);
        let mut out = Vec::new();
        for (pi, para) in doc.paragraphs.iter().enumerate() {
            if para.kind == BlockKind::Reference {
                continue;
            }
            let strict = para.kind != BlockKind::Narrative;
            let text = para.text.text();
            for (si, s) in para.sentences.iter().enumerate() {
                let lang = [s.lang.as_str(), para.lang.as_str(), main]
                    .into_iter()
                    .find(|l| *l != UNDETERMINED && self.langs.contains_key(*l))
                    .unwrap_or(UNDETERMINED);
                words(&text[s.start..s.end], s.start, &mut toks);
                for run in self.runs(text, &toks, lang, &ev, strict) {
                    let (a, b) = (toks[run.first].start, toks[run.last].end);
                    out.push(Mention {
                        paragraph: pi,
                        sentence: si,
                        span: para.text.span_to_source(a..b),
                        start: a,
                        end: b,
                        text: text[a..b].to_string(),
                        lang: lang.to_string(),
                        kind: run.kind,
                        cue: run.cue,
                        place: run.place.map(|p| self.gazetteer.place(p).id.clone()),
                        role: run.role,
                    });
                }
            }
        }
        out
    }

    fn evidence(&self, doc: &Document, toks: &mut Vec<Tok>) -> Evidence {
        let mut ev = Evidence::default();
        for para in &doc.paragraphs {
            if para.kind != BlockKind::Narrative {
                continue;
            }
            let text = para.text.text();
            for s in &para.sentences {
                words(&text[s.start..s.end], s.start, toks);
                for (i, t) in toks.iter().enumerate() {
                    let w = &text[t.start..t.end];
                    match t.shape {
                        Shape::Lower if !ev.lower.contains(w) => {
                            ev.lower.insert(w.to_string());
                        }
                        Shape::Cap if i > 0 && !after_stop(text, toks[i - 1].end, t.start) => {
                            let l = w.to_lowercase();
                            if !ev.mid_caps.contains(&l) {
                                ev.mid_caps.insert(l);
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        ev
    }

    fn lower(&self, w: &str, lang: &str) -> String {
        self.names.lowercase(w, lang)
    }

    /// Tokens `first..=end`, lowercased, joined by single spaces.
    fn phrase(&self, text: &str, toks: &[Tok], first: usize, end: usize, lang: &str) -> String {
        (first..=end)
            .map(|k| self.lower(&text[toks[k].start..toks[k].end], lang))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Length in words of the phrase of `set` that ends at token `end`
    /// (inclusive), if any, trying the longest first.
    fn phrase_ending(
        &self,
        text: &str,
        toks: &[Tok],
        end: usize,
        set: &FxHashSet<String>,
        max: usize,
        lang: &str,
    ) -> usize {
        let spans = (1..=max.min(end + 1)).rev().map(|n| (end + 1 - n, end));
        self.longest_phrase(text, toks, set, lang, spans)
    }

    /// Length in words of the phrase of `set` that starts at token `first`,
    /// if any, trying the longest first.
    fn phrase_starting(
        &self,
        text: &str,
        toks: &[Tok],
        first: usize,
        set: &FxHashSet<String>,
        max: usize,
        lang: &str,
    ) -> usize {
        let spans = (1..=max.min(toks.len() - first))
            .rev()
            .map(|n| (first, first + n - 1));
        self.longest_phrase(text, toks, set, lang, spans)
    }

    /// The length in words of the first span, from longest to shortest,
    /// whose words are separated by plain spaces and whose phrase is in
    /// `set`; 0 when none is.
    fn longest_phrase(
        &self,
        text: &str,
        toks: &[Tok],
        set: &FxHashSet<String>,
        lang: &str,
        spans: impl Iterator<Item = (usize, usize)>,
    ) -> usize {
        for (first, end) in spans {
            let gaps_ok =
                (first..end).all(|k| gap(text, toks[k].end, toks[k + 1].start) == Gap::Space);
            if gaps_ok && set.contains(&self.phrase(text, toks, first, end, lang)) {
                return end - first + 1;
            }
        }
        0
    }

    fn runs(&self, text: &str, toks: &[Tok], lang: &str, ev: &Evidence, strict: bool) -> Vec<Run> {
        let cues = self.cues(lang);
        let mut out = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let t = toks[i];
            if !matches!(t.shape, Shape::Cap | Shape::Upper) {
                i += 1;
                continue;
            }
            // Titles: `Governor Khosrov…`, `Prime Minister Hajinski`, and
            // lowercase ones before (`генерал Дзянікін`).
            let mut first = i;
            let mut role = None;
            let title_len =
                self.phrase_starting(text, toks, i, &cues.titles, cues.title_words, lang);
            if title_len > 0 && i + title_len < toks.len() {
                let next = toks[i + title_len];
                if next.shape == Shape::Cap
                    && gap(text, toks[i + title_len - 1].end, next.start) == Gap::Space
                {
                    role = Some(self.lower(&text[t.start..toks[i + title_len - 1].end], lang));
                    first = i + title_len;
                }
            }
            if role.is_none() && i > 0 && gap(text, toks[i - 1].end, t.start) == Gap::Space {
                let n = self.phrase_ending(text, toks, i - 1, &cues.titles, cues.title_words, lang);
                if n > 0 && toks[i - 1].shape == Shape::Lower {
                    role = Some(self.lower(&text[toks[i - n].start..toks[i - 1].end], lang));
                }
            }
            let (last, particle, initials) = self.extend(text, toks, first, lang, cues);
            let initial_pos =
                first == 0 || after_stop(text, toks[first - 1].end, toks[first].start);
            let (run, next) = self.judge(
                text,
                toks,
                first,
                last,
                role,
                particle,
                initials,
                initial_pos || strict,
                lang,
                ev,
            );
            i = next.max(i + 1);
            out.extend(run);
        }
        out
    }

    /// Extends a run from its first word; returns its last token and whether
    /// it holds a name particle or initials.
    /// A word with an apostrophe suffix (`Denikin’s`, `Bakı'da`) ends a name.
    fn possessive(&self, w: &str, lang: &str) -> bool {
        w.contains(['\'', '’', 'ʼ']) && {
            let stems = self.names.stems(w, lang);
            stems.len() == 1 && stems[0] != w
        }
    }

    fn extend(
        &self,
        text: &str,
        toks: &[Tok],
        first: usize,
        lang: &str,
        cues: &Cues,
    ) -> (usize, bool, bool) {
        let mut last = first;
        if self.possessive(&text[toks[first].start..toks[first].end], lang) {
            return (first, false, false);
        }
        let mut particle = false;
        let mut initials = is_initial(text, toks[first]);
        let mut k = first + 1;
        while k < toks.len() {
            let g = gap(text, toks[k - 1].end, toks[k].start);
            let prev_initial = is_initial(text, toks[k - 1]);
            let ok_gap = g == Gap::Space || (g == Gap::DotSpace && prev_initial);
            if !ok_gap {
                break;
            }
            let t = toks[k];
            let w = &text[t.start..t.end];
            let lw = self.lower(w, lang);
            if cues.calendar.contains(&lw) {
                break;
            }
            if cues.particles.contains(&lw) {
                particle = true;
                last = k;
                k += 1;
                continue;
            }
            match t.shape {
                Shape::Cap | Shape::Upper => {
                    if is_initial(text, t) {
                        // `Tomsonun F. Xoyskinin`: an initial after a full
                        // name starts the next person.
                        let names_before = (first..k)
                            .filter(|&j| {
                                !is_initial(text, toks[j])
                                    && !cues.particles.contains(
                                        &self.lower(&text[toks[j].start..toks[j].end], lang),
                                    )
                            })
                            .count();
                        if names_before >= 2 {
                            break;
                        }
                        initials = true;
                    }
                    last = k;
                    k += 1;
                    if self.possessive(w, lang) {
                        break;
                    }
                }
                Shape::Lower if cues.connectors.contains(&lw) => {
                    // Only between two capitalised words.
                    let next = toks.get(k + 1);
                    let joins = next.is_some_and(|n| {
                        n.shape == Shape::Cap && gap(text, t.end, n.start) == Gap::Space
                    });
                    if !joins {
                        break;
                    }
                    k += 1;
                }
                _ => break,
            }
        }
        // A trailing particle that no name follows stays (`Nasib bey`); a
        // dangling connector never gets in because `last` moves only on
        // names and particles.
        if initials && last == first && is_initial(text, toks[first]) {
            // A lone initial is not a name.
            return (first, particle, false);
        }
        (last, particle, initials)
    }

    /// Whether a word (or one of its stems) is used in lowercase in the
    /// document, or capitalised mid-sentence.
    fn seen(&self, set: &FxHashSet<String>, lw: &str, lang: &str) -> bool {
        set.contains(lw)
            || self
                .names
                .stems(lw, lang)
                .iter()
                .skip(1)
                .any(|s| set.contains(*s))
    }

    /// Decides whether tokens `first..=last` hold a name, where it ends and
    /// what it is. Returns the run (if any) and the token to go on from.
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &self,
        text: &str,
        toks: &[Tok],
        mut first: usize,
        mut last: usize,
        role: Option<String>,
        particle: bool,
        initials: bool,
        initial_pos: bool,
        lang: &str,
        ev: &Evidence,
    ) -> (Option<Run>, usize) {
        let cues = self.cues(lang);
        let word = |k: usize| &text[toks[k].start..toks[k].end];
        let lower = |k: usize| self.lower(word(k), lang);
        // Words that never start a name, and sentence-initial common words.
        while first <= last {
            let w = word(first);
            let lw = lower(first);
            let common = cues.not_names.contains(&lw)
                || cues.calendar.contains(&lw)
                || cues.particles.contains(&lw)
                || is_roman_numeral(w)
                || ((initial_pos
                    || first > 0 && after_stop(text, toks[first - 1].end, toks[first].start))
                    && self.seen(&ev.lower, &lw, lang)
                    && !self.seen(&ev.mid_caps, &lw, lang));
            if !common {
                break;
            }
            first += 1;
        }
        if first > last {
            return (None, last + 1);
        }
        let initial_pos =
            initial_pos || first > 0 && after_stop(text, toks[first - 1].end, toks[first].start);
        // A known place at the start of a longer name without other cues
        // is a name of its own (`Naxçıvan Muxtar Respublikası Ermənistanla`,
        // an infobox's `Azerbaijan Soviet Socialist Republic Chingiz Ildyrym`).
        let person_like = |last: usize| {
            last > first
                && self
                    .names
                    .stems(&lower(last), lang)
                    .iter()
                    .any(|s| ends_with_any(s, &cues.surname_endings, 3))
        };
        let mut known_place = false;
        if last > first && role.is_none() && !particle && !initials {
            for end in (first..=last).rev() {
                if end == first && person_like(last) {
                    break;
                }
                let surface = &text[toks[first].start..toks[end].end];
                if let Some((p, _)) = self.lookup(surface, lang) {
                    let place = self.gazetteer.place(p);
                    if place.curated {
                        last = end;
                        known_place = end > first;
                        break;
                    }
                }
            }
        }
        // An organisation's head word ends its name unless a connector
        // follows (`… Socialist Republic Mikhail Tukhachevsky`, but `Council
        // of Ministers`).
        if !known_place
            && let Some(p) = (first..last).find(|&k| {
                cues.org_heads.contains(&lower(k)) && !cues.connectors.contains(&lower(k + 1))
            })
        {
            last = p;
        }
        // In headings, infoboxes and at the start of a sentence, leading
        // words that the document never capitalises mid-sentence are not
        // part of the name when later words are (`Сыход Андраніка`).
        if initial_pos && last > first {
            let evidence = |k: usize| self.seen(&ev.mid_caps, &lower(k), lang);
            if !evidence(first)
                && (first + 1..=last).any(evidence)
                && self.lookup(word(first), lang).is_none()
            {
                while first < last && !evidence(first) {
                    first += 1;
                }
            }
        }
        while last > first && cues.particles.contains(&lower(last)) && role.is_none() && !particle {
            last -= 1;
        }
        let next = last + 1;
        let name_words: Vec<usize> = (first..=last)
            .filter(|&k| {
                let lw = lower(k);
                !cues.particles.contains(&lw) && !cues.connectors.contains(&lw)
            })
            .collect();
        if name_words.is_empty() {
            return (None, next);
        }
        let lowers: Vec<String> = (first..=last).map(lower).collect();
        let mut run = Run {
            first,
            last,
            kind: None,
            cue: 0,
            place: None,
            role,
        };
        let last_word = lower(*name_words.last().unwrap_or(&last));
        let stems = self.names.stems(&last_word, lang);
        let surname = stems
            .iter()
            .any(|s| ends_with_any(s, &cues.surname_endings, 3));
        let several = name_words.len() >= 2;
        let possessive = self.possessive(word(last), lang);
        // Organisation heads inside the run or right after it (not after a
        // person's full name: `Anton Denikin ordusuna` is his army).
        let org_inside = lowers.iter().any(|w| cues.org_heads.contains(w));
        let mut org_after = 0;
        if !(possessive || surname && several)
            && last + 1 < toks.len()
            && gap(text, toks[last].end, toks[last + 1].start) == Gap::Space
        {
            org_after =
                self.phrase_starting(text, toks, last + 1, &cues.org_heads, cues.org_words, lang);
        }
        if org_inside || org_after > 0 {
            run.last = last + org_after;
            // `11th Red Army`, `XI Ordu`: the unit's number belongs to it.
            if first > 0
                && (toks[first - 1].shape == Shape::Number || is_roman_numeral(word(first - 1)))
                && gap(text, toks[first - 1].end, toks[first].start) == Gap::Space
            {
                run.first = first - 1;
            }
            run.kind = Some(EntityType::Org);
            run.cue = 3;
            let next = run.last + 1;
            return (Some(run), next);
        }
        let patronymic = name_words
            .iter()
            .any(|&k| ends_with_any(&lower(k), &cues.patronymics, 4));
        if run.role.is_some() || particle || initials || patronymic {
            run.kind = Some(EntityType::Person);
            run.cue = 3;
            return (Some(run), next);
        }
        // Place heads: `Bakı şəhəri`, `the city of Baku`, `горад Баку`.
        let head_after = last + 1 < toks.len()
            && gap(text, toks[last].end, toks[last + 1].start) == Gap::Space
            && self.phrase_starting(
                text,
                toks,
                last + 1,
                &cues.place_heads,
                cues.place_words,
                lang,
            ) > 0;
        let head_before = first > 0 && {
            let mut k = first - 1;
            if cues.connectors.contains(&lower(k)) && k > 0 {
                k -= 1;
            }
            toks[k].shape == Shape::Lower
                && self.phrase_ending(text, toks, k, &cues.place_heads, cues.place_words, lang) > 0
        };
        let surface = &text[toks[first].start..toks[last].end];
        let mut hit = self.lookup(surface, lang);
        if hit.is_none() && first == last && surface.contains('-') {
            // `Шарур-Нахчыван`: the last part of a compound place name.
            if let Some(pos) = surface.rfind('-') {
                let part = &surface[pos + 1..];
                if let Some(h) = self
                    .lookup(part, lang)
                    .filter(|(p, _)| self.gazetteer.place(*p).curated)
                {
                    hit = Some(h);
                    run.place = Some(h.0);
                }
            }
        }
        run.place = hit.map(|(p, _)| p);
        if head_after || head_before {
            run.kind = Some(EntityType::Place);
            run.cue = 3;
            return (Some(run), next);
        }
        let place_strength = hit.map(|(p, exact)| {
            let place = self.gazetteer.place(p);
            if place.curated {
                3
            } else if place.population >= 100_000 && (exact || !surname) {
                2
            } else {
                1
            }
        });
        let strong_place = place_strength.filter(|s| !surname || *s >= 2);
        if surname && several {
            run.kind = Some(EntityType::Person);
            run.cue = 3;
        } else if let Some(strength) = strong_place {
            run.kind = Some(EntityType::Place);
            run.cue = strength;
        } else if surname {
            // A surname that is also a small place (`Narimanov`) is a person
            // unless the corpus says otherwise.
            run.kind = Some(EntityType::Person);
            run.cue = 1;
        } else if several && lowers.iter().all(|w| !self.seen(&ev.lower, w, lang)) {
            run.kind = Some(EntityType::Person);
            run.cue = 1;
        }
        // At the start of a sentence, in a heading or an infobox, a name
        // without evidence is kept unconfirmed: the corpus decides.
        if initial_pos && run.cue < 2 {
            let known = (first..=last).any(|k| self.seen(&ev.mid_caps, &lower(k), lang));
            if !known {
                if (first..=last).any(|k| self.seen(&ev.lower, &lower(k), lang)) {
                    return (None, next);
                }
                run.kind = None;
                run.cue = 0;
            }
        }
        (Some(run), next)
    }

    /// The best gazetteer place for a name, trying its stems; `true` when the
    /// folded name matched exactly.
    fn lookup(&self, surface: &str, lang: &str) -> Option<(u32, bool)> {
        // Multi-word names are looked up whole; a single word through its
        // stems, the word itself first.
        let stems = if surface.contains(char::is_whitespace) {
            vec![surface]
        } else {
            self.names.stems(surface, lang)
        };
        // Each stem romanised the way of its language and the neutral way
        // (the gazetteer's names carry no language: `Гянджа` → `gyandzha`,
        // Belarusian `Гянджы` → `hyandzhy`).
        for s in stems {
            for l in [lang, ""] {
                let keys = self.names.keys(s, l);
                if let Some(h) = self.gazetteer.find(&keys.fold, &keys.stem).first() {
                    return Some((h.place, h.exact));
                }
            }
        }
        None
    }
}

fn ends_with_any(word: &str, endings: &[String], min_stem: usize) -> bool {
    let n = word.chars().count();
    endings
        .iter()
        .any(|e| word.ends_with(e.as_str()) && n >= e.chars().count() + min_stem)
}

fn is_initial(text: &str, t: Tok) -> bool {
    let w = &text[t.start..t.end];
    let mut c = w.chars();
    c.next().is_some_and(|f| f.is_uppercase())
        && c.next().is_none()
        && text[t.end..].starts_with('.')
}

fn is_roman_numeral(w: &str) -> bool {
    w.len() <= 6
        && w.chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
        && w.len() >= 2
}

#[derive(Debug, PartialEq, Eq)]
enum Gap {
    Space,
    DotSpace,
    Other,
}

fn gap(text: &str, a: usize, b: usize) -> Gap {
    let g = &text[a..b];
    if !g.is_empty() && g.len() <= 3 && g.chars().all(char::is_whitespace) {
        return Gap::Space;
    }
    if let Some(rest) = g.strip_prefix('.')
        && rest.len() <= 3
        && rest.chars().all(char::is_whitespace)
    {
        return Gap::DotSpace;
    }
    Gap::Other
}

/// Whether a word follows the start of its sentence (nothing but opening
/// punctuation before it in the sentence), a colon, or a quote.
fn after_stop(text: &str, prev_end: usize, start: usize) -> bool {
    let g = text[prev_end..start].trim();
    g.ends_with(':') || g.ends_with('«') || g.ends_with('"') || g.ends_with('“') || g.ends_with('„')
}
