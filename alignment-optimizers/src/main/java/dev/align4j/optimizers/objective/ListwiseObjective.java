package dev.align4j.optimizers.objective;

/**
 * An objective over ranked lists of k ≥ 2 completions (Plackett–Luce DPO, PRO, LiPO-λ, RRHF): a pure function of
 * log-probabilities that returns the mean loss over lists, the loss of each list and the exact gradient of the mean
 * loss with respect to every candidate's policy log-probability. Create one with a typed builder or from strings with
 * {@link ListwiseObjectives#create(String, java.util.Map)}.
 */
@FunctionalInterface
public interface ListwiseObjective {
  /** Evaluates the objective on {@code batch}. */
  ListwiseResult evaluate(ListwiseBatch batch);
}
