package dev.align4j.examples.archfixture.marked;

/** Fixture: a class in a {@code @NullMarked} package. */
public final class Marked {
}
