#!/usr/bin/env bash
# Shared helpers for polyreason's scripts: repository paths, the Maven-resolved Spark classpath, the
# application jar (built on first use or when stale) and Spark's JVM module flags. Source it; do not run.

POLYREASON_HOME="${POLYREASON_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
# POLYREASON_APP_JAR runs another build of the application (e.g. a benchmark of an older commit's jar):
# it is used as it is, never rebuilt.
APP_JAR="${POLYREASON_APP_JAR:-$POLYREASON_HOME/jobs/target/polyreason-jobs-0.1.0-SNAPSHOT-app.jar}"
SPARK_CP_FILE="$POLYREASON_HOME/jobs/target/spark-classpath.txt"
BENCH_JAR="$POLYREASON_HOME/bench/target/polyreason-bench-0.1.0-SNAPSHOT.jar"

# The --add-opens list Spark's launcher uses on Java 17 (JavaModuleOptions.defaultModuleOptions()),
# less --add-modules=jdk.incubator.vector: that module is optional for Spark (vectorised BLAS falls back
# to plain Java) and the JVM prints "WARNING: Using incubator modules" on stderr whenever it is added,
# which would break the contract that a bad-input exit leaves exactly one line there.
# shellcheck disable=SC2034 # used by the scripts that source this file
SPARK_MODULE_OPTS=(
  -XX:+IgnoreUnrecognizedVMOptions
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED
  -Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true
)

die() { echo "polyreason: $*" >&2; exit 2; }

# split_words NAME "text": splits text into the array NAME like a shell command line does (quotes and
# backslashes group words) but without globbing or running anything, so "--conf 'k=-Da -Db' --jars
# /opt/*.jar" is exactly four words. An unmatched quote is an error (exit 2).
# shellcheck disable=SC2034 # words_out is a name reference: assigning it sets the caller's array
split_words() {
  local -n words_out="$1"
  words_out=()
  [[ -n "${2//[[:space:]]/}" ]] || return 0
  xargs printf '' <<<"$2" 2>/dev/null || die "cannot split $1 value: unmatched quote in: $2"
  mapfile -d '' words_out < <(xargs printf '%s\0' <<<"$2")
}

mvn_quiet() { (cd "$POLYREASON_HOME" && mvn -q -B "$@"); }

# Prints the Spark runtime classpath, resolving it with Maven once (cached in jobs/target).
spark_classpath() {
  if [[ ! -s "$SPARK_CP_FILE" || "$POLYREASON_HOME/pom.xml" -nt "$SPARK_CP_FILE" \
        || "$POLYREASON_HOME/submit-scripts/spark-runtime/pom.xml" -nt "$SPARK_CP_FILE" ]]; then
    mkdir -p "$(dirname "$SPARK_CP_FILE")"
    echo "polyreason: resolving the Spark classpath with Maven (once)..." >&2
    mvn_quiet -f submit-scripts/spark-runtime/pom.xml dependency:build-classpath \
      -Dmdep.outputFile="$SPARK_CP_FILE" -Dmdep.includeScope=runtime >&2 \
      || { echo "polyreason: could not resolve the Spark classpath with Maven" >&2; exit 1; }
    # the plugin leaves an unchanged file untouched: mark it fresh, or every launch resolves again
    touch "$SPARK_CP_FILE"
  fi
  cat "$SPARK_CP_FILE"
}

