#!/usr/bin/env bash
# Benchmark of the score job end to end (prints figures; no assertions):
# ingest MGSM, import every s1 language-forcing trace in ../shared (14,518 long CoT responses), then
# score them with language detection, and rescore them without it. Rows/s come from the runs table
# counts and the job wall time as the launcher sees it.
#   submit-scripts/bench-score.sh [warehouse-dir]
# The scoring core alone (bench module's ScoringBenchmark: every s1 trace, one thread, with and without
# language detection):
#   submit-scripts/bench-score.sh core [shared-dir]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
if [[ "${1:-}" == core ]]; then
  cp="$(bench_classpath)"
  exec java -Xmx4g -cp "$cp" org.polyreason.bench.ScoringBenchmark "${2:-$POLYREASON_HOME/../shared}"
fi
wh="${1:-$(mktemp -d /tmp/polyreason-bench-XXXXXX)}"
s1="$POLYREASON_HOME/../shared/data/generations/s1-language-forcing-mgsm/data"
[[ -d "$s1" ]] || die "missing $s1"
run() { "$here/polyreason" "$@" --set polyreason.warehouse="$wh" >/dev/null 2>"$wh.log" || { tail -20 "$wh.log"; exit 1; }; }
timed() {
  local label="$1"; shift
  local t0; t0=$(date +%s.%N)
  run "$@"
  local t1; t1=$(date +%s.%N)
  echo "$label: $(echo "$t1 - $t0" | bc) s wall (JVM and Spark start included)"
  grep -E "scored in|new generations" "$wh.log" | sed 's/^/    /' || true
}
mkdir -p "$wh"
timed "ingest mgsm" ingest --set 'polyreason.ingest.benchmarks=[mgsm]'
for setting in 32B_combined 32B_combined_en_only 14B_combined 14B_combined_en_only 7B_combined 7B_combined_en_only; do
  think=same; [[ "$setting" == *en_only ]] && think=en
  timed "import s1 $setting" import --set polyreason.import.format=s1 --set polyreason.import.path="$s1/$setting" \
    --set polyreason.import.model="s1.1-$setting" --set polyreason.import.think-lang=$think
done
timed "score (language detection on)" score
timed "score (rescore, language detection off)" score --set polyreason.score.rescore=true --set polyreason.score.detect-language=false
echo "warehouse: $wh; cores: $(nproc)"
