package dev.align4j.examples.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import java.util.regex.Pattern;

/**
 * Leaves out compiled test classes wherever the build puts them. ArchUnit's {@code DoNotIncludeTests} recognises
 * Maven's {@code target/test-classes} only; align4j builds may move the build folder ({@code -Dalign4j.target=...}),
 * and the rules must not then read the test tree's deliberately broken fixtures as library code.
 */
public final class NoTestClasses implements ImportOption {
  private static final Pattern TEST_JAR = Pattern.compile(".*-tests\\.jar.*");

  @Override
  public boolean includes(Location location) {
    return !location.contains("/test-classes/") && !location.matches(TEST_JAR);
  }
}
