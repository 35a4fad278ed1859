#!/usr/bin/env python3
"""Compare the independent bench-40 reference (bench40.py) with opsim's summary.json.

    python3 tools/reference/compare.py reference.json opsim_summary.json [--threshold 4]

For every statistic: reference mean +- se, opsim mean +- se and
z = (opsim - reference) / sqrt(se_ref^2 + se_opsim^2). Shares (criticality,
probability cheaper, share not within horizon) use the binomial se with the
pooled share. The break-even p50 (an integer month) is tested against the
reference's empirical CDF: opsim's p50 m is consistent when
F_ref(m-1) < 0.5 <= F_ref(m) (the inverse empirical CDF); z is the distance of
the violated side from 0.5 in binomial-se units. Exit 1 if any |z| > threshold.
"""
import argparse
import json
import math
import sys


def get(d, path):
    for k in path:
        if not isinstance(d, dict) or k not in d:
            return None
        d = d[k]
    return d


def z_of(m1, s1, m2, s2):
    den = math.sqrt(s1 * s1 + s2 * s2)
    if den == 0.0:
        scale = max(abs(m1), abs(m2), 1.0)
        return 0.0 if abs(m1 - m2) <= 1e-9 * scale else math.inf
    return (m2 - m1) / den


def binom_z(p1, n1, p2, n2):
    p = (p1 * n1 + p2 * n2) / (n1 + n2)
    den = math.sqrt(p * (1.0 - p) * (1.0 / n1 + 1.0 / n2))
    if den == 0.0:
        return 0.0 if p1 == p2 else math.inf
    return (p2 - p1) / den


