package dev.align4j.benchmarks.review;

import com.fasterxml.jackson.databind.JsonNode;
import dev.align4j.core.FeedbackRequest;
import dev.align4j.core.text.Completion;
import dev.align4j.core.text.Prompt;
import dev.align4j.feedback.route.ReviewTask;
import dev.align4j.feedback.route.RoutingReason;
import dev.align4j.feedback.store.FeedbackJson;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.review.ReviewServer;
import dev.align4j.review.Reviewer;
import dev.align4j.review.ReviewerRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Many simulated reviewers against a real {@link ReviewServer} on loopback (issue 13's performance target: 1,000
 * concurrent reviewers, p99 under 50 ms, no lost or duplicated submission).
 *
 * <p>Each reviewer has its own account and session: it logs in, then loops {@code GET /api/tasks/next} and {@code POST
 * /api/submissions} (with its CSRF token) until it has {@code answers} acknowledged answers, the queue has nothing for
 * it, or the time limit passes. Between two requests it thinks for a uniformly drawn time in {@code [0, 2 × think]}
 * (a person reads the task; {@code think} 0 makes every reviewer a closed loop with no pause). All reviewers are logged
 * in and looping at the same time: "concurrent" means 1,000 live sessions whose requests interleave freely; the peak
 * number of requests in flight at once is reported beside the figures.
 *
 * <p>Concurrency without virtual threads (Java 17): one JDK {@link HttpClient} sends every request asynchronously
 * ({@code sendAsync}) on a fixed pool of {@code clientThreads}; think times are timers on a scheduled pool of the same
 * size; no thread is held per reviewer. The server's handlers run on a fixed pool of {@code serverThreads}.
 *
 * <p>After the run the server is closed and the answers journal and the store are read back: every acknowledged
 * receipt must be journalled exactly once, no unacknowledged answer may be there, and every item with {@code
 * minSubmitted} acknowledged answers must be in the store exactly once.
 *
 * <p>Run: {@code java -cp <benchmarks class path> dev.align4j.benchmarks.review.ReviewLoad [reviewers [answers
 * [thinkMillis [minSubmitted [clientThreads [serverThreads [limitSeconds [arrivalSeconds [dir]]]]]]]]]}; defaults
 * 1000 5 1000 2 4 32 60 10 and a temporary folder. Logins are spread uniformly over the first {@code arrivalSeconds}
 * (people arrive; 0 = all at once).
 */
public final class ReviewLoad {
  private static final String CSRF = "X-CSRF-Token";

  private enum Kind {
    LOGIN,
    NEXT,
    SUBMIT
  }

  private final int reviewers;
  private final int answers;
  private final long thinkMillis;
  private final long arrivalMillis;
  private final int minSubmitted;
  private final long limitNanos;
  private final HttpClient http;
  private final ScheduledExecutorService timers;
  private final URI base;
  private final Map<Kind, long[]> latencies = new HashMap<>();
  private final Map<Kind, AtomicInteger> counts = new HashMap<>();
  private final Map<String, String> acked = new ConcurrentHashMap<>(); // receipt -> task/reviewer
  private final Map<String, AtomicInteger> ackedPerItem = new ConcurrentHashMap<>();
  private final AtomicInteger conflicts = new AtomicInteger();
  private final AtomicInteger empty = new AtomicInteger();
  private final AtomicInteger errors = new AtomicInteger();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final AtomicLong deadline = new AtomicLong();
  private final CountDownLatch done;

  private ReviewLoad(
      int reviewers,
      int answers,
      long thinkMillis,
      long arrivalMillis,
      int minSubmitted,
      long limitNanos,
      HttpClient http,
      ScheduledExecutorService timers,
      URI base) {
    this.reviewers = reviewers;
    this.answers = answers;
    this.thinkMillis = thinkMillis;
    this.arrivalMillis = arrivalMillis;
    this.minSubmitted = minSubmitted;
    this.limitNanos = limitNanos;
    this.http = http;
    this.timers = timers;
    this.base = base;
    this.done = new CountDownLatch(reviewers);
    int cap = reviewers * answers * 4 + reviewers;
    for (Kind k : Kind.values()) {
      latencies.put(k, new long[cap]);
      counts.put(k, new AtomicInteger());
    }
  }

  static String token(int i) {
    return String.format(Locale.ROOT, "load-reviewer-%04d-token-0123456789", i);
  }

