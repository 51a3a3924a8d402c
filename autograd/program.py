"""What a compiled program is made of, and how it runs a batch.

The compiler (`compiler.py`) turns a traced graph into groups: a `Group` is nodes of one level
with one op, a `Dense` is a layer of neurons. A `Program` turns each group into a *step*, an
object that does that group's forward and backward work in a few NumPy calls on a value array
with one row per node and one column per sample. Every index a step needs is worked out when
the program is built, so running a batch is NumPy calls and little else: at batch 32 a Python
statement costs about as much as the arithmetic it starts.

Parameters are read from one vector (`weights`, in the order of `params`). A layer's weights
laid out as `nn` lays them out (each neuron's weights in a row, neurons at a fixed stride) are
a strided *view* of that vector, and its gradients are added to a view of the gradient vector:
no gather, no scatter.
"""

from dataclasses import dataclass
from typing import Dict, List, NamedTuple, Optional, Sequence, Set, Tuple

import numpy as np

from . import ops
from .value import Value


SUM = ops.Op("sum", "sum({})")    # the n-ary sum that fuse_sums makes; its local derivatives are 1


class Rows(NamedTuple):
    """Where things live in the (rows, batch) value array."""
    count: int
    inputs: List[int]
    targets: List[int]
    params: List[int]             # one per declared parameter (-1 if the graph does not use it)
    constants: Dict[int, float]
    outputs: List[int]


@dataclass
class Dense:
    """A layer: rows[i] = sum_j W[i, j] * values[sources[j]] (+ b[i]), with W and b taken from
    the parameters (`weights` and `bias` hold parameter indices)."""
    rows: Tuple[int, ...]
    sources: Tuple[int, ...]
    weights: np.ndarray
    bias: Optional[np.ndarray]


class Group(NamedTuple):
    """Nodes of one level with the same op (and, for SUM, the same number of terms)."""
    op: object
    rows: object                     # rows written: a slice or an index array
    operands: tuple                  # per operand position, rows read (SUM: one array of g * k
                                     # rows), or one float where the operand is a constant
    terms: int                       # operands per node (k)
    repeats: Tuple[bool, ...]        # per operand array: does a row appear twice (fan-out)?


class Result(NamedTuple):
    outputs: np.ndarray      # (batch, number of outputs)
    grads: np.ndarray        # (number of params,): d(output 0)/d(param), summed over the batch


class Program:
    """A compiled graph: call it with a batch to get the outputs and the summed gradients."""

    def __init__(self, groups: List[object], rows: Rows, params: List[Value]) -> None:
        self.groups, self.rows, self.params = groups, rows, params
        needed = _gradients_needed(groups, rows)
        size = len(params)
        self._steps = [_DenseStep(g, needed, size) if isinstance(g, Dense)
                       else _SumStep(g, needed) if g.op is SUM else _OpStep(g, needed)
                       for g in groups]
        self._backward_steps = [s for s in reversed(self._steps) if s.runs_backward]
        # Leaf rows, and where their values come from: columns of X and T, the parameter vector
        # (parameters read outside a layer) and the constants.
        self._inputs = _used(rows.inputs)
        self._targets = _used(rows.targets)
        self._param_rows = _used(rows.params)
        self._outputs = _index(rows.outputs)
        self._constants = (_index(list(rows.constants)),
                           np.array(list(rows.constants.values()))[:, None])

    def __repr__(self) -> str:
        return (f"Program({self.rows.count} nodes in {len(self.groups)} groups, "
                f"{len(self.rows.inputs)} inputs, {len(self.rows.params)} params)")

    def __call__(self, X, T=None, weights=None) -> Result:
        """Outputs and summed gradients for the batch X (and targets T). The parameters' values
        are read from their `.data`, unless `weights` gives them as one vector in the order of
        `params` (for a caller that keeps them in one, like an optimizer: reading thousands of
        `.data` attributes costs more than the whole step at small batches)."""
        X = self._batch(X, len(self.rows.inputs), "X")
        batch = X.shape[0]
        T = self._batch(T, len(self.rows.targets), "T", batch) if self.rows.targets else None
        weights = self._weights(weights)
        values = self._load(X, T, weights)
        grads = np.zeros_like(values)
        grads[self.rows.outputs[0]] = 1.0
        param_grads = np.zeros(len(self.params))
        with np.errstate(all="ignore"):
            for step in self._steps:
                step.forward(values, weights)
            for step in self._backward_steps:
                step.backward(values, grads, weights, param_grads)
        rows, ids = self._param_rows       # a parameter's row holds its gradient per sample
        if _count(rows):
            param_grads[ids] += grads[rows].sum(axis=1)
        return Result(values[self._outputs].T.copy(), param_grads)

    def accumulate(self, X, T=None, weights=None) -> Result:
        """Run the batch and add the summed gradients to the parameters' `.grad`, as
        `backward()` on each sample's loss would."""
        result = self(X, T, weights)
        for p, g in zip(self.params, result.grads.tolist()):
            p.grad += g
        return result

    def _weights(self, weights) -> np.ndarray:
        if weights is None:
            return np.array([p.data for p in self.params], dtype=float)
        vector = np.asarray(weights, dtype=float)
        if vector.shape != (len(self.params),):
            raise ValueError(f"weights should be a vector of the {len(self.params)} parameters' "
                             f"values, got shape {vector.shape}")
        return vector

    def _batch(self, data, width: int, name: str, batch: Optional[int] = None) -> np.ndarray:
        if data is None:
            raise ValueError(f"the program needs {name} with {width} columns")
        array = np.asarray(data, dtype=float)
        if array.ndim == 1 and width == 1:
            array = array[:, None]
        if array.ndim != 2 or array.shape[1] != width or (batch and array.shape[0] != batch):
            rows = f"{batch} rows and " if batch else ""
            raise ValueError(f"{name} should have shape ({rows or 'batch, '}{width} columns), "
                             f"got {array.shape}")
        return array

    def _load(self, X: np.ndarray, T: Optional[np.ndarray], weights: np.ndarray) -> np.ndarray:
        """The value array with its leaf rows filled: inputs and targets per sample, parameters
        (their current .data) and constants the same for every sample."""
        values = np.empty((self.rows.count, X.shape[0]))
        rows, columns = self._inputs
        values[rows] = X.T[columns]
        if T is not None:
            rows, columns = self._targets
            values[rows] = T.T[columns]
        rows, ids = self._param_rows
        values[rows] = weights[ids][:, None]
        rows, constants = self._constants
        values[rows] = constants
        return values


