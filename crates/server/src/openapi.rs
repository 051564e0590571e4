//! The OpenAPI 3.1 document, built from [`crate::api::ROUTES`] and the
//! schemas of the answers.

use chronicle_interop::Format;
use serde_json::{Map, Value, json};

use crate::api::{ADMIN_ROUTES, Content, Kind, ROUTES, Route};

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn int() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}

fn string() -> Value {
    json!({ "type": "string" })
}

fn opt(t: &str) -> Value {
    json!({ "type": [t, "null"] })
}

fn strings() -> Value {
    json!({ "type": "array", "items": { "type": "string" } })
}

/// A URL template holding `{{id}}`.
fn template() -> Value {
    json!({ "type": "string", "pattern": "\\{\\{id\\}\\}" })
}

fn array(item: Value) -> Value {
    json!({ "type": "array", "items": item })
}

/// An object schema: every listed property is required.
fn object(props: &[(&str, Value)]) -> Value {
    let mut p = Map::new();
    let mut required = Vec::new();
    for (k, v) in props {
        p.insert(k.to_string(), v.clone());
        required.push(Value::String(k.to_string()));
    }
    json!({ "type": "object", "properties": p, "required": required })
}

fn page(item: &str) -> Value {
    object(&[
        ("total", int()),
        ("offset", int()),
        ("limit", int()),
        ("items", array(r(item))),
    ])
}

