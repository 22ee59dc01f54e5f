package dev.align4j.core.math;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses the active kernels once. */
final class KernelHolder {
  static final Kernels ACTIVE = choose();

  private KernelHolder() {}

  private static Kernels choose() {
    Logger log = LoggerFactory.getLogger(Kernels.class);
    if (Boolean.getBoolean(Kernels.FORCE_SCALAR_PROPERTY)) {
      log.info("align4j kernels: scalar (forced by -D{}=true)", Kernels.FORCE_SCALAR_PROPERTY);
      return ScalarKernels.INSTANCE;
    }
    if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      log.info("align4j kernels: scalar (run with --add-modules jdk.incubator.vector for the SIMD path)");
      return ScalarKernels.INSTANCE;
    }
    try {
      Class<?> c = Class.forName("dev.align4j.core.math.VectorApiKernels");
      Kernels k = (Kernels) c.getDeclaredMethod("create").invoke(null);
      if (k == null) {
        log.info("align4j kernels: scalar (preferred vector shape below 128 bits)");
        return ScalarKernels.INSTANCE;
      }
      log.info("align4j kernels: {}", k.name());
      return k;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      log.warn("align4j kernels: scalar (Vector API path failed to link: {})", e.toString());
      return ScalarKernels.INSTANCE;
    }
  }
}
