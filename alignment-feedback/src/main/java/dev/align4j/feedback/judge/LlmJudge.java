package dev.align4j.feedback.judge;

import dev.align4j.core.FeedbackKind;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.FeedbackSource;
import dev.align4j.core.check.Require;
import dev.align4j.core.label.BinaryLabel;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.label.Outcome;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Presentation;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.label.Ranking;
import dev.align4j.core.label.Rating;
import dev.align4j.core.label.RatingScale;
import dev.align4j.core.label.SourceKind;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.text.Completion;
import dev.align4j.feedback.constitution.Constitution;
import dev.align4j.feedback.constitution.Principle;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An AI judge (RLAIF / LLM-as-a-judge) over any {@link ChatModel}, answering all four {@link FeedbackKind}s.
 *
 * <ul>
 *   <li><b>Pairwise:</b> judged in both presentation orders (A first, then B first) and combined by
 *       {@link OrderCombination} (RLAIF soft average by default, or MT-Bench's consistent-win rule). The soft label
 *       of each order is the normalised probability of the answer tokens {@code "1"}/{@code "2"} when the endpoint
 *       returns log-probabilities (CAI, RLAIF), else the hard verdict (1, 0 or ½). Both orders' verdicts, their soft
 *       labels and whether they agree are written to provenance ({@link JudgeAttributes}).
 *   <li><b>Ranking:</b> judged in the given and the reversed order; positions are averaged (Borda), ties broken by the
 *       first call; consistent when both orders agree.
 *   <li><b>Rating:</b> one call; with log-probabilities the value is the expected score {@code Σ s·P(s)} over the
 *       integer score tokens in the scale (d-RLAIF), else the parsed score.
 *   <li><b>Binary:</b> one call; p(yes) from log-probabilities when available.
 * </ul>
 *
 * <p>With a {@link Constitution}, one principle is sampled per request (both orders use the same one) from the seeded
 * generator and recorded as the label's {@code principleId}. With a reference answer in the request the judgement is
 * reference-guided (MT-Bench). Candidates that look like prompt injection are flagged ({@link InjectionScreen}).
 * An answer without a well-formed verdict fails the request with {@link UnparseableVerdictException} — it is never
 * guessed.
 *
 * <p>Threads: model calls run on the {@link Builder#executor} (default: the calling thread); none are created here.
 */
public final class LlmJudge implements FeedbackSource {
  private static final List<String> PAIR_LABELS = List.of("1", "2");
  private static final List<String> BINARY_LABELS = List.of("yes", "no");

  private final ChatModel model;
  private final JudgeTemplate template;
  private final String templateHash;
  private final OrderCombination combination;
  private final @Nullable Constitution constitution;
  private final RandomGenerator random;
  private final Clock clock;
  private final Executor executor;
  private final int topLogProbs;
  private final int maxTokens;
  private final @Nullable String version;
  private final InjectionScreen screen;
  private final double clampLow;
  private final double clampHigh;

  private LlmJudge(Builder b) {
    this.model = Require.nonNull("model", b.model);
    this.template = b.template;
    this.templateHash = b.template.hash();
    this.combination = b.combination;
    this.constitution = b.constitution;
    this.random = b.random;
    this.clock = b.clock;
    this.executor = b.executor;
    this.topLogProbs = b.topLogProbs;
    this.maxTokens = b.maxTokens > 0 ? b.maxTokens : (b.template.chainOfThought() ? 768 : 16);
    this.version = b.version;
    this.screen = b.screen;
    this.clampLow = b.clampLow;
    this.clampHigh = b.clampHigh;
  }

  /** A builder; {@link Builder#model} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The judge's model id. */
  public String modelId() {
    return model.modelId();
  }

  @Override
  public CompletionStage<Feedback> request(FeedbackRequest request) {
    Require.nonNull("request", request);
    Principle principle;
    String nonce;
    synchronized (random) {
      principle = constitution == null ? null : constitution.sample(random);
      nonce = Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
    }
    Call call = new Call(request, principle, nonce);
    switch (request.kind()) {
      case PAIRWISE:
        return pairwise(call);
      case RANKING:
        return ranking(call);
      case RATING:
        return rating(call);
      default:
        return binary(call);
    }
  }

  private final class Call {
    final FeedbackRequest request;
    final @Nullable Principle principle;
    final String nonce;
    final List<Integer> flagged = new ArrayList<>();

    Call(FeedbackRequest request, @Nullable Principle principle, String nonce) {
      this.request = request;
      this.principle = principle;
      this.nonce = nonce;
      for (int i = 0; i < request.candidates().size(); i++) {
        if (screen.flags(request.candidates().get(i).text())) {
          flagged.add(i);
        }
      }
    }

    CompletableFuture<ChatResponse> ask(List<Completion> shown) {
      List<String> texts = shown.stream().map(Completion::text).collect(Collectors.toList());
      ChatRequest cr = new ChatRequest(
          template.render(request.kind(), principle, request.prompt().text(), texts, request.reference(),
              request.scale(), nonce),
          0.0, maxTokens, topLogProbs, null, List.of());
      return model.chatAsync(cr, executor).toCompletableFuture();
    }

    Provenance provenance(Map<String, String> extra) {
      Map<String, String> attrs = new TreeMap<>(extra);
      attrs.put(JudgeAttributes.TEMPLATE_HASH, templateHash);
      attrs.put(JudgeAttributes.INJECTION_FLAGGED, String.valueOf(!flagged.isEmpty()));
      if (!flagged.isEmpty()) {
        attrs.put(JudgeAttributes.INJECTION_CANDIDATES,
            flagged.stream().map(String::valueOf).collect(Collectors.joining(",")));
      }
      if (request.reference() != null) {
        attrs.put(JudgeAttributes.REFERENCE_GUIDED, "true");
      }
      if (constitution != null) {
        attrs.put(JudgeAttributes.CONSTITUTION_VERSION, constitution.version());
      }
      return new Provenance(SourceKind.AI, model.modelId(), version, principle == null ? null : principle.id(),
          clock.instant(), attrs);
    }
  }

  /** One presentation order's verdict: verdict 1/2/0 over shown positions, p(first shown better). */
  private static final class OrderVerdict {
    final int verdict;
    final double pFirst;
    final boolean fromLogProbs;
    final String text;

    OrderVerdict(int verdict, double pFirst, boolean fromLogProbs, String text) {
      this.verdict = verdict;
      this.pFirst = pFirst;
      this.fromLogProbs = fromLogProbs;
      this.text = text;
    }
  }

  private OrderVerdict pairVerdict(ChatResponse r) {
    int v = VerdictParser.pairwise(r.text());
    if (v == 0) {
      return new OrderVerdict(0, 0.5, false, r.text());
    }
    double[] p = r.hasLogProbs() ? AnswerTokenProbabilities.distribution(r.tokens(), PAIR_LABELS) : null;
    double pFirst = p != null ? p[0] : (v == 1 ? 1.0 : 0.0);
    if (template.chainOfThought()) {
      pFirst = Math.max(clampLow, Math.min(clampHigh, pFirst));
    }
    return new OrderVerdict(v, pFirst, p != null, r.text());
  }

  private CompletionStage<Feedback> pairwise(Call call) {
    Completion a = call.request.candidates().get(0);
    Completion b = call.request.candidates().get(1);
    CompletableFuture<ChatResponse> aFirst = call.ask(List.of(a, b));
    CompletableFuture<ChatResponse> bFirst = call.ask(List.of(b, a));
    return aFirst.thenCombine(bFirst, (r1, r2) -> {
      OrderVerdict o1 = pairVerdict(r1);
      OrderVerdict o2 = pairVerdict(r2);
      Outcome v1 = o1.verdict == 1 ? Outcome.A : o1.verdict == 2 ? Outcome.B : Outcome.TIE;
      Outcome v2 = o2.verdict == 1 ? Outcome.B : o2.verdict == 2 ? Outcome.A : Outcome.TIE;
      double pA1 = o1.pFirst;
      double pA2 = 1.0 - o2.pFirst;
      double pA = 0.5 * (pA1 + pA2);
      boolean consistent = v1 == v2;
      Outcome outcome;
      if (combination == OrderCombination.CONSISTENT_WIN) {
        outcome = consistent ? v1 : Outcome.TIE;
      } else {
        outcome = pA > 0.5 ? Outcome.A : pA < 0.5 ? Outcome.B : Outcome.TIE;
      }
      Map<String, String> attrs = new TreeMap<>();
      attrs.put(JudgeAttributes.ORDER_CONSISTENT, String.valueOf(consistent));
      attrs.put(JudgeAttributes.VERDICT_A_FIRST, v1.name());
      attrs.put(JudgeAttributes.VERDICT_B_FIRST, v2.name());
      attrs.put(JudgeAttributes.P_A_FIRST, fmt(pA1));
      attrs.put(JudgeAttributes.P_B_FIRST, fmt(pA2));
      attrs.put(JudgeAttributes.SOFT_LABEL_SOURCE, o1.fromLogProbs && o2.fromLogProbs ? "logprobs" : "verdict");
      rationale(attrs, o1.text);
      return new PairwiseComparison(call.request.prompt(), a, b, outcome, pA, null, Presentation.BOTH_ORDERS,
          call.provenance(attrs));
    });
  }

  private CompletionStage<Feedback> ranking(Call call) {
    List<Completion> cs = call.request.candidates();
    int k = cs.size();
    List<Completion> reversed = new ArrayList<>(cs);
    Collections.reverse(reversed);
    CompletableFuture<ChatResponse> fwd = call.ask(cs);
    CompletableFuture<ChatResponse> rev = call.ask(reversed);
    return fwd.thenCombine(rev, (r1, r2) -> {
      List<Integer> o1 = VerdictParser.ranking(r1.text(), k);
      List<Integer> o2 = VerdictParser.ranking(r2.text(), k).stream().map(i -> k - 1 - i).collect(Collectors.toList());
      double[] pos = new double[k];
      for (int r = 0; r < k; r++) {
        pos[o1.get(r)] += r;
        pos[o2.get(r)] += r;
      }
      List<Integer> order = new ArrayList<>();
      for (int i = 0; i < k; i++) {
        order.add(i);
      }
      order.sort(Comparator.<Integer>comparingDouble(i -> pos[i]).thenComparingInt(o1::indexOf));
      Map<String, String> attrs = new TreeMap<>();
      attrs.put(JudgeAttributes.ORDER_CONSISTENT, String.valueOf(o1.equals(o2)));
      attrs.put("order_forward", join(o1));
      attrs.put("order_reversed", join(o2));
      rationale(attrs, r1.text());
      return new Ranking(call.request.prompt(), cs, order, call.provenance(attrs));
    });
  }

  private CompletionStage<Feedback> rating(Call call) {
    RatingScale scale = Require.nonNull("scale", call.request.scale());
    Completion c = call.request.candidates().get(0);
    return call.ask(List.of(c)).thenApply(r -> {
      double parsed = VerdictParser.score(r.text(), scale.min(), scale.max());
      Map<String, String> attrs = new TreeMap<>();
      attrs.put(JudgeAttributes.ORDER_CONSISTENT, "true");
      double value = parsed;
      Double expected = r.hasLogProbs() ? expectedScore(r, scale) : null;
      if (expected != null) {
        value = Math.max(scale.min(), Math.min(scale.max(), expected));
        attrs.put(JudgeAttributes.EXPECTED_SCORE, fmt(expected));
      }
      attrs.put("parsed_score", fmt(parsed));
      attrs.put(JudgeAttributes.SOFT_LABEL_SOURCE, expected != null ? "logprobs" : "verdict");
      rationale(attrs, r.text());
      return new Rating(call.request.prompt(), c, value, scale, call.provenance(attrs));
    });
  }

  private static @Nullable Double expectedScore(ChatResponse r, RatingScale scale) {
    if (scale.min() != Math.rint(scale.min()) || scale.max() != Math.rint(scale.max())
        || scale.max() - scale.min() > 100) {
      return null;
    }
    List<String> labels = new ArrayList<>();
    for (long s = (long) scale.min(); s <= (long) scale.max(); s++) {
      labels.add(Long.toString(s));
    }
    double[] p = AnswerTokenProbabilities.distribution(r.tokens(), labels);
    if (p == null) {
      return null;
    }
    double e = 0;
    for (int i = 0; i < p.length; i++) {
      e += p[i] * (scale.min() + i);
    }
    return e;
  }

  private CompletionStage<Feedback> binary(Call call) {
    Completion c = call.request.candidates().get(0);
    return call.ask(List.of(c)).thenApply(r -> {
      boolean yes = VerdictParser.binary(r.text());
      double[] p = r.hasLogProbs() ? AnswerTokenProbabilities.distribution(r.tokens(), BINARY_LABELS) : null;
      Map<String, String> attrs = new TreeMap<>();
      attrs.put(JudgeAttributes.ORDER_CONSISTENT, "true");
      attrs.put(JudgeAttributes.P_DESIRABLE, fmt(p != null ? p[0] : (yes ? 1.0 : 0.0)));
      attrs.put(JudgeAttributes.SOFT_LABEL_SOURCE, p != null ? "logprobs" : "verdict");
      rationale(attrs, r.text());
      return new BinaryLabel(call.request.prompt(), c, yes, call.provenance(attrs));
    });
  }

  private void rationale(Map<String, String> attrs, String text) {
    if (template.chainOfThought()) {
      attrs.put(JudgeAttributes.RATIONALE, Require.abbreviate(text.strip(), 2000));
    }
  }

  private static String join(List<Integer> xs) {
    return xs.stream().map(String::valueOf).collect(Collectors.joining(">"));
  }

  static String fmt(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  @Override
  public String toString() {
    return "LlmJudge[model=" + model.modelId() + ", combination=" + combination + ", template=" + templateHash + "]";
  }

  /** Configures an {@link LlmJudge}. */
  public static final class Builder {
    private @Nullable ChatModel model;
    private JudgeTemplate template = JudgeTemplate.standard();
    private OrderCombination combination = OrderCombination.SOFT_AVERAGE;
    private @Nullable Constitution constitution;
    private RandomGenerator random = new SplittableRandom(0);
    private Clock clock = Clock.systemUTC();
    private Executor executor = Runnable::run;
    private int topLogProbs = 5;
    private int maxTokens;
    private @Nullable String version;
    private InjectionScreen screen = InjectionScreen.standard();
    private double clampLow = 0.0;
    private double clampHigh = 1.0;

    private Builder() {}

    /** The chat model that judges (required). */
    public Builder model(ChatModel m) {
      this.model = Require.nonNull("model", m);
      return this;
    }

    /** The prompt template (default {@link JudgeTemplate#standard()}). */
    public Builder template(JudgeTemplate t) {
      this.template = Require.nonNull("template", t);
      return this;
    }

    /** How the two orders combine (default {@link OrderCombination#SOFT_AVERAGE}, as in RLAIF). */
    public Builder combination(OrderCombination c) {
      this.combination = Require.nonNull("combination", c);
      return this;
    }

    /** Principles to sample per comparison (default none: the template's default criterion). */
    public Builder constitution(Constitution c) {
      this.constitution = Require.nonNull("constitution", c);
      return this;
    }

    /** Seeded source for principle sampling and marker nonces (default {@code new SplittableRandom(0)}). */
    public Builder random(RandomGenerator r) {
      this.random = Require.nonNull("random", r);
      return this;
    }

    /** Time source for provenance (default UTC system clock). */
    public Builder clock(Clock c) {
      this.clock = Require.nonNull("clock", c);
      return this;
    }

    /** Where model calls run (default: the calling thread); give a pool to judge both orders concurrently. */
    public Builder executor(Executor e) {
      this.executor = Require.nonNull("executor", e);
      return this;
    }

    /** Top log-probs asked for per token, 0..20 (default 5; 0 turns soft labels from log-probs off). */
    public Builder topLogProbs(int k) {
      this.topLogProbs = Require.inClosedRange("topLogProbs", k, 0, 20);
      return this;
    }

    /** Token budget per call (default 16, or 768 with chain-of-thought). */
    public Builder maxTokens(int n) {
      this.maxTokens = Require.positive("maxTokens", n);
      return this;
    }

    /** The judge's version for provenance (pin it: vendors update models). */
    public Builder version(String v) {
      this.version = Require.nonBlank("version", v);
      return this;
    }

    /** The injection screen (default {@link InjectionScreen#standard()}). */
    public Builder injectionScreen(InjectionScreen s) {
      this.screen = Require.nonNull("injectionScreen", s);
      return this;
    }

    /**
     * With chain-of-thought, clamp each order's soft label into {@code [low, high]}; Constitutional AI uses
     * [0.4, 0.6] because CoT makes probabilities extreme. Default [0, 1] (no clamp): a clamp to [0.4, 0.6] caps the
     * confidence |p − ½| at 0.1, so a hybrid router with a higher threshold sends every such item to humans.
     */
    public Builder chainOfThoughtClamp(double low, double high) {
      Require.probability("low", low);
      Require.probability("high", high);
      Require.argument(low <= 0.5 && high >= 0.5, "clamp must contain 0.5, was [%s, %s]", low, high);
      this.clampLow = low;
      this.clampHigh = high;
      return this;
    }

    /** Builds the judge. */
    public LlmJudge build() {
      Require.argument(model != null, "model must be set, was null");
      return new LlmJudge(this);
    }
  }
}
