package dev.align4j.examples.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceRule;
import dev.align4j.examples.arch.ModuleLayout.Tier;
import java.lang.module.ModuleDescriptor;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.NullMarked;

/**
 * The module-level architecture rules, as functions of the classes they get, so that {@link ModuleRulesTest} can show
 * each one failing on a small broken fixture before {@code ArchitectureTest} applies it to the build.
 */
public final class ModuleRules {
  private ModuleRules() {}

  /** No cycle between packages: one slice per package below {@code root} (for example {@code dev.align4j}). */
  public static SliceRule noPackageCycles(String root) {
    return slices()
        .matching(root + ".(**)")
        .namingSlices("$1")
        .should()
        .beFreeOfCycles()
        .because("a package cycle makes packages impossible to move or split alone");
  }

  /** Every class's package has a {@code package-info} annotated {@code @NullMarked} (JSpecify). */
  public static ArchRule packagesAreNullMarked(String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should(
            new ArchCondition<JavaClass>("reside in a package annotated @NullMarked") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                boolean marked = c.getPackage().isAnnotatedWith(NullMarked.class);
                if (!marked) {
                  events.add(
                      SimpleConditionEvent.violated(
                          c,
                          "package "
                              + c.getPackageName()
                              + " of "
                              + c.getName()
                              + " has no @NullMarked package-info"));
                }
              }
            });
  }

  /**
   * Dependencies between modules follow the tiers: core depends on no align4j module, an implementation module on core
   * only (never on another implementation module), an integration module on core and implementation modules.
   */
  public static ArchRule respectTiers(ModuleLayout layout, String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should(
            new ArchCondition<JavaClass>("depend only on align4j modules their tier may use") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                Optional<ModuleDescriptor> from = layout.moduleOf(c.getPackageName());
                Tier fromTier = layout.tierOf(from);
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                  JavaClass target = d.getTargetClass().getBaseComponentType();
                  if (!target.getPackageName().startsWith(root + ".")) {
                    continue;
                  }
                  Optional<ModuleDescriptor> to = layout.moduleOf(target.getPackageName());
                  boolean sameModule =
                      from.isPresent()
                          && to.isPresent()
                          && from.get().name().equals(to.get().name());
                  if (!sameModule && !fromTier.mayUse(layout.tierOf(to))) {
                    events.add(
                        SimpleConditionEvent.violated(
                            d,
                            name(from)
                                + " ("
                                + fromTier
                                + ") must not use "
                                + name(to)
                                + " ("
                                + layout.tierOf(to)
                                + "): "
                                + d.getDescription()));
                  }
                }
              }
            })
        .because(
            "the module star: implementation modules import core only, integration modules sit on top of them");
  }

  /**
   * An integration module named in {@code integrates} uses, of the implementation modules, only the ones listed for it
   * (core is always allowed): its declared integration surface, narrower than its tier. Integration modules not in the
   * map are held to {@link #respectTiers} only.
   */
  public static ArchRule integrateOnlyTheirModules(
      ModuleLayout layout, Map<String, Set<String>> integrates, String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should(
            new ArchCondition<JavaClass>("use only the implementation modules they integrate") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                Optional<ModuleDescriptor> from = layout.moduleOf(c.getPackageName());
                Set<String> allowed = from.map(m -> integrates.get(m.name())).orElse(null);
                if (allowed == null) {
                  return;
                }
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                  JavaClass target = d.getTargetClass().getBaseComponentType();
                  if (!target.getPackageName().startsWith(root + ".")) {
                    continue;
                  }
                  Optional<ModuleDescriptor> to = layout.moduleOf(target.getPackageName());
                  if (to.isPresent()
                      && layout.tierOf(to) == Tier.IMPLEMENTATION
                      && !allowed.contains(to.get().name())) {
                    events.add(
                        SimpleConditionEvent.violated(
                            d,
                            name(from)
                                + " integrates "
                                + allowed
                                + " only and must not use "
                                + name(to)
                                + ": "
                                + d.getDescription()));
                  }
                }
              }
            });
  }

  /**
   * A package that a module does not export (or exports only to named modules) is used by no code outside that module
   * (or outside the named modules). On the class path the JVM does not enforce this; this rule does.
   */
  public static ArchRule useOnlyExportedPackages(ModuleLayout layout, String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should(
            new ArchCondition<JavaClass>("use other modules' exported packages only") {
              @Override
              public void check(JavaClass c, ConditionEvents events) {
                Optional<ModuleDescriptor> from = layout.moduleOf(c.getPackageName());
                for (Dependency d : c.getDirectDependenciesFromSelf()) {
                  JavaClass target = d.getTargetClass().getBaseComponentType();
                  Optional<ModuleDescriptor> to = layout.moduleOf(target.getPackageName());
                  if (to.isEmpty()
                      || (from.isPresent() && from.get().name().equals(to.get().name()))) {
                    continue;
                  }
                  if (!ModuleLayout.isExportedTo(to.get(), target.getPackageName(), from)) {
                    events.add(
                        SimpleConditionEvent.violated(
                            d,
                            name(from)
                                + " uses "
                                + target.getPackageName()
                                + ", which "
                                + to.get().name()
                                + " does not export to it: "
                                + d.getDescription()));
                  }
                }
              }
            });
  }

  private static String name(Optional<ModuleDescriptor> module) {
    return module.map(ModuleDescriptor::name).orElse("<no module>");
  }
}
