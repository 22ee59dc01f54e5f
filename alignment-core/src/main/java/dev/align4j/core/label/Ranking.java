package dev.align4j.core.label;

import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A listwise label: the candidates of one prompt ordered from best to worst (the input of Plackett–Luce DPO, PRO,
 * LiPO and RRHF).
 *
 * @param prompt the prompt
 * @param candidates the k ≥ 2 completions, in any order
 * @param order a permutation of {@code 0..k-1}: {@code order.get(0)} is the index of the best candidate
 * @param provenance who ranked them
 */
public record Ranking(Prompt prompt, List<Completion> candidates, List<Integer> order, Provenance provenance)
    implements Feedback {

  /** Validates: at least two candidates, and {@code order} a permutation of their indices (no duplicates). */
  public Ranking {
    Require.nonNull("prompt", prompt);
    Require.nonNull("provenance", provenance);
    candidates = List.copyOf(Require.nonNull("candidates", candidates));
    order = List.copyOf(Require.nonNull("order", order));
    Require.argument(candidates.size() >= 2, "candidates must hold at least 2 completions, had %d", candidates.size());
    Require.sameLength("candidates", candidates.size(), "order", order.size());
    boolean[] seen = new boolean[candidates.size()];
    for (int i = 0; i < order.size(); i++) {
      int idx = order.get(i);
      Require.argument(
          idx >= 0 && idx < candidates.size(),
          "order[%d] must be a candidate index in [0, %d], was %d", i, candidates.size() - 1, idx);
      Require.argument(!seen[idx], "order must not repeat a candidate, index %d appears twice", idx);
      seen[idx] = true;
    }
  }

  /** The candidates from best to worst. */
  public List<Completion> ranked() {
    return order.stream().map(candidates::get).collect(Collectors.toUnmodifiableList());
  }

  /** The rank (0 = best) of candidate {@code index}. */
  public int rankOf(int index) {
    Require.inClosedRange("index", index, 0, candidates.size() - 1);
    return order.indexOf(index);
  }
}
