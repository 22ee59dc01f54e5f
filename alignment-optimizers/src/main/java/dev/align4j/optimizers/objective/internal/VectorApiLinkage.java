package dev.align4j.optimizers.objective.internal;

import dev.align4j.core.math.Kernels;
import org.jspecify.annotations.Nullable;

/**
 * Links this module's optional Vector API classes ({@code VectorPairwiseKernels},
 * {@code VectorPolicyGradientTokenLoop}) once the core kernels chose the Vector API path
 * ({@link Kernels#vectorApiUsable()}).
 *
 * <p>Like {@code dev.align4j.core}, this module does not require {@code jdk.incubator.vector} in its descriptor (a
 * modular application compiled against it would otherwise warn about an incubating module, fatal under
 * {@code -Werror}); the application opts in with {@code --add-modules jdk.incubator.vector} and this class adds the
 * read edge from this module to it before a vector class is linked. {@link Module#addReads} must be called from the
 * module that reads, which is why this module has its own linkage and does not reuse core's. On the class path it does
 * nothing (the unnamed module reads every module).
 */
final class VectorApiLinkage {
  /** The JDK module of the Vector API. */
  private static final String VECTOR_MODULE = "jdk.incubator.vector";

  private VectorApiLinkage() {}

  /**
   * Makes this module read the Vector API module and returns what the static, no-argument {@code create()} of the
   * class {@code className} of this package returns (null when the preferred vector shape is too narrow).
   *
   * @throws IllegalStateException when the Vector API module is not in the boot layer
   * @throws ReflectiveOperationException when the class or its {@code create()} cannot be found or invoked
   */
  static <T> @Nullable T create(String className, Class<T> type) throws ReflectiveOperationException {
    Module vector = ModuleLayer.boot().findModule(VECTOR_MODULE).orElseThrow(
        () -> new IllegalStateException(VECTOR_MODULE + " is not in the boot layer"));
    VectorApiLinkage.class.getModule().addReads(vector);
    Object created = Class.forName(className).getDeclaredMethod("create").invoke(null);
    return type.cast(created);
  }
}
