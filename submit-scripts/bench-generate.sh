#!/usr/bin/env bash
# Benchmarks of generation (print figures; no assertions), from the bench module (org.polyreason.bench):
#  1. DecodeBenchmark: tokens/s at batch 1, 4, 16 for our ONNX decoder vs a raw ONNX Runtime loop on
#     the tiny model, and our cached DJL-block GPT (~5M parameters) vs plain DJL forward calls.
#  2. GenerateOverheadBenchmark: the generate job's wall time over a plain loop for 1,000 samples.
#   submit-scripts/bench-generate.sh [decode|overhead|all] [model.onnx]
#   submit-scripts/bench-generate.sh decode-fp32
# A model.onnx (any decoder-with-past export, fp16 or fp32) replaces the tiny Llama in the ONNX decode
# benchmark and skips the block-model part. decode-fp32 builds the fp32 twin of the tiny Llama with
# OnnxFp32Export (jobs test tree, in the jobs test jar) into jobs/target/tiny-fp32/ and benchmarks it.
set -euo pipefail
# shellcheck source=lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
part="${1:-all}"
model="${2:-}"
case "$part" in decode|overhead|all|decode-fp32) ;; *) die "usage: bench-generate.sh [decode|overhead|all] [model.onnx] | decode-fp32";; esac
cp="$(bench_classpath)"
shared="$POLYREASON_HOME/../shared"
export DJL_OFFLINE=true DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}"
jvm=(java "${SPARK_MODULE_OPTS[@]}" -Xmx4g -Dai.djl.offline=true -Dlog4j2.configurationFile="$POLYREASON_HOME/conf/log4j2.properties" -cp "$cp")
if [[ "$part" == decode-fp32 ]]; then
  model="$POLYREASON_HOME/jobs/target/tiny-fp32/model.onnx"
  "${jvm[@]}" org.polyreason.inference.OnnxFp32Export \
    "$shared/models/tiny-random-llama-onnx-fp16/model.onnx" "$model" >&2
  part=decode
fi
if [[ "$part" == decode || "$part" == all ]]; then
  if [[ -n "$model" ]]; then
    [[ -f "$model" ]] || die "no such model file: $model"
    "${jvm[@]}" org.polyreason.bench.DecodeBenchmark "$shared" 128 5 onnx 1 "$(cd "$(dirname "$model")" && pwd)/$(basename "$model")"
  else
    "${jvm[@]}" org.polyreason.bench.DecodeBenchmark "$shared" 128 5 all 1
  fi
fi
if [[ "$part" == overhead || "$part" == all ]]; then
  work="$(mktemp -d /tmp/polyreason-genbench-XXXXXX)"
  "${jvm[@]}" org.polyreason.bench.GenerateOverheadBenchmark "$shared" "$work" 4 125 2 "local[1]"
  rm -rf "$work"
fi
