#!/usr/bin/env bash
# Builds the seed corpus of every fuzz target into fuzz/corpus/<target>/
# (gitignored: the seed documents' text must never be committed).
#
# Sources: the seed documents in ../shared/corpus/seeds beside the checkout
# (when present), the repository's samples/corpus and the hostile fixtures
# in crates/cli/tests/fixtures/web/. Each target gets pieces of the size it
# reads: lines and sentences for the cleaner, splitter, tagger and
# reference parsers; paragraphs wrapped as HTML, Markdown and JSONL for the
# readers; legacy-encoded, UTF-16 and gzip versions for decoding and gzip;
# chunks of whole documents for the analysis. Targets that take a mode byte
# first (see each fuzz_targets/*.rs) get seeds with varied mode bytes.
#
# Usage: fuzz/seed.sh [SEEDS_DIR]   (existing corpus files are kept)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
seeds="${1:-$root/../shared/corpus/seeds}"
if [ ! -d "$seeds" ]; then
    echo "seed.sh: no seed documents at $seeds; using samples/corpus only" >&2
    seeds=""
fi
exec python3 - "$here/corpus" "$root" "$seeds" <<'PY'
import glob, gzip, hashlib, json, os, re, sys

out, root, seeds = sys.argv[1], sys.argv[2], sys.argv[3]

def read(p):
    with open(p, "rb") as f:
        data = f.read()
    if p.endswith(".gz"):
        data = gzip.decompress(data)
    return data

texts = []  # (name, str) documents as text
raw_files = []  # (name, bytes) files as they are on disk
files = sorted(glob.glob(os.path.join(seeds, "*"))) if seeds else []
files += sorted(glob.glob(os.path.join(root, "samples/corpus/*")))
files += sorted(glob.glob(os.path.join(root, "crates/cli/tests/fixtures/web/*")))
for p in files:
    if not os.path.isfile(p):
        continue
    with open(p, "rb") as f:
        raw_files.append((os.path.basename(p), f.read()))
    data = read(p)
    if p.endswith(".jsonl"):
        for line in data.decode("utf-8", "replace").splitlines():
            try:
                texts.append((os.path.basename(p), json.loads(line)["text"]))
            except Exception:
                pass
        continue
    for enc in ("utf-8", "cp1251", "iso-8859-9"):
        try:
            texts.append((os.path.basename(p), data.decode(enc)))
            break
        except UnicodeDecodeError:
            continue

def paragraphs(t):
    return [p.strip() for p in re.split(r"\n\s*\n", t) if p.strip()]

def lines(t):
    return [l.strip() for l in t.splitlines() if l.strip()]

def sentences(t):
    out = []
    for l in lines(t):
        out += [s for s in re.split(r"(?<=[.!?])\s+", l) if s]
    return out

def chunks(t, size):
    b = t.encode("utf-8")
    out, i = [], 0
    while i < len(b):
        j = min(len(b), i + size)
        while j < len(b) and (b[j] & 0xC0) == 0x80:
            j += 1
        out.append(b[i:j].decode("utf-8"))
        i = j
    return out

all_lines = [l for _, t in texts for l in lines(t)]
all_paras = [p for _, t in texts for p in paragraphs(t)]
all_sents = [s for _, t in texts for s in sentences(t)]
# A line of a reference list: it has a year and a comma or a caret.
ref_lines = [l for l in all_lines if re.search(r"\b1[4-9]\d\d\b|\b20\d\d\b", l) and ("," in l or "^" in l)]