def hist_mean_se(counts):
    """counts[k] = iterations breaking even in month k; the last bin (index 36)
    counts 'not within horizon', taken as 36."""
    n = sum(counts)
    mean = sum(k * c for k, c in enumerate(counts)) / n
    var = sum(c * (k - mean) ** 2 for k, c in enumerate(counts)) / (n - 1)
    return mean, math.sqrt(var / n), n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("reference")
    ap.add_argument("opsim")
    ap.add_argument("--threshold", type=float, default=4.0)
    ap.add_argument("--quantiles", action="store_true", help="also print p10/p50/p90 side by side (not tested)")
    args = ap.parse_args(argv)
    ref = json.load(open(args.reference))
    ops = json.load(open(args.opsim))
    n_ref = ref["iterations"]
    n_ops = get(ops, ["simulation", "iterations"])
    rows = []   # (name, m1, s1, m2, s2, z, note)

    def cont(path, label=None):
        r, o = get(ref, path), get(ops, path)
        name = label or ".".join(path)
        if r is None:
            return
        if o is None:
            rows.append((name, r["mean"], r["se"], None, None, None, "missing in opsim"))
            return
        z = z_of(r["mean"], r["se"], o["mean"], o["se"])
        q = ""
        if args.quantiles:
            q = "p10/50/90 ref %.4g/%.4g/%.4g opsim %.4g/%.4g/%.4g" % (
                r["p10"], r["p50"], r["p90"], o["p10"], o["p50"], o["p90"])
        rows.append((name, r["mean"], r["se"], o["mean"], o["se"], z, q))

    def share(path, o_val, label=None):
        r = get(ref, path)
        name = label or ".".join(path)
        if r is None:
            return
        if o_val is None:
            rows.append((name, r["mean"], r["se"], None, None, None, "missing in opsim"))
            return
        o_se = math.sqrt(o_val * (1 - o_val) / n_ops)
        rows.append((name, r["mean"], r["se"], o_val, o_se, binom_z(r["mean"], n_ref, o_val, n_ops), "binomial"))

    for mid in ref["models"]:
        for s in ("tco", "setup_cost", "run_cost", "incidents", "deployments"):
            cont(["models", mid, s])
        for c in ref["models"][mid]["run_cost_by_component"]:
            cont(["models", mid, "run_cost_by_component", c])
        # components opsim has and the spec does not (must be zero in bench-40)
        for c, o in (get(ops, ["models", mid, "run_cost_by_component"]) or {}).items():
            if c not in ref["models"][mid]["run_cost_by_component"]:
                rows.append(("models.%s.run_cost_by_component.%s" % (mid, c), 0.0, 0.0, o["mean"], o["se"],
                             z_of(0.0, 0.0, o["mean"], o["se"]), "not in spec: expected 0"))
        for c in ref["models"][mid].get("readiness_weeks", {}):
            cont(["models", mid, "readiness_weeks", c])
        for a in ref["models"][mid].get("activities", {}):
            cont(["models", mid, "activities", a, "start_weeks"])
            cont(["models", mid, "activities", a, "finish_weeks"])
            o = get(ops, ["models", mid, "activities", a, "criticality"])
            if isinstance(o, dict):
                o = o.get("mean")
            share(["models", mid, "activities", a, "criticality"], o)

    for mid, comp in ref["comparisons"].items():
        cont(["comparisons", mid, "tco_difference"])
        o = get(ops, ["comparisons", mid, "probability_cheaper"])
        share(["comparisons", mid, "probability_cheaper"], o.get("mean") if isinstance(o, dict) else o)
        rbe = comp["break_even_month"]
        obe = get(ops, ["comparisons", mid, "break_even_month"]) or {}
        o = obe.get("share_not_within_horizon")
        share(["comparisons", mid, "break_even_month", "share_not_within_horizon"],
              o.get("mean") if isinstance(o, dict) else o)
        # p50: test opsim's value against the reference's empirical CDF
        counts = rbe["histogram"] + [rbe["histogram_not_within_horizon"]]
        name = "comparisons.%s.break_even_month.p50" % mid
        o50 = obe.get("p50")
        if o50 is None:
            rows.append((name, rbe["p50"], 0.0, None, None, None, "missing in opsim"))
        else:
            def cdf(k):
                return sum(counts[: int(math.floor(k)) + 1]) / n_ref if k >= 0 else 0.0
            se = math.sqrt(0.25 * (1.0 / n_ref + 1.0 / n_ops))
            lo, hi = cdf(math.ceil(o50) - 1), cdf(math.floor(o50))
            z = 0.0
            if hi < 0.5:
                z = (hi - 0.5) / se
            elif lo >= 0.5:
                z = (lo - 0.5) / se
            rows.append((name, rbe["p50"], 0.0, float(o50), 0.0, z,
                         "F_ref(p50-1)=%.4f F_ref(p50)=%.4f" % (lo, hi)))
        # mean break-even month (not within horizon taken as 36), from both histograms
        if "counts" in obe and len(obe["counts"]) == len(counts):
            m1, s1, _ = hist_mean_se(counts)
            m2, s2, _ = hist_mean_se(obe["counts"])
            rows.append(("comparisons.%s.break_even_month.mean(none=36)" % mid, m1, s1, m2, s2,
                         z_of(m1, s1, m2, s2), "from histograms"))

    w = max(len(r[0]) for r in rows)
    print("reference: %s (n=%d, seed %s)   opsim: %s (n=%s, seed %s)" % (
        args.reference, n_ref, ref.get("seed"), args.opsim, n_ops, get(ops, ["simulation", "seed"])))
    print("%-*s  %28s  %28s  %8s" % (w, "statistic", "reference mean ± se", "opsim mean ± se", "z"))
    bad = 0
    for name, m1, s1, m2, s2, z, note in rows:
        fmt = lambda m, s: "%.6g ± %.3g" % (m, s) if m is not None else "—"
        flag = ""
        if z is None:
            flag = "  MISSING"
            bad += 1
        elif abs(z) > args.threshold:
            flag = "  <-- |z| > %g" % args.threshold
            bad += 1
        zs = "%8.2f" % z if z is not None and math.isfinite(z) else ("%8s" % ("inf" if z else "—"))
        print("%-*s  %28s  %28s  %s%s%s" % (w, name, fmt(m1, s1), fmt(m2, s2), zs, flag,
                                            ("   " + note) if note else ""))
    print("\n%d statistics, %d flagged (|z| > %g or missing)" % (len(rows), bad, args.threshold))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
