/** Load benchmark of alignment-review: many simulated reviewers against a real review server on loopback. */
@NullMarked
package dev.align4j.benchmarks.review;

import org.jspecify.annotations.NullMarked;
