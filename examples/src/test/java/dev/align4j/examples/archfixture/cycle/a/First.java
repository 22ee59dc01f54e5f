package dev.align4j.examples.archfixture.cycle.a;

import dev.align4j.examples.archfixture.cycle.b.Second;

/** Fixture: half of a deliberate package cycle ({@code cycle.a} to {@code cycle.b} and back). */
public final class First {
  /** Returns a {@link Second}. */
  public Second next() {
    return new Second();
  }
}
