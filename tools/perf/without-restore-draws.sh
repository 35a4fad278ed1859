#!/usr/bin/env bash
# What bench-40 costs end to end with no times to restore drawn at all: the
# least any mode that draws them (exactly, or one approximate draw per sum)
# could take, to set against NumPy's time (docs/performance.md, "What bounds
# them").
#
#   tools/perf/without-restore-draws.sh
#
# Builds, in a temporary git worktree of HEAD, an opsim whose constant times to
# restore are summed in closed form (n x c, where opsim adds the constant draw
# by draw), and runs it on bench-40 with constant times to restore; then times
# that and the real opsim on bench-40 at 200,000 iterations (-j 2,
# --summary-only) three times each, interleaved. Nothing in this checkout
# changes. Needs git and cargo; takes about three minutes, mostly the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'git worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach --quiet "$work/tree" HEAD
# The samplers live in src/sample/ (src/scenario/ in older commits).
dist=src/sample/dist.rs
[[ -e $work/tree/$dist ]] || dist=src/scenario/dist.rs
sed "s#src/scenario/dist.rs#$dist#" <<'PATCH' | git -C "$work/tree" apply
--- a/src/scenario/dist.rs
+++ b/src/scenario/dist.rs
@@ -332,2 +332,5 @@
     pub fn sum_of_draws<R: Rng + ?Sized>(&self, rng: &mut R, n: u64) -> f64 {
+        if let Dist::Constant(c) = self {
+            return n as f64 * c;
+        }
         (0..n).fold(0.0, |sum, _| sum + self.sample(rng))
@@ -343,2 +346,8 @@
         let mut sums = DrawSums::default();
+        if let Dist::Constant(c) = self {
+            return DrawSums {
+                sum: n as f64 * c,
+                sum_at_least_floor: n as f64 * c.max(floor),
+            };
+        }
         for _ in 0..n {
PATCH
cargo build --release --quiet
opsim=$(tools/target-dir)/release/opsim
CARGO_TARGET_DIR="$work/target" cargo build --release --quiet --manifest-path "$work/tree/Cargo.toml"
# Each time to restore at a constant 4 hours: the same months to price, no draws.
sed -E 's/^time_to_restore_hours = .*/time_to_restore_hours = 4.0/' scenarios/bench-40.toml >"$work/constant.toml"
grep -c '^time_to_restore_hours = 4.0$' "$work/constant.toml" | grep -qx 2 || {
    echo "bench-40 no longer has two times to restore to replace" >&2
    exit 1
}
timings=$work
# shellcheck source=tools/perf/timed.sh
source tools/perf/timed.sh
run=(-n 200000 -j 2 -q --summary-only)
uptime
for _ in 1 2 3; do
    timed without-restore-draws-200k "$work/target/release/opsim" run "$work/constant.toml" "${run[@]}" --out "$work/a"
    timed opsim-200k "$opsim" run scenarios/bench-40.toml "${run[@]}" --out "$work/b"
done
uptime
