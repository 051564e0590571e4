//! The routes: one table ([`ROUTES`]) that the router and the OpenAPI
//! document are both built from, and a handler per route (the
//! reconciliation service's handlers are in [`crate::reconcile`]).

use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodRouter, get, post};
use chronicle_core::{Conflict, EntityType, Event};
use chronicle_events::timeline::{TimelineFilter, day_bound};
use chronicle_interop::tables::Table;
use chronicle_interop::{Dataset, Filter, Format, Options};
use chronicle_search::{Filters, SearchRequest, UnitKind};
use chronicle_store::{DocId, Store};
use serde::Serialize;
use serde_json::{Value, json};
use tower_http::limit::RequestBodyLimitLayer;

use crate::error::{ApiError, NO_INDEX};
use crate::params::{MAX_TEXT_CHARS, Params};
use crate::{AppState, Config, admin, reconcile};

/// The type of a parameter, for validation and for the OpenAPI document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// Comma-separated or repeated.
    List,
    Integer,
    Boolean,
    /// EDTF: `1920`, `1920-04`, `1920-04-27`.
    Date,
    /// A JSON document.
    Json,
}

/// One parameter of a route.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    pub name: &'static str,
    pub kind: Kind,
    pub in_path: bool,
    /// Path parameters, and query parameters without which the route
    /// cannot answer. A value that names nothing is a 404.
    pub required: bool,
    pub description: &'static str,
}

const fn q(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param {
        name,
        kind,
        in_path: false,
        required: false,
        description,
    }
}

const fn required(name: &'static str, kind: Kind, description: &'static str) -> Param {
    Param {
        name,
        kind,
        in_path: false,
        required: true,
        description,
    }
}

const fn path(name: &'static str, description: &'static str) -> Param {
    Param {
        name,
        kind: Kind::Text,
        in_path: true,
        required: true,
        description,
    }
}

/// What a route answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// JSON fitting this schema (a name under `components.schemas` of the
    /// OpenAPI document); JSONP (`text/javascript`) when the route takes a
    /// `callback` and one is given.
    Json(&'static str),
    /// An HTML page.
    Html,
    /// A file in one of the exchange formats, with its media type
    /// ([`Format::media_type`]).
    Export,
}

/// One route: a path, what it answers, and with what.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub path: &'static str,
    pub summary: &'static str,
    pub params: &'static [Param],
    pub response: Content,
    /// Besides GET, also POST with an `application/x-www-form-urlencoded`
    /// body holding the same parameters (bodies up to
    /// [`Config::form_limit`]). Every other route is GET only.
    pub form: bool,
}

const OFFSET: Param = q("offset", Kind::Integer, "Items to skip (default 0).");
const LIMIT: Param = q(
    "limit",
    Kind::Integer,
    "Items per page, 1 to 100 (default 20; 10 for search).",
);
const TIMELINE_PARAMS: &[Param] = &[
    q(
        "entity",
        Kind::List,
        "Entity ids: events with one of them as a place or participant.",
    ),
    q(
        "place",
        Kind::List,
        "Place entity ids: events at one of them.",
    ),
    q("from", Kind::Date, "Events ending on or after this date."),
    q("to", Kind::Date, "Events starting on or before this date."),
    q(
        "lang",
        Kind::Text,
        "Only tellings in this language; events without one are left out.",
    ),
    q(
        "min_documents",
        Kind::Integer,
        "Only events told by at least this many documents.",
    ),
    q(
        "all",
        Kind::Boolean,
        "Also sentences that only give a date, and events spanning the whole range.",
    ),
    OFFSET,
    LIMIT,
];

const CALLBACK: Param = q(
    "callback",
    Kind::Text,
    "JSONP: the name of a JavaScript function (letters, digits, _ and $, dotted names allowed, at most 100 characters) to call with the answer, sent as text/javascript.",
);
const CACHE_BUSTER: Param = q(
    "_",
    Kind::Text,
    "Ignored (jQuery adds it to JSONP requests).",
);
const IGNORED: &str = "Sent by OpenRefine's suggest widget; ignored.";

