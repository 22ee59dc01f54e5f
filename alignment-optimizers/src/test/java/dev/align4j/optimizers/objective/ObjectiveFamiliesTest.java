package dev.align4j.optimizers.objective;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.listwise.ListwiseObjectiveFamily;
import dev.align4j.optimizers.objective.listwise.PlackettLuceDpoLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLoss;
import dev.align4j.optimizers.objective.pairwise.PairwiseLossType;
import dev.align4j.optimizers.objective.pairwise.PairwiseObjectiveFamily;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss;
import dev.align4j.optimizers.objective.policygradient.PolicyGradientObjectiveFamily;
import dev.align4j.optimizers.objective.unpaired.KtoLoss;
import dev.align4j.optimizers.objective.unpaired.UnpairedObjectiveFamily;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The registry reaches the family packages through {@link ObjectiveFamily} providers: every kind has exactly one, the
 * module descriptor and {@code META-INF/services} list the same providers, and a missing, doubled or misbehaving
 * provider is a loud {@link IllegalStateException}, whatever order the providers come in.
 */
class ObjectiveFamiliesTest {
  private static final String SERVICE_FILE = "META-INF/services/" + ObjectiveFamily.class.getName();

  @Test
  void everyKindHasItsFamilyAndItsNamesSorted() {
    assertEquals(
        new TreeSet<>(PairwiseLossType.names()),
        Objectives.lossTypes(ObjectiveFamily.Kind.PAIRWISE));
    assertEquals(
        List.of("apo_zero_unpaired", "bco", "kto", "npo"),
        List.copyOf(Objectives.lossTypes(ObjectiveFamily.Kind.UNPAIRED)));
    assertEquals(
        List.of("dpo_pl", "lipo_lambda", "pro", "rrhf"),
        List.copyOf(Objectives.lossTypes(ObjectiveFamily.Kind.LISTWISE)));
    assertEquals(
        List.of(
            "bnpo", "cispo", "dapo", "dr_grpo", "grpo", "gspo", "luspo", "ppo", "rloo", "sapo",
            "vespo"),
        List.copyOf(Objectives.lossTypes(ObjectiveFamily.Kind.POLICY_GRADIENT)));
    assertInstanceOf(PairwiseLoss.class, Objectives.pairwise("sigmoid", Map.of()));
    assertInstanceOf(KtoLoss.class, Objectives.unpaired("kto", Map.of()));
    assertInstanceOf(PlackettLuceDpoLoss.class, Objectives.listwise("dpo_pl", Map.of()));
    assertInstanceOf(GrpoLoss.class, Objectives.policyGradient("grpo", Map.of()));
    for (ObjectiveFamily.Kind kind : ObjectiveFamily.Kind.values()) {
      ObjectiveFamily f = ObjectiveFamilies.installed().family(kind);
      assertEquals(kind, f.kind());
      assertSame(f, ObjectiveFamilies.installed().family(kind), "loaded once");
    }
  }

