package dev.align4j.optimizers.objective.distillation;

import static dev.align4j.optimizers.objective.distillation.DistillationFixtures.STUDENT;
import static dev.align4j.optimizers.objective.distillation.DistillationFixtures.TEACHER;
import static dev.align4j.optimizers.objective.distillation.DistillationFixtures.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.TokenDistributions;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * GKD's generalised JSD against reference values of TRL's {@code generalized_jsd_loss} recomputed in numpy
 * ({@code reference/distillation_reference.py} beside the test resources; the loss values are also in
 * frontier-methods.md §11 item 4), and its gradient against the script's central differences on the student logits.
 */
class GeneralizedJsdLossTest {
  private static final List<TokenDistributions> S = batch(STUDENT);
  private static final List<TokenDistributions> T = batch(TEACHER);

  @ParameterizedTest
  @CsvSource({
    "0.0, 1.0, 0.224346328747",
    "0.1, 1.0, 0.019847151543",
    "0.5, 1.0, 0.052743290464",
    "0.9, 1.0, 0.018709775076",
    "1.0, 1.0, 0.207972987959",
    "0.5, 2.0, 0.014000600905"
  })
  void lossMatchesTrlReference(double beta, double temperature, double expected) {
    GeneralizedJsdLoss loss =
        GeneralizedJsdLoss.builder().beta(beta).temperature(temperature).build();
    DistributionLossResult r = loss.evaluate(S, T);
    assertEquals(expected, r.loss(), 1e-11);
    assertEquals(3.0, r.metrics().get("num_tokens"));
    // batchmean: the sequence means weighted by their token counts give the batch loss
    assertEquals(r.loss(), (2 * r.losses()[0] + r.losses()[1]) / 3, 1e-14);
  }

  @Test
  void gradientMatchesReferenceFiniteDifferences() {
    double[][] beta05 = {
      {0.0194513845, -0.0204198119, 0.0009684274},
      {0.01216462, -0.024950394, 0.012785774},
      {-0.0133799284, 0.0229430409, -0.0095631125}
    };
    DistillationFixtures.assertLogitGradients(
        S, GeneralizedJsdLoss.builder().build().evaluate(S, T), beta05, 2e-9);
    double[][] forward = {
      {0.0992471612, -0.1041883863, 0.0049412252},
      {0.0514099649, -0.1079344516, 0.0565244866},
      {-0.0643629834, 0.098399462, -0.0340364786}
    };
    DistillationFixtures.assertLogitGradients(
        S, GeneralizedJsdLoss.builder().beta(0).build().evaluate(S, T), forward, 2e-9);
    double[][] reverse = {
      {0.0688538061, -0.0722818353, 0.0034280292},
      {0.0502851262, -0.0994646712, 0.0491795451},
      {-0.0494786638, 0.0925178729, -0.0430392091}
    };
    DistillationFixtures.assertLogitGradients(
        S, GeneralizedJsdLoss.builder().beta(1).build().evaluate(S, T), reverse, 2e-9);
    double[][] tempered = {
      {0.005398791, -0.0066034241, 0.0012046331},
      {0.0033462961, -0.0064162649, 0.0030699688},
      {-0.0042085564, 0.0061836007, -0.0019750443}
    };
    DistillationFixtures.assertLogitGradients(
        S, GeneralizedJsdLoss.builder().temperature(2).build().evaluate(S, T), tempered, 2e-9);
  }

  @Test
  void smallBetaIsNotForwardKlButItsScaledLimitIs() {
    double forward = GeneralizedJsdLoss.builder().beta(0).build().evaluate(S, T).loss();
    double small = GeneralizedJsdLoss.builder().beta(1e-3).build().evaluate(S, T).loss();
    // frontier-methods.md §11: loss/β = 0.224080 at β = 1e-3, tending to the β = 0 value 0.224346
    assertEquals(0.224080, small / 1e-3, 1e-6);
    assertTrue(small < forward / 100);
  }

  @Property(trials = 60)
  void gradientMatchesCentralDifferencesInLogitSpace(Gen gen) {
    int v = gen.intIn(2, 6);
    double[][][] s = DistillationFixtures.randomLogits(gen, gen.intIn(1, 3), v);
    double[][][] t = DistillationFixtures.randomLike(gen, s);
    GeneralizedJsdLoss loss =
        GeneralizedJsdLoss.builder()
            .beta(gen.oneOf(0.0, 1.0, gen.doubleIn(0.01, 0.99)))
            .temperature(gen.oneOf(1.0, gen.doubleIn(0.5, 3)))
            .build();
    List<TokenDistributions> tb = batch(t);
    DistributionLossResult r = loss.evaluate(batch(s), tb);
    double h = 1e-5;
    for (int i = 0; i < s.length; i++) {
      double[] analytic = DistillationFixtures.logitGradient(batch(s).get(i), r.gradients().get(i));
      for (int row = 0; row < s[i].length; row++) {
        for (int j = 0; j < v; j++) {
          double saved = s[i][row][j];
          s[i][row][j] = saved + h;
          double plus = loss.evaluate(batch(s), tb).loss();
          s[i][row][j] = saved - h;
          double minus = loss.evaluate(batch(s), tb).loss();
          s[i][row][j] = saved;
          double fd = (plus - minus) / (2 * h);
          assertEquals(
              fd,
              analytic[row * v + j],
              1e-7 + 1e-5 * Math.abs(fd),
              loss + " " + i + "," + row + "," + j);
        }
      }
    }
  }

  @Property(trials = 40)
  void divergenceIsNonNegativeAndZeroForIdenticalDistributions(Gen gen) {
    double[][][] s = DistillationFixtures.randomLogits(gen, 2, gen.intIn(2, 8));
    GeneralizedJsdLoss loss = GeneralizedJsdLoss.builder().beta(gen.doubleIn(0, 1)).build();
    assertEquals(0.0, loss.evaluate(batch(s), batch(s)).loss(), 1e-12);
    assertTrue(
        loss.evaluate(batch(s), batch(DistillationFixtures.randomLike(gen, s))).loss() >= -1e-12);
  }

  @Test
  void refusesBadInput() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> GeneralizedJsdLoss.builder().beta(1.5));
    assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("1.5"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GeneralizedJsdLoss.builder().build().evaluate(S, T.subList(0, 1)));
    assertTrue(e.getMessage().contains("teacher"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GeneralizedJsdLoss.builder().build().evaluate(S, List.of(T.get(1), T.get(0))));
    assertTrue(
        e.getMessage().contains("teacher[0]") && e.getMessage().contains("shape"), e.getMessage());
  }
}