# Class-data sharing for a driver JVM started from the Maven-resolved classpath (no SPARK_HOME): the
# Spark, Scala, Hadoop and Parquet classes a job loads are parsed, verified and laid out once into an
# archive that later JVMs map instead of loading them from jars (docs/benchmarks.md, "Class-data
# sharing": 2.5-5.5 s less per job on 2 cores). The first launch after the JDK or the classpath
# changes writes it with a small warm-up study (conf/studies/cds-warm-up.conf in a temporary
# warehouse; about half a minute, ~170 MB in POLYREASON_CDS_DIR, by default jobs/target/cds), then
# runs the job as usual, so the launcher still execs the driver. A study does not write it (one JVM
# for many minutes, where seconds of start-up do not count: the quick start takes no longer) but maps
# one that exists. The JVM ignores an archive that does not match it. A warm-up that fails, or runs
# longer than POLYREASON_CDS_TIMEOUT seconds (default 300; needs timeout(1), as on Linux), leaves
# <key>.failed beside its log and is not retried for that key; one that is interrupted leaves no
# temporary file or warehouse behind. POLYREASON_CDS=off disables it all.
# cds_setup JAVA CLASSPATH WRITE(true|false) sets cds_opts: the JVM options that map the archive
# (empty without one); with WRITE true a missing archive is written first.
# shellcheck disable=SC2034 # cds_opts is read by the scripts that source this file
cds_opts=()
cds_setup() {
  cds_opts=()
  case "${POLYREASON_CDS:-on}" in
    off) return 0 ;;
    on) ;;
    *) die "POLYREASON_CDS=${POLYREASON_CDS} is not allowed; use on or off" ;;
  esac
  local limit="${POLYREASON_CDS_TIMEOUT:-300}"
  [[ "$limit" =~ ^[1-9][0-9]{0,5}$ ]] \
    || die "POLYREASON_CDS_TIMEOUT=${POLYREASON_CDS_TIMEOUT} is not allowed; use whole seconds from 1 to 999999"
  local dir="${POLYREASON_CDS_DIR:-$POLYREASON_HOME/jobs/target/cds}" key
  key="$({ "$1" -version 2>&1; printf '%s\n' "$2" "${SPARK_MODULE_OPTS[*]}"; } | cksum | cut -d' ' -f1)"
  if [[ "$3" == true && ! -f "$dir/$key.jsa" && ! -f "$dir/$key.failed" ]] && mkdir -p "$dir" 2>/dev/null && [[ -w "$dir" ]]; then
    cds_write "$1" "$dir" "$key" "$limit"
  fi
  # the archive's own warnings (signed jars, generated classes it skips) are not the job's output
  # shellcheck disable=SC2034 # cds_opts is read by the scripts that source this file
  [[ -f "$dir/$key.jsa" ]] && cds_opts=(-XX:SharedArchiveFile="$dir/$key.jsa" "-Xlog:cds*=off")
  return 0
}

