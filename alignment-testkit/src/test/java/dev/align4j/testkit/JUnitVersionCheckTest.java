package dev.align4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * {@link JUnitVersionCheck}: quiet with the JUnit the build uses, and with a JUnit Jupiter that lacks
 * {@code ParameterDeclarations} (5.12 and older) a message naming the required and the built-with versions; and
 * {@link Property} registers it.
 */
class JUnitVersionCheckTest {

  /** A class loader that behaves like one with JUnit Jupiter 5.12 or older: no {@code ParameterDeclarations}. */
  private static final class WithoutParameterDeclarations extends ClassLoader {
    WithoutParameterDeclarations() {
      super(JUnitVersionCheckTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (name.equals(JUnitVersionCheck.REQUIRED_CLASS)) {
        throw new ClassNotFoundException(name);
      }
      return super.loadClass(name, resolve);
    }
  }

  @Test
  void quietWithTheJUnitOfTheBuild() {
    assertNull(JUnitVersionCheck.problem(JUnitVersionCheck.class.getClassLoader()));
  }

  @Test
  void namesTheRequiredVersionWhenParameterDeclarationsIsMissing() {
    String message = JUnitVersionCheck.problem(new WithoutParameterDeclarations());
    assertNotNull(message);
    assertTrue(message.startsWith("alignment-testkit needs JUnit Jupiter 5.13.0 or newer"), message);
    assertTrue(message.contains("org.junit.jupiter.params.support.ParameterDeclarations"), message);
    String found = ParameterizedTest.class.getPackage().getImplementationVersion();
    assertNotNull(found, "junit-jupiter-params has an Implementation-Version");
    assertTrue(message.contains("the junit-jupiter-params on the test class path is " + found), message);
    assertTrue(message.contains("org.junit:junit-bom:" + JUnitVersionCheck.builtWith()), message);
  }

  @Test
  void builtWithIsTheBuildsJUnitVersion() {
    // the filtered resource carries the root pom's junit.version, which is the junit-jupiter-params on this class path
    assertEquals(ParameterizedTest.class.getPackage().getImplementationVersion(), JUnitVersionCheck.builtWith());
  }

  @Test
  void propertyRegistersTheCheck() {
    ExtendWith extendWith = Property.class.getAnnotation(ExtendWith.class);
    assertNotNull(extendWith, "@Property must carry @ExtendWith(JUnitVersionCheck.class)");
    assertTrue(Arrays.asList(extendWith.value()).contains(JUnitVersionCheck.class));
  }

  @Property(trials = 3)
  void aPropertyRunsWithTheCheckEnabled(Gen gen) {
    double x = gen.doubleIn(0, 1);
    assertTrue(x >= 0 && x <= 1, "x = " + x);
  }
}