  /** Runs the benchmark; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    // Both must be set before the classes that read them load (first use below). The JDK server
    // writes a response's
    // headers and body in two segments; without TCP_NODELAY, Nagle's algorithm and the client's
    // delayed ACK add
    // ~40 ms to every response. The JDK client completes every response future on the common pool;
    // with fewer than
    // 2 workers there (a 2-core machine) CompletableFuture starts a new thread per response
    // instead.
    System.setProperty(
        "sun.net.httpserver.nodelay", System.getProperty("sun.net.httpserver.nodelay", "true"));
    System.setProperty(
        "java.util.concurrent.ForkJoinPool.common.parallelism",
        System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism", "4"));
    int reviewers = arg(args, 0, 1000);
    int answers = arg(args, 1, 5);
    long think = arg(args, 2, 1000);
    int minSubmitted = arg(args, 3, 2);
    int clientThreads = arg(args, 4, 4);
    int serverThreads = arg(args, 5, 32);
    int limitSeconds = arg(args, 6, 60);
    int arrivalSeconds = arg(args, 7, 10);
    Path dir =
        args.length > 8
            ? Files.createDirectories(Path.of(args[8]))
            : Files.createTempDirectory("review-load");
    int items = reviewers * answers / minSubmitted;
    System.out.printf(
        Locale.ROOT,
        "reviewers %d, answers each %d, think U[0, %d] ms, minSubmitted %d, items %d, client threads %d, "
            + "server threads %d, limit %d s, logins spread over %d s, nodelay %s, common pool %s, dir %s%n",
        reviewers,
        answers,
        2 * think,
        minSubmitted,
        items,
        clientThreads,
        serverThreads,
        limitSeconds,
        arrivalSeconds,
        System.getProperty("sun.net.httpserver.nodelay"),
        System.getProperty("java.util.concurrent.ForkJoinPool.common.parallelism"),
        dir);
    Path storeFile = dir.resolve("feedback.jsonl");
    ExecutorService serverPool = Executors.newFixedThreadPool(serverThreads);
    ExecutorService clientPool = Executors.newFixedThreadPool(clientThreads);
    ScheduledExecutorService timers = Executors.newScheduledThreadPool(clientThreads);
    FeedbackStore store = FeedbackStore.open(storeFile);
    ReviewServer.Builder b =
        ReviewServer.builder()
            .store(store)
            .executor(serverPool)
            .minSubmitted(minSubmitted)
            .goldRate(0)
            .backlog(reviewers)
            .random(new SplittableRandom(13));
    for (int i = 0; i < reviewers; i++) {
      b.reviewer(
          Reviewer.of(String.format(Locale.ROOT, "r%04d", i), ReviewerRole.REVIEWER, token(i)));
    }
    ReviewServer server = b.build();
    ReviewLoad run;
    long wall;
    try {
      Instant now = Instant.now();
      for (int i = 0; i < items; i++) {
        String id = String.format(Locale.ROOT, "item-%05d", i);
        FeedbackRequest r =
            FeedbackRequest.pairwise(
                id,
                Prompt.of("Question " + i + ": which answer is more helpful?"),
                Completion.of("Answer A to question " + i + ", a few sentences long."),
                Completion.of("Answer B to question " + i + ", a different few sentences."));
        server.enqueue(new ReviewTask(r, RoutingReason.CATEGORY, null, now));
      }
      InetSocketAddress at = server.start();
      HttpClient http =
          HttpClient.newBuilder()
              .version(HttpClient.Version.HTTP_1_1)
              .executor(clientPool)
              .connectTimeout(Duration.ofSeconds(10))
              .build();
      run =
          new ReviewLoad(
              reviewers,
              answers,
              think,
              TimeUnit.SECONDS.toMillis(arrivalSeconds),
              minSubmitted,
              TimeUnit.SECONDS.toNanos(limitSeconds),
              http,
              timers,
              URI.create("http://" + at.getHostString() + ":" + at.getPort()));
      long t0 = System.nanoTime();
      run.deadline.set(t0 + run.limitNanos);
      for (int i = 0; i < reviewers; i++) {
        run.start(i, new SplittableRandom(1000L + i));
      }
      boolean finished = run.done.await(limitSeconds + 30L, TimeUnit.SECONDS);
      wall = System.nanoTime() - t0;
      if (!finished) {
        System.out.println("NOT FINISHED: " + run.done.getCount() + " reviewers still running");
      }
    } finally {
      server.close();
      store.close();
      timers.shutdownNow();
      clientPool.shutdownNow();
      serverPool.shutdownNow();
    }
    run.report(wall);
    boolean ok = run.verify(storeFile, dir.resolve("feedback.jsonl.review-answers.jsonl"));
    System.exit(ok ? 0 : 1);
  }

  private static int arg(String[] args, int i, int dflt) {
    return args.length > i ? Integer.parseInt(args[i]) : dflt;
  }

  // ---- one reviewer: a chain of asynchronous requests, with think-time timers in between

  private final class Session {
    final int index;
    final SplittableRandom random;
    String cookie = "";
    String csrf = "";
    int accepted;

    Session(int index, SplittableRandom random) {
      this.index = index;
      this.random = random;
    }
  }

  private void start(int i, SplittableRandom random) {
    Session s = new Session(i, random);
    // people arrive over the arrival window, uniformly
    long delay = arrivalMillis == 0 ? 0 : random.nextLong(arrivalMillis + 1);
    timers.schedule(() -> login(s), delay, TimeUnit.MILLISECONDS);
  }

  private void login(Session s) {
    HttpRequest r =
        json(URI.create(base + "/api/login"), "{\"token\":\"" + token(s.index) + "\"}", null)
            .build();
    send(Kind.LOGIN, r)
        .whenComplete(
            (resp, err) -> {
              if (err != null || resp.statusCode() != 200) {
                fail(s, "login", resp, err);
                return;
              }
              String set = resp.headers().firstValue("Set-Cookie").orElse("");
              s.cookie = set.substring(0, Math.max(0, set.indexOf(';')));
              s.csrf = FeedbackJson.parse(resp.body()).get("csrfToken").asText();
              later(s, () -> next(s));
            });
  }

  private void next(Session s) {
    if (s.accepted >= answers || System.nanoTime() > deadline.get()) {
      done.countDown();
      return;
    }
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(base + "/api/tasks/next"))
            .GET()
            .header("Cookie", s.cookie)
            .build();
    send(Kind.NEXT, r)
        .whenComplete(
            (resp, err) -> {
              if (err != null || (resp.statusCode() != 200 && resp.statusCode() != 204)) {
                fail(s, "next", resp, err);
              } else if (resp.statusCode() == 204) {
                empty.incrementAndGet();
                done.countDown();
              } else {
                JsonNode task = FeedbackJson.parse(resp.body());
                later(s, () -> submit(s, task));
              }
            });
  }

  private void submit(Session s, JsonNode task) {
    String outcome = s.random.nextBoolean() ? "A" : "B";
    String body =
        "{\"taskId\":"
            + task.get("taskId")
            + ",\"order\":"
            + task.get("order")
            + ",\"aiSuggestionShown\":false,\"answer\":{\"outcome\":\""
            + outcome
            + "\"}}";
    HttpRequest r = json(URI.create(base + "/api/submissions"), body, s).build();
    send(Kind.SUBMIT, r)
        .whenComplete(
            (resp, err) -> {
              if (err == null && resp.statusCode() == 200) {
                JsonNode ack = FeedbackJson.parse(resp.body());
                String taskId = task.get("taskId").asText();
                String prev =
                    acked.put(ack.get("receipt").asText(), taskId + "/" + reviewerName(s.index));
                if (prev != null) {
                  System.out.println("DUPLICATE RECEIPT " + ack.get("receipt") + " " + prev);
                  errors.incrementAndGet();
                }
                ackedPerItem.computeIfAbsent(taskId, k -> new AtomicInteger()).incrementAndGet();
                s.accepted++;
                later(s, () -> next(s));
              } else if (err == null && resp.statusCode() == 409) {
                conflicts.incrementAndGet(); // others completed the item first: ask again
                later(s, () -> next(s));
              } else {
                fail(s, "submit", resp, err);
              }
            });
  }

  private static String reviewerName(int i) {
    return String.format(Locale.ROOT, "r%04d", i);
  }

  private void later(Session s, Runnable step) {
    if (thinkMillis == 0) {
      timers.execute(step);
    } else {
      timers.schedule(step, s.random.nextLong(2 * thinkMillis + 1), TimeUnit.MILLISECONDS);
    }
  }

  private void fail(
      Session s, String what, @Nullable HttpResponse<String> resp, @Nullable Throwable err) {
    errors.incrementAndGet();
    System.out.println(
        "reviewer "
            + s.index
            + " "
            + what
            + " failed: "
            + (err != null ? err : resp.statusCode() + " " + resp.body()));
    done.countDown();
  }

  private HttpRequest.Builder json(URI uri, String body, @Nullable Session s) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("Content-Type", "application/json");
    if (s != null) {
      b.header("Cookie", s.cookie).header(CSRF, s.csrf);
    }
    return b;
  }

  private CompletableFuture<HttpResponse<String>> send(Kind kind, HttpRequest r) {
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    long t0 = System.nanoTime();
    return http.sendAsync(r, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .whenComplete(
            (resp, err) -> {
              long dt = System.nanoTime() - t0;
              inFlight.decrementAndGet();
              if (err == null) {
                int i = counts.get(kind).getAndIncrement();
                long[] l = latencies.get(kind);
                if (i < l.length) {
                  l[i] = dt;
                }
              }
            });
  }

  // ---- figures and verification

  private void report(long wallNanos) {
    double secs = wallNanos / 1e9;
    int total = 0;
    long[] all = new long[0];
    System.out.printf(
        Locale.ROOT,
        "%-7s %7s %8s %8s %8s %8s%n",
        "request",
        "count",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms");
    for (Kind k : Kind.values()) {
      int n = Math.min(counts.get(k).get(), latencies.get(k).length);
      long[] l = Arrays.copyOf(latencies.get(k), n);
      line(k.name().toLowerCase(Locale.ROOT), l);
      total += n;
      long[] merged = Arrays.copyOf(all, all.length + n);
      System.arraycopy(l, 0, merged, all.length, n);
      all = merged;
    }
    line("all", all);
    System.out.printf(
        Locale.ROOT,
        "wall %.1f s, %d requests, %.0f requests/s, %d acknowledged answers (%.0f/s), %d items completed, "
            + "409 conflicts %d, 204 empty %d, errors %d, peak in flight %d, load average %.2f%n",
        secs,
        total,
        total / secs,
        acked.size(),
        acked.size() / secs,
        ackedPerItem.values().stream().filter(c -> c.get() >= minSubmitted).count(),
        conflicts.get(),
        empty.get(),
        errors.get(),
        peakInFlight.get(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  private static void line(String name, long[] nanos) {
    Arrays.sort(nanos);
    System.out.printf(
        Locale.ROOT,
        "%-7s %7d %8.2f %8.2f %8.2f %8.2f%n",
        name,
        nanos.length,
        pct(nanos, 0.50),
        pct(nanos, 0.95),
        pct(nanos, 0.99),
        nanos.length == 0 ? Double.NaN : nanos[nanos.length - 1] / 1e6);
  }

  /** Nearest-rank percentile, in milliseconds. */
  private static double pct(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private boolean verify(Path storeFile, Path answersFile) throws IOException {
    Map<String, Integer> journalled = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (String line : Files.readAllLines(answersFile, StandardCharsets.UTF_8)) {
      JsonNode n = FeedbackJson.parse(line);
      if (n.get("op").asText().equals("submit")) {
        journalled.merge(n.get("receipt").asText(), 1, Integer::sum);
        String who = n.get("task").asText() + "/" + n.get("reviewer").asText();
        String ack = acked.get(n.get("receipt").asText());
        if (ack != null && !ack.equals(who)) {
          problems.add(
              "receipt "
                  + n.get("receipt")
                  + " acknowledged for "
                  + ack
                  + ", journalled for "
                  + who);
        }
      }
    }
    for (String receipt : acked.keySet()) {
      int c = journalled.getOrDefault(receipt, 0);
      if (c != 1) {
        problems.add("acknowledged receipt " + receipt + " journalled " + c + " times");
      }
    }
    long unacked = journalled.keySet().stream().filter(r -> !acked.containsKey(r)).count();
    int completedItems = 0;
    try (FeedbackStore store = FeedbackStore.open(storeFile)) {
      Map<String, Integer> stored = new HashMap<>();
      store.readAll().forEach(f -> stored.merge(f.requestId(), 1, Integer::sum));
      for (Map.Entry<String, AtomicInteger> e : ackedPerItem.entrySet()) {
        if (e.getValue().get() >= minSubmitted) {
          completedItems++;
          int c = stored.getOrDefault(e.getKey(), 0);
          if (c != 1) {
            problems.add("item " + e.getKey() + " completed, in the store " + c + " times");
          }
        }
        if (e.getValue().get() > minSubmitted) {
          problems.add("item " + e.getKey() + " acknowledged " + e.getValue() + " answers");
        }
      }
      if (stored.size() != completedItems) {
        problems.add(
            "store has " + stored.size() + " items, " + completedItems + " completed by acks");
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    System.out.printf(
        Locale.ROOT,
        "verification: %d acknowledged receipts, %d journalled submits (%d not acknowledged), %d completed items "
            + "in the store exactly once: %s%n",
        acked.size(),
        journalled.size(),
        unacked,
        completedItems,
        problems.isEmpty() && unacked == 0 && errors.get() == 0 ? "OK" : "FAILED");
    problems.stream().limit(20).forEach(p -> System.out.println("  " + p));
    return problems.isEmpty() && unacked == 0 && errors.get() == 0;
  }
}
