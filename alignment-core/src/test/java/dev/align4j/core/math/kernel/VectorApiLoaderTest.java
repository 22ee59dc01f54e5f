package dev.align4j.core.math.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.invoke.MethodHandles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The loader's choices when the Vector API module is present (the build's tests run with {@code --add-modules
 * jdk.incubator.vector}): an implementation that cannot be found or fails to link gives the scalar path with the cause
 * reported, and a loadable one is returned.
 */
class VectorApiLoaderTest {

  @BeforeEach
  void vectorModulePresent() {
    assumeTrue(ModuleLayer.boot().findModule(VectorApiLoader.VECTOR_MODULE).isPresent(), "run without the module");
    assumeTrue(!Boolean.getBoolean(Kernels.FORCE_SCALAR_PROPERTY), "scalar forced");
  }

  @Test
  void missingClassFallsBackToScalarAndReportsTheCause() {
    VectorApiLoader.Choice<Kernels> choice = choose("dev.align4j.core.math.kernel.NoSuchVectorKernels");
    assertNull(choice.vector());
    assertInstanceOf(ClassNotFoundException.class, choice.failure());
  }

  @Test
  void classWhoseInitializerFailsFallsBackToScalarAndReportsTheCause() {
    VectorApiLoader.Choice<Kernels> choice = choose(FailingInitializer.class.getName());
    assertNull(choice.vector());
    ExceptionInInitializerError failure = assertInstanceOf(ExceptionInInitializerError.class, choice.failure());
    assertEquals("self-check failed", failure.getCause().getMessage());
  }

  @Test
  void classWithoutAMatchingCreateFallsBackToScalarAndReportsTheCause() {
    VectorApiLoader.Choice<Kernels> choice = choose(WrongCreate.class.getName());
    assertNull(choice.vector());
    assertInstanceOf(NoSuchMethodException.class, choice.failure());
  }

  @Test
  void createThatThrowsFallsBackToScalarAndReportsTheCause() {
    VectorApiLoader.Choice<Kernels> choice = choose(ThrowingCreate.class.getName());
    assertNull(choice.vector());
    assertEquals("no vector unit", assertInstanceOf(IllegalStateException.class, choice.failure()).getMessage());
  }

  @Test
  void loadsTheVectorKernelsOnBehalfOfTheCaller() {
    assumeTrue(Kernels.vectorApiUsable(), "preferred vector shape below 128 bits");
    VectorApiLoader.Choice<Kernels> choice = choose("dev.align4j.core.math.kernel.VectorApiKernels");
    assertNull(choice.failure());
    Kernels vector = choice.vector();
    assertNotNull(vector);
    assertEquals(Kernels.active().name(), vector.name());
    assertEquals(6.0f, vector.dot(new float[] {1, 2, 3}, 0, new float[] {1, 1, 1}, 0, 3));
  }

  private static VectorApiLoader.Choice<Kernels> choose(String className) {
    return VectorApiLoader.choose(
        MethodHandles.lookup(), className, Kernels.class, Kernels::name, "align4j test kernels", "scalar", false);
  }

  /** A Vector API class whose static initializer fails (as a failing self-check or a missing vector class would). */
  static final class FailingInitializer {
    static {
      fail();
    }

    private FailingInitializer() {}

    static Kernels create() {
      return ScalarKernels.INSTANCE;
    }

    private static void fail() {
      throw new IllegalStateException("self-check failed");
    }
  }

  /** A class whose {@code create()} returns the wrong type. */
  static final class WrongCreate {
    private WrongCreate() {}

    static String create() {
      return "not kernels";
    }
  }

  /** A class whose {@code create()} throws. */
  static final class ThrowingCreate {
    private ThrowingCreate() {}

    static Kernels create() {
      throw new IllegalStateException("no vector unit");
    }
  }
}
