#!/usr/bin/env bash
# Runs a job with the RAPIDS Accelerator in explain-only mode on a machine without a GPU: the job runs
# on the CPU as usual, and the plugin logs, for every query, which operators would run on the GPU and
# why the others would not. Prints a summary of those lines at the end.
#
#   rapids-explain.sh <job> [--env local|standalone] [--set key=value]...
#
# The RAPIDS jar (com.nvidia:rapids-4-spark_2.13, 961 MiB) is fetched with Maven on first use into
# <repo>/.cluster/rapids (ignored by git) and reused afterwards; POLYREASON_RAPIDS_JAR points at another
# copy. The full log goes to .cluster/rapids-explain/<job>-<time>.log. The job writes its outputs as in
# a normal run: point polyreason.warehouse at a scratch copy when that matters.
# Exit codes: the job's (0, 2, 1); 2 also for bad usage or too little disk for the jar.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib.sh
source "$HERE/lib.sh"

RAPIDS_VERSION="${POLYREASON_RAPIDS_VERSION:-26.08.1}"
RAPIDS_ARTIFACT="com.nvidia:rapids-4-spark_2.13:$RAPIDS_VERSION:jar"
CACHE_DIR="$POLYREASON_HOME/.cluster/rapids"
JAR_NAME="rapids-4-spark_2.13-$RAPIDS_VERSION.jar"

[[ $# -ge 1 && "$1" != --* ]] || die "usage: rapids-explain.sh <job> [--env local|standalone] [--set key=value]..."
job="$1"

# Prints the path of the RAPIDS jar, fetching it once.
rapids_jar() {
  local m2="$HOME/.m2/repository/com/nvidia/rapids-4-spark_2.13/$RAPIDS_VERSION/$JAR_NAME"
  for candidate in "${POLYREASON_RAPIDS_JAR:-}" "$CACHE_DIR/$JAR_NAME" "$m2"; do
    [[ -n "$candidate" && -s "$candidate" ]] && { echo "$candidate"; return 0; }
  done
  mkdir -p "$CACHE_DIR"
  # Maven keeps one copy in ~/.m2 and copies one here: about 2 GiB together.
  local free_kib
  free_kib="$(df -Pk "$CACHE_DIR" | awk 'NR==2 {print $4}')"
  df -h "$CACHE_DIR" >&2
  (( free_kib > 3 * 1024 * 1024 )) || die "only $((free_kib / 1024)) MiB free under $CACHE_DIR; the RAPIDS jar needs about 2 GiB (~/.m2 + a copy)"
  echo "rapids-explain: fetching $RAPIDS_ARTIFACT (961 MiB) with Maven, once..." >&2
  # maven-dependency-plugin 2.8 copies the jar alone. Newer versions first read the artifact's POM, whose
  # parent (rapids-4-spark-parent_2.13) is not published, and fail.
  (cd "$CACHE_DIR" && mvn -q -B org.apache.maven.plugins:maven-dependency-plugin:2.8:copy \
      -Dartifact="$RAPIDS_ARTIFACT" -DoutputDirectory="$CACHE_DIR") >&2 \
    || { echo "rapids-explain: could not fetch $RAPIDS_ARTIFACT with Maven" >&2; exit 1; }
  echo "$CACHE_DIR/$JAR_NAME"
}

jar="$(rapids_jar)"
log_dir="$POLYREASON_HOME/.cluster/rapids-explain"
mkdir -p "$log_dir"
log="$log_dir/$job-$(date -u +%Y%m%dT%H%M%SZ).log"

# Without a GPU the plugin would call CUDA when it starts and exit the JVM: skip the architecture check
# and defer RMM initialisation to the first task (which never comes in explain-only mode). Executors get
# it through defaultJavaOptions, which keeps the environment's extraJavaOptions (-Dai.djl.offline=true).
no_gpu_init=-Dcom.nvidia.spark.rapids.memory.gpu.rmm.init.task=true
POLYREASON_SUBMIT_ARGS="${POLYREASON_SUBMIT_ARGS:-} --jars $(printf '%q' "$jar")
  --conf spark.plugins=com.nvidia.spark.SQLPlugin --conf spark.rapids.sql.mode=explainOnly
  --conf spark.rapids.sql.explain=ALL --conf spark.rapids.skipGpuArchitectureCheck=true
  --conf spark.sql.cache.serializer=com.nvidia.spark.ParquetCachedBatchSerializer
  --conf spark.executor.defaultJavaOptions=$no_gpu_init"
export POLYREASON_SUBMIT_ARGS
export POLYREASON_JAVA_OPTS="${POLYREASON_JAVA_OPTS:-} $no_gpu_init"

echo "rapids-explain: $job with $jar; log $log" >&2
t0=$SECONDS
set +e
"$HERE/polyreason" "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
echo "rapids-explain: $job exited $rc after $((SECONDS - t0)) s" >&2

# The explain lines: '*' will run on the GPU, '!' cannot (with the reason), '@'/'#' could but the plan
# around them keeps them on the CPU. The same operator appears once per query plan: count them.
python3 - "$log" <<'PY'
import collections, re, sys, textwrap
# "  *Exec <ProjectExec> will run on GPU", "    !Expression <Invoke> invoke(...) cannot run on GPU because ...",
# "  ! <MapPartitionsExec> cannot run on GPU because ..." (no kind: an operator class RAPIDS has no rule for).
pat = re.compile(r'^\s*([*!@#])(\w*)\s*<([^>]+)>(.*)$')
count = collections.defaultdict(collections.Counter)   # (mark, kind) -> name -> n
reasons = collections.defaultdict(collections.Counter)  # (mark, kind, name) -> normalised reason -> n
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    m = pat.match(line)
    if not m:
        continue
    mark, kind, name, rest = m.groups()
    mark = '@' if mark == '#' else mark
    if kind not in ('Exec', 'Expression'):
        kind = 'Exec' if name.endswith('Exec') else ('Expression' if kind in ('', 'Expression') else 'Exec')
    count[(mark, kind)][name] += 1
    if mark != '*':
        r = re.search(r'because (.*)$', rest)
        reason = re.sub(r'#\d+', '', r.group(1) if r else rest).strip()
        reasons[(mark, kind, name)][reason[:200]] += 1
if not count:
    print('rapids-explain: no explain lines found in the log (did the plugin load? see the log)')
    sys.exit(0)
def compact(c):
    return textwrap.fill(', '.join(f'{n} x{k}' for n, k in c.most_common()), 110, initial_indent='  ', subsequent_indent='  ')
print('=== RAPIDS explain summary (name xN = occurrences over all query plans of the run)')
print('--- operators (Exec) that would run on the GPU'); print(compact(count[('*', 'Exec')]))
print('--- operators (Exec) that would NOT run on the GPU, and why')
for name, n in count[('!', 'Exec')].most_common():
    print(f'  {name} x{n}')
    for reason, _ in reasons[('!', 'Exec', name)].most_common(2):
        print(f'      because {reason}')
print('--- expressions that would run on the GPU'); print(compact(count[('*', 'Expression')]))
print('--- expressions that would NOT run on the GPU (one example reason each)')
for name, n in count[('!', 'Expression')].most_common():
    reason = reasons[('!', 'Expression', name)].most_common(1)[0][0]
    print(f'  {name} x{n}: {reason[:150]}')
removed = count[('@', 'Exec')] + count[('@', 'Expression')]
if removed:
    print('--- could run on the GPU but stay on the CPU because of the operator around them'); print(compact(removed))
PY
exit "$rc"
