//! The reconciliation service: OpenRefine, and any other client of the
//! Reconciliation Service API, matches a column of names against
//! Chronicle's entities.
//!
//! The protocol is version 0.2 of the API of the W3C Entity Reconciliation
//! Community Group
//! (<https://www.w3.org/community/reports/reconciliation/CG-FINAL-specs-0.2-20230410/>),
//! the version OpenRefine 3.x speaks; 0.1 clients read it too.
//!
//! - `GET /reconcile` without parameters: the service manifest. Its
//!   identifier space is `{base}api/entities/` (the IRIs the exports give
//!   entities, `base` being `http://HOST/` of the request), its schema
//!   space the `Entity` schema of the OpenAPI document; the default types
//!   are `PERSON`, `PLACE` and `ORG`; `view` opens the web UI's entity page
//!   (`{base}#/entity/{{id}}`), `preview` and `suggest` name the two routes
//!   below, and `batchSize` says how many queries a batch may hold.
//! - `POST /reconcile` with an `application/x-www-form-urlencoded` body
//!   `queries=JSON` (what OpenRefine sends), or `GET /reconcile?queries=JSON`:
//!   a batch `{"q0": {"query", "type", "type_strict", "limit",
//!   "properties"}, …}` is answered `{"q0": {"result": [{"id", "name",
//!   "type": [{"id", "name"}], "score", "match", "description"}]}, …}`.
//! - `GET /reconcile/preview?id=ID`: a small HTML page about one entity
//!   (name, type, name forms by language, coordinates, mention counts),
//!   every piece of text escaped, no script; the only answer of the server
//!   that another site may frame (OpenRefine shows it in an `<iframe>`).
//! - `GET /reconcile/suggest?prefix=…`: entity auto-completion
//!   (`{"result": [{"id", "name", "description", "notable"}]}`).
//!
//! Candidates are the entities a name finds everywhere else in Chronicle
//! (`chronicle entity`, `/api/entities?q=`): the entity with that id, or
//! every entity one of whose name forms the query meets in any script or
//! inflection ([`chronicle_search::aliases`]: `Шуша`, `Шушы`, `Shusha` and
//! `Şuşa` all find `shusha`; a surname finds every person bearing it). The
//! alias table is built once per batch. Each candidate is scored 0 to 100
//! by its best name form ([`name_score`]): 100 when the query folds to the
//! form (case, marks, `ə`/`e`), 90 when both romanise alike (`Шуша` and
//! `Shusha`), 80 when they meet through an inflection or a spelling variant
//! (`Шушы`), less by key similarity otherwise; a surname alone scores three
//! quarters of that against a person's full name. Candidates come best
//! first, ties most mentioned first. `match` is true only for a clear
//! single match: the best candidate scores 90 or more and no other scores
//! 75 or more, so a surname shared by namesakes is never matched
//! automatically, even when the corpus calls one of them by it alone.
//!
//! Types: with `type_strict` `any` (the default) a candidate has one of the
//! types asked for, with `all` every one of them; with `should` (what
//! OpenRefine sends) candidates of other types are kept at half their score
//! and never matched. `limit` is 1 to [`MAX_CANDIDATES`] (default
//! [`DEFAULT_CANDIDATES`]); a batch holds at most [`BATCH_SIZE`] queries
//! (more is a 413, as the API allows); malformed JSON, an unknown field,
//! type or strictness, or a query without a name is a 400 that names the
//! query and the problem.
//!
//! Every answer carries `Access-Control-Allow-Origin: *` (the API requires
//! CORS), and the manifest, query and suggest answers are JSONP
//! (`text/javascript`) when a `callback` is given: a plain JavaScript name,
//! checked strictly, since it is written into the script.
//!
//! Left out: properties (accepted and ignored: Chronicle offers none, so
//! there is no property suggest or data extension service), type suggest,
//! flyouts, matching features and authentication.

use chronicle_interop::{escape_markup as escape, json_kind};
use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{RawQuery, State};
use axum::http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use chronicle_core::EntityType;
use chronicle_interop::iri::segment;
use chronicle_names::{Names, fold, similarity, stem_phrase};
use chronicle_search::aliases::{EntityIndex, EntityNames};
use chronicle_search::analyze::{Analyzers, Script};
use chronicle_store::{Alias, EntityRecord, Store, StoreError};
use serde_json::{Map, Value, json};

