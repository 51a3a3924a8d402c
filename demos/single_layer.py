"""The 11-line network tutorial, as its code is written: a 3-1 sigmoid network without a hidden
layer learns y = first input (10,000 full-batch updates), then a 3-4-1 network learns XOR of the
first two inputs (100,000 updates, the error printed every 10,000).

    python -m demos.single_layer [--epochs 100000] [--out DIR]

The tutorial seeds NumPy (np.random.seed(1)) and draws its weights as
np.random.random((n_in, n_out)) * np.sqrt(2.0 / n_in), the output weights after the hidden
ones; each update adds X.T . (error * sigmoid'(output)), which is gradient descent with step 1
on 0.5 * sum (output - target)^2. The demo draws the same weights in the same order, types them
into an MLP of Values, and trains it with our engine; beside its numbers it prints the ones the
tutorial's NumPy code gives when run here, and the ones the tutorial's page shows. (--seed
changes NumPy's seed, and the numbers with it.)
"""

import numpy as np

from demos.common import figure_path, main, plot_curves
from nn import MLP, SGD, mse_loss

X = [[0.0, 0.0, 1.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0], [1.0, 1.0, 1.0]]   # last column: bias
Y_COPY = [0.0, 0.0, 1.0, 1.0]
Y_XOR = [0.0, 1.0, 1.0, 0.0]
# What the tutorial's page shows: the single layer's outputs (which its own code, as printed,
# does not give: see the docstring of run), and the XOR error every 10,000 iterations.
PAGE_OUTPUTS = [0.00961242, 0.00782087, 0.99362525, 0.99216235]
PAGE_ERRORS = [0.49962354308293877, 0.010185068686370096, 0.006740755437297382,
               0.005345052957883488, 0.004547502999833714, 0.004017450105072936,
               0.0036334495140870125, 0.003339229754058864, 0.0031047453709322735,
               0.0029123275501446943]
REPORT_EVERY = 10_000


def tutorial_weights(nin: int, nout: int) -> np.ndarray:
    """The tutorial's np.random.random((nin, nout)) * np.sqrt(2.0 / nin), from NumPy's global
    generator as it draws it (seeded by the caller)."""
    return np.random.random((nin, nout)) * np.sqrt(2.0 / nin)


def tutorial_code(seed: int, hidden: bool, iterations: int):
    """The tutorial's own NumPy code, line for line (`Wh`, `Wo`, `l1`, `l2` as it names
    them): the outputs of the last forward pass and the error every REPORT_EVERY iterations."""
    sigmoid = lambda x: 1 / (1 + np.exp(-x))  # noqa: E731
    sigmoid_prime = lambda z: z * (1 - z)  # noqa: E731
    x, errors = np.array(X), []
    np.random.seed(seed)
    if not hidden:
        y = np.array([Y_COPY]).T
        Wo = tutorial_weights(3, 1)
        for _ in range(iterations):
            l1 = sigmoid(np.dot(x, Wo))
            Wo += np.dot(x.T, (y - l1) * sigmoid_prime(l1))
        return l1[:, 0].tolist(), errors
    y = np.array([Y_XOR]).T
    Wh, Wo = tutorial_weights(3, 4), tutorial_weights(4, 1)
    for i in range(iterations):
        l1 = sigmoid(np.dot(x, Wh))
        l2 = sigmoid(np.dot(l1, Wo))
        l2_error = y - l2
        if i % REPORT_EVERY == 0:
            errors.append(float(np.mean(np.abs(l2_error))))
        l2_delta = l2_error * sigmoid_prime(l2)
        l1_delta = l2_delta.dot(Wo.T) * sigmoid_prime(l1)
        Wo += np.dot(l1.T, l2_delta)
        Wh += np.dot(x.T, l1_delta)
    return l2[:, 0].tolist(), errors


