package dev.align4j.benchmarks.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.OperatingSystemMXBean;
import dev.align4j.benchmarks.rewards.SyntheticCorpus;
import dev.align4j.core.RewardModel;
import dev.align4j.core.label.PairwiseComparison;
import dev.align4j.core.label.Provenance;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.langchain4j.LangChain4jEmbeddings;
import dev.align4j.rewards.ensemble.RewardEnsemble;
import dev.align4j.rewards.feature.Featurizer;
import dev.align4j.rewards.feature.HashedNGramFeaturizer;
import dev.align4j.rewards.model.FeatureRewardModel;
import dev.align4j.rewards.server.RewardServer;
import dev.align4j.rewards.server.RewardServerMetrics;
import dev.align4j.rewards.train.OptimizerSettings;
import dev.align4j.rewards.train.RewardModelTrainer;
import dev.align4j.rewards.train.TrainingSet;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reward server under load: {@code clients} concurrent clients each send OpenRLHF-shaped requests of
 * {@code batch} items ({@code POST /get_reward}) to a {@link RewardServer} on loopback, back to back, for
 * {@code seconds}; the peer, in the same run, is the same model's in-process {@code scoreAll} on the same number of
 * threads with the same batches, and on as many threads as cores (the better of the two is the peer). Reports
 * requests/s and latency quantiles of each, and the ratio per round.
 *
 * <p>The model is a Bradley–Terry reward model trained here (AdamW, 3 epochs) on 4,000 seeded synthetic preference
 * pairs over the hashed n-gram featurizer: {@code default} = the featurizer's defaults (script-aware word unigrams,
 * 65,536 buckets), {@code char} = the configuration of {@code RewardModelExample} (2^14 buckets, word 1-grams and
 * char 3–5-grams, several times slower per item); {@code ensemble} = five randomised-prior members over the
 * {@code char} features (the conservative μ − σ reward); {@code minilm} = a head over LangChain4j's all-MiniLM-L6-v2
 * sentence embeddings (600 pairs); {@code none} = a constant model, so that the HTTP figures are the server's own cost
 * per request. Completions have 60–140 words.
 *
 * <p>Arguments: {@code [clients=64] [batch=16] [seconds=10] [warm-up seconds=3]
 * [model=default|char|ensemble|minilm|none] [rounds=2]}. The clients run in this JVM, on the same cores as the
 * server: one platform thread and one keep-alive connection per client, writing prepared request bytes (like
 * {@code wrk}), so that their own cost stays small.
 */
public final class RewardServerLoad {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RewardServerLoad() {}

