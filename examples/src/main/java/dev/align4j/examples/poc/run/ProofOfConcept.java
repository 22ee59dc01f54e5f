package dev.align4j.examples.poc.run;

import dev.align4j.examples.poc.report.HtmlReportWriter;
import dev.align4j.examples.poc.report.Report;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The proof of concept in one command: a customer-support assistant in English and Japanese taken through the whole
 * alignment workflow on simulated data, with an HTML report a manager can read.
 *
 * <ol>
 *   <li><b>Data</b>: seeded customer questions (orders, refunds, shipping, accounts) and candidate replies that vary in
 *       correctness, politeness, safety and length; a hidden gold reward scores them, and nothing that trains sees it.
 *   <li><b>Feedback</b>: simulated reviewers and an AI labeller with a planted position bias behind the hybrid router,
 *       which starts all-human and hands items to the AI as its measured agreement allows, auditing all along.
 *   <li><b>Desirability</b>: rules plus a Bradley–Terry reward model trained on that feedback, evaluated per category
 *       beside a length-only baseline.
 *   <li><b>Policy</b>: the pure-Java transformer, supervised-fine-tuned on the mixed-quality replies.
 *   <li><b>Optimisation</b>: DPO, KTO, ORPO, SimPO and GRPO from the same start with the same step budget, each one's
 *       gold-reward-versus-KL frontier, and one run against a length-biased proxy, watched by the training-health
 *       monitor.
 *   <li><b>Offline evaluation</b>: win rates against SFT in both orders with intervals, length-controlled win rate, KL,
 *       length drift, unsafe rate.
 *   <li><b>Staged rollout</b>: the chosen candidate goes offline → shadow → canary → full on simulated traffic; the
 *       over-optimised one is stopped by a guardrail and rolled back; both audit trails are verified.
 *   <li><b>Report</b>: {@code report.html} (English) and {@code report.ja.html} (Japanese), self-contained.
 * </ol>
 *
 * <p>Arguments: {@code --fast} (the CI sizes), {@code --seed=N} (default 18), {@code --out=DIR} (default
 * {@code target/poc}), {@code --human-cost=X} and {@code --ai-cost=Y} (the unit costs of a label, default 0.40 and
 * 0.002: assumptions); the system property {@code poc.args} adds more, separated by spaces (how the README's Maven
 * command passes them: {@code -Dpoc.args=--fast}). It prints the wall time and the peak heap at the end; the
 * README's command runs it in {@code -Xmx1g}.
 */
public final class ProofOfConcept {
  private ProofOfConcept() {}

  /** Runs the proof of concept; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    String extra = System.getProperty("poc.args", "").strip();
    if (!extra.isEmpty()) {
      all.addAll(List.of(extra.split("\\s+")));
    }
    Options o = Options.parse(all.toArray(String[]::new));
    PocConfig config = (o.fast() ? PocConfig.fast() : PocConfig.full()).withSeed(o.seed());
    if (!Double.isNaN(o.humanCost()) || !Double.isNaN(o.aiCost())) {
      config =
          config.withLabelCosts(
              Double.isNaN(o.humanCost()) ? config.feedback().humanCostPerLabel() : o.humanCost(),
              Double.isNaN(o.aiCost()) ? config.feedback().aiCostPerLabel() : o.aiCost());
    }
    run(config, o.out(), System.out, ConsoleProgress.onStandardOutput());
  }

  /**
   * The command line's options.
   *
   * @param fast whether to run the CI sizes
   * @param seed the seed of every step
   * @param out the directory of the reports
   * @param humanCost the unit cost of a human label, or NaN for the default
   * @param aiCost the unit cost of an AI label, or NaN for the default
   */
  record Options(boolean fast, long seed, Path out, double humanCost, double aiCost) {
    /**
     * Parses {@code --fast}, {@code --seed=N}, {@code --out=DIR}, {@code --human-cost=X} and {@code --ai-cost=Y};
     * anything else, a seed that is not an integer, a cost that is not a number at least 0, or an empty directory
     * is refused naming the argument and its value.
     */
    static Options parse(String... args) {
      boolean fast = false;
      long seed = 18;
      Path out = Path.of("target", "poc");
      double humanCost = Double.NaN;
      double aiCost = Double.NaN;
      for (String a : args) {
        if (a.equals("--fast")) {
          fast = true;
        } else if (a.startsWith("--seed=")) {
          String value = a.substring("--seed=".length());
          try {
            seed = Long.parseLong(value);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "--seed: expected an integer, got \"" + value + "\"", e);
          }
        } else if (a.startsWith("--human-cost=")) {
          humanCost = cost("--human-cost", a.substring("--human-cost=".length()));
        } else if (a.startsWith("--ai-cost=")) {
          aiCost = cost("--ai-cost", a.substring("--ai-cost=".length()));
        } else if (a.startsWith("--out=")) {
          String value = a.substring("--out=".length());
          if (value.isBlank()) {
            throw new IllegalArgumentException(
                "--out: expected a directory, got \"" + value + "\"");
          }
          out = Path.of(value);
        } else {
          throw new IllegalArgumentException(
              "args: expected --fast, --seed=N, --out=DIR, --human-cost=X or --ai-cost=Y, got \""
                  + a
                  + "\"");
        }
      }
      return new Options(fast, seed, out, humanCost, aiCost);
    }

    private static double cost(String option, String value) {
      double v;
      try {
        v = Double.parseDouble(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            option + ": expected a number >= 0, got \"" + value + "\"", e);
      }
      if (!(v >= 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(
            option + ": expected a finite number >= 0, got \"" + value + "\"");
      }
      return v;
    }
  }

  /**
   * Runs {@code config}, writes the reports into {@code outDir} and prints the console summary, the files and the
   * resources used to {@code console}.
   *
   * @return the run's result and the report files
   */
  public static Outcome run(
      PocConfig config, Path outDir, PrintStream console, ConsoleProgress progress)
      throws Exception {
    ResourceMeter meter = ResourceMeter.start();
    console.println(
        "== align4j proof of concept: customer support in English and Japanese (simulated data) ==");
    PocResult result =
        PocRun.run(
            config,
            outDir.resolve("audit"),
            progress,
            (n, name) -> console.println(n + ". " + name));
    Report report = PocReport.build(result);
    HtmlReportWriter writer = new HtmlReportWriter();
    Path en = outDir.resolve("report.html");
    Path ja = outDir.resolve("report.ja.html");
    writer.write(report, Locale.ENGLISH, en);
    writer.write(report, Locale.JAPANESE, ja);
    ConsoleSummary.print(result, console);
    double seconds = meter.elapsedSeconds();
    long peak = meter.peakHeapBytes();
    console.println();
    console.println("Report: " + en.toAbsolutePath() + " (Japanese: " + ja.getFileName() + ")");
    console.printf(
        Locale.ROOT,
        "Finished in %.1f s (target under 300 s); peak heap %d MB (upper bound, the sum of the heap pools' peaks;"
            + " target under 1,024 MB; -Xmx %d MB)%n",
        seconds,
        peak >> 20,
        ResourceMeter.maxHeapBytes() >> 20);
    return new Outcome(result, en, ja, seconds, peak);
  }

  /**
   * What {@link #run} produced.
   *
   * @param result the run's numbers
   * @param englishReport the English report
   * @param japaneseReport the Japanese report
   * @param seconds wall time, seconds
   * @param peakHeapBytes upper bound of the peak heap, bytes
   */
  public record Outcome(
      PocResult result,
      Path englishReport,
      Path japaneseReport,
      double seconds,
      long peakHeapBytes) {}
}
