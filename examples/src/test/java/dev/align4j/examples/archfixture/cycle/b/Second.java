package dev.align4j.examples.archfixture.cycle.b;

import dev.align4j.examples.archfixture.cycle.a.First;

/** Fixture: the other half of the deliberate package cycle. */
public final class Second {
  /** Returns a {@link First}. */
  public First back() {
    return new First();
  }
}
