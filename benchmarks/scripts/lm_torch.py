#!/usr/bin/python3
"""PyTorch CPU peer of LmTrainingBenchmark: the same transformer, the same training step, tokens/s.

Architecture (identical to align4j's TransformerLanguageModel): byte vocabulary (259 ids), width 128, 2 pre-norm
GPT-2 blocks with 4 heads, fused bias-free QKV, bias-free output / feed-forward projections (4x width), tanh GELU,
LayerNorm eps 1e-5 with gain and bias, learned positions, untied bias-free output head. One step = zero_grad,
forward, cross-entropy over the next tokens, backward, clip_grad_norm_(1.0), AdamW(lr=1e-4, wd=0.01).
Batch 16 x 64 tokens, single thread (torch.set_num_threads(1)).

Run: /usr/bin/python3 benchmarks/scripts/lm_torch.py [--threads 1] [--steps 30] [--repeats 5]
(install torch with benchmarks/scripts/install-torch.sh). Prints the median time per step and tokens/s over repeats.
"""
import argparse
import math
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, heads, ffn):
        super().__init__()
        self.heads = heads
        self.ln1 = nn.LayerNorm(d, eps=1e-5)
        self.qkv = nn.Linear(d, 3 * d, bias=False)
        self.proj = nn.Linear(d, d, bias=False)
        self.ln2 = nn.LayerNorm(d, eps=1e-5)
        self.fc1 = nn.Linear(d, ffn, bias=False)
        self.fc2 = nn.Linear(ffn, d, bias=False)

    def forward(self, x, mask):
        b, t, d = x.shape
        hd = d // self.heads
        q, k, v = self.qkv(self.ln1(x)).split(d, dim=2)
        q = q.view(b, t, self.heads, hd).transpose(1, 2)
        k = k.view(b, t, self.heads, hd).transpose(1, 2)
        v = v.view(b, t, self.heads, hd).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hd))
        att = att.masked_fill(mask[:t, :t] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(b, t, d)
        x = x + self.proj(y)
        x = x + self.fc2(F.gelu(self.fc1(self.ln2(x)), approximate="tanh"))
        return x


class Lm(nn.Module):
    def __init__(self, vocab=259, d=128, layers=2, heads=4, context=64):
        super().__init__()
        self.tok = nn.Embedding(vocab, d)
        self.pos = nn.Embedding(context, d)
        self.blocks = nn.ModuleList([Block(d, heads, 4 * d) for _ in range(layers)])
        self.lnf = nn.LayerNorm(d, eps=1e-5)
        self.head = nn.Linear(d, vocab, bias=False)
        self.register_buffer("mask", torch.tril(torch.ones(context, context)))

    def forward(self, idx):
        t = idx.shape[1]
        x = self.tok(idx) + self.pos(torch.arange(t))
        for blk in self.blocks:
            x = blk(x, self.mask)
        return self.head(self.lnf(x))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=30)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--context", type=int, default=64)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = Lm(context=args.context)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4, weight_decay=0.01)
    data = torch.randint(32, 127, (args.batch, args.context + 1))
    x, y = data[:, :-1], data[:, 1:]
    params = sum(p.numel() for p in model.parameters())

    def step():
        opt.zero_grad(set_to_none=False)
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        return loss

    for _ in range(10):
        step()
    times = []
    for _ in range(args.repeats):
        t0 = time.process_time()  # CPU time of this process: robust to other load on a shared machine
        w0 = time.perf_counter()
        for _ in range(args.steps):
            step()
        times.append(((time.process_time() - t0) / args.steps, (time.perf_counter() - w0) / args.steps))
    cpu = statistics.median(t[0] for t in times)
    wall = statistics.median(t[1] for t in times)
    tokens = args.batch * args.context
    print(f"torch {torch.__version__} threads={args.threads} params={params} batch={args.batch} context={args.context}")
    print(f"cpu  {cpu * 1e3:.2f} ms/step  {tokens / cpu:.0f} tokens/s")
    print(f"wall {wall * 1e3:.2f} ms/step  {tokens / wall:.0f} tokens/s")


if __name__ == "__main__":
    main()
