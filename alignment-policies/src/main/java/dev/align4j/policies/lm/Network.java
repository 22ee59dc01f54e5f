package dev.align4j.policies.lm;

import dev.align4j.core.check.Require;
import dev.align4j.core.math.kernel.Kernels;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The transformer's arithmetic: forward pass, analytic backward pass and single-token decoding with a KV cache, on
 * flat {@code float[]} buffers. Stateless apart from the parameter array it reads; every call brings its own
 * {@link Workspace} (or {@link DecodeState}) and gradient array, so calls on different workspaces may run in parallel.
 *
 * <p>Block (pre-norm, GPT-2): {@code x += Attn(LN1(x))·Wo; x += GELU(LN2(x)·W1)·W2}; then {@code LNf} and the output
 * projection to logits. GELU is the tanh approximation (Hendrycks and Gimpel 2016, as in GPT-2). Linear layers have
 * no bias. Sequence layout: {@code [BOS, prompt…, SEP, completion…]}; row t predicts token t + 1, so the trunk runs
 * on the first {@code n − 1} tokens and logits are formed only for the rows that predict completion tokens.
 */
final class Network {
  private static final float GELU_C = (float) Math.sqrt(2 / Math.PI);
  private static final float GELU_A = 0.044715f;

  final Layout s;
  final TransformerConfig config;
  final float[] params;
  private final Kernels k;
  private final float eps;
  private final float @Nullable [] ropeCos;
  private final float @Nullable [] ropeSin;

  /**
   * Transposed copies of the weight matrices ([out × in]) for the input gradients {@code dX = dY·Wᵀ} of the backward
   * pass, so that every product runs on the non-transposed kernel without per-call packing; refreshed by
   * {@link #refreshTransposes()} whenever the parameters change. Null for inference-only networks.
   */
  private final float @Nullable [] wt;

  private final int[] qkvT;
  private final int[] oT;
  private final int[] w1T;
  private final int[] w2T;
  private final int outT;

  Network(
      TransformerConfig config, Layout layout, float[] params, Kernels kernels, boolean trainable) {
    this.config = config;
    this.s = layout;
    this.params = params;
    this.k = kernels;
    int layers = layout.layers;
    qkvT = new int[layers];
    oT = new int[layers];
    w1T = new int[layers];
    w2T = new int[layers];
    int o = 0;
    for (int l = 0; l < layers; l++) {
      qkvT[l] = o;
      o += 3 * layout.d * layout.d;
      oT[l] = o;
      o += layout.d * layout.d;
      w1T[l] = o;
      o += layout.d * layout.f;
      w2T[l] = o;
      o += layout.f * layout.d;
    }
    outT = o;
    o += layout.vocab * layout.d;
    wt = trainable ? new float[o] : null;
    refreshTransposes();
    this.eps = (float) config.layerNormEpsilon();
    if (config.positions() == PositionEncoding.ROTARY) {
      int half = layout.hd / 2;
      ropeCos = new float[layout.context * half];
      ropeSin = new float[layout.context * half];
      for (int t = 0; t < layout.context; t++) {
        for (int i = 0; i < half; i++) {
          double angle = t * Math.pow(config.ropeBase(), -2.0 * i / layout.hd);
          ropeCos[t * half + i] = (float) Math.cos(angle);
          ropeSin[t * half + i] = (float) Math.sin(angle);
        }
      }
    } else {
      ropeCos = null;
      ropeSin = null;
    }
  }

  /** Recomputes the transposed weights from the parameters (after construction, every step and every load). */
  void refreshTransposes() {
    float[] t = wt;
    if (t == null) {
      return;
    }
    for (int l = 0; l < s.layers; l++) {
      transpose(params, s.wQkv[l], s.d, 3 * s.d, t, qkvT[l]);
      transpose(params, s.wO[l], s.d, s.d, t, oT[l]);
      transpose(params, s.w1[l], s.d, s.f, t, w1T[l]);
      transpose(params, s.w2[l], s.f, s.d, t, w2T[l]);
    }
    transpose(params, s.wOut, s.d, s.vocab, t, outT);
  }

