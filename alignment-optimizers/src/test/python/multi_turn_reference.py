#!/usr/bin/env python3
"""Independent reference values for multi-turn credit assignment and the masked GRPO loss on trajectories.

Hand-built group of G = 4 episodes (roles per token: A = the policy's own token, T = tool output):

    e0: A A | T T | A      turn reward 1 (right tool call), outcome 1 (right answer)
    e1: A | T T T | A A    turn reward 0,                   outcome 1
    e2: A A A | T | A      turn reward 1,                   outcome 0
    e3: A A                no tool call: one policy turn that ends the episode, outcome 0

MT-GRPO (Zeng et al. 2025, authors' MTGRPOEnvTrainer): A^X = (R^X - mean R^X) / (std_unbiased R^X + 1e-4) for
X in {turn, outcome, combined = turn + outcome}; tokens before the first tool result get A^O + c * A^T, tokens after
it get A^O, an episode without a tool result gets A^C; c = 1.0. Trajectory-level baselines on the return R = R^T + R^O:
GRPO (same normalisation), RLOO (R_i - mean of the others).

Loss: TRL's GRPO per-token surrogate -min(r A, clip(r, 1-eps, 1+eps) A), r = exp(logp - old), eps = 0.2, masked by
the policy mask; 'dapo' = masked token sum / masked token count, 'grpo' = mean over episodes of masked token means.
Gradients: central differences (h = 1e-6) of these losses with respect to every token's logp, and the analytic
derivative, printed side by side.

Run: python3 alignment-optimizers/src/test/python/multi_turn_reference.py   (numpy only)
"""
import numpy as np

roles = [list("AATTA"), list("ATTTAA"), list("AAATA"), list("AA")]
turn = np.array([1.0, 0.0, 1.0, 0.0])
outcome = np.array([1.0, 1.0, 0.0, 0.0])
c = 1.0
eps_norm = 1e-4


def norm(x):
    return (x - x.mean()) / (x.std(ddof=1) + eps_norm)


a_t, a_o, a_c = norm(turn), norm(outcome), norm(turn + outcome)
adv = []
for i, r in enumerate(roles):
    split = r.index("T") if "T" in r else -1
    row = []
    for k, role in enumerate(r):
        if role != "A":
            row.append(0.0)
        elif split < 0:
            row.append(a_c[i])
        elif k < split:
            row.append(a_o[i] + c * a_t[i])
        else:
            row.append(a_o[i])
    adv.append(row)
mask = [[1.0 if x == "A" else 0.0 for x in r] for r in roles]

ret = turn + outcome
grpo_traj = norm(ret)
rloo_traj = np.array([ret[i] - (ret.sum() - ret[i]) / 3 for i in range(4)])

logp = [[-0.5, -1.2, -2.0, -0.1, -0.7], [-0.3, -1.0, -0.2, -3.0, -0.9, -0.4],
        [-1.5, -0.2, -0.8, -0.6, -1.1], [-0.25, -2.5]]
old = [[-0.7, -1.0, -2.0, -0.1, -0.4], [-0.3, -1.0, -0.2, -3.0, -1.3, -0.1],
       [-1.2, -0.5, -0.8, -0.6, -1.0], [-0.5, -2.4]]
eps = 0.2


def per_token(lp, o, a):
    r = np.exp(lp - o)
    return -np.minimum(r * a, np.clip(r, 1 - eps, 1 + eps) * a)


def loss(flat_lp, kind):
    at, tot_num, tot_den, seq_means = 0, 0.0, 0.0, []
    for i in range(4):
        n = len(roles[i])
        lp = flat_lp[at:at + n]
        m = np.array(mask[i])
        l = per_token(lp, np.array(old[i]), np.array(adv[i]))
        tot_num += (l * m).sum()
        tot_den += m.sum()
        seq_means.append((l * m).sum() / max(m.sum(), 1.0))
        at += n
    return tot_num / tot_den if kind == "dapo" else float(np.mean(seq_means))


flat = np.array(sum(logp, []))
print("advantages (MT-GRPO, c=1):")
for row in adv:
    print("  ", ", ".join(repr(float(x)) for x in row))
print("A^T", list(map(float, a_t)), "\nA^O", list(map(float, a_o)), "\nA^C", list(map(float, a_c)))
print("trajectory GRPO", list(map(float, grpo_traj)))
print("trajectory RLOO", list(map(float, rloo_traj)))
for kind in ("dapo", "grpo"):
    h = 1e-6
    g = []
    for t in range(len(flat)):
        up, dn = flat.copy(), flat.copy()
        up[t] += h
        dn[t] -= h
        g.append((loss(up, kind) - loss(dn, kind)) / (2 * h))
    # analytic: d/dlp of -min(rA, clip(r)A) is -rA where the unclipped term is the minimum, else 0 (the clipped
    # term is constant); times the aggregation weight (1 / all policy tokens, or 1 / (G * the episode's tokens))
    an, at = [], 0
    total = sum(sum(m) for m in mask)
    for i in range(4):
        for k in range(len(roles[i])):
            lp, o, a, m = flat[at + k], old[i][k], adv[i][k], mask[i][k]
            r = np.exp(lp - o)
            d = -r * a if r * a <= np.clip(r, 1 - eps, 1 + eps) * a else 0.0
            w = 1.0 / total if kind == "dapo" else 1.0 / (4 * sum(mask[i]))
            an.append(m * w * d)
        at += len(roles[i])
    assert np.allclose(an, g, atol=1e-8), (an, g)
    print(kind, "loss", repr(float(loss(flat, kind))))
    print(kind, "grad", ", ".join(repr(float(x)) for x in an))
