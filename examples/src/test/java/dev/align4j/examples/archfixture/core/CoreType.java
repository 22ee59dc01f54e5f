package dev.align4j.examples.archfixture.core;

/** Fixture: a type of the fixture's core module. */
public final class CoreType {
}
