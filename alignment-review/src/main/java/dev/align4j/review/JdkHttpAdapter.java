package dev.align4j.review;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Mounts {@link ReviewApi} on the JDK's HTTP server: copies an exchange into an {@link ApiRequest} (reading at most
 * one byte more than the body limit, so an oversize body is never buffered whole) and writes the
 * {@link ApiResponse} back.
 */
final class JdkHttpAdapter implements HttpHandler {
  private final ReviewApi api;

  JdkHttpAdapter(ReviewApi api) {
    this.api = api;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      int limit = api.maxBodyBytes();
      boolean tooLarge = false;
      byte[] body;
      String declared = ex.getRequestHeaders().getFirst("Content-Length");
      if (declared != null && parseLength(declared) > limit) {
        tooLarge = true;
        body = new byte[0];
      } else {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (InputStream in = ex.getRequestBody()) {
          byte[] chunk = new byte[8192];
          int n;
          while ((n = in.read(chunk)) > 0) {
            if (buf.size() + n > limit) {
              tooLarge = true;
              break;
            }
            buf.write(chunk, 0, n);
          }
        }
        body = tooLarge ? new byte[0] : buf.toByteArray();
      }
      Map<String, List<String>> headers = new HashMap<>(ex.getRequestHeaders());
      String path = ex.getRequestURI().getPath();
      ApiResponse response =
          api.handle(
              new ApiRequest(
                  ex.getRequestMethod(),
                  path == null || !path.startsWith("/") ? "/" + (path == null ? "" : path) : path,
                  query(ex.getRequestURI().getRawQuery()),
                  headers,
                  body,
                  tooLarge,
                  client(ex)));
      response.headers().forEach((k, v) -> ex.getResponseHeaders().put(k, v));
      byte[] out = response.body();
      if (tooLarge) {
        ex.getResponseHeaders().set("Connection", "close"); // the rest of the body is not read
      }
      boolean noBody = out.length == 0 || ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(response.status(), noBody ? -1 : out.length);
      if (!noBody) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  /** The peer's IP address (no port: one client opens many connections). */
  private static String client(HttpExchange ex) {
    InetSocketAddress peer = ex.getRemoteAddress();
    if (peer == null || peer.getAddress() == null) {
      return ApiRequest.UNKNOWN_CLIENT;
    }
    return peer.getAddress().getHostAddress();
  }

  private static long parseLength(String v) {
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
        q.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        // a malformed %-escape: the parameter is left out, and the endpoint reports it as missing
      }
    }
    return q;
  }
}
