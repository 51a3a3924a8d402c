"""Walking a graph: the order backward runs in, and stable names for printing."""

from operator import attrgetter
from typing import Dict, List

from .ops import CONSTANT
from .value import Value

_creation_index = attrgetter("_index")


def topological_order(root: Value) -> List[Value]:
    """Every node root depends on, root first, each node before all of its parents.

    No recursion, so a graph a million nodes deep is fine. An op's operands are always
    created before its result, so sorting by creation number, newest first, is a valid order:
    a node comes only after every node that uses it, which is what backward needs.
    """
    seen = {root}
    nodes = [root]
    for node in nodes:            # `nodes` grows while we walk it: a breadth-first sweep
        a = node._a               # the operands, read from their slots (see Value.parents)
        if a is not None:
            if a not in seen:
                seen.add(a)
                nodes.append(a)
            b = node._b
            if b is not None and b not in seen:
                seen.add(b)
                nodes.append(b)
    nodes.sort(key=_creation_index, reverse=True)
    return nodes


def node_names(order: List[Value]) -> Dict[Value, str]:
    """A short stable name per node: its label if it has one, the number for a constant,
    otherwise v0, v1, ... counted over unlabelled nodes in topological order (parents first)."""
    names = {}
    counter = 0
    for node in reversed(order):
        if node.label:
            names[node] = node.label
        elif node._op is CONSTANT:
            names[node] = f"{node.data:g}"
        else:
            names[node] = f"v{counter}"
            counter += 1
    return names


def path_to(root: Value, target: Value) -> List[Value]:
    """The nodes on every path from `target` up to `root` (both included), parents first: what
    to highlight to show how one weight reaches the loss. Empty if root does not use target."""
    order = topological_order(root)
    on_path = {target}
    for node in reversed(order):
        if any(parent in on_path for parent in node.parents):
            on_path.add(node)
    if root not in on_path:
        return []
    return [node for node in reversed(order) if node in on_path]
