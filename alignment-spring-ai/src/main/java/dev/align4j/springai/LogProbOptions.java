package dev.align4j.springai;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.springframework.ai.chat.prompt.ChatOptions;

/**
 * How to ask a Spring AI provider for token log-probabilities. Spring AI's portable {@link ChatOptions} has no such
 * switch (as of 2.0): each provider's options builder has its own. Given the request's options builder (from
 * {@link ChatOptions#mutate()}, so of the provider's own type) and the number of top alternatives wanted per token,
 * an implementation switches log-probabilities on and returns true, or returns false when this provider cannot return
 * them — the judge then works from hard labels.
 */
@FunctionalInterface
public interface LogProbOptions {

  /**
   * Switches log-probabilities on in {@code builder}.
   *
   * @param builder the request's options builder, of the provider's own type
   * @param topLogProbs top alternatives wanted per token, 1 to 20
   * @return whether the builder now asks for log-probabilities
   */
  boolean request(ChatOptions.Builder<?> builder, int topLogProbs);

  /** Never asks: every answer is read as text (hard labels). */
  static LogProbOptions none() {
    return (builder, k) -> false;
  }

  /**
   * The builder convention of Spring AI's OpenAI-compatible providers (OpenAI, Azure OpenAI, Mistral, DeepSeek and
   * other OpenAI-compatible endpoints): public methods {@code logprobs(Boolean)} (or {@code logProbs(Boolean)}) and
   * {@code topLogprobs(Integer)} on the options builder, found by name at run time so that this module needs no
   * provider on its class path. A builder without both methods is a provider without log-probabilities.
   */
  static LogProbOptions builderConvention() {
    return (builder, k) -> {
      Optional<Method> on =
          method(builder, "logprobs", Boolean.class)
              .or(() -> method(builder, "logProbs", Boolean.class));
      Optional<Method> top = method(builder, "topLogprobs", Integer.class);
      if (on.isEmpty() || top.isEmpty()) {
        return false;
      }
      try {
        on.get().invoke(builder, Boolean.TRUE);
        top.get().invoke(builder, k);
        return true;
      } catch (IllegalAccessException e) {
        return false;
      } catch (InvocationTargetException e) {
        throw new IllegalStateException(
            "the options builder "
                + builder.getClass().getName()
                + " refused log-probabilities (top "
                + k
                + ")",
            e.getCause());
      }
    };
  }

  private static Optional<Method> method(Object target, String name, Class<?> parameter) {
    try {
      Method m = target.getClass().getMethod(name, parameter);
      return m.canAccess(target) ? Optional.of(m) : Optional.empty();
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }
}
