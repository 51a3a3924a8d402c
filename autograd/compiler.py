"""The batch compiler: trace a scalar graph once, then run it on a whole batch with NumPy.

    program = compile(lambda x, t: mse_loss(model(x), t), n_inputs=2,
                      params=model.parameters(), n_targets=1)
    result = program(X, T)         # X: (B, 2), T: (B, 1)
    result.outputs                 # (B, number of outputs) array
    result.grads                   # d(output 0)/d(param), summed over the batch

The model stays made of scalar Values: the program reads the parameters' current `.data` on
every call, so after an optimizer step it sees the new weights. The passes, in order:

    trace        run fn on placeholder Values (twice, to catch Python branches on `.data`)
    collect      number the nodes parents-first and sort out inputs, targets, parameters and
                 constants (any other leaf is an error: an input that was not declared)
    fuse_sums    turn chains of `+` (what Python's sum() builds) into one n-ary sum
    schedule     group the nodes by topological level and op: each group is one NumPy call
                 over a (group, batch) array, forward and backward

Each op is run from its declaration in `ops.py`, whose forward and derivative rules evaluate on
arrays as well as on floats: there is no second copy of the math here.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Dict, List, NamedTuple, Optional, Sequence, Tuple

import numpy as np

from . import ops
from .graph import topological_order
from .value import Value


class TraceError(ValueError):
    """The function cannot be compiled: its graph is not the same for every input."""


class Result(NamedTuple):
    outputs: np.ndarray      # (batch, number of outputs)
    grads: np.ndarray        # (number of params,): d(output 0)/d(param), summed over the batch


@dataclass
class Node:
    """A node of the compiled graph: an op and the rows of its operands in the value array."""
    row: int
    op: object                # an ops.Op, or SUM for a fused chain of +
    operands: Tuple[int, ...]


SUM = ops.Op("sum", "sum({})")    # the n-ary sum that fuse_sums makes; its local derivatives are 1


def compile(fn: Callable[[List[Value], List[Value]], object], n_inputs: int,
            params: Sequence[Value] = (), n_targets: int = 0) -> "Program":
    """Trace `fn(inputs, targets)` (lists of placeholder Values; it returns a Value or a list of
    Values, the first being the one differentiated) and compile it for batches."""
    params = list(params)
    if not all(isinstance(p, Value) for p in params):
        raise TypeError("compile: params must be Values (e.g. model.parameters())")
    outputs, inputs, targets = trace(fn, n_inputs, n_targets)
    nodes, rows = collect(outputs, inputs, targets, params)
    nodes = fuse_sums(nodes, rows.outputs)
    return Program(schedule(nodes), rows, params)


def trace(fn, n_inputs: int, n_targets: int):
    """Run fn on placeholders at several points: on both sides of 0.5, and below 0 when fn is
    defined there. If the graphs differ, fn branches in Python on a `.data`, and a single trace
    would silently freeze one branch. (A branch none of the points crosses cannot be seen.)"""
    rng = random.Random(0)
    traces = []
    for low, high in ((0.55, 0.95), (0.05, 0.45), (-0.95, -0.05)):
        inputs = [Value(rng.uniform(low, high), label=f"x{i}") for i in range(n_inputs)]
        targets = [Value(rng.uniform(low, high), label=f"t{i}") for i in range(n_targets)]
        try:
            result = fn(inputs, targets)
        except ValueError:
            if traces and low < 0:       # e.g. log of a negative input: fn is not defined there
                continue
            raise
        outputs = [result] if isinstance(result, Value) else list(result)
        if not outputs or not all(isinstance(o, Value) for o in outputs):
            raise TypeError("compile: fn must return a Value or a list of Values")
        traces.append((outputs, inputs, targets))
    first = _shape(*traces[0])
    if any(_shape(*other) != first for other in traces[1:]):
        raise TraceError("compile: fn builds a different graph for different inputs, so it "
                         "branches in Python on a Value's .data (an `if` or a max() on .data); "
                         "use ops instead (relu, abs, maximum) so the branch is in the graph")
    return traces[0]


def _shape(outputs, inputs, targets) -> list:
    """The graph's structure: each node's op and its operands' positions, constants' values."""
    order = _parents_first(outputs)
    position = {node: i for i, node in enumerate(order)}
    leaves = {x: ("input", i) for i, x in enumerate(inputs)}
    leaves.update({t: ("target", i) for i, t in enumerate(targets)})
    return [(n.op, tuple(position[p] for p in n.parents),
             leaves.get(n, n.data if n._op is ops.CONSTANT else None)) for n in order] \
        + [position[o] for o in outputs]


def _parents_first(outputs: List[Value]) -> List[Value]:
    """Every node the outputs depend on, each after its operands."""
    seen, nodes = set(), []
    for out in outputs:
        for node in topological_order(out):
            if node not in seen:
                seen.add(node)
                nodes.append(node)
    return sorted(nodes, key=lambda n: n._index)


class Rows(NamedTuple):
    """Where things live in the (rows, batch) value array."""
    count: int
    inputs: List[int]
    targets: List[int]
    params: List[int]             # one per declared parameter (-1 if the graph does not use it)
    constants: Dict[int, float]
    outputs: List[int]


def collect(outputs, inputs, targets, params) -> Tuple[List[Node], Rows]:
    """Number the nodes parents-first; leaves become input, target, parameter or constant rows."""
    order = _parents_first(outputs)
    row = {node: i for i, node in enumerate(order)}
    kinds = {x: "input" for x in inputs}
    kinds.update({t: "target" for t in targets})
    kinds.update({p: "param" for p in params})
    constants, nodes = {}, []
    for node in order:
        if node.parents:
            nodes.append(Node(row[node], node._op, tuple(row[p] for p in node.parents)))
        elif node._op is ops.CONSTANT:
            constants[row[node]] = node.data
        elif node not in kinds:
            name = f"{node.label!r} " if node.label else ""
            raise ValueError(f"compile: the graph uses a Value {name}(data {node.data!r}) that is "
                             "neither an input, a target nor one of params; declare it as a "
                             "parameter, or use a plain number if it is a constant")
    return nodes, Rows(len(order), [row.get(x, -1) for x in inputs],
                       [row.get(t, -1) for t in targets], [row.get(p, -1) for p in params],
                       constants, [row[o] for o in outputs])


def fuse_sums(nodes: List[Node], keep: Sequence[int]) -> List[Node]:
    """Fold each chain of `+` into one n-ary SUM: ((a + b) + c) + d becomes sum(a, b, c, d).
    An inner `+` is folded only when its one use is the next `+` (and it is not an output), so
    no value that anything else reads disappears."""
    uses: Dict[int, int] = defaultdict(int)
    for node in nodes:
        for r in node.operands:
            uses[r] += 1
    by_row = {node.row: node for node in nodes}
    folded = set()

    def terms(r: int) -> List[int]:
        inner = by_row.get(r)
        if inner is not None and inner.op is ops.ADD and uses[r] == 1 and r not in keep:
            folded.add(r)
            return [t for operand in inner.operands for t in terms(operand)]
        return [r]

    fused = []
    for node in reversed(nodes):            # consumers first, so a chain is folded from its end
        if node.row in folded:
            continue
        if node.op is ops.ADD:
            flat = [t for operand in node.operands for t in terms(operand)]
            node = Node(node.row, SUM if len(flat) > 2 else ops.ADD, tuple(flat))
        fused.append(node)
    return fused[::-1]


class Group(NamedTuple):
    """Nodes of one level with the same op (and, for SUM, the same number of terms)."""
    op: object
    rows: np.ndarray                 # (g,) rows written
    operands: Tuple[np.ndarray, ...]  # per operand position, (g,) rows read; SUM: one (g * k,)
    terms: int                       # operands per node (k)
    repeats: Tuple[bool, ...]        # per operand array: does a row appear twice (fan-out)?


def schedule(nodes: List[Node]) -> List[Group]:
    """Group the nodes by level (1 + the deepest operand) and op; groups run in level order."""
    level: Dict[int, int] = {}
    buckets: Dict[tuple, List[Node]] = defaultdict(list)
    for node in nodes:
        level[node.row] = 1 + max((level.get(r, 0) for r in node.operands), default=0)
        buckets[(level[node.row], node.op.name, len(node.operands))].append(node)
    groups = []
    for (_, _, k), members in sorted(buckets.items(), key=lambda item: item[0][0]):
        op = members[0].op
        rows = np.array([m.row for m in members])
        if op is SUM:
            operands = (np.array([r for m in members for r in m.operands]),)
        else:
            operands = tuple(np.array([m.operands[i] for m in members]) for i in range(k))
        repeats = tuple(len(np.unique(o)) < len(o) for o in operands)
        groups.append(Group(op, rows, operands, k, repeats))
    return groups


class Program:
    """A compiled graph: call it with a batch to get the outputs and the summed gradients."""

    def __init__(self, groups: List[Group], rows: Rows, params: List[Value]) -> None:
        self.groups, self.rows, self.params = groups, rows, params

    def __repr__(self) -> str:
        return (f"Program({self.rows.count} nodes in {len(self.groups)} groups, "
                f"{len(self.rows.inputs)} inputs, {len(self.rows.params)} params)")

    def __call__(self, X, T=None) -> Result:
        X = self._batch(X, len(self.rows.inputs), "X")
        batch = X.shape[0]
        T = self._batch(T, len(self.rows.targets), "T", batch) if self.rows.targets else None
        values = self._load(X, T)
        with np.errstate(all="ignore"):
            self._forward(values)
            grads = self._backward(values)
        param_grads = np.array([grads[r].sum() if r >= 0 else 0.0 for r in self.rows.params])
        return Result(values[self.rows.outputs].T.copy(), param_grads)

    def accumulate(self, X, T=None) -> Result:
        """Run the batch and add the summed gradients to the parameters' `.grad`, as
        `backward()` on each sample's loss would."""
        result = self(X, T)
        for p, g in zip(self.params, result.grads):
            p.grad += float(g)
        return result

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

    def _load(self, X: np.ndarray, T: Optional[np.ndarray]) -> np.ndarray:
        """The value array with its leaf rows filled: inputs and targets per sample, parameters
        (their current .data) and constants the same for every sample."""
        values = np.empty((self.rows.count, X.shape[0]))
        for column, r in enumerate(self.rows.inputs):
            if r >= 0:
                values[r] = X[:, column]
        for column, r in enumerate(self.rows.targets):
            if r >= 0:
                values[r] = T[:, column]
        for p, r in zip(self.params, self.rows.params):
            if r >= 0:
                values[r] = p.data
        for r, c in self.rows.constants.items():
            values[r] = c
        return values

    def _forward(self, values: np.ndarray) -> None:
        for g in self.groups:
            if g.op is SUM:
                values[g.rows] = values[g.operands[0]].reshape(len(g.rows), g.terms, -1).sum(1)
            else:
                values[g.rows] = g.op.forward(*(values[o] for o in g.operands))

    def _backward(self, values: np.ndarray) -> np.ndarray:
        grads = np.zeros_like(values)
        grads[self.rows.outputs[0]] = 1.0
        for g in reversed(self.groups):
            upstream = grads[g.rows]
            if g.op is SUM:
                spread = np.repeat(upstream, g.terms, axis=0)
                _scatter_add(grads, g.operands[0], spread, g.repeats[0])
                continue
            args = [values[o] for o in g.operands] + [values[g.rows]]
            for operand, rule, repeats in zip(g.operands, g.op.derivatives, g.repeats):
                contribution = upstream * rule(*args)     # a new array: never updated in place
                _scatter_add(grads, operand, contribution, repeats)
        return grads


def _scatter_add(grads: np.ndarray, rows: np.ndarray, contribution: np.ndarray,
                 repeats: bool) -> None:
    """grads[rows] += contribution, where a row listed twice gets both contributions.
    (`grads[rows] += c` alone would keep only one: NumPy buffers fancy-index updates.)"""
    contribution = np.broadcast_to(contribution, (len(rows), grads.shape[1]))
    if repeats:
        np.add.at(grads, rows, contribution)
    else:
        grads[rows] += contribution
