"""The NumPy backend: each group of a plan as a step that runs with NumPy.

A backend is what turns the plan's groups (`ir.py`) into code that runs. This one makes, for
each group, a step object with
    bind(work, code) -> (forward, backward): the statements that run the group's passes on
                       one workspace's arrays, naming the views they need (made once, at
                       bind time) in `code` (numpy_code.py: the workspace makes one function
                       of all the steps' statements for each pass)
    places()        -> where its backward pass sends gradient (for plan.plan_writes)
    runs_backward   whether it has a backward pass to run at all
    backward_exactly(work)
                    its backward pass again with the scalar engine's conventions (exact.py)
`step_for(group, ...)` picks the step for a group: a layer's is `layer_step.DenseStep`, a
sum's and an op's are below. A second backend would implement the same.
"""

from typing import List, Set

import numpy as np

from . import exact, numpy_code
from .ir import DenseNode, OpGroup, SumGroup
from .layer_step import DenseStep
from .places import Bound, Fixed, Place, any_needed, count


def step_for(group, needed: Set[int], size: int, reads_inputs: bool):
    """The step that runs `group`: a layer, a group of sums or a group of one op."""
    if type(group) is DenseNode:
        return DenseStep(group, needed, size, reads_inputs)
    if type(group) is SumGroup:
        return SumStep(group, needed)
    return OpStep(group, needed)


class SumStep:
    """n-ary sums, k terms each: a reshape and a sum forward; backward every term receives the
    upstream gradient as it is (the local derivative of a sum is 1)."""

    def __init__(self, group: SumGroup, needed: Set[int]) -> None:
        self.rows, self.terms = Place(group.rows), Place(group.terms)
        self.shape = (count(group.rows), group.count, -1)
        self.runs_backward = any_needed(needed, group.rows) and any_needed(needed, self.terms.index)

    def describe(self) -> str:
        many = numpy_code.many
        return f"{many(count(self.rows.index), 'sum')} of {many(self.shape[1], 'term')}"

    def places(self) -> list:
        return [self.terms]

    def backward_exactly(self, work) -> None:
        exact.sum_step(self, work)

    def bind(self, work, code):
        out, upstream = self.rows.bind(work.values), self.rows.bind(work.grads)
        terms, term_grads = self.terms.bind(work.values), self.terms.bind(work.grads)
        shape, k = self.shape, self.shape[1]
        consecutive = isinstance(self.terms.index, slice)
        if consecutive and out.view is not None:     # terms seen as (nodes, k, batch): a view
            forward = [f"np.add.reduce({code.name(terms.view.reshape(shape), 'T')}, axis=1, "
                       f"out={code.name(out.view, 'V')})"]
        else:
            forward = code.call(lambda: out.fill(np.add.reduce, terms.get().reshape(shape),
                                                 axis=1))
        if consecutive and upstream.view is not None:
            dT = code.name(work.grads[self.terms.index].reshape(shape), "dT")
            G = code.name(upstream.view[:, None, :], "G")
            return forward, [f"{dT}[...] = {G}" if term_grads.first
                             else f"np.add({dT}, {G}, out={dT})"]

        def backward():
            term_grads.put(np.repeat(upstream.get(), k, axis=0))
        return forward, code.call(backward)


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

    def describe(self) -> str:
        return f"{self.op.name} on {numpy_code.many(count(self.rows.index), 'row')}"

    def places(self) -> list:
        return [operand for _, operand in self.rules]

    def backward_exactly(self, work) -> None:
        exact.op_step(self, work)

    def bind(self, work, code):
        forward_op = self.op.forward
        out, upstream = self.rows.bind(work.values), self.rows.bind(work.grads)
        reads = [Fixed(o) if isinstance(o, float) else o.bind(work.values)
                 for o in self.operands]
        rules = [(rule, operand.bind(work.grads)) for rule, operand in self.rules]
        undefined = self.undefined
        views = [r.value if isinstance(r, Fixed) else r.view for r in reads]
        if out.view is not None and upstream.view is not None and \
                all(v is not None for v in views) and not all(type(r) is Fixed for r in reads):
            return self._write_views(code, tuple(views), out.view, upstream.view, rules)

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
        return code.call(forward), code.call(backward)

    def _write_views(self, code, args: tuple, out: np.ndarray, gradient: np.ndarray,
                     rules: list):
        """`bind` where every operand, the result and its gradient are views (or constants):
        the forward and each rule written as statements (numpy_code.py), or called where they
        cannot be.

        code      where the arrays are named
        args      each operand's view, or its constant
        out       the view of the rows the op writes
        gradient  the view of their gradient
        rules     (rule, the operand's gradient rows bound) for each operand that needs one"""
        names = [code.name(a, "c" if isinstance(a, float) else "V") for a in args]
        V = code.name(out, "V")
        forward = [numpy_code.forward_statement(self.op, V, names)
                   or f"{V}[...] = {code.name(self.op.forward, 'F')}({', '.join(names)})"]
        if self.undefined is not None:
            forward.insert(0, f"{code.name(self._checker(args), 'check')}()")
        G, backward = code.name(gradient, "G"), []
        for rule, operand_grads in rules:
            local = (numpy_code.rule_expression(
                rule, [a if isinstance(a, float) else n for a, n in zip(args, names)] + [V])
                or f"{code.name(rule, 'R')}({', '.join(names + [V])})")
            backward.extend(_passed(code, operand_grads, G, local))
        return forward, backward

    def _checker(self, args: tuple):
        """check(): raise the scalar engine's error where the op is undefined in the batch."""
        undefined = self.undefined

        def check():
            outside = undefined(*args)
            if outside.any():
                raise self._domain_error(outside, list(args))
        return check


def _passed(code, operand_grads: "Bound", G: str, local: str) -> List[str]:
    """The statements that send gradient G times `local` (an expression, or a number) to an
    operand's gradient rows: written into them where they are a view written first (the
    common case: the local derivative computed there, then times G), added where a view is
    added to, else through `put` and `receive`, which gather and scatter."""
    one = numpy_code.constant(local) == 1.0            # + and -: the gradient as it is
    view = operand_grads.view
    if view is not None:
        dV = code.name(view, "dV")
        if operand_grads.first:
            if one:
                return [f"{dV}[...] = {G}"]
            there = numpy_code.into(local, dV)
            return (there + [f"np.multiply({G}, {dV}, out={dV})"] if there
                    else [f"np.multiply({G}, {local}, out={dV})"])
        return [f"np.add({dV}, {G}, out={dV})" if one else
                f"np.add({dV}, np.multiply({G}, {local}), out={dV})"]
    put = code.name(operand_grads, "P")
    if one:
        return [f"{put}.put({G})"]
    return [f"{put}.receive(np.multiply, {G}, {local})"]


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

