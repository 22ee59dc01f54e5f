package dev.align4j.optimizers.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.align4j.core.Policy;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.optimizer.preference.OnlinePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.preference.PairwisePreferenceOptimizer;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer.Algorithm;
import dev.align4j.optimizers.optimizer.rl.PolicyGradientOptimizer;
import dev.align4j.optimizers.optimizer.sft.RejectionSamplingOptimizer;
import dev.align4j.optimizers.optimizer.sft.SftExample;
import dev.align4j.optimizers.optimizer.sft.SftOptimizer;
import dev.align4j.policies.LogLinearPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link OptimizerBuilder} and {@link ReferenceOptimizerBuilder}: the one home of {@code schedule}, {@code listener},
 * {@code seed} and {@code reference}. Each optimiser's published default schedule reaches its training loop; the
 * shared setters chain with the optimiser's own in any order; the online optimiser's settings are its inner pairwise
 * optimiser's.
 */
class OptimizerBuilderTest {
  private static final PairwiseObjective DPO = Objectives.pairwise("sigmoid", Map.of("beta", 0.1));

  private static List<SftExample> sft(int from, int to) {
    List<SftExample> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Prompt p = PoliteWorld.prompt(i);
      out.add(new SftExample(p, PoliteWorld.candidates(p).get(0)));
    }
    return out;
  }

  @Test
  void eachOptimiserRunsItsPublishedDefaultSchedule() {
    LogLinearPolicy p = PoliteWorld.policyBuilder().build();
    assertEquals(1e-6, PairwisePreferenceOptimizer.builder(p, DPO).build()
        .step(PoliteWorld.pairs(0, 4, 1)).get("learning_rate"), 0, "DPO: TRL DPOConfig.learning_rate");
    assertEquals(2e-5, SftOptimizer.builder(p).build().step(sft(0, 4)).get("learning_rate"), 0,
        "SFT: TRL SFTConfig.learning_rate");
    assertEquals(2e-5, RejectionSamplingOptimizer.builder(p, PoliteWorld.REWARD).build()
        .step(PoliteWorld.prompts(0, 4)).get("learning_rate"), 0);
    assertEquals(1e-6, PolicyGradientOptimizer.builder(Algorithm.GRPO, p, PoliteWorld.REWARD).groupSize(2).build()
        .step(PoliteWorld.prompts(0, 4)).get("learning_rate"), 0, "GRPO: TRL GRPOConfig.learning_rate");
  }

  @Test
  void sharedSettersChainWithTheOptimisersOwnInAnyOrderAndGiveTheSameRun() {
    List<StepMetrics> seen = new ArrayList<>();
    LogLinearPolicy a = PoliteWorld.policyBuilder().build();
    LogLinearPolicy b = PoliteWorld.policyBuilder().build();
    Policy refA = a.frozenCopy();
    Policy refB = b.frozenCopy();
    // base setters before and after the subclass's own: both compile to the concrete builder type
    PairwisePreferenceOptimizer first = PairwisePreferenceOptimizer.builder(a, DPO)
        .seed(7).schedule(LearningRateSchedule.constant(0.1)).listener(seen::add).reference(refA).rpoAlpha(0.5)
        .build();
    PairwisePreferenceOptimizer second = PairwisePreferenceOptimizer.builder(b, DPO)
        .rpoAlpha(0.5).reference(refB).listener(m -> { }).schedule(LearningRateSchedule.constant(0.1)).seed(7)
        .build();
    assertSame(refA, first.reference());
    for (int i = 0; i < 3; i++) {
      StepMetrics x = first.step(PoliteWorld.pairs(8 * i, 8 * i + 8, 3));
      StepMetrics y = second.step(PoliteWorld.pairs(8 * i, 8 * i + 8, 3));
      assertEquals(x.get("loss"), y.get("loss"), 0);
      assertEquals(0.1, x.get("learning_rate"), 0);
    }
    assertEquals(3, seen.size(), "the listener saw every step");
    assertEquals(a.parameters().length, b.parameters().length);
    for (int j = 0; j < a.parameters().length; j++) {
      assertEquals(a.parameters()[j], b.parameters()[j], 0, "bit-identical parameters " + j);
    }
  }

  @Test
  void theOnlineOptimisersSettingsAreItsPairwiseLoops() {
    List<StepMetrics> seen = new ArrayList<>();
    LogLinearPolicy p = PoliteWorld.policyBuilder().build();
    Policy ref = p.frozenCopy();
    OnlinePreferenceOptimizer o = OnlinePreferenceOptimizer.builder(p, DPO)
        .schedule(LearningRateSchedule.constant(0.05)).rewardModel(PoliteWorld.REWARD).listener(seen::add)
        .reference(ref).seed(3).samplesPerPrompt(4)
        .build();
    assertSame(ref, o.reference(), "the reference set on the online builder is the pairwise optimiser's");
    StepMetrics m = o.step(PoliteWorld.prompts(0, 8));
    assertEquals(0.05, m.get("learning_rate"), 0);
    assertEquals(1, seen.size());
    assertEquals(0.05, seen.get(0).get("learning_rate"), 0);
  }
}
