"""Reads Chronicle's CSV tables with Python's csv module (the parser pandas'
C engine follows) and checks they hang together.

usage: check_csv.py DIR [CORPUS_DIR]

DIR holds events.csv, claims.csv, entities.csv, mentions.csv and
disagreements.csv. With CORPUS_DIR, every claim's and mention's byte span is
read from the original file and must lie on UTF-8 boundaries (and a
mention's text must be what the span reads, for plain-text files).
Prints the row counts as JSON; exits 1 with a message on any problem."""

import csv
import json
import os
import sys

COLUMNS = {
    "events": "event,label,classes,first_day,last_day,places,participants,languages,documents,tellings,disagreements,iri",
    "claims": "event,doc,lang,start,end,sentence_start,sentence_end,time,time_mod,time_text,time_explicit,classes,predicate,places,participants,quantities,attributed_to,attribution_entity,attribution_cue,reference_labels,works,continuation,sentence",
    "entities": "entity,type,name,place,place_kind,lat,lon,mentions,documents,names,iri",
    "mentions": "doc,start,end,text,entity,entity_type,cue_type,lang,paragraph,sentence",
    "disagreements": "disagreement,event,slot,about,low,high,doc,lang,start,end,value,wording,attributed_to,works,sentence",
}

problems = []


def problem(msg):
    problems.append(msg)


def read(dir, name):
    with open(os.path.join(dir, name + ".csv"), newline="", encoding="utf-8") as f:
        reader = csv.reader(f, strict=True)
        header = next(reader)
        if ",".join(header) != COLUMNS[name]:
            problem(f"{name}: header {header}")
        rows = []
        for n, row in enumerate(reader, start=2):
            if len(row) != len(header):
                problem(f"{name}: record {n} has {len(row)} cells, not {len(header)}")
                continue
            rows.append(dict(zip(header, row)))
        return rows


def main():
    dir = sys.argv[1]
    corpus = sys.argv[2] if len(sys.argv) > 2 else None
    t = {name: read(dir, name) for name in COLUMNS}
    events = {r["event"]: r for r in t["events"]}
    entities = {r["entity"]: r for r in t["entities"]}
    if len(events) != len(t["events"]):
        problem("events: duplicate ids")
    # Every claim belongs to an event, and each event's telling count is its
    # claims.
    per_event = {}
    for c in t["claims"]:
        if c["event"] not in events:
            problem(f"claims: unknown event {c['event']}")
        per_event[c["event"]] = per_event.get(c["event"], 0) + 1
        if not (int(c["sentence_start"]) <= int(c["start"]) < int(c["end"]) <= int(c["sentence_end"])):
            problem(f"claims: span {c['start']}-{c['end']} outside its sentence")
    for e in t["events"]:
        if int(e["tellings"]) != per_event.get(e["event"], 0):
            problem(f"events: {e['event']} says {e['tellings']} tellings, claims has {per_event.get(e['event'], 0)}")
        for p in filter(None, e["places"].split("|")):
            if p not in entities:
                problem(f"events: {e['event']} names unknown place {p}")
    disputed = {}
    for d in t["disagreements"]:
        if d["event"] not in events:
            problem(f"disagreements: unknown event {d['event']}")
        disputed.setdefault(d["event"], set()).add(d["disagreement"])
    for e in t["events"]:
        if int(e["disagreements"]) != len(disputed.get(e["event"], ())):
            problem(f"events: {e['event']} disagreement count")
    linked = 0
    for m in t["mentions"]:
        if m["entity"]:
            linked += 1
            if m["entity"] not in entities:
                problem(f"mentions: unknown entity {m['entity']}")
            elif m["entity_type"] != entities[m["entity"]]["type"]:
                problem(f"mentions: type of {m['entity']}")
    for e in t["entities"]:
        if (e["lat"] == "") != (e["lon"] == ""):
            problem(f"entities: {e['entity']} has half a coordinate")
        if e["lat"] and not (-90 <= float(e["lat"]) <= 90 and -180 <= float(e["lon"]) <= 180):
            problem(f"entities: {e['entity']} coordinates out of range")
    spans = 0
    if corpus:
        files = {}
        for rows, what in ((t["claims"], "claims"), (t["mentions"], "mentions")):
            for r in rows:
                path = os.path.join(corpus, r["doc"])
                if not os.path.isfile(path):
                    continue
                if path not in files:
                    files[path] = open(path, "rb").read()
                data = files[path]
                a, b = int(r["start"]), int(r["end"])
                try:
                    text = data[a:b].decode("utf-8")
                except UnicodeDecodeError:
                    problem(f"{what}: {r['doc']}:{a}-{b} not on UTF-8 boundaries")
                    continue
                spans += 1
                if what != "mentions" or not r["doc"].endswith(".txt"):
                    continue
                # The text is the cleaned text: whitespace is normalised.
                if " ".join(text.split()) != " ".join(r["text"].lstrip("'").split()):
                    problem(f"mentions: {r['doc']}:{a} reads {text!r}, not {r['text']!r}")
    counts = {name: len(rows) for name, rows in t.items()}
    counts["linked_mentions"] = linked
    counts["spans_read"] = spans
    print(json.dumps(counts))
    if problems:
        for p in problems[:50]:
            print(p, file=sys.stderr)
        sys.exit(1)


main()
