package dev.align4j.benchmarks.data;

import dev.align4j.core.data.DataFormat;
import dev.align4j.core.data.JsonlDatasetReader;
import dev.align4j.core.data.PreferenceExample;
import dev.align4j.core.data.PreferenceJsonlWriter;
import dev.align4j.core.data.ReadOptions;
import dev.align4j.core.data.ReadSummary;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Shows that reading a multi-gigabyte TRL JSONL file keeps memory flat: generates a file of the requested size (once),
 * then streams it through {@link JsonlDatasetReader} and reports throughput and the peak heap used. Run it with a
 * small heap, e.g. {@code benchmarks/scripts/data_large_file.sh} (1 GiB file, {@code -Xmx256m}).
 *
 * <p>Arguments: {@code <file> <size in MiB>}.
 */
public final class LargeFileRead {
  private LargeFileRead() {}

  /** Generates (if absent) and reads the file; prints one result line. */
  public static void main(String[] args) throws Exception {
    Path file = Path.of(args.length > 0 ? args[0] : "/tmp/align4j-large.jsonl");
    long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
    long target = mib << 20;
    if (!Files.exists(file) || Files.size(file) < target) {
      generate(file, target);
    }
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
    long[] chars = new long[1];
    long t0 = System.nanoTime();
    ReadSummary s = JsonlDatasetReader.preferences(DataFormat.TRL_PREFERENCE, ReadOptions.strict())
        .read(file, (PreferenceExample e) -> chars[0] += e.chosen().text().length());
    double secs = (System.nanoTime() - t0) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    double sizeMiB = Files.size(file) / (double) (1 << 20);
    System.out.printf(Locale.ROOT,
        "file=%.0f MiB records=%d time=%.1f s throughput=%.0f MiB/s %.0f records/s maxHeap=%d MiB"
            + " peakHeapUsed(sum of pools)=%d MiB%n",
        sizeMiB, s.records(), secs, sizeMiB / secs, s.records() / secs,
        Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
  }

  private static void generate(Path file, long targetBytes) {
    SplittableRandom rnd = new SplittableRandom(42);
    String[] words = {"the", "policy", "answer", "helpful", "reward", "model", "please", "thanks", "data", "safe",
        "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "é", "日本", "\"quoted\""};
    try (PreferenceJsonlWriter w = PreferenceJsonlWriter.open(file, DataFormat.TRL_PREFERENCE)) {
      long bytes = 0;
      while (bytes < targetBytes) {
        String p = sentence(rnd, words, 20);
        String c = sentence(rnd, words, 60);
        String r = sentence(rnd, words, 60);
        w.write(PreferenceExample.of(p, c, r));
        bytes += p.length() + c.length() + r.length() + 48;
      }
    }
  }

  private static String sentence(SplittableRandom rnd, String[] words, int n) {
    StringBuilder sb = new StringBuilder();
    int len = 1 + rnd.nextInt(n);
    for (int i = 0; i < len; i++) {
      if (i > 0) {
        sb.append(' ');
      }
      sb.append(words[rnd.nextInt(words.length)]);
    }
    return sb.toString();
  }
}
