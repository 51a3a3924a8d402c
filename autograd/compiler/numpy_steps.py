"""The NumPy backend: each group of a plan as a step that runs with NumPy.

A backend is what turns the plan's groups (`ir.py`) into code that runs. This one makes, for
each group, a step object with
    bind(work)      -> (forward, backward): functions that run the group on one workspace's
                       arrays, with every view they need made once, at bind time
    places()        -> where its backward pass sends gradient (for plan.plan_writes)
    runs_backward   whether it has a backward pass to run at all
    backward_exactly(work)
                    its backward pass again with the scalar engine's conventions (exact.py)
`step_for(group, ...)` picks the step for a group; a second backend implements the same.
"""

from typing import NamedTuple, Optional, Set

import numpy as np

from . import exact
from .into import forward_into
from .ir import DenseNode, OpGroup, SumGroup
from .places import Bound, Fixed, Inputs, Place, any_needed, as_index, count


def step_for(group, needed: Set[int], size: int, reads_inputs: bool):
    """The step that runs `group`: a layer, a group of sums or a group of one op."""
    if type(group) is DenseNode:
        return DenseStep(group, needed, size, reads_inputs)
    if type(group) is SumGroup:
        return SumStep(group, needed)
    return OpStep(group, needed)


class DenseStep:
    """A layer: one matrix product forward, two backward (one when its sources are inputs,
    which need no gradient)."""

    def __init__(self, layer: DenseNode, needed: Set[int], size: int,
                 reads_inputs: bool = False) -> None:
        self.rows, self.sources = Place(as_index(layer.rows)), Place(as_index(layer.sources))
        self.reads_inputs = reads_inputs     # its sources are X itself (see _load)
        self.weights = Place(layer.weights, params=size)
        self.bias = None if layer.bias is None else Place(layer.bias, params=size)
        self.runs_backward = any(r in needed for r in layer.rows)
        self.source_grads = any_needed(needed, self.sources.index)
        self.folded = self._fold(layer)

    def _fold(self, layer: DenseNode):
        """(rows of the sources and the ones row after them, the weights' window in the
        parameter vector, its (neurons, inputs + 1) shape) where the bias trick applies: a
        ones row follows the sources (see compact) and each neuron's bias follows its weights
        in the parameter vector, as nn lays them out. Then [W | b] @ [sources; 1] is one
        product, and so is its gradient [dW | db] = gradient @ [sources; 1].T. Else None."""
        block, index = self.weights.block, self.sources.index
        if (layer.ones is None or layer.bias is None or block is None or block[1] is None
                or not isinstance(index, slice) or index.stop != layer.ones):
            return None
        window, (n, stride), width = block
        if stride != width + 1 or not np.array_equal(
                layer.bias, window.start + stride * np.arange(n) + width):
            return None
        return slice(index.start, layer.ones + 1), window, (n, stride)

    def _bind_views(self, work, out: np.ndarray, sources, gradient,
                    dsources: Optional[np.ndarray]):
        """forward (and backward, where `gradient` is a view and every gradient is written
        into place, else None) where the result and the weights are views: the weights' views
        made by `point` (see program.Workspace), the rest once.

        work      the workspace whose arrays the functions run on
        out       the view of the rows the layer writes
        sources   the rows it reads: a view, or a Place to gather them
        gradient  the view of its rows' gradient (None where it is gathered)
        dsources  the view of its sources' gradient, where they need one"""
        matmul, add, reduce = np.matmul, np.add, np.add.reduce
        fixed = getattr(sources, "view", None)
        dW = self.weights.bind(work.param_grads).view
        db = None if self.bias is None else self.bias.bind(work.param_grads).view
        W = W_T = b = None

        def point(vector: np.ndarray) -> None:
            nonlocal W, W_T, b
            W = self.weights.view_of(vector)
            W_T = W.T
            b = None if self.bias is None else self.bias.view_of(vector)[:, None]
        point(work.weights)
        work.pointers.append(point)

        def forward():
            matmul(W, fixed if fixed is not None else sources.get(), out=out)
            if b is not None:
                add(out, b, out=out)
        if gradient is None:
            return forward, None

        def backward():
            matmul(gradient, (fixed if fixed is not None else sources.get()).T, out=dW)
            if db is not None:
                reduce(gradient, axis=1, out=db)
            if dsources is not None:
                matmul(W_T, gradient, out=dsources)
        return forward, backward

    def places(self) -> list:
        """Where backward passes gradient, in order."""
        return [self.weights, self.bias] + [self.sources] * self.source_grads

    def backward_exactly(self, work) -> None:
        exact.dense_step(self, work)

    def _bind_folded(self, work, out: np.ndarray, gradient: np.ndarray,
                     dsources: Optional[np.ndarray]):
        """forward and backward with the bias trick (see _fold): one product each way, and
        one more backward for the sources' gradient."""
        rows, window, shape = self.folded
        with_ones = work.values[rows]                       # (inputs + 1, batch): a view
        dWb, matmul = work.param_grads[window].reshape(shape), np.matmul
        Wb = W_T = None

        def point(vector: np.ndarray) -> None:
            nonlocal Wb, W_T
            Wb = vector[window].reshape(shape)
            W_T = Wb[:, :-1].T
        point(work.weights)
        work.pointers.append(point)

        def forward():
            matmul(Wb, with_ones, out=out)

        def backward():
            matmul(gradient, with_ones.T, out=dWb)
            if dsources is not None:
                matmul(W_T, gradient, out=dsources)
        return forward, backward

    def bind(self, work):
        """forward and backward on `work`, by the quickest way its places allow: one product
        each way with the bias trick (`_bind_folded`) where every place is a view and the
        backward writes each first; views (`_bind_views`) for the forward, and for the backward
        where it writes into views first; else gathers and scatters (`_gathered`)."""
        p = _LayerPlaces(
            out=self.rows.bind(work.values), upstream=self.rows.bind(work.grads),
            W=self.weights.bind(work.weights), W_grads=self.weights.bind(work.param_grads),
            b=self.bias.bind(work.weights) if self.bias else None,
            b_grads=self.bias.bind(work.param_grads) if self.bias else None,
            sources=Inputs(work) if self.reads_inputs else self.sources.bind(work.values),
            source_grads=self.sources.bind(work.grads) if self.source_grads else None)
        views = _views(p.out, p.W, p.b)
        in_place = views and _views(p.upstream) and _first_views(p.W_grads, p.b_grads,
                                                                p.source_grads)
        dsources = p.source_grads.view if p.source_grads else None
        if in_place and self.folded is not None:
            return self._bind_folded(work, p.out.view, p.upstream.view, dsources)
        if in_place:
            return self._bind_views(work, p.out.view, p.sources, p.upstream.view, dsources)
        forward, backward = self._gathered(p)
        if views:
            forward, _ = self._bind_views(work, p.out.view, p.sources, None, dsources)
        work.copies_weights = True           # the gathers read the workspace's own vector
        return forward, backward

    @staticmethod
    def _gathered(p: "_LayerPlaces"):
        """forward and backward through get, fill and receive: for places that are not views."""
        def forward():
            p.out.fill(np.matmul, p.W.get(), p.sources.get())
            if p.b is not None:
                p.out.add(p.b.get()[:, None])

        def backward():
            gradient = p.upstream.get()
            p.W_grads.receive(np.matmul, gradient, p.sources.get().T)
            if p.b is not None:
                p.b_grads.receive(np.add.reduce, gradient, axis=1)
            if p.source_grads is not None:
                p.source_grads.receive(np.matmul, p.W.get().T, gradient)
        return forward, backward