/// Every route of the API.
pub const ROUTES: &[Route] = &[
    Route {
        path: "/health",
        summary: "Whether the server can read the store and the search index.",
        params: &[],
        response: Content::Json("Health"),
        form: false,
    },
    Route {
        path: "/api/stats",
        summary: "What the store holds.",
        params: &[],
        response: Content::Json("Stats"),
        form: false,
    },
    Route {
        path: "/api/search",
        summary: "Full-text search over sentences or paragraphs in every language. A name in one script also finds its other scripts and inflections (the expansion is reported); filters and facet counts.",
        params: &[
            q(
                "q",
                Kind::Text,
                "The query: words (all required), \"phrases\", A OR B, -excluded. May be empty when a filter is given.",
            ),
            q("lang", Kind::List, "Languages (ISO 639-1)."),
            q("doc", Kind::List, "Document names or ids."),
            q(
                "entity",
                Kind::List,
                "Entity ids mentioned in the sentence.",
            ),
            q(
                "place",
                Kind::List,
                "Place entity ids named in the sentence.",
            ),
            q(
                "type",
                Kind::List,
                "Event classes told by the sentence (capture, arrive, resign…).",
            ),
            q(
                "from",
                Kind::Date,
                "The sentence's event time overlaps this date or later.",
            ),
            q(
                "to",
                Kind::Date,
                "The sentence's event time overlaps this date or earlier.",
            ),
            q("unit", Kind::Text, "sentence (default) or paragraph."),
            q(
                "expand",
                Kind::Boolean,
                "Cross-script expansion through transliteration and entity aliases (default true).",
            ),
            q(
                "facets",
                Kind::Boolean,
                "Count languages, documents, entities, places and event types (default true).",
            ),
            OFFSET,
            LIMIT,
        ],
        response: Content::Json("SearchResults"),
        form: false,
    },
    Route {
        path: "/api/documents",
        summary: "The stored documents, in store order.",
        params: &[OFFSET, LIMIT],
        response: Content::Json("DocumentList"),
        form: false,
    },
    Route {
        path: "/api/documents/{id}",
        summary: "One document (by id or file name) with its paragraphs.",
        params: &[path("id", "Store id or file name.")],
        response: Content::Json("Document"),
        form: false,
    },
    Route {
        path: "/api/documents/{id}/sentences",
        summary: "The sentences of one document, with byte spans and languages.",
        params: &[
            path("id", "Store id or file name."),
            q("lang", Kind::Text, "Only sentences in this language."),
            OFFSET,
            LIMIT,
        ],
        response: Content::Json("SentenceList"),
        form: false,
    },
    Route {
        path: "/api/documents/{id}/annotations",
        summary: "One document for reading: every paragraph's cleaned text with its sentences, dates, entity mentions and footnote markers (offsets are UTF-8 bytes into the paragraph's text), and the reference entries the markers point to.",
        params: &[path("id", "Store id or file name.")],
        response: Content::Json("Annotations"),
        form: false,
    },
    Route {
        path: "/api/entities",
        summary: "People, places and organisations, most mentioned first.",
        params: &[
            q("type", Kind::Text, "PERSON, PLACE or ORG."),
            q("id", Kind::List, "Only these entity ids."),
            q(
                "q",
                Kind::Text,
                "A name in any script or inflection (Shusha, Шушы, Şuşa).",
            ),
            OFFSET,
            LIMIT,
        ],
        response: Content::Json("EntityList"),
        form: false,
    },
    Route {
        path: "/api/entities/{id}",
        summary: "One entity: its name forms by language, coordinates, mentions with their sentences, and the entities that share sentences with it.",
        params: &[path("id", "Entity id.")],
        response: Content::Json("EntityDetail"),
        form: false,
    },
    Route {
        path: "/api/timeline",
        summary: "Events in time order, one line each.",
        params: TIMELINE_PARAMS,
        response: Content::Json("TimelineList"),
        form: false,
    },
    Route {
        path: "/api/events",
        summary: "Events in time order with every telling and its source.",
        params: TIMELINE_PARAMS,
        response: Content::Json("EventList"),
        form: false,
    },
    Route {
        path: "/api/events/{id}",
        summary: "One event with its tellings side by side and the disagreements between them.",
        params: &[path("id", "Event id.")],
        response: Content::Json("EventDetail"),
        form: false,
    },
    Route {
        path: "/api/conflicts",
        summary: "Disagreements between sources: every claim with its value, document, attribution and cited work.",
        params: &[
            q("event", Kind::Text, "Only disagreements about this event."),
            OFFSET,
            LIMIT,
        ],
        response: Content::Json("ConflictList"),
        form: false,
    },
    Route {
        path: "/api/conflicts/{id}",
        summary: "One disagreement.",
        params: &[path(
            "id",
            "Disagreement id (it holds a `/`: percent-encode it as %2F).",
        )],
        response: Content::Json("Conflict"),
        form: false,
    },
    Route {
        path: "/api/citations",
        summary: "Cited works, each with every reference entry and footnote marker citing it.",
        params: &[
            q(
                "q",
                Kind::Text,
                "An author or title word in any script (Кадишев, Kadishev).",
            ),
            OFFSET,
            LIMIT,
        ],
        response: Content::Json("WorkList"),
        form: false,
    },
    Route {
        path: "/api/citations/{id}",
        summary: "One cited work.",
        params: &[path("id", "Work id (kadishev-1960).")],
        response: Content::Json("Work"),
        form: false,
    },
    Route {
        path: "/api/export/{format}",
        summary: "The store, or the part the filters keep, in an exchange format, as a download (Content-Disposition) with the format's media type.",
        params: &[
            path("format", "The exchange format."),
            q("doc", Kind::List, "Only these documents (names or ids)."),
            q("from", Kind::Date, "Only events from this date."),
            q("to", Kind::Date, "Only events up to this date."),
            q(
                "entity",
                Kind::List,
                "Only events with one of these entities as a place or participant: ids, or names in any script (Шуша, Şuşa).",
            ),
            q(
                "lang",
                Kind::Text,
                "Only tellings, claims, mentions and dates in this language.",
            ),
            q(
                "table",
                Kind::Text,
                "csv only, and required there: events, claims, entities, mentions or disagreements.",
            ),
            q(
                "base",
                Kind::Text,
                "Base IRI of the identifiers (default: http://HOST/ of this request, so identifiers resolve on this server).",
            ),
        ],
        response: Content::Export,
        form: false,
    },
    Route {
        path: "/reconcile",
        summary: "Reconciliation service (W3C Reconciliation Service API 0.2, as OpenRefine speaks it): without queries the service manifest; with queries, the candidate entities of each query, found by name in any script or inflection and scored 0 to 100. Query properties are accepted and ignored (the service offers none).",
        params: &[
            q(
                "queries",
                Kind::Json,
                "A batch of at most 100 reconciliation queries by key: {\"q0\": {\"query\": \"Шуша\", \"type\": \"PLACE\", \"limit\": 5}}. Fields: query, type (PERSON, PLACE, ORG; or a list), type_strict (any: the default, a candidate has one of the types; all; should: candidates of other types are kept at half score), limit (1 to 100, default 10), properties (ignored).",
            ),
            CALLBACK,
            CACHE_BUSTER,
        ],
        response: Content::Json("Reconcile"),
        form: true,
    },
    Route {
        path: "/reconcile/preview",
        summary: "The reconciliation service's preview of an entity: a small HTML page (no script) with its name, type, name forms by language, coordinates and mention counts, made to be framed by OpenRefine.",
        params: &[required("id", Kind::Text, "Entity id.")],
        response: Content::Html,
        form: false,
    },
    Route {
        path: "/reconcile/suggest",
        summary: "The reconciliation service's entity suggestions (auto-complete): entities whose name in any script or inflection is the prefix, then those with a name form starting with it.",
        params: &[
            q("prefix", Kind::Text, "What the user typed."),
            q("cursor", Kind::Integer, "Suggestions to skip (default 0)."),
            q(
                "type",
                Kind::Text,
                "Only entities of this type: PERSON, PLACE or ORG.",
            ),
            CALLBACK,
            CACHE_BUSTER,
            q("spell", Kind::Text, IGNORED),
            q("exact", Kind::Text, IGNORED),
            q("prefixed", Kind::Text, IGNORED),
            q("lang", Kind::Text, IGNORED),
            q("filter", Kind::Text, IGNORED),
            q("key", Kind::Text, IGNORED),
        ],
        response: Content::Json("ReconcileSuggest"),
        form: false,
    },
];

