/** Benchmarks of the pure-Java transformer language model and of the matrix-product kernels it runs on. */
@NullMarked
package dev.align4j.benchmarks.lm;

import org.jspecify.annotations.NullMarked;
