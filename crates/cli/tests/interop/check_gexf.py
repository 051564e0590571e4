"""Validates a `chronicle export gexf` file: read by NetworkX
(`networkx.read_gexf`, GEXF 1.3) and, independently, by ElementTree, and
the two readings compared.

    python check_gexf.py EXPORT.gexf [--edge ENTITY_A ENTITY_B] [--names NAMES.json]

Checks the node and edge counts of both readings, that every edge joins
two declared nodes, the attribute values of nodes (kind, type, counts,
coordinates, days) and edges (kind, weight), and which nodes each kind of
edge joins; with --names (a JSON object of entity id → name), that each
entity's label reads back as that name. Prints counts as one JSON object;
with --edge, also the edge between the two entities (`"edge": {"kind",
"weight"}` or null). Exits 1 with every problem found.
"""

import argparse
import json
import re
import sys
import xml.etree.ElementTree as ET

import networkx as nx

NS = "{http://gexf.net/1.3}"
DAY = re.compile(r"^-?\d{4}-\d{2}-\d{2}$")


def main(path, pair, names):
    problems = []

    def need(cond, what):
        if not cond:
            problems.append(what)
        return cond

    root = ET.parse(path).getroot()
    need(root.tag == f"{NS}gexf" and root.get("version") == "1.3", f"root is {root.tag} version {root.get('version')}")
    xml_nodes = {n.get("id") for n in root.iter(f"{NS}node")}
    xml_edges = list(root.iter(f"{NS}edge"))
    need(len(xml_nodes) == len(list(root.iter(f"{NS}node"))), "repeated node ids")
    for e in xml_edges:
        for end in ("source", "target"):
            need(e.get(end) in xml_nodes, f"edge {e.get('id')}: {end} {e.get(end)!r} is no node")

    g = nx.read_gexf(path, version="1.3")
    need(not g.is_directed(), "the graph is directed")
    need(not g.is_multigraph(), "parallel edges (NetworkX read a MultiGraph)")
    need(g.number_of_nodes() == len(xml_nodes), f"NetworkX read {g.number_of_nodes()} nodes, the XML has {len(xml_nodes)}")
    need(g.number_of_edges() == len(xml_edges), f"NetworkX read {g.number_of_edges()} edges, the XML has {len(xml_edges)}")
    need(g.graph.get("mode") == "dynamic", f"graph mode {g.graph.get('mode')!r}")

    counts = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "entities": 0, "events": 0,
              "dated_events": 0, "with_coordinates": 0, "cooccurrence": 0, "place": 0, "participant": 0}
    for n, d in g.nodes(data=True):
        need(isinstance(d.get("label"), str) and d["label"].strip(), f"node {n}: no label")
        kind = d.get("kind")
        if kind == "entity":
            counts["entities"] += 1
            need(n.startswith("entity:"), f"node {n}: an entity id without entity:")
            need(d.get("type") in ("PERSON", "PLACE", "ORG"), f"node {n}: type {d.get('type')!r}")
            need(isinstance(d.get("mentions"), int) and d["mentions"] >= 1, f"node {n}: mentions {d.get('mentions')!r}")
            need(isinstance(d.get("documents"), int) and 1 <= d["documents"] <= d["mentions"], f"node {n}: documents {d.get('documents')!r}")
            if "lat" in d or "lon" in d:
                counts["with_coordinates"] += 1
                lat, lon = d.get("lat"), d.get("lon")
                need(isinstance(lat, float) and isinstance(lon, float) and -90 <= lat <= 90 and -180 <= lon <= 180,
                     f"node {n}: coordinates {lat!r}, {lon!r}")
                need(d["type"] == "PLACE", f"node {n}: coordinates on a {d['type']}")
        elif kind == "event":
            counts["events"] += 1
            need(n.startswith("event:"), f"node {n}: an event id without event:")
            need(d.get("type") == "EVENT", f"node {n}: type {d.get('type')!r}")
            need(isinstance(d.get("tellings"), int) and d["tellings"] >= 1, f"node {n}: tellings {d.get('tellings')!r}")
            if "first_day" in d:
                counts["dated_events"] += 1
                first, last = d["first_day"], d.get("last_day", "")
                need(DAY.match(first) and DAY.match(last) and first <= last, f"node {n}: days {first!r} to {last!r}")
                need(d.get("start") == first and d.get("end") == last,
                     f"node {n}: interval {d.get('start')!r}..{d.get('end')!r} is not its days")
        else:
            need(False, f"node {n}: kind {kind!r}")
        need(str(d.get("iri", "")).startswith("http"), f"node {n}: iri {d.get('iri')!r}")

    for a, b, d in g.edges(data=True):
        kind = d.get("kind")
        w = d.get("weight")
        need(isinstance(w, float) and w >= 1 and w == int(w), f"edge {a}–{b}: weight {w!r}")
        kinds = sorted(str(g.nodes[x].get("kind")) for x in (a, b))
        if kind == "cooccurrence":
            need(kinds == ["entity", "entity"], f"edge {a}–{b}: cooccurrence between {kinds}")
        elif kind in ("place", "participant"):
            need(kinds == ["entity", "event"], f"edge {a}–{b}: {kind} between {kinds}")
            event = a if g.nodes[a]["kind"] == "event" else b
            need(w <= g.nodes[event]["tellings"], f"edge {a}–{b}: weight {w} above the event's tellings")
        else:
            need(False, f"edge {a}–{b}: kind {kind!r}")
            continue
        counts[kind] += 1

    if names is not None:
        counts["names_checked"] = 0
        for id, name in names.items():
            label = g.nodes[f"entity:{id}"]["label"] if f"entity:{id}" in g else None
            need(label == name, f"entity {id}: label {label!r}, name {name!r}")
            counts["names_checked"] += 1

    if pair:
        a, b = (f"entity:{x}" for x in pair)
        d = g.get_edge_data(a, b)
        counts["edge"] = None if d is None else {"kind": d.get("kind"), "weight": d.get("weight")}

    if problems:
        print("\n".join(problems[:50]))
        print(f"{len(problems)} problems", file=sys.stderr)
        sys.exit(1)
    print(json.dumps(counts))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="Validates a Chronicle GEXF export.")
    ap.add_argument("gexf")
    ap.add_argument("--edge", nargs=2, metavar=("ENTITY_A", "ENTITY_B"))
    ap.add_argument("--names", help="JSON object: entity id -> expected label")
    args = ap.parse_args()
    names = None
    if args.names:
        with open(args.names, encoding="utf-8") as f:
            names = json.load(f)
    main(args.gexf, args.edge, names)
