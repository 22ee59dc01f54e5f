package dev.align4j.optimizers.monitor;

import dev.align4j.core.StepMetrics;
import dev.align4j.core.check.Require;
import dev.align4j.core.eval.GaoOverOptimizationFit;
import dev.align4j.core.eval.GaoOverOptimizationFit.Form;
import dev.align4j.core.eval.HealthSignal;
import dev.align4j.core.eval.HealthStatus;
import dev.align4j.core.train.Checkpointable;
import dev.align4j.optimizers.optimizer.MetricsListener;
import dev.align4j.optimizers.optimizer.TrainingLoop;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a training run through the metrics every optimiser emits ({@link MetricsListener}: add it to any optimiser's
 * builder) and reports its health to the rollout gate ({@link HealthSignal}). After each step it derives the
 * {@link TrainingSignals} — smoothed {@code frac_reward_zero_std}, clip fraction, KL (k1 and k3) against its trailing
 * history, entropy, completion length against its reference, the dominant reward component's variance share, the
 * share of samples a reward model could not score, and,
 * with a {@link GoldReward}, the gold reward, its peak, the proxy–gold gap and Gao et al.'s over-optimisation curve
 * fitted online to (d = sqrt(KL), gold gain) — and checks every {@link HealthRule}.
 *
 * <p>When a rule starts firing the monitor records a {@link RuleFiring} (step, rule, code, action, reason, evidence,
 * clock time), logs it and acts: {@link RuleAction#WARN} only records; {@link RuleAction#LOWER_LEARNING_RATE} and
 * {@link RuleAction#RAISE_KL_COEFFICIENT} scale the {@link AdjustableLearningRate} / {@link AdjustableKlController}
 * given to the builder (without one the firing is recorded as a warning and says so);
 * {@link RuleAction#STOP} marks the run FAILED and throws {@link TrainingStoppedException} from {@link #onStep} (the
 * step is complete; the optimiser's caller sees the exception). A rule that keeps firing is one firing until it falls
 * quiet.
 *
 * <p>Last healthy state: with {@link Builder#keepHealthyState}, after every step on which no rule fires the policy's
 * state is snapshotted in memory; {@link #restoreLastHealthy()} puts it back.
 *
 * <p>Status ({@link #status()}, source {@code "training_health"}): FAILED with the first STOP firing's code once one
 * fired; else WARNING with the latest firing's code; else HEALTHY. Thread-safe: every method synchronises on the
 * monitor, so the gate may read the status from another thread.
 */
public final class TrainingHealthMonitor implements MetricsListener, HealthSignal {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingHealthMonitor.class);

  /** The {@link HealthStatus#source()} of this signal. */
  public static final String SOURCE = "training_health";

  private final List<HealthRule> rules;
  private final int window;
  private final int baselineSteps;
  private final int klHistory;
  private final String lengthMetric;
  private final double referenceLength;
  private final @Nullable GoldReward gold;
  private final int goldEvery;
  private final @Nullable AdjustableLearningRate learningRate;
  private final double learningRateFactor;
  private final @Nullable AdjustableKlController klController;
  private final double klFactor;
  private final @Nullable Checkpointable policy;
  private final Clock clock;

  private final ArrayDeque<Double> rewards = new ArrayDeque<>();
  private final ArrayDeque<Double> zeroStd = new ArrayDeque<>();
  private final ArrayDeque<Double> clips = new ArrayDeque<>();
  private final ArrayDeque<Double> kls = new ArrayDeque<>();
  private final ArrayDeque<Double> klTrail = new ArrayDeque<>();
  private final ArrayDeque<Double> entropies = new ArrayDeque<>();
  private final ArrayDeque<Double> lengths = new ArrayDeque<>();
  private final ArrayDeque<Double> abstentions = new ArrayDeque<>();
  private final Map<String, ArrayDeque<Double>> shares = new LinkedHashMap<>();
  private final List<Double> baselineLengths = new ArrayList<>();
  private final List<Double> baselineEntropies = new ArrayList<>();
  private final GaoOverOptimizationFit.Accumulator goldCurve =
      new GaoOverOptimizationFit.Accumulator(Form.RL);
  private @Nullable OverOptimizationCurve curve;
  private final List<TrainingSignals> history = new ArrayList<>();
  private final List<RuleFiring> firings = new ArrayList<>();
  private final Set<String> active = new HashSet<>();
  private double latestGold = Double.NaN;
  private double firstGold = Double.NaN;
  private double goldPeak = Double.NaN;
  private long goldPeakStep = -1;
  private double proxyAtGoldPeak = Double.NaN;
  private @Nullable RuleFiring failure;
  private byte @Nullable [] healthyState;
  private long healthyStep = -1;

  private TrainingHealthMonitor(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.window = b.window;
    this.baselineSteps = b.baselineSteps;
    this.klHistory = b.klHistory;
    this.lengthMetric = b.lengthMetric;
    this.referenceLength = b.referenceLength;
    this.gold = b.gold;
    this.goldEvery = b.goldEvery;
    this.learningRate = b.learningRate;
    this.learningRateFactor = b.learningRateFactor;
    this.klController = b.klController;
    this.klFactor = b.klFactor;
    this.policy = b.policy;
    this.clock = b.clock;
  }

  /** A builder with the defaults of {@link HealthRules#defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public synchronized void onStep(StepMetrics metrics) {
    Require.nonNull("metrics", metrics);
    long step = metrics.step();
    double reward = metrics.getOrDefault("reward", Double.NaN);
    push(rewards, reward, window);
    push(zeroStd, metrics.getOrDefault("frac_reward_zero_std", Double.NaN), window);
    double clip =
        metrics.getOrDefault(
            "clip_ratio/region_mean", metrics.getOrDefault("policy/clipfrac_avg", Double.NaN));
    push(clips, clip, window);
    double kl = metrics.getOrDefault("kl", Double.NaN);
    double trailMean = mean(klTrail);
    double trailStd = std(klTrail, trailMean);
    int trailSize = klTrail.size();
    push(kls, kl, window);
    double entropy = metrics.getOrDefault("entropy", Double.NaN);
    push(entropies, entropy, window);
    double length = metrics.getOrDefault(lengthMetric, Double.NaN);
    push(lengths, length, window);
    if (baselineLengths.size() < baselineSteps && Double.isFinite(length)) {
      baselineLengths.add(length);
    }
    if (baselineEntropies.size() < baselineSteps && Double.isFinite(entropy)) {
      baselineEntropies.add(entropy);
    }
    double abstained = metrics.getOrDefault("frac_reward_abstained", Double.NaN);
    if (Double.isNaN(abstained)) {
      for (Map.Entry<String, Double> e : metrics.values().entrySet()) {
        String k = e.getKey();
        if (k.startsWith("rewards/")
            && k.endsWith("/abstention_rate")
            && Double.isFinite(e.getValue())) {
          abstained = Double.isNaN(abstained) ? e.getValue() : Math.max(abstained, e.getValue());
        }
      }
    }
    push(abstentions, abstained, window);
    for (Map.Entry<String, Double> e : metrics.values().entrySet()) {
      String k = e.getKey();
      if (k.startsWith("rewards/") && k.endsWith("/variance_share")) {
        String name = k.substring("rewards/".length(), k.length() - "/variance_share".length());
        push(shares.computeIfAbsent(name, n -> new ArrayDeque<>()), e.getValue(), window);
      }
    }
    String dominant = "";
    double dominantShare = Double.NaN;
    for (Map.Entry<String, ArrayDeque<Double>> e : shares.entrySet()) {
      double m = mean(e.getValue());
      if (Double.isFinite(m) && (Double.isNaN(dominantShare) || m > dominantShare)) {
        dominant = e.getKey();
        dominantShare = m;
      }
    }
    double rewardSmoothed = mean(rewards);
    double klSmoothed = mean(kls);
    double d = Double.isFinite(klSmoothed) ? Math.sqrt(Math.max(0, klSmoothed)) : Double.NaN;
    OverOptimizationCurve curve = observeGold(step, d, rewardSmoothed);
    TrainingSignals signals =
        new TrainingSignals(
            step,
            reward,
            rewardSmoothed,
            mean(zeroStd),
            mean(clips),
            kl,
            metrics.getOrDefault("kl/k3", Double.NaN),
            klSmoothed,
            trailMean,
            trailStd,
            trailSize,
            mean(entropies),
            baselineEntropies.size() == baselineSteps ? mean(baselineEntropies) : Double.NaN,
            mean(lengths),
            Double.isFinite(referenceLength)
                ? referenceLength
                : (baselineLengths.size() == baselineSteps ? mean(baselineLengths) : Double.NaN),
            dominant,
            dominantShare,
            mean(abstentions),
            latestGold,
            goldPeak,
            goldPeakStep,
            proxyAtGoldPeak,
            d,
            curve);
    if (Double.isFinite(kl)) {
      push(klTrail, kl, klHistory);
    }
    history.add(signals);
    RuleFiring stop = null;
    boolean anyFiring = false;
    for (HealthRule rule : rules) {
      HealthRule.Finding f = rule.check(signals);
      if (f == null) {
        active.remove(rule.name());
        continue;
      }
      anyFiring = true;
      if (!active.add(rule.name())) {
        continue; // still firing: one firing until it falls quiet
      }
      RuleFiring firing = act(step, rule, f);
      firings.add(firing);
      if (rule.action() == RuleAction.STOP && stop == null) {
        stop = firing;
      }
    }
    if (stop != null) {
      if (failure == null) {
        failure = stop;
      }
      throw new TrainingStoppedException(stop, healthyStep);
    }
    if (!anyFiring && policy != null) {
      healthyState = TrainingLoop.snapshot(policy);
      healthyStep = step;
    }
  }

  private @Nullable OverOptimizationCurve observeGold(long step, double d, double proxy) {
    GoldReward g = gold;
    if (g != null && (step == 1 || step % goldEvery == 0)) {
      double value = Require.finite("gold reward at step " + step, g.evaluate(step));
      latestGold = value;
      if (Double.isNaN(firstGold)) {
        firstGold = value;
      }
      if (Double.isNaN(goldPeak) || value > goldPeak) {
        goldPeak = value;
        goldPeakStep = step;
        proxyAtGoldPeak = proxy;
      }
      if (d > 1e-6) {
        goldCurve.add(d, value - firstGold);
        if (goldCurve.n() >= 3 && goldCurve.canFit()) {
          curve = OverOptimizationCurve.of(goldCurve.fit());
        }
      }
    }
    return curve;
  }

  private RuleFiring act(long step, HealthRule rule, HealthRule.Finding f) {
    RuleAction action = rule.action();
    String reason = f.reason();
    Map<String, Double> evidence = new LinkedHashMap<>(f.evidence());
    if (action == RuleAction.LOWER_LEARNING_RATE) {
      AdjustableLearningRate lr = learningRate;
      if (lr == null) {
        reason += "; no adjustable learning rate was given, nothing lowered";
      } else {
        lr.scale(learningRateFactor);
        evidence.put("learning_rate_factor", lr.factor());
      }
    } else if (action == RuleAction.RAISE_KL_COEFFICIENT) {
      AdjustableKlController k = klController;
      if (k == null) {
        reason += "; no adjustable KL controller was given, nothing raised";
      } else {
        k.scale(klFactor);
        evidence.put("kl_coef", k.coefficient());
      }
    }
    RuleFiring firing =
        new RuleFiring(step, rule.name(), f.code(), action, reason, evidence, clock.instant());
    if (action == RuleAction.STOP) {
      LOG.error("training health: {}", firing.describe());
    } else {
      LOG.warn("training health: {}", firing.describe());
    }
    return firing;
  }

  @Override
  public synchronized HealthStatus status() {
    Instant now = history.isEmpty() ? null : clock.instant();
    RuleFiring f = failure;
    if (f != null) {
      return new HealthStatus(
          SOURCE, HealthStatus.State.FAILED, f.code(), f.describe(), f.evidence(), f.at());
    }
    if (!firings.isEmpty()) {
      RuleFiring last = firings.get(firings.size() - 1);
      return new HealthStatus(
          SOURCE,
          HealthStatus.State.WARNING,
          last.code(),
          last.describe(),
          last.evidence(),
          last.at());
    }
    return HealthStatus.healthy(SOURCE, history.size() + " steps watched, no rule fired", now);
  }

  /** Every firing so far, in order. */
  public synchronized List<RuleFiring> firings() {
    return List.copyOf(firings);
  }

  /** The signals of every step so far, in order. */
  public synchronized List<TrainingSignals> history() {
    return List.copyOf(history);
  }

  /** The step of the last healthy state kept, or −1 (none kept, or no {@link Builder#keepHealthyState}). */
  public synchronized long lastHealthyStep() {
    return healthyStep;
  }

  /**
   * Puts the policy back to the last healthy state kept.
   *
   * @return the step of that state
   * @throws IllegalStateException when no healthy state was kept
   */
  public synchronized long restoreLastHealthy() {
    byte[] state = healthyState;
    Checkpointable p = policy;
    if (state == null || p == null) {
      throw new IllegalStateException(
          "no healthy state was kept (keepHealthyState was "
              + (p == null ? "not set" : "set, but no step was healthy")
              + ")");
    }
    try {
      p.readState(new DataInputStream(new ByteArrayInputStream(state)));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the last healthy state (step " + healthyStep + ") could not be read", e);
    }
    return healthyStep;
  }

  /** The run's report: one line per firing, or that none fired, and the status. */
  public synchronized String report() {
    StringBuilder sb = new StringBuilder();
    sb.append("training health after ")
        .append(history.size())
        .append(" steps: ")
        .append(status().state());
    if (firings.isEmpty()) {
      sb.append(", no rule fired");
    }
    for (RuleFiring f : firings) {
      sb.append(System.lineSeparator()).append("  ").append(f.describe());
    }
    if (healthyStep >= 0) {
      sb.append(System.lineSeparator()).append("  last healthy state: step ").append(healthyStep);
    }
    return sb.toString();
  }

  private static void push(ArrayDeque<Double> q, double v, int capacity) {
    if (!Double.isFinite(v)) {
      return;
    }
    q.addLast(v);
    while (q.size() > capacity) {
      q.removeFirst();
    }
  }

  private static double mean(Iterable<Double> values) {
    double s = 0;
    int n = 0;
    for (double v : values) {
      s += v;
      n++;
    }
    return n == 0 ? Double.NaN : s / n;
  }

  private static double std(ArrayDeque<Double> values, double mean) {
    if (values.size() < 2) {
      return Double.NaN;
    }
    double s = 0;
    for (double v : values) {
      s += (v - mean) * (v - mean);
    }
    return Math.sqrt(s / (values.size() - 1));
  }

  /**
   * Configures a {@link TrainingHealthMonitor}. Defaults: the rules of {@link HealthRules#defaults()}; a smoothing
   * window of 5 steps; the first 5 steps as the length and entropy baseline; a KL history of 20 steps; length metric
   * {@code completions/mean_length} (TRL's, tokens); no gold reward; learning-rate factor 0.5 and KL factor 2
   * (align4j's: halve the step, double the penalty); the system UTC clock.
   */
  public static final class Builder {
    private List<HealthRule> rules = HealthRules.defaults();
    private int window = 5;
    private int baselineSteps = 5;
    private int klHistory = 20;
    private String lengthMetric = "completions/mean_length";
    private double referenceLength = Double.NaN;
    private @Nullable GoldReward gold;
    private int goldEvery = 1;
    private @Nullable AdjustableLearningRate learningRate;
    private double learningRateFactor = 0.5;
    private @Nullable AdjustableKlController klController;
    private double klFactor = 2.0;
    private @Nullable Checkpointable policy;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The rules to check (default {@link HealthRules#defaults()}); names must be distinct. */
    public Builder rules(List<HealthRule> rules) {
      List<HealthRule> copy = List.copyOf(Require.nonNull("rules", rules));
      Set<String> names = new HashSet<>();
      for (HealthRule r : copy) {
        Require.argument(
            names.add(r.name()), "rules must have distinct names, %s appears twice", r.name());
      }
      this.rules = copy;
      return this;
    }

    /** Steps in the smoothing window (default 5). */
    public Builder window(int steps) {
      this.window = Require.positive("window", steps);
      return this;
    }

    /** Steps whose mean length and entropy are the baseline (default 5). */
    public Builder baselineSteps(int steps) {
      this.baselineSteps = Require.positive("baselineSteps", steps);
      return this;
    }

    /** Steps of KL history the spike rule compares against (default 20). */
    public Builder klHistory(int steps) {
      Require.argument(steps >= 2, "klHistory must be >= 2, was %d", steps);
      this.klHistory = steps;
      return this;
    }

    /**
     * The metric that measures completion length (default {@code completions/mean_length}, tokens; the policy-gradient
     * optimiser also emits {@code completions/mean_characters}).
     */
    public Builder lengthMetric(String metric) {
      this.lengthMetric = Require.nonBlank("metric", metric);
      return this;
    }

    /** The reference policy's mean completion length, in the length metric's unit (default: the baseline steps). */
    public Builder referenceLength(double length) {
      Require.argument(
          Double.isFinite(length) && length > 0,
          "referenceLength must be finite and > 0, was %s",
          length);
      this.referenceLength = length;
      return this;
    }

    /** A held-out gold reward, evaluated after step 1 and every {@code every} steps. */
    public Builder goldReward(GoldReward gold, int every) {
      this.gold = Require.nonNull("gold", gold);
      this.goldEvery = Require.positive("every", every);
      return this;
    }

    /** The learning rate the LOWER_LEARNING_RATE action scales, by {@code factor} in (0, 1) (default 0.5). */
    public Builder learningRate(AdjustableLearningRate learningRate, double factor) {
      this.learningRate = Require.nonNull("learningRate", learningRate);
      Require.argument(factor > 0 && factor < 1, "factor must be in (0, 1), was %s", factor);
      this.learningRateFactor = factor;
      return this;
    }

    /** The KL controller the RAISE_KL_COEFFICIENT action scales, by {@code factor} &gt; 1 (default 2). */
    public Builder klController(AdjustableKlController controller, double factor) {
      this.klController = Require.nonNull("controller", controller);
      Require.argument(
          Double.isFinite(factor) && factor > 1, "factor must be finite and > 1, was %s", factor);
      this.klFactor = factor;
      return this;
    }

    /** Snapshots {@code policy}'s state after every healthy step, for {@link #restoreLastHealthy()}. */
    public Builder keepHealthyState(Checkpointable policy) {
      this.policy = Require.nonNull("policy", policy);
      return this;
    }

    /** The clock that stamps firings and statuses (default the system UTC clock). */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull("clock", clock);
      return this;
    }

    /** Builds the monitor. */
    public TrainingHealthMonitor build() {
      return new TrainingHealthMonitor(this);
    }
  }
}
