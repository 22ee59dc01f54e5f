package dev.align4j.examples.poc.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.SourceKind;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.feedback.agreement.CohenKappa;
import dev.align4j.feedback.judge.JudgeAttributes;
import dev.align4j.feedback.route.Route;
import dev.align4j.feedback.route.RoutingReason;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The feedback step's story on the CI configuration: hand-over, audits, costs, κ and the judge's position bias. */
class FeedbackStepTest {
  private static final SupportScenario SCENARIO = SupportScenario.builder().seed(18).build();
  private static final List<SupportQuestion> QUESTIONS = SCENARIO.questions(300);
  private static FeedbackResult fast;

  @BeforeAll
  static void runFast() {
    fast = FeedbackStep.run(SCENARIO, QUESTIONS, FeedbackConfig.fast(), Progress.none());
  }

  @Test
  void the_ai_share_starts_at_zero_and_grows() {
    List<HandOverPoint> t = fast.timeline();
    assertEquals(FeedbackConfig.fast().pairs() / FeedbackConfig.fast().batchSize(), t.size());
    assertEquals(0, t.get(0).aiOnly(), "the router starts all-human: " + t.get(0));
    double secondHalf =
        t.subList(t.size() / 2, t.size()).stream()
            .mapToDouble(HandOverPoint::aiShare)
            .average()
            .orElseThrow();
    assertTrue(secondHalf > 0.3, "the AI labeller took over a good share later: " + secondHalf);
    assertTrue(t.get(t.size() - 1).routerTrusts(), "the router trusts the judge at the end");
    assertEquals(
        fast.totals().aiOnly(),
        t.stream().mapToLong(HandOverPoint::aiOnly).sum(),
        "batches add up");
    assertEquals(
        fast.routerStats().byRoute().getOrDefault(Route.AI_ONLY, 0L), fast.totals().aiOnly());
  }

  @Test
  void audits_never_stop() {
    List<HandOverPoint> t = fast.timeline();
    HandOverPoint last = t.get(t.size() - 1);
    assertTrue(last.audits() > 0, "the last batch is still audited: " + last);
    assertTrue(last.aiOnly() > 0, "while the AI labels part of it: " + last);
    assertEquals(
        fast.routerStats().byReason().getOrDefault(RoutingReason.AUDIT, 0L),
        fast.totals().audits());
  }

  @Test
  void cost_saved_is_the_all_human_cost_minus_the_actual_cost_exactly() {
    FeedbackConfig c = FeedbackConfig.fast();
    FeedbackTotals totals = fast.totals();
    assertEquals(c.pairs(), totals.aiLabels(), "every pair is put to the AI labeller first");
    assertEquals(fast.routerStats().humanReviewsUsed(), totals.humanLabels());
    double actual = totals.humanLabels() * 0.40 + totals.aiLabels() * 0.002;
    double allHuman = c.pairs() * 0.40;
    assertEquals(actual, totals.cost(), 0.0);
    assertEquals(allHuman, totals.allHumanCost(), 0.0);
    assertEquals(allHuman - actual, totals.costSaved(), 0.0);
    assertTrue(totals.costSaved() > 0, "the hybrid run is cheaper: " + totals);
    HandOverPoint first = fast.timeline().get(0);
    assertTrue(
        first.cumulativeCostSaved() < 0,
        "in the all-human first batch the AI calls are pure cost: " + first);
    long humans = 0;
    for (HandOverPoint p : fast.timeline()) {
      humans += p.humanLabels();
      assertEquals(humans, p.cumulativeHumanLabels());
      assertEquals(
          p.cumulativeAllHumanCost() - p.cumulativeCost(), p.cumulativeCostSaved(), 0.0, "" + p);
    }
    FeedbackResult dear =
        FeedbackStep.run(SCENARIO, QUESTIONS, c.withPairs(50).withCosts(1.0, 0.0), Progress.none());
    assertEquals(dear.totals().humanLabels(), dear.totals().cost(), 0.0, "costs are the config's");
  }

