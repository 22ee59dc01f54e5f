package dev.align4j.optimizers.objective.policygradient;

import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_LENGTHS;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_LOGP;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_OLD;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.TV_REF;
import static dev.align4j.optimizers.objective.policygradient.PolicyGradientTestSupport.near;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.advantage.GroupNormalizedAdvantages;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss.ImportanceSamplingLevel;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss.LossType;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import org.junit.jupiter.api.Test;

class GrpoLossTest {

  /** TV10 of trl-objectives.md §16: advantages from the rewards [1, 0, 0.5, 0] with group scaling. */
  private static PolicyGradientBatch tv10() {
    double[] adv =
        GroupNormalizedAdvantages.builder()
            .build()
            .compute(new double[] {1, 0, 0.5, 0}, 4)
            .advantages();
    return PolicyGradientBatch.builder()
        .lengths(TV_LENGTHS)
        .logProbs(TV_LOGP)
        .oldLogProbs(TV_OLD)
        .referenceLogProbs(TV_REF)
        .sequenceAdvantages(adv)
        .build();
  }

  private static GrpoLoss tv10Loss(LossType type) {
    // luspo refuses a KL term (see GrpoLoss)
    return GrpoLoss.builder()
        .lossType(type)
        .beta(type == LossType.LUSPO ? 0.0 : 0.04)
        .epsilon(0.2)
        .maxCompletionLength(4)
        .build();
  }

  @Test
  void matchesTrlVectorsTv10() {
    PolicyGradientBatch b = tv10();
    assertEquals(-0.043135, tv10Loss(LossType.GRPO).evaluate(b).loss(), 5e-7);
    assertEquals(-0.275926, tv10Loss(LossType.BNPO).evaluate(b).loss(), 5e-7);
    assertEquals(-0.275926, tv10Loss(LossType.DAPO).evaluate(b).loss(), 5e-7);
    assertEquals(-0.172453, tv10Loss(LossType.DR_GRPO).evaluate(b).loss(), 5e-7);
    PolicyGradientResult r = tv10Loss(LossType.GRPO).evaluate(b);
    assertEquals(0.009406, r.metric("kl"), 5e-7);
    // one token of sequence 0 (ratio 0.74 < 0.8) has A > 0: not clipped; sequence 3 (ratio 0.61, A
    // < 0) is.
    assertEquals(0.1, r.metric("clip_ratio/low_mean"), 1e-12);
    assertEquals(0.1, r.metric("clip_ratio/high_mean"), 1e-12);
    assertEquals(0.2, r.metric("clip_ratio/region_mean"), 1e-12);
  }

  @Test
  void gspoMatchesTrlVectorTv10() {
    GrpoLoss gspo = GrpoLoss.gspo().epsilon(0.2).epsilonHigh(0.2).build();
    assertEquals(-0.041829, gspo.evaluate(tv10()).loss(), 5e-7);
    assertEquals(ImportanceSamplingLevel.SEQUENCE, gspo.importanceSamplingLevel());
    GrpoLoss viaLevel =
        GrpoLoss.builder()
            .lossType(LossType.GRPO)
            .importanceSamplingLevel(ImportanceSamplingLevel.SEQUENCE)
            .build();
    assertEquals(-0.041829, viaLevel.evaluate(tv10()).loss(), 5e-7);
  }

