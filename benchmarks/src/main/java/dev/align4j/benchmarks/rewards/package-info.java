/**
 * Benchmarks of alignment-rewards: scoring throughput of the hashed linear reward model (JMH) and Bradley–Terry
 * training against PyTorch CPU on the same data ({@code benchmarks/scripts/rewards_bt_compare.sh}).
 */
@NullMarked
package dev.align4j.benchmarks.rewards;

import org.jspecify.annotations.NullMarked;
