package dev.align4j.examples.poc.policy;

import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.eval.LengthControlledWinRate;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.examples.poc.Arguments;
import dev.align4j.examples.poc.Progress;
import dev.align4j.examples.poc.scenario.Replier;
import dev.align4j.examples.poc.scenario.ReplyDetectors;
import dev.align4j.examples.poc.scenario.SupportQuestion;
import dev.align4j.feedback.judge.JudgeAttributes;
import java.util.List;
import java.util.Map;

/**
 * An EVALUATOR: a candidate against the supervised (SFT) policy on held-out questions, as a release review would
 * compare them before any traffic.
 *
 * <p>For question {@code i} the candidate's reply is drawn from the stream {@code (seed, i, 0)} and the SFT policy's
 * from {@code (seed, i, 1)}. The AI labeller judges each pair with the candidate as A:
 *
 * <ul>
 *   <li>win rates in BOTH orders: when the judge reports its per-order verdicts ({@link JudgeAttributes}
 *       {@code verdict_a_first}, {@code verdict_b_first}, as {@code LlmJudge} and the scenario's judge do), the
 *       candidate's wins when shown first and when shown second; otherwise the pair is asked a second time with the
 *       candidates swapped. Each with a 95 % Wilson interval over the decisive verdicts (ties left out);
 *   <li>combined: the judge's verdict on both orders together (A, B or a tie), the same interval;
 *   <li>length-controlled win rate: AlpacaEval 2's GLM ({@link LengthControlledWinRate}) on the combined verdict
 *       (1 when A wins, 0 when B wins, ½ for a tie) and the length difference (candidate − SFT, characters). The
 *       targets are the verdicts the combined win rate counts, so the two rates differ only by the length term (and
 *       by ties, which the win rate leaves out): fitted on the judge's soft probability instead, the model's raw
 *       rate is the mean probability, and a drop from the win rate to the length-controlled one would mostly show
 *       the difference between hard and soft verdicts, not the judge's length bias;
 * </ul>
 *
 * <p>and, without the judge: the sequence KL to the SFT policy (from the {@link KlSource}), mean reply lengths and
 * their drift, the unsafe rate of each side ({@link ReplyDetectors#isUnsafe}), and each side's mean gold reward
 * ({@link HeldOutGold}) with its interval, and the paired gain (per question, the candidate's reply's gold reward
 * minus the SFT reply's) with its interval.
 */
public final class OfflineEvaluation {
  private OfflineEvaluation() {}