  @Test
  void matchesIndependentNumpyVectors() {
    // Computed with numpy from the formulas of trl-objectives.md §8.4 (script in the module
    // README's notes).
    PolicyGradientBatch b = tv10();
    assertEquals(
        0.29303838286107475,
        GrpoLoss.builder()
            .lossType(LossType.CISPO)
            .epsilonHigh(5.0)
            .beta(0.04)
            .build()
            .evaluate(b)
            .loss(),
        1e-12);
    assertEquals(
        0.2755496801572229,
        GrpoLoss.builder().lossType(LossType.CISPO).epsilonHigh(1.0).build().evaluate(b).loss(),
        1e-12);
    assertEquals(
        -0.12015697828265415,
        GrpoLoss.builder().lossType(LossType.SAPO).build().evaluate(b).loss(),
        1e-12);
    assertEquals(
        -0.11971233703836603,
        GrpoLoss.builder().lossType(LossType.SAPO).beta(0.04).build().evaluate(b).loss(),
        1e-12);
    assertEquals(
        -0.2637440027643092,
        GrpoLoss.builder()
            .lossType(LossType.BNPO)
            .epsilonHigh(0.05)
            .delta(1.08)
            .build()
            .evaluate(b)
            .loss(),
        1e-12);
    assertEquals(
        -0.04322017384710869,
        GrpoLoss.builder()
            .lossType(LossType.GRPO)
            .beta(0.04)
            .useBiasCorrectionKl(true)
            .build()
            .evaluate(b)
            .loss(),
        1e-12);
  }

  @Test
  void perSequenceLossesAverageToTheLoss() {
    for (LossType type : LossType.values()) {
      PolicyGradientResult r = tv10Loss(type).evaluate(tv10());
      assertEquals(r.loss(), PolicyGradientTestSupport.mean(r.losses()), 1e-15, type.toString());
    }
    // grpo: each per-sequence loss is that sequence's token mean.
    PolicyGradientResult r = GrpoLoss.builder().lossType(LossType.GRPO).build().evaluate(tv10());
    double a3 = -0.783186;
    double rho3 = Math.exp(-2.0 + 1.5);
    assertEquals(-Math.min(rho3 * a3, 0.8 * a3), r.losses()[3], 1e-6);
  }

  private static boolean nearKink(GrpoLoss loss, PolicyGradientBatch b, int t, double[] seqRatios) {
    double rho =
        loss.importanceSamplingLevel() == ImportanceSamplingLevel.TOKEN
            ? Math.exp(b.logProbs()[t] - b.oldLogProbs()[t])
            : seqRatios[PolicyGradientTestSupport.sequenceOf(b)[t]];
    double delta = loss.delta() == null ? Double.NaN : loss.delta();
    return near(rho, 1e-4, 1 - loss.epsilon(), 1 + loss.epsilonHigh(), delta);
  }

  private static GrpoLoss randomLoss(Gen gen, LossType type) {
    GrpoLoss.Builder b =
        GrpoLoss.builder()
            .lossType(type)
            .epsilon(gen.uniform(0.05, 0.4))
            .beta(gen.bool() ? 0.0 : gen.uniform(0, 0.2))
            .useBiasCorrectionKl(gen.bool())
            .importanceSamplingLevel(
                gen.bool() ? ImportanceSamplingLevel.TOKEN : ImportanceSamplingLevel.SEQUENCE)
            .maxCompletionLength(8)
            .sapoTemperaturePos(gen.uniform(0.5, 2))
            .sapoTemperatureNeg(gen.uniform(0.5, 2));
    if (gen.bool()) {
      b.epsilonHigh(gen.uniform(0.05, 0.4));
    }
    if (type != LossType.CISPO && gen.random().nextInt(4) == 0) {
      b.epsilonHigh(0.2).delta(gen.uniform(1.21, 2.0));
    }
    return b.build();
  }

  @Property(trials = 120)
  void gradientMatchesCentralDifference(Gen gen) {
    LossType type =
        gen.oneOf(LossType.GRPO, LossType.BNPO, LossType.DR_GRPO, LossType.DAPO, LossType.SAPO);
    GrpoLoss loss = randomLoss(gen, type);
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(gen, gen.bool());
    double[] seqRatios = PolicyGradientTestSupport.sequenceRatios(b, true);
    PolicyGradientTestSupport.checkLogProbGradient(loss, b, t -> nearKink(loss, b, t, seqRatios));
  }