use crate::AppState;
use crate::api::{base_of, params};
use crate::error::ApiError;
use crate::params::Params;
use crate::ui::Frameable;

/// Most queries in one batch (the manifest's `batchSize`).
pub const BATCH_SIZE: usize = 100;
/// Candidates per query when the query sets no limit.
pub const DEFAULT_CANDIDATES: usize = 10;
/// The largest limit a query may set.
pub const MAX_CANDIDATES: usize = 100;
/// The score a candidate needs to be matched automatically…
const MATCH: u32 = 90;
/// …when no other candidate scores this much (a namesake who shares the
/// surname the query gives scores 75).
const RIVAL: u32 = 75;
/// Suggestions per answer of the suggest service.
const SUGGESTIONS: usize = 10;
/// The frame OpenRefine shows a preview in, in pixels.
const PREVIEW_SIZE: (u32, u32) = (420, 260);
/// The fields a reconciliation query may have.
const FIELDS: [&str; 5] = ["query", "type", "type_strict", "limit", "properties"];

/// How a query's types narrow its candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strict {
    /// A candidate has one of the types.
    Any,
    /// A candidate has every one of the types.
    All,
    /// Candidates of other types are kept at half score, never matched.
    Should,
}

/// One reconciliation query.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The name to look for; empty when the query gave only properties.
    pub text: String,
    pub types: Vec<EntityType>,
    pub strict: Strict,
    pub limit: usize,
}

/// A readable name of a type.
fn type_name(t: EntityType) -> &'static str {
    match t {
        EntityType::Person => "Person",
        EntityType::Place => "Place",
        EntityType::Org => "Organisation",
    }
}

fn type_json(t: EntityType) -> Value {
    json!({ "id": t.as_str(), "name": type_name(t) })
}

fn parse_type(s: &str) -> Result<EntityType, String> {
    EntityType::parse(s.trim())
        .ok_or_else(|| format!("type {s:?} is unknown: use PERSON, PLACE or ORG"))
}

/// The service manifest for a server answering at `base` (`http://HOST/`).
pub fn manifest(base: &str) -> Value {
    let (width, height) = PREVIEW_SIZE;
    json!({
        "versions": ["0.1", "0.2"],
        "name": "Chronicle",
        "identifierSpace": format!("{base}api/entities/"),
        "schemaSpace": format!("{base}openapi.json#/components/schemas/Entity"),
        "documentation": format!("{base}openapi.json"),
        "serviceVersion": env!("CARGO_PKG_VERSION"),
        "defaultTypes": EntityType::ALL.map(type_json),
        "view": { "url": format!("{base}#/entity/{{{{id}}}}") },
        "preview": {
            "url": format!("{base}reconcile/preview?id={{{{id}}}}"),
            "width": width,
            "height": height,
        },
        "suggest": {
            "entity": {
                "service_url": base.trim_end_matches('/'),
                "service_path": "/reconcile/suggest",
            },
        },
        "batchSize": BATCH_SIZE,
    })
}

/// Reads a batch `{"q0": {…}, …}`; keys keep their order of the JSON
/// object's map.
pub fn parse_batch(text: &str) -> Result<Vec<(String, Query)>, ApiError> {
    let v: Value = serde_json::from_str(text)
        .map_err(|e| ApiError::bad_request(format!("queries is not JSON: {e}")))?;
    let Value::Object(batch) = v else {
        return Err(ApiError::bad_request(format!(
            "queries must be a JSON object of queries by key, such as {{\"q0\": {{\"query\": \"Shusha\"}}}}, not {}",
            json_kind(&v)
        )));
    };
    if batch.len() > BATCH_SIZE {
        return Err(ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!(
                "a batch holds at most {BATCH_SIZE} queries (the manifest's batchSize); this one has {}: send smaller batches",
                batch.len()
            ),
        });
    }
    batch
        .iter()
        .map(|(key, q)| {
            parse_query(q)
                .map(|q| (key.clone(), q))
                .map_err(|m| ApiError::bad_request(format!("query {key:?}: {m}")))
        })
        .collect()
}

