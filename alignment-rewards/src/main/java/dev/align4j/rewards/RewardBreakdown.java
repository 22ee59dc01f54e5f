package dev.align4j.rewards;

import dev.align4j.core.check.Require;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A reward and the values of the components it was computed from, in the order they were declared.
 *
 * @param total the reward
 * @param components the component values by name (insertion-ordered, unmodifiable); nested composites contribute
 *     dotted names such as {@code "safety.regex"}
 */
public record RewardBreakdown(double total, Map<String, Double> components) {

  /** Validates that the total is finite and copies the components, keeping their order. */
  public RewardBreakdown {
    Require.finite("total", total);
    Require.nonNull("components", components);
    components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
  }

  /** A breakdown with no components (a leaf reward). */
  public static RewardBreakdown of(double total) {
    return new RewardBreakdown(total, Map.of());
  }

  /** The value of component {@code name}. */
  public double component(String name) {
    Double v = components.get(name);
    Require.argument(v != null, "name must be one of %s, was \"%s\"", components.keySet(), name);
    return v;
  }

  /** A one-line rendering: {@code total=0.75 (format=1.0, length=-0.25)}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("total=").append(total);
    if (!components.isEmpty()) {
      sb.append(" (");
      boolean first = true;
      for (var e : components.entrySet()) {
        if (!first) {
          sb.append(", ");
        }
        first = false;
        sb.append(e.getKey()).append('=').append(e.getValue());
      }
      sb.append(')');
    }
    return sb.toString();
  }
}
