package dev.align4j.rewards.train;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.feature.FeatureDimensionException;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.Featurizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A featurised, validated training set: examples whose vectors all have the same dimension, plus the featurizer
 * that produced them (null when the caller featurised by hand).
 *
 * <p>Conversion from core feedback ({@link Builder}): a pairwise comparison becomes a {@link TrainingExample.Pair}
 * with target 1 (A ≻ B), 0 (B ≻ A) or 0.5 (TIE and BOTH_BAD, counted as half a win each as in Chatbot Arena's BT
 * fit), replaced by {@code probabilityA} when soft labels are on and the label has one; its {@code strength} becomes
 * the margin. A rating becomes its value mapped to [0, 1] by the declared scale; a binary label a logistic target; a
 * ranking a Plackett–Luce example.
 *
 * <p>Refused with an {@link IllegalArgumentException} that names the example: a pair whose two completions have the
 * same text (it carries no preference), a rating outside the declared scale or on another scale, a featurizer that
 * returns a vector of another dimension than it declares (a {@link FeatureDimensionException}), and (from
 * {@link FeatureVector}) NaN features.
 */
public final class TrainingSet {
  private final int dimension;
  private final List<TrainingExample> examples;
  private final @Nullable Featurizer featurizer;

  private TrainingSet(int dimension, List<TrainingExample> examples, @Nullable Featurizer featurizer) {
    this.dimension = dimension;
    this.examples = examples;
    this.featurizer = featurizer;
  }

  /**
   * A training set of already featurised examples.
   *
   * @throws IllegalArgumentException when the list is empty or a vector's dimension differs from {@code dimension}
   */
  public static TrainingSet of(int dimension, List<? extends TrainingExample> examples) {
    Require.positive("dimension", dimension);
    Require.nonNull("examples", examples);
    Require.argument(!examples.isEmpty(), "examples must not be empty (a reward model needs data)");
    List<TrainingExample> copy = List.copyOf(examples);
    for (int e = 0; e < copy.size(); e++) {
      TrainingExample ex = copy.get(e);
      for (int i = 0; i < ex.size(); i++) {
        int d = ex.vector(i).dimension();
        Require.argument(d == dimension, "examples[%d].vector(%d).dimension() must be %d, was %d", e, i, dimension, d);
      }
    }
    return new TrainingSet(dimension, copy, null);
  }

  /** A builder that featurises core feedback with {@code featurizer}. */
  public static Builder builder(Featurizer featurizer) {
    return new Builder(featurizer);
  }

  /** The feature dimension. */
  public int dimension() {
    return dimension;
  }

  /** The examples (unmodifiable). */
  public List<TrainingExample> examples() {
    return examples;
  }

  /** The number of examples. */
  public int size() {
    return examples.size();
  }

  /** The featurizer that produced the vectors, or null when they were supplied directly. */
  public @Nullable Featurizer featurizer() {
    return featurizer;
  }

  /**
   * A seeded random split: the first set holds {@code round(size·fraction)} examples (at least one when
   * {@code fraction > 0}), the second the rest (at least one). Returns {@code [holdOut, rest]}.
   */
  public List<TrainingSet> split(double fraction, RandomGenerator random) {
    Require.inOpenRange("fraction", fraction, 0.0, 1.0);
    Require.argument(examples.size() >= 2, "a split needs at least 2 examples, had %d", examples.size());
    List<TrainingExample> shuffled = new ArrayList<>(examples);
    for (int i = shuffled.size() - 1; i > 0; i--) {
      Collections.swap(shuffled, i, random.nextInt(i + 1));
    }
    int k = (int) Math.max(1, Math.min(shuffled.size() - 1, Math.round(shuffled.size() * fraction)));
    return List.of(
        new TrainingSet(dimension, List.copyOf(shuffled.subList(0, k)), featurizer),
        new TrainingSet(dimension, List.copyOf(shuffled.subList(k, shuffled.size())), featurizer));
  }

  @Override
  public String toString() {
    return "TrainingSet[" + examples.size() + " examples, dimension=" + dimension + "]";
  }

  /** Featurises core feedback into a {@link TrainingSet}. */
  public static final class Builder {
    private final Featurizer featurizer;
    private final List<TrainingExample> examples = new ArrayList<>();
    private boolean softLabels = true;
    private @Nullable RatingScale declaredScale;

