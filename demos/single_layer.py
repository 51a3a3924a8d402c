"""The 11-line network tutorial, reproduced digit for digit: a 3-1 sigmoid network without a
hidden layer learns y = first input; then a 3-4-1 network learns XOR on the same inputs.

    python -m demos.single_layer [--epochs 60000] [--seed 1] [--out DIR]

The tutorial draws its starting weights with NumPy (np.random.seed(1); 2 * random - 1) and
updates on the whole batch with the summed error and step 1. We type in the same starting
weights and train the same way, so the numbers it printed come out again. (--seed changes the
starting weights and the numbers with them.)
"""

import numpy as np

from demos.common import figure_path, main, plot_curves
from nn import MLP, SGD, mse_loss

X = [[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]   # last column: bias
Y_COPY = [0.0, 0.0, 1.0, 1.0]
Y_XOR = [0.0, 1.0, 1.0, 0.0]
# What the tutorial printed.
REPORTED_OUTPUT = [0.00966449, 0.00786506, 0.99358898, 0.99211957]
REPORTED_ERRORS = [0.496410031903, 0.00858452565325, 0.00578945986251, 0.00462917677677,
                   0.00395876528027, 0.00351012256786]


def tutorial_weights(rng: np.random.RandomState, nin: int, nout: int) -> list:
    """The tutorial's 2 * random((nin, nout)) - 1, as one list of nin weights per neuron."""
    return (2 * rng.random_sample((nin, nout)) - 1).T.tolist()


def train(model: MLP, X: list, y: list, iterations: int, report_every: int):
    """Full-batch descent on 0.5 * sum (output - target)^2 with step 1, as the tutorial does.
    Returns the outputs of the last forward pass and the mean absolute error per iteration."""
    opt = SGD(model.parameters(), lr=1.0)
    errors = []
    for j in range(iterations):
        outputs = [model(x) for x in X]
        errors.append(sum(abs(t - o.data) for o, t in zip(outputs, y)) / len(y))
        if report_every and j % report_every == 0:
            k = j // report_every
            reported = f"   (tutorial: {REPORTED_ERRORS[k]:.8f})" if k < len(REPORTED_ERRORS) \
                else ""
            print(f"Error after {j:>6} iterations: {errors[-1]:.8f}{reported}")
        loss = mse_loss(outputs, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return [o.data for o in outputs], errors


def run(out: str = "out", seed: int = 1, epochs: int = 60_000) -> dict:
    rng = np.random.RandomState(seed)
    print("Part 1: a 3-1 sigmoid network (no hidden layer), 10,000 full-batch iterations.")
    copier = MLP(3, [1], activation="sigmoid", bias=False,
                 weights=[tutorial_weights(rng, 3, 1)])
    outputs, copy_errors = train(copier, X, Y_COPY, 10_000, 0)
    print(f"\n{'input':<16}{'target':>7}{'output':>12}{'tutorial':>12}")
    for x, t, o, r in zip(X, Y_COPY, outputs, REPORTED_OUTPUT):
        print(f"{str([int(v) for v in x]):<16}{t:>7g}{o:>12.8f}{r:>12.8f}")

    print(f"\nPart 2: XOR of the first two inputs with a 3-4-1 network, {epochs:,} iterations.")
    rng = np.random.RandomState(seed)
    xor = MLP(3, [4, 1], activation="sigmoid", bias=False,
              weights=[tutorial_weights(rng, 3, 4), tutorial_weights(rng, 4, 1)])
    xor_outputs, xor_errors = train(xor, X, Y_XOR, epochs, 10_000)
    print(f"Error at the end: {xor_errors[-1]:.8f}; outputs "
          + ", ".join(f"{o:.4f}" for o in xor_outputs))

    curves = plot_curves(figure_path(out, "single_layer_error.png"),
                         "The 11-line network: mean absolute error", "mean |target - output|",
                         {"3-1, y = first input": copy_errors, "3-4-1, XOR": xor_errors},
                         log_y=True)
    print(f"\nerror curves: {curves}")
    return {"outputs": outputs, "xor_errors": xor_errors[::10_000] + [xor_errors[-1]],
            "xor_outputs": xor_outputs, "files": [curves]}


if __name__ == "__main__":
    main(run, __doc__, epochs=60_000, seed=1)
