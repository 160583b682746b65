#!/usr/bin/env bash
# A real Spark standalone cluster on 127.0.0.1, started from the Maven-resolved Spark jars (no Spark
# distribution): one Master and N Workers, each a plain `java -cp <spark classpath>` process.
#
#   standalone-cluster.sh start [--workers N]   start (no-op when already running), wait until registered
#   standalone-cluster.sh stop                  stop the processes this script started (recorded PIDs only;
#                                               a recorded Worker that was killed is reported, and executors
#                                               it left behind are stopped)
#   standalone-cluster.sh status                master URL, workers alive, PIDs; exit 1 when not running
#
# Environment (defaults in brackets; conf/standalone.spark.properties must name the same master port):
#   POLYREASON_MASTER_PORT [17077]  POLYREASON_MASTER_UI_PORT [18080]  POLYREASON_WORKER_UI_PORT [18081; +i]
#   POLYREASON_WORKER_CORES [1]     POLYREASON_WORKER_MEMORY [2g]      POLYREASON_CLUSTER_DIR [<repo>/.cluster]
#   POLYREASON_CLUSTER_WAIT_S [90]  (how long `start` waits for the workers to register)
# Logs, work dirs and the PID file live under $POLYREASON_CLUSTER_DIR (ignored by git).
# Exit codes: 0 success, 2 bad usage, 1 the cluster did not come up (the log tail is printed).
set -euo pipefail
# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

MASTER_PORT="${POLYREASON_MASTER_PORT:-17077}"
MASTER_UI_PORT="${POLYREASON_MASTER_UI_PORT:-18080}"
WORKER_UI_PORT="${POLYREASON_WORKER_UI_PORT:-18081}"
WORKER_CORES="${POLYREASON_WORKER_CORES:-1}"
WORKER_MEMORY="${POLYREASON_WORKER_MEMORY:-2g}"
CLUSTER_DIR="${POLYREASON_CLUSTER_DIR:-$POLYREASON_HOME/.cluster}"
WAIT_S="${POLYREASON_CLUSTER_WAIT_S:-90}"
PID_FILE="$CLUSTER_DIR/pids"
HOST=127.0.0.1
MASTER_URL="spark://$HOST:$MASTER_PORT"
JAVA="${JAVA:-java}"

usage() { die "usage: standalone-cluster.sh start|stop|status [--workers N]"; }

# Prints "<pid> <role>" for every recorded process that is still alive and still a java process
# (a PID reused by an unrelated program after a reboot is not ours).
alive_pids() {
  [[ -f "$PID_FILE" ]] || return 0
  local pid role
  while read -r pid role; do
    [[ -n "$pid" ]] || continue
    if kill -0 "$pid" 2>/dev/null && grep -qa "org.apache.spark.deploy" "/proc/$pid/cmdline" 2>/dev/null; then
      echo "$pid $role"
    fi
  done < "$PID_FILE"
}

# Number of workers in state ALIVE, from the Master's JSON endpoint; without curl, the registrations
# its log reports. 0 while the Master is not up yet.
workers_alive() {
  local json n=""
  if command -v curl >/dev/null; then
    json="$(curl -fsS --max-time 3 "http://$HOST:$MASTER_UI_PORT/json/" 2>/dev/null)" || { echo 0; return 0; }
    n="$(grep -o '"aliveworkers" *: *[0-9]*' <<<"$json" | grep -o '[0-9]*$' || true)"
    [[ -n "$n" ]] || n="$(grep -c '"state" *: *"ALIVE"' <<<"$json" || true)"
  else
    n="$(grep -c "Registering worker" "$CLUSTER_DIR/logs/master.log" 2>/dev/null || true)"
  fi
  echo "${n:-0}"
}

port_busy() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

start_java() {  # role log class args...
  local role="$1" log="$2"; shift 2
  nohup "$JAVA" "${SPARK_MODULE_OPTS[@]}" -Xmx512m -cp "$SPARK_CP" \
    -Dlog4j2.configurationFile="$CLUSTER_DIR/log4j2-daemons.properties" "$@" >"$log" 2>&1 </dev/null &
  echo "$! $role" >> "$PID_FILE"
}

