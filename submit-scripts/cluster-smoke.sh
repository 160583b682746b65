#!/usr/bin/env bash
# End-to-end smoke run on a real Spark standalone cluster on 127.0.0.1 (see standalone-cluster.sh):
# ingest (MGSM, en + de) -> import (real mCoT-7B outputs) -> generate (tiny random ONNX model, 16
# samples) -> score -> aggregate, all with --env standalone, into a fresh warehouse; prints the time of
# every step. Stops the cluster it started, also on failure.
#
#   cluster-smoke.sh [--warehouse DIR] [--workers N]
#
# --warehouse: where the tables go (default: a new temporary folder, printed at the end; it must not
# hold tables yet). Reads ../shared (POLYREASON_SHARED overrides). A cluster that is already running
# is reused and left running. Row counts are checked by jobs/.../cluster/ClusterSmokeIT, which reads
# the Parquet output back; this script checks exit codes and that every table was committed.
# Exit codes: 0 success, 2 bad usage or missing shared data, 1 a step failed.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

warehouse=""
workers=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --warehouse) [[ $# -ge 2 ]] || die "option --warehouse needs a folder"; warehouse="$2"; shift ;;
    --workers) [[ $# -ge 2 ]] || die "option --workers needs a number"; workers="$2"; shift ;;
    *) die "usage: cluster-smoke.sh [--warehouse DIR] [--workers N]" ;;
  esac
  shift
done
SHARED="$(cd "${POLYREASON_SHARED:-$POLYREASON_HOME/../shared}" 2>/dev/null && pwd)" \
  || die "shared data folder ${POLYREASON_SHARED:-$POLYREASON_HOME/../shared} is missing (set POLYREASON_SHARED)"
BENCHMARKS="$SHARED/data/benchmarks"
MCOT="$SHARED/data/generations/mcot-mgsm-msvamp/data"
[[ -d "$BENCHMARKS/mgsm" && -f "$MCOT/mcot_ft_mgsm_en.json" ]] || die "shared data is incomplete: need $BENCHMARKS/mgsm and $MCOT"
if [[ -z "$warehouse" ]]; then
  warehouse="$(mktemp -d "${TMPDIR:-/tmp}/polyreason-cluster-smoke.XXXXXX")"
fi
mkdir -p "$warehouse"
warehouse="$(cd "$warehouse" && pwd)"  # absolute: the executors write it

step_names=()
step_secs=()
timed() {  # name command...: runs it, records its wall time, fails the script when it fails
  local name="$1"; shift
  local t0=$SECONDS
  echo "=== $name"
  # In the background, so that a signal reaches the trap at once (bash waits for a foreground child).
  "$@" &
  child=$!
  local rc=0
  wait "$child" || rc=$?
  child=""
  if [[ $rc -ne 0 ]]; then
    echo "cluster-smoke: step $name failed (exit $rc) after $((SECONDS - t0)) s" >&2
    exit 1
  fi
  step_names+=("$name")
  step_secs+=($((SECONDS - t0)))
}

started_here=false
child=""
cleanup() {
  local rc=$?
  if [[ -n "$child" ]] && kill -0 "$child" 2>/dev/null; then
    echo "cluster-smoke: stopping the running step (pid $child)" >&2
    kill "$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  if $started_here; then
    "$HERE/standalone-cluster.sh" stop || true
  fi
  if [[ ${#step_names[@]} -gt 0 ]]; then
    echo "=== timings (s)"
    for i in "${!step_names[@]}"; do printf '  %-14s %4d\n' "${step_names[$i]}" "${step_secs[$i]}"; done
  fi
  echo "warehouse: $warehouse"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

t_all=$SECONDS
ensure_app_jar
if "$HERE/standalone-cluster.sh" status >/dev/null 2>&1; then
  echo "cluster-smoke: reusing the running cluster (left running)"
else
  started_here=true
  timed cluster-start "$HERE/standalone-cluster.sh" start --workers "$workers"
fi

pr=("$HERE/polyreason")
common=(--env standalone --set "polyreason.warehouse=$warehouse")
timed ingest "${pr[@]}" ingest "${common[@]}" --set "polyreason.data-root=$BENCHMARKS" \
  --set 'polyreason.ingest.benchmarks=[mgsm]' --set 'polyreason.ingest.languages=[en,de]'
# A Hadoop glob: {en,de} is expanded by the import job, not by the shell.
timed import "${pr[@]}" import "${common[@]}" --set polyreason.import.format=mcot \
  --set "polyreason.import.path=$MCOT/mcot_ft_mgsm_{en,de}.json" --set polyreason.import.benchmark=mgsm \
  --set polyreason.import.model=mcot-7b

# DJL generation with the tiny random ONNX model on the executors: 8 problems (4 en + 4 de) x 2 samples
# = 16 generations of model `tiny` next to the 500 imported ones.
timed generate "${pr[@]}" generate "${common[@]}" \
  --set "polyreason.models.tiny.path=$SHARED/models/tiny-random-llama-onnx-fp16" \
  --set polyreason.models.tiny.template=chatml --set 'polyreason.generate.models=[tiny]' \
  --set 'polyreason.generate.benchmarks=[mgsm]' --set 'polyreason.generate.languages=[en,de]' \
  --set polyreason.generate.limit-per-language=4 --set polyreason.generate.samples=2 \
  --set polyreason.generate.temperature=0.8 --set polyreason.generate.max-new-tokens=16

timed score "${pr[@]}" score "${common[@]}"
timed aggregate "${pr[@]}" aggregate "${common[@]}"

for table in problems generations scores metrics runs; do
  [[ -f "$warehouse/$table/_SUCCESS" ]] || { echo "cluster-smoke: table $table was not committed in $warehouse" >&2; exit 1; }
done
step_names+=(total)
step_secs+=($((SECONDS - t_all)))
echo "cluster-smoke: OK (problems, generations, scores, metrics and runs committed in $warehouse)"