def network(seed: int, sizes: list) -> MLP:
    """An MLP of Values with the tutorial's starting weights: np.random.seed(seed), then one
    tutorial_weights((n_in, n_out)) per layer in order, typed in as one list per neuron."""
    np.random.seed(seed)
    weights = [tutorial_weights(n_in, n_out).T.tolist()
               for n_in, n_out in zip(sizes, sizes[1:])]
    return MLP(sizes[0], sizes[1:], activation="sigmoid", bias=False, weights=weights)


def train(model: MLP, y: list, iterations: int):
    """Full-batch descent on 0.5 * sum (output - target)^2 with step 1, as the tutorial does.
    Returns the outputs of the last forward pass and the mean absolute error per iteration."""
    opt = SGD(model.parameters(), lr=1.0)
    errors = []
    for _ in range(iterations):
        outputs = [model(x) for x in X]
        errors.append(sum(abs(t - o.data) for o, t in zip(outputs, y)) / len(y))
        loss = mse_loss(outputs, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
    return [o.data for o in outputs], errors


def same_digits(a: float, b: float) -> int:
    """How many significant digits a and b share (17 when they are equal)."""
    if a == b:
        return 17
    return max(0, int(-np.log10(abs(a - b) / max(abs(a), abs(b)))))


def run(out: str = "out", seed: int = 1, epochs: int = 100_000) -> dict:
    """Part 1 prints the outputs beside the tutorial's code's and the page's: the page's are not
    what its code, as printed, computes, so they agree with ours to two or three digits only.
    Part 2 prints the XOR errors beside the page's, which its code does give."""
    print("Part 1: a 3-1 sigmoid network (no hidden layer), 10,000 full-batch iterations.\n")
    outputs, copy_errors = train(network(seed, [3, 1]), Y_COPY, 10_000)
    code_outputs, _ = tutorial_code(seed, hidden=False, iterations=10_000)
    print(f"{'input':<16}{'target':>7}{'ours':>13}{'its code':>13}{'its page':>12}  same digits")
    for x, t, o, c, p in zip(X, Y_COPY, outputs, code_outputs, PAGE_OUTPUTS):
        print(f"{str([int(v) for v in x]):<16}{t:>7g}{o:>13.8f}{c:>13.8f}{p:>12.8f}  "
              f"{same_digits(o, c)}")
    print("(its page shows other outputs than its code, as printed, computes: ours are the "
          "code's to 15 digits or more, the page's to 2 or 3)")

    print(f"\nPart 2: XOR of the first two inputs with a 3-4-1 network, {epochs:,} iterations.\n")
    xor_outputs, xor_errors = train(network(seed, [3, 4, 1]), Y_XOR, epochs)
    _, code_errors = tutorial_code(seed, hidden=True, iterations=epochs)
    reported = xor_errors[::REPORT_EVERY]
    print(f"{'iteration':>9}{'ours':>22}{'its page':>22}  same digits")
    for k, error in enumerate(reported):
        page = PAGE_ERRORS[k] if k < len(PAGE_ERRORS) and seed == 1 else None
        print(f"{k * REPORT_EVERY:>9}{error:>22.17g}"
              + (f"{page:>22.17g}  {same_digits(error, page)}" if page else ""))
    digits = min((same_digits(a, b) for a, b in zip(reported, code_errors)), default=17)
    print(f"(the tutorial's code, run here, gives the same errors to {digits} digits)")
    print(f"Error at the end: {xor_errors[-1]:.8f}; outputs "
          + ", ".join(f"{o:.4f}" for o in xor_outputs))

    curves = plot_curves(figure_path(out, "single_layer_error.png"),
                         "The 11-line network: mean absolute error", "mean |target - output|",
                         {"3-1, y = first input": copy_errors, "3-4-1, XOR": xor_errors},
                         log_y=True)
    print(f"\nerror curves: {curves}")
    return {"outputs": outputs, "code_outputs": code_outputs, "xor_errors": reported,
            "code_errors": code_errors, "xor_outputs": xor_outputs, "files": [curves]}


if __name__ == "__main__":
    main(run, __doc__, epochs=100_000, seed=1)
