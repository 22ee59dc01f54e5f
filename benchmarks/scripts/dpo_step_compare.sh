#!/usr/bin/env bash
# Side by side in one run: align4j's DPO step on the benchmark transformer (AlignmentStepThroughput: through
# PairwisePreferenceOptimizer and on the raw batch path, an executor of one thread) and the PyTorch CPU peer
# (dpo_step_torch.py: TRL-style DPO step, OpenBLAS, one thread), alternated --pairs times (Java, PyTorch, Java, ...)
# so that a changing load hits both alike. Prints every pair's tokens/s and ratios (CPU time of the process and wall
# time), then the medians over pairs.
#   ALIGN4J_TARGET=target-me benchmarks/scripts/dpo_step_compare.sh [--pairs 3] [--steps 8] [--repeats 7] [--warmup 12]
# Set ALIGN4J_SKIP_BUILD=1 to reuse benchmarks/$ALIGN4J_TARGET as built by benchmarks/run.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
pairs=3
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) pairs="$2"; shift 2 ;;
    --steps|--repeats|--warmup) args+=("$1" "$2"); shift 2 ;;
    *) echo "unknown argument $1 (expected --pairs, --steps, --repeats, --warmup)" >&2; exit 2 ;;
  esac
done
target="${ALIGN4J_TARGET:-target}"
cp_file="$PWD/benchmarks/$target/classpath.txt"
if [ "${ALIGN4J_SKIP_BUILD:-0}" != 1 ]; then
  mvn -B -ntp -q -Dalign4j.target="$target" -pl benchmarks -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
fi
bash benchmarks/scripts/install-torch.sh
out="$(mktemp -d)"
for i in $(seq 1 "$pairs"); do
  java -Xmx2g --add-modules jdk.incubator.vector -cp "benchmarks/$target/classes:$(cat "$cp_file")" \
    dev.align4j.benchmarks.lm.AlignmentStepThroughput --workloads dpo --threads 1 "${args[@]}" \
    >"$out/java-$i.txt" 2>"$out/java-$i.err"
  bash benchmarks/scripts/dpo_step_torch.sh "${args[@]}" >"$out/torch-$i.txt" 2>"$out/torch-$i.err"
  grep -h '^align4j\|^load' "$out/java-$i.txt" | sed "s/^/[pair $i java] /"
  grep -h '^torch' "$out/torch-$i.txt" | sed "s/^/[pair $i torch] /"
done
/usr/bin/python3 - "$out" "$pairs" <<'PY'
import re, statistics, sys
out, pairs = sys.argv[1], int(sys.argv[2])
def results(path):
    rows = {}
    for line in open(path):
        if line.startswith("RESULT "):
            kv = dict(f.split("=", 1) for f in line.split()[1:])
            rows[(kv["workload"], kv["threads"])] = (float(kv["cpu_tokens_per_s"]), float(kv["wall_tokens_per_s"]))
    return rows
print()
print("| pair | align4j optimizer, tok/s (cpu / wall) | align4j raw batch path | PyTorch + OpenBLAS "
      "| optimizer / PyTorch (cpu / wall) | raw / PyTorch (cpu / wall) | optimizer / raw (cpu) |")
print("|---|---|---|---|---|---|---|")
ratios = {"opt_cpu": [], "opt_wall": [], "raw_cpu": [], "raw_wall": [], "opt_raw": []}
for i in range(1, pairs + 1):
    j = results(f"{out}/java-{i}.txt")
    t = results(f"{out}/torch-{i}.txt")[("torch-dpo", "1")]
    o, r = j[("dpo-optimizer", "1")], j[("dpo-raw", "1")]
    row = {"opt_cpu": o[0] / t[0], "opt_wall": o[1] / t[1], "raw_cpu": r[0] / t[0], "raw_wall": r[1] / t[1],
           "opt_raw": o[0] / r[0]}
    for k, v in row.items():
        ratios[k].append(v)
    print(f"| {i} | {o[0]:,.0f} / {o[1]:,.0f} | {r[0]:,.0f} / {r[1]:,.0f} | {t[0]:,.0f} / {t[1]:,.0f} "
          f"| {row['opt_cpu']:.2f}x / {row['opt_wall']:.2f}x | {row['raw_cpu']:.2f}x / {row['raw_wall']:.2f}x "
          f"| {row['opt_raw']:.3f} |")
m = {k: statistics.median(v) for k, v in ratios.items()}
print(f"| median | | | | {m['opt_cpu']:.2f}x / {m['opt_wall']:.2f}x | {m['raw_cpu']:.2f}x / {m['raw_wall']:.2f}x "
      f"| {m['opt_raw']:.3f} |")
print()
print(f"DPO step through PairwisePreferenceOptimizer vs PyTorch (TRL-style), 1 thread: {m['opt_cpu']:.2f}x in CPU time, "
      f"{m['opt_wall']:.2f}x in wall time (target >= 1.5x)")
PY
echo "raw outputs: $out"