class _LayerPlaces(NamedTuple):
    """A layer's places bound to one workspace (None where a layer has none)."""
    out: Bound
    upstream: Bound
    W: Bound
    W_grads: Bound
    b: Optional[Bound]
    b_grads: Optional[Bound]
    sources: object                  # a Bound, or Inputs (the batch, read in place)
    source_grads: Optional[Bound]


def _views(*places) -> bool:
    """Whether every place given (None: absent) is a view."""
    return all(p is None or p.view is not None for p in places)


def _first_views(*places) -> bool:
    """Whether every place given is a view that backward writes first."""
    return all(p is None or (p.view is not None and p.first) for p in places)


class SumStep:
    """n-ary sums, k terms each: a reshape and a sum forward; backward every term receives the
    upstream gradient as it is (the local derivative of a sum is 1)."""

    def __init__(self, group: SumGroup, needed: Set[int]) -> None:
        self.rows, self.terms = Place(group.rows), Place(group.terms)
        self.shape = (count(group.rows), group.count, -1)
        self.runs_backward = any_needed(needed, group.rows) and any_needed(needed, self.terms.index)

    def places(self) -> list:
        return [self.terms]

    def backward_exactly(self, work) -> None:
        exact.sum_step(self, work)

    def bind(self, work):
        out, upstream = self.rows.bind(work.values), self.rows.bind(work.grads)
        terms, term_grads = self.terms.bind(work.values), self.terms.bind(work.grads)
        shape, k = self.shape, self.shape[1]
        # consecutive terms: their gradient rows seen as (nodes, k, batch), one view
        block = work.grads[self.terms.index].reshape(shape) \
            if isinstance(self.terms.index, slice) else None

        def forward():
            out.fill(np.add.reduce, terms.get().reshape(shape), axis=1)

        def backward():
            gradient = upstream.get()
            if block is None:
                term_grads.put(np.repeat(gradient, k, axis=0))
            elif term_grads.first:
                block[...] = gradient[:, None, :]
            else:
                block[...] += gradient[:, None, :]
        return forward, backward


