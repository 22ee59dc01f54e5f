package dev.align4j.optimizers.optimizer;

import dev.align4j.core.Policy;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.HashMap;
import java.util.Map;

/**
 * Reference-policy log-probabilities computed once per (prompt, completion text) and kept: TRL's
 * {@code precompute_ref_log_probs}, done lazily (or up front through {@link #logProb}). The reference is frozen, so a
 * value never goes stale; replacing the reference ({@link #reset(Policy)}) clears the cache.
 *
 * <p>It also checks that the reference scores a completion with as many tokens as the policy: a reference of another
 * shape (another tokenizer, another candidate set) is an {@link IllegalArgumentException} naming both counts.
 * Not thread-safe.
 */
public final class ReferenceCache {
  private record Key(Prompt prompt, String completion) {}

  private Policy reference;
  private final Map<Key, double[]> cache = new HashMap<>();
  private long hits;
  private long misses;

  /** A cache over {@code reference}. */
  public ReferenceCache(Policy reference) {
    this.reference = Require.nonNull("reference", reference);
  }

  /** The current reference policy. */
  public Policy reference() {
    return reference;
  }

  /** Replaces the reference and clears the cache. */
  public void reset(Policy newReference) {
    this.reference = Require.nonNull("reference", newReference);
    cache.clear();
  }

  /**
   * The reference's sequence log-probability of {@code completion}, which the policy scores with {@code policyTokens}
   * tokens.
   *
   * @throws IllegalArgumentException when the reference's token count differs from {@code policyTokens}
   */
  public double logProb(Prompt prompt, Completion completion, int policyTokens) {
    Key key = new Key(prompt, completion.text());
    double[] v = cache.get(key);
    if (v == null) {
      misses++;
      TokenLogProbs lp = reference.logProbs(prompt, completion);
      v = new double[] {lp.sum(), lp.length()};
      cache.put(key, v);
    } else {
      hits++;
    }
    Require.argument(
        (int) v[1] == policyTokens,
        "reference and policy must score completions with the same number of tokens (same shape), "
            + "policy had %d and reference %d for \"%s\"",
        policyTokens, (int) v[1], Require.abbreviate(completion.text(), 40));
    return v[0];
  }

  /** Cached entries. */
  public int size() {
    return cache.size();
  }

  /** Look-ups answered from the cache. */
  public long hits() {
    return hits;
  }

  /** Look-ups that ran the reference. */
  public long misses() {
    return misses;
  }
}
