#!/usr/bin/env bash
# Reads a generated 1 GiB TRL JSONL file with a 256 MiB heap: memory stays flat because the reader streams.
#   benchmarks/scripts/data_large_file.sh [file] [size MiB]
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${ALIGN4J_TARGET:-target}"
cp_file="$PWD/benchmarks/$target/classpath.txt"
mvn -B -ntp -q -Dalign4j.target="$target" -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime >/dev/null
java -Xmx256m -cp "benchmarks/$target/classes:$(cat "$cp_file")" dev.align4j.benchmarks.data.LargeFileRead \
  "${1:-/tmp/align4j-large.jsonl}" "${2:-1024}"