class OpStep:
    """An op from the table, applied to whole (group, batch) arrays: forward by its forward,
    backward by its derivative rules, one per operand that needs a gradient."""

    def __init__(self, group: OpGroup, needed: Set[int]) -> None:
        self.op, self.rows = group.op, Place(group.rows)
        # a constant operand (one float for the whole group) is passed as it is
        self.operands = [o if isinstance(o, float) else Place(o) for o in group.operands]
        # (rule, operand) for each operand position whose rows need a gradient; constants
        # receive none
        self.rules = [(rule, operand) for rule, operand in zip(group.op.derivatives,
                                                              self.operands)
                      if not isinstance(operand, float) and any_needed(needed, operand.index)]
        self.runs_backward = bool(self.rules) and any_needed(needed, group.rows)
        self.undefined = group.op.undefined if can_fail(group.op, group.operands) else None
        self.into = forward_into(group.op) or _copied(group.op.forward)

    def _domain_error(self, outside: np.ndarray, args: list) -> ValueError:
        """The scalar engine's error for the first sample (column) where the op is undefined."""
        shape = np.broadcast_shapes(*(np.shape(a) for a in args))    # (nodes, batch)
        outside = np.broadcast_to(outside, shape)
        sample = int(outside.any(axis=0).argmax())
        row = int(outside[:, sample].argmax())
        at = [float(np.broadcast_to(a, shape)[row, sample]) for a in args]
        shown = self.op.template.format(*(repr(x) for x in at))
        return ValueError(f"{self.op.name}: {shown} is undefined for sample {sample} of the "
                          f"batch: {self.op.reason(*at)}")

    def places(self) -> list:
        return [operand for _, operand in self.rules]

    def backward_exactly(self, work) -> None:
        exact.op_step(self, work)

    def bind(self, work):
        forward_op = self.op.forward
        out, upstream = self.rows.bind(work.values), self.rows.bind(work.grads)
        reads = [Fixed(o) if isinstance(o, float) else o.bind(work.values)
                 for o in self.operands]
        rules = [(rule, operand.bind(work.grads)) for rule, operand in self.rules]
        undefined = self.undefined
        views = [r.value if isinstance(r, Fixed) else r.view for r in reads]
        if out.view is not None and upstream.view is not None and \
                all(v is not None for v in views):
            return self._bind_views(tuple(views), out.view, upstream.view, rules)

        def forward():
            args = [r.get() for r in reads]
            if undefined is not None:
                outside = undefined(*args)
                if outside.any():
                    raise self._domain_error(outside, args)
            out.set(forward_op(*args))

        def backward():
            gradient = upstream.get()
            args = [r.get() for r in reads]
            args.append(out.get())
            for rule, operand_grads in rules:
                local = rule(*args)
                if type(local) is float and local == 1.0:     # + and -: pass it on as it is
                    operand_grads.put(gradient)
                else:
                    operand_grads.receive(np.multiply, gradient, local)
        return forward, backward

    def _bind_views(self, args: tuple, out: np.ndarray, gradient: np.ndarray, rules: list):
        """`bind` where every operand, the result and its gradient are views (or constants),
        fixed once bound: the functions then only compute, with no lookups per call (at batch
        1 those would cost as much as the arithmetic)."""
        into, undefined = self.into, self.undefined
        with_out = args + (out,)

        if undefined is None:
            def forward():
                into(out, *args)
        else:
            def forward():
                outside = undefined(*args)
                if outside.any():
                    raise self._domain_error(outside, list(args))
                into(out, *args)

        passes = [(rule, _passer(operand_grads, gradient)) for rule, operand_grads in rules]

        def backward():
            for rule, pass_on in passes:
                pass_on(rule(*with_out))
        return forward, backward


def _copied(forward):
    """into(out, *operands) for a forward with no form that computes into an array (into.py):
    its result copied into out."""
    def into(out, *operands):
        out[...] = forward(*operands)
    return into


def _passer(operand_grads: "Bound", gradient: np.ndarray):
    """pass_on(local): send gradient * local (local: the rule's array, or a float) to an
    operand's gradient rows, decided once at bind time where they are a view written first
    (the common case: a NumPy call and nothing else), else through `put` and `receive`."""
    view, multiply = operand_grads.view, np.multiply
    if view is not None and operand_grads.first:
        def pass_on(local):
            if type(local) is float and local == 1.0:        # + and -: the gradient as it is
                view[...] = gradient
            else:
                multiply(gradient, local, out=view)
        return pass_on

    def pass_on(local):
        if type(local) is float and local == 1.0:
            operand_grads.put(gradient)
        else:
            operand_grads.receive(multiply, gradient, local)
    return pass_on



# Operands that stand for all numbers as far as the ops' domains go: where none of these makes
# an op undefined next to a group's constant operand, nothing can (x ** 2.0, x / 4.0).
PROBES = np.array([-np.inf, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, np.inf, np.nan])


def can_fail(op, operands: tuple) -> bool:
    """Whether a group of `op` can meet a point outside its domain: not when a constant
    operand rules that out (an exponent of 2, a divisor of 4), which saves the check."""
    if op.undefined is None:
        return False
    if not any(isinstance(o, float) for o in operands):
        return True
    probes = [o if isinstance(o, float) else PROBES for o in operands]
    with np.errstate(all="ignore"):
        return bool(np.any(op.undefined(*probes)))

