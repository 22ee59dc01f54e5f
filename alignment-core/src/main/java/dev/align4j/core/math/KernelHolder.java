package dev.align4j.core.math;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the active kernels once, and is the only place of this module that links the Vector API classes.
 *
 * <p>{@code dev.align4j.core} does not require {@code jdk.incubator.vector} in its module descriptor (not even
 * {@code requires static}): a descriptor that names an incubator module makes the compiler of every modular
 * application that requires align4j warn "using incubating module(s)", an error under {@code -Werror} that the
 * application cannot switch off. The application opts in at run time instead ({@code --add-modules
 * jdk.incubator.vector}); then this class adds the read edge from this module to the incubator module before the
 * vector classes are linked. On the class path the unnamed module already reads every module and
 * {@link Module#addReads} does nothing. Without the module the scalar kernels are used and the choice is logged once
 * at INFO. (The approach is the one of Apache Lucene's {@code VectorizationProvider}.)
 */
final class KernelHolder {
  /** The JDK module of the Vector API. */
  static final String VECTOR_MODULE = "jdk.incubator.vector";

  static final Kernels ACTIVE = choose();

  private KernelHolder() {}

  private static Kernels choose() {
    Logger log = LoggerFactory.getLogger(Kernels.class);
    if (Boolean.getBoolean(Kernels.FORCE_SCALAR_PROPERTY)) {
      log.info("align4j kernels: scalar (forced by -D{}=true)", Kernels.FORCE_SCALAR_PROPERTY);
      return ScalarKernels.INSTANCE;
    }
    Optional<Module> vector = ModuleLayer.boot().findModule(VECTOR_MODULE);
    if (vector.isEmpty()) {
      log.info("align4j kernels: scalar (run with --add-modules {} for the SIMD path)", VECTOR_MODULE);
      return ScalarKernels.INSTANCE;
    }
    try {
      KernelHolder.class.getModule().addReads(vector.get());
      Class<?> c = Class.forName("dev.align4j.core.math.VectorApiKernels");
      Kernels k = (Kernels) c.getDeclaredMethod("create").invoke(null);
      if (k == null) {
        log.info("align4j kernels: scalar (preferred vector shape below 128 bits)");
        return ScalarKernels.INSTANCE;
      }
      log.info("align4j kernels: {}", k.name());
      return k;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.warn("align4j kernels: scalar (Vector API path failed to link: {})", e.toString(), e);
      return ScalarKernels.INSTANCE;
    }
  }
}
