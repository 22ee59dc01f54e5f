package dev.align4j.review;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request as {@link ReviewApi} sees it, whatever the transport (the JDK server here, a servlet or Spring
 * adapter later).
 *
 * @param method the method, upper case ({@code GET}, {@code POST}, …)
 * @param path the decoded path, starting with {@code /}
 * @param query the decoded query parameters (first value of each)
 * @param headers header values by lower-case name
 * @param body the body bytes (empty when none); the transport stops reading past {@link ReviewApi#maxBodyBytes()}
 *     and passes {@code bodyTooLarge}
 * @param bodyTooLarge whether the body was longer than the limit (the request is then refused with 413)
 * @param clientAddress the peer's address as the transport saw it (the key of the failed-login back-off); {@value
 *     #UNKNOWN_CLIENT} when the transport does not say
 */
public record ApiRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, List<String>> headers,
    byte[] body,
    boolean bodyTooLarge,
    String clientAddress) {

  /** The client address of a request whose transport does not give one. */
  public static final String UNKNOWN_CLIENT = "unknown";

  /** Validates and copies; header names are lower-cased. */
  public ApiRequest {
    Require.nonBlank("clientAddress", clientAddress);
    Require.nonBlank("method", method);
    Require.nonNull("path", path);
    Require.argument(
        path.startsWith("/"), "path must start with '/', was \"%s\"", Require.abbreviate(path, 80));
    query = Map.copyOf(Require.nonNull("query", query));
    Map<String, List<String>> h = new TreeMap<>();
    Require.nonNull("headers", headers)
        .forEach(
            (k, v) ->
                h.computeIfAbsent(k.toLowerCase(Locale.ROOT), x -> new ArrayList<>()).addAll(v));
    h.replaceAll((k, v) -> List.copyOf(v));
    headers = Map.copyOf(h);
    body = Require.nonNull("body", body).clone();
  }

  /** A request from an unknown client address. */
  public ApiRequest(
      String method,
      String path,
      Map<String, String> query,
      Map<String, List<String>> headers,
      byte[] body,
      boolean bodyTooLarge) {
    this(method, path, query, headers, body, bodyTooLarge, UNKNOWN_CLIENT);
  }

  /** A request without query, headers or body (tests, adapters). */
  public static ApiRequest of(String method, String path) {
    return new ApiRequest(method, path, Map.of(), Map.of(), new byte[0], false);
  }

  /** The first value of header {@code name} (any case). */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The value of cookie {@code name} from the {@code Cookie} headers. */
  public Optional<String> cookie(String name) {
    for (String line : headers.getOrDefault("cookie", List.of())) {
      for (String part : line.split(";")) {
        int eq = part.indexOf('=');
        if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
          return Optional.of(part.substring(eq + 1).trim());
        }
      }
    }
    return Optional.empty();
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ApiRequest r
        && r.method.equals(method)
        && r.path.equals(path)
        && r.query.equals(query)
        && r.headers.equals(headers)
        && Arrays.equals(r.body, body)
        && r.bodyTooLarge == bodyTooLarge
        && r.clientAddress.equals(clientAddress);
  }

  @Override
  public int hashCode() {
    return (method.hashCode() * 31 + path.hashCode()) * 31 + Arrays.hashCode(body);
  }

  /** Method, path and body length: never headers (they carry the session cookie and the CSRF token) or the body. */
  @Override
  public String toString() {
    return "ApiRequest[" + method + " " + path + ", " + body.length + " bytes]";
  }
}
