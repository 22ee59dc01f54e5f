package dev.align4j.optimizers.objective.policygradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyGradientObjectivesTest {

  @Test
  void everyLossTypeIsReachableWithTrlDefaults() {
    for (String type : PolicyGradientObjectives.LOSS_TYPES) {
      PolicyGradientObjective o = PolicyGradientObjectives.create(type, Map.of());
      if (type.equals("ppo")) {
        assertInstanceOf(PpoLoss.class, o);
      } else if (type.equals("rloo")) {
        assertInstanceOf(RlooLoss.class, o);
      } else {
        GrpoLoss g = assertInstanceOf(GrpoLoss.class, o);
        assertEquals(type.equals("gspo") ? "grpo" : type, g.lossType().trlName());
      }
    }
    GrpoLoss gspo = (GrpoLoss) PolicyGradientObjectives.create("gspo", Map.of());
    assertEquals(GrpoLoss.ImportanceSamplingLevel.SEQUENCE, gspo.importanceSamplingLevel());
    assertEquals(3e-4, gspo.epsilon());
  }

  @Test
  void configKeysMapToTheBuilders() {
    GrpoLoss g = (GrpoLoss) PolicyGradientObjectives.create("dr_grpo", Map.of("beta", 0.04, "epsilon", "0.1",
        "epsilon_high", 0.28, "delta", 4, "importance_sampling_level", "sequence", "max_completion_length", 64,
        "sapo_temperature_pos", 2.0, "sapo_temperature_neg", 3.0, "use_bias_correction_kl", "true"));
    assertEquals(0.04, g.beta());
    assertEquals(0.1, g.epsilon());
    assertEquals(0.28, g.epsilonHigh());
    assertEquals(4.0, g.delta());
    assertEquals(GrpoLoss.ImportanceSamplingLevel.SEQUENCE, g.importanceSamplingLevel());
    assertEquals(64, g.maxCompletionLength());
    assertEquals(2.0, g.sapoTemperaturePos());
    assertEquals(3.0, g.sapoTemperatureNeg());
    assertTrue(g.useBiasCorrectionKl());
    PpoLoss p = (PpoLoss) PolicyGradientObjectives.create("ppo", Map.of("cliprange", 0.1, "cliprange_value", 0.3,
        "vf_coef", 0.5));
    assertEquals(0.1, p.cliprange());
    assertEquals(0.3, p.cliprangeValue());
    assertEquals(0.5, p.vfCoef());
    RlooLoss r = (RlooLoss) PolicyGradientObjectives.create("rloo", Map.of("epsilon", 0.3));
    assertEquals(0.3, r.epsilonHigh());
  }

  @Property(trials = 30)
  void registryAndBuilderGiveTheSameNumbers(Gen gen) {
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(gen, true);
    double eps = gen.uniform(0.05, 0.3);
    double beta = gen.uniform(0, 0.1);
    PolicyGradientResult viaRegistry = PolicyGradientObjectives.create("grpo", Map.of("epsilon", eps, "beta", beta))
        .evaluate(b);
    PolicyGradientResult viaBuilder = GrpoLoss.builder().lossType(GrpoLoss.LossType.GRPO).epsilon(eps).beta(beta)
        .build().evaluate(b);
    assertEquals(viaBuilder.loss(), viaRegistry.loss(), 0.0);
    PolicyGradientTestSupport.assertArrayClose(viaBuilder.gradLogProbs(), viaRegistry.gradLogProbs(), 0.0, "grad");
  }

  @Test
  void unknownNamesAndKeysListTheValidOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PolicyGradientObjectives.create("reinforce", Map.of()));
    assertTrue(e.getMessage().contains("\"reinforce\"") && e.getMessage().contains("dr_grpo")
        && e.getMessage().contains("gspo"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PolicyGradientObjectives.create("grpo", Map.of("bta", 1)));
    assertTrue(e.getMessage().contains("\"bta\"") && e.getMessage().contains("beta"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PolicyGradientObjectives.create("rloo", Map.of("beta", 0.05)));
    assertTrue(e.getMessage().contains("\"beta\"") && e.getMessage().contains("epsilon_high"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PolicyGradientObjectives.create("gspo", Map.of("importance_sampling_level", "token")));
    assertTrue(e.getMessage().contains("importance_sampling_level"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PolicyGradientObjectives.create("grpo", Map.of("importance_sampling_level", "sentence")));
    assertTrue(e.getMessage().contains("sentence") && e.getMessage().contains("sequence"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PolicyGradientObjectives.create("ppo", Map.of("cliprange", "wide")));
    assertTrue(e.getMessage().contains("cliprange") && e.getMessage().contains("wide"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PolicyGradientObjectives.create("dapo", Map.of("epsilon", List.of(1, 2))));
    assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PolicyGradientObjectives.create("dapo", Map.of("max_completion_length", 1.5)));
    assertTrue(e.getMessage().contains("max_completion_length"), e.getMessage());
  }

  @Test
  void objectivesAreStatelessAndSafeToShareAcrossThreads() throws Exception {
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(dev.align4j.testkit.Gen.of(11), true);
    PolicyGradientObjective o = PolicyGradientObjectives.create("grpo", Map.of("beta", 0.04));
    PolicyGradientResult expected = o.evaluate(b);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<PolicyGradientResult>> futures = new java.util.ArrayList<>();
      for (int k = 0; k < 12; k++) {
        futures.add(pool.submit(() -> o.evaluate(b)));
      }
      for (java.util.concurrent.Future<PolicyGradientResult> f : futures) {
        PolicyGradientResult r = f.get();
        assertEquals(expected.loss(), r.loss(), 0.0);
        PolicyGradientTestSupport.assertArrayClose(expected.gradLogProbs(), r.gradLogProbs(), 0.0, "grad");
        assertEquals(expected.metrics(), r.metrics());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void objectivesRegistryDelegatesHere() {
    PolicyGradientBatch b = PolicyGradientBatch.builder().lengths(2).logProbs(new double[] {-1, -2})
        .oldLogProbs(new double[] {-1.1, -1.9}).sequenceAdvantages(new double[] {1}).build();
    assertEquals(PolicyGradientObjectives.create("sapo", Map.of()).evaluate(b).loss(),
        Objectives.policyGradient("sapo", Map.of()).evaluate(b).loss(), 0.0);
  }
}
