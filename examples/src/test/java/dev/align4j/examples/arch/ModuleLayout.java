package dev.align4j.examples.arch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The align4j modules as the build made them: every {@code module-info.class} named {@code dev.align4j.*} on the class
 * path, each with its tier. The tier table is the one place that says which module is core, an implementation module,
 * an integration module or test support; a module the build adds must be classified here before the rules pass
 * ({@link ModuleRulesTest} checks it).
 *
 * @param modules the module descriptors by module name
 * @param tiers the tier of each module, by module name
 */
public record ModuleLayout(Map<String, ModuleDescriptor> modules, Map<String, Tier> tiers) {

  /** Where a module sits; {@link #mayUse} says which other tiers its classes may depend on. */
  public enum Tier {
    /** {@code alignment-core}: depends on no other align4j module. */
    CORE,
    /** {@code alignment-testkit}: generators for property tests; JUnit only, so that core's tests can use it. */
    TESTKIT,
    /** Contract test suites: see core's interfaces and the testkit. */
    CONTRACTS,
    /** rewards, feedback, optimizers, rollout, policies: core only, never each other (a star). */
    IMPLEMENTATION,
    /** review, langchain4j, spring-ai, spark: core and the implementation modules they integrate. */
    INTEGRATION,
    /** examples, benchmarks and anything without a module descriptor: may use every module's exported API. */
    TOP;

    /** Whether a class of this tier may depend on a class of {@code other} (always for its own module). */
    public boolean mayUse(Tier other) {
      switch (this) {
        case CORE:
        case TESTKIT:
          return false;
        case CONTRACTS:
          return other == CORE || other == TESTKIT;
        case IMPLEMENTATION:
          return other == CORE;
        case INTEGRATION:
          return other == CORE || other == IMPLEMENTATION;
        default:
          return true;
      }
    }
  }

  /**
   * The tier of every align4j module by JPMS name. Extend it when a module is added: {@code dev.align4j.policies}
   * (alignment-policies, issue 12) is listed ahead of its arrival.
   */
  public static final Map<String, Tier> ALIGN4J_TIERS =
      Map.ofEntries(
          Map.entry("dev.align4j.core", Tier.CORE),
          Map.entry("dev.align4j.testkit", Tier.TESTKIT),
          Map.entry("dev.align4j.testkit.contract", Tier.CONTRACTS),
          Map.entry("dev.align4j.rewards", Tier.IMPLEMENTATION),
          Map.entry("dev.align4j.feedback", Tier.IMPLEMENTATION),
          Map.entry("dev.align4j.optimizers", Tier.IMPLEMENTATION),
          Map.entry("dev.align4j.policies", Tier.IMPLEMENTATION),
          Map.entry("dev.align4j.rollout", Tier.IMPLEMENTATION),
          Map.entry("dev.align4j.review", Tier.INTEGRATION),
          Map.entry("dev.align4j.springai", Tier.INTEGRATION),
          Map.entry("dev.align4j.langchain4j", Tier.INTEGRATION),
          Map.entry("dev.align4j.spark", Tier.INTEGRATION));

  /**
   * The implementation modules each integration module may use ({@link ModuleRules#integrateOnlyTheirModules}):
   * {@code dev.align4j.review} sits on core and feedback only (issue 13), its Wilson interval coming from core;
   * {@code dev.align4j.springai} builds the judge, router and store of feedback and the gate of rollout (issue 14);
   * {@code dev.align4j.langchain4j} adapts rewards' featurizers and reward models and feedback's judge and store;
   * {@code dev.align4j.spark} runs rewards' models and evaluation, feedback's judge, aggregation, agreement and
   * exports, and rollout's gate metrics over Spark datasets (issue 16).
   */
  public static final Map<String, Set<String>> INTEGRATES =
      Map.of(
          "dev.align4j.review", Set.of("dev.align4j.feedback"),
          "dev.align4j.springai", Set.of("dev.align4j.feedback", "dev.align4j.rollout"),
          "dev.align4j.langchain4j", Set.of("dev.align4j.rewards", "dev.align4j.feedback"),
          "dev.align4j.spark",
              Set.of("dev.align4j.rewards", "dev.align4j.feedback", "dev.align4j.rollout"));

