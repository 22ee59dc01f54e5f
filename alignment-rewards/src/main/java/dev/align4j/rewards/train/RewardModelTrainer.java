package dev.align4j.rewards.train;

import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.train.AdamW;
import dev.align4j.rewards.feature.FeatureVector;
import dev.align4j.rewards.feature.Featurizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.model.HeadArchitecture;
import dev.align4j.rewards.model.RewardHead;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link RewardHead} on a {@link TrainingSet} by minimising the mean {@link RewardLoss} plus an L2 penalty
 * {@code (λ/2)·‖θ‖²} over all parameters, with {@link OptimizerSettings.AdamW} (shuffled mini-batches) or
 * {@link OptimizerSettings.Lbfgs} (full batch). A seeded random share of the set is held out for validation; after
 * every epoch the validation loss is measured, the best parameters are kept, and training stops once the validation
 * loss has not improved for {@code patience} epochs (early stopping). Progress goes to a {@link TrainingListener}
 * and to slf4j at DEBUG.
 *
 * <p>Deterministic: the same set, settings and seed give bit-identical parameters (one thread, the caller's). Any
 * mixture of example kinds may be trained together (e.g. pairs and ratings), each contributing its own loss.
 *
 * <pre>{@code
 * RewardModelTrainer trainer = RewardModelTrainer.builder()
 *     .optimizer(OptimizerSettings.adamW().withLearningRate(0.05))
 *     .epochs(20).centerRewardsCoefficient(0.01).seed(7).build();
 * FeatureRewardModel rm = trainer.train(featurizer, preferences).requireModel();
 * }</pre>
 *
 * <p>Defaults (this library's, for a head on fixed features; TRL's {@code RewardTrainer} defaults are for fine-tuning
 * a whole LLM and do not carry over): linear head, AdamW with learning rate 3e-3 and PyTorch's other defaults
 * (betas 0.9/0.999, eps 1e-8, weight decay 0.01), batch size 64, at most 100 epochs with early stopping on a 10 %
 * validation split (patience 3), L2 0, margins on, centering off (TRL's default; 0.01 is TRL's recommended value),
 * seed 42. The optimiser settings, batch size and epoch budget were chosen by measurement on vocabulary-level text
 * preferences with the default {@code HashedNGramFeaturizer} (module README, "Defaults"): they reach the accuracy
 * of an exact L2-regularised logistic regression on word counts within 1 point, and the run ends by early stopping,
 * not by the epoch budget.
 */
public final class RewardModelTrainer {
  private static final Logger LOG = LoggerFactory.getLogger(RewardModelTrainer.class);

  private final HeadArchitecture architecture;
  private final OptimizerSettings optimizer;
  private final RewardLoss loss;
  private final double l2;
  private final int epochs;
  private final int batchSize;
  private final double validationFraction;
  private final int patience;
  private final long seed;
  private final boolean softLabels;
  private final TrainingListener listener;

  private RewardModelTrainer(Builder b) {
    this.architecture = b.architecture;
    this.optimizer = b.optimizer;
    this.loss = new RewardLoss(b.useMargin, b.centerCoefficient);
    this.l2 = b.l2;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.validationFraction = b.validationFraction;
    this.patience = b.patience;
    this.seed = b.seed;
    this.softLabels = b.softLabels;
    this.listener = b.listener;
  }

  /** A builder with the defaults listed in the class comment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The loss being minimised (without the L2 term). */
  public RewardLoss loss() {
    return loss;
  }

  /** Featurises {@code feedback} with {@code featurizer} (see {@link TrainingSet.Builder}) and trains on it. */
  public TrainingResult train(Featurizer featurizer, List<? extends Feedback> feedback) {
    return train(TrainingSet.builder(featurizer).softLabels(softLabels).addAll(feedback).build());
  }

  /** Trains on {@code set} with the configured seed. */
  public TrainingResult train(TrainingSet set) {
    return train(set, seed);
  }

  /** Trains on {@code set} with another seed (for ensembles of differently initialised or split members). */
  public TrainingResult train(TrainingSet set, long seed) {
    return train(set, seed, null);
  }

  /**
   * Trains with a fixed additive prior (Osband et al. 2018, "Randomized Prior Functions for Deep Reinforcement
   * Learning", NeurIPS): the loss is evaluated on {@code head(x) + prior(x)}, the prior is never trained, and the
   * result holds the trainable head only (the caller scores with {@code head + prior}). Where the data constrain the
   * scores the head learns to correct the prior; where they do not (features never seen in training) the prior's
   * values remain — which is what makes differently drawn priors disagree off-distribution.
   *
   * @param prior a fixed, finite function of the features
   */
  public TrainingResult trainWithPrior(
      TrainingSet set, long seed, ToDoubleFunction<FeatureVector> prior) {
    return train(set, seed, Require.nonNull("prior", prior));
  }

  private TrainingResult train(
      TrainingSet set, long seed, @Nullable ToDoubleFunction<FeatureVector> prior) {
    Require.nonNull("set", set);
    RandomGenerator random = new SplittableRandom(seed);
    List<TrainingExample> train;
    List<TrainingExample> valid;
    if (validationFraction > 0) {
      Require.argument(
          set.size() >= 2,
          "set must hold at least 2 examples when validationFraction > 0 (was %d); set validationFraction(0)",
          set.size());
      List<TrainingSet> parts = set.split(validationFraction, random);
      valid = parts.get(0).examples();
      train = parts.get(1).examples();
    } else {
      valid = List.of();
      train = set.examples();
    }
    int dimension = set.dimension();
    float[] params = new float[architecture.parameterCount(dimension)];
    architecture.initialize(params, dimension, random);
    Run run = new Run(dimension, params.length);
    run.prior = prior;
    List<TrainingProgress> history = new ArrayList<>();
    float[] best = params.clone();
    int bestEpoch = 0;
    boolean stoppedEarly;
    if (optimizer instanceof OptimizerSettings.AdamW) {
      stoppedEarly =
          adamW(
              (OptimizerSettings.AdamW) optimizer,
              train,
              valid,
              params,
              best,
              run,
              random,
              history);
    } else {
      stoppedEarly =
          lbfgs((OptimizerSettings.Lbfgs) optimizer, train, valid, params, best, run, history);
    }
    bestEpoch = history.isEmpty() ? 0 : history.get(history.size() - 1).bestEpoch();
    float[] kept = valid.isEmpty() ? params : best;
    RewardHead head = new RewardHead(architecture, dimension, kept);
    Featurizer f = set.featurizer();
    FeatureRewardModel model = f == null ? null : new FeatureRewardModel(f, head);
    return new TrainingResult(head, model, history, bestEpoch, stoppedEarly);
  }

  /**
   * Evaluates a trained head on a set: {@code [mean loss (without L2), share of decisive examples scored right]}. The
   * share is NaN when the set holds no decisive example (only ratings or 0.5-labelled pairs).
   */
  public double[] evaluate(TrainingSet set, RewardHead head) {
    Require.nonNull("set", set);
    Require.nonNull("head", head);
    Require.argument(
        set.dimension() == head.inputDimension(),
        "set.dimension() must be %d, was %d",
        head.inputDimension(),
        set.dimension());
    Run run = new Run(set.dimension(), head.parameters().length);
    double l = run.pass(set.examples(), null, 0, set.size(), head.parameters(), null);
    return new double[] {l, run.accuracy()};
  }

  private boolean adamW(
      OptimizerSettings.AdamW s,
      List<TrainingExample> train,
      List<TrainingExample> valid,
      float[] params,
      float[] best,
      Run run,
      RandomGenerator random,
      List<TrainingProgress> history) {
    int n = train.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    int p = params.length;
    float[] grad = new float[p];
    float[] m = new float[p];
    float[] v = new float[p];
    long t = 0;
    Stopper stopper = new Stopper();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int tmp = order[i];
        order[i] = order[j];
        order[j] = tmp;
      }
      double lossSum = 0;
      for (int from = 0; from < n; from += batchSize) {
        int to = Math.min(n, from + batchSize);
        Arrays.fill(grad, 0f);
        double batchLoss = run.pass(train, order, from, to, params, grad);
        lossSum += (batchLoss + l2Term(params, grad)) * (to - from);
        t++;
        // decay on every parameter, no clipping
        AdamW.FloatUpdate.of(
                s.learningRate(), s.beta1(), s.beta2(), s.epsilon(), s.weightDecay(), t, 1.0)
            .apply(params, grad, m, v, 0, p);
      }
      if (stopper.afterEpoch(epoch, lossSum / n, valid, params, best, run, history)) {
        return true;
      }
    }
    return false;
  }

  private boolean lbfgs(
      OptimizerSettings.Lbfgs s,
      List<TrainingExample> train,
      List<TrainingExample> valid,
      float[] params,
      float[] best,
      Run run,
      List<TrainingProgress> history) {
    int p = params.length;
    int n = train.size();
    float[] grad = new float[p];
    double f = fullLoss(train, params, grad, run);
    double[][] sHist = new double[s.history()][];
    double[][] yHist = new double[s.history()][];
    double[] rho = new double[s.history()];
    int stored = 0;
    int head = 0;
    double[] d = new double[p];
    double[] alpha = new double[s.history()];
    float[] trial = new float[p];
    float[] trialGrad = new float[p];
    Stopper stopper = new Stopper();
    for (int epoch = 1; epoch <= epochs; epoch++) {
      if (maxAbs(grad) < s.gradientTolerance()) {
        stopper.afterEpoch(epoch, f, valid, params, best, run, history);
        return true;
      }
      for (int i = 0; i < p; i++) {
        d[i] = -grad[i];
      }
      for (int k = 0; k < stored; k++) {
        int idx = Math.floorMod(head - 1 - k, s.history());
        alpha[idx] = rho[idx] * dot(sHist[idx], d);
        axpy(-alpha[idx], yHist[idx], d);
      }
      if (stored > 0) {
        int last = Math.floorMod(head - 1, s.history());
        double gamma = dot(sHist[last], yHist[last]) / dot(yHist[last], yHist[last]);
        for (int i = 0; i < p; i++) {
          d[i] *= gamma;
        }
      }
      for (int k = stored - 1; k >= 0; k--) {
        int idx = Math.floorMod(head - 1 - k, s.history());
        double beta = rho[idx] * dot(yHist[idx], d);
        axpy(alpha[idx] - beta, sHist[idx], d);
      }
      double gd = 0;
      for (int i = 0; i < p; i++) {
        gd += grad[i] * d[i];
      }
      if (!(gd < 0)) {
        stored = 0;
        gd = 0;
        for (int i = 0; i < p; i++) {
          d[i] = -grad[i];
          gd -= (double) grad[i] * grad[i];
        }
      }
      double step = stored == 0 ? Math.min(1.0, 1.0 / Math.sqrt(-gd)) : 1.0;
      double fNew = Double.NaN;
      boolean accepted = false;
      for (int ls = 0; ls < 40; ls++) {
        for (int i = 0; i < p; i++) {
          trial[i] = (float) (params[i] + step * d[i]);
        }
        Arrays.fill(trialGrad, 0f);
        fNew = fullLoss(train, trial, trialGrad, run);
        if (Double.isFinite(fNew) && fNew <= f + 1e-4 * step * gd) {
          accepted = true;
          break;
        }
        step *= 0.5;
      }
      if (!accepted) {
        stopper.afterEpoch(epoch, f, valid, params, best, run, history);
        return true;
      }
      double[] sv = new double[p];
      double[] yv = new double[p];
      double sy = 0;
      for (int i = 0; i < p; i++) {
        sv[i] = (double) trial[i] - params[i];
        yv[i] = (double) trialGrad[i] - grad[i];
        sy += sv[i] * yv[i];
      }
      if (sy > 1e-12) {
        sHist[head] = sv;
        yHist[head] = yv;
        rho[head] = 1.0 / sy;
        head = (head + 1) % s.history();
        stored = Math.min(stored + 1, s.history());
      }
      System.arraycopy(trial, 0, params, 0, p);
      System.arraycopy(trialGrad, 0, grad, 0, p);
      double previous = f;
      f = fNew;
      if (stopper.afterEpoch(epoch, f, valid, params, best, run, history)) {
        return true;
      }
      if (Math.abs(previous - f) <= 1e-12 * Math.max(1.0, Math.abs(f))) {
        return true;
      }
    }
    return false;
  }

  private double fullLoss(List<TrainingExample> train, float[] params, float[] grad, Run run) {
    Arrays.fill(grad, 0f);
    return run.pass(train, null, 0, train.size(), params, grad) + l2Term(params, grad);
  }

  /** Adds λ·θ to the gradient and returns (λ/2)·‖θ‖². */
  private double l2Term(float[] params, float[] grad) {
    if (l2 == 0) {
      return 0;
    }
    double sq = 0;
    float lam = (float) l2;
    for (int i = 0; i < params.length; i++) {
      sq += (double) params[i] * params[i];
      grad[i] += lam * params[i];
    }
    return 0.5 * l2 * sq;
  }

  private static double maxAbs(float[] g) {
    double m = 0;
    for (float x : g) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double alpha, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += alpha * x[i];
    }
  }

  /** Validation, best-parameter tracking, early stopping, listener and logging after each epoch. */
  private final class Stopper {
    private double bestLoss = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int sinceBest;

    boolean afterEpoch(
        int epoch,
        double trainLoss,
        List<TrainingExample> valid,
        float[] params,
        float[] best,
        Run run,
        List<TrainingProgress> history) {
      if (!Double.isFinite(trainLoss)) {
        throw new IllegalStateException(
            "training diverged at epoch "
                + epoch
                + " (training loss "
                + trainLoss
                + "); lower the learning rate or add L2");
      }
      @Nullable Double vLoss = null;
      @Nullable Double vAcc = null;
      boolean stop = false;
      if (!valid.isEmpty()) {
        double vl = run.pass(valid, null, 0, valid.size(), params, null);
        vLoss = vl;
        vAcc = run.decisive > 0 ? run.accuracy() : null;
        if (bestEpoch == 0 || vl < bestLoss - 1e-9 * Math.max(1.0, Math.abs(bestLoss))) {
          bestLoss = vl;
          bestEpoch = epoch;
          sinceBest = 0;
          System.arraycopy(params, 0, best, 0, params.length);
        } else {
          sinceBest++;
          stop = sinceBest >= patience;
        }
      } else {
        bestEpoch = epoch;
      }
      TrainingProgress progress =
          new TrainingProgress(epoch, epochs, trainLoss, vLoss, vAcc, bestEpoch);
      history.add(progress);
      LOG.debug("reward training {}", progress);
      listener.onEpoch(progress);
      return stop;
    }
  }

  /** Reusable buffers of one training run. */
  private final class Run {
    double[] scores = new double[8];
    double[] dScores = new double[8];
    float[][] workspaces = new float[8][];
    int correct;
    int decisive;
    @Nullable ToDoubleFunction<FeatureVector> prior;

    Run(int dimension, int parameterCount) {
      for (int i = 0; i < workspaces.length; i++) {
        workspaces[i] = new float[architecture.workspaceSize()];
      }
    }

    double accuracy() {
      return decisive == 0 ? Double.NaN : (double) correct / decisive;
    }

    private void ensure(int k) {
      if (k > scores.length) {
        int old = workspaces.length;
        scores = new double[k];
        dScores = new double[k];
        workspaces = Arrays.copyOf(workspaces, k);
        for (int i = old; i < k; i++) {
          workspaces[i] = new float[architecture.workspaceSize()];
        }
      }
    }

    /**
     * The mean loss over {@code examples[order[from..to)]} (identity order when null); when {@code grad} is not
     * null, adds the gradient of that mean to it.
     */
    double pass(
        List<TrainingExample> examples,
        int @Nullable [] order,
        int from,
        int to,
        float[] params,
        float @Nullable [] grad) {
      correct = 0;
      decisive = 0;
      double sum = 0;
      double scale = 1.0 / (to - from);
      for (int e = from; e < to; e++) {
        TrainingExample ex = examples.get(order == null ? e : order[e]);
        int k = ex.size();
        ensure(k);
        for (int i = 0; i < k; i++) {
          scores[i] = architecture.forward(params, ex.vector(i), workspaces[i]);
          if (prior != null) {
            scores[i] += prior.applyAsDouble(ex.vector(i));
          }
        }
        sum += loss.lossAndGradient(ex, scores, dScores);
        Boolean ok = RewardLoss.correct(ex, scores);
        if (ok != null) {
          decisive++;
          if (ok) {
            correct++;
          }
        }
        if (grad != null) {
          for (int i = 0; i < k; i++) {
            if (dScores[i] != 0) {
              architecture.backward(params, ex.vector(i), workspaces[i], dScores[i] * scale, grad);
            }
          }
        }
      }
      return sum * scale;
    }
  }

  /** Configures a {@link RewardModelTrainer}. */
  public static final class Builder {
    private HeadArchitecture architecture = HeadArchitecture.linear();
    private OptimizerSettings optimizer = OptimizerSettings.adamW().withLearningRate(3e-3);
    private boolean useMargin = true;
    private double centerCoefficient = 0.0;
    private double l2 = 0.0;
    private int epochs = 100;
    private int batchSize = 64;
    private double validationFraction = 0.1;
    private int patience = 3;
    private long seed = 42;
    private boolean softLabels = true;
    private TrainingListener listener = TrainingListener.NONE;

    private Builder() {}

    /** The head: {@link HeadArchitecture#linear()} (default) or {@link HeadArchitecture#mlp(int)}. */
    public Builder head(HeadArchitecture architecture) {
      this.architecture = Require.nonNull("architecture", architecture);
      return this;
    }

    /**
     * The optimiser; default {@link OptimizerSettings#adamW()} with learning rate 3e-3 (PyTorch's 1e-3 reached the same
     * accuracy in twice the epochs on text preferences; 1e-2 and above lost accuracy; module README, "Defaults").
     */
    public Builder optimizer(OptimizerSettings optimizer) {
      this.optimizer = Require.nonNull("optimizer", optimizer);
      return this;
    }

    /** Apply pair margins (Llama 2); default true, as TRL does when the data has a margin column. */
    public Builder useMargin(boolean useMargin) {
      this.useMargin = useMargin;
      return this;
    }

    /**
     * TRL's {@code center_rewards_coefficient}: adds {@code c·(r_a + r_b)²} to every pair loss; default 0 (off, as
     * TRL's None); 0.01 is the value TRL recommends.
     */
    public Builder centerRewardsCoefficient(double c) {
      this.centerCoefficient = Require.nonNegative("centerRewardsCoefficient", c);
      return this;
    }

    /** L2 penalty λ ≥ 0 on all parameters, added to the loss as {@code (λ/2)·‖θ‖²}; default 0. */
    public Builder l2(double lambda) {
      this.l2 = Require.nonNegative("l2", lambda);
      return this;
    }

    /**
     * The most epochs (AdamW passes, or L-BFGS iterations), in [1, 1,000,000]; default 100, a budget: with the default
     * validation split, early stopping ends a run first (after 8 to 12 epochs on the measured text preferences).
     */
    public Builder epochs(int epochs) {
      this.epochs = Require.inClosedRange("epochs", epochs, 1, 1_000_000);
      return this;
    }

    /** The AdamW mini-batch size, in [1, 1,000,000]; default 64. Ignored by L-BFGS (full batch). */
    public Builder batchSize(int batchSize) {
      this.batchSize = Require.inClosedRange("batchSize", batchSize, 1, 1_000_000);
      return this;
    }

    /**
     * The share of examples held out for early stopping, in [0, 0.9]; 0 turns early stopping off (and trains for the
     * whole epoch budget on every example). Default 0.1.
     */
    public Builder validationFraction(double fraction) {
      this.validationFraction = Require.inClosedRange("validationFraction", fraction, 0.0, 0.9);
      return this;
    }

    /**
     * Epochs without validation improvement before stopping, ≥ 1; default 3 (patience 2, 3 and 5 kept the same best
     * epoch on the measured text preferences: the validation loss rises steadily once it has passed its minimum).
     */
    public Builder patience(int patience) {
      this.patience = Require.positive("patience", patience);
      return this;
    }

    /** The seed of the split, the shuffles and the initialisation; default 42. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Use soft labels ({@code probabilityA}) when converting feedback; default true. */
    public Builder softLabels(boolean softLabels) {
      this.softLabels = softLabels;
      return this;
    }

    /** The progress listener; default none. */
    public Builder listener(TrainingListener listener) {
      this.listener = Require.nonNull("listener", listener);
      return this;
    }

    /** Builds the trainer. */
    public RewardModelTrainer build() {
      return new RewardModelTrainer(this);
    }
  }
}
