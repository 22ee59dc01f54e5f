/**
 * Label aggregation with a seeded, deterministic tie policy: majority and weighted majority votes, Dawid–Skene EM,
 * Bradley–Terry/Elo ratings with bootstrap intervals, soft labels with support counts.
 */
@NullMarked
package dev.align4j.feedback.aggregate;

import org.jspecify.annotations.NullMarked;
