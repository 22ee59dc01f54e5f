package dev.align4j.examples.archfixture.impl2;

import dev.align4j.examples.archfixture.core.CoreType;

/** Fixture: a type of the second fixture implementation module; it uses core, as allowed. */
public final class Thing {
  /** Returns a core type. */
  public CoreType core() {
    return new CoreType();
  }
}
