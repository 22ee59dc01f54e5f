package dev.align4j.rewards.train;

import dev.align4j.core.math.StableMath;
import dev.align4j.rewards.feature.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Pairs of Gaussian feature vectors labelled by a known Bradley–Terry model with label noise. */
final class SyntheticPreferences {
  final double[] trueWeights;
  final List<TrainingExample.Pair> hard = new ArrayList<>();
  final List<TrainingExample.Pair> soft = new ArrayList<>();
  /** The true P(a ≻ b) of each pair. */
  final List<Double> truth = new ArrayList<>();

  SyntheticPreferences(int dimension, int pairs, double weightScale, long seed, double[] weights) {
    SplittableRandom r = new SplittableRandom(seed);
    trueWeights = weights;
    for (int n = 0; n < pairs; n++) {
      float[] a = new float[dimension];
      float[] b = new float[dimension];
      double diff = 0;
      for (int i = 0; i < dimension; i++) {
        a[i] = (float) r.nextGaussian();
        b[i] = (float) r.nextGaussian();
        diff += trueWeights[i] * (a[i] - b[i]);
      }
      double p = StableMath.sigmoid(diff);
      boolean aWins = r.nextDouble() < p;
      FeatureVector va = FeatureVector.dense(a);
      FeatureVector vb = FeatureVector.dense(b);
      hard.add(new TrainingExample.Pair(va, vb, aWins ? 1 : 0, 0));
      soft.add(new TrainingExample.Pair(va, vb, p, 0));
      truth.add(p);
    }
  }

  static double[] randomWeights(int dimension, double scale, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] w = new double[dimension];
    for (int i = 0; i < dimension; i++) {
      w[i] = scale * r.nextGaussian();
    }
    return w;
  }

  /** Accuracy of a score function's ordering against the (noisy) hard labels. */
  static double accuracy(List<TrainingExample.Pair> pairs, java.util.function.ToDoubleFunction<FeatureVector> score) {
    int ok = 0;
    for (TrainingExample.Pair p : pairs) {
      double d = score.applyAsDouble(p.a()) - score.applyAsDouble(p.b());
      boolean aPreferred = p.probabilityA() > 0.5;
      if (aPreferred ? d > 0 : d < 0) {
        ok++;
      }
    }
    return (double) ok / pairs.size();
  }

  static double dot(double[] w, FeatureVector x) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      s += w[i] * x.get(i);
    }
    return s;
  }
}
