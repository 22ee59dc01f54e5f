/**
 * Sequential tests behind one interface that declares its guarantee (anytime-valid, fixed-horizon), binomial bounds,
 * Mann-Whitney with Hodges-Lehmann, and Holm family-wise control.
 */
@NullMarked
package dev.align4j.rollout.stats;

import org.jspecify.annotations.NullMarked;
