#!/usr/bin/python3
"""PyTorch CPU peer of BradleyTerryTrainingComparison: the same pairs (read from the file the Java side wrote), a
linear reward head, -logsigmoid(r_a - r_b) on the label, AdamW(lr=0.01, other PyTorch defaults), the same epochs and
batch size, features as dense float32 tensors (sparse matmul is slower in PyTorch at this density). Prints the median
training wall time of three runs and the validation loss, like the Java side.

Usage: /usr/bin/python3 rewards_bt_torch.py <data file> [epochs=3] [batch=64] [threads=1]
"""
import statistics
import struct
import sys
import time

import numpy as np
import torch


def load(path):
    with open(path, "rb") as f:
        buf = f.read()
    train, valid, dim = struct.unpack_from("<iii", buf, 0)
    n = train + valid
    xa = np.zeros((n, dim), dtype=np.float32)
    xb = np.zeros((n, dim), dtype=np.float32)
    y = np.zeros(n, dtype=np.float32)
    off = 12
    for i in range(n):
        for x in (xa, xb):
            (k,) = struct.unpack_from("<i", buf, off)
            off += 4
            idx = np.frombuffer(buf, dtype="<i4", count=k, offset=off)
            off += 4 * k
            val = np.frombuffer(buf, dtype="<f4", count=k, offset=off)
            off += 4 * k
            x[i, idx] = val
        (y[i],) = struct.unpack_from("<f", buf, off)
        off += 4
    return train, dim, torch.from_numpy(xa), torch.from_numpy(xb), torch.from_numpy(y)


def train_once(xa, xb, y, dim, epochs, batch, seed):
    torch.manual_seed(seed)
    model = torch.nn.Linear(dim, 1)
    torch.nn.init.zeros_(model.weight)
    torch.nn.init.zeros_(model.bias)
    opt = torch.optim.AdamW(model.parameters(), lr=0.01)
    n = xa.shape[0]
    t0 = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(n)
        for s in range(0, n, batch):
            idx = perm[s:s + batch]
            ra = model(xa[idx]).squeeze(1)
            rb = model(xb[idx]).squeeze(1)
            z = ra - rb
            yy = y[idx]
            loss = -(yy * torch.nn.functional.logsigmoid(z) + (1 - yy) * torch.nn.functional.logsigmoid(-z)).mean()
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
    return time.perf_counter() - t0, model


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/align4j-bt-pairs.bin"
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    batch = int(sys.argv[3]) if len(sys.argv) > 3 else 64
    threads = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    torch.set_num_threads(threads)
    train, dim, xa, xb, y = load(path)
    times = []
    for rep in range(3):
        t, model = train_once(xa[:train], xb[:train], y[:train], dim, epochs, batch, rep)
        times.append(t)
    with torch.no_grad():
        z = (model(xa[train:]) - model(xb[train:])).squeeze(1)
        yy = y[train:]
        vloss = -(yy * torch.nn.functional.logsigmoid(z) + (1 - yy) * torch.nn.functional.logsigmoid(-z)).mean()
        acc = ((z > 0).float() * (yy > 0.5).float() + (z < 0).float() * (yy < 0.5).float()).mean()
    print("torch %s (%d thread(s)): epochs %d, batch %d, train time median %.3f s (runs %s), validation loss %.4f,"
          " validation accuracy %.4f" % (torch.__version__, threads, epochs, batch, statistics.median(times),
                                         [round(t, 3) for t in times], vloss.item(), acc.item()))


if __name__ == "__main__":
    main()
