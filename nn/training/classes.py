"""Which class an output means: one rule, used by `fit`, `accuracy`, the films and the pictures.

- Several outputs and class indices (or one-hot rows): the class is the output that is largest.
- One output, or several outputs with a 0/1 (or -1/+1) target each: an output means the upper
  label where it is at least the threshold midway between the two labels, 0.5 for 0/1 targets
  and 0 for -1/+1, whatever the output activation; a row is right when every output is.

So a tanh output trained on 0/1 targets flips at 0.5, where the targets' midpoint is, in every
view, and a hinge-loss score on -1/+1 targets flips at 0.

The rule is written once, in `_larger` (a step of the arg max) and `_side` (a side of the
threshold), with autograd.elementary's `masked`: on arrays it decides every row at once; on
Codes it prints the JavaScript a playground page decides with (`javascript`).
"""

import numpy as np

from autograd import elementary as E
from autograd.live.code import Code


def threshold(labels) -> float:
    """Midway between the two labels: 0 for -1/+1 labels, else 0.5 (for 0/1)."""
    return 0.0 if bool((np.asarray(labels) == -1).any()) else 0.5


def lower(cut: float) -> int:
    """The label below the threshold: -1 where it is 0 (-1/+1 labels), else 0."""
    return -1 if cut == 0.0 else 0


def is_one_hot(labels: np.ndarray) -> bool:
    """Rows of 0s with a single 1: class indices written out, read by their arg max."""
    labels = np.asarray(labels)
    return (labels.ndim == 2 and labels.shape[1] > 1 and bool(np.isin(labels, (0, 1)).all())
            and bool((labels.sum(axis=1) == 1).all()))


def _larger(best, index, score, j):
    """One step of the arg max over a row's outputs, in order: (the largest so far, where it
    is), with output j's score; the first of equal scores stays."""
    greater = score > best
    return E.masked(greater, score, lambda: best), E.masked(greater, j, lambda: index)


def _side(score, cut, low):
    """1 where an output reaches the threshold, else the lower label (0, or -1)."""
    return E.masked(score >= cut, 1, lambda: low)


def _arg_max(scores: np.ndarray) -> np.ndarray:
    """Each row's largest output's index, by `_larger`."""
    best, index = scores[:, 0], np.zeros(len(scores), dtype=int)
    for j in range(1, scores.shape[1]):
        best, index = _larger(best, index, scores[:, j], j)
    return index


def correct(scores, labels) -> np.ndarray:
    """Which rows the outputs `scores` (n, outputs) get right, as booleans (n,); `labels` are
    class indices (n,) for several outputs, else one or more two-class targets per row."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels)
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.shape[1] > 1 and (labels.ndim == 1 or is_one_hot(labels)):
        indices = labels if labels.ndim == 1 else labels.argmax(axis=1)
        return _arg_max(scores) == indices
    cut = threshold(labels)
    low = lower(cut)
    decided = _side(scores, cut, low)
    return np.all(decided == _side(labels.reshape(decided.shape).astype(float), cut, low), axis=1)


def decide(scores, labels) -> np.ndarray:
    """The class each row of `scores` (n, outputs) means, as `correct` reads it: the arg max of
    several outputs, else a row of 0/1 (or -1/+1) per output. `labels` tell which rule applies
    (any sample of them will do)."""
    scores, labels = np.asarray(scores, dtype=float), np.asarray(labels)
    if scores.ndim == 1:
        scores = scores[:, None]
    if scores.shape[1] > 1 and (labels.ndim == 1 or is_one_hot(labels)):
        return _arg_max(scores)
    cut = threshold(labels)
    decided = _side(scores, cut, lower(cut))
    return decided[:, 0] if decided.shape[1] == 1 else decided


def javascript() -> str:
    """The rule as a JavaScript module for a page: `larger(best, index, score, j)` and
    `side(score, cut, low)`, the functions above run on Codes."""
    best, index, score, j = (Code(name) for name in ("best", "index", "score", "j"))
    kept, at = _larger(best, index, score, j)
    side = _side(score, Code("cut"), Code("low"))
    return ("// Generated from nn/training/classes.py by nn.training.classes.javascript(): do not "
            "edit.\n\n"
            "/** @param {number} best @param {number} index @param {number} score "
            "@param {number} j @returns {[number, number]} */\n"
            f"export const larger = (best, index, score, j) => [{kept.text}, {at.text}];\n\n"
            "/** @param {number} score @param {number} cut @param {number} low */\n"
            f"export const side = (score, cut, low) => {side.text};\n")
