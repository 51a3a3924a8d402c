"""The from-scratch tutorial's second example: scikit-learn's 8x8 digits with a 64-32-16-10
sigmoid network.

    python -m demos.digits [--epochs 30] [--seed 0] [--out DIR]         # fast: minibatches, Adam
    python -m demos.digits --tutorial [--epochs 1000] [--seed 0]         # the tutorial's way

Both prepare the data as the tutorial does (min-max scaling, a 25% test split; the tutorial
sets no seed, the demo uses --seed) and use its loss (squared error on one-hot targets).

--tutorial trains the tutorial's NeuralNetwork([64, 32, 16, 10]) as written (see
demos/from_scratch.py): bias trick, randn / sqrt(n) weights, one sample at a time in order,
alpha 0.1, 1,000 epochs, its loss (0.5 * the sum of squared errors over the training set)
logged after epoch 1 and every 100, then its classification report. Per sample that is 1.3
million steps: fit runs them with the batch compiler at batch 1, about 150 s here for 97.1%
test accuracy with seed 0 (the tutorial's own NumPy code takes under a minute). The default
instead trains the same data on a 64-32-16-10 MLP with biases in minibatches of 64 with Adam:
about a second.
"""

import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.metrics import classification_report, confusion_matrix
from sklearn.model_selection import train_test_split

import autograd
from demos.common import figure_path, main, plot_curves, pyplot
from demos.from_scratch import as_mlp, tutorial_weights, with_ones
from nn import MLP, SGD, Adam, fit

REPORTED_ACCURACY = 0.98          # what the tutorial reports on its test split
LAYERS = [64, 32, 16, 10]
LOG_EVERY = 100                   # the tutorial's displayUpdate


def data(seed: int):
    digits = load_digits()
    images = digits.data.astype(float)
    images = (images - images.min()) / (images.max() - images.min())
    return train_test_split(images, digits.target, test_size=0.25, random_state=seed)


def train_fast(train_x, train_y, seed: int, epochs: int):
    """Minibatches of 64 with Adam on an MLP with biases; returns (model, losses, predict)."""
    model = MLP(64, LAYERS[1:], activation="sigmoid", init="normal", seed=seed)
    print(f"{model}: {len(train_x)} training images, minibatches of 64, Adam")
    history = fit(model, train_x, np.eye(10)[train_y], loss="mse", batch_size=64,
                  optimizer=Adam(model.parameters(), lr=0.02), epochs=epochs, seed=seed,
                  engine="compiled", display_every=max(epochs // 5, 1))
    # Predictions by the same model compiled for a forward pass only: all test images at once.
    forward = autograd.compile(lambda x, t: model(x), 64, model.parameters())
    return model, history.loss, lambda X: forward(X).outputs


def train_as_tutorial(train_x, train_y, seed: int, epochs: int):
    """The tutorial's NeuralNetwork([64, 32, 16, 10]), alpha 0.1, per sample, in order."""
    np.random.seed(seed)
    model = as_mlp(LAYERS, tutorial_weights(LAYERS))
    print(f"NeuralNetwork: {'-'.join(map(str, LAYERS))} as {model}: {len(train_x)} training "
          "images, one at a time, alpha 0.1")
    X, T = with_ones(train_x), np.eye(10)[train_y]
    # the tutorial's predict, for its loss and the test set: the model compiled once, run on
    # all images at once
    forward = autograd.compile(lambda x, t: model(x), 65, model.parameters())
    optimizer, losses, done = SGD(model.parameters(), lr=0.1), [], 0
    for epoch in sorted({1, epochs} | set(range(LOG_EVERY, epochs + 1, LOG_EVERY))):
        fit(model, X, T, loss="mse", optimizer=optimizer, epochs=epoch - done, batch_size=1,
            shuffle=False, progress=False)
        done = epoch
        losses.append(float(0.5 * np.sum((forward(X).outputs - T) ** 2)))
        print(f"[INFO] epoch={epoch}, loss={losses[-1]:.7f}")
    return model, losses, lambda images: forward(with_ones(images)).outputs


def run(out: str = "out", seed: int = 0, epochs: int = 30, tutorial: bool = False) -> dict:
    tutorial_way = tutorial
    train_x, test_x, train_y, test_y = data(seed)
    started = time.perf_counter()
    train = train_as_tutorial if tutorial_way else train_fast
    model, losses, outputs = train(train_x, train_y, seed, epochs)
    seconds = time.perf_counter() - started
    predicted = outputs(test_x).argmax(axis=1)
    accuracy = float((predicted == test_y).mean())
    print(f"\ntrained {epochs} epochs in {seconds:.1f} s\n")
    print(classification_report(test_y, predicted, digits=3, zero_division=0))
    print(f"test accuracy {accuracy:.1%} (the tutorial reports about {REPORTED_ACCURACY:.0%})")

    name = "digits_tutorial" if tutorial_way else "digits"
    curve = plot_curves(figure_path(out, f"{name}_loss.png"), "Digits: training loss",
                        "0.5 sum (y - t)^2 over the training set" if tutorial_way
                        else "loss (mean of 0.5 sum (y - t)^2)",
                        {"64-32-16-10 sigmoid": losses}, log_y=True,
                        x=sorted({1, epochs} | set(range(LOG_EVERY, epochs + 1, LOG_EVERY)))
                        if tutorial_way else None)
    matrix = _plot_confusion(figure_path(out, f"{name}_confusion.png"),
                             confusion_matrix(test_y, predicted), accuracy)
    print(f"\npictures: {curve}, {matrix}")
    return {"accuracy": accuracy, "seconds": seconds, "losses": losses,
            "files": [curve, matrix]}


def _plot_confusion(path: str, matrix: np.ndarray, accuracy: float) -> str:
    plt = pyplot()
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.imshow(matrix, cmap="Blues")
    for (i, j), count in np.ndenumerate(matrix):
        if count:
            ax.text(j, i, str(count), ha="center", va="center",
                    color="white" if count > matrix.max() / 2 else "black", fontsize=8)
    ax.set(title=f"Digits: confusion matrix ({accuracy:.1%} correct)", xlabel="predicted",
           ylabel="true", xticks=range(10), yticks=range(10))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


if __name__ == "__main__":
    import sys
    tutorial_way = "--tutorial" in sys.argv[1:]
    main(run, __doc__, epochs=1_000 if tutorial_way else 30,
         flags=[("tutorial", "train as the tutorial does: per sample, alpha 0.1, 1,000 epochs "
                             "(a few minutes)")])
