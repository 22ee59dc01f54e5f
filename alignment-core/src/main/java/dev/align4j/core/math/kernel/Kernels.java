package dev.align4j.core.math.kernel;

import dev.align4j.core.math.StableMath;

/**
 * The kernel layer: the few dense loops that dominate align4j's run time (dot products, AXPY, matrix products),
 * behind one interface with two implementations chosen once at start-up, after the model of Apache Lucene's
 * {@code VectorizationProvider}:
 *
 * <ul>
 *   <li>a portable scalar path in plain Java 17, always available and the reference for tests ({@link #scalar()});
 *   <li>a SIMD path on the JDK's Vector API ({@code jdk.incubator.vector}), used when the application runs with
 *       {@code --add-modules jdk.incubator.vector}, the preferred vector shape is at least 128 bits, and the system
 *       property {@value #FORCE_SCALAR_PROPERTY} is not {@code true}. Any linkage problem falls back to scalar.
 * </ul>
 *
 * <p>The active path is logged once at INFO by {@link #active()}. Modules with their own fused SIMD loops (the
 * objectives, for example) decide with {@link #vectorApiUsable()} so that the whole library follows one switch.
 *
 * <p>Matrices are dense, row-major {@code float[]}; the elementwise transcendental kernels ({@link #exp(double[],
 * double[], int)}, {@link #logistic}) work on {@code double[]} and serve the objectives' inner loops. "Accumulate"
 * means {@code C += ...}; otherwise {@code C = ...}.
 */
public interface Kernels {

  /** Set to {@code true} to force the scalar path everywhere (for debugging and for testing both paths). */
  String FORCE_SCALAR_PROPERTY = "align4j.kernels.scalar";

  /** A short name of the implementation, e.g. {@code "scalar"} or {@code "vector-api(256-bit)"}. */
  String name();

  /** Whether this implementation uses the Vector API. */
  boolean isVectorized();

  /** Σ a[aOff + i]·b[bOff + i] for i in [0, n). */
  float dot(float[] a, int aOff, float[] b, int bOff, int n);

  /** Σ a[i]·b[i] for i in [0, n), accumulated in double. */
  double dot(double[] a, double[] b, int n);

  /** y[yOff + i] += alpha·x[xOff + i] for i in [0, n). */
  void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

  /**
   * C[m×n] (+)= A[m×k] · B[k×n].
   *
   * @param accumulate add into C instead of overwriting it
   */
  void matmul(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate);

  /** C[m×n] (+)= A[m×k] · Bᵀ, where B is stored [n×k] (the forward pass of a linear layer with weights [out×in]). */
  void matmulTransposedB(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate);

  /** C[m×n] (+)= Aᵀ · B, where A is stored [k×m] and B is [k×n] (the weight gradient of a linear layer). */
  void matmulTransposedA(float[] a, float[] b, float[] c, int m, int k, int n, boolean accumulate);

  /**
   * General matrix product on strided row-major storage (the BLAS {@code sgemm} contract, row-major):
   * {@code C[m×n] (+)= op(A)·op(B)} where op(A) is m×k and op(B) is k×n.
   *
   * <ul>
   *   <li>{@code transA == false}: A[i,p] = {@code a[aOff + i·lda + p]}; {@code true}: A is stored k×m,
   *       A[i,p] = {@code a[aOff + p·lda + i]}.
   *   <li>{@code transB == false}: B[p,j] = {@code b[bOff + p·ldb + j]}; {@code true}: B is stored n×k,
   *       B[p,j] = {@code b[bOff + j·ldb + p]}.
   *   <li>C[i,j] = {@code c[cOff + i·ldc + j]}.
   * </ul>
   *
   * <p>Sub-matrices (one attention head's columns, a block of rows) are addressed through offsets and leading
   * dimensions without copying. The output must not overlap the inputs. Thread-safe: implementations keep any scratch
   * space per thread.
   *
   * @param accumulate add into C instead of overwriting it
   * @throws IllegalArgumentException when a dimension is negative, a leading dimension is too small, or an array is
   *     too short for the addressed elements
   */
  void gemm(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate);

  /**
   * y[yOff + i] = tanh(x[xOff + i]) for i in [0, n) (the tanh-approximated GELU of a transformer's feed-forward
   * layer). Accurate to a few float ulps; {@code y} may be {@code x} at the same offset.
   */
  void tanh(float[] x, int xOff, float[] y, int yOff, int n);

  /**
   * x[off + i] = exp(x[off + i] − shift) for i in [0, n), in place, and returns Σ of the new values: the numerator and
   * denominator of a softmax when {@code shift} is the maximum. Accurate to a few float ulps.
   */
  float expShiftSum(float[] x, int off, int n, float shift);

