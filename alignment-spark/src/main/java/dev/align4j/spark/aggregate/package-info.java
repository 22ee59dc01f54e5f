/**
 * Evaluation and aggregation over tables on Spark, each equal to the single-machine computation it delegates to:
 * label aggregation (majority, weighted majority, Dawid–Skene) and agreement (Cohen's and Fleiss' κ, Krippendorff's
 * α) over a labels table, RewardBench-style accuracy per category of a reward model, the accuracy of a policy's
 * implicit reward from precomputed log-probabilities, and the rollout gate's per-arm metric summaries from a table of
 * logged outcomes.
 */
@NullMarked
package dev.align4j.spark.aggregate;

import org.jspecify.annotations.NullMarked;
