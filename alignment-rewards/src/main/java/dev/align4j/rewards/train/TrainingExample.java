package dev.align4j.rewards.train;

import dev.align4j.core.check.Require;
import dev.align4j.rewards.feature.FeatureVector;
import java.util.List;

/**
 * One featurised training example: the feature vectors a loss compares and its label. A closed set matching the
 * feedback shapes of {@code dev.align4j.core.label}: {@link Pair} (pairwise, hard or soft, with an optional margin),
 * {@link Rating} (pointwise regression), {@link Binary} (thumbs up/down) and {@link Ranking} (Plackett–Luce).
 */
public sealed interface TrainingExample
    permits TrainingExample.Pair, TrainingExample.Rating, TrainingExample.Binary, TrainingExample.Ranking {

  /** The number of feature vectors the example scores. */
  int size();

  /** Feature vector {@code i}, {@code 0 <= i < size()}. */
  FeatureVector vector(int i);

  /**
   * A pairwise preference between {@code a} and {@code b}.
   *
   * @param a the first completion's features (the chosen one for a hard label)
   * @param b the second completion's features
   * @param probabilityA the target probability that a is preferred: 1 for a hard "a ≻ b" label, 0.5 for a tie, or a
   *     soft label in [0, 1]
   * @param margin the Llama 2 margin m ≥ 0 that {@code r(a) − r(b)} must exceed (0 for none)
   */
  record Pair(FeatureVector a, FeatureVector b, double probabilityA, double margin) implements TrainingExample {
    /** Validates the label and margin. */
    public Pair {
      Require.nonNull("a", a);
      Require.nonNull("b", b);
      Require.sameLength("a.dimension()", a.dimension(), "b.dimension()", b.dimension());
      Require.probability("probabilityA", probabilityA);
      Require.nonNegative("margin", margin);
    }

    /** A hard preference for {@code chosen} over {@code rejected}, without margin. */
    public static Pair preferring(FeatureVector chosen, FeatureVector rejected) {
      return new Pair(chosen, rejected, 1.0, 0.0);
    }

    @Override
    public int size() {
      return 2;
    }

    @Override
    public FeatureVector vector(int i) {
      return i == 0 ? a : b;
    }
  }

  /**
   * A pointwise rating, regressed with squared error.
   *
   * @param x the features
   * @param target the rating mapped to [0, 1] by its declared scale
   */
  record Rating(FeatureVector x, double target) implements TrainingExample {
    /** Validates the target. */
    public Rating {
      Require.nonNull("x", x);
      Require.inClosedRange("target", target, 0.0, 1.0);
    }

    @Override
    public int size() {
      return 1;
    }

    @Override
    public FeatureVector vector(int i) {
      return x;
    }
  }

  /**
   * A binary label, fitted with the logistic loss (the score is the log-odds of "desirable").
   *
   * @param x the features
   * @param desirable true for thumbs up
   */
  record Binary(FeatureVector x, boolean desirable) implements TrainingExample {
    /** Validates. */
    public Binary {
      Require.nonNull("x", x);
    }

    @Override
    public int size() {
      return 1;
    }

    @Override
    public FeatureVector vector(int i) {
      return x;
    }
  }

  /**
   * A ranking from best to worst, fitted with the Plackett–Luce negative log-likelihood.
   *
   * @param rankedBestFirst at least two feature vectors, best first; copied
   */
  record Ranking(List<FeatureVector> rankedBestFirst) implements TrainingExample {
    /** Validates and copies. */
    public Ranking {
      rankedBestFirst = List.copyOf(Require.nonNull("rankedBestFirst", rankedBestFirst));
      Require.argument(rankedBestFirst.size() >= 2, "rankedBestFirst must hold at least 2 vectors, had %d",
          rankedBestFirst.size());
      int d = rankedBestFirst.get(0).dimension();
      for (int i = 1; i < rankedBestFirst.size(); i++) {
        Require.argument(rankedBestFirst.get(i).dimension() == d,
            "rankedBestFirst[%d].dimension() must be %d, was %d", i, d, rankedBestFirst.get(i).dimension());
      }
    }

    @Override
    public int size() {
      return rankedBestFirst.size();
    }

    @Override
    public FeatureVector vector(int i) {
      return rankedBestFirst.get(i);
    }
  }
}
