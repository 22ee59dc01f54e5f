package dev.align4j.examples.jpms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A black-box test of the published module descriptors (the idea of Caffeine's {@code ModuleTest}): each align4j
 * module exports exactly its intended API, unqualified, and the packages that are for align4j's own modules only
 * ({@code dev.align4j.core.check}, {@code Require}) are exported to exactly those modules. A package added to a
 * module-info without being added here, or an export that disappears, fails the test; so does a module that opens
 * packages for reflection.
 *
 * <p>Whoever changes a module-info changes the list here in the same commit.
 */
class ModuleDescriptorTest {
  /** align4j's own modules: the only readers of qualified exports. */
  private static final Set<String> ALIGN4J_MODULES =
      Set.of(
          "dev.align4j.rewards",
          "dev.align4j.feedback",
          "dev.align4j.optimizers",
          "dev.align4j.policies",
          "dev.align4j.rollout",
          "dev.align4j.review",
          "dev.align4j.springai",
          "dev.align4j.langchain4j",
          "dev.align4j.spark",
          "dev.align4j.testkit.contract");

  /** The intended API: the unqualified exports of each module. */
  private static final Map<String, Set<String>> PUBLIC_API =
      Map.ofEntries(
          Map.entry(
              "dev.align4j.core",
              Set.of(
                  "dev.align4j.core",
                  "dev.align4j.core.data",
                  "dev.align4j.core.eval",
                  "dev.align4j.core.label",
                  "dev.align4j.core.llm",
                  "dev.align4j.core.reward",
                  "dev.align4j.core.train",
                  // StableMath, StandardNormal and WilsonInterval are API (KernelPath, in
                  // dev.align4j.core, reports the kernel path); the kernels are internal
                  "dev.align4j.core.math",
                  "dev.align4j.core.text",
                  "dev.align4j.core.trajectory")),
          Map.entry("dev.align4j.testkit", Set.of("dev.align4j.testkit")),
          Map.entry("dev.align4j.testkit.contract", Set.of("dev.align4j.testkit.contract")),
          Map.entry(
              "dev.align4j.rewards",
              Set.of(
                  "dev.align4j.rewards",
                  "dev.align4j.rewards.feature",
                  "dev.align4j.rewards.model",
                  "dev.align4j.rewards.train",
                  "dev.align4j.rewards.ensemble",
                  "dev.align4j.rewards.rule",
                  "dev.align4j.rewards.llm",
                  "dev.align4j.rewards.normalize",
                  "dev.align4j.rewards.eval",
                  "dev.align4j.rewards.io",
                  "dev.align4j.rewards.server",
                  "dev.align4j.rewards.verify")),
          Map.entry(
              "dev.align4j.feedback",
              Set.of(
                  "dev.align4j.feedback.http",
                  "dev.align4j.feedback.judge",
                  "dev.align4j.feedback.constitution",
                  "dev.align4j.feedback.rule",
                  "dev.align4j.feedback.route",
                  "dev.align4j.feedback.aggregate",
                  "dev.align4j.feedback.agreement",
                  "dev.align4j.feedback.store",
                  "dev.align4j.feedback.export",
                  "dev.align4j.feedback.event",
                  "dev.align4j.feedback.calibration")),
          Map.entry(
              "dev.align4j.optimizers",
              Set.of(
                  "dev.align4j.optimizers.objective",
                  "dev.align4j.optimizers.objective.distillation",
                  "dev.align4j.optimizers.objective.listwise",
                  "dev.align4j.optimizers.objective.pairwise",
                  "dev.align4j.optimizers.objective.policygradient",
                  "dev.align4j.optimizers.objective.unpaired",
                  "dev.align4j.optimizers.advantage",
                  "dev.align4j.optimizers.kl",
                  "dev.align4j.optimizers.monitor",
                  "dev.align4j.optimizers.optimizer",
                  "dev.align4j.optimizers.optimizer.distillation",
                  "dev.align4j.optimizers.optimizer.preference",
                  "dev.align4j.optimizers.optimizer.rl",
                  "dev.align4j.optimizers.optimizer.sft",
                  "dev.align4j.optimizers.trajectory")),
          Map.entry(
              "dev.align4j.policies",
              Set.of(
                  "dev.align4j.policies", "dev.align4j.policies.lm", "dev.align4j.policies.token")),
          Map.entry(
              "dev.align4j.rollout",
              Set.of(
                  "dev.align4j.rollout",
                  "dev.align4j.rollout.audit",
                  "dev.align4j.rollout.guardrail",
                  "dev.align4j.rollout.input",
                  "dev.align4j.rollout.metric",
                  "dev.align4j.rollout.shadow",
                  "dev.align4j.rollout.sim",
                  "dev.align4j.rollout.stage",
                  "dev.align4j.rollout.stats",
                  "dev.align4j.rollout.traffic",
                  "dev.align4j.rollout.validity")),
          Map.entry("dev.align4j.review", Set.of("dev.align4j.review")),
          Map.entry(
              "dev.align4j.springai", Set.of("dev.align4j.springai", "dev.align4j.springai.boot")),
          Map.entry("dev.align4j.langchain4j", Set.of("dev.align4j.langchain4j")),
          Map.entry(
              "dev.align4j.spark",
              Set.of(
                  "dev.align4j.spark", "dev.align4j.spark.aggregate", "dev.align4j.spark.judge")));

  /** Packages exported only to align4j's own modules: module, package, readers. */
  private static final Map<String, Map<String, Set<String>>> INTERNAL_API =
      Map.of(
          "dev.align4j.core",
          Map.of(
              "dev.align4j.core.check",
              ALIGN4J_MODULES,
              // only the modules that run their loops on the kernels
              "dev.align4j.core.math.kernel",
              Set.of("dev.align4j.rewards", "dev.align4j.optimizers", "dev.align4j.policies")));

  static Map<String, ModuleDescriptor> align4jDescriptors() throws IOException {
    Map<String, ModuleDescriptor> found = new TreeMap<>();
    for (URL url :
        Collections.list(
            ModuleDescriptorTest.class.getClassLoader().getResources("module-info.class"))) {
      try (InputStream in = url.openStream()) {
        ModuleDescriptor d = ModuleDescriptor.read(in);
        if (d.name().startsWith("dev.align4j.")) {
          found.put(d.name(), d);
        }
      }
    }
    return found;
  }

  @Test
  void everyModuleOnThePathIsListed() throws IOException {
    assertEquals(new TreeSet<>(PUBLIC_API.keySet()), new TreeSet<>(align4jDescriptors().keySet()));
  }

  @Test
  void unqualifiedExportsAreExactlyThePublicApi() throws IOException {
    for (ModuleDescriptor d : align4jDescriptors().values()) {
      Set<String> unqualified = new TreeSet<>();
      d.exports().stream().filter(e -> !e.isQualified()).forEach(e -> unqualified.add(e.source()));
      assertEquals(
          new TreeSet<>(PUBLIC_API.get(d.name())),
          unqualified,
          "unqualified exports of " + d.name());
    }
  }

  @Test
  void internalPackagesAreExportedOnlyToAlign4jModules() throws IOException {
    for (ModuleDescriptor d : align4jDescriptors().values()) {
      Map<String, Set<String>> qualified = new TreeMap<>();
      d.exports().stream()
          .filter(ModuleDescriptor.Exports::isQualified)
          .forEach(e -> qualified.put(e.source(), new TreeSet<>(e.targets())));
      Map<String, Set<String>> expected = new TreeMap<>();
      INTERNAL_API
          .getOrDefault(d.name(), Map.of())
          .forEach((p, t) -> expected.put(p, new TreeSet<>(t)));
      assertEquals(expected, qualified, "qualified exports of " + d.name());
      for (Set<String> targets : qualified.values()) {
        assertTrue(
            ALIGN4J_MODULES.containsAll(targets),
            d.name() + " exports to a module outside align4j: " + targets);
      }
    }
  }

  @Test
  void kernelsAreNotPublicApi() throws IOException {
    ModuleDescriptor core = align4jDescriptors().get("dev.align4j.core");
    assertTrue(core.packages().contains("dev.align4j.core.math.kernel"));
    assertFalse(
        core.exports().stream()
            .anyMatch(e -> e.source().equals("dev.align4j.core.math.kernel") && !e.isQualified()),
        "dev.align4j.core.math.kernel must be a qualified export");
  }

  @Test
  void requireIsNotPublicApi() throws IOException {
    ModuleDescriptor core = align4jDescriptors().get("dev.align4j.core");
    assertTrue(core.packages().contains("dev.align4j.core.check"));
    assertFalse(
        core.exports().stream()
            .anyMatch(e -> e.source().equals("dev.align4j.core.check") && !e.isQualified()),
        "dev.align4j.core.check must be a qualified export");
  }

  @Test
  void noModuleIsOpenOrOpensPackages() throws IOException {
    for (ModuleDescriptor d : align4jDescriptors().values()) {
      assertFalse(d.isOpen(), d.name() + " is an open module");
      assertEquals(List.of(), List.copyOf(d.opens()), d.name() + " opens packages");
    }
  }
}
