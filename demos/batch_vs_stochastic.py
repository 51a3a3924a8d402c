"""Batch versus stochastic gradient descent on the "neural network from scratch" tutorial's toy
data: a 4-3-1 sigmoid network with biases, learning rate 0.1, 5,000 epochs.

    python -m demos.batch_vs_stochastic [--epochs 5000] [--seed 1] [--out DIR]

Full batch sums the three samples' gradients into one update per epoch (the tutorial's way);
stochastic makes one update per sample, three per epoch. Starting weights are drawn as the
tutorial draws them, uniform on [0, 1), and the tutorial's own algorithm (its steps 1 to 11,
in NumPy) runs beside ours from the same weights.

The tutorial prints 0.98032096 / 0.96845624 / 0.04532167 after "thousands" of iterations and
sets no seed for that run, so nobody can get those digits back: the demo prints them in full
beside ours, and the spread of its algorithm's numbers over 20 seeds, which they fall within.
"""

import numpy as np

from autograd.drawing import colours
from demos.common import figure_path, main, pyplot
from nn import MLP, SGD, fit, predict

X = [[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]]
Y = [1.0, 1.0, 0.0]
LEARNING_RATE = 0.1
REPORTED = [0.98032096, 0.96845624, 0.04532167]   # the tutorial's, after "thousands" of epochs
SEEDS = 20                       # seeds over which the tutorial's algorithm is run for the spread


def network(seed: int) -> MLP:
    """4-3-1 sigmoid with the tutorial's starting weights: numpy uniform(size=...) for the
    hidden weights (4, 3), hidden biases (1, 3), output weights (3, 1) and output bias (1, 1)."""
    rng = np.random.RandomState(seed)
    wh, bh = rng.uniform(size=(4, 3)), rng.uniform(size=(1, 3))
    wout, bout = rng.uniform(size=(3, 1)), rng.uniform(size=(1, 1))
    return MLP(4, [3, 1], activation="sigmoid", weights=[wh.T.tolist(), wout.T.tolist()],
               biases=[bh[0].tolist(), bout[0].tolist()])


def tutorial(seed: int, epochs: int) -> np.ndarray:
    """The tutorial's algorithm as its steps 1 to 11 write it, in NumPy: full batch, the
    summed error's gradient, weights and biases drawn uniform on [0, 1) in the order network()
    draws them. Returns its predictions for X with the weights after `epochs` epochs (its page
    prints the output of the last forward pass, one update earlier)."""
    def sigmoid(z):
        return 1.0 / (1.0 + np.exp(-z))
    rng = np.random.RandomState(seed)
    wh, bh = rng.uniform(size=(4, 3)), rng.uniform(size=(1, 3))
    wout, bout = rng.uniform(size=(3, 1)), rng.uniform(size=(1, 1))
    inputs, targets = np.array(X), np.array(Y)[:, None]
    for _ in range(epochs):
        hidden = sigmoid(inputs @ wh + bh)
        output = sigmoid(hidden @ wout + bout)
        d_output = (targets - output) * output * (1 - output)
        d_hidden = d_output @ wout.T * hidden * (1 - hidden)
        wout += hidden.T @ d_output * LEARNING_RATE
        bout += d_output.sum(axis=0) * LEARNING_RATE
        wh += inputs.T @ d_hidden * LEARNING_RATE
        bh += d_hidden.sum(axis=0) * LEARNING_RATE
    return sigmoid(sigmoid(inputs @ wh + bh) @ wout + bout)[:, 0]   # with the last weights


def run(out: str = "out", seed: int = 1, epochs: int = 5_000) -> dict:
    results, curves, final = {}, {}, {}
    for name, batch_size in (("full batch", None), ("stochastic", 1)):
        model = network(seed)
        history = fit(model, X, Y, optimizer=SGD(model.parameters(), lr=LEARNING_RATE),
                      epochs=epochs, batch_size=batch_size, reduction="sum", seed=seed)
        results[name] = predict(model, X)
        final[name] = history.loss[-1]
        curves[f"{name} ({'1 update' if batch_size is None else '3 updates'} per epoch)"] = \
            history.loss
    its_code = tutorial(seed, epochs)
    spread = np.array([tutorial(s, epochs) for s in range(SEEDS)])
    low, high = spread.min(axis=0), spread.max(axis=0)
    print(f"4-3-1 sigmoid network, learning rate {LEARNING_RATE}, {epochs:,} epochs, seed {seed}"
          f" (loss: 0.5 * sum of squared errors over the 3 samples):\n")
    print(f"{'input':<14}{'target':>7}{'full batch':>12}{'its code':>12}{'stochastic':>12}"
          f"{'the page':>12}   its code over seeds 0-{SEEDS - 1}")
    for x, t, b, c, st, r, lo, hi in zip(X, Y, results["full batch"], its_code,
                                         results["stochastic"], REPORTED, low, high):
        print(f"{str([int(v) for v in x]):<14}{t:>7g}{b:>12.8f}{c:>12.8f}{st:>12.8f}{r:>12.8f}"
              f"   {lo:.8f} to {hi:.8f}")
    gap = np.max(np.abs(its_code - results["full batch"]))
    print(f"\nOur full batch is its code's to {gap:.0e}. The page's numbers come from a run "
          "whose seed and number of iterations it does not give (\"thousands\"): they cannot be "
          f"got back exactly. They lie within the spread of its own algorithm over {SEEDS} "
          f"seeds at {epochs:,} epochs.")
    print(f"\nFinal loss: full batch {final['full batch']:.6f}, stochastic "
          f"{final['stochastic']:.6f}. The full batch sums the three samples' gradients, so its "
          "one step per epoch goes about as far as the three per-sample steps, and with a "
          "step this small the two curves nearly coincide; stochastic descent pays off when "
          "there are many samples, each giving an update at a fraction of the cost.")
    path = _plot(figure_path(out, "batch_vs_stochastic.png"), curves)
    print(f"\nerror curves: {path}")
    return {"full_batch": results["full batch"], "stochastic": results["stochastic"],
            "its_code": its_code.tolist(), "spread": (low.tolist(), high.tolist()),
            "files": [path]}


def _plot(path: str, curves: dict) -> str:
    """The two loss curves (they nearly coincide, so each has its own line and markers) and,
    below, their difference, where the two methods can be told apart."""
    plt = pyplot()
    (full_label, full), (sgd_label, sgd) = curves.items()
    epochs = np.arange(1, len(full) + 1)
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5.6), sharex=True,
                                      gridspec_kw={"height_ratios": [2, 1]})
    top.plot(epochs, full, "-", label=full_label, linewidth=2.2)
    top.plot(epochs, sgd, "--", label=sgd_label, marker="s", markevery=max(len(sgd) // 12, 1),
             markerfacecolor="none")
    top.set(title="Batch vs stochastic gradient descent",
            ylabel="loss (0.5 * sum of (y - t)^2)",
            yscale="log")
    top.legend()
    bottom.plot(epochs, np.array(sgd) - np.array(full), color="tab:purple")
    bottom.axhline(0.0, color=colours.GRID, linewidth=0.8)
    bottom.set(xlabel="epoch", title="loss of stochastic − loss of full batch")
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


if __name__ == "__main__":
    main(run, __doc__, epochs=5_000, seed=1)
