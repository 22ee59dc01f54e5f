/**
 * Training-health monitoring: {@link dev.align4j.optimizers.monitor.TrainingHealthMonitor} watches the metrics every
 * optimiser emits (collapsed reward variance, clip fractions, KL and its spikes, entropy, completion length drift,
 * reward-component dominance, and with a held-out gold reward the proxy–gold gap and Gao et al.'s over-optimisation
 * curve), fires {@link dev.align4j.optimizers.monitor.HealthRule}s with actions (warn, lower the learning rate, raise
 * the KL coefficient, stop keeping the last healthy state) and records every firing with its evidence.
 */
@NullMarked
package dev.align4j.optimizers.monitor;

import org.jspecify.annotations.NullMarked;
