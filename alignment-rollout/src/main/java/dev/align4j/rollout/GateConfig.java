package dev.align4j.rollout;

import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.guardrail.Precondition;
import dev.align4j.rollout.metric.MetricSpec;
import dev.align4j.rollout.stage.StagePlan;
import dev.align4j.rollout.stage.Step;
import dev.align4j.rollout.stats.BinomialBoundTest;
import dev.align4j.rollout.stats.BinomialBounds;
import dev.align4j.rollout.stats.Guarantee;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link StagedRolloutGate} decides with: the stage plan, the metrics, the error rates, the Kayenta
 * score thresholds, the validity checks and the preconditions. Immutable; its {@link #hash()} goes into every
 * decision record. Configurations that can never be satisfied fail at {@link Builder#build()}.
 *
 * <p>Defaults and where they come from: {@code alphaHarm = 0.05} and {@code alphaPromote = 0.05} (the conventional
 * 5%, per step); {@code scorePass = 75}, {@code scoreMarginal = 50} (Kayenta's example thresholds);
 * {@code srmAlpha = 0.001} (common SRM practice) with the anytime-valid {@link SrmMethod#SEQUENTIAL} check (a gate
 * looks at every evaluation, so the check must keep its level over any number of looks); no staleness limit.
 *
 * <p>Error control: rollback decisions test "harm" on every gating metric with Holm's procedure at
 * {@code alphaHarm} (family-wise, anytime-valid with anytime-valid tests); promotion needs every gating metric to
 * show acceptability at {@code alphaPromote} each, an intersection–union test whose level is {@code alphaPromote}
 * without correction. Both rates are per step: a plan of k steps can err at most k times as often.
 */
public final class GateConfig {
  private final StagePlan plan;
  private final List<MetricSpec> metrics;
  private final double alphaHarm;
  private final double alphaPromote;
  private final Map<String, Double> groupWeights;
  private final double scorePass;
  private final double scoreMarginal;
  private final double srmAlpha;
  private final SrmMethod srmMethod;
  private final @Nullable Duration maxStaleness;
  private final List<Precondition> preconditions;
  private final String hash;

  private GateConfig(Builder b) {
    this.plan = Require.nonNull("plan", b.plan);
    this.metrics = List.copyOf(b.metrics);
    this.alphaHarm = Require.inOpenRange("alphaHarm", b.alphaHarm, 0, 1);
    this.alphaPromote = Require.inOpenRange("alphaPromote", b.alphaPromote, 0, 1);
    this.groupWeights = Map.copyOf(b.groupWeights);
    this.scorePass = Require.inClosedRange("scorePass", b.scorePass, 0, 100);
    this.scoreMarginal = Require.inClosedRange("scoreMarginal", b.scoreMarginal, 0, 100);
    Require.argument(scoreMarginal <= scorePass, "scoreMarginal must be <= scorePass=%s, was %s", scorePass,
        scoreMarginal);
    this.srmAlpha = Require.inOpenRange("srmAlpha", b.srmAlpha, 0, 1);
    this.srmMethod = Require.nonNull("srmMethod", b.srmMethod);
    this.maxStaleness = b.maxStaleness;
    if (maxStaleness != null) {
      Require.argument(!maxStaleness.isNegative() && !maxStaleness.isZero(), "maxStaleness must be > 0, was %s",
          maxStaleness);
    }
    this.preconditions = List.copyOf(b.preconditions);
    Set<String> names = new HashSet<>();
    for (MetricSpec m : metrics) {
      Require.argument(names.add(m.name()), "metric names must be unique, %s appears twice", m.name());
    }
    for (Map.Entry<String, Double> e : groupWeights.entrySet()) {
      Require.nonNegative("groupWeights[" + e.getKey() + "]", e.getValue());
    }
    validateSatisfiable();
    this.hash = sha256(describe());
  }

  private void validateSatisfiable() {
    for (int i = 0; i < plan.size(); i++) {
      Step step = plan.step(i);
      long max = step.limits().maxSamplePerArm();
      if (max == 0 || step.stage() == RolloutStage.FULL) {
        continue;
      }
      for (MetricSpec m : metrics) {
        if (!m.appliesTo(step.stage())) {
          continue;
        }
        long min = Math.max(m.minSamplePerArm(), step.limits().minSamplePerArm());
        Require.argument(min <= max, "metric %s needs minSamplePerArm=%d at %s but the step's maxSamplePerArm is %d "
            + "(can never be satisfied)", m.name(), min, step.label(), max);
        if (m.test().guarantee() instanceof Guarantee.FixedHorizon) {
          long h = ((Guarantee.FixedHorizon) m.test().guarantee()).horizon();
          Require.argument(h <= max, "metric %s: fixed horizon %d exceeds the maxSamplePerArm %d of %s (can never be "
              + "read)", m.name(), h, max, step.label());
        }
        if (m.test() instanceof BinomialBoundTest && Double.isFinite(m.upperBound()) && m.upperBound() > 0
            && m.upperBound() < 1) {
          long need = BinomialBounds.minTrialsToCertify(m.upperBound(), alphaPromote);
          Require.argument(need <= max, "metric %s: certifying a rate <= %s at alpha %s needs >= %d trials, more "
              + "than the maxSamplePerArm %d of %s", m.name(), m.upperBound(), alphaPromote, need, max, step.label());
        }
      }
    }
  }

  /** A canonical description of every setting (the hash's input). */
  public String describe() {
    StringBuilder sb = new StringBuilder("align4j-gate-config/1\n");
    sb.append("plan=").append(plan.describe()).append('\n');
    for (MetricSpec m : metrics) {
      sb.append("metric=").append(m.name()).append('|').append(m.group()).append('|').append(m.direction()).append('|')
          .append(m.criticality()).append('|').append(m.test().name()).append('|').append(m.test().guarantee().label())
          .append('|').append(m.lowerBound()).append('|').append(m.upperBound()).append('|')
          .append(m.relativeThreshold()).append('|').append(m.absoluteTolerance()).append('|')
          .append(m.effectSizeFloor()).append('|').append(m.mustHaveData()).append('|').append(m.nanPolicy())
          .append('|').append(m.minSamplePerArm()).append('|').append(new TreeMap<>(Map.of("s",
              m.stages().stream().map(Enum::name).sorted().toList()))).append('|').append(m.failOnAnyEvent())
          .append('\n');
    }
    sb.append("alphaHarm=").append(alphaHarm).append("\nalphaPromote=").append(alphaPromote)
        .append("\ngroupWeights=").append(new TreeMap<>(groupWeights)).append("\nscore=").append(scorePass).append('/')
        .append(scoreMarginal).append("\nsrmAlpha=").append(srmAlpha).append('/').append(srmMethod)
        .append("\nmaxStaleness=").append(maxStaleness)
        .append("\npreconditions=").append(preconditions.stream().map(Precondition::name).toList()).append('\n');
    return sb.toString();
  }

  static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** The stage plan. */
  public StagePlan plan() {
    return plan;
  }

  /** The metrics, in evaluation order. */
  public List<MetricSpec> metrics() {
    return metrics;
  }

  /** The metric called {@code name}. */
  public MetricSpec metric(String name) {
    for (MetricSpec m : metrics) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("metric must be one of " + metrics.stream().map(MetricSpec::name).toList()
        + ", was \"" + name + "\"");
  }

  /** Family-wise error rate of rollback decisions per step. */
  public double alphaHarm() {
    return alphaHarm;
  }

  /** Error rate of promotion decisions per step. */
  public double alphaPromote() {
    return alphaPromote;
  }

  /** Configured Kayenta group weights. */
  public Map<String, Double> groupWeights() {
    return groupWeights;
  }

  /** Score at or above which the score does not stop promotion. */
  public double scorePass() {
    return scorePass;
  }

  /** Score at or below which the gate rolls back. */
  public double scoreMarginal() {
    return scoreMarginal;
  }

  /** The SRM p-value threshold. */
  public double srmAlpha() {
    return srmAlpha;
  }

  /** How the sample-ratio check is computed. */
  public SrmMethod srmMethod() {
    return srmMethod;
  }

  /** How the sample-ratio-mismatch check is computed. */
  public enum SrmMethod {
    /**
     * Pearson's χ² at every look (the classical check; not anytime-valid): in A/A simulations with a 50% canary,
     * 250 units per arm per look and {@code srmAlpha = 0.001}, it pauses about 1.2% of rollouts over 50 looks
     * ({@code RolloutSimulatorTest}, {@code benchmarks/results/rollout.md}).
     */
    CHI_SQUARE,
    /**
     * The anytime-valid beta-binomial mixture test (Lindon and Malek 2022): its false-pause rate stays at most
     * {@code srmAlpha} however many looks are taken. The default.
     */
    SEQUENTIAL
  }

  /** The largest allowed age of the newest data, or null for no limit. */
  public @Nullable Duration maxStaleness() {
    return maxStaleness;
  }

  /** The preconditions for promotion. */
  public List<Precondition> preconditions() {
    return preconditions;
  }

  /** The SHA-256 of {@link #describe()}, hex. */
  public String hash() {
    return hash;
  }

  /** A builder for {@code plan}. */
  public static Builder builder(StagePlan plan) {
    return new Builder(plan);
  }

  /** Builds a {@link GateConfig}. */
  public static final class Builder {
    private final StagePlan plan;
    private final List<MetricSpec> metrics = new ArrayList<>();
    private double alphaHarm = 0.05;
    private double alphaPromote = 0.05;
    private final Map<String, Double> groupWeights = new TreeMap<>();
    private double scorePass = 75;
    private double scoreMarginal = 50;
    private double srmAlpha = 0.001;
    private SrmMethod srmMethod = SrmMethod.SEQUENTIAL;
    private @Nullable Duration maxStaleness;
    private final List<Precondition> preconditions = new ArrayList<>();

    private Builder(StagePlan plan) {
      this.plan = plan;
    }

    /** Adds a metric. */
    public Builder metric(MetricSpec metric) {
      metrics.add(Require.nonNull("metric", metric));
      return this;
    }

    /** Adds metrics. */
    public Builder metrics(List<MetricSpec> metrics) {
      metrics.forEach(this::metric);
      return this;
    }

    /** Family-wise rollback error rate per step (default 0.05). */
    public Builder alphaHarm(double alphaHarm) {
      this.alphaHarm = alphaHarm;
      return this;
    }

    /** Promotion error rate per step (default 0.05). */
    public Builder alphaPromote(double alphaPromote) {
      this.alphaPromote = alphaPromote;
      return this;
    }

    /** A Kayenta group weight in percent. */
    public Builder groupWeight(String group, double weightPercent) {
      groupWeights.put(Require.nonBlank("group", group), weightPercent);
      return this;
    }

    /** Kayenta's pass and marginal score thresholds (default 75 and 50). */
    public Builder scoreThresholds(double pass, double marginal) {
      this.scorePass = pass;
      this.scoreMarginal = marginal;
      return this;
    }

    /** The SRM p-value threshold (default 0.001). */
    public Builder srmAlpha(double srmAlpha) {
      this.srmAlpha = srmAlpha;
      return this;
    }

    /** How the sample-ratio check is computed (default SEQUENTIAL: anytime-valid over every look). */
    public Builder srmMethod(SrmMethod srmMethod) {
      this.srmMethod = Require.nonNull("srmMethod", srmMethod);
      return this;
    }

    /** The largest allowed age of the newest observation (default: no limit). */
    public Builder maxStaleness(Duration maxStaleness) {
      this.maxStaleness = Require.nonNull("maxStaleness", maxStaleness);
      return this;
    }

    /** Adds a precondition for promotion. */
    public Builder precondition(Precondition precondition) {
      preconditions.add(Require.nonNull("precondition", precondition));
      return this;
    }

    /** Builds and validates (unsatisfiable configurations are rejected). */
    public GateConfig build() {
      return new GateConfig(this);
    }
  }
}
