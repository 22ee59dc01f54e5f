package dev.align4j.examples.poc.feedback;

import dev.align4j.examples.poc.Arguments;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Settings of the feedback step ({@link FeedbackStep}).
 *
 * @param pairs candidate pairs to label
 * @param batchSize pairs per point of the hand-over timeline; with a batch no larger than {@code minAgreementSamples}
 *     (the defaults) the first batch is all-human by construction, as the router trusts the AI only after that many
 *     double-labelled items
 * @param humanCostPerLabel cost of one human label in a currency unit (an assumption, see {@link #full()})
 * @param aiCostPerLabel cost of one AI label (both presentation orders) in the same unit (an assumption)
 * @param minKappa the router's minimum judge–human Cohen's κ before the AI label may stand alone
 * @param auditFraction share of AI-labelled items the router also sends to people
 * @param confidenceThreshold the router's minimum {@code |p − ½|} for an AI label to stand alone
 * @param minAgreementSamples double-labelled items before the router's κ counts
 * @param agreementWindow most recent double-labelled items the router's κ is computed over
 * @param seed seed of the router's audit draws and of the labellers' noise
 * @param clock the time the labels are stamped with (a fixed clock keeps runs identical)
 */
public record FeedbackConfig(
    int pairs,
    int batchSize,
    double humanCostPerLabel,
    double aiCostPerLabel,
    double minKappa,
    double auditFraction,
    double confidenceThreshold,
    int minAgreementSamples,
    int agreementWindow,
    long seed,
    Clock clock) {

  /** The instant the default clock stands still at. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** Validates. */
  public FeedbackConfig {
    Arguments.argument(pairs >= 1, "pairs must be >= 1, was %d", pairs);
    Arguments.argument(batchSize >= 1, "batchSize must be >= 1, was %d", batchSize);
    Arguments.nonNegative("humanCostPerLabel", humanCostPerLabel);
    Arguments.nonNegative("aiCostPerLabel", aiCostPerLabel);
    Arguments.argument(
        minKappa >= -1 && minKappa <= 1, "minKappa must be in [-1, 1], was %s", minKappa);
    Arguments.probability("auditFraction", auditFraction);
    Arguments.argument(
        confidenceThreshold >= 0 && confidenceThreshold <= 0.5,
        "confidenceThreshold must be in [0, 0.5], was %s",
        confidenceThreshold);
    Arguments.argument(
        minAgreementSamples >= 1, "minAgreementSamples must be >= 1, was %d", minAgreementSamples);
    Arguments.argument(
        agreementWindow >= minAgreementSamples,
        "agreementWindow must be >= minAgreementSamples (%d), was %d",
        minAgreementSamples,
        agreementWindow);
    Arguments.nonNull("clock", clock);
  }

  /**
   * The README run: 1,200 pairs in batches of 25 (48 timeline points). Router settings are {@code HybridRouter}'s
   * defaults: κ ≥ 0.6 (Landis and Koch's "substantial"), audit 10 %, confidence {@code |p − ½| ≥ 0.2}, κ over the
   * last 500 pairs once 30 exist. Unit costs are this project's assumptions, not quotes: a human pairwise label at
   * 0.40 and an AI label (a judge call in both orders) at 0.002 in one currency unit — a person takes tens of seconds
   * per comparison, a hosted judge a fraction of a cent. Seed 18, the scenario's.
   */
  public static FeedbackConfig full() {
    return new FeedbackConfig(
        1200, 25, 0.40, 0.002, 0.6, 0.1, 0.2, 30, 500, 18, Clock.fixed(START, ZoneOffset.UTC));
  }

  /** The CI run: the same path with 300 pairs (12 batches). */
  public static FeedbackConfig fast() {
    return full().withPairs(300);
  }

  /** A copy with another number of pairs. */
  public FeedbackConfig withPairs(int pairs) {
    return new FeedbackConfig(
        pairs,
        batchSize,
        humanCostPerLabel,
        aiCostPerLabel,
        minKappa,
        auditFraction,
        confidenceThreshold,
        minAgreementSamples,
        agreementWindow,
        seed,
        clock);
  }

  /** A copy with another seed. */
  public FeedbackConfig withSeed(long seed) {
    return new FeedbackConfig(
        pairs,
        batchSize,
        humanCostPerLabel,
        aiCostPerLabel,
        minKappa,
        auditFraction,
        confidenceThreshold,
        minAgreementSamples,
        agreementWindow,
        seed,
        clock);
  }

  /** A copy with other unit costs. */
  public FeedbackConfig withCosts(double humanCostPerLabel, double aiCostPerLabel) {
    return new FeedbackConfig(
        pairs,
        batchSize,
        humanCostPerLabel,
        aiCostPerLabel,
        minKappa,
        auditFraction,
        confidenceThreshold,
        minAgreementSamples,
        agreementWindow,
        seed,
        clock);
  }
}
