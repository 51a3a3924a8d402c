"""Which class an output means: one rule, used by `fit`, `accuracy`, the films and the pictures.

- Several outputs and class indices (or one-hot rows): the class is the output that is largest.
- One output, or several outputs with a 0/1 (or -1/+1) target each: an output means the upper
  label where it is at least the threshold midway between the two labels, 0.5 for 0/1 targets
  and 0 for -1/+1, whatever the output activation; a row is right when every output is.

So a tanh output trained on 0/1 targets flips at 0.5, where the targets' midpoint is, in every
view, and a hinge-loss score on -1/+1 targets flips at 0.
"""

import numpy as np


def threshold(labels) -> float:
    """Midway between the two labels: 0 for -1/+1 labels, else 0.5 (for 0/1)."""
    return 0.0 if bool((np.asarray(labels) == -1).any()) else 0.5


def is_one_hot(labels: np.ndarray) -> bool:
    """Rows of 0s with a single 1: class indices written out, read by their arg max."""
    labels = np.asarray(labels)
    return (labels.ndim == 2 and labels.shape[1] > 1 and bool(np.isin(labels, (0, 1)).all())
            and bool((labels.sum(axis=1) == 1).all()))


def correct(scores, labels) -> np.ndarray:
    """Which rows the outputs `scores` (n, outputs) get right, as booleans (n,); `labels` are
    class indices (n,) for several outputs, else one or more two-class targets per row."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels)
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.shape[1] > 1 and (labels.ndim == 1 or is_one_hot(labels)):
        indices = labels if labels.ndim == 1 else labels.argmax(axis=1)
        return scores.argmax(axis=1) == indices
    cut = threshold(labels)
    decided = scores >= cut
    return np.all(decided == (labels.reshape(decided.shape) >= cut), axis=1)


def decide(scores, labels) -> np.ndarray:
    """The class each row of `scores` (n, outputs) means, as `correct` reads it: the arg max of
    several outputs, else a row of 0/1 (or -1/+1) per output. `labels` tell which rule applies
    (any sample of them will do)."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels)
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.shape[1] > 1 and (labels.ndim == 1 or is_one_hot(labels)):
        return scores.argmax(axis=1)
    cut = threshold(labels)
    low = -1 if cut == 0.0 else 0
    decided = np.where(scores >= cut, 1, low)
    return decided[:, 0] if decided.shape[1] == 1 else decided
