package dev.align4j.jpmscheck.app;

import dev.align4j.core.KernelPath;
import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.store.FeedbackJson;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseBatch;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;
import dev.align4j.policies.token.ByteTokenizer;
import dev.align4j.rewards.rule.Rules;
import dev.align4j.rollout.stats.Holm;
import dev.align4j.testkit.GenArgumentsProvider;
import java.util.Locale;
import java.util.Map;

/** Uses one type of every align4j module and prints what the test asserts, one {@code key=value} per line. */
public final class Main {
  private Main() {}

  /**
   * Runs the checks.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    System.out.println("module=" + Main.class.getModule().getName());
    System.out.println("kernels=" + KernelPath.active().name());
    // the sigmoid DPO loss of 64 pairs: pair i has log-ratio margin Δ_i = (i mod 7) − 3, so that both kernel paths
    // (Vector API lanes and the scalar tail) run; the test recomputes the mean of −log σ(β·Δ_i)
    int n = 64;
    double[] policyChosen = new double[n];
    double[] policyRejected = new double[n];
    double[] referenceChosen = new double[n];
    double[] referenceRejected = new double[n];
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      policyChosen[i] = -10 + (i % 7) - 3;
      policyRejected[i] = -10;
      referenceChosen[i] = -20;
      referenceRejected[i] = -20;
      lengths[i] = 4;
    }
    PairwiseBatch batch =
        PairwiseBatch.of(policyChosen, policyRejected, referenceChosen, referenceRejected, lengths, lengths);
    System.out.println(String.format(Locale.ROOT, "dpoLoss=%.17g", PairwiseLoss.dpo(0.5).evaluate(batch).loss()));
    // the same loss through the string registry, which finds the objective families with ServiceLoader (module
    // descriptor on the module path, META-INF/services on the class path); one name of every other family too
    System.out.println(String.format(Locale.ROOT, "registryDpoLoss=%.17g",
        Objectives.pairwise("sigmoid", Map.of("beta", 0.5)).evaluate(batch).loss()));
    System.out.println("families=" + Objectives.unpaired("kto", Map.of()).getClass().getSimpleName() + ","
        + Objectives.listwise("dpo_pl", Map.of()).getClass().getSimpleName() + ","
        + Objectives.policyGradient("grpo", Map.of()).getClass().getSimpleName());
    RewardModel nonEmpty = Rules.nonEmpty();
    System.out.println("reward=" + nonEmpty.score(Prompt.of("hi"), Completion.of("hello")));
    System.out.println("json=" + FeedbackJson.line(FeedbackJson.parse("{\"a\":1}")));
    System.out.println("holm=" + Holm.apply(new double[] {0.001, 0.5}, 0.05).rejected()[0]);
    System.out.println("tokens=" + ByteTokenizer.INSTANCE.encode("hi").length);
    System.out.println("seedProperty=" + GenArgumentsProvider.SEED_PROPERTY);
  }
}
