package dev.align4j.spark.aggregate;

import dev.align4j.feedback.aggregate.TiePolicy;
import java.io.Serializable;

/**
 * A serialisable choice of feedback's {@link TiePolicy}, so that a tie rule can travel to the executors (the policies
 * themselves are lambdas). Every rule is deterministic per item id, so the labels do not depend on how rows are
 * partitioned.
 */
public sealed interface TieRule extends Serializable
    permits TieRule.Seeded, TieRule.LowestLabel, TieRule.Abstain {
  /** The tie policy this rule stands for. */
  TiePolicy policy();

  /** {@link TiePolicy#seeded(long)}: a pseudo-random choice from the seed and the item id. */
  static TieRule seeded(long seed) {
    return new Seeded(seed);
  }

  /** {@link TiePolicy#lowestLabel()}. */
  static TieRule lowestLabel() {
    return new LowestLabel();
  }

  /** {@link TiePolicy#abstain()}: a tie gives {@link TiePolicy#NO_LABEL}. */
  static TieRule abstain() {
    return new Abstain();
  }

  /**
   * The seeded rule.
   *
   * @param seed the seed
   */
  record Seeded(long seed) implements TieRule {
    @Override
    public TiePolicy policy() {
      return TiePolicy.seeded(seed);
    }
  }

  /** The lowest tied label. */
  record LowestLabel() implements TieRule {
    @Override
    public TiePolicy policy() {
      return TiePolicy.lowestLabel();
    }
  }

  /** No label on a tie. */
  record Abstain() implements TieRule {
    @Override
    public TiePolicy policy() {
      return TiePolicy.abstain();
    }
  }
}
