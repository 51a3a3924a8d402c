"""The compiler's passes, in the order `compile` runs them (see the package docstring): each
takes the IR of `ir.py` and returns the next form of it."""

import random
from collections import Counter, defaultdict
from itertools import chain
from typing import Dict, List, Optional, Tuple

import numpy as np

from .. import ops
from ..functional import TraceError
from ..graph import creation_number, reachable
from ..value import Value
from .ir import DenseNode, Group, Node, OpGroup, OpNode, Rows, SumGroup, SumNode
from . import scalar
from .places import listed
from .program import Program


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
    outputs = scalar.as_list(fn(inputs, targets))
    return _parents_first(outputs), outputs, inputs, targets


def check_elsewhere(fn, program: "Program", params: List[Value], n_inputs: int,
                    n_targets: int) -> None:
    """Run fn with the scalar engine at the CHECK_POINTS, with the parameters moved, and the
    program on the same numbers: the outputs must agree. They differ where fn branches in
    Python on the `.data` of an input, a target or a parameter (the trace froze one branch),
    or reads a parameter's `.data` into the graph as a constant (the program would go on using
    the value it had when traced). A point where fn itself is undefined (log of a negative
    input) is skipped. The one thing this cannot see: a branch whose sides agree at the trace
    point and at every check point.

    fn         the function traced (inputs, targets) -> Value or list of Values
    program    the program compiled from its trace
    params     the parameters fn reads
    n_inputs   how many inputs fn takes
    n_targets  how many targets"""
    rng = np.random.RandomState(1)
    original = np.array([p.data for p in params], dtype=float)
    for (low, high), scale in CHECK_POINTS:
        x, t = rng.uniform(low, high, n_inputs), rng.uniform(low, high, n_targets)
        moved = original * rng.uniform(*scale, len(params)) + rng.uniform(-0.01, 0.01,
                                                                             len(params))
        expected = _scalar_outputs(fn, params, x, t, moved)
        if expected is None:        # fn is undefined there
            continue
        got = _program_outputs(program, x, t if n_targets else None, moved, len(expected))
        if not np.allclose(got, expected, rtol=1e-7, atol=1e-9, equal_nan=True):
            raise TraceError(
                "compile: fn computes something other than its trace at other inputs or "
                "parameters: it branches in Python on a Value's .data (an `if` or a max() on "
                ".data of an input, a target or a parameter), or reads a parameter's .data as a "
                "number. Use ops instead (relu, abs, maximum) so the branch is in the graph, "
                "and the Values themselves rather than their .data")


def _program_outputs(program: "Program", x: np.ndarray, t: Optional[np.ndarray],
                     weights: np.ndarray, count: int) -> np.ndarray:
    """The program's outputs for one sample, or nan where it meets a domain error.

    program  the compiled program
    x        one sample's inputs
    t        its targets (None for a program without)
    weights  the parameters' values
    count    how many outputs the program has"""
    try:
        return program(x[None, :], None if t is None else t[None, :], weights).outputs[0]
    except ValueError:          # a domain error the scalar engine did not meet
        return np.full(count, np.nan)


def _scalar_outputs(fn, params: List[Value], x: np.ndarray, t: np.ndarray, moved: np.ndarray):
    """fn's outputs by the scalar engine at inputs x, targets t and the parameters `moved`, or
    None where fn raises a domain error there.

    fn        the function traced
    params    the parameters it reads
    x         one sample's inputs
    t         its targets
    moved     the parameters' values to run at"""
    try:
        return [o.data for o in scalar.outputs(fn, params, x.tolist(), t.tolist(), moved)]
    except ValueError:
        return None


def _parents_first(outputs: List[Value]) -> List[Value]:
    """Every node the outputs depend on, each after its operands: one sweep from all the
    outputs at once, then one sort by creation number."""
    nodes = reachable(outputs)
    nodes.sort(key=creation_number)
    return nodes


