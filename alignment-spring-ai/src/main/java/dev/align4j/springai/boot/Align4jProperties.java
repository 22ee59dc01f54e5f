package dev.align4j.springai.boot;

import dev.align4j.feedback.judge.OrderCombination;
import dev.align4j.feedback.store.FsyncPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * The {@code align4j.*} properties of the Boot starter. Every default is the default of the align4j builder the
 * property feeds ({@code LlmJudge}, {@code HybridRouter}, {@code FeedbackStore}) or, for the rollout plan and its two
 * guardrails, the values of the rollout module's README example; the module README lists each with its source.
 *
 * <p>Validated when bound (this class is its own Spring {@link Validator}): a value out of range fails the start-up
 * with Boot's "Binding validation errors" report, which names the property, the value, where it was set, and what
 * was expected. Mutable JavaBean properties, as Spring Boot binds them; the starter reads them once, at start-up.
 */
@ConfigurationProperties(prefix = "align4j")
public final class Align4jProperties implements Validator {
  /** Whether the starter creates anything at all. */
  private boolean enabled = true;

  private final Judge judge = new Judge();
  private final Feedback feedback = new Feedback();
  private final Router router = new Router();
  private final Rollout rollout = new Rollout();

  /** Whether the starter creates anything at all (default true). */
  public boolean isEnabled() {
    return enabled;
  }

  /** Switches the starter on or off. */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** {@code align4j.judge.*}. */
  public Judge getJudge() {
    return judge;
  }

  /** {@code align4j.feedback.*}. */
  public Feedback getFeedback() {
    return feedback;
  }

  /** {@code align4j.router.*}. */
  public Router getRouter() {
    return router;
  }

  /** {@code align4j.rollout.*}. */
  public Rollout getRollout() {
    return rollout;
  }

  @Override
  public boolean supports(Class<?> type) {
    return Align4jProperties.class.isAssignableFrom(type);
  }

  @Override
  public void validate(Object target, Errors errors) {
    Align4jProperties p = (Align4jProperties) target;
    Judge j = p.judge;
    check(
        errors,
        "judge.topLogProbs",
        "align4j.judge.top-log-probs",
        j.topLogProbs,
        j.topLogProbs >= 0 && j.topLogProbs <= 20,
        "an integer in [0, 20] (0 = hard labels only; OpenAI allows 20)");
    check(
        errors,
        "judge.maxTokens",
        "align4j.judge.max-tokens",
        j.maxTokens,
        j.maxTokens >= 0,
        "an integer >= 0 (0 = the judge's default: 16, or 768 with chain-of-thought)");
    if (j.modelId != null && j.modelId.isBlank()) {
      check(
          errors,
          "judge.modelId",
          "align4j.judge.model-id",
          "\"" + j.modelId + "\"",
          false,
          "a non-blank model id, or no value (the provider's model name)");
    }
    Router r = p.router;
    check(
        errors,
        "router.confidenceThreshold",
        "align4j.router.confidence-threshold",
        r.confidenceThreshold,
        r.confidenceThreshold >= 0 && r.confidenceThreshold <= 0.5,
        "a number in [0, 0.5] (|p - 1/2| of an AI label)");
    check(
        errors,
        "router.minKappa",
        "align4j.router.min-kappa",
        r.minKappa,
        r.minKappa >= -1 && r.minKappa <= 1,
        "a Cohen's kappa in [-1, 1]");
    check(
        errors,
        "router.auditFraction",
        "align4j.router.audit-fraction",
        r.auditFraction,
        r.auditFraction >= 0 && r.auditFraction <= 1,
        "a probability in [0, 1]");
    check(
        errors,
        "router.categoryKey",
        "align4j.router.category-key",
        "\"" + r.categoryKey + "\"",
        r.categoryKey != null && !r.categoryKey.isBlank(),
        "a non-blank metadata key");
    if (r.humanBudget != null) {
      check(
          errors,
          "router.humanBudget",
          "align4j.router.human-budget",
          r.humanBudget,
          r.humanBudget >= 0,
          "a number of reviews >= 0, or no value (unlimited)");
    }
    check(
        errors,
        "router.agreementWindow",
        "align4j.router.agreement-window",
        r.agreementWindow,
        r.agreementWindow > 0,
        "a number of label pairs > 0");
    check(
        errors,
        "router.minAgreementSamples",
        "align4j.router.min-agreement-samples",
        r.minAgreementSamples,
        r.minAgreementSamples > 0 && r.minAgreementSamples <= r.agreementWindow,
        "a number of label pairs in [1, align4j.router.agreement-window = "
            + r.agreementWindow
            + "]");
    Rollout g = p.rollout;
    check(
        errors,
        "rollout.minSamplePerArm",
        "align4j.rollout.min-sample-per-arm",
        g.minSamplePerArm,
        g.minSamplePerArm >= 0,
        "a number of units >= 0");
    check(
        errors,
        "rollout.minDuration",
        "align4j.rollout.min-duration",
        g.minDuration,
        g.minDuration != null && !g.minDuration.isNegative(),
        "a duration >= 0 (e.g. 1h)");
    check(
        errors,
        "rollout.maxDuration",
        "align4j.rollout.max-duration",
        g.maxDuration,
        g.maxDuration != null
            && g.minDuration != null
            && g.maxDuration.compareTo(g.minDuration) >= 0,
        "a duration >= align4j.rollout.min-duration = " + g.minDuration);
    check(
        errors,
        "rollout.shadowPercent",
        "align4j.rollout.shadow-percent",
        g.shadowPercent,
        g.shadowPercent >= 0 && g.shadowPercent <= 100,
        "a percentage in [0, 100] (0 = no shadow step)");
    double last = 0;
    boolean increasing = g.canaryPercents != null && !g.canaryPercents.isEmpty();
    for (Double w : g.canaryPercents == null ? List.<Double>of() : g.canaryPercents) {
      increasing &= w != null && w > last && w < 100;
      last = w == null ? last : w;
    }
    check(
        errors,
        "rollout.canaryPercents",
        "align4j.rollout.canary-percents",
        g.canaryPercents,
        increasing,
        "a non-empty, strictly increasing list of percentages in (0, 100), e.g. 1,5,20,50");
    check(
        errors,
        "rollout.unsafeRateLimit",
        "align4j.rollout.unsafe-rate-limit",
        g.unsafeRateLimit,
        g.unsafeRateLimit > 0 && g.unsafeRateLimit < 1,
        "a rate in (0, 1)");
    check(
        errors,
        "rollout.winRateMargin",
        "align4j.rollout.win-rate-margin",
        g.winRateMargin,
        g.winRateMargin >= 0 && g.winRateMargin <= 0.5,
        "a margin in [0, 0.5] (the win rate must stay >= 1/2 - margin)");
    check(
        errors,
        "rollout.recentDecisions",
        "align4j.rollout.recent-decisions",
        g.recentDecisions,
        g.recentDecisions >= 1 && g.recentDecisions <= 1000,
        "an integer in [1, 1000]");
  }

