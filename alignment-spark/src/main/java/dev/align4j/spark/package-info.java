/**
 * align4j jobs on Apache Spark. Every job calls the single-machine align4j code on each partition (a reward model's
 * {@code scoreAll}, feedback's aggregators and exporters, rollout's metrics), so that its output equals the
 * single-machine computation row for row; Spark only moves the rows. See the module README.
 */
@NullMarked
package dev.align4j.spark;

import org.jspecify.annotations.NullMarked;
