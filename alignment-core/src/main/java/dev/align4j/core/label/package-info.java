/**
 * Feedback labels: the sealed {@link dev.align4j.core.label.Feedback} hierarchy (pairwise, ranking, rating,
 * binary) and the {@link dev.align4j.core.label.Provenance} of every label.
 */
@NullMarked
package dev.align4j.core.label;

import org.jspecify.annotations.NullMarked;
