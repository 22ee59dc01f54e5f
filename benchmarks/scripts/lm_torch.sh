#!/usr/bin/env bash
# Runs the PyTorch peer of the LM training benchmark (benchmarks/scripts/lm_torch.py) on one thread, with OpenBLAS.
#
# Debian's python3-torch is built with BLAS_INFO=generic and resolves libblas.so.3 through the system alternatives,
# which on a minimal install point at the netlib reference BLAS (about 9x slower here). To give PyTorch an optimised
# BLAS without changing the machine for anyone else, this script extracts Debian's libopenblas0-pthread into a private
# cache directory (apt-get download + dpkg-deb -x, no installation) and puts it first on LD_LIBRARY_PATH.
# Pass --reference-blas to run against the system BLAS instead. Other arguments go to lm_torch.py.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash benchmarks/scripts/install-torch.sh
cache="${ALIGN4J_OPENBLAS_CACHE:-${TMPDIR:-/tmp}/align4j-openblas}"
lib="$cache/root/usr/lib/x86_64-linux-gnu/openblas-pthread"
if [ "${1:-}" = "--reference-blas" ]; then
  shift
  exec env OMP_NUM_THREADS=1 /usr/bin/python3 benchmarks/scripts/lm_torch.py --threads 1 "$@"
fi
if [ ! -f "$lib/libblas.so.3" ]; then
  mkdir -p "$cache"
  (cd "$cache" && apt-get download libopenblas0-pthread >/dev/null 2>&1 && dpkg-deb -x libopenblas0-pthread_*.deb root)
fi
exec env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 LD_LIBRARY_PATH="$lib" \
  /usr/bin/python3 benchmarks/scripts/lm_torch.py --threads 1 "$@"
