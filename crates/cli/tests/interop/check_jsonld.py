"""Validates Chronicle's schema.org JSON-LD export (`chronicle export jsonld`).

Usage: check_jsonld.py EXPORT.jsonld

Offline: the document loader refuses every remote load, so the export must
carry its context inline. Checks, with PyLD:
- expansion succeeds and keeps every node of the @graph;
- every Claim has an `appearance` whose node has a byte span (byteStart <
  byteEnd) and `isPartOf` a document node (a CreativeWork in the graph),
  and is `about` an Event of the graph;
- events, places, people and organisations carry their schema.org types and
  a name, an event's locations are Places and its attendees People or
  Organizations; every Disagreement lists competing Claims, each with a value (how
  many list one only, as a filtered export may, is reported);
- no two nodes share an @id, and no link between the graph's nodes
  (places, participants, authors, citations, competing claims, reference
  entries) leads to a node the graph lacks;
- compaction with the export's own context gives back the same nodes;
and with rdflib, that parsing the file as JSON-LD gives as many triples as
PyLD's own conversion to RDF. Prints the figures as JSON.
"""

import json
import sys
from collections import Counter

import rdflib
from pyld import jsonld

SCHEMA = "https://schema.org/"
VOCAB = "https://chronicle.invalid/vocab#"


def refuse_remote(url, options=None):
    raise jsonld.JsonLdError(
        f"remote document {url} refused: the export must expand offline",
        "jsonld.LoadDocumentError",
        code="loading document failed",
    )


def fail(message):
    print(f"check_jsonld: {message}", file=sys.stderr)
    sys.exit(1)


def ids(node, prop):
    return [v["@id"] for v in node.get(prop, []) if "@id" in v]


def values(node, prop):
    return [v.get("@value") for v in node.get(prop, []) if "@value" in v]


def main(path):
    jsonld.set_document_loader(refuse_remote)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    context = doc.get("@context")
    if not isinstance(context, dict):
        fail(f"the @context must be inline (an object), not {context!r}")
    graph = doc["@graph"]

    flat = jsonld.flatten(doc)
    nodes = {n["@id"]: n for n in flat}
    top_ids = [n["@id"] for n in graph if "@id" in n]
    duplicates = [i for i, c in Counter(top_ids).items() if c > 1]
    if duplicates:
        fail(f"{len(duplicates)} @ids are used twice, e.g. {duplicates[:3]}")
    missing = [i for i in top_ids if i not in nodes]
    if missing:
        fail(f"{len(missing)} nodes lost in expansion, e.g. {missing[:3]}")

    def typed(name):
        return [n for n in nodes.values() if name in n.get("@type", [])]

    types = Counter()
    for i in top_ids:
        for t in nodes[i].get("@type", []):
            types[t.replace(SCHEMA, "schema:").replace(VOCAB, "chronicle:")] += 1

    for kind in ("Event", "Place", "Person", "Organization"):
        for n in typed(SCHEMA + kind):
            if not values(n, SCHEMA + "name"):
                fail(f"{kind} {n['@id']} has no name")

    events = {n["@id"] for n in typed(SCHEMA + "Event")}
    documents = {n["@id"] for n in nodes.values() if values(n, SCHEMA + "encodingFormat")}
    claims = typed(SCHEMA + "Claim")
    attributed = 0
    cited = 0
    for c in claims:
        where = ids(c, SCHEMA + "appearance")
        if len(where) != 1 or where[0] not in nodes:
            fail(f"claim {c['@id']} has no appearance node: {where}")
        s = nodes[where[0]]
        start = values(s, VOCAB + "byteStart")
        end = values(s, VOCAB + "byteEnd")
        if len(start) != 1 or len(end) != 1 or not int(start[0]) < int(end[0]):
            fail(f"source sentence {s['@id']} has no byte span: {start} {end}")
        if not s["@id"].endswith(f"#bytes={int(start[0])}-{int(end[0])}"):
            fail(f"source sentence {s['@id']} does not name its span")
        parts = ids(s, SCHEMA + "isPartOf")
        if len(parts) != 1 or parts[0] not in documents:
            fail(f"source sentence {s['@id']} is not part of a document: {parts}")
        if SCHEMA + "CreativeWork" not in nodes[parts[0]].get("@type", []):
            fail(f"document {parts[0]} is not a CreativeWork")
        about = ids(c, SCHEMA + "about")
        if len(about) != 1 or about[0] not in events:
            fail(f"claim {c['@id']} is not about an event of the graph: {about}")
        if not values(c, SCHEMA + "text") or not values(c, SCHEMA + "inLanguage"):
            fail(f"claim {c['@id']} lacks its text or language")
        attributed += bool(c.get(SCHEMA + "author"))
        cited += bool(c.get(SCHEMA + "citation"))

    disagreements = typed(VOCAB + "Disagreement")
    one_sided = 0
    for d in disagreements:
        competing = ids(d, VOCAB + "competingClaim")
        if not competing or any(SCHEMA + "Claim" not in nodes[i]["@type"] for i in competing):
            fail(f"disagreement {d['@id']} does not list its Claims: {competing}")
        # A filtered export may keep one side only.
        one_sided += len(competing) == 1
        if any(not values(nodes[i], VOCAB + "claimValue") for i in competing):
            fail(f"disagreement {d['@id']} has a claim without a value")

    # Links between the graph's own nodes must not lead out of it (a
    # filtered export keeps fewer entities and works).
    internal = [SCHEMA + p for p in ("location", "attendee", "mentions", "author", "citation")]
    internal += [VOCAB + p for p in ("competingClaim", "referenceEntry")]
    dangling = Counter()
    for n in nodes.values():
        links = [(p, i) for p in internal for i in ids(n, p)]
        if SCHEMA + "Claim" in n.get("@type", []):
            links += [("isBasedOn", i) for i in ids(n, SCHEMA + "isBasedOn")]
        for p, i in links:
            if i not in nodes:
                dangling[p.replace(SCHEMA, "").replace(VOCAB, "")] += 1
    if dangling:
        fail(f"links to nodes outside the graph: {dict(dangling)}")
    for n in typed(SCHEMA + "Event"):
        for i in ids(n, SCHEMA + "location"):
            if SCHEMA + "Place" not in nodes[i]["@type"]:
                fail(f"event {n['@id']}: location {i} is not a Place")
        for i in ids(n, SCHEMA + "attendee"):
            if not {SCHEMA + "Person", SCHEMA + "Organization"} & set(nodes[i]["@type"]):
                fail(f"event {n['@id']}: attendee {i} is neither a Person nor an Organization")

    compacted = jsonld.compact(jsonld.expand(doc), context)
    back = compacted.get("@graph", [compacted])
    if len(back) != len(graph) or {n.get("@id") for n in back} != set(top_ids):
        fail(f"compaction gave {len(back)} nodes back, the export has {len(graph)}")

    quads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    pyld_triples = len({line for line in quads.splitlines() if line.strip()})
    g = rdflib.Graph()
    with open(path, encoding="utf-8") as f:
        g.parse(data=f.read(), format="json-ld")
    if len(g) != pyld_triples:
        fail(f"rdflib reads {len(g)} triples, PyLD writes {pyld_triples}")

    print(
        json.dumps(
            {
                "nodes": len(graph),
                "types": dict(sorted(types.items())),
                "claims": len(claims),
                "claims_attributed": attributed,
                "claims_citing": cited,
                "disagreements": len(disagreements),
                "disagreements_one_sided": one_sided,
                "documents": len(documents),
                "compacted_nodes": len(back),
                "triples": len(g),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
