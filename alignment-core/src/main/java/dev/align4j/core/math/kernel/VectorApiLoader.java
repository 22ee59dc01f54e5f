package dev.align4j.core.math.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one loader of align4j's optional Vector API implementations (core's {@code VectorApiKernels}, the objectives'
 * fused loops), after the model of Apache Lucene's {@code VectorizationProvider}.
 *
 * <p>No align4j module descriptor requires {@code jdk.incubator.vector} (not even {@code requires static}): a
 * descriptor that names an incubator module makes the compiler of every modular application that requires align4j
 * warn "using incubating module(s)", an error under {@code -Werror} that the application cannot switch off. The
 * application opts in at run time instead ({@code --add-modules jdk.incubator.vector}); then the module holding the
 * vector class must read the incubator module before that class links. {@link Module#addReads} is caller-sensitive
 * (only code of the reading module may add the edge), so the caller passes its own {@link MethodHandles.Lookup}: the
 * handle of {@code addReads} found through it runs with the lookup class as its caller, which lets this class add the
 * edge on behalf of the caller's module, and the same lookup finds the caller's package-private {@code create()}. On
 * the class path the unnamed module already reads every module and the edge changes nothing.
 *
 * <p>The implementation class must have a static, no-argument {@code create()} returning {@code type} (null when the
 * preferred vector shape is too narrow to pay off). The loader logs the chosen path of each component once at INFO
 * ({@code "<component>: <implementation name>"} or {@code "<component>: <scalar path> (<reason>)"}); any linkage
 * problem falls back to scalar and is logged at WARN with its stack trace. Callers load once, in a holder class.
 */
public final class VectorApiLoader {
  /** The JDK module of the Vector API. */
  public static final String VECTOR_MODULE = "jdk.incubator.vector";

  private VectorApiLoader() {}

  /**
   * The outcome of one load.
   *
   * @param vector the Vector API implementation, or null when the scalar path is used
   * @param failure why the Vector API path failed to link, or null when it did not fail
   */
  record Choice<T>(@Nullable T vector, @Nullable Throwable failure) {}

  /**
   * Loads a Vector API implementation of the caller's module when the core kernels run on the Vector API
   * ({@link Kernels#vectorApiUsable()}, so that the whole library follows one switch), and logs the chosen path once.
   *
   * @param caller {@code MethodHandles.lookup()} of a class in the package of {@code className}
   * @param className the binary name of the implementation class
   * @param type the interface the implementation's {@code create()} returns; its logger reports the choice
   * @param name the implementation's name in the log line, e.g. {@code PairwiseKernels::name}
   * @param component the component in the log line, e.g. {@code "align4j pairwise objectives"}
   * @param scalarPath the scalar path in the log line, e.g. {@code "scalar kernels"}
   * @return the implementation, or empty when the scalar path is to be used
   */
  public static <T> Optional<T> load(
      MethodHandles.Lookup caller, String className, Class<T> type, Function<? super T, String> name,
      String component, String scalarPath) {
    return Optional.ofNullable(choose(caller, className, type, name, component, scalarPath, true).vector());
  }

  /**
   * Chooses the path: scalar when forced by {@value Kernels#FORCE_SCALAR_PROPERTY}, when the Vector API module is not
   * in the boot layer, when {@code followCoreKernels} and the core kernels are scalar, when {@code create()} returns
   * null, or when linking fails; the Vector API implementation otherwise.
   */
  static <T> Choice<T> choose(
      MethodHandles.Lookup caller, String className, Class<T> type, Function<? super T, String> name,
      String component, String scalarPath, boolean followCoreKernels) {
    Logger log = LoggerFactory.getLogger(type);
    if (Boolean.getBoolean(Kernels.FORCE_SCALAR_PROPERTY)) {
      log.info("{}: {} (forced by -D{}=true)", component, scalarPath, Kernels.FORCE_SCALAR_PROPERTY);
      return new Choice<>(null, null);
    }
    Optional<Module> vectorModule = ModuleLayer.boot().findModule(VECTOR_MODULE);
    if (vectorModule.isEmpty()) {
      log.info("{}: {} (run with --add-modules {} for the SIMD path)", component, scalarPath, VECTOR_MODULE);
      return new Choice<>(null, null);
    }
    if (followCoreKernels && !Kernels.vectorApiUsable()) {
      log.info("{}: {} (the core kernels are scalar)", component, scalarPath);
      return new Choice<>(null, null);
    }
    try {
      MethodHandle addReads = caller.findVirtual(
          Module.class, "addReads", MethodType.methodType(Module.class, Module.class));
      Module reader = caller.lookupClass().getModule();
      addReads.invoke(reader, vectorModule.get());
      MethodHandle create = caller.findStatic(caller.findClass(className), "create", MethodType.methodType(type));
      T vector = type.cast(create.invoke());
      if (vector == null) {
        log.info("{}: {} (preferred vector shape below 128 bits)", component, scalarPath);
      } else {
        log.info("{}: {}", component, name.apply(vector));
      }
      return new Choice<>(vector, null);
    } catch (Throwable e) {
      if (e instanceof Error && !(e instanceof LinkageError)) {
        throw (Error) e;
      }
      log.warn("{}: {} (Vector API path failed to link: {})", component, scalarPath, e.toString(), e);
      return new Choice<>(null, e);
    }
  }
}
