#!/usr/bin/env bash
# Runs a PyTorch peer script (benchmarks/scripts/<name>.py) on one thread with OpenBLAS:
#   benchmarks/scripts/torch_openblas.sh [--reference-blas] <script.py> [script arguments...]
#
# Debian's python3-torch is built with BLAS_INFO=generic and resolves libblas.so.3 through the system alternatives,
# which on a minimal install point at the netlib reference BLAS (about 9x slower here). To give PyTorch an optimised
# BLAS without changing the machine for anyone else, this script extracts Debian's libopenblas0-pthread into a private
# cache directory (apt-get download + dpkg-deb -x, no installation) and puts it first on LD_LIBRARY_PATH, with
# OPENBLAS_NUM_THREADS=1 and OMP_NUM_THREADS=1; the script is passed --threads 1 (torch.set_num_threads).
# --reference-blas runs against the system BLAS instead. Installs torch first if needed (install-torch.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash benchmarks/scripts/install-torch.sh
reference=0
if [ "${1:-}" = "--reference-blas" ]; then
  reference=1
  shift
fi
script="$1"
shift
if [ "$reference" = 1 ]; then
  exec env OMP_NUM_THREADS=1 /usr/bin/python3 "$script" --threads 1 "$@"
fi
cache="${ALIGN4J_OPENBLAS_CACHE:-${TMPDIR:-/tmp}/align4j-openblas}"
lib="$cache/root/usr/lib/x86_64-linux-gnu/openblas-pthread"
if [ ! -f "$lib/libblas.so.3" ]; then
  mkdir -p "$cache"
  (cd "$cache" && apt-get download libopenblas0-pthread >/dev/null 2>&1 && dpkg-deb -x libopenblas0-pthread_*.deb root)
fi
exec env OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 LD_LIBRARY_PATH="$lib" /usr/bin/python3 "$script" --threads 1 "$@"
