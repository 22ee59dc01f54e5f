package dev.align4j.examples.archfixture.impl1;

import dev.align4j.examples.archfixture.impl2.Thing;

/** Fixture: an implementation module that imports another implementation module (forbidden by the star). */
public final class UsesOtherImplementation {
  /** Returns the other module's type. */
  public Thing thing() {
    return new Thing();
  }
}
