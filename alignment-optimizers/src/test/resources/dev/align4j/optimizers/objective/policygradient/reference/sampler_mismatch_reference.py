#!/usr/bin/env python3
"""Reference values for SamplerMismatchReferenceTest and LuspoVespoReferenceTest (numpy only).

Re-implements, on padded (B, T) arrays as TRL's GRPOTrainer._compute_loss does (trl f2cd577; formulas in
/work/shared/reference/frontier-methods.md section 2a and 3, trl-objectives.md section 8), independently of the
ragged Java kernel:
  * vllm_importance_sampling_mode token_truncate | token_mask | sequence_truncate | sequence_mask with C_min / C_max,
    applied to the per-token loss before + beta*k3;
  * loss types dapo, grpo (token and sequence level), luspo and vespo;
  * the sampling/* metrics, plus the sequence-ratio quantiles (numpy.quantile, method "linear").
Gradients with respect to the current policy's per-token log-probabilities are computed by the complex-step method
(d/dx f = Im f(x + i h) / h, h = 1e-30), exact to machine precision; detached quantities (rho, VESPO's phi) are built
from real parts only, as torch's no_grad / detach.
Run: python3 sampler_mismatch_reference.py   (prints Java literals)
"""
import math

import numpy as np

H = 1e-30

# ------------------------------------------------------------------ the batch (B = 3 sequences, T = 5)
LENGTHS = [5, 3, 4]
MASK = np.array([[1, 1, 1, 1, 1], [1, 1, 1, 0, 0], [1, 0, 1, 1, 0]], dtype=float)  # row 1 padded, row 2 interior 0
LP = np.array([[-1.0, -0.4, -2.2, -0.7, -1.3], [-0.2, -1.6, -0.9, 0, 0], [-0.5, -3.0, -1.1, -0.8, 0]])
OLD = np.array([[-1.1, -0.6, -1.8, -0.7, -1.0], [-0.5, -1.2, -0.9, 0, 0], [-0.45, -2.0, -1.4, -0.6, 0]])
SAMP = np.array([[-0.9, -1.3, -1.9, -0.2, -1.2], [-0.1, -1.0, -0.2, 0, 0], [-0.4, -2.5, -2.0, -2.1, 0]])
REF = np.array([[-1.2, -0.5, -2.0, -0.9, -1.1], [-0.3, -1.5, -1.0, 0, 0], [-0.6, -2.8, -1.2, -0.7, 0]])
ADV = np.array([1.2, -0.7, 0.4])


def ragged(x):
    out = []
    for i, n in enumerate(LENGTHS):
        out.extend(x[i, :n].tolist())
    return out


def is_ratio(old, samp, mask, mode, cmin, cmax):
    d = (old - samp) * mask
    if mode.startswith("sequence"):
        d = d.sum(-1, keepdims=True)
    rho = np.exp(d)
    lo = cmin if cmin is not None else -math.inf
    hi = cmax if cmax is not None else math.inf
    if mode.endswith("truncate"):
        return np.clip(rho, lo, hi)
    return np.where((rho < lo) | (rho > hi), 0.0, rho)


def gamma_weights(adv, log_ratio, mask, rho_tok, kp, lp_, kn, ln):
    lower = math.log(1e-8)
    s = (np.clip(log_ratio, -20, 20) * mask).sum(-1, keepdims=True)
    if rho_tok is not None:
        with np.errstate(divide="ignore"):
            s = s + np.clip(np.log(rho_tok), lower, 20).sum(-1, keepdims=True)
    logw = np.clip(s, lower, 20)
    w = np.exp(logw)
    pos = adv[:, None] >= 0
    k = np.where(pos, kp, kn)
    lam = np.maximum(np.where(pos, lp_, ln), 1e-4)
    phi = np.exp(lam + k * logw - lam * w)
    return np.where(np.isfinite(phi), phi, 0.0), w


def loss(lp, old, samp, ref, adv, mask, loss_type, level="token", eps=0.2, eps_high=0.28, beta=0.0, mode=None,
         cmin=None, cmax=3.0, vespo=(2.0, 3.0, 3.0, 2.0), opsm=None, sampler=True, metrics=None):
    log_ratio = lp - old
    if level == "token":
        liw = log_ratio
    else:
        liw = ((log_ratio * mask).sum(-1) / np.maximum(mask.sum(-1), 1.0))[:, None]
    coef1 = np.exp(liw)
    A = adv[:, None]
    rho = None if mode is None else is_ratio(old, samp, mask, mode, cmin, cmax)
    if loss_type == "vespo":
        rho_tok = rho if (rho is not None and mode.startswith("token")) else None
        phi, w = gamma_weights(adv, log_ratio.real, mask, rho_tok, *vespo)
        ptl = -phi * A * lp
        if metrics is not None:
            metrics["vespo/phi_seq_mean"] = float(phi.mean())
            metrics["w"] = w.ravel().tolist()
            metrics["phi"] = phi.ravel().tolist()
    else:
        coef2 = np.clip(coef1.real, 1 - eps, 1 + eps_high) + 0j * coef1
        # where the clamp is active its derivative is 0; where inactive coef2 = coef1
        inside = (coef1.real >= 1 - eps) & (coef1.real <= 1 + eps_high)
        coef2 = np.where(inside, coef1, coef2)
        l1 = coef1 * A
        l2 = coef2 * A
        ptl = -np.where(l1.real <= l2.real, l1, l2)
    if opsm is not None:
        # TRL get_off_policy_mask: keep A >= 0 or mean_t m*(log pi_sampler - sg(log pi_theta)) <= delta
        behaviour = samp if sampler else old
        seq_kl = ((behaviour - lp.real) * mask).sum(-1, keepdims=True) / np.maximum(mask.sum(-1, keepdims=True), 1.0)
        keep = ((A >= 0) | (seq_kl <= opsm)).astype(float)
        ptl = ptl * keep
    if loss_type != "vespo" and rho is not None:
        ptl = ptl * rho
    if beta != 0.0:
        x = ref - lp
        ptl = ptl + beta * (np.exp(x) - x - 1)
    if loss_type == "grpo":
        return ((ptl * mask).sum(-1) / np.maximum(mask.sum(-1), 1.0)).mean()
    if loss_type in ("dapo", "vespo"):
        return (ptl * mask).sum() / max(mask.sum(), 1.0)
    if loss_type == "luspo":
        return (ptl * mask.sum(1, keepdims=True)).mean()
    raise ValueError(loss_type)


