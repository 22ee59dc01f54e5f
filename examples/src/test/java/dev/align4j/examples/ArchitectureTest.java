package dev.align4j.examples;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The architecture rules every align4j build enforces: the star dependency rule (implementation modules depend on core
 * only), no console printing or java.util.logging in library code, no unseeded randomness.
 */
@AnalyzeClasses(packages = "dev.align4j", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
  private static final String[] LIBRARY = {
    "dev.align4j.core..", "dev.align4j.rewards..", "dev.align4j.feedback..", "dev.align4j.policies..",
    "dev.align4j.optimizers..", "dev.align4j.rollout.."
  };

  @ArchTest
  static final ArchRule core_dependsOnNoOtherModule =
      noClasses().that().resideInAPackage("dev.align4j.core..")
          .should().dependOnClassesThat().resideInAnyPackage(
              "dev.align4j.rewards..", "dev.align4j.feedback..", "dev.align4j.policies..", "dev.align4j.optimizers..",
              "dev.align4j.rollout..", "dev.align4j.examples..", "dev.align4j.benchmarks..", "dev.align4j.testkit..");

  @ArchTest
  static final ArchRule rewards_dependsOnCoreOnly = starRule("dev.align4j.rewards..");

  @ArchTest
  static final ArchRule feedback_dependsOnCoreOnly = starRule("dev.align4j.feedback..");

  @ArchTest
  static final ArchRule policies_dependsOnCoreOnly = starRule("dev.align4j.policies..");

  @ArchTest
  static final ArchRule optimizers_dependsOnCoreOnly = starRule("dev.align4j.optimizers..");

  @ArchTest
  static final ArchRule rollout_dependsOnCoreOnly = starRule("dev.align4j.rollout..");

  private static ArchRule starRule(String module) {
    String[] others = {
      "dev.align4j.rewards..", "dev.align4j.feedback..", "dev.align4j.policies..", "dev.align4j.optimizers..",
      "dev.align4j.rollout..", "dev.align4j.examples..", "dev.align4j.benchmarks.."
    };
    return noClasses().that().resideInAPackage(module)
        .should().dependOnClassesThat().resideInAnyPackage(
            java.util.Arrays.stream(others).filter(o -> !o.equals(module)).toArray(String[]::new))
        .because("implementation modules depend on alignment-core only (a star, not a chain)")
        .allowEmptyShould(true);
  }

  @ArchTest
  static final ArchRule library_doesNotPrintToTheConsole =
      noClasses().that().resideInAnyPackage(LIBRARY)
          .should().accessField(System.class, "out")
          .orShould().accessField(System.class, "err")
          .orShould().callMethod(Throwable.class, "printStackTrace")
          .because("library code logs through slf4j only");

  @ArchTest
  static final ArchRule library_doesNotUseJavaUtilLogging =
      noClasses().that().resideInAnyPackage(LIBRARY)
          .should().dependOnClassesThat().resideInAPackage("java.util.logging..")
          .because("library code logs through slf4j only");

  @ArchTest
  static final ArchRule library_hasNoUnseededRandomness =
      noClasses().that().resideInAnyPackage(LIBRARY)
          .should().callConstructor(Random.class)
          .orShould().callConstructor(SplittableRandom.class)
          .orShould().callMethod(Math.class, "random")
          .orShould().callMethod(ThreadLocalRandom.class, "current")
          .because("randomness is injected and seeded: same seed, same numbers");
}
