package dev.align4j.policies.lm;

import dev.align4j.core.TokenDistributions;

/**
 * The activations one forward pass keeps for its backward pass, and the backward pass's scratch space, for one
 * sequence of up to {@code context} tokens. Allocated once and reused (a pool in the model), so that steady-state
 * training allocates no per-token garbage.
 */
final class Workspace {
  final int[] seq;
  final float[][] xs;
  final float[][] ln1;
  final float[][] mean1;
  final float[][] rstd1;
  final float[][] qkv;
  final float[][] att;
  final float[][] ao;
  final float[][] xMid;
  final float[][] ln2;
  final float[][] mean2;
  final float[][] rstd2;
  final float[][] u;
  final float[][] th;
  final float[][] g;
  final float[] lnf;
  final float[] meanf;
  final float[] rstdf;
  final float[] probs;

  /** The completion rows' logits (before normalisation), kept for the per-position distributions. */
  final float[] logits;

  final float[] dx;
  final float[] dln;
  final float[] dao;
  final float[] dqkv;
  final float[] du;
  final float[] datt;
  final float[] dlogits;
  final float[] dlnf;
  int promptLen;
  int completionLen;
  int rows;

  Workspace(Layout s) {
    int tm = s.context;
    int d = s.d;
    int f = s.f;
    int layers = s.layers;
    seq = new int[tm];
    xs = new float[layers + 1][tm * d];
    ln1 = new float[layers][tm * d];
    mean1 = new float[layers][tm];
    rstd1 = new float[layers][tm];
    qkv = new float[layers][tm * 3 * d];
    att = new float[layers][s.heads * tm * tm];
    ao = new float[layers][tm * d];
    xMid = new float[layers][tm * d];
    ln2 = new float[layers][tm * d];
    mean2 = new float[layers][tm];
    rstd2 = new float[layers][tm];
    u = new float[layers][tm * f];
    th = new float[layers][tm * f];
    g = new float[layers][tm * f];
    lnf = new float[tm * d];
    meanf = new float[tm];
    rstdf = new float[tm];
    probs = new float[tm * s.vocab];
    logits = new float[tm * s.vocab];
    dx = new float[tm * d];
    dln = new float[tm * d];
    dao = new float[tm * d];
    dqkv = new float[tm * 3 * d];
    du = new float[tm * f];
    datt = new float[tm * tm];
    dlogits = new float[tm * s.vocab];
    dlnf = new float[tm * d];
  }

  /**
   * The next-token log-distributions of the completion rows of the last forward pass, in double from the kept float
   * logits: {@code ℓ_v = z_v − log Σ_j exp(z_j)}, the normaliser summed in double (clamped at 0 against rounding).
   */
  TokenDistributions completionDistributions(int vocab) {
    double[] rows = new double[completionLen * vocab];
    for (int c = 0; c < completionLen; c++) {
      int r = c * vocab;
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < vocab; j++) {
        max = Math.max(max, logits[r + j]);
      }
      double sum = 0;
      for (int j = 0; j < vocab; j++) {
        sum += Math.exp(logits[r + j] - max);
      }
      double z = max + Math.log(sum);
      for (int j = 0; j < vocab; j++) {
        rows[r + j] = Math.min(0.0, logits[r + j] - z);
      }
    }
    return new TokenDistributions(rows, vocab);
  }
}