  /** dst[c×r] = src[r×c]ᵀ, in 16×16 tiles. */
  private static void transpose(
      float[] src, int srcOff, int rows, int cols, float[] dst, int dstOff) {
    for (int i0 = 0; i0 < rows; i0 += 16) {
      int i1 = Math.min(rows, i0 + 16);
      for (int j0 = 0; j0 < cols; j0 += 16) {
        int j1 = Math.min(cols, j0 + 16);
        for (int i = i0; i < i1; i++) {
          for (int j = j0; j < j1; j++) {
            dst[dstOff + j * rows + i] = src[srcOff + i * cols + j];
          }
        }
      }
    }
  }

  /** The row stride of attention matrices: rows rounded up to 16 (whole vectors), within the context. */
  private int attStride(int rows) {
    return Math.min(s.context, (rows + 15) & ~15);
  }

  // ---------------------------------------------------------------- forward

  /**
   * Runs the forward pass over {@code ws.seq[0, promptLen + completionLen)} and writes the log-probability of each
   * completion token into {@code logp} (and the value estimates into {@code values} when both the value head and the
   * array exist, and the entropy of each completion position's next-token distribution into {@code entropies} when
   * that array is given).
   */
  void forward(
      Workspace ws,
      int promptLen,
      int completionLen,
      double[] logp,
      double @Nullable [] values,
      double @Nullable [] entropies) {
    final int d = s.d;
    final int d3 = 3 * d;
    final int hd = s.hd;
    final int f = s.f;
    final int vocab = s.vocab;
    final float[] p = params;
    final int rows = promptLen + completionLen - 1;
    ws.promptLen = promptLen;
    ws.completionLen = completionLen;
    ws.rows = rows;
    int[] seq = ws.seq;
    float[] x0 = ws.xs[0];
    for (int t = 0; t < rows; t++) {
      System.arraycopy(p, s.tokEmb + seq[t] * d, x0, t * d, d);
      if (s.posEmb >= 0) {
        k.axpy(1f, p, s.posEmb + t * d, x0, t * d, d);
      }
    }
    float scale = (float) (1 / Math.sqrt(hd));
    for (int l = 0; l < s.layers; l++) {
      float[] xin = ws.xs[l];
      float[] ln1 = ws.ln1[l];
      for (int t = 0; t < rows; t++) {
        layerNormRow(xin, t * d, ln1, t * d, s.ln1G[l], s.ln1B[l], ws.mean1[l], ws.rstd1[l], t);
      }
      float[] qkv = ws.qkv[l];
      k.gemm(false, false, rows, d3, d, ln1, 0, d, p, s.wQkv[l], d3, qkv, 0, d3, false);
      if (ropeCos != null) {
        for (int t = 0; t < rows; t++) {
          for (int h = 0; h < s.heads; h++) {
            rope(qkv, t * d3 + h * hd, t, false);
            rope(qkv, t * d3 + d + h * hd, t, false);
          }
        }
      }
      float[] att = ws.att[l];
      float[] ao = ws.ao[l];
      // scores for ldA ≥ rows key columns (whole vectors; the extra columns read unused rows and
      // are masked)
      int ldA = attStride(rows);
      for (int h = 0; h < s.heads; h++) {
        int aOff = h * rows * ldA;
        k.gemm(
            false,
            true,
            rows,
            ldA,
            hd,
            qkv,
            h * hd,
            d3,
            qkv,
            d + h * hd,
            d3,
            att,
            aOff,
            ldA,
            false);
        for (int i = 0; i < rows; i++) {
          int r = aOff + i * ldA;
          float max = Float.NEGATIVE_INFINITY;
          for (int j = 0; j <= i; j++) {
            float v = att[r + j] * scale;
            att[r + j] = v;
            max = Math.max(max, v);
          }
          float sum = k.expShiftSum(att, r, i + 1, max);
          float inv = 1f / sum;
          for (int j = 0; j <= i; j++) {
            att[r + j] *= inv;
          }
          Arrays.fill(att, r + i + 1, r + ldA, 0f);
        }
        k.gemm(
            false,
            false,
            rows,
            hd,
            rows,
            att,
            aOff,
            ldA,
            qkv,
            2 * d + h * hd,
            d3,
            ao,
            h * hd,
            d,
            false);
      }
      float[] xMid = ws.xMid[l];
      k.gemm(false, false, rows, d, d, ao, 0, d, p, s.wO[l], d, xMid, 0, d, false);
      k.axpy(1f, xin, 0, xMid, 0, rows * d);
      float[] ln2 = ws.ln2[l];
      for (int t = 0; t < rows; t++) {
        layerNormRow(xMid, t * d, ln2, t * d, s.ln2G[l], s.ln2B[l], ws.mean2[l], ws.rstd2[l], t);
      }
      float[] u = ws.u[l];
      float[] th = ws.th[l];
      float[] g = ws.g[l];
      int n = rows * f;
      k.gemm(false, false, rows, f, d, ln2, 0, d, p, s.w1[l], f, u, 0, f, false);
      geluForward(u, th, g, n);
      float[] xout = ws.xs[l + 1];
      k.gemm(false, false, rows, d, f, g, 0, f, p, s.w2[l], d, xout, 0, d, false);
      k.axpy(1f, xMid, 0, xout, 0, rows * d);
    }
    float[] xl = ws.xs[s.layers];
    int first = promptLen - 1;
    for (int c = 0; c < completionLen; c++) {
      layerNormRow(xl, (first + c) * d, ws.lnf, c * d, s.lnfG, s.lnfB, ws.meanf, ws.rstdf, c);
    }
    float[] probs = ws.probs;
    k.gemm(
        false,
        false,
        completionLen,
        vocab,
        d,
        ws.lnf,
        0,
        d,
        p,
        s.wOut,
        vocab,
        probs,
        0,
        vocab,
        false);
    for (int c = 0; c < completionLen; c++) {
      int r = c * vocab;
      int target = seq[promptLen + c];
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < vocab; j++) {
        max = Math.max(max, probs[r + j]);
      }
      float targetLogit = probs[r + target];
      System.arraycopy(probs, r, ws.logits, r, vocab);
      float sum = k.expShiftSum(probs, r, vocab, max);
      float inv = 1f / sum;
      for (int j = 0; j < vocab; j++) {
        probs[r + j] *= inv;
      }
      double logSum = Math.log(sum);
      double lp = (double) targetLogit - max - logSum;
      logp[c] = Math.min(0.0, lp);
      if (entropies != null) {
        // H = −Σ_j p_j (z_j − log Z) = log Σ_j e^{z_j − max} − Σ_j p_j (z_j − max): one pass over
        // the normalised
        // row and the kept logits, no further exp or log; z_j − max ≤ 0, so no cancellation against
        // log Z
        double weighted = 0;
        for (int j = 0; j < vocab; j++) {
          weighted += (double) probs[r + j] * ((double) ws.logits[r + j] - max);
        }
        entropies[c] = Math.max(0.0, logSum - weighted);
      }
      if (values != null && s.wValue >= 0) {
        values[c] = k.dot(ws.lnf, c * d, p, s.wValue, d) + p[s.bValue];
      }
    }
  }

  private void geluForward(float[] u, float[] th, float[] g, int n) {
    for (int i = 0; i < n; i++) {
      float x = u[i];
      th[i] = GELU_C * (x + GELU_A * x * x * x);
    }
    k.tanh(th, 0, th, 0, n);
    for (int i = 0; i < n; i++) {
      g[i] = 0.5f * u[i] * (1f + th[i]);
    }
  }

  private void layerNormRow(
      float[] x,
      int xOff,
      float[] y,
      int yOff,
      int gOff,
      int bOff,
      float[] means,
      float[] rstds,
      int idx) {
    final int d = s.d;
    float sum = 0;
    for (int i = 0; i < d; i++) {
      sum += x[xOff + i];
    }
    float mean = sum / d;
    float var = 0;
    for (int i = 0; i < d; i++) {
      float c = x[xOff + i] - mean;
      var += c * c;
    }
    float rstd = (float) (1 / Math.sqrt(var / d + eps));
    means[idx] = mean;
    rstds[idx] = rstd;
    float[] p = params;
    for (int i = 0; i < d; i++) {
      y[yOff + i] = (x[xOff + i] - mean) * rstd * p[gOff + i] + p[bOff + i];
    }
  }

  /** Rotates (or, with {@code inverse}, rotates back) the head vector at {@code off} for position t. */
  private void rope(float[] v, int off, int t, boolean inverse) {
    int half = s.hd / 2;
    int base = t * half;
    float[] cos = ropeCos;
    float[] sin = ropeSin;
    for (int i = 0; i < half; i++) {
      float c = cos[base + i];
      float sn = inverse ? -sin[base + i] : sin[base + i];
      float x1 = v[off + i];
      float x2 = v[off + i + half];
      v[off + i] = x1 * c - x2 * sn;
      v[off + i + half] = x1 * sn + x2 * c;
    }
  }

  // ---------------------------------------------------------------- backward

  /**
   * Accumulates into {@code grad} (same layout as the parameters) the gradient of
   * {@code Σ_c dLogp[c]·logp[c] + Σ_c dValue[c]·value[c] + Σ_{c,v} dDist[c][v]·log p_c(v)} for the forward pass held
   * in {@code ws}, with {@code dLogp[c] = up.token(c)}, {@code dValue[c] = up.value(c)} read in place (no
   * per-sequence array) and {@code dDist} the optional row-major {@code up.distribution()}.
   */
  void backward(Workspace ws, Upstream up, float[] grad) {
    final int d = s.d;
    final int d3 = 3 * d;
    final int hd = s.hd;
    final int f = s.f;
    final int vocab = s.vocab;
    final float[] p = params;
    final int rows = ws.rows;
    final int promptLen = ws.promptLen;
    final int cl = ws.completionLen;
    final int first = promptLen - 1;
    int[] seq = ws.seq;
    float[] dlogits = ws.dlogits;
    float[] probs = ws.probs;
    for (int c = 0; c < cl; c++) {
      float gc = (float) up.token(c);
      int r = c * vocab;
      for (int j = 0; j < vocab; j++) {
        dlogits[r + j] = -gc * probs[r + j];
      }
      dlogits[r + seq[promptLen + c]] += gc;
    }
    double[] dist = up.distribution();
    if (dist != null) {
      // ∂loss/∂z_j = G_j − p_j·Σ_v G_v for a loss of the log-probabilities ℓ = z − logZ
      for (int c = 0; c < cl; c++) {
        int r = c * vocab;
        double sumG = 0;
        for (int j = 0; j < vocab; j++) {
          sumG += dist[r + j];
        }
        for (int j = 0; j < vocab; j++) {
          dlogits[r + j] += (float) (dist[r + j] - probs[r + j] * sumG);
        }
      }
    }
    k.gemm(true, false, d, vocab, cl, ws.lnf, 0, d, dlogits, 0, vocab, grad, s.wOut, vocab, true);
    float[] dlnf = ws.dlnf;
    float[] wT = Require.nonNull("transposed weights", wt);
    k.gemm(false, false, cl, d, vocab, dlogits, 0, vocab, wT, outT, d, dlnf, 0, d, false);
    if (up.hasValues() && s.wValue >= 0) {
      for (int c = 0; c < cl; c++) {
        float dv = (float) up.value(c);
        if (dv != 0f) {
          k.axpy(dv, p, s.wValue, dlnf, c * d, d);
          k.axpy(dv, ws.lnf, c * d, grad, s.wValue, d);
          grad[s.bValue] += dv;
        }
      }
    }
    float[] dx = ws.dx;
    Arrays.fill(dx, 0, rows * d, 0f);
    float[] xl = ws.xs[s.layers];
    for (int c = 0; c < cl; c++) {
      layerNormBackwardRow(
          dlnf,
          c * d,
          xl,
          (first + c) * d,
          ws.meanf[c],
          ws.rstdf[c],
          s.lnfG,
          s.lnfB,
          grad,
          dx,
          (first + c) * d);
    }
    float scale = (float) (1 / Math.sqrt(hd));
    float[] dln = ws.dln;
    float[] du = ws.du;
    float[] dao = ws.dao;
    float[] dqkv = ws.dqkv;
    float[] datt = ws.datt;
    for (int l = s.layers - 1; l >= 0; l--) {
      // feed-forward: xs[l+1] = xMid + GELU(LN2(xMid)·W1)·W2
      float[] g = ws.g[l];
      k.gemm(true, false, f, d, rows, g, 0, f, dx, 0, d, grad, s.w2[l], d, true);
      k.gemm(false, false, rows, f, d, dx, 0, d, wT, w2T[l], f, du, 0, f, false);
      float[] u = ws.u[l];
      float[] th = ws.th[l];
      int n = rows * f;
      for (int i = 0; i < n; i++) {
        float x = u[i];
        float t = th[i];
        float deriv =
            0.5f * (1f + t) + 0.5f * x * (1f - t * t) * GELU_C * (1f + 3f * GELU_A * x * x);
        du[i] *= deriv;
      }
      k.gemm(true, false, d, f, rows, ws.ln2[l], 0, d, du, 0, f, grad, s.w1[l], f, true);
      k.gemm(false, false, rows, d, f, du, 0, f, wT, w1T[l], d, dln, 0, d, false);
      float[] xMid = ws.xMid[l];
      for (int t = 0; t < rows; t++) {
        layerNormBackwardRow(
            dln,
            t * d,
            xMid,
            t * d,
            ws.mean2[l][t],
            ws.rstd2[l][t],
            s.ln2G[l],
            s.ln2B[l],
            grad,
            dx,
            t * d);
      }
      // attention: xMid = xs[l] + Attn(LN1(xs[l]))·Wo
      float[] ao = ws.ao[l];
      k.gemm(true, false, d, d, rows, ao, 0, d, dx, 0, d, grad, s.wO[l], d, true);
      k.gemm(false, false, rows, d, d, dx, 0, d, wT, oT[l], d, dao, 0, d, false);
      float[] qkv = ws.qkv[l];
      float[] att = ws.att[l];
      int ldA = attStride(rows);
      for (int h = 0; h < s.heads; h++) {
        int aOff = h * rows * ldA;
        // dP = dO·Vᵀ, dV = Pᵀ·dO
        k.gemm(
            false,
            true,
            rows,
            ldA,
            hd,
            dao,
            h * hd,
            d,
            qkv,
            2 * d + h * hd,
            d3,
            datt,
            0,
            ldA,
            false);
        k.gemm(
            true,
            false,
            rows,
            hd,
            rows,
            att,
            aOff,
            ldA,
            dao,
            h * hd,
            d,
            dqkv,
            2 * d + h * hd,
            d3,
            false);
        // softmax backward, with the 1/√hd scale folded in
        for (int i = 0; i < rows; i++) {
          int r = i * ldA;
          int pr = aOff + i * ldA;
          float dot = 0;
          for (int j = 0; j <= i; j++) {
            dot += att[pr + j] * datt[r + j];
          }
          for (int j = 0; j <= i; j++) {
            datt[r + j] = att[pr + j] * (datt[r + j] - dot) * scale;
          }
          Arrays.fill(datt, r + i + 1, r + ldA, 0f);
        }
        // dQ = dS·K, dK = dSᵀ·Q
        k.gemm(
            false,
            false,
            rows,
            hd,
            rows,
            datt,
            0,
            ldA,
            qkv,
            d + h * hd,
            d3,
            dqkv,
            h * hd,
            d3,
            false);
        k.gemm(
            true,
            false,
            rows,
            hd,
            rows,
            datt,
            0,
            ldA,
            qkv,
            h * hd,
            d3,
            dqkv,
            d + h * hd,
            d3,
            false);
      }
      if (ropeCos != null) {
        for (int t = 0; t < rows; t++) {
          for (int h = 0; h < s.heads; h++) {
            rope(dqkv, t * d3 + h * hd, t, true);
            rope(dqkv, t * d3 + d + h * hd, t, true);
          }
        }
      }
      k.gemm(true, false, d, d3, rows, ws.ln1[l], 0, d, dqkv, 0, d3, grad, s.wQkv[l], d3, true);
      k.gemm(false, false, rows, d, d3, dqkv, 0, d3, wT, qkvT[l], d, dln, 0, d, false);
      float[] xin = ws.xs[l];
      for (int t = 0; t < rows; t++) {
        layerNormBackwardRow(
            dln,
            t * d,
            xin,
            t * d,
            ws.mean1[l][t],
            ws.rstd1[l][t],
            s.ln1G[l],
            s.ln1B[l],
            grad,
            dx,
            t * d);
      }
    }
    for (int t = 0; t < rows; t++) {
      k.axpy(1f, dx, t * d, grad, s.tokEmb + seq[t] * d, d);
      if (s.posEmb >= 0) {
        k.axpy(1f, dx, t * d, grad, s.posEmb + t * d, d);
      }
    }
  }

  /**
   * Layer-norm backward for one row: accumulates the gain and bias gradients and adds the input gradient to
   * {@code dx[dxOff…]}. With x̂ = (x − μ)·rstd and ĝ = dy ⊙ γ: dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ ⊙ x̂)).
   */
  private void layerNormBackwardRow(
      float[] dy,
      int dyOff,
      float[] x,
      int xOff,
      float mean,
      float rstd,
      int gOff,
      int bOff,
      float[] grad,
      float[] dx,
      int dxOff) {
    final int d = s.d;
    float[] p = params;
    float sumG = 0;
    float sumGx = 0;
    for (int i = 0; i < d; i++) {
      float xhat = (x[xOff + i] - mean) * rstd;
      float dyi = dy[dyOff + i];
      grad[gOff + i] += dyi * xhat;
      grad[bOff + i] += dyi;
      float gh = dyi * p[gOff + i];
      sumG += gh;
      sumGx += gh * xhat;
    }
    float mG = sumG / d;
    float mGx = sumGx / d;
    for (int i = 0; i < d; i++) {
      float xhat = (x[xOff + i] - mean) * rstd;
      float gh = dy[dyOff + i] * p[gOff + i];
      dx[dxOff + i] += rstd * (gh - mG - xhat * mGx);
    }
  }

  // ---------------------------------------------------------------- decoding

  /** The key/value cache and buffers of incremental decoding (one token at a time) for sampling. */
  static final class DecodeState {
    final float[][] kCache;
    final float[][] vCache;
    final float[] x;
    final float[] h;
    final float[] qkv;
    final float[] ao;
    final float[] u;
    final float[] th;
    final float[] scores;
    final float[] logits;
    final float[] stat = new float[2];
    int length;

    DecodeState(Layout s) {
      kCache = new float[s.layers][s.context * s.d];
      vCache = new float[s.layers][s.context * s.d];
      x = new float[s.d];
      h = new float[s.d];
      qkv = new float[3 * s.d];
      ao = new float[s.d];
      u = new float[s.f];
      th = new float[s.f];
      scores = new float[s.context];
      logits = new float[s.vocab];
    }
  }

  /**
   * Appends {@code token} at position {@code st.length} and writes the next-token logits into {@code st.logits}.
   * Equivalent to the last row of a full forward pass (tested).
   */
  void decode(DecodeState st, int token) {
    final int d = s.d;
    final int d3 = 3 * d;
    final int hd = s.hd;
    final int f = s.f;
    final float[] p = params;
    int t = st.length;
    if (t >= s.context) {
      throw new IllegalStateException("decode past the context length " + s.context);
    }
    float[] x = st.x;
    System.arraycopy(p, s.tokEmb + token * d, x, 0, d);
    if (s.posEmb >= 0) {
      k.axpy(1f, p, s.posEmb + t * d, x, 0, d);
    }
    float scale = (float) (1 / Math.sqrt(hd));
    for (int l = 0; l < s.layers; l++) {
      layerNormRow(x, 0, st.h, 0, s.ln1G[l], s.ln1B[l], st.stat, st.stat, 0);
      k.gemm(false, false, 1, d3, d, st.h, 0, d, p, s.wQkv[l], d3, st.qkv, 0, d3, false);
      if (ropeCos != null) {
        for (int h = 0; h < s.heads; h++) {
          rope(st.qkv, h * hd, t, false);
          rope(st.qkv, d + h * hd, t, false);
        }
      }
      float[] kc = st.kCache[l];
      float[] vc = st.vCache[l];
      System.arraycopy(st.qkv, d, kc, t * d, d);
      System.arraycopy(st.qkv, 2 * d, vc, t * d, d);
      for (int h = 0; h < s.heads; h++) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j <= t; j++) {
          float v = k.dot(st.qkv, h * hd, kc, j * d + h * hd, hd) * scale;
          st.scores[j] = v;
          max = Math.max(max, v);
        }
        float inv = 1f / k.expShiftSum(st.scores, 0, t + 1, max);
        Arrays.fill(st.ao, h * hd, (h + 1) * hd, 0f);
        for (int j = 0; j <= t; j++) {
          k.axpy(st.scores[j] * inv, vc, j * d + h * hd, st.ao, h * hd, hd);
        }
      }
      k.gemm(false, false, 1, d, d, st.ao, 0, d, p, s.wO[l], d, x, 0, d, true);
      layerNormRow(x, 0, st.h, 0, s.ln2G[l], s.ln2B[l], st.stat, st.stat, 1);
      k.gemm(false, false, 1, f, d, st.h, 0, d, p, s.w1[l], f, st.u, 0, f, false);
      geluForward(st.u, st.th, st.u, f);
      k.gemm(false, false, 1, d, f, st.u, 0, f, p, s.w2[l], d, x, 0, d, true);
    }
    layerNormRow(x, 0, st.h, 0, s.lnfG, s.lnfB, st.stat, st.stat, 0);
    k.gemm(
        false, false, 1, s.vocab, d, st.h, 0, d, p, s.wOut, s.vocab, st.logits, 0, s.vocab, false);
    st.length = t + 1;
  }
}
