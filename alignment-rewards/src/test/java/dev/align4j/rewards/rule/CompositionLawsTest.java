package dev.align4j.rewards.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.align4j.core.RewardModel;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.rewards.rule.CompositeReward.Combination;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;

/** Algebraic laws of reward composition, over random constant and text-dependent components. */
class CompositionLawsTest {
  private static final Prompt Q = Prompt.of("q");

  private static RewardModel component(Gen gen) {
    double a = gen.moderate(5);
    double b = gen.moderate(2);
    return gen.bool() ? Rules.constant(a) : (p, c) -> a + b * c.text().length() / 10.0;
  }

  @Property(trials = 100)
  void orderOfComponentsDoesNotMatter(Gen gen) {
    Combination mode = gen.oneOf(Combination.values());
    RewardModel x = component(gen);
    RewardModel y = component(gen);
    double wx = gen.moderate(3);
    double wy = gen.moderate(3);
    Completion c = Completion.of(gen.text(10));
    double xy = CompositeReward.builder().combination(mode).add("x", x, wx).add("y", y, wy).build().score(Q, c);
    double yx = CompositeReward.builder().combination(mode).add("y", y, wy).add("x", x, wx).build().score(Q, c);
    assertEquals(xy, yx, 1e-12 * Math.max(1, Math.abs(xy)));
  }

  @Property(trials = 100)
  void nestingIsAssociative(Gen gen) {
    Combination mode = gen.oneOf(Combination.values());
    RewardModel x = component(gen);
    RewardModel y = component(gen);
    RewardModel z = component(gen);
    Completion c = Completion.of(gen.text(10));
    double flat = CompositeReward.builder().combination(mode).add("x", x).add("y", y).add("z", z).build().score(Q, c);
    RewardModel inner = CompositeReward.builder().combination(mode).add("y", y).add("z", z).build();
    double nested = CompositeReward.builder().combination(mode).add("x", x).add("yz", inner).build().score(Q, c);
    assertEquals(flat, nested, 1e-12 * Math.max(1, Math.abs(flat)));
  }

  @Property(trials = 100)
  void identitiesAndIdempotence(Gen gen) {
    RewardModel x = component(gen);
    Completion c = Completion.of(gen.text(10));
    double r = x.score(Q, c);
    assertEquals(r, CompositeReward.builder().add("x", x).add("zero", Rules.constant(0)).build().score(Q, c), 1e-12);
    assertEquals(r, CompositeReward.builder().combination(Combination.PRODUCT).add("x", x)
        .add("one", Rules.constant(1)).build().score(Q, c), 1e-12);
    assertEquals(r, CompositeReward.builder().combination(Combination.MIN).add("x", x).add("again", x).build()
        .score(Q, c), 0.0);
    double w = gen.moderate(4);
    assertEquals(w * r, CompositeReward.builder().add("x", x, w).build().score(Q, c), 1e-12 * Math.max(1, Math.abs(r)));
  }

  @Property(trials = 50)
  void explainReportsEveryComponentAndNestedNames(Gen gen) {
    RewardModel x = component(gen);
    RewardModel y = component(gen);
    Completion c = Completion.of(gen.text(10));
    var inner = CompositeReward.builder().add("y", y).build();
    var outer = CompositeReward.builder().add("x", x, 2).add("group", inner, 3).build();
    var b = outer.explain(Q, c);
    assertEquals(x.score(Q, c), b.component("x"), 0);
    assertEquals(y.score(Q, c), b.component("group.y"), 0);
    assertEquals(y.score(Q, c), b.component("group"), 0);
    assertEquals(outer.score(Q, c), b.total(), 0);
    assertEquals(2 * x.score(Q, c) + 3 * y.score(Q, c), b.total(), 1e-12 * Math.max(1, Math.abs(b.total())));
  }
}
