package dev.align4j.rollout.audit;

import dev.align4j.core.GateDecision;
import dev.align4j.core.GateReason;
import dev.align4j.core.RolloutStage;
import dev.align4j.core.check.Require;
import dev.align4j.rollout.input.EvaluationInput;
import dev.align4j.rollout.input.HumanOverride;
import dev.align4j.rollout.metric.MetricResult;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation (automatic or a human override), as appended to the audit log: the time from the injected clock,
 * the stage and weight before and after, the configuration hash, the model ids, the full inputs (data window,
 * per-arm summaries, precondition results), the per-metric n / estimate / interval / statistic / α spent / verdict,
 * the decision and its reasons, and the actor. Records are hash-chained: {@code hash = SHA-256(previousHash + "\n"
 * + canonical JSON of every other field)}.
 *
 * @param sequence position in the log, from 0
 * @param time evaluation time
 * @param actor {@code "gate"} for automatic decisions, else the human actor
 * @param configHash the {@code GateConfig} hash
 * @param models model ids (candidate, incumbent, reference, reward model, judge@version, ...), sorted by key
 * @param input everything the evaluation read
 * @param override the human override, or null for an automatic decision
 * @param decision the decision's kind
 * @param target the promotion target, or null
 * @param reasons the decision's reasons
 * @param metrics the per-metric results
 * @param score the Kayenta-style score (NaN when metrics were not evaluated)
 * @param weightBefore candidate traffic share before, percent
 * @param stageAfter stage after
 * @param stepAfter plan step after
 * @param weightAfter candidate traffic share after, percent
 * @param previousHash the previous record's hash ("0"×64 for the first)
 * @param hash this record's hash
 */
public record DecisionRecord(
    long sequence,
    Instant time,
    String actor,
    String configHash,
    Map<String, String> models,
    EvaluationInput input,
    @Nullable HumanOverride override,
    GateDecision.Kind decision,
    @Nullable RolloutStage target,
    List<GateReason> reasons,
    List<MetricResult> metrics,
    double score,
    double weightBefore,
    RolloutStage stageAfter,
    int stepAfter,
    double weightAfter,
    String previousHash,
    String hash) {

  /** The hash that precedes the first record. */
  public static final String GENESIS = "0".repeat(64);

  /** Validates and copies. */
  public DecisionRecord {
    Require.argument(sequence >= 0, "sequence must be >= 0, was %d", sequence);
    Require.nonNull("time", time);
    Require.nonBlank("actor", actor);
    Require.nonBlank("configHash", configHash);
    models = Collections.unmodifiableMap(new TreeMap<>(models));
    Require.nonNull("input", input);
    Require.nonNull("decision", decision);
    reasons = List.copyOf(reasons);
    metrics = List.copyOf(metrics);
    Require.nonNull("stageAfter", stageAfter);
    Require.nonNull("previousHash", previousHash);
    Require.nonNull("hash", hash);
  }

  /** A copy placed in the chain at {@code sequence} after {@code previousHash}, with {@code hash}. */
  DecisionRecord chained(long sequence, String previousHash, String hash) {
    return new DecisionRecord(sequence, time, actor, configHash, models, input, override, decision, target, reasons,
        metrics, score, weightBefore, stageAfter, stepAfter, weightAfter, previousHash, hash);
  }
}
