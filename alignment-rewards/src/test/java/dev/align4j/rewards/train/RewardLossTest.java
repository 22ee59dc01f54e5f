package dev.align4j.rewards.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.StableMath;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RewardLossTest {
  private static final FeatureVector X = FeatureVector.dense(new float[] {1f});
  private static final FeatureVector Y = FeatureVector.dense(new float[] {2f});

  /** TRL test vector TV9 (reference/trl-objectives.md): BT, BT+margin, centering and accuracy. */
  @Test
  void matchesTrlRewardTrainerVectorTv9() {
    double[] rw = {1, 0.2, -0.5};
    double[] rl = {0, 0.5, -1};
    double[] m = {0.5, 0, 0.2};
    double bt = 0;
    double btMargin = 0;
    double centered = 0;
    double[] d = new double[2];
    for (int i = 0; i < 3; i++) {
      bt += new RewardLoss(false, 0).lossAndGradient(new TrainingExample.Pair(X, Y, 1, m[i]), new double[] {rw[i], rl[i]}, d);
      btMargin += RewardLoss.bradleyTerry().lossAndGradient(new TrainingExample.Pair(X, Y, 1, m[i]),
          new double[] {rw[i], rl[i]}, d);
      centered += new RewardLoss(true, 0.01).lossAndGradient(new TrainingExample.Pair(X, Y, 1, m[i]),
          new double[] {rw[i], rl[i]}, d);
    }
    assertEquals(0.547231, bt / 3, 1e-6);
    assertEquals(0.627596, btMargin / 3, 1e-6);
    assertEquals(0.640062, centered / 3, 1e-6);
    assertEquals(0.012467, (centered - btMargin) / 3, 1e-6);
  }

  @Property(trials = 200)
  void gradientsMatchCentralFiniteDifferences(Gen gen) {
    RewardLoss loss = new RewardLoss(gen.bool(), gen.oneOf(0.0, 0.01, 0.5));
    TrainingExample ex = randomExample(gen);
    int k = ex.size();
    double[] s = new double[k];
    for (int i = 0; i < k; i++) {
      s[i] = gen.moderate(6);
    }
    double[] g = new double[k];
    loss.lossAndGradient(ex, s, g);
    double[] scratch = new double[k];
    for (int i = 0; i < k; i++) {
      double h = 1e-5;
      double[] plus = s.clone();
      double[] minus = s.clone();
      plus[i] += h;
      minus[i] -= h;
      double fd = (loss.lossAndGradient(ex, plus, scratch) - loss.lossAndGradient(ex, minus, scratch)) / (2 * h);
      assertEquals(fd, g[i], 1e-6 * Math.max(1, Math.abs(fd)), () -> "d/ds" + " for " + ex + " at " + gen);
    }
  }

  @Property(trials = 200)
  void lossIsFiniteAndNonNegativeOverTheWholeRange(Gen gen) {
    RewardLoss loss = new RewardLoss(true, gen.oneOf(0.0, 0.01));
    TrainingExample ex = randomExample(gen);
    double[] s = new double[ex.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = gen.oneOf(1.0, -1.0) * Math.pow(10, gen.uniform(-3, 150));
    }
    double[] g = new double[s.length];
    double l = loss.lossAndGradient(ex, s, g);
    assertTrue(Double.isFinite(l), () -> "loss " + l + " at " + gen);
    assertTrue(l >= 0, () -> "loss " + l);
    for (double v : g) {
      assertTrue(Double.isFinite(v), () -> "gradient " + v + " at " + gen);
    }
  }

  @Property(trials = 100)
  void softLabelWithTargetOneIsHardBradleyTerry(Gen gen) {
    double ra = gen.moderate(30);
    double rb = gen.moderate(30);
    double[] g = new double[2];
    double soft = new RewardLoss(false, 0).lossAndGradient(new TrainingExample.Pair(X, Y, 1.0, 0), new double[] {ra, rb}, g);
    assertEquals(-StableMath.logSigmoid(ra - rb), soft, 1e-12 * Math.max(1, Math.abs(soft)));
  }

  @Property(trials = 100)
  void pairLossIsSymmetricUnderSwappingCandidatesAndLabel(Gen gen) {
    double ra = gen.moderate(20);
    double rb = gen.moderate(20);
    double p = gen.doubleIn(0, 1);
    double[] g = new double[2];
    RewardLoss loss = new RewardLoss(false, 0.01);
    double l1 = loss.lossAndGradient(new TrainingExample.Pair(X, Y, p, 0), new double[] {ra, rb}, g);
    double l2 = loss.lossAndGradient(new TrainingExample.Pair(Y, X, 1 - p, 0), new double[] {rb, ra}, g);
    assertEquals(l1, l2, 1e-12 * Math.max(1, l1));
  }

  @Property(trials = 100)
  void twoItemPlackettLuceIsBradleyTerry(Gen gen) {
    double ra = gen.moderate(20);
    double rb = gen.moderate(20);
    double[] g1 = new double[2];
    double[] g2 = new double[2];
    double pl = RewardLoss.bradleyTerry().lossAndGradient(new TrainingExample.Ranking(List.of(X, Y)), new double[] {ra, rb}, g1);
    double bt = RewardLoss.bradleyTerry().lossAndGradient(TrainingExample.Pair.preferring(X, Y), new double[] {ra, rb}, g2);
    assertEquals(bt, pl, 1e-12 * Math.max(1, bt));
    assertEquals(g2[0], g1[0], 1e-12);
    assertEquals(g2[1], g1[1], 1e-12);
  }

  @Property(trials = 100)
  void bradleyTerryLossIsShiftInvariantWithoutCentering(Gen gen) {
    double ra = gen.moderate(20);
    double rb = gen.moderate(20);
    double c = gen.moderate(50);
    double[] g = new double[2];
    RewardLoss loss = new RewardLoss(true, 0);
    var ex = new TrainingExample.Pair(X, Y, gen.doubleIn(0, 1), gen.doubleIn(0, 2));
    double l1 = loss.lossAndGradient(ex, new double[] {ra, rb}, g);
    double l2 = loss.lossAndGradient(ex, new double[] {ra + c, rb + c}, g);
    assertEquals(l1, l2, 1e-9 * Math.max(1, l1));
  }

  @Test
  void correctnessCountsTiesAsWrong() {
    var pair = TrainingExample.Pair.preferring(X, Y);
    assertFalse(RewardLoss.correct(pair, new double[] {1, 1}));
    assertTrue(RewardLoss.correct(pair, new double[] {1.1, 1}));
    assertNull(RewardLoss.correct(new TrainingExample.Pair(X, Y, 0.5, 0), new double[] {1.1, 1}));
    assertFalse(RewardLoss.correct(new TrainingExample.Binary(X, true), new double[] {0}));
  }

  @Test
  void badLabelsAreRefusedWithTheirName() {
    var e = assertThrows(IllegalArgumentException.class, () -> new TrainingExample.Pair(X, Y, 1.5, 0));
    assertTrue(e.getMessage().contains("probabilityA") && e.getMessage().contains("1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TrainingExample.Pair(X, Y, 1, -1));
    assertTrue(e.getMessage().contains("margin"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new TrainingExample.Ranking(List.of(X)));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
  }

  private static TrainingExample randomExample(Gen gen) {
    switch (gen.intIn(0, 3)) {
      case 0:
        return new TrainingExample.Pair(X, Y, gen.doubleIn(0, 1), gen.doubleIn(0, 3));
      case 1:
        return new TrainingExample.Rating(X, gen.doubleIn(0, 1));
      case 2:
        return new TrainingExample.Binary(X, gen.bool());
      default:
        int k = 2 + gen.random().nextInt(5);
        List<FeatureVector> vs = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          vs.add(X);
        }
        return new TrainingExample.Ranking(vs);
    }
  }
}
