package dev.align4j.core.reward;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link ImplicitReward}, the one implicit reward {@code β·log π/π_ref} (Rafailov et al. 2023, eq. 5): the rewards
 * module's reward model and the optimizers' self-rewarding judge.
 */
class ImplicitRewardTest {
  private static final Prompt Q = Prompt.of("q");

  /** A policy that returns fixed per-token log-probs whatever the completion. */
  private static Policy fixed(double... lp) {
    return new Policy() {
      @Override
      public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
        throw new UnsupportedOperationException("not needed");
      }

      @Override
      public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
        return new TokenLogProbs(lp);
      }
    };
  }

  @Property(trials = 100)
  void tokenRewardsAreBetaTimesLogRatiosAndSumToTheResponseReward(Gen gen) {
    int n = gen.intIn(1, 20);
    double[] pi = gen.logProbs(n, -30);
    double[] ref = gen.logProbs(n, -30);
    double beta = gen.doubleIn(1e-3, 5);
    ImplicitReward r = ImplicitReward.of(fixed(pi), fixed(ref), beta);
    double[] t = r.tokenScores(Q, Completion.of("y"));
    double sum = 0;
    for (int i = 0; i < n; i++) {
      assertEquals(beta * (pi[i] - ref[i]), t[i], 1e-12 * Math.max(1, Math.abs(t[i])));
      sum += t[i];
    }
    assertEquals(sum, r.score(Q, Completion.of("y")), 1e-12 * Math.max(1, Math.abs(sum)));
    ImplicitReward mean =
        ImplicitReward.builder(fixed(pi)).reference(fixed(ref)).beta(beta).lengthNormalized(true).build();
    assertEquals(sum / n, mean.score(Q, Completion.of("y")), 1e-9 * Math.max(1, Math.abs(sum)));
  }

  @Test
  void policyEqualToReferenceGivesZeroReward() {
    ImplicitReward r = ImplicitReward.of(fixed(-1, -2), fixed(-1, -2), 0.1);
    assertArrayEquals(new double[] {0, 0}, r.tokenScores(Q, Completion.of("y")));
  }

  @Test
  void referenceFreeAndErrors() {
    ImplicitReward free = ImplicitReward.builder(fixed(-1, -3)).referenceFree().beta(2).build();
    assertEquals(-8.0, free.score(Q, Completion.of("y")), 1e-12);
    var e = assertThrows(IllegalArgumentException.class, () -> ImplicitReward.builder(fixed(-1)).build());
    assertTrue(e.getMessage().contains("reference"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> ImplicitReward.of(fixed(-1, -2), fixed(-1), 0.1).tokenScores(Q, Completion.of("y")));
    assertTrue(e.getMessage().contains("2") && e.getMessage().contains("1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ImplicitReward.builder(fixed(-1)).beta(0));
    assertTrue(e.getMessage().contains("beta"), e.getMessage());
  }

  @Test
  void theResponseRewardIsBetaTimesTheDifferenceOfTheSequenceLogProbsByHand() {
    // β = 0.5, log π(y|x) = −1 − 2 = −3, log π_ref(y|x) = −0.5 − 4 = −4.5: r = 0.5·1.5 = 0.75
    ImplicitReward r = ImplicitReward.of(fixed(-1, -2), fixed(-0.5, -4), 0.5);
    assertEquals(0.75, r.score(Q, Completion.of("y")), 0);
  }

  @Test
  void aLengthMismatchIsRefusedByTheResponseRewardToo() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> ImplicitReward.of(fixed(-1, -2), fixed(-1), 0.1).score(Q, Completion.of("y")));
    assertTrue(e.getMessage().contains("reference"), e.getMessage());
  }

  @Test
  void aSuppliedReferenceIsReadAtEachCall() {
    // the self-rewarding judge follows a reference that training replaces
    AtomicReference<Policy> ref = new AtomicReference<>(fixed(-1, -1));
    ImplicitReward r = ImplicitReward.builder(fixed(-1, -2)).referenceFrom(ref::get).beta(2).build();
    assertEquals(-2.0, r.score(Q, Completion.of("y")), 0);
    ref.set(fixed(-1, -2));
    assertEquals(0.0, r.score(Q, Completion.of("y")), 0);
    assertArrayEquals(new double[] {0, 0}, r.tokenScores(Q, Completion.of("y")));
  }
}
