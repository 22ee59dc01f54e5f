package dev.align4j.examples.archfixture.owner.internal;

/** Fixture: a type in a package its module does not export. */
public final class Hidden {
  /** A constant read from outside the module by the broken fixture. */
  public static final int VALUE = 41;

  private Hidden() {
  }

  /** Returns {@link #VALUE} through a method, so that the use is a method call. */
  public static int value() {
    return VALUE;
  }
}
