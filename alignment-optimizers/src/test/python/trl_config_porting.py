#!/usr/bin/env python3
"""Reference values for TrlConfigPortingTest: TRL CPOTrainer/ORPOTrainer/DPOTrainer semantics, written from the
formulas of trl/experimental/cpo/cpo_trainer.py (cpo_loss, concatenated_forward, get_batch_loss_metrics),
trl/experimental/cpo/cpo_config.py (CPOConfig defaults, __post_init__), trl/experimental/orpo/orpo_trainer.py
(odds_ratio_loss, get_batch_loss_metrics) and trl/trainer/dpo_trainer.py (multi-loss, rewards metrics).
numpy only; run: python3 trl_config_porting.py
"""
import numpy as np


def logsig(x):
    return -np.logaddexp(0.0, -np.asarray(x, dtype=np.float64))


def show(name, v):
    v = np.atleast_1d(np.asarray(v, dtype=np.float64))
    print(f"{name:<34s}", ", ".join(repr(float(x)) for x in v))


# Reference-free batch with unequal lengths: summed and length-averaged log-probs order the pairs differently.
c = np.array([-8.0, -11.0, -6.0])   # summed policy log-probs, chosen
r = np.array([-10.0, -10.0, -3.0])  # rejected
lw = np.array([16, 10, 6])          # completion tokens
ll = np.array([10, 10, 2])
cm, rm = c / lw, r / ll             # CPOTrainer average_log_prob=True for ipo/simpo; ORPO always
nll = -c.sum() / lw.sum()           # nn.CrossEntropyLoss over the chosen completion tokens (token mean)
beta, gamma = 2.0, 0.5

# SimPO (CPOTrainer loss_type="simpo", alpha=0): logits = c̄ − r̄ − γ/β; −logσ(β·logits)
simpo = -logsig(beta * (cm - rm - gamma / beta))
show("simpo per-pair", simpo)
show("simpo mean", simpo.mean())
show("nll", nll)
show("simpo + 1.0*nll (cpo_alpha=1)", simpo.mean() + 1.0 * nll)
# rewards: beta * policy logps as the trainer computes them (averaged for simpo)
show("simpo rewards/chosen", beta * cm.mean())
show("simpo rewards/rejected", beta * rm.mean())
show("simpo rewards/margins", beta * (cm - rm).mean())
show("simpo rewards/accuracies", np.mean(beta * cm > beta * rm))
show("simpo logps/chosen", cm.mean())
show("simpo logps/rejected", rm.mean())
show("summed accuracies (not TRL's)", np.mean(c > r))

# AlphaPO: R = (1 − p^(−α))/α with p = exp(c̄)
alpha = 0.25
Rw = (1 - np.exp(cm) ** (-alpha)) / alpha
Rl = (1 - np.exp(rm) ** (-alpha)) / alpha
alphapo = -logsig(beta * (Rw - Rl - gamma / beta))
show("alphapo(0.25) mean", alphapo.mean())
show("alphapo(0.25) + nll", alphapo.mean() + nll)
show("alphapo rewards/chosen", beta * Rw.mean())
show("alphapo rewards/rejected", beta * Rl.mean())
show("alphapo rewards/accuracies", np.mean(Rw > Rl))

# CPO sigmoid (summed), beta 2: −logσ(β(c − r)) + nll; rewards β·summed
cpo = -logsig(beta * (c - r))
show("cpo mean", cpo.mean())
show("cpo + nll", cpo.mean() + nll)
show("cpo rewards/chosen", beta * c.mean())
show("cpo rewards/rejected", beta * r.mean())
show("cpo rewards/accuracies", np.mean(c > r))
show("cpo logps/chosen", c.mean())
show("cpo logps/rejected", r.mean())
# simpo,cpo: each CPO-family type adds its own cpo_alpha·NLL
show("simpo,cpo total", simpo.mean() + cpo.mean() + 2 * nll)

# CPO ipo (averaged): (c̄ − r̄ − 1/(2β))²
cpo_ipo = (cm - rm - 1 / (2 * beta)) ** 2
show("cpo_ipo + nll", cpo_ipo.mean() + nll)
show("cpo_ipo rewards/chosen", beta * cm.mean())

# ORPO, beta 0.25: log odds on averaged logps; rewards β·c̄
b_orpo = 0.25
log_odds = (cm - rm) - (np.log1p(-np.exp(cm)) - np.log1p(-np.exp(rm)))
orpo = nll - b_orpo * logsig(log_odds).mean()
show("orpo total", orpo)
show("orpo rewards/chosen", b_orpo * cm.mean())
show("orpo rewards/rejected", b_orpo * rm.mean())
show("orpo rewards/accuracies", np.mean(cm > rm))
show("orpo logps/rejected", rm.mean())

# DPOTrainer TV1 (trl-objectives.md §16): rewards from raw log-ratios, independent of the loss types listed
pc = np.array([-10.0, -20.0, -15.0]); pr = np.array([-12.0, -19.0, -18.0])
rc = np.array([-11.0, -21.0, -15.5]); rr = np.array([-11.5, -20.0, -17.0])
show("TV1 rewards/chosen", 0.1 * (pc - rc).mean())
show("TV1 rewards/rejected", 0.1 * (pr - rr).mean())
show("TV1 rewards/accuracies", np.mean(pc - rc > pr - rr))
