#!/usr/bin/python3
"""PyTorch CPU peer of KtoLossBenchmark and ListwiseLossBenchmark: KTO (TRL's KTOTrainer loss, loss_type "kto") on
1,000,000 unpaired examples with z0 from 1,000,000 mismatched KL pairs, and Plackett-Luce DPO (dpo_pl) on
1,000,000 candidates in rankings of k = 2, 4, 8; forward + backward through autograd with respect to the policy
log-probs, float64 (align4j computes in double), one thread by default. Inputs are drawn like the JMH benchmarks'
(same distributions, not the same numbers).

The formulas are written here from trl-objectives.md section 2 (KTO) and the DPO paper's Plackett-Luce objective:
KTO splits the batch by label as TRL does; dpo_pl uses suffix log-sum-exps (logcumsumexp of the reversed rows).
Prints the median and minimum wall time per step (time.perf_counter) and the median CPU time, in milliseconds.

Run: /usr/bin/python3 benchmarks/scripts/objective_unpaired_listwise_torch.py [n] [threads] [reps]
"""
import statistics
import sys
import time

import torch

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
reps = int(sys.argv[3]) if len(sys.argv) > 3 else 15
torch.set_num_threads(threads)
dtype = torch.float64
g = torch.Generator().manual_seed(42)
beta = 0.1


def inputs(spread):
    ref = -50 * torch.rand(n, generator=g, dtype=dtype) - 1
    pol = torch.clamp(ref + spread * (torch.rand(n, generator=g, dtype=dtype) - 0.5), max=0)
    return pol, ref


pol0, ref = inputs(4)
labels = torch.rand(n, generator=g) < 0.5
kl_ref = -50 * torch.rand(n, generator=g, dtype=dtype) - 1
kl_pol = torch.clamp(kl_ref + 2 * (torch.rand(n, generator=g, dtype=dtype) - 0.4), max=0)


def kto_step():
    pol = pol0.clone().requires_grad_(True)
    z0 = (kl_pol - kl_ref).mean().clamp(min=0).detach()
    ratio = pol - ref
    chosen = 1 - torch.sigmoid(beta * (ratio[labels] - z0))
    rejected = 1 - torch.sigmoid(beta * (z0 - ratio[~labels]))
    loss = torch.cat((1.0 * chosen, 1.0 * rejected)).mean()
    loss.backward()
    return pol.grad


def dpo_pl_step(k):
    m = n // k * k
    pol = pol0[:m].clone().requires_grad_(True)
    s = (beta * (pol - ref[:m])).view(-1, k)
    suffix = torch.logcumsumexp(s.flip(1), dim=1).flip(1)
    loss = (suffix - s).sum(1).mean()
    loss.backward()
    return pol.grad


def measure(name, step):
    for _ in range(3):
        step()
    wall, cpu = [], []
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        step()
        wall.append(1e3 * (time.perf_counter() - t0))
        cpu.append(1e3 * (time.process_time() - c0))
    print(f"{name:16s} median {statistics.median(wall):8.2f} ms  min {min(wall):8.2f} ms  "
          f"cpu median {statistics.median(cpu):8.2f} ms  ({n} items, {threads} thread(s), torch {torch.__version__})")


measure("kto", kto_step)
for k in (2, 4, 8):
    measure(f"dpo_pl k={k}", lambda k=k: dpo_pl_step(k))
