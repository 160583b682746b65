#!/usr/bin/env bash
# Benchmarks of the score and aggregate jobs end to end (prints figures; no assertions).
#
#   submit-scripts/bench-score.sh [warehouse-dir]
#       ingest MGSM, import every s1 language-forcing trace in ../shared (14,518 long CoT responses),
#       score them with language detection, then rescore them without it.
#   submit-scripts/bench-score.sh --rows N [--samples S] [--detect-language true|false]
#       [--scores-from-base] [--aggregate-jar JAR [--aggregate-java-opts OPTS]
#       [--aggregate-submit-args ARGS]] [--warehouse DIR]
#       the same real traces replicated to exactly N generations (replica r of a trace is sample r mod S
#       of model <model>-r<r div S>, sample_key <key>#r<r>; written by polyreason-bench's
#       ReplicateSamples on the executors), then score (language detection off unless told) and
#       aggregate timed separately. --scores-from-base scores only the 14,518 real traces and replicates
#       their scores to N rows instead (for timing aggregate where scoring N rows would take too long).
#       --aggregate-jar times aggregate a second time on the same scores with another application jar
#       (e.g. one built from an older commit), for a before/after comparison; --aggregate-java-opts and
#       --aggregate-submit-args are POLYREASON_JAVA_OPTS and POLYREASON_SUBMIT_ARGS for that jar's runs
#       only (e.g. to run it with the JVM and Spark settings of its own time).
#   submit-scripts/bench-score.sh --rows N --reuse [--runs R] [--aggregate-jar JAR ...] [--warehouse DIR]
#       times aggregate only, on the scores an earlier --rows N run left in DIR/rows-N; --runs R times it
#       R times (alternating with JAR's when given: this build, JAR, this build, ...) and prints the
#       median wall and CPU seconds of each build and their ratio.
#
# Figures: wall seconds per job as the launcher sees it (JVM and Spark start included), rows/s over that
# wall time, the JVM's CPU seconds (user + sys; the fairer comparison on a shared machine), and the
# peak resident memory of the driver JVM (local mode: the whole job) from
# /usr/bin/time (%M, the JVM's VmHWM). The score job also logs its own scoring rate, printed below.
#   submit-scripts/bench-score.sh core [shared-dir]
#       the scoring core alone (bench module's ScoringBenchmark: every s1 trace, one thread, with and
#       without language detection).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$here/lib.sh"
if [[ "${1:-}" == core ]]; then
  cp="$(bench_classpath)"
  exec java -Xmx4g -cp "$cp" org.polyreason.bench.ScoringBenchmark "${2:-$POLYREASON_HOME/../shared}"
fi

