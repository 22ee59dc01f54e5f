package dev.align4j.optimizers.optimizer;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.policies.LogLinearPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Test fixture: each prompt {@code "q<i>"} has 3 polite and 3 rude candidate replies. Features: [polite indicator,
 * three Gaussian nuisance features drawn from the texts]. The rule reward is 1 for a polite reply, 0 otherwise.
 */
public final class PoliteWorld {
  public static final int DIMENSION = 4;
  public static final Provenance RULE = Provenance.of(dev.align4j.core.label.SourceKind.RULE, "polite-rule",
      Instant.EPOCH);
  public static final RewardModel REWARD = (p, c) -> isPolite(c) ? 1.0 : 0.0;

  private PoliteWorld() {}

  public static Prompt prompt(int i) {
    return Prompt.of("q" + i);
  }

  public static List<Prompt> prompts(int from, int to) {
    List<Prompt> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(prompt(i));
    }
    return out;
  }

  public static List<Completion> candidates(Prompt p) {
    List<Completion> out = new ArrayList<>();
    for (int j = 0; j < 3; j++) {
      out.add(Completion.of(p.text() + " polite reply " + j));
      out.add(Completion.of(p.text() + " rude reply " + j));
    }
    return out;
  }

  public static boolean isPolite(Completion c) {
    return c.text().contains(" polite ");
  }

  public static double[] features(Prompt p, Completion c) {
    SplittableRandom r = new SplittableRandom((p.text() + "|" + c.text()).hashCode());
    return new double[] {isPolite(c) ? 1 : 0, r.nextGaussian(), r.nextGaussian(), r.nextGaussian()};
  }

  public static LogLinearPolicy.Builder policyBuilder() {
    return LogLinearPolicy.builder().dimension(DIMENSION).featurizer(PoliteWorld::features)
        .candidates(PoliteWorld::candidates);
  }

  /** One pair per prompt: a polite reply preferred over a rude one, chosen with {@code seed}. */
  public static List<PairwiseComparison> pairs(int from, int to, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<PairwiseComparison> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Prompt p = prompt(i);
      List<Completion> c = candidates(p);
      Completion polite = c.get(2 * r.nextInt(3));
      Completion rude = c.get(2 * r.nextInt(3) + 1);
      out.add(PairwiseComparison.preferring(p, polite, rude, RULE));
    }
    return out;
  }

  /** The exact expected rule reward of {@code policy} on {@code prompts}. */
  public static double expectedReward(LogLinearPolicy policy, List<Prompt> prompts) {
    double s = 0;
    for (Prompt p : prompts) {
      double[] dist = policy.distribution(p);
      List<Completion> c = policy.candidates(p);
      for (int i = 0; i < dist.length; i++) {
        s += dist[i] * REWARD.score(p, c.get(i));
      }
    }
    return s / prompts.size();
  }

  /** The exact mean KL(π‖π_ref) over {@code prompts}. */
  public static double exactKl(LogLinearPolicy policy, Policy reference, List<Prompt> prompts) {
    double s = 0;
    for (Prompt p : prompts) {
      double[] dist = policy.distribution(p);
      List<Completion> c = policy.candidates(p);
      for (int i = 0; i < dist.length; i++) {
        if (dist[i] > 0) {
          s += dist[i] * (Math.log(dist[i]) - reference.logProbs(p, c.get(i)).get(0));
        }
      }
    }
    return s / prompts.size();
  }
}
