package dev.align4j.rewards.server;

import dev.align4j.rewards.io.RewardModelFiles;
import dev.align4j.rewards.model.FeatureRewardModel;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The command-line reward server: {@code java -jar alignment-rewards-<version>-server.jar --model model.rm --port
 * 8000} serves a reward model saved with {@link RewardModelFiles} (hashed n-gram featurizer) until the process is
 * stopped (SIGTERM or Ctrl-C drains: every request received is answered, then the server exits). The token, when
 * wanted, comes from the environment variable {@value #TOKEN_ENV} or {@code --token-file}, never from the command line
 * (which other users of the machine can read). Exit codes: 0 after {@code --help}, 2 for a bad command line (with the
 * usage on standard error), 1 when the model cannot be loaded or the port cannot be bound.
 */
public final class RewardServerMain {
  /** The environment variable holding the bearer token (optional). */
  public static final String TOKEN_ENV = "ALIGN4J_RM_TOKEN";

  static final String USAGE =
      String.join(
          "\n",
          "usage: java -jar alignment-rewards-<version>-server.jar --model <file> [options]",
          "",
          "Serves a saved align4j reward model (RewardModelFiles, hashed n-gram featurizer) over HTTP:",
          "  POST /get_reward   OpenRLHF remote reward model ({\"query\",\"prompts\",\"labels\"} -> {\"rewards\",...})",
          "  POST /v1/score     align4j JSON ({\"items\":[{\"prompt\",\"response\"}]} -> {\"scores\"})",
          "  GET  /health, GET /metrics",
          "",
          "options:",
          "  --model <file>          the saved reward model (required)",
          "  --port <n>              port, 0 for any free one (default 5000, as OpenRLHF's serve_rm)",
          "  --host <address>        address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)",
          "  --max-batch <n>         most items per model call (default 64)",
          "  --max-wait-ms <n>       longest wait for a batch to fill, ms (default 0: no delay, as Triton's batcher)",
          "  --queue-capacity <n>    most items waiting; more are refused with 429 (default 4096)",
          "  --max-items <n>         most items per request; more are refused with 413 (default 1024)",
          "  --max-body-bytes <n>    largest request body; larger is refused with 413 (default 8388608)",
          "  --workers <n>           model calls at once (default: available processors)",
          "  --threads <n>           HTTP and worker threads (default: workers + 8)",
          "  --token-file <file>     require this bearer token (also: environment variable "
              + TOKEN_ENV
              + ")",
          "  --help                  print this and exit");

  private static final List<String> VALUE_FLAGS =
      List.of(
          "--model",
          "--port",
          "--host",
          "--max-batch",
          "--max-wait-ms",
          "--queue-capacity",
          "--max-items",
          "--max-body-bytes",
          "--workers",
          "--threads",
          "--token-file");

  private RewardServerMain() {}

  /** A command line that cannot be run; the message names the flag and the value. */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  /** The parsed command line. */
  record Options(
      boolean help,
      @Nullable Path model,
      int port,
      InetAddress host,
      int maxBatch,
      int maxWaitMillis,
      int queueCapacity,
      int maxItems,
      int maxBodyBytes,
      int workers,
      int threads,
      @Nullable Path tokenFile) {}

  /** Parses {@code args}. */
  static Options parse(String[] args) throws UsageException {
    Map<String, String> v = new HashMap<>();
    boolean help = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        help = true;
        continue;
      }
      String name = a;
      String value = null;
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        name = a.substring(0, eq);
        value = a.substring(eq + 1);
      }
      if (!VALUE_FLAGS.contains(name)) {
        throw new UsageException("unknown option " + a);
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException("option " + name + " needs a value");
        }
        value = args[++i];
      }
      if (v.put(name, value) != null) {
        throw new UsageException("option " + name + " is given twice");
      }
    }
    if (help) {
      return new Options(
          true, null, 0, InetAddress.getLoopbackAddress(), 0, 0, 0, 0, 0, 0, 0, null);
    }
    String model = v.get("--model");
    if (model == null || model.isBlank()) {
      throw new UsageException(
          "option --model is required (the file a RewardModelFiles.save wrote)");
    }
    int workers = positive(v, "--workers", Runtime.getRuntime().availableProcessors());
    int queueCapacity = positive(v, "--queue-capacity", 4096);
    int maxItems = positive(v, "--max-items", 1024);
    if (maxItems > queueCapacity) {
      throw new UsageException(
          "option --max-items ("
              + maxItems
              + ") must not exceed --queue-capacity ("
              + queueCapacity
              + ")");
    }
    String host = v.getOrDefault("--host", "127.0.0.1");
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      throw new UsageException("option --host: unknown host " + host);
    }
    int port = integer(v, "--port", 5000);
    if (port < 0 || port > 65535) {
      throw new UsageException("option --port must be between 0 and 65535, got " + port);
    }
    int waitMillis = integer(v, "--max-wait-ms", 0);
    if (waitMillis < 0) {
      throw new UsageException("option --max-wait-ms must not be negative, got " + waitMillis);
    }
    String tokenFile = v.get("--token-file");
    return new Options(
        false,
        Path.of(model),
        port,
        address,
        positive(v, "--max-batch", 64),
        waitMillis,
        queueCapacity,
        maxItems,
        positive(v, "--max-body-bytes", 8 << 20),
        workers,
        positive(v, "--threads", workers + 8),
        tokenFile == null ? null : Path.of(tokenFile));
  }

  private static int integer(Map<String, String> v, String flag, int fallback)
      throws UsageException {
    String s = v.get(flag);
    if (s == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new UsageException("option " + flag + " needs an integer, got \"" + s + "\"");
    }
  }

  private static int positive(Map<String, String> v, String flag, int fallback)
      throws UsageException {
    int n = integer(v, flag, fallback);
    if (n <= 0) {
      throw new UsageException("option " + flag + " must be positive, got " + n);
    }
    return n;
  }

  /**
   * Loads the model and starts the server on a new thread pool; the caller closes the server, then shuts the pool
   * down.
   *
   * @throws IOException when the model or the token file cannot be read
   */
  static RewardServer serve(Options o, ExecutorService pool, @Nullable String envToken)
      throws IOException {
    Path file = o.model();
    if (file == null) {
      throw new IllegalArgumentException("no model file");
    }
    FeatureRewardModel model;
    try {
      model = RewardModelFiles.load(file);
    } catch (NoSuchFileException e) {
      throw new IOException("the model file " + file + " does not exist", e);
    } catch (IllegalArgumentException e) {
      throw new IOException(
          file
              + " was saved with an external featurizer, which the command line cannot rebuild; serve it from Java"
              + " with RewardServer.builder().model(RewardModelFiles.load(file, featurizer))",
          e);
    }
    RewardServer.Builder b =
        RewardServer.builder()
            .model(model)
            .executor(pool)
            .bindAddress(o.host())
            .port(o.port())
            .maxBatchItems(o.maxBatch())
            .maxWait(Duration.ofMillis(o.maxWaitMillis()))
            .queueCapacityItems(o.queueCapacity())
            .maxItemsPerRequest(o.maxItems())
            .maxBodyBytes(o.maxBodyBytes())
            .maxWorkers(o.workers());
    String token = null;
    if (o.tokenFile() != null) {
      token = Files.readString(o.tokenFile(), StandardCharsets.UTF_8).strip();
      if (token.isEmpty()) {
        throw new IOException("the token file " + o.tokenFile() + " is empty");
      }
    } else if (envToken != null && !envToken.isBlank()) {
      token = envToken.strip();
    }
    if (token != null) {
      b.bearerToken(token);
    }
    RewardServer server = b.build();
    server.start();
    return server;
  }

  /** Runs the server until the process is stopped. */
  public static void main(String[] args) {
    // without it the JDK server's responses wait ~40 ms for Nagle's algorithm and the client's
    // delayed ACK; it is read once, when the server classes load, so it is set here, before any
    // of them, and only if the user did not
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    int code = run(args, System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Parses, loads and starts; returns the exit code (0 while the server runs on, or after {@code --help}). */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options o;
    try {
      o = parse(args);
    } catch (UsageException e) {
      err.println("error: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (o.help()) {
      out.println(USAGE);
      return 0;
    }
    ExecutorService pool = Executors.newFixedThreadPool(o.threads(), threads());
    RewardServer server;
    try {
      server = serve(o, pool, System.getenv(TOKEN_ENV));
    } catch (IOException | RuntimeException e) {
      pool.shutdownNow();
      err.println("error: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  pool.shutdown();
                  try {
                    pool.awaitTermination(5, TimeUnit.SECONDS);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "align4j-reward-server-shutdown"));
    String url = server.baseUri().toString();
    out.println("align4j reward server: serving " + o.model() + " at " + url);
    out.println("  OpenRLHF: --reward.remote_url " + url + RewardHttpHandler.OPENRLHF_PATH);
    out.println(
        "  align4j:  POST " + url + RewardHttpHandler.SCORE_PATH + "; health " + url + "/health");
    out.flush();
    return 0;
  }

  private static ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "align4j-reward-server-" + n.incrementAndGet());
      t.setDaemon(false);
      return t;
    };
  }
}
