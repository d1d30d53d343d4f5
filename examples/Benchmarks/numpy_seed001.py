#!/usr/bin/env python3
"""Seed 001's training loop in numpy, written for this project's benchmark (not the article's code).

Usage: numpy_seed001.py WEIGHTS.json EPOCHS REPEATS
Reads Wh ([2, hidden], bias row first) and Wz ([hidden, 1]) from WEIGHTS.json (the --init-weights format),
trains the article's 2-hidden-1 sigmoid network on sin(x), 32 points, batches of 4, learning rate 0.45,
and prints one JSON line per repeat: {"seconds": s, "final_loss": l}.
"""
import json
import sys
import time

import numpy as np


def train(wh, wz, x, y, epochs, batch, rate):
    loss = float("nan")
    for _ in range(epochs):
        losses = []
        for i in range(0, x.shape[0], batch):
            xb, yb = x[i:i + batch], y[i:i + batch]
            h = 1 / (1 + np.exp(-xb.dot(wh)))
            z = 1 / (1 + np.exp(-h.dot(wz)))
            e = yb - z
            losses.append(np.sum(e * e))
            dz = e * (z * (1 - z))
            dh = dz.dot(wz.T) * (h * (1 - h))
            wz += h.T.dot(dz) * rate
            wh += xb.T.dot(dh) * rate
        loss = np.average(losses)
    return loss


def main():
    weights = json.load(open(sys.argv[1]))
    epochs, repeats = int(sys.argv[2]), int(sys.argv[3])
    points = np.linspace(0, 6.28, num=int(6.28 * 5 + 1)).reshape(-1, 1)
    y = (np.sin(points) + 1) / 2
    x = np.concatenate((np.ones_like(points), points), axis=1)
    for _ in range(repeats):
        wh, wz = np.array(weights["Wh"], dtype=float), np.array(weights["Wz"], dtype=float)
        start = time.perf_counter()
        loss = train(wh, wz, x, y, epochs, 4, 0.45)
        print(json.dumps({"seconds": time.perf_counter() - start, "final_loss": loss}), flush=True)


if __name__ == "__main__":
    main()
