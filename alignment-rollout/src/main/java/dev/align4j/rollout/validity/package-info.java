/** Validity checks that run before any decision: sample-ratio mismatch, data freshness. */
@NullMarked
package dev.align4j.rollout.validity;

import org.jspecify.annotations.NullMarked;
