package dev.align4j.examples;

import dev.align4j.core.RewardModel;
import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.monitor.RuleFiring;
import dev.align4j.optimizers.monitor.TrainingHealthMonitor;
import dev.align4j.optimizers.monitor.TrainingStoppedException;
import dev.align4j.optimizers.optimizer.MetricsListener;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.policies.LogLinearPolicy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * A support assistant's reply selector trained with GRPO against a reward model that learnt "longer looks better",
 * watched by a {@link TrainingHealthMonitor}:
 *
 * <ol>
 *   <li>each question has 12 candidate replies: right or wrong, with 0 to 5 sentences of filler; people (the held-out
 *       gold reward) want the right answer, concisely: {@code right − filler/5}; the reward model gives
 *       {@code right + 0.5 · filler/5};
 *   <li>the hacked run: GRPO against the reward model with the monitor's default rules, the completion length in
 *       characters and the gold reward on 40 held-out questions after every step; the monitor stops the run when a
 *       STOP rule fires and puts back the last healthy policy, and its report says when and why;
 *   <li>the same run without the monitor, to show where it was heading;
 *   <li>the healthy baseline: the same training against a reward without the length bias; the monitor stays quiet.
 * </ol>
 *
 * <p>Everything is seeded: two runs print the same numbers. Run (from the repository root): {@code mvn -B -ntp -q -pl
 * examples -am package -DskipTests -Pquickstart -Dquickstart.mainClass=dev.align4j.examples.RewardHackingExample}.
 */
public final class RewardHackingExample {
  static final int STEPS = 150;
  static final String FILLER = " I hope this helps and I am always happy to help further.";
  static final RewardModel GOLD = (p, c) -> right(c) - filler(c) / 5.0;
  static final RewardModel LENGTH_BIASED = (p, c) -> right(c) + 0.5 * filler(c) / 5.0;

  private RewardHackingExample() {}

  static double right(Completion c) {
    return c.text().startsWith("Reset it under Settings") ? 1 : 0;
  }

  static int filler(Completion c) {
    return (c.text().length() - c.text().replace(FILLER, "").length()) / FILLER.length();
  }

  static List<Completion> candidates(Prompt p) {
    List<Completion> out = new ArrayList<>();
    for (int k = 0; k <= 5; k++) {
      out.add(Completion.of("Reset it under Settings > Security." + FILLER.repeat(k)));
      out.add(Completion.of("Please contact your administrator." + FILLER.repeat(k)));
    }
    return out;
  }

  static double[] features(Prompt p, Completion c) {
    SplittableRandom r = new SplittableRandom((p.text() + "|" + c.text()).hashCode());
    return new double[] {right(c), 0.4 * filler(c) / 5.0, r.nextGaussian(), r.nextGaussian()};
  }

