package dev.align4j.springai;

import dev.align4j.core.llm.TokenLogProb;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the token log-probabilities a Spring AI provider put in a generation's metadata under {@code "logprobs"}.
 * Providers store their own type there (OpenAI's {@code LogProbs} record with {@code content()}, a list of entries,
 * a JSON-like map), so the value is read by shape, not by type:
 *
 * <ul>
 *   <li>a holder with a list of entries: a {@code content} accessor ({@code content()} or {@code getContent()},
 *       plain or {@code Optional}) or a {@code "content"} map key; or the list itself;
 *   <li>each entry: {@code token}, {@code logprob} and {@code top_logprobs} / {@code topLogprobs}, as accessors or
 *       map keys; each alternative: {@code token} and {@code logprob};
 *   <li>align4j's own {@link TokenLogProb}s, as they are.
 * </ul>
 *
 * <p>Anything else (no value, an unknown shape, a positive or non-finite log-probability) reads as "none returned":
 * empty, never an exception, so that the judge falls back to its hard label.
 */
final class LogProbsReader {
  private LogProbsReader() {}

  /** The tokens in {@code value}, or empty when there are none or the shape is not understood. */
  static List<TokenLogProb> read(@Nullable Object value) {
    Object entries = value instanceof Collection<?> ? value : property(value, "content");
    if (!(entries instanceof Collection<?>)) {
      return List.of();
    }
    List<TokenLogProb> out = new ArrayList<>();
    for (Object entry : (Collection<?>) entries) {
      if (entry instanceof TokenLogProb) {
        out.add((TokenLogProb) entry);
        continue;
      }
      Object token = property(entry, "token");
      Double logProb = number(property(entry, "logprob"));
      if (!(token instanceof String) || logProb == null) {
        return List.of();
      }
      List<TokenLogProb.Alternative> alternatives = new ArrayList<>();
      Object top = property(entry, "topLogprobs");
      if (top == null) {
        top = property(entry, "top_logprobs");
      }
      if (top instanceof Collection<?>) {
        for (Object alt : (Collection<?>) top) {
          Object altToken = property(alt, "token");
          Double altLogProb = number(property(alt, "logprob"));
          if (!(altToken instanceof String) || altLogProb == null) {
            return List.of();
          }
          alternatives.add(new TokenLogProb.Alternative((String) altToken, altLogProb));
        }
      }
      out.add(new TokenLogProb((String) token, logProb, alternatives));
    }
    return List.copyOf(out);
  }

  private static @Nullable Double number(@Nullable Object value) {
    if (!(value instanceof Number)) {
      return null;
    }
    double d = ((Number) value).doubleValue();
    return Double.isFinite(d) && d <= 0 ? d : null;
  }

  /** {@code name} of {@code target}: a map key or an accessor ({@code name()}, {@code getName()}); unwraps Optional. */
  private static @Nullable Object property(@Nullable Object target, String name) {
    if (target == null) {
      return null;
    }
    Object value;
    if (target instanceof Map<?, ?>) {
      value = ((Map<?, ?>) target).get(name);
    } else {
      value = invoke(target, name);
      if (value == null) {
        value = invoke(target, "get" + Character.toUpperCase(name.charAt(0)) + name.substring(1));
      }
    }
    if (value instanceof Optional<?>) {
      return ((Optional<?>) value).orElse(null);
    }
    return value;
  }

  private static @Nullable Object invoke(Object target, String method) {
    try {
      Method m = target.getClass().getMethod(method);
      if (!m.canAccess(target)) {
        m = accessibleDeclaration(target.getClass(), method);
        if (m == null) {
          return null;
        }
      }
      return m.invoke(target);
    } catch (NoSuchMethodException
        | IllegalAccessException
        | InvocationTargetException
        | RuntimeException e) {
      return null;
    }
  }

  /** A public interface's declaration of a method that a non-public class implements (records in private holders). */
  private static @Nullable Method accessibleDeclaration(Class<?> type, String method) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        try {
          Method m = i.getMethod(method);
          if (Modifier.isPublic(i.getModifiers())) {
            return m;
          }
        } catch (NoSuchMethodException e) {
          // not declared there
        }
      }
    }
    return null;
  }
}
