package dev.align4j.rollout.stats;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.rollout.validity.SampleRatioCheck;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public method and constructor of {@code .stats} and {@code .validity} refuses impossible input (negative
 * counts, successes above trials, NaN or infinite levels, levels outside (0, 1), missing arguments) with an
 * exception whose message names the argument and the value.
 */
class ArgumentValidationTest {
  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final BernoulliConfidenceSequence CS = BernoulliConfidenceSequence.jeffreys();
  private static final ArmSummary ONE = ArmSummary.of(1, 2, 3);
  private static final AcceptableRange RANGE = AcceptableRange.atMost(1);

  private static Arguments bad(String call, String message, Executable e) {
    return Arguments.of(call, IllegalArgumentException.class, message, e);
  }

  private static Arguments missing(String call, String argument, Executable e) {
    return Arguments.of(call, NullPointerException.class, argument + " must not be null", e);
  }

  static Stream<Arguments> impossibleInputs() {
    return Stream.of(
        bad("cs.interval(-1, 10, .05)", "s must be in [0, n=10], was -1", () -> CS.interval(-1, 10, .05)),
        bad("cs.interval(11, 10, .05)", "s must be in [0, n=10], was 11", () -> CS.interval(11, 10, .05)),
        bad("cs.interval(0, -1, .05)", "n must be >= 0, was -1", () -> CS.interval(0, -1, .05)),
        bad("cs.interval(3, 10, NaN)", "alpha must be in (0.0, 1.0), was NaN", () -> CS.interval(3, 10, NAN)),
        bad("cs.interval(3, 10, 0)", "alpha must be in (0.0, 1.0), was 0.0", () -> CS.interval(3, 10, 0)),
        bad("cs.interval(3, 10, 1)", "alpha must be in (0.0, 1.0), was 1.0", () -> CS.interval(3, 10, 1)),
        bad("cs.interval(3, 10, inf)", "alpha must be in (0.0, 1.0), was Infinity", () -> CS.interval(3, 10, INF)),
        bad("cs.pValue(3, 10, NaN)", "p0 must be in [0.0, 1.0], was NaN", () -> CS.pValue(3, 10, NAN)),
        bad("cs.pValue(3, 10, 1.5)", "p0 must be in [0.0, 1.0], was 1.5", () -> CS.pValue(3, 10, 1.5)),
        bad("cs.pValue(3, 10, -0.1)", "p0 must be in [0.0, 1.0], was -0.1", () -> CS.pValue(3, 10, -0.1)),
        bad("cs.pValue(-1, 10, .5)", "s must be in [0, n=10], was -1", () -> CS.pValue(-1, 10, .5)),
        bad("cs.pValue(11, 10, .5)", "s must be in [0, n=10], was 11", () -> CS.pValue(11, 10, .5)),
        bad("cs.pValue(0, -3, .5)", "n must be >= 0, was -3", () -> CS.pValue(0, -3, .5)),
        bad("cs.logMartingale(11, 10, .5)", "s must be in [0, n=10], was 11", () -> CS.logMartingale(11, 10, .5)),
        bad("cs.logMartingale(3, 10, NaN)", "p0 must be in [0.0, 1.0], was NaN", () -> CS.logMartingale(3, 10, NAN)),
        bad("withPrior(NaN, 1)", "a must be finite and > 0, was NaN",
            () -> BernoulliConfidenceSequence.withPrior(NAN, 1)),
        bad("withPrior(1, -1)", "b must be finite and > 0, was -1.0",
            () -> BernoulliConfidenceSequence.withPrior(1, -1)),
        bad("cs.evaluate(.., alpha NaN)", "alpha must be in (0.0, 1.0), was NaN",
            () -> CS.evaluate(ArmSummary.ofRate(1, 10), null, RANGE, NAN)),
        missing("cs.evaluate(null, ..)", "candidate", () -> CS.evaluate(null, null, RANGE, .05)),
        missing("cs.evaluate(.., null range, ..)", "range", () -> CS.evaluate(ONE, null, null, .05)),

        bad("wilson(-1, 10, .05)", "x must be in [0, n=10], was -1", () -> BinomialBounds.wilson(-1, 10, .05)),
        bad("wilson(11, 10, .05)", "x must be in [0, n=10], was 11", () -> BinomialBounds.wilson(11, 10, .05)),
        bad("wilson(1, 0, .05)", "n must be > 0, was 0", () -> BinomialBounds.wilson(1, 0, .05)),
        bad("wilsonUpper(1, 10, NaN)", "alpha must be in (0.0, 1.0), was NaN",
            () -> BinomialBounds.wilsonUpper(1, 10, NAN)),
        bad("clopperPearson(1, 10, 1)", "alpha must be in (0.0, 1.0), was 1.0",
            () -> BinomialBounds.clopperPearson(1, 10, 1)),
        bad("clopperPearsonUpper(-2, 10, .05)", "x must be in [0, n=10], was -2",
            () -> BinomialBounds.clopperPearsonUpper(-2, 10, .05)),
        bad("minTrialsToCertify(0, .05)", "tau must be in (0.0, 1.0), was 0.0",
            () -> BinomialBounds.minTrialsToCertify(0, .05)),
        bad("minTrialsToCertify(.01, NaN)", "alpha must be in (0.0, 1.0), was NaN",
            () -> BinomialBounds.minTrialsToCertify(.01, NAN)),

        missing("BinomialBoundTest.of(null, 10)", "method", () -> BinomialBoundTest.of(null, 10)),
        bad("BinomialBoundTest.of(WILSON, 0)", "horizon must be > 0, was 0",
            () -> BinomialBoundTest.of(BinomialBoundTest.Method.WILSON, 0)),
        bad("binomialBound.evaluate(.., alpha 2)", "alpha must be in (0.0, 1.0), was 2.0",
            () -> BinomialBoundTest.of(BinomialBoundTest.Method.WILSON, 10).evaluate(ONE, null, RANGE, 2)),
        bad("FixedHorizonZTest.twoSample(0)", "horizon must be > 0, was 0", () -> FixedHorizonZTest.twoSample(0)),
        bad("FixedHorizonZTest.oneSample(-5)", "horizon must be > 0, was -5", () -> FixedHorizonZTest.oneSample(-5)),
        bad("z.evaluate(.., alpha NaN)", "alpha must be in (0.0, 1.0), was NaN",
            () -> FixedHorizonZTest.oneSample(5).evaluate(ONE, null, RANGE, NAN)),
        missing("z.evaluate(.., no incumbent)", "incumbent",
            () -> FixedHorizonZTest.twoSample(5).evaluate(ONE, null, RANGE, .05)),
        bad("MixtureSprt.twoSample(0)", "tau must be finite and > 0, was 0.0", () -> MixtureSprt.twoSample(0)),
        bad("MixtureSprt.oneSample(NaN)", "tau must be finite and > 0, was NaN", () -> MixtureSprt.oneSample(NAN)),
        bad("MixtureSprt.forRates(inf)", "tau must be finite and > 0, was Infinity", () -> MixtureSprt.forRates(INF)),
        bad("withMinSamples(1)", "minSamples must be >= 2, was 1", () -> MixtureSprt.twoSample(1).withMinSamples(1)),
        bad("msprt.evaluate(.., alpha -1)", "alpha must be in (0.0, 1.0), was -1.0",
            () -> MixtureSprt.oneSample(1).evaluate(ONE, null, RANGE, -1)),
        bad("Sprt.withIndifferenceZone(NaN)", "mde must be finite and > 0, was NaN",
            () -> Sprt.withIndifferenceZone(NAN)),
        bad("sprt.evaluate(.., alpha 1)", "alpha must be in (0.0, 1.0), was 1.0",
            () -> Sprt.withIndifferenceZone(1).evaluate(ONE, ONE, RANGE, 1)),
        missing("sprt.evaluate(null, ..)", "candidate", () -> Sprt.withIndifferenceZone(1).evaluate(null, ONE, RANGE,
            .05)),

        bad("Holm.apply({.1, NaN}, .05)", "pValues[1] must be in [0.0, 1.0], was NaN",
            () -> Holm.apply(new double[] {.1, NAN}, .05)),
        bad("Holm.apply({-0.1}, .05)", "pValues[0] must be in [0.0, 1.0], was -0.1",
            () -> Holm.apply(new double[] {-0.1}, .05)),
        bad("Holm.apply({.1}, 0)", "alpha must be in (0.0, 1.0), was 0.0", () -> Holm.apply(new double[] {.1}, 0)),
        missing("Holm.apply(null, .05)", "pValues", () -> Holm.apply(null, .05)),
        bad("MannWhitneyTest.compare({}, {1}, .05)", "candidate must not be empty",
            () -> MannWhitneyTest.compare(new double[0], new double[] {1}, .05)),
        bad("MannWhitneyTest.compare({1}, {inf}, .05)", "incumbent[0] must be finite, was Infinity",
            () -> MannWhitneyTest.compare(new double[] {1}, new double[] {INF}, .05)),
        bad("MannWhitneyTest.compare({1}, {2}, NaN)", "alpha must be in (0.0, 1.0), was NaN",
            () -> MannWhitneyTest.compare(new double[] {1}, new double[] {2}, NAN)),

        bad("new ArmSummary(-1, ..)", "n must be >= 0, was -1", () -> new ArmSummary(-1, 0, 0, 0)),
        bad("new ArmSummary(.., mean NaN, ..)", "mean must be finite, was NaN", () -> new ArmSummary(3, NAN, 0, 0)),
        bad("new ArmSummary(.., m2 -1, ..)", "m2 must be finite and >= 0, was -1.0",
            () -> new ArmSummary(3, 0, -1, 0)),
        bad("new ArmSummary(.., nanCount -1)", "nanCount must be >= 0, was -1", () -> new ArmSummary(3, 0, 0, -1)),
        bad("ArmSummary.ofRate(11, 10)", "events must be in [0, trials=10], was 11", () -> ArmSummary.ofRate(11, 10)),
        bad("ArmSummary.ofRate(-1, 10)", "events must be in [0, trials=10], was -1", () -> ArmSummary.ofRate(-1, 10)),
        bad("ArmSummary.ofRate(0, -1)", "trials must be >= 0, was -1", () -> ArmSummary.ofRate(0, -1)),
        bad("ArmSummary.ofMoments(-1, 0, 1)", "n must be >= 0, was -1", () -> ArmSummary.ofMoments(-1, 0, 1)),
        bad("ArmSummary.ofMoments(0, NaN, 1)", "mean must be finite, was NaN", () -> ArmSummary.ofMoments(0, NAN, 1)),
        bad("ArmSummary.ofMoments(5, 0, -1)", "sampleSd must be finite and >= 0, was -1.0",
            () -> ArmSummary.ofMoments(5, 0, -1)),
        bad("ArmSummary.of(1, inf)", "observation must be finite or NaN, was Infinity", () -> ArmSummary.of(1, INF)),
        missing("summary.merge(null)", "other", () -> ONE.merge(null)),
        bad("runningStats.add(-inf)", "observation must be finite or NaN, was -Infinity",
            () -> new RunningStats().add(Double.NEGATIVE_INFINITY)),
        missing("runningStats.add(null)", "summary", () -> new RunningStats().add((ArmSummary) null)),
        bad("new AcceptableRange(NaN, 1)", "range must have lo <= hi, was [NaN, 1.0]",
            () -> new AcceptableRange(NAN, 1)),
        bad("new AcceptableRange(2, 1)", "range must have lo <= hi, was [2.0, 1.0]", () -> new AcceptableRange(2, 1)),
        bad("new FixedHorizon(0)", "horizon must be > 0, was 0", () -> new Guarantee.FixedHorizon(0)),
        bad("fixedHorizon.mayDecideAt(-1)", "n must be >= 0, was -1",
            () -> new Guarantee.FixedHorizon(5).mayDecideAt(-1)),
        bad("anytimeValid.mayDecideAt(-1)", "n must be >= 0, was -1",
            () -> new Guarantee.AnytimeValid().mayDecideAt(-1)),
        bad("new TestResult(-1, ..)", "n must be >= 0, was -1", () -> new TestResult(-1, 0, 0, 1, 0, 1, 1)),
        bad("new TestResult(.., pHarm 1.5, ..)", "pHarm must be in [0.0, 1.0], was 1.5",
            () -> new TestResult(5, 0, 0, 1, 0, 1.5, 1)),
        bad("new TestResult(.., pAcceptable NaN)", "pAcceptable must be in [0.0, 1.0], was NaN",
            () -> new TestResult(5, 0, 0, 1, 0, 1, NAN)),
        bad("new TestResult(.., lower 2 > upper 1, ..)", "lower must be <= upper (neither NaN), were 2.0 and 1.0",
            () -> new TestResult(5, 0, 2, 1, 0, 1, 1)),

        bad("SampleRatioCheck.test(-1, 5, .5)", "candidate count must be >= 0, was -1",
            () -> SampleRatioCheck.test(-1, 5, .5)),
        bad("SampleRatioCheck.test(5, -1, .5)", "incumbent count must be >= 0, was -1",
            () -> SampleRatioCheck.test(5, -1, .5)),
        bad("SampleRatioCheck.test(5, 5, 50)", "w must be in (0.0, 1.0), was 50.0",
            () -> SampleRatioCheck.test(5, 5, 50)),
        bad("SampleRatioCheck.test(5, 5, NaN)", "w must be in (0.0, 1.0), was NaN",
            () -> SampleRatioCheck.test(5, 5, NAN)),
        bad("SampleRatioCheck.test(MAX, 1, .5)", "candidate + incumbent counts must be <= ",
            () -> SampleRatioCheck.test(Long.MAX_VALUE, 1, .5)),
        bad("SampleRatioCheck.sequential(5, 5, .5, NaN)", "concentration must be finite and > 0, was NaN",
            () -> SampleRatioCheck.sequential(5, 5, .5, NAN)),
        bad("SampleRatioCheck.sequential(5, -2, .5, 100)", "incumbent count must be >= 0, was -2",
            () -> SampleRatioCheck.sequential(5, -2, .5, 100)),
        bad("SampleRatioCheck.sequential(5, 5, 0, 100)", "w must be in (0.0, 1.0), was 0.0",
            () -> SampleRatioCheck.sequential(5, 5, 0, 100)),
        bad("new SampleRatioCheck.Result(.., pValue 1.5, ..)", "pValue must be in [0.0, 1.0], was 1.5",
            () -> new SampleRatioCheck.Result(1, 1.5, .5, .5)),
        bad("new SampleRatioCheck.Result(.., observed 2)", "observedCandidateShare must be in [0, 1] or NaN, was 2.0",
            () -> new SampleRatioCheck.Result(1, .5, .5, 2)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("impossibleInputs")
  void impossibleInputIsRefusedWithTheArgumentNamed(String call, Class<? extends RuntimeException> type,
      String message, Executable e) {
    RuntimeException x = assertThrows(type, e, call);
    assertTrue(x.getMessage().contains(message), call + ": \"" + x.getMessage() + "\" should contain \"" + message
        + "\"");
  }
}