fn parse_query(v: &Value) -> Result<Query, String> {
    let Value::Object(o) = v else {
        return Err(format!(
            "must be an object such as {{\"query\": \"Shusha\"}}, not {}",
            json_kind(v)
        ));
    };
    if let Some(k) = o.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(format!(
            "unknown field {k:?}: a query takes {}",
            FIELDS.join(", ")
        ));
    }
    let field = |name: &str| o.get(name).filter(|v| !v.is_null());
    let text = match field("query") {
        None => "",
        Some(Value::String(s)) => s.trim(),
        Some(other) => return Err(format!("query must be a string, not {}", json_kind(other))),
    };
    let properties = match field("properties") {
        None => false,
        Some(Value::Array(a)) => !a.is_empty(),
        Some(other) => {
            return Err(format!(
                "properties must be an array of {{\"pid\", \"v\"}} objects, not {}",
                json_kind(other)
            ));
        }
    };
    if text.is_empty() && !properties {
        return Err("needs a query: the name to look for".into());
    }
    let types = match field("type") {
        None => Vec::new(),
        Some(Value::String(s)) => vec![parse_type(s)?],
        Some(Value::Array(items)) => items
            .iter()
            .map(|t| match t {
                Value::String(s) => parse_type(s),
                other => Err(format!("a type must be a string, not {}", json_kind(other))),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(format!(
                "type must be a type id or a list of them, not {}",
                json_kind(other)
            ));
        }
    };
    let strict = match field("type_strict") {
        None => Strict::Any,
        Some(Value::String(s)) if s == "any" => Strict::Any,
        Some(Value::String(s)) if s == "all" => Strict::All,
        Some(Value::String(s)) if s == "should" => Strict::Should,
        Some(other) => {
            return Err(format!(
                "type_strict must be any, all or should, not {other}"
            ));
        }
    };
    let limit = match field("limit") {
        None => DEFAULT_CANDIDATES,
        Some(n) => match n.as_u64() {
            Some(n @ 1..) if n as usize <= MAX_CANDIDATES => n as usize,
            _ => {
                return Err(format!(
                    "limit must be a whole number from 1 to {MAX_CANDIDATES}, not {n}"
                ));
            }
        },
    };
    Ok(Query {
        text: text.to_string(),
        types,
        strict,
        limit,
    })
}

/// How well a query names an entity, 0 to 100, by its best name form (see
/// the module documentation).
pub fn name_score(query: &str, entity: &EntityNames) -> u32 {
    let langs = Analyzers::shared().langs_of(Script::of(query));
    let person = entity.kind == EntityType::Person.as_str();
    let mut best: f64 = 0.0;
    for (form, lang) in &entity.forms {
        best = best.max(form_score(query, &langs, form, lang));
        if person && let Some((_, last)) = form.trim().rsplit_once(char::is_whitespace) {
            best = best.max(0.75 * form_score(query, &langs, last, lang));
        }
    }
    best.round() as u32
}

fn form_score(query: &str, langs: &[&str], form: &str, lang: &str) -> f64 {
    if fold(query) == fold(form) {
        return 100.0;
    }
    let names = Names::shared();
    let roman = names.romanise(form, lang);
    let mut best: f64 = 0.0;
    for ql in langs {
        let q = names.romanise(query, ql);
        let s = if q == roman {
            90.0
        } else if names.meet(query, ql, form, lang) {
            80.0
        } else {
            50.0 * similarity(&stem_phrase(&q), &stem_phrase(&roman))
        };
        best = best.max(s);
    }
    best
}

