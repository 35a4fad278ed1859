#!/usr/bin/env python3
"""Independent NumPy reference implementation of scenario bench-40.

Written from the benchmark's specification (now docs/benchmark.md) only; it
shares no code with opsim. Used by compare.py to cross-check opsim's
numbers statistic by statistic.

    python3 tools/reference/bench40.py --iterations 200000 --seed 1 --out /tmp/ref.json
"""
import argparse
import json
import math
import sys
import time

import numpy as np

# ----------------------------------------------------------------- conventions
HORIZON = 36
WPM = 52.0 / 12.0                      # weeks per month
M = np.arange(HORIZON, dtype=np.float64)
MONTH_A = M * 52.0 / 12.0              # month m spans [a, b)
MONTH_B = (M + 1.0) * 52.0 / 12.0
MONTH_MID = (MONTH_A + MONTH_B) / 2.0
HOURS_PER_DAY = 37.5 / 5.0             # hourly rate = day rate / 7.5
DAYS_PER_WEEK = 5.0                    # weekly cost of 1 FTE = 5 x day rate
Z95 = 1.6448536

SERVICES = 40
MODELS = ("ops-run-it", "ybiyri")
COMPONENTS = ("standby", "callouts", "incident_labour", "licences",
              "change_approval", "fixed")
CAPABILITIES = ("deployment-throughput", "service-reliability", "learning-culture")

# Baseline: ops-run-it
B_ROTAS, B_AT_ONCE, B_PEOPLE = 1, 1, 6
B_RESPONDERS = 2
B_TTR = (1.0, 16.0)
B_DEPLOY_CAP = 2.0
# ybiyri
Y_ROTAS, Y_AT_ONCE, Y_PEOPLE = 10, 1, 5
Y_RESPONDERS = 1
Y_TTR = (0.5, 6.0)
# both
CALLOUT_FEE, MIN_PAID_HOURS, OVERTIME = 40.0, 2.0, 1.5
OOH_P = 0.35
LICENCE = 25.0

# id, capability, duration pert, after, effort {role: fte}, one-off
ACTIVITIES = [
    ("change-approval-accountability", "deployment-throughput", (4, 8, 20), [],
     {"change-manager": 0.5, "product-manager": 0.2}, 0.0),
    ("deployment-accountability", "deployment-throughput", (4, 8, 20),
     ["change-approval-accountability"], {"developer": 1.0}, 0.0),
    ("change-process-in-ticketing", "deployment-throughput", (4, 10, 26), [],
     {"change-manager": 1.0}, 0.0),
    ("incident-accountability", "service-reliability", (4, 8, 20), [],
     {"incident-manager": 0.5}, 0.0),
    ("incident-process-in-workflow", "service-reliability", (4, 10, 26),
     ["incident-accountability"], {"incident-manager": 1.0}, 0.0),
    ("incident-platform-licences", "service-reliability", (2, 4, 10), [],
     {"incident-manager": 0.2}, 5000.0),
    ("production-access", "service-reliability", (2, 4, 8),
     ["incident-platform-licences"], {"developer": 0.5}, 0.0),
    ("on-call-schedules-and-training", "service-reliability", (2, 5, 10),
     ["incident-accountability", "production-access"], {"developer": 2.0}, 0.0),
    ("problem-management-accountability", "learning-culture", (2, 4, 8),
     ["incident-accountability"], {"incident-manager": 0.3}, 0.0),
    ("knowledge-sharing", "learning-culture", (2, 4, 8),
     ["problem-management-accountability"], {"developer": 0.5}, 0.0),
    ("incident-analysis-training", "learning-culture", (4, 8, 20),
     ["problem-management-accountability"], {"developer": 1.0}, 15000.0),
    ("psychological-safety", "learning-culture", (6, 12, 26), [],
     {"product-manager": 0.5}, 0.0),
    ("blameless-culture", "learning-culture", (6, 12, 30),
     ["psychological-safety"], {"product-manager": 0.5}, 0.0),
]
ACT_IDS = [a[0] for a in ACTIVITIES]
RISK_P = 0.3
RISK_HITS = ("deployment-accountability", "production-access")
RISK_DELAY = (2, 4, 8)
# countermeasure: activity -> (multiplier pert, one-off)
COUNTERMEASURES = {
    "change-approval-accountability": ((0.5, 0.7, 0.9), 3000.0),
    "change-process-in-ticketing": ((0.4, 0.6, 0.8), 20000.0),
}


def topo_order():
    done, order = set(), []
    pending = list(ACTIVITIES)
    while pending:
        for a in pending:
            if all(p in done for p in a[3]):
                order.append(a[0]); done.add(a[0]); pending.remove(a)
                break
        else:
            raise ValueError("cycle")
    return order


