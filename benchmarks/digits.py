"""Digits to 97% test accuracy: nn.fit (the batch compiler) against the same training written
by hand in NumPy.

    OPENBLAS_NUM_THREADS=1 python benchmarks/digits.py [--quick]

The demo's fast way (demos/digits.py): scikit-learn's 8x8 digits scaled to [0, 1], a 25% test
split, a 64-32-16-10 sigmoid MLP with biases, squared error (0.5 * sum) on one-hot targets,
minibatches of 64 (the mean of their losses) in fit's shuffled order, Adam at lr 0.02.

The NumPy run starts from the model's own weights, takes the same batches in the same order
and, after every epoch, measures the test accuracy (a forward pass over the 450 test images):
the epochs it needs to reach 97% are the run's length. nn.fit then trains a copy of the same
model for that many epochs, everything included: the compile, and the forward pass over all
1,347 training images after every epoch that gives its History each epoch's loss and accuracy
(measured on the epoch's final weights). Both runs take turns, 15 rounds (3 with --quick),
the fastest of each kept; the ratio of each round's pair is printed beside (its median and
range), since on a shared machine the speed of one round can differ from the next by half.
Target: fit at most 1.2x the NumPy run, round by round (the median: `targets.paired`).
"""

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import random  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, __file__.rsplit("/benchmarks/", 1)[0])

from targets import paired, report, rounds  # noqa: E402  (benchmarks/targets.py, beside)

from demos.digits import data  # noqa: E402
from nn import MLP, Adam, fit, to_numpy  # noqa: E402

TARGET_ACCURACY, TARGET, BATCH, LR, SEED = 0.97, 1.2, 64, 0.02, 0


def model():
    """The demo's network, its weights drawn from SEED: the same weights each time."""
    return MLP(64, [32, 16, 10], activation="sigmoid", init="normal", seed=SEED)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def numpy_run(model, X, T, X_test, y_test, most: int = 200):
    """The same training by hand. Returns (epochs to TARGET_ACCURACY, test accuracy)."""
    layers = [[W.copy(), b.copy()] for W, b, _ in to_numpy(model)]
    moments = [[np.zeros_like(a) for a in layer] for layer in layers for _ in range(2)]
    m, v = moments[0::2], moments[1::2]
    shuffle, order, t = random.Random(SEED), list(range(len(X))), 0
    for epoch in range(1, most + 1):
        shuffle.shuffle(order)
        for start in range(0, len(order), BATCH):
            rows = order[start:start + BATCH]
            activations = [X[rows]]
            for W, b in layers:
                activations.append(sigmoid(activations[-1] @ W.T + b))
            out = activations[-1]
            delta = (out - T[rows]) * out * (1.0 - out) / len(rows)
            t += 1
            for k in range(len(layers) - 1, -1, -1):
                a = activations[k]
                grads = (delta.T @ a, delta.sum(axis=0))
                if k:
                    delta = (delta @ layers[k][0]) * a * (1.0 - a)
                for i, g in enumerate(grads):
                    m[k][i] = 0.9 * m[k][i] + 0.1 * g
                    v[k][i] = 0.999 * v[k][i] + 0.001 * g * g
                    step = LR * (m[k][i] / (1.0 - 0.9 ** t))
                    layers[k][i] -= step / (np.sqrt(v[k][i] / (1.0 - 0.999 ** t)) + 1e-8)
        z = X_test
        for W, b in layers:
            z = sigmoid(z @ W.T + b)
        accuracy = float((z.argmax(axis=1) == y_test).mean())
        if accuracy >= TARGET_ACCURACY:
            return epoch, accuracy
    raise RuntimeError(f"NumPy did not reach {TARGET_ACCURACY:.0%} in {most} epochs")


def fit_run(model, X, T, X_test, y_test, epochs: int):
    """nn.fit for `epochs`, then the test accuracy (a forward pass, as the NumPy run's)."""
    history = fit(model, X, T, loss="mse", batch_size=BATCH, epochs=epochs, seed=SEED,
                  optimizer=Adam(model.parameters(), lr=LR), engine="compiled", progress=False)
    z = X_test
    for W, b, _ in to_numpy(model):
        z = sigmoid(z @ W.T + b)
    return history, float((z.argmax(axis=1) == y_test).mean())


def main(argv=None) -> int:
    n = rounds(__doc__, argv, 15, 3)
    X, X_test, y, y_test = data(SEED)
    T = np.eye(10)[y]
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {n} rounds, the "
          "fastest of each\n")
    numpy_times, fit_times = [], []
    for _ in range(n):
        t0 = time.perf_counter()
        epochs, numpy_accuracy = numpy_run(model(), X, T, X_test, y_test)
        numpy_times.append(time.perf_counter() - t0)
        made = model()
        t0 = time.perf_counter()
        history, fit_accuracy = fit_run(made, X, T, X_test, y_test, epochs)
        fit_times.append(time.perf_counter() - t0)
    ratio, by_round = min(fit_times) / min(numpy_times), paired(fit_times, numpy_times)
    ratios = sorted(f / n for f, n in zip(fit_times, numpy_times))
    print(f"epochs to {TARGET_ACCURACY:.0%} test accuracy: {epochs} (NumPy {numpy_accuracy:.4f}, "
          f"fit {fit_accuracy:.4f}; fit's History: {len(history.loss)} epochs measured)")
    print(f"NumPy by hand {1e3 * min(numpy_times):.1f} ms, nn.fit {1e3 * min(fit_times):.1f} ms:"
          f" {ratio:.2f}x (round by round: median {by_round:.2f}x, from "
          f"{ratios[0]:.2f}x to {ratios[-1]:.2f}x)")
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")
    return report([(f"digits to {TARGET_ACCURACY:.0%}: fit {by_round:.2f}x NumPy by hand "
                    f"(round by round; fastest of each {ratio:.2f}x)", f"<= {TARGET}x",
                    by_round <= TARGET),
                   (f"fit's test accuracy after {epochs} epochs: {fit_accuracy:.4f}",
                    f">= {TARGET_ACCURACY}", fit_accuracy >= TARGET_ACCURACY)])


if __name__ == "__main__":
    sys.exit(main())
