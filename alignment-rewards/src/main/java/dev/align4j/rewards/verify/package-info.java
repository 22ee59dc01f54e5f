/**
 * Verifier abstention and the verifier audit: a rule or verifier says "could not score" ({@link
 * dev.align4j.rewards.verify.Verdict.Abstained}, with a {@link dev.align4j.rewards.verify.AbstentionReason}) apart
 * from "wrong" (a scored 0); an {@link dev.align4j.rewards.verify.AbstentionMeter} counts abstentions per reason and
 * keeps a bounded sample of examples; a {@link dev.align4j.rewards.verify.VerifierAudit} re-checks a seeded sample of
 * the items a verifier scored 0 with an independent {@link dev.align4j.rewards.verify.SecondCheck} and estimates the
 * verifier's false-negative rate with a Wilson interval.
 */
@NullMarked
package dev.align4j.rewards.verify;

import org.jspecify.annotations.NullMarked;
