#!/usr/bin/env bash
# Builds every fuzz target and runs each for SECONDS (default 20) on its
# corpus in fuzz/corpus/<target>/ (built by seed.sh when missing), one after
# the other, so the whole run takes about (number of targets) × SECONDS plus
# the build. Fails when any target finds a crash, a timeout (an input
# slower than TIMEOUT seconds, default 10) or runs out of memory
# (RSS_MB, default 2048); the input is in fuzz/artifacts/<target>/.
# Prints a summary: executions, executions per second, coverage when the
# run started and ended, corpus size.
#
# Usage: fuzz/run.sh [SECONDS] [TARGET...]
# Needs cargo-fuzz (`cargo install cargo-fuzz --locked`) and a C++ compiler
# (libFuzzer is built from source by libfuzzer-sys). The stable toolchain
# takes cargo-fuzz's nightly flags with RUSTC_BOOTSTRAP=1; the sanitizer is
# off (the crates are safe Rust: panics, overflow checks and debug
# assertions are what the targets catch).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
secs="${1:-20}"
shift || true
export RUSTC_BOOTSTRAP=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
build=(cargo fuzz build --sanitizer none)
if [ -n "${FUZZ_CODEGEN_UNITS:-}" ]; then
    build+=(--codegen-units "$FUZZ_CODEGEN_UNITS")
fi
"${build[@]}"
if [ "$#" -gt 0 ]; then
    targets=("$@")
else
    mapfile -t targets < <(cargo fuzz list)
fi
[ -d corpus ] || ./seed.sh
bin="$here/target/x86_64-unknown-linux-gnu/release"
logs="$here/target/fuzz-logs"
mkdir -p "$logs"
failed=()
summary=()
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    # Longer inputs only where the target reads whole documents.
    case "$t" in
        document | html | markdown | jsonl | decode | gzip) max_len=16384 ;;
        *) max_len=4096 ;;
    esac
    echo "== fuzz $t for ${secs}s"
    set +e
    "$bin/$t" "corpus/$t" \
        -max_total_time="$secs" -timeout="${TIMEOUT:-10}" -rss_limit_mb="${RSS_MB:-2048}" \
        -max_len="$max_len" -artifact_prefix="artifacts/$t/" -print_final_stats=1 \
        -close_fd_mask=1 >"$logs/$t.log" 2>&1
    rc=$?
    set -e
    inited=$(grep -m1 -oE 'INITED cov: [0-9]+' "$logs/$t.log" | grep -oE '[0-9]+$' || echo 0)
    last=$(grep -E '^#[0-9]+' "$logs/$t.log" | tail -1 || true)
    cov=$(grep -oE 'cov: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
    corp=$(grep -oE 'corp: [0-9]+' <<<"$last" | grep -oE '[0-9]+' || echo 0)
    execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$logs/$t.log" | grep -oE '[0-9]+$' || echo 0)
    rate=$((execs / (secs > 0 ? secs : 1)))
    status=ok
    if [ "$rc" -ne 0 ]; then
        status="FAILED (exit $rc)"
        failed+=("$t")
        echo "---- $t failed; end of its log ($logs/$t.log):"
        grep -vE '^#[0-9]+' "$logs/$t.log" | tail -40
        ls -1 "artifacts/$t" | sed "s|^|artifact: fuzz/artifacts/$t/|"
    fi
    summary+=("$(printf '%-11s %10s execs %7s/s  cov %6s -> %-6s (+%s)  corpus %6s  %s' \
        "$t" "$execs" "$rate" "$inited" "$cov" "$((cov - inited))" "$corp" "$status")")
done
echo "== fuzz summary (${secs}s per target)"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    echo "fuzzing found failures in: ${failed[*]}" >&2
    echo "reproduce with: RUSTC_BOOTSTRAP=1 cargo fuzz run --sanitizer none TARGET fuzz/artifacts/TARGET/FILE (from fuzz/)" >&2
    exit 1
fi
