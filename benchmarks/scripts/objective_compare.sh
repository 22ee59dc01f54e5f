#!/usr/bin/env bash
# Side by side: align4j sigmoid DPO (Vector API path and scalar path, JMH) vs PyTorch CPU (autograd), same batch size,
# same dtype (float64), one thread each; plus the same-run stream baseline. Prints a markdown table of medians.
#   ALIGN4J_TARGET=target-me benchmarks/scripts/objective_compare.sh [n=1000000]
# Needs Debian's python3-torch for /usr/bin/python3 (benchmarks/scripts/install-torch.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-1000000}"
out="$(mktemp -d)"
ALIGN4J_TARGET="${ALIGN4J_TARGET:-target}" benchmarks/run.sh 'PairwiseLoss(Scalar)?Benchmark\.(sigmoidInto|stream)' \
  -p n="$n" -f 1 -wi 5 -i 10 -rf json -rff "$out/jmh.json" >"$out/jmh.txt"
/usr/bin/python3 benchmarks/scripts/objective_torch_peer.py --n "$n" --threads 1 --dtype float64 >"$out/torch64.txt"
/usr/bin/python3 benchmarks/scripts/objective_torch_peer.py --n "$n" --threads 1 --dtype float32 >"$out/torch32.txt"
/usr/bin/python3 - "$out" "$n" <<'PY'
import json, re, statistics, sys
out, n = sys.argv[1], int(sys.argv[2])
rows = {}
for b in json.load(open(f"{out}/jmh.json")):
    name = b["benchmark"].rsplit(".", 2)
    cls, meth = name[-2], name[-1]
    raw = [x for fork in b["primaryMetric"]["rawData"] for x in fork]
    rows[(cls, meth)] = statistics.median(raw)  # ms/op
def torch_ms(f):
    m = re.search(r"median_ms=([0-9.]+)", open(f).read())
    return float(m.group(1))
vec = rows[("PairwiseLossBenchmark", "sigmoidInto")]
sca = rows[("PairwiseLossScalarBenchmark", "sigmoidInto")]
stream = rows[("PairwiseLossBenchmark", "stream")]
t64 = torch_ms(f"{out}/torch64.txt")
t32 = torch_ms(f"{out}/torch32.txt")
def mps(ms): return n / (ms / 1e3) / 1e6
print(f"| implementation (n = {n}, 1 thread) | median ms/op | M pairs/s | vs stream | vs PyTorch f64 |")
print("|---|---:|---:|---:|---:|")
for label, ms in [("stream baseline (read 4 arrays, write 2)", stream),
                  ("align4j sigmoid DPO, Vector API (f64)", vec),
                  ("align4j sigmoid DPO, scalar (f64)", sca),
                  ("PyTorch CPU autograd fwd+bwd (f64)", t64),
                  ("PyTorch CPU autograd fwd+bwd (f32)", t32)]:
    print(f"| {label} | {ms:.3f} | {mps(ms):.1f} | {stream / ms:.2f} | {t64 / ms:.2f} |")
PY
