package dev.align4j.optimizers.objective;

import java.lang.reflect.Method;

/**
 * Bytes allocated by the current thread (HotSpot's {@code com.sun.management.ThreadMXBean}), reached by reflection
 * because the module under test does not read {@code java.management}; tests run on the class path.
 */
public final class ThreadAllocation {
  private final Object bean;
  private final Method allocatedBytes;

  private ThreadAllocation() throws ReflectiveOperationException {
    this.bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    this.allocatedBytes = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
  }

  /** Bytes {@code action} allocates on the current thread, net of the measuring call's own allocation. */
  public static long measure(Runnable action) throws ReflectiveOperationException {
    ThreadAllocation meter = new ThreadAllocation();
    for (int i = 0; i < 10; i++) {
      meter.bytes();
    }
    long a = meter.bytes();
    long b = meter.bytes();
    long overhead = b - a;
    long before = meter.bytes();
    action.run();
    long after = meter.bytes();
    return after - before - overhead;
  }

  private long bytes() throws ReflectiveOperationException {
    return (Long) allocatedBytes.invoke(bean);
  }
}
