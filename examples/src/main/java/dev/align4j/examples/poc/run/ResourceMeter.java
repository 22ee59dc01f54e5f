package dev.align4j.examples.poc.run;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The run's wall time and peak heap, printed at the end of the proof of concept.
 *
 * <p>Peak heap is the sum over the JVM's heap memory pools of each pool's peak usage since {@link #start()} (each
 * pool's peak is reset there). The pools peak at different moments, so the sum is an upper bound of the heap that was
 * in use at any one time; it includes garbage not yet collected.
 */
public final class ResourceMeter {
  private final long startNanos;

  private ResourceMeter(long startNanos) {
    this.startNanos = startNanos;
  }

  /** Resets the heap pools' peaks and starts the wall clock. */
  public static ResourceMeter start() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        pool.resetPeakUsage();
      }
    }
    return new ResourceMeter(System.nanoTime());
  }

  /** Seconds of wall time since {@link #start()}. */
  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Upper bound of the peak heap in use since {@link #start()}, in bytes (see the class comment). */
  public long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  /** The heap limit ({@code -Xmx}), in bytes. */
  public static long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }
}
