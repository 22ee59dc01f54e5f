#!/usr/bin/env python3
"""PyTorch CPU peer of align4j's PairwiseLossBenchmark: sigmoid DPO (beta=0.1) on n pairs, forward + backward
through autograd, giving the per-pair losses, the mean loss and the gradients w.r.t. the policy's chosen and rejected
log-probabilities -- the same outputs as align4j's PairwiseObjective.evaluateInto.

Same dtype as align4j (float64 unless --dtype float32), same thread count (--threads, default 1 = one JMH thread).
Inputs are drawn like the Java benchmark's (summed log-probs of 1..300 tokens, policy within +-2 nats of the reference).
Prints one line per measurement and a summary line "torch <dtype> threads=<t> median_ms=<ms> pairs_per_s=<x>".

Run: /usr/bin/python3 benchmarks/scripts/objective_torch_peer.py [--n 1000000] [--threads 1] [--reps 30]
(Debian's python3-torch: benchmarks/scripts/install-torch.sh).
"""
import argparse
import statistics
import time

import torch
import torch.nn.functional as F


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--dtype", choices=["float64", "float32"], default="float64")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    dtype = getattr(torch, args.dtype)
    g = torch.Generator().manual_seed(42)
    n = args.n
    lc = torch.randint(1, 301, (n,), generator=g).to(dtype)
    lr = torch.randint(1, 301, (n,), generator=g).to(dtype)
    c0 = -lc * (0.2 + torch.rand(n, generator=g, dtype=dtype))
    r0 = -lr * (0.2 + torch.rand(n, generator=g, dtype=dtype))
    c = torch.clamp(c0 + 4 * (torch.rand(n, generator=g, dtype=dtype) - 0.5), max=-1e-3).requires_grad_()
    r = torch.clamp(r0 + 4 * (torch.rand(n, generator=g, dtype=dtype) - 0.5), max=-1e-3).requires_grad_()
    beta = 0.1

    def step():
        c.grad = None
        r.grad = None
        losses = -F.logsigmoid(beta * ((c - c0) - (r - r0)))
        loss = losses.mean()
        loss.backward()
        return loss.item()

    for _ in range(args.warmup):
        step()
    times = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        step()
        times.append(time.perf_counter() - t0)
    med = statistics.median(times)
    print(f"torch {torch.__version__} {args.dtype} threads={args.threads} n={n} median_ms={med * 1e3:.3f} "
          f"pairs_per_s={n / med:.4g}")


if __name__ == "__main__":
    main()