# --- steps: one per group, each with forward(values, weights) and backward(values, grads,
# weights, param_grads); backward adds the group's contribution to its operands' gradients ---

class _DenseStep:
    """A layer: one matrix product forward, two backward (one when its sources are inputs,
    which need no gradient)."""

    def __init__(self, layer: Dense, needed: Set[int], size: int) -> None:
        self.rows, self.sources = _index(list(layer.rows)), _index(list(layer.sources))
        self.weights = _ParamBlock(layer.weights, size)
        self.bias = None if layer.bias is None else _ParamBlock(layer.bias, size)
        self.runs_backward = any(r in needed for r in layer.rows)
        self.source_grads = any(r in needed for r in layer.sources)
        self.repeated_sources = _repeats(layer.sources)

    def forward(self, values, weights) -> None:
        product = self.weights.take(weights) @ values[self.sources]
        if self.bias is not None:
            product += self.bias.take(weights)[:, None]
        values[self.rows] = product

    def backward(self, values, grads, weights, param_grads) -> None:
        upstream = grads[self.rows]
        self.weights.add(param_grads, upstream @ values[self.sources].T)
        if self.bias is not None:
            self.bias.add(param_grads, upstream.sum(axis=1))
        if self.source_grads:
            _scatter_add(grads, self.sources, self.weights.take(weights).T @ upstream,
                         self.repeated_sources)


class _SumStep:
    """n-ary sums, k terms each: a reshape and a sum forward; backward every term receives the
    upstream gradient as it is (the local derivative of a sum is 1)."""

    def __init__(self, group: Group, needed: Set[int]) -> None:
        self.rows, self.terms = group.rows, group.operands[0]
        self.shape = (_count(group.rows), group.terms, -1)
        self.repeats = group.repeats[0]
        self.runs_backward = _any(needed, group.rows) and _any(needed, self.terms)

    def forward(self, values, weights) -> None:
        values[self.rows] = values[self.terms].reshape(self.shape).sum(axis=1)

    def backward(self, values, grads, weights, param_grads) -> None:
        upstream = grads[self.rows]
        if isinstance(self.terms, slice):        # the terms' gradient rows are one block: a view
            block = grads[self.terms].reshape(self.shape)
            block += upstream[:, None, :]
        else:
            spread = np.repeat(upstream, self.shape[1], axis=0)
            _scatter_add(grads, self.terms, spread, self.repeats)


class _OpStep:
    """An op from the table, applied to whole (group, batch) arrays: forward by its forward,
    backward by its derivative rules, one per operand that needs a gradient."""

    def __init__(self, group: Group, needed: Set[int]) -> None:
        self.op, self.rows, self.operands = group.op, group.rows, group.operands
        # (rule, rows, repeats) for each operand position whose rows need a gradient; constants
        # (given as floats) receive none
        self.rules = [(rule, operand, repeats) for rule, operand, repeats
                      in zip(group.op.derivatives, group.operands, group.repeats)
                      if not isinstance(operand, float) and _any(needed, operand)]
        self.runs_backward = bool(self.rules) and _any(needed, group.rows)

    def forward(self, values, weights) -> None:
        values[self.rows] = self.op.forward(*[_read(values, o) for o in self.operands])

    def backward(self, values, grads, weights, param_grads) -> None:
        upstream = grads[self.rows]
        args = [_read(values, o) for o in self.operands]
        args.append(values[self.rows])
        for rule, operand, repeats in self.rules:
            _scatter_add(grads, operand, upstream * rule(*args), repeats)


