package dev.align4j.optimizers.objective.distillation;

import static dev.align4j.optimizers.objective.distillation.DistillationFixtures.STUDENT;
import static dev.align4j.optimizers.objective.distillation.DistillationFixtures.TEACHER;
import static dev.align4j.optimizers.objective.distillation.DistillationFixtures.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TopKLogProbs;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Top-k reverse KL (tail bucket) against {@code reference/distillation_reference.py}, and its relation to the full
 * reverse KL (GKD at β = 1): equal when k covers the vocabulary, never above it otherwise.
 */
class TopKReverseKlLossTest {
  private static final List<TokenDistributions> S = batch(STUDENT);
  private static final List<TokenDistributions> T = batch(TEACHER);

  private static List<TopKLogProbs> topK(List<TokenDistributions> teacher, int k) {
    return teacher.stream().map(d -> d.topK(k)).toList();
  }

  @Test
  void matchesReferenceAtKOne() {
    DistributionLossResult r = new TopKReverseKlLoss().evaluate(S, topK(T, 1));
    assertEquals(0.167269432295, r.loss(), 1e-11);
    double[][] expected = {
      {0.0756367892, -0.0618387083, -0.0137980809},
      {0.0447345677, -0.0993734921, 0.0546389244},
      {-0.0450196035, 0.0329119673, 0.0121076361}
    };
    DistillationFixtures.assertLogitGradients(S, r, expected, 2e-9);
  }

  @Property(trials = 60)
  void coveringTheVocabularyGivesTheFullReverseKlAndFewerTokensNeverMore(Gen gen) {
    int v = gen.intIn(2, 7);
    double[][][] s = DistillationFixtures.randomLogits(gen, gen.intIn(1, 3), v);
    List<TokenDistributions> student = batch(s);
    List<TokenDistributions> teacher = batch(DistillationFixtures.randomLike(gen, s));
    DistributionLossResult full =
        GeneralizedJsdLoss.builder().beta(1).build().evaluate(student, teacher);
    DistributionLossResult all = new TopKReverseKlLoss().evaluate(student, topK(teacher, v));
    assertEquals(full.loss(), all.loss(), 1e-9 * (1 + full.loss()));
    for (int i = 0; i < student.size(); i++) {
      double[] a = DistillationFixtures.logitGradient(student.get(i), full.gradients().get(i));
      double[] b = DistillationFixtures.logitGradient(student.get(i), all.gradients().get(i));
      for (int j = 0; j < a.length; j++) {
        assertEquals(a[j], b[j], 1e-9);
      }
    }
    int k = gen.intIn(1, v);
    assertTrue(
        new TopKReverseKlLoss().evaluate(student, topK(teacher, k)).loss() <= full.loss() + 1e-12);
  }

  @Property(trials = 40)
  void gradientMatchesCentralDifferencesInLogitSpace(Gen gen) {
    int v = gen.intIn(3, 7);
    double[][][] s = DistillationFixtures.randomLogits(gen, 2, v);
    List<TopKLogProbs> teacher =
        topK(batch(DistillationFixtures.randomLike(gen, s)), gen.intIn(1, v - 1));
    TopKReverseKlLoss loss = new TopKReverseKlLoss();
    DistributionLossResult r = loss.evaluate(batch(s), teacher);
    double h = 1e-5;
    for (int i = 0; i < s.length; i++) {
      double[] analytic = DistillationFixtures.logitGradient(batch(s).get(i), r.gradients().get(i));
      for (int row = 0; row < s[i].length; row++) {
        for (int j = 0; j < v; j++) {
          double saved = s[i][row][j];
          s[i][row][j] = saved + h;
          double plus = loss.evaluate(batch(s), teacher).loss();
          s[i][row][j] = saved - h;
          double minus = loss.evaluate(batch(s), teacher).loss();
          s[i][row][j] = saved;
          double fd = (plus - minus) / (2 * h);
          assertEquals(
              fd, analytic[row * v + j], 1e-7 + 1e-5 * Math.abs(fd), i + "," + row + "," + j);
        }
      }
    }
  }

  @Test
  void refusesTokensOutsideTheVocabulary() {
    TopKLogProbs bad = new TopKLogProbs(new int[] {7, 0}, new double[] {-0.1, -3}, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TopKReverseKlLoss().evaluate(S.subList(0, 1), List.of(bad)));
    assertTrue(
        e.getMessage().contains("teacher[0]") && e.getMessage().contains("7"), e.getMessage());
  }
}
