package dev.align4j.feedback;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.RewardModel;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.judge.JudgeFixtures;
import dev.align4j.feedback.judge.LlmJudge;
import dev.align4j.feedback.rule.ScoringFeedbackSource;
import dev.align4j.testkit.contract.FeedbackSourceContract;
import java.util.List;
import org.junit.jupiter.api.Nested;

/**
 * The feedback sources of this module run the feedback-source contract ({@code alignment-testkit-contracts}): the
 * scoring sources (reward model, rule) on every kind they answer, the LLM judge on pairwise requests against a fake
 * chat model.
 */
class FeedbackSourceContractTest {
  private static final Prompt PROMPT = Prompt.of("Say something kind.");
  private static final Completion GOOD = Completion.of("good: you did well today");
  private static final Completion BAD = Completion.of("bad: whatever");
  private static final Completion OTHER = Completion.of("good enough, thanks");
  /** Longer is better; finite everywhere. */
  private static final RewardModel LENGTH = (p, c) -> c.text().length() / 10.0;

  private static List<FeedbackRequest> allKinds() {
    return List.of(
        FeedbackRequest.pairwise("r1", PROMPT, GOOD, BAD),
        FeedbackRequest.pairwise("r2", PROMPT, BAD, OTHER),
        FeedbackRequest.ranking("r3", PROMPT, List.of(BAD, GOOD, OTHER)),
        FeedbackRequest.rating("r4", PROMPT, GOOD, RatingScale.ONE_TO_TEN),
        FeedbackRequest.binary("r5", PROMPT, BAD));
  }

  @Nested
  class RewardModelSource implements FeedbackSourceContract<ScoringFeedbackSource> {
    @Override
    public ScoringFeedbackSource feedbackSource() {
      return ScoringFeedbackSource.fromRewardModel("length-v1", LENGTH);
    }

    @Override
    public List<FeedbackRequest> requests() {
      return allKinds();
    }
  }

  @Nested
  class RuleSource implements FeedbackSourceContract<ScoringFeedbackSource> {
    @Override
    public ScoringFeedbackSource feedbackSource() {
      return ScoringFeedbackSource.fromRule("starts-good", (p, c) -> c.text().startsWith("good") ? 1.0 : 0.0);
    }

    @Override
    public List<FeedbackRequest> requests() {
      return allKinds();
    }
  }

  @Nested
  class Judge implements FeedbackSourceContract<LlmJudge> {
    @Override
    public LlmJudge feedbackSource() {
      return LlmJudge.builder().model(JudgeFixtures.preferring(t -> t.startsWith("good"), 0.9)).build();
    }

    @Override
    public List<FeedbackRequest> requests() {
      return List.of(FeedbackRequest.pairwise("j1", PROMPT, GOOD, BAD), FeedbackRequest.pairwise("j2", PROMPT, BAD,
          OTHER), FeedbackRequest.pairwise("j3", PROMPT, OTHER, GOOD));
    }
  }
}
