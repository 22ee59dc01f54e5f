#!/usr/bin/env bash
# Bradley-Terry reward-model training, align4j vs PyTorch CPU, on the same 100,000 hashed-feature pairs.
#   benchmarks/scripts/rewards_bt_compare.sh [pairs=100000] [dimension=1024] [epochs=3] [batch=64] [torch threads=1]
# Needs /usr/bin/python3 with torch (benchmarks/scripts/install-torch.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${ALIGN4J_TARGET:-target}"
cp_file="$PWD/benchmarks/$target/classpath.txt"
data="${TMPDIR:-/tmp}/align4j-bt-pairs.bin"
mvn -B -ntp -q -Dalign4j.target="$target" -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
java -Xmx4g --add-modules jdk.incubator.vector -cp "benchmarks/$target/classes:$(cat "$cp_file")" \
  dev.align4j.benchmarks.rewards.BradleyTerryTrainingComparison "$data" "${1:-100000}" "${2:-1024}" "${3:-3}" "${4:-64}" \
  2> >(grep -v WARNING >&2)
/usr/bin/python3 benchmarks/scripts/rewards_bt_torch.py "$data" "${3:-3}" "${4:-64}" "${5:-1}"
