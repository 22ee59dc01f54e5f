#!/usr/bin/python3
"""PyTorch CPU peer of MultiTurnGrpoCpuTime: the masked GRPO loss (TRL's default loss_type "dapo", epsilon 0.2) on
multi-turn trajectories, forward + backward through autograd with respect to the per-token policy log-probs, float64,
one thread, on exactly the inputs the Java harness wrote (little-endian float64 files logp, old, adv, mask of
B x T values; mask = 1 on the policy's tokens, 0 on tool results).

    loss = sum(mask * -min(r * A, clamp(r, 1 - eps, 1 + eps) * A)) / sum(mask),   r = exp(logp - old)

(TRL GRPOTrainer._compute_loss with completion_mask * tool_mask). Prints the loss (it must equal align4j's) and the
median CPU time per step (time.process_time, 15 rounds of 20 after warm-up), in microseconds. Exits with status 3
when torch is not installed.

Run: /usr/bin/python3 benchmarks/scripts/multiturn_grpo_torch.py <dir> [sequences] [tokens] [threads]
"""
import os
import statistics
import sys
import time

try:
    import torch
except ImportError:
    print("torch is not installed")
    sys.exit(3)
import numpy as np

d = sys.argv[1]
B = int(sys.argv[2]) if len(sys.argv) > 2 else 64
T = int(sys.argv[3]) if len(sys.argv) > 3 else 1024
torch.set_num_threads(int(sys.argv[4]) if len(sys.argv) > 4 else 1)


def load(name):
    a = np.fromfile(os.path.join(d, name + ".f64"), dtype="<f8").reshape(B, T)
    return torch.from_numpy(a.copy())


logp0, old, adv, mask = load("logp"), load("old"), load("adv"), load("mask")
eps = 0.2


def step():
    logp = logp0.clone().requires_grad_(True)
    coef = torch.exp(logp - old)
    ptl = -torch.min(coef * adv, torch.clamp(coef, 1 - eps, 1 + eps) * adv)
    loss = (ptl * mask).sum() / mask.sum().clamp(min=1.0)
    loss.backward()
    return loss.item(), logp.grad


for _ in range(50):
    step()
rounds = []
for _ in range(15):
    t0 = time.process_time()
    for _ in range(20):
        step()
    rounds.append((time.process_time() - t0) / 20 * 1e6)
med = statistics.median(rounds)
print("pytorch  loss=%.17g  median CPU %9.1f us/op  (%6.1f M tokens/s), torch %s, %d thread(s)"
      % (step()[0], med, B * T / med, torch.__version__, torch.get_num_threads()))
