package dev.align4j.examples.archfixture.client;

import dev.align4j.examples.archfixture.owner.api.Api;
import dev.align4j.examples.archfixture.owner.internal.Hidden;

/** Fixture: a client module that reaches into another module's non-exported package (forbidden). */
public final class UsesInternal {
  /** Uses the exported API (allowed) and the internal package (forbidden). */
  public int both() {
    return new Api().value() + Hidden.value();
  }
}
