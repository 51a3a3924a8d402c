"""Playgrounds: pages that train a network live in the browser, with fit's numbers, on four
classic sets of points in the plane (XOR, two moons, circles, a spiral), drawn by nn.datasets
as the page's "new data" draws them.

    python -m demos.playground [--out DIR] [--seed N]

Open a page, press play, and watch the decision over the plane, the weights and the loss move;
change the learning rate, the batch size or the optimizer while it trains; click the plane to
add a point. Each set keeps a quarter of its points aside as test rows, which the page only
measures.
"""

import os

from demos.common import main
from nn import MLP, playground
from nn.datasets import points

SETS = {  # name: (points, noise, hidden layer sizes, learning rate of Adam); nn.datasets draws
    "xor": (80, 0.0, [6], 0.03),
    "moons": (120, 0.12, [8, 8], 0.03),
    "circles": (120, 0.0, [8], 0.03),
    "spiral": (160, 0.02, [16, 16], 0.02),
}


def run(out: str = "out", seed: int = 0) -> dict:
    files = []
    for name, (n, noise, hidden, lr) in SETS.items():
        X, y = points(name, n, noise, seed)
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
