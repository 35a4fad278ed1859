#!/usr/bin/env python3
"""The sizes on paper (docs/performance.md): wall time of bench-40 and
enterprise-5000 runs at 10^6 and 10^7 iterations, and of a 20 x 20 sweep, on
1, 2, 16 and 64 cores and as 10 shards of 2 cores each, from measured costs:

  tools/perf/sizes.py --bench-40 US --enterprise US --merge-fixed S --merge-per-chunk MS [--sweep-iterations N]

US: CPU microseconds per iteration on one core, end to end (user time of a
run / its iterations: tools/perf/scale.sh). S: seconds of a merge that do not
grow with the run (process start, analysis, charts and report of a full run);
MS: milliseconds a merge spends per chunk of 2,048 iterations (reading and
merging its moments). Cores are assumed to scale as measured on two (1.95x,
docs/performance.md): on 16 or 64 cores memory bandwidth may do worse, which
these figures do not know.
"""

import argparse

EFFICIENCY = 0.975
CHUNK = 2048


def wall(seconds):
    if seconds < 90:
        return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--bench-40", type=float, required=True)
    p.add_argument("--enterprise", type=float, required=True)
    p.add_argument("--merge-fixed", type=float, required=True)
    p.add_argument("--merge-per-chunk", type=float, required=True)
    p.add_argument("--sweep-iterations", type=int, default=20000)
    a = p.parse_args()
    cores = [1, 2, 16, 64]
    print("| run | " + " | ".join(f"{c} core{'s' if c > 1 else ''}" for c in cores) + " | 10 shards x 2 cores, + merge |")
    print("|---|" + "---|" * (len(cores) + 1))
    for name, us in [("bench-40", a.bench_40), ("enterprise-5000", a.enterprise)]:
        for n in [10**6, 10**7]:
            cpu = n * us * 1e-6
            cells = [wall(cpu / max(1.0, c * EFFICIENCY)) for c in cores]
            merge = a.merge_fixed + (n / CHUNK) * a.merge_per_chunk * 1e-3
            shards = cpu / 10 / (2 * EFFICIENCY) + merge
            label = f"{name}, 10^{len(str(n)) - 1} iterations"
            print(f"| {label} | " + " | ".join(cells) + f" | {wall(shards)} (merge {wall(merge)}) |")
        points = 400
        cpu = points * a.sweep_iterations * us * 1e-6
        cells = [wall(cpu / max(1.0, c * EFFICIENCY)) for c in cores]
        # A sweep shards by points: each shard runs 40 of the 400 points, and
        # the merge only reads their results and draws the chart.
        shards = cpu / 10 / (2 * EFFICIENCY) + a.merge_fixed
        print(f"| {name}, sweep 20 x 20 points x {a.sweep_iterations:,} | " + " | ".join(cells)
              + f" | {wall(shards)} (merge {wall(a.merge_fixed)}) |")


if __name__ == "__main__":
    main()