  private static void check(
      Errors errors,
      String field,
      String property,
      @Nullable Object value,
      boolean ok,
      String expected) {
    if (!ok) {
      errors.rejectValue(
          field, "align4j.invalid", property + " must be " + expected + ", was " + value);
    }
  }

  /** {@code align4j.judge.*}: the {@code LlmJudge} on the application's Spring AI chat model. */
  public static final class Judge {
    private int topLogProbs = 5;
    private int maxTokens;
    private OrderCombination combination = OrderCombination.SOFT_AVERAGE;
    private @Nullable String version;
    private @Nullable String modelId;
    private long seed;

    /** Top log-probabilities asked for per token, 0..20 (default 5, {@code LlmJudge}'s). */
    public int getTopLogProbs() {
      return topLogProbs;
    }

    /** Sets {@link #getTopLogProbs()}. */
    public void setTopLogProbs(int topLogProbs) {
      this.topLogProbs = topLogProbs;
    }

    /** Token budget per call; 0 (default) = {@code LlmJudge}'s (16, or 768 with chain-of-thought). */
    public int getMaxTokens() {
      return maxTokens;
    }

    /** Sets {@link #getMaxTokens()}. */
    public void setMaxTokens(int maxTokens) {
      this.maxTokens = maxTokens;
    }

    /** How the two presentation orders combine (default {@code SOFT_AVERAGE}, RLAIF, {@code LlmJudge}'s). */
    public OrderCombination getCombination() {
      return combination;
    }

    /** Sets {@link #getCombination()}. */
    public void setCombination(OrderCombination combination) {
      this.combination = combination;
    }

    /** The judge's version for provenance (default none; pin it: vendors update models). */
    public @Nullable String getVersion() {
      return version;
    }

    /** Sets {@link #getVersion()}. */
    public void setVersion(@Nullable String version) {
      this.version = version;
    }

    /** The model id in provenance (default: the model name of the provider's default options). */
    public @Nullable String getModelId() {
      return modelId;
    }

    /** Sets {@link #getModelId()}. */
    public void setModelId(@Nullable String modelId) {
      this.modelId = modelId;
    }

    /** Seed of principle sampling and marker nonces (default 0, {@code LlmJudge}'s {@code SplittableRandom(0)}). */
    public long getSeed() {
      return seed;
    }

    /** Sets {@link #getSeed()}. */
    public void setSeed(long seed) {
      this.seed = seed;
    }
  }

