//! The listing commands: `docs`, `show`, `stats`, `verify`.

use anyhow::{Result, bail};
use chronicle_core::Document;
use chronicle_store::Store;
use serde_json::{Value, json};

use crate::exit;

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// Document id, file name (as in `chronicle docs`) or source path.
    #[arg(value_name = "DOC")]
    doc: String,
    /// Show only paragraphs of these kinds (narrative, heading, fragment,
    /// reference); repeatable.
    #[arg(long, value_name = "KIND", value_parser = ["narrative", "heading", "fragment", "reference"])]
    kind: Vec<String>,
}

pub fn docs(store: &Store, json: bool) -> Result<u8> {
    let docs = store.list_documents()?;
    if json {
        out!("{}", serde_json::to_string_pretty(&docs)?);
        return Ok(exit::OK);
    }
    if docs.is_empty() {
        out!("The store holds no documents yet; add some with `chronicle ingest PATH`.");
        return Ok(exit::OK);
    }
    out!(
        "{:>5}  {:<32} {:<4} {:<8} {:<13} {:>9} {:>6} {:>6} {:>5}  title",
        "id",
        "name",
        "lang",
        "format",
        "encoding",
        "bytes",
        "paras",
        "sents",
        "refs"
    );
    for d in &docs {
        out!(
            "{:>5}  {:<32} {:<4} {:<8} {:<13} {:>9} {:>6} {:>6} {:>5}  {}",
            d.id.0,
            clip(&d.name, 32),
            d.main_lang.as_deref().unwrap_or("-"),
            d.format.as_str(),
            clip(&d.encoding, 13),
            d.byte_len,
            d.paragraph_count,
            d.sentence_count,
            d.reference_count,
            clip(d.title.as_deref().unwrap_or(""), 60)
        );
    }
    Ok(exit::OK)
}

pub fn show(store: &Store, json: bool, args: ShowArgs) -> Result<u8> {
    let Some(id) = store.find_document(&args.doc)? else {
        bail!(
            "no document {:?} in the store; `chronicle docs` lists them",
            args.doc
        );
    };
    let doc = store.load_document(id)?;
    let wanted = |kind: &str| args.kind.is_empty() || args.kind.iter().any(|k| k == kind);
    if json {
        out!(
            "{}",
            serde_json::to_string_pretty(&doc_json(id.0, &doc, &wanted))?
        );
        return Ok(exit::OK);
    }
    out!("#{} {}", id.0, doc.name);
    if let Some(t) = &doc.title {
        out!("title:    {t}");
    }
    out!("source:   {}", doc.source);
    if let Some(u) = &doc.url {
        out!("url:      {u}");
    }
    out!(
        "format:   {}, encoding {}, {} bytes, {}",
        doc.format,
        doc.encoding,
        doc.source_text.len(),
        doc.content_hash
    );
    out!(
        "contents: {} paragraphs, {} sentences, {} citation anchors, {} references, {} temporal expressions, {} name mentions; main language {}",
        doc.paragraphs.len(),
        doc.sentence_count(),
        doc.anchor_count(),
        doc.references.len(),
        doc.timexes.len(),
        doc.mentions.len(),
        doc.main_lang().unwrap_or("-")
    );
    for (i, p) in doc.paragraphs.iter().enumerate() {
        if !wanted(p.kind.as_str()) {
            continue;
        }
        out!("");
        out!(
            "¶{} {} {} ({:.2}) bytes {}..{}",
            i + 1,
            p.kind,
            p.lang,
            p.lang_confidence,
            p.span.start,
            p.span.end
        );
        for (j, s) in p.sentences.iter().enumerate() {
            let lang = if s.lang != p.lang {
                format!("  ⟨{} {:.2}⟩", s.lang, s.lang_confidence)
            } else {
                String::new()
            };
            out!("  {:>3} │ {}{}", j + 1, p.sentence_text(s), lang);
        }
        if !p.anchors.is_empty() {
            let a: Vec<String> = p
                .anchors
                .iter()
                .map(|a| format!("[{}]@{}", a.label, a.span.start))
                .collect();
            out!("      anchors: {}", a.join(" "));
        }
        let times: Vec<String> = doc
            .timexes
            .iter()
            .filter(|t| t.paragraph == i)
            .map(|t| match t.modifier {
                Some(m) => format!("«{}» {} {}", t.text, t.value, m.as_str()),
                None => format!("«{}» {}", t.text, t.value),
            })
            .collect();
        if !times.is_empty() {
            out!("      times: {}", times.join("; "));
        }
    }
    if !doc.references.is_empty() && wanted("reference") && args.kind.is_empty() {
        out!("");
        out!("References ({}):", doc.references.len());
        for r in &doc.references {
            out!("  {:>5}  {}", r.label.as_deref().unwrap_or("·"), r.text);
        }
    }
    Ok(exit::OK)
}

