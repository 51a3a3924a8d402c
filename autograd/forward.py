"""Forward mode: tangents pushed through a graph from its inputs, by the op table's rules.

Reverse mode (backward.py) asks how the root changes with every node, one sweep from the
root down. Forward mode asks how every node changes as the inputs move in one direction: each
input is given a tangent (how fast it moves), and each node, in creation order, gets the sum
over its operands of d(node)/d(operand) * the operand's tangent. Those local derivatives are
the ones backward uses, the rules declared in ops.py: no second table.

The conventions are backward's, mirrored: a constant carries no tangent; a zero tangent in
gives nothing out, as a zero gradient does in reverse; a zero local derivative passes nothing,
whatever tangent arrives. In both directions a zero factor gives zero, so the two sweeps multiply
the same factors and give the same number, 0 * inf included (docs/reference/edges.md lists what
is left: a sum that cancels to exactly 0 before an infinite factor).
"""

from typing import Dict, Iterable, Tuple

from .graph import creation_order
from .ops import CONSTANT


def push_tangents(outputs: Iterable, seeds: Dict[object, float]) -> Tuple[dict, int]:
    """(d(node) along the seeds for every node the outputs depend on, and how many
    multiply-adds that took). `seeds` maps input Values to their tangents; a node left out
    of the result has tangent 0. Floats; the graph is not changed."""
    tangent: dict = {}
    work = 0
    for node in creation_order(*outputs):
        if node in seeds:
            tangent[node] = seeds[node]
            continue
        rules = node.operation.derivatives
        if not rules:
            continue
        parents = node.parents
        args = (*(p.data for p in parents), node.data)
        total = None
        for parent, rule in zip(parents, rules):
            t = tangent.get(parent)
            if not t or parent.operation is CONSTANT:      # a zero tangent gives nothing
                continue
            local = rule(*args)
            if not local:                                  # nor does a zero local derivative
                continue
            total = t * local if total is None else total + t * local
            work += 1
        if total is not None:
            tangent[node] = total
    return tangent, work