def collect(order, outputs, inputs, targets, params) -> Tuple[List[OpNode], Rows]:
    """Number the nodes (`order`: parents first); leaves become input, target, parameter or
    constant rows.

    order    every node, parents first
    outputs  the traced outputs
    inputs   the placeholder inputs, in order
    targets  the placeholder targets, in order
    params   the declared parameters, in order"""
    row = {node: i for i, node in enumerate(order)}
    declared = set(inputs) | set(targets) | set(params)
    constant = ops.CONSTANT
    constants, nodes = {}, []
    make = OpNode._make                   # (a NamedTuple from one tuple: the fastest way)
    for i, node in enumerate(order):
        a, b = node.a, node.b           # the operands' slots (see Value.parents)
        if a is not None:
            nodes.append(make((i, node.operation, (row[a],) if b is None else (row[a], row[b]))))
        elif node.operation is constant:
            constants[i] = node.data
        elif node not in declared:
            raise _undeclared(node)
    return nodes, Rows(len(order), _rows_of(row, inputs), _rows_of(row, targets),
                       _rows_of(row, params), constants, [row[o] for o in outputs])


def _rows_of(row: Dict[Value, int], leaves: List[Value]) -> List[int]:
    """The leaves' rows (-1 for a leaf the graph does not use)."""
    return [row.get(leaf, -1) for leaf in leaves]


def _undeclared(node) -> ValueError:
    name = f"{node.label!r} " if node.label else ""
    return ValueError(f"compile: the graph uses a Value {name}(data {node.data!r}) that is "
                      "neither an input, a target nor one of params; declare it as a "
                      "parameter, or use a plain number if it is a constant")


def fuse_sums(nodes: List[OpNode], rows: Rows) -> List[Node]:
    """Fold each chain of `+` into one SumNode: ((a + b) + c) + d becomes sum(a, b, c, d).
    An inner `+` is folded only when its one use is the next `+` (and it is not an output), so
    no value that anything else reads disappears. The 0 that Python's sum() starts from is
    dropped: adding it changes nothing, and without it the terms are more often one block."""
    chains, ADD = _Chains(nodes, set(rows.outputs)), ops.ADD
    fused = []
    for node in reversed(nodes):            # consumers first, so a chain is folded from its end
        if node.row not in chains.folded:
            fused.append(_sum_node(node.row, chains.terms(node.operands), rows.constants)
                         if node.op is ADD else node)
    return fused[::-1]


class _Chains:
    """What fuse_sums asks of each +: the terms of the chain of + it ends."""

    def __init__(self, nodes: List[OpNode], keep: set) -> None:
        self.keep = keep
        self.uses = Counter(chain.from_iterable(node.operands for node in nodes))
        self.by_row = {node.row: node for node in nodes}
        self.folded: set = set()        # the inner + nodes folded so far

    def terms(self, operands) -> List[int]:
        """The chain's terms, left to right, unfolding inner + nodes with an explicit stack (a
        sum of 100,000 terms is a chain that deep). An inner node is unfolded where it is a +
        whose one use is the next + of the chain."""
        flat, pending = [], list(reversed(operands))
        by_row, uses, keep, folded, ADD = self.by_row, self.uses, self.keep, self.folded, ops.ADD
        while pending:
            r = pending.pop()
            inner = by_row.get(r)
            if inner is not None and inner.op is ADD and uses[r] == 1 and r not in keep:
                folded.add(r)
                pending.extend(reversed(inner.operands))
            else:
                flat.append(r)
        return flat


def _sum_node(row: int, terms: List[int], constants: Dict[int, float]) -> Node:
    """The sum of `terms` (less the constant zeros, while two terms remain)."""
    nonzero = [t for t in terms if constants.get(t) != 0.0]
    terms = nonzero if len(nonzero) >= 2 else terms
    return SumNode(row, tuple(terms)) if len(terms) > 2 else OpNode(row, ops.ADD, tuple(terms))


