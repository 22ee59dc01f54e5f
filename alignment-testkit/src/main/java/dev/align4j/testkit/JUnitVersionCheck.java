package dev.align4j.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Checks, before a {@link Property} test runs, that the JUnit Jupiter on the test class path is one that
 * alignment-testkit works with, and otherwise fails the test with a message naming the version it needs.
 *
 * <p>alignment-testkit needs JUnit Jupiter {@value #MINIMUM_VERSION} or newer: {@link GenArgumentsProvider} implements
 * the parameterized-test API of that version ({@code ParameterDeclarations}). Its pom declares
 * {@code junit-jupiter-api} and {@code junit-jupiter-params} at the version it is built and tested with, but a build
 * that imports an older {@code junit-bom} overrides that version, and JUnit 5.12 or older then fails with
 * {@code NoClassDefFoundError: org/junit/jupiter/params/support/ParameterDeclarations}. {@link Property} registers this
 * condition, so that such a build gets this explanation instead.
 */
public final class JUnitVersionCheck implements ExecutionCondition {
  /** The oldest JUnit Jupiter version alignment-testkit works with. */
  public static final String MINIMUM_VERSION = "5.13.0";

  /** A class that JUnit Jupiter has from {@value #MINIMUM_VERSION} on and that alignment-testkit uses. */
  static final String REQUIRED_CLASS = "org.junit.jupiter.params.support.ParameterDeclarations";

  private static final String PARAMS_CLASS = "org.junit.jupiter.params.ParameterizedTest";

  /** Creates the condition; JUnit instantiates it through {@link Property}. */
  public JUnitVersionCheck() {}

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String problem = problem(JUnitVersionCheck.class.getClassLoader());
    if (problem != null) {
      throw new ExtensionConfigurationException(problem);
    }
    return ConditionEvaluationResult.enabled("JUnit Jupiter is " + MINIMUM_VERSION + " or newer");
  }

  /** Null when {@code loader} sees a recent enough JUnit Jupiter, else the message that says what to change. */
  static @Nullable String problem(ClassLoader loader) {
    try {
      Class.forName(REQUIRED_CLASS, false, loader);
      return null;
    } catch (ClassNotFoundException | LinkageError e) {
      return "alignment-testkit needs JUnit Jupiter " + MINIMUM_VERSION + " or newer (it is built and tested with "
          + builtWith() + "), but the junit-jupiter-params on the test class path is " + foundVersion(loader)
          + ", which lacks " + REQUIRED_CLASS + ". Use JUnit " + builtWith() + ": in Maven import org.junit:junit-bom:"
          + builtWith() + " in dependencyManagement (an older junit-bom import there overrides the version that "
          + "alignment-testkit declares); in Gradle use platform(\"org.junit:junit-bom:" + builtWith() + "\").";
    }
  }

  /** The JUnit version alignment-testkit is built and tested with (from the build, via a filtered resource). */
  static String builtWith() {
    Properties p = new Properties();
    try (InputStream in = JUnitVersionCheck.class.getResourceAsStream("testkit.properties")) {
      if (in == null) {
        throw new IllegalStateException("dev/align4j/testkit/testkit.properties is missing from alignment-testkit");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read dev/align4j/testkit/testkit.properties", e);
    }
    return p.getProperty("junit.version", "unknown");
  }

  private static String foundVersion(ClassLoader loader) {
    try {
      Package p = Class.forName(PARAMS_CLASS, false, loader).getPackage();
      String v = p == null ? null : p.getImplementationVersion();
      return v == null ? "of an unknown version" : v;
    } catch (ClassNotFoundException | LinkageError e) {
      return "missing";
    }
  }
}
