package dev.align4j.review;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.check.Require;
import dev.align4j.core.data.DataFormat;
import dev.align4j.core.label.Feedback;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Message;
import dev.align4j.feedback.store.FeedbackJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review server's HTTP API, independent of the transport: {@link #handle} takes an {@link ApiRequest} and returns
 * an {@link ApiResponse}. {@link ReviewServer} mounts it on the JDK's HTTP server; a servlet or Spring adapter only
 * has to copy a request into an {@link ApiRequest} and the response back.
 *
 * <p>Every response carries a strict Content-Security-Policy ({@value #CSP}), {@code X-Content-Type-Options: nosniff},
 * {@code Referrer-Policy: no-referrer} and {@code X-Frame-Options: DENY}; API responses are JSON with
 * {@code Cache-Control: no-store}, and their strings escape {@code < > & '} as {@code \\u003C}-style escapes so that
 * no response text can be read as markup. A state-changing request needs {@code Content-Type: application/json} (a
 * cross-site HTML form cannot send it), a valid session cookie (401 otherwise) and the session's CSRF token in the
 * {@value #CSRF_HEADER} header (403 otherwise) — login excepted, which has no session yet. Refusals: 404 unknown path,
 * 405 wrong method, 413 body over the limit, 415 not JSON, 400 malformed or invalid JSON (naming the field), 403 a
 * reviewer on a lead endpoint, 409 a conflicting answer. Nothing is stored for a refused request.
 */
public final class ReviewApi {
  private static final Logger LOG = LoggerFactory.getLogger(ReviewApi.class);

  /** The Content-Security-Policy of every response: own-origin resources only, no inline script, no framing. */
  public static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

  /** The header that carries the CSRF token. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** The session cookie's name. */
  public static final String SESSION_COOKIE = "align4j_review_session";

  private static final String JSON = "application/json; charset=utf-8";
  private static final String STATIC_ROOT = "/META-INF/resources/align4j-review/";
  private static final Map<String, String> STATIC_TYPES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "review.css", "text/css; charset=utf-8",
          "review.js", "text/javascript; charset=utf-8",
          "dashboard.html", "text/html; charset=utf-8",
          "dashboard.css", "text/css; charset=utf-8",
          "dashboard.js", "text/javascript; charset=utf-8");

  /** The page's languages: each has a UTF-8 bundle {@code messages_<lang>.properties} beside this class. */
  static final List<String> LANGUAGES = List.of("en", "ja");

  private final ReviewDesk desk;
  private final HandOverHistory handOver;
  private final LoginThrottle throttle;
  private final Sessions sessions;
  private final List<Reviewer> reviewers;
  private final int maxBodyBytes;
  private final boolean secureCookie;
  private final Rubric rubric;
  private final String guideline;
  private final @Nullable Path exportDirectory;
  private final ObjectMapper parser;
  private final ObjectWriter writer;
  private final Map<String, byte[]> staticFiles = new LinkedHashMap<>();
  private final Map<String, ObjectNode> uiStrings = new LinkedHashMap<>();

  ReviewApi(ReviewDesk desk, Sessions sessions, ReviewServer.Builder b, HandOverHistory handOver) {
    this.desk = desk;
    this.handOver = handOver;
    this.throttle =
        new LoginThrottle(
            b.clock,
            b.loginFreeFailures,
            b.loginBackoffBase,
            b.loginBackoffMax,
            b.loginBackoffMax,
            b.loginTrackedAddresses);
    this.sessions = sessions;
    this.reviewers = List.copyOf(b.reviewers);
    this.maxBodyBytes = b.maxBodyBytes;
    this.secureCookie = b.secureCookie;
    this.rubric = b.rubric;
    this.guideline = b.guideline;
    this.exportDirectory = b.exportDirectory;
    this.parser = new ObjectMapper();
    parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.writer = new ObjectMapper().writer().with(new HtmlSafeEscapes());
    for (String name : STATIC_TYPES.keySet()) {
      try (InputStream in = ReviewApi.class.getResourceAsStream(STATIC_ROOT + name)) {
        if (in != null) {
          staticFiles.put(name, in.readAllBytes());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the page resource " + name, e);
      }
    }
    for (String lang : LANGUAGES) {
      uiStrings.put(lang, uiStrings(lang));
    }
  }

  /**
   * The page's UI strings in {@code lang}, read from the UTF-8 bundle {@code messages_<lang>.properties} (read with an
   * explicit UTF-8 reader, so the result does not depend on the JDK's default for property bundles).
   */
  static Properties bundle(String lang) {
    String name = "messages_" + lang + ".properties";
    try (InputStream in = ReviewApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the UI bundle " + name + " is missing from the jar");
      }
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the UI bundle " + name, e);
    }
  }

  private static ObjectNode uiStrings(String lang) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("lang", lang);
    ObjectNode strings = o.putObject("strings");
    new TreeMap<>(bundle(lang)).forEach((k, v) -> strings.put((String) k, (String) v));
    return o;
  }

  /** The largest request body accepted, in bytes; a longer body is refused with 413. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** Handles one request; never throws for a bad request (an unexpected failure is a 500 without details). */
  public ApiResponse handle(ApiRequest request) {
    Require.nonNull("request", request);
    ApiResponse r;
    try {
      if (request.bodyTooLarge()) {
        throw new ApiException(
            413, null, "the request body is over the limit of " + maxBodyBytes + " bytes");
      }
      r = route(request);
    } catch (ApiException e) {
      r = error(e.status(), e.field(), e.getMessage());
      if (e.allow() != null) {
        r = r.with("Allow", e.allow());
      }
      if (e.retryAfterSeconds() > 0) {
        r = r.with("Retry-After", Long.toString(e.retryAfterSeconds()));
      }
    } catch (RuntimeException e) {
      LOG.error("review API: {} failed", request, e);
      r = error(500, null, "internal error: the request was not completed; see the server log");
    }
    return secured(r, request.path().startsWith("/api/"));
  }

  private ApiResponse route(ApiRequest q) {
    String path = q.path();
    String m = q.method().toUpperCase(Locale.ROOT);
    if (!path.startsWith("/api/")) {
      return staticFile(path, m);
    }
    switch (path) {
      case "/api/i18n":
        allow(m, "GET");
        return i18n(q);
      case "/api/login":
        allow(m, "POST");
        return login(q);
      case "/api/logout":
        allow(m, "POST");
        return logout(q);
      case "/api/session":
        allow(m, "GET");
        return sessionInfo(session(q));
      case "/api/tasks/next":
        allow(m, "GET");
        return next(session(q));
      case "/api/submissions":
        allow(m, "POST");
        return submit(q);
      case "/api/undo":
        allow(m, "POST");
        return undo(q);
      case "/api/progress":
        allow(m, "GET");
        return json(200, desk.progress(session(q).reviewer));
      case "/api/lead/stats":
        allow(m, "GET");
        lead(session(q));
        return json(200, desk.stats());
      case "/api/lead/disagreements":
        allow(m, "GET");
        lead(session(q));
        return json(200, desk.disagreements());
      case "/api/lead/handover":
        allow(m, "GET");
        lead(session(q));
        return json(200, HandOverJson.of(handOver.snapshot()));
      case "/api/lead/adjudications":
        allow(m, "POST");
        return adjudicate(q);
      case "/api/lead/export":
        allow(m, "GET");
        lead(session(q));
        return export(q);
      default:
        throw new ApiException(404, null, "no such endpoint");
    }
  }

  private static void allow(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw ApiException.methodNotAllowed(method, allowed);
    }
  }

  // ---- UI strings (no session: the login form needs them too)

  private ApiResponse i18n(ApiRequest q) {
    String lang = q.query().getOrDefault("lang", "en");
    ObjectNode strings = uiStrings.get(lang);
    if (strings == null) {
      throw ApiException.badField(
          "lang", "must be one of " + LANGUAGES + ", was \"" + Require.abbreviate(lang, 20) + "\"");
    }
    return json(200, strings);
  }

  // ---- sessions

  private ApiResponse login(ApiRequest q) {
    JsonNode body = jsonBody(q);
    if (!body.isObject()) {
      throw ApiException.badField("body", "must be a JSON object");
    }
    JsonNode token = body.get("token");
    if (token == null || !token.isTextual() || token.asText().isEmpty()) {
      throw ApiException.badField("token", "must be a non-empty string");
    }
    String client = q.clientAddress();
    Optional<Duration> wait = throttle.retryAfter(client);
    if (wait.isPresent()) {
      throw tooManyFailures(wait.get());
    }
    Reviewer who = null;
    // every account is compared, so the time does not tell which one matched
    for (Reviewer r : reviewers) {
      if (r.tokenMatches(token.asText()) && who == null) {
        who = r;
      }
    }
    if (who == null) {
      Duration lock = throttle.failed(client);
      LOG.info("review login refused (unknown token); client locked out for {}", lock);
      throw new ApiException(401, "token", "token: not a reviewer's token");
    }
    throttle.succeeded(client);
    // a login never keeps an earlier session id (session fixation)
    q.cookie(SESSION_COOKIE).ifPresent(sessions::close);
    Sessions.Created c = sessions.open(who);
    LOG.info("review login: {}", who);
    return sessionInfo(c.session()).with("Set-Cookie", cookie(c.id(), -1));
  }

  private static ApiException tooManyFailures(Duration wait) {
    long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
    return new ApiException(
            429, null, "too many wrong tokens from this address: try again in " + seconds + " s")
        .retryAfter(seconds);
  }

  private ApiResponse logout(ApiRequest q) {
    Sessions.Session s = writeSession(q);
    q.cookie(SESSION_COOKIE).ifPresent(sessions::close);
    LOG.info("review logout: {}", s.reviewer);
    return new ApiResponse(204, Map.of(), new byte[0]).with("Set-Cookie", cookie("", 0));
  }

  private String cookie(String value, int maxAge) {
    return SESSION_COOKIE
        + "="
        + value
        + "; Path=/; HttpOnly; SameSite=Strict"
        + (secureCookie ? "; Secure" : "")
        + (maxAge >= 0 ? "; Max-Age=" + maxAge : "");
  }

  private ApiResponse sessionInfo(Sessions.Session s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("reviewer", s.reviewer.name());
    o.put("role", s.reviewer.role().name());
    o.put("csrfToken", s.csrf);
    return json(200, o);
  }

  /** The session of a read request: 401 without a valid session cookie. */
  private Sessions.Session session(ApiRequest q) {
    Optional<String> id = q.cookie(SESSION_COOKIE);
    return id.flatMap(sessions::find)
        .orElseThrow(
            () -> new ApiException(401, null, "not logged in: log in with POST /api/login"));
  }

  /** The session of a state-changing request: also the CSRF header, 403 when it is missing or wrong. */
  private Sessions.Session writeSession(ApiRequest q) {
    requireJson(q);
    Sessions.Session s = session(q);
    String csrf =
        q.header(CSRF_HEADER)
            .orElseThrow(
                () ->
                    new ApiException(
                        403,
                        null,
                        "the "
                            + CSRF_HEADER
                            + " header is missing: send the token GET /api/session returns"));
    if (!s.csrfMatches(csrf)) {
      LOG.warn("review: a request of {} had a wrong CSRF token and was refused", s.reviewer);
      throw new ApiException(
          403, null, "the " + CSRF_HEADER + " header does not match this session");
    }
    return s;
  }

  private static void lead(Sessions.Session s) {
    if (s.reviewer.role() != ReviewerRole.LEAD) {
      throw new ApiException(403, null, "this endpoint is for leads");
    }
  }

  // ---- tasks

  private ApiResponse next(Sessions.Session s) {
    Optional<ReviewDesk.Assignment> a = desk.next(s.reviewer.name());
    if (a.isEmpty()) {
      return new ApiResponse(204, Map.of(), new byte[0]);
    }
    return json(200, task(a.get()));
  }

  private ObjectNode task(ReviewDesk.Assignment a) {
    FeedbackRequest r = a.request();
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("taskId", a.taskId());
    o.put("kind", r.kind().name());
    ArrayNode turns = o.putArray("prompt");
    for (Message m : r.prompt().messages()) {
      ObjectNode t = turns.addObject();
      t.put("role", m.role().name().toLowerCase(Locale.ROOT));
      t.put("content", m.content());
    }
    ArrayNode order = o.putArray("order");
    a.order().forEach(order::add);
    ArrayNode cs = o.putArray("candidates");
    for (int i : a.order()) {
      Completion c = r.candidates().get(i);
      ObjectNode x = cs.addObject();
      x.put("index", i);
      x.put("text", c.text());
    }
    if (r.scale() != null) {
      ObjectNode sc = o.putObject("scale");
      sc.put("min", r.scale().min());
      sc.put("max", r.scale().max());
      ArrayNode crit = o.putArray("rubric");
      rubric.criteria().forEach(crit::add);
    }
    o.put("steps", Answer.assistantTurns(r));
    o.put("guideline", guideline);
    Feedback suggestion = a.aiSuggestion();
    if (suggestion != null) {
      o.set("aiSuggestion", FeedbackJson.toJson(suggestion));
    }
    return o;
  }

  private ApiResponse submit(ApiRequest q) {
    Sessions.Session s = writeSession(q);
    return json(200, desk.submit(s.reviewer, jsonBody(q)));
  }

  private ApiResponse adjudicate(ApiRequest q) {
    Sessions.Session s = writeSession(q);
    lead(s);
    return json(200, desk.adjudicate(s.reviewer, jsonBody(q)));
  }

  private ApiResponse undo(ApiRequest q) {
    Sessions.Session s = writeSession(q);
    return json(200, desk.undo(s.reviewer));
  }

  private ApiResponse export(ApiRequest q) {
    String f = q.query().getOrDefault("format", "trl");
    DataFormat format =
        switch (f) {
          case "trl" -> DataFormat.TRL_PREFERENCE;
          case "openai-dpo" -> DataFormat.OPENAI_DPO;
          case "hh-rlhf" -> DataFormat.ANTHROPIC_HH;
          case "trl-unpaired" -> DataFormat.TRL_UNPAIRED;
          default ->
              throw ApiException.badField(
                  "format",
                  "must be one of trl, openai-dpo, hh-rlhf, trl-unpaired, was \""
                      + Require.abbreviate(f, 40)
                      + "\"");
        };
    Path tmp = null;
    try {
      tmp =
          exportDirectory == null
              ? Files.createTempFile("align4j-review-export", ".jsonl")
              : Files.createTempFile(exportDirectory, "align4j-review-export", ".jsonl");
      desk.export(tmp, format);
      byte[] bytes = Files.readAllBytes(tmp);
      return new ApiResponse(
          200,
          Map.of(
              "Content-Type",
              List.of("application/x-ndjson; charset=utf-8"),
              "Content-Disposition",
              List.of("attachment; filename=\"review-" + f + ".jsonl\"")),
          bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot export the review labels", e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException e) {
          LOG.warn("review export: cannot delete the temporary file {}", tmp, e);
        }
      }
    }
  }

  // ---- bodies and responses

  private static void requireJson(ApiRequest q) {
    String type = q.header("Content-Type").orElse("");
    if (!type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
      throw new ApiException(415, null, "Content-Type must be application/json");
    }
  }

  private JsonNode jsonBody(ApiRequest q) {
    requireJson(q);
    byte[] body = q.body();
    if (body.length == 0) {
      throw ApiException.badField("body", "is empty: a JSON object is required");
    }
    try {
      return parser.readTree(body);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw ApiException.badField(
          "body",
          "is not valid JSON"
              + (loc == null
                  ? ""
                  : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("reading a request body", e);
    }
  }

  private ApiResponse staticFile(String path, String method) {
    String name = path.equals("/") ? "index.html" : path.substring(1);
    byte[] bytes = staticFiles.get(name);
    if (bytes == null) {
      throw new ApiException(404, null, "not found");
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      throw ApiException.methodNotAllowed(method, "GET, HEAD");
    }
    return new ApiResponse(
        200,
        Map.of("Content-Type", List.of(STATIC_TYPES.get(name))),
        method.equals("HEAD") ? new byte[0] : bytes);
  }

  private ApiResponse json(int status, JsonNode body) {
    try {
      return new ApiResponse(
          status, Map.of("Content-Type", List.of(JSON)), writer.writeValueAsBytes(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON response", e);
    }
  }

  private ApiResponse error(int status, @Nullable String field, String message) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("status", status);
    o.put("error", message);
    if (field != null) {
      o.put("field", field);
    }
    return json(status, o);
  }

  private static ApiResponse secured(ApiResponse r, boolean api) {
    ApiResponse out =
        r.with("Content-Security-Policy", CSP)
            .with("X-Content-Type-Options", "nosniff")
            .with("Referrer-Policy", "no-referrer")
            .with("X-Frame-Options", "DENY");
    return api ? out.with("Cache-Control", "no-store") : out.with("Cache-Control", "no-cache");
  }

  /** JSON string escapes that also escape the characters markup is made of, so no response text is markup. */
  private static final class HtmlSafeEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] codes;

    HtmlSafeEscapes() {
      codes = standardAsciiEscapesForJSON();
      for (char c : new char[] {'<', '>', '&', '\''}) {
        codes[c] = ESCAPE_STANDARD;
      }
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return codes;
    }

    @Override
    public @Nullable SerializableString getEscapeSequence(int ch) {
      return null;
    }
  }

  static Set<String> staticNames() {
    return STATIC_TYPES.keySet();
  }
}
