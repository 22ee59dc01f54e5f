package dev.align4j.policies;

import dev.align4j.core.Policy;
import dev.align4j.core.ReferenceMixingPolicy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.ValueHeadPolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.math.StableMath;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.AdamW;
import dev.align4j.core.train.Checkpointable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * A log-linear (softmax) policy over a candidate set: {@code π_θ(y | x) = exp(θ·φ(x, y)) / Σ_{y'∈Y(x)} exp(θ·φ(x, y'))}
 * with features φ from a {@link CandidateFeaturizer} and candidates Y(x) from a {@link CandidateSource}. It is the
 * reranking / response-selection policy: exact, convex in θ for the log-likelihood, and fast enough to run thousands
 * of optimiser steps in a unit test.
 *
 * <p>A completion is one "token" for this policy: {@link #logProbs(Prompt, Completion)} returns a single value,
 * {@code log π(y | x)}, so a sequence objective sees the exact choice probability. Completions are matched to
 * candidates by text; asking about a completion that is not a candidate is an {@link IllegalArgumentException}.
 *
 * <p>The gradient of {@code log π(y_c | x)} is {@code φ(x, y_c) − E_{y∼π}[φ(x, y)]}; {@link Forward#backward(double[])}
 * accumulates it scaled by the given {@code ∂loss/∂log π}. {@link #step(double)} applies {@link AdamW} to θ and to the
 * value head. The batch methods are core's defaults (a loop in index order on the caller's thread); the forward pass
 * overrides the per-sequence and in-place backward forms, which read the single value without an intermediate array.
 *
 * <p>Value head ({@link ValueHeadPolicy}, for PPO): {@code V(x) = w·φ̄(x) + b} with {@code φ̄(x)} the mean feature
 * vector of the candidates of x. Both {@code w} and {@code b} start at 0.
 *
 * <p>Sampling: the logits are divided by the temperature, then top-k and top-p truncate the distribution;
 * {@code maxTokens} does not apply (a candidate is one choice). The sampled completion carries its log-probability
 * under the untempered policy as its single token log-prob.
 *
 * <p>Not thread-safe: gradients accumulate in the instance. Frozen copies are immutable and thread-safe.
 */
public final class LogLinearPolicy
    implements ValueHeadPolicy, ReferenceMixingPolicy, Checkpointable {
  private static final int STATE_MAGIC = 0x4c4c5031; // "LLP1"

  private final CandidateFeaturizer featurizer;
  private final CandidateSource candidates;
  private final int dimension;
  private final double[] theta;
  private final double[] value; // w (dimension) then bias
  private final double[] gradTheta;
  private final double[] gradValue;
  private final AdamW optimizer;

  private LogLinearPolicy(Builder b) {
    this.featurizer = Require.nonNull("featurizer", b.featurizer);
    this.candidates = Require.nonNull("candidates", b.candidates);
    this.dimension = b.dimension;
    double @Nullable [] init = b.initialParameters;
    this.theta = init == null ? new double[dimension] : init.clone();
    this.value = new double[dimension + 1];
    this.gradTheta = new double[dimension];
    this.gradValue = new double[dimension + 1];
    this.optimizer = b.optimizer.freshCopy();
  }

  /** A builder; {@link Builder#featurizer}, {@link Builder#candidates} and {@link Builder#dimension} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The feature dimension d. */
  public int dimension() {
    return dimension;
  }

  /** A copy of θ. */
  public double[] parameters() {
    return theta.clone();
  }

  /** A copy of the value head {@code [w..., b]}. */
  public double[] valueHeadParameters() {
    return value.clone();
  }

  /** The candidate set of {@code prompt}, validated (non-empty, distinct non-empty texts). */
  public List<Completion> candidates(Prompt prompt) {
    return Scorer.candidatesOf(candidates, prompt);
  }

  /** The policy's probabilities over {@link #candidates(Prompt)}, in the same order. */
  public double[] distribution(Prompt prompt) {
    Scorer.Scored s = scorer().score(prompt);
    double[] p = new double[s.logProbs.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(s.logProbs[i]);
    }
    return p;
  }

  /** The most likely candidate (ties: the first). */
  public Completion mostLikely(Prompt prompt) {
    Scorer.Scored s = scorer().score(prompt);
    int best = 0;
    for (int i = 1; i < s.logProbs.length; i++) {
      if (s.logProbs[i] > s.logProbs[best]) {
        best = i;
      }
    }
    return s.candidates.get(best);
  }

  private Scorer scorer() {
    return new Scorer(featurizer, candidates, dimension, theta);
  }

  @Override
  public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
    return scorer().sample(prompt, parameters, random);
  }

  @Override
  public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
    Scorer.Scored s = scorer().score(prompt);
    return new TokenLogProbs(new double[] {s.logProbs[s.indexOf(completion)]});
  }

  @Override
  public ValueForward forward(Prompt prompt, Completion completion) {
    return forwardWithValues(prompt, completion);
  }

  @Override
  public ValueForward forwardWithValues(Prompt prompt, Completion completion) {
    Scorer.Scored s = scorer().score(prompt);
    int chosen = s.indexOf(completion);
    double[] meanFeature = new double[dimension];
    double[] expected = new double[dimension];
    for (int i = 0; i < s.features.length; i++) {
      double p = Math.exp(s.logProbs[i]);
      for (int j = 0; j < dimension; j++) {
        expected[j] += p * s.features[i][j];
        meanFeature[j] += s.features[i][j] / s.features.length;
      }
    }
    double v = value[dimension];
    for (int j = 0; j < dimension; j++) {
      v += value[j] * meanFeature[j];
    }
    double logProb = s.logProbs[chosen];
    double[] chosenFeatures = s.features[chosen];
    double stateValue = v;
    double entropy = 0;
    for (double lp : s.logProbs) {
      entropy -= lp == Double.NEGATIVE_INFINITY ? 0.0 : Math.exp(lp) * lp;
    }
    double choiceEntropy = entropy;
    return new ValueForward() {
      private boolean done;

      @Override
      public TokenLogProbs logProbs() {
        return new TokenLogProbs(new double[] {logProb});
      }

      /** The entropy of the distribution over the candidates, −Σ_i π_i ln π_i (nats; one choice, one "token"). */
      @Override
      public double[] tokenEntropies() {
        return new double[] {choiceEntropy};
      }

      @Override
      public double[] values() {
        return new double[] {stateValue};
      }

      @Override
      public void backward(double[] dLossDTokenLogProbs, double[] dLossDValues) {
        Require.argument(
            dLossDTokenLogProbs.length == 1,
            "dLossDTokenLogProbs must have 1 element (one choice), had %d",
            dLossDTokenLogProbs.length);
        Require.argument(
            dLossDValues.length == 1,
            "dLossDValues must have 1 element (one choice), had %d",
            dLossDValues.length);
        accumulate(dLossDTokenLogProbs[0], dLossDValues[0]);
      }

      // the one-token cases of the batch API, without the defaults' arrays

      @Override
      public void backwardUniform(double dLossDSequenceLogProb) {
        accumulate(Require.finite("dLossDSequenceLogProb", dLossDSequenceLogProb), 0.0);
      }

      @Override
      public void backward(double[] tokenGradients, int offset) {
        Require.finiteSlice("tokenGradients", tokenGradients, offset, 1);
        accumulate(tokenGradients[offset], 0.0);
      }

      @Override
      public void backward(double[] dLossDTokenLogProbs, double[] dLossDValues, int offset) {
        Require.nonNull("dLossDTokenLogProbs", dLossDTokenLogProbs);
        Require.nonNull("dLossDValues", dLossDValues);
        Require.sameLength(
            "dLossDTokenLogProbs", dLossDTokenLogProbs.length, "dLossDValues", dLossDValues.length);
        Require.finiteSlice("dLossDTokenLogProbs", dLossDTokenLogProbs, offset, 1);
        Require.finiteSlice("dLossDValues", dLossDValues, offset, 1);
        accumulate(dLossDTokenLogProbs[offset], dLossDValues[offset]);
      }

      private void accumulate(double g, double gv) {
        Require.argument(!done, "backward may be called once per forward pass");
        done = true;
        for (int j = 0; j < dimension; j++) {
          gradTheta[j] += g * (chosenFeatures[j] - expected[j]);
          gradValue[j] += gv * meanFeature[j];
        }
        gradValue[dimension] += gv;
      }
    };
  }

  @Override
  public void zeroGrad() {
    Arrays.fill(gradTheta, 0.0);
    Arrays.fill(gradValue, 0.0);
  }

  /** A copy of the accumulated gradient of θ (for tests and diagnostics). */
  public double[] gradient() {
    return gradTheta.clone();
  }

  @Override
  public double step(double learningRate) {
    return optimizer.step(
        new double[][] {theta, value}, new double[][] {gradTheta, gradValue}, learningRate);
  }

  @Override
  public long stepCount() {
    return optimizer.stepCount();
  }

  @Override
  public long parameterCount() {
    return theta.length + value.length;
  }

  @Override
  public Policy frozenCopy() {
    return new Frozen(new Scorer(featurizer, candidates, dimension, theta.clone()));
  }

  @Override
  public Policy frozenMixture(Policy reference, double alpha) {
    Require.inClosedRange("alpha", alpha, 0.0, 1.0);
    Require.argument(
        reference instanceof Frozen,
        "reference must be a frozen copy of a LogLinearPolicy, was %s",
        reference.getClass().getName());
    double[] ref = ((Frozen) reference).scorer.theta;
    Require.argument(
        ref.length == dimension,
        "reference must have the policy's shape: policy dimension %d, reference dimension %d",
        dimension,
        ref.length);
    double[] mixed = new double[dimension];
    for (int j = 0; j < dimension; j++) {
      mixed[j] = alpha * theta[j] + (1 - alpha) * ref[j];
    }
    return new Frozen(new Scorer(featurizer, candidates, dimension, mixed));
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(STATE_MAGIC);
    out.writeInt(dimension);
    for (double t : theta) {
      out.writeDouble(t);
    }
    for (double w : value) {
      out.writeDouble(w);
    }
    optimizer.writeState(out);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    int magic = in.readInt();
    Require.argument(
        magic == STATE_MAGIC,
        "state must be a LogLinearPolicy state (magic 0x%08x), was 0x%08x",
        STATE_MAGIC,
        magic);
    int d = in.readInt();
    Require.argument(
        d == dimension, "state must have dimension %d like this policy, had %d", dimension, d);
    double[] t = new double[d];
    double[] w = new double[d + 1];
    for (int j = 0; j < d; j++) {
      t[j] = in.readDouble();
    }
    for (int j = 0; j <= d; j++) {
      w[j] = in.readDouble();
    }
    Require.allFinite("theta", t);
    Require.allFinite("valueHead", w);
    AdamW restored = optimizer.freshCopy();
    restored.readState(in);
    // everything validated: now replace
    System.arraycopy(t, 0, theta, 0, d);
    System.arraycopy(w, 0, value, 0, d + 1);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    restored.writeState(new DataOutputStream(buffer));
    optimizer.readState(new DataInputStream(new ByteArrayInputStream(buffer.toByteArray())));
    zeroGrad();
  }

  @Override
  public String toString() {
    return "LogLinearPolicy[dimension=" + dimension + ", steps=" + optimizer.stepCount() + "]";
  }

  /** A frozen log-linear policy (a reference); immutable. */
  private static final class Frozen implements Policy, Checkpointable {
    private final Scorer scorer;

    Frozen(Scorer scorer) {
      this.scorer = scorer;
    }

    @Override
    public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      return scorer.sample(prompt, parameters, random);
    }

    @Override
    public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      Scorer.Scored s = scorer.score(prompt);
      return new TokenLogProbs(new double[] {s.logProbs[s.indexOf(completion)]});
    }

    @Override
    public void writeState(DataOutput out) throws IOException {
      out.writeInt(STATE_MAGIC + 1);
      out.writeInt(scorer.theta.length);
      for (double t : scorer.theta) {
        out.writeDouble(t);
      }
    }

    @Override
    public void readState(DataInput in) throws IOException {
      int magic = in.readInt();
      Require.argument(
          magic == STATE_MAGIC + 1,
          "state must be a frozen LogLinearPolicy state, magic was 0x%08x",
          magic);
      int d = in.readInt();
      Require.argument(
          d == scorer.theta.length, "state must have dimension %d, had %d", scorer.theta.length, d);
      double[] t = new double[d];
      for (int j = 0; j < d; j++) {
        t[j] = in.readDouble();
      }
      Require.allFinite("theta", t);
      System.arraycopy(t, 0, scorer.theta, 0, d);
    }

    @Override
    public String toString() {
      return "LogLinearPolicy.Frozen[dimension=" + scorer.theta.length + "]";
    }
  }

  /** Scores candidates under a parameter vector. */
  private static final class Scorer {
    final CandidateFeaturizer featurizer;
    final CandidateSource source;
    final int dimension;
    final double[] theta;

    Scorer(CandidateFeaturizer featurizer, CandidateSource source, int dimension, double[] theta) {
      this.featurizer = featurizer;
      this.source = source;
      this.dimension = dimension;
      this.theta = theta;
    }

    static List<Completion> candidatesOf(CandidateSource source, Prompt prompt) {
      Require.nonNull("prompt", prompt);
      List<Completion> list = source.candidates(prompt);
      if (list == null || list.isEmpty()) {
        throw new IllegalArgumentException(
            "candidates of prompt \""
                + Require.abbreviate(prompt.text(), 60)
                + "\" must not be empty");
      }
      if (list.size() <= 16) {
        for (int i = 0; i < list.size(); i++) {
          String t = list.get(i).text();
          Require.argument(
              !t.isEmpty(), "candidates must have non-empty texts, found an empty one");
          for (int j = 0; j < i; j++) {
            if (t.equals(list.get(j).text())) {
              throw duplicate(t);
            }
          }
        }
      } else {
        Set<String> seen = new HashSet<>();
        for (Completion c : list) {
          Require.argument(
              !c.text().isEmpty(), "candidates must have non-empty texts, found an empty one");
          if (!seen.add(c.text())) {
            throw duplicate(c.text());
          }
        }
      }
      return list;
    }

    static IllegalArgumentException duplicate(String text) {
      return new IllegalArgumentException(
          "candidates must have distinct texts, \""
              + Require.abbreviate(text, 60)
              + "\" appears twice");
    }

    Scored score(Prompt prompt) {
      List<Completion> list = candidatesOf(source, prompt);
      double[][] features = new double[list.size()][];
      double[] logits = new double[list.size()];
      for (int i = 0; i < features.length; i++) {
        double[] f = featurizer.features(prompt, list.get(i));
        if (f == null || f.length != dimension) {
          throw new IllegalArgumentException(
              "featurizer must return "
                  + dimension
                  + " features, returned "
                  + (f == null ? "null" : String.valueOf(f.length))
                  + " for candidate \""
                  + Require.abbreviate(list.get(i).text(), 60)
                  + "\"");
        }
        features[i] = f;
        double s = 0;
        for (int j = 0; j < dimension; j++) {
          if (!Double.isFinite(f[j])) {
            throw new IllegalArgumentException(
                "features of candidate \""
                    + Require.abbreviate(list.get(i).text(), 40)
                    + "\"["
                    + j
                    + "] must be finite, was "
                    + f[j]);
          }
          s += theta[j] * f[j];
        }
        logits[i] = s;
      }
      double lse = StableMath.logSumExp(logits);
      double[] logProbs = new double[logits.length];
      for (int i = 0; i < logits.length; i++) {
        logProbs[i] = Math.min(0.0, logits[i] - lse);
      }
      return new Scored(list, features, logits, logProbs);
    }

    Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      Require.nonNull("parameters", parameters);
      Require.nonNull("random", random);
      Scored s = score(prompt);
      int k = s.logits.length;
      double[] tempered = new double[k];
      for (int i = 0; i < k; i++) {
        tempered[i] = s.logits[i] / parameters.temperature();
      }
      Integer[] order = new Integer[k];
      for (int i = 0; i < k; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> Double.compare(tempered[b], tempered[a]));
      int keep = parameters.topK() > 0 ? Math.min(parameters.topK(), k) : k;
      double lse = StableMath.logSumExp(tempered);
      if (parameters.topP() < 1.0) {
        double mass = 0;
        int n = 0;
        while (n < keep) {
          mass += Math.exp(tempered[order[n]] - lse);
          n++;
          if (mass >= parameters.topP()) {
            break;
          }
        }
        keep = n;
      }
      double[] kept = new double[keep];
      for (int i = 0; i < keep; i++) {
        kept[i] = tempered[order[i]];
      }
      double keptLse = StableMath.logSumExp(kept);
      double u = random.nextDouble();
      int pick = order[keep - 1];
      double cumulative = 0;
      for (int i = 0; i < keep; i++) {
        cumulative += Math.exp(kept[i] - keptLse);
        if (u < cumulative) {
          pick = order[i];
          break;
        }
      }
      return new Completion(s.candidates.get(pick).text(), null, new double[] {s.logProbs[pick]});
    }

    /** Candidates, features, logits and log-probabilities of one prompt. */
    static final class Scored {
      final List<Completion> candidates;
      final double[][] features;
      final double[] logits;
      final double[] logProbs;

      Scored(List<Completion> candidates, double[][] features, double[] logits, double[] logProbs) {
        this.candidates = candidates;
        this.features = features;
        this.logits = logits;
        this.logProbs = logProbs;
      }

      int indexOf(Completion completion) {
        Require.nonNull("completion", completion);
        String text = completion.text();
        for (int i = 0; i < candidates.size(); i++) {
          if (candidates.get(i).text().equals(text)) {
            return i;
          }
        }
        throw new IllegalArgumentException(
            "completion must be one of the "
                + candidates.size()
                + " candidates of the prompt, was \""
                + Require.abbreviate(text, 60)
                + "\"");
      }
    }
  }

  /** Configures a {@link LogLinearPolicy}. */
  public static final class Builder {
    private @Nullable CandidateFeaturizer featurizer;
    private @Nullable CandidateSource candidates;
    private int dimension;
    private double @Nullable [] initialParameters;
    private AdamW optimizer = AdamW.builder().build();

    private Builder() {}

    /** The featurizer φ (required). */
    public Builder featurizer(CandidateFeaturizer featurizer) {
      this.featurizer = Require.nonNull("featurizer", featurizer);
      return this;
    }

    /** The candidate source Y(x) (required). */
    public Builder candidates(CandidateSource candidates) {
      this.candidates = Require.nonNull("candidates", candidates);
      return this;
    }

    /** The feature dimension d &gt; 0 (required). */
    public Builder dimension(int dimension) {
      this.dimension = Require.positive("dimension", dimension);
      return this;
    }

    /** The initial θ (default all zeros: the uniform policy); length must equal the dimension. */
    public Builder initialParameters(double[] theta) {
      this.initialParameters =
          Require.allFinite("initialParameters", Require.nonNull("theta", theta)).clone();
      return this;
    }

    /** The optimiser's hyper-parameters (default {@code AdamW.builder().build()}); its moments are not shared. */
    public Builder optimizer(AdamW optimizer) {
      this.optimizer = Require.nonNull("optimizer", optimizer);
      return this;
    }

    /** Builds the policy. */
    public LogLinearPolicy build() {
      Require.argument(featurizer != null, "featurizer must be set");
      Require.argument(candidates != null, "candidates must be set");
      Require.argument(dimension > 0, "dimension must be set to a value > 0");
      double @Nullable [] init = initialParameters;
      if (init != null) {
        Require.sameLength("initialParameters", init.length, "dimension", dimension);
      }
      return new LogLinearPolicy(this);
    }
  }
}
