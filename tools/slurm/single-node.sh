#!/usr/bin/env bash
# Runs the Slurm recipe of docs/scale-out.md for real, on a single-node Slurm
# cluster started on this machine: a job array of N shards of a run
# (`--shard $SLURM_ARRAY_TASK_ID/N`), a merge job that depends on the whole
# array (`--dependency=afterok`), and the merged folder compared byte for byte
# with a single run's.
#
# Usage (as root, with Debian's slurm-wlm and munge installed:
#   apt-get install -y --no-install-recommends slurm-wlm munge):
#   tools/slurm/single-node.sh [OPSIM_BINARY] [SCENARIO] [ITERATIONS] [SHARDS]
# Defaults: the release build, scenarios/bench-40.toml, 100000, 4.
#
# Everything lives in one temporary folder (its own slurm.conf, munge key and
# socket, spool and state); the daemons it starts are stopped at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
opsim=$(realpath "${1:-$(tools/target-dir)/release/opsim}")
scenario=$(realpath "${2:-scenarios/bench-40.toml}")
n=${3:-100000}
shards=${4:-4}
work=$(mktemp -d /tmp/opsim-slurm.XXXXXX)
chmod 755 "$work"
host=$(hostname -s)
cpus=$(nproc)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -n "${KEEP_SLURM_WORK:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

# munge: a key and a socket of this cluster's own.
mkdir -p "$work/munge"
dd if=/dev/urandom of="$work/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
munged --foreground --force --key-file="$work/munge/munge.key" --socket="$socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" \
    --seed-file="$work/munge/munged.seed" >"$work/munge/stderr" 2>&1 &
pids+=($!)
sleep 1
munge --socket="$socket" -n | unmunge --socket="$socket" >/dev/null

# slurm: controller and node daemon on this host, run as root.
mkdir -p "$work/spool" "$work/state" "$work/log"
export SLURM_CONF="$work/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=opsim
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
ReturnToService=2
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
MpiDefault=none
NodeName=$host CPUs=$cpus State=UNKNOWN
PartitionName=opsim Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
slurmctld -D -i >"$work/log/slurmctld.stderr" 2>&1 &
pids+=($!)
sleep 2
slurmd -D >"$work/log/slurmd.stderr" 2>&1 &
pids+=($!)
for _ in $(seq 30); do
    sinfo -h -o %t 2>/dev/null | grep -q idle && break
    sleep 1
done
sinfo

# The recipe of docs/scale-out.md: a job array of shards, then a merge job
# that runs only if every shard succeeded.
cd "$work"
export SOURCE_DATE_EPOCH=1700000000 # the report's date line, pinned for the comparison
start=$(date +%s%N)
array=$(sbatch --parsable --array=0-$((shards - 1)) --cpus-per-task=1 \
    --output="$work/log/shard-%a.out" --wrap \
    "\"$opsim\" run \"$scenario\" -n $n -j 1 -q --shard \$SLURM_ARRAY_TASK_ID/$shards --out parts/\$SLURM_ARRAY_TASK_ID")
merge=$(sbatch --parsable --dependency=afterok:"$array" --cpus-per-task=1 \
    --output="$work/log/merge.out" --wrap \
    "\"$opsim\" merge parts/*/partial-*.opsim --out merged -q -j 1")
echo "submitted array job $array ($shards shards) and merge job $merge (afterok:$array)"
for _ in $(seq 600); do
    [ -z "$(squeue -h -j "$array,$merge" 2>/dev/null)" ] && break
    sleep 1
done
took=$((($(date +%s%N) - start) / 1000000))
grep -h -E '_job_complete: JobId=.* WEXITSTATUS' "$work/log/slurmctld.log" || true
cat "$work"/log/shard-*.out "$work/log/merge.out" 2>/dev/null || true
ls -l parts/*/partial-*.opsim
echo "submit to merged: $took ms (includes Slurm's scheduling, polled each second)"

"$opsim" run "$scenario" -n $n -j 2 -q --out single
diff -r single merged
echo "Slurm: array of $shards shards of $n iterations + dependent merge: $(ls merged | wc -l) files identical to the single run's"
