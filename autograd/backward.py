"""The reverse-mode chain rule: `backward` and `grad`.

The algorithm is one loop, written twice. `propagate` visits the nodes root first, each after
every node that uses it, so when a node's turn comes its gradient is complete, and at each it
applies the chain rule (`pass_back`): upstream * d(node)/d(operand) to each operand, by the
op's declared derivative rules, with what passes where that product would be 0 * inf. `grad`,
`grad(create_graph=True)`, `pull_back` (several outputs at once), `explain` and
`detect_anomaly` run it.

`float_backward` is the same loop for `backward` on floats, with nothing recorded and no
anomaly checks: the loop float_pass.py writes from the op table, every rule inline, adding
straight into `.grad`. It is the engine's hot path (benchmarks/backward.py holds it to a
floor engine of the same design).

A pass sums gradients in a scratch slot on the nodes (`pending`), which is about twice as fast
as a dictionary, so one pass at a time may use it: passes hold `PASS_LOCK`, and passes from
several threads run one after another (each is correct; none waits long). No pass can start
another: the rules only do arithmetic.
"""

import math
import threading
from contextlib import contextmanager
from typing import Iterator, List, NamedTuple, Optional, Sequence, Union

from .elementary import data_of
from .float_pass import float_pass
from .graph import topological_order
from .modes import current_mode, rules_on_values
from .ops import CONSTANT
from .value import Number, Value, real, describe

PASS_LOCK = threading.Lock()


class Step(NamedTuple):
    """One application of the chain rule: `operand` receives `upstream * local` from `node`."""
    node: Value
    operand: Value
    local: float
    upstream: float
    contribution: float


def propagate(order: List[Value], seed, create_graph: bool,
               steps: Optional[List[Step]] = None) -> None:
    """Run the chain rule over `order` (from topological_order). Leaves in each node's `pending`
    d(root)/d(node) * seed, or None where nothing arrived (constants). With create_graph the
    rules are evaluated on the Values themselves, so the gradients are differentiable graphs.
    The caller holds PASS_LOCK and clears the scratch slots (`_clear`) however the pass ends.
    """
    check = current_mode().anomaly
    order[0].pending = seed
    for node in order:
        if node.operation.derivatives:
            pass_back(node, create_graph, steps, check)


def pass_back(node: Value, create_graph: bool = False, steps: Optional[List[Step]] = None,
               check: bool = False) -> None:
    """The chain rule at one node: add upstream * d(node)/d(operand) to each operand's `pending`.

    One convention decides what IEEE arithmetic alone would leave as 0 * inf = nan: in the
    chain rule a zero factor gives zero, whatever the other factor (inf and nan included).
    - a node whose gradient is 0 passes 0 to its operands, even where a local derivative is
      infinite (d(0 * log y)/dy is 0 at y = 1e-320): on floats, 0 is exactly what arrives.
      With create_graph it passes the product itself, whose own derivatives need not be 0;
    - a local derivative that is 0 passes nothing, whatever arrives (d sqrt(0 * x)/dx is 0):
      on floats for every op; with create_graph for masks only (an op declared masks=True:
      relu, maximum), whose 0 is 0 nearby too (sqrt(relu(x)) at x = -1 has gradient 0, as in
      PyTorch). Forward mode (forward.py) multiplies the same factors from the other end with
      the same rule, so both directions give the same number.
    """
    upstream = node.pending
    if upstream is None:           # nothing arrived (every path to it closed by a mask): 0
        if create_graph:
            return
        upstream = 0.0
    zero = not create_graph and upstream == 0.0
    zeros_close = node.operation.masks or not create_graph
    args = _rule_arguments(node, create_graph)
    for parent, rule in zip(node.parents, node.operation.derivatives):
        if parent.operation is CONSTANT:
            continue
        local = rule(*args)
        closed = zeros_close and data_of(local) == 0.0
        contribution = 0.0 if zero or closed else upstream * local
        if steps is not None or check:
            _note(Step(node, parent, local, upstream, contribution), steps, check and not closed)
        if not closed:
            _add(parent, contribution)


def _note(step: Step, steps: Optional[List[Step]], check: bool) -> None:
    """Record the step (when asked for the steps), and with `check` raise detect_anomaly's
    error where its contribution is not finite."""
    if steps is not None:
        steps.append(step)
    if check and not math.isfinite(data_of(step.contribution)):
        _raise_anomaly(step)


def _rule_arguments(node: Value, create_graph: bool) -> tuple:
    """What the op's derivative rules take: the operands and the result, as Values with
    create_graph (so the rules build graphs), else their floats."""
    parents = node.parents
    if create_graph:
        return (*parents, node)
    return (*(p.data for p in parents), node.data)


def _add(node: Value, contribution) -> None:
    """Add a contribution to what has arrived at `node` (None: nothing yet)."""
    total = node.pending
    node.pending = contribution if total is None else total + contribution