fn schemas() -> Value {
    let span = || [("start", int()), ("end", int())];
    let doc_summary = [
        ("id", int()),
        ("source", string()),
        ("name", string()),
        ("url", opt("string")),
        ("title", opt("string")),
        ("main_lang", opt("string")),
        ("format", string()),
        ("encoding", string()),
        ("byte_len", int()),
        ("paragraph_count", int()),
        ("sentence_count", int()),
        ("reference_count", int()),
        ("anchor_count", int()),
        ("content_hash", string()),
        ("pipeline", int()),
    ];
    // The fields of every paragraph (`api::paragraph_json`), then each
    // answer's own.
    let paragraph = |own: &[(&str, Value)]| {
        let mut fields = vec![
            ("paragraph", int()),
            ("kind", string()),
            ("lang", string()),
            ("start", int()),
            ("end", int()),
            ("text", string()),
        ];
        fields.extend(own.iter().cloned());
        array(object(&fields))
    };
    let mut document = doc_summary.to_vec();
    document.push(("paragraphs", paragraph(&[("sentences", int())])));
    let mut annotated = doc_summary.to_vec();
    annotated.push((
        "paragraphs",
        paragraph(&[
            (
                "sentences",
                array(object(&[
                    ("sentence", int()),
                    ("start", int()),
                    ("end", int()),
                    ("text_start", int()),
                    ("text_end", int()),
                    ("lang", string()),
                ])),
            ),
            (
                "anchors",
                array(object(&[
                    ("offset", int()),
                    ("label", string()),
                    ("reference", opt("integer")),
                ])),
            ),
            (
                "times",
                array(object(&[
                    ("start", int()),
                    ("end", int()),
                    ("text", string()),
                    ("type", string()),
                    ("value", string()),
                ])),
            ),
            (
                "mentions",
                array(object(&[
                    ("start", int()),
                    ("end", int()),
                    ("text", string()),
                    ("type", opt("string")),
                    ("entity", opt("string")),
                ])),
            ),
        ]),
    ));
    annotated.push((
        "references",
        array(object(&[
            ("paragraph", int()),
            ("label", opt("string")),
            ("start", int()),
            ("end", int()),
            ("text", string()),
            ("work", opt("string")),
        ])),
    ));
    let [s, e] = span();
    json!({
        "Error": object(&[("error", object(&[("status", int()), ("message", string())]))]),
        "Health": object(&[("status", string()), ("documents", int()), ("index", opt("integer"))]),
        "Reindex": object(&[
            ("added", int()),
            ("updated", int()),
            ("removed", int()),
            ("unchanged", int()),
            ("units", int()),
            ("entities", int()),
            ("changed", json!({ "type": "boolean" })),
            ("seconds", json!({ "type": "number", "minimum": 0 })),
        ]),
        "Stats": object(&[("documents", int()), ("paragraphs", int()), ("sentences", int())]),
        "DocumentSummary": object(&doc_summary),
        "DocumentList": page("DocumentSummary"),
        "Document": object(&document),
        "Annotations": object(&annotated),
        "Sentence": object(&[
            ("paragraph", int()), ("sentence", int()), s.clone(), e.clone(),
            ("lang", string()), ("text", string()),
        ]),
        "SentenceList": page("Sentence"),
        "Entity": object(&[
            ("id", string()), ("type", json!({"enum": ["PERSON", "PLACE", "ORG"]})),
            ("name", string()), ("place", opt("string")), ("place_kind", opt("string")),
            ("lat", opt("number")), ("lon", opt("number")),
            ("mentions", int()), ("documents", int()),
        ]),
        "EntityList": page("Entity"),
        "EntityDetail": object(&[
            ("entity", r("Entity")),
            ("aliases", array(object(&[("text", string()), ("lang", string()), ("count", int())]))),
            ("mention_total", int()),
            ("mentions", array(object(&[
                ("doc", string()), s.clone(), e.clone(), ("text", string()), ("lang", string()),
                ("sentence", string()), ("sentence_start", int()), ("sentence_end", int()),
            ]))),
            ("cooccurring", array(object(&[
                ("id", string()), ("name", string()),
                ("type", json!({"enum": ["PERSON", "PLACE", "ORG"]})), ("sentences", int()),
            ]))),
        ]),
        "TimelineItem": object(&[
            ("id", string()), ("label", string()), ("start", opt("string")), ("end", opt("string")),
            ("classes", strings()), ("places", strings()), ("participants", strings()),
            ("langs", strings()), ("documents", strings()), ("tellings", int()),
        ]),
        "TimelineList": page("TimelineItem"),
        "Telling": object(&[
            ("doc", string()), ("doc_id", int()), ("paragraph", int()), ("sentence", int()),
            s.clone(), e.clone(), ("sentence_start", int()), ("sentence_end", int()),
            ("lang", string()), ("text", string()), ("classes", strings()), ("predicate", string()),
            ("time", opt("object")), ("places", array(json!({"type": "object"}))),
            ("participants", array(json!({"type": "object"}))),
            ("quantities", array(json!({"type": "object"}))),
            ("attribution", opt("object")), ("references", array(json!({"type": "object"}))),
            ("continuation", json!({"type": "boolean"})), ("anachronism", opt("object")),
        ]),
        "Event": object(&[
            ("id", string()), ("label", string()), ("classes", strings()),
            ("start", opt("string")), ("end", opt("string")), ("places", strings()),
            ("participants", strings()), ("langs", strings()), ("documents", strings()),
            ("tellings", array(r("Telling"))),
        ]),
        "EventList": page("Event"),
        "EventDetail": object(&[("event", r("Event")), ("conflicts", array(r("Conflict")))]),
        "Claim": object(&[
            ("doc", string()), ("lang", string()), s.clone(), e.clone(), ("value", string()),
            ("wording", string()), ("sentence", string()), ("attributed_to", opt("string")),
            ("references", strings()),
        ]),
        "Conflict": object(&[
            ("id", string()), ("event", string()), ("slot", string()), ("about", string()),
            ("low", opt("string")), ("high", opt("string")), ("claims", array(r("Claim"))),
        ]),
        "ConflictList": page("Conflict"),
        "Work": object(&[
            ("id", string()),
            ("fields", object(&[
                ("authors", strings()), ("year", opt("integer")), ("title", opt("string")),
                ("place", opt("string")), ("publisher", opt("string")), ("pages", opt("string")),
                ("doi", opt("string")), ("url", opt("string")), ("lang", opt("string")),
                ("short", json!({"type": "boolean"})),
            ])),
            ("citations", array(object(&[
                ("doc", string()), s.clone(), e.clone(), ("kind", json!({"enum": ["entry", "marker"]})),
                ("label", opt("string")),
            ]))),
        ]),
        "WorkList": page("Work"),
        "Highlight": object(&[
            ("start", int()), ("end", int()), ("source_start", int()), ("source_end", int()),
        ]),
        "Hit": object(&[
            ("score", json!({"type": "number"})),
            ("unit", json!({"enum": ["sentence", "paragraph"]})),
            ("doc", string()), ("doc_id", int()), ("paragraph", int()),
            ("sentence", opt("integer")), s.clone(), e.clone(), ("lang", string()),
            ("text", string()), ("highlights", array(r("Highlight"))),
            ("entities", strings()), ("events", strings()), ("types", strings()),
            ("times", strings()),
        ]),
        "Expansion": object(&[
            ("text", string()), ("stems", strings()), ("fold", string()), ("roman", strings()),
            ("entities", array(object(&[
                ("id", string()), ("type", string()), ("name", string()), ("forms", strings()),
            ]))),
        ]),
        "Facet": {
            "type": "object",
            "properties": { "value": string(), "label": string(), "count": int() },
            "required": ["value", "count"],
        },
        "ReconcileType": object(&[("id", json!({"enum": ["PERSON", "PLACE", "ORG"]})), ("name", string())]),
        "ReconcileManifest": object(&[
            ("versions", strings()), ("name", string()), ("identifierSpace", string()),
            ("schemaSpace", string()), ("documentation", string()), ("serviceVersion", string()),
            ("defaultTypes", array(r("ReconcileType"))),
            ("view", object(&[("url", template())])),
            ("preview", object(&[("url", template()), ("width", int()), ("height", int())])),
            ("suggest", object(&[("entity", object(&[("service_url", string()), ("service_path", string())]))])),
            ("batchSize", int()),
        ]),
        "ReconcileCandidate": object(&[
            ("id", string()), ("name", string()), ("type", array(r("ReconcileType"))),
            ("score", json!({"type": "number", "minimum": 0, "maximum": 100})),
            ("match", json!({"type": "boolean"})), ("description", string()),
        ]),
        "ReconcileResults": {
            "type": "object",
            "additionalProperties": object(&[("result", array(r("ReconcileCandidate")))]),
        },
        "Reconcile": { "oneOf": [r("ReconcileManifest"), r("ReconcileResults")] },
        "ReconcileSuggest": object(&[("result", array(object(&[
            ("id", string()), ("name", string()), ("description", string()),
            ("notable", array(r("ReconcileType"))),
        ])))]),
        "SearchResults": object(&[
            ("query", string()), ("total", int()), ("total_exact", json!({"type": "boolean"})),
            ("offset", int()), ("limit", int()), ("hits", array(r("Hit"))), ("expansion", array(r("Expansion"))),
            ("facets", json!({"type": "object", "additionalProperties": array(r("Facet"))})),
        ]),
    })
}

