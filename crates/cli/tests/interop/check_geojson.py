"""Validates a `chronicle export geojson` file: GeoJSON (RFC 7946) by the
`geojson` package, and the structural rules of the Linked Places format
(LPF v1.1, https://github.com/LinkedPasts/linked-places) checked one by one.

    python check_geojson.py EXPORT.geojson

Prints counts as one JSON object; exits 1 with every problem found.
"""

import json
import re
import sys

import geojson

LPF_CONTEXT = (
    "https://raw.githubusercontent.com/LinkedPasts/linked-places/master/"
    "linkedplaces-context-v1.1.jsonld"
)
CERTAINTY = {"certain", "less-certain", "uncertain"}
LINK_TYPES = {"closeMatch", "exactMatch", "primaryTopicOf", "subjectOf", "seeAlso"}
# ISO 8601 / EDTF days, months and years (LPF's "in", "earliest", "latest").
DATE = re.compile(r"^-?\d{4}(-\d{2}(-\d{2})?)?$")
IRI = re.compile(r"^https?://\S+$")


def main(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    problems = []

    def need(cond, what):
        if not cond:
            problems.append(what)
        return cond

    obj = geojson.loads(text)
    need(obj.is_valid, f"not valid GeoJSON: {obj.errors()}")
    need(isinstance(obj, geojson.FeatureCollection), f"not a FeatureCollection: {type(obj)}")
    raw = json.loads(text)
    need(raw.get("@context") == LPF_CONTEXT, f"@context is {raw.get('@context')!r}")

    counts = {
        "features": 0,
        "points": 0,
        "null_geometry": 0,
        "names": 0,
        "citations": 0,
        "with_when": 0,
        "with_links": 0,
        "with_types": 0,
    }
    ids = set()
    for i, (f, fr) in enumerate(zip(obj["features"], raw["features"])):
        where = f"feature {i} ({fr.get('@id')})"
        counts["features"] += 1
        need(isinstance(f, geojson.Feature) and f.is_valid, f"{where}: not a valid Feature: {f.errors()}")
        # @id: required, an IRI, unique.
        fid = fr.get("@id")
        need(isinstance(fid, str) and IRI.match(fid), f"{where}: @id is not an IRI")
        need(fid not in ids, f"{where}: @id repeated")
        ids.add(fid)
        # properties.title: required.
        props = fr.get("properties") or {}
        need(isinstance(props.get("title"), str) and props["title"].strip(), f"{where}: no properties.title")
        # geometry: a valid GeoJSON geometry or null.
        g = fr.get("geometry", "missing")
        if g is None:
            counts["null_geometry"] += 1
        elif need(isinstance(g, dict), f"{where}: geometry is {g!r}"):
            geom = geojson.GeoJSON.to_instance(g, strict=True)
            need(geom.is_valid, f"{where}: invalid geometry: {geom.errors()}")
            if g.get("type") == "Point":
                counts["points"] += 1
                lon, lat = g["coordinates"]
                need(-180 <= lon <= 180 and -90 <= lat <= 90, f"{where}: coordinates out of range: {g['coordinates']}")
            if "certainty" in g:
                need(g["certainty"] in CERTAINTY, f"{where}: certainty {g['certainty']!r}")
        # names[]: required; each a toponym with a language; at least one cited;
        # every citation a label and an @id.
        names = fr.get("names")
        if need(isinstance(names, list) and names, f"{where}: no names"):
            cited = 0
            for n in names:
                counts["names"] += 1
                need(isinstance(n.get("toponym"), str) and n["toponym"].strip(), f"{where}: a name without toponym: {n}")
                need(isinstance(n.get("lang"), str) and n["lang"], f"{where}: {n.get('toponym')!r} has no lang")
                cits = n.get("citations", [])
                if cits:
                    cited += 1
                for c in cits:
                    counts["citations"] += 1
                    need(isinstance(c.get("label"), str) and c["label"], f"{where}: a citation without label")
                    need(isinstance(c.get("@id"), str) and IRI.match(c["@id"]), f"{where}: a citation without @id IRI")
            need(cited > 0, f"{where}: no name has a citation")
        # types[]: identifier and label.
        for t in fr.get("types", []):
            need(t.get("identifier") and t.get("label"), f"{where}: a type without identifier or label: {t}")
        if fr.get("types"):
            counts["with_types"] += 1
        # when: timespans, each with a start of "in" or "earliest"/"latest".
        when = fr.get("when")
        if when is not None:
            counts["with_when"] += 1
            spans = when.get("timespans")
            if need(isinstance(spans, list) and spans, f"{where}: when without timespans"):
                for s in spans:
                    start = s.get("start")
                    if need(isinstance(start, dict), f"{where}: a timespan without start: {s}"):
                        check_point(start, where, need)
                    end = s.get("end")
                    if end is not None and need(isinstance(end, dict), f"{where}: timespan end {end!r}"):
                        check_point(end, where, need)
                        a, b = (start or {}).get("in"), end.get("in")
                        if a and b:
                            need(a <= b, f"{where}: timespan ends before it starts: {s}")
        # links[]: a known type and an IRI.
        for link in fr.get("links", []):
            need(link.get("type") in LINK_TYPES, f"{where}: link type {link.get('type')!r}")
            need(IRI.match(link.get("identifier", "")), f"{where}: link identifier {link.get('identifier')!r}")
        if fr.get("links"):
            counts["with_links"] += 1

    if problems:
        print("\n".join(problems[:50]))
        print(f"{len(problems)} problems", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(counts))


def check_point(p, where, need):
    keys = set(p) & {"in", "earliest", "latest"}
    need(keys == {"in"} or (keys and keys <= {"earliest", "latest"}), f"{where}: a timespan point has {sorted(p)}")
    for k in keys:
        need(isinstance(p[k], str) and DATE.match(p[k]), f"{where}: {k} is not an ISO 8601 date: {p[k]!r}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_geojson.py EXPORT.geojson")
    main(sys.argv[1])
