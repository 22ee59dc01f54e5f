package dev.align4j.optimizers.optimizer.preference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.core.FeedbackKind;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.Policy;
import dev.align4j.core.StepMetrics;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.train.LearningRateSchedule;
import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PairwiseObjective;
import dev.align4j.optimizers.objective.listwise.ListwiseObjectives;
import dev.align4j.optimizers.objective.unpaired.UnpairedObjectives;
import dev.align4j.optimizers.optimizer.PoliteWorld;
import dev.align4j.policies.LogLinearPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtherPreferenceOptimizersTest {
  static final PairwiseObjective DPO = Objectives.pairwise("sigmoid", Map.of("beta", 0.1));
  static final List<Prompt> HELD_OUT = PoliteWorld.prompts(2000, 2050);

  static List<BinaryLabel> binaryLabels(int from, int to, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<BinaryLabel> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Prompt p = PoliteWorld.prompt(i);
      Completion c = PoliteWorld.candidates(p).get(r.nextInt(6));
      out.add(new BinaryLabel(p, c, PoliteWorld.isPolite(c), PoliteWorld.RULE));
    }
    return out;
  }

  @Test
  void ktoAndBcoOnThumbsRaiseThePoliteShare() {
    for (String type : List.of("kto", "bco")) {
      LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
      UnpairedPreferenceOptimizer o =
          UnpairedPreferenceOptimizer.builder(policy, UnpairedObjectives.create(type, Map.of()))
              .klPairs(type.equals("kto") ? UnpairedPreferenceOptimizer.KlPairs.SAMPLED
                  : UnpairedPreferenceOptimizer.KlPairs.NONE)
              .schedule(LearningRateSchedule.constant(0.1))
              .build();
      List<BinaryLabel> train = binaryLabels(0, 128, 5);
      StepMetrics m = null;
      for (int s = 0; s < 60; s++) {
        m = o.step(train.subList(16 * (s % 8), 16 * (s % 8) + 16));
      }
      double share = PoliteWorld.expectedReward(policy, HELD_OUT);
      assertTrue(share > 0.9, type + " polite share " + share);
      assertTrue(m.values().containsKey("rewards/chosen"), m.values().keySet().toString());
    }
  }

  @Test
  void ktoPassesRotatedKlPairs() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    UnpairedPreferenceOptimizer o =
        UnpairedPreferenceOptimizer.builder(policy, UnpairedObjectives.create("kto", Map.of()))
            .klPairs(UnpairedPreferenceOptimizer.KlPairs.SAMPLED)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    StepMetrics first = o.step(binaryLabels(0, 8, 1));
    assertEquals(0.0, first.get("kl"), 1e-12, "policy = reference at step 1");
    UnpairedPreferenceOptimizer mismatched =
        UnpairedPreferenceOptimizer.builder(policy, UnpairedObjectives.create("kto", Map.of())).build();
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> mismatched.step(binaryLabels(0, 2, 1)));
    assertTrue(refused.getMessage().startsWith("batch[0] KL pair: completion must be one of the 6 candidates"),
        refused.getMessage());
    for (int s = 0; s < 20; s++) {
      o.step(binaryLabels(0, 8, 1));
    }
    assertTrue(o.step(binaryLabels(0, 8, 1)).get("kl") >= 0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> o.step(List.of(new BinaryLabel(PoliteWorld.prompt(0), Completion.of(""), true, PoliteWorld.RULE))));
    assertEquals("batch[0].completion must not be empty, its text was \"\"", e.getMessage());
  }

  @Test
  void plackettLuceOnRankingsRaisesThePoliteShare() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    ListwisePreferenceOptimizer o =
        ListwisePreferenceOptimizer.builder(policy, ListwiseObjectives.create("dpo_pl", Map.of("beta", 0.1)))
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    List<Ranking> train = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      Prompt p = PoliteWorld.prompt(i);
      List<Completion> c = PoliteWorld.candidates(p);
      // polite (even indices) before rude (odd indices)
      train.add(new Ranking(p, c, List.of(0, 2, 4, 1, 3, 5), PoliteWorld.RULE));
    }
    StepMetrics first = o.step(train);
    StepMetrics last = first;
    for (int s = 0; s < 40; s++) {
      last = o.step(train);
    }
    assertTrue(last.get("loss") < first.get("loss"));
    double plShare = PoliteWorld.expectedReward(policy, HELD_OUT);
    assertTrue(plShare > 0.9, "Plackett-Luce polite share " + plShare);
  }

  @Test
  void onlineDpoWithARewardModelLearnsOnPolicy() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    OnlinePreferenceOptimizer o =
        OnlinePreferenceOptimizer.builder(policy, DPO)
            .rewardModel(PoliteWorld.REWARD)
            .samplesPerPrompt(4)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    StepMetrics m = null;
    for (int s = 0; s < 40; s++) {
      m = o.step(PoliteWorld.prompts(8 * s, 8 * s + 8));
    }
    double share = PoliteWorld.expectedReward(policy, HELD_OUT);
    assertTrue(share > 0.9, "online DPO polite share " + share);
    assertTrue(m.get("reward/chosen_score") >= m.get("reward/rejected_score"));
    assertTrue(m.get("pairs") <= 8);
  }

  @Test
  void onlineDpoWithAFeedbackSourceAsksPairwiseOrRanking() {
    AtomicInteger pairwise = new AtomicInteger();
    AtomicInteger ranking = new AtomicInteger();
    FeedbackSource judge =
        request -> {
          List<Completion> c = request.candidates();
          Feedback f;
          if (request.kind() == FeedbackKind.PAIRWISE) {
            pairwise.incrementAndGet();
            boolean a = PoliteWorld.isPolite(c.get(0));
            boolean b = PoliteWorld.isPolite(c.get(1));
            Outcome o = a == b ? Outcome.TIE : a ? Outcome.A : Outcome.B;
            f = new PairwiseComparison(request.prompt(), c.get(0), c.get(1), o, null, null, Presentation.A_FIRST,
                PoliteWorld.RULE);
          } else {
            ranking.incrementAndGet();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < c.size(); i++) {
              if (PoliteWorld.isPolite(c.get(i))) {
                order.add(i);
              }
            }
            for (int i = 0; i < c.size(); i++) {
              if (!PoliteWorld.isPolite(c.get(i))) {
                order.add(i);
              }
            }
            f = new Ranking(request.prompt(), c, order, PoliteWorld.RULE);
          }
          return CompletableFuture.completedFuture(f);
        };
    for (int k : new int[] {2, 3}) {
      LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
      OnlinePreferenceOptimizer o =
          OnlinePreferenceOptimizer.builder(policy, DPO)
              .feedbackSource(judge)
              .samplesPerPrompt(k)
              .schedule(LearningRateSchedule.constant(0.1))
              .build();
      for (int s = 0; s < 40; s++) {
        o.step(PoliteWorld.prompts(8 * s, 8 * s + 8));
      }
      double share = PoliteWorld.expectedReward(policy, HELD_OUT);
      assertTrue(share > 0.85, "k=" + k + " share " + share);
    }
    assertEquals(320, pairwise.get());
    assertEquals(320, ranking.get());
  }

  /** A rule judge answering with {@code preferring(chosen, rejected)} (A = the polite answer, whatever the order). */
  static final FeedbackSource PREFERRING_JUDGE =
      request -> {
        Completion x = request.candidates().get(0);
        Completion y = request.candidates().get(1);
        boolean px = PoliteWorld.isPolite(x);
        boolean py = PoliteWorld.isPolite(y);
        Feedback f = px == py
            ? new PairwiseComparison(request.prompt(), x, y, Outcome.TIE, null, null, Presentation.A_FIRST,
                PoliteWorld.RULE)
            : PairwiseComparison.preferring(request.prompt(), px ? x : y, px ? y : x, PoliteWorld.RULE);
        return CompletableFuture.completedFuture(f);
      };

  /** A candidate of the request's prompt that is none of the request's answers. */
  static Completion otherCandidate(FeedbackRequest request) {
    for (Completion c : PoliteWorld.candidates(request.prompt())) {
      if (request.candidates().stream().noneMatch(r -> r.text().equals(c.text()))) {
        return c;
      }
    }
    throw new AssertionError("every candidate was asked about");
  }

  @Test
  void onlineDpoReadsAPairwiseAnswerByContentAndRefusesOneAboutOtherTexts() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    OnlinePreferenceOptimizer o =
        OnlinePreferenceOptimizer.builder(policy, DPO).feedbackSource(PREFERRING_JUDGE)
            .schedule(LearningRateSchedule.constant(0.1)).build();
    for (int s = 0; s < 40; s++) {
      o.step(PoliteWorld.prompts(8 * s, 8 * s + 8));
    }
    double share = PoliteWorld.expectedReward(policy, HELD_OUT);
    assertTrue(share > 0.85, "share " + share);

    // a candidate of the same prompt, but not one of the two answers asked about: the policy can score it, so only
    // matching the answer to its request can notice
    FeedbackSource confused = request -> CompletableFuture.completedFuture(PairwiseComparison.preferring(
        request.prompt(), otherCandidate(request), request.candidates().get(1), PoliteWorld.RULE));
    LogLinearPolicy fresh = PoliteWorld.policyBuilder().build();
    OnlinePreferenceOptimizer refused =
        OnlinePreferenceOptimizer.builder(fresh, DPO).feedbackSource(confused)
            .schedule(LearningRateSchedule.constant(0.1)).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> refused.step(PoliteWorld.prompts(0, 4)));
    assertTrue(e.getMessage().startsWith("feedback source answered request \"online-1\" about other answers than "
        + "those it was asked about: the comparison must compare the answers \"q0 "), e.getMessage());
    assertTrue(e.getMessage().contains("it compared \"q0 "), e.getMessage());
    assertEquals(0, refused.stepCount());
    assertArrayEquals(new double[PoliteWorld.DIMENSION], fresh.parameters(), 0.0);

    FeedbackSource wrongRanking = request -> CompletableFuture.completedFuture(new Ranking(request.prompt(),
        List.of(request.candidates().get(0), otherCandidate(request), request.candidates().get(2)), List.of(1, 0, 2),
        PoliteWorld.RULE));
    OnlinePreferenceOptimizer refusedRanking =
        OnlinePreferenceOptimizer.builder(fresh, DPO).feedbackSource(wrongRanking).samplesPerPrompt(3).build();
    e = assertThrows(IllegalArgumentException.class, () -> refusedRanking.step(PoliteWorld.prompts(0, 4)));
    assertEquals("feedback source answered request \"online-1\" about other answers than those it was asked about: "
        + "the ranking must rank the 3 requested answers of the prompt \"q0\", it ranked 3 answers of the prompt "
        + "\"q0\"", e.getMessage());
    assertArrayEquals(new double[PoliteWorld.DIMENSION], fresh.parameters(), 0.0);

    FeedbackSource dropsOne = new FeedbackSource() {
      @Override
      public CompletionStage<Feedback> request(FeedbackRequest request) {
        return PREFERRING_JUDGE.request(request);
      }

      @Override
      public List<Feedback> requestAll(List<FeedbackRequest> requests) {
        return FeedbackSource.super.requestAll(requests.subList(1, requests.size()));
      }
    };
    OnlinePreferenceOptimizer short1 = OnlinePreferenceOptimizer.builder(fresh, DPO).feedbackSource(dropsOne).build();
    e = assertThrows(IllegalArgumentException.class, () -> short1.step(PoliteWorld.prompts(0, 4)));
    assertEquals("feedback source must answer each of the 4 requests once, in order, answered 3", e.getMessage());
    assertArrayEquals(new double[PoliteWorld.DIMENSION], fresh.parameters(), 0.0);
  }

  @Test
  void iterativeRoundsOffPolicySamplingAndSelfRewarding() {
    LogLinearPolicy policy = PoliteWorld.policyBuilder().build();
    Policy behaviour = PoliteWorld.policyBuilder().build().frozenCopy();
    OnlinePreferenceOptimizer o =
        OnlinePreferenceOptimizer.builder(policy, DPO)
            .rewardModel(PoliteWorld.REWARD)
            .behaviourPolicy(behaviour)
            .samplesPerPrompt(4)
            .updateReferenceEachRound(true)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    Policy firstReference = o.reference();
    List<StepMetrics> r1 = o.round(PoliteWorld.prompts(0, 64), 16);
    assertTrue(r1.size() >= 3 && r1.size() <= 4, "64 prompts, a few skipped, 16 per step: " + r1.size());
    List<StepMetrics> r2 = o.round(PoliteWorld.prompts(64, 128), 16);
    assertNotEquals(firstReference, o.reference(), "reference moved to the policy at round 2");
    assertEquals(r1.size() + r2.size(), o.stepCount());
    double iterShare = PoliteWorld.expectedReward(policy, HELD_OUT);
    assertTrue(iterShare > 0.6, "iterative share (0.5 before) " + iterShare);

    // self-rewarding starts from a policy that already prefers polite replies a little, and amplifies it
    LogLinearPolicy self = PoliteWorld.policyBuilder().initialParameters(new double[] {0.5, 0, 0, 0}).build();
    Policy uniform = PoliteWorld.policyBuilder().build().frozenCopy();
    OnlinePreferenceOptimizer s =
        OnlinePreferenceOptimizer.builder(self, DPO)
            .selfRewarding(0.1)
            .reference(uniform)
            .samplesPerPrompt(4)
            .schedule(LearningRateSchedule.constant(0.1))
            .build();
    double before = PoliteWorld.expectedReward(self, HELD_OUT);
    for (int i = 0; i < 20; i++) {
      s.step(PoliteWorld.prompts(8 * i, 8 * i + 8));
    }
    double after = PoliteWorld.expectedReward(self, HELD_OUT);
    assertTrue(after > before + 0.1, "self-rewarding " + before + " -> " + after);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> OnlinePreferenceOptimizer.builder(self, DPO).build());
    assertEquals("exactly one of rewardModel, feedbackSource and selfRewarding must be set, 0 were", e.getMessage());
  }

  @Test
  void onlineResumesTheSameTrajectory(@TempDir Path dir) throws Exception {
    LogLinearPolicy a = PoliteWorld.policyBuilder().build();
    LogLinearPolicy b = PoliteWorld.policyBuilder().build();
    OnlinePreferenceOptimizer oa = online(a);
    for (int s = 0; s < 4; s++) {
      oa.step(PoliteWorld.prompts(8 * s, 8 * s + 8));
    }
    Path ckpt = dir.resolve("online.ckpt");
    oa.saveCheckpoint(ckpt);
    for (int s = 4; s < 8; s++) {
      oa.step(PoliteWorld.prompts(8 * s, 8 * s + 8));
    }
    OnlinePreferenceOptimizer ob = online(b);
    ob.restoreCheckpoint(ckpt);
    for (int s = 4; s < 8; s++) {
      ob.step(PoliteWorld.prompts(8 * s, 8 * s + 8));
    }
    assertArrayEquals(a.parameters(), b.parameters(), 0.0);
  }

  private static OnlinePreferenceOptimizer online(LogLinearPolicy p) {
    return OnlinePreferenceOptimizer.builder(p, DPO)
        .rewardModel(PoliteWorld.REWARD)
        .samplesPerPrompt(3)
        .schedule(LearningRateSchedule.constant(0.1))
        .seed(11)
        .build();
  }
}