cmd_start() {
  local workers="$1"
  if [[ -n "$(alive_pids)" ]]; then
    echo "standalone-cluster: already running ($MASTER_URL)"
    cmd_status
    return 0
  fi
  for port in "$MASTER_PORT" "$MASTER_UI_PORT"; do
    port_busy "$port" && die "port $port on $HOST is in use by another process; set POLYREASON_MASTER_PORT / POLYREASON_MASTER_UI_PORT"
  done
  SPARK_CP="$(spark_classpath)"
  mkdir -p "$CLUSTER_DIR/logs" "$CLUSTER_DIR/spark-home/jars"
  : > "$PID_FILE"
  # Master and Workers log at INFO (registrations, executor launches and exits); the jobs' drivers keep
  # conf/log4j2.properties.
  cat > "$CLUSTER_DIR/log4j2-daemons.properties" <<'EOF'
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
EOF
  local t0=$SECONDS
  SPARK_LOCAL_IP=$HOST start_java master "$CLUSTER_DIR/logs/master.log" \
    org.apache.spark.deploy.master.Master --host "$HOST" --port "$MASTER_PORT" --webui-port "$MASTER_UI_PORT"
  for ((i = 1; i <= workers; i++)); do
    mkdir -p "$CLUSTER_DIR/work/worker-$i"
    # Without these three variables every executor dies with "Cannot find any build directories":
    # the Worker builds the executor command line from SPARK_HOME/jars + SPARK_DIST_CLASSPATH.
    SPARK_HOME="$CLUSTER_DIR/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_DIST_CLASSPATH="$SPARK_CP" \
      SPARK_LOCAL_IP=$HOST start_java "worker-$i" "$CLUSTER_DIR/logs/worker-$i.log" \
      org.apache.spark.deploy.worker.Worker --host "$HOST" --cores "$WORKER_CORES" --memory "$WORKER_MEMORY" \
      --webui-port $((WORKER_UI_PORT + i - 1)) --work-dir "$CLUSTER_DIR/work/worker-$i" "$MASTER_URL"
  done
  local alive=0
  while (( SECONDS - t0 < WAIT_S )); do
    alive="$(workers_alive)"
    [[ "${alive:-0}" -ge "$workers" ]] && break
    if [[ "$(alive_pids | wc -l)" -lt $((workers + 1)) ]]; then
      break  # a process died: no point in waiting
    fi
    sleep 1
  done
  if [[ "${alive:-0}" -lt "$workers" ]]; then
    echo "standalone-cluster: $alive of $workers worker(s) registered with $MASTER_URL after $((SECONDS - t0)) s" >&2
    for log in "$CLUSTER_DIR"/logs/*.log; do
      echo "--- tail of $log" >&2
      tail -n 15 "$log" >&2
    done
    cmd_stop >&2
    exit 1
  fi
  echo "standalone-cluster: $MASTER_URL up with $alive worker(s) ($WORKER_CORES core(s), $WORKER_MEMORY each) in $((SECONDS - t0)) s"
  echo "  web UI http://$HOST:$MASTER_UI_PORT  logs $CLUSTER_DIR/logs"
}

# Executor JVMs of this cluster (their classpath names $CLUSTER_DIR/spark-home). A Worker stopped with
# SIGTERM stops its executors; one that was killed (kill -9, OOM killer) leaves them behind.
executor_pids() {
  local pid
  for pid in $(pgrep -f CoarseGrainedExecutorBackend 2>/dev/null || true); do
    grep -qaF "$CLUSTER_DIR/spark-home/" "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
  done
  return 0
}

cmd_stop() {
  local pids
  pids="$(alive_pids | awk '{print $1}')"
  # Recorded processes that are already gone (a killed Worker) are reported, not an error.
  if [[ -f "$PID_FILE" ]]; then
    local pid role
    while read -r pid role; do
      [[ -n "$pid" ]] || continue
      grep -qx "$pid" <<<"$pids" || echo "standalone-cluster: $role (pid $pid) was no longer running"
    done < "$PID_FILE"
  fi
  if [[ -z "$pids" ]]; then
    echo "standalone-cluster: not running"
    rm -f "$PID_FILE"
    return 0
  fi
  # Workers first, so the Master does not log them as lost and try to reschedule.
  local pid
  for pid in $(tac <<<"$pids"); do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 30); do
    [[ -z "$(alive_pids)" ]] && break
    sleep 0.5
  done
  for pid in $(alive_pids | awk '{print $1}'); do
    echo "standalone-cluster: $pid did not stop in 15 s; killing it" >&2
    kill -9 "$pid" 2>/dev/null || true
  done
  # Executors a killed Worker left behind exit once their driver is gone; stop them now.
  for _ in $(seq 1 10); do
    [[ -z "$(executor_pids)" ]] && break
    sleep 0.5
  done
  for pid in $(executor_pids); do
    echo "standalone-cluster: stopping executor $pid left by a lost worker" >&2
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -f "$PID_FILE"
  # Executors copy the application jar and every --jars jar (RAPIDS: 961 MiB) into their work dir;
  # keep their logs, drop the copies.
  find "$CLUSTER_DIR/work" -name '*.jar' -type f -delete 2>/dev/null || true
  echo "standalone-cluster: stopped ($(tr '\n' ' ' <<<"$pids"))"
}

cmd_status() {
  local procs
  procs="$(alive_pids)"
  if [[ -z "$procs" ]]; then
    echo "standalone-cluster: not running"
    return 1
  fi
  echo "master:  $MASTER_URL (web UI http://$HOST:$MASTER_UI_PORT)"
  echo "workers alive: $(workers_alive)"
  echo "pids:"
  while IFS= read -r pid; do echo "  $pid"; done <<<"$procs"
}

[[ $# -ge 1 ]] || usage
action="$1"; shift
workers=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workers) [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || die "option --workers needs a positive integer"; workers="$2"; shift ;;
    --workers=*) workers="${1#--workers=}"; [[ "$workers" =~ ^[1-9][0-9]*$ ]] || die "option --workers needs a positive integer" ;;
    *) usage ;;
  esac
  shift
done
case "$action" in
  start) cmd_start "$workers" ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) usage ;;
esac
