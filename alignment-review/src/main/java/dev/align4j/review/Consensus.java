package dev.align4j.review;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.SourceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The label of an item answered by N ≥ 2 reviewers (overlap), from their labels:
 *
 * <ul>
 *   <li>pairwise: the outcome most reviewers chose (a plurality); a tie between outcomes gives {@link Outcome#TIE}
 *       (the tie outcome); {@code probabilityA} = the mean of the reviewers' p(A) (1 for A, 0 for B, ½ for a
 *       tie or both-bad), a soft label as in {@code SoftLabel}; strength the mean of the strengths given;
 *   <li>binary: desirable when more than half say so; an even split is <em>not</em> desirable (a completion half the
 *       reviewers reject is not a positive example);
 *   <li>rating: the mean of the values (each already the mean of the rubric's criteria);
 *   <li>ranking: Borda count (the mean position of each candidate), ties broken by the lower candidate index.
 * </ul>
 *
 * <p>With one reviewer the label is that reviewer's label unchanged. The consensus label's provenance is
 * {@code HUMAN}, source {@code "review-consensus"}, stamped with the completion time, and lists the reviewers
 * ({@code reviewers}) and the number of votes ({@code votes}).
 */
final class Consensus {
  static final String SOURCE = "review-consensus";

  private Consensus() {}

  static Feedback of(
      FeedbackRequest request, List<Feedback> labels, List<String> reviewers, Instant at) {
    if (labels.size() == 1) {
      return labels.get(0);
    }
    Map<String, String> attrs = new TreeMap<>();
    attrs.put("reviewers", String.join(",", reviewers));
    attrs.put("votes", Integer.toString(labels.size()));
    Provenance p = new Provenance(SourceKind.HUMAN, SOURCE, null, null, at, attrs);
    var prompt = request.prompt();
    var cs = request.candidates();
    switch (request.kind()) {
      case PAIRWISE -> {
        Map<Outcome, Integer> votes = new EnumMap<>(Outcome.class);
        double pA = 0;
        double strength = 0;
        int strengths = 0;
        for (Feedback f : labels) {
          PairwiseComparison c = ((PairwiseComparison) f).orientedTo(prompt, cs.get(0), cs.get(1));
          votes.merge(c.outcome(), 1, Integer::sum);
          pA += c.effectiveProbabilityA();
          if (c.strength() != null) {
            strength += c.strength();
            strengths++;
          }
        }
        int best = votes.values().stream().max(Integer::compare).orElseThrow();
        List<Outcome> top = new ArrayList<>();
        votes.forEach(
            (o, n) -> {
              if (n == best) {
                top.add(o);
              }
            });
        Outcome outcome = top.size() == 1 ? top.get(0) : Outcome.TIE;
        return new PairwiseComparison(
            prompt,
            cs.get(0),
            cs.get(1),
            outcome,
            pA / labels.size(),
            strengths == 0 ? null : strength / strengths,
            presentation(labels),
            p);
      }
      case BINARY -> {
        int yes = 0;
        for (Feedback f : labels) {
          yes += ((BinaryLabel) f).desirable() ? 1 : 0;
        }
        return new BinaryLabel(prompt, cs.get(0), 2 * yes > labels.size(), p);
      }
      case RATING -> {
        double sum = 0;
        for (Feedback f : labels) {
          sum += ((Rating) f).value();
        }
        return new Rating(
            prompt, cs.get(0), sum / labels.size(), Objects.requireNonNull(request.scale()), p);
      }
      case RANKING -> {
        int k = cs.size();
        double[] position = new double[k];
        for (Feedback f : labels) {
          Ranking r = (Ranking) f;
          for (int pos = 0; pos < k; pos++) {
            // the reviewer's ranking is over the request's candidates in the request's order
            // (Answer builds it so)
            position[r.order().get(pos)] += pos;
          }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < k; i++) {
          order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> position[i]).thenComparingInt(i -> i));
        return new Ranking(prompt, cs, order, p);
      }
      default -> throw new IllegalStateException("unknown kind " + request.kind());
    }
  }

  private static Presentation presentation(List<Feedback> labels) {
    Presentation first = ((PairwiseComparison) labels.get(0)).presentation();
    for (Feedback f : labels) {
      if (((PairwiseComparison) f).presentation() != first) {
        return Presentation.BOTH_ORDERS;
      }
    }
    return first;
  }
}
