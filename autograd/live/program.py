"""A graph as a straight-line program: what the page's engine (js/engine.js) runs.

    {"nodes": [{"name": "x", "kind": "leaf", "op": "", "operands": [], "data": 2.0},
               {"name": "#1", "kind": "op", "op": "*", "operands": [0, 1]}, ...]}

The nodes are the graph's, in creation order (every operand before its result), the root
last (with several roots, the newest node last); the names are the pictures'
(graph.node_names). Leaves and constants carry their data;
a number JSON cannot hold is written "Infinity", "-Infinity" or "NaN".
"""

import math
from typing import Dict, List

from ..graph import creation_order, node_names
from ..ops import CONSTANT
from ..value import Value


def program(root: Value, *more: Value) -> Dict[str, List[dict]]:
    """The graph of root (and `more` roots) as a straight-line program (see the module
    docstring)."""
    for r in (root, *more):
        if not isinstance(r, Value):
            raise TypeError(f"program needs a Value, got {type(r).__name__}")
    order = creation_order(root, *more)
    names = node_names(order[::-1])
    index = {node: i for i, node in enumerate(order)}
    return {"nodes": [_node(node, names[node], index) for node in order]}


def _node(node: Value, name: str, index: Dict[Value, int]) -> dict:
    parents = node.parents
    if parents:
        return {"name": name, "kind": "op", "op": node.operation.name,
                "operands": [index[p] for p in parents]}
    kind = "constant" if node.operation is CONSTANT else "leaf"
    return {"name": name, "kind": kind, "op": "", "operands": [], "data": json_number(node.data)}


def json_number(x: float):
    """x as JSON holds it: a number, or the string JavaScript's Number() reads back."""
    x = float(x)
    if math.isfinite(x):
        return x
    return "NaN" if math.isnan(x) else ("Infinity" if x > 0 else "-Infinity")
