//! `chronicle search`, `chronicle reindex` and the index update that ends
//! every ingest.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use chronicle_search::{Filters, SearchError, SearchIndex, SearchRequest, UnitKind, Update};
use chronicle_store::Store;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::exit;

#[derive(clap::Args, Debug)]
pub struct SearchArgs {
    /// The query: words (all required), "quoted phrases", `A OR B`,
    /// `-excluded`. A name in one script also finds its other scripts and
    /// inflections (Shusha → Шушы, Şuşa) unless --no-expand is given.
    /// Quote a query that starts with `-` (`"-Baku Shusha"`).
    #[arg(required_unless_present_any = ["lang", "doc", "entity", "place", "kind", "from", "to"])]
    query: Vec<String>,
    /// Only sentences in these languages (ISO 639-1; repeat or separate
    /// with commas).
    #[arg(long, value_delimiter = ',')]
    lang: Vec<String>,
    /// Only these documents (file name or store id).
    #[arg(long, value_delimiter = ',')]
    doc: Vec<String>,
    /// Only sentences mentioning these entities (ids from `chronicle
    /// entities`).
    #[arg(long, value_delimiter = ',')]
    entity: Vec<String>,
    /// Only sentences naming these places (entity ids).
    #[arg(long, value_delimiter = ',')]
    place: Vec<String>,
    /// Only sentences telling events of these classes (capture, arrive,
    /// resign…).
    #[arg(long = "type", value_delimiter = ',')]
    kind: Vec<String>,
    /// Only sentences whose event time overlaps this date or later (EDTF:
    /// 1920, 1920-04, 1920-04-27).
    #[arg(long)]
    from: Option<String>,
    /// Only sentences whose event time overlaps this date or earlier.
    #[arg(long)]
    to: Option<String>,
    /// Search whole paragraphs instead of sentences.
    #[arg(long, value_parser = ["sentence", "paragraph"], default_value = "sentence")]
    unit: String,
    /// Search the words as written only: no transliteration, no entity
    /// aliases.
    #[arg(long)]
    no_expand: bool,
    /// Results per page (1 to 100).
    #[arg(long, default_value_t = 10)]
    limit: usize,
    /// Results to skip (for paging).
    #[arg(long, default_value_t = 0)]
    offset: usize,
    /// Do not count facets (languages, documents, entities, places, event
    /// types).
    #[arg(long)]
    no_facets: bool,
}

#[derive(clap::Args, Debug)]
pub struct ReindexArgs {
    /// Do not show the progress bar.
    #[arg(short, long)]
    quiet: bool,
}

/// Brings the store's search index up to date (everything when `rebuild`),
/// showing progress on `bar`.
pub fn update_index(store: &Store, rebuild: bool, bar: &ProgressBar) -> Result<Update> {
    let dir = chronicle_search::index_dir(store.dir());
    let index = SearchIndex::open_or_create(&dir)
        .with_context(|| format!("cannot open the search index at {}", dir.display()))?;
    let mut progress = |done: usize, total: usize| {
        if done == 1 {
            bar.set_length(total as u64);
            bar.set_position(0);
            bar.set_style(
                ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} documents")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
        }
        bar.set_position(done as u64);
    };
    index
        .update(store, rebuild, &mut progress)
        .with_context(|| format!("cannot update the search index at {}", dir.display()))
}