def value_and_grad(**kw):
    m = {}
    f = loss(LP.astype(complex), OLD, SAMP, REF, ADV, MASK, metrics=m, **kw).real
    g = np.zeros_like(LP)
    for i in range(LP.shape[0]):
        for t in range(LP.shape[1]):
            if MASK[i, t] == 0 and t >= LENGTHS[i]:
                continue
            x = LP.astype(complex)
            x[i, t] += 1j * H
            g[i, t] = loss(x, OLD, SAMP, REF, ADV, MASK, **kw).imag / H
    return float(f), ragged(g), m


def sampling_metrics(mode, cmin=None, cmax=3.0):
    rho = is_ratio(OLD, SAMP, MASK, mode, cmin, cmax)
    active = MASK.astype(bool)
    diff = np.abs(OLD - SAMP)[active]
    out = {"sampling/sampling_logp_difference/mean": diff.mean(), "sampling/sampling_logp_difference/max": diff.max()}
    r = rho[active] if mode.startswith("token") else rho.ravel()
    out["sampling/importance_sampling_ratio/min"] = r.min()
    out["sampling/importance_sampling_ratio/mean"] = r.mean()
    out["sampling/importance_sampling_ratio/max"] = r.max()
    raw = np.exp((OLD - SAMP) * MASK)
    if mode.startswith("sequence"):
        raw = np.exp(((OLD - SAMP) * MASK).sum(-1))
    else:
        raw = raw[active]
    out["sampling/importance_sampling_ratio/corrected_fraction"] = float(np.mean(raw != r))
    seq = np.exp(((OLD - SAMP) * MASK).sum(-1))
    for q in (5, 25, 50, 75, 95):
        out["sampling/sequence_ratio/p%02d" % q] = float(np.quantile(seq, q / 100))
    return out


def lit(x):
    return repr(float(x))


def jarr(xs):
    return "{" + ", ".join(lit(x) for x in xs) + "}"


if __name__ == "__main__":
    np.set_printoptions(precision=17)
    print("// batch")
    print("LENGTHS =", LENGTHS)
    print("MASK =", jarr(ragged(MASK)))
    for name, a in [("LP", LP), ("OLD", OLD), ("SAMP", SAMP), ("REF", REF)]:
        print(name, "=", jarr(ragged(a)))
    print("// sequence log-ratios sum(old - samp):", ((OLD - SAMP) * MASK).sum(-1))
    cases = {
        "dapo/token_truncate": dict(loss_type="dapo", beta=0.04, mode="token_truncate"),
        "dapo/token_mask": dict(loss_type="dapo", beta=0.04, mode="token_mask"),
        "dapo/token_mask_min": dict(loss_type="dapo", beta=0.04, mode="token_mask", cmin=0.5),
        "dapo/sequence_truncate": dict(loss_type="dapo", beta=0.04, mode="sequence_truncate"),
        "dapo/sequence_mask": dict(loss_type="dapo", beta=0.04, mode="sequence_mask"),
        "dapo/sequence_mask_beta0": dict(loss_type="dapo", mode="sequence_mask"),
        "dapo/none": dict(loss_type="dapo", beta=0.04),
        "grpo/sequence_level/sequence_truncate": dict(loss_type="grpo", level="sequence", mode="sequence_truncate",
                                                      cmax=2.0),
        "grpo/sequence_level/token_truncate_beta": dict(loss_type="grpo", level="sequence", beta=0.04,
                                                        mode="token_truncate"),
        "luspo": dict(loss_type="luspo", level="sequence"),
        "luspo/sequence_truncate": dict(loss_type="luspo", level="sequence", mode="sequence_truncate", cmax=2.0),
        "dapo/opsm_0.1/token_truncate": dict(loss_type="dapo", beta=0.04, mode="token_truncate", opsm=0.1),
        "grpo/opsm_0.02/no_sampler": dict(loss_type="grpo", beta=0.04, opsm=0.02, sampler=False),
        "grpo/opsm_0.05/no_sampler": dict(loss_type="grpo", beta=0.04, opsm=0.05, sampler=False),
        "vespo": dict(loss_type="vespo"),
        "vespo/token_truncate": dict(loss_type="vespo", mode="token_truncate"),
        "vespo/token_mask": dict(loss_type="vespo", mode="token_mask"),
    }
    for name, kw in cases.items():
        f, g, m = value_and_grad(**kw)
        extra = ""
        if "vespo/phi_seq_mean" in m:
            extra = ", phi_seq_mean " + lit(m["vespo/phi_seq_mean"])
        print('case "%s": loss %s%s\n  grad %s' % (name, lit(f), extra, jarr(g)))
    for mode in ("token_truncate", "token_mask", "sequence_truncate", "sequence_mask"):
        print("metrics", mode, {k: lit(v) for k, v in sampling_metrics(mode).items()})
