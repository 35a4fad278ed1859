#!/usr/bin/env bash
# Engine against the sampling floor (issue 5, target 2), measured as a ratio on a
# noisy host: one bench-40 iteration (`cargo bench --bench engine -- iteration`)
# and the raw draws it makes (`cargo bench --bench growth -- floor`), run back
# to back ROUNDS times (default 7), so that each pair sees the same load.
#
#   tools/perf/floor-ratio.sh [ROUNDS]
#
# Prints each pair's times and ratio, then the median and the range of the
# ratios. Each bench measures for 4 s after a 1 s warm-up.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-7}
[[ $rounds =~ ^[1-9][0-9]*$ ]] || {
    echo "usage: $0 [ROUNDS] (a whole number, at least 1)" >&2
    exit 2
}
executable() {
    cargo bench --locked --bench "$1" --no-run --message-format=json 2>/dev/null |
        python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == sys.argv[1]:
        print(m["executable"])' "$1"
}
engine=$(executable engine)
growth=$(executable growth)
[[ -n $engine && -n $growth ]] || {
    echo "could not build the benches: run cargo bench --no-run to see why" >&2
    exit 1
}
# The middle of criterion's estimate ("time: [low mid high]"), in microseconds.
micros() {
    "$@" --warm-up-time 1 --measurement-time 4 --noplot 2>/dev/null |
        python3 -c 'import re, sys
scale = {"ns": 1e-3, "µs": 1.0, "us": 1.0, "ms": 1e3}
for line in sys.stdin:
    m = re.search(r"time:\s+\[\S+ \S+ (\S+) (ns|µs|us|ms)", line)
    if m:
        print(float(m.group(1)) * scale[m.group(2)])
        break
else:
    sys.exit("no time in the bench output: run the bench alone to see why")'
}
uptime
ratios=()
for round in $(seq "$rounds"); do
    iteration=$(micros "$engine" --bench '^bench-40/iteration$')
    floor=$(micros "$growth" --bench '^floor/bench-40$')
    ratio=$(python3 -c "print(f'{$iteration / $floor:.3f}')")
    ratios+=("$ratio")
    echo "round $round: iteration $iteration µs, floor $floor µs, ratio $ratio"
done
python3 -c 'import statistics, sys
r = sorted(float(x) for x in sys.argv[1:])
print(f"median ratio {statistics.median(r):.3f} (range {r[0]:.3f}-{r[-1]:.3f}, {len(r)} rounds)")' "${ratios[@]}"
uptime