/// The routes that exist only when the server has an admin token
/// ([`Config::admin_token`]): POST only, with `Authorization: Bearer
/// TOKEN`. The OpenAPI document lists them only then.
pub const ADMIN_ROUTES: &[Route] = &[Route {
    path: admin::REINDEX,
    summary: "Rebuilds the search index from the store (what `chronicle reindex` does) and says what it did. POST only, with Authorization: Bearer TOKEN (the token given to `chronicle serve --admin-token-file`); one at a time (409 while one runs). Exists only when the server has an admin token.",
    params: &[],
    response: Content::Json("Reindex"),
    form: false,
}];

type Answer = Result<Json<Value>, ApiError>;
type St = State<Arc<AppState>>;

fn route(path: &str) -> &'static Route {
    ROUTES
        .iter()
        .chain(ADMIN_ROUTES)
        .find(|r| r.path == path)
        .expect("a handler's route is in ROUTES or ADMIN_ROUTES")
}

/// The query parameters of a request to `path`, checked: every name is
/// one the route takes, and no text parameter is over
/// [`MAX_TEXT_CHARS`] characters.
pub(crate) fn params(path: &str, raw: Option<String>) -> Result<Params, ApiError> {
    let query: Vec<&Param> = route(path).params.iter().filter(|p| !p.in_path).collect();
    let names: Vec<&str> = query.iter().map(|p| p.name).collect();
    let p = Params::parse(raw.as_deref(), &names)?;
    let text: Vec<&str> = query
        .iter()
        .filter(|p| p.kind == Kind::Text)
        .map(|p| p.name)
        .collect();
    p.check_length(&text, MAX_TEXT_CHARS)?;
    Ok(p)
}

