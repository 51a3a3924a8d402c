"""The data `fit` trains on, checked against the model and the loss before anything changes.

`task(model, X, y, loss)` reads X and y as arrays, runs the model once to learn its number of
outputs, and checks every row: numbers, finite, the model's input width, targets the loss
accepts, outputs the loss can take. What it returns (`Task`) holds the data in the forms both
engines need, and whether the task is a classification (so that `fit` counts accuracy).
"""

from dataclasses import dataclass
from typing import Callable, Optional

import numpy as np

from autograd import Value, no_grad

from . import classes
from .losses import binary_cross_entropy, cross_entropy, hinge_loss, mse_loss
from ..arrays import neurons_by_layer, runs_as_arrays
from ..modules import ACTIVATION_BOUNDS, Module, output_activation

LOSSES = {
    "mse": mse_loss,
    "bce": binary_cross_entropy,
    "cross_entropy": cross_entropy,
    "hinge": hinge_loss,
}
CLASSIFICATION_LOSSES = ("bce", "cross_entropy", "hinge")
# What a loss number means, as every view labels it (a playground page fills it in too).
LOSS_LABEL = "{loss}: {how} over the {rows} rows of X"


@dataclass
class Task:
    """The data, checked and in the forms both engines need."""
    X: np.ndarray               # (n, inputs) floats
    targets: list               # what the per-sample loss takes for each row
    T: Optional[np.ndarray]     # (n, outputs) floats for the compiled engine (one-hot for CE)
    labels: Optional[np.ndarray]   # what nn.training.classes compares outputs with (or None)
    outputs: int
    loss_name: Optional[str]    # None for a loss function of the user's
    sample_loss: Callable

    @property
    def classify(self) -> bool:
        return self.labels is not None

    def describe(self, reduction: str = "mean") -> str:
        """What a loss number of this task means, as every view of it labels it."""
        return LOSS_LABEL.format(loss=self.loss_name or "your loss function",
                                 how="mean" if reduction == "mean" else "sum", rows=len(self.X))


def task(model: Module, X, y, loss, who: str = "fit") -> Task:
    """X, y and the loss, checked against each other and against the model, and put in the
    forms the engines need. Raises ValueError (TypeError for wrong types) before anything
    changes.

    model  the Module to train
    X      the rows of inputs
    y      the targets, one per row
    loss   a name from LOSSES or a function (output, target) -> Value
    who    the function to name in messages"""
    if not isinstance(model, Module):
        raise TypeError(f"{who}: model must be an nn Module, got {type(model).__name__}")
    sample_loss, name = _loss_function(loss, who)
    X = matrix(X, "X", who)
    if name is None:                          # the user's own loss: targets as they are
        first = _first_output(model, X, who)
        return _own_loss_task(X, y, first, len(as_list(first)), sample_loss, who)
    nout = _output_count(model, X, who)
    if name == "cross_entropy":
        labels = _class_labels(y, len(X), nout, who)
        return Task(X, labels.tolist(), np.eye(nout)[labels], labels, nout, name, sample_loss)
    T = _targets(model, X, y, name, nout, who)
    return Task(X, T.tolist(), T, _labels(T, name), nout, name, sample_loss)


def _output_count(model: Module, X: np.ndarray, who: str) -> int:
    """How many outputs the model gives for a row of X, or an error saying why it cannot take
    X's rows. A network nn builds says so by its shape, when its first layer takes rows as
    wide as X's; any other model is run on row 0 (a graph of thousands of nodes for the digits
    network: a few milliseconds of every fit)."""
    if runs_as_arrays(model):
        layers = neurons_by_layer(model)
        if len(layers[0][0].w) == X.shape[1]:
            return len(layers[-1])
    return len(as_list(_first_output(model, X, who)))


def _first_output(model: Module, X: np.ndarray, who: str):
    """The model's output for row 0 of X: a Value or a list of them, or an error saying why
    the model cannot take X's rows."""
    try:
        with no_grad():
            first = model(X[0])
    except (ValueError, TypeError) as e:
        raise ValueError(f"{who}: the model does not take the rows of X ({X.shape[1]} numbers "
                         f"each): {e}") from None
    outputs = as_list(first)
    if not outputs or not all(isinstance(v, Value) for v in outputs):
        raise TypeError(f"{who}: the model must return a Value or a list of Values, got "
                        f"{type(first).__name__}")
    return first


