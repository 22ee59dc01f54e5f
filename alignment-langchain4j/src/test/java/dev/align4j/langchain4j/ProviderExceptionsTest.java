package dev.align4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.align4j.core.llm.AuthenticationException;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.RateLimitException;
import dev.align4j.core.llm.RemoteTimeoutException;
import dev.align4j.core.llm.RetriableChatModelException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.TimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The table of {@link ProviderExceptions}: every LangChain4j exception type and HTTP status to its align4j type. */
class ProviderExceptionsTest {

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            new dev.langchain4j.exception.RateLimitException("x"), RateLimitException.class, true),
        Arguments.of(new HttpException(429, "x"), RateLimitException.class, true),
        Arguments.of(new TimeoutException("x"), RemoteTimeoutException.class, true),
        Arguments.of(new HttpException(408, "x"), RemoteTimeoutException.class, true),
        Arguments.of(
            new RuntimeException(new HttpTimeoutException("x")),
            RemoteTimeoutException.class,
            true),
        Arguments.of(
            new dev.langchain4j.exception.AuthenticationException("x"),
            AuthenticationException.class,
            false),
        Arguments.of(new HttpException(401, "x"), AuthenticationException.class, false),
        Arguments.of(new HttpException(403, "x"), AuthenticationException.class, false),
        Arguments.of(new InternalServerException("x"), RetriableChatModelException.class, true),
        Arguments.of(new HttpException(503, "x"), RetriableChatModelException.class, true),
        Arguments.of(
            new RuntimeException(new ConnectException()), RetriableChatModelException.class, true),
        Arguments.of(
            new ContentFilteredException("x"), NonRetriableChatModelException.class, false),
        Arguments.of(new InvalidRequestException("x"), NonRetriableChatModelException.class, false),
        Arguments.of(new ModelNotFoundException("x"), NonRetriableChatModelException.class, false),
        Arguments.of(new HttpException(422, "x"), NonRetriableChatModelException.class, false),
        Arguments.of(new LangChain4jException("x"), NonRetriableChatModelException.class, false),
        Arguments.of(new IllegalStateException("x"), NonRetriableChatModelException.class, false),
        Arguments.of(
            new LangChain4jException(new IOException("reset")),
            RetriableChatModelException.class,
            true));
  }

  @ParameterizedTest
  @MethodSource("table")
  void mapsToTheAlign4jTypeAndKeepsTheCause(
      RuntimeException failure, Class<?> expected, boolean retryable) {
    ChatModelException e = ProviderExceptions.toAlign4j("m", failure);
    assertEquals(expected, e.getClass(), failure::toString);
    assertEquals(retryable, e.retryable());
    assertSame(failure, e.getCause());
    assertEquals(retryable, e instanceof RetriableChatModelException);
  }

  @ParameterizedTest
  @MethodSource("table")
  void theMessageNamesTheModelButNotTheProvidersText(
      RuntimeException failure, Class<?> expected, boolean r) {
    ChatModelException e = ProviderExceptions.toAlign4j("gpt-x", failure);
    assertEquals(true, e.getMessage().startsWith("gpt-x: "), e.getMessage());
    assertInstanceOf(expected, e);
  }
}
