package dev.align4j.policies.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where each parameter tensor lives in the model's single flat {@code float[]} (and, with the same offsets, in the
 * gradient and AdamW moment arrays). Linear weights are stored [in × out], so that a layer's forward pass is
 * {@code Y = X·W}.
 */
final class Layout {
  final int d;
  final int heads;
  final int hd;
  final int f;
  final int vocab;
  final int context;
  final int layers;
  final int tokEmb;
  final int posEmb;
  final int[] ln1G;
  final int[] ln1B;
  final int[] wQkv;
  final int[] wO;
  final int[] ln2G;
  final int[] ln2B;
  final int[] w1;
  final int[] w2;
  final int lnfG;
  final int lnfB;
  final int wOut;
  final int wValue;
  final int bValue;
  final int size;

  /** [start, end) ranges that receive weight decay. */
  final int[][] decayRanges;

  Layout(TransformerConfig c, int vocabularySize) {
    d = c.width();
    heads = c.heads();
    hd = c.headWidth();
    f = c.ffnWidth();
    vocab = vocabularySize;
    context = c.contextLength();
    layers = c.layers();
    List<int[]> decay = new ArrayList<>();
    int o = 0;
    tokEmb = o;
    o += vocab * d;
    decay.add(new int[] {tokEmb, o});
    if (c.positions() == PositionEncoding.LEARNED) {
      posEmb = o;
      o += context * d;
      decay.add(new int[] {posEmb, o});
    } else {
      posEmb = -1;
    }
    ln1G = new int[layers];
    ln1B = new int[layers];
    wQkv = new int[layers];
    wO = new int[layers];
    ln2G = new int[layers];
    ln2B = new int[layers];
    w1 = new int[layers];
    w2 = new int[layers];
    for (int l = 0; l < layers; l++) {
      ln1G[l] = o;
      o += d;
      ln1B[l] = o;
      o += d;
      wQkv[l] = o;
      o += d * 3 * d;
      wO[l] = o;
      o += d * d;
      decay.add(new int[] {wQkv[l], o});
      ln2G[l] = o;
      o += d;
      ln2B[l] = o;
      o += d;
      w1[l] = o;
      o += d * f;
      w2[l] = o;
      o += f * d;
      decay.add(new int[] {w1[l], o});
    }
    lnfG = o;
    o += d;
    lnfB = o;
    o += d;
    wOut = o;
    o += d * vocab;
    decay.add(new int[] {wOut, o});
    if (c.valueHead()) {
      wValue = o;
      o += d;
      decay.add(new int[] {wValue, o});
      bValue = o;
      o += 1;
    } else {
      wValue = -1;
      bValue = -1;
    }
    size = o;
    decayRanges = decay.toArray(new int[0][]);
  }

  /** GPT-2 initialisation: N(0, std) weights, residual projections N(0, std/√(2·layers)), unit gains, zero biases. */
  void initialise(float[] p, double std, RandomGenerator random) {
    gaussian(p, tokEmb, vocab * d, std, random);
    if (posEmb >= 0) {
      gaussian(p, posEmb, context * d, std, random);
    }
    double residualStd = std / Math.sqrt(2.0 * layers);
    for (int l = 0; l < layers; l++) {
      Arrays.fill(p, ln1G[l], ln1G[l] + d, 1f);
      gaussian(p, wQkv[l], d * 3 * d, std, random);
      gaussian(p, wO[l], d * d, residualStd, random);
      Arrays.fill(p, ln2G[l], ln2G[l] + d, 1f);
      gaussian(p, w1[l], d * f, std, random);
      gaussian(p, w2[l], f * d, residualStd, random);
    }
    Arrays.fill(p, lnfG, lnfG + d, 1f);
    gaussian(p, wOut, d * vocab, std, random);
    if (wValue >= 0) {
      gaussian(p, wValue, d, std, random);
    }
  }

  private static void gaussian(float[] p, int off, int n, double std, RandomGenerator random) {
    for (int i = 0; i < n; i++) {
      p[off + i] = (float) (random.nextGaussian() * std);
    }
  }
}
