package dev.align4j.examples.poc.run;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The proof of concept run once per test JVM in its CI configuration ({@link PocConfig#fast()}, seed 18), shared by
 * the tests that check its story, its report and the report in the browser. The reports go to
 * {@code <build dir>/poc-fast/}.
 */
public final class FastRun {
  private static ProofOfConcept.Outcome outcome;
  private static String console;

  private FastRun() {}

  /** The run's outcome (runs it on first use). */
  public static synchronized ProofOfConcept.Outcome outcome() throws Exception {
    if (outcome == null) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
      Path dir = buildDirectory().resolve("poc-fast");
      outcome =
          ProofOfConcept.run(
              PocConfig.fast(), dir, out, new ConsoleProgress(out, false, Clock.systemUTC()));
      console = buf.toString(StandardCharsets.UTF_8);
    }
    return outcome;
  }

  /** What the run printed. */
  public static synchronized String console() throws Exception {
    outcome();
    return console;
  }

  /** The module's build directory ({@code target} or the one {@code -Dalign4j.target} names). */
  public static Path buildDirectory() throws URISyntaxException {
    Path classes =
        Path.of(FastRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path dir = classes.getParent();
    return Files.isDirectory(dir) ? dir : classes;
  }
}
