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
import java.util.ArrayList;
import java.util.List;
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
      public Completion sample(
          Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
        throw new UnsupportedOperationException("not needed");
      }

      @Override
      public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
        return new TokenLogProbs(lp);
      }
    };
  }

  /** A policy whose log-probs depend on the completion's length, counting single and batch calls. */
  private static final class Counting implements Policy {
    final double scale;
    int single;
    int batches;

    Counting(double scale) {
      this.scale = scale;
    }

    @Override
    public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      throw new UnsupportedOperationException("not needed");
    }

    @Override
    public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      single++;
      double[] lp = new double[completion.text().length()];
      for (int t = 0; t < lp.length; t++) {
        lp[t] = -scale * (t + 1) / 7.0;
      }
      return new TokenLogProbs(lp);
    }

    @Override
    public List<TokenLogProbs> logProbsBatch(List<Prompt> prompts, List<Completion> completions) {
      batches++;
      List<TokenLogProbs> out = new ArrayList<>();
      for (int i = 0; i < prompts.size(); i++) {
        out.add(logProbs(prompts.get(i), completions.get(i)));
      }
      single -= prompts.size();
      return out;
    }
  }

  @Test
  void scoreAllAndScoreBatchRunOneBatchPerPolicyAndEqualScoreBitForBit() {
    List<Completion> group = List.of(Completion.of("a"), Completion.of("bbb"), Completion.of("cc"));
    for (boolean normalised : new boolean[] {false, true}) {
      Counting pi = new Counting(1.3);
      Counting ref = new Counting(0.4);
      ImplicitReward r =
          ImplicitReward.builder(pi).reference(ref).beta(0.25).lengthNormalized(normalised).build();
      double[] all = r.scoreAll(Q, group);
      assertEquals(1, pi.batches);
      assertEquals(1, ref.batches);
      assertEquals(0, pi.single + ref.single);
      double[] batch = r.scoreBatch(List.of(Q, Prompt.of("r"), Q), group);
      for (int i = 0; i < group.size(); i++) {
        double one = r.score(Q, group.get(i));
        assertEquals(
            Double.doubleToRawLongBits(one),
            Double.doubleToRawLongBits(all[i]),
            "scoreAll[" + i + "]");
        assertEquals(
            Double.doubleToRawLongBits(one),
            Double.doubleToRawLongBits(batch[i]),
            "scoreBatch[" + i + "]");
      }
      // independent value: bbb under β = 0.25: β·Σ_t (−1.3 + 0.4)(t + 1)/7 = 0.25·(−0.9)·6/7
      double expected = 0.25 * -0.9 * 6 / 7.0 / (normalised ? 3 : 1);
      assertEquals(expected, all[1], 1e-15);
    }
    ImplicitReward r = ImplicitReward.of(new Counting(1), new Counting(1), 0.1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> r.scoreBatch(List.of(Q), List.of(Completion.of("a"), Completion.of("b"))));
    assertTrue(e.getMessage().contains("prompts"), e.getMessage());
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
        ImplicitReward.builder(fixed(pi))
            .reference(fixed(ref))
            .beta(beta)
            .lengthNormalized(true)
            .build();
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
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> ImplicitReward.builder(fixed(-1)).build());
    assertTrue(e.getMessage().contains("reference"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ImplicitReward.of(fixed(-1, -2), fixed(-1), 0.1)
                    .tokenScores(Q, Completion.of("y")));
    assertTrue(e.getMessage().contains("2") && e.getMessage().contains("1"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> ImplicitReward.builder(fixed(-1)).beta(0));
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
    var e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ImplicitReward.of(fixed(-1, -2), fixed(-1), 0.1).score(Q, Completion.of("y")));
    assertTrue(e.getMessage().contains("reference"), e.getMessage());
  }

  @Test
  void aSuppliedReferenceIsReadAtEachCall() {
    // the self-rewarding judge follows a reference that training replaces
    AtomicReference<Policy> ref = new AtomicReference<>(fixed(-1, -1));
    ImplicitReward r =
        ImplicitReward.builder(fixed(-1, -2)).referenceFrom(ref::get).beta(2).build();
    assertEquals(-2.0, r.score(Q, Completion.of("y")), 0);
    ref.set(fixed(-1, -2));
    assertEquals(0.0, r.score(Q, Completion.of("y")), 0);
    assertArrayEquals(new double[] {0, 0}, r.tokenScores(Q, Completion.of("y")));
  }
}
