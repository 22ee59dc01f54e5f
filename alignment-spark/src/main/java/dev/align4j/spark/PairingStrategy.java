package dev.align4j.spark;

import dev.align4j.core.check.Require;
import java.io.Serializable;

/**
 * How the k scored completions of one prompt become preference data. Completions are first deduplicated by content
 * and ranked by score, highest first (ties broken by the completion's {@link ContentHash}, so the ranking does not
 * depend on the order rows arrive in). Serialisable: Spark ships it to the executors.
 */
public sealed interface PairingStrategy extends Serializable
    permits PairingStrategy.BestVsWorst, PairingStrategy.AllPairs, PairingStrategy.Listwise {

  /**
   * One pair per prompt: the best-scored completion chosen over the worst, when their scores differ by more than
   * {@code minMargin} (the rejection-sampling pairs of RLHF pipelines, e.g. Llama 2's best-vs-worst of k samples).
   *
   * @param minMargin the smallest score difference kept, exclusive; 0 drops ties only
   */
  record BestVsWorst(double minMargin) implements PairingStrategy {
    /** Validates the margin. */
    public BestVsWorst {
      Require.nonNegative("minMargin", minMargin);
    }
  }

  /**
   * Every pair (i, j) of a prompt's completions whose scores differ by more than {@code minMargin}, the higher
   * chosen: up to k(k−1)/2 pairs per prompt (InstructGPT's all-pairs use of a ranking of k).
   *
   * @param minMargin the smallest score difference kept, exclusive; 0 drops ties only
   */
  record AllPairs(double minMargin) implements PairingStrategy {
    /** Validates the margin. */
    public AllPairs {
      Require.nonNegative("minMargin", minMargin);
    }
  }

  /**
   * One ranking per prompt: its completions best first with their scores (for listwise objectives such as
   * LiPO/ListMLE). Written as Parquet; the paired JSONL formats have no place for it.
   */
  record Listwise() implements PairingStrategy {}
}
