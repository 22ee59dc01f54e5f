package dev.align4j.rewards.verify;

import dev.align4j.core.check.Require;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A verifier's abstention counts at one moment: how many verdicts, how many abstentions per reason, and the kept
 * examples. {@link #metrics()} gives them under the metric names a {@code StepMetrics} carries (TRL's per-reward
 * {@code rewards/<name>/…} prefix):
 *
 * <ul>
 *   <li>{@code rewards/<name>/abstention_rate}: abstentions / verdicts;
 *   <li>{@code rewards/<name>/abstention_rate/<reason>}: per reason ({@code no_answer}, {@code unparseable},
 *       {@code unsupported_format}, {@code timeout}), every reason present, 0 when none;
 *   <li>{@code rewards/<name>/abstentions} and {@code rewards/<name>/verdicts}: the counts.
 * </ul>
 *
 * With no verdicts the rates are absent (not 0, not NaN): there is nothing to rate.
 *
 * @param name the verifier's name in metric keys
 * @param verdicts all verdicts counted (scored and abstained)
 * @param byReason abstentions per reason (every reason present, unmodifiable)
 * @param examples the kept examples (at most the meter's bound per reason), unmodifiable
 */
public record AbstentionStats(
    String name,
    long verdicts,
    Map<AbstentionReason, Long> byReason,
    List<AbstentionExample> examples) {

  /** Validates the counts and copies the collections. */
  public AbstentionStats {
    Require.nonBlank("name", name);
    Require.argument(verdicts >= 0, "verdicts must be >= 0, was %d", verdicts);
    Require.nonNull("byReason", byReason);
    EnumMap<AbstentionReason, Long> copy = new EnumMap<>(AbstentionReason.class);
    long sum = 0;
    for (AbstentionReason r : AbstentionReason.values()) {
      long c = byReason.getOrDefault(r, 0L);
      Require.argument(c >= 0, "byReason[%s] must be >= 0, was %d", r, c);
      copy.put(r, c);
      sum += c;
    }
    Require.argument(
        sum <= verdicts, "abstentions (%d) must not exceed verdicts (%d)", sum, verdicts);
    byReason = Collections.unmodifiableMap(copy);
    examples = List.copyOf(Require.nonNull("examples", examples));
  }

  /** The number of abstentions, all reasons. */
  public long abstentions() {
    long sum = 0;
    for (long c : byReason.values()) {
      sum += c;
    }
    return sum;
  }

  /** The number of scored verdicts. */
  public long scored() {
    return verdicts - abstentions();
  }

  /**
   * The abstention rate, abstentions / verdicts.
   *
   * @throws IllegalStateException when nothing was counted
   */
  public double rate() {
    requireVerdicts();
    return (double) abstentions() / verdicts;
  }

  /**
   * The abstention rate for one reason.
   *
   * @throws IllegalStateException when nothing was counted
   */
  public double rate(AbstentionReason reason) {
    Require.nonNull("reason", reason);
    requireVerdicts();
    return (double) byReason.get(reason) / verdicts;
  }

  /** The metric key prefix, {@code "rewards/<name>/"}. */
  public String prefix() {
    return "rewards/" + name + "/";
  }

  /** The numbers under their metric names (see the class comment), in a stable order. */
  public Map<String, Double> metrics() {
    Map<String, Double> out = new LinkedHashMap<>();
    String p = prefix();
    if (verdicts > 0) {
      out.put(p + "abstention_rate", rate());
      for (AbstentionReason r : AbstentionReason.values()) {
        out.put(p + "abstention_rate/" + r.metricName(), rate(r));
      }
    }
    out.put(p + "abstentions", (double) abstentions());
    out.put(p + "verdicts", (double) verdicts);
    return out;
  }

  private void requireVerdicts() {
    if (verdicts == 0) {
      throw new IllegalStateException(
          "no verdicts were counted for \"" + name + "\", so there is no rate");
    }
  }
}
