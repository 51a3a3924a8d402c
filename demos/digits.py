"""The tutorial's second example: scikit-learn's 8x8 digits with a 64-32-16-10 sigmoid network,
trained with the batch compiler.

    python -m demos.digits [--epochs 30] [--seed 0] [--out DIR]

Same data preparation (min-max scaling, a 25% test split), network and loss (squared error on
one-hot targets) as the tutorial. The tutorial trains sample by sample for 1,000 epochs, which
with a scalar engine takes hours (about 6,000 nodes per sample); here the model, still made of
Values, is traced once and trained on mini-batches of 64 with NumPy and Adam: seconds.
"""

import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.metrics import classification_report, confusion_matrix
from sklearn.model_selection import train_test_split

import autograd
from demos.common import figure_path, main, plot_curves, pyplot
from nn import MLP, Adam, fit

REPORTED_ACCURACY = 0.98          # what the tutorial reports on its test split


def run(out: str = "out", seed: int = 0, epochs: int = 30) -> dict:
    digits = load_digits()
    data = digits.data.astype(float)
    data = (data - data.min()) / (data.max() - data.min())
    train_x, test_x, train_y, test_y = train_test_split(data, digits.target, test_size=0.25,
                                                        random_state=seed)
    model = MLP(64, [32, 16, 10], activation="sigmoid", init="normal", seed=seed)
    print(f"{model}: {len(train_x)} training and {len(test_x)} test images")
    started = time.perf_counter()
    history = fit(model, train_x, np.eye(10)[train_y], loss="mse", batch_size=64,
                  optimizer=Adam(model.parameters(), lr=0.02), epochs=epochs, seed=seed,
                  engine="compiled", display_every=max(epochs // 5, 1))
    seconds = time.perf_counter() - started
    # Predictions by the same model compiled for a forward pass only: all test images at once.
    forward = autograd.compile(lambda x, t: model(x), 64, model.parameters())
    predicted = forward(test_x).outputs.argmax(axis=1)
    accuracy = float((predicted == test_y).mean())
    print(f"\ntrained {epochs} epochs in {seconds:.1f} s (the compiled engine)\n")
    print(classification_report(test_y, predicted, digits=3))
    print(f"test accuracy {accuracy:.1%} (the tutorial reports about {REPORTED_ACCURACY:.0%})")

    curve = plot_curves(figure_path(out, "digits_loss.png"), "Digits: training loss",
                        "loss (mean of 0.5 sum (y - t)^2)", {"64-32-16-10 sigmoid": history.loss},
                        log_y=True)
    matrix = _plot_confusion(figure_path(out, "digits_confusion.png"),
                             confusion_matrix(test_y, predicted), accuracy)
    print(f"\npictures: {curve}, {matrix}")
    return {"accuracy": accuracy, "seconds": seconds, "files": [curve, matrix]}


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
    main(run, __doc__, epochs=30)
