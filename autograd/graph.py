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
    nodes = reachable([root])
    nodes.sort(key=_creation_index, reverse=True)
    return nodes


def reachable(roots: List[Value]) -> List[Value]:
    """Every node the roots depend on, the roots included, once each, in no useful order: one
    breadth-first sweep, reading the operands from their slots (see Value.parents)."""
    seen = set(roots)
    nodes = list(dict.fromkeys(roots))
    for node in nodes:            # `nodes` grows while we walk it
        a = node._a
        if a is not None:
            if a not in seen:
                seen.add(a)
                nodes.append(a)
            b = node._b
            if b is not None and b not in seen:
                seen.add(b)
                nodes.append(b)
    return nodes


def node_names(order: List[Value]) -> Dict[Value, str]:
    """One name per node, used by every picture and table, so that no two nodes look alike.

    A labelled node is called by its label; a label that several nodes share is told apart by
    a suffix on its second and later uses (x, x#2, x#3), parents first. A constant is called by
    its number. Every other node gets the next of v0, v1, ..., counted over unlabelled nodes in
    topological order (parents first), skipping any name that is a label in the graph: a node
    the user called v1 is the only v1."""
    taken = {node.label for node in order if node.label}
    names: Dict[Value, str] = {}
    uses: Dict[str, int] = {}
    counter = 0

    def free(name: str) -> str:
        taken.add(name)
        return name

    for node in reversed(order):
        if node.label:
            uses[node.label] = uses.get(node.label, 0) + 1
            if uses[node.label] == 1:
                names[node] = node.label
                continue
            while f"{node.label}#{uses[node.label]}" in taken:
                uses[node.label] += 1
            names[node] = free(f"{node.label}#{uses[node.label]}")
        elif node._op is CONSTANT:
            names[node] = f"{node.data:g}"
        else:
            while f"v{counter}" in taken:
                counter += 1
            names[node] = free(f"v{counter}")
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
