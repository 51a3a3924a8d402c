"""Drawing a graph with Graphviz: `draw_dot`."""

import graphviz

from .graph import node_names, topological_order
from .ops import CONSTANT
from .value import Value


def draw_dot(root: Value, rankdir: str = "LR", show_grad: bool = True):
    """A `graphviz.Digraph` of root's graph: one record per Value (label if any, data, grad),
    one small node per op, and edges operand -> op -> result.

    Node names come from the topological numbering (n0, n1, ...), so the same expression
    built twice gives the same DOT source. Rendering (`.render()`, `.pipe()`) needs the
    Graphviz `dot` program; `.source` does not.
    """
    if not isinstance(root, Value):
        raise TypeError(f"draw_dot needs a Value, got {type(root).__name__}")
    if rankdir not in ("LR", "TB", "RL", "BT"):
        raise ValueError(f"draw_dot: rankdir must be one of LR, TB, RL, BT, got {rankdir!r}")
    order = topological_order(root)
    names = node_names(order)
    ids = {node: f"n{i}" for i, node in enumerate(reversed(order))}
    dot = Graph(graph_attr={"rankdir": rankdir}, node_attr={"fontname": "Helvetica"})
    for node in reversed(order):
        fields = [names[node] if node.label or node._op is not CONSTANT else "const",
                  f"data {node.data:.4g}"]
        if show_grad:
            fields.append(f"grad {node.grad:.4g}")
        dot.node(ids[node], "{ " + " | ".join(_escape(f) for f in fields) + " }", shape="record")
        if node.parents:
            op_id = ids[node] + "_op"
            dot.node(op_id, _escape(node.op), shape="circle", width="0.3", fixedsize="false")
            for parent in node.parents:
                dot.edge(ids[parent], op_id)
            dot.edge(op_id, ids[node])
    return dot


class GraphvizMissing(graphviz.ExecutableNotFound):
    """Raised when drawing needs Graphviz's `dot` program and it is not installed. A subclass of
    graphviz's own error, so code that catches that still works; only the message is better."""

    _msg = ("Graphviz's {!r} program is not installed, so the graph cannot be drawn: install it "
            "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz; conda: conda "
            "install graphviz), or write the DOT source with .save() or .source, which need no "
            "program")


class Graph(graphviz.Digraph):
    """A graphviz.Digraph whose drawing methods say how to install Graphviz when it is missing."""

    def pipe(self, *args, **kwargs):
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizMissing(["dot"]) from None

    def render(self, *args, **kwargs):
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound:
            raise GraphvizMissing(["dot"]) from None


def _escape(text: str) -> str:
    """Escape the characters that mean something inside a Graphviz record label."""
    for ch in "\\{}|<>\"":
        text = text.replace(ch, "\\" + ch)
    return text
