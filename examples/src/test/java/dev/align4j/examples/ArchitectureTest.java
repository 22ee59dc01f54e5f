package dev.align4j.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.align4j.examples.arch.ModuleLayout;
import dev.align4j.examples.arch.ModuleRules;
import dev.align4j.examples.arch.NoTestClasses;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The architecture rules every align4j build enforces over the main classes of every module: the module tiers (core
 * depends on no align4j module, implementation modules on core only, integration modules on core and implementation
 * modules; the tiers are listed once, in {@link ModuleLayout#ALIGN4J_TIERS}), no use of another module's non-exported
 * packages, no package cycles, every package {@code @NullMarked}, no console printing or java.util.logging in library
 * code, no unseeded randomness. {@code ModuleRulesTest} shows each module rule failing on a broken fixture.
 */
@AnalyzeClasses(packages = "dev.align4j", importOptions = NoTestClasses.class)
class ArchitectureTest {
  private static final String[] LIBRARY = {
    "dev.align4j.core..",
    "dev.align4j.rewards..",
    "dev.align4j.feedback..",
    "dev.align4j.optimizers..",
    "dev.align4j.rollout.."
  };

  private static final ModuleLayout MODULES = ModuleLayout.fromClassPath();

  @ArchTest
  static final ArchRule modules_followTheTiers = ModuleRules.respectTiers(MODULES, "dev.align4j");

  @ArchTest
  static final ArchRule modules_integrateOnlyTheirModules =
      ModuleRules.integrateOnlyTheirModules(MODULES, ModuleLayout.INTEGRATES, "dev.align4j");

  @ArchTest
  static final ArchRule modules_useOnlyExportedPackagesOfOtherModules =
      ModuleRules.useOnlyExportedPackages(MODULES, "dev.align4j");

  @ArchTest
  static final ArchRule packages_haveNoCycles = ModuleRules.noPackageCycles("dev.align4j");

  @ArchTest
  static final ArchRule packages_areNullMarked = ModuleRules.packagesAreNullMarked("dev.align4j");

  @ArchTest
  static final ArchRule library_doesNotPrintToTheConsole =
      noClasses()
          .that()
          .resideInAnyPackage(LIBRARY)
          // the reward server's command line (java -jar ...-server.jar): its console is its
          // interface (the URL it serves at, the usage on a bad flag); the library classes it
          // starts log through slf4j like the rest
          .and()
          .doNotHaveFullyQualifiedName("dev.align4j.rewards.server.RewardServerMain")
          .should()
          .accessField(System.class, "out")
          .orShould()
          .accessField(System.class, "err")
          .orShould()
          .callMethod(Throwable.class, "printStackTrace")
          .because("library code logs through slf4j only");

  @ArchTest
  static final ArchRule library_doesNotUseJavaUtilLogging =
      noClasses()
          .that()
          .resideInAnyPackage(LIBRARY)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.util.logging..")
          .because("library code logs through slf4j only");

  @ArchTest
  static final ArchRule library_hasNoUnseededRandomness =
      noClasses()
          .that()
          .resideInAnyPackage(LIBRARY)
          .should()
          .callConstructor(Random.class)
          .orShould()
          .callConstructor(SplittableRandom.class)
          .orShould()
          .callMethod(Math.class, "random")
          .orShould()
          .callMethod(ThreadLocalRandom.class, "current")
          .because("randomness is injected and seeded: same seed, same numbers");
}
