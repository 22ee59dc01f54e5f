package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.WilsonInterval;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An audit of a verifier's zeros: a seeded sample of the items it scored 0 goes to a second, independent
 * {@link SecondCheck}, and the share the second check finds correct estimates the verifier's false-negative rate.
 *
 * <p><b>Estimator.</b> Of the {@code N₀} items scored 0 (at most {@link Builder#zeroAtMost}; abstentions are not
 * zeros and are not audited), {@code n = min(sampleSize, N₀)} are drawn uniformly without replacement. The second
 * check finds {@code x} correct, {@code y} incorrect and {@code u} undecided. The false-negative rate — the share of
 * the verifier's zeros that are in fact correct — is estimated by {@code q̂ = x / (x + y)} with the two-sided Wilson
 * score interval at confidence {@code 1 − α} on {@code (x, x + y)} (core's {@link WilsonInterval}); scaled to the
 * population, the verifier dropped about {@code q̂·N₀} correct answers
 * ({@link AuditResult#falseNegatives()}). The Wilson interval assumes sampling with replacement; drawing without
 * replacement from a finite set of zeros only makes it wider than needed (conservative).
 *
 * <p><b>When the second check errs or abstains.</b> Undecided items are left out of {@code q̂} and reported:
 * {@link AuditResult#worstCase()} gives the bounds with every undecided item counted incorrect (lower) and correct
 * (upper), and more than {@link Builder#maxUndecidedShare} undecided makes the audit inconclusive (a WARNING). The
 * estimate is only as good as the second check: one that calls a wrong answer correct with probability {@code a} and a
 * correct one wrong with probability {@code b} measures {@code q(1 − b) + (1 − q)a}, not {@code q}; check the second
 * check on labelled items first, or use a person.
 *
 * <p><b>Health.</b> {@link AuditResult#status()} is FAILED when the interval's lower bound exceeds
 * {@link Builder#maxFalseNegativeRate} (the verifier drops correct answers more often than allowed, with confidence
 * {@code 1 − α/2}), a WARNING when only the point estimate does or the audit is inconclusive, HEALTHY otherwise.
 *
 * <p>Defaults (chosen here, not taken from a paper): 100 items audited (a 95 % Wilson interval is then at most ±0.10
 * wide, ±0.06 at q = 0.1), α = 0.05, at most 10 % false negatives among zeros, at most 20 % undecided, zero means a
 * score of at most 0, seed 0, the UTC system clock.
 */
public final class VerifierAudit {
  private final String name;
  private final int sampleSize;
  private final double alpha;
  private final double maxFalseNegativeRate;
  private final double maxUndecidedShare;
  private final double zeroAtMost;
  private final long seed;
  private final Clock clock;

  private VerifierAudit(Builder b) {
    this.name = b.name;
    this.sampleSize = b.sampleSize;
    this.alpha = b.alpha;
    this.maxFalseNegativeRate = b.maxFalseNegativeRate;
    this.maxUndecidedShare = b.maxUndecidedShare;
    this.zeroAtMost = b.zeroAtMost;
    this.seed = b.seed;
    this.clock = b.clock;
  }

  /** A builder with the defaults of the class comment. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Draws the audit sample: the same items and seed give the same sample.
   *
   * @param items every item the verifier judged (scored and abstained), in any fixed order
   */
  public AuditSample sample(List<AuditItem> items) {
    Require.nonNull("items", items);
    List<Integer> zeros = new ArrayList<>();
    long positives = 0;
    long abstentions = 0;
    for (int i = 0; i < items.size(); i++) {
      Verdict v = Require.nonNull("items[" + i + "]", items.get(i)).verdict();
      if (v instanceof Verdict.Abstained) {
        abstentions++;
      } else if (((Verdict.Scored) v).value() <= zeroAtMost) {
        zeros.add(i);
      } else {
        positives++;
      }
    }
    int n = Math.min(sampleSize, zeros.size());
    int[] pool = zeros.stream().mapToInt(Integer::intValue).toArray();
    SplittableRandom random = new SplittableRandom(seed);
    for (int k = 0; k < n; k++) {
      int j = k + random.nextInt(pool.length - k);
      int t = pool[k];
      pool[k] = pool[j];
      pool[j] = t;
    }
    int[] chosen = Arrays.copyOf(pool, n);
    Arrays.sort(chosen);
    List<AuditItem> sampled = new ArrayList<>(n);
    for (int i : chosen) {
      sampled.add(items.get(i));
    }
    return new AuditSample(this, chosen, sampled, zeros.size(), positives, abstentions);
  }

  /** Draws the sample, runs {@code check} on every sampled item and estimates (see {@link AuditSample#run}). */
  public AuditResult run(List<AuditItem> items, SecondCheck check) {
    return sample(items).run(check);
  }

  String name() {
    return name;
  }

  double alpha() {
    return alpha;
  }

  double maxFalseNegativeRate() {
    return maxFalseNegativeRate;
  }

  double maxUndecidedShare() {
    return maxUndecidedShare;
  }

  Clock clock() {
    return clock;
  }

  /** Configures a {@link VerifierAudit}. */
  public static final class Builder {
    private String name = "verifier_audit";
    private int sampleSize = 100;
    private double alpha = 0.05;
    private double maxFalseNegativeRate = 0.10;
    private double maxUndecidedShare = 0.20;
    private double zeroAtMost = 0.0;
    private long seed;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The health signal's source name; default {@code "verifier_audit"}. */
    public Builder name(String name) {
      this.name = Require.nonBlank("name", name);
      return this;
    }

    /** How many zeros to audit (all of them when there are fewer), &gt; 0; default 100. */
    public Builder sampleSize(int sampleSize) {
      this.sampleSize = Require.positive("sampleSize", sampleSize);
      return this;
    }

    /** One minus the interval's confidence, in (0, 1); default 0.05 (a 95 % interval). */
    public Builder alpha(double alpha) {
      this.alpha = Require.inOpenRange("alpha", alpha, 0, 1);
      return this;
    }

    /** The false-negative rate above which (by the interval's lower bound) the audit FAILS, in [0, 1); default 0.10. */
    public Builder maxFalseNegativeRate(double max) {
      Require.argument(max >= 0 && max < 1, "maxFalseNegativeRate must be in [0, 1), was %s", max);
      this.maxFalseNegativeRate = max;
      return this;
    }

    /** The share of undecided second opinions above which the audit is inconclusive, in [0, 1]; default 0.20. */
    public Builder maxUndecidedShare(double max) {
      this.maxUndecidedShare = Require.inClosedRange("maxUndecidedShare", max, 0, 1);
      return this;
    }

    /** A scored value at most this counts as a zero (finite); default 0 (a 0/1 rule's fail). */
    public Builder zeroAtMost(double zeroAtMost) {
      this.zeroAtMost = Require.finite("zeroAtMost", zeroAtMost);
      return this;
    }

    /** The seed of the sample; default 0. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The clock that dates the health status; default the UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = Require.nonNull("clock", clock);
      return this;
    }

    /** Builds the audit. */
    public VerifierAudit build() {
      return new VerifierAudit(this);
    }
  }
}