fn to_json<T: Serialize>(v: &T) -> Answer {
    serde_json::to_value(v)
        .map(Json)
        .map_err(|e| ApiError::internal(e.to_string()))
}

fn page<T: Serialize>(items: Vec<T>, offset: usize, limit: usize) -> Answer {
    let total = items.len();
    let items: Vec<T> = items.into_iter().skip(offset).take(limit).collect();
    Ok(Json(json!({
        "total": total,
        "offset": offset,
        "limit": limit,
        "items": serde_json::to_value(items).map_err(|e| ApiError::internal(e.to_string()))?,
    })))
}

/// The item with this id, or a 404 naming the route that lists them.
fn by_id<T>(
    items: Vec<T>,
    id: &str,
    key: impl Fn(&T) -> &String,
    what: &str,
    listed_at: &str,
) -> Result<T, ApiError> {
    items
        .into_iter()
        .find(|x| key(x) == id)
        .ok_or_else(|| ApiError::not_found(format!("no {what} {id:?}; {listed_at} lists them")))
}

fn find_doc(store: &Store, key: &str) -> Result<DocId, ApiError> {
    match store.find_document(key) {
        Ok(Some(id)) => Ok(id),
        Ok(None) => Err(ApiError::not_found(format!(
            "no document {key:?}; /api/documents lists them"
        ))),
        Err(chronicle_store::StoreError::Ambiguous { .. }) => Err(ApiError::bad_request(format!(
            "several documents are named {key:?}: use the store id"
        ))),
        Err(e) => Err(e.into()),
    }
}

/// A document by id or file name, with its summary.
fn load_doc(
    store: &Store,
    key: &str,
) -> Result<(DocId, chronicle_store::DocSummary, chronicle_core::Document), ApiError> {
    let doc_id = find_doc(store, key)?;
    let summary = store
        .list_documents()?
        .into_iter()
        .find(|d| d.id == doc_id)
        .ok_or_else(|| ApiError::not_found(format!("no document {key:?}")))?;
    let doc = store.load_document(doc_id)?;
    Ok((doc_id, summary, doc))
}

