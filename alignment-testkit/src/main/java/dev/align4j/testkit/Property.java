package dev.align4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ArgumentsSource;

/**
 * Marks a property test: a JUnit Jupiter parameterized test run once per trial with a fresh seeded {@link Gen}.
 *
 * <pre>{@code
 * @Property(trials = 200)
 * void logSigmoidIdentity(Gen gen) {
 *   double x = gen.finiteDouble();
 *   assertEquals(x, StableMath.logSigmoid(x) - StableMath.logSigmoid(-x), 1e-12 * Math.max(1, Math.abs(x)));
 * }
 * }</pre>
 *
 * <p>Trial seeds are derived from the test's class and method names, so every run is the same; the seed is in each
 * trial's display name. To replay one trial, run with {@code -Dalign4j.seed=<seed>}: every property then runs just
 * that seed. The first tenth of the trials are edge-biased (see {@link Gen#isEdgeBiased()}).
 *
 * <p>Needs JUnit Jupiter {@value JUnitVersionCheck#MINIMUM_VERSION} or newer; with an older one the test fails with a
 * message that says so ({@link JUnitVersionCheck}).
 */
@Documented
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(JUnitVersionCheck.class)
@ParameterizedTest(name = "[{index}] {0}")
@ArgumentsSource(GenArgumentsProvider.class)
public @interface Property {
  /** How many trials to run. */
  int trials() default 100;
}
