"""Validates Chronicle's W3C Web Annotation export (`chronicle export
web-annotation`).

Usage: check_annotation.py EXPORT.json

The export names the context http://www.w3.org/ns/anno.jsonld, which cannot
be fetched offline and which no PyPI or npm package was found to ship. So
this script's PyLD document loader answers that URL with a context written
here from the terms of the Web Annotation Vocabulary (the oa: and as:
namespaces, plus the Dublin Core, FOAF, RDF and RDFS terms the model
reuses), for the terms Chronicle uses, and refuses every other load.

Checks: every key and every class or motivation name of the export is a term
of that context (so expansion drops nothing); after expansion the collection
is an as:OrderedCollection whose as:totalItems equals the items of its first
as:OrderedCollectionPage; every item is an oa:Annotation with a creator and a
generator, motivations among identifying/describing/tagging, bodies that fit
them, and one target with an oa:hasSource, an oa:TextPositionSelector
(oa:start < oa:end) and an oa:TextQuoteSelector whose oa:exact has end -
start code points; ids are unique; in the RDF graph rdflib reads from the
expanded document there are as many annotations and selectors of each kind
as items. Prints the figures as JSON.
"""

import json
import sys
from collections import Counter

import rdflib
from pyld import jsonld

ANNO_CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
AS = "http://www.w3.org/ns/activitystreams#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def iri(term):
    return {"@id": term, "@type": "@id"}


def count(term):
    return {"@id": term, "@type": "xsd:nonNegativeInteger"}


CONTEXT = {
    "oa": OA,
    "as": AS,
    "rdf": RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "id": "@id",
    "type": "@type",
    # Classes.
    "Annotation": "oa:Annotation",
    "AnnotationCollection": "as:OrderedCollection",
    "AnnotationPage": "as:OrderedCollectionPage",
    "SpecificResource": "oa:SpecificResource",
    "TextualBody": "oa:TextualBody",
    "TextPositionSelector": "oa:TextPositionSelector",
    "TextQuoteSelector": "oa:TextQuoteSelector",
    "Software": "as:Application",
    # Motivations (instances of oa:Motivation).
    "identifying": "oa:identifying",
    "describing": "oa:describing",
    "tagging": "oa:tagging",
    # Annotation, bodies and targets.
    "body": iri("oa:hasBody"),
    "target": iri("oa:hasTarget"),
    "source": iri("oa:hasSource"),
    "scope": iri("oa:hasScope"),
    "selector": iri("oa:hasSelector"),
    "motivation": {"@id": "oa:motivatedBy", "@type": "@vocab"},
    "purpose": {"@id": "oa:hasPurpose", "@type": "@vocab"},
    "value": "rdf:value",
    "format": "dc:format",
    "exact": "oa:exact",
    "prefix": "oa:prefix",
    "suffix": "oa:suffix",
    "start": count("oa:start"),
    "end": count("oa:end"),
    # Agents.
    "creator": iri("dcterms:creator"),
    "generator": iri("as:generator"),
    "name": "foaf:name",
    # Collections and pages.
    "label": "rdfs:label",
    "total": count("as:totalItems"),
    "first": iri("as:first"),
    "last": iri("as:last"),
    "partOf": iri("as:partOf"),
    "startIndex": count("as:startIndex"),
    "items": {"@id": "as:items", "@type": "@id", "@container": "@list"},
}

TYPE_TAGS = {"PERSON", "PLACE", "ORG"}
TIME_TAGS = {"DATE", "TIME", "DURATION", "SET"}


def load(url, options=None):
    if url == ANNO_CONTEXT_URL:
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": CONTEXT}}
    raise jsonld.JsonLdError(
        f"remote document {url} refused: offline",
        "jsonld.LoadDocumentError",
        code="loading document failed",
    )


def fail(message):
    print(f"check_annotation: {message}", file=sys.stderr)
    sys.exit(1)


def unknown_terms(value, key=None):
    """Keys, classes and motivations of the compact document that the
    context does not define."""
    found = set()
    if isinstance(value, dict):
        for k, v in value.items():
            if not k.startswith("@") and k not in CONTEXT:
                found.add(k)
            found |= unknown_terms(v, k)
    elif isinstance(value, list):
        for v in value:
            found |= unknown_terms(v, key)
    elif key in ("type", "motivation", "purpose") and value not in CONTEXT:
        found.add(value)
    return found


def one(node, prop):
    vals = node.get(prop, [])
    if len(vals) != 1:
        fail(f"{node.get('@id', 'a node')} has {len(vals)} {prop}, not 1")
    return vals[0]


def value(node, prop):
    return one(node, prop)["@value"]