TOPO = topo_order()
SUCCESSORS = {i: [a[0] for a in ACTIVITIES if i in a[3]] for i in ACT_IDS}
ACT = {a[0]: a for a in ACTIVITIES}


# ----------------------------------------------------------------- sampling
def pert(rng, lo, mode, hi, n):
    alpha = 1.0 + 4.0 * (mode - lo) / (hi - lo)
    beta = 1.0 + 4.0 * (hi - mode) / (hi - lo)
    return lo + rng.beta(alpha, beta, n) * (hi - lo)


def lognormal_params(p5, p95):
    mu = (math.log(p5) + math.log(p95)) / 2.0
    sigma = (math.log(p95) - math.log(p5)) / (2.0 * Z95)
    return mu, sigma


def lognormal(rng, p5, p95, n):
    mu, sigma = lognormal_params(p5, p95)
    return np.exp(mu + sigma * rng.standard_normal(n))


def segment_sums(rng, counts, ttr, floor=None):
    """counts: int array (n, 36) of events per cell. Draw one lognormal TTR
    per event, optionally floored (max(ttr, floor)), and sum per cell."""
    flat = counts.ravel()
    out = np.zeros(flat.size)
    total = int(flat.sum())
    if total == 0:
        return out.reshape(counts.shape)
    mu, sigma = lognormal_params(*ttr)
    x = rng.standard_normal(total)
    x *= sigma
    x += mu
    np.exp(x, out=x)
    if floor is not None:
        np.maximum(x, floor, out=x)
    nz = np.flatnonzero(flat)
    ends = np.cumsum(flat)
    starts = (ends - flat)[nz]
    out[nz] = np.add.reduceat(x, starts)
    return out.reshape(counts.shape)


def incidents(rng, lam, ttr, responders, hourly):
    """lam (n,36) Poisson means. Returns (count, callouts, labour), each (n,36).
    In-hours and out-of-hours are independent Poissons (0.65 / 0.35)."""
    n_in = rng.poisson(lam * (1.0 - OOH_P))
    n_ooh = rng.poisson(lam * OOH_P)
    ttr_in = segment_sums(rng, n_in, ttr)
    paid_ooh = segment_sums(rng, n_ooh, ttr, floor=MIN_PAID_HOURS)
    h = hourly[:, None]
    labour = responders * ttr_in * h
    callouts = responders * (n_ooh * CALLOUT_FEE + paid_ooh * h * OVERTIME)
    return n_in + n_ooh, callouts, labour


def gate_share(r):
    """f = clamp((b - r)/(b - a), 0, 1) per month, r shape (n,) -> (n, 36)."""
    return np.clip((MONTH_B[None, :] - r[:, None]) / (MONTH_B - MONTH_A)[None, :], 0.0, 1.0)


