package dev.align4j.examples.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.align4j.examples.arch.ModuleLayout.Tier;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each rule of {@link ModuleRules} fails on a deliberately broken fixture (the {@code archfixture} packages of this
 * test tree) and passes on the same fixture without the break; and the tier table classifies every module the build
 * has.
 */
class ModuleRulesTest {
  private static final String FIXTURE = "dev.align4j.examples.archfixture";
  private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURE);

  private static String pkg(String relative) {
    return FIXTURE + "." + relative;
  }

  /** Fixture modules: core, two implementation modules, and an owner/client pair for the export rule. */
  private static ModuleLayout fixtureLayout(boolean ownerExportsInternalToClient) {
    ModuleDescriptor.Builder owner =
        ModuleDescriptor.newModule("fx.owner")
            .packages(Set.of(pkg("owner.api"), pkg("owner.internal")))
            .exports(pkg("owner.api"));
    if (ownerExportsInternalToClient) {
      owner.exports(Set.of(), pkg("owner.internal"), Set.of("fx.client"));
    }
    List<ModuleDescriptor> all =
        List.of(
            ModuleDescriptor.newModule("fx.core").exports(pkg("core")).build(),
            ModuleDescriptor.newModule("fx.impl1").exports(pkg("impl1")).build(),
            ModuleDescriptor.newModule("fx.impl2").exports(pkg("impl2")).build(),
            owner.build(),
            ModuleDescriptor.newModule("fx.client").exports(pkg("client")).build());
    Map<String, ModuleDescriptor> byName = new TreeMap<>();
    all.forEach(d -> byName.put(d.name(), d));
    return new ModuleLayout(
        byName,
        Map.of(
            "fx.core",
            Tier.CORE,
            "fx.impl1",
            Tier.IMPLEMENTATION,
            "fx.impl2",
            Tier.IMPLEMENTATION,
            "fx.owner",
            Tier.IMPLEMENTATION,
            "fx.client",
            Tier.INTEGRATION));
  }

  private static EvaluationResult evaluate(ArchRule rule, String... packages) {
    return rule.evaluate(
        CLASSES.that(
            DescribedPredicate.describe(
                "in " + List.of(packages),
                c -> List.of(packages).stream().anyMatch(p -> c.getPackageName().equals(pkg(p))))));
  }

  @Test
  void noPackageCycles_failsOnACycle_passesWithoutIt() {
    EvaluationResult broken = evaluate(ModuleRules.noPackageCycles(FIXTURE), "cycle.a", "cycle.b");
    assertTrue(broken.hasViolation());
    assertTrue(
        broken.getFailureReport().toString().contains("cycle.a"),
        broken.getFailureReport().toString());
    assertFalse(
        evaluate(ModuleRules.noPackageCycles(FIXTURE), "impl1", "impl2", "core").hasViolation());
  }

  @Test
  void packagesAreNullMarked_failsOnAPackageWithoutPackageInfo() {
    EvaluationResult broken =
        evaluate(ModuleRules.packagesAreNullMarked(FIXTURE), "unmarked", "marked");
    assertTrue(broken.hasViolation());
    String report = broken.getFailureReport().toString();
    assertTrue(report.contains("archfixture.unmarked.Plain"), report);
    assertFalse(report.contains("archfixture.marked.Marked"), report);
  }

  @Test
  void respectTiers_failsWhenAnImplementationModuleImportsAnother() {
    ModuleLayout layout = fixtureLayout(false);
    EvaluationResult broken =
        evaluate(ModuleRules.respectTiers(layout, FIXTURE), "impl1", "impl2", "core");
    assertTrue(broken.hasViolation());
    String report = broken.getFailureReport().toString();
    assertTrue(report.contains("fx.impl1 (IMPLEMENTATION) must not use fx.impl2"), report);
    // impl2 -> core is allowed; the integration client may use the implementation module "owner"
    assertFalse(
        evaluate(
                ModuleRules.respectTiers(layout, FIXTURE),
                "impl2",
                "core",
                "client",
                "owner.api",
                "owner.internal")
            .hasViolation());
  }

  @Test
  void integrateOnlyTheirModules_failsWhenAnIntegrationModuleUsesAnUnlistedImplementationModule() {
    ModuleLayout layout = fixtureLayout(true);
    EvaluationResult broken =
        evaluate(
            ModuleRules.integrateOnlyTheirModules(
                layout, Map.of("fx.client", Set.of("fx.impl1")), FIXTURE),
            "client",
            "owner.api",
            "owner.internal");
    assertTrue(broken.hasViolation());
    String report = broken.getFailureReport().toString();
    assertTrue(
        report.contains("fx.client integrates [fx.impl1] only and must not use fx.owner"), report);
    assertFalse(
        evaluate(
                ModuleRules.integrateOnlyTheirModules(
                    layout, Map.of("fx.client", Set.of("fx.owner")), FIXTURE),
                "client",
                "owner.api",
                "owner.internal")
            .hasViolation());
  }

  @Test
  void reviewRequiresCoreAndFeedbackOnly() {
    ModuleDescriptor review = ModuleLayout.fromClassPath().modules().get("dev.align4j.review");
    Set<String> align4j = new TreeSet<>();
    review.requires().stream()
        .map(ModuleDescriptor.Requires::name)
        .filter(n -> n.startsWith("dev.align4j."))
        .forEach(align4j::add);
    assertEquals(
        Set.of("dev.align4j.core", "dev.align4j.feedback"),
        align4j,
        "issue 13: core + feedback only");
    assertEquals(
        Set.of("dev.align4j.feedback"),
        ModuleLayout.INTEGRATES.get("dev.align4j.review"),
        "the tier table's integration surface says the same");
  }

  @Test
  void useOnlyExportedPackages_failsOnAnInternalPackageUsedOutsideItsModule() {
    EvaluationResult broken =
        evaluate(
            ModuleRules.useOnlyExportedPackages(fixtureLayout(false), FIXTURE),
            "client",
            "owner.api",
            "owner.internal");
    assertTrue(broken.hasViolation());
    String report = broken.getFailureReport().toString();
    assertTrue(report.contains("fx.client uses " + pkg("owner.internal")), report);
    assertFalse(
        report.contains("owner.api.Api"), "a module may use its own internal package: " + report);
    // a qualified export to the client makes the same use legal
    assertFalse(
        evaluate(
                ModuleRules.useOnlyExportedPackages(fixtureLayout(true), FIXTURE),
                "client",
                "owner.api",
                "owner.internal")
            .hasViolation());
  }

  @Test
  void everyModuleOfTheBuildHasATier() throws Exception {
    ModuleLayout layout = ModuleLayout.fromClassPath();
    assertEquals(
        List.of(), layout.unclassified(), "add these modules to ModuleLayout.ALIGN4J_TIERS");
    // the build's alignment-* modules (root pom) that ship a module descriptor all reached this
    // test's class path
    Set<String> expected = new TreeSet<>();
    Matcher m =
        Pattern.compile("<module>alignment-([a-z0-9-]+)</module>")
            .matcher(Files.readString(Path.of("..", "pom.xml")));
    List<String> skipped = List.of("bom");
    while (m.find()) {
      if (!skipped.contains(m.group(1))) {
        // alignment-spring-ai is module dev.align4j.springai (its package: "spring.ai" would read
        // as two words)
        expected.add(
            "dev.align4j."
                + m.group(1)
                    .replace("-contracts", ".contract")
                    .replace("spring-ai", "springai")
                    .replace('-', '.'));
      }
    }
    assertEquals(
        expected,
        new TreeSet<>(layout.modules().keySet()),
        "every published module is on the examples' test class path and analysed");
  }
}
