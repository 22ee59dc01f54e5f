package dev.align4j.examples;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.reward.ImplicitReward;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.kl.AdaptiveKlController;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.optimizer.ConsoleProgressListener;
import dev.align4j.optimizers.optimizer.JsonlMetricsWriter;
import dev.align4j.optimizers.optimizer.preference.PairwisePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.optimizers.optimizer.sft.BestOfNSelector;
import dev.align4j.policies.LogLinearPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Aligning a response selector for a customer-support assistant, as you would start a proof of concept:
 *
 * <ol>
 *   <li>a {@link LogLinearPolicy} chooses among candidate replies (from a template bank or a generator) by
 *       {@code softmax(θ·φ(question, reply))} with a few hand-written features;
 *   <li>offline DPO on reviewers' preference pairs ({@link PairwisePreferenceOptimizer}), with a console progress bar,
 *       a JSONL metrics log and a checkpoint half-way that the run resumes from;
 *   <li>held-out check: implicit-reward accuracy on pairs about questions the policy never saw;
 *   <li>online refinement with GRPO against a rule reward that asks for more than the reviewers did (no blame,
 *       courtesy, on topic, and a committed follow-up), KL to the DPO policy held near a target by an adaptive
 *       controller ({@link PolicyGradientOptimizer});
 *   <li>best-of-n selection at inference time ({@link BestOfNSelector}).
 * </ol>
 *
 * <p>The reviewers prefer the reply that explains the fix over the curt, off-topic and rude ones; the rule reward of
 * the GRPO phase also rewards the reply that commits to a follow-up, which the reviewers never asked for, so GRPO has
 * room to improve on DPO. The DPO progress line reports {@code log_ratio/mean}, the mean log π/π_ref over the batch's
 * dataset completions: an off-policy quantity that is not a KL estimate and can be negative. GRPO's {@code kl} is
 * estimated on the policy's own samples.
 *
 * <p>Everything is seeded: two runs print the same numbers. Run (from the repository root): {@code mvn -B -ntp -q -pl
 * examples -am package -DskipTests -Pquickstart
 * -Dquickstart.mainClass=dev.align4j.examples.PreferenceOptimizationExample}.
 */
public final class PreferenceOptimizationExample {
  private static final String[] TOPICS = {
    "refund", "password", "invoice", "delivery", "upgrade", "cancellation", "login", "warranty",
    "shipping", "discount", "account", "subscription", "payment", "return", "exchange", "coupon"
  };
  private static final int TRAIN_TOPICS = 12;
  private static final Provenance REVIEWER = Provenance.human("reviewer-1", Instant.parse("2026-01-05T10:00:00Z"));

  private PreferenceOptimizationExample() {}

  /**
   * What the run measured.
   *
   * @param dpoSteps optimiser steps of the DPO phase
   * @param firstLoss DPO loss at step 1 (ln 2 for a uniform start)
   * @param lastLoss DPO loss at the last step
   * @param heldOutAccuracyBefore implicit-reward accuracy on held-out pairs before training (0.5: every pair a tie)
   * @param heldOutAccuracyAfter the same after DPO
   * @param rewardBefore expected rule reward (in [0, 3]) of the initial policy on held-out questions
   * @param rewardAfterDpo the same after DPO
   * @param rewardAfterGrpo the same after GRPO
   * @param klAfterGrpo mean KL(π ‖ π_DPO) over held-out questions after GRPO, in nats
   * @param klTarget the adaptive controller's KL target
   * @param resumedIdentically whether the run resumed from the checkpoint reached the same parameters
   * @param metricLines lines in the JSONL metrics log
   * @param bestOfFour the reply best-of-4 picks for a held-out question
   */
  public record Result(
      int dpoSteps,
      double firstLoss,
      double lastLoss,
      double heldOutAccuracyBefore,
      double heldOutAccuracyAfter,
      double rewardBefore,
      double rewardAfterDpo,
      double rewardAfterGrpo,
      double klAfterGrpo,
      double klTarget,
      boolean resumedIdentically,
      long metricLines,
      String bestOfFour) {}

  /** The candidate replies for a question: two good, one curt, one off-topic, one rude. */
  static List<Completion> candidates(Prompt question) {
    String topic = question.text().replace("Help with my ", "").replace("?", "");
    return List.of(
        Completion.of("Thanks for reaching out about your " + topic + ". Here is how to fix it, step by step."),
        Completion.of("Sorry for the trouble with your " + topic + ". I have opened a ticket and will update you."),
        Completion.of("See the " + topic + " page."),
        Completion.of("Have you tried our new mobile app?"),
        Completion.of("That " + topic + " problem is your own fault."));
  }

