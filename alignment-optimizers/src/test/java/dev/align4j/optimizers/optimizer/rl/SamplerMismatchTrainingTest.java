package dev.align4j.optimizers.optimizer.rl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import dev.align4j.optimizers.objective.policygradient.SamplerCorrection;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.policies.LogLinearPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * GRPO with a simulated mismatched sampling engine. The world: every prompt has six replies with one feature x: four
 * good ones (x = 1, reward 1), one bad reply with x = 2 and one with x = 0 (reward 0), under a log-linear policy
 * π(y) ∝ exp(θ·x_y). The expected reward is highest at θ = 0 (2/3); the policy starts at θ = 1 (reward 0.564). The
 * engine samples from q(y) ∝ π(y)·d_y with d = 20 on the x = 2 reply (it over-samples one token 20-fold, as a
 * mis-rounding engine would) and reports log q.
 *
 * <p>Uncorrected GRPO follows Cov_q(R, x) instead of Cov_π(R, x): its fixed point is θ = −ln(20)/2, where the expected
 * reward is about 0.46, below the start. With the correction (TRL's truncated and masked importance sampling, cap 3)
 * the update follows the policy's own gradient and the reward rises to about 2/3. Thresholds from a numpy simulation
 * of the same dynamics (uncorrected 0.45–0.47, truncated 0.666, masked 0.65–0.66 over seeds).
 */
class SamplerMismatchTrainingTest {
  private static final RewardModel REWARD = (p, c) -> c.text().startsWith("good") ? 1.0 : 0.0;
  private static final double START_THETA = 1.0;
  private static final double DISTORTION = 20.0;

  private static List<Completion> replies(Prompt p) {
    List<Completion> out = new ArrayList<>();
    for (int j = 0; j < 4; j++) {
      out.add(Completion.of("good " + j));
    }
    out.add(Completion.of("bad high"));
    out.add(Completion.of("bad low"));
    return out;
  }

  private static double x(Completion c) {
    return c.text().startsWith("good") ? 1.0 : c.text().equals("bad high") ? 2.0 : 0.0;
  }

  private static LogLinearPolicy policy() {
    return LogLinearPolicy.builder()
        .dimension(1)
        .featurizer((p, c) -> new double[] {x(c)})
        .candidates(SamplerMismatchTrainingTest::replies)
        .initialParameters(new double[] {START_THETA})
        .build();
  }

  private static double expectedReward(LogLinearPolicy policy) {
    Prompt p = Prompt.of("m0");
    double[] dist = policy.distribution(p);
    List<Completion> c = policy.candidates(p);
    double s = 0;
    for (int i = 0; i < dist.length; i++) {
      s += dist[i] * REWARD.score(p, c.get(i));
    }
    return s;
  }

  /** The engine: samples from q ∝ π·d (d = 20 on "bad high") and attaches log q to its completions. */
  private static Policy engine(LogLinearPolicy trainer) {
    return new Policy() {
      private double[] q(Prompt prompt) {
        double[] pi = trainer.distribution(prompt);
        List<Completion> c = trainer.candidates(prompt);
        double z = 0;
        double[] q = new double[pi.length];
        for (int i = 0; i < pi.length; i++) {
          q[i] = pi[i] * (c.get(i).text().equals("bad high") ? DISTORTION : 1.0);
          z += q[i];
        }
        for (int i = 0; i < q.length; i++) {
          q[i] /= z;
        }
        return q;
      }

      @Override
      public Completion sample(
          Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
        double[] q = q(prompt);
        double u = random.nextDouble();
        int k = 0;
        double acc = q[0];
        while (u >= acc && k < q.length - 1) {
          acc += q[++k];
        }
        return new Completion(
            trainer.candidates(prompt).get(k).text(), null, new double[] {Math.log(q[k])});
      }

      @Override
      public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
        List<Completion> c = trainer.candidates(prompt);
        for (int i = 0; i < c.size(); i++) {
          if (c.get(i).text().equals(completion.text())) {
            return new TokenLogProbs(new double[] {Math.log(q(prompt)[i])});
          }
        }
        throw new IllegalArgumentException("not a reply: " + completion.text());
      }
    };
  }

  private static List<Prompt> prompts(int step) {
    List<Prompt> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      out.add(Prompt.of("m" + (8 * step + i)));
    }
    return out;
  }

  private record Run(double reward, StepMetrics last) {}

  private static Run train(SamplerCorrection correction) {
    LogLinearPolicy policy = policy();
    PolicyGradientOptimizer o =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, REWARD)
            .sampler(engine(policy))
            .objective(GrpoLoss.builder().samplerCorrection(correction).build())
            .groupSize(8)
            .schedule(LearningRateSchedule.constant(0.05))
            .seed(7)
            .build();
    StepMetrics m = null;
    for (int s = 0; s < 120; s++) {
      m = o.step(prompts(s));
    }
    return new Run(expectedReward(policy), m);
  }

  @Test
  void aMismatchedSamplerMakesUncorrectedGrpoDivergeAndTheCorrectedOneTrain() {
    double start = expectedReward(policy());
    assertEquals(0.5644805202420382, start, 1e-12, "start (numpy)");
    Run uncorrected = train(SamplerCorrection.disabled());
    Run truncated = train(SamplerCorrection.of(SamplerCorrection.Mode.SEQUENCE_TRUNCATE, 3.0));
    Run masked = train(SamplerCorrection.trlDefaults());
    String report =
        "start "
            + start
            + ", uncorrected "
            + uncorrected.reward()
            + ", truncated IS "
            + truncated.reward()
            + ", masked IS "
            + masked.reward();
    assertTrue(uncorrected.reward() < start - 0.05, report);
    assertTrue(truncated.reward() > 0.64, report);
    assertTrue(masked.reward() > 0.62, report);
    // the mismatch metrics are in every step's metrics, corrected or not
    for (Run r : List.of(uncorrected, truncated, masked)) {
      assertTrue(
          r.last().get("sampling/sampling_logp_difference/mean") > 0.1,
          r.last().values().toString());
      assertTrue(
          r.last().values().containsKey("sampling/sequence_ratio/p50"),
          r.last().values().toString());
      assertTrue(r.last().values().containsKey("sampling/importance_sampling_ratio/max"));
    }
    assertTrue(truncated.last().get("sampling/importance_sampling_ratio/max") <= 3.0);
  }

  @Test
  void onlyGrpoTakesASeparateSampler() {
    LogLinearPolicy policy = policy();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyGradientOptimizer.builder(Algorithm.RLOO, policy, REWARD)
                    .sampler(engine(policy))
                    .build());
    assertTrue(
        e.getMessage().contains("sampler") && e.getMessage().contains("RLOO"), e.getMessage());
  }
}
