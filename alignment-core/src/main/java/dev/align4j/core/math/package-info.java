/**
 * Numerically stable primitives ({@link dev.align4j.core.math.StableMath}). The kernels live in the internal
 * {@code dev.align4j.core.math.kernel}; which kernel path runs is public through {@link dev.align4j.core.KernelPath}.
 */
@NullMarked
package dev.align4j.core.math;

import org.jspecify.annotations.NullMarked;
