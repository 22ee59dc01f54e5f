package dev.align4j.policies.lm;

import dev.align4j.core.ConversationalPolicy;
import dev.align4j.core.DistributionPolicy;
import dev.align4j.core.Policy;
import dev.align4j.core.SamplingParameters;
import dev.align4j.core.TokenDistributions;
import dev.align4j.core.TokenGradients;
import dev.align4j.core.TokenLogProbs;
import dev.align4j.core.ValueHeadPolicy;
import dev.align4j.core.check.Require;
import dev.align4j.core.math.kernel.Kernels;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.core.text.Role;
import dev.align4j.core.train.AdamW;
import dev.align4j.core.train.Checkpointable;
import dev.align4j.core.train.GradientClipping;
import dev.align4j.policies.token.ByteTokenizer;
import dev.align4j.policies.token.Tokenizer;
import dev.align4j.policies.token.WordTokenizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/**
 * A small decoder-only transformer language model in pure Java, trainable as a {@link dev.align4j.core.TrainablePolicy}
 * (and a {@link ValueHeadPolicy} when built with a value head).
 *
 * <p>Architecture: GPT-2 (Radford et al. 2019) with pre-norm blocks, learned or rotary (Su et al. 2021) positions,
 * tanh-approximated GELU, bias-free linear layers; see {@link TransformerConfig}. A (prompt, completion) pair is the
 * token sequence {@code [BOS] + encode(prompt.text()) + [SEP] + completion} where the completion is its
 * {@link Completion#tokenIds()} when present, otherwise {@code encode(text) + [EOS]}. When the sequence exceeds the
 * context, the oldest prompt tokens are dropped (the separator is always kept); a completion that does not fit
 * together with the separator is refused.
 *
 * <p>Training: {@link #forward} keeps the activations, {@link TransformerForward#backward} accumulates exact gradients
 * (the analytic backward pass, checked against finite differences in the tests), {@link #step(double)} applies AdamW
 * (Loshchilov and Hutter 2019, PyTorch's update order) after clipping the global gradient norm. Parameters, gradients
 * and moments are single flat {@code float[]} arrays; matrix products go through {@link Kernels#active()}; activation
 * workspaces are pooled, so that steady-state training allocates only small per-example objects.
 *
 * <p>Batches: the batch API of core is implemented natively. {@link #forwardBatch}, {@link #forwardBatchWithValues}
 * and {@link #logProbsBatch} run one task per example; {@link #backwardBatch(List, TokenGradients)} and
 * {@link #backwardBatch(List, TokenGradients.PerToken, TokenGradients.PerToken)} read per-sequence gradients as
 * constants and per-token gradients in place (no per-sequence array is built), and check every shape and value before
 * anything is accumulated, so a refused batch changes no gradient.
 *
 * <p>Threads: the model creates none. The batch methods run on the {@link Executor} given at construction (by
 * default the caller's thread). A batch backward pass sums the examples' gradients in a fixed order that does not
 * depend on the executor: the batch is cut into {@code min(n, config.gradientShards())} contiguous shards, shard 0
 * accumulates its examples in index order straight into the gradient, every other shard in index order into a pooled
 * zeroed buffer, and the buffers are then added in shard order; so training is bit-identical on one thread and on
 * many, and the extra memory is at most {@code (gradientShards − 1) × parameterCount} floats per concurrent batch. The
 * single-example {@link TransformerForward#backward} passes may run concurrently; the first of concurrent callers
 * writes straight into the gradient and the others add private buffers under a lock, in the order they finish, so
 * concurrent single passes are summed in a timing-dependent order (sequential single passes are summed in call
 * order). Forward and backward passes may run concurrently with each other; {@link #step}, {@link #zeroGrad} and
 * {@link #readState} must not run concurrently with anything else. A batch method waits for its tasks, so it must not
 * be called from a task of a bounded executor that its own tasks would queue behind.
 */