rows=""
samples=8
detect=false
scores_from_base=false
other_jar=""
other_java_opts=""
other_submit_args=""
wh=""
reuse=false
runs=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --rows) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--rows needs a positive integer"; rows="$2"; shift ;;
    --samples) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--samples needs a positive integer"; samples="$2"; shift ;;
    --detect-language) [[ $# -ge 2 && "$2" =~ ^(true|false)$ ]] || die "--detect-language needs true or false"; detect="$2"; shift ;;
    --scores-from-base) scores_from_base=true ;;
    --aggregate-jar) [[ $# -ge 2 && -f "$2" ]] || die "--aggregate-jar needs an existing jar"; other_jar="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift ;;
    --aggregate-java-opts) [[ $# -ge 2 ]] || die "--aggregate-java-opts needs a value"; other_java_opts="$2"; shift ;;
    --aggregate-submit-args) [[ $# -ge 2 ]] || die "--aggregate-submit-args needs a value"; other_submit_args="$2"; shift ;;
    --warehouse) [[ $# -ge 2 ]] || die "--warehouse needs a directory"; wh="$2"; shift ;;
    --reuse) reuse=true ;;
    --runs) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "--runs needs a positive integer"; runs="$2"; shift ;;
    --*) die "unknown option $1; allowed: --rows, --samples, --detect-language, --scores-from-base, --aggregate-jar, --aggregate-java-opts, --aggregate-submit-args, --warehouse, --reuse, --runs" ;;
    *) wh="$1" ;;
  esac
  shift
done
wh="${wh:-$(mktemp -d /tmp/polyreason-bench-XXXXXX)}"
s1="$POLYREASON_HOME/../shared/data/generations/s1-language-forcing-mgsm/data"
[[ -d "$s1" ]] || die "missing $s1"
[[ -x /usr/bin/time ]] || die "missing /usr/bin/time (Debian package time)"
mkdir -p "$wh"

# Runs a polyreason job against warehouse $1, timed; prints wall, rows/s (over $2 rows) and peak RSS.
timed() {
  local label="$1" target="$2" nrows="$3"; shift 3
  local stats="$target.time" log="$target.log"
  if ! /usr/bin/time -f '%e %M %U %S' -o "$stats" "$here/polyreason" "$@" --set polyreason.warehouse="$target" \
      >/dev/null 2>"$log"; then
    tail -20 "$log"; exit 1
  fi
  local wall rss_kib user sys
  read -r wall rss_kib user sys < <(tail -1 "$stats")
  # CPU seconds (user + sys of the JVM) say more than wall time on a machine shared with other work.
  local cpu; cpu="$(echo "$user + $sys" | bc -l)"
  last_wall="$wall" last_cpu="$cpu"
  if [[ "$nrows" -gt 0 ]]; then
    printf '%s: %.1f s wall, %.0f rows/s, %.1f CPU s, peak RSS %.0f MiB (JVM and Spark start included)\n' \
      "$label" "$wall" "$(echo "$nrows / $wall" | bc -l)" "$cpu" "$(echo "$rss_kib / 1024" | bc -l)"
  else
    printf '%s: %.1f s wall, %.1f CPU s, peak RSS %.0f MiB\n' "$label" "$wall" "$cpu" "$(echo "$rss_kib / 1024" | bc -l)"
  fi
  grep -E "scored in|new generations" "$log" | sed 's/^/    /' || true
}

# The real traces: MGSM problems and the six s1 settings (14,518 generations).
load_base() {
  local base="$1"
  timed "ingest mgsm" "$base" 0 ingest --set "polyreason.ingest.benchmarks=[mgsm]"
  for setting in 32B_combined 32B_combined_en_only 14B_combined 14B_combined_en_only 7B_combined 7B_combined_en_only; do
    local think=same; [[ "$setting" == *en_only ]] && think=en
    timed "import s1 $setting" "$base" 0 import --set polyreason.import.format=s1 --set polyreason.import.path="$s1/$setting" \
      --set polyreason.import.model="s1.1-$setting" --set polyreason.import.think-lang=$think
  done
}

if [[ -z "$rows" ]]; then
  load_base "$wh"
  timed "score (language detection on)" "$wh" 14518 score
  timed "score (rescore, language detection off)" "$wh" 14518 score --set polyreason.score.rescore=true --set polyreason.score.detect-language=false
  echo "warehouse: $wh; cores: $(nproc)"
  exit 0
fi

bench_jar="$POLYREASON_HOME/bench/target/polyreason-bench-0.1.0-SNAPSHOT.jar"
ensure_app_jar
if [[ ! -f "$bench_jar" || -n "$(find "$POLYREASON_HOME/bench" -newer "$bench_jar" -type f -not -path '*/target/*' | head -1)" ]]; then
  echo "bench-score: building polyreason-bench ..." >&2
  mvn_quiet -pl bench -am package -DskipTests >&2 || die "could not build the bench module"
fi
# Replicates table $1 of warehouse $2 to $rows rows in warehouse $3 (plain JVM, local[2]).
replicate() {
  local table="$1" from="$2" to="$3"
  local t0=$SECONDS
  "${JAVA:-java}" "${SPARK_MODULE_OPTS[@]}" -Xmx"${POLYREASON_DRIVER_MEMORY:-4g}" -Dspark.master='local[2]' \
    -Dspark.ui.enabled=false -Dlog4j2.configurationFile="$POLYREASON_HOME/conf/log4j2.properties" \
    -cp "$bench_jar:$APP_JAR:$(spark_classpath)" org.polyreason.bench.ReplicateSamples \
    "$from/$table" "$to/$table" "$rows" "$samples" 2>"$to.replicate.log" | sed 's/^/    /' \
    || { tail -20 "$to.replicate.log"; exit 1; }
  echo "replicate $table to $rows rows: $((SECONDS - t0)) s"
}

base="$wh/base"
big="$wh/rows-$rows"
echo "bench-score: $rows rows, $samples samples per problem and model; load before: $(uptime)"
if $reuse; then
  [[ -d "$big/scores" ]] || die "--reuse needs $big/scores, left by an earlier run with --rows $rows"
else
  if [[ ! -d "$base/generations" ]]; then
    mkdir -p "$base"
    load_base "$base"
  fi
  rm -rf "$big" && mkdir -p "$big"
  cp -r "$base/problems" "$big/problems"
  if $scores_from_base; then
    [[ -d "$base/scores" ]] || timed "score the real traces (language detection $detect)" "$base" 0 \
      score --set polyreason.score.detect-language="$detect"
    replicate scores "$base" "$big"
  else
    replicate generations "$base" "$big"
    timed "score $rows rows (language detection $detect)" "$big" "$rows" score --set polyreason.score.detect-language="$detect"
  fi
fi
# Median of the numbers given as arguments.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
walls=() cpus=() other_walls=() other_cpus=()
for ((run = 1; run <= runs; run++)); do
  label="aggregate $rows score rows"; [[ "$runs" -gt 1 ]] && label="$label (run $run of $runs)"
  echo "load: $(uptime)"
  timed "$label" "$big" "$rows" aggregate
  walls+=("$last_wall") cpus+=("$last_cpu")
  if [[ -n "$other_jar" ]]; then
    echo "load: $(uptime)"
    POLYREASON_APP_JAR="$other_jar" POLYREASON_JAVA_OPTS="${other_java_opts:-${POLYREASON_JAVA_OPTS:-}}" \
      POLYREASON_SUBMIT_ARGS="${other_submit_args:-${POLYREASON_SUBMIT_ARGS:-}}" timed "$label with $other_jar" "$big" "$rows" aggregate
    other_walls+=("$last_wall") other_cpus+=("$last_cpu")
  fi
done
if [[ "$runs" -gt 1 ]]; then
  w="$(median "${walls[@]}")" c="$(median "${cpus[@]}")"
  printf 'aggregate, median of %d runs: %.1f s wall, %.1f CPU s\n' "$runs" "$w" "$c"
  if [[ -n "$other_jar" ]]; then
    ow="$(median "${other_walls[@]}")" oc="$(median "${other_cpus[@]}")"
    printf 'aggregate with %s, median of %d runs: %.1f s wall, %.1f CPU s\n' "$other_jar" "$runs" "$ow" "$oc"
    printf 'ratio (other / this build): %.2fx wall, %.2fx CPU\n' "$(echo "$ow / $w" | bc -l)" "$(echo "$oc / $c" | bc -l)"
  fi
fi
echo "load after: $(uptime)"
echo "warehouse: $big; cores: $(nproc)"
