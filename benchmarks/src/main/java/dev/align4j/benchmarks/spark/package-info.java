/**
 * Throughput of align4j's Spark jobs (alignment-spark): hashed-feature reward scoring on {@code local[1]} and
 * {@code local[2]} against the plain single-JVM loop over the same rows, and the heap it takes as rows grow.
 */
@NullMarked
package dev.align4j.benchmarks.spark;

import org.jspecify.annotations.NullMarked;
