package dev.align4j.examples;

import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.JsonlDatasetReader;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.ReadOptions;
import dev.align4j.core.data.ReadSummary;
import dev.align4j.core.data.Reject;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The main example: the alignment workflow on a small customer-support preference set.
 *
 * <ol>
 *   <li>Read the bundled TRL-format preference sample leniently: every valid pair is kept, every bad line is reported
 *       with its line number.
 * </ol>
 *
 * Run it with {@code mvn -q -pl examples -am package -DskipTests exec:java} (see the README), or pass a path to your
 * own TRL preference JSONL file as the first argument.
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

  /** Runs the quick start on the bundled sample (or on {@code args[0]}) and prints a report. */
  public static void main(String[] args) {
    Report r = args.length > 0 ? run(Path.of(args[0])) : runOnSample();
    print(r, System.out);
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