  @Property(trials = 50)
  void cispoGradientIsTheDetachedWeightTimesTheAdvantage(Gen gen) {
    // CISPO's weight min(r, ε_high) is detached (TRL: .detach()), so the gradient is −w·A·a_t plus
    // the KL part, not
    // the derivative of the loss value; the KL part alone is checked by finite differences with
    // zero advantages.
    GrpoLoss loss =
        GrpoLoss.builder()
            .lossType(LossType.CISPO)
            .epsilonHigh(gen.uniform(0.5, 5))
            .beta(gen.uniform(0, 0.2))
            .build();
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(gen, false);
    PolicyGradientResult r = loss.evaluate(b);
    PolicyGradientBatch noKl =
        new PolicyGradientBatch(
            b.lengths(),
            b.logProbs(),
            b.oldLogProbs(),
            b.logProbs(),
            b.advantages(),
            b.mask(),
            null,
            null,
            null,
            null);
    double tokens = 0;
    for (int t = 0; t < b.tokenCount(); t++) {
      tokens += b.maskAt(t);
    }
    double[] pgPart = loss.evaluate(noKl).gradLogProbs();
    for (int t = 0; t < b.tokenCount(); t++) {
      double rho = Math.exp(b.logProbs()[t] - b.oldLogProbs()[t]);
      double expected =
          -Math.min(rho, loss.epsilonHigh())
              * b.advantages()[t]
              * b.maskAt(t)
              / Math.max(tokens, 1);
      // with reference = policy the k3 gradient 1 − e^0 is exactly 0
      assertEquals(expected, pgPart[t], 1e-12 * Math.abs(expected) + 1e-15, "token " + t);
    }
    PolicyGradientBatch zeroAdv =
        new PolicyGradientBatch(
            b.lengths(),
            b.logProbs(),
            b.oldLogProbs(),
            b.referenceLogProbs(),
            new double[b.tokenCount()],
            b.mask(),
            null,
            null,
            null,
            null);
    PolicyGradientTestSupport.checkLogProbGradient(loss, zeroAdv, t -> false);
    for (int t = 0; t < b.tokenCount(); t++) {
      assertEquals(
          pgPart[t] + loss.evaluate(zeroAdv).gradLogProbs()[t], r.gradLogProbs()[t], 1e-12);
    }
  }

  @Property(trials = 60)
  void onPolicyWithoutClippingEveryTypeReducesToReinforce(Gen gen) {
    // Ratio 1 (old = current), β = 0: ∂ℒ_t/∂logπ_t = −A_t for clip, SAPO (−4σ(0)(1−σ(0))A = −A) and
    // CISPO (ε_high ≥ 1).
    // luspo (ratio s_i, sequence losses times |o_i|, mean over sequences) and vespo (φ(1) = 1,
    // token mean) too
    boolean perSequence = gen.bool();
    PolicyGradientBatch random = PolicyGradientTestSupport.randomBatch(gen, perSequence);
    PolicyGradientBatch b =
        new PolicyGradientBatch(
            random.lengths(),
            random.logProbs(),
            random.logProbs(),
            null,
            random.advantages(),
            random.mask(),
            null,
            null,
            null,
            null);
    LossType type = gen.oneOf(LossType.values());
    if (type == LossType.LUSPO && !perSequence) {
      type = LossType.VESPO; // luspo's single sequence ratio mixes per-token advantages within the
      // sequence
    }
    GrpoLoss loss =
        GrpoLoss.builder()
            .lossType(type)
            .epsilonHigh(type == LossType.CISPO ? 1.0 : 0.2)
            .maxCompletionLength(8)
            .build();
    double[] g = loss.evaluate(b).gradLogProbs();
    // REINFORCE gradient of the same aggregation: −A_t times the aggregation weight of token t.
    PolicyGradientResult unit =
        GrpoLoss.builder()
            .lossType(
                type == LossType.SAPO
                    ? LossType.GRPO
                    : type == LossType.CISPO ? LossType.DAPO : type)
            .maxCompletionLength(8)
            .build()
            .evaluate(b);
    int[] seq = PolicyGradientTestSupport.sequenceOf(b);
    double[] seqMask = new double[b.sequenceCount()];
    double total = 0;
    for (int t = 0; t < seq.length; t++) {
      seqMask[seq[t]] += b.maskAt(t);
      total += b.maskAt(t);
    }
    int n = b.sequenceCount();
    for (int t = 0; t < g.length; t++) {
      double weight;
      switch (type) {
        case GRPO:
        case SAPO:
          weight = b.maskAt(t) / (n * Math.max(seqMask[seq[t]], 1));
          break;
        case DR_GRPO:
          weight = b.maskAt(t) / (n * 8.0);
          break;
        case LUSPO:
          weight = b.maskAt(t) / n;
          break;
        default:
          weight = b.maskAt(t) / Math.max(total, 1);
      }
      double reinforce = -b.advantages()[t] * weight;
      assertEquals(reinforce, g[t], 1e-12 * Math.abs(reinforce) + 1e-16, type + " token " + t);
      assertEquals(reinforce, unit.gradLogProbs()[t], 1e-12 * Math.abs(reinforce) + 1e-16);
    }
  }