def _targets(model: Module, X: np.ndarray, y, name: str, nout: int, who: str) -> np.ndarray:
    """y as (n, outputs) floats, checked: one row per row of X, a number per output, and what
    the loss takes (probabilities for bce, which needs probabilities out too; -1/+1 for
    hinge).

    model  the model (bce checks its outputs)
    X      the rows of inputs, checked
    y      the targets
    name   the loss's name
    nout   the model's number of outputs
    who    the function to name in messages"""
    T = numeric(y, "y", who)
    if len(T) != len(X):
        raise ValueError(f"{who}: X has {len(X)} rows but y has {len(T)} targets")
    T = _target_rows(T, nout, who)
    if name == "bce":
        _within(T, (T >= 0.0) & (T <= 1.0), "a probability in [0, 1]", who)
        _probabilities(model, X, who)
    if name == "hinge":
        _within(T, (T == -1.0) | (T == 1.0), "-1 or +1", who)
    return T


def _labels(T: np.ndarray, name: str) -> Optional[np.ndarray]:
    """What nn.training.classes compares outputs with, where the task is a classification (its loss
    is one, or every target is 0/1 or -1/+1); else None."""
    two_classes = bool(np.isin(T, (0, 1)).all() or np.isin(T, (-1, 1)).all())
    if name not in CLASSIFICATION_LOSSES and not two_classes:
        return None
    if classes.is_one_hot(T):                 # read once here, not after every epoch
        return T.argmax(axis=1)
    return T if T.shape[1] > 1 else T[:, 0]


def _own_loss_task(X, y, first, nout: int, sample_loss, who: str) -> Task:
    """The task of a loss function of the user's, whose targets are passed on as they are,
    once it is seen to give a Value for row 0.

    X            the rows of inputs, checked
    y            the targets, as the user's loss takes them
    first        the model's output for row 0
    nout         the model's number of outputs
    sample_loss  the user's loss function
    who          the function to name in messages"""
    targets = list(y) if not isinstance(y, np.ndarray) else y.tolist()
    if len(targets) != len(X):
        raise ValueError(f"{who}: X has {len(X)} rows but y has {len(targets)} targets")
    with no_grad():
        value = sample_loss(first, targets[0])
    if not isinstance(value, Value):
        raise TypeError(f"{who}: the loss function must return a Value (build it from the "
                        f"model's output with Value operations), got {type(value).__name__} "
                        f"{value!r} for row 0")
    return Task(X, targets, None, None, nout, None, sample_loss)


def _probabilities(model: Module, X: np.ndarray, who: str) -> None:
    """loss='bce' takes probabilities: a model nn built needs an output activation whose results
    are in [0, 1] (a sigmoid); any other model's outputs are checked on every row now."""
    activation = output_activation(model)
    if activation is None:
        _outputs_in_0_1(model, X, who)
        return
    bounds = ACTIVATION_BOUNDS[activation]
    if bounds is None or bounds[0] < 0.0 or bounds[1] > 1.0:
        span = "any real number" if bounds is None else \
            f"values in ({bounds[0]:g}, {bounds[1]:g})"
        raise ValueError(f"{who}: loss='bce' needs probabilities, but the model's output "
                         f"activation is {activation}, which gives {span}: give it "
                         f"output_activation='sigmoid'")


def _outputs_in_0_1(model: Module, X: np.ndarray, who: str) -> None:
    """ValueError naming the first row of X on which the model gives a number outside [0, 1]."""
    with no_grad():
        for i, x in enumerate(X):
            bad = [v.data for v in as_list(model(x)) if not 0.0 <= v.data <= 1.0]
            if bad:
                raise ValueError(f"{who}: loss='bce' needs probabilities, but the model's "
                                 f"output for row {i} of X is {bad[0]!r}: give it a sigmoid "
                                 "output")


def _loss_function(loss, who: str):
    if callable(loss):
        return loss, None
    if loss not in LOSSES:
        raise ValueError(f"{who}: unknown loss {loss!r}; known: {', '.join(LOSSES)} (or pass "
                         "a function (output, target) -> Value)")
    return LOSSES[loss], loss


