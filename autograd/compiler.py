"""The batch compiler: trace a scalar graph once, then run it on a whole batch with NumPy.

    program = compile(lambda x, t: mse_loss(model(x), t), n_inputs=2,
                      params=model.parameters(), n_targets=1)
    result = program(X, T)         # X: (B, 2), T: (B, 1)
    result.outputs                 # (B, number of outputs) array
    result.grads                   # d(output 0)/d(param), summed over the batch

The model stays made of scalar Values: the program reads the parameters' current `.data` on
every call (or takes them as one vector, `program(X, T, weights)`), so after an optimizer
step it sees the new weights. The passes, in order:

    trace        run fn on placeholder Values, at several points, to catch Python branches on
                 `.data` (one trace would silently freeze one side of such a branch)
    collect      number the nodes parents-first and sort out inputs, targets, parameters and
                 constants (any other leaf is an error: an input that was not declared)
    fuse_sums    turn chains of `+` (what Python's sum() builds) into one n-ary sum
    find_dense   recognise the sums of weight * input (+ bias) that share their inputs, a
                 layer of neurons, and run each such layer as one matrix product
    schedule     group the rest by topological level and op: each group is one NumPy call
                 over a (group, batch) array, forward and backward
    compact      keep only the rows something reads, numbered group by group, so the arrays
                 stay small and each group reads and writes slices (views, not copies)
    scalar_constants
                 pass an operand that is one constant for a whole group as that number

The result is a `Program` (`program.py`), which plans the run itself: the work arrays and the
views into them, where gradient must flow, which contributions are written rather than added.
Each op is run from its declaration in `ops.py`, whose forward and derivative rules evaluate on
arrays as well as on floats: there is no second copy of the math here.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from operator import attrgetter
from typing import Callable, Dict, List, Sequence, Tuple

import numpy as np

from . import ops
from .modes import no_grad
from .program import SUM, Dense, Group, Program, Result, Rows, _index
from .value import Value

__all__ = ["compile", "Program", "Result", "TraceError", "Dense", "Group", "SUM"]


_creation_index = attrgetter("_index")


class TraceError(ValueError):
    """The function cannot be compiled: its graph is not the same for every input."""


@dataclass
class Node:
    """A node of the compiled graph: an op and the rows of its operands in the value array."""
    row: int
    op: object                # an ops.Op, or SUM for a fused chain of +
    operands: Tuple[int, ...]


def compile(fn: Callable[[List[Value], List[Value]], object], n_inputs: int,
            params: Sequence[Value] = (), *, n_targets: int = 0) -> "Program":
    """Trace `fn(inputs, targets)` (lists of placeholder Values; it returns a Value or a list of
    Values, the first being the one differentiated) and compile it for batches."""
    params = list(params)
    if not all(isinstance(p, Value) for p in params):
        raise TypeError("compile: params must be Values (e.g. model.parameters())")
    for name, count in (("n_inputs", n_inputs), ("n_targets", n_targets)):
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            raise ValueError(f"compile: {name} must be an int >= 0, got {count!r}")
    order, outputs, inputs, targets = trace(fn, n_inputs, n_targets)
    nodes, rows = collect(order, outputs, inputs, targets, params)
    nodes = fuse_sums(nodes, rows)
    nodes = find_dense(nodes, rows)
    groups, rows = compact(schedule(nodes), rows)
    program = Program(scalar_constants(groups, rows), rows, params)
    check_elsewhere(fn, program, params, n_inputs, n_targets)
    return program


# Where fn is traced, and where the trace is checked: inputs and targets drawn from these
# ranges, the parameters scaled by a factor from the range given (up at one check point, down
# at the other) and moved by up to 0.01.
TRACE_POINT = (0.55, 0.95)
CHECK_POINTS = (((0.05, 0.45), (1.02, 1.1)), ((-0.95, -0.05), (0.9, 0.98)))


def trace(fn, n_inputs: int, n_targets: int):
    """Run fn once on placeholder Values (inputs and targets drawn from TRACE_POINT) and return
    its nodes parents-first, its outputs, inputs and targets."""
    rng = random.Random(0)
    inputs = [Value(rng.uniform(*TRACE_POINT), label=f"x{i}") for i in range(n_inputs)]
    targets = [Value(rng.uniform(*TRACE_POINT), label=f"t{i}") for i in range(n_targets)]
    outputs = _outputs(fn(inputs, targets))
    return _parents_first(outputs), outputs, inputs, targets


def check_elsewhere(fn, program: "Program", params: List[Value], n_inputs: int,
                    n_targets: int) -> None:
    """Run fn with the scalar engine at the CHECK_POINTS, with the parameters moved, and the
    program on the same numbers: the outputs must agree. They differ where fn branches in
    Python on the `.data` of an input, a target or a parameter (the trace froze one branch),
    or reads a parameter's `.data` into the graph as a constant (the program would go on using
    the value it had when traced). A point where fn itself is undefined (log of a negative
    input) is skipped. The one thing this cannot see: a branch whose sides agree at the trace
    point and at every check point."""
    rng = random.Random(1)
    original = [p.data for p in params]
    for (low, high), scale in CHECK_POINTS:
        x = [rng.uniform(low, high) for _ in range(n_inputs)]
        t = [rng.uniform(low, high) for _ in range(n_targets)]
        moved = [w * rng.uniform(*scale) + rng.uniform(-0.01, 0.01) for w in original]
        try:
            for p, w in zip(params, moved):
                p.data = w
            with no_grad():
                expected = [o.data for o in _outputs(fn([Value(v) for v in x],
                                                        [Value(v) for v in t]))]
        except ValueError:
            continue
        finally:
            for p, w in zip(params, original):
                p.data = w
        try:
            got = program(np.array([x]), np.array([t]) if n_targets else None,
                          np.array(moved)).outputs[0]
        except ValueError:          # a domain error the scalar engine did not meet
            got = np.full(len(expected), np.nan)
        if not np.allclose(got, expected, rtol=1e-7, atol=1e-9, equal_nan=True):
            raise TraceError(
                "compile: fn computes something other than its trace at other inputs or "
                "parameters: it branches in Python on a Value's .data (an `if` or a max() on "
                ".data of an input, a target or a parameter), or reads a parameter's .data as a "
                "number. Use ops instead (relu, abs, maximum) so the branch is in the graph, "
                "and the Values themselves rather than their .data")


def _outputs(result) -> List[Value]:
    outputs = [result] if isinstance(result, Value) else result
    if (not isinstance(outputs, (list, tuple)) or not outputs
            or not all(isinstance(o, Value) for o in outputs)):
        raise TypeError(f"compile: fn must return a Value or a list of Values, got "
                        f"{type(result).__name__}")
    return list(outputs)


def _parents_first(outputs: List[Value]) -> List[Value]:
    """Every node the outputs depend on, each after its operands: one sweep from all the
    outputs at once, then one sort by creation number."""
    seen = set(outputs)
    nodes = list(dict.fromkeys(outputs))
    for node in nodes:                # grows while we walk it
        a = node._a
        if a is not None:
            if a not in seen:
                seen.add(a)
                nodes.append(a)
            b = node._b
            if b is not None and b not in seen:
                seen.add(b)
                nodes.append(b)
    nodes.sort(key=_creation_index)
    return nodes


def collect(order, outputs, inputs, targets, params) -> Tuple[List[Node], Rows]:
    """Number the nodes (`order`: parents first); leaves become input, target, parameter or
    constant rows."""
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


def fuse_sums(nodes: List[Node], rows: Rows) -> List[Node]:
    """Fold each chain of `+` into one n-ary SUM: ((a + b) + c) + d becomes sum(a, b, c, d).
    An inner `+` is folded only when its one use is the next `+` (and it is not an output), so
    no value that anything else reads disappears. The 0 that Python's sum() starts from is
    dropped: adding it changes nothing, and without it the terms are more often one block."""
    keep = rows.outputs
    uses: Dict[int, int] = defaultdict(int)
    for node in nodes:
        for r in node.operands:
            uses[r] += 1
    by_row = {node.row: node for node in nodes}
    folded = set()

    def terms(operands) -> List[int]:
        """The chain's terms, left to right, unfolding inner + nodes with an explicit stack (a
        sum of 100,000 terms is a chain that deep)."""
        flat, pending = [], list(reversed(operands))
        while pending:
            r = pending.pop()
            inner = by_row.get(r)
            if inner is not None and inner.op is ops.ADD and uses[r] == 1 and r not in keep:
                folded.add(r)
                pending.extend(reversed(inner.operands))
            else:
                flat.append(r)
        return flat

    fused = []
    for node in reversed(nodes):            # consumers first, so a chain is folded from its end
        if node.row in folded:
            continue
        if node.op is ops.ADD:
            flat = terms(node.operands)
            nonzero = [t for t in flat if rows.constants.get(t) != 0.0]
            flat = nonzero if len(nonzero) >= 2 else flat
            node = Node(node.row, SUM if len(flat) > 2 else ops.ADD, tuple(flat))
        fused.append(node)
    return fused[::-1]


def find_dense(nodes: List[Node], rows: Rows) -> List[object]:
    """Replace each set of sums that multiply the same sources by weights (a layer of neurons:
    sum(w_ij * x_j) + b_i) with one Dense node. A product is absorbed only if the sum is its
    one use, so nothing else loses a value it reads."""
    param_of = {r: k for k, r in enumerate(rows.params) if r >= 0}
    uses: Dict[int, int] = defaultdict(int)
    for node in nodes:
        for r in node.operands:
            uses[r] += 1
    by_row = {node.row: node for node in nodes}
    layers: Dict[tuple, list] = defaultdict(list)
    for node in nodes:
        if node.op is SUM or node.op is ops.ADD:
            found = _weighted_sum(node, by_row, uses, param_of, rows.outputs)
            if found:
                sources, weights, bias = found
                layers[(sources, bias is None)].append((node, weights, bias))
    replaced, first = set(), {}
    for (sources, _), members in layers.items():
        dense = Dense(tuple(n.row for n, _, _ in members), sources,
                      np.array([w for _, w, _ in members]),
                      None if members[0][2] is None else np.array([b for _, _, b in members]))
        first[members[0][0].row] = dense
        for node, _, _ in members:
            replaced.add(node.row)
            replaced.update(t for t in node.operands if t not in param_of)
    result = []
    for node in nodes:
        if node.row in first:
            result.append(first[node.row])
        elif node.row not in replaced:
            result.append(node)
    return result


def _weighted_sum(node, by_row, uses, param_of, keep):
    """(sources, weight indices, bias index or None) if `node` sums weight * source products
    (and at most one bare parameter, the bias), else None."""
    sources, weights, bias = [], [], None
    for term in node.operands:
        if term in param_of and bias is None:
            bias = param_of[term]
            continue
        product = by_row.get(term)
        if product is None or product.op is not ops.MUL or uses[term] != 1 or term in keep:
            return None
        a, b = product.operands
        if a in param_of and b not in param_of:
            weight, source = a, b
        elif b in param_of and a not in param_of:
            weight, source = b, a
        else:
            return None
        sources.append(source)
        weights.append(param_of[weight])
    return (tuple(sources), weights, bias) if sources else None


def schedule(nodes: List[object]) -> List[object]:
    """Group the nodes by level (1 + the deepest operand) and op; groups run in level order.
    A Dense layer is a group of its own."""
    level: Dict[int, int] = {}
    buckets: Dict[tuple, list] = defaultdict(list)
    for node in nodes:
        reads = node.sources if isinstance(node, Dense) else node.operands
        depth = 1 + max((level.get(r, 0) for r in reads), default=0)
        if isinstance(node, Dense):
            level.update((r, depth) for r in node.rows)
            buckets[(depth, "dense", node.rows[0])].append(node)
        else:
            level[node.row] = depth
            buckets[(depth, node.op.name, len(node.operands))].append(node)
    groups = []
    for key, members in sorted(buckets.items(), key=lambda item: item[0][0]):
        if key[1] == "dense":
            groups.append(members[0])
            continue
        op, k = members[0].op, key[2]
        rows = np.array([m.row for m in members])
        if op is SUM:
            operands = (np.array([r for m in members for r in m.operands]),)
        else:
            operands = tuple(np.array([m.operands[i] for m in members]) for i in range(k))
        groups.append(Group(op, rows, operands, k))
    return groups


def compact(groups: List[object], rows: Rows) -> Tuple[List[object], Rows]:
    """Renumber the rows: leaves first, then each group's rows together, in the order the groups
    run, keeping only rows something writes or reads (a product absorbed into a layer, or a
    parameter only a layer uses, needs none). A group then writes a contiguous block, and reads
    its operands' blocks, as slices: NumPy views instead of copies."""
    read = set(rows.outputs)
    for g in groups:
        if isinstance(g, Dense):
            read.update(g.sources)
        else:
            for o in g.operands:
                read.update(o.tolist())
    leaves = [r for r in rows.inputs + rows.targets if r >= 0]
    leaves += [r for r in rows.params + list(rows.constants) if r in read]
    written = [r for g in groups for r in (g.rows if isinstance(g, Dense) else g.rows.tolist())]
    new: Dict[int, int] = {}
    for r in leaves + written:
        new.setdefault(r, len(new))

    def move(array):
        return _index([new[r] for r in array])

    moved = []
    for g in groups:
        if isinstance(g, Dense):
            moved.append(Dense(tuple(new[r] for r in g.rows), tuple(new[r] for r in g.sources),
                               g.weights, g.bias))
        else:
            moved.append(g._replace(rows=move(g.rows), operands=tuple(move(o) for o in g.operands)))
    return moved, Rows(len(new), [new.get(r, -1) for r in rows.inputs],
                       [new.get(r, -1) for r in rows.targets],
                       [new.get(r, -1) for r in rows.params],
                       {new[r]: c for r, c in rows.constants.items() if r in new},
                       [new[r] for r in rows.outputs])


def scalar_constants(groups: List[object], rows: Rows) -> List[object]:
    """In each op group, give an operand that is one and the same constant for every node as
    that number: NumPy then broadcasts it (and takes its fast paths, such as x ** 2.0), and
    backward skips it, as constants receive no gradient."""
    def scalar(index):
        listed = range(index.start, index.stop) if isinstance(index, slice) else index.tolist()
        found = {rows.constants.get(r) for r in listed}
        return found.pop() if len(found) == 1 and None not in found else index
    return [g if isinstance(g, Dense) or g.op is SUM
            else g._replace(operands=tuple(scalar(o) for o in g.operands)) for g in groups]
