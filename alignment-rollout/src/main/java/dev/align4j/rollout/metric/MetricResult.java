package dev.align4j.rollout.metric;

import dev.align4j.rollout.stats.TestResult;

/**
 * One metric's evaluation at one look: the audit trail's per-metric line.
 *
 * @param name the metric
 * @param criticality its criticality
 * @param verdict the verdict
 * @param nCandidate candidate observations
 * @param nIncumbent incumbent observations (0 for one-sample)
 * @param test the test's result (estimate, interval, statistic, p-values)
 * @param rangeLo the acceptable range's lower end
 * @param rangeHi the acceptable range's upper end
 * @param alphaSpent the level the harm p-value was compared with (Holm-adjusted); 0 when not tested
 * @param message the human-readable explanation
 */
public record MetricResult(
    String name,
    Criticality criticality,
    Verdict verdict,
    long nCandidate,
    long nIncumbent,
    TestResult test,
    double rangeLo,
    double rangeHi,
    double alphaSpent,
    String message) {}