  /** {@code align4j.feedback.*}: where labels are kept. */
  public static final class Feedback {
    private @Nullable Path directory;
    private FsyncPolicy fsync = FsyncPolicy.GROUP_COMMIT;

    /**
     * The directory of the durable files (no default: required for the store): {@code feedback.jsonl} (the
     * {@code FeedbackStore}), {@code review-queue.jsonl} (the {@code FileReviewQueue}) and, unless
     * {@code align4j.rollout.audit-log} says otherwise, {@code rollout-audit.jsonl}. Created if missing.
     */
    public @Nullable Path getDirectory() {
      return directory;
    }

    /** Sets {@link #getDirectory()}. */
    public void setDirectory(@Nullable Path directory) {
      this.directory = directory;
    }

    /** When appended labels are forced to disk (default {@code GROUP_COMMIT}, {@code FeedbackStore.open}'s). */
    public FsyncPolicy getFsync() {
      return fsync;
    }

    /** Sets {@link #getFsync()}. */
    public void setFsync(FsyncPolicy fsync) {
      this.fsync = fsync;
    }
  }

  /** {@code align4j.router.*}: the {@code HybridRouter} (defaults: its builder's). */
  public static final class Router {
    private double confidenceThreshold = 0.2;
    private double minKappa = 0.6;
    private double auditFraction = 0.1;
    private Set<String> humanCategories = new TreeSet<>();
    private String categoryKey = "category";
    private @Nullable Long humanBudget;
    private int agreementWindow = 500;
    private int minAgreementSamples = 30;
    private boolean showAiSuggestion;
    private long seed;

    /** Minimum {@code |p - 1/2|} for an AI label to stand alone (default 0.2). */
    public double getConfidenceThreshold() {
      return confidenceThreshold;
    }

    /** Sets {@link #getConfidenceThreshold()}. */
    public void setConfidenceThreshold(double confidenceThreshold) {
      this.confidenceThreshold = confidenceThreshold;
    }

    /** Minimum judge-human Cohen's kappa on a slice (default 0.6, Landis and Koch's "substantial"). */
    public double getMinKappa() {
      return minKappa;
    }

    /** Sets {@link #getMinKappa()}. */
    public void setMinKappa(double minKappa) {
      this.minKappa = minKappa;
    }

    /** Share of AI-labelled items also sent to humans (default 0.1). */
    public double getAuditFraction() {
      return auditFraction;
    }

    /** Sets {@link #getAuditFraction()}. */
    public void setAuditFraction(double auditFraction) {
      this.auditFraction = auditFraction;
    }

    /** Categories that always go to humans (default none). */
    public Set<String> getHumanCategories() {
      return humanCategories;
    }

    /** Sets {@link #getHumanCategories()}. */
    public void setHumanCategories(Set<String> humanCategories) {
      this.humanCategories = humanCategories;
    }

    /** Metadata key of the category, also the agreement slice (default {@code category}). */
    public String getCategoryKey() {
      return categoryKey;
    }

    /** Sets {@link #getCategoryKey()}. */
    public void setCategoryKey(String categoryKey) {
      this.categoryKey = categoryKey;
    }

    /** Human reviews allowed for optional work (audits); default none set = unlimited. */
    public @Nullable Long getHumanBudget() {
      return humanBudget;
    }

    /** Sets {@link #getHumanBudget()}. */
    public void setHumanBudget(@Nullable Long humanBudget) {
      this.humanBudget = humanBudget;
    }

    /** Most recent label pairs kept per slice for kappa (default 500). */
    public int getAgreementWindow() {
      return agreementWindow;
    }

    /** Sets {@link #getAgreementWindow()}. */
    public void setAgreementWindow(int agreementWindow) {
      this.agreementWindow = agreementWindow;
    }

    /** Label pairs needed before kappa counts (default 30). */
    public int getMinAgreementSamples() {
      return minAgreementSamples;
    }

    /** Sets {@link #getMinAgreementSamples()}. */
    public void setMinAgreementSamples(int minAgreementSamples) {
      this.minAgreementSamples = minAgreementSamples;
    }

    /** Whether review tasks show the AI label (default false: blind review). */
    public boolean isShowAiSuggestion() {
      return showAiSuggestion;
    }

    /** Sets {@link #isShowAiSuggestion()}. */
    public void setShowAiSuggestion(boolean showAiSuggestion) {
      this.showAiSuggestion = showAiSuggestion;
    }

    /** Seed of the audit draws (default 0, the router's {@code SplittableRandom(0)}). */
    public long getSeed() {
      return seed;
    }

    /** Sets {@link #getSeed()}. */
    public void setSeed(long seed) {
      this.seed = seed;
    }
  }