  static List<Prompt> questions(int from, int to) {
    List<Prompt> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(Prompt.of("How do I reset my password? (ticket " + i + ")"));
    }
    return out;
  }

  static final List<Prompt> HELD_OUT = questions(5000, 5040);

  static double gold(LogLinearPolicy policy) {
    double s = 0;
    for (Prompt p : HELD_OUT) {
      double[] dist = policy.distribution(p);
      List<Completion> c = policy.candidates(p);
      for (int i = 0; i < dist.length; i++) {
        s += dist[i] * GOLD.score(p, c.get(i));
      }
    }
    return s / HELD_OUT.size();
  }

  /**
   * One run's outcome.
   *
   * @param steps steps completed
   * @param goldPeak the best held-out gold reward seen
   * @param goldAtEnd the gold reward after the last step
   * @param goldRestored the gold reward of the restored healthy policy, or NaN
   * @param stop the firing that stopped the run, or null
   * @param monitor the monitor, or null
   */
  public record Run(
      int steps,
      double goldPeak,
      double goldAtEnd,
      double goldRestored,
      @Nullable RuleFiring stop,
      @Nullable TrainingHealthMonitor monitor) {}

  static Run train(RewardModel reward, boolean monitored) {
    LogLinearPolicy policy =
        LogLinearPolicy.builder()
            .dimension(4)
            .featurizer(RewardHackingExample::features)
            .candidates(RewardHackingExample::candidates)
            .build();
    TrainingHealthMonitor monitor =
        monitored
            ? TrainingHealthMonitor.builder()
                .lengthMetric("completions/mean_characters")
                .goldReward(step -> gold(policy), 1)
                .keepHealthyState(policy)
                .build()
            : null;
    MetricsListener listener = monitor != null ? monitor : m -> {};
    PolicyGradientOptimizer.Builder b =
        PolicyGradientOptimizer.builder(Algorithm.GRPO, policy, reward)
            .groupSize(8)
            .schedule(LearningRateSchedule.constant(0.15))
            .seed(1)
            .listener(listener);
    if (reward == LENGTH_BIASED) {
      // the biased reward model is a sum of two parts: the monitor sees which one drives its
      // variance
      b.rewardComponents((p, c) -> Map.of("right", right(c), "length", 0.5 * filler(c) / 5.0));
    }
    PolicyGradientOptimizer o = b.build();
    double peak = Double.NEGATIVE_INFINITY;
    for (int s = 0; s < STEPS; s++) {
      RuleFiring stop = null;
      try {
        o.step(questions(8 * s % 800, 8 * s % 800 + 8));
      } catch (TrainingStoppedException e) {
        stop = e.firing();
      }
      double g = gold(policy);
      peak = Math.max(peak, g);
      if (stop != null && monitor != null) {
        monitor.restoreLastHealthy();
        return new Run(s + 1, peak, g, gold(policy), stop, monitor);
      }
    }
    return new Run(STEPS, peak, gold(policy), Double.NaN, null, monitor);
  }

  /** The three runs. */
  public record Result(Run hacked, Run unwatched, Run healthy) {}

  /** Runs the three trainings and prints their reports to {@code out}. */
  public static Result run(PrintStream out) {
    Result r =
        new Result(train(LENGTH_BIASED, true), train(LENGTH_BIASED, false), train(GOLD, true));
    print(r, out);
    return r;
  }

  static void print(Result r, PrintStream out) {
    Run h = r.hacked();
    out.println(
        "1. GRPO against a length-biased reward model, watched by the training-health monitor");
    if (h.stop() != null && h.monitor() != null) {
      out.printf(
          Locale.ROOT,
          "   stopped at step %d by %s (%s); gold reward %.3f, %.1f %% below its peak %.3f%n",
          h.steps(),
          h.stop().rule(),
          h.stop().code(),
          h.goldAtEnd(),
          100 * (h.goldPeak() - h.goldAtEnd()) / h.goldPeak(),
          h.goldPeak());
      out.printf(
          Locale.ROOT,
          "   restored the last healthy policy (step %d): gold reward %.3f%n",
          h.monitor().lastHealthyStep(),
          h.goldRestored());
      HealthStatus s = h.monitor().status();
      out.println(
          "   health signal for the rollout gate: "
              + s.state()
              + " "
              + s.code()
              + (s.allowsPromotion() ? "" : " (no promotion without a person)"));
      out.println(
          "   "
              + h.monitor()
                  .report()
                  .replace(System.lineSeparator(), System.lineSeparator() + "   "));
    } else {
      out.println("   the monitor did not stop the run in " + h.steps() + " steps");
    }
    Run u = r.unwatched();
    out.printf(
        Locale.ROOT,
        "2. the same run without the monitor: after %d steps gold reward %.3f (peak %.3f, %.1f %% below it)%n",
        u.steps(),
        u.goldAtEnd(),
        u.goldPeak(),
        100 * (u.goldPeak() - u.goldAtEnd()) / u.goldPeak());
    Run ok = r.healthy();
    out.printf(
        Locale.ROOT,
        "3. healthy baseline (a reward without the length bias): %d steps, gold reward %.3f, %d rule firings%n",
        ok.steps(),
        ok.goldAtEnd(),
        ok.monitor() == null ? 0 : ok.monitor().firings().size());
    if (ok.monitor() != null) {
      out.println(
          "   "
              + ok.monitor()
                  .report()
                  .replace(System.lineSeparator(), System.lineSeparator() + "   "));
    }
  }

  /** Runs the example. */
  public static void main(String[] args) {
    run(System.out);
  }
}