def matrix(X, what: str, who: str) -> np.ndarray:
    """X as an (n, k) array of finite floats, n >= 1, or a ValueError that says what it is."""
    data = numeric(X, what, who)
    if len(data) == 0:
        raise ValueError(f"{who}: {what} has no rows")
    if data.ndim == 1:
        raise ValueError(f"{who}: {what} should hold rows of inputs, one per sample; got one "
                         f"row of {len(data)} numbers (for one sample pass [[...]], or call "
                         "model(x))")
    if data.ndim != 2 or data.shape[0] == 0 or data.shape[1] == 0:
        raise ValueError(f"{who}: {what} should hold rows of inputs; got an array of shape "
                         f"{data.shape}" + (" (no rows)" if data.shape[0] == 0 else ""))
    return data


def numeric(data, what: str, who: str) -> np.ndarray:
    """data as an array of finite floats (any shape), refusing strings, None, complex numbers,
    rows of different lengths, NaN and inf with a message naming the first culprit."""
    if isinstance(data, (str, bytes)) or data is None:
        raise ValueError(f"{who}: {what} must be a list or a NumPy array of numbers, got "
                         f"{type(data).__name__}")
    try:
        array = np.asarray(data)
    except ValueError:                       # rows of different lengths
        array = np.asarray(data, dtype=object)
    if array.dtype == object:
        raise _not_numbers(data, what, who)
    if array.dtype.kind not in "biuf":
        culprit = array.flat[0] if array.size else None
        raise ValueError(f"{who}: {what} must hold real numbers, got {array.dtype} values "
                         f"such as {culprit!r}")
    array = array.astype(float)
    if not np.isfinite(array).all():
        where = tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])
        raise ValueError(f"{who}: {what}{list(where)} is {array[where]}; every value must be "
                         "a finite number")
    return array


def _not_numbers(data, what: str, who: str) -> ValueError:
    """Why data NumPy could only hold as objects is not numbers: the first row whose length
    differs from row 0's, else that it holds something else."""
    lengths = [len(r) if isinstance(r, (list, tuple, np.ndarray)) else None for r in data]
    for i, n in enumerate(lengths):
        if n != lengths[0]:
            return ValueError(f"{who}: row {i} of {what} holds "
                              f"{'no list' if n is None else f'{n} numbers'}, row 0 "
                              f"{'no list' if lengths[0] is None else f'{lengths[0]}'}")
    return ValueError(f"{who}: {what} must hold numbers only")


def _target_rows(T: np.ndarray, nout: int, who: str) -> np.ndarray:
    if T.ndim == 1 and nout == 1:
        return T[:, None]
    if T.ndim == 2 and T.shape[1] == nout:
        return T
    row = T[0].tolist() if T.ndim > 1 else T[0]
    raise ValueError(f"{who}: each target should hold {nout} numbers (one per output), got "
                     f"{row!r}")


def _class_labels(y, n: int, nout: int, who: str) -> np.ndarray:
    if nout < 2:
        raise ValueError(f"{who}: loss='cross_entropy' needs one output per class (2 or more); "
                         "the model has 1 output. For two classes use one sigmoid output with "
                         "loss='bce', or give the model 2 outputs")
    labels = numeric(y, "y", who)
    if labels.ndim != 1 or len(labels) != n:
        raise ValueError(f"{who}: y should hold {n} class indices, got shape {labels.shape}")
    bad = (labels != np.round(labels)) | (labels < 0) | (labels >= nout)
    if bad.any():
        i = int(np.argmax(bad))
        raise ValueError(f"{who}: target {i} should be a class index in [0, {nout}), got "
                         f"{y[i]!r}")
    return labels.astype(int)


def _within(T: np.ndarray, ok: np.ndarray, expected: str, who: str) -> None:
    if not ok.all():
        i = int(np.argwhere(~ok)[0][0])
        shown = T[i].tolist() if T.shape[1] > 1 else T[i, 0].item()
        raise ValueError(f"{who}: target {i} is {shown!r}; each should be {expected}")


def as_list(output) -> list:
    return output if isinstance(output, list) else [output]