# cds_write JAVA DIR KEY LIMIT: runs the warm-up study (at most LIMIT seconds where timeout(1)
# exists) in a JVM that writes DIR/KEY.jsa when it exits.
cds_write() {
  local pending="$2/$3.$$.tmp" log="$2/$3.log" wh limit="$4" rc=0 child
  local limited=()
  echo "polyreason: writing the class-data sharing archive that speeds up every later start (once per JDK and classpath, about half a minute)..." >&2
  # temporary files of writers that were killed
  find "$2" -maxdepth 1 -name '*.tmp' -mmin +60 -delete 2>/dev/null || true
  wh="$(mktemp -d)"
  command -v timeout >/dev/null 2>&1 && limited=(timeout -k 10 "$limit")
  # the launcher itself starts the warm-up, so its driver command is the one every job gets; the
  # caller's extra JVM and spark-submit options stay out of it. It runs in the background so that
  # an interrupt (Ctrl-C, a scheduler's kill) reaches the trap at once: the trap stops it and takes
  # its warehouse and partial archive along.
  JAVA="$1" POLYREASON_CDS=off POLYREASON_JAVA_OPTS="'-XX:ArchiveClassesAtExit=$pending' -Xlog:cds*=off" \
    POLYREASON_SUBMIT_ARGS="" ${limited[@]+"${limited[@]}"} "$POLYREASON_HOME/submit-scripts/polyreason" study \
    --env local --set "polyreason.warehouse=$wh/warehouse" \
    --set "polyreason.study.file=$POLYREASON_HOME/conf/studies/cds-warm-up.conf" </dev/null >"$log" 2>&1 &
  child=$!
  local stop
  stop="kill $child 2>/dev/null || true; wait $child 2>/dev/null || true
    rm -rf -- $(printf %q "$wh") $(printf %q "$pending")
    echo 'polyreason: interrupted while writing the class-data sharing archive; nothing was kept' >&2"
  # shellcheck disable=SC2064 # the pid and paths are fixed now, on purpose
  trap "$stop; exit 130" INT
  # shellcheck disable=SC2064
  trap "$stop; exit 143" TERM
  wait "$child" || rc=$?
  trap - INT TERM
  if [[ $rc -eq 0 && -s "$pending" ]]; then
    mv -f "$pending" "$2/$3.jsa"
    # keep the two newest archives (e.g. two JDKs in use); older ones belong to replaced classpaths.
    # ls -t is portable (GNU and BSD); the names are <checksum>.jsa
    # shellcheck disable=SC2012
    ls -1t "$2"/*.jsa | tail -n +3 | while IFS= read -r old; do rm -f "$old"; done
  else
    rm -f "$pending"
    touch "$2/$3.failed"
    if [[ $rc -eq 124 || $rc -eq 137 ]] && [[ ${#limited[@]} -gt 0 ]]; then
      echo "polyreason: could not write the archive: the warm-up ran longer than ${limit} s (POLYREASON_CDS_TIMEOUT; log: $log); starting without it" >&2
    else
      echo "polyreason: could not write the archive (log: $log); starting without it" >&2
    fi
  fi
  rm -rf "$wh"
}

# Builds the application jar when it is missing or older than any source, resource or pom.
ensure_app_jar() {
  local stale=""
  if [[ -n "${POLYREASON_APP_JAR:-}" ]]; then
    [[ -f "$APP_JAR" ]] || die "POLYREASON_APP_JAR=$APP_JAR does not exist"
    return 0
  fi
  if [[ ! -f "$APP_JAR" ]]; then
    stale="missing"
  elif [[ -n "$(find "$POLYREASON_HOME/pom.xml" "$POLYREASON_HOME/udfs/pom.xml" "$POLYREASON_HOME/jobs/pom.xml" \
        "$POLYREASON_HOME/udfs/src/main" "$POLYREASON_HOME/jobs/src/main" -newer "$APP_JAR" -type f 2>/dev/null | head -1)" ]]; then
    stale="stale"
  fi
  if [[ -n "$stale" ]]; then
    echo "polyreason: building the application jar ($stale): mvn package -DskipTests ..." >&2
    mvn_quiet package -DskipTests >&2 || { echo "polyreason: the build failed" >&2; exit 1; }
  fi
}

# Builds the bench module (and with it the application jar and the test jars it reuses) when missing
# or stale, and prints the classpath the benchmarks run with.
bench_classpath() {
  if [[ ! -f "$BENCH_JAR" || -n "$(find "$POLYREASON_HOME/pom.xml" "$POLYREASON_HOME"/{udfs,jobs,bench}/pom.xml \
        "$POLYREASON_HOME"/{udfs,jobs,bench}/src -newer "$BENCH_JAR" -type f 2>/dev/null | head -1)" ]]; then
    echo "polyreason: building the bench module: mvn -pl bench -am package -DskipTests ..." >&2
    mvn_quiet -pl bench -am package -DskipTests >&2 || { echo "polyreason: the build failed" >&2; exit 1; }
  fi
  local v=0.1.0-SNAPSHOT
  echo "$BENCH_JAR:$POLYREASON_HOME/jobs/target/polyreason-jobs-$v-tests.jar:$POLYREASON_HOME/udfs/target/polyreason-udfs-$v-tests.jar:$APP_JAR:$(spark_classpath)"
}

code_version() {
  git -C "$POLYREASON_HOME" describe --always --dirty --tags 2>/dev/null || echo "0.1.0-SNAPSHOT"
}