fn plural(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// `Place · 25 mentions in 3 documents · also Шушы, Shushi`.
fn description(r: &EntityRecord, names: Option<&EntityNames>) -> String {
    let mut d = format!(
        "{} · {} in {}",
        type_name(r.kind),
        plural(r.mentions, "mention"),
        plural(r.documents, "document")
    );
    let mut seen = vec![fold(&r.name)];
    let mut others = Vec::new();
    for (form, _) in names.map(|n| n.forms.as_slice()).unwrap_or_default() {
        let f = fold(form);
        if !seen.contains(&f) && others.len() < 4 {
            seen.push(f);
            others.push(form.as_str());
        }
    }
    if !others.is_empty() {
        d.push_str(" · also ");
        d.push_str(&others.join(", "));
    }
    d
}

/// Every entity with its names, read once for a batch.
pub struct Entities {
    index: EntityIndex,
}

impl Entities {
    pub fn load(store: &Store) -> Result<Entities, StoreError> {
        Ok(Entities {
            index: EntityIndex::load(store)?,
        })
    }

    /// The candidates of one query, best first.
    pub fn reconcile(&self, q: &Query) -> Vec<Value> {
        if q.text.is_empty() {
            return Vec::new();
        }
        let fits = |kind: EntityType| match q.strict {
            _ if q.types.is_empty() => true,
            Strict::All => q.types.iter().all(|t| *t == kind),
            Strict::Any | Strict::Should => q.types.contains(&kind),
        };
        let mut scored: Vec<(u32, bool, &EntityRecord)> = Vec::new();
        for r in self.index.named(&q.text) {
            let typed = fits(r.kind);
            if !typed && q.strict != Strict::Should {
                continue;
            }
            let score = if r.id == q.text {
                100
            } else {
                self.index
                    .table
                    .get(&r.id)
                    .map_or(0, |names| name_score(&q.text, names))
            };
            scored.push((if typed { score } else { score / 2 }, typed, r));
        }
        // Stable: equal scores stay most mentioned first.
        scored.sort_by_key(|(score, _, _)| std::cmp::Reverse(*score));
        let clear = match scored.as_slice() {
            [(best, true, _), rest @ ..] => {
                *best >= MATCH && rest.first().is_none_or(|(next, _, _)| *next < RIVAL)
            }
            _ => false,
        };
        scored
            .iter()
            .take(q.limit)
            .enumerate()
            .map(|(i, (score, _, r))| {
                json!({
                    "id": r.id,
                    "name": r.name,
                    "type": [type_json(r.kind)],
                    "score": score,
                    "match": i == 0 && clear,
                    "description": description(r, self.index.table.get(&r.id)),
                })
            })
            .collect()
    }

    /// Entities for a prefix the user is typing: those the prefix names,
    /// then those with a name form that starts with it (folded, or
    /// romanised), those whose shown name does first, then most mentioned
    /// first.
    pub fn suggest(&self, prefix: &str, kind: Option<EntityType>, cursor: usize) -> Vec<Value> {
        let prefix = prefix.trim();
        if prefix.is_empty() {
            return Vec::new();
        }
        let names = Names::shared();
        let folded = fold(prefix);
        let romans: Vec<String> = Analyzers::shared()
            .langs_of(Script::of(prefix))
            .iter()
            .map(|l| names.romanise(prefix, l))
            .filter(|r| !r.is_empty())
            .collect();
        let starts = |form: &str, lang: &str| {
            fold(form).starts_with(&folded) || {
                let roman = names.romanise(form, lang);
                romans.iter().any(|p| roman.starts_with(p.as_str()))
            }
        };
        let named = self.index.named(prefix);
        let mut starting: Vec<(bool, &EntityRecord)> = Vec::new();
        for r in &self.index.records {
            if named.iter().any(|n| n.id == r.id) {
                continue;
            }
            let Some(e) = self.index.table.get(&r.id) else {
                continue;
            };
            if e.forms.iter().any(|(form, lang)| starts(form, lang)) {
                // Entities whose shown name starts so come first.
                starting.push((!starts(&r.name, "en"), r));
            }
        }
        starting.sort_by_key(|(later, _)| *later);
        let mut found = named;
        found.extend(starting.into_iter().map(|(_, r)| r));
        found
            .into_iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k))
            .skip(cursor)
            .take(SUGGESTIONS)
            .map(|r| {
                json!({
                    "id": r.id,
                    "name": r.name,
                    "description": description(r, self.index.table.get(&r.id)),
                    "notable": [type_json(r.kind)],
                })
            })
            .collect()
    }
}

/// The preview page of an entity: text only, every piece of it escaped.
pub fn preview_html(base: &str, r: &EntityRecord, aliases: &[Alias]) -> String {
    let name = escape(&r.name);
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{name}</title></head>\n<body>\n<p><strong>{name}</strong> · {}</p>\n<p>{} in {}</p>\n",
        type_name(r.kind),
        plural(r.mentions, "mention"),
        plural(r.documents, "document"),
    );
    if let (Some(lat), Some(lon)) = (r.lat, r.lon) {
        let kind = r
            .place_kind
            .as_deref()
            .map(|k| format!(" ({})", escape(k)))
            .unwrap_or_default();
        h.push_str(&format!("<p>{lat:.4}, {lon:.4}{kind}</p>\n"));
    }
    let mut by_lang: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in aliases {
        by_lang.entry(&a.lang).or_default().push(&a.text);
    }
    if !by_lang.is_empty() {
        h.push_str("<dl>\n");
        for (lang, forms) in by_lang {
            let forms: Vec<String> = forms.iter().map(|f| escape(f)).collect();
            h.push_str(&format!(
                "<dt>{}</dt><dd>{}</dd>\n",
                escape(lang),
                forms.join(", ")
            ));
        }
        h.push_str("</dl>\n");
    }
    let page = format!("{base}#/entity/{}", segment(&r.id));
    h.push_str(&format!(
        "<p><a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">Open in Chronicle</a></p>\n</body>\n</html>\n",
        escape(&page)
    ));
    h
}

