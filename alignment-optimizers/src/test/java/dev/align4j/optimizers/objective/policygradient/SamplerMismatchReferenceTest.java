package dev.align4j.optimizers.objective.policygradient;

import static dev.align4j.optimizers.ReferenceAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.align4j.optimizers.objective.Objectives;
import dev.align4j.optimizers.objective.PolicyGradientBatch;
import dev.align4j.optimizers.objective.PolicyGradientObjective;
import dev.align4j.optimizers.objective.PolicyGradientResult;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss.ImportanceSamplingLevel;
import dev.align4j.optimizers.objective.policygradient.GrpoLoss.LossType;
import dev.align4j.optimizers.objective.policygradient.SamplerCorrection.Mode;
import dev.align4j.testkit.Gen;
import dev.align4j.testkit.Property;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sampler/trainer mismatch correction (TRL's {@code vllm_importance_sampling_*}) and the GRPO loss types
 * {@code luspo} and {@code vespo} against independent reference values: the numpy vectors of frontier-methods.md §11
 * (items 2 and 3, printed to 6 decimals) and {@code reference/sampler_mismatch_reference.py} beside this test's
 * resources (TRL's padded (B, T) computation; gradients by the complex step, exact to rounding), on the Vector API
 * loop and on the scalar loop.
 */
class SamplerMismatchReferenceTest {

  // the reference script's batch: 3 sequences of 5, 3, 4 tokens, one interior token masked
  private static final int[] LENGTHS = {5, 3, 4};
  private static final double[] MASK = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1};
  private static final double[] LP = {
    -1.0, -0.4, -2.2, -0.7, -1.3, -0.2, -1.6, -0.9, -0.5, -3.0, -1.1, -0.8
  };
  private static final double[] OLD = {
    -1.1, -0.6, -1.8, -0.7, -1.0, -0.5, -1.2, -0.9, -0.45, -2.0, -1.4, -0.6
  };
  private static final double[] SAMP = {
    -0.9, -1.3, -1.9, -0.2, -1.2, -0.1, -1.0, -0.2, -0.4, -2.5, -2.0, -2.1
  };
  private static final double[] REF = {
    -1.2, -0.5, -2.0, -0.9, -1.1, -0.3, -1.5, -1.0, -0.6, -2.8, -1.2, -0.7
  };
  private static final double[] ADV = {1.2, -0.7, 0.4};

  private static PolicyGradientBatch batch(boolean withSampler) {
    return PolicyGradientBatch.builder()
        .lengths(LENGTHS)
        .logProbs(LP)
        .oldLogProbs(OLD)
        .samplerLogProbs(withSampler ? SAMP : null)
        .referenceLogProbs(REF)
        .sequenceAdvantages(ADV)
        .mask(MASK)
        .build();
  }

  private static GrpoLoss.Builder dapo(SamplerCorrection c) {
    return GrpoLoss.builder()
        .lossType(LossType.DAPO)
        .epsilon(0.2)
        .epsilonHigh(0.28)
        .beta(0.04)
        .samplerCorrection(c);
  }

  private record Case(
      GrpoLoss loss, boolean sampler, double value, double[] grad, double phiSeqMean) {}

  private static Map<String, Case> cases() {
    Map<String, Case> m = new LinkedHashMap<>();
    m.put(
        "dapo/token_truncate",
        new Case(
            dapo(SamplerCorrection.of(Mode.TOKEN_TRUNCATE, 3.0)).build(),
            true,
            -0.688473811354604,
            new double[] {
              -0.09805037561511551,
              -0.26797429364634345,
              -0.08162163410404255,
              -0.06550782016166176,
              -0.09951463745177803,
              0.05792660871852122,
              -0.00038243970209326443,
              0.03194692872114075,
              -0.03255713308507475,
              0.0,
              0.00034604575259651,
              -0.08969852185605491
            },
            0));
    m.put(
        "dapo/token_mask",
        new Case(
            dapo(SamplerCorrection.of(Mode.TOKEN_MASK, 3.0)).build(),
            true,
            -0.5991577292006423,
            new double[] {
              -0.09805037561511551,
              -0.26797429364634345,
              -0.08162163410404255,
              -0.06550782016166176,
              -0.09951463745177803,
              0.05792660871852122,
              -0.00038243970209326443,
              0.03194692872114075,
              -0.03255713308507475,
              0.0,
              0.00034604575259651,
              -0.00038243970209326443
            },
            0));
    m.put(
        "dapo/token_mask_min",
        new Case(
            dapo(SamplerCorrection.of(Mode.TOKEN_MASK, 3.0).withClipMin(0.5)).build(),
            true,
            -0.6307586121691865,
            new double[] {
              -0.09805037561511551,
              -0.26797429364634345,
              -0.08162163410404255,
              -0.06550782016166176,
              -0.09951463745177803,
              0.05792660871852122,
              -0.00038243970209326443,
              0.0003460457525965107,
              -0.03255713308507475,
              0.0,
              0.00034604575259651,
              -0.00038243970209326443
            },
            0));
    m.put(
        "dapo/sequence_truncate",
        new Case(
            dapo(SamplerCorrection.of(Mode.SEQUENCE_TRUNCATE, 3.0)).build(),
            true,
            -0.9753404854403004,
            new double[] {
              -0.16208535157205847,
              -0.17951445650559927,
              -0.099514637451778,
              -0.14659816356493843,
              -0.10989601002967334,
              0.023756555645324664,
              -0.00038243970209326443,
              0.017688978036579133,
              -0.10342443692020865,
              0.0,
              0.00034604575259651,
              -0.08969852185605491
            },
            0));
    m.put(
        "dapo/sequence_mask",
        new Case(
            dapo(SamplerCorrection.trlDefaults()).build(),
            true,
            -0.64261755697717,
            new double[] {
              -0.16208535157205847,
              -0.17951445650559927,
              -0.099514637451778,
              -0.14659816356493843,
              -0.10989601002967334,
              0.023756555645324664,
              -0.00038243970209326443,
              0.017688978036579133,
              0.0003460457525965107,
              0.0,
              0.00034604575259651,
              -0.00038243970209326443
            },
            0));
    m.put(
        "dapo/sequence_mask_beta0",
        new Case(
            dapo(SamplerCorrection.trlDefaults()).beta(0.0).build(),
            true,
            -0.6430349967910151,
            new double[] {
              -0.16274451246995675,
              -0.17986050225819575,
              -0.09870953651301376,
              -0.1472573244628367,
              -0.10909090909090909,
              0.023410509892728155,
              0.0,
              0.01734293228398262,
              0.0,
              0.0,
              0.0,
              0.0
            },
            0));
    double[] uncorrected = {
      -0.11990493925580877,
      -0.13289789150124018,
      -0.07393092414265216,
      -0.10843174819301084,
      -0.08162163410404256,
      0.08624615168925126,
      -0.00038243970209326443,
      0.06398240938896015,
      -0.03424411513833855,
      0.0,
      0.00034604575259651,
      -0.03015446708674715
    };
    m.put(
        "dapo/none",
        new Case(
            dapo(SamplerCorrection.trlDefaults()).build(),
            false,
            -0.42688594539270813,
            uncorrected,
            0));
    m.put(
        "dapo/disabled",
        new Case(
            dapo(SamplerCorrection.disabled()).build(),
            true,
            -0.42688594539270813,
            uncorrected,
            0));
    m.put(
        "grpo/sequence_level/sequence_truncate",
        new Case(
            GrpoLoss.builder()
                .lossType(LossType.GRPO)
                .epsilonHigh(0.28)
                .importanceSamplingLevel(ImportanceSamplingLevel.SEQUENCE)
                .samplerCorrection(SamplerCorrection.of(Mode.SEQUENCE_TRUNCATE, 2.0))
                .build(),
            true,
            -0.7080730481109523,
            new double[] {
              -0.09968613844699044,
              -0.09968613844699044,
              -0.09968613844699044,
              -0.09968613844699044,
              -0.09968613844699044,
              0.020501999631223195,
              0.020501999631223195,
              0.020501999631223195,
              -0.09038278492322319,
              0.0,
              -0.09038278492322319,
              -0.09038278492322319
            },
            0));
    m.put(
        "grpo/sequence_level/token_truncate_beta",
        new Case(
            GrpoLoss.builder()
                .lossType(LossType.GRPO)
                .epsilonHigh(0.28)
                .beta(0.04)
                .importanceSamplingLevel(ImportanceSamplingLevel.SEQUENCE)
                .samplerCorrection(SamplerCorrection.of(Mode.TOKEN_TRUNCATE, 3.0))
                .build(),
            true,
            -0.5369561335660779,
            new double[] {
              -0.08467354880511889,
              -0.08490316657834017,
              -0.08574734081867139,
              -0.08467354880511889,
              -0.08574734081867139,
              0.05021470206427216,
              0.049324330952984656,
              0.05021470206427216,
              -0.08654560367414023,
              0.0,
              -0.08654560367414023,
              -0.08743597478542775
            },
            0));
    m.put(
        "luspo",
        new Case(
            GrpoLoss.builder().lossType(LossType.LUSPO).epsilonHigh(0.28).build(),
            false,
            -1.575903954590372,
            new double[] {
              -0.3692465385546542,
              -0.3692465385546542,
              -0.3692465385546542,
              -0.3692465385546542,
              -0.3692465385546542,
              0.22568375677913471,
              0.22568375677913471,
              0.22568375677913471,
              -0.1355741773848348,
              0.0,
              -0.1355741773848348,
              -0.1355741773848348
            },
            0));
    m.put(
        "luspo/sequence_truncate",
        new Case(
            GrpoLoss.builder()
                .lossType(LossType.LUSPO)
                .epsilonHigh(0.28)
                .samplerCorrection(SamplerCorrection.of(Mode.SEQUENCE_TRUNCATE, 2.0))
                .build(),
            true,
            -3.121080528802761,
            new double[] {
              -0.49843069223495223,
              -0.49843069223495223,
              -0.49843069223495223,
              -0.49843069223495223,
              -0.49843069223495223,
              0.06150599889366959,
              0.06150599889366959,
              0.06150599889366959,
              -0.2711483547696696,
              0.0,
              -0.2711483547696696,
              -0.2711483547696696
            },
            0));
    m.put(
        "dapo/opsm_0.1/token_truncate",
        new Case(
            dapo(SamplerCorrection.of(Mode.TOKEN_TRUNCATE, 3.0))
                .offPolicyMaskThreshold(0.1)
                .build(),
            true,
            -0.8193360956275881,
            new double[] {
              -0.09805037561511551,
              -0.26797429364634345,
              -0.08162163410404255,
              -0.06550782016166176,
              -0.09951463745177803,
              0.0003460457525965107,
              -0.00038243970209326443,
              0.0003460457525965107,
              -0.03255713308507475,
              0.0,
              0.00034604575259651,
              -0.08969852185605491
            },
            0));
    m.put(
        "grpo/opsm_0.02/no_sampler",
        new Case(
            GrpoLoss.builder()
                .lossType(LossType.GRPO)
                .epsilonHigh(0.28)
                .beta(0.04)
                .offPolicyMaskThreshold(0.02)
                .build(),
            false,
            -0.5142118336726293,
            new double[] {
              -0.0879302887875931, -0.09745845376757614, -0.05421601103794492, -0.07951661534154128,
              -0.05985586500963121, 0.00042294480872906854, -0.00046742630255843426,
                  0.00042294480872906854,
              -0.041853918502413774, 0.0, 0.00042294480872906773, -0.03685545977269095
            },
            0));
    m.put(
        "grpo/opsm_0.05/no_sampler",
        new Case(
            GrpoLoss.builder()
                .lossType(LossType.GRPO)
                .epsilonHigh(0.28)
                .beta(0.04)
                .offPolicyMaskThreshold(0.05)
                .build(),
            false,
            -0.26922281530560693,
            new double[] {
              -0.0879302887875931, -0.09745845376757614, -0.05421601103794492, -0.07951661534154128,
              -0.05985586500963121, 0.10541196317575154, -0.00046742630255843426,
                  0.07820072258650683,
              -0.041853918502413774, 0.0, 0.00042294480872906773, -0.03685545977269095
            },
            0));
    m.put(
        "vespo",
        new Case(
            GrpoLoss.builder().lossType(LossType.VESPO).build(),
            false,
            0.6667623924204455,
            new double[] {
              -0.13179153908094238,
              -0.13179153908094238,
              -0.13179153908094238,
              -0.13179153908094238,
              -0.13179153908094238,
              0.057026166629535274,
              0.057026166629535274,
              0.057026166629535274,
              -0.03445850977788056,
              0.0,
              -0.03445850977788056,
              -0.03445850977788056
            },
            1.01727453424689));
    m.put(
        "vespo/token_truncate",
        new Case(
            GrpoLoss.builder()
                .lossType(LossType.VESPO)
                .samplerCorrection(SamplerCorrection.of(Mode.TOKEN_TRUNCATE, 3.0))
                .build(),
            true,
            0.6538096031013234,
            new double[] {
              -0.1188270778360547,
              -0.1188270778360547,
              -0.1188270778360547,
              -0.1188270778360547,
              -0.1188270778360547,
              0.00430592135343524,
              0.00430592135343524,
              0.00430592135343524,
              -1.6478640384006188e-06,
              0.0,
              -1.6478640384006188e-06,
              -1.6478640384006188e-06
            },
            0.3856526693897831));
    m.put(
        "vespo/token_mask",
        new Case(
            GrpoLoss.builder().lossType(LossType.VESPO).build(),
            true,
            0.6538056482276318,
            new double[] {
              -0.1188270778360547,
              -0.1188270778360547,
              -0.1188270778360547,
              -0.1188270778360547,
              -0.1188270778360547,
              0.00430592135343524,
              0.00430592135343524,
              0.00430592135343524,
              -2.424957359840456e-16,
              0.0,
              -2.424957359840456e-16,
              -2.424957359840456e-16
            },
            0.38563756396943333));
    return m;
  }

  static Stream<String> caseNames() {
    return cases().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caseNames")
  void matchesTheReferenceOnBothLoops(String name) {
    Case c = cases().get(name);
    PolicyGradientBatch b = batch(c.sampler());
    for (boolean vector : new boolean[] {true, false}) {
      String what = name + (vector ? " (vector loop allowed)" : " (scalar loop)");
      PolicyGradientResult r = c.loss().evaluate(b, vector);
      assertClose(c.value(), r.loss(), what + " loss");
      assertClose(c.grad(), r.gradLogProbs(), what + " gradLogProbs");
      assertClose(c.value(), PolicyGradientTestSupport.mean(r.losses()), what + " mean of losses");
      if (c.phiSeqMean() != 0) {
        assertClose(c.phiSeqMean(), r.metric("vespo/phi_seq_mean"), what + " vespo/phi_seq_mean");
      }
      assertEquals(
          c.sampler(), r.metrics().containsKey("sampling/sampling_logp_difference/mean"), what);
      if (name.contains("opsm")) {
        // sequence 1 (A < 0, 3 of the 11 active tokens) is dropped unless δ = 0.05 (its drift from
        // π_old is 0.033)
        assertClose(
            name.contains("0.05") ? 0.0 : 3.0 / 11,
            r.metric("off_policy_mask/masked_fraction"),
            what);
      }
    }
  }

  /** The reference script's {@code sampling/*} metrics of every mode (the quantiles do not depend on the mode). */
  @Test
  void mismatchMetricsMatchTheReference() {
    Map<Mode, double[]> expected = new LinkedHashMap<>();
    // min, mean, max, corrected_fraction
    expected.put(
        Mode.TOKEN_TRUNCATE, new double[] {0.4965853037914095, 1.2295065567539238, 3.0, 1.0 / 11});
    expected.put(
        Mode.TOKEN_MASK, new double[] {0.0, 0.956779284026651, 2.0137527074704766, 1.0 / 11});
    expected.put(
        Mode.SEQUENCE_TRUNCATE,
        new double[] {0.27253179303401265, 1.5407968668700054, 3.0, 1.0 / 3});
    expected.put(
        Mode.SEQUENCE_MASK, new double[] {0.0, 0.5407968668700053, 1.349858807576003, 1.0 / 3});
    for (Map.Entry<Mode, double[]> e : expected.entrySet()) {
      PolicyGradientResult r =
          dapo(SamplerCorrection.of(e.getKey(), 3.0)).build().evaluate(batch(true));
      String what = e.getKey().trlName();
      assertClose(
          0.4681818181818182,
          r.metric("sampling/sampling_logp_difference/mean"),
          what + " mean |Δ log p|");
      assertClose(1.5, r.metric("sampling/sampling_logp_difference/max"), what + " max |Δ log p|");
      assertClose(
          e.getValue()[0], r.metric("sampling/importance_sampling_ratio/min"), what + " ratio min");
      assertClose(
          e.getValue()[1],
          r.metric("sampling/importance_sampling_ratio/mean"),
          what + " ratio mean");
      assertClose(
          e.getValue()[2], r.metric("sampling/importance_sampling_ratio/max"), what + " ratio max");
      assertClose(
          e.getValue()[3], r.metric("sampling/importance_sampling_ratio/corrected_fraction"), what);
      assertClose(0.38026449448821165, r.metric("sampling/sequence_ratio/p05"), what + " p05");
      assertClose(0.8111953003050079, r.metric("sampling/sequence_ratio/p25"), what + " p25");
      assertClose(1.349858807576003, r.metric("sampling/sequence_ratio/p50"), what + " p50");
      assertClose(4.558879956941387, r.metric("sampling/sequence_ratio/p75"), what + " p75");
      assertClose(7.126096876433693, r.metric("sampling/sequence_ratio/p95"), what + " p95");
    }
  }

  /** frontier-methods.md §11 item 2: TRL's four modes, C_max = 3, C_min = None, and the logp-difference metrics. */
  @Test
  void trlModesMatchTheNoteVectors() {
    int[] off = {0, 4, 8};
    double[] old = {-1, -2, -.5, 0, -.3, -.2, -.5, -1};
    double[] vllm = {-1.2, -.5, -.6, 0, -.3, -.9, -2, -1};
    double[] mask = {1, 1, 1, 0, 1, 1, 1, 1};
    Map<Mode, double[]> expected = new LinkedHashMap<>();
    expected.put(
        Mode.TOKEN_TRUNCATE, new double[] {1.221403, 0.22313, 1.105171, 1, 1, 2.013753, 3, 1});
    expected.put(Mode.TOKEN_MASK, new double[] {1.221403, 0.22313, 1.105171, 1, 1, 2.013753, 0, 1});
    expected.put(
        Mode.SEQUENCE_TRUNCATE, new double[] {0.301194, 0.301194, 0.301194, 0.301194, 3, 3, 3, 3});
    expected.put(
        Mode.SEQUENCE_MASK, new double[] {0.301194, 0.301194, 0.301194, 0.301194, 0, 0, 0, 0});
    for (Map.Entry<Mode, double[]> e : expected.entrySet()) {
      Map<String, Double> metrics = new HashMap<>();
      double[] rho = SamplerCorrection.of(e.getKey(), 3.0).weights(off, old, vllm, mask, metrics);
      PolicyGradientTestSupport.assertArrayClose(e.getValue(), rho, 1e-6, e.getKey().trlName());
      assertEquals(0.571429, metrics.get("sampling/sampling_logp_difference/mean"), 1e-6);
      assertEquals(1.5, metrics.get("sampling/sampling_logp_difference/max"), 1e-12);
    }
  }

  /** frontier-methods.md §11 item 3: luspo loss −1.060574 and vespo loss 0.729312 (ε = 0.2, N_tok = 7). */
  @Test
  void luspoAndVespoMatchTheNoteVectors() {
    PolicyGradientBatch b =
        PolicyGradientBatch.builder()
            .lengths(3, 4)
            .logProbs(new double[] {-1, -.8, -1.5, -.2, -.4, -.3, -.9})
            .oldLogProbs(new double[] {-1.1, -.7, -1.2, -.5, -.3, -.3, -.6})
            .sequenceAdvantages(new double[] {1.5, -0.5})
            .build();
    PolicyGradientResult luspo = GrpoLoss.builder().lossType(LossType.LUSPO).build().evaluate(b);
    assertEquals(-1.060574, luspo.loss(), 1e-6, "luspo loss");
    PolicyGradientResult vespo = GrpoLoss.builder().lossType(LossType.VESPO).build().evaluate(b);
    assertEquals(0.729312, vespo.loss(), 1e-6, "vespo loss");
    assertEquals(
        (1.194282 + 0.896125) / 2, vespo.metric("vespo/phi_seq_mean"), 1e-6, "vespo/phi_seq_mean");
    // the gradient is −φ_i·A_i / N_tok per token (φ detached)
    assertEquals(-1.194282 * 1.5 / 7, vespo.gradLogProbs()[0], 1e-6);
    assertEquals(0.896125 * 0.5 / 7, vespo.gradLogProbs()[6], 1e-6);
  }

  /** VESPO's weight is 1 on-policy: φ(1) = e^λ·1·e^{−λ} = 1 for either sign, so the gradient is REINFORCE's. */
  @Property(trials = 30)
  void vespoOnPolicyIsTokenMeanReinforce(Gen gen) {
    PolicyGradientBatch r = PolicyGradientTestSupport.randomBatch(gen, true);
    PolicyGradientBatch b =
        new PolicyGradientBatch(
            r.lengths(),
            r.logProbs(),
            r.logProbs(),
            null,
            r.advantages(),
            r.mask(),
            null,
            null,
            null,
            null);
    PolicyGradientResult v =
        GrpoLoss.builder()
            .lossType(LossType.VESPO)
            .vespoKPos(gen.uniform(0, 4))
            .vespoLambdaPos(gen.uniform(0, 4))
            .vespoKNeg(gen.uniform(0, 4))
            .vespoLambdaNeg(gen.uniform(0, 4))
            .build()
            .evaluate(b);
    double active = 0;
    for (int t = 0; t < b.tokenCount(); t++) {
      active += b.maskAt(t);
    }
    for (int t = 0; t < b.tokenCount(); t++) {
      double expected = -b.maskAt(t) * b.advantages()[t] / Math.max(active, 1);
      assertEquals(expected, v.gradLogProbs()[t], 1e-12 * (1 + Math.abs(expected)), "token " + t);
    }
  }

  private static GrpoLoss randomCorrected(Gen gen) {
    Mode mode = gen.oneOf(Mode.values());
    LossType type =
        gen.oneOf(
            LossType.GRPO,
            LossType.BNPO,
            LossType.DAPO,
            LossType.DR_GRPO,
            LossType.CISPO,
            LossType.SAPO,
            LossType.LUSPO);
    if (type == LossType.LUSPO && !mode.sequenceLevel()) {
      mode = Mode.SEQUENCE_TRUNCATE;
    }
    SamplerCorrection c = SamplerCorrection.of(mode, gen.uniform(1.05, 3.0));
    if (gen.bool()) {
      c = c.withClipMin(gen.uniform(0.2, 0.9));
    }
    GrpoLoss.Builder b =
        GrpoLoss.builder()
            .lossType(type)
            .epsilon(gen.uniform(0.05, 0.4))
            .maxCompletionLength(8)
            .samplerCorrection(c);
    if (type == LossType.CISPO) {
      b.epsilonHigh(gen.uniform(0.5, 5));
    }
    if (type != LossType.LUSPO) {
      b.beta(gen.bool() ? 0.0 : gen.uniform(0, 0.2))
          .importanceSamplingLevel(
              gen.bool() ? ImportanceSamplingLevel.TOKEN : ImportanceSamplingLevel.SEQUENCE);
    }
    if (gen.random().nextInt(3) == 0) {
      b.offPolicyMaskThreshold(gen.uniform(0, 0.5));
    }
    return b.build();
  }

  private static PolicyGradientBatch withSampler(Gen gen, PolicyGradientBatch r) {
    double[] sampler = new double[r.tokenCount()];
    for (int t = 0; t < sampler.length; t++) {
      sampler[t] = Math.min(-1e-4, r.oldLogProbs()[t] + gen.gaussian(0, 0.6));
    }
    return new PolicyGradientBatch(
        r.lengths(),
        r.logProbs(),
        r.oldLogProbs(),
        sampler,
        r.referenceLogProbs(),
        r.advantages(),
        r.mask(),
        null,
        null,
        null,
        null);
  }

  /**
   * With every mode, bound and loss type the gradient is the exact derivative of the loss (ρ depends on π_old and the
   * sampler only, so it is a constant); CISPO's detached weight is excluded (its own test covers it).
   */
  @Property(trials = 120)
  void correctedGradientMatchesCentralDifference(Gen gen) {
    GrpoLoss loss = randomCorrected(gen);
    if (loss.lossType() == LossType.CISPO) {
      return;
    }
    PolicyGradientBatch b =
        withSampler(gen, PolicyGradientTestSupport.randomBatch(gen, gen.bool()));
    double[] seqRatios = PolicyGradientTestSupport.sequenceRatios(b, true);
    int[] seq = PolicyGradientTestSupport.sequenceOf(b);
    PolicyGradientTestSupport.checkLogProbGradient(
        loss,
        b,
        t -> {
          double rho =
              loss.importanceSamplingLevel() == ImportanceSamplingLevel.TOKEN
                  ? Math.exp(b.logProbs()[t] - b.oldLogProbs()[t])
                  : seqRatios[seq[t]];
          return PolicyGradientTestSupport.near(
              rho, 1e-4, 1 - loss.epsilon(), 1 + loss.epsilonHigh());
        });
  }

  /** Both loops give the same numbers with a correction (the vector loop takes sequence-level weights, β = 0). */
  @Property(trials = 60)
  void vectorAndScalarLoopsAgreeWithACorrection(Gen gen) {
    GrpoLoss loss = randomCorrected(gen);
    PolicyGradientBatch b = withSampler(gen, PolicyGradientTestSupport.randomBatch(gen, true));
    PolicyGradientResult v = loss.evaluate(b, true);
    PolicyGradientResult s = loss.evaluate(b, false);
    assertEquals(s.loss(), v.loss(), 1e-12 * (1 + Math.abs(s.loss())));
    PolicyGradientTestSupport.assertArrayClose(
        s.gradLogProbs(), v.gradLogProbs(), 1e-12, "gradLogProbs");
  }

  /** A correction that lets every weight through unchanged changes nothing: same loss and gradient as no sampler. */
  @Property(trials = 40)
  void aWeightOfOneEverywhereIsTheUncorrectedLoss(Gen gen) {
    GrpoLoss loss =
        GrpoLoss.builder()
            .lossType(gen.oneOf(LossType.GRPO, LossType.DAPO, LossType.SAPO))
            .beta(gen.uniform(0, 0.1))
            .samplerCorrection(SamplerCorrection.of(gen.oneOf(Mode.values()), 3.0))
            .build();
    PolicyGradientBatch r = PolicyGradientTestSupport.randomBatch(gen, true);
    PolicyGradientBatch same =
        new PolicyGradientBatch(
            r.lengths(),
            r.logProbs(),
            r.oldLogProbs(),
            r.oldLogProbs(),
            r.referenceLogProbs(),
            r.advantages(),
            r.mask(),
            null,
            null,
            null,
            null);
    PolicyGradientResult a = loss.evaluate(same);
    PolicyGradientResult b = loss.evaluate(r);
    assertEquals(b.loss(), a.loss(), 1e-12 * (1 + Math.abs(b.loss())));
    PolicyGradientTestSupport.assertArrayClose(
        b.gradLogProbs(), a.gradLogProbs(), 1e-12, "gradLogProbs");
    assertEquals(0.0, a.metric("sampling/sampling_logp_difference/mean"));
    assertEquals(1.0, a.metric("sampling/sequence_ratio/p50"));
  }

  @Test
  void badConfigurationsAreRefusedNamingTheSetting() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GrpoLoss.builder()
                    .lossType(LossType.VESPO)
                    .samplerCorrection(SamplerCorrection.trlDefaults())
                    .build());
    assertTrue(
        e.getMessage().contains("vllm_importance_sampling_mode")
            && e.getMessage().contains("sequence_mask"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GrpoLoss.builder()
                    .lossType(LossType.LUSPO)
                    .samplerCorrection(SamplerCorrection.of(Mode.TOKEN_TRUNCATE, 3.0))
                    .build());
    assertTrue(e.getMessage().contains("token_truncate"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GrpoLoss.builder()
                    .lossType(LossType.LUSPO)
                    .importanceSamplingLevel(ImportanceSamplingLevel.TOKEN)
                    .build());
    assertTrue(e.getMessage().contains("importance_sampling_level"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GrpoLoss.builder().lossType(LossType.LUSPO).beta(0.04).build());
    assertTrue(e.getMessage().contains("beta") && e.getMessage().contains("0.04"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                GrpoLoss.builder()
                    .lossType(LossType.VESPO)
                    .importanceSamplingLevel(ImportanceSamplingLevel.SEQUENCE)
                    .build());
    assertTrue(e.getMessage().contains("importance_sampling_level"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SamplerCorrection(true, Mode.TOKEN_MASK, 3.0, 2.0));
    assertTrue(
        e.getMessage().contains("vllm_importance_sampling_clip_max")
            && e.getMessage().contains("2.0"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyGradientBatch.builder()
                    .lengths(2)
                    .logProbs(new double[] {-1, -1})
                    .samplerLogProbs(new double[] {-1})
                    .sequenceAdvantages(new double[] {1})
                    .build());
    assertTrue(e.getMessage().contains("samplerLogProbs"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyGradientBatch.builder()
                    .lengths(1)
                    .logProbs(new double[] {-1})
                    .samplerLogProbs(new double[] {0.5})
                    .sequenceAdvantages(new double[] {1})
                    .build());
    assertTrue(e.getMessage().contains("samplerLogProbs"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Objectives.policyGradient(
                    "dapo", Map.of("vllm_importance_sampling_mode", "token")));
    assertTrue(e.getMessage().contains("vllm_importance_sampling_mode"), e.getMessage());
  }

  /** TRL config keys reach the objective: loss types by name, the mode, the bounds, and VESPO's parameters. */
  @Test
  void trlConfigKeysBuildTheSameObjectives() {
    PolicyGradientBatch b = batch(true);
    PolicyGradientObjective fromConfig =
        Objectives.policyGradient(
            "dapo",
            Map.of(
                "epsilon_high",
                0.28,
                "beta",
                0.04,
                "vllm_importance_sampling_mode",
                "token_mask",
                "vllm_importance_sampling_clip_min",
                0.5));
    assertClose(
        -0.6307586121691865,
        fromConfig.evaluate(b).loss(),
        "dapo token_mask clip_min 0.5 from config");
    PolicyGradientObjective off =
        Objectives.policyGradient(
            "dapo",
            Map.of(
                "epsilon_high", 0.28, "beta", 0.04, "vllm_importance_sampling_correction", false));
    assertClose(-0.42688594539270813, off.evaluate(b).loss(), "correction off from config");
    assertClose(
        -1.575903954590372,
        Objectives.policyGradient("luspo", Map.of("epsilon_high", 0.28))
            .evaluate(batch(false))
            .loss(),
        "luspo");
    PolicyGradientObjective vespo = Objectives.policyGradient("vespo", Map.of("vespo_k_pos", 2.0));
    assertClose(
        0.6538056482276318,
        vespo.evaluate(b).loss(),
        "vespo with the default token_mask correction");
    assertFalse(
        vespo
            .evaluate(batch(false))
            .metrics()
            .containsKey("sampling/importance_sampling_ratio/mean"));
  }
}