  /** {@code align4j.rollout.*}: the {@code StagedRolloutGate} (defaults: the rollout README's example). */
  public static final class Rollout {
    private boolean enabled = true;
    private @Nullable Path auditLog;
    private boolean offline = true;
    private long minSamplePerArm = 500;
    private Duration minDuration = Duration.ofHours(1);
    private Duration maxDuration = Duration.ofHours(24);
    private double shadowPercent = 10;
    private List<Double> canaryPercents = new ArrayList<>(List.of(1.0, 5.0, 20.0, 50.0));
    private double unsafeRateLimit = 0.02;
    private double winRateMargin = 0.05;
    private @Nullable String candidateModel;
    private @Nullable String incumbentModel;
    private int recentDecisions = 20;

    /** Whether the gate is created (default true). */
    public boolean isEnabled() {
      return enabled;
    }

    /** Sets {@link #isEnabled()}. */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** The gate's hash-chained audit log (default {@code <align4j.feedback.directory>/rollout-audit.jsonl}). */
    public @Nullable Path getAuditLog() {
      return auditLog;
    }

    /** Sets {@link #getAuditLog()}. */
    public void setAuditLog(@Nullable Path auditLog) {
      this.auditLog = auditLog;
    }

    /** Whether the plan starts with an offline evaluation step (default true). */
    public boolean isOffline() {
      return offline;
    }

    /** Sets {@link #isOffline()}. */
    public void setOffline(boolean offline) {
      this.offline = offline;
    }

    /** Minimum sample per arm of every step (default 500). */
    public long getMinSamplePerArm() {
      return minSamplePerArm;
    }

    /** Sets {@link #getMinSamplePerArm()}. */
    public void setMinSamplePerArm(long minSamplePerArm) {
      this.minSamplePerArm = minSamplePerArm;
    }

    /** Minimum duration of the shadow and canary steps (default 1h). */
    public Duration getMinDuration() {
      return minDuration;
    }

    /** Sets {@link #getMinDuration()}. */
    public void setMinDuration(Duration minDuration) {
      this.minDuration = minDuration;
    }

    /** Maximum duration of the shadow and canary steps, then a person decides (default 24h). */
    public Duration getMaxDuration() {
      return maxDuration;
    }

    /** Sets {@link #getMaxDuration()}. */
    public void setMaxDuration(Duration maxDuration) {
      this.maxDuration = maxDuration;
    }

    /** Share of traffic mirrored to the candidate in the shadow step, percent; 0 = no shadow step (default 10). */
    public double getShadowPercent() {
      return shadowPercent;
    }

    /** Sets {@link #getShadowPercent()}. */
    public void setShadowPercent(double shadowPercent) {
      this.shadowPercent = shadowPercent;
    }

    /** Candidate shares of the canary steps, percent, increasing (default 1, 5, 20, 50; then FULL). */
    public List<Double> getCanaryPercents() {
      return canaryPercents;
    }

    /** Sets {@link #getCanaryPercents()}. */
    public void setCanaryPercents(List<Double> canaryPercents) {
      this.canaryPercents = canaryPercents;
    }

    /** Limit of the critical {@code unsafe_rate} guardrail (default 0.02). */
    public double getUnsafeRateLimit() {
      return unsafeRateLimit;
    }

    /** Sets {@link #getUnsafeRateLimit()}. */
    public void setUnsafeRateLimit(double unsafeRateLimit) {
      this.unsafeRateLimit = unsafeRateLimit;
    }

    /** Margin of the {@code win_rate} guardrail (offline and shadow): win rate >= 1/2 - margin (default 0.05). */
    public double getWinRateMargin() {
      return winRateMargin;
    }

    /** Sets {@link #getWinRateMargin()}. */
    public void setWinRateMargin(double winRateMargin) {
      this.winRateMargin = winRateMargin;
    }

    /** The candidate model's id in the audit records (default none). */
    public @Nullable String getCandidateModel() {
      return candidateModel;
    }

    /** Sets {@link #getCandidateModel()}. */
    public void setCandidateModel(@Nullable String candidateModel) {
      this.candidateModel = candidateModel;
    }

    /** The incumbent model's id in the audit records (default none). */
    public @Nullable String getIncumbentModel() {
      return incumbentModel;
    }

    /** Sets {@link #getIncumbentModel()}. */
    public void setIncumbentModel(@Nullable String incumbentModel) {
      this.incumbentModel = incumbentModel;
    }

    /** How many of the latest decisions the Actuator endpoint shows (default 20). */
    public int getRecentDecisions() {
      return recentDecisions;
    }

    /** Sets {@link #getRecentDecisions()}. */
    public void setRecentDecisions(int recentDecisions) {
      this.recentDecisions = recentDecisions;
    }
  }
}