public final class TransformerLanguageModel
    implements ValueHeadPolicy, DistributionPolicy, ConversationalPolicy, Checkpointable {
  private static final byte[] MAGIC = "ALIGN4J-LM".getBytes(StandardCharsets.US_ASCII);

  /**
   * The checkpoint format version this class writes; it also reads version 1 (before
   * {@link TransformerConfig#gradientShards()} was saved; such a checkpoint gets the default).
   */
  public static final int FORMAT_VERSION = 2;

  private static final Executor CALLER_THREAD = Runnable::run;
  private static final int MAX_POOLED = 256;

  private final Tokenizer tokenizer;
  private final TransformerConfig config;
  private final Layout layout;
  private final float[] params;
  private final float @Nullable [] grads;
  private final float @Nullable [] m;
  private final float @Nullable [] v;
  private final Network network;
  private final Kernels kernels;
  private final Executor executor;
  private final boolean trainable;
  private final ReentrantLock gradLock = new ReentrantLock();
  private final ConcurrentLinkedDeque<Workspace> workspaces = new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<float[]> gradBuffers = new ConcurrentLinkedDeque<>();
  private final ConcurrentLinkedDeque<Network.DecodeState> decodeStates =
      new ConcurrentLinkedDeque<>();
  private volatile long stepCount;

  private TransformerLanguageModel(
      Tokenizer tokenizer,
      TransformerConfig config,
      float[] params,
      boolean trainable,
      Executor executor,
      Kernels kernels) {
    this.tokenizer = tokenizer;
    this.config = config;
    this.layout = new Layout(config, tokenizer.vocabularySize());
    Require.argument(
        params.length == layout.size,
        "params.length must be %s, was %s",
        layout.size,
        params.length);
    this.params = params;
    this.trainable = trainable;
    this.grads = trainable ? new float[layout.size] : null;
    this.m = trainable ? new float[layout.size] : null;
    this.v = trainable ? new float[layout.size] : null;
    this.executor = executor;
    this.kernels = kernels;
    this.network = new Network(config, layout, params, kernels, trainable);
  }

  /**
   * A freshly initialised model (GPT-2 initialisation drawn from {@code new SplittableRandom(seed)}) whose batch
   * methods run on the caller's thread.
   */
  public static TransformerLanguageModel create(
      Tokenizer tokenizer, TransformerConfig config, long seed) {
    return create(tokenizer, config, seed, CALLER_THREAD);
  }

  /** A freshly initialised model whose batch methods run the examples of a batch on {@code executor}. */
  public static TransformerLanguageModel create(
      Tokenizer tokenizer, TransformerConfig config, long seed, Executor executor) {
    return withKernels(tokenizer, config, new SplittableRandom(seed), executor, Kernels.active());
  }

  /**
   * A freshly initialised model with explicit initialisation randomness and kernel path: {@code scalarKernels} runs
   * the matrix products on the portable scalar kernels (for example to compare paths, or for a short run that would
   * spend its time warming up the Vector API path); otherwise on the active path ({@code KernelPath.active()}).
   */
  public static TransformerLanguageModel create(
      Tokenizer tokenizer,
      TransformerConfig config,
      RandomGenerator random,
      Executor executor,
      boolean scalarKernels) {
    return withKernels(
        tokenizer, config, random, executor, scalarKernels ? Kernels.scalar() : Kernels.active());
  }

  /**
   * As the public factory, with the kernels themselves. Named apart from {@code create}, so that callers outside this
   * package, which cannot see core's kernel package, never meet this overload.
   */
  static TransformerLanguageModel withKernels(
      Tokenizer tokenizer,
      TransformerConfig config,
      RandomGenerator random,
      Executor executor,
      Kernels kernels) {
    Require.nonNull("tokenizer", tokenizer);
    Require.nonNull("config", config);
    Require.nonNull("random", random);
    Require.nonNull("executor", executor);
    Require.nonNull("kernels", kernels);
    Require.positive("tokenizer.vocabularySize()", tokenizer.vocabularySize());
    Layout layout = new Layout(config, tokenizer.vocabularySize());
    float[] p = new float[layout.size];
    layout.initialise(p, config.initStd(), random);
    return new TransformerLanguageModel(tokenizer, config, p, true, executor, kernels);
  }

  /** The tokenizer. */
  public Tokenizer tokenizer() {
    return tokenizer;
  }

  /** The configuration. */
  public TransformerConfig config() {
    return config;
  }

  /** The kernels the matrix products run on. */
  public String kernelsName() {
    return kernels.name();
  }

  @Override
  public long parameterCount() {
    return layout.size;
  }

  @Override
  public long stepCount() {
    return stepCount;
  }

  // ------------------------------------------------------------------ encoding

  /** The tokens of a (prompt, completion) pair, after context truncation. */
  private record Encoded(int[] seq, int promptLen, int completionLen) {}

  private int[] promptTokens(Prompt prompt) {
    Require.nonNull("prompt", prompt);
    String text = prompt.text();
    Require.argument(!text.isEmpty(), "prompt text must not be empty, was \"\"");
    int[] body = tokenizer.encode(text);
    int[] out = new int[body.length + 2];
    out[0] = tokenizer.bos();
    System.arraycopy(body, 0, out, 1, body.length);
    out[out.length - 1] = tokenizer.separator();
    return out;
  }

  private int[] completionTokens(Completion completion) {
    Require.nonNull("completion", completion);
    int[] ids = completion.tokenIds();
    if (ids != null) {
      Require.argument(ids.length > 0, "completion.tokenIds() must not be empty, was []");
      int vocab = layout.vocab;
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] < 0 || ids[i] >= vocab) {
          throw new IllegalArgumentException(
              "completion.tokenIds()[" + i + "] must be in [0, " + vocab + "), was " + ids[i]);
        }
      }
      return ids;
    }
    Require.argument(!completion.text().isEmpty(), "completion text must not be empty, was \"\"");
    int[] body = tokenizer.encode(completion.text());
    int[] out = Arrays.copyOf(body, body.length + 1);
    out[body.length] = tokenizer.eos();
    return out;
  }

  private Encoded encode(Prompt prompt, Completion completion) {
    int[] pt = promptTokens(prompt);
    int[] ct = completionTokens(completion);
    int ctx = layout.context;
    if (ct.length + 1 > ctx) {
      throw new IllegalArgumentException(
          "completion must have at most "
              + (ctx - 1)
              + " tokens (context length "
              + ctx
              + " minus the separator), had "
              + ct.length);
    }
    int keep = Math.min(pt.length, ctx - ct.length);
    int[] seq = new int[keep + ct.length];
    System.arraycopy(pt, pt.length - keep, seq, 0, keep);
    System.arraycopy(ct, 0, seq, keep, ct.length);
    return new Encoded(seq, keep, ct.length);
  }

  // ------------------------------------------------------------------ forward / backward

  Workspace acquireWorkspace() {
    Workspace ws = workspaces.poll();
    return ws != null ? ws : new Workspace(layout);
  }

  void releaseWorkspace(Workspace ws) {
    if (workspaces.size() < MAX_POOLED) {
      workspaces.push(ws);
    }
  }

  @Override
  public TransformerForward forward(Prompt prompt, Completion completion) {
    requireTrainable();
    return runForward(encode(prompt, completion));
  }

  @Override
  public TransformerForward forwardWithValues(Prompt prompt, Completion completion) {
    requireValueHead();
    return forward(prompt, completion);
  }

  private void requireValueHead() {
    if (!config.valueHead()) {
      throw new IllegalStateException(
          "this model has no value head; build it with TransformerConfig.valueHead(true)");
    }
  }

  private TransformerForward runForward(Encoded e) {
    Workspace ws = acquireWorkspace();
    try {
      System.arraycopy(e.seq, 0, ws.seq, 0, e.seq.length);
      double[] logp = new double[e.completionLen];
      double[] values = config.valueHead() ? new double[e.completionLen] : null;
      double[] entropies = new double[e.completionLen];
      network.forward(ws, e.promptLen, e.completionLen, logp, values, entropies);
      return new TransformerForward(this, ws, new TokenLogProbs(logp), values, entropies);
    } catch (RuntimeException ex) {
      releaseWorkspace(ws);
      throw ex;
    }
  }

  @Override
  public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
    Encoded e = encode(prompt, completion);
    Workspace ws = acquireWorkspace();
    try {
      System.arraycopy(e.seq, 0, ws.seq, 0, e.seq.length);
      double[] logp = new double[e.completionLen];
      network.forward(ws, e.promptLen, e.completionLen, logp, null, null);
      return new TokenLogProbs(logp);
    } finally {
      releaseWorkspace(ws);
    }
  }

  /** The number of tokens of the tokenizer's vocabulary, the width of the output layer. */
  @Override
  public int vocabularySize() {
    return layout.vocab;
  }

  /**
   * The next-token log-distributions at every completion position, without keeping activations (as
   * {@link TransformerForward#distributions()}).
   */
  @Override
  public TokenDistributions tokenDistributions(Prompt prompt, Completion completion) {
    Encoded e = encode(prompt, completion);
    Workspace ws = acquireWorkspace();
    try {
      System.arraycopy(e.seq, 0, ws.seq, 0, e.seq.length);
      double[] logp = new double[e.completionLen];
      network.forward(ws, e.promptLen, e.completionLen, logp, null, null);
      return ws.completionDistributions(layout.vocab);
    } finally {
      releaseWorkspace(ws);
    }
  }

  /**
   * The value-head estimates for every completion token, without keeping activations.
   *
   * @throws IllegalStateException when the model has no value head
   */
  public double[] values(Prompt prompt, Completion completion) {
    if (!config.valueHead()) {
      throw new IllegalStateException(
          "this model has no value head; build it with TransformerConfig.valueHead(true)");
    }
    Encoded e = encode(prompt, completion);
    Workspace ws = acquireWorkspace();
    try {
      System.arraycopy(e.seq, 0, ws.seq, 0, e.seq.length);
      double[] logp = new double[e.completionLen];
      double[] values = new double[e.completionLen];
      network.forward(ws, e.promptLen, e.completionLen, logp, values, null);
      return values;
    } finally {
      releaseWorkspace(ws);
    }
  }

  /**
   * Adds the gradient of one single (non-batch) backward pass to the accumulated gradients. The first of concurrent
   * callers writes straight into the shared gradient under the lock; the others compute into a pooled private buffer
   * and add it under the lock, so concurrent single passes are summed in the order they arrive (timing-dependent in
   * the last float bits). {@link #backwardBatch} does not use this path: it sums in a fixed order.
   */
  void accumulateGradients(Workspace ws, Upstream up) {
    float[] g = Require.nonNull("grads", grads);
    if (gradLock.tryLock()) {
      try {
        network.backward(ws, up, g);
      } finally {
        gradLock.unlock();
      }
      return;
    }
    float[] buffer = acquireGradBuffer();
    try {
      network.backward(ws, up, buffer);
      gradLock.lock();
      try {
        kernels.axpy(1f, buffer, 0, g, 0, buffer.length);
      } finally {
        gradLock.unlock();
      }
    } finally {
      Arrays.fill(buffer, 0f);
      gradBuffers.push(buffer);
    }
  }

  /** A zeroed gradient-sized buffer from the pool (every pooled buffer is zero). */
  private float[] acquireGradBuffer() {
    float[] buffer = gradBuffers.poll();
    return buffer != null ? buffer : new float[layout.size];
  }

  // ------------------------------------------------------------------ batches

  /**
   * Forward passes of a batch, run on the model's executor, one task per example. On failure every workspace is
   * released and the first exception is rethrown, its message prefixed with the index of the failing example.
   */
  @Override
  public List<TransformerForward> forwardBatch(List<Prompt> prompts, List<Completion> completions) {
    requireTrainable();
    List<Encoded> encoded = encodeAll(prompts, completions);
    List<Supplier<TransformerForward>> tasks = new ArrayList<>(encoded.size());
    for (Encoded e : encoded) {
      tasks.add(() -> runForward(e));
    }
    return runAll(tasks, TransformerForward::release);
  }

  /**
   * Forward passes of the policy and the value head over a batch, run on the model's executor; the same passes as
   * {@link #forwardBatch} (the value head is part of every forward pass of a model that has one).
   *
   * @throws IllegalStateException when the model has no value head
   */
  @Override
  public List<TransformerForward> forwardBatchWithValues(
      List<Prompt> prompts, List<Completion> completions) {
    requireValueHead();
    return forwardBatch(prompts, completions);
  }

  /** Per-token log-probabilities of a batch, run on the model's executor, one task per example. */
  @Override
  public List<TokenLogProbs> logProbsBatch(List<Prompt> prompts, List<Completion> completions) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("completions", completions);
    Require.sameLength("prompts", prompts.size(), "completions", completions.size());
    List<Supplier<TokenLogProbs>> tasks = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      Prompt p = prompts.get(i);
      Completion c = completions.get(i);
      tasks.add(() -> logProbs(p, c));
    }
    return runAll(tasks, x -> {});
  }

  /**
   * Backward passes of a batch, run on the model's executor, summed in a fixed order (see {@link #backwardShards}):
   * the result is the same, bit for bit, whatever the executor's thread count. Per-sequence gradients are read as
   * constants and per-token gradients in place; nothing is copied.
   *
   * @throws IllegalArgumentException when the gradients do not fit the forwards (count, token counts, a non-finite
   *     value) or a forward is not one of this model's; no gradient is changed then
   * @throws IllegalStateException when a forward was already back-propagated or released; no gradient is changed then
   */
  @Override
  public void backwardBatch(List<? extends Forward> forwards, TokenGradients gradients) {
    requireTrainable();
    Require.nonNull("forwards", forwards);
    Require.nonNull("gradients", gradients);
    TransformerForward[] own = ownForwards(forwards);
    gradients.requireShape(forwards);
    Upstream[] ups = new Upstream[own.length];
    if (gradients instanceof TokenGradients.PerSequence perSequence) {
      double[] g = perSequence.values();
      for (int i = 0; i < ups.length; i++) {
        if (!Double.isFinite(g[i])) {
          throw new IllegalArgumentException(
              "gradients.values()[" + i + "] must be finite, was " + g[i]);
        }
        ups[i] = Upstream.uniform(g[i]);
      }
    } else {
      TokenGradients.PerToken perToken = (TokenGradients.PerToken) gradients;
      requireCovering("gradients", perToken);
      Require.allFinite("gradients.values()", perToken.values());
      for (int i = 0; i < ups.length; i++) {
        ups[i] = Upstream.slice(perToken.values(), null, perToken.offsets()[i]);
      }
    }
    backwardShards(own, ups);
  }

  /**
   * Backward passes of a batch with value gradients, run and summed like {@link #backwardBatch(List, TokenGradients)};
   * both gradients are read in place.
   *
   * @throws IllegalArgumentException when the gradients do not fit the forwards or each other (offsets), hold a
   *     non-finite value, or a forward is not one of this model's; no gradient is changed then
   * @throws IllegalStateException when the model has no value head, or a forward was already back-propagated or
   *     released; no gradient is changed then
   */
  @Override
  public void backwardBatch(
      List<? extends ValueForward> forwards,
      TokenGradients.PerToken dLossDTokenLogProbs,
      TokenGradients.PerToken dLossDValues) {
    requireTrainable();
    requireValueHead();
    Require.nonNull("forwards", forwards);
    Require.nonNull("dLossDTokenLogProbs", dLossDTokenLogProbs);
    Require.nonNull("dLossDValues", dLossDValues);
    TransformerForward[] own = ownForwards(forwards);
    dLossDTokenLogProbs.requireShape(forwards);
    Require.argument(
        Arrays.equals(dLossDTokenLogProbs.offsets(), dLossDValues.offsets()),
        "dLossDValues must be laid out like dLossDTokenLogProbs (the same offsets), had %s sequences of %s tokens "
            + "against %s of %s",
        dLossDValues.size(),
        dLossDValues.values().length,
        dLossDTokenLogProbs.size(),
        dLossDTokenLogProbs.values().length);
    requireCovering("dLossDTokenLogProbs", dLossDTokenLogProbs);
    Require.allFinite("dLossDTokenLogProbs.values()", dLossDTokenLogProbs.values());
    Require.allFinite("dLossDValues.values()", dLossDValues.values());
    Upstream[] ups = new Upstream[own.length];
    for (int i = 0; i < ups.length; i++) {
      ups[i] =
          Upstream.slice(
              dLossDTokenLogProbs.values(),
              dLossDValues.values(),
              dLossDTokenLogProbs.offsets()[i]);
    }
    backwardShards(own, ups);
  }

  /**
   * Requires the offsets to still run from 0 to {@code values.length} (the arrays are not copied, so they may have
   * changed since the record checked them); with the token counts checked against the forwards, every sequence's
   * slice then lies inside the values.
   */
  private static void requireCovering(String name, TokenGradients.PerToken g) {
    int[] offsets = g.offsets();
    int last = offsets[offsets.length - 1];
    if (offsets[0] != 0 || last != g.values().length) {
      throw new IllegalArgumentException(
          name
              + ".offsets() must run from 0 to values().length = "
              + g.values().length
              + ", ran from "
              + offsets[0]
              + " to "
              + last);
    }
  }

  /** The forwards as this model's own forward passes; refuses anything else, naming its index. */
  private TransformerForward[] ownForwards(List<? extends Forward> forwards) {
    TransformerForward[] own = new TransformerForward[forwards.size()];
    for (int i = 0; i < own.length; i++) {
      Forward f = forwards.get(i);
      if (!(f instanceof TransformerForward tf) || tf.model() != this) {
        throw new IllegalArgumentException(
            "forwards["
                + i
                + "] must be a forward pass of this model (from its "
                + "forward or forwardBatch), was "
                + (f == null ? "null" : f.getClass().getName()));
      }
      own[i] = tf;
    }
    return own;
  }

  /**
   * The batch backward pass with a fixed summation order. The n examples are split into
   * {@code S = min(n, config.gradientShards())} contiguous shards, shard k holding examples
   * {@code [⌊k·n/S⌋, ⌊(k+1)·n/S⌋)}; S depends on the batch size and the configuration only, never on the executor.
   * The shards run as S tasks on the executor. Shard 0 accumulates its examples in index order straight into the
   * model's gradient (holding the gradient lock); shard k ≥ 1 accumulates its examples in index order into a pooled
   * zeroed buffer. When every shard is done, the buffers are added into the gradient in shard order (the additions
   * split by parameter range over the executor; each parameter's sum is still {@code g + b_1 + … + b_{S−1}}), zeroed
   * and pooled. Every parameter's gradient therefore sees the same sequence of float operations on one thread or on
   * many. Extra memory: at most {@code (S − 1) × parameterCount} floats of buffers per concurrent call, kept in the
   * pool between calls.
   *
   * <p>Every workspace is taken before anything is accumulated: a forward already used refuses the whole batch, and
   * the workspaces taken so far are given back.
   */
  private void backwardShards(TransformerForward[] forwards, Upstream[] ups) {
    int n = forwards.length;
    if (n == 0) {
      return;
    }
    Workspace[] ws = new Workspace[n];
    for (int i = 0; i < n; i++) {
      Workspace w = forwards[i].claim();
      if (w == null) {
        for (int j = 0; j < i; j++) {
          forwards[j].restore(ws[j]);
        }
        throw new IllegalStateException(
            "batch example "
                + i
                + ": backward may be called once per forward, and not "
                + "after release() (forwards["
                + i
                + "] was already used; no gradient was changed)");
      }
      ws[i] = w;
    }
    float[] g = Require.nonNull("grads", grads);
    int shards = Math.min(n, config.gradientShards());
    float[][] buffers = new float[shards][];
    for (int k = 1; k < shards; k++) {
      buffers[k] = acquireGradBuffer();
    }
    List<CompletableFuture<Void>> futures = new ArrayList<>(shards);
    for (int k = 0; k < shards; k++) {
      int from = (int) ((long) k * n / shards);
      int to = (int) ((long) (k + 1) * n / shards);
      float[] target = k == 0 ? g : buffers[k];
      boolean lock = k == 0;
      futures.add(
          CompletableFuture.runAsync(() -> runShard(ws, ups, from, to, target, lock), executor));
    }
    RuntimeException failure = null;
    for (int k = 0; k < shards; k++) {
      try {
        futures.get(k).join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (failure == null) {
          failure =
              new IllegalStateException(
                  "batch backward pass, shard " + k + " of " + shards + " failed: " + cause, cause);
        }
      }
    }
    if (shards > 1) {
      gradLock.lock();
      try {
        addShards(g, buffers, failure == null);
      } finally {
        gradLock.unlock();
      }
      for (int k = 1; k < shards; k++) {
        gradBuffers.push(buffers[k]);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Accumulates examples {@code [from, to)} in index order into {@code target}, releasing their workspaces. */
  private void runShard(
      Workspace[] ws, Upstream[] ups, int from, int to, float[] target, boolean lock) {
    if (lock) {
      gradLock.lock();
    }
    try {
      for (int i = from; i < to; i++) {
        network.backward(ws[i], ups[i], target);
        releaseWorkspace(ws[i]);
        ws[i] = null;
      }
    } finally {
      if (lock) {
        gradLock.unlock();
      }
      for (int i = from; i < to; i++) {
        if (ws[i] != null) {
          releaseWorkspace(ws[i]);
          ws[i] = null;
        }
      }
    }
  }

  /**
   * Adds {@code buffers[1..]} into {@code g} in shard order (when {@code add}) and zeroes them, split by parameter
   * range into tasks on the executor. The split does not change any parameter's sum.
   */
  private void addShards(float[] g, float[][] buffers, boolean add) {
    int shards = buffers.length;
    int size = g.length;
    List<CompletableFuture<Void>> futures = new ArrayList<>(shards);
    for (int c = 0; c < shards; c++) {
      int from = c == 0 ? 0 : (int) ((long) c * size / shards) & ~15;
      int to = c == shards - 1 ? size : (int) ((long) (c + 1) * size / shards) & ~15;
      futures.add(
          CompletableFuture.runAsync(
              () -> {
                for (int k = 1; k < shards; k++) {
                  if (add) {
                    kernels.axpy(1f, buffers[k], from, g, from, to - from);
                  }
                  Arrays.fill(buffers[k], from, to, 0f);
                }
              },
              executor));
    }
    for (CompletableFuture<Void> f : futures) {
      f.join();
    }
  }

  private List<Encoded> encodeAll(List<Prompt> prompts, List<Completion> completions) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("completions", completions);
    Require.sameLength("prompts", prompts.size(), "completions", completions.size());
    List<Encoded> out = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      try {
        out.add(encode(prompts.get(i), completions.get(i)));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw new IllegalArgumentException("batch example " + i + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private <T> List<T> runAll(List<Supplier<T>> tasks, Consumer<T> cleanup) {
    List<CompletableFuture<T>> futures = new ArrayList<>(tasks.size());
    for (Supplier<T> task : tasks) {
      futures.add(CompletableFuture.supplyAsync(task, executor));
    }
    List<T> results = new ArrayList<>(tasks.size());
    RuntimeException failure = null;
    for (int i = 0; i < futures.size(); i++) {
      try {
        results.add(futures.get(i).join());
      } catch (CompletionException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        if (failure == null) {
          failure =
              cause instanceof IllegalStateException
                  ? new IllegalStateException(
                      "batch example " + i + ": " + cause.getMessage(), cause)
                  : cause instanceof IllegalArgumentException
                      ? new IllegalArgumentException(
                          "batch example " + i + ": " + cause.getMessage(), cause)
                      : new IllegalStateException(
                          "batch example " + i + " failed: " + cause, cause);
        }
      }
    }
    if (failure != null) {
      results.forEach(cleanup);
      throw failure;
    }
    return results;
  }

  // ------------------------------------------------------------------ optimiser

  private void requireTrainable() {
    if (!trainable) {
      throw new IllegalStateException("this model is a frozen copy and cannot be trained");
    }
  }

  @Override
  public void zeroGrad() {
    requireTrainable();
    gradLock.lock();
    try {
      Arrays.fill(grads, 0f);
    } finally {
      gradLock.unlock();
    }
  }

  /** The global L2 norm of the accumulated gradient. */
  public double gradientNorm() {
    requireTrainable();
    return GradientClipping.globalNorm(grads);
  }

  /**
   * One AdamW step (PyTorch {@code torch.optim.AdamW} semantics: decoupled decay {@code θ ← θ·(1 − lr·λ)}, then
   * {@code θ ← θ − lr·m̂/(√v̂ + ε)} with bias-corrected moments) on gradients clipped to
   * {@link TransformerConfig#maxGradNorm()}: core's {@link AdamW.FloatUpdate} and {@link GradientClipping}. Weight
   * decay applies to weight matrices and embeddings only.
   *
   * @return the global gradient norm before clipping
   * @throws IllegalStateException when the gradient is not finite; nothing is changed then
   */
  @Override
  public double step(double learningRate) {
    requireTrainable();
    Require.nonNegative("learningRate", learningRate);
    gradLock.lock();
    try {
      double norm = gradientNorm();
      if (!Double.isFinite(norm)) {
        throw new IllegalStateException(
            "gradient is not finite (global norm "
                + norm
                + ") before step "
                + (stepCount + 1)
                + "; no parameter was changed");
      }
      long t = stepCount + 1;
      AdamW.FloatUpdate decayed =
          AdamW.FloatUpdate.of(
              learningRate,
              config.beta1(),
              config.beta2(),
              config.adamEpsilon(),
              config.weightDecay(),
              t,
              GradientClipping.factor(norm, config.maxGradNorm()));
      AdamW.FloatUpdate plain = decayed.withoutDecay();
      // decay ranges are ascending and disjoint: update the gaps without decay, the ranges with it
      int at = 0;
      for (int[] r : layout.decayRanges) {
        plain.apply(params, grads, m, v, at, r[0]);
        decayed.apply(params, grads, m, v, r[0], r[1]);
        at = r[1];
      }
      plain.apply(params, grads, m, v, at, params.length);
      stepCount = t;
      network.refreshTransposes();
      return norm;
    } finally {
      gradLock.unlock();
    }
  }

  // ------------------------------------------------------------------ copies

  @Override
  public DistributionPolicy frozenCopy() {
    return new Frozen(
        new TransformerLanguageModel(tokenizer, config, params.clone(), false, executor, kernels));
  }

  /**
   * An independent trainable copy with the same parameters, optimiser moments and step count (for example to branch
   * an experiment).
   */
  public TransformerLanguageModel copy() {
    requireTrainable();
    TransformerLanguageModel c =
        new TransformerLanguageModel(tokenizer, config, params.clone(), true, executor, kernels);
    System.arraycopy(m, 0, c.m, 0, m.length);
    System.arraycopy(v, 0, c.v, 0, v.length);
    System.arraycopy(grads, 0, c.grads, 0, grads.length);
    c.stepCount = stepCount;
    return c;
  }

  /** A read-only view of a parameter snapshot, to serve as π_ref or as a distillation teacher. */
  private static final class Frozen implements DistributionPolicy {
    private final TransformerLanguageModel model;

    Frozen(TransformerLanguageModel model) {
      this.model = model;
    }

    @Override
    public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
      return model.sample(prompt, parameters, random);
    }

    @Override
    public List<Completion> sampleBatch(
        List<Prompt> prompts, SamplingParameters parameters, RandomGenerator random) {
      return model.sampleBatch(prompts, parameters, random);
    }

    @Override
    public TokenLogProbs logProbs(Prompt prompt, Completion completion) {
      return model.logProbs(prompt, completion);
    }

    @Override
    public List<TokenLogProbs> logProbsBatch(List<Prompt> prompts, List<Completion> completions) {
      return model.logProbsBatch(prompts, completions);
    }

    @Override
    public int vocabularySize() {
      return model.vocabularySize();
    }

    @Override
    public TokenDistributions tokenDistributions(Prompt prompt, Completion completion) {
      return model.tokenDistributions(prompt, completion);
    }

    @Override
    public String toString() {
      return "Frozen" + model;
    }
  }

  // ------------------------------------------------------------------ sampling

  /**
   * Samples a completion token by token with a KV cache: logits divided by the temperature, then top-k, then top-p
   * (nucleus) filtering, in that order (Hugging Face's warper order; ties at a threshold are kept), until EOS, the
   * {@code maxTokens} limit or the context is full. The prompt is kept whole when it leaves room for at least one
   * token (its oldest tokens are dropped otherwise), so a long prompt shortens the completion rather than the other
   * way round. The returned completion carries its token ids (EOS included when
   * drawn) and their log-probabilities under the model itself (temperature 1, no filtering), so that
   * {@code logProbs(prompt, sample)} reproduces them.
   */
  @Override
  public Completion sample(Prompt prompt, SamplingParameters parameters, RandomGenerator random) {
    Require.nonNull("parameters", parameters);
    Require.nonNull("random", random);
    int[] pt = promptTokens(prompt);
    int keep = Math.min(pt.length, layout.context - 1);
    return sampleAfter(pt, keep, new int[0], parameters, random);
  }

  /**
   * Samples the next policy turn of an episode: the context is {@code [BOS] + encode(prompt.text()) + [SEP]} followed
   * by {@code history} (the episode's tokens so far, as {@link #forward} lays out a completion with token ids), and
   * sampling works as in {@link #sample}: until EOS, {@code maxTokens}, or the context is full. The oldest prompt
   * tokens are dropped when prompt and history leave no room for a token. The returned turn carries its token ids and
   * their log-probabilities under the model (temperature 1), so that scoring the whole episode with
   * {@link #logProbs} reproduces them whenever no prompt token had to be dropped.
   *
   * @throws IllegalArgumentException when a history id is outside the vocabulary, or the history leaves no room for a
   *     token ({@code history.length >= maxEpisodeTokens()})
   */
  @Override
  public Completion sampleTurn(
      Prompt prompt, int[] history, SamplingParameters parameters, RandomGenerator random) {
    Require.nonNull("history", history);
    Require.nonNull("parameters", parameters);
    Require.nonNull("random", random);
    int ctx = layout.context;
    Require.argument(
        history.length < ctx - 1,
        "history must leave room for a token: at most %s tokens (context %s minus the separator and one token), had %s",
        ctx - 2,
        ctx,
        history.length);
    for (int i = 0; i < history.length; i++) {
      if (history[i] < 0 || history[i] >= layout.vocab) {
        throw new IllegalArgumentException(
            "history[" + i + "] must be in [0, " + layout.vocab + "), was " + history[i]);
      }
    }
    int[] pt = promptTokens(prompt);
    int keep = Math.min(pt.length, ctx - 1 - history.length);
    return sampleAfter(pt, keep, history, parameters, random);
  }

  /**
   * An observation's place in an episode sequence: {@code encode(text) + [SEP]}, the separator handing the turn back
   * to the policy as it does after the prompt.
   */
  @Override
  public int[] encodeObservation(Role role, String text) {
    Require.nonNull("role", role);
    Require.argument(
        role == Role.TOOL || role == Role.USER, "role must be TOOL or USER, was %s", role);
    int[] body = tokenizer.encode(Require.nonNull("text", text));
    int[] out = Arrays.copyOf(body, body.length + 1);
    out[body.length] = tokenizer.separator();
    return out;
  }

  /** The context length minus the separator: the most completion tokens {@link #forward} accepts. */
  @Override
  public int maxEpisodeTokens() {
    return layout.context - 1;
  }

  /** Decodes the last {@code keep} prompt tokens and {@code history}, then samples until EOS or the limits. */
  private Completion sampleAfter(
      int[] pt, int keep, int[] history, SamplingParameters parameters, RandomGenerator random) {
    int ctx = layout.context;
    int maxNew = Math.min(parameters.maxTokens(), ctx - keep - history.length);
    Network.DecodeState st = decodeStates.poll();
    if (st == null) {
      st = new Network.DecodeState(layout);
    }
    st.length = 0;
    try {
      for (int i = pt.length - keep; i < pt.length; i++) {
        network.decode(st, pt[i]);
      }
      for (int h : history) {
        network.decode(st, h);
      }
      int vocab = layout.vocab;
      double[] z = new double[vocab];
      double[] sorted = new double[vocab];
      int[] ids = new int[maxNew];
      double[] lps = new double[maxNew];
      int n = 0;
      while (n < maxNew) {
        float[] logits = st.logits;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < vocab; j++) {
          max = Math.max(max, logits[j]);
        }
        double sum = 0;
        for (int j = 0; j < vocab; j++) {
          sum += Math.exp(logits[j] - max);
        }
        double logZ = max + Math.log(sum);
        int token = choose(logits, parameters, random, z, sorted);
        ids[n] = token;
        lps[n] = Math.min(0.0, logits[token] - logZ);
        n++;
        if (token == tokenizer.eos() || n == maxNew) {
          break;
        }
        network.decode(st, token);
      }
      int[] outIds = Arrays.copyOf(ids, n);
      return new Completion(tokenizer.decode(outIds), outIds, Arrays.copyOf(lps, n));
    } finally {
      if (decodeStates.size() < MAX_POOLED) {
        decodeStates.push(st);
      }
    }
  }

  /**
   * Samples one completion of each prompt on the model's executor, one task per example. The examples do not share a
   * generator: first one seed per example is drawn from {@code random} on the caller's thread, {@code
   * random.nextLong()} in index order, then example i is sampled by {@link #sample} with {@code new
   * SplittableRandom(seed_i)}. The samples are therefore a function of the generator's state alone, bit for bit the
   * same on the caller's thread or on any pool, and {@code random} advances by exactly {@code prompts.size()} longs.
   * They differ from the samples of a loop of {@link #sample} over the one generator (the default of {@link Policy}).
   * Concurrent samples are independent: each task takes its own pooled decode state (KV cache and buffers) and only
   * reads the parameters.
   *
   * @throws IllegalArgumentException when an example is refused (the message names its index)
   */
  @Override
  public List<Completion> sampleBatch(
      List<Prompt> prompts, SamplingParameters parameters, RandomGenerator random) {
    Require.nonNull("prompts", prompts);
    Require.nonNull("parameters", parameters);
    Require.nonNull("random", random);
    long[] seeds = new long[prompts.size()];
    for (int i = 0; i < seeds.length; i++) {
      seeds[i] = random.nextLong();
    }
    List<Supplier<Completion>> tasks = new ArrayList<>(prompts.size());
    for (int i = 0; i < prompts.size(); i++) {
      Prompt p = prompts.get(i);
      long seed = seeds[i];
      tasks.add(() -> sample(p, parameters, new SplittableRandom(seed)));
    }
    return runAll(tasks, x -> {});
  }

  private static int choose(
      float[] logits, SamplingParameters sp, RandomGenerator random, double[] z, double[] sorted) {
    int vocab = z.length;
    double invT = 1.0 / sp.temperature();
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < vocab; j++) {
      z[j] = logits[j] * invT;
      max = Math.max(max, z[j]);
    }
    if (sp.topK() > 0 && sp.topK() < vocab) {
      System.arraycopy(z, 0, sorted, 0, vocab);
      Arrays.sort(sorted);
      double threshold = sorted[vocab - sp.topK()];
      for (int j = 0; j < vocab; j++) {
        if (z[j] < threshold) {
          z[j] = Double.NEGATIVE_INFINITY;
        }
      }
    }
    double total = 0;
    for (int j = 0; j < vocab; j++) {
      double e = z[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(z[j] - max);
      z[j] = e;
      total += e;
    }
    if (sp.topP() < 1.0) {
      System.arraycopy(z, 0, sorted, 0, vocab);
      Arrays.sort(sorted);
      double target = sp.topP() * total;
      double cumulative = 0;
      double threshold = 0;
      for (int j = vocab - 1; j >= 0; j--) {
        cumulative += sorted[j];
        threshold = sorted[j];
        if (cumulative >= target) {
          break;
        }
      }
      total = 0;
      for (int j = 0; j < vocab; j++) {
        if (z[j] < threshold) {
          z[j] = 0;
        }
        total += z[j];
      }
    }
    double u = random.nextDouble() * total;
    int last = -1;
    for (int j = 0; j < vocab; j++) {
      if (z[j] > 0) {
        last = j;
        u -= z[j];
        if (u < 0) {
          return j;
        }
      }
    }
    return last;
  }

  // ------------------------------------------------------------------ checkpoints

  /**
   * Writes the model (configuration, tokenizer, parameters, AdamW moments and step count) to {@code path}, through a
   * temporary file that replaces the target atomically where the file system allows.
   */
  public void save(Path path) throws IOException {
    Require.nonNull("path", path);
    Path parent = path.toAbsolutePath().getParent();
    Path tmp = Files.createTempFile(parent, path.getFileName().toString(), ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        save(out);
      }
      try {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Writes the checkpoint to {@code out}: the magic bytes {@code ALIGN4J-LM}, the format version (int), the payload
   * length (long), the payload, and the CRC-32 of the payload (long). The payload is the configuration, the tokenizer
   * and {@link #writeState(DataOutput)}.
   */
  public void save(OutputStream out) throws IOException {
    Require.nonNull("out", out);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(16 + layout.size * 12);
    DataOutputStream payload = new DataOutputStream(buffer);
    writeConfig(payload);
    writeTokenizer(payload);
    writeState(payload);
    payload.flush();
    byte[] bytes = buffer.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(bytes);
    DataOutputStream data = new DataOutputStream(out);
    data.write(MAGIC);
    data.writeInt(FORMAT_VERSION);
    data.writeLong(bytes.length);
    data.write(bytes);
    data.writeLong(crc.getValue());
    data.flush();
  }

  /** Loads a checkpoint written by {@link #save(Path)}; batch methods run on the caller's thread. */
  public static TransformerLanguageModel load(Path path) throws IOException {
    return load(path, CALLER_THREAD);
  }

  /** Loads a checkpoint written by {@link #save(Path)}; batch methods run on {@code executor}. */
  public static TransformerLanguageModel load(Path path, Executor executor) throws IOException {
    Require.nonNull("path", path);
    try (InputStream in = Files.newInputStream(path)) {
      return load(in, null, executor);
    } catch (CheckpointException e) {
      throw new CheckpointException(path + ": " + e.getMessage());
    }
  }

  /**
   * Loads a checkpoint from {@code in}. {@code tokenizer} is needed only for checkpoints of models with a custom
   * tokenizer (neither {@link ByteTokenizer} nor {@link WordTokenizer}); when given it must have the saved vocabulary
   * size.
   *
   * @throws CheckpointException when the stream is not a checkpoint, has another format version, is truncated, fails
   *     its checksum, or contradicts itself
   */
  public static TransformerLanguageModel load(
      InputStream in, @Nullable Tokenizer tokenizer, Executor executor) throws IOException {
    Require.nonNull("in", in);
    Require.nonNull("executor", executor);
    DataInputStream data = new DataInputStream(in);
    byte[] magic = new byte[MAGIC.length];
    int got = data.readNBytes(magic, 0, magic.length);
    if (got < magic.length || !Arrays.equals(magic, MAGIC)) {
      throw new CheckpointException(
          "not an align4j language-model checkpoint (the file does not start with "
              + "\"ALIGN4J-LM\")");
    }
    int version;
    long length;
    try {
      version = data.readInt();
      length = data.readLong();
    } catch (EOFException e) {
      throw new CheckpointException("checkpoint truncated inside its header");
    }
    if (version != FORMAT_VERSION && version != 1) {
      throw new CheckpointException(
          "checkpoint format version "
              + version
              + " is not supported (this version of "
              + "align4j reads versions 1 and "
              + FORMAT_VERSION
              + ")");
    }
    if (length < 0 || length > Integer.MAX_VALUE - 16) {
      throw new CheckpointException(
          "checkpoint corrupt: payload length " + length + " is impossible");
    }
    byte[] payload = data.readNBytes((int) length);
    if (payload.length < length) {
      throw new CheckpointException(
          "checkpoint truncated: the header announces "
              + length
              + " payload bytes, the "
              + "file holds "
              + payload.length);
    }
    long stored;
    try {
      stored = data.readLong();
    } catch (EOFException e) {
      throw new CheckpointException(
          "checkpoint truncated: the CRC-32 checksum after the payload is missing");
    }
    CRC32 crc = new CRC32();
    crc.update(payload);
    if (crc.getValue() != stored) {
      throw new CheckpointException(
          String.format(
              Locale.ROOT,
              "checkpoint corrupt: CRC-32 mismatch (stored %08x, computed %08x)",
              stored,
              crc.getValue()));
    }
    DataInputStream p = new DataInputStream(new ByteArrayInputStream(payload));
    try {
      TransformerConfig config = readConfig(p, version);
      Tokenizer saved = readTokenizer(p, tokenizer);
      TransformerLanguageModel model =
          withKernels(saved, config, new SplittableRandom(0), executor, Kernels.active());
      model.readState(p);
      if (p.available() != 0) {
        throw new CheckpointException(
            "checkpoint corrupt: " + p.available() + " unexpected bytes after the state");
      }
      return model;
    } catch (IllegalArgumentException | EOFException e) {
      throw new CheckpointException("checkpoint contents invalid: " + e.getMessage());
    }
  }

  private void writeConfig(DataOutput out) throws IOException {
    TransformerConfig c = config;
    out.writeInt(c.contextLength());
    out.writeInt(c.width());
    out.writeInt(c.layers());
    out.writeInt(c.heads());
    out.writeInt(c.ffnWidth());
    out.writeUTF(c.positions().name());
    out.writeDouble(c.ropeBase());
    out.writeBoolean(c.valueHead());
    out.writeDouble(c.layerNormEpsilon());
    out.writeDouble(c.initStd());
    out.writeDouble(c.beta1());
    out.writeDouble(c.beta2());
    out.writeDouble(c.adamEpsilon());
    out.writeDouble(c.weightDecay());
    out.writeDouble(c.maxGradNorm());
    out.writeInt(c.gradientShards());
  }

  private static TransformerConfig readConfig(DataInput in, int version) throws IOException {
    int context = in.readInt();
    int width = in.readInt();
    int layers = in.readInt();
    int heads = in.readInt();
    int ffn = in.readInt();
    String positions = in.readUTF();
    PositionEncoding pe;
    try {
      pe = PositionEncoding.valueOf(positions);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "positions must be one of "
              + Arrays.toString(PositionEncoding.values())
              + ", was "
              + positions);
    }
    double ropeBase = in.readDouble();
    boolean valueHead = in.readBoolean();
    double layerNormEpsilon = in.readDouble();
    double initStd = in.readDouble();
    double beta1 = in.readDouble();
    double beta2 = in.readDouble();
    double adamEpsilon = in.readDouble();
    double weightDecay = in.readDouble();
    double maxGradNorm = in.readDouble();
    int gradientShards = version >= 2 ? in.readInt() : TransformerConfig.DEFAULT_GRADIENT_SHARDS;
    return new TransformerConfig(
        context,
        width,
        layers,
        heads,
        ffn,
        pe,
        ropeBase,
        valueHead,
        layerNormEpsilon,
        initStd,
        beta1,
        beta2,
        adamEpsilon,
        weightDecay,
        maxGradNorm,
        gradientShards);
  }

  private void writeTokenizer(DataOutput out) throws IOException {
    if (tokenizer instanceof ByteTokenizer) {
      out.writeUTF("byte");
    } else if (tokenizer instanceof WordTokenizer) {
      out.writeUTF("word");
      List<String> pieces = ((WordTokenizer) tokenizer).pieces();
      out.writeInt(pieces.size());
      for (String piece : pieces) {
        out.writeUTF(piece);
      }
    } else {
      out.writeUTF("custom:" + tokenizer.name());
    }
    out.writeInt(tokenizer.vocabularySize());
  }

  private static Tokenizer readTokenizer(DataInput in, @Nullable Tokenizer given)
      throws IOException {
    String kind = in.readUTF();
    Tokenizer t;
    if (kind.equals("byte")) {
      t = ByteTokenizer.INSTANCE;
    } else if (kind.equals("word")) {
      int n = in.readInt();
      Require.argument(n >= 0 && n < 10_000_000, "word pieces must be in [0, 10^7), was %s", n);
      List<String> pieces = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        pieces.add(in.readUTF());
      }
      t = WordTokenizer.fromPieces(pieces);
    } else if (given != null) {
      t = given;
    } else {
      throw new IllegalArgumentException(
          "the checkpoint uses the custom tokenizer \""
              + kind.substring(7)
              + "\"; pass it to load(InputStream, Tokenizer, Executor)");
    }
    int vocab = in.readInt();
    if (given != null && given != t) {
      Require.argument(false, "the checkpoint's tokenizer is %s, not the given one", kind);
    }
    Require.argument(
        t.vocabularySize() == vocab,
        "tokenizer vocabulary size must be %s (saved), was %s",
        vocab,
        t.vocabularySize());
    return t;
  }

  /** Writes the step count, the parameters and the AdamW moments (see {@link Checkpointable}). */
  @Override
  public void writeState(DataOutput out) throws IOException {
    requireTrainable();
    out.writeLong(stepCount);
    out.writeInt(layout.size);
    writeFloats(out, params);
    writeFloats(out, m);
    writeFloats(out, v);
  }

  /**
   * Reads a state written by {@link #writeState(DataOutput)} of a model with the same shape. Validates everything
   * (size, finiteness, non-negative second moments) before changing anything; the accumulated gradient is cleared.
   */
  @Override
  public void readState(DataInput in) throws IOException {
    requireTrainable();
    long steps = in.readLong();
    Require.argument(steps >= 0, "state step count must be >= 0, was %s", steps);
    int size = in.readInt();
    Require.argument(
        size == layout.size,
        "state parameter count must be %s (this model's), was %s",
        layout.size,
        size);
    float[] np = readFloats(in, size, "parameters");
    float[] nm = readFloats(in, size, "first moments");
    float[] nv = readFloats(in, size, "second moments");
    for (int i = 0; i < size; i++) {
      Require.argument(nv[i] >= 0, "second moments[%s] must be >= 0, was %s", i, nv[i]);
    }
    gradLock.lock();
    try {
      System.arraycopy(np, 0, params, 0, size);
      System.arraycopy(nm, 0, m, 0, size);
      System.arraycopy(nv, 0, v, 0, size);
      Arrays.fill(grads, 0f);
      stepCount = steps;
      network.refreshTransposes();
    } finally {
      gradLock.unlock();
    }
  }

  private static void writeFloats(DataOutput out, float[] a) throws IOException {
    byte[] chunk = new byte[4 * 4096];
    ByteBuffer bb = ByteBuffer.wrap(chunk);
    for (int i = 0; i < a.length; i += 4096) {
      int n = Math.min(4096, a.length - i);
      bb.clear();
      bb.asFloatBuffer().put(a, i, n);
      out.write(chunk, 0, 4 * n);
    }
  }

  private static float[] readFloats(DataInput in, int n, String what) throws IOException {
    float[] a = new float[n];
    byte[] chunk = new byte[4 * 4096];
    ByteBuffer bb = ByteBuffer.wrap(chunk);
    for (int i = 0; i < n; i += 4096) {
      int k = Math.min(4096, n - i);
      in.readFully(chunk, 0, 4 * k);
      bb.clear();
      bb.asFloatBuffer().get(a, i, k);
    }
    for (int i = 0; i < n; i++) {
      if (!Float.isFinite(a[i])) {
        throw new IllegalArgumentException(
            "state " + what + "[" + i + "] must be finite, was " + a[i]);
      }
    }
    return a;
  }

  // ------------------------------------------------------------------ test hooks

  /** The live parameter array (package-private, for gradient checks). */
  float[] parameters() {
    return params;
  }

  /** The live gradient array (package-private, for gradient checks). */
  float[] gradients() {
    return Require.nonNull("grads", grads);
  }

  Layout layout() {
    return layout;
  }

  @Override
  public String toString() {
    return "TransformerLanguageModel["
        + layout.size
        + " parameters, d="
        + config.width()
        + ", layers="
        + config.layers()
        + ", heads="
        + config.heads()
        + ", context="
        + config.contextLength()
        + ", "
        + config.positions().name().toLowerCase(Locale.ROOT)
        + " positions"
        + (config.valueHead() ? ", value head" : "")
        + ", "
        + tokenizer
        + ", step "
        + stepCount
        + "]";
  }
}
