/** Fixture: a {@code @NullMarked} package. */
@NullMarked
package dev.align4j.examples.archfixture.marked;

import org.jspecify.annotations.NullMarked;
