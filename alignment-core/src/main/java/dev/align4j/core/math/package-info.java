/**
 * Numerically stable primitives ({@link dev.align4j.core.math.StableMath}) and the kernel layer
 * ({@link dev.align4j.core.math.Kernels}): a scalar path that always works and a Vector API path chosen at start-up.
 */
@NullMarked
package dev.align4j.core.math;

import org.jspecify.annotations.NullMarked;
