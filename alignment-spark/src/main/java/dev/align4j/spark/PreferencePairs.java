package dev.align4j.spark;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The single-machine construction of preference data from one prompt's scored completions; the Spark job
 * ({@link PreferenceDataBuilder}) calls exactly this on each prompt's group, so both give the same pairs in the same
 * order.
 *
 * <ol>
 *   <li>Deduplicate: completions with the same {@link ContentHash} of (prompt, completion) count once (the first in
 *       ranking order is kept).
 *   <li>Rank: by score, highest first; equal scores by the completion's content hash, ascending.
 *   <li>Pair by the {@link PairingStrategy}.
 * </ol>
 */
public final class PreferencePairs {
  private PreferencePairs() {}

  /** {@code samples} of {@code prompt} deduplicated by content and ranked best first. */
  public static List<ScoredCompletion> rank(String prompt, List<ScoredCompletion> samples) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("samples", samples);
    record Keyed(ScoredCompletion sample, String hash) {}
    List<Keyed> keyed = new ArrayList<>(samples.size());
    for (ScoredCompletion s : samples) {
      keyed.add(new Keyed(Require.nonNull("sample", s), ContentHash.of(prompt, s.completion())));
    }
    keyed.sort(
        Comparator.comparingDouble((Keyed k) -> -k.sample().score()).thenComparing(Keyed::hash));
    Set<String> seen = new HashSet<>();
    List<ScoredCompletion> out = new ArrayList<>(keyed.size());
    for (Keyed k : keyed) {
      if (seen.add(k.hash())) {
        out.add(k.sample());
      }
    }
    return out;
  }

  /**
   * The pairs of {@code prompt} under a paired strategy, in ranking order (by the chosen completion's rank, then the
   * rejected one's).
   *
   * @throws IllegalArgumentException for {@link PairingStrategy.Listwise}, which makes a ranking, not pairs
   */
  public static List<PreferencePair> pairs(
      String prompt, List<ScoredCompletion> samples, PairingStrategy strategy) {
    Require.nonNull("strategy", strategy);
    List<ScoredCompletion> ranked = rank(prompt, samples);
    List<PreferencePair> out = new ArrayList<>();
    int n = ranked.size();
    if (strategy instanceof PairingStrategy.BestVsWorst b) {
      if (n >= 2 && ranked.get(0).score() - ranked.get(n - 1).score() > b.minMargin()) {
        out.add(pair(prompt, ranked.get(0), ranked.get(n - 1)));
      }
    } else if (strategy instanceof PairingStrategy.AllPairs a) {
      for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
          if (ranked.get(i).score() - ranked.get(j).score() > a.minMargin()) {
            out.add(pair(prompt, ranked.get(i), ranked.get(j)));
          }
        }
      }
    } else {
      throw new IllegalArgumentException(
          "strategy must be a paired strategy (BestVsWorst or AllPairs), was "
              + strategy
              + "; use rank for a listwise ranking");
    }
    return out;
  }

  private static PreferencePair pair(
      String prompt, ScoredCompletion chosen, ScoredCompletion rejected) {
    return new PreferencePair(
        prompt, chosen.completion(), rejected.completion(), chosen.score(), rejected.score());
  }
}
