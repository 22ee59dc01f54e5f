/** Seeded Monte-Carlo simulator of A/A and injected-regression rollouts through a gate configuration. */
@NullMarked
package dev.align4j.rollout.sim;

import org.jspecify.annotations.NullMarked;
