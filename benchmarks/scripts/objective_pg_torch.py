#!/usr/bin/python3
"""PyTorch CPU peer of PolicyGradientLossBenchmark: the same GRPO / GSPO / PPO losses, forward + backward through
autograd with respect to the per-token policy log-probs (and the values for PPO), on a padded batch of
64 sequences x 512 tokens in float64 (align4j computes in double), one thread.

The formulas are TRL's (GRPOTrainer._compute_loss, PPOTrainer), written here from trl-objectives.md sections 8 and 10.
Prints the median CPU time per step (time.process_time) and the median wall time, in microseconds.

Run: /usr/bin/python3 benchmarks/scripts/objective_pg_torch.py [sequences] [tokens] [threads]
"""
import statistics
import sys
import time

import torch

B = int(sys.argv[1]) if len(sys.argv) > 1 else 64
T = int(sys.argv[2]) if len(sys.argv) > 2 else 512
threads = int(sys.argv[3]) if len(sys.argv) > 3 else 1
torch.set_num_threads(threads)
dtype = torch.float64
g = torch.Generator().manual_seed(7)
logp0 = -6 * torch.rand(B, T, generator=g, dtype=dtype)
old = torch.clamp(logp0 + 0.3 * (torch.rand(B, T, generator=g, dtype=dtype) - 0.5), max=0)
ref = torch.clamp(logp0 + 0.6 * (torch.rand(B, T, generator=g, dtype=dtype) - 0.5), max=0)
values0 = torch.randn(B, T, generator=g, dtype=dtype)
returns = torch.randn(B, T, generator=g, dtype=dtype)
adv = torch.randn(B, 1, generator=g, dtype=dtype)
mask = torch.ones(B, T, dtype=dtype)
eps_low, eps_high = 0.2, 0.2


def clipped(coef, a, lo, hi):
    return -torch.min(coef * a, torch.clamp(coef, 1 - lo, 1 + hi) * a)


def dapo(logp):
    coef = torch.exp(logp - old)
    ptl = clipped(coef, adv, eps_low, eps_high)
    return (ptl * mask).sum() / mask.sum().clamp(min=1.0)


def grpo_kl(logp):
    coef = torch.exp(logp - old)
    ptl = clipped(coef, adv, eps_low, eps_high)
    k3 = torch.exp(ref - logp) - (ref - logp) - 1
    ptl = ptl + 0.04 * k3
    return ((ptl * mask).sum(-1) / mask.sum(-1).clamp(min=1.0)).mean()


def gspo(logp):
    log_ratio = ((logp - old) * mask).sum(-1, keepdim=True) / mask.sum(-1, keepdim=True).clamp(min=1.0)
    coef = torch.exp(log_ratio)
    ptl = clipped(coef, adv, 3e-4, 4e-4).expand(B, T)
    return ((ptl * mask).sum(-1) / mask.sum(-1).clamp(min=1.0)).mean()


def ppo(logp, values):
    ratio = torch.exp(logp - old)
    pg = torch.max(-adv * ratio, -adv * torch.clamp(ratio, 0.8, 1.2))
    pg = (pg * mask).sum() / mask.sum()
    vclip = torch.clamp(values, values0 - 0.2, values0 + 0.2)
    vf = 0.5 * ((torch.max((values - returns) ** 2, (vclip - returns) ** 2) * mask).sum() / mask.sum())
    return pg + 0.1 * vf


def step(name):
    logp = logp0.clone().requires_grad_(True)
    if name == "ppo":
        values = values0.clone().requires_grad_(True)
        loss = ppo(logp, values)
        loss.backward()
        return logp.grad, values.grad
    loss = {"dapo": dapo, "grpoWithKl": grpo_kl, "gspo": gspo}[name](logp)
    loss.backward()
    return logp.grad


def measure(name, reps=15, inner=20):
    for _ in range(50):
        step(name)
    cpu, wall = [], []
    for _ in range(reps):
        c0, w0 = time.process_time(), time.perf_counter()
        for _ in range(inner):
            step(name)
        cpu.append((time.process_time() - c0) / inner * 1e6)
        wall.append((time.perf_counter() - w0) / inner * 1e6)
    return statistics.median(cpu), statistics.median(wall)


print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, float64, {B} x {T} tokens")
for name in ["dapo", "grpoWithKl", "gspo", "ppo"]:
    c, w = measure(name)
    print(f"{name:12s} median CPU {c:9.1f} us/op   median wall {w:9.1f} us/op   ({B * T / c:6.1f} M tokens/s CPU)")
