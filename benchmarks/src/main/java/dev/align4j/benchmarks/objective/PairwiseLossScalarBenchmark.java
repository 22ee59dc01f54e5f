package dev.align4j.benchmarks.objective;

import org.openjdk.jmh.annotations.Fork;

/** {@link PairwiseLossBenchmark} on the scalar kernels ({@code -Dalign4j.kernels.scalar=true}), for the ratio. */
@Fork(value = 1, jvmArgsAppend = "-Dalign4j.kernels.scalar=true")
public class PairwiseLossScalarBenchmark extends PairwiseLossBenchmark {}