/// The table's routes with their handlers; each reads a body of at most
/// [`Config::body_limit_for`] its path.
pub fn routes(config: &Config) -> Router<Arc<AppState>> {
    let mut router = Router::new();
    for r in ROUTES {
        let handler: MethodRouter<Arc<AppState>> = match r.path {
            "/health" => get(health),
            "/api/stats" => get(stats),
            "/api/search" => get(search),
            "/api/documents" => get(documents),
            "/api/documents/{id}" => get(document),
            "/api/documents/{id}/sentences" => get(sentences),
            "/api/documents/{id}/annotations" => get(annotations),
            "/api/entities" => get(entities),
            "/api/entities/{id}" => get(entity),
            "/api/timeline" => get(timeline),
            "/api/events" => get(events),
            "/api/events/{id}" => get(event),
            "/api/conflicts" => get(conflicts),
            "/api/conflicts/{id}" => get(conflict),
            "/api/citations" => get(citations),
            "/api/citations/{id}" => get(citation),
            "/api/export/{format}" => get(export),
            "/reconcile" => get(reconcile::service).post(reconcile::service),
            "/reconcile/preview" => get(reconcile::preview),
            "/reconcile/suggest" => get(reconcile::suggest),
            other => panic!("no handler for route {other}"),
        };
        let limit = RequestBodyLimitLayer::new(config.body_limit_for(r.path));
        router = router.route(r.path, handler.layer(limit));
    }
    if config.admin_token.is_some() {
        for r in ADMIN_ROUTES {
            let handler: MethodRouter<Arc<AppState>> = match r.path {
                admin::REINDEX => post(admin::reindex),
                other => panic!("no handler for admin route {other}"),
            };
            let limit = RequestBodyLimitLayer::new(config.body_limit);
            router = router.route(r.path, handler.layer(limit));
        }
    }
    router
        .route("/openapi.json", get(openapi))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

/// Whether `path` is a route that also takes a form by POST.
pub fn takes_form(path: &str) -> bool {
    ROUTES.iter().any(|r| r.form && r.path == path)
}

async fn not_found(uri: Uri) -> ApiError {
    ApiError::not_found(format!(
        "no route {}; /openapi.json lists the routes",
        uri.path()
    ))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    let path = uri.path();
    let message = if takes_form(path) {
        format!("{method} is not allowed on {path}: use GET, or POST with a form")
    } else if ADMIN_ROUTES.iter().any(|r| r.path == path) {
        format!("{method} is not allowed on {path}: use POST with Authorization: Bearer TOKEN")
    } else {
        format!("{method} is not allowed on {path}: the API is read-only, use GET")
    };
    ApiError {
        status: StatusCode::METHOD_NOT_ALLOWED,
        message,
    }
}

/// `http://HOST/`: the address this request was sent to, the base of the
/// IRIs and links an answer gives. The Host header must be a host name or
/// address with an optional port; without one, `http://localhost/`.
pub fn base_of(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(host) = headers.get(HOST) else {
        return Ok("http://localhost/".into());
    };
    let host = host.to_str().unwrap_or("");
    let ok = !host.is_empty()
        && host.len() <= 255
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-_:[]".contains(&b));
    if !ok {
        return Err(ApiError::bad_request(format!(
            "the Host header {host:?} is not a host name or address with a port"
        )));
    }
    Ok(format!("http://{host}/"))
}

async fn openapi(State(s): St) -> Json<Value> {
    Json(crate::openapi::document_with(
        s.config.admin_token.is_some(),
    ))
}

async fn health(State(s): St, RawQuery(raw): RawQuery) -> Answer {
    params("/health", raw)?;
    s.run(|store, index| {
        let stats = store.stats()?;
        Ok(Json(json!({
            "status": "ok",
            "documents": stats.documents,
            "index": index.map(|i| i.unit_count()),
        })))
    })
    .await
}

async fn stats(State(s): St, RawQuery(raw): RawQuery) -> Answer {
    params("/api/stats", raw)?;
    s.run(|store, _| to_json(&store.stats()?)).await
}

async fn search(State(s): St, RawQuery(raw): RawQuery) -> Answer {
    let p = params("/api/search", raw)?;
    let limit = p.number("limit", 10, 100)?;
    let req = SearchRequest {
        query: p.get("q").unwrap_or("").to_string(),
        filters: Filters {
            langs: p.list("lang"),
            docs: p.list("doc"),
            entities: p.list("entity"),
            places: p.list("place"),
            types: p.list("type"),
            from: p.get("from").map(str::to_string),
            to: p.get("to").map(str::to_string),
            unit: UnitKind::parse(p.get("unit").unwrap_or("sentence"))?,
        },
        expand: p.flag("expand", true)?,
        limit,
        offset: p.number("offset", 0, chronicle_search::index::MAX_OFFSET)?,
        facets: p.flag("facets", true)?,
    };
    s.run(move |_, index| {
        let index = index.ok_or_else(|| ApiError::unavailable(NO_INDEX))?;
        to_json(&index.search(&req)?)
    })
    .await
}

async fn documents(State(s): St, RawQuery(raw): RawQuery) -> Answer {
    let (offset, limit) = params("/api/documents", raw)?.page()?;
    s.run(move |store, _| page(store.list_documents()?, offset, limit))
        .await
}

async fn document(State(s): St, Path(id): Path<String>, RawQuery(raw): RawQuery) -> Answer {
    params("/api/documents/{id}", raw)?;
    s.run(move |store, _| {
        let (_, summary, doc) = load_doc(store, &id)?;
        let paragraphs: Vec<Value> = doc
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let mut v = paragraph_json(i, p);
                v["sentences"] = json!(p.sentences.len());
                v
            })
            .collect();
        let mut v =
            serde_json::to_value(&summary).map_err(|e| ApiError::internal(e.to_string()))?;
        v["paragraphs"] = Value::Array(paragraphs);
        Ok(Json(v))
    })
    .await
}

async fn sentences(State(s): St, Path(id): Path<String>, RawQuery(raw): RawQuery) -> Answer {
    let p = params("/api/documents/{id}/sentences", raw)?;
    let (offset, limit) = p.page()?;
    let lang = p.get("lang").map(str::to_string);
    s.run(move |store, _| {
        let doc_id = find_doc(store, &id)?;
        let doc = store.load_document(doc_id)?;
        let mut items = Vec::new();
        for (pi, para) in doc.paragraphs.iter().enumerate() {
            for (si, sent) in para.sentences.iter().enumerate() {
                if lang.as_ref().is_some_and(|l| *l != sent.lang) {
                    continue;
                }
                items.push(json!({
                    "paragraph": pi,
                    "sentence": si,
                    "start": sent.span.start,
                    "end": sent.span.end,
                    "lang": sent.lang,
                    "text": para.sentence_text(sent),
                }));
            }
        }
        page(items, offset, limit)
    })
    .await
}

