package dev.align4j.benchmarks.feedback;

import dev.align4j.core.label.Feedback;
import dev.align4j.feedback.store.FeedbackStore;
import dev.align4j.feedback.store.FsyncPolicy;
import dev.align4j.feedback.store.StoredFeedback;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@link FeedbackStore} lookups by request id at 10^3, 10^5 and 10^6 records, in CPU time of the measuring thread (for
 * a shared machine) and wall time: {@code find} (index lookup and one read of one line) and {@code contains}; for
 * comparison, a lookup as {@code find} did it before the index (decode the whole file, keep the matching record).
 * Also the time to open (repair and index) each store and the heap the open store holds per record, next to what a
 * {@code HashSet<String>} of the same ids (the store's former in-memory state, without offsets) holds.
 *
 * <p>Records are {@link StoreAppendBenchmark#LABEL} (≈ 600 bytes of JSON) under random 36-character UUID ids. Lookups
 * go to uniformly random stored ids; ten rounds of at least 0.5 s each, the median of the last five is printed.
 *
 * <p>Arguments: {@code [sizes=1000,100000,1000000] [largest size for the full-scan lookup=100000]}. Run with
 * {@code -Xmx3g} (the full-scan lookup materialises every record).
 */
public final class StoreLookupCpuTime {
  private StoreLookupCpuTime() {}

  /** Runs the measurement. */
  public static void main(String[] args) throws IOException {
    int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "1000,100000,1000000").split(","))
        .mapToInt(Integer::parseInt).toArray();
    int scanUpTo = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    for (int n : sizes) {
      run(n, n <= scanUpTo);
    }
  }

  private static void run(int n, boolean scan) throws IOException {
    Path dir = Files.createTempDirectory("align4j-store-lookup");
    Path file = dir.resolve("labels.jsonl");
    SplittableRandom rnd = new SplittableRandom(n);
    String[] ids = new String[n];
    for (int i = 0; i < n; i++) {
      ids[i] = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
    }
    try {
      try (FeedbackStore store = FeedbackStore.open(file, FsyncPolicy.NONE, Clock.systemUTC())) {
        for (int b = 0; b < n; b += 10_000) {
          List<Map.Entry<String, Feedback>> batch = new ArrayList<>();
          for (int i = b; i < Math.min(n, b + 10_000); i++) {
            batch.add(Map.entry(ids[i], StoreAppendBenchmark.LABEL));
          }
          store.appendAll(batch);
        }
      }
      long fileBytes = Files.size(file);
      long heapSet = hashSetHeap(ids);
      long heap0 = usedHeap();
      long t0 = System.nanoTime();
      FeedbackStore store = FeedbackStore.open(file, FsyncPolicy.NONE, Clock.systemUTC());
      double openSeconds = (System.nanoTime() - t0) / 1e9;
      long heapStore = usedHeap() - heap0;
      try {
        String[] probes = new String[4096];
        for (int i = 0; i < probes.length; i++) {
          probes[i] = ids[rnd.nextInt(n)];
        }
        double[] find = measure(() -> {
          long found = 0;
          for (String id : probes) {
            found += store.find(id).isPresent() ? 1 : 0;
          }
          return found;
        }, probes.length);
        double[] contains = measure(() -> {
          long found = 0;
          for (String id : probes) {
            found += store.contains(id) ? 1 : 0;
          }
          return found;
        }, probes.length);
        System.out.printf(Locale.ROOT, "records %,d (file %,d MB): open and index %.2f s; heap held by the open "
            + "store %.1f B/record (a HashSet<String> of the ids: %.1f B/record)%n", n, fileBytes >> 20,
            openSeconds, (double) heapStore / n, (double) heapSet / n);
        System.out.printf(Locale.ROOT, "  find:     %.2f µs CPU, %.2f µs wall per lookup%n", find[0] / 1e3,
            find[1] / 1e3);
        System.out.printf(Locale.ROOT, "  contains: %.3f µs CPU, %.3f µs wall per lookup%n", contains[0] / 1e3,
            contains[1] / 1e3);
        if (scan) {
          ThreadMXBean mx = ManagementFactory.getThreadMXBean();
          int lookups = Math.max(1, 100_000 / n);
          long c0 = mx.getCurrentThreadCpuTime();
          long w0 = System.nanoTime();
          for (int k = 0; k < lookups; k++) {
            String id = probes[k];
            Optional<Feedback> hit = store.readAll().stream().filter(s -> s.requestId().equals(id))
                .map(StoredFeedback::feedback).findFirst();
            if (hit.isEmpty()) {
              throw new IllegalStateException("stored id " + id + " not found by the scan");
            }
          }
          System.out.printf(Locale.ROOT, "  full-scan lookup (find before the index): %.2f ms CPU, %.2f ms wall "
              + "per lookup (%d lookups)%n", (mx.getCurrentThreadCpuTime() - c0) / 1e6 / lookups,
              (System.nanoTime() - w0) / 1e6 / lookups, lookups);
        }
      } finally {
        store.close();
      }
    } finally {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : (Iterable<Path>) s::iterator) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  /** A timed block returning a checksum. */
  private interface Block {
    long run();
  }

  /** Median CPU and wall nanoseconds per operation over the last five of ten rounds of at least 0.5 s. */
  private static double[] measure(Block block, int opsPerRun) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    int rounds = 10;
    double[] cpu = new double[rounds];
    double[] wall = new double[rounds];
    long sink = 0;
    for (int r = 0; r < rounds; r++) {
      long c0 = mx.getCurrentThreadCpuTime();
      long w0 = System.nanoTime();
      long ops = 0;
      while (System.nanoTime() - w0 < 500_000_000L) {
        sink += block.run();
        ops += opsPerRun;
      }
      cpu[r] = (double) (mx.getCurrentThreadCpuTime() - c0) / ops;
      wall[r] = (double) (System.nanoTime() - w0) / ops;
    }
    if (sink == 0) {
      throw new IllegalStateException("no lookup found anything");
    }
    double[] c5 = Arrays.copyOfRange(cpu, 5, rounds);
    double[] w5 = Arrays.copyOfRange(wall, 5, rounds);
    Arrays.sort(c5);
    Arrays.sort(w5);
    return new double[] {c5[2], w5[2]};
  }

  /** Heap held by a {@code HashSet<String>} of copies of the ids (as decoded from the file), measured and dropped. */
  private static long hashSetHeap(String[] ids) {
    long before = usedHeap();
    Set<String> set = new HashSet<>();
    for (String id : ids) {
      set.add(new String(id.toCharArray()));
    }
    long held = usedHeap() - before;
    if (set.size() != ids.length) {
      throw new IllegalStateException("ids must be distinct");
    }
    return held;
  }

  private static long usedHeap() {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return m.getHeapMemoryUsage().getUsed();
  }
}