/// A JSONP function name: JavaScript identifiers of letters, digits, `_`
/// and `$` (not starting with a digit), joined by dots; at most 100
/// characters.
pub fn valid_callback(name: &str) -> bool {
    name.len() <= 100
        && name.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        })
}

fn callback(p: &Params) -> Result<Option<String>, ApiError> {
    match p.get("callback") {
        None => Ok(None),
        Some(name) if valid_callback(name) => Ok(Some(name.to_string())),
        Some(name) => Err(ApiError::bad_request(format!(
            "callback {name:?} is not a JavaScript function name (letters, digits, _ and $, parts joined by dots, at most 100 characters)"
        ))),
    }
}

/// Adds the CORS header every answer of the service carries.
fn cors(mut res: Response) -> Response {
    res.headers_mut()
        .insert(ACCESS_CONTROL_ALLOW_ORIGIN, HeaderValue::from_static("*"));
    res
}

/// JSON, or JSONP when a callback was given; errors as JSON.
fn reply(answer: Result<(Value, Option<String>), ApiError>) -> Response {
    cors(match answer {
        Ok((v, None)) => axum::Json(v).into_response(),
        Ok((v, Some(cb))) => {
            // U+2028 and U+2029 end a line in older JavaScript.
            let js = v
                .to_string()
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029");
            (
                [(CONTENT_TYPE, "text/javascript; charset=utf-8")],
                format!("/**/{cb}({js});"),
            )
                .into_response()
        }
        Err(e) => e.into_response(),
    })
}

/// The query string, and for a POST the form of the body after it.
async fn query_and_form(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    raw: Option<String>,
    body: Body,
) -> Result<String, ApiError> {
    let mut all = raw.unwrap_or_default();
    if method != Method::POST {
        return Ok(all);
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let mime = content_type.split(';').next().unwrap_or("").trim();
    if !mime.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        return Err(ApiError {
            status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
            message: format!(
                "POST /reconcile takes a form (application/x-www-form-urlencoded) holding queries=JSON, not {content_type:?}"
            ),
        });
    }
    let (limit, time) = (state.config.form_limit, state.config.timeout);
    let bytes = tokio::time::timeout(time, axum::body::to_bytes(body, limit))
        .await
        .map_err(|_| {
            ApiError::unavailable(format!(
                "the form took longer than {} s to arrive",
                time.as_secs_f64()
            ))
        })?
        .map_err(|_| ApiError {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: format!(
                "request bodies on /reconcile are limited to {limit} bytes; send smaller batches"
            ),
        })?;
    let form = std::str::from_utf8(&bytes)
        .map_err(|_| ApiError::bad_request("the form is not UTF-8 (percent-encode it)"))?;
    if !all.is_empty() && !form.is_empty() {
        all.push('&');
    }
    all.push_str(form);
    Ok(all)
}

/// `GET`/`POST /reconcile`: the manifest, or the answers to a batch.
pub async fn service(
    State(s): State<Arc<AppState>>,
    method: Method,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
    body: Body,
) -> Response {
    reply(service_answer(s, method, headers, raw, body).await)
}

async fn service_answer(
    s: Arc<AppState>,
    method: Method,
    headers: HeaderMap,
    raw: Option<String>,
    body: Body,
) -> Result<(Value, Option<String>), ApiError> {
    let all = query_and_form(&s, &method, &headers, raw, body).await?;
    let p = params("/reconcile", Some(all))?;
    let cb = callback(&p)?;
    let Some(queries) = p.get("queries") else {
        return Ok((manifest(&base_of(&headers)?), cb));
    };
    let batch = parse_batch(queries)?;
    let answers = s
        .run(move |store, _| {
            let entities = Entities::load(store)?;
            let mut out = Map::new();
            for (key, q) in &batch {
                out.insert(key.clone(), json!({ "result": entities.reconcile(q) }));
            }
            Ok(Value::Object(out))
        })
        .await?;
    Ok((answers, cb))
}

