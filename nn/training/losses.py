"""Loss functions: each takes outputs and targets and returns one Value to call backward on."""

import math
import numbers
import reprlib
from typing import List, Sequence, Union

from autograd import Value
from autograd.groups import grouped

Outputs = Union[Value, Sequence[Union[Value, float]]]


def _pair(preds: Outputs, targets, name: str):
    preds = [preds] if isinstance(preds, Value) else list(preds)
    targets = [targets] if isinstance(targets, (int, float)) else list(targets)
    if len(preds) != len(targets):
        raise ValueError(f"{name}: {len(preds)} predictions but {len(targets)} targets")
    if not preds:
        raise ValueError(f"{name}: no predictions")
    return preds, targets


def total(terms) -> Value:
    """terms[0] + terms[1] + ...: Python's sum() would start from 0 and put a `0 +` node into
    every loss's graph."""
    terms = list(terms)
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


@grouped("loss", "loss")
def mse_loss(preds: Outputs, targets: Sequence[float]) -> Value:
    """0.5 * sum (p - t)^2: the tutorials' squared error, whose derivative is just p - t."""
    preds, targets = _pair(preds, targets, "mse_loss")
    return 0.5 * total((p - t) ** 2 for p, t in zip(preds, targets))


@grouped("loss", "loss")
def binary_cross_entropy(probs: Outputs, targets: Sequence[float]) -> Value:
    """mean of -(t log p + (1 - t) log(1 - p)), for probabilities p in [0, 1] and targets in
    [0, 1]. As in PyTorch each log is clamped at -100, so p = 0 or 1 gives a large finite loss."""
    probs, targets = _pair(probs, targets, "binary_cross_entropy")
    for i, t in enumerate(targets):
        if not isinstance(t, Value) and not 0.0 <= t <= 1.0:    # a Value: a compiler placeholder
            raise ValueError(f"binary_cross_entropy: target {i} is {t!r}, expected a value "
                             "in [0, 1]")
    terms = [t * _clamped_log(p) + (1.0 - t) * _clamped_log(1.0 - p)
             for p, t in zip(probs, targets)]
    return -total(terms) / len(terms)


_LOG_FLOOR = math.exp(-100.0)


def _clamped_log(p: Value) -> Value:
    """log(p), but never below -100, as PyTorch's BCELoss clamps it. Written as
    log(maximum(p, e^-100)), so the clamp is in the graph: the graph is the same for every p
    (which the batch compiler needs) and the clamp passes no gradient where it applies."""
    data = p.data if isinstance(p, Value) else p
    if not 0.0 <= data <= 1.0:
        raise ValueError(f"binary_cross_entropy: probability {data!r} is outside [0, 1]")
    if not isinstance(p, Value):
        return math.log(max(p, _LOG_FLOOR))
    return p.maximum(_LOG_FLOOR).log()


def log_softmax(values: Sequence[Value]) -> List[Value]:
    """log softmax(values): v_i - logsumexp(values), with the log-sum-exp shifted by the
    largest value, so logits of +-1000 give finite results. The largest value is found with
    the `maximum` op rather than by reading `.data`, so the graph is the same for every input
    (which the batch compiler needs); the shift cancels out of the gradient."""
    values = _logits(values, "log_softmax")
    top = values[0]
    for v in values[1:]:
        top = top.maximum(v)
    log_sum_exp = total((v - top).exp() for v in values).log() + top
    return [v - log_sum_exp for v in values]


def softmax(values: Sequence[Value]) -> List[Value]:
    """exp(v_i) / sum_j exp(v_j), as exp(log_softmax(values)): no exp can overflow."""
    return [v.exp() for v in log_softmax(values)]


@grouped("loss", "loss")
def cross_entropy(logits: Sequence[Value], label_index) -> Value:
    """-log softmax(logits)[label_index] for one sample of class `label_index` (an int); or,
    given one probability per class instead (e.g. one-hot, as the batch compiler passes them),
    -sum_k p_k * log softmax(logits)_k. Computed through the stable log_softmax."""
    logits = _logits(logits, "cross_entropy")
    if isinstance(label_index, numbers.Integral) and not isinstance(label_index, bool):
        label_index = int(label_index)             # a NumPy integer too
        if not 0 <= label_index < len(logits):
            raise ValueError(f"cross_entropy: label_index must be an int in [0, {len(logits)}),"
                             f" got {reprlib.repr(label_index)}")
        return -log_softmax(logits)[label_index]
    if isinstance(label_index, (list, tuple)) and len(label_index) == len(logits):
        return -total(p * ls for p, ls in zip(label_index, log_softmax(logits)))
    raise ValueError(f"cross_entropy: label_index must be an int in [0, {len(logits)}) or "
                     f"{len(logits)} class probabilities, got {reprlib.repr(label_index)}")


def _logits(values, name: str) -> List[Value]:
    values = [values] if isinstance(values, Value) else list(values)
    if not values:
        raise ValueError(f"{name}: no values")
    return [v if isinstance(v, Value) else Value(v) for v in values]


@grouped("loss", "loss")
def hinge_loss(scores: Outputs, targets: Sequence[float]) -> Value:
    """mean of max(0, 1 - t * s) for targets t in {-1, +1} (micrograd's SVM loss)."""
    scores, targets = _pair(scores, targets, "hinge_loss")
    for i, t in enumerate(targets):
        if not isinstance(t, Value) and t not in (-1, 1):
            raise ValueError(f"hinge_loss: target {i} is {t!r}, expected -1 or +1")
    return total((1 - t * s).relu() for s, t in zip(scores, targets)) / len(scores)
