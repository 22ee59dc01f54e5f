package dev.align4j.examples.archfixture.owner.api;

import dev.align4j.examples.archfixture.owner.internal.Hidden;

/** Fixture: an exported type that uses its own module's internal package (allowed). */
public final class Api {
  /** Returns an internal value. */
  public int value() {
    return Hidden.VALUE + 1;
  }
}