    private Builder(Featurizer featurizer) {
      this.featurizer = Require.nonNull("featurizer", featurizer);
      Require.positive("featurizer.dimension()", featurizer.dimension());
    }

    /**
     * Use a comparison's {@code probabilityA} as the target when it has one (soft-label BT); default true. When
     * false, only the hard outcome is used.
     */
    public Builder softLabels(boolean softLabels) {
      this.softLabels = softLabels;
      return this;
    }

    /**
     * The rating scale every rating must use; default: the scale of the first rating added. A rating on another
     * scale, or outside this one, is refused.
     */
    public Builder ratingScale(RatingScale scale) {
      this.declaredScale = Require.nonNull("scale", scale);
      return this;
    }

    /** Adds any feedback (dispatches on its kind). */
    public Builder add(Feedback feedback) {
      Require.nonNull("feedback", feedback);
      if (feedback instanceof PairwiseComparison) {
        return addPair((PairwiseComparison) feedback);
      }
      if (feedback instanceof Rating) {
        return addRating((Rating) feedback);
      }
      if (feedback instanceof BinaryLabel) {
        return addBinary((BinaryLabel) feedback);
      }
      return addRanking((Ranking) feedback);
    }

    /** Adds every element of {@code feedback}. */
    public Builder addAll(List<? extends Feedback> feedback) {
      Require.nonNull("feedback", feedback);
      for (Feedback f : feedback) {
        add(f);
      }
      return this;
    }

    /** Adds a pairwise comparison. */
    public Builder addPair(PairwiseComparison c) {
      Require.nonNull("comparison", c);
      String where = "pair[" + examples.size() + "]";
      if (c.a().text().equals(c.b().text())) {
        throw new IllegalArgumentException(where + ": the two completions are identical (\""
            + Require.abbreviate(c.a().text(), 40) + "\"), so the pair carries no preference");
      }
      double target;
      if (softLabels && c.probabilityA() != null) {
        target = c.probabilityA();
      } else {
        target = c.outcome() == Outcome.A ? 1.0 : c.outcome() == Outcome.B ? 0.0 : 0.5;
      }
      double margin = c.strength() == null ? 0.0 : c.strength();
      examples.add(new TrainingExample.Pair(
          vector(where + ".a", c.prompt(), c.a()), vector(where + ".b", c.prompt(), c.b()), target, margin));
      return this;
    }

    /** Adds a rating; its value is mapped to [0, 1] by the declared scale. */
    public Builder addRating(Rating r) {
      Require.nonNull("rating", r);
      String where = "rating[" + examples.size() + "]";
      if (declaredScale == null) {
        declaredScale = r.scale();
      }
      Require.argument(r.scale().equals(declaredScale), "%s: scale must be the declared %s, was %s", where,
          declaredScale, r.scale());
      Require.argument(declaredScale.contains(r.value()), "%s: value must be in [%s, %s], was %s", where,
          declaredScale.min(), declaredScale.max(), r.value());
      examples.add(new TrainingExample.Rating(vector(where, r.prompt(), r.completion()),
          declaredScale.normalize(r.value())));
      return this;
    }

    /** Adds a binary label. */
    public Builder addBinary(BinaryLabel b) {
      Require.nonNull("label", b);
      examples.add(new TrainingExample.Binary(
          vector("binary[" + examples.size() + "]", b.prompt(), b.completion()), b.desirable()));
      return this;
    }

    /** Adds a ranking. */
    public Builder addRanking(Ranking r) {
      Require.nonNull("ranking", r);
      String where = "ranking[" + examples.size() + "]";
      List<FeatureVector> vs = new ArrayList<>();
      List<Completion> ranked = r.ranked();
      for (int i = 0; i < ranked.size(); i++) {
        vs.add(vector(where + "[" + i + "]", r.prompt(), ranked.get(i)));
      }
      examples.add(new TrainingExample.Ranking(vs));
      return this;
    }

    private FeatureVector vector(String where, Prompt prompt, Completion completion) {
      return FeatureDimensionException.requireDeclared(featurizer, featurizer.featurize(prompt, completion), where);
    }

    /**
     * Builds the set.
     *
     * @throws IllegalArgumentException when nothing was added
     */
    public TrainingSet build() {
      Require.argument(!examples.isEmpty(), "feedback must not be empty (a reward model needs data)");
      return new TrainingSet(featurizer.dimension(), List.copyOf(examples), featurizer);
    }
  }
}