  @Property(trials = 40)
  void sapoTendsToTheUnclippedSurrogateAsItsTemperaturesVanish(Gen gen) {
    // −(4/τ)σ(τ(r − 1))A = −(2/τ)A − (r − 1)A + O(τ²): the gradient tends to the unclipped −A·r (ε
    // = 1, ε_high = ∞).
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(gen, gen.bool());
    double tau = 1e-5;
    PolicyGradientResult sapo =
        GrpoLoss.builder()
            .lossType(LossType.SAPO)
            .sapoTemperaturePos(tau)
            .sapoTemperatureNeg(tau)
            .build()
            .evaluate(b);
    PolicyGradientResult unclipped =
        GrpoLoss.builder()
            .lossType(LossType.GRPO)
            .epsilon(1.0)
            .epsilonHigh(1e300)
            .build()
            .evaluate(b);
    for (int t = 0; t < b.tokenCount(); t++) {
      double g = unclipped.gradLogProbs()[t];
      assertEquals(g, sapo.gradLogProbs()[t], 1e-6 * Math.max(1e-3, Math.abs(g)), "token " + t);
    }
  }

  @Property(trials = 50)
  void aggregationsAgreeWhenAllSequencesHaveTheSameLength(Gen gen) {
    int n = gen.intIn(1, 5);
    int len = gen.intIn(1, 6);
    int[] lengths = new int[n];
    java.util.Arrays.fill(lengths, len);
    double[] lp = new double[n * len];
    double[] old = new double[n * len];
    double[] adv = new double[n * len];
    for (int t = 0; t < lp.length; t++) {
      lp[t] = -gen.uniform(0.01, 5);
      old[t] = Math.min(-1e-4, lp[t] + gen.gaussian(0, 0.3));
      adv[t] = gen.gaussian(0, 1);
    }
    PolicyGradientBatch b =
        PolicyGradientBatch.builder()
            .lengths(lengths)
            .logProbs(lp)
            .oldLogProbs(old)
            .advantages(adv)
            .build();
    double grpo = GrpoLoss.builder().lossType(LossType.GRPO).build().evaluate(b).loss();
    double bnpo = GrpoLoss.builder().lossType(LossType.BNPO).build().evaluate(b).loss();
    double dapo = GrpoLoss.builder().lossType(LossType.DAPO).build().evaluate(b).loss();
    double drGrpo =
        GrpoLoss.builder()
            .lossType(LossType.DR_GRPO)
            .maxCompletionLength(len)
            .build()
            .evaluate(b)
            .loss();
    double drGrpo2L =
        GrpoLoss.builder()
            .lossType(LossType.DR_GRPO)
            .maxCompletionLength(2 * len)
            .build()
            .evaluate(b)
            .loss();
    assertEquals(grpo, bnpo, 1e-12 * Math.max(1, Math.abs(grpo)));
    assertEquals(bnpo, dapo, 0.0);
    assertEquals(bnpo, drGrpo, 1e-12 * Math.max(1, Math.abs(bnpo)));
    assertEquals(drGrpo / 2, drGrpo2L, 1e-12 * Math.max(1, Math.abs(drGrpo)));
    // dapo with a global token normaliser twice the local count halves the loss.
    double dapoHalf =
        GrpoLoss.builder()
            .lossType(LossType.DAPO)
            .tokenNormalizer(2.0 * n * len)
            .build()
            .evaluate(b)
            .loss();
    assertEquals(dapo / 2, dapoHalf, 1e-12 * Math.max(1, Math.abs(dapo)));
  }