  /** Runs the comparison. */
  public static void main(String[] args) throws Exception {
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 64;
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    String featurizer = args.length > 4 ? args[4] : "default";
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 2;
    int cores = Runtime.getRuntime().availableProcessors();
    System.out.printf(
        Locale.ROOT,
        "reward server load: %d clients x batches of %d, %d s (+%d s warm-up) per measurement, %d rounds,"
            + " featurizer %s, %d cores, load average %.2f, Java %s, sun.net.httpserver.nodelay=%s%n",
        clients,
        batch,
        seconds,
        warmup,
        rounds,
        featurizer,
        cores,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("java.version"),
        System.getProperty("sun.net.httpserver.nodelay"));

    SyntheticCorpus corpus = new SyntheticCorpus(5000, 2026);
    RewardModel model =
        featurizer.equals("none") ? (p, c) -> 0.0 : trainedModel(corpus, featurizer);
    Prompt prompt =
        Prompt.of(
            "<|im_start|>user\nAnswer the customer's question.<|im_end|>\n<|im_start|>assistant\n");
    // 32 distinct request bodies per client, reused round-robin (building them is not measured)
    int distinct = 32;
    List<List<Completion>> batches = new ArrayList<>();
    List<byte[]> bodies = new ArrayList<>();
    double[] q = new double[1];
    for (int i = 0; i < clients * distinct; i++) {
      List<Completion> cs = new ArrayList<>();
      ObjectNode body = JSON.createObjectNode();
      ArrayNode query = body.putArray("query");
      ArrayNode prompts = body.putArray("prompts");
      ArrayNode labels = body.putArray("labels");
      for (int k = 0; k < batch; k++) {
        Completion c = corpus.completion(corpus.nextLength(60, 140), q);
        cs.add(c);
        query.add(prompt.text() + c.text() + "<|im_end|>");
        prompts.add(prompt.text());
        labels.addNull();
      }
      batches.add(cs);
      bodies.add(JSON.writeValueAsBytes(body));
    }
    // the server scores prompt + completion-with-end-token; the in-process peer scores exactly
    // the same items
    List<List<Completion>> served = new ArrayList<>();
    for (List<Completion> cs : batches) {
      List<Completion> withEnd = new ArrayList<>();
      cs.forEach(c -> withEnd.add(Completion.of(c.text() + "<|im_end|>")));
      served.add(withEnd);
    }

    ExecutorService pool = Executors.newFixedThreadPool(cores + 16);
    RewardServer server =
        RewardServer.builder()
            .model(model)
            .executor(pool)
            .port(0)
            .queueCapacityItems(Math.max(4096, clients * batch * 2))
            .build();
    server.start();
    URI url = server.baseUri().resolve("/get_reward");
    checkAgreement(url, bodies.get(0), model, prompt, served.get(0));
    double[] inProcess = new double[rounds];
    double[] overHttp = new double[rounds];
    double[] cpuRatio = new double[rounds];
    double[] serverCpuRatio = new double[rounds];
    int peerThreads = Math.min(clients, cores);
    try {
      for (int r = 0; r < rounds; r++) {
        if (featurizer.equals("none")) {
          // the server's own cost: no in-process peer (a constant model scores nothing)
          Result remote = overHttp(url, bodies, clients, batch, distinct, warmup, seconds);
          System.out.println(
              "round "
                  + (r + 1)
                  + " over HTTP, constant model, "
                  + clients
                  + " clients: "
                  + remote);
          inProcess[r] = Double.NaN;
          continue;
        }
        Result local = inProcess(model, prompt, served, clients, distinct, warmup, seconds);
        Result few = inProcess(model, prompt, served, peerThreads, distinct, warmup, seconds);
        Result remote = overHttp(url, bodies, clients, batch, distinct, warmup, seconds);
        // the peer is the better of the two in-process figures: as many threads as clients, or
        // as many as cores
        inProcess[r] = Math.max(local.requestsPerSecond(), few.requestsPerSecond());
        overHttp[r] = remote.requestsPerSecond();
        double bestCpu = Math.max(local.requestsPerCpuSecond(), few.requestsPerCpuSecond());
        cpuRatio[r] = remote.requestsPerCpuSecond() / bestCpu;
        serverCpuRatio[r] = remote.requestsPerNonClientCpuSecond() / bestCpu;
        System.out.println(
            "round " + (r + 1) + " in-process scoreAll, " + clients + " threads: " + local);
        System.out.println(
            "round " + (r + 1) + " in-process scoreAll, " + peerThreads + " threads: " + few);
        System.out.println(
            "round " + (r + 1) + " over HTTP, " + clients + " clients:         " + remote);
        System.out.printf(
            Locale.ROOT,
            "round %d ratio HTTP / best in-process: %.3f wall-clock; per CPU-second %.3f (whole process),"
                + " %.3f (server side: without the client threads)%n",
            r + 1,
            overHttp[r] / inProcess[r],
            cpuRatio[r],
            serverCpuRatio[r]);
      }
      RewardServerMetrics m = server.metrics();
      System.out.printf(
          Locale.ROOT,
          "server: %d scoring requests, %d model calls, mean %.1f items per call (max %d), 429s %d, 5xx %d%n",
          m.scoringRequests(),
          m.batches(),
          m.meanBatchItems(),
          m.maxBatchItems(),
          m.responses(429),
          m.responses(500) + m.responses(503));
    } finally {
      server.close();
      pool.shutdown();
    }
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      ratios[r] = overHttp[r] / inProcess[r];
    }
    Arrays.sort(ratios);
    Arrays.sort(cpuRatio);
    Arrays.sort(serverCpuRatio);
    System.out.printf(
        Locale.ROOT,
        "ratio HTTP / best in-process per round, sorted: wall-clock %s; per CPU-second, whole process %s,"
            + " server side %s (target >= 0.80); load average now %.2f%n",
        Arrays.toString(ratios),
        Arrays.toString(cpuRatio),
        Arrays.toString(serverCpuRatio),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /**
   * The served model: a Bradley–Terry head over {@code default} or {@code char} hashed n-grams, a five-member
   * randomised-prior {@code ensemble} over the {@code char} features (the conservative μ − σ reward of the rewards
   * README), or a head over {@code minilm} sentence embeddings (LangChain4j's bundled all-MiniLM-L6-v2, in process on
   * ONNX Runtime: the neural reward model of the langchain4j README).
   */
  private static RewardModel trainedModel(SyntheticCorpus corpus, String kind) {
    Featurizer f;
    int pairs = 4000;
    switch (kind) {
      case "default" -> f = HashedNGramFeaturizer.builder().build();
      case "char", "ensemble" ->
          f = HashedNGramFeaturizer.builder().dimension(1 << 14).charNgrams(3, 5).build();
      case "minilm" -> {
        f = LangChain4jEmbeddings.featurizer(new AllMiniLmL6V2EmbeddingModel());
        pairs = 600; // each text is embedded by the network: 1,200 embeddings train the head
      }
      default ->
          throw new IllegalArgumentException(
              "model must be default, char, ensemble, minilm or none, got " + kind);
    }
    Prompt p = Prompt.of("Answer the customer.");
    TrainingSet.Builder set = TrainingSet.builder(f);
    Provenance who = Provenance.human("synthetic", Instant.EPOCH);
    double[] qa = new double[1];
    double[] qb = new double[1];
    for (int i = 0; i < pairs; i++) {
      Completion a = corpus.completion(corpus.nextLength(20, 60), qa);
      Completion c = corpus.completion(corpus.nextLength(20, 60), qb);
      if (a.text().equals(c.text())) {
        continue;
      }
      boolean aWins = corpus.firstWins(qa[0], qb[0]);
      set.addPair(PairwiseComparison.preferring(p, aWins ? a : c, aWins ? c : a, who));
    }
    RewardModelTrainer trainer =
        RewardModelTrainer.builder()
            .optimizer(OptimizerSettings.adamW().withLearningRate(0.01))
            .epochs(3)
            .batchSize(64)
            .validationFraction(0)
            .seed(1)
            .build();
    TrainingSet data = set.build();
    if (kind.equals("ensemble")) {
      return RewardEnsemble.train(trainer, data, 5, 42);
    }
    return new FeatureRewardModel(f, trainer.train(data).head());
  }

  private static void checkAgreement(
      URI url, byte[] body, RewardModel model, Prompt prompt, List<Completion> cs)
      throws Exception {
    HttpResponse<byte[]> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(url)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    JsonNode rewards = JSON.readTree(r.body()).get("rewards");
    double[] local = model.scoreAll(prompt, cs);
    for (int i = 0; i < local.length; i++) {
      if (rewards.get(i).doubleValue() != local[i]) {
        throw new IllegalStateException(
            "HTTP and in-process scores differ at item " + i + ": " + r.body().length);
      }
    }
  }

  /** Requests per second and latency quantiles (ms) of one measurement. */
  record Result(
      double requestsPerSecond,
      double p50,
      double p99,
      long requests,
      long errors,
      int batch,
      double cpuMillis,
      double clientCpuMillis) {
    /** Requests per CPU-second of the whole process (server and clients): robust to other load on the machine. */
    double requestsPerCpuSecond() {
      return requests / (cpuMillis / 1000);
    }

    /** Requests per CPU-second of everything but the client threads (for HTTP: the server's share). */
    double requestsPerNonClientCpuSecond() {
      return requests / ((cpuMillis - clientCpuMillis) / 1000);
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%.0f requests/s (%.0f items/s), p50 %.2f ms, p99 %.2f ms, %d requests, %d errors;"
              + " CPU per request %.3f ms (process), %.3f ms (client threads)",
          requestsPerSecond,
          requestsPerSecond * batch,
          p50,
          p99,
          requests,
          errors,
          cpuMillis / requests,
          clientCpuMillis / requests);
    }
  }

