package dev.align4j.examples.poc.run;

import dev.align4j.examples.poc.feedback.CategoryAccuracy;
import dev.align4j.examples.poc.feedback.DesirabilityResult;
import dev.align4j.examples.poc.feedback.FeedbackTotals;
import dev.align4j.examples.poc.feedback.GoldLabelledPairs;
import dev.align4j.examples.poc.policy.CandidateEvaluation;
import dev.align4j.examples.poc.policy.TrainingRun;
import dev.align4j.examples.poc.rollout.RolloutResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The proof of concept's console summary: one block per step with the measured numbers beside their baselines, then
 * the candidates' table. Every number comes from the run; the gold column is labelled as what the team could not
 * see.
 */
public final class ConsoleSummary {
  private ConsoleSummary() {}

  /** Prints the summary of {@code r} to {@code out}. */
  public static void print(PocResult r, PrintStream out) {
    PocResult.DataSummary d = r.data();
    out.println();
    out.println("== Summary ==");
    out.printf(
        Locale.ROOT,
        "Data: %d questions (%d Japanese, %d with a card number), %d candidate replies:"
            + " %d right, %d wrong, %d rude, %d echo the card, %d padded%n",
        d.questions(),
        d.japaneseQuestions(),
        d.questionsWithCard(),
        d.replies(),
        d.correctReplies(),
        d.wrongReplies(),
        d.rudeReplies(),
        d.cardEchoReplies(),
        d.paddedReplies());
    FeedbackTotals t = r.feedback().totals();
    out.printf(
        Locale.ROOT,
        "Feedback: %d pairs; AI alone labelled %d (%.0f %%), people %d (%d audits, which never stop);"
            + " cost %.2f vs %.2f all-human (saved %.2f, unit costs are assumptions); judge-human kappa %s%n",
        t.pairs(),
        t.aiOnly(),
        100 * t.aiShare(),
        t.humanLabels(),
        t.audits(),
        t.cost(),
        t.allHumanCost(),
        t.costSaved(),
        r.feedback().kappa() == null
            ? "n/a"
            : String.format(
                Locale.ROOT,
                "%.2f [%.2f, %.2f]",
                r.feedback().kappa().estimate(),
                r.feedback().kappa().lower(),
                r.feedback().kappa().upper()));
    DesirabilityResult des = r.desirability();
    StringBuilder cats = new StringBuilder();
    for (String c : GoldLabelledPairs.categories()) {
      CategoryAccuracy m = des.preferenceModelScores().category(c);
      CategoryAccuracy b = des.lengthBaselineScores().category(c);
      cats.append(String.format(Locale.ROOT, " %s %.2f (%.2f)", c, m.accuracy(), b.accuracy()));
    }
    out.printf(
        Locale.ROOT,
        "Reward model: held-out accuracy %.2f vs %.2f for \"the longer reply wins\"; per category"
            + " (baseline):%s%n",
        des.overallAccuracy().accuracy(),
        des.lengthBaselineAccuracy().accuracy(),
        cats);
    out.println();
    out.println(
        String.format(
            Locale.ROOT,
            "%-22s %8s %8s %7s %12s %8s %8s  %s",
            "candidate",
            "win rate",
            "LC win",
            "KL",
            "length",
            "unsafe",
            "gold*",
            "monitor"));
    for (int i = 0; i < r.runs().size(); i++) {
      TrainingRun run = r.runs().get(i);
      CandidateEvaluation e = r.evaluations().get(i);
      out.println(
          String.format(
              Locale.ROOT,
              "%-22s %8.2f %8s %7.2f %+7.0f chars %8.3f %+8.2f  %s",
              run.name(),
              e.combined().rate(),
              e.lengthControlIdentified()
                  ? String.format(
                      Locale.ROOT, "%.2f", e.lengthControlled().lengthControlledWinRate())
                  : "n/a",
              e.klToSft().orElse(Double.NaN),
              e.lengthDrift(),
              e.unsafe().rate(),
              e.goldGain(),
              run.monitorFiring()
                  .map(
                      f ->
                          "STOP at step "
                              + f.step()
                              + " ("
                              + f.rule()
                              + "), trained on to "
                              + run.last().step())
                  .orElse("quiet")));
    }
    CandidateEvaluation any = r.evaluations().get(0);
    out.printf(
        Locale.ROOT,
        "(SFT baseline: unsafe %.3f, gold %.2f; win rates are the AI judge's against SFT in both orders;"
            + " * gold gain over SFT, hidden from training)%n",
        any.sftUnsafe().rate(),
        any.sftGold().mean());
    out.println();
    out.println(
        "Chosen for the rollout (highest length-controlled win rate, monitor quiet): "
            + r.chosen());
    for (RolloutResult ro : r.rollouts()) {
      out.printf(
          Locale.ROOT,
          "Rollout %s: %s after %.0f simulated hours%s; %d audit records, chain verified %s, replayed %s%n",
          ro.candidateName(),
          ro.promotedToFull()
              ? "promoted to full traffic"
              : ro.rolledBack()
                  ? "rolled back by guardrail " + ro.firedGuardrail().orElse("?")
                  : "stopped at " + ro.finalStage(),
          ro.hoursToDecision(),
          ro.promotedToFull()
              ? String.format(
                  Locale.ROOT,
                  " (thumbs-up %.3f vs %.3f baseline)",
                  ro.candidate().thumbsUpRate(),
                  ro.baseline().thumbsUpRate())
              : "",
          ro.auditRecords(),
          ro.auditVerified(),
          ro.auditReplayed());
    }
  }
}