def find_dense(nodes: List[Node], rows: Rows) -> List[Node]:
    """Replace each set of sums that multiply the same sources by weights (a layer of neurons:
    sum(w_ij * x_j) + b_i) with one DenseNode. A product is absorbed only if the sum is its
    one use, so nothing else loses a value it reads."""
    param_of = {r: k for k, r in enumerate(rows.params) if r >= 0}
    first, replaced = {}, set()       # a layer's first sum -> the layer; what the layers absorb
    for (sources, _), members in _layers(nodes, param_of, rows).items():
        first[members[0][0].row] = _dense(sources, members)
        replaced.update(_absorbed(members, param_of))
    return [first.get(node.row, node) for node in nodes
            if node.row in first or node.row not in replaced]


def _absorbed(members: list, param_of: Dict[int, int]) -> set:
    """The rows a layer replaces: its sums, and the products they read."""
    rows = set()
    for node, _, _ in members:
        rows.add(node.row)
        rows.update(t for t in node.reads() if t not in param_of)
    return rows


def _layers(nodes: List[Node], param_of: Dict[int, int], rows: Rows) -> Dict[tuple, list]:
    """The weighted sums, by (sources, whether without a bias): [(node, weights, bias)...]."""
    found = _Sums(nodes, param_of, set(rows.outputs))
    layers: Dict[tuple, list] = defaultdict(list)
    for node in nodes:
        layer = found.weighted(node)
        if layer:
            sources, weights, bias = layer
            layers[(sources, bias is None)].append((node, weights, bias))
    return layers


def _dense(sources: tuple, members: list) -> DenseNode:
    """One DenseNode for the sums `members` ((node, weights, bias) each) of `sources`."""
    biases = None if members[0][2] is None else np.array([b for _, _, b in members])
    return DenseNode(tuple(n.row for n, _, _ in members), sources,
                     np.array([w for _, w, _ in members]), biases)


class _Sums:
    """What find_dense asks of each sum: whether it is a neuron's weighted sum."""

    def __init__(self, nodes: List[Node], param_of: Dict[int, int], keep: set) -> None:
        self.param_of, self.keep = param_of, keep
        self.uses = Counter(chain.from_iterable(node.reads() for node in nodes))
        self.by_row = {node.row: node for node in nodes}

    def weighted(self, node):
        """(sources, weight indices, bias index or None) if `node` is a sum of weight * source
        products (and at most one bare parameter, the bias), else None."""
        if type(node) is not SumNode and node.op is not ops.ADD:
            return None
        sources, weights, bias = [], [], None
        for term in node.reads():
            if term in self.param_of and bias is None:
                bias = self.param_of[term]
                continue
            pair = self._weight_times_source(term)
            if pair is None:
                return None
            weights.append(pair[0])
            sources.append(pair[1])
        return (tuple(sources), weights, bias) if sources else None

    def _weight_times_source(self, term: int):
        """(the weight's parameter index, the source row) if row `term` is a product of one
        parameter and one other row that nothing else reads, else None."""
        product = self.by_row.get(term)
        if (type(product) is not OpNode or product.op is not ops.MUL or self.uses[term] != 1
                or term in self.keep):
            return None
        a, b = product.operands
        if (a in self.param_of) == (b in self.param_of):
            return None
        weight, source = (a, b) if a in self.param_of else (b, a)
        return self.param_of[weight], source


def schedule(nodes: List[Node]) -> List[Group]:
    """Group the nodes by level (1 + the deepest operand) and kind (op and arity, or a sum's
    number of terms); groups run in level order. A DenseNode is a group of its own."""
    level: Dict[int, int] = {}
    buckets: Dict[tuple, list] = defaultdict(list)
    for node in nodes:
        depth = 1 + max((level.get(r, 0) for r in node.reads()), default=0)
        level.update((r, depth) for r in node.writes())
        buckets[(depth, *node.kind())].append(node)
    return [_group(key[1:], members)
            for key, members in sorted(buckets.items(), key=lambda item: item[0][0])]


