package dev.align4j.examples.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.AlignmentException;
import dev.align4j.core.data.DatasetFormatMismatchException;
import dev.align4j.core.data.DatasetLineException;
import dev.align4j.core.llm.AuthenticationException;
import dev.align4j.core.llm.BadResponseException;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.RateLimitException;
import dev.align4j.core.llm.RemoteTimeoutException;
import dev.align4j.core.llm.RetriableChatModelException;
import dev.align4j.feedback.http.CircuitOpenException;
import dev.align4j.feedback.judge.UnparseableVerdictException;
import dev.align4j.optimizers.optimizer.NonFiniteLossException;
import dev.align4j.policies.lm.CheckpointException;
import dev.align4j.rewards.feature.FeatureDimensionException;
import dev.align4j.rewards.io.CorruptModelFileException;
import dev.align4j.rewards.llm.UnscorableCompletionException;
import dev.align4j.rollout.audit.TamperedAuditLogException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The exception hierarchy the core README documents: {@link AlignmentException} is the unchecked root of every failure
 * that is not a bad argument or an I/O failure; remote calls split into retriable and non-retriable subtypes; bad input
 * stays {@link IllegalArgumentException} and damaged files stay checked {@link IOException}s.
 */
class ExceptionHierarchyTest {
  private static void assertSubtype(Class<?> parent, Class<?> child) {
    assertTrue(parent.isAssignableFrom(child), child.getSimpleName() + " must extend " + parent.getSimpleName());
  }

  @Test
  void remoteCallFailuresAreRetriableOrNot() {
    assertSubtype(RuntimeException.class, AlignmentException.class);
    assertSubtype(AlignmentException.class, ChatModelException.class);
    assertSubtype(RetriableChatModelException.class, RateLimitException.class);
    assertSubtype(RetriableChatModelException.class, RemoteTimeoutException.class);
    assertSubtype(RetriableChatModelException.class, BadResponseException.class);
    assertSubtype(RetriableChatModelException.class, CircuitOpenException.class);
    assertSubtype(NonRetriableChatModelException.class, AuthenticationException.class);
    assertSubtype(ChatModelException.class, RetriableChatModelException.class);
    assertSubtype(ChatModelException.class, NonRetriableChatModelException.class);
  }

  @Test
  void otherFailuresShareTheRoot() {
    assertSubtype(AlignmentException.class, UnparseableVerdictException.class);
    assertSubtype(AlignmentException.class, UnscorableCompletionException.class);
    assertSubtype(AlignmentException.class, NonFiniteLossException.class);
    assertSubtype(AlignmentException.class, TamperedAuditLogException.class);
  }

  @Test
  void badInputStaysIllegalArgumentAndDamagedFilesStayChecked() {
    assertSubtype(IllegalArgumentException.class, DatasetLineException.class);
    assertSubtype(IllegalArgumentException.class, DatasetFormatMismatchException.class);
    assertSubtype(IllegalArgumentException.class, FeatureDimensionException.class);
    assertSubtype(IOException.class, CorruptModelFileException.class);
    assertSubtype(IOException.class, CheckpointException.class);
  }
}