/// The fields every paragraph of an answer has: its index, block kind,
/// language, source span and cleaned text.
fn paragraph_json(i: usize, p: &chronicle_core::Paragraph) -> Value {
    json!({
        "paragraph": i,
        "kind": p.kind.as_str(),
        "lang": p.lang,
        "start": p.span.start,
        "end": p.span.end,
        "text": p.text.text(),
    })
}

/// Appends `item` to the list `key` of paragraph `i` (if there is one).
fn push_into(paragraphs: &mut [Value], i: usize, key: &str, item: Value) {
    if let Some(Value::Array(list)) = paragraphs.get_mut(i).map(|p| &mut p[key]) {
        list.push(item);
    }
}

async fn annotations(State(s): St, Path(id): Path<String>, RawQuery(raw): RawQuery) -> Answer {
    params("/api/documents/{id}/annotations", raw)?;
    s.run(move |store, _| {
        let (doc_id, summary, doc) = load_doc(store, &id)?;
        let entities = store.document_mention_entities(doc_id)?;
        let mut works = std::collections::HashMap::new();
        for w in store.works()? {
            for c in &w.citations {
                if c.doc == doc.name && c.kind == "entry" {
                    works.insert(c.start, w.id.clone());
                }
            }
        }
        let mut by_label = std::collections::HashMap::new();
        for r in &doc.references {
            if let Some(label) = &r.label {
                by_label.entry(label.as_str()).or_insert(r.paragraph);
            }
        }
        let mut paragraphs: Vec<Value> = doc
            .paragraphs
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let sentences: Vec<Value> = p
                    .sentences
                    .iter()
                    .enumerate()
                    .map(|(si, s)| {
                        json!({
                            "sentence": si,
                            "start": s.span.start,
                            "end": s.span.end,
                            "text_start": s.start,
                            "text_end": s.end,
                            "lang": s.lang,
                        })
                    })
                    .collect();
                let anchors: Vec<Value> = p
                    .anchors
                    .iter()
                    .map(|a| {
                        json!({
                            "offset": a.offset,
                            "label": a.label,
                            "reference": by_label.get(a.label.as_str()),
                        })
                    })
                    .collect();
                let mut v = paragraph_json(i, p);
                v["sentences"] = Value::Array(sentences);
                v["anchors"] = Value::Array(anchors);
                v["times"] = json!([]);
                v["mentions"] = json!([]);
                v
            })
            .collect();
        for t in &doc.timexes {
            push_into(
                &mut paragraphs,
                t.paragraph,
                "times",
                json!({
                    "start": t.start,
                    "end": t.end,
                    "text": t.text,
                    "type": t.kind.as_str(),
                    "value": t.value,
                }),
            );
        }
        let mut kinds: std::collections::HashMap<&str, Option<EntityType>> =
            std::collections::HashMap::new();
        for (i, m) in doc.mentions.iter().enumerate() {
            let entity = entities.get(i).and_then(|e| e.as_deref());
            let kind = match entity {
                Some(e) => match kinds.get(e) {
                    Some(k) => *k,
                    None => {
                        let k = store.entity(e)?.map(|r| r.kind);
                        kinds.insert(e, k);
                        k
                    }
                },
                None => m.kind,
            };
            push_into(
                &mut paragraphs,
                m.paragraph,
                "mentions",
                json!({
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                    "type": kind,
                    "entity": entity,
                }),
            );
        }
        let references: Vec<Value> = doc
            .references
            .iter()
            .map(|r| {
                json!({
                    "paragraph": r.paragraph,
                    "label": r.label,
                    "start": r.span.start,
                    "end": r.span.end,
                    "text": r.text,
                    "work": works.get(&r.span.start),
                })
            })
            .collect();
        let mut v =
            serde_json::to_value(&summary).map_err(|e| ApiError::internal(e.to_string()))?;
        v["paragraphs"] = Value::Array(paragraphs);
        v["references"] = Value::Array(references);
        Ok(Json(v))
    })
    .await
}

async fn entities(State(s): St, RawQuery(raw): RawQuery) -> Answer {
    let p = params("/api/entities", raw)?;
    let (offset, limit) = p.page()?;
    let kind = match p.get("type") {
        None => None,
        Some(t) => Some(EntityType::parse(&t.to_uppercase()).ok_or_else(|| {
            ApiError::bad_request(format!("type {t:?} is unknown: use PERSON, PLACE or ORG"))
        })?),
    };
    let name = p.get("q").map(str::to_string);
    let ids = p.list("id");
    s.run(move |store, _| {
        let mut list = match &name {
            Some(name) => chronicle_search::aliases::entities_named(store, name)?,
            None if !ids.is_empty() => {
                let mut found = Vec::new();
                for id in &ids {
                    found.extend(store.entity(id)?);
                }
                found
            }
            None => store.entities(kind)?,
        };
        if name.is_some() && !ids.is_empty() {
            list.retain(|e| ids.contains(&e.id));
        }
        if let Some(kind) = kind {
            list.retain(|e| e.kind == kind);
        }
        page(list, offset, limit)
    })
    .await
}

