#!/usr/bin/env bash
# Runs the PyTorch peer of the LM training benchmark (benchmarks/scripts/lm_torch.py) on one thread, with OpenBLAS
# (see torch_openblas.sh for why and how). Pass --reference-blas to run against the system BLAS instead. Other
# arguments go to lm_torch.py.
set -euo pipefail
here="$(dirname "$0")"
if [ "${1:-}" = "--reference-blas" ]; then
  shift
  exec bash "$here/torch_openblas.sh" --reference-blas benchmarks/scripts/lm_torch.py "$@"
fi
exec bash "$here/torch_openblas.sh" benchmarks/scripts/lm_torch.py "$@"
