package dev.align4j.rewards.server;

import com.sun.net.httpserver.HttpServer;
import dev.align4j.core.RewardModel;
import dev.align4j.core.check.Require;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link RewardModel} over HTTP on the JDK's {@code com.sun.net.httpserver}, so that a GPU trainer's remote
 * reward URL can point at a JVM reward model:
 *
 * <ul>
 *   <li>{@code POST /get_reward} — OpenRLHF's remote reward-model protocol (the path of its {@code serve_rm}):
 *       {@code {"query": [...], "prompts": [...], "labels": [...]}} →
 *       {@code {"rewards": [...], "scores": [...], "extra_logs": {}}}, one float per query;
 *   <li>{@code POST /v1/score} — align4j's own: {@code {"items": [{"prompt": "...", "response": "..."}]}} →
 *       {@code {"scores": [...]}};
 *   <li>{@code GET /health} — 200 {@code {"status":"ok"}}, or 503 {@code {"status":"draining"}} while shutting down;
 *   <li>{@code GET /metrics} — {@link RewardServerMetrics} as JSON.
 * </ul>
 *
 * <p>Concurrent requests are coalesced into model calls of at most {@link Builder#maxBatchItems} items, waiting at
 * most {@link Builder#maxWait} for a batch to fill; at most {@link Builder#queueCapacityItems} items wait, beyond
 * which a request is refused with 429 and {@code Retry-After}. Bodies over {@link Builder#maxBodyBytes} and requests
 * of more than {@link Builder#maxItemsPerRequest} items are refused with 413; malformed payloads with 400 naming the
 * field; a model that throws fails only the requests whose items it failed on (500 with the exception's class and
 * message; logged with its cause) and the server carries on. With {@link Builder#bearerToken} set, the scoring and
 * metrics endpoints require {@code Authorization: Bearer <token>} (or OpenRLHF's {@code X-Api-Key: <token>}),
 * compared in constant time over SHA-256 digests; the token is kept only as its digest.
 *
 * <p>Threads: requests are handled on the caller's {@link Executor}, and a request thread that finds a free worker slot
 * (at most {@link Builder#maxWorkers}) scores batches for every waiting request and writes their responses; there is
 * no thread of the server's own besides the JDK server's one dispatcher thread, which only accepts connections.
 * {@link #close()} drains: new requests get 503, every request already received is scored and answered (within
 * {@link Builder#shutdownGrace}; after it, the ones still queued get 503), then the listener closes.
 */
public final class RewardServer implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(RewardServer.class);

  private enum State {
    NEW,
    RUNNING,
    DRAINING,
    STOPPED
  }

  private final RewardModel model;
  private final InetAddress bindAddress;
  private final int port;
  private final int backlog;
  private final Executor executor;
  private final Duration shutdownGrace;
  private final MetricsRecorder metrics = new MetricsRecorder();
  private final ScoringBatcher batcher;
  private final RewardHttpHandler handler;
  private final Object inFlightLock = new Object();
  private int inFlight;
  private volatile State state = State.NEW;
  private @Nullable HttpServer http;

  private RewardServer(Builder b) {
    this.model = Require.nonNull("model", b.model);
    this.executor = Require.nonNull("executor", b.executor);
    this.bindAddress = b.bindAddress;
    this.port = b.port;
    this.backlog = b.backlog;
    this.shutdownGrace = b.shutdownGrace;
    Require.argument(
        b.maxItemsPerRequest <= b.queueCapacityItems,
        "maxItemsPerRequest (%d) must not exceed queueCapacityItems (%d): such a request could never be queued",
        b.maxItemsPerRequest,
        b.queueCapacityItems);
    this.batcher =
        new ScoringBatcher(
            model,
            b.maxBatchItems,
            b.maxWait.toNanos(),
            b.queueCapacityItems,
            b.maxWorkers,
            metrics);
    this.handler =
        new RewardHttpHandler(
            this,
            batcher,
            metrics,
            b.tokenDigest,
            b.maxBodyBytes,
            b.maxItemsPerRequest,
            b.splitter);
  }

  /** A builder; {@code model} and {@code executor} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Binds the listener and starts serving.
   *
   * @return the bound address (with the chosen port when the builder's port was 0)
   * @throws IllegalStateException when already started or closed
   * @throws UncheckedIOException when the address cannot be bound
   */
  public synchronized InetSocketAddress start() {
    if (state != State.NEW) {
      throw new IllegalStateException(
          "the reward server was already started (state " + state + ")");
    }
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(bindAddress, port), backlog);
      s.createContext("/", handler);
      s.setExecutor(executor);
      s.start();
      http = s;
      state = State.RUNNING;
      LOG.info("reward server listening on {} ({})", s.getAddress(), handler.authDescription());
      return s.getAddress();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot bind the reward server to " + bindAddress + ":" + port, e);
    }
  }

  /** The bound address, once started and until closed. */
  public synchronized Optional<InetSocketAddress> address() {
    return http == null ? Optional.empty() : Optional.of(http.getAddress());
  }

  /**
   * The base URL, e.g. {@code http://127.0.0.1:5000} (append {@code /get_reward} for OpenRLHF).
   *
   * @throws IllegalStateException when not listening
   */
  public URI baseUri() {
    InetSocketAddress a =
        address()
            .orElseThrow(() -> new IllegalStateException("the reward server is not listening"));
    String host = a.getAddress().getHostAddress();
    return URI.create(
        "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort());
  }

  /** The counters now. */
  public RewardServerMetrics metrics() {
    int flying;
    synchronized (inFlightLock) {
      flying = inFlight;
    }
    return metrics.snapshot(
        batcher.queuedRequests(), batcher.queuedItems(), flying, state == State.DRAINING);
  }

  /** Whether the server is draining or stopped (new requests are refused with 503). */
  boolean refusing() {
    State s = state;
    return s == State.DRAINING || s == State.STOPPED;
  }

  void requestStarted() {
    synchronized (inFlightLock) {
      inFlight++;
    }
  }

  void requestFinished() {
    synchronized (inFlightLock) {
      inFlight--;
      if (inFlight == 0) {
        inFlightLock.notifyAll();
      }
    }
  }

  private boolean awaitNoRequests(long nanos) throws InterruptedException {
    long deadline = System.nanoTime() + nanos;
    synchronized (inFlightLock) {
      while (inFlight > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(inFlightLock, left);
      }
      return true;
    }
  }

  /**
   * Drains and stops: new requests are refused with 503 from now on; every request already received is scored and
   * answered, waiting at most the builder's {@code shutdownGrace}; requests still queued after it are answered 503;
   * then the listener and the open connections close. Idempotent; a server never started just becomes closed.
   */
  @Override
  public void close() {
    HttpServer s;
    synchronized (this) {
      if (state == State.NEW) {
        state = State.STOPPED;
        return;
      }
      if (state != State.RUNNING) {
        return;
      }
      state = State.DRAINING;
      s = http;
    }
    long t0 = System.nanoTime();
    batcher.flush();
    boolean interrupted = false;
    try {
      if (!awaitNoRequests(shutdownGrace.toNanos())) {
        LOG.warn(
            "reward server: {} request(s) still open after the {} grace period; answering the queued ones 503",
            metrics().inFlightRequests(),
            shutdownGrace);
        batcher.failQueued(
            new HttpRefusal(503, "the reward server stopped before scoring this request", 1, null));
        awaitNoRequests(TimeUnit.SECONDS.toNanos(1));
      }
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (s != null) {
      s.stop(0);
    }
    synchronized (this) {
      http = null;
      state = State.STOPPED;
    }
    LOG.info(
        "reward server stopped after draining for {} ms", (System.nanoTime() - t0) / 1_000_000);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized String toString() {
    return "RewardServer["
        + (http == null
            ? state.name().toLowerCase(Locale.ROOT)
            : "listening on " + http.getAddress())
        + ", "
        + handler.authDescription()
        + ", model="
        + model.getClass().getSimpleName()
        + "]";
  }

  /**
   * Settings of a {@link RewardServer}; every default is listed with where it comes from in the module README
   * ("Reward server").
   */
  public static final class Builder {
    private @Nullable RewardModel model;
    private @Nullable Executor executor;
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port = 5000;
    private int backlog;
    private int maxBatchItems = 64;
    private Duration maxWait = Duration.ZERO;
    private int queueCapacityItems = 4096;
    private int maxWorkers = Runtime.getRuntime().availableProcessors();
    private int maxBodyBytes = 8 << 20;
    private int maxItemsPerRequest = 1024;
    private byte @Nullable [] tokenDigest;
    private QuerySplitter splitter = QuerySplitter.PROMPT_PREFIX;
    private Duration shutdownGrace = Duration.ofSeconds(30);

    private Builder() {}

    /** The model served (required). It is called from several workers at once unless {@code maxWorkers(1)}. */
    public Builder model(RewardModel model) {
      this.model = Require.nonNull("model", model);
      return this;
    }

    /**
     * Runs request handling (required). A request thread that finds a free worker slot scores batches until the queue
     * is empty, so give it more threads than {@code maxWorkers}.
     */
    public Builder executor(Executor executor) {
      this.executor = Require.nonNull("executor", executor);
      return this;
    }

    /** The address to listen on; default the loopback address (a trainer on another host needs a reachable one). */
    public Builder bindAddress(InetAddress bindAddress) {
      this.bindAddress = Require.nonNull("bindAddress", bindAddress);
      return this;
    }

    /** The port; 0 picks a free one. Default 5000, the port of OpenRLHF's {@code serve_rm}. */
    public Builder port(int port) {
      this.port = Require.inClosedRange("port", port, 0, 65535);
      return this;
    }

    /** The listen backlog; 0 (default) for the system's. */
    public Builder backlog(int backlog) {
      this.backlog = Require.nonNegative("backlog", backlog);
      return this;
    }

    /** The most items in one model call; default 64. A request larger than this is scored alone, never split. */
    public Builder maxBatchItems(int maxBatchItems) {
      this.maxBatchItems = Require.positive("maxBatchItems", maxBatchItems);
      return this;
    }

    /**
     * How long the oldest waiting request may wait for a batch to fill; default 0, as Triton's dynamic batcher (no
     * delay: requests coalesce while every worker is busy). A model whose cost per call dwarfs its cost per item (a
     * GPU model) gains from a few milliseconds.
     */
    public Builder maxWait(Duration maxWait) {
      Require.nonNull("maxWait", maxWait);
      Require.argument(!maxWait.isNegative(), "maxWait must not be negative, got %s", maxWait);
      this.maxWait = maxWait;
      return this;
    }

    /** The most items waiting for the model; beyond, requests are refused with 429. Default 4096. */
    public Builder queueCapacityItems(int queueCapacityItems) {
      this.queueCapacityItems = Require.positive("queueCapacityItems", queueCapacityItems);
      return this;
    }

    /** The most model calls at once; default the number of available processors. */
    public Builder maxWorkers(int maxWorkers) {
      this.maxWorkers = Require.positive("maxWorkers", maxWorkers);
      return this;
    }

    /** The largest request body, in bytes; larger ones are refused with 413. Default 8 MiB. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      this.maxBodyBytes = Require.positive("maxBodyBytes", maxBodyBytes);
      return this;
    }

    /** The most items in one request; more are refused with 413. Default 1024. */
    public Builder maxItemsPerRequest(int maxItemsPerRequest) {
      this.maxItemsPerRequest = Require.positive("maxItemsPerRequest", maxItemsPerRequest);
      return this;
    }

    /**
     * Requires {@code Authorization: Bearer <token>} (or {@code X-Api-Key: <token>}) on the scoring and metrics
     * endpoints. Only the token's SHA-256 digest is kept; it is never logged. Default: no authentication.
     */
    public Builder bearerToken(String token) {
      Require.nonBlank("token", token);
      this.tokenDigest = sha256(token);
      return this;
    }

    /** How an OpenRLHF query becomes a (prompt, completion) pair; default {@link QuerySplitter#PROMPT_PREFIX}. */
    public Builder querySplitter(QuerySplitter splitter) {
      this.splitter = Require.nonNull("splitter", splitter);
      return this;
    }

    /** How long {@link RewardServer#close()} waits for requests in progress; default 30 s. */
    public Builder shutdownGrace(Duration shutdownGrace) {
      Require.nonNull("shutdownGrace", shutdownGrace);
      Require.argument(
          !shutdownGrace.isNegative(), "shutdownGrace must not be negative, got %s", shutdownGrace);
      this.shutdownGrace = shutdownGrace;
      return this;
    }

    /** A server (not yet listening: call {@link RewardServer#start()}). */
    public RewardServer build() {
      return new RewardServer(this);
    }
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
