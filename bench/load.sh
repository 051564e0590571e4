#!/usr/bin/env bash
# Load test of `chronicle serve` with a loopback client (wrk, Debian package
# `wrk`): ingests the seeds (../shared/corpus/seeds beside the checkout) or,
# without them, samples/corpus into a fresh store, starts the release
# server, and runs wrk against a search URL and a timeline URL at 1, 8 and
# 64 connections for a bounded time each. Prints requests/s and latency
# percentiles (p50, p99) as a Markdown table; fails when any request
# errs (a non-2xx answer, a socket error or a timeout).
#
#   bench/load.sh            10 s per run (6 runs: about a minute of load)
#   bench/load.sh --quick    2 s per run, for CI
#   options: --duration SECONDS, --connections "1 8 64",
#            --chronicle PATH (default: build target/release/chronicle),
#            --corpus DIR (default: the seeds, else samples/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."

duration=10
connections="1 8 64"
chronicle=
corpus=
while [ $# -gt 0 ]; do
    case "$1" in
        --quick) duration=2 ;;
        --duration) duration="$2"; shift ;;
        --connections) connections="$2"; shift ;;
        --chronicle) chronicle="$2"; shift ;;
        --corpus) corpus="$2"; shift ;;
        -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
        *) echo "load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

if ! command -v wrk >/dev/null 2>&1; then
    echo "load.sh: wrk is not installed (apt-get install wrk)" >&2
    exit 2
fi
if [ -z "$chronicle" ]; then
    cargo build --release --quiet -p chronicle-cli
    chronicle=target/release/chronicle
fi
if [ -z "$corpus" ]; then
    if [ -d ../shared/corpus/seeds ]; then
        corpus=../shared/corpus/seeds
    else
        corpus=samples/corpus
    fi
fi

work=$(mktemp -d)
server=
cleanup() {
    if [ -n "$server" ]; then
        kill "$server" 2>/dev/null || true
        wait "$server" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

"$chronicle" ingest "$corpus" --store "$work/store" --quiet --json > "$work/ingest.json"
documents=$(grep -m1 '"new"' "$work/ingest.json" | tr -dc '0-9')

"$chronicle" serve --store "$work/store" --bind 127.0.0.1:0 2> "$work/serve.log" &
server=$!
addr=
for _ in $(seq 1 600); do
    addr=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/serve.log" | head -1 || true)
    [ -n "$addr" ] && break
    if ! kill -0 "$server" 2>/dev/null; then
        echo "load.sh: chronicle serve exited:" >&2
        cat "$work/serve.log" >&2
        exit 1
    fi
    sleep 0.1
done
[ -n "$addr" ] || { echo "load.sh: chronicle serve did not start" >&2; exit 1; }

# The URLs: a name the seeds and the samples both hold (found in every
# script), with facets, as the web UI asks; and the first page of the
# timeline.
search="$addr/api/search?q=Shusha&limit=10"
timeline="$addr/api/timeline?limit=50"
for url in "$search" "$timeline"; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)
    if [ -n "$code" ] && [ "$code" != 200 ]; then
        echo "load.sh: $url answered $code" >&2
        exit 1
    fi
done

# wrk counts non-2xx/3xx answers in errors.status and socket errors in
# connect/read/write/timeout; this prints them with the figures.
cat > "$work/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %.2f %.2f %.2f %d %d %d %d %d\n",
    summary.requests, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000,
    e.connect, e.read, e.write, e.status, e.timeout))
end
EOF

echo "corpus: $corpus ($documents documents); $(nproc) cores; ${duration} s per run; wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo
echo "| URL | Connections | Requests | Requests/s | p50 ms | p99 ms | Max ms | Errors |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
failed=0
for name in search timeline; do
    if [ "$name" = search ]; then url=$search; else url=$timeline; fi
    for c in $connections; do
        threads=$(( c < 2 ? c : 2 ))
        out=$(wrk -t "$threads" -c "$c" -d "${duration}s" --timeout 10s --latency \
            -s "$work/report.lua" "$url")
        line=$(printf '%s\n' "$out" | grep '^RESULT')
        read -r _ n rps p50 p99 max ec er ew es et <<< "$line"
        errors=$(( ec + er + ew + es + et ))
        path=${url#"$addr"}
        echo "| \`$path\` | $c | $n | $rps | $p50 | $p99 | $max | $errors |"
        if [ "$errors" -ne 0 ] || [ "$n" -eq 0 ]; then
            echo "load.sh: $path at $c connections: $n requests, errors: connect $ec, read $er, write $ew, status $es, timeout $et" >&2
            failed=1
        fi
    done
done
if [ "$failed" -ne 0 ]; then
    echo "load.sh: some requests failed" >&2
    exit 1
fi
