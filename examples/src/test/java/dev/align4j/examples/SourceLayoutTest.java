package dev.align4j.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Source-level rules that need the source tree: every package of every module has a {@code package-info.java}
 * annotated {@code @NullMarked}, every library module has a {@code module-info.java} that exports only packages that
 * exist, and no pom mentions jqwik.
 */
class SourceLayoutTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  private static List<Path> sourceRoots() throws IOException {
    try (Stream<Path> modules = Files.list(ROOT)) {
      return modules
          .map(m -> m.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void everyPackageIsNullMarked() throws IOException {
    List<String> missing = new ArrayList<>();
    for (Path root : sourceRoots()) {
      Set<Path> packages;
      try (Stream<Path> files = Files.walk(root)) {
        packages = files
            .filter(f -> f.toString().endsWith(".java") && !f.getFileName().toString().equals("module-info.java"))
            .map(Path::getParent)
            .collect(Collectors.toCollection(TreeSet::new));
      }
      for (Path pkg : packages) {
        Path info = pkg.resolve("package-info.java");
        if (!Files.exists(info) || !Files.readString(info).contains("@NullMarked")) {
          missing.add(ROOT.relativize(pkg).toString());
        }
      }
    }
    assertTrue(missing.isEmpty(), "packages without a @NullMarked package-info.java: " + missing);
  }

  @Test
  void libraryModulesExportOnlyExistingPackages() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path root : sourceRoots()) {
      String module = root.getParent().getParent().getFileName().toString();
      if (!module.startsWith("alignment-")) {
        continue;
      }
      Path info = root.resolve("module-info.java");
      if (!Files.exists(info)) {
        problems.add(module + ": no module-info.java");
        continue;
      }
      for (String line : Files.readAllLines(info)) {
        String t = line.trim();
        if (t.startsWith("exports ")) {
          String pkg = t.substring("exports ".length()).replace(";", "").split("\\s+")[0];
          if (!Files.isDirectory(root.resolve(pkg.replace('.', '/')))) {
            problems.add(module + " exports missing package " + pkg);
          }
        }
      }
    }
    assertTrue(problems.isEmpty(), problems.toString());
  }

  @Test
  void noPomUsesJqwik() throws IOException {
    List<String> offenders = new ArrayList<>();
    try (Stream<Path> files = Files.walk(ROOT, 2)) {
      for (Path pom : files.filter(f -> f.getFileName().toString().equals("pom.xml")).collect(Collectors.toList())) {
        if (Files.readString(pom).contains("jqwik")) {
          offenders.add(ROOT.relativize(pom).toString());
        }
      }
    }
    assertTrue(offenders.isEmpty(), "jqwik is not used in this project: " + offenders);
  }
}
