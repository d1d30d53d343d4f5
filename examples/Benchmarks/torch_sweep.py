#!/usr/bin/env python3
"""K copies of seed 001's network trained at once with PyTorch, written for this project's benchmark (not the
article's code): the plain batched loop that SigmoidTorch's sweep is compared with. Each network's weights live as
Wh [K, 2, hidden] (bias row first) and Wz [K, hidden, 1]; every layer is one matmul/bmm for all K networks, about
twenty kernels a step whatever K is.

Usage: torch_sweep.py DEVICE EPOCHS K [K ...]
Trains K networks (learning rates 1/4, 1/2, 1, 2 and 4 times 0.45 in turn, starting weights uniform in
+-sqrt(2/fan_in) from seed 0) on sin(x), 32 points, batches of 4, float64, one intra-op thread, for EPOCHS epochs,
after a short warm-up, and prints one JSON line per K:
{"device", "networks", "epochs", "steps", "seconds", "network_steps_per_second", "final_loss_min", "final_loss_max",
 "diverged", "torch"}.
"""
import json
import math
import sys
import time

import torch


def train(wh, wz, rates, batches, epochs):
    """The seed 001 loop (see the project's README) for all K networks at once; returns each network's last epoch loss."""
    k = wh.shape[0]
    losses = torch.zeros(k, dtype=wh.dtype, device=wh.device)
    for _ in range(epochs):
        losses.zero_()
        for xb, yb in batches:
            h = torch.sigmoid(torch.matmul(xb, wh))                    # [K, rows, hidden]
            z = torch.sigmoid(torch.bmm(h, wz))                        # [K, rows, 1]
            e = yb - z
            losses += (e * e).sum(dim=(1, 2))
            dz = e * z * (1 - z)
            dh = torch.bmm(dz, wz.transpose(1, 2)) * h * (1 - h)
            wz += torch.bmm(h.transpose(1, 2), dz) * rates
            wh += torch.matmul(xb.T, dh) * rates
    return losses / len(batches)


def run(device, epochs, k):
    dtype = torch.float64
    points = torch.linspace(0, 6.28, int(6.28 * 5 + 1), dtype=dtype).reshape(-1, 1)
    y = (torch.sin(points) + 1) / 2
    x = torch.cat((torch.ones_like(points), points), dim=1)
    batches = [(x[i:i + 4].to(device), y[i:i + 4].to(device)) for i in range(0, x.shape[0], 4)]
    generator = torch.Generator().manual_seed(0)

    def uniform(*shape, fan_in):
        bound = math.sqrt(2 / fan_in)
        return ((torch.rand(*shape, dtype=dtype, generator=generator) * 2 - 1) * bound).to(device)

    rates = torch.tensor([0.45 * f for f in (0.25, 0.5, 1, 2, 4)], dtype=dtype).repeat(k // 5 + 1)[:k].view(k, 1, 1).to(device)
    wh, wz = uniform(k, 2, 5, fan_in=2), uniform(k, 5, 1, fan_in=5)
    train(wh.clone(), wz.clone(), rates, batches, 2)                   # warm-up: kernels, allocator, cuBLAS handles
    if device.type == "cuda":
        torch.cuda.synchronize()
    start = time.perf_counter()
    final = train(wh, wz, rates, batches, epochs)
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    finite = final[torch.isfinite(final)]
    steps = epochs * len(batches)
    return {
        "device": str(device), "networks": k, "epochs": epochs, "steps": steps, "seconds": seconds,
        "network_steps_per_second": k * steps / seconds,
        "final_loss_min": finite.min().item() if finite.numel() else None,
        "final_loss_max": finite.max().item() if finite.numel() else None,
        "diverged": int(k - finite.numel()), "torch": torch.__version__,
    }


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    device = torch.device(sys.argv[1])
    if device.type == "cuda" and not torch.cuda.is_available():
        sys.exit("torch_sweep.py: CUDA is not available to this PyTorch")
    torch.set_num_threads(1)
    epochs = int(sys.argv[2])
    for k in (int(a) for a in sys.argv[3:]):
        print(json.dumps(run(device, epochs, k)), flush=True)


if __name__ == "__main__":
    main()