/// Mentions listed with an entity; the total is always given.
const ENTITY_MENTIONS: usize = 200;
/// Co-occurring entities listed with an entity.
const CO_OCCURRING: usize = 30;

async fn entity(State(s): St, Path(id): Path<String>, RawQuery(raw): RawQuery) -> Answer {
    params("/api/entities/{id}", raw)?;
    s.run(move |store, _| {
        let record = store.entity(&id)?.ok_or_else(|| {
            ApiError::not_found(format!("no entity {id:?}; /api/entities lists them"))
        })?;
        let aliases = store.entity_aliases(&id)?;
        let mentions = store.entity_mentions(&id)?;
        let mut cooccurring = Vec::new();
        for (other, sentences) in store.co_occurring(&id, CO_OCCURRING)? {
            if let Some(e) = store.entity(&other)? {
                cooccurring.push(json!({
                    "id": e.id,
                    "name": e.name,
                    "type": e.kind,
                    "sentences": sentences,
                }));
            }
        }
        Ok(Json(json!({
            "entity": record,
            "aliases": aliases,
            "mention_total": mentions.len(),
            "mentions": mentions.into_iter().take(ENTITY_MENTIONS).collect::<Vec<_>>(),
            "cooccurring": cooccurring,
        })))
    })
    .await
}

fn timeline_filter(p: &Params) -> Result<TimelineFilter, ApiError> {
    let ids = |name: &str| {
        let v = p.list(name);
        (!v.is_empty()).then_some(v)
    };
    Ok(TimelineFilter {
        entities: ids("entity"),
        places: ids("place"),
        from: p
            .get("from")
            .map(|d| day_bound(d, false))
            .transpose()
            .map_err(|m| ApiError::bad_request(format!("from: {m}")))?,
        to: p
            .get("to")
            .map(|d| day_bound(d, true))
            .transpose()
            .map_err(|m| ApiError::bad_request(format!("to: {m}")))?,
        lang: p.get("lang").map(str::to_string),
        min_documents: p.number("min_documents", 1, 1_000_000)?,
        all: p.flag("all", false)?,
    })
}

fn filtered_events(store: &Store, filter: &TimelineFilter) -> Result<Vec<Event>, ApiError> {
    Ok(store
        .events()?
        .into_iter()
        .filter_map(|e| filter.apply(e))
        .collect())
}

async fn timeline(State(s): St, RawQuery(raw): RawQuery) -> Answer {
    let p = params("/api/timeline", raw)?;
    let (offset, limit) = p.page()?;
    let filter = timeline_filter(&p)?;
    s.run(move |store, _| {
        let items: Vec<Value> = filtered_events(store, &filter)?
            .iter()
            .map(|e| {
                json!({
                    "id": e.id,
                    "label": e.label,
                    "start": e.start,
                    "end": e.end,
                    "classes": e.classes,
                    "places": e.places,
                    "participants": e.participants,
                    "langs": e.langs,
                    "documents": e.documents,
                    "tellings": e.tellings.len(),
                })
            })
            .collect();
        page(items, offset, limit)
    })
    .await
}

async fn events(State(s): St, RawQuery(raw): RawQuery) -> Answer {
    let p = params("/api/events", raw)?;
    let (offset, limit) = p.page()?;
    let filter = timeline_filter(&p)?;
    s.run(move |store, _| page(filtered_events(store, &filter)?, offset, limit))
        .await
}

async fn event(State(s): St, Path(id): Path<String>, RawQuery(raw): RawQuery) -> Answer {
    params("/api/events/{id}", raw)?;
    s.run(move |store, _| {
        let event = by_id(store.events()?, &id, |e| &e.id, "event", "/api/timeline")?;
        let conflicts: Vec<Conflict> = store
            .conflicts()?
            .into_iter()
            .filter(|c| c.event == id)
            .collect();
        Ok(Json(json!({ "event": event, "conflicts": conflicts })))
    })
    .await
}

async fn conflicts(State(s): St, RawQuery(raw): RawQuery) -> Answer {
    let p = params("/api/conflicts", raw)?;
    let (offset, limit) = p.page()?;
    let event = p.get("event").map(str::to_string);
    s.run(move |store, _| {
        let mut list = store.conflicts()?;
        if let Some(e) = &event {
            list.retain(|c| &c.event == e);
        }
        page(list, offset, limit)
    })
    .await
}

