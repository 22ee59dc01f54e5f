package dev.align4j.rollout.shadow;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Compares mirrored candidate and incumbent answers with a judge asked in both orders (RLAIF, Lee et al. 2023; the
 * position-bias control of Zheng et al. 2023), and sends uncertain pairs to human review (reference §B.7.3, G8).
 *
 * <p>A pair is uncertain when the two orders disagree on the winner or when the soft score lies within
 * {@code uncertaintyBand} of ½. The returned {@link ShadowJudgement#score()} (in [0, 1]) is what to record into the
 * gate's win-rate metric. Both judge calls are made at once; completion runs on whatever threads the
 * {@link FeedbackSource}s use (no threads are created here).
 *
 * <p>Answers are read by content, not by position: each returned {@link PairwiseComparison} is matched to its request
 * by the texts of the two answers ({@link PairwiseComparison#orientedTo}), so a source that puts the preferred answer
 * in A ({@code PairwiseComparison.preferring(prompt, chosen, rejected, …)}) is read right, and an answer about other
 * texts (or another prompt) fails the returned stage with an {@link IllegalStateException} naming the source, the
 * request id and the texts. A candidate answer with the same text as the incumbent's is a tie by definition: it is
 * scored ½ (consistent, no human review) without asking anyone.
 *
 * <p>Side effects: the candidate's answers must come from a mirror that stubs or denies tool calls with side
 * effects (Flagger's idempotency warning); this class only ever sees the text.
 */
public final class ShadowComparator {
  private final FeedbackSource judge;
  private final FeedbackSource humanReview;
  private final double uncertaintyBand;

  private ShadowComparator(Builder b) {
    this.judge = Require.nonNull("judge", b.judge);
    this.humanReview = Require.nonNull("humanReview", b.humanReview);
    this.uncertaintyBand = Require.inClosedRange("uncertaintyBand", b.uncertaintyBand, 0, 0.5);
  }

  /** A builder with a judge and a human-review source. */
  public static Builder builder(FeedbackSource judge, FeedbackSource humanReview) {
    return new Builder(judge, humanReview);
  }

  /** Judges one pair (both orders), escalating to a human when uncertain. */
  public CompletionStage<ShadowJudgement> compare(MirroredPair pair) {
    Require.nonNull("pair", pair);
    if (pair.candidate().text().equals(pair.incumbent().text())) {
      return CompletableFuture.completedFuture(new ShadowJudgement(pair.id(), 0.5, 0.5, 0.5, 0.5, true, null, 0.5));
    }
    FeedbackRequest incumbentFirst =
        FeedbackRequest.pairwise(pair.id() + "#inc-first", pair.prompt(), pair.incumbent(), pair.candidate())
            .withMetadata("shadow", "incumbent-first");
    FeedbackRequest candidateFirst =
        FeedbackRequest.pairwise(pair.id() + "#cand-first", pair.prompt(), pair.candidate(), pair.incumbent())
            .withMetadata("shadow", "candidate-first");
    CompletableFuture<Feedback> first = judge.request(incumbentFirst).toCompletableFuture();
    CompletableFuture<Feedback> second = judge.request(candidateFirst).toCompletableFuture();
    return first.thenCombine(second, (f1, f2) -> {
      double p1 = candidateWins(f1, incumbentFirst, pair, "judge (incumbent first)");
      double p2 = candidateWins(f2, candidateFirst, pair, "judge (candidate first)");
      return new double[] {p1, p2};
    }).thenCompose(p -> {
      double soft = 0.5 * (p[0] + p[1]);
      boolean consistent = Math.signum(p[0] - 0.5) == Math.signum(p[1] - 0.5);
      double hard = consistent ? (p[0] > 0.5 ? 1 : p[0] < 0.5 ? 0 : 0.5) : 0.5;
      boolean uncertain = !consistent || Math.abs(soft - 0.5) < uncertaintyBand;
      if (!uncertain) {
        return CompletableFuture.completedFuture(
            new ShadowJudgement(pair.id(), p[0], p[1], soft, hard, consistent, null, soft));
      }
      FeedbackRequest review = FeedbackRequest.pairwise(pair.id() + "#human", pair.prompt(), pair.candidate(),
          pair.incumbent()).withMetadata("shadow", "human-review");
      return humanReview.request(review).thenApply(h -> {
        double hs = candidateWins(h, review, pair, "human review");
        return new ShadowJudgement(pair.id(), p[0], p[1], soft, hard, consistent, hs, hs);
      });
    });
  }

  /** P(candidate better) from {@code f}, the answer to {@code request}, matched by the answers' texts. */
  private static double candidateWins(Feedback f, FeedbackRequest request, MirroredPair pair, String who) {
    if (!(f instanceof PairwiseComparison)) {
      throw new IllegalStateException(who + " must answer a pairwise request with a PairwiseComparison, was "
          + f.getClass().getSimpleName());
    }
    try {
      return ((PairwiseComparison) f).orientedTo(pair.prompt(), pair.candidate(), pair.incumbent())
          .effectiveProbabilityA();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          who + " answered request \"" + request.id() + "\" about other answers than those it was asked about: "
              + e.getMessage(),
          e);
    }
  }

  /** Builds a {@link ShadowComparator}; the default uncertainty band is 0.1. */
  public static final class Builder {
    private final FeedbackSource judge;
    private final FeedbackSource humanReview;
    private double uncertaintyBand = 0.1;

    private Builder(FeedbackSource judge, FeedbackSource humanReview) {
      this.judge = judge;
      this.humanReview = humanReview;
    }

    /** Soft scores within this distance of ½ go to human review (default 0.1), in [0, 0.5]. */
    public Builder uncertaintyBand(double uncertaintyBand) {
      this.uncertaintyBand = uncertaintyBand;
      return this;
    }

    /** Builds. */
    public ShadowComparator build() {
      return new ShadowComparator(this);
    }
  }
}
