package dev.align4j.examples.archfixture.unmarked;

/** Fixture: a class in a package without a package-info, so not {@code @NullMarked}. */
public final class Plain {
}
