"""Reference values for the distillation objectives (numpy only; run: python3 distillation_reference.py).

Inputs are logits; the objectives take log-softmax rows. Gradients are central finite differences of the loss with
respect to the STUDENT LOGITS (h = 1e-6), an independent check of the analytic gradient mapped through the
log-softmax Jacobian (g_z = G - p * sum(G)).
GKD follows TRL GKDTrainer.generalized_jsd_loss (reduction batchmean, labels -100 masked); the logits are those of
/work/shared/reference/frontier-methods-vectors.py item 4 (its loss values are quoted in frontier-methods.md section 11).
"""
import math

import numpy as np

np.set_printoptions(precision=12, linewidth=160)

S = np.array([[[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]], [[-0.5, 1.0, 0.0], [1.0, 1.0, 1.0]]])
T = np.array([[[1.0, 1.0, -2.0], [0.0, 1.5, 0.3]], [[0.5, 0.5, 0.5], [3.0, 0.0, 0.0]]])
valid = np.array([[True, True], [True, False]])  # labels [[1, 2], [0, -100]]


def log_softmax(z):
    m = z.max(axis=-1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=-1, keepdims=True))


def gjsd(S, T, beta, temperature=1.0):
    ls = log_softmax(S / temperature)
    lt = log_softmax(T / temperature)
    if beta == 0:
        j = np.exp(lt) * (lt - ls)
    elif beta == 1:
        j = np.exp(ls) * (ls - lt)
    else:
        mix = np.logaddexp(ls + math.log1p(-beta), lt + math.log(beta))
        j = beta * np.exp(lt) * (lt - mix) + (1 - beta) * np.exp(ls) * (ls - mix)
    j = j[valid]
    return j.sum() / valid.sum()


def fd(f, S, h=1e-6):
    g = np.zeros_like(S)
    it = np.nditer(S, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        P = S.copy(); P[i] += h
        M = S.copy(); M[i] -= h
        g[i] = (f(P) - f(M)) / (2 * h)
    return g


for beta, temp in [(0.0, 1.0), (0.1, 1.0), (0.5, 1.0), (0.9, 1.0), (1.0, 1.0), (0.5, 2.0)]:
    f = lambda X: gjsd(X, T, beta, temp)
    print(f"gkd beta={beta} T={temp}: loss={f(S):.12f}")
    g = fd(f, S)
    print("  d loss / d student logits (seq0 rows 0-1, seq1 row 0):", np.round(g[valid], 10).tolist())


# top-k reverse KL with a tail bucket: teacher lists its k most likely tokens
def topk_rkl(S, T, k):
    ls = log_softmax(S)
    lt = log_softmax(T)
    total = 0.0
    for (b, t) in zip(*np.nonzero(valid)):
        order = sorted(range(ls.shape[-1]), key=lambda v: (-lt[b, t, v], v))[:k]
        ps = np.exp(ls[b, t, order]); pt = np.exp(lt[b, t, order])
        d = (ps * (ls[b, t, order] - lt[b, t, order])).sum()
        rs = max(1 - ps.sum(), 1e-12); rt = max(1 - pt.sum(), 1e-12)
        d += rs * (math.log(rs) - math.log(rt))
        total += d
    return total / valid.sum()


for k in [1, 2, 3]:
    f = lambda X: topk_rkl(X, T, k)
    print(f"topk reverse kl k={k}: loss={f(S):.12f}")
    g = fd(f, S)
    print("  d loss / d student logits:", np.round(g[valid], 10).tolist())
