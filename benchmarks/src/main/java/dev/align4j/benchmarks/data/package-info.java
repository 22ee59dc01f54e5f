/** Benchmarks of the dataset readers and writers. */
@NullMarked
package dev.align4j.benchmarks.data;

import org.jspecify.annotations.NullMarked;
