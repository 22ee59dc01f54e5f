/**
 * Seeded generators ({@link dev.align4j.testkit.Gen}) and the {@link dev.align4j.testkit.Property} annotation for
 * property tests without a property-testing framework: each property is a JUnit parameterized test over a fixed list
 * of seeds, edge cases first.
 */
@NullMarked
package dev.align4j.testkit;

import org.jspecify.annotations.NullMarked;
