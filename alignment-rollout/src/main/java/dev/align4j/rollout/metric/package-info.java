/**
 * Metric specifications (direction, criticality, thresholds, NaN policy), streaming per-arm sufficient statistics and
 * the Kayenta-style weighted score.
 */
@NullMarked
package dev.align4j.rollout.metric;

import org.jspecify.annotations.NullMarked;
