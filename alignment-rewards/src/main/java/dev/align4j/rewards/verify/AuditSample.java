package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;
import java.util.List;

/**
 * The items a {@link VerifierAudit} drew from a verifier's zeros, waiting for their second opinions: run a
 * {@link SecondCheck} on them with {@link #run}, or take {@link #items()} to people (a review queue) and hand their
 * answers, in the same order, to {@link #conclude}.
 */
public final class AuditSample {
  private final VerifierAudit audit;
  private final int[] positions;
  private final List<AuditItem> items;
  private final long zeros;
  private final long positives;
  private final long abstentions;

  AuditSample(
      VerifierAudit audit,
      int[] positions,
      List<AuditItem> items,
      long zeros,
      long positives,
      long abstentions) {
    this.audit = audit;
    this.positions = positions.clone();
    this.items = List.copyOf(items);
    this.zeros = zeros;
    this.positives = positives;
    this.abstentions = abstentions;
  }

  /** The sampled items, in the order of the audited list. */
  public List<AuditItem> items() {
    return items;
  }

  /** The sampled items' positions in the audited list, ascending. */
  public int[] positions() {
    return positions.clone();
  }

  /** How many items the verifier scored 0 (the population the sample was drawn from). */
  public long zeros() {
    return zeros;
  }

  /** How many items the verifier scored above zero. */
  public long positives() {
    return positives;
  }

  /** How many items the verifier abstained on (not audited). */
  public long abstentions() {
    return abstentions;
  }

  /**
   * Runs {@code check} on every sampled item, then {@link #conclude}s.
   *
   * @throws IllegalStateException naming the item when the check throws (the cause is kept) or returns null
   */
  public AuditResult run(SecondCheck check) {
    Require.nonNull("check", check);
    SecondOpinion[] opinions = new SecondOpinion[items.size()];
    for (int i = 0; i < opinions.length; i++) {
      AuditItem item = items.get(i);
      SecondOpinion o;
      try {
        o = check.check(item.prompt(), item.completion());
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "the second check failed on audited item "
                + (i + 1)
                + " of "
                + opinions.length
                + " (position "
                + positions[i]
                + "); the audit is not concluded",
            e);
      }
      if (o == null) {
        throw new IllegalStateException(
            "the second check returned null for audited item "
                + (i + 1)
                + " of "
                + opinions.length
                + " (position "
                + positions[i]
                + "); return UNDECIDED when it cannot decide");
      }
      opinions[i] = o;
    }
    return conclude(List.of(opinions));
  }

  /**
   * Estimates from the second opinions.
   *
   * @param opinions one per sampled item, in the order of {@link #items()}
   */
  public AuditResult conclude(List<SecondOpinion> opinions) {
    Require.nonNull("opinions", opinions);
    Require.sameLength("opinions", opinions.size(), "sampled items", items.size());
    int correct = 0;
    int incorrect = 0;
    int undecided = 0;
    for (int i = 0; i < opinions.size(); i++) {
      switch (Require.nonNull("opinions[" + i + "]", opinions.get(i))) {
        case CORRECT:
          correct++;
          break;
        case INCORRECT:
          incorrect++;
          break;
        default:
          undecided++;
      }
    }
    return AuditResult.of(
        audit.name(),
        zeros,
        positives,
        abstentions,
        correct,
        incorrect,
        undecided,
        audit.alpha(),
        audit.maxFalseNegativeRate(),
        audit.maxUndecidedShare(),
        audit.clock().instant());
  }
}
