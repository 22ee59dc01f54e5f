/**
 * Numerically stable primitives ({@link dev.align4j.core.math.StableMath}) and the report of which kernel path runs
 * ({@link dev.align4j.core.math.KernelPath}); the kernels themselves live in the internal
 * {@code dev.align4j.core.math.kernel}.
 */
@NullMarked
package dev.align4j.core.math;

import org.jspecify.annotations.NullMarked;
