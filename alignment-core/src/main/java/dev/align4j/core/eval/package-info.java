/**
 * Evaluation statistics shared by the feedback and rollout modules: {@link
 * dev.align4j.core.eval.LengthControlledWinRate} (AlpacaEval-LC).
 */
@NullMarked
package dev.align4j.core.eval;

import org.jspecify.annotations.NullMarked;
