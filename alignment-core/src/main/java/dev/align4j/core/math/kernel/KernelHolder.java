package dev.align4j.core.math.kernel;

import java.lang.invoke.MethodHandles;

/**
 * Holds the kernels chosen once by {@link VectorApiLoader} (which also explains why no align4j module requires
 * {@code jdk.incubator.vector} and how the read edge is added at run time).
 */
final class KernelHolder {
  static final Kernels ACTIVE = choose();

  private KernelHolder() {}

  private static Kernels choose() {
    Kernels vector = VectorApiLoader.choose(
        MethodHandles.lookup(), "dev.align4j.core.math.kernel.VectorApiKernels", Kernels.class, Kernels::name,
        "align4j kernels", "scalar", false).vector();
    return vector == null ? ScalarKernels.INSTANCE : vector;
  }
}
