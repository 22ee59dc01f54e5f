/** JMH benchmarks of the objectives (pairwise, unpaired, listwise, policy gradient), each against a stream baseline. */
@NullMarked
package dev.align4j.benchmarks.objective;

import org.jspecify.annotations.NullMarked;