fn parameter(route: &Route, p: &crate::api::Param) -> Value {
    let schema = match p.kind {
        Kind::Text if p.in_path && route.response == Content::Export => {
            json!({ "type": "string", "enum": Format::ALL.map(Format::name) })
        }
        Kind::Text => string(),
        Kind::Json => json!({ "type": "string", "contentMediaType": "application/json" }),
        Kind::List => strings(),
        Kind::Integer => int(),
        Kind::Boolean => json!({ "type": "boolean" }),
        Kind::Date => {
            json!({ "type": "string", "pattern": "^-?[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$" })
        }
    };
    let mut description = p.description.to_string();
    if p.in_path && route.response == Content::Export {
        for f in Format::ALL {
            description.push_str(&format!(" {}: {}.", f.name(), f.about()));
        }
    }
    let mut v = json!({
        "name": p.name,
        "in": if p.in_path { "path" } else { "query" },
        "required": p.required,
        "description": description,
        "schema": schema,
    });
    if p.kind == Kind::List {
        v["style"] = json!("form");
        v["explode"] = json!(true);
    }
    v
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": r("Error") } },
    })
}

/// The media types and schemas of a route's 200 answer.
fn content(route: &Route) -> Value {
    let text = || json!({ "schema": string() });
    match route.response {
        Content::Json(schema) => {
            let mut c = json!({ "application/json": { "schema": r(schema) } });
            if route.params.iter().any(|p| p.name == "callback") {
                c["text/javascript"] = text();
            }
            c
        }
        Content::Html => json!({ "text/html; charset=utf-8": text() }),
        Content::Export => {
            let mut c = Map::new();
            for f in Format::ALL {
                c.insert(f.media_type().to_string(), text());
            }
            Value::Object(c)
        }
    }
}

