/** Benchmarks of alignment-feedback: judge throughput against a local endpoint, and feedback-store appends. */
@NullMarked
package dev.align4j.benchmarks.feedback;

import org.jspecify.annotations.NullMarked;
