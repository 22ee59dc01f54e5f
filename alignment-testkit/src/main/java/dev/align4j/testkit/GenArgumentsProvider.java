package dev.align4j.testkit;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Supplies one {@link Gen} per trial to a {@link Property} test. */
public final class GenArgumentsProvider implements ArgumentsProvider, AnnotationConsumer<Property> {
  /** The system property that replays a single seed. */
  public static final String SEED_PROPERTY = "align4j.seed";

  private int trials = 100;

  /** Creates the provider; JUnit calls {@link #accept(Property)} before use. */
  public GenArgumentsProvider() {}

  @Override
  public void accept(Property property) {
    if (property.trials() <= 0) {
      throw new IllegalArgumentException("trials must be > 0, was " + property.trials());
    }
    this.trials = property.trials();
  }

  @Override
  public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
    String replay = System.getProperty(SEED_PROPERTY);
    if (replay != null && !replay.isBlank()) {
      long seed = Long.decode(replay.trim());
      return Stream.of(Arguments.of(new Gen(seed, trials, trials)));
    }
    long base =
        Gen.mix(
            context.getRequiredTestClass().getName().hashCode() * 0x9E3779B97F4A7C15L
                + context.getRequiredTestMethod().getName().hashCode());
    int edgeTrials = Math.max(1, trials / 10);
    return IntStream.range(0, trials)
        .mapToObj(i -> Arguments.of(new Gen(Gen.mix(base + i), i, edgeTrials)));
  }
}