/// `GET /reconcile/suggest`.
pub async fn suggest(State(s): State<Arc<AppState>>, RawQuery(raw): RawQuery) -> Response {
    reply(suggest_answer(s, raw).await)
}

async fn suggest_answer(
    s: Arc<AppState>,
    raw: Option<String>,
) -> Result<(Value, Option<String>), ApiError> {
    let p = params("/reconcile/suggest", raw)?;
    let cb = callback(&p)?;
    let prefix = p.get("prefix").unwrap_or("").to_string();
    let cursor = p.number("cursor", 0, 1_000_000)?;
    let kind = p
        .get("type")
        .map(parse_type)
        .transpose()
        .map_err(ApiError::bad_request)?;
    let result = s
        .run(move |store, _| Ok(Entities::load(store)?.suggest(&prefix, kind, cursor)))
        .await?;
    Ok((json!({ "result": result }), cb))
}

/// `GET /reconcile/preview?id=…`.
pub async fn preview(
    State(s): State<Arc<AppState>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let page = async {
        let p = params("/reconcile/preview", raw)?;
        let id = p
            .get("id")
            .ok_or_else(|| ApiError::bad_request("id is required: the entity to preview"))?
            .to_string();
        let base = base_of(&headers)?;
        s.run(move |store, _| {
            let record = store.entity(&id)?.ok_or_else(|| {
                ApiError::not_found(format!("no entity {id:?}; /api/entities lists them"))
            })?;
            let aliases = store.entity_aliases(&id)?;
            Ok(preview_html(&base, &record, &aliases))
        })
        .await
    };
    cors(match page.await {
        Ok(html) => {
            let mut res = Html(html).into_response();
            res.extensions_mut().insert(Frameable);
            res
        }
        Err(e) => e.into_response(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> ApiError {
        parse_batch(text).unwrap_err()
    }

    #[test]
    fn batches_are_read_and_every_mistake_is_named() {
        let b = parse_batch(
            r#"{"q0": {"query": " Шуша ", "type": "place", "limit": 3, "type_strict": "should",
                "properties": [{"pid": "country", "v": "AZ"}]},
               "q1": {"query": "Hajinski", "type": ["PERSON", "ORG"]}}"#,
        )
        .unwrap();
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0].1,
            Query {
                text: "Шуша".into(),
                types: vec![EntityType::Place],
                strict: Strict::Should,
                limit: 3,
            }
        );
        assert_eq!(b[1].1.types, [EntityType::Person, EntityType::Org]);
        assert_eq!(b[1].1.limit, DEFAULT_CANDIDATES);
        assert_eq!(b[1].1.strict, Strict::Any);
        // Properties alone are a query (with no candidates here).
        assert!(parse_batch(r#"{"q": {"properties": [{"pid": "p", "v": 1}]}}"#).is_ok());
        for (text, says) in [
            ("{\"q0\": ", "not JSON"),
            ("[1, 2]", "not an array"),
            (r#"{"q0": "Shusha"}"#, "\"q0\": must be an object"),
            (
                r#"{"q0": {"query": "x", "colour": 1}}"#,
                "unknown field \"colour\"",
            ),
            (r#"{"q0": {"query": 5}}"#, "query must be a string"),
            (r#"{"q0": {"query": "  "}}"#, "needs a query"),
            (
                r#"{"q0": {"query": "x", "type": "Q5"}}"#,
                "type \"Q5\" is unknown",
            ),
            (
                r#"{"q0": {"query": "x", "type": [1]}}"#,
                "a type must be a string",
            ),
            (
                r#"{"q0": {"query": "x", "type_strict": "some"}}"#,
                "any, all or should",
            ),
            (r#"{"q0": {"query": "x", "limit": 0}}"#, "limit must be"),
            (r#"{"q0": {"query": "x", "limit": 101}}"#, "limit must be"),
            (r#"{"q0": {"query": "x", "limit": 2.5}}"#, "limit must be"),
            (
                r#"{"q0": {"query": "x", "properties": {}}}"#,
                "properties must be",
            ),
        ] {
            let e = err(text);
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{text}");
            assert!(e.message.contains(says), "{text}: {}", e.message);
        }
        let many: Vec<String> = (0..=BATCH_SIZE)
            .map(|i| format!("\"q{i}\": {{\"query\": \"Baku\"}}"))
            .collect();
        let e = err(&format!("{{{}}}", many.join(",")));
        assert_eq!(e.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(e.message.contains("at most 100"), "{}", e.message);
    }

    #[test]
    fn callbacks_are_plain_javascript_names() {
        for ok in ["cb", "jQuery34105_1600000000000", "$.x._y", "_"] {
            assert!(valid_callback(ok), "{ok}");
        }
        for bad in [
            "",
            "alert(1)",
            "a..b",
            "1abc",
            "a b",
            "x;alert(1)",
            "<script>",
            "a.",
            "é",
            &"a".repeat(101),
        ] {
            assert!(!valid_callback(bad), "{bad}");
        }
    }

    fn names(id: &str, kind: &str, forms: &[(&str, &str)]) -> EntityNames {
        EntityNames::new(id, kind, forms)
    }

    #[test]
    fn scores_rank_exact_then_other_scripts_then_inflections_then_surnames() {
        let shusha = names(
            "shusha",
            "PLACE",
            &[("Шушы", "be"), ("Shusha", "en"), ("Şuşa", "az")],
        );
        assert_eq!(name_score("Shusha", &shusha), 100);
        assert_eq!(name_score("SHUSHA", &shusha), 100);
        assert_eq!(name_score("Susa", &shusha), 100, "Şuşa folds to susa");
        assert_eq!(name_score("Шуша", &shusha), 90);
        assert_eq!(name_score("Шушу", &shusha), 80);
        assert!(name_score("Ganja", &shusha) < 50);
        let person = names(
            "mammad-hasan-hajinski",
            "PERSON",
            &[("Mammad Hasan Hajinski", "en")],
        );
        assert_eq!(name_score("Mammad Hasan Hajinski", &person), 100);
        assert_eq!(name_score("Hajinski", &person), 75);
        assert_eq!(name_score("Гаджинский", &person), 60);
    }

    fn record(id: &str, name: &str) -> EntityRecord {
        EntityRecord {
            id: id.into(),
            kind: EntityType::Place,
            name: name.into(),
            place: None,
            place_kind: Some("<b>region</b>".into()),
            lat: Some(39.76),
            lon: Some(46.75),
            mentions: 1,
            documents: 1,
        }
    }

    #[test]
    fn previews_escape_every_piece_of_text() {
        let r = record(
            "x\"><script>alert(1)</script>",
            "<script>alert(1)</script> & O'Hara",
        );
        let aliases = [
            Alias {
                text: "\"><img src=x onerror=alert(2)>".into(),
                lang: "<i>".into(),
                count: 3,
            },
            Alias {
                text: "Шушы".into(),
                lang: "be".into(),
                count: 1,
            },
        ];
        let html = preview_html("http://127.0.0.1:8080/", &r, &aliases);
        for banned in [
            "<script",
            "<img",
            "<i>",
            "<b>",
            "O'Hara",
            "onerror=alert(2)>",
        ] {
            assert!(!html.contains(banned), "{banned} in {html}");
        }
        for wanted in [
            "<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; O&#39;Hara</title>",
            "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;",
            "<dt>be</dt><dd>Шушы</dd>",
            "39.7600, 46.7500 (&lt;b&gt;region&lt;/b&gt;)",
            "href=\"http://127.0.0.1:8080/#/entity/x%22%3E%3Cscript%3Ealert%281%29%3C%2Fscript%3E\"",
            "1 mention in 1 document",
        ] {
            assert!(html.contains(wanted), "{wanted} not in {html}");
        }
    }

    #[test]
    fn the_manifest_names_its_templates_under_the_base() {
        let m = manifest("http://127.0.0.1:9/");
        assert_eq!(m["identifierSpace"], "http://127.0.0.1:9/api/entities/");
        assert_eq!(m["view"]["url"], "http://127.0.0.1:9/#/entity/{{id}}");
        assert_eq!(
            m["preview"]["url"],
            "http://127.0.0.1:9/reconcile/preview?id={{id}}"
        );
        assert_eq!(m["suggest"]["entity"]["service_url"], "http://127.0.0.1:9");
        assert_eq!(m["defaultTypes"][2]["id"], "ORG");
        assert_eq!(m["batchSize"], BATCH_SIZE);
    }
}