# ----------------------------------------------------------------- one batch
def simulate_batch(rng, n):
    out = {}
    # organisation (common random numbers)
    day = {
        "developer": pert(rng, 500, 600, 750, n),
        "support-analyst": pert(rng, 300, 350, 420, n),
        "change-manager": pert(rng, 380, 450, 520, n),
        "product-manager": pert(rng, 550, 650, 800, n),
        "incident-manager": np.full(n, 500.0),
    }
    hourly = {k: v / HOURS_PER_DAY for k, v in day.items()}
    rate = lognormal(rng, 0.2, 1.2, n)
    wanted = pert(rng, 4, 8, 16, n)
    # baseline per-iteration draws
    b_standby_pay = pert(rng, 150, 200, 300, n)
    b_approval_h = pert(rng, 2, 4, 8, n)
    b_fixed = pert(rng, 25000, 30000, 36000, n)
    # ybiyri per-iteration draws
    y_standby_pay = pert(rng, 150, 200, 300, n)
    y_approval_h = pert(rng, 0.1, 0.25, 0.5, n)
    y_fixed = pert(rng, 8000, 10000, 12000, n)
    improvement = pert(rng, 0.05, 0.15, 0.30, n)
    dur = {i: pert(rng, *ACT[i][2], n) for i in ACT_IDS}
    cm_cost = {}
    for i, (mult, cost) in COUNTERMEASURES.items():
        dur[i] = dur[i] * pert(rng, *mult, n)      # multipliers before delays
        cm_cost[i] = cost
    fires = rng.random(n) < RISK_P
    for i in RISK_HITS:
        delay = pert(rng, *RISK_DELAY, n)           # own draw per hit activity
        dur[i] = dur[i] + np.where(fires, delay, 0.0)

    # ---- schedule
    start, finish = {}, {}
    for i in TOPO:
        preds = ACT[i][3]
        s = np.zeros(n)
        for p in preds:
            s = np.maximum(s, finish[p])
        start[i] = s
        finish[i] = s + dur[i]
    ready = {}
    for c in CAPABILITIES:
        r = np.zeros(n)
        for i in ACT_IDS:
            if ACT[i][1] == c:
                r = np.maximum(r, finish[i])
        ready[c] = r
    ready_all = np.maximum.reduce([ready[c] for c in CAPABILITIES])
    on_path = {}
    for i in reversed(TOPO):
        op = finish[i] == ready_all
        for s_ in SUCCESSORS[i]:
            op = op | (on_path[s_] & (start[s_] == finish[i]))
        on_path[i] = op

    # ---- setup cost and its monthly spread
    setup_total = np.zeros(n)
    setup_m = np.zeros((n, HORIZON))
    for i in ACT_IDS:
        weekly = sum(fte * DAYS_PER_WEEK * day[role] for role, fte in ACT[i][4].items())
        cost = dur[i] * weekly + ACT[i][5] + cm_cost.get(i, 0.0)
        setup_total += cost
        lo = np.maximum(start[i][:, None], MONTH_A[None, :])
        hi = np.minimum(finish[i][:, None], MONTH_B[None, :])
        overlap = np.maximum(hi - lo, 0.0)
        setup_m += (cost / dur[i])[:, None] * overlap

    # ---- baseline run cost per month
    lam_b = np.broadcast_to((rate * SERVICES)[:, None], (n, HORIZON))
    b_inc, b_call, b_lab = incidents(rng, lam_b, B_TTR, B_RESPONDERS, hourly["support-analyst"])
    b_standby = np.broadcast_to((B_ROTAS * B_AT_ONCE * b_standby_pay * WPM)[:, None], (n, HORIZON))
    b_lic = np.full((n, HORIZON), B_ROTAS * B_PEOPLE * LICENCE)
    b_deploy_pm = SERVICES * np.minimum(wanted, B_DEPLOY_CAP)
    b_appr_per_deploy = b_approval_h * hourly["change-manager"]
    b_appr = np.broadcast_to((b_deploy_pm * b_appr_per_deploy)[:, None], (n, HORIZON))
    b_fix = np.broadcast_to(b_fixed[:, None], (n, HORIZON))
    b_comp = {"standby": b_standby, "callouts": b_call, "incident_labour": b_lab,
              "licences": b_lic, "change_approval": b_appr, "fixed": b_fix}
    b_month = sum(b_comp.values())
    b_deploys = np.broadcast_to(b_deploy_pm[:, None], (n, HORIZON))

    # ---- ybiyri run cost per month
    f_dt = gate_share(ready["deployment-throughput"])
    f_sr = gate_share(ready["service-reliability"])
    y_years = np.maximum(0.0, MONTH_MID[None, :] - ready["learning-culture"][:, None]) / 52.0
    factor = np.power((1.0 - improvement)[:, None], y_years)
    lam_y = (rate * SERVICES)[:, None] * factor
    o_inc, o_call, o_lab = incidents(rng, lam_y * (1.0 - f_sr), B_TTR, B_RESPONDERS,
                                     hourly["support-analyst"])
    n_inc, n_call, n_lab = incidents(rng, lam_y * f_sr, Y_TTR, Y_RESPONDERS, hourly["developer"])
    y_standby = (1.0 - f_sr) * b_standby + f_sr * (Y_ROTAS * Y_AT_ONCE * y_standby_pay * WPM)[:, None]
    y_lic = (1.0 - f_sr) * (B_ROTAS * B_PEOPLE * LICENCE) + f_sr * (Y_ROTAS * Y_PEOPLE * LICENCE)
    y_deploy_new = SERVICES * wanted
    y_appr = ((1.0 - f_dt) * (b_deploy_pm * b_appr_per_deploy)[:, None]
              + f_dt * (y_deploy_new * y_approval_h * hourly["product-manager"])[:, None])
    y_fix = (1.0 - f_sr) * b_fixed[:, None] + f_sr * y_fixed[:, None]
    y_comp = {"standby": y_standby, "callouts": o_call + n_call, "incident_labour": o_lab + n_lab,
              "licences": y_lic, "change_approval": y_appr, "fixed": y_fix}
    y_month = sum(y_comp.values())
    y_deploys = (1.0 - f_dt) * b_deploy_pm[:, None] + f_dt * y_deploy_new[:, None]

    # ---- per-iteration statistics
    for mid, comp, month, inc, dep, setup in (
            ("ops-run-it", b_comp, b_month, b_inc, b_deploys, np.zeros(n)),
            ("ybiyri", y_comp, y_month, o_inc + n_inc, y_deploys, setup_total)):
        run = month.sum(axis=1)
        out[f"models.{mid}.setup_cost"] = setup
        out[f"models.{mid}.run_cost"] = run
        out[f"models.{mid}.tco"] = setup + run
        out[f"models.{mid}.incidents"] = inc.sum(axis=1).astype(np.float64)
        out[f"models.{mid}.deployments"] = dep.sum(axis=1)
        for c in COMPONENTS:
            out[f"models.{mid}.run_cost_by_component.{c}"] = comp[c].sum(axis=1)
    for c in CAPABILITIES:
        out[f"models.ybiyri.readiness_weeks.{c}"] = ready[c]
    out["models.ybiyri.readiness_weeks.all"] = ready_all
    for i in ACT_IDS:
        out[f"models.ybiyri.activities.{i}.start_weeks"] = start[i]
        out[f"models.ybiyri.activities.{i}.finish_weeks"] = finish[i]
        out[f"models.ybiyri.activities.{i}.criticality"] = on_path[i].astype(np.float64)
    tco_diff = out["models.ybiyri.tco"] - out["models.ops-run-it.tco"]
    out["comparisons.ybiyri.tco_difference"] = tco_diff
    out["comparisons.ybiyri.probability_cheaper"] = (tco_diff < 0).astype(np.float64)
    # break-even: cumulative with setup spread (setup past month 35 excluded)
    cum_y = np.cumsum(y_month + setup_m, axis=1)
    cum_b = np.cumsum(b_month, axis=1)
    fail = cum_y > cum_b
    any_fail = fail.any(axis=1)
    last_fail = HORIZON - 1 - np.argmax(fail[:, ::-1], axis=1)
    be = np.where(any_fail, last_fail + 1, 0)          # 36 == not within horizon
    out["comparisons.ybiyri.break_even_month"] = be.astype(np.float64)
    return out


