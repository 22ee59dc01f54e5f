package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Typed, validated access to a string-keyed objective configuration (the {@code Map<String, ?>} given to
 * {@link Objectives}), with TRL's config field names as keys.
 *
 * <p>Unknown keys are rejected up front with a message that lists the valid ones, so a misspelt {@code "bta"} never
 * silently falls back to a default. Values may be numbers, booleans, strings, or lists of them; a string holding a
 * number is accepted (configs often come from YAML or the command line).
 */
public final class ObjectiveConfig {
  private final String lossType;
  private final Map<String, ?> values;

  private ObjectiveConfig(String lossType, Map<String, ?> values) {
    this.lossType = lossType;
    this.values = values;
  }

  /**
   * Wraps {@code config} for {@code lossType}, rejecting keys outside {@code validKeys}.
   *
   * @throws IllegalArgumentException naming the unknown key and listing the valid ones
   */
  public static ObjectiveConfig of(String lossType, Map<String, ?> config, Collection<String> validKeys) {
    Require.nonNull("lossType", lossType);
    Require.nonNull("config", config);
    for (String key : config.keySet()) {
      if (!validKeys.contains(key)) {
        throw new IllegalArgumentException(
            "unknown config key \"" + key + "\" for loss_type \"" + lossType + "\"; valid keys: "
                + new TreeSet<>(validKeys));
      }
    }
    return new ObjectiveConfig(lossType, config);
  }

  /**
   * Rejects a {@code lossType} outside {@code valid}, listing the valid names.
   *
   * @return {@code lossType}
   */
  public static String requireKnown(String family, String lossType, Set<String> valid) {
    Require.nonNull("lossType", lossType);
    if (!valid.contains(lossType)) {
      throw new IllegalArgumentException(
          "unknown " + family + " loss_type \"" + lossType + "\"; valid: " + new TreeSet<>(valid));
    }
    return lossType;
  }

  /** The loss type this configuration is for. */
  public String lossType() {
    return lossType;
  }

  /** Whether {@code key} is present. */
  public boolean has(String key) {
    return values.containsKey(key) && values.get(key) != null;
  }

  /** A finite double for {@code key}, or {@code defaultValue} when absent. */
  public double getDouble(String key, double defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    double d = toDouble(key, v);
    return Require.finite(key, d);
  }

  /** A double for {@code key}, or null when absent (for options whose absence means "off"). */
  public @Nullable Double getOptionalDouble(String key) {
    Object v = values.get(key);
    return v == null ? null : Require.finite(key, toDouble(key, v));
  }

  /** An int for {@code key}, or {@code defaultValue} when absent. */
  public int getInt(String key, int defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    double d = toDouble(key, v);
    if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(key + " must be an integer, was " + v);
    }
    return (int) d;
  }

  /** A boolean for {@code key} (true/false or "true"/"false"), or {@code defaultValue} when absent. */
  public boolean getBoolean(String key, boolean defaultValue) {
    Object v = values.get(key);
    if (v == null) {
      return defaultValue;
    }
    if (v instanceof Boolean) {
      return (Boolean) v;
    }
    String s = v.toString().trim().toLowerCase(Locale.ROOT);
    if (s.equals("true") || s.equals("false")) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException(key + " must be true or false, was " + v);
  }

  /** A string for {@code key}, or {@code defaultValue} when absent. */
  public String getString(String key, String defaultValue) {
    Object v = values.get(key);
    return v == null ? defaultValue : v.toString();
  }

  /** A string for {@code key} that must be one of {@code allowed}, or {@code defaultValue} when absent. */
  public String getChoice(String key, String defaultValue, Set<String> allowed) {
    String s = getString(key, defaultValue);
    if (!allowed.contains(s)) {
      throw new IllegalArgumentException(key + " must be one of " + new TreeSet<>(allowed) + ", was \"" + s + "\"");
    }
    return s;
  }

  /** A list of finite doubles for {@code key} (a list, an array or a comma-separated string), or null when absent. */
  public double @Nullable [] getDoubles(String key) {
    Object v = values.get(key);
    if (v == null) {
      return null;
    }
    List<Object> items = new ArrayList<>();
    if (v instanceof Collection<?>) {
      items.addAll((Collection<?>) v);
    } else if (v instanceof double[]) {
      for (double d : (double[]) v) {
        items.add(d);
      }
    } else {
      for (String part : v.toString().split(",")) {
        items.add(part.trim());
      }
    }
    double[] out = new double[items.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Require.finite(key + "[" + i + "]", toDouble(key + "[" + i + "]", items.get(i)));
    }
    return out;
  }

  private static double toDouble(String key, Object v) {
    if (v instanceof Number) {
      return ((Number) v).doubleValue();
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a number, was \"" + v + "\"", e);
    }
  }
}
