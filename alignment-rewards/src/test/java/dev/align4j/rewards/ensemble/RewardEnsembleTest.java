package dev.align4j.rewards.ensemble;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.RewardModel;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.train.OptimizerSettings;
import dev.align4j.rewards.train.RewardModelTrainer;
import dev.align4j.rewards.train.TrainingSet;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardEnsembleTest {
  private static final Prompt Q = Prompt.of("q");

  @Property(trials = 100)
  void stdIsZeroWhenMembersAgreeAndConservativeEqualsMean(Gen gen) {
    double v = gen.moderate(1e6);
    int n = gen.intIn(2, 7);
    List<RewardModel> same = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      same.add((p, c) -> v);
    }
    EnsembleScore s = RewardEnsemble.of(same).evaluate(Q, Completion.of("x"));
    assertEquals(0.0, s.std());
    assertEquals(v, s.mean(), 1e-9 * Math.max(1, Math.abs(v)));
    assertEquals(s.mean(), s.conservative(), 0);
  }

  @Property(trials = 100)
  void aggregatesAreOrdered(Gen gen) {
    int n = gen.intIn(2, 7);
    List<RewardModel> members = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double v = gen.moderate(10);
      members.add((p, c) -> v);
    }
    double k = gen.doubleIn(0, 3);
    Completion c = Completion.of("x");
    EnsembleScore s = RewardEnsemble.of(members, RewardEnsemble.Aggregation.MEAN, k).evaluate(Q, c);
    assertEquals(s.mean() - k * s.std(), s.conservative(), 1e-12);
    assertTrue(s.min() <= s.mean() + 1e-12);
    assertTrue(s.std() >= 0);
    assertEquals(s.min(), RewardEnsemble.of(members, RewardEnsemble.Aggregation.WORST_CASE, k).score(Q, c));
    assertEquals(s.conservative(),
        RewardEnsemble.of(members, RewardEnsemble.Aggregation.MEAN_MINUS_K_STD, k).score(Q, c), 1e-12);
  }

  @Test
  void populationStdOfTwoMembers() {
    EnsembleScore s = RewardEnsemble.of(List.of((p, c) -> 1.0, (p, c) -> 3.0)).evaluate(Q, Completion.of("x"));
    assertEquals(2.0, s.mean());
    assertEquals(1.0, s.std());
    assertEquals(1.0, s.conservative());
  }

  @Test
  void trainedMembersDisagreeMoreOffDistribution() {
    var who = Provenance.human("t", Instant.EPOCH);
    List<PairwiseComparison> data = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      data.add(PairwiseComparison.preferring(Q, Completion.of("thanks for asking, here is help " + i),
          Completion.of("go away " + i), who));
    }
    var f = HashedNGramFeaturizer.builder().dimension(512).build();
    var trainer = RewardModelTrainer.builder().optimizer(OptimizerSettings.adamW().withLearningRate(0.1))
        .epochs(5).validationFraction(0.5).build();
    RewardEnsemble e = RewardEnsemble.train(trainer, TrainingSet.builder(f).addAll(data).build(), 4, 1);
    assertEquals(4, e.members().size());
    assertTrue(e.score(Q, Completion.of("thanks for asking, here is help")) > e.score(Q, Completion.of("go away")));
  }

  @Test
  void needsTwoMembersAndFiniteScores() {
    assertThrows(IllegalArgumentException.class, () -> RewardEnsemble.of(List.of((p, c) -> 1.0)));
    var e = assertThrows(IllegalStateException.class,
        () -> RewardEnsemble.of(List.of((p, c) -> 1.0, (p, c) -> Double.NaN)).score(Q, Completion.of("x")));
    assertTrue(e.getMessage().contains("member 1"), e.getMessage());
  }
}
