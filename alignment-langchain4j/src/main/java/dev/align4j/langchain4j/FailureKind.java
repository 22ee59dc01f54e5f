package dev.align4j.langchain4j;

import dev.align4j.core.llm.AuthenticationException;
import dev.align4j.core.llm.BadResponseException;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.RateLimitException;
import dev.align4j.core.llm.RemoteTimeoutException;
import dev.align4j.core.llm.RetriableChatModelException;

/**
 * The kinds of provider failure {@link ProviderExceptions} tells apart, each with the align4j exception it becomes.
 * (A file of its own because LangChain4j and align4j both name exceptions {@code RateLimitException} and
 * {@code AuthenticationException}: this file imports align4j's, {@code ProviderExceptions} LangChain4j's.)
 */
enum FailureKind {
  RATE_LIMIT("rate limited") {
    @Override
    ChatModelException toException(String message, Throwable cause) {
      return new RateLimitException(message, null, cause);
    }
  },
  TIMEOUT("timed out") {
    @Override
    ChatModelException toException(String message, Throwable cause) {
      return new RemoteTimeoutException(message, null, cause);
    }
  },
  AUTHENTICATION("credentials or permission refused") {
    @Override
    ChatModelException toException(String message, Throwable cause) {
      return new AuthenticationException(message, cause);
    }
  },
  CONTENT_FILTERED("the provider's content filter refused") {
    @Override
    ChatModelException toException(String message, Throwable cause) {
      return new NonRetriableChatModelException(message, cause);
    }
  },
  SERVER_ERROR("server error") {
    @Override
    ChatModelException toException(String message, Throwable cause) {
      return new RetriableChatModelException(message, null, cause);
    }
  },
  REFUSED("request refused") {
    @Override
    ChatModelException toException(String message, Throwable cause) {
      return new NonRetriableChatModelException(message, cause);
    }
  },
  BAD_RESPONSE("the answer does not parse") {
    @Override
    ChatModelException toException(String message, Throwable cause) {
      return new BadResponseException(message, cause);
    }
  },
  TRANSPORT("transport failure") {
    @Override
    ChatModelException toException(String message, Throwable cause) {
      return new RetriableChatModelException(message, null, cause);
    }
  },
  OTHER("the model call failed") {
    @Override
    ChatModelException toException(String message, Throwable cause) {
      return new NonRetriableChatModelException(message, cause);
    }
  };

  /** What happened, in words, for the exception's message. */
  final String description;

  FailureKind(String description) {
    this.description = description;
  }

  /** The align4j exception of this kind. */
  abstract ChatModelException toException(String message, Throwable cause);
}
