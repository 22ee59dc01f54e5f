package dev.align4j.spark;

import java.util.List;

/**
 * The JVM options Spark 4.0 needs on Java 17: it reaches into JDK internals (direct buffers, {@code sun.nio.ch},
 * reflection on {@code java.lang} and {@code java.util}), which Java 17 closes by default. The list is Spark's own
 * ({@code org.apache.spark.launcher.JavaModuleOptions}); {@code spark-submit} adds it to the driver and the executors
 * by itself, so only a JVM that starts Spark in-process ({@code local[*]} from {@code java -cp}, an IDE, a test
 * runner) must be given it on its command line. The module's Surefire configuration uses the same list.
 */
public final class SparkJavaOptions {
  /** Spark 4.0's options for Java 17, one per element, in Spark's order. */
  public static final List<String> JAVA_17 =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false",
          "-Dio.netty.tryReflectionSetAccessible=true");

  private SparkJavaOptions() {}

  /** {@link #JAVA_17} as one command-line fragment, separated by spaces. */
  public static String java17CommandLine() {
    return String.join(" ", JAVA_17);
  }
}