  private interface Call {
    boolean run(int client, int i) throws Exception;
  }

  private static Result inProcess(
      RewardModel model,
      Prompt prompt,
      List<List<Completion>> served,
      int clients,
      int distinct,
      int warmup,
      int seconds)
      throws Exception {
    return measure(
        clients,
        served.get(0).size(),
        warmup,
        seconds,
        (client, i) -> {
          double[] s = model.scoreAll(prompt, served.get(client * distinct + i % distinct));
          return s.length > 0;
        });
  }

  private static Result overHttp(
      URI url, List<byte[]> bodies, int clients, int batch, int distinct, int warmup, int seconds)
      throws Exception {
    // one keep-alive connection per client, requests written as prepared bytes (like wrk): the
    // client's own cost in this JVM stays small
    KeepAliveClient[] conns = new KeepAliveClient[clients];
    List<byte[]> requests = new ArrayList<>();
    for (byte[] body : bodies) {
      byte[] head =
          ("POST "
                  + url.getPath()
                  + " HTTP/1.1\r\nHost: "
                  + url.getHost()
                  + ":"
                  + url.getPort()
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] req = Arrays.copyOf(head, head.length + body.length);
      System.arraycopy(body, 0, req, head.length, body.length);
      requests.add(req);
    }
    for (int c = 0; c < clients; c++) {
      conns[c] = new KeepAliveClient(url.getHost(), url.getPort());
    }
    try {
      return measure(
          clients,
          batch,
          warmup,
          seconds,
          (client, i) -> conns[client].post(requests.get(client * distinct + i % distinct)));
    } finally {
      for (KeepAliveClient c : conns) {
        c.close();
      }
    }
  }

