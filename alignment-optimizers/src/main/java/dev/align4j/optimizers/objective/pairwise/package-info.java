/**
 * Pairwise preference objectives (DPO and its relatives over chosen/rejected pairs, combinations of them, and the
 * token-level TDPO): {@link dev.align4j.optimizers.objective.pairwise.PairwiseLoss} with its
 * {@link dev.align4j.optimizers.objective.pairwise.PairwiseLossType} catalogue.
 */
@NullMarked
package dev.align4j.optimizers.objective.pairwise;

import org.jspecify.annotations.NullMarked;
