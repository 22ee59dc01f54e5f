package dev.align4j.review;

import dev.align4j.core.check.Require;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP response from {@link ReviewApi}, for the transport to write as is.
 *
 * @param status the status code
 * @param headers header values by name (several values for {@code Set-Cookie})
 * @param body the body bytes (empty for 204)
 */
public record ApiResponse(int status, Map<String, List<String>> headers, byte[] body) {

  /** Validates and copies. */
  public ApiResponse {
    Require.inClosedRange("status", status, 100, 599);
    Map<String, List<String>> h = new LinkedHashMap<>();
    Require.nonNull("headers", headers).forEach((k, v) -> h.put(k, List.copyOf(v)));
    headers = Collections.unmodifiableMap(h);
    body = Require.nonNull("body", body).clone();
  }

  /** The first value of header {@code name} (exact case as written by the API), or null. */
  public @Nullable String header(String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** A copy with one more header value. */
  ApiResponse with(String name, String value) {
    Map<String, List<String>> h = new LinkedHashMap<>(headers);
    List<String> v = new ArrayList<>(h.getOrDefault(name, List.of()));
    v.add(value);
    h.put(name, v);
    return new ApiResponse(status, h, body);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof ApiResponse r
        && r.status == status
        && r.headers.equals(headers)
        && Arrays.equals(r.body, body);
  }

  @Override
  public int hashCode() {
    return status * 31 + Arrays.hashCode(body);
  }

  /** Status and body length (headers may carry a session cookie). */
  @Override
  public String toString() {
    return "ApiResponse[" + status + ", " + body.length + " bytes]";
  }
}