  /** The align4j modules on this test's class path, with {@link #ALIGN4J_TIERS}. */
  public static ModuleLayout fromClassPath() {
    Map<String, ModuleDescriptor> found = new TreeMap<>();
    try {
      Enumeration<URL> infos =
          ModuleLayout.class.getClassLoader().getResources("module-info.class");
      for (URL url : Collections.list(infos)) {
        try (InputStream in = url.openStream()) {
          // javac writes no ModulePackages attribute: the packages come from the classes beside the
          // descriptor, so
          // that a module's non-exported packages belong to it too
          ModuleDescriptor d = ModuleDescriptor.read(in, () -> packagesBeside(url));
          if (d.name().startsWith("dev.align4j.")) {
            found.put(d.name(), d);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the module descriptors on the class path", e);
    }
    return new ModuleLayout(found, ALIGN4J_TIERS);
  }

  /** The packages of the class files in the folder or jar that holds the {@code module-info.class} at {@code url}. */
  static Set<String> packagesBeside(URL url) {
    Set<String> packages = new TreeSet<>();
    try {
      if (url.getProtocol().equals("jar")) {
        JarURLConnection c = (JarURLConnection) url.openConnection();
        c.setUseCaches(false); // a JarFile of our own: closing it must not close the class loader's
        try (JarFile jar = c.getJarFile()) {
          jar.stream().map(JarEntry::getName).forEach(n -> addPackage(packages, n));
        }
      } else {
        Path root = Path.of(url.toURI()).getParent();
        try (Stream<Path> files = Files.walk(root)) {
          files.forEach(
              f -> addPackage(packages, root.relativize(f).toString().replace('\\', '/')));
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("listing the packages beside " + url, e);
    }
    return packages;
  }

  private static void addPackage(Set<String> packages, String entry) {
    int slash = entry.lastIndexOf('/');
    if (entry.endsWith(".class") && slash > 0 && !entry.startsWith("META-INF/")) {
      packages.add(entry.substring(0, slash).replace('/', '.'));
    }
  }

  /** The module whose descriptor lists {@code packageName}, if any (examples and benchmarks have none). */
  public Optional<ModuleDescriptor> moduleOf(String packageName) {
    for (ModuleDescriptor d : modules.values()) {
      if (d.packages().contains(packageName)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }

  /** The tier of {@code module}; {@link Tier#TOP} for code outside every module descriptor. */
  public Tier tierOf(Optional<ModuleDescriptor> module) {
    if (module.isEmpty()) {
      return Tier.TOP;
    }
    Tier t = tiers.get(module.get().name());
    if (t == null) {
      throw new IllegalStateException(
          "module " + module.get().name() + " has no tier: add it to ALIGN4J_TIERS");
    }
    return t;
  }

  /**
   * Whether {@code packageName} of {@code owner} is readable from {@code reader}: an unqualified export, or a qualified
   * export naming {@code reader}. Code outside every module ({@code reader} empty) sees unqualified exports only.
   */
  public static boolean isExportedTo(
      ModuleDescriptor owner, String packageName, Optional<ModuleDescriptor> reader) {
    for (ModuleDescriptor.Exports e : owner.exports()) {
      if (e.source().equals(packageName)) {
        return !e.isQualified() || reader.map(r -> e.targets().contains(r.name())).orElse(false);
      }
    }
    return false;
  }

  /** Align4j modules on the class path that the tier table does not classify. */
  public List<String> unclassified() {
    List<String> out = new ArrayList<>();
    for (String name : modules.keySet()) {
      if (!tiers.containsKey(name)) {
        out.add(name);
      }
    }
    return out;
  }

  /** The module names of one tier, sorted. */
  public Set<String> namesIn(Tier tier) {
    Set<String> out = new TreeSet<>();
    tiers.forEach(
        (n, t) -> {
          if (t == tier) {
            out.add(n);
          }
        });
    return out;
  }
}