  @Test
  void kappa_matches_cohens_kappa_recomputed_from_the_raw_labels() {
    List<DoubleLabelledItem> items = fast.doubleLabelled();
    assertTrue(items.size() >= 30, "" + items.size());
    int[] ai = new int[items.size()];
    int[] human = new int[items.size()];
    for (int i = 0; i < ai.length; i++) {
      PairwiseComparison a = items.get(i).ai();
      PairwiseComparison h = items.get(i).human();
      ai[i] = category(a.outcome());
      boolean sameOrder = h.a().text().equals(a.a().text());
      int hc = category(h.outcome());
      human[i] = sameOrder || hc == 2 ? hc : 1 - hc;
      assertTrue(
          sameOrder || h.b().text().equals(a.a().text()), "the two labels are about one pair");
    }
    assertNotNull(fast.kappa());
    assertEquals(CohenKappa.of(ai, human, 3), fast.kappa().estimate(), 1e-12);
    assertEquals(kappaByHand(ai, human), fast.kappa().estimate(), 1e-12);
    assertTrue(fast.kappa().lower() <= fast.kappa().estimate());
    assertTrue(fast.kappa().upper() >= fast.kappa().estimate());
    HandOverPoint last = fast.timeline().get(fast.timeline().size() - 1);
    assertEquals(last.kappa(), fast.kappa(), "the final κ is the last point's");
    assertEquals(items.size(), last.kappaItems());
    assertEquals(null, fast.timeline().get(0).kappa(), "no κ before 30 double-labelled items");
    List<Integer> audits = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).reason() == RoutingReason.AUDIT) {
        audits.add(i);
      }
    }
    int[] auditAi = audits.stream().mapToInt(i -> ai[i]).toArray();
    int[] auditHuman = audits.stream().mapToInt(i -> human[i]).toArray();
    assertEquals(kappaByHand(auditAi, auditHuman), fast.auditKappa().estimate(), 1e-12);
  }

  @Test
  void the_judges_position_bias_is_measured_from_its_per_order_verdicts_and_found() {
    PositionBiasFinding bias = fast.positionBias();
    int first = 0;
    int decisive = 0;
    List<DoubleLabelledItem> audits =
        fast.doubleLabelled().stream().filter(d -> d.reason() == RoutingReason.AUDIT).toList();
    for (DoubleLabelledItem d : audits) {
      String v1 = d.ai().provenance().attributes().get(JudgeAttributes.VERDICT_A_FIRST);
      String v2 = d.ai().provenance().attributes().get(JudgeAttributes.VERDICT_B_FIRST);
      decisive += (v1.equals("TIE") ? 0 : 1) + (v2.equals("TIE") ? 0 : 1);
      first += (v1.equals("A") ? 1 : 0) + (v2.equals("B") ? 1 : 0);
    }
    assertEquals(audits.size(), bias.report().pairs());
    assertEquals(decisive, bias.report().decisiveVerdicts());
    assertEquals(first, bias.report().firstPositionWins());
    assertEquals(1.0, bias.plantedLogit(), 0.0);
    assertEquals(FeedbackConfig.fast().pairs(), bias.allItems().pairs());
    // the planted bias of 1 logit: over every pair the first-shown reply wins clearly more than
    // half the verdicts
    assertTrue(bias.allItems().firstPositionRate() > 0.55, "" + bias.allItems());
    assertTrue(bias.allItems().biased(0.01), "" + bias.allItems());
    assertTrue(bias.routedForInconsistency() > 0, "the router caught order-inconsistent labels");
    assertTrue(
        bias.firstPositionRate().contains(bias.report().firstPositionRate()),
        "" + bias.firstPositionRate());
  }

  @Test
  void every_pair_is_decisive_and_labelled_by_whom_its_route_says() {
    Set<String> ids = new HashSet<>();
    QUESTIONS.forEach(q -> ids.add(q.id()));
    for (LabelledPair p : fast.pairs()) {
      assertTrue(ids.contains(p.questionId()), p.questionId());
      assertNotEquals(p.example().chosen().text(), p.example().rejected().text());
      assertEquals(p.route() == Route.AI_ONLY ? SourceKind.AI : SourceKind.HUMAN, p.labelledBy());
    }
    assertEquals(fast.totals().pairs() - fast.totals().undecided(), fast.pairs().size());
  }

  @Test
  void one_seed_gives_the_same_run_on_any_thread_and_another_seed_another_run() throws Exception {
    FeedbackConfig c = FeedbackConfig.fast().withPairs(150);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<FeedbackResult>> runs = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        runs.add(pool.submit(() -> FeedbackStep.run(SCENARIO, QUESTIONS, c, Progress.none())));
      }
      FeedbackResult one = runs.get(0).get();
      FeedbackResult two = runs.get(1).get();
      assertEquals(one.pairs(), two.pairs());
      assertEquals(one.timeline(), two.timeline());
      assertEquals(one.totals(), two.totals());
      assertEquals(one.kappa(), two.kappa());
      assertEquals(one.positionBias().report(), two.positionBias().report());
      assertEquals(
          fast.pairs().subList(0, 20), one.pairs().subList(0, 20), "a prefix of the longer run");
      FeedbackResult other = FeedbackStep.run(SCENARIO, QUESTIONS, c.withSeed(19), Progress.none());
      assertNotEquals(one.timeline(), other.timeline());
    } finally {
      pool.shutdownNow();
    }
  }

  @Property(trials = 12)
  void for_any_seed_the_first_batch_is_all_human_and_the_books_balance(Gen gen) {
    FeedbackConfig c =
        FeedbackConfig.fast()
            .withPairs(gen.intIn(26, 120))
            .withSeed(gen.random().nextLong())
            .withCosts(gen.doubleIn(0.05, 2.0), gen.doubleIn(0.0, 0.01));
    SupportScenario s = SupportScenario.builder().seed(gen.random().nextLong()).build();
    FeedbackResult r = FeedbackStep.run(s, s.questions(gen.intIn(20, 200)), c, Progress.none());
    assertEquals(
        0,
        r.timeline().get(0).aiOnly(),
        "no κ before the router's minimum of double-labelled items");
    FeedbackTotals t = r.totals();
    assertEquals(c.pairs(), t.pairs());
    assertEquals(
        t.pairs(),
        t.aiOnly() + t.humanLabels(),
        "every pair is labelled by the AI alone or by a person");
    assertEquals(
        t.humanLabels() * c.humanCostPerLabel() + t.aiLabels() * c.aiCostPerLabel(), t.cost(), 0.0);
    assertEquals(t.allHumanCost() - t.cost(), t.costSaved(), 0.0);
    HandOverPoint last = r.timeline().get(r.timeline().size() - 1);
    assertEquals(c.pairs(), last.itemsSoFar());
    assertEquals(t.cost(), last.cumulativeCost(), 0.0);
    assertEquals(t.humanLabels(), last.cumulativeHumanLabels());
  }

  @Test
  void progress_is_reported_after_every_batch_up_to_the_total() {
    List<long[]> seen = new ArrayList<>();
    FeedbackStep.run(
        SCENARIO,
        QUESTIONS,
        FeedbackConfig.fast().withPairs(60),
        (task, done, total) -> seen.add(new long[] {done, total}));
    assertEquals(3, seen.size());
    assertEquals(60, seen.get(2)[0]);
    assertEquals(60, seen.get(2)[1]);
  }

  @Test
  void bad_input_is_refused_naming_the_argument_and_the_value() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> FeedbackConfig.fast().withPairs(0));
    assertTrue(e.getMessage().contains("pairs") && e.getMessage().contains("0"), e.getMessage());
    FeedbackConfig f = FeedbackConfig.fast();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FeedbackConfig(10, 5, 0.4, 0.002, 0.6, 1.5, 0.2, 30, 500, 1, f.clock()));
    assertTrue(
        e.getMessage().contains("auditFraction") && e.getMessage().contains("1.5"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FeedbackConfig(10, 5, -1, 0.002, 0.6, 0.1, 0.2, 30, 500, 1, f.clock()));
    assertTrue(e.getMessage().contains("humanCostPerLabel"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FeedbackStep.run(SCENARIO, List.of(), f, Progress.none()));
    assertTrue(e.getMessage().contains("questions"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new FeedbackConfig(10, 5, 0.4, 0.002, 0.6, 0.1, 0.2, 30, 20, 1, f.clock()));
    assertTrue(
        e.getMessage().contains("agreementWindow") && e.getMessage().contains("20"),
        e.getMessage());
  }

  private static int category(Outcome o) {
    return o == Outcome.A ? 0 : o == Outcome.B ? 1 : 2;
  }

  /** κ = (p_o − p_e) / (1 − p_e) over three categories (Cohen 1960). */
  private static double kappaByHand(int[] a, int[] b) {
    int n = a.length;
    double agree = 0;
    double[] ma = new double[3];
    double[] mb = new double[3];
    for (int i = 0; i < n; i++) {
      agree += a[i] == b[i] ? 1 : 0;
      ma[a[i]]++;
      mb[b[i]]++;
    }
    double po = agree / n;
    double pe = 0;
    for (int k = 0; k < 3; k++) {
      pe += ma[k] / n * mb[k] / n;
    }
    return (po - pe) / (1 - pe);
  }
}
