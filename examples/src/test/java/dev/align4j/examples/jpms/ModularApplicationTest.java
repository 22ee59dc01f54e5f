package dev.align4j.examples.jpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A modular application as a user writes it ({@code src/test/app}): compiled with {@code javac -Xlint:all -Werror}
 * against the built align4j modules on the module path (it requires every align4j module except core, whose types it
 * uses through {@code requires transitive}; beside it, one small module per align4j module requires that module alone
 * and names the types its API exposes), then run four times: on the module path and on the class path, each
 * without and with {@code --add-modules jdk.incubator.vector}. Each run must finish, report the kernel path the
 * application chose (scalar unless it opted in), log that choice once, and compute the same DPO loss, directly and
 * through the string registry {@code Objectives} (whose objective families {@code ServiceLoader} finds).
 */
class ModularApplicationTest {
  private static final String APP_MODULE = "dev.align4j.jpmscheck.app";

  /** The module's build folder: {@code target} unless the build moved it ({@code -Dalign4j.target=...}). */
  private static final Path TARGET =
      Path.of(System.getProperty("align4j.build.directory", "target"));

  private static final Path APP_CLASSES = TARGET.resolve("jpms-app");

  private static String dependencyPath;

  @BeforeAll
  static void compileTheApplicationWithWerror() throws IOException {
    // written by maven-dependency-plugin:build-classpath (runtime scope of this module)
    dependencyPath =
        Files.readString(TARGET.resolve("app-module-path.txt"), StandardCharsets.UTF_8).trim();
    // alignment-spring-ai is left out of this check on purpose (examples/pom.xml excludes it and
    // the Spring stack
    // from app-module-path.txt): Spring AI's jars have no Automatic-Module-Name, and a dependency
    // of theirs
    // (jsonschema-module-swagger-2-<v>.jar) derives no valid module name, so a module path that
    // holds them fails
    // when the JVM scans it; Spring Boot applications run on the class path. Its descriptor is
    // still checked by
    // ModuleDescriptorTest and its tier by ModuleRulesTest.
    for (String entry : dependencyPath.split(File.pathSeparator)) {
      assertFalse(
          entry.contains("alignment-spring-ai") || entry.contains("spring-ai-"),
          "the modular application's path must not hold the Spring stack: " + entry);
      // likewise alignment-spark and Spark (no module names; Spark applications run on the class
      // path)
      assertFalse(
          entry.contains("alignment-spark") || entry.contains("spark-"),
          "the modular application's path must not hold the Spark stack: " + entry);
    }
    // javac --module skips a module whose class files are newer than its sources, even when the
    // modules it requires
    // changed: compile from scratch every time
    deleteRecursively(APP_CLASSES);
    // the application, and one module per align4j module that requires that module alone and names
    // the types its
    // API exposes (core's, Jackson's, slf4j's, JUnit's): each must compile through requires
    // transitive
    Path sources = Path.of("src", "test", "app");
    List<String> modules;
    try (Stream<Path> dirs = Files.list(sources)) {
      modules = dirs.map(d -> d.getFileName().toString()).sorted().toList();
    }
    assertTrue(
        modules.contains(APP_MODULE) && modules.size() == 8,
        "modules under " + sources + ": " + modules);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter out = new StringWriter();
    List<String> args =
        List.of(
            "--release",
            "17",
            "-Xlint:all",
            "-Werror",
            "--module-path",
            dependencyPath,
            "--module-source-path",
            sources.toString(),
            "--module",
            String.join(",", modules),
            "-d",
            APP_CLASSES.toString());
    boolean ok = javac.getTask(out, null, null, args, null, null).call();
    assertTrue(
        ok && out.toString().isBlank(), "javac " + String.join(" ", args) + " printed:\n" + out);
  }

  @ParameterizedTest(name = "{0}, vector module added: {1}")
  @CsvSource({"module-path, false", "module-path, true", "class-path, false", "class-path, true"})
  void runsAndReportsTheKernelPath(String path, boolean addVectorModule) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    if (addVectorModule) {
      command.add("--add-modules");
      command.add("jdk.incubator.vector");
    }
    Path appModule = APP_CLASSES.resolve(APP_MODULE);
    if (path.equals("module-path")) {
      command.add("--module-path");
      command.add(appModule + File.pathSeparator + dependencyPath);
      command.add("--module");
      command.add(APP_MODULE + "/dev.align4j.jpmscheck.app.Main");
    } else {
      command.add("-cp");
      command.add(appModule + File.pathSeparator + dependencyPath);
      command.add("dev.align4j.jpmscheck.app.Main");
    }
    Path stdout = Files.createTempFile(TARGET, "app", ".out");
    Path stderr = Files.createTempFile(TARGET, "app", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the application did not finish in 60 s");
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    Files.delete(stdout);
    Files.delete(stderr);
    String context = String.join(" ", command) + "\nstdout:\n" + out + "\nstderr:\n" + err;
    assertEquals(0, p.exitValue(), context);
    Map<String, String> report = parse(out);

    assertEquals(path.equals("module-path") ? APP_MODULE : "null", report.get("module"), context);
    String kernels = report.get("kernels");
    if (addVectorModule) {
      assertTrue(kernels.startsWith("vector-api("), context);
      assertEquals(1, count(err, "align4j kernels: vector-api("), context);
      assertEquals(1, count(err, "align4j pairwise objectives: vector-api("), context);
    } else {
      assertEquals("scalar", kernels, context);
      assertEquals(
          1,
          count(err, "align4j kernels: scalar (run with --add-modules jdk.incubator.vector"),
          context);
      assertEquals(1, count(err, "align4j pairwise objectives: scalar kernels"), context);
    }
    // slf4j-simple's level field; the JVM's own "WARNING: Using incubator modules" notice of an
    // opted-in run is not one
    assertFalse(err.contains(" WARN "), context);
    assertFalse(err.contains("failed to link"), context);

    // sigmoid DPO, β = 0.5, margins Δ_i = (i mod 7) − 3: mean of −log σ(βΔ_i) = log(1 + e^(−βΔ_i))
    double expected = 0;
    for (int i = 0; i < 64; i++) {
      expected += Math.log1p(Math.exp(-0.5 * ((i % 7) - 3)));
    }
    expected /= 64;
    assertEquals(expected, Double.parseDouble(report.get("dpoLoss")), 1e-12, context);
    // the string registry reaches every objective family through ServiceLoader on either path
    assertEquals(expected, Double.parseDouble(report.get("registryDpoLoss")), 1e-12, context);
    assertEquals("KtoLoss,PlackettLuceDpoLoss,GrpoLoss", report.get("families"), context);
    assertEquals("1.0", report.get("reward"), context);
    assertEquals("{\"a\":1}", report.get("json"), context);
    assertEquals("true", report.get("holm"), context);
    // ByteTokenizer: one id per UTF-8 byte of "hi"
    assertEquals("2", report.get("tokens"), context);
    assertEquals("align4j.seed", report.get("seedProperty"), context);
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Map<String, String> parse(String out) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : out.split("\\R")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        m.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return m;
  }

  private static int count(String text, String needle) {
    Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
