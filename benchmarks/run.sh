#!/usr/bin/env bash
# Runs JMH benchmarks of align4j.
#   benchmarks/run.sh [JMH regex and options...]     e.g. benchmarks/run.sh 'DpoBenchmark' -f 1 -wi 3 -i 5 -prof gc
# Builds the benchmarks module (and what it depends on), then runs org.openjdk.jmh.Main on its class path with the
# Vector API module added. Set ALIGN4J_TARGET to build into another folder than target/ (parallel local builds).
set -euo pipefail
cd "$(dirname "$0")/.."
target="${ALIGN4J_TARGET:-target}"
cp_file="$PWD/benchmarks/$target/classpath.txt"
# One reactor run: packages every module the benchmarks need and writes the benchmarks' class path (reactor modules
# resolve to their freshly built jars). Each module writes the same file; the benchmarks module comes last.
mvn -B -ntp -q -Dalign4j.target="$target" -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
exec java --add-modules jdk.incubator.vector -cp "benchmarks/$target/classes:$(cat "$cp_file")" \
  org.openjdk.jmh.Main "$@"
