package dev.align4j.rewards.eval;

import dev.align4j.core.check.Require;
import dev.align4j.core.eval.LengthBiasVerdict;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How good a reward model is before anyone optimises against it. Every metric that had no data is null (never a
 * silent 0 or NaN).
 *
 * @param pairCount the number of test pairs
 * @param pairwiseAccuracy the share of pairs with {@code r(chosen) > r(rejected)} (ties wrong), or null
 * @param categories per-category results (sorted by name)
 * @param sections per-section count-weighted accuracy (scheme order)
 * @param sectionScore the mean of the section scores, or null when no section had data
 * @param bestOfNCount the number of best-of-n cases
 * @param bestOfNAccuracy RewardBench 2's best-of-n accuracy, or null
 * @param bestOfNChance the accuracy of a random scorer on the same cases (mean of 1/n), or null
 * @param expectedCalibrationError ECE of {@code σ(r_chosen − r_rejected)} over 10 confidence bins, or null
 * @param humanCount the number of decisive held-out human comparisons
 * @param humanAgreement the share of them the model agrees with (ties wrong), or null
 * @param lengthPearson Pearson correlation of score and length over every scored completion, or null when undefined
 * @param lengthSpearman Spearman rank correlation of score and length, or null when undefined
 * @param lengthBias the verdict on the Pearson correlation (Fisher-z 95 % interval against ±0.1, see
 *     {@link LengthBiasVerdict}; source {@code "reward_model"}), or null when the correlation is undefined; it is a
 *     {@code HealthSignal}, so a gate can refuse a reward model found length-biased
 */
public record EvaluationReport(
    int pairCount,
    @Nullable Double pairwiseAccuracy,
    Map<String, CategoryResult> categories,
    Map<String, Double> sections,
    @Nullable Double sectionScore,
    int bestOfNCount,
    @Nullable Double bestOfNAccuracy,
    @Nullable Double bestOfNChance,
    @Nullable Double expectedCalibrationError,
    int humanCount,
    @Nullable Double humanAgreement,
    @Nullable Double lengthPearson,
    @Nullable Double lengthSpearman,
    @Nullable LengthBiasVerdict lengthBias) {

  /** Copies the maps. */
  public EvaluationReport {
    categories =
        Collections.unmodifiableMap(new LinkedHashMap<>(Require.nonNull("categories", categories)));
    sections =
        Collections.unmodifiableMap(new LinkedHashMap<>(Require.nonNull("sections", sections)));
  }

  /** A fixed-width text table of every metric, for logs and terminals. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    String line = "+--------------------------------+----------+--------+\n";
    sb.append(line)
        .append(String.format(Locale.ROOT, "| %-30s | %8s | %6s |%n", "metric", "value", "n"))
        .append(line);
    row(sb, "pairwise accuracy", pairwiseAccuracy, pairCount);
    for (var e : categories.entrySet()) {
      row(sb, "  " + e.getKey(), e.getValue().accuracy(), e.getValue().count());
    }
    for (var e : sections.entrySet()) {
      row(sb, "section " + e.getKey(), e.getValue(), -1);
    }
    row(sb, "section score (mean)", sectionScore, -1);
    row(sb, "best-of-n accuracy", bestOfNAccuracy, bestOfNCount);
    row(sb, "best-of-n random chance", bestOfNChance, bestOfNCount);
    row(sb, "calibration error (ECE)", expectedCalibrationError, pairCount + humanCount);
    row(sb, "agreement with human labels", humanAgreement, humanCount);
    row(sb, "length bias (Pearson r)", lengthPearson, -1);
    row(sb, "length bias (Spearman rho)", lengthSpearman, -1);
    sb.append(line);
    if (lengthBias != null) {
      sb.append("length bias: ").append(lengthBias.status().reason()).append('\n');
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, @Nullable Double v, int n) {
    String value = v == null ? "-" : String.format(Locale.ROOT, "%.4f", v);
    String count = n < 0 ? "" : Integer.toString(n);
    String label = name.length() > 30 ? name.substring(0, 29) + "…" : name;
    sb.append(String.format(Locale.ROOT, "| %-30s | %8s | %6s |%n", label, value, count));
  }

  @Override
  public String toString() {
    return toTable();
  }
}
