/**
 * Ensembles of reward models with uncertainty (mean, standard deviation, conservative mean − k·std) against reward
 * over-optimisation.
 */
@NullMarked
package dev.align4j.rewards.ensemble;

import org.jspecify.annotations.NullMarked;