# ----------------------------------------------------------------- summary
def describe(x):
    n = x.size
    sd = float(np.std(x, ddof=1)) if n > 1 else 0.0
    p10, p50, p90 = np.percentile(x, [10, 50, 90])
    return {"mean": float(np.mean(x)), "se": sd / math.sqrt(n), "sd": sd,
            "p10": float(p10), "p50": float(p50), "p90": float(p90)}


def set_path(d, path, value):
    keys = path.split(".")
    # ids contain '-' but never '.', so splitting on '.' is safe
    for k in keys[:-1]:
        d = d.setdefault(k, {})
    d[keys[-1]] = value


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iterations", type=int, default=200000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=20000)
    ap.add_argument("--out", default="reference.json")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    n_total = args.iterations
    sizes = [min(args.batch, n_total - s) for s in range(0, n_total, args.batch)]
    seeds = np.random.SeedSequence(args.seed).spawn(len(sizes))
    store = None
    pos = 0
    for size, ss in zip(sizes, seeds):
        res = simulate_batch(np.random.default_rng(ss), size)
        if store is None:
            store = {k: np.empty(n_total) for k in res}
        for k, v in res.items():
            store[k][pos:pos + size] = v
        pos += size
    t_sim = time.perf_counter() - t0

    result = {"scenario": "bench-40", "iterations": n_total, "seed": args.seed,
              "source": "tools/reference/bench40.py (independent, from docs/benchmark.md)"}
    for k, x in store.items():
        if k.endswith(".criticality") or k.endswith(".probability_cheaper"):
            p = float(np.mean(x))
            set_path(result, k, {"mean": p, "se": math.sqrt(p * (1 - p) / n_total)})
        elif k.endswith(".break_even_month"):
            be = x.astype(np.int64)
            within = be < HORIZON
            hist = np.bincount(be, minlength=HORIZON + 1)
            share_none = float(np.mean(~within))
            set_path(result, k, {
                "p50": float(np.percentile(x, 50)),   # not within horizon counted as 36
                "p10": float(np.percentile(x, 10)),
                "p90": float(np.percentile(x, 90)),
                "p50_within_horizon": float(np.percentile(x[within], 50)) if within.any() else None,
                "mean_within_horizon": float(np.mean(x[within])) if within.any() else None,
                "share_not_within_horizon": {"mean": share_none,
                                             "se": math.sqrt(share_none * (1 - share_none) / n_total)},
                "histogram": [int(c) for c in hist[:HORIZON]],
                "histogram_not_within_horizon": int(hist[HORIZON]),
            })
        else:
            set_path(result, k, describe(x))
    t_all = time.perf_counter() - t0
    result["timing_seconds"] = {"simulate": t_sim, "total": t_all}
    with open(args.out, "w") as fh:
        json.dump(result, fh, indent=1)
    print(f"bench-40 reference: {n_total} iterations, seed {args.seed}: "
          f"simulate {t_sim:.2f}s, total {t_all:.2f}s -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