  /** A minimal HTTP/1.1 client on one keep-alive socket: writes a prepared request, reads one response. */
  static final class KeepAliveClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    KeepAliveClient(String host, int port) throws IOException {
      socket = new Socket(host, port);
      socket.setTcpNoDelay(true);
      out = socket.getOutputStream();
      in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
    }

    /** Sends {@code request}; true when the answer is 200 with a body starting with the rewards field. */
    boolean post(byte[] request) throws IOException {
      out.write(request);
      out.flush();
      String status = line();
      int length = -1;
      for (String h = line(); !h.isEmpty(); h = line()) {
        if (h.regionMatches(true, 0, "Content-Length:", 0, 15)) {
          length = Integer.parseInt(h.substring(15).trim());
        }
      }
      if (length < 0) {
        throw new IOException("no Content-Length in the response to " + status);
      }
      byte[] body = in.readNBytes(length);
      return status.startsWith("HTTP/1.1 200")
          && new String(body, 0, 10, StandardCharsets.US_ASCII).equals("{\"rewards\"");
    }

    private String line() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the server closed the connection");
        }
        if (b != '\r') {
          sb.append((char) b);
        }
      }
      return sb.toString();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static Result measure(int clients, int batch, int warmup, int seconds, Call call)
      throws Exception {
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
    long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
    long[][] latencies = new long[clients][];
    AtomicLong errors = new AtomicLong();
    AtomicLong clientCpu = new AtomicLong();
    // the process's CPU time when the measured window opens, read by the first client thread that
    // enters it: the main
    // thread, sleeping until then, can wake late on a loaded machine (behind 64 busy client
    // threads), which would
    // leave part of the window out of the process figure but not out of the client threads'
    AtomicLong processCpuFrom = new AtomicLong(-1);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    CountDownLatch done = new CountDownLatch(clients);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t =
          new Thread(
              () -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                long cpuFrom = -1;
                try {
                  for (int i = 0; ; i++) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                      break;
                    }
                    if (t0 >= measureFrom && cpuFrom < 0) {
                      if (processCpuFrom.get() < 0) {
                        processCpuFrom.compareAndSet(-1, processCpuNanos());
                      }
                      cpuFrom = mx.getCurrentThreadCpuTime();
                    }
                    boolean ok = call.run(client, i);
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom) {
                      if (!ok) {
                        errors.incrementAndGet();
                      }
                      if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                      }
                      lat[n++] = t1 - t0;
                    }
                  }
                } catch (Exception e) {
                  errors.incrementAndGet();
                  e.printStackTrace();
                } finally {
                  if (cpuFrom >= 0) {
                    clientCpu.addAndGet(mx.getCurrentThreadCpuTime() - cpuFrom);
                  }
                  latencies[client] = Arrays.copyOf(lat, n);
                  done.countDown();
                }
              },
              "load-client-" + c);
      threads.add(t);
      t.start();
    }
    done.await();
    long cpu1 = processCpuNanos(); // after the last client: nothing else runs by then
    long cpu0 = processCpuFrom.get() < 0 ? cpu1 : processCpuFrom.get();
    long total = 0;
    for (long[] l : latencies) {
      total += l.length;
    }
    long[] all = new long[(int) total];
    int at = 0;
    for (long[] l : latencies) {
      System.arraycopy(l, 0, all, at, l.length);
      at += l.length;
    }
    Arrays.sort(all);
    return new Result(
        total / (double) seconds,
        quantile(all, 0.5),
        quantile(all, 0.99),
        total,
        errors.get(),
        batch,
        (cpu1 - cpu0) / 1e6,
        clientCpu.get() / 1e6);
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double quantile(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}
