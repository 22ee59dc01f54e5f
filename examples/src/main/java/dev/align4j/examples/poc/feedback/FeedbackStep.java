package dev.align4j.examples.poc.feedback;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.math.WilsonInterval;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.scenario.CandidateReply;
import dev.align4j.examples.poc.scenario.PositionBiasedJudge;
import dev.align4j.examples.poc.scenario.ReviewerPanel;
import dev.align4j.examples.poc.scenario.SimulatedReviewer;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.examples.poc.scenario.SupportScenario;
import dev.align4j.feedback.agreement.CohenKappa;
import dev.align4j.feedback.agreement.ConfidenceInterval;
import dev.align4j.feedback.agreement.PositionBiasReport;
import dev.align4j.feedback.agreement.Weighting;
import dev.align4j.feedback.calibration.CalibrationHealth;
import dev.align4j.feedback.calibration.CalibrationReport;
import dev.align4j.feedback.calibration.JudgeCalibrator;
import dev.align4j.feedback.calibration.JudgedPair;
import dev.align4j.feedback.event.FeedbackEvent;
import dev.align4j.feedback.route.AgreementTracker;
import dev.align4j.feedback.route.HybridRouter;
import dev.align4j.feedback.route.InMemoryReviewQueue;
import dev.align4j.feedback.route.Route;
import dev.align4j.feedback.route.RouterStats;
import dev.align4j.feedback.route.RoutingReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Step 3 of the proof of concept: pairs of candidate replies are labelled through align4j's {@link HybridRouter}. The
 * AI side is the scenario's {@link PositionBiasedJudge} (an LLM-judge stand-in with a planted position bias); the
 * human side is a {@link ReviewerPanel} of the scenario's three {@link SimulatedReviewer}s working through an
 * {@link InMemoryReviewQueue}. The router starts all-human (no κ yet), hands a pair to the AI once the judge's
 * measured agreement with the people reaches the minimum κ and the judge is order-consistent and confident on it,
 * and keeps auditing a share of the AI's pairs for good.
 *
 * <p>Pair {@code j} answers question {@code j mod n} of the {@code n} questions, with that question's candidates
 * {@code 2k} and {@code 2k + 1} for round {@code k = j div n} ({@link SupportScenario#candidates}); a pair whose two
 * texts are equal is skipped. Requests are labelled one at a time on the caller's thread, so a seed gives the same
 * labels, timeline and costs on any machine.
 *
 * <p>Cost: every pair is put to the AI first (one AI label, both orders), and a pair routed to a person costs a human
 * label on top. κ is Cohen's κ over the three categories A / B / no preference of
 * {@link AgreementTracker#categories} (the person's label read in the judge's order by text), with a 1,000-resample
 * percentile bootstrap ({@link CohenKappa#withInterval}; Efron and Tibshirani's recommended minimum for percentile
 * intervals).
 */
public final class FeedbackStep {
  /** The progress task name. */
  public static final String TASK = "feedback";

  private static final int KAPPA_RESAMPLES = 1000;
  private static final double LEVEL = 0.95;

  /** Audited items below which the judge is not calibrated (too few for a bootstrap interval of κ). */
  static final int MIN_CALIBRATION_ITEMS = 20;

  private FeedbackStep() {}

  /**
   * Labels {@code config.pairs()} pairs of candidate replies to {@code questions}.
   *
   * @param scenario the scenario whose candidate replies are labelled
   * @param questions the questions (at least one), e.g. the training share of the run's questions
   * @param config sizes, router settings, unit costs, seed
   * @param progress told after every batch
   * @throws IllegalStateException when the questions cannot give {@code config.pairs()} distinct pairs
   */
  public static FeedbackResult run(
      SupportScenario scenario,
      List<SupportQuestion> questions,
      FeedbackConfig config,
      Progress progress) {
    Arguments.nonNull("scenario", scenario);
    Arguments.nonEmpty("questions", questions);
    Arguments.nonNull("config", config);
    Arguments.nonNull("progress", progress);
    long started = System.nanoTime();
    List<Candidate> work = pairs(scenario, questions, config.pairs());

    PositionBiasedJudge judge =
        PositionBiasedJudge.builder().seed(config.seed()).clock(config.clock()).build();
    ReviewerPanel panel = new ReviewerPanel(SimulatedReviewer.panel(config.seed(), config.clock()));
    InMemoryReviewQueue queue = new InMemoryReviewQueue();
    Map<String, Trace> traces = new HashMap<>();
    HybridRouter router =
        HybridRouter.builder()
            .ai(judge)
            .humans(queue)
            .minKappa(config.minKappa())
            .auditFraction(config.auditFraction())
            .confidenceThreshold(config.confidenceThreshold())
            .agreement(config.agreementWindow(), config.minAgreementSamples())
            .random(new SplittableRandom(config.seed()))
            .clock(config.clock())
            .listener(e -> trace(traces, e))
            .build();

    List<LabelledPair> labelled = new ArrayList<>();
    List<DoubleLabelledItem> both = new ArrayList<>();
    List<PairwiseComparison> allAi = new ArrayList<>();
    List<HandOverPoint> timeline = new ArrayList<>();
    SplittableRandom bootstrap = new SplittableRandom(config.seed() ^ 0x6A09E667F3BCC909L);
    long humans = 0;
    long aiLabels = 0;
    long aiOnlyTotal = 0;
    long auditsTotal = 0;
    long undecided = 0;
    int batch = 0;
    int inBatch = 0;
    int batchAiOnly = 0;
    int batchAudits = 0;
    int batchHumans = 0;
    for (int i = 0; i < work.size(); i++) {
      Candidate c = work.get(i);
      CompletableFuture<Feedback> stage = router.request(c.request()).toCompletableFuture();
      panel.answerPending(queue);
      PairwiseComparison label = (PairwiseComparison) stage.join();
      Trace t = traces.remove(c.request().id());
      if (t == null || t.route == null || t.ai == null) {
        throw new IllegalStateException(
            "the router finished request " + c.request().id() + " without the expected events");
      }
      aiLabels++;
      allAi.add(t.ai);
      inBatch++;
      if (t.route == Route.AI_ONLY) {
        aiOnlyTotal++;
        batchAiOnly++;
      } else {
        humans++;
        batchHumans++;
        if (t.reason == RoutingReason.AUDIT) {
          auditsTotal++;
          batchAudits++;
        }
        if ((t.reason == RoutingReason.AUDIT || t.reason == RoutingReason.UNCALIBRATED)
            && t.human != null) {
          both.add(new DoubleLabelledItem(c.request().id(), batch, t.reason, t.ai, t.human));
        }
      }
      if (label.isDecisive()) {
        SourceKind by = label.provenance().kind();
        labelled.add(
            new LabelledPair(
                c.request().id(),
                c.question().id(),
                c.question().topic(),
                c.question().language(),
                PreferenceExample.from(label),
                by,
                t.route));
      } else {
        undecided++;
      }
      boolean last = i == work.size() - 1;
      if (inBatch == config.batchSize() || last) {
        ConfidenceInterval k = kappa(both, config.minAgreementSamples(), bootstrap);
        int itemsSoFar = i + 1;
        timeline.add(
            new HandOverPoint(
                batch,
                itemsSoFar,
                inBatch,
                batchAiOnly,
                batchAudits,
                batchHumans,
                k,
                both.size(),
                router.agreement().kappa(HybridRouter.DEFAULT_SLICE).orElse(-2)
                    >= config.minKappa(),
                humans,
                aiLabels,
                cost(humans, aiLabels, config),
                itemsSoFar * config.humanCostPerLabel()));
        progress.advance(TASK, itemsSoFar, work.size());
        batch++;
        inBatch = 0;
        batchAiOnly = 0;
        batchAudits = 0;
        batchHumans = 0;
      }
    }
    List<DoubleLabelledItem> audited =
        both.stream().filter(d -> d.reason() == RoutingReason.AUDIT).toList();
    RouterStats stats = router.stats();
    return new FeedbackResult(
        labelled,
        timeline,
        both,
        new FeedbackTotals(
            work.size(),
            aiOnlyTotal,
            humans,
            auditsTotal,
            aiLabels,
            undecided,
            cost(humans, aiLabels, config),
            work.size() * config.humanCostPerLabel()),
        timeline.get(timeline.size() - 1).kappa(),
        kappa(audited, MIN_CALIBRATION_ITEMS, bootstrap),
        positionBias(judge, audited, allAi, stats, config.seed()),
        stats,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private static double cost(long humans, long aiLabels, FeedbackConfig config) {
    return humans * config.humanCostPerLabel() + aiLabels * config.aiCostPerLabel();
  }

  /** κ with its bootstrap interval over {@code items}, or null with fewer than {@code min} of them. */
  private static @Nullable ConfidenceInterval kappa(
      List<DoubleLabelledItem> items, int min, SplittableRandom random) {
    if (items.size() < Math.max(2, min)) {
      return null;
    }
    int[] ai = new int[items.size()];
    int[] human = new int[items.size()];
    for (int i = 0; i < ai.length; i++) {
      int[] c = AgreementTracker.categories(items.get(i).ai(), items.get(i).human());
      ai[i] = c[0];
      human[i] = c[1];
    }
    return CohenKappa.withInterval(
        ai, human, 3, Weighting.NONE, KAPPA_RESAMPLES, LEVEL, random.split());
  }

  private static PositionBiasFinding positionBias(
      PositionBiasedJudge judge,
      List<DoubleLabelledItem> audited,
      List<PairwiseComparison> allAi,
      RouterStats stats,
      long seed) {
    List<PairwiseComparison> aiLabels = audited.stream().map(DoubleLabelledItem::ai).toList();
    String judgeId = allAi.get(0).provenance().sourceId();
    PositionBiasReport report = PositionBiasReport.of(judgeId, aiLabels);
    double rate = report.firstPositionRate();
    ConfidenceInterval firstRate = new ConfidenceInterval(rate, 0, 1, LEVEL);
    if (report.decisiveVerdicts() > 0) {
      double[] w =
          WilsonInterval.twoSided(report.firstPositionWins(), report.decisiveVerdicts(), 1 - LEVEL);
      firstRate = new ConfidenceInterval(rate, Math.min(w[0], rate), Math.max(w[1], rate), LEVEL);
    }
    List<JudgedPair> judged = new ArrayList<>();
    for (DoubleLabelledItem d : audited) {
      PairwiseComparison human = d.human().orientedTo(d.ai().prompt(), d.ai().a(), d.ai().b());
      judged.add(new JudgedPair(d.requestId(), d.ai(), human.outcome()));
    }
    @Nullable CalibrationReport calibration =
        judged.size() < MIN_CALIBRATION_ITEMS
            ? null
            : JudgeCalibrator.builder().seed(seed).build().calibrate(judgeId, judged);
    return new PositionBiasFinding(
        judge.positionBias(),
        report,
        firstRate,
        PositionBiasReport.of(judgeId, allAi),
        calibration,
        calibration == null ? null : CalibrationHealth.builder().build().judge(calibration, null),
        stats.byReason().getOrDefault(RoutingReason.INCONSISTENT, 0L),
        report.biased(0.05));
  }

  /** The pairs to label, in order; see the class comment. */
  private static List<Candidate> pairs(
      SupportScenario scenario, List<SupportQuestion> questions, int count) {
    int n = questions.size();
    int rounds = (count + n - 1) / n + 2;
    List<List<CandidateReply>> replies = new ArrayList<>(n);
    for (SupportQuestion q : questions) {
      replies.add(scenario.candidates(Arguments.nonNull("question", q), 2 * rounds));
    }
    List<Candidate> out = new ArrayList<>(count);
    for (int j = 0; out.size() < count; j++) {
      int k = j / n;
      if (k >= rounds) {
        throw new IllegalStateException(
            String.format(
                Locale.ROOT,
                "%d questions gave only %d distinct pairs of %d asked; pass more questions",
                n,
                out.size(),
                count));
      }
      SupportQuestion q = questions.get(j % n);
      CandidateReply a = replies.get(j % n).get(2 * k);
      CandidateReply b = replies.get(j % n).get(2 * k + 1);
      if (a.text().equals(b.text())) {
        continue;
      }
      FeedbackRequest r =
          FeedbackRequest.pairwise(
                  "pair-" + q.id() + "-" + k, q.prompt(), a.completion(), b.completion())
              .withMetadata("topic", q.topic().name())
              .withMetadata("language", q.language().name());
      out.add(new Candidate(q, r));
    }
    return out;
  }

  private static void trace(Map<String, Trace> traces, FeedbackEvent e) {
    Trace t = traces.computeIfAbsent(e.requestId(), id -> new Trace());
    if (e instanceof FeedbackEvent.LabelSubmitted s && s.label() instanceof PairwiseComparison p) {
      if (p.provenance().kind() == SourceKind.AI) {
        t.ai = p;
      } else {
        t.human = p;
      }
    } else if (e instanceof FeedbackEvent.RoutedToHuman h) {
      t.reason = RoutingReason.valueOf(h.reason());
    } else if (e instanceof FeedbackEvent.ItemCompleted c) {
      t.route = Route.valueOf(c.route());
      if (t.route == Route.AI_ONLY) {
        t.reason = RoutingReason.TRUSTED;
      }
    }
  }

  private record Candidate(SupportQuestion question, FeedbackRequest request) {}

  /** What the router's events said about one request. */
  private static final class Trace {
    @Nullable PairwiseComparison ai;
    @Nullable PairwiseComparison human;
    @Nullable RoutingReason reason;
    @Nullable Route route;
  }
}