pub fn reindex(store_dir: &Path, json: bool, args: ReindexArgs) -> Result<u8> {
    let started = Instant::now();
    let store = crate::open_read(store_dir)?;
    let bar = if args.quiet || json {
        ProgressBar::hidden()
    } else {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr())
    };
    bar.set_message("indexing");
    let update = update_index(&store, true, &bar)?;
    bar.finish_and_clear();
    if json {
        out!("{}", serde_json::to_string_pretty(&update)?);
    } else {
        out!(
            "indexed {} documents ({} sentences and paragraphs, {} entities) in {:.1} s",
            update.added + update.updated,
            update.units,
            update.entities,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(exit::OK)
}

fn request(args: &SearchArgs) -> Result<SearchRequest> {
    Ok(SearchRequest {
        query: args.query.join(" "),
        filters: Filters {
            langs: args.lang.clone(),
            docs: args.doc.clone(),
            entities: args.entity.clone(),
            places: args.place.clone(),
            types: args.kind.clone(),
            from: args.from.clone(),
            to: args.to.clone(),
            unit: UnitKind::parse(&args.unit)?,
        },
        expand: !args.no_expand,
        limit: args.limit,
        offset: args.offset,
        facets: !args.no_facets,
    })
}

/// The text with each highlight in [brackets].
fn marked(text: &str, spans: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + spans.len() * 2);
    let mut at = 0;
    for &(s, e) in spans {
        if s < at || e > text.len() {
            continue;
        }
        out.push_str(&text[at..s]);
        out.push('[');
        out.push_str(&text[s..e]);
        out.push(']');
        at = e;
    }
    out.push_str(&text[at..]);
    out
}

pub fn search(store_dir: &Path, json: bool, args: SearchArgs) -> Result<u8> {
    let dir: PathBuf = chronicle_search::index_dir(store_dir);
    let req = request(&args)?;
    let index = SearchIndex::open(&dir, store_dir)?;
    let results = match index.search(&req) {
        Ok(r) => r,
        Err(SearchError::BadQuery(m)) => {
            eprintln!("chronicle: error: {m}");
            return Ok(exit::USAGE);
        }
        Err(e) => return Err(e.into()),
    };
    if json {
        out!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(exit::OK);
    }
    let shown = results.hits.len();
    out!(
        "{}{} {} for {:?}{}",
        results.total,
        if results.total_exact { "" } else { "+" },
        if results.total == 1 {
            "result"
        } else {
            "results"
        },
        results.query,
        if shown > 0 && shown < results.total {
            format!(
                " (showing {}–{})",
                results.offset + 1,
                results.offset + shown
            )
        } else {
            String::new()
        }
    );
    for e in &results.expansion {
        let mut parts = Vec::new();
        if !e.roman.is_empty() {
            parts.push(format!("transliterated {}", e.roman.join(", ")));
        }
        for ent in &e.entities {
            parts.push(format!(
                "{} {} ({})",
                ent.kind.to_lowercase(),
                ent.id,
                ent.forms.join(", ")
            ));
        }
        if !parts.is_empty() {
            out!("  {} → {}", e.text, parts.join("; "));
        }
    }
    for (i, h) in results.hits.iter().enumerate() {
        let place = match h.sentence {
            Some(s) => format!("¶{} s{}", h.paragraph, s),
            None => format!("¶{}", h.paragraph),
        };
        let when = if h.times.is_empty() {
            String::new()
        } else {
            format!(" {}", h.times.join(","))
        };
        out!(
            "{:>3}. {} {} [{}] bytes {}–{}{}",
            results.offset + i + 1,
            h.doc,
            place,
            h.lang,
            h.start,
            h.end,
            when
        );
        let spans: Vec<(usize, usize)> = h.highlights.iter().map(|x| (x.start, x.end)).collect();
        out!("     {}", marked(&h.text, &spans));
    }
    for (name, values) in &results.facets {
        if values.is_empty() {
            continue;
        }
        let list: Vec<String> = values
            .iter()
            .map(|f| format!("{} {}", f.label.as_deref().unwrap_or(&f.value), f.count))
            .collect();
        out!("  {name}: {}", list.join(", "));
    }
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    #[test]
    fn marks_highlights() {
        assert_eq!(
            super::marked("ў Шушы адбыліся", &[(3, 11)]),
            "ў [Шушы] адбыліся"
        );
        assert_eq!(super::marked("abc", &[(1, 2), (0, 1)]), "a[b]c");
    }
}