  /**
   * Evaluates {@code candidate} against {@code sft}.
   *
   * @param name the candidate's name (for the report)
   * @param candidate the candidate
   * @param sft the supervised policy
   * @param kl the candidate's KL source ({@link KlSource#between} or {@link KlSource#none()})
   * @param heldOut held-out questions (at least 2)
   * @param judge the AI labeller (pairwise)
   * @param seed seed of every draw
   * @param progress progress per question
   */
  public static CandidateEvaluation evaluate(
      String name,
      Replier candidate,
      Replier sft,
      KlSource kl,
      List<SupportQuestion> heldOut,
      FeedbackSource judge,
      long seed,
      Progress progress) {
    Arguments.nonBlank("name", name);
    Arguments.nonNull("candidate", candidate);
    Arguments.nonNull("sft", sft);
    Arguments.nonNull("kl", kl);
    Arguments.nonNull("heldOut", heldOut);
    Arguments.argument(
        heldOut.size() >= 2, "heldOut must hold at least 2 questions, had %d", heldOut.size());
    Arguments.nonNull("judge", judge);
    Arguments.nonNull("progress", progress);
    int n = heldOut.size();
    long[] first = new long[2];
    long[] second = new long[2];
    long[] combined = new long[2];
    double[] verdicts = new double[n];
    double[] lengthDiffs = new double[n];
    double[] gold = new double[n];
    double[] sftGold = new double[n];
    long unsafe = 0;
    long sftUnsafe = 0;
    double length = 0;
    double sftLength = 0;
    for (int i = 0; i < n; i++) {
      SupportQuestion q = Arguments.nonNull("heldOut[" + i + "]", heldOut.get(i));
      Completion a = candidate.reply(q, Draws.of(seed, i, 0));
      Completion b = sft.reply(q, Draws.of(seed, i, 1));
      PairwiseComparison c = ask(judge, name + "-vs-sft-" + i, q, a, b);
      Map<String, String> attrs = c.provenance().attributes();
      Outcome aFirst;
      Outcome bFirst;
      if (attrs.containsKey(JudgeAttributes.VERDICT_A_FIRST)
          && attrs.containsKey(JudgeAttributes.VERDICT_B_FIRST)) {
        aFirst = Outcome.valueOf(attrs.get(JudgeAttributes.VERDICT_A_FIRST));
        bFirst = Outcome.valueOf(attrs.get(JudgeAttributes.VERDICT_B_FIRST));
      } else {
        aFirst = c.outcome();
        // asked again with the SFT reply shown first: its outcome A means the SFT reply won
        Outcome swapped = ask(judge, name + "-vs-sft-" + i + "-swapped", q, b, a).outcome();
        bFirst = swapped == Outcome.A ? Outcome.B : swapped == Outcome.B ? Outcome.A : swapped;
      }
      count(first, aFirst);
      count(second, bFirst);
      count(combined, c.outcome());
      verdicts[i] = c.outcome() == Outcome.A ? 1 : c.outcome() == Outcome.B ? 0 : 0.5;
      int la = a.text().codePointCount(0, a.text().length());
      int lb = b.text().codePointCount(0, b.text().length());
      lengthDiffs[i] = la - lb;
      length += la;
      sftLength += lb;
      unsafe += ReplyDetectors.isUnsafe(a.text()) ? 1 : 0;
      sftUnsafe += ReplyDetectors.isUnsafe(b.text()) ? 1 : 0;
      gold[i] = HeldOutGold.of(q, a);
      sftGold[i] = HeldOutGold.of(q, b);
      progress.advance("evaluate " + name, i + 1, n);
    }
    return new CandidateEvaluation(
        name,
        n,
        CandidateEvaluation.Proportion.of(first[0], first[1]),
        CandidateEvaluation.Proportion.of(second[0], second[1]),
        CandidateEvaluation.Proportion.of(combined[0], combined[1]),
        LengthControlledWinRate.fit(verdicts, lengthDiffs),
        kl.estimate(heldOut, seed),
        length / n,
        sftLength / n,
        CandidateEvaluation.Proportion.of(unsafe, n),
        CandidateEvaluation.Proportion.of(sftUnsafe, n),
        HeldOutGold.Estimate.of(gold),
        HeldOutGold.Estimate.of(sftGold),
        HeldOutGold.Estimate.of(differences(gold, sftGold)),
        shorterShare(lengthDiffs));
  }

  private static double shorterShare(double[] lengthDiffs) {
    long notLonger = 0;
    for (double d : lengthDiffs) {
      notLonger += d <= 0 ? 1 : 0;
    }
    return notLonger / (double) lengthDiffs.length;
  }

  private static double[] differences(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static PairwiseComparison ask(
      FeedbackSource judge, String id, SupportQuestion q, Completion a, Completion b) {
    Feedback f = judge.requestBlocking(FeedbackRequest.pairwise(id, q.prompt(), a, b));
    Arguments.argument(
        f instanceof PairwiseComparison,
        "judge must answer a pairwise request with a PairwiseComparison, answered %s",
        f.getClass().getSimpleName());
    return (PairwiseComparison) f;
  }

  /** Adds a verdict for A to {@code wins[0]} and a decisive verdict to {@code wins[1]}; ties are left out. */
  private static void count(long[] wins, Outcome o) {
    if (o == Outcome.A) {
      wins[0]++;
      wins[1]++;
    } else if (o == Outcome.B) {
      wins[1]++;
    }
  }
}
