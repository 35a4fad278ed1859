#!/usr/bin/env python3
"""Precision per second of each sampling mode (docs/performance.md, "Sampling").

    tools/perf/precision.py [--runs 30] [--iterations 16384] [--scenario FILE ...]

For each scenario, runs opsim --summary-only R times per sampling mode with
seeds 1..R, alternating modes run by run so the host's load falls on all of
them alike, on one thread. For each estimate it reports the spread (standard
deviation) of the R estimates, the mean standard error the runs reported
(their ratio should be near 1), and the wall time one run would need to bring
the spread to the target: time x (spread / target)^2, as the spread of every
mode falls with the square root of the iterations (chunks are independent
replicates). Targets: 0.2% of the mean TCO difference, 0.1 weeks of mean
readiness, 0.5% of the P50 and the P90 of the TCO difference, 0.002 on the
probability of being cheaper.
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile
import time

MODES = ["random", "lhs", "sobol"]


def estimates(doc):
    (cid, c), = list(doc["comparisons"].items())[:1]
    m = doc["models"][cid]
    tco = c["tco_difference"]
    ready = m["readiness_weeks"]["all"] if "all" in m["readiness_weeks"] else None
    return {
        "mean TCO difference": (tco["mean"], tco["se"], 0.002 * abs(tco["mean"])),
        "mean readiness (all)": (ready["mean"], ready["se"], 0.1),
        "P50 of the TCO difference": (tco["p50"], None, 0.005 * abs(tco["p50"])),
        "P90 of the TCO difference": (tco["p90"], None, 0.005 * abs(tco["p90"])),
        "P(cheaper)": (c["probability_cheaper"], c["probability_cheaper_se"], 0.002),
    }


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--iterations", type=int, default=16384)
    p.add_argument("--scenario", action="append")
    p.add_argument("--opsim", default=None)
    a = p.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    opsim = a.opsim or os.path.join(
        subprocess.check_output([os.path.join(root, "tools/target-dir")], text=True).strip(),
        "release/opsim")
    scenarios = a.scenario or [os.path.join(root, "scenarios/bench-40.toml"),
                               os.path.join(root, "scenarios/example.toml")]
    out = tempfile.mkdtemp()
    for scenario in scenarios:
        found = {mode: [] for mode in MODES}
        seconds = {mode: [] for mode in MODES}
        for seed in range(1, a.runs + 1):
            for mode in MODES:
                cmd = [opsim, "run", scenario, "-n", str(a.iterations), "--seed", str(seed),
                       "--sampling", mode, "-j", "1", "-q", "--summary-only",
                       "--out", os.path.join(out, mode), "--json", "-"]
                start = time.perf_counter()
                text = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
                seconds[mode].append(time.perf_counter() - start)
                found[mode].append(estimates(json.loads(text)))
        print(f"\n## {os.path.basename(scenario)}: {a.runs} runs of {a.iterations} iterations per mode, one thread\n")
        print("| estimate | mode | spread | reported SE / spread | s per run | s to target | plain / mode |")
        print("|---|---|---|---|---|---|---|")
        for name in found["random"][0]:
            to_target = {}
            for mode in MODES:
                values = [f[name][0] for f in found[mode]]
                spread = statistics.stdev(values)
                target = statistics.mean(f[name][2] for f in found[mode])
                t = statistics.median(seconds[mode])
                to_target[mode] = t * (spread / target) ** 2
                ses = [f[name][1] for f in found[mode] if f[name][1] is not None]
                ratio = f"{statistics.mean(ses) / spread:.2f}" if ses and spread > 0 else "-"
                gain = to_target["random"] / to_target[mode] if to_target[mode] > 0 else float("inf")
                print(f"| {name} | {mode} | {spread:.4g} | {ratio} | {t:.2f} | {to_target[mode]:.3g} | {gain:.1f}x |")


if __name__ == "__main__":
    main()