/// The responses every route may give besides its own: a request line too
/// long, an internal error.
fn common_responses(responses: &mut Map<String, Value>) {
    responses.insert(
        "414".into(),
        error_response("The path and query are over 8 KiB"),
    );
    responses.insert(
        "500".into(),
        error_response("Internal error (the details are in the server's log only)"),
    );
}

/// An admin route: POST only, with a bearer token.
fn admin_item(route: &Route) -> Value {
    let mut responses = Map::new();
    responses.insert(
        "200".into(),
        json!({ "description": "OK", "content": content(route) }),
    );
    responses.insert("400".into(), error_response("A parameter was given"));
    responses.insert(
        "401".into(),
        error_response("No bearer token, or not the admin token (with WWW-Authenticate)"),
    );
    responses.insert("409".into(), error_response("One is already running"));
    responses.insert(
        "503".into(),
        error_response("The store or the search index cannot be read or written"),
    );
    common_responses(&mut responses);
    let id = route.path.trim_start_matches('/').replace('/', "_");
    json!({
        "post": {
            "operationId": id,
            "summary": route.summary,
            "security": [{ "adminToken": [] }],
            "parameters": [],
            "responses": responses,
        }
    })
}

/// The whole OpenAPI document of a server without an admin token.
pub fn document() -> Value {
    document_with(false)
}

/// The whole OpenAPI document; with `admin`, also [`ADMIN_ROUTES`].
pub fn document_with(admin: bool) -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let mut responses = Map::new();
        responses.insert(
            "200".into(),
            json!({ "description": "OK", "content": content(route) }),
        );
        responses.insert(
            "400".into(),
            error_response("A parameter is unknown or malformed"),
        );
        if route.params.iter().any(|p| p.required) {
            responses.insert("404".into(), error_response("No such item"));
        }
        if route.form {
            responses.insert(
                "413".into(),
                error_response("The form, or the batch of queries, is too large"),
            );
            responses.insert("415".into(), error_response("A POST that is not a form"));
        }
        responses.insert(
            "503".into(),
            error_response("Over the time limit, or the store or search index is not available"),
        );
        common_responses(&mut responses);
        let id = route
            .path
            .trim_start_matches('/')
            .replace(['/', '{', '}'], "_")
            .trim_matches('_')
            .to_string();
        let query: Vec<&crate::api::Param> = route.params.iter().filter(|p| !p.in_path).collect();
        let mut item = json!({
            "get": {
                "operationId": id,
                "summary": route.summary,
                "parameters": route.params.iter().map(|p| parameter(route, p)).collect::<Vec<_>>(),
                "responses": responses,
            }
        });
        if route.form {
            let mut props = Map::new();
            for p in &query {
                let mut schema = parameter(route, p)["schema"].clone();
                schema["description"] = json!(p.description);
                props.insert(p.name.to_string(), schema);
            }
            item["post"] = json!({
                "operationId": format!("{id}_post"),
                "summary": route.summary,
                "requestBody": {
                    "required": true,
                    "content": { "application/x-www-form-urlencoded": {
                        "schema": { "type": "object", "properties": props },
                    } },
                },
                "responses": item["get"]["responses"].clone(),
            });
        }
        paths.insert(route.path.to_string(), item);
    }
    paths.insert(
        "/openapi.json".into(),
        json!({
            "get": {
                "operationId": "openapi",
                "summary": "This document.",
                "responses": { "200": {
                    "description": "OK",
                    "content": { "application/json": { "schema": { "type": "object" } } },
                } },
            }
        }),
    );
    let mut components = json!({ "schemas": schemas() });
    if admin {
        for route in ADMIN_ROUTES {
            paths.insert(route.path.to_string(), admin_item(route));
        }
        components["securitySchemes"] = json!({
            "adminToken": {
                "type": "http",
                "scheme": "bearer",
                "description": "The token given to `chronicle serve --admin-token-file FILE` (or CHRONICLE_ADMIN_TOKEN).",
            }
        });
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Chronicle",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read-only API of a Chronicle store: search in every script, documents and sentences, entities, events and the timeline, disagreements between sources, cited works; the exchange formats as downloads; a reconciliation service for OpenRefine. Every statement carries its document and byte span.",
        },
        "paths": paths,
        "components": components,
    })
}
