package dev.align4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.math.kernel.Kernels;
import org.junit.jupiter.api.Test;

class KernelPathTest {

  @Test
  void reportsTheKernelsChosenAtStartUp() {
    KernelPath path = KernelPath.active();
    assertEquals(Kernels.active().name(), path.name());
    assertEquals(Kernels.vectorApiUsable(), path.vectorized());
    // the name says which path: "scalar" exactly when not vectorized, "vector-api(N-bit)" otherwise
    assertTrue(path.vectorized() ? path.name().matches("vector-api\\(\\d+-bit\\)") : path.name().equals("scalar"),
        path::toString);
  }

  @Test
  void forcingScalarFollowsTheKernelsProperty() {
    assertEquals("align4j.kernels.scalar", KernelPath.FORCE_SCALAR_PROPERTY);
    if (Boolean.getBoolean(KernelPath.FORCE_SCALAR_PROPERTY)) {
      assertEquals(new KernelPath("scalar", false), KernelPath.active());
    }
  }
}
