package dev.align4j.rewards;

import dev.align4j.core.Policy;
import dev.align4j.core.RewardModel;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.ensemble.RewardEnsemble;
import dev.align4j.core.reward.ImplicitReward;
import dev.align4j.rewards.llm.LlmJudgeReward;
import dev.align4j.rewards.normalize.ClippedReward;
import dev.align4j.rewards.normalize.RunningMeanStd;
import dev.align4j.rewards.normalize.WhitenedReward;
import dev.align4j.rewards.rule.JsonValidityRule;
import dev.align4j.rewards.rule.KeywordRule;
import dev.align4j.rewards.rule.LengthNormalizedReward;
import dev.align4j.rewards.rule.LengthPenalty;
import dev.align4j.rewards.rule.LengthUnit;
import dev.align4j.rewards.rule.ReferenceAnswerRule;
import dev.align4j.rewards.rule.RegexRule;
import dev.align4j.testkit.contract.RewardModelContract;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;

/**
 * Every reward model of this module runs the reward-model contract ({@code alignment-testkit-contracts}); the learned
 * {@code FeatureRewardModel} runs it in {@code model.FeatureRewardModelContractTest}; the LLM judge runs it against a
 * deterministic fake chat model.
 */
class RewardModelContractTest {

  /** A reward that depends on the text, for the wrappers: the code point count minus a constant. */
  private static final RewardModel BASE = (p, c) -> {
    if (p == null || c == null) {
      throw new NullPointerException(p == null ? "prompt must not be null" : "completion must not be null");
    }
    return c.text().codePointCount(0, c.text().length()) * 0.1 - 2.0;
  };

  /** A policy whose per-byte log-probabilities are a fixed function of the completion's characters. */
  private static Policy textPolicy(double scale) {
    return new Policy() {
      @Override
      public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
        throw new UnsupportedOperationException("not needed by the contract");
      }

      @Override
      public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
        String t = completion.text();
        double[] lp = new double[Math.max(1, t.length())];
        for (int i = 0; i < lp.length; i++) {
          lp[i] = -scale * (1 + (i < t.length() ? t.charAt(i) % 7 : 0));
        }
        return new TokenLogProbs(lp);
      }
    };
  }

  @Nested
  class Ensemble implements RewardModelContract<RewardEnsemble> {
    @Override
    public RewardEnsemble rewardModel() {
      return RewardEnsemble.of(List.of(BASE, LengthPenalty.linear(LengthUnit.WORDS, 5, 0.2)));
    }
  }

  @Nested
  class Implicit implements RewardModelContract<ImplicitReward> {
    @Override
    public ImplicitReward rewardModel() {
      return ImplicitReward.of(textPolicy(0.5), textPolicy(0.7), 0.1);
    }
  }

  @Nested
  class Clipped implements RewardModelContract<ClippedReward> {
    @Override
    public ClippedReward rewardModel() {
      return ClippedReward.of(BASE, -1.5, 3.0);
    }
  }

  @Nested
  class Whitened implements RewardModelContract<WhitenedReward> {
    @Override
    public WhitenedReward rewardModel() {
      RunningMeanStd stats = new RunningMeanStd();
      stats.updateAll(new double[] {-1.0, 0.5, 2.0, 3.5});
      return WhitenedReward.frozen(BASE, stats);
    }
  }

  @Nested
  class JsonValidity implements RewardModelContract<JsonValidityRule> {
    @Override
    public JsonValidityRule rewardModel() {
      return JsonValidityRule.strict();
    }
  }

  @Nested
  class ReferenceAnswer implements RewardModelContract<ReferenceAnswerRule> {
    @Override
    public ReferenceAnswerRule rewardModel() {
      return ReferenceAnswerRule.exact(p -> "Paris");
    }
  }

  @Nested
  class Length implements RewardModelContract<LengthPenalty> {
    @Override
    public LengthPenalty rewardModel() {
      return LengthPenalty.overlong(LengthUnit.CHARACTERS, 40, 10);
    }
  }

  @Nested
  class LengthNormalized implements RewardModelContract<LengthNormalizedReward> {
    @Override
    public LengthNormalizedReward rewardModel() {
      return LengthNormalizedReward.of(BASE, LengthUnit.WORDS, 0.5);
    }
  }

  @Nested
  class Regex implements RewardModelContract<RegexRule> {
    @Override
    public RegexRule rewardModel() {
      return RegexRule.contains(Pattern.compile("(?i)paris|rain"));
    }
  }

  @Nested
  class Keyword implements RewardModelContract<KeywordRule> {
    @Override
    public KeywordRule rewardModel() {
      return KeywordRule.of(KeywordRule.Mode.ALL, List.of("rain", "earth"));
    }
  }

  @Nested
  class LlmJudge implements RewardModelContract<LlmJudgeReward> {
    /** A judge whose rating (1 to 10) is a fixed function of the text it is shown. */
    private final ChatModel judge =
        request -> ChatResponse.ofText("Rating: [[" + (1 + request.messages().get(0).content().length() % 10) + "]]");

    @Override
    public LlmJudgeReward rewardModel() {
      return LlmJudgeReward.builder(judge).build();
    }
  }
}
