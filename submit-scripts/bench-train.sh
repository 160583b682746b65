#!/usr/bin/env bash
# Benchmark of the train job's loop (prints figures; no assertions), from the bench module:
# TrainBenchmark trains the miniature's default GPT shape on a pretraining-like and a
# post-training-like batch and prints ms/step, tokens/s and a digest of the trained weights (the same
# on every run with one thread: a faster loop that claims the same maths must print the same digest).
#   submit-scripts/bench-train.sh [threads] [steps] [repeats]     (defaults 1, 100, 3)
# The quick start pretrains on 2 threads and post-trains on 1 thread per task, two tasks at a time:
# run it with 2, and with 1 (README, "Troubleshooting": a quick start slower than 15 minutes).
set -euo pipefail
# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
threads="${1:-1}"
steps="${2:-100}"
repeats="${3:-3}"
for v in "$threads" "$steps" "$repeats"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || die "usage: bench-train.sh [threads] [steps] [repeats] (positive integers; got '$v')"
done
cp="$(bench_classpath)"
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
java "${SPARK_MODULE_OPTS[@]}" -Xmx4g -Dai.djl.offline=true \
  -Dlog4j2.configurationFile="$POLYREASON_HOME/conf/log4j2.properties" -cp "$cp" \
  org.polyreason.bench.TrainBenchmark "$threads" "$steps" "$repeats"
