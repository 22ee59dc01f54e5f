package dev.align4j.feedback.agreement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.feedback.agreement.KrippendorffAlpha.Metric;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AgreementTest {
  private static final double NA = Double.NaN;

  @Test
  void cohenKappaMatchesTheTextbookExample() {
    // 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 → p_o = 0.7, p_e = 0.5, κ = 0.4
    int[] a = new int[50];
    int[] b = new int[50];
    int i = 0;
    for (int k = 0; k < 20; k++, i++) {
      a[i] = 1;
      b[i] = 1;
    }
    for (int k = 0; k < 5; k++, i++) {
      a[i] = 1;
    }
    for (int k = 0; k < 10; k++, i++) {
      b[i] = 1;
    }
    assertEquals(0.4, CohenKappa.of(a, b, 2), 1e-12);
  }

  @Test
  void weightedKappaMatchesHandComputedValues() {
    int[] r1 = {0, 0, 1, 1, 2, 2, 2, 0, 1, 2};
    int[] r2 = {0, 1, 1, 2, 2, 2, 1, 0, 0, 2};
    // p_o = 0.6, marginals (0.3, 0.3, 0.4) for both raters → p_e = 0.34 → κ = 0.26 / 0.66
    assertEquals(0.26 / 0.66, CohenKappa.of(r1, r2, 3), 1e-12);
    assertEquals(0.5555555555555556, CohenKappa.weighted(r1, r2, 3, Weighting.LINEAR), 1e-12);
    assertEquals(0.7101449275362319, CohenKappa.weighted(r1, r2, 3, Weighting.QUADRATIC), 1e-12);
  }

  @Test
  void kappaEdgeCasesAndBadInput() {
    assertEquals(1.0, CohenKappa.of(new int[] {1, 1, 1}, new int[] {1, 1, 1}, 2), "single shared category");
    assertEquals(-1.0, CohenKappa.of(new int[] {0, 1, 0, 1}, new int[] {1, 0, 1, 0}, 2), 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CohenKappa.of(new int[] {0, 3}, new int[] {0, 1}, 2));
    assertTrue(e.getMessage().contains("rater1[1]") && e.getMessage().contains("3"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CohenKappa.of(new int[] {0}, new int[] {0, 1}, 2));
  }

  @Test
  void fleissKappaMatchesTheWikipediaExample() {
    int[][] counts = {
      {0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
      {7, 7, 0, 0, 0}, {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7}
    };
    // P̄ = 0.378, P̄_e = 0.213, κ ≈ 0.210
    assertEquals(0.20993070442195522, FleissKappa.of(counts), 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FleissKappa.of(new int[][] {{1, 1}, {2, 1}}));
    assertTrue(e.getMessage().contains("counts[1]"), e.getMessage());
  }

  @Test
  void fleissEqualsCohenStyleAgreementWhenAllAgree() {
    assertEquals(1.0, FleissKappa.of(new int[][] {{3, 0}, {0, 3}, {3, 0}}), 1e-12);
  }

  @Test
  void krippendorffAlphaMatchesThePublishedExample() {
    // Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 observers × 12 units, missing data
    double[][] data = {
      {1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA},
      {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3},
      {NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA},
      {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA}
    };
    assertEquals(0.743421052632, KrippendorffAlpha.of(data, Metric.NOMINAL), 1e-9, "NLTK test_advanced");
    assertEquals(0.815, KrippendorffAlpha.of(data, Metric.ORDINAL), 5e-4);
    assertEquals(0.849, KrippendorffAlpha.of(data, Metric.INTERVAL), 5e-4);
    assertEquals(0.797, KrippendorffAlpha.of(data, Metric.RATIO), 5e-4);
  }

  @Test
  void krippendorffAlphaMatchesNltksSmallCases() {
    // NLTK test_easy: dress1 YES/NO/NO, dress2 YES/NO, dress3 only one rating
    double[][] easy = {{1, 1, NA}, {0, 0, NA}, {0, NA, 0}};
    assertEquals(-1.0 / 3, KrippendorffAlpha.of(easy, Metric.NOMINAL), 1e-12);
    // NLTK test_easy3: expected disagreement 0 → α = 1
    assertEquals(1.0, KrippendorffAlpha.of(new double[][] {{1, 2}, {1, NA}}, Metric.NOMINAL), 1e-12);
    // NLTK TestMissingValues: every present rating agrees
    double[][] missing = {{1, 1, 2}, {1, 1, NA}, {NA, 1, 2}};
    assertEquals(1.0, KrippendorffAlpha.of(missing, Metric.NOMINAL), 1e-12);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> KrippendorffAlpha.of(new double[][] {{1, -2}, {1, 2}}, Metric.RATIO));
    assertTrue(e.getMessage().contains("data[0][1]"), e.getMessage());
  }

  @Test
  void bootstrapIntervalsAreDeterministicAndContainTheEstimate() {
    int[] r1 = new int[80];
    int[] r2 = new int[80];
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < r1.length; i++) {
      r1[i] = r.nextInt(3);
      r2[i] = r.nextDouble() < 0.7 ? r1[i] : r.nextInt(3);
    }
    ConfidenceInterval a = CohenKappa.withInterval(r1, r2, 3, Weighting.NONE, 300, 0.95, new SplittableRandom(1));
    ConfidenceInterval b = CohenKappa.withInterval(r1, r2, 3, Weighting.NONE, 300, 0.95, new SplittableRandom(1));
    assertEquals(a, b);
    assertTrue(a.contains(a.estimate()), a.toString());
    assertTrue(a.upper() - a.lower() > 0.05 && a.upper() - a.lower() < 0.6, a.toString());
    ConfidenceInterval narrow = CohenKappa.withInterval(r1, r2, 3, Weighting.NONE, 300, 0.5, new SplittableRandom(1));
    assertTrue(narrow.upper() - narrow.lower() < a.upper() - a.lower());
  }

  @Property(trials = 100)
  void kappa_is_symmetric_in_raters_and_at_most_one(Gen gen) {
    int n = gen.intIn(2, 40);
    int k = gen.intIn(2, 5);
    int[] a = new int[n];
    int[] b = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = gen.intIn(0, k - 1);
      b[i] = gen.bool() ? a[i] : gen.intIn(0, k - 1);
    }
    for (Weighting w : Weighting.values()) {
      double ab = CohenKappa.weighted(a, b, k, w);
      double ba = CohenKappa.weighted(b, a, k, w);
      if (Double.isNaN(ab)) {
        continue;
      }
      assertEquals(ab, ba, 1e-12);
      assertTrue(ab <= 1 + 1e-12);
    }
    assertEquals(1.0, CohenKappa.of(a, a, k), 1e-12);
  }

  @Property(trials = 100)
  void alpha_of_two_complete_raters_equals_one_for_identical_data_and_is_at_most_one(Gen gen) {
    int n = gen.intIn(2, 30);
    double[][] d = new double[3][n];
    for (int u = 0; u < n; u++) {
      double v = gen.intIn(1, 5);
      for (int r = 0; r < 3; r++) {
        d[r][u] = gen.uniform(0, 1) < 0.2 ? NA : (gen.bool() ? v : gen.intIn(1, 5));
      }
    }
    for (Metric m : Metric.values()) {
      double a = KrippendorffAlpha.of(d, m);
      assertTrue(Double.isNaN(a) || a <= 1 + 1e-12, m + " " + a);
    }
    double[][] same = {d[0].clone(), d[0].clone()};
    double a = KrippendorffAlpha.of(same, Metric.INTERVAL);
    assertTrue(Double.isNaN(a) || Math.abs(a - 1) < 1e-12, "identical raters: " + a);
  }
}