  @Property(trials = 50)
  void sequenceLevelEqualsTokenLevelForOneTokenSequences(Gen gen) {
    int n = gen.intIn(1, 8);
    int[] lengths = new int[n];
    java.util.Arrays.fill(lengths, 1);
    double[] lp = new double[n];
    double[] old = new double[n];
    double[] adv = new double[n];
    for (int i = 0; i < n; i++) {
      lp[i] = -gen.uniform(0.01, 5);
      old[i] = Math.min(-1e-4, lp[i] + gen.gaussian(0, 0.3));
      adv[i] = gen.gaussian(0, 1);
    }
    PolicyGradientBatch b =
        PolicyGradientBatch.builder()
            .lengths(lengths)
            .logProbs(lp)
            .oldLogProbs(old)
            .sequenceAdvantages(adv)
            .build();
    PolicyGradientResult token = GrpoLoss.builder().lossType(LossType.GRPO).build().evaluate(b);
    PolicyGradientResult seq =
        GrpoLoss.builder()
            .lossType(LossType.GRPO)
            .importanceSamplingLevel(ImportanceSamplingLevel.SEQUENCE)
            .build()
            .evaluate(b);
    assertEquals(token.loss(), seq.loss(), 1e-14);
    PolicyGradientTestSupport.assertArrayClose(
        token.gradLogProbs(), seq.gradLogProbs(), 1e-14, "grad");
  }

  @Property(trials = 50)
  void zeroAdvantagesWithoutKlGiveZeroLossAndGradient(Gen gen) {
    PolicyGradientBatch r = PolicyGradientTestSupport.randomBatch(gen, true);
    PolicyGradientBatch b =
        new PolicyGradientBatch(
            r.lengths(),
            r.logProbs(),
            r.oldLogProbs(),
            null,
            new double[r.tokenCount()],
            r.mask(),
            null,
            null,
            null,
            null);
    for (LossType type : LossType.values()) {
      PolicyGradientResult res =
          GrpoLoss.builder().lossType(type).maxCompletionLength(8).build().evaluate(b);
      assertEquals(0.0, res.loss(), 0.0, type.toString());
      for (double g : res.gradLogProbs()) {
        assertEquals(0.0, g, 0.0, type.toString());
      }
    }
  }

  @Property(trials = 60)
  void lossDecreasesAlongTheNegativeGradient(Gen gen) {
    LossType type =
        gen.oneOf(LossType.GRPO, LossType.BNPO, LossType.DR_GRPO, LossType.DAPO, LossType.SAPO);
    GrpoLoss loss = randomLoss(gen, type);
    PolicyGradientBatch b = PolicyGradientTestSupport.randomBatch(gen, gen.bool());
    PolicyGradientResult r = loss.evaluate(b);
    double norm2 = 0;
    for (double g : r.gradLogProbs()) {
      norm2 += g * g;
    }
    if (norm2 < 1e-12) {
      return;
    }
    double step = 1e-4 / Math.sqrt(norm2);
    double[] lp = b.logProbs().clone();
    for (int t = 0; t < lp.length; t++) {
      lp[t] = Math.min(0.0, lp[t] - step * r.gradLogProbs()[t]);
    }
    double after = loss.evaluate(PolicyGradientTestSupport.withLogProbs(b, lp)).loss();
    assertTrue(after < r.loss(), "loss " + r.loss() + " -> " + after);
  }

