package dev.align4j.rewards.model;

import dev.align4j.core.check.Require;
import dev.align4j.rewards.feature.FeatureVector;

/**
 * A trained reward head: an architecture, the input dimension and a frozen copy of its parameters. Immutable and
 * thread-safe. Scores are in the units the head was trained in (log-odds for Bradley–Terry and binary objectives,
 * the normalised rating for regression).
 */
public final class RewardHead {
  private final HeadArchitecture architecture;
  private final int inputDimension;
  private final float[] parameters;

  /**
   * @param architecture the head's shape
   * @param inputDimension the feature dimension, {@code > 0}
   * @param parameters exactly {@code architecture.parameterCount(inputDimension)} finite values; copied
   */
  public RewardHead(HeadArchitecture architecture, int inputDimension, float[] parameters) {
    this.architecture = Require.nonNull("architecture", architecture);
    this.inputDimension = Require.positive("inputDimension", inputDimension);
    Require.nonNull("parameters", parameters);
    Require.sameLength("parameters", parameters.length, "architecture.parameterCount(inputDimension)",
        architecture.parameterCount(inputDimension));
    for (int i = 0; i < parameters.length; i++) {
      if (!Float.isFinite(parameters[i])) {
        throw new IllegalArgumentException("parameters[" + i + "] must be finite, was " + parameters[i]);
      }
    }
    this.parameters = parameters.clone();
  }

  /** The architecture. */
  public HeadArchitecture architecture() {
    return architecture;
  }

  /** The feature dimension. */
  public int inputDimension() {
    return inputDimension;
  }

  /** A copy of the parameters. */
  public float[] parameters() {
    return parameters.clone();
  }

  /** The parameters without copying, for scoring loops in this module. Callers must not modify the array. */
  float[] parametersView() {
    return parameters;
  }

  /** The score of a feature vector of dimension {@link #inputDimension()}. */
  public double score(FeatureVector x) {
    Require.nonNull("x", x);
    Require.argument(x.dimension() == inputDimension, "x.dimension() must be %d (the head's input dimension), was %d",
        inputDimension, x.dimension());
    return architecture.forward(parameters, x, new float[architecture.workspaceSize()]);
  }

  @Override
  public String toString() {
    return "RewardHead[" + architecture.name() + ", inputDimension=" + inputDimension + ", parameters="
        + parameters.length + "]";
  }
}
