package dev.align4j.jpmscheck.policiesonly;

import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.policies.LogLinearPolicy;
import dev.align4j.policies.token.ByteTokenizer;
import dev.align4j.policies.token.Tokenizer;

/** Names types of {@code dev.align4j.policies} and of the modules its API exposes. */
public final class Uses {
  private Uses() {}

  /**
   * Uses the API.
   *
   * @return a value, so that nothing is dead code
   */
  public static Object use() {
    Tokenizer tokenizer = ByteTokenizer.INSTANCE;
    LogLinearPolicy.Builder builder = LogLinearPolicy.builder();
    return tokenizer.encode(Prompt.of("hi").text()).length + " " + builder + LearningRateSchedule.class.getName();
  }
}
