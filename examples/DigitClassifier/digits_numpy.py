#!/usr/bin/env python3
"""network.py's training rule in numpy, for this project's tests and benchmark (written for it, not Nielsen's code).

Usage: digits_numpy.py DIGITS.csv.gz WEIGHTS.json EPOCHS BATCH LR LOSS REPEATS [FINAL.json]

Reads the digits (each line 64 pixels 0-16, then the label), splits them as DigitClassifier does (the test set is
every line i with i % 6 == 5, training the others, in file order), scales the pixels by 1/16 and trains the network
whose starting weights WEIGHTS.json holds in network.py's layout ({"weights": [n_out x n_in per layer], "biases":
[n_out x 1 per layer]}), sigmoid units, on the training images in file order: for each mini-batch of m images, all of
them at once as the rows of a matrix, the four equations of backpropagation and w -= (LR/m) * (sum over the batch),
b likewise; LOSS is quadratic (network.py), cross-entropy (chapter 3, sigmoid outputs) or softmax-ce (softmax
outputs). After every epoch it counts the test images read right (the largest output). Prints one JSON line per
repeat: {"seconds": s, "accuracy_history": [...]}; seconds covers the training with the evaluations after every epoch.
With FINAL.json it writes the last repeat's final weights there, in the same layout.
"""
import gzip
import json
import sys
import time

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def softmax(z):
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def output(z, loss):
    return softmax(z) if loss == "softmax-ce" else sigmoid(z)


def feedforward(weights, biases, x, loss):
    a = x
    for l, (w, b) in enumerate(zip(weights, biases)):
        z = a.dot(w.T) + b.T
        a = output(z, loss) if l == len(weights) - 1 else sigmoid(z)
    return a


def correct(weights, biases, x, labels, loss):
    return int(np.sum(np.argmax(feedforward(weights, biases, x, loss), axis=1) == labels))


def train(weights, biases, x, y, test_x, test_labels, epochs, batch, rate, loss):
    history = []
    depth = len(weights)
    for _ in range(epochs):
        for k in range(0, x.shape[0], batch):
            xb, yb = x[k:k + batch], y[k:k + batch]
            m = xb.shape[0]
            # Forward, keeping every layer's activations (one row per image).
            activations = [xb]
            for l in range(depth):
                z = activations[-1].dot(weights[l].T) + biases[l].T
                activations.append(output(z, loss) if l == depth - 1 else sigmoid(z))
            a = activations[-1]
            # BP1: the output error; the cross-entropies' delta is a - y.
            delta = (a - yb) * a * (1 - a) if loss == "quadratic" else a - yb
            # BP2-BP4 from the last layer down; each weight is used for the layer below before it changes.
            for l in range(depth - 1, -1, -1):
                nabla_w = delta.T.dot(activations[l])
                nabla_b = delta.sum(axis=0).reshape(-1, 1)
                if l > 0:
                    h = activations[l]
                    delta = delta.dot(weights[l]) * h * (1 - h)
                weights[l] -= (rate / m) * nabla_w
                biases[l] -= (rate / m) * nabla_b
        history.append(correct(weights, biases, test_x, test_labels, loss))
    return history


def main():
    data_path, weights_path = sys.argv[1], sys.argv[2]
    epochs, batch, rate, loss, repeats = int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), sys.argv[6], int(sys.argv[7])
    final_path = sys.argv[8] if len(sys.argv) > 8 else None
    with gzip.open(data_path, "rt") as f:
        rows = np.loadtxt(f, delimiter=",")
    test = np.arange(rows.shape[0]) % 6 == 5
    pixels, labels = rows[:, :64] / 16.0, rows[:, 64].astype(int)
    x, test_x, test_labels = pixels[~test], pixels[test], labels[test]
    y = np.eye(10)[labels[~test]]
    start = json.load(open(weights_path))
    for _ in range(repeats):
        weights = [np.array(w, dtype=float) for w in start["weights"]]
        biases = [np.array(b, dtype=float) for b in start["biases"]]
        clock = time.perf_counter()
        history = train(weights, biases, x, y, test_x, test_labels, epochs, batch, rate, loss)
        print(json.dumps({"seconds": time.perf_counter() - clock, "accuracy_history": history}), flush=True)
    if final_path:
        with open(final_path, "w") as f:
            json.dump({"weights": [w.tolist() for w in weights], "biases": [b.tolist() for b in biases]}, f)


if __name__ == "__main__":
    main()
