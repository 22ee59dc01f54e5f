package dev.align4j.optimizers.optimizer;

import dev.align4j.core.Policy;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
      v = entry(reference.logProbs(prompt, completion));
      cache.put(key, v);
    } else {
      hits++;
    }
    return checkedLogProb(v, completion, policyTokens);
  }

  /**
   * The reference's sequence log-probabilities of a batch: element i is what {@link #logProb} gives for
   * {@code (prompts.get(i), completions.get(i), policyTokens[i])}. The completions not cached yet are scored by one
   * {@code reference.logProbsBatch} call (each distinct completion once); the hit and miss counts are those of
   * {@link #logProb} called on each element in order (a completion repeated in the batch is a miss, then hits). When
   * the reference refuses a completion nothing is cached or counted.
   *
   * @throws IllegalArgumentException when the lists' sizes differ, or naming the element as {@code "batch example i: "}
   *     (i its index in these lists) when the reference refuses it or scores it with another token count than
   *     {@code policyTokens[i]}
   */
  public double[] logProbs(List<Prompt> prompts, List<Completion> completions, int[] policyTokens) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("completions", completions);
    Require.nonNull("policyTokens", policyTokens);
    Require.sameLength("prompts", prompts.size(), "completions", completions.size());
    Require.sameLength("prompts", prompts.size(), "policyTokens", policyTokens.length);
    int n = prompts.size();
    Key[] keys = new Key[n];
    Set<Key> pending = new HashSet<>();
    List<Prompt> missPrompts = new ArrayList<>();
    List<Completion> missCompletions = new ArrayList<>();
    List<Integer> missOrigin = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      keys[i] = new Key(prompts.get(i), completions.get(i).text());
      if (!cache.containsKey(keys[i]) && pending.add(keys[i])) {
        missPrompts.add(prompts.get(i));
        missCompletions.add(completions.get(i));
        missOrigin.add(i);
      }
    }
    List<TokenLogProbs> scored;
    if (missPrompts.isEmpty()) {
      scored = List.of();
    } else {
      scored =
          InputChecks.namedBatch(
              j -> "batch example " + missOrigin.get(j),
              () -> reference.logProbsBatch(missPrompts, missCompletions));
    }
    Require.argument(
        scored.size() == missPrompts.size(),
        "the reference must score each of the %d completions once, scored %d",
        missPrompts.size(),
        scored.size());
    for (int j = 0; j < scored.size(); j++) {
      cache.put(keys[missOrigin.get(j)], entry(scored.get(j)));
    }
    misses += scored.size();
    hits += n - scored.size();
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int at = i;
      out[i] =
          InputChecks.named(
              "batch example " + i,
              () -> checkedLogProb(cache.get(keys[at]), completions.get(at), policyTokens[at]));
    }
    return out;
  }

  private static double[] entry(TokenLogProbs lp) {
    return new double[] {lp.sum(), lp.length()};
  }

  private static double checkedLogProb(double[] v, Completion completion, int policyTokens) {
    Require.argument(
        (int) v[1] == policyTokens,
        "reference and policy must score completions with the same number of tokens (same shape), "
            + "policy had %d and reference %d for \"%s\"",
        policyTokens,
        (int) v[1],
        Require.abbreviate(completion.text(), 40));
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
