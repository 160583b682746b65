#!/usr/bin/env bash
# Spark GPU resource discovery script (spark.{driver,executor,worker}.resource.gpu.discoveryScript).
# Prints the GPUs visible to this process in Spark's ResourceInformation JSON, e.g.
#   {"name":"gpu","addresses":["0","1"]}
# and {"name":"gpu","addresses":[]} when nvidia-smi is absent or sees no GPU (Spark then fails the
# executor if it asked for a GPU, with a message naming this resource, instead of hanging).
# When CUDA_VISIBLE_DEVICES restricts the process (YARN, Kubernetes device plugins), CUDA renumbers the
# visible GPUs 0..n-1, and Spark's addresses are CUDA ordinals: report 0..n-1, not the physical indexes.
set -uo pipefail
addresses=()
if [[ -n "${CUDA_VISIBLE_DEVICES:-}" && "${CUDA_VISIBLE_DEVICES}" != "NoDevFiles" ]]; then
  IFS=',' read -r -a visible <<<"$CUDA_VISIBLE_DEVICES"
  for i in "${!visible[@]}"; do addresses+=("$i"); done
elif command -v nvidia-smi >/dev/null 2>&1; then
  while read -r idx; do
    [[ "$idx" =~ ^[0-9]+$ ]] && addresses+=("$idx")
  done < <(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null)
fi
json=""
for a in "${addresses[@]}"; do json+="${json:+,}\"${a// /}\""; done
echo "{\"name\":\"gpu\",\"addresses\":[$json]}"