  @Test
  void theServiceFileAndTheModuleDescriptorListTheSameProviders() throws IOException {
    List<String> listed = new ArrayList<>();
    ClassLoader loader = ObjectiveFamily.class.getClassLoader();
    URL file = null;
    for (URL url : Collections.list(loader.getResources(SERVICE_FILE))) {
      file = url; // this module's build output is the only jar or folder that lists the service
    }
    assertTrue(file != null, SERVICE_FILE + " not found");
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String name = line.replaceAll("#.*", "").trim();
        if (!name.isEmpty()) {
          listed.add(name);
        }
      }
    }
    ModuleDescriptor descriptor = null;
    for (URL url : Collections.list(loader.getResources("module-info.class"))) {
      try (InputStream in = url.openStream()) {
        ModuleDescriptor d = ModuleDescriptor.read(in);
        if (d.name().equals("dev.align4j.optimizers")) {
          descriptor = d;
        }
      }
    }
    assertTrue(descriptor != null, "module-info.class of dev.align4j.optimizers not found");
    assertTrue(
        descriptor.uses().contains(ObjectiveFamily.class.getName()), "uses " + descriptor.uses());
    List<String> provided =
        descriptor.provides().stream()
            .filter(p -> p.service().equals(ObjectiveFamily.class.getName()))
            .flatMap(p -> p.providers().stream())
            .toList();
    List<String> expected =
        List.of(
            PairwiseObjectiveFamily.class.getName(),
            UnpairedObjectiveFamily.class.getName(),
            ListwiseObjectiveFamily.class.getName(),
            PolicyGradientObjectiveFamily.class.getName());
    assertEquals(new TreeSet<>(expected), new TreeSet<>(listed), SERVICE_FILE);
    assertEquals(new TreeSet<>(expected), new TreeSet<>(provided), "module-info provides");
  }

  @Test
  void aFamilyMissingFromTheClassPathIsALoudError() {
    // the library's own class loader without the service file: what a repackaged jar that dropped
    // it would see
    ObjectiveFamilies none =
        ObjectiveFamilies.load(new HidingLoader(ObjectiveFamily.class.getClassLoader()));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> none.family(ObjectiveFamily.Kind.PAIRWISE));
    assertTrue(
        e.getMessage()
            .startsWith(
                "no objective family provides pairwise objectives: "
                    + ObjectiveFamily.class.getName()
                    + " providers found []"),
        e.getMessage());
    assertTrue(e.getMessage().contains(SERVICE_FILE), e.getMessage());
    assertThrows(
        IllegalStateException.class,
        () ->
            none.create(
                ObjectiveFamily.Kind.LISTWISE, ListwiseObjective.class, "dpo_pl", Map.of()));

    ObjectiveFamilies three =
        ObjectiveFamilies.of(
            List.of(
                new PairwiseObjectiveFamily(),
                new UnpairedObjectiveFamily(),
                new ListwiseObjectiveFamily()));
    e =
        assertThrows(
            IllegalStateException.class,
            () -> three.lossTypes(ObjectiveFamily.Kind.POLICY_GRADIENT));
    assertTrue(
        e.getMessage().startsWith("no objective family provides policy-gradient objectives: "),
        e.getMessage());
    // the providers found, sorted by class name
    assertTrue(
        e.getMessage()
            .contains(
                "["
                    + ListwiseObjectiveFamily.class.getName()
                    + " (listwise), "
                    + PairwiseObjectiveFamily.class.getName()
                    + " (pairwise), "
                    + UnpairedObjectiveFamily.class.getName()
                    + " (unpaired)]"),
        e.getMessage());
    assertInstanceOf(
        KtoLoss.class,
        three.create(ObjectiveFamily.Kind.UNPAIRED, UnpairedObjective.class, "kto", Map.of()));
  }

  @Test
  void twoProvidersOfOneKindAreRefusedInEitherOrder() {
    ObjectiveFamily second = new SecondListwise();
    for (List<ObjectiveFamily> order :
        List.of(
            List.of(new ListwiseObjectiveFamily(), second),
            List.of(second, new ListwiseObjectiveFamily()))) {
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> ObjectiveFamilies.of(order).family(ObjectiveFamily.Kind.LISTWISE));
      assertEquals(
          "more than one objective family provides listwise objectives: ["
              + SecondListwise.class.getName()
              + ", "
              + ListwiseObjectiveFamily.class.getName()
              + "]; exactly one is expected, so that a loss_type name means one objective",
          e.getMessage());
    }
  }

  @Test
  void aProviderThatBuildsTheWrongKindIsALoudError() {
    ObjectiveFamilies wrong = ObjectiveFamilies.of(List.of(new WrongKind()));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                wrong.create(
                    ObjectiveFamily.Kind.UNPAIRED, UnpairedObjective.class, "sigmoid", Map.of()));
    assertEquals(
        "the objective family "
            + WrongKind.class.getName()
            + " built "
            + PairwiseLoss.class.getName()
            + " for unpaired loss_type \"sigmoid\", expected a "
            + UnpairedObjective.class.getName(),
        e.getMessage());
  }

  /** A second listwise provider (sorts before {@code ListwiseObjectiveFamily}'s package name). */
  static final class SecondListwise implements ObjectiveFamily {
    @Override
    public Kind kind() {
      return Kind.LISTWISE;
    }

    @Override
    public Set<String> lossTypes() {
      return Set.of("dpo_pl");
    }

    @Override
    public Object create(String lossType, Map<String, ?> config) {
      return new ListwiseObjectiveFamily().create(lossType, config);
    }
  }

  /** Claims the unpaired kind but builds pairwise objectives. */
  static final class WrongKind implements ObjectiveFamily {
    @Override
    public Kind kind() {
      return Kind.UNPAIRED;
    }

    @Override
    public Set<String> lossTypes() {
      return Set.of("sigmoid");
    }

    @Override
    public Object create(String lossType, Map<String, ?> config) {
      return new PairwiseObjectiveFamily().create(lossType, config);
    }
  }

  /** Delegates to its parent but hides the objective-family service file. */
  private static final class HidingLoader extends ClassLoader {
    HidingLoader(ClassLoader parent) {
      super(parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      return name.equals(SERVICE_FILE) ? Collections.emptyEnumeration() : super.getResources(name);
    }
  }
}