async fn conflict(State(s): St, Path(id): Path<String>, RawQuery(raw): RawQuery) -> Answer {
    params("/api/conflicts/{id}", raw)?;
    s.run(move |store, _| {
        to_json(&by_id(
            store.conflicts()?,
            &id,
            |c| &c.id,
            "disagreement",
            "/api/conflicts",
        )?)
    })
    .await
}

async fn citations(State(s): St, RawQuery(raw): RawQuery) -> Answer {
    let p = params("/api/citations", raw)?;
    let (offset, limit) = p.page()?;
    let query = p.get("q").map(str::to_string);
    s.run(move |store, _| {
        let mut works = store.works()?;
        if let Some(q) = &query {
            works.retain(|w| chronicle_events::citations::work_matches(w, q));
        }
        page(works, offset, limit)
    })
    .await
}

async fn citation(State(s): St, Path(id): Path<String>, RawQuery(raw): RawQuery) -> Answer {
    params("/api/citations/{id}", raw)?;
    s.run(move |store, _| {
        to_json(&by_id(
            store.works()?,
            &id,
            |w| &w.id,
            "cited work",
            "/api/citations",
        )?)
    })
    .await
}

/// A date parameter, checked as the timeline reads it.
fn date(p: &Params, name: &str, end: bool) -> Result<Option<String>, ApiError> {
    let Some(d) = p.get(name) else {
        return Ok(None);
    };
    day_bound(d, end).map_err(|m| ApiError::bad_request(format!("{name}: {m}")))?;
    Ok(Some(d.to_string()))
}

/// The `base` parameter (an http or https IRI with no character an IRI
/// cannot hold unescaped), or this server's address.
fn export_base(p: &Params, headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(base) = p.get("base") else {
        return base_of(headers);
    };
    let ok = (base.starts_with("http://") || base.starts_with("https://"))
        && !base
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "\"<>\\^`{|}".contains(c));
    if !ok {
        return Err(ApiError::bad_request(format!(
            "base {base:?} is not an http:// or https:// IRI"
        )));
    }
    Ok(base.to_string())
}

async fn export(
    State(s): St,
    Path(format): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let p = params("/api/export/{format}", raw)?;
    let (from, to) = (date(&p, "from", false)?, date(&p, "to", true)?);
    let table = match p.get("table") {
        None => None,
        Some(t) => Some(Table::parse(t).ok_or_else(|| {
            ApiError::bad_request(format!(
                "table {t:?} is unknown: use one of {}",
                Table::names().join(", ")
            ))
        })?),
    };
    let base = export_base(&p, &headers)?;
    let format = Format::parse(&format).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        ApiError::not_found(format!(
            "no export format {format:?}; the formats are {}",
            names.join(", ")
        ))
    })?;
    if (format == Format::Csv) != table.is_some() {
        return Err(ApiError::bad_request(if table.is_some() {
            "table applies only to the csv export".to_string()
        } else {
            format!(
                "the csv export needs table: one of {}",
                Table::names().join(", ")
            )
        }));
    }
    let (docs, names, lang) = (p.list("doc"), p.list("entity"), p.get("lang"));
    let lang = lang.map(str::to_string);
    let limit = s.config.export_limit;
    let body = s
        .run(move |store, _| {
            let mut entities = Vec::new();
            for name in &names {
                let found = chronicle_search::aliases::entities_named(store, name)?;
                if found.is_empty() {
                    return Err(ApiError::bad_request(format!(
                        "no entity matches {name:?}; /api/entities?q= finds entities by name"
                    )));
                }
                entities.extend(found.into_iter().map(|e| e.id));
            }
            let filter = Filter {
                docs,
                from,
                to,
                entities,
                lang,
            };
            let ds = Dataset::load(store, &base, filter)?;
            let mut out = Capped {
                bytes: Vec::new(),
                limit,
                over: false,
            };
            match chronicle_interop::export(format, &ds, &Options { table }, &mut out) {
                Ok(_) => Ok(out.bytes),
                Err(_) if out.over => Err(ApiError::bad_request(format!(
                    "the export is over this server's limit of {limit} bytes: narrow it with doc, from, to, entity or lang, or run `chronicle export` on the command line"
                ))),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
    let disposition = format!("attachment; filename=\"chronicle.{}\"", format.extension());
    Ok((
        [
            (CONTENT_TYPE, format.media_type().to_string()),
            (CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response())
}

/// An export's bytes, up to a limit: a write past it fails (and stops the
/// export) with `over` set.
struct Capped {
    bytes: Vec<u8>,
    limit: usize,
    over: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > self.limit {
            self.over = true;
            return Err(std::io::Error::other("over the export limit"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
