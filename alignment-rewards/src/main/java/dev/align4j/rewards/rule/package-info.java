/**
 * Rule-based and verifiable rewards (regex, keywords, JSON validity, reference answers, length, format) and their
 * composition (weighted sum, min, product, gating) with per-component reporting. The reference-answer, JSON and regex
 * rules and the composites are {@link dev.align4j.rewards.verify.Verifier}s: they abstain, with a reason, when they
 * cannot read an answer, instead of scoring it 0.
 */
@NullMarked
package dev.align4j.rewards.rule;

import org.jspecify.annotations.NullMarked;
