package dev.align4j.spark.judge;

import dev.align4j.core.FeedbackSource;
import java.io.Serializable;

/**
 * Builds the judge on an executor. The factory is serialised with the job and called once per executor JVM (the
 * judge it returns is shared by every task of that job on that executor), so a judge holding an HTTP client, a
 * connection pool or a loaded model is built once, not once per row or per task. Write it as a lambda over
 * serialisable values, e.g. {@code () -> LlmJudge.builder().model(OpenAiChatModel.builder()...build()).build()}.
 */
@FunctionalInterface
public interface JudgeFactory extends Serializable {
  /** A new judge; called once per executor and job. */
  FeedbackSource create();
}
