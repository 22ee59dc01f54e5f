package dev.align4j.langchain4j;

import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * A LangChain4j {@link ChatModel} decorator: best-of-n sampling (rejection sampling with a reward model, as in WebGPT
 * and Llama 2). Each call sends the same request to the wrapped model n times, scores the n answers with an align4j
 * {@link RewardModel} (one {@link RewardModel#scoreAll} call, the prompt being the request's conversation) and returns
 * the answer with the highest reward; {@link BestOfNMetadata} in the response's metadata holds every score.
 *
 * <ul>
 *   <li><b>n</b> defaults to 4. Best-of-n moves the answer distribution away from the model's by
 *       {@code KL = log n − (n − 1)/n} nats (Stiennon et al. 2020; Gao et al. 2023, "Scaling laws for reward model
 *       overoptimization"): 0.64 nats at n = 4, where a learned reward's gains still track the true ones, at four
 *       times the cost of one call; n = 16 (1.8 nats) is where Gao et al. see proxy rewards of small reward models
 *       start to overstate. Raise it for a strong reward model.
 *   <li><b>Diversity</b> comes from the request's sampling settings: at temperature 0 a provider returns (nearly) the
 *       same answer n times and the decorator only costs n calls.
 *   <li><b>Ties</b> (equal rewards) are broken by the seeded generator ({@link Builder#random}, default
 *       {@code SplittableRandom(0)}), drawn only when there is a tie: the same seed and the same scores pick the
 *       same answer.
 *   <li><b>Calls</b> run on {@link Builder#executor} (default: one after another on the calling thread); pass a
 *       pool to sample concurrently. Any failed call fails the whole call (the first failure, others suppressed):
 *       a best-of-fewer answer is never returned silently.
 *   <li>Answers without text (tool calls) are not scored (NaN in the metadata) and are returned only when no
 *       answer has text.
 * </ul>
 *
 * <p>Calls go through the wrapped model's {@code chat(ChatRequest)}, so its listeners see every sample.
 *
 * <p>Thread-safe when the wrapped model and the reward model are: the decorator holds no per-call state, and the
 * tie-breaking generator is drawn from under its own lock.
 */
public final class BestOfNChatModel implements ChatModel {
  /** The default number of samples; see the class comment. */
  public static final int DEFAULT_N = 4;

  private final ChatModel delegate;
  private final RewardModel reward;
  private final int n;
  private final Executor executor;
  private final RandomGenerator random;

  private BestOfNChatModel(Builder b) {
    this.delegate = b.delegate;
    this.reward = b.reward;
    this.n = b.n;
    this.executor = b.executor;
    this.random = b.random;
  }

  /** A builder over {@code delegate}, choosing by {@code reward}. */
  public static Builder builder(ChatModel delegate, RewardModel reward) {
    return new Builder(Require.nonNull("delegate", delegate), Require.nonNull("reward", reward));
  }

  /** The number of samples per call. */
  public int n() {
    return n;
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    Require.nonNull("request", request);
    List<ChatResponse> candidates = sample(request);
    Prompt prompt = Conversations.toPrompt(request.messages());
    List<Integer> textual = new ArrayList<>(n);
    List<Completion> completions = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      ChatResponse c = candidates.get(i);
      if (c.aiMessage() != null && c.aiMessage().text() != null) {
        textual.add(i);
        completions.add(Completion.of(c.aiMessage().text()));
      }
    }
    double[] scores = new double[n];
    Arrays.fill(scores, Double.NaN);
    if (!completions.isEmpty()) {
      double[] s = reward.scoreAll(prompt, completions);
      if (s.length != completions.size()) {
        throw new IllegalStateException(
            "reward model "
                + reward
                + " returned "
                + s.length
                + " scores for "
                + completions.size()
                + " completions");
      }
      for (int k = 0; k < s.length; k++) {
        if (Double.isNaN(s[k])) {
          throw new IllegalStateException(
              "reward model " + reward + " returned NaN for candidate " + textual.get(k));
        }
        scores[textual.get(k)] = s[k];
      }
    }
    int chosen = choose(scores, textual);
    ChatResponse best = candidates.get(chosen);
    TokenUsage usage = null;
    List<Double> boxed = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      usage = TokenUsage.sum(usage, candidates.get(i).tokenUsage());
      boxed.add(scores[i]);
    }
    BestOfNMetadata metadata =
        BestOfNMetadata.builder()
            .id(best.id())
            .modelName(best.modelName())
            .finishReason(best.finishReason())
            .tokenUsage(usage)
            .scores(boxed)
            .chosenIndex(chosen)
            .chosenMetadata(best.metadata())
            .build();
    return best.toBuilder().metadata(metadata).build();
  }

  private List<ChatResponse> sample(ChatRequest request) {
    List<CompletableFuture<ChatResponse>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      futures.add(CompletableFuture.supplyAsync(() -> delegate.chat(request), executor));
    }
    List<ChatResponse> out = new ArrayList<>(n);
    RuntimeException failure = null;
    for (CompletableFuture<ChatResponse> f : futures) {
      try {
        ChatResponse r = f.join();
        if (r == null) {
          throw new IllegalStateException("the wrapped chat model returned null");
        }
        out.add(r);
      } catch (CompletionException e) {
        RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
        if (failure == null) {
          failure = cause;
        } else if (failure != cause) {
          failure.addSuppressed(cause);
        }
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }

  /** The index of the highest score among {@code eligible}; ties (and the no-text case) by the seeded generator. */
  private int choose(double[] scores, List<Integer> eligible) {
    List<Integer> ties = new ArrayList<>(2);
    if (eligible.isEmpty()) {
      for (int i = 0; i < scores.length; i++) {
        ties.add(i);
      }
    } else {
      double best = Double.NEGATIVE_INFINITY;
      for (int i : eligible) {
        if (scores[i] > best || ties.isEmpty()) {
          best = scores[i];
          ties.clear();
          ties.add(i);
        } else if (scores[i] == best) {
          ties.add(i);
        }
      }
    }
    if (ties.size() == 1) {
      return ties.get(0);
    }
    synchronized (random) {
      return ties.get(random.nextInt(ties.size()));
    }
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  @Override
  public String toString() {
    return "BestOfNChatModel[n=" + n + ", reward " + reward + "]";
  }

  /** Builds a {@link BestOfNChatModel}; the defaults are the published ones. */
  public static final class Builder {
    private final ChatModel delegate;
    private final RewardModel reward;
    private int n = DEFAULT_N;
    private Executor executor = Runnable::run;
    private RandomGenerator random = new SplittableRandom(0L);

    private Builder(ChatModel delegate, RewardModel reward) {
      this.delegate = delegate;
      this.reward = reward;
    }

    /** Samples per call, {@code >= 1} (default {@value BestOfNChatModel#DEFAULT_N}). */
    public Builder n(int n) {
      this.n = Require.positive("n", n);
      return this;
    }

    /** Where the n calls run (default: the calling thread, one after another). */
    public Builder executor(Executor executor) {
      this.executor = Require.nonNull("executor", executor);
      return this;
    }

    /** The tie-breaking generator (default {@code new SplittableRandom(0)}); used under its own lock. */
    public Builder random(RandomGenerator random) {
      this.random = Require.nonNull("random", random);
      return this;
    }

    /** The decorator. */
    public BestOfNChatModel build() {
      return new BestOfNChatModel(this);
    }
  }
}
