"""Batch versus stochastic gradient descent on the "neural network from scratch" tutorial's toy
data: a 4-3-1 sigmoid network with biases, learning rate 0.1, 5,000 epochs.

    python -m demos.batch_vs_stochastic [--epochs 5000] [--seed 1] [--out DIR]

Full batch sums the three samples' gradients into one update per epoch (the tutorial's way);
stochastic makes one update per sample, three per epoch. Starting weights are drawn as the
tutorial draws them, uniform on [0, 1).
"""

import numpy as np

from autograd import colours
from demos.common import figure_path, main, pyplot
from nn import MLP, SGD, fit, predict

X = [[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]]
Y = [1.0, 1.0, 0.0]
LEARNING_RATE = 0.1
REPORTED = [0.98, 0.97, 0.05]    # the tutorial's full-batch predictions, to two decimals


def network(seed: int) -> MLP:
    """4-3-1 sigmoid with the tutorial's starting weights: numpy uniform(size=...) for the
    hidden weights (4, 3), hidden biases (1, 3), output weights (3, 1) and output bias (1, 1)."""
    rng = np.random.RandomState(seed)
    wh, bh = rng.uniform(size=(4, 3)), rng.uniform(size=(1, 3))
    wout, bout = rng.uniform(size=(3, 1)), rng.uniform(size=(1, 1))
    return MLP(4, [3, 1], activation="sigmoid", weights=[wh.T.tolist(), wout.T.tolist()],
               biases=[bh[0].tolist(), bout[0].tolist()])


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
    print(f"4-3-1 sigmoid network, learning rate {LEARNING_RATE}, {epochs:,} epochs:\n")
    print(f"{'input':<22}{'target':>7}{'full batch':>12}{'tutorial':>10}{'stochastic':>12}")
    for x, t, b, r, s in zip(X, Y, results["full batch"], REPORTED, results["stochastic"]):
        print(f"{str([int(v) for v in x]):<22}{t:>7g}{b:>12.4f}{r:>10.2f}{s:>12.4f}")
    print(f"\nFinal loss: full batch {final['full batch']:.6f}, stochastic "
          f"{final['stochastic']:.6f}. The full batch sums the three samples' gradients, so its "
          "one step per epoch goes about as far as the three per-sample steps, and with a "
          "step this small the two curves nearly coincide; stochastic descent pays off when "
          "there are many samples, each giving an update at a fraction of the cost.")
    path = _plot(figure_path(out, "batch_vs_stochastic.png"), curves)
    print(f"\nerror curves: {path}")
    return {"full_batch": results["full batch"], "stochastic": results["stochastic"],
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
    top.set(title="Batch vs stochastic gradient descent", ylabel="loss (mean of 0.5 (y - t)^2)",
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
