package dev.align4j.rollout.shadow;

import org.jspecify.annotations.Nullable;

/**
 * How one mirrored pair was judged.
 *
 * @param id the pair's id
 * @param candidateFirstOrder P(candidate better) when the incumbent was shown first (A = incumbent)
 * @param candidateSecondOrder P(candidate better) when the candidate was shown first (A = candidate)
 * @param softScore ½ (first + second): the RLAIF position-debiased soft win score
 * @param hardScore 1 if both orders prefer the candidate, 0 if both prefer the incumbent, else ½ (MT-Bench rule)
 * @param consistent whether both orders agree on the winner
 * @param humanScore the human reviewer's score when the pair was sent for review, else null
 * @param score the score to record: the human's when present, else {@code softScore}
 */
public record ShadowJudgement(
    String id,
    double candidateFirstOrder,
    double candidateSecondOrder,
    double softScore,
    double hardScore,
    boolean consistent,
    @Nullable Double humanScore,
    double score) {

  /** Whether a human reviewed this pair. */
  public boolean reviewedByHuman() {
    return humanScore != null;
  }
}
