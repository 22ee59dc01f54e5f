package dev.align4j.optimizers.objective;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The installed {@link ObjectiveFamily} providers by kind: what {@link Objectives} builds objectives through. Loaded
 * once with {@link ServiceLoader} from the class loader of this module (module path: the descriptor's
 * {@code provides}; class path: {@code META-INF/services}); a loading failure is rethrown on every use and never
 * cached. Lookups are deterministic whatever the order the loader returns providers in: providers are sorted by class
 * name, and a kind with no provider or with more than one is an {@link IllegalStateException} naming what was found.
 */
final class ObjectiveFamilies {
  private static final String SERVICE_FILE = "META-INF/services/" + ObjectiveFamily.class.getName();
  private static volatile @Nullable ObjectiveFamilies installed;

  private final Map<ObjectiveFamily.Kind, List<ObjectiveFamily>> byKind;
  private final List<String> found;

  private ObjectiveFamilies(Iterable<? extends ObjectiveFamily> providers) {
    List<ObjectiveFamily> all = new ArrayList<>();
    for (ObjectiveFamily f : providers) {
      all.add(Require.nonNull("provider", f));
    }
    all.sort(Comparator.comparing(f -> f.getClass().getName()));
    Map<ObjectiveFamily.Kind, List<ObjectiveFamily>> m = new EnumMap<>(ObjectiveFamily.Kind.class);
    List<String> names = new ArrayList<>();
    for (ObjectiveFamily f : all) {
      ObjectiveFamily.Kind kind = Require.nonNull(f.getClass().getName() + ".kind()", f.kind());
      m.computeIfAbsent(kind, k -> new ArrayList<>()).add(f);
      names.add(f.getClass().getName() + " (" + kind.label() + ")");
    }
    this.byKind = m;
    this.found = List.copyOf(names);
  }

  /** The families over exactly these providers (tests; the library uses {@link #installed()}). */
  static ObjectiveFamilies of(Iterable<? extends ObjectiveFamily> providers) {
    return new ObjectiveFamilies(Require.nonNull("providers", providers));
  }

  /** The providers {@link ServiceLoader} finds through {@code loader}. */
  static ObjectiveFamilies load(ClassLoader loader) {
    try {
      return new ObjectiveFamilies(
          ServiceLoader.load(ObjectiveFamily.class, Require.nonNull("loader", loader)));
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException(
          "cannot load the objective families ("
              + ObjectiveFamily.class.getName()
              + " providers) through "
              + loader
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** The providers of this library's class loader, loaded on first use. */
  static ObjectiveFamilies installed() {
    ObjectiveFamilies f = installed;
    if (f == null) {
      synchronized (ObjectiveFamilies.class) {
        f = installed;
        if (f == null) {
          f = load(ObjectiveFamily.class.getClassLoader());
          installed = f;
        }
      }
    }
    return f;
  }

  /**
   * The one provider of {@code kind}.
   *
   * @throws IllegalStateException when no provider or more than one provides {@code kind}
   */
  ObjectiveFamily family(ObjectiveFamily.Kind kind) {
    List<ObjectiveFamily> providers = byKind.getOrDefault(Require.nonNull("kind", kind), List.of());
    if (providers.isEmpty()) {
      throw new IllegalStateException(
          "no objective family provides "
              + kind.label()
              + " objectives: "
              + ObjectiveFamily.class.getName()
              + " providers found "
              + found
              + "; on the module path the module "
              + "dev.align4j.optimizers declares them with provides, on the class path "
              + SERVICE_FILE
              + " lists them (a repackaged jar must keep that file)");
    }
    if (providers.size() > 1) {
      List<String> names = new ArrayList<>();
      for (ObjectiveFamily f : providers) {
        names.add(f.getClass().getName());
      }
      throw new IllegalStateException(
          "more than one objective family provides "
              + kind.label()
              + " objectives: "
              + names
              + "; exactly one is expected, so that a loss_type name means one objective");
    }
    return providers.get(0);
  }

  /** The objective {@code lossType} of {@code kind}, checked to implement the kind's contract interface. */
  <O> O create(ObjectiveFamily.Kind kind, Class<O> type, String lossType, Map<String, ?> config) {
    Require.argument(
        type == kind.objectiveType(),
        "type must be %s for kind %s, was %s",
        kind.objectiveType().getName(),
        kind,
        type.getName());
    ObjectiveFamily family = family(kind);
    @Nullable Object objective = family.create(lossType, config);
    if (!type.isInstance(objective)) {
      throw new IllegalStateException(
          "the objective family "
              + family.getClass().getName()
              + " built "
              + (objective == null ? "null" : objective.getClass().getName())
              + " for "
              + kind.label()
              + " loss_type \""
              + lossType
              + "\", expected a "
              + type.getName());
    }
    return type.cast(objective);
  }

  /** The names the provider of {@code kind} accepts, sorted. */
  SortedSet<String> lossTypes(ObjectiveFamily.Kind kind) {
    return Collections.unmodifiableSortedSet(new TreeSet<>(family(kind).lossTypes()));
  }
}
