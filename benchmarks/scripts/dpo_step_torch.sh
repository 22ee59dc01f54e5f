#!/usr/bin/env bash
# Runs the PyTorch peer of the DPO step benchmark (benchmarks/scripts/dpo_step_torch.py) on one thread, with OpenBLAS
# (see torch_openblas.sh). Pass --reference-blas to run against the system BLAS instead. Other arguments go to
# dpo_step_torch.py (--steps, --repeats, --warmup, ...).
set -euo pipefail
here="$(dirname "$0")"
if [ "${1:-}" = "--reference-blas" ]; then
  shift
  exec bash "$here/torch_openblas.sh" --reference-blas benchmarks/scripts/dpo_step_torch.py "$@"
fi
exec bash "$here/torch_openblas.sh" benchmarks/scripts/dpo_step_torch.py "$@"
