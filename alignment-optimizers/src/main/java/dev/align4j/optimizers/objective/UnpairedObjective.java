package dev.align4j.optimizers.objective;

/**
 * An objective over unpaired, binary-labelled completions (KTO, APO-zero unpaired, BCO, NPO): a pure function of
 * log-probabilities that returns the mean loss, per-example losses and the exact gradient of the mean loss with
 * respect to the policy log-probabilities. Create one with a typed builder ({@link KtoLoss#builder()},
 * {@link BcoLoss#builder()}, {@link NpoLoss#builder()}) or from TRL-style strings with
 * {@link UnpairedObjectives#create(String, java.util.Map)}.
 */
@FunctionalInterface
public interface UnpairedObjective {
  /** Evaluates the objective on {@code batch}. */
  UnpairedResult evaluate(UnpairedBatch batch);
}
