/**
 * Runnable proofs of concept, one use case per class. {@link dev.align4j.examples.QuickStart} is the main example the
 * README runs; the others show one module each.
 */
@NullMarked
package dev.align4j.examples;

import org.jspecify.annotations.NullMarked;