  @Property(trials = 12)
  void finiteOverTheWholeLogProbRangeAndLongSequences(Gen gen) {
    int n = gen.intIn(1, 3);
    int[] lengths = new int[n];
    int total = 0;
    for (int i = 0; i < n; i++) {
      lengths[i] = gen.length(100_000 / n);
      total += lengths[i];
    }
    double[] lp = new double[total];
    double[] old = new double[total];
    double[] ref = new double[total];
    for (int t = 0; t < total; t++) {
      lp[t] = gen.logProb(-1e4);
      old[t] = Math.min(0.0, lp[t] + gen.gaussian(0, 1));
      ref[t] = gen.bool() ? Math.min(0.0, lp[t] + gen.doubleIn(-1e4, 150)) : gen.logProb(-1e4);
    }
    double[] adv = new double[n];
    for (int i = 0; i < n; i++) {
      adv[i] = gen.gaussian(0, 3);
    }
    PolicyGradientBatch b =
        PolicyGradientBatch.builder()
            .lengths(lengths)
            .logProbs(lp)
            .oldLogProbs(old)
            .referenceLogProbs(ref)
            .sequenceAdvantages(adv)
            .build();
    boolean klOverflows = false;
    for (int t = 0; t < total; t++) {
      klOverflows |= ref[t] - lp[t] > PolicyGradientKernel.MAX_LOG_RATIO;
    }
    for (LossType type : LossType.values()) {
      GrpoLoss loss =
          GrpoLoss.builder()
              .lossType(type)
              .beta(type == LossType.LUSPO ? 0.0 : 0.04)
              .maxCompletionLength(100_000)
              .epsilonHigh(type == LossType.CISPO ? 5 : 0.28)
              .build();
      if (klOverflows && loss.beta() != 0.0) {
        IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> loss.evaluate(b));
        assertTrue(e.getMessage().contains("reference log-ratio"), e.getMessage());
        continue;
      }
      PolicyGradientResult r = loss.evaluate(b);
      assertTrue(Double.isFinite(r.loss()), type + " loss " + r.loss());
      PolicyGradientTestSupport.assertAllFinite(r.gradLogProbs(), type + " grad");
      PolicyGradientTestSupport.assertAllFinite(r.losses(), type + " losses");
    }
  }

  @Test
  void identicalRewardGroupGivesZeroAdvantageAndOnlyTheKlGradient() {
    double[] adv =
        GroupNormalizedAdvantages.builder()
            .build()
            .compute(new double[] {0.7, 0.7, 0.7, 0.7}, 4)
            .advantages();
    PolicyGradientBatch b =
        PolicyGradientBatch.builder()
            .lengths(TV_LENGTHS)
            .logProbs(TV_LOGP)
            .oldLogProbs(TV_OLD)
            .sequenceAdvantages(adv)
            .build();
    PolicyGradientResult r = GrpoLoss.builder().lossType(LossType.GRPO).build().evaluate(b);
    assertEquals(0.0, r.loss(), 0.0);
    for (double g : r.gradLogProbs()) {
      assertEquals(0.0, g, 0.0);
    }
  }

  @Test
  void rejectsBadInputWithClearMessages() {
    PolicyGradientBatch noRef =
        PolicyGradientBatch.builder()
            .lengths(1)
            .logProbs(new double[] {-1})
            .advantages(new double[] {1})
            .build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GrpoLoss.builder().beta(0.1).build().evaluate(noRef));
    assertTrue(e.getMessage().contains("referenceLogProbs"), e.getMessage());

    PolicyGradientBatch longSeq =
        PolicyGradientBatch.builder()
            .lengths(3)
            .logProbs(new double[] {-1, -1, -1})
            .advantages(new double[] {1, 1, 1})
            .build();
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GrpoLoss.builder()
                    .lossType(LossType.DR_GRPO)
                    .maxCompletionLength(2)
                    .build()
                    .evaluate(longSeq));
    assertTrue(
        e.getMessage().contains("lengths[0]") && e.getMessage().contains("max_completion_length"),
        e.getMessage());

    PolicyGradientBatch stale =
        PolicyGradientBatch.builder()
            .lengths(1)
            .logProbs(new double[] {-1})
            .oldLogProbs(new double[] {-500})
            .advantages(new double[] {1})
            .build();
    e =
        assertThrows(
            IllegalArgumentException.class, () -> GrpoLoss.builder().build().evaluate(stale));
    assertTrue(
        e.getMessage().contains("token 0") && e.getMessage().contains("log-ratio"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class, () -> GrpoLoss.builder().epsilon(1.5));
    assertTrue(
        e.getMessage().contains("epsilon") && e.getMessage().contains("1.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GrpoLoss.builder().beta(-0.1));
    assertTrue(e.getMessage().contains("beta"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GrpoLoss.builder().lossType(LossType.CISPO).epsilonHigh(0).build());
    assertTrue(e.getMessage().contains("epsilon_high"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GrpoLoss.builder().delta(1.1).build());
    assertTrue(e.getMessage().contains("delta"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GrpoLoss.builder().lossType(LossType.GRPO).tokenNormalizer(10).build());
    assertTrue(e.getMessage().contains("tokenNormalizer"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> GrpoLoss.builder().sapoTemperatureNeg(0));
    assertTrue(e.getMessage().contains("sapo_temperature_neg"), e.getMessage());
  }

  @Test
  void defaultsAreTrls() {
    GrpoLoss d = GrpoLoss.builder().build();
    assertEquals(LossType.DAPO, d.lossType());
    assertEquals(0.2, d.epsilon());
    assertEquals(0.2, d.epsilonHigh());
    assertEquals(0.0, d.beta());
    assertEquals(512, d.maxCompletionLength());
    assertEquals(1.0, d.sapoTemperaturePos());
    assertEquals(1.05, d.sapoTemperatureNeg());
    assertEquals(ImportanceSamplingLevel.TOKEN, d.importanceSamplingLevel());
    GrpoLoss g = GrpoLoss.gspo().build();
    assertEquals(3e-4, g.epsilon());
    assertEquals(4e-4, g.epsilonHigh());
    assertEquals(LossType.GRPO, g.lossType());
  }

  @Test
  void entropyAndCispoMetrics() {
    double[] ent = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    double[] mask = {1, 1, 0, 1, 1, 1, 1, 1, 1, 0};
    PolicyGradientBatch b =
        PolicyGradientBatch.builder()
            .lengths(TV_LENGTHS)
            .logProbs(TV_LOGP)
            .oldLogProbs(TV_OLD)
            .sequenceAdvantages(new double[] {1, -1, 1, -1})
            .mask(mask)
            .entropies(ent)
            .build();
    PolicyGradientResult r =
        GrpoLoss.builder().lossType(LossType.CISPO).epsilonHigh(1.0).build().evaluate(b);
    assertEquals((1 + 2 + 4 + 5 + 6 + 7 + 8 + 9) / 8.0, r.metric("entropy"), 1e-15);
    // A > 0 and ratio > 1: sequence 0 token 0 (e^0.1) and sequence 2 token 0 (e^0.1), token 1
    // (e^0.3).
    assertEquals(3 / 8.0, r.metric("cispo_clip_ratio"), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> r.metric("kl"));
  }
}
