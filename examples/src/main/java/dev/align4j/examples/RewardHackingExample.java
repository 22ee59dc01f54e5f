package dev.align4j.examples;

import dev.align4j.core.GateDecision;
import dev.align4j.core.RewardModel;
import dev.align4j.core.RolloutStage;
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
import dev.align4j.rollout.GateConfig;
import dev.align4j.rollout.StagedRolloutGate;
import dev.align4j.rollout.guardrail.Guardrails;
import dev.align4j.rollout.guardrail.HealthPrecondition;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.metric.Arm;
import dev.align4j.rollout.stage.StageLimits;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.traffic.InMemoryTrafficController;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
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
 *   <li>the healthy baseline: the same training against a reward without the length bias; the monitor stays quiet;
 *   <li>the rollout gate: each run's monitor is a {@link HealthPrecondition} of a staged gate; with offline evidence
 *       that passes every guardrail, the hacked run's candidate is held until a person approves it (the approval is
 *       recorded with the actor and the failed signal), the healthy run's candidate is promoted by the gate.
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

  /**
   * The three runs and the gate's decisions on the two watched ones.
   *
   * @param hacked the watched run against the length-biased reward
   * @param unwatched the same run without the monitor
   * @param healthy the watched run against the gold reward
   * @param hackedGate the gate's decision on the hacked run's candidate, then the person's approval
   * @param healthyGate the gate's decision on the healthy run's candidate
   */
  public record Result(
      Run hacked,
      Run unwatched,
      Run healthy,
      List<GateDecision> hackedGate,
      List<GateDecision> healthyGate) {}

  /** Runs the three trainings, asks the gate about the watched ones and prints the reports to {@code out}. */
  public static Result run(PrintStream out) {
    Run hacked = train(LENGTH_BIASED, true);
    Run healthy = train(GOLD, true);
    Result r =
        new Result(
            hacked,
            train(LENGTH_BIASED, false),
            healthy,
            gate(hacked.monitor(), true),
            gate(healthy.monitor(), false));
    print(r, out);
    return r;
  }

  /**
   * Offline evaluation of the run's candidate by a staged gate whose precondition is the run's monitor: passing
   * evidence (no unsafe output in 500, win rate 0.7 over 500), then, when the gate holds and {@code approve}, a
   * person's recorded approval.
   */
  static List<GateDecision> gate(@Nullable TrainingHealthMonitor monitor, boolean approve) {
    if (monitor == null) {
      return List.of();
    }
    StageLimits limits = StageLimits.minSample(500);
    GateConfig config =
        GateConfig.builder(
                StagePlan.builder()
                    .offline(limits)
                    .shadowPercent(10, limits)
                    .canaryPercent(limits, 5)
                    .build())
            .metric(Guardrails.unsafeRate("unsafe_rate", 0.02).build())
            .metric(Guardrails.winRate("win_rate", 0.05, 0.05).build())
            .precondition(new HealthPrecondition(TrainingHealthMonitor.SOURCE, monitor))
            .build();
    StagedRolloutGate gate =
        StagedRolloutGate.builder(config)
            .clock(Clock.fixed(Instant.parse("2026-11-02T08:00:00Z"), ZoneOffset.UTC))
            .traffic(new InMemoryTrafficController())
            .model("candidate", "reply-selector")
            .build();
    gate.recordRate("unsafe_rate", Arm.CANDIDATE, 0, 500);
    for (int i = 0; i < 500; i++) {
      gate.record("win_rate", Arm.CANDIDATE, i % 10 < 7 ? 1.0 : 0.0);
    }
    List<GateDecision> out = new ArrayList<>();
    GateDecision d = gate.evaluate();
    out.add(d);
    if (approve
        && d.kind() != GateDecision.Kind.PROMOTE
        && gate.stage() != RolloutStage.ROLLED_BACK) {
      out.add(
          gate.override(
              new HumanOverride(
                  HumanOverride.Action.PROMOTE,
                  "reviewer",
                  "read the monitor's evidence; the restored healthy policy is the candidate")));
    }
    return List.copyOf(out);
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
    out.println("4. the rollout gate, offline stage, the run's monitor as a precondition");
    out.println("   hacked run's candidate:");
    printGate(r.hackedGate(), out);
    out.println("   healthy run's candidate:");
    printGate(r.healthyGate(), out);
  }

  /** Prints the gate's decisions. */
  static void printGate(List<GateDecision> decisions, PrintStream out) {
    for (int i = 0; i < decisions.size(); i++) {
      GateDecision d = decisions.get(i);
      out.println("   " + (i == 0 ? "gate" : "after the person's approval") + ": " + d.kind());
      d.reasons().stream()
          .filter(x -> x.check().equals(TrainingHealthMonitor.SOURCE))
          .forEach(x -> out.println("     " + x.check() + " " + x.code()));
    }
  }

  /** Runs the example. */
  public static void main(String[] args) {
    run(System.out);
  }
}
