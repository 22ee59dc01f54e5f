/**
 * The kernel layer ({@link dev.align4j.core.math.kernel.Kernels}): the dense loops that dominate align4j's run time,
 * a scalar path that always works and a Vector API path chosen at start-up, and the one loader of Vector API classes
 * ({@code VectorApiLoader}). Internal: exported only to align4j's own modules; the path
 * in use is public through {@link dev.align4j.core.KernelPath}.
 */
@NullMarked
package dev.align4j.core.math.kernel;

import org.jspecify.annotations.NullMarked;
