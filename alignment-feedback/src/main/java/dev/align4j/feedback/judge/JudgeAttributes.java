package dev.align4j.feedback.judge;

/**
 * Keys of the {@code Provenance.attributes()} an AI judge writes on every label. The hybrid router and the bias
 * reports read them, so any {@code FeedbackSource} that wants to be routed like a judge can write them too.
 */
public final class JudgeAttributes {
  private JudgeAttributes() {}

  /** {@code "true"} when both presentation orders gave the same verdict (always true for one-order kinds). */
  public static final String ORDER_CONSISTENT = "order_consistent";
  /** Verdict with A shown first, mapped to the request's candidates: {@code A}, {@code B} or {@code TIE}. */
  public static final String VERDICT_A_FIRST = "verdict_a_first";
  /** Verdict with B shown first, mapped to the request's candidates: {@code A}, {@code B} or {@code TIE}. */
  public static final String VERDICT_B_FIRST = "verdict_b_first";
  /** p(A ≻ B) from the A-first call. */
  public static final String P_A_FIRST = "p_a_first";
  /** p(A ≻ B) from the B-first call. */
  public static final String P_B_FIRST = "p_b_first";
  /** {@code "logprobs"} when the soft label came from answer-token log-probabilities, else {@code "verdict"}. */
  public static final String SOFT_LABEL_SOURCE = "soft_label_source";
  /** {@code "true"} when a candidate looked like a prompt-injection attempt. */
  public static final String INJECTION_FLAGGED = "injection_flagged";
  /** Comma-separated indices of flagged candidates. */
  public static final String INJECTION_CANDIDATES = "injection_candidates";
  /** SHA-256 (hex, first 16 chars) of the judge template, to pin the judge's exact prompt. */
  public static final String TEMPLATE_HASH = "template_hash";
  /** The judge's chain-of-thought rationale (first call), abbreviated. */
  public static final String RATIONALE = "rationale";
  /** The constitution version the principle came from. */
  public static final String CONSTITUTION_VERSION = "constitution_version";
  /** Expected score Σ s·P(s) of a rating judgement (d-RLAIF), when log-probs were available. */
  public static final String EXPECTED_SCORE = "expected_score";
  /** p(desirable) of a binary judgement. */
  public static final String P_DESIRABLE = "p_desirable";
  /** Whether the verdict was reference-guided. */
  public static final String REFERENCE_GUIDED = "reference_guided";
}
