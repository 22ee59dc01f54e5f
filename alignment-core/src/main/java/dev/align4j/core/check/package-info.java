/**
 * Argument checks whose messages name the argument, the bad value and what was expected.
 * Shared by every align4j module so that bad input is reported the same way everywhere.
 */
@NullMarked
package dev.align4j.core.check;

import org.jspecify.annotations.NullMarked;
