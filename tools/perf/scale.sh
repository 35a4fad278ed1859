#!/usr/bin/env bash
# The measurements behind docs/performance.md's "Large organisations" section,
# in one session, alternated so that the host's load falls on every side:
#
#   1. --target-se 0.002 on two threads: enterprise-5000 and bench-40 in turn
#      (2 each), with the iterations each needed;
#   2. the cost of a shard and of a merge: bench-40 at 1,000,000 iterations
#      as 10 shards (one after another, -j 2), then `opsim merge` of the ten
#      partials, --summary-only and full (analysis, charts and report);
#   3. with OTHER_OPSIM_BINARY given: bench-40 -n 200000 -j 2 --summary-only,
#      that binary and this build in turn, 5 each (the 3% rule).
#
#   tools/perf/scale.sh [OTHER_OPSIM_BINARY]
set -euo pipefail
cd "$(dirname "$0")/../.."
opsim=$(realpath "$(tools/target-dir)/release/opsim")
other=${1:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
t() { # label, command...: prints wall and user seconds
    local label=$1
    shift
    /usr/bin/time -f "$label %e s wall, %U s user, %M KB peak" "$@" >/dev/null 2>"$work/time" || {
        cat "$work/time"
        exit 1
    }
    tail -n1 "$work/time"
}
uptime
echo "== 1. --target-se 0.002 -j 2 --summary-only"
for round in 1 2; do
    for s in enterprise-5000 bench-40; do
        t "$s round $round:" "$opsim" run scenarios/$s.toml --target-se 0.002 -j 2 -q --summary-only --out "$work/$s"
        python3 - "$work/$s/summary.json" <<'PY'
import json, math, sys
s = json.load(open(sys.argv[1]))
n, c = s["simulation"]["iterations"], s["convergence"]
d = next(iter(s["comparisons"].values()))["tco_difference"]
print(f"   {n} iterations; worst headline {c['worst_headline']} at {c['worst_relative_se']:.5f};"
      f" TCO difference mean {d['mean']:.4g}, relative se {d['sd'] / math.sqrt(n) / abs(d['mean']):.5f}")
PY
    done
done
uptime
echo "== 2. bench-40, 1,000,000 iterations: 10 shards, then merge"
for kind in --summary-only full; do
    flag=$([ "$kind" = full ] && echo "" || echo "$kind")
    start=$(date +%s%N)
    for k in $(seq 0 9); do
        "$opsim" run scenarios/bench-40.toml -n 1000000 -j 2 -q $flag --shard "$k/10" --out "$work/parts-$kind/$k"
    done
    echo "10 shards ($kind) one after another: $((($(date +%s%N) - start) / 1000000)) ms"
    du -sh "$work/parts-$kind" | cut -f1 | sed 's/^/   partials: /'
    t "merge of 10 ($kind):" "$opsim" merge "$work/parts-$kind"/*/partial-*.opsim -j 2 -q --out "$work/merged-$kind"
    t "single run ($kind):" "$opsim" run scenarios/bench-40.toml -n 1000000 -j 2 -q $flag --out "$work/single-$kind"
    diff -r "$work/single-$kind" "$work/merged-$kind" && echo "   merged = single, byte for byte"
done
uptime
if [ -n "$other" ]; then
    echo "== 3. bench-40 -n 200000 -j 2 --summary-only: $other against this build"
    for round in 1 2 3 4 5; do
        t "other round $round:" "$other" run scenarios/bench-40.toml -n 200000 -j 2 -q --summary-only --out "$work/o"
        t "this  round $round:" "$opsim" run scenarios/bench-40.toml -n 200000 -j 2 -q --summary-only --out "$work/o"
    done
    uptime
fi
