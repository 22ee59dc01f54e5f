package dev.align4j.feedback.judge;

import dev.align4j.core.AlignmentException;

/** A judge's answer did not contain a verdict in the required form. The message quotes (an abbreviation of) it. */
public final class UnparseableVerdictException extends AlignmentException {
  private static final long serialVersionUID = 1L;

  /** @param message what was expected and what came back */
  public UnparseableVerdictException(String message) {
    super(message);
  }
}
