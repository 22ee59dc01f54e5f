package dev.align4j.jpmscheck.testkitonly;

import dev.align4j.testkit.Gen;
import dev.align4j.testkit.GenArgumentsProvider;
import org.junit.jupiter.params.provider.ArgumentsProvider;

/** Names types of {@code dev.align4j.testkit} and of the modules its API exposes. */
public final class Uses {
  private Uses() {}

  /**
   * Uses the API.
   *
   * @return a value, so that nothing is dead code
   */
  public static Object use() {
    ArgumentsProvider provider = new GenArgumentsProvider();
    return provider + " " + new Gen(1, 0, 1).doubleIn(0, 1);
  }
}
