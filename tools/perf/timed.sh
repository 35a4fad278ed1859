# Sourced by the timing scripts in tools/perf: `timed LABEL COMMAND...` runs
# COMMAND with its output discarded and prints one line of LABEL, wall time,
# user CPU and peak RSS; on failure it prints the command's errors and exits 1.
# The caller sets `timings` to a directory for the measurement's own file.
timed() {
    local label=$1
    shift
    /usr/bin/time -f "$label %e s wall, %U s user, %M KB" "$@" >/dev/null 2>"$timings/time" || {
        cat "$timings/time" >&2
        exit 1
    }
    tail -n 1 "$timings/time"
}
