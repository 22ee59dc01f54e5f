package dev.align4j.core;

import dev.align4j.core.math.kernel.Kernels;

/**
 * Which kernel path this JVM runs align4j's dense loops on: the public report of the choice made once at start-up.
 * The kernels themselves are internal (exported only to align4j's own modules); an application or a benchmark that
 * wants to log or assert the path reads it here.
 *
 * <p>The Vector API path is taken when the application runs with {@code --add-modules jdk.incubator.vector}, the
 * preferred vector shape is at least 128 bits, the vector kernels pass their start-up self-check, and the system
 * property {@value #FORCE_SCALAR_PROPERTY} is not {@code true}; otherwise the scalar path runs.
 *
 * @param name a short name of the path, {@code "scalar"} or {@code "vector-api(N-bit)"} with N the vector width in
 *     bits
 * @param vectorized whether the path uses the Vector API
 */
public record KernelPath(String name, boolean vectorized) {

  /** Set to {@code true} to force the scalar path everywhere (for debugging and for testing both paths). */
  public static final String FORCE_SCALAR_PROPERTY = Kernels.FORCE_SCALAR_PROPERTY;

  /** The path chosen at start-up (choosing it, on first use, logs it once at INFO). */
  public static KernelPath active() {
    Kernels k = Kernels.active();
    return new KernelPath(k.name(), k.isVectorized());
  }
}
