#!/usr/bin/env bash
# End-to-end timing of bench-40, opsim against the NumPy reference, back to back
# in one session (docs/performance.md, "How to measure").
#
#   tools/perf/end-to-end.sh [OTHER_OPSIM_BINARY]
#
# Builds the release binary, then times (wall, user CPU, peak RSS) NumPy and
# opsim at 200,000 iterations three times each, interleaved (and OTHER_OPSIM_BINARY,
# e.g. an older build, if given), a full run, a one-thread run, and both at
# 1,000,000. Take medians; compare only figures from one session.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
opsim=$(tools/target-dir)/release/opsim
other=${1:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
timings=$out
# shellcheck source=tools/perf/timed.sh
source tools/perf/timed.sh
bench=(run scenarios/bench-40.toml -q --out "$out/run")
uptime
for _ in 1 2 3; do
    timed numpy-200k python3 tools/reference/bench40.py --iterations 200000 --out "$out/ref.json"
    timed opsim-200k "$opsim" "${bench[@]}" -n 200000 -j 2 --summary-only
    timed opsim-200k "$opsim" "${bench[@]}" -n 200000 -j 2 --summary-only
    if [[ -n $other ]]; then timed other-200k "$other" "${bench[@]}" -n 200000 -j 2 --summary-only; fi
done
timed opsim-200k-everything "$opsim" "${bench[@]}" -n 200000 -j 2
timed opsim-200k-one-thread "$opsim" "${bench[@]}" -n 200000 -j 1 --summary-only
timed numpy-1M python3 tools/reference/bench40.py --iterations 1000000 --out "$out/ref.json"
for _ in 1 2 3; do timed opsim-1M "$opsim" "${bench[@]}" -n 1000000 -j 2 --summary-only; done
uptime
