package dev.align4j.feedback.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.check.Require;
import dev.align4j.core.llm.ChatModel;
import dev.align4j.core.llm.ChatModelException;
import dev.align4j.core.llm.ChatRequest;
import dev.align4j.core.llm.ChatResponse;
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
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
 * concurrency limit (a semaphore around each HTTP attempt, not around the waits); an optional token-bucket rate
 * limit ({@link TokenBucket}); a circuit breaker ({@link CircuitBreaker}). Refusals (a {@code refusal} field or a
 * null content) fail without retry.
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
  private final @Nullable TokenBucket rateLimit;
  private final CircuitBreaker breaker;
  private final Clock clock;
  private final RandomGenerator random;
  private final Sleeper sleeper;
  private final Logger log;
  private final HttpClient http;

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

  @Override
  public ChatResponse chat(ChatRequest request) {
    Require.nonNull("request", request);
    byte[] body = requestBody(request);
    ChatModelException last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      if (attempt > 1) {
        Duration wait = retry.delayBefore(attempt - 1, last instanceof RetryableCall ? ((RetryableCall) last).retryAfter : null, random);
        log.debug("chat call to {} failed ({}); retry {} of {} in {} ms", baseUrl, last.getMessage(), attempt - 1,
            retry.maxAttempts() - 1, wait.toMillis());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ChatModelException("interrupted while waiting to retry " + endpointText(), false, e);
        }
      }
      try {
        ChatResponse response = attempt(body, request);
        breaker.onSuccess();
        return response;
      } catch (RetryableCall e) {
        if (!e.countsAgainstBreaker) {
          throw e.asPublic();
        }
        breaker.onFailure();
        last = e;
        if (e.retryAfter != null && e.retryAfter.compareTo(retry.maxRetryAfter()) > 0) {
          throw new ChatModelException(
              e.getMessage() + "; Retry-After " + e.retryAfter.toSeconds() + " s exceeds maxRetryAfter "
                  + retry.maxRetryAfter().toSeconds() + " s", true, null);
        }
      } catch (ChatModelException e) {
        breaker.onSuccess(); // the endpoint answered; a refusal or 4xx says nothing about its health
        throw e;
      }
    }
    log.warn("chat call to {} failed after {} attempts: {}", baseUrl, retry.maxAttempts(), last.getMessage());
    throw new ChatModelException(
        "chat call to " + endpointText() + " failed after " + retry.maxAttempts() + " attempts: " + last.getMessage(),
        true, null);
  }

  private ChatResponse attempt(byte[] body, ChatRequest request) {
    if (!breaker.allow()) {
      throw new RetryableCall("circuit breaker is open for " + endpointText(), null, false);
    }
    try {
      if (rateLimit != null) {
        rateLimit.acquire();
      }
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatModelException("interrupted while waiting for a permit for " + endpointText(), false, e);
    }
    HttpResponse<String> response;
    try {
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
      throw new RetryableCall("timed out after " + requestTimeout.toMillis() + " ms calling " + endpointText(), null, true);
    } catch (IOException e) {
      throw new RetryableCall(
          "I/O failure calling " + endpointText() + ": " + scrub(String.valueOf(e.getMessage())), null, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChatModelException("interrupted while calling " + endpointText(), false, e);
    } finally {
      permits.release();
    }
    int status = response.statusCode();
    if (status == 408 || status == 409 || status == 429 || status >= 500) {
      Duration retryAfter =
          parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null), clock.instant());
      throw new RetryableCall(
          "HTTP " + status + " from " + endpointText() + ": " + quote(response.body()), retryAfter, true);
    }
    if (status < 200 || status >= 300) {
      throw new ChatModelException("HTTP " + status + " from " + endpointText() + ": " + quote(response.body()), false,
          null);
    }
    return parse(response.body(), request);
  }

  private ChatResponse parse(String body, ChatRequest request) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      throw new RetryableCall("malformed JSON from " + endpointText() + ": " + quote(body), null, true);
    }
    JsonNode choice = root == null ? null : root.path("choices").path(0);
    if (choice == null || choice.isMissingNode() || !choice.isObject()) {
      throw new RetryableCall("no choices in the answer from " + endpointText() + ": " + quote(body), null, true);
    }
    JsonNode message = choice.path("message");
    JsonNode refusal = message.path("refusal");
    if (refusal.isTextual() && !refusal.asText().isBlank()) {
      throw new ChatModelException("the model refused: " + quote(refusal.asText()), false, null);
    }
    JsonNode content = message.path("content");
    if (!content.isTextual()) {
      throw new ChatModelException("the answer from " + endpointText() + " has no text content (refusal or tool call)",
          false, null);
    }
    List<TokenLogProb> tokens = new ArrayList<>();
    if (request.wantsLogProbs()) {
      for (JsonNode t : choice.path("logprobs").path("content")) {
        List<TokenLogProb.Alternative> alts = new ArrayList<>();
        for (JsonNode a : t.path("top_logprobs")) {
          alts.add(new TokenLogProb.Alternative(a.path("token").asText(""), clampLogProb(a.path("logprob").asDouble())));
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
  static @Nullable Duration parseRetryAfter(@Nullable String value, java.time.Instant now) {
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
    String key;
    try {
      key = apiKey.get();
    } catch (RuntimeException e) {
      key = null;
    }
    if (key == null || key.isBlank()) {
      return text;
    }
    return text.replace(key, "***");
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

  /** A failure worth retrying; internal, turned into a public {@link ChatModelException}. */
  private static final class RetryableCall extends ChatModelException {
    private static final long serialVersionUID = 1L;
    final transient @Nullable Duration retryAfter;
    final boolean countsAgainstBreaker;

    RetryableCall(String message, @Nullable Duration retryAfter, boolean countsAgainstBreaker) {
      super(message, true, null);
      this.retryAfter = retryAfter;
      this.countsAgainstBreaker = countsAgainstBreaker;
    }

    ChatModelException asPublic() {
      return new ChatModelException(getMessage(), true, null);
    }
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
    private @Nullable TokenBucket rateLimit;
    private @Nullable CircuitBreaker circuitBreaker;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new java.util.SplittableRandom(0x5eed);
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

    /** Reads the key from environment variable {@code name} on every call (default {@value #DEFAULT_API_KEY_VARIABLE}). */
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

    /** A token-bucket limit on calls (attempts) per second; none by default. */
    public Builder rateLimit(double requestsPerSecond, int burst) {
      this.rateLimit = new TokenBucket(requestsPerSecond, burst);
      return this;
    }

    /** A caller-built token bucket (e.g. shared by several clients). */
    public Builder rateLimit(TokenBucket bucket) {
      this.rateLimit = Require.nonNull("rateLimit", bucket);
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
