package dev.align4j.examples;

import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.JsonlDatasetReader;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.ReadOptions;
import dev.align4j.core.data.ReadSummary;
import dev.align4j.core.data.Reject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The main example: the alignment workflow on a small customer-support preference set.
 *
 * <ol>
 *   <li><b>Data</b> (alignment-core): read the bundled TRL-format preference sample leniently: every valid pair is
 *       kept, every bad line is reported with its line number.
 *   <li><b>Define desirability</b> (alignment-rewards, {@link RewardModelExample}): train a Bradley–Terry reward model
 *       on those pairs, evaluate it on held-out pairs, gate it with rules.
 *   <li><b>Collect feedback</b> (alignment-feedback, {@link AiFeedbackExample}): an AI judge on an OpenAI-compatible
 *       endpoint (served locally) with humans in the loop; the AI share grows as its agreement with humans is shown.
 *   <li><b>Optimise</b> (alignment-optimizers, {@link PreferenceOptimizationExample}): DPO on a response-selection
 *       policy, then GRPO against a rule reward with the KL held near its target.
 *   <li><b>Roll out</b> (alignment-rollout, {@link GatedRolloutExample}): offline → shadow → canary → full with
 *       anytime-valid guardrails and a hash-chained audit log.
 * </ol>
 *
 * Run it from the repository root with {@code mvn -B -ntp -q -pl examples -am package -DskipTests -Pquickstart} (see
 * the README). Run the class directly with a path to your own TRL preference JSONL file as the first argument to get
 * step 1 on that file.
 *
 * <p>Everything printed is measured on the run, beside its baseline: the reward model's held-out accuracy beside "the
 * longer answer wins", the AI judge's agreement with humans (the judge is a stand-in heuristic served on 127.0.0.1, not
 * an LLM, and the humans are simulated reviewers; both are labelled as such), and the rule reward of the initial
 * policy beside the reward after DPO and after GRPO.
 */
public final class QuickStart {
  /** The bundled sample. */
  public static final String SAMPLE = "/data/support-preferences.jsonl";

  private QuickStart() {}

  /**
   * What the quick start found.
   *
   * @param summary the read summary (records, rejects with line numbers)
   * @param examples the valid preference pairs
   * @param multiTurn how many prompts have more than one turn
   * @param meanChosenChars mean length of chosen completions, in characters
   * @param meanRejectedChars mean length of rejected completions, in characters
   */
  public record Report(
      ReadSummary summary,
      List<PreferenceExample> examples,
      long multiTurn,
      double meanChosenChars,
      double meanRejectedChars) {}

  /**
   * Runs the whole workflow on the bundled sample and prints one section per step; with a path argument, only step 1
   * on that TRL preference file.
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      print(run(Path.of(args[0])), System.out);
      return;
    }
    PrintStream out = System.out;
    print(runOnSample(), out);
    runWorkflow(out);
  }

  /** Steps 2 to 5: one example per module, each printing a short summary. */
  public static void runWorkflow(PrintStream out) throws Exception {
    RewardModelExample.Result reward = RewardModelExample.run();
    out.println(String.format(Locale.ROOT,
        "2. Reward model: Bradley-Terry on %d pairs, held-out pairwise accuracy %.2f on %d pairs"
            + " (baseline \"the longer answer wins\": %.2f); best answer to \"%s\": %s",
        reward.trainPairs(), reward.heldOut().pairwiseAccuracy(), reward.heldOut().pairCount(),
        reward.lengthBaselineAccuracy(), reward.question(), reward.best()));

    Path work = Files.createTempDirectory("align4j-quickstart");
    try {
      runWithWorkDir(out, work);
    } finally {
      try (var files = Files.walk(work)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  private static void runWithWorkDir(PrintStream out, Path work) throws Exception {
    AiFeedbackExample.Result feedback = AiFeedbackExample.run(work);
    out.println(String.format(Locale.ROOT,
        "3. Feedback: %d pairs judged; %d by the AI alone, %d by humans (%d audits); AI share %.0f%% -> %.0f%%,"
            + " judge-human kappa %.2f (stand-in judge vs simulated reviewers); %d labels exported to TRL JSONL",
        feedback.requests(), feedback.aiOnly(), feedback.human(), feedback.audits(),
        100 * feedback.aiShareFirstBatch(), 100 * feedback.aiShareLastBatch(), feedback.kappa(), feedback.exported()));

    PreferenceOptimizationExample.Result opt =
        PreferenceOptimizationExample.run(new PrintStream(OutputStream.nullOutputStream()));
    out.println(String.format(Locale.ROOT,
        "4. Optimise: DPO %d steps, loss %.3f -> %.3f, held-out implicit-reward accuracy %.2f -> %.2f;"
            + " mean rule reward %.2f (start) -> %.2f (after DPO) -> %.2f (after GRPO, KL %.3f, target %.3f)",
        opt.dpoSteps(), opt.firstLoss(), opt.lastLoss(), opt.heldOutAccuracyBefore(), opt.heldOutAccuracyAfter(),
        opt.rewardBefore(), opt.rewardAfterDpo(), opt.rewardAfterGrpo(), opt.klAfterGrpo(), opt.klTarget()));

    GatedRolloutExample.Result rollout = GatedRolloutExample.run(false, work.resolve("audit.jsonl"));
    out.println(String.format(Locale.ROOT,
        "5. Roll out: final stage %s at %.0f%% traffic after %d decisions; audit chain verified: %s, replayed: %s",
        rollout.finalStage(), rollout.finalWeight(), rollout.decisions().size(), rollout.chainVerified(),
        rollout.allReplayed()));
  }

  /** Runs on the bundled sample. */
  public static Report runOnSample() {
    try (InputStream in = QuickStart.class.getResourceAsStream(SAMPLE)) {
      if (in == null) {
        throw new IllegalStateException("bundled sample " + SAMPLE + " is missing from the class path");
      }
      return run(in, Path.of("support-preferences.jsonl"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs on a TRL preference file. */
  public static Report run(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return run(in, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Report run(InputStream in, Path name) throws IOException {
    List<PreferenceExample> examples = new ArrayList<>();
    ReadSummary summary =
        JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.lenient()).read(in, name, examples::add);
    long multiTurn = examples.stream().filter(e -> !e.prompt().isSingleTurn()).count();
    double chosen = examples.stream().mapToInt(e -> e.chosen().text().length()).average().orElse(Double.NaN);
    double rejected = examples.stream().mapToInt(e -> e.rejected().text().length()).average().orElse(Double.NaN);
    return new Report(summary, examples, multiTurn, chosen, rejected);
  }

  /** Prints the report. */
  public static void print(Report r, PrintStream out) {
    out.println("== align4j quick start ==");
    out.println("1. Data: " + r.summary().records() + " preference pairs read, " + r.summary().rejected()
        + " line(s) rejected, " + r.multiTurn() + " multi-turn prompt(s)");
    for (Reject rej : r.summary().firstRejects()) {
      out.println("   rejected line " + rej.lineNumber() + ": " + rej.reason());
    }
    out.println(String.format(Locale.ROOT, "   mean length: chosen %.1f chars, rejected %.1f chars",
        r.meanChosenChars(), r.meanRejectedChars()));
  }
}
