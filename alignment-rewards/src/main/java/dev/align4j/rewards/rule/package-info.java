/**
 * Rule-based and verifiable rewards (regex, keywords, JSON validity, reference answers, length, format) and their
 * composition (weighted sum, min, product, gating) with per-component reporting.
 */
@NullMarked
package dev.align4j.rewards.rule;

import org.jspecify.annotations.NullMarked;
