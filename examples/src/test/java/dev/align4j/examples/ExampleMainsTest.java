package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs the {@code main} method of every example class, as a user copying the README's command would, and checks that
 * it finishes and prints its report. The list is found on the class path, so a new example is covered without editing
 * this test.
 */
class ExampleMainsTest {

  static Stream<String> exampleMains() throws IOException, URISyntaxException {
    Path dir =
        Path.of(QuickStart.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/align4j/examples");
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.endsWith(".class") && !n.contains("$"))
          .map(n -> "dev.align4j.examples." + n.substring(0, n.length() - ".class".length()))
          .filter(ExampleMainsTest::hasMain)
          .sorted()
          .toList()
          .stream();
    }
  }

  private static boolean hasMain(String className) {
    try {
      Method m = Class.forName(className).getMethod("main", String[].class);
      return Modifier.isStatic(m.getModifiers()) && m.getReturnType() == void.class;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  @Test
  void everyExampleInTheReadmeHasAMain() throws Exception {
    List<String> mains = exampleMains().toList();
    assertEquals(
        List.of(
            "dev.align4j.examples.AiFeedbackExample",
            "dev.align4j.examples.GatedRolloutExample",
            "dev.align4j.examples.HumanReviewExample",
            "dev.align4j.examples.LangChain4jExample",
            "dev.align4j.examples.PreferenceOptimizationExample",
            "dev.align4j.examples.QuickStart",
            "dev.align4j.examples.RewardHackingExample",
            "dev.align4j.examples.RewardModelExample",
            "dev.align4j.examples.RewardServerExample",
            "dev.align4j.examples.SparkScoringExample",
            "dev.align4j.examples.SpringBootExample"),
        mains);
  }

  @ParameterizedTest
  @MethodSource("exampleMains")
  void mainRunsToTheEndAndPrintsItsReport(String className) throws Exception {
    Method main = Class.forName(className).getMethod("main", String[].class);
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      // SparkScoringExample's default is 1 M conversations; the test runs 20 000 (5 000 prompts)
      String[] args =
          className.endsWith(".SparkScoringExample")
              ? new String[] {"--rows", "20000"}
              : new String[0];
      main.invoke(null, (Object) args);
    } finally {
      System.setOut(saved);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertFalse(out.isBlank(), className + " printed nothing");
    assertFalse(out.contains("NaN"), className + " printed a NaN:\n" + out);
    assertTrue(out.lines().count() >= 4, className + " printed too little:\n" + out);
  }
}