  /**
   * {@code out[i] = e^{x[i]}} for i in [0, n), in double precision: the reference path calls {@link Math#exp}; the
   * Vector API path reduces x = k·ln 2 + r with |r| ≤ ln 2 / 2, sums the degree-12 Taylor polynomial of e^r and scales
   * by 2^k from the exponent bits (a vector with a lane beyond |x| ≈ 708, where 2^k leaves the normal range, is
   * finished with {@link Math#exp}), so that results stay within a few ulps (relative error below 1e-15) from
   * overflow (+∞ above about 709.78) down through the subnormals (0 below about −745.13). NaN gives NaN. Only IEEE
   * additions, multiplications and fused multiply-adds are used in the fast range, so there the Vector API result is
   * the same on every processor and before and after JIT compilation. {@code out} may be {@code x}.
   *
   * @throws IllegalArgumentException when {@code n} is negative or longer than either array
   */
  void exp(double[] x, double[] out, int n);

  /**
   * {@code out[i] = e^{x[i]} − 1} for i in [0, n), with full relative precision near 0 (the Vector API path shares
   * {@link #exp(double[], double[], int)}'s reduction and forms e^r − 1 without the constant term). {@code out} may be
   * {@code x}.
   *
   * @throws IllegalArgumentException when {@code n} is negative or longer than either array
   */
  void expm1(double[] x, double[] out, int n);

  /**
   * {@code out[i] = log(1 + x[i])} for i in [0, n): −∞ at −1, NaN below −1 or for NaN, relative error below 1e-15
   * (Vector API path: 2·atanh(s) with s = x/(2 + x) directly for 1 + x ∈ [1/√2, √2], else from the exponent and
   * mantissa of 1 + x). {@code out} may be {@code x}.
   *
   * @throws IllegalArgumentException when {@code n} is negative or longer than either array
   */
  void log1p(double[] x, double[] out, int n);

  /**
   * The logistic quantities of each x = {@code x[i]}, i in [0, n), all derived from one e = e^{−|x|} ∈ [0, 1]:
   *
   * <ul>
   *   <li>{@code softplusNeg[i]} = log(1 + e^{−x}) = −log σ(x) = max(−x, 0) + log1p(e) (the sigmoid-DPO loss);
   *   <li>{@code softplusPos[i]} = log(1 + e^{x}) = −log σ(−x) = max(x, 0) + log1p(e);
   *   <li>{@code sigmoidPos[i]} = σ(x) and {@code sigmoidNeg[i]} = σ(−x), each either 1/(1 + e) or e/(1 + e), so
   *       neither is formed as 1 − σ and both keep full relative precision in the tails.
   * </ul>
   *
   * <p>Relative error below 1e-15 for every finite x. On the Vector API path log1p(e) is 2·atanh(s) with
   * s = f/(2 + f), f = e or (e − 1)/2 (then + ln 2), |s| ≤ 0.1716, summed as a degree-21 odd series, and the division
   * for s shares one reciprocal with 1/(1 + e). The work is done in blocks of a few hundred lanes, so any n stays in
   * the L1 cache. The four output arrays must be distinct from each other and from {@code x}.
   *
   * @throws IllegalArgumentException when {@code n} is negative or longer than any array
   */
  void logistic(double[] x, double[] softplusNeg, double[] softplusPos, double[] sigmoidPos, double[] sigmoidNeg,
      int n);

  /**
   * {@code out[i] = log(1 − e^{x[i]})} for x ≤ 0 (the log-probability of the complement, {@link StableMath#log1mexp}):
   * −∞ at x = 0, NaN for x > 0 or NaN. Relative error below 1e-15. The Vector API path forms −expm1(x) for
   * x > −ln 2 and 1 − e^x below it without cancellation (e^x = 2^k(1 + q) with q = e^r − 1 from its own polynomial),
   * then takes the log by exponent extraction and the atanh series (log1p directly for e^x &lt; 1 − 1/√2); lanes whose
   * intermediate would be subnormal (x above about −2.2e-308, or e^x below about 2.2e-308) are finished with the
   * scalar formula. {@code out} may be {@code x}.
   *
   * @throws IllegalArgumentException when {@code n} is negative or longer than either array
   */
  void log1mexp(double[] x, double[] out, int n);

  /** The implementation chosen at start-up (Vector API when usable, scalar otherwise). */
  static Kernels active() {
    return KernelHolder.ACTIVE;
  }

  /** The scalar reference implementation. */
  static Kernels scalar() {
    return ScalarKernels.INSTANCE;
  }

  /**
   * Whether the Vector API path may be used: the module {@code jdk.incubator.vector} is in the boot layer (the
   * application opted in with {@code --add-modules jdk.incubator.vector}), scalar is not forced, and the vector kernels
   * linked and passed their start-up self-check. align4j's module descriptors do not require the incubator module, so
   * that a modular application that does not opt in never resolves it (and its compiler does not warn about it).
   */
  static boolean vectorApiUsable() {
    return KernelHolder.ACTIVE.isVectorized();
  }
}
