package dev.align4j.feedback.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.check.Require;
import dev.align4j.core.llm.AuthenticationException;
import dev.align4j.core.llm.BadResponseException;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
import dev.align4j.core.llm.NonRetriableChatModelException;
import dev.align4j.core.llm.RateLimitException;
import dev.align4j.core.llm.RemoteTimeoutException;
import dev.align4j.core.llm.RetriableChatModelException;
import dev.align4j.core.llm.TokenLogProb;
import dev.align4j.core.text.Message;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ChatModel} over any OpenAI-compatible {@code POST {baseUrl}/chat/completions} endpoint: OpenAI
 * ({@code https://api.openai.com/v1}), vLLM ({@code http://host:8000/v1}), Ollama ({@code http://localhost:11434/v1})
 * and llama.cpp's server ({@code http://localhost:8080/v1}) all work without code changes, because only the common
 * subset of the protocol is used: {@code model}, {@code messages}, {@code temperature}, {@code max_tokens},
 * {@code seed}, {@code stop}, and {@code logprobs}/{@code top_logprobs} only when asked for.
 *
 * <p>Resilience, all configurable on the {@link Builder}: retries with full-jitter exponential backoff on 408/409/429/
 * 5xx, timeouts, dropped connections and malformed bodies, honouring {@code Retry-After} ({@link RetryPolicy}); a
 * concurrency limit (a semaphore around each HTTP attempt, not around the waits); an optional sliding-window rate
 * limit ({@link RateLimit}: at most N attempts start in any window, counted when the request is sent, after the
 * concurrency permit); a circuit breaker ({@link CircuitBreaker}). Refusals (a {@code refusal} field or a null
 * content) fail without retry.
 *
 * <p>Failures are typed (see {@link ChatModelException}): HTTP 401 and 403 throw {@link AuthenticationException}, 429
 * {@link RateLimitException}, a client timeout or HTTP 408 {@link RemoteTimeoutException}, malformed JSON or an answer
 * without choices {@link BadResponseException}, 409 and 5xx and I/O failures a {@link RetriableChatModelException},
 * other 4xx and refusals a {@link NonRetriableChatModelException}. When retries run out, or a {@code Retry-After}
 * exceeds the policy's maximum, the exception is a {@link RetriableChatModelException} whose cause is the last typed
 * failure.
 *
 * <p>Failures are loud: every {@link ChatModelException} keeps its cause (an endpoint that refuses connections gives
 * a chain that reaches the {@link java.net.ConnectException}); the first failed attempt of a series is logged at WARN
 * with the endpoint and the cause, the circuit opening at WARN, the recovery at INFO, the rest at DEBUG. Without any
 * logging, {@link #check()} (one probe call, for start-up) and {@link #health()} (failures, circuit state and
 * open time, the last failure) tell the application that the endpoint is down.
 *
 * <p>The API key is read from its supplier on every call (so it can rotate) and is sent only in the
 * {@code Authorization: Bearer} header. It never appears in logs, exception messages or {@link #toString()}: any
 * server text quoted in an exception or log line is scrubbed of it first.
 *
 * <p>Threads: {@link #chat} runs on the caller's thread; {@link #chatAsync} on the executor given to it. The JDK
 * {@link HttpClient} uses the executor passed to {@link Builder#httpExecutor} (or its own default pool when none is
 * given — the only threads this class can cause).
 */
public final class OpenAiChatModel implements ChatModel {
  /** The default base URL (OpenAI). */
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  /** The default environment variable holding the API key. */
  public static final String DEFAULT_API_KEY_VARIABLE = "OPENAI_API_KEY";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_QUOTED_BODY = 300;

  private final URI endpoint;
  private final String baseUrl;
  private final String model;
  private final Supplier<@Nullable String> apiKey;
  private final Duration requestTimeout;
  private final RetryPolicy retry;
  private final Semaphore permits;
  private final int maxConcurrency;
  private final @Nullable RateLimit rateLimit;
  private final CircuitBreaker breaker;
  private final Clock clock;
  private final RandomGenerator random;
  private final Sleeper sleeper;
  private final Logger log;
  private final HttpClient http;
  private final Object health = new Object();
  private long failedAttempts;
  private long rejectedByOpenCircuit;
  private int consecutiveFailures;
  private @Nullable Instant failingSince;
  private @Nullable Instant lastSuccessAt;
  private @Nullable ChatModelException lastFailure;

  private OpenAiChatModel(Builder b) {
    this.baseUrl = stripSlash(b.baseUrl);
    this.endpoint = URI.create(baseUrl + "/chat/completions");
    this.model = Require.nonBlank("model", b.model);
    this.apiKey = b.apiKey;
    this.requestTimeout = b.requestTimeout;
    this.retry = b.retry;
    this.maxConcurrency = b.maxConcurrency;
    this.permits = new Semaphore(b.maxConcurrency, true);
    this.rateLimit = b.rateLimit;
    this.clock = b.clock;
    this.breaker = b.circuitBreaker != null ? b.circuitBreaker : new CircuitBreaker(8, Duration.ofSeconds(30), b.clock);
    this.random = b.random;
    this.sleeper = b.sleeper;
    this.log = b.logger;
    HttpClient.Builder hb =
        HttpClient.newBuilder().connectTimeout(b.connectTimeout).version(HttpClient.Version.HTTP_1_1);
    if (b.httpExecutor != null) {
      hb.executor(b.httpExecutor);
    }
    this.http = hb.build();
  }

  /** A builder; {@link Builder#model} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String modelId() {
    return model;
  }

  /** The circuit breaker's current state. */
  public CircuitBreaker.State circuitState() {
    return breaker.state();
  }

  /**
   * What this client has seen of its endpoint so far — readable without any logging binding, so an application can
   * tell (and show, or alert on) that the AI side is down.
   */
  public EndpointHealth health() {
    synchronized (health) {
      return new EndpointHealth(endpointText(), breaker.state(), breaker.openTime(), breaker.timesOpened(),
          failedAttempts, rejectedByOpenCircuit, consecutiveFailures, failingSince, lastSuccessAt, lastFailure);
    }
  }

  /**
   * Checks the endpoint at once with one real call (a one-token chat completion, no retries, not blocked by an open
   * circuit breaker; the rate and concurrency limits apply). Call it at start-up: it returns when the endpoint
   * answered, and otherwise throws a {@link ChatModelException} whose cause chain holds the failure (for an endpoint
   * that refuses connections it reaches the {@link java.net.ConnectException}). Any failure counts: a wrong key (401),
   * an unknown model (404) and a refusal fail the check. The result is recorded in {@link #health()}.
   */
  @Override
  public void check() {
    ChatRequest probe = ChatRequest.of(List.of(Message.user("Reply with OK.")), 1);
    byte[] body = requestBody(probe);
    try {
      attempt(body, probe);
      recordSuccess();
    } catch (RetriableChatModelException e) {
      recordFailure(e);
      throw new RetriableChatModelException("health check of " + endpointText() + " failed: " + e.getMessage(), null,
          e);
    } catch (ChatModelException e) {
      throw new NonRetriableChatModelException("health check of " + endpointText() + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    Require.nonNull("request", request);
    byte[] body = requestBody(request);
    RetriableChatModelException last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      if (attempt > 1) {
        Duration wait = retry.delayBefore(attempt - 1, last.retryAfter().orElse(null), random);
        log.debug("chat call to {} failed ({}); retry {} of {} in {} ms", endpointText(), last.getMessage(),
            attempt - 1, retry.maxAttempts() - 1, wait.toMillis());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new NonRetriableChatModelException("interrupted while waiting to retry " + endpointText(), e);
        }
      }
      if (!breaker.allow()) {
        throw circuitOpen();
      }
      try {
        ChatResponse response = attempt(body, request);
        recordSuccess();
        return response;
      } catch (RetriableChatModelException e) {
        recordFailure(e);
        last = e;
        Duration retryAfter = e.retryAfter().orElse(null);
        if (retryAfter != null && retryAfter.compareTo(retry.maxRetryAfter()) > 0) {
          throw new RetriableChatModelException(
              e.getMessage() + "; Retry-After " + retryAfter.toSeconds() + " s exceeds maxRetryAfter "
                  + retry.maxRetryAfter().toSeconds() + " s", retryAfter, e);
        }
      } catch (ChatModelException e) {
        breaker.onSuccess(); // the endpoint answered; a refusal or 4xx says nothing about its health
        throw e;
      }
    }
    log.debug("chat call to {} failed after {} attempts: {}", endpointText(), retry.maxAttempts(), last.getMessage());
    throw new RetriableChatModelException(
        "chat call to " + endpointText() + " failed after " + retry.maxAttempts() + " attempts: " + last.getMessage(),
        last.retryAfter().orElse(null), last);
  }

  private CircuitOpenException circuitOpen() {
    ChatModelException cause;
    int failures;
    synchronized (health) {
      rejectedByOpenCircuit++;
      cause = lastFailure;
      failures = consecutiveFailures;
    }
    String reason = cause == null ? "" : " after " + failures + " consecutive failed attempts (last: "
        + cause.getMessage() + ")";
    return new CircuitOpenException("circuit breaker is open for " + endpointText() + reason + "; no call was made",
        cause);
  }

  /** Counts a failed attempt; the first of a series is logged at WARN with its cause, the rest at DEBUG. */
  private void recordFailure(ChatModelException failure) {
    CircuitBreaker.State before = breaker.state();
    breaker.onFailure();
    boolean opened = before != CircuitBreaker.State.OPEN && breaker.state() == CircuitBreaker.State.OPEN;
    boolean first;
    int consecutive;
    synchronized (health) {
      failedAttempts++;
      consecutive = ++consecutiveFailures;
      first = consecutive == 1;
      if (first) {
        failingSince = clock.instant();
      }
      lastFailure = failure;
    }
    if (first) {
      log.warn("chat endpoint {} failed: {} (further failures are logged at DEBUG until it answers again; see "
          + "health())", endpointText(), failure.getMessage(), failure);
    } else {
      log.debug("chat endpoint {} failed again ({} in a row): {}", endpointText(), consecutive, failure.getMessage());
    }
    if (opened) {
      log.warn("circuit breaker for {} opened after {} consecutive failed attempts: calls fail at once while it is "
          + "open", endpointText(), consecutive);
    }
  }

  private void recordSuccess() {
    breaker.onSuccess();
    int recovered;
    synchronized (health) {
      recovered = consecutiveFailures;
      consecutiveFailures = 0;
      failingSince = null;
      lastSuccessAt = clock.instant();
    }
    if (recovered > 0) {
      log.info("chat endpoint {} answers again after {} failed attempts", endpointText(), recovered);
    }
  }

  /**
   * One HTTP attempt. The concurrency permit is taken first and the rate limit second, while holding the permit, so
   * the moment the limit counts is the moment the request is sent: a caller never holds a counted start while it waits
   * for a permit (which would let the held starts go out later in a burst).
   */
  private ChatResponse attempt(byte[] body, ChatRequest request) {
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NonRetriableChatModelException("interrupted while waiting for a permit for " + endpointText(), e);
    }
    HttpResponse<String> response;
    try {
      if (rateLimit != null) {
        rateLimit.acquire();
      }
      HttpRequest.Builder rb =
          HttpRequest.newBuilder(endpoint)
              .timeout(requestTimeout)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      String key = apiKey.get();
      if (key != null && !key.isBlank()) {
        rb.header("Authorization", "Bearer " + key);
      }
      response = http.send(rb.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new RemoteTimeoutException("timed out after " + requestTimeout.toMillis() + " ms calling " + endpointText(),
          null, safeCause(e));
    } catch (IOException e) {
      throw new RetriableChatModelException("I/O failure calling " + endpointText() + ": " + describe(e), null,
          safeCause(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NonRetriableChatModelException("interrupted while calling " + endpointText(), e);
    } finally {
      permits.release();
    }
    int status = response.statusCode();
    if (status < 200 || status >= 300) {
      throw failure(status, "HTTP " + status + " from " + endpointText() + ": " + quote(response.body()),
          parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant()));
    }
    return parse(response.body(), request);
  }

  /**
   * The typed failure for a non-2xx status: 401 and 403 authentication, 429 rate limit, 408 timeout, 409 and 5xx
   * retriable, any other status non-retriable.
   */
  static ChatModelException failure(int status, String message, @Nullable Duration retryAfter) {
    if (status == 401 || status == 403) {
      return new AuthenticationException(message, null);
    }
    if (status == 429) {
      return new RateLimitException(message, retryAfter, null);
    }
    if (status == 408) {
      return new RemoteTimeoutException(message, retryAfter, null);
    }
    if (status == 409 || status >= 500) {
      return new RetriableChatModelException(message, retryAfter, null);
    }
    return new NonRetriableChatModelException(message, null);
  }

  /**
   * {@code Class: message} of a failure and of its causes (a JDK connect failure has a null message; its class is the
   * information), scrubbed of the key.
   */
  private String describe(Throwable t) {
    StringBuilder sb = new StringBuilder();
    int depth = 0;
    for (Throwable c = t; c != null && depth < 4; c = c.getCause(), depth++) {
      if (depth > 0) {
        sb.append(" <- ");
      }
      sb.append(c.getClass().getName());
      if (c.getMessage() != null) {
        sb.append(": ").append(scrub(c.getMessage()));
      }
    }
    return sb.toString();
  }

  /**
   * The failure itself as a cause, unless a message in its chain contains the key (a parser quoting a body that echoed
   * it): then a stand-in of the same description, scrubbed, with the original stack trace.
   */
  private Throwable safeCause(Throwable t) {
    String key = currentKey();
    boolean leaks = false;
    for (Throwable c = t; c != null; c = c.getCause()) {
      leaks |= key != null && c.getMessage() != null && c.getMessage().contains(key);
    }
    if (!leaks) {
      return t;
    }
    IOException standIn = new IOException(describe(t));
    standIn.setStackTrace(t.getStackTrace());
    return standIn;
  }

  private ChatResponse parse(String body, ChatRequest request) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new BadResponseException("malformed JSON from " + endpointText() + ": " + quote(body), safeCause(e));
    }
    JsonNode choice = root == null ? null : root.path("choices").path(0);
    if (choice == null || choice.isMissingNode() || !choice.isObject()) {
      throw new BadResponseException("no choices in the answer from " + endpointText() + ": " + quote(body), null);
    }
    JsonNode message = choice.path("message");
    JsonNode refusal = message.path("refusal");
    if (refusal.isTextual() && !refusal.asText().isBlank()) {
      throw new NonRetriableChatModelException("the model refused: " + quote(refusal.asText()), null);
    }
    JsonNode content = message.path("content");
    if (!content.isTextual()) {
      throw new NonRetriableChatModelException(
          "the answer from " + endpointText() + " has no text content (refusal or tool call)", null);
    }
    List<TokenLogProb> tokens = new ArrayList<>();
    if (request.wantsLogProbs()) {
      for (JsonNode t : choice.path("logprobs").path("content")) {
        List<TokenLogProb.Alternative> alts = new ArrayList<>();
        for (JsonNode a : t.path("top_logprobs")) {
          alts.add(
              new TokenLogProb.Alternative(a.path("token").asText(""), clampLogProb(a.path("logprob").asDouble())));
        }
        tokens.add(new TokenLogProb(t.path("token").asText(""), clampLogProb(t.path("logprob").asDouble()), alts));
      }
    }
    JsonNode usage = root.path("usage");
    String finish = choice.path("finish_reason").isTextual() ? choice.path("finish_reason").asText() : null;
    return new ChatResponse(content.asText(), tokens, finish, usage.path("prompt_tokens").asInt(-1),
        usage.path("completion_tokens").asInt(-1));
  }

  private static double clampLogProb(double lp) {
    // Servers print -9999 for "-inf" or tiny positive rounding noise; keep the value a valid log-probability.
    return Double.isNaN(lp) ? Double.NEGATIVE_INFINITY : Math.min(0.0, lp);
  }

  private byte[] requestBody(ChatRequest request) {
    ObjectNode o = JSON.createObjectNode();
    o.put("model", model);
    ArrayNode msgs = o.putArray("messages");
    for (Message m : request.messages()) {
      msgs.addObject().put("role", m.role().wireName()).put("content", m.content());
    }
    o.put("temperature", request.temperature());
    o.put("max_tokens", request.maxTokens());
    if (request.wantsLogProbs()) {
      o.put("logprobs", true);
      o.put("top_logprobs", request.topLogProbs());
    }
    if (request.seed() != null) {
      o.put("seed", request.seed());
    }
    if (!request.stop().isEmpty()) {
      ArrayNode s = o.putArray("stop");
      request.stop().forEach(s::add);
    }
    try {
      return JSON.writeValueAsBytes(o);
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise a chat request", e);
    }
  }

  /**
   * Parses {@code Retry-After}: delta-seconds or an HTTP-date (measured from {@code now}, the injected clock's
   * instant); null when absent or unreadable.
   */
  static @Nullable Duration parseRetryAfter(@Nullable String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      double seconds = Double.parseDouble(v);
      return seconds < 0 || !Double.isFinite(seconds) ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
    } catch (NumberFormatException notNumber) {
      try {
        ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(now, when.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notDate) {
        return null;
      }
    }
  }

  private String endpointText() {
    return endpoint.toString();
  }

  private String quote(@Nullable String body) {
    if (body == null) {
      return "\"\"";
    }
    return "\"" + Require.abbreviate(scrub(body), MAX_QUOTED_BODY) + "\"";
  }

  /** Removes the API key from text that came from elsewhere (a server echoing headers, an exception message). */
  private String scrub(String text) {
    String key = currentKey();
    return key == null ? text : text.replace(key, "***");
  }

  private @Nullable String currentKey() {
    String key;
    try {
      key = apiKey.get();
    } catch (RuntimeException e) {
      return null;
    }
    return key == null || key.isBlank() ? null : key;
  }

  private static String stripSlash(String url) {
    String u = Require.nonBlank("baseUrl", url).trim();
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    Require.argument(u.startsWith("http://") || u.startsWith("https://"),
        "baseUrl must start with http:// or https://, was %s", u);
    return u;
  }

  @Override
  public String toString() {
    return "OpenAiChatModel[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=***, maxConcurrency="
        + maxConcurrency + ", retry=" + retry + "]";
  }

  /** Configures an {@link OpenAiChatModel}. */
  public static final class Builder {
    private String baseUrl = DEFAULT_BASE_URL;
    private @Nullable String model;
    private Supplier<@Nullable String> apiKey = () -> System.getenv(DEFAULT_API_KEY_VARIABLE);
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration requestTimeout = Duration.ofSeconds(60);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private int maxConcurrency = 16;
    private @Nullable RateLimit rateLimit;
    private @Nullable CircuitBreaker circuitBreaker;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new SplittableRandom(0x5eed);
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Logger logger = LoggerFactory.getLogger(OpenAiChatModel.class);
    private @Nullable Executor httpExecutor;

    private Builder() {}

    /** Base URL up to and including {@code /v1} (default {@value #DEFAULT_BASE_URL}). */
    public Builder baseUrl(String url) {
      this.baseUrl = stripSlash(url);
      return this;
    }

    /** The model name sent in every request (required). */
    public Builder model(String name) {
      this.model = Require.nonBlank("model", name);
      return this;
    }

    /**
     * Reads the key from environment variable {@code name} on every call (default {@value #DEFAULT_API_KEY_VARIABLE}).
     */
    public Builder apiKeyFromEnvironment(String name) {
      Require.nonBlank("name", name);
      this.apiKey = () -> System.getenv(name);
      return this;
    }

    /** Reads the key from {@code supplier} on every call; a null or blank key sends no Authorization header. */
    public Builder apiKey(Supplier<@Nullable String> supplier) {
      this.apiKey = Require.nonNull("apiKey", supplier);
      return this;
    }

    /** Sends no key (local vLLM, Ollama, llama.cpp servers). */
    public Builder noApiKey() {
      this.apiKey = () -> null;
      return this;
    }

    /** TCP connect timeout (default 10 s). */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive("connectTimeout", timeout);
      return this;
    }

    /** Whole-response timeout per attempt (default 60 s). */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive("requestTimeout", timeout);
      return this;
    }

    /** Retry policy (default {@link RetryPolicy#DEFAULT}). */
    public Builder retry(RetryPolicy policy) {
      this.retry = Require.nonNull("retry", policy);
      return this;
    }

    /** The most HTTP calls in flight at once (default 16). */
    public Builder maxConcurrency(int permits) {
      this.maxConcurrency = Require.positive("maxConcurrency", permits);
      return this;
    }

    /**
     * At most {@code maxRequests} HTTP attempts start in any window of length {@code window}, from the first request
     * on ({@link RateLimit}, on the system clock); none by default. Provider limits such as "500 requests per minute"
     * map to {@code rateLimit(500, Duration.ofMinutes(1))}.
     */
    public Builder rateLimit(int maxRequests, Duration window) {
      this.rateLimit = new RateLimit(maxRequests, window);
      return this;
    }

    /** A caller-built rate limit (e.g. shared by several clients of one endpoint, or on a test clock). */
    public Builder rateLimit(RateLimit limit) {
      this.rateLimit = Require.nonNull("rateLimit", limit);
      return this;
    }

    /** The circuit breaker (default: opens after 8 consecutive failed attempts, for 30 s). */
    public Builder circuitBreaker(CircuitBreaker breaker) {
      this.circuitBreaker = Require.nonNull("circuitBreaker", breaker);
      return this;
    }

    /** Clock of the default circuit breaker and of HTTP-date {@code Retry-After} values (default UTC system clock). */
    public Builder clock(Clock c) {
      this.clock = Require.nonNull("clock", c);
      return this;
    }

    /** Jitter source (default a {@code SplittableRandom} seeded with a constant, so runs are reproducible). */
    public Builder random(RandomGenerator r) {
      this.random = Require.nonNull("random", r);
      return this;
    }

    /** How retries wait (default {@link Sleeper#SYSTEM}). */
    public Builder sleeper(Sleeper s) {
      this.sleeper = Require.nonNull("sleeper", s);
      return this;
    }

    /** Where the client logs (default the class's slf4j logger); never receives the key. */
    public Builder logger(Logger l) {
      this.logger = Require.nonNull("logger", l);
      return this;
    }

    /** Executor for the JDK HTTP client's internal work (default: the JDK client's own pool). */
    public Builder httpExecutor(Executor executor) {
      this.httpExecutor = Require.nonNull("httpExecutor", executor);
      return this;
    }

    /** Builds the client. */
    public OpenAiChatModel build() {
      Require.argument(model != null, "model must be set, was null");
      return new OpenAiChatModel(this);
    }

    private static Duration positive(String name, Duration d) {
      Require.nonNull(name, d);
      Require.argument(!d.isNegative() && !d.isZero(), "%s must be > 0, was %s", name, d);
      return d;
    }

    @Override
    public String toString() {
      return "OpenAiChatModel.Builder[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=***]";
    }
  }

}