def float_backward(order: List[Value], seed: float) -> None:
    """backward on floats: the loop float_pass.py writes from the op table, adding straight
    into `.grad`. That is exact (the same bits as summing the pass's contributions aside and
    adding the total, as `propagate` does) for every node whose `.grad` starts at 0. So the
    nodes that need otherwise are set aside first, their `.grad` kept in `pending`: a node
    that starts elsewhere (a second backward without zero_grad) is given its value plus the
    pass's total after, and a constant (which the loop lets receive, to spare it a check on
    every operand) its own value back. If the pass fails (an op defined by a learner whose
    rule raises), every `.grad` is put back as it was (a -0.0 as 0.0). The caller holds
    PASS_LOCK."""
    aside = [node for node in order if node.grad or node.operation is CONSTANT]
    for node in aside:
        node.pending = node.grad
        node.grad = 0.0
    try:
        order[0].grad += seed
        float_pass(order)
    except BaseException:
        for node in order:                  # those set aside are given back below
            node.grad = 0.0
        raise
    finally:
        for node in aside:
            node.grad = node.pending if node.operation is CONSTANT \
                else node.pending + node.grad
            node.pending = None


def _checked_inputs(inputs: Sequence[Value]) -> List[Value]:
    """grad's inputs as a list, each a Value that is not a constant an op wrapped."""
    if isinstance(inputs, Value):
        raise TypeError("grad: inputs must be a list of Values, got a single Value (wrap it: [x])")
    inputs = list(inputs)
    for i, x in enumerate(inputs):
        if not isinstance(x, Value):
            raise TypeError(f"grad: inputs[{i}] must be a Value, got {type(x).__name__}")
        if x.operation is CONSTANT:
            raise ValueError(f"grad: inputs[{i}] is the constant {x.data!r} that an op wrapped; "
                             f"constants are not differentiated (make it a Value to do so)")
    return inputs


def _clear(order: List[Value]) -> None:
    for node in order:
        node.pending = None


@contextmanager
def one_pass(order: List[Value]) -> Iterator[None]:
    """Hold PASS_LOCK while a pass uses the scratch slots of `order`, and clear them after,
    however the pass ends."""
    with PASS_LOCK:
        try:
            yield
        finally:
            _clear(order)


def _raise_anomaly(step: Step) -> None:
    """detect_anomaly's error: which op gave a gradient that is not finite, and from what."""
    node, parent = step.node, step.operand
    operands = ", ".join(describe(p) for p in node.parents)
    raise FloatingPointError(
        f"backward through op {node.op!r} gave gradient {data_of(step.contribution)} for "
        f"operand {node.parents.index(parent)} ({describe(parent)}): local derivative "
        f"{data_of(step.local)} * upstream {data_of(step.upstream)}; operands ({operands})")


def backward(root: Value, grad: Number = 1.0) -> None:
    """Add d(root)/d(node) * grad to `.grad` of every node root depends on, root included."""
    if not isinstance(root, Value):
        raise TypeError(f"backward needs a Value, got {type(root).__name__}")
    seed = real(grad, "backward grad")
    order = topological_order(root)
    with PASS_LOCK:
        try:
            if not current_mode().anomaly:
                float_backward(order, seed)
                return
            propagate(order, seed, create_graph=False)
            for node in order:                  # only once every gradient is known
                total = node.pending
                if total is not None:
                    node.grad += total
                    node.pending = None          # clearing as we go: no second pass
        except BaseException:
            _clear(order)
            raise


def grad(output: Value, inputs: Sequence[Value],
         create_graph: bool = False) -> List[Union[float, Value]]:
    """d(output)/d(input) for each input, touching no `.grad`.

    Floats by default. With create_graph=True, Values that are graphs themselves, so that
    `grad` can be applied to them again (second and higher derivatives); they are recorded
    even inside `no_grad()`, and follow IEEE arithmetic like the float pass (d sqrt(x)/dx at 0
    is inf, not an error). An input that output does not depend on gets 0.0.
    """
    if not isinstance(output, Value):
        raise TypeError(f"grad: output must be a Value, got {type(output).__name__}")
    inputs = _checked_inputs(inputs)
    if not create_graph:
        return pull_back([output], [1.0], inputs)
    order = topological_order(output)
    with one_pass(order):
        with rules_on_values():
            propagate(order, 1.0, create_graph=True)
        totals = [0.0 if x.pending is None else x.pending for x in inputs]
    return [t if isinstance(t, Value) else Value(t) for t in totals]


def pull_back(outputs: Sequence[Value], seeds: Sequence[float], inputs: Sequence[Value],
              steps: Optional[List[Step]] = None) -> List[float]:
    """One reverse sweep from several outputs at once: sum over k of seeds[k] *
    d(outputs[k])/d(input), for each input (what vjp's pullback gives; grad is one output
    seeded with 1). Floats; touches no `.grad`.

    outputs  the Values seeded
    seeds    their gradients (cotangents)
    inputs   the Values whose gradients are returned (as grad checks them)
    steps    a list to append each application of the chain rule to, or None"""
    order = topological_order(*outputs)
    with one_pass(order):
        for out, seed in zip(outputs, seeds):
            _add(out, seed)
        check = current_mode().anomaly
        for node in order:
            if node.operation.derivatives:
                pass_back(node, False, steps, check)
        return [0.0 if x.pending is None else 0.0 + x.pending for x in inputs]