class _ParamBlock:
    """Where a layer's weights (or biases) sit in the parameter vector.

    When the parameter indices form a regular block (rows of consecutive indices starting at a
    fixed stride, as nn lays out a layer; or evenly spaced biases), `take` is a view of the
    vector and `add` adds to a view of the gradient vector in place. Otherwise they are
    gathered and scattered by index, with np.add.at where an index repeats (a shared weight)."""

    def __init__(self, ids: np.ndarray, size: int) -> None:
        self.ids = ids
        self.repeats = _repeats(ids.ravel())
        self.block = _regular_block(ids, size)      # (slice, shape, width) or None

    def take(self, vector: np.ndarray) -> np.ndarray:
        if self.block is None:
            return vector[self.ids]
        window, shape, width = self.block
        view = vector[window]
        return view if shape is None else view.reshape(shape)[:, :width]

    def add(self, totals: np.ndarray, amounts: np.ndarray) -> None:
        if self.block is not None:
            view = self.take(totals)
            view += amounts
        elif self.repeats:
            np.add.at(totals, self.ids, amounts)
        else:
            totals[self.ids] += amounts


def _regular_block(ids: np.ndarray, size: int):
    """(slice, shape, width) such that vector[slice].reshape(shape)[:, :width] is vector[ids]
    (shape None: vector[slice] is), or None where ids are not that regular."""
    if ids.ndim == 1:
        step = int(ids[1] - ids[0]) if len(ids) > 1 else 1
        if step > 0 and np.array_equal(ids, ids[0] + step * np.arange(len(ids))):
            return slice(int(ids[0]), int(ids[-1]) + 1, step), None, None
        return None
    n, width = ids.shape
    stride = int(ids[1, 0] - ids[0, 0]) if n > 1 else width
    start = int(ids[0, 0])
    regular = np.array_equal(ids, start + stride * np.arange(n)[:, None] + np.arange(width))
    if regular and stride >= width and start + n * stride <= size:
        return slice(start, start + n * stride), (n, stride), width
    return None


def _gradients_needed(groups: List[object], rows: Rows) -> Set[int]:
    """The rows whose gradient backward must compute: those that depend on a parameter (else
    nothing learns from their gradient) and that output 0 depends on (else it is zero)."""
    def edges_of(g):            # (rows written, rows read, whether parameters are read too)
        if isinstance(g, Dense):
            return [(list(g.rows), list(g.sources), True)]
        listed = [_listed(o) for o in g.operands if not isinstance(o, float)]
        if g.op is SUM:
            return [([r], listed[0][i * g.terms:(i + 1) * g.terms], False)
                    for i, r in enumerate(_listed(g.rows))]
        return [([r], [o[i] for o in listed], False) for i, r in enumerate(_listed(g.rows))]

    edges = [edge for g in groups for edge in edges_of(g)]
    learns = {r for r in rows.params if r >= 0}
    for written, read, reads_params in edges:
        if reads_params or any(r in learns for r in read):
            learns.update(written)
    feeds = {rows.outputs[0]}
    for written, read, _ in reversed(edges):
        if any(r in feeds for r in written):
            feeds.update(read)
    return learns & feeds


def _listed(index) -> List[int]:
    return list(range(index.start, index.stop)) if isinstance(index, slice) else list(index)


def _any(needed: Set[int], index) -> bool:
    return any(r in needed for r in _listed(index))


def _read(values: np.ndarray, operand):
    """An operand's values: its rows, or the constant itself."""
    return operand if isinstance(operand, float) else values[operand]


def _index(rows: Sequence[int]):
    """A slice where the rows are consecutive (indexing then gives a view), else an array."""
    rows = [int(r) for r in rows]
    if rows and rows == list(range(rows[0], rows[0] + len(rows))):
        return slice(rows[0], rows[0] + len(rows))
    return np.array(rows, dtype=int)


def _count(index) -> int:
    return index.stop - index.start if isinstance(index, slice) else len(index)


def _repeats(rows) -> bool:
    return len(np.unique(np.asarray(rows))) < len(rows)


def _used(rows: List[int]):
    """(rows, positions) of the entries that the graph uses (a row of -1 means unused)."""
    pairs = [(r, i) for i, r in enumerate(rows) if r >= 0]
    return _index([r for r, _ in pairs]), _index([i for _, i in pairs])


def _scatter_add(grads: np.ndarray, rows, contribution: np.ndarray, repeats: bool) -> None:
    """grads[rows] += contribution, where a row listed twice gets both contributions.
    (`grads[rows] += c` alone would keep only one: NumPy buffers fancy-index updates.)"""
    if repeats:
        np.add.at(grads, rows, np.broadcast_to(contribution, (_count(rows), grads.shape[1])))
    else:
        grads[rows] += contribution