def main(path):
    jsonld.set_document_loader(load)
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if doc.get("@context") != ANNO_CONTEXT_URL:
        fail(f"the @context is {doc.get('@context')!r}, not {ANNO_CONTEXT_URL}")
    unknown = unknown_terms(doc)
    if unknown:
        fail(f"terms outside the Web Annotation context: {sorted(unknown)}")

    expanded = jsonld.expand(doc)
    if len(expanded) != 1:
        fail(f"expected one collection, got {len(expanded)} top-level nodes")
    coll = expanded[0]
    if coll.get("@type") != [AS + "OrderedCollection"]:
        fail(f"the collection's type is {coll.get('@type')}")
    page = one(coll, AS + "first")
    if page.get("@type") != [AS + "OrderedCollectionPage"]:
        fail(f"the first page's type is {page.get('@type')}")
    items = one(page, AS + "items")["@list"]
    total = int(value(coll, AS + "totalItems"))
    if total != len(items):
        fail(f"total says {total}, the page has {len(items)} annotations")

    ids = Counter(a.get("@id") for a in items)
    twice = [i for i, c in ids.items() if c > 1 or i is None]
    if twice:
        fail(f"annotation ids missing or used twice: {twice[:3]}")

    tags = Counter()
    motivations = Counter()
    sources = Counter()
    for a in items:
        name = a["@id"]
        if a.get("@type") != [OA + "Annotation"]:
            fail(f"{name} is not an oa:Annotation: {a.get('@type')}")
        for agent in ("http://purl.org/dc/terms/creator", AS + "generator"):
            if one(a, agent).get("@type") != [AS + "Application"]:
                fail(f"{name}: {agent} is not software")
        motives = {m["@id"] for m in a.get(OA + "motivatedBy", [])}
        if not motives or not motives <= {OA + "identifying", OA + "describing", OA + "tagging"}:
            fail(f"{name}: motivations {motives}")
        motivations[" ".join(sorted(m[len(OA):] for m in motives))] += 1
        bodies = a.get(OA + "hasBody", [])
        purposes = {}
        for b in bodies:
            purpose = one(b, OA + "hasPurpose")["@id"]
            purposes[purpose] = b
        if set(purposes) != motives:
            fail(f"{name}: body purposes {set(purposes)} differ from motivations {motives}")
        tag = value(purposes[OA + "tagging"], RDF + "value")
        if OA + "identifying" in purposes:
            ident = purposes[OA + "identifying"]
            if ident.get("@type") != [OA + "SpecificResource"] or not one(ident, OA + "hasSource").get("@id"):
                fail(f"{name}: the identifying body is not a SpecificResource with a source")
            if tag not in TYPE_TAGS:
                fail(f"{name}: entity type tag {tag!r}")
        else:
            desc = purposes[OA + "describing"]
            if desc.get("@type") != [OA + "TextualBody"] or not value(desc, RDF + "value"):
                fail(f"{name}: the describing body has no value")
            if tag not in TIME_TAGS:
                fail(f"{name}: time type tag {tag!r}")
        tags[tag] += 1

        target = one(a, OA + "hasTarget")
        sources[one(target, OA + "hasSource")["@id"]] += 1
        selectors = {s["@type"][0]: s for s in target.get(OA + "hasSelector", [])}
        if set(selectors) != {OA + "TextPositionSelector", OA + "TextQuoteSelector"}:
            fail(f"{name}: selectors {set(selectors)}")
        pos = selectors[OA + "TextPositionSelector"]
        start, end = int(value(pos, OA + "start")), int(value(pos, OA + "end"))
        if not 0 <= start < end:
            fail(f"{name}: position {start}..{end}")
        quote = selectors[OA + "TextQuoteSelector"]
        exact = value(quote, OA + "exact")
        value(quote, OA + "prefix")
        value(quote, OA + "suffix")
        if len(exact) != end - start:
            fail(f"{name}: exact {exact!r} is not {end - start} code points long")

    g = rdflib.Graph()
    g.parse(data=json.dumps(expanded), format="json-ld")
    in_rdf = {
        "annotations": (rdflib.RDF.type, rdflib.URIRef(OA + "Annotation")),
        "position selectors": (rdflib.RDF.type, rdflib.URIRef(OA + "TextPositionSelector")),
        "quote selectors": (rdflib.RDF.type, rdflib.URIRef(OA + "TextQuoteSelector")),
    }
    for what, (p, o) in in_rdf.items():
        n = len(set(g.subjects(p, o)))
        if n != len(items):
            fail(f"rdflib finds {n} {what}, the page has {len(items)} annotations")

    print(
        json.dumps(
            {
                "annotations": len(items),
                "total": total,
                "motivations": dict(sorted(motivations.items())),
                "tags": dict(sorted(tags.items())),
                "documents": len(sources),
                "triples": len(g),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
