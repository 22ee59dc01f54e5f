package dev.align4j.feedback.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AggregationTest {
  @Test
  void majorityVoteWithSoftLabelsSupportAndASeededOrderIndependentTiePolicy() {
    List<Annotation> as = new ArrayList<>(List.of(
        new Annotation("i1", "w1", 0), new Annotation("i1", "w2", 0), new Annotation("i1", "w3", 1),
        new Annotation("i2", "w1", 0), new Annotation("i2", "w2", 1)));
    for (int i = 0; i < 50; i++) {
      as.add(new Annotation("t" + i, "w1", 0));
      as.add(new Annotation("t" + i, "w2", 1));
    }
    Map<String, AggregatedLabel> m = WeightedMajorityVote.majority(2, TiePolicy.seeded(17)).aggregate(as);
    assertEquals(0, m.get("i1").label());
    assertEquals(2.0 / 3, m.get("i1").probability(0), 1e-12);
    assertEquals(3, m.get("i1").support());
    assertEquals(0.5, m.get("i2").probability(1), 1e-12);
    List<Annotation> shuffled = new ArrayList<>(as);
    Collections.shuffle(shuffled, new java.util.Random(3));
    Map<String, AggregatedLabel> m2 = WeightedMajorityVote.majority(2, TiePolicy.seeded(17)).aggregate(shuffled);
    long zeros = 0;
    for (int i = 0; i < 50; i++) {
      assertEquals(m.get("t" + i).label(), m2.get("t" + i).label(), "tie break must not depend on order");
      zeros += m.get("t" + i).label() == 0 ? 1 : 0;
    }
    assertTrue(zeros > 10 && zeros < 40, "seeded ties are spread, zeros = " + zeros);
    assertEquals(TiePolicy.NO_LABEL, WeightedMajorityVote.majority(2, TiePolicy.abstain()).aggregate(as)
        .get("i2").label());
    assertEquals(0, WeightedMajorityVote.majority(2, TiePolicy.lowestLabel()).aggregate(as).get("i2").label());
  }

  @Test
  void weightedMajorityLetsASkilledAnnotatorOutvoteTwo() {
    List<Annotation> as = List.of(new Annotation("x", "expert", 1), new Annotation("x", "n1", 0),
        new Annotation("x", "n2", 0));
    AggregatedLabel l = WeightedMajorityVote.weighted(2, Map.of("expert", 3.0), 1.0, TiePolicy.lowestLabel())
        .aggregate(as).get("x");
    assertEquals(1, l.label());
    assertEquals(0.6, l.probability(1), 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WeightedMajorityVote.weighted(2, Map.of("a", -1.0), 1, TiePolicy.lowestLabel()));
    assertTrue(e.getMessage().contains("weights[a]"), e.getMessage());
  }

  @Test
  void dawidSkeneRecoversSimulatedConfusionMatrices() {
    // three classes; annotators with known confusion matrices; 600 items, each labelled by all five
    double[][][] truth = {
      {{0.9, 0.05, 0.05}, {0.05, 0.9, 0.05}, {0.05, 0.05, 0.9}},
      {{0.7, 0.2, 0.1}, {0.1, 0.8, 0.1}, {0.2, 0.1, 0.7}},
      {{0.6, 0.3, 0.1}, {0.3, 0.6, 0.1}, {0.1, 0.1, 0.8}},
      {{0.34, 0.33, 0.33}, {0.33, 0.34, 0.33}, {0.33, 0.33, 0.34}},
      {{0.1, 0.8, 0.1}, {0.8, 0.1, 0.1}, {0.1, 0.1, 0.8}} // swaps classes 0 and 1
    };
    SplittableRandom r = new SplittableRandom(12);
    List<Annotation> as = new ArrayList<>();
    int[] gold = new int[600];
    for (int i = 0; i < gold.length; i++) {
      gold[i] = r.nextInt(3);
      for (int w = 0; w < truth.length; w++) {
        double u = r.nextDouble();
        double[] row = truth[w][gold[i]];
        int l = u < row[0] ? 0 : u < row[0] + row[1] ? 1 : 2;
        as.add(new Annotation("item" + i, "w" + w, l));
      }
    }
    DawidSkeneResult fit = DawidSkene.of(3).fit(as);
    assertTrue(fit.converged(), "iterations " + fit.iterations());
    for (int w = 0; w < truth.length; w++) {
      double[][] est = fit.confusion().get("w" + w);
      for (int k = 0; k < 3; k++) {
        for (int l = 0; l < 3; l++) {
          assertEquals(truth[w][k][l], est[k][l], 0.07, "w" + w + " π[" + k + "][" + l + "]");
        }
      }
    }
    int correct = 0;
    for (int i = 0; i < gold.length; i++) {
      correct += fit.labels().get("item" + i).label() == gold[i] ? 1 : 0;
    }
    assertTrue(correct > 0.93 * gold.length, "accuracy " + correct);
    for (int i = 1; i < fit.logLikelihoods().size(); i++) {
      assertTrue(fit.logLikelihoods().get(i) >= fit.logLikelihoods().get(i - 1) - 1e-6, "EM must not decrease");
    }
    assertTrue(fit.accuracy("w0") > fit.accuracy("w3"));
    // majority vote is fooled more than DS here
    Map<String, AggregatedLabel> mv = WeightedMajorityVote.majority(3, TiePolicy.seeded(0)).aggregate(as);
    int mvCorrect = 0;
    for (int i = 0; i < gold.length; i++) {
      mvCorrect += mv.get("item" + i).label() == gold[i] ? 1 : 0;
    }
    assertTrue(correct > mvCorrect, "DS " + correct + " vs MV " + mvCorrect);
  }

  @Test
  void oneCoinDawidSkeneEstimatesOneAccuracyPerAnnotator() {
    double[] acc = {0.95, 0.8, 0.6};
    SplittableRandom r = new SplittableRandom(8);
    List<Annotation> as = new ArrayList<>();
    for (int i = 0; i < 800; i++) {
      int g = r.nextInt(2);
      for (int w = 0; w < acc.length; w++) {
        as.add(new Annotation("i" + i, "w" + w, r.nextDouble() < acc[w] ? g : 1 - g));
      }
    }
    DawidSkeneResult fit = DawidSkene.of(2).oneCoin().fit(as);
    for (int w = 0; w < acc.length; w++) {
      double[][] pi = fit.confusion().get("w" + w);
      assertEquals(acc[w], pi[0][0], 0.04);
      assertEquals(pi[0][0], pi[1][1], 1e-12, "one coin: same accuracy for every class");
      assertEquals(1 - pi[0][0], pi[0][1], 1e-12);
    }
  }

  @Test
  void bradleyTerryMatchesTheClosedFormForTwoSystems() {
    // A beats B 3 times, B beats A once: MLE θ_A − θ_B = ln 3
    List<PairOutcome> os = List.of(PairOutcome.win("A", "B"), PairOutcome.win("A", "B"), PairOutcome.win("A", "B"),
        PairOutcome.win("B", "A"));
    BradleyTerry.Result res = BradleyTerry.standard().withPrior(0).withBootstrap(0, 0.95, 0).fit(os);
    assertEquals(Math.log(3), res.rating("A").theta() - res.rating("B").theta(), 1e-8);
    assertEquals(0.75, res.probability("A", "B"), 1e-8);
    assertEquals(400 * Math.log10(3), res.rating("A").elo() - res.rating("B").elo(), 1e-6);
    assertEquals(1000.0, (res.rating("A").elo() + res.rating("B").elo()) / 2, 1e-6);
    // a tie counts half a win each: 3.5 vs 1.5
    BradleyTerry.Result t = BradleyTerry.standard().withPrior(0).withBootstrap(0, 0.95, 0)
        .fit(List.of(PairOutcome.win("A", "B"), PairOutcome.win("A", "B"), PairOutcome.win("A", "B"),
            PairOutcome.win("B", "A"), PairOutcome.tie("A", "B")));
    assertEquals(Math.log(3.5 / 1.5), t.rating("A").theta() - t.rating("B").theta(), 1e-8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BradleyTerry.standard().withPrior(0).fit(List.of(PairOutcome.win("A", "B"))));
    assertTrue(e.getMessage().contains("must win at least once"), e.getMessage());
  }

  @Test
  void bradleyTerryRecoversTheOrderWithBootstrapIntervals() {
    double[] theta = {1.0, 0.4, 0.0, -0.8};
    SplittableRandom r = new SplittableRandom(21);
    List<PairOutcome> os = new ArrayList<>();
    for (int n = 0; n < 3000; n++) {
      int i = r.nextInt(4);
      int j = r.nextInt(3);
      j = j >= i ? j + 1 : j;
      boolean iWins = r.nextDouble() < 1 / (1 + Math.exp(theta[j] - theta[i]));
      os.add(iWins ? PairOutcome.win("s" + i, "s" + j) : PairOutcome.win("s" + j, "s" + i));
    }
    BradleyTerry.Result res = BradleyTerry.standard().withBootstrap(100, 0.95, 3).fit(os);
    assertEquals(List.of("s0", "s1", "s2", "s3"), res.ratings().stream().map(BradleyTerry.SystemRating::system)
        .toList());
    double mean = 0.15;
    for (int i = 0; i < 4; i++) {
      BradleyTerry.SystemRating sr = res.rating("s" + i);
      assertEquals(theta[i] - mean, sr.theta(), 0.15, "s" + i);
      assertTrue(sr.eloInterval().contains(sr.elo()));
      assertTrue(sr.eloInterval().upper() - sr.eloInterval().lower() < 120, sr.eloInterval().toString());
    }
    BradleyTerry.Result again = BradleyTerry.standard().withBootstrap(100, 0.95, 3).fit(os);
    assertEquals(res, again, "seeded bootstrap is reproducible");
  }

  @Property(trials = 60)
  void bradley_terry_mle_satisfies_the_score_equations(Gen gen) {
    // at the MLE, each system's observed wins equal its expected wins Σ_j n_ij σ(θ_i − θ_j)
    int m = gen.intIn(2, 5);
    List<PairOutcome> os = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      for (int j = i + 1; j < m; j++) {
        os.add(PairOutcome.win("s" + i, "s" + j));
        os.add(PairOutcome.win("s" + j, "s" + i));
        int extra = gen.intIn(0, 6);
        for (int e = 0; e < extra; e++) {
          os.add(gen.bool() ? PairOutcome.win("s" + i, "s" + j) : PairOutcome.tie("s" + i, "s" + j));
        }
      }
    }
    BradleyTerry.Result res = BradleyTerry.standard().withPrior(0).withBootstrap(0, 0.9, 0).fit(os);
    for (int i = 0; i < m; i++) {
      String s = "s" + i;
      double observed = 0;
      double expected = 0;
      for (PairOutcome o : os) {
        if (o.first().equals(s)) {
          observed += o.scoreFirst();
          expected += res.probability(s, o.second());
        } else if (o.second().equals(s)) {
          observed += 1 - o.scoreFirst();
          expected += res.probability(s, o.first());
        }
      }
      assertEquals(observed, expected, 1e-6, s);
    }
  }

  @Test
  void softLabelsKeepTheirSupport() {
    Provenance p = Provenance.human("h", Instant.EPOCH);
    PairwiseComparison a = new PairwiseComparison(Prompt.of("q"), Completion.of("a"), Completion.of("b"), Outcome.A,
        null, null, Presentation.A_FIRST, p);
    PairwiseComparison tie = new PairwiseComparison(Prompt.of("q"), Completion.of("a"), Completion.of("b"),
        Outcome.TIE, null, null, Presentation.A_FIRST, p);
    SoftLabel three = SoftLabel.of(List.of(a, a, a), 0, 0);
    assertEquals(1.0, three.probabilityA());
    assertEquals(3, three.support());
    SoftLabel smoothed = SoftLabel.of(List.of(a, a, tie), 1, 1);
    assertEquals((2.5 + 1) / 5, smoothed.probabilityA(), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> SoftLabel.of(List.of(), 0, 0));
  }

  @Test
  void softLabelsReadEveryLabelInTheFirstLabelsOrderByContent() {
    Provenance p = Provenance.human("h", Instant.EPOCH);
    Prompt q = Prompt.of("q");
    Completion x = Completion.of("x");
    Completion y = Completion.of("y");
    PairwiseComparison xWinsInOrder = new PairwiseComparison(q, x, y, Outcome.A, null, null, Presentation.A_FIRST, p);
    PairwiseComparison yWinsStoredFirst = PairwiseComparison.preferring(q, y, x, p); // A = y
    PairwiseComparison tieSwapped = new PairwiseComparison(q, y, x, Outcome.TIE, null, null, Presentation.A_FIRST, p);
    // x (A of the first label) wins 1 + ½ of 3: p̂ = 1.5 / 3
    assertEquals(0.5, SoftLabel.of(List.of(xWinsInOrder, yWinsStoredFirst, tieSwapped), 0, 0).probabilityA(), 1e-15);
    // y first: y wins 1 + ½ of 3, with a Beta(1, 1) prior: (1.5 + 1) / 5
    assertEquals(0.5, SoftLabel.of(List.of(yWinsStoredFirst, xWinsInOrder, tieSwapped), 1, 1).probabilityA(), 1e-15);
    assertEquals(2.0 / 3, SoftLabel.of(List.of(yWinsStoredFirst, yWinsStoredFirst, xWinsInOrder), 0, 0)
        .probabilityA(), 1e-15);
    assertEquals(1.0 / 3, SoftLabel.of(List.of(xWinsInOrder, yWinsStoredFirst, yWinsStoredFirst), 0, 0)
        .probabilityA(), 1e-15);
    PairwiseComparison other = PairwiseComparison.preferring(q, x, Completion.of("z"), p);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> SoftLabel.of(List.of(xWinsInOrder, other), 0, 0));
    assertEquals("labels[1] must be about the same pair as labels[0]: the comparison must compare the answers \"x\" "
        + "and \"y\" (in either order), it compared \"x\" (A) and \"z\" (B)", e.getMessage());
  }
}