  /** Features φ(question, reply): courtesy, mentions the topic, length, blame, off-topic, commits to a follow-up. */
  static double[] features(Prompt question, Completion reply) {
    String q = question.text().toLowerCase(Locale.ROOT);
    String r = reply.text().toLowerCase(Locale.ROOT);
    String topic = q.replace("help with my ", "").replace("?", "");
    boolean courteous = r.startsWith("thanks") || r.startsWith("sorry");
    return new double[] {
      courteous ? 1 : 0,
      r.contains(topic) ? 1 : 0,
      Math.min(1.0, r.length() / 80.0),
      r.contains("fault") ? 1 : 0,
      r.contains("app") ? 1 : 0,
      r.contains("ticket") ? 1 : 0
    };
  }

  /** The rule reward of the GRPO phase: 0 for blame, otherwise courtesy + on-topic + committed follow-up, in [0, 3]. */
  static final RewardModel RULES =
      (q, r) -> {
        double[] f = features(q, r);
        return f[3] > 0 ? 0.0 : f[0] + f[1] + f[5];
      };

  static Prompt question(String topic) {
    return Prompt.of("Help with my " + topic + "?");
  }

  /**
   * Reviewers prefer the reply that explains the fix over the curt, the off-topic and the rude one (they did not
   * compare the two courteous replies).
   */
  static List<PairwiseComparison> preferencePairs(int from, int to) {
    List<PairwiseComparison> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Prompt q = question(TOPICS[i]);
      List<Completion> c = candidates(q);
      for (int bad = 2; bad < 5; bad++) {
        out.add(PairwiseComparison.preferring(q, c.get(0), c.get(bad), REVIEWER));
      }
    }
    return out;
  }

  static LogLinearPolicy newPolicy() {
    return LogLinearPolicy.builder()
        .dimension(6)
        .featurizer(PreferenceOptimizationExample::features)
        .candidates(PreferenceOptimizationExample::candidates)
        .build();
  }

  static PairwisePreferenceOptimizer dpo(LogLinearPolicy policy, Policy reference, PrintStream out, Writer jsonl) {
    return PairwisePreferenceOptimizer.builder(policy, Objectives.pairwise("sigmoid", Map.of("beta", 0.1)))
        .reference(reference)
        .schedule(LearningRateSchedule.cosine(0.3, 5, 60))
        .listener(ConsoleProgressListener.builder(out).totalSteps(60).every(20).build())
        .listener(new JsonlMetricsWriter(jsonl))
        .seed(7)
        .build();
  }

  /** Runs the whole proof of concept, printing progress to {@code out}. */
  public static Result run(PrintStream out) {
    try {
      Path dir = Files.createTempDirectory("align4j-preference-example");
      Path metrics = dir.resolve("dpo-metrics.jsonl");
      Path checkpoint = dir.resolve("dpo.ckpt");
      List<PairwiseComparison> train = preferencePairs(0, TRAIN_TOPICS);
      List<PairwiseComparison> heldOutPairs = preferencePairs(TRAIN_TOPICS, TOPICS.length);
      List<Prompt> heldOut = new ArrayList<>();
      for (int i = TRAIN_TOPICS; i < TOPICS.length; i++) {
        heldOut.add(question(TOPICS[i]));
      }

      LogLinearPolicy policy = newPolicy();
      Policy reference = policy.frozenCopy();
      double accBefore = implicitAccuracy(policy, reference, heldOutPairs);
      double rewardBefore = expectedReward(policy, heldOut);

      // 2. offline DPO, 60 steps of 12 pairs; checkpoint at step 30
      out.println("== DPO on " + train.size() + " reviewer pairs");
      StepMetrics first;
      StepMetrics last;
      try (Writer jsonl = Files.newBufferedWriter(metrics, StandardCharsets.UTF_8)) {
        PairwisePreferenceOptimizer dpo = dpo(policy, reference, out, jsonl);
        first = dpo.step(batch(train, 0));
        last = first;
        for (int s = 1; s < 60; s++) {
          last = dpo.step(batch(train, s));
          if (s == 29) {
            dpo.saveCheckpoint(checkpoint);
          }
        }
      }
      // resume from the checkpoint in a fresh process-like setting: same config, same batches
      LogLinearPolicy resumed = newPolicy();
      PairwisePreferenceOptimizer again =
          dpo(resumed, reference, new PrintStream(PrintStream.nullOutputStream()), Writer.nullWriter());
      again.restoreCheckpoint(checkpoint);
      for (int s = 30; s < 60; s++) {
        again.step(batch(train, s));
      }
      boolean identical = Arrays.equals(policy.parameters(), resumed.parameters());

      double accAfter = implicitAccuracy(policy, reference, heldOutPairs);
      double rewardAfterDpo = expectedReward(policy, heldOut);

      // 4. GRPO against the rules, KL to the DPO policy kept near a target
      out.println("== GRPO against the rule reward");
      Policy dpoPolicy = policy.frozenCopy();
      double klTarget = 0.5;
      PolicyGradientOptimizer grpo =
          PolicyGradientOptimizer.builder(PolicyGradientOptimizer.Algorithm.GRPO, policy, RULES)
              .reference(dpoPolicy)
              .klMode(PolicyGradientOptimizer.KlMode.REWARD_PENALTY)
              .klController(AdaptiveKlController.builder().initialCoefficient(0.1).target(klTarget).horizon(200)
                  .build())
              .groupSize(4)
              .schedule(LearningRateSchedule.constant(0.05))
              .listener(ConsoleProgressListener.builder(out).totalSteps(20).every(10).build())
              .seed(11)
              .build();
      List<Prompt> trainQuestions = new ArrayList<>();
      for (int i = 0; i < TRAIN_TOPICS; i++) {
        trainQuestions.add(question(TOPICS[i]));
      }
      for (int s = 0; s < 20; s++) {
        grpo.step(trainQuestions);
      }
      double rewardAfterGrpo = expectedReward(policy, heldOut);
      double kl = meanKl(policy, dpoPolicy, heldOut);

      // 5. best-of-4 at inference time
      BestOfNSelector bestOf4 = BestOfNSelector.builder(policy, RULES).n(4).build();
      String best = bestOf4.select(heldOut.get(0), new SplittableRandom(3)).best().text();

      long lines;
      try (var s = Files.lines(metrics)) {
        lines = s.count();
      }
      Result r = new Result(60, first.get("loss"), last.get("loss"), accBefore, accAfter, rewardBefore,
          rewardAfterDpo, rewardAfterGrpo, kl, klTarget, identical, lines, best);
      print(r, out);
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<PairwiseComparison> batch(List<PairwiseComparison> all, int step) {
    int size = 12;
    int from = (step * size) % all.size();
    return all.subList(from, Math.min(all.size(), from + size));
  }

  /** Share of pairs whose implicit reward log π/π_ref ranks chosen above rejected; a tie counts as half (chance). */
  static double implicitAccuracy(Policy policy, Policy reference, List<PairwiseComparison> pairs) {
    ImplicitReward logRatio = ImplicitReward.of(policy, reference, 1.0);
    double correct = 0;
    for (PairwiseComparison p : pairs) {
      double rc = logRatio.score(p.prompt(), p.chosen());
      double rr = logRatio.score(p.prompt(), p.rejected());
      correct += rc > rr ? 1.0 : rc == rr ? 0.5 : 0.0;
    }
    return correct / pairs.size();
  }

  static double expectedReward(LogLinearPolicy policy, List<Prompt> questions) {
    double s = 0;
    for (Prompt q : questions) {
      double[] p = policy.distribution(q);
      List<Completion> c = policy.candidates(q);
      for (int i = 0; i < p.length; i++) {
        s += p[i] * RULES.score(q, c.get(i));
      }
    }
    return s / questions.size();
  }

  static double meanKl(LogLinearPolicy policy, Policy reference, List<Prompt> questions) {
    double s = 0;
    for (Prompt q : questions) {
      double[] p = policy.distribution(q);
      List<Completion> c = policy.candidates(q);
      for (int i = 0; i < p.length; i++) {
        if (p[i] > 0) {
          s += p[i] * (Math.log(p[i]) - reference.logProbs(q, c.get(i)).get(0));
        }
      }
    }
    return s / questions.size();
  }

  /** Prints the summary. */
  public static void print(Result r, PrintStream out) {
    out.printf(Locale.ROOT, "DPO loss %.4f -> %.4f over %d steps%n", r.firstLoss(), r.lastLoss(), r.dpoSteps());
    out.printf(Locale.ROOT, "held-out implicit-reward accuracy (a tie counts as half) %.2f -> %.2f%n",
        r.heldOutAccuracyBefore(),
        r.heldOutAccuracyAfter());
    out.printf(Locale.ROOT,
        "held-out expected rule reward (0 to 3) %.3f (initial policy) -> %.3f (DPO) -> %.3f (GRPO)%n",
        r.rewardBefore(), r.rewardAfterDpo(), r.rewardAfterGrpo());
    out.printf(Locale.ROOT, "KL to the DPO policy after GRPO %.3f nats (target %.2f)%n", r.klAfterGrpo(),
        r.klTarget());
    out.println("resumed from checkpoint identically: " + r.resumedIdentically() + "; metrics log lines: "
        + r.metricLines());
    out.println("best of 4: " + r.bestOfFour());
  }

  /** Runs the example on the console. */
  public static void main(String[] args) {
    run(System.out);
  }
}
