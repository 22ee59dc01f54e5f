package dev.align4j.rewards.llm;

import dev.align4j.core.AbstainingRewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.core.text.Prompt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Groupwise judging (RULER, OpenPipe ART's "Relative Universal LLM-Elicited Rewards", 2025): one judge call sees all G
 * candidates for the same prompt and scores each relative to the others; GRPO and RLOO only need rewards that are
 * right relative to the group. Unlike RULER's single call, the group is judged in several presentation orders and the
 * results are averaged by candidate, which measures ({@link PositionBiasEstimate}) and cancels position bias.
 *
 * <p><b>Orders.</b> {@link Builder#calls} calls per group (default G). The orders come in blocks of G: a block takes
 * a fresh shuffle of the candidates from the seeded generator and its G cyclic rotations, so that in a full block
 * every candidate is shown once at every position (a Latin square) and any effect of the shown position that adds
 * the same to whichever candidate stands there cancels exactly in the means; a partial last block uses its first
 * rotations.
 *
 * <p><b>Prompt and answer.</b> The default template gives the question and the candidates as {@code [Answer n]} …
 * {@code [End of answer n]}, numbered in shown order, with RULER's grading standards (reworded), and asks for one line
 * per answer: {@code Answer n: [[score]] short explanation}, on the scale (default 0–1, as RULER). For every n in
 * 1..G the last such line is read with {@link RatingParser}; a missing answer number, a number outside 1..G or a
 * score off the scale makes the group unscorable ({@link UnscorableCompletionException}, naming the call and the
 * answer); it is never a 0.
 *
 * <p><b>Rewards.</b> Per call, each candidate's score is normalised to [0, 1] by the scale and ranked (1 = best, tied
 * scores share their mid-rank). {@link RewardKind#SCORE} (default, RULER's reward) gives each candidate its mean
 * normalised score over the calls; {@link RewardKind#RANK} gives {@code (G − meanRank) / (G − 1)}: 1 for a candidate
 * ranked first in every call, 0 for one always last. {@link #scoreAll} returns these per-group rewards (the
 * optimizers' GRPO/RLOO call it once per group); {@link GroupJudgement#toRanking} gives the cancelled order as core's
 * {@code Ranking} for Plackett–Luce objectives.
 *
 * <p>Thread-safe; the generator is shared under a lock (as in feedback's judge), so a seeded judge that judges the
 * same groups in the same order makes the same calls. Failures of the chat model propagate unchanged.
 *
 * <p><b>Abstention.</b> As an {@link AbstainingRewardModel}, {@link #scoreAllOrAbstain} answers NaN for every
 * candidate of a group whose judge answer cannot be read (the group is judged as a whole, so the whole group abstains;
 * logged at WARN with the reason): GRPO and RLOO then leave the group out of the step instead of failing the step
 * ({@link #scoreAll} throws) or training on made-up scores.
 */
public final class GroupwiseJudgeReward implements AbstainingRewardModel {
  private static final Logger LOG = LoggerFactory.getLogger(GroupwiseJudgeReward.class);

  /** What the per-candidate reward is made of. */
  public enum RewardKind {
    /** The mean normalised score over the calls (RULER's reward). */
    SCORE,
    /** {@code (G − meanRank) / (G − 1)}, from the mean rank over the calls. */
    RANK
  }

  /** RULER's grading standards (OpenPipe ART's default rubric), reworded for single answers. */
  public static final String DEFAULT_STANDARDS =
      "- An answer that achieves the user's goal must score clearly higher than one that does not.\n"
          + "- Between answers that achieve it, the more direct and efficient one scores higher.\n"
          + "- If one answer is only slightly better than another, their scores differ only slightly; if it is much"
          + " better, they differ a lot.\n"
          + "- Partial progress towards the goal earns partial credit.";

  /**
   * The default instructions; placeholders {@code {n}}, {@code {min}}, {@code {max}}, {@code {standards}},
   * {@code {question}} and {@code {answers}}.
   */
  public static final String DEFAULT_TEMPLATE =
      "You are an impartial judge. All {n} answers below respond to the same question. Consider each of them and"
          + " give each a score from {min} to {max}, judging them relative to each other.\n\n"
          + "Grading standards:\n{standards}\n\n[Question]\n{question}\n\n{answers}\n\n"
          + "Write one line per answer, for every answer from 1 to {n}, in exactly this format: Answer n: [[score]]"
          + " short explanation.";

  private static final Pattern LINE =
      Pattern.compile(
          "^[\\s*_`#>\\-]*answer[\\s*_`]*(\\d+)[\\s*_`]*:(.*)$",
          Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

  private final ChatModel model;
  private final RatingScale scale;
  private final String template;
  private final String standards;
  private final RewardKind kind;
  private final @Nullable Integer calls;
  private final int maxTokensPerCandidate;
  private final RandomGenerator random;
  private final RatingParser parser;

  private GroupwiseJudgeReward(Builder b) {
    this.model = b.model;
    this.scale = b.scale;
    this.template = b.template;
    this.standards = b.standards;
    this.kind = b.kind;
    this.calls = b.calls;
    this.maxTokensPerCandidate = b.maxTokensPerCandidate;
    this.random = b.random;
    this.parser = new RatingParser(scale);
  }

  /** A builder for a judge on {@code model}. */
  public static Builder builder(ChatModel model) {
    return new Builder(model);
  }

  /**
   * Judges the group: {@link Builder#calls} calls in shuffled, rotated orders, averaged by candidate.
   *
   * @throws UnscorableCompletionException when a call's answer does not score every candidate on the scale
   * @throws IllegalArgumentException for an empty group, or a group of one with {@link RewardKind#RANK}
   */
  public GroupJudgement judgeGroup(Prompt prompt, List<Completion> candidates) {
    Require.nonNull("prompt", prompt);
    Require.nonNull("candidates", candidates);
    int g = candidates.size();
    Require.argument(g >= 1, "candidates must hold at least 1 completion, had 0");
    Require.argument(
        kind != RewardKind.RANK || g >= 2,
        "candidates must hold at least 2 completions for RewardKind.RANK, had %d",
        g);
    for (int i = 0; i < g; i++) {
      Require.nonNull("candidates[" + i + "]", candidates.get(i));
    }
    List<List<Integer>> orders = orders(g);
    List<GroupJudgement.Call> made = new ArrayList<>();
    double[] meanScores = new double[g];
    double[] meanRanks = new double[g];
    for (int c = 0; c < orders.size(); c++) {
      List<Integer> shown = orders.get(c);
      String text = render(prompt, candidates, shown);
      ChatResponse response =
          model.chat(ChatRequest.of(List.of(Message.user(text)), maxTokensPerCandidate * g));
      if (response == null) {
        throw new UnscorableCompletionException(
            new JudgeScore.Unscorable(
                "call "
                    + (c + 1)
                    + " of "
                    + orders.size()
                    + ": the chat model returned no response",
                ""));
      }
      double[] scores = parse(response.text(), shown, c, orders.size());
      double[] ranks = midRanks(scores);
      for (int i = 0; i < g; i++) {
        meanScores[i] += scores[i] / orders.size();
        meanRanks[i] += ranks[i] / orders.size();
      }
      made.add(new GroupJudgement.Call(shown, scores, response.text()));
    }
    double[] rewards = new double[g];
    for (int i = 0; i < g; i++) {
      rewards[i] = kind == RewardKind.SCORE ? meanScores[i] : (g - meanRanks[i]) / (g - 1);
    }
    return new GroupJudgement(prompt, candidates, made, meanScores, meanRanks, rewards);
  }

  /**
   * The per-group rewards ({@link GroupJudgement#rewards}), in the caller's order.
   *
   * @throws UnscorableCompletionException when the judge's answer cannot be read
   */
  @Override
  public double[] scoreAll(Prompt prompt, List<Completion> completions) {
    return judgeGroup(prompt, completions).rewards();
  }

  /**
   * The per-group rewards, or {@link AbstainingRewardModel#ABSTAINED} for every candidate when a judge answer of the
   * group cannot be read. Failures of the chat model itself propagate.
   */
  @Override
  public double[] scoreAllOrAbstain(Prompt prompt, List<Completion> completions) {
    try {
      return scoreAll(prompt, completions);
    } catch (UnscorableCompletionException e) {
      LOG.warn("groupwise judge abstains on a group of {}: {}", completions.size(), e.getMessage());
      double[] out = new double[completions.size()];
      Arrays.fill(out, ABSTAINED);
      return out;
    }
  }

  /** {@link #score}, or {@link AbstainingRewardModel#ABSTAINED} when the judge's answer cannot be read. */
  @Override
  public double scoreOrAbstain(Prompt prompt, Completion completion) {
    return scoreAllOrAbstain(prompt, List.of(Require.nonNull("completion", completion)))[0];
  }

  /**
   * A group of one: the candidate's mean score in {@link RewardKind#SCORE} (RULER falls back to such an absolute
   * score); refused in {@link RewardKind#RANK}. Prefer {@link #scoreAll}: a groupwise judge's rewards are relative.
   */
  @Override
  public double score(Prompt prompt, Completion completion) {
    return judgeGroup(prompt, List.of(Require.nonNull("completion", completion))).rewards()[0];
  }

  /** The message sent to the judge when {@code candidates} are shown in {@code shownOrder}. */
  public String render(Prompt prompt, List<Completion> candidates, List<Integer> shownOrder) {
    StringBuilder answers = new StringBuilder();
    for (int p = 0; p < shownOrder.size(); p++) {
      if (p > 0) {
        answers.append("\n\n");
      }
      answers
          .append("[Answer ")
          .append(p + 1)
          .append("]\n")
          .append(candidates.get(shownOrder.get(p)).text())
          .append("\n[End of answer ")
          .append(p + 1)
          .append(']');
    }
    // answers last: a candidate that contains a placeholder stays as written
    return template
        .replace("{n}", Integer.toString(shownOrder.size()))
        .replace("{min}", fmt(scale.min()))
        .replace("{max}", fmt(scale.max()))
        .replace("{standards}", standards)
        .replace("{question}", prompt.text())
        .replace("{answers}", answers);
  }

  private double[] parse(String answer, List<Integer> shown, int call, int totalCalls) {
    int g = shown.size();
    String[] rest = new String[g];
    Matcher m = LINE.matcher(answer);
    while (m.find()) {
      int n;
      try {
        n = Integer.parseInt(m.group(1));
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n < 1 || n > g) {
        throw unscorable(
            call, totalCalls, "answer number " + m.group(1) + " is outside 1.." + g, answer);
      }
      rest[n - 1] = m.group(2);
    }
    double[] scores = new double[g];
    for (int p = 0; p < g; p++) {
      if (rest[p] == null) {
        throw unscorable(call, totalCalls, "no line \"Answer " + (p + 1) + ": [[score]]\"", answer);
      }
      JudgeScore s = parser.parse(rest[p]);
      if (s instanceof JudgeScore.Unscorable) {
        throw unscorable(
            call,
            totalCalls,
            "answer " + (p + 1) + ": " + ((JudgeScore.Unscorable) s).reason(),
            answer);
      }
      scores[shown.get(p)] = scale.normalize(((JudgeScore.Scored) s).value());
    }
    return scores;
  }

  private static UnscorableCompletionException unscorable(
      int call, int total, String why, String answer) {
    return new UnscorableCompletionException(
        new JudgeScore.Unscorable("call " + (call + 1) + " of " + total + ": " + why, answer));
  }

  /** Ranks 1..G by descending score; tied scores share the mean of the ranks they span. */
  static double[] midRanks(double[] scores) {
    int g = scores.length;
    Integer[] idx = new Integer[g];
    for (int i = 0; i < g; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
    double[] ranks = new double[g];
    int start = 0;
    while (start < g) {
      int end = start;
      while (end + 1 < g && scores[idx[end + 1]] == scores[idx[start]]) {
        end++;
      }
      double mid = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[idx[k]] = mid;
      }
      start = end + 1;
    }
    return ranks;
  }

  private List<List<Integer>> orders(int g) {
    int k = calls != null ? calls : g;
    List<List<Integer>> out = new ArrayList<>(k);
    int[] base = new int[g];
    synchronized (random) {
      for (int c = 0; c < k; c++) {
        int rotation = c % g;
        if (rotation == 0) {
          for (int i = 0; i < g; i++) {
            base[i] = i;
          }
          for (int i = g - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = base[i];
            base[i] = base[j];
            base[j] = t;
          }
        }
        List<Integer> order = new ArrayList<>(g);
        for (int p = 0; p < g; p++) {
          order.add(base[(p + rotation) % g]);
        }
        out.add(List.copyOf(order));
      }
    }
    return out;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  @Override
  public String toString() {
    return "GroupwiseJudgeReward[" + model.modelId() + ", " + kind + "]";
  }

  /** Configures a {@link GroupwiseJudgeReward}. */
  public static final class Builder {
    private final ChatModel model;
    private RatingScale scale = RatingScale.UNIT;
    private String template = DEFAULT_TEMPLATE;
    private String standards = DEFAULT_STANDARDS;
    private RewardKind kind = RewardKind.SCORE;
    private @Nullable Integer calls;
    private int maxTokensPerCandidate = 128;
    private RandomGenerator random = new SplittableRandom(42);

    private Builder(ChatModel model) {
      this.model = Require.nonNull("model", model);
    }

    /** The score scale; default 0–1 (RULER's). */
    public Builder scale(RatingScale scale) {
      this.scale = Require.nonNull("scale", scale);
      return this;
    }

    /** The instructions; must contain {@code {answers}}; default {@link #DEFAULT_TEMPLATE}. */
    public Builder template(String template) {
      Require.nonBlank("template", template);
      Require.argument(
          template.contains("{answers}"),
          "template must contain {answers}, was \"%s\"",
          Require.abbreviate(template, 60));
      this.template = template;
      return this;
    }

    /** The grading standards put in {@code {standards}}; default {@link #DEFAULT_STANDARDS} (RULER's, reworded). */
    public Builder standards(String standards) {
      this.standards = Require.nonBlank("standards", standards);
      return this;
    }

    /** What the reward is made of; default {@link RewardKind#SCORE} (RULER's). */
    public Builder rewardKind(RewardKind kind) {
      this.kind = Require.nonNull("kind", kind);
      return this;
    }

    /**
     * Judge calls per group, in shuffled and rotated orders; default G (one full Latin square, so a purely positional
     * effect cancels exactly). 1 is RULER's single call (no cancellation, and in a single call the position bias
     * cannot be told from quality).
     */
    public Builder calls(int calls) {
      this.calls = Require.positive("calls", calls);
      return this;
    }

    /** The judge's token budget per candidate (the request allows G times this); default 128. */
    public Builder maxTokensPerCandidate(int tokens) {
      this.maxTokensPerCandidate = Require.positive("tokens", tokens);
      return this;
    }

    /** The generator of the shown orders; default {@code new SplittableRandom(42)}. */
    public Builder random(RandomGenerator random) {
      this.random = Require.nonNull("random", random);
      return this;
    }

    /** Builds the judge. */
    public GroupwiseJudgeReward build() {
      return new GroupwiseJudgeReward(this);
    }
  }
}