counts = {}
def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not data or len(data) > 64 * 1024:
        return
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    path = os.path.join(d, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
        counts[target] = counts.get(target, 0) + 1

def short(items, limit=2000):
    return [x for x in items if len(x.encode("utf-8")) <= limit]

# Plain-text targets.
for s in short(all_sents, 600):
    put("segment", s)
for p in short(all_paras, 3000):
    put("segment", p)
    put("clean", b"\x00" + p.encode("utf-8"))
for i, l in enumerate(short(all_lines, 1500)):
    put("clean", bytes([i % 4]) + l.encode("utf-8"))
    put("time", bytes([i % 256]) + l.encode("utf-8"))
for i, s in enumerate(short(all_sents, 600)):
    put("time", bytes([(i * 7) % 256]) + s.encode("utf-8"))
for l in short(ref_lines, 1500):
    put("references", l)
    put("citations", re.sub(r"^\s*(\d+[.)])?\s*\^?\s*([a-z] )*", "", l))
for l in short(all_lines, 400)[:400]:
    put("references", "^ " + l)
    put("citations", l)

# Readers.
for name, t in texts:
    ps = paragraphs(t)
    for k in range(0, len(ps), 6):
        group = short(ps[k:k + 6], 3000)
        if not group:
            continue
        html = "<html><head><title>%s</title></head><body>\n" % group[0][:80]
        html += "<h2>%s</h2>\n" % group[0][:60]
        html += "\n".join("<p>%s</p>" % p.replace("&", "&amp;").replace("<", "&lt;") for p in group[1:])
        html += "\n<ol>" + "".join("<li>%s</li>" % l[:200] for l in group[:2]) + "</ol></body></html>\n"
        put("html", html)
        md = "# %s\n\n" % group[0][:80] + "\n\n".join(group[1:]) + "\n\n- item one[^1]\n\n[^1]: %s\n" % group[0][:120]
        put("markdown", md)
for name, data in raw_files:
    if name.endswith((".html", ".htm")):
        put("html", data)
    if name.endswith(".md"):
        put("markdown", data)

# JSONL (first byte: line limit and gzip mode).
for k in range(0, len(all_paras), 4):
    group = short(all_paras[k:k + 4], 3000)
    if not group:
        continue
    body = "".join(json.dumps({"id": "r%d" % (k + i), "lang": "und", "text": p}, ensure_ascii=(i % 2 == 0)) + "\n" for i, p in enumerate(group))
    put("jsonl", bytes([2 | (0x80 if k % 8 == 0 else 0)]) + body.encode("utf-8"))
for name, data in raw_files:
    if name.endswith(".jsonl"):
        put("jsonl", b"\x02" + data)
        put("jsonl", b"\x01" + data)

# Encodings (first byte: forced encoding or none).
for i, p in enumerate(short(all_paras, 3000)[:200]):
    put("decode", bytes([255]) + p.encode("utf-8"))
    put("decode", bytes([255]) + b"\xef\xbb\xbf" + p.encode("utf-8"))
    put("decode", bytes([255]) + b"\xff\xfe" + p.encode("utf-16-le"))
    put("decode", bytes([255]) + p.encode("utf-16-be"))
    for enc in ("cp1251", "koi8-r", "iso-8859-9"):
        try:
            put("decode", bytes([255]) + p.encode(enc))
        except UnicodeEncodeError:
            pass
    put("decode", bytes([i % 13]) + p.encode("utf-8"))
for name, data in raw_files:
    if not name.endswith(".gz"):
        put("decode", b"\xff" + data[:16384])

# Gzip (first byte: limit, payload or gzip data, one or two members).
for i, p in enumerate(short(all_paras, 3000)[:200]):
    b = p.encode("utf-8")
    put("gzip", bytes([4]) + gzip.compress(b))
    put("gzip", bytes([2]) + gzip.compress(b))
    put("gzip", bytes([0x84 | (0x40 if i % 2 else 0)]) + b)
    put("gzip", bytes([4]) + gzip.compress(b[: len(b) // 2]) + gzip.compress(b[len(b) // 2 :]))
for name, data in raw_files:
    if name.endswith(".gz"):
        put("gzip", b"\x04" + data)

# Whole documents (first byte: format, decoding, languages, mentions, lang).
for name, data in raw_files:
    fmt = 2 if name.endswith((".html", ".htm")) else 1 if name.endswith(".md") else 0
    for mode in (fmt | 4, fmt | 4 | 16):
        if len(data) <= 16384:
            put("document", bytes([mode]) + data)
for name, t in texts:
    fmt = 2 if name.endswith((".html", ".htm")) else 1 if name.endswith(".md") else 0
    for i, c in enumerate(chunks(t, 4096)):
        put("document", bytes([fmt | (16 if i % 2 else 0) | (8 if i % 5 == 0 else 0)]) + c.encode("utf-8"))
for i, p in enumerate(short(all_paras, 1500)[:100]):
    put("document", bytes([(i % 4) | 16 | 8]) + p.encode("utf-8"))

for t in sorted(counts):
    print("seed.sh: %-10s %5d new seeds" % (t, counts[t]))
PY
