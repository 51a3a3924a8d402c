"""Playgrounds: pages that train a network live in the browser, with fit's numbers, on four
classic sets of points in the plane (XOR, two moons, circles, a spiral).

    python -m demos.playground [--out DIR] [--seed N]

Open a page, press play, and watch the decision over the plane, the weights and the loss move;
change the learning rate, the batch size or the optimizer while it trains; click the plane to
add a point. Each set keeps a quarter of its points aside as test rows, which the page only
measures.
"""

import math
import os

import numpy as np

from demos.common import main
from nn import MLP, playground


def xor(rng: np.random.Generator, n: int = 80):
    X = rng.uniform(-1, 1, (n, 2))
    return X, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int)


def moons(rng: np.random.Generator, n: int = 120):
    t = rng.uniform(0, math.pi, n)
    upper = rng.random(n) < 0.5
    X = np.where(upper[:, None], np.c_[np.cos(t), np.sin(t)],
                 np.c_[1 - np.cos(t), 0.5 - np.sin(t)])
    return X + rng.normal(0, 0.12, (n, 2)), upper.astype(int)


def circles(rng: np.random.Generator, n: int = 120):
    inner = rng.random(n) < 0.5
    radius = np.where(inner, rng.uniform(0, 0.5, n), rng.uniform(0.8, 1.2, n))
    angle = rng.uniform(0, 2 * math.pi, n)
    return np.c_[radius * np.cos(angle), radius * np.sin(angle)], inner.astype(int)


def spiral(rng: np.random.Generator, n: int = 160):
    k = rng.random(n) < 0.5
    t = rng.uniform(0.25, 1, n) * 3 * math.pi
    X = np.c_[t * np.cos(t + math.pi * k), t * np.sin(t + math.pi * k)] / (3 * math.pi)
    return X + rng.normal(0, 0.02, (n, 2)), k.astype(int)


SETS = {  # name: (points, hidden layer sizes, learning rate of Adam)
    "xor": (xor, [6], 0.03),
    "moons": (moons, [8, 8], 0.03),
    "circles": (circles, [8], 0.03),
    "spiral": (spiral, [16, 16], 0.02),
}


def run(out: str = "out", seed: int = 0) -> dict:
    files = []
    for name, (points, hidden, lr) in SETS.items():
        rng = np.random.default_rng(seed)
        X, y = points(rng)
        cut = len(X) * 3 // 4
        model = MLP(2, hidden + [1], activation="tanh", output_activation="sigmoid", seed=seed)
        page = playground(model, X[:cut], y[:cut], loss="bce", optimizer="adam", lr=lr,
                          batch_size=8, seed=seed, X_test=X[cut:], y_test=y[cut:],
                          title=f"{name}: a {'-'.join(map(str, [2] + hidden + [1]))} network")
        path = page.save(os.path.join(out, f"playground_{name}.html"))
        print(f"{name:<8} {cut} training rows, {len(X) - cut} test rows: {path}")
        files.append(path)
    return {"files": files}


if __name__ == "__main__":
    main(run, __doc__)
