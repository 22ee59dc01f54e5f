package dev.align4j.feedback.calibration;

import dev.align4j.core.FeedbackKind;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.feedback.judge.JudgeTemplate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Re-aligns a pairwise judge from human labels: few-shot exemplars and guideline clarifications chosen from the items
 * where the judge and people disagree, applied to the judge's {@link JudgeTemplate}, and agreement measured before and
 * after on held-out items only.
 *
 * <p>Method ({@link #realign}):
 *
 * <ol>
 *   <li>every disagreement on the re-alignment set gets a {@link DisagreementCategory};
 *   <li>each category with at least {@code minDisagreements} items adds its clarification to the preamble (under
 *       "Clarifications from human review:"), most frequent first (ties in declaration order);
 *   <li>{@code shots} exemplars are drawn round-robin over the categories in the same order; within a category the
 *       items are sorted by id and shuffled with the seeded generator, so the choice is deterministic for a seed.
 *       Exemplar {@code j} shows the people's winner as response 1 when {@code j} is even and as response 2 when odd
 *       (balanced, so the shots teach no position), rendered in the template's own sample format, and answers with
 *       the people's verdict.
 * </ol>
 *
 * <p>{@link #compare} judges the held-out items with the original and the re-aligned prompt and refuses any item the
 * re-alignment used (by id, or with an exemplar's candidate texts). Defaults: 4 shots and 3 disagreements per
 * clarification (align4j's choice: one or two disagreements are anecdotes; four shots keep the prompt short), seed 0.
 */
public final class JudgeRealignment {
  /** The heading of the clarifications block in the preamble. */
  public static final String CLARIFICATIONS_HEADING = "Clarifications from human review:";

  private final int shots;
  private final int minDisagreements;
  private final long seed;

  private JudgeRealignment(Builder b) {
    this.shots = b.shots;
    this.minDisagreements = b.minDisagreements;
    this.seed = b.seed;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A split of human-labelled items into a re-alignment set and a held-out set. */
  public record Split(List<HumanLabelledPair> realign, List<HumanLabelledPair> heldOut) {
    /** Copies. */
    public Split {
      realign = List.copyOf(realign);
      heldOut = List.copyOf(heldOut);
    }
  }

  /**
   * A seeded random split: items sorted by id, shuffled, the first {@code round(fraction · n)} re-align.
   *
   * @throws IllegalArgumentException on duplicate ids or a fraction outside (0, 1)
   */
  public static Split split(
      List<HumanLabelledPair> items, double realignFraction, RandomGenerator random) {
    Require.nonNull("items", items);
    Require.inOpenRange("realignFraction", realignFraction, 0, 1);
    Require.nonNull("random", random);
    List<HumanLabelledPair> sorted = new ArrayList<>(items);
    sorted.sort(Comparator.comparing(HumanLabelledPair::id));
    for (int i = 1; i < sorted.size(); i++) {
      Require.argument(
          !sorted.get(i).id().equals(sorted.get(i - 1).id()),
          "items must have distinct ids, %s repeats",
          sorted.get(i).id());
    }
    shuffle(sorted, random);
    int k = (int) Math.round(realignFraction * sorted.size());
    return new Split(sorted.subList(0, k), sorted.subList(k, sorted.size()));
  }

  /**
   * Judges every item with {@code judge} (calls in order; each label must answer its request and be pairwise).
   *
   * @throws java.util.concurrent.CompletionException when a judge call fails (the cause is the judge's failure)
   */
  public static List<JudgedPair> judge(FeedbackSource judge, List<HumanLabelledPair> items) {
    Require.nonNull("judge", judge);
    Require.nonNull("items", items);
    List<CompletableFuture<Feedback>> calls = new ArrayList<>();
    for (HumanLabelledPair item : items) {
      calls.add(judge.request(item.request()).toCompletableFuture());
    }
    List<JudgedPair> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      HumanLabelledPair item = items.get(i);
      Feedback f = calls.get(i).join();
      item.request().requireAnsweredBy(f);
      Require.argument(
          f instanceof PairwiseComparison,
          "judge label for %s must be a PairwiseComparison, was %s",
          item.id(),
          f.getClass().getSimpleName());
      out.add(new JudgedPair(item.id(), (PairwiseComparison) f, item.human()));
    }
    return out;
  }

  /** Chooses clarifications and exemplars from the disagreements in {@code judged} and applies them to {@code base}. */
  public Realignment realign(JudgeTemplate base, List<JudgedPair> judged) {
    Require.nonNull("base", base);
    Require.nonNull("judged", judged);
    Map<DisagreementCategory, List<JudgedPair>> byCategory =
        new EnumMap<>(DisagreementCategory.class);
    Set<String> used = new HashSet<>();
    for (JudgedPair p : judged) {
      Require.argument(used.add(p.id()), "judged must have distinct ids, %s repeats", p.id());
      if (!p.agrees()) {
        byCategory
            .computeIfAbsent(DisagreementCategory.of(p.judge(), p.human()), c -> new ArrayList<>())
            .add(p);
      }
    }
    List<DisagreementCategory> order = new ArrayList<>(byCategory.keySet());
    order.sort(
        Comparator.<DisagreementCategory>comparingInt(c -> -byCategory.get(c).size())
            .thenComparing(Comparator.naturalOrder()));
    List<String> clarifications = new ArrayList<>();
    Map<DisagreementCategory, Integer> counts = new EnumMap<>(DisagreementCategory.class);
    RandomGenerator random = new SplittableRandom(seed);
    List<List<JudgedPair>> pools = new ArrayList<>();
    for (DisagreementCategory c : order) {
      List<JudgedPair> pool = new ArrayList<>(byCategory.get(c));
      counts.put(c, pool.size());
      if (pool.size() >= minDisagreements && !c.clarification().isEmpty()) {
        clarifications.add(c.clarification());
      }
      pool.sort(Comparator.comparing(JudgedPair::id));
      shuffle(pool, random);
      pools.add(pool);
    }
    List<JudgeTemplate.Exemplar> exemplars = new ArrayList<>();
    List<String> exemplarIds = new ArrayList<>();
    for (int round = 0; exemplars.size() < shots; round++) {
      boolean any = false;
      for (List<JudgedPair> pool : pools) {
        if (round < pool.size() && exemplars.size() < shots) {
          JudgedPair p = pool.get(round);
          exemplars.add(exemplar(base, p, exemplars.size()));
          exemplarIds.add(p.id());
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    String preamble = base.preamble();
    if (!clarifications.isEmpty()) {
      StringBuilder sb = new StringBuilder(preamble).append("\n\n").append(CLARIFICATIONS_HEADING);
      for (String c : clarifications) {
        sb.append("\n- ").append(c);
      }
      preamble = sb.toString();
    }
    List<JudgeTemplate.Exemplar> allShots = new ArrayList<>(base.exemplars());
    allShots.addAll(exemplars);
    JudgeTemplate template = new JudgeTemplate(preamble, allShots, base.chainOfThought());
    return new Realignment(template, clarifications, exemplars, exemplarIds, counts, used);
  }

  /** One exemplar: the people's winner first when {@code j} is even, second when odd; the people's verdict. */
  private static JudgeTemplate.Exemplar exemplar(JudgeTemplate base, JudgedPair p, int j) {
    PairwiseComparison l = p.judge();
    Completion winner = p.human() == Outcome.A ? l.a() : l.b();
    Completion loser = p.human() == Outcome.A ? l.b() : l.a();
    boolean winnerFirst = j % 2 == 0;
    List<String> shown =
        winnerFirst ? List.of(winner.text(), loser.text()) : List.of(loser.text(), winner.text());
    List<Message> rendered =
        base.render(
            FeedbackKind.PAIRWISE, null, l.prompt().text(), shown, null, null, "example" + (j + 1));
    String user = rendered.get(rendered.size() - 1).content();
    String verdict = "Verdict: " + (winnerFirst ? "1" : "2");
    String answer =
        base.chainOfThought()
            ? "People who reviewed this pair preferred response "
                + (winnerFirst ? "1" : "2")
                + ".\n"
                + verdict
            : verdict;
    return new JudgeTemplate.Exemplar(user, answer);
  }

  /**
   * Agreement on {@code heldOut} of the judge built from {@code before} and of the judge built from the re-aligned
   * template, each calibrated with {@code calibrator}.
   *
   * @param judgeFor makes a judge from a template (e.g. {@code t -> LlmJudge.builder().model(m).template(t).build()})
   * @throws IllegalArgumentException when a held-out item was used by the re-alignment (same id, or an exemplar's
   *     candidate texts)
   */
  public static RealignmentResult compare(
      Function<JudgeTemplate, FeedbackSource> judgeFor,
      JudgeTemplate before,
      Realignment realignment,
      List<HumanLabelledPair> heldOut,
      JudgeCalibrator calibrator,
      String judgeName) {
    Require.nonNull("judgeFor", judgeFor);
    Require.nonNull("before", before);
    Require.nonNull("realignment", realignment);
    Require.nonNull("heldOut", heldOut);
    Require.nonNull("calibrator", calibrator);
    for (HumanLabelledPair item : heldOut) {
      Require.argument(
          !realignment.usedIds().contains(item.id()),
          "heldOut must not contain items used to re-align, %s was used",
          item.id());
      for (JudgeTemplate.Exemplar e : realignment.exemplars()) {
        String a = "\n" + item.request().candidates().get(0).text() + "\n";
        String b = "\n" + item.request().candidates().get(1).text() + "\n";
        Require.argument(
            !(e.user().contains(a) && e.user().contains(b)),
            "heldOut must not contain items used to re-align, %s repeats an exemplar's candidates",
            item.id());
      }
    }
    CalibrationReport b = calibrator.calibrate(judgeName, judge(judgeFor.apply(before), heldOut));
    CalibrationReport a =
        calibrator.calibrate(judgeName, judge(judgeFor.apply(realignment.template()), heldOut));
    return new RealignmentResult(b, a);
  }

  private static <T> void shuffle(List<T> xs, RandomGenerator random) {
    for (int i = xs.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      T t = xs.get(i);
      xs.set(i, xs.get(j));
      xs.set(j, t);
    }
  }

  /** Configures a {@link JudgeRealignment}. */
  public static final class Builder {
    private int shots = 4;
    private int minDisagreements = 3;
    private long seed;

    private Builder() {}

    /** Few-shot exemplars to add (default 4; 0 adds clarifications only). */
    public Builder shots(int n) {
      this.shots = Require.inClosedRange("shots", n, 0, 64);
      return this;
    }

    /** Disagreements of a category needed for its clarification (default 3). */
    public Builder minDisagreements(int n) {
      this.minDisagreements = Require.positive("minDisagreements", n);
      return this;
    }

    /** Seed of the exemplar draw (default 0). */
    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    /** Builds it. */
    public JudgeRealignment build() {
      return new JudgeRealignment(this);
    }
  }
}