fn doc_json(id: i64, doc: &Document, wanted: &dyn Fn(&str) -> bool) -> Value {
    let paragraphs: Vec<Value> = doc
        .paragraphs
        .iter()
        .enumerate()
        .filter(|(_, p)| wanted(p.kind.as_str()))
        .map(|(i, p)| {
            json!({
                "ord": i,
                "kind": p.kind,
                "start": p.span.start,
                "end": p.span.end,
                "lang": p.lang,
                "lang_confidence": p.lang_confidence,
                "text": p.text.text(),
                "sentences": p.sentences.iter().map(|s| json!({
                    "start": s.span.start,
                    "end": s.span.end,
                    "lang": s.lang,
                    "lang_confidence": s.lang_confidence,
                    "text": p.sentence_text(s),
                })).collect::<Vec<_>>(),
                "anchors": p.anchors.iter().map(|a| json!({
                    "label": a.label,
                    "start": a.span.start,
                    "end": a.span.end,
                    "text_offset": a.offset,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "id": id,
        "name": doc.name,
        "source": doc.source,
        "title": doc.title,
        "url": doc.url,
        "declared_lang": doc.declared_lang,
        "main_lang": doc.main_lang(),
        "format": doc.format,
        "encoding": doc.encoding,
        "content_hash": doc.content_hash,
        "bytes": doc.source_text.len(),
        "paragraphs": paragraphs,
        "timexes": doc.timexes.iter().map(|t| t.record(&doc.name)).collect::<Vec<_>>(),
        "mentions": doc.mentions.iter().map(|m| json!({
            "start": m.span.start,
            "end": m.span.end,
            "paragraph": m.paragraph,
            "text": m.text,
            "lang": m.lang,
            "type": m.kind,
            "cue": m.cue,
            "place": m.place,
            "role": m.role,
        })).collect::<Vec<_>>(),
        "references": doc.references.iter().map(|r| json!({
            "label": r.label,
            "start": r.span.start,
            "end": r.span.end,
            "paragraph": r.paragraph,
            "text": r.text,
        })).collect::<Vec<_>>(),
    })
}

pub fn stats(store: &Store, json: bool) -> Result<u8> {
    let s = store.stats()?;
    if json {
        out!("{}", serde_json::to_string_pretty(&s)?);
        return Ok(exit::OK);
    }
    let list = |v: &[(String, u64)]| {
        v.iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out!(
        "store:      {} (schema version {})",
        store.dir().display(),
        s.schema_version
    );
    out!(
        "documents:  {} ({} of source text)",
        s.documents,
        crate::human_bytes(s.source_bytes)
    );
    out!(
        "paragraphs: {} ({})",
        s.paragraphs,
        list(&s.paragraphs_by_kind)
    );
    out!("            by language: {}", list(&s.paragraphs_by_lang));
    out!(
        "sentences:  {} (by language: {})",
        s.sentences,
        list(&s.sentences_by_lang)
    );
    out!("references: {}", s.references);
    out!("anchors:    {}", s.anchors);
    out!(
        "times:      {} (by type: {})",
        s.timexes,
        list(&s.timexes_by_type)
    );
    out!(
        "mentions:   {} ({} linked to entities)",
        s.mentions,
        s.linked_mentions
    );
    out!("entities:   {}", list(&s.entities_by_type));
    out!(
        "database:   {} (+ {} write-ahead log)",
        crate::human_bytes(s.db_file_bytes),
        crate::human_bytes(s.wal_file_bytes)
    );
    Ok(exit::OK)
}

pub fn verify(store: &Store, json: bool) -> Result<u8> {
    let mut r = store.verify()?;
    // The search index beside the store: stale documents are fine (the next
    // ingest or reindex updates them), inconsistent ones are problems.
    let index = chronicle_search::index::check(store)?;
    for p in index.iter().flat_map(|i| &i.problems) {
        r.problems.push(chronicle_store::Problem {
            doc: None,
            message: format!("search index: {p}"),
        });
    }
    if json {
        let mut v = serde_json::to_value(&r)?;
        v["index"] = serde_json::to_value(&index)?;
        out!("{}", serde_json::to_string_pretty(&v)?);
    } else if r.is_ok() {
        out!("ok: {} documents checked, no problems", r.documents);
        match &index {
            Some(i) if i.stale > 0 => out!(
                "search index: {} documents up to date, {} stale (`chronicle reindex` or the next ingest updates them)",
                i.current,
                i.stale
            ),
            Some(i) => out!("search index: {} documents up to date", i.current),
            None => out!("no search index (`chronicle reindex` builds it)"),
        }
    } else {
        out!(
            "{} problem(s) in {} documents:",
            r.problems.len(),
            r.documents
        );
        for p in &r.problems {
            out!("  {p}");
        }
    }
    Ok(if r.is_ok() { exit::OK } else { exit::PARTIAL })
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}