def _group(kind: tuple, members: list) -> Group:
    """The group of `members`, nodes of one level and one kind."""
    return _GROUPS.get(kind[0], _op_group)(kind, members)


def _op_group(kind: tuple, members: List[OpNode]) -> OpGroup:
    return OpGroup(members[0].op, np.array([m.row for m in members]),
                   tuple(np.array([m.operands[i] for m in members]) for i in range(kind[1])))


def _sum_group(kind: tuple, members: List[SumNode]) -> SumGroup:
    return SumGroup(np.array([m.row for m in members]),
                    np.array([t for m in members for t in m.terms]), kind[1])


def _layer_group(kind: tuple, members: List[DenseNode]) -> DenseNode:
    return members[0]                  # a layer is a group of its own


_GROUPS = {"dense": _layer_group, "sum": _sum_group}


def compact(groups: List[Group], rows: Rows) -> Tuple[List[Group], Rows]:
    """Renumber the rows: leaves first, then each group's rows together, in the order the groups
    run, keeping only rows something writes or reads (a product absorbed into a layer, or a
    parameter only a layer uses, needs none). A group then writes a contiguous block, and reads
    its operands' blocks, as slices: NumPy views instead of copies."""
    new = _number_leaves(groups, rows)
    ones = _number_groups(groups, new)
    return [g.renumbered(new, ones) for g in groups], _renumbered_rows(rows, new, ones)


def _number_leaves(groups: List[Group], rows: Rows) -> Dict[int, int]:
    """Old row -> new row for the leaves something reads (and every input and target)."""
    read = set(rows.outputs).union(*(g.read_rows() for g in groups))
    leaves = [r for r in rows.inputs + rows.targets if r >= 0]
    leaves += [r for r in rows.params + list(rows.constants) if r in read]
    new: Dict[int, int] = {}
    for r in leaves:
        new.setdefault(r, len(new))
    return new


def _renumbered_rows(rows: Rows, new: Dict[int, int], ones: Dict[tuple, int]) -> Rows:
    """`rows` in the new numbers, with the ones rows as constants."""
    def renumbered(listed_rows):
        return [new.get(r, -1) for r in listed_rows]
    constants = {new[r]: c for r, c in rows.constants.items() if r in new}
    constants.update((row, 1.0) for row in ones.values())
    return Rows(len(new), renumbered(rows.inputs), renumbered(rows.targets),
                renumbered(rows.params), constants, [new[r] for r in rows.outputs])


def _number_groups(groups: List[Group], new: Dict[int, int]) -> Dict[Tuple[int, ...], int]:
    """Number each group's rows next, group by group, into `new`, with a ones row after the
    rows a layer with biases reads (returned: those rows -> its ones row).

    That is the bias trick (the tutorials' ones column): a layer with biases whose sources are
    the rows of one group, in order, gets a row of 1.0 right after them, so that its weights
    and biases, laid out side by side, act as one matrix: one product instead of a product and
    an addition forward, and instead of a product and a sum backward."""
    biased = {g.sources for g in groups if type(g) is DenseNode and g.bias is not None}
    ones: Dict[Tuple[int, ...], int] = {}
    for g in groups:
        block = tuple(listed(g.rows))
        for r in block:
            new.setdefault(r, len(new))
        if block in biased and block not in ones:
            ones[block] = len(new)
            new[-1 - len(ones)] = ones[block]          # a key no node has
    return ones


def scalar_constants(groups: List[Group], rows: Rows) -> List[Group]:
    """In each op group, give an operand that is one and the same constant for every node as
    that number: NumPy then broadcasts it (and takes its fast paths, such as x ** 2.0), and
    backward skips it, as constants receive no gradient."""
    def scalar(index):
        listed = range(index.start, index.stop) if isinstance(index, slice) else index.tolist()
        found = {rows.constants.get(r) for r in listed}
        return found.pop() if len(found) == 1 and None not in found else index
    return [g._replace(operands=tuple(scalar(o) for o in g.operands))
            if type(g) is OpGroup else g for g in groups]
