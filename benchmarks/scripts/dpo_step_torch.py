#!/usr/bin/python3
"""PyTorch CPU peer of AlignmentStepThroughput's DPO step: a TRL-style DPO training step on the same transformer.

Model: lm_torch.py's Lm (imported, so both peers share one definition), the architecture of align4j's
TransformerLanguageModel at the benchmark configuration: byte vocabulary (259 ids), width 128, 2 pre-norm GPT-2 blocks
with 4 heads, context 64, fused bias-free QKV, tanh GELU, learned positions, untied head.

One step, as TRL's DPOTrainer with precompute_ref_log_probs=False and its defaults (loss_type "sigmoid", beta 0.1,
label_smoothing 0, learning_rate 1e-6, max_grad_norm 1.0, AdamW betas (0.9, 0.999), eps 1e-8; weight decay 0.01 on
weight matrices and embeddings, none on LayerNorm, as align4j's model and the Hugging Face Trainer's decay groups):
  1. policy forward on chosen and rejected concatenated into one batch of 2 x 16 sequences (TRL's
     concatenated_forward), logits[:, :-1] against the next tokens, per-token log-probs of the completion tokens
     (log_softmax + gather), summed per sequence;
  2. the reference model (a frozen copy of the initial policy) on the same batch under torch.no_grad();
  3. sigmoid DPO loss: -logsigmoid(beta * ((pi_c - ref_c) - (pi_r - ref_r))).mean();
  4. backward, clip_grad_norm_(1.0), AdamW step, zero_grad.
Every sequence is [BOS] p [SEP] + 61 random printable bytes = 64 tokens, as on the Java side; every step gets a new
batch (drawn before timing). Tokens/s counts the policy's sequence tokens, 2 x 16 x 64 = 2,048 per step, the Java
harness's definition; the reference forward is timed but not counted.

Run: benchmarks/scripts/dpo_step_torch.sh [--steps 8] [--repeats 7] [--warmup 12] (OpenBLAS, one thread), or
/usr/bin/python3 benchmarks/scripts/dpo_step_torch.py [--threads 1] ... with the system BLAS. Prints the medians over
repeats of CPU time of the process (time.process_time) and wall time per step, tokens/s, and a RESULT line for
dpo_step_compare.sh.
"""
import argparse
import copy
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lm_torch import Lm  # noqa: E402  (the shared model definition)

VOCAB, BOS, SEP = 259, 256, 257  # byte tokens 0..255, then BOS, separator, EOS (align4j's ByteTokenizer)
PROMPT_TOKENS = 3  # BOS, one prompt byte, separator


def batch(generator, pairs, context):
    """Chosen and rejected sequences, [2 * pairs, context]: chosen rows first, as TRL's concatenated_inputs."""
    completion = context - PROMPT_TOKENS
    prompt = torch.randint(ord("a"), ord("z") + 1, (pairs, 1), generator=generator)
    head = torch.cat([torch.full((pairs, 1), BOS), prompt, torch.full((pairs, 1), SEP)], dim=1)
    chosen = torch.cat([head, torch.randint(33, 127, (pairs, completion), generator=generator)], dim=1)
    rejected = torch.cat([head, torch.randint(33, 127, (pairs, completion), generator=generator)], dim=1)
    return torch.cat([chosen, rejected], dim=0)


def sequence_logps(model, ids, completion_mask):
    """Summed log-probs of the completion tokens: TRL's concatenated_forward / get_batch_logps."""
    logits = model(ids)[:, :-1, :]
    labels = ids[:, 1:]
    per_token = torch.gather(logits.log_softmax(-1), 2, labels.unsqueeze(2)).squeeze(2)
    return (per_token * completion_mask).sum(-1)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--pairs", type=int, default=16)
    ap.add_argument("--context", type=int, default=64)
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--warmup", type=int, default=12)
    ap.add_argument("--beta", type=float, default=0.1)
    ap.add_argument("--lr", type=float, default=1e-6)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)

    policy = Lm(vocab=VOCAB, context=args.context)
    reference = copy.deepcopy(policy).eval().requires_grad_(False)
    decay = [p for n, p in policy.named_parameters() if p.dim() >= 2]  # weight matrices and embeddings
    no_decay = [p for n, p in policy.named_parameters() if p.dim() < 2]  # LayerNorm gains and biases
    opt = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    params = sum(p.numel() for p in policy.parameters())

    mask = torch.zeros(2 * args.pairs, args.context - 1)
    mask[:, PROMPT_TOKENS - 1:] = 1.0  # labels at positions >= 2 are the completion's tokens
    n = args.pairs

    def step(ids):
        pi = sequence_logps(policy, ids, mask)
        with torch.no_grad():
            ref = sequence_logps(reference, ids, mask)
        logits = args.beta * ((pi[:n] - ref[:n]) - (pi[n:] - ref[n:]))
        loss = -F.logsigmoid(logits).mean()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(policy.parameters(), 1.0)
        opt.step()
        opt.zero_grad(set_to_none=True)
        return loss

    generator = torch.Generator().manual_seed(1)
    data = [batch(generator, n, args.context) for _ in range(args.warmup + args.repeats * args.steps)]
    at = 0
    for _ in range(args.warmup):
        step(data[at])
        at += 1
    times = []
    for _ in range(args.repeats):
        c0 = time.process_time()  # CPU time of the whole process
        w0 = time.perf_counter()
        for _ in range(args.steps):
            step(data[at])
            at += 1
        times.append(((time.process_time() - c0) / args.steps, (time.perf_counter() - w0) / args.steps))
    cpu = statistics.median(t[0] for t in times)
    wall = statistics.median(t[1] for t in times)
    tokens = 2 * n * args.context
    cpu_tps = statistics.median(tokens / t[0] for t in times)
    wall_tps = statistics.median(tokens / t[1] for t in times)
    print(f"torch {torch.__version__} threads={args.threads} params={params} pairs={n} context={args.context} "
          f"BLAS={os.environ.get('LD_LIBRARY_PATH') or 'system'}")
    print(f"warm-up {args.warmup} steps, then {args.repeats} repeats of {args.steps} steps; medians; "
          f"tokens = policy sequence tokens, {tokens} per step")
    print(f"cpu  {cpu * 1e3:.2f} ms/step  {cpu_tps:.0f} tokens/s")
    print(f"wall {wall * 1e3:.2f} ms/step  {wall_tps:.0f} tokens/s")
    print(f"RESULT workload=torch-dpo threads={args.threads} tokens_per_step={tokens} cpu_tokens_per_s={cpu_tps:.0f} "
          f"wall_tokens_per_s={wall_tps:.0f}")


if __name__ == "__main__":
    main()
