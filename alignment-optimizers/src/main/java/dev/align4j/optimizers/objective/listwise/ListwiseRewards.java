package dev.align4j.optimizers.objective.listwise;

import dev.align4j.optimizers.objective.ListwiseBatch;
import java.util.LinkedHashMap;

/** The shared reward metrics of the listwise objectives, computed from one reward per candidate. */
final class ListwiseRewards {
  private ListwiseRewards() {}

  /** Adds {@code rewards/chosen}, {@code rewards/rejected}, {@code rewards/margins}, {@code rewards/accuracies}. */
  static LinkedHashMap<String, Double> metrics(ListwiseBatch batch, double[] rewards) {
    int[] sizes = batch.listSizes();
    double best = 0;
    double worst = 0;
    long pairs = 0;
    long correct = 0;
    int start = 0;
    for (int size : sizes) {
      best += rewards[start];
      worst += rewards[start + size - 1];
      for (int i = start; i < start + size; i++) {
        for (int j = i + 1; j < start + size; j++) {
          if (batch.strictlyBetter(i, j)) {
            pairs++;
            correct += rewards[i] > rewards[j] ? 1 : 0;
          }
        }
      }
      start += size;
    }
    int n = sizes.length;
    LinkedHashMap<String, Double> m = new LinkedHashMap<>();
    m.put("rewards/chosen", best / n);
    m.put("rewards/rejected", worst / n);
    m.put("rewards/margins", (best - worst) / n);
    if (pairs > 0) {
      m.put("rewards/accuracies", (double) correct / pairs);
    }
    return m;
  }
}
